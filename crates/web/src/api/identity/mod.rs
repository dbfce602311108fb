//! Sign-up, token exchange and password reset (ACC-1, ACC-4, ACC-8, API-5).

pub mod profile;
pub mod tokens;

use axum::extract::State;
use axum::response::Response;
use kontor_app::identity::accounts::SignupInput;
use kontor_app::identity::tokens::NewTokenInput;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::identity::profile::ProfileResponse;
use crate::api::identity::tokens::CreatedTokenResponse;
use crate::api::orgs::OrganizationResponse;
use crate::api::parse_instant;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, Envelope, Visitor, created};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    /// `person` or `company`.
    pub kind: String,
    /// Required when `kind` is `company`; the organization is named after it.
    pub company_name: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// `fr`, `de`, `en`, `it` or `es`.
    pub language: String,
    /// `CHF` or `EUR`; by default CHF for CH and LI, EUR otherwise.
    pub currency: Option<String>,
    /// IANA time zone, `Europe/Zurich` by default.
    pub time_zone: Option<String>,
    /// PAR-12: the code of the affiliate link the person came through (`/r/{code}`); an
    /// unknown code is refused (`referral_code: unknown`), an empty one is none.
    #[serde(default)]
    pub referral_code: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SignupResponse {
    pub user: ProfileResponse,
    pub organization: OrganizationResponse,
}

/// Create an account and its organization (ACC-1).
#[utoipa::path(post, path = "/1/signup", tag = "identity", request_body = SignupRequest,
    responses((status = 201, body = Envelope<SignupResponse>), (status = 400, body = ErrorEnvelope),
              (status = 409, description = "email_taken", body = ErrorEnvelope)))]
pub async fn signup(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<SignupRequest>,
) -> ApiResult<Response> {
    let input = SignupInput {
        email: r.email,
        password: r.password,
        first_name: r.first_name,
        last_name: r.last_name,
        kind: r.kind,
        company_name: r.company_name,
        country: r.country,
        language: r.language,
        currency: r.currency,
        time_zone: r.time_zone,
        // An empty code is no code (generated clients send "" for an unset field).
        referral: r
            .referral_code
            .filter(|c| !c.trim().is_empty())
            .map(kontor_app::partners::affiliates::Referral::Code),
    };
    let done = s.app.signup(&actor, input).await?;
    let org = OrganizationResponse::new(&done.organization, "legal_representative", true);
    Ok(created(SignupResponse {
        user: ProfileResponse::new(&done.user),
        organization: org,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
    /// The second factor, for accounts that have one.
    pub code: Option<String>,
    pub name: String,
    /// e.g. `["profile", "organizations:read"]`.
    pub scopes: Vec<String>,
    /// RFC 3339; at most one year ahead.
    pub expires_at: Option<String>,
}

/// Exchange e-mail and password for a personal token (API-5). Wrong credentials answer
/// `invalid_credentials` whether or not the e-mail exists (ACC-4).
#[utoipa::path(post, path = "/1/auth/tokens", tag = "identity", request_body = TokenRequest,
    responses((status = 201, body = Envelope<CreatedTokenResponse>), (status = 401, body = ErrorEnvelope),
              (status = 423, description = "account_locked / ip_locked", body = ErrorEnvelope)))]
pub async fn create_auth_token(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<TokenRequest>,
) -> ApiResult<Response> {
    let expires_at = r
        .expires_at
        .as_deref()
        .map(|e| parse_instant("expires_at", e))
        .transpose()?;
    let input = NewTokenInput {
        name: r.name,
        scopes: r.scopes,
        expires_at,
    };
    let token = s
        .app
        .create_token_with_credentials(&actor, &r.email, &r.password, r.code.as_deref(), input)
        .await?;
    Ok(created(CreatedTokenResponse::new(&token)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

#[derive(Serialize, ToSchema)]
pub struct RequestAccepted {
    pub accepted: bool,
}

/// Ask for a password-reset link (ACC-8). The answer is the same whether or not the account
/// exists.
#[utoipa::path(post, path = "/1/auth/password-reset", tag = "identity", request_body = PasswordResetRequest,
    responses((status = 202, body = Envelope<RequestAccepted>), (status = 400, body = ErrorEnvelope)))]
pub async fn request_password_reset(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<PasswordResetRequest>,
) -> ApiResult<Response> {
    s.app.request_password_reset(&actor, &r.email).await?;
    Ok(accepted())
}

fn accepted() -> Response {
    use axum::response::IntoResponse;
    (
        axum::http::StatusCode::ACCEPTED,
        Envelope::ok(RequestAccepted { accepted: true }),
    )
        .into_response()
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    /// The secret from the e-mailed link.
    pub token: String,
    pub password: String,
}

/// Set a new password with a reset link; every session of the user ends (ACC-5, ACC-8).
#[utoipa::path(post, path = "/1/auth/password-reset/confirm", tag = "identity", request_body = PasswordResetConfirm,
    responses((status = 204), (status = 400, description = "invalid_link or validation_failed", body = ErrorEnvelope)))]
pub async fn confirm_password_reset(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<PasswordResetConfirm>,
) -> ApiResult<Response> {
    s.app
        .confirm_password_reset(&actor, &r.token, &r.password)
        .await?;
    Ok(crate::extract::no_content())
}
