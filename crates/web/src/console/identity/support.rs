//! The support-access page (SUP-3, SUP-4): grant or revoke support staff's access per kind,
//! and the log of every staff access to the account's content and data.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::model::{GrantRow, SupportAccessRow};
use kontor_domain::SupportKind;

use crate::AppState;
use crate::console::extract::{SignedIn, UserForm};
use crate::console::{Ctx, FormData, see_other};

/// One kind's row: the kind and its grant in force.
pub struct KindRow {
    pub kind: &'static str,
    pub grant: Option<GrantRow>,
}

#[derive(Template)]
#[template(path = "identity/support.html")]
struct SupportPage {
    f: crate::console::Frame,
    errors: Vec<String>,
    kinds: Vec<KindRow>,
    log: Vec<SupportAccessRow>,
    total: i64,
}

async fn render(s: &AppState, ctx: &Ctx, errors: Vec<String>, status: StatusCode) -> Response {
    let view = match s.app.support_access(&ctx.actor, 0, 100).await {
        Ok(v) => v,
        Err(e) => return ctx.error_page(s, &e),
    };
    let kinds = SupportKind::ALL
        .iter()
        .map(|k| KindRow {
            kind: k.as_str(),
            grant: view.current.iter().find(|g| g.kind == k.as_str()).cloned(),
        })
        .collect();
    let page = SupportPage {
        f: ctx.frame(s, "support-title").await,
        errors,
        kinds,
        log: view.log,
        total: view.log_total,
    };
    ctx.render(status, &page)
}

pub async fn support_page(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Response {
    render(&s, &ctx, vec![], StatusCode::OK).await
}

/// `grant=<kind>` or `revoke=<kind>`.
pub async fn grant_or_revoke(
    State(s): State<AppState>,
    UserForm { ctx, form }: UserForm<FormData>,
) -> Response {
    let done = if let Some(kind) = form.opt("grant") {
        s.app.grant_support_access(&ctx.actor, &kind).await.map(|_| ())
    } else {
        s.app.revoke_support_access(&ctx.actor, &form.get("revoke")).await
    };
    match done {
        Ok(()) => see_other("/console/support-access", None),
        Err(e) => render(&s, &ctx, ctx.error_lines(&e), crate::console::status_of(&e)).await,
    }
}

#[derive(Template)]
#[template(path = "identity/premium.html")]
struct PremiumPage {
    f: crate::console::Frame,
    premium: kontor_app::support::vip::PremiumSupport,
}

/// SUP-2: the premium-support page of the current organization: the VIP code and the
/// priority line while it holds premium support, else how to get it.
pub async fn premium_page(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Response {
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    match s.app.premium_support(&ctx.actor, org).await {
        Ok(premium) => {
            let page = PremiumPage {
                f: ctx.frame(&s, "premium-title").await,
                premium,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => ctx.error_page(&s, &e),
    }
}
