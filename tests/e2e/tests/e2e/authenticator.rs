//! The user's phone: a fake clock the app reads from a file, and codes from `oathtool`,
//! an RFC 6238 implementation independent of ours.
//!
//! A time step once used is refused (replay protection), so every login moves the
//! clock to the next 30-second step instead of waiting for it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The first fake time (2030-03-17), the start of a TOTP step.
const START: u64 = 1_900_000_020;
/// RFC 6238 time step.
const STEP: u64 = 30;

/// The clock file the app reads (`LEVENSREGISTER_INSECURE_TEST_CLOCK_FILE`).
pub struct FakeClock {
    file: PathBuf,
    now: u64,
}

impl FakeClock {
    /// Writes the start time to `file`.
    pub fn new(file: PathBuf) -> FakeClock {
        let clock = FakeClock { file, now: START };
        clock.write();
        clock
    }

    /// The file's path.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The current fake time.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Moves to the next step and returns the new time.
    pub fn next_step(&mut self) -> u64 {
        self.now = (self.now / STEP + 1) * STEP;
        self.write();
        self.now
    }

    /// Moves to the next step and returns that step's code for `secret`.
    pub fn fresh_code(&mut self, secret: &str) -> String {
        let at = self.next_step();
        totp(secret, at)
    }

    fn write(&self) {
        std::fs::write(&self.file, self.now.to_string()).expect("writing the clock file");
    }
}

/// The code `oathtool` computes for the base32 `secret` at unix time `at`.
pub fn totp(secret: &str, at: u64) -> String {
    let output = Command::new("oathtool")
        .args(["--totp", "-b", "-N", &format!("@{at}"), secret])
        .output()
        .expect("oathtool (apt install oathtool)");
    assert!(
        output.status.success(),
        "oathtool refused the secret: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let code = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "oathtool gave {code:?}"
    );
    code
}

/// The secret as the page shows it (grouped in fours) made fit for `oathtool`.
pub fn compact_secret(shown: &str) -> String {
    let secret: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        !secret.is_empty()
            && secret
                .chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)),
        "the authenticator secret on the page is not plain base32 (no trailing punctuation): {shown:?}"
    );
    secret
}
