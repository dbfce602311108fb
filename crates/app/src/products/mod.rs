//! Products (PRD-3 to PRD-7): lists with filters and keyset paging, the product page, owner
//! settings, moving between organizations, bulk actions and ending a product.

pub mod lifecycle;
pub mod sites;
pub mod suite;

use kontor_domain::products::{ProductStatus, normalize_name};
use kontor_domain::renewals::auto_renew_allowed;
use kontor_domain::{AuditAction, Event, OrgId};
use kontor_store::orgs::MyOrgRow;
use kontor_store::products::{self as repo, ProductFilter, ProductPage, ProductRow};
use serde_json::json;

use crate::App;
use crate::access::{Action, Facts, Resource, authorize, decide};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode};
use crate::products::lifecycle::{Change, Transition, transition};
use crate::webhooks::Events;

/// REN-3: automatic renewal cannot be switched on this close to expiry.
pub const AUTO_RENEW_MIN_DAYS: i64 = kontor_domain::renewals::FIRST_ATTEMPT_DAYS;

/// Owner-editable settings; absent fields stay.
#[derive(Debug, Clone, Default)]
pub struct ProductChanges {
    pub name: Option<String>,
    pub auto_renew: Option<bool>,
    pub renewal_warranty: Option<bool>,
    /// REN-2: the saved means automatic renewal charges; `Some(0)` back to the default.
    pub payment_method_id: Option<i64>,
}

/// The settings bulk actions of PRD-5; `renew` and `pay` are in `billing::selection` (BIL-5).
pub const BULK_ACTIONS: [&str; 4] = [
    "enable_auto_renew",
    "disable_auto_renew",
    "enable_renewal_warranty",
    "disable_renewal_warranty",
];

/// One product's outcome in a bulk action.
#[derive(Debug)]
pub struct BulkOutcome {
    pub product_id: i64,
    pub result: AppResult<ProductRow>,
}

/// REN-3: automatic renewal can be switched on only for a top-level product that expires in
/// 14 days or more; the refusal says to renew it manually first.
fn check_auto_renew(row: &ProductRow, now: i64) -> AppResult<()> {
    if row.parent_id.is_some() {
        return Err(AppError::new(ErrorCode::PartOfSuite));
    }
    let days_left = (row.expires_at - now) / 86_400;
    if !auto_renew_allowed(row.expires_at, now) {
        return Err(AppError::with_message(
            ErrorCode::AutoRenewTooLate,
            format!(
                "the product expires in {days_left} days (fewer than {AUTO_RENEW_MIN_DAYS}): renew it manually first"
            ),
        ));
    }
    Ok(())
}

impl App {
    /// The product `id` of `org` when the actor may `action` it; 404 when it is not the
    /// organization's.
    pub(crate) async fn product_for(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        action: Action,
    ) -> AppResult<(ProductRow, Facts)> {
        let facts = self.load_facts(actor, org.0).await?;
        // Not a member: 404 before revealing whether the product exists.
        authorize(actor, Action::ProductsRead, Resource::Organization(&facts))?;
        let mut c = self.read().await?;
        let row = repo::find_in_org(&mut c, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        drop(c);
        authorize(actor, action, Resource::Product(&facts, id))?;
        Ok((row, facts))
    }

    /// PRD-6: a page of products. Plain users see the products granted to them.
    pub async fn list_products(
        &self,
        actor: &Actor,
        org: OrgId,
        mut filter: ProductFilter,
        after: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> AppResult<ProductPage> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::ProductsRead, Resource::Organization(&facts))?;
        filter.only_ids = facts.only_products();
        check_filter(&filter)?;
        let mut c = self.read().await?;
        Ok(repo::list_page(&mut c, org.0, &filter, after, offset, limit).await?)
    }

    /// A page of products as [`App::list_products`] answers it, decided from `facts` (the
    /// viewer's, loaded by [`App::load_facts`] for this request), with — when the filter has an
    /// expiry window — how many products the same filters find at any expiry (the console's
    /// default view says how many lie outside its window, PRD-6). One authorization for both.
    pub async fn list_products_counting_all(
        &self,
        actor: &Actor,
        org: OrgId,
        facts: &Facts,
        mut filter: ProductFilter,
        after: Option<i64>,
        limit: i64,
    ) -> AppResult<(ProductPage, Option<i64>)> {
        authorize(actor, Action::ProductsRead, Resource::Organization(facts))?;
        filter.only_ids = facts.only_products();
        check_filter(&filter)?;
        let mut c = self.read().await?;
        let page = repo::list_page(&mut c, org.0, &filter, after, 0, limit).await?;
        let windowed = filter.expires_from.is_some()
            || filter.expires_until.is_some()
            || filter.or_created_since.is_some();
        let all = if windowed {
            let any_expiry = ProductFilter {
                expires_from: None,
                expires_until: None,
                or_created_since: None,
                ..filter
            };
            Some(repo::count_matching(&mut c, org.0, &any_expiry).await?)
        } else {
            None
        };
        Ok((page, all))
    }

    /// How many products of each type the viewer reaches in `org`, ended ones aside (the
    /// console's home page).
    pub async fn product_counts(&self, actor: &Actor, org: OrgId) -> AppResult<Vec<(String, i64)>> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::ProductsRead, Resource::Organization(&facts))?;
        let only = facts.only_products();
        let mut c = self.read().await?;
        Ok(repo::count_by_type(&mut c, org.0, only.as_deref()).await?)
    }

    pub async fn get_product(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<ProductRow> {
        Ok(self.product_for(actor, org, id, Action::ProductsRead).await?.0)
    }

    /// The products a suite contains (product page).
    pub async fn product_children(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<Vec<ProductRow>> {
        self.product_for(actor, org, id, Action::ProductsRead).await?;
        let mut c = self.read().await?;
        Ok(repo::list_children(&mut c, id).await?)
    }

    /// PRD-7 name, REN-3 automatic renewal, REN-5 renewal warranty.
    pub async fn update_product(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        ch: &ProductChanges,
    ) -> AppResult<ProductRow> {
        let (row, _) = self.product_for(actor, org, id, Action::ProductsManage).await?;
        self.apply_changes(actor, org, &row, ch).await
    }

    async fn apply_changes(
        &self,
        actor: &Actor,
        org: OrgId,
        row: &ProductRow,
        ch: &ProductChanges,
    ) -> AppResult<ProductRow> {
        if row.status == ProductStatus::Terminated {
            return Err(AppError::new(ErrorCode::InvalidTransition));
        }
        let name = match &ch.name {
            Some(n) => {
                normalize_name(&row.product_type, n).ok_or_else(|| AppError::field("name", "invalid"))?
            }
            None => row.name.clone(),
        };
        let auto_renew = ch.auto_renew.unwrap_or(row.auto_renew);
        let warranty = ch.renewal_warranty.unwrap_or(row.renewal_warranty);
        let now = self.now_ts();
        if auto_renew && !row.auto_renew {
            check_auto_renew(row, now)?;
        }
        if warranty && !row.renewal_warranty && row.product_type == "nas" {
            return Err(AppError::field("renewal_warranty", "not_available_for_nas"));
        }
        if (ch.renewal_warranty.is_some() || ch.name.is_some())
            && row.parent_id.is_some()
            && (warranty != row.renewal_warranty || name != row.name)
        {
            return Err(AppError::new(ErrorCode::PartOfSuite));
        }
        let method = match ch.payment_method_id {
            None => row.payment_method_id,
            Some(0) => None,
            Some(id) => {
                let mut c = self.read().await?;
                kontor_store::billing::payments::find_method(&mut c, org.0, id)
                    .await?
                    .ok_or_else(|| AppError::field("payment_method_id", "unknown"))?;
                Some(id)
            }
        };
        // ORG-1: choosing how a product is paid, or letting it charge itself, is a billing
        // decision: it needs the billing right, not only the right to manage the product.
        if method != row.payment_method_id || (auto_renew && !row.auto_renew) {
            let facts = self.load_facts(actor, org.0).await?;
            authorize(actor, Action::BillingPay, Resource::Organization(&facts))?;
        }
        let mut change = self.change(actor, now).await?;
        if method != row.payment_method_id {
            repo::set_payment_method(&mut change.tx, row.id, method, now).await?;
        }
        repo::update_settings(&mut change.tx, row.id, &name, auto_renew, warranty, now)
            .await
            .map_err(|e| AppError::unique_as(e, "products", ErrorCode::ProductNameTaken))?;
        let details = format!(
            "name={name} auto_renew={auto_renew} renewal_warranty={warranty} payment_method={method:?}"
        );
        let entry = Entry::new(AuditAction::ProductUpdate, "product", Some(row.id));
        change.record(entry.org(org.0).details(details)).await?;
        let data = json!({"product_id": row.id, "name": name, "auto_renew": auto_renew, "renewal_warranty": warranty});
        change.emit(Event::ProductUpdated, Some(org.0), data).await?;
        let updated = repo::find_product(&mut change.tx, row.id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(updated)
    }

    /// PRD-5: one action on several products; each succeeds or fails on its own.
    pub async fn bulk_products(
        &self,
        actor: &Actor,
        org: OrgId,
        action: &str,
        ids: &[i64],
    ) -> AppResult<Vec<BulkOutcome>> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::ProductsRead, Resource::Organization(&facts))?;
        let ch = match action {
            "enable_auto_renew" => ProductChanges {
                auto_renew: Some(true),
                ..ProductChanges::default()
            },
            "disable_auto_renew" => ProductChanges {
                auto_renew: Some(false),
                ..ProductChanges::default()
            },
            "enable_renewal_warranty" => ProductChanges {
                renewal_warranty: Some(true),
                ..ProductChanges::default()
            },
            "disable_renewal_warranty" => ProductChanges {
                renewal_warranty: Some(false),
                ..ProductChanges::default()
            },
            _ => return Err(AppError::field("action", "unknown_action")),
        };
        if ids.is_empty() || ids.len() > 500 {
            return Err(AppError::field(
                "product_ids",
                if ids.is_empty() { "required" } else { "too_many" },
            ));
        }
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let result = async {
                let mut c = self.read().await?;
                let row = repo::find_in_org(&mut c, org.0, id)
                    .await?
                    .ok_or_else(AppError::not_found)?;
                drop(c);
                authorize(actor, Action::ProductsManage, Resource::Product(&facts, id))?;
                self.apply_changes(actor, org, &row, &ch).await
            }
            .await;
            out.push(BulkOutcome {
                product_id: id,
                result,
            });
        }
        Ok(out)
    }

    /// PRD-4: moves a standalone product to another organization where the actor is legal
    /// representative or administrator too. Suites and what they contain never move (PRD-9).
    /// PRD-4: the other organizations of the actor a product of `org` may be moved to —
    /// those where the decision lets the actor manage every product.
    pub async fn move_targets(&self, actor: &Actor, org: OrgId) -> AppResult<Vec<MyOrgRow>> {
        let mut targets = Vec::new();
        for o in self.list_organizations(actor).await? {
            if o.id == org.0 {
                continue;
            }
            let facts = self.load_facts(actor, o.id).await?;
            if decide(actor, Action::ProductsManage, Resource::Organization(&facts)).allowed {
                targets.push(o);
            }
        }
        Ok(targets)
    }

    pub async fn move_product(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        target: OrgId,
    ) -> AppResult<ProductRow> {
        let (row, facts) = self.product_for(actor, org, id, Action::ProductsManage).await?;
        // PRD-4: a legal representative or an administrator of both organizations; a grant on
        // the product is not enough to take it away.
        authorize(actor, Action::ProductsManage, Resource::Organization(&facts))?;
        let target_facts = self.load_facts(actor, target.0).await?;
        authorize(
            actor,
            Action::ProductsManage,
            Resource::Organization(&target_facts),
        )?;
        if row.product_type == "workspace_suite" || row.parent_id.is_some() {
            return Err(AppError::new(ErrorCode::NotMovable));
        }
        if target == org {
            return Err(AppError::field("organization", "same_organization"));
        }
        if row.status == ProductStatus::Terminated || row.status == ProductStatus::Pending {
            return Err(AppError::new(ErrorCode::InvalidTransition));
        }
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        repo::move_to(&mut change.tx, id, target.0, now)
            .await
            .map_err(|e| AppError::unique_as(e, "products", ErrorCode::ProductNameTaken))?;
        for o in [org.0, target.0] {
            change
                .record(
                    Entry::new(AuditAction::ProductMove, "product", Some(id))
                        .org(o)
                        .details(format!("from={} to={} name={}", org.0, target.0, row.name)),
                )
                .await?;
        }
        change
            .emit(
                Event::ProductMoved,
                Some(target.0),
                json!({"product_id": id, "from": org.0, "to": target.0}),
            )
            .await?;
        let moved = repo::find_product(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(moved)
    }

    /// Ends a product now at the owner's request (terminated is final, PRD-3). A suite ends
    /// with what it contains; a contained product does not end on its own (PRD-9).
    pub async fn cancel_product(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<ProductRow> {
        let (row, _) = self.product_for(actor, org, id, Action::ProductsManage).await?;
        if row.parent_id.is_some() {
            return Err(AppError::new(ErrorCode::PartOfSuite));
        }
        let status = row.status;
        if status == ProductStatus::Pending {
            return Err(AppError::with_message(
                ErrorCode::InvalidTransition,
                "a pending product ends by cancelling its order",
            ));
        }
        if !status.can_become(ProductStatus::Terminated) {
            return Err(AppError::new(ErrorCode::InvalidTransition));
        }
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let mut events = Events::load(&mut change.tx).await?;
        let t = Transition {
            actor,
            now,
            details: "by the owner".to_owned(),
            data: json!({"reason": "cancelled_by_owner"}),
        };
        if !transition(&mut change.tx, &mut events, &row, Change::Terminate, t).await? {
            return Err(AppError::new(ErrorCode::InvalidTransition));
        }
        let done = repo::find_product(&mut change.tx, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(done)
    }
}

/// A list's status and type filters name things that exist.
fn check_filter(filter: &ProductFilter) -> AppResult<()> {
    if let Some(s) = &filter.status
        && ProductStatus::parse(s).is_none()
    {
        return Err(AppError::field("status", "unknown_status"));
    }
    if let Some(t) = &filter.product_type
        && !kontor_domain::products::PRODUCT_TYPES.contains(&t.as_str())
    {
        return Err(AppError::field("type", "unknown_product_type"));
    }
    Ok(())
}
