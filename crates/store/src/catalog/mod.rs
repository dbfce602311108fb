//! The catalogue (PRD-1): product types, plans (and workspace storage tiers), prices per period
//! and currency. A price row applies from its `valid_from`; the price of a plan at an instant is
//! the newest row not after it.

use crate::{Conn, StoreError, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TypeRow {
    pub code: String,
    pub name: String,
    pub description: String,
    pub position: i64,
    /// Name and description per language, JSON (`{"de": {"name": …}}`); English is the row's own.
    pub translations: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlanRow {
    pub id: i64,
    pub code: String,
    pub product_type: String,
    pub kind: String,
    pub name: String,
    pub description: String,
    pub per_seat: bool,
    pub storage_gb: i64,
    pub tier: i64,
    pub position: i64,
    pub active: bool,
    /// Name and description per language, JSON; English is the row's own.
    pub translations: String,
}

/// A price in force: plan, period, currency, amount.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PriceRow {
    pub plan_id: i64,
    pub period_months: i64,
    pub currency: String,
    pub amount_minor: i64,
    pub valid_from: i64,
}

macro_rules! plan_columns {
    () => {
        "id, code, product_type, kind, name, description, per_seat, storage_gb, tier, position, active, translations"
    };
}

/// Raises the catalogue's version: every change below calls it in the change's transaction,
/// so a server's cached catalogue knows it is stale (`version`).
async fn bump_version(c: &mut Conn) -> StoreResult<()> {
    let sql = "UPDATE catalog_version SET n = n + 1 WHERE id = 1";
    q!(c, |e| sqlx::query(sql)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The catalogue's version, raised by every change of a type, plan or price.
pub async fn version(c: &mut Conn) -> StoreResult<i64> {
    let sql = "SELECT COALESCE((SELECT n FROM catalog_version WHERE id = 1), 0)";
    Ok(q!(c, |e| sqlx::query_scalar(sql).fetch_one(e).await)?)
}

/// The first instant after `now` at which a price comes into force, if any is planned.
pub async fn next_price_change(c: &mut Conn, now: i64) -> StoreResult<Option<i64>> {
    let sql = "SELECT MIN(valid_from) FROM catalog_prices WHERE valid_from > $1";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(now).fetch_one(e).await)?)
}

pub async fn upsert_type(c: &mut Conn, t: &TypeRow) -> StoreResult<()> {
    bump_version(c).await?;
    let sql = "INSERT INTO catalog_types (code, name, description, position, translations) VALUES ($1, $2, $3, $4, $5) \
               ON CONFLICT (code) DO UPDATE SET name = excluded.name, description = excluded.description, \
               position = excluded.position, translations = excluded.translations";
    q!(c, |e| sqlx::query(sql)
        .bind(&t.code)
        .bind(&t.name)
        .bind(&t.description)
        .bind(t.position)
        .bind(&t.translations)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Inserts or updates a plan by code; answers its id.
pub async fn upsert_plan(c: &mut Conn, p: &PlanRow) -> StoreResult<i64> {
    bump_version(c).await?;
    let sql = "INSERT INTO catalog_plans (code, product_type, kind, name, description, per_seat, storage_gb, tier, position, active, translations) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
               ON CONFLICT (code) DO UPDATE SET product_type = excluded.product_type, kind = excluded.kind, \
               name = excluded.name, description = excluded.description, per_seat = excluded.per_seat, \
               storage_gb = excluded.storage_gb, tier = excluded.tier, position = excluded.position, \
               active = excluded.active, translations = excluded.translations RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(&p.code)
        .bind(&p.product_type)
        .bind(&p.kind)
        .bind(&p.name)
        .bind(&p.description)
        .bind(p.per_seat)
        .bind(p.storage_gb)
        .bind(p.tier)
        .bind(p.position)
        .bind(p.active)
        .bind(&p.translations)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

/// Plans not named in `keep` stop being offered (they stay for the products that use them).
pub async fn deactivate_plans_except(c: &mut Conn, keep: &[String]) -> StoreResult<u64> {
    let plans = list_plans(c, false).await?;
    let mut n = 0;
    for p in plans.iter().filter(|p| p.active && !keep.contains(&p.code)) {
        bump_version(c).await?;
        let sql = "UPDATE catalog_plans SET active = FALSE WHERE id = $1";
        n += q!(c, |e| sqlx::query(sql)
            .bind(p.id)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(n)
}

pub async fn insert_price(c: &mut Conn, p: &PriceRow) -> StoreResult<()> {
    bump_version(c).await?;
    let sql = "INSERT INTO catalog_prices (plan_id, period_months, currency, amount_minor, valid_from) \
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (plan_id, period_months, currency, valid_from) \
               DO UPDATE SET amount_minor = excluded.amount_minor";
    q!(c, |e| sqlx::query(sql)
        .bind(p.plan_id)
        .bind(p.period_months)
        .bind(&p.currency)
        .bind(p.amount_minor)
        .bind(p.valid_from)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn list_types(c: &mut Conn) -> StoreResult<Vec<TypeRow>> {
    let sql =
        "SELECT code, name, description, position, translations FROM catalog_types ORDER BY position, code";
    Ok(q!(c, |e| sqlx::query_as(sql).fetch_all(e).await)?)
}

pub async fn list_plans(c: &mut Conn, active_only: bool) -> StoreResult<Vec<PlanRow>> {
    let sql: &str = concat!(
        "SELECT ",
        plan_columns!(),
        " FROM catalog_plans WHERE active OR NOT $1 ORDER BY product_type, kind, position, code"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(active_only)
        .fetch_all(e)
        .await)?)
}

pub async fn find_plan(c: &mut Conn, code: &str) -> StoreResult<Option<PlanRow>> {
    let sql: &str = concat!("SELECT ", plan_columns!(), " FROM catalog_plans WHERE code = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(code).fetch_optional(e).await)?)
}

/// The prices in force at `now`: for each plan, period and currency the newest row not after it.
pub async fn list_prices_at(c: &mut Conn, now: i64) -> StoreResult<Vec<PriceRow>> {
    let sql = "SELECT p.plan_id, p.period_months, p.currency, p.amount_minor, p.valid_from \
               FROM catalog_prices p WHERE p.valid_from <= $1 AND NOT EXISTS ( \
                 SELECT 1 FROM catalog_prices n WHERE n.plan_id = p.plan_id \
                 AND n.period_months = p.period_months AND n.currency = p.currency \
                 AND n.valid_from > p.valid_from AND n.valid_from <= $1) \
               ORDER BY p.plan_id, p.period_months, p.currency";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(now).fetch_all(e).await)?)
}

/// The price of one plan for one period and currency at `now`.
pub async fn price_at(
    c: &mut Conn,
    plan_id: i64,
    period_months: i64,
    currency: &str,
    now: i64,
) -> StoreResult<Option<i64>> {
    let sql = "SELECT amount_minor FROM catalog_prices WHERE plan_id = $1 AND period_months = $2 \
               AND currency = $3 AND valid_from <= $4 ORDER BY valid_from DESC LIMIT 1";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(plan_id)
        .bind(period_months)
        .bind(currency)
        .bind(now)
        .fetch_optional(e)
        .await)?)
}
