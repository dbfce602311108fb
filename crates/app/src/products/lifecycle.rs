//! A product's life cycle (PRD-3, PRD-8): activation, renewal (REN-1), suspension (REN-6,
//! DUN-1), reactivation (DUN-3) and termination all go through [`transition`], in the caller's
//! transaction. It checks `ProductStatus::can_become`, changes the product and the products its
//! suite contains, and writes one audit row and one event for each product that changed, so a
//! state change never lacks its audit row or its webhook.

use kontor_domain::{AuditAction, Event, ProductStatus, SuspendReason};
use kontor_store::Conn;
use kontor_store::products::{self as repo, ProductRow};
use serde_json::{Value, json};

use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::AppResult;
use crate::webhooks::Events;

/// What happens to a product.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// Paid for the first time: active until `expires_at` (a web hosting gets its server
    /// prefix).
    Activate {
        expires_at: i64,
        auto_renew: bool,
        server_prefix: Option<&'a str>,
    },
    /// Renewed: the expiry moves to `expires_at`; a suspended product is active again.
    Renew {
        expires_at: i64,
    },
    Suspend(SuspendReason),
    /// The cause of a suspension was paid.
    Reactivate(SuspendReason),
    Terminate,
}

impl Change<'_> {
    fn names(self) -> (AuditAction, Event) {
        match self {
            Change::Activate { .. } => (AuditAction::ProductActivate, Event::ProductActivated),
            Change::Renew { .. } => (AuditAction::ProductRenew, Event::ProductRenewed),
            Change::Suspend(_) => (AuditAction::ProductSuspend, Event::ProductSuspended),
            Change::Reactivate(_) => (AuditAction::ProductReactivate, Event::ProductReactivated),
            Change::Terminate => (AuditAction::ProductTerminate, Event::ProductTerminated),
        }
    }

    /// Whether a product in `status` (suspended for `reason`) may undergo this change.
    fn allowed(self, status: ProductStatus, reason: Option<SuspendReason>) -> bool {
        match self {
            Change::Activate { .. } => status == ProductStatus::Pending,
            // Renewing keeps an active product active and brings a suspended one back.
            Change::Renew { .. } => status.is_held(),
            Change::Suspend(_) => status.can_become(ProductStatus::Suspended),
            Change::Reactivate(r) => status == ProductStatus::Suspended && reason == Some(r),
            Change::Terminate => status.can_become(ProductStatus::Terminated) && status.is_held(),
        }
    }
}

/// Who changes what, when, and what the audit row and the event say besides the product id.
pub struct Transition<'a> {
    pub actor: &'a Actor,
    pub now: i64,
    /// The audit row's details.
    pub details: String,
    /// Fields of the event's data besides `product_id` (an object).
    pub data: Value,
}

/// Applies `change` to `product` (and the products of its suite); answers whether the product
/// changed. A product whose state does not allow the change, or that someone else changed
/// first, is left as it is and answers `false`.
pub async fn transition(
    tx: &mut Conn,
    events: &mut Events,
    product: &ProductRow,
    change: Change<'_>,
    t: Transition<'_>,
) -> AppResult<bool> {
    if !change.allowed(product.status, product.suspended_for()) {
        return Ok(false);
    }
    let children = repo::list_children(tx, product.id).await?;
    let now = t.now;
    let changed = match change {
        Change::Activate {
            expires_at,
            auto_renew,
            server_prefix,
        } => {
            repo::activate(tx, product.id, expires_at, auto_renew, server_prefix, now).await?;
            true
        }
        Change::Renew { expires_at } => {
            let renewed = repo::renew(tx, product.id, expires_at, now).await?;
            if renewed {
                for child in &children {
                    repo::renew(tx, child.id, expires_at, now).await?;
                }
            }
            renewed
        }
        Change::Suspend(reason) => repo::suspend(tx, product.id, reason, now).await? > 0,
        Change::Reactivate(reason) => repo::unsuspend(tx, product.id, reason, now).await? > 0,
        Change::Terminate => repo::terminate(tx, product.id, now).await? > 0,
    };
    if !changed {
        return Ok(false);
    }
    // Activation creates a suite's products itself; the other changes carry them along.
    let carried: Vec<&ProductRow> = match change {
        Change::Activate { .. } => Vec::new(),
        _ => children
            .iter()
            .filter(|c| change.allowed(c.status, c.suspended_for()))
            .collect(),
    };
    let ids = std::iter::once((product.id, None)).chain(carried.iter().map(|c| (c.id, Some(product.id))));
    let (action, event) = change.names();
    for (id, suite) in ids {
        announce(tx, events, product.organization_id, id, suite, action, event, &t).await?;
    }
    Ok(true)
}

/// The audit row and the event of one product's change (`suite`: the suite it belongs to).
#[allow(clippy::too_many_arguments)]
async fn announce(
    tx: &mut Conn,
    events: &mut Events,
    org: i64,
    id: i64,
    suite: Option<i64>,
    action: AuditAction,
    event: Event,
    t: &Transition<'_>,
) -> AppResult<()> {
    let entry = Entry::new(action, "product", Some(id)).org(org);
    record(tx, t.actor, t.now, entry.details(t.details.clone())).await?;
    let mut data = json!({"product_id": id});
    if let (Some(fields), Some(out)) = (t.data.as_object(), data.as_object_mut()) {
        out.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if let (Some(suite), Some(out)) = (suite, data.as_object_mut()) {
        out.insert("suite_id".to_owned(), json!(suite));
    }
    events.emit(tx, event, Some(org), data, t.now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prd_3_changes_follow_the_life_cycle() {
        use ProductStatus as S;
        let renew = Change::Renew { expires_at: 0 };
        assert!(renew.allowed(S::Active, None));
        assert!(renew.allowed(S::Suspended, Some(SuspendReason::Expiry)));
        assert!(!renew.allowed(S::Terminated, None), "terminated is final");
        assert!(
            !renew.allowed(S::Pending, None),
            "a pending product is activated, not renewed"
        );
        let back = Change::Reactivate(SuspendReason::Dunning);
        assert!(back.allowed(S::Suspended, Some(SuspendReason::Dunning)));
        assert!(
            !back.allowed(S::Suspended, Some(SuspendReason::Expiry)),
            "paying an invoice does not lift a suspension for expiry"
        );
        assert!(Change::Suspend(SuspendReason::Expiry).allowed(S::Active, None));
        assert!(!Change::Suspend(SuspendReason::Expiry).allowed(S::Suspended, None));
        assert!(Change::Terminate.allowed(S::Suspended, None));
        assert!(!Change::Terminate.allowed(S::Terminated, None));
        assert!(
            !Change::Terminate.allowed(S::Pending, None),
            "a pending product's order is cancelled"
        );
    }
}
