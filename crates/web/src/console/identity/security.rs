//! The security page (SEC-1 … SEC-4): set up TOTP from a QR code drawn by Kontor (or the typed
//! secret) or SMS, confirm with the first code, see and download the backup codes once,
//! regenerate them, switch the second factor off with the password. The staff console uses
//! the same page for its mandatory second factor.

use std::fmt::Write as _;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::security::factors::{FEW_BACKUP_CODES, TwoFactorStatus};
use serde::Deserialize;

use crate::AppState;
use crate::console::extract::{SignedIn, UserForm};
use crate::console::{Ctx, Frame};

/// A QR code as inline SVG (no outside service, no script; CSP allows inline SVG).
pub fn qr_svg(text: &str) -> String {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (i % width + quiet, i / width + quiet);
            let _ = write!(path, "M{x} {y}h1v1h-1z");
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"240\" height=\"240\" \
         role=\"img\" aria-label=\"QR code\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" \
         fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

/// The page's state: the status, plus what a form just produced.
#[derive(Template)]
#[template(path = "identity/security.html")]
pub struct SecurityPage {
    pub f: Frame,
    pub errors: Vec<String>,
    pub notice: String,
    pub status: TwoFactorStatus,
    /// A TOTP set-up: the secret and its QR code.
    pub totp: Option<(String, String)>,
    /// Backup codes shown this once, and the same as a download.
    pub codes: Vec<String>,
    pub download: String,
    /// Where the forms post (`/console/security` or `/staff/security`).
    pub base: &'static str,
    pub staff: bool,
    pub few: i64,
}

impl SecurityPage {
    pub async fn new(s: &AppState, ctx: &Ctx, base: &'static str, frame: Frame) -> SecurityPage {
        let status = s
            .app
            .two_factor_status(&ctx.actor)
            .await
            .unwrap_or(TwoFactorStatus {
                method: None,
                pending: None,
                phone: None,
                backup_codes_left: 0,
                since: None,
            });
        SecurityPage {
            f: frame,
            errors: vec![],
            notice: String::new(),
            status,
            totp: None,
            codes: vec![],
            download: String::new(),
            base,
            staff: base.starts_with("/staff"),
            few: FEW_BACKUP_CODES,
        }
    }

    pub fn with_codes(mut self, codes: Vec<String>) -> SecurityPage {
        let text = format!("Kontor backup codes\n\n{}\n", codes.join("\n"));
        let encoded: String = url::form_urlencoded::byte_serialize(text.as_bytes())
            .collect::<String>()
            .replace('+', "%20");
        self.download = format!("data:text/plain;charset=utf-8,{encoded}");
        self.codes = codes;
        self
    }
}

/// The outcome of a security form: the page to show, and its status.
pub async fn outcome(
    s: &AppState,
    ctx: &Ctx,
    base: &'static str,
    frame: Frame,
    done: Result<Option<SecurityPage>, kontor_app::AppError>,
) -> Response {
    match done {
        Ok(Some(page)) => ctx.render(StatusCode::OK, &page),
        Ok(None) => {
            let page = SecurityPage::new(s, ctx, base, frame).await;
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => {
            let mut page = SecurityPage::new(s, ctx, base, frame).await;
            page.errors = ctx.error_lines(&e);
            ctx.render(crate::console::status_of(&e), &page)
        }
    }
}

pub async fn security_page(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Response {
    let frame = ctx.frame(&s, "twofa-title").await;
    let page = SecurityPage::new(&s, &ctx, "/console/security", frame).await;
    ctx.render(StatusCode::OK, &page)
}

/// Starts a TOTP set-up and shows its QR code and secret.
pub async fn totp_setup(s: &AppState, ctx: &Ctx, base: &'static str, frame: Frame) -> Response {
    let done = match s.app.start_totp(&ctx.actor).await {
        Ok(setup) => {
            let mut page = SecurityPage::new(s, ctx, base, frame.clone()).await;
            page.totp = Some((setup.secret, qr_svg(&setup.uri)));
            Ok(Some(page))
        }
        Err(e) => Err(e),
    };
    outcome(s, ctx, base, frame, done).await
}

pub async fn start_totp(State(s): State<AppState>, UserForm { ctx, .. }: UserForm) -> Response {
    let frame = ctx.frame(&s, "twofa-title").await;
    totp_setup(&s, &ctx, "/console/security", frame).await
}

#[derive(Deserialize)]
pub struct PhoneForm {
    #[serde(default)]
    phone: String,
}

pub async fn start_sms(State(s): State<AppState>, UserForm { ctx, form }: UserForm<PhoneForm>) -> Response {
    let frame = ctx.frame(&s, "twofa-title").await;
    let done = s.app.start_sms(&ctx.actor, &form.phone).await.map(|()| None);
    outcome(&s, &ctx, "/console/security", frame, done).await
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// Confirms a set-up with its first code; shows the backup codes once.
/// Confirms a set-up with its first code; answers the page and whether the factor is now on.
pub async fn confirm_codes(
    s: &AppState,
    ctx: &Ctx,
    base: &'static str,
    frame: Frame,
    code: &str,
) -> (Response, bool) {
    let done = match s.app.confirm_two_factor(&ctx.actor, code).await {
        Ok(codes) => {
            let mut page = SecurityPage::new(s, ctx, base, frame.clone())
                .await
                .with_codes(codes);
            page.notice = ctx.tr().t("twofa-enabled");
            Ok(Some(page))
        }
        Err(e) => Err(e),
    };
    let confirmed = done.is_ok();
    (outcome(s, ctx, base, frame, done).await, confirmed)
}

pub async fn confirm(State(s): State<AppState>, UserForm { ctx, form }: UserForm<CodeForm>) -> Response {
    let frame = ctx.frame(&s, "twofa-title").await;
    confirm_codes(&s, &ctx, "/console/security", frame, &form.code)
        .await
        .0
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

pub async fn regenerate(
    State(s): State<AppState>,
    UserForm { ctx, form }: UserForm<PasswordForm>,
) -> Response {
    let frame = ctx.frame(&s, "twofa-title").await;
    let done = match s.app.regenerate_backup_codes(&ctx.actor, &form.password).await {
        Ok(codes) => Ok(Some(
            SecurityPage::new(&s, &ctx, "/console/security", frame.clone())
                .await
                .with_codes(codes),
        )),
        Err(e) => Err(e),
    };
    outcome(&s, &ctx, "/console/security", frame, done).await
}

pub async fn disable(State(s): State<AppState>, UserForm { ctx, form }: UserForm<PasswordForm>) -> Response {
    let frame = ctx.frame(&s, "twofa-title").await;
    let done = match s.app.disable_two_factor(&ctx.actor, &form.password).await {
        Ok(()) => {
            let mut page = SecurityPage::new(&s, &ctx, "/console/security", frame.clone()).await;
            page.notice = ctx.tr().t("twofa-disabled");
            Ok(Some(page))
        }
        Err(e) => Err(e),
    };
    outcome(&s, &ctx, "/console/security", frame, done).await
}

crate::console_forms!(PhoneForm, CodeForm, PasswordForm);
