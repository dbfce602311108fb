//! One-time links: password resets (ACC-8) and recovery-address confirmations (ACC-7).
//! Only the SHA-256 of the link's secret is stored (SEC-6).

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub id: i64,
    pub purpose: String,
    pub user_id: i64,
    pub email: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn insert_link(
    c: &mut Conn,
    purpose: &str,
    token_hash: &str,
    user: i64,
    email: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO one_time_links (purpose, token_hash, user_id, email, created_at, \
               expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(purpose)
        .bind(token_hash)
        .bind(user)
        .bind(email)
        .bind(now)
        .bind(expires_at)
        .fetch_one(e)
        .await)?)
}

pub async fn find_link(c: &mut Conn, purpose: &str, hash: &str) -> StoreResult<Option<LinkRow>> {
    let sql = "SELECT id, purpose, user_id, email, created_at, expires_at, used_at \
               FROM one_time_links WHERE purpose = $1 AND token_hash = $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(purpose)
        .bind(hash)
        .fetch_optional(e)
        .await)?)
}

/// Marks a link used if it still was unused; returns whether this call used it.
pub async fn use_link(c: &mut Conn, id: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE one_time_links SET used_at = $1 WHERE id = $2 AND used_at IS NULL";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Kills the unused links of a user for one purpose (a newer link replaces them).
pub async fn expire_links_of_user(c: &mut Conn, purpose: &str, user: i64, now: i64) -> StoreResult<()> {
    let sql = "UPDATE one_time_links SET expires_at = $1 \
               WHERE purpose = $2 AND user_id = $3 AND used_at IS NULL AND expires_at > $1";
    q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(purpose)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes links that expired before `before` (clean-up job).
pub async fn delete_links_expired_before(c: &mut Conn, before: i64) -> StoreResult<u64> {
    let sql = "DELETE FROM one_time_links WHERE expires_at <= $1";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(before)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}
