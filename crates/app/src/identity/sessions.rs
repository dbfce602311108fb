//! Console sessions (ACC-5, ACC-9): a random secret in an HttpOnly cookie, its SHA-256 in the
//! database, a new one at every sign-in and privilege change, and the current organization
//! remembered per session.

use kontor_domain::{AuditAction, OrgId, SessionId, UserId};
use kontor_store::{Conn, identity::sessions, orgs};
use time::Duration;

use crate::App;
use crate::platform::actor::{Actor, ActorKind, Credential, Origin};
use crate::platform::audit::{Entry, record};
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode};
use crate::security::factors::Owner;
use kontor_store::identity::users::UserRow;

/// What a right password leads to in the console.
#[derive(Debug, Clone)]
pub enum SignIn {
    /// A session: the cookie's secret.
    Session(String),
    /// The second factor is on: the challenge's secret, for the code step (SEC-3).
    Challenge(String),
}

/// A live session of the user, as the profile lists it.
#[derive(Debug, Clone)]
pub struct MySession {
    pub row: sessions::SessionInfoRow,
    /// The session this request comes with.
    pub current: bool,
}

/// The signed-in user, once the decision allows `action` on their own account.
fn own_account(actor: &Actor, action: crate::access::Action) -> AppResult<UserId> {
    crate::access::decide(actor, action, crate::access::Resource::OwnAccount).into_result()?;
    actor.user_id().ok_or_else(AppError::not_found)
}

/// Sessions are touched at most this often, so reading pages does not write every time.
const TOUCH_EVERY_SECS: i64 = 300;

impl App {
    /// Inserts a session row in the caller's transaction; returns the cookie secret.
    pub(crate) async fn insert_session(
        &self,
        tx: &mut Conn,
        user: i64,
        org: Option<i64>,
        origin: &Origin,
    ) -> AppResult<String> {
        let secret = crypto::new_secret("ks_");
        let now = self.now();
        let expires = now + Duration::days(self.settings.session_idle_days);
        let hash = crypto::sha256_hex(&secret);
        sessions::insert_session(
            tx,
            &hash,
            user,
            org,
            now.unix_timestamp(),
            expires.unix_timestamp(),
            (&origin.ip, &origin.user_agent),
        )
        .await?;
        Ok(secret)
    }

    /// Console sign-in: checks the credentials (with lock-outs). Without a second factor a new
    /// session opens in the user's first organization; with one, a challenge waits for the
    /// code and no session exists yet (SEC-3). `next` is where the console goes after.
    pub async fn sign_in(&self, actor: &Actor, email: &str, password: &str, next: &str) -> AppResult<SignIn> {
        let user = self.check_credentials(actor, email, password).await?;
        let owner = Owner::User(user.id);
        let mut c = self.read().await?;
        let factor = self.confirmed_factor(&mut c, owner).await?;
        let person = self
            .person(&mut c, owner)
            .await?
            .ok_or_else(AppError::not_found)?;
        drop(c);
        if factor.is_some() {
            return Ok(SignIn::Challenge(
                self.open_challenge(actor, &person, next).await?,
            ));
        }
        Ok(SignIn::Session(self.open_session(actor, &user, None).await?))
    }

    /// SEC-3, ACC-5: the code step; a new session (a new id) opens only now. Answers its
    /// secret and where the console goes next.
    pub async fn complete_sign_in(
        &self,
        actor: &Actor,
        challenge: &str,
        code: &str,
    ) -> AppResult<(String, String)> {
        let passed = self.pass_challenge(actor, challenge, code).await?;
        let Owner::User(id) = passed.person.owner else {
            return Err(AppError::new(ErrorCode::SignInExpired));
        };
        let mut c = self.read().await?;
        let user = kontor_store::identity::users::find_user(&mut c, id)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::SignInExpired))?;
        drop(c);
        let secret = self
            .open_session(actor, &user, Some(passed.proof.as_str()))
            .await?;
        Ok((secret, passed.next))
    }

    async fn open_session(&self, actor: &Actor, user: &UserRow, proof: Option<&str>) -> AppResult<String> {
        let ts = self.now_ts();
        let mut change = self.change(actor, ts).await?;
        // A session starts in one of the user's own organizations, not in a client reached as
        // a partner (PAR-9), unless that is all there is.
        let all = orgs::list_orgs_of_user(&mut change.tx, user.id).await?;
        let first_org = all
            .iter()
            .find(|o| o.role != "partner")
            .or(all.first())
            .map(|o| o.id);
        let secret = self
            .insert_session(&mut change.tx, user.id, first_org, &actor.origin)
            .await?;
        let who = Actor::user(UserId(user.id), &user.email, actor.origin.clone());
        let mut entry = Entry::new(AuditAction::SessionCreate, "user", Some(user.id));
        if let Some(p) = proof {
            entry = entry.details(format!("second_factor={p}"));
        }
        record(&mut change.tx, &who, ts, entry).await?;
        change.commit().await?;
        Ok(secret)
    }

    /// Finds the user behind a session cookie; `None` when unknown or expired.
    pub async fn resolve_session(&self, secret: &str, origin: Origin) -> AppResult<Option<Actor>> {
        let now = self.now_ts();
        let mut c = self.read().await?;
        let Some(s) = sessions::find_live_session(&mut c, &crypto::sha256_hex(secret), now).await? else {
            return Ok(None);
        };
        let Some(user) = kontor_store::identity::users::find_user(&mut c, s.user_id).await? else {
            return Ok(None);
        };
        drop(c);
        if now - s.last_seen_at >= TOUCH_EVERY_SECS {
            let expires = now + self.settings.session_idle_days * 86_400;
            let mut c = self.read().await?;
            sessions::touch_session(&mut c, s.id, now, expires).await?;
        }
        Ok(Some(Actor {
            kind: ActorKind::User {
                id: UserId(user.id),
                email: user.email,
                credential: Credential::Session {
                    id: SessionId(s.id),
                    current_org: s.current_organization_id.map(OrgId),
                },
            },
            origin,
        }))
    }

    /// ACC-9: makes `org` the session's current organization, without signing in again.
    pub async fn switch_organization(&self, actor: &Actor, org: OrgId) -> AppResult<()> {
        let (Some(user), Some(session)) = (actor.user_id(), actor.session_id()) else {
            return Err(AppError::not_found());
        };
        // A member, or a partner's member reaching a client (PAR-9).
        if !self.load_user_facts(user.0, org.0).await?.reaches() {
            return Err(AppError::not_found());
        }
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        sessions::update_current_org(&mut change.tx, session.0, Some(org.0)).await?;
        let ts = self.now_ts();
        record(
            &mut change.tx,
            actor,
            ts,
            Entry::new(
                AuditAction::SessionSwitchOrganization,
                "organization",
                Some(org.0),
            )
            .org(org.0),
        )
        .await?;
        change.commit().await
    }

    /// Ends the calling session.
    pub async fn sign_out(&self, actor: &Actor) -> AppResult<()> {
        let (Some(user), Some(session)) = (actor.user_id(), actor.session_id()) else {
            return Ok(());
        };
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        sessions::delete_session(&mut change.tx, session.0).await?;
        change
            .record(Entry::new(AuditAction::SessionEnd, "user", Some(user.0)))
            .await?;
        change.commit().await
    }

    /// The signed-in user's live sessions, the most recently used first, each marked when it
    /// is the one asking (issue 18: the profile's list of sessions).
    pub async fn list_my_sessions(&self, actor: &Actor) -> AppResult<Vec<MySession>> {
        let user = own_account(actor, crate::access::Action::ProfileRead)?;
        let current = actor.session_id().map(|s| s.0);
        let mut c = self.read().await?;
        let rows = sessions::list_sessions_of_user(&mut c, user.0, self.now_ts()).await?;
        Ok(rows
            .into_iter()
            .map(|row| MySession {
                current: Some(row.id) == current,
                row,
            })
            .collect())
    }

    /// Signs out one of the user's own sessions (another browser); another user's session, or
    /// one already gone, answers 404. Audited `session.end`.
    pub async fn end_my_session(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let user = own_account(actor, crate::access::Action::ProfileUpdate)?;
        let mut change = self.change(actor, self.now_ts()).await?;
        if !sessions::delete_session_of_user(&mut change.tx, user.0, id).await? {
            return Err(AppError::not_found());
        }
        let entry = Entry::new(AuditAction::SessionEnd, "user", Some(user.0))
            .details(format!("session {id} signed out from the profile"));
        change.record(entry).await?;
        change.commit().await
    }

    /// Signs out every other session of the user, keeping the one asking; answers how many
    /// ended. Audited `session.end`.
    pub async fn end_other_sessions(&self, actor: &Actor) -> AppResult<u64> {
        let user = own_account(actor, crate::access::Action::ProfileUpdate)?;
        let keep = actor.session_id().map(|s| s.0);
        let mut change = self.change(actor, self.now_ts()).await?;
        let ended = sessions::delete_sessions_of_user(&mut change.tx, user.0, keep).await?;
        let entry = Entry::new(AuditAction::SessionEnd, "user", Some(user.0))
            .details(format!("{ended} other sessions signed out from the profile"));
        change.record(entry).await?;
        change.commit().await?;
        Ok(ended)
    }

    /// The CSRF token of a session or of an anonymous visitor's id (ACC-5): an HMAC with the
    /// server key, so nothing needs storing.
    pub fn csrf_token(&self, subject: &str) -> String {
        crypto::hmac_hex(&self.settings.server_key, &format!("csrf:{subject}"))
    }

    pub fn csrf_ok(&self, subject: &str, presented: &str) -> bool {
        crypto::constant_time_eq(&self.csrf_token(subject), presented)
    }
}
