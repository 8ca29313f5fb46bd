//! "Forgot password": a recovery secret (the Emergency Kit's phrase, or k shares
//! combined) opens its recovery slot, and the register gets a new password slot; and a
//! new authenticator when the phone was lost. The slots and secrets themselves are
//! [`crate::recovery`]'s.

use std::path::Path;

use secrecy::SecretString;

use crate::backoff::AttemptLog;
use crate::database;
use crate::error::{Error, Result};
use crate::files::write_atomically;
use crate::kdf::KdfParams;
use crate::keychain::Keychain;
use crate::keys::MasterKey;
use crate::layout::{self, DATABASE_FILE, Profile, SLOTS_FILE};
use crate::recovery::{RecoverySecret, recovery_slots};
use crate::rotation::settle_rotation;
use crate::secret_key::SecretKey;
use crate::slots::{PasswordSlotParams, SlotFile, SlotKind};
use crate::state;
use crate::totp::TotpSecret;
use crate::vault::{Vault, put_password_slot, read_slots, unwrap_with_password};

impl Vault {
    /// "Forgot password": opens the register in `dir` with a recovery secret (from the
    /// Emergency Kit or k shares) and sets `new_password`. The old password stops
    /// working. The Secret Key stays the one in this machine's keychain; when the
    /// keychain has none, a new one is made and returned, to be written on a new kit.
    ///
    /// The register is then open without an authenticator code: the recovery secret is
    /// the stronger proof, and the phone may be the thing that was lost (see
    /// [`Vault::reset_authenticator`]).
    pub fn recover(
        dir: &Path,
        secret: &RecoverySecret,
        new_password: &SecretString,
        keychain: &Keychain,
    ) -> Result<(Vault, Option<SecretKey>)> {
        let profile = Profile::read(dir)?;
        let slots = read_slots(dir)?;
        if profile.id != data_encoding::HEXLOWER.encode(&slots.register_id) {
            return Err(Error::Damaged(
                "the profile and the key-slot file belong to different registers".into(),
            ));
        }
        let master = unwrap_with_recovery(&slots, secret)?;
        slots.verify_mac(&master)?;
        let (mut slots, master) = settle_rotation(dir, slots, master, |next| {
            unwrap_with_recovery(next, secret).ok()
        })?;
        let register_id = slots.register_id;
        let (secret_key, new_key) = match keychain.get(&register_id).ok().flatten() {
            Some(known) => (known, None),
            None => {
                let fresh = SecretKey::generate()?;
                (fresh.clone(), Some(fresh))
            }
        };
        let kdf = slots
            .slots
            .iter()
            .find(|slot| slot.kind == SlotKind::Password)
            .and_then(|slot| PasswordSlotParams::decode(&slot.params).ok())
            .map_or(KdfParams::FLOOR, |p| p.kdf);
        // The database is opened and every page checked before anything is written.
        let conn = database::open(&layout::path(dir, DATABASE_FILE), &master, false)?;
        if state::register_id(&conn)? != register_id {
            return Err(Error::Damaged(
                "the database belongs to another register".into(),
            ));
        }
        // The master key is rotated below, which needs the register alone: refused
        // here, before anything is written, while it is open elsewhere.
        database::leave_wal(&conn)?;
        slots.slots.retain(|slot| slot.kind != SlotKind::Password);
        let password_slot_key =
            put_password_slot(&mut slots, new_password, &secret_key, kdf, &master)?;
        match unwrap_with_password(&slots, new_password, &secret_key)? {
            Some((opened, _)) if opened.as_bytes() == master.as_bytes() => {}
            _ => {
                return Err(Error::Damaged(
                    "the new password slot did not open; nothing was changed".into(),
                ));
            }
        }
        if new_key.is_some() {
            keychain.put(&register_id, &secret_key)?;
        }
        write_atomically(&layout::path(dir, SLOTS_FILE), &slots.encode(&master)?)?;
        let attempts = AttemptLog::new(dir);
        attempts.succeed();
        let mut vault = Vault {
            dir: dir.to_path_buf(),
            profile,
            master,
            secret_key,
            password_slot_key,
            conn,
            attempts,
            code_accepted: true,
            timings: Default::default(),
        };
        // The new password works from here on. A new master key makes an earlier copy of
        // the key-slot file (with the forgotten, perhaps stolen, password) open nothing.
        let rotated = vault.rotate_master_key();
        database::enter_wal(&vault.conn)?;
        rotated?;
        Ok((vault, new_key))
    }

    /// A new authenticator (the phone was lost): a new TOTP secret, not enrolled until
    /// its first code is accepted. Until then the register does not open.
    pub fn reset_authenticator(&mut self) -> Result<TotpSecret> {
        let totp = TotpSecret::generate()?;
        state::reset_totp(&mut self.conn, &totp)?;
        self.code_accepted = false;
        Ok(totp)
    }
}

fn unwrap_with_recovery(slots: &SlotFile, secret: &RecoverySecret) -> Result<MasterKey> {
    let key = secret.slot_key(&slots.register_id);
    recovery_slots(slots)
        .find_map(|slot| slots.open_slot(slot, &key))
        .ok_or(Error::WrongRecoverySecret)
}
