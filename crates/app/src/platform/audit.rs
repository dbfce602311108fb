//! Writing the audit log (OPS-5): who (user, token, staff or job), what, which organization,
//! when, from where. Always called with the transaction of the change it records.

use kontor_domain::AuditAction;
use kontor_store::Conn;
use kontor_store::platform::audit::{self as repo, AuditRow};

use crate::platform::actor::Actor;
use crate::platform::error::AppResult;

/// What was changed.
pub struct Entry<'a> {
    pub action: AuditAction,
    pub organization: Option<i64>,
    pub target_kind: &'a str,
    pub target_id: Option<i64>,
    pub details: String,
}

impl<'a> Entry<'a> {
    pub fn new(action: AuditAction, target_kind: &'a str, target_id: Option<i64>) -> Entry<'a> {
        Entry {
            action,
            organization: None,
            target_kind,
            target_id,
            details: String::new(),
        }
    }

    pub fn org(mut self, org: i64) -> Self {
        self.organization = Some(org);
        self
    }

    pub fn details(mut self, details: impl Into<String>) -> Self {
        self.details = details.into();
        self
    }
}

pub async fn record(tx: &mut Conn, actor: &Actor, now: i64, e: Entry<'_>) -> AppResult<()> {
    repo::insert_audit(tx, &row(actor, now, e)).await?;
    Ok(())
}

/// Several rows by one actor at one instant, in as few statements as the store allows.
pub async fn record_many(tx: &mut Conn, actor: &Actor, now: i64, entries: Vec<Entry<'_>>) -> AppResult<()> {
    let rows: Vec<AuditRow> = entries.into_iter().map(|e| row(actor, now, e)).collect();
    repo::insert_many(tx, &rows).await?;
    Ok(())
}

/// The instant, actor, action and origin of rows the store writes itself from other rows (a
/// statement's exact payments, `reconciliation/bulk.rs`).
pub(crate) fn stamp(actor: &Actor, now: i64, action: AuditAction) -> AuditRow {
    row(actor, now, Entry::new(action, "", None))
}

fn row(actor: &Actor, now: i64, e: Entry<'_>) -> AuditRow {
    let (actor_kind, actor_id, actor_label) = actor.audit_identity();
    AuditRow {
        id: 0,
        at: now,
        actor_kind: actor_kind.to_owned(),
        actor_id,
        actor_label,
        action: e.action.as_str().to_owned(),
        organization_id: e.organization,
        target_kind: e.target_kind.to_owned(),
        target_id: e.target_id,
        details: e.details,
        ip: actor.origin.ip.clone(),
        request_id: actor.origin.request_id.clone(),
    }
}
