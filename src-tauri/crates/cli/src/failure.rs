//! How the command line fails: a one-line message and an exit code per kind.
//!
//! 0 ok; 2 usage; 3 authentication refused; 4 register damaged, tampered or not a
//! register; 5 not found; 6 refused to destroy data; 1 anything else.

use levensregister_core::{Error, Lang, vault};

/// A failure ready to print.
#[derive(Debug)]
pub struct Failure {
    /// The process exit code.
    pub exit_code: u8,
    /// For a person, in their language.
    pub message: String,
}

impl Failure {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            exit_code: 2,
            message: message.into(),
        }
    }

    /// A register error, in `lang`.
    pub fn from_core(error: &Error, lang: Lang) -> Failure {
        Failure {
            exit_code: exit_code(error.code()),
            message: error.message(lang),
        }
    }

    /// Maps a vault error to a failure in `lang` (for `map_err`).
    pub fn vault(lang: Lang) -> impl Fn(vault::Error) -> Failure {
        move |error| Failure::from_core(&Error::Vault(error), lang)
    }

    /// The same exit code with nothing more to print.
    pub fn already_reported(self) -> Failure {
        Failure {
            exit_code: self.exit_code,
            message: String::new(),
        }
    }

    /// An I/O error on the terminal.
    pub fn io(error: &std::io::Error) -> Failure {
        Failure {
            exit_code: 1,
            message: error.to_string(),
        }
    }

    /// An I/O error on a file the user named.
    pub fn file(path: &std::path::Path, error: &std::io::Error) -> Failure {
        Failure {
            exit_code: 1,
            message: format!("{}: {error}", path.display()),
        }
    }
}

/// The exit code for an error code.
pub fn exit_code(code: &str) -> u8 {
    match code {
        "wrong_password" | "wrong_code" | "code_reused" | "backing_off" | "not_enrolled"
        | "secret_key_needed" | "invalid_secret_key" | "locked" => 3,
        // Shares that do not open the register or the file.
        "invalid_share"
        | "too_few_shares"
        | "mixed_shares"
        | "duplicate_share"
        | "shares_do_not_fit"
        | "wrong_share_set"
        | "wrong_recovery_secret"
        | "wrong_export_key" => 3,
        "vault_damaged" | "not_a_register" | "schema_too_new" | "not_an_export"
        | "export_damaged" | "export_too_new" => 4,
        "not_found" => 5,
        "already_exists" => 6,
        "weak_password" | "invalid_name" | "unknown_section" | "unknown_item_type"
        | "unknown_field" | "missing_field" | "invalid_field" | "invalid_import"
        | "kdf_parameters" | "usage" | "invalid_share_set" | "no_share_set" | "no_qr_code" => 2,
        _ => 1,
    }
}
