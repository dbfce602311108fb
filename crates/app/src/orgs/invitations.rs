//! Invitations (ORG-4, ORG-5, ACC-2, GRP-3): an e-mailed single-use link valid 7 days that
//! makes the invitee a member with exactly the invited rights. Accepting needs either the
//! signed-in account of the invited address, or a new account, which gets no organization of
//! its own.

use kontor_domain::{AuditAction, Email, InvitationStatus, Language, OrgId, Role, UserId};
use kontor_store::identity::users::UserRow;
use kontor_store::orgs::invitations::{self as repo, InvitationRow, NewInvitation};
use kontor_store::{Conn, identity::users, orgs, orgs::members, orgs::workgroups};

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::orgs::members::contact_preferences;
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::mail::{INVITATION_PATH, Template};

/// What an invitation asks for.
#[derive(Debug, Clone, Default)]
pub struct InviteInput {
    pub email: String,
    pub role: String,
    pub billing: Option<bool>,
    pub products: Vec<i64>,
    pub workgroups: Vec<i64>,
    pub contact_preferences: Option<Vec<String>>,
}

/// A new account made while accepting (ACC-2).
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    pub first_name: String,
    pub last_name: String,
    pub password: String,
    pub language: Option<String>,
}

/// What joining by invitation in the console left: the organization joined and, for a new
/// account, the secret of its first session.
#[derive(Debug, Clone)]
pub struct Joined {
    pub organization_id: i64,
    pub session: Option<String>,
}

/// An invitation's checked contents.
struct Invited {
    email: Email,
    role: Role,
    prefs: String,
    products: Vec<i64>,
    groups: Vec<i64>,
}

fn ids(s: &str) -> Vec<i64> {
    s.split_whitespace().filter_map(|x| x.parse().ok()).collect()
}

fn ids_text(ids: &[i64]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
}

/// The state an invitation shows: `pending` turns `expired` when its link ran out.
pub fn status(i: &InvitationRow, now: i64) -> InvitationStatus {
    if i.status == InvitationStatus::Pending && i.expires_at <= now {
        InvitationStatus::Expired
    } else {
        i.status
    }
}

/// ORG-4, ORG-5: an address that is already a member, or already invited, is refused.
/// Answers the account of the address, if it has one.
async fn refuse_duplicate(tx: &mut Conn, org: OrgId, email: &Email, now: i64) -> AppResult<Option<UserRow>> {
    let existing = users::find_user_by_email(tx, email.as_str()).await?;
    if let Some(u) = &existing
        && orgs::find_membership(tx, org.0, u.id).await?.is_some()
    {
        return Err(AppError::new(ErrorCode::AlreadyMember));
    }
    if repo::list_pending(tx, org.0, now)
        .await?
        .iter()
        .any(|i| i.email == email.as_str())
    {
        return Err(AppError::new(ErrorCode::InvitationPending));
    }
    Ok(existing)
}

/// ORG-5: the user becomes a member with exactly the invited rights (nothing changes for one
/// who is a member already).
async fn join(tx: &mut Conn, inv: &InvitationRow, user_id: i64, now: i64) -> AppResult<()> {
    if orgs::find_membership(tx, inv.organization_id, user_id)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let membership = orgs::MembershipRow {
        organization_id: inv.organization_id,
        user_id,
        role: inv.role.clone(),
        billing: inv.billing,
        contact_preferences: inv.contact_preferences.clone(),
    };
    orgs::insert_membership(tx, &membership, now).await?;
    members::set_member_products(tx, inv.organization_id, user_id, &ids(&inv.products)).await?;
    for g in ids(&inv.workgroups) {
        workgroups::add_workgroup_member(tx, g, user_id).await?;
    }
    Ok(())
}

impl App {
    fn invitation_days(&self) -> i64 {
        self.settings.invitation_days
    }

    async fn queue_invitation(
        &self,
        tx: &mut kontor_store::Conn,
        inv: &InvitationRow,
        org_name: &str,
        inviter: &str,
        secret: &str,
        now: i64,
    ) -> AppResult<()> {
        let lang = Language::parse(&inv.language).unwrap_or_default();
        let tpl = Template::Invitation {
            organization: org_name.to_owned(),
            inviter: inviter.to_owned(),
            link: format!("{}{INVITATION_PATH}{secret}", self.settings.public_url),
            days: self.invitation_days(),
        };
        self.queue_mail(tx, now, &inv.email, lang, "", &tpl).await?;
        Ok(())
    }

    /// ORG-4, ORG-5: invites someone by e-mail with a role, billing flag, products, workgroups
    /// and contact preferences.
    pub async fn invite_member(
        &self,
        actor: &Actor,
        org: OrgId,
        input: InviteInput,
    ) -> AppResult<InvitationRow> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::MembersInvite, Resource::Organization(&facts))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let Invited {
            email,
            role,
            prefs,
            products,
            groups,
        } = self.check_invited(&mut change.tx, org, &input).await?;
        if role == Role::LegalRepresentative {
            authorize(actor, Action::MembersAppointLegal, Resource::Organization(&facts))?;
        }
        let existing = refuse_duplicate(&mut change.tx, org, &email, now).await?;
        let inviter = users::find_user(&mut change.tx, actor.user_id().map_or(0, |u| u.0))
            .await?
            .ok_or_else(AppError::not_found)?;
        // The invitee's language when they have an account, else the inviter's (MSG-2).
        let language = existing
            .as_ref()
            .map_or(inviter.language.clone(), |u| u.language.clone());
        let secret = crypto::new_secret("");
        let billing = role == Role::LegalRepresentative || input.billing.unwrap_or(false);
        let id = repo::insert_invitation(
            &mut change.tx,
            &NewInvitation {
                organization_id: org.0,
                email: email.as_str(),
                token_hash: &crypto::sha256_hex(&secret),
                role: role.as_str(),
                billing,
                contact_preferences: &prefs,
                products: &ids_text(&products),
                workgroups: &ids_text(&groups),
                language: &language,
                invited_by: inviter.id,
                now,
                expires_at: now + self.invitation_days() * 86_400,
            },
        )
        .await?;
        let inv = self
            .announce_invitation(&mut change.tx, org, id, &inviter, &secret, now)
            .await?;
        let details = format!(
            "email={email} role={} billing={billing} products={products:?} workgroups={groups:?}",
            role.as_str()
        );
        change
            .record(
                Entry::new(AuditAction::MemberInvite, "invitation", Some(id))
                    .org(org.0)
                    .details(details),
            )
            .await?;
        change.mailed(true);
        change.commit().await?;
        Ok(inv)
    }

    /// ORG-4: the invited address, role, contact preferences, products and workgroups, every
    /// problem named at once.
    async fn check_invited(&self, tx: &mut Conn, org: OrgId, input: &InviteInput) -> AppResult<Invited> {
        let mut v = Validator::default();
        let email = Email::parse(&input.email);
        v.check(email.is_some(), "email", "invalid_email");
        let role = Role::parse(&input.role);
        v.check(role.is_some(), "role", "invalid_role");
        let prefs = contact_preferences(
            &mut v,
            &input
                .contact_preferences
                .clone()
                .unwrap_or_else(|| vec!["administrative".into(), "technical".into()]),
        );
        let products = self.check_products(tx, org.0, &input.products, &mut v).await?;
        let own_groups: Vec<i64> = workgroups::list_workgroups(tx, org.0)
            .await?
            .iter()
            .map(|w| w.id)
            .collect();
        let mut groups = input.workgroups.clone();
        groups.sort_unstable();
        groups.dedup();
        v.check(
            groups.iter().all(|g| own_groups.contains(g)),
            "workgroups",
            "unknown_workgroup",
        );
        v.finish()?;
        let (Some(email), Some(role)) = (email, role) else {
            return Err(AppError::field("email", "invalid_email"));
        };
        Ok(Invited {
            email,
            role,
            prefs,
            products,
            groups,
        })
    }

    /// The invitation just written, with its e-mail queued in the same transaction.
    async fn announce_invitation(
        &self,
        tx: &mut Conn,
        org: OrgId,
        id: i64,
        inviter: &UserRow,
        secret: &str,
        now: i64,
    ) -> AppResult<InvitationRow> {
        let inv = repo::find_invitation(tx, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let org_row = orgs::find_org(tx, org.0).await?.ok_or_else(AppError::not_found)?;
        let inviter_name = format!("{} {}", inviter.first_name, inviter.last_name);
        self.queue_invitation(tx, &inv, &org_row.name, &inviter_name, secret, now)
            .await?;
        Ok(inv)
    }

    pub async fn list_invitations(&self, actor: &Actor, org: OrgId) -> AppResult<Vec<InvitationRow>> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::MembersInvite, Resource::Organization(&facts))?;
        let mut c = self.read().await?;
        Ok(repo::list_pending(&mut c, org.0, self.now_ts()).await?)
    }

    async fn pending_invitation(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
    ) -> AppResult<(kontor_store::Conn, InvitationRow)> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::MembersInvite, Resource::Organization(&facts))?;
        let mut tx = self.write().await?;
        let inv = repo::find_invitation(&mut tx, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        if inv.status != InvitationStatus::Pending {
            return Err(AppError::with_message(
                ErrorCode::InvitationNotPending,
                format!("this invitation is {}", inv.status),
            ));
        }
        Ok((tx, inv))
    }

    /// ORG-5: a new link (the old one dies) and a fresh validity.
    pub async fn resend_invitation(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<InvitationRow> {
        let (mut tx, inv) = self.pending_invitation(actor, org, id).await?;
        let now = self.now_ts();
        let secret = crypto::new_secret("");
        repo::renew(
            &mut tx,
            id,
            &crypto::sha256_hex(&secret),
            now + self.invitation_days() * 86_400,
        )
        .await?;
        let inv = repo::find_invitation(&mut tx, org.0, inv.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let org_row = orgs::find_org(&mut tx, org.0)
            .await?
            .ok_or_else(AppError::not_found)?;
        let inviter = users::find_user(&mut tx, inv.invited_by)
            .await?
            .map(|u| format!("{} {}", u.first_name, u.last_name))
            .unwrap_or_default();
        self.queue_invitation(&mut tx, &inv, &org_row.name, &inviter, &secret, now)
            .await?;
        record(
            &mut tx,
            actor,
            now,
            Entry::new(AuditAction::MemberInvitationResend, "invitation", Some(id)).org(org.0),
        )
        .await?;
        self.commit(tx, true).await?;
        Ok(inv)
    }

    /// ORG-5: withdraws a pending invitation; its link stops working.
    pub async fn withdraw_invitation(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<()> {
        let (mut tx, _) = self.pending_invitation(actor, org, id).await?;
        let now = self.now_ts();
        repo::decide(&mut tx, id, InvitationStatus::Withdrawn, None, now).await?;
        record(
            &mut tx,
            actor,
            now,
            Entry::new(AuditAction::MemberInvitationWithdraw, "invitation", Some(id)).org(org.0),
        )
        .await?;
        self.commit(tx, false).await
    }

    /// The pending invitation behind a link, for the accept page.
    pub async fn invitation_by_link(&self, token: &str) -> AppResult<(InvitationRow, String)> {
        let now = self.now_ts();
        let mut c = self.read().await?;
        let inv = repo::find_invitation_by_hash(&mut c, &crypto::sha256_hex(token))
            .await?
            .filter(|i| status(i, now) == InvitationStatus::Pending)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))?;
        let org = orgs::find_org(&mut c, inv.organization_id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        Ok((inv, org))
    }

    /// ORG-5, ACC-2: accepts an invitation, as the signed-in user of the invited address or as
    /// ORG-5, ACC-2, ACC-9 in the console, in one call: accepts the invitation; a signed-in
    /// user's session then works in the organization joined, and a new account is signed in
    /// straight away there (no second password check: the account was just made with it).
    pub async fn join_by_invitation(
        &self,
        actor: &Actor,
        token: &str,
        new_account: Option<NewAccount>,
    ) -> AppResult<Joined> {
        let (user, org) = self.accept_invitation(actor, token, new_account).await?;
        if actor.session_id().is_some() {
            self.switch_organization(actor, OrgId(org)).await?;
            return Ok(Joined {
                organization_id: org,
                session: None,
            });
        }
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let secret = self
            .insert_session(&mut change.tx, user, Some(org), &actor.origin)
            .await?;
        let email = users::find_user(&mut change.tx, user)
            .await?
            .map(|u| u.email)
            .unwrap_or_default();
        let who = Actor::user(UserId(user), &email, actor.origin.clone());
        record(
            &mut change.tx,
            &who,
            now,
            Entry::new(AuditAction::SessionCreate, "user", Some(user)),
        )
        .await?;
        change.commit().await?;
        Ok(Joined {
            organization_id: org,
            session: Some(secret),
        })
    }

    /// a new account (which gets no organization of its own). Answers the member's user id.
    pub async fn accept_invitation(
        &self,
        actor: &Actor,
        token: &str,
        new_account: Option<NewAccount>,
    ) -> AppResult<(i64, i64)> {
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let inv = repo::find_invitation_by_hash(&mut change.tx, &crypto::sha256_hex(token))
            .await?
            .filter(|i| status(i, now) == InvitationStatus::Pending)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))?;
        let user_id = match (actor.user_id(), new_account) {
            (Some(user), _) => {
                let u = users::find_user(&mut change.tx, user.0)
                    .await?
                    .ok_or_else(AppError::not_found)?;
                if u.email != inv.email {
                    return Err(AppError::with_message(
                        ErrorCode::Forbidden,
                        format!("this invitation is for {}; sign in with that address", inv.email),
                    ));
                }
                u.id
            }
            (None, Some(acc)) => self.create_invited_user(&mut change.tx, &inv, &acc, now).await?,
            (None, None) => return Err(AppError::new(ErrorCode::Unauthenticated)),
        };
        if !repo::decide(
            &mut change.tx,
            inv.id,
            InvitationStatus::Accepted,
            Some(user_id),
            now,
        )
        .await?
        {
            return Err(AppError::new(ErrorCode::InvalidLink));
        }
        join(&mut change.tx, &inv, user_id, now).await?;
        let joined = Actor::user(UserId(user_id), &inv.email, actor.origin.clone());
        let details = format!(
            "role={} billing={} products=[{}] workgroups=[{}]",
            inv.role, inv.billing, inv.products, inv.workgroups
        );
        record(
            &mut change.tx,
            &joined,
            now,
            Entry::new(AuditAction::MemberJoin, "invitation", Some(inv.id))
                .org(inv.organization_id)
                .details(details),
        )
        .await?;
        change.commit().await?;
        Ok((user_id, inv.organization_id))
    }

    async fn create_invited_user(
        &self,
        tx: &mut kontor_store::Conn,
        inv: &InvitationRow,
        acc: &NewAccount,
        now: i64,
    ) -> AppResult<i64> {
        if users::find_user_by_email(tx, &inv.email).await?.is_some() {
            return Err(AppError::with_message(
                ErrorCode::EmailTaken,
                "an account with this address exists: sign in, then accept",
            ));
        }
        let mut v = Validator::default();
        v.name("first_name", &acc.first_name, 100)
            .name("last_name", &acc.last_name, 100);
        let language = acc.language.clone().unwrap_or_else(|| inv.language.clone());
        v.check(
            Language::parse(&language).is_some(),
            "language",
            "invalid_language",
        );
        self.check_password(&mut v, "password", &acc.password, &inv.email);
        v.finish()?;
        let hash = crypto::hash_password(&acc.password, self.settings.hash_cost)?;
        let code = self.unused_support_code(tx).await?;
        let id = users::insert_user(
            tx,
            &users::NewUser {
                email: &inv.email,
                password_hash: &hash,
                first_name: acc.first_name.trim(),
                last_name: acc.last_name.trim(),
                language: &language,
                time_zone: "Europe/Zurich",
                support_code: &code,
                now,
            },
        )
        .await?;
        let who = Actor::system();
        record(
            tx,
            &who,
            now,
            Entry::new(AuditAction::UserSignupByInvitation, "user", Some(id))
                .details(format!("invitation={}", inv.id)),
        )
        .await?;
        Ok(id)
    }

    /// ORG-5: declining leaves nothing behind but the audit record.
    pub async fn decline_invitation(&self, actor: &Actor, token: &str) -> AppResult<()> {
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let inv = repo::find_invitation_by_hash(&mut change.tx, &crypto::sha256_hex(token))
            .await?
            .filter(|i| status(i, now) == InvitationStatus::Pending)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))?;
        repo::decide(&mut change.tx, inv.id, InvitationStatus::Declined, None, now).await?;
        change
            .record(
                Entry::new(AuditAction::MemberInvitationDecline, "invitation", Some(inv.id))
                    .org(inv.organization_id)
                    .details(format!("email={}", inv.email)),
            )
            .await?;
        change.commit().await
    }

    /// The expiry job: pending invitations past their link's validity become `expired`.
    pub async fn expire_invitations(&self, now: i64) -> AppResult<u64> {
        let mut done = 0;
        loop {
            let mut c = self.read().await?;
            let due = repo::list_expired(&mut c, now, 100).await?;
            drop(c);
            if due.is_empty() {
                return Ok(done);
            }
            for inv in due {
                let mut tx = self.write().await?;
                if repo::decide(&mut tx, inv.id, InvitationStatus::Expired, None, now).await? {
                    record(
                        &mut tx,
                        &Actor::system(),
                        now,
                        Entry::new(AuditAction::MemberInvitationExpire, "invitation", Some(inv.id))
                            .org(inv.organization_id),
                    )
                    .await?;
                    done += 1;
                }
                tx.commit().await?;
            }
        }
    }
}
