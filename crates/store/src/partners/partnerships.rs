//! PAR-2..PAR-9: partnerships between a client and a partner organization, the products of a
//! limited one and the partner's members assigned to it.

use kontor_domain::{PartnerAccess, PartnershipStatus};

use crate::{Conn, StoreError, StoreResult, q};

/// A partnership with the names of both organizations.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PartnershipRow {
    pub id: i64,
    /// `None` while a partner's request waits for a client (PAR-4).
    pub client_id: Option<i64>,
    pub partner_id: i64,
    #[sqlx(try_from = "String")]
    pub status: PartnershipStatus,
    /// `client` (PAR-2) or `partner` (PAR-4).
    pub initiator: String,
    #[sqlx(try_from = "String")]
    pub access: PartnerAccess,
    /// `client` or `partner` under full access (PAR-7), empty under limited.
    pub payment_mode: String,
    /// PAR-4: the product types a partner's request asks for under limited access.
    pub categories: String,
    /// PAR-4: the address a partner's request went to.
    pub email: String,
    /// The language of the link's e-mail.
    pub language: String,
    pub created_by: i64,
    pub created_at: i64,
    pub sent_at: i64,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub ended_by: Option<i64>,
    pub client_name: Option<String>,
    pub partner_name: String,
    /// Space-separated product ids (limited access).
    pub products: Option<String>,
}

impl PartnershipRow {
    pub fn product_ids(&self) -> Vec<i64> {
        self.products
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect()
    }
}

/// The select with the product list aggregated; `$agg` is the dialect's string aggregation.
macro_rules! select {
    ($agg:literal, $where:literal) => {
        concat!(
            "SELECT p.id, p.client_id, p.partner_id, p.status, p.initiator, p.access, p.payment_mode, \
             p.categories, p.email, p.language, p.created_by, p.created_at, p.sent_at, p.started_at, \
             p.ended_at, p.ended_by, co.name AS client_name, po.name AS partner_name, \
             (SELECT ",
            $agg,
            " FROM partnership_products pp WHERE pp.partnership_id = p.id) AS products \
             FROM partnerships p JOIN organizations po ON po.id = p.partner_id \
             LEFT JOIN organizations co ON co.id = p.client_id ",
            $where
        )
    };
}

/// Runs a partnership select with its dialect's aggregation and up to two id bindings.
macro_rules! fetch {
    ($c:expr, $where:literal, $method:ident, $($bind:expr),*) => {
        match $c.inner() {
            crate::db_inner::Sqlite(e) => {
                let sql: &str = select!("group_concat(pp.product_id, ' ')", $where);
                sqlx::query_as(sql)$(.bind($bind))*.$method(e).await?
            }
            crate::db_inner::Postgres(e) => {
                let sql: &str = select!("string_agg(CAST(pp.product_id AS TEXT), ' ')", $where);
                sqlx::query_as(sql)$(.bind($bind))*.$method(e).await?
            }
        }
    };
}

pub async fn find(c: &mut Conn, id: i64) -> StoreResult<Option<PartnershipRow>> {
    Ok(fetch!(c, "WHERE p.id = $1", fetch_optional, id))
}

pub async fn find_by_token(c: &mut Conn, hash: &str) -> StoreResult<Option<PartnershipRow>> {
    Ok(fetch!(c, "WHERE p.token_hash = $1", fetch_optional, hash))
}

/// A client's partnerships, the live ones first, then the latest past ones.
pub async fn of_client(c: &mut Conn, client: i64) -> StoreResult<Vec<PartnershipRow>> {
    Ok(fetch!(
        c,
        "WHERE p.client_id = $1 ORDER BY CASE WHEN p.status IN ('offered', 'active') THEN 0 ELSE 1 END, \
         p.updated_at DESC, p.id DESC LIMIT 50",
        fetch_all,
        client
    ))
}

/// A partner's clients and requests; with `user`, only those assigned to that member (PAR-9).
pub async fn of_partner(c: &mut Conn, partner: i64, user: Option<i64>) -> StoreResult<Vec<PartnershipRow>> {
    Ok(fetch!(
        c,
        "WHERE p.partner_id = $1 AND ($2 = 0 OR EXISTS (SELECT 1 FROM partnership_members a \
         WHERE a.partnership_id = p.id AND a.user_id = $2)) \
         ORDER BY CASE WHEN p.status IN ('offered', 'requested', 'active') THEN 0 ELSE 1 END, \
         LOWER(COALESCE(co.name, p.email)), p.id DESC LIMIT 500",
        fetch_all,
        partner,
        user.unwrap_or(0)
    ))
}

/// What a new partnership says.
#[derive(Debug, Clone, Copy)]
pub struct NewPartnership<'a> {
    pub client: Option<i64>,
    pub partner: i64,
    pub status: PartnershipStatus,
    pub initiator: &'a str,
    pub access: PartnerAccess,
    pub payment_mode: &'a str,
    pub categories: &'a str,
    pub email: &'a str,
    pub token_hash: &'a str,
    pub language: &'a str,
    pub user: i64,
    pub now: i64,
}

/// A unique violation names the client (one live partnership) or the e-mail (one waiting
/// request per address).
pub async fn insert(c: &mut Conn, n: &NewPartnership<'_>) -> StoreResult<i64> {
    let sql = "INSERT INTO partnerships (client_id, partner_id, status, initiator, access, payment_mode, categories, \
               email, token_hash, language, created_by, created_at, sent_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12) RETURNING id";
    q!(c, |e| sqlx::query_scalar(sql)
        .bind(n.client)
        .bind(n.partner)
        .bind(n.status.as_str())
        .bind(n.initiator)
        .bind(n.access.as_str())
        .bind(n.payment_mode)
        .bind(n.categories)
        .bind(n.email)
        .bind(n.token_hash)
        .bind(n.language)
        .bind(n.user)
        .bind(n.now)
        .fetch_one(e)
        .await)
    .map_err(StoreError::classify)
}

/// Replaces the products of a partnership (limited access).
pub async fn set_products(c: &mut Conn, id: i64, products: &[i64]) -> StoreResult<()> {
    let sql = "DELETE FROM partnership_products WHERE partnership_id = $1";
    q!(c, |e| sqlx::query(sql)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    for p in products {
        let sql = "INSERT INTO partnership_products (partnership_id, product_id) VALUES ($1, $2)";
        q!(c, |e| sqlx::query(sql)
            .bind(id)
            .bind(*p)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Sets the access and payment mode of an offered or active partnership; false otherwise.
pub async fn set_access(
    c: &mut Conn,
    id: i64,
    access: PartnerAccess,
    payment_mode: &str,
    now: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE partnerships SET access = $1, payment_mode = $2, updated_at = $3 \
               WHERE id = $4 AND status IN ('offered', 'active')";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(access.as_str())
        .bind(payment_mode)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A new link secret for a waiting partnership (resend); false when it is not waiting.
pub async fn renew_token(c: &mut Conn, id: i64, hash: &str, now: i64) -> StoreResult<bool> {
    let sql = "UPDATE partnerships SET token_hash = $1, sent_at = $2, updated_at = $2 \
               WHERE id = $3 AND status IN ('offered', 'requested')";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(hash)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Starts a waiting partnership for `client` (a request learns its client here); false when
/// it was decided already. A client with a live partnership makes this a unique violation.
pub async fn start(
    c: &mut Conn,
    id: i64,
    client: i64,
    access: PartnerAccess,
    mode: &str,
    now: i64,
) -> StoreResult<bool> {
    let sql = "UPDATE partnerships SET status = 'active', client_id = $1, access = $2, payment_mode = $3, \
               started_at = $4, updated_at = $4 WHERE id = $5 AND status IN ('offered', 'requested')";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(client)
        .bind(access.as_str())
        .bind(mode)
        .bind(now)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))
    .map_err(StoreError::classify)?;
    Ok(n == 1)
}

/// Moves a partnership from one of `from` to `to` (refused, withdrawn, ended), recording who
/// ended it (`None`: someone holding the link); false when it was not in one of `from`.
pub async fn close(
    c: &mut Conn,
    id: i64,
    from: &[PartnershipStatus],
    to: PartnershipStatus,
    user: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let sql = "UPDATE partnerships SET status = $1, ended_at = $2, ended_by = $3, updated_at = $2 \
               WHERE id = $4 AND (' ' || $5 || ' ') LIKE ('% ' || status || ' %')";
    let n = q!(c, |e| sqlx::query(sql)
        .bind(to.as_str())
        .bind(now)
        .bind(user)
        .bind(id)
        .bind(from.join(" "))
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// PAR-9: replaces the partner's members assigned to a partnership.
pub async fn set_members(c: &mut Conn, id: i64, users: &[i64]) -> StoreResult<()> {
    let sql = "DELETE FROM partnership_members WHERE partnership_id = $1";
    q!(c, |e| sqlx::query(sql)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    for u in users {
        let sql = "INSERT INTO partnership_members (partnership_id, user_id) VALUES ($1, $2)";
        q!(c, |e| sqlx::query(sql)
            .bind(id)
            .bind(*u)
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// PAR-9: the partner's members assigned to a partnership.
pub async fn members(c: &mut Conn, id: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT user_id FROM partnership_members WHERE partnership_id = $1 ORDER BY user_id";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(id).fetch_all(e).await)?)
}

/// A person a partnership e-mail goes to: (user id, e-mail, language, first name).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Person {
    pub user_id: i64,
    pub email: String,
    pub language: String,
    pub first_name: String,
}

/// The legal representatives of an organization, who decide its partnerships.
pub async fn legal_representatives(c: &mut Conn, org: i64) -> StoreResult<Vec<Person>> {
    let sql = "SELECT u.id AS user_id, u.email, u.language, u.first_name FROM memberships m \
               JOIN users u ON u.id = m.user_id \
               WHERE m.organization_id = $1 AND m.role = 'legal_representative' ORDER BY u.id";
    Ok(q!(c, |e| sqlx::query_as(sql).bind(org).fetch_all(e).await)?)
}

/// ORG-8, PAR-5: the client's members who are also members of the partner.
pub async fn partner_people_in(c: &mut Conn, client: i64, partner: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT m.user_id FROM memberships m WHERE m.organization_id = $1 AND EXISTS \
               (SELECT 1 FROM memberships pm WHERE pm.organization_id = $2 AND pm.user_id = m.user_id) \
               ORDER BY m.user_id";
    Ok(q!(c, |e| sqlx::query_scalar(sql)
        .bind(client)
        .bind(partner)
        .fetch_all(e)
        .await)?)
}

/// PAR-6: the partner's people working in the client fall back to no current organization
/// (those who are members of the client themselves keep it).
pub async fn forget_client_sessions(c: &mut Conn, partner: i64, client: i64) -> StoreResult<()> {
    let sql = "UPDATE sessions SET current_organization_id = NULL WHERE current_organization_id = $1 \
               AND user_id IN (SELECT user_id FROM memberships WHERE organization_id = $2) \
               AND user_id NOT IN (SELECT user_id FROM memberships WHERE organization_id = $1)";
    q!(c, |e| sqlx::query(sql)
        .bind(client)
        .bind(partner)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A product a partner manages for a client, for the partner space's renewals.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ManagedRow {
    pub client_id: i64,
    pub client_name: String,
    pub product_id: i64,
    pub name: String,
    pub product_type: String,
    pub expires_at: i64,
    pub auto_renew: bool,
}

/// The active or suspended products of the partner's active clients expiring by `until`,
/// soonest first: every product under full access, the listed ones under limited access; with
/// `user`, only the clients assigned to that member (PAR-9).
pub async fn renewals_due(
    c: &mut Conn,
    partner: i64,
    user: Option<i64>,
    until: i64,
    limit: i64,
) -> StoreResult<Vec<ManagedRow>> {
    let sql = "SELECT p.client_id, o.name AS client_name, pr.id AS product_id, pr.name, pr.product_type, \
               pr.expires_at, pr.auto_renew \
               FROM partnerships p JOIN organizations o ON o.id = p.client_id \
               JOIN products pr ON pr.organization_id = p.client_id \
               WHERE p.partner_id = $1 AND p.status = 'active' \
               AND ($2 = 0 OR EXISTS (SELECT 1 FROM partnership_members a WHERE a.partnership_id = p.id \
               AND a.user_id = $2)) \
               AND (p.access = 'full' OR EXISTS (SELECT 1 FROM partnership_products pp \
               WHERE pp.partnership_id = p.id AND pp.product_id = pr.id)) \
               AND pr.status IN ('active', 'suspended') AND pr.expires_at <= $3 \
               ORDER BY pr.expires_at, pr.id LIMIT $4";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(partner)
        .bind(user.unwrap_or(0))
        .bind(until)
        .bind(limit)
        .fetch_all(e)
        .await)?)
}

/// PAR-7, PAR-8: what a client's active partnership means for its orders.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BillingTermsRow {
    pub id: i64,
    pub partner_id: i64,
    #[sqlx(try_from = "String")]
    pub access: PartnerAccess,
    /// `client` or `partner` under full access.
    pub payment_mode: String,
    /// The partner's discount rate (basis points) staff set.
    pub discount_bp: i64,
    /// The partner's currency, in which its cashback is paid.
    pub currency: String,
}

/// The billing terms of `client`'s active partnership, if any (the same row the access
/// decision reads, so who may pay and who pays never disagree; no approved partner record:
/// no discount).
pub async fn billing_terms(c: &mut Conn, client: i64) -> StoreResult<Option<BillingTermsRow>> {
    let sql = "SELECT p.id, p.partner_id, p.access, p.payment_mode, \
               CAST(COALESCE(r.discount_bp, 0) AS BIGINT) AS discount_bp, o.currency \
               FROM partnerships p LEFT JOIN partners r ON r.organization_id = p.partner_id AND r.status = 'approved' \
               JOIN organizations o ON o.id = p.partner_id WHERE p.client_id = $1 AND p.status = 'active'";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(client)
        .fetch_optional(e)
        .await)?)
}

/// The products a limited partnership lists.
pub async fn listed_products(c: &mut Conn, id: i64) -> StoreResult<Vec<i64>> {
    let sql = "SELECT product_id FROM partnership_products WHERE partnership_id = $1";
    Ok(q!(c, |e| sqlx::query_scalar(sql).bind(id).fetch_all(e).await)?)
}

/// PAR-10: one paid item of a client's, as the partner's export shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatementRow {
    pub client_id: i64,
    pub client_name: String,
    pub paid_at: i64,
    /// `new`, `renewal` or `upgrade`.
    pub kind: String,
    pub product_type: String,
    pub product_name: String,
    pub period_months: i64,
    /// What the item cost, excluding VAT, in `currency`.
    pub amount_minor: i64,
    pub currency: String,
    /// Whether the partner paid it (PAR-7) rather than the client.
    pub partner_paid: bool,
    /// The partner's cashback on it, in the partner's currency (PAR-8).
    pub cashback_minor: i64,
}

/// PAR-10: the items of the invoices paid in `[from, until]` that concern `partner`: those it
/// paid for a client and those that earned it cashback, oldest first; with `user`, only the
/// clients assigned to that member (PAR-9). Not capped: the period bounds it, and an export
/// that dropped rows would be wrong without saying so.
pub async fn statement(
    c: &mut Conn,
    partner: i64,
    user: Option<i64>,
    from: i64,
    until: i64,
) -> StoreResult<Vec<StatementRow>> {
    let sql = "SELECT co.id AS client_id, co.name AS client_name, inv.paid_at AS paid_at, i.kind, i.product_type, \
               i.name AS product_name, i.period_months, i.amount_minor, o.currency, \
               (o.client_id IS NOT NULL) AS partner_paid, i.cashback_minor \
               FROM invoices inv JOIN orders o ON o.id = inv.order_id JOIN order_items i ON i.order_id = o.id \
               JOIN organizations co ON co.id = COALESCE(o.client_id, o.organization_id) \
               WHERE inv.kind = 'invoice' AND inv.status = 'paid' AND inv.paid_at >= $2 AND inv.paid_at <= $3 \
               AND (o.partner_id = $1 OR (o.client_id IS NOT NULL AND o.organization_id = $1)) \
               AND ($4 = 0 OR EXISTS (SELECT 1 FROM partnerships p JOIN partnership_members a ON a.partnership_id = p.id \
                    WHERE p.partner_id = $1 AND p.client_id = co.id AND a.user_id = $4)) \
               ORDER BY inv.paid_at, inv.id, i.position";
    Ok(q!(c, |e| sqlx::query_as(sql)
        .bind(partner)
        .bind(from)
        .bind(until)
        .bind(user.unwrap_or(0))
        .fetch_all(e)
        .await)?)
}
