//! Workspace-suite upgrades (PRD-9, PRC-5): an order for the prorated difference between the
//! new and the current configuration for the rest of the period, paid like any order; never a
//! downgrade.

use kontor_domain::OrgId;
use kontor_domain::pricing::{days_between, prorate, shift_months};
use kontor_domain::products::ProductStatus;
use kontor_store::at;
use kontor_store::billing::orders::ItemRow;
use kontor_store::orgs::OrgRow;
use kontor_store::products::ProductRow;

use crate::App;
use crate::access::Action;
use crate::billing::idempotency::Idem;
use crate::billing::orders::{Order, PricedItem};
use crate::billing::terms::Terms;
use crate::catalog::{Catalog, PlanView};
use crate::platform::actor::Actor;
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// What an upgrade asks for; absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct UpgradeRequest {
    pub plan: Option<String>,
    pub seats: Option<i64>,
    pub storage: Option<String>,
}

/// The full-period list price of a suite configuration.
fn suite_price(
    cat: &Catalog,
    plan: &str,
    seats: i64,
    storage: &str,
    period: i64,
    currency: &str,
) -> AppResult<(i64, i64, i64)> {
    let p = cat
        .plan(plan)
        .ok_or_else(|| AppError::field("plan", "unknown_plan"))?;
    let (list, code) = cat
        .suite_price(p, period, currency, seats, Some(storage))
        .map_err(|(field, code)| {
            AppError::field(if field == "period_months" { "plan" } else { field }, code)
        })?;
    let gb = cat.plan(&code).map_or(0, |s| s.plan.storage_gb);
    Ok((list, p.plan.tier, gb))
}

/// PRD-9: what a suite may become — plans of its tier or higher and storage tiers at least as
/// large (and at least its seats). The console offers exactly these; [`App::upgrade_suite`]
/// refuses anything lower with `downgrade_not_allowed`.
pub fn upgrade_options<'a>(cat: &'a Catalog, row: &ProductRow) -> (Vec<&'a PlanView>, Vec<&'a PlanView>) {
    let Some(ty) = cat.types.iter().find(|t| t.row.code == "workspace_suite") else {
        return (vec![], vec![]);
    };
    let tier = cat.plan(&row.plan_code).map_or(0, |x| x.plan.tier);
    let gb = cat.plan(&row.storage_code).map_or(0, |x| x.plan.storage_gb);
    (
        ty.plans.iter().filter(|x| x.plan.tier >= tier).collect(),
        ty.storage.iter().filter(|x| x.plan.storage_gb >= gb).collect(),
    )
}

/// The configuration an upgrade asks for (absent fields stay as they are), checked against
/// the catalogue.
fn target(cat: &Catalog, row: &ProductRow, req: &UpgradeRequest) -> AppResult<(String, i64, String)> {
    let plan = req.plan.clone().unwrap_or_else(|| row.plan_code.clone());
    let seats = req.seats.unwrap_or(row.seats);
    let storage = req.storage.clone().unwrap_or_else(|| row.storage_code.clone());
    if cat
        .plan(&plan)
        .is_some_and(|p| p.plan.product_type != "workspace_suite" || p.plan.kind != "plan")
    {
        return Err(AppError::field("plan", "unknown_plan"));
    }
    if cat.plan(&storage).is_some_and(|p| p.plan.kind != "storage") {
        return Err(AppError::field("storage", "unknown_storage"));
    }
    if !(1..=10_000).contains(&seats) {
        return Err(AppError::field("seats", "out_of_range"));
    }
    Ok((plan, seats, storage))
}

impl App {
    /// PRD-9, PRC-5: an order for the upgrade of an active suite, priced as the difference
    /// between the new and the current configuration for the days left in the period.
    pub async fn upgrade_suite(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        req: &UpgradeRequest,
        idem: Option<&Idem>,
    ) -> AppResult<Order> {
        let (row, _) = self.product_for(actor, org, id, Action::ProductsManage).await?;
        self.once(
            actor,
            org,
            idem,
            "order",
            async |id| self.load_order(org, id).await,
            async |idem| {
                let (org_row, item) = self.upgrade_item(org, &row, req).await?;
                // Upgrades are billed to the product's organization at the public price in
                // every partnership mode (docs/ARCHITECTURE.md, "Who pays").
                self.store_order(
                    actor,
                    &Terms::own(org_row),
                    vec![PricedItem {
                        row: item,
                        renewal_warranty: false,
                    }],
                    None,
                    idem,
                )
                .await
            },
        )
        .await
    }

    /// The priced upgrade item of an active suite, and its organization.
    async fn upgrade_item(
        &self,
        org: OrgId,
        row: &ProductRow,
        req: &UpgradeRequest,
    ) -> AppResult<(OrgRow, ItemRow)> {
        if row.product_type != "workspace_suite" {
            return Err(AppError::field("product", "not_a_workspace_suite"));
        }
        if row.status != ProductStatus::Active {
            return Err(AppError::new(ErrorCode::ProductNotActive));
        }
        let cat = self.catalog().await?;
        let mut c = self.read().await?;
        let org_row = self.org_row(&mut c, org).await?;
        drop(c);
        let (plan, seats, storage) = target(&cat, row, req)?;
        let period = row.period_months;
        let (old, old_tier, old_gb) = suite_price(
            &cat,
            &row.plan_code,
            row.seats,
            &row.storage_code,
            period,
            &org_row.currency,
        )?;
        let (new, new_tier, new_gb) = suite_price(&cat, &plan, seats, &storage, period, &org_row.currency)?;
        if new_tier < old_tier || seats < row.seats || new_gb < old_gb {
            return Err(AppError::new(ErrorCode::DowngradeNotAllowed));
        }
        if plan == row.plan_code && seats == row.seats && storage == row.storage_code {
            return Err(AppError::new(ErrorCode::NothingToUpgrade));
        }
        let now = self.now();
        let period_start = shift_months(at(row.expires_at), -(period as i32));
        let period_days = days_between(period_start, at(row.expires_at)).max(1);
        let days_left = days_between(now, at(row.expires_at));
        let amount = prorate((new - old).max(0), days_left, period_days);
        let item = ItemRow {
            cashback_minor: 0,
            id: 0,
            order_id: 0,
            position: 0,
            kind: "upgrade".to_owned(),
            product_id: Some(row.id),
            product_type: row.product_type.clone(),
            plan_code: plan,
            name: row.name.clone(),
            period_months: period,
            seats,
            storage_code: storage,
            list_minor: new - old,
            partner_bp: 0,
            degressive_bp: 0,
            unit_minor: amount,
            amount_minor: amount,
            days_left,
            period_days,
        };
        Ok((org_row, item))
    }
}
