//! Billing-message settings (REN-7).

use axum::Json;
use axum::extract::State;
use kontor_app::model::BillingSettingsRow;
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, Caller, Envelope};

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BillingSettingsBody {
    /// REN-7: expiry notices before products expire.
    pub expiry_notices: bool,
    /// An e-mail for each invoice issued.
    pub invoices: bool,
}

#[derive(Serialize, ToSchema)]
pub struct BillingSettingsResponse {
    pub expiry_notices: bool,
    pub invoices: bool,
    /// Who receives billing messages: members with the billing right (legal representatives
    /// always) who chose the billing contact preference. Reminders and failed automatic
    /// renewals always go to them.
    pub recipients: Vec<String>,
}

/// Which billing messages the organization receives, and who receives them (REN-7).
#[utoipa::path(get, path = "/1/organizations/{org}/billing-settings", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path)), responses((status = 200, body = Envelope<BillingSettingsResponse>)))]
pub async fn get_billing_settings(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<Envelope<BillingSettingsResponse>>> {
    let (settings, recipients) = s.app.billing_settings(&actor, OrgId(org)).await?;
    Ok(Envelope::ok(BillingSettingsResponse {
        expiry_notices: settings.expiry_notices,
        invoices: settings.invoices,
        recipients,
    }))
}

/// Switch billing messages on or off (REN-7).
#[utoipa::path(put, path = "/1/organizations/{org}/billing-settings", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = BillingSettingsBody,
    responses((status = 200, body = Envelope<BillingSettingsResponse>)))]
pub async fn put_billing_settings(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<BillingSettingsBody>,
) -> ApiResult<Json<Envelope<BillingSettingsResponse>>> {
    let row = BillingSettingsRow {
        expiry_notices: r.expiry_notices,
        invoices: r.invoices,
    };
    s.app.put_billing_settings(&actor, OrgId(org), row).await?;
    get_billing_settings(State(s), Caller(actor), ApiPath(org)).await
}
