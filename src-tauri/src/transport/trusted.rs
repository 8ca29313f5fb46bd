//! Shapes of the trusted-persons screens that exist only between the UI and this shell:
//! what was made and where (never a share's words), and the names the dialogs suggest.

use std::path::Path;

use levensregister_core::{ExportSummary, Lang, ShareSet};
use serde::Serialize;
use time::Date;

/// A share set just made: its number, k of n, and where the sheets are. The words
/// went into the PDFs only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SharesMade {
    /// The set's number.
    pub set_id: u16,
    /// How many sheets open the register.
    pub threshold: u8,
    /// How many sheets were made.
    pub count: u8,
    /// The folder the sheets are in.
    pub folder: String,
    /// The sheets' file names, one per holder, in share order.
    pub files: Vec<String>,
}

impl SharesMade {
    /// Describes `set`, whose sheets `files` are in `folder`.
    pub fn new(set: &ShareSet, folder: &Path, files: Vec<String>) -> SharesMade {
        SharesMade {
            set_id: set.set_id,
            threshold: set.threshold,
            count: u8::try_from(set.shares.len()).unwrap_or(u8::MAX),
            folder: folder.display().to_string(),
            files,
        }
    }
}

/// The export for trusted persons just written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TrustedExportMade {
    /// The share set whose sheets open it.
    pub set_id: u16,
    /// Sheets needed.
    pub threshold: u8,
    /// Sheets in the set.
    pub count: u8,
    /// Items included.
    pub items: usize,
    /// The file's name.
    pub file_name: String,
    /// The folder it is in.
    pub folder: String,
}

impl TrustedExportMade {
    /// Describes the export `summary` written to `path`.
    pub fn new(summary: &ExportSummary, path: &Path) -> TrustedExportMade {
        let saved = super::SavedReport::new(path);
        TrustedExportMade {
            set_id: summary.set_id,
            threshold: summary.threshold,
            count: summary.count,
            items: summary.items,
            file_name: saved.file_name,
            folder: saved.folder,
        }
    }
}

/// `share-<number>-<holder>.pdf` (core's file stem, the same as the command line's).
pub fn share_sheet_file_name(number: u8, holder: &str) -> String {
    format!(
        "{}.pdf",
        levensregister_core::share_sheet_file_stem(number, holder)
    )
}

/// The name the save dialog suggests for the export.
pub fn trusted_export_file_name(lang: Lang, today: Date) -> String {
    format!(
        "{} {}.tar",
        lang.pick(
            "Levensregister voor vertrouwenspersonen",
            "Levensregister for trusted persons"
        ),
        super::iso_day(today)
    )
}

/// The name the save dialog suggests for the Emergency Kit.
pub fn emergency_kit_file_name(lang: Lang, today: Date) -> String {
    format!(
        "{} {}.pdf",
        lang.pick("Noodset Levensregister", "Levensregister Emergency Kit"),
        super::iso_day(today)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_is_named_by_number_and_holder() {
        assert_eq!(
            share_sheet_file_name(1, "Anna de Vries"),
            "share-1-anna-de-vries.pdf"
        );
        assert_eq!(
            share_sheet_file_name(2, "José Ñúñez"),
            "share-2-josé-ñúñez.pdf"
        );
        assert_eq!(share_sheet_file_name(3, "../../etc"), "share-3-etc.pdf");
        assert_eq!(share_sheet_file_name(4, " /\\ "), "share-4-holder.pdf");
        assert_eq!(
            share_sheet_file_name(16, "Piet  (zoon)"),
            "share-16-piet-zoon.pdf"
        );
    }

    #[test]
    fn the_dialogs_suggest_names_with_the_day() {
        let day = time::macros::date!(2026 - 11 - 26);
        assert_eq!(
            trusted_export_file_name(Lang::Nl, day),
            "Levensregister voor vertrouwenspersonen 2026-11-26.tar"
        );
        assert_eq!(
            trusted_export_file_name(Lang::En, day),
            "Levensregister for trusted persons 2026-11-26.tar"
        );
        assert_eq!(
            emergency_kit_file_name(Lang::Nl, day),
            "Noodset Levensregister 2026-11-26.pdf"
        );
    }
}
