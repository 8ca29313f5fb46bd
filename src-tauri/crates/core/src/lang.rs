//! The two languages of every label and message.

use serde::{Deserialize, Serialize};

/// A language the register speaks. Dutch first, English complete.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Nederlands (the default).
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Parses `nl` or `en` (case-insensitive; `nl_NL.UTF-8`-style locales too).
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code.starts_with("nl") {
            Some(Lang::Nl)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`),
    /// Dutch when it names neither Dutch nor English.
    pub fn from_environment() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::from_code(&value))
            .unwrap_or_default()
    }

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}
