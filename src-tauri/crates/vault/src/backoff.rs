//! Failed attempts slow down: a growing wait, kept in a file so a restart does not reset it.
//!
//! The first five failures cost nothing (typos happen); after that each failure doubles
//! the wait, from 1 s up to 15 minutes. A success clears the count. The file holds no
//! secret. Someone who can edit the register's folder can reset it: it slows guessing
//! through the program, while the Argon2id cost and the Secret Key protect a copied file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::slots::write_atomically;

const FREE_FAILURES: u32 = 5;
const MAX_WAIT_SECONDS: u64 = 15 * 60;

/// The persisted count of failed attempts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    /// Failures since the last success.
    pub failures: u32,
    /// Unix time of the last failure.
    pub last_failure: u64,
}

impl Attempts {
    /// The wait after `failures` failures.
    pub fn wait_seconds(failures: u32) -> u64 {
        if failures < FREE_FAILURES {
            0
        } else {
            let doublings = (failures - FREE_FAILURES).min(20);
            (1u64 << doublings).min(MAX_WAIT_SECONDS)
        }
    }

    /// Seconds still to wait at `now`; 0 when an attempt may be made.
    pub fn remaining(&self, now: u64) -> u64 {
        let until = self
            .last_failure
            .saturating_add(Attempts::wait_seconds(self.failures));
        until.saturating_sub(now)
    }
}

/// The attempts file of one register.
#[derive(Debug, Clone)]
pub(crate) struct AttemptLog {
    path: PathBuf,
}

impl AttemptLog {
    pub(crate) fn new(dir: &Path) -> AttemptLog {
        AttemptLog {
            path: dir.join(crate::layout::ATTEMPTS_FILE),
        }
    }

    /// The current count. A missing or unreadable file counts as no failures: whoever
    /// can damage it could delete it too, and a damaged file must not lock anyone out.
    pub(crate) fn read(&self) -> Attempts {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Refuses at once when the wait has not passed.
    pub(crate) fn check(&self, now: u64) -> Result<()> {
        match self.read().remaining(now) {
            0 => Ok(()),
            seconds => Err(Error::BackingOff(seconds)),
        }
    }

    pub(crate) fn record_failure(&self, now: u64) -> Result<()> {
        let mut attempts = self.read();
        attempts.failures = attempts.failures.saturating_add(1);
        attempts.last_failure = now;
        self.write(&attempts)
    }

    pub(crate) fn record_success(&self) -> Result<()> {
        if self.path.exists() {
            self.write(&Attempts::default())?;
        }
        Ok(())
    }

    fn write(&self, attempts: &Attempts) -> Result<()> {
        let bytes = serde_json::to_vec(attempts).map_err(|e| Error::io("attempts", e.into()))?;
        write_atomically(&self.path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_are_capped() {
        let waits: Vec<u64> = (0..8).map(Attempts::wait_seconds).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 1, 2, 4]);
        assert_eq!(Attempts::wait_seconds(40), MAX_WAIT_SECONDS);
    }

    #[test]
    fn persisted_across_instances() {
        let dir = tempfile::tempdir().unwrap();
        let log = AttemptLog::new(dir.path());
        for _ in 0..6 {
            log.record_failure(1000).unwrap();
        }
        let again = AttemptLog::new(dir.path());
        assert!(matches!(again.check(1001), Err(Error::BackingOff(1))));
        assert!(again.check(1002).is_ok());
        again.record_success().unwrap();
        assert_eq!(AttemptLog::new(dir.path()).read(), Attempts::default());
    }

    #[test]
    fn a_damaged_file_locks_nobody_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(crate::layout::ATTEMPTS_FILE), b"{garbage").unwrap();
        let log = AttemptLog::new(dir.path());
        assert!(log.check(5000).is_ok());
        log.record_failure(5000).unwrap();
        assert_eq!(log.read().failures, 1);
    }
}
