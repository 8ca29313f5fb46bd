//! End-to-end test of the desktop app: the real binary in its real webview (WebKitGTK),
//! driven through `tauri-driver` and WebKitWebDriver under Xvfb, with authenticator
//! codes from `oathtool` and a fake clock the app reads from a file.
//!
//! Needs Xvfb, WebKitWebDriver (`webkit2gtk-driver`), `oathtool`, `tauri-driver` 2
//! (`cargo install --locked tauri-driver --version ^2`), `xdotool` (types into the
//! native file dialogs), `pdftotext` and `pdftoppm`, `tar`, the UI built into
//! `ui/dist` before the app, and `ui/node_modules/axe-core`. Screenshots land in
//! `artifacts/screenshots/`, driver logs in `artifacts/e2e-logs/`.

mod authenticator;
mod cli;
mod dialogs;
mod harness;
mod items;
mod journey;
mod processes;
mod received;
mod reports;
mod screens;
mod settings;
mod trusted;
mod unlock;
mod window;

use std::time::{Duration, Instant};

use harness::{Build, Desktop};
use screens::Screens;

/// The whole journey takes about 65 s (debug build); a hung step fails after this.
const JOURNEY_LIMIT: Duration = Duration::from_secs(180);

/// Create (with the Emergency Kit), fill, search, make and save a report, lock, unlock,
/// make shares for trusted persons and their export, recover a forgotten password with
/// the kit, open the export as a trusted person with photos of two share sheets, switch
/// language and delete a register, with the CLI reading what the app wrote; axe-core
/// on every screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_register_from_creation_to_deletion_in_the_real_window() {
    let started = Instant::now();
    let build = Build::locate();
    let mut screens = Screens::new(&build.repo);
    let mut desktop = Desktop::start(&build).await;
    // A WebDriver command that never answers must fail the test, not hang CI; on
    // failure `desktop` is dropped, which stops the app, the driver and the display.
    let walk = journey::walk(&build, &mut desktop, &mut screens);
    let figures = tokio::time::timeout(JOURNEY_LIMIT, walk)
        .await
        .unwrap_or_else(|_| {
            panic!(
                "the journey did not finish within {JOURNEY_LIMIT:?}; see the screenshots in \
                 artifacts/screenshots/ and the driver log in artifacts/e2e-logs/"
            )
        });
    desktop.stop().await;

    for figure in &figures {
        println!("{figure}");
    }
    println!(
        "screenshots in artifacts/screenshots/: {}",
        screens.taken().join(", ")
    );
    println!(
        "axe: no serious or critical violations on {} screens; {} minor or moderate",
        screens.taken().len(),
        screens.minor().len()
    );
    println!("journey took {:.1} s", started.elapsed().as_secs_f64());
}
