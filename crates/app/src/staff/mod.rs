//! Staff (STF-1): the provider's operators — support, billing, admin — apart from customer
//! users. Created by `kontor staff create` or by a staff admin; they sign in to the staff
//! console with their own session cookie, and with a mandatory second factor: a staff member
//! without one may only set it up (the decision says so, [`crate::access::STAFF_TABLE`]).

use kontor_domain::{AuditAction, Email, Language, StaffRole};
use kontor_store::staff::{self as store, NewStaff, StaffRow};
use time::Duration;

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::platform::actor::{Actor, ActorKind, Origin};
use crate::platform::audit::Entry;
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::mail::Template;
use crate::security::factors::Owner;

/// Sessions are touched at most this often.
const TOUCH_EVERY_SECS: i64 = 300;
/// A staff session ends after this many hours without use (shorter than a customer's).
const STAFF_SESSION_HOURS: i64 = 12;

/// A new staff account and its first password, shown once to whoever created it.
#[derive(Debug, Clone)]
pub struct NewStaffAccount {
    pub staff: StaffRow,
    pub password: String,
}

/// What a right staff password leads to.
#[derive(Debug, Clone)]
pub enum StaffSignIn {
    /// A session (without a second factor yet: it may only set one up).
    Session(String),
    /// The second factor is on: the challenge's secret, for the code step (SEC-3).
    Challenge(String),
}

impl App {
    /// STF-1: a staff account, by the command line (the system) or a staff admin. The first
    /// password is random and answered once; the new member is told by e-mail to sign in and
    /// set up their second factor.
    pub async fn create_staff(
        &self,
        actor: &Actor,
        email: &str,
        name: &str,
        role: &str,
        language: &str,
    ) -> AppResult<NewStaffAccount> {
        decide(actor, Action::StaffManage, Resource::Platform).into_result()?;
        let mut v = Validator::default();
        let parsed = Email::parse(email);
        v.check(parsed.is_some(), "email", "invalid_email");
        v.name("name", name, 100);
        let role = StaffRole::parse(role);
        v.check(role.is_some(), "role", "invalid_staff_role");
        let lang = Language::parse(language);
        v.check(lang.is_some(), "language", "invalid_language");
        v.finish()?;
        let (Some(email), Some(role), Some(lang)) = (parsed, role, lang) else {
            return Err(AppError::field("email", "invalid_email"));
        };
        let password = crypto::new_secret("")[..24].to_owned();
        let hash = crypto::hash_password(&password, self.settings.hash_cost)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let new = NewStaff {
            email: email.as_str(),
            password_hash: &hash,
            name: name.trim(),
            role: role.as_str(),
            language: lang.as_str(),
            now,
        };
        let id = store::insert_staff(&mut change.tx, &new)
            .await
            .map_err(|e| AppError::unique_as(e, "email", ErrorCode::EmailTaken))?;
        let entry = Entry::new(AuditAction::StaffCreate, "staff", Some(id)).details(format!("role={role}"));
        change.record(entry).await?;
        let tpl = Template::StaffWelcome {
            role: role.as_str().to_owned(),
            url: format!("{}/staff", self.settings.public_url),
        };
        change.mail(email.as_str(), lang, name.trim(), &tpl).await?;
        let staff = store::find_staff(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(NewStaffAccount { staff, password })
    }

    /// STF-1: every staff account (admins).
    pub async fn list_staff(&self, actor: &Actor) -> AppResult<Vec<StaffRow>> {
        decide(actor, Action::StaffManage, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        Ok(store::list_staff(&mut c).await?)
    }

    /// STF-1, ACC-4, SEC-3: a staff sign-in with the lock-outs. With the second factor on, a
    /// challenge waits for the code; without, a session that may only set it up.
    pub async fn staff_sign_in(&self, actor: &Actor, email: &str, password: &str) -> AppResult<StaffSignIn> {
        let email = email.trim().to_lowercase();
        let subject = Owner::Staff(0).lockout_subject(&email);
        let mut c = self.read().await?;
        self.check_lockouts(&mut c, actor, &subject).await?;
        let row = store::find_staff_by_email(&mut c, &email)
            .await?
            .filter(|s| s.disabled_at.is_none());
        drop(c);
        let stored = row.as_ref().map(|s| s.password_hash.as_str());
        let ok = self.password_checked(actor, &subject, stored, password).await?;
        let Some(staff) = row.filter(|_| ok) else {
            return Err(AppError::new(ErrorCode::InvalidCredentials));
        };
        let owner = Owner::Staff(staff.id);
        let mut c = self.read().await?;
        let has_factor = self.confirmed_factor(&mut c, owner).await?.is_some();
        let person = self
            .person(&mut c, owner)
            .await?
            .ok_or_else(AppError::not_found)?;
        drop(c);
        if has_factor {
            return Ok(StaffSignIn::Challenge(
                self.open_challenge(actor, &person, "/staff").await?,
            ));
        }
        Ok(StaffSignIn::Session(
            self.open_staff_session(actor, staff.id, false).await?,
        ))
    }

    /// SEC-3: the code step of a staff sign-in; answers the new session's secret.
    pub async fn staff_pass_challenge(
        &self,
        actor: &Actor,
        challenge: &str,
        code: &str,
    ) -> AppResult<String> {
        let passed = self.pass_challenge(actor, challenge, code).await?;
        let Owner::Staff(id) = passed.person.owner else {
            return Err(AppError::new(ErrorCode::SignInExpired));
        };
        self.open_staff_session(actor, id, false).await
    }

    /// A new staff session; with `replace_others`, every other session of that staff member ends
    /// first (the privilege change of a second factor just set up, ACC-5).
    async fn open_staff_session(&self, actor: &Actor, staff: i64, replace_others: bool) -> AppResult<String> {
        let secret = crypto::new_secret("kss_");
        let now = self.now();
        let ts = now.unix_timestamp();
        let expires = (now + Duration::hours(STAFF_SESSION_HOURS)).unix_timestamp();
        let mut change = self.change(actor, ts).await?;
        if replace_others {
            store::delete_sessions(&mut change.tx, staff, None).await?;
        }
        store::insert_session(
            &mut change.tx,
            &crypto::sha256_hex(&secret),
            staff,
            ts,
            expires,
            &actor.origin.ip,
        )
        .await?;
        let who = self
            .staff_actor(&mut change.tx, staff, 0, actor.origin.clone())
            .await?;
        let entry = Entry::new(AuditAction::StaffSessionCreate, "staff", Some(staff));
        match who {
            Some(who) => change.record_as(&who, entry).await?,
            None => change.record(entry).await?,
        }
        change.commit().await?;
        Ok(secret)
    }

    /// ACC-5 for staff: after the second factor is set up, the session is replaced by a new
    /// one (and every other session of that member ends). Answers the new secret.
    pub async fn staff_renew_session(&self, actor: &Actor) -> AppResult<String> {
        let Some(staff) = actor.staff_id() else {
            return Err(AppError::new(ErrorCode::Unauthenticated));
        };
        self.open_staff_session(actor, staff, true).await
    }

    async fn staff_actor(
        &self,
        c: &mut kontor_store::Conn,
        staff: i64,
        session: i64,
        origin: Origin,
    ) -> AppResult<Option<Actor>> {
        let Some(row) = store::find_staff(c, staff)
            .await?
            .filter(|s| s.disabled_at.is_none())
        else {
            return Ok(None);
        };
        let two_factor = self.confirmed_factor(c, Owner::Staff(staff)).await?.is_some();
        Ok(Some(Actor {
            kind: ActorKind::Staff {
                id: row.id,
                email: row.email,
                name: row.name,
                role: StaffRole::parse(&row.role).unwrap_or(StaffRole::Support),
                session,
                two_factor,
            },
            origin,
        }))
    }

    /// The staff member behind a staff-console cookie; `None` when unknown, expired or
    /// disabled.
    pub async fn resolve_staff_session(&self, secret: &str, origin: Origin) -> AppResult<Option<Actor>> {
        let now = self.now_ts();
        let mut c = self.read().await?;
        let Some(s) = store::find_live_session(&mut c, &crypto::sha256_hex(secret), now).await? else {
            return Ok(None);
        };
        let actor = self.staff_actor(&mut c, s.staff_id, s.id, origin).await?;
        if actor.is_some() && now - s.last_seen_at >= TOUCH_EVERY_SECS {
            store::touch_session(&mut c, s.id, now, now + STAFF_SESSION_HOURS * 3600).await?;
        }
        Ok(actor)
    }

    /// STF-1, ACC-5: a staff member changes their password with the current one (the first,
    /// random one included). Every other session of theirs ends; the calling one is replaced
    /// by a new one, whose secret is answered.
    pub async fn change_staff_password(&self, actor: &Actor, current: &str, new: &str) -> AppResult<String> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let Some(id) = actor.staff_id() else {
            return Err(AppError::new(ErrorCode::Unauthenticated));
        };
        let mut c = self.read().await?;
        let staff = store::find_staff(&mut c, id)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        drop(c);
        let subject = Owner::Staff(id).lockout_subject(&staff.email);
        let mut v = Validator::default();
        v.check(
            self.current_password_ok(actor, &subject, &staff.password_hash, current)
                .await?,
            "current_password",
            "wrong_password",
        );
        self.check_password(&mut v, "new_password", new, &staff.email);
        v.finish()?;
        let hash = crypto::hash_password(new, self.settings.hash_cost)?;
        let now = self.now();
        let mut change = self.change(actor, now.unix_timestamp()).await?;
        store::update_password_hash(&mut change.tx, id, &hash).await?;
        change
            .record(Entry::new(AuditAction::StaffPasswordChange, "staff", Some(id)))
            .await?;
        let tpl = Template::PasswordChanged {
            when: now
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        };
        let lang = Language::parse(&staff.language).unwrap_or_default();
        change.mail(&staff.email, lang, &staff.name, &tpl).await?;
        change.commit().await?;
        self.open_staff_session(actor, id, true).await
    }

    /// Ends the calling staff session.
    pub async fn staff_sign_out(&self, actor: &Actor) -> AppResult<()> {
        let ActorKind::Staff { id, session, .. } = &actor.kind else {
            return Ok(());
        };
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        store::delete_session(&mut change.tx, *session).await?;
        change
            .record(Entry::new(AuditAction::StaffSessionEnd, "staff", Some(*id)))
            .await?;
        change.commit().await
    }
}
