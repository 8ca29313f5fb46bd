//! The register's items as the rest of the program sees them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Who may see an item, and when: exports and reports choose what they include.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Visible to trusted persons now.
    #[default]
    Now,
    /// Visible when the owner can no longer act.
    Incapacity,
    /// Visible after the owner's death.
    Death,
}

impl Visibility {
    /// Parses `now`, `incapacity` or `death` (and the Dutch `nu`, `wilsonbekwaam`, `overlijden`).
    pub fn parse(text: &str) -> Option<Visibility> {
        match text.trim().to_lowercase().as_str() {
            "now" | "nu" => Some(Visibility::Now),
            "incapacity" | "wilsonbekwaam" | "wilsonbekwaamheid" => Some(Visibility::Incapacity),
            "death" | "overlijden" => Some(Visibility::Death),
            _ => None,
        }
    }

    /// The stable name used on disk and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Now => "now",
            Visibility::Incapacity => "incapacity",
            Visibility::Death => "death",
        }
    }
}

/// One entry of the register: a bank account, a wish, a person.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable random id (lowercase base32, 16 characters).
    pub id: String,
    /// Section slug, e.g. `finance`.
    pub section: String,
    /// Item type id within the section, e.g. `bank_account`.
    #[serde(rename = "type")]
    pub item_type: String,
    /// Field id to normalised value; empty fields are absent.
    pub fields: BTreeMap<String, String>,
    /// Who may see it, and when.
    pub visibility: Visibility,
    /// RFC 3339 UTC time of creation.
    pub created: String,
    /// RFC 3339 UTC time of the last change.
    pub changed: String,
}

/// What a caller supplies to create an item: raw field values, validated on save.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewItem {
    /// Section slug.
    pub section: String,
    /// Item type id within the section.
    #[serde(rename = "type")]
    pub item_type: String,
    /// Field id to raw value as typed by the user.
    pub fields: BTreeMap<String, String>,
    /// Who may see it, and when.
    pub visibility: Visibility,
}

/// A change to an existing item: fields to set (an empty value clears the field) and
/// optionally a new visibility.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChange {
    /// Field id to raw value; `""` clears the field.
    pub fields: BTreeMap<String, String>,
    /// New visibility, if it changes.
    pub visibility: Option<Visibility>,
}
