//! Bank transfers (BIL-4, BIL-9, REC-1): what a payment reference points at, and paying it —
//! by hand (`kontor record-transfer`) or from an imported bank statement.

use kontor_domain::money::format_minor;
use kontor_domain::{InvoiceStatus, OrderStatus, OrgId, PaymentStatus};
use kontor_store::billing::invoices::{self as invoice_repo, InvoiceRow};
use kontor_store::billing::orders::{self as order_repo};
use kontor_store::billing::payments::{self as repo, PaymentRow};

use kontor_store::Conn;

use crate::App;
use crate::billing::orders::Order;
use crate::billing::payments::Payable;
use crate::change::Change;
use crate::platform::actor::Actor;
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// What a payment reference points at.
pub(crate) enum Target {
    /// A top-up by bank transfer waiting for its money (BIL-6).
    TopUp(PaymentRow),
    Invoice(InvoiceRow),
    /// A pending order paid from its pro-forma (BIL-2).
    Order(Box<Order>),
    Unknown,
}

impl Target {
    /// The organization the reference belongs to.
    pub(crate) fn organization(&self) -> Option<OrgId> {
        match self {
            Target::TopUp(p) => Some(OrgId(p.organization_id)),
            Target::Invoice(i) => Some(OrgId(i.organization_id)),
            Target::Order(o) => Some(OrgId(o.row.organization_id)),
            Target::Unknown => None,
        }
    }

    /// Why money for this reference cannot pay it as it stands: `None` when `amount` in
    /// `currency` pays it exactly (or it is a top-up, which takes any amount in its currency).
    pub(crate) fn mismatch(&self, amount: i64, currency: &str) -> Option<Mismatch> {
        let (status_ok, total, cur) = match self {
            Target::TopUp(p) => {
                return (!p.currency.eq_ignore_ascii_case(currency)).then_some(Mismatch::Currency);
            }
            Target::Invoice(i) if i.status == InvoiceStatus::Credited => return Some(Mismatch::Cancelled),
            Target::Invoice(i) => (
                i.status == InvoiceStatus::Open,
                i.total_minor,
                i.currency.as_str(),
            ),
            Target::Order(o) => (
                o.row.status == OrderStatus::Pending,
                o.row.total_minor,
                o.row.currency.as_str(),
            ),
            Target::Unknown => return Some(Mismatch::Unknown),
        };
        if !status_ok {
            Some(Mismatch::AlreadyPaid)
        } else if !cur.eq_ignore_ascii_case(currency) {
            Some(Mismatch::Currency)
        } else if amount != total {
            Some(Mismatch::Amount)
        } else {
            None
        }
    }
}

/// Why a transfer does not pay what its reference names (REC-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    Amount,
    Currency,
    /// Paid already (or no longer pending) — a standing order reusing an old reference, say.
    AlreadyPaid,
    /// Cancelled by a credit note (DUN-5).
    Cancelled,
    Unknown,
}

impl Mismatch {
    pub fn as_str(self) -> &'static str {
        match self {
            Mismatch::Amount => "amount",
            Mismatch::Currency => "currency",
            Mismatch::AlreadyPaid => "paid",
            Mismatch::Cancelled => "cancelled",
            Mismatch::Unknown => "unknown",
        }
    }
}

impl App {
    /// What `reference` (spaces and case ignored) points at.
    pub(crate) async fn transfer_target(&self, reference: &str) -> AppResult<Target> {
        let mut c = self.read().await?;
        transfer_target_in(&mut c, reference).await
    }

    /// Pays an open invoice or a pending order with the transfer that pays it exactly;
    /// `charge` names the bank's transaction (REC-2: one payment per transaction).
    pub(crate) async fn pay_by_transfer(&self, target: &Target, charge: &str) -> AppResult<PaymentRow> {
        let system = Actor::system();
        let mut change = self.change(&system, self.now_ts()).await?;
        let id = self.pay_by_transfer_in(&mut change, target, charge).await?;
        change.commit().await?;
        let org = target.organization().ok_or_else(AppError::not_found)?;
        self.payment(org, id).await
    }

    /// [`App::pay_by_transfer`] inside a change that commits it; answers the payment's id.
    pub(crate) async fn pay_by_transfer_in(
        &self,
        change: &mut Change<'_>,
        target: &Target,
        charge: &str,
    ) -> AppResult<i64> {
        let (org, payable) = match target {
            Target::Invoice(inv) => (OrgId(inv.organization_id), Payable::Invoice(inv)),
            Target::Order(o) => (OrgId(o.row.organization_id), Payable::Order(o)),
            Target::TopUp(_) | Target::Unknown => return Err(AppError::not_found()),
        };
        let announced =
            repo::find_pending_transfer(&mut change.tx, payable.order_id(), payable.invoice_id()).await?;
        let mut payment = match announced {
            // The payer chose bank transfer at checkout: that payment is the one now received.
            Some(mut p) => {
                p.status = PaymentStatus::Succeeded;
                p
            }
            None => payable.draft(org, "bank_transfer", None, change.now),
        };
        charge.clone_into(&mut payment.gateway_charge);
        match payable {
            Payable::Order(order) => {
                self.settle_order_in(change, org, order, payment, None, false, None)
                    .await
            }
            Payable::Invoice(invoice) => {
                self.settle_invoice_in(change, org, invoice, payment, None, None)
                    .await
            }
            Payable::TopUp(..) => Err(AppError::not_found()),
        }
    }

    /// Staff record a bank transfer by hand: the open invoice or the pending order carrying
    /// `reference` is paid when the amount and currency are exactly what it asks; a top-up's
    /// reference credits what arrived; an invoice cancelled by a credit note credits the
    /// prepaid account; anything else changes nothing.
    pub async fn record_transfer(
        &self,
        reference: &str,
        amount: i64,
        currency: Option<&str>,
    ) -> AppResult<PaymentRow> {
        let target = self.transfer_target(reference).await?;
        let cur = currency.map_or_else(|| target_currency(&target), ToOwned::to_owned);
        match (&target, target.mismatch(amount, &cur)) {
            (Target::TopUp(p), None) => self.credit_top_up(p.clone(), amount, currency, "").await,
            (Target::Invoice(inv), Some(Mismatch::Cancelled)) => {
                self.credit_transfer(inv, amount, currency).await
            }
            (_, None) => self.pay_by_transfer(&target, "").await,
            (_, Some(Mismatch::Unknown)) => Err(AppError::not_found()),
            (Target::Invoice(_), Some(Mismatch::AlreadyPaid)) => {
                Err(AppError::new(ErrorCode::InvoiceNotOpen))
            }
            (Target::Order(_), Some(Mismatch::AlreadyPaid)) => Err(AppError::new(ErrorCode::OrderNotPending)),
            (_, Some(_)) => Err(AppError::with_message(
                ErrorCode::AmountMismatch,
                format!("the reference asks for {}", asked(&target)),
            )),
        }
    }

    /// BIL-6: a transfer carrying a top-up's reference credits what arrived (the bounds are
    /// for what is asked; money received is never refused nor lost). The announced top-up is
    /// completed with that amount; anything else (a second transfer with the same reference, a
    /// drafted top-up) is a new one. `charge` names the bank's transaction, when imported.
    pub(crate) async fn credit_top_up(
        &self,
        announced: PaymentRow,
        amount: i64,
        currency: Option<&str>,
        charge: &str,
    ) -> AppResult<PaymentRow> {
        let org = OrgId(announced.organization_id);
        let system = Actor::system();
        let mut change = self.change(&system, self.now_ts()).await?;
        let id = self
            .credit_top_up_in(&mut change, announced, amount, currency, charge)
            .await?;
        change.commit().await?;
        self.payment(org, id).await
    }

    /// [`App::credit_top_up`] inside a change that commits it; answers the payment's id.
    pub(crate) async fn credit_top_up_in(
        &self,
        change: &mut Change<'_>,
        announced: PaymentRow,
        amount: i64,
        currency: Option<&str>,
        charge: &str,
    ) -> AppResult<i64> {
        if amount <= 0 || currency.is_some_and(|c| !c.eq_ignore_ascii_case(&announced.currency)) {
            return Err(AppError::with_message(
                ErrorCode::AmountMismatch,
                format!("the reference takes {} only", announced.currency),
            ));
        }
        let org = OrgId(announced.organization_id);
        let mut payment = announced;
        if payment.status != PaymentStatus::Pending {
            payment.id = 0;
            payment.created_by = None;
        }
        payment.status = PaymentStatus::Succeeded;
        payment.amount_minor = amount;
        payment.means_minor = amount;
        payment.created_at = change.now;
        charge.clone_into(&mut payment.gateway_charge);
        self.settle_top_up_in(change, org, payment, None, None).await
    }

    /// DUN-5: money that arrives for an invoice a credit note cancelled is not refused nor lost:
    /// it goes to the organization's prepaid account (a top-up by bank transfer).
    async fn credit_transfer(
        &self,
        inv: &InvoiceRow,
        amount: i64,
        currency: Option<&str>,
    ) -> AppResult<PaymentRow> {
        let org = OrgId(inv.organization_id);
        let mut payment = Payable::Invoice(inv).draft(org, "bank_transfer", None, self.now_ts());
        "top_up".clone_into(&mut payment.purpose);
        self.credit_top_up(payment, amount, currency, "").await
    }
}

/// What `reference` (spaces and case ignored) points at, read on `c`.
pub(crate) async fn transfer_target_in(c: &mut Conn, reference: &str) -> AppResult<Target> {
    let reference = normalized(reference);
    if let Some(top_up) = repo::find_top_up_by_reference(c, &reference).await? {
        return Ok(Target::TopUp(top_up));
    }
    if let Some(inv) = invoice_repo::find_by_reference(c, &reference).await? {
        return Ok(Target::Invoice(inv));
    }
    let Some(o) = order_repo::find_by_reference(c, &reference).await? else {
        return Ok(Target::Unknown);
    };
    let order = crate::billing::orders::load(c, OrgId(o.organization_id), o.id).await?;
    Ok(Target::Order(Box::new(order)))
}

fn target_currency(t: &Target) -> String {
    match t {
        Target::TopUp(p) => p.currency.clone(),
        Target::Invoice(i) => i.currency.clone(),
        Target::Order(o) => o.row.currency.clone(),
        Target::Unknown => String::new(),
    }
}

/// What the reference asks for: `CHF 120.00`.
pub(crate) fn asked(t: &Target) -> String {
    match t {
        Target::Invoice(i) => format!("{} {}", i.currency, format_minor(i.total_minor)),
        Target::Order(o) => format!("{} {}", o.row.currency, format_minor(o.row.total_minor)),
        Target::TopUp(p) => p.currency.clone(),
        Target::Unknown => String::new(),
    }
}

/// A payment reference as typed on a slip: without spaces, upper case.
pub(crate) fn normalized(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}
