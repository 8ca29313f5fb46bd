//! Tests of field normalisation and display, kind by kind.

use super::*;
use crate::catalogue::{Catalogue, Choice, Label};

fn field(kind: FieldKind) -> Field {
    Field {
        id: "x".into(),
        label: Label {
            nl: "X".into(),
            en: "X".into(),
        },
        kind,
        required: false,
        help: None,
        contact: false,
    }
}

fn ok(kind: FieldKind, raw: &str) -> String {
    match normalize(&field(kind), raw) {
        Ok(Some(value)) => value,
        other => panic!("{raw:?} gave {other:?}"),
    }
}

fn err(kind: FieldKind, raw: &str) -> FieldError {
    match normalize(&field(kind), raw) {
        Err(error) => error,
        other => panic!("{raw:?} was accepted as {other:?}"),
    }
}

fn choices() -> FieldKind {
    let option = |id: &str, nl: &str, en: &str| Choice {
        id: id.into(),
        label: Label {
            nl: nl.into(),
            en: en.into(),
        },
    };
    FieldKind::Choice {
        options: vec![
            option("burial", "Begraven", "Burial"),
            option("cremation", "Cremeren", "Cremation"),
        ],
    }
}

#[test]
fn empty_clears_every_kind() {
    for kind in [
        FieldKind::Text,
        FieldKind::Date,
        FieldKind::Iban,
        FieldKind::Money,
        choices(),
    ] {
        assert_eq!(normalize(&field(kind), "  \n\t "), Ok(None));
    }
}

#[test]
fn text_is_one_trimmed_line() {
    assert_eq!(ok(FieldKind::Text, "  Jan de Vries "), "Jan de Vries");
    assert_eq!(
        ok(FieldKind::Text, "Kerkstraat 1\r\nAmsterdam\n"),
        "Kerkstraat 1 Amsterdam"
    );
    assert_eq!(ok(FieldKind::Text, "e\u{301}en"), "\u{e9}en", "stored NFC");
    assert_eq!(ok(FieldKind::Text, &"é".repeat(500)).chars().count(), 500);
    assert_eq!(err(FieldKind::Text, &"a".repeat(501)), FieldError::TooLong);
}

#[test]
fn multiline_keeps_lines() {
    assert_eq!(
        ok(FieldKind::Multiline, " a\r\nb\rc\n\nd \n"),
        "a\nb\nc\n\nd"
    );
    assert_eq!(
        ok(FieldKind::Multiline, &"x\n".repeat(10_000)).len(),
        19_999
    );
    assert_eq!(
        err(FieldKind::Multiline, &"x".repeat(20_001)),
        FieldError::TooLong
    );
}

#[test]
fn dates() {
    for (raw, stored) in [
        ("2026-11-26", "2026-11-26"),
        ("26-11-2026", "2026-11-26"),
        ("6-1-2026", "2026-01-06"),
        ("26/11/2026", "2026-11-26"),
        ("26.11.2026", "2026-11-26"),
        ("2026/1/6", "2026-01-06"),
        ("29-02-2024", "2024-02-29"),
    ] {
        assert_eq!(ok(FieldKind::Date, raw), stored, "{raw}");
    }
    for raw in [
        "29-02-2025",
        "31-04-2026",
        "2026-13-01",
        "00-01-2026",
        "26-11-26",
        "26-11/2026",
        "2026-11",
        "morgen",
        "26 11 2026",
        "+1-01-2026",
        "123-1-2026",
        "1-123-2026",
    ] {
        assert_eq!(err(FieldKind::Date, raw), FieldError::Date, "{raw}");
    }
}

#[test]
fn phones() {
    for (raw, stored) in [
        ("020-1234567", "020-1234567"),
        ("+31 6  1234   5678", "+31 6 1234 5678"),
        ("(020) 123.45.67", "(020) 123.45.67"),
        ("112233", "112233"),
        ("+31 (0)20 123 4567", "+31 (0)20 123 4567"),
    ] {
        assert_eq!(ok(FieldKind::Phone, raw), stored, "{raw}");
    }
    for raw in [
        "12345",
        "1234567890123456",
        "06-1234abcd",
        "31+6 12345678",
        "++31612345678",
        "bel mij",
    ] {
        assert_eq!(err(FieldKind::Phone, raw), FieldError::Phone, "{raw}");
    }
}

#[test]
fn emails() {
    assert_eq!(
        ok(FieldKind::Email, "Jan.de.Vries@Example.NL"),
        "Jan.de.Vries@example.nl"
    );
    assert_eq!(ok(FieldKind::Email, " a+b@mail.co.uk "), "a+b@mail.co.uk");
    for raw in [
        "jan",
        "@example.nl",
        "jan@",
        "jan@example",
        "jan@@example.nl",
        "jan@ex@ample.nl",
        "jan de vries@example.nl",
        "jan@example..nl",
        "jan@.example.nl",
        "jan@example.nl.",
        "jan@-example.nl",
    ] {
        assert_eq!(err(FieldKind::Email, raw), FieldError::Email, "{raw}");
    }
}

#[test]
fn real_ibans_are_accepted_and_grouped() {
    for (raw, stored) in [
        ("NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"),
        ("BE68539007547034", "BE68 5390 0754 7034"),
        ("DE89370400440532013000", "DE89 3704 0044 0532 0130 00"),
        ("GB29NWBK60161331926819", "GB29 NWBK 6016 1331 9268 19"),
        ("nl91 abna 0417 1643 00", "NL91 ABNA 0417 1643 00"),
        ("  NL91ABNA 04171643 00 ", "NL91 ABNA 0417 1643 00"),
    ] {
        assert_eq!(ok(FieldKind::Iban, raw), stored, "{raw}");
    }
}

#[test]
fn one_changed_digit_fails_the_iban_check() {
    for raw in [
        "NL91ABNA0417164301",
        "NL92ABNA0417164300",
        "BE68539007547035",
        "DE89370400440532013001",
        "GB29NWBK60161331926818",
    ] {
        assert_eq!(err(FieldKind::Iban, raw), FieldError::Iban, "{raw}");
    }
}

#[test]
fn malformed_ibans() {
    for raw in [
        "NL91ABNA041716430",   // too short for NL
        "NL91ABNA04171643000", // too long for NL
        "XX91ABNA0417164300",  // unknown country
        "NLA1ABNA0417164300",  // check digits not digits
        "NL91-ABNA-0417-1643-00",
        "NL",
        "1234",
        "NL91ÄBNA0417164300",
    ] {
        assert_eq!(err(FieldKind::Iban, raw), FieldError::Iban, "{raw}");
    }
}

#[test]
fn money() {
    for (raw, stored) in [
        ("1234.56", "EUR 1234.56"),
        ("1.234,56", "EUR 1234.56"),
        ("1234,56", "EUR 1234.56"),
        ("€ 1.234,56", "EUR 1234.56"),
        ("€1,234.56", "EUR 1234.56"),
        ("EUR 12", "EUR 12.00"),
        ("eur 12,5", "EUR 12.50"),
        ("12,-", "EUR 12.00"),
        ("12,--", "EUR 12.00"),
        ("12 €", "EUR 12.00"),
        ("12 EUR", "EUR 12.00"),
        ("USD 12", "USD 12.00"),
        ("1.234", "EUR 1234.00"),
        ("1.234.567", "EUR 1234567.00"),
        ("1.234.567,8", "EUR 1234567.80"),
        ("1,234,567", "EUR 1234567.00"),
        ("0,50", "EUR 0.50"),
        ("007", "EUR 7.00"),
        ("0", "EUR 0.00"),
    ] {
        assert_eq!(ok(FieldKind::Money, raw), stored, "{raw}");
    }
    for raw in [
        "12.345.6",
        "abc",
        "1,2345",
        "12.345,67.8",
        "1.23,45",
        "12,345,6",
        "12.",
        ",50",
        "12,555",
        "1,234,56",
        "€",
        "EUR",
        "-12",
        "12 34",
        "1234567890123456",
        "US 12",
        "€ EUR 12",
    ] {
        assert_eq!(err(FieldKind::Money, raw), FieldError::Money, "{raw}");
    }
}

#[test]
fn choices_by_id_or_label() {
    assert_eq!(ok(choices(), "cremation"), "cremation");
    assert_eq!(ok(choices(), "Cremeren"), "cremation");
    assert_eq!(ok(choices(), "BURIAL"), "burial");
    assert_eq!(ok(choices(), " begraven "), "burial");
    assert_eq!(
        err(choices(), "zee"),
        FieldError::Choice("burial, cremation".into())
    );
}

#[test]
fn yes_no() {
    for raw in ["ja", "J", "Yes", "y", "TRUE"] {
        assert_eq!(ok(FieldKind::YesNo, raw), "yes", "{raw}");
    }
    for raw in ["nee", "N", "no", "false"] {
        assert_eq!(ok(FieldKind::YesNo, raw), "no", "{raw}");
    }
    for raw in ["misschien", "1", "jaa"] {
        assert_eq!(err(FieldKind::YesNo, raw), FieldError::YesNo, "{raw}");
    }
}

#[test]
fn person_refs() {
    assert_eq!(
        ok(FieldKind::PersonRef, " abcdefgh234567ab "),
        "abcdefgh234567ab"
    );
    for raw in [
        "abcdefgh234567a",
        "abcdefgh234567abc",
        "ABCDEFGH234567AB",
        "abcdefgh1234567a",
        "Jan de Vries",
    ] {
        assert_eq!(
            err(FieldKind::PersonRef, raw),
            FieldError::PersonRef,
            "{raw}"
        );
    }
}

#[test]
fn display_choice_and_yes_no() {
    assert_eq!(
        display(&field(choices()), "cremation", Lang::Nl),
        "Cremeren"
    );
    assert_eq!(
        display(&field(choices()), "cremation", Lang::En),
        "Cremation"
    );
    assert_eq!(display(&field(choices()), "gone", Lang::En), "gone");
    assert_eq!(display(&field(FieldKind::YesNo), "yes", Lang::Nl), "Ja");
    assert_eq!(display(&field(FieldKind::YesNo), "no", Lang::Nl), "Nee");
    assert_eq!(display(&field(FieldKind::YesNo), "yes", Lang::En), "Yes");
    assert_eq!(display(&field(FieldKind::YesNo), "no", Lang::En), "No");
}

#[test]
fn display_money() {
    let money = field(FieldKind::Money);
    assert_eq!(display(&money, "EUR 1234.56", Lang::Nl), "€ 1.234,56");
    assert_eq!(display(&money, "EUR 1234.56", Lang::En), "€1,234.56");
    assert_eq!(display(&money, "EUR 0.50", Lang::Nl), "€ 0,50");
    assert_eq!(
        display(&money, "EUR 1234567.00", Lang::Nl),
        "€ 1.234.567,00"
    );
    assert_eq!(display(&money, "EUR 123.00", Lang::En), "€123.00");
    assert_eq!(display(&money, "USD 12000.00", Lang::Nl), "USD 12.000,00");
    assert_eq!(display(&money, "USD 12000.00", Lang::En), "USD 12,000.00");
    assert_eq!(display(&money, "twaalf", Lang::Nl), "twaalf");
}

#[test]
fn display_dates() {
    let date = field(FieldKind::Date);
    assert_eq!(display(&date, "2026-11-26", Lang::Nl), "26-11-2026");
    assert_eq!(display(&date, "2026-01-06", Lang::Nl), "06-01-2026");
    assert_eq!(display(&date, "2026-11-26", Lang::En), "2026-11-26");
    assert_eq!(display(&date, "26 nov", Lang::Nl), "26 nov");
}

#[test]
fn display_leaves_other_kinds_alone() {
    assert_eq!(
        display(&field(FieldKind::Iban), "NL91 ABNA 0417 1643 00", Lang::Nl),
        "NL91 ABNA 0417 1643 00"
    );
    assert_eq!(display(&field(FieldKind::Text), "Jan", Lang::En), "Jan");
}

#[test]
fn stored_values_normalise_to_themselves() {
    let cases = [
        (FieldKind::Date, "2026-11-26"),
        (FieldKind::Iban, "NL91 ABNA 0417 1643 00"),
        (FieldKind::Money, "EUR 1234.56"),
        (FieldKind::Money, "USD 12.00"),
        (FieldKind::Phone, "+31 6 1234 5678"),
        (FieldKind::Email, "Jan@example.nl"),
        (FieldKind::YesNo, "yes"),
    ];
    for (kind, stored) in cases {
        assert_eq!(ok(kind, stored), stored);
    }
}

#[test]
fn builtin_choice_fields_accept_their_labels() {
    for section in Catalogue::builtin().sections() {
        for item_type in &section.item_types {
            for field in &item_type.fields {
                if let FieldKind::Choice { options } = &field.kind {
                    for option in options {
                        for lang in [Lang::Nl, Lang::En] {
                            let stored = normalize(field, option.label.get(lang));
                            assert_eq!(stored, Ok(Some(option.id.clone())), "{}", field.id);
                            assert_eq!(display(field, &option.id, lang), option.label.get(lang));
                        }
                    }
                }
            }
        }
    }
}
