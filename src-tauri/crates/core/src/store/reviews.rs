//! Section reviews and the state of each section: how full, how fresh, when to look again.
//!
//! A person marks a section reviewed on a date; the next review falls the catalogue's
//! `review_months` later (clamped to the month's last day: 31 January + 1 month is
//! 28 or 29 February). A section never reviewed is due. Completeness is the share of
//! the section's `expected` item types that have at least one item; a section that
//! expects nothing is complete as soon as it holds any item.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use time::{Date, Month};

use crate::catalogue::{Catalogue, Section};
use crate::error::{Error, Result};

/// The state of one section, for the overview screen and the CLI's `status`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionStatus {
    /// Section slug.
    pub section: String,
    /// Number of items in the section.
    pub items: usize,
    /// Percentage (0–100) of the section's expected item types that have an item.
    pub completeness: u8,
    /// Date (`YYYY-MM-DD`) the section was last marked reviewed.
    pub last_reviewed: Option<String>,
    /// Date (`YYYY-MM-DD`) the next review is due.
    pub next_review: Option<String>,
    /// Never reviewed, or the next review is today or earlier.
    pub review_due: bool,
    /// RFC 3339 UTC time of the last add, edit or removal in the section.
    pub last_changed: Option<String>,
}

/// Records that the person reviewed `section` on `today`.
pub fn mark_reviewed(conn: &Connection, section: &str, today: Date) -> Result<()> {
    if Catalogue::builtin().section(section).is_none() {
        return Err(Error::UnknownSection(section.to_owned()));
    }
    conn.execute(
        "INSERT INTO section_reviews (section, last_reviewed) VALUES (?1, ?2)
         ON CONFLICT (section) DO UPDATE SET last_reviewed = excluded.last_reviewed",
        (section, format_date(today)),
    )?;
    Ok(())
}

/// The status of every catalogue section, in catalogue order.
pub fn section_statuses(conn: &Connection, today: Date) -> Result<Vec<SectionStatus>> {
    let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT section, item_type, COUNT(*) FROM items GROUP BY section, item_type",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let section: String = row.get(0)?;
            let count: i64 = row.get(2)?;
            *counts.entry(section.clone()).or_default() += usize::try_from(count).unwrap_or(0);
            types.entry(section).or_default().insert(row.get(1)?);
        }
    }
    let mut statuses = Vec::new();
    for section in Catalogue::builtin().sections() {
        let items = counts.get(&section.id).copied().unwrap_or(0);
        let present = types.get(&section.id);
        let last_reviewed = last_reviewed(conn, &section.id)?;
        let next_review = last_reviewed.map(|date| add_months(date, section.review_months));
        statuses.push(SectionStatus {
            section: section.id.clone(),
            items,
            completeness: completeness(section, present, items),
            last_reviewed: last_reviewed.map(format_date),
            next_review: next_review.map(format_date),
            review_due: next_review.is_none_or(|next| next <= today),
            last_changed: last_changed(conn, &section.id)?,
        });
    }
    Ok(statuses)
}

fn completeness(section: &Section, present: Option<&BTreeSet<String>>, items: usize) -> u8 {
    if section.expected.is_empty() {
        return if items > 0 { 100 } else { 0 };
    }
    let have = section
        .expected
        .iter()
        .filter(|t| present.is_some_and(|p| p.contains(*t)))
        .count();
    let total = section.expected.len();
    // Rounded to the nearest percent; `have <= total`, so this is at most 100.
    u8::try_from((have * 100 + total / 2) / total).unwrap_or(100)
}

/// The stored review date; a value that is not a date counts as never reviewed.
fn last_reviewed(conn: &Connection, section: &str) -> Result<Option<Date>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT last_reviewed FROM section_reviews WHERE section = ?1",
            [section],
            |row| row.get(0),
        )
        .optional()?;
    Ok(text.and_then(|t| parse_date(&t)))
}

/// The latest change in the section: the change log covers removals too.
fn last_changed(conn: &Connection, section: &str) -> Result<Option<String>> {
    let latest: Option<String> = conn.query_row(
        "SELECT MAX(at) FROM (SELECT at FROM change_log WHERE section = ?1
                              UNION ALL SELECT changed FROM items WHERE section = ?1)",
        [section],
        |row| row.get(0),
    )?;
    Ok(latest)
}

/// `date` plus `months`, clamped to the last day of the resulting month.
pub(crate) fn add_months(date: Date, months: u32) -> Date {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX);
    let month = u8::try_from(index.rem_euclid(12) + 1)
        .ok()
        .and_then(|m| Month::try_from(m).ok());
    let Some(month) = month else { return Date::MAX };
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// `YYYY-MM-DD`.
pub(crate) fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    if !text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return None;
    }
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}
