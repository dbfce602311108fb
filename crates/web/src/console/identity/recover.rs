//! SEC-5: "I lost my device" — after the right password (the sign-in challenge), a user with
//! neither device nor backup codes files photos of an identity document and a selfie for
//! staff to verify.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::AppState;
use crate::console::identity::auth::{CHALLENGE_COOKIE, clear_challenge_cookie};
use crate::console::{Ctx, Frame, see_other};
use crate::upload::Upload;
use kontor_app::support::verification::Filer;

#[derive(Template)]
#[template(path = "identity/signin_recover.html")]
struct RecoverPage {
    f: Frame,
    errors: Vec<String>,
    max_mb: usize,
    filed: bool,
}

async fn page(s: &AppState, ctx: &Ctx, errors: Vec<String>, filed: bool) -> RecoverPage {
    RecoverPage {
        f: ctx.frame(s, "verify-title").await,
        errors,
        max_mb: s.app.settings.verification_max_bytes.div_ceil(1024 * 1024),
        filed,
    }
}

/// The request form, for a sign-in whose password was right and that waits for its code.
pub async fn recover_page(State(s): State<AppState>, ctx: Ctx, headers: HeaderMap) -> Response {
    let Some(secret) = crate::middleware::cookie(&headers, CHALLENGE_COOKIE) else {
        return see_other("/console/signin", None);
    };
    if s.app.challenge(&secret).await.is_err() {
        return see_other("/console/signin", Some(clear_challenge_cookie("/console")));
    }
    let p = page(&s, &ctx, vec![], false).await;
    ctx.render(StatusCode::OK, &p)
}

/// Files the request (multipart, with the CSRF token among its fields); the sign-in ends here
/// and the answer comes by e-mail.
pub async fn recover(State(s): State<AppState>, ctx: Ctx, headers: HeaderMap, req: Request) -> Response {
    let Some(secret) = crate::middleware::cookie(&headers, CHALLENGE_COOKIE) else {
        return see_other("/console/signin", None);
    };
    let upload = match Upload::read(req, &s, s.app.settings.verification_max_bytes).await {
        Ok(u) => u,
        Err(e) => {
            let p = page(&s, &ctx, ctx.error_lines(&e), false).await;
            return ctx.render(crate::console::status_of(&e), &p);
        }
    };
    if !ctx.csrf_matches(&s, &upload.field("csrf")) {
        return ctx.message(&s, StatusCode::FORBIDDEN, "error-csrf_failed");
    }
    let filed = s
        .app
        .file_identity_verification(
            &ctx.actor,
            Filer::Challenge(&secret),
            upload.file("document"),
            upload.file("selfie"),
        )
        .await;
    match filed {
        Ok(_) => {
            let p = page(&s, &ctx, vec![], true).await;
            let mut r = ctx.render(StatusCode::OK, &p);
            r.headers_mut()
                .append(axum::http::header::SET_COOKIE, clear_challenge_cookie("/console"));
            r
        }
        Err(e) if e.code() == kontor_app::ErrorCode::SignInExpired => {
            see_other("/console/signin", Some(clear_challenge_cookie("/console")))
        }
        Err(e) => {
            let p = page(&s, &ctx, ctx.error_lines(&e), false).await;
            ctx.render(crate::console::status_of(&e), &p)
        }
    }
}
