//! PAR-12: affiliates, their referral codes, and the organizations they referred with the
//! commission each one's first paid invoice earned.

use crate::{Conn, StoreResult, q};

/// An organization registered as an affiliate.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AffiliateRow {
    pub organization_id: i64,
    /// The code of its referral link (`/r/{code}`).
    pub code: String,
    /// The commission on a referred organization's first paid invoice, in basis points.
    pub commission_bp: i64,
    pub registered_by: i64,
    pub registered_at: i64,
    /// The affiliate's currency: commissions are credited in it.
    pub currency: String,
}

/// An organization that signed up through an affiliate's link.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReferralRow {
    pub organization_id: i64,
    pub affiliate_id: i64,
    /// When the link was followed, and when the organization signed up.
    pub clicked_at: i64,
    pub attributed_at: i64,
    /// The first paid invoice and the commission it earned, once paid.
    pub invoice_id: Option<i64>,
    pub commission_minor: i64,
    pub commission_currency: String,
    pub credited_at: Option<i64>,
}

/// What an affiliate's referrals add up to.
#[derive(Debug, Clone, Copy, Default, sqlx::FromRow)]
pub struct ReferralTotals {
    pub referred: i64,
    pub paying: i64,
    pub commission_minor: i64,
}

macro_rules! affiliate {
    () => {
        "SELECT a.organization_id, a.code, a.commission_bp, a.registered_by, a.registered_at, o.currency \
         FROM affiliates a JOIN organizations o ON o.id = a.organization_id "
    };
}

macro_rules! referral {
    () => {
        "SELECT organization_id, affiliate_id, clicked_at, attributed_at, invoice_id, commission_minor, \
         commission_currency, credited_at FROM referrals "
    };
}

/// Registers `org` as an affiliate; false when it is one already (the code is unique: a
/// clash is a unique violation for the caller to draw again).
pub async fn register(c: &mut Conn, org: i64, code: &str, bp: i64, user: i64, now: i64) -> StoreResult<bool> {
    let sql = "INSERT INTO affiliates (organization_id, code, commission_bp, registered_by, registered_at, \
               conditions_accepted_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (organization_id) DO NOTHING";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(code)
        .bind(bp)
        .bind(user)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn find(c: &mut Conn, org: i64) -> StoreResult<Option<AffiliateRow>> {
    let sql: &str = concat!(affiliate!(), "WHERE a.organization_id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_optional(e).await)?)
}

pub async fn find_by_code(c: &mut Conn, code: &str) -> StoreResult<Option<AffiliateRow>> {
    let sql: &str = concat!(affiliate!(), "WHERE a.code = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(code).fetch_optional(e).await)?)
}

/// Attributes the new organization `org` to `affiliate`; false when it was attributed already
/// (the first attribution wins).
pub async fn attribute(
    c: &mut Conn,
    org: i64,
    affiliate: i64,
    clicked_at: i64,
    now: i64,
) -> StoreResult<bool> {
    let sql = "INSERT INTO referrals (organization_id, affiliate_id, clicked_at, attributed_at) \
               VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id) DO NOTHING";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(affiliate)
        .bind(clicked_at)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The affiliate of `org`'s referral when it has not earned its commission yet.
pub async fn uncredited(c: &mut Conn, org: i64) -> StoreResult<Option<AffiliateRow>> {
    let sql: &str = concat!(
        affiliate!(),
        "JOIN referrals r ON r.affiliate_id = a.organization_id WHERE r.organization_id = $1 AND r.credited_at IS NULL"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_optional(e).await)?)
}

/// Records that invoice `invoice` earned the referral of `org` its commission; false when
/// another paid invoice did first. On PostgreSQL a second transaction waits for the first's
/// row lock and then finds `credited_at` set, so the commission is credited once.
pub async fn credit(
    c: &mut Conn,
    org: i64,
    invoice: i64,
    amount: i64,
    currency: &str,
    now: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE referrals SET invoice_id = $1, commission_minor = $2, commission_currency = $3, \
               credited_at = $4 WHERE organization_id = $5 AND credited_at IS NULL";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(invoice)
        .bind(amount)
        .bind(currency)
        .bind(now)
        .bind(org)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The affiliate's latest `limit` referrals, newest first.
pub async fn referrals(c: &mut Conn, affiliate: i64, limit: i64) -> StoreResult<Vec<ReferralRow>> {
    let sql: &str = concat!(
        referral!(),
        "WHERE affiliate_id = $1 ORDER BY attributed_at DESC, organization_id DESC LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(affiliate)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// How many organizations the affiliate referred, how many paid, and the commission earned.
pub async fn totals(c: &mut Conn, affiliate: i64) -> StoreResult<ReferralTotals> {
    let sql = "SELECT COUNT(*) AS referred, COUNT(credited_at) AS paying, \
               CAST(COALESCE(SUM(commission_minor), 0) AS BIGINT) AS commission_minor \
               FROM referrals WHERE affiliate_id = $1";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(affiliate).fetch_one(e).await)?)
}
