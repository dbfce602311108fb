//! Products (PRD-3 to PRD-10): one subscribed service of an organization, its plan, period,
//! expiry and options; lists with filters and keyset paging.

pub mod sites;

use std::fmt::Write as _;

use kontor_domain::{ProductStatus, SuspendReason};

use crate::{Conn, StoreError, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub organization_id: i64,
    pub product_type: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub status: ProductStatus,
    pub created_at: i64,
    pub plan_code: String,
    pub period_months: i64,
    pub activated_at: Option<i64>,
    /// 0 while the product was never active.
    pub expires_at: i64,
    pub terminated_at: Option<i64>,
    pub auto_renew: bool,
    pub renewal_warranty: bool,
    /// The workspace suite that contains this product (PRD-9).
    pub parent_id: Option<i64>,
    pub seats: i64,
    pub storage_code: String,
    pub server_prefix: Option<String>,
    pub order_id: Option<i64>,
    /// REN-2: the saved means automatic renewal charges (`None`: prepaid, then the newest).
    pub payment_method_id: Option<i64>,
    pub suspended_at: Option<i64>,
    /// `expiry` (REN-6) or `dunning` (DUN-1).
    pub suspended_reason: Option<String>,
}

macro_rules! columns {
    () => {
        "id, organization_id, product_type, name, status, created_at, plan_code, period_months, \
         activated_at, expires_at, terminated_at, auto_renew, renewal_warranty, parent_id, seats, \
         storage_code, server_prefix, order_id, payment_method_id, suspended_at, suspended_reason"
    };
}

impl ProductRow {
    /// Why the product is suspended, when it is.
    pub fn suspended_for(&self) -> Option<SuspendReason> {
        self.suspended_reason.as_deref().and_then(SuspendReason::parse)
    }
}

/// A product to create.
#[derive(Debug, Clone)]
pub struct NewProduct<'a> {
    pub organization_id: i64,
    pub product_type: &'a str,
    pub name: &'a str,
    pub status: ProductStatus,
    pub plan_code: &'a str,
    pub period_months: i64,
    pub parent_id: Option<i64>,
    pub seats: i64,
    pub storage_code: &'a str,
    pub order_id: Option<i64>,
    /// REN-5, chosen at order time.
    pub renewal_warranty: bool,
}

pub async fn insert(c: &mut Conn, p: &NewProduct<'_>, now: i64) -> StoreResult<i64> {
    let sql = "INSERT INTO products (organization_id, product_type, name, status, created_at, updated_at, \
               plan_code, period_months, parent_id, seats, storage_code, order_id, renewal_warranty) \
               VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(p.organization_id)
        .bind(p.product_type)
        .bind(p.name)
        .bind(p.status.as_str())
        .bind(now)
        .bind(p.plan_code)
        .bind(p.period_months)
        .bind(p.parent_id)
        .bind(p.seats)
        .bind(p.storage_code)
        .bind(p.order_id)
        .bind(p.renewal_warranty)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

/// A bare product record (tests, benchmarks).
pub async fn insert_product(
    c: &mut Conn,
    org: i64,
    product_type: &str,
    name: &str,
    status: ProductStatus,
    now: i64,
) -> StoreResult<i64> {
    let p = NewProduct {
        organization_id: org,
        product_type,
        name,
        status,
        plan_code: "",
        period_months: 12,
        parent_id: None,
        seats: 0,
        storage_code: "",
        order_id: None,
        renewal_warranty: false,
    };
    insert(c, &p, now).await
}

pub async fn find_product(c: &mut Conn, id: i64) -> StoreResult<Option<ProductRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM products WHERE id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// The product `id`, locked to the end of the caller's transaction (`FOR UPDATE` on
/// PostgreSQL; SQLite's write transaction holds the database already): a job that decides
/// from what it reads — renew under warranty at this expiry — decides once, even with two
/// runners (OPS-2).
pub async fn lock_product(c: &mut Conn, id: i64) -> StoreResult<Option<ProductRow>> {
    if let crate::db_inner::Postgres(e) = c.inner() {
        let sql: &str = concat!("SELECT ", columns!(), " FROM products WHERE id = $1 FOR UPDATE");
        return Ok(sqlx::query_as(sql).bind(id).fetch_optional(&mut *e).await?);
    }
    find_product(c, id).await
}

/// The product `id` when it belongs to `org`.
pub async fn find_in_org(c: &mut Conn, org: i64, id: i64) -> StoreResult<Option<ProductRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM products WHERE id = $1 AND organization_id = $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(id)
        .bind(org)
        .fetch_optional(e)
        .await)?)
}

/// The ids of `org`'s products (grants may only name the organization's own products).
pub async fn list_product_ids_of_org(c: &mut Conn, org: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT id FROM products WHERE organization_id = $1 ORDER BY id";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(org).fetch_all(e).await)?)
}

/// The products of an organization by type and name (grant pickers).
pub async fn list_products_of_org(c: &mut Conn, org: i64) -> StoreResult<Vec<ProductRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM products WHERE organization_id = $1 AND status <> 'terminated' ORDER BY product_type, name"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}

/// The products a suite contains.
pub async fn list_children(c: &mut Conn, parent: i64) -> StoreResult<Vec<ProductRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM products WHERE parent_id = $1 ORDER BY id"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(parent).fetch_all(e).await)?)
}

/// How many products of each type `org` holds (active or suspended), for PRC-2.
pub async fn count_held_by_type(c: &mut Conn, org: i64) -> StoreResult<Vec<(String, i64)>> {
    let sql = "SELECT product_type, COUNT(*) FROM products WHERE organization_id = $1 \
               AND status IN ('active', 'suspended') AND parent_id IS NULL GROUP BY product_type";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}

/// The order a list follows; the id breaks ties, so keyset paging is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProductOrder {
    #[default]
    Id,
    Name,
    ExpiresAt,
    /// By product type, then id.
    Type,
}

/// Filters of a product list (PRD-6).
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    pub product_type: Option<String>,
    pub status: Option<String>,
    /// Part of the name, case-insensitive.
    pub name: Option<String>,
    /// Expiry between these instants (inclusive).
    pub expires_from: Option<i64>,
    pub expires_until: Option<i64>,
    /// With an expiry window: also the products created since this instant, whatever their
    /// expiry (the console's default list shows what was just bought, issue 18).
    pub or_created_since: Option<i64>,
    /// Only these ids (a user sees the products granted to them).
    pub only_ids: Option<Vec<i64>>,
    pub order: ProductOrder,
    pub descending: bool,
}

impl ProductFilter {
    /// No condition besides the organization (ordering aside).
    pub fn is_unfiltered(&self) -> bool {
        self.product_type.is_none()
            && self.status.is_none()
            && self.name.is_none()
            && self.expires_from.is_none()
            && self.expires_until.is_none()
            && self.or_created_since.is_none()
            && self.only_ids.is_none()
    }
}

/// One page of a list: the rows and the total that match.
#[derive(Debug, Clone)]
pub struct ProductPage {
    pub rows: Vec<ProductRow>,
    pub total: i64,
}

/// Appends the filter conditions to `sql`, numbering placeholders from `$2` (`$1` is the
/// organization). Values are bound in the same order by [`bind_filter`].
fn filter_sql(f: &ProductFilter, sql: &mut String) -> usize {
    let mut n = 1;
    let mut push = |sql: &mut String, cond: &str| {
        for (i, part) in cond.split('?').enumerate() {
            if i > 0 {
                n += 1;
                let _ = write!(sql, "${n}");
            }
            sql.push_str(part);
        }
    };
    if f.product_type.is_some() {
        push(sql, " AND product_type = ?");
    }
    if f.status.is_some() {
        push(sql, " AND status = ?");
    }
    if f.name.is_some() {
        push(sql, " AND LOWER(name) LIKE ?");
    }
    let mut window = Vec::new();
    if f.expires_from.is_some() {
        window.push("expires_at >= ?");
    }
    if f.expires_until.is_some() {
        window.push("expires_at <= ?");
    }
    match (window.is_empty(), f.or_created_since.is_some()) {
        (false, true) => push(
            sql,
            &format!(" AND (({}) OR created_at >= ?)", window.join(" AND ")),
        ),
        (false, false) => push(sql, &format!(" AND {}", window.join(" AND "))),
        (true, true) => push(sql, " AND created_at >= ?"),
        (true, false) => {}
    }
    if let Some(ids) = &f.only_ids {
        only_ids(sql, ids);
    }
    n
}

/// `AND id IN (…)`: only these products (none when the list is empty). Ids are integers,
/// inlined, never user text.
fn only_ids(sql: &mut String, ids: &[i64]) {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let list = if list.is_empty() {
        "0".to_owned()
    } else {
        list.join(",")
    };
    let _ = write!(sql, " AND id IN ({list})");
}

fn like_pattern(s: &str) -> String {
    format!("%{}%", crate::like_escaped(&s.to_lowercase()))
}

macro_rules! bind_filter {
    ($query:expr, $f:expr) => {{
        let mut qy = $query;
        if let Some(v) = &$f.product_type {
            qy = qy.bind(v.clone());
        }
        if let Some(v) = &$f.status {
            qy = qy.bind(v.clone());
        }
        if let Some(v) = &$f.name {
            qy = qy.bind(like_pattern(v));
        }
        if let Some(v) = $f.expires_from {
            qy = qy.bind(v);
        }
        if let Some(v) = $f.expires_until {
            qy = qy.bind(v);
        }
        if let Some(v) = $f.or_created_since {
            qy = qy.bind(v);
        }
        qy
    }};
}

/// The column a list is ordered by, the direction, and the comparison that keeps the rows
/// after a cursor in that order.
fn order_terms(f: &ProductFilter) -> (&'static str, &'static str, &'static str) {
    let col = match f.order {
        ProductOrder::Id => "id",
        ProductOrder::Name => "name",
        ProductOrder::ExpiresAt => "expires_at",
        ProductOrder::Type => "product_type",
    };
    if f.descending {
        (col, "DESC", "<")
    } else {
        (col, "ASC", ">")
    }
}

/// A page of `org`'s products. With `after` (the last id of the previous page) the page starts
/// right after that row in the list's order (keyset paging: a deep page costs what the first
/// costs); otherwise `offset` rows are skipped.
pub async fn list_page(
    c: &mut Conn,
    org: i64,
    f: &ProductFilter,
    after: Option<i64>,
    offset: i64,
    limit: i64,
) -> StoreResult<ProductPage> {
    let mut conds = String::new();
    let n = filter_sql(f, &mut conds);
    let conds = add_escape(&conds);
    let (col, dir, cmp) = order_terms(f);
    let mut sql = format!(
        "SELECT {} FROM products WHERE organization_id = $1{conds}",
        columns!()
    );
    let cursor = match after {
        Some(id) => find_in_org(c, org, id).await?,
        None => None,
    };
    let name_key = cursor
        .as_ref()
        .and_then(|row| after_cursor(&mut sql, row, f.order, cmp, n));
    let skip = if cursor.is_some() { 0 } else { offset.max(0) };
    let sql = if col == "id" {
        format!("{sql} ORDER BY id {dir} LIMIT {limit} OFFSET {skip}")
    } else {
        format!("{sql} ORDER BY {col} {dir}, id {dir} LIMIT {limit} OFFSET {skip}")
    };
    let rows: Vec<ProductRow> = q!(c, |e| {
        let mut qy = bind_filter!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(org), f);
        if let Some(k) = &name_key {
            qy = qy.bind(k.clone());
        }
        qy.fetch_all(e).await
    })?;
    let total = count_matching(c, org, f).await?;
    Ok(ProductPage { rows, total })
}

/// How many products of `org` match `f` (the triggers' count when nothing filters, kept by
/// migration 0004: no count over every row of a large organization).
pub async fn count_matching(c: &mut Conn, org: i64, f: &ProductFilter) -> StoreResult<i64> {
    if f.is_unfiltered() {
        let sql = "SELECT COALESCE((SELECT n FROM product_counts WHERE organization_id = $1), 0)";
        return Ok(q!(c, |e| sqlx::query_scalar(sql).bind(org).fetch_one(e).await)?);
    }
    match split_window_count(f) {
        Some((window, recent)) => count_split(c, org, &window, &recent).await,
        None => count(c, org, f).await,
    }
}

/// "Expiry window OR created since" counted as two index ranges that cannot overlap — the
/// window, plus what was created since and expires outside it — instead of one OR over both
/// indexes, which has to remember every row it met (migration 0027 covers the second range).
fn split_window_count(f: &ProductFilter) -> Option<(ProductFilter, ProductFilter)> {
    f.or_created_since?;
    if f.expires_from.is_none() && f.expires_until.is_none() {
        return None;
    }
    let window = ProductFilter {
        or_created_since: None,
        ..f.clone()
    };
    let recent = ProductFilter {
        expires_from: None,
        expires_until: None,
        ..f.clone()
    };
    Some((window, recent))
}

async fn count(c: &mut Conn, org: i64, f: &ProductFilter) -> StoreResult<i64> {
    let mut conds = String::new();
    filter_sql(f, &mut conds);
    let sql = format!(
        "SELECT COUNT(*) FROM products WHERE organization_id = $1{}",
        add_escape(&conds)
    );
    Ok(q!(c, |e| bind_filter!(
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(org),
        f
    )
    .fetch_one(e)
    .await)?)
}

/// In one statement: the products in `window`, plus those of `recent` (created since, no
/// window) whose expiry lies outside `window`'s — the bounds are instants the server computed,
/// inlined as integers; the second count's placeholders follow the first's.
async fn count_split(
    c: &mut Conn,
    org: i64,
    window: &ProductFilter,
    recent: &ProductFilter,
) -> StoreResult<i64> {
    let mut first = String::new();
    let used = filter_sql(window, &mut first);
    let mut second = String::new();
    filter_sql(recent, &mut second);
    let second = shift_placeholders(&second, used - 1);
    let mut outside = vec!["expires_at IS NULL".to_owned()];
    if let Some(from) = window.expires_from {
        outside.push(format!("expires_at < {from}"));
    }
    if let Some(until) = window.expires_until {
        outside.push(format!("expires_at > {until}"));
    }
    let sql = format!(
        "SELECT (SELECT COUNT(*) FROM products WHERE organization_id = $1{}) + \
         (SELECT COUNT(*) FROM products WHERE organization_id = $1{} AND ({}))",
        add_escape(&first),
        add_escape(&second),
        outside.join(" OR ")
    );
    Ok(q!(c, |e| {
        let qy = bind_filter!(
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(org),
            window
        );
        bind_filter!(qy, recent).fetch_one(e).await
    })?)
}

/// `$2` → `$(2 + by)` throughout `sql`: conditions numbered from `$2` put after others.
fn shift_placeholders(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        out.push(ch);
        if ch != '$' {
            continue;
        }
        let mut digits = String::new();
        while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
            digits.push(d);
            chars.next();
        }
        match digits.parse::<usize>() {
            Ok(n) => {
                let _ = write!(out, "{}", n + by);
            }
            Err(_) => out.push_str(&digits),
        }
    }
    out
}

/// How many products of each type an organization holds, ended ones aside, by type; `only`
/// narrows to a plain user's products (AUTHZ-3). The console's home page (issue 18).
pub async fn count_by_type(c: &mut Conn, org: i64, only: Option<&[i64]>) -> StoreResult<Vec<(String, i64)>> {
    let mut sql = "SELECT product_type, COUNT(*) FROM products WHERE organization_id = $1 \
        AND status <> 'terminated'"
        .to_owned();
    if let Some(ids) = only {
        only_ids(&mut sql, ids);
    }
    sql.push_str(" GROUP BY product_type ORDER BY product_type");
    Ok(q!(c, |e| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(org)
        .fetch_all(e)
        .await)?)
}

/// Appends the keyset condition that keeps the rows after `row` in `order`; answers the text
/// to bind as the next placeholder (`$n + 1`) when the order needs one.
fn after_cursor(
    sql: &mut String,
    row: &ProductRow,
    order: ProductOrder,
    cmp: &str,
    n: usize,
) -> Option<String> {
    match order {
        ProductOrder::Id => {
            let _ = write!(sql, " AND id {cmp} {}", row.id);
            None
        }
        ProductOrder::ExpiresAt => {
            let _ = write!(
                sql,
                " AND (expires_at, id) {cmp} ({}, {})",
                row.expires_at, row.id
            );
            None
        }
        ProductOrder::Name => {
            let _ = write!(sql, " AND (name, id) {cmp} (${}, {})", n + 1, row.id);
            Some(row.name.clone())
        }
        ProductOrder::Type => {
            let _ = write!(sql, " AND (product_type, id) {cmp} (${}, {})", n + 1, row.id);
            Some(row.product_type.clone())
        }
    }
}

/// Adds `ESCAPE '\\'` after the name pattern so `%` and `_` in a search are literal.
fn add_escape(conds: &str) -> String {
    const LIKE: &str = "LOWER(name) LIKE $";
    match conds.find(LIKE) {
        Some(i) => {
            let digits = conds[i + LIKE.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            let end = i + LIKE.len() + digits;
            format!("{} ESCAPE '\\'{}", &conds[..end], &conds[end..])
        }
        None => conds.to_owned(),
    }
}

/// PRD-3: a paid product becomes active until `expires_at`.
pub async fn activate(
    c: &mut Conn,
    id: i64,
    expires_at: i64,
    auto_renew: bool,
    server_prefix: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    let sql = "UPDATE products SET status = 'active', activated_at = $1, expires_at = $2, \
               auto_renew = $3, server_prefix = COALESCE(server_prefix, $4), updated_at = $1 WHERE id = $5";
    q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(expires_at)
        .bind(auto_renew)
        .bind(server_prefix)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Owner-editable fields (PRD-7, REN-2, REN-5).
pub async fn update_settings(
    c: &mut Conn,
    id: i64,
    name: &str,
    auto_renew: bool,
    renewal_warranty: bool,
    now: i64,
) -> StoreResult<()> {
    let sql = "UPDATE products SET name = $1, auto_renew = $2, renewal_warranty = $3, updated_at = $4 WHERE id = $5";
    q!(c, |e| sqlx::query(sql)
        .bind(name)
        .bind(auto_renew)
        .bind(renewal_warranty)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .map_err(StoreError::classify)?;
    Ok(())
}

/// PRD-9: a suite's new plan, seats and storage after an upgrade.
pub async fn set_suite(
    c: &mut Conn,
    id: i64,
    plan: &str,
    seats: i64,
    storage: &str,
    now: i64,
) -> StoreResult<()> {
    let sql =
        "UPDATE products SET plan_code = $1, seats = $2, storage_code = $3, updated_at = $4 WHERE id = $5";
    q!(c, |e| sqlx::query(sql)
        .bind(plan)
        .bind(seats)
        .bind(storage)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// PRD-4: the product changes organization; grants in the old one end.
pub async fn move_to(c: &mut Conn, id: i64, org: i64, now: i64) -> StoreResult<()> {
    for sql in [
        "DELETE FROM member_products WHERE product_id = $1",
        "DELETE FROM workgroup_products WHERE product_id = $1",
    ] {
        q!(c, |e| sqlx::query(sql)
            .bind(id)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    let sql = "UPDATE products SET organization_id = $1, updated_at = $2 WHERE id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .map_err(StoreError::classify)?;
    Ok(())
}

/// Removes a pending product of a cancelled order, and its grants.
pub async fn delete_pending(c: &mut Conn, id: i64) -> StoreResult<u64> {
    for sql in [
        "UPDATE order_items SET product_id = NULL WHERE product_id = $1",
        "DELETE FROM member_products WHERE product_id = $1",
        "DELETE FROM workgroup_products WHERE product_id = $1",
    ] {
        q!(c, |e| sqlx::query(sql)
            .bind(id)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    let sql = "DELETE FROM products WHERE id = $1 AND status = 'pending'";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}

/// BIL-5: the order a pending product waits on, when its order was combined into another.
pub async fn set_order(c: &mut Conn, id: i64, order: i64, now: i64) -> StoreResult<()> {
    let sql = "UPDATE products SET order_id = $1, updated_at = $2 WHERE id = $3 AND status = 'pending'";
    q!(c, |e| sqlx::query(sql)
        .bind(order)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// REN-2: the saved means a product's automatic renewal charges.
pub async fn set_payment_method(c: &mut Conn, id: i64, method: Option<i64>, now: i64) -> StoreResult<()> {
    let sql = "UPDATE products SET payment_method_id = $1, updated_at = $2 WHERE id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(method)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// REN-1: a renewal moves the expiry; a suspended product is active again (REN-6, DUN-3).
/// Terminated products stay as they are; answers whether the product changed.
pub async fn renew(c: &mut Conn, id: i64, expires_at: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE products SET expires_at = $1, status = 'active', suspended_at = NULL, \
               suspended_reason = NULL, updated_at = $2 WHERE id = $3 AND status IN ('active', 'suspended')";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(expires_at)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?
        == 1)
}

/// REN-6/DUN-1: an active product (and the products its suite contains) is suspended for
/// `reason`; answers how many changed.
pub async fn suspend(c: &mut Conn, id: i64, reason: SuspendReason, now: i64) -> StoreResult<u64> {
    let sql = "UPDATE products SET status = 'suspended', suspended_at = $1, suspended_reason = $2, updated_at = $1 \
               WHERE (id = $3 OR parent_id = $3) AND status = 'active'";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(reason.as_str())
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}

/// DUN-3: a product suspended for `reason` (and its suite's products) is active again.
pub async fn unsuspend(c: &mut Conn, id: i64, reason: SuspendReason, now: i64) -> StoreResult<u64> {
    let sql = "UPDATE products SET status = 'active', suspended_at = NULL, suspended_reason = NULL, updated_at = $1 \
               WHERE (id = $2 OR parent_id = $2) AND status = 'suspended' AND suspended_reason = $3";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .bind(reason.as_str())
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}

/// REN-6/DUN-1: a product (and its suite's products) ends for good; answers how many changed.
pub async fn terminate(c: &mut Conn, id: i64, now: i64) -> StoreResult<u64> {
    let sql = "UPDATE products SET status = 'terminated', terminated_at = $1, updated_at = $1 \
               WHERE (id = $2 OR parent_id = $2) AND status IN ('active', 'suspended')";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?)
}

/// Jobs: top-level products in `status` (`active` or `suspended`) whose expiry lies in
/// `(from, until]`, after `after` (keyset), ordered by organization then id. The `status IN`
/// term repeats the condition of the partial index `products_due`, so the planner may use it.
pub async fn list_expiring(
    c: &mut Conn,
    status: ProductStatus,
    from: i64,
    until: i64,
    after: (i64, i64),
    limit: i64,
) -> StoreResult<Vec<ProductRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM products WHERE status = $1 AND status IN ('active', 'suspended') \
          AND expires_at > $2 AND expires_at <= $3 AND parent_id IS NULL \
          AND (organization_id > $4 OR (organization_id = $4 AND id > $5)) \
          ORDER BY organization_id, id LIMIT $6"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(status.as_str())
        .bind(from)
        .bind(until)
        .bind(after.0)
        .bind(after.1)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// Products by id within one organization, in the order asked.
pub async fn find_many_in_org(c: &mut Conn, org: i64, ids: &[i64]) -> StoreResult<Vec<ProductRow>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(p) = find_in_org(c, org, *id).await? {
            out.push(p);
        }
    }
    Ok(out)
}
