//! The authenticator (RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30 s), as Google
//! Authenticator does it.
//!
//! Offline, TOTP adds no encryption: its secret lives inside the encrypted database,
//! next to the data. It is a gate (the register opens only after a valid, never used
//! code) and a confirmation for sensitive actions.

use totp_rs::{Algorithm, Builder, Totp};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::random_bytes;

/// The issuer shown in the authenticator app.
pub const ISSUER: &str = "Levensregister";
const STEP_SECONDS: u64 = 30;
/// One step either side of now is accepted (clock drift, slow typing).
const SKEW_STEPS: u64 = 1;

/// A register's TOTP secret (160 bits).
#[derive(Clone)]
pub struct TotpSecret(Zeroizing<Vec<u8>>);

impl TotpSecret {
    /// A fresh random secret.
    pub fn generate() -> Result<TotpSecret> {
        Ok(TotpSecret(Zeroizing::new(random_bytes::<20>()?.to_vec())))
    }

    /// Reads a secret as an authenticator app shows it (base32; spaces and case ignored).
    pub fn from_base32(text: &str) -> Result<TotpSecret> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        data_encoding::BASE32_NOPAD
            .decode(compact.to_ascii_uppercase().as_bytes())
            .ok()
            .filter(|bytes| bytes.len() >= 16)
            .map(TotpSecret::from_bytes)
            .ok_or_else(|| Error::Authenticator("not a base32 secret of at least 128 bits".into()))
    }

    pub(crate) fn from_bytes(bytes: Vec<u8>) -> TotpSecret {
        TotpSecret(Zeroizing::new(bytes))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Base32 without padding, as authenticator apps take it.
    pub fn base32(&self) -> Zeroizing<String> {
        Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&self.0))
    }

    /// Base32 in groups of four for reading aloud or typing: `ABCD EFGH …`.
    pub fn base32_grouped(&self) -> Zeroizing<String> {
        let plain = self.base32();
        let mut out = Zeroizing::new(String::with_capacity(plain.len() + plain.len() / 4));
        for (index, c) in plain.chars().enumerate() {
            if index > 0 && index % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }

    /// The `otpauth://totp/…` URI that the QR code carries.
    pub fn uri(&self, register_name: &str) -> Result<Zeroizing<String>> {
        let totp = self.totp(register_name)?;
        totp.to_url()
            .map(Zeroizing::new)
            .map_err(|e| Error::Authenticator(e.to_string()))
    }

    /// The code for the time step containing `unix_seconds` (for tests and benchmarks).
    pub fn code_at(&self, unix_seconds: u64) -> Result<String> {
        Ok(self.totp("x")?.generate(unix_seconds).to_string())
    }

    /// Finds the time step of `code` near `now`; refuses codes of steps at or before
    /// `last_used_step`. Returns the step to record as used.
    pub fn check(&self, code: &str, now: u64, last_used_step: Option<u64>) -> Result<u64> {
        let code: String = code
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::WrongCode);
        }
        let totp = self.totp("x")?;
        let current = now / STEP_SECONDS;
        let window = current.saturating_sub(SKEW_STEPS)..=current + SKEW_STEPS;
        let mut reused = false;
        for step in window {
            if totp.generate(step * STEP_SECONDS).to_string() == code {
                if last_used_step.is_some_and(|last| step <= last) {
                    reused = true;
                } else {
                    return Ok(step);
                }
            }
        }
        Err(if reused {
            Error::CodeReused
        } else {
            Error::WrongCode
        })
    }

    fn totp(&self, account: &str) -> Result<Totp> {
        // An account name may not contain ':' in an otpauth URI.
        let account: String = account.replace(':', " ");
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(6)
            .with_step_duration(STEP_SECONDS)
            .with_skew(SKEW_STEPS as u16)
            .with_secret(self.0.to_vec())
            .with_issuer(Some(ISSUER))
            .with_account_name(account)
            .build()
            .map_err(|e| Error::Authenticator(e.to_string()))
    }
}

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

/// Seconds since the Unix epoch by the system clock (in test builds, the clock a test set).
pub fn unix_now() -> u64 {
    #[cfg(any(test, all(feature = "insecure-test-hooks", debug_assertions)))]
    if let Some(now) = test_clock::now() {
        return now;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Test builds only: a clock a test sets, so it need not wait 30 s for each fresh code.
#[cfg(any(test, all(feature = "insecure-test-hooks", debug_assertions)))]
pub mod test_clock {
    use std::cell::Cell;

    thread_local! {
        static NOW: Cell<Option<u64>> = const { Cell::new(None) };
    }

    /// Sets (or with `None`, clears) the clock of the calling thread.
    pub fn set_for_this_thread(now: Option<u64>) {
        NOW.with(|cell| cell.set(now));
    }

    /// This thread's clock, else `LEVENSREGISTER_INSECURE_TEST_CLOCK` (for processes
    /// started by tests), else the number in the file `LEVENSREGISTER_INSECURE_TEST_CLOCK_FILE`
    /// (for a long-running app that a test drives), else none.
    pub(crate) fn now() -> Option<u64> {
        NOW.with(Cell::get)
            .or_else(|| {
                std::env::var("LEVENSREGISTER_INSECURE_TEST_CLOCK")
                    .ok()?
                    .parse()
                    .ok()
            })
            .or_else(|| {
                let path = std::env::var_os("LEVENSREGISTER_INSECURE_TEST_CLOCK_FILE")?;
                std::fs::read_to_string(path).ok()?.trim().parse().ok()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to 6 digits.
    #[test]
    fn rfc6238_vectors() {
        let secret = TotpSecret::from_bytes(b"12345678901234567890".to_vec());
        for (time, code) in [
            (59, "287082"),
            (1111111109, "081804"),
            (1234567890, "005924"),
            (2000000000, "279037"),
        ] {
            assert_eq!(secret.code_at(time).unwrap(), code);
        }
    }

    #[test]
    fn replayed_and_older_steps_are_refused() {
        let secret = TotpSecret::generate().unwrap();
        let now = 1_800_000_000;
        let code = secret.code_at(now).unwrap();
        let step = secret.check(&code, now, None).unwrap();
        assert_eq!(step, now / 30);
        assert!(matches!(
            secret.check(&code, now, Some(step)),
            Err(Error::CodeReused)
        ));
        let previous = secret.code_at(now - 30).unwrap();
        assert!(matches!(
            secret.check(&previous, now, Some(step)),
            Err(Error::CodeReused)
        ));
        let next = secret.code_at(now + 30).unwrap();
        assert_eq!(secret.check(&next, now, Some(step)).unwrap(), step + 1);
    }

    #[test]
    fn skew_of_one_step_and_no_more() {
        let secret = TotpSecret::generate().unwrap();
        let now = 1_800_000_015;
        assert!(
            secret
                .check(&secret.code_at(now - 30).unwrap(), now, None)
                .is_ok()
        );
        assert!(
            secret
                .check(&secret.code_at(now + 30).unwrap(), now, None)
                .is_ok()
        );
        let far = secret.code_at(now - 90).unwrap();
        if far != secret.code_at(now - 30).unwrap()
            && far != secret.code_at(now).unwrap()
            && far != secret.code_at(now + 30).unwrap()
        {
            assert!(matches!(
                secret.check(&far, now, None),
                Err(Error::WrongCode)
            ));
        }
        assert!(matches!(
            secret.check("12345", now, None),
            Err(Error::WrongCode)
        ));
        assert!(matches!(
            secret.check("abcdef", now, None),
            Err(Error::WrongCode)
        ));
    }

    #[test]
    fn uri_names_issuer_and_register() {
        let secret = TotpSecret::generate().unwrap();
        let uri = secret.uri("Jan: thuis").unwrap();
        assert!(uri.starts_with("otpauth://totp/"));
        assert!(uri.contains("issuer=Levensregister"));
        assert!(uri.contains(secret.base32().as_str()));
        assert_eq!(secret.base32_grouped().replace(' ', ""), *secret.base32());
    }
}
