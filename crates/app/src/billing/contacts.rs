//! Billing contacts (ORG-1, REN-7): the members with the billing right who chose billing
//! messages, the messages written to them, and the settings that switch expiry notices and
//! invoice mails on or off.

use kontor_domain::{AuditAction, Language, OrgId};
use kontor_store::billing::renewals as repo;
use kontor_store::{Conn, orgs::members};

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::AppResult;
use crate::platform::mail::Template;

impl App {
    /// Writes a message to each billing contact of `org` (members with the billing right who
    /// chose billing messages), in their language; answers whether any was written.
    pub(crate) async fn mail_billing(
        &self,
        tx: &mut Conn,
        org: i64,
        now: i64,
        template: impl Fn(Language) -> Template,
    ) -> AppResult<bool> {
        let contacts = members::billing_contacts(tx, org).await?;
        for c in &contacts {
            let lang = Language::parse(&c.language).unwrap_or(Language::En);
            self.queue_mail(tx, now, &c.email, lang, &c.first_name, &template(lang))
                .await?;
        }
        Ok(!contacts.is_empty())
    }

    /// REN-7: which billing messages the organization receives, and the addresses that
    /// receive them.
    pub async fn billing_settings(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> AppResult<(repo::BillingSettingsRow, Vec<String>)> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::BillingRead, Resource::Organization(&facts))?;
        let mut c = self.read().await?;
        let settings = repo::billing_settings(&mut c, org.0).await?;
        let recipients = members::billing_contacts(&mut c, org.0)
            .await?
            .into_iter()
            .map(|r| r.email)
            .collect();
        Ok((settings, recipients))
    }

    /// REN-7: switches billing messages on or off.
    pub async fn put_billing_settings(
        &self,
        actor: &Actor,
        org: OrgId,
        settings: repo::BillingSettingsRow,
    ) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::BillingPay, Resource::Organization(&facts))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        repo::put_billing_settings(&mut change.tx, org.0, settings, now).await?;
        change
            .record(
                Entry::new(AuditAction::BillingSettingsUpdate, "organization", Some(org.0))
                    .org(org.0)
                    .details(format!(
                        "expiry_notices={} invoices={}",
                        settings.expiry_notices, settings.invoices
                    )),
            )
            .await?;
        change.commit().await
    }
}
