//! "Pay my selection" (BIL-5) as the bulk actions `renew` and `pay` (PRD-5).
//!
//! Each selected product succeeds or fails on its own; those that pass are paid together:
//! - `renew`: one renewal order for the renewable ones, each from its own expiry (REN-1);
//! - `pay`: the pending orders the products wait on (a new product, a renewal, an upgrade). One
//!   order is paid as it is; several are **combined** into one order that carries their items
//!   at the prices they were made with, and the orders it replaces are cancelled in the same
//!   transaction (audited "combined into order N"), so nothing can be paid twice. A pending
//!   order is paid whole: selecting one of its products pays the order.
//!
//! With a payment means the order is paid at once (one payment, one invoice); without one,
//! the answer names the order to pay — with any means, or by transfer with its pro-forma.

use std::collections::BTreeSet;

use kontor_domain::{OrderStatus, OrgId};
use kontor_store::billing::orders::{self as order_repo};
use kontor_store::billing::payments::PaymentRow;
use kontor_store::products::{self as product_repo, ProductRow};
use serde_json::json;

use crate::App;
use crate::access::Action;
use crate::billing::idempotency::Idem;
use crate::billing::orders::{Order, OrderSpec, PricedItem, load};
use crate::billing::payments::PayRequest;
use crate::billing::renewals::{check_selection, renewable_at, renewal_list_price};
use crate::billing::terms::OrderedBy;
use crate::platform::actor::Actor;
use crate::platform::error::{AppError, AppResult, ErrorCode};
use crate::products::BulkOutcome;

/// What a selection pays: renewals of the products, or the pending orders they wait on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paying {
    Renew,
    Pay,
}

/// The outcome of a `renew` or `pay` selection: each product's, and the one order (and its
/// payment, when a means was given) that the products which passed are paid with.
#[derive(Debug)]
pub struct Selection {
    pub outcomes: Vec<BulkOutcome>,
    pub order: Option<Order>,
    pub payment: Option<PaymentRow>,
}

/// Why product `ids[i]` is out of a selection, as its own error.
fn refusal(code: &str) -> AppError {
    match code {
        "unknown" => AppError::not_found(),
        "duplicate" => AppError::field("product_ids", "duplicate"),
        "not_renewable" => AppError::new(ErrorCode::NotRenewable),
        other => AppError::field("product_ids", other),
    }
}

impl App {
    /// PRD-5 `renew` / `pay` with BIL-5: see the module. The idempotency key covers the order
    /// and its payment: the same request again answers the same order and payment.
    #[allow(clippy::too_many_arguments)]
    pub async fn pay_selection(
        &self,
        actor: &Actor,
        org: OrgId,
        paying: Paying,
        ids: &[i64],
        billing_address_id: Option<i64>,
        pay: Option<&PayRequest>,
        idem: Option<&Idem>,
    ) -> AppResult<Selection> {
        self.authorize_billing(actor, org, Action::BillingPay).await?;
        check_selection(ids)?;
        let order_key = idem.map(|k| k.derived("selection-order"));
        let replayed = self.replay(actor, org, order_key.as_ref(), "order").await?;
        let (mut outcomes, orders) = match replayed {
            Some(id) => self.outcomes_of(org, ids, id).await?,
            None => self.select(org, paying, ids).await?,
        };
        if orders.is_empty() {
            return Ok(Selection {
                outcomes,
                order: None,
                payment: None,
            });
        }
        let order = match (paying, replayed) {
            (_, Some(id)) => self.load_order(org, id).await?,
            (Paying::Renew, None) => {
                self.create_renewal_order(actor, org, &orders, billing_address_id, order_key.as_ref())
                    .await?
            }
            (Paying::Pay, None) => {
                self.combine_orders(actor, org, &orders, billing_address_id, order_key.as_ref())
                    .await?
            }
        };
        let payment = match pay {
            Some(req) => Some(
                self.payment_once(actor, org, idem, async |held| {
                    self.pay_pending_order(actor, org, order.row.id, req, held).await
                })
                .await?,
            ),
            None => None,
        };
        // The products of the order are read again: paid, they are active or renewed now.
        let mut c = self.read().await?;
        for o in &mut outcomes {
            if o.result.is_ok()
                && let Some(p) = product_repo::find_in_org(&mut c, org.0, o.product_id).await?
            {
                o.result = Ok(p);
            }
        }
        Ok(Selection {
            outcomes,
            order: Some(order),
            payment,
        })
    }

    /// Each product's outcome, and what the selection pays: the products to renew, or the
    /// pending orders to pay.
    async fn select(
        &self,
        org: OrgId,
        paying: Paying,
        ids: &[i64],
    ) -> AppResult<(Vec<BulkOutcome>, Vec<i64>)> {
        let cat = self.catalog().await?;
        let mut c = self.read().await?;
        let currency = self.org_row(&mut c, org).await?.currency;
        let pending = order_repo::pending_items(&mut c, org.0).await?;
        let mut outcomes = Vec::with_capacity(ids.len());
        let mut chosen = Vec::new();
        for i in 0..ids.len() {
            let result: AppResult<ProductRow> = match paying {
                Paying::Renew => match renewable_at(&mut c, org, ids, i).await? {
                    Ok(p) if renewal_list_price(&cat, &p, &currency).is_none() => {
                        Err(refusal("plan_not_offered"))
                    }
                    Ok(p) => {
                        chosen.push(p.id);
                        Ok(p)
                    }
                    Err(code) => Err(refusal(code)),
                },
                Paying::Pay => match product_repo::find_in_org(&mut c, org.0, ids[i]).await? {
                    None => Err(refusal("unknown")),
                    Some(_) if ids[..i].contains(&ids[i]) => Err(refusal("duplicate")),
                    Some(p) => {
                        let waits_on: Vec<i64> = pending
                            .iter()
                            .filter(|(_, product)| *product == p.id)
                            .map(|(order, _)| *order)
                            .collect();
                        if waits_on.is_empty() {
                            Err(AppError::new(ErrorCode::NothingToPay))
                        } else {
                            chosen.extend(waits_on);
                            Ok(p)
                        }
                    }
                },
            };
            outcomes.push(BulkOutcome {
                product_id: ids[i],
                result,
            });
        }
        let chosen = match paying {
            Paying::Renew => chosen,
            Paying::Pay => chosen.into_iter().collect::<BTreeSet<_>>().into_iter().collect(),
        };
        Ok((outcomes, chosen))
    }

    /// The outcomes of a selection already made with this key: the products of its order
    /// passed; the others are named as not found in it.
    async fn outcomes_of(
        &self,
        org: OrgId,
        ids: &[i64],
        order: i64,
    ) -> AppResult<(Vec<BulkOutcome>, Vec<i64>)> {
        let mut c = self.read().await?;
        let o = load(&mut c, org, order).await?;
        let mut outcomes = Vec::with_capacity(ids.len());
        for &id in ids {
            let result = if o.items.iter().any(|i| i.product_id == Some(id)) {
                product_repo::find_in_org(&mut c, org.0, id)
                    .await?
                    .ok_or_else(AppError::not_found)
            } else {
                Err(AppError::new(ErrorCode::NothingToPay))
            };
            outcomes.push(BulkOutcome {
                product_id: id,
                result,
            });
        }
        Ok((outcomes, vec![order]))
    }

    /// BIL-5: one pending order for several. A single order is the one to pay; several are
    /// combined into a new order with their items at their prices, and cancelled — all in one
    /// transaction, so a concurrent payment of one of them makes this fail and change nothing.
    pub(crate) async fn combine_orders(
        &self,
        actor: &Actor,
        org: OrgId,
        orders: &[i64],
        billing_address_id: Option<i64>,
        idem: Option<&Idem>,
    ) -> AppResult<Order> {
        if let [one] = orders {
            return self.load_order(org, *one).await;
        }
        self.once(
            actor,
            org,
            idem,
            "order",
            async |id| self.load_order(org, id).await,
            async |idem| {
                self.check_address(org, billing_address_id).await?;
                let now = self.now_ts();
                let mut change = self.change(actor, now).await?;
                let (priced, shared) = gather(&mut change.tx, org, orders).await?;
                let moved: Vec<i64> = priced
                    .iter()
                    .filter(|p| p.row.kind == "new")
                    .filter_map(|p| p.row.product_id)
                    .collect();
                // The address picked now; else the one the orders share; else the default.
                let address = billing_address_id.or(shared);
                let org_row = self.org_row(&mut change.tx, org).await?;
                // The items keep their prices and cashback; the partner earning it is the
                // current one (PAR-8).
                let terms = self.terms(&mut change.tx, org_row, OrderedBy::Client).await?;
                let spec = OrderSpec {
                    billing_address_id: address,
                    origin: "customer",
                };
                let (tx, events) = change.parts();
                let id = self
                    .insert_order(tx, actor, &terms, priced, &spec, now, events)
                    .await?;
                for pid in moved {
                    product_repo::set_order(&mut change.tx, pid, id, now).await?;
                }
                replace(&mut change, org, orders, id).await?;
                self.commit_order(change, actor, org, id, idem).await
            },
        )
        .await
    }
}

/// The items of pending `orders` (renumbered, at their prices) and the billing address they
/// all share, if they do; an order no longer pending fails the whole.
async fn gather(
    tx: &mut kontor_store::Conn,
    org: OrgId,
    orders: &[i64],
) -> AppResult<(Vec<PricedItem>, Option<i64>)> {
    let mut items = Vec::new();
    let mut addresses = BTreeSet::new();
    for &id in orders {
        let o = load(tx, org, id).await?;
        if o.row.status != OrderStatus::Pending {
            return Err(AppError::new(ErrorCode::OrderNotPending));
        }
        addresses.insert(o.row.billing_address_id);
        items.extend(o.items);
    }
    let priced = items
        .into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            row.position = i as i64;
            PricedItem {
                row,
                renewal_warranty: false,
            }
        })
        .collect();
    let shared = match addresses.len() {
        1 => addresses.first().copied().flatten(),
        _ => None,
    };
    Ok((priced, shared))
}

/// Cancels the orders combined into order `id`, each audited and announced; one paid or
/// cancelled meanwhile fails the whole.
async fn replace(
    change: &mut crate::change::Change<'_>,
    org: OrgId,
    orders: &[i64],
    id: i64,
) -> AppResult<()> {
    for &old in orders {
        let data = json!({"order_id": old, "combined_into": id});
        if !App::close_order(change, org, old, &format!("combined into order {id}"), data).await? {
            return Err(AppError::new(ErrorCode::OrderNotPending));
        }
    }
    Ok(())
}
