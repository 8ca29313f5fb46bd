//! The vault through its public API: a real SQLCipher file in a temp folder, the
//! in-memory keychain, cheap Argon2 parameters.
//!
//! The test hooks exist only in builds with debug assertions, so under
//! `cargo test --release` this file is empty.
#![cfg(debug_assertions)]
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;

#[path = "vault/recovery.rs"]
mod recovery;
#[path = "vault/rotation.rs"]
mod rotation;

use levensregister_vault::{Error, KdfParams, Keychain, SecretKey, Vault};
use secrecy::SecretString;
use sha2::{Digest, Sha256};

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

/// Rewrites the key-slot file with `change` applied and a valid checksum again (as
/// someone who knows the format would): the MAC still catches it, but only after the
/// password opened a slot.
fn edit_slots(dir: &Path, change: impl FnOnce(&mut Vec<u8>)) {
    let path = dir.join(levensregister_vault::SLOTS_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.truncate(bytes.len() - 32);
    change(&mut bytes);
    let checksum = Sha256::digest(&bytes);
    bytes.extend_from_slice(&checksum);
    std::fs::write(&path, bytes).unwrap();
}

/// Offsets in the key-slot file (docs/vault-format.md): the first slot's kind, and its
/// password parameters' iterations and parallelism.
const FIRST_SLOT_KIND: usize = 27;
const FIRST_SLOT_ITERATIONS: usize = 27 + 4 + 16 + 4;
const FIRST_SLOT_PARALLELISM: usize = FIRST_SLOT_ITERATIONS + 4;

#[test]
fn impossible_slot_parameters_are_damage_not_a_refused_choice() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, _) = enrolled(dir.path());
    let original = std::fs::read(dir.path().join(levensregister_vault::SLOTS_FILE)).unwrap();
    let edits: [(usize, u32); 3] = [
        (FIRST_SLOT_PARALLELISM, 0),
        (FIRST_SLOT_PARALLELISM, 65),
        (FIRST_SLOT_ITERATIONS, 101),
    ];
    for (at, value) in edits {
        edit_slots(dir.path(), |bytes| {
            bytes[at..at + 4].copy_from_slice(&value.to_be_bytes());
        });
        match Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None) {
            Err(Error::Damaged(_)) => {}
            other => panic!("{value} at {at}: expected damage, got {other:?}"),
        }
        std::fs::write(dir.path().join(levensregister_vault::SLOTS_FILE), &original).unwrap();
    }
    Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None).unwrap();
}

#[test]
fn a_key_slot_file_without_a_password_slot_is_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, _) = enrolled(dir.path());
    edit_slots(dir.path(), |bytes| {
        assert_eq!(bytes[FIRST_SLOT_KIND], 1, "the password slot");
        bytes[FIRST_SLOT_KIND] = 3;
    });
    let outcome = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None);
    assert!(matches!(outcome, Err(Error::Damaged(_))), "{outcome:?}");
}

#[test]
fn a_profile_of_another_register_is_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, _) = enrolled(dir.path());
    let path = dir.path().join(levensregister_vault::PROFILE_FILE);
    let mut profile: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    profile["id"] = serde_json::Value::String("00".repeat(16));
    std::fs::write(&path, serde_json::to_vec(&profile).unwrap()).unwrap();
    let outcome = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None);
    assert!(matches!(outcome, Err(Error::Damaged(_))), "{outcome:?}");
}

#[test]
fn the_emergency_kit_opens_past_a_damaged_keychain_entry_and_repairs_it() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("r");
    let keys = dir.path().join("keys");
    let keychain = Keychain::file(keys.clone());
    let (mut vault, enrolment) = Vault::create(
        &register,
        "Jan",
        &password("Geheim-2026!"),
        cheap(),
        &keychain,
    )
    .unwrap();
    vault
        .accept_code(&enrolment.totp.code_at(now()).unwrap())
        .unwrap();
    let id = vault.profile().id.clone();
    drop(vault);
    let key_file = keys.join(format!("{id}.key"));
    std::fs::write(&key_file, b"damaged").unwrap();

    let without_kit = Vault::open(&register, &password("Geheim-2026!"), &keychain, None);
    assert!(
        matches!(&without_kit, Err(Error::Keychain(why)) if why.contains("Emergency Kit")),
        "{without_kit:?}"
    );
    let kit = SecretKey::parse(&enrolment.secret_key.display()).unwrap();
    Vault::open(&register, &password("Geheim-2026!"), &keychain, Some(kit)).unwrap();
    assert_eq!(
        std::fs::read(&key_file).unwrap().len(),
        16,
        "the entry is repaired"
    );
    Vault::open(&register, &password("Geheim-2026!"), &keychain, None).unwrap();
}

#[test]
fn confirm_and_change_password_use_the_secret_key_that_opened() {
    use levensregister_vault::test_clock::set_for_this_thread;
    let dir = tempfile::tempdir().unwrap();
    let (keychain, secret_key, totp) = enrolled(dir.path());
    let at = now();
    set_for_this_thread(Some(at + 30));
    let mut vault = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None).unwrap();
    vault.accept_code(&totp.code_at(at + 30).unwrap()).unwrap();
    // The keychain loses the key while the register is open.
    let id: [u8; 16] = data_encoding::HEXLOWER
        .decode(vault.profile().id.as_bytes())
        .unwrap()
        .try_into()
        .unwrap();
    keychain.delete(&id).unwrap();
    set_for_this_thread(Some(at + 60));
    let confirmed = vault.confirm(
        &password("Geheim-2026!"),
        &totp.code_at(at + 60).unwrap(),
        &keychain,
    );
    set_for_this_thread(Some(at + 90));
    let refused = vault.confirm(
        &password("Verkeerd-2026!"),
        &totp.code_at(at + 90).unwrap(),
        &keychain,
    );
    let changed = vault.change_password(&password("Nieuw-wachtwoord-9"), &keychain);
    set_for_this_thread(None);
    confirmed.unwrap();
    assert!(matches!(refused, Err(Error::WrongPassword)), "{refused:?}");
    changed.unwrap();
    drop(vault);
    assert_eq!(keychain.get(&id).unwrap(), Some(secret_key));
    Vault::open(dir.path(), &password("Nieuw-wachtwoord-9"), &keychain, None).unwrap();
}

#[test]
fn the_remains_of_a_crashed_creation_are_cleared() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(levensregister_vault::PROFILE_FILE), b"{}").unwrap();
    std::fs::write(dir.path().join(".keyslots.bin.0123456789abcdef.tmp"), b"x").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"the user's own").unwrap();
    assert!(!levensregister_vault::holds_register(dir.path()));
    let keychain = Keychain::in_memory().unwrap();
    let (mut vault, enrolment) = Vault::create(
        dir.path(),
        "Jan",
        &password("Geheim-2026!"),
        cheap(),
        &keychain,
    )
    .unwrap();
    assert!(levensregister_vault::holds_register(dir.path()));
    assert!(
        !dir.path()
            .join(".keyslots.bin.0123456789abcdef.tmp")
            .exists()
    );
    assert!(dir.path().join("notes.txt").exists());
    vault
        .accept_code(&enrolment.totp.code_at(now()).unwrap())
        .unwrap();
    drop(vault);
    Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None).unwrap();
}

#[test]
fn a_database_without_key_slots_is_never_overwritten() {
    // It may be a register whose key-slot file was lost: a backup would open it again.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(levensregister_vault::DATABASE_FILE),
        b"old register",
    )
    .unwrap();
    let keychain = Keychain::in_memory().unwrap();
    let refused = Vault::create(
        dir.path(),
        "Jan",
        &password("Geheim-2026!"),
        cheap(),
        &keychain,
    );
    assert!(matches!(refused, Err(Error::AlreadyExists(_))));
    assert_eq!(
        std::fs::read(dir.path().join(levensregister_vault::DATABASE_FILE)).unwrap(),
        b"old register"
    );
}

#[test]
fn delete_removes_leftover_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("r");
    let (keychain, _, totp) = enrolled(&register);
    std::fs::write(register.join(".keyslots.bin.fedcba9876543210.tmp"), b"x").unwrap();
    std::fs::write(register.join(".profile.json.tmp"), b"x").unwrap();
    let mut vault = Vault::open(&register, &password("Geheim-2026!"), &keychain, None).unwrap();
    vault
        .accept_code(&totp.code_at(now() + 30).unwrap())
        .unwrap();
    vault.delete(&keychain).unwrap();
    assert!(
        !register.exists(),
        "{:?}",
        std::fs::read_dir(&register).map(|d| d.count())
    );
}

#[test]
fn parallel_wrong_passwords_cannot_all_run_argon2() {
    levensregister_vault::enable_insecure_test_kdf();
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::in_memory().unwrap();
    // Costly enough that the attempts overlap in time.
    let kdf = KdfParams {
        memory_kib: 8 * 1024,
        iterations: 2,
        parallelism: 1,
    };
    let (vault, _) =
        Vault::create(dir.path(), "Jan", &password("Geheim-2026!"), kdf, &keychain).unwrap();
    drop(vault);
    let at = now();
    let start = std::sync::Arc::new(std::sync::Barrier::new(30));
    let guesses: Vec<_> = (0..30)
        .map(|n| {
            let (dir, keychain, start) =
                (dir.path().to_path_buf(), keychain.clone(), start.clone());
            std::thread::spawn(move || {
                levensregister_vault::test_clock::set_for_this_thread(Some(at));
                start.wait();
                Vault::open(&dir, &password(&format!("Gok-{n}")), &keychain, None).err()
            })
        })
        .collect();
    let outcomes: Vec<Option<Error>> = guesses.into_iter().map(|g| g.join().unwrap()).collect();
    let wrong = outcomes
        .iter()
        .filter(|e| matches!(e, Some(Error::WrongPassword)))
        .count();
    let backing_off = outcomes
        .iter()
        .filter(|e| matches!(e, Some(Error::BackingOff(_))))
        .count();
    assert_eq!((wrong, backing_off), (5, 25), "{outcomes:?}");
}

#[test]
fn typos_before_a_correct_login_are_never_backed_off() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    let at = now();
    levensregister_vault::test_clock::set_for_this_thread(Some(at));
    for round in 1..=6u64 {
        for typo in ["Geheim-2025!", "geheim-2026!"] {
            assert!(matches!(
                Vault::open(dir.path(), &password(typo), &keychain, None),
                Err(Error::WrongPassword)
            ));
        }
        let mut vault =
            Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None).unwrap();
        // Each login needs a fresh step; the clock stands still otherwise.
        levensregister_vault::test_clock::set_for_this_thread(Some(at + 30 * round));
        vault
            .accept_code(&totp.code_at(at + 30 * round).unwrap())
            .unwrap();
    }
    levensregister_vault::test_clock::set_for_this_thread(None);
}

#[test]
fn a_far_future_last_failure_waits_at_most_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    std::fs::write(
        dir.path().join(levensregister_vault::ATTEMPTS_FILE),
        format!(r#"{{"failures":6,"last_failure":{}}}"#, u64::MAX / 2),
    )
    .unwrap();
    let at = now();
    levensregister_vault::test_clock::set_for_this_thread(Some(at));
    let first = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None);
    assert!(matches!(first, Err(Error::BackingOff(2))), "{first:?}");
    // The wait runs out like any other, and stays out for the code step.
    levensregister_vault::test_clock::set_for_this_thread(Some(at + 30));
    let later = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None)
        .and_then(|mut vault| vault.accept_code(&totp.code_at(at + 30).unwrap()));
    levensregister_vault::test_clock::set_for_this_thread(None);
    later.unwrap();
}

#[test]
fn an_unwritable_attempts_file_keeps_a_refusal_a_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, _) = enrolled(dir.path());
    let attempts = dir.path().join(levensregister_vault::ATTEMPTS_FILE);
    let _ = std::fs::remove_file(&attempts);
    // A folder where the file should be: no write can replace it.
    std::fs::create_dir(&attempts).unwrap();
    for _ in 0..8 {
        let outcome = Vault::open(dir.path(), &password("Verkeerd-1!"), &keychain, None);
        assert!(matches!(outcome, Err(Error::WrongPassword)), "{outcome:?}");
    }
    Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None).unwrap();
}
