//! A short-lived in-memory cache of resolved bearer tokens, so that an API request does not pay
//! a database round trip just to learn who is calling (docs/PERFORMANCE.md).
//!
//! Correctness: expiry is checked against the cached `expires_at` at every use; a revocation
//! on this instance removes the entry at once. With several instances on one PostgreSQL, a
//! token revoked on another instance stays usable here for at most [`TTL_SECS`].

use std::collections::HashMap;
use std::sync::Mutex;

use kontor_domain::ScopeSet;

/// How long a resolved token is trusted without asking the database again.
pub const TTL_SECS: i64 = 5;
const MAX_ENTRIES: usize = 50_000;

#[derive(Debug, Clone)]
pub struct CachedToken {
    pub token_id: i64,
    pub user_id: i64,
    pub email: String,
    pub scopes: ScopeSet,
    pub expires_at: Option<i64>,
    /// When this entry was read from the database.
    pub loaded_at: i64,
    /// The `last_used_at` the database holds (written at most once a minute).
    pub last_used_at: Option<i64>,
}

#[derive(Debug, Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, CachedToken>>,
}

impl TokenCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CachedToken>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A fresh entry for `hash` at `now`, if any.
    pub fn get(&self, hash: &str, now: i64) -> Option<CachedToken> {
        self.lock()
            .get(hash)
            .filter(|t| now - t.loaded_at < TTL_SECS && now >= t.loaded_at)
            .cloned()
    }

    pub fn put(&self, hash: String, token: CachedToken) {
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(hash, token);
    }

    /// Forgets every token of a user at once (a changed sign-in e-mail).
    pub fn forget_user(&self, user_id: i64) {
        self.lock().retain(|_, t| t.user_id != user_id);
    }

    /// Forgets a token at once (revocation).
    pub fn forget(&self, token_id: i64) {
        self.lock().retain(|_, t| t.token_id != token_id);
    }

    pub fn note_use(&self, hash: &str, now: i64) {
        if let Some(t) = self.lock().get_mut(hash) {
            t.last_used_at = Some(now);
        }
    }
}
