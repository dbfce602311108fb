//! REC-1 at scale: a QR-bill credit notification can hold 100,000 payments, nearly all of
//! them the exact payment of an open invoice. Those are paid together — a few statements per
//! chunk of credits, joined inside the database (`kontor_store::reconciliation::bulk`), instead
//! of some twenty per credit — with the same rows a payment one at a time writes (the invoice
//! paid, the payment, DUN-3's products back, the audit rows, the events, the transaction's
//! outcome). Every other credit, and every exact payment of an invoice with a payment already
//! pending for it, takes the one-at-a-time path.

use kontor_domain::money::format_minor;
use kontor_domain::{AuditAction, Event, OrgId};
use kontor_store::reconciliation::bulk::{self as store, ExactAudit};
use serde_json::json;

use crate::App;
use crate::change::Change;
use crate::platform::audit::stamp;
use crate::platform::error::{AppError, AppResult, ErrorCode};

impl App {
    /// Pays together, inside `change`, the waiting credits of `(after, last]` that pay an open
    /// invoice exactly ([`store::mark_exact`]); answers how many. Refused, for the caller to
    /// roll back and go one by one, when any of them was not open or not waiting any more.
    pub(super) async fn pay_exact(&self, change: &mut Change<'_>, after: i64, last: i64) -> AppResult<u64> {
        let n = store::mark_exact(&mut change.tx, after, last).await?;
        if n == 0 {
            return Ok(0);
        }
        let (now, actor) = (change.now, change.actor);
        let raced = || AppError::new(ErrorCode::TransactionDecided);
        if store::pay_invoices(&mut change.tx, after, last, now).await? != n
            || store::insert_payments(&mut change.tx, after, last, now).await? != n
        {
            return Err(raced());
        }
        // DUN-3: the products reminders suspended come back.
        for (invoice, org) in store::suspended_invoices(&mut change.tx, after, last).await? {
            let (tx, events) = change.parts();
            self.reactivate_billed(tx, actor, OrgId(org), invoice, now, events)
                .await?;
        }
        for (action, what) in [
            (AuditAction::PaymentCreate, ExactAudit::Payment),
            (AuditAction::BankTransactionMatch, ExactAudit::Match),
        ] {
            let stamp = stamp(actor, now, action);
            if store::audit(&mut change.tx, after, last, &stamp, what).await? != n {
                return Err(raced());
            }
        }
        emit_paid(change, after, last).await?;
        if store::set_paid(&mut change.tx, after, last).await? != n {
            return Err(raced());
        }
        Ok(n)
    }
}

/// The events of the invoices the marked credits of `(after, last]` paid, read only when an
/// endpoint listens.
async fn emit_paid(change: &mut Change<'_>, after: i64, last: i64) -> AppResult<()> {
    let (tx, events) = change.parts();
    if !events.listens(tx, Event::PaymentSucceeded).await? && !events.listens(tx, Event::InvoicePaid).await? {
        return Ok(());
    }
    for p in store::paid_rows(&mut change.tx, after, last).await? {
        let org = Some(p.organization_id);
        let data = json!({"payment_id": p.payment_id, "invoice_id": p.invoice_id,
            "amount": format_minor(p.amount_minor), "currency": p.currency});
        change.emit(Event::PaymentSucceeded, org, data).await?;
        let data = json!({"invoice_id": p.invoice_id, "number": p.number});
        change.emit(Event::InvoicePaid, org, data).await?;
    }
    Ok(())
}
