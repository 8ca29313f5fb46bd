//! The desktop app's use cases, without a window: which register is open, locked or
//! half-way through unlocking, the settings, auto-lock, and the views the screens show.
//!
//! The Tauri layer holds one [`App`] behind a mutex and calls one method per command;
//! everything here is tested with a temp folder, the in-memory keychain and cheap Argon2.

mod trusted;
mod views;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use levensregister_vault::{Error as VaultError, Keychain, SecretKey, Vault};
use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};
use crate::idle::IdleLock;
use crate::lang::Lang;
use crate::life_events::life_events;
use crate::profiles::{ProfileSummary, list_profiles, new_register_dir, profile_dir};
use crate::session::{Session, create_register};
use crate::settings::Settings;

pub use trusted::{
    Confirmed, EmergencyKitView, ReceivedFileView, ReceivedView, RecoveredView, TrustedOverview,
};
pub use views::{AuthenticatorView, EnrolmentView, Overview};

/// Where the app stands with the register it works on.
enum Door {
    /// Nothing open (the profile list, or the unlock screen before the password).
    Locked,
    /// Just created: waiting for the authenticator's first code.
    Enrolling(Vault),
    /// The password was accepted: waiting for a code.
    PasswordAccepted(Vault),
    /// Open: password and a fresh code were accepted.
    Open(Session),
}

/// The app's state between commands.
pub struct App {
    root: PathBuf,
    settings_path: PathBuf,
    keychain: Keychain,
    settings: Settings,
    door: Door,
    idle: IdleLock,
    /// While the Emergency Kit's screen is open (right after enrolment, or after
    /// password and a code): it may be shown and saved without asking again.
    kit_open: bool,
    /// Counts the registers opened in this process: a confirmation is good only for the
    /// one it was given for.
    opened: u64,
    /// A register received from someone else, open read-only.
    received: Option<crate::trusted::ReceivedRegister>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("root", &self.root)
            .field("open", &self.is_open())
            .finish_non_exhaustive()
    }
}

impl App {
    /// An app over the registers under `root`, with settings in `settings_path`.
    pub fn new(root: PathBuf, settings_path: PathBuf, keychain: Keychain) -> App {
        let settings = Settings::load(&settings_path);
        let idle = IdleLock::new(minutes(settings.auto_lock_minutes), Instant::now());
        App {
            root,
            settings_path,
            keychain,
            settings,
            door: Door::Locked,
            idle,
            kit_open: false,
            opened: 0,
            received: None,
        }
    }

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// The registers on this machine.
    pub fn profiles(&self) -> Vec<ProfileSummary> {
        list_profiles(&self.root)
    }

    /// Creates a register; the Secret Key and authenticator are shown once, and the
    /// register opens after the first valid code ([`App::confirm_enrolment`]).
    pub fn create(&mut self, name: &str, password: &SecretString) -> Result<EnrolmentView> {
        self.lock();
        let dir = new_register_dir(&self.root, name);
        let (vault, enrolment) = create_register(&dir, name, password, None, &self.keychain)?;
        let view = EnrolmentView::new(vault.profile(), &enrolment)?;
        self.door = Door::Enrolling(vault);
        Ok(view)
    }

    /// The first valid code completes enrolment and opens the register.
    pub fn confirm_enrolment(&mut self, code: &str) -> Result<()> {
        let Door::Enrolling(vault) = &mut self.door else {
            return Err(VaultError::Locked.into());
        };
        vault.accept_code(code)?;
        self.open_accepted()?;
        self.kit_open = true;
        Ok(())
    }

    /// First step of unlocking. On a machine that does not know the register's Secret
    /// Key yet, the key typed from the Emergency Kit comes along (and is then remembered).
    pub fn unlock_password(
        &mut self,
        profile_id: &str,
        password: &SecretString,
        typed_secret_key: Option<&SecretString>,
    ) -> Result<()> {
        self.lock();
        let dir = profile_dir(&self.root, profile_id)?;
        let typed = typed_secret_key
            .map(|key| SecretKey::parse(key.expose_secret()))
            .transpose()?;
        let vault = Vault::open(&dir, password, &self.keychain, typed)?;
        if !vault.is_enrolled()? {
            // The authenticator was never confirmed: continue the enrolment.
            self.door = Door::Enrolling(vault);
            return Err(VaultError::NotEnrolled.into());
        }
        self.door = Door::PasswordAccepted(vault);
        Ok(())
    }

    /// Second step: a fresh code opens the register.
    pub fn unlock_code(&mut self, code: &str) -> Result<()> {
        let Door::PasswordAccepted(vault) = &mut self.door else {
            return Err(VaultError::Locked.into());
        };
        vault.accept_code(code)?;
        self.open_accepted()
    }

    fn open_accepted(&mut self) -> Result<()> {
        match std::mem::replace(&mut self.door, Door::Locked) {
            Door::Enrolling(vault) | Door::PasswordAccepted(vault) => {
                self.door = Door::Open(Session::from_accepted(vault)?);
                self.opened += 1;
                self.idle.touch(Instant::now());
                Ok(())
            }
            other => {
                self.door = other;
                Err(VaultError::Locked.into())
            }
        }
    }

    /// Locks: the session (keys, connection) is dropped and zeroized, and a received
    /// register is closed.
    pub fn lock(&mut self) {
        self.door = Door::Locked;
        self.received = None;
        self.kit_open = false;
    }

    /// True while a register is open.
    pub fn is_open(&self) -> bool {
        matches!(self.door, Door::Open(_))
    }

    /// The open register (counts as activity for auto-lock).
    pub fn session(&mut self) -> Result<&mut Session> {
        self.idle.touch(Instant::now());
        match &mut self.door {
            Door::Open(session) => Ok(session),
            _ => Err(VaultError::Locked.into()),
        }
    }

    /// The user did something (auto-lock starts counting again).
    pub fn touch(&mut self) {
        self.idle.touch(Instant::now());
    }

    /// Locks when the register has been unused for the auto-lock time. Returns true
    /// when it locked now.
    pub fn lock_if_idle(&mut self, now: Instant) -> bool {
        if (self.is_open() || self.received.is_some()) && self.idle.is_due(now) {
            self.lock();
            return true;
        }
        false
    }

    /// What the overview screen shows.
    pub fn overview(&mut self) -> Result<Overview> {
        let session = self.session()?;
        let name = session.vault().profile().name.clone();
        let statuses = session.section_statuses()?;
        Ok(Overview {
            register_name: name,
            statuses,
            life_events: life_events().to_vec(),
        })
    }

    /// This machine's settings.
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Changes and saves the settings; the auto-lock time applies at once.
    pub fn set_settings(&mut self, settings: Settings) -> Result<()> {
        settings.save(&self.settings_path)?;
        self.settings = settings;
        self.idle.set_timeout(minutes(settings.auto_lock_minutes));
        Ok(())
    }

    /// The authenticator QR again (for a second phone), after password and a fresh code.
    pub fn show_authenticator(
        &mut self,
        password: &SecretString,
        code: &str,
    ) -> Result<AuthenticatorView> {
        let keychain = self.keychain.clone();
        let vault = self.session()?.vault();
        vault.confirm(password, code, &keychain)?;
        let name = vault.profile().name.clone();
        AuthenticatorView::new(&name, &vault.totp_secret()?)
    }

    /// A new password, after the current password and a fresh code.
    pub fn change_password(
        &mut self,
        password: &SecretString,
        code: &str,
        new_password: &SecretString,
    ) -> Result<()> {
        let keychain = self.keychain.clone();
        let session = self.session()?;
        session.vault().confirm(password, code, &keychain)?;
        session.change_password(new_password, &keychain)
    }

    /// Deletes the open register, after password and a fresh code.
    pub fn delete_register(&mut self, password: &SecretString, code: &str) -> Result<()> {
        let keychain = self.keychain.clone();
        self.session()?.vault().confirm(password, code, &keychain)?;
        match std::mem::replace(&mut self.door, Door::Locked) {
            Door::Open(session) => session.delete(&keychain),
            _ => Err(Error::Vault(VaultError::Locked)),
        }
    }
}

fn minutes(count: u32) -> Duration {
    Duration::from_secs(u64::from(count) * 60)
}

#[cfg(all(test, debug_assertions))]
mod tests;
