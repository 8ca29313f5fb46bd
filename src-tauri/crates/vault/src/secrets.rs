//! The recovery secrets inside the encrypted database: table `vault_recovery`.
//!
//! Per purpose (Emergency Kit, share set) the table holds the active secret (to print
//! the kit again and to key exports for the current set), while a master-key rotation
//! runs a pending one, and the retired ones (identifier and dates; the secret erased).
//! A pending secret comes into force only once the key-slot file with its slot is the
//! one the database opens with (`rotation.rs`); until then the active one stays.

use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::recovery::{RecoveryPurpose, RecoveryRecord, RecoverySecret};

/// A stored secret: its SLIP-39 set id, when it was made (Unix seconds), the secret.
pub(crate) type StoredSecret = (u16, u64, RecoverySecret);

/// Creates the table on first use; adds the `pending` column to a table made before it.
pub(crate) fn ensure_table(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS vault_recovery (
             purpose INTEGER NOT NULL,
             set_id INTEGER NOT NULL,
             secret BLOB,
             created INTEGER NOT NULL,
             retired INTEGER,
             pending INTEGER NOT NULL DEFAULT 0,
             PRIMARY KEY (purpose, set_id)
         ) STRICT;",
    )?;
    let has_pending: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info('vault_recovery') WHERE name = 'pending')",
        [],
        |row| row.get(0),
    )?;
    if !has_pending {
        conn.execute_batch(
            "ALTER TABLE vault_recovery ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;",
        )?;
    }
    Ok(())
}

/// The secret in force for `purpose`, if one was made.
pub(crate) fn active_secret(
    conn: &Connection,
    purpose: RecoveryPurpose,
) -> Result<Option<StoredSecret>> {
    stored_secret(conn, purpose, false)
}

/// The secret waiting for its rotation to commit, if any.
pub(crate) fn pending_secret(
    conn: &Connection,
    purpose: RecoveryPurpose,
) -> Result<Option<StoredSecret>> {
    stored_secret(conn, purpose, true)
}

fn stored_secret(
    conn: &Connection,
    purpose: RecoveryPurpose,
    pending: bool,
) -> Result<Option<StoredSecret>> {
    ensure_table(conn)?;
    let row: Option<(i64, i64, Zeroizing<Vec<u8>>)> = conn
        .query_row(
            "SELECT set_id, created, secret FROM vault_recovery
             WHERE purpose = ?1 AND retired IS NULL AND pending = ?2",
            params![purpose.code(), pending],
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

/// Records `secret` as `purpose`'s pending secret (a leftover pending one goes). Refused
/// when the register used `set_id` for this purpose before.
pub(crate) fn record_pending(
    conn: &mut Connection,
    purpose: RecoveryPurpose,
    set_id: u16,
    secret: &RecoverySecret,
    now: u64,
) -> Result<()> {
    ensure_table(conn)?;
    let tx = conn.transaction()?;
    tx.execute(
        "DELETE FROM vault_recovery WHERE purpose = ?1 AND pending = 1",
        params![purpose.code()],
    )?;
    let reused: bool = tx.query_row(
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
    tx.execute(
        "INSERT INTO vault_recovery (purpose, set_id, secret, created, retired, pending)
         VALUES (?1, ?2, ?3, ?4, NULL, 1)",
        params![
            purpose.code(),
            set_id,
            secret.as_bytes().as_slice(),
            i64::try_from(now).unwrap_or(i64::MAX)
        ],
    )?;
    tx.commit()?;
    Ok(())
}

/// The pending `set_id` comes into force: the active secret is retired (and erased).
pub(crate) fn bring_into_force(
    conn: &mut Connection,
    purpose: RecoveryPurpose,
    set_id: u16,
    now: u64,
) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE vault_recovery SET secret = NULL, retired = ?2
         WHERE purpose = ?1 AND retired IS NULL AND pending = 0",
        params![purpose.code(), i64::try_from(now).unwrap_or(i64::MAX)],
    )?;
    tx.execute(
        "UPDATE vault_recovery SET pending = 0 WHERE purpose = ?1 AND set_id = ?2",
        params![purpose.code(), set_id],
    )?;
    tx.commit()?;
    Ok(())
}

/// The pending `set_id` never came into force: its row (and secret) goes.
pub(crate) fn drop_pending(conn: &Connection, purpose: RecoveryPurpose, set_id: u16) -> Result<()> {
    conn.execute(
        "DELETE FROM vault_recovery WHERE purpose = ?1 AND set_id = ?2 AND pending = 1",
        params![purpose.code(), set_id],
    )?;
    Ok(())
}

/// Every secret in force or retired, newest first (retired ones without their secret).
pub(crate) fn records(conn: &Connection) -> Result<Vec<RecoveryRecord>> {
    ensure_table(conn)?;
    let mut statement = conn.prepare(
        "SELECT purpose, set_id, created, retired FROM vault_recovery
         WHERE pending = 0 ORDER BY created DESC, rowid DESC",
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
