//! Operator-issued service tokens for product back-ends (AUTHZ-5). Only the SHA-256 is stored.

use crate::{Conn, StoreError, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceTokenRow {
    pub id: i64,
    pub name: String,
    pub scopes: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

pub async fn insert_service_token(
    c: &mut Conn,
    name: &str,
    hash: &str,
    scopes: &str,
    now: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO service_tokens (name, token_hash, scopes, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(name)
        .bind(hash)
        .bind(scopes)
        .bind(now)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

pub async fn find_service_token_by_hash(c: &mut Conn, hash: &str) -> StoreResult<Option<ServiceTokenRow>> {
    let sql = "SELECT id, name, scopes, created_at, revoked_at FROM service_tokens WHERE token_hash = $1";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(hash).fetch_optional(e).await)?)
}
