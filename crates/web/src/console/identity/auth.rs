//! Console pages before and around sign-in: sign-up, sign-in (with the lock-out message),
//! sign-out, password reset, recovery-address confirmation, and the language choice of a
//! visitor (ACC-1, ACC-4, ACC-5, ACC-7, ACC-8, MSG-2).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use kontor_app::identity::accounts::SignupInput;
use kontor_app::identity::sessions::SignIn;
use kontor_app::partners::affiliates::{REFERRAL_COOKIE, Referral};
use kontor_domain::Language;
use serde::Deserialize;

use crate::AppState;
use crate::console::extract::VisitorForm;
use crate::console::{Ctx, Frame, clear_session_cookie, see_other, session_cookie};
use crate::middleware::LANG_COOKIE;

#[derive(Template)]
#[template(path = "identity/signup.html")]
struct SignupPage {
    f: Frame,
    errors: Vec<String>,
    form: SignupForm,
}

impl SignupPage {
    /// The country the list shows chosen: the one sent, else Switzerland.
    fn country_or_ch(&self) -> &str {
        if self.form.country.is_empty() {
            "CH"
        } else {
            &self.form.country
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct SignupForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    company_name: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    currency: String,
}

pub async fn signup_page(State(s): State<AppState>, ctx: Ctx) -> Response {
    let form = SignupForm {
        kind: "person".into(),
        country: "CH".into(),
        ..SignupForm::default()
    };
    let page = SignupPage {
        f: ctx.frame(&s, "signup-title").await,
        errors: vec![],
        form,
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn signup(
    State(s): State<AppState>,
    headers: HeaderMap,
    VisitorForm { ctx, form }: VisitorForm<SignupForm>,
) -> Response {
    let input = SignupInput {
        email: form.email.clone(),
        password: form.password.clone(),
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        kind: form.kind.clone(),
        company_name: Some(form.company_name.clone()).filter(|c| !c.trim().is_empty()),
        country: form.country.clone(),
        language: ctx.lang.as_str().to_owned(),
        currency: Some(form.currency.clone()).filter(|c| !c.is_empty()),
        time_zone: None,
        // PAR-12: the followed affiliate link, if any.
        referral: crate::middleware::cookie(&headers, REFERRAL_COOKIE).map(Referral::Cookie),
    };
    match s.app.signup(&ctx.actor, input).await {
        Ok(_) => match s.app.sign_in(&ctx.actor, &form.email, &form.password, "").await {
            Ok(SignIn::Session(secret)) => see_other("/console", Some(session_cookie(&s, &secret))),
            Ok(SignIn::Challenge(_)) | Err(_) => see_other("/console/signin", None),
        },
        Err(e) => {
            let errors = ctx.error_lines(&e);
            let form = SignupForm {
                password: String::new(),
                ..form
            };
            let page = SignupPage {
                f: ctx.frame(&s, "signup-title").await,
                errors,
                form,
            };
            ctx.render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "identity/signin.html")]
struct SigninPage {
    f: Frame,
    errors: Vec<String>,
    email: String,
    notice: String,
    next: String,
}

#[derive(Deserialize)]
pub struct SigninForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
    next: Option<String>,
}

pub async fn signin_page(State(s): State<AppState>, ctx: Ctx, Query(q): Query<NoticeQuery>) -> Response {
    if ctx.signed_in() {
        return see_other("/console", None);
    }
    let notice = match q.notice.as_deref() {
        Some("reset-sent") => ctx.tr().t("notice-reset-sent"),
        Some("password-set") => ctx.tr().t("notice-password-set"),
        Some("signed-out") => ctx.tr().t("notice-signed-out"),
        _ => String::new(),
    };
    let page = SigninPage {
        f: ctx.frame(&s, "signin-title").await,
        errors: vec![],
        email: String::new(),
        notice,
        next: local_next(q.next.as_deref()).unwrap_or_default(),
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn signin(
    State(s): State<AppState>,
    VisitorForm { ctx, form }: VisitorForm<SigninForm>,
) -> Response {
    let next = local_next(form.next.as_deref()).unwrap_or_default();
    match s
        .app
        .sign_in(&ctx.actor, &form.email, &form.password, &next)
        .await
    {
        Ok(SignIn::Session(secret)) => {
            let to = if next.is_empty() {
                "/console"
            } else {
                next.as_str()
            };
            see_other(to, Some(session_cookie(&s, &secret)))
        }
        // SEC-3: no session yet; the browser keeps the challenge for the code step.
        Ok(SignIn::Challenge(secret)) => see_other(
            "/console/signin/code",
            Some(challenge_cookie(&s, "/console", &secret)),
        ),
        Err(e) => {
            let status = crate::console::status_of(&e);
            let page = SigninPage {
                f: ctx.frame(&s, "signin-title").await,
                errors: ctx.error_lines(&e),
                email: form.email,
                notice: String::new(),
                next,
            };
            ctx.render(status, &page)
        }
    }
}

/// A local console path to go back to after sign-in (never another site).
pub fn local_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| {
        (n.starts_with("/console/") || n.starts_with("/staff/")) && !n.starts_with("//") && !n.contains('\\')
    })
    .filter(|n| n.chars().all(|c| c.is_ascii_graphic()))
    .map(ToOwned::to_owned)
}

/// The cookie that carries a sign-in waiting for its second factor (SEC-3): HttpOnly,
/// SameSite=Lax, scoped to its console, gone after the challenge's lifetime.
pub fn challenge_cookie(s: &AppState, path: &str, secret: &str) -> HeaderValue {
    let secure = if s.app.settings.cookie_secure() {
        "; Secure"
    } else {
        ""
    };
    let secs = s.app.settings.challenge_minutes * 60;
    HeaderValue::from_str(&format!(
        "{CHALLENGE_COOKIE}={secret}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={secs}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_challenge_cookie(path: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{CHALLENGE_COOKIE}=; Path={path}; HttpOnly; SameSite=Lax; Max-Age=0"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub const CHALLENGE_COOKIE: &str = "kontor_challenge";

#[derive(Template)]
#[template(path = "identity/signin_code.html")]
struct CodePage {
    f: Frame,
    errors: Vec<String>,
    action: &'static str,
    backup: bool,
    sms: bool,
    notice: String,
    /// The "I lost my device" link (SEC-5); none in the staff console.
    lost: &'static str,
}

#[derive(Deserialize)]
pub struct CodeQuery {
    backup: Option<String>,
    notice: Option<String>,
}

/// SEC-3: the code step of a sign-in: the authenticator's or the SMS code, or a backup code.
pub async fn code_page(
    State(s): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<CodeQuery>,
) -> Response {
    let Some(secret) = crate::middleware::cookie(&headers, CHALLENGE_COOKIE) else {
        return see_other("/console/signin", None);
    };
    let Ok(info) = s.app.challenge(&secret).await else {
        return see_other("/console/signin", Some(clear_challenge_cookie("/console")));
    };
    let notice = if q.notice.as_deref() == Some("sent") {
        ctx.tr().t("twofa-code-resent")
    } else {
        String::new()
    };
    let page = CodePage {
        f: ctx.frame(&s, "twofa-signin-title").await,
        errors: vec![],
        action: "/console/signin/code",
        backup: q.backup.is_some(),
        sms: info.method == "sms",
        notice,
        lost: "/console/signin/recover",
    };
    ctx.render(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    resend: String,
}

pub async fn code(
    State(s): State<AppState>,
    headers: HeaderMap,
    VisitorForm { ctx, form }: VisitorForm<CodeForm>,
) -> Response {
    let Some(secret) = crate::middleware::cookie(&headers, CHALLENGE_COOKIE) else {
        return see_other("/console/signin", None);
    };
    let result = if form.resend.is_empty() {
        s.app
            .complete_sign_in(&ctx.actor, &secret, &form.code)
            .await
            .map(Some)
    } else {
        s.app
            .resend_challenge_code(&ctx.actor, &secret)
            .await
            .map(|()| None)
    };
    match result {
        Ok(Some((session, next))) => {
            let to = if next.is_empty() {
                "/console".to_owned()
            } else {
                next
            };
            let mut r = see_other(&to, Some(session_cookie(&s, &session)));
            r.headers_mut()
                .append(header::SET_COOKIE, clear_challenge_cookie("/console"));
            r
        }
        Ok(None) => see_other("/console/signin/code?notice=sent", None),
        Err(e) if e.code() == kontor_app::ErrorCode::SignInExpired => {
            see_other("/console/signin", Some(clear_challenge_cookie("/console")))
        }
        Err(e) => {
            let sms = s.app.challenge(&secret).await.is_ok_and(|i| i.method == "sms");
            let page = CodePage {
                f: ctx.frame(&s, "twofa-signin-title").await,
                errors: ctx.error_lines(&e),
                action: "/console/signin/code",
                backup: false,
                sms,
                notice: String::new(),
                lost: "/console/signin/recover",
            };
            ctx.render(crate::console::status_of(&e), &page)
        }
    }
}

pub async fn signout(State(s): State<AppState>, VisitorForm { ctx, .. }: VisitorForm) -> Response {
    if let Err(e) = s.app.sign_out(&ctx.actor).await {
        tracing::error!(error = %e, "sign-out failed");
    }
    see_other("/console/signin?notice=signed-out", Some(clear_session_cookie()))
}

#[derive(Template)]
#[template(path = "identity/reset_request.html")]
struct ResetRequestPage {
    f: Frame,
    errors: Vec<String>,
}

pub async fn reset_request_page(State(s): State<AppState>, ctx: Ctx) -> Response {
    let page = ResetRequestPage {
        f: ctx.frame(&s, "reset-title").await,
        errors: vec![],
    };
    ctx.render(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct ResetRequestForm {
    #[serde(default)]
    email: String,
}

pub async fn reset_request(
    State(s): State<AppState>,
    VisitorForm { ctx, form }: VisitorForm<ResetRequestForm>,
) -> Response {
    match s.app.request_password_reset(&ctx.actor, &form.email).await {
        Ok(()) => see_other("/console/signin?notice=reset-sent", None),
        Err(e) => {
            let page = ResetRequestPage {
                f: ctx.frame(&s, "reset-title").await,
                errors: ctx.error_lines(&e),
            };
            ctx.render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "identity/reset_confirm.html")]
struct ResetPage {
    f: Frame,
    errors: Vec<String>,
    token: String,
}

pub async fn reset_page(State(s): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    let page = ResetPage {
        f: ctx.frame(&s, "reset-title").await,
        errors: vec![],
        token,
    };
    ctx.render(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

pub async fn reset(
    State(s): State<AppState>,
    Path(token): Path<String>,
    VisitorForm { ctx, form }: VisitorForm<ResetForm>,
) -> Response {
    match s
        .app
        .confirm_password_reset(&ctx.actor, &token, &form.password)
        .await
    {
        Ok(()) => see_other(
            "/console/signin?notice=password-set",
            Some(clear_session_cookie()),
        ),
        Err(e) => {
            let page = ResetPage {
                f: ctx.frame(&s, "reset-title").await,
                errors: ctx.error_lines(&e),
                token,
            };
            ctx.render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// The page of a link that confirms an address: the recovery address (ACC-7) or a new
/// sign-in address (issue 18). The link's GET only shows a button, so a mail scanner that
/// opens links confirms nothing.
#[derive(Template)]
#[template(path = "identity/recovery_confirm.html")]
struct AddressPage {
    f: Frame,
    errors: Vec<String>,
    /// Where the form posts: the link's own path.
    action: String,
    /// `recovery` or `login-email`: the prefix of the page's messages.
    kind: &'static str,
    confirmed: String,
}

impl AddressPage {
    fn text(&self, suffix: &str) -> String {
        self.f.tr.t(&format!("{}-{suffix}", self.kind))
    }
}

async fn address_page(
    s: &AppState,
    ctx: &Ctx,
    kind: &'static str,
    token: &str,
    outcome: Option<kontor_app::AppResult<String>>,
) -> Response {
    let (errors, confirmed, status) = match outcome {
        None => (vec![], String::new(), StatusCode::OK),
        Some(Ok(email)) => (vec![], email, StatusCode::OK),
        Some(Err(e)) => (
            ctx.error_lines(&e),
            String::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let page = AddressPage {
        f: ctx.frame(s, &format!("{kind}-title")).await,
        errors,
        action: format!(
            "/console/{}/{token}",
            if kind == "recovery" {
                "recovery-email"
            } else {
                kind
            }
        ),
        kind,
        confirmed,
    };
    ctx.render(status, &page)
}

pub async fn recovery_page(State(s): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    address_page(&s, &ctx, "recovery", &token, None).await
}

pub async fn recovery_confirm(
    State(s): State<AppState>,
    Path(token): Path<String>,
    VisitorForm { ctx, .. }: VisitorForm,
) -> Response {
    let outcome = s.app.confirm_recovery_email(&ctx.actor, &token).await;
    address_page(&s, &ctx, "recovery", &token, Some(outcome)).await
}

pub async fn login_email_page(State(s): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    address_page(&s, &ctx, "login-email", &token, None).await
}

pub async fn login_email_confirm(
    State(s): State<AppState>,
    Path(token): Path<String>,
    VisitorForm { ctx, .. }: VisitorForm,
) -> Response {
    let outcome = s.app.confirm_login_email(&ctx.actor, &token).await;
    address_page(&s, &ctx, "login-email", &token, Some(outcome)).await
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// A visitor's language choice, kept in a cookie (signed-in users set it in their profile).
pub async fn choose_language(Path(lang): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = Language::parse(&lang).unwrap_or_default();
    // Only local paths, so the link cannot send anyone elsewhere.
    let next = q
        .next
        .filter(|n| n.starts_with("/console") && !n.starts_with("//"))
        .unwrap_or_else(|| "/console".to_owned());
    let cookie = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.as_str()
    ))
    .ok();
    see_other(&next, cookie)
}

crate::console_forms!(SignupForm, SigninForm, ResetRequestForm, ResetForm, CodeForm);
