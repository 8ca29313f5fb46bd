//! Recovery slots: a 128-bit recovery secret unwraps the master key directly.
//!
//! Two recovery slots can exist beside the password slot: the owner's Emergency Kit
//! (a 1-of-1 recovery phrase) and the current share set for trusted persons (k of n
//! SLIP-39 shares; splitting is `levensregister-recovery`'s job, this module only sees
//! the secret). The secret is random and 128 bits strong, so no slow KDF is needed:
//! the slot key is HKDF-SHA256(secret, salt = register id).
//!
//! The active secrets are also kept inside the encrypted database (table
//! `vault_recovery`), so the Emergency Kit can be printed again and exports can be
//! keyed for the current share set. A new share set retires the old one: its slot is
//! replaced and its secret erased from the database; its identifier and dates stay so
//! the app can say "these shares belong to a set that was replaced".
//!
//! Setting a secret rotates the master key (`rotation.rs`): the database records the
//! secret in one transaction, then the key-slot file is rebuilt under a new master key
//! with a slot per active secret. A crash between the two leaves a key-slot file that
//! does not follow the database; the next unlock with a code puts it right
//! ([`Vault::reconcile_recovery_slots`]).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::{MasterKey, derive_key, random_bytes};
use crate::secret_key::SecretKey;
use crate::slots::{KeySlot, SlotFile, SlotKind};
use crate::totp::unix_now;
use crate::vault::{Vault, read_slots};

/// HKDF `info` of a recovery slot's key.
const LABEL_RECOVERY_SLOT: &[u8] = b"levensregister/v1/recovery-slot";

/// Length of a recovery secret in bytes (128 bits, a 20-word SLIP-39 share).
pub const RECOVERY_SECRET_LEN: usize = 16;

/// A 128-bit recovery secret; zeroized when dropped, never printed by `Debug`.
#[derive(Clone)]
pub struct RecoverySecret(Zeroizing<[u8; RECOVERY_SECRET_LEN]>);

impl RecoverySecret {
    /// A fresh random secret (a new one for every kit and share set; never re-split).
    pub fn generate() -> Result<RecoverySecret> {
        Ok(RecoverySecret(Zeroizing::new(random_bytes()?)))
    }

    /// A secret recovered from shares; refuses any other length.
    pub fn from_bytes(bytes: &[u8]) -> Result<RecoverySecret> {
        let array: [u8; RECOVERY_SECRET_LEN] =
            bytes.try_into().map_err(|_| Error::WrongRecoverySecret)?;
        Ok(RecoverySecret(Zeroizing::new(array)))
    }

    /// The raw bytes (to split into shares, or to derive an export key).
    pub fn as_bytes(&self) -> &[u8; RECOVERY_SECRET_LEN] {
        &self.0
    }

    pub(crate) fn slot_key(&self, register_id: &[u8; 16]) -> Zeroizing<[u8; 32]> {
        derive_key(Some(register_id), self.as_bytes(), LABEL_RECOVERY_SLOT)
    }
}

impl std::fmt::Debug for RecoverySecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoverySecret(..)")
    }
}

/// What a recovery secret is for; each purpose has one slot at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecoveryPurpose {
    /// The owner's Emergency Kit (a 1-of-1 phrase).
    EmergencyKit,
    /// The current share set of the trusted persons.
    ShareSet,
}

impl RecoveryPurpose {
    /// Every purpose, in slot order.
    pub(crate) const ALL: [RecoveryPurpose; 2] =
        [RecoveryPurpose::EmergencyKit, RecoveryPurpose::ShareSet];

    fn code(self) -> u8 {
        match self {
            RecoveryPurpose::EmergencyKit => 1,
            RecoveryPurpose::ShareSet => 2,
        }
    }

    fn from_code(code: u8) -> Option<RecoveryPurpose> {
        match code {
            1 => Some(RecoveryPurpose::EmergencyKit),
            2 => Some(RecoveryPurpose::ShareSet),
            _ => None,
        }
    }

    /// The slot id in the key-slot file (the password slot is 0).
    fn slot_id(self) -> u8 {
        self.code()
    }
}

/// A recovery secret as the register records it (active, or retired with its secret erased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryRecord {
    /// What it is for.
    pub purpose: RecoveryPurpose,
    /// The SLIP-39 identifier of its shares (tells sets apart).
    pub set_id: u16,
    /// When it was made (Unix seconds).
    pub created: u64,
    /// When a newer set replaced it (Unix seconds); `None` while active.
    pub retired: Option<u64>,
}

/// A recovery slot's parameters (bound as associated data): purpose, set id, creation.
fn encode_params(purpose: RecoveryPurpose, set_id: u16, created: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(11);
    out.push(purpose.code());
    out.extend_from_slice(&set_id.to_be_bytes());
    out.extend_from_slice(&created.to_be_bytes());
    out
}

fn decode_params(bytes: &[u8]) -> Option<(RecoveryPurpose, u16)> {
    if bytes.len() != 11 {
        return None;
    }
    let purpose = RecoveryPurpose::from_code(bytes[0])?;
    Some((purpose, u16::from_be_bytes([bytes[1], bytes[2]])))
}

pub(crate) fn recovery_slots(slots: &SlotFile) -> impl Iterator<Item = &KeySlot> {
    slots
        .slots
        .iter()
        .filter(|slot| slot.kind == SlotKind::Recovery)
}

/// Records `secret` as `purpose`'s active secret, retiring (and erasing) the previous one.
fn record_secret(
    conn: &Connection,
    purpose: RecoveryPurpose,
    set_id: u16,
    secret: &RecoverySecret,
    now: u64,
) -> Result<()> {
    let reused: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM vault_recovery WHERE purpose = ?1 AND set_id = ?2)",
        params![purpose.code(), set_id],
        |row| row.get(0),
    )?;
    if reused {
        // SLIP-39 identifiers are random; callers draw again (see core's share sets).
        return Err(Error::SlotLimit(
            "this share set number was used before".into(),
        ));
    }
    let now = i64::try_from(now).unwrap_or(i64::MAX);
    conn.execute(
        "UPDATE vault_recovery SET secret = NULL, retired = ?2
         WHERE purpose = ?1 AND retired IS NULL",
        params![purpose.code(), now],
    )?;
    conn.execute(
        "INSERT INTO vault_recovery (purpose, set_id, secret, created, retired)
         VALUES (?1, ?2, ?3, ?4, NULL)",
        params![purpose.code(), set_id, secret.as_bytes().as_slice(), now],
    )?;
    Ok(())
}

/// Undoes [`record_secret`] of `set_id`: its row goes and `previous` is active again.
fn restore_secret(
    conn: &mut Connection,
    purpose: RecoveryPurpose,
    set_id: u16,
    previous: Option<&(u16, u64, RecoverySecret)>,
) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "DELETE FROM vault_recovery WHERE purpose = ?1 AND set_id = ?2",
        params![purpose.code(), set_id],
    )?;
    if let Some((previous_id, _, previous_secret)) = previous {
        tx.execute(
            "UPDATE vault_recovery SET secret = ?3, retired = NULL
             WHERE purpose = ?1 AND set_id = ?2",
            params![
                purpose.code(),
                previous_id,
                previous_secret.as_bytes().as_slice()
            ],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Wraps `master` into `slots` once for each active recovery secret (for a rotation).
pub(crate) fn put_active_recovery_slots(
    conn: &Connection,
    slots: &mut SlotFile,
    master: &MasterKey,
) -> Result<()> {
    let register_id = slots.register_id;
    for purpose in RecoveryPurpose::ALL {
        let Some((set_id, created, secret)) = active_secret(conn, purpose)? else {
            continue;
        };
        let slot_key = secret.slot_key(&register_id);
        slots.put_slot(
            SlotKind::Recovery,
            purpose.slot_id(),
            encode_params(purpose, set_id, created),
            &slot_key,
            master,
        )?;
        let opens = slots
            .slots
            .iter()
            .find(|slot| slot.id == purpose.slot_id())
            .and_then(|slot| slots.open_slot(slot, &slot_key))
            .is_some_and(|opened| opened.as_bytes() == master.as_bytes());
        if !opens {
            return Err(Error::Damaged(
                "a new recovery slot did not open; nothing was changed".into(),
            ));
        }
    }
    Ok(())
}

/// True when `slots` holds exactly one recovery slot per active secret, each for it.
fn slots_follow_active_secrets(conn: &Connection, slots: &SlotFile) -> Result<bool> {
    let mut expected = Vec::new();
    for purpose in RecoveryPurpose::ALL {
        if let Some((set_id, _, _)) = active_secret(conn, purpose)? {
            expected.push((purpose, set_id));
        }
    }
    let mut in_file: Vec<Option<(RecoveryPurpose, u16)>> = recovery_slots(slots)
        .map(|slot| decode_params(&slot.params))
        .collect();
    in_file.sort_by_key(|entry| entry.map(|(purpose, id)| (purpose.code(), id)));
    let expected: Vec<Option<(RecoveryPurpose, u16)>> = expected.into_iter().map(Some).collect();
    Ok(in_file == expected)
}

/// The recovery table inside the encrypted database (created on first use).
fn ensure_table(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS vault_recovery (
             purpose INTEGER NOT NULL,
             set_id INTEGER NOT NULL,
             secret BLOB,
             created INTEGER NOT NULL,
             retired INTEGER,
             PRIMARY KEY (purpose, set_id)
         ) STRICT;",
    )?;
    Ok(())
}

fn active_secret(
    conn: &Connection,
    purpose: RecoveryPurpose,
) -> Result<Option<(u16, u64, RecoverySecret)>> {
    ensure_table(conn)?;
    let row: Option<(i64, i64, Zeroizing<Vec<u8>>)> = conn
        .query_row(
            "SELECT set_id, created, secret FROM vault_recovery
             WHERE purpose = ?1 AND retired IS NULL",
            [purpose.code()],
            |row| Ok((row.get(0)?, row.get(1)?, Zeroizing::new(row.get(2)?))),
        )
        .optional()?;
    let Some((set_id, created, secret)) = row else {
        return Ok(None);
    };
    let set_id = u16::try_from(set_id)
        .map_err(|_| Error::Damaged("a recovery set id is out of range".into()))?;
    let created = u64::try_from(created).unwrap_or(0);
    let secret = RecoverySecret::from_bytes(&secret)
        .map_err(|_| Error::Damaged("a stored recovery secret has the wrong length".into()))?;
    Ok(Some((set_id, created, secret)))
}

impl Vault {
    /// Makes `secret` (with SLIP-39 identifier `set_id`) the register's recovery secret
    /// for `purpose`, retiring the previous one (its secret erased), and rotates the
    /// master key: the new key-slot file holds the password slot and a slot for each
    /// active secret, so neither the retired secret nor an earlier copy of the key-slot
    /// file opens the register any more. Refused with [`Error::InUse`], before anything
    /// changed, while the register is open elsewhere.
    pub fn set_recovery_secret(
        &mut self,
        purpose: RecoveryPurpose,
        set_id: u16,
        secret: &RecoverySecret,
    ) -> Result<()> {
        let now = unix_now();
        ensure_table(self.connection()?)?;
        self.with_register_alone(|vault| {
            let previous = active_secret(&vault.conn, purpose)?;
            let tx = vault.conn.transaction()?;
            record_secret(&tx, purpose, set_id, secret, now)?;
            tx.commit()?;
            // A crash from here until the rotation commits leaves a key-slot file that
            // does not follow the database; the next unlock rotates then.
            let rotated = vault.rotate_master_key(None);
            if rotated.is_err() {
                // The new secret did not come into force: the previous one is put back
                // (best effort; should that fail too, the next unlock brings the new one
                // into force).
                let _ = restore_secret(&mut vault.conn, purpose, set_id, previous.as_ref());
            }
            rotated
        })
    }

    /// Puts the key-slot file in line with the active secrets in the database after a
    /// crash between the two (see [`Vault::set_recovery_secret`]): a file with a
    /// recovery slot no active secret explains, or without the slot of one, gets a new
    /// master key and the slots that belong. While the register is open elsewhere this
    /// waits for a later unlock.
    pub fn reconcile_recovery_slots(&mut self) -> Result<()> {
        let slots = read_slots(&self.dir)?;
        if slots_follow_active_secrets(self.connection()?, &slots)? {
            return Ok(());
        }
        match self.with_register_alone(|vault| vault.rotate_master_key(None)) {
            Err(Error::InUse) => Ok(()),
            other => other,
        }
    }

    /// The active secret for `purpose` with its set id, if one was made.
    pub fn recovery_secret(
        &mut self,
        purpose: RecoveryPurpose,
    ) -> Result<Option<(u16, RecoverySecret)>> {
        Ok(active_secret(self.connection()?, purpose)?.map(|(id, _, secret)| (id, secret)))
    }

    /// Every recovery secret the register has had, newest first (retired ones without
    /// their secret).
    pub fn recovery_records(&mut self) -> Result<Vec<RecoveryRecord>> {
        let conn = self.connection()?;
        ensure_table(conn)?;
        let mut statement = conn.prepare(
            "SELECT purpose, set_id, created, retired FROM vault_recovery
             ORDER BY created DESC, rowid DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, u8>(0)?,
                row.get::<_, u16>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })?;
        let mut records = Vec::new();
        for row in rows {
            let (purpose, set_id, created, retired) = row?;
            let Some(purpose) = RecoveryPurpose::from_code(purpose) else {
                continue;
            };
            records.push(RecoveryRecord {
                purpose,
                set_id,
                created: u64::try_from(created).unwrap_or(0),
                retired: retired.map(|r| u64::try_from(r).unwrap_or(0)),
            });
        }
        Ok(records)
    }

    /// The Secret Key that opened the register, for the Emergency Kit (only once a
    /// code was accepted).
    pub fn secret_key(&mut self) -> Result<SecretKey> {
        self.connection()?;
        Ok(self.secret_key.clone())
    }
}

/// The SLIP-39 set ids of the recovery slots in `dir`'s key-slot file (public metadata),
/// so a refusal can tell "replaced set" from "another register".
pub fn recovery_set_ids(dir: &Path) -> Result<Vec<(RecoveryPurpose, u16)>> {
    let slots = read_slots(dir)?;
    Ok(recovery_slots(&slots)
        .filter_map(|slot| decode_params(&slot.params))
        .collect())
}
