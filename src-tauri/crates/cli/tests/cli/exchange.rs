//! `export-json` and `import` through the command line: an export read into a second
//! register gives the same items, and an import with one bad item changes nothing.

use serde_json::{Value, json};

use crate::fixtures::{exchange_document, item_id, note};
use crate::support::{Register, parse_items};

#[test]
fn an_export_imported_into_a_new_register_reads_back_the_same() {
    let mut first = Register::enrolled();
    first.add(
        "finance",
        "bank_account",
        &[("iban", "NL91ABNA0417164300"), ("bank", "ING")],
    );
    first.add(
        "funeral",
        "funeral_wishes",
        &[
            ("burial_or_cremation", "cremation"),
            ("music", "Bach — Erbarme dich"),
        ],
    );
    first.add(
        "personal",
        "person",
        &[
            ("full_name", "Renée Bakker"),
            ("date_of_birth", "1948-12-24"),
        ],
    );
    first.run(&["review", "funeral"]).ok();
    let items = first.list_json();

    let out = first.root().join("export.json");
    let export = first.run(&["export-json", "--out", out.to_str().unwrap()]);
    assert!(export.stderr.contains("NOT encrypted"), "{export:#?}");
    export.ok();
    let document: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(document["format"], "levensregister-export");
    assert_eq!(document["version"], 1);
    assert_eq!(document["items"], Value::Array(items.clone()));
    assert!(document["reviews"]["funeral"].is_string());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the plaintext export is private to its owner"
        );
    }

    let mut second = Register::enrolled();
    let summary: Value =
        serde_json::from_str(&second.run(&["import", out.to_str().unwrap()]).ok()).unwrap();
    assert_eq!(
        summary,
        json!({"added": 3, "replaced": 0, "unchanged": 0, "reviews": 1})
    );
    assert_eq!(second.list_json(), items, "same ids, fields and times");
    let again: Value =
        serde_json::from_str(&second.run(&["import", out.to_str().unwrap()]).ok()).unwrap();
    assert_eq!(again["unchanged"], 3, "importing twice changes nothing");
    assert_eq!(second.list_json(), items);
}

/// Five good notes with the third replaced by `bad`.
fn with_bad_third(bad: Value) -> String {
    let mut items: Vec<Value> = (0..5)
        .map(|n| note(&item_id(100 + n), "documents", &format!("Map {n}"), "kast"))
        .collect();
    items[2] = bad;
    exchange_document(items)
}

#[test]
fn an_import_with_an_invalid_third_item_changes_nothing() {
    let mut register = Register::enrolled();
    let existing = register.add("documents", "note", &[("title", "Al aanwezig")]);
    let before = register.list_json();

    let mut bad_iban = note(&item_id(102), "finance", "x", "y");
    bad_iban["type"] = json!("bank_account");
    bad_iban["fields"] = json!({ "iban": "NL91ABNA0417164301" });
    let mut unknown_field = note(&item_id(102), "documents", "x", "y");
    unknown_field["fields"]["colour"] = json!("rood");
    let mut bad_time = note(&item_id(102), "documents", "x", "y");
    bad_time["created"] = json!("gisteren");
    // The third item would replace an existing one: that must not happen either.
    let mut replaces_then_fails = note(&existing, "documents", "overschreven", "y");
    replaces_then_fails["visibility"] = json!("someday");
    let cases = [
        bad_iban,
        note(&item_id(102), "nowhere", "x", "y"),
        json!({"id": item_id(102), "section": "documents", "type": "note", "fields": {"text": "geen titel"},
               "visibility": "now", "created": "2025-03-01T09:30:00Z", "changed": "2025-03-01T09:30:00Z"}),
        unknown_field,
        note("NOT-AN-ID", "documents", "x", "y"),
        note(&item_id(100), "documents", "dubbel", "y"),
        bad_time,
        replaces_then_fails,
    ];
    for (n, bad) in cases.into_iter().enumerate() {
        let file = register.root().join(format!("bad-{n}.json"));
        std::fs::write(&file, with_bad_third(bad)).unwrap();
        register
            .run(&["import", file.to_str().unwrap()])
            .refused(2, "item 3");
        assert_eq!(register.list_json(), before, "case {n}: nothing changed");
    }
    let file = register.root().join("not-json.json");
    std::fs::write(&file, "{ \"format\": ").unwrap();
    register
        .run(&["import", file.to_str().unwrap()])
        .refused(2, "nothing changed");
    assert_eq!(parse_items(&register.run(&["list", "--json"]).ok()), before);
}
