//! The OpenAPI 3.1 description (API-7), built from the handlers' annotations, served at
//! `/1/openapi.json`, and the `/docs` page that renders it with no outside network access.

use axum::Json;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{api, service};

mod complete;

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
        api::identity::profile::set_recovery_email, api::identity::profile::confirm_recovery_email, api::identity::profile::request_login_email, api::identity::profile::confirm_login_email, api::identity::profile::change_password,
        api::identity::tokens::list_tokens, api::identity::tokens::create_token, api::identity::tokens::revoke_token,
        api::security::get_two_factor, api::security::start_totp, api::security::start_sms, api::security::confirm,
        api::security::regenerate_backup_codes, api::security::disable,
        api::security::file_identity_verification, api::support::premium_support,
        api::support::list_grants, api::support::grant, api::support::access_log, api::support::check, api::support::revoke,
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
        api::partners::get_application, api::partners::apply, api::partners::put_directory, api::partners::directory,
        api::partners::get_affiliate, api::partners::register_affiliate,
        api::partners::post_tender, api::partners::cancel_tender, api::partners::list_tenders, api::partners::get_tender,
        api::partnerships::list_partners, api::partnerships::offer, api::partnerships::change,
        api::partnerships::withdraw_offer, api::partnerships::resend_offer, api::partnerships::end_as_client,
        api::partnerships::list_clients, api::partnerships::statement, api::partnerships::export, api::partnerships::request, api::partnerships::assign,
        api::partnerships::withdraw_request, api::partnerships::client_members, api::partnerships::resend_request,
        api::partnerships::end_as_partner, api::partnerships::accept, api::partnerships::refuse,
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
        (name = "partners", description = "The partner programme and calls for tender (PAR, TEN)"),
        (name = "sandbox", description = "The sandbox card processor (stands for a real one)"),
        (name = "service", description = "Health, readiness, metrics, this description"),
    )
)]
pub struct ApiDoc;

/// The annotations' description completed by the rules of [`complete`], built once.
static DESCRIPTION: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(|| {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    complete::complete(&mut doc);
    doc
});

/// The description as a value.
pub fn description() -> &'static serde_json::Value {
    &DESCRIPTION
}

/// This OpenAPI description.
#[utoipa::path(get, path = "/1/openapi.json", tag = "service", responses((status = 200, content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> Response {
    Json(description()).into_response()
}

/// The documentation page (its script is served beside it, no CDN).
pub async fn docs_page() -> Html<&'static str> {
    Html(include_str!("../../static/docs.html"))
}

pub async fn docs_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../../static/docs.js"),
    )
        .into_response()
}

/// The description as committed in `docs/openapi.json`: pretty JSON and a final newline.
pub fn description_json() -> String {
    let mut text = serde_json::to_string_pretty(description()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// API-4/API-7: every error response is the envelope with at least one code and its
    /// example; every response has a description; query parameters are in the query.
    #[test]
    fn api_7_every_response_is_described_with_its_codes() {
        let doc = description();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for (status, r) in op["responses"].as_object().unwrap() {
                    let what = format!("{method} {path} {status}");
                    assert!(r["description"].as_str().is_some_and(|d| !d.is_empty()), "{what}");
                    if status.as_str() >= "400" {
                        let media = &r["content"]["application/json"];
                        assert_eq!(
                            media["schema"]["$ref"], "#/components/schemas/ErrorEnvelope",
                            "{what}"
                        );
                        assert!(
                            media["examples"].as_object().is_some_and(|e| !e.is_empty()),
                            "{what}"
                        );
                    }
                }
                for p in op["parameters"].as_array().into_iter().flatten() {
                    if p["in"] == "path" {
                        assert!(
                            path.contains(&format!("{{{}}}", p["name"].as_str().unwrap())),
                            "{method} {path} {p}"
                        );
                    }
                }
                if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                    for status in ["401", "429"] {
                        assert!(
                            op["responses"].get(status).is_some(),
                            "{method} {path} lacks {status}"
                        );
                    }
                    let ok = op["responses"]
                        .as_object()
                        .unwrap()
                        .keys()
                        .find(|s| s.starts_with('2'))
                        .unwrap();
                    assert!(
                        op["responses"][ok]["headers"]
                            .get("X-RateLimit-Remaining")
                            .is_some(),
                        "{method} {path}"
                    );
                }
            }
        }
        assert_ne!(
            doc["components"]["schemas"]["Envelope_RequestAccepted"],
            doc["components"]["schemas"]["Envelope_InvitationAccepted"]
        );
    }

    /// Each body example has the schema's required fields and no other field than its own.
    #[test]
    fn api_7_body_examples_fit_their_schemas() {
        let schemas = &description()["components"]["schemas"];
        let mut seen = 0;
        for (name, schema) in schemas.as_object().unwrap() {
            let Some(example) = schema["examples"][0].as_object() else {
                continue;
            };
            seen += 1;
            let props = schema["properties"].as_object().unwrap();
            for key in example.keys() {
                assert!(props.contains_key(key), "{name}: {key} is no field of it");
            }
            for req in schema["required"].as_array().into_iter().flatten() {
                assert!(
                    example.contains_key(req.as_str().unwrap()),
                    "{name}: {req} is required"
                );
            }
        }
        assert!(seen >= 30, "{seen} examples");
    }

    /// Every table entry of the completion names something that exists.
    #[test]
    fn api_7_the_completion_rules_name_only_what_exists() {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let missing = complete::complete(&mut doc);
        assert!(missing.is_empty(), "{missing:#?}");
    }

    /// API-7: `docs/openapi.json` is the description the server serves; regenerate it with
    /// `KONTOR_WRITE_OPENAPI=1 cargo test -p kontor-web api_7_docs`.
    #[test]
    fn api_7_docs_openapi_json_is_the_description() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
        let now = description_json();
        if std::env::var_os("KONTOR_WRITE_OPENAPI").is_some() {
            std::fs::write(path, &now).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == now,
            "docs/openapi.json differs from the description: regenerate it with KONTOR_WRITE_OPENAPI=1 cargo test -p kontor-web api_7_docs"
        );
    }
}
