//! BIL-8: every gateway charge belongs to exactly one succeeded payment or is refunded,
//! whatever the order of events. A charge no payment holds — a PayPal or TWINT page abandoned,
//! the order then paid by card, and the old page approved later; a process stopped between the
//! charge and its settling transaction — is an orphan. The return page refunds one at once when
//! the payer comes back; the orphan-charge job (part of `run_jobs`) finds the rest by reading
//! the processor's charges, settles an approved redirect whose payment still waits (the payer
//! never came back), refunds the others and tells the organization's billing contacts.

use kontor_domain::money::format_minor;
use kontor_domain::{AuditAction, OrgId, PaymentStatus};
use kontor_store::at;
use kontor_store::billing::payments as repo;
use time::OffsetDateTime;

use crate::App;
use crate::billing::payments::gateway::LiveCharge;
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::AppResult;
use crate::platform::mail::Template;

/// A charge is looked at once it is this old, so a request between charging and settling is
/// never taken for an orphan.
pub const ORPHAN_GRACE_SECS: i64 = 600;

/// The first run looks this far back.
const FIRST_LOOK_BACK_SECS: i64 = 30 * 86_400;

const MARK: &str = "orphan_charges";

/// How the customer knows the means (a brand name, the same in every language).
fn means_name(means: &str) -> &'static str {
    match means {
        "paypal" => "PayPal",
        "twint" => "TWINT",
        "postfinance" => "PostFinance",
        _ => "Card",
    }
}

impl App {
    /// Reads the processor's charges made since the last run (up to [`ORPHAN_GRACE_SECS`] ago)
    /// and settles or refunds each one no succeeded payment holds; answers how many were
    /// refunded. Two runners at once refund a charge once: the processor refunds a charge
    /// only while it is succeeded, and only the refund that happened writes and mails.
    pub async fn reconcile_charges(&self, now: OffsetDateTime) -> AppResult<u64> {
        let to = now.unix_timestamp() - ORPHAN_GRACE_SECS;
        let mut c = self.read().await?;
        let from = repo::job_mark(&mut c, MARK)
            .await?
            .map_or(to - FIRST_LOOK_BACK_SECS, |m| m + 1);
        drop(c);
        let mut after = (i64::MIN, String::new());
        let mut refunded = 0;
        loop {
            let page = self.gateway.live_charges(from, to, after.clone(), 100).await?;
            for charge in &page {
                if self.reconcile_charge(charge, now).await? {
                    refunded += 1;
                }
            }
            match page.last() {
                Some(last) if page.len() == 100 => after = (last.created_at, last.id.clone()),
                _ => break,
            }
        }
        let mut c = self.read().await?;
        repo::set_job_mark(&mut c, MARK, to).await?;
        Ok(refunded)
    }

    async fn reconcile_charge(&self, charge: &LiveCharge, now: OffsetDateTime) -> AppResult<bool> {
        let mut c = self.read().await?;
        if repo::charge_is_owned(&mut c, &charge.id).await? {
            return Ok(false);
        }
        let waiting = match &charge.session {
            Some(session) => repo::find_by_session(&mut c, session).await?,
            None => None,
        };
        drop(c);
        let means = waiting.as_ref().map_or("card", |p| p.means.as_str()).to_owned();
        if let Some(p) = waiting.filter(|p| p.status == PaymentStatus::Pending) {
            // Approved, and the payer never came back: settle it as the return page would
            // (which refunds it when the order was paid another way meanwhile).
            let done = self
                .confirm_payment(&Actor::system(), OrgId(p.organization_id), p.id)
                .await?;
            return Ok(done.status != PaymentStatus::Succeeded);
        }
        let org = charge.customer.parse().ok().map(OrgId);
        let orphan = Orphan {
            org,
            charge: &charge.id,
            amount: charge.amount,
            currency: &charge.currency,
            means: &means,
            made_at: charge.created_at,
        };
        self.refund_orphan(&orphan, now).await
    }

    /// Refunds a charge no payment holds; when this call is the one that refunded it, writes
    /// the audit row and tells the organization's billing contacts. Answers whether it did.
    pub(crate) async fn refund_orphan(&self, o: &Orphan<'_>, now: OffsetDateTime) -> AppResult<bool> {
        if !self.gateway.refund(o.charge, now).await? {
            return Ok(false);
        }
        let ts = now.unix_timestamp();
        let actor = Actor::system();
        let mut change = self.change(&actor, ts).await?;
        let amount = format!("{} {}", o.currency, format_minor(o.amount));
        let mut entry = Entry::new(AuditAction::PaymentRefund, "gateway_charge", None)
            .details(format!("{} {amount} {} orphan", o.means, o.charge));
        if let Some(org) = o.org {
            entry = entry.org(org.0);
            let made = at(o.made_at).date();
            let means = means_name(o.means);
            let wrote = self
                .mail_billing(&mut change.tx, org.0, ts, |lang| Template::ChargeRefunded {
                    amount: kontor_domain::locale::format_money(o.amount, o.currency, lang),
                    means: means.to_owned(),
                    date: kontor_domain::locale::format_day(made, lang),
                })
                .await?;
            change.mailed(wrote);
        }
        change.record(entry).await?;
        change.commit().await?;
        tracing::warn!(charge = o.charge, %amount, "refunded a gateway charge no payment holds");
        Ok(true)
    }
}

/// A gateway charge no succeeded payment holds.
pub(crate) struct Orphan<'a> {
    pub org: Option<OrgId>,
    pub charge: &'a str,
    pub amount: i64,
    pub currency: &'a str,
    pub means: &'a str,
    pub made_at: i64,
}
