//! The Levensregister desktop app: builds the Tauri app and registers its commands.
//!
//! This crate is a thin shell. State is one [`levensregister_core::App`] behind a
//! mutex ([`state`]); each command in [`commands`] takes the state, calls one use case
//! and maps errors to `{code, message}` ([`error`]). All behaviour lives in the UI-free
//! crates and is tested there.

pub mod commands;
pub mod error;
pub mod state;
pub mod transport;

use tauri::Manager;

/// Runs the app until its window closes.
pub fn run() {
    let result = tauri::Builder::default()
        // Both plugins are used from Rust only; no capability grants the webview their
        // commands, and the opener injects no link-click script.
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        .setup(|app| {
            app.manage(state::Desktop::from_environment());
            state::watch_idle(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::profiles::app_status,
            commands::profiles::list_profiles,
            commands::profiles::rate_password,
            commands::profiles::create_register,
            commands::profiles::confirm_enrolment,
            commands::profiles::unlock_password,
            commands::profiles::unlock_code,
            commands::profiles::lock,
            commands::profiles::activity,
            commands::register::catalogue,
            commands::register::overview,
            commands::register::list_items,
            commands::register::get_item,
            commands::register::add_item,
            commands::register::edit_item,
            commands::register::remove_item,
            commands::register::search,
            commands::register::mark_reviewed,
            commands::register::check_value,
            commands::reports::preview_report,
            commands::reports::save_report,
            commands::reports::open_saved_report,
            commands::settings::get_settings,
            commands::settings::set_settings,
            commands::settings::show_authenticator,
            commands::settings::change_password,
            commands::settings::delete_register,
            commands::trusted::emergency_kit,
            commands::trusted::open_emergency_kit,
            commands::trusted::close_emergency_kit,
            commands::trusted::save_emergency_kit,
            commands::trusted::trusted_overview,
            commands::trusted::create_share_set,
            commands::trusted::export_for_trusted,
            commands::trusted::recover,
            commands::received::choose_received_file,
            commands::received::choose_share_images,
            commands::received::forget_share_images,
            commands::received::open_received,
            commands::received::received_items,
            commands::received::save_received_report,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(error) = result {
        eprintln!("levensregister-desktop: {error}");
        std::process::exit(1);
    }
}
