//! Errors of the vault, each with a stable code. None carries a secret.

/// The vault's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong when creating, opening or using a register's storage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The password (with this machine's Secret Key) does not open the register.
    #[error("wrong password (or a wrong Secret Key)")]
    WrongPassword,
    /// The authenticator code is not valid now.
    #[error("wrong authenticator code")]
    WrongCode,
    /// The authenticator code was valid but has been used before.
    #[error("this authenticator code was already used; wait for the next one")]
    CodeReused,
    /// Too many failed attempts; try again after this many seconds.
    #[error("too many failed attempts; try again in {0} seconds")]
    BackingOff(u64),
    /// The authenticator was never confirmed with a first code.
    #[error("the authenticator is not set up yet; confirm it with a first code (verify)")]
    NotEnrolled,
    /// The register is locked, or the code was not yet given.
    #[error("the register is locked")]
    Locked,
    /// A file of the register is damaged or was changed outside the program.
    #[error("the register is damaged or was changed outside Levensregister ({0})")]
    Damaged(String),
    /// The folder holds no register.
    #[error("no register found in {0}")]
    NotARegister(String),
    /// Refused to overwrite an existing register.
    #[error("a register already exists in {0}; refusing to overwrite it")]
    AlreadyExists(String),
    /// This machine does not know the register's Secret Key.
    #[error(
        "this machine does not know the register's Secret Key; enter it from the Emergency Kit"
    )]
    SecretKeyNeeded,
    /// The Secret Key as typed is not a valid Secret Key.
    #[error("this is not a valid Secret Key (check every character)")]
    InvalidSecretKey,
    /// Argon2 parameters below the floor, or otherwise unusable.
    #[error("key derivation parameters refused: {0}")]
    KdfParameters(String),
    /// The authenticator could not be set up (a bad register name, say).
    #[error("the authenticator could not be set up: {0}")]
    Authenticator(String),
    /// The OS keychain failed.
    #[error("the keychain failed: {0}")]
    Keychain(String),
    /// A key-slot file would exceed its format's limits (too many slots, say).
    #[error("the key-slot file cannot hold this: {0}")]
    SlotLimit(String),
    /// The recovery secret (from the Emergency Kit or shares) opens no recovery slot of
    /// this register: another register's, or a set that was replaced.
    #[error(
        "these recovery words do not open this register (they may belong to a replaced set or another register)"
    )]
    WrongRecoverySecret,
    /// Another program (or window) has the register open, and this step needs it alone.
    #[error("the register is open in another window or program; close it there and try again")]
    InUse,
    /// A change of keys was interrupted in a way that only the next open can settle:
    /// whether it came into force is not known yet.
    #[error(
        "the change of keys was interrupted ({0}); lock the register and open it again before going on"
    )]
    Unsettled(String),
    /// The key does not open this export file.
    #[error("these shares do not open this file")]
    WrongExportKey,
    /// The operating system's random number generator failed.
    #[error("no secure random numbers available")]
    Random,
    /// A database statement failed.
    #[error("database error: {0}")]
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
    /// A stable snake_case name the CLI and the UI branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::WrongPassword => "wrong_password",
            Error::WrongCode => "wrong_code",
            Error::CodeReused => "code_reused",
            Error::BackingOff(_) => "backing_off",
            Error::NotEnrolled => "not_enrolled",
            Error::Locked => "locked",
            Error::Damaged(_) => "vault_damaged",
            Error::NotARegister(_) => "not_a_register",
            Error::AlreadyExists(_) => "already_exists",
            Error::SecretKeyNeeded => "secret_key_needed",
            Error::InvalidSecretKey => "invalid_secret_key",
            Error::KdfParameters(_) => "kdf_parameters",
            Error::Authenticator(_) => "authenticator_error",
            Error::Keychain(_) => "keychain_error",
            Error::SlotLimit(_) => "slot_limit",
            Error::WrongRecoverySecret => "wrong_recovery_secret",
            Error::InUse => "register_in_use",
            Error::Unsettled(_) => "keys_unsettled",
            Error::WrongExportKey => "wrong_export_key",
            Error::Random => "random_failed",
            Error::Database(e) if is_damage(e) => "vault_damaged",
            Error::Database(_) => "database_error",
            Error::Io { .. } => "io_error",
        }
    }

    /// True when whether the change came into force is decided only at the next open
    /// ([`Error::Unsettled`]): what was made for it must be kept.
    pub fn is_unsettled(&self) -> bool {
        matches!(self, Error::Unsettled(_))
    }

    /// True when the error means authentication was refused.
    pub fn is_authentication(&self) -> bool {
        matches!(
            self,
            Error::WrongPassword
                | Error::WrongCode
                | Error::CodeReused
                | Error::BackingOff(_)
                | Error::NotEnrolled
                | Error::SecretKeyNeeded
                | Error::InvalidSecretKey
        )
    }

    /// The error for a person: Dutch when `dutch`, else English.
    pub fn message(&self, dutch: bool) -> String {
        if !dutch {
            return self.to_string();
        }
        match self {
            Error::WrongPassword => "verkeerd wachtwoord (of een verkeerde geheime sleutel)".into(),
            Error::WrongCode => "verkeerde code van de authenticator".into(),
            Error::CodeReused => {
                "deze code is al eens gebruikt; wacht op de volgende code in de authenticator"
                    .into()
            }
            Error::BackingOff(s) => {
                format!("te veel mislukte pogingen; probeer het over {s} seconden opnieuw")
            }
            Error::NotEnrolled => {
                "de authenticator is nog niet ingesteld; bevestig eerst met een code (verify)"
                    .into()
            }
            Error::Locked => "het register is vergrendeld".into(),
            Error::Damaged(what) => {
                format!("het register is beschadigd of buiten Levensregister veranderd ({what})")
            }
            Error::NotARegister(dir) => format!("geen register gevonden in {dir}"),
            Error::AlreadyExists(dir) => {
                format!("in {dir} staat al een register; dat wordt niet overschreven")
            }
            Error::SecretKeyNeeded => {
                "deze computer kent de geheime sleutel van het register niet; \
                 typ hem over van de noodkaart"
                    .into()
            }
            Error::InvalidSecretKey => {
                "dit is geen geldige geheime sleutel (controleer elk teken)".into()
            }
            Error::KdfParameters(why) => format!("sleutelafleiding geweigerd: {why}"),
            Error::Authenticator(why) => {
                format!("de authenticator kan niet worden ingesteld: {why}")
            }
            Error::Keychain(why) => format!("de sleutelhanger van het systeem faalt: {why}"),
            Error::SlotLimit(why) => format!("het sleutelbestand kan dit niet bevatten: {why}"),
            Error::WrongRecoverySecret => "deze herstelwoorden openen dit register niet (misschien horen ze bij een vervangen set of bij een ander register)".into(),
            Error::InUse => "het register is open in een ander venster of programma; \
                               sluit het daar en probeer het opnieuw"
                .into(),
            Error::Unsettled(why) => format!(
                "het wisselen van de sleutels is onderbroken ({why}); vergrendel het register \
                 en open het opnieuw voordat u verdergaat"
            ),
            Error::WrongExportKey => "deze deelsleutels openen dit bestand niet".into(),
            Error::Random => "geen veilige willekeurige getallen beschikbaar".into(),
            Error::Database(e) if is_damage(e) => {
                "het register is beschadigd of buiten Levensregister veranderd".into()
            }
            Error::Database(e) => format!("fout in de database: {e}"),
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

/// SQLCipher reports a page whose HMAC fails as "not a database" or "corrupt".
pub fn is_damage(error: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    matches!(
        error.sqlite_error_code(),
        Some(DatabaseCorrupt | NotADatabase)
    )
}
