//! Members, invitations and leaving (ORG-1 to ORG-8, ACC-2).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::invitations::{InviteInput, NewAccount, status};
use kontor_app::members::{Member, MemberChanges};
use kontor_app::model::InvitationRow;
use kontor_domain::{OrgId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rfc3339;
use crate::AppState;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, Caller, Envelope, ListEnvelope, Paging, created, no_content,
};

#[derive(Serialize, ToSchema)]
pub struct MemberResponse {
    pub user_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// `legal_representative`, `administrator` or `user`.
    pub role: String,
    pub billing: bool,
    pub contact_preferences: Vec<String>,
    /// ORG-8: the member's home is another organization.
    pub external: bool,
    pub product_count: i64,
    /// Individually granted products (in the single-member answer).
    pub products: Vec<i64>,
    /// Workgroups the member is in (in the single-member answer).
    pub workgroups: Vec<i64>,
    pub member_since: String,
}

impl From<Member> for MemberResponse {
    fn from(m: Member) -> Self {
        MemberResponse {
            user_id: m.row.user_id,
            email: m.row.email,
            first_name: m.row.first_name,
            last_name: m.row.last_name,
            role: m.row.role,
            billing: m.row.billing,
            contact_preferences: m
                .row
                .contact_preferences
                .split_whitespace()
                .map(ToOwned::to_owned)
                .collect(),
            external: m.external,
            product_count: m.row.product_count,
            products: m.products,
            workgroups: m.workgroups,
            member_since: rfc3339(m.row.created_at),
        }
    }
}

/// The members of the organization (administrators and legal representatives).
#[utoipa::path(get, path = "/1/organizations/{org}/members", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), Paging),
    responses((status = 200, body = ListEnvelope<MemberResponse>), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn list_members(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiQuery(p): ApiQuery<Paging>,
) -> ApiResult<Json<ListEnvelope<MemberResponse>>> {
    let (rows, total) = s
        .app
        .list_members(&actor, OrgId(org), p.page(), p.per_page())
        .await?;
    Ok(ListEnvelope::page(
        rows.into_iter().map(Into::into).collect(),
        total,
        p,
    ))
}

/// One member with their products and workgroups.
#[utoipa::path(get, path = "/1/organizations/{org}/members/{user}", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("user" = i64, Path)),
    responses((status = 200, body = Envelope<MemberResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_member(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, user)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<MemberResponse>>> {
    let m = s.app.get_member(&actor, OrgId(org), UserId(user)).await?;
    Ok(Envelope::ok(m.into()))
}

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
            status: status(i, now).to_owned(),
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
    responses((status = 201, body = Envelope<InvitationResponse>), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberPatch {
    pub role: Option<String>,
    pub billing: Option<bool>,
    pub products: Option<Vec<i64>>,
    pub contact_preferences: Option<Vec<String>>,
}

/// Change a member's rights (ORG-6); making or unmaking a legal representative needs one.
#[utoipa::path(patch, path = "/1/organizations/{org}/members/{user}", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("user" = i64, Path)), request_body = MemberPatch,
    responses((status = 200, body = Envelope<MemberResponse>), (status = 403, body = ErrorEnvelope), (status = 409, description = "last_legal_representative", body = ErrorEnvelope)))]
pub async fn update_member(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, user)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<MemberPatch>,
) -> ApiResult<Json<Envelope<MemberResponse>>> {
    let ch = MemberChanges {
        role: r.role,
        billing: r.billing,
        products: r.products,
        contact_preferences: r.contact_preferences,
    };
    let m = s.app.update_member(&actor, OrgId(org), UserId(user), ch).await?;
    Ok(Envelope::ok(m.into()))
}

/// Remove a member (ORG-3, ORG-6).
#[utoipa::path(delete, path = "/1/organizations/{org}/members/{user}", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("user" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope), (status = 409, description = "last_legal_representative", body = ErrorEnvelope)))]
pub async fn remove_member(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, user)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    s.app.remove_member(&actor, OrgId(org), UserId(user)).await?;
    Ok(no_content())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRemoveRequest {
    pub users: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct RemovalResult {
    pub user_id: i64,
    /// `removed`, or the error code that refused this one.
    pub outcome: String,
}

/// Remove several members at once; each removal succeeds or fails on its own (ORG-6).
#[utoipa::path(post, path = "/1/organizations/{org}/members/remove", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = BulkRemoveRequest,
    responses((status = 200, body = ListEnvelope<RemovalResult>), (status = 403, body = ErrorEnvelope)))]
pub async fn remove_members(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<BulkRemoveRequest>,
) -> ApiResult<Json<ListEnvelope<RemovalResult>>> {
    let outcomes = s.app.remove_members(&actor, OrgId(org), &r.users).await?;
    let data = outcomes
        .into_iter()
        .map(|o| RemovalResult {
            user_id: o.user_id,
            outcome: o
                .result
                .map_or_else(|e| e.code().as_str().to_owned(), |()| "removed".to_owned()),
        })
        .collect();
    Ok(ListEnvelope::all(data))
}

/// Leave the organization (ORG-7); the refusal names the reason.
#[utoipa::path(post, path = "/1/organizations/{org}/leave", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope), (status = 409, description = "last_legal_representative", body = ErrorEnvelope)))]
pub async fn leave_organization(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Response> {
    s.app.leave_organization(&actor, OrgId(org)).await?;
    Ok(no_content())
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
    responses((status = 200, body = Envelope<InvitationResponse>), (status = 409, body = ErrorEnvelope)))]
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
    responses((status = 204), (status = 409, body = ErrorEnvelope)))]
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
pub struct Accepted {
    pub user_id: i64,
    pub organization_id: i64,
}

/// Accept an invitation: with a bearer token the caller joins; without one a new account is
/// created, with no organization of its own (ACC-2).
#[utoipa::path(post, path = "/1/invitations/accept", tag = "organizations", request_body = AcceptRequest,
    responses((status = 200, body = Envelope<Accepted>), (status = 400, description = "invalid_link", body = ErrorEnvelope)))]
pub async fn accept_invitation(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<AcceptRequest>,
) -> ApiResult<Json<Envelope<Accepted>>> {
    let account = r.password.map(|password| NewAccount {
        first_name: r.first_name.unwrap_or_default(),
        last_name: r.last_name.unwrap_or_default(),
        password,
        language: r.language,
    });
    let (user_id, organization_id) = s.app.accept_invitation(&actor, &r.token, account).await?;
    Ok(Envelope::ok(Accepted {
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
    Caller(actor): Caller,
    ApiJson(r): ApiJson<DeclineRequest>,
) -> ApiResult<Response> {
    s.app.decline_invitation(&actor, &r.token).await?;
    Ok(no_content())
}

#[derive(Deserialize, IntoParams)]
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
