//! "Forgot password": a recovery secret (the Emergency Kit's phrase, or k shares
//! combined) opens its recovery slot, and the register gets a new password slot; and a
//! new authenticator when the phone was lost. The slots and secrets themselves are
//! [`crate::recovery`]'s.

use std::path::Path;

use secrecy::SecretString;

use crate::backoff::AttemptLog;
use crate::database;
use crate::error::{Error, Result};
use crate::kdf::KdfParams;
use crate::keychain::Keychain;
use crate::keys::MasterKey;
use crate::layout::{self, DATABASE_FILE, Profile};
use crate::recovery::{RecoverySecret, recovery_slots};
use crate::rotation::{KeyChange, NewPasswordSlot, lock_keys, unlock_keys};
use crate::secret_key::SecretKey;
use crate::slots::{PasswordSlotParams, SlotFile, SlotKind};
use crate::state;
use crate::totp::TotpSecret;
use crate::vault::{Vault, read_slots};

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
        // Held to the end: the new password comes with a new master key.
        let _keys = lock_keys(dir)?;
        let slots = read_slots(dir)?;
        if profile.id != data_encoding::HEXLOWER.encode(&slots.register_id) {
            return Err(Error::Damaged(
                "the profile and the key-slot file belong to different registers".into(),
            ));
        }
        let (slots, master, ()) = unlock_keys(
            dir,
            slots,
            |file| Ok(unwrap_with_recovery(file, secret).map(|master| (master, ()))),
            || Error::WrongRecoverySecret,
        )?;
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
        database::check_integrity(&conn)?;
        if state::register_id(&conn)? != register_id {
            return Err(Error::Damaged(
                "the database belongs to another register".into(),
            ));
        }
        // Refused here, before anything is written, while the register is open elsewhere.
        database::leave_wal(&conn)?;
        let new = NewPasswordSlot::derive(new_password, &secret_key, kdf)?;
        let mut vault = Vault {
            dir: dir.to_path_buf(),
            profile,
            master,
            secret_key: secret_key.clone(),
            password_slot_key: new.key.clone(),
            conn,
            attempts: AttemptLog::new(dir),
            code_accepted: true,
            timings: Default::default(),
        };
        // One step: the new password slot exists only in the rotated key-slot file, so
        // the forgotten (perhaps stolen) password opens nothing from here on, not even
        // with an earlier copy of the file.
        vault.rotate_master_key(KeyChange::NewPassword(&new))?;
        // A rollback journal is as safe; every open sets WAL mode again.
        let _ = database::enter_wal(&vault.conn);
        if new_key.is_some() {
            // Best effort: the new key is returned for the new kit, and typed once it
            // opens the register with the password on this machine too.
            let _ = keychain.put(&register_id, &secret_key);
        }
        vault.attempts.succeed();
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

fn unwrap_with_recovery(slots: &SlotFile, secret: &RecoverySecret) -> Option<MasterKey> {
    let key = secret.slot_key(&slots.register_id);
    recovery_slots(slots).find_map(|slot| slots.open_slot(slot, &key))
}
