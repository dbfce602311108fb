//! Workgroups (GRP-1 to GRP-4).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::model::WorkgroupRow;
use kontor_app::orgs::workgroups::{Workgroup, WorkgroupChanges};
use kontor_domain::OrgId;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, ListEnvelope, created, no_content};

#[derive(Serialize, ToSchema)]
pub struct WorkgroupResponse {
    pub id: i64,
    pub name: String,
    /// The contact person (GRP-1), a member of the group.
    pub leader: Option<i64>,
    pub member_count: i64,
    pub product_count: i64,
    /// In the single-group answers.
    pub members: Vec<i64>,
    pub products: Vec<i64>,
}

impl From<WorkgroupRow> for WorkgroupResponse {
    fn from(w: WorkgroupRow) -> Self {
        WorkgroupResponse {
            id: w.id,
            name: w.name,
            leader: w.leader_user_id,
            member_count: w.member_count,
            product_count: w.product_count,
            members: vec![],
            products: vec![],
        }
    }
}

impl From<Workgroup> for WorkgroupResponse {
    fn from(w: Workgroup) -> Self {
        WorkgroupResponse {
            members: w.members,
            products: w.products,
            ..w.row.into()
        }
    }
}

/// The organization's workgroups.
#[utoipa::path(get, path = "/1/organizations/{org}/workgroups", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 200, body = ListEnvelope<WorkgroupResponse>), (status = 403, body = ErrorEnvelope)))]
pub async fn list_workgroups(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<ListEnvelope<WorkgroupResponse>>> {
    let rows = s.app.list_workgroups(&actor, OrgId(org)).await?;
    Ok(ListEnvelope::all(rows.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWorkgroup {
    pub name: String,
}

/// Create a workgroup (GRP-4).
#[utoipa::path(post, path = "/1/organizations/{org}/workgroups", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = CreateWorkgroup,
    responses((status = 201, body = Envelope<WorkgroupResponse>), (status = 409, description = "name_taken", body = ErrorEnvelope)))]
pub async fn create_workgroup(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<CreateWorkgroup>,
) -> ApiResult<Response> {
    let g = s.app.create_workgroup(&actor, OrgId(org), &r.name).await?;
    Ok(created(WorkgroupResponse::from(g)))
}

/// One workgroup with its members and products.
#[utoipa::path(get, path = "/1/organizations/{org}/workgroups/{id}", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<WorkgroupResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_workgroup(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<WorkgroupResponse>>> {
    Ok(Envelope::ok(
        s.app.get_workgroup(&actor, OrgId(org), id).await?.into(),
    ))
}

/// `null` and absent differ: `"leader": null` removes the leader.
#[allow(clippy::option_option)] // absent, null and a value are three different requests
fn some_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkgroupPatch {
    pub name: Option<String>,
    /// A member of the group, or `null` for none.
    #[serde(default, deserialize_with = "some_option")]
    #[schema(value_type = Option<i64>)]
    pub leader: Option<Option<i64>>,
}

/// Rename a workgroup or change its leader (GRP-1).
#[utoipa::path(patch, path = "/1/organizations/{org}/workgroups/{id}", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = WorkgroupPatch,
    responses((status = 200, body = Envelope<WorkgroupResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn update_workgroup(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<WorkgroupPatch>,
) -> ApiResult<Json<Envelope<WorkgroupResponse>>> {
    let g = s
        .app
        .update_workgroup(
            &actor,
            OrgId(org),
            id,
            WorkgroupChanges {
                name: r.name,
                leader: r.leader,
            },
        )
        .await?;
    Ok(Envelope::ok(g.into()))
}

/// Delete a workgroup; its members lose the access it gave them (GRP-2).
#[utoipa::path(delete, path = "/1/organizations/{org}/workgroups/{id}", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope)))]
pub async fn delete_workgroup(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    s.app.delete_workgroup(&actor, OrgId(org), id).await?;
    Ok(no_content())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdList {
    pub ids: Vec<i64>,
}

/// Set the members of a workgroup, several at once (GRP-2, GRP-3).
#[utoipa::path(put, path = "/1/organizations/{org}/workgroups/{id}/members", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = IdList,
    responses((status = 200, body = Envelope<WorkgroupResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn set_workgroup_members(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<IdList>,
) -> ApiResult<Json<Envelope<WorkgroupResponse>>> {
    Ok(Envelope::ok(
        s.app
            .set_workgroup_members(&actor, OrgId(org), id, &r.ids)
            .await?
            .into(),
    ))
}

/// Set the products a workgroup's members may act on (GRP-2).
#[utoipa::path(put, path = "/1/organizations/{org}/workgroups/{id}/products", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = IdList,
    responses((status = 200, body = Envelope<WorkgroupResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn set_workgroup_products(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<IdList>,
) -> ApiResult<Json<Envelope<WorkgroupResponse>>> {
    Ok(Envelope::ok(
        s.app
            .set_workgroup_products(&actor, OrgId(org), id, &r.ids)
            .await?
            .into(),
    ))
}
