//! Products (PRD-3..PRD-9): the list with filters and bulk actions, the product page with
//! its settings, suite upgrade, seats, mailboxes, moving and ending.

pub mod sites;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::AppError;
use kontor_app::access::{Action, Facts, Resource, decide};
use kontor_app::billing::selection::Paying;
use kontor_app::billing::upgrades::UpgradeRequest;
use kontor_app::catalog::Catalog;
use kontor_app::model::{MailboxRow, MyOrgRow, ProductFilter, ProductOrder, ProductRow, SiteRow};
use kontor_app::products::{BULK_ACTIONS, ProductChanges};
use kontor_domain::{Language, OrgId, ProductStatus};
use serde::Deserialize;

use crate::AppState;
use crate::console::confirm::{self, Ask};
use crate::console::extract::{OrgForm, SignedIn};
use crate::console::{Ctx, DoneQuery, Frame, checked, see_other, status_of};
use kontor_app::platform::i18n::t_with;

const PER_PAGE: i64 = 50;

/// How many days a new product stays on the list's default view, whatever its expiry.
const RECENT_DAYS: i64 = 30;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default, rename = "type")]
    pub product_type: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub name: String,
    /// Empty: the next two months (PRD-6); `all`: every expiry.
    #[serde(default)]
    pub window: String,
    /// `name`, `type` or empty (by expiry).
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub after: Option<i64>,
    /// A notice after a redirect: `moved`.
    #[serde(default)]
    pub done: String,
}

impl ListQuery {
    fn filter(&self, now: time::OffsetDateTime) -> ProductFilter {
        let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        // The default window: what expires in the next two months (PRD-6), and what was
        // ordered in the last 30 days whatever its expiry — a product bought today is on the
        // list's first view (issue 18).
        let (from, until, recent) = if self.window == "all" {
            (None, None, None)
        } else {
            let start = now.replace_time(time::Time::MIDNIGHT);
            let end = kontor_domain::pricing::add_months(start, 2);
            let recent = start - time::Duration::days(RECENT_DAYS);
            (
                Some(start.unix_timestamp()),
                Some(end.unix_timestamp()),
                Some(recent.unix_timestamp()),
            )
        };
        ProductFilter {
            product_type: some(&self.product_type),
            status: some(&self.status),
            name: some(&self.name),
            expires_from: from,
            expires_until: until,
            or_created_since: recent,
            only_ids: None,
            order: match self.sort.as_str() {
                "name" => ProductOrder::Name,
                "type" => ProductOrder::Type,
                _ => ProductOrder::ExpiresAt,
            },
            descending: false,
        }
    }

    /// The query string of these filters over every expiry, from the first page.
    fn all_expiries(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("type", &self.product_type)
            .append_pair("status", &self.status)
            .append_pair("name", &self.name)
            .append_pair("sort", &self.sort)
            .append_pair("window", "all")
            .finish()
    }

    /// The query string of these filters in another order, from the first page.
    fn sorted(&self, sort: &str) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("type", &self.product_type)
            .append_pair("status", &self.status)
            .append_pair("name", &self.name)
            .append_pair("window", &self.window)
            .append_pair("sort", sort)
            .finish()
    }

    /// The query string of these filters with a notice to show.
    fn with_done(&self, done: &str) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("type", &self.product_type)
            .append_pair("status", &self.status)
            .append_pair("name", &self.name)
            .append_pair("window", &self.window)
            .append_pair("sort", &self.sort)
            .append_pair("done", done)
            .finish()
    }

    /// The notice `done` asks for: a move, or a bulk action that every product passed
    /// (`bulk:<action>:<count>`).
    fn notice(&self, ctx: &Ctx) -> String {
        if self.done == "moved" {
            return ctx.tr().t("notice-product-moved");
        }
        let mut parts = self.done.splitn(3, ':');
        match (
            parts.next(),
            parts.next(),
            parts.next().and_then(|n| n.parse::<i64>().ok()),
        ) {
            (Some("bulk"), Some(action), Some(n)) if BULK_ACTIONS.contains(&action) => t_with(
                ctx.lang,
                "notice-bulk",
                &[("action", ctx.tr().t(&format!("bulk-{action}")))],
                &[("n", n)],
            ),
            _ => String::new(),
        }
    }

    /// The query string of these filters, for the next page.
    fn next(&self, after: i64) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("type", &self.product_type)
            .append_pair("status", &self.status)
            .append_pair("name", &self.name)
            .append_pair("window", &self.window)
            .append_pair("sort", &self.sort)
            .append_pair("after", &after.to_string())
            .finish()
    }
}

/// A product row with whether the viewer may act on it.
struct Line {
    p: ProductRow,
    manage: bool,
    reason: String,
    /// The plan's name in the catalogue (its code when retired).
    plan: String,
    /// The list price of the next period, excluding VAT (empty when not offered any more).
    price: String,
}

#[derive(Template)]
#[template(path = "products/products.html")]
struct ProductsPage {
    f: Frame,
    q: ListQuery,
    lines: Vec<Line>,
    total: i64,
    next: Option<String>,
    types: Vec<&'static str>,
    statuses: Vec<&'static str>,
    actions: Vec<&'static str>,
    any_manageable: bool,
    outcomes: Vec<(String, String, bool)>,
    /// Where the selection's order is paid (BIL-5), when some products did not pass.
    then: Option<String>,
    errors: Vec<String>,
    notice: String,
    /// PRD-6: how many products the same filters find outside the default expiry window, said
    /// with a link to all of them (a product bought today expires in a year, not in two months).
    outside: String,
    all_link: String,
    /// The list in each order (by expiry, name, type), from the first page.
    sort_links: [(&'static str, String); 3],
}

/// The plan's name and next period's price of each (plan, period, seats, storage) a page
/// shows, worked out once per page: a page of 50 rows has a handful of plans.
type PlanTexts = std::collections::HashMap<(String, i64, i64, String), (String, String)>;

/// The plan's name as the catalogue gives it (its code once retired) and the list price of
/// the product's next period excluding VAT (empty when the plan is not offered any more).
fn plan_texts(ctx: &Ctx, cat: &Catalog, currency: &str, p: &ProductRow) -> (String, String) {
    let plan = cat
        .plan(&p.plan_code)
        .map_or_else(|| p.plan_code.clone(), |v| v.name(ctx.lang));
    let price = cat
        .list_price(&p.plan_code, p.period_months, p.seats, &p.storage_code, currency)
        .map(|minor| {
            t_with(
                ctx.lang,
                "products-price-per",
                &[("price", crate::console::money(minor, currency, ctx.lang))],
                &[("months", p.period_months)],
            )
        })
        .unwrap_or_default();
    (plan, price)
}

/// A row of the list: its check box is enabled only where the viewer may manage the product
/// (AUTHZ-4: else the reason).
fn line(
    ctx: &Ctx,
    facts: &kontor_app::access::Facts,
    cat: &Catalog,
    currency: &str,
    known: &mut PlanTexts,
    p: ProductRow,
) -> Line {
    let d = decide(&ctx.actor, Action::ProductsManage, Resource::Product(facts, p.id));
    let key = (
        p.plan_code.clone(),
        p.period_months,
        p.seats,
        p.storage_code.clone(),
    );
    let (plan, price) = known
        .entry(key)
        .or_insert_with(|| plan_texts(ctx, cat, currency, &p))
        .clone();
    Line {
        plan,
        price,
        manage: d.allowed && p.status != ProductStatus::Terminated,
        reason: if d.allowed {
            String::new()
        } else {
            ctx.tr().t(d.reason_key)
        },
        p,
    }
}

async fn render_list(
    s: &AppState,
    ctx: &Ctx,
    q: ListQuery,
    outcomes: Vec<(String, String, bool)>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    render_page(s, ctx, q, outcomes, None, errors, status).await
}

/// The list after a selection was put in an order: the outcomes and the way on to it.
async fn render_list_next(
    s: &AppState,
    ctx: &Ctx,
    q: ListQuery,
    outcomes: Vec<(String, String, bool)>,
    then: Option<String>,
    status: StatusCode,
) -> Response {
    render_page(s, ctx, q, outcomes, then, vec![], status).await
}

async fn render_page(
    s: &AppState,
    ctx: &Ctx,
    q: ListQuery,
    outcomes: Vec<(String, String, bool)>,
    then: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "products-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    // The frame decided the menu from the member's facts in this organization: the rows are
    // decided from the same.
    let (errors, page, all) = first_page(s, ctx, org, &f.facts, &q, errors).await;
    let outside = outside_window(ctx, all, page.total);
    let next = (page.rows.len() as i64 == PER_PAGE)
        .then(|| page.rows.last().map(|r| q.next(r.id)))
        .flatten();
    let cat = s.app.catalog().await.unwrap_or_default();
    let currency = f.currency_of(org);
    let mut known = PlanTexts::new();
    let lines: Vec<Line> = page
        .rows
        .into_iter()
        .map(|p| line(ctx, &f.facts, &cat, &currency, &mut known, p))
        .collect();
    let notice = q.notice(ctx);
    let page = ProductsPage {
        outside,
        all_link: q.all_expiries(),
        sort_links: [
            ("", q.sorted("")),
            ("name", q.sorted("name")),
            ("type", q.sorted("type")),
        ],
        notice,
        any_manageable: lines.iter().any(|l| l.manage),
        f,
        q,
        lines,
        total: page.total,
        next,
        types: kontor_domain::products::PRODUCT_TYPES.to_vec(),
        statuses: ProductStatus::ALL.iter().map(|st| st.as_str()).collect(),
        actions: BULK_ACTIONS.to_vec(),
        outcomes,
        then,
        errors,
    };
    ctx.render(status, &page)
}

/// The page of products the query asks for, with the errors so far and the list's own, and
/// under the default window how many the same filters find at any expiry.
async fn first_page(
    s: &AppState,
    ctx: &Ctx,
    org: OrgId,
    facts: &Facts,
    q: &ListQuery,
    mut errors: Vec<String>,
) -> (Vec<String>, kontor_app::model::ProductPage, Option<i64>) {
    let listed = s
        .app
        .list_products_counting_all(&ctx.actor, org, facts, q.filter(s.app.now()), q.after, PER_PAGE)
        .await;
    let (page, all) = listed.unwrap_or_else(|e| {
        errors.extend(ctx.error_lines(&e));
        let empty = kontor_app::model::ProductPage {
            rows: vec![],
            total: 0,
        };
        (empty, None)
    });
    errors.dedup();
    (errors, page, all)
}

/// PRD-6: the products the filters find beyond the default window, said; empty when none (or
/// when every expiry is shown already: no count of all).
fn outside_window(ctx: &Ctx, all: Option<i64>, within: i64) -> String {
    let outside = all.unwrap_or(0) - within;
    if outside <= 0 {
        return String::new();
    }
    t_with(ctx.lang, "products-outside-window", &[], &[("count", outside)])
}

pub async fn products_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Response {
    render_list(&s, &ctx, q, vec![], vec![], StatusCode::OK).await
}

/// PRD-5 from the list: one action on the selected products; each outcome is listed.
pub async fn bulk(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let q = ListQuery {
        product_type: form.get("type"),
        status: form.get("status"),
        name: form.get("name"),
        window: form.get("window"),
        sort: form.get("sort"),
        after: None,
        done: String::new(),
    };
    let renew = form.get("renew");
    if matches!(renew.as_str(), "pay" | "proforma" | "pending") {
        return pay_selected(&s, &ctx, org, q, &renew, &form.ids("product")).await;
    }
    match s
        .app
        .bulk_products(&ctx.actor, org, &form.get("action"), &form.ids("product"))
        .await
    {
        // Every product passed: a redirect to the list saying so, so a reload repeats nothing.
        Ok(outcomes) if !outcomes.is_empty() && outcomes.iter().all(|o| o.result.is_ok()) => {
            let done = format!("bulk:{}:{}", form.get("action"), outcomes.len());
            see_other(&format!("/console/products?{}", q.with_done(&done)), None)
        }
        Ok(outcomes) => {
            let lines = outcomes
                .into_iter()
                .map(|o| match o.result {
                    Ok(p) => (p.name, ctx.tr().t("bulk-done"), true),
                    Err(e) => (format!("#{}", o.product_id), ctx.error_lines(&e).join(" "), false),
                })
                .collect();
            render_list(&s, &ctx, q, lines, vec![], StatusCode::OK).await
        }
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_list(&s, &ctx, q, vec![], lines, status_of(&e)).await
        }
    }
}

/// The name of a product an outcome is about, as the viewer may see it (else its number).
async fn outcome_name(s: &AppState, ctx: &Ctx, org: OrgId, id: i64) -> String {
    s.app
        .get_product(&ctx.actor, org, id)
        .await
        .map_or_else(|_| format!("#{id}"), |p| p.name)
}

/// PRD-5 `renew` and `pay` from the list (BIL-5): the products that pass go into one order,
/// paid on its page with any means (or downloaded as a pro-forma to pay by transfer, BIL-2).
/// When every product passed, the payer goes straight there; else the outcomes are listed
/// with the way on to the order.
async fn pay_selected(s: &AppState, ctx: &Ctx, org: OrgId, q: ListQuery, how: &str, ids: &[i64]) -> Response {
    let paying = if how == "pending" {
        Paying::Pay
    } else {
        Paying::Renew
    };
    let sel = match s
        .app
        .pay_selection(&ctx.actor, org, paying, ids, None, None, None)
        .await
    {
        Ok(sel) => sel,
        Err(e) => {
            let lines = ctx.error_lines(&e);
            return render_list(s, ctx, q, vec![], lines, status_of(&e)).await;
        }
    };
    let next = sel.order.as_ref().map(|o| match how {
        "proforma" => format!("/console/orders/{}/proforma", o.row.id),
        _ => format!("/console/orders/{}#pay", o.row.id),
    });
    if let Some(url) = &next
        && sel.outcomes.iter().all(|o| o.result.is_ok())
    {
        return see_other(url, None);
    }
    let mut lines: Vec<(String, String, bool)> = Vec::with_capacity(sel.outcomes.len() + 1);
    for o in sel.outcomes {
        lines.push(match o.result {
            Ok(p) => (p.name, ctx.tr().t("selection-in-order"), true),
            Err(e) => (
                outcome_name(s, ctx, org, o.product_id).await,
                ctx.error_lines(&e).join(" "),
                false,
            ),
        });
    }
    if let Some(o) = &sel.order {
        lines.push((
            kontor_app::platform::i18n::t_with(
                ctx.tr().0,
                "selection-order",
                &[("id", o.row.id.to_string())],
                &[],
            ),
            ctx.tr().t("selection-order-next"),
            true,
        ));
    }
    render_list_next(s, ctx, q, lines, next, StatusCode::OK).await
}

/// A storage tier or plan the upgrade form offers.
struct Choice {
    code: String,
    name: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "products/product.html")]
struct ProductPage {
    f: Frame,
    p: ProductRow,
    children: Vec<ProductRow>,
    parent: Option<ProductRow>,
    manage: bool,
    reason: String,
    targets: Vec<MyOrgRow>,
    plans: Vec<Choice>,
    storage: Vec<Choice>,
    seat_candidates: Vec<(i64, String)>,
    seats: Vec<i64>,
    mailboxes: Vec<MailboxRow>,
    sites: Vec<SiteRow>,
    idem: String,
    errors: Vec<String>,
    notice: String,
    /// The plan's name and the price of the next period (as in the list).
    plan: String,
    price: String,
    /// Why the product is not running and what brings it back (suspended, awaiting payment).
    situation: String,
    /// The payment that brings it back or starts it: where and what the button says.
    pay: Option<(String, String)>,
    /// What renewing does ("until …"), when the viewer may renew the product.
    renew: Option<String>,
}

#[allow(clippy::unused_self, clippy::trivially_copy_pass_by_ref)] // askama calls helpers as methods, by reference
impl ProductPage {
    fn active(&self) -> bool {
        self.p.status == ProductStatus::Active
    }

    fn is(&self, ty: &str) -> bool {
        self.p.product_type == ty
    }

    fn in_suite(&self) -> bool {
        self.p.parent_id.is_some()
    }

    fn ended(&self) -> bool {
        matches!(self.p.status, ProductStatus::Terminated | ProductStatus::Pending)
    }

    fn seated(&self, user: &i64) -> bool {
        self.seats.contains(user)
    }
}

/// The upgrade form's choices (PRD-9's rule lives in `suite::upgrade_options`).
fn upgrade_choices(cat: &Catalog, p: &ProductRow, lang: Language) -> (Vec<Choice>, Vec<Choice>) {
    let (plans, storage) = kontor_app::billing::upgrades::upgrade_options(cat, p);
    let choice = |x: &&kontor_app::catalog::PlanView, current: &str| Choice {
        code: x.plan.code.clone(),
        name: x.name(lang),
        current: x.plan.code == current,
    };
    (
        plans.iter().map(|x| choice(x, &p.plan_code)).collect(),
        storage.iter().map(|x| choice(x, &p.storage_code)).collect(),
    )
}

/// What the page lists for the product's type: a suite's seats, a mail service's mailboxes,
/// a hosting's sites.
#[derive(Default)]
struct TypeLists {
    seat_candidates: Vec<(i64, String)>,
    seats: Vec<i64>,
    mailboxes: Vec<MailboxRow>,
    sites: Vec<SiteRow>,
}

async fn type_lists(s: &AppState, ctx: &Ctx, org: OrgId, p: &ProductRow, manage: bool) -> TypeLists {
    let (actor, id) = (&ctx.actor, p.id);
    match p.product_type.as_str() {
        "workspace_suite" => TypeLists {
            seat_candidates: if manage {
                s.app.seat_candidates(actor, org, id).await.unwrap_or_default()
            } else {
                vec![]
            },
            seats: s.app.list_seats(actor, org, id).await.unwrap_or_default(),
            ..TypeLists::default()
        },
        "mail_service" => TypeLists {
            mailboxes: s.app.list_mailboxes(actor, org, id).await.unwrap_or_default(),
            ..TypeLists::default()
        },
        "web_hosting" => TypeLists {
            sites: s.app.list_sites(actor, org, id).await.unwrap_or_default(),
            ..TypeLists::default()
        },
        _ => TypeLists::default(),
    }
}

async fn render_product(
    s: &AppState,
    ctx: &Ctx,
    id: i64,
    errors: Vec<String>,
    notice: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "product-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let actor = &ctx.actor;
    let p = match s.app.get_product(actor, org, id).await {
        Ok(p) => p,
        Err(e) => return ctx.error_page(s, &e),
    };
    let decision = decide(actor, Action::ProductsManage, Resource::Product(&f.facts, id));
    let cat = s.app.catalog().await.unwrap_or_default();
    let (plans, storage) = if p.product_type == "workspace_suite" {
        upgrade_choices(&cat, &p, ctx.lang)
    } else {
        (vec![], vec![])
    };
    let (plan, price) = plan_texts(ctx, &cat, &f.currency_of(org), &p);
    let (situation, pay) = situation(s, ctx, &f, org, &p).await;
    let renew = (decision.allowed
        && p.parent_id.is_none()
        && matches!(p.status, ProductStatus::Active | ProductStatus::Suspended))
    .then(|| renew_text(ctx, &f, &p));
    let TypeLists {
        seat_candidates,
        seats,
        mailboxes,
        sites,
    } = type_lists(s, ctx, org, &p, decision.allowed).await;
    let page = ProductPage {
        plan,
        price,
        situation,
        pay,
        renew,
        children: s.app.product_children(actor, org, id).await.unwrap_or_default(),
        parent: match p.parent_id {
            Some(parent) => s.app.get_product(actor, org, parent).await.ok(),
            None => None,
        },
        manage: decision.allowed,
        reason: ctx.tr().t(decision.reason_key),
        targets: s.app.move_targets(actor, org).await.unwrap_or_default(),
        plans,
        storage,
        seat_candidates,
        seats,
        mailboxes,
        sites,
        idem: crate::console::form_key(),
        f,
        p,
        errors,
        notice,
    };
    ctx.render(status, &page)
}

/// Why a product does not run and the payment that brings it back: a suspension names its
/// cause (expiry: renewing; reminders: paying the invoice, linked for who may pay it,
/// DUN-3), a product of an unpaid order links the order.
async fn situation(
    s: &AppState,
    ctx: &Ctx,
    f: &Frame,
    org: OrgId,
    p: &ProductRow,
) -> (String, Option<(String, String)>) {
    let date = |t: Option<i64>| f.day(&t.unwrap_or_default());
    match p.status {
        ProductStatus::Suspended => match p.suspended_for() {
            Some(kontor_domain::SuspendReason::Dunning) => {
                dunning_situation(s, ctx, org, p, date(p.suspended_at)).await
            }
            _ => (
                t_with(
                    ctx.lang,
                    "product-suspended-expiry",
                    &[
                        ("date", date(p.suspended_at)),
                        ("expiry", date(Some(p.expires_at))),
                    ],
                    &[],
                ),
                None,
            ),
        },
        ProductStatus::Pending => (
            ctx.tr().t("product-pending"),
            p.order_id.map(|o| {
                (
                    format!("/console/orders/{o}#pay"),
                    ctx.tr().t("product-pay-order"),
                )
            }),
        ),
        _ => (String::new(), None),
    }
}

/// A product the reminders of an unpaid invoice suspended: the invoice and its pay button for
/// a viewer who may pay it, else who can.
async fn dunning_situation(
    s: &AppState,
    ctx: &Ctx,
    org: OrgId,
    p: &ProductRow,
    since: String,
) -> (String, Option<(String, String)>) {
    match s
        .app
        .suspending_invoice(&ctx.actor, org, p.id)
        .await
        .ok()
        .flatten()
    {
        Some((inv, number)) => (
            t_with(
                ctx.lang,
                "product-suspended-dunning",
                &[("date", since), ("number", number.clone())],
                &[],
            ),
            Some((
                format!("/console/invoices/{inv}#pay"),
                t_with(ctx.lang, "product-pay-invoice", &[("number", number)], &[]),
            )),
        ),
        None => (
            t_with(
                ctx.lang,
                "product-suspended-dunning-other",
                &[("date", since)],
                &[],
            ),
            None,
        ),
    }
}

/// What renewing the product by one more period does: the expiry it reaches.
fn renew_text(ctx: &Ctx, f: &Frame, p: &ProductRow) -> String {
    let months = u32::try_from(p.period_months).unwrap_or(12);
    let until = time::OffsetDateTime::from_unix_timestamp(p.expires_at).map_or(p.expires_at, |t| {
        kontor_domain::pricing::add_months(t, months).unix_timestamp()
    });
    t_with(
        ctx.lang,
        "product-renew-explain",
        &[("until", f.day(&until))],
        &[("months", p.period_months)],
    )
}

/// The notices a change on the product page leaves after its redirect (`?done=`).
const PRODUCT_NOTICES: [&str; 5] = [
    "product-saved",
    "product-cancelled",
    "seats-saved",
    "mailbox-added",
    "mailbox-deleted",
];

pub async fn product_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let notice = match q.done.as_deref() {
        Some(d) if PRODUCT_NOTICES.contains(&d) => ctx.tr().t(&format!("notice-{d}")),
        _ => String::new(),
    };
    render_product(&s, &ctx, id, vec![], notice, StatusCode::OK).await
}

/// Renews the product by one period into a renewal order (BIL-5) and opens its pay form,
/// or its pro-forma to pay by transfer (BIL-2); a refusal (REN-3's window does not apply,
/// but a product of a suite or an ended one is refused by the service) stays on the page.
pub async fn renew(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let sel = s
        .app
        .pay_selection(&ctx.actor, org, Paying::Renew, &[id], None, None, None)
        .await;
    let refused = match sel {
        Ok(sel) => match (sel.order, sel.outcomes.into_iter().find_map(|o| o.result.err())) {
            (Some(order), None) => {
                let to = if form.get("how") == "proforma" {
                    format!("/console/orders/{}/proforma", order.row.id)
                } else {
                    format!("/console/orders/{}#pay", order.row.id)
                };
                return see_other(&to, None);
            }
            (_, Some(e)) => e,
            (None, None) => AppError::not_found(),
        },
        Err(e) => e,
    };
    let lines = ctx.error_lines(&refused);
    render_product(&s, &ctx, id, lines, String::new(), status_of(&refused)).await
}

/// The settings form: name, automatic renewal (REN-3), renewal warranty.
pub async fn update(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let ch = ProductChanges {
        name: form.opt("name").filter(|n| !n.trim().is_empty()),
        auto_renew: Some(checked(&form, "auto_renew")),
        renewal_warranty: Some(checked(&form, "renewal_warranty")),
        payment_method_id: form.opt("payment_method_id").and_then(|v| v.parse().ok()),
    };
    let result = s
        .app
        .update_product(&ctx.actor, org, id, &ch)
        .await
        .map(|_| "notice-product-saved");
    done(&s, &ctx, id, result).await
}

async fn done(s: &AppState, ctx: &Ctx, id: i64, result: Result<&str, AppError>) -> Response {
    match result {
        Ok(key) => see_other(
            &format!(
                "/console/products/{id}?done={}",
                key.trim_start_matches("notice-")
            ),
            None,
        ),
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_product(s, ctx, id, lines, String::new(), status_of(&e)).await
        }
    }
}

/// Ends a product (PRD-3; refused inside a suite, PRD-9).
pub async fn cancel(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, form }: OrgForm,
) -> Response {
    if !confirm::confirmed(&form) {
        let p = match s.app.get_product(&ctx.actor, org, id).await {
            Ok(p) => p,
            Err(e) => return ctx.error_page(&s, &e),
        };
        let kind = ctx.tr().tp("type", &p.product_type);
        let what = vec![
            t_with(
                ctx.lang,
                "confirm-end-product",
                &[("name", p.name), ("type", kind)],
                &[],
            ),
            ctx.tr().t("product-cancel-explain"),
        ];
        let back = format!("/console/products/{id}");
        let action = format!("{back}/cancel");
        let ask = Ask {
            action: &action,
            what,
            button: "product-cancel",
            back: &back,
        };
        return confirm::ask(&s, &ctx, &form, ask).await;
    }
    let result = s
        .app
        .cancel_product(&ctx.actor, org, id)
        .await
        .map(|_| "notice-product-cancelled");
    done(&s, &ctx, id, result).await
}

/// Moves a product to another organization of the viewer (PRD-4).
pub async fn move_to(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let result = match form.get("organization").parse::<i64>() {
        Ok(target) => match s.app.move_product(&ctx.actor, org, id, OrgId(target)).await {
            Ok(_) => return see_other("/console/products?window=all&done=moved", None),
            Err(e) => Err(e),
        },
        Err(_) => Err(AppError::field("organization", "required")),
    };
    done(&s, &ctx, id, result).await
}

/// Orders the upgrade of a suite and opens its pay page (PRD-9).
pub async fn upgrade(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let req = UpgradeRequest {
        plan: form.opt("plan").filter(|x| !x.is_empty()),
        seats: form.get("seats").trim().parse().ok(),
        storage: form.opt("storage").filter(|x| !x.is_empty()),
    };
    let idem = crate::console::form_idem(
        &form,
        &format!("/console/products/{id}/upgrade"),
        &format!("{:?}", (&req.plan, req.seats, &req.storage)),
    );
    match s
        .app
        .upgrade_suite(&ctx.actor, org, id, &req, idem.as_ref())
        .await
    {
        Ok(order) => see_other(&format!("/console/orders/{}", order.row.id), None),
        Err(e) => done(&s, &ctx, id, Err(e)).await,
    }
}

/// Assigns a suite's seats (PRD-9).
pub async fn seats(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let result = s
        .app
        .set_seats(&ctx.actor, org, id, &form.ids("user"))
        .await
        .map(|_| "notice-seats-saved");
    done(&s, &ctx, id, result).await
}

/// Adds a mailbox to a mail service.
pub async fn add_mailbox(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let result = s
        .app
        .add_mailbox(&ctx.actor, org, id, &form.get("address"))
        .await
        .map(|_| "notice-mailbox-added");
    done(&s, &ctx, id, result).await
}

/// Deletes a mailbox of a mail service.
pub async fn delete_mailbox(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let result = match form.get("mailbox").parse::<i64>() {
        Ok(m) => s
            .app
            .delete_mailbox(&ctx.actor, org, id, m)
            .await
            .map(|()| "notice-mailbox-deleted"),
        Err(_) => Err(AppError::not_found()),
    };
    done(&s, &ctx, id, result).await
}

/// Creates a site on a web hosting and opens its page (PRD-10).
pub async fn add_site(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let created = s
        .app
        .create_site(
            &ctx.actor,
            org,
            id,
            &form.get("site_name"),
            checked(&form, "imported"),
        )
        .await;
    match created {
        Ok(site) => see_other(&format!("/console/products/{id}/sites/{}", site.row.id), None),
        Err(e) => done(&s, &ctx, id, Err(e)).await,
    }
}
