//! The partner programme (PAR-1, PAR-11) and calls for tender (TEN-1 to TEN-3). Staff decide
//! applications in the staff console (`/staff/partners`), like every other staff act.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::model::{PartnerRow, TenderRow, TenderViewRow};
use kontor_app::partners::tenders::{TenderInput, TenderView};
use kontor_app::partners::{ApplicationInput, DirectoryInput};
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::money::{Money, amount_field};
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery, Caller, Envelope, ListEnvelope, Visitor, created};

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

/// An organization's partner application, or its partner record once decided.
#[derive(Serialize, ToSchema)]
pub struct PartnerResponse {
    pub organization_id: i64,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub website: String,
    /// What the organization expects to manage a year.
    pub expected_volume: Money,
    pub applied_at: String,
    pub decided_at: Option<String>,
    /// Staff's reason, for a rejection.
    pub reason: String,
    /// The partner discount (PAR-8), e.g. `"20"`.
    pub discount_percent: String,
    /// In the public directory (PAR-11).
    pub listed: bool,
    pub contact_email: String,
    pub languages: Vec<String>,
    pub regions: String,
    /// Product type codes offered; also the categories of calls for tender received (TEN-2).
    pub services: Vec<String>,
}

impl From<PartnerRow> for PartnerResponse {
    fn from(p: PartnerRow) -> Self {
        PartnerResponse {
            organization_id: p.organization_id,
            status: p.status.as_str().to_owned(),
            website: p.website,
            expected_volume: Money::new(p.expected_volume, &p.currency),
            applied_at: rfc3339(p.applied_at),
            decided_at: p.decided_at.map(rfc3339),
            reason: p.reason,
            discount_percent: kontor_domain::Percent(p.discount_bp).to_decimal(),
            listed: p.listed,
            contact_email: p.contact_email,
            languages: words(&p.languages),
            regions: p.regions,
            services: words(&p.services),
        }
    }
}

/// The organization's partner application or record; `data` is `null` when it never applied.
#[utoipa::path(get, path = "/1/organizations/{org}/partner-application", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 200, body = Envelope<Option<PartnerResponse>>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_application(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<Envelope<Option<PartnerResponse>>>> {
    let row = s.app.partner_application(&actor, OrgId(org)).await?;
    Ok(Envelope::ok(row.map(Into::into)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRequest {
    /// The organization's website, `https://…`.
    pub website: String,
    /// Managed products expected a year, in the organization's currency: at least `2000.00`
    /// CHF or `1800.00` EUR.
    pub expected_volume: String,
    /// The reseller conditions are accepted: must be `true`.
    pub accept_conditions: bool,
}

/// Apply to become a partner (PAR-1): legal representatives of a company with a registry id.
#[utoipa::path(post, path = "/1/organizations/{org}/partner-application", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = ApplicationRequest,
    responses((status = 201, body = Envelope<PartnerResponse>), (status = 400, body = ErrorEnvelope),
              (status = 409, description = "partner_application_exists, already_affiliate", body = ErrorEnvelope)))]
pub async fn apply(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<ApplicationRequest>,
) -> ApiResult<Response> {
    let input = ApplicationInput {
        website: r.website,
        expected_volume: amount_field("expected_volume", &r.expected_volume)?,
        accept_conditions: r.accept_conditions,
    };
    let row = s.app.apply_for_partnership(&actor, OrgId(org), &input).await?;
    Ok(created(PartnerResponse::from(row)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectoryRequest {
    /// Shown in the public directory.
    pub listed: bool,
    /// Where clients and calls for tender reach the partner; also how a client finds an
    /// unlisted partner.
    pub contact_email: String,
    /// Language codes served.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Regions served, free text.
    #[serde(default)]
    pub regions: String,
    /// Product type codes offered.
    #[serde(default)]
    pub services: Vec<String>,
}

/// An approved partner's directory entry (PAR-11).
#[utoipa::path(put, path = "/1/organizations/{org}/partner-directory", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = DirectoryRequest,
    responses((status = 200, body = Envelope<PartnerResponse>), (status = 400, body = ErrorEnvelope),
              (status = 403, description = "not_a_partner", body = ErrorEnvelope)))]
pub async fn put_directory(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<DirectoryRequest>,
) -> ApiResult<Json<Envelope<PartnerResponse>>> {
    let input = DirectoryInput {
        listed: r.listed,
        contact_email: r.contact_email,
        languages: r.languages,
        regions: r.regions,
        services: r.services,
    };
    let row = s.app.set_partner_directory(&actor, OrgId(org), &input).await?;
    Ok(Envelope::ok(row.into()))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryQuery {
    /// Part of a listed partner's name, or a partner's exact contact e-mail.
    #[serde(default)]
    pub q: String,
}

/// A partner as the public directory shows it.
#[derive(Serialize, ToSchema)]
pub struct DirectoryEntry {
    pub organization_id: i64,
    pub name: String,
    pub country: String,
    pub website: String,
    pub languages: Vec<String>,
    pub regions: String,
    pub services: Vec<String>,
}

/// The public directory of partners (PAR-11), by name or e-mail.
#[utoipa::path(get, path = "/1/partners", tag = "partners", params(DirectoryQuery),
    responses((status = 200, body = ListEnvelope<DirectoryEntry>), (status = 400, body = ErrorEnvelope)))]
pub async fn directory(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<DirectoryQuery>,
) -> ApiResult<Json<ListEnvelope<DirectoryEntry>>> {
    let rows = s.app.partner_directory(&q.q).await?;
    Ok(ListEnvelope::all(
        rows.into_iter()
            .map(|p| DirectoryEntry {
                organization_id: p.organization_id,
                name: p.name,
                country: p.country,
                website: p.website,
                languages: words(&p.languages),
                regions: p.regions,
                services: words(&p.services),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TenderRequest {
    pub need: String,
    /// A product type code of the catalogue.
    pub category: String,
    pub budget_min: String,
    pub budget_max: String,
    pub currency: String,
    /// The language the author wants to be served in.
    pub language: String,
    pub region: String,
    pub contact_name: String,
    pub email: String,
    /// International format, `+41 44 123 45 67`.
    pub phone: String,
}

/// A call for tender. `need`…`phone` only in a partner's view.
#[derive(Serialize, ToSchema)]
pub struct TenderResponse {
    pub id: i64,
    /// `open`, `cancelled` or `closed`.
    pub status: String,
    pub category: String,
    pub budget_min: Money,
    pub budget_max: Money,
    pub language: String,
    pub region: String,
    pub posted_at: String,
    pub closes_at: String,
    pub need: Option<String>,
    pub contact_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Who of the partner opened it (its single view only).
    pub views: Vec<TenderViewResponse>,
}

#[derive(Serialize, ToSchema)]
pub struct TenderViewResponse {
    pub user_id: i64,
    pub email: String,
    pub first_at: String,
    pub last_at: String,
    pub views: i64,
}

fn tender(t: TenderRow, full: bool) -> TenderResponse {
    let some = |s: String| full.then_some(s);
    TenderResponse {
        id: t.id,
        status: t.status.as_str().to_owned(),
        budget_min: Money::new(t.budget_min, &t.currency),
        budget_max: Money::new(t.budget_max, &t.currency),
        category: t.category,
        language: t.language,
        region: t.region,
        posted_at: rfc3339(t.posted_at),
        closes_at: rfc3339(t.closes_at),
        need: some(t.need),
        contact_name: some(t.contact_name),
        email: some(t.email),
        phone: some(t.phone),
        views: vec![],
    }
}

fn view(v: TenderViewRow) -> TenderViewResponse {
    TenderViewResponse {
        user_id: v.user_id,
        email: v.email,
        first_at: rfc3339(v.first_at),
        last_at: rfc3339(v.last_at),
        views: v.views,
    }
}

/// Post a call for tender (TEN-1), free and without an account; the author receives the
/// cancellation link by e-mail. Limited per client IP (TEN-4).
#[utoipa::path(post, path = "/1/tenders", tag = "partners", request_body = TenderRequest,
    responses((status = 201, body = Envelope<TenderResponse>), (status = 400, body = ErrorEnvelope),
              (status = 429, description = "too_many_tenders", body = ErrorEnvelope)))]
pub async fn post_tender(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<TenderRequest>,
) -> ApiResult<Response> {
    let input = TenderInput {
        budget_min: amount_field("budget_min", &r.budget_min)?,
        budget_max: amount_field("budget_max", &r.budget_max)?,
        need: r.need,
        category: r.category,
        currency: r.currency,
        language: r.language,
        region: r.region,
        contact_name: r.contact_name,
        email: r.email,
        phone: r.phone,
    };
    let posted = s.app.post_tender(&actor, &input).await?;
    Ok(created(tender(posted.tender, false)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelTenderRequest {
    /// The secret of the e-mailed cancellation link.
    pub token: String,
}

/// Close a call for tender by its cancellation link (TEN-3), at once for every partner.
#[utoipa::path(post, path = "/1/tenders/cancel", tag = "partners", request_body = CancelTenderRequest,
    responses((status = 200, body = Envelope<TenderResponse>), (status = 400, description = "invalid_link", body = ErrorEnvelope)))]
pub async fn cancel_tender(
    State(s): State<AppState>,
    Visitor(actor): Visitor,
    ApiJson(r): ApiJson<CancelTenderRequest>,
) -> ApiResult<Json<Envelope<TenderResponse>>> {
    let t = s.app.cancel_tender(&actor, &r.token).await?;
    Ok(Envelope::ok(tender(t, false)))
}

/// The open calls for tender of the partner's categories, with contact details (TEN-2); an
/// organization that is not an approved partner has none.
#[utoipa::path(get, path = "/1/organizations/{org}/tenders", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 200, body = ListEnvelope<TenderResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn list_tenders(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<ListEnvelope<TenderResponse>>> {
    let rows = s.app.partner_tenders(&actor, OrgId(org)).await?;
    Ok(ListEnvelope::all(
        rows.into_iter().map(|t| tender(t, true)).collect(),
    ))
}

/// One open call for tender in full; the opening is recorded (TEN-2).
#[utoipa::path(get, path = "/1/organizations/{org}/tenders/{id}", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<TenderResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_tender(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<TenderResponse>>> {
    let TenderView { tender: t, views } = s.app.partner_tender(&actor, OrgId(org), id).await?;
    let mut answer = tender(t, true);
    answer.views = views.into_iter().map(view).collect();
    Ok(Envelope::ok(answer))
}

/// An organization that signed up through the affiliate's link (PAR-12). Who it is stays
/// its own business: the affiliate sees when it came and what it earned.
#[derive(Serialize, ToSchema)]
pub struct ReferralResponse {
    /// When the link was followed (for an API sign-up naming the code: when it signed up).
    pub link_followed_at: String,
    pub signed_up_at: String,
    /// When its first invoice was paid and the commission credited; `null` until then.
    pub credited_at: Option<String>,
    /// The commission earned, in the affiliate's currency; `null` until credited.
    pub commission: Option<Money>,
}

/// An affiliate: its referral link, rate, and what its referrals earned (PAR-12).
#[derive(Serialize, ToSchema)]
pub struct AffiliateResponse {
    pub organization_id: i64,
    pub code: String,
    /// The referral link to share.
    pub link: String,
    /// The commission on a referred organization's first paid invoice, excluding VAT, e.g.
    /// `"10"`.
    pub commission_percent: String,
    /// Days a followed link attributes a sign-up.
    pub window_days: i64,
    pub registered_at: String,
    /// Organizations referred, and how many of them paid an invoice.
    pub referred: i64,
    pub paying: i64,
    /// All the commission earned, credited to the prepaid account.
    pub earned: Money,
    /// The newest 200 referrals, newest first.
    pub referrals: Vec<ReferralResponse>,
}

impl From<kontor_app::partners::affiliates::AffiliateView> for AffiliateResponse {
    fn from(v: kontor_app::partners::affiliates::AffiliateView) -> Self {
        let a = v.affiliate;
        let currency = a.currency.clone();
        AffiliateResponse {
            organization_id: a.organization_id,
            code: a.code,
            link: v.link,
            commission_percent: kontor_domain::Percent(a.commission_bp).to_decimal(),
            window_days: v.window_days,
            registered_at: rfc3339(a.registered_at),
            referred: v.totals.referred,
            paying: v.totals.paying,
            earned: Money::new(v.totals.commission_minor, &currency),
            referrals: v
                .referrals
                .into_iter()
                .map(|r| ReferralResponse {
                    link_followed_at: rfc3339(r.clicked_at),
                    signed_up_at: rfc3339(r.attributed_at),
                    credited_at: r.credited_at.map(rfc3339),
                    commission: r
                        .credited_at
                        .map(|_| Money::new(r.commission_minor, &r.commission_currency)),
                })
                .collect(),
        }
    }
}

/// The organization's affiliate record (PAR-12); `data` is `null` when it is not an affiliate.
#[utoipa::path(get, path = "/1/organizations/{org}/affiliate", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)),
    responses((status = 200, body = Envelope<Option<AffiliateResponse>>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_affiliate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
) -> ApiResult<Json<Envelope<Option<AffiliateResponse>>>> {
    let view = s.app.affiliate(&actor, OrgId(org)).await?;
    Ok(Envelope::ok(view.map(Into::into)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AffiliateRequest {
    /// The affiliate conditions are accepted: must be `true`.
    pub accept_conditions: bool,
}

/// Register the organization as an affiliate (PAR-12): legal representatives of a person or a
/// company that is not a partner (PAR-1). The referral link is e-mailed too.
#[utoipa::path(post, path = "/1/organizations/{org}/affiliate", tag = "partners", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = AffiliateRequest,
    responses((status = 201, body = Envelope<AffiliateResponse>), (status = 400, body = ErrorEnvelope),
              (status = 409, description = "affiliate_exists, already_partner", body = ErrorEnvelope)))]
pub async fn register_affiliate(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<AffiliateRequest>,
) -> ApiResult<Response> {
    let view = s
        .app
        .register_affiliate(&actor, OrgId(org), r.accept_conditions)
        .await?;
    Ok(created(AffiliateResponse::from(view)))
}
