//! Each screen of the journey, kept for a person to look at and checked by axe-core.
//!
//! Screenshots go to `artifacts/screenshots/NN-name.png` (the README names the
//! folder; CI keeps it). axe-core runs inside the real webview; serious and critical
//! violations fail the test, the others are printed.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::Client;
use serde_json::Value;

use crate::window::testid;

/// What axe found on one screen.
struct Violation {
    id: String,
    impact: String,
    help: String,
    targets: Vec<String>,
}

/// The screens seen so far.
pub struct Screens {
    dir: PathBuf,
    axe_source: String,
    taken: Vec<String>,
    minor: Vec<String>,
}

impl Screens {
    /// Empties the screenshot folder and loads axe-core from `ui/node_modules`.
    pub fn new(repo: &std::path::Path) -> Screens {
        let dir = repo.join("artifacts/screenshots");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("emptying artifacts/screenshots");
        }
        std::fs::create_dir_all(&dir).expect("creating artifacts/screenshots");
        let axe = repo.join("ui/node_modules/axe-core/axe.min.js");
        let axe_source = std::fs::read_to_string(&axe)
            .unwrap_or_else(|e| panic!("{}: {e} (run `npm ci --prefix ui`)", axe.display()));
        Screens {
            dir,
            axe_source,
            taken: Vec::new(),
            minor: Vec::new(),
        }
    }

    /// Saves a screenshot as the next `NN-name.png`.
    pub async fn capture(&mut self, client: &Client, name: &str) {
        // Let transitions and fonts settle; the caller has already waited for the screen.
        tokio::time::sleep(Duration::from_millis(250)).await;
        let png = client.screenshot().await.expect("a screenshot");
        let file = format!("{:02}-{name}.png", self.taken.len() + 1);
        std::fs::write(self.dir.join(&file), png).expect("writing a screenshot");
        self.taken.push(file);
    }

    /// A screenshot, then axe-core on the same screen.
    pub async fn check(&mut self, client: &Client, name: &str) {
        self.capture(client, name).await;
        self.audit(client, name).await;
    }

    /// As [`Screens::check`], with the element of this test id scrolled into the middle
    /// of the window first (a screenshot shows only the window, not the whole page).
    pub async fn check_at(&mut self, client: &Client, name: &str, subject: &str) {
        client
            .execute(
                "const el = document.querySelector(arguments[0]); \
                 if (el) el.scrollIntoView({ block: 'center' });",
                vec![testid(subject).into()],
            )
            .await
            .expect("scrolling to the subject of a screenshot");
        self.check(client, name).await;
    }

    /// Runs axe-core; fails on serious or critical violations.
    pub async fn audit(&mut self, client: &Client, name: &str) {
        let violations = self.run_axe(client).await;
        let mut blocking = Vec::new();
        for violation in violations {
            let line = format!(
                "{name}: [{}] {} — {} at {}",
                violation.impact,
                violation.id,
                violation.help,
                violation.targets.join(", ")
            );
            if matches!(violation.impact.as_str(), "serious" | "critical") {
                blocking.push(line);
            } else {
                println!("axe (not blocking) {line}");
                self.minor.push(line);
            }
        }
        assert!(
            blocking.is_empty(),
            "axe-core found serious or critical accessibility violations:\n{}",
            blocking.join("\n")
        );
        println!("axe: {name}: no serious or critical violations");
    }

    async fn run_axe(&self, client: &Client) -> Vec<Violation> {
        let loaded = client
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await
            .expect("checking for axe");
        if loaded != Value::Bool(true) {
            client
                .execute(&self.axe_source, vec![])
                .await
                .expect("injecting axe-core into the webview");
        }
        let result = client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(JSON.stringify(r.violations.map(v => ({
                       id: v.id, impact: v.impact || 'unknown', help: v.help,
                       targets: v.nodes.map(n => n.target.join(' ')) })))))
                   .catch(e => done('axe failed: ' + e));",
                vec![],
            )
            .await
            .expect("running axe-core");
        let text = result.as_str().unwrap_or_default();
        let parsed: Value = serde_json::from_str(text)
            .unwrap_or_else(|_| panic!("axe-core did not run in the webview: {result}"));
        parsed
            .as_array()
            .expect("a list of violations")
            .iter()
            .map(|v| Violation {
                id: string(&v["id"]),
                impact: string(&v["impact"]),
                help: string(&v["help"]),
                targets: v["targets"]
                    .as_array()
                    .map(|t| t.iter().map(string).collect())
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// The screenshots taken, in order.
    pub fn taken(&self) -> &[String] {
        &self.taken
    }

    /// The minor and moderate violations seen on all screens.
    pub fn minor(&self) -> &[String] {
        &self.minor
    }
}

fn string(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}
