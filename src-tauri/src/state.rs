//! The app's state: one [`App`] behind a mutex, the last saved report's path, and the
//! thread that auto-locks it.

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
        }
    }

    /// The app; a panic in another command does not make it unusable.
    pub fn app(&self) -> MutexGuard<'_, App> {
        self.app
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Locks now: the session's keys, Typst's memo cache (it holds register text) and
    /// the saved report's path are dropped.
    pub fn lock(&self) {
        self.app().lock();
        self.forget_register();
    }

    /// What must go whenever the register locks, by hand or after idle time.
    fn forget_register(&self) {
        levensregister_report::evict_caches();
        *self.saved_report_slot() = None;
    }

    /// The PDF saved last (cleared on lock).
    pub fn saved_report(&self) -> Option<PathBuf> {
        self.saved_report_slot().clone()
    }

    /// Remembers the PDF just saved for "Open", unless the register locked meanwhile.
    pub fn remember_saved_report(&self, path: PathBuf) {
        let app = self.app();
        if app.is_open() {
            *self.saved_report_slot() = Some(path);
        }
    }

    fn saved_report_slot(&self) -> MutexGuard<'_, Option<PathBuf>> {
        self.saved_report
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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
