//! The sandbox gateway's own card page (BIL-8, DESIGN.md "Outside world"): what a card
//! processor's hosted payment page does. Kontor's pages send the payer here with the amount
//! and a return address; the card number is typed here, never into Kontor's forms, and the
//! page hands a one-time checkout handle back to the return address (or `cancelled=1`) —
//! never the token, which only Kontor's server reads from the gateway, for the organization
//! the card was made for (SEC-6).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use kontor_app::billing::payments::gateway::{CardInfo, customer_of};
use kontor_domain::OrgId;

use crate::AppState;
use crate::console::extract::VisitorForm;
use crate::console::{Ctx, FormData, Tr, money, see_other};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Checkout {
    /// The processor's customer (the organization) the card is made for.
    #[serde(default)]
    pub customer: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, rename = "return")]
    pub back: String,
}

impl Checkout {
    fn from_form(f: &FormData) -> Checkout {
        Checkout {
            customer: f.get("customer"),
            amount: f.get("amount"),
            currency: f.get("currency"),
            description: f.get("description"),
            back: f.get("return"),
        }
    }

    /// Only a page of this console may be returned to (no open redirect).
    fn valid(&self) -> bool {
        self.back.starts_with("/console/")
            && !self.back.contains("//")
            && !self
                .back
                .chars()
                .any(|c| c.is_whitespace() || kontor_domain::text::is_hidden_format(c))
            && !self.back.contains('\\')
            && self.amount.parse::<i64>().is_ok_and(|a| a >= 0)
            && self.customer.parse::<i64>().is_ok_and(|c| c > 0)
            && matches!(self.currency.as_str(), "CHF" | "EUR")
    }

    fn back_with(&self, pair: (&str, &str)) -> String {
        let sep = if self.back.contains('?') { '&' } else { '?' };
        let q = url::form_urlencoded::Serializer::new(String::new())
            .append_pair(pair.0, pair.1)
            .finish();
        format!("{}{sep}{q}", self.back)
    }
}

#[derive(Template)]
#[template(path = "billing/checkout.html")]
struct CheckoutPage {
    tr: Tr,
    lang: &'static str,
    csrf: String,
    c: Checkout,
    amount: String,
    cancel: String,
    error: String,
}

fn render(s: &AppState, ctx: &Ctx, c: Checkout, error: String, status: StatusCode) -> Response {
    let amount = money(c.amount.parse().unwrap_or(0), &c.currency, ctx.lang);
    let page = CheckoutPage {
        tr: ctx.tr(),
        lang: ctx.lang.as_str(),
        csrf: ctx.csrf(s),
        cancel: c.back_with(("cancelled", "1")),
        amount,
        c,
        error,
    };
    ctx.render(status, &page)
}

pub async fn checkout_page(State(s): State<AppState>, ctx: Ctx, Query(c): Query<Checkout>) -> Response {
    if !c.valid() {
        return ctx.message(&s, StatusCode::BAD_REQUEST, "checkout-invalid");
    }
    render(&s, &ctx, c, String::new(), StatusCode::OK)
}

pub async fn checkout(State(s): State<AppState>, VisitorForm { ctx, form }: VisitorForm) -> Response {
    let c = Checkout::from_form(&form);
    if !c.valid() {
        return ctx.message(&s, StatusCode::BAD_REQUEST, "checkout-invalid");
    }
    let month = form.get("exp_month").trim().parse().unwrap_or(0);
    let year = form.get("exp_year").trim().parse().unwrap_or(0);
    match s
        .app
        .sandbox
        .tokenize(
            &c.customer,
            &form.get("number"),
            month,
            year,
            &form.get("cvc"),
            s.app.now(),
        )
        .await
    {
        Ok(card) => match s.app.sandbox.checkout_handle(&card.token).await {
            Ok(handle) => see_other(&c.back_with(("card", &handle)), None),
            Err(_) => ctx.message(&s, StatusCode::INTERNAL_SERVER_ERROR, "error-internal_error"),
        },
        Err(p) => {
            let (_, code) = p.field();
            let error = ctx.tr().tp("problem", code);
            render(&s, &ctx, c, error, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// The address of the sandbox gateway's card page for `amount`, for a card of `org`,
/// returning to `back`.
pub fn checkout_url(org: OrgId, amount: i64, currency: &str, what: &str, back: &str) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("customer", &customer_of(org));
    q.append_pair("amount", &amount.to_string());
    q.append_pair("currency", currency);
    q.append_pair("description", what);
    q.append_pair("return", back);
    format!("/sandbox/checkout?{}", q.finish())
}

/// The card the card page made for `org`, by the handle it returned with.
pub async fn checkout_card(s: &AppState, org: OrgId, handle: &str) -> Option<CardInfo> {
    s.app
        .gateway
        .checkout_card(&customer_of(org), handle, s.app.now())
        .await
        .ok()
        .flatten()
}

/// `Visa •••• 4242` for the card behind a checkout handle, or nothing when the gateway does
/// not know it for this organization.
pub async fn card_label(s: &AppState, org: OrgId, handle: &str) -> String {
    match checkout_card(s, org, handle).await {
        Some(c) => format!("{} •••• {}", c.brand, c.last4),
        None => String::new(),
    }
}

#[derive(Template)]
#[template(path = "billing/sandbox_pay.html")]
struct SandboxPayPage {
    tr: Tr,
    lang: &'static str,
    csrf: String,
    session: String,
    scheme: &'static str,
    explain: String,
    amount: String,
    decided: bool,
}

fn scheme_name(scheme: &str) -> &'static str {
    match scheme {
        "paypal" => "PayPal",
        "twint" => "TWINT",
        "postfinance" => "PostFinance",
        _ => "Sandbox",
    }
}

/// The sandbox's hosted approval page of a PayPal, TWINT or PostFinance payment: what the
/// payer sees at the payment provider (log-in, scan, confirm), reduced to approve or decline.
pub async fn sandbox_pay_page(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Path(session): axum::extract::Path<String>,
) -> Response {
    let Ok(Some(found)) = s.app.sandbox.session(&session).await else {
        return crate::console::not_found_page();
    };
    let page = SandboxPayPage {
        tr: ctx.tr(),
        lang: ctx.lang.as_str(),
        csrf: ctx.csrf(&s),
        scheme: scheme_name(&found.scheme),
        explain: ctx.tr().t(&format!("sandbox-pay-{}", found.scheme)),
        amount: money(found.amount_minor, &found.currency, ctx.lang),
        decided: found.status != kontor_domain::GatewaySessionStatus::Open,
        session,
    };
    ctx.render(StatusCode::OK, &page)
}

/// The payer approves or declines; the sandbox sends the browser back to Kontor's return page.
pub async fn sandbox_pay(
    State(s): State<AppState>,
    axum::extract::Path(session): axum::extract::Path<String>,
    VisitorForm { ctx, form }: VisitorForm,
) -> Response {
    let approve = form.get("decision") == "approve";
    match s.app.sandbox.decide(&session, approve, s.app.now()).await {
        Ok(Some(back)) => see_other(&back, None),
        Ok(None) => crate::console::not_found_page(),
        Err(_) => ctx.message(&s, StatusCode::INTERNAL_SERVER_ERROR, "error-internal_error"),
    }
}
