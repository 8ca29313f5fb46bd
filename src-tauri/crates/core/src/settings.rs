//! This machine's preferences of the app: language and auto-lock time. Not secret,
//! kept as JSON in the user's config folder; a damaged file falls back to defaults.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::lang::Lang;

/// The app's preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    /// The language of the app.
    pub lang: Lang,
    /// Minutes without activity after which an open register locks itself.
    pub auto_lock_minutes: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: Lang::Nl,
            auto_lock_minutes: 5,
        }
    }
}

impl Settings {
    /// The shortest and longest auto-lock times offered.
    pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=120;

    /// The default location: `$XDG_CONFIG_HOME/levensregister/settings.json`.
    pub fn default_path() -> PathBuf {
        directories::ProjectDirs::from("nl", "Levensregister", "levensregister")
            .map(|dirs| dirs.config_dir().join("settings.json"))
            .unwrap_or_else(|| PathBuf::from("levensregister-settings.json"))
    }

    /// Reads the settings; a missing or damaged file gives the defaults.
    pub fn load(path: &Path) -> Settings {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Settings>(&bytes).ok())
            .filter(|s| Settings::AUTO_LOCK_RANGE.contains(&s.auto_lock_minutes))
            .unwrap_or_default()
    }

    /// Checks and writes the settings.
    pub fn save(&self, path: &Path) -> Result<()> {
        if !Settings::AUTO_LOCK_RANGE.contains(&self.auto_lock_minutes) {
            return Err(Error::InvalidSetting);
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| Error::io("settings", e.into()))?;
        let temp = path.with_extension("json.tmp");
        std::fs::write(&temp, bytes)
            .map_err(|e| Error::io(format!("writing {}", temp.display()), e))?;
        std::fs::rename(&temp, path)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_fallbacks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("settings.json");
        assert_eq!(Settings::load(&path), Settings::default());
        let chosen = Settings {
            lang: Lang::En,
            auto_lock_minutes: 15,
        };
        chosen.save(&path).unwrap();
        assert_eq!(Settings::load(&path), chosen);
        assert!(
            Settings {
                lang: Lang::En,
                auto_lock_minutes: 0
            }
            .save(&path)
            .is_err()
        );
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
    }
}
