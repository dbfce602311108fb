//! Automatic renewal (REN-2, REN-4): the attempts 14, 10, 7, 3 and 1 days before expiry, each
//! claimed once per product, expiry and step; one charge per organization and payment means;
//! each failure tells the billing contacts why and when the next attempt is.

use kontor_domain::locale::{format_day, format_money};
use kontor_domain::{AttemptStatus, AuditAction, OrderStatus, OrgId, PaymentStatus};
use kontor_store::billing::payments::{self as payment_repo, PaymentRow};
use kontor_store::billing::renewals::{self as repo};
use kontor_store::orgs::OrgRow;
use kontor_store::products::ProductRow;
use kontor_store::{at, billing::orders as order_repo, billing::prepaid};
use time::OffsetDateTime;

use crate::App;
use crate::access::Action;
use crate::billing::orders::{Order, OrderSpec, PricedItem, load};
use crate::billing::payments::PayRequest;
use crate::billing::renewals::{DAY, PAGE, RenewalReport, group_by, none_word, org_key, product_lines};
use crate::billing::terms::{OrderedBy, Terms};
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::AppError;
use crate::platform::error::AppResult;
use crate::platform::mail::Template;

impl App {
    /// REN-2: one charge per organization and payment means for the products whose attempt
    /// of this step is due.
    pub(crate) async fn run_attempts(
        &self,
        now: OffsetDateTime,
        report: &mut RenewalReport,
    ) -> AppResult<()> {
        let ts = now.unix_timestamp();
        for band in Self::bands(&self.settings.renewal_attempt_days, ts) {
            let read = |after| async move {
                let mut c = self.read().await?;
                Ok(repo::list_attempts_due(&mut c, band, after, PAGE).await?)
            };
            let work = |rows: Vec<ProductRow>| {
                let groups = group_by(rows, |p| (p.organization_id, p.payment_method_id));
                self.each_concurrently(groups, move |group| async move {
                    let mut r = RenewalReport::default();
                    self.attempt_group(group, band.days_before, now, &mut r).await?;
                    Ok(r)
                })
            };
            report.add(&self.each_page((0, 0), read, org_key, work).await?);
        }
        Ok(())
    }

    /// REN-2: claims this step's attempt of each product in a transaction of its own, so a
    /// second run at the same instant finds them claimed and charges nothing.
    async fn claim_attempts(
        &self,
        org: OrgId,
        products: Vec<ProductRow>,
        step: i64,
        ts: i64,
    ) -> AppResult<Vec<(i64, ProductRow)>> {
        let mut tx = self.write().await?;
        let mut claimed = Vec::with_capacity(products.len());
        for p in products {
            if let Some(id) = repo::claim_attempt(&mut tx, org.0, p.id, p.expires_at, step, ts).await? {
                claimed.push((id, p));
            }
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// REN-2: the claimed attempts paid by `payment`.
    async fn attempts_succeeded(&self, claimed: &[(i64, ProductRow)], payment: &PaymentRow) -> AppResult<()> {
        let mut tx = self.write().await?;
        for (id, _) in claimed {
            let (means, paid) = (&payment.means, Some(payment.id));
            repo::finish_attempt(&mut tx, *id, AttemptStatus::Succeeded, means, paid, "").await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The pending renewal order an automatic attempt pays (the payer's, PAR-7).
    async fn auto_renewal_order(
        &self,
        system: &Actor,
        terms: &Terms,
        priced: Vec<PricedItem>,
        ts: i64,
    ) -> AppResult<Order> {
        let spec = OrderSpec {
            billing_address_id: None,
            origin: "auto_renewal",
        };
        let mut change = self.change(system, ts).await?;
        let (tx, events) = change.parts();
        let order_id = self
            .insert_order(tx, system, terms, priced, &spec, ts, events)
            .await?;
        let order = load(&mut change.tx, OrgId(terms.payer.id), order_id).await?;
        change.commit().await?;
        Ok(order)
    }

    async fn attempt_group(
        &self,
        products: Vec<ProductRow>,
        step: i64,
        now: OffsetDateTime,
        report: &mut RenewalReport,
    ) -> AppResult<()> {
        let ts = now.unix_timestamp();
        let org = OrgId(products[0].organization_id);
        let claimed = self.claim_attempts(org, products, step, ts).await?;
        if claimed.is_empty() {
            return Ok(());
        }
        let system = Actor::system();
        let products: Vec<ProductRow> = claimed.iter().map(|(_, p)| p.clone()).collect();
        let cat = self.catalog().await?;
        let mut c = self.read().await?;
        let org_row = self.org_row(&mut c, org).await?;
        let held = self.held_by_family(&mut c, org).await?;
        // PAR-7: under a partner that pays, the partner's means pay the renewal.
        let terms = self.terms(&mut c, org_row, OrderedBy::Job).await?;
        drop(c);
        let org_row = terms.payer.clone();
        let payer = OrgId(org_row.id);
        let Ok(priced) = self.price_renewal(&cat, &terms, &held, &products) else {
            return self
                .attempt_failed(&org_row, &claimed, None, "plan_not_offered", 0, step, now, report)
                .await;
        };
        let order = self.auto_renewal_order(&system, &terms, priced, ts).await?;
        let (order_id, total) = (order.row.id, order.row.total_minor);
        let chosen = products[0].payment_method_id.filter(|_| payer == org);
        let means = self.renewal_means(payer, chosen, total).await?;
        let Some(req) = means else {
            let (order, code) = (Some(order_id), "no_payment_means");
            return self
                .attempt_failed(&org_row, &claimed, order, code, total, step, now, report)
                .await;
        };
        // A charge the processor refuses outright (a saved card it no longer knows for this
        // customer) is a failed attempt like a declined one; the run goes on for the others.
        let payment = match self.pay_order(&system, payer, order_id, &req, None).await {
            Err(AppError::Refused { code, .. }) => {
                let (order, code) = (Some(order_id), code.as_str());
                return self
                    .attempt_failed(&org_row, &claimed, order, code, total, step, now, report)
                    .await;
            }
            other => other?,
        };
        if payment.status == PaymentStatus::Succeeded {
            self.attempts_succeeded(&claimed, &payment).await?;
            report.renewed_automatically += claimed.len() as u64;
            return Ok(());
        }
        self.attempt_failed(
            &org_row,
            &claimed,
            Some(order_id),
            &payment.failure_code,
            total,
            step,
            now,
            report,
        )
        .await
    }

    /// REN-2: what an automatic renewal charges — the product's chosen saved means, else the
    /// prepaid account when it covers the whole amount, else the newest saved means.
    async fn renewal_means(
        &self,
        org: OrgId,
        chosen: Option<i64>,
        total: i64,
    ) -> AppResult<Option<PayRequest>> {
        let mut c = self.read().await?;
        let methods = payment_repo::list_methods(&mut c, org.0).await?;
        // A saved card or TWINT profile, charged without the payer (its kind is its means).
        let by_card = |m: &payment_repo::MethodRow| PayRequest {
            means: m.kind.clone(),
            payment_method_id: Some(m.id),
            auto_renew: Some(true),
            ..PayRequest::default()
        };
        if let Some(m) = chosen.and_then(|id| methods.iter().find(|m| m.id == id)) {
            return Ok(Some(by_card(m)));
        }
        if prepaid::balance(&mut c, org.0).await? >= total {
            return Ok(Some(PayRequest {
                means: "prepaid".to_owned(),
                auto_renew: Some(true),
                ..PayRequest::default()
            }));
        }
        Ok(methods.iter().max_by_key(|m| m.id).map(by_card))
    }

    /// REN-2: a failed attempt is recorded, its order cancelled, and the billing contacts told
    /// why and when the next attempt is.
    #[allow(clippy::too_many_arguments)]
    async fn attempt_failed(
        &self,
        org: &OrgRow,
        claimed: &[(i64, ProductRow)],
        order_id: Option<i64>,
        code: &str,
        total: i64,
        step: i64,
        now: OffsetDateTime,
        report: &mut RenewalReport,
    ) -> AppResult<()> {
        let ts = now.unix_timestamp();
        let system = Actor::system();
        let mut tx = self.write().await?;
        if let Some(id) = order_id {
            order_repo::close_pending(&mut tx, id, OrderStatus::Cancelled, ts).await?;
        }
        for (id, p) in claimed {
            repo::finish_attempt(&mut tx, *id, AttemptStatus::Failed, "", None, code).await?;
            record(
                &mut tx,
                &system,
                ts,
                Entry::new(AuditAction::ProductAutoRenewFailed, "product", Some(p.id))
                    .org(org.id)
                    .details(format!("step={step} code={code}")),
            )
            .await?;
        }
        let expires = claimed.iter().map(|(_, p)| p.expires_at).min().unwrap_or(ts);
        let next = self
            .settings
            .renewal_attempt_days
            .days()
            .iter()
            .copied()
            .filter(|d| *d < step)
            .max()
            .map(|d| expires - d * DAY);
        let link = format!("{}/console/renewals", self.settings.public_url);
        let wrote = self
            .mail_billing(&mut tx, org.id, ts, |lang| Template::RenewalFailed {
                products: product_lines(claimed.iter().map(|(_, p)| p), lang),
                total: format_money(total, &org.currency, lang),
                reason: code.to_owned(),
                next: next.map_or_else(|| none_word(lang), |n| format_day(at(n).date(), lang)),
                link: link.clone(),
            })
            .await?;
        self.commit(tx, wrote).await?;
        report.renewal_failures += claimed.len() as u64;
        Ok(())
    }

    /// A product's automatic renewal attempts, newest first (console).
    pub async fn renewal_attempts(
        &self,
        actor: &Actor,
        org: OrgId,
        product: i64,
    ) -> AppResult<Vec<repo::AttemptRow>> {
        self.product_for(actor, org, product, Action::ProductsRead)
            .await?;
        let mut c = self.read().await?;
        Ok(repo::list_attempts(&mut c, product, 20).await?)
    }
}
