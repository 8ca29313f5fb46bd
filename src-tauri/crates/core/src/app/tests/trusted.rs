//! The trusted-persons use cases as the app calls them.

use secrecy::SecretString;

use super::{PASSWORD, app, code_at, password};
use crate::app::EmergencyKitView;
use crate::model::{NewItem, Visibility};
use crate::reports::VisibilityFilter;

fn person(name: &str) -> NewItem {
    NewItem {
        section: "trusted_persons".into(),
        item_type: "person".into(),
        fields: [("name".to_string(), name.to_string())].into(),
        visibility: Visibility::Incapacity,
    }
}

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_string())
}

#[test]
fn kit_shares_export_received_and_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    let view = app.create("Oma Riet", &password(PASSWORD)).unwrap();
    let totp = view.authenticator.secret_grouped.clone();
    app.confirm_enrolment(&code_at(&totp, 0)).unwrap();

    // The wizard shows the kit once; later it needs password and a fresh code.
    let kit = EmergencyKitView::new(&app.emergency_kit().unwrap());
    assert_eq!(kit.words.len(), 20);
    assert_eq!(kit.secret_key, view.secret_key);
    app.close_emergency_kit();
    assert_eq!(app.emergency_kit().unwrap_err().code(), "locked");
    let replayed = app.open_emergency_kit(&password(PASSWORD), &code_at(&totp, 0));
    assert_eq!(replayed.unwrap_err().code(), "code_reused");
    let again = app
        .open_emergency_kit(&password(PASSWORD), &code_at(&totp, 1))
        .unwrap();
    assert_eq!(again.words.as_str(), kit.words.join(" "));
    app.lock();
    assert_eq!(app.emergency_kit().unwrap_err().code(), "locked");
    let id = app.profiles()[0].id.clone();
    app.unlock_password(&id, &password(PASSWORD), None).unwrap();
    app.unlock_code(&code_at(&totp, 2)).unwrap();

    for name in ["Jan", "Piet", "Els"] {
        app.session().unwrap().add_item(&person(name)).unwrap();
    }
    let overview = app.trusted_overview().unwrap();
    assert_eq!(
        overview.persons,
        ["Jan", "Piet", "Els"],
        "in register order"
    );
    assert!(overview.share_set.is_none());
    let holders = ["Jan", "Piet", "Els"].map(String::from).to_vec();
    let wrong = app.confirm_sensitive(&password("Verkeerd-1987!"), &code_at(&totp, 3));
    assert_eq!(wrong.unwrap_err().code(), "wrong_password");
    let confirmed = app
        .confirm_sensitive(&password(PASSWORD), &code_at(&totp, 4))
        .unwrap();
    let prepared = app.prepare_share_set(&confirmed, &holders, 2).unwrap();
    assert!(
        app.trusted_overview().unwrap().share_set.is_none(),
        "nothing changes before the sheets are written"
    );
    app.commit_share_set(&confirmed, &prepared).unwrap();
    let set = prepared.set;
    assert_eq!(
        app.trusted_overview().unwrap().share_set.unwrap().set_id,
        set.set_id
    );
    let file = dir.path().join("export.tar");
    let summary = app
        .export_for_trusted(&confirmed, VisibilityFilter::Incapacity, &file)
        .unwrap();
    assert_eq!(summary.items, 3);

    // Someone else opens it: the own register locks, one share is not enough.
    let about = crate::App::received_file(&file).unwrap();
    assert_eq!(
        (about.register.as_str(), about.threshold, about.count),
        ("Oma Riet", 2, 3)
    );
    let one = [secret(&set.shares[0].words)];
    assert_eq!(
        app.open_received(&file, &one, &[]).unwrap_err().code(),
        "too_few_shares"
    );
    assert!(!app.is_open());
    let two = [secret(&set.shares[0].words), secret(&set.shares[2].words)];
    let received = app.open_received(&file, &two, &[]).unwrap();
    assert_eq!(received.items, 3);
    assert_eq!(app.received().unwrap().items(None).unwrap().len(), 3);
    app.lock();
    assert_eq!(app.received().unwrap_err().code(), "locked");
    let stale = app.export_for_trusted(&confirmed, VisibilityFilter::Death, &file);
    assert_eq!(
        stale.unwrap_err().code(),
        "locked",
        "a confirmation dies with the lock"
    );

    // Forgot password: the kit's words open it with a new password.
    let id = app.profiles()[0].id.clone();
    let words = [secret(&kit.words.join(" "))];
    let recovered = app
        .recover(&id, &words, &password("Nieuwe-Tulpen-2027!"), false)
        .unwrap();
    assert!(recovered.authenticator.is_none() && recovered.secret_key.is_none());
    assert!(app.is_open());
    app.lock();
    let old = app.unlock_password(&id, &password(PASSWORD), None);
    assert_eq!(old.unwrap_err().code(), "wrong_password");
    // With a new authenticator, its first code opens the register.
    let recovered = app
        .recover(&id, &two, &password("Derde-Tulpen-2028!"), true)
        .unwrap();
    let fresh = recovered.authenticator.unwrap().secret_grouped;
    assert!(!app.is_open());
    app.confirm_enrolment(&code_at(&fresh, 6)).unwrap();
    assert_eq!(app.session().unwrap().items(None).unwrap().len(), 3);
}
