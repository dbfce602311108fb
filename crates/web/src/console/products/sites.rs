//! The site page (PRD-10): MySQL prefix, databases, environment variables.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::AppError;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::model::ProductRow;
use kontor_app::products::sites::{Rename, Site};

use crate::AppState;
use crate::console::extract::{OrgForm, SignedIn};
use crate::console::{Ctx, Frame, see_other, status_of};

#[derive(Template)]
#[template(path = "products/site.html")]
struct SitePage {
    f: Frame,
    product: ProductRow,
    site: Site,
    renames: Vec<Rename>,
    env_text: String,
    manage: bool,
    reason: String,
    errors: Vec<String>,
    notice: String,
}

async fn render_site(
    s: &AppState,
    ctx: &Ctx,
    (product, site): (i64, i64),
    renames: Vec<Rename>,
    errors: Vec<String>,
    notice: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "site-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let actor = &ctx.actor;
    let (p, site) = match (
        s.app.get_product(actor, org, product).await,
        s.app.get_site(actor, org, product, site).await,
    ) {
        (Ok(p), Ok(site)) => (p, site),
        (Err(e), _) | (_, Err(e)) => return ctx.error_page(s, &e),
    };
    let facts = s.app.load_facts(actor, org.0).await.unwrap_or_default();
    let decision = decide(actor, Action::ProductsManage, Resource::Product(&facts, product));
    let page = SitePage {
        env_text: site
            .env
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\n"),
        manage: decision.allowed,
        reason: ctx.tr().t(decision.reason_key),
        f,
        product: p,
        site,
        renames,
        errors,
        notice,
    };
    ctx.render(status, &page)
}

pub async fn site_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(ids): Path<(i64, i64)>,
) -> Response {
    render_site(&s, &ctx, ids, vec![], vec![], String::new(), StatusCode::OK).await
}

/// `NAME=value` lines; a line without `=` is a name with an empty value.
fn parse_env(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.trim().to_owned(), v.to_owned()),
            None => (l.trim().to_owned(), String::new()),
        })
        .collect()
}

/// The site's forms: `do=prefix` (MySQL prefix on or off), `do=env`, `do=database`.
pub async fn site_update(
    State(s): State<AppState>,
    Path((product, site)): Path<(i64, i64)>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let a = &ctx.actor;
    let ids = (product, site);
    let result: Result<(Vec<Rename>, &str), AppError> = match form.get("do").as_str() {
        "prefix" => s
            .app
            .set_mysql_prefix(a, org, product, site, form.get("mysql_prefix") == "on")
            .await
            .map(|(_, renames)| (renames, "notice-site-saved")),
        "env" => s
            .app
            .set_env(a, org, product, site, &parse_env(&form.get("env")))
            .await
            .map(|_| (vec![], "notice-site-saved")),
        "database" => s
            .app
            .add_database(a, org, product, site, &form.get("kind"), &form.get("db_name"))
            .await
            .map(|_| (vec![], "notice-database-added")),
        _ => Err(AppError::field("do", "unknown_action")),
    };
    match result {
        Ok((renames, key)) => {
            render_site(&s, &ctx, ids, renames, vec![], ctx.tr().t(key), StatusCode::OK).await
        }
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_site(&s, &ctx, ids, vec![], lines, String::new(), status_of(&e)).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_env;

    #[test]
    fn prd_10_environment_text_keeps_values_with_equals_signs() {
        let vars = parse_env("APP_ENV=prod\r\nDSN=mysql://u:p@h/db?x=1\n\nEMPTY\n");
        assert_eq!(
            vars,
            vec![
                ("APP_ENV".to_owned(), "prod".to_owned()),
                ("DSN".to_owned(), "mysql://u:p@h/db?x=1".to_owned()),
                ("EMPTY".to_owned(), String::new()),
            ]
        );
    }
}
