//! Issue 5, the owner's side: the Emergency Kit in the wizard (20 words, saved as PDF),
//! a 2-of-3 share set whose sheets land in a folder chosen in the GTK folder dialog,
//! the export for trusted persons (a tar standard tools list), and "Forgot your
//! password?" with the kit's words.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::authenticator::compact_secret;
use crate::dialogs::{self, Dialog};
use crate::journey::{Journey, NAME, NEW_PASSWORD, PASSWORD};

/// How long making PDFs or the export may take (a debug build compiles Typst unoptimised).
pub const SLOW: Duration = Duration::from_secs(60);
/// The holders of the share set: one from the register, two typed in.
pub const HOLDERS: [&str; 3] = ["Anna de Vries", "Bram Bakker", "Carla Claes"];
/// The sheets' file names, in share order.
pub const SHEETS: [&str; 3] = [
    "share-1-anna-de-vries.pdf",
    "share-2-bram-bakker.pdf",
    "share-3-carla-claes.pdf",
];

impl Journey<'_> {
    /// After the first code: the kit shows the Secret Key and 20 words, saves as PDF,
    /// and "I have stored it" leads on.
    pub async fn emergency_kit_in_the_wizard(&mut self, secret_key: &str) {
        let client = self.window.client();
        let rows = self.window.wait_count("kit-word", 20).await;
        let mut words = Vec::new();
        for row in rows {
            words.push(row.text().await.expect("a kit word").trim().to_owned());
        }
        assert!(
            words
                .iter()
                .all(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_lowercase())),
            "the kit's words are {words:?}"
        );
        let shown = self.window.text("kit-secret-key").await;
        assert_eq!(shown.trim(), secret_key, "the kit's Secret Key");
        self.screens
            .check_at(client, "wizard-emergency-kit", "kit-save")
            .await;

        let target = self.home.path("saved/Noodset.pdf");
        std::fs::create_dir_all(self.home.path("saved")).expect("the save folder");
        let started = Instant::now();
        self.window.click("kit-save").await;
        dialogs::answer(self.display, "Noodset opslaan", Dialog::Save, &target).await;
        let saved = self.window.wait_outcome("kit-saved", SLOW).await;
        let saved = saved.text().await.expect("the saved message");
        assert!(
            saved.contains("Noodset.pdf"),
            "the kit message says {saved:?}"
        );
        let text = pdf_text(&target);
        for expected in words.iter().map(String::as_str).chain([NAME]) {
            assert!(
                text.contains(expected),
                "the kit PDF does not say {expected:?}: {text}"
            );
        }
        // The sheet sets the Secret Key's groups apart with dashes of its own, and
        // pdftotext may split a group where the font kerns.
        let compact: String = text.split_whitespace().collect();
        for group in secret_key.split('-') {
            assert!(
                compact.contains(group),
                "the kit PDF does not show the Secret Key's {group:?}: {text}"
            );
        }
        self.figures.push(format!(
            "Emergency Kit PDF: {} ms from \"Save as PDF…\" to the message (dialog typed into)",
            started.elapsed().as_millis()
        ));
        self.window.click("kit-done").await;
        self.kit_words = words;
    }

    /// Trusted persons: Anna from the register and two typed names, 2 of 3 (the
    /// suggestion), password and a fresh code, the folder dialog; three private PDFs.
    pub async fn make_shares(&mut self) {
        let client = self.window.client();
        self.window.click("nav-trusted").await;
        let none = self.window.text("current-set").await;
        assert!(
            none.contains("nog geen"),
            "with no set the screen says {none:?}"
        );
        assert!(!self.window.has("shares-replace-warning").await);
        self.screens.check(client, "trusted").await;

        let persons = self.window.wait_count("holder-person", 1).await;
        let value = persons[0].attr("value").await.expect("value");
        assert_eq!(value.as_deref(), Some(HOLDERS[0]), "the register's person");
        persons[0].click().await.expect("choosing Anna");
        for name in &HOLDERS[1..] {
            self.window.fill("holder-name", name).await;
            self.window.click("holder-add").await;
        }
        self.window.wait_count("holder-extra", 2).await;
        let threshold = self.window.find("shares-threshold").await;
        let k = threshold.prop("value").await.expect("value");
        assert_eq!(k.as_deref(), Some("2"), "the suggested threshold for three");
        let summary = self.window.text("shares-summary").await;
        assert!(
            summary.contains("2 van de 3"),
            "the summary says {summary:?}"
        );

        self.window.fill("shares-password", &self.password).await;
        let code = self.clock.fresh_code(&self.secret);
        self.window.fill("shares-code", &code).await;
        self.last_code = code;
        let folder = self.home.path("sheets");
        std::fs::create_dir_all(&folder).expect("the sheets folder");
        self.screens
            .check_at(client, "trusted-make-shares", "shares-create")
            .await;
        let started = Instant::now();
        self.window.click("shares-create").await;
        dialogs::answer(
            self.display,
            "Map kiezen voor de bladen",
            Dialog::Open,
            &folder,
        )
        .await;
        let made = self.window.wait_outcome("shares-made", SLOW).await;
        let made = made.text().await.expect("the made message");
        self.figures.push(format!(
            "share set 2 of 3: {} ms from \"Make shares…\" to the message (folder dialog, three sheets)",
            started.elapsed().as_millis()
        ));
        assert!(
            made.contains(&folder.display().to_string()),
            "the message does not name the folder: {made:?}"
        );
        for (sheet, holder) in SHEETS.iter().zip(HOLDERS) {
            assert!(
                made.contains(sheet),
                "the message does not name {sheet}: {made:?}"
            );
            let text = pdf_text(&folder.join(sheet));
            assert!(
                text.contains(holder),
                "{sheet} does not name {holder}: {text}"
            );
        }
        // "Print the other holders' names" is on: the first sheet names all three.
        let first = pdf_text(&folder.join(SHEETS[0]));
        assert!(
            HOLDERS.iter().all(|holder| first.contains(holder)),
            "{} does not name the other holders: {first}",
            SHEETS[0]
        );
        let current = self.window.text("current-set").await;
        assert!(
            current.contains("2 van de 3"),
            "the current set says {current:?}"
        );
        self.window.find("shares-replace-warning").await;
        self.screens
            .check_at(client, "trusted-shares-made", "shares-made")
            .await;
    }

    /// The export for trusted persons through the save dialog: a private tar that
    /// `tar` lists.
    pub async fn export_for_trusted_persons(&mut self) {
        let client = self.window.client();
        self.window.click("export-incapacity").await;
        self.window.fill("export-password", &self.password).await;
        let code = self.clock.fresh_code(&self.secret);
        self.window.fill("export-code", &code).await;
        self.last_code = code;
        let target = self.home.path("saved/export.tar");
        self.window.click("export-save").await;
        dialogs::answer(self.display, "Export opslaan", Dialog::Save, &target).await;
        let saved = self.window.wait_outcome("export-saved", SLOW).await;
        let saved = saved.text().await.expect("the export message");
        assert!(
            saved.contains("export.tar") && saved.contains("3 gegevens"),
            "the export message says {saved:?}"
        );
        private_file(&target);
        let output = Command::new("tar")
            .arg("tf")
            .arg(&target)
            .output()
            .expect("tar");
        assert!(output.status.success(), "tar cannot read the export");
        let listed = String::from_utf8_lossy(&output.stdout);
        for entry in ["LEES-MIJ-READ-ME.txt", "header.json", "register.db"] {
            assert!(
                listed.lines().any(|line| line == entry),
                "the export lacks {entry}: {listed}"
            );
        }
        self.screens
            .check_at(client, "trusted-export-saved", "export-saved")
            .await;
    }

    /// "Show the Emergency Kit again" after password and a fresh code: the same 20
    /// words; putting it away drops them from the page.
    pub async fn emergency_kit_again(&mut self) {
        self.window.fill("kit-password", &self.password).await;
        let code = self.clock.fresh_code(&self.secret);
        self.window.fill("kit-code", &code).await;
        self.last_code = code;
        self.window.click("kit-show").await;
        let rows = self.window.wait_count("kit-word", 20).await;
        let mut words = Vec::new();
        for row in rows {
            words.push(row.text().await.expect("a kit word").trim().to_owned());
        }
        assert_eq!(words, self.kit_words, "the kit shown again has other words");
        self.screens
            .check_at(self.window.client(), "trusted-kit-again", "kit-done")
            .await;
        self.window.click("kit-done").await;
        self.window.wait_gone("kit-word").await;
        self.window.find("kit-show").await;
    }

    /// Lock; "Forgot your password?" with the kit's 20 words, a new password and "I no
    /// longer have my phone": a new authenticator, whose first code opens the overview.
    pub async fn forgot_password(&mut self) {
        let client = self.window.client();
        self.window.click("lock-button").await;
        self.window.wait_count("profile", 1).await;
        self.window.click("profile").await;
        self.window.click("forgot-password").await;
        self.window.find("recover-share").await;
        self.screens.check(client, "recover").await;
        self.window
            .fill("recover-share", &self.kit_words.join(" "))
            .await;
        self.window.fill("recover-password", NEW_PASSWORD).await;
        self.window
            .fill("recover-password-again", NEW_PASSWORD)
            .await;
        self.window.click("recover-new-authenticator").await;
        self.screens
            .check_at(client, "recover-filled", "recover-submit")
            .await;
        self.window.click("recover-submit").await;

        // The phone was lost: a new authenticator secret, enrolled by its first code.
        self.window.wait_outcome("totp-secret", SLOW).await;
        let shown = self.window.text("totp-secret").await;
        let new_secret = compact_secret(&shown);
        assert_ne!(
            new_secret, self.secret,
            "recovery showed the old authenticator"
        );
        self.window.find("totp-qr").await;
        self.screens
            .check_at(client, "recover-authenticator", "totp-qr")
            .await;
        // A code of the lost phone does not confirm the new authenticator.
        let old_code = self.clock.fresh_code(&self.secret);
        self.window.fill("recover-code", &old_code).await;
        self.window.click("recover-confirm").await;
        let refused = self.window.text("error-message").await;
        assert!(
            !refused.trim().is_empty(),
            "a code of the old authenticator was accepted"
        );
        self.secret = new_secret;
        let code = self.clock.fresh_code(&self.secret);
        self.window.fill("recover-code", &code).await;
        self.window.click("recover-confirm").await;
        self.last_code = code;
        self.window.wait_outcome("section-card", SLOW).await;
        self.window.wait_count("section-card", 14).await;
        self.password = NEW_PASSWORD.to_owned();
        let notice = self.window.text("notice").await;
        assert!(
            notice.contains("nieuwe wachtwoord"),
            "after recovery the overview says {notice:?}"
        );
        let source = self.window.source().await;
        assert!(
            !source.contains(&self.kit_words.join(" ")) && !source.contains(shown.trim()),
            "the kit's words or the new authenticator secret are still in the page after recovery"
        );
    }

    /// The old password is refused now; the new one and a fresh code open the register.
    pub async fn unlock_with_the_new_password(&mut self) {
        self.window.click("profile").await;
        self.window.fill("unlock-password", PASSWORD).await;
        self.window.click("unlock-submit").await;
        let refused = self.window.text("error-message").await;
        assert!(
            !refused.trim().is_empty(),
            "the old password was not refused"
        );
        assert!(!self.window.has("unlock-code").await);
        self.window.fill("unlock-password", &self.password).await;
        self.window.click("unlock-submit").await;
        let code = self.clock.fresh_code(&self.secret);
        self.window.fill("unlock-code", &code).await;
        self.window.click("unlock-code-submit").await;
        self.last_code = code;
        self.window.wait_count("section-card", 14).await;
    }
}

/// The file's bytes, after checking it is owner-only.
pub fn private_file(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mode = std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "{} has mode {mode:o}, not 600", path.display());
    bytes
}

/// A private PDF's text by `pdftotext`, whitespace folded to single spaces.
pub fn pdf_text(path: &Path) -> String {
    let bytes = private_file(path);
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} is not a PDF",
        path.display()
    );
    let output = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (apt install poppler-utils)");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
