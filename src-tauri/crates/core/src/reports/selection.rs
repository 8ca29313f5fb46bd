//! The report catalogue and what each report takes from the register.

use crate::catalogue::Catalogue;
use crate::error::{Error, Result};

/// One report of the catalogue. The same ids as `levensregister-report`'s kinds,
/// which render them; core keeps its own enum so it need not depend on Typst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// Every section, item and field.
    Full,
    /// The first 48 hours: trusted persons, GP, medical and end-of-life wishes,
    /// funeral wishes in short, where the documents are.
    Emergency,
    /// One section.
    Section,
    /// Every person and organisation named.
    Contacts,
    /// Banking and money, insurance, pension, housing.
    Financial,
    /// The funeral wishes and the details an undertaker needs.
    Funeral,
    /// The blank access-code sheet (no register data).
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

    /// The stable id, e.g. `full` or `access-sheet`.
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
}

/// Part of a report: one section, optionally only some item types and fields.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub section: &'static str,
    types: Option<&'static [&'static str]>,
    fields: Option<&'static [&'static str]>,
}

impl Block {
    const fn all(section: &'static str) -> Block {
        Block {
            section,
            types: None,
            fields: None,
        }
    }

    const fn only(
        section: &'static str,
        types: &'static [&'static str],
        fields: Option<&'static [&'static str]>,
    ) -> Block {
        Block {
            section,
            types: Some(types),
            fields,
        }
    }

    /// Whether items of this type belong in the block.
    pub fn takes_type(&self, item_type: &str) -> bool {
        self.types.is_none_or(|types| types.contains(&item_type))
    }

    /// Whether this field is shown.
    pub fn takes_field(&self, field: &str) -> bool {
        self.fields.is_none_or(|fields| fields.contains(&field))
    }
}

/// What report `kind` includes, in order.
pub(crate) fn blocks(kind: ReportKind, section: Option<&str>) -> Result<Vec<Block>> {
    let catalogue = Catalogue::builtin();
    Ok(match kind {
        ReportKind::Full | ReportKind::Contacts => catalogue
            .sections()
            .iter()
            .filter_map(|s| builtin_id(&s.id).map(Block::all))
            .collect(),
        ReportKind::Section => {
            let wanted = section.unwrap_or_default();
            let id = catalogue
                .section(wanted)
                .and_then(|s| builtin_id(&s.id))
                .ok_or_else(|| Error::UnknownSection(wanted.to_owned()))?;
            vec![Block::all(id)]
        }
        ReportKind::Emergency => vec![
            Block::only(
                "trusted_persons",
                &["person"],
                Some(&["name", "role", "phone", "email", "address"]),
            ),
            Block::only(
                "medical",
                &[
                    "gp",
                    "donor_registration",
                    "euthanasia_declaration",
                    "treatment_ban",
                    "advance_directive",
                    "medication",
                    "health_insurer",
                ],
                None,
            ),
            Block::only(
                "funeral",
                &["funeral_wishes", "funeral_insurance"],
                Some(&[
                    "burial_or_cremation",
                    "place",
                    "address_list_location",
                    "insurer",
                    "policy_number",
                    "phone",
                ]),
            ),
            Block::only(
                "legal",
                &["testament", "levenstestament"],
                Some(&[
                    "notary",
                    "original_location",
                    "executor",
                    "financial_attorney",
                    "medical_attorney",
                ]),
            ),
            Block::all("documents"),
        ],
        ReportKind::Financial => vec![
            Block::all("finance"),
            Block::all("insurance"),
            Block::all("pension"),
            Block::all("housing"),
        ],
        ReportKind::Funeral => vec![
            Block::all("funeral"),
            Block::only(
                "personal",
                &["person", "address"],
                Some(&[
                    "full_name",
                    "date_of_birth",
                    "place_of_birth",
                    "bsn",
                    "nationality",
                    "marital_status",
                    "street",
                    "postcode",
                    "city",
                    "country",
                ]),
            ),
        ],
        ReportKind::AccessSheet => Vec::new(),
    })
}

/// The catalogue's section ids as `'static` strings (the catalogue is a static).
fn builtin_id(id: &str) -> Option<&'static str> {
    Catalogue::builtin()
        .sections()
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.id.as_str())
}
