//! "Open a register I received": a trusted persons' export, opened read-only with k
//! shares, without a login of one's own.
//!
//! The tar is read into memory (only its three known entries; names are never used as
//! paths), the header checked (format, version, the database's SHA-256 — so a damaged
//! file is told apart from wrong shares), the shares checked against the header's share
//! set, combined, and the database written to a private temporary folder (it stays
//! encrypted) and opened read-only. The folder is removed when the register is dropped.

use std::io::Read;
use std::path::Path;

use levensregister_vault::{ExportDatabase, ExportKey};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::Date;

use super::TrustedError;
use super::export::{
    DATABASE_NAME, EXPORT_FORMAT, EXPORT_VERSION, ExportHeader, HEADER_NAME, WorkDir, hex,
};
use super::shares::recover_secret;
use crate::error::{Error, Result};
use crate::model::Item;
use crate::reports::{ReportRequest, data_from_items};
use crate::store::{self, migrations::SCHEMA_VERSION};

/// No export of ours comes near this; a bigger entry is refused before it is read.
const MAX_ENTRY_BYTES: u64 = 2 << 30;
/// `header.json` is a few hundred bytes.
const MAX_HEADER_BYTES: u64 = 64 << 10;

/// An export opened with enough shares: read-only.
#[derive(Debug)]
pub struct ReceivedRegister {
    header: ExportHeader,
    database: ExportDatabase,
    // Declared last: dropped after the database is closed.
    _work: WorkDir,
}

/// The header and database bytes of an export file.
struct ExportFile {
    header: ExportHeader,
    database: Vec<u8>,
}

impl ReceivedRegister {
    /// Reads only the header (what it is, which share set and how many shares open it).
    pub fn header_of(file: &Path) -> Result<ExportHeader> {
        Ok(read_export(file)?.header)
    }

    /// Opens the export `file` with the share texts (words; four letters per word are
    /// enough).
    pub fn open(file: &Path, shares: &[impl AsRef<str>]) -> Result<ReceivedRegister> {
        let export = read_export(file)?;
        let recovered = recover_secret(shares, Some(export.header.share_set))?;
        let key = ExportKey::from_recovery_secret(&recovered.secret);
        let work = WorkDir::inside(&std::env::temp_dir())?;
        let path = work.path().join(DATABASE_NAME);
        levensregister_vault::write_private_file(&path, &export.database)?;
        let mut database = ExportDatabase::open(&path, &key)?;
        let version = store::migrations::user_version(database.connection())?;
        if version > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew(version));
        }
        Ok(ReceivedRegister {
            header: export.header,
            database,
            _work: work,
        })
    }

    /// What the file says about itself.
    pub fn header(&self) -> &ExportHeader {
        &self.header
    }

    /// The items, optionally of one section, in register order.
    pub fn items(&mut self, section: Option<&str>) -> Result<Vec<Item>> {
        store::list_items(self.database.connection(), section)
    }

    /// One item.
    pub fn item(&mut self, id: &str) -> Result<Item> {
        store::get_item(self.database.connection(), id)
    }

    /// Items whose values contain every word of `text`.
    pub fn search(&mut self, text: &str) -> Result<Vec<Item>> {
        store::search(self.database.connection(), text)
    }

    /// A report's data, as [`crate::report_data`] makes it for an open register.
    pub fn report_data(&mut self, request: &ReportRequest, today: Date) -> Result<Value> {
        let items = self.items(None)?;
        let name = self.header.register.clone();
        data_from_items(&items, request, &name, today)
    }
}

fn read_export(file: &Path) -> Result<ExportFile> {
    let not_export = |why: &str| Error::Trusted(TrustedError::NotAnExport(why.into()));
    let size = std::fs::metadata(file)
        .map_err(|e| Error::io(format!("reading {}", file.display()), e))?
        .len();
    if size > MAX_ENTRY_BYTES + MAX_HEADER_BYTES + (1 << 20) {
        return Err(not_export("the file is far larger than any export"));
    }
    let bytes =
        std::fs::read(file).map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
    let mut archive = tar::Archive::new(bytes.as_slice());
    let mut header_bytes = None;
    let mut database = None;
    let entries = archive
        .entries()
        .map_err(|_| not_export("not a tar archive"))?;
    for entry in entries {
        let mut entry = entry.map_err(|_| not_export("the tar archive is damaged"))?;
        let name = entry
            .path()
            .map_err(|_| not_export("the tar archive is damaged"))?
            .to_string_lossy()
            .into_owned();
        let wanted = name == HEADER_NAME || name == DATABASE_NAME;
        if !wanted {
            continue;
        }
        // Only plain files, each once: a sparse entry could claim a size far beyond the
        // file's own, and a second copy could stand in for the first.
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(not_export("an entry is not a plain file"));
        }
        let limit = if name == HEADER_NAME {
            MAX_HEADER_BYTES
        } else {
            MAX_ENTRY_BYTES
        };
        if entry.size() > limit || entry.size() > size {
            return Err(not_export("an entry is too large"));
        }
        let seen = if name == HEADER_NAME {
            header_bytes.is_some()
        } else {
            database.is_some()
        };
        if seen {
            return Err(not_export("an entry appears twice"));
        }
        let mut content = Vec::new();
        entry
            .read_to_end(&mut content)
            .map_err(|_| not_export("the tar archive is damaged"))?;
        if name == HEADER_NAME {
            header_bytes = Some(content);
        } else {
            database = Some(content);
        }
    }
    let header_bytes = header_bytes.ok_or_else(|| not_export("it has no header.json"))?;
    let database = database.ok_or_else(|| not_export("it has no register.db"))?;
    let header = parse_header(&header_bytes)?;
    let digest = hex(&Sha256::digest(&database));
    if digest != header.database.sha256 {
        return Err(Error::Trusted(TrustedError::ExportDamaged(
            "register.db does not match the checksum in header.json".into(),
        )));
    }
    Ok(ExportFile { header, database })
}

fn parse_header(bytes: &[u8]) -> Result<ExportHeader> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|_| Error::Trusted(TrustedError::NotAnExport("header.json is not JSON".into())))?;
    if value.get("format").and_then(Value::as_str) != Some(EXPORT_FORMAT) {
        return Err(Error::Trusted(TrustedError::NotAnExport(
            "header.json names another format".into(),
        )));
    }
    let version = value.get("version").and_then(Value::as_u64).unwrap_or(0);
    if version > u64::from(EXPORT_VERSION) {
        return Err(Error::Trusted(TrustedError::ExportTooNew(
            u32::try_from(version).unwrap_or(u32::MAX),
        )));
    }
    serde_json::from_value(value)
        .map_err(|e| Error::Trusted(TrustedError::ExportDamaged(format!("header.json: {e}"))))
}
