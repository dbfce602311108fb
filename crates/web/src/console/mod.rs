//! The console: server-rendered pages in five languages that work without JavaScript
//! (DESIGN.md "Web console"). Same services as the API. Every form carries a CSRF token
//! (ACC-5): an HMAC of the session secret, or of a visitor id for forms before sign-in.

mod affiliates;
mod billing;
pub mod confirm;
pub mod extract;
mod field_errors;
mod home;
mod identity;
pub mod nav;
mod orgs;
mod partners;
mod partnerships;
mod products;
mod staff;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kontor_app::model::MyOrgRow;
use kontor_app::platform::i18n::{t, t_args, t_opt};
use kontor_app::{Actor, AppError, ErrorCode};
use kontor_domain::Language;

use crate::AppState;
use crate::middleware::{LANG_COOKIE, SESSION_COOKIE, SessionSecret, VISITOR_COOKIE, cookie};

#[allow(
    clippy::too_many_lines,
    reason = "the console route table: one line per page or action"
)]
pub fn router(photos: axum::extract::DefaultBodyLimit) -> Router<AppState> {
    Router::new()
        .route("/console", get(home::home))
        .route("/console/home/auto-renew", post(home::auto_renew))
        .route(
            "/console/signup",
            get(identity::auth::signup_page).post(identity::auth::signup),
        )
        .route(
            "/console/signin",
            get(identity::auth::signin_page).post(identity::auth::signin),
        )
        .route(
            "/console/signin/code",
            get(identity::auth::code_page).post(identity::auth::code),
        )
        .route(
            "/console/signin/recover",
            get(identity::recover::recover_page)
                .post(identity::recover::recover)
                .layer(photos),
        )
        .route("/console/signout", post(identity::auth::signout))
        .route("/console/premium-support", get(identity::support::premium_page))
        .route("/console/security", get(identity::security::security_page))
        .route("/console/security/totp", post(identity::security::start_totp))
        .route("/console/security/sms", post(identity::security::start_sms))
        .route("/console/security/confirm", post(identity::security::confirm))
        .route(
            "/console/security/backup-codes",
            post(identity::security::regenerate),
        )
        .route("/console/security/disable", post(identity::security::disable))
        .route(
            "/console/support-access",
            get(identity::support::support_page).post(identity::support::grant_or_revoke),
        )
        .route(
            "/console/password-reset",
            get(identity::auth::reset_request_page).post(identity::auth::reset_request),
        )
        .route(
            "/console/password-reset/{token}",
            get(identity::auth::reset_page).post(identity::auth::reset),
        )
        .route(
            "/console/recovery-email/{token}",
            get(identity::auth::recovery_page).post(identity::auth::recovery_confirm),
        )
        .route(
            "/console/login-email/{token}",
            get(identity::auth::login_email_page).post(identity::auth::login_email_confirm),
        )
        .route("/console/language/{lang}", get(identity::auth::choose_language))
        .route(
            "/console/profile",
            get(identity::profile::profile_page).post(identity::profile::update_profile),
        )
        .route(
            "/console/profile/support-code",
            post(identity::profile::regenerate_support_code),
        )
        .route(
            "/console/profile/recovery-email",
            post(identity::profile::set_recovery_email),
        )
        .route(
            "/console/profile/email",
            post(identity::profile::request_login_email),
        )
        .route(
            "/console/profile/password",
            post(identity::profile::change_password),
        )
        .route(
            "/console/profile/sessions/{id}/end",
            post(identity::profile::end_session),
        )
        .route(
            "/console/profile/sessions/end-others",
            post(identity::profile::end_other_sessions),
        )
        .route(
            "/console/tokens",
            get(identity::tokens::tokens_page).post(identity::tokens::create_token),
        )
        .route(
            "/console/tokens/{id}/revoke",
            post(identity::tokens::revoke_token),
        )
        .route(
            "/console/organization",
            get(orgs::organization_page).post(orgs::update_organization),
        )
        .route("/console/switch", post(orgs::switch_organization))
        .route(
            "/console/members",
            get(orgs::members::members_page).post(orgs::members::invite),
        )
        .route("/console/members/remove", post(orgs::members::remove_selected))
        .route("/console/members/leave", post(orgs::members::leave))
        .route(
            "/console/members/{user}",
            get(orgs::members::member_page).post(orgs::members::update_member),
        )
        .route(
            "/console/invitations/{token}",
            get(orgs::invitations::invitation_page).post(orgs::invitations::answer_invitation),
        )
        .route(
            "/console/organization/invitations/{id}/resend",
            post(orgs::invitations::resend),
        )
        .route(
            "/console/organization/invitations/{id}/withdraw",
            post(orgs::invitations::withdraw),
        )
        .route(
            "/console/workgroups",
            get(orgs::workgroups::workgroups_page).post(orgs::workgroups::create),
        )
        .route(
            "/console/workgroups/{id}",
            get(orgs::workgroups::workgroup_page).post(orgs::workgroups::update),
        )
        .route("/console/workgroups/{id}/delete", post(orgs::workgroups::delete))
        .route("/console/audit", get(orgs::audit_page))
        .route(
            "/console/catalog",
            get(billing::orders::catalog_page).post(billing::orders::order),
        )
        .route("/console/orders", get(billing::orders::orders_page))
        .route("/console/orders/{id}", get(billing::orders::order_page))
        .route("/console/orders/{id}/cancel", post(billing::orders::cancel))
        .route("/console/orders/{id}/pay", post(billing::orders::pay))
        .route(
            "/console/orders/{id}/confirm",
            get(billing::orders::confirm_page).post(billing::orders::confirm),
        )
        .route("/console/products", get(products::products_page))
        .route("/console/renewals", get(billing::renewals::renewals_page))
        .route("/console/products/bulk", post(products::bulk))
        .route(
            "/console/products/{id}",
            get(products::product_page).post(products::update),
        )
        .route("/console/products/{id}/cancel", post(products::cancel))
        .route("/console/products/{id}/renew", post(products::renew))
        .route("/console/products/{id}/move", post(products::move_to))
        .route("/console/products/{id}/upgrade", post(products::upgrade))
        .route("/console/products/{id}/seats", post(products::seats))
        .route("/console/products/{id}/mailbox", post(products::add_mailbox))
        .route(
            "/console/products/{id}/mailbox-delete",
            post(products::delete_mailbox),
        )
        .route("/console/products/{id}/site", post(products::add_site))
        .route(
            "/console/products/{id}/sites/{site}",
            get(products::sites::site_page).post(products::sites::site_update),
        )
        .route("/console/invoices", get(billing::invoices::invoices_page))
        .route("/console/invoices/export", get(billing::invoices::export_csv))
        .route("/console/invoices/{id}", get(billing::invoices::invoice_page))
        .route("/console/invoices/{id}/pdf", get(billing::invoices::invoice_pdf))
        .route("/console/invoices/{id}/pay", post(billing::invoices::pay_invoice))
        .route(
            "/console/orders/{id}/proforma",
            get(billing::invoices::proforma_pdf),
        )
        .route(
            "/console/prepaid",
            get(billing::prepaid::prepaid_page).post(billing::prepaid::top_up),
        )
        .route(
            "/console/prepaid/confirm",
            get(billing::prepaid::confirm_page).post(billing::prepaid::confirm),
        )
        .route(
            "/console/payment-methods/{id}/delete",
            post(billing::settings::forget_card),
        )
        .route("/console/payments/return", get(billing::settings::payment_return))
        .route("/console/billing", get(billing::settings::billing_page))
        .route("/console/billing/addresses", post(billing::settings::add_address))
        .route(
            "/console/billing/addresses/{id}/delete",
            post(billing::settings::delete_address),
        )
        .route(
            "/console/billing/addresses/{id}/default",
            post(billing::settings::default_address),
        )
        .route(
            "/console/billing/settings",
            post(billing::settings::save_billing_settings),
        )
        .route("/staff", get(staff::home))
        .route("/staff/signin", get(staff::signin_page).post(staff::signin))
        .route("/staff/signin/code", get(staff::code_page).post(staff::code))
        .route("/staff/signout", post(staff::signout))
        .route("/staff/security", get(staff::security_page))
        .route("/staff/security/totp", post(staff::start_totp))
        .route("/staff/security/confirm", post(staff::confirm))
        .route("/staff/security/backup-codes", post(staff::regenerate))
        .route("/staff/security/password", post(staff::change_password))
        .route("/staff/organizations", get(staff::organization))
        .route("/staff/verifications", get(staff::verifications::list))
        .route("/staff/verifications/{id}", get(staff::verifications::show))
        .route(
            "/staff/verifications/{id}/decide",
            post(staff::verifications::decide),
        )
        .route(
            "/staff/verifications/{id}/{photo}",
            get(staff::verifications::photo),
        )
        .route(
            "/staff/catalog",
            get(staff::catalog::show).post(staff::catalog::import),
        )
        .route("/staff/catalog/plans/{code}", post(staff::catalog::edit_plan))
        .route(
            "/staff/statements",
            get(staff::statements::list)
                .post(staff::statements::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    staff::statements::STATEMENT_MAX_BYTES + 64 * 1024,
                )),
        )
        .route("/staff/statements/{id}", get(staff::statements::show))
        .route("/staff/unmatched", get(staff::statements::queue))
        .route("/staff/unmatched/{id}", post(staff::statements::decide))
        .route("/staff/refunds", get(staff::statements::refunds))
        .route("/staff/refunds/export", post(staff::statements::export))
        .route("/staff/refunds/{id}", get(staff::statements::download))
        .route("/staff/partners", get(staff::partners::list))
        .route("/staff/partners/{org}", get(staff::partners::show))
        .route("/staff/partners/{org}/decide", post(staff::partners::decide))
        .route("/staff/partners/{org}/discount", post(staff::partners::discount))
        .route("/console/partner", get(partners::partner))
        .route("/console/partner/apply", post(partners::apply))
        .route("/console/partner/directory", post(partners::directory_entry))
        .route("/console/directory", get(partners::directory))
        .route("/console/affiliate", get(affiliates::affiliate))
        .route("/console/affiliate/registered", get(affiliates::registered))
        .route("/console/affiliate/register", post(affiliates::register))
        .route("/r/{code}", get(affiliates::follow))
        .route(
            "/console/partners",
            get(partnerships::partners).post(partnerships::offer),
        )
        .route("/console/partners/{id}/change", post(partnerships::change))
        .route("/console/partners/{id}/resend", post(partnerships::resend_offer))
        .route(
            "/console/partners/{id}/withdraw",
            post(partnerships::withdraw_offer),
        )
        .route(
            "/console/partners/{id}/end",
            get(partnerships::end_partner_page).post(partnerships::end_partner),
        )
        .route(
            "/console/clients",
            get(partnerships::clients).post(partnerships::request),
        )
        .route("/console/clients/export.csv", get(partnerships::export_csv))
        .route("/console/clients/{id}/members", post(partnerships::assign))
        .route("/console/clients/{id}/resend", post(partnerships::resend_request))
        .route(
            "/console/clients/{id}/withdraw",
            post(partnerships::withdraw_request),
        )
        .route(
            "/console/clients/{id}/end",
            get(partnerships::end_client_page).post(partnerships::end_client),
        )
        .route(
            "/console/partnerships/{token}",
            get(partnerships::link).post(partnerships::answer),
        )
        .route("/console/tenders", get(partners::tenders))
        .route(
            "/console/tenders/new",
            get(partners::tender_new).post(partners::tender_post),
        )
        .route(
            "/console/tenders/cancel/{secret}",
            get(partners::cancel_confirm).post(partners::cancel),
        )
        .route("/console/tenders/{id}", get(partners::tender))
        .route("/staff/ledger", get(staff::ledger::search))
        .route("/staff/ledger/{org}", get(staff::ledger::show))
        .route("/staff/ledger/{org}/{kind}", post(staff::ledger::post))
        .route("/staff/members", post(staff::create_staff))
        .route("/staff/customers", get(staff::customer))
        .route("/staff/customers/{user}/content", post(staff::content))
        .route(
            "/sandbox/checkout",
            get(billing::sandbox::checkout_page).post(billing::sandbox::checkout),
        )
        .route(
            "/sandbox/pay/{session}",
            get(billing::sandbox::sandbox_pay_page).post(billing::sandbox::sandbox_pay),
        )
}

/// What every console request knows: who, in which language, and its CSRF subject.
pub struct Ctx {
    pub actor: Actor,
    pub lang: Language,
    session: Option<String>,
    visitor: String,
    new_visitor: bool,
    /// The page asked for (its path), for the menu's current item and the switcher.
    pub path: String,
    /// The refused fields of the answer and their messages, noted by `error_lines` and tied
    /// to their inputs when the page is rendered (issue 18 item 10).
    field_errors: std::sync::Mutex<Vec<(String, String)>>,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let actor = parts
            .extensions
            .get::<Actor>()
            .cloned()
            .unwrap_or_else(|| Actor::anonymous(kontor_app::Origin::default()));
        let session = parts.extensions.get::<SessionSecret>().map(|s| s.0.clone());
        let existing_visitor = cookie(&parts.headers, VISITOR_COOKIE).filter(|v| v.len() == 64);
        let new_visitor = existing_visitor.is_none();
        let visitor = existing_visitor.unwrap_or_else(|| kontor_app::platform::crypto::new_secret(""));
        let chosen = cookie(&parts.headers, LANG_COOKIE).and_then(|l| Language::parse(&l));
        let mut lang = chosen
            .or_else(|| {
                parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Language::from_accept_language)
            })
            .unwrap_or_default();
        if session.is_some()
            && let Ok(user) = state.app.get_profile(&actor).await
        {
            lang = Language::parse(&user.language).unwrap_or(lang);
        }
        Ok(Ctx {
            actor,
            lang,
            session,
            visitor,
            new_visitor,
            path: parts.uri.path().to_owned(),
            field_errors: std::sync::Mutex::default(),
        })
    }
}

impl Ctx {
    pub fn signed_in(&self) -> bool {
        self.session.is_some() && self.actor.user_id().is_some()
    }

    pub fn csrf(&self, s: &AppState) -> String {
        s.app.csrf_token(self.session.as_deref().unwrap_or(&self.visitor))
    }

    /// Whether `presented` is this visitor's CSRF token (ACC-5); the form extractors ask.
    pub(crate) fn csrf_matches(&self, s: &AppState, presented: &str) -> bool {
        s.app
            .csrf_ok(self.session.as_deref().unwrap_or(&self.visitor), presented)
    }

    /// The organization the console works in: the session's current one, else the first.
    pub async fn current_org(&self, s: &AppState) -> Option<kontor_domain::OrgId> {
        if !self.signed_in() {
            return None;
        }
        if let kontor_app::ActorKind::User {
            credential:
                kontor_app::Credential::Session {
                    current_org: Some(org),
                    ..
                },
            ..
        } = &self.actor.kind
        {
            return Some(*org);
        }
        let orgs = s.app.list_organizations(&self.actor).await.ok()?;
        orgs.iter()
            .find(|o| o.role != "partner")
            .or(orgs.first())
            .map(|o| kontor_domain::OrgId(o.id))
    }

    pub fn tr(&self) -> Tr {
        Tr(self.lang)
    }

    /// The page frame: header with the organization switcher, flash, footer.
    pub async fn frame(&self, s: &AppState, title_key: &str) -> Frame {
        let orgs = if self.signed_in() {
            s.app.list_organizations(&self.actor).await.unwrap_or_default()
        } else {
            Vec::new()
        };
        let current = match &self.actor.kind {
            kontor_app::ActorKind::User {
                credential: kontor_app::Credential::Session { current_org, .. },
                ..
            } => current_org.map(|o| o.0),
            _ => None,
        };
        let (nav, facts) = if self.signed_in() {
            let org = self.current_org(s).await;
            let facts = match org {
                Some(o) => s.app.load_facts(&self.actor, o.0).await.unwrap_or_default(),
                None => kontor_app::access::Facts::default(),
            };
            (nav::menu(&self.actor, &facts, self.tr(), &self.path), facts)
        } else {
            (Vec::new(), kontor_app::access::Facts::default())
        };
        Frame {
            nav,
            facts,
            path: self.path.clone(),
            home_current: self.path == "/console",
            tr: self.tr(),
            title: t(self.lang, title_key),
            signed_in: self.signed_in(),
            staff: matches!(self.actor.kind, kontor_app::ActorKind::Staff { .. }),
            staff_pages: staff_pages(&self.actor),
            email: match &self.actor.kind {
                kontor_app::ActorKind::User { email, .. } | kontor_app::ActorKind::Staff { email, .. } => {
                    email.clone()
                }
                _ => String::new(),
            },
            orgs,
            current_org: current,
            csrf: self.csrf(s),
            lang: self.lang.as_str(),
            languages: Language::ALL
                .iter()
                .map(|l| (l.as_str(), l.native_name()))
                .collect(),
        }
    }

    /// Renders a template, setting the visitor cookie when this visitor is new.
    pub fn render<T: Template>(&self, status: StatusCode, page: &T) -> Response {
        match page.render() {
            Ok(html) => {
                let tied = std::mem::take(
                    &mut *self
                        .field_errors
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner),
                );
                let html = if tied.is_empty() {
                    html
                } else {
                    field_errors::tie(html, &tied)
                };
                let mut response = (status, Html(html)).into_response();
                if self.new_visitor && self.session.is_none() {
                    let value = format!(
                        "{VISITOR_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax",
                        self.visitor
                    );
                    if let Ok(v) = HeaderValue::from_str(&value) {
                        response.headers_mut().append(header::SET_COOKIE, v);
                    }
                }
                response
            }
            Err(e) => {
                tracing::error!(error = %e, "template rendering failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }

    /// A page with a single translated message.
    pub fn message(&self, _s: &AppState, status: StatusCode, key: &str) -> Response {
        let page = MessagePage {
            tr: self.tr(),
            lang: self.lang.as_str(),
            text: t(self.lang, key),
        };
        self.render(status, &page)
    }

    /// A field's name for people: `items[2].name` is "line 3, Name"; `variables.PATH` is
    /// `PATH`; otherwise the field's message, or the field itself.
    fn field_label(&self, field: &str) -> String {
        if let Some(rest) = field.strip_prefix("items[")
            && let Some((n, inner)) = rest.split_once("].")
            && let Ok(n) = n.parse::<usize>()
        {
            let line = t_args(self.lang, "field-line", &[("n", (n + 1).to_string())]);
            return format!("{line}, {}", self.field_label(inner));
        }
        if let Some(name) = field.strip_prefix("variables.") {
            return name.to_owned();
        }
        if let Some((period, currency)) = field.strip_prefix("price_").and_then(|rest| rest.split_once('_')) {
            return format!("{period} {}, {currency}", t(self.lang, "staff-period"));
        }
        t_opt(self.lang, &format!("field-{field}")).unwrap_or_else(|| field.to_owned())
    }

    /// A page with only the message of a service error, with the API's status for it.
    pub fn error_page(&self, s: &AppState, e: &AppError) -> Response {
        self.message(s, status_of(e), &format!("error-{}", e.code().as_str()))
    }

    /// The translated sentences for a service error: the code's text, then each field.
    pub fn error_lines(&self, e: &AppError) -> Vec<String> {
        match e {
            AppError::Refused {
                code,
                errors,
                retry_after,
                ..
            } => {
                let minutes = retry_after.map_or(0, |s| s.div_ceil(60));
                let key = format!("error-{}", code.as_str());
                let mut lines = vec![t_args(self.lang, &key, &[("minutes", minutes.to_string())])];
                if *code == ErrorCode::ValidationFailed {
                    lines.clear();
                }
                let mut tied = self
                    .field_errors
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                for f in errors {
                    let field = self.field_label(&f.field);
                    let problem =
                        t_opt(self.lang, &format!("problem-{}", f.code)).unwrap_or_else(|| f.code.clone());
                    tied.push((f.field.clone(), problem.clone()));
                    lines.push(format!("{field}: {problem}"));
                }
                lines
            }
            AppError::Internal(err) => {
                tracing::error!(error = format!("{err:#}"), "internal error in console");
                vec![t(self.lang, "error-internal_error")]
            }
        }
    }
}

/// The status a refused form answers with: the API's for the same error.
pub fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// An amount for people reading `lang`: `CHF 2’139.34`, `2.139,34 €` (`kontor_domain::locale`).
pub fn money(minor: i64, currency: &str, lang: Language) -> String {
    kontor_domain::locale::format_money(minor, currency, lang)
}

/// A card network or wallet as people write it (`visa` → `Visa`, `twint` → `TWINT`).
pub fn brand(stored: &str) -> String {
    match stored {
        "visa" => "Visa".to_owned(),
        "mastercard" => "Mastercard".to_owned(),
        "amex" => "American Express".to_owned(),
        "twint" => "TWINT".to_owned(),
        other => {
            let mut chars = other.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        }
    }
}

/// A day in UTC written out in `lang` (`22 November 2026`), or a dash for none.
pub fn day(ts: i64, lang: Language) -> String {
    if ts <= 0 {
        return "—".to_owned();
    }
    kontor_domain::locale::format_day(kontor_app::model::at(ts).date(), lang)
}

/// A moment in UTC to the minute in `lang` (`22 November 2026, 14:05 UTC`), or a dash for none.
pub fn moment(ts: i64, lang: Language) -> String {
    if ts <= 0 {
        return "—".to_owned();
    }
    kontor_domain::locale::format_moment(kontor_app::model::at(ts), lang)
}

/// A percentage from basis points: `25 %`, `8.1 %`.
pub fn percent(bp: i64) -> String {
    if bp % 100 == 0 {
        format!("{} %", bp / 100)
    } else {
        format!(
            "{} %",
            format!("{}.{:02}", bp / 100, bp % 100).trim_end_matches('0')
        )
    }
}

/// A fresh idempotency key for a console form: submitting the same rendered form twice
/// (a double click, a reload) acts once (BIL-10).
pub fn form_key() -> String {
    kontor_app::platform::crypto::new_secret("form_")[..37].to_owned()
}

/// The idempotency key a form carries, fingerprinted by what the form asks.
pub fn form_idem(form: &FormData, path: &str, asks: &str) -> Option<kontor_app::billing::idempotency::Idem> {
    let key = form.get("idem");
    kontor_app::billing::idempotency::Idem::new(&key, "POST", path, asks.as_bytes()).ok()
}

/// A saved means as the pay forms name it, `<kind>:<id>` (`card:12`, `twint:7`); `None` for
/// every other means.
pub fn saved_means(means: &str) -> Option<Result<(&str, i64), kontor_app::AppError>> {
    let (kind, id) = means.split_once(':')?;
    Some(match (kind, id.parse()) {
        ("card" | "twint", Ok(id)) => Ok((kind, id)),
        _ => Err(kontor_app::AppError::field("payment_method_id", "unknown")),
    })
}

/// The value of a checkbox.
pub fn checked(form: &FormData, name: &str) -> bool {
    matches!(form.get(name).as_str(), "on" | "1" | "true")
}

/// Translation inside templates: `{{ tr.t("key") }}`.
#[derive(Clone, Copy, Debug)]
pub struct Tr(pub Language);

impl Tr {
    pub fn t(&self, key: &str) -> String {
        t(self.0, key)
    }

    /// The message `prefix-value`, for values that name a message (`status-active`).
    pub fn tp(&self, prefix: &str, value: &str) -> String {
        t(self.0, &format!("{prefix}-{value}"))
    }

    /// A message with a count, its plural chosen by Fluent (`catalog-period`: "12 months").
    pub fn tn(&self, key: &str, n: impl std::borrow::Borrow<i64>) -> String {
        kontor_app::platform::i18n::t_with(self.0, key, &[], &[("n", *n.borrow())])
    }
}

/// The shared part of every signed-in page.
#[derive(Clone)]
pub struct Frame {
    pub tr: Tr,
    pub title: String,
    pub signed_in: bool,
    /// A staff-console page (STF-1): the staff navigation instead of the customer's.
    pub staff: bool,
    /// The staff pages the decision lets this staff member open (`verifications`,
    /// `catalog`), for the navigation.
    pub staff_pages: Vec<&'static str>,
    pub email: String,
    /// The customer's menu (issue 18), empty before sign-in and on staff pages.
    pub nav: Vec<nav::NavGroup>,
    /// The member's facts in the current organization, as the menu was decided from them (a
    /// page of that organization decides its rows from the same, without reading them again).
    pub facts: kontor_app::access::Facts,
    /// The page shown, which the organization switcher keeps (ACC-9).
    pub path: String,
    /// Whether the page is the home page (the menu marks it).
    pub home_current: bool,
    pub orgs: Vec<MyOrgRow>,
    pub current_org: Option<i64>,
    pub csrf: String,
    pub lang: &'static str,
    pub languages: Vec<(&'static str, &'static str)>,
}

#[allow(clippy::unused_self, clippy::trivially_copy_pass_by_ref)] // askama calls helpers as methods, by reference
impl Frame {
    pub fn is_current(&self, org: &i64) -> bool {
        self.current_org == Some(*org)
    }

    /// The currency of organization `org`, one of the viewer's.
    pub fn currency_of(&self, org: kontor_domain::OrgId) -> String {
        self.orgs
            .iter()
            .find(|o| o.id == org.0)
            .map_or_else(|| "CHF".to_owned(), |o| o.currency.clone())
    }

    /// `{{ f.day(ts) }}`: a day in UTC.
    pub fn day(&self, ts: &i64) -> String {
        day(*ts, self.tr.0)
    }

    /// `{{ f.moment(ts) }}`: a moment in UTC, to the minute.
    pub fn moment(&self, ts: &i64) -> String {
        moment(*ts, self.tr.0)
    }

    /// `{{ f.money(minor, currency) }}`.
    pub fn money(&self, minor: &i64, currency: &str) -> String {
        money(*minor, currency, self.tr.0)
    }

    /// The countries by their names in the reader's language (issue 18 item 8).
    pub fn countries(&self) -> Vec<(&'static str, &'static str)> {
        kontor_domain::geo::countries(self.tr.0)
    }

    /// A country's name in the reader's language.
    pub fn country_name(&self, code: &str) -> String {
        kontor_domain::geo::country_name(code, self.tr.0)
    }

    /// The IANA time zones, `UTC` first.
    pub fn time_zones(&self) -> Vec<&'static str> {
        kontor_domain::geo::time_zones().collect()
    }

    /// `{{ f.brand(m.brand) }}`: a card network as people write it.
    pub fn brand(&self, stored: &str) -> String {
        brand(stored)
    }

    /// `{{ f.percent(bp) }}`.
    pub fn percent(&self, bp: &i64) -> String {
        percent(*bp)
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    tr: Tr,
    lang: &'static str,
    text: String,
}

/// The session cookie (ACC-5): HttpOnly, SameSite=Lax, Secure unless plain HTTP on localhost.
pub fn session_cookie(s: &AppState, secret: &str) -> HeaderValue {
    let age = s.app.settings.session_idle_days * 86_400;
    http_only_cookie(s, SESSION_COOKIE, secret, age)
}

/// An HttpOnly, SameSite=Lax cookie for the whole site, `Secure` when Kontor is served over
/// https, kept `max_age` seconds.
pub fn http_only_cookie(s: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if s.app.settings.cookie_secure() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_session_cookie() -> HeaderValue {
    HeaderValue::from_static("kontor_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The staff pages whose action the decision allows the actor (none for a customer).
fn staff_pages(actor: &Actor) -> Vec<&'static str> {
    use kontor_app::access::{Action, Resource, decide};
    if !matches!(actor.kind, kontor_app::ActorKind::Staff { .. }) {
        return vec![];
    }
    [
        (Action::StaffVerifications, "verifications"),
        (Action::StaffCatalog, "catalog"),
        (Action::StaffStatements, "statements"),
        (Action::StaffLedger, "ledger"),
        (Action::StaffPartners, "partners"),
    ]
    .into_iter()
    .filter(|(a, _)| decide(actor, *a, Resource::Platform).allowed)
    .map(|(_, page)| page)
    .collect()
}

/// A 303 to `to`, optionally setting a cookie.
/// `?done=saved` on a page a form redirected to (issue 18: a reload repeats nothing): the
/// page shows the notice `key` when `done` is what its form sends.
#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    pub done: Option<String>,
}

impl DoneQuery {
    pub fn notice(&self, ctx: &Ctx, done: &str, key: &str) -> String {
        if self.done.as_deref() == Some(done) {
            ctx.tr().t(key)
        } else {
            String::new()
        }
    }
}

pub fn see_other(to: &str, set_cookie: Option<HeaderValue>) -> Response {
    let mut response = Redirect::to(to).into_response();
    if let Some(c) = set_cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

pub fn not_found_page() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(include_str!("../../templates/not_found.html")),
    )
        .into_response()
}

/// The console's script (no inline script anywhere: CSP).
pub async fn script(State(_): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/console.js"),
    )
        .into_response()
}

pub async fn stylesheet(State(_): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
        .into_response()
}

/// A form body with repeated fields (check-boxes), in order.
#[derive(Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    /// Only the form extractors parse bodies (`console::extract`), after their checks.
    fn parse_bytes(body: &[u8]) -> FormData {
        FormData(url::form_urlencoded::parse(body).into_owned().collect())
    }

    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Every field, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn ids(&self, name: &str) -> Vec<i64> {
        self.all(name).iter().filter_map(|v| v.parse().ok()).collect()
    }
}
