//! The caller's second factor (SEC-1 … SEC-4): status, TOTP and SMS set-up, confirmation with
//! the first code (answering the backup codes once), new backup codes, switching off.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kontor_app::support::verification::Filer;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, Caller, Envelope, Visitor, no_content};
use crate::upload::Upload;

#[derive(Serialize, ToSchema)]
pub struct TwoFactorResponse {
    /// `totp` or `sms` when the second factor is on; `null` when off.
    pub method: Option<String>,
    /// A set-up (`totp` or `sms`) waiting for its first code.
    pub pending: Option<String>,
    /// The SMS number, all but the last three digits hidden.
    pub phone: Option<String>,
    /// Unused backup codes (SEC-2).
    pub backup_codes_left: i64,
    /// RFC 3339: when the second factor was switched on.
    pub since: Option<String>,
}

/// The caller's second factor.
#[utoipa::path(get, path = "/1/profile/two-factor", tag = "profile", security(("bearer" = [])),
    responses((status = 200, body = Envelope<TwoFactorResponse>)))]
pub async fn get_two_factor(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<Envelope<TwoFactorResponse>>> {
    let st = s.app.two_factor_status(&actor).await?;
    Ok(Envelope::ok(TwoFactorResponse {
        method: st.method,
        pending: st.pending,
        phone: st.phone,
        backup_codes_left: st.backup_codes_left,
        since: st.since.map(rfc3339),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct TotpSetupResponse {
    /// The secret in base32, for typing into an authenticator app.
    pub secret: String,
    /// The `otpauth://` URI a QR code carries.
    pub otpauth_uri: String,
}

/// Start a TOTP set-up (SEC-1): a new secret that waits for its first code
/// (`POST /1/profile/two-factor/confirm`).
#[utoipa::path(post, path = "/1/profile/two-factor/totp", tag = "profile", security(("bearer" = [])),
    responses((status = 201, body = Envelope<TotpSetupResponse>), (status = 409, description = "two_factor_already_on", body = ErrorEnvelope)))]
pub async fn start_totp(State(s): State<AppState>, Caller(actor): Caller) -> ApiResult<Response> {
    let setup = s.app.start_totp(&actor).await?;
    Ok(crate::extract::created(TotpSetupResponse {
        secret: setup.secret,
        otpauth_uri: setup.uri,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SmsSetupRequest {
    /// E.164, e.g. `+41791234567`.
    pub phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct CodeSent {
    pub sent: bool,
}

/// Start an SMS set-up (SEC-1): a code goes to the phone; confirm with it.
#[utoipa::path(post, path = "/1/profile/two-factor/sms", tag = "profile", security(("bearer" = [])),
    request_body = SmsSetupRequest,
    responses((status = 202, body = Envelope<CodeSent>), (status = 400, body = ErrorEnvelope),
              (status = 409, description = "two_factor_already_on", body = ErrorEnvelope),
              (status = 429, description = "too_many_codes", body = ErrorEnvelope)))]
pub async fn start_sms(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<SmsSetupRequest>,
) -> ApiResult<Response> {
    s.app.start_sms(&actor, &r.phone).await?;
    Ok((StatusCode::ACCEPTED, Envelope::ok(CodeSent { sent: true })).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The first code of the authenticator app or of the SMS.
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct BackupCodesResponse {
    /// Ten single-use codes, shown this once (SEC-2).
    pub backup_codes: Vec<String>,
}

/// Confirm the waiting set-up with its first code: the second factor is on, and the ten
/// backup codes are answered this once (SEC-2).
#[utoipa::path(post, path = "/1/profile/two-factor/confirm", tag = "profile", security(("bearer" = [])),
    request_body = ConfirmRequest,
    responses((status = 200, body = Envelope<BackupCodesResponse>), (status = 400, body = ErrorEnvelope),
              (status = 409, description = "two_factor_not_pending", body = ErrorEnvelope)))]
pub async fn confirm(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<ConfirmRequest>,
) -> ApiResult<Json<Envelope<BackupCodesResponse>>> {
    let backup_codes = s.app.confirm_two_factor(&actor, &r.code).await?;
    Ok(Envelope::ok(BackupCodesResponse { backup_codes }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    pub password: String,
}

/// Ten new backup codes; the old ones stop working (SEC-2). Needs the password.
#[utoipa::path(post, path = "/1/profile/two-factor/backup-codes", tag = "profile", security(("bearer" = [])),
    request_body = PasswordRequest,
    responses((status = 200, body = Envelope<BackupCodesResponse>), (status = 400, body = ErrorEnvelope),
              (status = 409, description = "two_factor_not_on", body = ErrorEnvelope),
              (status = 423, description = "account_locked / ip_locked", body = ErrorEnvelope)))]
pub async fn regenerate_backup_codes(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<PasswordRequest>,
) -> ApiResult<Json<Envelope<BackupCodesResponse>>> {
    let backup_codes = s.app.regenerate_backup_codes(&actor, &r.password).await?;
    Ok(Envelope::ok(BackupCodesResponse { backup_codes }))
}

/// Switch the second factor off (SEC-4): needs the password; a wrong one counts towards the
/// lock-out. The user is told by e-mail.
#[utoipa::path(post, path = "/1/profile/two-factor/disable", tag = "profile", security(("bearer" = [])),
    request_body = PasswordRequest,
    responses((status = 204, description = "switched off"), (status = 400, body = ErrorEnvelope),
              (status = 409, description = "two_factor_not_on", body = ErrorEnvelope),
              (status = 423, description = "account_locked / ip_locked", body = ErrorEnvelope)))]
pub async fn disable(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<PasswordRequest>,
) -> ApiResult<Response> {
    s.app.disable_two_factor(&actor, &r.password).await?;
    Ok(no_content())
}

/// The parts of an identity verification request (SEC-5), as `multipart/form-data`.
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "describes the multipart body for the OpenAPI description"
)]
pub struct IdentityVerificationForm {
    pub email: String,
    pub password: String,
    /// A photo of an identity document: JPEG or PNG (recognised by its content), at most
    /// `verification_max_bytes` (10 MB by default).
    #[schema(value_type = String, format = Binary)]
    pub document: Vec<u8>,
    /// A selfie, with the same rules.
    #[schema(value_type = String, format = Binary)]
    pub selfie: Vec<u8>,
}

#[derive(Serialize, ToSchema)]
pub struct IdentityVerificationResponse {
    pub id: i64,
    /// `pending` until staff decide.
    pub status: String,
    /// RFC 3339.
    pub filed_at: String,
}

/// File an identity verification request (SEC-5): for an account whose second factor is on
/// when both the device and the backup codes are lost. The password is checked like a
/// sign-in (ACC-4). Staff decide; approval switches the second factor off and ends every
/// session, and the user is told by e-mail either way.
#[utoipa::path(post, path = "/1/auth/identity-verification", tag = "identity",
    request_body(content = IdentityVerificationForm, content_type = "multipart/form-data"),
    responses((status = 201, body = Envelope<IdentityVerificationResponse>),
              (status = 401, description = "invalid_credentials", body = ErrorEnvelope),
              (status = 409, description = "verification_pending / two_factor_not_on", body = ErrorEnvelope),
              (status = 413, description = "payload_too_large", body = ErrorEnvelope),
              (status = 415, description = "unsupported_media_type", body = ErrorEnvelope),
              (status = 400, description = "validation_failed: image_required / not_an_image / image_too_large", body = ErrorEnvelope),
              (status = 423, description = "account_locked / ip_locked", body = ErrorEnvelope)))]
pub async fn file_identity_verification(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    req: Request,
) -> ApiResult<Response> {
    let upload = Upload::read(req, &s, s.app.settings.verification_max_bytes).await?;
    let (email, password) = (upload.field("email"), upload.field("password"));
    let filer = Filer::Password {
        email: &email,
        password: &password,
    };
    let row = s
        .app
        .file_identity_verification(&actor, filer, upload.file("document"), upload.file("selfie"))
        .await?;
    Ok(crate::extract::created(IdentityVerificationResponse {
        id: row.id,
        status: row.status,
        filed_at: rfc3339(row.filed_at),
    }))
}
