//! Explaining a decision (AUTHZ-4) and the product back-ends' access check (AUTHZ-5).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiQuery, Caller, Envelope};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExplainQuery {
    pub organization: i64,
    /// e.g. `members.invite`, `products.manage`, `billing.pay`.
    pub action: String,
    pub product: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ExplainResponse {
    pub allowed: bool,
    /// The rule that decided and, when denied, what would allow it (AUTHZ-4).
    pub reason: String,
    /// The error code a denied request answers.
    pub code: Option<String>,
}

/// Explain the decision for the calling user (AUTHZ-4).
#[utoipa::path(get, path = "/1/access/explain", tag = "organizations", security(("bearer" = [])),
    params(ExplainQuery),
    responses((status = 200, body = Envelope<ExplainResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn explain(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<ExplainQuery>,
) -> ApiResult<Json<Envelope<ExplainResponse>>> {
    let action = kontor_app::access::Action::parse(&q.action)
        .ok_or_else(|| kontor_app::AppError::field("action", "unknown_action"))?;
    let d = s.app.explain(&actor, q.organization, action, q.product).await?;
    Ok(Envelope::ok(ExplainResponse {
        allowed: d.allowed,
        reason: d.reason,
        code: d.code.map(|c| c.as_str().to_owned()),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckQuery {
    pub user: i64,
    pub product: i64,
    /// `products.read` or `products.manage`.
    pub action: String,
}

/// For product back-ends with a service token (`access:check`): may this user act on this
/// product (AUTHZ-5)?
#[utoipa::path(get, path = "/1/access/check", tag = "organizations", security(("bearer" = [])),
    params(CheckQuery),
    responses((status = 200, body = Envelope<ExplainResponse>), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn check_access(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<CheckQuery>,
) -> ApiResult<Json<Envelope<ExplainResponse>>> {
    let action = kontor_app::access::Action::parse(&q.action)
        .ok_or_else(|| kontor_app::AppError::field("action", "unknown_action"))?;
    let d = s.app.check_access(&actor, q.user, q.product, action).await?;
    Ok(Envelope::ok(ExplainResponse {
        allowed: d.allowed,
        reason: d.reason,
        code: d.code.map(|c| c.as_str().to_owned()),
    }))
}
