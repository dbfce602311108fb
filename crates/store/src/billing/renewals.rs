//! What the renewal and dunning jobs read and mark (REN-2, REN-7, OPS-2): automatic renewal
//! attempts, expiry notices, and the organization's billing-message settings.

use kontor_domain::AttemptStatus;

use crate::products::ProductRow;
use crate::{Conn, StoreResult, q};

macro_rules! product_columns {
    () => {
        "p.id, p.organization_id, p.product_type, p.name, p.status, p.created_at, p.plan_code, p.period_months, \
         p.activated_at, p.expires_at, p.terminated_at, p.auto_renew, p.renewal_warranty, p.parent_id, p.seats, \
         p.storage_code, p.server_prefix, p.order_id, p.payment_method_id, p.suspended_at, p.suspended_reason"
    };
}

/// A band of expiries and the step it is due for.
#[derive(Debug, Clone, Copy)]
pub struct Band {
    /// Expiries in `(from, until]`.
    pub from: i64,
    pub until: i64,
    /// The step (days before expiry).
    pub days_before: i64,
}

/// REN-2: active top-level products with automatic renewal whose expiry lies in the band and
/// that have no attempt for this expiry and step yet, ordered by organization then id. (The
/// `status IN` term repeats the condition of the partial index `products_due`, so the planner
/// may use it.)
pub async fn list_attempts_due(
    c: &mut Conn,
    band: Band,
    after: (i64, i64),
    limit: i64,
) -> StoreResult<Vec<ProductRow>> {
    let sql: &str = concat!(
        "SELECT ",
        product_columns!(),
        " FROM products p WHERE p.status = 'active' AND p.status IN ('active', 'suspended') \
          AND p.auto_renew AND p.parent_id IS NULL \
          AND p.expires_at > $1 AND p.expires_at <= $2 \
          AND (p.organization_id > $4 OR (p.organization_id = $4 AND p.id > $5)) \
          AND NOT EXISTS (SELECT 1 FROM renewal_attempts a WHERE a.product_id = p.id \
                          AND a.expires_at = p.expires_at AND a.days_before = $3) \
          ORDER BY p.organization_id, p.id LIMIT $6"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(band.from)
        .bind(band.until)
        .bind(band.days_before)
        .bind(after.0)
        .bind(after.1)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// REN-7: active top-level products whose expiry lies in the band and that were not noticed
/// for this expiry and step yet.
pub async fn list_notices_due(
    c: &mut Conn,
    band: Band,
    after: (i64, i64),
    limit: i64,
) -> StoreResult<Vec<ProductRow>> {
    let sql: &str = concat!(
        "SELECT ",
        product_columns!(),
        " FROM products p WHERE p.status = 'active' AND p.status IN ('active', 'suspended') \
          AND p.parent_id IS NULL \
          AND p.expires_at > $1 AND p.expires_at <= $2 \
          AND (p.organization_id > $4 OR (p.organization_id = $4 AND p.id > $5)) \
          AND NOT EXISTS (SELECT 1 FROM expiry_notices n WHERE n.product_id = p.id \
                          AND n.expires_at = p.expires_at AND n.days_before = $3) \
          ORDER BY p.organization_id, p.id LIMIT $6"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(band.from)
        .bind(band.until)
        .bind(band.days_before)
        .bind(after.0)
        .bind(after.1)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// REN-7: marks notice `days_before` of `expires_at` as sent; false when it already was.
pub async fn insert_notice(
    c: &mut Conn,
    product: i64,
    expires_at: i64,
    days_before: i64,
    now: i64,
) -> StoreResult<bool> {
    let sql = "INSERT INTO expiry_notices (product_id, expires_at, days_before, created_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (product_id, expires_at, days_before) DO NOTHING";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(product)
        .bind(expires_at)
        .bind(days_before)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?
        == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: i64,
    pub organization_id: i64,
    pub product_id: i64,
    pub expires_at: i64,
    pub days_before: i64,
    #[sqlx(try_from = "String")]
    pub status: AttemptStatus,
    pub means: String,
    pub payment_id: Option<i64>,
    pub failure_code: String,
    pub created_at: i64,
}

/// REN-2: claims the attempt of step `days_before` for this expiry; `None` when another run
/// made it already.
pub async fn claim_attempt(
    c: &mut Conn,
    org: i64,
    product: i64,
    expires_at: i64,
    days_before: i64,
    now: i64,
) -> StoreResult<Option<i64>> {
    let sql = "INSERT INTO renewal_attempts (organization_id, product_id, expires_at, days_before, status, created_at) \
               VALUES ($1, $2, $3, $4, 'running', $5) \
               ON CONFLICT (product_id, expires_at, days_before) DO NOTHING RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(product)
        .bind(expires_at)
        .bind(days_before)
        .bind(now)
        .fetch_optional(e)
        .await)?)
}

/// The outcome of a claimed attempt.
pub async fn finish_attempt(
    c: &mut Conn,
    id: i64,
    status: AttemptStatus,
    means: &str,
    payment: Option<i64>,
    failure_code: &str,
) -> StoreResult<()> {
    let sql = "UPDATE renewal_attempts SET status = $1, means = $2, payment_id = $3, failure_code = $4 WHERE id = $5";
    q!(c, |e| sqlx::query(sql)
        .bind(status.as_str())
        .bind(means)
        .bind(payment)
        .bind(failure_code)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A product's attempts, newest first.
pub async fn list_attempts(c: &mut Conn, product: i64, limit: i64) -> StoreResult<Vec<AttemptRow>> {
    let sql = "SELECT id, organization_id, product_id, expires_at, days_before, status, means, payment_id, \
               failure_code, created_at FROM renewal_attempts WHERE product_id = $1 ORDER BY id DESC LIMIT $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(product)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// REN-7: which billing messages an organization receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct BillingSettingsRow {
    pub expiry_notices: bool,
    pub invoices: bool,
}

impl Default for BillingSettingsRow {
    fn default() -> Self {
        BillingSettingsRow {
            expiry_notices: true,
            invoices: true,
        }
    }
}

pub async fn billing_settings(c: &mut Conn, org: i64) -> StoreResult<BillingSettingsRow> {
    let sql = "SELECT expiry_notices, invoices FROM billing_settings WHERE organization_id = $1";
    let row: Option<BillingSettingsRow> = q!(c, |e| sqlx::query_as(sql).bind(org).fetch_optional(e).await)?;
    Ok(row.unwrap_or_default())
}

pub async fn put_billing_settings(
    c: &mut Conn,
    org: i64,
    s: BillingSettingsRow,
    now: i64,
) -> StoreResult<()> {
    let sql = "INSERT INTO billing_settings (organization_id, expiry_notices, invoices, updated_at) \
               VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id) DO UPDATE SET \
               expiry_notices = $2, invoices = $3, updated_at = $4";
    q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(s.expiry_notices)
        .bind(s.invoices)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
