//! Organizations of the signed-in user, one organization's data, and its audit log
//! (ACC-9, ORG-2, ORG-9, OPS-5).

pub mod invitations;
pub mod members;
pub mod workgroups;

use axum::Json;
use axum::extract::State;
use kontor_app::model::{AuditFilter, AuditRow};
use kontor_app::model::{MyOrgRow, OrgRow};
use kontor_app::orgs::{OrgChanges, OrgView};
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use time::{Date, Time};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::rfc3339;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery, Caller, Envelope, ListEnvelope, Paging};

#[derive(Serialize, ToSchema)]
pub struct MyOrganization {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub currency: String,
    /// `legal_representative`, `administrator` or `user`.
    pub role: String,
    /// Whether I have the billing right.
    pub billing: bool,
}

impl From<MyOrgRow> for MyOrganization {
    fn from(o: MyOrgRow) -> Self {
        MyOrganization {
            id: o.id,
            name: o.name,
            kind: o.kind,
            currency: o.currency,
            role: o.role,
            billing: o.billing,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationResponse {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub street: String,
    pub building_number: String,
    pub postal_code: String,
    pub city: String,
    pub registry_id: Option<String>,
    pub vat_number: Option<String>,
    pub currency: String,
    pub created_at: String,
    /// My role in it.
    pub role: String,
    pub billing: bool,
}

impl OrganizationResponse {
    pub fn new(o: &OrgRow, role: &str, billing: bool) -> OrganizationResponse {
        OrganizationResponse {
            id: o.id,
            name: o.name.clone(),
            kind: o.kind.clone(),
            country: o.country.clone(),
            street: o.street.clone(),
            building_number: o.building_number.clone(),
            postal_code: o.postal_code.clone(),
            city: o.city.clone(),
            registry_id: o.registry_id.clone(),
            vat_number: o.vat_number.clone(),
            currency: o.currency.clone(),
            created_at: rfc3339(o.created_at),
            role: role.to_owned(),
            billing,
        }
    }

    fn of(v: &OrgView) -> OrganizationResponse {
        OrganizationResponse::new(&v.org, &v.membership.role, v.membership.billing)
    }
}

/// The organizations I belong to, with my role (ACC-9).
#[utoipa::path(get, path = "/1/organizations", tag = "organizations", security(("bearer" = [])),
    responses((status = 200, body = ListEnvelope<MyOrganization>), (status = 401, body = ErrorEnvelope)))]
pub async fn list_organizations(
    State(s): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<ListEnvelope<MyOrganization>>> {
    let rows = s.app.list_organizations(&actor).await?;
    Ok(ListEnvelope::all(rows.into_iter().map(Into::into).collect()))
}

/// One organization's data (ORG-9). Another organization answers 404 (AUTHZ-2).
#[utoipa::path(get, path = "/1/organizations/{org}", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 200, body = Envelope<OrganizationResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_organization(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<Envelope<OrganizationResponse>>> {
    let view = s.app.get_organization(&actor, OrgId(org)).await?;
    Ok(Envelope::ok(OrganizationResponse::of(&view)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationPatch {
    /// Legal data (name, kind, country, registry id, VAT number) needs a legal representative.
    pub name: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub street: Option<String>,
    /// Apart from the street, as the QR-bill's structured address has it (16 characters).
    pub building_number: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub registry_id: Option<String>,
    pub vat_number: Option<String>,
}

/// Change the organization's data: administrators the address, legal representatives
/// everything (ORG-1, ORG-2).
#[utoipa::path(patch, path = "/1/organizations/{org}", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = OrganizationPatch,
    responses((status = 200, body = Envelope<OrganizationResponse>), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn update_organization(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<OrganizationPatch>,
) -> ApiResult<Json<Envelope<OrganizationResponse>>> {
    let changes = OrgChanges {
        name: r.name,
        kind: r.kind,
        country: r.country,
        street: r.street,
        building_number: r.building_number,
        postal_code: r.postal_code,
        city: r.city,
        registry_id: r.registry_id,
        vat_number: r.vat_number,
    };
    let view = s.app.update_organization(&actor, OrgId(org), changes).await?;
    Ok(Envelope::ok(OrganizationResponse::of(&view)))
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// `user`, `token`, `staff`, `system` or `anonymous`.
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i64>,
    pub details: String,
    pub ip: String,
    pub request_id: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        AuditEntry {
            id: r.id,
            at: rfc3339(r.at),
            actor_kind: r.actor_kind,
            actor_id: r.actor_id,
            actor_label: r.actor_label,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            details: r.details,
            ip: r.ip,
            request_id: r.request_id,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
    /// Actions starting with this text, e.g. `organization.`.
    pub action: Option<String>,
    /// The acting user's id.
    pub actor: Option<i64>,
    /// From this date (inclusive, `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Until this date (inclusive, `YYYY-MM-DD`).
    pub until: Option<String>,
}

fn parse_date(field: &str, s: &str) -> Result<Date, ApiError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format).map_err(|_| ApiError(kontor_app::AppError::field(field, "invalid_date")))
}

impl AuditQuery {
    pub fn filter(&self) -> Result<AuditFilter, ApiError> {
        let since = self
            .since
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| parse_date("since", s))
            .transpose()?;
        let until = self
            .until
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| parse_date("until", s))
            .transpose()?;
        Ok(AuditFilter {
            action_prefix: self.action.clone().filter(|a| !a.is_empty()),
            actor_id: self.actor,
            since: since.map(|d| d.midnight().assume_utc().unix_timestamp()),
            until: until.map(|d| d.with_time(Time::MAX).assume_utc().unix_timestamp()),
        })
    }

    pub fn paging(&self) -> Paging {
        Paging {
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// The organization's audit log, newest first (OPS-5): legal representatives and
/// administrators.
#[utoipa::path(get, path = "/1/organizations/{org}/audit", tag = "organizations", security(("bearer" = [])),
    params(("org" = i64, Path), AuditQuery),
    responses((status = 200, body = ListEnvelope<AuditEntry>), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn list_audit(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<ListEnvelope<AuditEntry>>> {
    let filter = q.filter()?;
    let paging = q.paging();
    let (rows, total) = s
        .app
        .list_audit(&actor, OrgId(org), &filter, paging.page(), paging.per_page())
        .await?;
    Ok(ListEnvelope::page(
        rows.into_iter().map(Into::into).collect(),
        total,
        paging,
    ))
}
