//! Tests of the catalogue: the built-in data, and every refusal of `from_json`.

use std::collections::HashSet;

use super::*;

const SECTION_IDS: [&str; 14] = [
    "personal",
    "trusted_persons",
    "legal",
    "medical",
    "funeral",
    "finance",
    "insurance",
    "pension",
    "housing",
    "subscriptions",
    "digital",
    "pets",
    "documents",
    "messages",
];

#[test]
fn builtin_parses_and_validates() {
    let text = include_str!("../../../../../assets/catalogue.json");
    let catalogue = Catalogue::from_json(text);
    assert!(catalogue.is_ok(), "{catalogue:?}");
    let ids: Vec<&str> = Catalogue::builtin()
        .sections()
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids, SECTION_IDS);
}

#[test]
fn builtin_uses_every_field_kind() {
    let mut kinds = HashSet::new();
    for section in Catalogue::builtin().sections() {
        for item_type in &section.item_types {
            for field in &item_type.fields {
                kinds.insert(field.kind.name());
            }
        }
    }
    for kind in [
        "text",
        "multiline",
        "date",
        "phone",
        "email",
        "iban",
        "money",
        "choice",
        "yes_no",
        "person_ref",
    ] {
        assert!(kinds.contains(kind), "no field of kind {kind}");
    }
}

#[test]
fn builtin_labels_match_the_design() {
    let catalogue = Catalogue::builtin();
    let label = |id: &str, lang| catalogue.section(id).map(|s| s.label.get(lang).to_owned());
    assert_eq!(
        label("personal", Lang::Nl).as_deref(),
        Some("Persoonlijke gegevens")
    );
    assert_eq!(
        label("trusted_persons", Lang::Nl).as_deref(),
        Some("Vertrouwenspersonen en adviseurs")
    );
    assert_eq!(
        label("messages", Lang::Nl).as_deref(),
        Some("Persoonlijke boodschappen")
    );
    assert_eq!(
        label("finance", Lang::En).as_deref(),
        Some("Banking and money")
    );
}

#[test]
fn lookups() {
    let catalogue = Catalogue::builtin();
    let account = catalogue.item_type("finance", "bank_account");
    let iban = account.and_then(|t| t.field("iban"));
    assert_eq!(iban.map(|f| f.kind.name()), Some("iban"));
    assert_eq!(iban.map(|f| f.required), Some(true));
    assert!(catalogue.item_type("finance", "pet").is_none());
    assert!(catalogue.item_type("nope", "note").is_none());
    assert!(catalogue.section("nope").is_none());
    for section in catalogue.sections() {
        assert!(catalogue.item_type(&section.id, "note").is_some());
    }
    let crypto = catalogue.item_type("finance", "crypto");
    let help = crypto
        .and_then(|t| t.field("where_seed_is_kept"))
        .and_then(|f| f.help.as_ref());
    assert!(help.is_some_and(|h| h.get(Lang::En).contains("never the phrase itself")));
}

#[test]
fn serialises_with_kind_tag_and_options() {
    let json = serde_json::to_value(Catalogue::builtin());
    let json = json.unwrap_or_default();
    let field = &json["sections"][0]["item_types"][0]["fields"][5];
    assert_eq!(field["id"], "marital_status");
    assert_eq!(field["kind"], "choice");
    assert_eq!(field["options"][0]["id"], "single");
    let first = &json["sections"][0]["item_types"][0]["fields"][0];
    assert_eq!(first["kind"], "text");
    assert_eq!(first["required"], true);
    assert_eq!(first["contact"], false);
}

#[test]
fn a_field_round_trips_through_json() {
    let field = Catalogue::builtin()
        .item_type("personal", "person")
        .and_then(|t| t.field("marital_status"));
    let text = serde_json::to_string(&field).unwrap_or_default();
    let back: Option<Field> = serde_json::from_str(&text).ok();
    assert_eq!(back.as_ref(), field);
}

mod refusals;
