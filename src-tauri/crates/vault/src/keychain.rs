//! Where this machine remembers each register's Secret Key.
//!
//! The OS keychain (on Linux the Secret Service, through `keyring-core`) when there is
//! one. A headless Linux machine has none: then the key goes in a file readable only by
//! the user (0600) in the user's config folder, and the program says so. Tests use the
//! in-memory store of `keyring-core` or a file store in a temp folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret_key::SecretKey;

const SERVICE: &str = "Levensregister";

/// The store of Secret Keys on this machine.
#[derive(Clone)]
pub struct Keychain {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Store {
        store: Arc<CredentialStore>,
        name: &'static str,
    },
    File(PathBuf),
    /// No keychain and no home or config folder to keep key files in.
    Unavailable,
}

impl Keychain {
    /// The OS keychain if there is one, else a 0600 file folder in the user's config
    /// directory. `LEVENSREGISTER_KEYCHAIN=file` chooses the file folder always.
    pub fn system() -> Keychain {
        let forced_file = std::env::var("LEVENSREGISTER_KEYCHAIN").is_ok_and(|v| v == "file");
        if !forced_file && let Some(store) = os_store() {
            return Keychain {
                backend: Backend::Store { store, name: "os" },
            };
        }
        Keychain::file_or_unavailable(default_file_dir())
    }

    /// Key files under `dir`, or (without a folder) a keychain that refuses at use.
    fn file_or_unavailable(dir: Option<PathBuf>) -> Keychain {
        match dir {
            Some(dir) => Keychain::file(dir),
            None => Keychain {
                backend: Backend::Unavailable,
            },
        }
    }

    /// Secret Keys in files under `dir` (one per register, mode 0600).
    pub fn file(dir: PathBuf) -> Keychain {
        Keychain {
            backend: Backend::File(dir),
        }
    }

    /// An in-memory keychain (the `keyring-core` mock store), for tests.
    pub fn in_memory() -> Result<Keychain> {
        let store: Arc<CredentialStore> =
            keyring_core::mock::Store::new().map_err(|e| Error::Keychain(e.to_string()))?;
        Ok(Keychain {
            backend: Backend::Store {
                store,
                name: "memory",
            },
        })
    }

    /// When the keys are kept in files, the sentence that tells the user so.
    pub fn file_notice(&self, dutch: bool) -> Option<String> {
        let dir = match &self.backend {
            Backend::File(dir) => dir,
            Backend::Unavailable => {
                return Some(if dutch { UNAVAILABLE_NL } else { UNAVAILABLE }.to_string());
            }
            Backend::Store { .. } => return None,
        };
        Some(if dutch {
            format!(
                "Er is geen sleutelhanger van het systeem; de geheime sleutel staat in een \
                 bestand dat alleen u kunt lezen, in {}",
                dir.display()
            )
        } else {
            format!(
                "No system keychain is available; the Secret Key is kept in a file only you \
                 can read, in {}",
                dir.display()
            )
        })
    }

    /// The Secret Key of register `register_id`, if this machine knows it.
    pub fn get(&self, register_id: &[u8; 16]) -> Result<Option<SecretKey>> {
        let account = account(register_id);
        let bytes: Zeroizing<Vec<u8>> = match &self.backend {
            Backend::Store { store, .. } => match entry(store, &account)?.get_secret() {
                Ok(bytes) => Zeroizing::new(bytes),
                Err(keyring_core::Error::NoEntry) => return Ok(None),
                Err(e) => return Err(Error::Keychain(e.to_string())),
            },
            Backend::File(dir) => match std::fs::read(key_file(dir, &account)) {
                Ok(bytes) => Zeroizing::new(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(Error::io("reading the Secret Key file", e)),
            },
            Backend::Unavailable => return Err(Error::Keychain(UNAVAILABLE.into())),
        };
        let array: [u8; 16] = bytes.as_slice().try_into().map_err(|_| {
            Error::Keychain(
                "the Secret Key stored on this machine is damaged; \
                 enter the Secret Key from the Emergency Kit"
                    .into(),
            )
        })?;
        Ok(Some(SecretKey::from_bytes(array)))
    }

    /// Remembers the Secret Key of register `register_id`.
    pub fn put(&self, register_id: &[u8; 16], key: &SecretKey) -> Result<()> {
        let account = account(register_id);
        match &self.backend {
            Backend::Store { store, .. } => entry(store, &account)?
                .set_secret(key.as_bytes())
                .map_err(|e| Error::Keychain(e.to_string())),
            Backend::File(dir) => write_private(dir, &key_file(dir, &account), key.as_bytes()),
            Backend::Unavailable => Err(Error::Keychain(UNAVAILABLE.into())),
        }
    }

    /// Forgets the Secret Key of register `register_id` (no error if it was not there).
    pub fn delete(&self, register_id: &[u8; 16]) -> Result<()> {
        let account = account(register_id);
        match &self.backend {
            Backend::Store { store, .. } => match entry(store, &account)?.delete_credential() {
                Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
                Err(e) => Err(Error::Keychain(e.to_string())),
            },
            Backend::File(dir) => match std::fs::remove_file(key_file(dir, &account)) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(Error::io("removing the Secret Key file", e)),
            },
            Backend::Unavailable => Err(Error::Keychain(UNAVAILABLE.into())),
        }
    }
}

impl std::fmt::Debug for Keychain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.backend {
            Backend::Store { name, .. } => write!(f, "Keychain({name})"),
            Backend::File(dir) => write!(f, "Keychain(file: {})", dir.display()),
            Backend::Unavailable => f.write_str("Keychain(unavailable)"),
        }
    }
}

fn account(register_id: &[u8; 16]) -> String {
    data_encoding::HEXLOWER.encode(register_id)
}

fn entry(store: &Arc<CredentialStore>, account: &str) -> Result<Entry> {
    Entry::new_in_store(store, SERVICE, account).map_err(|e| Error::Keychain(e.to_string()))
}

fn key_file(dir: &Path, account: &str) -> PathBuf {
    dir.join(format!("{account}.key"))
}

const UNAVAILABLE: &str = "no place to keep the Secret Key: there is no system keychain \
     and no home or config folder";

const UNAVAILABLE_NL: &str = "geen plek om de geheime sleutel te bewaren: er is geen \
     sleutelhanger van het systeem en geen thuis- of configuratiemap";

/// The user's config folder for key files (`$XDG_CONFIG_HOME/levensregister/secret-keys`),
/// `None` without a home or config folder. Never a relative path: that would put the
/// Secret Key wherever the program happens to be started.
fn default_file_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("nl", "Levensregister", "levensregister")
        .map(|dirs| dirs.config_dir().join("secret-keys"))
        .filter(|dir| dir.is_absolute())
}

#[cfg(target_os = "linux")]
fn os_store() -> Option<Arc<CredentialStore>> {
    // Connecting fails at once when no Secret Service runs (a headless machine).
    let store = dbus_secret_service_keyring_store::Store::new().ok()?;
    let store: Arc<CredentialStore> = store;
    // A service may be present but locked or refusing; probe it once.
    let probe = Entry::new_in_store(&store, SERVICE, "probe").ok()?;
    match probe.get_secret() {
        Ok(_) | Err(keyring_core::Error::NoEntry) => Some(store),
        Err(_) => None,
    }
}

#[cfg(not(target_os = "linux"))]
fn os_store() -> Option<Arc<CredentialStore>> {
    None
}

/// Atomically, 0600 whatever the old file's mode, and replacing (never following) a
/// symlink at `path`.
fn write_private(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    let context = || format!("writing the Secret Key file in {}", dir.display());
    create_private_dir(dir).map_err(|e| Error::io(context(), e))?;
    crate::files::write_private_file(path, bytes)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(keychain: &Keychain) {
        let id = [9u8; 16];
        assert!(keychain.get(&id).unwrap().is_none());
        let key = SecretKey::generate().unwrap();
        keychain.put(&id, &key).unwrap();
        assert_eq!(keychain.get(&id).unwrap(), Some(key));
        keychain.delete(&id).unwrap();
        assert!(keychain.get(&id).unwrap().is_none());
        keychain.delete(&id).unwrap();
    }

    #[test]
    fn mock_store_round_trip() {
        round_trip(&Keychain::in_memory().unwrap());
    }

    #[test]
    fn file_store_round_trip_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = Keychain::file(dir.path().join("keys"));
        round_trip(&keychain);
        keychain
            .put(&[1; 16], &SecretKey::generate().unwrap())
            .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = dir
                .path()
                .join("keys")
                .join(format!("{}.key", account(&[1; 16])));
            let mode = std::fs::metadata(file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(keychain.file_notice(true).is_some());
    }

    #[test]
    fn without_a_home_folder_the_key_is_refused_not_put_in_the_working_folder() {
        if let Some(dir) = default_file_dir() {
            assert!(dir.is_absolute(), "{dir:?}");
        }
        let keychain = Keychain::file_or_unavailable(None);
        let refused = keychain.put(&[3; 16], &SecretKey::generate().unwrap());
        assert!(
            matches!(&refused, Err(Error::Keychain(why)) if why.contains("no place to keep the Secret Key")),
            "{refused:?}"
        );
        assert!(matches!(keychain.get(&[3; 16]), Err(Error::Keychain(_))));
        assert!(!Path::new(".levensregister-secret-keys").exists());
    }

    #[test]
    fn a_damaged_stored_key_says_to_use_the_emergency_kit() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = Keychain::file(dir.path().to_path_buf());
        std::fs::write(
            dir.path().join(format!("{}.key", account(&[4; 16]))),
            b"short",
        )
        .unwrap();
        let damaged = keychain.get(&[4; 16]);
        assert!(
            matches!(&damaged, Err(Error::Keychain(why)) if why.contains("enter the Secret Key from the Emergency Kit")),
            "{damaged:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_key_file_becomes_private_and_a_symlink_is_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        std::fs::create_dir(&keys).unwrap();
        let keychain = Keychain::file(keys.clone());
        let file = keys.join(format!("{}.key", account(&[5; 16])));
        std::fs::write(&file, [0u8; 16]).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let key = SecretKey::generate().unwrap();
        keychain.put(&[5; 16], &key).unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(keychain.get(&[5; 16]).unwrap(), Some(key.clone()));

        let target = dir.path().join("somewhere-else");
        std::fs::write(&target, b"not a key").unwrap();
        let linked = keys.join(format!("{}.key", account(&[6; 16])));
        std::os::unix::fs::symlink(&target, &linked).unwrap();
        keychain.put(&[6; 16], &key).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"not a key");
        assert_eq!(keychain.get(&[6; 16]).unwrap(), Some(key));
    }
}
