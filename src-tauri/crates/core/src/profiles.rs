//! The registers on this machine: one folder each under a root folder (partner and
//! family members each have their own), listed by their plaintext profile.

use std::path::{Path, PathBuf};

use levensregister_vault::Profile;
use serde::Serialize;

use crate::error::{Error, Result};

/// A register as the profile list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileSummary {
    /// The register's id (hex).
    pub id: String,
    /// The name its owner gave it.
    pub name: String,
    /// Unix time of creation.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub created: u64,
}

/// Every readable register under `root`, by name. Folders that are not registers, or
/// whose profile is damaged, are left out (they are not this program's to show).
pub fn list_profiles(root: &Path) -> Vec<ProfileSummary> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut profiles: Vec<ProfileSummary> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| Profile::read(&entry.path()).ok())
        .map(|p| ProfileSummary {
            id: p.id,
            name: p.name,
            created: p.created,
        })
        .collect();
    profiles.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    profiles
}

/// The folder of the register with this id.
pub fn profile_dir(root: &Path, id: &str) -> Result<PathBuf> {
    let entries =
        std::fs::read_dir(root).map_err(|e| Error::io(format!("reading {}", root.display()), e))?;
    entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .find(|dir| Profile::read(dir).is_ok_and(|p| p.id == id))
        .ok_or_else(|| levensregister_vault::Error::NotARegister(id.to_string()).into())
}

/// A new, unused folder under `root` for a register called `name`: the name in plain
/// lowercase letters and digits, with a number added when it is taken.
pub fn new_register_dir(root: &Path, name: &str) -> PathBuf {
    let mut slug: String = crate::store::fold(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    slug.truncate(40);
    if slug.is_empty() {
        slug = "register".into();
    }
    let mut candidate = root.join(&slug);
    let mut number = 2;
    while candidate.exists() {
        candidate = root.join(format!("{slug}-{number}"));
        number += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_plain_and_unique() {
        let root = tempfile::tempdir().unwrap();
        let first = new_register_dir(root.path(), "Oma Riët / thuis");
        assert_eq!(first.file_name().unwrap(), "oma-riet-thuis");
        std::fs::create_dir(&first).unwrap();
        assert_eq!(
            new_register_dir(root.path(), "Oma Riët / thuis")
                .file_name()
                .unwrap(),
            "oma-riet-thuis-2"
        );
        assert_eq!(
            new_register_dir(root.path(), "???").file_name().unwrap(),
            "register"
        );
    }

    #[test]
    fn missing_root_lists_nothing() {
        assert!(list_profiles(Path::new("/nonexistent/levensregister")).is_empty());
    }
}
