//! SEC-3: a sign-in whose password was right waits for its second factor in a *challenge* —
//! a random secret the browser keeps, only its SHA-256 stored, valid `challenge_minutes` —
//! and no session exists until a code passes. A wrong code counts towards the lock-out like a
//! wrong password (ACC-4). Users (console) and staff (staff console) share it.

use kontor_domain::AuditAction;
use kontor_store::security as store;

use crate::App;
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode};
use crate::security::factors::{Owner, Person, Proof, SMS};

/// A challenge as its page shows it.
#[derive(Debug, Clone)]
pub struct ChallengeInfo {
    pub owner: Owner,
    /// `totp` or `sms`.
    pub method: String,
    /// Where the console goes once the code passed.
    pub next: String,
}

/// A passed challenge: who, where they were going, and with what.
#[derive(Debug, Clone)]
pub struct Passed {
    pub person: Person,
    pub next: String,
    pub proof: Proof,
}

impl App {
    /// Opens a challenge for `person` (whose password was right and whose factor is on); an
    /// SMS factor gets its code now. Answers the secret for the browser.
    pub(crate) async fn open_challenge(
        &self,
        actor: &Actor,
        person: &Person,
        next: &str,
    ) -> AppResult<String> {
        let owner = person.owner;
        let now = self.now_ts();
        let secret = crypto::new_secret("kc_");
        let expires = now + self.settings.challenge_minutes * 60;
        let mut change = self.change(actor, now).await?;
        let factor = self
            .confirmed_factor(&mut change.tx, owner)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::TwoFactorNotOn))?;
        store::insert_challenge(
            &mut change.tx,
            &crypto::sha256_hex(&secret),
            owner.kind(),
            owner.id(),
            next,
            now,
            expires,
        )
        .await?;
        if factor.method == SMS {
            // A sign-in beyond the SMS limit still opens: the backup codes remain.
            if let Err(e) = self
                .send_sms_code(&mut change.tx, person, &factor.phone, now)
                .await
                && e.code() != ErrorCode::TooManyCodes
            {
                return Err(e);
            }
        }
        change.commit().await?;
        Ok(secret)
    }

    /// The live challenge behind a secret; `sign_in_expired` when it is unknown, used or old.
    pub async fn challenge(&self, secret: &str) -> AppResult<ChallengeInfo> {
        let now = self.now_ts();
        let mut c = self.read().await?;
        let row = store::find_live_challenge(&mut c, &crypto::sha256_hex(secret), now)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::SignInExpired))?;
        let owner = if row.owner_kind == "staff" {
            Owner::Staff(row.owner_id)
        } else {
            Owner::User(row.owner_id)
        };
        let factor = self
            .confirmed_factor(&mut c, owner)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::SignInExpired))?;
        Ok(ChallengeInfo {
            owner,
            method: factor.method,
            next: row.next_path,
        })
    }

    /// SEC-3: checks `code` (TOTP, SMS or backup code) for the challenge and uses both. A
    /// wrong code is `invalid_second_factor` and counts as a failed sign-in.
    pub(crate) async fn pass_challenge(&self, actor: &Actor, secret: &str, code: &str) -> AppResult<Passed> {
        let info = self.challenge(secret).await?;
        let mut c = self.read().await?;
        let person = self
            .person(&mut c, info.owner)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::SignInExpired))?;
        let subject = info.owner.lockout_subject(&person.email);
        self.check_lockouts(&mut c, actor, &subject).await?;
        drop(c);
        let proof = self.use_second_factor(actor, &person, code).await?;
        let now = self.now_ts();
        let mut tx = self.write().await?;
        let row = store::find_live_challenge(&mut tx, &crypto::sha256_hex(secret), now)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::SignInExpired))?;
        if !store::use_challenge(&mut tx, row.id, now).await? {
            return Err(AppError::new(ErrorCode::SignInExpired));
        }
        self.commit(tx, false).await?;
        Ok(Passed {
            person,
            next: info.next,
            proof,
        })
    }

    /// SEC-3: uses a code of `person`'s factor, or counts a failed sign-in (audited) and
    /// refuses with `invalid_second_factor`. The caller checked the lock-outs.
    pub(crate) async fn use_second_factor(
        &self,
        actor: &Actor,
        person: &Person,
        code: &str,
    ) -> AppResult<Proof> {
        let owner = person.owner;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let factor = self
            .confirmed_factor(&mut change.tx, owner)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::TwoFactorNotOn))?;
        if let Some(proof) = self.use_code(&mut change.tx, owner, &factor, code, now).await? {
            change.commit().await?;
            return Ok(proof);
        }
        drop(change);
        self.count_failure(actor, &owner.lockout_subject(&person.email))
            .await?;
        let mut change = self.change(actor, now).await?;
        change
            .record(Entry::new(
                AuditAction::TwoFactorFail,
                owner.kind(),
                Some(owner.id()),
            ))
            .await?;
        change.commit().await?;
        Err(AppError::new(ErrorCode::InvalidSecondFactor))
    }

    /// SEC-1: a new SMS code for a waiting sign-in (within the per-person limit).
    pub async fn resend_challenge_code(&self, actor: &Actor, secret: &str) -> AppResult<()> {
        let info = self.challenge(secret).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let person = self
            .person(&mut change.tx, info.owner)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::SignInExpired))?;
        let factor = self
            .confirmed_factor(&mut change.tx, info.owner)
            .await?
            .filter(|f| f.method == SMS)
            .ok_or_else(|| AppError::new(ErrorCode::TwoFactorNotOn))?;
        self.send_sms_code(&mut change.tx, &person, &factor.phone, now)
            .await?;
        change
            .record(Entry::new(
                AuditAction::TwoFactorSmsSend,
                info.owner.kind(),
                Some(info.owner.id()),
            ))
            .await?;
        change.commit().await
    }
}
