//! Console pages of the partner programme: the organization's partner page (apply, the
//! decision, the directory entry), its calls for tender (TEN-2), and the public pages — the
//! directory (PAR-11), the tender form with its honeypot (TEN-1, TEN-4) and the cancellation
//! page (TEN-3), which asks before it closes (a mail scanner opening the link closes nothing).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::AppError;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::model::{PartnerRow, TenderRow, TenderViewRow};
use kontor_app::partners::tenders::{TenderInput, TenderView, budget_text};
use kontor_app::partners::{ApplicationInput, DirectoryInput};
use kontor_domain::Language;
use kontor_domain::money::parse_minor;
use kontor_domain::products::PRODUCT_TYPES;
use serde::Deserialize;

use crate::AppState;
use crate::console::extract::{OrgForm, SignedIn, VisitorForm};
use crate::console::{Ctx, FormData, Frame, see_other, status_of};

/// The honeypot field of the public tender form: people leave it empty (it is hidden and
/// labelled so); a form that fills it is answered as posted and dropped (TEN-4).
pub const HONEYPOT: &str = "homepage";

fn amount(form: &FormData, field: &str) -> Result<i64, AppError> {
    let raw = form.get(field).trim().replace(',', ".");
    parse_minor(&raw).map_err(|_| AppError::field(field, "invalid_amount"))
}

#[derive(Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

#[derive(Template)]
#[template(path = "partners/partner.html")]
struct PartnerPage {
    f: Frame,
    errors: Vec<String>,
    notice: String,
    /// May apply and edit the entry (a legal representative).
    legal: bool,
    reason: String,
    partner: Option<PartnerRow>,
    minimum: String,
    types: Vec<&'static str>,
    languages: Vec<(&'static str, &'static str)>,
}

impl PartnerPage {
    fn offers(&self, code: &&str) -> bool {
        self.partner
            .as_ref()
            .is_some_and(|p| p.services.split(' ').any(|s| s == *code))
    }

    fn speaks(&self, code: &&str) -> bool {
        self.partner
            .as_ref()
            .is_some_and(|p| p.languages.split(' ').any(|s| s == *code))
    }

    fn can_apply(&self) -> bool {
        self.partner
            .as_ref()
            .is_none_or(|p| p.status == kontor_domain::PartnerStatus::Rejected)
    }
}

async fn partner_page(
    s: &AppState,
    ctx: &Ctx,
    errors: Vec<String>,
    notice: &str,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "partner-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let d = decide(&ctx.actor, Action::PartnersManage, Resource::Organization(&facts));
    let partner = match s.app.partner_application(&ctx.actor, org).await {
        Ok(p) => p,
        Err(e) => return ctx.error_page(s, &e),
    };
    let currency = f.currency_of(org);
    let minimum = kontor_domain::Currency::parse(&currency)
        .map(|c| crate::console::money(kontor_app::partners::minimum_volume(c), &currency, ctx.lang))
        .unwrap_or_default();
    let page = PartnerPage {
        notice: if notice.is_empty() {
            String::new()
        } else {
            ctx.tr().tp("partner-done", notice)
        },
        reason: ctx.tr().t(d.reason_key),
        legal: d.allowed,
        f,
        errors,
        partner,
        minimum,
        types: PRODUCT_TYPES.to_vec(),
        languages: Language::ALL
            .iter()
            .map(|l| (l.as_str(), l.native_name()))
            .collect(),
    };
    ctx.render(status, &page)
}

pub async fn partner(State(s): State<AppState>, SignedIn(ctx): SignedIn, Query(q): Query<Done>) -> Response {
    let done = if matches!(q.done.as_str(), "applied" | "directory") {
        q.done.as_str()
    } else {
        ""
    };
    partner_page(&s, &ctx, vec![], done, StatusCode::OK).await
}

pub async fn apply(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let input = match amount(&form, "expected_volume") {
        Ok(expected_volume) => ApplicationInput {
            website: form.get("website"),
            expected_volume,
            accept_conditions: form.get("accept_conditions") == "on",
        },
        Err(e) => return partner_page(&s, &ctx, ctx.error_lines(&e), "", status_of(&e)).await,
    };
    match s.app.apply_for_partnership(&ctx.actor, org, &input).await {
        Ok(_) => see_other("/console/partner?done=applied", None),
        Err(e) => partner_page(&s, &ctx, ctx.error_lines(&e), "", status_of(&e)).await,
    }
}

pub async fn directory_entry(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let input = DirectoryInput {
        listed: form.get("listed") == "on",
        contact_email: form.get("contact_email"),
        languages: form.all("languages"),
        regions: form.get("regions"),
        services: form.all("services"),
    };
    match s.app.set_partner_directory(&ctx.actor, org, &input).await {
        Ok(_) => see_other("/console/partner?done=directory", None),
        Err(e) => partner_page(&s, &ctx, ctx.error_lines(&e), "", status_of(&e)).await,
    }
}

#[derive(Template)]
#[template(path = "partners/tenders.html")]
struct TendersPage {
    f: Frame,
    tenders: Vec<TenderRow>,
    reason: String,
}

#[allow(clippy::unused_self, reason = "askama calls helpers as methods")]
impl TendersPage {
    fn budget(&self, t: &TenderRow) -> String {
        budget_text(t)
    }
}

/// TEN-2: the open calls for tender of the partner's categories.
pub async fn tenders(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Response {
    let f = ctx.frame(&s, "tenders-title").await;
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let approved = match s.app.partner_application(&ctx.actor, org).await {
        Ok(p) => p.is_some_and(|p| p.status == kontor_domain::PartnerStatus::Approved),
        Err(e) => return ctx.error_page(&s, &e),
    };
    let (tenders, reason) = match s.app.partner_tenders(&ctx.actor, org).await {
        Ok(t) if approved => (t, String::new()),
        Ok(_) => (vec![], ctx.tr().t("tenders-not-partner")),
        Err(e) => return ctx.error_page(&s, &e),
    };
    ctx.render(StatusCode::OK, &TendersPage { f, tenders, reason })
}

#[derive(Template)]
#[template(path = "partners/tender.html")]
struct TenderPage {
    f: Frame,
    t: TenderRow,
    budget: String,
    views: Vec<TenderViewRow>,
}

/// TEN-2: one tender in full; opening it is recorded.
pub async fn tender(State(s): State<AppState>, SignedIn(ctx): SignedIn, Path(id): Path<i64>) -> Response {
    let f = ctx.frame(&s, "tender-title").await;
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    match s.app.partner_tender(&ctx.actor, org, id).await {
        Ok(TenderView { tender, views }) => {
            let page = TenderPage {
                f,
                budget: budget_text(&tender),
                t: tender,
                views,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => ctx.error_page(&s, &e),
    }
}

#[derive(Template)]
#[template(path = "partners/directory.html")]
struct DirectoryPage {
    f: Frame,
    q: String,
    partners: Vec<PartnerRow>,
}

#[derive(Deserialize)]
pub struct DirectoryQuery {
    #[serde(default)]
    q: String,
}

/// PAR-11: the public directory — every listed partner, or those a name or e-mail finds.
pub async fn directory(State(s): State<AppState>, ctx: Ctx, Query(q): Query<DirectoryQuery>) -> Response {
    let f = ctx.frame(&s, "directory-title").await;
    match s.app.partner_directory(&q.q).await {
        Ok(partners) => {
            let page = DirectoryPage { f, q: q.q, partners };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => ctx.error_page(&s, &e),
    }
}

#[derive(Template)]
#[template(path = "partners/tender_new.html")]
struct TenderFormPage {
    f: Frame,
    errors: Vec<String>,
    form: FormData,
    types: Vec<&'static str>,
    languages: Vec<(&'static str, &'static str)>,
    posted_to: String,
    honeypot: &'static str,
}

fn tender_form(f: Frame, errors: Vec<String>, form: FormData, posted_to: String) -> TenderFormPage {
    TenderFormPage {
        f,
        errors,
        form,
        types: PRODUCT_TYPES.to_vec(),
        languages: Language::ALL
            .iter()
            .map(|l| (l.as_str(), l.native_name()))
            .collect(),
        posted_to,
        honeypot: HONEYPOT,
    }
}

/// TEN-1: the public form.
pub async fn tender_new(State(s): State<AppState>, ctx: Ctx) -> Response {
    let f = ctx.frame(&s, "tender-new-title").await;
    let page = tender_form(f, vec![], FormData::default(), String::new());
    ctx.render(StatusCode::OK, &page)
}

fn tender_input(form: &FormData) -> Result<TenderInput, AppError> {
    Ok(TenderInput {
        need: form.get("need"),
        category: form.get("category"),
        budget_min: amount(form, "budget_min")?,
        budget_max: amount(form, "budget_max")?,
        currency: form.get("currency"),
        language: form.get("language"),
        region: form.get("region"),
        contact_name: form.get("contact_name"),
        email: form.get("email"),
        phone: form.get("phone"),
    })
}

/// TEN-1, TEN-4: posts the tender; a filled honeypot is answered like a post and dropped.
pub async fn tender_post(
    State(s): State<AppState>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    let f = ctx.frame(&s, "tender-new-title").await;
    if !form.get(HONEYPOT).is_empty() {
        tracing::info!(ip = %ctx.actor.origin.ip, "tender form honeypot filled; dropped");
        let to = form.get("email");
        return ctx.render(StatusCode::OK, &tender_form(f, vec![], FormData::default(), to));
    }
    let posted = match tender_input(&form) {
        Ok(input) => s.app.post_tender(&ctx.actor, &input).await,
        Err(e) => Err(e),
    };
    match posted {
        Ok(p) => {
            let page = tender_form(f, vec![], FormData::default(), p.tender.email);
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => {
            let status = status_of(&e);
            ctx.render(status, &tender_form(f, ctx.error_lines(&e), form, String::new()))
        }
    }
}

#[derive(Template)]
#[template(path = "partners/tender_cancel.html")]
struct CancelPage {
    f: Frame,
    secret: String,
    t: TenderRow,
    budget: String,
}

async fn cancel_page(
    s: &AppState,
    ctx: &Ctx,
    result: Result<TenderRow, AppError>,
    secret: String,
) -> Response {
    let f = ctx.frame(s, "tender-cancel-title").await;
    match result {
        Ok(t) => {
            let page = CancelPage {
                f,
                secret,
                budget: budget_text(&t),
                t,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => ctx.error_page(s, &e),
    }
}

/// TEN-3: the link's page asks to confirm; opening it changes nothing.
pub async fn cancel_confirm(State(s): State<AppState>, ctx: Ctx, Path(secret): Path<String>) -> Response {
    let t = s.app.tender_by_link(&secret).await;
    cancel_page(&s, &ctx, t, secret).await
}

pub async fn cancel(
    State(s): State<AppState>,
    Path(secret): Path<String>,
    VisitorForm { ctx, form: _ }: VisitorForm<FormData>,
) -> Response {
    let t = s.app.cancel_tender(&ctx.actor, &secret).await;
    cancel_page(&s, &ctx, t, secret).await
}
