//! Invoices (BIL-1, BIL-11), saved cards (BIL-4), the prepaid account (BIL-6) and the sandbox
//! card processor's tokenizing endpoint (BIL-8).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::invoices::Invoice;
use kontor_app::model::{InvoiceRow, MethodRow};
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::orders::{Money, PayBody, PaymentResponse, amount_field};
use super::rfc3339;
use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, Caller, Envelope, IdempotencyKey, ListEnvelope, Paging, created, no_content,
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
    /// `open`, `paid` or `void`.
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
    /// In the single-invoice answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<InvoiceLineResponse>,
}

impl InvoiceResponse {
    pub fn of(r: &InvoiceRow) -> InvoiceResponse {
        let c = r.currency.as_str();
        InvoiceResponse {
            id: r.id,
            number: r.number.clone(),
            status: r.status.clone(),
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
    let from = super::day_bound("from", q.from.as_deref(), false)?;
    let until = super::day_bound("until", q.until.as_deref(), true)?;
    let (rows, total) = s
        .app
        .list_invoices(
            &actor,
            OrgId(org),
            q.status.as_deref(),
            from,
            until,
            (paging.page() - 1) * paging.per_page(),
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
pub struct DocumentQuery {
    /// `fr`, `de`, `en`, `it` or `es`; by default `Accept-Language`, then the caller's profile.
    pub lang: Option<String>,
}

/// The invoice as an A4 PDF: for CHF with the Swiss QR-bill payment part, for EUR with the IBAN
/// and RF reference (BIL-3).
#[utoipa::path(get, path = "/1/organizations/{org}/invoices/{id}/pdf", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), DocumentQuery),
    responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = 404, body = ErrorEnvelope)))]
pub async fn invoice_pdf(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiQuery(q): ApiQuery<DocumentQuery>,
    headers: http::HeaderMap,
) -> ApiResult<Response> {
    let lang = super::document_language(&s.app, &actor, &headers, q.lang.as_deref()).await?;
    let pdf = s.app.invoice_pdf(&actor, OrgId(org), id, lang).await?;
    Ok(super::file_response(
        "application/pdf",
        &format!("invoice-{id}.pdf"),
        pdf,
    ))
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
    let lang = super::document_language(&s.app, &actor, &headers, q.lang.as_deref()).await?;
    let pdf = s.app.proforma_pdf(&actor, OrgId(org), id, lang).await?;
    Ok(super::file_response(
        "application/pdf",
        &format!("proforma-{id}.pdf"),
        pdf,
    ))
}

#[derive(Deserialize, IntoParams)]
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
    let from = super::day_bound("from", q.from.as_deref(), false)?;
    let until = super::day_bound("until", q.until.as_deref(), true)?;
    let csv = s
        .app
        .export_invoices_csv(&actor, OrgId(org), q.status.as_deref(), from, until)
        .await?;
    let name = format!(
        "invoices-{}-{}.csv",
        q.from.as_deref().unwrap_or("start"),
        q.until.as_deref().unwrap_or("now")
    );
    Ok(super::file_response(
        "text/csv; charset=utf-8",
        &name,
        csv.into_bytes(),
    ))
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

#[derive(Serialize, ToSchema)]
pub struct LedgerEntryResponse {
    pub id: i64,
    /// `top_up`, `payment`, `cashback`, `unmatched_transfer`, `refund` or `adjustment`.
    pub kind: String,
    pub amount: Money,
    pub payment_id: Option<i64>,
    pub description: String,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct PrepaidResponse {
    /// The sum of all entries (BIL-6).
    pub balance: Money,
    /// Newest first, one page.
    pub entries: Vec<LedgerEntryResponse>,
    pub total_entries: i64,
}

/// The prepaid account: balance and ledger (BIL-6).
#[utoipa::path(get, path = "/1/organizations/{org}/prepaid", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), Paging),
    responses((status = 200, body = Envelope<PrepaidResponse>), (status = 403, body = ErrorEnvelope)))]
pub async fn get_prepaid(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<Envelope<PrepaidResponse>>> {
    let p = s
        .app
        .prepaid(
            &actor,
            OrgId(org),
            (paging.page() - 1) * paging.per_page(),
            paging.per_page(),
        )
        .await?;
    Ok(Envelope::ok(PrepaidResponse {
        balance: Money::new(p.balance, &p.currency),
        entries: p
            .entries
            .into_iter()
            .map(|e| LedgerEntryResponse {
                id: e.id,
                kind: e.kind,
                amount: Money::new(e.amount_minor, &e.currency),
                payment_id: e.payment_id,
                description: e.description,
                created_at: rfc3339(e.created_at),
            })
            .collect(),
        total_entries: p.total,
    }))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopUpBody {
    /// Between 0.10 and 9999.00 (BIL-6).
    pub amount: String,
    /// `card` (PostFinance and bank transfer come with the payment-means feature).
    pub means: String,
    pub card_token: Option<String>,
    pub payment_method_id: Option<i64>,
    pub save: Option<bool>,
}

/// Top the prepaid account up (BIL-6). Accepts an `Idempotency-Key`.
#[utoipa::path(post, path = "/1/organizations/{org}/prepaid/top-ups", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = TopUpBody,
    responses((status = 201, body = Envelope<PaymentResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn top_up(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<TopUpBody>,
) -> ApiResult<Response> {
    let idem = key.with(&format!("/prepaid/{org}/top-ups"), &r)?;
    let amount = amount_field("amount", &r.amount)?;
    let pay = PayBody {
        means: r.means,
        card_token: r.card_token,
        payment_method_id: r.payment_method_id,
        save: r.save,
        prepaid_amount: None,
        auto_renew: None,
    }
    .request()?;
    let p = s
        .app
        .top_up(&actor, OrgId(org), amount, &pay, idem.as_ref())
        .await?;
    Ok(created(PaymentResponse::of(&s.app, p)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SandboxCard {
    pub number: String,
    pub exp_month: i64,
    pub exp_year: i64,
    pub cvc: String,
}

#[derive(Serialize, ToSchema)]
pub struct SandboxToken {
    pub token: String,
    pub brand: String,
    pub last4: String,
}

/// The sandbox processor's card form (BIL-8): a card number becomes a token. `4242424242424242`
/// succeeds, `4000000000000002` is declined, `4000000000009995` fails for insufficient funds.
#[utoipa::path(post, path = "/sandbox/cards", tag = "sandbox", request_body = SandboxCard,
    responses((status = 201, body = Envelope<SandboxToken>), (status = 400, body = ErrorEnvelope)))]
pub async fn sandbox_card(
    State(s): State<AppState>,
    ApiJson(r): ApiJson<SandboxCard>,
) -> ApiResult<Response> {
    let card = s
        .app
        .sandbox
        .tokenize(&r.number, r.exp_month, r.exp_year, &r.cvc, s.app.now())
        .await
        .map_err(|p| {
            let (field, code) = p.field();
            ApiError(kontor_app::AppError::field(field, code))
        })?;
    Ok(created(SandboxToken {
        token: card.token,
        brand: card.brand,
        last4: card.last4,
    }))
}
