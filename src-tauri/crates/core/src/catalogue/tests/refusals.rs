//! Every refusal of `Catalogue::from_json`, one broken rule at a time.

use super::super::*;

/// A small valid catalogue, as a JSON value the refusal tests break one rule in.
fn minimal() -> serde_json::Value {
    let label = |s: &str| serde_json::json!({"nl": s, "en": s});
    serde_json::json!({
        "version": 1,
        "sections": [{
            "id": "finance",
            "label": label("Geld"),
            "description": label("Over geld"),
            "review_months": 12,
            "expected": ["bank_account"],
            "item_types": [
                {
                    "id": "bank_account",
                    "label": label("Rekening"),
                    "title_field": "iban",
                    "fields": [
                        {"id": "iban", "label": label("IBAN"), "kind": "iban", "required": true},
                        {"id": "kind", "label": label("Soort"), "kind": "choice",
                         "options": [{"id": "savings", "label": label("Sparen")}]}
                    ]
                },
                {
                    "id": "note",
                    "label": label("Notitie"),
                    "title_field": "title",
                    "fields": [
                        {"id": "title", "label": label("Titel"), "kind": "text", "required": true},
                        {"id": "text", "label": label("Tekst"), "kind": "multiline"}
                    ]
                }
            ]
        }]
    })
}

fn parse(value: &serde_json::Value) -> Result<Catalogue, CatalogueError> {
    Catalogue::from_json(&value.to_string())
}

fn broken(change: impl FnOnce(&mut serde_json::Value)) -> CatalogueError {
    let mut value = minimal();
    change(&mut value);
    match parse(&value) {
        Ok(_) => panic!("accepted a broken catalogue: {value}"),
        Err(error) => error,
    }
}

fn push(array: &mut serde_json::Value, value: serde_json::Value) {
    if let Some(array) = array.as_array_mut() {
        array.push(value);
    }
}

#[test]
fn minimal_is_valid() {
    assert!(parse(&minimal()).is_ok());
}

#[test]
fn json_error_has_a_line() {
    let error = Catalogue::from_json("{\n  \"version\": 1,\n  \"sections\": [\n}");
    assert!(
        matches!(error, Err(CatalogueError::Json { line: 4, .. })),
        "{error:?}"
    );
    assert!(error.is_err_and(|e| e.to_string().contains("line 4")));
}

#[test]
fn refuses_unknown_keys_and_kinds() {
    let error =
        broken(|v| v["sections"][0]["item_types"][0]["fields"][0]["requried"] = true.into());
    assert!(matches!(error, CatalogueError::Json { .. }), "{error:?}");
    let error =
        broken(|v| v["sections"][0]["item_types"][0]["fields"][0]["kind"] = "number".into());
    assert!(
        error.to_string().contains("unknown kind 'number'"),
        "{error}"
    );
    let error = broken(|v| {
        v["sections"][0]["item_types"][0]["fields"][0]["options"] = serde_json::json!([])
    });
    assert!(
        error
            .to_string()
            .contains("only a choice field takes options"),
        "{error}"
    );
}

#[test]
fn refuses_wrong_version_and_no_sections() {
    assert_eq!(
        broken(|v| v["version"] = 2.into()),
        CatalogueError::Version(2)
    );
    assert_eq!(
        broken(|v| v["sections"] = serde_json::json!([])),
        CatalogueError::NoSections
    );
}

#[test]
fn refuses_bad_ids() {
    for id in [
        "Finance",
        "finance-x",
        "",
        "_x",
        "x_",
        "a__b",
        "9a",
        "geld€",
    ] {
        let error = broken(|v| v["sections"][0]["id"] = id.into());
        assert!(
            matches!(error, CatalogueError::BadId { .. }),
            "{id}: {error:?}"
        );
    }
    let error = broken(|v| {
        v["sections"][0]["item_types"][0]["fields"][1]["options"][0]["id"] = "Savings".into()
    });
    assert!(matches!(error, CatalogueError::BadId { .. }), "{error:?}");
}

#[test]
fn refuses_duplicates() {
    let error = broken(|v| {
        let section = v["sections"][0].clone();
        push(&mut v["sections"], section);
    });
    assert_eq!(
        error,
        CatalogueError::Duplicate {
            at: "catalogue".into(),
            id: "finance".into()
        }
    );

    let error = broken(|v| {
        let item_type = v["sections"][0]["item_types"][0].clone();
        push(&mut v["sections"][0]["item_types"], item_type);
    });
    assert_eq!(
        error,
        CatalogueError::Duplicate {
            at: "finance".into(),
            id: "bank_account".into()
        }
    );

    let error = broken(|v| v["sections"][0]["item_types"][0]["fields"][1]["id"] = "iban".into());
    assert_eq!(
        error,
        CatalogueError::Duplicate {
            at: "finance.bank_account".into(),
            id: "iban".into()
        }
    );

    let error = broken(|v| {
        let fields = &mut v["sections"][0]["item_types"][0]["fields"][1]["options"];
        let option = fields[0].clone();
        push(fields, option);
    });
    assert_eq!(
        error,
        CatalogueError::Duplicate {
            at: "finance.bank_account.kind".into(),
            id: "savings".into()
        }
    );
}

#[test]
fn refuses_empty_labels() {
    let error = broken(|v| v["sections"][0]["label"]["en"] = " ".into());
    assert!(
        matches!(error, CatalogueError::EmptyLabel { what: "label", .. }),
        "{error:?}"
    );
    let error = broken(|v| v["sections"][0]["description"]["nl"] = "".into());
    assert!(matches!(
        error,
        CatalogueError::EmptyLabel {
            what: "description",
            ..
        }
    ));
    let error = broken(|v| {
        v["sections"][0]["item_types"][0]["fields"][0]["help"] =
            serde_json::json!({"nl": "x", "en": ""})
    });
    assert!(matches!(
        error,
        CatalogueError::EmptyLabel { what: "help", .. }
    ));
}

#[test]
fn refuses_review_months_out_of_range() {
    for months in [0, 61] {
        let error = broken(|v| v["sections"][0]["review_months"] = months.into());
        assert!(
            matches!(error, CatalogueError::ReviewMonths { .. }),
            "{error:?}"
        );
    }
}

#[test]
fn refuses_missing_title_field() {
    let error = broken(|v| v["sections"][0]["item_types"][0]["title_field"] = "bank".into());
    assert_eq!(
        error,
        CatalogueError::TitleFieldMissing {
            at: "finance.bank_account".into(),
            title_field: "bank".into()
        }
    );
}

#[test]
fn refuses_choice_without_options() {
    let error = broken(|v| {
        v["sections"][0]["item_types"][0]["fields"][1]["options"] = serde_json::json!([])
    });
    assert!(
        matches!(error, CatalogueError::ChoiceWithoutOptions { .. }),
        "{error:?}"
    );
    let error = broken(|v| {
        v["sections"][0]["item_types"][0]["fields"][1]
            .as_object_mut()
            .map(|f| f.remove("options"));
    });
    assert!(
        matches!(error, CatalogueError::ChoiceWithoutOptions { .. }),
        "{error:?}"
    );
}

#[test]
fn refuses_unknown_expected_type() {
    let error = broken(|v| v["sections"][0]["expected"] = serde_json::json!(["loan"]));
    assert_eq!(
        error,
        CatalogueError::UnknownExpected {
            section: "finance".into(),
            item_type: "loan".into()
        }
    );
}

#[test]
fn refuses_missing_or_misshapen_note() {
    let error = broken(|v| {
        v["sections"][0]["item_types"]
            .as_array_mut()
            .map(|t| t.pop());
    });
    assert_eq!(
        error,
        CatalogueError::MissingNote {
            section: "finance".into()
        }
    );
    let error = broken(|v| v["sections"][0]["item_types"][1]["fields"][1]["kind"] = "text".into());
    assert_eq!(
        error,
        CatalogueError::BadNote {
            section: "finance".into()
        }
    );
    let error =
        broken(|v| v["sections"][0]["item_types"][1]["fields"][0]["required"] = false.into());
    assert_eq!(
        error,
        CatalogueError::BadNote {
            section: "finance".into()
        }
    );
    let error = broken(|v| {
        let extra = v["sections"][0]["item_types"][1]["fields"][1].clone();
        let fields = &mut v["sections"][0]["item_types"][1]["fields"];
        push(fields, extra);
        fields[2]["id"] = "extra".into();
    });
    assert_eq!(
        error,
        CatalogueError::BadNote {
            section: "finance".into()
        }
    );
}

#[test]
fn refuses_type_without_fields() {
    let error = broken(|v| v["sections"][0]["item_types"][0]["fields"] = serde_json::json!([]));
    assert!(
        matches!(error, CatalogueError::NoFields { .. }),
        "{error:?}"
    );
}
