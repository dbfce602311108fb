//! Console pages for workgroups (GRP-1 to GRP-4): list and create, then one group's name,
//! leader, members and products.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::model::{ProductRow, WorkgroupRow};
use kontor_app::orgs::members::Member;
use kontor_app::orgs::workgroups::{Workgroup, WorkgroupChanges};

use crate::AppState;
use crate::console::extract::{OrgForm, SignedIn};
use crate::console::{Ctx, Frame, see_other};

#[derive(Template)]
#[template(path = "orgs/workgroups.html")]
struct WorkgroupsPage {
    f: Frame,
    allowed: bool,
    reason: String,
    groups: Vec<WorkgroupRow>,
    errors: Vec<String>,
}

async fn render_list(s: &AppState, ctx: &Ctx, errors: Vec<String>, status: StatusCode) -> Response {
    let f = ctx.frame(s, "workgroups-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let d = decide(
        &ctx.actor,
        Action::WorkgroupsManage,
        Resource::Organization(&facts),
    );
    let groups = if d.allowed {
        s.app.list_workgroups(&ctx.actor, org).await.unwrap_or_default()
    } else {
        vec![]
    };
    let page = WorkgroupsPage {
        reason: ctx.tr().t(d.reason_key),
        allowed: d.allowed,
        f,
        groups,
        errors,
    };
    ctx.render(status, &page)
}

pub async fn workgroups_page(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Response {
    render_list(&s, &ctx, vec![], StatusCode::OK).await
}

pub async fn create(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    match s.app.create_workgroup(&ctx.actor, org, &form.get("name")).await {
        Ok(g) => see_other(&format!("/console/workgroups/{}", g.row.id), None),
        Err(e) => render_list(&s, &ctx, ctx.error_lines(&e), StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

#[derive(Template)]
#[template(path = "orgs/workgroup.html")]
struct WorkgroupPage {
    f: Frame,
    group: Workgroup,
    members: Vec<Member>,
    products: Vec<ProductRow>,
    errors: Vec<String>,
    notice: String,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // askama hands loop items by reference
impl WorkgroupPage {
    fn in_group(&self, user: &i64) -> bool {
        self.group.members.contains(user)
    }

    fn has_product(&self, id: &i64) -> bool {
        self.group.products.contains(id)
    }

    fn leads(&self, user: &i64) -> bool {
        self.group.row.leader_user_id == Some(*user)
    }
}

async fn render_group(
    s: &AppState,
    ctx: &Ctx,
    id: i64,
    errors: Vec<String>,
    notice: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "workgroup-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let group = match s.app.get_workgroup(&ctx.actor, org, id).await {
        Ok(g) => g,
        Err(e) => return render_list(s, ctx, ctx.error_lines(&e), StatusCode::NOT_FOUND).await,
    };
    let page = WorkgroupPage {
        f,
        group,
        members: s
            .app
            .list_members(&ctx.actor, org, 1, 500)
            .await
            .map(|m| m.0)
            .unwrap_or_default(),
        products: s
            .app
            .list_grantable_products(&ctx.actor, org)
            .await
            .unwrap_or_default(),
        errors,
        notice,
    };
    ctx.render(status, &page)
}

pub async fn workgroup_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<crate::console::DoneQuery>,
) -> Response {
    let notice = q.notice(&ctx, "saved", "notice-workgroup-saved");
    render_group(&s, &ctx, id, vec![], notice, StatusCode::OK).await
}

/// One form sets name, members, products, then the leader (who must be among the members).
pub async fn update(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let a = &ctx.actor;
    let result = async {
        s.app
            .update_workgroup(
                a,
                org,
                id,
                WorkgroupChanges {
                    name: form.opt("name"),
                    leader: Some(None),
                },
            )
            .await?;
        s.app
            .set_workgroup_members(a, org, id, &form.ids("member"))
            .await?;
        s.app
            .set_workgroup_products(a, org, id, &form.ids("product"))
            .await?;
        let leader = form.get("leader").parse::<i64>().ok();
        s.app
            .update_workgroup(
                a,
                org,
                id,
                WorkgroupChanges {
                    name: None,
                    leader: Some(leader),
                },
            )
            .await
    }
    .await;
    match result {
        Ok(_) => see_other(&format!("/console/workgroups/{id}?done=saved"), None),
        Err(e) => {
            render_group(
                &s,
                &ctx,
                id,
                ctx.error_lines(&e),
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn delete(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, .. }: OrgForm,
) -> Response {
    match s.app.delete_workgroup(&ctx.actor, org, id).await {
        Ok(()) => see_other("/console/workgroups", None),
        Err(e) => render_list(&s, &ctx, ctx.error_lines(&e), StatusCode::NOT_FOUND).await,
    }
}
