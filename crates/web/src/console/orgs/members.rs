//! Members (ORG-1..ORG-7): the list, inviting, removing, leaving, one member's rights.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::model::{InvitationRow, ProductRow, WorkgroupRow};
use kontor_app::orgs::invitations::InviteInput;
use kontor_app::orgs::members::{CONTACT_PREFERENCES, Member, MemberChanges};
use kontor_domain::UserId;

use crate::AppState;
use crate::console::confirm::{self, Ask};
use crate::console::extract::{OrgForm, SignedIn};
use crate::console::{Ctx, FormData, Frame, see_other};
use kontor_app::platform::i18n::t_with;

#[derive(Template)]
#[template(path = "orgs/members.html")]
struct MembersPage {
    f: Frame,
    allowed: bool,
    reason: String,
    can_appoint: bool,
    members: Vec<Member>,
    invitations: Vec<InvitationRow>,
    products: Vec<ProductRow>,
    groups: Vec<WorkgroupRow>,
    prefs: [&'static str; 4],
    errors: Vec<String>,
    notice: String,
}

pub(crate) async fn render_members(
    s: &AppState,
    ctx: &Ctx,
    errors: Vec<String>,
    notice: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "members-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let read = decide(&ctx.actor, Action::MembersRead, Resource::Organization(&facts));
    let appoint = decide(
        &ctx.actor,
        Action::MembersAppointLegal,
        Resource::Organization(&facts),
    );
    let (members, invitations, products, groups) = if read.allowed {
        (
            s.app
                .list_members(&ctx.actor, org, 1, 500)
                .await
                .map(|m| m.0)
                .unwrap_or_default(),
            s.app.list_invitations(&ctx.actor, org).await.unwrap_or_default(),
            s.app
                .list_grantable_products(&ctx.actor, org)
                .await
                .unwrap_or_default(),
            s.app.list_workgroups(&ctx.actor, org).await.unwrap_or_default(),
        )
    } else {
        Default::default()
    };
    let page = MembersPage {
        reason: ctx.tr().t(read.reason_key),
        allowed: read.allowed,
        can_appoint: appoint.allowed,
        f,
        members,
        invitations,
        products,
        groups,
        prefs: CONTACT_PREFERENCES,
        errors,
        notice,
    };
    ctx.render(status, &page)
}

#[derive(serde::Deserialize)]
pub struct InvitedQuery {
    invited: Option<String>,
}

/// The members page; after an invitation (`?invited=<address>`) it says it was sent.
pub async fn members_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    axum::extract::Query(q): axum::extract::Query<InvitedQuery>,
) -> Response {
    let notice = q
        .invited
        .map(|email| format!("{} {email}", ctx.tr().t("notice-invited")))
        .unwrap_or_default();
    render_members(&s, &ctx, vec![], notice, StatusCode::OK).await
}

pub async fn invite(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let input = InviteInput {
        email: form.get("email"),
        role: form.get("role"),
        billing: Some(form.get("billing") == "on"),
        products: form.ids("product"),
        workgroups: form.ids("workgroup"),
        contact_preferences: Some(form.all("pref")),
    };
    match s.app.invite_member(&ctx.actor, org, input).await {
        // A redirect (issue 18): reloading the page does not invite again.
        Ok(inv) => {
            let email: String = url::form_urlencoded::byte_serialize(inv.email.as_bytes()).collect();
            see_other(&format!("/console/members?invited={email}"), None)
        }
        Err(e) => {
            render_members(
                &s,
                &ctx,
                ctx.error_lines(&e),
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The confirmation of a removal, naming each member removed (issue 18).
async fn ask_removal(
    s: &AppState,
    ctx: &Ctx,
    form: &FormData,
    org: kontor_domain::OrgId,
    ids: &[i64],
) -> Response {
    let mut names = Vec::with_capacity(ids.len());
    for id in ids {
        match s.app.get_member(&ctx.actor, org, UserId(*id)).await {
            Ok(m) => names.push(format!(
                "{} {} ({})",
                m.row.first_name, m.row.last_name, m.row.email
            )),
            Err(e) => return ctx.error_page(s, &e),
        }
    }
    let what = vec![
        t_with(
            ctx.lang,
            "confirm-remove-members",
            &[("names", names.join(", "))],
            &[("count", ids.len() as i64)],
        ),
        ctx.tr().t("confirm-remove-members-after"),
    ];
    let ask = Ask {
        action: "/console/members/remove",
        what,
        button: "confirm-remove",
        back: "/console/members",
    };
    confirm::ask(s, ctx, form, ask).await
}

pub async fn remove_selected(State(s): State<AppState>, OrgForm { ctx, form, org }: OrgForm) -> Response {
    let ids = form.ids("user");
    if !confirm::confirmed(&form) && !ids.is_empty() {
        return ask_removal(&s, &ctx, &form, org, &ids).await;
    }
    match s.app.remove_members(&ctx.actor, org, &form.ids("user")).await {
        Ok(outcomes) => {
            let errors: Vec<String> = outcomes
                .iter()
                .filter_map(|o| {
                    o.result
                        .as_ref()
                        .err()
                        .map(|e| format!("#{}: {}", o.user_id, ctx.error_lines(e).join(" ")))
                })
                .collect();
            let removed = outcomes.iter().filter(|o| o.result.is_ok()).count();
            render_members(
                &s,
                &ctx,
                errors,
                format!("{}: {removed}", ctx.tr().t("notice-removed")),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => {
            render_members(
                &s,
                &ctx,
                ctx.error_lines(&e),
                String::new(),
                StatusCode::FORBIDDEN,
            )
            .await
        }
    }
}

pub async fn leave(State(s): State<AppState>, OrgForm { ctx, org, form }: OrgForm) -> Response {
    let result = if confirm::confirmed(&form) {
        s.app.leave_organization(&ctx.actor, org).await
    } else {
        // ORG-7: a member held here is told so at once, before any confirmation.
        match s.app.check_leave(&ctx.actor, org).await {
            Ok(()) => {
                let name = s
                    .app
                    .get_organization(&ctx.actor, org)
                    .await
                    .map(|o| o.org.name)
                    .unwrap_or_default();
                let what = vec![
                    t_with(ctx.lang, "confirm-leave", &[("name", name)], &[]),
                    ctx.tr().t("confirm-leave-after"),
                ];
                let ask = Ask {
                    action: "/console/members/leave",
                    what,
                    button: "confirm-leave-button",
                    back: "/console/members",
                };
                return confirm::ask(&s, &ctx, &form, ask).await;
            }
            Err(e) => Err(e),
        }
    };
    match result {
        Ok(()) => see_other("/console/profile?notice=left", None),
        Err(e) => {
            let f = ctx.frame(&s, "org-title").await;
            let page = crate::console::orgs::leave_refused(f, ctx.error_lines(&e));
            ctx.render(StatusCode::CONFLICT, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "orgs/member.html")]
struct MemberPage {
    f: Frame,
    member: Member,
    products: Vec<ProductRow>,
    can_appoint: bool,
    appoint_reason: String,
    prefs: [&'static str; 4],
    errors: Vec<String>,
    notice: String,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // askama hands loop items by reference
impl MemberPage {
    fn has_product(&self, id: &i64) -> bool {
        self.member.products.contains(id)
    }

    fn has_pref(&self, p: &&str) -> bool {
        self.member
            .row
            .contact_preferences
            .split_whitespace()
            .any(|x| x == *p)
    }

    fn is_role(&self, r: &str) -> bool {
        self.member.row.role == r
    }
}

async fn render_member(
    s: &AppState,
    ctx: &Ctx,
    user: i64,
    errors: Vec<String>,
    notice: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "member-title").await;
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let member = match s.app.get_member(&ctx.actor, org, UserId(user)).await {
        Ok(m) => m,
        Err(e) => {
            return render_members(s, ctx, ctx.error_lines(&e), String::new(), StatusCode::NOT_FOUND).await;
        }
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let appoint = decide(
        &ctx.actor,
        Action::MembersAppointLegal,
        Resource::Organization(&facts),
    );
    let page = MemberPage {
        f,
        member,
        products: s
            .app
            .list_grantable_products(&ctx.actor, org)
            .await
            .unwrap_or_default(),
        can_appoint: appoint.allowed,
        appoint_reason: ctx.tr().t(appoint.reason_key),
        prefs: CONTACT_PREFERENCES,
        errors,
        notice,
    };
    ctx.render(status, &page)
}

pub async fn member_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(user): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<crate::console::DoneQuery>,
) -> Response {
    let notice = q.notice(&ctx, "saved", "notice-member-saved");
    render_member(&s, &ctx, user, vec![], notice, StatusCode::OK).await
}

pub async fn update_member(
    State(s): State<AppState>,
    Path(user): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    if form.get("remove") == "1" {
        return match s.app.remove_member(&ctx.actor, org, UserId(user)).await {
            Ok(()) => see_other("/console/members", None),
            Err(e) => {
                render_member(
                    &s,
                    &ctx,
                    user,
                    ctx.error_lines(&e),
                    String::new(),
                    StatusCode::CONFLICT,
                )
                .await
            }
        };
    }
    let ch = MemberChanges {
        role: form.opt("role"),
        billing: Some(form.get("billing") == "on"),
        products: Some(form.ids("product")),
        contact_preferences: Some(form.all("pref")),
    };
    match s.app.update_member(&ctx.actor, org, UserId(user), ch).await {
        Ok(_) => see_other(&format!("/console/members/{user}?done=saved"), None),
        Err(e) => {
            render_member(
                &s,
                &ctx,
                user,
                ctx.error_lines(&e),
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
