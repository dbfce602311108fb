//! Payments, saved payment means (BIL-4) and idempotency keys (BIL-10).

pub mod sandbox;

use kontor_domain::PaymentStatus;

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: i64,
    pub organization_id: i64,
    /// `order` or `top_up`.
    pub purpose: String,
    pub order_id: Option<i64>,
    pub invoice_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub status: PaymentStatus,
    pub means: String,
    pub currency: String,
    pub amount_minor: i64,
    pub prepaid_minor: i64,
    pub means_minor: i64,
    pub payment_method_id: Option<i64>,
    pub card_brand: String,
    pub card_last4: String,
    pub gateway_charge: String,
    pub failure_code: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    /// The gateway's redirect session while the payer approves (PayPal, TWINT, PostFinance).
    pub gateway_session: Option<String>,
    /// BIL-6: the payment reference of a top-up by bank transfer.
    pub reference: Option<String>,
}

macro_rules! columns {
    () => {
        "id, organization_id, purpose, order_id, invoice_id, status, means, currency, amount_minor, \
         prepaid_minor, means_minor, payment_method_id, card_brand, card_last4, gateway_charge, \
         failure_code, created_by, created_at, gateway_session, reference"
    };
}

pub async fn insert_payment(c: &mut Conn, p: &PaymentRow) -> StoreResult<i64> {
    let sql = "INSERT INTO payments (organization_id, purpose, order_id, invoice_id, status, means, currency, \
               amount_minor, prepaid_minor, means_minor, payment_method_id, card_brand, card_last4, gateway_charge, \
               failure_code, created_by, created_at, gateway_session, reference) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(p.organization_id)
        .bind(&p.purpose)
        .bind(p.order_id)
        .bind(p.invoice_id)
        .bind(p.status.as_str())
        .bind(&p.means)
        .bind(&p.currency)
        .bind(p.amount_minor)
        .bind(p.prepaid_minor)
        .bind(p.means_minor)
        .bind(p.payment_method_id)
        .bind(&p.card_brand)
        .bind(&p.card_last4)
        .bind(&p.gateway_charge)
        .bind(&p.failure_code)
        .bind(p.created_by)
        .bind(p.created_at)
        .bind(&p.gateway_session)
        .bind(&p.reference)
        .fetch_one(e)
        .await)?)
}

/// The payment of a gateway redirect session.
pub async fn find_by_session(c: &mut Conn, session: &str) -> StoreResult<Option<PaymentRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM payments WHERE gateway_session = $1");
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(session)
        .fetch_optional(e)
        .await)?)
}

/// Whether a succeeded payment holds this gateway charge.
pub async fn charge_is_owned(c: &mut Conn, charge: &str) -> StoreResult<bool> {
    let sql = "SELECT COUNT(*) FROM payments WHERE gateway_charge = $1 AND status = 'succeeded'";
    let n: i64 = q!(c, |e| sqlx::query_scalar(sql).bind(charge).fetch_one(e).await)?;
    Ok(n > 0)
}

/// Where the periodic job `name` got to.
pub async fn job_mark(c: &mut Conn, name: &str) -> StoreResult<Option<i64>> {
    let sql = "SELECT value FROM job_marks WHERE name = $1";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(name)
        .fetch_optional(e)
        .await)?)
}

/// Moves the mark of `name` forward to `value` (never back).
pub async fn set_job_mark(c: &mut Conn, name: &str, value: i64) -> StoreResult<()> {
    let sql = "INSERT INTO job_marks (name, value) VALUES ($1, $2) \
               ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE job_marks.value < excluded.value";
    q!(c, |e| sqlx::query(sql)
        .bind(name)
        .bind(value)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Completes a pending payment as `p` says (succeeded with its charge, or failed, with the
/// amount that arrived for a top-up by transfer); false when it was no longer pending.
pub async fn complete_pending(c: &mut Conn, p: &PaymentRow) -> StoreResult<bool> {
    let sql = "UPDATE payments SET status = $1, gateway_charge = $2, failure_code = $3, payment_method_id = $4, \
               card_brand = $5, card_last4 = $6, amount_minor = $8, means_minor = $9 WHERE id = $7 AND status = 'pending'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(p.status.as_str())
        .bind(&p.gateway_charge)
        .bind(&p.failure_code)
        .bind(p.payment_method_id)
        .bind(&p.card_brand)
        .bind(&p.card_last4)
        .bind(p.id)
        .bind(p.amount_minor)
        .bind(p.means_minor)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Pending payments of an order or invoice that another payment made moot.
pub async fn cancel_pending(
    c: &mut Conn,
    order: Option<i64>,
    invoice: Option<i64>,
    except: i64,
) -> StoreResult<u64> {
    let sql = "UPDATE payments SET status = 'cancelled' WHERE status = 'pending' AND id <> $1 \
               AND (order_id = $2 OR invoice_id = $3)";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(except)
        .bind(order.unwrap_or(-1))
        .bind(invoice.unwrap_or(-1))
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}

/// The pending bank-transfer payment of an order, if the payer announced one.
pub async fn find_pending_transfer(
    c: &mut Conn,
    order: Option<i64>,
    invoice: Option<i64>,
) -> StoreResult<Option<PaymentRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM payments WHERE status = 'pending' AND means = 'bank_transfer' \
          AND (order_id = $1 OR invoice_id = $2) ORDER BY id LIMIT 1"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(order.unwrap_or(-1))
        .bind(invoice.unwrap_or(-1))
        .fetch_optional(e)
        .await)?)
}

/// The top-up that carries payment reference `reference` (BIL-6), the first one made.
pub async fn find_top_up_by_reference(c: &mut Conn, reference: &str) -> StoreResult<Option<PaymentRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM payments WHERE reference = $1 AND purpose = 'top_up' ORDER BY id LIMIT 1"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(reference)
        .fetch_optional(e)
        .await)?)
}

/// The top-ups of `org` that wait for their bank transfer, oldest first.
pub async fn list_pending_top_ups(c: &mut Conn, org: i64) -> StoreResult<Vec<PaymentRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM payments WHERE organization_id = $1 AND purpose = 'top_up' AND status = 'pending' \
          AND means = 'bank_transfer' ORDER BY id"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}

/// Gives a payment its reference (the reference is made from the payment's id).
pub async fn set_reference(c: &mut Conn, id: i64, reference: &str) -> StoreResult<()> {
    let sql = "UPDATE payments SET reference = $1 WHERE id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(reference)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_invoice(c: &mut Conn, payment: i64, invoice: i64) -> StoreResult<()> {
    let sql = "UPDATE payments SET invoice_id = $1 WHERE id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(invoice)
        .bind(payment)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_payment(c: &mut Conn, org: i64, id: i64) -> StoreResult<Option<PaymentRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM payments WHERE id = $1 AND organization_id = $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(id)
        .bind(org)
        .fetch_optional(e)
        .await)?)
}

pub async fn list_payments_of_order(c: &mut Conn, order: i64) -> StoreResult<Vec<PaymentRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM payments WHERE order_id = $1 ORDER BY id"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(order).fetch_all(e).await)?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MethodRow {
    pub id: i64,
    pub organization_id: i64,
    pub kind: String,
    pub gateway_token: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i64,
    pub exp_year: i64,
    pub created_at: i64,
}

macro_rules! method_columns {
    () => {
        "id, organization_id, kind, gateway_token, brand, last4, exp_month, exp_year, created_at"
    };
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_method(
    c: &mut Conn,
    org: i64,
    kind: &str,
    token: &str,
    brand: &str,
    last4: &str,
    exp_month: i64,
    exp_year: i64,
    created_by: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO payment_methods (organization_id, kind, gateway_token, brand, last4, exp_month, exp_year, \
               created_by, created_at) VALUES ($1, $9, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(token)
        .bind(brand)
        .bind(last4)
        .bind(exp_month)
        .bind(exp_year)
        .bind(created_by)
        .bind(now)
        .bind(kind)
        .fetch_one(e)
        .await)?)
}

pub async fn list_methods(c: &mut Conn, org: i64) -> StoreResult<Vec<MethodRow>> {
    let sql: &str = concat!(
        "SELECT ",
        method_columns!(),
        " FROM payment_methods WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY id"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}

pub async fn find_method(c: &mut Conn, org: i64, id: i64) -> StoreResult<Option<MethodRow>> {
    let sql: &str = concat!(
        "SELECT ",
        method_columns!(),
        " FROM payment_methods WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(id)
        .bind(org)
        .fetch_optional(e)
        .await)?)
}

/// Saved methods whose token was stored before tokens were sealed (SEC-6).
pub async fn list_unsealed_methods(c: &mut Conn, limit: i64) -> StoreResult<Vec<MethodRow>> {
    let sql: &str = concat!(
        "SELECT ",
        method_columns!(),
        " FROM payment_methods WHERE gateway_token <> '' AND gateway_token NOT LIKE 's1:%' ORDER BY id LIMIT $1"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(limit).fetch_all(e).await)?)
}

pub async fn set_method_token(c: &mut Conn, id: i64, token: &str) -> StoreResult<()> {
    let sql = "UPDATE payment_methods SET gateway_token = $1 WHERE id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(token)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_method(c: &mut Conn, org: i64, id: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE payment_methods SET deleted_at = $1, gateway_token = '' \
               WHERE id = $2 AND organization_id = $3 AND deleted_at IS NULL";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .bind(org)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// An idempotency key (BIL-10): the request it came with, and what it produced —
/// `result_id` 0 while the first request holding it is still running (claimed at
/// `created_at`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IdempotencyRow {
    pub request_hash: String,
    pub result_kind: String,
    pub result_id: i64,
    pub created_at: i64,
}

pub async fn find_idempotency(c: &mut Conn, scope: &str, key: &str) -> StoreResult<Option<IdempotencyRow>> {
    let sql = "SELECT request_hash, result_kind, result_id, created_at FROM idempotency_keys \
               WHERE scope = $1 AND idem_key = $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(scope)
        .bind(key)
        .fetch_optional(e)
        .await)?)
}

/// Claims a new key for a request that is about to run; false when another request holds or
/// held it.
pub async fn claim_idempotency(
    c: &mut Conn,
    scope: &str,
    key: &str,
    hash: &str,
    kind: &str,
    now: i64,
) -> StoreResult<bool> {
    let sql = "INSERT INTO idempotency_keys (scope, idem_key, request_hash, result_kind, result_id, created_at) \
               VALUES ($1, $2, $3, $4, 0, $5) ON CONFLICT (scope, idem_key) DO NOTHING";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(scope)
        .bind(key)
        .bind(hash)
        .bind(kind)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Takes over a claim whose request stopped without a result (claimed at `claimed_at`).
pub async fn take_over_idempotency(
    c: &mut Conn,
    scope: &str,
    key: &str,
    claimed_at: i64,
    now: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE idempotency_keys SET created_at = $1 \
               WHERE scope = $2 AND idem_key = $3 AND result_id = 0 AND created_at = $4";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(scope)
        .bind(key)
        .bind(claimed_at)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Records what a claimed key produced, in the creating transaction; false when the claim is
/// no longer this request's.
pub async fn complete_idempotency(
    c: &mut Conn,
    scope: &str,
    key: &str,
    kind: &str,
    id: i64,
    claimed_at: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE idempotency_keys SET result_id = $1 \
               WHERE scope = $2 AND idem_key = $3 AND result_kind = $4 AND result_id = 0 \
               AND created_at = $5";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(id)
        .bind(scope)
        .bind(key)
        .bind(kind)
        .bind(claimed_at)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Gives a claim back when its request ended without a result (refused input, an error).
pub async fn release_idempotency(c: &mut Conn, scope: &str, key: &str, claimed_at: i64) -> StoreResult<()> {
    let sql = "DELETE FROM idempotency_keys \
               WHERE scope = $1 AND idem_key = $2 AND result_id = 0 AND created_at = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(scope)
        .bind(key)
        .bind(claimed_at)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// REC-2: the payment an imported bank transaction made (`gateway_charge` `bank:<key>`).
pub async fn find_by_charge(c: &mut Conn, charge: &str) -> StoreResult<Option<PaymentRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM payments WHERE gateway_charge = $1 AND means = 'bank_transfer' AND gateway_charge <> ''"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(charge)
        .fetch_optional(e)
        .await)?)
}
