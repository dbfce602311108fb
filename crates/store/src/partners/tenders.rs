//! TEN-1..3: calls for tender, and who of which partner opened them.

use kontor_domain::TenderStatus;

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TenderRow {
    pub id: i64,
    pub need: String,
    /// A product type code of the catalogue.
    pub category: String,
    /// The budget range, in minor units of `currency`.
    pub budget_min: i64,
    pub budget_max: i64,
    pub currency: String,
    /// The language the author wants to be served in.
    pub language: String,
    pub region: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    #[sqlx(try_from = "String")]
    pub status: TenderStatus,
    pub posted_at: i64,
    pub closes_at: i64,
    pub closed_at: Option<i64>,
}

macro_rules! select {
    () => {
        "SELECT t.id, t.need, t.category, t.budget_min, t.budget_max, t.currency, t.language, t.region, \
         t.contact_name, t.email, t.phone, t.status, t.posted_at, t.closes_at, t.closed_at FROM tenders t "
    };
}

/// A tender as posted, with the hash of its cancellation secret.
#[derive(Debug, Clone, Copy)]
pub struct NewTender<'a> {
    pub need: &'a str,
    pub category: &'a str,
    pub budget_min: i64,
    pub budget_max: i64,
    pub currency: &'a str,
    pub language: &'a str,
    pub region: &'a str,
    pub contact_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub cancel_hash: &'a str,
    pub now: i64,
    pub closes_at: i64,
    pub ip: &'a str,
}

pub async fn insert(c: &mut Conn, t: &NewTender<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO tenders (need, category, budget_min, budget_max, currency, language, region, \
               contact_name, email, phone, status, cancel_hash, posted_at, closes_at, ip) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $13, $14) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(t.need)
        .bind(t.category)
        .bind(t.budget_min)
        .bind(t.budget_max)
        .bind(t.currency)
        .bind(t.language)
        .bind(t.region)
        .bind(t.contact_name)
        .bind(t.email)
        .bind(t.phone)
        .bind(t.cancel_hash)
        .bind(t.now)
        .bind(t.closes_at)
        .bind(t.ip)
        .fetch_one(e)
        .await)?)
}

pub async fn find(c: &mut Conn, id: i64) -> StoreResult<Option<TenderRow>> {
    let sql: &str = concat!(select!(), "WHERE t.id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

pub async fn find_by_cancel_hash(c: &mut Conn, hash: &str) -> StoreResult<Option<TenderRow>> {
    let sql: &str = concat!(select!(), "WHERE t.cancel_hash = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(hash).fetch_optional(e).await)?)
}

/// Closes an open tender as `status` (cancelled or closed); false when it was not open.
pub async fn close(c: &mut Conn, id: i64, status: TenderStatus, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE tenders SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'open'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// TEN-3 (job): closes the open tenders whose time ran out; answers their ids.
pub async fn close_due(c: &mut Conn, now: i64) -> StoreResult<Vec<i64>> {
    let sql = "UPDATE tenders SET status = 'closed', closed_at = $1 WHERE status = 'open' AND closes_at <= $1 \
               RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(now).fetch_all(e).await)?)
}

/// The open tenders of the categories in `services` (space-separated codes), newest first.
pub async fn open_in(c: &mut Conn, services: &str, limit: i64) -> StoreResult<Vec<TenderRow>> {
    let sql: &str = concat!(
        select!(),
        "WHERE t.status = 'open' AND (' ' || $1 || ' ') LIKE ('% ' || t.category || ' %') \
         ORDER BY t.posted_at DESC, t.id DESC LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(services)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// A partner's member opened a tender in full (TEN-2): the first time, and each time after.
pub async fn record_view(c: &mut Conn, tender: i64, org: i64, user: i64, now: i64) -> StoreResult<()> {
    let sql = "INSERT INTO tender_views (tender_id, organization_id, user_id, first_at, last_at, views) \
               VALUES ($1, $2, $3, $4, $4, 1) ON CONFLICT (tender_id, organization_id, user_id) \
               DO UPDATE SET last_at = excluded.last_at, views = tender_views.views + 1";
    q!(c, |e| sqlx::query(sql)
        .bind(tender)
        .bind(org)
        .bind(user)
        .bind(now)
        .execute(e)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// One member's opening of a tender.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ViewRow {
    pub user_id: i64,
    pub email: String,
    pub first_at: i64,
    pub last_at: i64,
    pub views: i64,
}

/// Who of partner `org` opened `tender`, first opener first.
pub async fn views(c: &mut Conn, tender: i64, org: i64) -> StoreResult<Vec<ViewRow>> {
    let sql = "SELECT v.user_id, u.email, v.first_at, v.last_at, v.views FROM tender_views v \
               JOIN users u ON u.id = v.user_id WHERE v.tender_id = $1 AND v.organization_id = $2 \
               ORDER BY v.first_at, v.user_id";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(tender)
        .bind(org)
        .fetch_all(e)
        .await)?)
}
