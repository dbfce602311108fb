//! The sandbox card processor's own records (BIL-8): tokenized cards and charges.

use kontor_domain::GatewaySessionStatus;

use crate::{Conn, StoreResult, q};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CardRow {
    pub token: String,
    /// The processor's customer the token is bound to (a Kontor organization id).
    pub customer: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i64,
    pub exp_year: i64,
    pub behaviour: String,
}

pub async fn insert_card(c: &mut Conn, card: &CardRow, now: i64) -> StoreResult<()> {
    let sql = "INSERT INTO sandbox_cards (token, customer, brand, last4, exp_month, exp_year, behaviour, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    q!(c, |e| sqlx::query(sql)
        .bind(&card.token)
        .bind(&card.customer)
        .bind(&card.brand)
        .bind(&card.last4)
        .bind(card.exp_month)
        .bind(card.exp_year)
        .bind(&card.behaviour)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_card(c: &mut Conn, token: &str) -> StoreResult<Option<CardRow>> {
    let sql = "SELECT token, customer, brand, last4, exp_month, exp_year, behaviour FROM sandbox_cards \
               WHERE token = $1";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(token)
        .fetch_optional(e)
        .await)?)
}

/// Gives a card made on the card page a one-time handle for the return address.
pub async fn set_checkout(c: &mut Conn, token: &str, handle: &str) -> StoreResult<()> {
    let sql = "UPDATE sandbox_cards SET checkout = $1 WHERE token = $2";
    q!(c, |e| sqlx::query(sql)
        .bind(handle)
        .bind(token)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The card behind a checkout handle of `customer`, made at or after `since`.
pub async fn find_checkout(
    c: &mut Conn,
    handle: &str,
    customer: &str,
    since: i64,
) -> StoreResult<Option<CardRow>> {
    let sql = "SELECT token, customer, brand, last4, exp_month, exp_year, behaviour FROM sandbox_cards \
               WHERE checkout = $1 AND customer = $2 AND created_at >= $3";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(handle)
        .bind(customer)
        .bind(since)
        .fetch_optional(e)
        .await)?)
}

/// A succeeded, unrefunded charge as the processor lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChargeRow {
    pub id: String,
    pub customer: String,
    pub amount_minor: i64,
    pub currency: String,
    pub created_at: i64,
    /// The redirect session that made it, if any.
    pub session: Option<String>,
}

/// Succeeded, unrefunded charges made in `[from, to]`, after `(after_at, after_id)`, oldest
/// first.
pub async fn list_live_charges(
    c: &mut Conn,
    from: i64,
    to: i64,
    after: (i64, &str),
    limit: i64,
) -> StoreResult<Vec<ChargeRow>> {
    let sql = "SELECT ch.id, cd.customer, ch.amount_minor, ch.currency, ch.created_at, \
               (SELECT s.id FROM sandbox_sessions s WHERE s.charge_id = ch.id) AS session \
               FROM sandbox_charges ch JOIN sandbox_cards cd ON cd.token = ch.card_token \
               WHERE ch.status = 'succeeded' AND ch.created_at >= $1 AND ch.created_at <= $2 \
               AND (ch.created_at > $3 OR (ch.created_at = $3 AND ch.id > $4)) \
               ORDER BY ch.created_at, ch.id LIMIT $5";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(from)
        .bind(to)
        .bind(after.0)
        .bind(after.1)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

pub async fn insert_charge(
    c: &mut Conn,
    id: &str,
    token: &str,
    amount: i64,
    currency: &str,
    status: &str,
    now: i64,
) -> StoreResult<()> {
    let sql = "INSERT INTO sandbox_charges (id, card_token, amount_minor, currency, status, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6)";
    q!(c, |e| sqlx::query(sql)
        .bind(id)
        .bind(token)
        .bind(amount)
        .bind(currency)
        .bind(status)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Refunds a succeeded charge; false when there is none to refund.
pub async fn refund_charge(c: &mut Conn, id: &str, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE sandbox_charges SET status = 'refunded', refunded_at = $1 WHERE id = $2 AND status = 'succeeded'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// (status, amount) of a charge.
pub async fn find_charge(c: &mut Conn, id: &str) -> StoreResult<Option<(String, i64)>> {
    let sql = "SELECT status, amount_minor FROM sandbox_charges WHERE id = $1";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// How many charges the processor recorded (tests and benchmarks).
pub async fn count_charges(c: &mut Conn) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM sandbox_charges";
    Ok(q!(c, |e| sqlx::query_scalar(sql).fetch_one(e).await)?)
}

/// A redirect-and-confirm payment waiting on the sandbox's hosted page (PayPal, TWINT,
/// PostFinance).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub customer: String,
    pub scheme: String,
    pub amount_minor: i64,
    pub currency: String,
    pub return_url: String,
    #[sqlx(try_from = "String")]
    pub status: GatewaySessionStatus,
    pub profile_token: Option<String>,
    pub charge_id: Option<String>,
}

pub async fn insert_session(c: &mut Conn, s: &SessionRow, now: i64) -> StoreResult<()> {
    let sql = "INSERT INTO sandbox_sessions (id, customer, scheme, amount_minor, currency, return_url, status, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7)";
    q!(c, |e| sqlx::query(sql)
        .bind(&s.id)
        .bind(&s.customer)
        .bind(&s.scheme)
        .bind(s.amount_minor)
        .bind(&s.currency)
        .bind(&s.return_url)
        .bind(now)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn find_session(c: &mut Conn, id: &str) -> StoreResult<Option<SessionRow>> {
    let sql = "SELECT id, customer, scheme, amount_minor, currency, return_url, status, profile_token, charge_id \
               FROM sandbox_sessions WHERE id = $1";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(id).fetch_optional(e).await)?)
}

/// Records the payer's decision once; false when the session was already decided.
pub async fn decide_session(
    c: &mut Conn,
    id: &str,
    status: GatewaySessionStatus,
    charge_id: Option<&str>,
    profile_token: Option<&str>,
    now: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE sandbox_sessions SET status = $1, charge_id = $2, profile_token = $3, updated_at = $4 \
               WHERE id = $5 AND status = 'open'";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(status.as_str())
        .bind(charge_id)
        .bind(profile_token)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
