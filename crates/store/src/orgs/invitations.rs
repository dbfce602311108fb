//! Invitations to join an organization (ORG-5, ACC-2, GRP-3). Only the SHA-256 of the link's
//! secret is stored (SEC-6).

use kontor_domain::InvitationStatus;

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub organization_id: i64,
    pub email: String,
    pub role: String,
    pub billing: bool,
    pub contact_preferences: String,
    pub products: String,
    pub workgroups: String,
    pub language: String,
    #[sqlx(try_from = "String")]
    pub status: InvitationStatus,
    pub invited_by: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub decided_at: Option<i64>,
    pub user_id: Option<i64>,
}

macro_rules! columns {
    () => {
        "id, organization_id, email, role, billing, contact_preferences, products, workgroups, \
         language, status, invited_by, created_at, expires_at, decided_at, user_id"
    };
}

pub struct NewInvitation<'a> {
    pub organization_id: i64,
    pub email: &'a str,
    pub token_hash: &'a str,
    pub role: &'a str,
    pub billing: bool,
    pub contact_preferences: &'a str,
    pub products: &'a str,
    pub workgroups: &'a str,
    pub language: &'a str,
    pub invited_by: i64,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert_invitation(c: &mut Conn, i: &NewInvitation<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO invitations (organization_id, email, token_hash, role, billing, contact_preferences, \
               products, workgroups, language, status, invited_by, created_at, expires_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(i.organization_id)
        .bind(i.email)
        .bind(i.token_hash)
        .bind(i.role)
        .bind(i.billing)
        .bind(i.contact_preferences)
        .bind(i.products)
        .bind(i.workgroups)
        .bind(i.language)
        .bind(i.invited_by)
        .bind(i.now)
        .bind(i.expires_at)
        .fetch_one(e)
        .await)?)
}

pub async fn find_invitation(c: &mut Conn, org: i64, id: i64) -> StoreResult<Option<InvitationRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM invitations WHERE organization_id = $1 AND id = $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(id)
        .fetch_optional(e)
        .await)?)
}

pub async fn find_invitation_by_hash(c: &mut Conn, hash: &str) -> StoreResult<Option<InvitationRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM invitations WHERE token_hash = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(hash).fetch_optional(e).await)?)
}

/// The pending invitations of an organization, newest first.
pub async fn list_pending(c: &mut Conn, org: i64, now: i64) -> StoreResult<Vec<InvitationRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM invitations WHERE organization_id = $1 \
                             AND status = 'pending' AND expires_at > $2 ORDER BY id DESC"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(now)
        .fetch_all(e)
        .await)?)
}

/// Moves a pending invitation to `status`; returns whether it was still pending.
pub async fn decide(
    c: &mut Conn,
    id: i64,
    status: InvitationStatus,
    user: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE invitations SET status = $1, decided_at = $2, user_id = $3 WHERE id = $4 AND status = 'pending'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(status.as_str())
        .bind(now)
        .bind(user)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A resend: a new secret and a new validity; the old link dies.
pub async fn renew(c: &mut Conn, id: i64, token_hash: &str, expires_at: i64) -> StoreResult<()> {
    let sql = "UPDATE invitations SET token_hash = $1, expires_at = $2 WHERE id = $3 AND status = 'pending'";
    q!(c, |e| sqlx::query(sql)
        .bind(token_hash)
        .bind(expires_at)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Pending invitations whose link has run out at `now` (the expiry job).
pub async fn list_expired(c: &mut Conn, now: i64, limit: i64) -> StoreResult<Vec<InvitationRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM invitations WHERE status = 'pending' \
                             AND expires_at <= $1 ORDER BY id LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(now)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}
