//! The UI's TypeScript types (`ui/src/bindings/`) are generated from the Rust types the
//! commands send and receive (ts-rs). This test fails when they drift; run
//! `LEVENSREGISTER_UPDATE_BINDINGS=1 cargo test -p levensregister-desktop --test bindings`
//! (or `make bindings`) to write them anew.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use levensregister_core as core;
use levensregister_desktop::{error, transport};
use ts_rs::{Config, TS};

fn export_all(dir: &Path) {
    let cfg = Config::new().with_out_dir(dir);
    transport::AppStatus::export_all(&cfg).unwrap();
    transport::SavedItem::export_all(&cfg).unwrap();
    transport::PasswordRating::export_all(&cfg).unwrap();
    transport::ReportOptions::export_all(&cfg).unwrap();
    transport::ReportPreview::export_all(&cfg).unwrap();
    transport::SavedReport::export_all(&cfg).unwrap();
    transport::SharesMade::export_all(&cfg).unwrap();
    transport::TrustedExportMade::export_all(&cfg).unwrap();
    error::CommandError::export_all(&cfg).unwrap();
    core::ProfileSummary::export_all(&cfg).unwrap();
    core::EnrolmentView::export_all(&cfg).unwrap();
    core::AuthenticatorView::export_all(&cfg).unwrap();
    core::Overview::export_all(&cfg).unwrap();
    core::Catalogue::export_all(&cfg).unwrap();
    core::NewItem::export_all(&cfg).unwrap();
    core::ItemChange::export_all(&cfg).unwrap();
    core::CheckedValue::export_all(&cfg).unwrap();
    core::Settings::export_all(&cfg).unwrap();
    core::EmergencyKitView::export_all(&cfg).unwrap();
    core::TrustedOverview::export_all(&cfg).unwrap();
    core::ReceivedFileView::export_all(&cfg).unwrap();
    core::ReceivedView::export_all(&cfg).unwrap();
    core::RecoveredView::export_all(&cfg).unwrap();
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings")
}

#[test]
fn typescript_bindings_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let generated = read_dir(fresh.path());
    assert!(
        generated.len() > 10,
        "expected the bindings of every transport type"
    );
    if std::env::var("LEVENSREGISTER_UPDATE_BINDINGS").is_ok_and(|v| v == "1") {
        let _ = std::fs::remove_dir_all(committed_dir());
        std::fs::create_dir_all(committed_dir()).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed_dir().join(name), text).unwrap();
        }
    }
    let committed = read_dir(&committed_dir());
    let names = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&generated),
        "ui/src/bindings has other files than generated"
    );
    for (name, text) in &generated {
        assert_eq!(
            &committed[name], text,
            "ui/src/bindings/{name} is out of date"
        );
    }
}
