//! Everything that can go wrong in the register, with a stable code per kind.
//!
//! `code()` is what the CLI and the UI branch on; `message(lang)` is for a person.
//! No variant ever carries a secret.

use levensregister_vault::is_damage;

use crate::lang::Lang;
use crate::password::PasswordProblem;

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a single field value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FieldError {
    /// Not a date, or a date that does not exist.
    #[error("not a valid date (use YYYY-MM-DD or DD-MM-YYYY)")]
    Date,
    /// Not a phone number.
    #[error("not a valid phone number")]
    Phone,
    /// Not an e-mail address.
    #[error("not a valid e-mail address")]
    Email,
    /// Wrong length, unknown country or failing the mod-97 check.
    #[error("not a valid IBAN")]
    Iban,
    /// Not an amount of money.
    #[error("not a valid amount of money")]
    Money,
    /// Not one of the field's choices; carries the allowed option ids.
    #[error("not one of the choices: {0}")]
    Choice(String),
    /// Not yes or no.
    #[error("answer yes or no")]
    YesNo,
    /// Not the id of a trusted person in this register.
    #[error("not a person in this register")]
    PersonRef,
    /// Longer than the field allows.
    #[error("too long")]
    TooLong,
}

impl FieldError {
    /// The reason for a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FieldError::Date, Lang::Nl) => {
                "geen geldige datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)".into()
            }
            (FieldError::Phone, Lang::Nl) => "geen geldig telefoonnummer".into(),
            (FieldError::Email, Lang::Nl) => "geen geldig e-mailadres".into(),
            (FieldError::Iban, Lang::Nl) => "geen geldig IBAN-rekeningnummer".into(),
            (FieldError::Money, Lang::Nl) => "geen geldig bedrag".into(),
            (FieldError::Choice(options), Lang::Nl) => format!("kies een van: {options}"),
            (FieldError::YesNo, Lang::Nl) => "antwoord ja of nee".into(),
            (FieldError::PersonRef, Lang::Nl) => "geen persoon in dit register".into(),
            (FieldError::TooLong, Lang::Nl) => "te lang".into(),
            (other, Lang::En) => other.to_string(),
        }
    }
}

/// Errors of the register and its sessions.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Storage, crypto or authentication failure below the register.
    #[error(transparent)]
    Vault(#[from] levensregister_vault::Error),
    /// The password does not meet the rules; carries the reasons.
    #[error("password too weak: {}", reasons(.0, Lang::En))]
    WeakPassword(Vec<PasswordProblem>),
    /// A setting outside its allowed range.
    #[error("this setting is out of range")]
    InvalidSetting,
    /// The text is too long for a QR code.
    #[error("too long for a QR code")]
    InvalidQr,
    /// A register needs a name.
    #[error("give the register a name")]
    InvalidName,
    /// No section with this id.
    #[error("unknown section '{0}'")]
    UnknownSection(String),
    /// No item type with this id in the section.
    #[error("unknown item type '{item_type}' in section '{section}'")]
    UnknownItemType {
        /// Section slug.
        section: String,
        /// The type that was asked for.
        item_type: String,
    },
    /// The item type has no field with this id.
    #[error("item type '{item_type}' has no field '{field}'")]
    UnknownField {
        /// Item type id.
        item_type: String,
        /// The field that was asked for.
        field: String,
    },
    /// A required field is empty.
    #[error("field '{0}' is required")]
    MissingField(String),
    /// A field value was refused.
    #[error("field '{field}': {reason}")]
    InvalidField {
        /// Field id.
        field: String,
        /// Why.
        reason: FieldError,
    },
    /// No item with this id.
    #[error("no item with id '{0}'")]
    ItemNotFound(String),
    /// An import file was refused before anything was changed.
    #[error("import refused, nothing changed: {0}")]
    InvalidImport(String),
    /// The database holds a schema newer than this program knows.
    #[error("this register was made by a newer version (schema {0})")]
    SchemaTooNew(u32),
    /// Shares, share sets, exports.
    #[error(transparent)]
    Trusted(#[from] crate::trusted::TrustedError),
    /// The database refused a statement.
    #[error("database error")]
    Database(#[from] rusqlite::Error),
    /// Reading or writing a file failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// True when whether a change of keys came into force is decided only at the next
    /// open: keep what was made for it (a share set's sheets, say).
    pub fn is_unsettled(&self) -> bool {
        matches!(self, Error::Vault(inner) if inner.is_unsettled())
    }

    /// A stable snake_case name the CLI and the UI branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Vault(inner) => inner.code(),
            Error::WeakPassword(_) => "weak_password",
            Error::InvalidName => "invalid_name",
            Error::InvalidSetting => "invalid_setting",
            Error::InvalidQr => "invalid_qr",
            Error::UnknownSection(_) => "unknown_section",
            Error::UnknownItemType { .. } => "unknown_item_type",
            Error::UnknownField { .. } => "unknown_field",
            Error::MissingField(_) => "missing_field",
            Error::InvalidField { .. } => "invalid_field",
            Error::ItemNotFound(_) => "not_found",
            Error::InvalidImport(_) => "invalid_import",
            Error::SchemaTooNew(_) => "schema_too_new",
            Error::Trusted(inner) => inner.code(),
            Error::Database(e) if is_damage(e) => "vault_damaged",
            Error::Database(_) => "database_error",
            Error::Io { .. } => "io_error",
        }
    }

    /// The error for a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return match self {
                Error::Vault(inner) => inner.message(false),
                other => other.to_string(),
            };
        }
        match self {
            Error::Vault(inner) => inner.message(true),
            Error::WeakPassword(problems) => {
                format!("wachtwoord te zwak: {}", reasons(problems, Lang::Nl))
            }
            Error::InvalidName => "geef het register een naam".into(),
            Error::InvalidSetting => "deze instelling valt buiten de grenzen".into(),
            Error::InvalidQr => "te lang voor een QR-code".into(),
            Error::UnknownSection(s) => format!("onbekende rubriek '{s}'"),
            Error::UnknownItemType { section, item_type } => {
                format!("onbekend soort gegeven '{item_type}' in rubriek '{section}'")
            }
            Error::UnknownField { item_type, field } => {
                format!("'{item_type}' heeft geen veld '{field}'")
            }
            Error::MissingField(f) => format!("veld '{f}' moet ingevuld zijn"),
            Error::InvalidField { field, reason } => {
                format!("veld '{field}': {}", reason.message(Lang::Nl))
            }
            Error::ItemNotFound(id) => format!("geen gegeven met nummer '{id}'"),
            Error::InvalidImport(why) => format!("import geweigerd, er is niets veranderd: {why}"),
            Error::SchemaTooNew(v) => {
                format!("dit register is gemaakt met een nieuwere versie (schema {v})")
            }
            Error::Trusted(inner) => inner.message(Lang::Nl),
            Error::Database(e) if is_damage(e) => {
                "het register is beschadigd of buiten Levensregister veranderd".into()
            }
            Error::Database(_) => "fout in de database".into(),
            Error::Io { context, source } => format!("{context}: {source}"),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

fn reasons(problems: &[PasswordProblem], lang: Lang) -> String {
    problems
        .iter()
        .map(|p| p.message(lang))
        .collect::<Vec<_>>()
        .join("; ")
}
