//! Payments (BIL-4): the pay body shared by orders, invoices, renewals and top-ups, the
//! payment's shape, confirming a redirect payment, and saved payment means.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::billing::payments::PayRequest;
use kontor_app::model::MethodRow;
use kontor_app::model::PaymentRow;
use kontor_domain::{OrgId, PaymentStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::money::{Money, amount_field};
use crate::api::rfc3339;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::no_content;
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, ListEnvelope, created};

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayBody {
    /// `card`, `prepaid`, `postfinance`, `paypal`, `twint` or `bank_transfer`.
    pub means: String,
    /// From the gateway's card form (`POST /sandbox/cards`).
    pub card_token: Option<String>,
    /// A saved card.
    pub payment_method_id: Option<i64>,
    /// Keep the card for later payments and automatic renewal.
    pub save: Option<bool>,
    /// This much from the prepaid account, the rest by `means`.
    pub prepaid_amount: Option<String>,
    /// REN-4: automatic renewal of the paid products (default on when paying by card).
    pub auto_renew: Option<bool>,
}

impl PayBody {
    pub fn request(&self) -> Result<PayRequest, ApiError> {
        Ok(PayRequest {
            means: self.means.clone(),
            card_token: self.card_token.clone(),
            payment_method_id: self.payment_method_id,
            save: self.save.unwrap_or(false),
            prepaid_amount: self
                .prepaid_amount
                .as_deref()
                .map(|a| amount_field("prepaid_amount", a))
                .transpose()?,
            auto_renew: self.auto_renew,
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct CardResponse {
    pub brand: String,
    pub last4: String,
}

#[derive(Serialize, ToSchema)]
pub struct PaymentResponse {
    pub id: i64,
    /// `succeeded`, `failed` or `pending`.
    pub status: String,
    /// `order`, `invoice` or `top_up`.
    pub purpose: String,
    pub means: String,
    pub amount: Money,
    /// Taken from the prepaid account.
    pub prepaid_amount: Money,
    /// Charged to `means`.
    pub means_amount: Money,
    pub order_id: Option<i64>,
    pub invoice_id: Option<i64>,
    pub payment_method_id: Option<i64>,
    pub card: Option<CardResponse>,
    /// Why it failed: `card_declined`, `insufficient_funds`, `expired_card`,
    /// `declined_by_payer`.
    pub failure_code: Option<String>,
    pub created_at: String,
    /// Pending PayPal, TWINT or PostFinance payment: send the payer here to approve, then
    /// confirm (`POST …/payments/{id}/confirm`; the console's return page does it).
    pub redirect_url: Option<String>,
    /// Pending bank transfer: the pro-forma (or invoice) PDF with the reference to pay to.
    pub document_url: Option<String>,
    /// A top-up by bank transfer (BIL-6): the payment reference the transfer must carry.
    pub reference: Option<String>,
    /// A pending top-up by bank transfer: the account to transfer to (QR-IBAN for CHF).
    pub pay_to_iban: Option<String>,
}

impl PaymentResponse {
    /// The answer for `p`, with where to approve it or what to pay it with when pending.
    pub fn of(app: &kontor_app::App, p: PaymentRow) -> PaymentResponse {
        let redirect_url = app.redirect_url(&p);
        // A pending transfer is paid with its pro-forma (or the open invoice's own PDF).
        let org = p.organization_id;
        let document_url = match (
            p.status == PaymentStatus::Pending && p.means == "bank_transfer",
            p.invoice_id,
            p.order_id,
        ) {
            (true, Some(i), _) if p.purpose == "invoice" => {
                Some(format!("/1/organizations/{org}/invoices/{i}/pdf"))
            }
            (true, _, Some(o)) => Some(format!("/1/organizations/{org}/orders/{o}/proforma")),
            _ => None,
        };
        let pay_to_iban = (p.status == PaymentStatus::Pending && p.reference.is_some()).then(|| {
            let creditor = &app.settings.creditor;
            if p.currency == "CHF" {
                creditor.qr_iban.clone()
            } else {
                creditor.iban.clone()
            }
        });
        PaymentResponse {
            redirect_url,
            document_url,
            pay_to_iban,
            ..PaymentResponse::from(p)
        }
    }
}

impl From<PaymentRow> for PaymentResponse {
    fn from(p: PaymentRow) -> Self {
        let c = p.currency.as_str();
        PaymentResponse {
            id: p.id,
            status: p.status.to_string(),
            purpose: p.purpose.clone(),
            means: p.means.clone(),
            amount: Money::new(p.amount_minor, c),
            prepaid_amount: Money::new(p.prepaid_minor, c),
            means_amount: Money::new(p.means_minor, c),
            order_id: p.order_id,
            invoice_id: p.invoice_id,
            payment_method_id: p.payment_method_id,
            card: (!p.card_last4.is_empty()).then(|| CardResponse {
                brand: p.card_brand.clone(),
                last4: p.card_last4.clone(),
            }),
            failure_code: (!p.failure_code.is_empty()).then(|| p.failure_code.clone()),
            created_at: rfc3339(p.created_at),
            redirect_url: None,
            document_url: None,
            reference: p.reference.clone(),
            pay_to_iban: None,
        }
    }
}

/// Confirms a pending PayPal, TWINT or PostFinance payment after the payer came back from the
/// provider's page: approved, the order or invoice is paid; declined, the payment fails;
/// undecided, it stays pending. Confirming again answers the same (BIL-4).
#[utoipa::path(post, path = "/1/organizations/{org}/payments/{id}/confirm", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<PaymentResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn confirm_payment(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<PaymentResponse>>> {
    let p = s.app.confirm_payment(&actor, OrgId(org), id).await?;
    Ok(Envelope::ok(PaymentResponse::of(&s.app, p)))
}

#[derive(Serialize, ToSchema)]
pub struct PaymentMethodResponse {
    pub id: i64,
    /// `card`.
    pub kind: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i64,
    pub exp_year: i64,
    pub created_at: String,
}

impl From<MethodRow> for PaymentMethodResponse {
    fn from(m: MethodRow) -> Self {
        PaymentMethodResponse {
            id: m.id,
            kind: m.kind,
            brand: m.brand,
            last4: m.last4,
            exp_month: m.exp_month,
            exp_year: m.exp_year,
            created_at: rfc3339(m.created_at),
        }
    }
}

/// Saved cards: brand, last 4 digits and expiry only (BIL-4).
#[utoipa::path(get, path = "/1/organizations/{org}/payment-methods", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 200, body = ListEnvelope<PaymentMethodResponse>), (status = 403, body = ErrorEnvelope)))]
pub async fn list_payment_methods(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<ListEnvelope<PaymentMethodResponse>>> {
    let rows = s.app.list_payment_methods(&actor, OrgId(org)).await?;
    Ok(ListEnvelope::all(rows.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddPaymentMethod {
    /// From the gateway's card form (`POST /sandbox/cards`).
    pub card_token: String,
}

/// Save a card tokenized by the gateway.
#[utoipa::path(post, path = "/1/organizations/{org}/payment-methods", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = AddPaymentMethod,
    responses((status = 201, body = Envelope<PaymentMethodResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn add_payment_method(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<AddPaymentMethod>,
) -> ApiResult<Response> {
    let m = s
        .app
        .add_payment_method(&actor, OrgId(org), &r.card_token)
        .await?;
    Ok(created(PaymentMethodResponse::from(m)))
}

/// Forget a saved card.
#[utoipa::path(delete, path = "/1/organizations/{org}/payment-methods/{id}", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope)))]
pub async fn delete_payment_method(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    s.app.delete_payment_method(&actor, OrgId(org), id).await?;
    Ok(no_content())
}
