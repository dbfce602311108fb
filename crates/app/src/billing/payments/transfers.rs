//! Bank transfers recorded by staff (BIL-4, BIL-9): the open invoice or pending order that
//! carries the reference is paid when the amount is exact.

use kontor_domain::money::format_minor;
use kontor_domain::{InvoiceStatus, OrderStatus, OrgId, PaymentStatus};
use kontor_store::billing::invoices::{self as invoice_repo};
use kontor_store::billing::orders::{self as order_repo};
use kontor_store::billing::payments::{self as repo, PaymentRow};

use crate::App;
use crate::billing::payments::Payable;
use crate::platform::actor::Actor;
use crate::platform::error::{AppError, AppResult, ErrorCode};

impl App {
    /// Staff record a bank transfer by hand (until statements are imported, REC): the open
    /// invoice or the pending order (pro-forma, BIL-2) carrying `reference` is paid when the
    /// amount and currency are exactly what it asks; anything else changes nothing.
    pub async fn record_transfer(
        &self,
        reference: &str,
        amount: i64,
        currency: Option<&str>,
    ) -> AppResult<PaymentRow> {
        let reference = normalized(reference);
        let mut c = self.read().await?;
        if let Some(top_up) = repo::find_top_up_by_reference(&mut c, &reference).await? {
            drop(c);
            return self.credit_top_up(top_up, amount, currency).await;
        }
        let invoice = invoice_repo::find_by_reference(&mut c, &reference).await?;
        let order = match &invoice {
            Some(_) => None,
            None => order_repo::find_by_reference(&mut c, &reference).await?,
        };
        drop(c);
        let system = Actor::system();
        if let Some(inv) = invoice.as_ref().filter(|i| i.status == InvoiceStatus::Credited) {
            return self.credit_transfer(inv, amount, currency).await;
        }
        let (org, order) = match (&invoice, order) {
            (Some(inv), _) if inv.status != InvoiceStatus::Open => {
                return Err(AppError::new(ErrorCode::InvoiceNotOpen));
            }
            (Some(inv), _) => (OrgId(inv.organization_id), None),
            (None, Some(o)) if o.status != OrderStatus::Pending => {
                return Err(AppError::new(ErrorCode::OrderNotPending));
            }
            (None, Some(o)) => (
                OrgId(o.organization_id),
                Some(self.load_order(OrgId(o.organization_id), o.id).await?),
            ),
            (None, None) => return Err(AppError::not_found()),
        };
        let payable = match (&invoice, &order) {
            (Some(inv), _) => Payable::Invoice(inv),
            (None, Some(o)) => Payable::Order(o),
            (None, None) => return Err(AppError::not_found()),
        };
        let (total, cur) = payable.amount();
        if amount != total || currency.is_some_and(|c| !c.eq_ignore_ascii_case(cur)) {
            return Err(AppError::with_message(
                ErrorCode::AmountMismatch,
                format!("the reference asks for {cur} {}", format_minor(total)),
            ));
        }
        let mut c = self.read().await?;
        let announced = repo::find_pending_transfer(&mut c, payable.order_id(), payable.invoice_id()).await?;
        drop(c);
        let payment = match announced {
            // The payer chose bank transfer at checkout: that payment is the one now received.
            Some(mut p) => {
                p.status = PaymentStatus::Succeeded;
                p
            }
            None => payable.draft(org, "bank_transfer", None, self.now_ts()),
        };
        self.settle_payable(&system, org, &payable, payment, None, false, None)
            .await
    }

    /// BIL-6: a transfer carrying a top-up's reference credits what arrived (the bounds are
    /// for what is asked; money received is never refused nor lost). The announced top-up is
    /// completed with that amount; anything else (a second transfer with the same reference, a
    /// drafted top-up) is a new one.
    async fn credit_top_up(
        &self,
        announced: PaymentRow,
        amount: i64,
        currency: Option<&str>,
    ) -> AppResult<PaymentRow> {
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
        payment.created_at = self.now_ts();
        self.settle_top_up(&Actor::system(), org, payment, None, None)
            .await
    }

    /// DUN-5: money that arrives for an invoice a credit note cancelled is not refused nor lost:
    /// it goes to the organization's prepaid account (a top-up by bank transfer).
    async fn credit_transfer(
        &self,
        inv: &kontor_store::billing::invoices::InvoiceRow,
        amount: i64,
        currency: Option<&str>,
    ) -> AppResult<PaymentRow> {
        let org = OrgId(inv.organization_id);
        let mut payment = Payable::Invoice(inv).draft(org, "bank_transfer", None, self.now_ts());
        "top_up".clone_into(&mut payment.purpose);
        self.credit_top_up(payment, amount, currency).await
    }
}

/// A payment reference as typed on a slip: without spaces, upper case.
fn normalized(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}
