use std::collections::BTreeMap;

use crate::catalogue::Catalogue;
use crate::error::{Error, FieldError, Result};
use crate::fields;
use crate::lang::Lang;
use crate::model::{ItemChange, Visibility};
use crate::store::items::is_valid_id;
use crate::store::{
    ChangeAction, add_item, change_log, edit_item, get_item, item_title, item_title_in, list_items,
    remove_item,
};

use super::{add_note, add_person, new_item, open, snapshot};

const IBAN: &str = "nl91 abna 0417 1643 00";

fn canonical(section: &str, item_type: &str, field: &str, raw: &str) -> Option<String> {
    let field = Catalogue::builtin()
        .item_type(section, item_type)?
        .field(field)?;
    fields::normalize(field, raw).ok().flatten()
}

fn change(fields: &[(&str, &str)]) -> ItemChange {
    ItemChange {
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        visibility: None,
    }
}

fn is_utc_seconds(stamp: &str) -> bool {
    stamp.len() == 20
        && stamp.ends_with('Z')
        && time::OffsetDateTime::parse(stamp, &time::format_description::well_known::Rfc3339)
            .is_ok()
}

#[test]
fn add_then_get_returns_the_normalised_item() -> Result<()> {
    let mut conn = open()?;
    let mut new = new_item("finance", "bank_account", &[("iban", IBAN)]);
    new.visibility = Visibility::Death;
    let (added, _warnings) = add_item(&mut conn, &new)?;
    assert!(is_valid_id(&added.id), "{}", added.id);
    assert_eq!(
        added.fields.get("iban").cloned(),
        canonical("finance", "bank_account", "iban", IBAN)
    );
    assert_eq!(added.visibility, Visibility::Death);
    assert!(
        is_utc_seconds(&added.created) && added.created == added.changed,
        "{}",
        added.created
    );
    assert_eq!(get_item(&conn, &added.id)?, added);
    Ok(())
}

#[test]
fn ids_are_fresh_and_well_formed() -> Result<()> {
    let mut conn = open()?;
    let mut ids = std::collections::BTreeSet::new();
    for n in 0..50 {
        ids.insert(add_note(&mut conn, "personal", &format!("n{n}"), "")?.id);
    }
    assert_eq!(ids.len(), 50);
    assert!(ids.iter().all(|id| is_valid_id(id)));
    assert!(
        !is_valid_id("AAAAAAAAAAAAAAAA")
            && !is_valid_id("aaaaaaaaaaaaaaa1")
            && !is_valid_id("short")
    );
    Ok(())
}

#[test]
fn refusals_name_the_problem_and_write_nothing() -> Result<()> {
    let mut conn = open()?;
    add_note(&mut conn, "personal", "Er staat al iets", "")?;
    let before = snapshot(&conn)?;
    let cases = [
        (
            new_item("nowhere", "note", &[("title", "x")]),
            "unknown_section",
        ),
        (
            new_item("finance", "spaceship", &[("title", "x")]),
            "unknown_item_type",
        ),
        (
            new_item("finance", "note", &[("title", "x"), ("colour", "red")]),
            "unknown_field",
        ),
        (
            new_item("finance", "note", &[("text", "geen titel")]),
            "missing_field",
        ),
        (
            new_item("finance", "note", &[("title", "   ")]),
            "missing_field",
        ),
        (
            new_item("finance", "bank_account", &[("iban", "NL00ABNA0000000000")]),
            "invalid_field",
        ),
    ];
    for (new, code) in cases {
        let err = add_item(&mut conn, &new).err();
        assert_eq!(
            err.as_ref().map(Error::code),
            Some(code),
            "{new:?}: {err:?}"
        );
    }
    let err = add_item(
        &mut conn,
        &new_item("finance", "bank_account", &[("iban", "NL00ABNA0000000000")]),
    )
    .err();
    assert!(
        matches!(err, Some(Error::InvalidField { ref field, reason: FieldError::Iban }) if field == "iban")
    );
    assert_eq!(snapshot(&conn)?, before);
    Ok(())
}

#[test]
fn person_references_must_name_a_trusted_person() -> Result<()> {
    let mut conn = open()?;
    let anna = add_person(&mut conn, "Anna de Vries")?;
    let note = add_note(&mut conn, "trusted_persons", "Niet een persoon", "")?;
    let pet_note = add_note(&mut conn, "pets", "Ook niet", "")?;
    let (pet, _) = add_item(
        &mut conn,
        &new_item(
            "pets",
            "pet",
            &[("name", "Minoes"), ("caretaker", &anna.id)],
        ),
    )?;
    assert_eq!(pet.fields.get("caretaker"), Some(&anna.id));
    for bad in ["zzzzzzzzzzzzzzzz", note.id.as_str(), pet_note.id.as_str()] {
        let err = add_item(
            &mut conn,
            &new_item("pets", "pet", &[("name", "Tijger"), ("caretaker", bad)]),
        )
        .err();
        assert!(
            matches!(err, Some(Error::InvalidField { ref field, reason: FieldError::PersonRef }) if field == "caretaker"),
            "{bad}: {err:?}"
        );
    }
    let err = edit_item(&mut conn, &pet.id, &change(&[("caretaker", &note.id)])).err();
    assert!(
        matches!(
            err,
            Some(Error::InvalidField {
                reason: FieldError::PersonRef,
                ..
            })
        ),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn edit_sets_clears_and_refuses_clearing_required() -> Result<()> {
    let mut conn = open()?;
    let note = add_note(&mut conn, "funeral", "Muziek", "Bach")?;
    let (edited, _) = edit_item(&mut conn, &note.id, &change(&[("text", "")]))?;
    assert!(!edited.fields.contains_key("text"));
    assert_eq!(edited.created, note.created);
    let (edited, _) = edit_item(
        &mut conn,
        &note.id,
        &ItemChange {
            fields: BTreeMap::from([("text".into(), "Mozart".into())]),
            visibility: Some(Visibility::Death),
        },
    )?;
    assert_eq!(
        edited.fields.get("text").map(String::as_str),
        Some("Mozart")
    );
    assert_eq!(edited.visibility, Visibility::Death);
    assert_eq!(get_item(&conn, &note.id)?, edited);

    let before = snapshot(&conn)?;
    let err = edit_item(&mut conn, &note.id, &change(&[("title", "")])).err();
    assert!(
        matches!(err, Some(Error::MissingField(ref f)) if f == "title"),
        "{err:?}"
    );
    let err = edit_item(&mut conn, &note.id, &change(&[("iban", IBAN)])).err();
    assert_eq!(err.as_ref().map(Error::code), Some("unknown_field"));
    let err = edit_item(&mut conn, "zzzzzzzzzzzzzzzz", &change(&[("text", "x")])).err();
    assert!(matches!(err, Some(Error::ItemNotFound(_))));
    assert_eq!(snapshot(&conn)?, before);
    Ok(())
}

#[test]
fn an_edit_that_changes_nothing_is_not_logged() -> Result<()> {
    let mut conn = open()?;
    let note = add_note(&mut conn, "housing", "Sleutels", "bij de buren")?;
    let before = snapshot(&conn)?;
    let (same, _) = edit_item(&mut conn, &note.id, &change(&[("text", "bij de buren")]))?;
    assert_eq!(same, note);
    assert_eq!(snapshot(&conn)?, before);
    Ok(())
}

#[test]
fn removing_a_referenced_person_leaves_the_reference_dangling() -> Result<()> {
    let mut conn = open()?;
    let anna = add_person(&mut conn, "Anna")?;
    let (pet, _) = add_item(
        &mut conn,
        &new_item(
            "pets",
            "pet",
            &[("name", "Minoes"), ("caretaker", &anna.id)],
        ),
    )?;
    assert_eq!(remove_item(&mut conn, &anna.id)?, anna);
    assert!(matches!(
        get_item(&conn, &anna.id),
        Err(Error::ItemNotFound(_))
    ));
    assert!(matches!(
        remove_item(&mut conn, &anna.id),
        Err(Error::ItemNotFound(_))
    ));
    // The pet still shows, and can be edited without touching the old reference...
    assert_eq!(
        get_item(&conn, &pet.id)?.fields.get("caretaker"),
        Some(&anna.id)
    );
    let full = change(&[("name", "Minoes II"), ("caretaker", anna.id.as_str())]);
    let (renamed, _) = edit_item(&mut conn, &pet.id, &full)?;
    assert_eq!(renamed.fields.get("caretaker"), Some(&anna.id));
    // ...but cannot be pointed at someone who is not there.
    let err = edit_item(
        &mut conn,
        &pet.id,
        &change(&[("caretaker", "zzzzzzzzzzzzzzzz")]),
    )
    .err();
    assert!(matches!(
        err,
        Some(Error::InvalidField {
            reason: FieldError::PersonRef,
            ..
        })
    ));
    Ok(())
}

#[test]
fn list_follows_catalogue_order_then_creation() -> Result<()> {
    let mut conn = open()?;
    let pets = add_note(&mut conn, "pets", "a", "")?;
    let finance1 = add_note(&mut conn, "finance", "b", "")?;
    let personal = add_note(&mut conn, "personal", "c", "")?;
    let finance2 = add_note(&mut conn, "finance", "d", "")?;
    let ids: Vec<String> = list_items(&conn, None)?.into_iter().map(|i| i.id).collect();
    assert_eq!(
        ids,
        [
            personal.id,
            finance1.id.clone(),
            finance2.id.clone(),
            pets.id
        ]
    );
    let finance: Vec<String> = list_items(&conn, Some("finance"))?
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(finance, [finance1.id, finance2.id]);
    assert!(list_items(&conn, Some("legal"))?.is_empty());
    assert!(matches!(
        list_items(&conn, Some("nowhere")),
        Err(Error::UnknownSection(_))
    ));
    Ok(())
}

#[test]
fn titles_come_from_the_title_field_or_the_type_label() -> Result<()> {
    let mut conn = open()?;
    let person = add_person(&mut conn, "Bram")?;
    assert_eq!(item_title(&person), "Bram");
    let (wishes, _) = add_item(&mut conn, &new_item("funeral", "funeral_wishes", &[]))?;
    let label = &Catalogue::builtin()
        .item_type("funeral", "funeral_wishes")
        .map(|t| t.label.clone());
    assert_eq!(
        Some(item_title_in(&wishes, Lang::En)),
        label.as_ref().map(|l| l.en.clone())
    );
    assert_eq!(
        Some(item_title(&wishes)),
        label.as_ref().map(|l| l.nl.clone())
    );
    Ok(())
}

#[test]
fn the_change_log_records_titles_only_newest_first() -> Result<()> {
    let mut conn = open()?;
    let note = add_note(
        &mut conn,
        "digital",
        "Wachtwoordkluis",
        "kluis staat in de la, code 4711",
    )?;
    edit_item(&mut conn, &note.id, &change(&[("text", "code 1147")]))?;
    remove_item(&mut conn, &note.id)?;
    let log = change_log(&conn, 10)?;
    let actions: Vec<ChangeAction> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [ChangeAction::Remove, ChangeAction::Edit, ChangeAction::Add]
    );
    assert!(
        log.iter().all(|e| e.summary == "Wachtwoordkluis"
            && e.item_id == note.id
            && e.section == "digital")
    );
    assert!(log.iter().all(|e| is_utc_seconds(&e.at)));
    assert!(log[0].seq > log[1].seq);
    assert_eq!(change_log(&conn, 1)?.len(), 1);
    let everything: String = snapshot(&conn)?.join("\n");
    assert!(
        !everything.contains("4711"),
        "a field value reached the change log"
    );
    Ok(())
}
