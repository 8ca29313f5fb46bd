//! Validation and normalisation of one field value, and its display form.
//!
//! [`normalize`] turns what a person typed into the canonical stored form of the
//! field's kind (dates `YYYY-MM-DD`, IBANs in groups of four, money `EUR 1234.56`,
//! choices as option ids), or says why it was refused. [`display`] turns a stored
//! value back into what a person reads, in their language. Whether a person reference
//! names an existing trusted person is the store's business, not this module's.

mod iban;
mod money;

use time::{Date, Month};
use unicode_normalization::UnicodeNormalization;

use crate::catalogue::{Field, FieldKind};
use crate::error::FieldError;
use crate::lang::Lang;

/// Longest one-line text, in characters.
const TEXT_MAX: usize = 500;
/// Longest multi-line text, in characters.
const MULTILINE_MAX: usize = 20_000;

/// Validates `raw` for `field` and returns its canonical stored form; `Ok(None)` when
/// the value is empty (the field is cleared).
pub fn normalize(field: &Field, raw: &str) -> Result<Option<String>, FieldError> {
    normalize_kind(&field.kind, raw)
}

/// Whether `raw` is a non-empty valid value of `kind` (an IBAN, a phone number, …).
pub(crate) fn is_valid(kind: &FieldKind, raw: &str) -> bool {
    matches!(normalize_kind(kind, raw), Ok(Some(_)))
}

fn normalize_kind(kind: &FieldKind, raw: &str) -> Result<Option<String>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let value = match kind {
        FieldKind::Text => text(raw)?,
        FieldKind::Multiline => multiline(raw)?,
        FieldKind::Date => date(raw)?,
        FieldKind::Phone => phone(raw)?,
        FieldKind::Email => email(raw)?,
        FieldKind::Iban => iban::normalize(raw)?,
        FieldKind::Money => money::normalize(raw)?,
        FieldKind::Choice { options } => {
            let wanted = raw.nfc().collect::<String>().to_lowercase();
            let found = options.iter().find(|option| {
                option.id == wanted
                    || option.label.nl.to_lowercase() == wanted
                    || option.label.en.to_lowercase() == wanted
            });
            match found {
                Some(option) => option.id.clone(),
                None => {
                    let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                    return Err(FieldError::Choice(ids.join(", ")));
                }
            }
        }
        FieldKind::YesNo => match raw.to_lowercase().as_str() {
            "ja" | "j" | "yes" | "y" | "true" => "yes".to_owned(),
            "nee" | "n" | "no" | "false" => "no".to_owned(),
            _ => return Err(FieldError::YesNo),
        },
        FieldKind::PersonRef => {
            let looks_like_id = raw.len() == 16
                && raw
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b));
            if !looks_like_id {
                return Err(FieldError::PersonRef);
            }
            raw.to_owned()
        }
    };
    Ok(Some(value))
}

/// A stored value as a person reads it in `lang`. Values that do not have the stored
/// form of their kind are shown unchanged.
pub fn display(field: &Field, stored: &str, lang: Lang) -> String {
    match &field.kind {
        FieldKind::Choice { options } => options
            .iter()
            .find(|option| option.id == stored)
            .map_or_else(
                || stored.to_owned(),
                |option| option.label.get(lang).to_owned(),
            ),
        FieldKind::YesNo => match stored {
            "yes" => lang.pick("Ja", "Yes").to_owned(),
            "no" => lang.pick("Nee", "No").to_owned(),
            other => other.to_owned(),
        },
        FieldKind::Money => money::display(stored, lang).unwrap_or_else(|| stored.to_owned()),
        FieldKind::Date => match (lang, parse_iso_date(stored)) {
            (Lang::Nl, Some(date)) => {
                format!(
                    "{:02}-{:02}-{:04}",
                    date.day(),
                    u8::from(date.month()),
                    date.year()
                )
            }
            _ => stored.to_owned(),
        },
        _ => stored.to_owned(),
    }
}

fn text(raw: &str) -> Result<String, FieldError> {
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    within(lines.join(" ").nfc().collect(), TEXT_MAX)
}

fn multiline(raw: &str) -> Result<String, FieldError> {
    let unix = raw.replace("\r\n", "\n").replace('\r', "\n");
    within(unix.nfc().collect(), MULTILINE_MAX)
}

fn within(value: String, max_chars: usize) -> Result<String, FieldError> {
    if value.chars().count() > max_chars {
        Err(FieldError::TooLong)
    } else {
        Ok(value)
    }
}

/// Accepts `YYYY-MM-DD` and `D-M-YYYY`, with `-`, `/` or `.` between the parts.
fn date(raw: &str) -> Result<String, FieldError> {
    let separator = raw
        .chars()
        .find(|c| matches!(c, '-' | '/' | '.'))
        .ok_or(FieldError::Date)?;
    let parts: Vec<&str> = raw.split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(FieldError::Date);
    };
    let (year, month, day) = match (a.len(), c.len()) {
        (4, 1..=2) => (*a, *b, *c),
        (1..=2, 4) => (*c, *b, *a),
        _ => return Err(FieldError::Date),
    };
    if !(1..=2).contains(&month.len()) {
        return Err(FieldError::Date);
    }
    let number = |s: &str| -> Result<u16, FieldError> {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| FieldError::Date)
        } else {
            Err(FieldError::Date)
        }
    };
    let year = i32::from(number(year)?);
    let month = u8::try_from(number(month)?).map_err(|_| FieldError::Date)?;
    let day = u8::try_from(number(day)?).map_err(|_| FieldError::Date)?;
    let month = Month::try_from(month).map_err(|_| FieldError::Date)?;
    let date = Date::from_calendar_date(year, month, day).map_err(|_| FieldError::Date)?;
    Ok(format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    ))
}

fn parse_iso_date(stored: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(stored, &format).ok()
}

fn phone(raw: &str) -> Result<String, FieldError> {
    let body = raw.strip_prefix('+').unwrap_or(raw);
    let allowed =
        |c: char| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '(' | ')' | '.');
    if !body.chars().all(allowed) {
        return Err(FieldError::Phone);
    }
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !(6..=15).contains(&digits) {
        return Err(FieldError::Phone);
    }
    Ok(raw.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn email(raw: &str) -> Result<String, FieldError> {
    let (local, domain) = raw.split_once('@').ok_or(FieldError::Email)?;
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@<>,;:()[]\\\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok {
        Ok(format!("{local}@{}", domain.to_lowercase()))
    } else {
        Err(FieldError::Email)
    }
}

#[cfg(test)]
mod tests;
