//! The HTTP edge of Kontor: the JSON API under `/1/`, the server-rendered console under
//! `/console/`, the OpenAPI description and its offline documentation page, and the service
//! endpoints (`/healthz`, `/readyz`, `/metrics`).
//!
//! Handlers are thin: extract, call one service method, map the answer. Roles, rules and SQL
//! live in `kontor-app` and below.

pub mod api;
pub mod console;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod routes;
pub mod service;
pub mod upload;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use kontor_app::App;
use tower::ServiceExt as _;
use tower::util::MapRequest;

/// What every handler gets: the services and the edge's own shared state.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub metrics: Arc<metrics::Metrics>,
}

impl AppState {
    pub fn new(app: App) -> AppState {
        AppState {
            app,
            metrics: Arc::new(metrics::Metrics::default()),
        }
    }
}

/// The whole router, with its layers.
pub fn router(state: AppState) -> Router {
    routes::build(state)
}

/// The router behind the version rewrite (API-1): `/profile` is served as `/1/profile`.
/// The separate metrics listener (`metrics_listen`): `/metrics` and nothing else.
pub fn metrics_service(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(service::metrics_listener))
        .with_state(state)
}

pub fn service(state: AppState) -> MapRequest<Router, fn(Request) -> Request> {
    router(state).map_request(middleware::rewrite_unversioned as fn(Request) -> Request)
}
