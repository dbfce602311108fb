//! Personal API tokens (API-5): listed with last use, created (shown once), revoked.
//!
//! Creating answers a redirect (issue 18: reloading never makes a second token). The secret
//! crosses the redirect in a cookie sealed for this session, limited to the tokens page and
//! two minutes; the page shows it once and clears the cookie, so a reload says the token was
//! made and its secret is gone.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use kontor_app::identity::tokens::NewTokenInput;
use kontor_app::platform::crypto::Sealer;
use kontor_domain::{Scope, ScopeSet, TokenId};
use serde::Deserialize;
use time::Date;

use crate::AppState;
use crate::console::confirm::{self, Ask};
use crate::console::extract::{SignedIn, UserForm};
use crate::console::{Ctx, Frame, see_other};
use kontor_app::platform::i18n::t_with;

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
    notice: String,
    errors: Vec<String>,
}

/// A scope as people read it: its area in the reader's language, "(read only)" for `:read`.
fn scope_name(lang: kontor_domain::Language, scope: &str) -> String {
    match scope.strip_suffix(":read") {
        Some(area) => t_with(
            lang,
            "scope-read-only",
            &[(
                "area",
                kontor_app::platform::i18n::t(lang, &format!("scope-{area}")),
            )],
            &[],
        ),
        None => kontor_app::platform::i18n::t(lang, &format!("scope-{scope}")),
    }
}

#[allow(clippy::unused_self)] // askama calls helpers as methods
impl TokensPage {
    fn scope_name(&self, scope: &str) -> String {
        scope_name(self.f.tr.0, scope)
    }
}

/// The cookie that carries a new token's secret across the redirect after its creation.
const NEW_TOKEN_COOKIE: &str = "kontor_new_token";

fn new_token_cookie(s: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if s.app.settings.cookie_secure() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{NEW_TOKEN_COOKIE}={value}; Path=/console/tokens; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn sealer(s: &AppState) -> Sealer {
    Sealer::new(&s.app.settings.server_key, "new-token")
}

async fn render_tokens(
    s: &AppState,
    ctx: &Ctx,
    created_secret: String,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    render_tokens_with(s, ctx, created_secret, String::new(), errors, status).await
}

async fn render_tokens_with(
    s: &AppState,
    ctx: &Ctx,
    created_secret: String,
    notice: String,
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
            scopes: ScopeSet::from_stored(&t.scopes)
                .names()
                .iter()
                .map(|n| scope_name(ctx.lang, n))
                .collect::<Vec<_>>()
                .join(", "),
            created_at: crate::console::day(t.created_at, ctx.lang),
            expires_at: t
                .expires_at
                .map_or_else(|| never.clone(), |e| crate::console::day(e, ctx.lang)),
            last_used_at: t
                .last_used_at
                .map_or_else(|| never.clone(), |u| crate::console::moment(u, ctx.lang)),
        })
        .collect();
    let page = TokensPage {
        f: ctx.frame(s, "tokens-title").await,
        tokens,
        scopes: Scope::all().iter().map(ToString::to_string).collect(),
        created_secret,
        notice,
        errors,
    };
    ctx.render(status, &page)
}

#[derive(Deserialize)]
pub struct CreatedQuery {
    created: Option<i64>,
}

/// The tokens page; after a creation (`?created=<id>`) it says so and shows the secret if
/// this is the first view since (the sealed cookie is there), then clears the cookie.
pub async fn tokens_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<CreatedQuery>,
    headers: HeaderMap,
) -> Response {
    let carried = crate::middleware::cookie(&headers, NEW_TOKEN_COOKIE).filter(|c| !c.is_empty());
    let mut secret = String::new();
    let mut notice = String::new();
    if let Some(id) = q.created {
        let owner = ctx.session.as_deref().unwrap_or_default();
        secret = carried
            .as_deref()
            .and_then(|c| sealer(&s).open(owner, c))
            .and_then(|v| v.strip_prefix(&format!("{id}:")).map(str::to_owned))
            .unwrap_or_default();
        let tokens = s.app.list_tokens(&ctx.actor).await.unwrap_or_default();
        if let Some(token) = tokens.into_iter().find(|t| t.id == id) {
            let key = if secret.is_empty() {
                "notice-token-created-shown"
            } else {
                "notice-token-created"
            };
            notice = t_with(ctx.lang, key, &[("name", token.name)], &[]);
        }
    }
    let mut response = render_tokens_with(&s, &ctx, secret, notice, vec![], StatusCode::OK).await;
    if carried.is_some() {
        response
            .headers_mut()
            .append(header::SET_COOKIE, new_token_cookie(&s, "", 0));
    }
    response
}

/// The create form: a name, scope check-boxes (repeated `scope` fields) and an expiry date.
pub async fn create_token(State(s): State<AppState>, UserForm { ctx, form }: UserForm) -> Response {
    let (name, scopes, expires_on) = (form.get("name"), form.all("scope"), form.get("expires_on"));
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let expires_on = expires_on.trim();
    let expires_at = if expires_on.is_empty() {
        None
    } else if let Ok(date) = Date::parse(expires_on, &format) {
        // The end of the chosen day, or the last instant API-5 allows when that is the day.
        let limit = kontor_domain::pricing::add_months(s.app.now(), s.app.settings.token_max_months);
        let end = date.with_time(time::Time::MAX).assume_utc();
        Some(if date == limit.date() { end.min(limit) } else { end })
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
        Ok(created) => {
            let owner = ctx.session.as_deref().unwrap_or_default();
            let sealed = sealer(&s).seal(owner, &format!("{}:{}", created.row.id, created.secret));
            see_other(
                &format!("/console/tokens?created={}", created.row.id),
                Some(new_token_cookie(&s, &sealed, 120)),
            )
        }
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
    Path(id): Path<i64>,
    UserForm { ctx, form }: UserForm,
) -> Response {
    if !confirm::confirmed(&form) {
        let tokens = s.app.list_tokens(&ctx.actor).await.unwrap_or_default();
        let Some(token) = tokens.into_iter().find(|t| t.id == id) else {
            return ctx.message(&s, StatusCode::NOT_FOUND, "error-not_found");
        };
        let what = vec![
            t_with(ctx.lang, "confirm-revoke-token", &[("name", token.name)], &[]),
            ctx.tr().t("confirm-revoke-token-after"),
        ];
        let action = format!("/console/tokens/{id}/revoke");
        let ask = Ask {
            action: &action,
            what,
            button: "confirm-revoke",
            back: "/console/tokens",
        };
        return confirm::ask(&s, &ctx, &form, ask).await;
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
