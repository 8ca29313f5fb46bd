//! Trusted persons end to end through the binary: the Emergency Kit and share sheets
//! (read back with pdftotext), a 2-of-3 set, the export opened with every pair of
//! shares (typed, and read from QR images that pdftoppm rendered from the sheets),
//! refusals (one share, a replaced set, a mixed set), the standard-tools route
//! (tar, the reference `shamir recover`, `openssl kdf`, the stock `sqlcipher`), and
//! "forgot password".

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{Outcome, Register, parse_items, run};

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext refused {}", path.display());
    String::from_utf8(out.stdout).unwrap()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `shares create` for Jan Jansen, Piet and Els, 2 of 3, into `dir`, with `extra` options.
fn create_shares(register: &mut Register, dir: &Path, extra: &[&str]) -> Outcome {
    let mut args = vec![
        "shares",
        "create",
        "--threshold",
        "2",
        "--holder",
        "Jan Jansen",
        "--holder",
        "Piet",
        "--holder",
        "Els",
        "--out-dir",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    register.run(&args)
}

/// A register with one person of each visibility, and a 2-of-3 share set in `shares/`.
fn with_share_set() -> (Register, PathBuf) {
    let mut register = Register::enrolled();
    for (name, visibility) in [
        ("Nora Nu", "now"),
        ("Ivo Incapabel", "incapacity"),
        ("Dirk Dood", "death"),
    ] {
        register
            .run(&[
                "add",
                "trusted_persons",
                "person",
                "--set",
                &format!("name={name}"),
                "--visibility",
                visibility,
            ])
            .ok();
    }
    let dir = register.root().join("shares");
    create_shares(&mut register, &dir, &["--name-others"]).ok();
    (register, dir)
}

fn share_files(dir: &Path) -> Vec<PathBuf> {
    ["share-1-jan-jansen", "share-2-piet", "share-3-els"]
        .iter()
        .map(|stem| dir.join(format!("{stem}.txt")))
        .collect()
}

/// `open-export FILE --share-file … ARGS` (no login of one's own).
fn open_export(
    register: &Register,
    file: &Path,
    shares: &[&Path],
    images: &[&Path],
    args: &[&str],
) -> Outcome {
    let mut command = register.command(0);
    command
        .env_remove("LEVENSREGISTER_PASSWORD")
        .arg("open-export")
        .arg(file);
    for share in shares {
        command.arg("--share-file").arg(share);
    }
    for image in images {
        command.arg("--share-image").arg(image);
    }
    run(command.args(args))
}

/// `recover` with `new_password`, the share files and `extra` options, at the next step.
fn recover(
    register: &mut Register,
    new_password: &str,
    shares: &[&Path],
    extra: &[&str],
) -> Outcome {
    let at = register.next_step();
    let mut command = register.command(at);
    command
        .env("LEVENSREGISTER_NEW_PASSWORD", new_password)
        .arg("recover")
        .args(extra);
    for share in shares {
        command.arg("--share-file").arg(share);
    }
    run(&mut command)
}

fn names(stdout: &str) -> Vec<String> {
    let mut names: Vec<String> = parse_items(stdout)
        .iter()
        .map(|item| item["fields"]["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn the_kit_and_the_share_sheets_say_what_they_are() {
    let (mut register, dir) = with_share_set();
    let kit = register.root().join("kit.pdf");
    register
        .run(&["emergency-kit", "--out", kit.to_str().unwrap()])
        .ok();
    let text = flat(&pdf_text(&kit));
    assert!(
        text.contains("Jan") && text.contains("Emergency Kit"),
        "{text}"
    );
    assert!(text.contains("Confidential"), "{text}");

    let words = std::fs::read_to_string(dir.join("share-2-piet.txt")).unwrap();
    assert_eq!(words.split_whitespace().count(), 20);
    let sheet = flat(&pdf_text(&dir.join("share-2-piet.pdf")));
    assert!(sheet.contains("Piet"), "{sheet}");
    assert!(
        sheet.contains("Jan Jansen") && sheet.contains("Els"),
        "others named: {sheet}"
    );
    for word in words.split_whitespace() {
        assert!(sheet.contains(word), "the sheet lacks {word}: {sheet}");
    }
    assert!(
        sheet.contains("shamir recover") && sheet.contains("sqlcipher"),
        "{sheet}"
    );
    #[cfg(unix)]
    for file in std::fs::read_dir(&dir).unwrap() {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.unwrap().metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A second set must be confirmed: the old sheets stop working.
    register
        .run(&[
            "shares",
            "create",
            "--threshold",
            "2",
            "--holder",
            "A",
            "--holder",
            "B",
            "--out-dir",
            dir.to_str().unwrap(),
        ])
        .refused(6, "--replace");
}

#[test]
fn any_two_shares_open_the_export_one_or_a_replaced_set_does_not() {
    let (mut register, dir) = with_share_set();
    let export = register.root().join("voor-de-kinderen.tar");
    register
        .run(&[
            "export",
            "--visibility",
            "incapacity",
            "--out",
            export.to_str().unwrap(),
        ])
        .ok();
    let shares = share_files(&dir);
    for pair in [[0, 1], [0, 2], [1, 2]] {
        let out = open_export(
            &register,
            &export,
            &[&shares[pair[0]], &shares[pair[1]]],
            &[],
            &["list", "--json"],
        )
        .ok();
        assert_eq!(names(&out), ["Ivo Incapabel", "Nora Nu"], "pair {pair:?}");
    }
    open_export(&register, &export, &[&shares[0]], &[], &["list"]).refused(3, "1 of the 2");

    // The sheets' QR codes, as a phone photo or a scanner would give them.
    let mut images = Vec::new();
    for stem in ["share-1-jan-jansen", "share-3-els"] {
        let prefix = register.root().join(stem);
        let status = Command::new("pdftoppm")
            .args(["-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile"])
            .arg(dir.join(format!("{stem}.pdf")))
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(status.success());
        images.push(prefix.with_extension("png"));
    }
    let out = open_export(
        &register,
        &export,
        &[],
        &[&images[0], &images[1]],
        &["list", "--json"],
    )
    .ok();
    assert_eq!(names(&out), ["Ivo Incapabel", "Nora Nu"]);
    let report = register.root().join("noodoverzicht.pdf");
    open_export(
        &register,
        &export,
        &[&shares[1]],
        &[&images[1]],
        &["report", "emergency", "--out", report.to_str().unwrap()],
    )
    .ok();
    assert!(flat(&pdf_text(&report)).contains("Nora Nu"));

    // A new set: the old sheets no longer open a new export, and mixing sets is refused.
    let new_dir = register.root().join("new-shares");
    create_shares(&mut register, &new_dir, &["--replace"]).ok();
    let newer = register.root().join("nieuw.tar");
    register
        .run(&[
            "export",
            "--visibility",
            "death",
            "--out",
            newer.to_str().unwrap(),
        ])
        .ok();
    open_export(&register, &newer, &[&shares[0], &shares[1]], &[], &["list"])
        .refused(3, "share set");
    let new_shares = share_files(&new_dir);
    open_export(
        &register,
        &newer,
        &[&shares[0], &new_shares[1]],
        &[],
        &["list"],
    )
    .refused(3, "share set");
    let out = open_export(
        &register,
        &newer,
        &[&new_shares[2], &new_shares[0]],
        &[],
        &["list", "--json"],
    )
    .ok();
    assert_eq!(names(&out).len(), 3, "a death export holds everything");
}

#[test]
fn a_set_is_not_replaced_while_the_register_is_open_elsewhere() {
    let (mut register, dir) = with_share_set();
    let mut shell = register.shell();
    // The shell has the register open once it answers.
    shell.send("add personal note --set 'title=Open'");
    let _id = shell.read_line();
    let new_dir = register.root().join("new-shares");
    create_shares(&mut register, &new_dir, &["--replace"])
        .refused(1, "open in another window or program");
    // The sheets were written, then removed when the set could not come into force.
    assert!(new_dir.is_dir(), "the sheets were never written");
    let left: Vec<_> = std::fs::read_dir(&new_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(left.is_empty(), "sheets of a set never in force: {left:?}");
    let (status, _, stderr) = shell.finish();
    assert!(status.success(), "{stderr}");
    // The first set is still the one in force: two of its shares open the register.
    let shares = share_files(&dir);
    recover(
        &mut register,
        "Nieuw-Wachtwoord-2031!",
        &[&shares[0], &shares[2]],
        &[],
    )
    .ok();
}

/// The reference implementation's `shamir` (PyPI shamir-mnemonic), as CI installs it.
fn shamir() -> PathBuf {
    if let Some(path) = std::env::var_os("LEVENSREGISTER_SHAMIR") {
        return path.into();
    }
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join("shamir"))
        .find(|path| path.is_file())
        .expect("the reference `shamir` command: pip install \"shamir-mnemonic[cli]==0.3.0\"")
}

fn run_with_input(command: &mut Command, input: &str) -> String {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn heirs_open_the_export_with_standard_tools_only() {
    let (mut register, dir) = with_share_set();
    let export = register.root().join("export.tar");
    register
        .run(&[
            "export",
            "--visibility",
            "death",
            "--out",
            export.to_str().unwrap(),
        ])
        .ok();
    let unpacked = register.root().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    let status = Command::new("tar")
        .arg("xf")
        .arg(&export)
        .arg("-C")
        .arg(&unpacked)
        .status()
        .unwrap();
    assert!(status.success());
    let readme = std::fs::read_to_string(unpacked.join("LEES-MIJ-READ-ME.txt")).unwrap();
    assert!(
        readme.contains("2 van de 3") && readme.contains("2 of the 3"),
        "{readme}"
    );

    let shares = share_files(&dir);
    let input = format!(
        "{}{}",
        std::fs::read_to_string(&shares[2]).unwrap(),
        std::fs::read_to_string(&shares[0]).unwrap()
    );
    let recovered = run_with_input(Command::new(shamir()).arg("recover"), &input);
    let secret = recovered
        .lines()
        .find_map(|line| line.split("Your master secret is: ").nth(1))
        .unwrap_or_else(|| panic!("shamir recover printed {recovered}"))
        .trim()
        .to_string();
    let key = String::from_utf8(
        Command::new("openssl")
            .args([
                "kdf",
                "-keylen",
                "32",
                "-kdfopt",
                "digest:SHA256",
                "-kdfopt",
            ])
            .arg(format!("hexkey:{secret}"))
            .args(["-kdfopt", "info:levensregister/export-key/v1", "HKDF"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .replace(':', "");
    assert_eq!(key.len(), 64, "openssl printed {key}");
    let rows = run_with_input(
        Command::new("sqlcipher").arg(unpacked.join("register.db")),
        &format!("PRAGMA key = \"x'{key}'\";\nSELECT fields_json FROM items;\n"),
    );
    for name in ["Nora Nu", "Ivo Incapabel", "Dirk Dood"] {
        assert!(rows.contains(name), "sqlcipher printed {rows}");
    }
}

#[test]
fn forgot_password_with_two_shares_and_a_new_authenticator() {
    let (mut register, dir) = with_share_set();
    let shares = share_files(&dir);
    let outcome = recover(
        &mut register,
        "Nieuwe-Tulpen-2027!",
        &[&shares[1], &shares[2]],
        &[],
    );
    let stdout = outcome.stdout.clone();
    assert_eq!(outcome.code, 0, "{stdout} {}", outcome.stderr);
    assert!(stdout.contains("old one no longer works"), "{stdout}");
    // The old password is refused; the new one works with the same authenticator.
    register.run(&["list"]).refused(3, "wrong password");
    register.password = "Nieuwe-Tulpen-2027!".into();
    assert_eq!(register.list_json().len(), 3);

    // One share alone does nothing, and leaves the password as it was.
    let outcome = recover(&mut register, "Derde-Tulpen-2028!", &[&shares[0]], &[]);
    assert_eq!(outcome.code, 3);
    assert_eq!(register.list_json().len(), 3);

    // Phone lost: a new authenticator, confirmed with its first code.
    let outcome = recover(
        &mut register,
        "Derde-Tulpen-2028!",
        &[&shares[0], &shares[2]],
        &["--new-authenticator"],
    );
    let stdout = outcome.stdout.clone();
    assert_eq!(outcome.code, 0, "{stdout}");
    let uri = stdout
        .lines()
        .find(|l| l.starts_with("otpauth://"))
        .unwrap();
    let secret = uri
        .split("secret=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    assert_ne!(secret, register.secret());
    register.password = "Derde-Tulpen-2028!".into();
    register.run(&["list"]).refused(3, "not set up");
    let at = register.next_step();
    let code = crate::support::totp(secret, at);
    let mut verify = register.command(at);
    verify.arg("--code").arg(&code).arg("verify");
    assert_eq!(verify.output().unwrap().status.code(), Some(0));
}
