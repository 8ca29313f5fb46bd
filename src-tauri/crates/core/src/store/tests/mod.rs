//! Tests of the stored register, one module per source file, on in-memory databases.

mod exchange;
mod items;
mod migrations;
mod reviews;
mod search;

use rusqlite::Connection;

use crate::error::Result;
use crate::model::{Item, NewItem, Visibility};

/// A fresh database at the current schema.
fn open() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    super::migrate(&mut conn)?;
    Ok(conn)
}

/// An unsaved item with the given raw field values.
fn new_item(section: &str, item_type: &str, fields: &[(&str, &str)]) -> NewItem {
    NewItem {
        section: section.into(),
        item_type: item_type.into(),
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        visibility: Visibility::Now,
    }
}

/// Adds a note with this title and text.
fn add_note(conn: &mut Connection, section: &str, title: &str, text: &str) -> Result<Item> {
    Ok(super::add_item(
        conn,
        &new_item(section, "note", &[("title", title), ("text", text)]),
    )?
    .0)
}

/// Adds a trusted person with this name.
fn add_person(conn: &mut Connection, name: &str) -> Result<Item> {
    Ok(super::add_item(
        conn,
        &new_item("trusted_persons", "person", &[("name", name)]),
    )?
    .0)
}

/// Everything in the register's own tables, to prove that a refused write changed nothing.
fn snapshot(conn: &Connection) -> Result<Vec<String>> {
    let mut rows = Vec::new();
    for sql in [
        "SELECT id || section || item_type || visibility || fields_json || created || changed || search_text
         FROM items ORDER BY id",
        "SELECT seq || at || item_id || section || action || summary FROM change_log ORDER BY seq",
        "SELECT section || last_reviewed FROM section_reviews ORDER BY section",
    ] {
        let mut stmt = conn.prepare(sql)?;
        let found = stmt.query_map([], |row| row.get::<_, String>(0))?;
        rows.extend(found.collect::<rusqlite::Result<Vec<_>>>()?);
        rows.push("--".into());
    }
    Ok(rows)
}
