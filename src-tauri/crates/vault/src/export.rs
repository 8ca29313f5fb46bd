//! The trusted persons' copy of a register: a separate SQLCipher database keyed from a
//! share set's recovery secret, made with SQLCipher's own `sqlcipher_export`.
//!
//! The export key is HKDF-SHA256(ikm = recovery secret, no salt, info =
//! [`EXPORT_KEY_INFO`]), 32 bytes, used as SQLCipher's raw key. The file is written in
//! SQLCipher 3 format (`cipher_compatibility = 3`), which every SQLCipher since 3.0
//! opens: Debian 12's stock `sqlcipher` (3.4) with `PRAGMA key = "x'<hex>'"`, and
//! SQLCipher 4 with `PRAGMA cipher_compatibility = 3` after the key. So heirs can open it with
//! `shamir recover`, `openssl kdf … HKDF` and `sqlcipher`, without this program.
//!
//! The vault removes its own tables (the authenticator secret, the recovery secrets)
//! from the copy; what else the trusted persons may not see is the caller's
//! (`levensregister-core`'s) to remove before [`ExportDatabase::finish`].

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, params};
use zeroize::Zeroizing;

use crate::database::{check_integrity, connect, damage_or, database_key_literal, key_literal};
use crate::error::{Error, Result, is_damage};
use crate::keys::derive_key;
use crate::layout::{self, DATABASE_FILE};
use crate::recovery::RecoverySecret;
use crate::vault::Vault;

/// HKDF `info` of the export key (printed on every share sheet; never change it).
pub const EXPORT_KEY_INFO: &str = "levensregister/export-key/v1";

/// The key of an exported register, derived from a share set's recovery secret.
pub struct ExportKey(Zeroizing<[u8; 32]>);

impl ExportKey {
    /// HKDF-SHA256(secret, no salt, [`EXPORT_KEY_INFO`]).
    pub fn from_recovery_secret(secret: &RecoverySecret) -> ExportKey {
        ExportKey(derive_key(
            None,
            secret.as_bytes(),
            EXPORT_KEY_INFO.as_bytes(),
        ))
    }

    /// The key as 64 lowercase hex digits, as `PRAGMA key = "x'…'"` takes it.
    pub fn hex(&self) -> Zeroizing<String> {
        let literal = key_literal(&self.0);
        Zeroizing::new(literal[2..66].to_string())
    }
}

impl std::fmt::Debug for ExportKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExportKey(..)")
    }
}

/// An export database: being filled (from [`Vault::copy_for_export`]) or opened
/// read-only ([`ExportDatabase::open`]).
#[derive(Debug)]
pub struct ExportDatabase {
    conn: Connection,
    path: PathBuf,
}

impl ExportDatabase {
    /// Opens an export file read-only with `key`. A wrong key and a damaged file look
    /// alike to SQLCipher; callers check the file's checksum first to tell them apart.
    pub fn open(path: &Path, key: &ExportKey) -> Result<ExportDatabase> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = connect(path, flags)?;
        keyed(&conn, key)?;
        let readable = conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
            row.get::<_, i64>(0)
        });
        match readable {
            Ok(_) => {}
            Err(error) if is_damage(&error) => return Err(Error::WrongExportKey),
            Err(error) => return Err(Error::Database(error)),
        }
        check_integrity(&conn)?;
        Ok(ExportDatabase {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database, to prune (while being made) or to read (once opened).
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Compacts the copy (so removed rows leave no trace in free pages), checks every
    /// page and closes it.
    pub fn finish(self) -> Result<PathBuf> {
        self.conn.execute_batch("VACUUM;").map_err(damage_or)?;
        check_integrity(&self.conn)?;
        self.conn
            .close()
            .map_err(|(_, error)| Error::Database(error))?;
        Ok(self.path)
    }
}

fn keyed(conn: &Connection, key: &ExportKey) -> Result<()> {
    conn.pragma_update(None, "cipher_log_level", "NONE")
        .map_err(damage_or)?;
    conn.key(None::<&str>, key_literal(&key.0).as_bytes(), false)
        .map_err(damage_or)?;
    conn.pragma_update(None, "cipher_compatibility", 3)
        .map_err(damage_or)?;
    Ok(())
}

impl Vault {
    /// Copies the whole register into a new SQLCipher file at `dest` (which must not
    /// exist) keyed with `key`, without the vault's own tables. The caller removes what
    /// the trusted persons may not see, then calls [`ExportDatabase::finish`].
    pub fn copy_for_export(&mut self, dest: &Path, key: &ExportKey) -> Result<ExportDatabase> {
        self.connection()?;
        if dest.exists() {
            return Err(Error::AlreadyExists(dest.display().to_string()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = connect(dest, flags)?;
        keyed(&conn, key)?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        let source = layout::path(&self.dir, DATABASE_FILE);
        conn.execute(
            "ATTACH DATABASE ?1 AS source KEY ?2",
            params![
                source.to_string_lossy(),
                database_key_literal(&self.master).as_str()
            ],
        )
        .map_err(damage_or)?;
        let user_version: i64 =
            conn.query_row("PRAGMA source.user_version", [], |row| row.get(0))?;
        conn.query_row("SELECT sqlcipher_export('main', 'source')", [], |_| Ok(()))
            .map_err(damage_or)?;
        conn.execute_batch("DETACH DATABASE source;")?;
        conn.execute_batch(
            "DROP TABLE IF EXISTS vault_state; DROP TABLE IF EXISTS vault_recovery;",
        )?;
        conn.pragma_update(None, "user_version", user_version)?;
        Ok(ExportDatabase {
            conn,
            path: dest.to_path_buf(),
        })
    }
}
