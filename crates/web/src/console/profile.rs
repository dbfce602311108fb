//! The profile page (names, language, time zone, support code, recovery e-mail, password) and
//! the API tokens page (ACC-5, ACC-6, ACC-7, ACC-10, API-5).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::accounts::ProfileChanges;
use kontor_app::model::UserRow;
use kontor_app::tokens::NewTokenInput;
use kontor_domain::{Language, Scope, ScopeSet, TokenId};
use serde::Deserialize;
use time::Date;

use super::auth::CsrfForm;
use super::{Ctx, Frame, see_other, session_cookie};
use crate::AppState;
use crate::api::rfc3339;

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    f: Frame,
    user: UserRow,
    pending_recovery: String,
    notice: String,
    errors: Vec<String>,
    languages: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

async fn render_profile(
    s: &AppState,
    ctx: &Ctx,
    notice: String,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let Ok((user, pending)) = s.app.get_profile_with_pending(&ctx.actor).await else {
        return see_other("/console/signin", None);
    };
    let pending_recovery = pending.unwrap_or_default();
    let page = ProfilePage {
        f: ctx.frame(s, "profile-title").await,
        user,
        pending_recovery,
        notice,
        errors,
        languages: Language::ALL
            .iter()
            .map(|l| (l.as_str(), l.native_name()))
            .collect(),
    };
    ctx.render(status, &page)
}

pub async fn profile_page(State(s): State<AppState>, ctx: Ctx, Query(q): Query<NoticeQuery>) -> Response {
    if let Some(r) = ctx.refuse_anonymous() {
        return r;
    }
    let notice = q
        .notice
        .map(|n| ctx.tr().t(&format!("notice-{n}")))
        .unwrap_or_default();
    render_profile(&s, &ctx, notice, vec![], StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    csrf: String,
    first_name: Option<String>,
    last_name: Option<String>,
    language: Option<String>,
    time_zone: Option<String>,
}

pub async fn update_profile(State(s): State<AppState>, ctx: Ctx, Form(form): Form<ProfileForm>) -> Response {
    if let Some(r) = ctx.refuse(&s, &form.csrf) {
        return r;
    }
    let changes = ProfileChanges {
        first_name: form.first_name,
        last_name: form.last_name,
        language: form.language,
        time_zone: form.time_zone,
    };
    match s.app.update_profile(&ctx.actor, changes).await {
        Ok(_) => see_other("/console/profile?notice=profile-saved", None),
        Err(e) => {
            render_profile(
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

pub async fn regenerate_support_code(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(r) = ctx.refuse(&s, &form.csrf) {
        return r;
    }
    match s.app.regenerate_support_code(&ctx.actor).await {
        Ok(_) => see_other("/console/profile?notice=support-code-changed", None),
        Err(e) => {
            render_profile(
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

#[derive(Deserialize)]
pub struct RecoveryForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    current_password: String,
}

pub async fn set_recovery_email(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(form): Form<RecoveryForm>,
) -> Response {
    if let Some(r) = ctx.refuse(&s, &form.csrf) {
        return r;
    }
    let email = Some(form.email.trim()).filter(|e| !e.is_empty());
    match s
        .app
        .set_recovery_email(&ctx.actor, email, &form.current_password)
        .await
    {
        Ok(()) if email.is_some() => see_other("/console/profile?notice=recovery-sent", None),
        Ok(()) => see_other("/console/profile?notice=recovery-removed", None),
        Err(e) => {
            render_profile(
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

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Response {
    if let Some(r) = ctx.refuse(&s, &form.csrf) {
        return r;
    }
    match s
        .app
        .change_password(&ctx.actor, &form.current_password, &form.new_password)
        .await
    {
        Ok(new_session) => see_other(
            "/console/profile?notice=password-changed",
            new_session.map(|n| session_cookie(&s, &n)),
        ),
        Err(e) => {
            render_profile(
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
#[template(path = "tokens.html")]
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
