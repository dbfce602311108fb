//! REC-1 at scale: the exact payments of a chunk of credits — the waiting credits with ids in
//! `(after, last]` — found, paid and recorded by statements that join inside the database on
//! the credits' `match_reference`. No credit or invoice row is read out: on SQLite every row
//! read crosses from the connection's worker thread to the caller (two futex calls a row), and
//! for 100,000 credits that handing over cost more than the statements themselves.
//!
//! Inside the routing transaction the credits found are marked `outcome = 'paying'`, with their
//! invoice and organization; the following statements take the marked ones, and the last turns
//! them `paid_invoice`. The mark never outlives the transaction: it commits as `paid_invoice`
//! or rolls back as `received`.

use crate::platform::audit::AuditRow;
use crate::{Conn, StoreResult, q};

/// What a credit paid together with others paid: for the events.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaidRow {
    pub payment_id: i64,
    pub invoice_id: i64,
    pub organization_id: i64,
    pub number: String,
    pub amount_minor: i64,
    pub currency: String,
}

/// The parameters `$from…` (PostgreSQL) or `?` (SQLite), one by one.
fn marks(c: &Conn, from: usize, n: usize) -> Vec<String> {
    crate::placeholders(c, from, n)
        .split(", ")
        .map(str::to_owned)
        .collect()
}

/// An amount in minor units written as `format_minor` writes it (`12.05`), for a credit's
/// positive amount.
fn money(column: &str) -> String {
    format!(
        "({column} / 100) || '.' || CASE WHEN {column} % 100 < 10 THEN '0' ELSE '' END || ({column} % 100)"
    )
}

/// The payment a credit made, by its charge `bank:<key>` (the unique index of bank payments).
const PAYMENT_OF_CREDIT: &str =
    "p.means = 'bank_transfer' AND p.gateway_charge <> '' AND p.gateway_charge = 'bank:' || t.tx_key";

/// The chunk's credits marked by [`mark_exact`], as `t`, after `n` other parameters.
fn marked(c: &Conn, n: usize) -> String {
    let m = marks(c, n + 1, 2);
    format!("t.id > {} AND t.id <= {} AND t.outcome = 'paying'", m[0], m[1])
}

/// Runs `sql` with the whole-number parameters `params`, in order; answers the rows changed.
async fn execute(c: &mut Conn, sql: &str, params: &[i64]) -> StoreResult<u64> {
    Ok(q!(c, |e| {
        let mut qy = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
        for p in params {
            qy = qy.bind(*p);
        }
        qy.execute(e).await.map(|r| r.rows_affected())
    })?)
}

/// The last id of the next `limit` credits waiting after `after`, `None` when none waits.
pub async fn chunk_end(c: &mut Conn, after: i64, limit: i64) -> StoreResult<Option<i64>> {
    let m = marks(c, 1, 2);
    let sql = format!(
        "SELECT MAX(id) FROM (SELECT id FROM bank_transactions WHERE outcome = 'received' AND id > {} \
         ORDER BY id LIMIT {}) AS chunk",
        m[0], m[1]
    );
    Ok(q!(c, |e| sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
        .bind(after)
        .bind(limit)
        .fetch_one(e)
        .await)?)
}

/// The credits still waiting in `(after, last]`, oldest first.
pub async fn received_in(c: &mut Conn, after: i64, last: i64) -> StoreResult<Vec<i64>> {
    let m = marks(c, 1, 2);
    let sql = format!(
        "SELECT id FROM bank_transactions WHERE outcome = 'received' AND id > {} AND id <= {} ORDER BY id",
        m[0], m[1]
    );
    Ok(q!(c, |e| sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
        .bind(after)
        .bind(last)
        .fetch_all(e)
        .await)?)
}

/// Marks `paying`, with the invoice and organization of their reference, the credits waiting
/// in `(after, last]` that pay an open invoice exactly and can be paid together: same amount
/// and currency; no payment pending for the invoice (an announced transfer, a redirect not
/// come back); their reference no top-up's; no payment made from them already (an interrupted
/// routing); and their reference carried by no other waiting credit of the chunk (those go one
/// by one, in file order). Answers how many.
pub async fn mark_exact(c: &mut Conn, after: i64, last: i64) -> StoreResult<u64> {
    let m = marks(c, 1, 4);
    let invoice = "FROM invoices i WHERE i.reference = t.match_reference";
    // `LIMIT 1 OFFSET 0` keeps each test a lookup by index for each credit: PostgreSQL would
    // otherwise turn it into a join, and with the statistics of before the import (a few
    // payments) hash every bank payment or read every payment for each chunk — quadratic.
    let probe = "LIMIT 1 OFFSET 0";
    let sql = format!(
        "UPDATE bank_transactions AS t SET outcome = 'paying', invoice_id = (SELECT i.id {invoice}), \
         organization_id = (SELECT i.organization_id {invoice}) \
         WHERE t.id > {} AND t.id <= {} AND t.outcome = 'received' AND t.match_reference <> '' \
         AND t.match_reference NOT IN (SELECT d.match_reference FROM bank_transactions d \
           WHERE d.id > {} AND d.id <= {} AND d.outcome = 'received' \
           GROUP BY d.match_reference HAVING COUNT(*) > 1) \
         AND EXISTS (SELECT 1 {invoice} AND i.status = 'open' AND i.total_minor = t.amount_minor \
           AND UPPER(i.currency) = UPPER(t.currency) \
           AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.status = 'pending' AND p.invoice_id = i.id {probe}) \
           {probe}) \
         AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.purpose = 'top_up' AND p.reference = t.match_reference {probe}) \
         AND NOT EXISTS (SELECT 1 FROM payments p WHERE {PAYMENT_OF_CREDIT} {probe})",
        m[0], m[1], m[2], m[3]
    );
    execute(c, &sql, &[after, last, after, last]).await
}

/// DUN-3 for the marked credits of `(after, last]`: their invoices set paid at `now`. Answers
/// how many were open.
pub async fn pay_invoices(c: &mut Conn, after: i64, last: i64, now: i64) -> StoreResult<u64> {
    let at = marks(c, 1, 1).remove(0);
    let sql = format!(
        "UPDATE invoices SET status = 'paid', paid_at = {at} WHERE status = 'open' \
         AND id IN (SELECT t.invoice_id FROM bank_transactions t WHERE {})",
        marked(c, 1)
    );
    execute(c, &sql, &[now, after, last]).await
}

/// The payments of the marked credits of `(after, last]`: each pays its invoice whole by bank
/// transfer, under the charge `bank:<key>`. Answers how many were written.
pub async fn insert_payments(c: &mut Conn, after: i64, last: i64, now: i64) -> StoreResult<u64> {
    let at = marks(c, 1, 1).remove(0);
    let sql = format!(
        "INSERT INTO payments (organization_id, purpose, invoice_id, status, means, currency, amount_minor, \
         prepaid_minor, means_minor, card_brand, card_last4, gateway_charge, failure_code, created_at) \
         SELECT i.organization_id, 'invoice', i.id, 'succeeded', 'bank_transfer', i.currency, i.total_minor, \
         0, i.total_minor, '', '', 'bank:' || t.tx_key, '', {at} \
         FROM bank_transactions t JOIN invoices i ON i.id = t.invoice_id WHERE {} ORDER BY t.id",
        marked(c, 1)
    );
    execute(c, &sql, &[now, after, last]).await
}

/// The invoices of the marked credits of `(after, last]` that bill a suspended product (DUN-3
/// brings it back), with their organization.
pub async fn suspended_invoices(c: &mut Conn, after: i64, last: i64) -> StoreResult<Vec<(i64, i64)>> {
    let sql = format!(
        "SELECT DISTINCT t.invoice_id, t.organization_id FROM bank_transactions t \
         JOIN invoice_lines l ON l.invoice_id = t.invoice_id JOIN products p ON p.id = l.product_id \
         WHERE p.status = 'suspended' AND {} ORDER BY t.invoice_id",
        marked(c, 0)
    );
    Ok(q!(c, |e| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(after)
        .bind(last)
        .fetch_all(e)
        .await)?)
}

/// Which audit row of a credit paid together with others [`audit`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExactAudit {
    /// The payment (target: the payment), as a payment by transfer writes it.
    Payment,
    /// The credit's outcome (target: the bank transaction).
    Match,
}

/// The audit rows of the marked credits of `(after, last]`, paid by [`insert_payments`]:
/// `stamp` gives the instant, the actor, the action and the origin; the organization, target
/// and details come from each credit, its payment and its invoice. Answers how many.
pub async fn audit(
    c: &mut Conn,
    after: i64,
    last: i64,
    stamp: &AuditRow,
    what: ExactAudit,
) -> StoreResult<u64> {
    let m = marks(c, 1, 7);
    let (target, details) = match what {
        ExactAudit::Payment => (
            "'payment', p.id",
            format!(
                "'invoice=' || i.number || ' total=' || {amount} || ' prepaid=0.00 bank_transfer=' || {amount}",
                amount = money("p.amount_minor")
            ),
        ),
        ExactAudit::Match => (
            "'bank_transaction', t.id",
            format!(
                "'outcome=paid_invoice ' || t.currency || ' ' || {} || ' reference=' || t.reference",
                money("t.amount_minor")
            ),
        ),
    };
    let sql = format!(
        "INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, action, organization_id, target_kind, \
         target_id, details, ip, request_id) \
         SELECT {}, {}, {}, {}, {}, p.organization_id, {target}, {details}, {}, {} \
         FROM bank_transactions t JOIN payments p ON {PAYMENT_OF_CREDIT} JOIN invoices i ON i.id = p.invoice_id \
         WHERE {} ORDER BY t.id",
        m[0],
        m[1],
        m[2],
        m[3],
        m[4],
        m[5],
        m[6],
        marked(c, 7)
    );
    Ok(q!(c, |e| sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(stamp.at)
        .bind(&stamp.actor_kind)
        .bind(stamp.actor_id)
        .bind(&stamp.actor_label)
        .bind(&stamp.action)
        .bind(&stamp.ip)
        .bind(&stamp.request_id)
        .bind(after)
        .bind(last)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}

/// The payments the marked credits of `(after, last]` made, oldest credit first: read only
/// when a webhook endpoint listens to what they tell.
pub async fn paid_rows(c: &mut Conn, after: i64, last: i64) -> StoreResult<Vec<PaidRow>> {
    let sql = format!(
        "SELECT p.id AS payment_id, i.id AS invoice_id, i.organization_id, i.number, p.amount_minor, p.currency \
         FROM bank_transactions t JOIN payments p ON {PAYMENT_OF_CREDIT} JOIN invoices i ON i.id = p.invoice_id \
         WHERE {} ORDER BY t.id",
        marked(c, 0)
    );
    Ok(q!(c, |e| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(after)
        .bind(last)
        .fetch_all(e)
        .await)?)
}

/// The marked credits of `(after, last]` each paid the invoice of their reference with the
/// payment of their charge: `paid_invoice`. Answers how many.
pub async fn set_paid(c: &mut Conn, after: i64, last: i64) -> StoreResult<u64> {
    let sql = format!(
        "UPDATE bank_transactions AS t SET outcome = 'paid_invoice', reason = '', \
         payment_id = (SELECT p.id FROM payments p WHERE {PAYMENT_OF_CREDIT}) WHERE {}",
        marked(c, 0)
    );
    execute(c, &sql, &[after, last]).await
}
