//! The app's state: one [`App`] behind a mutex, the paths the native dialogs gave (the
//! last saved report, a received export and photos of its shares: the UI never holds
//! a path), and the thread that auto-locks it.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use levensregister_core::vault::Keychain;
use levensregister_core::{App, Settings, default_registers_root};
use tauri::{AppHandle, Emitter, Manager};

use crate::error::{CommandError, CommandResult};

/// How often the auto-lock is checked.
const IDLE_CHECK: Duration = Duration::from_secs(2);

/// The managed state.
pub struct Desktop {
    app: Mutex<App>,
    /// The PDF saved last, for "Open"; the UI never holds or sends a path.
    saved_report: Mutex<Option<PathBuf>>,
    /// The received export chosen on "Open a register I received".
    received_file: Mutex<Option<PathBuf>>,
    /// Photos or scans of share QR codes chosen for it.
    share_images: Mutex<Vec<PathBuf>>,
}

impl Desktop {
    /// Registers in the platform data folder (or `LEVENSREGISTER_REGISTERS`), settings
    /// in the config folder (or `LEVENSREGISTER_SETTINGS`), the system keychain.
    pub fn from_environment() -> Desktop {
        let root = std::env::var_os("LEVENSREGISTER_REGISTERS")
            .map_or_else(default_registers_root, Into::into);
        let settings = std::env::var_os("LEVENSREGISTER_SETTINGS")
            .map_or_else(Settings::default_path, Into::into);
        Desktop {
            app: Mutex::new(App::new(root, settings, Keychain::system())),
            saved_report: Mutex::new(None),
            received_file: Mutex::new(None),
            share_images: Mutex::new(Vec::new()),
        }
    }

    /// The app; a panic in another command does not make it unusable.
    pub fn app(&self) -> MutexGuard<'_, App> {
        slot(&self.app)
    }

    /// Locks now: the session's keys (and a received register), Typst's memo cache (it
    /// holds register text) and the paths the dialogs gave are dropped.
    pub fn lock(&self) {
        self.app().lock();
        self.forget_register();
    }

    /// What must go whenever the register locks, by hand or after idle time.
    fn forget_register(&self) {
        levensregister_report::evict_caches();
        *slot(&self.saved_report) = None;
        *slot(&self.received_file) = None;
        slot(&self.share_images).clear();
    }

    /// The PDF saved last (cleared on lock).
    pub fn saved_report(&self) -> Option<PathBuf> {
        slot(&self.saved_report).clone()
    }

    /// Remembers the PDF just saved for "Open", unless the register locked meanwhile.
    pub fn remember_saved_report(&self, path: PathBuf) {
        let app = self.app();
        if app.is_open() {
            *slot(&self.saved_report) = Some(path);
        }
    }

    /// The received export chosen last, and the share photos chosen for it.
    pub fn received_choice(&self) -> (Option<PathBuf>, Vec<PathBuf>) {
        (
            slot(&self.received_file).clone(),
            slot(&self.share_images).clone(),
        )
    }

    /// A received export was chosen: photos chosen for another file are forgotten.
    pub fn choose_received_file(&self, path: PathBuf) {
        *slot(&self.received_file) = Some(path);
        slot(&self.share_images).clear();
    }

    /// Adds photos of share QR codes (a photo chosen twice counts once); returns the
    /// names of all chosen so far.
    pub fn add_share_images(&self, paths: Vec<PathBuf>) -> Vec<String> {
        let mut images = slot(&self.share_images);
        for path in paths {
            if !images.contains(&path) {
                images.push(path);
            }
        }
        images
            .iter()
            .map(|p| {
                p.file_name()
                    .unwrap_or(p.as_os_str())
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    /// Forgets the chosen photos (all of them, or after they opened the register).
    pub fn forget_share_images(&self) {
        slot(&self.share_images).clear();
    }

    /// Runs one use case and maps its error in the app's language.
    pub fn run<T>(
        &self,
        use_case: impl FnOnce(&mut App) -> levensregister_core::Result<T>,
    ) -> CommandResult<T> {
        let mut app = self.app();
        let lang = app.lang();
        use_case(&mut app).map_err(|error| CommandError::new(&error, lang))
    }
}

/// A mutex of this state; a panic in another command does not make it unusable.
fn slot<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Locks the register after the chosen quiet time and tells the UI (event `locked`),
/// which then clears every view of register data.
pub fn watch_idle(handle: AppHandle) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(IDLE_CHECK);
            let desktop = handle.state::<Desktop>();
            let locked = desktop.app().lock_if_idle(Instant::now());
            if locked {
                desktop.forget_register();
                let _ = handle.emit("locked", "idle");
            }
        }
    });
}
