//! The signed-in user's profile (ACC-5, ACC-6, ACC-7, ACC-10).

use axum::Json;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use kontor_app::identity::accounts::ProfileChanges;
use kontor_app::model::{ProfileRow, UserRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::console::session_cookie;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, Caller, Envelope, Visitor, no_content};
use crate::middleware::SessionSecret;

#[derive(Serialize, ToSchema)]
pub struct ProfileResponse {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub language: String,
    pub time_zone: String,
    /// Eight digits to give support staff (ACC-6).
    pub support_code: String,
    /// The confirmed recovery address (ACC-7).
    pub recovery_email: Option<String>,
    /// A new recovery address waiting for its confirmation link.
    pub pending_recovery_email: Option<String>,
    /// A new sign-in address waiting for its confirmation link (`PUT /1/profile/email`).
    pub pending_email: Option<String>,
}

impl ProfileResponse {
    pub fn new(u: &UserRow) -> ProfileResponse {
        ProfileResponse {
            id: u.id,
            email: u.email.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            language: u.language.clone(),
            time_zone: u.time_zone.clone(),
            support_code: u.support_code.clone(),
            recovery_email: u.recovery_email.clone(),
            pending_recovery_email: None,
            pending_email: None,
        }
    }

    fn with_pending(p: &ProfileRow) -> ProfileResponse {
        ProfileResponse {
            pending_recovery_email: p.pending_recovery_email.clone(),
            pending_email: p.pending_login_email.clone(),
            ..ProfileResponse::new(&p.user)
        }
    }
}

/// The signed-in user's profile.
#[utoipa::path(get, path = "/1/profile", tag = "profile", security(("bearer" = [])),
    responses((status = 200, body = Envelope<ProfileResponse>), (status = 401, body = ErrorEnvelope)))]
pub async fn get_profile(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<Envelope<ProfileResponse>>> {
    let profile = s.app.get_profile_with_pending(&actor).await?;
    Ok(Envelope::ok(ProfileResponse::with_pending(&profile)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
}

/// Change names, language or time zone (ACC-10).
#[utoipa::path(patch, path = "/1/profile", tag = "profile", security(("bearer" = [])), request_body = ProfilePatch,
    responses((status = 200, body = Envelope<ProfileResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn update_profile(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<ProfilePatch>,
) -> ApiResult<Json<Envelope<ProfileResponse>>> {
    let changes = ProfileChanges {
        first_name: r.first_name,
        last_name: r.last_name,
        language: r.language,
        time_zone: r.time_zone,
    };
    let user = s.app.update_profile(&actor, changes).await?;
    Ok(Envelope::ok(ProfileResponse::new(&user)))
}

#[derive(Serialize, ToSchema)]
pub struct SupportCodeResponse {
    pub support_code: String,
}

/// Draw a new support code; the old one stops working at once (ACC-6).
#[utoipa::path(post, path = "/1/profile/support-code", tag = "profile", security(("bearer" = [])),
    responses((status = 200, body = Envelope<SupportCodeResponse>)))]
pub async fn regenerate_support_code(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<Envelope<SupportCodeResponse>>> {
    let support_code = s.app.regenerate_support_code(&actor).await?;
    Ok(Envelope::ok(SupportCodeResponse { support_code }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryEmailRequest {
    /// The new recovery address, or `null` to remove it.
    pub email: Option<String>,
    pub current_password: String,
}

/// Set or remove the recovery address (ACC-7). A new address gets a confirmation link and
/// takes over only once confirmed.
#[utoipa::path(put, path = "/1/profile/recovery-email", tag = "profile", security(("bearer" = [])), request_body = RecoveryEmailRequest,
    responses((status = 202, body = Envelope<crate::api::identity::RequestAccepted>), (status = 400, body = ErrorEnvelope)))]
pub async fn set_recovery_email(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<RecoveryEmailRequest>,
) -> ApiResult<Response> {
    s.app
        .set_recovery_email(&actor, r.email.as_deref(), &r.current_password)
        .await?;
    Ok((
        axum::http::StatusCode::ACCEPTED,
        Envelope::ok(crate::api::identity::RequestAccepted { accepted: true }),
    )
        .into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryEmailConfirm {
    /// The secret from the e-mailed link.
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct RecoveryEmailConfirmed {
    pub recovery_email: String,
}

/// Confirm a recovery address with the e-mailed link (ACC-7).
#[utoipa::path(post, path = "/1/profile/recovery-email/confirm", tag = "profile", request_body = RecoveryEmailConfirm,
    responses((status = 200, body = Envelope<RecoveryEmailConfirmed>), (status = 400, body = ErrorEnvelope)))]
pub async fn confirm_recovery_email(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<RecoveryEmailConfirm>,
) -> ApiResult<Json<Envelope<RecoveryEmailConfirmed>>> {
    let recovery_email = s.app.confirm_recovery_email(&actor, &r.token).await?;
    Ok(Envelope::ok(RecoveryEmailConfirmed { recovery_email }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginEmailRequest {
    /// The address to sign in with from now on.
    pub email: String,
    pub current_password: String,
}

/// Change the sign-in e-mail. A confirmation link goes to the new address; until it is
/// opened the current address stays the one to sign in with. `email_taken` (409) when
/// another account signs in with it.
#[utoipa::path(put, path = "/1/profile/email", tag = "profile", security(("bearer" = [])), request_body = LoginEmailRequest,
    responses((status = 202, body = Envelope<crate::api::identity::RequestAccepted>), (status = 400, body = ErrorEnvelope), (status = 409, description = "email_taken: another account signs in with this address", body = ErrorEnvelope)))]
pub async fn request_login_email(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<LoginEmailRequest>,
) -> ApiResult<Response> {
    s.app
        .request_login_email(&actor, &r.email, &r.current_password)
        .await?;
    Ok((
        axum::http::StatusCode::ACCEPTED,
        Envelope::ok(crate::api::identity::RequestAccepted { accepted: true }),
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct LoginEmailConfirmed {
    /// The address to sign in with from now on.
    pub email: String,
}

/// Confirm a new sign-in e-mail with the secret of the e-mailed link; the previous address is
/// told of the change.
#[utoipa::path(post, path = "/1/profile/email/confirm", tag = "profile", request_body = RecoveryEmailConfirm,
    responses((status = 200, body = Envelope<LoginEmailConfirmed>), (status = 400, body = ErrorEnvelope), (status = 409, description = "email_taken: another account signs in with this address", body = ErrorEnvelope)))]
pub async fn confirm_login_email(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<RecoveryEmailConfirm>,
) -> ApiResult<Json<Envelope<LoginEmailConfirmed>>> {
    let email = s.app.confirm_login_email(&actor, &r.token).await?;
    Ok(Envelope::ok(LoginEmailConfirmed { email }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChangeRequest {
    pub current_password: String,
    pub new_password: String,
}

/// Change the password (ACC-5): every other session ends; a console session gets a new id.
#[utoipa::path(put, path = "/1/profile/password", tag = "profile", security(("bearer" = [])), request_body = PasswordChangeRequest,
    responses((status = 204), (status = 400, description = "validation_failed: current_password wrong_password, new_password too short or blank", body = ErrorEnvelope),
        (status = 423, description = "account_locked: too many wrong current passwords (ACC-4)", body = ErrorEnvelope)))]
pub async fn change_password(
    State(s): State<AppState>,
    Caller(actor): Caller,
    session: Option<Extension<SessionSecret>>,
    ApiJson(r): ApiJson<PasswordChangeRequest>,
) -> ApiResult<Response> {
    let new_session = s
        .app
        .change_password(&actor, &r.current_password, &r.new_password)
        .await?;
    let mut response = no_content();
    if let (Some(secret), Some(_)) = (new_session, session) {
        response
            .headers_mut()
            .insert(axum::http::header::SET_COOKIE, session_cookie(&s, &secret));
    }
    Ok(response)
}
