//! Checking a password with the lock-outs (ACC-3, ACC-4), for every place that asks for one:
//! sign-in, token creation, changing the password, the recovery address, switching 2FA off, a
//! staff sign-in. A wrong second-factor code counts as a failure the same way (SEC-3).

use kontor_store::identity::signin::{self, FailureScope};
use kontor_store::{Conn, at};

use crate::App;
use crate::platform::actor::Actor;
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode};

impl App {
    /// ACC-4: refuses with `ip_locked` or `account_locked` while the caller's IP or the account
    /// `subject` (a lower-case e-mail; `staff:` and the e-mail for staff) is locked out.
    pub(crate) async fn check_lockouts(&self, c: &mut Conn, actor: &Actor, subject: &str) -> AppResult<()> {
        let now = self.now();
        let ip = &actor.origin.ip;
        let (account_policy, ip_policy) = (&self.settings.lockout_account, &self.settings.lockout_ip);
        if !ip.is_empty() {
            let since = (now - ip_policy.horizon()).unix_timestamp();
            let failures = signin::list_failures(c, FailureScope::Ip, ip, since).await?;
            let failures: Vec<_> = failures.into_iter().map(at).collect();
            if let Some(until) = ip_policy.locked_until(&failures, now) {
                return Err(AppError::new(ErrorCode::IpLocked).retry_after(secs_until(now, until)));
            }
        }
        let since = (now - account_policy.horizon()).unix_timestamp();
        let failures = signin::list_failures(c, FailureScope::Account, subject, since).await?;
        let failures: Vec<_> = failures.into_iter().map(at).collect();
        if let Some(until) = account_policy.locked_until(&failures, now) {
            return Err(AppError::new(ErrorCode::AccountLocked).retry_after(secs_until(now, until)));
        }
        Ok(())
    }

    /// ACC-3, ACC-4: checks `password` against `stored` (a dummy hash for an unknown account,
    /// so both cost the same) and counts a failure for the account and the IP, as sign-in
    /// does; a success clears the account's failures. The caller checked the lock-outs.
    pub(crate) async fn password_checked(
        &self,
        actor: &Actor,
        subject: &str,
        stored: Option<&str>,
        password: &str,
    ) -> AppResult<bool> {
        let ok =
            crypto::verify_password(password, stored.unwrap_or(self.dummy_hash.as_str())) && stored.is_some();
        if ok {
            let mut tx = self.write().await?;
            signin::delete_failures(&mut tx, FailureScope::Account, subject).await?;
            self.commit(tx, false).await?;
        } else {
            self.count_failure(actor, subject).await?;
        }
        Ok(ok)
    }

    /// ACC-4, SEC-3: one failed sign-in for the account `subject` and the caller's IP (a wrong
    /// password, or a wrong second-factor code).
    pub(crate) async fn count_failure(&self, actor: &Actor, subject: &str) -> AppResult<()> {
        let ts = self.now_ts();
        let mut tx = self.write().await?;
        signin::insert_failure(&mut tx, FailureScope::Account, subject, ts).await?;
        if !actor.origin.ip.is_empty() {
            signin::insert_failure(&mut tx, FailureScope::Ip, &actor.origin.ip, ts).await?;
        }
        self.commit(tx, false).await
    }

    /// ACC-4 for the endpoints that ask for the current password (changing it, the recovery
    /// address, switching 2FA off): locked out like sign-in, and every wrong password counts
    /// like a failed sign-in. Answers whether the password was right.
    pub(crate) async fn current_password_ok(
        &self,
        actor: &Actor,
        subject: &str,
        stored: &str,
        password: &str,
    ) -> AppResult<bool> {
        let mut c = self.read().await?;
        self.check_lockouts(&mut c, actor, subject).await?;
        drop(c);
        self.password_checked(actor, subject, Some(stored), password)
            .await
    }
}

/// Whole seconds from `now` until `until`, rounded up.
pub(crate) fn secs_until(now: time::OffsetDateTime, until: time::OffsetDateTime) -> u64 {
    let ms = (until - now).whole_milliseconds().max(0) as u64;
    ms.div_ceil(1000)
}
