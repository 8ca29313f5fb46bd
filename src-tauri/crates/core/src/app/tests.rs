//! The app's use cases end to end, without a window.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::time::{Duration, Instant};

use levensregister_vault::{self as vault, Keychain};
use secrecy::SecretString;

use super::App;
use crate::lang::Lang;
use crate::model::{NewItem, Visibility};
use crate::settings::Settings;

const PASSWORD: &str = "Tulpen-Bollen-1987!";

fn password(text: &str) -> SecretString {
    SecretString::from(text.to_string())
}

/// An app in a temp folder, with cheap Argon2 and this thread's clock at `start`.
fn app(dir: &tempfile::TempDir) -> App {
    vault::enable_insecure_test_kdf();
    vault::test_clock::set_for_this_thread(Some(START));
    App::new(
        dir.path().join("registers"),
        dir.path().join("settings.json"),
        Keychain::in_memory().unwrap(),
    )
}

const START: u64 = 1_900_000_000;

/// The code an authenticator would show `steps` time steps after the start.
fn code_at(secret_grouped: &str, steps: u64) -> String {
    let now = START + steps * 30;
    vault::test_clock::set_for_this_thread(Some(now));
    vault::TotpSecret::from_base32(secret_grouped)
        .unwrap()
        .code_at(now)
        .unwrap()
}

fn note(title: &str) -> NewItem {
    NewItem {
        section: "documents".into(),
        item_type: "note".into(),
        fields: [("title".to_string(), title.to_string())].into(),
        visibility: Visibility::Now,
    }
}

#[test]
fn create_confirm_work_lock_and_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    let view = app.create("Oma Riet", &password(PASSWORD)).unwrap();
    assert_eq!(view.secret_key.len(), 34);
    assert!(
        view.authenticator
            .uri
            .starts_with("otpauth://totp/Levensregister:Oma%20Riet?")
    );
    assert!(view.authenticator.qr_svg.contains("<svg"));
    assert!(!app.is_open());
    assert_eq!(app.session().unwrap_err().code(), "locked");

    let secret = view.authenticator.secret_grouped.clone();
    assert_eq!(
        app.confirm_enrolment("000000").unwrap_err().code(),
        "wrong_code"
    );
    app.confirm_enrolment(&code_at(&secret, 0)).unwrap();
    assert!(app.is_open());
    app.session()
        .unwrap()
        .add_item(&note("Map met papieren"))
        .unwrap();
    let overview = app.overview().unwrap();
    assert_eq!(overview.register_name, "Oma Riet");
    assert_eq!(overview.statuses.len(), 14);
    assert_eq!(overview.life_events.len(), 7);

    app.lock();
    assert_eq!(app.overview().unwrap_err().code(), "locked");
    let profiles = app.profiles();
    assert_eq!(profiles.len(), 1);
    assert_eq!(app.unlock_code("123456").unwrap_err().code(), "locked");
    assert_eq!(
        app.unlock_password(&profiles[0].id, &password("Verkeerd-1987!"), None)
            .unwrap_err()
            .code(),
        "wrong_password"
    );
    app.unlock_password(&profiles[0].id, &password(PASSWORD), None)
        .unwrap();
    let replay = code_at(&secret, 0);
    assert_eq!(app.unlock_code(&replay).unwrap_err().code(), "code_reused");
    app.unlock_code(&code_at(&secret, 1)).unwrap();
    assert_eq!(app.session().unwrap().items(None).unwrap().len(), 1);
}

#[test]
fn an_unconfirmed_register_continues_its_enrolment() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    let view = app.create("Jan", &password(PASSWORD)).unwrap();
    app.lock();
    let id = app.profiles()[0].id.clone();
    assert_eq!(
        app.unlock_password(&id, &password(PASSWORD), None)
            .unwrap_err()
            .code(),
        "not_enrolled"
    );
    app.confirm_enrolment(&code_at(&view.authenticator.secret_grouped, 0))
        .unwrap();
    assert!(app.is_open());
}

#[test]
fn auto_lock_after_the_quiet_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    let view = app.create("Jan", &password(PASSWORD)).unwrap();
    app.confirm_enrolment(&code_at(&view.authenticator.secret_grouped, 0))
        .unwrap();
    app.set_settings(Settings {
        lang: Lang::En,
        auto_lock_minutes: 2,
    })
    .unwrap();
    let now = Instant::now();
    assert!(!app.lock_if_idle(now + Duration::from_secs(60)));
    assert!(app.lock_if_idle(now + Duration::from_secs(121)));
    assert!(!app.is_open());
    assert_eq!(app.lang(), Lang::En);
    let reloaded = App::new(
        dir.path().join("registers"),
        dir.path().join("settings.json"),
        Keychain::in_memory().unwrap(),
    );
    assert_eq!(reloaded.settings().auto_lock_minutes, 2);
}

#[test]
fn sensitive_actions_need_password_and_a_fresh_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    let view = app.create("Jan", &password(PASSWORD)).unwrap();
    let secret = view.authenticator.secret_grouped.clone();
    app.confirm_enrolment(&code_at(&secret, 0)).unwrap();

    let wrong = app.show_authenticator(&password("Verkeerd-1987!"), &code_at(&secret, 1));
    assert_eq!(wrong.unwrap_err().code(), "wrong_password");
    let again = app
        .show_authenticator(&password(PASSWORD), &code_at(&secret, 1))
        .unwrap();
    assert_eq!(again.secret_grouped, secret);
    let reused = app.change_password(
        &password(PASSWORD),
        &code_at(&secret, 1),
        &password("Nieuw-Wachtwoord-42!"),
    );
    assert_eq!(reused.unwrap_err().code(), "code_reused");
    app.change_password(
        &password(PASSWORD),
        &code_at(&secret, 2),
        &password("Nieuw-Wachtwoord-42!"),
    )
    .unwrap();

    let register = dir.path().join("registers").join("jan");
    assert!(register.exists());
    app.delete_register(&password("Nieuw-Wachtwoord-42!"), &code_at(&secret, 3))
        .unwrap();
    assert!(!register.exists());
    assert!(app.profiles().is_empty());
    assert!(!app.is_open());
}

mod trusted;
