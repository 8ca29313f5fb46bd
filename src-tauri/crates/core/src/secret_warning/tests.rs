//! Tests of the secret heuristics: the slips they must catch and the ordinary values
//! they must leave alone.

use super::*;
use crate::catalogue::Catalogue;

fn field(id: &str, nl: &str, en: &str, kind: FieldKind) -> Field {
    Field {
        id: id.into(),
        label: Label {
            nl: nl.into(),
            en: en.into(),
        },
        kind,
        required: false,
        help: None,
        contact: false,
    }
}

fn notes() -> Field {
    field("notes", "Opmerkingen", "Notes", FieldKind::Multiline)
}

fn reason(field: &Field, value: &str) -> Option<SecretReason> {
    secret_warning(field, value).map(|warning| warning.reason)
}

fn builtin(section: &str, item_type: &str, field: &str) -> Field {
    let found = Catalogue::builtin()
        .item_type(section, item_type)
        .and_then(|t| t.field(field));
    match found {
        Some(field) => field.clone(),
        None => panic!("no field {section}.{item_type}.{field}"),
    }
}

#[test]
fn keywords_followed_by_a_secret() {
    for value in [
        "wachtwoord: Tulp2024",
        "Wachtwoord: tulpen",
        "gebruikersnaam jan, wachtwoord Tulp2024!",
        "password = hunter2",
        "The password is hunter2",
        "pwd: x",
        "ww: geheim",
        "WW=geheim",
        "login via de site\nwachtwoord: 'bloemkool'",
    ] {
        assert_eq!(
            reason(&notes(), value),
            Some(SecretReason::Password),
            "{value}"
        );
    }
    for value in [
        "pincode: 1234",
        "pin 1234",
        "PIN: 0000",
        "pin-code 9876",
        "pin code: 4321",
        "toegangscode: 2580",
    ] {
        assert_eq!(reason(&notes(), value), Some(SecretReason::Pin), "{value}");
    }
    let seed = "herstelzin: abandon ability able about above absent absorb abstract absurd abuse access accident";
    assert_eq!(reason(&notes(), seed), Some(SecretReason::SeedPhrase));
}

#[test]
fn keywords_in_plain_sentences_do_not_warn() {
    for value in [
        "Het wachtwoord ligt in de la van het bureau",
        "wachtwoord staat in de wachtwoordkluis",
        "Het wachtwoord is opgeschreven in het blauwe boekje",
        "De pincode weet mijn dochter",
        "pinpas ligt in de kluis",
        "Bitwarden; de wachtwoordkluis",
        "password manager: 1Password, emergency kit in the safe",
        "Spinning op dinsdag",
        "www.example.nl",
        "wachtwoord",
        "herstelzin: in de kluis bij de notaris",
        "postcode 1234 AB",
        "de code ligt bij de buren",
        "klantcode staat op de factuur",
    ] {
        assert_eq!(reason(&notes(), value), None, "{value}");
    }
}

#[test]
fn digits_alone_in_a_code_field() {
    let device = builtin("digital", "device", "where_code_is_kept");
    assert_eq!(reason(&device, "1234"), Some(SecretReason::Pin));
    assert_eq!(reason(&device, "123456"), Some(SecretReason::Pin));
    assert_eq!(reason(&device, "123"), None);
    assert_eq!(reason(&device, "1234567"), None);
    assert_eq!(reason(&device, "in de la"), None);
    let access = builtin("digital", "password_manager", "where_access_is_kept");
    assert_eq!(reason(&access, "2580"), Some(SecretReason::Pin));
    let safe = builtin("documents", "safe", "where_key_is_kept");
    assert_eq!(reason(&safe, "0451"), Some(SecretReason::Pin));
}

#[test]
fn ordinary_numbers_do_not_warn() {
    let cases = [
        (builtin("personal", "address", "postcode"), "1234"),
        (builtin("personal", "address", "postcode"), "1234 AB"),
        (builtin("insurance", "policy", "policy_number"), "118832"),
        (
            builtin("insurance", "policy", "policy_number"),
            "POL-2024-118832",
        ),
        (builtin("housing", "utility", "customer_number"), "123456"),
        (
            builtin("pension", "pension_fund", "participant_number"),
            "4455667",
        ),
        (builtin("pets", "pet", "chip_number"), "528140000123456"),
        (builtin("personal", "person", "bsn"), "123456782"),
        (
            builtin("documents", "safe_deposit_box", "box_number"),
            "1234",
        ),
        (notes(), "1234"),
    ];
    for (field, value) in cases {
        assert_eq!(reason(&field, value), None, "{}: {value}", field.id);
    }
}

#[test]
fn password_shaped_tokens() {
    for value in [
        "Tulp2024!",
        "hunter2#x",
        "xK9#mP2qLw",
        "correct-horse-9",
        "Zomer2023",
    ] {
        assert_eq!(
            reason(&notes(), value),
            Some(SecretReason::Password),
            "{value}"
        );
    }
    let title = builtin("finance", "crypto", "where_seed_is_kept");
    assert_eq!(reason(&title, "Geheim!99x"), Some(SecretReason::Password));
}

#[test]
fn ordinary_values_do_not_warn() {
    let text = field("x", "Iets", "Something", FieldKind::Text);
    for value in [
        "Jan de Vries",
        "Jan-Willem",
        "Kerkstraat 12, 1234 AB Amsterdam",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        "info@example.nl",
        "jan.devries1960@example.nl",
        "POL-2024-118832",
        "1234 AB",
        "2026-11-26",
        "26-11-2026",
        "www.example.nl",
        "https://www.Example.nl/Login2",
        "mijnpensioen.nl/inloggen",
        "+31 6 1234 5678",
        "06-12345678",
        "A-12345",
        "Rabobank",
        "MacBook",
        "de kluis op zolder",
    ] {
        assert_eq!(reason(&text, value), None, "{value}");
    }
}

#[test]
fn usernames_are_not_passwords() {
    let username = builtin("digital", "cloud_account", "username");
    assert_eq!(reason(&username, "JanVries1960"), None);
    assert_eq!(
        reason(&notes(), "JanVries1960"),
        Some(SecretReason::Password)
    );
}

#[test]
fn seed_phrases() {
    let twelve =
        "abandon ability able about above absent absorb abstract absurd abuse access accident";
    assert_eq!(reason(&notes(), twelve), Some(SecretReason::SeedPhrase));
    let twenty_four = format!("{twelve}\n{twelve}");
    assert_eq!(
        reason(&notes(), &twenty_four),
        Some(SecretReason::SeedPhrase)
    );
    let eleven = "abandon ability able about above absent absorb abstract absurd abuse access";
    assert_eq!(reason(&notes(), eleven), None);
    let sentence = "ga naar de notaris en vraag daar naar het testament van mijn vader";
    assert_eq!(reason(&notes(), sentence), None);
    let capitalised =
        "Abandon ability able about above absent absorb abstract absurd abuse access accident";
    assert_eq!(reason(&notes(), capitalised), None);
}

#[test]
fn only_free_text_is_checked() {
    let amount = field("pin_amount", "Pinbedrag", "PIN amount", FieldKind::Money);
    assert_eq!(reason(&amount, "1234"), None);
    let date = field("code_date", "Code", "Code", FieldKind::Date);
    assert_eq!(reason(&date, "1234"), None);
}

#[test]
fn messages_name_the_field_in_both_languages() {
    let field = builtin("digital", "password_manager", "where_access_is_kept");
    let warning = secret_warning(&field, "wachtwoord: Tulp2024");
    let Some(warning) = warning else {
        panic!("no warning")
    };
    assert_eq!(warning.field, "where_access_is_kept");
    assert_eq!(
        warning.message(Lang::Nl),
        "Het veld 'Waar de toegang te vinden is' lijkt een wachtwoord te bevatten. Bewaar nooit \
         wachtwoorden of pincodes in het register; schrijf op wáár ze te vinden zijn."
    );
    assert!(
        warning
            .message(Lang::En)
            .starts_with("The field 'Where access can be found' seems to contain a password.")
    );
    let pin = SecretWarning {
        reason: SecretReason::Pin,
        ..warning.clone()
    };
    assert!(pin.message(Lang::Nl).contains("lijkt een pincode"));
    assert!(pin.message(Lang::En).contains("contain a PIN"));
    let seed = SecretWarning {
        reason: SecretReason::SeedPhrase,
        ..warning
    };
    assert!(seed.message(Lang::Nl).contains("herstelzin"));
    assert!(seed.message(Lang::En).contains("recovery (seed) phrase"));
}

#[test]
fn serialises_reason_in_snake_case() {
    let warning = SecretWarning {
        field: "notes".into(),
        label: Label {
            nl: "Opmerkingen".into(),
            en: "Notes".into(),
        },
        reason: SecretReason::SeedPhrase,
    };
    let json = serde_json::to_value(&warning).unwrap_or_default();
    assert_eq!(json["reason"], "seed_phrase");
    assert_eq!(json["field"], "notes");
}
