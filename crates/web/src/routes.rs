//! The route table. Every API route is listed once in [`api_routes`], which both builds the
//! router and lets tests check that each one is in the OpenAPI description (API-7) and in the
//! permission matrix. Console pages are listed in `console::router`.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use kontor_app::ErrorCode;
use kontor_app::platform::mail::without_secrets;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::api::{
    access, billing, catalog, identity, orgs, partners, partnerships, products, security, support,
};
use crate::error::ApiError;
use crate::middleware::{MakeId, REQUEST_ID, authenticate, record_metrics, security_headers};
use crate::{AppState, console, openapi, service};

/// One API route.
pub struct ApiRoute {
    pub method: Method,
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
}

macro_rules! routes {
    ($($verb:ident $path:literal => $handler:path,)*) => {
        vec![$(ApiRoute {
            method: Method::from_bytes(stringify!($verb).to_uppercase().as_bytes()).unwrap_or(Method::GET),
            path: $path,
            handler: $verb($handler),
        },)*]
    };
}

/// Every API and service route, in one table.
#[allow(
    clippy::too_many_lines,
    reason = "the API route table: one line per route, the single list the router, OpenAPI and matrix tests read"
)]
pub fn api_routes() -> Vec<ApiRoute> {
    routes! {
        get "/healthz" => service::healthz,
        get "/readyz" => service::readyz,
        get "/metrics" => service::metrics,
        get "/1/openapi.json" => openapi::openapi_json,
        post "/1/signup" => identity::signup,
        post "/1/auth/tokens" => identity::create_auth_token,
        post "/1/auth/password-reset" => identity::request_password_reset,
        post "/1/auth/password-reset/confirm" => identity::confirm_password_reset,
        post "/1/auth/identity-verification" => security::file_identity_verification,
        get "/1/profile" => identity::profile::get_profile,
        patch "/1/profile" => identity::profile::update_profile,
        post "/1/profile/support-code" => identity::profile::regenerate_support_code,
        put "/1/profile/recovery-email" => identity::profile::set_recovery_email,
        post "/1/profile/recovery-email/confirm" => identity::profile::confirm_recovery_email,
        put "/1/profile/email" => identity::profile::request_login_email,
        post "/1/profile/email/confirm" => identity::profile::confirm_login_email,
        put "/1/profile/password" => identity::profile::change_password,
        get "/1/profile/two-factor" => security::get_two_factor,
        post "/1/profile/two-factor/totp" => security::start_totp,
        post "/1/profile/two-factor/sms" => security::start_sms,
        post "/1/profile/two-factor/confirm" => security::confirm,
        post "/1/profile/two-factor/backup-codes" => security::regenerate_backup_codes,
        post "/1/profile/two-factor/disable" => security::disable,
        get "/1/support-access" => support::list_grants,
        post "/1/support-access" => support::grant,
        get "/1/support-access/log" => support::access_log,
        get "/1/support-access/check" => support::check,
        delete "/1/support-access/{kind}" => support::revoke,
        get "/1/organizations/{org}/premium-support" => support::premium_support,
        get "/1/profile/tokens" => identity::tokens::list_tokens,
        post "/1/profile/tokens" => identity::tokens::create_token,
        delete "/1/profile/tokens/{id}" => identity::tokens::revoke_token,
        get "/1/organizations" => orgs::list_organizations,
        get "/1/organizations/{org}" => orgs::get_organization,
        patch "/1/organizations/{org}" => orgs::update_organization,
        get "/1/organizations/{org}/audit" => orgs::list_audit,
        get "/1/organizations/{org}/members" => orgs::members::list_members,
        post "/1/organizations/{org}/members" => orgs::invitations::invite_member,
        post "/1/organizations/{org}/members/remove" => orgs::members::remove_members,
        get "/1/organizations/{org}/members/{user}" => orgs::members::get_member,
        patch "/1/organizations/{org}/members/{user}" => orgs::members::update_member,
        delete "/1/organizations/{org}/members/{user}" => orgs::members::remove_member,
        post "/1/organizations/{org}/leave" => orgs::members::leave_organization,
        get "/1/organizations/{org}/invitations" => orgs::invitations::list_invitations,
        post "/1/organizations/{org}/invitations/{id}/resend" => orgs::invitations::resend_invitation,
        delete "/1/organizations/{org}/invitations/{id}" => orgs::invitations::withdraw_invitation,
        post "/1/invitations/accept" => orgs::invitations::accept_invitation,
        post "/1/invitations/decline" => orgs::invitations::decline_invitation,
        get "/1/organizations/{org}/workgroups" => orgs::workgroups::list_workgroups,
        post "/1/organizations/{org}/workgroups" => orgs::workgroups::create_workgroup,
        get "/1/organizations/{org}/workgroups/{id}" => orgs::workgroups::get_workgroup,
        patch "/1/organizations/{org}/workgroups/{id}" => orgs::workgroups::update_workgroup,
        delete "/1/organizations/{org}/workgroups/{id}" => orgs::workgroups::delete_workgroup,
        put "/1/organizations/{org}/workgroups/{id}/members" => orgs::workgroups::set_workgroup_members,
        put "/1/organizations/{org}/workgroups/{id}/products" => orgs::workgroups::set_workgroup_products,
        get "/1/access/explain" => access::checks::explain,
        get "/1/access/check" => access::checks::check_access,
        get "/1/catalog" => catalog::get_catalog,
        get "/1/organizations/{org}/orders" => billing::orders::list_orders,
        post "/1/organizations/{org}/orders" => billing::orders::create_order,
        get "/1/organizations/{org}/orders/{id}" => billing::orders::get_order,
        post "/1/organizations/{org}/orders/{id}/cancel" => billing::orders::cancel_order,
        post "/1/organizations/{org}/orders/{id}/pay" => billing::orders::pay_order,
        get "/1/organizations/{org}/products" => products::list_products,
        post "/1/organizations/{org}/products/bulk" => products::bulk_products,
        get "/1/organizations/{org}/products/{id}" => products::get_product,
        patch "/1/organizations/{org}/products/{id}" => products::update_product,
        post "/1/organizations/{org}/products/{id}/move" => products::move_product,
        post "/1/organizations/{org}/products/{id}/cancel" => products::cancel_product,
        post "/1/organizations/{org}/products/{id}/upgrade" => products::suite::upgrade_product,
        get "/1/organizations/{org}/products/{id}/seats" => products::suite::list_seats,
        put "/1/organizations/{org}/products/{id}/seats" => products::suite::set_seats,
        get "/1/organizations/{org}/products/{id}/mailboxes" => products::mailboxes::list_mailboxes,
        post "/1/organizations/{org}/products/{id}/mailboxes" => products::mailboxes::create_mailbox,
        delete "/1/organizations/{org}/products/{id}/mailboxes/{mailbox}" => products::mailboxes::delete_mailbox,
        get "/1/organizations/{org}/products/{id}/sites" => products::sites::list_sites,
        post "/1/organizations/{org}/products/{id}/sites" => products::sites::create_site,
        get "/1/organizations/{org}/products/{id}/sites/{site}" => products::sites::get_site,
        patch "/1/organizations/{org}/products/{id}/sites/{site}" => products::sites::update_site,
        put "/1/organizations/{org}/products/{id}/sites/{site}/env" => products::sites::set_env,
        post "/1/organizations/{org}/products/{id}/sites/{site}/databases" => products::sites::create_database,
        get "/1/organizations/{org}/invoices" => billing::invoices::list_invoices,
        get "/1/organizations/{org}/invoices/export" => billing::invoices::export_invoices,
        get "/1/organizations/{org}/invoices/{id}" => billing::invoices::get_invoice,
        get "/1/organizations/{org}/invoices/{id}/pdf" => billing::invoices::invoice_pdf,
        get "/1/organizations/{org}/orders/{id}/proforma" => billing::proformas::proforma_pdf,
        post "/1/organizations/{org}/invoices/{id}/pay" => billing::invoices::pay_invoice,
        post "/1/organizations/{org}/renewals" => billing::renewals::renew,
        post "/1/organizations/{org}/proformas" => billing::proformas::create_proforma,
        get "/1/organizations/{org}/billing-addresses" => billing::addresses::list_addresses,
        post "/1/organizations/{org}/billing-addresses" => billing::addresses::add_address,
        patch "/1/organizations/{org}/billing-addresses/{id}" => billing::addresses::update_address,
        delete "/1/organizations/{org}/billing-addresses/{id}" => billing::addresses::delete_address,
        get "/1/organizations/{org}/billing-settings" => billing::settings::get_billing_settings,
        put "/1/organizations/{org}/billing-settings" => billing::settings::put_billing_settings,
        get "/1/organizations/{org}/payment-methods" => billing::payments::list_payment_methods,
        post "/1/organizations/{org}/payment-methods" => billing::payments::add_payment_method,
        delete "/1/organizations/{org}/payment-methods/{id}" => billing::payments::delete_payment_method,
        post "/1/organizations/{org}/payments/{id}/confirm" => billing::payments::confirm_payment,
        get "/1/organizations/{org}/prepaid" => billing::prepaid::get_prepaid,
        post "/1/organizations/{org}/prepaid/top-ups" => billing::prepaid::top_up,
        get "/1/organizations/{org}/partner-application" => partners::get_application,
        post "/1/organizations/{org}/partner-application" => partners::apply,
        put "/1/organizations/{org}/partner-directory" => partners::put_directory,
        get "/1/organizations/{org}/affiliate" => partners::get_affiliate,
        post "/1/organizations/{org}/affiliate" => partners::register_affiliate,
        get "/1/partners" => partners::directory,
        get "/1/organizations/{org}/partners" => partnerships::list_partners,
        post "/1/organizations/{org}/partners" => partnerships::offer,
        patch "/1/organizations/{org}/partners/{id}" => partnerships::change,
        delete "/1/organizations/{org}/partners/{id}" => partnerships::withdraw_offer,
        post "/1/organizations/{org}/partners/{id}/resend" => partnerships::resend_offer,
        post "/1/organizations/{org}/partners/{id}/end" => partnerships::end_as_client,
        get "/1/organizations/{org}/clients" => partnerships::list_clients,
        get "/1/organizations/{org}/clients/statement" => partnerships::statement,
        get "/1/organizations/{org}/clients/export.csv" => partnerships::export,
        post "/1/organizations/{org}/clients" => partnerships::request,
        patch "/1/organizations/{org}/clients/{id}" => partnerships::assign,
        delete "/1/organizations/{org}/clients/{id}" => partnerships::withdraw_request,
        get "/1/organizations/{org}/clients/{id}/members" => partnerships::client_members,
        post "/1/organizations/{org}/clients/{id}/resend" => partnerships::resend_request,
        post "/1/organizations/{org}/clients/{id}/end" => partnerships::end_as_partner,
        post "/1/partnerships/accept" => partnerships::accept,
        post "/1/partnerships/refuse" => partnerships::refuse,
        post "/1/tenders" => partners::post_tender,
        post "/1/tenders/cancel" => partners::cancel_tender,
        get "/1/organizations/{org}/tenders" => partners::list_tenders,
        get "/1/organizations/{org}/tenders/{id}" => partners::get_tender,
        post "/sandbox/cards" => billing::sandbox::sandbox_card,
    }
}

async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/console") {
        return console::not_found_page().into_response();
    }
    ApiError::code(ErrorCode::NotFound).into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::code(ErrorCode::MethodNotAllowed).into_response()
}

/// The routes that take the two photos of an identity verification (SEC-5), with a body limit
/// of their own.
const PHOTO_ROUTES: &[&str] = &["/1/auth/identity-verification"];

pub fn build(state: AppState) -> Router {
    let photos = DefaultBodyLimit::max(crate::upload::photos_body_limit(
        state.app.settings.verification_max_bytes,
    ));
    let mut router = Router::new();
    for r in api_routes() {
        let handler = if PHOTO_ROUTES.contains(&r.path) {
            r.handler.layer(photos)
        } else {
            r.handler
        };
        router = router.route(r.path, handler);
    }
    router
        .merge(console::router(photos))
        .route("/", get(|| async { Redirect::to("/console") }))
        .route("/docs", get(openapi::docs_page))
        .route("/docs/docs.js", get(openapi::docs_script))
        .route("/static/style.css", get(console::stylesheet))
        .route("/static/console.js", get(console::script))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(state.clone(), authenticate))
        .layer(from_fn_with_state(state.clone(), record_metrics))
        .layer(from_fn_with_state(state.clone(), security_headers))
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                let id = req
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                // SEC-6: a one-time link's secret never reaches the log.
                let path = without_secrets(req.uri().path(), "…");
                tracing::info_span!("request", method = %req.method(), path = %path, request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeId))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_7_every_route_is_in_the_openapi_description() {
        let doc = openapi::description();
        for r in api_routes() {
            let item = &doc["paths"][r.path];
            assert!(item.is_object(), "{} is not described", r.path);
            let method = r.method.as_str().to_ascii_lowercase();
            assert!(
                item.get(&method).is_some(),
                "{} {} is not described",
                r.method,
                r.path
            );
        }
    }

    #[test]
    fn api_7_the_description_has_no_route_the_router_lacks() {
        let routes: Vec<&str> = api_routes().iter().map(|r| r.path).collect();
        for path in openapi::description()["paths"].as_object().unwrap().keys() {
            assert!(
                routes.contains(&path.as_str()),
                "{path} is described but not routed"
            );
        }
    }
}
