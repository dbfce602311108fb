//! Console pages for billing (BIL-1, BIL-4, BIL-6, BIL-9): invoices and one invoice as a
//! document, the prepaid account with its ledger and top-up (saved card or the sandbox
//! gateway's card page), and the saved cards.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::invoices::Invoice;
use kontor_app::model::{EntryRow, InvoiceRow, MethodRow};
use kontor_app::payments::{PayRequest, Prepaid};
use kontor_app::settings::Creditor;
use kontor_app::{AppError, ErrorCode};
use kontor_domain::money::{format_minor, parse_minor};
use serde::Deserialize;

use super::checkout::{card_label, checkout_url};
use super::shop::{ConfirmPage, Returned};
use super::{
    Ctx, FormData, Frame, checked, form_idem, form_key, money, percent, saved_means, see_other, status_of,
};
use crate::AppState;

const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "invoices.html")]
struct InvoicesPage {
    f: Frame,
    invoices: Vec<InvoiceRow>,
    allowed: bool,
    reason: String,
}

pub async fn invoices_page(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    let f = ctx.frame(&s, "invoices-title").await;
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let (allowed, reason, invoices) = match s
        .app
        .list_invoices(&ctx.actor, org, None, None, None, 0, 500)
        .await
    {
        Ok((rows, _)) => (true, String::new(), rows),
        Err(e) => (false, ctx.error_lines(&e).join(" "), vec![]),
    };
    let page = InvoicesPage {
        f,
        invoices,
        allowed,
        reason,
    };
    ctx.render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "invoice.html")]
struct InvoicePage {
    f: Frame,
    inv: Invoice,
    creditor: Creditor,
    /// DUN-2: (level, when) of each reminder step reached.
    reminders: Vec<(i64, i64)>,
    /// Saved cards and TWINT profiles, when the reader may pay.
    methods: Vec<MethodRow>,
    can_pay: bool,
    pay_reason: String,
    notice: String,
    errors: Vec<String>,
    idem: String,
}

#[allow(clippy::unused_self, clippy::trivially_copy_pass_by_ref)] // askama calls helpers as methods, by reference
impl InvoicePage {
    fn money(&self, minor: &i64) -> String {
        money(*minor, &self.inv.row.currency)
    }

    fn vat(&self) -> String {
        percent(self.inv.row.vat_rate_bp)
    }

    fn reference(&self) -> String {
        kontor_domain::references::grouped(&self.inv.row.reference)
    }

    fn step(&self, level: &i64) -> String {
        self.f.tr.t(&format!("dunning-step-{level}"))
    }

    fn open(&self) -> bool {
        self.inv.row.status == "open"
    }

    fn chf(&self) -> bool {
        self.inv.row.currency == "CHF"
    }

    fn transfer_help(&self) -> String {
        self.f.tr.t("pay-bank-transfer-invoice-help")
    }

    fn account(&self) -> &str {
        if self.inv.row.currency == "CHF" {
            &self.creditor.qr_iban
        } else {
            &self.creditor.iban
        }
    }
}

pub async fn invoice_page(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(n): Query<super::shop::Notice>,
) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    let notice = match n.done.as_str() {
        "paid" => ctx.tr().t("notice-order-paid"),
        "transfer" => ctx.tr().t("notice-payment-transfer"),
        "pending" => ctx.tr().t("notice-payment-pending"),
        "declined" => ctx.tr().t("notice-payment-declined"),
        _ => String::new(),
    };
    render_invoice(&s, &ctx, id, notice, vec![], StatusCode::OK).await
}

async fn render_invoice(
    s: &AppState,
    ctx: &Ctx,
    id: i64,
    notice: String,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let inv = match s.app.get_invoice(&ctx.actor, org, id).await {
        Ok(inv) => inv,
        Err(e) => return ctx.error_page(s, &e),
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let pay = decide(&ctx.actor, Action::BillingPay, Resource::Organization(&facts));
    let page = InvoicePage {
        f: ctx.frame(s, "invoice-title").await,
        reminders: s
            .app
            .invoice_reminders(&ctx.actor, org, id)
            .await
            .unwrap_or_default(),
        methods: if pay.allowed {
            s.app
                .list_payment_methods(&ctx.actor, org)
                .await
                .unwrap_or_default()
        } else {
            vec![]
        },
        can_pay: pay.allowed,
        pay_reason: ctx.tr().t(pay.reason_key),
        notice,
        errors,
        idem: form_key(),
        inv,
        creditor: s.app.settings.creditor.clone(),
    };
    ctx.render(status, &page)
}

/// DUN-3: pays an open invoice with a saved card or TWINT profile, the prepaid account, a
/// redirect means, or announces a bank transfer.
pub async fn pay_invoice(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, body: String) -> Response {
    let (form, org) = match ctx.org_form(&s, &body).await {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let means = form.get("means");
    let mut req = PayRequest::default();
    match saved_means(&means) {
        Some(Ok((kind, mid))) => {
            kind.clone_into(&mut req.means);
            req.payment_method_id = Some(mid);
        }
        Some(Err(e)) => {
            let lines = ctx.error_lines(&e);
            return render_invoice(&s, &ctx, id, String::new(), lines, status_of(&e)).await;
        }
        None => means.clone_into(&mut req.means),
    }
    let idem = form_idem(&form, &format!("/console/invoices/{id}/pay"), &req.means);
    match s.app.pay_invoice(&ctx.actor, org, id, &req, idem.as_ref()).await {
        Ok(p) if p.status == "succeeded" => see_other(&format!("/console/invoices/{id}?done=paid"), None),
        Ok(p) if p.status == "pending" => match s.app.redirect_url(&p) {
            Some(url) => see_other(&url, None),
            None => see_other(&format!("/console/invoices/{id}?done=transfer"), None),
        },
        Ok(p) => {
            let reason = kontor_app::i18n::t(ctx.lang, &format!("card-{}", p.failure_code));
            let line = format!("{} {reason}", ctx.tr().t("error-card_refused"));
            render_invoice(
                &s,
                &ctx,
                id,
                String::new(),
                vec![line],
                StatusCode::PAYMENT_REQUIRED,
            )
            .await
        }
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_invoice(&s, &ctx, id, String::new(), lines, status_of(&e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "prepaid.html")]
struct PrepaidPage {
    f: Frame,
    account: Option<Prepaid>,
    cards: Vec<MethodRow>,
    page: i64,
    pages: i64,
    allowed: bool,
    reason: String,
    can_pay: bool,
    pay_reason: String,
    min: String,
    max: String,
    idem: String,
    errors: Vec<String>,
    notice: String,
}

#[allow(clippy::unused_self, clippy::trivially_copy_pass_by_ref)] // askama calls helpers as methods, by reference
impl PrepaidPage {
    fn money(&self, minor: &i64) -> String {
        money(
            *minor,
            self.account.as_ref().map_or("CHF", |a| a.currency.as_str()),
        )
    }

    fn entry_class(&self, e: &EntryRow) -> &'static str {
        if e.amount_minor < 0 { "debit" } else { "credit" }
    }
}

#[derive(Deserialize, Default)]
pub struct PrepaidQuery {
    #[serde(default)]
    pub page: Option<i64>,
    #[serde(default)]
    pub done: String,
}

async fn render_prepaid(
    s: &AppState,
    ctx: &Ctx,
    page: i64,
    errors: Vec<String>,
    notice: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "prepaid-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let pay = decide(&ctx.actor, Action::BillingPay, Resource::Organization(&facts));
    let page = page.max(1);
    let (allowed, reason, account) = match s
        .app
        .prepaid(&ctx.actor, org, (page - 1) * PER_PAGE, PER_PAGE)
        .await
    {
        Ok(p) => (true, String::new(), Some(p)),
        Err(e) => (false, ctx.error_lines(&e).join(" "), None),
    };
    let pages = account
        .as_ref()
        .map_or(1, |a| (a.total + PER_PAGE - 1) / PER_PAGE)
        .max(1);
    let view = PrepaidPage {
        cards: if pay.allowed {
            s.app
                .list_payment_methods(&ctx.actor, org)
                .await
                .unwrap_or_default()
        } else {
            vec![]
        },
        can_pay: pay.allowed,
        pay_reason: ctx.tr().t(pay.reason_key),
        min: format_minor(s.app.settings.top_up_min),
        max: format_minor(s.app.settings.top_up_max),
        idem: form_key(),
        f,
        account,
        page,
        pages,
        allowed,
        reason,
        errors,
        notice,
    };
    ctx.render(status, &view)
}

pub async fn prepaid_page(State(s): State<AppState>, ctx: Ctx, Query(q): Query<PrepaidQuery>) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    let notice = match q.done.as_str() {
        "topped_up" => ctx.tr().t("notice-topped-up"),
        "cancelled" => ctx.tr().t("notice-payment-cancelled"),
        "forgotten" => ctx.tr().t("notice-card-forgotten"),
        _ => String::new(),
    };
    render_prepaid(&s, &ctx, q.page.unwrap_or(1), vec![], notice, StatusCode::OK).await
}

/// The amount of a top-up form, in minor units.
fn amount_of(form: &FormData) -> Result<i64, AppError> {
    parse_minor(form.get("amount").trim()).map_err(|_| AppError::field("amount", "invalid_amount"))
}

async fn after_top_up(
    s: &AppState,
    ctx: &Ctx,
    result: Result<kontor_app::model::PaymentRow, AppError>,
) -> Response {
    match result {
        Ok(p) if p.status == "succeeded" => see_other("/console/prepaid?done=topped_up", None),
        Ok(p) => {
            let line = format!(
                "{} {}",
                ctx.tr().t("error-card_refused"),
                ctx.tr().tp("card", &p.failure_code)
            );
            render_prepaid(s, ctx, 1, vec![line], String::new(), StatusCode::PAYMENT_REQUIRED).await
        }
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_prepaid(s, ctx, 1, lines, String::new(), status_of(&e)).await
        }
    }
}

/// The top-up form: a saved card pays at once; a new card goes to the gateway's card page.
pub async fn top_up(State(s): State<AppState>, ctx: Ctx, body: String) -> Response {
    let (form, org) = match ctx.org_form(&s, &body).await {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let amount = match amount_of(&form) {
        Ok(a) => a,
        Err(e) => return after_top_up(&s, &ctx, Err(e)).await,
    };
    let save = checked(&form, "save");
    let means = form.get("means");
    if means == "new_card" {
        // Refused before the card is typed on the gateway's page, by the same rule as top_up.
        if let Err(e) = s.app.check_top_up_amount(amount) {
            return after_top_up(&s, &ctx, Err(e)).await;
        }
        let carry = {
            let mut q = url::form_urlencoded::Serializer::new(String::new());
            q.append_pair("amount", &format_minor(amount));
            q.append_pair("idem", &form.get("idem"));
            if save {
                q.append_pair("save", "on");
            }
            q.finish()
        };
        let back = format!("/console/prepaid/confirm?{carry}");
        let f = ctx.frame(&s, "prepaid-title").await;
        let what = ctx.tr().t("prepaid-top-up");
        return see_other(&checkout_url(amount, &f.currency_of(org), &what, &back), None);
    }
    let Some(id) = means.strip_prefix("card:").and_then(|i| i.parse().ok()) else {
        return after_top_up(&s, &ctx, Err(AppError::field("means", "unknown_means"))).await;
    };
    let req = PayRequest {
        means: "card".to_owned(),
        payment_method_id: Some(id),
        ..PayRequest::default()
    };
    let idem = form_idem(&form, "/console/prepaid", &format!("{amount}|{means}"));
    let result = s.app.top_up(&ctx.actor, org, amount, &req, idem.as_ref()).await;
    after_top_up(&s, &ctx, result).await
}

pub async fn confirm_page(State(s): State<AppState>, ctx: Ctx, Query(r): Query<Returned>) -> Response {
    if let Some(x) = ctx.refuse_anonymous() {
        return x;
    }
    if !r.cancelled.is_empty() || r.card_token.is_empty() {
        return see_other("/console/prepaid?done=cancelled", None);
    }
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let f = ctx.frame(&s, "confirm-title").await;
    let amount = parse_minor(r.amount.trim()).unwrap_or(0);
    let page = ConfirmPage {
        what: ctx.tr().t("prepaid-top-up"),
        action: "/console/prepaid/confirm".to_owned(),
        back: "/console/prepaid".to_owned(),
        card: card_label(&s, &r.card_token).await,
        by_card: money(amount, &f.currency_of(org)),
        from_prepaid: String::new(),
        fields: vec![
            ("card_token", r.card_token),
            ("idem", r.idem),
            ("amount", r.amount),
            ("save", r.save),
        ],
        errors: vec![],
        f,
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn confirm(State(s): State<AppState>, ctx: Ctx, body: String) -> Response {
    let (form, org) = match ctx.org_form(&s, &body).await {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let amount = match amount_of(&form) {
        Ok(a) => a,
        Err(e) => return after_top_up(&s, &ctx, Err(e)).await,
    };
    let token = form.get("card_token");
    let req = PayRequest {
        means: "card".to_owned(),
        card_token: Some(token.clone()),
        save: checked(&form, "save"),
        ..PayRequest::default()
    };
    let idem = form_idem(&form, "/console/prepaid", &format!("{amount}|{token}"));
    let result = s.app.top_up(&ctx.actor, org, amount, &req, idem.as_ref()).await;
    after_top_up(&s, &ctx, result).await
}

pub async fn forget_card(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>, body: String) -> Response {
    let (_, org) = match ctx.org_form(&s, &body).await {
        Ok(x) => x,
        Err(r) => return *r,
    };
    match s.app.delete_payment_method(&ctx.actor, org, id).await {
        Ok(()) => see_other("/console/prepaid?done=forgotten", None),
        Err(e) if e.code() == ErrorCode::NotFound => {
            ctx.message(&s, StatusCode::NOT_FOUND, "error-not_found")
        }
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_prepaid(&s, &ctx, 1, lines, String::new(), status_of(&e)).await
        }
    }
}

#[derive(Deserialize)]
pub struct SessionQuery {
    #[serde(default)]
    pub session: String,
}

/// Where the payment provider's page sends the payer back (PayPal, TWINT, PostFinance): the
/// payment is confirmed with the gateway, then the payer sees the order or invoice.
pub async fn payment_return(State(s): State<AppState>, ctx: Ctx, Query(q): Query<SessionQuery>) -> Response {
    let Ok((org, id)) = s.app.payment_of_session(&q.session).await else {
        return super::not_found_page();
    };
    match s.app.confirm_payment(&ctx.actor, org, id).await {
        Ok(p) => {
            let done = match p.status.as_str() {
                "succeeded" => "paid",
                "pending" => "pending",
                _ => "declined",
            };
            let page = match (p.purpose.as_str(), p.invoice_id, p.order_id) {
                ("invoice", Some(i), _) => format!("/console/invoices/{i}?done={done}"),
                (_, _, Some(o)) => format!("/console/orders/{o}?done={done}"),
                _ => "/console".to_owned(),
            };
            see_other(&page, None)
        }
        Err(e) => ctx.error_page(&s, &e),
    }
}

/// The invoice's PDF in the reader's language (BIL-3).
pub async fn invoice_pdf(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    match s.app.invoice_pdf(&ctx.actor, org, id, ctx.lang).await {
        Ok(pdf) => crate::api::file_response("application/pdf", &format!("invoice-{id}.pdf"), pdf),
        Err(e) => ctx.error_page(&s, &e),
    }
}

/// The pro-forma PDF of a pending order (BIL-2).
pub async fn proforma_pdf(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    match s.app.proforma_pdf(&ctx.actor, org, id, ctx.lang).await {
        Ok(pdf) => crate::api::file_response("application/pdf", &format!("proforma-{id}.pdf"), pdf),
        Err(e) => ctx.error_page(&s, &e),
    }
}

#[derive(Deserialize, Default)]
pub struct ExportForm {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub status: String,
}

/// The invoices of a period as CSV (BIL-11).
pub async fn export_csv(State(s): State<AppState>, ctx: Ctx, Query(q): Query<ExportForm>) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let bound = |field: &str, v: &str, end: bool| {
        let v = v.trim();
        crate::api::day_bound(field, (!v.is_empty()).then_some(v), end).map_err(|e| e.0)
    };
    let result = async {
        let from = bound("from", &q.from, false)?;
        let until = bound("until", &q.until, true)?;
        let status = (!q.status.is_empty()).then_some(q.status.as_str());
        s.app
            .export_invoices_csv(&ctx.actor, org, status, from, until)
            .await
    }
    .await;
    match result {
        Ok(csv) => crate::api::file_response("text/csv; charset=utf-8", "invoices.csv", csv.into_bytes()),
        Err(e) => ctx.error_page(&s, &e),
    }
}

#[derive(Template)]
#[template(path = "billing.html")]
struct BillingPage {
    f: Frame,
    addresses: Vec<kontor_app::model::AddressRow>,
    settings: kontor_app::model::BillingSettingsRow,
    recipients: Vec<String>,
    methods: Vec<MethodRow>,
    can_manage: bool,
    reason: String,
    notice: String,
    errors: Vec<String>,
}

async fn render_billing(
    s: &AppState,
    ctx: &Ctx,
    notice: String,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let f = ctx.frame(s, "billing-title").await;
    let (settings, recipients) = match s.app.billing_settings(&ctx.actor, org).await {
        Ok(x) => x,
        Err(e) => return ctx.error_page(s, &e),
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let manage = decide(&ctx.actor, Action::BillingPay, Resource::Organization(&facts));
    let page = BillingPage {
        f,
        addresses: s.app.list_addresses(&ctx.actor, org).await.unwrap_or_default(),
        settings,
        recipients,
        methods: s
            .app
            .list_payment_methods(&ctx.actor, org)
            .await
            .unwrap_or_default(),
        can_manage: manage.allowed,
        reason: ctx.tr().t(manage.reason_key),
        notice,
        errors,
    };
    ctx.render(status, &page)
}

/// Billing addresses (BIL-7), billing messages (REN-7) and saved payment means (BIL-4).
pub async fn billing_page(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(n): Query<super::shop::Notice>,
) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    let notice = if n.done.is_empty() {
        String::new()
    } else {
        ctx.tr().t("billing-saved")
    };
    render_billing(&s, &ctx, notice, vec![], StatusCode::OK).await
}

async fn billing_outcome(s: &AppState, ctx: &Ctx, result: Result<(), AppError>) -> Response {
    match result {
        Ok(()) => see_other("/console/billing?done=saved", None),
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_billing(s, ctx, String::new(), lines, status_of(&e)).await
        }
    }
}

pub async fn add_address(State(s): State<AppState>, ctx: Ctx, body: String) -> Response {
    let (form, org) = match ctx.org_form(&s, &body).await {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let input = kontor_app::addresses::AddressInput {
        name: form.get("name"),
        street: form.get("street"),
        building_number: form.get("building_number"),
        postal_code: form.get("postal_code"),
        city: form.get("city"),
        country: form.get("country").to_ascii_uppercase(),
        vat_number: form.get("vat_number"),
        email: String::new(),
        is_default: checked(&form, "is_default"),
    };
    let result = s.app.add_address(&ctx.actor, org, &input).await.map(|_| ());
    billing_outcome(&s, &ctx, result).await
}

pub async fn address_action(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(i64, String)>,
    body: String,
) -> Response {
    let (_, org) = match ctx.org_form(&s, &body).await {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let result = match action.as_str() {
        "delete" => s.app.delete_address(&ctx.actor, org, id).await,
        "default" => s.app.make_default_address(&ctx.actor, org, id).await,
        _ => return super::not_found_page(),
    };
    billing_outcome(&s, &ctx, result).await
}

pub async fn save_billing_settings(State(s): State<AppState>, ctx: Ctx, body: String) -> Response {
    let (form, org) = match ctx.org_form(&s, &body).await {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let settings = kontor_app::model::BillingSettingsRow {
        expiry_notices: checked(&form, "expiry_notices"),
        invoices: checked(&form, "invoices"),
    };
    let result = s.app.put_billing_settings(&ctx.actor, org, settings).await;
    billing_outcome(&s, &ctx, result).await
}
