//! The Reports screen: the full report's page 1 previewed in Dutch and again in
//! English, saved through the real GTK save dialog (typed into with xdotool, as a
//! person would), checked with `pdftotext`, and opened in the "system viewer" (the
//! stand-in `xdg-open` of the harness). Locking afterwards must drop the preview.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::dialogs::{self, Dialog};
use crate::items::{IBAN_SHOWN, MUSIC};
use crate::journey::Journey;

/// How long making one preview may take (a debug build compiles Typst unoptimised).
const COMPILE: Duration = Duration::from_secs(30);
/// The save dialog's title while the app speaks Dutch (set by the app).
const DIALOG_TITLE: &str = "PDF opslaan";
/// The PNG signature.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

impl Journey<'_> {
    /// Overview → Reports: the full report previewed, re-rendered in English, saved,
    /// opened. Ends on the Reports screen with the preview shown.
    pub async fn reports_preview_and_save(&mut self) {
        let client = self.window.client();
        let started = Instant::now();
        self.window.click("nav-reports").await;
        self.window.wait_count("report-warning", 1).await;
        for id in [
            "full",
            "emergency",
            "section",
            "contacts",
            "financial",
            "funeral",
            "access-sheet",
        ] {
            self.window.find(&format!("report-{id}")).await;
        }
        self.window.click("report-full").await;
        let dutch = self.wait_preview(None).await;
        let first = started.elapsed();
        self.preview_is_drawn().await;
        let pages = self.window.text("report-pages").await;
        assert!(
            pages.chars().any(|c| c.is_ascii_digit() && c != '0'),
            "the page count says {pages:?}"
        );
        self.screens
            .check_at(client, "reports", "report-preview")
            .await;

        let switched = Instant::now();
        self.window.click("report-lang-en").await;
        let english = self.wait_preview(Some(&dutch)).await;
        assert_ne!(english, dutch, "the English page 1 is the Dutch one");

        self.figures.push(format!(
            "report preview (full report, page 1 as PNG, this build): {} ms from opening the \
             screen, {} ms to re-render in English; PNG {} KiB",
            first.as_millis(),
            switched.elapsed().as_millis(),
            english.len() / 1024
        ));

        let target = self.home.path("saved/Volledig register.pdf");
        std::fs::create_dir_all(target.parent().expect("a folder")).expect("the save folder");
        let saving = Instant::now();
        self.window.click("report-save").await;
        dialogs::answer(self.display, DIALOG_TITLE, Dialog::Save, &target).await;
        let saved = self.wait_saved().await;
        self.figures.push(format!(
            "report save: {} ms from \"Save as…\" to the message (dialog typed into)",
            saving.elapsed().as_millis()
        ));
        let folder = target.parent().expect("a folder").display().to_string();
        assert!(
            saved.contains("Volledig register.pdf") && saved.contains(&folder),
            "the saved message says {saved:?}"
        );
        check_pdf(&target);
        self.screens
            .check_at(client, "reports-saved", "report-saved")
            .await;

        self.window.click("report-open").await;
        wait_opened(&self.home.opened(), &target).await;
    }

    /// The webview decodes and paints the image (the CSP lets `data:` images through).
    async fn preview_is_drawn(&self) {
        let drawn = self
            .window
            .client()
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const img = document.querySelector(arguments[0]); \
                 img.decode() \
                   .then(() => requestAnimationFrame(() => requestAnimationFrame(() => \
                       done(img.naturalWidth)))) \
                   .catch((e) => done('not drawn: ' + e));",
                vec![crate::window::testid("report-preview").into()],
            )
            .await
            .expect("asking the webview to draw the preview");
        assert!(
            drawn.as_u64().is_some_and(|width| width > 0),
            "the webview does not draw the preview image: {drawn}; {}",
            self.window.failure_screenshot().await
        );
    }

    /// Waits for the message that the PDF was saved (compiling it comes first).
    async fn wait_saved(&self) -> String {
        let start = Instant::now();
        while !self.window.has("report-saved").await {
            assert!(
                start.elapsed() < COMPILE,
                "no \"saved\" message within {COMPILE:?}; {}; the page says:\n{}",
                self.window.failure_screenshot().await,
                self.window.visible_text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.window.text("report-saved").await
    }

    /// Waits for a preview image other than `before`; returns its PNG bytes.
    async fn wait_preview(&self, before: Option<&[u8]>) -> Vec<u8> {
        let start = Instant::now();
        loop {
            if let Some(png) = self.preview_png().await
                && before.is_none_or(|before| before != png)
            {
                return png;
            }
            assert!(
                start.elapsed() < COMPILE,
                "no {} preview within {COMPILE:?}; {}; the page says:\n{}",
                if before.is_some() { "new" } else { "" },
                self.window.failure_screenshot().await,
                self.window.visible_text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The preview's PNG, when one is shown and not being replaced.
    async fn preview_png(&self) -> Option<Vec<u8>> {
        let image = self.window.all("report-preview").await.into_iter().next()?;
        let class = image.attr("class").await.ok()??;
        if class.split_whitespace().any(|c| c == "stale") {
            return None;
        }
        let src = image.attr("src").await.ok()??;
        let encoded = src
            .strip_prefix("data:image/png;base64,")
            .unwrap_or_else(|| panic!("the preview is not a PNG data URL: {:.60}", src));
        let png = data_encoding::BASE64
            .decode(encoded.as_bytes())
            .expect("the preview's base64");
        assert!(png.starts_with(PNG), "the preview is not a PNG");
        let width = u32::from_be_bytes(png[16..20].try_into().expect("IHDR width"));
        let height = u32::from_be_bytes(png[20..24].try_into().expect("IHDR height"));
        assert!(
            (600..=2400).contains(&width) && height * 10 / width == 14,
            "page 1 is {width} × {height} pixels, not an A4 page at a readable size"
        );
        assert!(png.len() > 20_000, "page 1 is only {} bytes", png.len());
        Some(png)
    }
}

/// The saved file: owner-only, a PDF, in English, with the register's items.
fn check_pdf(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(bytes.starts_with(b"%PDF-"), "the saved file is not a PDF");
    let mode = std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "the PDF's mode is {mode:o}, not 600");
    let output = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (apt install poppler-utils)");
    assert!(output.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&output.stdout);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "ASN Bank",
        IBAN_SHOWN,
        "Anna de Vries",
        MUSIC,
        "Banking and money",
    ] {
        assert!(
            flat.contains(expected),
            "the saved PDF does not say {expected:?}; pdftotext gives:\n{text}"
        );
    }
}

/// Waits until the stand-in viewer was asked to open `target`.
async fn wait_opened(record: &Path, target: &Path) {
    let start = Instant::now();
    loop {
        let opened = std::fs::read_to_string(record).unwrap_or_default();
        if opened.lines().any(|line| Path::new(line) == target) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "\"Open the PDF\" did not open {}; the viewer was asked for {opened:?}",
            target.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
