//! PAR-1, PAR-11: partner applications, the partner record staff approve (with its discount
//! rate), and its directory entry. One row per organization.

pub mod affiliates;
pub mod partnerships;
pub mod tenders;

use kontor_domain::PartnerStatus;

use crate::{Conn, StoreResult, like_escaped, q};

/// A partner application or partner, with what staff and the directory show of its
/// organization.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PartnerRow {
    pub organization_id: i64,
    #[sqlx(try_from = "String")]
    pub status: PartnerStatus,
    pub website: String,
    /// Expected managed products a year, in minor units of the organization's currency.
    pub expected_volume: i64,
    pub applied_at: i64,
    pub applied_by: i64,
    pub decided_at: Option<i64>,
    pub decided_by: Option<i64>,
    /// Staff's reason for a rejection.
    pub reason: String,
    /// The partner discount, in basis points (PAR-8).
    pub discount_bp: i64,
    /// Opted in to the public directory (PAR-11).
    pub listed: bool,
    pub contact_email: String,
    /// Space-separated language codes (`de fr`).
    pub languages: String,
    pub regions: String,
    /// Space-separated product type codes the partner offers, also the categories of the calls
    /// for tender it receives (TEN-2).
    pub services: String,
    pub name: String,
    pub country: String,
    pub registry_id: Option<String>,
    pub currency: String,
    /// The applicant's e-mail address and language.
    pub applicant_email: String,
    pub applicant_language: String,
    pub applicant_name: String,
}

impl PartnerRow {
    /// Where the partner is written to: its contact address, else the applicant's.
    pub fn address(&self) -> &str {
        if self.contact_email.is_empty() {
            &self.applicant_email
        } else {
            &self.contact_email
        }
    }
}

macro_rules! select {
    () => {
        "SELECT p.organization_id, p.status, p.website, p.expected_volume, p.applied_at, p.applied_by, \
         p.decided_at, p.decided_by, p.reason, p.discount_bp, p.listed, p.contact_email, p.languages, \
         p.regions, p.services, o.name, o.country, o.registry_id, o.currency, \
         u.email AS applicant_email, u.language AS applicant_language, \
         u.first_name || ' ' || u.last_name AS applicant_name \
         FROM partners p JOIN organizations o ON o.id = p.organization_id JOIN users u ON u.id = p.applied_by "
    };
}

/// What an application says (PAR-1).
#[derive(Debug, Clone, Copy)]
pub struct NewApplication<'a> {
    pub org: i64,
    pub website: &'a str,
    pub expected_volume: i64,
    pub user: i64,
    pub discount_bp: i64,
    pub contact_email: &'a str,
    pub now: i64,
}

/// Files an application, or files it again over a rejected one; false when the organization
/// has one pending or is a partner already.
pub async fn apply(c: &mut Conn, a: &NewApplication<'_>) -> StoreResult<bool> {
    let sql = "INSERT INTO partners (organization_id, status, website, expected_volume, applied_at, applied_by, \
               conditions_accepted_at, discount_bp, contact_email, updated_at) \
               VALUES ($1, 'pending', $2, $3, $4, $5, $4, $6, $7, $4) \
               ON CONFLICT (organization_id) DO UPDATE SET status = 'pending', website = excluded.website, \
               expected_volume = excluded.expected_volume, applied_at = excluded.applied_at, \
               applied_by = excluded.applied_by, conditions_accepted_at = excluded.conditions_accepted_at, \
               decided_at = NULL, decided_by = NULL, reason = '', updated_at = excluded.updated_at \
               WHERE partners.status = 'rejected'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(a.org)
        .bind(a.website)
        .bind(a.expected_volume)
        .bind(a.now)
        .bind(a.user)
        .bind(a.discount_bp)
        .bind(a.contact_email)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn find(c: &mut Conn, org: i64) -> StoreResult<Option<PartnerRow>> {
    let sql: &str = concat!(select!(), "WHERE p.organization_id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_optional(e).await)?)
}

/// The pending applications, oldest first, then the `decided` latest decisions.
pub async fn list_for_staff(c: &mut Conn, decided: i64) -> StoreResult<Vec<PartnerRow>> {
    let pending: &str = concat!(
        select!(),
        "WHERE p.status = 'pending' ORDER BY p.applied_at, p.organization_id"
    );
    let done: &str = concat!(
        select!(),
        "WHERE p.status <> 'pending' ORDER BY p.decided_at DESC, p.organization_id DESC LIMIT $1"
    );
    let mut rows: Vec<PartnerRow> = q!(c, |e| sqlx::query_as(pending).fetch_all(e).await)?;
    let more: Vec<PartnerRow> = q!(c, |e| sqlx::query_as(done).bind(decided).fetch_all(e).await)?;
    rows.extend(more);
    Ok(rows)
}

/// Staff's decision on a pending application; false when it was decided already.
pub async fn decide(
    c: &mut Conn,
    org: i64,
    status: PartnerStatus,
    staff: i64,
    reason: &str,
    discount_bp: i64,
    now: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE partners SET status = $1, decided_by = $2, reason = $3, discount_bp = $4, decided_at = $5, \
               updated_at = $5 WHERE organization_id = $6 AND status = 'pending'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(status.as_str())
        .bind(staff)
        .bind(reason)
        .bind(discount_bp)
        .bind(now)
        .bind(org)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A partner's new discount rate; false when the organization is not an approved partner.
pub async fn set_discount(c: &mut Conn, org: i64, discount_bp: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE partners SET discount_bp = $1, updated_at = $2 WHERE organization_id = $3 AND status = 'approved'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(discount_bp)
        .bind(now)
        .bind(org)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A partner's directory entry (PAR-11).
#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub listed: bool,
    pub contact_email: String,
    pub languages: String,
    pub regions: String,
    pub services: String,
}

/// Writes the directory entry of an approved partner; false for any other organization.
pub async fn set_directory(c: &mut Conn, org: i64, d: &Directory, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE partners SET listed = $1, contact_email = $2, languages = $3, regions = $4, services = $5, \
               updated_at = $6 WHERE organization_id = $7 AND status = 'approved'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(d.listed)
        .bind(&d.contact_email)
        .bind(&d.languages)
        .bind(&d.regions)
        .bind(&d.services)
        .bind(now)
        .bind(org)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The directory (PAR-11, PAR-2): listed partners whose name contains `name` (lower case; its
/// wildcards are escaped here; `None` matches no name), and any approved partner whose
/// contact address is exactly `email`, by name; at most `limit`.
pub async fn directory(
    c: &mut Conn,
    name: Option<&str>,
    email: &str,
    limit: i64,
) -> StoreResult<Vec<PartnerRow>> {
    let sql: &str = concat!(
        select!(),
        "WHERE p.status = 'approved' AND ((p.listed AND $4 AND LOWER(o.name) LIKE $1 ESCAPE '\\') OR p.contact_email = $2) \
         ORDER BY LOWER(o.name), p.organization_id LIMIT $3"
    );
    let pattern = format!("%{}%", like_escaped(&name.unwrap_or_default().to_lowercase()));
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(&pattern)
        .bind(email)
        .bind(limit)
        .bind(name.is_some())
        .fetch_all(e)
        .await)?)
}

/// TEN-2: the approved partners that offer `category`.
pub async fn offering(c: &mut Conn, category: &str) -> StoreResult<Vec<PartnerRow>> {
    let sql: &str = concat!(
        select!(),
        "WHERE p.status = 'approved' AND (' ' || p.services || ' ') LIKE $1 ESCAPE '\\' ORDER BY p.organization_id"
    );
    let pattern = format!("% {} %", like_escaped(category));
    Ok(q!(c, |e| sqlx::query_as(sql).bind(&pattern).fetch_all(e).await)?)
}
