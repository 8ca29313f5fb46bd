//! The register's schema, built by numbered migrations.
//!
//! The version lives in `PRAGMA user_version`. Each migration runs in its own
//! `IMMEDIATE` transaction together with the version bump, so a crash leaves the
//! database at the previous version, never half-way. A database newer than this
//! program is refused rather than guessed at. Migrations only create and alter the
//! register's own tables (`items`, `change_log`, `section_reviews`, `share_sets`); other tables in
//! the same database (the vault's `vault_state`) are never touched.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

use super::search;

/// The schema version this program writes and understands.
pub const SCHEMA_VERSION: u32 = 3;

/// One step up the schema; runs inside the transaction that also bumps the version.
type Migration = fn(&Transaction<'_>) -> Result<()>;

/// Migration `n` (1-based) is `MIGRATIONS[n - 1]`.
const MIGRATIONS: [Migration; SCHEMA_VERSION as usize] =
    [create_tables, add_search_text, add_share_sets];

/// Brings the database up to [`SCHEMA_VERSION`] and returns that version.
///
/// Safe to call on every unlock: a database already at the current version is left
/// as it is. Fails with [`Error::SchemaTooNew`] when a newer program wrote it.
pub fn migrate(conn: &mut Connection) -> Result<u32> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Migrates up to `target` (never down), so tests can build every older schema.
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<u32> {
    let target = target.min(SCHEMA_VERSION);
    let mut version = user_version(conn)?;
    if version > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew(version));
    }
    while version < target {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated between our read and this lock.
        let current = user_version(&tx)?;
        if current > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew(current));
        }
        if current == version {
            let next = version + 1;
            let step = MIGRATIONS
                .get(next as usize - 1)
                .ok_or(Error::SchemaTooNew(next))?;
            step(&tx)?;
            tx.pragma_update(None, "user_version", next)?;
        }
        tx.commit()?;
        version = user_version(conn)?;
    }
    Ok(version)
}

/// The schema version recorded in the database (0 for a new, empty database).
pub(crate) fn user_version(conn: &Connection) -> Result<u32> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    // A negative or huge user_version was not written by us: treat it as too new.
    u32::try_from(version).map_err(|_| Error::SchemaTooNew(u32::MAX))
}

/// Version 1: items, the change log and section reviews.
fn create_tables(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "CREATE TABLE items (
             id          TEXT PRIMARY KEY NOT NULL,
             section     TEXT NOT NULL,
             item_type   TEXT NOT NULL,
             visibility  TEXT NOT NULL CHECK (visibility IN ('now', 'incapacity', 'death')),
             fields_json TEXT NOT NULL,
             created     TEXT NOT NULL,
             changed     TEXT NOT NULL
         );
         CREATE TABLE change_log (
             seq     INTEGER PRIMARY KEY,
             at      TEXT NOT NULL,
             item_id TEXT NOT NULL,
             section TEXT NOT NULL,
             action  TEXT NOT NULL CHECK (action IN ('add', 'edit', 'remove')),
             summary TEXT NOT NULL
         );
         CREATE TABLE section_reviews (
             section       TEXT PRIMARY KEY NOT NULL,
             last_reviewed TEXT NOT NULL
         );",
    )?;
    Ok(())
}

/// Version 2: a folded copy of every item's values for search, and a section index.
fn add_search_text(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "ALTER TABLE items ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
         CREATE INDEX items_by_section ON items (section);",
    )?;
    let rows: Vec<(String, String)> = {
        let mut stmt = tx.prepare("SELECT id, fields_json FROM items")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = tx.prepare("UPDATE items SET search_text = ?1 WHERE id = ?2")?;
    for (id, fields_json) in rows {
        let text = match serde_json::from_str(&fields_json) {
            Ok(fields) => search::search_text(&fields),
            // A damaged row stays findable by its raw text rather than failing the upgrade.
            Err(_) => search::fold(&fields_json),
        };
        update.execute((text, id))?;
    }
    Ok(())
}

/// Version 3: who holds the shares of each share set (the secrets are the vault's).
fn add_share_sets(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "CREATE TABLE share_sets (
             set_id       INTEGER PRIMARY KEY NOT NULL,
             created      TEXT NOT NULL,
             threshold    INTEGER NOT NULL,
             holders_json TEXT NOT NULL
         );",
    )?;
    Ok(())
}
