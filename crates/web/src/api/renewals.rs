//! Renewals (REN-1, BIL-5), paying open invoices (DUN-3), pro-formas (BIL-2), billing
//! addresses (BIL-7) and billing-message settings (REN-7).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::addresses::AddressInput;
use kontor_app::model::{AddressRow, BillingSettingsRow};
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::orders::{OrderResponse, PayBody, PaymentResponse};
use crate::AppState;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, IdempotencyKey, created, no_content};

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewBody {
    /// The products to renew, each for its own period from its current expiry (REN-1).
    pub product_ids: Vec<i64>,
    /// The billing address the invoice is made out to (BIL-7) [default: the default one].
    pub billing_address_id: Option<i64>,
    /// How to pay, as when paying an order.
    pub means: String,
    pub card_token: Option<String>,
    pub payment_method_id: Option<i64>,
    pub save: Option<bool>,
    pub prepaid_amount: Option<String>,
    pub auto_renew: Option<bool>,
}

impl RenewBody {
    fn pay(&self) -> PayBody {
        PayBody {
            means: self.means.clone(),
            card_token: self.card_token.clone(),
            payment_method_id: self.payment_method_id,
            save: self.save,
            prepaid_amount: self.prepaid_amount.clone(),
            auto_renew: self.auto_renew,
        }
    }
}

/// Renew a selection of products and pay it in one payment (BIL-5). Each product renews for
/// its period from its current expiry (REN-1); a suspended one is active again (REN-6).
/// Accepts an `Idempotency-Key` (BIL-10).
#[utoipa::path(post, path = "/1/organizations/{org}/renewals", tag = "renewals", security(("bearer" = [])),
    params(("org" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = RenewBody,
    responses((status = 201, body = Envelope<PaymentResponse>), (status = 400, description = "validation_failed: product_ids[i] unknown, duplicate, not_renewable, plan_not_offered", body = ErrorEnvelope),
        (status = 403, description = "billing_right_required", body = ErrorEnvelope)))]
pub async fn renew(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<RenewBody>,
) -> ApiResult<Response> {
    let idem = key.with(&format!("/organizations/{org}/renewals"), &r)?;
    let p = s
        .app
        .renew_products(
            &actor,
            OrgId(org),
            &r.product_ids,
            r.billing_address_id,
            &r.pay().request()?,
            idem.as_ref(),
        )
        .await?;
    Ok(created(PaymentResponse::of(&s.app, p)))
}

/// Pay an open invoice (a renewal billed under warranty). Its reminders stop and the products
/// it bills that were suspended for it are active again at once (DUN-3).
#[utoipa::path(post, path = "/1/organizations/{org}/invoices/{id}/pay", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = PayBody,
    responses((status = 201, body = Envelope<PaymentResponse>), (status = 409, description = "invoice_not_open, insufficient_prepaid_balance, idempotency_key_reused", body = ErrorEnvelope)))]
pub async fn pay_invoice(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<PayBody>,
) -> ApiResult<Response> {
    let idem = key.with(&format!("/organizations/{org}/invoices/{id}/pay"), &r)?;
    let p = s
        .app
        .pay_invoice(&actor, OrgId(org), id, &r.request()?, idem.as_ref())
        .await?;
    Ok(created(PaymentResponse::of(&s.app, p)))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProformaBody {
    /// The products whose renewal the pro-forma quotes.
    pub product_ids: Vec<i64>,
    pub billing_address_id: Option<i64>,
}

/// A pro-forma for renewing a selection (BIL-2): a pending renewal order whose payment
/// reference its invoice will carry, to pay by bank transfer. Pending orders are their own
/// pro-formas. Accepts an `Idempotency-Key`.
#[utoipa::path(post, path = "/1/organizations/{org}/proformas", tag = "renewals", security(("bearer" = [])),
    params(("org" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = ProformaBody,
    responses((status = 201, body = Envelope<OrderResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn create_proforma(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<ProformaBody>,
) -> ApiResult<Response> {
    let idem = key.with(&format!("/organizations/{org}/proformas"), &r)?;
    let o = s
        .app
        .create_renewal_order(
            &actor,
            OrgId(org),
            &r.product_ids,
            r.billing_address_id,
            idem.as_ref(),
        )
        .await?;
    Ok(created(OrderResponse::of(&o.row, &o.items)))
}

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
