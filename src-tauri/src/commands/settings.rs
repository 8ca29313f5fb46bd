//! Settings and the sensitive actions that need password and a fresh code.

use levensregister_core::{AuthenticatorView, Settings};
use secrecy::SecretString;
use tauri::State;

use crate::error::CommandResult;
use crate::state::Desktop;

/// Language and auto-lock time.
#[tauri::command]
pub fn get_settings(state: State<'_, Desktop>) -> Settings {
    state.app().settings()
}

/// Saves language and auto-lock time.
#[tauri::command]
pub fn set_settings(state: State<'_, Desktop>, settings: Settings) -> CommandResult<()> {
    state.run(|app| app.set_settings(settings))
}

/// The authenticator QR again (a second phone), after password and a fresh code.
#[tauri::command]
pub fn show_authenticator(
    state: State<'_, Desktop>,
    password: SecretString,
    code: String,
) -> CommandResult<AuthenticatorView> {
    state.run(|app| app.show_authenticator(&password, &code))
}

/// A new password, after the current one and a fresh code.
#[tauri::command]
pub fn change_password(
    state: State<'_, Desktop>,
    password: SecretString,
    code: String,
    new_password: SecretString,
) -> CommandResult<()> {
    state.run(|app| app.change_password(&password, &code, &new_password))
}

/// Deletes the open register, after password and a fresh code.
#[tauri::command]
pub fn delete_register(
    state: State<'_, Desktop>,
    password: SecretString,
    code: String,
) -> CommandResult<()> {
    state.run(|app| app.delete_register(&password, &code))
}
