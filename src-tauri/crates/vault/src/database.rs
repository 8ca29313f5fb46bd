//! The SQLCipher database: keyed with a raw 256-bit key derived from the master key.
//!
//! The key goes in through rusqlite's key API as SQLCipher's raw-key blob literal, so
//! SQLCipher's own passphrase KDF is skipped. Opening checks the key at once; every
//! caller that opens an existing register then checks the HMAC of every page
//! ([`check_integrity`]), so damage anywhere in the file is found before anything is
//! shown.

use std::path::Path;
use std::sync::Once;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::error::{Error, Result, is_damage};
use crate::keys::{LABEL_DATABASE, MasterKey};

/// A database we created is never smaller than one SQLCipher page.
const MIN_DATABASE_BYTES: u64 = 4096;

/// Opens (or with `create`, creates) the database at `path` with the key derived from
/// `master`, and checks the key at once (the caller checks every page: [`check_integrity`]).
pub(crate) fn open(path: &Path, master: &MasterKey, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else {
        // SQLite takes an empty file for a new database and would write one over it.
        match std::fs::metadata(path) {
            Ok(meta) if meta.len() >= MIN_DATABASE_BYTES => {}
            Ok(_) => return Err(Error::Damaged("the database file is cut short".into())),
            Err(_) => return Err(Error::Damaged("the database file is missing".into())),
        }
    }
    let conn = connect(path, flags)?;
    // SQLCipher logs decryption failures to stderr itself; we report them as errors.
    conn.pragma_update(None, "cipher_log_level", "NONE")
        .map_err(damage_or)?;
    conn.key(None::<&str>, raw_key_literal(master).as_bytes(), false)
        .map_err(damage_or)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(damage_or)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(damage_or)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(damage_or)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(damage_or)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(damage_or)?;
    Ok(conn)
}

/// Opens a connection to `path`, after SQLCipher has been set up once for the process.
///
/// SQLite marks itself initialised before it runs SQLCipher's own start-up
/// (`SQLITE_EXTRA_INIT`), so a second thread opening its first connection meanwhile
/// finds no crypto provider and its key fails with "SQL logic error" (seen about once in
/// 70 runs of two threads). The first connection is therefore opened under a `Once`,
/// which makes every other opener wait until the start-up has finished.
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    static SQLCIPHER_STARTED: Once = Once::new();
    SQLCIPHER_STARTED.call_once(|| {
        // Any connection runs the start-up; its own failure shows again below.
        drop(Connection::open_in_memory());
    });
    Connection::open_with_flags(path, flags).map_err(damage_or)
}

/// True when the database at `path` opens with `master`'s key (false: another key, or
/// damage). Opened read-write so that a crash's rollback journal is played back first.
pub(crate) fn key_opens(path: &Path, master: &MasterKey) -> Result<bool> {
    // SQLite would take an empty (or cut) file for a new database that any key opens.
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() >= MIN_DATABASE_BYTES => {}
        _ => return Ok(false),
    }
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "cipher_log_level", "NONE")
        .map_err(damage_or)?;
    conn.key(None::<&str>, raw_key_literal(master).as_bytes(), false)
        .map_err(damage_or)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(damage_or)?;
    let opened = conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    });
    match opened {
        Ok(_) => Ok(true),
        Err(error) if is_damage(&error) => Ok(false),
        Err(error) => Err(Error::Database(error)),
    }
}

/// Leaves WAL mode for a rollback journal (which SQLCipher's rekey needs). SQLite
/// refuses while another connection has the database open: the register is in use.
/// `synchronous = EXTRA` makes a commit durable in this mode too (the folder is synced
/// after the journal is deleted).
pub(crate) fn leave_wal(conn: &Connection) -> Result<()> {
    set_journal_mode(conn, "delete")?;
    conn.pragma_update(None, "synchronous", "EXTRA")
        .map_err(damage_or)
}

/// Back to WAL mode (and `synchronous = FULL`) after [`leave_wal`].
pub(crate) fn enter_wal(conn: &Connection) -> Result<()> {
    set_journal_mode(conn, "wal")?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(damage_or)
}

fn set_journal_mode(conn: &Connection, mode: &str) -> Result<()> {
    let outcome = conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |row| {
        row.get::<_, String>(0)
    });
    match outcome {
        Ok(now) if now.eq_ignore_ascii_case(mode) => Ok(()),
        Ok(_) => Err(Error::InUse),
        Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
            Err(Error::InUse)
        }
        Err(error) => Err(damage_or(error)),
    }
}

/// Verifies the HMAC of every page; any failure means the file was damaged or changed.
pub(crate) fn check_integrity(conn: &Connection) -> Result<()> {
    let mut statement = conn
        .prepare("PRAGMA cipher_integrity_check")
        .map_err(damage_or)?;
    let problems: Vec<String> = statement
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(damage_or)?
        .collect::<rusqlite::Result<_>>()
        .map_err(damage_or)?;
    if let Some(first) = problems.first() {
        return Err(Error::Damaged(format!(
            "{} damaged page(s) in the database: {first}",
            problems.len()
        )));
    }
    let quick: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(damage_or)?;
    if quick != "ok" {
        return Err(Error::Damaged(format!("database structure: {quick}")));
    }
    Ok(())
}

/// SQLCipher's raw-key form `x'<64 hex digits>'` of the register's database key.
fn raw_key_literal(master: &MasterKey) -> Zeroizing<String> {
    key_literal(&master.derive(LABEL_DATABASE))
}

/// SQLCipher's raw-key form `x'<64 hex digits>'` of `key`, held in zeroizing memory.
pub(crate) fn key_literal(key: &[u8; 32]) -> Zeroizing<String> {
    let mut literal = Zeroizing::new(String::with_capacity(67));
    literal.push_str("x'");
    for byte in key.iter() {
        literal.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        literal.push(char::from_digit(u32::from(byte & 0xF), 16).unwrap_or('0'));
    }
    literal.push('\'');
    literal
}

/// The register's database key as a raw-key literal, to attach it for an export.
pub(crate) fn database_key_literal(master: &MasterKey) -> Zeroizing<String> {
    raw_key_literal(master)
}

pub(crate) fn damage_or(error: rusqlite::Error) -> Error {
    if is_damage(&error) {
        Error::Damaged("the database file cannot be decrypted".into())
    } else {
        Error::Database(error)
    }
}
