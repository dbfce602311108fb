//! Orders (PRD-2): created pending and priced by PRC from the catalogue in force, paid later or
//! cancelled. Creating an order reserves the products' names (pending products, PRD-7).

use std::collections::HashMap;

use kontor_domain::pricing::{Family, ItemToPrice, price_items, vat_amount, vat_for};
use kontor_domain::products::{PERIODS, normalize_name};
use kontor_domain::references::{creditor_reference, qr_reference};
use kontor_domain::{AuditAction, Event, OrderStatus, OrgId, ProductStatus};
use kontor_store::Conn;
use kontor_store::billing::orders::{self as repo, ItemRow, OrderRow};
use kontor_store::orgs::{self, OrgRow};
use kontor_store::products::{self, NewProduct};
use serde_json::json;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::billing::idempotency::Idem;
use crate::billing::terms::{OrderedBy, Terms, ordered_by};
use crate::catalog::Catalog;
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::webhooks::Events;

/// Most items in one order.
pub const MAX_ITEMS: usize = 1000;

/// One line a customer asks for.
#[derive(Debug, Clone, Default)]
pub struct ItemRequest {
    pub plan: String,
    pub period_months: i64,
    pub name: String,
    /// Workspace suites: number of seats (default 1) and storage tier code (default the
    /// smallest).
    pub seats: Option<i64>,
    pub storage: Option<String>,
    /// REN-5: the renewal warranty, chosen at order time (not for NAS products).
    pub renewal_warranty: bool,
}

/// An order with its items.
#[derive(Debug, Clone)]
pub struct Order {
    pub row: OrderRow,
    pub items: Vec<ItemRow>,
}

/// An order priced but not created.
#[derive(Debug, Clone)]
pub struct Quote {
    pub currency: String,
    pub items: Vec<ItemRow>,
    pub subtotal: i64,
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    pub reverse_charge: bool,
    pub total: i64,
}

/// Where an order comes from and whom its invoice is made out to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrderSpec<'a> {
    pub billing_address_id: Option<i64>,
    /// `customer`, `auto_renewal` or `warranty`.
    pub origin: &'a str,
}

/// An item priced, before it is stored.
#[derive(Debug, Clone)]
pub(crate) struct PricedItem {
    pub row: ItemRow,
    /// REN-5: the new product starts with the renewal warranty on.
    pub renewal_warranty: bool,
}

/// The payment reference of an order (BIL-9): a QR reference for CHF, a creditor reference
/// for EUR; both built from the order id, so never reused.
pub fn reference_for(order_id: i64, currency: &str) -> String {
    if currency == "CHF" {
        qr_reference(order_id as u64)
    } else {
        creditor_reference(&format!("{order_id:010}")).unwrap_or_default()
    }
}

/// PRC-4 for an organization.
pub(crate) fn vat_of(org: &OrgRow, rates: &kontor_domain::pricing::VatRates) -> kontor_domain::pricing::Vat {
    let company_vat =
        org.kind == "company" && org.vat_number.as_deref().is_some_and(|v| !v.trim().is_empty());
    vat_for(&org.country, company_vat, rates)
}

/// PRD-1, PRD-7, PRD-9: one new item's plan, period, name and suite options at list price, or
/// its first problem as (field, code).
fn check_item(
    cat: &Catalog,
    currency: &str,
    i: usize,
    it: &ItemRequest,
) -> Result<(ItemToPrice, ItemRow), (String, String)> {
    let problem = |field: &str, code: &str| (field.to_owned(), code.to_owned());
    let Some(plan) = cat.plan(&it.plan).filter(|p| p.plan.kind == "plan") else {
        return Err(problem("plan", "unknown_plan"));
    };
    let ty = plan.plan.product_type.clone();
    if !PERIODS.contains(&(it.period_months as u32)) {
        return Err(problem("period_months", "invalid_period"));
    }
    let Some(mut list) = plan.price(it.period_months, currency) else {
        return Err(problem("period_months", "not_offered"));
    };
    let Some(name) = normalize_name(&ty, &it.name) else {
        return Err(problem("name", "invalid"));
    };
    let (mut seats, mut storage) = (0, String::new());
    if ty == "workspace_suite" {
        seats = it.seats.unwrap_or(1);
        if !(1..=10_000).contains(&seats) {
            return Err(problem("seats", "out_of_range"));
        }
        (list, storage) = cat
            .suite_price(plan, it.period_months, currency, seats, it.storage.as_deref())
            .map_err(|(field, code)| problem(field, code))?;
    } else if it.seats.is_some() || it.storage.is_some() {
        return Err(problem("options", "not_applicable"));
    }
    let price = ItemToPrice {
        list,
        family: Family::of(&ty),
    };
    let line = ItemRow {
        id: 0,
        order_id: 0,
        position: i as i64,
        kind: "new".to_owned(),
        product_id: None,
        product_type: ty,
        plan_code: plan.plan.code.clone(),
        name,
        period_months: it.period_months,
        seats,
        storage_code: storage,
        list_minor: list,
        partner_bp: 0,
        degressive_bp: 0,
        unit_minor: list,
        amount_minor: list,
        days_left: 0,
        period_days: 0,
        cashback_minor: 0,
    };
    Ok((price, line))
}

/// PRD-2, PRD-7: the pending product of a new order item (its name is reserved from now on).
#[allow(clippy::too_many_arguments)]
async fn insert_pending(
    tx: &mut Conn,
    org: OrgId,
    order: i64,
    i: usize,
    row: &ItemRow,
    renewal_warranty: bool,
    now: i64,
    events: &mut Events,
) -> AppResult<i64> {
    let product = NewProduct {
        renewal_warranty,
        organization_id: org.0,
        product_type: &row.product_type,
        name: &row.name,
        status: ProductStatus::Pending,
        plan_code: &row.plan_code,
        period_months: row.period_months,
        parent_id: None,
        seats: row.seats,
        storage_code: &row.storage_code,
        order_id: Some(order),
    };
    let pid = products::insert(tx, &product, now).await.map_err(|e| {
        if e.is_unique("products") || e.is_unique("name") {
            AppError::invalid(vec![FieldError {
                field: format!("items[{i}].name"),
                code: ErrorCode::ProductNameTaken.as_str().to_owned(),
            }])
        } else {
            e.into()
        }
    })?;
    events
        .emit(
            tx,
            Event::ProductCreated,
            Some(org.0),
            json!({"product_id": pid, "type": row.product_type, "name": row.name, "status": ProductStatus::Pending.as_str()}),
            now,
        )
        .await?;
    Ok(pid)
}

impl App {
    /// Prices `items` against the catalogue (PRC-2, PRD-9) under `terms`: in the payer's
    /// currency, with its partner discount (PRC-3) and the partner's cashback (PAR-8), the
    /// degressive tier counting what the client holds. Validation errors name the item
    /// (`items[3].plan`).
    pub(crate) fn price_order(
        &self,
        cat: &Catalog,
        terms: &Terms,
        held: &HashMap<Family, u32>,
        items: &[ItemRequest],
    ) -> AppResult<Vec<PricedItem>> {
        let mut errors = Vec::new();
        let mut fail = |i: usize, field: &str, code: &str| {
            errors.push(FieldError {
                field: format!("items[{i}].{field}"),
                code: code.to_owned(),
            });
        };
        if items.is_empty() || items.len() > MAX_ITEMS {
            return Err(AppError::field(
                "items",
                if items.is_empty() { "required" } else { "too_many" },
            ));
        }
        let mut lines = Vec::with_capacity(items.len());
        let mut to_price = Vec::with_capacity(items.len());
        let mut names: HashMap<(String, String), usize> = HashMap::new();
        for (i, it) in items.iter().enumerate() {
            match check_item(cat, &terms.payer.currency, i, it) {
                Ok((price, line)) => {
                    if it.renewal_warranty && line.product_type == "nas" {
                        fail(i, "renewal_warranty", "not_available_for_nas");
                    }
                    if names
                        .insert((line.product_type.clone(), line.name.clone()), i)
                        .is_some()
                    {
                        fail(i, "name", "duplicate");
                    }
                    to_price.push(price);
                    lines.push(line);
                }
                Err((field, code)) => fail(i, &field, &code),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::invalid(errors));
        }
        let prices = price_items(&to_price, held, terms.discount, &self.settings.degressive_tiers);
        Ok(lines
            .into_iter()
            .zip(prices)
            .zip(items)
            .map(|((mut row, p), it)| {
                row.partner_bp = p.partner.0;
                row.degressive_bp = p.degressive.0;
                row.unit_minor = p.unit;
                row.amount_minor = p.unit;
                row.cashback_minor = terms.cashback_of(cat, &row);
                PricedItem {
                    row,
                    renewal_warranty: it.renewal_warranty,
                }
            })
            .collect())
    }

    async fn authorize_orders_read(&self, actor: &Actor, org: OrgId) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        // Those who order (products.manage) and those who pay (billing.read) see orders.
        authorize(actor, Action::ProductsManage, Resource::Organization(&facts))
            .or_else(|_| authorize(actor, Action::BillingRead, Resource::Organization(&facts)))
    }

    pub(crate) async fn org_row(&self, c: &mut Conn, org: OrgId) -> AppResult<OrgRow> {
        orgs::find_org(c, org.0).await?.ok_or_else(AppError::not_found)
    }

    pub(crate) async fn held_by_family(&self, c: &mut Conn, org: OrgId) -> AppResult<HashMap<Family, u32>> {
        let mut held = HashMap::new();
        for (ty, n) in products::count_held_by_type(c, org.0).await? {
            if let Some(f) = Family::of(&ty) {
                *held.entry(f).or_default() += n as u32;
            }
        }
        Ok(held)
    }

    /// PRD-2: a pending, priced order; its products are created pending with their names.
    /// BIL-7: `billing_address_id` picks one of the payer's billing addresses (else the
    /// default one, else the payer's address). PAR-7: a partner that pays for its client
    /// places the order in its own organization.
    pub async fn create_order(
        &self,
        actor: &Actor,
        org: OrgId,
        items: &[ItemRequest],
        billing_address_id: Option<i64>,
        idem: Option<&Idem>,
    ) -> AppResult<Order> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::ProductsManage, Resource::Organization(&facts))?;
        let by = ordered_by(&facts);
        self.once(
            actor,
            org,
            idem,
            "order",
            async |id| self.load_placed(org, id).await,
            async |idem| {
                let (terms, priced) = self.priced(org, items, by).await?;
                self.check_address(OrgId(terms.payer.id), billing_address_id)
                    .await?;
                self.store_order(actor, &terms, priced, billing_address_id, idem)
                    .await
            },
        )
        .await
    }

    /// The terms of an order for `org` placed `by`, and `items` priced under them against the
    /// catalogue in force and what `org` holds.
    async fn priced(
        &self,
        org: OrgId,
        items: &[ItemRequest],
        by: OrderedBy,
    ) -> AppResult<(Terms, Vec<PricedItem>)> {
        let cat = self.catalog().await?;
        let mut c = self.read().await?;
        let org_row = self.org_row(&mut c, org).await?;
        let held = self.held_by_family(&mut c, org).await?;
        let terms = self.terms(&mut c, org_row, by).await?;
        drop(c);
        let priced = self.price_order(&cat, &terms, &held, items)?;
        Ok((terms, priced))
    }

    /// What an order of `items` would cost now, without creating it (the console's price
    /// preview): the same pricing as [`App::create_order`].
    pub async fn quote_order(&self, actor: &Actor, org: OrgId, items: &[ItemRequest]) -> AppResult<Quote> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::ProductsRead, Resource::Organization(&facts))?;
        let (terms, priced) = self.priced(org, items, ordered_by(&facts)).await?;
        let vat = vat_of(&terms.payer, &self.settings.vat_rates);
        let subtotal: i64 = priced.iter().map(|p| p.row.amount_minor).sum();
        let vat_minor = vat_amount(subtotal, vat);
        Ok(Quote {
            currency: terms.payer.currency,
            items: priced.into_iter().map(|p| p.row).collect(),
            subtotal,
            vat_rate_bp: vat.rate.0,
            vat_minor,
            reverse_charge: vat.reverse_charge,
            total: subtotal + vat_minor,
        })
    }

    /// Writes a priced order (new products pending) in one transaction.
    pub(crate) async fn store_order(
        &self,
        actor: &Actor,
        terms: &Terms,
        priced: Vec<PricedItem>,
        billing_address_id: Option<i64>,
        idem: Option<&Idem>,
    ) -> AppResult<Order> {
        let org = terms.client;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let mut events = Events::load(&mut change.tx).await?;
        let new = OrderSpec {
            billing_address_id,
            origin: "customer",
        };
        let id = self
            .insert_order(&mut change.tx, actor, terms, priced, &new, now, &mut events)
            .await?;
        self.commit_order(change, actor, org, id, idem).await
    }

    /// The end of every transaction that makes an order for `org`'s products: the idempotency
    /// key remembers it, then the order as committed (the partner's when it pays, PAR-7).
    pub(crate) async fn commit_order(
        &self,
        mut change: crate::change::Change<'_>,
        actor: &Actor,
        org: OrgId,
        id: i64,
        idem: Option<&Idem>,
    ) -> AppResult<Order> {
        if let Some(k) = idem {
            self.remember(&mut change.tx, actor, org, k, "order", id).await?;
        }
        let order = load_placed(&mut change.tx, org, id).await?;
        change.commit().await?;
        Ok(order)
    }

    /// An order for `org`'s products: one of its own, or one its partner pays (PAR-7).
    pub(crate) async fn load_placed(&self, org: OrgId, id: i64) -> AppResult<Order> {
        let mut c = self.read().await?;
        load_placed(&mut c, org, id).await
    }

    /// Cancels pending order `id` inside `change`: with its pending payments (an announced
    /// transfer, an open provider page — one approved later is refunded when it comes back,
    /// BIL-8), audited with `details`, announced with `data`. False when it was no longer
    /// pending.
    pub(crate) async fn close_order(
        change: &mut crate::change::Change<'_>,
        org: OrgId,
        id: i64,
        details: &str,
        data: serde_json::Value,
    ) -> AppResult<bool> {
        if !repo::close_pending(&mut change.tx, id, OrderStatus::Cancelled, change.now).await? {
            return Ok(false);
        }
        kontor_store::billing::payments::cancel_pending(&mut change.tx, Some(id), None, 0).await?;
        let mut entry = Entry::new(AuditAction::OrderCancel, "order", Some(id)).org(org.0);
        if !details.is_empty() {
            entry = entry.details(details);
        }
        change.record(entry).await?;
        change.emit(Event::OrderCancelled, Some(org.0), data).await?;
        Ok(true)
    }

    /// Inserts a priced order inside `tx`: its reference, its items, the pending products of
    /// new items (in the client's organization, PAR-7), the audit rows (the payer's, and the
    /// client's when a partner pays) and the `order.created` event.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_order(
        &self,
        tx: &mut Conn,
        actor: &Actor,
        terms: &Terms,
        priced: Vec<PricedItem>,
        spec: &OrderSpec<'_>,
        now: i64,
        events: &mut Events,
    ) -> AppResult<i64> {
        let org_row = &terms.payer;
        let org = OrgId(org_row.id);
        let vat = vat_of(org_row, &self.settings.vat_rates);
        let subtotal: i64 = priced.iter().map(|p| p.row.amount_minor).sum();
        let vat_minor = vat_amount(subtotal, vat);
        let new = repo::NewOrder {
            organization_id: org.0,
            currency: &org_row.currency,
            subtotal,
            vat_rate_bp: vat.rate.0,
            vat: vat_minor,
            reverse_charge: vat.reverse_charge,
            created_by: actor.user_id().map(|u| u.0),
            billing_address_id: spec.billing_address_id,
            origin: spec.origin,
            client_id: terms.client_id(),
            partner_id: terms.partner_id(),
        };
        let id = repo::insert_order(tx, &new, now).await?;
        repo::set_reference(tx, id, &reference_for(id, &org_row.currency)).await?;
        for (i, p) in priced.into_iter().enumerate() {
            let mut row = p.row;
            row.order_id = id;
            // A new item brought over from another order (BIL-5) keeps its pending product.
            if row.kind == "new" && row.product_id.is_none() {
                let warranty = p.renewal_warranty;
                let pid = insert_pending(tx, terms.client, id, i, &row, warranty, now, events).await?;
                row.product_id = Some(pid);
            }
            repo::insert_item(tx, &row).await?;
        }
        let total = kontor_domain::money::format_minor(subtotal + vat_minor);
        record(
            tx,
            actor,
            now,
            Entry::new(AuditAction::OrderCreate, "order", Some(id))
                .org(org.0)
                .details(format!(
                    "total={total} {} origin={}",
                    org_row.currency, spec.origin
                )),
        )
        .await?;
        if let Some(client) = terms.client_id() {
            let details = format!("paid_by={} total={total} {}", org.0, org_row.currency);
            let entry = Entry::new(AuditAction::OrderCreate, "order", Some(id)).org(client);
            record(tx, actor, now, entry.details(details)).await?;
        }
        events
            .emit(
                tx,
                Event::OrderCreated,
                Some(org.0),
                json!({"order_id": id, "total": total, "currency": org_row.currency, "origin": spec.origin}),
                now,
            )
            .await?;
        Ok(id)
    }

    pub async fn load_order(&self, org: OrgId, id: i64) -> AppResult<Order> {
        let mut c = self.read().await?;
        load(&mut c, org, id).await
    }

    pub async fn get_order(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<Order> {
        self.authorize_orders_read(actor, org).await?;
        self.load_order(org, id).await
    }

    pub async fn list_orders(
        &self,
        actor: &Actor,
        org: OrgId,
        status: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> AppResult<(Vec<OrderRow>, i64)> {
        self.authorize_orders_read(actor, org).await?;
        let mut c = self.read().await?;
        Ok(repo::list_orders(&mut c, org.0, status, offset, limit).await?)
    }

    /// PRD-2: a pending order is cancelled; its pending products go (their names are free
    /// again). Paid or cancelled orders answer 409.
    pub async fn cancel_order(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<Order> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::ProductsManage, Resource::Organization(&facts))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let order = load(&mut change.tx, org, id).await?;
        if !Self::close_order(&mut change, org, id, "", json!({"order_id": id})).await? {
            return Err(AppError::new(ErrorCode::OrderNotPending));
        }
        for pid in order
            .items
            .iter()
            .filter(|i| i.kind == "new")
            .filter_map(|i| i.product_id)
        {
            products::delete_pending(&mut change.tx, pid).await?;
        }
        let order = load(&mut change.tx, org, id).await?;
        change.commit().await?;
        Ok(order)
    }
}

/// [`App::load_placed`] inside a transaction.
pub(crate) async fn load_placed(c: &mut Conn, org: OrgId, id: i64) -> AppResult<Order> {
    let row = repo::find_placed(c, org.0, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let items = repo::list_items(c, id).await?;
    Ok(Order { row, items })
}

pub(crate) async fn load(c: &mut Conn, org: OrgId, id: i64) -> AppResult<Order> {
    let row = repo::find_order(c, org.0, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let items = repo::list_items(c, id).await?;
    Ok(Order { row, items })
}
