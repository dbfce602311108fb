//! Personal API tokens of the signed-in user (API-5).

use axum::extract::State;
use axum::response::Response;
use kontor_app::identity::tokens::{CreatedToken, NewTokenInput};
use kontor_app::model::TokenRow;
use kontor_domain::{ScopeSet, TokenId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::{parse_instant, rfc3339};
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, ListEnvelope, created, no_content};

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
}

impl TokenResponse {
    pub fn new(t: &TokenRow) -> TokenResponse {
        TokenResponse {
            id: t.id,
            name: t.name.clone(),
            scopes: ScopeSet::from_stored(&t.scopes).names(),
            created_at: rfc3339(t.created_at),
            expires_at: t.expires_at.map(rfc3339),
            last_used_at: t.last_used_at.map(rfc3339),
        }
    }
}

/// A new token; `token` is shown this once and never again.
#[derive(Serialize, ToSchema)]
pub struct CreatedTokenResponse {
    pub id: i64,
    pub token: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
}

impl CreatedTokenResponse {
    pub fn new(t: &CreatedToken) -> CreatedTokenResponse {
        CreatedTokenResponse {
            id: t.row.id,
            token: t.secret.clone(),
            name: t.row.name.clone(),
            scopes: ScopeSet::from_stored(&t.row.scopes).names(),
            created_at: rfc3339(t.row.created_at),
            expires_at: t.row.expires_at.map(rfc3339),
        }
    }
}

/// The user's live tokens with their last use.
#[utoipa::path(get, path = "/1/profile/tokens", tag = "profile", security(("bearer" = [])),
    responses((status = 200, body = ListEnvelope<TokenResponse>)))]
pub async fn list_tokens(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<axum::Json<ListEnvelope<TokenResponse>>> {
    let rows = s.app.list_tokens(&actor).await?;
    Ok(ListEnvelope::all(rows.iter().map(TokenResponse::new).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    pub name: String,
    pub scopes: Vec<String>,
    /// RFC 3339; at most one year ahead.
    pub expires_at: Option<String>,
}

/// Create a token (a token may only create tokens within its own scopes).
#[utoipa::path(post, path = "/1/profile/tokens", tag = "profile", security(("bearer" = [])), request_body = CreateTokenRequest,
    responses((status = 201, body = Envelope<CreatedTokenResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn create_token(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<CreateTokenRequest>,
) -> ApiResult<Response> {
    let expires_at = r
        .expires_at
        .as_deref()
        .map(|e| parse_instant("expires_at", e))
        .transpose()?;
    let token = s
        .app
        .create_token(
            &actor,
            NewTokenInput {
                name: r.name,
                scopes: r.scopes,
                expires_at,
            },
        )
        .await?;
    Ok(created(CreatedTokenResponse::new(&token)))
}

/// Revoke a token; it answers 401 from then on.
#[utoipa::path(delete, path = "/1/profile/tokens/{id}", tag = "profile", security(("bearer" = [])),
    params(("id" = i64, Path, description = "token id")),
    responses((status = 204), (status = 404, body = ErrorEnvelope)))]
pub async fn revoke_token(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    s.app.revoke_token(&actor, TokenId(id)).await?;
    Ok(no_content())
}
