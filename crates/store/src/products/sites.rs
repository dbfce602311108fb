//! Sites of web hostings (PRD-10), their environment and databases; seats of workspace suites
//! and mailboxes of mail services (PRD-9, ORG-7).

use crate::{Conn, StoreError, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SiteRow {
    pub id: i64,
    pub product_id: i64,
    pub name: String,
    pub mysql_prefix: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DatabaseRow {
    pub id: i64,
    pub site_id: i64,
    pub kind: String,
    pub full_name: String,
}

pub async fn insert_site(
    c: &mut Conn,
    product: i64,
    name: &str,
    mysql_prefix: bool,
    now: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO sites (product_id, name, mysql_prefix, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(product)
        .bind(name)
        .bind(mysql_prefix)
        .bind(now)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

pub async fn list_sites(c: &mut Conn, product: i64) -> StoreResult<Vec<SiteRow>> {
    let sql = "SELECT id, product_id, name, mysql_prefix, created_at FROM sites WHERE product_id = $1 ORDER BY name";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(product).fetch_all(e).await)?)
}

pub async fn find_site(c: &mut Conn, product: i64, id: i64) -> StoreResult<Option<SiteRow>> {
    let sql =
        "SELECT id, product_id, name, mysql_prefix, created_at FROM sites WHERE id = $1 AND product_id = $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(id)
        .bind(product)
        .fetch_optional(e)
        .await)?)
}

pub async fn set_mysql_prefix(c: &mut Conn, id: i64, on: bool, now: i64) -> StoreResult<()> {
    let sql = "UPDATE sites SET mysql_prefix = $1, updated_at = $2 WHERE id = $3";
    q!(c, |e| sqlx::query(sql)
        .bind(on)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn list_env(c: &mut Conn, site: i64) -> StoreResult<Vec<(String, String)>> {
    let sql = "SELECT name, value FROM site_env WHERE site_id = $1 ORDER BY name";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(site).fetch_all(e).await)?)
}

/// Replaces the whole environment of a site.
pub async fn replace_env(c: &mut Conn, site: i64, vars: &[(String, String)]) -> StoreResult<()> {
    let sql = "DELETE FROM site_env WHERE site_id = $1";
    q!(c, |e| sqlx::query(sql)
        .bind(site)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    for (name, value) in vars {
        let sql = "INSERT INTO site_env (site_id, name, value) VALUES ($1, $2, $3)";
        q!(c, |e| sqlx::query(sql)
            .bind(site)
            .bind(name)
            .bind(value)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

pub async fn insert_database(
    c: &mut Conn,
    site: i64,
    product: i64,
    kind: &str,
    full_name: &str,
    now: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO site_databases (site_id, product_id, kind, full_name, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(site)
        .bind(product)
        .bind(kind)
        .bind(full_name)
        .bind(now)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

pub async fn list_databases(c: &mut Conn, site: i64) -> StoreResult<Vec<DatabaseRow>> {
    let sql =
        "SELECT id, site_id, kind, full_name FROM site_databases WHERE site_id = $1 ORDER BY kind, full_name";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(site).fetch_all(e).await)?)
}

pub async fn list_seats(c: &mut Conn, product: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT user_id FROM workspace_seats WHERE product_id = $1 ORDER BY user_id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(product)
        .fetch_all(e)
        .await)?)
}

pub async fn replace_seats(c: &mut Conn, product: i64, users: &[i64]) -> StoreResult<()> {
    let sql = "DELETE FROM workspace_seats WHERE product_id = $1";
    q!(c, |e| sqlx::query(sql)
        .bind(product)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    for u in users {
        let sql = "INSERT INTO workspace_seats (product_id, user_id) VALUES ($1, $2)";
        q!(c, |e| sqlx::query(sql)
            .bind(product)
            .bind(u)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailboxRow {
    pub id: i64,
    pub product_id: i64,
    pub address: String,
    pub created_at: i64,
}

pub async fn insert_mailbox(c: &mut Conn, product: i64, address: &str, now: i64) -> StoreResult<i64> {
    let sql = "INSERT INTO mailboxes (product_id, address, created_at) VALUES ($1, $2, $3) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(product)
        .bind(address)
        .bind(now)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

pub async fn list_mailboxes(c: &mut Conn, product: i64) -> StoreResult<Vec<MailboxRow>> {
    let sql =
        "SELECT id, product_id, address, created_at FROM mailboxes WHERE product_id = $1 ORDER BY address";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(product).fetch_all(e).await)?)
}

pub async fn delete_mailbox(c: &mut Conn, product: i64, id: i64) -> StoreResult<bool> {
    let sql = "DELETE FROM mailboxes WHERE id = $1 AND product_id = $2";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(id)
        .bind(product)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// ORG-7: the names of `org`'s live workspace suites where `user` holds a seat.
pub async fn seats_of_user(c: &mut Conn, org: i64, user: i64) -> StoreResult<Vec<String>> {
    let sql = "SELECT p.name FROM workspace_seats s JOIN products p ON p.id = s.product_id \
               WHERE p.organization_id = $1 AND s.user_id = $2 AND p.status <> 'terminated' ORDER BY p.name";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(user)
        .fetch_all(e)
        .await)?)
}

/// ORG-7: whether `address` is a mailbox of a live mail service of `org`.
pub async fn is_mailbox_of_org(c: &mut Conn, org: i64, address: &str) -> StoreResult<bool> {
    let sql = "SELECT COUNT(*) FROM mailboxes m JOIN products p ON p.id = m.product_id \
               WHERE p.organization_id = $1 AND LOWER(m.address) = LOWER($2) AND p.status <> 'terminated'";
    let n: i64 = q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(address)
        .fetch_one(e)
        .await)?;
    Ok(n > 0)
}
