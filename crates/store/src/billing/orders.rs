//! Orders (PRD-2): pending, then paid or cancelled; their priced items.

use kontor_domain::OrderStatus;

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub organization_id: i64,
    #[sqlx(try_from = "String")]
    pub status: OrderStatus,
    pub currency: String,
    pub subtotal_minor: i64,
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    pub reverse_charge: bool,
    pub reference: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub paid_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    /// BIL-7: the address the invoice is made out to (`None`: the default one).
    pub billing_address_id: Option<i64>,
    /// `customer`, `auto_renewal` or `warranty` (REN-5).
    pub origin: String,
    /// PAR-7: the client whose products a partner pays for (the order is the partner's).
    pub client_id: Option<i64>,
    /// PAR-8: the partner that earns the items' cashback once the order is paid.
    pub partner_id: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub order_id: i64,
    pub position: i64,
    /// `new`, `upgrade` or `renewal`.
    pub kind: String,
    pub product_id: Option<i64>,
    pub product_type: String,
    pub plan_code: String,
    pub name: String,
    pub period_months: i64,
    pub seats: i64,
    pub storage_code: String,
    pub list_minor: i64,
    pub partner_bp: i64,
    pub degressive_bp: i64,
    pub unit_minor: i64,
    pub amount_minor: i64,
    pub days_left: i64,
    pub period_days: i64,
    /// PAR-8: the partner's cashback for this item, in the partner's currency.
    pub cashback_minor: i64,
}

macro_rules! columns {
    () => {
        "id, organization_id, status, currency, subtotal_minor, vat_rate_bp, vat_minor, total_minor, \
         reverse_charge, reference, created_by, created_at, paid_at, cancelled_at, billing_address_id, origin, \
         client_id, partner_id"
    };
}

macro_rules! item_columns {
    () => {
        "id, order_id, position, kind, product_id, product_type, plan_code, name, period_months, seats, \
         storage_code, list_minor, partner_bp, degressive_bp, unit_minor, amount_minor, days_left, period_days, cashback_minor"
    };
}

/// What an order is made of, before it has an id.
#[derive(Debug, Clone)]
pub struct NewOrder<'a> {
    pub organization_id: i64,
    pub currency: &'a str,
    pub subtotal: i64,
    pub vat_rate_bp: i64,
    pub vat: i64,
    pub reverse_charge: bool,
    pub created_by: Option<i64>,
    pub billing_address_id: Option<i64>,
    pub origin: &'a str,
    pub client_id: Option<i64>,
    pub partner_id: Option<i64>,
}

pub async fn insert_order(c: &mut Conn, o: &NewOrder<'_>, now: i64) -> StoreResult<i64> {
    let sql = "INSERT INTO orders (organization_id, status, currency, subtotal_minor, vat_rate_bp, vat_minor, \
               total_minor, reverse_charge, created_by, created_at, updated_at, billing_address_id, origin, client_id, partner_id) \
               VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(o.organization_id)
        .bind(o.currency)
        .bind(o.subtotal)
        .bind(o.vat_rate_bp)
        .bind(o.vat)
        .bind(o.subtotal + o.vat)
        .bind(o.reverse_charge)
        .bind(o.created_by)
        .bind(now)
        .bind(o.billing_address_id)
        .bind(o.origin)
        .bind(o.client_id)
        .bind(o.partner_id)
        .fetch_one(e)
        .await)?)
}

pub async fn set_reference(c: &mut Conn, id: i64, reference: &str) -> StoreResult<()> {
    let sql = "UPDATE orders SET reference = $1 WHERE id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(reference)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn insert_item(c: &mut Conn, i: &ItemRow) -> StoreResult<i64> {
    let sql = "INSERT INTO order_items (order_id, position, kind, product_id, product_type, plan_code, name, \
               period_months, seats, storage_code, list_minor, partner_bp, degressive_bp, unit_minor, amount_minor, \
               days_left, period_days, cashback_minor) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
               RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(i.order_id)
        .bind(i.position)
        .bind(&i.kind)
        .bind(i.product_id)
        .bind(&i.product_type)
        .bind(&i.plan_code)
        .bind(&i.name)
        .bind(i.period_months)
        .bind(i.seats)
        .bind(&i.storage_code)
        .bind(i.list_minor)
        .bind(i.partner_bp)
        .bind(i.degressive_bp)
        .bind(i.unit_minor)
        .bind(i.amount_minor)
        .bind(i.days_left)
        .bind(i.period_days)
        .bind(i.cashback_minor)
        .fetch_one(e)
        .await)?)
}

pub async fn find_order(c: &mut Conn, org: i64, id: i64) -> StoreResult<Option<OrderRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM orders WHERE id = $1 AND organization_id = $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(id)
        .bind(org)
        .fetch_optional(e)
        .await)?)
}

pub async fn list_items(c: &mut Conn, order: i64) -> StoreResult<Vec<ItemRow>> {
    let sql: &str = concat!(
        "SELECT ",
        item_columns!(),
        " FROM order_items WHERE order_id = $1 ORDER BY position"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(order).fetch_all(e).await)?)
}

pub async fn list_orders(
    c: &mut Conn,
    org: i64,
    status: Option<&str>,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<OrderRow>, i64)> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM orders WHERE organization_id = $1 AND ($2 = '' OR status = $2) ORDER BY id DESC LIMIT $3 OFFSET $4"
    );
    let status = status.unwrap_or_default();
    let rows = q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(status)
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await)?;
    let sql = "SELECT COUNT(*) FROM orders WHERE organization_id = $1 AND ($2 = '' OR status = $2)";
    let total = q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(status)
        .fetch_one(e)
        .await)?;
    Ok((rows, total))
}

/// Moves a pending order to `status` (`paid`, `cancelled`, or `invoiced` for a warranty
/// renewal billed on an open invoice); false when it was not pending
/// any more (someone else paid or cancelled it first).
pub async fn close_pending(c: &mut Conn, id: i64, status: OrderStatus, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE orders SET status = $1, updated_at = $2, \
               paid_at = CASE WHEN $1 IN ('paid', 'invoiced') THEN $2 ELSE paid_at END, \
               cancelled_at = CASE WHEN $1 = 'cancelled' THEN $2 ELSE cancelled_at END \
               WHERE id = $3 AND status = 'pending'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// (order id, product id) of every renewal item on a pending order of `org`.
pub async fn pending_renewal_items(c: &mut Conn, org: i64) -> StoreResult<Vec<(i64, i64)>> {
    let sql = "SELECT i.order_id, i.product_id FROM order_items i JOIN orders o ON o.id = i.order_id \
               WHERE o.organization_id = $1 AND o.status = 'pending' AND i.kind = 'renewal' \
               AND i.product_id IS NOT NULL ORDER BY i.order_id";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}

/// The pending order that carries payment reference `reference` (bank transfers, BIL-2).
pub async fn find_by_reference(c: &mut Conn, reference: &str) -> StoreResult<Option<OrderRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM orders WHERE reference = $1");
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(reference)
        .fetch_optional(e)
        .await)?)
}

/// (order id, product id) of every item naming a product on a pending order of `org`.
pub async fn pending_items(c: &mut Conn, org: i64) -> StoreResult<Vec<(i64, i64)>> {
    let sql = "SELECT i.order_id, i.product_id FROM order_items i JOIN orders o ON o.id = i.order_id \
               WHERE o.organization_id = $1 AND o.status = 'pending' AND i.product_id IS NOT NULL \
               ORDER BY i.order_id, i.position";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}

/// PAR-7: the client whose products the order of `invoice` pays for, when a partner paid.
pub async fn client_of_invoice(c: &mut Conn, invoice: i64) -> StoreResult<Option<i64>> {
    let sql = "SELECT o.client_id FROM invoices i JOIN orders o ON o.id = i.order_id WHERE i.id = $1";
    let found: Option<Option<i64>> = q!(c, |e| sqlx::query_scalar(sql)
        .bind(invoice)
        .fetch_optional(e)
        .await)?;
    Ok(found.flatten())
}

/// PAR-7: order `id` when it is `org`'s, or its partner's for `org`'s products.
pub async fn find_placed(c: &mut Conn, org: i64, id: i64) -> StoreResult<Option<OrderRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM orders WHERE id = $2 AND (organization_id = $1 OR client_id = $1)"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(id)
        .fetch_optional(e)
        .await)?)
}
