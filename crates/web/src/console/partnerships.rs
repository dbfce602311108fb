//! Console pages of partnerships: the client's partners (PAR-2, PAR-3, PAR-6, PAR-7), the
//! partner's clients (PAR-3, PAR-4, PAR-9), the confirmation that ends one with the password
//! (PAR-6), and the e-mailed link's page, which asks before it accepts or refuses (a mail
//! scanner opening the link decides nothing).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::AppError;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::billing::invoices::iso_date;
use kontor_app::model::{ManagedRow, MemberRow, PartnerRow, PartnershipRow, ProductFilter, ProductRow};
use kontor_app::partners::partnerships::{AcceptInput, AccessInput, OfferInput, RequestInput};
use kontor_app::partners::statement::{ClientTotal, Statement};
use kontor_domain::products::PRODUCT_TYPES;
use kontor_domain::{OrgId, PartnerStatus, PartnershipStatus};
use serde::Deserialize;

use crate::AppState;
use crate::console::extract::{OrgForm, SignedIn, VisitorForm};
use crate::console::{Ctx, FormData, Frame, see_other, status_of};

/// The partner space shows the renewals of the next this many days across clients.
const RENEWAL_DAYS: i64 = 60;

/// The notices a redirect names with `?done=`.
const DONE: [&str; 8] = [
    "offered",
    "changed",
    "resent",
    "withdrawn",
    "ended",
    "requested",
    "assigned",
    "accepted",
];

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    done: String,
    /// The directory search on the client's page.
    #[serde(default)]
    q: String,
    /// The link page: the answer the e-mail's link chose, and the client organization picked.
    #[serde(default)]
    answer: String,
    #[serde(default)]
    org: Option<i64>,
    /// The partner space's statement period (PAR-10), `YYYY-MM-DD`.
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
}

fn notice(ctx: &Ctx, done: &str) -> String {
    if DONE.contains(&done) {
        ctx.tr().tp("partnership-done", done)
    } else {
        String::new()
    }
}

/// The access a form gives: `access`, the ticked `products`, `payment_mode`.
fn access_of(form: &FormData) -> AccessInput {
    AccessInput {
        access: form.get("access"),
        products: form.ids("products"),
        payment_mode: form.opt("payment_mode").filter(|m| !m.is_empty()),
    }
}

/// Products by type, for the limited-access picker (PAR-2: chosen per category).
fn by_type(products: Vec<ProductRow>) -> Vec<(String, Vec<ProductRow>)> {
    let mut groups: Vec<(String, Vec<ProductRow>)> = Vec::new();
    for p in products {
        match groups.iter_mut().find(|(t, _)| *t == p.product_type) {
            Some((_, list)) => list.push(p),
            None => groups.push((p.product_type.clone(), vec![p])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

/// The access of a partnership in the page's words.
fn describe(f: &Frame, row: &PartnershipRow) -> String {
    kontor_app::partners::partnerships::access_words(
        f.tr.0,
        row.access,
        &row.payment_mode,
        row.product_ids().len(),
    )
}

#[derive(Template)]
#[template(path = "partners/partners.html")]
struct PartnersPage {
    f: Frame,
    errors: Vec<String>,
    notice: String,
    legal: bool,
    reason: String,
    rows: Vec<PartnershipRow>,
    q: String,
    found: Vec<PartnerRow>,
    groups: Vec<(String, Vec<ProductRow>)>,
}

#[allow(clippy::unused_self, reason = "askama calls helpers as methods")]
impl PartnersPage {
    fn nothing(&self) -> Vec<i64> {
        Vec::new()
    }

    fn access(&self, row: &PartnershipRow) -> String {
        describe(&self.f, row)
    }

    fn live(&self, row: &PartnershipRow) -> bool {
        matches!(row.status, PartnershipStatus::Offered | PartnershipStatus::Active)
    }
}

async fn partners_page(
    s: &AppState,
    ctx: &Ctx,
    query: &PageQuery,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "partnerships-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let decision = decide(&ctx.actor, Action::PartnersManage, Resource::Organization(&facts));
    let rows = match s.app.client_partnerships(&ctx.actor, org).await {
        Ok(r) => r,
        Err(e) => return ctx.error_page(s, &e),
    };
    let found = if query.q.trim().is_empty() || !decision.allowed {
        Vec::new()
    } else {
        s.app.partner_directory(&query.q).await.unwrap_or_default()
    };
    let groups = if decision.allowed {
        let page = s
            .app
            .list_products(&ctx.actor, org, ProductFilter::default(), None, 0, 500)
            .await;
        by_type(page.map(|p| p.rows).unwrap_or_default())
    } else {
        Vec::new()
    };
    let page = PartnersPage {
        notice: notice(ctx, &query.done),
        legal: decision.allowed,
        reason: ctx.tr().t(decision.reason_key),
        f,
        errors,
        rows,
        q: query.q.clone(),
        found,
        groups,
    };
    ctx.render(status, &page)
}

/// PAR-2: the organization's partners and the form that gives one access.
pub async fn partners(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<PageQuery>,
) -> Response {
    partners_page(&s, &ctx, &q, vec![], StatusCode::OK).await
}

async fn partners_error(s: &AppState, ctx: &Ctx, e: &AppError) -> Response {
    partners_page(s, ctx, &PageQuery::default(), ctx.error_lines(e), status_of(e)).await
}

pub async fn offer(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let input = OfferInput {
        partner: form.get("partner").parse().unwrap_or_default(),
        access: access_of(&form),
    };
    match s.app.offer_partnership(&ctx.actor, org, &input).await {
        Ok(_) => see_other("/console/partners?done=offered", None),
        Err(e) => partners_error(&s, &ctx, &e).await,
    }
}

pub async fn change(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    match s
        .app
        .change_partnership(&ctx.actor, org, id, &access_of(&form))
        .await
    {
        Ok(_) => see_other("/console/partners?done=changed", None),
        Err(e) => partners_error(&s, &ctx, &e).await,
    }
}

/// Resend or withdraw, from either side's page (`back` is the page).
async fn resend_or_withdraw(
    s: &AppState,
    ctx: &Ctx,
    org: OrgId,
    id: i64,
    resend: bool,
    back: &str,
) -> Response {
    let result = if resend {
        s.app.resend_partnership(&ctx.actor, org, id).await
    } else {
        s.app.withdraw_partnership(&ctx.actor, org, id).await
    };
    match result {
        Ok(_) => see_other(
            &format!("{back}?done={}", if resend { "resent" } else { "withdrawn" }),
            None,
        ),
        Err(e) if back == "/console/partners" => partners_error(s, ctx, &e).await,
        Err(e) => clients_page(s, ctx, &PageQuery::default(), ctx.error_lines(&e), status_of(&e)).await,
    }
}

pub async fn resend_offer(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, .. }: OrgForm,
) -> Response {
    resend_or_withdraw(&s, &ctx, org, id, true, "/console/partners").await
}

pub async fn withdraw_offer(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, .. }: OrgForm,
) -> Response {
    resend_or_withdraw(&s, &ctx, org, id, false, "/console/partners").await
}

pub async fn resend_request(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, .. }: OrgForm,
) -> Response {
    resend_or_withdraw(&s, &ctx, org, id, true, "/console/clients").await
}

pub async fn withdraw_request(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, .. }: OrgForm,
) -> Response {
    resend_or_withdraw(&s, &ctx, org, id, false, "/console/clients").await
}

#[derive(Template)]
#[template(path = "partners/clients.html")]
struct ClientsPage {
    f: Frame,
    errors: Vec<String>,
    notice: String,
    legal: bool,
    reason: String,
    approved: bool,
    rows: Vec<PartnershipRow>,
    members: Vec<MemberRow>,
    assigned: HashMap<i64, Vec<i64>>,
    types: Vec<&'static str>,
    /// The partner space: what expires soon across the clients the member reaches.
    renewals: Vec<ManagedRow>,
    renewals_explain: String,
    /// PAR-10: the statement of the period shown, with its bounds as typed.
    statement: Statement,
    from: String,
    until: String,
}

#[allow(clippy::unused_self, reason = "askama calls helpers as methods")]
impl ClientsPage {
    fn access(&self, row: &PartnershipRow) -> String {
        describe(&self.f, row)
    }

    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "askama passes arguments by reference"
    )]
    fn is_assigned(&self, row: &PartnershipRow, user: &i64) -> bool {
        self.assigned.get(&row.id).is_some_and(|u| u.contains(user))
    }

    fn legal_member(&self, m: &MemberRow) -> bool {
        m.role == "legal_representative"
    }

    /// A client's amounts, one per currency.
    fn amounts(&self, c: &ClientTotal) -> String {
        let shown: Vec<String> = c
            .amounts
            .iter()
            .map(|(cur, v)| super::money(*v, cur, self.f.tr.0))
            .collect();
        shown.join(" · ")
    }

    fn export_link(&self) -> String {
        // Both bounds are checked dates (`YYYY-MM-DD`): nothing to escape.
        format!(
            "/console/clients/export.csv?from={}&until={}",
            self.from, self.until
        )
    }
}

/// PAR-10: the statement period of the partner space — as asked, else from the first of
/// January to today — with its bounds as typed, or the error of a bad date.
fn period(s: &AppState, q_from: &str, q_until: &str) -> Result<(String, String, i64, i64), String> {
    let today = s.app.now().date();
    let from = if q_from.trim().is_empty() {
        iso_date(
            today
                .replace_day(1)
                .and_then(|d| d.replace_month(time::Month::January))
                .unwrap_or(today),
        )
    } else {
        q_from.trim().to_owned()
    };
    let until = if q_until.trim().is_empty() {
        iso_date(today)
    } else {
        q_until.trim().to_owned()
    };
    let lo = crate::api::day_bound("from", Some(&from), false).map_err(|_| "from".to_owned())?;
    let hi = crate::api::day_bound("until", Some(&until), true).map_err(|_| "until".to_owned())?;
    Ok((from, until, lo.unwrap_or(i64::MIN), hi.unwrap_or(i64::MAX)))
}

/// PAR-10: the statement of the period asked (a bad date is said, and the default period
/// shown), with the period's bounds.
async fn statement_of(
    s: &AppState,
    ctx: &Ctx,
    org: OrgId,
    query: &PageQuery,
    errors: &mut Vec<String>,
) -> Result<(Statement, String, String), AppError> {
    let (from, until, lo, hi) = match period(s, &query.from, &query.until) {
        Ok(p) => p,
        Err(field) => {
            let label = ctx.tr().t(&format!("clients-period-{field}"));
            errors.push(format!("{label}: {}", ctx.tr().t("problem-invalid_date")));
            period(s, "", "").unwrap_or_default()
        }
    };
    let statement = s.app.partner_statement(&ctx.actor, org, lo, hi).await?;
    Ok((statement, from, until))
}

/// PAR-10: the partner's statement of a period as CSV.
pub async fn export_csv(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<PageQuery>,
) -> Response {
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let Ok((from, until, lo, hi)) = period(&s, &q.from, &q.until) else {
        return see_other("/console/clients", None);
    };
    match s.app.partner_statement_csv(&ctx.actor, org, lo, hi).await {
        Ok(csv) => crate::api::file_response(
            "text/csv; charset=utf-8",
            &format!("clients-{from}-{until}.csv"),
            csv.into_bytes(),
        ),
        Err(e) => ctx.error_page(&s, &e),
    }
}

async fn clients_page(
    s: &AppState,
    ctx: &Ctx,
    query: &PageQuery,
    mut errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "clients-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let decision = decide(&ctx.actor, Action::PartnersManage, Resource::Organization(&facts));
    let approved = match s.app.partner_application(&ctx.actor, org).await {
        Ok(p) => p.is_some_and(|p| p.status == PartnerStatus::Approved),
        Err(e) => return ctx.error_page(s, &e),
    };
    let rows = match s.app.partner_clients(&ctx.actor, org).await {
        Ok(r) => r,
        Err(e) => return ctx.error_page(s, &e),
    };
    let renewals = match s.app.partner_renewals(&ctx.actor, org, RENEWAL_DAYS).await {
        Ok(r) => r,
        Err(e) => return ctx.error_page(s, &e),
    };
    let (statement, from, until) = match statement_of(s, ctx, org, query, &mut errors).await {
        Ok(st) => st,
        Err(e) => return ctx.error_page(s, &e),
    };
    let mut members = Vec::new();
    let mut assigned = HashMap::new();
    if decision.allowed {
        if let Ok((list, _)) = s.app.list_members(&ctx.actor, org, 1, 200).await {
            members = list.into_iter().map(|m| m.row).collect();
        }
        for r in rows.iter().filter(|r| r.status == PartnershipStatus::Active) {
            if let Ok(users) = s.app.partnership_members(&ctx.actor, org, r.id).await {
                assigned.insert(r.id, users);
            }
        }
    }
    let page = ClientsPage {
        notice: notice(ctx, &query.done),
        legal: decision.allowed,
        reason: ctx.tr().t(decision.reason_key),
        f,
        errors,
        approved,
        rows,
        members,
        assigned,
        types: PRODUCT_TYPES.to_vec(),
        renewals,
        renewals_explain: kontor_app::platform::i18n::t_with(
            ctx.lang,
            "clients-renewals-explain",
            &[],
            &[("days", RENEWAL_DAYS)],
        ),
        statement,
        from,
        until,
    };
    ctx.render(status, &page)
}

/// PAR-3, PAR-9: the partner's clients (a member sees those assigned to them).
pub async fn clients(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<PageQuery>,
) -> Response {
    clients_page(&s, &ctx, &q, vec![], StatusCode::OK).await
}

/// PAR-4: the partner asks an address for access.
pub async fn request(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let input = RequestInput {
        email: form.get("email"),
        access: form.get("access"),
        categories: form.all("categories"),
        payment_mode: form.opt("payment_mode").filter(|m| !m.is_empty()),
    };
    match s.app.request_client(&ctx.actor, org, &input).await {
        Ok(_) => see_other("/console/clients?done=requested", None),
        Err(e) => {
            clients_page(
                &s,
                &ctx,
                &PageQuery::default(),
                ctx.error_lines(&e),
                status_of(&e),
            )
            .await
        }
    }
}

/// PAR-9: which members manage this client.
pub async fn assign(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    match s
        .app
        .assign_partnership_members(&ctx.actor, org, id, &form.ids("members"))
        .await
    {
        Ok(_) => see_other("/console/clients?done=assigned", None),
        Err(e) => {
            clients_page(
                &s,
                &ctx,
                &PageQuery::default(),
                ctx.error_lines(&e),
                status_of(&e),
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "partners/end.html")]
struct EndPage {
    f: Frame,
    errors: Vec<String>,
    row: PartnershipRow,
    /// `partners` (the client ends) or `clients` (the partner ends).
    side: &'static str,
    other: String,
}

/// The side's own partnership to end, or the page that says why not.
async fn end_page(
    s: &AppState,
    ctx: &Ctx,
    id: i64,
    side: &'static str,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "partnership-end-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let rows = if side == "partners" {
        s.app.client_partnerships(&ctx.actor, org).await
    } else {
        s.app.partner_clients(&ctx.actor, org).await
    };
    let row = match rows {
        Ok(rows) => rows
            .into_iter()
            .find(|r| r.id == id && r.status == PartnershipStatus::Active),
        Err(e) => return ctx.error_page(s, &e),
    };
    let Some(row) = row else {
        return ctx.error_page(s, &AppError::not_found());
    };
    let other = if side == "partners" {
        row.partner_name.clone()
    } else {
        row.client_name.clone().unwrap_or_default()
    };
    ctx.render(
        status,
        &EndPage {
            f,
            errors,
            row,
            side,
            other,
        },
    )
}

/// PAR-6: the confirmation step, naming what ending does.
pub async fn end_partner_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<i64>,
) -> Response {
    end_page(&s, &ctx, id, "partners", vec![], StatusCode::OK).await
}

pub async fn end_client_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<i64>,
) -> Response {
    end_page(&s, &ctx, id, "clients", vec![], StatusCode::OK).await
}

async fn end(s: &AppState, ctx: &Ctx, org: OrgId, id: i64, form: &FormData, side: &'static str) -> Response {
    match s
        .app
        .end_partnership(&ctx.actor, org, id, &form.get("password"))
        .await
    {
        Ok(_) => see_other(&format!("/console/{side}?done=ended"), None),
        Err(e) => end_page(s, ctx, id, side, ctx.error_lines(&e), status_of(&e)).await,
    }
}

pub async fn end_partner(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    end(&s, &ctx, org, id, &form, "partners").await
}

pub async fn end_client(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    end(&s, &ctx, org, id, &form, "clients").await
}

#[derive(Template)]
#[template(path = "partners/link.html")]
struct LinkPage {
    f: Frame,
    errors: Vec<String>,
    done: String,
    token: String,
    row: Option<PartnershipRow>,
    answer: String,
    /// A request: the organizations the visitor may grant access to, the one picked, and its
    /// products.
    orgs: Vec<(i64, String)>,
    org: Option<i64>,
    groups: Vec<(String, Vec<ProductRow>)>,
}

#[allow(clippy::unused_self, reason = "askama calls helpers as methods")]
impl LinkPage {
    fn nothing(&self) -> Vec<i64> {
        Vec::new()
    }

    fn access(&self, row: &PartnershipRow) -> String {
        describe(&self.f, row)
    }
}

async fn link_page(
    s: &AppState,
    ctx: &Ctx,
    token: String,
    query: &PageQuery,
    errors: Vec<String>,
    done: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "partnership-link-title").await;
    let mut errors = errors;
    let row = match s.app.partnership_by_link(&token).await {
        Ok(r) => Some(r),
        Err(e) => {
            if done.is_empty() && errors.is_empty() {
                errors.extend(ctx.error_lines(&e));
            }
            None
        }
    };
    let mut orgs = Vec::new();
    let mut groups = Vec::new();
    if row
        .as_ref()
        .is_some_and(|r| r.status == PartnershipStatus::Requested)
        && ctx.signed_in()
    {
        let partner = row.as_ref().map_or(0, |r| r.partner_id);
        for o in s.app.list_organizations(&ctx.actor).await.unwrap_or_default() {
            if o.role == "legal_representative" && o.id != partner {
                orgs.push((o.id, o.name));
            }
        }
        if let Some(org) = query.org.filter(|o| orgs.iter().any(|(id, _)| id == o)) {
            let page = s
                .app
                .list_products(&ctx.actor, OrgId(org), ProductFilter::default(), None, 0, 500)
                .await;
            groups = by_type(page.map(|p| p.rows).unwrap_or_default());
        }
    }
    let org = query.org.filter(|o| orgs.iter().any(|(id, _)| id == o));
    let page = LinkPage {
        f,
        errors,
        done,
        token,
        row,
        answer: query.answer.clone(),
        orgs,
        org,
        groups,
    };
    ctx.render(status, &page)
}

/// PAR-3, PAR-4: what the link offers or asks, with accept and refuse buttons.
pub async fn link(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    link_page(&s, &ctx, token, &q, vec![], String::new(), StatusCode::OK).await
}

/// Accepts (signed in) or refuses (holding the link is enough).
pub async fn answer(
    State(s): State<AppState>,
    Path(token): Path<String>,
    VisitorForm { ctx, form }: VisitorForm,
) -> Response {
    let q = PageQuery {
        org: form.get("organization").parse().ok(),
        ..PageQuery::default()
    };
    if form.get("answer") == "refuse" {
        return match s.app.refuse_partnership(&ctx.actor, &token).await {
            Ok(_) => {
                let done = ctx.tr().t("partnership-refused");
                link_page(&s, &ctx, token, &q, vec![], done, StatusCode::OK).await
            }
            Err(e) => {
                link_page(
                    &s,
                    &ctx,
                    token,
                    &q,
                    ctx.error_lines(&e),
                    String::new(),
                    status_of(&e),
                )
                .await
            }
        };
    }
    let input = AcceptInput {
        token: token.clone(),
        organization: q.org,
        access: q.org.map(|_| access_of(&form)),
    };
    match s.app.accept_partnership(&ctx.actor, &input).await {
        Ok(row) => {
            // The session goes on in the organization that accepted (ACC-9).
            let (org, page) = match row.initiator.as_str() {
                "client" => (row.partner_id, "clients"),
                _ => (row.client_id.unwrap_or_default(), "partners"),
            };
            if ctx.actor.session_id().is_some()
                && let Err(e) = s.app.switch_organization(&ctx.actor, OrgId(org)).await
            {
                return ctx.error_page(&s, &e);
            }
            see_other(&format!("/console/{page}?done=accepted"), None)
        }
        Err(e) => {
            link_page(
                &s,
                &ctx,
                token,
                &q,
                ctx.error_lines(&e),
                String::new(),
                status_of(&e),
            )
            .await
        }
    }
}
