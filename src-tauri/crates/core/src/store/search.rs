//! Search over every field of every item, case- and accent-insensitive.
//!
//! Each item row carries `search_text`: all its field values folded (see [`fold`])
//! and joined by newlines, kept up to date on every write. A query is folded the
//! same way, split on whitespace, and every word must occur somewhere in an item's
//! text (`LIKE '%word%'`, with `%`, `_` and `\` escaped). A scan of 10,000 short
//! rows takes milliseconds, so there is no separate full-text index to keep in step.

use std::collections::BTreeMap;

use rusqlite::Connection;
use rusqlite::types::Value;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::error::Result;
use crate::model::Item;

use super::items::{ITEM_COLUMNS, item_from_row, sort_items};

/// Folds text for comparison: compatibility decomposition (NFKD), combining marks
/// dropped, lowercased. `"José"` and `"JOSE"` both fold to `"jose"`, `"ﬁ"` to `"fi"`.
pub fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        // Lowercasing can produce marks again (`İ` becomes `i` + U+0307).
        .filter(|c| !is_combining_mark(*c))
        .fold(String::with_capacity(text.len()), |mut out, c| {
            // Letters that do not decompose but that people type without the accent.
            match c {
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ø' => out.push('o'),
                'ł' => out.push('l'),
                'đ' => out.push('d'),
                other => out.push(other),
            }
            out
        })
}

/// The folded text stored with an item: every field value, one per line.
pub(crate) fn search_text(fields: &BTreeMap<String, String>) -> String {
    let values: Vec<&str> = fields.values().map(String::as_str).collect();
    fold(&values.join("\n"))
}

/// Items in which every word of `text` occurs in some field, in register order.
///
/// An empty or all-blank query matches every item.
pub fn search(conn: &Connection, text: &str) -> Result<Vec<Item>> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut sql = format!("SELECT {ITEM_COLUMNS} FROM items");
    let mut params = Vec::with_capacity(words.len());
    for (n, word) in words.iter().enumerate() {
        sql.push_str(if n == 0 { " WHERE " } else { " AND " });
        sql.push_str(&format!("search_text LIKE ?{} ESCAPE '\\'", n + 1));
        params.push(Value::Text(format!("%{}%", escape_like(word))));
    }
    sql.push_str(" ORDER BY created, rowid");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), item_from_row)?;
    let mut items = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    sort_items(&mut items);
    Ok(items)
}

/// Escapes LIKE's wildcards so a user's `%` or `_` matches itself.
fn escape_like(word: &str) -> String {
    let mut escaped = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
