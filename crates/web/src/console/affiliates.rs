//! Console pages of affiliates (PAR-12): the referral link a visitor follows (it leaves a
//! signed cookie the sign-up reads), and the organization's affiliate page — register, the
//! link to share, the referrals and what they earned.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::partners::affiliates::{AffiliateView, REFERRAL_COOKIE};
use kontor_app::platform::i18n::t_with;
use kontor_domain::PartnerStatus;

use crate::AppState;
use crate::console::extract::{OrgForm, SignedIn};
use crate::console::{Ctx, Frame, http_only_cookie, see_other, status_of};
use crate::middleware::cookie;

/// `GET /r/{code}`: remembers the affiliate for the window (unless the visitor followed
/// another link first) and leads to the sign-up. An unknown code leads there too.
pub async fn follow(State(s): State<AppState>, headers: HeaderMap, Path(code): Path<String>) -> Response {
    let held = cookie(&headers, REFERRAL_COOKIE);
    let set = match s.app.follow_referral(&code, held.as_deref()).await {
        Ok(Some(value)) => {
            let age = s.app.settings.affiliate_window_days * 86_400;
            Some(http_only_cookie(&s, REFERRAL_COOKIE, &value, age))
        }
        Ok(None) | Err(_) => None,
    };
    see_other("/console/signup", set)
}

#[derive(Template)]
#[template(path = "partners/affiliate.html")]
struct AffiliatePage {
    f: Frame,
    errors: Vec<String>,
    notice: bool,
    /// May register (a legal representative).
    legal: bool,
    reason: String,
    /// A partner (or an applicant) cannot be an affiliate (PAR-1).
    partner: bool,
    affiliate: Option<AffiliateView>,
    explain: String,
    window: String,
}

async fn page(s: &AppState, ctx: &Ctx, errors: Vec<String>, notice: bool, status: StatusCode) -> Response {
    let f = ctx.frame(s, "affiliate-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let d = decide(&ctx.actor, Action::PartnersManage, Resource::Organization(&facts));
    let (affiliate, partner) = match (
        s.app.affiliate(&ctx.actor, org).await,
        s.app.partner_application(&ctx.actor, org).await,
    ) {
        (Ok(view), Ok(record)) => (view, record.is_some_and(|p| p.status != PartnerStatus::Rejected)),
        (Err(e), _) | (_, Err(e)) => return ctx.error_page(s, &e),
    };
    let percent = kontor_domain::Percent(s.app.settings.affiliate_commission_bp).to_decimal();
    let days = s.app.settings.affiliate_window_days;
    let page = AffiliatePage {
        reason: ctx.tr().t(d.reason_key),
        legal: d.allowed,
        explain: t_with(
            ctx.lang,
            "affiliate-explain",
            &[("percent", percent)],
            &[("days", days)],
        ),
        window: t_with(ctx.lang, "affiliate-days", &[], &[("days", days)]),
        f,
        errors,
        notice,
        partner,
        affiliate,
    };
    ctx.render(status, &page)
}

pub async fn affiliate(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Response {
    page(&s, &ctx, vec![], false, StatusCode::OK).await
}

pub async fn registered(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Response {
    page(&s, &ctx, vec![], true, StatusCode::OK).await
}

pub async fn register(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let accept = form.get("accept_conditions") == "on";
    match s.app.register_affiliate(&ctx.actor, org, accept).await {
        Ok(_) => see_other("/console/affiliate/registered", None),
        Err(e) => page(&s, &ctx, ctx.error_lines(&e), false, status_of(&e)).await,
    }
}
