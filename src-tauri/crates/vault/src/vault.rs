//! One register's storage, from creation through unlock to lock and deletion.
//!
//! Opening is two steps, as for the user: the password (with the Secret Key) unwraps
//! the master key and opens the database; then a fresh authenticator code opens the
//! register. Until the code is accepted, [`Vault::connection`] refuses.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::Connection;
use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::backoff::AttemptLog;
use crate::error::{Error, Result};
use crate::files::write_atomically;
use crate::kdf::{KdfParams, password_slot_key};
use crate::keychain::Keychain;
use crate::keys::{MasterKey, random_bytes};
use crate::layout::{self, DATABASE_FILE, Profile, SLOTS_FILE};
use crate::rotation::{KeyChange, NewPasswordSlot, lock_keys, unlock_keys};
use crate::secret_key::SecretKey;
use crate::slots::{PasswordSlotParams, SlotFile, SlotKind};
use crate::totp::{TotpSecret, unix_now};
use crate::{database, state};

/// The id of the (single) password slot.
pub(crate) const PASSWORD_SLOT_ID: u8 = 0;

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

/// An opened register: the master key and the Secret Key in memory and the database
/// connection. Dropping it (or [`Vault::lock`]) zeroizes the keys and closes the database.
pub struct Vault {
    pub(crate) dir: PathBuf,
    pub(crate) profile: Profile,
    pub(crate) master: MasterKey,
    /// The Secret Key that opened the register (for confirmations and password changes,
    /// so they do not depend on the keychain still holding it).
    pub(crate) secret_key: SecretKey,
    /// The password slot's key (Argon2id of the password with the Secret Key), so a
    /// master-key rotation wraps the new key for the same password without asking it
    /// again or running Argon2id twice. Zeroized with the rest.
    pub(crate) password_slot_key: Zeroizing<[u8; 32]>,
    pub(crate) conn: Connection,
    pub(crate) attempts: AttemptLog,
    pub(crate) code_accepted: bool,
    pub(crate) timings: OpenTimings,
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
    ///
    /// The key-slot file is written last, as the commit point: the Secret Key goes into
    /// the keychain first, then `profile.json`, then the database. A folder with a profile
    /// or temporary files of ours but no key-slot file is what a creation that crashed
    /// left; those files are removed and creation starts afresh. A database without a
    /// key-slot file is refused, never removed: it may be a register whose key-slot file
    /// was lost, and a backup of that file would open it again.
    pub fn create(
        dir: &Path,
        name: &str,
        password: &SecretString,
        kdf: KdfParams,
        keychain: &Keychain,
    ) -> Result<(Vault, Enrolment)> {
        let kdf = kdf.check()?;
        if layout::holds_register(dir) || dir.join(layout::DATABASE_FILE).exists() {
            return Err(Error::AlreadyExists(dir.display().to_string()));
        }
        create_private_dir(dir)?;
        layout::remove_register_files(dir);
        let register_id: [u8; 16] = random_bytes()?;
        let result = Vault::create_files(dir, register_id, name, password, kdf, keychain);
        if result.is_err() {
            layout::remove_register_files(dir);
            let _ = keychain.delete(&register_id);
        }
        result
    }

    fn create_files(
        dir: &Path,
        register_id: [u8; 16],
        name: &str,
        password: &SecretString,
        kdf: KdfParams,
        keychain: &Keychain,
    ) -> Result<(Vault, Enrolment)> {
        let master = MasterKey::generate()?;
        let secret_key = SecretKey::generate()?;
        let totp = TotpSecret::generate()?;

        // 1. The Secret Key, so a register on disk never lacks it on this machine.
        keychain.put(&register_id, &secret_key)?;
        // 2. The profile.
        let profile = Profile {
            format: "levensregister-profile".into(),
            version: 1,
            id: data_encoding::HEXLOWER.encode(&register_id),
            name: name.trim().to_string(),
            created: unix_now(),
        };
        profile.write(dir)?;
        // 3. The database.
        let conn = database::open(&layout::path(dir, DATABASE_FILE), &master, true)?;
        state::create(&conn, &register_id, &totp)?;
        // 4. The key-slot file: from here on the folder holds a register.
        let mut slots = SlotFile::new(register_id);
        let password_slot_key = put_password_slot(&mut slots, password, &secret_key, kdf, &master)?;
        write_atomically(&layout::path(dir, SLOTS_FILE), &slots.encode(&master)?)?;

        let vault = Vault {
            dir: dir.to_path_buf(),
            profile,
            master,
            secret_key: secret_key.clone(),
            password_slot_key,
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
        // Held until the database is open: no rotation runs meanwhile (rotation.rs).
        let _keys = lock_keys(dir)?;
        let slots = read_slots(dir)?;
        if profile.id != data_encoding::HEXLOWER.encode(&slots.register_id) {
            return Err(Error::Damaged(
                "the profile and the key-slot file belong to different registers".into(),
            ));
        }
        let known_key = match typed_secret_key {
            // The Emergency Kit's key is at hand: a keychain that cannot be read (a
            // damaged entry, say) must not stand in its way; the entry is overwritten below.
            Some(_) => keychain.get(&slots.register_id).ok().flatten(),
            None => keychain.get(&slots.register_id)?,
        };
        let secret_key = match (&typed_secret_key, &known_key) {
            (Some(typed), _) => typed.clone(),
            (None, Some(known)) => known.clone(),
            (None, None) => return Err(Error::SecretKeyNeeded),
        };
        let started = Instant::now();
        let (slots, master, password_slot_key) = attempt_password(&attempts, &slots, || {
            unlock_keys(
                dir,
                slots.clone(),
                |file| unwrap_with_password(file, password, &secret_key),
                || Error::WrongPassword,
            )
        })?;
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
            secret_key,
            password_slot_key,
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
        let counted = self.attempts.begin(now)?;
        match state::accept_code(&mut self.conn, code, now) {
            Ok(completed) => {
                self.attempts.succeed();
                self.code_accepted = true;
                Ok(completed)
            }
            // A wrong or replayed code stays counted.
            Err(error @ (Error::WrongCode | Error::CodeReused)) => Err(error),
            Err(other) => {
                self.attempts.withdraw(counted);
                Err(other)
            }
        }
    }

    /// Confirms a sensitive action with the password and a fresh code (the register
    /// stays open either way). Uses the Secret Key that opened the register; the
    /// keychain is not consulted.
    pub fn confirm(
        &mut self,
        password: &SecretString,
        code: &str,
        _keychain: &Keychain,
    ) -> Result<()> {
        let slots = read_slots(&self.dir)?;
        let (master, _) = attempt_password(&self.attempts, &slots, || {
            unwrap_with_password(&slots, password, &self.secret_key)?.ok_or(Error::WrongPassword)
        })?;
        if master.as_bytes() != self.master.as_bytes() {
            return Err(Error::Damaged(
                "the key-slot file no longer belongs to the open register".into(),
            ));
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

    /// Replaces the password (same Secret Key, same Argon2id cost, fresh salt) in one
    /// step with a new master key: the new password slot goes only into the rotated
    /// key-slot file, so an earlier copy of the file with the old password opens nothing
    /// (see `docs/vault-format.md`). Refused while the register is open elsewhere
    /// ([`Error::InUse`]). Afterwards this machine's keychain holds the Secret Key
    /// (stored again if it was lost; best effort).
    pub fn change_password(
        &mut self,
        new_password: &SecretString,
        keychain: &Keychain,
    ) -> Result<()> {
        self.connection()?;
        let slots = read_slots(&self.dir)?;
        // Never re-MAC (and so bless) a file someone else changed.
        slots.verify_mac(&self.master)?;
        let kdf = slots
            .slots
            .iter()
            .find(|slot| slot.kind == SlotKind::Password)
            .map(|slot| PasswordSlotParams::decode(&slot.params))
            .transpose()?
            .map_or(KdfParams::FLOOR, |p| p.kdf);
        // Argon2id before the register is taken for the change.
        let new = NewPasswordSlot::derive(new_password, &self.secret_key, kdf)?;
        self.with_register_alone(|vault| vault.rotate_master_key(KeyChange::NewPassword(&new)))?;
        if keychain.get(&slots.register_id).ok().flatten().as_ref() != Some(&self.secret_key) {
            let _ = keychain.put(&slots.register_id, &self.secret_key);
        }
        Ok(())
    }

    /// Deletes the register: database, key slots, profile, attempts and the Secret Key
    /// in this machine's keychain.
    pub fn delete(self, keychain: &Keychain) -> Result<()> {
        let mut vault = self;
        vault.connection()?;
        let register_id = state::register_id(&vault.conn)?;
        let Vault { dir, conn, .. } = vault;
        drop(conn);
        // The key-slot file first: without it nothing else can be opened.
        let slots_first = std::iter::once(&SLOTS_FILE)
            .chain(layout::ALL_FILES.iter().filter(|f| **f != SLOTS_FILE));
        for file in slots_first {
            let path = dir.join(file);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(format!("removing {}", path.display()), e)),
            }
        }
        crate::files::remove_temp_files(&dir, layout::TEMP_TARGETS);
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
}

/// Wraps `master` for `password` (fresh salt); returns the slot's key.
fn put_password_slot(
    slots: &mut SlotFile,
    password: &SecretString,
    secret_key: &SecretKey,
    kdf: KdfParams,
    master: &MasterKey,
) -> Result<Zeroizing<[u8; 32]>> {
    let new = NewPasswordSlot::derive(password, secret_key, kdf)?;
    slots.put_slot(
        SlotKind::Password,
        PASSWORD_SLOT_ID,
        new.params,
        &new.key,
        master,
    )?;
    Ok(new.key)
}

/// One password attempt, counted for the back-off before `unlock` (Argon2id) runs:
/// `unlock`'s result, where `WrongPassword` stays counted. Anything else takes the count
/// back (a password that opens, or an error that is no guess); the code that follows
/// counts on its own.
fn attempt_password<T>(
    attempts: &AttemptLog,
    slots: &SlotFile,
    unlock: impl FnOnce() -> Result<T>,
) -> Result<T> {
    // Damage that no password can get past is reported before anything is counted.
    password_slot_params(slots)?;
    let counted = attempts.begin(unix_now())?;
    let outcome = unlock();
    if !matches!(outcome, Err(Error::WrongPassword)) {
        attempts.withdraw(counted);
    }
    outcome
}

/// The parameters of every password slot; a file without one is damaged (a wrong
/// password can never be the reason it does not open).
fn password_slot_params(slots: &SlotFile) -> Result<Vec<PasswordSlotParams>> {
    let params: Vec<PasswordSlotParams> = slots
        .slots
        .iter()
        .filter(|slot| slot.kind == SlotKind::Password)
        .map(|slot| PasswordSlotParams::decode(&slot.params))
        .collect::<Result<_>>()?;
    if params.is_empty() {
        return Err(Error::Damaged(
            "the key-slot file has no password slot".into(),
        ));
    }
    Ok(params)
}

pub(crate) fn unwrap_with_password(
    slots: &SlotFile,
    password: &SecretString,
    secret_key: &SecretKey,
) -> Result<Option<(MasterKey, Zeroizing<[u8; 32]>)>> {
    password_slot_params(slots)?;
    for slot in slots
        .slots
        .iter()
        .filter(|slot| slot.kind == SlotKind::Password)
    {
        let params = PasswordSlotParams::decode(&slot.params)?;
        let slot_key = password_slot_key(password, secret_key, &params.salt, params.kdf).map_err(
            |e| match e {
                // Stored parameters were checked in decoding; should Argon2 still refuse
                // them, the file is at fault, not the user's choice.
                Error::KdfParameters(why) => Error::Damaged(format!("key derivation: {why}")),
                other => other,
            },
        )?;
        if let Some(master) = slots.open_slot(slot, &slot_key) {
            return Ok(Some((master, slot_key)));
        }
    }
    Ok(None)
}

/// The master key from `slots`' password slot with a known slot key (the same password
/// and salt), without running Argon2id again.
pub(crate) fn open_password_slot(slots: &SlotFile, slot_key: &[u8; 32]) -> Option<MasterKey> {
    slots
        .slots
        .iter()
        .filter(|slot| slot.kind == SlotKind::Password)
        .find_map(|slot| slots.open_slot(slot, slot_key))
}

pub(crate) fn read_slots(dir: &Path) -> Result<SlotFile> {
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
