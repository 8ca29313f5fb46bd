//! The vault's own table inside the encrypted database: register id, TOTP secret,
//! the last used TOTP step and whether enrolment is complete.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::error::{Error, Result};
use crate::totp::TotpSecret;

pub(crate) fn create(conn: &Connection, register_id: &[u8; 16], totp: &TotpSecret) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE vault_state (key TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT, WITHOUT ROWID;",
    )?;
    let mut insert = conn.prepare("INSERT INTO vault_state (key, value) VALUES (?1, ?2)")?;
    insert.execute(params!["register_id", register_id.as_slice()])?;
    insert.execute(params!["totp_secret", totp.as_bytes()])?;
    insert.execute(params!["totp_last_step", (-1i64).to_be_bytes().as_slice()])?;
    insert.execute(params!["enrolled", [0u8].as_slice()])?;
    Ok(())
}

fn get(conn: &Connection, key: &str) -> Result<Vec<u8>> {
    conn.query_row(
        "SELECT value FROM vault_state WHERE key = ?1",
        [key],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::Damaged(format!("the database lacks '{key}'")))
}

pub(crate) fn register_id(conn: &Connection) -> Result<[u8; 16]> {
    get(conn, "register_id")?
        .try_into()
        .map_err(|_| Error::Damaged("the register id has the wrong length".into()))
}

pub(crate) fn totp_secret(conn: &Connection) -> Result<TotpSecret> {
    Ok(TotpSecret::from_bytes(get(conn, "totp_secret")?))
}

pub(crate) fn enrolled(conn: &Connection) -> Result<bool> {
    Ok(get(conn, "enrolled")? == [1u8])
}

fn last_step(conn: &Connection) -> Result<Option<u64>> {
    let bytes: [u8; 8] = get(conn, "totp_last_step")?
        .try_into()
        .map_err(|_| Error::Damaged("the last code step has the wrong length".into()))?;
    Ok(u64::try_from(i64::from_be_bytes(bytes)).ok())
}

/// Checks `code` against the secret and the last used step and records its step, in
/// one immediate transaction so two processes cannot both accept the same code.
/// Returns true when this code completed enrolment.
pub(crate) fn accept_code(conn: &mut Connection, code: &str, now: u64) -> Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let secret = totp_secret(&tx)?;
    let step = secret.check(code, now, last_step(&tx)?)?;
    let step = i64::try_from(step).map_err(|_| Error::WrongCode)?;
    tx.execute(
        "UPDATE vault_state SET value = ?1 WHERE key = 'totp_last_step'",
        [step.to_be_bytes().as_slice()],
    )?;
    let completed = !enrolled(&tx)?;
    if completed {
        tx.execute(
            "UPDATE vault_state SET value = X'01' WHERE key = 'enrolled'",
            [],
        )?;
    }
    tx.commit()?;
    Ok(completed)
}

/// Replaces the authenticator secret; enrolment starts again with its first code.
pub(crate) fn reset_totp(conn: &mut Connection, totp: &TotpSecret) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE vault_state SET value = ?1 WHERE key = 'totp_secret'",
        [totp.as_bytes()],
    )?;
    tx.execute(
        "UPDATE vault_state SET value = ?1 WHERE key = 'totp_last_step'",
        [(-1i64).to_be_bytes().as_slice()],
    )?;
    tx.execute(
        "UPDATE vault_state SET value = X'00' WHERE key = 'enrolled'",
        [],
    )?;
    tx.commit()?;
    Ok(())
}
