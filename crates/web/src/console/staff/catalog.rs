//! PRD-1: staff (admin) edit the catalogue — one plan at a time (name, description, offer,
//! prices), or the whole file as `kontor catalog import` reads it. Either way a changed price
//! applies to orders and renewals created after it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::catalog::{ImportReport, PlanEdit, PriceEntry};
use kontor_domain::money::format_minor;
use kontor_domain::products::PERIODS;

use super::{gate, refused};
use crate::AppState;
use crate::console::extract::VisitorForm;
use crate::console::{Ctx, FormData, Frame, checked};

/// One plan's form.
struct PlanForm {
    code: String,
    type_name: String,
    name: String,
    description: String,
    offered: bool,
    /// Period in months, CHF and EUR as shown (empty: no price for that period).
    prices: Vec<(i64, String, String)>,
}

#[derive(Template)]
#[template(path = "staff/catalog.html")]
struct CatalogPage {
    f: Frame,
    errors: Vec<String>,
    notice: String,
    plans: Vec<PlanForm>,
    file: String,
}

async fn page(s: &AppState, ctx: &Ctx, errors: Vec<String>, notice: String, status: StatusCode) -> Response {
    let (cat, file) = match (
        s.app.staff_catalog(&ctx.actor).await,
        s.app.export_catalog().await,
    ) {
        (Ok(cat), Ok(file)) => (cat, file),
        (Err(e), _) | (_, Err(e)) => return refused(s, ctx, &e),
    };
    let mut plans = Vec::new();
    for t in &cat.types {
        for pv in t.plans.iter().chain(&t.storage) {
            let price = |period: i64, cur: &str| {
                pv.prices
                    .get(&period)
                    .and_then(|by| by.get(cur))
                    .map(|m| format_minor(*m))
                    .unwrap_or_default()
            };
            plans.push(PlanForm {
                code: pv.plan.code.clone(),
                type_name: t.row.name.clone(),
                name: pv.plan.name.clone(),
                description: pv.plan.description.clone(),
                offered: pv.plan.active,
                prices: PERIODS
                    .iter()
                    .map(|p| i64::from(*p))
                    .map(|p| (p, price(p, "CHF"), price(p, "EUR")))
                    .collect(),
            });
        }
    }
    let page = CatalogPage {
        f: ctx.frame(s, "staff-catalog-title").await,
        errors,
        notice,
        plans,
        file,
    };
    ctx.render(status, &page)
}

pub async fn show(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    page(&s, &ctx, vec![], String::new(), StatusCode::OK).await
}

/// The prices a plan form carries: a period with both amounts empty is left as it is.
fn prices_of(form: &FormData) -> Vec<PriceEntry> {
    PERIODS
        .iter()
        .map(|p| i64::from(*p))
        .filter_map(|p| {
            let chf = form.get(&format!("price_{p}_CHF")).trim().to_owned();
            let eur = form.get(&format!("price_{p}_EUR")).trim().to_owned();
            (!chf.is_empty() || !eur.is_empty()).then_some(PriceEntry {
                period_months: p,
                chf,
                eur,
            })
        })
        .collect()
}

pub async fn edit_plan(
    State(s): State<AppState>,
    Path(code): Path<String>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let edit = PlanEdit {
        name: form.get("name"),
        description: form.get("description"),
        offered: checked(&form, "offered"),
        prices: prices_of(&form),
    };
    match s.app.edit_plan(&ctx.actor, &code, &edit).await {
        Ok(changed) => {
            let notice = format!("{code}: {} {changed}", ctx.tr().t("staff-prices-changed"));
            page(&s, &ctx, vec![], notice, StatusCode::OK).await
        }
        Err(e) if e.code() == kontor_app::ErrorCode::ValidationFailed => {
            page(
                &s,
                &ctx,
                ctx.error_lines(&e),
                String::new(),
                crate::console::status_of(&e),
            )
            .await
        }
        Err(e) => refused(&s, &ctx, &e),
    }
}

pub async fn import(State(s): State<AppState>, VisitorForm { ctx, form }: VisitorForm<FormData>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.import_catalog(&ctx.actor, &form.get("file")).await {
        Ok(ImportReport {
            types,
            plans,
            prices_changed,
            plans_retired,
        }) => {
            let tr = ctx.tr();
            let notice = format!(
                "{}: {types} · {}: {plans} · {}: {prices_changed} · {}: {plans_retired}",
                tr.t("staff-catalog-types"),
                tr.t("staff-catalog-plans"),
                tr.t("staff-prices-changed"),
                tr.t("staff-catalog-retired"),
            );
            page(&s, &ctx, vec![], notice, StatusCode::OK).await
        }
        Err(e) if e.code() == kontor_app::ErrorCode::ValidationFailed => {
            page(
                &s,
                &ctx,
                ctx.error_lines(&e),
                String::new(),
                crate::console::status_of(&e),
            )
            .await
        }
        Err(e) => refused(&s, &ctx, &e),
    }
}
