//! Layers around every request: the unversioned-path rewrite (API-1), request ids, the actor
//! (bearer token with its rate limit, or console session), CSRF for cookie-authenticated API
//! calls (ACC-5), and request metrics (OPS-4).

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kontor_app::{Actor, AppError, ErrorCode, Origin};
use kontor_domain::ratelimit::RateDecision;

use kontor_app::platform::ratelimit::rate_key;
use rand::RngCore;
use tower_http::request_id::{MakeRequestId, RequestId};

use crate::AppState;
use crate::error::ApiError;

pub const SESSION_COOKIE: &str = "kontor_session";
pub const VISITOR_COOKIE: &str = "kontor_visitor";
pub const LANG_COOKIE: &str = "kontor_lang";
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Paths that are not API paths and so are never rewritten.
const UNVERSIONED_PREFIXES: &[&str] = &[
    "/console", "/staff", "/static", "/docs", "/healthz", "/readyz", "/metrics", "/sandbox", "/r",
];

/// API-1: a path without a version is served by the latest version (`/profile` → `/1/profile`).
pub fn rewrite_unversioned(mut req: Request) -> Request {
    let path = req.uri().path();
    let versioned = path.starts_with("/1/") || path == "/1";
    let own = path == "/"
        || UNVERSIONED_PREFIXES
            .iter()
            .any(|p| path == *p || path.starts_with(&format!("{p}/")));
    if !versioned && !own {
        let pq = req.uri().path_and_query().map_or(path, |pq| pq.as_str());
        if let Ok(uri) = format!("/1{pq}").parse::<Uri>() {
            *req.uri_mut() = uri;
        }
    }
    req
}

/// Request ids: 16 random hex characters.
#[derive(Clone, Copy, Default)]
pub struct MakeId;

impl MakeRequestId for MakeId {
    fn make_request_id<B>(&mut self, _: &http::Request<B>) -> Option<RequestId> {
        let mut bytes = [0u8; 8];
        rand::rng().fill_bytes(&mut bytes);
        HeaderValue::from_str(&hex::encode(bytes))
            .ok()
            .map(RequestId::new)
    }
}

/// The value of cookie `name`, if sent.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The console session secret of this request, when signed in by cookie.
#[derive(Debug, Clone)]
pub struct SessionSecret(pub String);

/// The staff console's session cookie (STF-1), apart from the customers' `kontor_session`.
pub const STAFF_COOKIE: &str = "kontor_staff";

fn origin(req: &Request) -> Origin {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default();
    let request_id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let user_agent = req
        .headers()
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    Origin {
        ip,
        request_id,
        user_agent,
    }
}

fn rate_headers(response: &mut Response, d: &RateDecision) {
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-ratelimit-limit", d.limit.to_string()),
        ("x-ratelimit-remaining", d.remaining.to_string()),
        ("x-ratelimit-reset", d.reset_secs.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), v);
        }
    }
}

/// The actor behind an `Authorization: Bearer …` header: a personal or a service token.
async fn resolve_bearer(state: &AppState, auth: &str, origin: Origin) -> Result<Actor, Response> {
    let Some(secret) = auth
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return Err(ApiError::code(ErrorCode::Unauthenticated).into_response());
    };
    let resolved = if secret.starts_with("kst_") {
        state.app.resolve_service_token(secret, origin).await
    } else {
        state.app.resolve_token(secret, origin).await
    };
    resolved.map_err(|e| ApiError(e).into_response())
}

/// API-3: counts the request of `actor` and answers the 429 when it does not fit; the
/// decision is returned to put its headers on the answer.
async fn limit(state: &AppState, actor: &Actor) -> Result<Option<RateDecision>, Response> {
    let Some(key) = rate_key(actor) else {
        return Ok(None);
    };
    let now_ms = (state.app.now().unix_timestamp_nanos() / 1_000_000) as i64;
    let decision = state
        .app
        .limiter
        .check(&key, now_ms)
        .await
        .map_err(|e| ApiError(AppError::from(e)).into_response())?;
    match decision {
        Some(d) if !d.allowed => Err(rate_limited(&d)),
        other => Ok(other),
    }
}

/// The 429 of a refused request, with its headers.
pub fn rate_limited(d: &RateDecision) -> Response {
    let mut response =
        ApiError(AppError::new(ErrorCode::RateLimited).retry_after(d.reset_secs.max(1))).into_response();
    rate_headers(&mut response, d);
    response
}

/// The caller of a request: a bearer token (outside the console and `/metrics`), else the console session
/// cookie (with CSRF checked for the API's unsafe methods), else anonymous. Answers whether it
/// came by bearer.
async fn caller(state: &AppState, req: &mut Request, path: &str) -> Result<(Actor, bool), Response> {
    let origin = origin(req);
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    // `/metrics` checks its own bearer token (`metrics_token`), not a Kontor token.
    if let Some(auth) =
        bearer.filter(|_| !path.starts_with("/console") && !path.starts_with("/staff") && path != "/metrics")
    {
        return Ok((resolve_bearer(state, &auth, origin).await?, true));
    }
    // STF-1: the staff console has its own cookie; a customer session means nothing there.
    if path.starts_with("/staff") {
        let Some(secret) = cookie(req.headers(), STAFF_COOKIE) else {
            return Ok((Actor::anonymous(origin), false));
        };
        return match state.app.resolve_staff_session(&secret, origin.clone()).await {
            Ok(Some(found)) => {
                req.extensions_mut().insert(SessionSecret(secret));
                Ok((found, false))
            }
            Ok(None) => Ok((Actor::anonymous(origin), false)),
            Err(e) => Err(ApiError(e).into_response()),
        };
    }
    let Some(secret) = cookie(req.headers(), SESSION_COOKIE) else {
        return Ok((Actor::anonymous(origin), false));
    };
    match state.app.resolve_session(&secret, origin.clone()).await {
        Ok(Some(found)) => {
            if path.starts_with("/1/") && !req.method().is_safe() {
                let presented = req
                    .headers()
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                if !state.app.csrf_ok(&secret, presented) {
                    return Err(ApiError::code(ErrorCode::CsrfFailed).into_response());
                }
            }
            req.extensions_mut().insert(SessionSecret(secret));
            Ok((found, false))
        }
        Ok(None) => Ok((Actor::anonymous(origin), false)),
        Err(e) => Err(ApiError(e).into_response()),
    }
}

/// Resolves who is calling, counts the request against the caller's rate limit when it is an
/// API call (a bearer token, or a console session calling `/1/`: API-3), and puts the
/// [`Actor`] in the request's extensions.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let (actor, by_bearer) = match caller(&state, &mut req, &path).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let decision = if by_bearer || path.starts_with("/1/") {
        match limit(&state, &actor).await {
            Ok(d) => d,
            Err(refused) => return refused,
        }
    } else {
        None
    };
    req.extensions_mut().insert(actor);
    let mut response = next.run(req).await;
    if let Some(d) = decision {
        rate_headers(&mut response, &d);
    }
    response
}

/// The Content-Security-Policy of every answer: nothing but this server's own files, no inline
/// script or style (the console's one script is `/static/console.js`), no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Browser hardening on every answer: a Content-Security-Policy without inline script, no page
/// of Kontor may be framed (clickjacking of the console and of the sandbox's card and approval
/// pages), no content type is sniffed, no address leaks to other sites as a referrer; under
/// `https` browsers keep to it (HSTS) and every cookie is `Secure`. An answer that does not say
/// how to cache is `no-store`: pages and API answers are private, and some show a secret once
/// (a new token, recovery codes), so neither the browser nor a proxy keeps them.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CSP),
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
    ] {
        h.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.app.settings.public_url.starts_with("https://") {
        h.insert(
            HeaderName::from_static("strict-transport-security"),
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if state.app.settings.cookie_secure() {
        let cookies: Vec<HeaderValue> = h.get_all(header::SET_COOKIE).iter().cloned().collect();
        if !cookies.is_empty() {
            h.remove(header::SET_COOKIE);
            for c in cookies {
                let text = c.to_str().unwrap_or_default();
                let secured = if text.to_ascii_lowercase().contains("; secure") {
                    c.clone()
                } else {
                    HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(c.clone())
                };
                h.append(header::SET_COOKIE, secured);
            }
        }
    }
    response
}

/// The metrics label of a method: the standard ones by name, any other as `other`, so a client
/// inventing method names cannot create a series per name (OPS-4).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method as M;
    match *method {
        M::GET => "GET",
        M::HEAD => "HEAD",
        M::POST => "POST",
        M::PUT => "PUT",
        M::PATCH => "PATCH",
        M::DELETE => "DELETE",
        M::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts requests by route and status and observes their latency (OPS-4).
pub async fn record_metrics(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = method_label(req.method()).to_owned();
    let started = Instant::now();
    let response = next.run(req).await;
    state
        .metrics
        .observe(&route, &method, response.status().as_u16(), started.elapsed());
    response
}
