//! Paying (BIL-4, BIL-6, BIL-8, BIL-10): an order is paid from the prepaid account, by card
//! through the gateway, or both (prepaid part first, the rest by card). A succeeded payment
//! closes the order, activates its products (PRD-3), issues the invoice (BIL-1) and writes the
//! ledger, audit, events and e-mails in one transaction. A refused card changes nothing but
//! leaves a failed payment on record. Top-ups credit the prepaid account by card.

pub mod gateway;
pub mod methods;
pub mod orphans;
pub mod redirects;
pub mod settle;
pub mod top_ups;
pub mod transfers;

use kontor_domain::money::format_minor;
use kontor_domain::{AuditAction, Event, InvoiceStatus, OrderStatus, OrgId, PaymentStatus};
use kontor_store::Conn;
use kontor_store::billing::invoices::{self as invoice_repo, InvoiceRow};
use kontor_store::billing::payments::{self as repo, PaymentRow};
use kontor_store::billing::prepaid::{self, EntryRow};
use serde_json::json;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::billing::idempotency::Idem;
use crate::billing::orders::{Order, load};
use crate::billing::payments::gateway::{CardInfo, Charge, customer_of};
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::crypto::Sealer;
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// Payment means (API.md vocabulary).
pub const MEANS: [&str; 6] = [
    "card",
    "postfinance",
    "bank_transfer",
    "paypal",
    "twint",
    "prepaid",
];

/// How to pay.
#[derive(Debug, Clone, Default)]
pub struct PayRequest {
    pub means: String,
    /// A token from the gateway's card form (`POST /sandbox/cards`).
    pub card_token: Option<String>,
    /// A saved card.
    pub payment_method_id: Option<i64>,
    /// Keep the card for later payments and automatic renewal.
    pub save: bool,
    /// Take this much (minor units) from the prepaid account and the rest by `means`.
    pub prepaid_amount: Option<i64>,
    /// REN-4: paying by card switches automatic renewal on unless this says false.
    pub auto_renew: Option<bool>,
}

/// What a payment pays.
pub(crate) enum Payable<'a> {
    Order(&'a Order),
    Invoice(&'a InvoiceRow),
    /// BIL-6: this much into the prepaid account, in its currency.
    TopUp(i64, &'a str),
}

impl Payable<'_> {
    pub(crate) fn amount(&self) -> (i64, &str) {
        match self {
            Payable::Order(o) => (o.row.total_minor, &o.row.currency),
            Payable::Invoice(i) => (i.total_minor, &i.currency),
            Payable::TopUp(amount, currency) => (*amount, currency),
        }
    }

    fn purpose(&self) -> &'static str {
        match self {
            Payable::Order(_) => "order",
            Payable::Invoice(_) => "invoice",
            Payable::TopUp(..) => "top_up",
        }
    }

    pub(crate) fn order_id(&self) -> Option<i64> {
        match self {
            Payable::Order(o) => Some(o.row.id),
            Payable::Invoice(i) => i.order_id,
            Payable::TopUp(..) => None,
        }
    }

    pub(crate) fn invoice_id(&self) -> Option<i64> {
        match self {
            Payable::Order(_) | Payable::TopUp(..) => None,
            Payable::Invoice(i) => Some(i.id),
        }
    }
    /// A succeeded payment of the whole amount by `means` (the caller fills in a prepaid
    /// part and a card when there are any).
    pub(crate) fn draft(&self, org: OrgId, means: &str, created_by: Option<i64>, now: i64) -> PaymentRow {
        let (total, currency) = self.amount();
        PaymentRow {
            id: 0,
            organization_id: org.0,
            purpose: self.purpose().to_owned(),
            order_id: self.order_id(),
            invoice_id: self.invoice_id(),
            status: PaymentStatus::Succeeded,
            means: means.to_owned(),
            currency: currency.to_owned(),
            amount_minor: total,
            prepaid_minor: 0,
            means_minor: total,
            payment_method_id: None,
            card_brand: String::new(),
            card_last4: String::new(),
            gateway_charge: String::new(),
            failure_code: String::new(),
            created_by,
            created_at: now,
            gateway_session: None,
            reference: None,
        }
    }
}

/// The card a payment is charged to.
struct CardChoice {
    card: CardInfo,
    method_id: Option<i64>,
}

/// The prepaid account: balance and a page of the ledger, newest first.
#[derive(Debug, Clone)]
pub struct Prepaid {
    pub currency: String,
    pub balance: i64,
    pub entries: Vec<EntryRow>,
    pub total: i64,
    /// Top-ups by bank transfer still waiting for the money (BIL-6).
    pub awaited: Vec<PaymentRow>,
}

/// BIL-6: how much of `total` the prepaid account pays: all of it when it is the means,
/// else the `prepaid_amount` asked for (the rest by the means).
fn prepaid_part(req: &PayRequest, total: i64) -> AppResult<i64> {
    match (req.means.as_str(), req.prepaid_amount) {
        ("prepaid", None) => Ok(total),
        ("prepaid", Some(p)) if p == total => Ok(total),
        ("prepaid", Some(_)) => Err(AppError::field("prepaid_amount", "must_equal_total")),
        (_, Some(p)) if p < 0 || p > total => Err(AppError::field("prepaid_amount", "out_of_range")),
        (_, p) => Ok(p.unwrap_or(0)),
    }
}

/// Means that do not complete in the request: redirect flows and bank transfer.
pub(crate) fn is_deferred(req: &PayRequest) -> bool {
    match req.means.as_str() {
        "paypal" | "postfinance" | "bank_transfer" => true,
        "twint" => req.payment_method_id.is_none(),
        _ => false,
    }
}

impl App {
    /// The key saved-card tokens are sealed with (SEC-6).
    pub(crate) fn card_sealer(&self) -> Sealer {
        Sealer::new(&self.settings.server_key, "card-token")
    }

    /// The gateway token of a saved method of `org`: sealed for that organization (a sealed
    /// token copied to another organization's row does not open); a token saved before
    /// tokens were sealed is read as it is until the housekeeping job seals it.
    pub(crate) fn method_token(&self, org: OrgId, stored: &str) -> Option<String> {
        if Sealer::is_sealed(stored) {
            self.card_sealer().open(&customer_of(org), stored)
        } else {
            Some(stored.to_owned()).filter(|t| !t.is_empty())
        }
    }

    pub(crate) async fn authorize_billing(&self, actor: &Actor, org: OrgId, action: Action) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, action, Resource::Organization(&facts))
    }

    /// Resolves the card of a request: a saved method of the organization or a gateway token.
    async fn choose_card(&self, org: OrgId, req: &PayRequest) -> AppResult<CardChoice> {
        match (&req.card_token, req.payment_method_id) {
            (Some(_), Some(_)) => Err(AppError::field(
                "payment_method_id",
                "either_card_token_or_payment_method",
            )),
            (None, None) => Err(AppError::field("card_token", "required")),
            (None, Some(id)) => {
                let mut c = self.read().await?;
                let m = repo::find_method(&mut c, org.0, id)
                    .await?
                    .ok_or_else(|| AppError::field("payment_method_id", "unknown"))?;
                if (m.kind == "twint") != (req.means == "twint") {
                    return Err(AppError::field("payment_method_id", "other_means"));
                }
                let token = self
                    .method_token(org, &m.gateway_token)
                    .ok_or_else(|| AppError::field("payment_method_id", "unknown"))?;
                Ok(CardChoice {
                    card: CardInfo {
                        token,
                        brand: m.brand,
                        last4: m.last4,
                        exp_month: m.exp_month,
                        exp_year: m.exp_year,
                    },
                    method_id: Some(m.id),
                })
            }
            (Some(token), None) => {
                let card = self
                    .gateway
                    .card(&customer_of(org), token)
                    .await?
                    .ok_or_else(|| AppError::field("card_token", "unknown"))?;
                Ok(CardChoice {
                    card,
                    method_id: None,
                })
            }
        }
    }

    /// A known means (BIL-4); a saved TWINT profile is charged like a card, a card token
    /// never pays by TWINT.
    fn check_means(req: &PayRequest) -> AppResult<()> {
        if !MEANS.contains(&req.means.as_str()) {
            return Err(AppError::field("means", "unknown_means"));
        }
        if req.means == "twint" && req.card_token.is_some() {
            return Err(AppError::field("card_token", "not_with_twint"));
        }
        Ok(())
    }

    /// What every payment request shares: the billing right, then `run` once per idempotency
    /// key, a repeated key answering the first payment (BIL-10).
    pub(crate) async fn payment_once(
        &self,
        actor: &Actor,
        org: OrgId,
        idem: Option<&Idem>,
        run: impl AsyncFnOnce(Option<&Idem>) -> AppResult<PaymentRow>,
    ) -> AppResult<PaymentRow> {
        self.authorize_billing(actor, org, Action::BillingPay).await?;
        self.once(
            actor,
            org,
            idem,
            "payment",
            async |id| self.payment(org, id).await,
            run,
        )
        .await
    }

    /// BIL-4..BIL-10: pays a pending order.
    pub async fn pay_order(
        &self,
        actor: &Actor,
        org: OrgId,
        order_id: i64,
        req: &PayRequest,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        self.payment_once(actor, org, idem, async |held| {
            self.pay_pending_order(actor, org, order_id, req, held).await
        })
        .await
    }

    /// Pays a pending order under a key the caller holds already.
    pub(crate) async fn pay_pending_order(
        &self,
        actor: &Actor,
        org: OrgId,
        order_id: i64,
        req: &PayRequest,
        held: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        Self::check_means(req)?;
        let order = self.load_order(org, order_id).await?;
        if order.row.status != OrderStatus::Pending {
            return Err(AppError::new(ErrorCode::OrderNotPending));
        }
        self.pay(actor, org, &Payable::Order(&order), req, held).await
    }

    /// DUN-3: pays an open invoice (a renewal billed under warranty); the products it bills
    /// that reminders suspended are active again at once.
    pub async fn pay_invoice(
        &self,
        actor: &Actor,
        org: OrgId,
        invoice_id: i64,
        req: &PayRequest,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        self.payment_once(actor, org, idem, async |held| {
            Self::check_means(req)?;
            let mut c = self.read().await?;
            let invoice = invoice_repo::find_invoice(&mut c, org.0, invoice_id)
                .await?
                .ok_or_else(AppError::not_found)?;
            drop(c);
            if invoice.status != InvoiceStatus::Open {
                return Err(AppError::new(ErrorCode::InvoiceNotOpen));
            }
            self.pay(actor, org, &Payable::Invoice(&invoice), req, held).await
        })
        .await
    }

    /// Charges what `payable` costs (prepaid part first, the rest by the chosen means) and
    /// settles it.
    pub(crate) async fn pay(
        &self,
        actor: &Actor,
        org: OrgId,
        payable: &Payable<'_>,
        req: &PayRequest,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        let (total, currency) = payable.amount();
        let prepaid_part = prepaid_part(req, total)?;
        if is_deferred(req) {
            if prepaid_part > 0 {
                return Err(AppError::field("prepaid_amount", "not_with_this_means"));
            }
            return self.start_deferred(actor, org, payable, req, idem).await;
        }
        let rest = total - prepaid_part;
        let mut c = self.read().await?;
        if prepaid::balance(&mut c, org.0).await? < prepaid_part {
            return Err(AppError::new(ErrorCode::InsufficientPrepaidBalance));
        }
        drop(c);
        let card = if rest > 0 {
            Some(self.choose_card(org, req).await?)
        } else {
            None
        };
        let now = self.now();
        let means = if rest > 0 { req.means.as_str() } else { "prepaid" };
        let mut payment = payable.draft(org, means, actor.user_id().map(|u| u.0), now.unix_timestamp());
        payment.prepaid_minor = prepaid_part;
        payment.means_minor = rest;
        if let Some(c) = &card {
            payment.payment_method_id = c.method_id;
            payment.card_brand.clone_from(&c.card.brand);
            payment.card_last4.clone_from(&c.card.last4);
            match self
                .gateway
                .charge(&customer_of(org), &c.card.token, rest, currency, now)
                .await?
            {
                Charge::Succeeded { id } => payment.gateway_charge = id,
                Charge::Failed { code } => {
                    payment.status = PaymentStatus::Failed;
                    payment.failure_code = code.to_owned();
                    return self.record_failed(actor, org, payment, idem).await;
                }
            }
        }
        let auto_renew = req.auto_renew.unwrap_or(card.is_some());
        let save = req.save && card.as_ref().is_some_and(|c| c.method_id.is_none());
        let saved = card.as_ref().filter(|_| save).map(|c| &c.card);
        let result = self
            .settle_payable(actor, org, payable, payment.clone(), saved, auto_renew, idem)
            .await;
        match result {
            Ok(p) => Ok(p),
            Err(e) => self.undo_charge(actor, org, &payment, idem, e).await,
        }
    }

    /// Settles what `payment` paid, in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn settle_payable(
        &self,
        actor: &Actor,
        org: OrgId,
        payable: &Payable<'_>,
        payment: PaymentRow,
        saved: Option<&CardInfo>,
        auto_renew: bool,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        match payable {
            Payable::Order(order) => {
                self.settle_order(actor, org, order, payment, saved, auto_renew, idem)
                    .await
            }
            Payable::Invoice(invoice) => {
                self.settle_invoice(actor, org, invoice, payment, saved, idem)
                    .await
            }
            Payable::TopUp(..) => self.settle_top_up(actor, org, payment, saved, idem).await,
        }
    }

    /// A refused card: the payment is kept as failed; the order, the balance and the products
    /// stay as they were.
    async fn record_failed(
        &self,
        actor: &Actor,
        org: OrgId,
        payment: PaymentRow,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        let now = payment.created_at;
        let mut change = self.change(actor, now).await?;
        let id = repo::insert_payment(&mut change.tx, &payment).await?;
        change
            .record(
                Entry::new(AuditAction::PaymentFail, "payment", Some(id))
                    .org(org.0)
                    .details(format!(
                        "{} {} {}",
                        payment.means,
                        format_minor(payment.means_minor),
                        payment.failure_code
                    )),
            )
            .await?;
        change
            .emit(
                Event::PaymentFailed,
                Some(org.0),
                json!({"payment_id": id, "order_id": payment.order_id, "code": payment.failure_code}),
            )
            .await?;
        if let Some(k) = idem {
            self.remember(&mut change.tx, actor, org, k, "payment", id)
                .await?;
        }
        change.commit().await?;
        self.payment(org, id).await
    }

    /// A payment of the organization.
    pub async fn payment(&self, org: OrgId, id: i64) -> AppResult<PaymentRow> {
        let mut c = self.read().await?;
        repo::find_payment(&mut c, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)
    }

    /// The settling transaction failed, so nothing was committed: the card charge is given
    /// back. When it failed because a request with the same idempotency key committed first,
    /// that request's result is the answer (BIL-10).
    pub(crate) async fn undo_charge(
        &self,
        actor: &Actor,
        org: OrgId,
        payment: &PaymentRow,
        idem: Option<&Idem>,
        error: AppError,
    ) -> AppResult<PaymentRow> {
        if !payment.gateway_charge.is_empty() {
            self.gateway.refund(&payment.gateway_charge, self.now()).await?;
        }
        if error.code() == ErrorCode::IdempotencyKeyReused
            && let Some(id) = self.replay(actor, org, idem, "payment").await?
        {
            return self.payment(org, id).await;
        }
        Err(error)
    }

    /// The order with its payments (console pay page).
    pub async fn order_payments(&self, actor: &Actor, org: OrgId, order: i64) -> AppResult<Vec<PaymentRow>> {
        self.authorize_billing(actor, org, Action::BillingRead).await?;
        let mut c = self.read().await?;
        load(&mut c, org, order).await?;
        Ok(repo::list_payments_of_order(&mut c, order).await?)
    }
}

/// BIL-6: the prepaid part of a payment leaves the ledger; the balance never goes negative.
pub(super) async fn debit_prepaid(
    tx: &mut Conn,
    payment: &PaymentRow,
    id: i64,
    description: &str,
) -> AppResult<()> {
    if payment.prepaid_minor > 0
        && !prepaid::post(
            tx,
            payment.organization_id,
            &payment.currency,
            "payment",
            -payment.prepaid_minor,
            Some(id),
            description,
            payment.created_at,
        )
        .await?
    {
        return Err(AppError::new(ErrorCode::InsufficientPrepaidBalance));
    }
    Ok(())
}

/// Writes a succeeded payment: a new row, or the pending one it completes (a redirect approved,
/// an announced transfer received); other pending payments of the same order or invoice are
/// cancelled, since this one paid it.
pub(crate) async fn store_payment(tx: &mut Conn, payment: &PaymentRow) -> AppResult<i64> {
    let id = if payment.id == 0 {
        repo::insert_payment(tx, payment).await?
    } else if repo::complete_pending(tx, payment).await? {
        payment.id
    } else {
        return Err(AppError::new(ErrorCode::OrderNotPending));
    };
    repo::cancel_pending(tx, payment.order_id, payment.invoice_id, id).await?;
    Ok(id)
}

/// BIL-4: keeps a card (token, brand, last 4, expiry) for the organization, audited.
pub(super) async fn save_card(
    tx: &mut Conn,
    sealer: &Sealer,
    actor: &Actor,
    org: OrgId,
    card: &CardInfo,
    now: i64,
) -> AppResult<i64> {
    let kind = if card.brand == crate::billing::payments::gateway::TWINT_BRAND {
        "twint"
    } else {
        "card"
    };
    // SEC-6: the token is kept sealed for this organization; copied to another row, it does
    // not open.
    let sealed = sealer.seal(&customer_of(org), &card.token);
    let id = repo::insert_method(
        tx,
        org.0,
        kind,
        &sealed,
        &card.brand,
        &card.last4,
        card.exp_month,
        card.exp_year,
        actor.user_id().map(|u| u.0),
        now,
    )
    .await?;
    record(
        tx,
        actor,
        now,
        Entry::new(AuditAction::PaymentMethodAdd, "payment_method", Some(id))
            .org(org.0)
            .details(format!("{} •••• {}", card.brand, card.last4)),
    )
    .await?;
    Ok(id)
}
