//! Invoices (BIL-1, BIL-11): lists, one invoice, its PDF, the CSV export, and paying an open one.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::billing::invoices::Invoice;
use kontor_app::model::InvoiceRow;
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
pub struct InvoiceLineResponse {
    pub position: i64,
    pub description: String,
    pub product_id: Option<i64>,
    pub quantity: i64,
    pub unit_price: Money,
    pub amount: Money,
}

#[derive(Serialize, ToSchema)]
pub struct BillingAddressResponse {
    pub name: String,
    pub street: String,
    pub building_number: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct InvoiceResponse {
    pub id: i64,
    /// `2026-000001`: gap-free per year (BIL-1).
    pub number: String,
    /// `open`, `paid`, `void`, or `credited` (cancelled by a credit note; a credit note itself).
    pub status: String,
    /// QR reference (CHF) or RF creditor reference (EUR), BIL-9.
    pub reference: String,
    pub currency: String,
    pub subtotal: Money,
    pub vat_rate_percent: String,
    pub vat: Money,
    pub total: Money,
    /// "Export / reverse charge" (PRC-4).
    pub reverse_charge: bool,
    pub billing_address: BillingAddressResponse,
    pub order_id: Option<i64>,
    pub issued_at: String,
    pub due_date: String,
    pub paid_at: Option<String>,
    /// The language it was issued in: its lines and its PDF are in it, always (MSG-2).
    pub language: String,
    /// `invoice`, or `credit_note`: a correction with negative amounts (BIL-1, DUN-5).
    pub kind: String,
    /// The invoice a credit note credits.
    pub credits_invoice_id: Option<i64>,
    /// In the single-invoice answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<InvoiceLineResponse>,
}

impl InvoiceResponse {
    pub fn of(r: &InvoiceRow) -> InvoiceResponse {
        let c = r.currency.as_str();
        InvoiceResponse {
            language: r.language.clone(),
            kind: r.kind.clone(),
            credits_invoice_id: r.credits_invoice_id,
            id: r.id,
            number: r.number.clone(),
            status: r.status.to_string(),
            reference: r.reference.clone(),
            currency: r.currency.clone(),
            subtotal: Money::new(r.subtotal_minor, c),
            vat_rate_percent: kontor_domain::Percent(r.vat_rate_bp).to_decimal(),
            vat: Money::new(r.vat_minor, c),
            total: Money::new(r.total_minor, c),
            reverse_charge: r.reverse_charge,
            billing_address: BillingAddressResponse {
                name: r.bill_name.clone(),
                street: r.bill_street.clone(),
                building_number: r.bill_building_number.clone(),
                postal_code: r.bill_postal_code.clone(),
                city: r.bill_city.clone(),
                country: r.bill_country.clone(),
                vat_number: (!r.bill_vat_number.is_empty()).then(|| r.bill_vat_number.clone()),
            },
            order_id: r.order_id,
            issued_at: rfc3339(r.issued_at),
            due_date: r.due_date.clone(),
            paid_at: r.paid_at.map(rfc3339),
            lines: Vec::new(),
        }
    }
}

impl From<Invoice> for InvoiceResponse {
    fn from(i: Invoice) -> Self {
        let c = i.row.currency.clone();
        InvoiceResponse {
            lines: i
                .lines
                .iter()
                .map(|l| InvoiceLineResponse {
                    position: l.position,
                    description: l.description.clone(),
                    product_id: l.product_id,
                    quantity: l.quantity,
                    unit_price: Money::new(l.unit_minor, &c),
                    amount: Money::new(l.amount_minor, &c),
                })
                .collect(),
            ..InvoiceResponse::of(&i.row)
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvoiceQuery {
    /// `open`, `paid` or `void`.
    pub status: Option<String>,
    /// Issued on or after this date (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Issued on or before this date.
    pub until: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The organization's invoices, newest first, by status and issue period (BIL-11).
#[utoipa::path(get, path = "/1/organizations/{org}/invoices", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), InvoiceQuery),
    responses((status = 200, body = ListEnvelope<InvoiceResponse>), (status = 403, description = "billing_right_required", body = ErrorEnvelope)))]
pub async fn list_invoices(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiQuery(q): ApiQuery<InvoiceQuery>,
) -> ApiResult<Json<ListEnvelope<InvoiceResponse>>> {
    let paging = Paging {
        page: q.page,
        per_page: q.per_page,
    };
    let from = crate::api::day_bound("from", q.from.as_deref(), false)?;
    let until = crate::api::day_bound("until", q.until.as_deref(), true)?;
    let (rows, total) = s
        .app
        .list_invoices(
            &actor,
            OrgId(org),
            q.status.as_deref(),
            from,
            until,
            paging.offset()?,
            paging.per_page(),
        )
        .await?;
    Ok(ListEnvelope::page(
        rows.iter().map(InvoiceResponse::of).collect(),
        total,
        paging,
    ))
}

/// One invoice with its lines (BIL-1).
#[utoipa::path(get, path = "/1/organizations/{org}/invoices/{id}", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<InvoiceResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_invoice(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<InvoiceResponse>>> {
    Ok(Envelope::ok(
        s.app.get_invoice(&actor, OrgId(org), id).await?.into(),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// `fr`, `de`, `en`, `it` or `es`; by default `Accept-Language`, then the caller's profile.
    pub lang: Option<String>,
}

/// The invoice as an A4 PDF: for CHF with the Swiss QR-bill payment part, for EUR with the IBAN
/// and RF reference (BIL-3). It is in the language it was issued in (`language`), always.
#[utoipa::path(get, path = "/1/organizations/{org}/invoices/{id}/pdf", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = 404, body = ErrorEnvelope)))]
pub async fn invoice_pdf(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    let pdf = s.app.invoice_pdf(&actor, OrgId(org), id).await?;
    Ok(crate::api::file_response(
        "application/pdf",
        &format!("invoice-{id}.pdf"),
        pdf,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `open`, `paid` or `void`.
    pub status: Option<String>,
    /// Issued on or after this date (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Issued on or before this date.
    pub until: Option<String>,
}

/// The invoices of a period as CSV, oldest first; cells starting with `=`, `+`, `-` or `@` are
/// prefixed with `'` (BIL-11).
#[utoipa::path(get, path = "/1/organizations/{org}/invoices/export", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ExportQuery),
    responses((status = 200, content_type = "text/csv", description = "one invoice per row"), (status = 403, body = ErrorEnvelope)))]
pub async fn export_invoices(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    let from = crate::api::day_bound("from", q.from.as_deref(), false)?;
    let until = crate::api::day_bound("until", q.until.as_deref(), true)?;
    let csv = s
        .app
        .export_invoices_csv(&actor, OrgId(org), q.status.as_deref(), from, until)
        .await?;
    let name = format!(
        "invoices-{}-{}.csv",
        q.from.as_deref().unwrap_or("start"),
        q.until.as_deref().unwrap_or("now")
    );
    Ok(crate::api::file_response(
        "text/csv; charset=utf-8",
        &name,
        csv.into_bytes(),
    ))
}

/// Pay an open invoice (a renewal billed under warranty). Its reminders stop and the products
/// it bills that were suspended for it are active again at once (DUN-3).
#[utoipa::path(post, path = "/1/organizations/{org}/invoices/{id}/pay", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = PayBody,
    responses((status = 201, body = Envelope<PaymentResponse>), (status = 409, description = "invoice_not_open, insufficient_prepaid_balance, idempotency_key_reused, idempotency_key_in_use", body = ErrorEnvelope)))]
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
