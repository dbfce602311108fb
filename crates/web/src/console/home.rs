//! The home page of the current organization (issue 18): what expires soon, with renewal and
//! automatic renewal in place; invoices to pay; the prepaid balance; orders waiting for
//! payment and invitations waiting for an answer; the products by family. The first page
//! after sign-in and after switching organization. Each part shows only when the member may
//! read it (AUTHZ-1): a plain user without billing right sees no invoices.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::access::{Action, Facts, Resource, decide};
use kontor_app::model::{InvitationRow, InvoiceRow, OrderRow, ProductFilter, ProductOrder, ProductRow};
use kontor_app::platform::i18n::t_with;
use kontor_domain::{InvitationStatus, OrgId, ProductStatus};
use serde::Deserialize;

use crate::AppState;
use crate::console::extract::OrgForm;
use crate::console::{Ctx, Frame, see_other};

/// How many rows each part of the page shows; the rest is one link away.
const SHOWN: i64 = 10;

/// A product that expires soon, with what the viewer may do about it.
struct Expiring {
    p: ProductRow,
    manage: bool,
    reason: String,
}

/// An open invoice, with whether its due date has passed.
struct ToPay {
    inv: InvoiceRow,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    f: Frame,
    notice: String,
    /// `None`: the viewer is in no organization.
    org_name: Option<String>,
    currency: String,
    expiring: Option<Vec<Expiring>>,
    expiring_more: i64,
    invoices: Option<Vec<ToPay>>,
    invoices_total: i64,
    balance: Option<i64>,
    orders: Option<Vec<OrderRow>>,
    invitations: Option<Vec<InvitationRow>>,
    families: Vec<(String, i64)>,
    can_pay: bool,
    pay_reason: String,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // askama calls helpers with references
impl HomePage {
    /// "3 more products expire in this period." (Fluent plural).
    fn more(&self, count: &i64) -> String {
        t_with(self.f.tr.0, "home-more", &[], &[("count", *count)])
    }

    fn order_label(&self, id: &i64) -> String {
        t_with(self.f.tr.0, "home-order-label", &[("id", id.to_string())], &[])
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    /// A notice after a redirect: `auto-renew`.
    #[serde(default)]
    done: String,
    #[serde(default)]
    name: String,
}

pub async fn home(State(s): State<AppState>, ctx: Ctx, Query(q): Query<HomeQuery>) -> Response {
    if !ctx.signed_in() {
        return see_other("/console/signin", None);
    }
    let f = ctx.frame(&s, "home-title").await;
    let notice = match q.done.as_str() {
        "auto-renew" => t_with(ctx.lang, "home-auto-renew-on", &[("name", q.name.clone())], &[]),
        _ => String::new(),
    };
    let page = match ctx.current_org(&s).await {
        Some(org) => of_organization(&s, &ctx, f, notice, org).await,
        None => HomePage {
            f,
            notice,
            org_name: None,
            currency: String::new(),
            expiring: None,
            expiring_more: 0,
            invoices: None,
            invoices_total: 0,
            balance: None,
            orders: None,
            invitations: None,
            families: vec![],
            can_pay: false,
            pay_reason: String::new(),
        },
    };
    ctx.render(StatusCode::OK, &page)
}

/// The home page of `org`: each part the member may read.
async fn of_organization(s: &AppState, ctx: &Ctx, f: Frame, notice: String, org: OrgId) -> HomePage {
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let allowed = |a: Action| decide(&ctx.actor, a, Resource::Organization(&facts)).allowed;
    let pay = decide(&ctx.actor, Action::BillingPay, Resource::Organization(&facts));
    let billing = allowed(Action::BillingRead);
    let (expiring, expiring_more) = expiring(s, ctx, org, &facts).await;
    let (invoices, invoices_total) = if billing {
        open_invoices(s, ctx, org).await
    } else {
        (None, 0)
    };
    let balance = if billing {
        s.app.prepaid(&ctx.actor, org, 0, 0).await.ok().map(|p| p.balance)
    } else {
        None
    };
    let orders = if allowed(Action::ProductsManage) || billing {
        let pending = s
            .app
            .list_orders(&ctx.actor, org, Some("pending"), 0, SHOWN)
            .await;
        pending.ok().map(|(rows, _)| rows)
    } else {
        None
    };
    let invitations = if allowed(Action::MembersInvite) {
        let all = s.app.list_invitations(&ctx.actor, org).await;
        all.ok().map(|rows| {
            rows.into_iter()
                .filter(|i| i.status == InvitationStatus::Pending)
                .collect()
        })
    } else {
        None
    };
    HomePage {
        org_name: f.orgs.iter().find(|o| o.id == org.0).map(|o| o.name.clone()),
        currency: f.currency_of(org),
        families: s.app.product_counts(&ctx.actor, org).await.unwrap_or_default(),
        f,
        notice,
        expiring,
        expiring_more,
        invoices,
        invoices_total,
        balance,
        orders,
        invitations,
        can_pay: pay.allowed,
        pay_reason: if pay.allowed {
            String::new()
        } else {
            ctx.tr().t(pay.reason_key)
        },
    }
}

/// The products that expire within the products list's default window (PRD-6), soonest
/// first, and how many more there are; `None` when the viewer may not read products.
async fn expiring(s: &AppState, ctx: &Ctx, org: OrgId, facts: &Facts) -> (Option<Vec<Expiring>>, i64) {
    let start = s.app.now().replace_time(time::Time::MIDNIGHT);
    let end = kontor_domain::pricing::add_months(start, 2);
    let filter = ProductFilter {
        product_type: None,
        status: None,
        name: None,
        expires_from: Some(start.unix_timestamp()),
        expires_until: Some(end.unix_timestamp()),
        or_created_since: None,
        only_ids: None,
        order: ProductOrder::ExpiresAt,
        descending: false,
    };
    let Ok(page) = s.app.list_products(&ctx.actor, org, filter, None, 0, SHOWN).await else {
        return (None, 0);
    };
    let more = page.total - page.rows.len() as i64;
    let rows = page
        .rows
        .into_iter()
        .filter(|p| p.status != ProductStatus::Terminated)
        .map(|p| {
            let d = decide(&ctx.actor, Action::ProductsManage, Resource::Product(facts, p.id));
            Expiring {
                manage: d.allowed,
                reason: if d.allowed {
                    String::new()
                } else {
                    ctx.tr().t(d.reason_key)
                },
                p,
            }
        })
        .collect();
    (Some(rows), more)
}

/// The open invoices, newest first, each marked overdue once its due date has passed.
async fn open_invoices(s: &AppState, ctx: &Ctx, org: OrgId) -> (Option<Vec<ToPay>>, i64) {
    let Ok((rows, total)) = s
        .app
        .list_invoices(&ctx.actor, org, Some("open"), None, None, 0, SHOWN)
        .await
    else {
        return (None, 0);
    };
    let today = s.app.now().date().to_string();
    let rows = rows
        .into_iter()
        .map(|inv| ToPay {
            overdue: inv.due_date.as_str() < today.as_str(),
            inv,
        })
        .collect();
    (Some(rows), total)
}

/// Switches on automatic renewal for one product from the home page (REN-1), then shows the
/// home page again saying so; a refusal is said on the products list, with its reason.
pub async fn auto_renew(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let id: i64 = form.get("product").parse().unwrap_or_default();
    match s
        .app
        .bulk_products(&ctx.actor, org, "enable_auto_renew", &[id])
        .await
        .map(|mut outcomes| outcomes.pop().map(|o| o.result))
    {
        Ok(Some(Ok(p))) => {
            let name: String = url::form_urlencoded::byte_serialize(p.name.as_bytes()).collect();
            see_other(&format!("/console?done=auto-renew&name={name}"), None)
        }
        Ok(Some(Err(e))) | Err(e) => ctx.error_page(&s, &e),
        Ok(None) => ctx.error_page(&s, &kontor_app::AppError::not_found()),
    }
}
