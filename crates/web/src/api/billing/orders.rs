//! Orders (PRD-2): creating, listing, cancelling and paying them (BIL-4..BIL-10).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::billing::orders::{ItemRequest, Order};
use kontor_app::model::{ItemRow, OrderRow};
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::billing::payments::{PayBody, PaymentResponse};
use crate::api::money::Money;
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, Caller, Envelope, IdempotencyKey, ListEnvelope, Paging, created,
};

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
    /// The organization whose order it is, where it is paid and its invoice lives: a partner
    /// that pays for its client's products orders in its own organization (PAR-7).
    pub organization_id: i64,
    /// PAR-7: the client whose organization the products are in, when a partner pays.
    pub client_organization_id: Option<i64>,
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
            status: row.status.to_string(),
            organization_id: row.organization_id,
            client_organization_id: row.client_id,
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
    /// REN-5: renew it at expiry and bill it on an open invoice if it is unpaid then (not for
    /// NAS products). Default false; it can be changed later on the product.
    pub renewal_warranty: Option<bool>,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrder {
    pub items: Vec<OrderItemRequest>,
    /// One of the organization's billing addresses (BIL-7); by default its default billing
    /// address, else the organization's address. Its invoice carries it.
    pub billing_address_id: Option<i64>,
}

/// Order products: a pending order priced with degressive tiers (PRD-2, PRC-2). Accepts an
/// `Idempotency-Key`.
#[utoipa::path(post, path = "/1/organizations/{org}/orders", tag = "orders", security(("bearer" = [])),
    params(("org" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = CreateOrder,
    responses((status = 201, body = Envelope<OrderResponse>), (status = 400, body = ErrorEnvelope), (status = 409, description = "idempotency_key_reused, idempotency_key_in_use", body = ErrorEnvelope)))]
pub async fn create_order(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<CreateOrder>,
) -> ApiResult<Response> {
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
                renewal_warranty: i.renewal_warranty.unwrap_or(false),
            }
        })
        .collect();
    let order = s
        .app
        .create_order(&actor, OrgId(org), &items, r.billing_address_id, idem.as_ref())
        .await?;
    Ok(created(OrderResponse::from(order)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
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
            paging.offset()?,
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
