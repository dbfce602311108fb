//! The outbox (MSG-1): messages written in the same transaction as the change that causes
//! them, delivered afterwards with retries. A message is never deleted: it ends delivered or
//! failed, and stays visible.

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// Sealed while waiting (SEC-6); the copy without one-time links once delivered or failed.
    pub body: String,
    /// The sealed copy without one-time links, while waiting; `legacy` on rows delivered
    /// before bodies were sealed and not yet cleaned.
    pub kept: String,
    pub created_at: i64,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub delivered_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: String,
}

macro_rules! columns {
    () => {
        "id, kind, recipient, subject, body, kept, created_at, attempts, next_attempt_at, \
                       delivered_at, failed_at, last_error"
    };
}

pub async fn insert_message(
    c: &mut Conn,
    kind: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    kept: &str,
    now: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO outbox (kind, recipient, subject, body, kept, created_at, next_attempt_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(kind)
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(kept)
        .bind(now)
        .fetch_one(e)
        .await)?)
}

/// Messages due for an attempt at `now`, oldest first.
pub async fn list_due(c: &mut Conn, now: i64, limit: i64) -> StoreResult<Vec<OutboxRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL \
         AND next_attempt_at <= $1 ORDER BY id LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(now)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// Claims a message for one attempt: moves its next attempt to `lease_until` if it is still
/// due, so a second worker does not send it too. Returns whether the claim succeeded.
pub async fn claim(c: &mut Conn, id: i64, now: i64, lease_until: i64) -> StoreResult<bool> {
    let sql = "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1 \
               WHERE id = $2 AND delivered_at IS NULL AND failed_at IS NULL \
               AND next_attempt_at <= $3";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(lease_until)
        .bind(id)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Records the delivery; `body` replaces the sealed one (the copy without one-time links).
pub async fn mark_delivered(c: &mut Conn, id: i64, body: &str, now: i64) -> StoreResult<()> {
    let sql = "UPDATE outbox SET delivered_at = $1, last_error = '', body = $2, kept = '' \
               WHERE id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(body)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records a failed attempt: retry at `retry_at`, or give up (`retry_at` = None) and keep
/// `body`, the copy without one-time links.
pub async fn mark_attempt_failed(
    c: &mut Conn,
    id: i64,
    error: &str,
    retry_at: Option<i64>,
    body: &str,
    now: i64,
) -> StoreResult<()> {
    if let Some(at) = retry_at {
        let sql = "UPDATE outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3";
        q!(c, |e| sqlx::query(sql)
            .bind(at)
            .bind(error)
            .bind(id)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    } else {
        let sql = "UPDATE outbox SET failed_at = $1, last_error = $2, body = $3, kept = '' WHERE id = $4";
        q!(c, |e| sqlx::query(sql)
            .bind(now)
            .bind(error)
            .bind(body)
            .bind(id)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Delivered or failed rows written before bodies were sealed, whose one-time links are still
/// to be removed.
pub async fn list_legacy(c: &mut Conn, limit: i64) -> StoreResult<Vec<OutboxRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM outbox WHERE kept = 'legacy' ORDER BY id LIMIT $1"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(limit).fetch_all(e).await)?)
}

/// Replaces a legacy row's body by its cleaned copy.
pub async fn set_cleaned(c: &mut Conn, id: i64, body: &str) -> StoreResult<()> {
    let sql = "UPDATE outbox SET body = $1, kept = '' WHERE id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(body)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Undelivered, not given-up messages (the backlog metric).
pub async fn count_backlog(c: &mut Conn) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL";
    Ok(q!(c, |e| sqlx::query_scalar(sql).fetch_one(e).await)?)
}

/// Every message to a recipient, oldest first (tests, support tooling).
pub async fn list_to(c: &mut Conn, recipient: &str) -> StoreResult<Vec<OutboxRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM outbox WHERE recipient = $1 ORDER BY id"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(recipient).fetch_all(e).await)?)
}
