//! Paying (BIL-4, BIL-6, BIL-8, BIL-10): an order is paid from the prepaid account, by card
//! through the gateway, or both (prepaid part first, the rest by card). A succeeded payment
//! closes the order, activates its products (PRD-3), issues the invoice (BIL-1) and writes the
//! ledger, audit, events and e-mails in one transaction. A refused card changes nothing but
//! leaves a failed payment on record. Top-ups credit the prepaid account by card.

pub mod gateway;
pub mod redirects;

use kontor_domain::money::format_minor;
use kontor_domain::pricing::add_months;
use kontor_domain::products::{SUITE_CONTENTS, server_prefix_from};
use kontor_domain::{
    AuditAction, Event, InvoiceStatus, OrderStatus, OrgId, PaymentStatus, ProductStatus, SuspendReason,
};
use kontor_store::billing::invoices::{self as invoice_repo, InvoiceRow};
use kontor_store::billing::orders::{self as order_repo, ItemRow};
use kontor_store::billing::payments::{self as repo, MethodRow, PaymentRow};
use kontor_store::billing::prepaid::{self, EntryRow};
use kontor_store::products::{self, NewProduct};
use kontor_store::{Conn, at};
use rand::RngCore;
use serde_json::json;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::billing::idempotency::Idem;
use crate::billing::orders::{Order, load};
use crate::billing::payments::gateway::{CardInfo, Charge};
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::{AppError, AppResult, ErrorCode};
use crate::products::lifecycle::{Change, Transition, transition};
use crate::webhooks::Events;

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
}

impl Payable<'_> {
    pub(crate) fn amount(&self) -> (i64, &str) {
        match self {
            Payable::Order(o) => (o.row.total_minor, &o.row.currency),
            Payable::Invoice(i) => (i.total_minor, &i.currency),
        }
    }

    fn purpose(&self) -> &'static str {
        match self {
            Payable::Order(_) => "order",
            Payable::Invoice(_) => "invoice",
        }
    }

    pub(crate) fn order_id(&self) -> Option<i64> {
        match self {
            Payable::Order(o) => Some(o.row.id),
            Payable::Invoice(i) => i.order_id,
        }
    }

    pub(crate) fn invoice_id(&self) -> Option<i64> {
        match self {
            Payable::Order(_) => None,
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
}

/// PRD-9: a suite's mail service, drive and chat, created and activated with it.
async fn activate_suite_contents(
    tx: &mut Conn,
    events: &mut Events,
    actor: &Actor,
    item: &ItemRow,
    pid: i64,
    expires: i64,
    now: i64,
) -> AppResult<()> {
    let Some(suite) = products::find_product(tx, pid).await? else {
        return Ok(());
    };
    let item_org = suite.organization_id;
    for ty in SUITE_CONTENTS {
        let name = format!("{}-{}", item.name, ty.split('_').next().unwrap_or(ty));
        let child = NewProduct {
            organization_id: item_org,
            product_type: ty,
            name: &name,
            status: ProductStatus::Pending,
            plan_code: &item.plan_code,
            period_months: item.period_months,
            parent_id: Some(pid),
            seats: 0,
            storage_code: "",
            order_id: Some(item.order_id),
        };
        let cid = products::insert(tx, &child, now)
            .await
            .map_err(|e| AppError::unique_as(e, "products", ErrorCode::ProductNameTaken))?;
        let Some(c) = products::find_product(tx, cid).await? else {
            continue;
        };
        let activate = Change::Activate {
            expires_at: expires,
            auto_renew: false,
            server_prefix: None,
        };
        let t = Transition {
            actor,
            now,
            details: format!("expires_at={expires} suite={pid}"),
            data: json!({"type": ty, "name": name, "suite_id": pid, "expires_at": expires}),
        };
        transition(tx, events, &c, activate, t).await?;
    }
    Ok(())
}

/// PRD-9: a paid upgrade gives the suite its new plan, seats and storage.
async fn apply_upgrade(
    tx: &mut Conn,
    events: &mut Events,
    actor: &Actor,
    org: OrgId,
    item: &ItemRow,
    pid: i64,
    now: i64,
) -> AppResult<()> {
    products::set_suite(tx, pid, &item.plan_code, item.seats, &item.storage_code, now).await?;
    record(
        tx,
        actor,
        now,
        Entry::new(AuditAction::ProductUpgrade, "product", Some(pid))
            .org(org.0)
            .details(format!(
                "plan={} seats={} storage={}",
                item.plan_code, item.seats, item.storage_code
            )),
    )
    .await?;
    events.emit(tx, Event::ProductUpgraded, Some(org.0), json!({"product_id": pid, "plan": item.plan_code, "seats": item.seats, "storage": item.storage_code}), now).await?;
    Ok(())
}

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
                Ok(CardChoice {
                    card: CardInfo {
                        token: m.gateway_token,
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
                    .card(token)
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

    /// What every payment of an order or invoice checks first: the billing right, the first
    /// result of a repeated idempotency key (answered as is), a known means.
    async fn begin_payment(
        &self,
        actor: &Actor,
        org: OrgId,
        req: &PayRequest,
        idem: Option<&Idem>,
    ) -> AppResult<Option<PaymentRow>> {
        self.authorize_billing(actor, org, Action::BillingPay).await?;
        if let Some(id) = self.replay(actor, org, idem, "payment").await? {
            return Ok(Some(self.payment(org, id).await?));
        }
        Self::check_means(req)?;
        Ok(None)
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
        if let Some(first) = self.begin_payment(actor, org, req, idem).await? {
            return Ok(first);
        }
        let order = self.load_order(org, order_id).await?;
        if order.row.status != OrderStatus::Pending {
            return Err(AppError::new(ErrorCode::OrderNotPending));
        }
        self.pay(actor, org, &Payable::Order(&order), req, idem).await
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
        if let Some(first) = self.begin_payment(actor, org, req, idem).await? {
            return Ok(first);
        }
        let mut c = self.read().await?;
        let invoice = invoice_repo::find_invoice(&mut c, org.0, invoice_id)
            .await?
            .ok_or_else(AppError::not_found)?;
        drop(c);
        if invoice.status != InvoiceStatus::Open {
            return Err(AppError::new(ErrorCode::InvoiceNotOpen));
        }
        self.pay(actor, org, &Payable::Invoice(&invoice), req, idem).await
    }

    /// Charges what `payable` costs (prepaid part first, the rest by the chosen means) and
    /// settles it.
    async fn pay(
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
            match self.gateway.charge(&c.card.token, rest, currency, now).await? {
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
        let result = match payable {
            Payable::Order(order) => {
                self.settle_order(actor, org, order, payment.clone(), saved, auto_renew, idem)
                    .await
            }
            Payable::Invoice(invoice) => {
                self.settle_invoice(actor, org, invoice, payment.clone(), saved, idem)
                    .await
            }
        };
        match result {
            Ok(p) => Ok(p),
            Err(e) => self.undo_charge(actor, org, &payment, idem, e).await,
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
            self.remember(&mut change.tx, actor, org, k, "payment", id, now)
                .await?;
        }
        change.commit().await?;
        self.payment(org, id).await
    }

    /// The transaction of a succeeded payment.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn settle_order(
        &self,
        actor: &Actor,
        org: OrgId,
        order: &Order,
        mut payment: PaymentRow,
        save: Option<&CardInfo>,
        auto_renew: bool,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        let now = payment.created_at;
        let mut change = self.change(actor, now).await?;
        let mut events = Events::load(&mut change.tx).await?;
        if !order_repo::close_pending(&mut change.tx, order.row.id, OrderStatus::Paid, now).await? {
            return Err(AppError::new(ErrorCode::OrderNotPending));
        }
        if let Some(card) = save {
            payment.payment_method_id = Some(save_card(&mut change.tx, actor, org, card, now).await?);
        }
        let id = store_payment(&mut change.tx, &payment).await?;
        debit_prepaid(&mut change.tx, &payment, id, &format!("order {}", order.row.id)).await?;
        let org_row = self.org_row(&mut change.tx, org).await?;
        let invoice = self
            .issue_invoice(&mut change.tx, &org_row, order, true, now)
            .await?;
        repo::set_invoice(&mut change.tx, id, invoice.id).await?;
        self.activate_items(
            &mut change.tx,
            actor,
            org,
            &order.items,
            auto_renew,
            now,
            &mut events,
        )
        .await?;
        change
            .record(
                Entry::new(AuditAction::PaymentCreate, "payment", Some(id))
                    .org(org.0)
                    .details(format!(
                        "order={} total={} prepaid={} {}={} invoice={}",
                        order.row.id,
                        format_minor(payment.amount_minor),
                        format_minor(payment.prepaid_minor),
                        payment.means,
                        format_minor(payment.means_minor),
                        invoice.number
                    )),
            )
            .await?;
        events
            .emit(&mut change.tx, Event::PaymentSucceeded, Some(org.0), json!({"payment_id": id, "order_id": order.row.id, "amount": format_minor(payment.amount_minor), "currency": payment.currency}), now)
            .await?;
        events
            .emit(&mut change.tx, Event::InvoiceIssued, Some(org.0), json!({"invoice_id": invoice.id, "number": invoice.number, "total": format_minor(invoice.total_minor), "currency": invoice.currency}), now)
            .await?;
        if let Some(k) = idem {
            self.remember(&mut change.tx, actor, org, k, "payment", id, now)
                .await?;
        }
        let wrote_mail = self.mail_invoice(&mut change.tx, org, &invoice, now).await?;
        change.mailed(wrote_mail);
        change.commit().await?;
        self.payment(org, id).await
    }

    /// The transaction of a succeeded payment of an open invoice (DUN-3): the invoice is paid,
    /// its reminder schedule stops, the products it bills that reminders suspended are active
    /// again.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn settle_invoice(
        &self,
        actor: &Actor,
        org: OrgId,
        invoice: &InvoiceRow,
        mut payment: PaymentRow,
        save: Option<&CardInfo>,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        let now = payment.created_at;
        let mut change = self.change(actor, now).await?;
        let mut events = Events::load(&mut change.tx).await?;
        if !invoice_repo::mark_paid(&mut change.tx, invoice.id, now).await? {
            return Err(AppError::new(ErrorCode::InvoiceNotOpen));
        }
        if let Some(card) = save {
            payment.payment_method_id = Some(save_card(&mut change.tx, actor, org, card, now).await?);
        }
        let id = store_payment(&mut change.tx, &payment).await?;
        debit_prepaid(
            &mut change.tx,
            &payment,
            id,
            &format!("invoice {}", invoice.number),
        )
        .await?;
        self.reactivate_billed(&mut change.tx, actor, org, invoice.id, now, &mut events)
            .await?;
        change
            .record(
                Entry::new(AuditAction::PaymentCreate, "payment", Some(id))
                    .org(org.0)
                    .details(format!(
                        "invoice={} total={} prepaid={} {}={}",
                        invoice.number,
                        format_minor(payment.amount_minor),
                        format_minor(payment.prepaid_minor),
                        payment.means,
                        format_minor(payment.means_minor)
                    )),
            )
            .await?;
        events
            .emit(&mut change.tx, Event::PaymentSucceeded, Some(org.0), json!({"payment_id": id, "invoice_id": invoice.id, "amount": format_minor(payment.amount_minor), "currency": payment.currency}), now)
            .await?;
        events
            .emit(
                &mut change.tx,
                Event::InvoicePaid,
                Some(org.0),
                json!({"invoice_id": invoice.id, "number": invoice.number}),
                now,
            )
            .await?;
        if let Some(k) = idem {
            self.remember(&mut change.tx, actor, org, k, "payment", id, now)
                .await?;
        }
        change.commit().await?;
        self.payment(org, id).await
    }

    /// DUN-3: the products an invoice bills that reminders suspended are active again.
    pub(crate) async fn reactivate_billed(
        &self,
        tx: &mut Conn,
        actor: &Actor,
        org: OrgId,
        invoice: i64,
        now: i64,
        events: &mut Events,
    ) -> AppResult<()> {
        for pid in invoice_repo::product_ids(tx, invoice).await? {
            // A product moved to another organization since is that organization's business.
            let Some(p) = products::find_product(tx, pid)
                .await?
                .filter(|p| p.organization_id == org.0)
            else {
                continue;
            };
            let t = Transition {
                actor,
                now,
                details: format!("invoice paid: {invoice}"),
                data: json!({"invoice_id": invoice}),
            };
            transition(tx, events, &p, Change::Reactivate(SuspendReason::Dunning), t).await?;
        }
        Ok(())
    }

    /// PRD-3: new products become active for their period from now (a suite with its mail,
    /// drive and chat); upgrades take their new plan, seats and storage (PRD-9).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn activate_items(
        &self,
        tx: &mut Conn,
        actor: &Actor,
        org: OrgId,
        items: &[ItemRow],
        auto_renew: bool,
        now: i64,
        events: &mut Events,
    ) -> AppResult<()> {
        for item in items {
            let Some(pid) = item.product_id else { continue };
            if item.kind == "upgrade" {
                apply_upgrade(tx, events, actor, org, item, pid, now).await?;
                continue;
            }
            if item.kind == "renewal" {
                self.renew_item(tx, actor, org, item, now, events).await?;
                continue;
            }
            let expires = add_months(at(now), item.period_months as u32).unix_timestamp();
            let prefix = (item.product_type == "web_hosting").then(|| {
                let mut b = [0u8; 4];
                rand::rng().fill_bytes(&mut b);
                server_prefix_from(b)
            });
            let Some(p) = products::find_product(tx, pid).await? else {
                continue;
            };
            let activate = Change::Activate {
                expires_at: expires,
                auto_renew,
                server_prefix: prefix.as_deref(),
            };
            let t = Transition {
                actor,
                now,
                details: format!("expires_at={expires}"),
                data: json!({"type": item.product_type, "name": item.name, "plan": item.plan_code, "expires_at": expires}),
            };
            transition(tx, events, &p, activate, t).await?;
            if item.product_type == "workspace_suite" {
                activate_suite_contents(tx, events, actor, item, pid, expires, now).await?;
            }
        }
        Ok(())
    }

    /// Staff record a bank transfer by hand (until statements are imported, REC): the open
    /// invoice or the pending order (pro-forma, BIL-2) carrying `reference` is paid when the
    /// amount and currency are exactly what it asks; anything else changes nothing.
    pub async fn record_transfer(
        &self,
        reference: &str,
        amount: i64,
        currency: Option<&str>,
    ) -> AppResult<PaymentRow> {
        let reference: String = reference
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let mut c = self.read().await?;
        let invoice = invoice_repo::find_by_reference(&mut c, &reference).await?;
        let order = match &invoice {
            Some(_) => None,
            None => order_repo::find_by_reference(&mut c, &reference).await?,
        };
        drop(c);
        let system = Actor::system();
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
        match payable {
            Payable::Order(o) => {
                self.settle_order(&system, org, o, payment, None, false, None)
                    .await
            }
            Payable::Invoice(i) => self.settle_invoice(&system, org, i, payment, None, None).await,
        }
    }

    /// A payment of the organization.
    pub async fn payment(&self, org: OrgId, id: i64) -> AppResult<PaymentRow> {
        let mut c = self.read().await?;
        repo::find_payment(&mut c, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)
    }

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
        self.authorize_billing(actor, org, Action::BillingPay).await?;
        if let Some(id) = self.replay(actor, org, idem, "payment").await? {
            return self.payment(org, id).await;
        }
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
            .charge(&card.card.token, amount, &currency, now)
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

    async fn settle_top_up(
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
            payment.payment_method_id = Some(save_card(&mut change.tx, actor, org, card, now).await?);
        }
        let id = repo::insert_payment(&mut change.tx, &payment).await?;
        prepaid::post(
            &mut change.tx,
            org.0,
            &payment.currency,
            "top_up",
            payment.amount_minor,
            Some(id),
            &format!("{} •••• {}", payment.card_brand, payment.card_last4),
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
            self.remember(&mut change.tx, actor, org, k, "payment", id, now)
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

    /// BIL-4: saved cards.
    pub async fn list_payment_methods(&self, actor: &Actor, org: OrgId) -> AppResult<Vec<MethodRow>> {
        self.authorize_billing(actor, org, Action::BillingRead).await?;
        let mut c = self.read().await?;
        Ok(repo::list_methods(&mut c, org.0).await?)
    }

    /// Saves a card tokenized by the gateway.
    pub async fn add_payment_method(
        &self,
        actor: &Actor,
        org: OrgId,
        card_token: &str,
    ) -> AppResult<MethodRow> {
        self.authorize_billing(actor, org, Action::BillingPay).await?;
        let card = self
            .gateway
            .card(card_token)
            .await?
            .ok_or_else(|| AppError::field("card_token", "unknown"))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let id = save_card(&mut change.tx, actor, org, &card, now).await?;
        let row = repo::find_method(&mut change.tx, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(row)
    }

    /// Forgets a saved card (its gateway token is erased).
    pub async fn delete_payment_method(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<()> {
        self.authorize_billing(actor, org, Action::BillingPay).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        if !repo::delete_method(&mut change.tx, org.0, id, now).await? {
            return Err(AppError::not_found());
        }
        change
            .record(Entry::new(AuditAction::PaymentMethodDelete, "payment_method", Some(id)).org(org.0))
            .await?;
        change.commit().await
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
async fn debit_prepaid(tx: &mut Conn, payment: &PaymentRow, id: i64, description: &str) -> AppResult<()> {
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
async fn store_payment(tx: &mut Conn, payment: &PaymentRow) -> AppResult<i64> {
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
async fn save_card(tx: &mut Conn, actor: &Actor, org: OrgId, card: &CardInfo, now: i64) -> AppResult<i64> {
    let kind = if card.brand == crate::billing::payments::gateway::TWINT_BRAND {
        "twint"
    } else {
        "card"
    };
    let id = repo::insert_method(
        tx,
        org.0,
        kind,
        &card.token,
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
