//! Adding items in three sections through the generated forms (with a refused IBAN and
//! the password warning on the way), seeing them again, and the accent-blind search.

use crate::journey::Journey;

/// The IBAN as a user types it; the app stores and shows it in groups of four.
pub const IBAN_TYPED: &str = "nl91abna0417164300";
/// The same IBAN as the app shows it.
pub const IBAN_SHOWN: &str = "NL91 ABNA 0417 1643 00";
/// An IBAN with a wrong check digit.
const IBAN_WRONG: &str = "NL91ABNA0417164301";
/// A note that looks like it holds a password.
const LOOKS_LIKE_A_PASSWORD: &str = "wachtwoord: Zomer2023!x";
/// The funeral note's text (the search finds it by "cafe").
pub const MUSIC: &str = "Bij het afscheid: Café del Mar";

impl Journey<'_> {
    /// One item in each of finance, trusted persons and funeral.
    pub async fn add_items(&mut self) {
        let client = self.window.client();

        self.open_section("finance").await;
        self.start_item("bank_account").await;
        self.window.fill("field-bank", "ASN Bank").await;
        self.window.fill("field-iban", IBAN_WRONG).await;
        self.window.click("save-item").await;
        let error = self.window.text("field-error-iban").await;
        assert!(!error.trim().is_empty(), "the IBAN error says nothing");
        assert!(
            self.window.all("item-row").await.is_empty(),
            "an item with an invalid IBAN was saved"
        );
        self.screens
            .check_at(client, "section-add-form-invalid-iban", "field-error-iban")
            .await;
        self.window.fill("field-iban", IBAN_TYPED).await;
        self.window.click("save-item").await;
        self.expect_rows(&[IBAN_SHOWN]).await;
        self.screens
            .check_at(client, "section-finance", "item-row")
            .await;

        self.back_to_overview().await;
        self.open_section("trusted_persons").await;
        self.start_item("person").await;
        self.window.fill("field-name", "Anna de Vries").await;
        self.window.click("save-item").await;
        self.expect_rows(&["Anna de Vries"]).await;

        self.back_to_overview().await;
        self.open_section("funeral").await;
        self.start_item("note").await;
        self.window.fill("field-title", "Muziek").await;
        self.window.fill("field-text", LOOKS_LIKE_A_PASSWORD).await;
        // The check runs as the user types or on leaving the field: leave it.
        self.window
            .find("field-title")
            .await
            .click()
            .await
            .expect("focus");
        let warning = self.window.text("secret-warning-text").await;
        assert!(
            !warning.trim().is_empty(),
            "the password warning says nothing"
        );
        self.screens
            .check_at(client, "section-secret-warning", "secret-warning-text")
            .await;
        self.window.fill("field-text", MUSIC).await;
        self.window.click("save-item").await;
        self.expect_rows(&["Muziek"]).await;
        self.back_to_overview().await;
    }

    /// Opens the add form for an item type of the open section.
    async fn start_item(&mut self, item_type: &str) {
        if self.window.has("item-type-select").await {
            self.window.choose("item-type-select", item_type).await;
            self.window.click("add-item").await;
        } else {
            self.window.click("add-item").await;
            self.window.choose("item-type-select", item_type).await;
        }
        self.window.find("save-item").await;
    }

    /// Waits until the open section lists exactly rows holding these texts.
    pub async fn expect_rows(&mut self, texts: &[&str]) {
        let rows = self.window.wait_count("item-row", texts.len()).await;
        let mut shown = Vec::new();
        for row in rows {
            shown.push(row.text().await.expect("row text"));
        }
        for text in texts {
            assert!(
                shown.iter().any(|row| row.contains(text)),
                "no item row shows {text:?}; rows: {shown:?}"
            );
        }
    }

    /// "cafe" finds the note that says "Café", and only it.
    pub async fn search_ignores_accents(&mut self) {
        self.window.fill("search-input", "cafe").await;
        self.window.click("search-submit").await;
        let results = self.window.wait_count("search-result", 1).await;
        let text = results[0].text().await.expect("result text");
        assert!(
            text.contains("Muziek"),
            "the search result for \"cafe\" is {text:?}, not the funeral note"
        );
        self.screens
            .check_at(self.window.client(), "search", "search-result")
            .await;
    }

    /// After unlocking: every item is there again.
    pub async fn items_are_back(&mut self) {
        for (section, text) in [
            ("finance", IBAN_SHOWN),
            ("trusted_persons", "Anna de Vries"),
            ("funeral", "Muziek"),
        ] {
            self.open_section(section).await;
            self.expect_rows(&[text]).await;
            self.back_to_overview().await;
        }
    }
}
