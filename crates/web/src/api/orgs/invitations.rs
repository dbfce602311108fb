//! Invitations: inviting, resending, withdrawing, accepting and declining (ORG-4, ORG-5, ACC-2).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::model::InvitationRow;
use kontor_app::orgs::invitations::{InviteInput, NewAccount, status};
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, ListEnvelope, Visitor, created, no_content};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    pub email: String,
    /// `legal_representative` (legal representatives only), `administrator` or `user`.
    pub role: String,
    pub billing: Option<bool>,
    /// Products the member may act on (for role `user`).
    pub products: Option<Vec<i64>>,
    /// Workgroups the member joins on accepting (GRP-3).
    pub workgroups: Option<Vec<i64>>,
    /// Any of `administrative`, `billing`, `technical`, `commercial`.
    pub contact_preferences: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationResponse {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub billing: bool,
    /// `pending`, `accepted`, `declined`, `withdrawn` or `expired`.
    pub status: String,
    pub products: Vec<i64>,
    pub workgroups: Vec<i64>,
    pub created_at: String,
    pub expires_at: String,
}

impl InvitationResponse {
    pub fn new(i: &InvitationRow, now: i64) -> InvitationResponse {
        let ids = |s: &str| s.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        InvitationResponse {
            id: i.id,
            email: i.email.clone(),
            role: i.role.clone(),
            billing: i.billing,
            status: status(i, now).to_string(),
            products: ids(&i.products),
            workgroups: ids(&i.workgroups),
            created_at: rfc3339(i.created_at),
            expires_at: rfc3339(i.expires_at),
        }
    }
}

/// Invite someone by e-mail (ORG-4, ORG-5): the answer is the pending invitation.
#[utoipa::path(post, path = "/1/organizations/{org}/members", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = InviteRequest,
    responses((status = 201, body = Envelope<InvitationResponse>), (status = 403, body = ErrorEnvelope), (status = 409, description = "already_member, invitation_pending", body = ErrorEnvelope)))]
pub async fn invite_member(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<InviteRequest>,
) -> ApiResult<Response> {
    let input = InviteInput {
        email: r.email,
        role: r.role,
        billing: r.billing,
        products: r.products.unwrap_or_default(),
        workgroups: r.workgroups.unwrap_or_default(),
        contact_preferences: r.contact_preferences,
    };
    let inv = s.app.invite_member(&actor, OrgId(org), input).await?;
    Ok(created(InvitationResponse::new(
        &inv,
        s.app.now().unix_timestamp(),
    )))
}

/// Pending invitations of the organization.
#[utoipa::path(get, path = "/1/organizations/{org}/invitations", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 200, body = ListEnvelope<InvitationResponse>), (status = 403, body = ErrorEnvelope)))]
pub async fn list_invitations(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<ListEnvelope<InvitationResponse>>> {
    let now = s.app.now().unix_timestamp();
    let rows = s.app.list_invitations(&actor, OrgId(org)).await?;
    Ok(ListEnvelope::all(
        rows.iter().map(|i| InvitationResponse::new(i, now)).collect(),
    ))
}

/// Send the invitation again with a new link; the old link dies (ORG-5).
#[utoipa::path(post, path = "/1/organizations/{org}/invitations/{id}/resend", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<InvitationResponse>), (status = 409, description = "invitation_not_pending", body = ErrorEnvelope)))]
pub async fn resend_invitation(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<InvitationResponse>>> {
    let inv = s.app.resend_invitation(&actor, OrgId(org), id).await?;
    Ok(Envelope::ok(InvitationResponse::new(
        &inv,
        s.app.now().unix_timestamp(),
    )))
}

/// Withdraw a pending invitation (ORG-5).
#[utoipa::path(delete, path = "/1/organizations/{org}/invitations/{id}", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 409, description = "invitation_not_pending", body = ErrorEnvelope)))]
pub async fn withdraw_invitation(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    s.app.withdraw_invitation(&actor, OrgId(org), id).await?;
    Ok(no_content())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptRequest {
    /// The secret from the e-mailed link.
    pub token: String,
    /// With no bearer token: the new account's names and password (ACC-2).
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub password: Option<String>,
    pub language: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationAccepted {
    pub user_id: i64,
    pub organization_id: i64,
}

/// Accept an invitation: with a bearer token the caller joins; without one a new account is
/// created, with no organization of its own (ACC-2).
#[utoipa::path(post, path = "/1/invitations/accept", tag = "organizations", request_body = AcceptRequest,
    responses((status = 200, body = Envelope<InvitationAccepted>), (status = 400, description = "invalid_link", body = ErrorEnvelope),
        (status = 401, description = "unauthenticated: neither a signed-in caller nor the new account's names and password", body = ErrorEnvelope),
        (status = 403, description = "forbidden: the invitation is for another address than the signed-in caller's", body = ErrorEnvelope)))]
pub async fn accept_invitation(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<AcceptRequest>,
) -> ApiResult<Json<Envelope<InvitationAccepted>>> {
    let account = r.password.map(|password| NewAccount {
        first_name: r.first_name.unwrap_or_default(),
        last_name: r.last_name.unwrap_or_default(),
        password,
        language: r.language,
    });
    let (user_id, organization_id) = s.app.accept_invitation(&actor, &r.token, account).await?;
    Ok(Envelope::ok(InvitationAccepted {
        user_id,
        organization_id,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclineRequest {
    pub token: String,
}

/// Decline an invitation: nothing is left but the audit record (ORG-5).
#[utoipa::path(post, path = "/1/invitations/decline", tag = "organizations", request_body = DeclineRequest,
    responses((status = 204), (status = 400, description = "invalid_link", body = ErrorEnvelope)))]
pub async fn decline_invitation(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<DeclineRequest>,
) -> ApiResult<Response> {
    s.app.decline_invitation(&actor, &r.token).await?;
    Ok(no_content())
}
