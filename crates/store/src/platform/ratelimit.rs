//! API-3 shared by several instances: the sliding log of each rate key in `rate_hits`.

use crate::{Conn, StoreResult, q};

/// The log of `key` at `now_ms` after counting one request if fewer than `limit` were made in
/// the window: (accepted, requests in the window, the oldest one's instant). On PostgreSQL an
/// advisory lock on the key serializes its callers, whatever instance they run in; SQLite's
/// write transaction does the same. Runs in the caller's transaction.
pub async fn hit(
    c: &mut Conn,
    key: &str,
    now_ms: i64,
    window_ms: i64,
    limit: i64,
) -> StoreResult<(bool, i64, Option<i64>)> {
    if let crate::db_inner::Postgres(e) = c.inner() {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))")
            .bind(key)
            .execute(&mut *e)
            .await?;
    }
    let sql = "DELETE FROM rate_hits WHERE rate_key = $1 AND at_ms <= $2";
    q!(c, |e| sqlx::query(sql)
        .bind(key)
        .bind(now_ms - window_ms)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    let (count, oldest) = window(c, key, now_ms, window_ms).await?;
    if count >= limit {
        return Ok((false, count, oldest));
    }
    let sql = "INSERT INTO rate_hits (rate_key, at_ms) VALUES ($1, $2)";
    q!(c, |e| sqlx::query(sql)
        .bind(key)
        .bind(now_ms)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok((true, count + 1, Some(oldest.unwrap_or(now_ms))))
}

/// The requests of `key` in the window ending at `now_ms`, and the oldest one's instant.
pub async fn window(c: &mut Conn, key: &str, now_ms: i64, window_ms: i64) -> StoreResult<(i64, Option<i64>)> {
    let sql = "SELECT COUNT(*), MIN(at_ms) FROM rate_hits WHERE rate_key = $1 AND at_ms > $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(key)
        .bind(now_ms - window_ms)
        .fetch_one(e)
        .await)?)
}

/// Forgets requests that no window counts any more: those before `before_ms`, except that
/// keys starting with `long_prefix` (a longer window) keep theirs until `long_before_ms`.
pub async fn delete_before(
    c: &mut Conn,
    before_ms: i64,
    long_prefix: &str,
    long_before_ms: i64,
) -> StoreResult<u64> {
    let sql = "DELETE FROM rate_hits WHERE at_ms <= $1 AND (at_ms <= $2 OR rate_key NOT LIKE $3 ESCAPE '\\')";
    let pattern = format!("{}%", crate::like_escaped(long_prefix));
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(before_ms)
        .bind(long_before_ms)
        .bind(&pattern)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}
