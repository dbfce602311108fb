//! Product records: what access grants point at (PRD-4, PRD-7). The catalogue issue adds plans,
//! periods, prices and the life cycle.

use crate::{Conn, StoreError, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub organization_id: i64,
    pub product_type: String,
    pub name: String,
    pub status: String,
    pub created_at: i64,
}

pub async fn insert_product(
    c: &mut Conn,
    org: i64,
    product_type: &str,
    name: &str,
    status: &str,
    now: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO products (organization_id, product_type, name, status, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(product_type)
        .bind(name)
        .bind(status)
        .bind(now)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

pub async fn find_product(c: &mut Conn, id: i64) -> StoreResult<Option<ProductRow>> {
    let sql =
        "SELECT id, organization_id, product_type, name, status, created_at FROM products WHERE id = $1";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// Which of `ids` belong to `org` (grants may only name the organization's own products).
pub async fn list_product_ids_of_org(c: &mut Conn, org: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT id FROM products WHERE organization_id = $1 ORDER BY id";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(org).fetch_all(e).await)?)
}

/// The products of an organization by type and name (grant pickers).
pub async fn list_products_of_org(c: &mut Conn, org: i64) -> StoreResult<Vec<ProductRow>> {
    let sql = "SELECT id, organization_id, product_type, name, status, created_at FROM products \
               WHERE organization_id = $1 ORDER BY product_type, name";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}
