//! The CLI and the app open the same register: what the app wrote, the
//! `levensregister` binary reads (same folder, same Secret Key file, next code).

use std::process::{Command, Stdio};

use serde_json::Value;

use crate::authenticator::totp;
use crate::items::{IBAN_SHOWN, MUSIC};
use crate::journey::{FOLDER, Journey, PASSWORD};

impl Journey<'_> {
    /// `levensregister list --json` on the app's register lists the three items.
    pub fn cli_reads_the_register(&mut self) {
        let at = self.clock.next_step();
        let code = totp(&self.secret, at);
        let mut command = Command::new(&self.build.cli);
        self.home.apply(&mut command, self.clock);
        let output = command
            .env("LEVENSREGISTER_VAULT", self.home.registers().join(FOLDER))
            .env("LEVENSREGISTER_PASSWORD", PASSWORD)
            .env("LEVENSREGISTER_INSECURE_TEST_CLOCK", at.to_string())
            .args(["--lang", "en", "--code", &code, "list", "--json"])
            .stdin(Stdio::null())
            .output()
            .expect("running the levensregister CLI");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "the CLI could not open the app's register: {stderr}"
        );
        self.last_code = code;

        let items: Value = serde_json::from_slice(&output.stdout).expect("list --json is JSON");
        let items = items.as_array().expect("a list of items");
        assert_eq!(items.len(), 3, "the CLI lists {items:#?}");
        let find = |section: &str, item_type: &str| {
            items
                .iter()
                .find(|item| item["section"] == section && item["type"] == item_type)
                .unwrap_or_else(|| panic!("the CLI lists no {section}/{item_type}: {items:#?}"))
        };
        let account = find("finance", "bank_account");
        assert_eq!(account["fields"]["iban"], IBAN_SHOWN);
        assert_eq!(account["fields"]["bank"], "ASN Bank");
        let person = find("trusted_persons", "person");
        assert_eq!(person["fields"]["name"], "Anna de Vries");
        let note = find("funeral", "note");
        assert_eq!(note["fields"]["title"], "Muziek");
        assert_eq!(note["fields"]["text"], MUSIC);
        println!("the CLI reads the app's register: {} items", items.len());
    }
}
