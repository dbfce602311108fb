//! Console pages for ordering and paying (PRD-2, BIL-4, BIL-6, BIL-8): the catalogue with an
//! order form and its price preview (PRC-2 tier applied), the orders, and an order's page with
//! the pay form. Paying with a new card goes through the sandbox gateway's own card page
//! (`/sandbox/checkout`), which returns a card token to the confirm page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::billing::orders::{ItemRequest, Order, Quote};
use kontor_app::billing::payments::PayRequest;
use kontor_app::catalog::Catalog;
use kontor_app::model::{ItemRow, MethodRow, OrderRow, PaymentRow};
use kontor_app::{AppError, ErrorCode};
use kontor_domain::locale::parse_typed_amount;
use kontor_domain::{Language, OrderStatus, PaymentStatus};
use serde::Deserialize;

use crate::AppState;
use crate::console::billing::sandbox::{card_label, checkout_card, checkout_url};
use crate::console::extract::{OrgForm, SignedIn};
use crate::console::{
    Ctx, FormData, Frame, checked, form_idem, form_key, money, percent, see_other, status_of,
};

/// What the order form holds, kept across a preview.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrderForm {
    #[serde(default)]
    pub plan: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub names: String,
    #[serde(default)]
    pub seats: String,
    #[serde(default)]
    pub storage: String,
    /// BIL-7: the billing address chosen (empty: the default one).
    #[serde(default)]
    pub billing_address: String,
    /// REN-5: the renewal warranty for what is ordered (`on` when ticked).
    #[serde(default)]
    pub warranty: String,
    /// The cart (issue 18 item 6): lines added before, of any type and period, carried by
    /// the form itself (`plan|period|seats|storage|warranty|name`), so nothing is stored
    /// until the order is placed.
    #[serde(skip)]
    pub cart: Vec<CartLine>,
}

/// A line of the cart: one product to order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartLine {
    pub plan: String,
    pub period: i64,
    pub seats: Option<i64>,
    pub storage: Option<String>,
    pub warranty: bool,
    pub name: String,
}

impl CartLine {
    /// The line as the form carries it; the name last, so it may hold any character.
    pub fn encoded(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            self.plan,
            self.period,
            self.seats.map(|n| n.to_string()).unwrap_or_default(),
            self.storage.as_deref().unwrap_or_default(),
            if self.warranty { "on" } else { "" },
            self.name
        )
    }

    /// A line read back from the form (`None`: not one of ours, dropped).
    pub fn decode(raw: &str) -> Option<CartLine> {
        let mut parts = raw.splitn(6, '|');
        let plan = parts.next()?.trim().to_owned();
        let period = parts.next()?.trim().parse().ok()?;
        let seats = parts.next()?.trim().parse().ok();
        let storage = Some(parts.next()?.trim().to_owned()).filter(|s| !s.is_empty());
        let warranty = parts.next()? == "on";
        let name = parts.next()?.trim().to_owned();
        (!plan.is_empty() && !name.is_empty()).then_some(CartLine {
            plan,
            period,
            seats,
            storage,
            warranty,
            name,
        })
    }

    fn item(&self) -> ItemRequest {
        ItemRequest {
            plan: self.plan.clone(),
            period_months: self.period,
            name: self.name.clone(),
            seats: self.seats,
            storage: self.storage.clone(),
            renewal_warranty: self.warranty,
        }
    }
}

impl OrderForm {
    fn from_form(f: &FormData) -> OrderForm {
        OrderForm {
            plan: f.get("plan"),
            period: f.get("period"),
            names: f.get("names"),
            seats: f.get("seats"),
            storage: f.get("storage"),
            billing_address: f.get("billing_address"),
            warranty: f.get("warranty"),
            cart: f.all("line").iter().filter_map(|l| CartLine::decode(l)).collect(),
        }
    }

    /// The lines the form's fields describe now, one per non-empty line of names.
    fn current(&self) -> Vec<CartLine> {
        let period = self.period.trim().parse().unwrap_or(0);
        let seats = self.seats.trim().parse().ok();
        let storage = Some(self.storage.trim().to_owned()).filter(|s| !s.is_empty());
        self.names
            .lines()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|name| CartLine {
                plan: self.plan.trim().to_owned(),
                period,
                seats,
                storage: storage.clone(),
                warranty: self.warranty == "on",
                name: name.to_owned(),
            })
            .collect()
    }

    /// `Add to cart`: the current lines join the cart and the fields are emptied for the next.
    fn add_to_cart(&mut self) {
        let lines = self.current();
        self.cart.extend(lines);
        self.names.clear();
    }

    /// The billing address chosen, if one is; a value that is no id asks for id 0, which no
    /// address has, so it is refused as `unknown` rather than ignored.
    fn billing_address_id(&self) -> Option<i64> {
        let v = self.billing_address.trim();
        (!v.is_empty()).then(|| v.parse().unwrap_or(0))
    }

    /// The cart's items, then one per non-empty line of names.
    fn items(&self) -> Vec<ItemRequest> {
        self.cart
            .iter()
            .chain(&self.current())
            .map(CartLine::item)
            .collect()
    }

    fn canonical(&self) -> String {
        let cart: Vec<String> = self.cart.iter().map(CartLine::encoded).collect();
        format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            self.plan,
            self.period,
            self.names,
            self.seats,
            self.storage,
            self.billing_address,
            self.warranty,
            cart.join("\n")
        )
    }
}

/// A plan's prices in the organization's currency, for the catalogue table.
struct PlanLine {
    code: String,
    name: String,
    description: String,
    per_seat: bool,
    prices: Vec<(i64, String)>,
}

struct TypeBlock {
    code: String,
    name: String,
    description: String,
    plans: Vec<PlanLine>,
    storage: Vec<PlanLine>,
}

fn blocks(cat: &Catalog, currency: &str, lang: Language) -> Vec<TypeBlock> {
    let line = |p: &kontor_app::catalog::PlanView| PlanLine {
        code: p.plan.code.clone(),
        name: p.texts(lang).0,
        description: p.texts(lang).1,
        per_seat: p.plan.per_seat,
        prices: p
            .prices
            .iter()
            .filter_map(|(period, by)| by.get(currency).map(|m| (*period, money(*m, currency, lang))))
            .collect(),
    };
    cat.types
        .iter()
        .filter(|t| !t.plans.is_empty())
        .map(|t| TypeBlock {
            code: t.row.code.clone(),
            name: t.texts(lang).0,
            description: t.texts(lang).1,
            plans: t.plans.iter().map(line).collect(),
            storage: t.storage.iter().map(line).collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "billing/catalog.html")]
struct CatalogPage {
    f: Frame,
    currency: String,
    types: Vec<TypeBlock>,
    tiers: Vec<(u32, String)>,
    form: OrderForm,
    quote: Option<Quote>,
    can_order: bool,
    reason: String,
    idem: String,
    errors: Vec<String>,
    /// BIL-7: the organization's billing addresses, when the member may see them.
    addresses: Vec<kontor_app::model::AddressRow>,
}

#[allow(clippy::unused_self, clippy::trivially_copy_pass_by_ref)] // askama calls helpers as methods, by reference
impl CatalogPage {
    fn address_chosen(&self, id: &i64) -> bool {
        self.form.billing_address_id() == Some(*id)
    }

    fn money(&self, minor: &i64) -> String {
        money(*minor, &self.currency, self.f.tr.0)
    }

    fn chosen(&self, code: &str) -> bool {
        self.form.plan == code
    }

    /// The plan's name as the catalogue gives it in the reader's language (the code when it
    /// is not offered any more).
    fn plan_name(&self, code: &str) -> String {
        self.types
            .iter()
            .flat_map(|t| t.plans.iter().chain(&t.storage))
            .find(|p| p.code == code)
            .map_or_else(|| code.to_owned(), |p| p.name.clone())
    }

    /// The periods the form offers: those of the chosen plan, or every period a plan has.
    fn periods(&self) -> Vec<i64> {
        let chosen: Vec<i64> = self
            .types
            .iter()
            .flat_map(|t| &t.plans)
            .find(|p| p.code == self.form.plan)
            .map(|p| p.prices.iter().map(|(n, _)| *n).collect())
            .unwrap_or_default();
        if chosen.is_empty() {
            kontor_domain::products::PERIODS
                .iter()
                .map(|n| i64::from(*n))
                .collect()
        } else {
            chosen
        }
    }

    fn period_chosen(&self, p: &i64) -> bool {
        self.form.period == p.to_string() || (self.form.period.is_empty() && *p == 12)
    }

    fn storage_chosen(&self, code: &str) -> bool {
        self.form.storage == code
    }
}

async fn render_catalog(
    s: &AppState,
    ctx: &Ctx,
    form: OrderForm,
    quote: Option<Quote>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "catalog-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let d = decide(&ctx.actor, Action::ProductsManage, Resource::Organization(&facts));
    let currency = f.currency_of(org);
    let cat = s.app.catalog().await.unwrap_or_default();
    let page = CatalogPage {
        types: blocks(&cat, &currency, ctx.lang),
        tiers: s
            .app
            .settings
            .degressive_tiers
            .steps()
            .iter()
            .map(|(n, p)| (*n, percent(p.0)))
            .collect(),
        currency,
        form,
        quote,
        can_order: d.allowed,
        reason: ctx.tr().t(d.reason_key),
        idem: form_key(),
        errors,
        addresses: s.app.list_addresses(&ctx.actor, org).await.unwrap_or_default(),
        f,
    };
    ctx.render(status, &page)
}

pub async fn catalog_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(form): Query<OrderForm>,
) -> Response {
    render_catalog(&s, &ctx, form, None, vec![], StatusCode::OK).await
}

/// The order form: `go=preview` prices it, `go=order` creates the order; the cart's buttons
/// (`go=add`, `remove=<line>`, a catalogue row's `pick=<plan>`) change only the form.
pub async fn order(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let mut order_form = OrderForm::from_form(&form);
    if let Some(cart) = cart_step(&form, &mut order_form) {
        let quote = if cart {
            s.app.quote_order(&ctx.actor, org, &order_form.items()).await
        } else {
            return render_catalog(&s, &ctx, order_form, None, vec![], StatusCode::OK).await;
        };
        return match quote {
            Ok(q) => render_catalog(&s, &ctx, order_form, Some(q), vec![], StatusCode::OK).await,
            Err(e) => {
                let lines = ctx.error_lines(&e);
                render_catalog(&s, &ctx, order_form, None, lines, status_of(&e)).await
            }
        };
    }
    let items = order_form.items();
    if form.get("go") == "order" {
        let idem = form_idem(&form, "/console/catalog", &order_form.canonical());
        let address = order_form.billing_address_id();
        match s
            .app
            .create_order(&ctx.actor, org, &items, address, idem.as_ref())
            .await
        {
            // PAR-7: a partner that pays ordered into its own organization: it pays there.
            Ok(o) if o.row.organization_id != org.0 => {
                let payer = kontor_domain::OrgId(o.row.organization_id);
                match s.app.switch_organization(&ctx.actor, payer).await {
                    Ok(()) => see_other(&format!("/console/orders/{}", o.row.id), None),
                    Err(e) => ctx.error_page(&s, &e),
                }
            }
            Ok(o) => see_other(&format!("/console/orders/{}", o.row.id), None),
            Err(e) => {
                let lines = ctx.error_lines(&e);
                render_catalog(&s, &ctx, order_form, None, lines, status_of(&e)).await
            }
        }
    } else {
        match s.app.quote_order(&ctx.actor, org, &items).await {
            Ok(q) => render_catalog(&s, &ctx, order_form, Some(q), vec![], StatusCode::OK).await,
            Err(e) => {
                let lines = ctx.error_lines(&e);
                render_catalog(&s, &ctx, order_form, None, lines, status_of(&e)).await
            }
        }
    }
}

/// A button of the cart: a catalogue row's *Order* puts its plan and period in the form; *Add
/// to cart* moves the form's lines into the cart; *Remove* takes one out. Answers whether the
/// cart (non-empty) is priced again, `None` for the form's own buttons.
fn cart_step(form: &FormData, order: &mut OrderForm) -> Option<bool> {
    if let Some(plan) = form.opt("pick") {
        order.period = form.get(&format!("period-{plan}"));
        order.plan = plan;
        order.names.clear();
        return Some(!order.cart.is_empty());
    }
    if let Some(i) = form.opt("remove").and_then(|v| v.parse::<usize>().ok()) {
        if i < order.cart.len() {
            order.cart.remove(i);
        }
        return Some(!order.cart.is_empty());
    }
    if form.get("go") == "add" {
        order.add_to_cart();
        return Some(!order.cart.is_empty());
    }
    None
}

#[derive(Template)]
#[template(path = "billing/orders.html")]
struct OrdersPage {
    f: Frame,
    orders: Vec<OrderRow>,
    allowed: bool,
    reason: String,
}

pub async fn orders_page(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Response {
    let f = ctx.frame(&s, "orders-title").await;
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let (allowed, reason, orders) = match s.app.list_orders(&ctx.actor, org, None, 0, 200).await {
        Ok((rows, _)) => (true, String::new(), rows),
        Err(e) => (false, ctx.error_lines(&e).join(" "), vec![]),
    };
    let page = OrdersPage {
        f,
        orders,
        allowed,
        reason,
    };
    ctx.render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "billing/order.html")]
struct OrderPage {
    f: Frame,
    order: Order,
    payments: Vec<PaymentRow>,
    cards: Vec<MethodRow>,
    balance: i64,
    can_pay: bool,
    pay_reason: String,
    can_cancel: bool,
    cancel_reason: String,
    idem: String,
    invoice: Option<(i64, String)>,
    errors: Vec<String>,
    notice: String,
}

#[allow(clippy::unused_self, clippy::trivially_copy_pass_by_ref)] // askama calls helpers as methods, by reference
impl OrderPage {
    fn money(&self, minor: &i64) -> String {
        money(*minor, &self.order.row.currency, self.f.tr.0)
    }

    fn pending(&self) -> bool {
        self.order.row.status == OrderStatus::Pending
    }

    fn balance_text(&self) -> String {
        money(self.balance, &self.order.row.currency, self.f.tr.0)
    }

    /// The prepaid part proposed with a card: the whole balance when it covers part of the
    /// order; nothing when it covers all of it (then the prepaid account is the default means).
    fn balance_input(&self) -> String {
        if self.balance > 0 && self.balance < self.order.row.total_minor {
            kontor_domain::money::format_minor(self.balance)
        } else {
            String::new()
        }
    }

    /// The means chosen when the page opens: the prepaid account when it covers the order,
    /// else the first saved card, else a new card.
    fn default_means(&self) -> String {
        if self.balance >= self.order.row.total_minor {
            "prepaid".to_owned()
        } else if let Some(c) = self.cards.first() {
            self.card_means(c)
        } else {
            "new_card".to_owned()
        }
    }

    fn is_default(&self, means: &str) -> bool {
        self.default_means() == means
    }

    fn card_means(&self, c: &MethodRow) -> String {
        format!("{}:{}", c.kind, c.id)
    }

    fn chf(&self) -> bool {
        self.order.row.currency == "CHF"
    }

    fn transfer_help(&self) -> String {
        self.f.tr.t("pay-bank-transfer-help")
    }

    fn reference(&self) -> String {
        kontor_domain::references::grouped(self.order.row.reference.as_deref().unwrap_or_default())
    }

    fn is_upgrade(&self, item: &ItemRow) -> bool {
        item.kind == "upgrade"
    }
}

async fn render_order(
    s: &AppState,
    ctx: &Ctx,
    id: i64,
    errors: Vec<String>,
    notice: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "order-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let order = match s.app.get_order(&ctx.actor, org, id).await {
        Ok(o) => o,
        Err(e) => return ctx.error_page(s, &e),
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let pay = decide(&ctx.actor, Action::BillingPay, Resource::Organization(&facts));
    let cancel = decide(&ctx.actor, Action::ProductsManage, Resource::Organization(&facts));
    let payments = s
        .app
        .order_payments(&ctx.actor, org, id)
        .await
        .unwrap_or_default();
    let invoice = match payments.iter().find_map(|p| p.invoice_id) {
        Some(inv) => s
            .app
            .get_invoice(&ctx.actor, org, inv)
            .await
            .ok()
            .map(|i| (i.row.id, i.row.number)),
        None => None,
    };
    let page = OrderPage {
        cards: if pay.allowed {
            s.app
                .list_payment_methods(&ctx.actor, org)
                .await
                .unwrap_or_default()
        } else {
            vec![]
        },
        balance: s
            .app
            .prepaid(&ctx.actor, org, 0, 0)
            .await
            .map_or(0, |p| p.balance),
        can_pay: pay.allowed,
        pay_reason: ctx.tr().t(pay.reason_key),
        can_cancel: cancel.allowed,
        cancel_reason: ctx.tr().t(cancel.reason_key),
        idem: form_key(),
        f,
        order,
        payments,
        invoice,
        errors,
        notice,
    };
    ctx.render(status, &page)
}

#[derive(Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    pub done: String,
}

pub async fn order_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Response {
    let notice = match n.done.as_str() {
        "paid" => ctx.tr().t("notice-order-paid"),
        "cancelled" => ctx.tr().t("notice-payment-cancelled"),
        "transfer" => ctx.tr().t("notice-payment-transfer"),
        "pending" => ctx.tr().t("notice-payment-pending"),
        "declined" => ctx.tr().t("notice-payment-declined"),
        _ => String::new(),
    };
    render_order(&s, &ctx, id, vec![], notice, StatusCode::OK).await
}

pub async fn cancel(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, .. }: OrgForm,
) -> Response {
    match s.app.cancel_order(&ctx.actor, org, id).await {
        Ok(_) => see_other(&format!("/console/orders/{id}"), None),
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_order(&s, &ctx, id, lines, String::new(), status_of(&e)).await
        }
    }
}

/// How a pay form asks to pay: `prepaid`, `card:<saved id>` or `new_card`, with an optional
/// prepaid part for cards.
struct PayChoice {
    means: String,
    prepaid_part: Option<i64>,
    save: bool,
    auto_renew: bool,
}

impl PayChoice {
    /// A decimal comma is taken where the language writes one.
    fn from_form(form: &FormData, lang: Language) -> Result<PayChoice, AppError> {
        let part = form.get("prepaid_part");
        let prepaid_part = if part.trim().is_empty() {
            None
        } else {
            Some(
                parse_typed_amount(&part, lang)
                    .map_err(|_| AppError::field("prepaid_amount", "invalid_amount"))?,
            )
            .filter(|m| *m > 0)
        };
        Ok(PayChoice {
            means: form.get("means"),
            prepaid_part,
            save: checked(form, "save"),
            auto_renew: checked(form, "auto_renew"),
        })
    }

    /// The query string that carries the choice through the gateway's card page.
    fn carry(&self, idem: &str) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("idem", idem);
        if let Some(p) = self.prepaid_part {
            q.append_pair("prepaid_part", &kontor_domain::money::format_minor(p));
        }
        if self.save {
            q.append_pair("save", "on");
        }
        if self.auto_renew {
            q.append_pair("auto_renew", "on");
        }
        q.finish()
    }

    fn request(&self, card_token: Option<String>) -> Result<PayRequest, AppError> {
        let mut req = PayRequest {
            means: "card".to_owned(),
            save: self.save,
            prepaid_amount: self.prepaid_part,
            auto_renew: Some(self.auto_renew),
            ..PayRequest::default()
        };
        if let Some(token) = card_token {
            req.card_token = Some(token);
        } else if self.means == "prepaid" {
            "prepaid".clone_into(&mut req.means);
            req.prepaid_amount = None;
            req.auto_renew = None;
        } else if let Some(saved) = crate::console::saved_means(&self.means) {
            let (kind, id) = saved?;
            kind.clone_into(&mut req.means);
            req.payment_method_id = Some(id);
        } else if matches!(
            self.means.as_str(),
            "paypal" | "twint" | "postfinance" | "bank_transfer"
        ) {
            // Paid elsewhere or later: no prepaid part, nothing to save here (TWINT keeps its
            // profile by itself).
            self.means.clone_into(&mut req.means);
            req.prepaid_amount = None;
            req.save = false;
            req.auto_renew = None;
        } else {
            return Err(AppError::field("means", "unknown_means"));
        }
        Ok(req)
    }

    fn canonical(&self, token: &str) -> String {
        format!(
            "{}|{:?}|{}|{}|{token}",
            self.means, self.prepaid_part, self.save, self.auto_renew
        )
    }
}

/// The outcome of a payment in the console: to the order page, or back with the refusal.
async fn after_payment(s: &AppState, ctx: &Ctx, id: i64, result: Result<PaymentRow, AppError>) -> Response {
    match result {
        Ok(p) if p.status == PaymentStatus::Succeeded => {
            see_other(&format!("/console/orders/{id}?done=paid"), None)
        }
        Ok(p) if p.status == PaymentStatus::Pending => match s.app.redirect_url(&p) {
            Some(url) => see_other(&url, None),
            None => see_other(&format!("/console/orders/{id}?done=transfer"), None),
        },
        Ok(p) => {
            let reason = kontor_app::platform::i18n::t(ctx.lang, &format!("card-{}", p.failure_code));
            let line = format!("{} {reason}", ctx.tr().t("error-card_refused"));
            render_order(
                s,
                ctx,
                id,
                vec![line],
                String::new(),
                StatusCode::PAYMENT_REQUIRED,
            )
            .await
        }
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_order(s, ctx, id, lines, String::new(), status_of(&e)).await
        }
    }
}

pub async fn pay(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let choice = match PayChoice::from_form(&form, ctx.lang) {
        Ok(c) => c,
        Err(e) => return after_payment(&s, &ctx, id, Err(e)).await,
    };
    if choice.means == "new_card" {
        let order = match s.app.get_order(&ctx.actor, org, id).await {
            Ok(o) => o,
            Err(e) => return after_payment(&s, &ctx, id, Err(e)).await,
        };
        if order.row.status != OrderStatus::Pending {
            return after_payment(&s, &ctx, id, Err(AppError::new(ErrorCode::OrderNotPending))).await;
        }
        let rest = (order.row.total_minor - choice.prepaid_part.unwrap_or(0)).max(0);
        let back = format!("/console/orders/{id}/confirm?{}", choice.carry(&form.get("idem")));
        let what = format!("{} {id}", ctx.tr().t("order-title"));
        return see_other(&checkout_url(org, rest, &order.row.currency, &what, &back), None);
    }
    let result = match choice.request(None) {
        Ok(req) => {
            let idem = form_idem(&form, &format!("/console/orders/{id}/pay"), &choice.canonical(""));
            s.app.pay_order(&ctx.actor, org, id, &req, idem.as_ref()).await
        }
        Err(e) => Err(e),
    };
    after_payment(&s, &ctx, id, result).await
}

/// What the sandbox's card page hands back, with the choice carried through it.
#[derive(Deserialize, Default)]
pub struct Returned {
    /// The card page's one-time checkout handle (never the card token).
    #[serde(default)]
    pub card: String,
    #[serde(default)]
    pub cancelled: String,
    #[serde(default)]
    pub idem: String,
    #[serde(default)]
    pub prepaid_part: String,
    #[serde(default)]
    pub save: String,
    #[serde(default)]
    pub auto_renew: String,
    #[serde(default)]
    pub amount: String,
}

#[derive(Template)]
#[template(path = "billing/pay_confirm.html")]
pub struct ConfirmPage {
    pub f: Frame,
    pub action: String,
    pub back: String,
    pub what: String,
    pub card: String,
    pub by_card: String,
    pub from_prepaid: String,
    pub fields: Vec<(&'static str, String)>,
    pub errors: Vec<String>,
}

pub async fn confirm_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<i64>,
    Query(r): Query<Returned>,
) -> Response {
    if !r.cancelled.is_empty() || r.card.is_empty() {
        return see_other(&format!("/console/orders/{id}?done=cancelled"), None);
    }
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let order = match s.app.get_order(&ctx.actor, org, id).await {
        Ok(o) => o,
        Err(e) => return ctx.error_page(&s, &e),
    };
    let part = parse_typed_amount(&r.prepaid_part, ctx.lang).unwrap_or(0);
    let cur = &order.row.currency;
    let card = card_label(&s, org, &r.card).await;
    let page = ConfirmPage {
        f: ctx.frame(&s, "confirm-title").await,
        action: format!("/console/orders/{id}/confirm"),
        back: format!("/console/orders/{id}"),
        what: format!("{} {id}", ctx.tr().t("order-title")),
        card,
        by_card: money((order.row.total_minor - part).max(0), cur, ctx.lang),
        from_prepaid: if part > 0 {
            money(part, cur, ctx.lang)
        } else {
            String::new()
        },
        fields: vec![
            ("card", r.card),
            ("idem", r.idem),
            ("prepaid_part", r.prepaid_part),
            ("save", r.save),
            ("auto_renew", r.auto_renew),
            ("means", "new_card".to_owned()),
        ],
        errors: vec![],
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn confirm(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let handle = form.get("card");
    let Some(card) = checkout_card(&s, org, &handle).await else {
        let e = AppError::field("card_token", "unknown");
        return after_payment(&s, &ctx, id, Err(e)).await;
    };
    let result = match PayChoice::from_form(&form, ctx.lang).and_then(|c| {
        let req = c.request(Some(card.token))?;
        Ok((c, req))
    }) {
        Ok((choice, req)) => {
            let idem = form_idem(
                &form,
                &format!("/console/orders/{id}/pay"),
                &choice.canonical(&handle),
            );
            s.app.pay_order(&ctx.actor, org, id, &req, idem.as_ref()).await
        }
        Err(e) => Err(e),
    };
    after_payment(&s, &ctx, id, result).await
}
