//! Shapes that exist only between the UI and this shell.

use levensregister_core::{Item, Lang, SecretWarning};
use serde::Serialize;

/// Whether a register is open, for a UI that starts or reloads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AppStatus {
    /// A register is open.
    pub open: bool,
    /// The app's language.
    pub lang: Lang,
}

/// A saved item and the warnings about values that look like secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SavedItem {
    /// The item as stored.
    pub item: Item,
    /// One sentence per field that looks like a password or PIN.
    pub warnings: Vec<String>,
}

impl SavedItem {
    /// Puts the warnings into words.
    pub fn new((item, warnings): (Item, Vec<SecretWarning>), lang: Lang) -> SavedItem {
        SavedItem {
            item,
            warnings: warnings.iter().map(|w| w.message(lang)).collect(),
        }
    }
}

/// The strength meter: a score and the rules a new password breaks, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PasswordRating {
    /// 0 (weak) to 4 (strong).
    pub score: u8,
    /// True when the password may be used.
    pub acceptable: bool,
    /// Every rule it breaks, in plain words.
    pub reasons: Vec<String>,
}

impl PasswordRating {
    /// Puts a rating into words.
    pub fn new(strength: levensregister_core::PasswordStrength, lang: Lang) -> PasswordRating {
        PasswordRating {
            score: strength.score,
            acceptable: strength.acceptable(),
            reasons: strength
                .problems
                .iter()
                .map(|p| p.message(lang).to_string())
                .collect(),
        }
    }
}
