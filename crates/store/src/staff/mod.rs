//! The provider's staff (STF-1) and their console sessions, apart from customer users.

use crate::{Conn, StoreError, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub role: String,
    pub language: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

macro_rules! columns {
    () => {
        "id, email, password_hash, name, role, language, created_at, disabled_at"
    };
}

pub struct NewStaff<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub language: &'a str,
    pub now: i64,
}

pub async fn insert_staff(c: &mut Conn, s: &NewStaff<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO staff (email, password_hash, name, role, language, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(s.email)
        .bind(s.password_hash)
        .bind(s.name)
        .bind(s.role)
        .bind(s.language)
        .bind(s.now)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

pub async fn find_staff(c: &mut Conn, id: i64) -> StoreResult<Option<StaffRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM staff WHERE id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

pub async fn find_staff_by_email(c: &mut Conn, email: &str) -> StoreResult<Option<StaffRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM staff WHERE email = $1");
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(email)
        .fetch_optional(e)
        .await)?)
}

pub async fn list_staff(c: &mut Conn) -> StoreResult<Vec<StaffRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM staff ORDER BY email");
    Ok(q!(c, |e| sqlx::query_as(sql).fetch_all(e).await)?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffSessionRow {
    pub id: i64,
    pub staff_id: i64,
    pub last_seen_at: i64,
}

pub async fn insert_session(
    c: &mut Conn,
    hash: &str,
    staff: i64,
    now: i64,
    expires_at: i64,
    ip: &str,
) -> StoreResult<i64> {
    let sql = "INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at, expires_at, ip) \
               VALUES ($1, $2, $3, $3, $4, $5) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(hash)
        .bind(staff)
        .bind(now)
        .bind(expires_at)
        .bind(ip)
        .fetch_one(e)
        .await)?)
}

pub async fn find_live_session(c: &mut Conn, hash: &str, now: i64) -> StoreResult<Option<StaffSessionRow>> {
    let sql =
        "SELECT id, staff_id, last_seen_at FROM staff_sessions WHERE token_hash = $1 AND expires_at > $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(hash)
        .bind(now)
        .fetch_optional(e)
        .await)?)
}

pub async fn touch_session(c: &mut Conn, id: i64, now: i64, expires_at: i64) -> StoreResult<()> {
    let sql = "UPDATE staff_sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(expires_at)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends a session; with `all`, every session of its staff member but `keep`.
pub async fn delete_sessions(c: &mut Conn, staff: i64, keep: Option<i64>) -> StoreResult<u64> {
    let sql = "DELETE FROM staff_sessions WHERE staff_id = $1 AND id <> $2";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(staff)
        .bind(keep.unwrap_or(-1))
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}

pub async fn delete_session(c: &mut Conn, id: i64) -> StoreResult<()> {
    q!(c, |e| sqlx::query("DELETE FROM staff_sessions WHERE id = $1")
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_expired_sessions(c: &mut Conn, now: i64) -> StoreResult<u64> {
    Ok(q!(c, |e| sqlx::query(
        "DELETE FROM staff_sessions WHERE expires_at <= $1"
    )
    .bind(now)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?)
}

pub async fn update_password_hash(c: &mut Conn, id: i64, hash: &str) -> StoreResult<()> {
    q!(c, |e| sqlx::query(
        "UPDATE staff SET password_hash = $1 WHERE id = $2"
    )
    .bind(hash)
    .bind(id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
