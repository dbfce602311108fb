//! PAR-12: the affiliate's commission on the first paid invoice of an organization that
//! signed up through its link, credited in the transaction that pays the invoice.

use kontor_domain::money::{format_minor, mul_div_half_up, percent_of};
use kontor_domain::{AuditAction, Event, Percent};
use kontor_store::billing::invoices::InvoiceRow;
use kontor_store::billing::orders::ItemRow;
use kontor_store::billing::prepaid;
use kontor_store::partners::affiliates::{self as repo, AffiliateRow};
use serde_json::json;

use crate::App;
use crate::catalog::Catalog;
use crate::change::Change;
use crate::platform::audit::Entry;
use crate::platform::error::AppResult;
use crate::platform::mail::Template;

/// What the invoice's items come to in `currency`: each item's amount scaled by the
/// catalogue's list price of the same plan in `currency` over its list price in the invoice's
/// (no exchange rate: the catalogue prices both currencies). Items the catalogue no longer
/// prices in `currency` count nothing.
fn items_in(cat: &Catalog, items: &[ItemRow], currency: &str) -> i64 {
    items
        .iter()
        .filter(|i| i.list_minor > 0)
        .filter_map(|i| {
            let list = cat.list_price(&i.plan_code, i.period_months, i.seats, &i.storage_code, currency)?;
            Some(mul_div_half_up(i.amount_minor, list, i.list_minor))
        })
        .sum()
}

impl App {
    /// PAR-12: when `invoice` is the first paid invoice of a referred organization, its
    /// affiliate earns its commission rate of the amount excluding VAT, in the affiliate's
    /// currency, credited to its prepaid account as ledger kind `commission`. The referral row
    /// is claimed with a conditional update, so two invoices paid at once credit it once.
    pub(crate) async fn credit_commission(
        &self,
        change: &mut Change<'_>,
        invoice: &InvoiceRow,
        items: &[ItemRow],
    ) -> AppResult<()> {
        if invoice.subtotal_minor <= 0 {
            return Ok(());
        }
        let org = invoice.organization_id;
        let Some(affiliate) = repo::uncredited(&mut change.tx, org).await? else {
            return Ok(());
        };
        let base = if affiliate.currency == invoice.currency {
            invoice.subtotal_minor
        } else {
            items_in(&self.catalog().await?, items, &affiliate.currency)
        };
        let amount = percent_of(base, Percent(affiliate.commission_bp));
        let now = change.now;
        let currency = affiliate.currency.clone();
        if !repo::credit(&mut change.tx, org, invoice.id, amount, &currency, now).await? {
            return Ok(());
        }
        let to = affiliate.organization_id;
        if amount > 0 {
            let description = format!("commission referral {org}");
            prepaid::post(
                &mut change.tx,
                to,
                &currency,
                "commission",
                amount,
                None,
                &description,
                now,
            )
            .await?;
        }
        self.announce_commission(change, &affiliate, org, amount).await
    }

    /// The commission's audit row and event on the affiliate's side, and the e-mail to its
    /// billing contacts.
    async fn announce_commission(
        &self,
        change: &mut Change<'_>,
        affiliate: &AffiliateRow,
        org: i64,
        amount: i64,
    ) -> AppResult<()> {
        let (to, currency, now) = (affiliate.organization_id, &affiliate.currency, change.now);
        let shown = format_minor(amount);
        change
            .record(
                Entry::new(AuditAction::PartnerCommission, "organization", Some(org))
                    .org(to)
                    .details(format!(
                        "amount={shown} {currency} referred={org} rate_bp={}",
                        affiliate.commission_bp
                    )),
            )
            .await?;
        change
            .emit(
                Event::PartnerCommissionCredited,
                Some(to),
                json!({"organization_id": org, "amount": shown, "currency": currency}),
            )
            .await?;
        let url = format!("{}/console/affiliate", self.settings.public_url);
        let amount_text = format!("{currency} {shown}");
        let wrote = self
            .mail_billing(&mut change.tx, to, now, |_| Template::AffiliateCommission {
                amount: amount_text.clone(),
                balance_url: url.clone(),
            })
            .await?;
        change.mailed(wrote);
        Ok(())
    }
}
