//! Members and leaving (ORG-1 to ORG-7).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::orgs::members::{Member, MemberChanges};
use kontor_domain::{OrgId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery, Caller, Envelope, ListEnvelope, Paging, no_content};

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
