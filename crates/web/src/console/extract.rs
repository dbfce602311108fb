//! The console's extractors: a handler states what it needs in its signature and cannot forget
//! a check (ACC-5). [`SignedIn`] is a signed-in visitor (else: to the sign-in page);
//! [`VisitorForm`] a form whose CSRF token matches (forms before sign-in); [`UserForm`] a
//! signed-in user's CSRF-checked form; [`OrgForm`] that and the organization the console works
//! in. Forms are parsed here and only here, and every refusal is one of the same responses.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kontor_domain::OrgId;

use crate::AppState;
use crate::console::{Ctx, FormData, see_other};

/// A form body: the raw fields ([`FormData`]) or a typed form deserialized from them.
pub trait FormBody: Sized + Send {
    fn from_body(body: &[u8], fields: FormData) -> Option<Self>;
}

impl FormBody for FormData {
    fn from_body(_: &[u8], fields: FormData) -> Option<Self> {
        Some(fields)
    }
}

/// Declares typed console forms: deserialized from the urlencoded body (unknown fields, such as
/// the CSRF token, are ignored).
#[macro_export]
macro_rules! console_forms {
    ($($form:ty),* $(,)?) => {
        $(impl $crate::console::extract::FormBody for $form {
            fn from_body(body: &[u8], _: $crate::console::FormData) -> Option<Self> {
                serde_urlencoded::from_bytes(body).ok()
            }
        })*
    };
}

/// A signed-in visitor's request.
pub struct SignedIn(pub Ctx);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        s: &AppState,
    ) -> Result<Self, Response> {
        let ctx = context(parts, s).await;
        if !ctx.signed_in() {
            return Err(to_sign_in_from(parts));
        }
        Ok(SignedIn(ctx))
    }
}

/// A form whose CSRF token matches the visitor (sign-up, sign-in, resets, invitations).
pub struct VisitorForm<T: FormBody = FormData> {
    pub ctx: Ctx,
    pub form: T,
}

/// A signed-in user's CSRF-checked form.
pub struct UserForm<T: FormBody = FormData> {
    pub ctx: Ctx,
    pub form: T,
}

/// A signed-in user's CSRF-checked form in the current organization (ACC-9).
pub struct OrgForm<T: FormBody = FormData> {
    pub ctx: Ctx,
    pub form: T,
    pub org: OrgId,
}

impl<T: FormBody> FromRequest<AppState> for VisitorForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, s: &AppState) -> Result<Self, Response> {
        let (ctx, form) = checked_form(req, s, false).await?;
        Ok(VisitorForm { ctx, form })
    }
}

impl<T: FormBody> FromRequest<AppState> for UserForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, s: &AppState) -> Result<Self, Response> {
        let (ctx, form) = checked_form(req, s, true).await?;
        Ok(UserForm { ctx, form })
    }
}

impl<T: FormBody> FromRequest<AppState> for OrgForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, s: &AppState) -> Result<Self, Response> {
        let (ctx, form) = checked_form(req, s, true).await?;
        let Some(org) = ctx.current_org(s).await else {
            return Err(see_other("/console/organization", None));
        };
        Ok(OrgForm { ctx, form, org })
    }
}

async fn context(parts: &mut axum::http::request::Parts, s: &AppState) -> Ctx {
    match Ctx::from_request_parts(parts, s).await {
        Ok(ctx) => ctx,
        Err(never) => match never {},
    }
}

fn to_sign_in() -> Response {
    see_other("/console/signin", None)
}

/// The sign-in page, which returns to the page asked for once signed in (issue 18: a link
/// from an e-mail, a bookmark). Only a page read is returned to; a form sent signed out is
/// not sent again.
fn to_sign_in_from(parts: &axum::http::request::Parts) -> Response {
    let page = parts.uri.path_and_query().map_or("", |p| p.as_str());
    if parts.method != axum::http::Method::GET || !page.starts_with("/console/") {
        return to_sign_in();
    }
    let next: String = url::form_urlencoded::byte_serialize(page.as_bytes()).collect();
    see_other(&format!("/console/signin?next={next}"), None)
}

/// The checks of every console form, in order: signed in (when asked), a readable body, the
/// CSRF token, then the form's own shape.
async fn checked_form<T: FormBody>(
    req: Request,
    s: &AppState,
    signed_in: bool,
) -> Result<(Ctx, T), Response> {
    let (mut parts, body) = req.into_parts();
    let ctx = context(&mut parts, s).await;
    if signed_in && !ctx.signed_in() {
        return Err(to_sign_in());
    }
    let bytes = Bytes::from_request(Request::from_parts(parts, body), s)
        .await
        .map_err(IntoResponse::into_response)?;
    let fields = FormData::parse_bytes(&bytes);
    if !ctx.csrf_matches(s, &fields.get("csrf")) {
        return Err(ctx.message(s, StatusCode::FORBIDDEN, "error-csrf_failed"));
    }
    match T::from_body(&bytes, fields) {
        Some(form) => Ok((ctx, form)),
        None => Err(ctx.message(s, StatusCode::BAD_REQUEST, "error-validation_failed")),
    }
}
