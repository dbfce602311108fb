//! The prepaid account (BIL-6): its balance and ledger, and top-ups between the configured
//! bounds, by card or a saved TWINT profile.

use kontor_domain::money::format_minor;
use kontor_domain::references::{creditor_reference, qr_reference};
use kontor_domain::{AuditAction, Event, OrgId};
use kontor_store::billing::payments::{self as repo, PaymentRow};
use kontor_store::billing::prepaid::{self};
use serde_json::json;

use crate::App;
use crate::access::Action;
use crate::billing::idempotency::Idem;
use crate::billing::payments::gateway::CardInfo;
use crate::billing::payments::{PayRequest, Payable, Prepaid, save_card, store_payment};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// BIL-6: a top-up is paid by card, a saved TWINT profile, PostFinance card (CHF) or bank
/// transfer — never from the prepaid account itself, nor by PayPal.
fn check_top_up_means(req: &PayRequest) -> AppResult<()> {
    if req.means == "prepaid" || req.prepaid_amount.is_some() {
        return Err(AppError::field("means", "top_up_needs_another_means"));
    }
    App::check_means(req)?;
    let ok = match req.means.as_str() {
        "card" | "postfinance" | "bank_transfer" => true,
        "twint" => req.payment_method_id.is_some(),
        _ => false,
    };
    if !ok {
        return Err(AppError::with_message(
            ErrorCode::PaymentMeansUnavailable,
            "top-ups are paid by card, PostFinance card, bank transfer or a saved TWINT profile".to_owned(),
        ));
    }
    Ok(())
}

/// BIL-6, BIL-9: the payment reference of a top-up by bank transfer, made from the payment's
/// id in a range of its own, so it is never an order's or an invoice's: a QR reference whose
/// key starts with 9 for CHF, a creditor reference `RF..T…` for EUR.
pub fn top_up_reference(payment_id: i64, currency: &str) -> String {
    if currency == "CHF" {
        qr_reference(TOP_UP_KEYS + payment_id as u64)
    } else {
        creditor_reference(&format!("T{payment_id:010}")).unwrap_or_default()
    }
}

/// Where the keys of top-up QR references start (order ids never get there).
const TOP_UP_KEYS: u64 = 9_000_000_000_000_000_000;

impl App {
    /// BIL-6: a top-up lies between the configured bounds.
    pub fn check_top_up_amount(&self, amount: i64) -> AppResult<()> {
        if amount < self.settings.top_up_min || amount > self.settings.top_up_max {
            return Err(AppError::field("amount", "out_of_range"));
        }
        Ok(())
    }

    /// BIL-6: tops the prepaid account up, between the configured bounds: by card or a saved
    /// TWINT profile at once; by PostFinance card once the payer approves on the gateway's page;
    /// by bank transfer when the transfer carrying the top-up's own reference is recorded.
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
            let mut c = self.read().await?;
            let currency = self.org_row(&mut c, org).await?.currency;
            drop(c);
            self.pay(actor, org, &Payable::TopUp(amount, &currency), req, idem)
                .await
        })
        .await
    }

    /// Writes a top-up: the payment, the ledger credit, its audit row and event.
    pub(crate) async fn settle_top_up(
        &self,
        actor: &Actor,
        org: OrgId,
        payment: PaymentRow,
        save: Option<&CardInfo>,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        let mut change = self.change(actor, payment.created_at).await?;
        let id = self
            .settle_top_up_in(&mut change, org, payment, save, idem)
            .await?;
        change.commit().await?;
        self.payment(org, id).await
    }

    /// [`App::settle_top_up`] inside a change that commits it; answers the payment's id.
    pub(crate) async fn settle_top_up_in(
        &self,
        change: &mut crate::change::Change<'_>,
        org: OrgId,
        mut payment: PaymentRow,
        save: Option<&CardInfo>,
        idem: Option<&Idem>,
    ) -> AppResult<i64> {
        let actor = change.actor;
        let now = payment.created_at;
        if let Some(card) = save {
            payment.payment_method_id =
                Some(save_card(&mut change.tx, &self.card_sealer(), actor, org, card, now).await?);
        }
        // A new payment, or the pending one it completes (PostFinance approved, a transfer in).
        let id = store_payment(&mut change.tx, &payment).await?;
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
        Ok(id)
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
        let (mut entries, total) = prepaid::list_entries(&mut c, org.0, offset, limit).await?;
        // The customer reads the staff member's name, not the role the audit label adds.
        for e in &mut entries {
            if let Some((name, _)) = e.staff_name.split_once(" (staff, ") {
                e.staff_name = name.to_owned();
            }
        }
        let awaited = repo::list_pending_top_ups(&mut c, org.0).await?;
        Ok(Prepaid {
            currency,
            balance,
            entries,
            total,
            awaited,
        })
    }
}
