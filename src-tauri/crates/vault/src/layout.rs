//! The files of one register folder, and its plaintext profile (name and id only).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::files::write_atomically;

/// The SQLCipher database.
pub const DATABASE_FILE: &str = "register.db";
/// The key-slot file.
pub const SLOTS_FILE: &str = "keyslots.bin";
/// The next key-slot file while the master key is rotated (see `rotation.rs`).
pub(crate) const SLOTS_NEXT_FILE: &str = "keyslots.next";
/// The plaintext profile: the register's name and id, shown before unlocking.
pub const PROFILE_FILE: &str = "profile.json";
/// Failed attempts, for the back-off.
pub const ATTEMPTS_FILE: &str = "attempts.json";

/// The lock taken from reading the key-slot file until the database is open, and
/// while the master key is rotated (empty).
pub(crate) const SLOTS_LOCK_FILE: &str = ".keyslots.lock";

/// The lock taken while an attempt is checked and counted (empty).
pub(crate) const ATTEMPTS_LOCK_FILE: &str = ".attempts.lock";

/// Every file a register folder may hold (the database's WAL and shared-memory files too),
/// besides the temporary files of interrupted writes (see [`TEMP_TARGETS`]).
pub(crate) const ALL_FILES: &[&str] = &[
    DATABASE_FILE,
    "register.db-wal",
    "register.db-shm",
    "register.db-journal",
    SLOTS_FILE,
    SLOTS_NEXT_FILE,
    PROFILE_FILE,
    ATTEMPTS_FILE,
    ATTEMPTS_LOCK_FILE,
    SLOTS_LOCK_FILE,
];

/// The files written through a temporary file (`.<name>.<random>.tmp`).
pub(crate) const TEMP_TARGETS: &[&str] =
    &[SLOTS_FILE, SLOTS_NEXT_FILE, PROFILE_FILE, ATTEMPTS_FILE];

/// What anyone may read about a register without unlocking it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Always `levensregister-profile`.
    pub format: String,
    /// Format version (1).
    pub version: u32,
    /// The register's random id, hex.
    pub id: String,
    /// The name the owner gave it ("Jan", "Oma Riet").
    pub name: String,
    /// Unix time of creation.
    pub created: u64,
}

impl Profile {
    /// Reads the profile of the register in `dir`.
    pub fn read(dir: &Path) -> Result<Profile> {
        let path = dir.join(PROFILE_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotARegister(dir.display().to_string()));
            }
            Err(e) => return Err(Error::io(format!("reading {}", path.display()), e)),
        };
        let profile: Profile = serde_json::from_slice(&bytes)
            .map_err(|_| Error::Damaged("the profile file cannot be read".into()))?;
        if profile.format != "levensregister-profile" || profile.version != 1 {
            return Err(Error::Damaged(
                "the profile file has an unknown format".into(),
            ));
        }
        Ok(profile)
    }

    pub(crate) fn write(&self, dir: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::io("writing the profile", e.into()))?;
        write_atomically(&dir.join(PROFILE_FILE), &bytes)
    }
}

/// True when `dir` holds a register: its key-slot file exists. Creation writes that file
/// last, so a folder with other files of ours but no key-slot file holds the remains of
/// a creation that did not finish (which [`crate::Vault::create`] clears away).
pub fn holds_register(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(SLOTS_FILE)).is_ok()
}

/// Removes every file of ours from `dir`, temporary files included (best effort).
pub(crate) fn remove_register_files(dir: &Path) {
    for file in ALL_FILES {
        let _ = std::fs::remove_file(dir.join(file));
    }
    crate::files::remove_temp_files(dir, TEMP_TARGETS);
}

pub(crate) fn path(dir: &Path, file: &str) -> PathBuf {
    dir.join(file)
}
