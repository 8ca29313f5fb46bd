//! The native GTK file dialogs the app opens from Rust, answered with xdotool's
//! synthetic keyboard (XTEST) as a person at the keyboard would: a path typed into the
//! name field (save) or the location field (open a file, choose a folder), then Return.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// What the dialog asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    /// "Save as": the name field has the focus and the suggested name selected.
    Save,
    /// Open a file, or choose a folder: the path goes into the location field (ctrl+L).
    Open,
}

/// How long a dialog may take to appear, and to go after its answer.
const DIALOG: Duration = Duration::from_secs(20);

/// Answers the dialog titled `title` with `target`.
pub async fn answer(display: &str, title: &str, dialog: Dialog, target: &Path) {
    let display = display.to_owned();
    let title = title.to_owned();
    let target = target.to_string_lossy().into_owned();
    tokio::task::spawn_blocking(move || {
        let window = xdotool(
            &display,
            &["search", "--sync", "--onlyvisible", "--name", &title],
        );
        let window = window
            .lines()
            .last()
            .unwrap_or_else(|| panic!("no window titled {title:?}"))
            .to_owned();
        xdotool(&display, &["windowfocus", "--sync", &window]);
        match dialog {
            Dialog::Save => xdotool(&display, &["key", "--clearmodifiers", "ctrl+a"]),
            Dialog::Open => xdotool(&display, &["key", "--clearmodifiers", "ctrl+l"]),
        };
        xdotool(&display, &["type", "--delay", "15", &target]);
        // A folder chooser may first go into the typed folder; Return again chooses it.
        let start = Instant::now();
        loop {
            xdotool(&display, &["key", "Return"]);
            let pressed = Instant::now();
            while pressed.elapsed() < Duration::from_millis(1500) {
                if !is_open(&display, &title, &window) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            assert!(
                start.elapsed() < DIALOG,
                "the dialog {title:?} is still open {DIALOG:?} after typing {target:?}"
            );
        }
    })
    .await
    .expect("driving the dialog");
}

/// Whether the dialog `window` titled `title` is still shown.
fn is_open(display: &str, title: &str, window: &str) -> bool {
    Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", title])
        .env("DISPLAY", display)
        .output()
        .is_ok_and(|output| {
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .any(|line| line == window)
        })
}

/// Runs xdotool on `display` (at most 20 s); returns what it printed.
fn xdotool(display: &str, args: &[&str]) -> String {
    let output = Command::new("timeout")
        .arg("20")
        .arg("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("xdotool (apt install xdotool)");
    assert!(
        output.status.success(),
        "xdotool {args:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
