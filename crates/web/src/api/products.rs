//! Products (PRD-3..PRD-10): lists with filters and keyset paging, settings, move, bulk
//! actions, ending, workspace-suite upgrades, seats and mailboxes, hosting sites.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::AppError;
use kontor_app::model::{MailboxRow, ProductFilter, ProductOrder, ProductRow, SiteRow};
use kontor_app::products::ProductChanges;
use kontor_app::sites::Site;
use kontor_app::suite::UpgradeRequest;
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::orders::OrderResponse;
use super::rfc3339;
use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, Caller, Envelope, IdempotencyKey, ListEnvelope, Paging, created, no_content,
};

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
            status: p.status,
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
        product_type: q.product_type,
        status: q.status,
        name: q.name.filter(|n| !n.trim().is_empty()),
        expires_from: super::day_bound("expires_from", q.expires_from.as_deref(), false)?,
        expires_until: super::day_bound("expires_until", q.expires_until.as_deref(), true)?,
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
            (paging.page() - 1) * limit,
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    /// `enable_auto_renew`, `disable_auto_renew`, `enable_renewal_warranty`,
    /// `disable_renewal_warranty`.
    pub action: String,
    pub product_ids: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct BulkOutcomeResponse {
    pub product_id: i64,
    /// `ok` or `error`.
    pub result: &'static str,
    pub code: Option<String>,
    pub description: Option<String>,
}

/// One action on several products; each succeeds or fails on its own (PRD-5).
#[utoipa::path(post, path = "/1/organizations/{org}/products/bulk", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path)), request_body = BulkRequest,
    responses((status = 200, body = ListEnvelope<BulkOutcomeResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn bulk_products(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath(org): ApiPath<i64>,
    ApiJson(r): ApiJson<BulkRequest>,
) -> ApiResult<Json<ListEnvelope<BulkOutcomeResponse>>> {
    let out = s
        .app
        .bulk_products(&actor, OrgId(org), &r.action, &r.product_ids)
        .await?;
    Ok(ListEnvelope::all(
        out.into_iter()
            .map(|o| match o.result {
                Ok(_) => BulkOutcomeResponse {
                    product_id: o.product_id,
                    result: "ok",
                    code: None,
                    description: None,
                },
                Err(e) => {
                    let (code, description) = e.public();
                    BulkOutcomeResponse {
                        product_id: o.product_id,
                        result: "error",
                        code: Some(code),
                        description: Some(description),
                    }
                }
            })
            .collect(),
    ))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpgradeBody {
    /// A plan of a higher or equal tier.
    pub plan: Option<String>,
    /// At least the current number.
    pub seats: Option<i64>,
    /// A storage tier at least as large.
    pub storage: Option<String>,
}

/// Upgrade a workspace suite: answers a pending order for the prorated difference, paid like
/// any order (PRD-9, PRC-5). A downgrade answers 409 `downgrade_not_allowed`.
#[utoipa::path(post, path = "/1/organizations/{org}/products/{id}/upgrade", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = UpgradeBody,
    responses((status = 201, body = Envelope<OrderResponse>), (status = 409, description = "downgrade_not_allowed, nothing_to_upgrade", body = ErrorEnvelope)))]
pub async fn upgrade_product(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    key: IdempotencyKey,
    ApiJson(r): ApiJson<UpgradeBody>,
) -> ApiResult<Response> {
    let idem = key.with(&format!("/products/{org}/{id}/upgrade"), &r)?;
    let req = UpgradeRequest {
        plan: r.plan,
        seats: r.seats,
        storage: r.storage,
    };
    let order = s
        .app
        .upgrade_suite(&actor, OrgId(org), id, &req, idem.as_ref())
        .await?;
    Ok(created(OrderResponse::from(order)))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Seats {
    /// Member user ids holding a seat.
    pub users: Vec<i64>,
}

/// Who holds the suite's seats.
#[utoipa::path(get, path = "/1/organizations/{org}/products/{id}/seats", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = Envelope<Seats>), (status = 404, body = ErrorEnvelope)))]
pub async fn list_seats(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Envelope<Seats>>> {
    Ok(Envelope::ok(Seats {
        users: s.app.list_seats(&actor, OrgId(org), id).await?,
    }))
}

/// Give the suite's seats to these members (at most the number of seats).
#[utoipa::path(put, path = "/1/organizations/{org}/products/{id}/seats", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = Seats,
    responses((status = 200, body = Envelope<Seats>), (status = 409, description = "seats_exceeded", body = ErrorEnvelope)))]
pub async fn set_seats(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<Seats>,
) -> ApiResult<Json<Envelope<Seats>>> {
    Ok(Envelope::ok(Seats {
        users: s.app.set_seats(&actor, OrgId(org), id, &r.users).await?,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct MailboxResponse {
    pub id: i64,
    pub address: String,
    pub created_at: String,
}

impl From<MailboxRow> for MailboxResponse {
    fn from(m: MailboxRow) -> Self {
        MailboxResponse {
            id: m.id,
            address: m.address,
            created_at: rfc3339(m.created_at),
        }
    }
}

/// The mailboxes of a mail service.
#[utoipa::path(get, path = "/1/organizations/{org}/products/{id}/mailboxes", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = ListEnvelope<MailboxResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn list_mailboxes(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<ListEnvelope<MailboxResponse>>> {
    let rows = s.app.list_mailboxes(&actor, OrgId(org), id).await?;
    Ok(ListEnvelope::all(rows.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMailbox {
    pub address: String,
}

/// Create a mailbox.
#[utoipa::path(post, path = "/1/organizations/{org}/products/{id}/mailboxes", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = CreateMailbox,
    responses((status = 201, body = Envelope<MailboxResponse>), (status = 409, body = ErrorEnvelope)))]
pub async fn create_mailbox(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<CreateMailbox>,
) -> ApiResult<Response> {
    let m = s.app.add_mailbox(&actor, OrgId(org), id, &r.address).await?;
    Ok(created(MailboxResponse::from(m)))
}

/// Delete a mailbox.
#[utoipa::path(delete, path = "/1/organizations/{org}/products/{id}/mailboxes/{mailbox}", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("mailbox" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope)))]
pub async fn delete_mailbox(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id, mailbox)): ApiPath<(i64, i64, i64)>,
) -> ApiResult<Response> {
    s.app.delete_mailbox(&actor, OrgId(org), id, mailbox).await?;
    Ok(no_content())
}

#[derive(Serialize, ToSchema)]
pub struct DatabaseResponse {
    /// `database` or `user`.
    pub kind: String,
    /// With the server prefix (`wxyz_mydb`).
    pub full_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct RenameResponse {
    pub kind: String,
    pub before: String,
    pub after: String,
}

#[derive(Serialize, ToSchema)]
pub struct SiteResponse {
    pub id: i64,
    pub name: String,
    pub mysql_prefix: bool,
    pub server_prefix: String,
    /// Name → value.
    pub env: BTreeMap<String, String>,
    pub databases: Vec<DatabaseResponse>,
    /// After turning the MySQL prefix off: the names to write in full now (PRD-10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Vec<RenameResponse>>,
    pub created_at: String,
}

impl From<Site> for SiteResponse {
    fn from(s: Site) -> Self {
        SiteResponse {
            id: s.row.id,
            name: s.row.name,
            mysql_prefix: s.row.mysql_prefix,
            server_prefix: s.server_prefix,
            env: s.env.into_iter().collect(),
            databases: s
                .databases
                .into_iter()
                .map(|d| DatabaseResponse {
                    kind: d.kind,
                    full_name: d.full_name,
                })
                .collect(),
            renamed: None,
            created_at: rfc3339(s.row.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SiteSummary {
    pub id: i64,
    pub name: String,
    pub mysql_prefix: bool,
    pub created_at: String,
}

impl From<SiteRow> for SiteSummary {
    fn from(s: SiteRow) -> Self {
        SiteSummary {
            id: s.id,
            name: s.name,
            mysql_prefix: s.mysql_prefix,
            created_at: rfc3339(s.created_at),
        }
    }
}

/// The sites of a web hosting.
#[utoipa::path(get, path = "/1/organizations/{org}/products/{id}/sites", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, body = ListEnvelope<SiteSummary>), (status = 404, body = ErrorEnvelope)))]
pub async fn list_sites(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<ListEnvelope<SiteSummary>>> {
    let rows = s.app.list_sites(&actor, OrgId(org), id).await?;
    Ok(ListEnvelope::all(rows.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSite {
    /// The site's host name.
    pub name: String,
    /// Imported from the legacy platform: the MySQL prefix starts on.
    pub imported: Option<bool>,
}

/// Add a site to a web hosting.
#[utoipa::path(post, path = "/1/organizations/{org}/products/{id}/sites", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path)), request_body = CreateSite,
    responses((status = 201, body = Envelope<SiteResponse>), (status = 409, body = ErrorEnvelope)))]
pub async fn create_site(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id)): ApiPath<(i64, i64)>,
    ApiJson(r): ApiJson<CreateSite>,
) -> ApiResult<Response> {
    let site = s
        .app
        .create_site(&actor, OrgId(org), id, &r.name, r.imported.unwrap_or(false))
        .await?;
    Ok(created(SiteResponse::from(site)))
}

/// One site with its settings (PRD-10).
#[utoipa::path(get, path = "/1/organizations/{org}/products/{id}/sites/{site}", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("site" = i64, Path)),
    responses((status = 200, body = Envelope<SiteResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn get_site(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id, site)): ApiPath<(i64, i64, i64)>,
) -> ApiResult<Json<Envelope<SiteResponse>>> {
    Ok(Envelope::ok(
        s.app.get_site(&actor, OrgId(org), id, site).await?.into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SitePatch {
    pub mysql_prefix: Option<bool>,
}

/// Switch the MySQL prefix; turning it off answers `renamed`, the before → after list.
#[utoipa::path(patch, path = "/1/organizations/{org}/products/{id}/sites/{site}", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("site" = i64, Path)), request_body = SitePatch,
    responses((status = 200, body = Envelope<SiteResponse>), (status = 404, body = ErrorEnvelope)))]
pub async fn update_site(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id, site)): ApiPath<(i64, i64, i64)>,
    ApiJson(r): ApiJson<SitePatch>,
) -> ApiResult<Json<Envelope<SiteResponse>>> {
    let Some(on) = r.mysql_prefix else {
        return Ok(Envelope::ok(
            s.app.get_site(&actor, OrgId(org), id, site).await?.into(),
        ));
    };
    let (site, renames) = s.app.set_mysql_prefix(&actor, OrgId(org), id, site, on).await?;
    let mut out = SiteResponse::from(site);
    out.renamed = Some(
        renames
            .into_iter()
            .map(|r| RenameResponse {
                kind: r.kind,
                before: r.before,
                after: r.after,
            })
            .collect(),
    );
    Ok(Envelope::ok(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvBody {
    /// The whole environment: name → value. Names `[A-Z_][A-Z0-9_]*` (≤ 64), values ≤ 4,096
    /// bytes, at most 100, reserved names refused.
    pub variables: BTreeMap<String, String>,
}

/// Replace the site's environment variables (PRD-10).
#[utoipa::path(put, path = "/1/organizations/{org}/products/{id}/sites/{site}/env", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("site" = i64, Path)), request_body = EnvBody,
    responses((status = 200, body = Envelope<SiteResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn set_env(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id, site)): ApiPath<(i64, i64, i64)>,
    ApiJson(r): ApiJson<EnvBody>,
) -> ApiResult<Json<Envelope<SiteResponse>>> {
    let vars: Vec<(String, String)> = r.variables.into_iter().collect();
    Ok(Envelope::ok(
        s.app.set_env(&actor, OrgId(org), id, site, &vars).await?.into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDatabase {
    /// `database` or `user`.
    pub kind: String,
    /// Short (`mydb`) or full (`wxyz_mydb`); stored in full.
    pub name: String,
}

/// Add a database or database user to the site (stored with the server prefix).
#[utoipa::path(post, path = "/1/organizations/{org}/products/{id}/sites/{site}/databases", tag = "products", security(("bearer" = [])),
    params(("org" = i64, Path), ("id" = i64, Path), ("site" = i64, Path)), request_body = CreateDatabase,
    responses((status = 201, body = Envelope<SiteResponse>), (status = 409, body = ErrorEnvelope)))]
pub async fn create_database(
    State(s): State<AppState>,
    Caller(actor): Caller,
    ApiPath((org, id, site)): ApiPath<(i64, i64, i64)>,
    ApiJson(r): ApiJson<CreateDatabase>,
) -> ApiResult<Response> {
    let site = s
        .app
        .add_database(&actor, OrgId(org), id, site, &r.kind, &r.name)
        .await?;
    Ok(created(SiteResponse::from(site)))
}
