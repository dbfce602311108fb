//! The prepaid account (BIL-6): an append-only ledger per organization and a cached balance
//! that a CHECK keeps from going negative.

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub organization_id: i64,
    pub kind: String,
    pub amount_minor: i64,
    pub currency: String,
    pub payment_id: Option<i64>,
    pub description: String,
    pub created_at: i64,
    /// BIL-6: the imported bank transaction it came from, and the staff member who assigned it.
    pub bank_transaction_id: Option<i64>,
    pub staff_name: String,
}

/// The cached balance (0 when the account was never used).
pub async fn balance(c: &mut Conn, org: i64) -> StoreResult<i64> {
    let sql = "SELECT balance_minor FROM prepaid_accounts WHERE organization_id = $1";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(org).fetch_optional(e).await)?.unwrap_or(0))
}

/// The sum of the entries — what the balance must equal.
pub async fn ledger_sum(c: &mut Conn, org: i64) -> StoreResult<i64> {
    let sql = "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM prepaid_entries WHERE organization_id = $1";
    let sum: Option<i64> = q!(c, |e| sqlx::query_scalar(sql).bind(org).fetch_one(e).await)?;
    Ok(sum.unwrap_or(0))
}

/// Adds `amount` to the cached balance unless it would go negative; answers whether it did.
async fn move_balance(c: &mut Conn, org: i64, currency: &str, amount: i64, now: i64) -> StoreResult<bool> {
    let sql = "INSERT INTO prepaid_accounts (organization_id, currency, balance_minor, updated_at) \
               VALUES ($1, $2, 0, $3) ON CONFLICT (organization_id) DO NOTHING";
    q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(currency)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    let sql = "UPDATE prepaid_accounts SET balance_minor = balance_minor + $1, updated_at = $2 \
               WHERE organization_id = $3 AND balance_minor + $1 >= 0";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(amount)
        .bind(now)
        .bind(org)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Adds `amount` (positive or negative) to the balance and appends the entry. Answers false,
/// writing nothing, when the balance would go negative.
#[allow(clippy::too_many_arguments)]
pub async fn post(
    c: &mut Conn,
    org: i64,
    currency: &str,
    kind: &str,
    amount: i64,
    payment: Option<i64>,
    description: &str,
    now: i64,
) -> StoreResult<bool> {
    if !move_balance(c, org, currency, amount, now).await? {
        return Ok(false);
    }
    let sql = "INSERT INTO prepaid_entries (organization_id, kind, amount_minor, currency, payment_id, description, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(kind)
        .bind(amount)
        .bind(currency)
        .bind(payment)
        .bind(description)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(true)
}

pub async fn list_entries(
    c: &mut Conn,
    org: i64,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<EntryRow>, i64)> {
    let sql = "SELECT id, organization_id, kind, amount_minor, currency, payment_id, description, created_at, \
               bank_transaction_id, staff_name FROM prepaid_entries WHERE organization_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3";
    let rows = q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await)?;
    let sql = "SELECT COUNT(*) FROM prepaid_entries WHERE organization_id = $1";
    let total = q!(c, |e| sqlx::query_scalar(sql).bind(org).fetch_one(e).await)?;
    Ok((rows, total))
}

/// BIL-6: where the ledger entries of a payment came from: an imported bank transaction, a
/// staff member.
pub async fn set_origin(
    c: &mut Conn,
    payment: i64,
    bank_transaction: Option<i64>,
    staff: &str,
) -> StoreResult<()> {
    let sql = "UPDATE prepaid_entries SET bank_transaction_id = $1, staff_name = $2 WHERE payment_id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(bank_transaction)
        .bind(staff)
        .bind(payment)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// BIL-6: an entry a staff member posts — an `adjustment` (either sign) or a `refund`
/// (negative, with the refund it pays out).
#[derive(Debug, Clone)]
pub struct StaffEntry<'a> {
    pub org: i64,
    pub currency: &'a str,
    pub kind: &'a str,
    pub amount: i64,
    pub description: &'a str,
    pub staff: &'a str,
    /// The form that posted it: unique, so a form submitted twice posts once.
    pub request_key: &'a str,
    pub refund: Option<i64>,
    pub now: i64,
}

/// Posts a staff entry; answers its id, or `None`, writing nothing, when the balance would go
/// negative. A request key posted before is a unique violation (`prepaid_entries_request`).
pub async fn post_staff(c: &mut Conn, e: &StaffEntry<'_>) -> StoreResult<Option<i64>> {
    if !move_balance(c, e.org, e.currency, e.amount, e.now).await? {
        return Ok(None);
    }
    let sql = "INSERT INTO prepaid_entries (organization_id, kind, amount_minor, currency, description, created_at, \
               staff_name, request_key, refund_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    let id = q!(c, |x| sqlx::query_scalar(sql)
        .bind(e.org)
        .bind(e.kind)
        .bind(e.amount)
        .bind(e.currency)
        .bind(e.description)
        .bind(e.now)
        .bind(e.staff)
        .bind(e.request_key)
        .bind(e.refund)
        .fetch_one(x)
        .await)
    .map_err(crate::StoreError::classify)?;
    Ok(Some(id))
}

/// The entry a request key posted, if any.
pub async fn entry_of_request(c: &mut Conn, key: &str) -> StoreResult<Option<EntryRow>> {
    let sql = "SELECT id, organization_id, kind, amount_minor, currency, payment_id, description, created_at, \
               bank_transaction_id, staff_name FROM prepaid_entries WHERE request_key = $1 AND request_key <> ''";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(key).fetch_optional(e).await)?)
}

/// BIL-6: a refund of prepaid balance to the customer's bank account, waiting for the next
/// pain.001 file until `export_id` is set.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct RefundRow {
    pub id: i64,
    pub organization_id: i64,
    pub currency: String,
    pub amount_minor: i64,
    pub name: String,
    pub iban: String,
    pub reason: String,
    pub staff_name: String,
    pub created_at: i64,
    pub export_id: Option<i64>,
}

pub async fn insert_refund(c: &mut Conn, r: &RefundRow) -> StoreResult<i64> {
    let sql = "INSERT INTO prepaid_refunds (organization_id, currency, amount_minor, name, iban, reason, staff_name, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(r.organization_id)
        .bind(&r.currency)
        .bind(r.amount_minor)
        .bind(&r.name)
        .bind(&r.iban)
        .bind(&r.reason)
        .bind(&r.staff_name)
        .bind(r.created_at)
        .fetch_one(e)
        .await)?)
}

const REFUND_COLUMNS: &str =
    "id, organization_id, currency, amount_minor, name, iban, reason, staff_name, created_at, export_id";

/// The refunds no file carried yet, oldest first.
pub async fn waiting_refunds(c: &mut Conn, limit: i64) -> StoreResult<Vec<RefundRow>> {
    let sql =
        format!("SELECT {REFUND_COLUMNS} FROM prepaid_refunds WHERE export_id IS NULL ORDER BY id LIMIT $1");
    Ok(q!(c, |e| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// One organization's refunds, newest first.
pub async fn refunds_of(c: &mut Conn, org: i64, limit: i64) -> StoreResult<Vec<RefundRow>> {
    let sql = format!(
        "SELECT {REFUND_COLUMNS} FROM prepaid_refunds WHERE organization_id = $1 ORDER BY id DESC LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(org)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// Closes a refund by the file that carries it; false when a file carried it already.
pub async fn close_refund(c: &mut Conn, id: i64, export: i64) -> StoreResult<bool> {
    let sql = "UPDATE prepaid_refunds SET export_id = $1 WHERE id = $2 AND export_id IS NULL";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(export)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
