//! The data of the Emergency Kit and the share sheets, as the JSON their Typst
//! templates (`assets/reports/emergency_kit.typ`, `share_sheet.typ`) read.
//!
//! ```json
//! { "lang": "nl", "today": "2026-11-26", "date": "26 november 2026",
//!   "register": "Oma Riet", "register_id": "0f9c…",
//!   "secret_key": "A3F9-…", "words": ["academic", …], "qr_svg": "<svg…" }      // kit
//! { …, "holder": "Jan", "number": 1, "threshold": 2, "count": 3, "set": "12345",
//!   "words": […], "qr_svg": "<svg…", "other_holders": ["Piet", "Els"] }         // share sheet
//! ```
//! The QR code holds the words, single spaces, so any QR reader gives the share back.

use serde_json::{Value, json};
use time::Date;

use super::owner::{EmergencyKit, ShareSet};
use crate::error::Result;
use crate::lang::Lang;
use crate::qr::qr_svg;
use crate::reports::{iso_date, long_date};

/// The Emergency Kit's data.
pub fn emergency_kit_data(kit: &EmergencyKit, lang: Lang, today: Date) -> Result<Value> {
    Ok(json!({
        "lang": lang.code(),
        "today": iso_date(today),
        "date": long_date(today, lang),
        "register": kit.register,
        "register_id": kit.register_id,
        "secret_key": kit.secret_key.as_str(),
        "words": kit.words.split(' ').collect::<Vec<_>>(),
        "qr_svg": qr_svg(&kit.words)?,
    }))
}

/// One sheet per holder of `set`; with `name_others`, each names the other holders.
pub fn share_sheets_data(
    set: &ShareSet,
    register: &str,
    register_id: &str,
    name_others: bool,
    lang: Lang,
    today: Date,
) -> Result<Vec<Value>> {
    set.shares
        .iter()
        .map(|share| {
            let others: Vec<&str> = if name_others {
                set.shares
                    .iter()
                    .filter(|other| other.number != share.number)
                    .map(|other| other.holder.as_str())
                    .collect()
            } else {
                Vec::new()
            };
            Ok(json!({
                "lang": lang.code(),
                "today": iso_date(today),
                "date": long_date(today, lang),
                "register": register,
                "register_id": register_id,
                "holder": share.holder,
                "number": share.number,
                "threshold": set.threshold,
                "count": set.shares.len(),
                "set": set.set_id.to_string(),
                "words": share.words.split(' ').collect::<Vec<_>>(),
                "qr_svg": qr_svg(&share.words)?,
                "other_holders": others,
            }))
        })
        .collect()
}

/// `share-<number>-<holder>`, the holder's name in lowercase letters and digits, other
/// characters as single dashes: the sheet's file name without extension, the same in
/// the app and the command line.
pub fn share_sheet_file_stem(number: u8, holder: &str) -> String {
    let mut name = String::with_capacity(holder.len());
    for c in holder.chars() {
        if c.is_alphanumeric() {
            name.extend(c.to_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_matches('-');
    let name = if name.is_empty() { "holder" } else { name };
    format!("share-{number}-{name}")
}

#[cfg(test)]
mod tests {
    use super::share_sheet_file_stem;

    #[test]
    fn file_stems_are_plain() {
        assert_eq!(
            share_sheet_file_stem(1, "Jan  de Vries"),
            "share-1-jan-de-vries"
        );
        assert_eq!(share_sheet_file_stem(2, "José/../Ærø"), "share-2-josé-ærø");
        assert_eq!(share_sheet_file_stem(3, " -- "), "share-3-holder");
    }
}
