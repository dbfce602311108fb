//! REC-1 at scale: a QR-bill credit notification can hold 100,000 payments, nearly all of
//! them the exact payment of an open invoice. Those are paid together — a few statements per
//! chunk of credits instead of some twenty per credit — with the same rows a payment one at a
//! time writes (the invoice paid, the payment, DUN-3's products back, the audit rows, the
//! events, the transaction's outcome). Every other credit, and every exact payment of an
//! invoice with a payment already pending for it, takes the one-at-a-time path.

use std::collections::{HashMap, HashSet};

use kontor_domain::money::format_minor;
use kontor_domain::{AuditAction, Event, InvoiceStatus, OrgId};
use kontor_store::Conn;
use kontor_store::billing::invoices::{self as invoice_repo, InvoiceRow};
use kontor_store::billing::payments::{self as payments_repo, PaymentRow};
use kontor_store::reconciliation::{self as store, BankTxRow};
use serde_json::json;

use crate::App;
use crate::billing::payments::Payable;
use crate::billing::payments::transfers::normalized;
use crate::change::Change;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// A credit that pays an open invoice exactly.
pub(super) struct Exact {
    pub row: BankTxRow,
    pub invoice: InvoiceRow,
}

fn charge_of(row: &BankTxRow) -> String {
    format!("bank:{}", row.tx_key)
}

/// Splits waiting credits into the exact payments of open invoices that can be paid together
/// and the rest, which are routed one by one.
pub(super) async fn split_exact(
    tx: &mut Conn,
    rows: Vec<BankTxRow>,
) -> AppResult<(Vec<Exact>, Vec<BankTxRow>)> {
    let references: Vec<String> = rows
        .iter()
        .filter(|r| !r.reference.is_empty())
        .map(|r| normalized(&r.reference))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let charges: Vec<String> = rows.iter().map(charge_of).collect();
    // A payment made already (an interrupted routing), a top-up's reference: one by one.
    let made: HashSet<String> = payments_repo::ids_by_charges(tx, &charges)
        .await?
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let top_ups: HashSet<String> = payments_repo::top_up_references(tx, &references)
        .await?
        .into_iter()
        .collect();
    let invoices: HashMap<String, InvoiceRow> = invoice_repo::find_by_references(tx, &references)
        .await?
        .into_iter()
        .map(|i| (i.reference.clone(), i))
        .collect();
    let ids: Vec<i64> = invoices.values().map(|i| i.id).collect();
    let pending: HashSet<i64> = payments_repo::invoices_with_pending(tx, &ids)
        .await?
        .into_iter()
        .collect();
    // A reference several credits of the chunk carry is routed one by one, in file order
    // (a wrong amount before the exact one goes to the prepaid account, not the other way).
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        *seen.entry(normalized(&r.reference)).or_default() += 1;
    }
    let (mut exact, mut rest) = (Vec::new(), Vec::new());
    for row in rows {
        let reference = normalized(&row.reference);
        let fits = invoices.get(&reference).filter(|inv| {
            inv.status == InvoiceStatus::Open
                && inv.currency.eq_ignore_ascii_case(&row.currency)
                && inv.total_minor == row.amount_minor
                && !pending.contains(&inv.id)
                && !top_ups.contains(&reference)
                && !made.contains(&charge_of(&row))
                && seen.get(&reference) == Some(&1)
        });
        match fits {
            Some(inv) => exact.push(Exact {
                invoice: inv.clone(),
                row,
            }),
            None => rest.push(row),
        }
    }
    Ok((exact, rest))
}

impl App {
    /// Pays the invoices of `exact` together, inside `change`. Refused, for the caller to
    /// roll back and go one by one, when any of them was not open or not waiting any more.
    pub(super) async fn pay_exact(&self, change: &mut Change<'_>, exact: &[Exact]) -> AppResult<()> {
        if exact.is_empty() {
            return Ok(());
        }
        let now = change.now;
        let actor = change.actor;
        let ids: Vec<i64> = exact.iter().map(|e| e.invoice.id).collect();
        let raced = || AppError::new(ErrorCode::TransactionDecided);
        if invoice_repo::mark_many_paid(&mut change.tx, &ids, now).await? != ids.len() as u64 {
            return Err(raced());
        }
        let payments: Vec<_> = exact
            .iter()
            .map(|e| {
                let org = OrgId(e.invoice.organization_id);
                let mut p = Payable::Invoice(&e.invoice).draft(org, "bank_transfer", None, now);
                p.gateway_charge = charge_of(&e.row);
                p
            })
            .collect();
        payments_repo::insert_many(&mut change.tx, &payments).await?;
        let charges: Vec<String> = payments.iter().map(|p| p.gateway_charge.clone()).collect();
        let made: HashMap<String, i64> = payments_repo::ids_by_charges(&mut change.tx, &charges)
            .await?
            .into_iter()
            .collect();
        // DUN-3: the products reminders suspended come back.
        for invoice in invoice_repo::with_suspended_products(&mut change.tx, &ids).await? {
            if let Some(e) = exact.iter().find(|e| e.invoice.id == invoice) {
                let org = OrgId(e.invoice.organization_id);
                let (tx, events) = change.parts();
                self.reactivate_billed(tx, actor, org, invoice, now, events)
                    .await?;
            }
        }
        record_paid(change, exact, &payments, &made).await?;
        let rows: Vec<i64> = exact.iter().map(|e| e.row.id).collect();
        if store::set_paid_invoice(&mut change.tx, &rows).await? != rows.len() as u64 {
            return Err(raced());
        }
        Ok(())
    }
}

/// The audit rows and events of paying `exact` with `payments` (their ids in `made`).
async fn record_paid(
    change: &mut Change<'_>,
    exact: &[Exact],
    payments: &[PaymentRow],
    made: &HashMap<String, i64>,
) -> AppResult<()> {
    let raced = || AppError::new(ErrorCode::TransactionDecided);
    let mut entries = Vec::with_capacity(exact.len() * 2);
    for (e, p) in exact.iter().zip(payments) {
        let id = *made.get(&p.gateway_charge).ok_or_else(raced)?;
        let (inv, org) = (&e.invoice, e.invoice.organization_id);
        entries.push(
            Entry::new(AuditAction::PaymentCreate, "payment", Some(id))
                .org(org)
                .details(format!(
                    "invoice={} total={} prepaid=0.00 bank_transfer={}",
                    inv.number,
                    format_minor(p.amount_minor),
                    format_minor(p.amount_minor)
                )),
        );
        entries.push(
            Entry::new(
                AuditAction::BankTransactionMatch,
                "bank_transaction",
                Some(e.row.id),
            )
            .org(org)
            .details(format!(
                "outcome=paid_invoice {} {} reference={}",
                e.row.currency,
                format_minor(e.row.amount_minor),
                e.row.reference
            )),
        );
        change
                .emit(Event::PaymentSucceeded, Some(org), json!({"payment_id": id, "invoice_id": inv.id, "amount": format_minor(p.amount_minor), "currency": p.currency}))
                .await?;
        change
            .emit(
                Event::InvoicePaid,
                Some(org),
                json!({"invoice_id": inv.id, "number": inv.number}),
            )
            .await?;
    }
    change.record_many(entries).await
}
