//! Sign-in lock-out (ACC-4): after `threshold` failures within `window`, further attempts are
//! refused for `lock` counted from the failure that reached the threshold.

use time::{Duration, OffsetDateTime};

/// One lock-out rule: per account (5 in 15 min) or per client IP (20 in 15 min).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub threshold: usize,
    pub window: Duration,
    pub lock: Duration,
}

impl LockoutPolicy {
    pub fn per_account() -> LockoutPolicy {
        LockoutPolicy {
            threshold: 5,
            window: Duration::minutes(15),
            lock: Duration::minutes(15),
        }
    }

    pub fn per_ip() -> LockoutPolicy {
        LockoutPolicy {
            threshold: 20,
            ..LockoutPolicy::per_account()
        }
    }

    /// How far back failures matter to `locked_until`.
    pub fn horizon(&self) -> Duration {
        self.window + self.lock
    }

    /// Returns the instant until which sign-in is refused, if it is refused at `now`.
    /// `failures` are the failure instants, in any order.
    pub fn locked_until(&self, failures: &[OffsetDateTime], now: OffsetDateTime) -> Option<OffsetDateTime> {
        if self.threshold == 0 || failures.len() < self.threshold {
            return None;
        }
        let mut sorted = failures.to_vec();
        sorted.sort();
        // The failure at index i reaches the threshold when the one `threshold - 1` places
        // earlier lies inside the window ending at it.
        let until = (self.threshold - 1..sorted.len())
            .filter(|&i| sorted[i] - sorted[i + 1 - self.threshold] < self.window)
            .map(|i| sorted[i] + self.lock)
            .max()?;
        (until > now).then_some(until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-11-22 10:00 UTC);

    fn minutes(ms: &[i64]) -> Vec<OffsetDateTime> {
        ms.iter().map(|m| T0 + Duration::minutes(*m)).collect()
    }

    #[test]
    fn acc_4_five_failures_lock_for_fifteen_minutes() {
        let p = LockoutPolicy::per_account();
        let f = minutes(&[0, 1, 2, 3, 4]);
        assert_eq!(p.locked_until(&f[..4], T0 + Duration::minutes(5)), None);
        let until = p.locked_until(&f, T0 + Duration::minutes(5));
        assert_eq!(until, Some(T0 + Duration::minutes(19)));
        assert_eq!(p.locked_until(&f, T0 + Duration::minutes(19)), None);
    }

    #[test]
    fn acc_4_failures_spread_over_more_than_the_window_do_not_lock() {
        let p = LockoutPolicy::per_account();
        let f = minutes(&[0, 4, 8, 12, 16]);
        assert_eq!(p.locked_until(&f, T0 + Duration::minutes(16)), None);
    }

    #[test]
    fn acc_4_ip_threshold_is_twenty() {
        let p = LockoutPolicy::per_ip();
        let f: Vec<_> = (0..19).map(|i| T0 + Duration::seconds(i)).collect();
        assert_eq!(p.locked_until(&f, T0 + Duration::minutes(1)), None);
        let mut f20 = f.clone();
        f20.push(T0 + Duration::seconds(30));
        assert!(p.locked_until(&f20, T0 + Duration::minutes(1)).is_some());
    }
}
