//! Mailboxes of mail services (ORG-7).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kontor_app::model::MailboxRow;
use kontor_domain::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::rfc3339;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, Caller, Envelope, ListEnvelope, created, no_content};

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
    responses((status = 201, body = Envelope<MailboxResponse>), (status = 409, description = "product_not_active, name_taken", body = ErrorEnvelope)))]
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
