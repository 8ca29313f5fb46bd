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

    /// The most any register may use (1 GiB): beyond that older machines suffer.
    const CEILING_MEMORY_KIB: u32 = 1024 * 1024;
    /// The most passes any register may use.
    const CEILING_ITERATIONS: u32 = 100;
    /// The most lanes any register may use.
    const CEILING_PARALLELISM: u32 = 64;

    /// Cheap parameters for tests, only in unoptimized builds with the
    /// `insecure-test-hooks` feature (debug assertions on) and only when `LEVENSREGISTER_INSECURE_TEST_KDF=1` is set.
    #[cfg(any(test, all(feature = "insecure-test-hooks", debug_assertions)))]
    const INSECURE_TEST: KdfParams = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    /// Refuses parameters below the floor (or above the ceiling: 1 GiB, 100 passes,
    /// 64 lanes).
    pub fn check(self) -> Result<KdfParams> {
        if insecure_test_kdf() {
            return Ok(self);
        }
        self.within_bounds()
            .map(|()| self)
            .map_err(Error::KdfParameters)
    }

    /// Checks parameters read from a key-slot file: what no register of ours can have
    /// (below the floor, above the ceiling, or refused by Argon2) means the file is
    /// damaged, never that the user chose badly.
    pub(crate) fn check_stored(self) -> Result<KdfParams> {
        let bounds = if insecure_test_kdf() {
            self.below_ceiling()
        } else {
            self.within_bounds()
        };
        bounds
            .and_then(|()| {
                Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
            .map(|()| self)
            .map_err(|why| Error::Damaged(format!("impossible key derivation parameters: {why}")))
    }

    fn within_bounds(self) -> std::result::Result<(), String> {
        let floor = KdfParams::FLOOR;
        if self.memory_kib < floor.memory_kib
            || self.iterations < floor.iterations
            || self.parallelism < floor.parallelism
        {
            return Err(format!(
                "at least {} MiB, {} iterations and parallelism {} are required",
                floor.memory_kib / 1024,
                floor.iterations,
                floor.parallelism
            ));
        }
        self.below_ceiling()
    }

    fn below_ceiling(self) -> std::result::Result<(), String> {
        if self.memory_kib > KdfParams::CEILING_MEMORY_KIB
            || self.iterations > KdfParams::CEILING_ITERATIONS
            || self.parallelism > KdfParams::CEILING_PARALLELISM
        {
            return Err(format!(
                "at most {} MiB, {} iterations and parallelism {} are allowed",
                KdfParams::CEILING_MEMORY_KIB / 1024,
                KdfParams::CEILING_ITERATIONS,
                KdfParams::CEILING_PARALLELISM
            ));
        }
        Ok(())
    }

    /// Chooses parameters that take about `target` on this machine: the floor's
    /// iterations and lanes, with memory doubled from the floor while a hash stays
    /// under half the target (the next doubling then lands near the target).
    pub fn calibrate(target: Duration) -> Result<KdfParams> {
        #[cfg(any(test, all(feature = "insecure-test-hooks", debug_assertions)))]
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

/// True only in test builds that asked for cheap parameters. Never in an optimized
/// build: the hooks need debug assertions, so `cargo test --release` (which unifies the
/// dev-dependency feature into the binary) still builds a binary without them.
fn insecure_test_kdf() -> bool {
    #[cfg(any(test, all(feature = "insecure-test-hooks", debug_assertions)))]
    {
        INSECURE_TEST_KDF.load(std::sync::atomic::Ordering::Relaxed)
            || std::env::var("LEVENSREGISTER_INSECURE_TEST_KDF").is_ok_and(|v| v == "1")
    }
    #[cfg(not(any(test, all(feature = "insecure-test-hooks", debug_assertions))))]
    {
        false
    }
}

#[cfg(any(test, all(feature = "insecure-test-hooks", debug_assertions)))]
static INSECURE_TEST_KDF: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Test builds only: from now on this process creates registers with cheap Argon2
/// parameters and accepts them. (The CLI's tests set `LEVENSREGISTER_INSECURE_TEST_KDF=1`.)
#[cfg(any(test, all(feature = "insecure-test-hooks", debug_assertions)))]
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
    let normalized = normalize_password(password.expose_secret());
    let stretched = argon2id(params.check()?, normalized.as_bytes(), salt)?;
    let mut ikm = Zeroizing::new([0u8; 48]);
    ikm[..32].copy_from_slice(stretched.as_ref());
    ikm[32..].copy_from_slice(secret_key.as_bytes());
    Ok(derive_key(Some(salt), ikm.as_ref(), LABEL_PASSWORD_SLOT))
}

/// The password in Unicode NFC, in zeroizing memory reserved up front: collecting into
/// a growing `String` would reallocate and leave unzeroized copies of the password on
/// the heap. NFC makes a UTF-8 string at most three times longer; four leaves room.
fn normalize_password(password: &str) -> Zeroizing<String> {
    let mut normalized = Zeroizing::new(String::with_capacity(4 * password.len()));
    normalized.extend(password.nfc());
    normalized
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
    fn the_ceiling_is_enforced() {
        let big = KdfParams {
            memory_kib: 2 * 1024 * 1024,
            ..KdfParams::FLOOR
        };
        assert!(matches!(big.check(), Err(Error::KdfParameters(_))));
        assert!(matches!(big.check_stored(), Err(Error::Damaged(_))));
        let ceiling = KdfParams {
            memory_kib: 1024 * 1024,
            iterations: 100,
            parallelism: 64,
        };
        assert!(ceiling.check().is_ok());
        assert!(ceiling.check_stored().is_ok());
    }

    #[test]
    fn stored_parameters_out_of_range_are_damage() {
        for params in [
            KdfParams {
                memory_kib: 32 * 1024,
                ..KdfParams::FLOOR
            },
            KdfParams {
                iterations: 101,
                ..KdfParams::FLOOR
            },
            KdfParams {
                parallelism: 65,
                ..KdfParams::FLOOR
            },
            KdfParams {
                memory_kib: 0,
                iterations: 0,
                parallelism: 0,
            },
        ] {
            if params.memory_kib == 32 * 1024 && insecure_test_kdf() {
                continue; // cheap parameters are allowed while a test asked for them
            }
            assert!(
                matches!(params.check_stored(), Err(Error::Damaged(_))),
                "{params:?}"
            );
        }
    }

    #[test]
    fn normalization_never_reallocates() {
        // U+1D160 (4 bytes) becomes three code points of 4 bytes each under NFC; U+FB2C
        // (3 bytes) three of 2 bytes; "e" + U+0301 composes to one shorter character.
        for password in [
            "Geheim-2026!",
            "\u{1D160}\u{1D160}x",
            "\u{FB2C}",
            "e\u{301}",
            "",
        ] {
            let normalized = normalize_password(password);
            assert_eq!(normalized.capacity(), 4 * password.len(), "{password:?}");
            assert_eq!(normalized.as_str(), password.nfc().collect::<String>());
        }
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
