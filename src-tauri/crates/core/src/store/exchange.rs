//! The JSON exchange format: a whole register as one document, to export and import.
//!
//! # Format, version 1
//!
//! A UTF-8 JSON object with exactly these members (unknown members are refused, so
//! nothing in a file is ever silently dropped):
//!
//! - `format` — string, always `"levensregister-export"`.
//! - `version` — integer, `1`. A higher version is refused as made by a newer program.
//! - `exported` — string, RFC 3339 time the file was written (informational).
//! - `items` — array of items, each an object with exactly these members (the same
//!   shape as the CLI's `--json` output of an item):
//!   - `id` — string, 16 characters of lowercase base32 (`a-z`, `2-7`): 10 random bytes.
//!     Unique within the file.
//!   - `section` — string, a section id from the catalogue (e.g. `finance`).
//!   - `type` — string, an item type id within that section (e.g. `bank_account`).
//!   - `fields` — object, field id → string value. Only fields of the item type;
//!     every required field present; each value valid for its field kind (dates
//!     `YYYY-MM-DD`, IBANs checked, and so on) and stored in canonical form. Empty
//!     fields are left out. A person-reference field holds the `id` of a `person`
//!     item in the `trusted_persons` section, already in the register or in this file.
//!   - `visibility` — string, `"now"`, `"incapacity"` or `"death"`.
//!   - `created`, `changed` — strings, RFC 3339 times; stored as UTC with whole
//!     seconds (`2025-03-01T09:30:00Z`).
//! - `reviews` — object, section id → date (`YYYY-MM-DD`) the section was last reviewed.
//!
//! # Import rules
//!
//! The whole file is checked before anything is written; any problem refuses the
//! import with [`Error::InvalidImport`] naming the item (1-based position and id) and
//! the field, and the register is left exactly as it was. Then everything is written
//! in one transaction. An item whose id already exists replaces that item (logged as
//! `edit`; an identical item is left alone and not logged); a new id is kept as given
//! (logged as `add`). Items in the register that the file does not mention are kept.
//! Each review date in the file replaces the section's stored date.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::catalogue::Catalogue;
use crate::error::{Error, Result};
use crate::model::Item;

use super::items::{
    ChangeAction, find_item, format_utc, insert_row, is_valid_id, list_items, log_change, now_utc,
    update_row,
};
use super::reviews::{format_date, parse_date};
use super::validation::{PERSON_TYPE, TRUSTED_PERSONS, apply_fields, item_type};

/// The value of `format` in every export.
pub const EXPORT_FORMAT: &str = "levensregister-export";

/// The newest `version` of the format this program reads and the one it writes.
pub const EXPORT_VERSION: u32 = 1;

const TOP_MEMBERS: [&str; 5] = ["format", "version", "exported", "items", "reviews"];
const ITEM_MEMBERS: [&str; 7] = [
    "id",
    "section",
    "type",
    "fields",
    "visibility",
    "created",
    "changed",
];

/// A whole register in the exchange format (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDocument {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// The format version, [`EXPORT_VERSION`].
    pub version: u32,
    /// RFC 3339 UTC time of the export.
    pub exported: String,
    /// Every item, in register order.
    pub items: Vec<Item>,
    /// Section id to the date (`YYYY-MM-DD`) it was last reviewed.
    pub reviews: BTreeMap<String, String>,
}

/// What an import changed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ImportSummary {
    /// Items with a new id, added.
    pub added: usize,
    /// Items whose id existed, replaced.
    pub replaced: usize,
    /// Items whose id existed with exactly the same content, left alone.
    pub unchanged: usize,
    /// Section review dates written.
    pub reviews: usize,
}

/// The whole register as an exchange document.
pub fn export_document(conn: &Connection) -> Result<ExportDocument> {
    let mut reviews = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT section, last_reviewed FROM section_reviews")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        reviews.insert(row.get(0)?, row.get(1)?);
    }
    Ok(ExportDocument {
        format: EXPORT_FORMAT.to_owned(),
        version: EXPORT_VERSION,
        exported: now_utc(),
        items: list_items(conn, None)?,
        reviews,
    })
}

/// Checks a whole exchange document, then writes it in one transaction.
///
/// On any error nothing has changed; the error names the item and field.
pub fn import_document(conn: &mut Connection, json: &str) -> Result<ImportSummary> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| refuse(format!("not valid JSON ({e})")))?;
    let top = value
        .as_object()
        .ok_or_else(|| refuse("not a JSON object".into()))?;
    check_members(top, &TOP_MEMBERS, "the document")?;
    check_header(top)?;
    let raw_items = top
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| refuse("'items' must be a list".into()))?;
    let raw_reviews = top
        .get("reviews")
        .and_then(Value::as_object)
        .ok_or_else(|| refuse("'reviews' must be an object".into()))?;

    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut items = Vec::with_capacity(raw_items.len());
    let mut refs = Vec::with_capacity(raw_items.len());
    let mut ids = BTreeSet::new();
    for (index, raw) in raw_items.iter().enumerate() {
        let (item, person_refs) = check_item(index, raw)?;
        if !ids.insert(item.id.clone()) {
            return Err(refuse(format!(
                "{}: the id appears twice in the file",
                at_item(index, &item.id)
            )));
        }
        items.push(item);
        refs.push(person_refs);
    }

    // Persons a reference may name: those in the register that the file does not move
    // out of the section, and those in the file.
    let mut persons: BTreeSet<String> = {
        let mut stmt = tx.prepare("SELECT id FROM items WHERE section = ?1 AND item_type = ?2")?;
        let rows = stmt.query_map([TRUSTED_PERSONS, PERSON_TYPE], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for item in &items {
        if item.section == TRUSTED_PERSONS && item.item_type == PERSON_TYPE {
            persons.insert(item.id.clone());
        } else {
            persons.remove(&item.id);
        }
    }
    for (index, (item, person_refs)) in items.iter().zip(&refs).enumerate() {
        if let Some((field, id)) = person_refs.iter().find(|(_, id)| !persons.contains(id)) {
            return Err(refuse(format!(
                "{}: field '{field}': '{id}' is not a trusted person in the register or the file",
                at_item(index, &item.id)
            )));
        }
    }

    let mut reviews = Vec::with_capacity(raw_reviews.len());
    for (section, date) in raw_reviews {
        if Catalogue::builtin().section(section).is_none() {
            return Err(refuse(format!("reviews: unknown section '{section}'")));
        }
        let date = date
            .as_str()
            .and_then(parse_date)
            .ok_or_else(|| refuse(format!("reviews: '{section}' must be a date YYYY-MM-DD")))?;
        reviews.push((section.clone(), format_date(date)));
    }

    let mut summary = ImportSummary {
        reviews: reviews.len(),
        ..ImportSummary::default()
    };
    let now = now_utc();
    for item in &items {
        match find_item(&tx, &item.id)? {
            Some(existing) if existing == *item => summary.unchanged += 1,
            Some(_) => {
                update_row(&tx, item)?;
                log_change(&tx, &now, item, ChangeAction::Edit)?;
                summary.replaced += 1;
            }
            None => {
                insert_row(&tx, item)?;
                log_change(&tx, &now, item, ChangeAction::Add)?;
                summary.added += 1;
            }
        }
    }
    for (section, date) in &reviews {
        tx.execute(
            "INSERT INTO section_reviews (section, last_reviewed) VALUES (?1, ?2)
             ON CONFLICT (section) DO UPDATE SET last_reviewed = excluded.last_reviewed",
            (section, date),
        )?;
    }
    tx.commit()?;
    Ok(summary)
}

fn check_header(top: &Map<String, Value>) -> Result<()> {
    if top.get("format").and_then(Value::as_str) != Some(EXPORT_FORMAT) {
        return Err(refuse(format!(
            "not a Levensregister export ('format' must be \"{EXPORT_FORMAT}\")"
        )));
    }
    match top.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(EXPORT_VERSION) => {}
        Some(v) if v > u64::from(EXPORT_VERSION) => {
            return Err(refuse(format!(
                "format version {v} is newer than this program reads ({EXPORT_VERSION})"
            )));
        }
        _ => return Err(refuse(format!("'version' must be {EXPORT_VERSION}"))),
    }
    top.get("exported")
        .and_then(Value::as_str)
        .and_then(parse_time)
        .ok_or_else(|| refuse("'exported' must be an RFC 3339 time".into()))?;
    Ok(())
}

/// One item checked against the catalogue, normalised, with its person references.
fn check_item(index: usize, raw: &Value) -> Result<(Item, Vec<(String, String)>)> {
    let id_hint = raw.get("id").and_then(Value::as_str).unwrap_or("?");
    let object = raw
        .as_object()
        .ok_or_else(|| refuse(format!("item {}: not an object", index + 1)))?;
    check_members(object, &ITEM_MEMBERS, &at_item(index, id_hint))?;
    // Checked by hand so that a refusal never quotes a value, which may be a secret.
    if let Some(fields) = object.get("fields").and_then(Value::as_object)
        && let Some((name, _)) = fields.iter().find(|(_, value)| !value.is_string())
    {
        return Err(refuse(format!(
            "{}: field '{name}' must be a string",
            at_item(index, id_hint)
        )));
    }
    let mut item: Item =
        Item::deserialize(raw).map_err(|e| refuse(format!("{}: {e}", at_item(index, id_hint))))?;
    let at = at_item(index, &item.id);
    if !is_valid_id(&item.id) {
        return Err(refuse(format!(
            "{at}: not a valid id (16 characters a-z, 2-7)"
        )));
    }
    let ty = item_type(&item.section, &item.item_type).map_err(|e| refuse(format!("{at}: {e}")))?;
    let checked = apply_fields(ty, BTreeMap::new(), &item.fields)
        .map_err(|e| refuse(format!("{at}: {e}")))?;
    item.fields = checked.fields;
    for (name, stamp) in [
        ("created", &mut item.created),
        ("changed", &mut item.changed),
    ] {
        let moment = parse_time(stamp)
            .ok_or_else(|| refuse(format!("{at}: '{name}' must be an RFC 3339 time")))?;
        *stamp = format_utc(moment);
    }
    Ok((item, checked.person_refs))
}

fn check_members(object: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<()> {
    match object.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(refuse(format!("{what}: unknown member '{key}'"))),
        None => Ok(()),
    }
}

fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// "item 3 (id abc…)", 1-based as a person counts.
fn at_item(index: usize, id: &str) -> String {
    format!("item {} (id {id})", index + 1)
}

fn refuse(why: String) -> Error {
    Error::InvalidImport(why)
}
