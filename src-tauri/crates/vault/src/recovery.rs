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
//! Setting a secret rotates the master key (`rotation.rs`): the database records it as
//! pending (`secrets.rs`), the key-slot file is rebuilt under a new master key with a
//! slot per secret in force, and once the database has taken the new key the pending
//! secret comes into force. A crash in between is settled at the next unlock with a
//! code ([`Vault::reconcile_recovery_slots`]).

use std::path::Path;

use rusqlite::Connection;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::{MasterKey, derive_key, random_bytes};
use crate::rotation::KeyChange;
use crate::secret_key::SecretKey;
use crate::secrets::{
    active_secret, bring_into_force, drop_pending, ensure_table, pending_secret, record_pending,
    records,
};
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

    pub(crate) fn code(self) -> u8 {
        match self {
            RecoveryPurpose::EmergencyKit => 1,
            RecoveryPurpose::ShareSet => 2,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<RecoveryPurpose> {
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

/// Wraps `master` into `slots` once for each secret in force after a rotation: the
/// active ones, or with `with_pending` a pending one in place of its purpose's active.
pub(crate) fn put_recovery_slots(
    conn: &Connection,
    slots: &mut SlotFile,
    master: &MasterKey,
    with_pending: bool,
) -> Result<()> {
    let register_id = slots.register_id;
    for purpose in RecoveryPurpose::ALL {
        let pending = if with_pending {
            pending_secret(conn, purpose)?
        } else {
            None
        };
        let Some((set_id, created, secret)) = pending.or(active_secret(conn, purpose)?) else {
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

impl Vault {
    /// Makes `secret` (with SLIP-39 identifier `set_id`) the register's recovery secret
    /// for `purpose` under a new master key: the new key-slot file holds the password
    /// slot and a slot for each secret in force, so neither the previous secret (retired,
    /// erased) nor an earlier copy of the key-slot file opens the register any more.
    ///
    /// `Ok` means the secret is in force. [`Error::Unsettled`] means that is decided at
    /// the next open (keep what was made for it). Any other error means it is not, and
    /// the previous one still is: [`Error::InUse`] (refused before anything changed)
    /// while the register is open elsewhere, for one.
    pub fn set_recovery_secret(
        &mut self,
        purpose: RecoveryPurpose,
        set_id: u16,
        secret: &RecoverySecret,
    ) -> Result<()> {
        let now = unix_now();
        ensure_table(self.connection()?)?;
        self.with_register_alone(|vault| {
            // Pending until the database takes the new key; a crash meanwhile is
            // settled at the next unlock (reconcile_recovery_slots).
            record_pending(&mut vault.conn, purpose, set_id, secret, now)?;
            if let Err(error) = vault.rotate_master_key(KeyChange::PendingSecrets) {
                if !matches!(error, Error::Unsettled(_)) {
                    // Best effort: the next unlock drops a pending secret without a slot.
                    let _ = drop_pending(&vault.conn, purpose, set_id);
                }
                return Err(error);
            }
            bring_into_force(&mut vault.conn, purpose, set_id, now).map_err(|error| {
                // In force in the key-slot file; the database follows at the next unlock.
                Error::Unsettled(format!("recording the new recovery secret: {error}"))
            })
        })
    }

    /// Puts the database and the key-slot file in line after a crash between them. A
    /// pending secret whose slot is in the key-slot file came into force (the database
    /// records it); one without never did (it goes). Then a key-slot file with a
    /// recovery slot no active secret explains, or without the slot of one, gets a new
    /// master key and the slots that belong; while the register is open elsewhere that
    /// waits for a later unlock.
    pub fn reconcile_recovery_slots(&mut self) -> Result<()> {
        let now = unix_now();
        let slots = read_slots(&self.dir)?;
        self.connection()?;
        for purpose in RecoveryPurpose::ALL {
            let Some((set_id, _, _)) = pending_secret(&self.conn, purpose)? else {
                continue;
            };
            let committed = recovery_slots(&slots)
                .any(|slot| decode_params(&slot.params) == Some((purpose, set_id)));
            if committed {
                bring_into_force(&mut self.conn, purpose, set_id, now)?;
            } else {
                drop_pending(&self.conn, purpose, set_id)?;
            }
        }
        if slots_follow_active_secrets(&self.conn, &slots)? {
            return Ok(());
        }
        match self.with_register_alone(|vault| vault.rotate_master_key(KeyChange::Same)) {
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
        records(self.connection()?)
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
