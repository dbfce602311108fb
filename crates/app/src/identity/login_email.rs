//! Changing the sign-in e-mail (issue 18, item 9): asked for with the current password,
//! confirmed by a link sent to the new address. Until the link is opened the old address stays
//! the one to sign in with; once it is, the old address is told.

use kontor_domain::{AuditAction, Email, Language};
use kontor_store::identity::links;
use kontor_store::identity::users::{self, UserRow};

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::change::Change;
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::mail::{LOGIN_EMAIL_PATH, Template};

pub const PURPOSE_LOGIN_EMAIL: &str = "login_email";

fn check_request(user: &UserRow, password_ok: bool, email: &str) -> AppResult<Email> {
    let mut v = Validator::default();
    v.check(password_ok, "current_password", "wrong_password");
    let parsed = Email::parse(email);
    v.check(parsed.is_some(), "email", "invalid_email");
    if let Some(e) = &parsed {
        v.check(e.as_str() != user.email, "email", "same_as_login_email");
        v.check(
            user.recovery_email.as_deref() != Some(e.as_str()),
            "email",
            "same_as_recovery_email",
        );
    }
    v.finish()?;
    parsed.ok_or_else(|| AppError::new(ErrorCode::ValidationFailed))
}

/// A one-time link that confirms a new address of a user: the sign-in e-mail or the recovery
/// address (ACC-7) — the same steps with their own purpose, page, e-mail and audit action.
pub(crate) struct AddressLink {
    pub purpose: &'static str,
    pub path: &'static str,
    pub template: fn(String, i64) -> Template,
    pub audit: AuditAction,
}

impl App {
    /// Inside `change`: ends the user's earlier links of the kind, stores the SHA-256 of a new
    /// secret valid `recovery_link_hours`, mails the link to the new address in the user's
    /// language and audits the request.
    pub(crate) async fn send_address_link(
        &self,
        change: &mut Change<'_>,
        user: &UserRow,
        to: &Email,
        kind: &AddressLink,
    ) -> AppResult<()> {
        let ts = change.now;
        links::expire_links_of_user(&mut change.tx, kind.purpose, user.id, ts).await?;
        let secret = crypto::new_secret("");
        let hours = self.settings.recovery_link_hours;
        let expires = ts + hours * 3600;
        let hash = crypto::sha256_hex(&secret);
        links::insert_link(
            &mut change.tx,
            kind.purpose,
            &hash,
            user.id,
            to.as_str(),
            ts,
            expires,
        )
        .await?;
        let link = format!("{}{}{secret}", self.settings.public_url, kind.path);
        let lang = Language::parse(&user.language).unwrap_or_default();
        change
            .mail(to.as_str(), lang, &user.first_name, &(kind.template)(link, hours))
            .await?;
        let entry = Entry::new(kind.audit, "user", Some(user.id)).details(format!("email={to}"));
        change.record(entry).await
    }

    /// Asks to sign in with `email` from now on. The current password is checked (a wrong one
    /// counts towards lock-out, ACC-4); an address another account signs in with is refused
    /// with `email_taken`. A link valid `recovery_link_hours` goes to the new address; an
    /// earlier request's link stops working.
    pub async fn request_login_email(
        &self,
        actor: &Actor,
        email: &str,
        current_password: &str,
    ) -> AppResult<()> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let user = self.get_profile(actor).await?;
        let password_ok = self
            .current_password_ok(actor, &user.email, &user.password_hash, current_password)
            .await?;
        let new = check_request(&user, password_ok, email)?;
        let ts = self.now_ts();
        let mut change = self.change(actor, ts).await?;
        if users::find_user_by_email(&mut change.tx, new.as_str())
            .await?
            .is_some()
        {
            return Err(AppError::new(ErrorCode::EmailTaken));
        }
        let kind = AddressLink {
            purpose: PURPOSE_LOGIN_EMAIL,
            path: LOGIN_EMAIL_PATH,
            template: |link, hours| Template::LoginEmailConfirm { link, hours },
            audit: AuditAction::UserLoginEmailRequest,
        };
        self.send_address_link(&mut change, &user, &new, &kind).await?;
        change.commit().await
    }

    /// The link from the e-mail: the new address becomes the sign-in e-mail and the previous
    /// one is told. Sessions and tokens stay valid. Refused with `email_taken` when another
    /// account took the address since the request, and with `invalid_link` when the link was
    /// used, replaced or has expired.
    pub async fn confirm_login_email(&self, actor: &Actor, token: &str) -> AppResult<String> {
        let ts = self.now_ts();
        let mut change = self.change(actor, ts).await?;
        let link = links::find_link(&mut change.tx, PURPOSE_LOGIN_EMAIL, &crypto::sha256_hex(token))
            .await?
            .filter(|l| l.used_at.is_none() && l.expires_at > ts)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))?;
        let user = users::find_user(&mut change.tx, link.user_id)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))?;
        if !links::use_link(&mut change.tx, link.id, ts).await? {
            return Err(AppError::new(ErrorCode::InvalidLink));
        }
        let moved = users::update_email(&mut change.tx, user.id, &link.email, ts)
            .await
            .map_err(|e| AppError::unique_as(e, "email", ErrorCode::EmailTaken))?;
        if !moved {
            return Err(AppError::new(ErrorCode::EmailTaken));
        }
        let lang = Language::parse(&user.language).unwrap_or_default();
        let tpl = Template::LoginEmailChanged {
            email: link.email.clone(),
        };
        change.mail(&user.email, lang, &user.first_name, &tpl).await?;
        let entry = Entry::new(AuditAction::UserLoginEmailChange, "user", Some(user.id))
            .details(format!("from={} to={}", user.email, link.email));
        change.record(entry).await?;
        change.commit().await?;
        self.token_cache.forget_user(user.id);
        Ok(link.email)
    }
}
