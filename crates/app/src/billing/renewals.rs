//! Renewals (REN) and the renewal jobs.
//!
//! A customer renews one product or a selection (BIL-5) with a renewal order: priced from the
//! catalogue in force with the tier of what the organization holds (PRC-2), paid like any
//! order, and extending each product from its current expiry (REN-1).
//!
//! The jobs, all idempotent and driven by the clock (OPS-2, OPS-3), for an instant `now`:
//! 1. automatic renewal attempts 14, 10, 7, 3 and 1 days before expiry (REN-2, in
//!    `auto_renewal.rs`), one charge per organization and payment means, each attempt claimed
//!    once per product, expiry and step;
//! 2. at expiry: renewal under warranty with an open invoice (REN-5), or suspension (REN-6);
//! 3. termination when the grace period ends (REN-6);
//! 4. expiry notices 60, 30, 14, 7 and 1 days before (REN-7), per the billing settings;
//! 5. the reminder schedule of open invoices (DUN-1, in `dunning.rs`): reminder 1, reminder 2,
//!    suspension, termination of the products each invoice bills, and nothing else.
//!
//! The jobs share `each_page` (keyset pages of [`PAGE`]) and `each_concurrently`.

use std::collections::HashMap;
use std::fmt::Write as _;

use futures_util::{StreamExt, stream};
use kontor_domain::money::format_minor;
use kontor_domain::pricing::{Family, ItemToPrice, add_months, price_renewals};
use kontor_domain::renewals::{AtExpiry, DaysBefore, at_expiry, grace_end};
use kontor_domain::{AuditAction, Event, Language, OrderStatus, OrgId, ProductStatus, SuspendReason};
use kontor_store::billing::orders::ItemRow;
use kontor_store::billing::payments::PaymentRow;
use kontor_store::billing::renewals::{self as repo, Band};
use kontor_store::products::{self as product_repo, ProductRow};
use kontor_store::{Conn, at, billing::orders as order_repo};
use serde_json::json;
use time::OffsetDateTime;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::billing::idempotency::Idem;
use crate::billing::orders::{Order, OrderSpec, PricedItem, load};
use crate::billing::payments::PayRequest;
use crate::billing::terms::{OrderedBy, Terms, ordered_by, paying_partner, renews_for_client};
use crate::catalog::Catalog;
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::platform::mail::Template;
use crate::products::lifecycle::{Change, Transition, transition};
use crate::webhooks::Events;
use kontor_domain::locale::format_day;

pub(crate) const DAY: i64 = 86_400;
/// Rows read per page by the jobs.
pub(crate) const PAGE: i64 = 500;

/// The keyset key of product rows read in organization order.
pub(crate) fn org_key(p: &ProductRow) -> (i64, i64) {
    (p.organization_id, p.id)
}

/// What one run of the renewal jobs did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RenewalReport {
    pub renewed_automatically: u64,
    pub renewal_failures: u64,
    pub warranty_renewals: u64,
    pub suspended: u64,
    pub terminated: u64,
    pub notices: u64,
    pub reminders: u64,
    pub dunning_suspensions: u64,
    pub dunning_terminations: u64,
}

impl RenewalReport {
    pub(crate) fn add(&mut self, other: &RenewalReport) {
        self.renewed_automatically += other.renewed_automatically;
        self.renewal_failures += other.renewal_failures;
        self.warranty_renewals += other.warranty_renewals;
        self.suspended += other.suspended;
        self.terminated += other.terminated;
        self.notices += other.notices;
        self.reminders += other.reminders;
        self.dunning_suspensions += other.dunning_suspensions;
        self.dunning_terminations += other.dunning_terminations;
    }
}

/// Organizations (or invoices) the jobs work on at once on PostgreSQL. Each one's work is
/// independent and claimed row by row (OPS-2), so running several hides the round trips to
/// the server. SQLite has one writer: concurrent tasks would only queue on its lock.
const POSTGRES_CONCURRENCY: usize = 4;

/// REN-1: the list price in force for a product's plan and period (a suite's seats and
/// storage included); `None` when the plan is no longer offered.
pub(crate) fn renewal_list_price(cat: &Catalog, p: &ProductRow, currency: &str) -> Option<i64> {
    cat.list_price(&p.plan_code, p.period_months, p.seats, &p.storage_code, currency)
}

/// The renewal item of product `p` at list price (discounts are applied by the caller).
fn renewal_row(i: usize, p: &ProductRow, list: i64) -> ItemRow {
    ItemRow {
        id: 0,
        order_id: 0,
        position: i as i64,
        kind: "renewal".to_owned(),
        product_id: Some(p.id),
        product_type: p.product_type.clone(),
        plan_code: p.plan_code.clone(),
        name: p.name.clone(),
        period_months: p.period_months,
        seats: p.seats,
        storage_code: p.storage_code.clone(),
        list_minor: list,
        partner_bp: 0,
        degressive_bp: 0,
        unit_minor: list,
        amount_minor: list,
        days_left: 0,
        period_days: 0,
        cashback_minor: 0,
    }
}

/// BIL-5: product `ids[i]` of a selection, or why it cannot be renewed with it: not of the
/// organization (`unknown`), named twice (`duplicate`), or not a held top-level product.
pub(crate) async fn renewable_at(
    c: &mut Conn,
    org: OrgId,
    ids: &[i64],
    i: usize,
) -> AppResult<Result<ProductRow, &'static str>> {
    let id = ids[i];
    Ok(match product_repo::find_in_org(c, org.0, id).await? {
        None => Err("unknown"),
        Some(_) if ids[..i].contains(&id) => Err("duplicate"),
        Some(p) if p.parent_id.is_some() || !p.status.is_held() => Err(ErrorCode::NotRenewable.as_str()),
        Some(p) => Ok(p),
    })
}

/// BIL-5: the selected products, each of the organization, once, top-level and held; every
/// problem named by its `product_ids[i]`.
async fn renewable(c: &mut Conn, org: OrgId, ids: &[i64]) -> AppResult<Vec<ProductRow>> {
    let mut chosen = Vec::with_capacity(ids.len());
    let mut errors = Vec::new();
    for i in 0..ids.len() {
        match renewable_at(c, org, ids, i).await? {
            Ok(p) => chosen.push(p),
            Err(code) => errors.push(FieldError {
                field: format!("product_ids[{i}]"),
                code: code.to_owned(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    Ok(chosen)
}

impl App {
    /// REN-1/PRC-2/PRC-3: renewal items for `products`, at the list price in force for each
    /// one's plan and period in the payer's currency, with the partner discount of `terms` and
    /// the tier of the number the client holds now, and the partner's cashback (PAR-8). Errors
    /// name `product_ids[i]`.
    pub(crate) fn price_renewal(
        &self,
        cat: &Catalog,
        terms: &Terms,
        held: &HashMap<Family, u32>,
        products: &[ProductRow],
    ) -> Result<Vec<PricedItem>, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut rows = Vec::with_capacity(products.len());
        let mut to_price = Vec::with_capacity(products.len());
        for (i, p) in products.iter().enumerate() {
            let Some(list) = renewal_list_price(cat, p, &terms.payer.currency) else {
                errors.push(FieldError {
                    field: format!("product_ids[{i}]"),
                    code: "plan_not_offered".to_owned(),
                });
                continue;
            };
            to_price.push(ItemToPrice {
                list,
                family: Family::of(&p.product_type),
            });
            rows.push(renewal_row(i, p, list));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let prices = price_renewals(&to_price, held, terms.discount, &self.settings.degressive_tiers);
        Ok(rows
            .into_iter()
            .zip(prices)
            .map(|(mut row, p)| {
                row.partner_bp = p.partner.0;
                row.degressive_bp = p.degressive.0;
                row.unit_minor = p.unit;
                row.amount_minor = p.unit;
                row.cashback_minor = terms.cashback_of(cat, &row);
                PricedItem {
                    row,
                    renewal_warranty: false,
                }
            })
            .collect())
    }

    /// BIL-5: a pending renewal order for a selection of the organization's products, to pay
    /// now or by transfer (its pro-forma carries the reference its invoice will carry).
    /// PAR-7: a partner with full access renews for its client — into the client's orders
    /// when the client pays, into its own when it pays.
    pub async fn create_renewal_order(
        &self,
        actor: &Actor,
        org: OrgId,
        product_ids: &[i64],
        billing_address_id: Option<i64>,
        idem: Option<&Idem>,
    ) -> AppResult<Order> {
        let facts = self.load_facts(actor, org.0).await?;
        let by = ordered_by(&facts);
        let action = if renews_for_client(&facts) {
            Action::ProductsManage
        } else {
            Action::BillingPay
        };
        authorize(actor, action, Resource::Organization(&facts))?;
        self.once(
            actor,
            org,
            idem,
            "order",
            async |id| self.load_placed(org, id).await,
            async |idem| {
                check_selection(product_ids)?;
                let cat = self.catalog().await?;
                let mut c = self.read().await?;
                let org_row = self.org_row(&mut c, org).await?;
                let held = self.held_by_family(&mut c, org).await?;
                let chosen = renewable(&mut c, org, product_ids).await?;
                let terms = self.terms(&mut c, org_row, by).await?;
                let payer = OrgId(terms.payer.id);
                let (same, overlapping) = pending_renewals_of(&mut c, payer, &chosen).await?;
                drop(c);
                self.check_address(payer, billing_address_id).await?;
                // BIL-2: the selection already waits on a pending order (its pro-forma was
                // made): that order is the one to pay, with the reference already given out.
                if let Some(id) = same {
                    return self.load_order(payer, id).await;
                }
                let priced = self
                    .price_renewal(&cat, &terms, &held, &chosen)
                    .map_err(AppError::invalid)?;
                let now = self.now_ts();
                let mut change = self.change(actor, now).await?;
                let spec = OrderSpec {
                    billing_address_id,
                    origin: "customer",
                };
                // Another pending selection sharing products would renew them a second time
                // once paid: it is cancelled, so one payable order renews each product.
                cancel_replaced(&mut change, payer, &overlapping).await?;
                let (tx, events) = change.parts();
                let id = self
                    .insert_order(tx, actor, &terms, priced, &spec, now, events)
                    .await?;
                self.commit_order(change, actor, org, id, idem).await
            },
        )
        .await
    }

    /// BIL-5 in one call: renews a selection and pays it. The key covers both steps: the same
    /// key again answers the first payment.
    pub async fn renew_products(
        &self,
        actor: &Actor,
        org: OrgId,
        product_ids: &[i64],
        billing_address_id: Option<i64>,
        req: &PayRequest,
        idem: Option<&Idem>,
    ) -> AppResult<PaymentRow> {
        // PAR-7: a partner that pays renews into, and pays from, its own organization; anyone
        // else pays in the organization (a partner of a client that pays cannot).
        let facts = self.load_facts(actor, org.0).await?;
        let payer = paying_partner(&facts).unwrap_or(org);
        self.payment_once(actor, payer, idem, async |held| {
            let order_key = held.map(|k| k.derived("renewal-order"));
            let order = self
                .create_renewal_order(actor, org, product_ids, billing_address_id, order_key.as_ref())
                .await?;
            // Authorized above for `payer`: an order that landed elsewhere (the mode changed
            // in between) is not paid with that authorization.
            if OrgId(order.row.organization_id) != payer {
                return Err(AppError::not_found());
            }
            self.pay_pending_order(actor, payer, order.row.id, req, held)
                .await
        })
        .await
    }

    /// REN-1/REN-6: a paid renewal item moves the product (and its suite's products) a period
    /// on from its current expiry; a suspended product is active again.
    pub(crate) async fn renew_item(
        &self,
        tx: &mut Conn,
        actor: &Actor,
        org: OrgId,
        item: &ItemRow,
        now: i64,
        events: &mut Events,
    ) -> AppResult<()> {
        let Some(pid) = item.product_id else { return Ok(()) };
        let Some(p) = product_repo::find_product(tx, pid).await? else {
            return Ok(());
        };
        let expires = add_months(at(p.expires_at), item.period_months as u32).unix_timestamp();
        let t = Transition {
            actor,
            now,
            details: format!("expires_at {} -> {expires} was={}", p.expires_at, p.status),
            data: json!({"expires_at": expires, "previous_expires_at": p.expires_at}),
        };
        if !transition(tx, events, &p, Change::Renew { expires_at: expires }, t).await? {
            // Terminated in the meantime: the payment stands on the invoice; staff refund it.
            record(
                tx,
                actor,
                now,
                Entry::new(AuditAction::ProductRenewRefused, "product", Some(pid))
                    .org(org.0)
                    .details(format!("status={}", p.status)),
            )
            .await?;
            return Ok(());
        }
        Ok(())
    }

    /// REN-2/REN-5/REN-6/REN-7/DUN-1: every renewal and reminder task due at `now`.
    pub async fn run_renewals(&self, now: OffsetDateTime) -> AppResult<RenewalReport> {
        let mut report = RenewalReport::default();
        self.run_attempts(now, &mut report).await?;
        self.run_expiries(now, &mut report).await?;
        self.run_terminations(now, &mut report).await?;
        self.run_notices(now, &mut report).await?;
        self.run_dunning(now, &mut report).await?;
        Ok(report)
    }

    /// Runs `task` for each item, [`POSTGRES_CONCURRENCY`] at a time on PostgreSQL and one at a
    /// time on SQLite, and sums what they did. An error does not stop the other items (one
    /// organization's failure blocks nobody else's renewal); the first one is answered once
    /// the batch is done, and ends the run.
    pub(crate) async fn each_concurrently<T, F, Fut>(
        &self,
        items: Vec<T>,
        task: F,
    ) -> AppResult<RenewalReport>
    where
        F: FnMut(T) -> Fut,
        Fut: Future<Output = AppResult<RenewalReport>>,
    {
        let limit = match self.db {
            kontor_store::Db::Postgres(_) => POSTGRES_CONCURRENCY,
            kontor_store::Db::Sqlite(_) => 1,
        };
        let mut total = RenewalReport::default();
        let mut results = stream::iter(items).map(task).buffer_unordered(limit);
        let mut failed = None;
        while let Some(result) = results.next().await {
            match result {
                Ok(done) => total.add(&done),
                Err(e) => {
                    failed.get_or_insert(e);
                }
            }
        }
        failed.map_or(Ok(total), Err)
    }

    /// Walks a job's rows in keyset pages of [`PAGE`]: `read(after)` reads the rows after a
    /// key, `key` gives a row's key, `work` does a page's work. A short page is the last.
    pub(crate) async fn each_page<R, K, P, PF, W, WF>(
        &self,
        mut after: K,
        mut read: P,
        key: impl Fn(&R) -> K,
        mut work: W,
    ) -> AppResult<RenewalReport>
    where
        P: FnMut(K) -> PF,
        PF: Future<Output = AppResult<Vec<R>>>,
        W: FnMut(Vec<R>) -> WF,
        WF: Future<Output = AppResult<RenewalReport>>,
    {
        let mut total = RenewalReport::default();
        loop {
            let rows = read(after).await?;
            let Some(last) = rows.last() else { break };
            after = key(last);
            let full = rows.len() as i64 == PAGE;
            total.add(&work(rows).await?);
            if !full {
                break;
            }
        }
        Ok(total)
    }

    /// The bands of expiries each step of `days` is due for at `now`: step `d` covers the
    /// expiries in `(now + next smaller step, now + d]`.
    pub(crate) fn bands(days: &DaysBefore, now: i64) -> Vec<Band> {
        days.bands(now)
            .into_iter()
            .map(|b| Band {
                from: b.from,
                until: b.until,
                days_before: b.days_before,
            })
            .collect()
    }

    /// REN-5/REN-6: products that reached their expiry unpaid, per organization.
    async fn run_expiries(&self, now: OffsetDateTime, report: &mut RenewalReport) -> AppResult<()> {
        let ts = now.unix_timestamp();
        let read = |after| async move {
            let mut c = self.read().await?;
            Ok(product_repo::list_expiring(&mut c, ProductStatus::Active, 0, ts, after, PAGE).await?)
        };
        let work = |rows: Vec<ProductRow>| {
            let groups = group_by(rows, |p| p.organization_id);
            self.each_concurrently(groups, move |group| async move {
                let mut r = RenewalReport::default();
                let (warranty, suspend): (Vec<_>, Vec<_>) = group.into_iter().partition(|p| {
                    at_expiry(p.renewal_warranty, &p.product_type) == AtExpiry::RenewAndInvoice
                });
                let not_billed = self.bill_warranty(warranty, ts, &mut r).await?;
                self.suspend_expired(not_billed.into_iter().chain(suspend).collect(), ts, &mut r)
                    .await?;
                Ok(r)
            })
        };
        report.add(&self.each_page((0, 0), read, org_key, work).await?);
        Ok(())
    }

    /// REN-5: renews the products under warranty and issues an open invoice for them, due per
    /// BIL-3. Answers the products that could not be priced (their plan is gone): they are
    /// suspended instead.
    async fn bill_warranty(
        &self,
        products: Vec<ProductRow>,
        ts: i64,
        report: &mut RenewalReport,
    ) -> AppResult<Vec<ProductRow>> {
        let Some(first) = products.first() else {
            return Ok(products);
        };
        let org = OrgId(first.organization_id);
        let cat = self.catalog().await?;
        let mut c = self.read().await?;
        let org_row = self.org_row(&mut c, org).await?;
        let held = self.held_by_family(&mut c, org).await?;
        // PAR-7: under a partner that pays, the warranty invoice is the partner's.
        let terms = self.terms(&mut c, org_row, OrderedBy::Job).await?;
        drop(c);
        let payer = OrgId(terms.payer.id);
        let (products, unpriced): (Vec<_>, Vec<_>) = products.into_iter().partition(|p| {
            self.price_renewal(&cat, &terms, &held, std::slice::from_ref(p))
                .is_ok()
        });
        if products.is_empty() {
            return Ok(unpriced);
        }
        let Ok(priced) = self.price_renewal(&cat, &terms, &held, &products) else {
            return Ok(products.into_iter().chain(unpriced).collect());
        };
        let system = Actor::system();
        let spec = OrderSpec {
            billing_address_id: None,
            origin: "warranty",
        };
        let mut tx = self.write().await?;
        // Another runner may have renewed them since they were read: lock them, and act only
        // when they are still due (OPS-2).
        let mut in_order: Vec<&ProductRow> = products.iter().collect();
        in_order.sort_by_key(|p| p.id);
        for p in in_order {
            let current = product_repo::lock_product(&mut tx, p.id).await?;
            if current.is_none_or(|c| c.expires_at != p.expires_at || c.status != ProductStatus::Active) {
                return Ok(unpriced);
            }
        }
        let mut events = Events::load(&mut tx).await?;
        let order_id = self
            .insert_order(&mut tx, &system, &terms, priced, &spec, ts, &mut events)
            .await?;
        order_repo::close_pending(&mut tx, order_id, OrderStatus::Invoiced, ts).await?;
        let order = load(&mut tx, payer, order_id).await?;
        let invoice = self
            .issue_invoice(&mut tx, &terms.payer, &order, false, ts)
            .await?;
        self.activate_items(&mut tx, &system, org, &order.items, false, ts, &mut events)
            .await?;
        events
            .emit(&mut tx, Event::InvoiceIssued, Some(payer.0), json!({"invoice_id": invoice.id, "number": invoice.number, "total": format_minor(invoice.total_minor), "currency": invoice.currency, "status": "open"}), ts)
            .await?;
        let wrote = self.mail_invoice(&mut tx, payer, &invoice, ts).await?;
        self.commit(tx, wrote).await?;
        report.warranty_renewals += products.len() as u64;
        Ok(unpriced)
    }

    /// REN-6: products that expired unpaid are suspended until the end of the grace period.
    async fn suspend_expired(
        &self,
        products: Vec<ProductRow>,
        ts: i64,
        report: &mut RenewalReport,
    ) -> AppResult<()> {
        let Some(first) = products.first() else {
            return Ok(());
        };
        let org = first.organization_id;
        let system = Actor::system();
        let mut tx = self.write().await?;
        let mut events = Events::load(&mut tx).await?;
        let mut done = Vec::new();
        for p in products {
            let t = Transition {
                actor: &system,
                now: ts,
                details: format!("expired unpaid at {}", p.expires_at),
                data: json!({"reason": SuspendReason::Expiry.as_str()}),
            };
            if transition(
                &mut tx,
                &mut events,
                &p,
                Change::Suspend(SuspendReason::Expiry),
                t,
            )
            .await?
            {
                done.push(p);
            }
        }
        if done.is_empty() {
            return Ok(());
        }
        let until = at(grace_end(done[0].expires_at, self.settings.grace_days)).date();
        let link = format!("{}/console/renewals?window=all", self.settings.public_url);
        let wrote = self
            .mail_billing(&mut tx, org, ts, |lang| Template::ProductsSuspended {
                products: product_lines(done.iter(), lang),
                until: format_day(until, lang),
                link: link.clone(),
            })
            .await?;
        self.commit(tx, wrote).await?;
        report.suspended += done.len() as u64;
        Ok(())
    }

    /// REN-6: suspended products whose grace period ended are terminated.
    async fn run_terminations(&self, now: OffsetDateTime, report: &mut RenewalReport) -> AppResult<()> {
        let ts = now.unix_timestamp();
        let cutoff = ts - self.settings.grace_days * DAY;
        let read = |after| async move {
            let mut c = self.read().await?;
            Ok(product_repo::list_expiring(&mut c, ProductStatus::Suspended, 0, cutoff, after, PAGE).await?)
        };
        let work = |rows: Vec<ProductRow>| {
            let groups = group_by(rows, |p| p.organization_id);
            self.each_concurrently(groups, move |group| self.terminate_group(group, ts))
        };
        report.add(&self.each_page((0, 0), read, org_key, work).await?);
        Ok(())
    }

    /// REN-6: one organization's products whose grace period ended, with one message.
    async fn terminate_group(&self, group: Vec<ProductRow>, ts: i64) -> AppResult<RenewalReport> {
        let org = group[0].organization_id;
        let system = Actor::system();
        let mut tx = self.write().await?;
        let mut events = Events::load(&mut tx).await?;
        let mut done = Vec::new();
        for p in group
            .into_iter()
            .filter(|p| p.suspended_for() == Some(SuspendReason::Expiry))
        {
            let t = Transition {
                actor: &system,
                now: ts,
                details: "grace period ended".to_owned(),
                data: json!({"reason": SuspendReason::Expiry.as_str()}),
            };
            if transition(&mut tx, &mut events, &p, Change::Terminate, t).await? {
                done.push(p);
            }
        }
        let wrote = !done.is_empty()
            && self
                .mail_billing(&mut tx, org, ts, |lang| Template::ProductsTerminated {
                    products: product_lines(done.iter(), lang),
                })
                .await?;
        self.commit(tx, wrote).await?;
        Ok(RenewalReport {
            terminated: done.len() as u64,
            ..RenewalReport::default()
        })
    }

    /// REN-7: one notice per organization and step, listing its products; marked even when
    /// the organization switched notices off, so switching them on later does not send old
    /// ones.
    async fn run_notices(&self, now: OffsetDateTime, report: &mut RenewalReport) -> AppResult<()> {
        let ts = now.unix_timestamp();
        for band in Self::bands(&self.settings.expiry_notice_days, ts) {
            let read = |after| async move {
                let mut c = self.read().await?;
                Ok(repo::list_notices_due(&mut c, band, after, PAGE).await?)
            };
            let work = |rows: Vec<ProductRow>| {
                let groups = group_by(rows, |p| p.organization_id);
                self.each_concurrently(groups, move |group| self.notice_group(group, band, ts))
            };
            report.add(&self.each_page((0, 0), read, org_key, work).await?);
        }
        Ok(())
    }

    /// REN-7: one organization's notice of step `band.days_before`.
    async fn notice_group(&self, group: Vec<ProductRow>, band: Band, ts: i64) -> AppResult<RenewalReport> {
        let org = group[0].organization_id;
        let mut tx = self.write().await?;
        let mut fresh = Vec::new();
        for p in group {
            if repo::insert_notice(&mut tx, p.id, p.expires_at, band.days_before, ts).await? {
                fresh.push(p);
            }
        }
        let on = repo::billing_settings(&mut tx, org).await?.expiry_notices;
        let mut wrote = false;
        if on && !fresh.is_empty() {
            let link = format!("{}/console/renewals", self.settings.public_url);
            let first = at(fresh.iter().map(|p| p.expires_at).min().unwrap_or(ts)).date();
            wrote = self
                .mail_billing(&mut tx, org, ts, |lang| Template::ExpiryNotice {
                    date: format_day(first, lang),
                    products: product_lines(fresh.iter(), lang),
                    link: link.clone(),
                })
                .await?;
        }
        self.commit(tx, wrote).await?;
        Ok(RenewalReport {
            notices: if on { fresh.len() as u64 } else { 0 },
            ..RenewalReport::default()
        })
    }
}

/// The word for "no further attempt" in the mail's language.
pub(crate) fn none_word(lang: Language) -> String {
    crate::platform::i18n::t(lang, "renewal-no-next-attempt")
}

/// Consecutive rows with the same key, in order.
pub(crate) fn group_by<K: PartialEq>(
    rows: Vec<ProductRow>,
    key: impl Fn(&ProductRow) -> K,
) -> Vec<Vec<ProductRow>> {
    let mut groups: Vec<Vec<ProductRow>> = Vec::new();
    for r in rows {
        match groups.last_mut() {
            Some(g) if key(&g[0]) == key(&r) => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    groups
}

/// One line per product in `lang`: `- name (Web hosting), 23 November 2027` — the type by
/// its name and the expiry written out (MSG-2).
pub(crate) fn product_lines<'a>(products: impl Iterator<Item = &'a ProductRow>, lang: Language) -> String {
    let mut out = String::new();
    for p in products {
        let _ = writeln!(
            out,
            "- {} ({}), {}",
            p.name,
            crate::platform::i18n::t(lang, &format!("type-{}", p.product_type)),
            format_day(at(p.expires_at).date(), lang)
        );
    }
    out.trim_end().to_owned()
}

/// The pending renewal order whose products are exactly `chosen`, and the pending renewal
/// orders that share some of them.
async fn pending_renewals_of(
    c: &mut Conn,
    org: OrgId,
    chosen: &[ProductRow],
) -> AppResult<(Option<i64>, Vec<i64>)> {
    let wanted: std::collections::BTreeSet<i64> = chosen.iter().map(|p| p.id).collect();
    let mut orders = std::collections::BTreeMap::<i64, std::collections::BTreeSet<i64>>::new();
    for (order, product) in order_repo::pending_renewal_items(c, org.0).await? {
        orders.entry(order).or_default().insert(product);
    }
    let same = orders.iter().find(|(_, set)| **set == wanted).map(|(id, _)| *id);
    let overlapping = orders
        .iter()
        .filter(|(id, set)| Some(**id) != same && !set.is_disjoint(&wanted))
        .map(|(id, _)| *id)
        .collect();
    Ok((same, overlapping))
}

/// BIL-5: a selection names 1 to `MAX_ITEMS` products.
pub(crate) fn check_selection(product_ids: &[i64]) -> AppResult<()> {
    match product_ids.len() {
        0 => Err(AppError::field("product_ids", "required")),
        n if n > crate::billing::orders::MAX_ITEMS => Err(AppError::field("product_ids", "too_many")),
        _ => Ok(()),
    }
}

/// Cancels pending renewal orders a new selection replaces, each audited and announced.
async fn cancel_replaced(
    change: &mut crate::change::Change<'_>,
    org: OrgId,
    orders: &[i64],
) -> AppResult<()> {
    for &old in orders {
        let details = "replaced by a renewal order for some of its products";
        App::close_order(change, org, old, details, json!({"order_id": old})).await?;
    }
    Ok(())
}
