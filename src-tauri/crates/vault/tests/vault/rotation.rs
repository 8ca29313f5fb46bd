//! Master-key rotation when a share set is replaced: an earlier key-slot file (a backup)
//! no longer opens the register, a crash at any point leaves a register that opens, and
//! a register open elsewhere is left alone.

use levensregister_vault::{Error, RecoveryPurpose, RecoverySecret, SLOTS_FILE, Vault};

use super::recovery::{marker, open_with_code};
use super::{enrolled, password};

const NEXT_FILE: &str = "keyslots.next";

/// A register with a kit and a first share set; returns what opens it.
fn with_first_set(
    dir: &std::path::Path,
) -> (
    levensregister_vault::Keychain,
    levensregister_vault::TotpSecret,
    RecoverySecret,
    RecoverySecret,
) {
    let (keychain, _, totp) = enrolled(dir);
    let kit = RecoverySecret::generate().unwrap();
    let first = RecoverySecret::generate().unwrap();
    let mut vault = open_with_code(dir, "Geheim-2026!", &keychain, &totp, 1);
    vault
        .set_recovery_secret(RecoveryPurpose::EmergencyKit, 11, &kit)
        .unwrap();
    vault
        .set_recovery_secret(RecoveryPurpose::ShareSet, 100, &first)
        .unwrap();
    (keychain, totp, kit, first)
}

#[test]
fn a_replaced_set_opens_nothing_even_with_a_backup_of_the_old_key_slot_file() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, totp, kit, first) = with_first_set(dir.path());
    let slots = dir.path().join(SLOTS_FILE);
    let backup = std::fs::read(&slots).unwrap();
    let second = RecoverySecret::generate().unwrap();
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2);
    vault
        .set_recovery_secret(RecoveryPurpose::ShareSet, 200, &second)
        .unwrap();
    // The open register goes on working under the new key, in WAL mode again.
    assert_eq!(marker(&mut vault), "MARKER-xq7");
    let mode: String = vault
        .connection()
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    vault
        .connection()
        .unwrap()
        .execute("INSERT INTO t VALUES ('after the rotation')", [])
        .unwrap();
    drop(vault);
    assert!(!dir.path().join(NEXT_FILE).exists());
    let current = std::fs::read(&slots).unwrap();
    assert_ne!(current, backup);

    // The old key-slot file back in place: its key no longer opens the database, by
    // the old set's words or by the password.
    std::fs::write(&slots, &backup).unwrap();
    let by_old_words = Vault::recover(dir.path(), &first, &password("Ander-1"), &keychain);
    assert!(
        matches!(by_old_words, Err(Error::Damaged(_))),
        "{by_old_words:?}"
    );
    let by_password = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None);
    assert!(
        matches!(by_password, Err(Error::Damaged(_))),
        "{by_password:?}"
    );

    // The current file: password, kit and the new set open it; the old set does not.
    std::fs::write(&slots, &current).unwrap();
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 3);
    assert_eq!(marker(&mut vault), "MARKER-xq7");
    drop(vault);
    let refused = Vault::recover(dir.path(), &first, &password("Ander-1"), &keychain);
    assert!(matches!(refused, Err(Error::WrongRecoverySecret)));
    let (mut vault, _) =
        Vault::recover(dir.path(), &kit, &password("Nieuw-Wachtwoord-9"), &keychain).unwrap();
    let rows: i64 = vault
        .connection()
        .unwrap()
        .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2);
    drop(vault);
    Vault::recover(
        dir.path(),
        &second,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    )
    .unwrap();
}

/// The register folder's files, after the vault was closed.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_file())
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(entry.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn restore(dir: &std::path::Path, files: &[(String, Vec<u8>)]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

#[test]
fn a_crash_after_the_database_took_the_new_key_is_finished_at_the_next_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, totp, _, _) = with_first_set(dir.path());
    let slots = dir.path().join(SLOTS_FILE);
    let old_slots = std::fs::read(&slots).unwrap();
    let second = RecoverySecret::generate().unwrap();
    open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2)
        .set_recovery_secret(RecoveryPurpose::ShareSet, 200, &second)
        .unwrap();
    // As if the rename of keyslots.next had not happened.
    std::fs::rename(&slots, dir.path().join(NEXT_FILE)).unwrap();
    std::fs::write(&slots, &old_slots).unwrap();

    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 3);
    assert_eq!(marker(&mut vault), "MARKER-xq7");
    drop(vault);
    assert!(!dir.path().join(NEXT_FILE).exists());
    assert_ne!(std::fs::read(&slots).unwrap(), old_slots);
    Vault::recover(
        dir.path(),
        &second,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    )
    .unwrap();
}

#[test]
fn a_crash_before_the_database_took_the_new_key_leaves_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, totp, _, first) = with_first_set(dir.path());
    let second = RecoverySecret::generate().unwrap();
    // The database as the crash leaves it: the new secret recorded as pending.
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2);
    vault
        .connection()
        .unwrap()
        .execute(
            "INSERT INTO vault_recovery (purpose, set_id, secret, created, retired, pending)
             VALUES (2, 200, ?1, 0, NULL, 1)",
            [second.as_bytes().as_slice()],
        )
        .unwrap();
    drop(vault);
    let before = snapshot(dir.path());
    open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 3)
        .set_recovery_secret(RecoveryPurpose::ShareSet, 200, &second)
        .unwrap();
    let next_slots = std::fs::read(dir.path().join(SLOTS_FILE)).unwrap();
    // As if the crash came after keyslots.next was written, before the rekey committed.
    restore(dir.path(), &before);
    std::fs::write(dir.path().join(NEXT_FILE), next_slots).unwrap();

    let (mut vault, _) = Vault::recover(
        dir.path(),
        &first,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    )
    .unwrap();
    assert_eq!(marker(&mut vault), "MARKER-xq7");
    drop(vault);
    assert!(!dir.path().join(NEXT_FILE).exists());
    // The next unlock drops the pending secret; the first set stays in force.
    open_with_code(dir.path(), "Nieuw-Wachtwoord-9", &keychain, &totp, 5)
        .reconcile_recovery_slots()
        .unwrap();
    let refused = Vault::recover(dir.path(), &second, &password("Ander-1"), &keychain);
    assert!(matches!(refused, Err(Error::WrongRecoverySecret)));
    Vault::recover(
        dir.path(),
        &first,
        &password("Derde-Wachtwoord-7"),
        &keychain,
    )
    .unwrap();
}

#[test]
fn a_set_is_not_replaced_while_the_register_is_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, totp, _, first) = with_first_set(dir.path());
    let before = std::fs::read(dir.path().join(SLOTS_FILE)).unwrap();
    let mut elsewhere = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2);
    let mut here = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 3);
    let second = RecoverySecret::generate().unwrap();
    let refused = here.set_recovery_secret(RecoveryPurpose::ShareSet, 200, &second);
    assert!(matches!(refused, Err(Error::InUse)), "{refused:?}");
    assert_eq!(std::fs::read(dir.path().join(SLOTS_FILE)).unwrap(), before);
    assert!(!dir.path().join(NEXT_FILE).exists());
    // Both go on working; the first set is still in force.
    assert_eq!(marker(&mut elsewhere), "MARKER-xq7");
    assert_eq!(marker(&mut here), "MARKER-xq7");
    let (set_id, _) = here
        .recovery_secret(RecoveryPurpose::ShareSet)
        .unwrap()
        .unwrap();
    assert_eq!(set_id, 100);
    drop((here, elsewhere));
    Vault::recover(
        dir.path(),
        &first,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    )
    .unwrap();
}

#[test]
fn after_a_password_change_an_old_key_slot_file_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, totp, kit, first) = with_first_set(dir.path());
    let slots = dir.path().join(SLOTS_FILE);
    let backup = std::fs::read(&slots).unwrap();
    open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2)
        .change_password(&password("Nieuw-Wachtwoord-9"), &keychain)
        .unwrap();
    let current = std::fs::read(&slots).unwrap();
    std::fs::write(&slots, &backup).unwrap();
    let old = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None);
    assert!(matches!(old, Err(Error::Damaged(_))), "{old:?}");
    std::fs::write(&slots, &current).unwrap();
    let mut vault = open_with_code(dir.path(), "Nieuw-Wachtwoord-9", &keychain, &totp, 3);
    assert_eq!(marker(&mut vault), "MARKER-xq7");
    drop(vault);
    // The kit's and the share set's slots came along.
    Vault::recover(dir.path(), &kit, &password("Derde-Wachtwoord-7"), &keychain).unwrap();
    Vault::recover(
        dir.path(),
        &first,
        &password("Vierde-Wachtwoord-5"),
        &keychain,
    )
    .unwrap();
}

#[test]
fn a_password_change_cut_short_after_the_database_took_the_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, totp, _, _) = with_first_set(dir.path());
    let slots = dir.path().join(SLOTS_FILE);
    let old_slots = std::fs::read(&slots).unwrap();
    open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2)
        .change_password(&password("Nieuw-Wachtwoord-9"), &keychain)
        .unwrap();
    // As if the rename of keyslots.next had not happened.
    std::fs::rename(&slots, dir.path().join(NEXT_FILE)).unwrap();
    std::fs::write(&slots, &old_slots).unwrap();
    // The old password opens the old file, whose key no longer opens the database.
    let old = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None);
    assert!(matches!(old, Err(Error::WrongPassword)), "{old:?}");
    assert!(dir.path().join(NEXT_FILE).exists());
    // The new one finishes the change.
    let mut vault = open_with_code(dir.path(), "Nieuw-Wachtwoord-9", &keychain, &totp, 3);
    assert_eq!(marker(&mut vault), "MARKER-xq7");
    drop(vault);
    assert!(!dir.path().join(NEXT_FILE).exists());
    let old = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None);
    assert!(matches!(old, Err(Error::WrongPassword)), "{old:?}");
}

#[test]
fn after_a_forgotten_password_an_old_key_slot_file_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, totp, kit, first) = with_first_set(dir.path());
    let slots = dir.path().join(SLOTS_FILE);
    let backup = std::fs::read(&slots).unwrap();
    let (mut vault, _) = Vault::recover(
        dir.path(),
        &first,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    )
    .unwrap();
    assert_eq!(marker(&mut vault), "MARKER-xq7");
    drop(vault);
    let current = std::fs::read(&slots).unwrap();
    std::fs::write(&slots, &backup).unwrap();
    let old = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None);
    assert!(matches!(old, Err(Error::Damaged(_))), "{old:?}");
    std::fs::write(&slots, &current).unwrap();
    // The new password, the kit and the share set all open the rotated register.
    let mut vault = open_with_code(dir.path(), "Nieuw-Wachtwoord-9", &keychain, &totp, 2);
    assert_eq!(marker(&mut vault), "MARKER-xq7");
    drop(vault);
    Vault::recover(dir.path(), &kit, &password("Derde-Wachtwoord-7"), &keychain).unwrap();
    Vault::recover(
        dir.path(),
        &first,
        &password("Vierde-Wachtwoord-5"),
        &keychain,
    )
    .unwrap();
}

#[test]
fn the_password_is_not_changed_while_the_register_is_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, totp, _, _) = with_first_set(dir.path());
    let _elsewhere = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2);
    let mut here = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 3);
    let refused = here.change_password(&password("Nieuw-Wachtwoord-9"), &keychain);
    assert!(matches!(refused, Err(Error::InUse)), "{refused:?}");
    assert_eq!(marker(&mut here), "MARKER-xq7");
    Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None).unwrap();
}
