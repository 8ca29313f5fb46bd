//! Errors as the UI receives them: `{code, message}`, the code stable for branching,
//! the message for a person in the app's language.

use levensregister_core::{Error, Lang, vault};
use levensregister_report::ReportError;
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

impl CommandError {
    /// A report that could not be made. Typst's own words stay out of the message: a
    /// template error may quote register text.
    pub fn report(error: &ReportError, lang: Lang) -> CommandError {
        CommandError {
            code: error.code().to_string(),
            message: lang
                .pick(
                    "Het overzicht kon niet worden gemaakt. Probeer een ander overzicht of neem contact op met de makers.",
                    "The report could not be made. Try another report or contact the makers.",
                )
                .into(),
        }
    }

    /// The PDF could not be written where the user chose.
    pub fn write(error: &vault::Error, lang: Lang) -> CommandError {
        let reason = match error {
            vault::Error::Io { source, .. } => source.to_string(),
            other => other.message(lang == Lang::Nl),
        };
        CommandError {
            code: "write_failed".into(),
            message: format!(
                "{} ({reason})",
                lang.pick(
                    "De PDF kon daar niet worden opgeslagen. Kies een andere map.",
                    "The PDF could not be saved there. Choose another folder.",
                )
            ),
        }
    }

    /// "Open" before anything was saved (or after the register locked).
    pub fn nothing_saved(lang: Lang) -> CommandError {
        CommandError {
            code: "nothing_saved".into(),
            message: lang
                .pick(
                    "Er is nog geen PDF opgeslagen. Kies eerst \"Opslaan als…\".",
                    "No PDF has been saved yet. Choose \"Save as…\" first.",
                )
                .into(),
        }
    }

    /// "Open" on the received-register screen before a file was chosen.
    pub fn no_file_chosen(lang: Lang) -> CommandError {
        CommandError {
            code: "no_file_chosen".into(),
            message: lang
                .pick(
                    "Kies eerst het bestand dat u hebt gekregen.",
                    "First choose the file you received.",
                )
                .into(),
        }
    }

    /// The system could not open the saved PDF (no PDF viewer, or the file is gone).
    pub fn open_failed(lang: Lang) -> CommandError {
        CommandError {
            code: "open_failed".into(),
            message: lang
                .pick(
                    "De PDF kon niet worden geopend. Open het bestand zelf vanuit de map waarin u het bewaarde.",
                    "The PDF could not be opened. Open the file yourself from the folder you saved it in.",
                )
                .into(),
        }
    }

    /// Work that ran on a background thread ended without an answer.
    pub fn interrupted(lang: Lang) -> CommandError {
        CommandError {
            code: "internal".into(),
            message: lang
                .pick(
                    "Er ging iets mis. Probeer het opnieuw.",
                    "Something went wrong. Please try again.",
                )
                .into(),
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;
