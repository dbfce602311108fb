//! PAR-7, PAR-8, PRC-3: who pays for a client's products, at what price, and what its partner
//! earns.
//!
//! Every order for an organization's products is priced under [`Terms`]: without an active
//! partnership the organization pays the public price. Under full access with the partner
//! paying, what the partner (or the renewal job) orders is the partner's order, in the
//! partner's currency, at the partner's price; everything else is the client's order at the
//! public price, and the partner earns the difference as cashback on the items its access
//! covers.

use std::collections::HashSet;

use kontor_domain::money::{format_minor, less_percent};
use kontor_domain::pricing::unit_price;
use kontor_domain::{AuditAction, Event, OrgId, PartnerAccess, Percent};
use kontor_store::Conn;
use kontor_store::billing::orders::{ItemRow, OrderRow};
use kontor_store::billing::prepaid;
use kontor_store::orgs::OrgRow;
use kontor_store::partners::partnerships as repo;
use serde_json::json;

use crate::App;
use crate::access::{Facts, PartnerFacts};
use crate::catalog::Catalog;
use crate::change::Change;
use crate::platform::audit::Entry;
use crate::platform::error::AppResult;

/// Who places an order for an organization's products.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrderedBy {
    /// The organization's own people.
    Client,
    /// Its partner, acting in the organization.
    Partner,
    /// The renewal job: automatic renewals and renewal-warranty invoices, which follow the
    /// rules of a partner's renewal (PAR-8).
    Job,
}

/// The cashback a partner earns on an order of its client.
#[derive(Debug, Clone)]
pub(crate) struct Cashback {
    pub partner: i64,
    /// The partner's currency: the cashback is worked out from the catalogue in it.
    pub currency: String,
    pub rate: Percent,
    /// Limited access: only renewals of the listed products earn it.
    pub listed: Option<HashSet<i64>>,
}

/// PAR-7, PAR-8: the terms of one order for an organization's products.
#[derive(Debug, Clone)]
pub(crate) struct Terms {
    /// Whose order and invoice it is: the organization itself, or the partner that pays.
    pub payer: OrgRow,
    /// The organization the products belong to.
    pub client: OrgId,
    /// The partner discount of a paying partner (PRC-3: the degressive tier comes after it).
    pub discount: Percent,
    pub cashback: Option<Cashback>,
}

/// PAR-7: who orders for an organization — its partner when the user reaches it through the
/// partnership rather than as a member.
pub(crate) fn ordered_by(facts: &Facts) -> OrderedBy {
    match reached_partner(facts) {
        Some(_) => OrderedBy::Partner,
        None => OrderedBy::Client,
    }
}

/// The partnership through which the user reaches the organization, when not as a member.
fn reached_partner(facts: &Facts) -> Option<&PartnerFacts> {
    facts.partner.as_ref().filter(|_| facts.membership.is_none())
}

/// PAR-7: a partner with full access renews for its client (as it orders for it).
pub(crate) fn renews_for_client(facts: &Facts) -> bool {
    reached_partner(facts).is_some_and(|p| p.access == PartnerAccess::Full)
}

/// PAR-7: the partner's organization when the user acts for a client whose partner pays — what
/// it renews is paid there.
pub(crate) fn paying_partner(facts: &Facts) -> Option<OrgId> {
    reached_partner(facts)
        .filter(|p| p.access == PartnerAccess::Full && p.partner_pays)
        .map(|p| OrgId(p.partner_org))
}

impl Terms {
    /// No partnership: the organization pays the public price.
    pub fn own(org: OrgRow) -> Terms {
        Terms {
            client: OrgId(org.id),
            payer: org,
            discount: Percent::ZERO,
            cashback: None,
        }
    }

    /// The client an order names when the partner pays for it.
    pub fn client_id(&self) -> Option<i64> {
        (self.payer.id != self.client.0).then_some(self.client.0)
    }

    /// The partner an order names when it earns cashback.
    pub fn partner_id(&self) -> Option<i64> {
        self.cashback.as_ref().map(|c| c.partner)
    }

    /// PAR-8: cashback = public price − partner price, for one priced item (its degressive
    /// tier is the client's in both). Upgrades earn none; under limited access only renewals
    /// of the listed products do.
    pub fn cashback_of(&self, cat: &Catalog, row: &ItemRow) -> i64 {
        let Some(cb) = &self.cashback else { return 0 };
        if row.kind == "upgrade" {
            return 0;
        }
        if let Some(listed) = &cb.listed
            && !(row.kind == "renewal" && row.product_id.is_some_and(|p| listed.contains(&p)))
        {
            return 0;
        }
        let list = if cb.currency == self.payer.currency {
            Some(row.list_minor)
        } else {
            cat.list_price(
                &row.plan_code,
                row.period_months,
                row.seats,
                &row.storage_code,
                &cb.currency,
            )
        };
        let Some(list) = list else { return 0 };
        let degressive = Percent(row.degressive_bp);
        less_percent(list, degressive) - unit_price(list, cb.rate, degressive).unit
    }
}

impl App {
    /// PAR-7, PAR-8: the terms of an order for `client`'s products placed `by`.
    pub(crate) async fn terms(&self, c: &mut Conn, client: OrgRow, by: OrderedBy) -> AppResult<Terms> {
        let Some(t) = repo::billing_terms(c, client.id).await? else {
            return Ok(Terms::own(client));
        };
        let rate = Percent(t.discount_bp);
        let partner_pays = t.access == PartnerAccess::Full && t.payment_mode == "partner";
        if partner_pays && by != OrderedBy::Client {
            let payer = self.org_row(c, OrgId(t.partner_id)).await?;
            return Ok(Terms {
                payer,
                client: OrgId(client.id),
                discount: rate,
                cashback: None,
            });
        }
        let listed = match t.access {
            PartnerAccess::Limited => Some(repo::listed_products(c, t.id).await?.into_iter().collect()),
            PartnerAccess::Full => None,
        };
        Ok(Terms {
            cashback: Some(Cashback {
                partner: t.partner_id,
                currency: t.currency,
                rate,
                listed,
            }),
            ..Terms::own(client)
        })
    }
}

impl App {
    /// PAR-8: when `order`'s invoice is paid, its cashback goes to the partner's prepaid
    /// account as ledger kind `cashback`, audited and announced on the partner's side. Each
    /// order is paid once (its invoice too), so it is credited once.
    pub(crate) async fn credit_cashback(
        &self,
        change: &mut Change<'_>,
        order: &OrderRow,
        items: &[ItemRow],
        invoice_number: &str,
    ) -> AppResult<()> {
        let Some(partner) = order.partner_id else {
            return Ok(());
        };
        let amount: i64 = items.iter().map(|i| i.cashback_minor).sum();
        if amount <= 0 {
            return Ok(());
        }
        let currency = self.org_row(&mut change.tx, OrgId(partner)).await?.currency;
        let client = order.client_id.unwrap_or(order.organization_id);
        let description = format!("cashback invoice {invoice_number}");
        let now = change.now;
        prepaid::post(
            &mut change.tx,
            partner,
            &currency,
            "cashback",
            amount,
            None,
            &description,
            now,
        )
        .await?;
        let shown = format_minor(amount);
        change
            .record(
                Entry::new(AuditAction::PartnerCashback, "order", Some(order.id))
                    .org(partner)
                    .details(format!(
                        "amount={shown} {currency} client={client} invoice={invoice_number}"
                    )),
            )
            .await?;
        change
            .emit(
                Event::PartnerCashbackCredited,
                Some(partner),
                json!({"order_id": order.id, "client_id": client, "invoice": invoice_number, "amount": shown, "currency": currency}),
            )
            .await
    }
}
