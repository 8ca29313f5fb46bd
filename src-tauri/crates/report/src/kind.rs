//! The report catalogue.

/// One report of the catalogue; each has its own template in `assets/reports/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// Volledig overzicht: every section, item and field.
    Full,
    /// Noodoverzicht: what is needed in the first 48 hours.
    Emergency,
    /// One section of the register.
    Section,
    /// Contactenlijst: every person and organisation named.
    Contacts,
    /// Financieel overzicht: accounts, insurance, pensions, loans.
    Financial,
    /// Uitvaartwensen: ready to hand to an undertaker.
    Funeral,
    /// Toegangscodelijst: a blank form, no register data.
    AccessSheet,
}

impl ReportKind {
    /// Every report, in catalogue order.
    pub const ALL: [ReportKind; 7] = [
        ReportKind::Full,
        ReportKind::Emergency,
        ReportKind::Section,
        ReportKind::Contacts,
        ReportKind::Financial,
        ReportKind::Funeral,
        ReportKind::AccessSheet,
    ];

    /// The stable id (also the CLI's name for it).
    pub fn id(self) -> &'static str {
        match self {
            ReportKind::Full => "full",
            ReportKind::Emergency => "emergency",
            ReportKind::Section => "section",
            ReportKind::Contacts => "contacts",
            ReportKind::Financial => "financial",
            ReportKind::Funeral => "funeral",
            ReportKind::AccessSheet => "access-sheet",
        }
    }

    /// Parses an id (`access_sheet` is accepted too).
    pub fn parse(id: &str) -> Option<ReportKind> {
        let id = id.trim().to_ascii_lowercase().replace('_', "-");
        ReportKind::ALL.into_iter().find(|kind| kind.id() == id)
    }

    /// The template's file name in `assets/reports/`.
    pub fn template(self) -> &'static str {
        match self {
            ReportKind::Full => "full.typ",
            ReportKind::Emergency => "emergency.typ",
            ReportKind::Section => "section.typ",
            ReportKind::Contacts => "contacts.typ",
            ReportKind::Financial => "financial.typ",
            ReportKind::Funeral => "funeral.typ",
            ReportKind::AccessSheet => "access_sheet.typ",
        }
    }
}
