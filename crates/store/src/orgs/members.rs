//! Members of an organization (ORG-1, ORG-4, ORG-6, ORG-8) and their individual product grants.

use crate::{Conn, StoreResult, q};

/// A member as the members list shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub user_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: String,
    pub billing: bool,
    pub contact_preferences: String,
    pub home_organization_id: Option<i64>,
    pub created_at: i64,
    pub product_count: i64,
}

macro_rules! member_select {
    () => {
        "SELECT m.user_id, u.email, u.first_name, u.last_name, m.role, m.billing, \
         m.contact_preferences, u.home_organization_id, m.created_at, \
         (SELECT COUNT(*) FROM member_products mp WHERE mp.organization_id = m.organization_id \
          AND mp.user_id = m.user_id) AS product_count \
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1"
    };
}

/// One page of members, by last name. The product counts are computed for the page only.
pub async fn list_members(c: &mut Conn, org: i64, limit: i64, offset: i64) -> StoreResult<Vec<MemberRow>> {
    let sql = "SELECT p.user_id, p.email, p.first_name, p.last_name, p.role, p.billing, \
               p.contact_preferences, p.home_organization_id, p.created_at, \
               (SELECT COUNT(*) FROM member_products mp WHERE mp.organization_id = $1 \
                AND mp.user_id = p.user_id) AS product_count \
               FROM (SELECT m.user_id, u.email, u.first_name, u.last_name, m.role, m.billing, \
                     m.contact_preferences, u.home_organization_id, m.created_at \
                     FROM memberships m JOIN users u ON u.id = m.user_id \
                     WHERE m.organization_id = $1 \
                     ORDER BY u.last_name, u.first_name, m.user_id LIMIT $2 OFFSET $3) p \
               ORDER BY p.last_name, p.first_name, p.user_id";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await)?)
}

pub async fn count_members(c: &mut Conn, org: i64) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM memberships WHERE organization_id = $1";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(org).fetch_one(e).await)?)
}

pub async fn find_member(c: &mut Conn, org: i64, user: i64) -> StoreResult<Option<MemberRow>> {
    let sql: &str = concat!(member_select!(), " AND m.user_id = $2");
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(user)
        .fetch_optional(e)
        .await)?)
}

/// How many legal representatives the organization has (ORG-3), counted under a lock on the
/// organization's row held to the end of the caller's transaction: two demotions (or removals)
/// at once are decided one after the other, so they cannot both see a second legal
/// representative and leave none. On PostgreSQL `FOR UPDATE` takes the lock (READ COMMITTED
/// alone would let both read 2); on SQLite the write transaction holds the database already.
pub async fn count_legal_representatives(c: &mut Conn, org: i64) -> StoreResult<i64> {
    super::lock_org(c, org).await?;
    let sql = "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = 'legal_representative'";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(org).fetch_one(e).await)?)
}

pub async fn update_membership(
    c: &mut Conn,
    org: i64,
    user: i64,
    role: &str,
    billing: bool,
    prefs: &str,
) -> StoreResult<()> {
    let sql = "UPDATE memberships SET role = $1, billing = $2, contact_preferences = $3 \
               WHERE organization_id = $4 AND user_id = $5";
    q!(c, |e| sqlx::query(sql)
        .bind(role)
        .bind(billing)
        .bind(prefs)
        .bind(org)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes a membership with everything it carried in the organization: product grants and
/// workgroup places; a led group loses its leader.
pub async fn delete_membership(c: &mut Conn, org: i64, user: i64) -> StoreResult<bool> {
    let grants = "DELETE FROM member_products WHERE organization_id = $1 AND user_id = $2";
    q!(c, |e| sqlx::query(grants)
        .bind(org)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    let groups = "DELETE FROM workgroup_members WHERE user_id = $2 AND workgroup_id IN \
                  (SELECT id FROM workgroups WHERE organization_id = $1)";
    q!(c, |e| sqlx::query(groups)
        .bind(org)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    let leaders =
        "UPDATE workgroups SET leader_user_id = NULL WHERE organization_id = $1 AND leader_user_id = $2";
    q!(c, |e| sqlx::query(leaders)
        .bind(org)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    let sql = "DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The products granted to a member individually.
pub async fn list_member_products(c: &mut Conn, org: i64, user: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT product_id FROM member_products WHERE organization_id = $1 AND user_id = $2 ORDER BY product_id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(org)
        .bind(user)
        .fetch_all(e)
        .await)?)
}

/// Replaces a member's individual product grants.
pub async fn set_member_products(c: &mut Conn, org: i64, user: i64, products: &[i64]) -> StoreResult<()> {
    let sql = "DELETE FROM member_products WHERE organization_id = $1 AND user_id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    for p in products {
        let sql = "INSERT INTO member_products (organization_id, user_id, product_id) VALUES ($1, $2, $3)";
        q!(c, |e| sqlx::query(sql)
            .bind(org)
            .bind(user)
            .bind(*p)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// One row of the authorization facts of a user in an organization: the membership itself
/// (`kind = 'membership'`), the individual grants (`'individual'`), one workgroup's grants
/// (`'workgroup'`, with its id and name as the source) or a partnership that reaches the
/// organization (`'partnership'`: `role` is the access, `billing` whether the partner pays,
/// the source is the partnership with the partner's name, `source_org` the partner);
/// `products` is a space-separated list of product ids.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FactRow {
    pub kind: String,
    pub role: String,
    pub billing: bool,
    pub source_id: i64,
    pub source_name: String,
    pub source_org: i64,
    pub products: Option<String>,
}

/// The facts query; `$agg` is the dialect's string aggregation of product ids, the one
/// difference between the backends. Grants are aggregated per source so that a member with
/// hundreds of products still costs a handful of rows. A partnership reaches a partner's
/// legal representatives and the members assigned to it (PAR-9).
macro_rules! facts_sql {
    ($agg_individual:literal, $agg_group:literal, $agg_partner:literal) => {
        concat!(
            "SELECT 'membership' AS kind, m.role, m.billing, CAST(0 AS BIGINT) AS source_id, \
             '' AS source_name, CAST(0 AS BIGINT) AS source_org, CAST(NULL AS TEXT) AS products \
             FROM memberships m WHERE m.organization_id = $1 AND m.user_id = $2 \
             UNION ALL \
             SELECT 'individual', '', FALSE, CAST(0 AS BIGINT), '', CAST(0 AS BIGINT), ",
            $agg_individual,
            " FROM member_products mp WHERE mp.organization_id = $1 AND mp.user_id = $2 \
             UNION ALL \
             SELECT 'workgroup', '', FALSE, w.id, w.name, CAST(0 AS BIGINT), ",
            $agg_group,
            " FROM workgroup_members wm JOIN workgroups w ON w.id = wm.workgroup_id \
             JOIN workgroup_products wp ON wp.workgroup_id = w.id \
             WHERE w.organization_id = $1 AND wm.user_id = $2 GROUP BY w.id, w.name \
             UNION ALL \
             SELECT 'partnership', p.access, p.payment_mode = 'partner', p.id, po.name, p.partner_id, (SELECT ",
            $agg_partner,
            " FROM partnership_products pp WHERE pp.partnership_id = p.id) \
             FROM partnerships p JOIN organizations po ON po.id = p.partner_id \
             JOIN memberships pm ON pm.organization_id = p.partner_id AND pm.user_id = $2 \
             WHERE p.client_id = $1 AND p.status = 'active' AND (pm.role = 'legal_representative' \
             OR EXISTS (SELECT 1 FROM partnership_members a WHERE a.partnership_id = p.id AND a.user_id = $2))"
        )
    };
}

/// Everything the authorization decision needs about a user in an organization, in one query.
pub async fn list_facts(c: &mut Conn, org: i64, user: i64) -> StoreResult<Vec<FactRow>> {
    let rows = match c.inner() {
        crate::db_inner::Sqlite(e) => {
            let sql = facts_sql!(
                "group_concat(mp.product_id, ' ')",
                "group_concat(wp.product_id, ' ')",
                "group_concat(pp.product_id, ' ')"
            );
            sqlx::query_as(sql).bind(org).bind(user).fetch_all(e).await?
        }
        crate::db_inner::Postgres(e) => {
            let sql = facts_sql!(
                "string_agg(CAST(mp.product_id AS TEXT), ' ')",
                "string_agg(CAST(wp.product_id AS TEXT), ' ')",
                "string_agg(CAST(pp.product_id AS TEXT), ' ')"
            );
            sqlx::query_as(sql).bind(org).bind(user).fetch_all(e).await?
        }
    };
    Ok(rows)
}

pub async fn update_home_organization(c: &mut Conn, user: i64, org: Option<i64>) -> StoreResult<()> {
    let sql = "UPDATE users SET home_organization_id = $1 WHERE id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(org)
        .bind(user)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A member who receives billing messages: (e-mail, language, first name).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactRow {
    pub email: String,
    pub language: String,
    pub first_name: String,
}

/// Members with the billing right (legal representatives always) who chose billing messages.
pub async fn billing_contacts(c: &mut Conn, org: i64) -> StoreResult<Vec<ContactRow>> {
    let sql = "SELECT u.email, u.language, u.first_name FROM memberships m JOIN users u ON u.id = m.user_id \
               WHERE m.organization_id = $1 AND (m.billing OR m.role = 'legal_representative') \
               AND m.contact_preferences LIKE '%billing%' ORDER BY u.id";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}
