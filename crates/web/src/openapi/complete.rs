//! Completes the description the handlers' annotations give (API-7), by rules that hold for
//! every operation, so no operation can forget them:
//! - every response has a description; every error response is the error envelope with the
//!   codes of `docs/ERRORS.md` it can carry, one example per code;
//! - the statuses every operation shares are declared: 400 (a body or a query), 401 and 403
//!   (authenticated operations), 404 (a path parameter), 413 and 415 (a JSON body), 429 (rate
//!   limited: every authenticated operation, and sign-in), 409 with the idempotency codes (an
//!   `Idempotency-Key`), 500;
//! - the rate-limit headers (`X-RateLimit-*`) on every answer of a rate-limited operation,
//!   `Retry-After` on its 429 and 423, `X-Request-Id` on every answer;
//! - enumerated strings carry their `enum`, taken from the constants the server checks against;
//! - request bodies carry an example.
//!
//! The tables name schemas and properties; [`complete`] answers what they name that the
//! description lacks, so a rename cannot leave a rule silently unapplied (a test asserts none).

use kontor_app::ErrorCode;
use kontor_app::access::Action;
use kontor_app::billing::payments::MEANS;
use kontor_app::orgs::members::CONTACT_PREFERENCES;
use kontor_app::products::BULK_ACTIONS;
use kontor_domain::products::{PRODUCT_TYPES, ProductStatus, SuspendReason};
use kontor_domain::roles::Role;
use kontor_domain::scopes::Scope;
use kontor_domain::{
    InvitationStatus, InvoiceStatus, Language, OrderStatus, PartnerStatus, PartnershipStatus, PaymentStatus,
    TenderStatus,
};
use serde_json::{Map, Value, json};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Completes `doc` in place; answers the table entries that named nothing.
pub fn complete(doc: &mut Value) -> Vec<String> {
    let mut missing = Vec::new();
    add_components(doc);
    enums(doc, &mut missing);
    examples(doc, &mut missing);
    let paths: Vec<String> = doc["paths"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for path in paths {
        for method in METHODS {
            if let Some(op) = doc["paths"][&path].get_mut(method) {
                operation(&path, method, op, &mut missing);
            }
        }
    }
    missing
}

/// Strings of a list of enumerated values.
fn strings<T: Copy>(all: &[T], name: impl Fn(T) -> String) -> Vec<String> {
    all.iter().map(|v| name(*v)).collect()
}

fn languages() -> Vec<String> {
    strings(&Language::ALL, |l| l.as_str().to_owned())
}

fn scopes() -> Vec<String> {
    Scope::all().iter().map(ToString::to_string).collect()
}

/// (schema, property, values): enumerated strings of bodies and answers.
#[allow(clippy::too_many_lines)] // one table
fn schema_enums() -> Vec<(&'static str, &'static str, Vec<String>)> {
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let means = owned(&MEANS);
    let roles = strings(&Role::ALL, |r| r.as_str().to_owned());
    let kinds = owned(&["person", "company"]);
    let currencies = owned(&["CHF", "EUR"]);
    let payment_status = strings(PaymentStatus::ALL, |s| s.as_str().to_owned());
    let types = owned(&PRODUCT_TYPES);
    let mut bulk = owned(&BULK_ACTIONS);
    bulk.extend(owned(&["renew", "pay"]));
    let mut out = vec![
        ("PayBody", "means", means.clone()),
        ("RenewBody", "means", means.clone()),
        ("PaymentResponse", "means", means),
        (
            "TopUpBody",
            "means",
            owned(&["card", "twint", "postfinance", "bank_transfer"]),
        ),
        ("PaymentResponse", "status", payment_status.clone()),
        (
            "PaymentResponse",
            "purpose",
            owned(&["order", "invoice", "top_up"]),
        ),
        ("BulkRequest", "action", bulk),
        ("BulkOutcomeResponse", "result", owned(&["ok", "error"])),
        ("BulkOutcomeResponse", "payment_status", payment_status),
        (
            "OrderResponse",
            "status",
            strings(OrderStatus::ALL, |s| s.as_str().to_owned()),
        ),
        (
            "InvoiceResponse",
            "status",
            strings(InvoiceStatus::ALL, |s| s.as_str().to_owned()),
        ),
        ("InvoiceResponse", "kind", owned(&["invoice", "credit_note"])),
        (
            "ProductResponse",
            "status",
            strings(ProductStatus::ALL, |s| s.as_str().to_owned()),
        ),
        (
            "ProductResponse",
            "suspended_reason",
            strings(SuspendReason::ALL, |s| s.as_str().to_owned()),
        ),
        (
            "InvitationResponse",
            "status",
            strings(InvitationStatus::ALL, |s| s.as_str().to_owned()),
        ),
        ("ProductResponse", "type", types.clone()),
        ("ProductTypeResponse", "type", types.clone()),
        ("OrderItemResponse", "type", types.clone()),
        ("OrderItemResponse", "kind", owned(&["new", "upgrade", "renewal"])),
        (
            "LedgerEntryResponse",
            "kind",
            owned(&[
                "top_up",
                "payment",
                "cashback",
                "commission",
                "unmatched_transfer",
                "refund",
                "adjustment",
            ]),
        ),
        ("CreateDatabase", "kind", owned(&["database", "user"])),
        ("DatabaseResponse", "kind", owned(&["database", "user"])),
        (
            "AuditEntry",
            "actor_kind",
            owned(&["user", "token", "staff", "system", "anonymous"]),
        ),
        ("PaymentMethodResponse", "kind", owned(&["card", "twint"])),
        (
            "InviteRequest",
            "contact_preferences",
            owned(&CONTACT_PREFERENCES),
        ),
        ("MemberPatch", "contact_preferences", owned(&CONTACT_PREFERENCES)),
        ("CreateTokenRequest", "scopes", scopes()),
        ("TokenRequest", "scopes", scopes()),
        ("CreatedTokenResponse", "scopes", scopes()),
        ("TokenResponse", "scopes", scopes()),
        (
            "PartnerResponse",
            "status",
            strings(PartnerStatus::ALL, |s| s.as_str().to_owned()),
        ),
        (
            "TenderResponse",
            "status",
            strings(TenderStatus::ALL, |s| s.as_str().to_owned()),
        ),
        (
            "PartnershipResponse",
            "status",
            strings(PartnershipStatus::ALL, |s| s.as_str().to_owned()),
        ),
        ("PartnershipResponse", "initiator", owned(&["client", "partner"])),
        ("PartnershipResponse", "categories", types.clone()),
        ("PartnershipAsk", "categories", types.clone()),
        ("PartnerResponse", "languages", languages()),
        ("DirectoryRequest", "languages", languages()),
        ("DirectoryEntry", "languages", languages()),
        ("TenderRequest", "language", languages()),
        ("TenderResponse", "language", languages()),
        ("TenderRequest", "currency", currencies.clone()),
    ];
    for (schema, prop) in [
        ("SignupRequest", "language"),
        ("AcceptRequest", "language"),
        ("ProfilePatch", "language"),
        ("ProfileResponse", "language"),
        ("InvoiceResponse", "language"),
    ] {
        out.push((schema, prop, languages()));
    }
    for schema in [
        "PartnershipResponse",
        "PartnershipAccess",
        "PartnershipOffer",
        "PartnershipAsk",
        "PartnershipAccept",
    ] {
        out.push((schema, "access", owned(&["limited", "full"])));
        out.push((schema, "payment_mode", owned(&["client", "partner"])));
    }
    // PAR-9: a partner's member reaches a client with the role `partner`.
    let mut reached = roles.clone();
    reached.push("partner".to_owned());
    out.push(("MyOrganization", "role", reached.clone()));
    out.push(("OrganizationResponse", "role", reached));
    for (schema, prop) in [
        ("InviteRequest", "role"),
        ("MemberPatch", "role"),
        ("MemberResponse", "role"),
        ("InvitationResponse", "role"),
    ] {
        out.push((schema, prop, roles.clone()));
    }
    for (schema, prop) in [
        ("SignupRequest", "kind"),
        ("OrganizationPatch", "kind"),
        ("OrganizationResponse", "kind"),
        ("MyOrganization", "kind"),
    ] {
        out.push((schema, prop, kinds.clone()));
    }
    for (schema, prop) in [
        ("SignupRequest", "currency"),
        ("Money", "currency"),
        ("InvoiceResponse", "currency"),
        ("MyOrganization", "currency"),
        ("OrganizationResponse", "currency"),
    ] {
        out.push((schema, prop, currencies.clone()));
    }
    out
}

/// (path, query parameter, values): enumerated query parameters.
fn query_enums() -> Vec<(&'static str, &'static str, Vec<String>)> {
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        (
            "/1/organizations/{org}/orders",
            "status",
            strings(OrderStatus::ALL, |s| s.as_str().to_owned()),
        ),
        (
            "/1/organizations/{org}/invoices",
            "status",
            strings(InvoiceStatus::ALL, |s| s.as_str().to_owned()),
        ),
        (
            "/1/organizations/{org}/products",
            "status",
            strings(ProductStatus::ALL, |s| s.as_str().to_owned()),
        ),
        ("/1/organizations/{org}/products", "type", owned(&PRODUCT_TYPES)),
        (
            "/1/organizations/{org}/products",
            "order_by",
            owned(&["id", "name", "expires_at"]),
        ),
        (
            "/1/organizations/{org}/products",
            "order",
            owned(&["asc", "desc"]),
        ),
        ("/1/organizations/{org}/orders/{id}/proforma", "lang", languages()),
        (
            "/1/access/check",
            "action",
            owned(&["products.read", "products.manage"]),
        ),
        (
            "/1/access/explain",
            "action",
            strings(&Action::ALL, |a| a.as_str().to_owned()),
        ),
    ]
}

/// Sets `values` as the `enum` of a string schema (or of the items of a list), keeping `null`
/// allowed where the schema allows it.
fn set_enum(schema: &mut Value, values: &[String]) {
    let is_array =
        |s: &Value| s["type"] == "array" || s["type"].as_array().is_some_and(|t| t.contains(&json!("array")));
    if is_array(schema) {
        set_enum(&mut schema["items"], values);
        return;
    }
    let mut list: Vec<Value> = values.iter().map(|v| json!(v)).collect();
    if schema["type"]
        .as_array()
        .is_some_and(|t| t.contains(&json!("null")))
    {
        list.push(Value::Null);
    }
    schema["enum"] = Value::Array(list);
}

fn enums(doc: &mut Value, missing: &mut Vec<String>) {
    for (schema, prop, values) in schema_enums() {
        match doc["components"]["schemas"][schema]["properties"].get_mut(prop) {
            Some(p) => set_enum(p, &values),
            None => missing.push(format!("enum {schema}.{prop}")),
        }
    }
    for (path, name, values) in query_enums() {
        let mut found = false;
        if let Some(op) = doc["paths"][path].get_mut("get")
            && let Some(params) = op["parameters"].as_array_mut()
        {
            for p in params
                .iter_mut()
                .filter(|p| p["name"] == name && p["in"] == "query")
            {
                set_enum(&mut p["schema"], &values);
                found = true;
            }
        }
        if !found {
            missing.push(format!("query enum {path} {name}"));
        }
    }
}

/// Request bodies as a client would send them, by schema name.
const BODY_EXAMPLES: &str = include_str!("examples.json");

fn examples(doc: &mut Value, missing: &mut Vec<String>) {
    let table: Map<String, Value> = serde_json::from_str(BODY_EXAMPLES).unwrap_or_default();
    for (schema, example) in table {
        match doc["components"]["schemas"].get_mut(&schema) {
            Some(s) if s.is_object() => s["examples"] = json!([example]),
            _ => missing.push(format!("example {schema}")),
        }
    }
}

fn header(description: &str, schema: Value) -> Value {
    json!({"description": description, "schema": schema})
}

fn add_components(doc: &mut Value) {
    let headers = &mut doc["components"]["headers"];
    if !headers.is_object() {
        *headers = json!({});
    }
    headers["X-RateLimit-Limit"] = header(
        "Requests allowed per minute to this caller (API-3).",
        json!({"type": "integer"}),
    );
    headers["X-RateLimit-Remaining"] =
        header("Requests left in the current minute.", json!({"type": "integer"}));
    headers["X-RateLimit-Reset"] = header(
        "Seconds until a request is free again.",
        json!({"type": "integer"}),
    );
    headers["Retry-After"] = header("Seconds to wait before asking again.", json!({"type": "integer"}));
    headers["X-Request-Id"] = header(
        "The request's id, also in the server's log (OPS-4).",
        json!({"type": "string"}),
    );
}

/// The reason phrase of a status.
fn reason(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted: the answer is the same whatever happens next",
        "204" => "Done; no content",
        "400" => "The request does not fit",
        "401" => "Not authenticated",
        "402" => "The payment was refused",
        "403" => "Not allowed",
        "404" => "Not found, or not visible to the caller",
        "409" => "The state of the resource does not allow this",
        "413" => "The body is too large",
        "415" => "The body is not JSON",
        "423" => "Locked for a while",
        "429" => "Too many requests",
        "500" => "Internal error",
        "503" => "Not ready",
        _ => "Answer",
    }
}

/// The codes of `status` an operation shares with every other of its kind.
fn shared_codes(status: u16, body: bool) -> Vec<ErrorCode> {
    let mut codes: Vec<ErrorCode> = match status {
        400 if body => vec![
            ErrorCode::InvalidJson,
            ErrorCode::UnknownField,
            ErrorCode::ValidationFailed,
        ],
        400 => vec![ErrorCode::ValidationFailed],
        401 => vec![
            ErrorCode::Unauthenticated,
            ErrorCode::InvalidToken,
            ErrorCode::TokenExpired,
        ],
        403 => vec![ErrorCode::Forbidden, ErrorCode::MissingScope],
        // Conflicts are the operation's own: those its annotation names; so is the tender
        // form's limit (TEN-4).
        409 => vec![],
        429 => vec![ErrorCode::RateLimited, ErrorCode::TooManyCodes],
        _ => ErrorCode::ALL
            .iter()
            .copied()
            .filter(|c| c.status() == status)
            .collect(),
    };
    if status == 403 {
        codes.push(ErrorCode::CsrfFailed);
    }
    codes
}

/// The error codes a declared description names (`validation_failed: …`).
fn named_codes(description: &str) -> Vec<ErrorCode> {
    ErrorCode::ALL
        .iter()
        .copied()
        .filter(|c| {
            description
                .split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .any(|w| w == c.as_str())
        })
        .collect()
}

fn ref_header(name: &str) -> Value {
    json!({"$ref": format!("#/components/headers/{name}")})
}

/// What decides the statuses an operation shares with others.
struct Shape {
    secured: bool,
    body: bool,
    query: bool,
    path_param: bool,
    limited: bool,
    idempotent: bool,
}

impl Shape {
    fn statuses(&self) -> Vec<u16> {
        let mut wanted = vec![500];
        if self.body || self.query {
            wanted.push(400);
        }
        if self.secured {
            wanted.extend([401, 403]);
        }
        if self.path_param {
            wanted.push(404);
        }
        if self.body {
            wanted.extend([413, 415]);
        }
        if self.limited {
            wanted.push(429);
        }
        if self.idempotent {
            wanted.push(409);
        }
        wanted
    }
}

fn operation(path: &str, method: &str, op: &mut Value, missing: &mut Vec<String>) {
    let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
    let has_body = op.get("requestBody").is_some();
    let params = op["parameters"].as_array().cloned().unwrap_or_default();
    for p in &params {
        if p["in"] == "path" && !path.contains(&format!("{{{}}}", p["name"].as_str().unwrap_or_default())) {
            missing.push(format!(
                "{method} {path}: path parameter {} is not in the path",
                p["name"]
            ));
        }
    }
    let idempotent = params.iter().any(|p| p["name"] == "Idempotency-Key");
    // Sign-in is limited too: token creation counts against the caller's limit.
    let limited = secured || path == "/1/auth/tokens";
    let shape = Shape {
        secured,
        body: has_body,
        query: params.iter().any(|p| p["in"] == "query"),
        path_param: path.contains('{'),
        limited,
        idempotent,
    };
    let responses = op["responses"].as_object_mut();
    let Some(responses) = responses else {
        missing.push(format!("{method} {path}: no responses"));
        return;
    };
    for status in shape.statuses() {
        responses.entry(status.to_string()).or_insert_with(|| json!({}));
    }
    for (status, response) in responses.iter_mut() {
        let code: u16 = status.parse().unwrap_or(0);
        if code >= 400 {
            error_response(code, has_body, idempotent, response);
        } else if response["description"].as_str().is_none_or(str::is_empty) {
            response["description"] = json!(reason(status));
        }
        // A document (PDF, CSV) is a string of its media type.
        if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
            for (media, body) in content.iter_mut() {
                if media != "application/json" && body.get("schema").is_none() {
                    body["schema"] = json!({"type": "string", "contentMediaType": media});
                }
            }
        }
        let headers = response["headers"].as_object_mut().map(std::mem::take);
        let mut headers = headers.unwrap_or_else(Map::new);
        headers.insert("X-Request-Id".to_owned(), ref_header("X-Request-Id"));
        if limited {
            for h in ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"] {
                headers.insert(h.to_owned(), ref_header(h));
            }
        }
        if code == 429 || code == 423 {
            headers.insert("Retry-After".to_owned(), ref_header("Retry-After"));
        }
        response["headers"] = Value::Object(headers);
    }
}

/// An error response: the envelope, the codes it can carry (those the annotation named, then
/// those every operation of its kind shares), one example each.
fn error_response(status: u16, body: bool, idempotent: bool, response: &mut Value) {
    let declared = response["description"].as_str().unwrap_or_default().to_owned();
    let mut codes = named_codes(&declared);
    let mut shared = shared_codes(status, body);
    if status == 409 && idempotent {
        shared = vec![ErrorCode::IdempotencyKeyInUse, ErrorCode::IdempotencyKeyReused];
    }
    for c in shared {
        if !codes.contains(&c) {
            codes.push(c);
        }
    }
    codes.retain(|c| c.status() == status);
    let mut text = if declared.is_empty() {
        reason(&status.to_string()).to_owned()
    } else {
        declared
    };
    text.push_str(". Codes: ");
    text.push_str(
        &codes
            .iter()
            .map(|c| format!("`{}` ({})", c.as_str(), c.description()))
            .collect::<Vec<_>>()
            .join("; "),
    );
    let mut examples = Map::new();
    for c in &codes {
        let mut error = json!({"code": c.as_str(), "description": c.description()});
        if *c == ErrorCode::ValidationFailed {
            error["errors"] = json!([{"field": "items[0].period_months", "code": "must_be_integer"}]);
        }
        examples.insert(
            c.as_str().to_owned(),
            json!({"summary": c.description(), "value": {"result": "error", "error": error}}),
        );
    }
    response["description"] = json!(text);
    response["content"] = json!({"application/json": {
        "schema": {"$ref": "#/components/schemas/ErrorEnvelope"},
        "examples": examples,
    }});
}
