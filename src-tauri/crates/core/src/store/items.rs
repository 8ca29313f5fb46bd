//! The register's items: add, edit, remove, read and list them, and the change log.
//!
//! Every write validates against the catalogue first (see `validation`), then writes
//! the item and its change-log entry in one transaction. The change log's summary is
//! the item's title and nothing else, so it never repeats a field value beyond the one
//! the catalogue marks as the title.
//!
//! Removing a trusted person that other items reference is allowed: the references are
//! left as they are (dangling), so reading and showing those items still works and the
//! person can be re-entered. A person reference must name an item of type `person` in
//! the `trusted_persons` section (a note in that section is not a person). Refusing the removal would trap the user; silently
//! clearing references would lose what they wrote. Editing an item checks only the
//! person references that the edit sets or changes, so an old dangling reference does
//! not block unrelated edits.

use std::collections::BTreeMap;

use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior};
use serde::Serialize;
use time::OffsetDateTime;

use crate::catalogue::Catalogue;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::model::{Item, ItemChange, NewItem, Visibility};
use crate::secret_warning::SecretWarning;

use super::search;
use super::validation::{PERSON_TYPE, TRUSTED_PERSONS, apply_fields, check_person_refs, item_type};

/// The columns [`item_from_row`] reads, in its order.
pub(crate) const ITEM_COLUMNS: &str =
    "id, section, item_type, visibility, fields_json, created, changed";

/// What happened to an item, as recorded in the change log.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeAction {
    /// The item was created (by hand or by an import).
    Add,
    /// The item was changed (by hand, or replaced by an import).
    Edit,
    /// The item was removed.
    Remove,
}

impl ChangeAction {
    /// The stable name stored in the database and used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Add => "add",
            ChangeAction::Edit => "edit",
            ChangeAction::Remove => "remove",
        }
    }

    fn parse(text: &str) -> Option<ChangeAction> {
        match text {
            "add" => Some(ChangeAction::Add),
            "edit" => Some(ChangeAction::Edit),
            "remove" => Some(ChangeAction::Remove),
            _ => None,
        }
    }
}

/// One line of the register's change log.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeEntry {
    /// Increasing sequence number.
    pub seq: i64,
    /// RFC 3339 UTC time of the change.
    pub at: String,
    /// The item that changed (it may no longer exist).
    pub item_id: String,
    /// The item's section at the time.
    pub section: String,
    /// What happened.
    pub action: ChangeAction,
    /// The item's title at the time; never any other field value.
    pub summary: String,
}

/// Validates `new` against the catalogue and stores it, logging an `add`.
///
/// Returns the stored item (values normalised) and warnings for values that look like
/// secrets; those are saved anyway, the caller shows the warnings.
pub fn add_item(conn: &mut Connection, new: &NewItem) -> Result<(Item, Vec<SecretWarning>)> {
    let ty = item_type(&new.section, &new.item_type)?;
    let checked = apply_fields(ty, BTreeMap::new(), &new.fields)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    check_person_refs(&checked.person_refs, |id| is_trusted_person(&tx, id))?;
    let now = now_utc();
    let item = Item {
        id: new_id()?,
        section: new.section.clone(),
        item_type: new.item_type.clone(),
        fields: checked.fields,
        visibility: new.visibility,
        created: now.clone(),
        changed: now,
    };
    insert_row(&tx, &item)?;
    log_change(&tx, &item.changed, &item, ChangeAction::Add)?;
    tx.commit()?;
    Ok((item, checked.warnings))
}

/// Applies `change` to the item `id`, logging an `edit`.
///
/// An empty value clears a field; a required field cannot be cleared. A change that
/// leaves the item as it was writes nothing and logs nothing.
pub fn edit_item(
    conn: &mut Connection,
    id: &str,
    change: &ItemChange,
) -> Result<(Item, Vec<SecretWarning>)> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut item = find_item(&tx, id)?.ok_or_else(|| Error::ItemNotFound(id.to_owned()))?;
    let ty = item_type(&item.section, &item.item_type)?;
    let checked = apply_fields(ty, item.fields.clone(), &change.fields)?;
    check_person_refs(&checked.person_refs, |person| {
        is_trusted_person(&tx, person)
    })?;
    let visibility = change.visibility.unwrap_or(item.visibility);
    if checked.fields == item.fields && visibility == item.visibility {
        return Ok((item, checked.warnings));
    }
    item.fields = checked.fields;
    item.visibility = visibility;
    item.changed = now_utc();
    update_row(&tx, &item)?;
    log_change(&tx, &item.changed, &item, ChangeAction::Edit)?;
    tx.commit()?;
    Ok((item, checked.warnings))
}

/// Removes the item `id`, logging a `remove`, and returns what was removed.
///
/// References to a removed trusted person are left dangling (see the module doc).
pub fn remove_item(conn: &mut Connection, id: &str) -> Result<Item> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let item = find_item(&tx, id)?.ok_or_else(|| Error::ItemNotFound(id.to_owned()))?;
    tx.execute("DELETE FROM items WHERE id = ?1", [id])?;
    log_change(&tx, &now_utc(), &item, ChangeAction::Remove)?;
    tx.commit()?;
    Ok(item)
}

/// The item `id`, or [`Error::ItemNotFound`].
pub fn get_item(conn: &Connection, id: &str) -> Result<Item> {
    find_item(conn, id)?.ok_or_else(|| Error::ItemNotFound(id.to_owned()))
}

/// All items, or those of one section, in catalogue section order, then oldest first.
pub fn list_items(conn: &Connection, section: Option<&str>) -> Result<Vec<Item>> {
    let mut items = match section {
        Some(section) => {
            if Catalogue::builtin().section(section).is_none() {
                return Err(Error::UnknownSection(section.to_owned()));
            }
            let sql = format!(
                "SELECT {ITEM_COLUMNS} FROM items WHERE section = ?1 ORDER BY created, rowid"
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map([section], item_from_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        }
        None => {
            let sql = format!("SELECT {ITEM_COLUMNS} FROM items ORDER BY created, rowid");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map([], item_from_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        }
    };
    sort_items(&mut items);
    Ok(items)
}

/// The item's title in Dutch; see [`item_title_in`].
pub fn item_title(item: &Item) -> String {
    item_title_in(item, Lang::default())
}

/// The value of the item type's title field, or else the type's label in `lang`
/// (the type id when the catalogue no longer knows the type).
pub fn item_title_in(item: &Item, lang: Lang) -> String {
    match item_type(&item.section, &item.item_type) {
        Ok(ty) => match item.fields.get(&ty.title_field) {
            Some(title) if !title.trim().is_empty() => title.clone(),
            _ => ty.label.get(lang).to_owned(),
        },
        Err(_) => item.item_type.clone(),
    }
}

/// The newest `limit` change-log entries, newest first.
pub fn change_log(conn: &Connection, limit: usize) -> Result<Vec<ChangeEntry>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare(
        "SELECT seq, at, item_id, section, action, summary FROM change_log ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |row| {
        let action: String = row.get(4)?;
        Ok(ChangeEntry {
            seq: row.get(0)?,
            at: row.get(1)?,
            item_id: row.get(2)?,
            section: row.get(3)?,
            action: ChangeAction::parse(&action)
                .ok_or_else(|| bad_column(4, "unknown change action"))?,
            summary: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Orders items by their section's place in the catalogue, keeping the existing
/// order within a section; sections the catalogue does not know go last.
pub(crate) fn sort_items(items: &mut [Item]) {
    let sections = Catalogue::builtin().sections();
    items.sort_by_key(|item| {
        sections
            .iter()
            .position(|s| s.id == item.section)
            .unwrap_or(usize::MAX)
    });
}

/// Reads one item row selected with [`ITEM_COLUMNS`].
pub(crate) fn item_from_row(row: &Row<'_>) -> rusqlite::Result<Item> {
    let visibility: String = row.get(3)?;
    let fields_json: String = row.get(4)?;
    let fields = serde_json::from_str(&fields_json)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, Type::Text, Box::new(e)))?;
    Ok(Item {
        id: row.get(0)?,
        section: row.get(1)?,
        item_type: row.get(2)?,
        visibility: Visibility::parse(&visibility)
            .ok_or_else(|| bad_column(3, "unknown visibility"))?,
        fields,
        created: row.get(5)?,
        changed: row.get(6)?,
    })
}

fn bad_column(index: usize, why: &'static str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, why.into())
}

/// The item `id`, if it exists.
pub(crate) fn find_item(conn: &Connection, id: &str) -> Result<Option<Item>> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM items WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], item_from_row).optional()?)
}

/// Whether `id` is a person in the trusted-persons section.
pub(crate) fn is_trusted_person(conn: &Connection, id: &str) -> Result<bool> {
    let found = conn
        .query_row(
            "SELECT 1 FROM items WHERE id = ?1 AND section = ?2 AND item_type = ?3",
            [id, TRUSTED_PERSONS, PERSON_TYPE],
            |_| Ok(()),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Inserts a new item row, with its search text.
pub(crate) fn insert_row(conn: &Connection, item: &Item) -> Result<()> {
    write_row(
        conn,
        "INSERT INTO items (id, section, item_type, visibility, fields_json, created, changed, search_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        item,
    )
}

/// Overwrites an existing item row (keeping its rowid, so list order is stable).
pub(crate) fn update_row(conn: &Connection, item: &Item) -> Result<()> {
    write_row(
        conn,
        "UPDATE items SET section = ?2, item_type = ?3, visibility = ?4, fields_json = ?5,
                          created = ?6, changed = ?7, search_text = ?8
         WHERE id = ?1",
        item,
    )
}

/// Runs `sql` with the item's columns as parameters ?1 to ?8.
fn write_row(conn: &Connection, sql: &str, item: &Item) -> Result<()> {
    conn.execute(
        sql,
        (
            &item.id,
            &item.section,
            &item.item_type,
            item.visibility.as_str(),
            fields_json(&item.fields)?,
            &item.created,
            &item.changed,
            search::search_text(&item.fields),
        ),
    )?;
    Ok(())
}

fn fields_json(fields: &BTreeMap<String, String>) -> Result<String> {
    serde_json::to_string(fields)
        .map_err(|e| Error::Database(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
}

/// Appends a change-log entry; the summary is the item's title only.
pub(crate) fn log_change(
    conn: &Connection,
    at: &str,
    item: &Item,
    action: ChangeAction,
) -> Result<()> {
    conn.execute(
        "INSERT INTO change_log (at, item_id, section, action, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
        (at, &item.id, &item.section, action.as_str(), item_title(item)),
    )?;
    Ok(())
}

/// The current time as RFC 3339 UTC with whole seconds, e.g. `2025-03-01T09:30:00Z`.
pub(crate) fn now_utc() -> String {
    format_utc(OffsetDateTime::now_utc())
}

/// Formats a moment as RFC 3339 UTC with whole seconds.
pub(crate) fn format_utc(moment: OffsetDateTime) -> String {
    let t = moment.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A fresh item id: 10 random bytes as 16 lowercase base32 characters.
pub(crate) fn new_id() -> Result<String> {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::io(
            "reading random bytes for an item id",
            std::io::Error::other(e),
        )
    })?;
    Ok(data_encoding::BASE32_NOPAD
        .encode(&bytes)
        .to_ascii_lowercase())
}

/// Whether `id` has the syntax of an item id (16 characters of `a-z` and `2-7`).
pub(crate) fn is_valid_id(id: &str) -> bool {
    id.len() == 16
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))
}
