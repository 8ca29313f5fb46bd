//! Failed attempts slow down: a growing wait, kept in a file so a restart does not reset it.
//!
//! The first five failures cost nothing (typos happen); after that each failure doubles
//! the wait, from 1 s up to 15 minutes. A success clears the count. The file holds no
//! secret. Someone who can edit the register's folder can reset it: it slows guessing
//! through the program, while the Argon2id cost and the Secret Key protect a copied file.
//!
//! An attempt is counted BEFORE the slow work: under an exclusive lock on
//! `.attempts.lock`, the wait is checked and the attempt is recorded as a failure, and
//! only then does Argon2id (or the code check) run. So parallel guesses cannot all get
//! past the check: the sixth sees five counted failures and waits. A password that
//! opens the key slot takes its count back ([`AttemptLog::withdraw`]); the code step
//! then counts itself, and a valid code clears everything. Every guess (password or
//! code) thus counts once, and a correct login counts nothing in the end.
//!
//! The back-off is a speed bump, not a lock: when the attempts file or its lock cannot
//! be written (a read-only folder, a full disk), the attempt goes ahead, and a refusal
//! stays the refusal it is.

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::files::{lock_exclusively, write_atomically};

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

    /// Seconds still to wait at `now`; 0 when an attempt may be made. Never more than
    /// [`Attempts::wait_seconds`]: a last failure in the future (a clock set back, an
    /// edited file) counts as now.
    pub fn remaining(&self, now: u64) -> u64 {
        let last = self.last_failure.min(now);
        last.saturating_add(Attempts::wait_seconds(self.failures))
            .saturating_sub(now)
    }
}

/// An attempt counted in advance, to be withdrawn when its step succeeds.
#[derive(Debug)]
#[must_use = "an attempt stays counted as a failure unless it is withdrawn"]
pub(crate) struct Counted {
    stamp: u64,
    before: Attempts,
}

/// The attempts file of one register.
#[derive(Debug, Clone)]
pub(crate) struct AttemptLog {
    path: PathBuf,
    lock_path: PathBuf,
}

impl AttemptLog {
    pub(crate) fn new(dir: &Path) -> AttemptLog {
        AttemptLog {
            path: dir.join(crate::layout::ATTEMPTS_FILE),
            lock_path: dir.join(crate::layout::ATTEMPTS_LOCK_FILE),
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

    /// Before an attempt: refuses while the wait runs; otherwise records the attempt as
    /// a failure at `now` (under the lock, so parallel attempts are counted one by one).
    pub(crate) fn begin(&self, now: u64) -> Result<Counted> {
        let _lock = self.lock();
        let mut before = self.read();
        if before.last_failure > now {
            // A failure "in the future" (a clock set back, an edited file) counts as now,
            // once: the file is corrected, so the wait runs out like any other.
            before.last_failure = now;
            self.write_best_effort(&before);
        }
        match before.remaining(now) {
            0 => {}
            seconds => return Err(Error::BackingOff(seconds)),
        }
        self.write_best_effort(&Attempts {
            failures: before.failures.saturating_add(1),
            last_failure: now,
        });
        Ok(Counted { stamp: now, before })
    }

    /// The counted attempt was no failure after all (a password that opened, or an error
    /// that is not a guess): takes its count back, and its time too when no other
    /// attempt was counted since.
    pub(crate) fn withdraw(&self, counted: Counted) {
        let _lock = self.lock();
        let mut attempts = self.read();
        if attempts.failures == 0 {
            return;
        }
        attempts.failures -= 1;
        if attempts.failures == counted.before.failures && attempts.last_failure == counted.stamp {
            attempts.last_failure = counted.before.last_failure;
        }
        self.write_best_effort(&attempts);
    }

    /// A complete success (a valid code): clears the count.
    pub(crate) fn succeed(&self) {
        let _lock = self.lock();
        if self.path.exists() && self.read() != Attempts::default() {
            self.write_best_effort(&Attempts::default());
        }
    }

    /// An exclusive lock on the lock file, released when dropped; `None` when the lock
    /// file cannot be opened or locked (then attempts are counted without it).
    fn lock(&self) -> Option<File> {
        lock_exclusively(&self.lock_path).ok()
    }

    /// Writes the count; a failure to write must not turn a refusal into another error.
    fn write_best_effort(&self, attempts: &Attempts) {
        if let Ok(bytes) = serde_json::to_vec(attempts) {
            let _ = write_atomically(&self.path, &bytes);
        }
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
        for _ in 0..5 {
            let _failed = log.begin(1000).unwrap();
        }
        assert!(matches!(log.begin(1000), Err(Error::BackingOff(1))));
        let _failed = log.begin(1001).unwrap();
        let again = AttemptLog::new(dir.path());
        assert!(matches!(again.begin(1002), Err(Error::BackingOff(1))));
        assert!(again.begin(1003).is_ok());
        again.succeed();
        assert_eq!(AttemptLog::new(dir.path()).read(), Attempts::default());
    }

    #[test]
    fn a_damaged_file_locks_nobody_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(crate::layout::ATTEMPTS_FILE), b"{garbage").unwrap();
        let log = AttemptLog::new(dir.path());
        let _failed = log.begin(5000).unwrap();
        assert_eq!(log.read().failures, 1);
    }

    #[test]
    fn a_last_failure_in_the_future_waits_no_longer_than_the_cap() {
        let far = Attempts {
            failures: 40,
            last_failure: u64::MAX,
        };
        assert_eq!(far.remaining(1000), MAX_WAIT_SECONDS);
        let near = Attempts {
            failures: 6,
            last_failure: 1_000_000,
        };
        assert_eq!(near.remaining(1000), 2);
        assert_eq!(near.remaining(1001), 2);

        let dir = tempfile::tempdir().unwrap();
        let log = AttemptLog::new(dir.path());
        log.write_best_effort(&near);
        assert!(matches!(log.begin(1000), Err(Error::BackingOff(2))));
        assert!(matches!(log.begin(1001), Err(Error::BackingOff(1))));
        let password = log.begin(1002).unwrap();
        log.withdraw(password);
        let _code = log.begin(1002).unwrap();
    }

    #[test]
    fn attempts_are_counted_before_the_work_and_withdrawn_on_success() {
        let dir = tempfile::tempdir().unwrap();
        let log = AttemptLog::new(dir.path());
        // Five attempts in flight at once: the sixth is refused before any work.
        let in_flight: Vec<Counted> = (0..5).map(|_| log.begin(2000).unwrap()).collect();
        assert!(matches!(log.begin(2000), Err(Error::BackingOff(1))));
        // All five turned out to be right: the count goes back to nothing.
        for counted in in_flight {
            log.withdraw(counted);
        }
        assert_eq!(log.read().failures, 0);
        assert_eq!(log.read().remaining(2000), 0);
    }

    #[test]
    fn two_typos_then_a_login_is_never_backed_off() {
        let dir = tempfile::tempdir().unwrap();
        let log = AttemptLog::new(dir.path());
        for now in [3000, 3001, 3002, 3003] {
            // Two wrong passwords, then the right one and its code: four logins' worth
            // of typos still leave the login free, at the very same second.
            let _wrong = log.begin(now).unwrap();
            let _wrong = log.begin(now).unwrap();
            let password = log.begin(now).unwrap();
            log.withdraw(password);
            let _code = log.begin(now).unwrap();
            log.succeed();
            assert_eq!(log.read(), Attempts::default());
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_unwritable_attempts_file_does_not_block() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let log = AttemptLog::new(dir.path());
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
        let counted = log.begin(4000);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        assert!(counted.is_ok());
    }
}
