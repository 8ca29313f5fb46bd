//! The Reports screen: a preview of page 1, "Save as…" through the native dialog, and
//! "Open" in the system's PDF viewer.
//!
//! The dialog and the viewer are driven from here, so the webview holds no dialog,
//! opener or file permission and never names a path: it gets the saved file's name
//! and folder to show, and "Open" opens the file saved last (forgotten on lock).
//! Compiling and the dialog run on a blocking thread; the window stays responsive.

use levensregister_core::{Lang, report_data};
use levensregister_report::ReportKind;
use serde_json::Value;
use tauri::{State, WebviewWindow};
use tauri_plugin_opener::OpenerExt;

use super::{ask_save_pdf, blocking, render_and_write, today};
use crate::error::{CommandError, CommandResult};
use crate::state::Desktop;
use crate::transport::{ReportOptions, ReportPreview, SavedReport};

/// Pixels per point of the preview: A4 (595 pt wide) becomes 893 pixels wide.
const PREVIEW_SCALE: f32 = 1.5;

/// Page 1 of a report as a PNG data URL, and how many pages it has.
#[tauri::command]
pub async fn preview_report(
    state: State<'_, Desktop>,
    options: ReportOptions,
) -> CommandResult<ReportPreview> {
    let (kind, data, lang) = prepare(&state, &options)?;
    let preview = blocking(lang, move || {
        levensregister_report::render_preview(kind, &data, PREVIEW_SCALE)
    })
    .await?
    .map_err(|e| CommandError::report(&e, lang))?;
    Ok(ReportPreview::new(&preview))
}

/// Asks where to save (the native dialog), then writes the PDF there, owner-only
/// (0600) and atomically. `None` when the user cancelled the dialog.
#[tauri::command]
pub async fn save_report(
    window: WebviewWindow,
    state: State<'_, Desktop>,
    options: ReportOptions,
) -> CommandResult<Option<SavedReport>> {
    let lang = state.app().lang();
    let title = lang.pick("PDF opslaan", "Save the PDF");
    let Some(path) = ask_save_pdf(&window, lang, title, options.file_name(today())).await? else {
        return Ok(None);
    };
    // The register may have locked while the dialog was open: prepare only now.
    let (kind, data, _) = prepare(&state, &options)?;
    render_and_write(lang, &path, move || {
        levensregister_report::render_pdf(kind, &data)
    })
    .await?;
    let saved = SavedReport::new(&path);
    state.remember_saved_report(path);
    Ok(Some(saved))
}

/// Opens the PDF saved last in the system's PDF viewer.
#[tauri::command]
pub async fn open_saved_report(
    window: WebviewWindow,
    state: State<'_, Desktop>,
) -> CommandResult<()> {
    let lang = state.app().lang();
    let path = state
        .saved_report()
        .ok_or_else(|| CommandError::nothing_saved(lang))?;
    window
        .opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|_| CommandError::open_failed(lang))
}

/// The report's data from the open register (the access-code sheet's too, which
/// holds none), with the app's language for messages.
fn prepare(state: &Desktop, options: &ReportOptions) -> CommandResult<(ReportKind, Value, Lang)> {
    let request = options.request();
    state.run(|app| {
        let lang = app.lang();
        let session = app.session()?;
        let name = session.vault().profile().name.clone();
        let data = report_data(session, &request, &name, today())?;
        Ok((request.kind, data, lang))
    })
}
