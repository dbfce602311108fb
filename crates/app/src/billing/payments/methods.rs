//! Saved payment means (BIL-4): cards and TWINT profiles; only the gateway token, brand, last
//! four digits and expiry are kept.

use kontor_domain::{AuditAction, OrgId};
use kontor_store::billing::payments::{self as repo, MethodRow};

use crate::App;
use crate::access::Action;
use crate::billing::payments::gateway::customer_of;
use crate::billing::payments::save_card;
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult};

impl App {
    /// BIL-4: saved cards.
    pub async fn list_payment_methods(&self, actor: &Actor, org: OrgId) -> AppResult<Vec<MethodRow>> {
        self.authorize_billing(actor, org, Action::BillingRead).await?;
        let mut c = self.read().await?;
        Ok(repo::list_methods(&mut c, org.0).await?)
    }

    /// Saves a card tokenized by the gateway.
    pub async fn add_payment_method(
        &self,
        actor: &Actor,
        org: OrgId,
        card_token: &str,
    ) -> AppResult<MethodRow> {
        self.authorize_billing(actor, org, Action::BillingPay).await?;
        let card = self
            .gateway
            .card(&customer_of(org), card_token)
            .await?
            .ok_or_else(|| AppError::field("card_token", "unknown"))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let id = save_card(&mut change.tx, &self.card_sealer(), actor, org, &card, now).await?;
        let row = repo::find_method(&mut change.tx, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(row)
    }

    /// Forgets a saved card (its gateway token is erased).
    pub async fn delete_payment_method(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<()> {
        self.authorize_billing(actor, org, Action::BillingPay).await?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        if !repo::delete_method(&mut change.tx, org.0, id, now).await? {
            return Err(AppError::not_found());
        }
        change
            .record(Entry::new(AuditAction::PaymentMethodDelete, "payment_method", Some(id)).org(org.0))
            .await?;
        change.commit().await
    }

    /// Seals the tokens saved before tokens were sealed (the housekeeping job, SEC-6).
    pub(crate) async fn seal_legacy_card_tokens(&self, c: &mut kontor_store::Conn) -> AppResult<u64> {
        let sealer = self.card_sealer();
        let mut sealed = 0;
        loop {
            let rows = repo::list_unsealed_methods(c, 100).await?;
            if rows.is_empty() {
                return Ok(sealed);
            }
            for m in rows {
                let token = sealer.seal(&customer_of(OrgId(m.organization_id)), &m.gateway_token);
                repo::set_method_token(c, m.id, &token).await?;
                sealed += 1;
            }
        }
    }
}
