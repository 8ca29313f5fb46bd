//! Errors as the UI receives them: `{code, message}`, the code stable for branching,
//! the message for a person in the app's language.

use levensregister_core::{Error, Lang};
use serde::Serialize;

/// A failed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CommandError {
    /// Stable snake_case code (`wrong_password`, `code_reused`, `locked`, …).
    pub code: String,
    /// For a person, in the app's language.
    pub message: String,
}

impl CommandError {
    /// Maps a core error in `lang`.
    pub fn new(error: &Error, lang: Lang) -> CommandError {
        CommandError {
            code: error.code().to_string(),
            message: error.message(lang),
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;
