//! Shapes that exist only between the UI and this shell.

use std::path::Path;

use levensregister_core::{
    Catalogue, Item, Lang, ReportKind, ReportRequest, SecretWarning, Visibility, VisibilityFilter,
};
use serde::{Deserialize, Serialize};
use time::Date;

mod trusted;

pub use trusted::*;

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

/// A report of the catalogue, as the UI names it (core's `ReportKind`, with serde and
/// TypeScript derives core does not carry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ReportId {
    /// Volledig overzicht.
    Full,
    /// Noodoverzicht.
    Emergency,
    /// Per onderdeel (needs a section).
    Section,
    /// Contactenlijst.
    Contacts,
    /// Financieel overzicht.
    Financial,
    /// Uitvaartwensen.
    Funeral,
    /// Toegangscodelijst: the blank access-code sheet.
    AccessSheet,
}

impl From<ReportId> for ReportKind {
    fn from(id: ReportId) -> ReportKind {
        match id {
            ReportId::Full => ReportKind::Full,
            ReportId::Emergency => ReportKind::Emergency,
            ReportId::Section => ReportKind::Section,
            ReportId::Contacts => ReportKind::Contacts,
            ReportId::Financial => ReportKind::Financial,
            ReportId::Funeral => ReportKind::Funeral,
            ReportId::AccessSheet => ReportKind::AccessSheet,
        }
    }
}

/// The choices on the Reports screen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
pub struct ReportOptions {
    /// Which report.
    pub kind: ReportId,
    /// The section, for the per-section report.
    pub section: Option<String>,
    /// The report's language (not necessarily the app's).
    pub lang: Lang,
    /// The moment the report is made for: items visible then are included.
    pub visibility: Visibility,
}

impl ReportOptions {
    /// What core prepares the data for.
    pub fn request(&self) -> ReportRequest {
        ReportRequest {
            kind: self.kind.into(),
            section: self.section.clone(),
            lang: self.lang,
            visibility: visibility_filter(self.visibility),
        }
    }

    /// The name the save dialog suggests, e.g. `Volledig overzicht 2025-03-01.pdf`.
    pub fn file_name(&self, today: Date) -> String {
        let lang = self.lang;
        let title = match self.kind {
            ReportId::Full => lang.pick("Volledig overzicht", "Full overview"),
            ReportId::Emergency => lang.pick("Noodoverzicht", "Emergency overview"),
            ReportId::Section => Catalogue::builtin()
                .section(self.section.as_deref().unwrap_or_default())
                .map_or(lang.pick("Onderdeel", "Section"), |s| s.label.get(lang)),
            ReportId::Contacts => lang.pick("Contactenlijst", "Contact list"),
            ReportId::Financial => lang.pick("Financieel overzicht", "Financial overview"),
            ReportId::Funeral => lang.pick("Uitvaartwensen", "Funeral wishes"),
            ReportId::AccessSheet => lang.pick("Toegangscodelijst", "Access-code sheet"),
        };
        format!("{title} {}.pdf", iso_day(today))
    }
}

/// The items a moment includes: those visible then (or earlier).
pub fn visibility_filter(moment: Visibility) -> VisibilityFilter {
    match moment {
        Visibility::Now => VisibilityFilter::Now,
        Visibility::Incapacity => VisibilityFilter::Incapacity,
        Visibility::Death => VisibilityFilter::Death,
    }
}

/// `2025-03-01`, for file names.
fn iso_day(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// Page 1 of a report, ready for an `<img>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ReportPreview {
    /// `data:image/png;base64,…`
    pub image: String,
    /// How many pages the whole report has.
    pub pages: u32,
}

impl ReportPreview {
    /// Encodes the report crate's preview.
    pub fn new(preview: &levensregister_report::Preview) -> ReportPreview {
        ReportPreview {
            image: format!(
                "data:image/png;base64,{}",
                data_encoding::BASE64.encode(&preview.png)
            ),
            pages: u32::try_from(preview.pages).unwrap_or(u32::MAX),
        }
    }
}

/// Where a report was saved, to tell the user (the path itself stays in the app).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SavedReport {
    /// The file's name.
    pub file_name: String,
    /// The folder it is in.
    pub folder: String,
}

impl SavedReport {
    /// Describes `path`.
    pub fn new(path: &Path) -> SavedReport {
        SavedReport {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            folder: path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(kind: ReportId, section: Option<&str>, lang: Lang) -> ReportOptions {
        ReportOptions {
            kind,
            section: section.map(Into::into),
            lang,
            visibility: Visibility::Death,
        }
    }

    #[test]
    fn the_ids_are_cores_ids() {
        let all = [
            ReportId::Full,
            ReportId::Emergency,
            ReportId::Section,
            ReportId::Contacts,
            ReportId::Financial,
            ReportId::Funeral,
            ReportId::AccessSheet,
        ];
        assert_eq!(all.len(), ReportKind::ALL.len());
        for id in all {
            let json = serde_json::to_value(id).unwrap_or_default();
            assert_eq!(json, ReportKind::from(id).id(), "{id:?}");
        }
    }

    #[test]
    fn options_become_a_request() {
        let mut chosen = options(ReportId::Section, Some("finance"), Lang::En);
        chosen.visibility = Visibility::Incapacity;
        let request = chosen.request();
        assert_eq!(request.kind, ReportKind::Section);
        assert_eq!(request.section.as_deref(), Some("finance"));
        assert_eq!(request.lang, Lang::En);
        assert_eq!(request.visibility, VisibilityFilter::Incapacity);
    }

    #[test]
    fn the_suggested_file_name_names_the_report_and_the_day() {
        let day = time::macros::date!(2025 - 03 - 01);
        assert_eq!(
            options(ReportId::Full, None, Lang::Nl).file_name(day),
            "Volledig overzicht 2025-03-01.pdf"
        );
        assert_eq!(
            options(ReportId::AccessSheet, None, Lang::En).file_name(day),
            "Access-code sheet 2025-03-01.pdf"
        );
        let section = options(ReportId::Section, Some("finance"), Lang::Nl).file_name(day);
        assert_eq!(section, "Bank en geldzaken 2025-03-01.pdf");
        assert_eq!(
            options(ReportId::Section, Some("nonsense"), Lang::En).file_name(day),
            "Section 2025-03-01.pdf"
        );
    }

    #[test]
    fn a_saved_report_is_shown_by_name_and_folder() {
        let saved = SavedReport::new(Path::new("/home/riet/Documenten/overzicht.pdf"));
        assert_eq!(saved.file_name, "overzicht.pdf");
        assert_eq!(saved.folder, "/home/riet/Documenten");
    }
}
