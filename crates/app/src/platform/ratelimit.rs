//! The rate limit (API-3) as the edge applies it: one sliding log per rate key — a user (all of
//! that user's tokens and console sessions together) or a service token — timed by the
//! application's clock so tests move time instead of waiting. On PostgreSQL the logs live in
//! the database (`rate_hits`), so several instances share one limit; a single SQLite instance
//! keeps them in memory.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::platform::actor::{Actor, ActorKind};
use kontor_domain::ratelimit::{RateDecision, SlidingLog};
use kontor_store::{Db, StoreResult, platform::ratelimit as shared};

const WINDOW_MS: i64 = 60_000;

enum Logs {
    Memory(Mutex<HashMap<String, SlidingLog>>),
    Shared(Db),
}

pub struct RateLimiter {
    per_minute: u32,
    logs: Logs,
}

/// The key a caller's requests are counted under: the user, whatever token or session they
/// come with; a service token on its own. Anonymous callers are not counted here (sign-in
/// has its lock-outs).
pub fn rate_key(actor: &Actor) -> Option<String> {
    match &actor.kind {
        ActorKind::User { id, .. } => Some(format!("u{}", id.0)),
        ActorKind::Service { id, .. } => Some(format!("s{id}")),
        _ => None,
    }
}

impl crate::App {
    /// Counts one request of `actor`; `rate_limited` (with its wait) when it does not fit.
    pub(crate) async fn count_request(&self, actor: &Actor) -> crate::AppResult<()> {
        let Some(key) = rate_key(actor) else {
            return Ok(());
        };
        let now_ms = (self.now().unix_timestamp_nanos() / 1_000_000) as i64;
        match self.limiter.check(&key, now_ms).await? {
            Some(d) if !d.allowed => {
                Err(crate::AppError::new(crate::ErrorCode::RateLimited).retry_after(d.reset_secs.max(1)))
            }
            _ => Ok(()),
        }
    }
}

fn decision(per_minute: u32, allowed: bool, count: i64, oldest: Option<i64>, now_ms: i64) -> RateDecision {
    let reset_ms = oldest.map_or(0, |o| (o + WINDOW_MS - now_ms).max(0));
    RateDecision {
        allowed,
        limit: per_minute,
        remaining: per_minute.saturating_sub(count as u32),
        reset_secs: (reset_ms as u64).div_ceil(1000),
    }
}

impl RateLimiter {
    /// `per_minute == 0` switches the limit off (benchmarks). On PostgreSQL the logs are shared.
    pub fn new(per_minute: u32, db: &Db) -> RateLimiter {
        let logs = match db {
            Db::Postgres(_) => Logs::Shared(db.clone()),
            Db::Sqlite(_) => Logs::Memory(Mutex::new(HashMap::new())),
        };
        RateLimiter { per_minute, logs }
    }

    /// Counts one request of `key` at `now_ms` if it fits; `None` when the limit is off.
    pub async fn check(&self, key: &str, now_ms: i64) -> StoreResult<Option<RateDecision>> {
        if self.per_minute == 0 {
            return Ok(None);
        }
        Ok(Some(match &self.logs {
            Logs::Memory(logs) => {
                let mut logs = logs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if logs.len() > 10_000 {
                    logs.retain(|_, log| !log.is_idle(now_ms, WINDOW_MS));
                }
                logs.entry(key.to_owned())
                    .or_default()
                    .check(now_ms, self.per_minute, WINDOW_MS)
            }
            Logs::Shared(db) => {
                let mut tx = db.begin().await?;
                let (allowed, count, oldest) =
                    shared::hit(&mut tx, key, now_ms, WINDOW_MS, i64::from(self.per_minute)).await?;
                tx.commit().await?;
                decision(self.per_minute, allowed, count, oldest, now_ms)
            }
        }))
    }
}
