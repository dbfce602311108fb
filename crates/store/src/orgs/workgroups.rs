//! Workgroups (GRP-1 to GRP-4): named sets of members with an optional leader, granted
//! products.

use crate::{Conn, StoreError, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WorkgroupRow {
    pub id: i64,
    pub organization_id: i64,
    pub name: String,
    pub leader_user_id: Option<i64>,
    pub created_at: i64,
    pub member_count: i64,
    pub product_count: i64,
}

macro_rules! select {
    () => {
        "SELECT w.id, w.organization_id, w.name, w.leader_user_id, w.created_at, \
         (SELECT COUNT(*) FROM workgroup_members wm WHERE wm.workgroup_id = w.id) AS member_count, \
         (SELECT COUNT(*) FROM workgroup_products wp WHERE wp.workgroup_id = w.id) AS product_count \
         FROM workgroups w WHERE w.organization_id = $1"
    };
}

pub async fn list_workgroups(c: &mut Conn, org: i64) -> StoreResult<Vec<WorkgroupRow>> {
    let sql: &str = concat!(select!(), " ORDER BY w.name");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}

pub async fn find_workgroup(c: &mut Conn, org: i64, id: i64) -> StoreResult<Option<WorkgroupRow>> {
    let sql: &str = concat!(select!(), " AND w.id = $2");
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(id)
        .fetch_optional(e)
        .await)?)
}

pub async fn insert_workgroup(c: &mut Conn, org: i64, name: &str, now: i64) -> StoreResult<i64> {
    let sql = "INSERT INTO workgroups (organization_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(name)
        .bind(now)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

pub async fn update_workgroup(
    c: &mut Conn,
    id: i64,
    name: &str,
    leader: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    let sql = "UPDATE workgroups SET name = $1, leader_user_id = $2, updated_at = $3 WHERE id = $4";
    q!(c, |e| sqlx::query(sql)
        .bind(name)
        .bind(leader)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .map_err(StoreError::classify)?;
    Ok(())
}

pub async fn delete_workgroup(c: &mut Conn, id: i64) -> StoreResult<()> {
    for sql in [
        "DELETE FROM workgroup_members WHERE workgroup_id = $1",
        "DELETE FROM workgroup_products WHERE workgroup_id = $1",
        "DELETE FROM workgroups WHERE id = $1",
    ] {
        q!(c, |e| sqlx::query(sql)
            .bind(id)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

pub async fn list_workgroup_members(c: &mut Conn, id: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT user_id FROM workgroup_members WHERE workgroup_id = $1 ORDER BY user_id";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(id).fetch_all(e).await)?)
}

pub async fn list_workgroup_products(c: &mut Conn, id: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT product_id FROM workgroup_products WHERE workgroup_id = $1 ORDER BY product_id";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(id).fetch_all(e).await)?)
}

pub async fn add_workgroup_member(c: &mut Conn, id: i64, user: i64) -> StoreResult<()> {
    let sql = "INSERT INTO workgroup_members (workgroup_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    q!(c, |e| sqlx::query(sql)
        .bind(id)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn remove_workgroup_member(c: &mut Conn, id: i64, user: i64) -> StoreResult<()> {
    let sql = "DELETE FROM workgroup_members WHERE workgroup_id = $1 AND user_id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(id)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_workgroup_products(c: &mut Conn, id: i64, products: &[i64]) -> StoreResult<()> {
    let sql = "DELETE FROM workgroup_products WHERE workgroup_id = $1";
    q!(c, |e| sqlx::query(sql)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    for p in products {
        let sql = "INSERT INTO workgroup_products (workgroup_id, product_id) VALUES ($1, $2)";
        q!(c, |e| sqlx::query(sql)
            .bind(id)
            .bind(*p)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// The workgroups of an organization a user is in.
pub async fn list_workgroups_of_member(c: &mut Conn, org: i64, user: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT w.id FROM workgroups w JOIN workgroup_members wm ON wm.workgroup_id = w.id \
               WHERE w.organization_id = $1 AND wm.user_id = $2 ORDER BY w.id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(user)
        .fetch_all(e)
        .await)?)
}
