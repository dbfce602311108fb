//! SEC-5, SUP-5: identity verification — the one way back in for a user who lost both the
//! device and the backup codes. After the right password the user files photos of an identity
//! document and a selfie (JPEG or PNG, recognised by their content, at most
//! `verification_max_bytes` each); they are sealed with the server key and kept in the
//! database. Support or admin staff look at them and approve or reject; approval removes the
//! second factor and ends every session. The photos are deleted `verification_retention_days`
//! after the decision. Every step is audited and the user is told by e-mail.

use kontor_domain::{AuditAction, Language};
use kontor_store::identity::sessions;
use kontor_store::orgs;
use kontor_store::security::verification::{self as store, NewVerification, VerificationRow};
use kontor_store::security::{self as factors_store};
use kontor_store::{Conn, identity::users};

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::crypto::Sealer;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};
use crate::platform::mail::Template;
use crate::security::factors::Owner;

/// Decided requests the staff list shows below the pending ones.
const RECENT_DECISIONS: i64 = 50;
/// The longest note a staff member adds to a decision.
const NOTE_MAX: usize = 500;

/// How the person filing proves the password (SEC-5: "after entering the correct password").
#[derive(Debug, Clone, Copy)]
pub enum Filer<'a> {
    /// The console: the sign-in challenge the right password opened.
    Challenge(&'a str),
    /// The API: e-mail and password, checked with the lock-outs.
    Password { email: &'a str, password: &'a str },
}

/// One of the two photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Photo {
    Document,
    Selfie,
}

impl Photo {
    pub fn parse(s: &str) -> Option<Photo> {
        match s {
            "document" => Some(Photo::Document),
            "selfie" => Some(Photo::Selfie),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Photo::Document => "document",
            Photo::Selfie => "selfie",
        }
    }
}

/// The content type of a JPEG or PNG image, recognised by its first bytes (whatever the
/// browser or the file name claims); `None` for anything else.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes.len() > 4 {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 8 {
        Some("image/png")
    } else {
        None
    }
}

/// SEC-5: both photos present, JPEG or PNG by their content, within `max` bytes.
fn check_photos(max: usize, document: &[u8], selfie: &[u8]) -> AppResult<()> {
    let mut v = Validator::default();
    for (field, bytes) in [("document", document), ("selfie", selfie)] {
        if bytes.is_empty() {
            v.fail(field, "image_required");
        } else if bytes.len() > max {
            v.fail(field, "image_too_large");
        } else if image_type(bytes).is_none() {
            v.fail(field, "not_an_image");
        }
    }
    v.finish()
}

fn sealer(app: &App) -> Sealer {
    Sealer::new(&app.settings.server_key, "identity")
}

/// The associated data a photo is sealed to: its user and which photo it is.
fn photo_owner(user: i64, photo: Photo) -> String {
    format!("user:{user}:{}", photo.as_str())
}

impl App {
    /// SEC-5: files a request for the user whose password the filer proved. One request waits
    /// per user (`verification_pending`); the photos must be JPEG or PNG within the limit.
    pub async fn file_identity_verification(
        &self,
        actor: &Actor,
        filer: Filer<'_>,
        document: &[u8],
        selfie: &[u8],
    ) -> AppResult<VerificationRow> {
        let user = self.filer_user(actor, filer).await?;
        check_photos(self.settings.verification_max_bytes, document, selfie)?;
        let sealer = sealer(self);
        let document_sealed = sealer.seal_bytes(&photo_owner(user, Photo::Document), document);
        let selfie_sealed = sealer.seal_bytes(&photo_owner(user, Photo::Selfie), selfie);
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let new = NewVerification {
            user,
            document_type: image_type(document).unwrap_or_default(),
            document: &document_sealed,
            selfie_type: image_type(selfie).unwrap_or_default(),
            selfie: &selfie_sealed,
            now,
            ip: &actor.origin.ip,
        };
        let id = store::insert_verification(&mut change.tx, &new)
            .await
            .map_err(|e| AppError::unique_as(e, "identity_verifications", ErrorCode::VerificationPending))?;
        let row = store::find_verification(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        self.record_for_user(
            &mut change.tx,
            actor,
            now,
            &row,
            AuditAction::IdentityVerificationFile,
            "",
        )
        .await?;
        let lang = self.user_language(&mut change.tx, user).await?;
        change
            .mail(
                &row.email,
                lang,
                &row.first_name,
                &Template::IdentityVerificationFiled {},
            )
            .await?;
        change.commit().await?;
        Ok(row)
    }

    /// The user whose password the filer proved; with the password, the account must have
    /// its second factor on (else there is nothing to verify).
    async fn filer_user(&self, actor: &Actor, filer: Filer<'_>) -> AppResult<i64> {
        match filer {
            Filer::Challenge(secret) => match self.challenge(secret).await?.owner {
                Owner::User(id) => Ok(id),
                Owner::Staff(_) => Err(AppError::new(ErrorCode::SignInExpired)),
            },
            Filer::Password { email, password } => {
                let user = self.check_credentials(actor, email, password).await?;
                let mut c = self.read().await?;
                if self
                    .confirmed_factor(&mut c, Owner::User(user.id))
                    .await?
                    .is_none()
                {
                    return Err(AppError::new(ErrorCode::TwoFactorNotOn));
                }
                Ok(user.id)
            }
        }
    }

    /// SEC-5: the pending requests, oldest first, then the latest decisions (support, admin).
    pub async fn identity_verifications(&self, actor: &Actor) -> AppResult<Vec<VerificationRow>> {
        decide(actor, Action::StaffVerifications, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        Ok(store::list_verifications(&mut c, RECENT_DECISIONS).await?)
    }

    /// SEC-5: one request, without its photos.
    pub async fn identity_verification(&self, actor: &Actor, id: i64) -> AppResult<VerificationRow> {
        decide(actor, Action::StaffVerifications, Resource::Platform).into_result()?;
        let mut c = self.read().await?;
        store::find_verification(&mut c, id)
            .await?
            .ok_or_else(AppError::not_found)
    }

    /// SEC-5: one photo of a request, opened for the staff member looking at it (audited);
    /// `not_found` once the photos are deleted.
    pub async fn verification_photo(
        &self,
        actor: &Actor,
        id: i64,
        photo: Photo,
    ) -> AppResult<(String, Vec<u8>)> {
        decide(actor, Action::StaffVerifications, Resource::Platform).into_result()?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let row = store::find_verification(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let (content_type, sealed) = store::photo(&mut change.tx, id, photo == Photo::Selfie)
            .await?
            .ok_or_else(AppError::not_found)?;
        let plain = sealer(self)
            .open_bytes(&photo_owner(row.user_id, photo), &sealed)
            .ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("verification {id}: the photo does not open"))
            })?;
        let details = format!("photo={}", photo.as_str());
        self.record_for_user(
            &mut change.tx,
            actor,
            now,
            &row,
            AuditAction::IdentityVerificationView,
            &details,
        )
        .await?;
        change.commit().await?;
        Ok((content_type, plain))
    }

    /// SEC-5, SUP-5: the decision on a pending request. Approval removes the user's second
    /// factor and backup codes and ends every session; either way the user is told by e-mail.
    /// A request decided already is `verification_decided`.
    pub async fn decide_identity_verification(
        &self,
        actor: &Actor,
        id: i64,
        approve: bool,
        note: &str,
    ) -> AppResult<VerificationRow> {
        decide(actor, Action::StaffVerifications, Resource::Platform).into_result()?;
        let Some(staff) = actor.staff_id() else {
            return Err(AppError::not_found());
        };
        let note = note.trim();
        Validator::default().line("note", note, NOTE_MAX).finish()?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let row = store::find_verification(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let status = if approve { "approved" } else { "rejected" };
        if !store::decide(&mut change.tx, id, status, staff, note, now).await? {
            return Err(AppError::new(ErrorCode::VerificationDecided));
        }
        let owner = Owner::User(row.user_id);
        let (action, tpl) = if approve {
            factors_store::delete_factor(&mut change.tx, owner.kind(), owner.id()).await?;
            let ended = sessions::delete_sessions_of_user(&mut change.tx, row.user_id, None).await?;
            let entry = Entry::new(AuditAction::TwoFactorDisable, "user", Some(row.user_id))
                .details(format!("by=identity_verification:{id} sessions_ended={ended}"));
            change.record(entry).await?;
            (
                AuditAction::IdentityVerificationApprove,
                Template::IdentityVerificationApproved {
                    url: format!("{}/console/signin", self.settings.public_url),
                },
            )
        } else {
            (
                AuditAction::IdentityVerificationReject,
                Template::IdentityVerificationRejected {
                    note: note.to_owned(),
                },
            )
        };
        self.record_for_user(&mut change.tx, actor, now, &row, action, "")
            .await?;
        let lang = self.user_language(&mut change.tx, row.user_id).await?;
        change.mail(&row.email, lang, &row.first_name, &tpl).await?;
        let row = store::find_verification(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(row)
    }

    /// SEC-5 (job): deletes the photos of the requests decided more than
    /// `verification_retention_days` ago; answers how many requests lost theirs.
    pub async fn purge_identity_verifications(&self, now: i64) -> AppResult<u64> {
        let before = now - self.settings.verification_retention_days * 86_400;
        let actor = Actor::system();
        let mut change = self.change(&actor, now).await?;
        let purged = store::purge_decided_before(&mut change.tx, before, now).await?;
        for (id, user) in &purged {
            let entry = Entry::new(
                AuditAction::IdentityVerificationPurge,
                "identity_verification",
                Some(*id),
            )
            .details(format!("user={user}"));
            change.record(entry).await?;
        }
        change.commit().await?;
        Ok(purged.len() as u64)
    }

    async fn user_language(&self, c: &mut Conn, user: i64) -> AppResult<Language> {
        Ok(users::find_user(c, user)
            .await?
            .and_then(|u| Language::parse(&u.language))
            .unwrap_or_default())
    }

    /// An audit row about a request on the account, and one in each of the user's
    /// organizations (where a staff actor shows as staff).
    async fn record_for_user(
        &self,
        tx: &mut Conn,
        actor: &Actor,
        now: i64,
        row: &VerificationRow,
        action: AuditAction,
        details: &str,
    ) -> AppResult<()> {
        let details = format!("user={} {details}", row.user_id).trim_end().to_owned();
        let entry = Entry::new(action, "identity_verification", Some(row.id)).details(details.clone());
        record(tx, actor, now, entry).await?;
        for org in orgs::list_orgs_of_user(tx, row.user_id).await? {
            let entry = Entry::new(action, "identity_verification", Some(row.id))
                .org(org.id)
                .details(details.clone());
            record(tx, actor, now, entry).await?;
        }
        Ok(())
    }
}
