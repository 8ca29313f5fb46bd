//! Recovery slots (Emergency Kit, share sets), "forgot password", a new authenticator,
//! and the trusted persons' export copy opened by the stock `sqlcipher` command.

use std::process::{Command, Stdio};

use levensregister_vault::{
    Error, ExportDatabase, ExportKey, RecoveryPurpose, RecoverySecret, Vault, recovery_set_ids,
};

use super::{enrolled, now, password};

pub(crate) fn open_with_code(
    dir: &std::path::Path,
    pw: &str,
    keychain: &levensregister_vault::Keychain,
    totp: &levensregister_vault::TotpSecret,
    step: u64,
) -> Vault {
    let mut vault = Vault::open(dir, &password(pw), keychain, None).unwrap();
    accept_at(&mut vault, totp, step).unwrap();
    vault
}

/// Gives the code of `step` steps after the enrolment code, at that moment.
fn accept_at(
    vault: &mut Vault,
    totp: &levensregister_vault::TotpSecret,
    step: u64,
) -> Result<bool, Error> {
    let at = now() + 30 * step;
    levensregister_vault::test_clock::set_for_this_thread(Some(at));
    let accepted = vault.accept_code(&totp.code_at(at).unwrap());
    levensregister_vault::test_clock::set_for_this_thread(None);
    accepted
}

pub(crate) fn marker(vault: &mut Vault) -> String {
    vault
        .connection()
        .unwrap()
        .query_row("SELECT x FROM t", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_emergency_kit_secret_sets_a_new_password_and_the_old_one_stops_working() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    let kit = RecoverySecret::generate().unwrap();
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 1);
    vault
        .set_recovery_secret(RecoveryPurpose::EmergencyKit, 1234, &kit)
        .unwrap();
    let (id, stored) = vault
        .recovery_secret(RecoveryPurpose::EmergencyKit)
        .unwrap()
        .unwrap();
    assert_eq!((id, stored.as_bytes()), (1234, kit.as_bytes()));
    drop(vault);

    let other = RecoverySecret::generate().unwrap();
    let refused = Vault::recover(
        dir.path(),
        &other,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    );
    assert!(matches!(refused, Err(Error::WrongRecoverySecret)));

    let (mut vault, new_key) =
        Vault::recover(dir.path(), &kit, &password("Nieuw-Wachtwoord-9"), &keychain).unwrap();
    assert!(new_key.is_none(), "the keychain still had the Secret Key");
    assert_eq!(marker(&mut vault), "MARKER-xq7");
    drop(vault);

    let old = Vault::open(dir.path(), &password("Geheim-2026!"), &keychain, None);
    assert!(matches!(old, Err(Error::WrongPassword)));
    let mut vault = open_with_code(dir.path(), "Nieuw-Wachtwoord-9", &keychain, &totp, 2);
    assert_eq!(marker(&mut vault), "MARKER-xq7");
}

#[test]
fn recovery_on_a_machine_without_the_secret_key_makes_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, old_key, totp) = enrolled(dir.path());
    let kit = RecoverySecret::generate().unwrap();
    open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 1)
        .set_recovery_secret(RecoveryPurpose::EmergencyKit, 7, &kit)
        .unwrap();
    let new_machine = levensregister_vault::Keychain::in_memory().unwrap();
    let (_, new_key) = Vault::recover(
        dir.path(),
        &kit,
        &password("Nieuw-Wachtwoord-9"),
        &new_machine,
    )
    .unwrap();
    let new_key = new_key.expect("a new Secret Key");
    assert_ne!(new_key, old_key);
    // The new machine's keychain now opens it; the old Secret Key no longer does.
    open_with_code(dir.path(), "Nieuw-Wachtwoord-9", &new_machine, &totp, 2);
    let with_old = Vault::open(dir.path(), &password("Nieuw-Wachtwoord-9"), &keychain, None);
    assert!(matches!(with_old, Err(Error::WrongPassword)));
}

#[test]
fn a_new_share_set_retires_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    let first = RecoverySecret::generate().unwrap();
    let second = RecoverySecret::generate().unwrap();
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 1);
    vault
        .set_recovery_secret(RecoveryPurpose::ShareSet, 100, &first)
        .unwrap();
    vault
        .set_recovery_secret(RecoveryPurpose::ShareSet, 200, &second)
        .unwrap();
    let records = vault.recovery_records().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].set_id, 200);
    assert!(records[0].retired.is_none());
    assert_eq!(records[1].set_id, 100);
    assert!(records[1].retired.is_some());
    let reused = vault.set_recovery_secret(RecoveryPurpose::ShareSet, 100, &first);
    assert!(reused.is_err(), "a set number is never used twice");
    drop(vault);
    assert_eq!(
        recovery_set_ids(dir.path()).unwrap(),
        vec![(RecoveryPurpose::ShareSet, 200)]
    );

    let old = Vault::recover(
        dir.path(),
        &first,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    );
    assert!(matches!(old, Err(Error::WrongRecoverySecret)));
    Vault::recover(
        dir.path(),
        &second,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    )
    .unwrap();
}

#[test]
fn a_failed_rotation_leaves_the_previous_set_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    let first = RecoverySecret::generate().unwrap();
    let second = RecoverySecret::generate().unwrap();
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 1);
    vault
        .set_recovery_secret(RecoveryPurpose::ShareSet, 100, &first)
        .unwrap();
    // A folder where the next key-slot file goes: the rotation fails after the database
    // recorded the new secret.
    let blocker = dir.path().join("keyslots.next");
    std::fs::create_dir(&blocker).unwrap();
    let failed = vault.set_recovery_secret(RecoveryPurpose::ShareSet, 200, &second);
    assert!(failed.is_err(), "{failed:?}");
    std::fs::remove_dir(&blocker).unwrap();
    let (set_id, _) = vault
        .recovery_secret(RecoveryPurpose::ShareSet)
        .unwrap()
        .unwrap();
    assert_eq!(set_id, 100, "the first set is back in the database");
    drop(vault);
    open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2)
        .reconcile_recovery_slots()
        .unwrap();
    let refused = Vault::recover(dir.path(), &second, &password("Ander-1"), &keychain);
    assert!(matches!(refused, Err(Error::WrongRecoverySecret)));
    Vault::recover(
        dir.path(),
        &first,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    )
    .unwrap();
}

fn execute(vault: &mut Vault, sql: &str, secret: Option<&RecoverySecret>) {
    let conn = vault.connection().unwrap();
    match secret {
        Some(secret) => conn.execute(sql, [secret.as_bytes().as_slice()]),
        None => conn.execute(sql, []),
    }
    .unwrap();
}

#[test]
fn a_secret_pending_at_a_crash_before_the_new_key_never_comes_into_force() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    let first = RecoverySecret::generate().unwrap();
    let second = RecoverySecret::generate().unwrap();
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 1);
    vault
        .set_recovery_secret(RecoveryPurpose::ShareSet, 100, &first)
        .unwrap();
    // What a crash after recording the new secret, before the database took the new
    // key, leaves: the secret pending, the key-slot file as it was.
    execute(
        &mut vault,
        "INSERT INTO vault_recovery (purpose, set_id, secret, created, retired, pending)
         VALUES (2, 200, ?1, 0, NULL, 1)",
        Some(&second),
    );
    drop(vault);
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2);
    vault.reconcile_recovery_slots().unwrap();
    let (set_id, _) = vault
        .recovery_secret(RecoveryPurpose::ShareSet)
        .unwrap()
        .unwrap();
    assert_eq!(set_id, 100);
    let ids: Vec<u16> = vault
        .recovery_records()
        .unwrap()
        .iter()
        .map(|r| r.set_id)
        .collect();
    assert_eq!(ids, vec![100], "the pending secret is gone");
    drop(vault);
    let refused = Vault::recover(dir.path(), &second, &password("Ander-1"), &keychain);
    assert!(matches!(refused, Err(Error::WrongRecoverySecret)));
    Vault::recover(
        dir.path(),
        &first,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    )
    .unwrap();
}

#[test]
fn a_secret_whose_key_change_committed_before_a_crash_comes_into_force() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    let first = RecoverySecret::generate().unwrap();
    let second = RecoverySecret::generate().unwrap();
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 1);
    vault
        .set_recovery_secret(RecoveryPurpose::ShareSet, 100, &first)
        .unwrap();
    vault
        .set_recovery_secret(RecoveryPurpose::ShareSet, 200, &second)
        .unwrap();
    // What a crash after the new key committed, before the database recorded the new
    // secret as in force, leaves: the key-slot file has its slot, the database still
    // has it pending and the first set active.
    execute(
        &mut vault,
        "UPDATE vault_recovery SET pending = 1 WHERE set_id = 200",
        None,
    );
    execute(
        &mut vault,
        "UPDATE vault_recovery SET retired = NULL, secret = ?1 WHERE set_id = 100",
        Some(&first),
    );
    drop(vault);
    let mut vault = open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 2);
    vault.reconcile_recovery_slots().unwrap();
    let (set_id, _) = vault
        .recovery_secret(RecoveryPurpose::ShareSet)
        .unwrap()
        .unwrap();
    assert_eq!(set_id, 200);
    let records = vault.recovery_records().unwrap();
    assert!(
        records
            .iter()
            .any(|r| r.set_id == 100 && r.retired.is_some())
    );
    drop(vault);
    let refused = Vault::recover(dir.path(), &first, &password("Ander-1"), &keychain);
    assert!(matches!(refused, Err(Error::WrongRecoverySecret)));
    Vault::recover(
        dir.path(),
        &second,
        &password("Nieuw-Wachtwoord-9"),
        &keychain,
    )
    .unwrap();
}

#[test]
fn a_new_authenticator_must_be_confirmed_before_the_register_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (keychain, _, totp) = enrolled(dir.path());
    let kit = RecoverySecret::generate().unwrap();
    open_with_code(dir.path(), "Geheim-2026!", &keychain, &totp, 1)
        .set_recovery_secret(RecoveryPurpose::EmergencyKit, 9, &kit)
        .unwrap();
    let (mut vault, _) =
        Vault::recover(dir.path(), &kit, &password("Nieuw-Wachtwoord-9"), &keychain).unwrap();
    let fresh = vault.reset_authenticator().unwrap();
    assert!(vault.connection().is_err());
    let old_phone = accept_at(&mut vault, &totp, 2);
    assert!(matches!(old_phone, Err(Error::WrongCode)));
    assert!(
        accept_at(&mut vault, &fresh, 3).unwrap(),
        "the first code enrols"
    );
    assert_eq!(marker(&mut vault), "MARKER-xq7");
}

#[test]
fn the_export_opens_with_its_key_and_with_the_stock_sqlcipher_command() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("register");
    let (keychain, _, totp) = enrolled(&register);
    let secret = RecoverySecret::generate().unwrap();
    let key = ExportKey::from_recovery_secret(&secret);
    let file = dir.path().join("register.db");
    let mut vault = open_with_code(&register, "Geheim-2026!", &keychain, &totp, 1);
    vault
        .set_recovery_secret(RecoveryPurpose::ShareSet, 42, &secret)
        .unwrap();
    let mut export = vault.copy_for_export(&file, &key).unwrap();
    export
        .connection()
        .execute_batch("INSERT INTO t VALUES ('ONLY-IN-EXPORT')")
        .unwrap();
    export.finish().unwrap();
    drop(vault);

    let mut opened = ExportDatabase::open(&file, &key).unwrap();
    let tables: Vec<String> = opened
        .connection()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["t"], "the vault's own tables stay out of the copy");
    assert!(
        opened.connection().execute_batch("DELETE FROM t").is_err(),
        "read-only"
    );

    let wrong = ExportKey::from_recovery_secret(&RecoverySecret::generate().unwrap());
    assert!(matches!(
        ExportDatabase::open(&file, &wrong),
        Err(Error::WrongExportKey)
    ));

    // The independent oracle: Debian's stock sqlcipher (3.x) with the hex key.
    let script = format!(
        "PRAGMA key = \"x'{}'\";\nSELECT x FROM t ORDER BY x;\n",
        key.hex().as_str()
    );
    let mut child = Command::new("sqlcipher")
        .arg(&file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sqlcipher command (apt install sqlcipher)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("MARKER-xq7") && text.contains("ONLY-IN-EXPORT"),
        "sqlcipher printed {text:?}, stderr {:?}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Without the key the stock tool reads nothing.
    let raw = std::fs::read(&file).unwrap();
    assert!(!raw.windows(10).any(|w| w == b"MARKER-xq7"));
}
