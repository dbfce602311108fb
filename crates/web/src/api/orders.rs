//! The catalogue (PRD-1) and orders (PRD-2), and paying them (BIL-4..BIL-10).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::AppError;
use kontor_app::catalog::{Catalog, PlanView};
use kontor_app::model::{ItemRow, OrderRow, PaymentRow};
use kontor_app::orders::{ItemRequest, Order};
use kontor_app::payments::PayRequest;
use kontor_domain::OrgId;
use kontor_domain::money::{format_minor, parse_minor};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rfc3339;
use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, Caller, Envelope, IdempotencyKey, ListEnvelope, Paging, created,
};

/// An amount: `{"amount":"208.32","currency":"CHF"}`.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Money {
    pub amount: String,
    pub currency: String,
}

impl Money {
    pub fn new(minor: i64, currency: &str) -> Money {
        Money {
            amount: format_minor(minor),
            currency: currency.to_owned(),
        }
    }
}

/// Parses a decimal amount field.
pub fn amount_field(field: &str, s: &str) -> Result<i64, ApiError> {
    parse_minor(s).map_err(|_| ApiError(AppError::field(field, "invalid_amount")))
}

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

#[derive(Serialize, ToSchema)]
pub struct OrderItemResponse {
    pub id: i64,
    /// `new` or `upgrade`.
    pub kind: String,
    pub product_id: Option<i64>,
    #[serde(rename = "type")]
    pub product_type: String,
    pub plan: String,
    pub name: String,
    pub period_months: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seats: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    pub list_price: Money,
    /// Partner discount, then degressive tier (PRC-3), in percent.
    pub partner_discount_percent: String,
    pub discount_percent: String,
    pub unit_price: Money,
    /// Upgrades: the days left of the period the difference is charged for (PRC-5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prorated_days: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OrderResponse {
    pub id: i64,
    /// `pending`, `paid` or `cancelled`.
    pub status: String,
    pub items: Vec<OrderItemResponse>,
    pub subtotal: Money,
    pub vat_rate_percent: String,
    pub vat: Money,
    pub total: Money,
    pub reverse_charge: bool,
    /// The payment reference its invoice will carry (BIL-2, BIL-9).
    pub reference: Option<String>,
    pub created_at: String,
    pub paid_at: Option<String>,
    pub cancelled_at: Option<String>,
}

fn item_response(i: &ItemRow, currency: &str) -> OrderItemResponse {
    let pct = |bp: i64| kontor_domain::Percent(bp).to_decimal();
    let suite = i.product_type == "workspace_suite";
    OrderItemResponse {
        id: i.id,
        kind: i.kind.clone(),
        product_id: i.product_id,
        product_type: i.product_type.clone(),
        plan: i.plan_code.clone(),
        name: i.name.clone(),
        period_months: i.period_months,
        seats: suite.then_some(i.seats),
        storage: suite.then(|| i.storage_code.clone()),
        list_price: Money::new(i.list_minor, currency),
        partner_discount_percent: pct(i.partner_bp),
        discount_percent: pct(i.degressive_bp),
        unit_price: Money::new(i.unit_minor, currency),
        prorated_days: (i.kind == "upgrade").then(|| format!("{}/{}", i.days_left, i.period_days)),
    }
}

impl OrderResponse {
    pub fn of(row: &OrderRow, items: &[ItemRow]) -> OrderResponse {
        let c = row.currency.as_str();
        OrderResponse {
            id: row.id,
            status: row.status.clone(),
            items: items.iter().map(|i| item_response(i, c)).collect(),
            subtotal: Money::new(row.subtotal_minor, c),
            vat_rate_percent: kontor_domain::Percent(row.vat_rate_bp).to_decimal(),
            vat: Money::new(row.vat_minor, c),
            total: Money::new(row.total_minor, c),
            reverse_charge: row.reverse_charge,
            reference: row.reference.clone(),
            created_at: rfc3339(row.created_at),
            paid_at: row.paid_at.map(rfc3339),
            cancelled_at: row.cancelled_at.map(rfc3339),
        }
    }
}

impl From<Order> for OrderResponse {
    fn from(o: Order) -> Self {
        OrderResponse::of(&o.row, &o.items)
    }
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ItemOptions {
    /// Workspace suites: seats (default 1).
    pub seats: Option<i64>,
    /// Workspace suites: storage tier code (default the smallest).
    pub storage: Option<String>,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderItemRequest {
    pub plan: String,
    pub period_months: i64,
    /// The product's name: the domain name, the site or service name (PRD-7).
    pub name: String,
    pub options: Option<ItemOptions>,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrder {
    pub items: Vec<OrderItemRequest>,
    /// Billing addresses arrive with the billing-addresses feature; the organization's address
    /// is used meanwhile.
    pub billing_address_id: Option<i64>,
}

/// Order products: a pending order priced with degressive tiers (PRD-2, PRC-2). Accepts an
/// `Idempotency-Key`.
#[utoipa::path(post, path = "/1/organizations/{org}/orders", tag = "orders", security(("bearer" = [])),
    params(("org" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = CreateOrder,
    responses((status = 201, body = Envelope<OrderResponse>), (status = 400, body = ErrorEnvelope), (status = 409, description = "idempotency_key_reused", body = ErrorEnvelope)))]
pub async fn create_order(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<CreateOrder>,
) -> ApiResult<Response> {
    if r.billing_address_id.is_some() {
        return Err(ApiError(AppError::field("billing_address_id", "unknown")));
    }
    let idem = key.with(&format!("/orders/{org}"), &r)?;
    let items: Vec<ItemRequest> = r
        .items
        .into_iter()
        .map(|i| {
            let o = i.options.unwrap_or_default();
            ItemRequest {
                plan: i.plan,
                period_months: i.period_months,
                name: i.name,
                seats: o.seats,
                storage: o.storage,
            }
        })
        .collect();
    let order = s
        .app
        .create_order(&actor, OrgId(org), &items, idem.as_ref())
        .await?;
    Ok(created(OrderResponse::from(order)))
}

#[derive(Deserialize, IntoParams)]
pub struct OrderQuery {
    /// `pending`, `paid` or `cancelled`.
    pub status: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The organization's orders, newest first.
#[utoipa::path(get, path = "/1/organizations/{org}/orders", tag = "orders", security(("bearer" = [])),
    params(("org" = i64, Path), OrderQuery),
    responses((status = 200, body = ListEnvelope<OrderResponse>), (status = 403, body = ErrorEnvelope)))]
pub async fn list_orders(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiQuery(q): ApiQuery<OrderQuery>,
) -> ApiResult<Json<ListEnvelope<OrderResponse>>> {
    let paging = Paging {
        page: q.page,
        per_page: q.per_page,
    };
    let (rows, total) = s
        .app
        .list_orders(
            &actor,
            OrgId(org),
            q.status.as_deref(),
            (paging.page() - 1) * paging.per_page(),
            paging.per_page(),
        )
        .await?;
    Ok(ListEnvelope::page(
        rows.iter().map(|r| OrderResponse::of(r, &[])).collect(),
        total,
        paging,
    ))
}

/// One order with its items.
#[utoipa::path(get, path = "/1/organizations/{org}/orders/{id}", tag = "orders", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<OrderResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_order(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<OrderResponse>>> {
    Ok(Envelope::ok(
        s.app.get_order(&actor, OrgId(org), id).await?.into(),
    ))
}

/// Cancel a pending order; its pending products are removed (PRD-2).
#[utoipa::path(post, path = "/1/organizations/{org}/orders/{id}/cancel", tag = "orders", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<OrderResponse>), (status = 409, description = "order_not_pending", body = ErrorEnvelope)))]
pub async fn cancel_order(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<OrderResponse>>> {
    Ok(Envelope::ok(
        s.app.cancel_order(&actor, OrgId(org), id).await?.into(),
    ))
}

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
    /// `order` or `top_up`.
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
}

impl PaymentResponse {
    /// The answer for `p`, with where to approve it or what to pay it with when pending.
    pub fn of(app: &kontor_app::App, p: PaymentRow) -> PaymentResponse {
        let redirect_url = app.redirect_url(&p);
        // A pending transfer is paid with its pro-forma (or the open invoice's own PDF).
        let org = p.organization_id;
        let document_url = match (
            p.status == "pending" && p.means == "bank_transfer",
            p.invoice_id,
            p.order_id,
        ) {
            (true, Some(i), _) if p.purpose == "invoice" => {
                Some(format!("/1/organizations/{org}/invoices/{i}/pdf"))
            }
            (true, _, Some(o)) => Some(format!("/1/organizations/{org}/orders/{o}/proforma")),
            _ => None,
        };
        PaymentResponse {
            redirect_url,
            document_url,
            ..PaymentResponse::from(p)
        }
    }
}

impl From<PaymentRow> for PaymentResponse {
    fn from(p: PaymentRow) -> Self {
        let c = p.currency.as_str();
        PaymentResponse {
            id: p.id,
            status: p.status.clone(),
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
        }
    }
}

/// Pay a pending order: prepaid account, card, or both (BIL-4, BIL-6, BIL-8). A succeeded
/// payment activates the products and issues the invoice; a refused card answers the payment
/// with status `failed` and changes nothing else. Accepts an `Idempotency-Key` (BIL-10).
#[utoipa::path(post, path = "/1/organizations/{org}/orders/{id}/pay", tag = "orders", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = PayBody,
    responses((status = 201, body = Envelope<PaymentResponse>), (status = 409, description = "order_not_pending, insufficient_prepaid_balance, idempotency_key_reused, payment_means_unavailable", body = ErrorEnvelope)))]
pub async fn pay_order(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<PayBody>,
) -> ApiResult<Response> {
    let idem = key.with(&format!("/orders/{org}/{id}/pay"), &r)?;
    let p = s
        .app
        .pay_order(&actor, OrgId(org), id, &r.request()?, idem.as_ref())
        .await?;
    Ok(created(PaymentResponse::of(&s.app, p)))
}
