//! "Open a register I received": a trusted persons' export, opened read-only with
//! enough shares (typed, or read from photos of their QR codes), without a login.
//!
//! The file and the photos are chosen in native dialogs opened from here and kept in
//! the state; the webview sees their names only. Opening the export locks the own
//! register (one register at a time); closing it is `lock`.

use levensregister_core::{App, Item, ReceivedFileView, ReceivedView};
use secrecy::SecretString;
use tauri::{Manager, State, WebviewWindow};

use super::{
    ask_save_pdf, blocking, chosen_path, file_dialog, in_documents, render_and_write, run_blocking,
    today,
};
use crate::error::{CommandError, CommandResult};
use crate::state::Desktop;
use crate::transport::{ReportOptions, SavedReport};

/// Asks for the received file (the native dialog) and says what it is: whose register,
/// when it was made, how many shares open it. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn choose_received_file(
    window: WebviewWindow,
    state: State<'_, Desktop>,
) -> CommandResult<Option<ReceivedFileView>> {
    let lang = state.app().lang();
    let dialog = file_dialog(
        &window,
        lang.pick(
            "Het ontvangen bestand kiezen",
            "Choose the file you received",
        ),
    )
    .add_filter("Levensregister (tar)", &["tar"]);
    let dialog = in_documents(dialog, &window);
    let Some(chosen) = blocking(lang, move || dialog.blocking_pick_file()).await? else {
        return Ok(None);
    };
    let path = chosen_path(chosen, lang)?;
    let view = App::received_file(&path).map_err(|e| CommandError::new(&e, lang))?;
    state.choose_received_file(path);
    Ok(Some(view))
}

/// Adds photos or scans of share QR codes (the native dialog, PNG or JPEG, several at
/// once); returns the names of every photo chosen so far (unchanged when cancelled).
#[tauri::command]
pub async fn choose_share_images(
    window: WebviewWindow,
    state: State<'_, Desktop>,
) -> CommandResult<Vec<String>> {
    let lang = state.app().lang();
    let dialog = file_dialog(
        &window,
        lang.pick(
            "Foto's of scans van QR-codes kiezen",
            "Choose photos or scans of QR codes",
        ),
    )
    .add_filter(
        lang.pick("Foto's (PNG, JPEG)", "Photos (PNG, JPEG)"),
        &["png", "jpg", "jpeg", "PNG", "JPG", "JPEG"],
    );
    let dialog = in_documents(dialog, &window);
    let chosen = blocking(lang, move || dialog.blocking_pick_files())
        .await?
        .unwrap_or_default();
    let paths = chosen
        .into_iter()
        .map(|file| file.into_path())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| CommandError::interrupted(lang))?;
    Ok(state.add_share_images(paths))
}

/// Forgets the photos chosen so far.
#[tauri::command]
pub fn forget_share_images(state: State<'_, Desktop>) {
    state.forget_share_images();
}

/// Opens the chosen file with the typed shares and the chosen photos.
#[tauri::command]
pub async fn open_received(
    window: WebviewWindow,
    state: State<'_, Desktop>,
    shares: Vec<SecretString>,
) -> CommandResult<ReceivedView> {
    let lang = state.app().lang();
    let (file, images) = state.received_choice();
    let file = file.ok_or_else(|| CommandError::no_file_chosen(lang))?;
    let handle = window.app_handle().clone();
    let view = run_blocking(handle, move |app| {
        app.open_received(&file, &shares, &images)
    })
    .await?;
    state.forget_share_images();
    Ok(view)
}

/// The received register's items, of one section or all.
#[tauri::command]
pub fn received_items(
    state: State<'_, Desktop>,
    section: Option<String>,
) -> CommandResult<Vec<Item>> {
    state.run(|app| app.received()?.items(section.as_deref()))
}

/// Asks where to save (the native dialog), then writes a report of the received
/// register there (0600). `None` when the dialog was cancelled.
#[tauri::command]
pub async fn save_received_report(
    window: WebviewWindow,
    state: State<'_, Desktop>,
    options: ReportOptions,
) -> CommandResult<Option<SavedReport>> {
    let lang = state.app().lang();
    let title = lang.pick("PDF opslaan", "Save the PDF");
    let Some(path) = ask_save_pdf(&window, lang, title, options.file_name(today())).await? else {
        return Ok(None);
    };
    let request = options.request();
    let data = state.run(|app| app.received()?.report_data(&request, today()))?;
    let kind = request.kind;
    render_and_write(lang, &path, move || {
        levensregister_report::render_pdf(kind, &data)
    })
    .await?;
    Ok(Some(SavedReport::new(&path)))
}
