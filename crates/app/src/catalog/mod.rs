//! The catalogue (PRD-1): imported and exported as TOML by staff (`kontor catalog import`),
//! read by everyone. A price that changes gets a new row from the import's instant, so orders
//! and renewals created before it keep theirs.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use kontor_domain::money::{format_minor, parse_minor};
use kontor_domain::products::{PERIODS, PRODUCT_TYPES};
use kontor_domain::{AuditAction, Language};
use kontor_store::Conn;
use kontor_store::catalog::{self as repo, PlanRow, PriceRow, TypeRow};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, FieldError, Validator};

/// The catalogue file.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    #[serde(default)]
    pub types: Vec<TypeEntry>,
    #[serde(default)]
    pub plans: Vec<PlanEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeEntry {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The name and description in the other languages (`translations.de = { name = … }`);
    /// a language left out reads the English.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, Translation>,
}

/// A catalogue name and description in one language.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// The name and description in `lang` from a row's `translations` (JSON), else the English.
pub fn localized(
    name: &str,
    description: &str,
    translations: &BTreeMap<String, Translation>,
    lang: Language,
) -> (String, String) {
    match translations.get(lang.as_str()) {
        Some(t) => (
            t.name.clone(),
            if t.description.is_empty() {
                description.to_owned()
            } else {
                t.description.clone()
            },
        ),
        None => (name.to_owned(), description.to_owned()),
    }
}

fn parse_translations(json: &str) -> BTreeMap<String, Translation> {
    serde_json::from_str(json).unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanEntry {
    pub code: String,
    #[serde(rename = "type")]
    pub product_type: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `plan` (default) or `storage` (a storage tier of a workspace suite).
    #[serde(default = "plan_kind")]
    pub kind: String,
    /// The price is per seat (workspace suites).
    #[serde(default)]
    pub per_seat: bool,
    #[serde(default)]
    pub storage_gb: i64,
    /// Rank among the plans of its type; upgrades go to a higher tier (PRD-9).
    #[serde(default)]
    pub tier: i64,
    pub prices: Vec<PriceEntry>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, Translation>,
}

fn plan_kind() -> String {
    "plan".to_owned()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceEntry {
    pub period_months: i64,
    #[serde(rename = "CHF")]
    pub chf: String,
    #[serde(rename = "EUR")]
    pub eur: String,
}

/// PRD-1: a staff change to one plan. A price left out (or empty) stays as it is, as in the
/// import; a changed one applies to orders and renewals created after it.
#[derive(Debug, Clone, Default)]
pub struct PlanEdit {
    pub name: String,
    pub description: String,
    /// Whether the plan is offered (a plan no longer offered stays for the products using it).
    pub offered: bool,
    pub prices: Vec<PriceEntry>,
}

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub types: usize,
    pub plans: usize,
    pub prices_changed: usize,
    pub plans_retired: u64,
}

/// A plan with its prices in force: period → currency → minor units.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub plan: PlanRow,
    pub prices: BTreeMap<i64, BTreeMap<String, i64>>,
    /// The plan's name and description in the other languages.
    pub translations: BTreeMap<String, Translation>,
}

impl PlanView {
    /// The plan's name in `lang` (the English one where the catalogue has none).
    pub fn name(&self, lang: Language) -> String {
        self.texts(lang).0
    }

    /// The plan's name and description in `lang`.
    pub fn texts(&self, lang: Language) -> (String, String) {
        localized(&self.plan.name, &self.plan.description, &self.translations, lang)
    }

    pub fn price(&self, period: i64, currency: &str) -> Option<i64> {
        self.prices.get(&period).and_then(|p| p.get(currency)).copied()
    }
}

/// A product type with its plans (and, for workspace suites, storage tiers).
#[derive(Debug, Clone)]
pub struct TypeView {
    pub row: TypeRow,
    pub plans: Vec<PlanView>,
    pub storage: Vec<PlanView>,
    pub translations: BTreeMap<String, Translation>,
}

impl TypeView {
    /// The type's name and description in `lang`.
    pub fn texts(&self, lang: Language) -> (String, String) {
        localized(&self.row.name, &self.row.description, &self.translations, lang)
    }
}

/// The catalogue in force at an instant, indexed by plan code.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub types: Vec<TypeView>,
    by_code: HashMap<String, (usize, bool, usize)>,
}

impl Catalog {
    /// PRD-9: the list price of a workspace suite for a period: the plan (per seat when it
    /// says so) plus the storage tier (`None`: the smallest). Answers the storage code, or the
    /// field and code of what is wrong.
    pub fn suite_price(
        &self,
        plan: &PlanView,
        period: i64,
        currency: &str,
        seats: i64,
        storage: Option<&str>,
    ) -> Result<(i64, String), (&'static str, &'static str)> {
        let mut list = plan
            .price(period, currency)
            .ok_or(("period_months", "not_offered"))?;
        let tiers = self
            .types
            .iter()
            .find(|t| t.row.code == plan.plan.product_type)
            .map(|t| t.storage.as_slice())
            .unwrap_or_default();
        let chosen = match storage {
            Some(code) => tiers.iter().find(|s| s.plan.code == code),
            None => tiers.iter().min_by_key(|s| s.plan.storage_gb),
        };
        let tier = chosen.ok_or(("storage", "unknown_storage"))?;
        let storage_price = tier.price(period, currency).ok_or(("storage", "not_offered"))?;
        if plan.plan.per_seat {
            list *= seats;
        }
        Ok((list + storage_price, tier.plan.code.clone()))
    }

    /// The list price in force for a plan and period in `currency` (a suite's seats and
    /// storage included); `None` when the plan is no longer offered there.
    pub fn list_price(
        &self,
        plan_code: &str,
        period_months: i64,
        seats: i64,
        storage_code: &str,
        currency: &str,
    ) -> Option<i64> {
        let plan = self.plan(plan_code)?;
        if plan.plan.product_type == "workspace_suite" {
            return self
                .suite_price(plan, period_months, currency, seats, Some(storage_code))
                .ok()
                .map(|(l, _)| l);
        }
        plan.price(period_months, currency)
    }

    /// A plan or storage tier by code (active ones only).
    pub fn plan(&self, code: &str) -> Option<&PlanView> {
        let (t, storage, i) = *self.by_code.get(code)?;
        let ty = &self.types[t];
        if storage {
            ty.storage.get(i)
        } else {
            ty.plans.get(i)
        }
    }
}

/// The translations of the file that are wrong: a language Kontor does not speak (English is
/// the entry's own name), or an empty name.
fn translation_errors(file: &CatalogFile) -> Vec<FieldError> {
    let types = file
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("types[{i}]"), &t.translations));
    let plans = file
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("plans[{i}]"), &p.translations));
    types
        .chain(plans)
        .flat_map(|(at, translations)| {
            translations
                .iter()
                .filter(|(lang, t)| {
                    !matches!(Language::parse(lang), Some(l) if l != Language::En) || t.name.trim().is_empty()
                })
                .map(move |(lang, _)| FieldError {
                    field: format!("{at}.translations.{lang}"),
                    code: "invalid".to_owned(),
                })
        })
        .collect()
}

fn validate(file: &CatalogFile) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut err = |field: String, code: &str| {
        errors.push(FieldError {
            field,
            code: code.to_owned(),
        });
    };
    let declared: Vec<&str> = file.types.iter().map(|t| t.code.as_str()).collect();
    for (i, t) in file.types.iter().enumerate() {
        if !PRODUCT_TYPES.contains(&t.code.as_str()) {
            err(format!("types[{i}].code"), "unknown_product_type");
        }
        if t.name.trim().is_empty() {
            err(format!("types[{i}].name"), "required");
        }
    }
    let mut seen = Vec::new();
    for (i, p) in file.plans.iter().enumerate() {
        let at = |f: &str| format!("plans[{i}].{f}");
        if p.code.is_empty()
            || !p
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            err(at("code"), "invalid");
        }
        if seen.contains(&p.code) {
            err(at("code"), "duplicate");
        }
        seen.push(p.code.clone());
        if !declared.contains(&p.product_type.as_str()) {
            err(at("type"), "unknown_product_type");
        }
        if !matches!(p.kind.as_str(), "plan" | "storage")
            || (p.kind == "storage" && p.product_type != "workspace_suite")
        {
            err(at("kind"), "invalid");
        }
        if p.name.trim().is_empty() {
            err(at("name"), "required");
        }
        if p.prices.is_empty() {
            err(at("prices"), "required");
        }
        for (j, pr) in p.prices.iter().enumerate() {
            if !PERIODS.contains(&(pr.period_months as u32)) {
                err(format!("plans[{i}].prices[{j}].period_months"), "invalid_period");
            }
            for (cur, amount) in [("CHF", &pr.chf), ("EUR", &pr.eur)] {
                if parse_minor(amount).is_err() {
                    err(format!("plans[{i}].prices[{j}].{cur}"), "invalid_amount");
                }
            }
        }
    }
    errors.extend(translation_errors(file));
    errors
}

/// PRD-1: a new price row, valid from `now`, for each of the plan's prices that differs from
/// the one in force (so orders keep the price they were made with); answers how many.
async fn insert_changed_prices(
    tx: &mut Conn,
    plan_id: i64,
    p: &PlanEntry,
    current: &HashMap<(i64, i64, String), i64>,
    now: i64,
) -> AppResult<usize> {
    let mut changed = 0;
    for pr in &p.prices {
        for (cur, amount) in [("CHF", &pr.chf), ("EUR", &pr.eur)] {
            let minor = parse_minor(amount).unwrap_or(0);
            if current.get(&(plan_id, pr.period_months, cur.to_owned())) == Some(&minor) {
                continue;
            }
            let price = PriceRow {
                plan_id,
                period_months: pr.period_months,
                currency: cur.to_owned(),
                amount_minor: minor,
                valid_from: now,
            };
            repo::insert_price(tx, &price).await?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// PRD-1: a plan edit's fields, with the import's rules for periods and amounts.
fn validate_edit(edit: &PlanEdit) -> AppResult<()> {
    let mut v = Validator::default();
    v.name("name", &edit.name, 100);
    v.line("description", &edit.description, 500);
    for pr in &edit.prices {
        v.check(
            PERIODS.contains(&(pr.period_months as u32)),
            &format!("price_{}", pr.period_months),
            "invalid_period",
        );
        for (cur, amount) in [("CHF", &pr.chf), ("EUR", &pr.eur)] {
            v.check(
                parse_minor(amount).is_ok_and(|m| m >= 0),
                &format!("price_{}_{cur}", pr.period_months),
                "invalid_amount",
            );
        }
    }
    v.finish()
}

impl App {
    /// PRD-1: replaces the catalogue with `text` (TOML). Types and plans are upserted by code;
    /// plans missing from the file stop being offered; a changed price applies from now.
    pub async fn import_catalog(&self, actor: &Actor, text: &str) -> AppResult<ImportReport> {
        decide(actor, Action::StaffCatalog, Resource::Platform).into_result()?;
        let file: CatalogFile = toml::from_str(text).map_err(|e| {
            AppError::with_message(crate::ErrorCode::ValidationFailed, format!("catalogue file: {e}"))
        })?;
        let errors = validate(&file);
        if !errors.is_empty() {
            return Err(AppError::invalid(errors));
        }
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let mut report = ImportReport::default();
        for (i, t) in file.types.iter().enumerate() {
            let row = TypeRow {
                code: t.code.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                position: i as i64,
                translations: serde_json::to_string(&t.translations).unwrap_or_default(),
            };
            repo::upsert_type(&mut change.tx, &row).await?;
            report.types += 1;
        }
        let current: HashMap<(i64, i64, String), i64> = repo::list_prices_at(&mut change.tx, now)
            .await?
            .into_iter()
            .map(|p| ((p.plan_id, p.period_months, p.currency), p.amount_minor))
            .collect();
        for (i, p) in file.plans.iter().enumerate() {
            let row = PlanRow {
                id: 0,
                code: p.code.clone(),
                product_type: p.product_type.clone(),
                kind: p.kind.clone(),
                name: p.name.clone(),
                description: p.description.clone(),
                per_seat: p.per_seat,
                storage_gb: p.storage_gb,
                tier: p.tier,
                position: i as i64,
                active: true,
                translations: serde_json::to_string(&p.translations).unwrap_or_default(),
            };
            let id = repo::upsert_plan(&mut change.tx, &row).await?;
            report.plans += 1;
            report.prices_changed += insert_changed_prices(&mut change.tx, id, p, &current, now).await?;
        }
        let keep: Vec<String> = file.plans.iter().map(|p| p.code.clone()).collect();
        report.plans_retired = repo::deactivate_plans_except(&mut change.tx, &keep).await?;
        change
            .record(
                Entry::new(AuditAction::CatalogImport, "catalog", None).details(format!(
                    "types={} plans={} prices_changed={} retired={}",
                    report.types, report.plans, report.prices_changed, report.plans_retired
                )),
            )
            .await?;
        change.commit().await?;
        Ok(report)
    }

    /// PRD-1: staff (admin) change one plan's name, description, offer and prices, with the
    /// import's rule for prices. Answers how many prices changed.
    pub async fn edit_plan(&self, actor: &Actor, code: &str, edit: &PlanEdit) -> AppResult<usize> {
        decide(actor, Action::StaffCatalog, Resource::Platform).into_result()?;
        validate_edit(edit)?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let plan = repo::find_plan(&mut change.tx, code)
            .await?
            .ok_or_else(AppError::not_found)?;
        let row = PlanRow {
            name: edit.name.trim().to_owned(),
            description: edit.description.trim().to_owned(),
            active: edit.offered,
            ..plan.clone()
        };
        repo::upsert_plan(&mut change.tx, &row).await?;
        let current: HashMap<(i64, i64, String), i64> = repo::list_prices_at(&mut change.tx, now)
            .await?
            .into_iter()
            .filter(|p| p.plan_id == plan.id)
            .map(|p| ((p.plan_id, p.period_months, p.currency), p.amount_minor))
            .collect();
        let entry = PlanEntry {
            code: plan.code.clone(),
            product_type: plan.product_type.clone(),
            name: row.name.clone(),
            description: row.description.clone(),
            kind: plan.kind.clone(),
            per_seat: plan.per_seat,
            storage_gb: plan.storage_gb,
            tier: plan.tier,
            prices: edit.prices.clone(),
            translations: BTreeMap::new(),
        };
        let changed = insert_changed_prices(&mut change.tx, plan.id, &entry, &current, now).await?;
        change
            .record(
                Entry::new(AuditAction::CatalogPlanUpdate, "catalog_plan", Some(plan.id)).details(format!(
                    "code={} offered={} prices_changed={changed}",
                    plan.code, edit.offered
                )),
            )
            .await?;
        change.commit().await?;
        Ok(changed)
    }

    /// The catalogue in force now, as a file `import_catalog` reads back (plans no longer
    /// offered are left out, so importing the file keeps them retired).
    pub async fn export_catalog(&self) -> AppResult<String> {
        let cat = self.catalog().await?;
        let mut file = CatalogFile::default();
        for t in &cat.types {
            file.types.push(TypeEntry {
                code: t.row.code.clone(),
                name: t.row.name.clone(),
                description: t.row.description.clone(),
                translations: t.translations.clone(),
            });
            for pv in t.plans.iter().chain(&t.storage) {
                let p = &pv.plan;
                file.plans.push(PlanEntry {
                    code: p.code.clone(),
                    product_type: p.product_type.clone(),
                    name: p.name.clone(),
                    description: p.description.clone(),
                    kind: p.kind.clone(),
                    per_seat: p.per_seat,
                    storage_gb: p.storage_gb,
                    tier: p.tier,
                    prices: pv
                        .prices
                        .iter()
                        .map(|(period, by_cur)| PriceEntry {
                            period_months: *period,
                            chf: format_minor(by_cur.get("CHF").copied().unwrap_or(0)),
                            eur: format_minor(by_cur.get("EUR").copied().unwrap_or(0)),
                        })
                        .collect(),
                    translations: pv.translations.clone(),
                });
            }
        }
        toml::to_string_pretty(&file).map_err(|e| AppError::Internal(e.into()))
    }

    /// The catalogue in force now (public: `GET /1/catalog`). Kept in memory while its version
    /// (raised by every change, on any server) is the same and no planned price has come into
    /// force since it was read; one small query checks.
    pub async fn catalog(&self) -> AppResult<Catalog> {
        let now = self.now_ts();
        let version = {
            let mut c = self.read().await?;
            repo::version(&mut c).await?
        };
        if let Some(cat) = self.catalog_cache.get(version, now) {
            return Ok(cat);
        }
        // The version is read before the catalogue: a change committed in between makes the
        // next call read again, never keeps an old catalogue under a new version.
        let cat = self.catalog_with(true).await?;
        let next_change = {
            let mut c = self.read().await?;
            repo::next_price_change(&mut c, now).await?
        };
        self.catalog_cache.put(version, next_change, &cat);
        Ok(cat)
    }

    /// PRD-1: the catalogue as staff (admin) edit it: plans no longer offered included.
    pub async fn staff_catalog(&self, actor: &Actor) -> AppResult<Catalog> {
        decide(actor, Action::StaffCatalog, Resource::Platform).into_result()?;
        self.catalog_with(false).await
    }

    /// The catalogue with its prices in force now; `offered_only` leaves out retired plans.
    async fn catalog_with(&self, offered_only: bool) -> AppResult<Catalog> {
        let now = self.now_ts();
        let mut c = self.read().await?;
        let types = repo::list_types(&mut c).await?;
        let plans = repo::list_plans(&mut c, offered_only).await?;
        let mut prices: HashMap<i64, BTreeMap<i64, BTreeMap<String, i64>>> = HashMap::new();
        for p in repo::list_prices_at(&mut c, now).await? {
            prices
                .entry(p.plan_id)
                .or_default()
                .entry(p.period_months)
                .or_default()
                .insert(p.currency, p.amount_minor);
        }
        let mut cat = Catalog::default();
        for row in types {
            cat.types.push(TypeView {
                translations: parse_translations(&row.translations),
                row,
                plans: Vec::new(),
                storage: Vec::new(),
            });
        }
        for plan in plans {
            let Some(t) = cat.types.iter().position(|t| t.row.code == plan.product_type) else {
                continue;
            };
            let view = PlanView {
                prices: prices.remove(&plan.id).unwrap_or_default(),
                translations: parse_translations(&plan.translations),
                plan,
            };
            let storage = view.plan.kind == "storage";
            let list = if storage {
                &mut cat.types[t].storage
            } else {
                &mut cat.types[t].plans
            };
            cat.by_code
                .insert(view.plan.code.clone(), (t, storage, list.len()));
            list.push(view);
        }
        Ok(cat)
    }
}

/// The offered catalogue as last read, with the version it was read at and the instant its
/// prices stop being the ones in force.
#[derive(Default)]
pub(crate) struct CatalogCache {
    kept: std::sync::Mutex<Option<Kept>>,
}

struct Kept {
    version: i64,
    until: Option<i64>,
    catalog: Arc<Catalog>,
}

impl CatalogCache {
    fn get(&self, version: i64, now: i64) -> Option<Catalog> {
        let kept = self.kept.lock().ok()?;
        let k = kept.as_ref()?;
        (k.version == version && k.until.is_none_or(|t| now < t)).then(|| (*k.catalog).clone())
    }

    fn put(&self, version: i64, until: Option<i64>, cat: &Catalog) {
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some(Kept {
                version,
                until,
                catalog: Arc::new(cat.clone()),
            });
        }
    }
}
