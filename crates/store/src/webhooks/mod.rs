//! Webhooks (EVT-1): operator-registered endpoints, events written with the change that caused
//! them, one delivery per endpoint with its attempts (the delivery log).

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: i64,
    pub url: String,
    /// Space-separated event patterns (`product.activated`, `product.*`, `*`).
    pub events: String,
    pub secret_salt: String,
    pub active: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub event_id: i64,
    pub endpoint_id: i64,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub delivered_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: String,
    pub created_at: i64,
    pub event_type: String,
    pub payload: String,
    pub url: String,
    pub secret_salt: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: i64,
    pub delivery_id: i64,
    pub at: i64,
    pub status_code: Option<i64>,
    pub error: String,
    pub duration_ms: i64,
}

pub async fn insert_endpoint(
    c: &mut Conn,
    url: &str,
    events: &str,
    salt: &str,
    now: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO webhook_endpoints (url, events, secret_salt, active, created_at) VALUES ($1, $2, $3, TRUE, $4) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(url)
        .bind(events)
        .bind(salt)
        .bind(now)
        .fetch_one(e)
        .await)?)
}

pub async fn list_endpoints(c: &mut Conn) -> StoreResult<Vec<EndpointRow>> {
    let sql = "SELECT id, url, events, secret_salt, active, created_at FROM webhook_endpoints ORDER BY id";
    Ok(q!(c, |e| sqlx::query_as(sql).fetch_all(e).await)?)
}

pub async fn set_endpoint_active(c: &mut Conn, id: i64, active: bool) -> StoreResult<bool> {
    let sql = "UPDATE webhook_endpoints SET active = $1 WHERE id = $2";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(active)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn insert_event(
    c: &mut Conn,
    event_type: &str,
    org: Option<i64>,
    payload: &str,
    now: i64,
) -> StoreResult<i64> {
    let sql = "INSERT INTO webhook_events (event_type, organization_id, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(event_type)
        .bind(org)
        .bind(payload)
        .bind(now)
        .fetch_one(e)
        .await)?)
}

pub async fn insert_delivery(c: &mut Conn, event: i64, endpoint: i64, now: i64) -> StoreResult<i64> {
    let sql = "INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at) VALUES ($1, $2, $3, $3) RETURNING id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(event)
        .bind(endpoint)
        .bind(now)
        .fetch_one(e)
        .await)?)
}

macro_rules! delivery_select {
    () => {
        "SELECT d.id, d.event_id, d.endpoint_id, d.attempts, d.next_attempt_at, d.delivered_at, d.failed_at, \
         d.last_status, d.last_error, d.created_at, ev.event_type, ev.payload, ep.url, ep.secret_salt \
         FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id \
         JOIN webhook_endpoints ep ON ep.id = d.endpoint_id"
    };
}

/// Deliveries due at `now`, oldest first.
pub async fn list_due(c: &mut Conn, now: i64, limit: i64) -> StoreResult<Vec<DeliveryRow>> {
    let sql: &str = concat!(
        delivery_select!(),
        " WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= $1 ORDER BY d.id LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(now)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// The delivery log, newest first; optionally of one endpoint.
pub async fn list_deliveries(
    c: &mut Conn,
    endpoint: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<DeliveryRow>> {
    let sql: &str = concat!(
        delivery_select!(),
        " WHERE ($1 = 0 OR d.endpoint_id = $1) ORDER BY d.id DESC LIMIT $2"
    );
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(endpoint.unwrap_or(0))
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

pub async fn find_delivery(c: &mut Conn, id: i64) -> StoreResult<Option<DeliveryRow>> {
    let sql: &str = concat!(delivery_select!(), " WHERE d.id = $1");
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

pub async fn list_attempts(c: &mut Conn, delivery: i64) -> StoreResult<Vec<AttemptRow>> {
    let sql = "SELECT id, delivery_id, at, status_code, error, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(delivery).fetch_all(e).await)?)
}

/// Records one attempt and the delivery's new state. `next` = when to retry; `None` with
/// `delivered` false means given up.
#[allow(clippy::too_many_arguments)]
pub async fn record_attempt(
    c: &mut Conn,
    delivery: i64,
    now: i64,
    status: Option<i64>,
    error: &str,
    duration_ms: i64,
    delivered: bool,
    next: Option<i64>,
) -> StoreResult<()> {
    let sql = "INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)";
    q!(c, |e| sqlx::query(sql)
        .bind(delivery)
        .bind(now)
        .bind(status)
        .bind(error)
        .bind(duration_ms)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    let sql = "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1, last_error = $2, \
               delivered_at = CASE WHEN $3 THEN $4 ELSE NULL END, \
               failed_at = CASE WHEN $3 OR $5 > 0 THEN NULL ELSE $4 END, \
               next_attempt_at = CASE WHEN $5 > 0 THEN $5 ELSE next_attempt_at END WHERE id = $6";
    q!(c, |e| sqlx::query(sql)
        .bind(status)
        .bind(error)
        .bind(delivered)
        .bind(now)
        .bind(next.unwrap_or(0))
        .bind(delivery)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Manual redelivery: the delivery is due again now, whatever its state.
pub async fn reschedule(c: &mut Conn, id: i64, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE webhook_deliveries SET delivered_at = NULL, failed_at = NULL, next_attempt_at = $1 WHERE id = $2";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Takes a due delivery for one worker until `lease_until`; false when another took it.
pub async fn claim(c: &mut Conn, id: i64, now: i64, lease_until: i64) -> StoreResult<bool> {
    let sql = "UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at <= $3 \
               AND delivered_at IS NULL AND failed_at IS NULL";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(lease_until)
        .bind(id)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn set_event_payload(c: &mut Conn, id: i64, payload: &str) -> StoreResult<()> {
    let sql = "UPDATE webhook_events SET payload = $1 WHERE id = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(payload)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
