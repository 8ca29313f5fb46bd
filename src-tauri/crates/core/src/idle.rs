//! Auto-lock: an open register locks itself after a quiet time the user chooses.

use std::time::{Duration, Instant};

/// When the register was last used, and how long it may stay unused.
#[derive(Debug, Clone, Copy)]
pub struct IdleLock {
    timeout: Duration,
    last_activity: Instant,
}

impl IdleLock {
    /// Starts counting now.
    pub fn new(timeout: Duration, now: Instant) -> IdleLock {
        IdleLock {
            timeout,
            last_activity: now,
        }
    }

    /// The user did something.
    pub fn touch(&mut self, now: Instant) {
        self.last_activity = self.last_activity.max(now);
    }

    /// A new quiet time, counted from the last activity.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// True once the register has been unused for the whole quiet time.
    pub fn is_due(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.last_activity) >= self.timeout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_quiet_time_and_activity_postpones_it() {
        let start = Instant::now();
        let minute = Duration::from_secs(60);
        let mut idle = IdleLock::new(5 * minute, start);
        assert!(!idle.is_due(start + 4 * minute));
        idle.touch(start + 4 * minute);
        assert!(!idle.is_due(start + 8 * minute));
        assert!(idle.is_due(start + 9 * minute));
        idle.set_timeout(10 * minute);
        assert!(!idle.is_due(start + 9 * minute));
    }
}
