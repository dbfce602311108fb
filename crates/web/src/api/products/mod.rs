//! Products (PRD-3..PRD-8): lists with filters and keyset paging, settings, move, bulk
//! actions, ending.

pub mod mailboxes;
pub mod sites;
pub mod suite;

use axum::Json;
use axum::extract::State;
use kontor_app::AppError;
use kontor_app::billing::selection::Paying;
use kontor_app::model::{ProductFilter, ProductOrder, ProductRow};
use kontor_app::products::{BulkOutcome, ProductChanges};
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::billing::payments::PayBody;
use crate::api::rfc3339;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery, Caller, Envelope, IdempotencyKey, ListEnvelope, Paging};

#[derive(Serialize, ToSchema)]
pub struct ProductResponse {
    pub id: i64,
    #[serde(rename = "type")]
    pub product_type: String,
    pub name: String,
    /// `pending`, `active`, `suspended` or `terminated`.
    pub status: String,
    pub plan: String,
    pub period_months: i64,
    pub expires_at: Option<String>,
    pub activated_at: Option<String>,
    pub auto_renew: bool,
    pub renewal_warranty: bool,
    /// The workspace suite that contains it (PRD-9).
    pub suite_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seats: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// Web hostings: the 4-letter prefix of database names (PRD-10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_prefix: Option<String>,
    pub order_id: Option<i64>,
    /// REN-2: the saved means automatic renewal charges (none: the default).
    pub payment_method_id: Option<i64>,
    /// `expiry` (REN-6) or `dunning` (DUN-1) while suspended.
    pub suspended_reason: Option<String>,
    pub created_at: String,
}

impl From<ProductRow> for ProductResponse {
    fn from(p: ProductRow) -> Self {
        let suite = p.product_type == "workspace_suite";
        ProductResponse {
            id: p.id,
            product_type: p.product_type,
            name: p.name,
            status: p.status.to_string(),
            plan: p.plan_code,
            period_months: p.period_months,
            expires_at: (p.expires_at > 0).then(|| rfc3339(p.expires_at)),
            activated_at: p.activated_at.map(rfc3339),
            auto_renew: p.auto_renew,
            renewal_warranty: p.renewal_warranty,
            suite_id: p.parent_id,
            seats: suite.then_some(p.seats),
            storage: suite.then_some(p.storage_code),
            server_prefix: p.server_prefix,
            order_id: p.order_id,
            payment_method_id: p.payment_method_id,
            suspended_reason: p.suspended_reason,
            created_at: rfc3339(p.created_at),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    /// Product type code.
    #[serde(rename = "type")]
    pub product_type: Option<String>,
    pub status: Option<String>,
    /// Part of the name, any case.
    pub name: Option<String>,
    /// Expiring on or after this date (`YYYY-MM-DD`).
    pub expires_from: Option<String>,
    /// Expiring on or before this date.
    pub expires_until: Option<String>,
    /// `id` (default), `name` or `expires_at`.
    pub order_by: Option<String>,
    /// `asc` (default) or `desc`.
    pub order: Option<String>,
    /// Keyset paging: the `next_after` of the previous page (deep pages cost what the first
    /// costs). Without it, `page` is used.
    pub after: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The organization's products, filtered by type, status, name and expiry window (PRD-6).
/// Plain users see the products granted to them.
#[utoipa::path(get, path = "/1/organizations/{org}/products", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ProductQuery),
    responses((status = 200, body = ListEnvelope<ProductResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn list_products(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ProductQuery>,
) -> ApiResult<Json<ListEnvelope<ProductResponse>>> {
    let order = match q.order_by.as_deref() {
        None | Some("id") => ProductOrder::Id,
        Some("name") => ProductOrder::Name,
        Some("expires_at") => ProductOrder::ExpiresAt,
        Some(_) => return Err(ApiError(AppError::field("order_by", "unknown"))),
    };
    let descending = match q.order.as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(ApiError(AppError::field("order", "unknown"))),
    };
    let filter = ProductFilter {
        or_created_since: None,
        product_type: q.product_type,
        status: q.status,
        name: q.name.filter(|n| !n.trim().is_empty()),
        expires_from: crate::api::day_bound("expires_from", q.expires_from.as_deref(), false)?,
        expires_until: crate::api::day_bound("expires_until", q.expires_until.as_deref(), true)?,
        only_ids: None,
        order,
        descending,
    };
    let paging = Paging {
        page: q.page,
        per_page: q.per_page,
    };
    let limit = paging.per_page();
    let page = s
        .app
        .list_products(
            &actor,
            OrgId(org),
            filter,
            q.after,
            kontor_app::platform::error::page_offset(paging.page(), limit).map_err(ApiError)?,
            limit,
        )
        .await?;
    let next = (page.rows.len() as i64 == limit)
        .then(|| page.rows.last().map(|r| r.id))
        .flatten();
    let Json(mut env) = ListEnvelope::page(
        page.rows.into_iter().map(Into::into).collect(),
        page.total,
        paging,
    );
    env.next_after = next;
    Ok(Json(env))
}

/// One product.
#[utoipa::path(get, path = "/1/organizations/{org}/products/{id}", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<ProductResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_product(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<ProductResponse>>> {
    Ok(Envelope::ok(
        s.app.get_product(&actor, OrgId(org), id).await?.into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    /// Unique per organization and type (PRD-7).
    pub name: Option<String>,
    /// REN-3: refused within 14 days of expiry.
    pub auto_renew: Option<bool>,
    /// REN-5: not for NAS products.
    pub renewal_warranty: Option<bool>,
    /// REN-2: the saved means automatic renewal charges; 0 goes back to the default (the
    /// prepaid account when it covers the amount, else the newest saved means).
    pub payment_method_id: Option<i64>,
}

/// Change a product's name, automatic renewal or renewal warranty.
#[utoipa::path(patch, path = "/1/organizations/{org}/products/{id}", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = ProductPatch,
    responses((status = 200, body = Envelope<ProductResponse>), (status = 409, description = "auto_renew_too_late, product_name_taken, part_of_suite", body = ErrorEnvelope)))]
pub async fn update_product(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<ProductPatch>,
) -> ApiResult<Json<Envelope<ProductResponse>>> {
    let ch = ProductChanges {
        name: r.name,
        auto_renew: r.auto_renew,
        renewal_warranty: r.renewal_warranty,
        payment_method_id: r.payment_method_id,
    };
    Ok(Envelope::ok(
        s.app.update_product(&actor, OrgId(org), id, &ch).await?.into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveProduct {
    /// The organization to move it to; you are legal representative or administrator there.
    pub organization: i64,
}

/// Move a standalone product to another organization (PRD-4).
#[utoipa::path(post, path = "/1/organizations/{org}/products/{id}/move", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = MoveProduct,
    responses((status = 200, body = Envelope<ProductResponse>), (status = 409, description = "not_movable", body = ErrorEnvelope)))]
pub async fn move_product(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<MoveProduct>,
) -> ApiResult<Json<Envelope<ProductResponse>>> {
    Ok(Envelope::ok(
        s.app
            .move_product(&actor, OrgId(org), id, OrgId(r.organization))
            .await?
            .into(),
    ))
}

/// End a product now (terminated is final). A suite ends with its contents.
#[utoipa::path(post, path = "/1/organizations/{org}/products/{id}/cancel", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<ProductResponse>), (status = 409, description = "part_of_suite, invalid_transition", body = ErrorEnvelope)))]
pub async fn cancel_product(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<ProductResponse>>> {
    Ok(Envelope::ok(
        s.app.cancel_product(&actor, OrgId(org), id).await?.into(),
    ))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    /// `enable_auto_renew`, `disable_auto_renew`, `enable_renewal_warranty`,
    /// `disable_renewal_warranty`; or `renew` (one renewal order for the renewable products)
    /// and `pay` (their pending orders, combined into one when several) — BIL-5.
    pub action: String,
    pub product_ids: Vec<i64>,
    /// `renew` and `pay`: the billing address of the order made (BIL-7) [default: the one the
    /// combined orders share, else the default one].
    pub billing_address_id: Option<i64>,
    /// `renew` and `pay`: pay the order at once, as `POST …/orders/{id}/pay` would; without
    /// it, each outcome names the order to pay.
    pub payment: Option<PayBody>,
}

#[derive(Serialize, ToSchema)]
pub struct BulkOutcomeResponse {
    pub product_id: i64,
    /// `ok` or `error`.
    pub result: &'static str,
    pub code: Option<String>,
    pub description: Option<String>,
    /// `renew` and `pay`: the one order the products that passed are paid with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
    /// `renew` and `pay` with a `payment`: that payment, and its status (`succeeded`,
    /// `failed` — nothing changed — or `pending` until approved or transferred).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<String>,
}

impl BulkOutcomeResponse {
    fn of(o: BulkOutcome) -> BulkOutcomeResponse {
        match o.result {
            Ok(_) => BulkOutcomeResponse {
                product_id: o.product_id,
                result: "ok",
                code: None,
                description: None,
                order_id: None,
                payment_id: None,
                payment_status: None,
            },
            Err(e) => {
                let (code, description) = e.public();
                BulkOutcomeResponse {
                    product_id: o.product_id,
                    result: "error",
                    code: Some(code),
                    description: Some(description),
                    order_id: None,
                    payment_id: None,
                    payment_status: None,
                }
            }
        }
    }
}

/// One action on several products; each succeeds or fails on its own (PRD-5). `renew` and
/// `pay` pay the products that pass in one order and one payment (BIL-5); they need the
/// billing right and accept an `Idempotency-Key` (BIL-10).
#[utoipa::path(post, path = "/1/organizations/{org}/products/bulk", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = BulkRequest,
    responses((status = 200, body = ListEnvelope<BulkOutcomeResponse>), (status = 400, body = ErrorEnvelope),
        (status = 409, description = "order_not_pending: an order of the selection was paid meanwhile", body = ErrorEnvelope)))]
pub async fn bulk_products(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<BulkRequest>,
) -> ApiResult<Json<ListEnvelope<BulkOutcomeResponse>>> {
    let paying = match r.action.as_str() {
        "renew" => Some(Paying::Renew),
        "pay" => Some(Paying::Pay),
        _ => None,
    };
    let Some(paying) = paying else {
        if r.payment.is_some() {
            return Err(AppError::field("payment", "only_with_renew_or_pay").into());
        }
        if r.billing_address_id.is_some() {
            return Err(AppError::field("billing_address_id", "only_with_renew_or_pay").into());
        }
        let out = s
            .app
            .bulk_products(&actor, OrgId(org), &r.action, &r.product_ids)
            .await?;
        return Ok(ListEnvelope::all(
            out.into_iter().map(BulkOutcomeResponse::of).collect(),
        ));
    };
    let idem = key.with(&format!("/organizations/{org}/products/bulk"), &r)?;
    let pay = r.payment.as_ref().map(PayBody::request).transpose()?;
    let sel = s
        .app
        .pay_selection(
            &actor,
            OrgId(org),
            paying,
            &r.product_ids,
            r.billing_address_id,
            pay.as_ref(),
            idem.as_ref(),
        )
        .await?;
    let order_id = sel.order.as_ref().map(|o| o.row.id);
    let payment_id = sel.payment.as_ref().map(|p| p.id);
    let payment_status = sel.payment.as_ref().map(|p| p.status.to_string());
    Ok(ListEnvelope::all(
        sel.outcomes
            .into_iter()
            .map(|o| {
                let ok = o.result.is_ok();
                let mut out = BulkOutcomeResponse::of(o);
                if ok {
                    out.order_id = order_id;
                    out.payment_id = payment_id;
                    out.payment_status.clone_from(&payment_status);
                }
                out
            })
            .collect(),
    ))
}
