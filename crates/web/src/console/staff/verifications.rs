//! SEC-5: the identity verification requests, for support and admin staff: the list, one
//! request with its two photos, and the decision.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use kontor_app::model::VerificationRow;
use kontor_app::support::verification::Photo;

use super::{gate, refused};
use crate::AppState;
use crate::console::extract::VisitorForm;
use crate::console::{Ctx, FormData, Frame};

#[derive(Template)]
#[template(path = "staff/verifications.html")]
struct ListPage {
    f: Frame,
    requests: Vec<VerificationRow>,
}

pub async fn list(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.identity_verifications(&ctx.actor).await {
        Ok(requests) => {
            let page = ListPage {
                f: ctx.frame(&s, "staff-verifications-title").await,
                requests,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => refused(&s, &ctx, &e),
    }
}

#[derive(Template)]
#[template(path = "staff/verification.html")]
struct RequestPage {
    f: Frame,
    errors: Vec<String>,
    r: VerificationRow,
}

async fn request_page(s: &AppState, ctx: &Ctx, id: i64, errors: Vec<String>, status: StatusCode) -> Response {
    match s.app.identity_verification(&ctx.actor, id).await {
        Ok(r) => {
            let page = RequestPage {
                f: ctx.frame(s, "staff-verification-title").await,
                errors,
                r,
            };
            ctx.render(status, &page)
        }
        Err(e) => refused(s, ctx, &e),
    }
}

pub async fn show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    request_page(&s, &ctx, id, vec![], StatusCode::OK).await
}

/// One photo, as its recognised type; never cached, never sniffed, shown inline only.
pub async fn photo(State(s): State<AppState>, ctx: Ctx, Path((id, which)): Path<(i64, String)>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let Some(which) = Photo::parse(&which) else {
        return refused(&s, &ctx, &kontor_app::AppError::not_found());
    };
    match s.app.verification_photo(&ctx.actor, id, which).await {
        Ok((content_type, bytes)) => {
            let mut r = Response::new(Body::from(bytes));
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(&content_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
            r
        }
        Err(e) => refused(&s, &ctx, &e),
    }
}

/// Approve (the second factor goes, every session ends) or reject, with an optional note.
pub async fn decide(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let approve = form.get("decision") == "approve";
    match s
        .app
        .decide_identity_verification(&ctx.actor, id, approve, &form.get("note"))
        .await
    {
        Ok(_) => crate::console::see_other(&format!("/staff/verifications/{id}"), None),
        Err(e)
            if e.code() == kontor_app::ErrorCode::Forbidden
                || e.code() == kontor_app::ErrorCode::NotFound =>
        {
            refused(&s, &ctx, &e)
        }
        Err(e) => request_page(&s, &ctx, id, ctx.error_lines(&e), crate::console::status_of(&e)).await,
    }
}
