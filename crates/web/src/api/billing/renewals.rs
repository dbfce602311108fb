//! Renewing a selection of products and paying it (REN-1, BIL-5).

use axum::extract::State;
use axum::response::Response;
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::billing::payments::{PayBody, PaymentResponse};
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, IdempotencyKey, created};

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
