//! Master-key rotation: the register gets a new master key, the database is encrypted
//! again under it (SQLCipher's `rekey`) and only the slots that should open it are
//! wrapped anew — the password slot (the same password, or a new one) and the active
//! recovery secrets. An earlier copy of the key-slot file (in a backup, say) then opens
//! nothing of the register as it is now, and neither do the secrets only it held (a
//! replaced share set's words, a changed password).
//!
//! Two files change, so the change has one commit point: the database taking the new
//! key. The new key-slot file is written first, as `keyslots.next`; the database is then
//! encrypted again in one SQLite transaction (a rollback journal whose pages stay under
//! the old key, so a crash rolls it back whole; `synchronous = EXTRA` so the commit
//! itself is durable); then `keyslots.next` is renamed over `keyslots.bin`. Whoever
//! opens the register next finds one of three states, and [`settle_rotation`] settles
//! it:
//! - no `keyslots.next`: nothing was under way;
//! - `keyslots.next`, and the database opens with `keyslots.bin`'s key: the rotation
//!   never committed; the stray file is removed;
//! - `keyslots.next`, and the database opens only with its key: the database was
//!   encrypted again but the rename did not happen; it happens now.
//!
//! Rotation needs the register to itself. The key lock (`.keyslots.lock`, held from
//! reading the key-slot file until the database is open, by every open and every
//! rotation) keeps other programs from opening the register meanwhile; leaving WAL mode
//! fails while another program already has the database open, and the rotation is then
//! refused ([`Error::InUse`]) before anything changed.

use std::fs::File;
use std::path::Path;

use rusqlite::Connection;
use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::database;
use crate::error::{Error, Result};
use crate::files::{lock_exclusively, sync_dir, write_atomically};
use crate::kdf::{KdfParams, password_slot_key};
use crate::keys::MasterKey;
use crate::layout::{self, DATABASE_FILE, SLOTS_FILE, SLOTS_LOCK_FILE, SLOTS_NEXT_FILE};
use crate::recovery::put_recovery_slots;
use crate::secret_key::SecretKey;
use crate::slots::{PasswordSlotParams, SlotFile, SlotKind};
use crate::vault::{PASSWORD_SLOT_ID, Vault, open_password_slot, read_slots};

/// What the rotated key-slot file brings into force, besides a new master key.
pub(crate) enum KeyChange<'a> {
    /// The same password and the active recovery secrets.
    Same,
    /// A new password (its slot only in the new file) and the active recovery secrets.
    NewPassword(&'a NewPasswordSlot),
    /// The same password, and a pending recovery secret in place of its purpose's
    /// active one (`secrets.rs`).
    PendingSecrets,
}

/// A password slot's parameters and key, derived (Argon2id) before any file changes.
pub(crate) struct NewPasswordSlot {
    pub(crate) params: Vec<u8>,
    pub(crate) key: Zeroizing<[u8; 32]>,
}

impl NewPasswordSlot {
    /// Derives the slot key for `password` with a fresh salt (Argon2id, the slow part),
    /// and checks that the parameters as the file will store them say the same.
    pub(crate) fn derive(
        password: &SecretString,
        secret_key: &SecretKey,
        kdf: KdfParams,
    ) -> Result<NewPasswordSlot> {
        let params = PasswordSlotParams::new(kdf)?;
        let key = password_slot_key(password, secret_key, &params.salt, kdf)?;
        let encoded = params.encode();
        let stored = PasswordSlotParams::decode(&encoded)?;
        if stored.salt != params.salt || stored.kdf != kdf {
            return Err(Error::Damaged(
                "the new password slot's parameters do not read back; nothing was changed".into(),
            ));
        }
        Ok(NewPasswordSlot {
            params: encoded,
            key,
        })
    }
}

/// Holds the register's key lock until dropped: no other program reads the key-slot
/// file to open the database, or changes either, meanwhile.
pub(crate) fn lock_keys(dir: &Path) -> Result<File> {
    lock_exclusively(&layout::path(dir, SLOTS_LOCK_FILE))
}

impl Vault {
    /// Runs `step` with the register to itself: under the key lock, with the database
    /// out of WAL mode, which SQLite refuses ([`Error::InUse`], before `step` runs)
    /// while another program has it open. Steps that rotate the master key
    /// ([`Vault::rotate_master_key`]) run inside this.
    pub(crate) fn with_register_alone<T>(
        &mut self,
        step: impl FnOnce(&mut Vault) -> Result<T>,
    ) -> Result<T> {
        let _keys = lock_keys(&self.dir)?;
        database::leave_wal(&self.conn)?;
        let outcome = step(self);
        // A rollback journal is as safe, only slower for readers; every open sets WAL
        // mode again, so a failure here must not turn a done step into an error.
        let _ = database::enter_wal(&self.conn);
        outcome
    }

    /// A new master key: the database encrypted again under it, and a new key-slot file
    /// with the password slot and a slot per recovery secret in force, as `change` says
    /// (see the module docs). Only with the register alone (inside
    /// [`Vault::with_register_alone`], or as [`Vault::recover`] does it).
    ///
    /// `Ok` once the database took the new key (the commit point), even when the rename
    /// is left to the next open. [`Error::Unsettled`] when it cannot be told whether it
    /// did (the next open decides). Any other error: it did not, nothing changed.
    pub(crate) fn rotate_master_key(&mut self, change: KeyChange<'_>) -> Result<()> {
        let next_path = layout::path(&self.dir, SLOTS_NEXT_FILE);
        if std::fs::symlink_metadata(&next_path).is_ok() {
            return Err(Error::Damaged(
                "an earlier change of keys is unfinished; lock the register and open it again"
                    .into(),
            ));
        }
        let current = read_slots(&self.dir)?;
        // Never carry over (and so bless) a file someone else changed.
        current.verify_mac(&self.master)?;
        let master = MasterKey::generate()?;
        let mut next = self.next_slot_file(&current, &master, &change)?;
        let next_bytes = Zeroizing::new(next.encode(&master)?);
        write_atomically(&next_path, &next_bytes)?;

        let database_path = layout::path(&self.dir, DATABASE_FILE);
        if let Err(error) = self.rekey(&database_path, &master) {
            self.settle_failed_rekey(&database_path, &master, error)?;
        }
        // The commit point has passed: the database is under the new key.
        self.master = master;
        if let KeyChange::NewPassword(new) = change {
            self.password_slot_key = new.key.clone();
        }
        // Should this fail, keyslots.next stays and the next open settles it.
        let _ = put_next_in_place(&self.dir, &next_bytes);
        Ok(())
    }

    /// The new key-slot file: the password slot (a new one, or the current one under
    /// the session's slot key, same salt and cost) and a slot for each active recovery
    /// secret, every one checked to open `master`.
    fn next_slot_file(
        &self,
        current: &SlotFile,
        master: &MasterKey,
        change: &KeyChange<'_>,
    ) -> Result<SlotFile> {
        let mut next = SlotFile::new(current.register_id);
        let password_key = match change {
            KeyChange::NewPassword(new) => {
                next.put_slot(
                    SlotKind::Password,
                    PASSWORD_SLOT_ID,
                    new.params.clone(),
                    &new.key,
                    master,
                )?;
                &new.key
            }
            KeyChange::Same | KeyChange::PendingSecrets => {
                for slot in current
                    .slots
                    .iter()
                    .filter(|slot| slot.kind == SlotKind::Password)
                {
                    match current.open_slot(slot, &self.password_slot_key) {
                        Some(opened) if opened.as_bytes() == self.master.as_bytes() => {}
                        _ => {
                            return Err(Error::Damaged(
                                "the password slot no longer opens with this session's password"
                                    .into(),
                            ));
                        }
                    }
                    next.put_slot(
                        SlotKind::Password,
                        slot.id,
                        slot.params.clone(),
                        &self.password_slot_key,
                        master,
                    )?;
                }
                &self.password_slot_key
            }
        };
        match open_password_slot(&next, password_key) {
            Some(opened) if opened.as_bytes() == master.as_bytes() => {}
            _ => {
                return Err(Error::Damaged(
                    "the new password slot did not open; nothing was changed".into(),
                ));
            }
        }
        let with_pending = matches!(change, KeyChange::PendingSecrets);
        put_recovery_slots(&self.conn, &mut next, master, with_pending)?;
        Ok(next)
    }

    /// Encrypts every page again under `master`'s database key, then checks the file
    /// opens with it from a new connection (SQLCipher does not report a failed commit).
    fn rekey(&mut self, database_path: &Path, master: &MasterKey) -> Result<()> {
        self.conn
            .key(
                None::<&str>,
                database::database_key_literal(master).as_bytes(),
                true,
            )
            .map_err(database::damage_or)?;
        if database::key_opens(database_path, master)? {
            Ok(())
        } else {
            Err(Error::Damaged(
                "the database did not take the new key; nothing was changed".into(),
            ))
        }
    }

    /// After a rekey that reported `error`: this connection's keys are in doubt (SQLCipher
    /// keeps the new write key after a failure), so it is closed and the file asked.
    /// Still under the old key: `keyslots.next` goes, the connection is opened again, and
    /// `error` returned. Under the new key after all: `Ok` (the rotation committed; the
    /// connection is opened again if it can be). Cannot tell: [`Error::Unsettled`], and
    /// the session stays without a database.
    fn settle_failed_rekey(
        &mut self,
        database_path: &Path,
        new_master: &MasterKey,
        error: Error,
    ) -> Result<()> {
        let unsettled = |why: String| Error::Unsettled(format!("{error}; {why}"));
        self.conn = Connection::open_in_memory()?;
        match database::key_opens(database_path, &self.master) {
            Ok(true) => {
                let _ = std::fs::remove_file(layout::path(&self.dir, SLOTS_NEXT_FILE));
                self.conn = database::open(database_path, &self.master, false)?;
                database::check_integrity(&self.conn)?;
                return Err(error);
            }
            Ok(false) => {}
            Err(why) => return Err(unsettled(why.to_string())),
        }
        match database::key_opens(database_path, new_master) {
            Ok(true) => {
                let reopened = database::open(database_path, new_master, false)
                    .and_then(|conn| database::check_integrity(&conn).map(|()| conn));
                if let Ok(conn) = reopened {
                    self.conn = conn;
                }
                Ok(())
            }
            Ok(false) => Err(unsettled("the database opens with neither key".into())),
            Err(why) => Err(unsettled(why.to_string())),
        }
    }
}

/// Unwraps the master key with a credential, settling first a rotation that a crash
/// interrupted (see the module docs); under the key lock, before the database is
/// opened. `unwrap` opens a key-slot file with the credential (a password, a recovery
/// secret) and returns the master key with anything else it derived. Returns the
/// key-slot file in force, its master key and what `unwrap` derived; `refused` when
/// the credential opens neither file, or only one whose key no longer opens the
/// database (an old password after a change, say).
pub(crate) fn unlock_keys<K>(
    dir: &Path,
    slots: SlotFile,
    mut unwrap: impl FnMut(&SlotFile) -> Result<Option<(MasterKey, K)>>,
    refused: fn() -> Error,
) -> Result<(SlotFile, MasterKey, K)> {
    let next_path = layout::path(dir, SLOTS_NEXT_FILE);
    let next_bytes = match std::fs::read(&next_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let (master, derived) = unwrap(&slots)?.ok_or_else(refused)?;
            slots.verify_mac(&master)?;
            return Ok((slots, master, derived));
        }
        Err(e) => return Err(Error::io(format!("reading {}", next_path.display()), e)),
    };
    let next = SlotFile::decode(&next_bytes)?;
    if next.register_id != slots.register_id {
        return Err(Error::Damaged(
            "the next key-slot file belongs to another register".into(),
        ));
    }
    // The file whose key opens the database is the one in force.
    let database_path = layout::path(dir, DATABASE_FILE);
    let credential_opened_bin = match unwrap(&slots)? {
        Some((master, derived)) => {
            slots.verify_mac(&master)?;
            if database::key_opens(&database_path, &master)? {
                // The rotation never committed.
                std::fs::remove_file(&next_path)
                    .map_err(|e| Error::io(format!("removing {}", next_path.display()), e))?;
                return Ok((slots, master, derived));
            }
            true
        }
        None => false,
    };
    let (master, derived) = unwrap(&next)?.ok_or_else(refused)?;
    next.verify_mac(&master)?;
    if !database::key_opens(&database_path, &master)? {
        if credential_opened_bin {
            return Err(Error::Damaged(
                "the database opens with neither key-slot file's key".into(),
            ));
        }
        // Only the next file opens, and the database is not under its key: the change
        // that would have brought this credential into force never committed.
        return Err(refused());
    }
    put_next_in_place(dir, &next_bytes)?;
    Ok((next, master, derived))
}

/// Makes `keyslots.next` (whose content is `next_bytes`) the key-slot file: a rename,
/// or, should that fail, a write of `keyslots.bin` from memory.
fn put_next_in_place(dir: &Path, next_bytes: &[u8]) -> Result<()> {
    let next_path = layout::path(dir, SLOTS_NEXT_FILE);
    let slots_path = layout::path(dir, SLOTS_FILE);
    if std::fs::rename(&next_path, &slots_path).is_err() {
        write_atomically(&slots_path, next_bytes)?;
        let _ = std::fs::remove_file(&next_path);
    }
    sync_dir(dir);
    Ok(())
}
