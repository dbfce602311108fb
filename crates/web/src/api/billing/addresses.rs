//! Billing addresses (BIL-7).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::billing::addresses::AddressInput;
use kontor_app::model::AddressRow;
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, created, no_content};

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressBody {
    pub name: String,
    pub street: String,
    pub building_number: Option<String>,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166 alpha-2.
    pub country: String,
    pub vat_number: Option<String>,
    /// Where invoices for this address may also be sent.
    pub email: Option<String>,
    /// Make it the default (the first address always is).
    pub is_default: Option<bool>,
}

impl AddressBody {
    fn input(&self) -> AddressInput {
        AddressInput {
            name: self.name.clone(),
            street: self.street.clone(),
            building_number: self.building_number.clone().unwrap_or_default(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            vat_number: self.vat_number.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            is_default: self.is_default.unwrap_or(false),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AddressResponse {
    pub id: i64,
    pub name: String,
    pub street: String,
    pub building_number: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: String,
    pub email: String,
    pub is_default: bool,
}

impl From<AddressRow> for AddressResponse {
    fn from(a: AddressRow) -> Self {
        AddressResponse {
            id: a.id,
            name: a.name,
            street: a.street,
            building_number: a.building_number,
            postal_code: a.postal_code,
            city: a.city,
            country: a.country,
            vat_number: a.vat_number,
            email: a.email,
            is_default: a.is_default,
        }
    }
}

/// The organization's billing addresses, the default first (BIL-7).
#[utoipa::path(get, path = "/1/organizations/{org}/billing-addresses", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path)), responses((status = 200, body = Envelope<Vec<AddressResponse>>)))]
pub async fn list_addresses(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<Envelope<Vec<AddressResponse>>>> {
    let rows = s.app.list_addresses(&actor, OrgId(org)).await?;
    Ok(Envelope::ok(rows.into_iter().map(Into::into).collect()))
}

/// Add a billing address (BIL-7).
#[utoipa::path(post, path = "/1/organizations/{org}/billing-addresses", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = AddressBody,
    responses((status = 201, body = Envelope<AddressResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn add_address(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<AddressBody>,
) -> ApiResult<Response> {
    let a = s.app.add_address(&actor, OrgId(org), &r.input()).await?;
    Ok(created(AddressResponse::from(a)))
}

/// Change a billing address; `is_default: true` makes it the default.
#[utoipa::path(patch, path = "/1/organizations/{org}/billing-addresses/{id}", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = AddressBody,
    responses((status = 200, body = Envelope<AddressResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn update_address(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<AddressBody>,
) -> ApiResult<Json<Envelope<AddressResponse>>> {
    let a = s.app.update_address(&actor, OrgId(org), id, &r.input()).await?;
    Ok(Envelope::ok(a.into()))
}

/// Remove a billing address; issued invoices keep the copy they were made out to.
#[utoipa::path(delete, path = "/1/organizations/{org}/billing-addresses/{id}", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope)))]
pub async fn delete_address(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    s.app.delete_address(&actor, OrgId(org), id).await?;
    Ok(no_content())
}
