//! The billing page (BIL-4, BIL-7, REN-7): addresses, billing messages, saved payment means,
//! and the return from a gateway's hosted page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::model::MethodRow;
use kontor_app::{AppError, ErrorCode};
use kontor_domain::PaymentStatus;
use serde::Deserialize;

use crate::AppState;
use crate::console::billing::prepaid::render_prepaid;
use crate::console::confirm::{self, Ask};
use crate::console::extract::{OrgForm, SignedIn};
use crate::console::{Ctx, Frame, checked, see_other, status_of};
use kontor_app::platform::i18n::t_with;

pub async fn forget_card(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, form }: OrgForm,
) -> Response {
    if !confirm::confirmed(&form) {
        let methods = s
            .app
            .list_payment_methods(&ctx.actor, org)
            .await
            .unwrap_or_default();
        let Some(m) = methods.into_iter().find(|m| m.id == id) else {
            return ctx.message(&s, StatusCode::NOT_FOUND, "error-not_found");
        };
        let card = format!("{} •••• {}", crate::console::brand(&m.brand), m.last4);
        let what = vec![
            t_with(ctx.lang, "confirm-forget-card", &[("card", card)], &[]),
            ctx.tr().t("confirm-forget-card-after"),
        ];
        let action = format!("/console/payment-methods/{id}/delete");
        let ask = Ask {
            action: &action,
            what,
            button: "confirm-forget",
            back: "/console/prepaid",
        };
        return confirm::ask(&s, &ctx, &form, ask).await;
    }
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
        return crate::console::not_found_page();
    };
    match s.app.confirm_payment(&ctx.actor, org, id).await {
        Ok(p) => {
            let done = match p.status {
                PaymentStatus::Succeeded => "paid",
                PaymentStatus::Pending => "pending",
                PaymentStatus::Failed | PaymentStatus::Cancelled => "declined",
            };
            let page = match (p.purpose.as_str(), p.invoice_id, p.order_id) {
                ("top_up", _, _) => format!(
                    "/console/prepaid?done={}",
                    if done == "paid" { "topped_up" } else { done }
                ),
                ("invoice", Some(i), _) => format!("/console/invoices/{i}?done={done}"),
                (_, _, Some(o)) => format!("/console/orders/{o}?done={done}"),
                _ => "/console".to_owned(),
            };
            see_other(&page, None)
        }
        Err(e) => ctx.error_page(&s, &e),
    }
}

#[derive(Template)]
#[template(path = "billing/billing.html")]
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
    SignedIn(ctx): SignedIn,
    Query(n): Query<crate::console::billing::orders::Notice>,
) -> Response {
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

pub async fn add_address(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let input = kontor_app::billing::addresses::AddressInput {
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

/// Deletes a billing address (BIL-7; the oldest becomes the default if it was).
pub async fn delete_address(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, form }: OrgForm,
) -> Response {
    if !confirm::confirmed(&form) {
        let addresses = s.app.list_addresses(&ctx.actor, org).await.unwrap_or_default();
        let Some(a) = addresses.into_iter().find(|a| a.id == id) else {
            return ctx.message(&s, StatusCode::NOT_FOUND, "error-not_found");
        };
        let address = format!(
            "{}, {} {}, {} {}",
            a.name, a.street, a.building_number, a.postal_code, a.city
        )
        .replace(" ,", ",");
        let what = vec![
            t_with(ctx.lang, "confirm-delete-address", &[("address", address)], &[]),
            ctx.tr().t("confirm-delete-address-after"),
        ];
        let action = format!("/console/billing/addresses/{id}/delete");
        let ask = Ask {
            action: &action,
            what,
            button: "confirm-delete",
            back: "/console/billing",
        };
        return confirm::ask(&s, &ctx, &form, ask).await;
    }
    let result = s.app.delete_address(&ctx.actor, org, id).await;
    billing_outcome(&s, &ctx, result).await
}

/// Makes a billing address the default (BIL-7).
pub async fn default_address(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, .. }: OrgForm,
) -> Response {
    let result = s.app.make_default_address(&ctx.actor, org, id).await;
    billing_outcome(&s, &ctx, result).await
}

pub async fn save_billing_settings(
    State(s): State<AppState>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let settings = kontor_app::model::BillingSettingsRow {
        expiry_notices: checked(&form, "expiry_notices"),
        invoices: checked(&form, "invoices"),
    };
    let result = s.app.put_billing_settings(&ctx.actor, org, settings).await;
    billing_outcome(&s, &ctx, result).await
}
