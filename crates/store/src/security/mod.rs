//! Security settings (SEC): second factors, backup codes, SMS codes and the sign-in
//! challenges that wait for a second factor. An owner is a user or a staff member
//! (`owner_kind` `user` / `staff`).

use crate::{Conn, StoreResult, q};

pub mod verification;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FactorRow {
    pub id: i64,
    pub owner_kind: String,
    pub owner_id: i64,
    pub method: String,
    pub secret: String,
    pub phone: String,
    pub last_step: i64,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
}

pub async fn find_factor(c: &mut Conn, kind: &str, owner: i64) -> StoreResult<Option<FactorRow>> {
    let sql = "SELECT id, owner_kind, owner_id, method, secret, phone, last_step, created_at, confirmed_at \
               FROM second_factors WHERE owner_kind = $1 AND owner_id = $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(kind)
        .bind(owner)
        .fetch_optional(e)
        .await)?)
}

/// Starts (or restarts) a set-up: the row waits unconfirmed with its new secret or phone.
pub async fn upsert_pending_factor(
    c: &mut Conn,
    kind: &str,
    owner: i64,
    method: &str,
    secret: &str,
    phone: &str,
    now: i64,
) -> StoreResult<()> {
    let sql = "INSERT INTO second_factors (owner_kind, owner_id, method, secret, phone, last_step, created_at) \
               VALUES ($1, $2, $3, $4, $5, 0, $6) \
               ON CONFLICT (owner_kind, owner_id) DO UPDATE SET method = $3, secret = $4, phone = $5, \
               last_step = 0, created_at = $6, confirmed_at = NULL";
    q!(c, |e| sqlx::query(sql)
        .bind(kind)
        .bind(owner)
        .bind(method)
        .bind(secret)
        .bind(phone)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn confirm_factor(c: &mut Conn, id: i64, now: i64) -> StoreResult<()> {
    q!(c, |e| sqlx::query(
        "UPDATE second_factors SET confirmed_at = $1 WHERE id = $2"
    )
    .bind(now)
    .bind(id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records that a TOTP code of `step` was accepted; false when a code of this step or a later
/// one was accepted already (the replay SEC-1 refuses). Atomic, so two requests with one code
/// cannot both pass.
pub async fn use_step(c: &mut Conn, id: i64, step: i64) -> StoreResult<bool> {
    let sql = "UPDATE second_factors SET last_step = $1 WHERE id = $2 AND last_step < $1";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(step)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Removes the second factor and every backup and SMS code of an owner; answers whether a
/// factor was there.
pub async fn delete_factor(c: &mut Conn, kind: &str, owner: i64) -> StoreResult<bool> {
    let n = q!(c, |e| sqlx::query(
        "DELETE FROM second_factors WHERE owner_kind = $1 AND owner_id = $2"
    )
    .bind(kind)
    .bind(owner)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    delete_backup_codes(c, kind, owner).await?;
    q!(c, |e| sqlx::query(
        "DELETE FROM sms_codes WHERE owner_kind = $1 AND owner_id = $2"
    )
    .bind(kind)
    .bind(owner)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub async fn delete_backup_codes(c: &mut Conn, kind: &str, owner: i64) -> StoreResult<()> {
    q!(c, |e| sqlx::query(
        "DELETE FROM backup_codes WHERE owner_kind = $1 AND owner_id = $2"
    )
    .bind(kind)
    .bind(owner)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn insert_backup_code(
    c: &mut Conn,
    kind: &str,
    owner: i64,
    hash: &str,
    now: i64,
) -> StoreResult<()> {
    let sql =
        "INSERT INTO backup_codes (owner_kind, owner_id, code_hash, created_at) VALUES ($1, $2, $3, $4)";
    q!(c, |e| sqlx::query(sql)
        .bind(kind)
        .bind(owner)
        .bind(hash)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Uses an unused backup code with this hash; false when there is none (wrong or used).
pub async fn use_backup_code(
    c: &mut Conn,
    kind: &str,
    owner: i64,
    hash: &str,
    now: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE backup_codes SET used_at = $1 WHERE owner_kind = $2 AND owner_id = $3 \
               AND code_hash = $4 AND used_at IS NULL";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(kind)
        .bind(owner)
        .bind(hash)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub async fn count_unused_backup_codes(c: &mut Conn, kind: &str, owner: i64) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM backup_codes WHERE owner_kind = $1 AND owner_id = $2 AND used_at IS NULL";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(kind)
        .bind(owner)
        .fetch_one(e)
        .await)?)
}

pub async fn insert_sms_code(
    c: &mut Conn,
    kind: &str,
    owner: i64,
    hash: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    let sql = "INSERT INTO sms_codes (owner_kind, owner_id, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
    q!(c, |e| sqlx::query(sql)
        .bind(kind)
        .bind(owner)
        .bind(hash)
        .bind(now)
        .bind(expires_at)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// How many SMS codes were sent to an owner since `since` (the per-user rate limit).
pub async fn count_sms_codes_since(c: &mut Conn, kind: &str, owner: i64, since: i64) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM sms_codes WHERE owner_kind = $1 AND owner_id = $2 AND created_at >= $3";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(kind)
        .bind(owner)
        .bind(since)
        .fetch_one(e)
        .await)?)
}

/// Uses a live, unused SMS code with this hash; false when there is none.
pub async fn use_sms_code(c: &mut Conn, kind: &str, owner: i64, hash: &str, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE sms_codes SET used_at = $1 WHERE owner_kind = $2 AND owner_id = $3 \
               AND code_hash = $4 AND used_at IS NULL AND expires_at > $1";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(kind)
        .bind(owner)
        .bind(hash)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChallengeRow {
    pub id: i64,
    pub owner_kind: String,
    pub owner_id: i64,
    pub next_path: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn insert_challenge(
    c: &mut Conn,
    hash: &str,
    kind: &str,
    owner: i64,
    next_path: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    let sql = "INSERT INTO signin_challenges (secret_hash, owner_kind, owner_id, next_path, created_at, expires_at) \
               VALUES ($1, $2, $3, $4, $5, $6)";
    q!(c, |e| sqlx::query(sql)
        .bind(hash)
        .bind(kind)
        .bind(owner)
        .bind(next_path)
        .bind(now)
        .bind(expires_at)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A challenge that is neither used nor expired at `now`.
pub async fn find_live_challenge(c: &mut Conn, hash: &str, now: i64) -> StoreResult<Option<ChallengeRow>> {
    let sql = "SELECT id, owner_kind, owner_id, next_path, expires_at, used_at FROM signin_challenges \
               WHERE secret_hash = $1 AND used_at IS NULL AND expires_at > $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(hash)
        .bind(now)
        .fetch_optional(e)
        .await)?)
}

/// Marks a challenge used; false when another request used it first.
pub async fn use_challenge(c: &mut Conn, id: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE signin_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Housekeeping: challenges and SMS codes a day past their expiry.
pub async fn delete_expired(c: &mut Conn, before: i64) -> StoreResult<u64> {
    let a = q!(c, |e| sqlx::query(
        "DELETE FROM signin_challenges WHERE expires_at < $1"
    )
    .bind(before)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    let b = q!(c, |e| sqlx::query("DELETE FROM sms_codes WHERE expires_at < $1")
        .bind(before)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(a + b)
}
