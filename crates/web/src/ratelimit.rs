//! The per-token rate limit (API-3) as the edge applies it: one sliding log per token, timed
//! by the application's clock so tests move time instead of waiting.

use std::collections::HashMap;
use std::sync::Mutex;

use kontor_domain::ratelimit::{RateDecision, SlidingLog};

const WINDOW_MS: i64 = 60_000;

pub struct RateLimiter {
    per_minute: u32,
    logs: Mutex<HashMap<i64, SlidingLog>>,
}

impl RateLimiter {
    /// `per_minute == 0` switches the limit off (benchmarks).
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            logs: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `token` at `now_ms`; `None` when the limit is off.
    pub fn check(&self, token: i64, now_ms: i64) -> Option<RateDecision> {
        if self.per_minute == 0 {
            return None;
        }
        let mut logs = self
            .logs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if logs.len() > 10_000 {
            logs.retain(|_, log| !log.is_idle(now_ms, WINDOW_MS));
        }
        Some(
            logs.entry(token)
                .or_default()
                .check(now_ms, self.per_minute, WINDOW_MS),
        )
    }
}
