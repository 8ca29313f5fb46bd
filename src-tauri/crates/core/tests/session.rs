//! The use cases as a front end calls them: a real SQLCipher register in a temp
//! folder, the in-memory keychain, cheap Argon2 parameters.
#![cfg(debug_assertions)] // needs the test hooks, which only debug builds have
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::BTreeMap;

#[path = "session/trusted.rs"]
mod trusted;

use levensregister_core::vault::{self, KdfParams, Keychain};
use levensregister_core::{
    Error, ItemChange, NewItem, PasswordProblem, Session, Visibility, create_register,
};
use secrecy::SecretString;

const PASSWORD: &str = "Tulpen-Bollen-1987!";

fn password(text: &str) -> SecretString {
    SecretString::from(text.to_string())
}

fn cheap() -> Option<KdfParams> {
    vault::enable_insecure_test_kdf();
    Some(KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    })
}

fn item(section: &str, item_type: &str, fields: &[(&str, &str)]) -> NewItem {
    NewItem {
        section: section.into(),
        item_type: item_type.into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        visibility: Visibility::Now,
    }
}

#[test]
fn weak_passwords_and_empty_names_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::in_memory().unwrap();
    let register = dir.path().join("r");
    match create_register(&register, "Jan", &password("jan12345"), cheap(), &keychain) {
        Err(Error::WeakPassword(problems)) => {
            assert!(problems.contains(&PasswordProblem::NoUppercase));
            assert!(problems.contains(&PasswordProblem::NoSymbol));
        }
        other => panic!("expected a weak password, got {other:?}"),
    }
    assert!(matches!(
        create_register(&register, "  ", &password(PASSWORD), cheap(), &keychain),
        Err(Error::InvalidName)
    ));
    assert!(!register.exists());
}

#[test]
fn create_enrol_work_lock_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::in_memory().unwrap();
    let (_, enrolment) =
        create_register(dir.path(), "Jan", &password(PASSWORD), cheap(), &keychain).unwrap();
    let now = vault::unix_now();

    // Nothing opens before enrolment; a wrong first code leaves it unenrolled.
    let first = enrolment.totp.code_at(now).unwrap();
    let refused = Session::unlock(dir.path(), &password(PASSWORD), &first, &keychain, None);
    assert_eq!(refused.unwrap_err().code(), "not_enrolled");

    let (mut session, completed) =
        Session::complete_enrolment(dir.path(), &password(PASSWORD), &first, &keychain, None)
            .unwrap();
    assert!(completed);
    let (person, _) = session
        .add_item(&item(
            "trusted_persons",
            "person",
            &[("name", "Anna de Vries"), ("role", "executor")],
        ))
        .unwrap();
    let (account, warnings) = session
        .add_item(&item(
            "finance",
            "bank_account",
            &[("bank", "ASN Bank"), ("iban", "nl91abna0417164300")],
        ))
        .unwrap();
    assert!(warnings.is_empty());
    assert_eq!(account.fields["iban"], "NL91 ABNA 0417 1643 00");
    let (_, warnings) = session
        .add_item(&item(
            "digital",
            "note",
            &[("title", "E-mail"), ("text", "wachtwoord: Zomer2023!x")],
        ))
        .unwrap();
    assert_eq!(
        warnings.len(),
        1,
        "a value that looks like a password is warned about"
    );
    session
        .add_item(&item(
            "legal",
            "testament",
            &[("executor", &person.id), ("notary", "Mr. José Brouwer")],
        ))
        .unwrap();
    let change = ItemChange {
        fields: BTreeMap::new(),
        visibility: Some(Visibility::Death),
    };
    session.edit_item(&account.id, &change).unwrap();
    session.mark_reviewed("finance").unwrap();
    session.lock();

    let next = enrolment.totp.code_at(now + 30).unwrap();
    let mut session =
        Session::unlock(dir.path(), &password(PASSWORD), &next, &keychain, None).unwrap();
    assert_eq!(session.items(None).unwrap().len(), 4);
    assert_eq!(
        session.item(&account.id).unwrap().visibility,
        Visibility::Death
    );
    let found = session.search("jose brouwer").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].section, "legal");
    let finance = session
        .section_statuses()
        .unwrap()
        .into_iter()
        .find(|s| s.section == "finance")
        .unwrap();
    assert_eq!(finance.items, 1);
    assert!(finance.last_reviewed.is_some() && !finance.review_due);
    assert!(session.change_log(10).unwrap().len() >= 5);
}

#[test]
fn invalid_values_are_refused_with_their_field() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::in_memory().unwrap();
    let (_, enrolment) =
        create_register(dir.path(), "Jan", &password(PASSWORD), cheap(), &keychain).unwrap();
    let code = enrolment.totp.code_at(vault::unix_now()).unwrap();
    let (mut session, _) =
        Session::complete_enrolment(dir.path(), &password(PASSWORD), &code, &keychain, None)
            .unwrap();
    let bad_iban = session.add_item(&item(
        "finance",
        "bank_account",
        &[("iban", "NL91ABNA0417164301")],
    ));
    assert_eq!(bad_iban.unwrap_err().code(), "invalid_field");
    let unknown = session.add_item(&item("garden", "note", &[("title", "x")]));
    assert_eq!(unknown.unwrap_err().code(), "unknown_section");
    let missing = session.add_item(&item("pets", "pet", &[("species", "kat")]));
    assert_eq!(missing.unwrap_err().code(), "missing_field");
    assert!(session.items(None).unwrap().is_empty());
}
