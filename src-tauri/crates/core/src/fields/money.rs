//! Amounts of money: what people type ("€ 1.234,56", "12,-", "USD 12") and the stored
//! form `CUR 1234.56`.

use crate::error::FieldError;
use crate::lang::Lang;

/// Most digits before the decimal point; keeps the amount well inside `u64` cents.
const MAX_WHOLE_DIGITS: usize = 15;

/// Parses an amount with an optional currency (`€`, `EUR`, or another three-letter
/// code, before or after the number) into `CUR whole.cents`.
pub(super) fn normalize(raw: &str) -> Result<String, FieldError> {
    let (currency, number) = split_currency(raw.trim()).ok_or(FieldError::Money)?;
    let (whole, cents) = parse_number(number).ok_or(FieldError::Money)?;
    Ok(format!("{currency} {whole}.{cents}"))
}

/// Shows a stored amount the way the language writes it: `€ 1.234,56` or `€1,234.56`.
/// `None` when `stored` is not in the stored form.
pub(super) fn display(stored: &str, lang: Lang) -> Option<String> {
    let (currency, number) = stored.split_once(' ')?;
    let (whole, cents) = number.split_once('.')?;
    let well_formed = currency.len() == 3
        && currency.bytes().all(|b| b.is_ascii_uppercase())
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && cents.len() == 2
        && cents.bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return None;
    }
    let (thousands, decimal) = match lang {
        Lang::Nl => ('.', ','),
        Lang::En => (',', '.'),
    };
    let amount = format!("{}{decimal}{cents}", group(whole, thousands));
    Some(match (currency, lang) {
        ("EUR", Lang::Nl) => format!("€ {amount}"),
        ("EUR", Lang::En) => format!("€{amount}"),
        (other, _) => format!("{other} {amount}"),
    })
}

fn group(whole: &str, separator: char) -> String {
    let mut out = String::with_capacity(whole.len() + whole.len() / 3);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// Splits off the currency: `€`/`EUR`/`XXX` before or after the number; EUR when absent.
fn split_currency(raw: &str) -> Option<(String, &str)> {
    if let Some(rest) = raw.strip_prefix('€') {
        return Some(("EUR".to_owned(), rest.trim_start()));
    }
    if let Some(rest) = raw.strip_suffix('€') {
        return Some(("EUR".to_owned(), rest.trim_end()));
    }
    let code = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic());
    if let Some((head, rest)) = raw.split_at_checked(3).filter(|(head, _)| code(head)) {
        return Some((head.to_ascii_uppercase(), rest.trim_start()));
    }
    let tail_split = raw
        .len()
        .checked_sub(3)
        .and_then(|at| raw.split_at_checked(at));
    if let Some((rest, tail)) = tail_split.filter(|(_, tail)| code(tail)) {
        return Some((tail.to_ascii_uppercase(), rest.trim_end()));
    }
    Some(("EUR".to_owned(), raw))
}

/// Parses `1234`, `1234.56`, `1234,56`, `1.234,56`, `1,234.56`, `1.234.567`, `12,-`
/// into whole units (no leading zeros) and two-digit cents. Dutch first: a single `.`
/// followed by three digits is a thousands separator (amounts have at most two
/// decimals); a single `,` followed by three digits is refused as ambiguous.
fn parse_number(number: &str) -> Option<(String, String)> {
    let number = [",-", ".-", ",--", ".--"]
        .iter()
        .find_map(|suffix| number.strip_suffix(suffix))
        .map_or(number, |whole| whole);
    if number.is_empty()
        || !number
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let dots = number.matches('.').count();
    let commas = number.matches(',').count();
    let (whole, decimals) = match (dots, commas) {
        (0, 0) => (number, ""),
        (_, 0) | (0, _) => {
            let separator = if dots > 0 { '.' } else { ',' };
            match number.rsplit_once(separator) {
                Some((head, tail)) if dots + commas == 1 && (1..=2).contains(&tail.len()) => {
                    (head, tail)
                }
                // "12,555": a Dutch decimal comma with too many decimals, or English
                // thousands? Too ambiguous to guess with money.
                Some((_, tail)) if separator == ',' && commas == 1 && tail.len() == 3 => {
                    return None;
                }
                _ => (number, ""),
            }
        }
        _ => {
            let decimal = if number.rfind('.') > number.rfind(',') {
                '.'
            } else {
                ','
            };
            let (head, tail) = number.rsplit_once(decimal)?;
            if head.contains(decimal) || !(1..=2).contains(&tail.len()) {
                return None;
            }
            (head, tail)
        }
    };
    let whole = ungroup(whole)?;
    let trimmed = whole.trim_start_matches('0');
    let whole = if trimmed.is_empty() { "0" } else { trimmed };
    if whole.len() > MAX_WHOLE_DIGITS {
        return None;
    }
    Some((whole.to_owned(), format!("{decimals:0<2}")))
}

/// Removes thousands separators, checking the groups: 1–3 digits, then groups of three.
fn ungroup(whole: &str) -> Option<String> {
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    let (first, rest) = groups.split_first()?;
    let first_ok = !first.is_empty() && (groups.len() == 1 || first.len() <= 3);
    if !first_ok || rest.iter().any(|group| group.len() != 3) {
        return None;
    }
    Some(groups.concat())
}
