//! The journey of issues 3 to 5, from an empty machine to a deleted register, as one
//! user (and, once, a trusted person) walks it: each step is a method here or in the
//! modules beside it.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::authenticator::{FakeClock, compact_secret};
use crate::harness::{Build, Desktop, Home};
use crate::processes::AppMemory;
use crate::screens::Screens;
use crate::window::{Window, testid};

/// The register's name, as the wizard is given it.
pub const NAME: &str = "Jan Jansen";
/// Its folder under the registers folder (the name in plain lowercase letters).
pub const FOLDER: &str = "jan-jansen";
/// The owner's password (passes the password rules).
pub const PASSWORD: &str = "Tulpen-Bollen-1987!";
/// The password set with "Forgot your password?".
pub const NEW_PASSWORD: &str = "Narcissen-Veld-2031?";

/// What the journey has learnt along the way, and the window it walks in.
pub struct Journey<'a> {
    pub build: &'a Build,
    pub home: &'a Home,
    pub window: Window<'a>,
    pub clock: &'a mut FakeClock,
    pub screens: &'a mut Screens,
    /// The authenticator secret (base32) as the wizard showed it.
    pub secret: String,
    /// The last code the vault accepted (for the replay check).
    pub last_code: String,
    /// The password that opens the register now.
    pub password: String,
    /// The Emergency Kit's 20 words as the wizard showed them.
    pub kit_words: Vec<String>,
    /// The X display the app runs on (native dialogs are driven there).
    pub display: &'a str,
    driver_pid: u32,
    requested: Instant,
    connected: Instant,
    /// Figures for the engineers' note.
    pub figures: Vec<String>,
}

/// Walks the whole journey; returns the measured figures.
pub async fn walk(build: &Build, desktop: &mut Desktop, screens: &mut Screens) -> Vec<String> {
    let mut journey = Journey {
        build,
        home: &desktop.home,
        window: Window::new(&desktop.client),
        clock: &mut desktop.clock,
        screens,
        secret: String::new(),
        last_code: String::new(),
        password: PASSWORD.to_owned(),
        kit_words: Vec::new(),
        display: &desktop.display,
        driver_pid: desktop.processes.driver_pid(),
        requested: desktop.requested,
        connected: desktop.connected,
        figures: Vec::new(),
    };
    journey.first_screen().await;
    journey.create_register().await;
    journey.idle_memory().await;
    journey.add_items().await;
    journey.search_ignores_accents().await;
    journey.reports_preview_and_save().await;
    journey.lock_clears_the_window().await;
    journey.cli_reads_the_register();
    journey.unlock_refuses_then_opens().await;
    journey.items_are_back().await;
    journey.make_shares().await;
    journey.export_for_trusted_persons().await;
    journey.emergency_kit_again().await;
    journey.forgot_password().await;
    journey.open_a_received_register().await;
    journey.unlock_with_the_new_password().await;
    journey.switch_to_english().await;
    journey.delete_register().await;
    journey.figures
}

impl Journey<'_> {
    /// The window opens on the (empty) profile list; measures the cold start.
    async fn first_screen(&mut self) {
        let title = self
            .window
            .client()
            .title()
            .await
            .expect("the window title");
        assert!(
            title.starts_with("Levensregister"),
            "the window title is {title:?}"
        );
        let first = self
            .window
            .client()
            .wait()
            .at_most(Duration::from_secs(15))
            .every(Duration::from_millis(20))
            .for_element(Locator::Css(&testid("new-register")))
            .await;
        let shown = Instant::now();
        if first.is_err() {
            panic!(
                "the app shows no profile screen ([data-testid=\"new-register\"]); was the UI \
                 built (`npm run build --prefix ui`) before the app binary? {}; the page says: {:?}",
                self.window.failure_screenshot().await,
                self.window.visible_text().await
            );
        }
        self.figures.push(format!(
            "cold start: {} ms from the session request (app launch) to the first screen, \
             {} ms after the session was up",
            (shown - self.requested).as_millis(),
            (shown - self.connected).as_millis()
        ));
        assert!(
            self.window.all("profile").await.is_empty(),
            "a fresh machine lists no registers"
        );
        self.screens
            .check(self.window.client(), "profiles-empty")
            .await;
        self.language_before_any_register().await;
    }

    /// Before any register exists, the other language is one click away, named in
    /// itself; the choice is remembered. Back to Dutch for the rest of the journey.
    async fn language_before_any_register(&mut self) {
        let dutch = self.window.text("new-register").await;
        assert_eq!(self.window.text("language-switch").await.trim(), "English");
        self.window.click("language-switch").await;
        let english = self.window.wait_text_change("new-register", &dutch).await;
        assert_eq!(
            self.window.text("language-switch").await.trim(),
            "Nederlands"
        );
        self.screens
            .check(self.window.client(), "profiles-english")
            .await;
        // Saved in the background after the switch: wait for it (at most 5 s).
        let settings = self.home.path("config/settings.json");
        let deadline = Instant::now() + Duration::from_secs(5);
        let saved = loop {
            let saved = std::fs::read_to_string(&settings).unwrap_or_default();
            if saved.contains("\"en\"") || Instant::now() > deadline {
                break saved;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(saved.contains("\"en\""), "settings.json is {saved:?}");
        self.window.click("language-switch").await;
        let back = self.window.wait_text_change("new-register", &english).await;
        assert_eq!(back, dutch, "the button reads {english:?} in English");
    }

    /// The wizard: name, password twice, the Secret Key once, the authenticator; the
    /// first code from oathtool opens the overview with its 14 sections.
    async fn create_register(&mut self) {
        let client = self.window.client();
        self.window.click("new-register").await;
        self.window.fill("wizard-name", NAME).await;
        self.screens.check(client, "wizard-name").await;
        if !self.window.has("wizard-password").await {
            self.window.click("wizard-next").await;
        }
        let empty_meter = self.window.text("strength-meter").await;
        self.window.fill("wizard-password", PASSWORD).await;
        self.window.fill("wizard-password-again", PASSWORD).await;
        // The live meter rates the password as it is typed.
        self.window
            .wait_text_change("strength-meter", &empty_meter)
            .await;
        self.screens.check(client, "wizard-password").await;
        self.window.click("wizard-next").await;

        let secret_key = self.window.text("secret-key").await;
        assert!(
            secret_key.trim().len() >= 20,
            "the Secret Key shown is {secret_key:?}"
        );
        self.screens.check(client, "wizard-secret-key").await;
        self.window.click("written-down").await;
        if !self.window.has("totp-secret").await {
            self.window.click("wizard-next").await;
        }
        let shown = self.window.text("totp-secret").await;
        self.secret = compact_secret(&shown);
        self.window.find("totp-qr").await;
        self.screens
            .check_at(client, "wizard-authenticator", "totp-qr")
            .await;

        if !self.window.has("enrol-code").await {
            self.window.click("wizard-next").await;
        }
        let code = self.clock.fresh_code(&self.secret);
        self.window.fill("enrol-code", &code).await;
        self.window.click("enrol-confirm").await;
        self.last_code = code;
        self.emergency_kit_in_the_wizard(secret_key.trim()).await;
        self.window.wait_count("section-card", 14).await;
        self.screens.check(client, "overview").await;

        let source = self.window.source().await;
        assert!(
            !source.contains(secret_key.trim()) && !source.contains(shown.trim()),
            "the Secret Key or the authenticator secret is still in the page after the wizard"
        );
        assert!(
            self.home.registers().join(FOLDER).is_dir(),
            "the app made no register folder {FOLDER}"
        );
    }

    /// Resident memory of the app and its web processes after 2 s without input.
    async fn idle_memory(&mut self) {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let memory = AppMemory::measure(self.driver_pid);
        self.figures.push(memory.report());
    }

    /// Goes back to the overview and waits for its cards.
    pub async fn back_to_overview(&self) {
        self.window.click("overview-button").await;
        self.window.wait_count("section-card", 14).await;
    }

    /// Opens a section from the overview.
    pub async fn open_section(&self, section: &str) {
        let card = format!("[data-testid=\"section-card\"][data-section=\"{section}\"]");
        self.window
            .find_css(&card)
            .await
            .click()
            .await
            .expect("clicking a section card");
        self.window.find("section-title").await;
    }
}
