//! "Forgot password": the Emergency Kit's phrase, or k trusted persons' shares, open
//! one's own register and set a new password; with a new authenticator when the phone
//! was lost.

use std::path::Path;

use levensregister_vault::{Keychain, Profile, SecretKey, TotpSecret, Vault};
use secrecy::SecretString;

use super::shares::recover_secret;
use crate::error::{Error, Result};
use crate::password::rate_password;

/// A register opened by recovery, with what the owner must now be shown.
#[derive(Debug)]
pub struct Recovery {
    /// The register: open, or (with a new authenticator) waiting for its first code.
    pub vault: Vault,
    /// A new Secret Key, when this machine's keychain had none (write it on a new kit).
    pub new_secret_key: Option<SecretKey>,
    /// The new authenticator, when one was asked for (to show as a QR code).
    pub new_authenticator: Option<TotpSecret>,
}

/// Opens the register in `dir` with the kit's phrase or k shares (`shares`: one text
/// per share) and sets `new_password`; the old password stops working.
pub fn recover_register(
    dir: &Path,
    shares: &[impl AsRef<str>],
    new_password: &SecretString,
    keychain: &Keychain,
    new_authenticator: bool,
) -> Result<Recovery> {
    let profile = Profile::read(dir)?;
    let strength = rate_password(new_password, &[profile.name.as_str(), "levensregister"]);
    if !strength.acceptable() {
        return Err(Error::WeakPassword(strength.problems));
    }
    let recovered = recover_secret(shares, None)?;
    let (mut vault, new_secret_key) =
        Vault::recover(dir, &recovered.secret, new_password, keychain)?;
    let new_authenticator = if new_authenticator {
        Some(vault.reset_authenticator()?)
    } else {
        crate::store::migrate(vault.connection()?)?;
        None
    };
    Ok(Recovery {
        vault,
        new_secret_key,
        new_authenticator,
    })
}
