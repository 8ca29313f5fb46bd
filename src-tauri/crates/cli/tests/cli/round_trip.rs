//! The happy path, one process per command: create, confirm the authenticator, fill
//! several sections, read back as text and JSON, search, review, change the password,
//! delete. Each command is a new process, so everything read was read from disk.

use serde_json::Value;

use crate::fixtures::today_utc;
use crate::support::{NEW_PASSWORD, PASSWORD, Register, ids, parse_items, secret_key};

const ITEM_MEMBERS: [&str; 7] = [
    "id",
    "section",
    "type",
    "fields",
    "visibility",
    "created",
    "changed",
];

fn is_item_id(id: &str) -> bool {
    id.len() == 16
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))
}

/// `2026-11-26T06:46:07Z`: RFC 3339, UTC, whole seconds.
fn is_utc_stamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 20
        && b[4] == b'-'
        && b[10] == b'T'
        && b[19] == b'Z'
        && b.iter()
            .enumerate()
            .all(|(i, c)| [4, 7, 10, 13, 16, 19].contains(&i) || c.is_ascii_digit())
}

fn item<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items
        .iter()
        .find(|item| item["id"] == id)
        .unwrap_or_else(|| panic!("item {id} missing from {items:#?}"))
}

#[test]
fn init_verify_add_and_read_back_in_new_processes() {
    let (mut register, init) = Register::created();
    let secret_key = secret_key(&init);
    assert!(
        init.contains("otpauth://totp/Levensregister:Jan?"),
        "{init}"
    );
    assert!(!secret_key.contains(register.secret()));

    // The catalogue needs no login.
    let catalogue: Value =
        serde_json::from_str(&register.run_plain(&["sections", "--json"]).ok()).unwrap();
    let finance = catalogue["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "finance")
        .expect("a finance section");
    assert!(finance.to_string().contains("bank_account"));
    assert!(
        register.run(&["verify"]).ok().contains("ready"),
        "the first code completes enrolment"
    );

    let iban = register.add(
        "finance",
        "bank_account",
        &[("iban", "nl91 abna 0417 1643 00"), ("bank", "ABN AMRO")],
    );
    let person = register.add(
        "personal",
        "person",
        &[
            ("full_name", "Zoë de Vries"),
            ("date_of_birth", "01-02-1950"),
        ],
    );
    let insurance = register.add(
        "funeral",
        "funeral_insurance",
        &[("insurer", "DELA"), ("amount", "€ 5.000,50")],
    );
    let text = "De sleutel ligt bij de buren.\nZie ook het café op de hoek — één keer per week.";
    let note_id = register
        .run(&[
            "add",
            "medical",
            "note",
            "--set",
            "title=Afspraak met José",
            "--set",
            &format!("text={text}"),
            "--visibility",
            "death",
        ])
        .ok()
        .trim()
        .to_string();
    for id in [&iban, &person, &insurance, &note_id] {
        assert!(is_item_id(id), "add prints the new id, got {id:?}");
    }

    let items = register.list_json();
    assert_eq!(items.len(), 4);
    for value in &items {
        let object = value.as_object().expect("an item is an object");
        let mut members: Vec<&str> = object.keys().map(String::as_str).collect();
        members.sort_unstable();
        let mut expected = ITEM_MEMBERS;
        expected.sort_unstable();
        assert_eq!(members, expected, "item members: {value:#}");
        assert!(
            is_utc_stamp(value["created"].as_str().unwrap()),
            "{value:#}"
        );
        assert!(
            is_utc_stamp(value["changed"].as_str().unwrap()),
            "{value:#}"
        );
        assert!(value["fields"].is_object());
    }
    // Values come back normalised as the catalogue defines them.
    let bank = item(&items, &iban);
    assert_eq!(bank["section"], "finance");
    assert_eq!(bank["type"], "bank_account");
    assert_eq!(bank["fields"]["iban"], "NL91 ABNA 0417 1643 00");
    assert_eq!(bank["visibility"], "now");
    assert_eq!(
        item(&items, &person)["fields"]["date_of_birth"],
        "1950-02-01"
    );
    assert_eq!(item(&items, &person)["fields"]["full_name"], "Zoë de Vries");
    assert_eq!(item(&items, &insurance)["fields"]["amount"], "EUR 5000.50");
    let note = item(&items, &note_id);
    assert_eq!(note["fields"]["text"], text);
    assert_eq!(note["fields"]["title"], "Afspraak met José");
    assert_eq!(note["visibility"], "death");

    let listed = register.run(&["list"]).ok();
    for id in ids(&items) {
        assert!(listed.contains(&id), "text list lacks {id}:\n{listed}");
    }
    assert!(listed.contains("Afspraak met José"), "{listed}");
    let finance = parse_items(&register.run(&["list", "finance", "--json"]).ok());
    assert_eq!(ids(&finance), [iban.as_str()]);

    let shown: Value =
        serde_json::from_str(&register.run(&["show", &note_id, "--json"]).ok()).unwrap();
    assert_eq!(
        &shown, note,
        "show --json is the item as list --json has it"
    );
    let shown = register.run(&["show", &iban]).ok();
    assert!(shown.contains("NL91 ABNA 0417 1643 00"), "{shown}");
    let shown = register.run(&["show", &note_id]).ok();
    assert!(
        shown.contains("één keer per week"),
        "both lines of a multiline field are shown:\n{shown}"
    );
}

#[test]
fn search_ignores_case_and_accents() {
    let mut register = Register::enrolled();
    let jose = register.add(
        "personal",
        "note",
        &[("title", "Brief van José"), ("text", "Ligt in de lade.")],
    );
    let cafe = register.add(
        "funeral",
        "note",
        &[
            ("title", "Koffie"),
            ("text", "Daarna naar CAFÉ Hoogeveen, één rondje."),
        ],
    );
    register.add("finance", "bank_account", &[("iban", "NL91ABNA0417164300")]);

    let search = |register: &mut Register, text: &str| {
        ids(&parse_items(
            &register.run(&["search", text, "--json"]).ok(),
        ))
    };
    assert_eq!(search(&mut register, "jose"), [jose.as_str()]);
    assert_eq!(search(&mut register, "JOSÉ"), [jose.as_str()]);
    assert_eq!(search(&mut register, "café"), [cafe.as_str()]);
    assert_eq!(search(&mut register, "cafe hoogeveen EEN"), [cafe.as_str()]);
    assert!(search(&mut register, "jose hoogeveen").is_empty());
    assert!(search(&mut register, "nergens").is_empty());
    let text = register.run(&["search", "Jose"]).ok();
    assert!(text.contains(&jose) && !text.contains(&cafe), "{text}");
}

#[test]
fn review_marks_a_section_and_status_counts_items() {
    let mut register = Register::enrolled();
    register.add("finance", "bank_account", &[("iban", "NL91ABNA0417164300")]);
    register.add("personal", "note", &[("title", "Een"), ("text", "x")]);
    register.add("personal", "note", &[("title", "Twee")]);

    let status = |register: &mut Register| -> Vec<Value> {
        serde_json::from_str(&register.run(&["status", "--json"]).ok()).unwrap()
    };
    let section = |statuses: &[Value], id: &str| -> Value {
        statuses
            .iter()
            .find(|s| s["section"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no status for {id}"))
    };
    let before = status(&mut register);
    assert_eq!(before.len(), 14, "one status per catalogue section");
    assert_eq!(section(&before, "finance")["items"], 1);
    assert_eq!(section(&before, "personal")["items"], 2);
    assert_eq!(section(&before, "legal")["items"], 0);
    assert_eq!(section(&before, "legal")["completeness"], 0);
    assert_eq!(section(&before, "finance")["last_reviewed"], Value::Null);
    assert_eq!(section(&before, "finance")["review_due"], true);

    assert!(
        register
            .run(&["review", "finance"])
            .ok()
            .contains("reviewed")
    );
    let after = status(&mut register);
    let finance = section(&after, "finance");
    assert_eq!(finance["last_reviewed"], today_utc().as_str());
    assert_eq!(finance["review_due"], false);
    assert!(finance["next_review"].as_str().unwrap() > finance["last_reviewed"].as_str().unwrap());
    assert_eq!(section(&after, "personal")["last_reviewed"], Value::Null);
    let text = register.run(&["status"]).ok();
    assert!(text.contains("Banking and money"), "{text}");
    register
        .run(&["review", "nowhere"])
        .refused(2, "unknown section");
}

#[test]
fn passwd_then_only_the_new_password_opens_and_delete_removes_everything() {
    let mut register = Register::enrolled();
    let id = register.add("legal", "note", &[("title", "Testament bij notaris")]);
    let before = register.list_json();

    let mut weak = register.login();
    weak.env("LEVENSREGISTER_NEW_PASSWORD", "geheim")
        .arg("passwd");
    let out = weak.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a weak password is refused: {out:?}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("too weak"));
    register
        .run(&["passwd"])
        .refused(2, "LEVENSREGISTER_NEW_PASSWORD");
    assert_eq!(register.list_json(), before, "the old password still opens");

    let mut passwd = register.login();
    passwd.env("LEVENSREGISTER_NEW_PASSWORD", NEW_PASSWORD);
    let out = passwd.arg("passwd").output().unwrap();
    assert!(out.status.success(), "passwd failed: {out:?}");

    register.run(&["list"]).refused(3, "wrong password");
    register.password = NEW_PASSWORD.into();
    assert_eq!(register.list_json(), before);

    assert_eq!(register.key_files().len(), 1, "one Secret Key file");
    register.run_plain(&["delete"]).refused(6, "--yes");
    assert_eq!(
        register.list_json(),
        before,
        "delete without --yes keeps all"
    );
    register.password = PASSWORD.into();
    register
        .run(&["delete", "--yes"])
        .refused(3, "wrong password");
    assert!(register.dir().exists());
    register.password = NEW_PASSWORD.into();
    assert!(register.run(&["delete", "--yes"]).ok().contains("deleted"));
    assert!(!register.dir().exists(), "the register folder is gone");
    assert!(
        register.key_files().is_empty(),
        "the Secret Key file is gone"
    );
    let gone = register.run(&["show", &id]);
    gone.refused(4, "no register");
}
