//! Billing addresses (BIL-7): several per organization, one the default; deleted ones are
//! kept (invoices copy the address at issue, so nothing points at them any more).

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct AddressRow {
    pub id: i64,
    pub organization_id: i64,
    pub name: String,
    pub street: String,
    pub building_number: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: String,
    pub email: String,
    pub is_default: bool,
}

macro_rules! columns {
    () => {
        "id, organization_id, name, street, building_number, postal_code, city, country, vat_number, email, is_default"
    };
}

pub async fn insert(c: &mut Conn, a: &AddressRow, now: i64) -> StoreResult<i64> {
    let sql = "INSERT INTO billing_addresses (organization_id, name, street, building_number, postal_code, city, \
               country, vat_number, email, is_default, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(a.organization_id)
        .bind(&a.name)
        .bind(&a.street)
        .bind(&a.building_number)
        .bind(&a.postal_code)
        .bind(&a.city)
        .bind(&a.country)
        .bind(&a.vat_number)
        .bind(&a.email)
        .bind(a.is_default)
        .bind(now)
        .fetch_one(e)
        .await)?)
}

pub async fn update(c: &mut Conn, a: &AddressRow, now: i64) -> StoreResult<()> {
    let sql = "UPDATE billing_addresses SET name = $1, street = $2, building_number = $3, postal_code = $4, \
               city = $5, country = $6, vat_number = $7, email = $8, is_default = $9, updated_at = $10 \
               WHERE id = $11 AND organization_id = $12 AND deleted_at IS NULL";
    q!(c, |e| sqlx::query(sql)
        .bind(&a.name)
        .bind(&a.street)
        .bind(&a.building_number)
        .bind(&a.postal_code)
        .bind(&a.city)
        .bind(&a.country)
        .bind(&a.vat_number)
        .bind(&a.email)
        .bind(a.is_default)
        .bind(now)
        .bind(a.id)
        .bind(a.organization_id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Only `keep` stays the default of the organization.
pub async fn clear_default_except(c: &mut Conn, org: i64, keep: i64) -> StoreResult<()> {
    let sql = "UPDATE billing_addresses SET is_default = FALSE WHERE organization_id = $1 AND id <> $2 AND is_default";
    q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(keep)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete(c: &mut Conn, org: i64, id: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE billing_addresses SET deleted_at = $1, is_default = FALSE \
               WHERE id = $2 AND organization_id = $3 AND deleted_at IS NULL";
    Ok(q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .bind(org)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?
        == 1)
}

pub async fn list(c: &mut Conn, org: i64) -> StoreResult<Vec<AddressRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM billing_addresses WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY is_default DESC, id"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}

pub async fn find(c: &mut Conn, org: i64, id: i64) -> StoreResult<Option<AddressRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM billing_addresses WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(id)
        .bind(org)
        .fetch_optional(e)
        .await)?)
}

pub async fn find_default(c: &mut Conn, org: i64) -> StoreResult<Option<AddressRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM billing_addresses WHERE organization_id = $1 AND deleted_at IS NULL AND is_default"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_optional(e).await)?)
}
