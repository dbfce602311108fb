//! The profile page: name, language, time zone, support code, recovery address and password
//! (ACC-5..ACC-7, ACC-10).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::identity::accounts::ProfileChanges;
use kontor_app::identity::sessions::MySession;
use kontor_app::model::UserRow;
use kontor_domain::Language;
use serde::Deserialize;

use crate::AppState;
use crate::console::extract::{SignedIn, UserForm};
use crate::console::{Ctx, Frame, see_other, session_cookie};

#[derive(Template)]
#[template(path = "identity/profile.html")]
struct ProfilePage {
    f: Frame,
    user: UserRow,
    pending_recovery: String,
    pending_login: String,
    notice: String,
    errors: Vec<String>,
    languages: Vec<(&'static str, &'static str)>,
    sessions: Vec<MySession>,
}

impl ProfilePage {
    /// A session's device for people: "Firefox on Linux", from its `User-Agent`.
    fn device(&self, agent: &str) -> String {
        device(self.f.tr, agent)
    }
}

/// The browser and system a `User-Agent` names, as far as the usual ones go; else the
/// agent's first words, or "unknown device".
fn device(tr: crate::console::Tr, agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(needle, _)| agent.contains(needle))
    .map(|(_, name)| *name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| agent.contains(needle))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(b), Some(sys)) => kontor_app::platform::i18n::t_with(
            tr.0,
            "profile-session-on",
            &[("browser", b.to_owned()), ("system", sys.to_owned())],
            &[],
        ),
        (Some(name), None) | (None, Some(name)) => name.to_owned(),
        (None, None) if agent.trim().is_empty() => tr.t("profile-session-unknown"),
        (None, None) => agent.chars().take(40).collect(),
    }
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

async fn render_profile(
    s: &AppState,
    ctx: &Ctx,
    notice: String,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let Ok(profile) = s.app.get_profile_with_pending(&ctx.actor).await else {
        return see_other("/console/signin", None);
    };
    let pending_recovery = profile.pending_recovery_email.unwrap_or_default();
    let pending_login = profile.pending_login_email.unwrap_or_default();
    let user = profile.user;
    let sessions = s.app.list_my_sessions(&ctx.actor).await.unwrap_or_default();
    let page = ProfilePage {
        sessions,
        f: ctx.frame(s, "profile-title").await,
        user,
        pending_recovery,
        pending_login,
        notice,
        errors,
        languages: Language::ALL
            .iter()
            .map(|l| (l.as_str(), l.native_name()))
            .collect(),
    };
    ctx.render(status, &page)
}

pub async fn profile_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let notice = q
        .notice
        .map(|n| ctx.tr().t(&format!("notice-{n}")))
        .unwrap_or_default();
    render_profile(&s, &ctx, notice, vec![], StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct ProfileForm {
    first_name: Option<String>,
    last_name: Option<String>,
    language: Option<String>,
    time_zone: Option<String>,
}

pub async fn update_profile(
    State(s): State<AppState>,
    UserForm { ctx, form }: UserForm<ProfileForm>,
) -> Response {
    let changes = ProfileChanges {
        first_name: form.first_name,
        last_name: form.last_name,
        language: form.language,
        time_zone: form.time_zone,
    };
    match s.app.update_profile(&ctx.actor, changes).await {
        Ok(_) => see_other("/console/profile?notice=profile-saved", None),
        Err(e) => {
            render_profile(
                &s,
                &ctx,
                String::new(),
                ctx.error_lines(&e),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn regenerate_support_code(State(s): State<AppState>, UserForm { ctx, .. }: UserForm) -> Response {
    match s.app.regenerate_support_code(&ctx.actor).await {
        Ok(_) => see_other("/console/profile?notice=support-code-changed", None),
        Err(e) => {
            render_profile(
                &s,
                &ctx,
                String::new(),
                ctx.error_lines(&e),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// A new address (recovery or sign-in) with the current password.
#[derive(Deserialize)]
pub struct AddressForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    current_password: String,
}

/// Issue 18: a new sign-in e-mail, confirmed by the link sent to it.
pub async fn request_login_email(
    State(s): State<AppState>,
    UserForm { ctx, form }: UserForm<AddressForm>,
) -> Response {
    match s
        .app
        .request_login_email(&ctx.actor, form.email.trim(), &form.current_password)
        .await
    {
        Ok(()) => see_other("/console/profile?notice=login-email-sent", None),
        Err(e) => {
            render_profile(
                &s,
                &ctx,
                String::new(),
                ctx.error_lines(&e),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn set_recovery_email(
    State(s): State<AppState>,
    UserForm { ctx, form }: UserForm<AddressForm>,
) -> Response {
    let email = Some(form.email.trim()).filter(|e| !e.is_empty());
    match s
        .app
        .set_recovery_email(&ctx.actor, email, &form.current_password)
        .await
    {
        Ok(()) if email.is_some() => see_other("/console/profile?notice=recovery-sent", None),
        Ok(()) => see_other("/console/profile?notice=recovery-removed", None),
        Err(e) => {
            render_profile(
                &s,
                &ctx,
                String::new(),
                ctx.error_lines(&e),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    State(s): State<AppState>,
    UserForm { ctx, form }: UserForm<PasswordForm>,
) -> Response {
    match s
        .app
        .change_password(&ctx.actor, &form.current_password, &form.new_password)
        .await
    {
        Ok(new_session) => see_other(
            "/console/profile?notice=password-changed",
            new_session.map(|n| session_cookie(&s, &n)),
        ),
        Err(e) => {
            render_profile(
                &s,
                &ctx,
                String::new(),
                ctx.error_lines(&e),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

crate::console_forms!(ProfileForm, AddressForm, PasswordForm);

/// Signs out one of the user's other sessions (issue 18), then the profile says so.
pub async fn end_session(
    State(s): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<i64>,
    UserForm { ctx, .. }: UserForm,
) -> Response {
    match s.app.end_my_session(&ctx.actor, id).await {
        Ok(()) => see_other("/console/profile?notice=session-ended", None),
        Err(e) => ctx.error_page(&s, &e),
    }
}

/// Signs out every other session of the user, keeping this one.
pub async fn end_other_sessions(State(s): State<AppState>, UserForm { ctx, .. }: UserForm) -> Response {
    match s.app.end_other_sessions(&ctx.actor).await {
        Ok(_) => see_other("/console/profile?notice=sessions-ended", None),
        Err(e) => ctx.error_page(&s, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_18_a_session_names_its_browser_and_system() {
        let tr = crate::console::Tr(Language::En);
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(device(tr, firefox), "Firefox on Linux");
        let chrome = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36";
        assert_eq!(device(tr, chrome), "Chrome on Android");
        assert_eq!(device(tr, "curl/8.5.0"), "curl");
        assert_eq!(device(tr, ""), "Unknown device");
    }
}
