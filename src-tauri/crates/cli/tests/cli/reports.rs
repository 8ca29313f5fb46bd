//! `report` and `access-sheet`: real PDFs, read back with pdftotext.

use std::path::Path;
use std::process::Command;

use crate::support::{PASSWORD, Register, assert_no_panic, totp};

fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext refused the PDF");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_access_sheet_needs_no_register_and_no_login() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("sheet.pdf");
    let vault = root.path().join("no-register-here");
    let output = Command::new(env!("CARGO_BIN_EXE_levensregister"))
        .env_clear()
        .env("LEVENSREGISTER_VAULT", &vault)
        .env("HOME", root.path())
        .env("LANG", "C")
        .args(["--lang", "en", "access-sheet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_no_panic(&stderr);
    let text = pdf_text(&out);
    assert!(
        text.contains("half 1 of 2 — give to one trusted person"),
        "{text}"
    );
    assert!(text.contains("half 2 of 2 — give to another"), "{text}");
    assert!(!vault.exists(), "access-sheet touched the register folder");
}

#[test]
fn a_full_report_holds_the_register_and_is_owner_only() {
    let mut register = Register::enrolled();
    register.add(
        "finance",
        "bank_account",
        &[("bank", "Triodos"), ("iban", "NL91ABNA0417164300")],
    );
    let out = register.root().join("full.pdf");
    let outcome = register.run(&["report", "full", "--out", out.to_str().unwrap()]);
    assert!(outcome.stderr.contains("NOT"), "no warning: {outcome:#?}");
    outcome.ok();
    let text = pdf_text(&out);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("NL91 ABNA 0417 1643 00") && flat.contains("Triodos"),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let section = register.root().join("section.pdf");
    register
        .run(&[
            "report",
            "section",
            "--section",
            "finance",
            "--visibility",
            "now",
            "--out",
            section.to_str().unwrap(),
        ])
        .ok();
    assert!(pdf_text(&section).contains("Triodos"));
}

#[test]
fn a_wrong_code_writes_no_report() {
    let mut register = Register::enrolled();
    let out = register.root().join("refused.pdf");
    let at = register.next_step();
    let right = totp(register.secret(), at);
    let wrong: String = right
        .chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                char::from(c as u8 + 1)
            }
        })
        .collect();
    let outcome = register.attempt(
        at,
        &wrong,
        PASSWORD,
        &["report", "full", "--out", out.to_str().unwrap()],
    );
    outcome.refused(3, "");
    assert!(!out.exists(), "a refused login wrote a report");
}

#[test]
fn a_section_report_needs_a_section() {
    let mut register = Register::enrolled();
    let out = register.root().join("x.pdf");
    let outcome = register.run(&["report", "section", "--out", out.to_str().unwrap()]);
    outcome.refused(2, "--section");
    assert!(!out.exists());
}
