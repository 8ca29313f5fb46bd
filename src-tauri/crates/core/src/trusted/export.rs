//! "Export for trusted persons": one tar file that standard tools unpack, holding
//!
//! - `LEES-MIJ-READ-ME.txt` — what it is and how to open it, in Dutch and English,
//!   with and without this program (`assets/export/LEES-MIJ-READ-ME.txt`);
//! - `header.json` — what it is, when it was made, which share set opens it, how the key
//!   is derived, and the SHA-256 of the database (so damage is told from wrong shares);
//! - `register.db` — the register copy, made with SQLCipher's own export (see
//!   `levensregister_vault::ExportDatabase`), keyed from the current share set's secret,
//!   holding only the items of the chosen visibility, without the change log.
//!
//! The copy is built in a private (0700) folder beside the output and removed after;
//! the tar is written atomically, owner-only.

use std::path::{Path, PathBuf};

use levensregister_vault::{EXPORT_KEY_INFO, ExportKey, RecoveryPurpose, write_private_file};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;

use super::TrustedError;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::model::Visibility;
use crate::reports::{VisibilityFilter, iso_date, long_date};
use crate::session::{Session, today};

/// The `format` of `header.json`.
pub const EXPORT_FORMAT: &str = "levensregister-export";
/// The version of the export format this program writes and reads.
pub const EXPORT_VERSION: u32 = 1;
/// The instruction's name inside the tar.
pub const README_NAME: &str = "LEES-MIJ-READ-ME.txt";
/// The header's name inside the tar.
pub const HEADER_NAME: &str = "header.json";
/// The database's name inside the tar.
pub const DATABASE_NAME: &str = "register.db";

const README: &str = include_str!("../../../../../assets/export/LEES-MIJ-READ-ME.txt");

/// `header.json`: readable without any key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportHeader {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`] when written by this program.
    pub version: u32,
    /// The register's name.
    pub register: String,
    /// The register's id.
    pub register_id: String,
    /// The day it was made (`YYYY-MM-DD`).
    pub made: String,
    /// The share set whose shares open it.
    pub share_set: u16,
    /// How many shares are needed.
    pub threshold: u8,
    /// How many shares the set has.
    pub count: u8,
    /// Which items it holds: `now`, `incapacity` or `death`.
    pub visibility: String,
    /// How many items it holds.
    pub items: usize,
    /// The database file inside the tar and its SHA-256 (hex).
    pub database: DatabaseInfo,
    /// How the database key is derived from the shares.
    pub key: KeyInfo,
}

/// Where the database is and how to check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseInfo {
    /// The file name inside the tar.
    pub file: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// `PRAGMA cipher_compatibility` that opens it.
    pub sqlcipher_compatibility: u32,
}

/// The key derivation, spelled out for people without this program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    /// What goes in.
    pub input: String,
    /// The function.
    pub kdf: String,
    /// The HKDF info string.
    pub info: String,
    /// The key length in bytes.
    pub length: u32,
}

/// What an export held, for the message after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// The share set that opens it.
    pub set_id: u16,
    /// Shares needed / in the set.
    pub threshold: u8,
    /// Shares in the set.
    pub count: u8,
    /// Items included.
    pub items: usize,
}

impl Session {
    /// Writes the trusted persons' export of the items `visibility` includes to `out`,
    /// keyed for the current share set.
    pub fn export_for_trusted(
        &mut self,
        visibility: VisibilityFilter,
        out: &Path,
    ) -> Result<ExportSummary> {
        let info = self
            .share_set()?
            .filter(|info| info.threshold >= 2)
            .ok_or(Error::Trusted(TrustedError::NoShareSet))?;
        let (set_id, secret) = self
            .vault()
            .recovery_secret(RecoveryPurpose::ShareSet)?
            .ok_or(Error::Trusted(TrustedError::NoShareSet))?;
        let key = ExportKey::from_recovery_secret(&secret);
        let work = WorkDir::beside(out)?;
        let db_path = work.path().join(DATABASE_NAME);
        let mut copy = self.vault().copy_for_export(&db_path, &key)?;
        let items = prune(copy.connection(), visibility)?;
        copy.finish()?;
        let database = std::fs::read(&db_path)
            .map_err(|e| Error::io(format!("reading {}", db_path.display()), e))?;
        let profile = self.vault().profile().clone();
        let header = ExportHeader {
            format: EXPORT_FORMAT.into(),
            version: EXPORT_VERSION,
            register: profile.name.clone(),
            register_id: profile.id,
            made: iso_date(today()),
            share_set: set_id,
            threshold: info.threshold,
            count: u8::try_from(info.holders.len()).unwrap_or(u8::MAX),
            visibility: visibility.id().into(),
            items,
            database: DatabaseInfo {
                file: DATABASE_NAME.into(),
                sha256: hex(&Sha256::digest(&database)),
                sqlcipher_compatibility: 3,
            },
            key: KeyInfo {
                input: "the SLIP-39 master secret of the share set (no passphrase)".into(),
                kdf: "HKDF-SHA256, no salt".into(),
                info: EXPORT_KEY_INFO.into(),
                length: 32,
            },
        };
        let tar = tar_file(&header, &database, today())?;
        write_private_file(out, &tar)?;
        Ok(ExportSummary {
            set_id,
            threshold: header.threshold,
            count: header.count,
            items,
        })
    }
}

/// Removes what the trusted persons may not see; returns the number of items kept.
fn prune(conn: &mut Connection, visibility: VisibilityFilter) -> Result<usize> {
    let tx = conn.transaction()?;
    let excluded: Vec<&str> = [Visibility::Now, Visibility::Incapacity, Visibility::Death]
        .into_iter()
        .filter(|v| !visibility.includes(*v))
        .map(Visibility::as_str)
        .collect();
    for id in excluded {
        tx.execute("DELETE FROM items WHERE visibility = ?1", [id])?;
    }
    // The change log names items of every visibility, also removed ones.
    tx.execute("DELETE FROM change_log", [])?;
    let items: i64 = tx.query_row("SELECT count(*) FROM items", [], |row| row.get(0))?;
    tx.commit()?;
    Ok(usize::try_from(items).unwrap_or(0))
}

/// The instruction with the register's details filled in.
fn readme(header: &ExportHeader, made: Date) -> String {
    let (date_nl, date_en) = (long_date(made, Lang::Nl), long_date(made, Lang::En));
    let filter = VisibilityFilter::parse(&header.visibility).unwrap_or_default();
    README
        .replace("{register}", &header.register)
        .replace("{visibility_nl}", &format!("({})", filter.label(Lang::Nl)))
        .replace("{visibility_en}", &format!("({})", filter.label(Lang::En)))
        .replace("{threshold}", &header.threshold.to_string())
        .replace("{count}", &header.count.to_string())
        .replace("{set}", &header.share_set.to_string())
        .replacen("{date}", &date_nl, 1)
        .replace("{date}", &date_en)
}

fn tar_file(header: &ExportHeader, database: &[u8], made: Date) -> Result<Vec<u8>> {
    let header_json =
        serde_json::to_vec_pretty(header).map_err(|e| Error::InvalidImport(e.to_string()))?;
    let readme = readme(header, made);
    let mut builder = tar::Builder::new(Vec::new());
    let mtime = levensregister_vault::unix_now();
    for (name, bytes) in [
        (README_NAME, readme.as_bytes()),
        (HEADER_NAME, header_json.as_slice()),
        (DATABASE_NAME, database),
    ] {
        let mut entry = tar::Header::new_ustar();
        entry.set_size(bytes.len() as u64);
        entry.set_mode(0o400);
        entry.set_mtime(mtime);
        entry.set_entry_type(tar::EntryType::Regular);
        builder
            .append_data(&mut entry, name, bytes)
            .map_err(|e| Error::io("building the export", e))?;
    }
    builder
        .into_inner()
        .map_err(|e| Error::io("building the export", e))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A private folder that is removed when dropped (on success and on every error).
#[derive(Debug)]
pub(crate) struct WorkDir(PathBuf);

impl WorkDir {
    /// A new 0700 folder beside `file` (the same file system, so nothing is copied across).
    pub(crate) fn beside(file: &Path) -> Result<WorkDir> {
        let parent = match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        WorkDir::inside(&parent)
    }

    /// A new 0700 folder inside `parent`.
    pub(crate) fn inside(parent: &Path) -> Result<WorkDir> {
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).map_err(|_| levensregister_vault::Error::Random)?;
        let path = parent.join(format!(".levensregister-work-{}", hex(&random)));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&path)
            .map_err(|e| Error::io(format!("creating {}", path.display()), e))?;
        Ok(WorkDir(path))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
