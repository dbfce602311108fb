//! The staff console (STF-1) under `/staff`, with its own session cookie (`kontor_staff`) and
//! the same five languages: sign-in with the mandatory second factor, the staff member's own
//! security page, the customer lookup by support code (SUP-1) with the content a customer
//! granted (SUP-3, SUP-4), and staff accounts (admins). Every page asks the decision; a staff
//! member without a second factor is sent to set it up.

pub mod catalog;
pub mod ledger;
pub mod partners;
pub mod statements;
pub mod verifications;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use kontor_app::model::StaffRow;
use kontor_app::staff::StaffSignIn;
use kontor_app::support::vip::VipCustomer;
use kontor_app::support::{Content, Customer};
use kontor_app::{ActorKind, AppError, ErrorCode};
use serde::Deserialize;

use crate::AppState;
use crate::console::extract::VisitorForm;
use crate::console::identity::auth::{CHALLENGE_COOKIE, challenge_cookie, clear_challenge_cookie};
use crate::console::identity::security::{SecurityPage, confirm_codes, outcome, totp_setup};
use crate::console::{Ctx, FormData, Frame, see_other};
use crate::middleware::STAFF_COOKIE;

fn staff_cookie(s: &AppState, secret: &str) -> HeaderValue {
    let secure = if s.app.settings.cookie_secure() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{STAFF_COOKIE}={secret}; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=43200{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn clear_staff_cookie() -> HeaderValue {
    HeaderValue::from_static("kontor_staff=; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// A staff page's gate: a staff session (else the staff sign-in), with its second factor on
/// (else its set-up).
#[allow(
    clippy::result_large_err,
    reason = "the refusal is the page answered, made once per request"
)]
fn gate(ctx: &Ctx, needs_factor: bool) -> Result<(), Response> {
    match &ctx.actor.kind {
        ActorKind::Staff { two_factor, .. } => {
            if needs_factor && !two_factor {
                Err(see_other("/staff/security", None))
            } else {
                Ok(())
            }
        }
        _ => Err(see_other("/staff/signin", None)),
    }
}

/// A refused staff action: the set-up when the factor is missing, else the reason's page.
fn refused(s: &AppState, ctx: &Ctx, e: &AppError) -> Response {
    if e.code() == ErrorCode::TwoFactorSetupRequired {
        return see_other("/staff/security", None);
    }
    ctx.error_page(s, e)
}

#[derive(Template)]
#[template(path = "staff/signin.html")]
struct SigninPage {
    f: Frame,
    errors: Vec<String>,
    email: String,
}

pub async fn signin_page(State(s): State<AppState>, ctx: Ctx) -> Response {
    if gate(&ctx, false).is_ok() {
        return see_other("/staff", None);
    }
    let page = SigninPage {
        f: ctx.frame(&s, "staff-signin-title").await,
        errors: vec![],
        email: String::new(),
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn signin(State(s): State<AppState>, VisitorForm { ctx, form }: VisitorForm<FormData>) -> Response {
    let email = form.get("email");
    match s
        .app
        .staff_sign_in(&ctx.actor, &email, &form.get("password"))
        .await
    {
        Ok(StaffSignIn::Session(secret)) => see_other("/staff/security", Some(staff_cookie(&s, &secret))),
        Ok(StaffSignIn::Challenge(secret)) => see_other(
            "/staff/signin/code",
            Some(challenge_cookie(&s, "/staff", &secret)),
        ),
        Err(e) => {
            let page = SigninPage {
                f: ctx.frame(&s, "staff-signin-title").await,
                errors: ctx.error_lines(&e),
                email,
            };
            ctx.render(crate::console::status_of(&e), &page)
        }
    }
}

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
}

pub async fn code_page(
    State(s): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<CodeQuery>,
) -> Response {
    let Some(secret) = crate::middleware::cookie(&headers, CHALLENGE_COOKIE) else {
        return see_other("/staff/signin", None);
    };
    if s.app.challenge(&secret).await.is_err() {
        return see_other("/staff/signin", Some(clear_challenge_cookie("/staff")));
    }
    let page = CodePage {
        f: ctx.frame(&s, "twofa-signin-title").await,
        errors: vec![],
        action: "/staff/signin/code",
        backup: q.backup.is_some(),
        sms: false,
        notice: String::new(),
        lost: "",
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn code(
    State(s): State<AppState>,
    headers: HeaderMap,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    let Some(secret) = crate::middleware::cookie(&headers, CHALLENGE_COOKIE) else {
        return see_other("/staff/signin", None);
    };
    match s
        .app
        .staff_pass_challenge(&ctx.actor, &secret, &form.get("code"))
        .await
    {
        Ok(session) => {
            let mut r = see_other("/staff", Some(staff_cookie(&s, &session)));
            r.headers_mut()
                .append(header::SET_COOKIE, clear_challenge_cookie("/staff"));
            r
        }
        Err(e) if e.code() == ErrorCode::SignInExpired => {
            see_other("/staff/signin", Some(clear_challenge_cookie("/staff")))
        }
        Err(e) => {
            let page = CodePage {
                f: ctx.frame(&s, "twofa-signin-title").await,
                errors: ctx.error_lines(&e),
                action: "/staff/signin/code",
                backup: false,
                sms: false,
                notice: String::new(),
                lost: "",
            };
            ctx.render(crate::console::status_of(&e), &page)
        }
    }
}

pub async fn signout(State(s): State<AppState>, VisitorForm { ctx, .. }: VisitorForm<FormData>) -> Response {
    if let Err(e) = s.app.staff_sign_out(&ctx.actor).await {
        tracing::error!(error = %e, "staff sign-out failed");
    }
    see_other("/staff/signin", Some(clear_staff_cookie()))
}

#[derive(Deserialize)]
pub struct SecurityQuery {
    notice: Option<String>,
}

pub async fn security_page(State(s): State<AppState>, ctx: Ctx, Query(q): Query<SecurityQuery>) -> Response {
    if let Err(r) = gate(&ctx, false) {
        return r;
    }
    let frame = ctx.frame(&s, "twofa-title").await;
    let mut page = SecurityPage::new(&s, &ctx, "/staff/security", frame).await;
    if q.notice.as_deref() == Some("password") {
        page.notice = ctx.tr().t("staff-password-changed");
    }
    ctx.render(StatusCode::OK, &page)
}

pub async fn start_totp(
    State(s): State<AppState>,
    VisitorForm { ctx, .. }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, false) {
        return r;
    }
    let frame = ctx.frame(&s, "twofa-title").await;
    totp_setup(&s, &ctx, "/staff/security", frame).await
}

/// Confirms the staff member's second factor; the session is replaced (ACC-5) and the backup
/// codes are shown once.
pub async fn confirm(
    State(s): State<AppState>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, false) {
        return r;
    }
    let frame = ctx.frame(&s, "twofa-title").await;
    let (mut response, confirmed) =
        confirm_codes(&s, &ctx, "/staff/security", frame, &form.get("code")).await;
    if confirmed && let Ok(secret) = s.app.staff_renew_session(&ctx.actor).await {
        response
            .headers_mut()
            .append(header::SET_COOKIE, staff_cookie(&s, &secret));
    }
    response
}

/// STF-1: a staff member changes their password (the first, random one included); the
/// session is replaced and every other one ends.
pub async fn change_password(
    State(s): State<AppState>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, false) {
        return r;
    }
    let frame = ctx.frame(&s, "twofa-title").await;
    match s
        .app
        .change_staff_password(
            &ctx.actor,
            &form.get("current_password"),
            &form.get("new_password"),
        )
        .await
    {
        Ok(secret) => see_other("/staff/security?notice=password", Some(staff_cookie(&s, &secret))),
        Err(e) => outcome(&s, &ctx, "/staff/security", frame, Err(e)).await,
    }
}

pub async fn regenerate(
    State(s): State<AppState>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let frame = ctx.frame(&s, "twofa-title").await;
    let done = match s
        .app
        .regenerate_backup_codes(&ctx.actor, &form.get("password"))
        .await
    {
        Ok(codes) => Ok(Some(
            SecurityPage::new(&s, &ctx, "/staff/security", frame.clone())
                .await
                .with_codes(codes),
        )),
        Err(e) => Err(e),
    };
    outcome(&s, &ctx, "/staff/security", frame, done).await
}

#[derive(Template)]
#[template(path = "staff/home.html")]
struct HomePage {
    f: Frame,
    errors: Vec<String>,
    staff: Vec<StaffRow>,
    admin: bool,
    created: String,
}

async fn home_page(
    s: &AppState,
    ctx: &Ctx,
    errors: Vec<String>,
    created: String,
    status: StatusCode,
) -> Response {
    let (staff, admin) = match s.app.list_staff(&ctx.actor).await {
        Ok(list) => (list, true),
        Err(_) => (vec![], false),
    };
    let page = HomePage {
        f: ctx.frame(s, "staff-home-title").await,
        errors,
        staff,
        admin,
        created,
    };
    ctx.render(status, &page)
}

pub async fn home(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    home_page(&s, &ctx, vec![], String::new(), StatusCode::OK).await
}

/// STF-1: a staff admin creates a staff account; its first password is shown this once.
pub async fn create_staff(
    State(s): State<AppState>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let lang = form
        .opt("language")
        .unwrap_or_else(|| ctx.lang.as_str().to_owned());
    match s
        .app
        .create_staff(
            &ctx.actor,
            &form.get("email"),
            &form.get("name"),
            &form.get("role"),
            &lang,
        )
        .await
    {
        Ok(made) => {
            let line = format!("{} — {}", made.staff.email, made.password);
            home_page(&s, &ctx, vec![], line, StatusCode::OK).await
        }
        Err(e) if e.code() == ErrorCode::Forbidden || e.code() == ErrorCode::TwoFactorSetupRequired => {
            refused(&s, &ctx, &e)
        }
        Err(e) => {
            home_page(
                &s,
                &ctx,
                ctx.error_lines(&e),
                String::new(),
                crate::console::status_of(&e),
            )
            .await
        }
    }
}

/// A lookup by code that found nothing (or was mistyped) answers on the staff home page; a
/// refusal of the decision explains itself.
async fn lookup_failed(s: &AppState, ctx: &Ctx, e: &AppError) -> Response {
    if e.code() == ErrorCode::ValidationFailed || e.code() == ErrorCode::NotFound {
        home_page(
            s,
            ctx,
            ctx.error_lines(e),
            String::new(),
            crate::console::status_of(e),
        )
        .await
    } else {
        refused(s, ctx, e)
    }
}

#[derive(Template)]
#[template(path = "staff/organization.html")]
struct OrganizationPage {
    f: Frame,
    c: VipCustomer,
}

#[derive(Deserialize)]
pub struct VipQuery {
    #[serde(default)]
    vip: String,
}

/// SUP-2: the organization behind a VIP code, while its premium support is active.
pub async fn organization(State(s): State<AppState>, ctx: Ctx, Query(q): Query<VipQuery>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.lookup_vip_code(&ctx.actor, &q.vip).await {
        Ok(c) => {
            let page = OrganizationPage {
                f: ctx.frame(&s, "staff-organization-title").await,
                c,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => lookup_failed(&s, &ctx, &e).await,
    }
}

#[derive(Template)]
#[template(path = "staff/customer.html")]
struct CustomerPage {
    f: Frame,
    kinds: Vec<(&'static str, bool)>,
    customer: Customer,
    content: Option<Content>,
}

/// Each kind of content with whether the customer's grant for it is current.
fn kinds(c: &Customer) -> Vec<(&'static str, bool)> {
    kontor_domain::SupportKind::ALL
        .iter()
        .map(|k| (k.as_str(), c.current_grants.iter().any(|g| g.kind == k.as_str())))
        .collect()
}

#[derive(Deserialize)]
pub struct LookupQuery {
    #[serde(default)]
    code: String,
}

/// SUP-1: the customer behind a support code (the view is logged for the customer, SUP-4).
pub async fn customer(State(s): State<AppState>, ctx: Ctx, Query(q): Query<LookupQuery>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.lookup_support_code(&ctx.actor, &q.code).await {
        Ok(customer) => {
            let page = CustomerPage {
                f: ctx.frame(&s, "staff-customer-title").await,
                kinds: kinds(&customer),
                customer,
                content: None,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => lookup_failed(&s, &ctx, &e).await,
    }
}

/// SUP-3, SUP-4: open one kind of the customer's content through their current grant.
pub async fn content(
    State(s): State<AppState>,
    Path(user): Path<i64>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let opened = s
        .app
        .open_support_content(&ctx.actor, user, &form.get("kind"))
        .await;
    let found = s.app.lookup_support_code(&ctx.actor, &form.get("code")).await;
    match (opened, found) {
        (Ok(content), Ok(customer)) => {
            let page = CustomerPage {
                f: ctx.frame(&s, "staff-customer-title").await,
                kinds: kinds(&customer),
                customer,
                content: Some(content),
            };
            ctx.render(StatusCode::OK, &page)
        }
        (Err(e), _) | (_, Err(e)) => refused(&s, &ctx, &e),
    }
}
