//! Organizations and memberships (ACC-1, ACC-9, ORG-1, ORG-9).

pub mod invitations;
pub mod members;
pub mod workgroups;

use crate::{Conn, StoreError, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrgRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub street: String,
    pub building_number: String,
    pub postal_code: String,
    pub city: String,
    pub registry_id: Option<String>,
    pub vat_number: Option<String>,
    pub currency: String,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! columns {
    () => {
        "o.id, o.name, o.kind, o.country, o.street, o.building_number, o.postal_code, o.city, \
                       o.registry_id, o.vat_number, o.currency, o.created_at, o.updated_at"
    };
}

/// An organization seen from one of its members.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MyOrgRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub currency: String,
    pub role: String,
    pub billing: bool,
}

/// The facts about one membership that authorization decisions need.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub organization_id: i64,
    pub user_id: i64,
    pub role: String,
    pub billing: bool,
    pub contact_preferences: String,
}

pub struct NewOrg<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub country: &'a str,
    pub registry_id: Option<&'a str>,
    pub currency: &'a str,
    pub now: i64,
}

pub async fn insert_org(c: &mut Conn, o: &NewOrg<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO organizations (name, kind, country, registry_id, currency, created_at, \
               updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(o.name)
        .bind(o.kind)
        .bind(o.country)
        .bind(o.registry_id)
        .bind(o.currency)
        .bind(o.now)
        .fetch_one(e)
        .await)?)
}

pub async fn insert_membership(c: &mut Conn, m: &MembershipRow, now: i64) -> StoreResult<()> {
    let sql = "INSERT INTO memberships (organization_id, user_id, role, billing, \
               contact_preferences, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    q!(c, |e| sqlx::query(sql)
        .bind(m.organization_id)
        .bind(m.user_id)
        .bind(&m.role)
        .bind(m.billing)
        .bind(&m.contact_preferences)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_org(c: &mut Conn, id: i64) -> StoreResult<Option<OrgRow>> {
    let sql: &str = concat!("SELECT ", columns!(), " FROM organizations o WHERE o.id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// Locks the organization's row to the end of the caller's transaction (`FOR UPDATE` on
/// PostgreSQL; on SQLite the write transaction holds the database already), so two changes
/// that each check the other's table are decided one after the other.
pub async fn lock_org(c: &mut Conn, org: i64) -> StoreResult<()> {
    if let crate::db_inner::Postgres(e) = c.inner() {
        sqlx::query("SELECT id FROM organizations WHERE id = $1 FOR UPDATE")
            .bind(org)
            .execute(&mut *e)
            .await?;
    }
    Ok(())
}

pub async fn find_membership(c: &mut Conn, org: i64, user: i64) -> StoreResult<Option<MembershipRow>> {
    let sql = "SELECT organization_id, user_id, role, billing, contact_preferences \
               FROM memberships WHERE organization_id = $1 AND user_id = $2";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(user)
        .fetch_optional(e)
        .await)?)
}

/// The organizations a user belongs to, by name.
pub async fn list_orgs_of_user(c: &mut Conn, user: i64) -> StoreResult<Vec<MyOrgRow>> {
    // PAR-9: a partner's clients are reached like any organization, with the role `partner`,
    // by its legal representatives and the members assigned to them.
    let sql = "SELECT id, name, kind, currency, role, billing FROM ( \
               SELECT o.id, o.name, o.kind, o.currency, m.role, m.billing \
               FROM memberships m JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = $1 \
               UNION ALL \
               SELECT o.id, o.name, o.kind, o.currency, 'partner', FALSE \
               FROM partnerships p JOIN organizations o ON o.id = p.client_id \
               JOIN memberships pm ON pm.organization_id = p.partner_id AND pm.user_id = $1 \
               WHERE p.status = 'active' AND (pm.role = 'legal_representative' OR EXISTS \
               (SELECT 1 FROM partnership_members a WHERE a.partnership_id = p.id AND a.user_id = $1)) \
               AND NOT EXISTS (SELECT 1 FROM memberships m2 WHERE m2.organization_id = p.client_id \
               AND m2.user_id = $1)) reached ORDER BY name, id";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(user).fetch_all(e).await)?)
}

pub struct OrgUpdate<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub country: &'a str,
    pub street: &'a str,
    pub building_number: &'a str,
    pub postal_code: &'a str,
    pub city: &'a str,
    pub registry_id: Option<&'a str>,
    pub vat_number: Option<&'a str>,
}

pub async fn update_org(c: &mut Conn, id: i64, u: &OrgUpdate<'_>, now: i64) -> StoreResult<()> {
    let sql = "UPDATE organizations SET name = $1, kind = $2, country = $3, street = $4, \
               postal_code = $5, city = $6, registry_id = $7, vat_number = $8, updated_at = $9, \
               building_number = $11 WHERE id = $10";
    q!(c, |e| sqlx::query(sql)
        .bind(u.name)
        .bind(u.kind)
        .bind(u.country)
        .bind(u.street)
        .bind(u.postal_code)
        .bind(u.city)
        .bind(u.registry_id)
        .bind(u.vat_number)
        .bind(now)
        .bind(id)
        .bind(u.building_number)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// SUP-2: the organization's VIP code, if one was made.
pub async fn vip_code(c: &mut Conn, org: i64) -> StoreResult<Option<String>> {
    let sql = "SELECT vip_code FROM organizations WHERE id = $1";
    let code: Option<Option<String>> = q!(c, |e| sqlx::query_scalar(sql).bind(org).fetch_optional(e).await)?;
    Ok(code.flatten())
}

/// SUP-2: gives the organization `code` unless it has one; false when it had one already.
/// A code taken by another organization is a unique violation.
pub async fn set_vip_code(c: &mut Conn, org: i64, code: &str) -> StoreResult<bool> {
    let sql = "UPDATE organizations SET vip_code = $1 WHERE id = $2 AND vip_code IS NULL";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(code)
        .bind(org)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .map_err(StoreError::classify)?;
    Ok(n == 1)
}

/// Staff (BIL-6): organizations by number, or whose name contains `text` (any case), by name.
pub async fn search_orgs(c: &mut Conn, text: &str, limit: i64) -> StoreResult<Vec<OrgRow>> {
    let text = text.trim();
    if let Ok(id) = text.trim_start_matches('#').parse::<i64>() {
        return Ok(find_org(c, id).await?.into_iter().collect());
    }
    let pattern = format!("%{}%", crate::like_escaped(&text.to_lowercase()));
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM organizations o WHERE LOWER(o.name) LIKE $1 ESCAPE '\\' ORDER BY o.name, o.id LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(&pattern)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// SUP-2: the organization holding a VIP code.
pub async fn find_org_by_vip_code(c: &mut Conn, code: &str) -> StoreResult<Option<OrgRow>> {
    let sql: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM organizations o WHERE o.vip_code = $1"
    );
    Ok(q!(c, |e| sqlx::query_as(sql).bind(code).fetch_optional(e).await)?)
}
