//! What each report's data includes.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::BTreeMap;

use serde_json::Value;
use time::macros::date;

use super::{ReportKind, ReportRequest, VisibilityFilter, data_from_items};
use crate::lang::Lang;
use crate::model::{Item, Visibility};

const PERSON: &str = "aaaaaaaaaaaaaaaa";
const HIDDEN_PERSON: &str = "bbbbbbbbbbbbbbbb";

fn item(
    id: &str,
    section: &str,
    ty: &str,
    visibility: Visibility,
    fields: &[(&str, &str)],
) -> Item {
    Item {
        id: id.into(),
        section: section.into(),
        item_type: ty.into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        visibility,
        created: "2025-01-01T00:00:00Z".into(),
        changed: "2025-01-01T00:00:00Z".into(),
    }
}

fn register() -> Vec<Item> {
    vec![
        item(
            PERSON,
            "trusted_persons",
            "person",
            Visibility::Now,
            &[
                ("name", "Anna de Vries"),
                ("role", "executor"),
                ("phone", "06 12345678"),
            ],
        ),
        item(
            HIDDEN_PERSON,
            "trusted_persons",
            "person",
            Visibility::Death,
            &[("name", "Bert Geheim")],
        ),
        item(
            "cccccccccccccccc",
            "legal",
            "testament",
            Visibility::Now,
            &[
                ("notary", "Notariaat Jansen"),
                ("executor", PERSON),
                ("original_location", "Kluis"),
            ],
        ),
        item(
            "dddddddddddddddd",
            "legal",
            "levenstestament",
            Visibility::Now,
            &[
                ("notary", "Notariaat Jansen"),
                ("financial_attorney", HIDDEN_PERSON),
                ("medical_attorney", "zzzzzzzzzzzzzzzz"),
            ],
        ),
        item(
            "eeeeeeeeeeeeeeee",
            "finance",
            "bank_account",
            Visibility::Incapacity,
            &[
                ("bank", "ING"),
                ("iban", "NL91 ABNA 0417 1643 00"),
                ("joint", "yes"),
            ],
        ),
        item(
            "ffffffffffffffff",
            "finance",
            "loan",
            Visibility::Death,
            &[("lender", "DUO"), ("amount", "EUR 1234.50")],
        ),
        item(
            "gggggggggggggggg",
            "medical",
            "gp",
            Visibility::Now,
            &[("name", "Dokter Pietersen"), ("phone", "030 1234567")],
        ),
    ]
}

fn data(
    kind: ReportKind,
    section: Option<&str>,
    lang: Lang,
    visibility: VisibilityFilter,
) -> Value {
    let request = ReportRequest {
        kind,
        section: section.map(Into::into),
        lang,
        visibility,
    };
    data_from_items(&register(), &request, "Oma Riet", date!(2025 - 03 - 01)).unwrap()
}

fn section<'a>(data: &'a Value, id: &str) -> &'a Value {
    data["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
}

fn field<'a>(item: &'a Value, id: &str) -> &'a str {
    item["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap()["value"]
        .as_str()
        .unwrap()
}

#[test]
fn the_full_report_has_every_section_even_empty_ones() {
    let full = data(ReportKind::Full, None, Lang::Nl, VisibilityFilter::Death);
    assert_eq!(full["sections"].as_array().unwrap().len(), 14);
    assert_eq!(section(&full, "pets")["items"].as_array().unwrap().len(), 0);
    assert_eq!(section(&full, "finance")["title"], "Bank en geldzaken");
    assert_eq!(full["register"], "Oma Riet");
    assert_eq!(full["today"], "2025-03-01");
    assert_eq!(full["date"], "1 maart 2025");
    let english = data(ReportKind::Full, None, Lang::En, VisibilityFilter::Death);
    assert_eq!(section(&english, "finance")["title"], "Banking and money");
    assert_eq!(english["date"], "1 March 2025");
}

#[test]
fn values_are_shown_in_the_language_with_catalogue_labels() {
    let en = data(
        ReportKind::Financial,
        None,
        Lang::En,
        VisibilityFilter::Death,
    );
    let finance = section(&en, "finance");
    let account = &finance["items"][0];
    assert_eq!(account["type"], "Bank account");
    assert_eq!(field(account, "joint"), "Yes");
    let loan = &finance["items"][1];
    assert_eq!(loan["title"], "DUO");
    assert!(
        field(loan, "amount").contains("1,234.50"),
        "{}",
        field(loan, "amount")
    );
    let nl = data(
        ReportKind::Financial,
        None,
        Lang::Nl,
        VisibilityFilter::Death,
    );
    assert!(field(&section(&nl, "finance")["items"][1], "amount").contains("1.234,50"));
}

#[test]
fn the_visibility_filter_includes_what_is_visible_at_that_moment() {
    let count = |filter| {
        let full = data(ReportKind::Full, None, Lang::En, filter);
        full["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["items"].as_array().unwrap().len())
            .sum::<usize>()
    };
    assert_eq!(count(VisibilityFilter::Now), 4);
    assert_eq!(count(VisibilityFilter::Incapacity), 5);
    assert_eq!(count(VisibilityFilter::Death), 7);
    let now = data(ReportKind::Financial, None, Lang::En, VisibilityFilter::Now);
    assert_eq!(
        section(&now, "finance")["items"].as_array().unwrap().len(),
        0
    );
    assert_eq!(
        VisibilityFilter::parse("wilsonbekwaam"),
        Some(VisibilityFilter::Incapacity)
    );
}

#[test]
fn person_references_become_names_unless_filtered_out_or_removed() {
    let all = data(ReportKind::Full, None, Lang::En, VisibilityFilter::Death);
    let legal = section(&all, "legal");
    assert_eq!(field(&legal["items"][0], "executor"), "Anna de Vries");
    assert_eq!(
        field(&legal["items"][1], "financial_attorney"),
        "Bert Geheim"
    );
    assert_eq!(
        field(&legal["items"][1], "medical_attorney"),
        "(removed person)"
    );
    let now = data(ReportKind::Full, None, Lang::En, VisibilityFilter::Now);
    let legal = section(&now, "legal");
    assert_eq!(
        field(&legal["items"][1], "financial_attorney"),
        "(not in this report)"
    );
    assert!(!now.to_string().contains("Bert Geheim"));
}

#[test]
fn the_emergency_overview_takes_the_first_48_hours() {
    let emergency = data(
        ReportKind::Emergency,
        None,
        Lang::Nl,
        VisibilityFilter::Death,
    );
    let ids: Vec<&str> = emergency["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "trusted_persons",
            "medical",
            "funeral",
            "legal",
            "documents"
        ]
    );
    assert_eq!(
        field(&section(&emergency, "medical")["items"][0], "phone"),
        "030 1234567"
    );
    assert_eq!(
        section(&emergency, "funeral")["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert!(!emergency.to_string().contains("NL91"));
}

#[test]
fn a_section_report_takes_one_known_section() {
    let one = data(
        ReportKind::Section,
        Some("medical"),
        Lang::En,
        VisibilityFilter::Death,
    );
    assert_eq!(one["sections"].as_array().unwrap().len(), 1);
    let request = ReportRequest {
        kind: ReportKind::Section,
        section: Some("nonsense".into()),
        lang: Lang::En,
        visibility: VisibilityFilter::Death,
    };
    let refused = data_from_items(&register(), &request, "x", date!(2025 - 03 - 01));
    assert_eq!(refused.unwrap_err().code(), "unknown_section");
}

#[test]
fn contacts_name_trusted_persons_and_every_contact_field_once() {
    let contacts = data(
        ReportKind::Contacts,
        None,
        Lang::En,
        VisibilityFilter::Death,
    );
    let groups = contacts["groups"].as_array().unwrap();
    let trusted: Vec<&str> = groups[0]["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(trusted, ["Anna de Vries", "Bert Geheim"]);
    let others = groups[1]["contacts"].as_array().unwrap();
    let names: Vec<&str> = others.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["Dokter Pietersen", "DUO", "ING", "Notariaat Jansen"]
    );
    let notary = others
        .iter()
        .find(|c| c["name"] == "Notariaat Jansen")
        .unwrap();
    assert_eq!(notary["roles"].as_array().unwrap().len(), 2);
    let gp = others
        .iter()
        .find(|c| c["name"] == "Dokter Pietersen")
        .unwrap();
    assert_eq!(gp["details"][0]["value"], "030 1234567");
}

#[test]
fn the_access_sheet_carries_no_register_data() {
    let sheet = super::access_sheet_data(Lang::En, date!(2025 - 03 - 01));
    assert_eq!(sheet["register"], "");
    assert_eq!(sheet["kind"], "access-sheet");
    assert!(sheet.get("sections").is_none());
    assert_eq!(
        ReportKind::parse("access_sheet"),
        Some(ReportKind::AccessSheet)
    );
}
