//! REC-1: the unmatched queue — staff (billing, admin) assign a transaction to an
//! organization (credited whole to its prepaid account, the customer told) or mark it for
//! refund; refunds leave as one pain.001 file the operator hands to the bank, and each is closed
//! by the file that carries it. Every step is audited with the staff member.

use kontor_domain::AuditAction;
use kontor_domain::money::format_minor;
use kontor_domain::pain001::{self, Debtor, Refund};
use kontor_domain::qrbill::is_valid_iban;
use kontor_store::billing::prepaid::{self, RefundRow};
use kontor_store::orgs;
use kontor_store::reconciliation::{self as store, BankTxRow, Decision, ImportRow, RefundExportRow};

use super::credit_prepaid;
use crate::App;
use crate::access::{Action, Resource, decide};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::i18n::t;
use crate::platform::mail::Template;

/// The most a queue or a refund file holds at once.
const PAGE: i64 = 500;

/// An organization a transaction may belong to, and why it is suggested.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub organization: i64,
    pub name: String,
    /// `iban` (an earlier transfer from this account went there) or `amount` (it has an open
    /// invoice of exactly this amount).
    pub why: &'static str,
}

/// What waits for the next refund file, and the files made.
#[derive(Debug, Clone)]
pub struct Refunds {
    pub transfers: Vec<BankTxRow>,
    pub prepaid: Vec<RefundRow>,
    pub files: Vec<RefundExportRow>,
}

/// An unmatched transaction with its suggestions.
#[derive(Debug, Clone)]
pub struct Unmatched {
    pub row: BankTxRow,
    pub suggestions: Vec<Suggestion>,
}

impl App {
    /// The imports, newest first (billing, admin).
    pub async fn bank_imports(&self, actor: &Actor) -> AppResult<Vec<ImportRow>> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        Ok(store::list_imports(&mut c, 100).await?)
    }

    /// One import with what each of its transactions became.
    pub async fn bank_import(&self, actor: &Actor, id: i64) -> AppResult<(ImportRow, Vec<BankTxRow>)> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        let import = store::find_import(&mut c, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let rows = store::transactions_of_import(&mut c, id).await?;
        Ok((import, rows))
    }

    /// REC-1: the unmatched queue, oldest first, each with its suggestions.
    pub async fn unmatched_transactions(&self, actor: &Actor) -> AppResult<Vec<Unmatched>> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        let rows = store::transactions_with_outcome(&mut c, "unmatched", PAGE).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut suggestions = Vec::new();
            let by_iban = store::organizations_of_debtor(&mut c, &row.debtor_iban).await?;
            let by_amount = store::organizations_owing(&mut c, row.amount_minor, &row.currency).await?;
            for (ids, why) in [(by_iban, "iban"), (by_amount, "amount")] {
                for id in ids {
                    if suggestions.iter().any(|s: &Suggestion| s.organization == id) {
                        continue;
                    }
                    if let Some(o) = orgs::find_org(&mut c, id).await? {
                        suggestions.push(Suggestion {
                            organization: id,
                            name: o.name,
                            why,
                        });
                    }
                }
            }
            out.push(Unmatched { row, suggestions });
        }
        Ok(out)
    }

    /// The refunds waiting for a file — transfers marked for refund, prepaid balance refunded
    /// by staff (BIL-6) — and the files made.
    pub async fn refunds(&self, actor: &Actor) -> AppResult<Refunds> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        Ok(Refunds {
            transfers: store::transactions_with_outcome(&mut c, "refund", PAGE).await?,
            prepaid: prepaid::waiting_refunds(&mut c, PAGE).await?,
            files: store::list_refund_exports(&mut c, 50).await?,
        })
    }

    async fn unmatched_row(&self, id: i64) -> AppResult<BankTxRow> {
        let mut c = self.read().await?;
        let row = store::find_transaction(&mut c, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        if row.outcome != "unmatched" {
            return Err(AppError::new(ErrorCode::TransactionDecided));
        }
        Ok(row)
    }

    /// REC-1: staff assign an unmatched transaction to an organization: the whole amount goes
    /// to its prepaid account (`unmatched_transfer`, with the staff member as origin) and its
    /// billing contacts are told. The account's currency must be the transaction's.
    pub async fn assign_transaction(&self, actor: &Actor, id: i64, org: i64) -> AppResult<BankTxRow> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let row = self.unmatched_row(id).await?;
        let (_, _, staff) = actor.audit_identity();
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let target = orgs::find_org(&mut change.tx, org)
            .await?
            .ok_or_else(|| AppError::field("organization", "unknown"))?;
        if !target.currency.eq_ignore_ascii_case(&row.currency) {
            return Err(AppError::field("organization", "currency_mismatch"));
        }
        let charge = format!("bank:{}", row.tx_key);
        let description = if row.reference.is_empty() {
            row.remittance.chars().take(140).collect()
        } else {
            kontor_domain::references::grouped(&row.reference)
        };
        let payment = credit_prepaid(&mut change.tx, org, &row, &charge, &description, &staff, now).await?;
        let decision = Decision {
            outcome: "assigned",
            organization: Some(org),
            payment: Some(payment),
            refund_name: "",
            refund_iban: "",
            staff: &staff,
            now,
        };
        if !store::decide_unmatched(&mut change.tx, id, &decision).await? {
            return Err(AppError::new(ErrorCode::TransactionDecided));
        }
        let entry = Entry::new(AuditAction::BankTransactionAssign, "bank_transaction", Some(id))
            .org(org)
            .details(format!("{} {}", row.currency, format_minor(row.amount_minor)));
        change.record(entry).await?;
        let amount = format!("{} {}", row.currency, format_minor(row.amount_minor));
        let reference = if row.reference.is_empty() {
            row.remittance.chars().take(60).collect()
        } else {
            kontor_domain::references::grouped(&row.reference)
        };
        self.mail_billing(&mut change.tx, org, now, |lang| Template::TransferToPrepaid {
            amount: amount.clone(),
            reference: reference.clone(),
            reason: t(lang, "transfer-reason-assigned"),
        })
        .await?;
        let done = store::find_transaction(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(done)
    }

    /// REC-1: staff mark an unmatched transaction for refund, to the payer's account (or the
    /// one given when the bank named none).
    pub async fn mark_refund(&self, actor: &Actor, id: i64, name: &str, iban: &str) -> AppResult<BankTxRow> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let row = self.unmatched_row(id).await?;
        let iban = super::ledger::compact_iban(if iban.trim().is_empty() {
            &row.debtor_iban
        } else {
            iban
        });
        let name = if name.trim().is_empty() {
            &row.debtor_name
        } else {
            name
        }
        .trim()
        .to_owned();
        let mut v = Validator::default();
        v.check(is_valid_iban(&iban), "iban", "invalid_iban");
        v.line("name", &name, 140);
        v.finish()?;
        let (_, _, staff) = actor.audit_identity();
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let decision = Decision {
            outcome: "refund",
            organization: None,
            payment: None,
            refund_name: &name,
            refund_iban: &iban,
            staff: &staff,
            now,
        };
        if !store::decide_unmatched(&mut change.tx, id, &decision).await? {
            return Err(AppError::new(ErrorCode::TransactionDecided));
        }
        let entry = Entry::new(AuditAction::BankTransactionRefund, "bank_transaction", Some(id)).details(
            format!("{} {} to {iban}", row.currency, format_minor(row.amount_minor)),
        );
        change.record(entry).await?;
        let done = store::find_transaction(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(done)
    }

    /// REC-1: every refund waiting, as one pain.001.001.09 file from the provider's account,
    /// executed the next day; each refund is closed by it. `None` when none waits.
    pub async fn export_refunds(&self, actor: &Actor) -> AppResult<Option<RefundExportRow>> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let now = self.now();
        let ts = now.unix_timestamp();
        let (_, _, staff) = actor.audit_identity();
        let mut change = self.change(actor, ts).await?;
        let waiting = store::transactions_with_outcome(&mut change.tx, "refund", PAGE).await?;
        let balances = prepaid::waiting_refunds(&mut change.tx, PAGE).await?;
        let Some(first) = waiting
            .first()
            .map(|r| r.id.to_string())
            .or_else(|| balances.first().map(|r| format!("P{}", r.id)))
        else {
            return Ok(None);
        };
        let message_id = format!("KONTOR-R-{ts}-{first}");
        let refunds = payouts(&waiting, &balances);
        let debtor = Debtor {
            name: self.settings.creditor.name.clone(),
            iban: self.settings.creditor.iban.clone(),
        };
        let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let day = time::macros::format_description!("[year]-[month]-[day]");
        let xml = pain001::write(
            &message_id,
            &now.format(&fmt).unwrap_or_default(),
            &(now + time::Duration::days(1)).format(&day).unwrap_or_default(),
            &debtor,
            &refunds,
        );
        let mut export = RefundExportRow {
            id: 0,
            message_id,
            transactions: refunds.len() as i64,
            xml,
            created_at: ts,
            created_by: staff,
        };
        export.id = store::insert_refund_export(&mut change.tx, &export).await?;
        close_exported(&mut change, &export, &waiting, &balances).await?;
        change.commit().await?;
        Ok(Some(export))
    }

    /// A refund file made before, to download again.
    pub async fn refund_export(&self, actor: &Actor, id: i64) -> AppResult<RefundExportRow> {
        decide(actor, Action::StaffStatements, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        store::find_refund_export(&mut c, id)
            .await?
            .ok_or_else(AppError::not_found)
    }
}

/// The transfers marked for refund and the prepaid balances refunded, as one file's payments.
fn payouts(waiting: &[BankTxRow], balances: &[RefundRow]) -> Vec<Refund> {
    let transfers = waiting.iter().map(|r| Refund {
        end_to_end_id: format!("KONTOR-{}", r.id),
        amount_minor: r.amount_minor,
        currency: r.currency.clone(),
        creditor_name: r.refund_name.clone(),
        creditor_iban: r.refund_iban.clone(),
        remittance: format!("Refund of your transfer of {}", r.booking_date),
    });
    let prepaid = balances.iter().map(|r| Refund {
        end_to_end_id: format!("KONTOR-P{}", r.id),
        amount_minor: r.amount_minor,
        currency: r.currency.clone(),
        creditor_name: r.name.clone(),
        creditor_iban: r.iban.clone(),
        remittance: format!("Refund of prepaid balance, organization {}", r.organization_id),
    });
    transfers.chain(prepaid).collect()
}

/// Closes every refund `export` carries, audited; a refund another export closed at the same
/// moment refuses the whole file.
async fn close_exported(
    change: &mut crate::change::Change<'_>,
    export: &RefundExportRow,
    waiting: &[BankTxRow],
    balances: &[RefundRow],
) -> AppResult<()> {
    let raced = || AppError::new(ErrorCode::TransactionDecided);
    let file = format!("file={}", export.message_id);
    for r in balances {
        if !prepaid::close_refund(&mut change.tx, r.id, export.id).await? {
            return Err(raced());
        }
        let entry = Entry::new(AuditAction::BankTransactionRefunded, "prepaid_refund", Some(r.id))
            .org(r.organization_id)
            .details(file.clone());
        change.record(entry).await?;
    }
    for r in waiting {
        if !store::close_refund(&mut change.tx, r.id, export.id).await? {
            return Err(raced());
        }
        let entry = Entry::new(
            AuditAction::BankTransactionRefunded,
            "bank_transaction",
            Some(r.id),
        )
        .details(file.clone());
        change.record(entry).await?;
    }
    Ok(())
}
