//! Invitations (ORG-5, ACC-2): resending, withdrawing, and the invitee's page to accept or
//! decline.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::model::InvitationRow;
use kontor_app::orgs::invitations::NewAccount;
use kontor_domain::Role;

use crate::AppState;
use crate::console::extract::{OrgForm, VisitorForm};
use crate::console::orgs::members::render_members;
use crate::console::{Ctx, Frame, see_other, session_cookie};

pub async fn resend(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, .. }: OrgForm,
) -> Response {
    match s.app.resend_invitation(&ctx.actor, org, id).await {
        Ok(inv) => {
            let email: String = url::form_urlencoded::byte_serialize(inv.email.as_bytes()).collect();
            see_other(&format!("/console/members?invited={email}"), None)
        }
        Err(e) => render_members(&s, &ctx, ctx.error_lines(&e), String::new(), StatusCode::CONFLICT).await,
    }
}

pub async fn withdraw(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, org, .. }: OrgForm,
) -> Response {
    match s.app.withdraw_invitation(&ctx.actor, org, id).await {
        Ok(()) => see_other("/console/members", None),
        Err(e) => render_members(&s, &ctx, ctx.error_lines(&e), String::new(), StatusCode::CONFLICT).await,
    }
}

#[derive(Template)]
#[template(path = "orgs/invitation.html")]
struct InvitationPage {
    f: Frame,
    token: String,
    invitation: Option<InvitationRow>,
    organization: String,
    role_label: String,
    errors: Vec<String>,
    done: String,
}

async fn render_invitation(
    s: &AppState,
    ctx: &Ctx,
    token: String,
    errors: Vec<String>,
    done: String,
    status: StatusCode,
) -> Response {
    let f = ctx.frame(s, "invitation-title").await;
    let mut errors = errors;
    let (invitation, organization) = match s.app.invitation_by_link(&token).await {
        Ok((i, o)) => (Some(i), o),
        Err(e) => {
            if done.is_empty() && errors.is_empty() {
                errors.extend(ctx.error_lines(&e));
            }
            (None, String::new())
        }
    };
    let role_label = invitation
        .as_ref()
        .map(|i| ctx.tr().t(Role::parse(&i.role).map_or("user", Role::as_str)))
        .unwrap_or_default();
    let page = InvitationPage {
        f,
        token,
        invitation,
        organization,
        role_label,
        errors,
        done,
    };
    ctx.render(status, &page)
}

pub async fn invitation_page(State(s): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    render_invitation(&s, &ctx, token, vec![], String::new(), StatusCode::OK).await
}

/// Accept (signed in, or with a new account) or decline.
pub async fn answer_invitation(
    State(s): State<AppState>,
    Path(token): Path<String>,
    VisitorForm { ctx, form }: VisitorForm,
) -> Response {
    if form.get("answer") == "decline" {
        return match s.app.decline_invitation(&ctx.actor, &token).await {
            Ok(()) => {
                render_invitation(
                    &s,
                    &ctx,
                    token,
                    vec![],
                    ctx.tr().t("invitation-declined"),
                    StatusCode::OK,
                )
                .await
            }
            Err(e) => {
                render_invitation(
                    &s,
                    &ctx,
                    token,
                    ctx.error_lines(&e),
                    String::new(),
                    StatusCode::BAD_REQUEST,
                )
                .await
            }
        };
    }
    let account = (!ctx.signed_in()).then(|| NewAccount {
        first_name: form.get("first_name"),
        last_name: form.get("last_name"),
        password: form.get("password"),
        language: Some(ctx.lang.as_str().to_owned()),
    });
    match s.app.join_by_invitation(&ctx.actor, &token, account).await {
        Ok(joined) => see_other(
            "/console/organization",
            joined.session.map(|secret| session_cookie(&s, &secret)),
        ),
        Err(e) => {
            render_invitation(
                &s,
                &ctx,
                token,
                ctx.error_lines(&e),
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
