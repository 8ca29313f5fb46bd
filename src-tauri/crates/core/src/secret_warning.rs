//! Warnings for values that look like a password, a PIN or a crypto seed phrase.
//!
//! The register's advice is: never write down a password or PIN here, write down
//! *where* it can be found. These heuristics catch the common slips ("wachtwoord:
//! Tulp2024", "1234" in a field about an access code, a lone password-shaped token,
//! twelve seed words) while keeping quiet on ordinary values such as names, postcodes,
//! IBANs and policy numbers. A warning never blocks saving; the person decides.
//! Only free-text fields are checked: the other kinds are validated to shapes that
//! cannot hold a secret unnoticed.

use serde::Serialize;

use crate::catalogue::{Field, FieldKind, Label};
use crate::fields;
use crate::lang::Lang;

/// A value that looks like a secret, and in which field.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretWarning {
    /// Id of the field, e.g. `where_access_is_kept`.
    pub field: String,
    /// The field's label, to name it in the message.
    pub label: Label,
    /// What it looks like.
    pub reason: SecretReason,
}

/// What kind of secret a value looks like.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretReason {
    /// A password.
    Password,
    /// A PIN or access code.
    Pin,
    /// A crypto wallet's seed (recovery) phrase.
    SeedPhrase,
}

impl SecretWarning {
    /// The warning for a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        let name = self.label.get(lang);
        match (lang, self.reason) {
            (Lang::Nl, SecretReason::SeedPhrase) => format!(
                "Het veld '{name}' lijkt een herstelzin (seed phrase) te bevatten. Bewaar nooit \
                 een herstelzin in het register; schrijf op wáár hij te vinden is."
            ),
            (Lang::Nl, reason) => format!(
                "Het veld '{name}' lijkt een {} te bevatten. Bewaar nooit wachtwoorden of \
                 pincodes in het register; schrijf op wáár ze te vinden zijn.",
                if reason == SecretReason::Pin {
                    "pincode"
                } else {
                    "wachtwoord"
                }
            ),
            (Lang::En, SecretReason::SeedPhrase) => format!(
                "The field '{name}' seems to contain a recovery (seed) phrase. Never keep a \
                 recovery phrase in the register; write down where it can be found."
            ),
            (Lang::En, reason) => format!(
                "The field '{name}' seems to contain a {}. Never keep passwords or PINs in the \
                 register; write down where they can be found.",
                if reason == SecretReason::Pin {
                    "PIN"
                } else {
                    "password"
                }
            ),
        }
    }
}

/// A warning when `value`, entered in `field`, looks like a password, PIN or seed phrase.
pub fn secret_warning(field: &Field, value: &str) -> Option<SecretWarning> {
    if !matches!(field.kind, FieldKind::Text | FieldKind::Multiline) {
        return None;
    }
    let value = value.trim();
    let reason = after_keyword(value)
        .or_else(|| pin_alone(field, value).then_some(SecretReason::Pin))
        .or_else(|| seed_phrase(value).then_some(SecretReason::SeedPhrase))
        .or_else(|| password_token(field, value).then_some(SecretReason::Password))?;
    Some(SecretWarning {
        field: field.id.clone(),
        label: field.label.clone(),
        reason,
    })
}

/// Words that introduce a secret, longest first so `pincode` wins over `pin`. The flag
/// says whether the word needs a `:` or `=` after it (`ww` alone is too common).
const KEYWORDS: &[(&str, SecretReason, bool)] = &[
    ("wachtwoord", SecretReason::Password, false),
    ("password", SecretReason::Password, false),
    ("passwd", SecretReason::Password, false),
    ("pwd", SecretReason::Password, false),
    ("ww", SecretReason::Password, true),
    ("toegangscode", SecretReason::Pin, false),
    ("passcode", SecretReason::Pin, false),
    ("pincode", SecretReason::Pin, false),
    ("pin-code", SecretReason::Pin, false),
    ("pin code", SecretReason::Pin, false),
    ("pin", SecretReason::Pin, false),
    ("kluiscode", SecretReason::Pin, false),
    ("alarmcode", SecretReason::Pin, false),
    ("code", SecretReason::Pin, false),
    ("herstelzin", SecretReason::SeedPhrase, false),
    ("seed phrase", SecretReason::SeedPhrase, false),
    ("seedphrase", SecretReason::SeedPhrase, false),
    ("recovery phrase", SecretReason::SeedPhrase, false),
];

/// "wachtwoord: Tulp2024", "pin 1234", "ww=geheim", "password is hunter2" — but not
/// "het wachtwoord ligt in de la", which is exactly what the register asks for.
fn after_keyword(value: &str) -> Option<SecretReason> {
    let lower = value.to_lowercase();
    for line in lower.lines() {
        for &(keyword, reason, needs_separator) in KEYWORDS {
            for (at, _) in line.match_indices(keyword) {
                let starts_word = !line[..at].ends_with(char::is_alphanumeric);
                let rest = &line[at + keyword.len()..];
                let ends_word = !rest.starts_with(char::is_alphanumeric);
                if starts_word && ends_word && secret_follows(rest, reason, needs_separator) {
                    return Some(reason);
                }
            }
        }
    }
    None
}

fn secret_follows(rest: &str, reason: SecretReason, needs_separator: bool) -> bool {
    let rest = rest.trim_start();
    let separated = rest
        .strip_prefix([':', '='])
        .or_else(|| rest.strip_prefix("is "));
    if needs_separator && separated.is_none() {
        return false;
    }
    let words: Vec<&str> = separated.unwrap_or(rest).split_whitespace().collect();
    match (separated.is_some(), words.as_slice()) {
        (_, []) => false,
        (true, [_]) => true,
        (true, _) if reason == SecretReason::SeedPhrase => words.len() >= 12,
        (_, [first, ..]) => secret_shaped(first),
    }
}

/// A word that is not plain prose: digits, inner punctuation, quotes or odd capitals.
/// Input is lowercase, so capitals cannot be seen here; digits and symbols suffice.
fn secret_shaped(word: &str) -> bool {
    if word.contains(['"', '\'', '`']) {
        return true;
    }
    let word = word
        .trim_start_matches(['(', '[', '{'])
        .trim_end_matches(['.', ',', ';', ':', ')', ']', '}', '!', '?']);
    word.chars()
        .any(|c| c.is_ascii_digit() || (!c.is_alphanumeric() && c != '-'))
}

/// Id or label fragments of fields that hold ordinary numbers, never a PIN.
const NUMBER_FIELDS: &[&str] = &[
    "postcode",
    "customer",
    "klant",
    "policy",
    "polis",
    "participant",
    "deelnemer",
    "chip",
    "number",
    "nummer",
    "bsn",
    "contract",
    "employee",
    "personeel",
    "box",
];
/// Id or label fragments of fields about access codes.
const CODE_FIELDS: &[&str] = &["pin", "code", "toegang", "access"];

/// "1234" alone in a field about a PIN or access code.
fn pin_alone(field: &Field, value: &str) -> bool {
    let digits = (4..=6).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
    digits && field_mentions(field, CODE_FIELDS) && !field_mentions(field, NUMBER_FIELDS)
}

fn field_mentions(field: &Field, fragments: &[&str]) -> bool {
    let names = [
        field.id.to_lowercase(),
        field.label.nl.to_lowercase(),
        field.label.en.to_lowercase(),
    ];
    names
        .iter()
        .any(|name| fragments.iter().any(|fragment| name.contains(fragment)))
}

/// 12, 18 or 24 lowercase words of 3–8 letters, the shape of a BIP-39 seed phrase.
fn seed_phrase(value: &str) -> bool {
    let words: Vec<&str> = value.split_whitespace().collect();
    matches!(words.len(), 12 | 18 | 24)
        && words
            .iter()
            .all(|w| (3..=8).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase()))
}

/// A single 8–64 character token mixing lowercase letters, digits and at least one of
/// capitals or symbols, that is not an e-mail address, IBAN, web address or phone
/// number, in a field that does not hold identifiers (usernames, account numbers).
fn password_token(field: &Field, value: &str) -> bool {
    let length = value.chars().count();
    if !(8..=64).contains(&length) || value.contains(char::is_whitespace) {
        return false;
    }
    if field_mentions(field, NUMBER_FIELDS)
        || field_mentions(field, &["user", "gebruiker", "login"])
    {
        return false;
    }
    let lower = value.chars().any(char::is_lowercase);
    let upper = value.chars().any(char::is_uppercase);
    let digit = value.chars().any(|c| c.is_ascii_digit());
    let symbol = value.chars().any(|c| !c.is_alphanumeric());
    let classes = [lower, upper, digit, symbol]
        .iter()
        .filter(|&&present| present)
        .count();
    lower && digit && classes >= 3 && !looks_like_an_address(value)
}

/// E-mail, web address, IBAN or phone number: ordinary values that can look random.
fn looks_like_an_address(value: &str) -> bool {
    let lower = value.to_lowercase();
    if lower.contains("://") || lower.starts_with("www.") {
        return true;
    }
    let host = lower.split('/').next().unwrap_or_default();
    let labels: Vec<&str> = host.split('.').collect();
    let web_address = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| {
            (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic())
        });
    web_address
        || [FieldKind::Email, FieldKind::Iban, FieldKind::Phone]
            .iter()
            .any(|kind| fields::is_valid(kind, value))
}

#[cfg(test)]
mod tests;
