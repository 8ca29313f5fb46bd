//! The `levensregister-desktop` binary: starts the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    levensregister_desktop::run();
}
