//! Payments that complete later (BIL-4): PayPal, TWINT and PostFinance go through the gateway's
//! redirect-and-confirm page; a bank transfer waits for the money (the pro-forma or invoice
//! carries the reference). Both leave a `pending` payment; the order or invoice stays unpaid
//! until the payer approves (then [`App::confirm_payment`] settles it exactly like a card
//! payment) or the transfer is recorded. A saved TWINT profile pays at once, like a card.

use kontor_domain::money::format_minor;
use kontor_domain::{AuditAction, OrgId, PaymentStatus};
use kontor_store::billing::invoices as invoice_repo;
use kontor_store::billing::payments::{self as repo, PaymentRow};

use crate::App;
use crate::access::Action;
use crate::billing::idempotency::Idem;
use crate::billing::payments::gateway::{Redirected, customer_of};
use crate::billing::payments::orphans::Orphan;
use crate::billing::payments::top_ups::top_up_reference;
use crate::billing::payments::{PayRequest, Payable};
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// Where the payer's browser comes back after the gateway's page.
pub fn return_path() -> &'static str {
    "/console/payments/return"
}

impl App {
    /// Opens a deferred payment: a redirect session at the gateway (PayPal, TWINT,
    /// PostFinance — the last for CHF only) or an announced bank transfer; the payment is
    /// `pending` until confirmed.
    pub(crate) async fn start_deferred(
        &self,
        actor: &Actor,
        org: OrgId,
        payable: &Payable<'_>,
        req: &PayRequest,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        let (total, currency) = payable.amount();
        if req.means == "postfinance" && currency != "CHF" {
            return Err(AppError::with_message(
                ErrorCode::PaymentMeansUnavailable,
                "PostFinance pays in CHF only".to_owned(),
            ));
        }
        let now = self.now();
        let mut payment = payable.draft(
            org,
            &req.means,
            actor.user_id().map(|u| u.0),
            now.unix_timestamp(),
        );
        payment.status = PaymentStatus::Pending;
        if req.means != "bank_transfer" {
            let return_url = format!("{}{}", self.settings.public_url, return_path());
            let redirect = self
                .gateway
                .begin_redirect(&customer_of(org), &req.means, total, currency, &return_url, now)
                .await?;
            payment.gateway_session = Some(redirect.session);
        }
        let mut change = self.change(actor, self.now_ts()).await?;
        let id = repo::insert_payment(&mut change.tx, &payment).await?;
        if matches!(payable, Payable::TopUp(..)) && req.means == "bank_transfer" {
            // BIL-6: a top-up by transfer has its own reference, as an order has.
            repo::set_reference(&mut change.tx, id, &top_up_reference(id, currency)).await?;
        }
        record(
            &mut change.tx,
            actor,
            now.unix_timestamp(),
            Entry::new(AuditAction::PaymentStart, "payment", Some(id))
                .org(org.0)
                .details(format!(
                    "{} {} {} pending",
                    payment.means,
                    currency,
                    format_minor(total)
                )),
        )
        .await?;
        if let Some(k) = idem {
            self.remember(&mut change.tx, actor, org, k, "payment", id)
                .await?;
        }
        change.commit().await?;
        self.payment(org, id).await
    }

    /// Where the payer approves a pending redirect payment.
    pub fn redirect_url(&self, payment: &PaymentRow) -> Option<String> {
        payment
            .gateway_session
            .as_deref()
            .filter(|_| payment.status == PaymentStatus::Pending)
            .map(|s| self.gateway.redirect_url(s))
    }

    /// The organization and id of the payment of a redirect session (the return page).
    pub async fn payment_of_session(&self, session: &str) -> AppResult<(OrgId, i64)> {
        let mut c = self.read().await?;
        let p = repo::find_by_session(&mut c, session)
            .await?
            .ok_or_else(AppError::not_found)?;
        Ok((OrgId(p.organization_id), p.id))
    }

    /// Asks the gateway what became of a pending redirect payment and settles it: approved,
    /// the order or invoice is paid as by card (a TWINT profile is saved for automatic
    /// renewals); declined, the payment is failed and nothing else changes. Anything already
    /// decided is answered as it is, so confirming twice changes nothing.
    pub async fn confirm_payment(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<PaymentRow> {
        self.authorize_billing(actor, org, Action::BillingPay).await?;
        let mut p = self.payment(org, id).await?;
        let now = self.now();
        let Some(session) = p.gateway_session.clone() else {
            return Ok(p);
        };
        if p.status != PaymentStatus::Pending {
            // Decided already. A page approved after its payment was cancelled (the order was
            // paid another way) left a charge nobody holds: it goes back now.
            if p.status != PaymentStatus::Succeeded
                && let Redirected::Approved { charge, .. } = self.gateway.redirect_outcome(&session).await?
            {
                self.refund_unheld(org, &p, &charge, now).await?;
            }
            return Ok(p);
        }
        match self.gateway.redirect_outcome(&session).await? {
            Redirected::Open => Ok(p),
            Redirected::Declined => {
                p.status = PaymentStatus::Failed;
                "declined_by_payer".clone_into(&mut p.failure_code);
                self.fail_pending(actor, org, &p, now.unix_timestamp()).await
            }
            Redirected::Approved { charge, profile } => {
                p.status = PaymentStatus::Succeeded;
                p.gateway_charge = charge;
                if let Some(card) = &profile {
                    p.card_brand.clone_from(&card.brand);
                }
                p.created_at = now.unix_timestamp();
                let result = self.settle_pending(actor, org, &p, profile.as_ref()).await;
                match result {
                    Ok(done) => Ok(done),
                    Err(e) => {
                        // Paid some other way meanwhile: the approved charge goes back, and
                        // the customer is told.
                        self.refund_unheld(org, &p, &p.gateway_charge, now).await?;
                        p.status = PaymentStatus::Failed;
                        e.code().as_str().clone_into(&mut p.failure_code);
                        self.fail_pending(actor, org, &p, now.unix_timestamp()).await
                    }
                }
            }
        }
    }

    /// Refunds the charge of payment `p`'s redirect session when no succeeded payment holds it.
    async fn refund_unheld(
        &self,
        org: OrgId,
        p: &PaymentRow,
        charge: &str,
        now: time::OffsetDateTime,
    ) -> AppResult<()> {
        let mut c = self.read().await?;
        if repo::charge_is_owned(&mut c, charge).await? {
            return Ok(());
        }
        drop(c);
        let orphan = Orphan {
            org: Some(org),
            charge,
            amount: p.amount_minor,
            currency: &p.currency,
            means: &p.means,
            made_at: now.unix_timestamp(),
        };
        self.refund_orphan(&orphan, now).await?;
        Ok(())
    }

    async fn settle_pending(
        &self,
        actor: &Actor,
        org: OrgId,
        p: &PaymentRow,
        profile: Option<&crate::billing::payments::gateway::CardInfo>,
    ) -> AppResult<PaymentRow> {
        // REN-4: a means that can pay again unattended (TWINT's profile) switches automatic
        // renewal on; PayPal and PostFinance do not.
        let auto_renew = profile.is_some();
        match (p.invoice_id, p.order_id) {
            _ if p.purpose == "top_up" => self.settle_top_up(actor, org, p.clone(), profile, None).await,
            (Some(inv), _) if p.purpose == "invoice" => {
                let mut c = self.read().await?;
                let invoice = invoice_repo::find_invoice(&mut c, org.0, inv)
                    .await?
                    .ok_or_else(AppError::not_found)?;
                drop(c);
                self.settle_invoice(actor, org, &invoice, p.clone(), profile, None)
                    .await
            }
            (_, Some(order)) => {
                let order = self.load_order(org, order).await?;
                self.settle_order(actor, org, &order, p.clone(), profile, auto_renew, None)
                    .await
            }
            _ => Err(AppError::not_found()),
        }
    }

    async fn fail_pending(
        &self,
        actor: &Actor,
        org: OrgId,
        p: &PaymentRow,
        now: i64,
    ) -> AppResult<PaymentRow> {
        let mut change = self.change(actor, self.now_ts()).await?;
        if repo::complete_pending(&mut change.tx, p).await? {
            record(
                &mut change.tx,
                actor,
                now,
                Entry::new(AuditAction::PaymentFail, "payment", Some(p.id))
                    .org(org.0)
                    .details(format!("{} {}", p.means, p.failure_code)),
            )
            .await?;
        }
        change.commit().await?;
        self.payment(org, p.id).await
    }
}
