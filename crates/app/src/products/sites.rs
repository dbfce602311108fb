//! Sites of a web hosting (PRD-10): the MySQL-prefix option (turning it off answers the names
//! the customer must now write in full), environment variables within their limits, databases
//! and database users stored with their full names.

use kontor_domain::products::{ENV_MAX_VARS, check_env, full_db_name, short_db_name};
use kontor_domain::{AuditAction, OrgId, ProductStatus};
use kontor_store::products::ProductRow;
use kontor_store::products::sites::{self as repo, DatabaseRow, SiteRow};

use crate::App;
use crate::access::Action;
use crate::platform::actor::Actor;
use crate::platform::audit::Entry;
use crate::platform::error::{AppError, AppResult, ErrorCode, FieldError};

/// A site with its settings.
#[derive(Debug, Clone)]
pub struct Site {
    pub row: SiteRow,
    pub server_prefix: String,
    pub env: Vec<(String, String)>,
    pub databases: Vec<DatabaseRow>,
}

/// A name the customer must now write in full (MySQL prefix turned off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub kind: String,
    pub before: String,
    pub after: String,
}

impl App {
    async fn hosting(&self, actor: &Actor, org: OrgId, id: i64, action: Action) -> AppResult<ProductRow> {
        let (row, _) = self.product_for(actor, org, id, action).await?;
        if row.product_type != "web_hosting" {
            return Err(AppError::field("product", "not_a_web_hosting"));
        }
        Ok(row)
    }

    async fn load_site(&self, product: &ProductRow, site: i64) -> AppResult<Site> {
        let mut c = self.read().await?;
        let row = repo::find_site(&mut c, product.id, site)
            .await?
            .ok_or_else(AppError::not_found)?;
        Ok(Site {
            env: repo::list_env(&mut c, site).await?,
            databases: repo::list_databases(&mut c, site).await?,
            server_prefix: product.server_prefix.clone().unwrap_or_default(),
            row,
        })
    }

    pub async fn list_sites(&self, actor: &Actor, org: OrgId, product: i64) -> AppResult<Vec<SiteRow>> {
        self.hosting(actor, org, product, Action::ProductsRead).await?;
        let mut c = self.read().await?;
        Ok(repo::list_sites(&mut c, product).await?)
    }

    /// A new site; sites imported from the legacy platform start with the MySQL prefix on.
    pub async fn create_site(
        &self,
        actor: &Actor,
        org: OrgId,
        product: i64,
        name: &str,
        imported: bool,
    ) -> AppResult<Site> {
        let p = self.hosting(actor, org, product, Action::ProductsManage).await?;
        if p.status != ProductStatus::Active {
            return Err(AppError::new(ErrorCode::ProductNotActive));
        }
        let name = kontor_domain::products::normalize_name("domain", name)
            .ok_or_else(|| AppError::field("name", "invalid_host_name"))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let id = repo::insert_site(&mut change.tx, product, &name, imported, now)
            .await
            .map_err(|e| AppError::unique_as(e, "sites", ErrorCode::NameTaken))?;
        change
            .record(
                Entry::new(AuditAction::SiteCreate, "site", Some(id))
                    .org(org.0)
                    .details(format!("product={product} name={name} mysql_prefix={imported}")),
            )
            .await?;
        change.commit().await?;
        self.load_site(&p, id).await
    }

    pub async fn get_site(&self, actor: &Actor, org: OrgId, product: i64, site: i64) -> AppResult<Site> {
        let p = self.hosting(actor, org, product, Action::ProductsRead).await?;
        self.load_site(&p, site).await
    }

    /// PRD-10: switches the MySQL-prefix option. Turning it off answers, for every database and
    /// user of the site, the short name scripts used and the full name they must use now.
    pub async fn set_mysql_prefix(
        &self,
        actor: &Actor,
        org: OrgId,
        product: i64,
        site: i64,
        on: bool,
    ) -> AppResult<(Site, Vec<Rename>)> {
        let p = self.hosting(actor, org, product, Action::ProductsManage).await?;
        let current = self.load_site(&p, site).await?;
        let prefix = current.server_prefix.clone();
        let renames: Vec<Rename> = if current.row.mysql_prefix && !on {
            current
                .databases
                .iter()
                .map(|d| Rename {
                    kind: d.kind.clone(),
                    before: short_db_name(&prefix, &d.full_name).to_owned(),
                    after: d.full_name.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        repo::set_mysql_prefix(&mut change.tx, site, on, now).await?;
        change
            .record(
                Entry::new(AuditAction::SiteMysqlPrefix, "site", Some(site))
                    .org(org.0)
                    .details(format!("on={on} renamed={}", renames.len())),
            )
            .await?;
        change.commit().await?;
        Ok((self.load_site(&p, site).await?, renames))
    }

    /// PRD-10: replaces the site's environment; every variable is checked, all errors named.
    pub async fn set_env(
        &self,
        actor: &Actor,
        org: OrgId,
        product: i64,
        site: i64,
        vars: &[(String, String)],
    ) -> AppResult<Site> {
        let p = self.hosting(actor, org, product, Action::ProductsManage).await?;
        self.load_site(&p, site).await?;
        let mut errors = Vec::new();
        if vars.len() > ENV_MAX_VARS {
            errors.push(FieldError {
                field: "variables".to_owned(),
                code: "too_many".to_owned(),
            });
        }
        let mut seen = std::collections::HashSet::new();
        for (name, value) in vars {
            if let Err(problem) = check_env(name, value) {
                errors.push(FieldError {
                    field: format!("variables.{name}"),
                    code: problem.code().to_owned(),
                });
            }
            if !seen.insert(name.clone()) {
                errors.push(FieldError {
                    field: format!("variables.{name}"),
                    code: "duplicate".to_owned(),
                });
            }
        }
        if !errors.is_empty() {
            return Err(AppError::invalid(errors));
        }
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        repo::replace_env(&mut change.tx, site, vars).await?;
        let names: Vec<&str> = vars.iter().map(|v| v.0.as_str()).collect();
        change
            .record(
                Entry::new(AuditAction::SiteEnv, "site", Some(site))
                    .org(org.0)
                    .details(format!("names={}", names.join(","))),
            )
            .await?;
        change.commit().await?;
        self.load_site(&p, site).await
    }

    /// A database or database user of the site, stored with the hosting's server prefix.
    pub async fn add_database(
        &self,
        actor: &Actor,
        org: OrgId,
        product: i64,
        site: i64,
        kind: &str,
        name: &str,
    ) -> AppResult<Site> {
        let p = self.hosting(actor, org, product, Action::ProductsManage).await?;
        self.load_site(&p, site).await?;
        if !matches!(kind, "database" | "user") {
            return Err(AppError::field("kind", "unknown_kind"));
        }
        let prefix = p.server_prefix.clone().unwrap_or_default();
        let full =
            full_db_name(&prefix, name).ok_or_else(|| AppError::field("name", "invalid_database_name"))?;
        let now = self.now_ts();
        let mut change = self.change(actor, now).await?;
        let id = repo::insert_database(&mut change.tx, site, product, kind, &full, now)
            .await
            .map_err(|e| AppError::unique_as(e, "site_databases", ErrorCode::NameTaken))?;
        change
            .record(
                Entry::new(AuditAction::SiteDatabase, "site_database", Some(id))
                    .org(org.0)
                    .details(format!("{kind} {full}")),
            )
            .await?;
        change.commit().await?;
        self.load_site(&p, site).await
    }
}
