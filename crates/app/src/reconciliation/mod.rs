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

pub mod queue;

use kontor_domain::camt::{self, Document, Entry, Statement, Transaction};
use kontor_domain::money::format_minor;
use kontor_domain::{AuditAction, PaymentStatus};
use kontor_store::billing::payments::{self as payments_repo, PaymentRow};
use kontor_store::billing::prepaid;
use kontor_store::reconciliation::{self as store, BankTxRow, ImportRow, Outcome};

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::billing::payments::store_payment;
use crate::billing::payments::transfers::{Mismatch, Target, asked};
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
    pub async fn import_camt(&self, actor: &Actor, file_name: &str, xml: &str) -> AppResult<ImportReport> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let doc = camt::parse(xml)
            .map_err(|e| AppError::with_message(ErrorCode::InvalidStatement, format!("{file_name}, {e}")))?;
        let (mut report, fresh) = self.record_statement(actor, file_name, &doc).await?;
        for id in fresh {
            match self.route_bank_transaction(id).await? {
                "paid_invoice" | "paid_order" => report.paid += 1,
                "top_up" => report.top_ups += 1,
                "prepaid" => report.to_prepaid += 1,
                _ => report.unmatched += 1,
            }
        }
        Ok(report)
    }

    /// Records the import and every transaction not seen before, in one transaction; answers
    /// the report so far and the booked credits to route.
    async fn record_statement(
        &self,
        actor: &Actor,
        file_name: &str,
        doc: &Document,
    ) -> AppResult<(ImportReport, Vec<i64>)> {
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
        let mut fresh = Vec::new();
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
                    match store::insert_transaction(&mut change.tx, &row).await? {
                        None => report.known += 1,
                        Some(id) if row.outcome == "received" => fresh.push(id),
                        Some(_) => report.not_credit += 1,
                    }
                }
            }
        }
        let new = (report.transactions - report.known) as i64;
        store::set_new_transactions(&mut change.tx, import_id, new).await?;
        let entry =
            AuditEntry::new(AuditAction::BankImport, "bank_import", Some(import_id)).details(format!(
                "file={file_name} message={} transactions={} new={new}",
                doc.message, report.transactions
            ));
        change.record(entry).await?;
        change.commit().await?;
        Ok((report, fresh))
    }

    /// REC-1: what one received credit becomes; answers its outcome.
    async fn route_bank_transaction(&self, id: i64) -> AppResult<&'static str> {
        let mut c = self.read().await?;
        let row = store::find_transaction(&mut c, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let charge = format!("bank:{}", row.tx_key);
        let made = payments_repo::find_by_charge(&mut c, &charge).await?;
        drop(c);
        if let Some(p) = made {
            // Paid before the outcome was written (an interrupted import): only record it.
            return self.set_outcome(&row, outcome_of(&p), "", Some(&p)).await;
        }
        if row.reference.is_empty() {
            return self.set_outcome(&row, "unmatched", "no_reference", None).await;
        }
        let target = self.transfer_target(&row.reference).await?;
        match (target.mismatch(row.amount_minor, &row.currency), &target) {
            (None, Target::TopUp(p)) => {
                let p = self
                    .credit_top_up(p.clone(), row.amount_minor, Some(&row.currency), &charge)
                    .await?;
                self.set_outcome(&row, "top_up", "", Some(&p)).await
            }
            (None, _) => {
                let p = self.pay_by_transfer(&target, &charge).await?;
                let outcome = if matches!(target, Target::Invoice(_)) {
                    "paid_invoice"
                } else {
                    "paid_order"
                };
                self.set_outcome(&row, outcome, "", Some(&p)).await
            }
            (Some(Mismatch::Unknown), _) => {
                self.set_outcome(&row, "unmatched", "unknown_reference", None)
                    .await
            }
            (Some(m), _) => self.credit_unmatched(&row, &target, m, &charge).await,
        }
    }

    async fn set_outcome(
        &self,
        row: &BankTxRow,
        outcome: &'static str,
        reason: &str,
        payment: Option<&PaymentRow>,
    ) -> AppResult<&'static str> {
        let now = self.now_ts();
        let system = Actor::system();
        let mut change = self.change(&system, now).await?;
        let o = Outcome {
            outcome,
            reason,
            organization: payment.map(|p| p.organization_id),
            invoice: payment.and_then(|p| p.invoice_id),
            payment: payment.map(|p| p.id),
        };
        store::set_outcome(&mut change.tx, row.id, &o).await?;
        if let Some(p) = payment {
            prepaid::set_origin(&mut change.tx, p.id, Some(row.id), "").await?;
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
        if let Some(p) = payment {
            entry = entry.org(p.organization_id);
        }
        change.record(entry).await?;
        change.commit().await?;
        Ok(outcome)
    }

    /// REC-1: money with a reference of the organization's that it cannot pay as it stands goes
    /// whole to that organization's prepaid account (`unmatched_transfer`), and the billing
    /// contacts are told why and how to use it — all in one transaction. Money in another
    /// currency than the account's waits in the unmatched queue for staff.
    async fn credit_unmatched(
        &self,
        row: &BankTxRow,
        target: &Target,
        why: Mismatch,
        charge: &str,
    ) -> AppResult<&'static str> {
        let Some(org) = target.organization() else {
            return self
                .set_outcome(row, "unmatched", "unknown_reference", None)
                .await;
        };
        let now = self.now_ts();
        let system = Actor::system();
        let mut change = self.change(&system, now).await?;
        let org_row = self.org_row(&mut change.tx, org).await?;
        if !org_row.currency.eq_ignore_ascii_case(&row.currency) {
            drop(change);
            // The reference is an organization's whose account is in another currency.
            return self.set_outcome(row, "unmatched", "other_currency", None).await;
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
        store::set_outcome(&mut change.tx, row.id, &o).await?;
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
        change.commit().await?;
        Ok("prepaid")
    }
}

/// What a payment made from a bank transaction was, for a routing that was interrupted after
/// paying.
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
