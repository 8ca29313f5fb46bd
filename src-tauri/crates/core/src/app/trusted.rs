//! The app's trusted-persons use cases: the Emergency Kit (once after creation, later
//! after password + code), share sets and the export (after password + code), a
//! register received from someone else (read-only, no login of one's own), and
//! "forgot password".
//!
//! Secrets cross to the screens only where the user must see them: the kit's words and
//! Secret Key in [`EmergencyKitView`]. Share words never do: the desktop shell renders
//! them straight into the sheets' PDFs from the [`ShareSet`] returned here.

use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Serialize;

use super::{App, AuthenticatorView, Door};
use crate::error::{Error, Result};
use crate::profiles::profile_dir;
use crate::reports::VisibilityFilter;
use crate::session::Session;
use crate::trusted::{
    EmergencyKit, ExportSummary, PreparedShareSet, ReceivedRegister, ShareSetInfo,
    recover_register, shares_in_image,
};
use levensregister_vault::Error as VaultError;

/// Proof that the password and a fresh code were given for the register open now
/// ([`App::confirm_sensitive`]); worthless once it locks.
#[derive(Debug)]
pub struct Confirmed {
    opened: u64,
}

/// The Emergency Kit on screen: shown once after creation, and on request after
/// password and a fresh code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EmergencyKitView {
    /// The register's name.
    pub register: String,
    /// The register's id.
    pub register_id: String,
    /// The Secret Key, as people read it.
    pub secret_key: String,
    /// The recovery phrase, word by word.
    pub words: Vec<String>,
}

impl EmergencyKitView {
    /// The kit as its screen shows it.
    pub fn new(kit: &EmergencyKit) -> EmergencyKitView {
        EmergencyKitView {
            register: kit.register.clone(),
            register_id: kit.register_id.clone(),
            secret_key: kit.secret_key.to_string(),
            words: kit.words.split(' ').map(str::to_owned).collect(),
        }
    }
}

/// What the trusted-persons screen shows: the current set and who could hold a share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrustedOverview {
    /// The current share set, if one was made.
    pub share_set: Option<ShareSetInfo>,
    /// The names in the register's "trusted persons" section, to choose holders from.
    pub persons: Vec<String>,
}

/// A register received from someone else, as its screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReceivedView {
    /// Whose register it is.
    pub register: String,
    /// When the copy was made.
    pub made: String,
    /// How many items it holds.
    pub items: usize,
    /// Which items it holds: `incapacity` or `death`.
    pub visibility: String,
}

/// After "forgot password": what the owner must now see (each only when it applies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecoveredView {
    /// The new authenticator to scan; its first code opens the register.
    pub authenticator: Option<AuthenticatorView>,
    /// A new Secret Key, when this computer did not know the old one (for a new kit).
    pub secret_key: Option<String>,
}

/// What an export file says about itself before any share is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReceivedFileView {
    /// Whose register it is.
    pub register: String,
    /// When the copy was made.
    pub made: String,
    /// Shares needed.
    pub threshold: u8,
    /// Shares in the set.
    pub count: u8,
    /// The share set's number.
    pub share_set: u16,
}

impl App {
    /// The Emergency Kit while its screen is open: right after creation (the wizard
    /// shows it without asking for the password and a code again, they were just
    /// given), or after [`App::open_emergency_kit`]. Saving it as PDF calls this again.
    pub fn emergency_kit(&mut self) -> Result<EmergencyKit> {
        if !self.kit_open {
            return Err(VaultError::Locked.into());
        }
        self.session()?.emergency_kit()
    }

    /// Opens the Emergency Kit's screen again, after password and a fresh code.
    pub fn open_emergency_kit(
        &mut self,
        password: &SecretString,
        code: &str,
    ) -> Result<EmergencyKit> {
        self.confirm(password, code)?;
        self.kit_open = true;
        self.emergency_kit()
    }

    /// The kit's screen was left: showing it again needs password and a code.
    pub fn close_emergency_kit(&mut self) {
        self.kit_open = false;
    }

    /// The current share set and the register's trusted persons.
    pub fn trusted_overview(&mut self) -> Result<TrustedOverview> {
        let session = self.session()?;
        let share_set = session.share_set()?;
        let persons = session
            .items(Some("trusted_persons"))?
            .into_iter()
            .filter(|item| item.item_type == "person")
            .filter_map(|item| item.fields.get("name").cloned())
            .collect();
        Ok(TrustedOverview { share_set, persons })
    }

    /// Password and a fresh code for a sensitive step that follows (a share set, an
    /// export): checked before the user is asked where to save, and good only for the
    /// register that is open now.
    pub fn confirm_sensitive(&mut self, password: &SecretString, code: &str) -> Result<Confirmed> {
        self.confirm(password, code)?;
        Ok(Confirmed {
            opened: self.opened,
        })
    }

    /// Splits a new share set (nothing changes yet; see [`App::commit_share_set`]).
    pub fn prepare_share_set(
        &mut self,
        confirmed: &Confirmed,
        holders: &[String],
        threshold: u8,
    ) -> Result<PreparedShareSet> {
        self.check(confirmed)?;
        self.session()?.prepare_share_set(holders, threshold)
    }

    /// Puts a prepared share set in force, once its sheets are written: the previous
    /// set's sheets stop working.
    pub fn commit_share_set(
        &mut self,
        confirmed: &Confirmed,
        prepared: &PreparedShareSet,
    ) -> Result<()> {
        self.check(confirmed)?;
        self.session()?.commit_share_set(prepared)
    }

    /// The trusted persons' export to `out`.
    pub fn export_for_trusted(
        &mut self,
        confirmed: &Confirmed,
        visibility: VisibilityFilter,
        out: &Path,
    ) -> Result<ExportSummary> {
        self.check(confirmed)?;
        self.session()?.export_for_trusted(visibility, out)
    }

    fn check(&self, confirmed: &Confirmed) -> Result<()> {
        if confirmed.opened != self.opened || !self.is_open() {
            return Err(VaultError::Locked.into());
        }
        Ok(())
    }

    /// What a received file is, before shares are typed.
    pub fn received_file(file: &Path) -> Result<ReceivedFileView> {
        let header = ReceivedRegister::header_of(file)?;
        Ok(ReceivedFileView {
            register: header.register,
            made: header.made,
            threshold: header.threshold,
            count: header.count,
            share_set: header.share_set,
        })
    }

    /// Opens a register received from someone else with typed shares and photos or
    /// scans of share QR codes. Locks the own register first: one register at a time.
    pub fn open_received(
        &mut self,
        file: &Path,
        typed: &[SecretString],
        images: &[PathBuf],
    ) -> Result<ReceivedView> {
        self.lock();
        let mut texts: Vec<String> = typed
            .iter()
            .map(|t| secrecy::ExposeSecret::expose_secret(t).to_owned())
            .filter(|t| !t.trim().is_empty())
            .collect();
        for image in images {
            texts.extend(shares_in_image(image)?);
        }
        let received = ReceivedRegister::open(file, &texts);
        for text in &mut texts {
            zeroize::Zeroize::zeroize(text);
        }
        let received = received?;
        let header = received.header();
        let view = ReceivedView {
            register: header.register.clone(),
            made: header.made.clone(),
            items: header.items,
            visibility: header.visibility.clone(),
        };
        self.received = Some(received);
        self.touch();
        Ok(view)
    }

    /// The received register that is open (counts as activity for auto-lock).
    pub fn received(&mut self) -> Result<&mut ReceivedRegister> {
        self.touch();
        self.received
            .as_mut()
            .ok_or_else(|| Error::Vault(VaultError::Locked))
    }

    /// "Forgot password": the kit's phrase or k shares open the register `profile_id`
    /// and set `new_password`. Without a new authenticator the register is open after
    /// this; with one, its QR is returned and the first code opens the register
    /// ([`App::confirm_enrolment`]).
    pub fn recover(
        &mut self,
        profile_id: &str,
        shares: &[SecretString],
        new_password: &SecretString,
        new_authenticator: bool,
    ) -> Result<RecoveredView> {
        self.lock();
        let dir = profile_dir(&self.root, profile_id)?;
        let texts: Vec<&str> = shares
            .iter()
            .map(secrecy::ExposeSecret::expose_secret)
            .collect();
        let recovery = recover_register(
            &dir,
            &texts,
            new_password,
            &self.keychain,
            new_authenticator,
        )?;
        let secret_key = recovery.new_secret_key.map(|key| key.display().to_string());
        match recovery.new_authenticator {
            Some(totp) => {
                let view = AuthenticatorView::new(&recovery.vault.profile().name, &totp)?;
                self.door = Door::Enrolling(recovery.vault);
                Ok(RecoveredView {
                    authenticator: Some(view),
                    secret_key,
                })
            }
            None => {
                self.door = Door::Open(Session::from_accepted(recovery.vault)?);
                self.opened += 1;
                self.touch();
                Ok(RecoveredView {
                    authenticator: None,
                    secret_key,
                })
            }
        }
    }

    /// Password and a fresh code, for a sensitive step on the open register.
    fn confirm(&mut self, password: &SecretString, code: &str) -> Result<()> {
        let keychain = self.keychain.clone();
        self.session()?.vault().confirm(password, code, &keychain)?;
        Ok(())
    }
}
