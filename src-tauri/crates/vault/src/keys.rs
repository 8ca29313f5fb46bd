//! The master key and the keys derived from it (RFC 5869 HKDF-SHA256).

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Result};

/// HKDF `info` labels: one key per purpose, so no key is ever used twice.
pub(crate) const LABEL_DATABASE: &[u8] = b"levensregister/v1/sqlcipher";
pub(crate) const LABEL_SLOTS_MAC: &[u8] = b"levensregister/v1/keyslots-mac";

/// 256 random bits that key everything in a register. Lives only in memory while the
/// register is unlocked and is zeroized when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MasterKey([u8; 32]);

impl MasterKey {
    /// A fresh random master key.
    pub(crate) fn generate() -> Result<MasterKey> {
        let mut key = MasterKey([0; 32]);
        fill_random(&mut key.0)?;
        Ok(key)
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> MasterKey {
        MasterKey(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A 256-bit key for one purpose, derived with HKDF-SHA256 (no salt; MK is uniform).
    pub(crate) fn derive(&self, label: &[u8]) -> Zeroizing<[u8; 32]> {
        derive_key(None, &self.0, label)
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

/// HKDF-SHA256 extract-and-expand to 32 bytes.
pub(crate) fn derive_key(salt: Option<&[u8]>, ikm: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut okm = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(salt, ikm)
        .expand(info, okm.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    okm
}

/// Fills `buf` from the operating system's CSPRNG.
pub(crate) fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::Random)
}

/// `N` random bytes.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    fill_random(&mut bytes)?;
    Ok(bytes)
}
