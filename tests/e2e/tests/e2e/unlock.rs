//! Locking clears every view of register data; unlocking refuses a wrong password and
//! a replayed code, and opens with the password and a fresh code.

use crate::authenticator::totp;
use crate::journey::{Journey, NAME, PASSWORD};

/// Register data that must leave the DOM when the register locks.
const PRIVATE: [&str; 4] = ["Anna de Vries", "ASN Bank", "Muziek", "ABNA"];

impl Journey<'_> {
    /// Lock (from the Reports screen) → the profile list, with nothing of the register
    /// left in the page, the report preview included.
    pub async fn lock_clears_the_window(&mut self) {
        self.window.click("lock-button").await;
        let profiles = self.window.wait_count("profile", 1).await;
        let label = profiles[0].text().await.expect("profile text");
        assert!(label.contains(NAME), "the profile button says {label:?}");
        let source = self.window.source().await;
        assert!(
            !self.window.has("report-preview").await && !source.contains("data:image/png"),
            "after locking, the page still holds the report preview"
        );
        for private in PRIVATE {
            assert!(
                !source.contains(private),
                "after locking, the page still holds {private:?}"
            );
        }
        self.screens
            .check(self.window.client(), "profiles-locked")
            .await;
    }

    /// Wrong password, then the right one; the code of the step already used, then a
    /// fresh one; the overview again.
    pub async fn unlock_refuses_then_opens(&mut self) {
        let client = self.window.client();
        self.window.click("profile").await;
        self.window.find("unlock-password").await;
        self.screens.check(client, "unlock-password").await;

        self.window
            .fill("unlock-password", "Tulpen-Bollen-1988!")
            .await;
        self.window.click("unlock-submit").await;
        let wrong_password = self.window.text("error-message").await;
        assert!(
            !wrong_password.trim().is_empty(),
            "the wrong-password message is empty"
        );
        assert!(
            !self.window.has("unlock-code").await,
            "a wrong password led to the code step"
        );
        self.screens.check(client, "unlock-wrong-password").await;

        self.window.fill("unlock-password", PASSWORD).await;
        self.window.click("unlock-submit").await;
        self.window.find("unlock-code").await;
        self.window.wait_gone("error-message").await;
        self.screens.check(client, "unlock-code").await;

        // The previous step's code was used (by the CLI): within the clock skew, but
        // refused as a replay.
        let previous = self.clock.now();
        let fresh_time = self.clock.next_step();
        let replayed = totp(&self.secret, previous);
        assert_eq!(replayed, self.last_code, "the last accepted code");
        self.window.fill("unlock-code", &replayed).await;
        self.window.click("unlock-code-submit").await;
        let replay = self.window.text("error-message").await;
        assert!(
            !replay.trim().is_empty(),
            "the replayed-code message is empty"
        );
        assert!(
            !self.window.has("section-card").await,
            "a replayed code opened the register"
        );
        self.screens.check(client, "unlock-code-replayed").await;

        let fresh = totp(&self.secret, fresh_time);
        self.window.fill("unlock-code", &fresh).await;
        self.window.click("unlock-code-submit").await;
        self.last_code = fresh;
        self.window.wait_count("section-card", 14).await;
        println!("refused: wrong password {wrong_password:?}; replayed code {replay:?}");
    }
}
