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
        api::profile::get_profile, api::profile::update_profile, api::profile::regenerate_support_code,
        api::profile::set_recovery_email, api::profile::confirm_recovery_email, api::profile::change_password,
        api::tokens::list_tokens, api::tokens::create_token, api::tokens::revoke_token,
        api::orgs::list_organizations, api::orgs::get_organization, api::orgs::update_organization,
        api::orgs::list_audit,
        api::members::list_members, api::members::invite_member, api::members::remove_members,
        api::members::get_member, api::members::update_member, api::members::remove_member,
        api::members::leave_organization, api::members::list_invitations, api::members::resend_invitation,
        api::members::withdraw_invitation, api::members::accept_invitation, api::members::decline_invitation,
        api::members::explain, api::members::check_access,
        api::workgroups::list_workgroups, api::workgroups::create_workgroup, api::workgroups::get_workgroup,
        api::workgroups::update_workgroup, api::workgroups::delete_workgroup,
        api::workgroups::set_workgroup_members, api::workgroups::set_workgroup_products,
        api::orders::get_catalog, api::orders::list_orders, api::orders::create_order, api::orders::get_order,
        api::orders::cancel_order, api::orders::pay_order,
        api::products::list_products, api::products::bulk_products, api::products::get_product,
        api::products::update_product, api::products::move_product, api::products::cancel_product,
        api::products::upgrade_product, api::products::list_seats, api::products::set_seats,
        api::products::list_mailboxes, api::products::create_mailbox, api::products::delete_mailbox,
        api::products::list_sites, api::products::create_site, api::products::get_site, api::products::update_site,
        api::products::set_env, api::products::create_database,
        api::billing::list_invoices, api::billing::get_invoice, api::billing::invoice_pdf, api::billing::proforma_pdf,
        api::billing::export_invoices, api::billing::confirm_payment, api::billing::list_payment_methods,
        api::billing::add_payment_method, api::billing::delete_payment_method, api::billing::get_prepaid,
        api::billing::top_up, api::billing::sandbox_card,
        api::renewals::renew, api::renewals::pay_invoice, api::renewals::create_proforma,
        api::renewals::list_addresses, api::renewals::add_address, api::renewals::update_address,
        api::renewals::delete_address, api::renewals::get_billing_settings, api::renewals::put_billing_settings,
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
