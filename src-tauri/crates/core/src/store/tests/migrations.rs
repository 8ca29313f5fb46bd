use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store::migrations::{SCHEMA_VERSION, migrate, migrate_to, user_version};
use crate::store::{list_items, search};

use super::{add_note, open};

fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    let names = stmt.query_map([], |row| row.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

#[test]
fn empty_database_migrates_to_the_current_version() -> Result<()> {
    let mut conn = Connection::open_in_memory()?;
    assert_eq!(user_version(&conn)?, 0);
    assert_eq!(migrate(&mut conn)?, SCHEMA_VERSION);
    assert_eq!(user_version(&conn)?, SCHEMA_VERSION);
    assert_eq!(
        tables(&conn)?,
        ["change_log", "items", "section_reviews", "share_sets"]
    );
    Ok(())
}

#[test]
fn migrating_twice_changes_nothing() -> Result<()> {
    let mut conn = open()?;
    add_note(&mut conn, "personal", "Blijft", "staan")?;
    assert_eq!(migrate(&mut conn)?, SCHEMA_VERSION);
    assert_eq!(list_items(&conn, None)?.len(), 1);
    Ok(())
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() -> Result<()> {
    let mut conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)?;
    let err = migrate(&mut conn).err();
    assert!(
        matches!(err, Some(Error::SchemaTooNew(v)) if v == SCHEMA_VERSION + 1),
        "{err:?}"
    );
    assert_eq!(user_version(&conn)?, SCHEMA_VERSION + 1);
    assert!(tables(&conn)?.is_empty());
    Ok(())
}

#[test]
fn other_tables_survive_migration() -> Result<()> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch("CREATE TABLE vault_state (k TEXT PRIMARY KEY, v BLOB); INSERT INTO vault_state VALUES ('x', x'01');")?;
    migrate(&mut conn)?;
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM vault_state", [], |row| row.get(0))?;
    assert_eq!(count, 1);
    Ok(())
}

/// A version-1 database with data written as version 1 wrote it (no search text).
fn version_1_with_data() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    assert_eq!(migrate_to(&mut conn, 1)?, 1);
    conn.execute_batch(
        r#"INSERT INTO items VALUES ('aaaaaaaaaaaaaaaa', 'personal', 'note', 'now',
               '{"text":"Bij Café Zoë","title":"Koffie"}', '2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z');
           INSERT INTO items VALUES ('bbbbbbbbbbbbbbbb', 'finance', 'note', 'death',
               '{"title":"Spaarpot"}', '2024-01-02T10:00:00Z', '2024-01-03T10:00:00Z');
           INSERT INTO change_log (at, item_id, section, action, summary)
               VALUES ('2024-01-01T10:00:00Z', 'aaaaaaaaaaaaaaaa', 'personal', 'add', 'Koffie');
           INSERT INTO section_reviews VALUES ('personal', '2024-01-05');"#,
    )?;
    Ok(conn)
}

#[test]
fn every_older_version_migrates_up_with_its_data() -> Result<()> {
    for start in 0..SCHEMA_VERSION {
        let mut conn = Connection::open_in_memory()?;
        migrate_to(&mut conn, start)?;
        assert_eq!(user_version(&conn)?, start);
        if start >= 2 {
            // From version 2 on, rows carry their folded search text.
            conn.execute(
                "INSERT INTO items (id, section, item_type, visibility, fields_json, created, changed, search_text)
                 VALUES ('cccccccccccccccc', 'pets', 'note', 'now', '{\"title\":\"Poes Minoes\"}',
                         '2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z', 'poes minoes')",
                [],
            )?;
        } else if start == 1 {
            conn.execute(
                "INSERT INTO items (id, section, item_type, visibility, fields_json, created, changed)
                 VALUES ('cccccccccccccccc', 'pets', 'note', 'now', '{\"title\":\"Poes Minoes\"}',
                         '2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z')",
                [],
            )?;
        }
        assert_eq!(migrate(&mut conn)?, SCHEMA_VERSION, "from version {start}");
        let found = search(&conn, "minoes")?;
        assert_eq!(found.len(), usize::from(start >= 1), "from version {start}");
    }
    Ok(())
}

#[test]
fn version_1_data_survives_and_is_searchable() -> Result<()> {
    let mut conn = version_1_with_data()?;
    migrate(&mut conn)?;
    let items = list_items(&conn, None)?;
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0].fields.get("title").map(String::as_str),
        Some("Koffie")
    );
    assert_eq!(items[1].changed, "2024-01-03T10:00:00Z");
    let found = search(&conn, "cafe zoe")?;
    assert_eq!(
        found.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["aaaaaaaaaaaaaaaa"]
    );
    assert_eq!(search(&conn, "SPAARPOT")?.len(), 1);
    let reviewed: String = conn.query_row(
        "SELECT last_reviewed FROM section_reviews WHERE section = 'personal'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(reviewed, "2024-01-05");
    Ok(())
}

#[test]
fn a_damaged_row_does_not_stop_the_upgrade() -> Result<()> {
    let mut conn = Connection::open_in_memory()?;
    migrate_to(&mut conn, 1)?;
    conn.execute(
        "INSERT INTO items VALUES ('dddddddddddddddd', 'personal', 'note', 'now', 'not json Kapot', 'x', 'x')",
        [],
    )?;
    assert_eq!(migrate(&mut conn)?, SCHEMA_VERSION);
    let text: String = conn.query_row("SELECT search_text FROM items", [], |r| r.get(0))?;
    assert!(text.contains("kapot"));
    // Reading the damaged row is an error, not a panic.
    assert!(matches!(list_items(&conn, None), Err(Error::Database(_))));
    Ok(())
}

#[test]
fn a_failed_migration_step_rolls_back_to_the_previous_version() -> Result<()> {
    let mut conn = Connection::open_in_memory()?;
    migrate_to(&mut conn, 1)?;
    // Make step 2 fail half-way: the index it creates already exists.
    conn.execute_batch("CREATE INDEX items_by_section ON items (section);")?;
    assert!(migrate(&mut conn).is_err());
    assert_eq!(user_version(&conn)?, 1);
    let has_column: i64 = conn.query_row(
        "SELECT COUNT(*) FROM pragma_table_info('items') WHERE name = 'search_text'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(has_column, 0);
    Ok(())
}
