//! The use cases a front end calls: create a register, unlock it with password and
//! code, work in it, lock it. The CLI and the desktop app are thin layers over this.

use std::path::{Path, PathBuf};

use levensregister_vault::{Enrolment, KdfParams, Keychain, SecretKey, Vault, holds_register};
use secrecy::SecretString;

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::error::{Error, Result};
use crate::fields::normalize;
use crate::lang::Lang;
use crate::model::{Item, ItemChange, NewItem};
use crate::password::rate_password;
use crate::secret_warning::SecretWarning;
use crate::secret_warning::secret_warning;
use crate::store::{self, ChangeEntry, ExportDocument, ImportSummary, SectionStatus};

/// The folder that holds the registers of this machine's user, one sub-folder each.
pub fn default_registers_root() -> PathBuf {
    directories::ProjectDirs::from("nl", "Levensregister", "levensregister")
        .map(|dirs| dirs.data_dir().join("registers"))
        .unwrap_or_else(|| PathBuf::from("levensregister-registers"))
}

/// Creates a register in `dir` after checking the password rules. `kdf: None`
/// calibrates Argon2id to 0.5–1 s on this machine. The register opens only after
/// the first valid code ([`Session::complete_enrolment`]).
pub fn create_register(
    dir: &Path,
    name: &str,
    password: &SecretString,
    kdf: Option<KdfParams>,
    keychain: &Keychain,
) -> Result<(Vault, Enrolment)> {
    if holds_register(dir) {
        return Err(levensregister_vault::Error::AlreadyExists(dir.display().to_string()).into());
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::InvalidName);
    }
    let strength = rate_password(password, &[name, "levensregister"]);
    if !strength.acceptable() {
        return Err(Error::WeakPassword(strength.problems));
    }
    let kdf = match kdf {
        Some(chosen) => chosen,
        None => KdfParams::calibrate(KdfParams::CALIBRATION_TARGET)?,
    };
    Ok(Vault::create(dir, name, password, kdf, keychain)?)
}

/// A field value checked as the user types it: its stored form, or why it is refused,
/// and a warning when it looks like a password or PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckedValue {
    /// The value as it will be stored (`None` when empty or refused).
    pub value: Option<String>,
    /// Why the value is refused, in the user's language.
    pub error: Option<String>,
    /// The warning for a value that looks like a secret, in the user's language.
    pub warning: Option<String>,
}

/// Checks one field value without saving anything.
pub fn check_value(
    section: &str,
    item_type: &str,
    field: &str,
    raw: &str,
    lang: Lang,
) -> Result<CheckedValue> {
    let catalogue = Catalogue::builtin();
    let kind = catalogue
        .item_type(section, item_type)
        .ok_or_else(|| Error::UnknownItemType {
            section: section.to_string(),
            item_type: item_type.to_string(),
        })?;
    let field = kind.field(field).ok_or_else(|| Error::UnknownField {
        item_type: item_type.to_string(),
        field: field.to_string(),
    })?;
    Ok(match normalize(field, raw) {
        Ok(value) => CheckedValue {
            warning: value
                .as_deref()
                .and_then(|v| secret_warning(field, v))
                .map(|w| w.message(lang)),
            value,
            error: None,
        },
        Err(reason) => CheckedValue {
            value: None,
            error: Some(reason.message(lang)),
            warning: None,
        },
    })
}

/// An open register: password and a fresh code were accepted.
#[derive(Debug)]
pub struct Session {
    vault: Vault,
}

impl Session {
    /// Unlocks an enrolled register with password and code.
    pub fn unlock(
        dir: &Path,
        password: &SecretString,
        code: &str,
        keychain: &Keychain,
        typed_secret_key: Option<SecretKey>,
    ) -> Result<Session> {
        let vault = Vault::open(dir, password, keychain, typed_secret_key)?;
        Session::with_code(vault, code)
    }

    /// Second step of unlocking, after [`Vault::open`] accepted the password.
    pub fn with_code(mut vault: Vault, code: &str) -> Result<Session> {
        if !vault.is_enrolled()? {
            return Err(levensregister_vault::Error::NotEnrolled.into());
        }
        vault.accept_code(code)?;
        Session::ready(vault)
    }

    /// Completes enrolment with the first valid code (or simply unlocks when the
    /// register was enrolled before). Returns whether enrolment happened now.
    pub fn complete_enrolment(
        dir: &Path,
        password: &SecretString,
        code: &str,
        keychain: &Keychain,
        typed_secret_key: Option<SecretKey>,
    ) -> Result<(Session, bool)> {
        let mut vault = Vault::open(dir, password, keychain, typed_secret_key)?;
        let completed = vault.accept_code(code)?;
        Ok((Session::ready(vault)?, completed))
    }

    /// A session over a vault whose password and code were both accepted.
    pub fn from_accepted(vault: Vault) -> Result<Session> {
        Session::ready(vault)
    }

    fn ready(mut vault: Vault) -> Result<Session> {
        store::migrate(vault.connection()?)?;
        // A crash while a share set was made may have left the old recovery slot.
        vault.reconcile_recovery_slots()?;
        Ok(Session { vault })
    }

    /// The underlying vault (profile, TOTP secret, password change, confirmation).
    pub fn vault(&mut self) -> &mut Vault {
        &mut self.vault
    }

    /// Adds an item; returns it with warnings for values that look like secrets.
    pub fn add_item(&mut self, new: &NewItem) -> Result<(Item, Vec<SecretWarning>)> {
        store::add_item(self.vault.connection()?, new)
    }

    /// Changes an item.
    pub fn edit_item(
        &mut self,
        id: &str,
        change: &ItemChange,
    ) -> Result<(Item, Vec<SecretWarning>)> {
        store::edit_item(self.vault.connection()?, id, change)
    }

    /// Removes an item; returns what was removed.
    pub fn remove_item(&mut self, id: &str) -> Result<Item> {
        store::remove_item(self.vault.connection()?, id)
    }

    /// One item.
    pub fn item(&mut self, id: &str) -> Result<Item> {
        store::get_item(self.vault.connection()?, id)
    }

    /// All items, or those of one section.
    pub fn items(&mut self, section: Option<&str>) -> Result<Vec<Item>> {
        store::list_items(self.vault.connection()?, section)
    }

    /// Items with every word of `text` in some field (case and accents ignored).
    pub fn search(&mut self, text: &str) -> Result<Vec<Item>> {
        store::search(self.vault.connection()?, text)
    }

    /// The newest `limit` entries of the change log.
    pub fn change_log(&mut self, limit: usize) -> Result<Vec<ChangeEntry>> {
        store::change_log(self.vault.connection()?, limit)
    }

    /// Marks a section reviewed today.
    pub fn mark_reviewed(&mut self, section: &str) -> Result<()> {
        store::mark_reviewed(self.vault.connection()?, section, today())
    }

    /// Completeness and review state of every section.
    pub fn section_statuses(&mut self) -> Result<Vec<SectionStatus>> {
        store::section_statuses(self.vault.connection()?, today())
    }

    /// The whole register in the documented JSON exchange format.
    pub fn export(&mut self) -> Result<ExportDocument> {
        store::export_document(self.vault.connection()?)
    }

    /// Imports an exchange document: all or nothing.
    pub fn import(&mut self, json: &str) -> Result<ImportSummary> {
        store::import_document(self.vault.connection()?, json)
    }

    /// Replaces the password after checking the rules.
    pub fn change_password(
        &mut self,
        new_password: &SecretString,
        keychain: &Keychain,
    ) -> Result<()> {
        let name = self.vault.profile().name.clone();
        let strength = rate_password(new_password, &[&name, "levensregister"]);
        if !strength.acceptable() {
            return Err(Error::WeakPassword(strength.problems));
        }
        Ok(self.vault.change_password(new_password, keychain)?)
    }

    /// Deletes the register and its Secret Key on this machine.
    pub fn delete(self, keychain: &Keychain) -> Result<()> {
        Ok(self.vault.delete(keychain)?)
    }

    /// Locks: closes the database, zeroizes the keys.
    pub fn lock(self) {
        self.vault.lock();
    }
}

pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}
