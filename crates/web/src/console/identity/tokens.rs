//! Personal API tokens (API-5): listed with last use, created (shown once), revoked.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::identity::tokens::NewTokenInput;
use kontor_domain::{Scope, ScopeSet, TokenId};
use time::Date;

use crate::AppState;
use crate::api::rfc3339;
use crate::console::identity::auth::CsrfForm;
use crate::console::{Ctx, Frame, see_other};

/// One token as the tokens page lists it.
pub struct TokenLine {
    pub id: i64,
    pub name: String,
    pub scopes: String,
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: String,
}

#[derive(Template)]
#[template(path = "identity/tokens.html")]
struct TokensPage {
    f: Frame,
    tokens: Vec<TokenLine>,
    scopes: Vec<String>,
    created_secret: String,
    errors: Vec<String>,
}

async fn render_tokens(
    s: &AppState,
    ctx: &Ctx,
    created_secret: String,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let rows = s.app.list_tokens(&ctx.actor).await.unwrap_or_default();
    let never = ctx.tr().t("tokens-never");
    let tokens = rows
        .iter()
        .map(|t| TokenLine {
            id: t.id,
            name: t.name.clone(),
            scopes: ScopeSet::from_stored(&t.scopes).names().join(", "),
            created_at: rfc3339(t.created_at),
            expires_at: t.expires_at.map_or_else(|| never.clone(), rfc3339),
            last_used_at: t.last_used_at.map_or_else(|| never.clone(), rfc3339),
        })
        .collect();
    let page = TokensPage {
        f: ctx.frame(s, "tokens-title").await,
        tokens,
        scopes: Scope::all().iter().map(ToString::to_string).collect(),
        created_secret,
        errors,
    };
    ctx.render(status, &page)
}

pub async fn tokens_page(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    render_tokens(&s, &ctx, String::new(), vec![], StatusCode::OK).await
}

/// The create form: a name, scope check-boxes (repeated `scope` fields) and an expiry date.
fn parse_token_form(body: &str) -> (String, String, Vec<String>, String) {
    let (mut csrf, mut name, mut scopes, mut expires) =
        (String::new(), String::new(), Vec::new(), String::new());
    for (k, v) in url::form_urlencoded::parse(body.as_bytes()) {
        match k.as_ref() {
            "csrf" => csrf = v.into_owned(),
            "name" => name = v.into_owned(),
            "scope" => scopes.push(v.into_owned()),
            "expires_on" => expires = v.into_owned(),
            _ => {}
        }
    }
    (csrf, name, scopes, expires)
}

pub async fn create_token(State(s): State<AppState>, ctx: Ctx, body: String) -> Response {
    let (csrf, name, scopes, expires_on) = parse_token_form(&body);
    if let Some(r) = ctx.refuse(&s, &csrf) {
        return r;
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let expires_on = expires_on.trim();
    let expires_at = if expires_on.is_empty() {
        None
    } else if let Ok(date) = Date::parse(expires_on, &format) {
        Some(date.with_time(time::Time::MAX).assume_utc())
    } else {
        let e = kontor_app::AppError::field("expires_at", "invalid_date");
        return render_tokens(
            &s,
            &ctx,
            String::new(),
            ctx.error_lines(&e),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match s
        .app
        .create_token(
            &ctx.actor,
            NewTokenInput {
                name,
                scopes,
                expires_at,
            },
        )
        .await
    {
        Ok(created) => render_tokens(&s, &ctx, created.secret, vec![], StatusCode::CREATED).await,
        Err(e) => {
            render_tokens(
                &s,
                &ctx,
                String::new(),
                ctx.error_lines(&e),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn revoke_token(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(r) = ctx.refuse(&s, &form.csrf) {
        return r;
    }
    match s.app.revoke_token(&ctx.actor, TokenId(id)).await {
        Ok(()) => see_other("/console/tokens", None),
        Err(e) => {
            render_tokens(
                &s,
                &ctx,
                String::new(),
                ctx.error_lines(&e),
                StatusCode::NOT_FOUND,
            )
            .await
        }
    }
}
