//! Partnerships (PAR-2 to PAR-6, PAR-9, ORG-8): a client gives an approved partner limited
//! access (listed products) or full access (the whole organization, with a payment mode), or a
//! partner asks an address for access; the other side accepts or refuses through an e-mailed
//! link; the client changes the rights, either side ends it with the acting user's password.
//!
//! A client works with one partner at a time (one offered or active partnership per client,
//! held by a unique index, so twenty parallel offers make one). While active, the partnership
//! is a source of access in the authorization facts ([`crate::access::PartnerFacts`]).

use kontor_domain::{
    AuditAction, Email, Event, Language, OrgId, PartnerAccess, PartnerStatus, PartnershipStatus, PaymentMode,
};
use kontor_store::partners::partnerships::{self as repo, ManagedRow, NewPartnership, PartnershipRow};
use kontor_store::{Conn, identity::users, orgs::members, partners as partner_repo};
use serde_json::json;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::i18n::{t, t_with};
use crate::platform::mail::{PARTNERSHIP_PATH, Template};

/// The access a side asks for or grants.
#[derive(Debug, Clone, Default)]
pub struct AccessInput {
    /// `limited` or `full`.
    pub access: String,
    /// Limited: the client's products the partner manages.
    pub products: Vec<i64>,
    /// Full: `client` or `partner` (PAR-7).
    pub payment_mode: Option<String>,
}

/// PAR-2: a client's offer to a partner found in the directory.
#[derive(Debug, Clone, Default)]
pub struct OfferInput {
    pub partner: i64,
    pub access: AccessInput,
}

/// PAR-4: a partner's request to an address; under limited access it names the product
/// types it asks for, the client picks the products.
#[derive(Debug, Clone, Default)]
pub struct RequestInput {
    pub email: String,
    pub access: String,
    pub categories: Vec<String>,
    pub payment_mode: Option<String>,
}

/// Accepting a link. For a partner's request the client names its organization and may grant
/// more, less or other rights than asked (`access`; the ask when `None`).
#[derive(Debug, Clone, Default)]
pub struct AcceptInput {
    pub token: String,
    pub organization: Option<i64>,
    pub access: Option<AccessInput>,
}

/// Which side of a partnership an organization is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Client,
    Partner,
}

/// The access checked: what is written to the partnership.
struct Checked {
    access: PartnerAccess,
    mode: &'static str,
    products: Vec<i64>,
}

fn lang_of(code: &str) -> Language {
    Language::parse(code).unwrap_or_default()
}

/// The access of a partnership in words, in `lang` (e-mails).
pub fn access_words(lang: Language, access: PartnerAccess, mode: &str, products: usize) -> String {
    match (access, mode) {
        // A partner's request names no products: the client picks them.
        (PartnerAccess::Limited, _) if products == 0 => t(lang, "partnership-access-limited-ask"),
        (PartnerAccess::Limited, _) => t_with(
            lang,
            "partnership-access-limited",
            &[],
            &[("count", i64::try_from(products).unwrap_or(i64::MAX))],
        ),
        (PartnerAccess::Full, "partner") => t(lang, "partnership-access-full-partner"),
        (PartnerAccess::Full, _) => t(lang, "partnership-access-full-client"),
    }
}

/// PAR-7: the payment mode full access needs (`client` or `partner`); limited access has none.
/// `None` when full access names no valid mode.
fn payment_mode(access: Option<PartnerAccess>, mode: Option<&str>) -> Option<&'static str> {
    match (access, mode) {
        (Some(PartnerAccess::Full), Some(m)) => PaymentMode::parse(m).map(PaymentMode::as_str),
        (Some(PartnerAccess::Full), None) => None,
        _ => Some(""),
    }
}

/// PAR-4: what a request must hold, every problem at once.
fn check_request(input: &RequestInput) -> AppResult<(Email, PartnerAccess, &'static str, Vec<String>)> {
    let mut v = Validator::default();
    let email = Email::parse(&input.email);
    v.check(email.is_some(), "email", "invalid_email");
    let access = PartnerAccess::parse(&input.access);
    v.check(access.is_some(), "access", "invalid_access");
    let mode = payment_mode(access, input.payment_mode.as_deref());
    v.check(mode.is_some(), "payment_mode", "invalid_payment_mode");
    let mut categories = input.categories.clone();
    categories.sort();
    categories.dedup();
    v.check(
        categories
            .iter()
            .all(|c| kontor_domain::products::PRODUCT_TYPES.contains(&c.as_str())),
        "categories",
        "unknown_product_type",
    );
    v.finish()?;
    match (email, access) {
        (Some(email), Some(access)) => Ok((email, access, mode.unwrap_or_default(), categories)),
        _ => Err(AppError::field("email", "invalid_email")),
    }
}

/// PAR-9: `None` for a legal representative of the partner (every client), else the member
/// whose assigned clients count.
pub(super) fn assigned_only(actor: &Actor, facts: &crate::access::Facts) -> Option<i64> {
    match facts.role() {
        Some(kontor_domain::Role::LegalRepresentative) => None,
        _ => actor.user_id().map(|u| u.0),
    }
}

fn side_of(row: &PartnershipRow, org: i64) -> Option<Side> {
    if row.partner_id == org {
        Some(Side::Partner)
    } else if row.client_id == Some(org) {
        Some(Side::Client)
    } else {
        None
    }
}

impl App {
    /// PAR-2 limited / full with payment mode; the products must be the client's.
    async fn check_partner_access(
        &self,
        tx: &mut Conn,
        client: i64,
        input: &AccessInput,
    ) -> AppResult<Checked> {
        let mut v = Validator::default();
        let access = PartnerAccess::parse(&input.access);
        v.check(access.is_some(), "access", "invalid_access");
        let mode = payment_mode(access, input.payment_mode.as_deref());
        v.check(mode.is_some(), "payment_mode", "invalid_payment_mode");
        let products = if access == Some(PartnerAccess::Limited) {
            v.check(!input.products.is_empty(), "products", "required");
            self.check_products(tx, client, &input.products, &mut v).await?
        } else {
            Vec::new()
        };
        v.finish()?;
        Ok(Checked {
            access: access.unwrap_or(PartnerAccess::Limited),
            mode: mode.unwrap_or_default(),
            products,
        })
    }

    /// The approved partner an offer names; another organization is an unknown partner.
    async fn partner_record(&self, tx: &mut Conn, org: i64) -> AppResult<partner_repo::PartnerRow> {
        partner_repo::find(tx, org)
            .await?
            .filter(|p| p.status == PartnerStatus::Approved)
            .ok_or_else(|| AppError::field("partner", "unknown_partner"))
    }

    /// PAR-2, PAR-3: a legal representative of the client gives a partner access; the
    /// partner's legal representatives get the accept and refuse links.
    pub async fn offer_partnership(
        &self,
        actor: &Actor,
        client: OrgId,
        input: &OfferInput,
    ) -> AppResult<PartnershipRow> {
        let facts = self.load_facts(actor, client.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let user = actor.user_id().ok_or_else(AppError::not_found)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        if input.partner == client.0 {
            return Err(AppError::field("partner", "unknown_partner"));
        }
        let partner = self.partner_record(&mut change.tx, input.partner).await?;
        let checked = self
            .check_partner_access(&mut change.tx, client.0, &input.access)
            .await?;
        let secret = crypto::new_secret("");
        let id = repo::insert(
            &mut change.tx,
            &NewPartnership {
                client: Some(client.0),
                partner: partner.organization_id,
                status: PartnershipStatus::Offered,
                initiator: "client",
                access: checked.access,
                payment_mode: checked.mode,
                categories: "",
                email: "",
                token_hash: &crypto::sha256_hex(&secret),
                language: "",
                user: user.0,
                now,
            },
        )
        .await
        .map_err(|e| AppError::unique_as(e, "client", ErrorCode::PartnershipExists))?;
        repo::set_products(&mut change.tx, id, &checked.products).await?;
        let row = repo::find(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        self.record_both(&mut change, &row, AuditAction::PartnershipOffer, &details(&row))
            .await?;
        self.mail_offer(&mut change, &row, &secret).await?;
        change.commit().await?;
        Ok(row)
    }

    /// The partner's legal representatives get the offer with its two links.
    async fn mail_offer(
        &self,
        change: &mut crate::change::Change<'_>,
        row: &PartnershipRow,
        secret: &str,
    ) -> AppResult<()> {
        let link = format!("{}{PARTNERSHIP_PATH}{secret}", self.settings.public_url);
        for p in repo::legal_representatives(&mut change.tx, row.partner_id).await? {
            let lang = lang_of(&p.language);
            let template = Template::PartnershipOffered {
                client: row.client_name.clone().unwrap_or_default(),
                access: access_words(lang, row.access, &row.payment_mode, row.product_ids().len()),
                accept: format!("{link}?answer=accept"),
                refuse: format!("{link}?answer=refuse"),
            };
            change.mail(&p.email, lang, &p.first_name, &template).await?;
        }
        Ok(())
    }

    /// PAR-4: a legal representative of an approved partner asks an address for access.
    pub async fn request_client(
        &self,
        actor: &Actor,
        partner: OrgId,
        input: &RequestInput,
    ) -> AppResult<PartnershipRow> {
        let facts = self.load_facts(actor, partner.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let user = actor.user_id().ok_or_else(AppError::not_found)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        partner_repo::find(&mut change.tx, partner.0)
            .await?
            .filter(|p| p.status == PartnerStatus::Approved)
            .ok_or_else(|| AppError::new(ErrorCode::NotAPartner))?;
        let (email, access, mode, categories) = check_request(input)?;
        let requester = users::find_user(&mut change.tx, user.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        // The addressee's language when they have an account, else the requester's (MSG-2).
        let language = users::find_user_by_email(&mut change.tx, email.as_str())
            .await?
            .map_or(requester.language.clone(), |u| u.language);
        let secret = crypto::new_secret("");
        let id = repo::insert(
            &mut change.tx,
            &NewPartnership {
                client: None,
                partner: partner.0,
                status: PartnershipStatus::Requested,
                initiator: "partner",
                access,
                payment_mode: mode,
                categories: &categories.join(" "),
                email: email.as_str(),
                token_hash: &crypto::sha256_hex(&secret),
                language: &language,
                user: user.0,
                now,
            },
        )
        .await
        .map_err(|e| AppError::unique_as(e, "email", ErrorCode::RequestPending))?;
        let row = repo::find(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        self.record_both(&mut change, &row, AuditAction::PartnershipRequest, &details(&row))
            .await?;
        self.mail_request(&mut change, &row, &secret).await?;
        change.commit().await?;
        Ok(row)
    }

    async fn mail_request(
        &self,
        change: &mut crate::change::Change<'_>,
        row: &PartnershipRow,
        secret: &str,
    ) -> AppResult<()> {
        let lang = lang_of(&row.language);
        let link = format!("{}{PARTNERSHIP_PATH}{secret}", self.settings.public_url);
        let template = Template::PartnershipRequested {
            partner: row.partner_name.clone(),
            access: access_words(lang, row.access, &row.payment_mode, 0),
            link,
        };
        change.mail(&row.email, lang, "", &template).await?;
        Ok(())
    }

    /// PAR-3, PAR-4: the waiting partnership a link names (anyone holding the link may look).
    pub async fn partnership_by_link(&self, token: &str) -> AppResult<PartnershipRow> {
        let mut c = self.read().await?;
        repo::find_by_token(&mut c, &crypto::sha256_hex(token))
            .await?
            .filter(|p| {
                matches!(
                    p.status,
                    PartnershipStatus::Offered | PartnershipStatus::Requested
                )
            })
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))
    }

    /// PAR-3, PAR-4, PAR-5: accepts through the link. An offer is accepted by a legal
    /// representative of the partner; a request by a legal representative of the client
    /// organization they name, with the rights they choose. The partner's people who were
    /// members of the client become the partnership (ORG-8).
    pub async fn accept_partnership(&self, actor: &Actor, input: &AcceptInput) -> AppResult<PartnershipRow> {
        let row = self.partnership_by_link(&input.token).await?;
        let client = self.acceptor(actor, &row, input).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        self.partner_record(&mut change.tx, row.partner_id)
            .await
            .map_err(|_| AppError::new(ErrorCode::NotAPartner))?;
        let checked = self.granted(&mut change.tx, &row, client, input).await?;
        let started = repo::start(&mut change.tx, row.id, client, checked.access, checked.mode, now)
            .await
            .map_err(|e| AppError::unique_as(e, "client", ErrorCode::PartnershipExists))?;
        if !started {
            return Err(AppError::new(ErrorCode::PartnershipNotPending));
        }
        repo::set_products(&mut change.tx, row.id, &checked.products).await?;
        let converted = self
            .absorb_external_members(&mut change, row.id, client, row.partner_id)
            .await?;
        let row = repo::find(&mut change.tx, row.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let text = format!("{} converted_members={converted:?}", details(&row));
        self.record_both(&mut change, &row, AuditAction::PartnershipAccept, &text)
            .await?;
        self.emit_both(&mut change, &row, Event::PartnershipStarted)
            .await?;
        let told = if row.initiator == "client" {
            client
        } else {
            row.partner_id
        };
        self.mail_side(&mut change, &row, told, |lang, row| {
            Template::PartnershipAccepted {
                client: row.client_name.clone().unwrap_or_default(),
                partner: row.partner_name.clone(),
                access: access_words(lang, row.access, &row.payment_mode, row.product_ids().len()),
            }
        })
        .await?;
        change.commit().await?;
        Ok(row)
    }

    /// Who may accept: a legal representative of the partner for an offer, of the client
    /// organization named for a request. Answers the client.
    async fn acceptor(&self, actor: &Actor, row: &PartnershipRow, input: &AcceptInput) -> AppResult<i64> {
        let (client, decider) = if row.status == PartnershipStatus::Offered {
            (row.client_id.unwrap_or_default(), row.partner_id)
        } else {
            let client = input
                .organization
                .ok_or_else(|| AppError::field("organization", "required"))?;
            (client, client)
        };
        let facts = self.load_facts(actor, decider).await?;
        if !facts.reaches() {
            return Err(AppError::with_message(
                ErrorCode::Forbidden,
                "sign in as a legal representative of the organization this link is for",
            ));
        }
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        if client == row.partner_id {
            return Err(AppError::field("organization", "unknown_organization"));
        }
        Ok(client)
    }

    /// The access an acceptance starts with: an offer's own terms; for a request, what the
    /// client grants (which may differ from the ask) — a limited ask needs its products named.
    async fn granted(
        &self,
        tx: &mut Conn,
        row: &PartnershipRow,
        client: i64,
        input: &AcceptInput,
    ) -> AppResult<Checked> {
        match (row.status, &input.access) {
            (PartnershipStatus::Requested, Some(a)) => self.check_partner_access(tx, client, a).await,
            (PartnershipStatus::Requested, None) if row.access == PartnerAccess::Limited => {
                Err(AppError::field("products", "required"))
            }
            _ => Ok(Checked {
                access: row.access,
                mode: payment_mode(Some(row.access), Some(&row.payment_mode)).unwrap_or_default(),
                products: row.product_ids(),
            }),
        }
    }

    /// ORG-8, PAR-5: the client's members who are also members of the partner (legal
    /// representatives of the client aside: theirs is a binding role, not an access) stop being
    /// members; their access is now the partnership's, assigned to them (PAR-9).
    async fn absorb_external_members(
        &self,
        change: &mut crate::change::Change<'_>,
        partnership: i64,
        client: i64,
        partner: i64,
    ) -> AppResult<Vec<i64>> {
        let mut moved = Vec::new();
        for user in repo::partner_people_in(&mut change.tx, client, partner).await? {
            let Some(m) = members::find_member(&mut change.tx, client, user).await? else {
                continue;
            };
            if m.role == kontor_domain::Role::LegalRepresentative.as_str() {
                continue;
            }
            members::delete_membership(&mut change.tx, client, user).await?;
            moved.push(user);
        }
        let mut assigned = repo::members(&mut change.tx, partnership).await?;
        assigned.extend(&moved);
        assigned.sort_unstable();
        assigned.dedup();
        repo::set_members(&mut change.tx, partnership, &assigned).await?;
        Ok(moved)
    }

    /// PAR-3, PAR-4: refuses through the link; holding the link is enough, as for declining an
    /// invitation. The side that asked is told.
    pub async fn refuse_partnership(&self, actor: &Actor, token: &str) -> AppResult<PartnershipRow> {
        let row = self.partnership_by_link(token).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let by = actor.user_id().map(|u| u.0);
        let from = [PartnershipStatus::Offered, PartnershipStatus::Requested];
        if !repo::close(&mut change.tx, row.id, &from, PartnershipStatus::Refused, by, now).await? {
            return Err(AppError::new(ErrorCode::PartnershipNotPending));
        }
        let row = repo::find(&mut change.tx, row.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        self.record_both(&mut change, &row, AuditAction::PartnershipRefuse, &details(&row))
            .await?;
        let told = if row.initiator == "client" {
            row.client_id.unwrap_or_default()
        } else {
            row.partner_id
        };
        self.mail_side(&mut change, &row, told, |_, row| Template::PartnershipRefused {
            client: row.client_name.clone().unwrap_or_else(|| row.email.clone()),
            partner: row.partner_name.clone(),
        })
        .await?;
        change.commit().await?;
        Ok(row)
    }

    /// PAR-2, PAR-9: the client's partnerships (client side), for its administrators and legal
    /// representatives.
    pub async fn client_partnerships(&self, actor: &Actor, client: OrgId) -> AppResult<Vec<PartnershipRow>> {
        let facts = self.load_facts(actor, client.0).await?;
        authorize(actor, Action::MembersRead, Resource::Organization(&facts))?;
        let mut c = self.read().await?;
        Ok(repo::of_client(&mut c, client.0).await?)
    }

    /// PAR-3, PAR-9: the partner's clients and requests. Legal representatives see every one;
    /// another member only the clients assigned to them.
    pub async fn partner_clients(&self, actor: &Actor, partner: OrgId) -> AppResult<Vec<PartnershipRow>> {
        let facts = self.load_facts(actor, partner.0).await?;
        authorize(actor, Action::OrganizationRead, Resource::Organization(&facts))?;
        super::members_only(&facts)?;
        let only = assigned_only(actor, &facts);
        let mut c = self.read().await?;
        Ok(repo::of_partner(&mut c, partner.0, only).await?)
    }

    /// The partner space: the products of its clients that expire within `days`, soonest
    /// first, as far as the member reaches them (PAR-9).
    pub async fn partner_renewals(
        &self,
        actor: &Actor,
        partner: OrgId,
        days: i64,
    ) -> AppResult<Vec<ManagedRow>> {
        let facts = self.load_facts(actor, partner.0).await?;
        authorize(actor, Action::OrganizationRead, Resource::Organization(&facts))?;
        super::members_only(&facts)?;
        let only = assigned_only(actor, &facts);
        let until = self.now_ts() + days * 86_400;
        let mut c = self.read().await?;
        Ok(repo::renewals_due(&mut c, partner.0, only, until, 200).await?)
    }

    /// One partnership of `org` (either side), with the side it is on; another organization's
    /// partnership does not exist (AUTHZ-2).
    async fn partnership_of(&self, tx: &mut Conn, org: i64, id: i64) -> AppResult<(PartnershipRow, Side)> {
        let row = repo::find(tx, id).await?.ok_or_else(AppError::not_found)?;
        let side = side_of(&row, org).ok_or_else(AppError::not_found)?;
        Ok((row, side))
    }

    /// PAR-9: the partner's members assigned to one of its clients.
    pub async fn partnership_members(&self, actor: &Actor, partner: OrgId, id: i64) -> AppResult<Vec<i64>> {
        let facts = self.load_facts(actor, partner.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let mut c = self.read().await?;
        let (row, side) = self.partnership_of(&mut c, partner.0, id).await?;
        if side != Side::Partner {
            return Err(AppError::not_found());
        }
        Ok(repo::members(&mut c, row.id).await?)
    }

    /// PAR-3, PAR-4: sends the link again (a new secret; the old link stops working). The
    /// side that made the offer or request resends it.
    pub async fn resend_partnership(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<PartnershipRow> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let (row, side) = self.partnership_of(&mut change.tx, org.0, id).await?;
        let mine = matches!(
            (side, row.status),
            (Side::Client, PartnershipStatus::Offered) | (Side::Partner, PartnershipStatus::Requested)
        );
        let secret = crypto::new_secret("");
        if !mine || !repo::renew_token(&mut change.tx, row.id, &crypto::sha256_hex(&secret), now).await? {
            return Err(AppError::new(ErrorCode::PartnershipNotPending));
        }
        let row = repo::find(&mut change.tx, row.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change
            .record(Entry::new(AuditAction::PartnershipResend, "partnership", Some(row.id)).org(org.0))
            .await?;
        match side {
            Side::Client => self.mail_offer(&mut change, &row, &secret).await?,
            Side::Partner => self.mail_request(&mut change, &row, &secret).await?,
        }
        change.commit().await?;
        Ok(row)
    }

    /// PAR-3, PAR-4: withdraws an offer or request not yet answered; its link stops working.
    pub async fn withdraw_partnership(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
    ) -> AppResult<PartnershipRow> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let user = actor.user_id().ok_or_else(AppError::not_found)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let (row, side) = self.partnership_of(&mut change.tx, org.0, id).await?;
        let from: &[PartnershipStatus] = match side {
            Side::Client => &[PartnershipStatus::Offered],
            Side::Partner => &[PartnershipStatus::Requested],
        };
        if !repo::close(
            &mut change.tx,
            row.id,
            from,
            PartnershipStatus::Withdrawn,
            Some(user.0),
            now,
        )
        .await?
        {
            return Err(AppError::new(ErrorCode::PartnershipNotPending));
        }
        let row = repo::find(&mut change.tx, row.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        self.record_both(
            &mut change,
            &row,
            AuditAction::PartnershipWithdraw,
            &details(&row),
        )
        .await?;
        change.commit().await?;
        Ok(row)
    }

    /// PAR-6, PAR-7: the client changes the partner's rights (limited ↔ full, products, payment
    /// mode) of an offered or active partnership; an active partner is told by e-mail.
    pub async fn change_partnership(
        &self,
        actor: &Actor,
        client: OrgId,
        id: i64,
        input: &AccessInput,
    ) -> AppResult<PartnershipRow> {
        let facts = self.load_facts(actor, client.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let (before, side) = self.partnership_of(&mut change.tx, client.0, id).await?;
        if side != Side::Client {
            return Err(AppError::not_found());
        }
        let checked = self.check_partner_access(&mut change.tx, client.0, input).await?;
        if !repo::set_access(&mut change.tx, id, checked.access, checked.mode, now).await? {
            return Err(AppError::new(ErrorCode::PartnershipNotActive));
        }
        repo::set_products(&mut change.tx, id, &checked.products).await?;
        let row = repo::find(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let text = format!("{} → {}", details(&before), details(&row));
        self.record_both(&mut change, &row, AuditAction::PartnershipChange, &text)
            .await?;
        if row.status == PartnershipStatus::Active {
            self.emit_both(&mut change, &row, Event::PartnershipChanged)
                .await?;
            self.mail_side(&mut change, &row, row.partner_id, |lang, row| {
                Template::PartnershipChanged {
                    client: row.client_name.clone().unwrap_or_default(),
                    access: access_words(lang, row.access, &row.payment_mode, row.product_ids().len()),
                }
            })
            .await?;
        }
        change.commit().await?;
        Ok(row)
    }

    /// PAR-9: a legal representative of the partner chooses which of its members manage a
    /// client (legal representatives always do).
    pub async fn assign_partnership_members(
        &self,
        actor: &Actor,
        partner: OrgId,
        id: i64,
        users: &[i64],
    ) -> AppResult<Vec<i64>> {
        let facts = self.load_facts(actor, partner.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let (row, side) = self.partnership_of(&mut change.tx, partner.0, id).await?;
        if side != Side::Partner {
            return Err(AppError::not_found());
        }
        let mut users = users.to_vec();
        users.sort_unstable();
        users.dedup();
        for u in &users {
            if kontor_store::orgs::find_membership(&mut change.tx, partner.0, *u)
                .await?
                .is_none()
            {
                return Err(AppError::field("members", "unknown_member"));
            }
        }
        repo::set_members(&mut change.tx, row.id, &users).await?;
        change
            .record(
                Entry::new(AuditAction::PartnershipAssign, "partnership", Some(row.id))
                    .org(partner.0)
                    .details(format!("members={users:?}")),
            )
            .await?;
        change.commit().await?;
        Ok(users)
    }

    /// PAR-6: either side ends an active partnership with the acting user's password (a wrong
    /// one counts towards lock-out, ACC-4). Every access ends at once; the products stay with
    /// the client; the other side is told.
    pub async fn end_partnership(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        password: &str,
    ) -> AppResult<PartnershipRow> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::PartnersManage, Resource::Organization(&facts))?;
        let user = self.get_profile(actor).await?;
        let mut c = self.read().await?;
        let (row, side) = self.partnership_of(&mut c, org.0, id).await?;
        drop(c);
        if row.status != PartnershipStatus::Active {
            return Err(AppError::new(ErrorCode::PartnershipNotActive));
        }
        let ok = self
            .current_password_ok(actor, &user.email, &user.password_hash, password)
            .await?;
        Validator::default()
            .check(ok, "password", "wrong_password")
            .finish()?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let from = [PartnershipStatus::Active];
        if !repo::close(
            &mut change.tx,
            row.id,
            &from,
            PartnershipStatus::Ended,
            Some(user.id),
            now,
        )
        .await?
        {
            return Err(AppError::new(ErrorCode::PartnershipNotActive));
        }
        let client = row.client_id.unwrap_or_default();
        repo::forget_client_sessions(&mut change.tx, row.partner_id, client).await?;
        let row = repo::find(&mut change.tx, row.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let by = match side {
            Side::Client => "client",
            Side::Partner => "partner",
        };
        let text = format!("{} ended_by={by}", details(&row));
        self.record_both(&mut change, &row, AuditAction::PartnershipEnd, &text)
            .await?;
        self.emit_both(&mut change, &row, Event::PartnershipEnded).await?;
        let told = match side {
            Side::Client => row.partner_id,
            Side::Partner => client,
        };
        self.mail_side(&mut change, &row, told, |_, row| Template::PartnershipEnded {
            client: row.client_name.clone().unwrap_or_default(),
            partner: row.partner_name.clone(),
        })
        .await?;
        change.commit().await?;
        Ok(row)
    }

    /// Every change is audited on both sides (the client once it is known).
    async fn record_both(
        &self,
        change: &mut crate::change::Change<'_>,
        row: &PartnershipRow,
        action: AuditAction,
        details: &str,
    ) -> AppResult<()> {
        let mut entries = vec![
            Entry::new(action, "partnership", Some(row.id))
                .org(row.partner_id)
                .details(details.to_owned()),
        ];
        if let Some(client) = row.client_id {
            entries.push(
                Entry::new(action, "partnership", Some(row.id))
                    .org(client)
                    .details(details.to_owned()),
            );
        }
        change.record_many(entries).await
    }

    /// A `partner.*` event for each side's webhooks.
    async fn emit_both(
        &self,
        change: &mut crate::change::Change<'_>,
        row: &PartnershipRow,
        event: Event,
    ) -> AppResult<()> {
        let data = json!({
            "partnership_id": row.id,
            "client_id": row.client_id,
            "partner_id": row.partner_id,
            "status": row.status.as_str(),
            "access": row.access.as_str(),
            "payment_mode": row.payment_mode,
            "products": row.product_ids(),
        });
        change.emit(event, Some(row.partner_id), data.clone()).await?;
        if let Some(client) = row.client_id {
            change.emit(event, Some(client), data).await?;
        }
        Ok(())
    }

    /// Mails the legal representatives of `org`, each in their language.
    async fn mail_side(
        &self,
        change: &mut crate::change::Change<'_>,
        row: &PartnershipRow,
        org: i64,
        template: impl Fn(Language, &PartnershipRow) -> Template,
    ) -> AppResult<()> {
        for p in repo::legal_representatives(&mut change.tx, org).await? {
            let lang = lang_of(&p.language);
            change
                .mail(&p.email, lang, &p.first_name, &template(lang, row))
                .await?;
        }
        Ok(())
    }
}

/// The audit details of a partnership's terms.
fn details(row: &PartnershipRow) -> String {
    format!(
        "client={} partner={} access={} payment_mode={} products={:?} email={}",
        row.client_id.map_or_else(String::new, |c| c.to_string()),
        row.partner_id,
        row.access.as_str(),
        row.payment_mode,
        row.product_ids(),
        row.email
    )
}
