//! Invoices (BIL-1): numbered gap-free per year inside the issuing transaction, never changed
//! after issue (triggers refuse updates and deletes).

use kontor_domain::InvoiceStatus;

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: i64,
    pub organization_id: i64,
    pub order_id: Option<i64>,
    pub number: String,
    pub year: i64,
    pub seq: i64,
    #[sqlx(try_from = "String")]
    pub status: InvoiceStatus,
    pub currency: String,
    pub subtotal_minor: i64,
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    pub reverse_charge: bool,
    pub reference: String,
    pub bill_name: String,
    pub bill_street: String,
    pub bill_postal_code: String,
    pub bill_city: String,
    pub bill_country: String,
    pub bill_vat_number: String,
    pub issued_at: i64,
    pub due_date: String,
    pub paid_at: Option<i64>,
    /// DUN-1: the last step of the reminder schedule reached (0 = none).
    pub dunning_level: i64,
    pub bill_building_number: String,
    /// MSG-2: the language it was issued in (its lines and its PDF).
    pub language: String,
    /// `invoice` or `credit_note` (DUN-5).
    pub kind: String,
    /// The invoice a credit note credits.
    pub credits_invoice_id: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRow {
    pub id: i64,
    pub invoice_id: i64,
    pub position: i64,
    pub description: String,
    pub product_id: Option<i64>,
    pub quantity: i64,
    pub unit_minor: i64,
    pub amount_minor: i64,
}

macro_rules! columns {
    () => {
        "id, organization_id, order_id, number, year, seq, status, currency, subtotal_minor, vat_rate_bp, \
         vat_minor, total_minor, reverse_charge, reference, bill_name, bill_street, bill_postal_code, \
         bill_city, bill_country, bill_vat_number, issued_at, due_date, paid_at, dunning_level, bill_building_number, \
         language, kind, credits_invoice_id"
    };
}

/// The next number of `year`. The counter row's lock serializes concurrent issuers until their
/// transactions end, so numbers are consecutive and a rolled-back issue leaves no gap.
pub async fn next_number(c: &mut Conn, year: i64) -> StoreResult<i64> {
    let sql = "INSERT INTO invoice_counters (year, last_number) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING";
    q!(c, |e| sqlx::query(sql)
        .bind(year)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    let sql =
        "UPDATE invoice_counters SET last_number = last_number + 1 WHERE year = $1 RETURNING last_number";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(year).fetch_one(e).await)?)
}

/// Inserts an issued invoice; `id` of `inv` is ignored.
pub async fn insert_invoice(c: &mut Conn, inv: &InvoiceRow) -> StoreResult<i64> {
    let sql = "INSERT INTO invoices (organization_id, order_id, number, year, seq, status, currency, subtotal_minor, \
               vat_rate_bp, vat_minor, total_minor, reverse_charge, reference, bill_name, bill_street, bill_postal_code, \
               bill_city, bill_country, bill_vat_number, issued_at, due_date, paid_at, bill_building_number, language, \
               kind, credits_invoice_id) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, \
               $25, $26) \
               RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(inv.organization_id)
        .bind(inv.order_id)
        .bind(&inv.number)
        .bind(inv.year)
        .bind(inv.seq)
        .bind(inv.status.as_str())
        .bind(&inv.currency)
        .bind(inv.subtotal_minor)
        .bind(inv.vat_rate_bp)
        .bind(inv.vat_minor)
        .bind(inv.total_minor)
        .bind(inv.reverse_charge)
        .bind(&inv.reference)
        .bind(&inv.bill_name)
        .bind(&inv.bill_street)
        .bind(&inv.bill_postal_code)
        .bind(&inv.bill_city)
        .bind(&inv.bill_country)
        .bind(&inv.bill_vat_number)
        .bind(inv.issued_at)
        .bind(&inv.due_date)
        .bind(inv.paid_at)
        .bind(&inv.bill_building_number)
        .bind(&inv.language)
        .bind(&inv.kind)
        .bind(inv.credits_invoice_id)
        .fetch_one(e)
        .await)?)
}

/// DUN-5: an open invoice becomes `credited` (false when it was no longer open).
pub async fn mark_credited(c: &mut Conn, id: i64) -> StoreResult<bool> {
    let sql = "UPDATE invoices SET status = 'credited' WHERE id = $1 AND status = 'open'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The credit note of an invoice, if it has one.
pub async fn find_credit_note_of(c: &mut Conn, invoice: i64) -> StoreResult<Option<InvoiceRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM invoices WHERE credits_invoice_id = $1"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(invoice)
        .fetch_optional(e)
        .await)?)
}

pub async fn insert_line(c: &mut Conn, l: &LineRow) -> StoreResult<()> {
    let sql = "INSERT INTO invoice_lines (invoice_id, position, description, product_id, quantity, unit_minor, amount_minor) \
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    q!(c, |e| sqlx::query(sql)
        .bind(l.invoice_id)
        .bind(l.position)
        .bind(&l.description)
        .bind(l.product_id)
        .bind(l.quantity)
        .bind(l.unit_minor)
        .bind(l.amount_minor)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_invoice(c: &mut Conn, org: i64, id: i64) -> StoreResult<Option<InvoiceRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM invoices WHERE id = $1 AND organization_id = $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(id)
        .bind(org)
        .fetch_optional(e)
        .await)?)
}

pub async fn list_lines(c: &mut Conn, invoice: i64) -> StoreResult<Vec<LineRow>> {
    let sql = "SELECT id, invoice_id, position, description, product_id, quantity, unit_minor, amount_minor \
               FROM invoice_lines WHERE invoice_id = $1 ORDER BY position";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(invoice).fetch_all(e).await)?)
}

/// A page of invoices, newest first; `status` and an issue period filter (BIL-11).
pub async fn list_invoices(
    c: &mut Conn,
    org: i64,
    status: Option<InvoiceStatus>,
    from: Option<i64>,
    until: Option<i64>,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<InvoiceRow>, i64)> {
    let status = status.map_or("", InvoiceStatus::as_str);
    let (from, until) = (from.unwrap_or(i64::MIN), until.unwrap_or(i64::MAX));
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM invoices WHERE organization_id = $1 AND ($2 = '' OR status = $2) AND issued_at >= $3 \
          AND issued_at <= $4 ORDER BY id DESC LIMIT $5 OFFSET $6"
    );
    let rows = q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(status)
        .bind(from)
        .bind(until)
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await)?;
    let sql = "SELECT COUNT(*) FROM invoices WHERE organization_id = $1 AND ($2 = '' OR status = $2) \
               AND issued_at >= $3 AND issued_at <= $4";
    let total = q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(status)
        .bind(from)
        .bind(until)
        .fetch_one(e)
        .await)?;
    Ok((rows, total))
}

/// All invoice numbers of a year in order (tests of gap-free numbering).
pub async fn numbers_of_year(c: &mut Conn, year: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT seq FROM invoices WHERE year = $1 ORDER BY seq";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(year).fetch_all(e).await)?)
}

/// The invoice that carries payment reference `reference`.
pub async fn find_by_reference(c: &mut Conn, reference: &str) -> StoreResult<Option<InvoiceRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM invoices WHERE reference = $1");
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(reference)
        .fetch_optional(e)
        .await)?)
}

/// DUN-3: an open invoice is paid; false when it was not open any more.
pub async fn mark_paid(c: &mut Conn, id: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE invoices SET status = 'paid', paid_at = $1 WHERE id = $2 AND status = 'open'";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?
        == 1)
}

/// DUN-1: open invoices due on or before `due_before` (YYYY-MM-DD) whose reminder level is
/// below `below`, after `after` (keyset by due date, then id: the order of the partial index
/// `invoices_open_due`, so a page reads only open invoices).
pub async fn list_overdue(
    c: &mut Conn,
    due_before: &str,
    below: i64,
    after: (&str, i64),
    limit: i64,
) -> StoreResult<Vec<InvoiceRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM invoices WHERE status = 'open' AND due_date <= $1 AND dunning_level < $2 \
          AND (due_date > $3 OR (due_date = $3 AND id > $4)) \
          ORDER BY due_date, id LIMIT $5"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(due_before)
        .bind(below)
        .bind(after.0)
        .bind(after.1)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// DUN-1: moves an invoice from reminder level `from` to `to`; false when another run did.
pub async fn advance_dunning(c: &mut Conn, id: i64, from: i64, to: i64) -> StoreResult<bool> {
    let sql =
        "UPDATE invoices SET dunning_level = $1 WHERE id = $2 AND dunning_level = $3 AND status = 'open'";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(to)
        .bind(id)
        .bind(from)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?
        == 1)
}

/// DUN-2: records that step `level` of an invoice's schedule happened (listed in the console).
pub async fn insert_reminder(c: &mut Conn, invoice: i64, level: i64, now: i64) -> StoreResult<bool> {
    let sql = "INSERT INTO invoice_reminders (invoice_id, level, created_at) VALUES ($1, $2, $3) \
               ON CONFLICT (invoice_id, level) DO NOTHING";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(invoice)
        .bind(level)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?
        == 1)
}

/// The steps an invoice went through: (level, when).
pub async fn list_reminders(c: &mut Conn, invoice: i64) -> StoreResult<Vec<(i64, i64)>> {
    let sql = "SELECT level, created_at FROM invoice_reminders WHERE invoice_id = $1 ORDER BY level";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(invoice).fetch_all(e).await)?)
}

/// The distinct products an invoice bills.
pub async fn product_ids(c: &mut Conn, invoice: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT DISTINCT product_id FROM invoice_lines WHERE invoice_id = $1 AND product_id IS NOT NULL \
               ORDER BY product_id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(invoice)
        .fetch_all(e)
        .await)?)
}

/// Every invoice issued in `[from, until]`, oldest first (BIL-11 export).
pub async fn list_period(
    c: &mut Conn,
    org: i64,
    status: Option<InvoiceStatus>,
    from: i64,
    until: i64,
) -> StoreResult<Vec<InvoiceRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM invoices WHERE organization_id = $1 AND ($2 = '' OR status = $2) AND issued_at >= $3 \
          AND issued_at <= $4 ORDER BY id"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(status.map_or("", InvoiceStatus::as_str))
        .bind(from)
        .bind(until)
        .fetch_all(e)
        .await)?)
}

/// The oldest open invoice of `org` that bills `product` — the one whose reminders suspend it
/// (DUN-1) and whose payment brings it back (DUN-3): its id and number.
pub async fn open_invoice_of_product(
    c: &mut Conn,
    org: i64,
    product: i64,
) -> StoreResult<Option<(i64, String)>> {
    let sql = "SELECT i.id, i.number FROM invoices i \
               WHERE i.organization_id = $1 AND i.status = 'open' \
               AND EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND l.product_id = $2) \
               ORDER BY i.due_date, i.id LIMIT 1";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(product)
        .fetch_optional(e)
        .await)?)
}
