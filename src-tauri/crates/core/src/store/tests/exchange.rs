use serde_json::{Value, json};
use time::macros::date;

use crate::error::{Error, Result};
use crate::model::Visibility;
use crate::store::{
    ChangeAction, EXPORT_FORMAT, EXPORT_VERSION, add_item, change_log, export_document, get_item,
    import_document, list_items, mark_reviewed, search,
};

use super::{add_note, add_person, new_item, open, snapshot};

fn to_json(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::InvalidImport(e.to_string()))
}

fn document(items: Value) -> String {
    json!({"format": EXPORT_FORMAT, "version": 1, "exported": "2025-01-01T12:00:00Z", "items": items, "reviews": {}})
        .to_string()
}

fn note(id: &str, title: &str) -> Value {
    json!({"id": id, "section": "personal", "type": "note", "fields": {"title": title}, "visibility": "now",
           "created": "2024-05-01T10:00:00Z", "changed": "2024-05-02T10:00:00Z"})
}

fn refusal(conn: &mut rusqlite::Connection, json: &str) -> Result<String> {
    let before = snapshot(conn)?;
    let message = match import_document(conn, json) {
        Err(Error::InvalidImport(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert_eq!(
        snapshot(conn)?,
        before,
        "a refused import changed the register"
    );
    Ok(message)
}

/// A small register with a person, a reference to them, a secret-free note and a review.
fn sample(conn: &mut rusqlite::Connection) -> Result<()> {
    let anna = add_person(conn, "Anna Müller")?;
    let mut pet = new_item(
        "pets",
        "pet",
        &[("name", "Minoes"), ("caretaker", anna.id.as_str())],
    );
    pet.visibility = Visibility::Death;
    add_item(conn, &pet)?;
    add_item(
        conn,
        &new_item("finance", "bank_account", &[("iban", "NL91ABNA0417164300")]),
    )?;
    add_note(
        conn,
        "messages",
        "Voor de kinderen",
        "Lieve allemaal,\nregel één",
    )?;
    mark_reviewed(conn, "pets", date!(2025 - 02 - 14))?;
    Ok(())
}

#[test]
fn export_then_import_into_an_empty_register_round_trips() -> Result<()> {
    let mut source = open()?;
    sample(&mut source)?;
    let exported = export_document(&source)?;
    assert_eq!(exported.items, list_items(&source, None)?);
    assert_eq!(
        exported.reviews.get("pets").map(String::as_str),
        Some("2025-02-14")
    );

    let mut target = open()?;
    let summary = import_document(&mut target, &to_json(&exported)?)?;
    assert_eq!(
        (
            summary.added,
            summary.replaced,
            summary.unchanged,
            summary.reviews
        ),
        (4, 0, 0, 1)
    );
    let again = export_document(&target)?;
    assert_eq!(again.items, exported.items);
    assert_eq!(again.reviews, exported.reviews);
    assert_eq!(search(&target, "muller")?.len(), 1);
    let log = change_log(&target, 10)?;
    assert_eq!(log.len(), 4);
    assert!(log.iter().all(|e| e.action == ChangeAction::Add));
    Ok(())
}

#[test]
fn the_document_has_the_documented_shape() -> Result<()> {
    let mut conn = open()?;
    sample(&mut conn)?;
    let value: Value = serde_json::from_str(&to_json(&export_document(&conn)?)?)
        .map_err(|e| Error::InvalidImport(e.to_string()))?;
    let mut top: Vec<&str> = value
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    top.sort_unstable();
    assert_eq!(top, ["exported", "format", "items", "reviews", "version"]);
    assert_eq!(value["format"], "levensregister-export");
    assert_eq!(value["version"], EXPORT_VERSION);
    let item = &value["items"][0];
    let mut keys: Vec<&str> = item
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "changed",
            "created",
            "fields",
            "id",
            "section",
            "type",
            "visibility"
        ]
    );
    assert_eq!(item["section"], "trusted_persons");
    Ok(())
}

#[test]
fn reimporting_the_same_file_changes_nothing() -> Result<()> {
    let mut conn = open()?;
    sample(&mut conn)?;
    let json = to_json(&export_document(&conn)?)?;
    let before = snapshot(&conn)?;
    let summary = import_document(&mut conn, &json)?;
    assert_eq!(
        (summary.added, summary.replaced, summary.unchanged),
        (0, 0, 4)
    );
    assert_eq!(snapshot(&conn)?, before);
    Ok(())
}

#[test]
fn an_existing_id_is_replaced_and_logged_as_an_edit() -> Result<()> {
    let mut conn = open()?;
    let old = add_note(&mut conn, "personal", "Oud", "")?;
    let summary = import_document(
        &mut conn,
        &document(json!([
            note(&old.id, "Nieuw"),
            note("abcdefghijklmnop", "Erbij")
        ])),
    )?;
    assert_eq!((summary.added, summary.replaced), (1, 1));
    let replaced = get_item(&conn, &old.id)?;
    assert_eq!(
        replaced.fields.get("title").map(String::as_str),
        Some("Nieuw")
    );
    assert_eq!(replaced.changed, "2024-05-02T10:00:00Z");
    assert_eq!(
        get_item(&conn, "abcdefghijklmnop")?.created,
        "2024-05-01T10:00:00Z"
    );
    let log = change_log(&conn, 10)?;
    let edit = log
        .iter()
        .find(|e| e.item_id == old.id && e.action == ChangeAction::Edit);
    assert_eq!(edit.map(|e| e.summary.as_str()), Some("Nieuw"));
    assert!(
        log.iter()
            .any(|e| e.item_id == "abcdefghijklmnop" && e.action == ChangeAction::Add)
    );
    Ok(())
}

#[test]
fn references_may_point_at_persons_later_in_the_same_file() -> Result<()> {
    let mut conn = open()?;
    let pet = json!({"id": "petpetpetpetpet2", "section": "pets", "type": "pet",
                     "fields": {"name": "Minoes", "caretaker": "annaannaannaanna"}, "visibility": "now",
                     "created": "2024-05-01T10:00:00+02:00", "changed": "2024-05-01T10:00:00+02:00"});
    let anna = json!({"id": "annaannaannaanna", "section": "trusted_persons", "type": "person",
                      "fields": {"name": "Anna"}, "visibility": "now",
                      "created": "2024-05-01T10:00:00Z", "changed": "2024-05-01T10:00:00Z"});
    import_document(&mut conn, &document(json!([pet, anna])))?;
    let pet = get_item(&conn, "petpetpetpetpet2")?;
    assert_eq!(
        pet.fields.get("caretaker").map(String::as_str),
        Some("annaannaannaanna")
    );
    assert_eq!(
        pet.created, "2024-05-01T08:00:00Z",
        "times are stored as UTC"
    );
    Ok(())
}

#[test]
fn a_bad_third_item_leaves_the_register_unchanged() -> Result<()> {
    let mut conn = open()?;
    sample(&mut conn)?;
    let bad = json!({"id": "badbadbadbadbad2", "section": "finance", "type": "bank_account",
                     "fields": {"iban": "NL00ABNA0000000000"}, "visibility": "now",
                     "created": "2024-05-01T10:00:00Z", "changed": "2024-05-01T10:00:00Z"});
    let json = document(json!([
        note("aaaaaaaaaaaaaaaa", "Een"),
        note("bbbbbbbbbbbbbbbb", "Twee"),
        bad
    ]));
    let why = refusal(&mut conn, &json)?;
    assert!(
        why.contains("item 3") && why.contains("badbadbadbadbad2") && why.contains("iban"),
        "{why}"
    );
    assert!(!why.contains("NL00"), "the refusal quotes a value: {why}");
    Ok(())
}

#[test]
fn refusals_name_what_is_wrong() -> Result<()> {
    let mut conn = open()?;
    add_note(&mut conn, "legal", "Bestaat al", "")?;
    let person_in_legal = json!({"id": "cccccccccccccccc", "section": "pets", "type": "pet",
        "fields": {"name": "Rex", "caretaker": "zzzzzzzzzzzzzzzz"}, "visibility": "now",
        "created": "2024-05-01T10:00:00Z", "changed": "2024-05-01T10:00:00Z"});
    let mut extra_member = note("dddddddddddddddd", "x");
    extra_member["attachments"] = json!([]);
    let mut number_field = note("eeeeeeeeeeeeeeee", "x");
    number_field["fields"]["text"] = json!(4711);
    let mut bad_time = note("ffffffffffffffff", "x");
    bad_time["created"] = json!("gisteren");
    let mut bad_visibility = note("gggggggggggggggg", "x");
    bad_visibility["visibility"] = json!("later");
    let cases = [
        ("not json".to_owned(), "JSON"),
        ("[]".to_owned(), "object"),
        (
            document(json!([])).replace(EXPORT_FORMAT, "something-else"),
            "format",
        ),
        (
            document(json!([])).replace("\"version\":1", "\"version\":2"),
            "newer",
        ),
        (
            document(json!([])).replace("\"reviews\":{}", "\"reviews\":{},\"extra\":1"),
            "extra",
        ),
        (
            document(json!([]))
                .replace("\"reviews\":{}", "\"reviews\":{\"nowhere\":\"2024-01-01\"}"),
            "nowhere",
        ),
        (
            document(json!([])).replace("\"reviews\":{}", "\"reviews\":{\"pets\":\"1 mei\"}"),
            "pets",
        ),
        (document(json!([note("NOT-AN-ID", "x")])), "not a valid id"),
        (
            document(json!([
                note("aaaaaaaaaaaaaaaa", "x"),
                note("aaaaaaaaaaaaaaaa", "y")
            ])),
            "twice",
        ),
        (document(json!([person_in_legal])), "caretaker"),
        (document(json!([extra_member])), "attachments"),
        (document(json!([number_field])), "'text'"),
        (document(json!([bad_time])), "created"),
        (document(json!([bad_visibility])), "item 1"),
        (document(json!([note("hhhhhhhhhhhhhhhh", "")])), "title"),
    ];
    for (json, expected) in cases {
        let why = refusal(&mut conn, &json)?;
        assert!(why.contains(expected), "{expected:?} not in {why:?}");
        assert!(!why.contains("4711"), "the refusal quotes a value: {why}");
    }
    Ok(())
}
