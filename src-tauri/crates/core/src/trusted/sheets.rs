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
