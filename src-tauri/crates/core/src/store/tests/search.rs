use std::time::{Duration, Instant};

use crate::error::Result;
use crate::model::ItemChange;
use crate::store::{add_item, edit_item, fold, list_items, search};

use super::{add_note, add_person, new_item, open};

#[test]
fn fold_drops_accents_and_case() {
    assert_eq!(fold("José"), "jose");
    assert_eq!(fold("CAFÉ"), "cafe");
    assert_eq!(fold("Zoë Ĳsselmeer"), "zoe ijsselmeer");
    assert_eq!(fold("Straße Ærø"), "strasse aero");
    assert_eq!(fold("ﬁets"), "fiets");
    assert_eq!(fold("İstanbul"), "istanbul");
    assert_eq!(fold(""), "");
}

#[test]
fn search_ignores_accents_and_case_both_ways() -> Result<()> {
    let mut conn = open()?;
    let jose = add_person(&mut conn, "José Álvarez")?;
    let cafe = add_note(
        &mut conn,
        "funeral",
        "Koffietafel",
        "In het CAFE op de hoek",
    )?;
    let ids = |query: &str| -> Result<Vec<String>> {
        Ok(search(&conn, query)?.into_iter().map(|i| i.id).collect())
    };
    assert_eq!(ids("Jose")?, [jose.id.as_str()]);
    assert_eq!(ids("JOSÉ alvarez")?, [jose.id.as_str()]);
    assert_eq!(ids("café")?, [cafe.id.as_str()]);
    assert_eq!(ids("koffietafel")?, [cafe.id.as_str()]);
    assert!(ids("ramsj")?.is_empty());
    Ok(())
}

#[test]
fn every_word_must_match_somewhere_in_the_item() -> Result<()> {
    let mut conn = open()?;
    let a = add_note(&mut conn, "digital", "Laptop", "staat in de kast")?;
    add_note(&mut conn, "digital", "Telefoon", "ligt in de la")?;
    let found: Vec<String> = search(&conn, "laptop  KAST")?
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(found, [a.id]);
    assert!(search(&conn, "laptop la")?.len() == 1);
    assert!(search(&conn, "laptop telefoon")?.is_empty());
    Ok(())
}

#[test]
fn wildcards_in_the_query_match_themselves() -> Result<()> {
    let mut conn = open()?;
    let pct = add_note(&mut conn, "finance", "Rente", "3% vast")?;
    add_note(&mut conn, "finance", "Ander", "30 vast")?;
    let under = add_note(&mut conn, "digital", "Gebruiker", "jan_jansen")?;
    add_note(&mut conn, "digital", "Ander", "janXjansen")?;
    assert_eq!(
        search(&conn, "3%")?
            .into_iter()
            .map(|i| i.id)
            .collect::<Vec<_>>(),
        [pct.id]
    );
    assert_eq!(
        search(&conn, "jan_jansen")?
            .into_iter()
            .map(|i| i.id)
            .collect::<Vec<_>>(),
        [under.id]
    );
    assert!(search(&conn, "%")?.len() == 1);
    assert!(search(&conn, "\\")?.is_empty());
    Ok(())
}

#[test]
fn empty_query_lists_everything_in_register_order() -> Result<()> {
    let mut conn = open()?;
    add_note(&mut conn, "pets", "b", "")?;
    add_note(&mut conn, "personal", "a", "")?;
    assert_eq!(search(&conn, "  ")?, list_items(&conn, None)?);
    Ok(())
}

#[test]
fn search_follows_edits() -> Result<()> {
    let mut conn = open()?;
    let (item, _) = add_item(&mut conn, &new_item("pets", "pet", &[("name", "Minoes")]))?;
    let change = ItemChange {
        fields: [("name".to_owned(), "Pluis".to_owned())].into(),
        visibility: None,
    };
    edit_item(&mut conn, &item.id, &change)?;
    assert!(search(&conn, "minoes")?.is_empty());
    assert_eq!(search(&conn, "pluis")?.len(), 1);
    Ok(())
}

#[test]
fn search_is_fast_on_ten_thousand_items() -> Result<()> {
    let mut conn = open()?;
    let tx = conn.transaction()?;
    for n in 0..10_000 {
        let fields =
            format!(r#"{{"title":"Notitie {n}","text":"Tekst nummer {n} over de Ĳssel"}}"#);
        tx.execute(
            "INSERT INTO items (id, section, item_type, visibility, fields_json, created, changed, search_text)
             VALUES (?1, 'documents', 'note', 'now', ?2, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', ?3)",
            (format!("{n:0>16}"), &fields, fold(&fields)),
        )?;
    }
    tx.commit()?;
    let start = Instant::now();
    let found = search(&conn, "ijssel 9999")?;
    let elapsed = start.elapsed();
    assert_eq!(found.len(), 1);
    // Generous for a debug build on a busy machine; a scan takes a few milliseconds.
    assert!(elapsed < Duration::from_secs(2), "search took {elapsed:?}");
    Ok(())
}
