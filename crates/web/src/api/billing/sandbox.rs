//! The sandbox card processor's tokenizing endpoint (BIL-8).

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, Envelope, created};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SandboxCard {
    /// The organization the card is for (the processor's customer): the token is refused for
    /// every other organization.
    pub customer: i64,
    pub number: String,
    pub exp_month: i64,
    pub exp_year: i64,
    pub cvc: String,
}

#[derive(Serialize, ToSchema)]
pub struct SandboxToken {
    pub token: String,
    pub brand: String,
    pub last4: String,
}

/// The sandbox processor's card form (BIL-8): a card number becomes a token, bound to the
/// organization given as `customer`. `4242424242424242`
/// succeeds, `4000000000000002` is declined, `4000000000009995` fails for insufficient funds.
#[utoipa::path(post, path = "/sandbox/cards", tag = "sandbox", request_body = SandboxCard,
    responses((status = 201, body = Envelope<SandboxToken>), (status = 400, body = ErrorEnvelope)))]
pub async fn sandbox_card(
    State(s): State<AppState>,
    ApiJson(r): ApiJson<SandboxCard>,
) -> ApiResult<Response> {
    let card = s
        .app
        .sandbox
        .tokenize(
            &r.customer.to_string(),
            &r.number,
            r.exp_month,
            r.exp_year,
            &r.cvc,
            s.app.now(),
        )
        .await
        .map_err(|p| {
            let (field, code) = p.field();
            ApiError(kontor_app::AppError::field(field, code))
        })?;
    Ok(created(SandboxToken {
        token: card.token,
        brand: card.brand,
        last4: card.last4,
    }))
}
