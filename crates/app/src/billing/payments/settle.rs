//! Settling a payment (BIL-1, BIL-4, PRD-3, DUN-3): one transaction closes the order or the
//! invoice, debits the prepaid part, stores the payment, issues the invoice and activates,
//! renews or upgrades the products it pays.

use kontor_domain::money::format_minor;
use kontor_domain::pricing::add_months;
use kontor_domain::products::{SUITE_CONTENTS, server_prefix_from};
use kontor_domain::{AuditAction, Event, OrderStatus, OrgId, ProductStatus, SuspendReason};
use kontor_store::billing::invoices::{self as invoice_repo, InvoiceRow};
use kontor_store::billing::orders::{self as order_repo, ItemRow};
use kontor_store::billing::payments::{self as repo, PaymentRow};
use kontor_store::products::{self, NewProduct};
use kontor_store::{Conn, at};
use rand::RngCore;
use serde_json::json;

use crate::App;
use crate::billing::idempotency::Idem;
use crate::billing::orders::Order;
use crate::billing::payments::gateway::CardInfo;
use crate::billing::payments::{debit_prepaid, save_card, store_payment};
use crate::change::Change as StateChange;
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::{AppError, AppResult, ErrorCode};
use crate::products::lifecycle::{Change, Transition, transition};
use crate::webhooks::Events;

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
            renewal_warranty: false,
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

impl App {
    /// The transaction of a succeeded payment.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn settle_order(
        &self,
        actor: &Actor,
        org: OrgId,
        order: &Order,
        payment: PaymentRow,
        save: Option<&CardInfo>,
        auto_renew: bool,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        let mut change = self.change(actor, payment.created_at).await?;
        let id = self
            .settle_order_in(&mut change, org, order, payment, save, auto_renew, idem)
            .await?;
        change.commit().await?;
        self.payment(org, id).await
    }

    /// [`App::settle_order`] inside a change that commits it (with others, for a statement's
    /// payments); answers the payment's id.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn settle_order_in(
        &self,
        change: &mut StateChange<'_>,
        org: OrgId,
        order: &Order,
        mut payment: PaymentRow,
        save: Option<&CardInfo>,
        auto_renew: bool,
        idem: Option<&Idem>,
    ) -> AppResult<i64> {
        let actor = change.actor;
        let now = payment.created_at;
        if !order_repo::close_pending(&mut change.tx, order.row.id, OrderStatus::Paid, now).await? {
            return Err(AppError::new(ErrorCode::OrderNotPending));
        }
        if let Some(card) = save {
            payment.payment_method_id =
                Some(save_card(&mut change.tx, &self.card_sealer(), actor, org, card, now).await?);
        }
        let id = store_payment(&mut change.tx, &payment).await?;
        debit_prepaid(&mut change.tx, &payment, id, &format!("order {}", order.row.id)).await?;
        let org_row = self.org_row(&mut change.tx, org).await?;
        let invoice = self
            .issue_invoice(&mut change.tx, &org_row, order, true, now)
            .await?;
        repo::set_invoice(&mut change.tx, id, invoice.id).await?;
        // PAR-7: what a partner pays for are its client's products.
        let owner = order.row.client_id.map_or(org, OrgId);
        let (tx, events) = change.parts();
        self.activate_items(tx, actor, owner, &order.items, auto_renew, now, events)
            .await?;
        self.credit_cashback(change, &order.row, &order.items, &invoice.number)
            .await?;
        self.credit_commission(change, &invoice, &order.items).await?;
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
        change
            .emit(Event::PaymentSucceeded, Some(org.0), json!({"payment_id": id, "order_id": order.row.id, "amount": format_minor(payment.amount_minor), "currency": payment.currency}))
            .await?;
        change
            .emit(Event::InvoiceIssued, Some(org.0), json!({"invoice_id": invoice.id, "number": invoice.number, "total": format_minor(invoice.total_minor), "currency": invoice.currency}))
            .await?;
        if let Some(k) = idem {
            self.remember(&mut change.tx, actor, org, k, "payment", id)
                .await?;
        }
        let wrote_mail = self.mail_invoice(&mut change.tx, org, &invoice, now).await?;
        change.mailed(wrote_mail);
        Ok(id)
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
        payment: PaymentRow,
        save: Option<&CardInfo>,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        let mut change = self.change(actor, payment.created_at).await?;
        let id = self
            .settle_invoice_in(&mut change, org, invoice, payment, save, idem)
            .await?;
        change.commit().await?;
        self.payment(org, id).await
    }

    /// [`App::settle_invoice`] inside a change that commits it; answers the payment's id.
    pub(crate) async fn settle_invoice_in(
        &self,
        change: &mut StateChange<'_>,
        org: OrgId,
        invoice: &InvoiceRow,
        mut payment: PaymentRow,
        save: Option<&CardInfo>,
        idem: Option<&Idem>,
    ) -> AppResult<i64> {
        let actor = change.actor;
        let now = payment.created_at;
        if !invoice_repo::mark_paid(&mut change.tx, invoice.id, now).await? {
            return Err(AppError::new(ErrorCode::InvoiceNotOpen));
        }
        if let Some(card) = save {
            payment.payment_method_id =
                Some(save_card(&mut change.tx, &self.card_sealer(), actor, org, card, now).await?);
        }
        let id = store_payment(&mut change.tx, &payment).await?;
        debit_prepaid(
            &mut change.tx,
            &payment,
            id,
            &format!("invoice {}", invoice.number),
        )
        .await?;
        let (tx, events) = change.parts();
        self.reactivate_billed(tx, actor, org, invoice.id, now, events)
            .await?;
        if let Some(order) = invoice.order_id {
            let order = crate::billing::orders::load(&mut change.tx, org, order).await?;
            self.credit_cashback(change, &order.row, &order.items, &invoice.number)
                .await?;
            self.credit_commission(change, invoice, &order.items).await?;
        }
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
        change
            .emit(Event::PaymentSucceeded, Some(org.0), json!({"payment_id": id, "invoice_id": invoice.id, "amount": format_minor(payment.amount_minor), "currency": payment.currency}))
            .await?;
        change
            .emit(
                Event::InvoicePaid,
                Some(org.0),
                json!({"invoice_id": invoice.id, "number": invoice.number}),
            )
            .await?;
        if let Some(k) = idem {
            self.remember(&mut change.tx, actor, org, k, "payment", id)
                .await?;
        }
        Ok(id)
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
        let client = order_repo::client_of_invoice(tx, invoice).await?;
        for pid in invoice_repo::product_ids(tx, invoice).await? {
            // A product moved to another organization since is that organization's business;
            // a partner pays for its client's (PAR-7).
            let Some(p) = products::find_product(tx, pid)
                .await?
                .filter(|p| p.organization_id == org.0 || Some(p.organization_id) == client)
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
                if auto_renew {
                    auto_renew_on(tx, events, actor, org, pid, now).await?;
                }
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
}

/// REN-4: a renewal paid with a means that can pay again unattended (a card, TWINT's profile)
/// switches the product's automatic renewal on, as paying a new order does; audited.
async fn auto_renew_on(
    tx: &mut Conn,
    events: &mut Events,
    actor: &Actor,
    org: OrgId,
    pid: i64,
    now: i64,
) -> AppResult<()> {
    let Some(p) = products::find_product(tx, pid).await? else {
        return Ok(());
    };
    if p.auto_renew || p.status != ProductStatus::Active || p.parent_id.is_some() {
        return Ok(());
    }
    products::update_settings(tx, pid, &p.name, true, p.renewal_warranty, now).await?;
    record(
        tx,
        actor,
        now,
        Entry::new(AuditAction::ProductUpdate, "product", Some(pid))
            .org(org.0)
            .details("auto_renew=true (REN-4: renewal paid by card)"),
    )
    .await?;
    let data = json!({"product_id": pid, "name": p.name, "auto_renew": true, "renewal_warranty": p.renewal_warranty});
    events
        .emit(tx, Event::ProductUpdated, Some(org.0), data, now)
        .await?;
    Ok(())
}
