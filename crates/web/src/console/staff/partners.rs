//! PAR-1: partner applications for billing and admin staff — the list, one application with
//! its organization, the decision (approve with a discount rate, reject with a reason), and
//! a partner's rate later (PAR-8).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::AppError;
use kontor_app::model::PartnerRow;
use kontor_app::partners::PartnerDecision;
use kontor_domain::Percent;

use super::{gate, refused};
use crate::AppState;
use crate::console::extract::VisitorForm;
use crate::console::{Ctx, FormData, Frame, see_other, status_of};

#[derive(Template)]
#[template(path = "staff/partners.html")]
struct ListPage {
    f: Frame,
    partners: Vec<PartnerRow>,
}

pub async fn list(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.staff_partners(&ctx.actor).await {
        Ok(partners) => {
            let page = ListPage {
                f: ctx.frame(&s, "staff-partners-title").await,
                partners,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => refused(&s, &ctx, &e),
    }
}

#[derive(Template)]
#[template(path = "staff/partner.html")]
struct PartnerPage {
    f: Frame,
    errors: Vec<String>,
    p: PartnerRow,
    default_rate: String,
    max_rate: String,
    current_rate: String,
}

async fn partner_page(
    s: &AppState,
    ctx: &Ctx,
    org: i64,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    match s.app.staff_partner(&ctx.actor, org).await {
        Ok(p) => {
            let page = PartnerPage {
                f: ctx.frame(s, "staff-partner-title").await,
                errors,
                current_rate: Percent(p.discount_bp).to_decimal(),
                p,
                default_rate: Percent(s.app.settings.partner_discount_default_bp).to_decimal(),
                max_rate: Percent(s.app.settings.partner_discount_max_bp).to_decimal(),
            };
            ctx.render(status, &page)
        }
        Err(e) => refused(s, ctx, &e),
    }
}

pub async fn show(State(s): State<AppState>, ctx: Ctx, Path(org): Path<i64>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    partner_page(&s, &ctx, org, vec![], StatusCode::OK).await
}

/// A rate typed in percent (`20`, `17.5`, `17,5`) as basis points.
fn rate(form: &FormData) -> Result<i64, AppError> {
    Percent::parse(&form.get("discount").trim().replace(',', "."))
        .map(|p| p.0)
        .ok_or_else(|| AppError::field("discount", "out_of_range"))
}

pub async fn decide(
    State(s): State<AppState>,
    Path(org): Path<i64>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let decision = if form.get("decision") == "approve" {
        rate(&form).map(|r| PartnerDecision::Approve(Some(r)))
    } else {
        Ok(PartnerDecision::Reject(form.get("reason")))
    };
    let done = match decision {
        Ok(d) => s.app.decide_partner(&ctx.actor, org, &d).await.map(|_| ()),
        Err(e) => Err(e),
    };
    answer(&s, &ctx, org, done).await
}

pub async fn discount(
    State(s): State<AppState>,
    Path(org): Path<i64>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let done = match rate(&form) {
        Ok(r) => s.app.set_partner_discount(&ctx.actor, org, r).await.map(|_| ()),
        Err(e) => Err(e),
    };
    answer(&s, &ctx, org, done).await
}

async fn answer(s: &AppState, ctx: &Ctx, org: i64, done: Result<(), AppError>) -> Response {
    match done {
        Ok(()) => see_other(&format!("/staff/partners/{org}"), None),
        Err(e)
            if e.code() == kontor_app::ErrorCode::Forbidden
                || e.code() == kontor_app::ErrorCode::NotFound =>
        {
            refused(s, ctx, &e)
        }
        Err(e) => partner_page(s, ctx, org, ctx.error_lines(&e), status_of(&e)).await,
    }
}
