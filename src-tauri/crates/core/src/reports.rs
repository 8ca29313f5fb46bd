//! The data of the PDF reports: which items each report includes, in the reader's
//! language, as the JSON the Typst templates read.
//!
//! This module decides *what* a report shows (the selection per report, the
//! visibility filter, labels from the catalogue, values through [`fields::display`],
//! person references resolved to names); `levensregister-report` decides how it
//! looks and renders it. Core never depends on Typst.
//!
//! # Visibility filter
//!
//! A report is made for a moment, and includes what trusted persons may see then:
//! [`VisibilityFilter::Now`] only items visible now; [`VisibilityFilter::Incapacity`]
//! items visible now or on incapacity; [`VisibilityFilter::Death`] (the default)
//! every item, since after death everything visible earlier stays visible. A person
//! reference to a person the filter leaves out shows "(not in this report)" rather
//! than the name.
//!
//! # JSON shape
//!
//! ```json
//! { "kind": "full", "lang": "nl", "register": "Oma Riet",
//!   "today": "2025-03-01", "date": "1 maart 2025",
//!   "visibility": { "id": "death", "label": "…" },
//!   "sections": [ { "id": "finance", "title": "Bank en geldzaken", "description": "…",
//!       "items": [ { "id": "…", "type": "Bankrekening", "title": "…",
//!           "visibility": "nu",
//!           "fields": [ { "id": "iban", "label": "IBAN", "value": "NL91 ABNA …" } ] } ] } ],
//!   "groups": [ { "title": "…", "contacts": [ { "name": "…", "roles": ["…"],
//!       "details": [ { "label": "Telefoon", "value": "…" } ] } ] } ] }
//! ```
//! `groups` is present only in the contacts report. A section without (included)
//! items is present with `"items": []`, so the report can say it is not filled in yet.

mod contacts;
mod selection;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use time::Date;

use crate::catalogue::{Catalogue, FieldKind, ItemType};
use crate::error::{Error, Result};
use crate::fields;
use crate::lang::Lang;
use crate::model::{Item, Visibility};
use crate::session::Session;
use crate::store::item_title_in;

pub use selection::ReportKind;

/// Which items a report includes, by the moment it is made for (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum VisibilityFilter {
    /// Only items visible now.
    Now,
    /// Items visible now or on incapacity.
    Incapacity,
    /// Every item (visible now, on incapacity or after death).
    #[default]
    Death,
}

impl VisibilityFilter {
    /// Parses `now`, `incapacity`, `death` (and the Dutch words [`Visibility::parse`] takes).
    pub fn parse(text: &str) -> Option<VisibilityFilter> {
        Visibility::parse(text).map(|v| match v {
            Visibility::Now => VisibilityFilter::Now,
            Visibility::Incapacity => VisibilityFilter::Incapacity,
            Visibility::Death => VisibilityFilter::Death,
        })
    }

    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            VisibilityFilter::Now => "now",
            VisibilityFilter::Incapacity => "incapacity",
            VisibilityFilter::Death => "death",
        }
    }

    /// Whether an item with this visibility is included.
    pub fn includes(self, visibility: Visibility) -> bool {
        match self {
            VisibilityFilter::Now => visibility == Visibility::Now,
            VisibilityFilter::Incapacity => visibility != Visibility::Death,
            VisibilityFilter::Death => true,
        }
    }

    /// What the report includes, as a sentence part.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            VisibilityFilter::Now => {
                lang.pick("alleen wat nu al zichtbaar is", "only what is visible now")
            }
            VisibilityFilter::Incapacity => lang.pick(
                "wat nu of bij wilsonbekwaamheid zichtbaar is",
                "what is visible now or on incapacity",
            ),
            VisibilityFilter::Death => lang.pick(
                "alles (ook wat pas na overlijden zichtbaar is)",
                "everything (including what is visible only after death)",
            ),
        }
    }
}

/// What report to prepare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    /// Which report.
    pub kind: ReportKind,
    /// The section, for [`ReportKind::Section`] (ignored otherwise).
    pub section: Option<String>,
    /// The language of the labels and values.
    pub lang: Lang,
    /// Which items to include.
    pub visibility: VisibilityFilter,
}

/// The JSON the report's template reads, from the open register.
pub fn report_data(
    session: &mut Session,
    request: &ReportRequest,
    register_name: &str,
    today: Date,
) -> Result<Value> {
    if request.kind == ReportKind::AccessSheet {
        return Ok(access_sheet_data(request.lang, today));
    }
    let items = session.items(None)?;
    data_from_items(&items, request, register_name, today)
}

/// The JSON of the blank access-code sheet: no register data, no login needed.
pub fn access_sheet_data(lang: Lang, today: Date) -> Value {
    json!({
        "kind": ReportKind::AccessSheet.id(),
        "lang": lang.code(),
        "register": "",
        "today": iso_date(today),
        "date": long_date(today, lang),
    })
}

/// [`report_data`] over a list of items (all of the register's items).
pub(crate) fn data_from_items(
    items: &[Item],
    request: &ReportRequest,
    register_name: &str,
    today: Date,
) -> Result<Value> {
    let catalogue = Catalogue::builtin();
    let lang = request.lang;
    let included: Vec<&Item> = items
        .iter()
        .filter(|item| request.visibility.includes(item.visibility))
        .collect();
    let people = People::new(items, request.visibility);
    let mut data = json!({
        "kind": request.kind.id(),
        "lang": lang.code(),
        "register": register_name,
        "today": iso_date(today),
        "date": long_date(today, lang),
        "visibility": { "id": request.visibility.id(), "label": request.visibility.label(lang) },
    });
    let blocks = selection::blocks(request.kind, request.section.as_deref())?;
    let mut sections = Vec::new();
    for block in &blocks {
        let section = catalogue
            .section(block.section)
            .ok_or_else(|| Error::UnknownSection(block.section.to_owned()))?;
        let items: Vec<Value> = included
            .iter()
            .filter(|item| item.section == section.id && block.takes_type(&item.item_type))
            .map(|item| item_json(item, block, &people, lang))
            .collect();
        sections.push(json!({
            "id": section.id,
            "title": section.label.get(lang),
            "description": section.description.get(lang),
            "items": items,
        }));
    }
    data["sections"] = Value::Array(sections);
    if request.kind == ReportKind::Contacts {
        data["groups"] = contacts::groups(&included, &people, lang);
    }
    Ok(data)
}

fn item_json(item: &Item, block: &selection::Block, people: &People, lang: Lang) -> Value {
    let ty = Catalogue::builtin().item_type(&item.section, &item.item_type);
    json!({
        "id": item.id,
        "type": ty.map_or(item.item_type.as_str(), |t| t.label.get(lang)),
        "title": item_title_in(item, lang),
        "visibility": visibility_label(item.visibility, lang),
        "fields": ty.map_or_else(Vec::new, |ty| field_rows(item, ty, block, people, lang)),
    })
}

/// The item's filled-in fields in catalogue order, as label and display value.
pub(crate) fn field_rows(
    item: &Item,
    ty: &ItemType,
    block: &selection::Block,
    people: &People,
    lang: Lang,
) -> Vec<Value> {
    ty.fields
        .iter()
        .filter(|field| block.takes_field(&field.id))
        .filter_map(|field| {
            let stored = item.fields.get(&field.id)?;
            Some(json!({
                "id": field.id,
                "label": field.label.get(lang),
                "value": display(field, stored, people, lang),
            }))
        })
        .collect()
}

/// A stored value as the reader sees it; person references become names.
pub(crate) fn display(
    field: &crate::catalogue::Field,
    stored: &str,
    people: &People,
    lang: Lang,
) -> String {
    match field.kind {
        FieldKind::PersonRef => people.name(stored, lang),
        _ => fields::display(field, stored, lang),
    }
}

/// The register's trusted persons by id, and which of them the report may name.
pub(crate) struct People {
    names: BTreeMap<String, (String, bool)>,
}

impl People {
    fn new(items: &[Item], filter: VisibilityFilter) -> People {
        let names = items
            .iter()
            .filter(|item| item.section == "trusted_persons" && item.item_type == "person")
            .map(|item| {
                let name = item_title_in(item, Lang::Nl);
                (item.id.clone(), (name, filter.includes(item.visibility)))
            })
            .collect();
        People { names }
    }

    fn name(&self, id: &str, lang: Lang) -> String {
        match self.names.get(id) {
            Some((name, true)) => name.clone(),
            Some((_, false)) => lang
                .pick("(niet in dit overzicht)", "(not in this report)")
                .into(),
            None => lang
                .pick("(verwijderde persoon)", "(removed person)")
                .into(),
        }
    }
}

fn visibility_label(visibility: Visibility, lang: Lang) -> &'static str {
    match visibility {
        Visibility::Now => lang.pick("nu", "now"),
        Visibility::Incapacity => lang.pick("bij wilsonbekwaamheid", "on incapacity"),
        Visibility::Death => lang.pick("na overlijden", "after death"),
    }
}

pub(crate) fn iso_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

pub(crate) fn long_date(date: Date, lang: Lang) -> String {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = usize::from(u8::from(date.month())) - 1;
    let name = match lang {
        Lang::Nl => NL[month],
        Lang::En => EN[month],
    };
    format!("{} {name} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests;
