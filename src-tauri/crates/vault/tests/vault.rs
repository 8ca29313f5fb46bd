//! The vault through its public API: a real SQLCipher file in a temp folder, the
//! in-memory keychain, cheap Argon2 parameters.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;

use levensregister_vault::{Error, KdfParams, Keychain, SecretKey, Vault};
use secrecy::SecretString;

fn password(text: &str) -> SecretString {
    SecretString::from(text.to_string())
}

fn cheap() -> KdfParams {
    levensregister_vault::enable_insecure_test_kdf();
    KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Creates and enrols a register; returns its keychain, Secret Key and TOTP secret.
fn enrolled(dir: &Path) -> (Keychain, SecretKey, levensregister_vault::TotpSecret) {
    let keychain = Keychain::in_memory().unwrap();
    let (mut vault, enrolment) = Vault::create(
        dir,
        "Jan: thuis",
        &password("Geheim-2026!"),
        cheap(),
        &keychain,
    )
    .unwrap();
    assert!(matches!(vault.connection(), Err(Error::Locked)));
    let code = enrolment.totp.code_at(now()).unwrap();
    assert!(
        vault.accept_code(&code).unwrap(),
        "the first code completes enrolment"
    );
    vault
        .connection()
        .unwrap()
        .execute_batch("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('MARKER-xq7');")
        .unwrap();
    (keychain, enrolment.secret_key, enrolment.totp)
}

#[test]
fn create_open_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("jan");
    let (keychain, _, totp) = enrolled(&register);
    let mut vault = Vault::open(&register, &password("Geheim-2026!"), &keychain, None).unwrap();
    assert!(matches!(vault.connection(), Err(Error::Locked)));
    // The code of the enrolment step is used; the next step's code is fresh.
    let code = totp.code_at(now() + 30).unwrap();
    assert!(!vault.accept_code(&code).unwrap());
    let x: String = vault
        .connection()
        .unwrap()
        .query_row("SELECT x FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(x, "MARKER-xq7");
    assert_eq!(vault.profile().name, "Jan: thuis");
}

#[test]
fn refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    enrolled(dir.path());
    let keychain = Keychain::in_memory().unwrap();
    let again = Vault::create(
        dir.path(),
        "x",
        &password("Geheim-2026!"),
        cheap(),
        &keychain,
    );
    assert!(matches!(again, Err(Error::AlreadyExists(_))));
}

#[test]
fn wrong_password_and_unknown_secret_key() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, secret_key, _) = enrolled(dir.path());
    let wrong = Vault::open(dir.path(), &password("Geheim-2027!"), &keychain, None);
    assert!(matches!(wrong, Err(Error::WrongPassword)));
    let other_machine = Keychain::in_memory().unwrap();
    let needs = Vault::open(dir.path(), &password("Geheim-2026!"), &other_machine, None);
    assert!(matches!(needs, Err(Error::SecretKeyNeeded)));
    let wrong_key = SecretKey::generate().unwrap();
    let refused = Vault::open(
        dir.path(),
        &password("Geheim-2026!"),
        &other_machine,
        Some(wrong_key),
    );
    assert!(matches!(refused, Err(Error::WrongPassword)));
    Vault::open(
        dir.path(),
        &password("Geheim-2026!"),
        &other_machine,
        Some(secret_key),
    )
    .unwrap();
    // Now remembered on the "new machine".
    Vault::open(dir.path(), &password("Geheim-2026!"), &other_machine, None).unwrap();
}

#[test]
fn replayed_code_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    let mut vault = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None).unwrap();
    let replay = totp.code_at(now()).unwrap();
    // The enrolment used the current step: the same code, or an older one, is refused.
    assert!(matches!(vault.accept_code(&replay), Err(Error::CodeReused)));
    assert!(matches!(
        vault.accept_code("000000"),
        Err(Error::WrongCode) | Err(Error::CodeReused)
    ));
}

#[test]
fn change_password_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    let mut vault = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None).unwrap();
    vault
        .accept_code(&totp.code_at(now() + 30).unwrap())
        .unwrap();
    vault
        .change_password(&password("Nieuw-wachtwoord-9"), &keychain)
        .unwrap();
    drop(vault);
    assert!(matches!(
        Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None),
        Err(Error::WrongPassword)
    ));
    Vault::open(dir.path(), &password("Nieuw-wachtwoord-9"), &keychain, None).unwrap();
}

#[test]
fn delete_removes_files_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("r");
    let (keychain, _, totp) = enrolled(&register);
    let mut vault = Vault::open(&register, &password("Geheim-2026!"), &keychain, None).unwrap();
    vault
        .accept_code(&totp.code_at(now() + 30).unwrap())
        .unwrap();
    vault.delete(&keychain).unwrap();
    assert!(!register.exists());
}

#[test]
fn nothing_readable_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    enrolled(dir.path());
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(10).any(|w| w == b"MARKER-xq7"));
    }
}

#[test]
fn damage_anywhere_is_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, _) = enrolled(dir.path());
    for file in [
        levensregister_vault::DATABASE_FILE,
        levensregister_vault::SLOTS_FILE,
    ] {
        let path = dir.path().join(file);
        let original = std::fs::read(&path).unwrap();
        let mut seed = 0x9e3779b97f4a7c15u64;
        for trial in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut bytes = original.clone();
            if trial % 10 == 9 {
                bytes.truncate((seed as usize) % bytes.len());
            } else {
                let at = (seed as usize) % bytes.len();
                bytes[at] ^= 1 << (seed % 8);
            }
            std::fs::write(&path, &bytes).unwrap();
            match Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None) {
                Err(Error::Damaged(_)) => {}
                other => panic!("{file} trial {trial}: expected damage, got {other:?}"),
            }
        }
        std::fs::write(&path, &original).unwrap();
    }
    Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None).unwrap();
}
