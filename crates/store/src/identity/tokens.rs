//! Personal API tokens (API-5). Only the SHA-256 of the secret is stored (SEC-6).

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub scopes: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

macro_rules! columns {
    () => {
        "id, user_id, name, scopes, created_at, expires_at, last_used_at, revoked_at"
    };
}

pub struct NewToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub scopes: &'a str,
    pub now: i64,
    pub expires_at: Option<i64>,
}

pub async fn insert_token(c: &mut Conn, t: &NewToken<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(t.user_id)
        .bind(t.name)
        .bind(t.token_hash)
        .bind(t.scopes)
        .bind(t.now)
        .bind(t.expires_at)
        .fetch_one(e)
        .await)?)
}

pub async fn find_token_by_hash(c: &mut Conn, hash: &str) -> StoreResult<Option<TokenRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM api_tokens WHERE token_hash = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(hash).fetch_optional(e).await)?)
}

pub async fn list_tokens_of_user(c: &mut Conn, user: i64) -> StoreResult<Vec<TokenRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(user).fetch_all(e).await)?)
}

/// Revokes a live token of `user`; returns whether one was revoked.
pub async fn revoke_token(c: &mut Conn, user: i64, id: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE api_tokens SET revoked_at = $1 \
               WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn update_last_used(c: &mut Conn, id: i64, now: i64) -> StoreResult<()> {
    let sql = "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A token with the e-mail of its user, in one query (every bearer request needs both).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenUserRow {
    pub id: i64,
    pub user_id: i64,
    pub scopes: String,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub email: String,
}

pub async fn find_token_with_user(c: &mut Conn, hash: &str) -> StoreResult<Option<TokenUserRow>> {
    let sql = "SELECT t.id, t.user_id, t.scopes, t.expires_at, t.last_used_at, t.revoked_at, u.email \
               FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(hash).fetch_optional(e).await)?)
}
