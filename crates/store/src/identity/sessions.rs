//! Console sessions (ACC-5, ACC-9). Only the SHA-256 of the session token is stored.

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub current_organization_id: Option<i64>,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

pub async fn insert_session(
    c: &mut Conn,
    token_hash: &str,
    user: i64,
    org: Option<i64>,
    now: i64,
    expires_at: i64,
    (ip, user_agent): (&str, &str),
) -> StoreResult<i64> {
    let sql = "INSERT INTO sessions (token_hash, user_id, current_organization_id, created_at, \
               last_seen_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(token_hash)
        .bind(user)
        .bind(org)
        .bind(now)
        .bind(expires_at)
        .bind(ip)
        .bind(user_agent)
        .fetch_one(e)
        .await)?)
}

/// A session that has not expired at `now`.
pub async fn find_live_session(c: &mut Conn, token_hash: &str, now: i64) -> StoreResult<Option<SessionRow>> {
    let sql = "SELECT id, user_id, current_organization_id, created_at, last_seen_at, expires_at \
               FROM sessions WHERE token_hash = $1 AND expires_at > $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(e)
        .await)?)
}

pub async fn touch_session(c: &mut Conn, id: i64, now: i64, expires_at: i64) -> StoreResult<()> {
    let sql = "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(expires_at)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update_current_org(c: &mut Conn, id: i64, org: Option<i64>) -> StoreResult<()> {
    let sql = "UPDATE sessions SET current_organization_id = $1 WHERE id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_session(c: &mut Conn, id: i64) -> StoreResult<()> {
    q!(c, |e| sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A live session as its owner sees it in the profile (issue 18).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionInfoRow {
    pub id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub ip: String,
    pub user_agent: String,
}

/// The user's live sessions, the most recently used first.
pub async fn list_sessions_of_user(c: &mut Conn, user: i64, now: i64) -> StoreResult<Vec<SessionInfoRow>> {
    let sql = "SELECT id, created_at, last_seen_at, ip, user_agent FROM sessions \
               WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, id DESC LIMIT 100";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(user)
        .bind(now)
        .fetch_all(e)
        .await)?)
}

/// Ends the session `id` if it is `user`'s; whether it was.
pub async fn delete_session_of_user(c: &mut Conn, user: i64, id: i64) -> StoreResult<bool> {
    let sql = "DELETE FROM sessions WHERE id = $1 AND user_id = $2";
    let done = q!(c, |e| sqlx::query(sql)
        .bind(id)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Ends every session of a user except `keep` (password change, ACC-5); returns how many.
pub async fn delete_sessions_of_user(c: &mut Conn, user: i64, keep: Option<i64>) -> StoreResult<u64> {
    let sql = "DELETE FROM sessions WHERE user_id = $1 AND id <> $2";
    let keep = keep.unwrap_or(-1);
    let done = q!(c, |e| sqlx::query(sql)
        .bind(user)
        .bind(keep)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}

pub async fn delete_expired_sessions(c: &mut Conn, now: i64) -> StoreResult<u64> {
    let sql = "DELETE FROM sessions WHERE expires_at <= $1";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}

pub async fn count_sessions_of_user(c: &mut Conn, user: i64) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM sessions WHERE user_id = $1";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(user).fetch_one(e).await)?)
}

/// Sessions of `user` whose current organization is `org` fall back to none (left or removed).
pub async fn clear_current_org(c: &mut Conn, user: i64, org: i64) -> StoreResult<()> {
    let sql = "UPDATE sessions SET current_organization_id = NULL WHERE user_id = $1 AND current_organization_id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(user)
        .bind(org)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
