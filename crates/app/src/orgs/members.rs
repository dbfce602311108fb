//! Members of an organization (ORG-1 to ORG-8): the list, rights changes, removal (one or
//! several, each atomic), leaving, and the last-legal-representative rule on every path.

use kontor_domain::{AuditAction, Event, OrgId, Role, UserId};
use kontor_store::orgs::members::{self as repo, MemberRow};
use kontor_store::{Conn, identity::sessions, products};
use serde_json::json;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};

/// The kinds of messages a member may receive (ORG-1).
pub const CONTACT_PREFERENCES: [&str; 4] = ["administrative", "billing", "technical", "commercial"];

/// Checks and normalises a list of contact preferences.
pub fn contact_preferences(v: &mut Validator, prefs: &[String]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in prefs {
        match CONTACT_PREFERENCES.iter().find(|c| **c == p.as_str()) {
            Some(c) if !out.contains(c) => out.push(c),
            Some(_) => {}
            None => {
                v.fail("contact_preferences", "unknown_contact_preference");
            }
        }
    }
    out.sort_unstable();
    out.join(" ")
}

/// A member with what the list shows (ORG-8: external when their home is elsewhere).
#[derive(Debug, Clone)]
pub struct Member {
    pub row: MemberRow,
    pub external: bool,
    pub products: Vec<i64>,
    pub workgroups: Vec<i64>,
}

/// Changes to a member's rights; absent fields stay.
#[derive(Debug, Clone, Default)]
pub struct MemberChanges {
    pub role: Option<String>,
    pub billing: Option<bool>,
    pub products: Option<Vec<i64>>,
    pub contact_preferences: Option<Vec<String>>,
}

/// Why a member cannot leave (ORG-7), each with its check in [`App::leave_blockers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeaveBlocker {
    LastLegalRepresentative,
    /// Holds a seat of these workspace suites (PRD-9).
    Seat(Vec<String>),
    /// The login address is a mailbox of a mail service of the organization.
    Mailbox(String),
}

impl LeaveBlocker {
    pub fn error(&self) -> AppError {
        match self {
            LeaveBlocker::LastLegalRepresentative => AppError::with_message(
                ErrorCode::LastLegalRepresentative,
                "you are the last legal representative: appoint another one first",
            ),
            LeaveBlocker::Seat(suites) => AppError::with_message(
                ErrorCode::SeatHolder,
                format!(
                    "this member holds a seat of the workspace suite {}: free the seat first",
                    suites.join(", ")
                ),
            ),
            LeaveBlocker::Mailbox(address) => AppError::with_message(
                ErrorCode::MailboxAddress,
                format!(
                    "the login address {address} is a mailbox of this organization: change the login address or have the mailbox removed first"
                ),
            ),
        }
    }
}

/// One outcome of a bulk removal.
#[derive(Debug)]
pub struct RemovalOutcome {
    pub user_id: i64,
    pub result: AppResult<()>,
}

impl App {
    fn member_view(row: MemberRow, org: i64, products: Vec<i64>, workgroups: Vec<i64>) -> Member {
        let external = row.home_organization_id.is_some_and(|h| h != org);
        Member {
            row,
            external,
            products,
            workgroups,
        }
    }

    /// ORG-1: the members of an organization (legal representatives and administrators).
    pub async fn list_members(
        &self,
        actor: &Actor,
        org: OrgId,
        page: i64,
        per_page: i64,
    ) -> AppResult<(Vec<Member>, i64)> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::MembersRead, Resource::Organization(&facts))?;
        let mut c = self.read().await?;
        let offset = crate::platform::error::page_offset(page, per_page)?;
        let rows = repo::list_members(&mut c, org.0, per_page, offset).await?;
        let total = repo::count_members(&mut c, org.0).await?;
        Ok((
            rows.into_iter()
                .map(|r| App::member_view(r, org.0, vec![], vec![]))
                .collect(),
            total,
        ))
    }

    pub async fn get_member(&self, actor: &Actor, org: OrgId, user: UserId) -> AppResult<Member> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::MembersRead, Resource::Organization(&facts))?;
        let mut c = self.read().await?;
        let row = repo::find_member(&mut c, org.0, user.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        let products = repo::list_member_products(&mut c, org.0, user.0).await?;
        let groups = kontor_store::orgs::workgroups::list_workgroups_of_member(&mut c, org.0, user.0).await?;
        Ok(App::member_view(row, org.0, products, groups))
    }

    /// Checks that every id names a product of `org`.
    pub(crate) async fn check_products(
        &self,
        c: &mut Conn,
        org: i64,
        ids: &[i64],
        v: &mut Validator,
    ) -> AppResult<Vec<i64>> {
        let own = products::list_product_ids_of_org(c, org).await?;
        let mut out: Vec<i64> = ids.to_vec();
        out.sort_unstable();
        out.dedup();
        v.check(
            out.iter().all(|p| own.binary_search(p).is_ok()),
            "products",
            "unknown_product",
        );
        Ok(out)
    }

    /// ORG-6: changes role, billing flag, products, contact preferences, within ORG-1.
    pub async fn update_member(
        &self,
        actor: &Actor,
        org: OrgId,
        user: UserId,
        ch: MemberChanges,
    ) -> AppResult<Member> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::MembersUpdate, Resource::Organization(&facts))?;
        let mut change = self.change(actor, self.now_ts()).await?;
        let current = repo::find_member(&mut change.tx, org.0, user.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        let old_role = Role::parse(&current.role).unwrap_or(Role::User);
        let mut v = Validator::default();
        let role = match ch.role.as_deref() {
            None => old_role,
            Some(r) => Role::parse(r).unwrap_or_else(|| {
                v.fail("role", "invalid_role");
                old_role
            }),
        };
        let prefs = match &ch.contact_preferences {
            Some(p) => contact_preferences(&mut v, p),
            None => current.contact_preferences.clone(),
        };
        let products = match &ch.products {
            Some(p) => Some(self.check_products(&mut change.tx, org.0, p, &mut v).await?),
            None => None,
        };
        v.finish()?;
        if (role == Role::LegalRepresentative) != (old_role == Role::LegalRepresentative) {
            authorize(actor, Action::MembersAppointLegal, Resource::Organization(&facts))?;
        }
        if old_role == Role::LegalRepresentative
            && role != Role::LegalRepresentative
            && repo::count_legal_representatives(&mut change.tx, org.0).await? <= 1
        {
            return Err(LeaveBlocker::LastLegalRepresentative.error());
        }
        // ORG-1: a legal representative always has billing rights.
        let billing = role == Role::LegalRepresentative || ch.billing.unwrap_or(current.billing);
        repo::update_membership(&mut change.tx, org.0, user.0, role.as_str(), billing, &prefs).await?;
        if let Some(p) = &products {
            repo::set_member_products(&mut change.tx, org.0, user.0, p).await?;
        }
        let details = format!(
            "role={} billing={billing} contact={prefs}{}",
            role.as_str(),
            products
                .as_ref()
                .map(|p| format!(" products={p:?}"))
                .unwrap_or_default()
        );
        change
            .record(
                Entry::new(AuditAction::MemberUpdate, "user", Some(user.0))
                    .org(org.0)
                    .details(details),
            )
            .await?;
        change.commit().await?;
        self.get_member(actor, org, user).await
    }

    /// The reasons a member cannot leave `org` now (ORG-7).
    /// `leaving`: the member leaves by themselves (the mailbox rule applies); a removal by a
    /// manager is held only by the last legal representative and by seats (a seat must be
    /// reassigned before its holder goes).
    async fn leave_blockers(
        &self,
        c: &mut Conn,
        org: i64,
        user: i64,
        leaving: bool,
    ) -> AppResult<Vec<LeaveBlocker>> {
        let mut blockers = Vec::new();
        let member = repo::find_member(c, org, user)
            .await?
            .ok_or_else(AppError::not_found)?;
        if member.role == Role::LegalRepresentative.as_str()
            && repo::count_legal_representatives(c, org).await? <= 1
        {
            blockers.push(LeaveBlocker::LastLegalRepresentative);
        }
        let suites = kontor_store::products::sites::seats_of_user(c, org, user).await?;
        if !suites.is_empty() {
            blockers.push(LeaveBlocker::Seat(suites));
        }
        if leaving && kontor_store::products::sites::is_mailbox_of_org(c, org, &member.email).await? {
            blockers.push(LeaveBlocker::Mailbox(member.email.clone()));
        }
        Ok(blockers)
    }

    /// Removes one member atomically (ORG-3, ORG-6).
    async fn remove_one(
        &self,
        actor: &Actor,
        org: i64,
        user: i64,
        facts: &crate::access::Facts,
    ) -> AppResult<()> {
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let member = repo::find_member(&mut change.tx, org, user)
            .await?
            .ok_or_else(AppError::not_found)?;
        if member.role == Role::LegalRepresentative.as_str() {
            authorize(actor, Action::MembersAppointLegal, Resource::Organization(facts))?;
        }
        if let Some(b) = self
            .leave_blockers(&mut change.tx, org, user, false)
            .await?
            .first()
        {
            return Err(b.error());
        }
        repo::delete_membership(&mut change.tx, org, user).await?;
        self.forget_current_org(&mut change.tx, user, org).await?;
        let details = format!("email={} role={}", member.email, member.role);
        change
            .record(
                Entry::new(AuditAction::MemberRemove, "user", Some(user))
                    .org(org)
                    .details(details),
            )
            .await?;
        let data = json!({"user_id": user, "email": member.email, "role": member.role, "reason": "removed"});
        change.emit(Event::MemberRemoved, Some(org), data).await?;
        change.commit().await
    }

    /// Sessions whose current organization was this one fall back to none.
    async fn forget_current_org(&self, tx: &mut Conn, user: i64, org: i64) -> AppResult<()> {
        sessions::clear_current_org(tx, user, org).await?;
        Ok(())
    }

    /// ORG-6: removes one member.
    pub async fn remove_member(&self, actor: &Actor, org: OrgId, user: UserId) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::MembersRemove, Resource::Organization(&facts))?;
        self.remove_one(actor, org.0, user.0, &facts).await
    }

    /// ORG-6: removes several members; each removal succeeds or fails on its own.
    pub async fn remove_members(
        &self,
        actor: &Actor,
        org: OrgId,
        users: &[i64],
    ) -> AppResult<Vec<RemovalOutcome>> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::MembersRemove, Resource::Organization(&facts))?;
        let mut out = Vec::with_capacity(users.len());
        for &user in users {
            let result = self.remove_one(actor, org.0, user, &facts).await;
            out.push(RemovalOutcome {
                user_id: user,
                result,
            });
        }
        Ok(out)
    }

    /// ORG-7: whether the acting user could leave the organization now — the refusal
    /// `leave_organization` would answer, changing nothing (the console asks before its
    /// confirmation step, so a member held there is told at once).
    pub async fn check_leave(&self, actor: &Actor, org: OrgId) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::OrganizationRead, Resource::Organization(&facts))?;
        let user = actor.user_id().ok_or_else(AppError::not_found)?;
        let mut c = self.read().await?;
        match self.leave_blockers(&mut c, org.0, user.0, true).await?.first() {
            Some(b) => Err(b.error()),
            None => Ok(()),
        }
    }

    /// ORG-7: the acting user leaves the organization, unless something holds them.
    pub async fn leave_organization(&self, actor: &Actor, org: OrgId) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::OrganizationRead, Resource::Organization(&facts))?;
        let user = actor.user_id().ok_or_else(AppError::not_found)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        if let Some(b) = self
            .leave_blockers(&mut change.tx, org.0, user.0, true)
            .await?
            .first()
        {
            return Err(b.error());
        }
        let member = repo::find_member(&mut change.tx, org.0, user.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        repo::delete_membership(&mut change.tx, org.0, user.0).await?;
        self.forget_current_org(&mut change.tx, user.0, org.0).await?;
        let data = json!({"user_id": user.0, "email": member.email, "role": member.role, "reason": "left"});
        change.emit(Event::MemberRemoved, Some(org.0), data).await?;
        change
            .record(Entry::new(AuditAction::MemberLeave, "user", Some(user.0)).org(org.0))
            .await?;
        change.commit().await
    }
}

impl App {
    /// The organization's products, for the grant pickers of members and workgroups.
    pub async fn list_grantable_products(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> AppResult<Vec<products::ProductRow>> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::MembersUpdate, Resource::Organization(&facts))?;
        let mut c = self.read().await?;
        Ok(products::list_products_of_org(&mut c, org.0).await?)
    }
}
