//! The OpenAPI 3.1 description (API-7), built from the handlers' annotations, served at
//! `/1/openapi.json`, and the `/docs` page that renders it with no outside network access.

use axum::Json;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{api, service};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("kt_...")
                        .build(),
                ),
            );
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Kontor API", version = "1",
         description = "The customer manager of a hosting provider. Envelope, errors and paging: see the conventions in the documentation. A path without a version (`/profile`) is served by the latest version."),
    paths(
        service::healthz, service::readyz, service::metrics,
        api::identity::signup, api::identity::create_auth_token,
        api::identity::request_password_reset, api::identity::confirm_password_reset,
        api::identity::profile::get_profile, api::identity::profile::update_profile, api::identity::profile::regenerate_support_code,
        api::identity::profile::set_recovery_email, api::identity::profile::confirm_recovery_email, api::identity::profile::change_password,
        api::identity::tokens::list_tokens, api::identity::tokens::create_token, api::identity::tokens::revoke_token,
        api::orgs::list_organizations, api::orgs::get_organization, api::orgs::update_organization,
        api::orgs::list_audit,
        api::orgs::members::list_members, api::orgs::invitations::invite_member, api::orgs::members::remove_members,
        api::orgs::members::get_member, api::orgs::members::update_member, api::orgs::members::remove_member,
        api::orgs::members::leave_organization, api::orgs::invitations::list_invitations, api::orgs::invitations::resend_invitation,
        api::orgs::invitations::withdraw_invitation, api::orgs::invitations::accept_invitation, api::orgs::invitations::decline_invitation,
        api::access::checks::explain, api::access::checks::check_access,
        api::orgs::workgroups::list_workgroups, api::orgs::workgroups::create_workgroup, api::orgs::workgroups::get_workgroup,
        api::orgs::workgroups::update_workgroup, api::orgs::workgroups::delete_workgroup,
        api::orgs::workgroups::set_workgroup_members, api::orgs::workgroups::set_workgroup_products,
        api::catalog::get_catalog, api::billing::orders::list_orders, api::billing::orders::create_order, api::billing::orders::get_order,
        api::billing::orders::cancel_order, api::billing::orders::pay_order,
        api::products::list_products, api::products::bulk_products, api::products::get_product,
        api::products::update_product, api::products::move_product, api::products::cancel_product,
        api::products::suite::upgrade_product, api::products::suite::list_seats, api::products::suite::set_seats,
        api::products::mailboxes::list_mailboxes, api::products::mailboxes::create_mailbox, api::products::mailboxes::delete_mailbox,
        api::products::sites::list_sites, api::products::sites::create_site, api::products::sites::get_site, api::products::sites::update_site,
        api::products::sites::set_env, api::products::sites::create_database,
        api::billing::invoices::list_invoices, api::billing::invoices::get_invoice, api::billing::invoices::invoice_pdf, api::billing::proformas::proforma_pdf,
        api::billing::invoices::export_invoices, api::billing::payments::confirm_payment, api::billing::payments::list_payment_methods,
        api::billing::payments::add_payment_method, api::billing::payments::delete_payment_method, api::billing::prepaid::get_prepaid,
        api::billing::prepaid::top_up, api::billing::sandbox::sandbox_card,
        api::billing::renewals::renew, api::billing::invoices::pay_invoice, api::billing::proformas::create_proforma,
        api::billing::addresses::list_addresses, api::billing::addresses::add_address, api::billing::addresses::update_address,
        api::billing::addresses::delete_address, api::billing::settings::get_billing_settings, api::billing::settings::put_billing_settings,
        openapi_json,
    ),
    components(schemas(crate::error::ErrorEnvelope)),
    modifiers(&BearerAuth),
    tags(
        (name = "identity", description = "Sign-up, tokens, password reset"),
        (name = "profile", description = "The signed-in user"),
        (name = "organizations", description = "Organizations and their audit log"),
        (name = "catalogue", description = "Product types, plans and prices"),
        (name = "renewals", description = "Renewing products, pro-formas (REN, BIL-2, BIL-5)"),
        (name = "orders", description = "Orders and paying them"),
        (name = "products", description = "Products, workspace suites, hosting sites"),
        (name = "billing", description = "Invoices, saved cards, the prepaid account"),
        (name = "sandbox", description = "The sandbox card processor (stands for a real one)"),
        (name = "service", description = "Health, readiness, metrics, this description"),
    )
)]
pub struct ApiDoc;

/// The description as a value.
pub fn description() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// This OpenAPI description.
#[utoipa::path(get, path = "/1/openapi.json", tag = "service", responses((status = 200, content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> Response {
    Json(description()).into_response()
}

/// The documentation page (its script is served beside it, no CDN).
pub async fn docs_page() -> Html<&'static str> {
    Html(include_str!("../static/docs.html"))
}

pub async fn docs_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../static/docs.js"),
    )
        .into_response()
}
