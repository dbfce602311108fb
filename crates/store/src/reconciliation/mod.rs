//! REC: imported bank statements and their transactions, with what each became.

pub mod bulk;

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRow {
    pub id: i64,
    pub file_name: String,
    pub message: String,
    pub account_iban: String,
    pub statement_ids: String,
    pub entries: i64,
    pub transactions: i64,
    pub new_transactions: i64,
    pub imported_at: i64,
    pub imported_by: String,
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct BankTxRow {
    pub id: i64,
    pub import_id: i64,
    pub tx_key: String,
    pub entry_reference: String,
    pub tx_reference: String,
    pub booking_date: String,
    pub value_date: String,
    pub credit: bool,
    pub reversal: bool,
    pub status: String,
    pub amount_minor: i64,
    pub currency: String,
    pub reference: String,
    /// The reference as invoices and top-ups store theirs (no spaces, upper case).
    pub match_reference: String,
    pub remittance: String,
    pub debtor_name: String,
    pub debtor_iban: String,
    pub outcome: String,
    pub reason: String,
    pub organization_id: Option<i64>,
    pub invoice_id: Option<i64>,
    pub payment_id: Option<i64>,
    pub decided_by: String,
    pub decided_at: Option<i64>,
    pub refund_name: String,
    pub refund_iban: String,
    pub refund_export_id: Option<i64>,
}

macro_rules! tx_columns {
    () => {
        "id, import_id, tx_key, entry_reference, tx_reference, booking_date, value_date, credit, reversal, \
         status, amount_minor, currency, reference, match_reference, remittance, debtor_name, debtor_iban, outcome, reason, \
         organization_id, invoice_id, payment_id, decided_by, decided_at, refund_name, refund_iban, refund_export_id"
    };
}

pub async fn insert_import(c: &mut Conn, r: &ImportRow) -> StoreResult<i64> {
    let sql = "INSERT INTO bank_imports (file_name, message, account_iban, statement_ids, entries, transactions, \
               new_transactions, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(&r.file_name)
        .bind(&r.message)
        .bind(&r.account_iban)
        .bind(&r.statement_ids)
        .bind(r.entries)
        .bind(r.transactions)
        .bind(r.new_transactions)
        .bind(r.imported_at)
        .bind(&r.imported_by)
        .fetch_one(e)
        .await)?)
}

pub async fn set_new_transactions(c: &mut Conn, id: i64, n: i64) -> StoreResult<()> {
    q!(c, |e| sqlx::query(
        "UPDATE bank_imports SET new_transactions = $1 WHERE id = $2"
    )
    .bind(n)
    .bind(id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What a transaction became.
#[derive(Debug, Clone, Copy)]
pub struct Outcome<'a> {
    pub outcome: &'a str,
    pub reason: &'a str,
    pub organization: Option<i64>,
    pub invoice: Option<i64>,
    pub payment: Option<i64>,
}

/// Answers false, writing nothing, when the transaction was routed already (by another import
/// at the same moment).
pub async fn set_outcome(c: &mut Conn, id: i64, o: &Outcome<'_>) -> StoreResult<bool> {
    let sql = "UPDATE bank_transactions SET outcome = $1, reason = $2, organization_id = $3, invoice_id = $4, \
               payment_id = $5 WHERE id = $6 AND outcome = 'received'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(o.outcome)
        .bind(o.reason)
        .bind(o.organization)
        .bind(o.invoice)
        .bind(o.payment)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn find_transaction(c: &mut Conn, id: i64) -> StoreResult<Option<BankTxRow>> {
    let sql: &str = concat!("SELECT ", tx_columns!(), " FROM bank_transactions WHERE id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// The transactions of one import, in file order.
pub async fn transactions_of_import(c: &mut Conn, import: i64) -> StoreResult<Vec<BankTxRow>> {
    let sql: &str = concat!(
        "SELECT ",
        tx_columns!(),
        " FROM bank_transactions WHERE import_id = $1 ORDER BY id"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(import).fetch_all(e).await)?)
}

/// The transactions with one outcome (`unmatched`, `refund` …), oldest first.
pub async fn transactions_with_outcome(
    c: &mut Conn,
    outcome: &str,
    limit: i64,
) -> StoreResult<Vec<BankTxRow>> {
    let sql: &str = concat!(
        "SELECT ",
        tx_columns!(),
        " FROM bank_transactions WHERE outcome = $1 ORDER BY id LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(outcome)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

macro_rules! import_columns {
    () => {
        "id, file_name, message, account_iban, statement_ids, entries, transactions, new_transactions, \
         imported_at, imported_by"
    };
}

pub async fn list_imports(c: &mut Conn, limit: i64) -> StoreResult<Vec<ImportRow>> {
    let sql: &str = concat!(
        "SELECT ",
        import_columns!(),
        " FROM bank_imports ORDER BY id DESC LIMIT $1"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(limit).fetch_all(e).await)?)
}

pub async fn find_import(c: &mut Conn, id: i64) -> StoreResult<Option<ImportRow>> {
    let sql: &str = concat!("SELECT ", import_columns!(), " FROM bank_imports WHERE id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// REC-2: whether an entry of this bank reference was imported before (a camt.053 booking the
/// payments a camt.054 already brought).
pub async fn entry_known(c: &mut Conn, entry_reference: &str) -> StoreResult<bool> {
    let sql = "SELECT COUNT(*) FROM bank_transactions WHERE entry_reference = $1 AND entry_reference <> ''";
    let n: i64 = q!(c, |e| sqlx::query_scalar(sql)
        .bind(entry_reference)
        .fetch_one(e)
        .await)?;
    Ok(n > 0)
}

/// A staff decision on an unmatched transaction: `assigned` (with the organization and the
/// payment) or `refund` (with where to). False when it was not unmatched any more (decided by
/// someone else at the same moment).
pub async fn decide_unmatched(c: &mut Conn, id: i64, d: &Decision<'_>) -> StoreResult<bool> {
    let sql = "UPDATE bank_transactions SET outcome = $1, organization_id = $2, payment_id = $3, \
               refund_name = $4, refund_iban = $5, decided_by = $6, decided_at = $7 \
               WHERE id = $8 AND outcome = 'unmatched'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(d.outcome)
        .bind(d.organization)
        .bind(d.payment)
        .bind(d.refund_name)
        .bind(d.refund_iban)
        .bind(d.staff)
        .bind(d.now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// What a staff member decided for an unmatched transaction.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    pub outcome: &'a str,
    pub organization: Option<i64>,
    pub payment: Option<i64>,
    pub refund_name: &'a str,
    pub refund_iban: &'a str,
    pub staff: &'a str,
    pub now: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefundExportRow {
    pub id: i64,
    pub message_id: String,
    pub transactions: i64,
    pub xml: String,
    pub created_at: i64,
    pub created_by: String,
}

pub async fn insert_refund_export(c: &mut Conn, r: &RefundExportRow) -> StoreResult<i64> {
    let sql = "INSERT INTO bank_refund_exports (message_id, transactions, xml, created_at, created_by) \
               VALUES ($1, $2, $3, $4, $5) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(&r.message_id)
        .bind(r.transactions)
        .bind(&r.xml)
        .bind(r.created_at)
        .bind(&r.created_by)
        .fetch_one(e)
        .await)?)
}

/// Closes the refunds a file carried; answers how many were still waiting (a refund exported
/// by someone else at the same moment is not counted twice).
pub async fn close_refund(c: &mut Conn, id: i64, export: i64) -> StoreResult<bool> {
    let sql = "UPDATE bank_transactions SET outcome = 'refunded', refund_export_id = $1 WHERE id = $2 AND outcome = 'refund'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(export)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn list_refund_exports(c: &mut Conn, limit: i64) -> StoreResult<Vec<RefundExportRow>> {
    let sql = "SELECT id, message_id, transactions, xml, created_at, created_by FROM bank_refund_exports \
               ORDER BY id DESC LIMIT $1";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(limit).fetch_all(e).await)?)
}

pub async fn find_refund_export(c: &mut Conn, id: i64) -> StoreResult<Option<RefundExportRow>> {
    let sql = "SELECT id, message_id, transactions, xml, created_at, created_by FROM bank_refund_exports WHERE id = $1";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// REC suggestions: the organizations an earlier transaction from this payer IBAN went to.
pub async fn organizations_of_debtor(c: &mut Conn, iban: &str) -> StoreResult<Vec<i64>> {
    let sql = "SELECT DISTINCT organization_id FROM bank_transactions \
               WHERE debtor_iban = $1 AND debtor_iban <> '' AND organization_id IS NOT NULL";
    let rows: Vec<Option<i64>> = q!(c, |e| sqlx::query_scalar(sql).bind(iban).fetch_all(e).await)?;
    Ok(rows.into_iter().flatten().collect())
}

/// REC suggestions: organizations with an open invoice of exactly this amount and currency.
pub async fn organizations_owing(c: &mut Conn, amount: i64, currency: &str) -> StoreResult<Vec<i64>> {
    let sql = "SELECT DISTINCT organization_id FROM invoices WHERE status = 'open' AND total_minor = $1 \
               AND currency = $2 LIMIT 10";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(amount)
        .bind(currency)
        .fetch_all(e)
        .await)?)
}

/// REC-2 at scale: several transactions in one statement (at most 1,000), those read before
/// left out; answers how many were new.
pub async fn insert_transactions(c: &mut Conn, rows: &[BankTxRow]) -> StoreResult<u64> {
    let mut new = 0;
    for chunk in rows.chunks(1_000) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", crate::placeholders(c, i * 17 + 1, 17)))
            .collect();
        let sql = format!(
            "INSERT INTO bank_transactions (import_id, tx_key, entry_reference, tx_reference, booking_date, \
             value_date, credit, reversal, status, amount_minor, currency, reference, match_reference, remittance, \
             debtor_name, debtor_iban, outcome) VALUES {} ON CONFLICT (tx_key) DO NOTHING",
            values.join(", ")
        );
        new += q!(c, |e| {
            let mut qy = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for t in chunk {
                qy = qy
                    .bind(t.import_id)
                    .bind(&t.tx_key)
                    .bind(&t.entry_reference)
                    .bind(&t.tx_reference)
                    .bind(&t.booking_date)
                    .bind(&t.value_date)
                    .bind(t.credit)
                    .bind(t.reversal)
                    .bind(&t.status)
                    .bind(t.amount_minor)
                    .bind(&t.currency)
                    .bind(&t.reference)
                    .bind(&t.match_reference)
                    .bind(&t.remittance)
                    .bind(&t.debtor_name)
                    .bind(&t.debtor_iban)
                    .bind(&t.outcome);
            }
            qy.execute(e).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(new)
}

/// Refreshes the planner's statistics of the transactions after a large import: without them
/// PostgreSQL takes `outcome = 'received'` for a selective condition and reads every waiting
/// credit for each chunk (62 s instead of seconds for 100,000 credits).
pub async fn refresh_statistics(c: &mut Conn) -> StoreResult<()> {
    q!(c, |e| sqlx::query("ANALYZE bank_transactions")
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
