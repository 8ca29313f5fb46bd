//! Settings: the language switch (the overview's headings follow the catalogue's
//! English labels) and deleting the register after password, a fresh code and a final
//! confirmation.

use serde_json::Value;

use crate::journey::{FOLDER, Journey};

impl Journey<'_> {
    /// Dutch → English; every section card then shows its English label.
    pub async fn switch_to_english(&mut self) {
        let client = self.window.client();
        let dutch = self.section_labels("nl");
        let card = self.card_text("finance").await;
        assert!(
            card.to_lowercase()
                .contains(&dutch["finance"].to_lowercase()),
            "the Dutch overview's finance card says {card:?}"
        );

        self.window.click("settings-button").await;
        self.window.find("language-select").await;
        self.screens.check(client, "settings").await;
        self.window.choose("language-select", "en").await;
        if self.window.has("save-settings").await {
            self.window.click("save-settings").await;
        }
        self.window.click("settings-done").await;
        self.window.wait_count("section-card", 14).await;

        let english = self.section_labels("en");
        for (section, label) in &english {
            let card = self.card_text(section).await;
            assert!(
                card.to_lowercase().contains(&label.to_lowercase()),
                "after switching to English the {section} card says {card:?}, not {label:?}"
            );
        }
        self.screens.check(client, "overview-english").await;
        let saved = std::fs::read_to_string(self.home.path("config/settings.json"))
            .expect("the settings file after saving");
        assert!(saved.contains("\"en\""), "settings.json is {saved}");
    }

    /// Delete: password, a fresh code, the final confirmation; then the profile list
    /// is empty and the folder is gone.
    pub async fn delete_register(&mut self) {
        let client = self.window.client();
        self.window.click("settings-button").await;
        self.window.find("delete-register").await;
        if !self.window.has("confirm-password").await {
            self.window.click("delete-register").await;
        }
        self.window.fill("confirm-password", &self.password).await;
        let code = self.clock.fresh_code(&self.secret);
        self.window.fill("confirm-code", &code).await;
        if !self.window.has("delete-confirm-final").await {
            self.window.click("delete-register").await;
        }
        self.window.find("delete-confirm-final").await;
        self.screens
            .check_at(client, "settings-delete-confirm", "delete-confirm-final")
            .await;
        self.window.click("delete-confirm-final").await;

        self.window.find("new-register").await;
        self.window.wait_gone("profile").await;
        self.screens.check(client, "profiles-after-delete").await;
        let folder = self.home.registers().join(FOLDER);
        assert!(!folder.exists(), "{} is still there", folder.display());
        let keys = self.home.path("config/levensregister/secret-keys");
        let left: Vec<_> = std::fs::read_dir(&keys)
            .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        assert!(
            left.is_empty(),
            "Secret Key files left after delete: {left:?}"
        );
    }

    /// The visible text of one section card.
    async fn card_text(&self, section: &str) -> String {
        let css = format!("[data-testid=\"section-card\"][data-section=\"{section}\"]");
        let card = self.window.find_css(&css).await;
        card.text().await.expect("card text")
    }

    /// Section id → label in `lang`, from the catalogue (data, not a copy in the test).
    fn section_labels(&self, lang: &str) -> std::collections::BTreeMap<String, String> {
        let path = self.build.file("assets/catalogue.json");
        let text = std::fs::read_to_string(&path).expect("assets/catalogue.json");
        let catalogue: Value = serde_json::from_str(&text).expect("the catalogue is JSON");
        catalogue["sections"]
            .as_array()
            .expect("catalogue sections")
            .iter()
            .map(|section| {
                (
                    section["id"].as_str().unwrap_or_default().to_owned(),
                    section["label"][lang]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                )
            })
            .collect()
    }
}
