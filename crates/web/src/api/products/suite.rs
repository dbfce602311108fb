//! Workspace suites (PRD-9): upgrades and seats.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::billing::upgrades::UpgradeRequest;
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::billing::orders::OrderResponse;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, IdempotencyKey, created};

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpgradeBody {
    /// A plan of a higher or equal tier.
    pub plan: Option<String>,
    /// At least the current number.
    pub seats: Option<i64>,
    /// A storage tier at least as large.
    pub storage: Option<String>,
}

/// Upgrade a workspace suite: answers a pending order for the prorated difference, paid like
/// any order (PRD-9, PRC-5). A downgrade answers 409 `downgrade_not_allowed`.
#[utoipa::path(post, path = "/1/organizations/{org}/products/{id}/upgrade", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = UpgradeBody,
    responses((status = 201, body = Envelope<OrderResponse>), (status = 409, description = "downgrade_not_allowed, nothing_to_upgrade", body = ErrorEnvelope)))]
pub async fn upgrade_product(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<UpgradeBody>,
) -> ApiResult<Response> {
    let idem = key.with(&format!("/products/{org}/{id}/upgrade"), &r)?;
    let req = UpgradeRequest {
        plan: r.plan,
        seats: r.seats,
        storage: r.storage,
    };
    let order = s
        .app
        .upgrade_suite(&actor, OrgId(org), id, &req, idem.as_ref())
        .await?;
    Ok(created(OrderResponse::from(order)))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Seats {
    /// Member user ids holding a seat.
    pub users: Vec<i64>,
}

/// Who holds the suite's seats.
#[utoipa::path(get, path = "/1/organizations/{org}/products/{id}/seats", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<Seats>), (status = 404, body = ErrorEnvelope)))]
pub async fn list_seats(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<Seats>>> {
    Ok(Envelope::ok(Seats {
        users: s.app.list_seats(&actor, OrgId(org), id).await?,
    }))
}

/// Give the suite's seats to these members (at most the number of seats).
#[utoipa::path(put, path = "/1/organizations/{org}/products/{id}/seats", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = Seats,
    responses((status = 200, body = Envelope<Seats>), (status = 409, description = "seats_exceeded", body = ErrorEnvelope)))]
pub async fn set_seats(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<Seats>,
) -> ApiResult<Json<Envelope<Seats>>> {
    Ok(Envelope::ok(Seats {
        users: s.app.set_seats(&actor, OrgId(org), id, &r.users).await?,
    }))
}
