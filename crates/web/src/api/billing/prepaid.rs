//! The prepaid account (BIL-6): balance, ledger and top-ups.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::billing::payments::{PayBody, PaymentResponse};
use crate::api::money::{Money, amount_field};
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery, Caller, Envelope, IdempotencyKey, Paging, created};

#[derive(Serialize, ToSchema)]
pub struct LedgerEntryResponse {
    pub id: i64,
    /// `top_up`, `payment`, `cashback`, `commission`, `unmatched_transfer`, `refund` or `adjustment`.
    pub kind: String,
    pub amount: Money,
    pub payment_id: Option<i64>,
    pub description: String,
    pub created_at: String,
    /// Where an entry came from: the imported bank transaction of a transfer, and the name of
    /// the staff member who assigned the transfer or made the adjustment or refund (empty for
    /// the customer's own entries and transfers matched by their reference).
    pub bank_transaction_id: Option<i64>,
    pub staff: String,
}

#[derive(Serialize, ToSchema)]
pub struct PrepaidResponse {
    /// The sum of all entries (BIL-6).
    pub balance: Money,
    /// Newest first, one page.
    pub entries: Vec<LedgerEntryResponse>,
    pub total_entries: i64,
    /// Top-ups by bank transfer still waiting for the money, each with its reference.
    pub awaited_top_ups: Vec<PaymentResponse>,
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
        .prepaid(&actor, OrgId(org), paging.offset()?, paging.per_page())
        .await?;
    let awaited_top_ups = p
        .awaited
        .into_iter()
        .map(|t| PaymentResponse::of(&s.app, t))
        .collect();
    Ok(Envelope::ok(PrepaidResponse {
        awaited_top_ups,
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
                bank_transaction_id: e.bank_transaction_id,
                staff: e.staff_name,
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
    /// `card`, `twint` (a saved profile), `postfinance` (CHF; answers a `redirect_url` to
    /// approve) or `bank_transfer` (answers the `reference` and `pay_to_iban`; the amount that
    /// arrives is credited when the transfer is recorded).
    pub means: String,
    pub card_token: Option<String>,
    pub payment_method_id: Option<i64>,
    pub save: Option<bool>,
}

/// Top the prepaid account up (BIL-6): by card at once, by PostFinance card after approval on
/// the provider's page, by bank transfer with the top-up's own reference. Accepts an
/// `Idempotency-Key`.
#[utoipa::path(post, path = "/1/organizations/{org}/prepaid/top-ups", tag = "billing", security(("bearer" = [])),
    params(("org" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = TopUpBody,
    responses((status = 201, body = Envelope<PaymentResponse>), (status = 400, body = ErrorEnvelope),
        (status = 409, description = "payment_means_unavailable: PayPal, an unsaved TWINT, or PostFinance outside CHF", body = ErrorEnvelope)))]
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
