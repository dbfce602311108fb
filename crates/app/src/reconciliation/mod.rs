//! Bank statements (REC): camt.053/camt.054 files imported by staff (console or `kontor
//! import-camt`), every transaction recorded once under the bank's references (REC-2), and each
//! booked credit matched by its payment reference (REC-1):
//! - an open invoice or a pending order paid exactly → paid (DUN-3 follows from paying);
//! - a top-up's reference → credited;
//! - a reference of the organization's that cannot be paid as it stands (another amount or
//!   currency, paid already — a standing order reusing an old reference, REC-3 — or cancelled
//!   by a credit note) → the whole amount to that organization's prepaid account as an
//!   `unmatched_transfer`, the billing contacts told why;
//! - anything else → the unmatched queue.
//!
//! A payment made from a bank transaction carries `gateway_charge = bank:<key>` under a unique
//! index, so a transaction credits once even when its routing is retried.

mod bulk;
pub mod ledger;
pub mod queue;

/// How many credits one transaction routes.
pub const ROUTE_CHUNK: i64 = 1_000;

use kontor_domain::camt::{self, Document, Entry, Statement, Transaction};
use kontor_domain::money::format_minor;
use kontor_domain::{AuditAction, PaymentStatus};
use kontor_store::billing::payments::{self as payments_repo, PaymentRow};
use kontor_store::billing::prepaid;
use kontor_store::reconciliation::bulk as bulk_store;
use kontor_store::reconciliation::{self as store, BankTxRow, ImportRow, Outcome};

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::billing::payments::store_payment;
use crate::billing::payments::transfers::{Mismatch, Target, asked, normalized, transfer_target_in};
use crate::change::Change;
use crate::platform::actor::Actor;
use crate::platform::audit::Entry as AuditEntry;
use crate::platform::error::{AppError, AppResult, ErrorCode};
use crate::platform::i18n::t_args;
use crate::platform::mail::Template;

/// What one import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub import_id: i64,
    pub message: String,
    pub entries: usize,
    pub transactions: usize,
    /// Read before (REC-2): left as they were.
    pub known: usize,
    pub paid: usize,
    pub top_ups: usize,
    pub to_prepaid: usize,
    pub unmatched: usize,
    /// Debits, reversals and entries not booked: recorded, never credited.
    pub not_credit: usize,
}

/// REC-2: the key of a transaction — the bank's reference of the transaction, else the entry's
/// with the transaction's place in it, else (a bank that gives neither) the account, dates,
/// amount, reference, payer and places.
fn tx_key(st: &Statement, entry: &Entry, ei: usize, tx: &Transaction, ti: usize) -> String {
    match (&tx.bank_reference, &entry.bank_reference) {
        (Some(r), _) if !r.is_empty() => format!("tx:{r}"),
        (_, Some(r)) if !r.is_empty() => format!("entry:{r}:{ti}"),
        _ => format!(
            "fallback:{}:{}:{}:{}:{}:{}:{}:{}:{ei}:{ti}",
            st.account_iban,
            st.id,
            entry.booking_date,
            tx.amount_minor,
            tx.currency,
            tx.reference.as_ref().map_or("", |r| r.as_str()),
            tx.debtor_iban.as_deref().unwrap_or_default(),
            tx.end_to_end_id.as_deref().unwrap_or_default(),
        ),
    }
}

fn row_of(import: i64, st: &Statement, entry: &Entry, ei: usize, tx: &Transaction, ti: usize) -> BankTxRow {
    BankTxRow {
        import_id: import,
        tx_key: tx_key(st, entry, ei, tx, ti),
        entry_reference: entry.bank_reference.clone().unwrap_or_default(),
        tx_reference: tx.bank_reference.clone().unwrap_or_default(),
        booking_date: entry.booking_date.clone(),
        value_date: entry.value_date.clone(),
        credit: entry.credit,
        reversal: entry.reversal,
        status: entry.status.clone(),
        amount_minor: tx.amount_minor,
        currency: tx.currency.clone(),
        reference: tx
            .reference
            .as_ref()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        match_reference: tx
            .reference
            .as_ref()
            .map(|r| normalized(r.as_str()))
            .unwrap_or_default(),
        remittance: tx.remittance.chars().take(500).collect(),
        debtor_name: tx.debtor_name.chars().take(140).collect(),
        debtor_iban: tx.debtor_iban.clone().unwrap_or_default(),
        // A credit of nothing credits nothing.
        outcome: if entry.is_booked_credit() && tx.amount_minor > 0 {
            "received"
        } else {
            "not_credit"
        }
        .to_owned(),
        ..BankTxRow::default()
    }
}

fn import_row(file_name: &str, doc: &Document, now: i64, imported_by: String) -> ImportRow {
    let ids: Vec<&str> = doc.statements.iter().map(|s| s.id.as_str()).collect();
    ImportRow {
        id: 0,
        file_name: file_name.chars().take(200).collect(),
        message: doc.message.clone(),
        account_iban: doc
            .statements
            .first()
            .map(|s| s.account_iban.clone())
            .unwrap_or_default(),
        statement_ids: ids.join(" ").chars().take(500).collect(),
        entries: doc.statements.iter().map(|s| s.entries.len() as i64).sum(),
        transactions: doc
            .statements
            .iter()
            .flat_map(|s| &s.entries)
            .map(|e| e.transactions.len() as i64)
            .sum(),
        new_transactions: 0,
        imported_at: now,
        imported_by,
    }
}

/// BIL-6: a bank transaction credited whole to an organization's prepaid account as an
/// `unmatched_transfer`, with its origin (the transaction, the staff member who assigned it);
/// answers the payment's id.
async fn credit_prepaid(
    tx: &mut kontor_store::Conn,
    org: i64,
    row: &BankTxRow,
    charge: &str,
    description: &str,
    staff: &str,
    now: i64,
) -> AppResult<i64> {
    let payment_id = store_payment(tx, &transfer_payment(org, row, charge, now)).await?;
    prepaid::post(
        tx,
        org,
        &row.currency,
        "unmatched_transfer",
        row.amount_minor,
        Some(payment_id),
        description,
        now,
    )
    .await?;
    prepaid::set_origin(tx, payment_id, Some(row.id), staff).await?;
    Ok(payment_id)
}

/// The payment a bank transaction credits to a prepaid account.
fn transfer_payment(org: i64, row: &BankTxRow, charge: &str, now: i64) -> PaymentRow {
    PaymentRow {
        id: 0,
        organization_id: org,
        purpose: "top_up".to_owned(),
        order_id: None,
        invoice_id: None,
        status: PaymentStatus::Succeeded,
        means: "bank_transfer".to_owned(),
        currency: row.currency.clone(),
        amount_minor: row.amount_minor,
        prepaid_minor: 0,
        means_minor: row.amount_minor,
        payment_method_id: None,
        card_brand: String::new(),
        card_last4: String::new(),
        gateway_charge: charge.to_owned(),
        failure_code: String::new(),
        created_by: None,
        created_at: now,
        gateway_session: None,
        // Not a top-up's own reference: that would make this reference a top-up's.
        reference: None,
    }
}

impl App {
    /// REC-1, REC-2: imports one camt.053 or camt.054 file. A file that is not camt, or is
    /// malformed, is refused whole (`invalid_statement`, with the line and the reason) and
    /// changes nothing; transactions read before are left as they were.
    ///
    /// The credits are routed [`ROUTE_CHUNK`] to a transaction; a chunk one of whose credits
    /// is refused (an invoice paid at that moment by another means, another import routing
    /// the same credit) is rolled back and routed again one credit at a time. Routing takes
    /// every credit still waiting, so credits an interrupted import recorded are routed by the
    /// next import.
    pub async fn import_camt(&self, actor: &Actor, file_name: &str, xml: &str) -> AppResult<ImportReport> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let doc = camt::parse(xml)
            .map_err(|e| AppError::with_message(ErrorCode::InvalidStatement, format!("{file_name}, {e}")))?;
        let mut report = self.record_statement(actor, file_name, &doc).await?;
        if report.transactions - report.known > 2 * ROUTE_CHUNK as usize {
            store::refresh_statistics(&mut self.read().await?).await?;
        }
        let mut after = 0;
        loop {
            let mut c = self.read().await?;
            let last = bulk_store::chunk_end(&mut c, after, ROUTE_CHUNK).await?;
            drop(c);
            let Some(last) = last else { break };
            let outcomes = match self.route_chunk(after, last, true).await {
                Ok(o) => o,
                Err(e) => {
                    tracing::info!(error = %e, "a chunk of credits goes one by one");
                    let waiting = bulk_store::received_in(&mut self.read().await?, after, last).await?;
                    let mut one_by_one = Vec::with_capacity(waiting.len());
                    for id in waiting {
                        one_by_one.extend(self.route_chunk(id - 1, id, false).await?);
                    }
                    one_by_one
                }
            };
            after = last;
            for outcome in outcomes {
                match outcome {
                    "paid_invoice" | "paid_order" => report.paid += 1,
                    "top_up" => report.top_ups += 1,
                    "prepaid" => report.to_prepaid += 1,
                    _ => report.unmatched += 1,
                }
            }
        }
        Ok(report)
    }

    /// Routes the credits waiting in `(after, last]` in one transaction: each one's outcome
    /// (credits another import routed first are not among them). With `bulk`, the exact
    /// payments of open invoices are paid together (`bulk.rs`); the others, or all without,
    /// take the one-by-one path.
    async fn route_chunk(&self, after: i64, last: i64, bulk: bool) -> AppResult<Vec<&'static str>> {
        let system = Actor::system();
        let mut change = self.change(&system, self.now_ts()).await?;
        let paid = if bulk {
            self.pay_exact(&mut change, after, last).await?
        } else {
            0
        };
        let mut outcomes = vec!["paid_invoice"; usize::try_from(paid).unwrap_or_default()];
        for id in bulk_store::received_in(&mut change.tx, after, last).await? {
            outcomes.extend(self.route_bank_transaction(&mut change, id).await?);
        }
        change.commit().await?;
        Ok(outcomes)
    }

    /// Records the import and every transaction not seen before, in one transaction; answers
    /// the report so far. The booked credits wait as `received` to be routed.
    async fn record_statement(
        &self,
        actor: &Actor,
        file_name: &str,
        doc: &Document,
    ) -> AppResult<ImportReport> {
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let (_, _, label) = actor.audit_identity();
        let import = import_row(file_name, doc, now, label);
        let import_id = store::insert_import(&mut change.tx, &import).await?;
        let mut report = ImportReport {
            import_id,
            message: doc.message.clone(),
            entries: usize::try_from(import.entries).unwrap_or_default(),
            transactions: usize::try_from(import.transactions).unwrap_or_default(),
            ..ImportReport::default()
        };
        let (mut credits, mut others) = (Vec::new(), Vec::new());
        for st in &doc.statements {
            for (ei, entry) in st.entries.iter().enumerate() {
                // A camt.053 booking what a camt.054 brought already shares the entry's reference.
                if let Some(r) = entry.bank_reference.as_deref().filter(|r| !r.is_empty())
                    && store::entry_known(&mut change.tx, r).await?
                {
                    report.known += entry.transactions.len();
                    continue;
                }
                for (ti, tx) in entry.transactions.iter().enumerate() {
                    let row = row_of(import_id, st, entry, ei, tx, ti);
                    if row.outcome == "received" {
                        credits.push(row);
                    } else {
                        others.push(row);
                    }
                }
            }
        }
        let new_credits = store::insert_transactions(&mut change.tx, &credits).await?;
        let new_others = store::insert_transactions(&mut change.tx, &others).await?;
        let new_credits = usize::try_from(new_credits).unwrap_or_default();
        report.not_credit = usize::try_from(new_others).unwrap_or_default();
        report.known += credits.len() - new_credits + others.len() - report.not_credit;
        let new = (report.transactions - report.known) as i64;
        store::set_new_transactions(&mut change.tx, import_id, new).await?;
        let entry =
            AuditEntry::new(AuditAction::BankImport, "bank_import", Some(import_id)).details(format!(
                "file={file_name} message={} transactions={} new={new}",
                doc.message, report.transactions
            ));
        change.record(entry).await?;
        change.commit().await?;
        Ok(report)
    }

    /// REC-1: what one received credit becomes, inside `change`; `None` when it was routed
    /// already.
    async fn route_bank_transaction(
        &self,
        change: &mut Change<'_>,
        id: i64,
    ) -> AppResult<Option<&'static str>> {
        let Some(row) = store::find_transaction(&mut change.tx, id)
            .await?
            .filter(|r| r.outcome == "received")
        else {
            return Ok(None);
        };
        let charge = format!("bank:{}", row.tx_key);
        if let Some(p) = payments_repo::find_by_charge(&mut change.tx, &charge).await? {
            // Paid before the outcome was written: only record it.
            let paid = Paid::of(&p);
            return set_outcome(change, &row, outcome_of(&p), "", Some(paid))
                .await
                .map(Some);
        }
        if row.reference.is_empty() {
            return set_outcome(change, &row, "unmatched", "no_reference", None)
                .await
                .map(Some);
        }
        let target = transfer_target_in(&mut change.tx, &row.reference).await?;
        let outcome = match (target.mismatch(row.amount_minor, &row.currency), &target) {
            (None, Target::TopUp(p)) => {
                let payment = self
                    .credit_top_up_in(change, p.clone(), row.amount_minor, Some(&row.currency), &charge)
                    .await?;
                let paid = Paid {
                    organization: p.organization_id,
                    invoice: None,
                    payment,
                };
                set_outcome(change, &row, "top_up", "", Some(paid)).await?
            }
            (None, Target::Invoice(inv)) => {
                let payment = self.pay_by_transfer_in(change, &target, &charge).await?;
                let paid = Paid {
                    organization: inv.organization_id,
                    invoice: Some(inv.id),
                    payment,
                };
                set_outcome(change, &row, "paid_invoice", "", Some(paid)).await?
            }
            (None, _) => {
                let payment = self.pay_by_transfer_in(change, &target, &charge).await?;
                let p = payments_repo::find_by_charge(&mut change.tx, &charge)
                    .await?
                    .ok_or_else(AppError::not_found)?;
                debug_assert_eq!(p.id, payment);
                set_outcome(change, &row, "paid_order", "", Some(Paid::of(&p))).await?
            }
            (Some(Mismatch::Unknown), _) => {
                set_outcome(change, &row, "unmatched", "unknown_reference", None).await?
            }
            (Some(m), _) => self.credit_unmatched(change, &row, &target, m, &charge).await?,
        };
        Ok(Some(outcome))
    }

    /// REC-1: money with a reference of the organization's that it cannot pay as it stands goes
    /// whole to that organization's prepaid account (`unmatched_transfer`), and the billing
    /// contacts are told why and how to use it. Money in another currency than the account's
    /// waits in the unmatched queue for staff.
    async fn credit_unmatched(
        &self,
        change: &mut Change<'_>,
        row: &BankTxRow,
        target: &Target,
        why: Mismatch,
        charge: &str,
    ) -> AppResult<&'static str> {
        let Some(org) = target.organization() else {
            return set_outcome(change, row, "unmatched", "unknown_reference", None).await;
        };
        let now = change.now;
        let org_row = self.org_row(&mut change.tx, org).await?;
        if !org_row.currency.eq_ignore_ascii_case(&row.currency) {
            // The reference is an organization's whose account is in another currency.
            return set_outcome(change, row, "unmatched", "other_currency", None).await;
        }
        let description = kontor_domain::references::grouped(&row.reference);
        let payment_id = credit_prepaid(&mut change.tx, org.0, row, charge, &description, "", now).await?;
        let o = Outcome {
            outcome: "prepaid",
            reason: why.as_str(),
            organization: Some(org.0),
            invoice: match target {
                Target::Invoice(i) => Some(i.id),
                _ => None,
            },
            payment: Some(payment_id),
        };
        if !store::set_outcome(&mut change.tx, row.id, &o).await? {
            return Err(AppError::new(ErrorCode::TransactionDecided));
        }
        let entry = AuditEntry::new(
            AuditAction::PrepaidUnmatchedTransfer,
            "bank_transaction",
            Some(row.id),
        )
        .org(org.0)
        .details(format!(
            "{} {} reference={} why={}",
            row.currency,
            format_minor(row.amount_minor),
            row.reference,
            why.as_str()
        ));
        change.record(entry).await?;
        self.tell_unmatched(&mut change.tx, org.0, row, target, why, now)
            .await?;
        change.mailed(true);
        Ok("prepaid")
    }
}

/// Where a routed credit's money went.
#[derive(Debug, Clone, Copy)]
struct Paid {
    organization: i64,
    invoice: Option<i64>,
    payment: i64,
}

impl Paid {
    fn of(p: &PaymentRow) -> Paid {
        Paid {
            organization: p.organization_id,
            invoice: p.invoice_id,
            payment: p.id,
        }
    }
}

/// Writes a credit's outcome with its audit row; refused when another import routed it first.
async fn set_outcome(
    change: &mut Change<'_>,
    row: &BankTxRow,
    outcome: &'static str,
    reason: &str,
    paid: Option<Paid>,
) -> AppResult<&'static str> {
    let o = Outcome {
        outcome,
        reason,
        organization: paid.map(|p| p.organization),
        invoice: paid.and_then(|p| p.invoice),
        payment: paid.map(|p| p.payment),
    };
    if !store::set_outcome(&mut change.tx, row.id, &o).await? {
        return Err(AppError::new(ErrorCode::TransactionDecided));
    }
    if let Some(p) = paid {
        prepaid::set_origin(&mut change.tx, p.payment, Some(row.id), "").await?;
    }
    let mut entry = AuditEntry::new(
        AuditAction::BankTransactionMatch,
        "bank_transaction",
        Some(row.id),
    )
    .details(format!(
        "outcome={outcome} {} {} reference={}",
        row.currency,
        format_minor(row.amount_minor),
        row.reference
    ));
    if let Some(p) = paid {
        entry = entry.org(p.organization);
    }
    change.record(entry).await?;
    Ok(outcome)
}

impl App {
    /// REC-1: the billing contacts learn why a transfer went to the prepaid account, and how
    /// to use it, in their language.
    async fn tell_unmatched(
        &self,
        tx: &mut kontor_store::Conn,
        org: i64,
        row: &BankTxRow,
        target: &Target,
        why: Mismatch,
        now: i64,
    ) -> AppResult<()> {
        let amount = format!("{} {}", row.currency, format_minor(row.amount_minor));
        let asked = asked(target);
        let reference = kontor_domain::references::grouped(&row.reference);
        self.mail_billing(tx, org, now, |lang| Template::TransferToPrepaid {
            amount: amount.clone(),
            reference: reference.clone(),
            reason: t_args(
                lang,
                &format!("transfer-reason-{}", why.as_str()),
                &[("asked", asked.clone())],
            ),
        })
        .await?;
        Ok(())
    }
}

fn outcome_of(p: &PaymentRow) -> &'static str {
    match (p.purpose.as_str(), p.invoice_id, p.order_id) {
        ("top_up", ..) => "top_up",
        (_, Some(_), _) => "paid_invoice",
        _ => "paid_order",
    }
}
