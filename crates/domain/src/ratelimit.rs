//! The per-token rate limit (API-3): at most `limit` requests in any window of `window_ms`.
//!
//! A sliding log keeps the instants of the accepted requests of the last window, so the rule
//! holds for *any* window, not only for aligned minutes.

use std::collections::VecDeque;

/// What the limiter answers for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateDecision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until a slot frees up (rounded up); 0 when nothing is counted.
    pub reset_secs: u64,
}

/// The accepted requests of one token within the last window.
#[derive(Debug, Default, Clone)]
pub struct SlidingLog {
    hits: VecDeque<i64>,
}

impl SlidingLog {
    /// Counts a request at `now_ms` if it fits, and says so.
    pub fn check(&mut self, now_ms: i64, limit: u32, window_ms: i64) -> RateDecision {
        while self.hits.front().is_some_and(|&t| t <= now_ms - window_ms) {
            self.hits.pop_front();
        }
        let allowed = self.hits.len() < limit as usize;
        if allowed {
            self.hits.push_back(now_ms);
        }
        let reset_ms = self
            .hits
            .front()
            .map_or(0, |&oldest| (oldest + window_ms - now_ms).max(0));
        RateDecision {
            allowed,
            limit,
            remaining: limit.saturating_sub(self.hits.len() as u32),
            reset_secs: (reset_ms as u64).div_ceil(1000),
        }
    }

    /// Whether the log holds nothing that still counts at `now_ms` (so it may be dropped).
    pub fn is_idle(&self, now_ms: i64, window_ms: i64) -> bool {
        self.hits.back().is_none_or(|&t| t <= now_ms - window_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_3_sixty_first_request_in_a_minute_is_refused() {
        let mut log = SlidingLog::default();
        for i in 0..60 {
            let d = log.check(i * 100, 60, 60_000);
            assert!(d.allowed);
            assert_eq!(d.remaining, 59 - i as u32);
        }
        let refused = log.check(6_500, 60, 60_000);
        assert!(!refused.allowed);
        assert_eq!(refused.remaining, 0);
        // The first request (t = 0) leaves the window at t = 60 000: 53.5 s, rounded up.
        assert_eq!(refused.reset_secs, 54);
        assert!(log.check(60_000, 60, 60_000).allowed);
    }

    #[test]
    fn api_3_limit_holds_for_any_window_not_only_aligned_minutes() {
        let mut log = SlidingLog::default();
        // 60 requests at the end of one minute ...
        for i in 0..60 {
            assert!(log.check(59_000 + i, 60, 60_000).allowed);
        }
        // ... leave no room at the start of the next one.
        assert!(!log.check(61_000, 60, 60_000).allowed);
    }
}
