//! What the command line refuses, with which exit code, and that a refusal changes
//! nothing: wrong password, wrong or replayed code, an unconfirmed authenticator,
//! `init` over a register, the back-off, invalid input, unknown ids.

use crate::support::{PASSWORD, Register, totp};

/// The register's files that hold data and keys, byte for byte.
fn snapshot(register: &Register) -> Vec<Vec<u8>> {
    ["register.db", "keyslots.bin", "profile.json"]
        .iter()
        .map(|name| std::fs::read(register.file(name)).expect("register file"))
        .collect()
}

/// A six-digit code that is valid in none of the steps `at` accepts (now ± 1).
fn wrong_code(secret: &str, at: u64) -> String {
    let valid: Vec<String> = [at - 30, at, at + 30]
        .iter()
        .map(|t| totp(secret, *t))
        .collect();
    let mut n: u32 = valid[1].parse().unwrap();
    loop {
        n = (n + 1) % 1_000_000;
        let code = format!("{n:06}");
        if !valid.contains(&code) {
            return code;
        }
    }
}

#[test]
fn wrong_password_wrong_code_and_replayed_code_change_nothing() {
    let mut register = Register::enrolled();
    register.add("finance", "bank_account", &[("iban", "NL91ABNA0417164300")]);
    let items = register.list_json();
    let files = snapshot(&register);

    let at = register.next_step();
    let code = totp(register.secret(), at);
    register
        .attempt(at, &code, "Verkeerd-Wachtwoord-1!", &["list", "--json"])
        .refused(3, "wrong password");
    assert_eq!(snapshot(&register), files, "a wrong password wrote nothing");
    let wrong = wrong_code(register.secret(), at);
    register
        .attempt(at, &wrong, PASSWORD, &["list", "--json"])
        .refused(3, "wrong authenticator code");
    assert_eq!(snapshot(&register), files, "a wrong code wrote nothing");

    // Neither refusal used up this step: its code still opens the register, once.
    let out = register.attempt(at, &code, PASSWORD, &["list", "--json"]);
    assert_eq!(crate::support::parse_items(&out.ok()), items);
    let files = snapshot(&register);
    register
        .attempt(at, &code, PASSWORD, &["list", "--json"])
        .refused(3, "already used");
    // The previous step's code is within the skew but older than the last used one.
    let previous = totp(register.secret(), at - 30);
    register
        .attempt(at, &previous, PASSWORD, &["list", "--json"])
        .refused(3, "already used");
    assert_eq!(snapshot(&register), files, "a replayed code wrote nothing");
    assert_eq!(register.list_json(), items);
}

#[test]
fn an_unconfirmed_authenticator_opens_nothing_but_verify() {
    let (mut register, _) = Register::created();
    let export = register.root().join("export.json");
    let export = export.to_str().unwrap();
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["status"],
        &["add", "personal", "note", "--set", "title=x"],
        &["show", "aaaaaaaaaaaaaaaa"],
        &["search", "x"],
        &["review", "finance"],
        &["export-json", "--out", export],
        &["import", export],
        &["shell"],
        &["passwd"],
        &["delete", "--yes"],
    ] {
        register.run(args).refused(3, "not set up");
    }
    assert!(register.dir().exists());
    assert!(!std::path::Path::new(export).exists());

    let at = register.next_step();
    let wrong = wrong_code(register.secret(), at);
    register
        .attempt(at, &wrong, PASSWORD, &["verify"])
        .refused(3, "wrong authenticator code");
    register.run(&["list"]).refused(3, "not set up");
    assert!(register.run(&["verify"]).ok().contains("ready"));
    assert!(register.run(&["list"]).ok().contains("(no items)"));
    assert!(
        register.run(&["verify"]).ok().contains("already set up"),
        "verify again only logs in"
    );
}

#[test]
fn init_over_an_existing_register_is_refused_and_it_still_opens() {
    let mut register = Register::enrolled();
    register.add("pets", "note", &[("title", "Poes Minoes")]);
    let items = register.list_json();
    let files = snapshot(&register);
    let keys: Vec<Vec<u8>> = register
        .key_files()
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();

    for (name, password) in [("Jan", PASSWORD), ("Piet", "Een-Ander-Wachtwoord-9#")] {
        register.password = password.into();
        let outcome = register.run_plain(&["init", "--name", name]);
        assert_eq!(outcome.code, 6, "{outcome:#?}");
        assert!(outcome.stderr.contains("already exists"), "{outcome:#?}");
        assert!(outcome.stdout.is_empty(), "{outcome:#?}");
    }
    register.password = PASSWORD.into();

    assert_eq!(snapshot(&register), files);
    let keys_after: Vec<Vec<u8>> = register
        .key_files()
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert_eq!(keys_after, keys, "the Secret Key is untouched");
    assert_eq!(register.list_json(), items);
}

#[test]
fn repeated_wrong_passwords_back_off_even_the_right_one() {
    let mut register = Register::enrolled();
    let t0 = register.next_step() + 5;
    let code = totp(register.secret(), t0);
    let wrong = "Verkeerd-Wachtwoord-1!";
    // Five free failures, at one moment.
    for _ in 0..5 {
        register
            .attempt(t0, &code, wrong, &["list"])
            .refused(3, "wrong password");
    }
    register
        .attempt(t0, &code, PASSWORD, &["list"])
        .refused(3, "try again in 1 second");
    // The sixth failure, once the first wait has passed: now the wait is 2 s.
    register
        .attempt(t0 + 1, &code, wrong, &["list"])
        .refused(3, "wrong password");
    register
        .attempt(t0 + 1, &code, PASSWORD, &["list"])
        .refused(3, "try again in 2 second");
    register
        .attempt(t0 + 2, &code, PASSWORD, &["list"])
        .refused(3, "try again in 1 second");
    // The wait is over; the code of this step was never used by the refusals.
    register.attempt(t0 + 3, &code, PASSWORD, &["list"]).ok();
    // A success clears the count: one more typo is free again.
    let t1 = register.next_step();
    let code = totp(register.secret(), t1);
    register
        .attempt(t1, &code, wrong, &["list"])
        .refused(3, "wrong password");
    register.attempt(t1, &code, PASSWORD, &["list"]).ok();
}

#[test]
fn repeated_wrong_codes_back_off_too() {
    let mut register = Register::enrolled();
    let t0 = register.next_step() + 5;
    let wrong = wrong_code(register.secret(), t0);
    for _ in 0..5 {
        register
            .attempt(t0, &wrong, PASSWORD, &["list"])
            .refused(3, "wrong authenticator code");
    }
    let code = totp(register.secret(), t0);
    register
        .attempt(t0, &code, PASSWORD, &["list"])
        .refused(3, "try again in 1 second");
    register.attempt(t0 + 1, &code, PASSWORD, &["list"]).ok();
}

#[test]
fn invalid_input_is_refused_with_one_line_and_changes_nothing() {
    let mut register = Register::enrolled();
    let id = register.add("finance", "bank_account", &[("iban", "NL91ABNA0417164300")]);
    let items = register.list_json();

    let cases: [(&[&str], i32, &str); 11] = [
        (
            &[
                "add",
                "finance",
                "bank_account",
                "--set",
                "iban=NL91ABNA0417164301",
            ],
            2,
            "not a valid IBAN",
        ),
        (
            &["add", "nowhere", "note", "--set", "title=x"],
            2,
            "unknown section",
        ),
        (
            &["add", "finance", "yacht", "--set", "title=x"],
            2,
            "unknown item type",
        ),
        (
            &["add", "finance", "bank_account", "--set", "bank=ING"],
            2,
            "'iban' is required",
        ),
        (
            &[
                "add",
                "personal",
                "note",
                "--set",
                "title=x",
                "--set",
                "colour=red",
            ],
            2,
            "no field 'colour'",
        ),
        (
            &[
                "add",
                "personal",
                "person",
                "--set",
                "full_name=Jan",
                "--set",
                "date_of_birth=31-02-1950",
            ],
            2,
            "not a valid date",
        ),
        (
            &["add", "personal", "note", "--set", "title"],
            2,
            "field=value",
        ),
        (
            &[
                "add",
                "personal",
                "note",
                "--set",
                "title=x",
                "--visibility",
                "later",
            ],
            2,
            "visibility",
        ),
        (&["edit", &id, "--set", "iban=XX00"], 2, "not a valid IBAN"),
        (&["show", "aaaaaaaaaaaaaaaa"], 5, "no item with id"),
        (&["remove", "aaaaaaaaaaaaaaaa"], 5, "no item with id"),
    ];
    for (args, exit, mentions) in cases {
        register.run(args).refused(exit, mentions);
    }
    register
        .run(&["edit", "aaaaaaaaaaaaaaaa", "--set", "title=x"])
        .refused(5, "no item with id");
    register
        .run(&["edit", &id, "--set", "iban="])
        .refused(2, "'iban' is required");
    register.run_plain(&["delete"]).refused(6, "--yes");
    assert_eq!(
        register.list_json(),
        items,
        "no refusal changed the register"
    );
}

/// The refusal is the only thing `init` says: nothing about tuning key derivation
/// for a register it will not create.
#[test]
fn init_over_an_existing_register_says_one_line() {
    let register = Register::enrolled();
    register
        .run_plain(&["init", "--name", "Jan"])
        .refused(6, "already exists");
}

/// `--lang` chooses the language of every message, whatever the locale says
/// (`LANG=C` here, which would mean Dutch).
#[test]
fn messages_are_in_the_chosen_language() {
    let mut register = Register::enrolled();
    register.lang = "nl";
    let at = register.next_step();
    let code = totp(register.secret(), at);
    register
        .attempt(at, &code, "Verkeerd-Wachtwoord-1!", &["list"])
        .refused(3, "verkeerd wachtwoord");
    register
        .run(&["show", "aaaaaaaaaaaaaaaa"])
        .refused(5, "geen gegeven");

    register.lang = "en";
    let typo = register.root().join("secret-key.txt");
    std::fs::write(&typo, "ABCD-EFGH\n").unwrap();
    register
        .run(&["--secret-key-file", typo.to_str().unwrap(), "list"])
        .refused(3, "not a valid Secret Key");
}
