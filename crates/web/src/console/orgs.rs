//! The organization page (its data, editable within the member's rights, with the reason
//! shown on disabled fields — AUTHZ-4) and the organization switcher (ACC-9).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::access::{Action, Decision, Facts, Resource, decide};
use kontor_app::orgs::{OrgChanges, OrgView};
use kontor_domain::OrgId;
use serde::Deserialize;

use super::{Ctx, Frame, see_other};
use crate::AppState;

#[derive(Template)]
#[template(path = "organization.html")]
struct OrganizationPage {
    f: Frame,
    view: Option<OrgView>,
    can_edit: bool,
    can_edit_legal: bool,
    edit_reason: String,
    legal_reason: String,
    errors: Vec<String>,
    notice: String,
}

fn current_org(ctx: &Ctx, f: &Frame) -> Option<OrgId> {
    f.current_org
        .or_else(|| f.orgs.first().map(|o| o.id))
        .map(OrgId)
        .filter(|_| ctx.signed_in())
}

async fn render(
    s: &AppState,
    ctx: &Ctx,
    errors: Vec<String>,
    notice: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "org-title").await;
    let view = match current_org(ctx, &f) {
        Some(org) => s.app.get_organization(&ctx.actor, org).await.ok(),
        None => None,
    };
    let facts = match &view {
        Some(v) => s.app.load_facts(&ctx.actor, v.org.id).await.unwrap_or_default(),
        None => Facts::default(),
    };
    let explain = |action: Action| -> Decision { decide(&ctx.actor, action, Resource::Organization(&facts)) };
    let edit = explain(Action::OrganizationUpdate);
    let legal = explain(Action::OrganizationUpdateLegal);
    let page = OrganizationPage {
        can_edit: edit.allowed,
        can_edit_legal: legal.allowed,
        edit_reason: ctx.tr().t(edit.reason_key),
        legal_reason: ctx.tr().t(legal.reason_key),
        f,
        view,
        errors,
        notice,
    };
    ctx.render(status, &page)
}

pub async fn organization_page(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    render(&s, &ctx, vec![], String::new(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct OrgForm {
    #[serde(default)]
    csrf: String,
    org: i64,
    name: Option<String>,
    kind: Option<String>,
    country: Option<String>,
    street: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    registry_id: Option<String>,
    vat_number: Option<String>,
}

pub async fn update_organization(State(s): State<AppState>, ctx: Ctx, Form(form): Form<OrgForm>) -> Response {
    if let Some(r) = ctx.refuse(&s, &form.csrf) {
        return r;
    }
    let changes = OrgChanges {
        name: form.name,
        kind: form.kind,
        country: form.country,
        street: form.street,
        postal_code: form.postal_code,
        city: form.city,
        registry_id: form.registry_id,
        vat_number: form.vat_number,
    };
    match s
        .app
        .update_organization(&ctx.actor, OrgId(form.org), changes)
        .await
    {
        Ok(_) => render(&s, &ctx, vec![], ctx.tr().t("notice-org-saved"), StatusCode::OK).await,
        Err(e) => {
            render(
                &s,
                &ctx,
                ctx.error_lines(&e),
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    csrf: String,
    org: i64,
}

pub async fn switch_organization(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SwitchForm>,
) -> Response {
    if let Some(r) = ctx.refuse(&s, &form.csrf) {
        return r;
    }
    match s.app.switch_organization(&ctx.actor, OrgId(form.org)).await {
        Ok(()) => see_other("/console/organization", None),
        Err(e) => {
            render(
                &s,
                &ctx,
                ctx.error_lines(&e),
                String::new(),
                StatusCode::NOT_FOUND,
            )
            .await
        }
    }
}
