//! Storage and crypto of one Levensregister register.
//!
//! Owns: the SQLCipher database keyed from a random master key (HKDF), the key-slot
//! file that wraps the master key (password + Secret Key through Argon2id; recovery
//! secrets from the Emergency Kit or SLIP-39 shares), the trusted persons' export copy,
//! the authenticator (TOTP) with replay protection, the back-off after
//! failed attempts and the keychain that remembers the Secret Key. Knows nothing of
//! the register's content (that is `levensregister-core`) or of any user interface.
//! The file formats are specified in `docs/vault-format.md`.
//!
//! Test hooks (cheap Argon2, a settable clock) exist only with the `insecure-test-hooks`
//! feature AND debug assertions: an optimized build never has them, even when
//! `cargo test --release` unifies the dev-dependency feature into it.

mod backoff;
mod database;
mod error;
mod export;
mod files;
mod forgot;
mod kdf;
mod keychain;
mod keys;
mod layout;
mod recovery;
mod rotation;
mod secret_key;
mod secrets;
mod slots;
mod state;
mod totp;
mod vault;

pub use backoff::Attempts;
pub use error::{Error, Result, is_damage};
pub use export::{EXPORT_KEY_INFO, ExportDatabase, ExportKey};
pub use files::write_private_file;
#[cfg(any(test, all(feature = "insecure-test-hooks", debug_assertions)))]
pub use kdf::enable_insecure_test_kdf;
pub use kdf::{KdfParams, measure_kdf};
pub use keychain::Keychain;
pub use keys::MasterKey;
pub use layout::{ATTEMPTS_FILE, DATABASE_FILE, PROFILE_FILE, Profile, SLOTS_FILE, holds_register};
pub use recovery::{
    RECOVERY_SECRET_LEN, RecoveryPurpose, RecoveryRecord, RecoverySecret, recovery_set_ids,
};
pub use secret_key::SecretKey;
pub use slots::{KeySlot, SlotFile, SlotKind};
#[cfg(any(test, all(feature = "insecure-test-hooks", debug_assertions)))]
pub use totp::test_clock;
pub use totp::unix_now;
pub use totp::{ISSUER, TotpSecret};
pub use vault::{Enrolment, OpenTimings, Vault};
