//! Nothing written to a field reaches the disk in the clear: not the database, not its
//! write-ahead log while a session is open, not the key slots, profile or back-off file,
//! not the keychain file in the config folder.

use std::path::PathBuf;

use crate::support::{Register, files_under};

const MARKER: &str = "ZEBRA-MARKER-7731";

/// The files under the register's temp folder (register, config, data, home) that
/// contain `MARKER` as typed or as search folds it (lowercase).
fn files_with_marker(register: &Register) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let needles = [MARKER.to_string(), MARKER.to_lowercase()];
    let files = files_under(register.root());
    let hits = files
        .iter()
        .filter(|path| {
            let bytes = std::fs::read(path).unwrap_or_default();
            needles.iter().any(|needle| {
                bytes
                    .windows(needle.len())
                    .any(|window| window == needle.as_bytes())
            })
        })
        .cloned()
        .collect();
    (files, hits)
}

fn assert_no_marker(register: &Register, when: &str) -> Vec<PathBuf> {
    let (files, hits) = files_with_marker(register);
    assert!(
        files.contains(&register.file("register.db")),
        "{when}: the database was among the files searched: {files:?}"
    );
    assert!(
        hits.is_empty(),
        "{when}: the marker is readable in {hits:?}"
    );
    files
}

#[test]
fn a_marker_in_any_field_is_in_no_file_at_rest() {
    let mut register = Register::enrolled();
    register.add(
        "messages",
        "note",
        &[
            ("title", MARKER),
            ("text", &format!("Lieve kinderen,\n{MARKER}\nPapa")),
        ],
    );
    let bank = register.add(
        "finance",
        "bank_account",
        &[("iban", "NL91ABNA0417164300"), ("notes", "nog niets")],
    );
    register
        .run(&["edit", &bank, "--set", &format!("notes={MARKER}")])
        .ok();
    let removed = register.add("pets", "note", &[("title", &format!("weg {MARKER}"))]);
    register.run(&["remove", &removed]).ok();
    register.run(&["review", "messages"]).ok();
    // A refused login too, so the back-off file exists.
    let at = register.next_step();
    let code = crate::support::totp(register.secret(), at);
    register
        .attempt(at, &code, "Verkeerd-Wachtwoord-1!", &["list"])
        .refused(3, "wrong password");

    let found = register.run(&["search", &MARKER.to_lowercase()]).ok();
    assert!(found.contains(&bank), "the marker is stored: {found}");
    let files = assert_no_marker(&register, "at rest");
    for name in ["keyslots.bin", "profile.json", "attempts.json"] {
        assert!(files.contains(&register.file(name)), "{name} searched");
    }
    assert!(
        !register.key_files().is_empty(),
        "the keychain file searched"
    );
}

#[test]
fn a_marker_is_in_no_file_while_a_shell_has_the_register_open() {
    let mut register = Register::enrolled();
    let mut shell = register.shell();
    shell.send(&format!(
        "add documents note --set 'title=Paspoort' --set 'text=Nummer {MARKER}'"
    ));
    let id = shell.read_line();
    shell.send(&format!("add medical note --set 'title={MARKER} huisarts'"));
    shell.read_line();
    // Committed, and the session still open: the change sits in the write-ahead log.
    let wal = register.file("register.db-wal");
    assert!(wal.exists(), "a WAL file while the shell runs");
    let files = assert_no_marker(&register, "while the shell runs");
    assert!(files.contains(&wal));

    shell.send(&format!("edit {id} --set 'text={MARKER} verlopen'"));
    assert_eq!(shell.read_line(), id);
    let (status, _, stderr) = shell.finish();
    assert!(status.success(), "shell failed: {stderr}");
    assert_no_marker(&register, "after the shell");
    assert_eq!(register.list_json().len(), 2);
}
