//! Hardening seen from the command line: the code from the environment, a private
//! export over an existing file.

use crate::support::{Register, totp};

#[test]
fn the_code_may_come_from_the_environment() {
    let mut register = Register::enrolled();
    let at = register.next_step();
    let code = totp(register.secret(), at);
    let output = register
        .command(at)
        .env("LEVENSREGISTER_CODE", &code)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "[]");
    // The same code again is a replay, from the environment as from --code.
    let output = register
        .command(at)
        .env("LEVENSREGISTER_CODE", &code)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("already used"));
}

#[cfg(unix)]
#[test]
fn an_export_over_an_existing_readable_file_ends_up_private() {
    use std::os::unix::fs::PermissionsExt;
    let mut register = Register::enrolled();
    register.add("pets", "note", &[("title", "Poes Minoes")]);
    let out = register.root().join("export.json");
    std::fs::write(&out, b"an older export").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    register
        .run(&["export-json", "--out", out.to_str().unwrap()])
        .ok();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("Poes Minoes"), "{written}");
    let leftovers: Vec<_> = std::fs::read_dir(register.root())
        .unwrap()
        .map_while(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
