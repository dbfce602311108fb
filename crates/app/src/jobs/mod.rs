//! Background jobs (OPS-2, OPS-3): outbox delivery with back-off and the clean-up of expired
//! sessions, links and old sign-in failures. Every task is idempotent: a second run at the
//! same instant finds nothing left to do.

use std::sync::atomic::{AtomicU64, Ordering};

use kontor_domain::retry::backoff;
use kontor_store::{identity::links, identity::sessions, identity::signin, platform::outbox};
use time::OffsetDateTime;

use crate::App;
use crate::platform::crypto::Sealer;
use crate::platform::error::AppResult;
use crate::platform::mail::without_secrets;
use crate::platform::mailer::OutgoingMail;
use crate::platform::sms::OutgoingSms;

/// Counters for `/metrics`.
#[derive(Debug, Default)]
pub struct JobMetrics {
    pub runs: AtomicU64,
    pub mails_sent: AtomicU64,
    pub mail_failures: AtomicU64,
}

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct JobReport {
    pub mails_sent: u64,
    pub mails_retried: u64,
    pub mails_given_up: u64,
    pub sessions_removed: u64,
    pub links_removed: u64,
    pub failures_removed: u64,
    pub invitations_expired: u64,
    /// TEN-3: calls for tender that reached their days.
    pub tenders_closed: u64,
    /// SUP-3: support grants that reached their 7 days.
    pub support_grants_expired: u64,
    /// SEC-5: identity verification requests whose photos were deleted after retention.
    pub verification_photos_deleted: u64,
    /// BIL-8: gateway charges no payment held, refunded.
    pub orphan_charges_refunded: u64,
    pub webhooks: crate::webhooks::WebhookReport,
    pub renewals: crate::billing::renewals::RenewalReport,
}

/// A claimed message is not tried again by another worker for this long.
const LEASE_SECS: i64 = 300;

impl App {
    /// Runs every periodic task for the instant `now` (the clock's time in `serve`).
    pub async fn run_jobs(&self, now: OffsetDateTime) -> AppResult<JobReport> {
        let renewals = self.run_renewals(now).await?;
        let ts = now.unix_timestamp();
        let support_grants_expired = self.expire_support_grants(ts).await?;
        let verification_photos_deleted = self.purge_identity_verifications(ts).await?;
        let mut report = self.deliver_outbox(now).await?;
        report.renewals = renewals;
        report.support_grants_expired = support_grants_expired;
        report.verification_photos_deleted = verification_photos_deleted;
        let mut tx = self.write().await?;
        report.sessions_removed = sessions::delete_expired_sessions(&mut tx, ts).await?
            + kontor_store::staff::delete_expired_sessions(&mut tx, ts).await?;
        kontor_store::security::delete_expired(&mut tx, ts - 86_400).await?;
        // Used or expired links are kept a day so that a late click says "expired", not
        // "unknown"; then they go.
        report.links_removed = links::delete_links_expired_before(&mut tx, ts - 86_400).await?;
        report.failures_removed = signin::delete_failures_before(&mut tx, ts - 86_400).await?;
        self.clean_legacy_outbox(&mut tx).await?;
        self.seal_legacy_card_tokens(&mut tx).await?;
        let now_ms = (now.unix_timestamp_nanos() / 1_000_000) as i64;
        kontor_store::platform::ratelimit::delete_before(
            &mut tx,
            now_ms - 60_000,
            crate::partners::tenders::RATE_PREFIX,
            now_ms - crate::partners::tenders::RATE_WINDOW_MS,
        )
        .await?;
        tx.commit().await?;
        report.invitations_expired = self.expire_invitations(ts).await?;
        report.tenders_closed = self.close_due_tenders(ts).await?;
        report.webhooks = self.deliver_webhooks(now).await?;
        report.orphan_charges_refunded = self.reconcile_charges(now).await?;
        self.metrics.runs.fetch_add(1, Ordering::Relaxed);
        Ok(report)
    }

    /// MSG-1: sends what is due, retrying with back-off; gives up (keeping the message) after
    /// `mail_max_attempts`.
    pub async fn deliver_outbox(&self, now: OffsetDateTime) -> AppResult<JobReport> {
        let ts = now.unix_timestamp();
        let mut report = JobReport::default();
        loop {
            let mut c = self.read().await?;
            let due = outbox::list_due(&mut c, ts, 50).await?;
            drop(c);
            if due.is_empty() {
                break;
            }
            let mut progressed = false;
            for row in due {
                let mut c = self.read().await?;
                if !outbox::claim(&mut c, row.id, ts, ts + LEASE_SECS).await? {
                    continue;
                }
                progressed = true;
                let Some((body, kept)) = self.unseal(&row) else {
                    // Sealed with another server key: it cannot be sent, and stays as it is.
                    let error = "the body does not open with this server key";
                    tracing::error!(outbox_id = row.id, error, "e-mail not sent");
                    outbox::mark_attempt_failed(&mut c, row.id, error, None, &row.body, ts).await?;
                    report.mails_given_up += 1;
                    continue;
                };
                let attempts = row.attempts + 1;
                match self.send_row(&row, body).await {
                    Ok(_) => {
                        outbox::mark_delivered(&mut c, row.id, &kept, ts).await?;
                        report.mails_sent += 1;
                        self.metrics.mails_sent.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(error) => {
                        self.metrics.mail_failures.fetch_add(1, Ordering::Relaxed);
                        let give_up = attempts >= self.settings.mail_max_attempts;
                        let retry_at = (!give_up).then(|| (now + backoff(attempts)).unix_timestamp());
                        tracing::warn!(outbox_id = row.id, attempts, %error, give_up, "e-mail delivery failed");
                        outbox::mark_attempt_failed(&mut c, row.id, &error, retry_at, &kept, ts).await?;
                        if give_up {
                            report.mails_given_up += 1;
                        } else {
                            report.mails_retried += 1;
                        }
                    }
                }
            }
            if !progressed {
                break;
            }
        }
        Ok(report)
    }

    /// Hands one outbox row to its transport: an SMS to the SMS sender (SEC-1), anything
    /// else to the mailer.
    async fn send_row(&self, row: &outbox::OutboxRow, body: String) -> Result<String, String> {
        if row.kind == "sms" {
            let sms = OutgoingSms {
                outbox_id: row.id,
                to: row.recipient.clone(),
                text: body,
            };
            return self.sms.send(&sms).await;
        }
        let mail = OutgoingMail {
            outbox_id: row.id,
            from: self.settings.mail_from.clone(),
            to: row.recipient.clone(),
            subject: row.subject.clone(),
            body,
        };
        self.mailer.send(&mail).await
    }

    /// A waiting message's body to send and the copy to keep once it is delivered (SEC-6).
    /// A message written before bodies were sealed is sent as it is and kept without its
    /// one-time links.
    fn unseal(&self, row: &outbox::OutboxRow) -> Option<(String, String)> {
        if Sealer::is_sealed(&row.body) {
            let sealer = self.outbox_sealer();
            let body = sealer.open(&row.recipient, &row.body)?;
            let kept = sealer.open(&row.recipient, &row.kept)?;
            return Some((body, kept));
        }
        Some((row.body.clone(), without_secrets(&row.body, "…")))
    }

    /// Removes the one-time links from messages delivered before bodies were sealed.
    pub(crate) async fn clean_legacy_outbox(&self, c: &mut kontor_store::Conn) -> AppResult<u64> {
        let mut cleaned = 0;
        loop {
            let rows = outbox::list_legacy(c, 100).await?;
            if rows.is_empty() {
                return Ok(cleaned);
            }
            for row in rows {
                outbox::set_cleaned(c, row.id, &without_secrets(&row.body, "…")).await?;
                cleaned += 1;
            }
        }
    }

    /// Undelivered messages (`/metrics`).
    pub async fn outbox_backlog(&self) -> AppResult<i64> {
        let mut c = self.read().await?;
        Ok(outbox::count_backlog(&mut c).await?)
    }
}
