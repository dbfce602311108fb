//! The organization page (its data, editable within the member's rights, with the reason
//! shown on disabled fields — AUTHZ-4) and the organization switcher (ACC-9).

pub mod invitations;
pub mod members;
pub mod workgroups;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::access::{Action, Decision, Facts, Resource, decide};
use kontor_app::orgs::{OrgChanges, OrgView};
use kontor_domain::OrgId;
use serde::Deserialize;

use crate::AppState;
use crate::console::extract::{SignedIn, UserForm};
use crate::console::{Ctx, Frame, see_other};

#[derive(Template)]
#[template(path = "orgs/organization.html")]
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

async fn render(
    s: &AppState,
    ctx: &Ctx,
    errors: Vec<String>,
    notice: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "org-title").await;
    let view = match ctx.current_org(s).await {
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

pub async fn organization_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    axum::extract::Query(q): axum::extract::Query<crate::console::DoneQuery>,
) -> Response {
    let notice = q.notice(&ctx, "saved", "notice-org-saved");
    render(&s, &ctx, vec![], notice, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct OrganizationForm {
    org: i64,
    name: Option<String>,
    kind: Option<String>,
    country: Option<String>,
    street: Option<String>,
    building_number: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    registry_id: Option<String>,
    vat_number: Option<String>,
}

pub async fn update_organization(
    State(s): State<AppState>,
    UserForm { ctx, form }: UserForm<OrganizationForm>,
) -> Response {
    let changes = OrgChanges {
        name: form.name,
        kind: form.kind,
        country: form.country,
        street: form.street,
        building_number: form.building_number,
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
        Ok(_) => crate::console::see_other("/console/organization?done=saved", None),
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
    org: i64,
    /// The page the switch was asked from (ACC-9: the same page of the other organization).
    #[serde(default)]
    back: String,
}

pub async fn switch_organization(
    State(s): State<AppState>,
    UserForm { ctx, form }: UserForm<SwitchForm>,
) -> Response {
    match s.app.switch_organization(&ctx.actor, OrgId(form.org)).await {
        // ACC-9: the same page in the other organization, where the menu has it (a product or
        // an invoice of the first one does not exist in the other: its list does).
        Ok(()) => match crate::console::nav::section(&form.back) {
            Some(page) => see_other(page, None),
            // PAR-9: a partner reaches a client for its products.
            None if reached_as_partner(&s, &ctx, form.org).await => see_other("/console/products", None),
            None => see_other("/console", None),
        },
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

async fn reached_as_partner(s: &AppState, ctx: &Ctx, org: i64) -> bool {
    s.app
        .list_organizations(&ctx.actor)
        .await
        .is_ok_and(|orgs| orgs.iter().any(|o| o.id == org && o.role == "partner"))
}

/// A page that only says why something was refused (leaving, ORG-7).
#[derive(Template)]
#[template(path = "refused.html")]
pub struct RefusedPage {
    f: Frame,
    errors: Vec<String>,
}

pub fn leave_refused(f: Frame, errors: Vec<String>) -> RefusedPage {
    RefusedPage { f, errors }
}

#[derive(Template)]
#[template(path = "orgs/audit.html")]
struct AuditPage {
    f: Frame,
    allowed: bool,
    reason: String,
    entries: Vec<kontor_app::model::AuditRow>,
    /// Each entry as a sentence in the reader's language (issue 18 item 7).
    said: Vec<String>,
    /// The members to filter by: (user id, name).
    members: Vec<(i64, String)>,
    total: i64,
    page: i64,
    pages: i64,
    q: AuditForm,
    errors: Vec<String>,
}

#[allow(clippy::unused_self, clippy::trivially_copy_pass_by_ref)] // askama calls helpers as methods, by reference
impl AuditPage {
    /// The areas the log is filtered by: the action prefix and its name.
    fn areas(&self) -> Vec<(&'static str, String)> {
        [
            ("member.", "nav-members"),
            ("product.", "nav-products"),
            ("order.", "nav-orders"),
            ("invoice.", "nav-invoices"),
            ("payment", "audit-area-payments"),
            ("organization.", "nav-organization"),
            ("workgroup.", "nav-workgroups"),
            ("support_access.", "nav-support-access"),
        ]
        .into_iter()
        .map(|(prefix, key)| (prefix, self.f.tr.t(key)))
        .collect()
    }

    fn said(&self, i: &usize) -> &str {
        self.said.get(*i).map_or("", String::as_str)
    }

    fn link(&self, page: i64) -> String {
        let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        format!(
            "/console/audit?page={page}&action={}&actor={}&since={}&until={}",
            enc(&self.q.action),
            enc(&self.q.actor),
            enc(&self.q.since),
            enc(&self.q.until)
        )
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct AuditForm {
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    action: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    since: String,
    #[serde(default)]
    until: String,
}

/// The members the log can be filtered by, by name.
async fn filter_members(s: &AppState, ctx: &Ctx, org: kontor_domain::OrgId) -> Vec<(i64, String)> {
    s.app
        .list_members(&ctx.actor, org, 1, 200)
        .await
        .map(|(m, _)| {
            m.into_iter()
                .map(|m| (m.row.user_id, format!("{} {}", m.row.first_name, m.row.last_name)))
                .collect()
        })
        .unwrap_or_default()
}

/// OPS-5: the organization's audit log, filtered by actor, action and date.
pub async fn audit_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    axum::extract::Query(form): axum::extract::Query<AuditForm>,
) -> Response {
    let f = ctx.frame(&s, "audit-title").await;
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let decision = decide(&ctx.actor, Action::AuditRead, Resource::Organization(&facts));
    let query = crate::api::orgs::AuditQuery {
        page: form.page,
        per_page: Some(50),
        action: Some(form.action.clone()),
        actor: form.actor.trim().parse().ok(),
        since: Some(form.since.clone()),
        until: Some(form.until.clone()),
    };
    let (mut entries, mut total, mut errors) = (vec![], 0, vec![]);
    if decision.allowed {
        match query.filter() {
            Ok(filter) => match s
                .app
                .list_audit(&ctx.actor, org, &filter, query.paging().page(), 50)
                .await
            {
                Ok((rows, n)) => (entries, total) = (rows, n),
                Err(e) => errors = ctx.error_lines(&e),
            },
            Err(e) => errors = ctx.error_lines(&e.0),
        }
    }
    let said = if entries.is_empty() {
        vec![]
    } else {
        s.app
            .audit_sentences(&ctx.actor, org, &entries, ctx.lang)
            .await
            .unwrap_or_default()
    };
    let members = filter_members(&s, &ctx, org).await;
    let page = AuditPage {
        said,
        members,
        reason: ctx.tr().t(decision.reason_key),
        allowed: decision.allowed,
        f,
        entries,
        total,
        page: query.paging().page(),
        pages: (total + 49) / 50,
        q: form,
        errors,
    };
    ctx.render(StatusCode::OK, &page)
}

crate::console_forms!(OrganizationForm, SwitchForm);
