//! Profiles, creating a register, unlocking and locking.

use levensregister_core::{EnrolmentView, ProfileSummary, rate_password as rate};
use secrecy::SecretString;
use tauri::State;

use crate::error::CommandResult;
use crate::state::Desktop;
use crate::transport::{AppStatus, PasswordRating};

/// Whether a register is open, and the language.
#[tauri::command]
pub fn app_status(state: State<'_, Desktop>) -> AppStatus {
    let app = state.app();
    AppStatus {
        open: app.is_open(),
        lang: app.lang(),
    }
}

/// The registers on this machine.
#[tauri::command]
pub fn list_profiles(state: State<'_, Desktop>) -> Vec<ProfileSummary> {
    state.app().profiles()
}

/// The live strength meter for a new password.
#[tauri::command]
pub fn rate_password(
    state: State<'_, Desktop>,
    password: SecretString,
    name: String,
) -> PasswordRating {
    PasswordRating::new(
        rate(&password, &[&name, "levensregister"]),
        state.app().lang(),
    )
}

/// Creates a register; returns what must be shown once (Secret Key, authenticator).
#[tauri::command]
pub fn create_register(
    state: State<'_, Desktop>,
    name: String,
    password: SecretString,
) -> CommandResult<EnrolmentView> {
    state.run(|app| app.create(&name, &password))
}

/// The authenticator's first code completes enrolment and opens the register.
#[tauri::command]
pub fn confirm_enrolment(state: State<'_, Desktop>, code: String) -> CommandResult<()> {
    state.run(|app| app.confirm_enrolment(&code))
}

/// Unlock, step 1: the password (and, on a new machine, the Secret Key from the Emergency Kit).
#[tauri::command]
pub fn unlock_password(
    state: State<'_, Desktop>,
    profile_id: String,
    password: SecretString,
    secret_key: Option<SecretString>,
) -> CommandResult<()> {
    state.run(|app| app.unlock_password(&profile_id, &password, secret_key.as_ref()))
}

/// Unlock, step 2: a fresh code.
#[tauri::command]
pub fn unlock_code(state: State<'_, Desktop>, code: String) -> CommandResult<()> {
    state.run(|app| app.unlock_code(&code))
}

/// Locks now: keys and caches are dropped.
#[tauri::command]
pub fn lock(state: State<'_, Desktop>) {
    state.lock();
}

/// The user did something: the auto-lock starts counting again.
#[tauri::command]
pub fn activity(state: State<'_, Desktop>) {
    state.app().touch();
}
