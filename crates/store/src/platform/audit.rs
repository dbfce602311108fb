//! The append-only audit log (OPS-5). There is no update and no delete here.

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub organization_id: Option<i64>,
    pub target_kind: String,
    pub target_id: Option<i64>,
    pub details: String,
    pub ip: String,
    pub request_id: String,
}

pub async fn insert_audit(c: &mut Conn, r: &AuditRow) -> StoreResult<()> {
    insert_many(c, std::slice::from_ref(r)).await
}

/// Several audit rows in one statement (a statement's payments), at most 1,000.
pub async fn insert_many(c: &mut Conn, rows: &[AuditRow]) -> StoreResult<()> {
    for chunk in rows.chunks(1_000) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", crate::placeholders(c, i * 11 + 1, 11)))
            .collect();
        let sql = format!(
            "INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, action, organization_id, target_kind, \
             target_id, details, ip, request_id) VALUES {}",
            values.join(", ")
        );
        q!(c, |e| {
            let mut qy = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for r in chunk {
                qy = qy
                    .bind(r.at)
                    .bind(&r.actor_kind)
                    .bind(r.actor_id)
                    .bind(&r.actor_label)
                    .bind(&r.action)
                    .bind(r.organization_id)
                    .bind(&r.target_kind)
                    .bind(r.target_id)
                    .bind(&r.details)
                    .bind(&r.ip)
                    .bind(&r.request_id);
            }
            qy.execute(e).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Filters for reading an organization's log.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub action_prefix: Option<String>,
    pub actor_id: Option<i64>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

macro_rules! org_filter {
    () => {
        "organization_id = $1 AND ($2 = '' OR action LIKE $2 || '%') \
         AND ($3 < 0 OR actor_id = $3) AND at >= $4 AND at <= $5"
    };
}

/// One page of an organization's log, newest first, and the total count.
pub async fn list_audit_of_org(
    c: &mut Conn,
    org: i64,
    f: &AuditFilter,
    limit: i64,
    offset: i64,
) -> StoreResult<(Vec<AuditRow>, i64)> {
    let action = f.action_prefix.clone().unwrap_or_default();
    let actor = f.actor_id.unwrap_or(-1);
    let since = f.since.unwrap_or(i64::MIN);
    let until = f.until.unwrap_or(i64::MAX);
    let sql: &str = concat!(
        "SELECT id, at, actor_kind, actor_id, actor_label, action, organization_id, target_kind, \
         target_id, details, ip, request_id FROM audit_log WHERE ",
        org_filter!(),
        " ORDER BY id DESC LIMIT $6 OFFSET $7"
    );
    let rows = q!(c, |e| sqlx::query_as(sql)
        .bind(org)
        .bind(&action)
        .bind(actor)
        .bind(since)
        .bind(until)
        .bind(limit)
        .bind(offset)
        .fetch_all(e)
        .await)?;
    let count_sql: &str = concat!("SELECT COUNT(*) FROM audit_log WHERE ", org_filter!());
    let total = q!(c, |e| sqlx::query_scalar(count_sql)
        .bind(org)
        .bind(&action)
        .bind(actor)
        .bind(since)
        .bind(until)
        .fetch_one(e)
        .await)?;
    Ok((rows, total))
}

/// Every audit row about a user (tests and support tooling).
pub async fn list_audit_of_actor(c: &mut Conn, user: i64) -> StoreResult<Vec<AuditRow>> {
    let sql = "SELECT id, at, actor_kind, actor_id, actor_label, action, organization_id, \
               target_kind, target_id, details, ip, request_id FROM audit_log \
               WHERE actor_id = $1 OR (target_kind = 'user' AND target_id = $1) ORDER BY id";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(user).fetch_all(e).await)?)
}
