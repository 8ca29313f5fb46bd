//! One file per domain; each command takes the state, calls one use case and maps
//! the error. Logic that would need an `if` here belongs in `levensregister-core`.

pub mod profiles;
pub mod received;
pub mod register;
pub mod reports;
pub mod settings;
pub mod trusted;

use std::path::{Path, PathBuf};

use levensregister_core::{App, Lang};
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::error::{CommandError, CommandResult};
use crate::state::Desktop;

/// Runs `work` on a thread that may block (Typst, the dialog's wait).
async fn blocking<T: Send + 'static>(
    lang: Lang,
    work: impl FnOnce() -> T + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| CommandError::interrupted(lang))
}

/// Runs a slow use case (Argon2, copying or opening a register) on a thread that may
/// block, so the window keeps drawing its progress message.
async fn run_blocking<T: Send + 'static>(
    handle: AppHandle,
    use_case: impl FnOnce(&mut App) -> levensregister_core::Result<T> + Send + 'static,
) -> CommandResult<T> {
    let lang = handle.state::<Desktop>().app().lang();
    blocking(lang, move || handle.state::<Desktop>().run(use_case)).await?
}

/// The native file dialog, parented to the window and titled.
fn file_dialog(window: &WebviewWindow, title: &str) -> FileDialogBuilder<tauri::Wry> {
    window.dialog().file().set_parent(window).set_title(title)
}

/// A path the dialog gave back (anything else means the dialog was interrupted).
fn chosen_path(chosen: FilePath, lang: Lang) -> CommandResult<PathBuf> {
    chosen
        .into_path()
        .map_err(|_| CommandError::interrupted(lang))
}

/// Asks where to save a PDF: the native dialog, parented to the window, with a PDF
/// filter and a suggested name. `None` when the user cancelled.
async fn ask_save_pdf(
    window: &WebviewWindow,
    lang: Lang,
    title: &str,
    file_name: String,
) -> CommandResult<Option<PathBuf>> {
    let dialog = file_dialog(window, title)
        .add_filter("PDF", &["pdf"])
        .set_file_name(file_name);
    let Some(chosen) = blocking(lang, move || dialog.blocking_save_file()).await? else {
        return Ok(None);
    };
    chosen_path(chosen, lang).map(Some)
}

/// Renders a PDF off the main thread, then writes it owner-only (0600) and atomically.
async fn render_and_write(
    lang: Lang,
    path: &Path,
    render: impl FnOnce() -> levensregister_report::Result<Vec<u8>> + Send + 'static,
) -> CommandResult<()> {
    let pdf = blocking(lang, render)
        .await?
        .map_err(|e| CommandError::report(&e, lang))?;
    levensregister_core::vault::write_private_file(path, &pdf)
        .map_err(|e| CommandError::write(&e, lang))
}

/// Today, for reports and suggested file names.
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// A dialog that opens a file or chooses a folder starts in the Documents folder (or
/// the home folder): GTK would otherwise start in "Recent", where no folder can be
/// chosen and a typed path is not accepted.
fn in_documents<R: Runtime>(
    dialog: FileDialogBuilder<R>,
    window: &WebviewWindow<R>,
) -> FileDialogBuilder<R> {
    let paths = window.path();
    let start: Option<PathBuf> = [paths.document_dir(), paths.home_dir()]
        .into_iter()
        .flatten()
        .find(|dir| dir.is_dir());
    match start {
        Some(dir) => dialog.set_directory(dir),
        None => dialog,
    }
}
