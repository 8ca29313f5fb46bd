//! The owner's trusted-persons screens: the Emergency Kit (in the wizard, and again
//! after password and a fresh code), share sets for trusted persons, the export for
//! them, and "forgot password".
//!
//! The kit's words and Secret Key are the one secret that goes to the webview, while
//! its screen is open. Share words never do: password and code are checked first, then
//! the folder is asked for (a cancelled dialog makes nothing), the set is split and
//! rendered straight into one sheet PDF per holder (0600), and only when every sheet is
//! written does the new set come into force (the old one keeps working until then).
//! The UI learns the set's number, k of n and the file names.

use levensregister_core::{
    EmergencyKitView, RecoveredView, TrustedOverview, Visibility, emergency_kit_data,
    share_sheets_data,
};
use levensregister_report::{Sheet, render_sheet};
use secrecy::SecretString;
use tauri::{AppHandle, Manager, State, WebviewWindow};

use super::{
    ask_save_pdf, blocking, chosen_path, file_dialog, in_documents, render_and_write, run_blocking,
    today,
};
use crate::error::{CommandError, CommandResult};
use crate::state::Desktop;
use crate::transport::{
    SavedReport, SharesMade, TrustedExportMade, emergency_kit_file_name, share_sheet_file_name,
    trusted_export_file_name, visibility_filter,
};

/// The Emergency Kit while its screen is open (right after the first code).
#[tauri::command]
pub fn emergency_kit(state: State<'_, Desktop>) -> CommandResult<EmergencyKitView> {
    state.run(|app| Ok(EmergencyKitView::new(&app.emergency_kit()?)))
}

/// The Emergency Kit again, after password and a fresh code.
#[tauri::command]
pub async fn open_emergency_kit(
    handle: AppHandle,
    password: SecretString,
    code: String,
) -> CommandResult<EmergencyKitView> {
    run_blocking(handle, move |app| {
        Ok(EmergencyKitView::new(
            &app.open_emergency_kit(&password, &code)?,
        ))
    })
    .await
}

/// The kit's screen was left: showing it again needs password and a code.
#[tauri::command]
pub fn close_emergency_kit(state: State<'_, Desktop>) {
    state.app().close_emergency_kit();
}

/// Asks where to save (the native dialog), then writes the kit's PDF there (0600).
/// `None` when the dialog was cancelled.
#[tauri::command]
pub async fn save_emergency_kit(
    window: WebviewWindow,
    state: State<'_, Desktop>,
) -> CommandResult<Option<SavedReport>> {
    let lang = state.app().lang();
    let title = lang.pick("Noodset opslaan", "Save the Emergency Kit");
    let Some(path) =
        ask_save_pdf(&window, lang, title, emergency_kit_file_name(lang, today())).await?
    else {
        return Ok(None);
    };
    // The screen may have been left, or the register locked, while the dialog was open.
    let data = state.run(|app| emergency_kit_data(&app.emergency_kit()?, lang, today()))?;
    render_and_write(lang, &path, move || {
        render_sheet(Sheet::EmergencyKit, &data)
    })
    .await?;
    Ok(Some(SavedReport::new(&path)))
}

/// The current share set and the register's trusted persons.
#[tauri::command]
pub fn trusted_overview(state: State<'_, Desktop>) -> CommandResult<TrustedOverview> {
    state.run(|app| app.trusted_overview())
}

/// After password and a fresh code, asks for a folder (the native dialog), then makes a
/// new share set and writes one sheet per holder into the folder; the previous set stops
/// working once every sheet is written. `None` when the dialog was cancelled: then
/// nothing changes.
#[tauri::command]
pub async fn create_share_set(
    window: WebviewWindow,
    state: State<'_, Desktop>,
    password: SecretString,
    code: String,
    holders: Vec<String>,
    threshold: u8,
    name_others: bool,
) -> CommandResult<Option<SharesMade>> {
    let lang = state.app().lang();
    let handle = window.app_handle().clone();
    let confirmed = run_blocking(handle.clone(), move |app| {
        app.confirm_sensitive(&password, &code)
    })
    .await?;
    let dialog = file_dialog(
        &window,
        lang.pick(
            "Map kiezen voor de bladen",
            "Choose a folder for the sheets",
        ),
    )
    .set_can_create_directories(true);
    let dialog = in_documents(dialog, &window);
    let Some(chosen) = blocking(lang, move || dialog.blocking_pick_folder()).await? else {
        return Ok(None);
    };
    let folder = chosen_path(chosen, lang)?;
    let made = run_blocking(handle, move |app| {
        let prepared = app.prepare_share_set(&confirmed, &holders, threshold)?;
        let profile = app.session()?.vault().profile().clone();
        let set = &prepared.set;
        let sheets =
            share_sheets_data(set, &profile.name, &profile.id, name_others, lang, today())?;
        let files: Vec<String> = set
            .shares
            .iter()
            .map(|share| share_sheet_file_name(share.number, &share.holder))
            .collect();
        let written = match write_sheets(&folder, &files, &sheets, lang) {
            Ok(written) => written,
            Err(failure) => return Ok(Err(failure)),
        };
        if let Err(error) = app.commit_share_set(&confirmed, &prepared) {
            // Sheets of a set that never came into force would only confuse; when that
            // is decided at the next open, they are kept.
            if !error.is_unsettled() {
                remove_files(&written);
            }
            return Err(error);
        }
        Ok(Ok(SharesMade::new(set, &folder, files)))
    })
    .await??;
    Ok(Some(made))
}

/// Renders every sheet, then writes them; on any failure the ones written are removed
/// (sheets of a set that never came into force would only confuse).
fn write_sheets(
    folder: &std::path::Path,
    files: &[String],
    sheets: &[serde_json::Value],
    lang: levensregister_core::Lang,
) -> CommandResult<Vec<std::path::PathBuf>> {
    let mut pdfs = Vec::with_capacity(sheets.len());
    for data in sheets {
        let pdf =
            render_sheet(Sheet::ShareSheet, data).map_err(|e| CommandError::report(&e, lang))?;
        pdfs.push(zeroize::Zeroizing::new(pdf));
    }
    let mut written = Vec::new();
    for (name, pdf) in files.iter().zip(&pdfs) {
        let path = folder.join(name);
        if let Err(error) = levensregister_core::vault::write_private_file(&path, pdf) {
            remove_files(&written);
            return Err(CommandError::write(&error, lang));
        }
        written.push(path);
    }
    Ok(written)
}

/// Removes sheets of a share set that did not come into force (best effort).
fn remove_files(paths: &[std::path::PathBuf]) {
    for path in paths {
        let _ = std::fs::remove_file(path);
    }
}

/// After password and a fresh code, asks where to save (the native dialog) and writes
/// the encrypted export for trusted persons there. `None` when cancelled.
#[tauri::command]
pub async fn export_for_trusted(
    window: WebviewWindow,
    state: State<'_, Desktop>,
    password: SecretString,
    code: String,
    visibility: Visibility,
) -> CommandResult<Option<TrustedExportMade>> {
    let lang = state.app().lang();
    let handle = window.app_handle().clone();
    let confirmed = run_blocking(handle.clone(), move |app| {
        app.confirm_sensitive(&password, &code)
    })
    .await?;
    let dialog = file_dialog(&window, lang.pick("Export opslaan", "Save the export"))
        .add_filter("Export (tar)", &["tar"])
        .set_file_name(trusted_export_file_name(lang, today()));
    let Some(chosen) = blocking(lang, move || dialog.blocking_save_file()).await? else {
        return Ok(None);
    };
    let path = chosen_path(chosen, lang)?;
    let filter = visibility_filter(visibility);
    let out = path.clone();
    let summary = run_blocking(handle, move |app| {
        app.export_for_trusted(&confirmed, filter, &out)
    })
    .await?;
    Ok(Some(TrustedExportMade::new(&summary, &path)))
}

/// "Forgot password": the kit's phrase or enough shares set a new password. Without a
/// new authenticator the register is open afterwards; with one, its QR comes back and
/// the first code goes to `confirm_enrolment`.
#[tauri::command]
pub async fn recover(
    handle: AppHandle,
    profile_id: String,
    shares: Vec<SecretString>,
    new_password: SecretString,
    new_authenticator: bool,
) -> CommandResult<RecoveredView> {
    run_blocking(handle, move |app| {
        app.recover(&profile_id, &shares, &new_password, new_authenticator)
    })
    .await
}
