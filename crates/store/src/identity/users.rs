//! Users (ACC-1, ACC-6, ACC-7, ACC-10).

use crate::{Conn, StoreError, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub language: String,
    pub time_zone: String,
    pub support_code: String,
    pub recovery_email: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! columns {
    () => {
        "id, email, password_hash, first_name, last_name, language, time_zone, \
                       support_code, recovery_email, created_at, updated_at"
    };
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub language: &'a str,
    pub time_zone: &'a str,
    pub support_code: &'a str,
    pub now: i64,
}

pub async fn insert_user(c: &mut Conn, u: &NewUser<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO users (email, password_hash, first_name, last_name, language, \
               time_zone, support_code, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(u.email)
        .bind(u.password_hash)
        .bind(u.first_name)
        .bind(u.last_name)
        .bind(u.language)
        .bind(u.time_zone)
        .bind(u.support_code)
        .bind(u.now)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

pub async fn find_user(c: &mut Conn, id: i64) -> StoreResult<Option<UserRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM users WHERE id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

pub async fn find_user_by_email(c: &mut Conn, email: &str) -> StoreResult<Option<UserRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM users WHERE email = $1");
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(email)
        .fetch_optional(e)
        .await)?)
}

pub async fn find_user_by_support_code(c: &mut Conn, code: &str) -> StoreResult<Option<UserRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM users WHERE support_code = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(code).fetch_optional(e).await)?)
}

pub struct ProfileUpdate<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub language: &'a str,
    pub time_zone: &'a str,
}

pub async fn update_profile(c: &mut Conn, id: i64, p: &ProfileUpdate<'_>, now: i64) -> StoreResult<()> {
    let sql = "UPDATE users SET first_name = $1, last_name = $2, language = $3, time_zone = $4, \
               updated_at = $5 WHERE id = $6";
    q!(c, |e| sqlx::query(sql)
        .bind(p.first_name)
        .bind(p.last_name)
        .bind(p.language)
        .bind(p.time_zone)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update_support_code(c: &mut Conn, id: i64, code: &str, now: i64) -> StoreResult<()> {
    let sql = "UPDATE users SET support_code = $1, updated_at = $2 WHERE id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(code)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .map_err(StoreError::classify)?;
    Ok(())
}

pub async fn update_password_hash(c: &mut Conn, id: i64, hash: &str, now: i64) -> StoreResult<()> {
    let sql = "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(hash)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Makes `email` the sign-in address; `false` when another account holds it by now.
pub async fn update_email(c: &mut Conn, id: i64, email: &str, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE users SET email = $1, updated_at = $2 WHERE id = $3 \
               AND NOT EXISTS (SELECT 1 FROM users o WHERE o.email = $1 AND o.id <> $3)";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(email)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn update_recovery_email(c: &mut Conn, id: i64, email: Option<&str>, now: i64) -> StoreResult<()> {
    let sql = "UPDATE users SET recovery_email = $1, updated_at = $2 WHERE id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(email)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A user with the recovery address waiting for confirmation, if any (the profile page).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProfileRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub pending_recovery_email: Option<String>,
    pub pending_login_email: Option<String>,
}

pub async fn find_profile(c: &mut Conn, id: i64, now: i64) -> StoreResult<Option<ProfileRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        ", (SELECT l.email FROM one_time_links l WHERE l.user_id = users.id AND l.purpose = 'recovery_email' \
         AND l.used_at IS NULL AND l.expires_at > $2 ORDER BY l.id DESC LIMIT 1) AS pending_recovery_email, \
         (SELECT l.email FROM one_time_links l WHERE l.user_id = users.id AND l.purpose = 'login_email' \
         AND l.used_at IS NULL AND l.expires_at > $2 ORDER BY l.id DESC LIMIT 1) AS pending_login_email \
         FROM users WHERE id = $1"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(id)
        .bind(now)
        .fetch_optional(e)
        .await)?)
}
