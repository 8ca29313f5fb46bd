//! The app's state: one [`App`] behind a mutex, and the thread that auto-locks it.

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
        }
    }

    /// The app; a panic in another command does not make it unusable.
    pub fn app(&self) -> MutexGuard<'_, App> {
        self.app
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
            let locked = handle.state::<Desktop>().app().lock_if_idle(Instant::now());
            if locked {
                let _ = handle.emit("locked", "idle");
            }
        }
    });
}
