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
    if n != 1 {
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
