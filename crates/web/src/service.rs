//! Service endpoints (OPS-4): liveness, readiness (the database answers) and metrics.

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::Envelope;
use crate::metrics::Gauges;

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "service", responses((status = 200, body = Envelope<Health>)))]
pub async fn healthz() -> Response {
    Envelope::ok(Health { status: "ok" }).into_response()
}

/// The database answers.
#[utoipa::path(get, path = "/readyz", tag = "service",
    responses((status = 200, body = Envelope<Health>), (status = 503, body = crate::error::ErrorEnvelope)))]
pub async fn readyz(State(s): State<AppState>) -> Response {
    match s.app.db.ping().await {
        Ok(()) => Envelope::ok(Health { status: "ready" }).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not ready");
            crate::error::ApiError::code(kontor_app::ErrorCode::ServiceUnavailable).into_response()
        }
    }
}

/// Prometheus text exposition. With `metrics_token` configured it asks for that bearer token;
/// with `metrics_listen` it is served on that address only (here it is not found).
#[utoipa::path(get, path = "/metrics", tag = "service", security((), ("bearer" = [])),
    responses((status = 200, content_type = "text/plain", body = String),
        (status = 401, description = "unauthenticated: `metrics_token` is configured and was not given", body = crate::error::ErrorEnvelope),
        (status = 404, description = "not_found: metrics are served on `metrics_listen`", body = crate::error::ErrorEnvelope)))]
pub async fn metrics(State(s): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    if s.app.settings.metrics_elsewhere {
        return crate::error::ApiError::code(kontor_app::ErrorCode::NotFound).into_response();
    }
    metrics_answer(&s, &headers).await
}

/// `/metrics` on the separate metrics address (`metrics_listen`).
pub async fn metrics_listener(State(s): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    metrics_answer(&s, &headers).await
}

async fn metrics_answer(s: &AppState, headers: &axum::http::HeaderMap) -> Response {
    if let Some(expected) = &s.app.settings.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !kontor_app::platform::crypto::constant_time_eq(given.trim(), expected) {
            return crate::error::ApiError::code(kontor_app::ErrorCode::Unauthenticated).into_response();
        }
    }
    let backlog = s.app.outbox_backlog().await.unwrap_or(-1);
    let m = &s.app.metrics;
    let gauges = Gauges {
        job_runs: m.runs.load(Ordering::Relaxed),
        mails_sent: m.mails_sent.load(Ordering::Relaxed),
        mail_failures: m.mail_failures.load(Ordering::Relaxed),
        outbox_backlog: backlog,
    };
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.metrics.render(&gauges),
    )
        .into_response()
}
