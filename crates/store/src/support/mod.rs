//! Support (SUP-3, SUP-4): the grants users give support staff, and the log of every staff
//! access to customer content or account data.

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub ended_at: Option<i64>,
    pub end_reason: String,
}

macro_rules! grant_columns {
    () => {
        "id, user_id, kind, created_at, expires_at, ended_at, end_reason"
    };
}

pub async fn insert_grant(
    c: &mut Conn,
    user: i64,
    kind: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO support_grants (user_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(user)
        .bind(kind)
        .bind(now)
        .bind(expires_at)
        .fetch_one(e)
        .await)?)
}

/// The grant of `kind` in force at `now` (not ended, not past its expiry).
pub async fn find_current_grant(
    c: &mut Conn,
    user: i64,
    kind: &str,
    now: i64,
) -> StoreResult<Option<GrantRow>> {
    let sql: &str = concat!(
        "SELECT ",
        grant_columns!(),
        " FROM support_grants WHERE user_id = $1 AND kind = $2 AND ended_at IS NULL AND expires_at > $3 \
         ORDER BY expires_at DESC LIMIT 1"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(user)
        .bind(kind)
        .bind(now)
        .fetch_optional(e)
        .await)?)
}

/// A user's grants, newest first (the last 100).
pub async fn list_grants(c: &mut Conn, user: i64) -> StoreResult<Vec<GrantRow>> {
    let sql: &str = concat!(
        "SELECT ",
        grant_columns!(),
        " FROM support_grants WHERE user_id = $1 ORDER BY id DESC LIMIT 100"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(user).fetch_all(e).await)?)
}

/// Ends the user's grant of `kind` in force, if any; answers how many ended.
pub async fn end_grant(c: &mut Conn, user: i64, kind: &str, now: i64, reason: &str) -> StoreResult<u64> {
    let sql = "UPDATE support_grants SET ended_at = $1, end_reason = $2 \
               WHERE user_id = $3 AND kind = $4 AND ended_at IS NULL AND expires_at > $1";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(reason)
        .bind(user)
        .bind(kind)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}

/// Grants past their expiry that no one ended yet (the job ends them, OPS-2).
pub async fn list_lapsed(c: &mut Conn, now: i64, limit: i64) -> StoreResult<Vec<GrantRow>> {
    let sql: &str = concat!(
        "SELECT ",
        grant_columns!(),
        " FROM support_grants WHERE ended_at IS NULL AND expires_at <= $1 ORDER BY id LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(now)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// Ends one lapsed grant; false when another runner ended it first.
pub async fn end_lapsed(c: &mut Conn, id: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE support_grants SET ended_at = expires_at, end_reason = 'expired' \
               WHERE id = $1 AND ended_at IS NULL AND expires_at <= $2";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(id)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccessRow {
    pub id: i64,
    pub user_id: i64,
    pub organization_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub staff_name: String,
    pub kind: String,
    pub what: String,
    pub at: i64,
}

pub struct NewAccess<'a> {
    pub user: i64,
    pub organization: Option<i64>,
    pub staff: Option<i64>,
    pub staff_name: &'a str,
    pub kind: &'a str,
    pub what: &'a str,
    pub at: i64,
}

pub async fn insert_access(c: &mut Conn, a: &NewAccess<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO support_access_log (user_id, organization_id, staff_id, staff_name, kind, what, at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(a.user)
        .bind(a.organization)
        .bind(a.staff)
        .bind(a.staff_name)
        .bind(a.kind)
        .bind(a.what)
        .bind(a.at)
        .fetch_one(e)
        .await)?)
}

/// The access log of a user, newest first, one page.
pub async fn list_access(c: &mut Conn, user: i64, limit: i64, offset: i64) -> StoreResult<Vec<AccessRow>> {
    let sql = "SELECT id, user_id, organization_id, staff_id, staff_name, kind, what, at FROM support_access_log \
               WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(user)
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await)?)
}

pub async fn count_access(c: &mut Conn, user: i64) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM support_access_log WHERE user_id = $1";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(user).fetch_one(e).await)?)
}

/// Takes the user's row lock to the end of the caller's transaction, so that two grants (or a
/// grant and a revocation) of one user at once are decided one after the other and never
/// leave two grants of a kind in force. On PostgreSQL `FOR UPDATE`; on SQLite the write
/// transaction holds the database already.
pub async fn lock_user(c: &mut Conn, user: i64) -> StoreResult<()> {
    if let crate::db_inner::Postgres(e) = c.inner() {
        sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
            .bind(user)
            .execute(&mut *e)
            .await?;
    }
    Ok(())
}

/// AUTHZ-5 in one round trip: whether the user exists and, if so, when their grant of `kind`
/// in force at `now` ends (`Some(None)`: the user exists without one).
pub async fn current_grant_end(
    c: &mut Conn,
    user: i64,
    kind: &str,
    now: i64,
) -> StoreResult<Option<Option<i64>>> {
    let sql = "SELECT (SELECT MAX(g.expires_at) FROM support_grants g WHERE g.user_id = u.id AND g.kind = $2 \
               AND g.ended_at IS NULL AND g.expires_at > $3) FROM users u WHERE u.id = $1";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(user)
        .bind(kind)
        .bind(now)
        .fetch_optional(e)
        .await)?)
}
