//! Pro-formas (BIL-2): a pending order for a selection, and its PDF.

use axum::extract::State;
use axum::response::Response;
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::billing::invoices::DocumentQuery;
use crate::api::billing::orders::OrderResponse;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::ApiQuery;
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, IdempotencyKey, created};

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

/// The pro-forma of a pending order as an A4 PDF, with the payment reference its invoice will
/// carry (BIL-2).
#[utoipa::path(get, path = "/1/organizations/{org}/orders/{id}/proforma", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), DocumentQuery),
    responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "order_not_pending", body = ErrorEnvelope)))]
pub async fn proforma_pdf(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiQuery(q): ApiQuery<DocumentQuery>,
    headers: http::HeaderMap,
) -> ApiResult<Response> {
    let lang = crate::api::document_language(&s.app, &actor, &headers, q.lang.as_deref()).await?;
    let pdf = s.app.proforma_pdf(&actor, OrgId(org), id, lang).await?;
    Ok(crate::api::file_response(
        "application/pdf",
        &format!("proforma-{id}.pdf"),
        pdf,
    ))
}
