//! Master-key rotation: the register gets a new master key, the database is encrypted
//! again under it (SQLCipher's `rekey`) and only the slots that should still open it
//! are wrapped anew — the password slot and the active recovery secrets. An earlier copy
//! of the key-slot file (in a backup, say) then opens nothing of the register as it is
//! now, and neither do the secrets only it held (a replaced share set's words).
//!
//! Two files change, so the change has one commit point. The new key-slot file is
//! written first, as `keyslots.next`; the database is then encrypted again in one SQLite
//! transaction (a rollback journal, whose pages stay under the old key, so a crash rolls
//! it back whole); then `keyslots.next` is renamed over `keyslots.bin`. Whoever opens
//! the register next finds one of three states, and [`settle_rotation`] settles it:
//! - no `keyslots.next`: nothing was under way;
//! - `keyslots.next`, and the database opens with `keyslots.bin`'s key: the rotation
//!   never committed; the stray file is removed;
//! - `keyslots.next`, and the database opens only with its key: the database was
//!   encrypted again but the rename did not happen; it happens now.
//!
//! Rotation needs the register to itself: leaving WAL mode for the rekey fails while
//! another program has the database open, and the rotation is then refused
//! ([`Error::InUse`]) before anything changed.

use std::path::Path;

use crate::database;
use crate::error::{Error, Result};
use crate::files::{sync_dir, write_atomically};
use crate::keys::MasterKey;
use crate::layout::{self, DATABASE_FILE, SLOTS_FILE, SLOTS_NEXT_FILE};
use crate::recovery::put_active_recovery_slots;
use crate::slots::{SlotFile, SlotKind};
use crate::vault::{Vault, open_password_slot, read_slots};

impl Vault {
    /// Runs `step` with the register to itself: the database leaves WAL mode first,
    /// which SQLite refuses ([`Error::InUse`], before `step` runs) while another
    /// program has it open; afterwards it is back in WAL mode. Steps that rotate the
    /// master key ([`Vault::rotate_master_key`]) run inside this.
    pub(crate) fn with_register_alone<T>(
        &mut self,
        step: impl FnOnce(&mut Vault) -> Result<T>,
    ) -> Result<T> {
        database::leave_wal(&self.conn)?;
        let outcome = step(self);
        let back_to_wal = database::enter_wal(&self.conn);
        let value = outcome?;
        back_to_wal?;
        Ok(value)
    }

    /// A new master key: the database encrypted again under it and a new key-slot file
    /// with the password slot and a slot per active recovery secret (see the module
    /// docs). Only inside [`Vault::with_register_alone`] (or with the database out of
    /// WAL mode otherwise, as in [`Vault::recover`]).
    pub(crate) fn rotate_master_key(&mut self) -> Result<()> {
        let current = read_slots(&self.dir)?;
        // Never carry over (and so bless) a file someone else changed.
        current.verify_mac(&self.master)?;
        let master = MasterKey::generate()?;
        let mut next = self.next_slot_file(&current, &master)?;
        let next_path = layout::path(&self.dir, SLOTS_NEXT_FILE);
        write_atomically(&next_path, &next.encode(&master)?)?;

        let database_path = layout::path(&self.dir, DATABASE_FILE);
        if let Err(error) = self.rekey(&database_path, &master) {
            // Whatever the file holds now, this connection's keys are in doubt: it is
            // opened again with the key that opens the file.
            return Err(self.reopen_after_failed_rekey(&database_path, &master, error));
        }
        // The database is under the new key from here on, whatever happens next.
        self.master = master;
        std::fs::rename(&next_path, layout::path(&self.dir, SLOTS_FILE))
            .map_err(|e| Error::io("putting the new key-slot file in place", e))?;
        sync_dir(&self.dir)
    }

    /// The new key-slot file: the password slot under the same password (the session's
    /// slot key, same salt and cost) and a slot for each active recovery secret, every
    /// one checked to open `master`.
    fn next_slot_file(&self, current: &SlotFile, master: &MasterKey) -> Result<SlotFile> {
        let mut next = SlotFile::new(current.register_id);
        for slot in current
            .slots
            .iter()
            .filter(|slot| slot.kind == SlotKind::Password)
        {
            match current.open_slot(slot, &self.password_slot_key) {
                Some(opened) if opened.as_bytes() == self.master.as_bytes() => {}
                _ => {
                    return Err(Error::Damaged(
                        "the password slot no longer opens with this session's password".into(),
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
        if open_password_slot(&next, &self.password_slot_key).is_none() {
            return Err(Error::Damaged(
                "the key-slot file has no password slot".into(),
            ));
        }
        put_active_recovery_slots(&self.conn, &mut next, master)?;
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

    /// After a failed rekey: removes `keyslots.next` if the file still opens with the
    /// old key (nothing changed), and opens the connection afresh.
    fn reopen_after_failed_rekey(
        &mut self,
        database_path: &Path,
        new_master: &MasterKey,
        error: Error,
    ) -> Error {
        let old_opens = database::key_opens(database_path, &self.master).unwrap_or(false);
        let key = if old_opens {
            let _ = std::fs::remove_file(layout::path(&self.dir, SLOTS_NEXT_FILE));
            self.master.clone()
        } else if database::key_opens(database_path, new_master).unwrap_or(false) {
            // The rekey reached the file after all; the next unlock finishes the rename.
            new_master.clone()
        } else {
            return error;
        };
        match database::open(database_path, &key, false) {
            Ok(conn) => {
                self.conn = conn;
                self.master = key;
                error
            }
            Err(reopen) => reopen,
        }
    }
}

/// Settles a rotation that a crash interrupted (see the module docs), before the
/// database is opened: returns the key-slot file in force and its master key.
/// `unwrap_next` opens `keyslots.next` with the same credential that opened `slots`.
pub(crate) fn settle_rotation(
    dir: &Path,
    slots: SlotFile,
    master: MasterKey,
    unwrap_next: impl FnOnce(&SlotFile) -> Option<MasterKey>,
) -> Result<(SlotFile, MasterKey)> {
    let next_path = layout::path(dir, SLOTS_NEXT_FILE);
    let next_bytes = match std::fs::read(&next_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((slots, master)),
        Err(e) => return Err(Error::io(format!("reading {}", next_path.display()), e)),
    };
    let database_path = layout::path(dir, DATABASE_FILE);
    if database::key_opens(&database_path, &master)? {
        // The rotation never committed.
        std::fs::remove_file(&next_path)
            .map_err(|e| Error::io(format!("removing {}", next_path.display()), e))?;
        return Ok((slots, master));
    }
    let next = SlotFile::decode(&next_bytes)?;
    let next_master = (next.register_id == slots.register_id)
        .then(|| unwrap_next(&next))
        .flatten()
        .ok_or_else(|| {
            Error::Damaged("the database does not open with the key-slot file's key".into())
        })?;
    next.verify_mac(&next_master)?;
    if !database::key_opens(&database_path, &next_master)? {
        return Err(Error::Damaged(
            "the database does not open with the key-slot file's key".into(),
        ));
    }
    std::fs::rename(&next_path, layout::path(dir, SLOTS_FILE))
        .map_err(|e| Error::io("putting the new key-slot file in place", e))?;
    sync_dir(dir)?;
    Ok((next, next_master))
}
