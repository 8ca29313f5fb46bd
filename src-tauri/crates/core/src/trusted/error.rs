//! What can go wrong with shares, share sets and exports, worded for a person in Dutch
//! and English. No variant carries a share's words except the one word a person typed
//! wrong, so they can correct it.

use levensregister_recovery::{QrImageError, ShareError};

use crate::lang::Lang;

/// Errors of the trusted-persons features.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrustedError {
    /// Share number `share` (1-based, in the order given) could not be read.
    #[error("share {share}: {error}")]
    Share {
        /// Which share, 1-based.
        share: usize,
        /// Why.
        error: ShareError,
    },
    /// The shares could not be combined.
    #[error("{0}")]
    Combine(ShareError),
    /// The shares are of another set than the file (or register) needs.
    #[error(
        "these shares belong to share set {have}; this needs set {need} (an older, replaced set cannot open it)"
    )]
    WrongSet {
        /// The set of the shares given.
        have: u16,
        /// The set that is needed.
        need: u16,
    },
    /// No QR code could be read from an image.
    #[error("{file}: {error}")]
    QrImage {
        /// The image's name.
        file: String,
        /// Why.
        error: QrImageError,
    },
    /// A share set cannot be made like this.
    #[error("{0}")]
    InvalidShareSet(String),
    /// A trusted person without a name.
    #[error("every trusted person needs a name")]
    HolderWithoutName,
    /// A trusted person named twice.
    #[error("'{0}' is named twice")]
    HolderTwice(String),
    /// Fewer than 2 or more than 16 trusted persons.
    #[error("a share set has 2 to 16 trusted persons")]
    HolderCount,
    /// A threshold below 2 or above the number of persons.
    #[error(
        "the number of shares needed must be from 2 to {count} (the number of trusted persons)"
    )]
    Threshold {
        /// The number of trusted persons.
        count: usize,
    },
    /// No share set was made yet (an export needs one).
    #[error("make shares for your trusted persons first")]
    NoShareSet,
    /// The file is not a Levensregister export.
    #[error("this is not a Levensregister export: {0}")]
    NotAnExport(String),
    /// The export's register copy does not match its header's checksum.
    #[error("the export file is damaged: {0}")]
    ExportDamaged(String),
    /// A newer version made the export.
    #[error("this export was made by a newer version of Levensregister (format {0})")]
    ExportTooNew(u32),
}

impl TrustedError {
    /// A stable snake_case name the CLI and the UI branch on.
    pub fn code(&self) -> &'static str {
        match self {
            TrustedError::Share { .. } => "invalid_share",
            TrustedError::Combine(
                ShareError::TooFewShares { .. } | ShareError::TooFewGroups { .. },
            ) => "too_few_shares",
            TrustedError::Combine(ShareError::MixedSets) => "mixed_shares",
            TrustedError::Combine(ShareError::Duplicate { .. }) => "duplicate_share",
            TrustedError::Combine(_) => "shares_do_not_fit",
            TrustedError::WrongSet { .. } => "wrong_share_set",
            TrustedError::QrImage { .. } => "no_qr_code",
            TrustedError::InvalidShareSet(_)
            | TrustedError::HolderWithoutName
            | TrustedError::HolderTwice(_)
            | TrustedError::HolderCount
            | TrustedError::Threshold { .. } => "invalid_share_set",
            TrustedError::NoShareSet => "no_share_set",
            TrustedError::NotAnExport(_) => "not_an_export",
            TrustedError::ExportDamaged(_) => "export_damaged",
            TrustedError::ExportTooNew(_) => "export_too_new",
        }
    }

    /// The error for a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            TrustedError::Share { share, error } => {
                format!("deelsleutel {share}: {}", share_message(error))
            }
            TrustedError::Combine(error) => share_message(error),
            TrustedError::WrongSet { have, need } => format!(
                "deze deelsleutels horen bij set {have}; nodig is set {need} (een oudere, vervangen set opent dit niet)"
            ),
            TrustedError::QrImage { file, error } => match error {
                QrImageError::NoCode => format!("{file}: geen QR-code gevonden in de afbeelding"),
                QrImageError::Image(why) => {
                    format!("{file}: geen leesbare PNG- of JPEG-afbeelding ({why})")
                }
                _ => format!("{file}: {error}"),
            },
            TrustedError::InvalidShareSet(why) => why.clone(),
            TrustedError::HolderWithoutName => {
                "elke vertrouwenspersoon heeft een naam nodig".into()
            }
            TrustedError::HolderTwice(name) => format!("'{name}' staat er twee keer in"),
            TrustedError::HolderCount => "een set heeft 2 tot 16 vertrouwenspersonen".into(),
            TrustedError::Threshold { count } => format!(
                "het aantal benodigde deelsleutels moet 2 tot {count} zijn (het aantal vertrouwenspersonen)"
            ),
            TrustedError::NoShareSet => {
                "maak eerst deelsleutels voor uw vertrouwenspersonen".into()
            }
            TrustedError::NotAnExport(why) => {
                format!("dit is geen export van Levensregister: {why}")
            }
            TrustedError::ExportDamaged(why) => format!("het exportbestand is beschadigd: {why}"),
            TrustedError::ExportTooNew(v) => {
                format!(
                    "deze export is gemaakt met een nieuwere versie van Levensregister (formaat {v})"
                )
            }
        }
    }
}

/// A share problem in plain Dutch.
fn share_message(error: &ShareError) -> String {
    match error {
        ShareError::UnknownWord { position, word } => {
            format!("woord {position}, \"{word}\", staat niet in de woordenlijst; kijk het na")
        }
        ShareError::AmbiguousWord { position, word } => {
            format!("woord {position}, \"{word}\", is te kort: typ minstens de eerste vier letters")
        }
        ShareError::WrongLength { words } => {
            format!("een deelsleutel heeft 20 of 33 woorden, niet {words}")
        }
        ShareError::Checksum => {
            "een woord is verkeerd overgetypt: de controle klopt niet; kijk elk woord na".into()
        }
        ShareError::MixedSets => "deze deelsleutels horen bij verschillende sets".into(),
        ShareError::Duplicate { member_index } => format!(
            "deelsleutel nummer {} is twee keer gegeven",
            u16::from(*member_index) + 1
        ),
        ShareError::TooFewShares { have, need } => {
            format!("{have} van de {need} benodigde deelsleutels gegeven")
        }
        ShareError::TooFewGroups { have, need } => {
            format!("deelsleutels van {have} van de {need} benodigde groepen gegeven")
        }
        ShareError::Digest => "de deelsleutels passen niet bij elkaar".into(),
        other => format!("de deelsleutel is beschadigd ({other})"),
    }
}
