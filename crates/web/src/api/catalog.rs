//! The public catalogue (PRD-1).

use axum::Json;
use axum::extract::State;
use kontor_app::catalog::{Catalog, PlanView};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::money::Money;
use crate::error::ApiResult;
use crate::extract::ListEnvelope;

#[derive(Serialize, ToSchema)]
pub struct PriceResponse {
    pub period_months: i64,
    pub amounts: Vec<Money>,
}

#[derive(Serialize, ToSchema)]
pub struct PlanResponse {
    pub code: String,
    pub name: String,
    pub description: String,
    /// Workspace suites: the price is per seat.
    pub per_seat: bool,
    pub storage_gb: i64,
    pub tier: i64,
    /// Excluding VAT (PRC-4).
    pub prices: Vec<PriceResponse>,
}

impl From<&PlanView> for PlanResponse {
    fn from(p: &PlanView) -> Self {
        PlanResponse {
            code: p.plan.code.clone(),
            name: p.plan.name.clone(),
            description: p.plan.description.clone(),
            per_seat: p.plan.per_seat,
            storage_gb: p.plan.storage_gb,
            tier: p.plan.tier,
            prices: p
                .prices
                .iter()
                .map(|(period, by)| PriceResponse {
                    period_months: *period,
                    amounts: by.iter().map(|(c, m)| Money::new(*m, c)).collect(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProductTypeResponse {
    #[serde(rename = "type")]
    pub code: String,
    pub name: String,
    pub description: String,
    pub plans: Vec<PlanResponse>,
    /// Workspace suites: the storage tiers to choose from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub storage: Vec<PlanResponse>,
}

pub fn catalog_response(cat: &Catalog) -> Vec<ProductTypeResponse> {
    cat.types
        .iter()
        .map(|t| ProductTypeResponse {
            code: t.row.code.clone(),
            name: t.row.name.clone(),
            description: t.row.description.clone(),
            plans: t.plans.iter().map(Into::into).collect(),
            storage: t.storage.iter().map(Into::into).collect(),
        })
        .collect()
}

/// The catalogue: product types, plans and prices excluding VAT (PRD-1). Public.
#[utoipa::path(get, path = "/1/catalog", tag = "catalogue",
    responses((status = 200, body = ListEnvelope<ProductTypeResponse>)))]
pub async fn get_catalog(State(s): State<AppState>) -> ApiResult<Json<ListEnvelope<ProductTypeResponse>>> {
    let cat = s.app.catalog().await?;
    Ok(ListEnvelope::all(catalog_response(&cat)))
}
