//! Partnerships (PAR-2 to PAR-6, PAR-9): the client side under `.../partners`, the partner
//! side under `.../clients`, and the e-mailed links under `/1/partnerships/*`.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::model::PartnershipRow;
use kontor_app::partners::partnerships::{AcceptInput, AccessInput, OfferInput, RequestInput};
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::money::Money;
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, Caller, Envelope, ListEnvelope, Visitor, created, no_content,
};

/// A partnership between a client organization and a partner organization.
#[derive(Serialize, ToSchema)]
pub struct PartnershipResponse {
    pub id: i64,
    /// `offered`, `requested`, `active`, `refused`, `withdrawn` or `ended`.
    pub status: String,
    /// `client` (the client gave access, PAR-2) or `partner` (the partner asked, PAR-4).
    pub initiator: String,
    /// `null` while a partner's request waits for a client.
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub partner_id: i64,
    pub partner_name: String,
    /// `limited` (the listed products) or `full` (the whole organization).
    pub access: String,
    /// Under full access: `client` or `partner` pays (PAR-7); `null` under limited access.
    pub payment_mode: Option<String>,
    /// Limited access: the client's products the partner manages.
    pub products: Vec<i64>,
    /// A partner's request under limited access: the product types asked for.
    pub categories: Vec<String>,
    /// A partner's request: the address it went to.
    pub email: Option<String>,
    pub created_at: String,
    /// When the link was last sent.
    pub sent_at: String,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
}

impl From<PartnershipRow> for PartnershipResponse {
    fn from(p: PartnershipRow) -> Self {
        let products = p.product_ids();
        PartnershipResponse {
            id: p.id,
            status: p.status.as_str().to_owned(),
            initiator: p.initiator,
            client_id: p.client_id,
            client_name: p.client_name,
            partner_id: p.partner_id,
            partner_name: p.partner_name,
            access: p.access.as_str().to_owned(),
            payment_mode: Some(p.payment_mode).filter(|m| !m.is_empty()),
            products,
            categories: p.categories.split_whitespace().map(str::to_owned).collect(),
            email: Some(p.email).filter(|e| !e.is_empty()),
            created_at: rfc3339(p.created_at),
            sent_at: rfc3339(p.sent_at),
            started_at: p.started_at.map(rfc3339),
            ended_at: p.ended_at.map(rfc3339),
        }
    }
}

/// The access given: limited with its products, or full with its payment mode.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipAccess {
    /// `limited` or `full`.
    pub access: String,
    /// Limited access: product ids of the client (at least one).
    #[serde(default)]
    pub products: Vec<i64>,
    /// Full access: `client` or `partner`.
    pub payment_mode: Option<String>,
}

impl From<PartnershipAccess> for AccessInput {
    fn from(r: PartnershipAccess) -> Self {
        AccessInput {
            access: r.access,
            products: r.products,
            payment_mode: r.payment_mode,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipOffer {
    /// The partner's organization id, from the directory (`GET /1/partners`).
    pub partner: i64,
    /// `limited` or `full`.
    pub access: String,
    #[serde(default)]
    pub products: Vec<i64>,
    pub payment_mode: Option<String>,
}

type One = ApiResult<Json<Envelope<PartnershipResponse>>>;

fn one(row: kontor_app::AppResult<PartnershipRow>) -> One {
    Ok(Envelope::ok(row?.into()))
}

/// The organization's partners (client side), live ones first.
#[utoipa::path(get, path = "/1/organizations/{org}/partners", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 200, body = ListEnvelope<PartnershipResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn list_partners(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<ListEnvelope<PartnershipResponse>>> {
    let rows = s.app.client_partnerships(&actor, OrgId(org)).await?;
    Ok(ListEnvelope::all(rows.into_iter().map(Into::into).collect()))
}

/// Give a partner access (PAR-2): legal representatives; the partner's legal representatives
/// receive accept and refuse links (PAR-3). One partner at a time per client.
#[utoipa::path(post, path = "/1/organizations/{org}/partners", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = PartnershipOffer,
    responses((status = 201, body = Envelope<PartnershipResponse>), (status = 400, body = ErrorEnvelope),
              (status = 409, description = "partnership_exists", body = ErrorEnvelope)))]
pub async fn offer(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<PartnershipOffer>,
) -> ApiResult<Response> {
    let input = OfferInput {
        partner: r.partner,
        access: AccessInput {
            access: r.access,
            products: r.products,
            payment_mode: r.payment_mode,
        },
    };
    let row = s.app.offer_partnership(&actor, OrgId(org), &input).await?;
    Ok(created(PartnershipResponse::from(row)))
}

/// Change the partner's rights or the payment mode (PAR-6, PAR-7); an active partner is told.
#[utoipa::path(patch, path = "/1/organizations/{org}/partners/{id}", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = PartnershipAccess,
    responses((status = 200, body = Envelope<PartnershipResponse>), (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, description = "partnership_not_active", body = ErrorEnvelope)))]
pub async fn change(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<PartnershipAccess>,
) -> One {
    one(s.app.change_partnership(&actor, OrgId(org), id, &r.into()).await)
}

/// Withdraw an offer not yet accepted (PAR-3); its links stop working.
#[utoipa::path(delete, path = "/1/organizations/{org}/partners/{id}", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "partnership_not_pending", body = ErrorEnvelope)))]
pub async fn withdraw_offer(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    s.app.withdraw_partnership(&actor, OrgId(org), id).await?;
    Ok(no_content())
}

/// Send the offer again with a new link (PAR-3).
#[utoipa::path(post, path = "/1/organizations/{org}/partners/{id}/resend", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<PartnershipResponse>), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "partnership_not_pending", body = ErrorEnvelope)))]
pub async fn resend_offer(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> One {
    one(s.app.resend_partnership(&actor, OrgId(org), id).await)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipEnd {
    /// The acting user's password (a wrong one counts towards lock-out).
    pub password: String,
}

/// End the partnership (PAR-6), from the client side: every access of the partner ends.
#[utoipa::path(post, path = "/1/organizations/{org}/partners/{id}/end", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = PartnershipEnd,
    responses((status = 200, body = Envelope<PartnershipResponse>), (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, description = "partnership_not_active", body = ErrorEnvelope)))]
pub async fn end_as_client(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<PartnershipEnd>,
) -> One {
    one(s.app.end_partnership(&actor, OrgId(org), id, &r.password).await)
}

/// The partner's clients and requests (PAR-3); a member who is not a legal representative
/// sees the clients assigned to them (PAR-9).
#[utoipa::path(get, path = "/1/organizations/{org}/clients", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 200, body = ListEnvelope<PartnershipResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn list_clients(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<ListEnvelope<PartnershipResponse>>> {
    let rows = s.app.partner_clients(&actor, OrgId(org)).await?;
    Ok(ListEnvelope::all(rows.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipAsk {
    /// Who at the client receives the request.
    pub email: String,
    /// `limited` or `full`.
    pub access: String,
    /// Limited: the product types asked for.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Full: `client` or `partner`.
    pub payment_mode: Option<String>,
}

/// Ask a client for access (PAR-4): legal representatives of an approved partner.
#[utoipa::path(post, path = "/1/organizations/{org}/clients", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = PartnershipAsk,
    responses((status = 201, body = Envelope<PartnershipResponse>), (status = 400, body = ErrorEnvelope),
              (status = 403, description = "not_a_partner", body = ErrorEnvelope),
              (status = 409, description = "request_pending", body = ErrorEnvelope)))]
pub async fn request(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<PartnershipAsk>,
) -> ApiResult<Response> {
    let input = RequestInput {
        email: r.email,
        access: r.access,
        categories: r.categories,
        payment_mode: r.payment_mode,
    };
    let row = s.app.request_client(&actor, OrgId(org), &input).await?;
    Ok(created(PartnershipResponse::from(row)))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipMembers {
    /// User ids of the partner's members who manage this client.
    pub members: Vec<i64>,
}

/// The partner's members who manage this client (PAR-9); legal representatives always do.
#[utoipa::path(get, path = "/1/organizations/{org}/clients/{id}/members", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<PartnershipMembers>), (status = 404, body = ErrorEnvelope)))]
pub async fn client_members(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<PartnershipMembers>>> {
    let members = s.app.partnership_members(&actor, OrgId(org), id).await?;
    Ok(Envelope::ok(PartnershipMembers { members }))
}

/// Choose which members manage this client (PAR-9).
#[utoipa::path(patch, path = "/1/organizations/{org}/clients/{id}", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = PartnershipMembers,
    responses((status = 200, body = Envelope<PartnershipMembers>), (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn assign(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<PartnershipMembers>,
) -> ApiResult<Json<Envelope<PartnershipMembers>>> {
    let members = s
        .app
        .assign_partnership_members(&actor, OrgId(org), id, &r.members)
        .await?;
    Ok(Envelope::ok(PartnershipMembers { members }))
}

/// Withdraw a request not yet answered (PAR-4).
#[utoipa::path(delete, path = "/1/organizations/{org}/clients/{id}", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "partnership_not_pending", body = ErrorEnvelope)))]
pub async fn withdraw_request(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    s.app.withdraw_partnership(&actor, OrgId(org), id).await?;
    Ok(no_content())
}

/// Send the request again with a new link (PAR-4).
#[utoipa::path(post, path = "/1/organizations/{org}/clients/{id}/resend", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<PartnershipResponse>), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "partnership_not_pending", body = ErrorEnvelope)))]
pub async fn resend_request(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> One {
    one(s.app.resend_partnership(&actor, OrgId(org), id).await)
}

/// End the partnership (PAR-6), from the partner side.
#[utoipa::path(post, path = "/1/organizations/{org}/clients/{id}/end", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = PartnershipEnd,
    responses((status = 200, body = Envelope<PartnershipResponse>), (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, description = "partnership_not_active", body = ErrorEnvelope)))]
pub async fn end_as_partner(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<PartnershipEnd>,
) -> One {
    one(s.app.end_partnership(&actor, OrgId(org), id, &r.password).await)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipAccept {
    /// The secret of the e-mailed link.
    pub token: String,
    /// A partner's request: the client organization that grants access.
    pub organization: Option<i64>,
    /// A partner's request: the access granted, which may differ from the ask.
    pub access: Option<String>,
    #[serde(default)]
    pub products: Vec<i64>,
    pub payment_mode: Option<String>,
}

/// Accept an offer (a legal representative of the partner) or a request (a legal
/// representative of the client naming its organization and the rights it grants).
#[utoipa::path(post, path = "/1/partnerships/accept", tag = "partners", security(("bearer" = [])),
    request_body = PartnershipAccept,
    responses((status = 200, body = Envelope<PartnershipResponse>), (status = 400, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 409, description = "partnership_exists", body = ErrorEnvelope)))]
pub async fn accept(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiJson(r): ApiJson<PartnershipAccept>,
) -> One {
    let input = AcceptInput {
        token: r.token,
        organization: r.organization,
        access: r.access.map(|access| AccessInput {
            access,
            products: r.products,
            payment_mode: r.payment_mode,
        }),
    };
    one(s.app.accept_partnership(&actor, &input).await)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipRefuse {
    /// The secret of the e-mailed link.
    pub token: String,
}

/// Refuse an offer or a request; holding the link is enough (PAR-3, PAR-4).
#[utoipa::path(post, path = "/1/partnerships/refuse", tag = "partners",
    request_body = PartnershipRefuse,
    responses((status = 200, body = Envelope<PartnershipResponse>), (status = 400, description = "invalid_link", body = ErrorEnvelope)))]
pub async fn refuse(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<PartnershipRefuse>,
) -> One {
    one(s.app.refuse_partnership(&actor, &r.token).await)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// Paid on or after this date (`YYYY-MM-DD`); default: no limit.
    pub from: Option<String>,
    /// Paid on or before this date; default: no limit.
    pub until: Option<String>,
}

impl PeriodQuery {
    fn bounds(&self) -> ApiResult<(i64, i64)> {
        let from = crate::api::day_bound("from", self.from.as_deref(), false)?;
        let until = crate::api::day_bound("until", self.until.as_deref(), true)?;
        Ok((from.unwrap_or(i64::MIN), until.unwrap_or(i64::MAX)))
    }
}

/// One client's sums over the period (PAR-10).
#[derive(Serialize, ToSchema)]
pub struct PartnerStatementClient {
    pub client_id: i64,
    pub client_name: String,
    /// New products paid in the period.
    pub products: i64,
    /// Renewals paid in the period.
    pub renewals: i64,
    /// What was paid, excluding VAT, per currency.
    pub amounts: Vec<Money>,
    /// The cashback earned, in the partner's currency (PAR-8).
    pub cashback: Money,
}

/// The partner's statement of a period (PAR-10).
#[derive(Serialize, ToSchema)]
pub struct PartnerStatementResponse {
    pub clients: Vec<PartnerStatementClient>,
    /// All the cashback earned in the period.
    pub cashback: Money,
}

/// The partner's clients over a period: products and renewals paid, amounts and the cashback
/// earned, per client (PAR-10). A member who is not a legal representative sees the clients
/// assigned to them (PAR-9).
#[utoipa::path(get, path = "/1/organizations/{org}/clients/statement", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), PeriodQuery),
    responses((status = 200, body = Envelope<PartnerStatementResponse>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn statement(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> ApiResult<Json<Envelope<PartnerStatementResponse>>> {
    let (from, until) = q.bounds()?;
    let st = s.app.partner_statement(&actor, OrgId(org), from, until).await?;
    let cur = &st.cashback_currency;
    let clients = st
        .clients
        .iter()
        .map(|c| PartnerStatementClient {
            client_id: c.client_id,
            client_name: c.client_name.clone(),
            products: c.products,
            renewals: c.renewals,
            amounts: c.amounts.iter().map(|(k, v)| Money::new(*v, k)).collect(),
            cashback: Money::new(c.cashback_minor, cur),
        })
        .collect();
    Ok(Envelope::ok(PartnerStatementResponse {
        clients,
        cashback: Money::new(st.cashback_minor, cur),
    }))
}

/// The statement of a period as CSV, one paid item per row (client, date, kind, product,
/// amount excluding VAT, who paid, cashback), oldest first; formula-like cells are prefixed
/// with `'` (PAR-10).
#[utoipa::path(get, path = "/1/organizations/{org}/clients/export.csv", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), PeriodQuery),
    responses((status = 200, content_type = "text/csv", description = "one paid item per row"), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn export(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> ApiResult<Response> {
    let (from, until) = q.bounds()?;
    let csv = s
        .app
        .partner_statement_csv(&actor, OrgId(org), from, until)
        .await?;
    let name = format!(
        "clients-{}-{}.csv",
        q.from.as_deref().unwrap_or("start"),
        q.until.as_deref().unwrap_or("now")
    );
    Ok(crate::api::file_response(
        "text/csv; charset=utf-8",
        &name,
        csv.into_bytes(),
    ))
}
