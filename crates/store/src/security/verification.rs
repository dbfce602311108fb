//! SEC-5: identity verification requests. The photos are stored sealed (the application
//! seals them); listings never read them.

use crate::{Conn, StoreError, StoreResult, q};

/// A request without its photos.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VerificationRow {
    pub id: i64,
    pub user_id: i64,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub document_type: String,
    pub selfie_type: String,
    pub filed_at: i64,
    pub ip: String,
    pub decided_at: Option<i64>,
    pub decided_by: Option<i64>,
    pub note: String,
    pub purged_at: Option<i64>,
    /// The user's e-mail address and first and last name.
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

macro_rules! select {
    () => {
        "SELECT v.id, v.user_id, v.status, v.document_type, v.selfie_type, v.filed_at, v.ip, \
         v.decided_at, v.decided_by, v.note, v.purged_at, u.email, u.first_name, u.last_name \
         FROM identity_verifications v JOIN users u ON u.id = v.user_id "
    };
}

/// A new request's sealed photos and their content types.
#[derive(Debug, Clone, Copy)]
pub struct NewVerification<'a> {
    pub user: i64,
    pub document_type: &'a str,
    pub document: &'a [u8],
    pub selfie_type: &'a str,
    pub selfie: &'a [u8],
    pub now: i64,
    pub ip: &'a str,
}

/// Files a request; a unique violation means one is pending for the user already.
pub async fn insert_verification(c: &mut Conn, v: &NewVerification<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO identity_verifications \
               (user_id, status, document_type, document, selfie_type, selfie, filed_at, ip) \
               VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(v.user)
        .bind(v.document_type)
        .bind(v.document)
        .bind(v.selfie_type)
        .bind(v.selfie)
        .bind(v.now)
        .bind(v.ip)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

pub async fn find_verification(c: &mut Conn, id: i64) -> StoreResult<Option<VerificationRow>> {
    let sql: &str = concat!(select!(), "WHERE v.id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// The pending requests, oldest first, then the `decided` most recent decisions.
pub async fn list_verifications(c: &mut Conn, decided: i64) -> StoreResult<Vec<VerificationRow>> {
    let pending: &str = concat!(select!(), "WHERE v.status = 'pending' ORDER BY v.filed_at, v.id");
    let done: &str = concat!(
        select!(),
        "WHERE v.status <> 'pending' ORDER BY v.decided_at DESC, v.id DESC LIMIT $1"
    );
    let mut rows: Vec<VerificationRow> = q!(c, |e| sqlx::query_as(pending).fetch_all(e).await)?;
    let more: Vec<VerificationRow> = q!(c, |e| sqlx::query_as(done).bind(decided).fetch_all(e).await)?;
    rows.extend(more);
    Ok(rows)
}

/// The user's request waiting for a decision, if any.
pub async fn pending_of_user(c: &mut Conn, user: i64) -> StoreResult<Option<VerificationRow>> {
    let sql: &str = concat!(select!(), "WHERE v.user_id = $1 AND v.status = 'pending'");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(user).fetch_optional(e).await)?)
}

/// One sealed photo (`document` or `selfie`) with its content type; `None` once purged.
pub async fn photo(c: &mut Conn, id: i64, selfie: bool) -> StoreResult<Option<(String, Vec<u8>)>> {
    let sql = if selfie {
        "SELECT selfie_type, selfie FROM identity_verifications WHERE id = $1 AND selfie IS NOT NULL"
    } else {
        "SELECT document_type, document FROM identity_verifications WHERE id = $1 AND document IS NOT NULL"
    };
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// Records the decision on a pending request; false when it was decided already (by another
/// staff member at the same moment, say).
pub async fn decide(
    c: &mut Conn,
    id: i64,
    status: &str,
    staff: i64,
    note: &str,
    now: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE identity_verifications SET status = $1, decided_by = $2, note = $3, decided_at = $4 \
               WHERE id = $5 AND status = 'pending'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(status)
        .bind(staff)
        .bind(note)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Deletes the photos of the requests decided before `before`; answers their ids.
pub async fn purge_decided_before(c: &mut Conn, before: i64, now: i64) -> StoreResult<Vec<(i64, i64)>> {
    let sql = "UPDATE identity_verifications SET document = NULL, selfie = NULL, purged_at = $1 \
               WHERE status <> 'pending' AND decided_at < $2 AND purged_at IS NULL RETURNING id, user_id";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(now)
        .bind(before)
        .fetch_all(e)
        .await)?)
}
