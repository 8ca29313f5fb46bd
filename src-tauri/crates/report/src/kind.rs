//! Which template renders which report of the catalogue. The catalogue itself
//! ([`ReportKind`]) belongs to `levensregister-core`, which prepares each report's data.

use levensregister_core::ReportKind;

/// The template's file name in `assets/reports/`.
pub(crate) fn template(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Full => "full.typ",
        ReportKind::Emergency => "emergency.typ",
        ReportKind::Section => "section.typ",
        ReportKind::Contacts => "contacts.typ",
        ReportKind::Financial => "financial.typ",
        ReportKind::Funeral => "funeral.typ",
        ReportKind::AccessSheet => "access_sheet.typ",
    }
}
