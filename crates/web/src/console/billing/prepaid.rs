//! The prepaid account (BIL-6): balance, ledger and top-ups.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::AppError;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::billing::payments::{PayRequest, Prepaid};
use kontor_app::model::{EntryRow, MethodRow};
use kontor_domain::locale::parse_typed_amount;
use kontor_domain::money::format_minor;
use kontor_domain::{Language, PaymentStatus};
use serde::Deserialize;

use crate::AppState;
use crate::console::billing::orders::{ConfirmPage, Returned};
use crate::console::billing::sandbox::{card_label, checkout_card, checkout_url};
use crate::console::extract::{OrgForm, SignedIn};
use crate::console::{Ctx, FormData, Frame, checked, form_idem, form_key, money, see_other, status_of};

/// Ledger entries on one page.
const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "billing/prepaid.html")]
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
    /// The account top-ups by transfer go to (QR-IBAN for CHF), grouped by four.
    pay_to: String,
}

#[allow(clippy::unused_self, clippy::trivially_copy_pass_by_ref)] // askama calls helpers as methods, by reference
impl PrepaidPage {
    fn money(&self, minor: &i64) -> String {
        money(
            *minor,
            self.account.as_ref().map_or("CHF", |a| a.currency.as_str()),
            self.f.tr.0,
        )
    }

    fn grouped(&self, reference: Option<&str>) -> String {
        kontor_domain::references::grouped(reference.unwrap_or_default())
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

pub(crate) async fn render_prepaid(
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
    let listed = match kontor_app::platform::error::page_offset(page, PER_PAGE) {
        Ok(offset) => s.app.prepaid(&ctx.actor, org, offset, PER_PAGE).await,
        Err(e) => Err(e),
    };
    let (allowed, reason, account) = match listed {
        Ok(p) => (true, String::new(), Some(p)),
        Err(e) => (false, ctx.error_lines(&e).join(" "), None),
    };
    let pages = account
        .as_ref()
        .map_or(1, |a| (a.total + PER_PAGE - 1) / PER_PAGE)
        .max(1);
    let creditor = &s.app.settings.creditor;
    let iban = match account.as_ref() {
        Some(a) if a.currency != "CHF" => &creditor.iban,
        _ => &creditor.qr_iban,
    };
    let view = PrepaidPage {
        pay_to: kontor_domain::qrbill::grouped_iban(iban),
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

pub async fn prepaid_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<PrepaidQuery>,
) -> Response {
    let notice = match q.done.as_str() {
        "topped_up" => ctx.tr().t("notice-topped-up"),
        "awaited" => ctx.tr().t("notice-top-up-awaited"),
        "pending" => ctx.tr().t("notice-payment-pending"),
        "declined" => ctx.tr().t("notice-payment-declined"),
        "cancelled" => ctx.tr().t("notice-payment-cancelled"),
        "forgotten" => ctx.tr().t("notice-card-forgotten"),
        _ => String::new(),
    };
    render_prepaid(&s, &ctx, q.page.unwrap_or(1), vec![], notice, StatusCode::OK).await
}

/// The amount of a top-up form, in minor units.
/// A decimal comma is taken where the language writes one (`50,50`).
fn amount_of(form: &FormData, lang: Language) -> Result<i64, AppError> {
    parse_typed_amount(&form.get("amount"), lang).map_err(|_| AppError::field("amount", "invalid_amount"))
}

async fn after_top_up(
    s: &AppState,
    ctx: &Ctx,
    result: Result<kontor_app::model::PaymentRow, AppError>,
) -> Response {
    match result {
        Ok(p) if p.status == PaymentStatus::Succeeded => see_other("/console/prepaid?done=topped_up", None),
        // PostFinance: approve on the provider's page, which sends the payer back here.
        Ok(p) if p.status == PaymentStatus::Pending => match s.app.redirect_url(&p) {
            Some(url) => see_other(&url, None),
            None => see_other("/console/prepaid?done=awaited#awaited", None),
        },
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

/// The top-up form: a saved card pays at once; a new card goes to the gateway's card page, and
/// so does PostFinance (its approval page); a bank transfer opens a top-up awaiting the money.
pub async fn top_up(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let amount = match amount_of(&form, ctx.lang) {
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
        return see_other(
            &checkout_url(org, amount, &f.currency_of(org), &what, &back),
            None,
        );
    }
    let req = if matches!(means.as_str(), "postfinance" | "bank_transfer") {
        PayRequest {
            means: means.clone(),
            ..PayRequest::default()
        }
    } else {
        let Some(id) = means.strip_prefix("card:").and_then(|i| i.parse().ok()) else {
            return after_top_up(&s, &ctx, Err(AppError::field("means", "unknown_means"))).await;
        };
        PayRequest {
            means: "card".to_owned(),
            payment_method_id: Some(id),
            ..PayRequest::default()
        }
    };
    let idem = form_idem(&form, "/console/prepaid", &format!("{amount}|{means}"));
    let result = s.app.top_up(&ctx.actor, org, amount, &req, idem.as_ref()).await;
    after_top_up(&s, &ctx, result).await
}

pub async fn confirm_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(r): Query<Returned>,
) -> Response {
    if !r.cancelled.is_empty() || r.card.is_empty() {
        return see_other("/console/prepaid?done=cancelled", None);
    }
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let f = ctx.frame(&s, "confirm-title").await;
    let amount = parse_typed_amount(&r.amount, ctx.lang).unwrap_or(0);
    let page = ConfirmPage {
        what: ctx.tr().t("prepaid-top-up"),
        action: "/console/prepaid/confirm".to_owned(),
        back: "/console/prepaid".to_owned(),
        card: card_label(&s, org, &r.card).await,
        by_card: money(amount, &f.currency_of(org), ctx.lang),
        from_prepaid: String::new(),
        fields: vec![
            ("card", r.card),
            ("idem", r.idem),
            ("amount", r.amount),
            ("save", r.save),
        ],
        errors: vec![],
        f,
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn confirm(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let amount = match amount_of(&form, ctx.lang) {
        Ok(a) => a,
        Err(e) => return after_top_up(&s, &ctx, Err(e)).await,
    };
    let handle = form.get("card");
    let Some(card) = checkout_card(&s, org, &handle).await else {
        return after_top_up(&s, &ctx, Err(AppError::field("card_token", "unknown"))).await;
    };
    let req = PayRequest {
        means: "card".to_owned(),
        card_token: Some(card.token),
        save: checked(&form, "save"),
        ..PayRequest::default()
    };
    let idem = form_idem(&form, "/console/prepaid", &format!("{amount}|{handle}"));
    let result = s.app.top_up(&ctx.actor, org, amount, &req, idem.as_ref()).await;
    after_top_up(&s, &ctx, result).await
}
