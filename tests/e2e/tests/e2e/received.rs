//! Issue 5, a trusted person's side: "Open a register I received" from the profile
//! list, without a login. The export is chosen in the GTK open dialog; two share
//! sheets' page 1, rendered to PNG by `pdftoppm` as a scanner would, are loaded one
//! at a time through the image dialog. One share is refused as too few; two open the
//! register read-only, which saves a PDF and closes without a trace in the page.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::dialogs::{self, Dialog};
use crate::items::IBAN_SHOWN;
use crate::journey::{Journey, NAME};
use crate::trusted::{SHEETS, SLOW, pdf_text};

/// The image dialog's title while the app speaks Dutch.
const IMAGES_TITLE: &str = "Foto's of scans van QR-codes kiezen";
/// What the received register holds (the three items of the journey).
const HELD: [&str; 3] = ["ASN Bank", "Anna de Vries", "Muziek"];

impl Journey<'_> {
    /// Lock; from the profiles, open the export with share 1 (refused: too few), then
    /// with shares 1 and 3 (opens); save its full report; close.
    pub async fn open_a_received_register(&mut self) {
        let client = self.window.client();
        self.window.click("lock-button").await;
        self.window.wait_count("profile", 1).await;
        let scans = self.home.path("scans");
        std::fs::create_dir_all(&scans).expect("the scans folder");
        let first = scan(
            &self.home.path("sheets").join(SHEETS[0]),
            &scans.join("qr-1"),
        );
        let third = scan(
            &self.home.path("sheets").join(SHEETS[2]),
            &scans.join("qr-3"),
        );

        self.window.click("open-received").await;
        self.window.find("received-choose-file").await;
        self.screens.check(client, "receive").await;
        self.window.click("received-choose-file").await;
        let export = self.home.path("saved/export.tar");
        dialogs::answer(
            self.display,
            "Het ontvangen bestand kiezen",
            Dialog::Open,
            &export,
        )
        .await;
        let info = self.window.text("received-file-info").await;
        assert!(
            info.contains(NAME) && info.contains("2 van de 3"),
            "the file is described as {info:?}"
        );
        self.window.wait_count("received-share", 2).await;

        self.add_scan(&first, 1).await;
        let started = Instant::now();
        self.window.click("received-open").await;
        let refused = self.wait_error(SLOW).await;
        assert!(
            refused.contains("1 van de 2"),
            "one share of two is refused with {refused:?}"
        );
        self.figures.push(format!(
            "one QR photo read and refused as too few: {} ms",
            started.elapsed().as_millis()
        ));
        self.screens
            .check_at(client, "receive-too-few", "error-message")
            .await;

        self.add_scan(&third, 2).await;
        let started = Instant::now();
        self.window.click("received-open").await;
        let title = self.window.wait_outcome("received-title", SLOW).await;
        self.figures.push(format!(
            "received register opened from two QR photos: {} ms",
            started.elapsed().as_millis()
        ));
        let title = title.text().await.expect("the title");
        assert!(
            title.contains(NAME),
            "the received register is titled {title:?}"
        );
        self.expect_rows(&HELD).await;
        for control in ["edit-item", "remove-item", "add-item", "lock-button"] {
            assert!(
                !self.window.has(control).await,
                "the received register shows {control}"
            );
        }
        self.screens.check_at(client, "received", "item-row").await;

        let target = self.home.path("saved/Ontvangen register.pdf");
        self.window.click("received-save-full").await;
        dialogs::answer(self.display, "PDF opslaan", Dialog::Save, &target).await;
        self.window.wait_outcome("received-saved", SLOW).await;
        let text = pdf_text(&target);
        for expected in HELD.iter().copied().chain([IBAN_SHOWN]) {
            assert!(
                text.contains(expected),
                "the received register's PDF does not say {expected:?}: {text}"
            );
        }

        self.window.click("received-close").await;
        self.window.wait_count("profile", 1).await;
        let source = self.window.source().await;
        for private in HELD.iter().copied().chain(["ABNA"]) {
            assert!(
                !source.contains(private),
                "after closing, the page still holds {private:?}"
            );
        }
    }

    /// Chooses one more photo in the image dialog; `count` are then listed.
    async fn add_scan(&mut self, image: &Path, count: usize) {
        self.window.click("received-images").await;
        dialogs::answer(self.display, IMAGES_TITLE, Dialog::Open, image).await;
        let name = image
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        let listed = self.window.wait_count("received-image", count).await;
        let last = listed[count - 1].text().await.expect("a photo's name");
        assert_eq!(last.trim(), name, "the last photo listed");
    }

    /// Waits for an error message; returns its text.
    async fn wait_error(&self, limit: Duration) -> String {
        let start = Instant::now();
        while !self.window.has("error-message").await {
            assert!(
                start.elapsed() < limit,
                "no error message within {limit:?}; {}; the page says:\n{}",
                self.window.failure_screenshot().await,
                self.window.visible_text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.window.text("error-message").await
    }
}

/// Page 1 of a sheet as a 150 dpi PNG, as a scanner would make it: `<stem>.png`.
fn scan(sheet: &Path, stem: &Path) -> PathBuf {
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(sheet)
        .arg(stem)
        .status()
        .expect("pdftoppm (apt install poppler-utils)");
    assert!(status.success(), "pdftoppm failed on {}", sheet.display());
    let png = stem.with_extension("png");
    assert!(png.is_file(), "pdftoppm made no {}", png.display());
    png
}
