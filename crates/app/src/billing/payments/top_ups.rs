//! The prepaid account (BIL-6): its balance and ledger, and top-ups between the configured
//! bounds, by card or a saved TWINT profile.

use kontor_domain::money::format_minor;
use kontor_domain::{AuditAction, Event, OrgId, PaymentStatus};
use kontor_store::billing::payments::{self as repo, PaymentRow};
use kontor_store::billing::prepaid::{self};
use serde_json::json;

use crate::App;
use crate::access::Action;
use crate::billing::idempotency::Idem;
use crate::billing::payments::gateway::customer_of;
use crate::billing::payments::gateway::{CardInfo, Charge};
use crate::billing::payments::{PayRequest, Prepaid, save_card};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// BIL-6: a top-up is paid by card or a saved TWINT profile, never from the prepaid account.
fn check_top_up_means(req: &PayRequest) -> AppResult<()> {
    if req.means == "prepaid" || req.prepaid_amount.is_some() {
        return Err(AppError::field("means", "top_up_needs_another_means"));
    }
    App::check_means(req)?;
    if !(req.means == "card" || (req.means == "twint" && req.payment_method_id.is_some())) {
        return Err(AppError::with_message(
            ErrorCode::PaymentMeansUnavailable,
            "top-ups are paid by card or a saved TWINT profile".to_owned(),
        ));
    }
    Ok(())
}

impl App {
    /// BIL-6: a top-up lies between the configured bounds.
    pub fn check_top_up_amount(&self, amount: i64) -> AppResult<()> {
        if amount < self.settings.top_up_min || amount > self.settings.top_up_max {
            return Err(AppError::field("amount", "out_of_range"));
        }
        Ok(())
    }

    /// BIL-6: tops the prepaid account up by card, between the configured bounds.
    pub async fn top_up(
        &self,
        actor: &Actor,
        org: OrgId,
        amount: i64,
        req: &PayRequest,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        self.payment_once(actor, org, idem, async |idem| {
            self.check_top_up_amount(amount)?;
            check_top_up_means(req)?;
            let card = self.choose_card(org, req).await?;
            let mut c = self.read().await?;
            let currency = self.org_row(&mut c, org).await?.currency;
            drop(c);
            let now = self.now();
            let mut payment = PaymentRow {
                id: 0,
                organization_id: org.0,
                purpose: "top_up".to_owned(),
                order_id: None,
                invoice_id: None,
                status: PaymentStatus::Succeeded,
                means: req.means.clone(),
                currency: currency.clone(),
                amount_minor: amount,
                prepaid_minor: 0,
                means_minor: amount,
                payment_method_id: card.method_id,
                card_brand: card.card.brand.clone(),
                card_last4: card.card.last4.clone(),
                gateway_charge: String::new(),
                failure_code: String::new(),
                created_by: actor.user_id().map(|u| u.0),
                created_at: now.unix_timestamp(),
                gateway_session: None,
            };
            match self
                .gateway
                .charge(&customer_of(org), &card.card.token, amount, &currency, now)
                .await?
            {
                Charge::Succeeded { id } => payment.gateway_charge = id,
                Charge::Failed { code } => {
                    payment.status = PaymentStatus::Failed;
                    payment.failure_code = code.to_owned();
                    return self.record_failed(actor, org, payment, idem).await;
                }
            }
            let save = (req.save && card.method_id.is_none()).then_some(&card.card);
            let result = self.settle_top_up(actor, org, payment.clone(), save, idem).await;
            match result {
                Ok(p) => Ok(p),
                Err(e) => self.undo_charge(actor, org, &payment, idem, e).await,
            }
        })
        .await
    }

    /// Writes a top-up: the payment, the ledger credit, its audit row and event.
    pub(crate) async fn settle_top_up(
        &self,
        actor: &Actor,
        org: OrgId,
        mut payment: PaymentRow,
        save: Option<&CardInfo>,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        let now = payment.created_at;
        let mut change = self.change(actor, now).await?;
        if let Some(card) = save {
            payment.payment_method_id =
                Some(save_card(&mut change.tx, &self.card_sealer(), actor, org, card, now).await?);
        }
        let id = repo::insert_payment(&mut change.tx, &payment).await?;
        prepaid::post(
            &mut change.tx,
            org.0,
            &payment.currency,
            "top_up",
            payment.amount_minor,
            Some(id),
            &if payment.card_last4.is_empty() {
                payment.means.clone()
            } else {
                format!("{} •••• {}", payment.card_brand, payment.card_last4)
            },
            now,
        )
        .await?;
        change
            .record(
                Entry::new(AuditAction::PrepaidTopUp, "payment", Some(id))
                    .org(org.0)
                    .details(format!(
                        "{} {}",
                        format_minor(payment.amount_minor),
                        payment.currency
                    )),
            )
            .await?;
        change.emit(Event::PaymentSucceeded, Some(org.0), json!({"payment_id": id, "purpose": "top_up", "amount": format_minor(payment.amount_minor), "currency": payment.currency})).await?;
        if let Some(k) = idem {
            self.remember(&mut change.tx, actor, org, k, "payment", id)
                .await?;
        }
        change.commit().await?;
        self.payment(org, id).await
    }

    /// BIL-6: balance and ledger. The balance is the sum of the entries; a difference with the
    /// cached balance is a bug and answers an internal error rather than a wrong number.
    pub async fn prepaid(&self, actor: &Actor, org: OrgId, offset: i64, limit: i64) -> AppResult<Prepaid> {
        self.authorize_billing(actor, org, Action::BillingRead).await?;
        let mut c = self.read().await?;
        let currency = self.org_row(&mut c, org).await?.currency;
        let balance = prepaid::balance(&mut c, org.0).await?;
        let sum = prepaid::ledger_sum(&mut c, org.0).await?;
        if sum != balance {
            return Err(AppError::Internal(anyhow::anyhow!(
                "prepaid balance {balance} differs from ledger sum {sum} for organization {}",
                org.0
            )));
        }
        let (entries, total) = prepaid::list_entries(&mut c, org.0, offset, limit).await?;
        Ok(Prepaid {
            currency,
            balance,
            entries,
            total,
        })
    }
}
