//! Accounts (ACC): sign-up with its organization, sign-in with lock-out, password reset,
//! password change, the recovery e-mail, the support code and the profile.

use kontor_domain::account::support_code_from;
use kontor_domain::{AuditAction, Country, Currency, Email, Language, OrgKind, PasswordPolicy, Role};
use kontor_store::identity::users::{self, NewUser, ProfileUpdate, UserRow};
use kontor_store::orgs::{self, MembershipRow, NewOrg, OrgRow};
use kontor_store::{Conn, identity::links, identity::sessions};
use rand::Rng;
use time::Duration;
use time::format_description::well_known::Rfc3339;

use crate::access::{Action, Resource, decide};
use crate::identity::login_email::AddressLink;
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::mail::{PASSWORD_RESET_PATH, RECOVERY_EMAIL_PATH, Template};
use crate::security::factors::{Owner, SMS};
use crate::{App, Credential};

pub const PURPOSE_RESET: &str = "password_reset";
pub const PURPOSE_RECOVERY: &str = "recovery_email";

/// Every contact preference a legal representative starts with (ORG-1).
pub const ALL_CONTACT_PREFERENCES: &str = "administrative billing technical commercial";

/// What a sign-up form or `POST /1/signup` carries (ACC-1).
#[derive(Debug, Clone, Default)]
pub struct SignupInput {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub kind: String,
    pub company_name: Option<String>,
    pub country: String,
    pub language: String,
    pub currency: Option<String>,
    pub time_zone: Option<String>,
    /// PAR-12: the affiliate link the sign-up came through.
    pub referral: Option<crate::partners::affiliates::Referral>,
}

/// A new account and its organization.
#[derive(Debug, Clone)]
pub struct SignedUp {
    pub user: UserRow,
    pub organization: OrgRow,
}

/// Profile changes (ACC-10); absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
}

/// An IANA time-zone name such as `Europe/Zurich`, or `UTC` (the tz database's list).
fn time_zone_ok(s: &str) -> bool {
    kontor_domain::geo::is_time_zone(s)
}

/// A sign-up whose fields passed the checks.
struct ValidSignup {
    email: Email,
    kind: OrgKind,
    country: Country,
    language: Language,
    currency: Currency,
    time_zone: String,
    /// ACC-1: the company's name, or the person's first and last name.
    org_name: String,
}

/// ACC-1, ORG-8: the organization a user signs up with, with them as its only legal
/// representative; it is their home.
async fn home_organization(
    tx: &mut Conn,
    user_id: i64,
    name: &str,
    ok: &ValidSignup,
    now: i64,
) -> AppResult<i64> {
    let new = NewOrg {
        name,
        kind: ok.kind.as_str(),
        country: ok.country.as_str(),
        registry_id: None,
        currency: ok.currency.as_str(),
        now,
    };
    let org_id = orgs::insert_org(tx, &new).await?;
    kontor_store::orgs::members::update_home_organization(tx, user_id, Some(org_id)).await?;
    let membership = MembershipRow {
        organization_id: org_id,
        user_id,
        role: Role::LegalRepresentative.as_str().to_owned(),
        billing: true,
        contact_preferences: ALL_CONTACT_PREFERENCES.to_owned(),
    };
    orgs::insert_membership(tx, &membership, now).await?;
    Ok(org_id)
}

/// ACC-7: the current password (checked by the caller), and a new recovery address that is valid and not the login
/// address. Answers the new address (`None`: remove it).
/// The user and organization a sign-up created, as stored.
async fn signed_up(tx: &mut Conn, user_id: i64, org_id: i64) -> AppResult<SignedUp> {
    let user = users::find_user(tx, user_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let organization = orgs::find_org(tx, org_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(SignedUp { user, organization })
}

fn check_recovery_request(
    user: &UserRow,
    password_ok: bool,
    email: Option<&str>,
) -> AppResult<Option<Email>> {
    let mut v = Validator::default();
    v.check(password_ok, "current_password", "wrong_password");
    let parsed = email.map(Email::parse);
    if let Some(p) = &parsed {
        v.check(p.is_some(), "email", "invalid_email");
        v.check(
            p.as_ref().is_none_or(|e| e.as_str() != user.email),
            "email",
            "same_as_login_email",
        );
    }
    v.finish()?;
    Ok(parsed.flatten())
}

impl App {
    fn password_policy(&self) -> PasswordPolicy {
        PasswordPolicy {
            min_length: self.settings.password_min_length,
        }
    }

    pub(crate) fn check_password(&self, v: &mut Validator, field: &str, password: &str, email: &str) {
        if let Err(problem) = self.password_policy().check(password, email) {
            v.fail(field, problem.code());
        }
    }

    /// ACC-1, ACC-3, ACC-10: the checks of a sign-up, every problem named at once.
    fn validate_signup(&self, input: &SignupInput) -> AppResult<ValidSignup> {
        let mut v = Validator::default();
        let email = Email::parse(&input.email);
        v.check(email.is_some(), "email", "invalid_email");
        v.name("first_name", &input.first_name, 100);
        v.name("last_name", &input.last_name, 100);
        let kind = OrgKind::parse(&input.kind);
        v.check(kind.is_some(), "kind", "invalid_kind");
        let company = input.company_name.as_deref().map(str::trim).unwrap_or_default();
        if kind == Some(OrgKind::Company) {
            v.name("company_name", company, 200);
        }
        let country = Country::parse(&input.country);
        v.check(country.is_some(), "country", "invalid_country");
        let language = Language::parse(&input.language);
        v.check(language.is_some(), "language", "invalid_language");
        let currency = match input.currency.as_deref() {
            None => country.as_ref().map(Currency::default_for),
            Some(c) => {
                let parsed = Currency::parse(c);
                v.check(parsed.is_some(), "currency", "invalid_currency");
                parsed
            }
        };
        let time_zone = input
            .time_zone
            .clone()
            .unwrap_or_else(|| "Europe/Zurich".to_owned());
        v.check(time_zone_ok(&time_zone), "time_zone", "invalid_time_zone");
        self.check_password(&mut v, "password", &input.password, &input.email);
        v.finish()?;
        let (Some(email), Some(kind), Some(country), Some(language), Some(currency)) =
            (email, kind, country, language, currency)
        else {
            return Err(AppError::field("email", "invalid_email"));
        };
        let org_name = match kind {
            OrgKind::Company => company.to_owned(),
            OrgKind::Person => format!("{} {}", input.first_name.trim(), input.last_name.trim()),
        };
        Ok(ValidSignup {
            email,
            kind,
            country,
            language,
            currency,
            time_zone,
            org_name,
        })
    }

    /// ACC-1: creates a user and, in the same transaction, an organization with that user as
    /// its only legal representative.
    pub async fn signup(&self, actor: &Actor, input: SignupInput) -> AppResult<SignedUp> {
        let ok = self.validate_signup(&input)?;
        let (email, language, time_zone, org_name) =
            (&ok.email, ok.language, &ok.time_zone, ok.org_name.clone());
        let hash = crypto::hash_password(&input.password, self.settings.hash_cost)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        if users::find_user_by_email(&mut change.tx, email.as_str())
            .await?
            .is_some()
        {
            return Err(AppError::new(ErrorCode::EmailTaken));
        }
        let support_code = self.unused_support_code(&mut change.tx).await?;
        let new = NewUser {
            email: email.as_str(),
            password_hash: &hash,
            first_name: input.first_name.trim(),
            last_name: input.last_name.trim(),
            language: language.as_str(),
            time_zone,
            support_code: &support_code,
            now,
        };
        let user_id = users::insert_user(&mut change.tx, &new)
            .await
            .map_err(|e| AppError::unique_as(e, "email", ErrorCode::EmailTaken))?;
        let org_id = home_organization(&mut change.tx, user_id, &org_name, &ok, now).await?;
        let new_user = Actor::user(
            kontor_domain::UserId(user_id),
            email.as_str(),
            actor.origin.clone(),
        );
        let created = format!("name={org_name} currency={}", ok.currency.as_str());
        change
            .record_as(
                &new_user,
                Entry::new(AuditAction::UserSignup, "user", Some(user_id)),
            )
            .await?;
        let entry = Entry::new(AuditAction::OrganizationCreate, "organization", Some(org_id));
        change
            .record_as(&new_user, entry.org(org_id).details(created))
            .await?;
        self.attribute_referral(&mut change, &new_user, org_id, input.referral.as_ref())
            .await?;
        let welcome = Template::Welcome {
            organization: org_name,
            console_url: format!("{}/console", self.settings.public_url),
        };
        change
            .mail(email.as_str(), language, input.first_name.trim(), &welcome)
            .await?;
        let done = signed_up(&mut change.tx, user_id, org_id).await?;
        change.commit().await?;
        Ok(done)
    }

    /// ACC-6: a random 8-digit code no other user holds.
    pub(crate) async fn unused_support_code(&self, tx: &mut Conn) -> AppResult<String> {
        for _ in 0..20 {
            let code = support_code_from(rand::rng().random());
            if users::find_user_by_support_code(tx, &code).await?.is_none() {
                return Ok(code);
            }
        }
        Err(AppError::Internal(anyhow::anyhow!(
            "no free support code after 20 draws"
        )))
    }

    /// ACC-3, ACC-4: checks e-mail and password with the lock-outs, and returns the user.
    /// Failures never say whether the e-mail exists.
    pub(crate) async fn check_credentials(
        &self,
        actor: &Actor,
        email: &str,
        password: &str,
    ) -> AppResult<UserRow> {
        let subject = email.trim().to_lowercase();
        let mut c = self.read().await?;
        self.check_lockouts(&mut c, actor, &subject).await?;
        let user = users::find_user_by_email(&mut c, &subject).await?;
        drop(c);
        let stored = user.as_ref().map(|u| u.password_hash.as_str());
        let password_ok = self.password_checked(actor, &subject, stored, password).await?;
        user.filter(|_| password_ok)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidCredentials))
    }

    /// ACC-3, ACC-4, SEC-3: e-mail, password and — when the account has a second factor —
    /// its code in one call (`POST /1/auth/tokens`). Without the code the answer is
    /// `second_factor_required` (an SMS factor gets its code sent); a wrong code is
    /// `invalid_second_factor` and counts towards the lock-out like a wrong password.
    pub async fn authenticate(
        &self,
        actor: &Actor,
        email: &str,
        password: &str,
        second_factor: Option<&str>,
    ) -> AppResult<UserRow> {
        let user = self.check_credentials(actor, email, password).await?;
        let owner = Owner::User(user.id);
        let mut c = self.read().await?;
        let factor = self.confirmed_factor(&mut c, owner).await?;
        let code = second_factor.map(str::trim).filter(|c| !c.is_empty());
        let person = self
            .person(&mut c, owner)
            .await?
            .ok_or_else(AppError::not_found)?;
        drop(c);
        match (factor, code) {
            (None, None) => Ok(user),
            (None, Some(_)) => Err(AppError::field("code", "second_factor_not_set_up")),
            (Some(f), None) => {
                if f.method == SMS {
                    let now = self.now_ts();
                    let mut tx = self.write().await?;
                    self.send_sms_code(&mut tx, &person, &f.phone, now).await?;
                    self.commit(tx, true).await?;
                }
                Err(AppError::new(ErrorCode::SecondFactorRequired))
            }
            (Some(_), Some(code)) => {
                let mut c = self.read().await?;
                self.check_lockouts(&mut c, actor, &person.email).await?;
                drop(c);
                self.use_second_factor(actor, &person, code).await?;
                Ok(user)
            }
        }
    }

    /// The signed-in user's account.
    pub async fn get_profile(&self, actor: &Actor) -> AppResult<UserRow> {
        decide(actor, Action::ProfileRead, Resource::OwnAccount).into_result()?;
        let id = actor
            .user_id()
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        let mut c = self.read().await?;
        users::find_user(&mut c, id.0)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))
    }

    /// ACC-10: names, language, time zone.
    pub async fn update_profile(&self, actor: &Actor, ch: ProfileChanges) -> AppResult<UserRow> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let user = self.get_profile(actor).await?;
        let first = ch.first_name.unwrap_or_else(|| user.first_name.clone());
        let last = ch.last_name.unwrap_or_else(|| user.last_name.clone());
        let lang = ch.language.unwrap_or_else(|| user.language.clone());
        let tz = ch.time_zone.unwrap_or_else(|| user.time_zone.clone());
        let mut v = Validator::default();
        v.name("first_name", &first, 100)
            .name("last_name", &last, 100)
            .check(Language::parse(&lang).is_some(), "language", "invalid_language")
            .check(time_zone_ok(&tz), "time_zone", "invalid_time_zone")
            .finish()?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let update = ProfileUpdate {
            first_name: first.trim(),
            last_name: last.trim(),
            language: &lang,
            time_zone: &tz,
        };
        users::update_profile(&mut change.tx, user.id, &update, now).await?;
        let details = format!("language={lang} time_zone={tz}");
        change
            .record(Entry::new(AuditAction::UserProfileUpdate, "user", Some(user.id)).details(details))
            .await?;
        let updated = users::find_user(&mut change.tx, user.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(updated)
    }

    /// ACC-6: a new support code; the old one stops working at once.
    pub async fn regenerate_support_code(&self, actor: &Actor) -> AppResult<String> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let user = self.get_profile(actor).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let code = self.unused_support_code(&mut change.tx).await?;
        users::update_support_code(&mut change.tx, user.id, &code, now).await?;
        change
            .record(Entry::new(
                AuditAction::UserSupportCodeRegenerate,
                "user",
                Some(user.id),
            ))
            .await?;
        change.commit().await?;
        Ok(code)
    }

    /// ACC-8: sends a reset link to the recovery address when confirmed, else to the login
    /// address. Answers the same whether or not the account exists.
    pub async fn request_password_reset(&self, actor: &Actor, email: &str) -> AppResult<()> {
        let Some(email) = Email::parse(email) else {
            return Err(AppError::field("email", "invalid_email"));
        };
        let now = self.now();
        let mut tx = self.write().await?;
        let Some(user) = users::find_user_by_email(&mut tx, email.as_str()).await? else {
            tx.commit().await?;
            return Ok(());
        };
        let secret = crypto::new_secret("");
        let expires = now + Duration::minutes(self.settings.reset_link_minutes);
        let to = user.recovery_email.clone().unwrap_or_else(|| user.email.clone());
        let ts = now.unix_timestamp();
        links::expire_links_of_user(&mut tx, PURPOSE_RESET, user.id, ts).await?;
        let hash = crypto::sha256_hex(&secret);
        links::insert_link(
            &mut tx,
            PURPOSE_RESET,
            &hash,
            user.id,
            &to,
            ts,
            expires.unix_timestamp(),
        )
        .await?;
        let link = format!("{}{PASSWORD_RESET_PATH}{secret}", self.settings.public_url);
        let tpl = Template::PasswordReset {
            link,
            minutes: self.settings.reset_link_minutes,
        };
        let lang = Language::parse(&user.language).unwrap_or_default();
        self.queue_mail(&mut tx, ts, &to, lang, &user.first_name, &tpl)
            .await?;
        let details = if user.recovery_email.is_some() {
            "sent_to=recovery"
        } else {
            "sent_to=login"
        };
        record(
            &mut tx,
            actor,
            ts,
            Entry::new(AuditAction::UserPasswordResetRequest, "user", Some(user.id)).details(details),
        )
        .await?;
        self.commit(tx, true).await
    }

    /// ACC-8, ACC-5: sets a new password with a reset link (single use), ends every session
    /// of the user and tells them by e-mail.
    pub async fn confirm_password_reset(&self, actor: &Actor, token: &str, password: &str) -> AppResult<()> {
        let now = self.now();
        let ts = now.unix_timestamp();
        let mut change = self.change(actor, ts).await?;
        let link = links::find_link(&mut change.tx, PURPOSE_RESET, &crypto::sha256_hex(token))
            .await?
            .filter(|l| l.used_at.is_none() && l.expires_at > ts)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))?;
        let user = users::find_user(&mut change.tx, link.user_id)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))?;
        let mut v = Validator::default();
        self.check_password(&mut v, "password", password, &user.email);
        v.finish()?;
        if !links::use_link(&mut change.tx, link.id, ts).await? {
            return Err(AppError::new(ErrorCode::InvalidLink));
        }
        let hash = crypto::hash_password(password, self.settings.hash_cost)?;
        users::update_password_hash(&mut change.tx, user.id, &hash, ts).await?;
        let ended = sessions::delete_sessions_of_user(&mut change.tx, user.id, None).await?;
        self.queue_password_changed(&mut change.tx, &user, now).await?;
        let details = format!("sessions_ended={ended}");
        change
            .record(Entry::new(AuditAction::UserPasswordReset, "user", Some(user.id)).details(details))
            .await?;
        change.mailed(true);
        change.commit().await
    }

    async fn queue_password_changed(
        &self,
        tx: &mut Conn,
        user: &UserRow,
        now: time::OffsetDateTime,
    ) -> AppResult<()> {
        let when = now.format(&Rfc3339).unwrap_or_default();
        let lang = Language::parse(&user.language).unwrap_or_default();
        let tpl = Template::PasswordChanged { when };
        self.queue_mail(
            tx,
            now.unix_timestamp(),
            &user.email,
            lang,
            &user.first_name,
            &tpl,
        )
        .await?;
        if let Some(recovery) = &user.recovery_email {
            self.queue_mail(tx, now.unix_timestamp(), recovery, lang, &user.first_name, &tpl)
                .await?;
        }
        Ok(())
    }

    /// ACC-5: changes the password with the current one. Every other session of the user ends;
    /// the calling console session is replaced by a new one, whose secret is returned.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
    ) -> AppResult<Option<String>> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let user = self.get_profile(actor).await?;
        let mut v = Validator::default();
        v.check(
            self.current_password_ok(actor, &user.email, &user.password_hash, current)
                .await?,
            "current_password",
            "wrong_password",
        );
        self.check_password(&mut v, "new_password", new, &user.email);
        v.finish()?;
        let hash = crypto::hash_password(new, self.settings.hash_cost)?;
        let now = self.now();
        let ts = now.unix_timestamp();
        let mut change = self.change(actor, ts).await?;
        users::update_password_hash(&mut change.tx, user.id, &hash, ts).await?;
        let current_session = actor.session_id().map(|s| s.0);
        let ended = sessions::delete_sessions_of_user(&mut change.tx, user.id, current_session).await?;
        let new_session = match (current_session, &actor.kind) {
            (
                Some(old),
                crate::ActorKind::User {
                    credential: Credential::Session { current_org, .. },
                    ..
                },
            ) => {
                sessions::delete_session(&mut change.tx, old).await?;
                Some(
                    self.insert_session(&mut change.tx, user.id, current_org.map(|o| o.0), &actor.origin)
                        .await?,
                )
            }
            _ => None,
        };
        self.queue_password_changed(&mut change.tx, &user, now).await?;
        let details = format!("other_sessions_ended={ended}");
        change
            .record(Entry::new(AuditAction::UserPasswordChange, "user", Some(user.id)).details(details))
            .await?;
        change.mailed(true);
        change.commit().await?;
        Ok(new_session)
    }

    /// ACC-7: asks to set (or, with `None`, remove) the recovery address. Setting sends a
    /// confirmation link to the new address; the old address stays until it is confirmed.
    pub async fn set_recovery_email(
        &self,
        actor: &Actor,
        email: Option<&str>,
        current_password: &str,
    ) -> AppResult<()> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let user = self.get_profile(actor).await?;
        let password_ok = self
            .current_password_ok(actor, &user.email, &user.password_hash, current_password)
            .await?;
        let parsed = check_recovery_request(&user, password_ok, email)?;
        let ts = self.now_ts();
        let mut change = self.change(actor, ts).await?;
        match parsed {
            None => {
                links::expire_links_of_user(&mut change.tx, PURPOSE_RECOVERY, user.id, ts).await?;
                users::update_recovery_email(&mut change.tx, user.id, None, ts).await?;
                change
                    .record(Entry::new(
                        AuditAction::UserRecoveryEmailRemove,
                        "user",
                        Some(user.id),
                    ))
                    .await?;
            }
            Some(new) => {
                let kind = AddressLink {
                    purpose: PURPOSE_RECOVERY,
                    path: RECOVERY_EMAIL_PATH,
                    template: |link, hours| Template::RecoveryEmailConfirm { link, hours },
                    audit: AuditAction::UserRecoveryEmailRequest,
                };
                self.send_address_link(&mut change, &user, &new, &kind).await?;
            }
        }
        change.commit().await
    }

    /// The profile with the recovery and sign-in addresses waiting for confirmation, if any
    /// (one query).
    pub async fn get_profile_with_pending(&self, actor: &Actor) -> AppResult<users::ProfileRow> {
        decide(actor, Action::ProfileRead, Resource::OwnAccount).into_result()?;
        let id = actor
            .user_id()
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        let mut c = self.read().await?;
        let p = users::find_profile(&mut c, id.0, self.now_ts())
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        Ok(p)
    }

    /// ACC-7: the link from the e-mail makes the new recovery address the one in force.
    pub async fn confirm_recovery_email(&self, actor: &Actor, token: &str) -> AppResult<String> {
        let ts = self.now_ts();
        let mut change = self.change(actor, ts).await?;
        let link = links::find_link(&mut change.tx, PURPOSE_RECOVERY, &crypto::sha256_hex(token))
            .await?
            .filter(|l| l.used_at.is_none() && l.expires_at > ts)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidLink))?;
        if !links::use_link(&mut change.tx, link.id, ts).await? {
            return Err(AppError::new(ErrorCode::InvalidLink));
        }
        users::update_recovery_email(&mut change.tx, link.user_id, Some(&link.email), ts).await?;
        let entry = Entry::new(AuditAction::UserRecoveryEmailConfirm, "user", Some(link.user_id))
            .details(format!("email={}", link.email));
        change.record(entry).await?;
        change.commit().await?;
        Ok(link.email)
    }
}
