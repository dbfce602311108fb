//! Support access (SUP-3, SUP-4, AUTHZ-5): the grants a user gives support staff, the log of
//! staff access to their content and account data, and the back-ends' check.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::model::{GrantRow, SupportAccessRow};
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, Caller, Envelope, ListEnvelope, Paging, created, no_content,
};

#[derive(Serialize, ToSchema)]
pub struct GrantResponse {
    pub id: i64,
    /// `mail`, `drive` or `chat`.
    pub kind: String,
    pub granted_at: String,
    /// RFC 3339: 7 days after it was given.
    pub expires_at: String,
}

impl GrantResponse {
    fn new(g: &GrantRow) -> GrantResponse {
        GrantResponse {
            id: g.id,
            kind: g.kind.clone(),
            granted_at: rfc3339(g.created_at),
            expires_at: rfc3339(g.expires_at),
        }
    }
}

/// The grants in force, one per kind at most (SUP-3).
#[utoipa::path(get, path = "/1/support-access", tag = "profile", security(("bearer" = [])),
    responses((status = 200, body = ListEnvelope<GrantResponse>)))]
pub async fn list_grants(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<ListEnvelope<GrantResponse>>> {
    let view = s.app.support_access(&actor, 0, 1).await?;
    Ok(ListEnvelope::all(
        view.current.iter().map(GrantResponse::new).collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    /// `mail`, `drive` or `chat`; one kind grants nothing else.
    pub kind: String,
}

/// Let support staff into one kind of content for 7 days (SUP-3). A grant of that kind in
/// force is replaced by the new one.
#[utoipa::path(post, path = "/1/support-access", tag = "profile", security(("bearer" = [])),
    request_body = GrantRequest,
    responses((status = 201, body = Envelope<GrantResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn grant(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<GrantRequest>,
) -> ApiResult<Response> {
    let g = s.app.grant_support_access(&actor, &r.kind).await?;
    Ok(created(GrantResponse::new(&g)))
}

/// End the grant of a kind now (SUP-3).
#[utoipa::path(delete, path = "/1/support-access/{kind}", tag = "profile", security(("bearer" = [])),
    params(("kind" = String, Path, description = "`mail`, `drive` or `chat`")),
    responses((status = 204, description = "ended"), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn revoke(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(kind): ApiPath<String>,
) -> ApiResult<Response> {
    s.app.revoke_support_access(&actor, &kind).await?;
    Ok(no_content())
}

#[derive(Serialize, ToSchema)]
pub struct AccessLogResponse {
    pub id: i64,
    /// The staff member.
    pub staff: String,
    /// `account`, `mail`, `drive` or `chat`.
    pub kind: String,
    /// What was seen: the names of what staff opened, or what the back-end reported; empty
    /// for a view of the account data (the kind says it).
    pub what: String,
    pub at: String,
}

impl AccessLogResponse {
    fn new(r: &SupportAccessRow) -> AccessLogResponse {
        AccessLogResponse {
            id: r.id,
            staff: r.staff_name.clone(),
            kind: r.kind.clone(),
            what: r.what.clone(),
            at: rfc3339(r.at),
        }
    }
}

/// Every staff access to the caller's content and account data, newest first (SUP-4).
#[utoipa::path(get, path = "/1/support-access/log", tag = "profile", security(("bearer" = [])),
    params(Paging),
    responses((status = 200, body = ListEnvelope<AccessLogResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn access_log(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListEnvelope<AccessLogResponse>>> {
    let view = s
        .app
        .support_access(&actor, paging.offset()?, paging.per_page())
        .await?;
    let rows = view.log.iter().map(AccessLogResponse::new).collect();
    Ok(ListEnvelope::page(rows, view.log_total, paging))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupportCheckQuery {
    pub user: i64,
    /// `mail`, `drive` or `chat`.
    pub kind: String,
    /// The staff member's e-mail, when the back-end reports an access: an allowed answer
    /// then logs it for the customer (SUP-4).
    pub staff: Option<String>,
    /// What the staff member opens (logged with `staff`).
    pub what: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SupportCheckResponse {
    pub allowed: bool,
    /// RFC 3339: when the grant ends, when allowed.
    pub expires_at: Option<String>,
    pub reason: String,
}

/// For product back-ends with a service token (`access:check`): may support staff see this
/// user's content of this kind now (AUTHZ-5, SUP-3)?
#[utoipa::path(get, path = "/1/support-access/check", tag = "organizations", security(("bearer" = [])),
    params(SupportCheckQuery),
    responses((status = 200, body = Envelope<SupportCheckResponse>), (status = 400, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn check(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<SupportCheckQuery>,
) -> ApiResult<Json<Envelope<SupportCheckResponse>>> {
    let c = s
        .app
        .check_support_access(&actor, q.user, &q.kind, q.staff.as_deref(), q.what.as_deref())
        .await?;
    Ok(Envelope::ok(SupportCheckResponse {
        allowed: c.allowed,
        expires_at: c.expires_at.map(rfc3339),
        reason: c.reason,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PremiumSupportResponse {
    /// Whether the organization holds an active premium-support product.
    pub held: bool,
    /// `XXXX-XXXX`, to give on the priority line (SUP-2); `null` without premium support.
    pub vip_code: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// When the priority line answers.
    pub hours: Option<String>,
    /// RFC 3339: the end of the current premium-support period.
    pub until: Option<String>,
}

/// The organization's premium support (SUP-2): its VIP code and the priority line's contact
/// details while it holds the product (the code is made on the first call).
#[utoipa::path(get, path = "/1/organizations/{org}/premium-support", tag = "support", security(("bearer" = [])),
    params(("org" = i64, Path)), responses((status = 200, body = Envelope<PremiumSupportResponse>)))]
pub async fn premium_support(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<Envelope<PremiumSupportResponse>>> {
    let p = s.app.premium_support(&actor, OrgId(org)).await?;
    let contact = p.contact;
    Ok(Envelope::ok(PremiumSupportResponse {
        held: p.product.is_some(),
        vip_code: p.vip_code,
        phone: contact.as_ref().map(|c| c.phone.clone()),
        email: contact.as_ref().map(|c| c.email.clone()),
        hours: contact.map(|c| c.hours),
        until: p.product.map(|pr| rfc3339(pr.expires_at)),
    }))
}
