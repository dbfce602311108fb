//! Hosting sites (PRD-10): settings, environment, databases.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::model::SiteRow;
use kontor_app::products::sites::Site;
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, ListEnvelope, created};

#[derive(Serialize, ToSchema)]
pub struct DatabaseResponse {
    /// `database` or `user`.
    pub kind: String,
    /// With the server prefix (`wxyz_mydb`).
    pub full_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct RenameResponse {
    pub kind: String,
    pub before: String,
    pub after: String,
}

#[derive(Serialize, ToSchema)]
pub struct SiteResponse {
    pub id: i64,
    pub name: String,
    pub mysql_prefix: bool,
    pub server_prefix: String,
    /// Name → value.
    pub env: BTreeMap<String, String>,
    pub databases: Vec<DatabaseResponse>,
    /// After turning the MySQL prefix off: the names to write in full now (PRD-10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Vec<RenameResponse>>,
    pub created_at: String,
}

impl From<Site> for SiteResponse {
    fn from(s: Site) -> Self {
        SiteResponse {
            id: s.row.id,
            name: s.row.name,
            mysql_prefix: s.row.mysql_prefix,
            server_prefix: s.server_prefix,
            env: s.env.into_iter().collect(),
            databases: s
                .databases
                .into_iter()
                .map(|d| DatabaseResponse {
                    kind: d.kind,
                    full_name: d.full_name,
                })
                .collect(),
            renamed: None,
            created_at: rfc3339(s.row.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SiteSummary {
    pub id: i64,
    pub name: String,
    pub mysql_prefix: bool,
    pub created_at: String,
}

impl From<SiteRow> for SiteSummary {
    fn from(s: SiteRow) -> Self {
        SiteSummary {
            id: s.id,
            name: s.name,
            mysql_prefix: s.mysql_prefix,
            created_at: rfc3339(s.created_at),
        }
    }
}

/// The sites of a web hosting.
#[utoipa::path(get, path = "/1/organizations/{org}/products/{id}/sites", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = ListEnvelope<SiteSummary>), (status = 404, body = ErrorEnvelope)))]
pub async fn list_sites(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<ListEnvelope<SiteSummary>>> {
    let rows = s.app.list_sites(&actor, OrgId(org), id).await?;
    Ok(ListEnvelope::all(rows.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSite {
    /// The site's host name.
    pub name: String,
    /// Imported from the legacy platform: the MySQL prefix starts on.
    pub imported: Option<bool>,
}

/// Add a site to a web hosting.
#[utoipa::path(post, path = "/1/organizations/{org}/products/{id}/sites", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = CreateSite,
    responses((status = 201, body = Envelope<SiteResponse>), (status = 409, description = "product_not_active, name_taken", body = ErrorEnvelope)))]
pub async fn create_site(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<CreateSite>,
) -> ApiResult<Response> {
    let site = s
        .app
        .create_site(&actor, OrgId(org), id, &r.name, r.imported.unwrap_or(false))
        .await?;
    Ok(created(SiteResponse::from(site)))
}

/// One site with its settings (PRD-10).
#[utoipa::path(get, path = "/1/organizations/{org}/products/{id}/sites/{site}", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("site" = i64, Path)),
    responses((status = 200, body = Envelope<SiteResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_site(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id, site)): ApiPath<(i64, i64, i64)>,
) -> ApiResult<Json<Envelope<SiteResponse>>> {
    Ok(Envelope::ok(
        s.app.get_site(&actor, OrgId(org), id, site).await?.into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SitePatch {
    pub mysql_prefix: Option<bool>,
}

/// Switch the MySQL prefix; turning it off answers `renamed`, the before → after list.
#[utoipa::path(patch, path = "/1/organizations/{org}/products/{id}/sites/{site}", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("site" = i64, Path)), request_body = SitePatch,
    responses((status = 200, body = Envelope<SiteResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn update_site(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id, site)): ApiPath<(i64, i64, i64)>,
    ApiJson(r): ApiJson<SitePatch>,
) -> ApiResult<Json<Envelope<SiteResponse>>> {
    let Some(on) = r.mysql_prefix else {
        return Ok(Envelope::ok(
            s.app.get_site(&actor, OrgId(org), id, site).await?.into(),
        ));
    };
    let (site, renames) = s.app.set_mysql_prefix(&actor, OrgId(org), id, site, on).await?;
    let mut out = SiteResponse::from(site);
    out.renamed = Some(
        renames
            .into_iter()
            .map(|r| RenameResponse {
                kind: r.kind,
                before: r.before,
                after: r.after,
            })
            .collect(),
    );
    Ok(Envelope::ok(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvBody {
    /// The whole environment: name → value. Names `[A-Z_][A-Z0-9_]*` (≤ 64), values ≤ 4,096
    /// bytes, at most 100, reserved names refused.
    pub variables: BTreeMap<String, String>,
}

/// Replace the site's environment variables (PRD-10).
#[utoipa::path(put, path = "/1/organizations/{org}/products/{id}/sites/{site}/env", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("site" = i64, Path)), request_body = EnvBody,
    responses((status = 200, body = Envelope<SiteResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn set_env(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id, site)): ApiPath<(i64, i64, i64)>,
    ApiJson(r): ApiJson<EnvBody>,
) -> ApiResult<Json<Envelope<SiteResponse>>> {
    let vars: Vec<(String, String)> = r.variables.into_iter().collect();
    Ok(Envelope::ok(
        s.app.set_env(&actor, OrgId(org), id, site, &vars).await?.into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDatabase {
    /// `database` or `user`.
    pub kind: String,
    /// Short (`mydb`) or full (`wxyz_mydb`); stored in full.
    pub name: String,
}

/// Add a database or database user to the site (stored with the server prefix).
#[utoipa::path(post, path = "/1/organizations/{org}/products/{id}/sites/{site}/databases", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("site" = i64, Path)), request_body = CreateDatabase,
    responses((status = 201, body = Envelope<SiteResponse>), (status = 409, description = "name_taken", body = ErrorEnvelope)))]
pub async fn create_database(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id, site)): ApiPath<(i64, i64, i64)>,
    ApiJson(r): ApiJson<CreateDatabase>,
) -> ApiResult<Response> {
    let site = s
        .app
        .add_database(&actor, OrgId(org), id, site, &r.kind, &r.name)
        .await?;
    Ok(created(SiteResponse::from(site)))
}
