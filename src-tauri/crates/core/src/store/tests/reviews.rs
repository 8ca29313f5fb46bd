use time::macros::date;

use crate::catalogue::Catalogue;
use crate::error::{Error, Result};
use crate::store::reviews::{add_months, format_date, parse_date};
use crate::store::{SectionStatus, add_item, mark_reviewed, remove_item, section_statuses};

use super::{add_note, add_person, new_item, open};

fn status<'a>(statuses: &'a [SectionStatus], section: &str) -> &'a SectionStatus {
    statuses
        .iter()
        .find(|s| s.section == section)
        .unwrap_or_else(|| panic!("no status for {section}"))
}

#[test]
fn every_section_in_catalogue_order_starts_empty_and_due() -> Result<()> {
    let conn = open()?;
    let statuses = section_statuses(&conn, date!(2025 - 03 - 01))?;
    let ids: Vec<&str> = statuses.iter().map(|s| s.section.as_str()).collect();
    let catalogue: Vec<&str> = Catalogue::builtin()
        .sections()
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids, catalogue);
    for s in &statuses {
        assert_eq!(
            (s.items, s.completeness, s.review_due),
            (0, 0, true),
            "{s:?}"
        );
        assert_eq!(
            (&s.last_reviewed, &s.next_review, &s.last_changed),
            (&None, &None, &None)
        );
    }
    Ok(())
}

#[test]
fn completeness_counts_expected_types_with_an_item() -> Result<()> {
    let mut conn = open()?;
    let today = date!(2025 - 03 - 01);
    let expected = Catalogue::builtin()
        .section("personal")
        .map(|s| s.expected.len())
        .unwrap_or(0);
    assert!(
        expected >= 2,
        "the test needs a section expecting several types"
    );
    add_item(
        &mut conn,
        &new_item("personal", "person", &[("full_name", "Jan Jansen")]),
    )?;
    add_note(&mut conn, "personal", "Extra", "")?;
    let personal = status(&section_statuses(&conn, today)?, "personal").clone();
    assert_eq!(personal.items, 2);
    let share = (100 + expected / 2) / expected;
    assert_eq!(usize::from(personal.completeness), share);

    add_person(&mut conn, "Anna")?;
    add_person(&mut conn, "Bram")?;
    let statuses = section_statuses(&conn, today)?;
    assert_eq!(status(&statuses, "trusted_persons").completeness, 100);
    assert_eq!(status(&statuses, "trusted_persons").items, 2);
    // A note does not fill an expected type.
    add_note(&mut conn, "finance", "Alleen een notitie", "")?;
    assert_eq!(
        status(&section_statuses(&conn, today)?, "finance").completeness,
        0
    );
    Ok(())
}

#[test]
fn a_section_expecting_nothing_is_complete_with_any_item() -> Result<()> {
    let mut conn = open()?;
    let Some(section) = Catalogue::builtin()
        .sections()
        .iter()
        .find(|s| s.expected.is_empty())
    else {
        return Ok(());
    };
    let id = section.id.clone();
    assert_eq!(
        status(&section_statuses(&conn, date!(2025 - 01 - 01))?, &id).completeness,
        0
    );
    add_note(&mut conn, &id, "Brief", "")?;
    assert_eq!(
        status(&section_statuses(&conn, date!(2025 - 01 - 01))?, &id).completeness,
        100
    );
    Ok(())
}

#[test]
fn reviews_set_the_next_date_and_due_flag() -> Result<()> {
    let conn = open()?;
    let months = Catalogue::builtin()
        .section("trusted_persons")
        .map(|s| s.review_months)
        .unwrap_or(0);
    let reviewed = date!(2024 - 01 - 31);
    mark_reviewed(&conn, "trusted_persons", reviewed)?;
    let next = add_months(reviewed, months);
    let before = next.previous_day().unwrap_or(next);
    let s = status(&section_statuses(&conn, before)?, "trusted_persons").clone();
    assert_eq!(s.last_reviewed.as_deref(), Some("2024-01-31"));
    assert_eq!(s.next_review.as_deref(), Some(format_date(next).as_str()));
    assert!(!s.review_due || months == 0);
    assert!(status(&section_statuses(&conn, next)?, "trusted_persons").review_due);
    // Marking again moves the dates on.
    mark_reviewed(&conn, "trusted_persons", next)?;
    assert!(!status(&section_statuses(&conn, next)?, "trusted_persons").review_due || months == 0);
    assert!(matches!(
        mark_reviewed(&conn, "nowhere", next),
        Err(Error::UnknownSection(_))
    ));
    Ok(())
}

#[test]
fn months_are_added_on_the_calendar() {
    assert_eq!(add_months(date!(2024 - 01 - 31), 1), date!(2024 - 02 - 29));
    assert_eq!(add_months(date!(2023 - 01 - 31), 1), date!(2023 - 02 - 28));
    assert_eq!(add_months(date!(2024 - 11 - 15), 2), date!(2025 - 01 - 15));
    assert_eq!(add_months(date!(2024 - 02 - 29), 12), date!(2025 - 02 - 28));
    assert_eq!(add_months(date!(2024 - 05 - 05), 0), date!(2024 - 05 - 05));
    assert_eq!(parse_date("2024-02-29"), Some(date!(2024 - 02 - 29)));
    for bad in [
        "2023-02-29",
        "24-01-01",
        "2024-1-01",
        "+202-01-01",
        "2024-01-01-01",
        "",
    ] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
}

#[test]
fn last_changed_covers_additions_and_removals() -> Result<()> {
    let mut conn = open()?;
    let note = add_note(&mut conn, "pets", "Voer", "")?;
    let after_add = status(&section_statuses(&conn, date!(2025 - 01 - 01))?, "pets")
        .last_changed
        .clone();
    assert_eq!(after_add.as_deref(), Some(note.changed.as_str()));
    remove_item(&mut conn, &note.id)?;
    let s = status(&section_statuses(&conn, date!(2025 - 01 - 01))?, "pets").clone();
    assert_eq!(s.items, 0);
    assert!(s.last_changed.is_some_and(|at| at >= note.changed));
    Ok(())
}

#[test]
fn statuses_serialise_with_stable_names() -> Result<()> {
    let conn = open()?;
    let statuses = section_statuses(&conn, date!(2025 - 01 - 01))?;
    let json =
        serde_json::to_value(&statuses[0]).map_err(|e| Error::InvalidImport(e.to_string()))?;
    for key in [
        "section",
        "items",
        "completeness",
        "last_reviewed",
        "next_review",
        "review_due",
        "last_changed",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    Ok(())
}
