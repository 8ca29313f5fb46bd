//! One register's storage, from creation through unlock to lock and deletion.
//!
//! Opening is two steps, as for the user: the password (with the Secret Key) unwraps
//! the master key and opens the database; then a fresh authenticator code opens the
//! register. Until the code is accepted, [`Vault::connection`] refuses.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::Connection;
use secrecy::SecretString;

use crate::backoff::AttemptLog;
use crate::error::{Error, Result};
use crate::kdf::{KdfParams, password_slot_key};
use crate::keychain::Keychain;
use crate::keys::{MasterKey, random_bytes};
use crate::layout::{self, DATABASE_FILE, Profile, SLOTS_FILE};
use crate::secret_key::SecretKey;
use crate::slots::{PasswordSlotParams, SlotFile, SlotKind, write_atomically};
use crate::totp::{TotpSecret, unix_now};
use crate::{database, state};

/// The id of the (single) password slot.
const PASSWORD_SLOT_ID: u8 = 0;

/// What the owner must see once, at creation: the Secret Key for the Emergency Kit and
/// the authenticator secret for the QR code.
#[derive(Debug)]
pub struct Enrolment {
    /// For the Emergency Kit and for a second machine.
    pub secret_key: SecretKey,
    /// For the authenticator app.
    pub totp: TotpSecret,
}

/// Where the time of [`Vault::open`] went (for benchmarks and the note).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenTimings {
    /// Argon2id and unwrapping the master key.
    pub key_derivation: std::time::Duration,
    /// Opening and keying the database, reading the schema, setting WAL mode.
    pub database: std::time::Duration,
    /// `cipher_integrity_check` and `quick_check` over the whole file.
    pub integrity: std::time::Duration,
}

/// An opened register: the master key in memory and the database connection.
/// Dropping it (or [`Vault::lock`]) zeroizes the key and closes the database.
pub struct Vault {
    dir: PathBuf,
    profile: Profile,
    master: MasterKey,
    conn: Connection,
    attempts: AttemptLog,
    code_accepted: bool,
    timings: OpenTimings,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.dir)
            .field("name", &self.profile.name)
            .field("code_accepted", &self.code_accepted)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Creates a register in `dir` (which must not hold one). The authenticator is not
    /// enrolled until the first valid code is given to [`Vault::accept_code`].
    pub fn create(
        dir: &Path,
        name: &str,
        password: &SecretString,
        kdf: KdfParams,
        keychain: &Keychain,
    ) -> Result<(Vault, Enrolment)> {
        let kdf = kdf.check()?;
        if layout::holds_register(dir) {
            return Err(Error::AlreadyExists(dir.display().to_string()));
        }
        create_private_dir(dir)?;
        let result = Vault::create_files(dir, name, password, kdf, keychain);
        if result.is_err() {
            remove_register_files(dir);
        }
        result
    }

    fn create_files(
        dir: &Path,
        name: &str,
        password: &SecretString,
        kdf: KdfParams,
        keychain: &Keychain,
    ) -> Result<(Vault, Enrolment)> {
        let master = MasterKey::generate()?;
        let secret_key = SecretKey::generate()?;
        let totp = TotpSecret::generate()?;
        let register_id: [u8; 16] = random_bytes()?;

        let conn = database::open(&layout::path(dir, DATABASE_FILE), &master, true)?;
        state::create(&conn, &register_id, &totp)?;

        let mut slots = SlotFile::new(register_id);
        put_password_slot(&mut slots, password, &secret_key, kdf, &master)?;
        write_atomically(&layout::path(dir, SLOTS_FILE), &slots.encode(&master)?)?;

        let profile = Profile {
            format: "levensregister-profile".into(),
            version: 1,
            id: data_encoding::HEXLOWER.encode(&register_id),
            name: name.trim().to_string(),
            created: unix_now(),
        };
        profile.write(dir)?;
        keychain.put(&register_id, &secret_key)?;

        let vault = Vault {
            dir: dir.to_path_buf(),
            profile,
            master,
            conn,
            attempts: AttemptLog::new(dir),
            code_accepted: false,
            timings: OpenTimings::default(),
        };
        Ok((vault, Enrolment { secret_key, totp }))
    }

    /// First step of unlocking: the password (with this machine's Secret Key, or
    /// `typed_secret_key` from the Emergency Kit, which is then remembered).
    pub fn open(
        dir: &Path,
        password: &SecretString,
        keychain: &Keychain,
        typed_secret_key: Option<SecretKey>,
    ) -> Result<Vault> {
        let profile = Profile::read(dir)?;
        let attempts = AttemptLog::new(dir);
        attempts.check(unix_now())?;
        let slots = read_slots(dir)?;
        let known_key = keychain.get(&slots.register_id)?;
        let secret_key = match (&typed_secret_key, &known_key) {
            (Some(typed), _) => typed.clone(),
            (None, Some(known)) => known.clone(),
            (None, None) => return Err(Error::SecretKeyNeeded),
        };
        let started = Instant::now();
        let Some(master) = unwrap_with_password(&slots, password, &secret_key)? else {
            attempts.record_failure(unix_now())?;
            return Err(Error::WrongPassword);
        };
        slots.verify_mac(&master)?;
        let key_derivation = started.elapsed();
        let conn = database::open(&layout::path(dir, DATABASE_FILE), &master, false)?;
        let database_opened = started.elapsed();
        database::check_integrity(&conn)?;
        let timings = OpenTimings {
            key_derivation,
            database: database_opened - key_derivation,
            integrity: started.elapsed() - database_opened,
        };
        if state::register_id(&conn)? != slots.register_id {
            return Err(Error::Damaged(
                "the database belongs to another register".into(),
            ));
        }
        if typed_secret_key.is_some() && known_key.as_ref() != Some(&secret_key) {
            keychain.put(&slots.register_id, &secret_key)?;
        }
        Ok(Vault {
            dir: dir.to_path_buf(),
            profile,
            master,
            conn,
            attempts,
            code_accepted: false,
            timings,
        })
    }

    /// Second step: a fresh authenticator code. A code of a time step already used is
    /// refused. Returns true when this code completed enrolment.
    pub fn accept_code(&mut self, code: &str) -> Result<bool> {
        let now = unix_now();
        self.attempts.check(now)?;
        match state::accept_code(&mut self.conn, code, now) {
            Ok(completed) => {
                self.attempts.record_success()?;
                self.code_accepted = true;
                Ok(completed)
            }
            Err(error @ (Error::WrongCode | Error::CodeReused)) => {
                self.attempts.record_failure(now)?;
                Err(error)
            }
            Err(other) => Err(other),
        }
    }

    /// Confirms a sensitive action with the password and a fresh code (the register
    /// stays open either way).
    pub fn confirm(
        &mut self,
        password: &SecretString,
        code: &str,
        keychain: &Keychain,
    ) -> Result<()> {
        let now = unix_now();
        self.attempts.check(now)?;
        let slots = read_slots(&self.dir)?;
        let secret_key = keychain
            .get(&slots.register_id)?
            .ok_or(Error::SecretKeyNeeded)?;
        if unwrap_with_password(&slots, password, &secret_key)?.is_none() {
            self.attempts.record_failure(now)?;
            return Err(Error::WrongPassword);
        }
        self.accept_code(code).map(|_| ())
    }

    /// True once the authenticator has been confirmed with a first code.
    pub fn is_enrolled(&self) -> Result<bool> {
        state::enrolled(&self.conn)
    }

    /// The database, once a code has been accepted and enrolment is complete.
    pub fn connection(&mut self) -> Result<&mut Connection> {
        if !self.code_accepted {
            return Err(Error::Locked);
        }
        if !state::enrolled(&self.conn)? {
            return Err(Error::NotEnrolled);
        }
        Ok(&mut self.conn)
    }

    /// Verifies every page of the database again (as opening does); for benchmarks and
    /// for a "check my register" action.
    pub fn check_integrity(&mut self) -> Result<()> {
        database::check_integrity(self.connection()?)
    }

    /// The authenticator secret, to show the QR code again (e.g. for a second phone).
    pub fn totp_secret(&mut self) -> Result<TotpSecret> {
        state::totp_secret(self.connection()?)
    }

    /// Replaces the password (same Secret Key, same Argon2id cost, fresh salt).
    pub fn change_password(
        &mut self,
        new_password: &SecretString,
        keychain: &Keychain,
    ) -> Result<()> {
        self.connection()?;
        let mut slots = read_slots(&self.dir)?;
        let secret_key = keychain
            .get(&slots.register_id)?
            .ok_or(Error::SecretKeyNeeded)?;
        let kdf = slots
            .slots
            .iter()
            .find(|slot| slot.kind == SlotKind::Password)
            .map(|slot| PasswordSlotParams::decode(&slot.params))
            .transpose()?
            .map_or(KdfParams::FLOOR, |p| p.kdf);
        put_password_slot(&mut slots, new_password, &secret_key, kdf, &self.master)?;
        write_atomically(
            &layout::path(&self.dir, SLOTS_FILE),
            &slots.encode(&self.master)?,
        )
    }

    /// Deletes the register: database, key slots, profile, attempts and the Secret Key
    /// in this machine's keychain.
    pub fn delete(self, keychain: &Keychain) -> Result<()> {
        let mut vault = self;
        vault.connection()?;
        let register_id = state::register_id(&vault.conn)?;
        let Vault { dir, conn, .. } = vault;
        drop(conn);
        for file in layout::ALL_FILES {
            let path = dir.join(file);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(format!("removing {}", path.display()), e)),
            }
        }
        keychain.delete(&register_id)?;
        // Leaves the folder if the user keeps other files in it.
        let _ = std::fs::remove_dir(&dir);
        Ok(())
    }

    /// Locks: closes the database and zeroizes the master key.
    pub fn lock(self) {
        drop(self);
    }

    /// Where the time of opening went.
    pub fn open_timings(&self) -> OpenTimings {
        self.timings
    }

    /// The register's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The register's plaintext profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The hex of the database key, for a later export readable by stock `sqlcipher`.
    pub fn master_key(&self) -> &MasterKey {
        &self.master
    }
}

fn put_password_slot(
    slots: &mut SlotFile,
    password: &SecretString,
    secret_key: &SecretKey,
    kdf: KdfParams,
    master: &MasterKey,
) -> Result<()> {
    let params = PasswordSlotParams::new(kdf)?;
    let slot_key = password_slot_key(password, secret_key, &params.salt, kdf)?;
    slots.put_slot(
        SlotKind::Password,
        PASSWORD_SLOT_ID,
        params.encode(),
        &slot_key,
        master,
    )
}

fn unwrap_with_password(
    slots: &SlotFile,
    password: &SecretString,
    secret_key: &SecretKey,
) -> Result<Option<MasterKey>> {
    for slot in slots
        .slots
        .iter()
        .filter(|slot| slot.kind == SlotKind::Password)
    {
        let params = PasswordSlotParams::decode(&slot.params)?;
        let slot_key = password_slot_key(password, secret_key, &params.salt, params.kdf)?;
        if let Some(master) = slots.open_slot(slot, &slot_key) {
            return Ok(Some(master));
        }
    }
    Ok(None)
}

fn read_slots(dir: &Path) -> Result<SlotFile> {
    let path = layout::path(dir, SLOTS_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => SlotFile::decode(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Error::Damaged("the key-slot file is missing".into()))
        }
        Err(e) => Err(Error::io(format!("reading {}", path.display()), e)),
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))
}

fn remove_register_files(dir: &Path) {
    for file in layout::ALL_FILES {
        let _ = std::fs::remove_file(dir.join(file));
    }
}
