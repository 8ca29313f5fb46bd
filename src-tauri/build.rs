//! Generates the Tauri context from the root `tauri.conf.json` and the permissions of
//! the app's own commands (each command is allowed only through a capability).

const COMMANDS: &[&str] = &[
    "app_status",
    "list_profiles",
    "rate_password",
    "create_register",
    "confirm_enrolment",
    "unlock_password",
    "unlock_code",
    "lock",
    "activity",
    "catalogue",
    "overview",
    "list_items",
    "get_item",
    "add_item",
    "edit_item",
    "remove_item",
    "search",
    "mark_reviewed",
    "check_value",
    "preview_report",
    "save_report",
    "open_saved_report",
    "get_settings",
    "set_settings",
    "show_authenticator",
    "change_password",
    "delete_register",
    "emergency_kit",
    "open_emergency_kit",
    "close_emergency_kit",
    "save_emergency_kit",
    "trusted_overview",
    "create_share_set",
    "export_for_trusted",
    "recover",
    "choose_received_file",
    "choose_share_images",
    "forget_share_images",
    "open_received",
    "received_items",
    "save_received_report",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
