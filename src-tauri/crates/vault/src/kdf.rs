//! Argon2id (RFC 9106) over the password, combined with the Secret Key.
//!
//! The slot key is `HKDF-SHA256(salt, Argon2id(password, salt, params) || SecretKey,
//! "levensregister/v1/password-slot")`. Parameters are calibrated when a register is
//! created and stored in its key slot; they never go below [`KdfParams::FLOOR`].

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::derive_key;
use crate::secret_key::SecretKey;

const LABEL_PASSWORD_SLOT: &[u8] = b"levensregister/v1/password-slot";

/// Argon2id cost: memory in KiB, iterations, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes (parallelism).
    pub parallelism: u32,
}

impl KdfParams {
    /// The least any register may use: 64 MiB, 3 passes, 4 lanes.
    pub const FLOOR: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 4,
    };

    /// What calibration aims at: one derivation between 0.5 and 1 s on this machine.
    pub const CALIBRATION_TARGET: Duration = Duration::from_secs(1);

    /// The most calibration will choose (1 GiB): beyond that older machines suffer.
    const CEILING_MEMORY_KIB: u32 = 1024 * 1024;

    /// Cheap parameters for tests, only in builds with the `insecure-test-hooks` feature
    /// and only when `LEVENSREGISTER_INSECURE_TEST_KDF=1` is set.
    #[cfg(any(test, feature = "insecure-test-hooks"))]
    const INSECURE_TEST: KdfParams = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    /// Refuses parameters below the floor (or absurdly large ones).
    pub fn check(self) -> Result<KdfParams> {
        if insecure_test_kdf() {
            return Ok(self);
        }
        let floor = KdfParams::FLOOR;
        if self.memory_kib < floor.memory_kib
            || self.iterations < floor.iterations
            || self.parallelism < floor.parallelism
        {
            return Err(Error::KdfParameters(format!(
                "at least {} MiB, {} iterations and parallelism {} are required",
                floor.memory_kib / 1024,
                floor.iterations,
                floor.parallelism
            )));
        }
        if self.memory_kib > 4 * 1024 * 1024 || self.iterations > 100 || self.parallelism > 64 {
            return Err(Error::KdfParameters(
                "more than 4 GiB, 100 iterations or 64 lanes".into(),
            ));
        }
        Ok(self)
    }

    /// Chooses parameters that take about `target` on this machine: the floor's
    /// iterations and lanes, with memory doubled from the floor while a hash stays
    /// under half the target (the next doubling then lands near the target).
    pub fn calibrate(target: Duration) -> Result<KdfParams> {
        #[cfg(any(test, feature = "insecure-test-hooks"))]
        if insecure_test_kdf() {
            return Ok(KdfParams::INSECURE_TEST);
        }
        let mut params = KdfParams::FLOOR;
        loop {
            let started = Instant::now();
            argon2id(params, b"calibration", &[0; 16])?;
            let took = started.elapsed();
            if took * 2 > target || params.memory_kib * 2 > KdfParams::CEILING_MEMORY_KIB {
                return Ok(params);
            }
            params.memory_kib *= 2;
        }
    }
}

/// True only in test builds that asked for cheap parameters.
fn insecure_test_kdf() -> bool {
    #[cfg(any(test, feature = "insecure-test-hooks"))]
    {
        INSECURE_TEST_KDF.load(std::sync::atomic::Ordering::Relaxed)
            || std::env::var("LEVENSREGISTER_INSECURE_TEST_KDF").is_ok_and(|v| v == "1")
    }
    #[cfg(not(any(test, feature = "insecure-test-hooks")))]
    {
        false
    }
}

#[cfg(any(test, feature = "insecure-test-hooks"))]
static INSECURE_TEST_KDF: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Test builds only: from now on this process creates registers with cheap Argon2
/// parameters and accepts them. (The CLI's tests set `LEVENSREGISTER_INSECURE_TEST_KDF=1`.)
#[cfg(any(test, feature = "insecure-test-hooks"))]
pub fn enable_insecure_test_kdf() {
    INSECURE_TEST_KDF.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The key that wraps the master key in a password slot.
pub(crate) fn password_slot_key(
    password: &SecretString,
    secret_key: &SecretKey,
    salt: &[u8; 16],
    params: KdfParams,
) -> Result<Zeroizing<[u8; 32]>> {
    let normalized: Zeroizing<String> = Zeroizing::new(password.expose_secret().nfc().collect());
    let stretched = argon2id(params.check()?, normalized.as_bytes(), salt)?;
    let mut ikm = Zeroizing::new([0u8; 48]);
    ikm[..32].copy_from_slice(stretched.as_ref());
    ikm[32..].copy_from_slice(secret_key.as_bytes());
    Ok(derive_key(Some(salt), ikm.as_ref(), LABEL_PASSWORD_SLOT))
}

fn argon2id(params: KdfParams, password: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let argon_params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(32),
    )
    .map_err(|e| Error::KdfParameters(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params)
        .hash_password_into(password, salt, out.as_mut())
        .map_err(|e| Error::KdfParameters(e.to_string()))?;
    Ok(out)
}

/// How long one password-slot derivation takes with these parameters (for benchmarks).
pub fn measure_kdf(params: KdfParams) -> Result<Duration> {
    let started = Instant::now();
    argon2id(params, b"benchmark password", &[1; 16])?;
    Ok(started.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_is_enforced() {
        let weak = KdfParams {
            memory_kib: 32 * 1024,
            iterations: 3,
            parallelism: 4,
        };
        assert!(matches!(weak.check(), Err(Error::KdfParameters(_))));
        assert!(KdfParams::FLOOR.check().is_ok());
    }

    #[test]
    fn argon2id_matches_rfc9106_style_known_answer() {
        // Stability check: the same inputs always give the same key, different salts differ.
        let p = KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        let a = argon2id(p, b"password", &[1; 16]).unwrap();
        let b = argon2id(p, b"password", &[1; 16]).unwrap();
        let c = argon2id(p, b"password", &[2; 16]).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
