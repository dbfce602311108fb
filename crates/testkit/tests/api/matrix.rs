//! The permission matrix (AUTHZ-1, AUTHZ-2): every API route × every kind of actor, with the
//! status each gets. A route of the router missing from the table fails the test, so every
//! new endpoint is added here as it is written.

use http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, TestApp, spawn_app};
use serde_json::{Value, json};

/// The actors, in the column order of the table.
const ACTORS: [&str; 9] = [
    "legal representative",
    "administrator",
    "user with the product",
    "user without the product",
    "user with billing flag",
    "legal representative of another organization",
    "token missing the scope",
    "service token",
    "anonymous",
];

/// The organization every route is tried on, built once and frozen: each (route, actor) runs
/// on its own copy of it, so one actor's change never decides another's answer.
struct Fixture {
    t: TestApp,
    ids: Ids,
}

impl std::ops::Deref for Fixture {
    type Target = Ids;
    fn deref(&self) -> &Ids {
        &self.ids
    }
}

/// What the fixture made: the actors' tokens and the ids routes are called with.
#[derive(Clone)]
struct Ids {
    tokens: Vec<Option<String>>,
    org: i64,
    target: i64,
    invitation: i64,
    workgroup: i64,
    product: i64,
    lr_user: i64,
    lr_extra_token: i64,
    org2: i64,
    order: i64,
    suite: i64,
    mail: i64,
    mailbox: i64,
    site: i64,
    invoice: i64,
    method: i64,
    card: String,
    address: i64,
}

async fn fixture() -> (TestApp, Ids) {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (lr, org) = t.signed_up("lr@example.ch").await;
    let product = t.active_product(&lr, org, "web-starter", "shop.example.ch").await;
    let (admin, _) = t
        .member(&lr, org, "admin@example.ch", "administrator", json!({}))
        .await;
    let (with_product, _) = t
        .member(
            &lr,
            org,
            "with@example.ch",
            "user",
            json!({"products": [product]}),
        )
        .await;
    let (without, _) = t.member(&lr, org, "without@example.ch", "user", json!({})).await;
    let (billing, _) = t
        .member(&lr, org, "billing@example.ch", "user", json!({"billing": true}))
        .await;
    let (_, target) = t.member(&lr, org, "target@example.ch", "user", json!({})).await;
    let (other, _) = t.signed_up("other@example.ch").await;
    let no_scope = t.token_with("lr@example.ch", &["partners:read"]).await;
    let service = t
        .app
        .create_service_token("backend", &["access:check".to_owned()])
        .await
        .unwrap();
    t.invite(&lr, org, json!({"email": "pending@example.ch", "role": "user"}))
        .await;
    let invitation = t
        .get(&format!("/1/organizations/{org}/invitations"), &lr)
        .await
        .json["data"][0]["id"]
        .as_i64()
        .unwrap();
    let g = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/workgroups"),
            Some(&lr),
            Some(json!({"name": "Team"})),
        )
        .await;
    let workgroup = g.json["data"]["id"].as_i64().unwrap();
    let lr_user = t.get("/1/profile", &lr).await.json["data"]["id"]
        .as_i64()
        .unwrap();
    let extra = t
        .api(
            Method::POST,
            "/1/profile/tokens",
            Some(&lr),
            Some(json!({"name": "extra", "scopes": ["profile"]})),
        )
        .await;
    let lr_extra_token = extra.json["data"]["id"].as_i64().unwrap();
    let base = format!("/1/organizations/{org}/products");
    let suite = t
        .order(&lr, org, json!([{"plan": "workspace-standard", "period_months": 12, "name": "team", "options": {"seats": 2}}]))
        .await;
    t.pay_by_card(&lr, org, suite["id"].as_i64().unwrap()).await;
    let suite = suite["items"][0]["product_id"].as_i64().unwrap();
    let mail = t.active_product(&lr, org, "mail-basic", "mail").await;
    let mailbox = t
        .api(
            Method::POST,
            &format!("{base}/{mail}/mailboxes"),
            Some(&lr),
            Some(json!({"address": "box@example.ch"})),
        )
        .await
        .json["data"]["id"]
        .as_i64()
        .unwrap();
    let site = t
        .api(
            Method::POST,
            &format!("{base}/{product}/sites"),
            Some(&lr),
            Some(json!({"name": "www.example.ch"})),
        )
        .await
        .json["data"]["id"]
        .as_i64()
        .unwrap();
    let order = t
        .order(
            &lr,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "pending.ch"}]),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let invoice = t.get(&format!("/1/organizations/{org}/invoices"), &lr).await.json["data"][0]["id"]
        .as_i64()
        .unwrap();
    let card = t.card(org, "4242424242424242").await;
    let method = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/payment-methods"),
            Some(&lr),
            Some(json!({"card_token": card})),
        )
        .await
        .json["data"]["id"]
        .as_i64()
        .unwrap();
    let card = t.card(org, "4242424242424242").await;
    let address = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/billing-addresses"),
            Some(&lr),
            Some(json!({"name": "Muster AG", "street": "Bahnhofstrasse", "building_number": "1", "postal_code": "8001", "city": "Zürich", "country": "CH"})),
        )
        .await
        .json["data"]["id"]
        .as_i64()
        .unwrap();
    // A second organization where the legal representative is an administrator (moves).
    let (other2, org2) = t.signed_up("second@example.ch").await;
    let secret = t
        .invite(
            &other2,
            org2,
            json!({"email": "lr@example.ch", "role": "administrator"}),
        )
        .await;
    t.api(
        Method::POST,
        "/1/invitations/accept",
        Some(&lr),
        Some(json!({"token": secret})),
    )
    .await;
    let tokens = vec![
        Some(lr),
        Some(admin),
        Some(with_product),
        Some(without),
        Some(billing),
        Some(other),
        Some(no_scope),
        Some(service),
        None,
    ];
    let ids = Ids {
        tokens,
        org,
        target,
        invitation,
        workgroup,
        product,
        lr_user,
        lr_extra_token,
        org2,
        order,
        suite,
        mail,
        mailbox,
        site,
        invoice,
        method,
        card,
        address,
    };
    (t, ids)
}

impl Fixture {
    fn path(&self, template: &str) -> String {
        template
            .replace("{org}", &self.org.to_string())
            .replace("{user}", &self.target.to_string())
            .replace("{inv}", &self.invitation.to_string())
            .replace("{wg}", &self.workgroup.to_string())
            .replace("{product}", &self.product.to_string())
            .replace("{lr}", &self.lr_user.to_string())
            .replace("{token}", &self.lr_extra_token.to_string())
            .replace("{order}", &self.order.to_string())
            .replace("{suite}", &self.suite.to_string())
            .replace("{mail}", &self.mail.to_string())
            .replace("{mailbox}", &self.mailbox.to_string())
            .replace("{site}", &self.site.to_string())
            .replace("{invoice}", &self.invoice.to_string())
            .replace("{method}", &self.method.to_string())
            .replace("{address}", &self.address.to_string())
    }

    fn body(&self, template: &Value, n: usize) -> Value {
        let text = template
            .to_string()
            .replace("{n}", &n.to_string())
            .replace("\"{product}\"", &self.product.to_string())
            .replace("\"{user}\"", &self.target.to_string())
            .replace("\"{org2}\"", &self.org2.to_string())
            .replace("{card}", &self.card);
        serde_json::from_str(&text).unwrap()
    }
}

type Row = (&'static str, &'static str, &'static str, Value, [u16; 9]);

/// (method, router path, request path, body, statuses per actor). `{n}` in a body makes it
/// unique per actor.
fn table() -> Vec<Row> {
    let open = |s: u16| [s; 9];
    let own = |ok: u16| [ok, ok, ok, ok, ok, ok, 403, 403, 401];
    let managers = |ok: u16| [ok, ok, 403, 403, 403, 404, 403, 403, 401];
    let members = |ok: u16| [ok, ok, ok, ok, ok, 404, 403, 403, 401];
    let billing = |ok: u16| [ok, 403, 403, 403, ok, 404, 403, 403, 401];
    let billing_or_managers = |ok: u16| [ok, ok, 403, 403, ok, 404, 403, 403, 401];
    let product_access = |ok: u16| [ok, ok, ok, 403, 403, 404, 403, 403, 401];
    vec![
        ("GET", "/healthz", "/healthz", Value::Null, open(200)),
        ("GET", "/readyz", "/readyz", Value::Null, open(200)),
        ("GET", "/metrics", "/metrics", Value::Null, open(200)),
        (
            "GET",
            "/1/openapi.json",
            "/1/openapi.json",
            Value::Null,
            open(200),
        ),
        (
            "POST",
            "/1/signup",
            "/1/signup",
            json!({"email": "new{n}@example.ch", "password": PASSWORD, "first_name": "N", "last_name": "N", "kind": "person", "country": "CH", "language": "en"}),
            open(201),
        ),
        (
            "POST",
            "/1/auth/tokens",
            "/1/auth/tokens",
            json!({"email": "lr@example.ch", "password": PASSWORD, "name": "m", "scopes": ["profile"]}),
            open(201),
        ),
        (
            "POST",
            "/1/auth/password-reset",
            "/1/auth/password-reset",
            json!({"email": "lr@example.ch"}),
            open(202),
        ),
        (
            "POST",
            "/1/auth/password-reset/confirm",
            "/1/auth/password-reset/confirm",
            json!({"token": "nope", "password": "a brand new secret"}),
            open(400),
        ),
        // Public; the photos come as multipart/form-data, so this JSON body is refused.
        (
            "POST",
            "/1/auth/identity-verification",
            "/1/auth/identity-verification",
            json!({"email": "lr@example.ch", "password": PASSWORD}),
            open(415),
        ),
        ("GET", "/1/profile", "/1/profile", Value::Null, own(200)),
        (
            "PATCH",
            "/1/profile",
            "/1/profile",
            json!({"first_name": "Renamed"}),
            own(200),
        ),
        (
            "POST",
            "/1/profile/support-code",
            "/1/profile/support-code",
            Value::Null,
            own(200),
        ),
        (
            "PUT",
            "/1/profile/recovery-email",
            "/1/profile/recovery-email",
            json!({"email": "spare{n}@example.org", "current_password": PASSWORD}),
            own(202),
        ),
        (
            "POST",
            "/1/profile/recovery-email/confirm",
            "/1/profile/recovery-email/confirm",
            json!({"token": "nope"}),
            open(400),
        ),
        (
            "PUT",
            "/1/profile/email",
            "/1/profile/email",
            json!({"email": "new{n}@example.org", "current_password": PASSWORD}),
            own(202),
        ),
        (
            "POST",
            "/1/profile/email/confirm",
            "/1/profile/email/confirm",
            json!({"token": "nope"}),
            open(400),
        ),
        (
            "PUT",
            "/1/profile/password",
            "/1/profile/password",
            json!({"current_password": PASSWORD, "new_password": "a brand new secret"}),
            own(204),
        ),
        (
            "GET",
            "/1/profile/two-factor",
            "/1/profile/two-factor",
            Value::Null,
            own(200),
        ),
        (
            "POST",
            "/1/profile/two-factor/totp",
            "/1/profile/two-factor/totp",
            Value::Null,
            own(201),
        ),
        (
            "POST",
            "/1/profile/two-factor/sms",
            "/1/profile/two-factor/sms",
            json!({"phone": "+41791234567"}),
            own(202),
        ),
        (
            "POST",
            "/1/profile/two-factor/confirm",
            "/1/profile/two-factor/confirm",
            json!({"code": "000000"}),
            own(409),
        ),
        (
            "POST",
            "/1/profile/two-factor/backup-codes",
            "/1/profile/two-factor/backup-codes",
            json!({"password": PASSWORD}),
            own(409),
        ),
        (
            "POST",
            "/1/profile/two-factor/disable",
            "/1/profile/two-factor/disable",
            json!({"password": PASSWORD}),
            own(409),
        ),
        (
            "GET",
            "/1/support-access",
            "/1/support-access",
            Value::Null,
            own(200),
        ),
        (
            "POST",
            "/1/support-access",
            "/1/support-access",
            json!({"kind": "drive"}),
            own(201),
        ),
        (
            "GET",
            "/1/support-access/log",
            "/1/support-access/log",
            Value::Null,
            own(200),
        ),
        (
            "GET",
            "/1/support-access/check",
            "/1/support-access/check?user={lr}&kind=drive",
            Value::Null,
            [403, 403, 403, 403, 403, 403, 403, 200, 401],
        ),
        (
            "DELETE",
            "/1/support-access/{kind}",
            "/1/support-access/mail",
            Value::Null,
            own(404),
        ),
        (
            "GET",
            "/1/profile/tokens",
            "/1/profile/tokens",
            Value::Null,
            own(200),
        ),
        (
            "POST",
            "/1/profile/tokens",
            "/1/profile/tokens",
            json!({"name": "x", "scopes": ["profile:read"]}),
            own(201),
        ),
        (
            "DELETE",
            "/1/profile/tokens/{id}",
            "/1/profile/tokens/{token}",
            Value::Null,
            [204, 404, 404, 404, 404, 404, 403, 403, 401],
        ),
        (
            "GET",
            "/1/organizations",
            "/1/organizations",
            Value::Null,
            own(200),
        ),
        (
            "GET",
            "/1/organizations/{org}",
            "/1/organizations/{org}",
            Value::Null,
            members(200),
        ),
        (
            "PATCH",
            "/1/organizations/{org}",
            "/1/organizations/{org}",
            json!({"city": "Bern"}),
            managers(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/audit",
            "/1/organizations/{org}/audit",
            Value::Null,
            managers(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/members",
            "/1/organizations/{org}/members",
            Value::Null,
            managers(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/members",
            "/1/organizations/{org}/members",
            json!({"email": "invitee{n}@example.ch", "role": "user"}),
            managers(201),
        ),
        (
            "POST",
            "/1/organizations/{org}/members/remove",
            "/1/organizations/{org}/members/remove",
            json!({"users": ["{user}"]}),
            managers(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/members/{user}",
            "/1/organizations/{org}/members/{user}",
            Value::Null,
            managers(200),
        ),
        (
            "PATCH",
            "/1/organizations/{org}/members/{user}",
            "/1/organizations/{org}/members/{user}",
            json!({"billing": true}),
            managers(200),
        ),
        (
            "DELETE",
            "/1/organizations/{org}/members/{user}",
            "/1/organizations/{org}/members/{user}",
            Value::Null,
            managers(204),
        ),
        (
            "POST",
            "/1/organizations/{org}/leave",
            "/1/organizations/{org}/leave",
            Value::Null,
            [409, 204, 204, 204, 204, 404, 403, 403, 401],
        ),
        (
            "GET",
            "/1/organizations/{org}/invitations",
            "/1/organizations/{org}/invitations",
            Value::Null,
            managers(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/invitations/{id}/resend",
            "/1/organizations/{org}/invitations/{inv}/resend",
            Value::Null,
            managers(200),
        ),
        (
            "DELETE",
            "/1/organizations/{org}/invitations/{id}",
            "/1/organizations/{org}/invitations/{inv}",
            Value::Null,
            managers(204),
        ),
        (
            "POST",
            "/1/invitations/accept",
            "/1/invitations/accept",
            json!({"token": "nope"}),
            open(400),
        ),
        (
            "POST",
            "/1/invitations/decline",
            "/1/invitations/decline",
            json!({"token": "nope"}),
            open(400),
        ),
        (
            "GET",
            "/1/organizations/{org}/workgroups",
            "/1/organizations/{org}/workgroups",
            Value::Null,
            managers(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/workgroups",
            "/1/organizations/{org}/workgroups",
            json!({"name": "Group {n}"}),
            managers(201),
        ),
        (
            "GET",
            "/1/organizations/{org}/workgroups/{id}",
            "/1/organizations/{org}/workgroups/{wg}",
            Value::Null,
            managers(200),
        ),
        (
            "PATCH",
            "/1/organizations/{org}/workgroups/{id}",
            "/1/organizations/{org}/workgroups/{wg}",
            json!({"name": "Renamed {n}"}),
            managers(200),
        ),
        (
            "DELETE",
            "/1/organizations/{org}/workgroups/{id}",
            "/1/organizations/{org}/workgroups/{wg}",
            Value::Null,
            managers(204),
        ),
        (
            "PUT",
            "/1/organizations/{org}/workgroups/{id}/members",
            "/1/organizations/{org}/workgroups/{wg}/members",
            json!({"ids": ["{user}"]}),
            managers(200),
        ),
        (
            "PUT",
            "/1/organizations/{org}/workgroups/{id}/products",
            "/1/organizations/{org}/workgroups/{wg}/products",
            json!({"ids": ["{product}"]}),
            managers(200),
        ),
        (
            "GET",
            "/1/access/explain",
            "/1/access/explain?organization={org}&action=products.manage&product={product}",
            Value::Null,
            [200, 200, 200, 200, 200, 404, 200, 403, 401],
        ),
        (
            "GET",
            "/1/access/check",
            "/1/access/check?user={lr}&product={product}&action=products.read",
            Value::Null,
            [403, 403, 403, 403, 403, 403, 403, 200, 401],
        ),
        ("GET", "/1/catalog", "/1/catalog", Value::Null, open(200)),
        (
            "GET",
            "/1/organizations/{org}/orders",
            "/1/organizations/{org}/orders",
            Value::Null,
            billing_or_managers(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/orders",
            "/1/organizations/{org}/orders",
            json!({"items": [{"plan": "domain-ch", "period_months": 12, "name": "m{n}.ch"}]}),
            managers(201),
        ),
        (
            "GET",
            "/1/organizations/{org}/orders/{id}",
            "/1/organizations/{org}/orders/{order}",
            Value::Null,
            billing_or_managers(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/orders/{id}/cancel",
            "/1/organizations/{org}/orders/{order}/cancel",
            Value::Null,
            managers(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/orders/{id}/pay",
            "/1/organizations/{org}/orders/{order}/pay",
            json!({"means": "card", "card_token": "{card}"}),
            billing(201),
        ),
        (
            "GET",
            "/1/organizations/{org}/products",
            "/1/organizations/{org}/products",
            Value::Null,
            members(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/premium-support",
            "/1/organizations/{org}/premium-support",
            Value::Null,
            members(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/products/bulk",
            "/1/organizations/{org}/products/bulk",
            json!({"action": "disable_auto_renew", "product_ids": ["{product}"]}),
            members(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}",
            "/1/organizations/{org}/products/{product}",
            Value::Null,
            product_access(200),
        ),
        (
            "PATCH",
            "/1/organizations/{org}/products/{id}",
            "/1/organizations/{org}/products/{product}",
            json!({"auto_renew": false}),
            product_access(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/move",
            "/1/organizations/{org}/products/{product}/move",
            json!({"organization": "{org2}"}),
            [200, 404, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/cancel",
            "/1/organizations/{org}/products/{product}/cancel",
            Value::Null,
            product_access(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/upgrade",
            "/1/organizations/{org}/products/{suite}/upgrade",
            json!({"seats": 3}),
            managers(201),
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}/seats",
            "/1/organizations/{org}/products/{suite}/seats",
            Value::Null,
            managers(200),
        ),
        (
            "PUT",
            "/1/organizations/{org}/products/{id}/seats",
            "/1/organizations/{org}/products/{suite}/seats",
            json!({"users": []}),
            managers(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}/mailboxes",
            "/1/organizations/{org}/products/{mail}/mailboxes",
            Value::Null,
            managers(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/mailboxes",
            "/1/organizations/{org}/products/{mail}/mailboxes",
            json!({"address": "box{n}@example.ch"}),
            managers(201),
        ),
        (
            "DELETE",
            "/1/organizations/{org}/products/{id}/mailboxes/{mailbox}",
            "/1/organizations/{org}/products/{mail}/mailboxes/{mailbox}",
            Value::Null,
            managers(204),
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}/sites",
            "/1/organizations/{org}/products/{product}/sites",
            Value::Null,
            product_access(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/sites",
            "/1/organizations/{org}/products/{product}/sites",
            json!({"name": "s{n}.example.ch"}),
            product_access(201),
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}/sites/{site}",
            "/1/organizations/{org}/products/{product}/sites/{site}",
            Value::Null,
            product_access(200),
        ),
        (
            "PATCH",
            "/1/organizations/{org}/products/{id}/sites/{site}",
            "/1/organizations/{org}/products/{product}/sites/{site}",
            json!({"mysql_prefix": true}),
            product_access(200),
        ),
        (
            "PUT",
            "/1/organizations/{org}/products/{id}/sites/{site}/env",
            "/1/organizations/{org}/products/{product}/sites/{site}/env",
            json!({"variables": {"APP_ENV": "prod"}}),
            product_access(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/sites/{site}/databases",
            "/1/organizations/{org}/products/{product}/sites/{site}/databases",
            json!({"kind": "database", "name": "db{n}"}),
            product_access(201),
        ),
        (
            "GET",
            "/1/organizations/{org}/invoices",
            "/1/organizations/{org}/invoices",
            Value::Null,
            billing(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/invoices/{id}",
            "/1/organizations/{org}/invoices/{invoice}",
            Value::Null,
            billing(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/payments/{id}/confirm",
            "/1/organizations/{org}/payments/999999/confirm",
            Value::Null,
            billing(404),
        ),
        (
            "GET",
            "/1/organizations/{org}/invoices/{id}/pdf",
            "/1/organizations/{org}/invoices/{invoice}/pdf",
            Value::Null,
            billing(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/invoices/export",
            "/1/organizations/{org}/invoices/export?from=2020-01-01",
            Value::Null,
            billing(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/orders/{id}/proforma",
            "/1/organizations/{org}/orders/{order}/proforma",
            Value::Null,
            billing(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/payment-methods",
            "/1/organizations/{org}/payment-methods",
            Value::Null,
            billing(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/payment-methods",
            "/1/organizations/{org}/payment-methods",
            json!({"card_token": "{card}"}),
            billing(201),
        ),
        (
            "DELETE",
            "/1/organizations/{org}/payment-methods/{id}",
            "/1/organizations/{org}/payment-methods/{method}",
            Value::Null,
            billing(204),
        ),
        (
            "GET",
            "/1/organizations/{org}/prepaid",
            "/1/organizations/{org}/prepaid",
            Value::Null,
            billing(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/prepaid/top-ups",
            "/1/organizations/{org}/prepaid/top-ups",
            json!({"amount": "10.00", "means": "card", "card_token": "{card}"}),
            billing(201),
        ),
        (
            "POST",
            "/1/organizations/{org}/invoices/{id}/pay",
            "/1/organizations/{org}/invoices/{invoice}/pay",
            json!({"means": "card", "card_token": "{card}"}),
            billing(409),
        ),
        (
            "POST",
            "/1/organizations/{org}/renewals",
            "/1/organizations/{org}/renewals",
            json!({"product_ids": ["{product}"], "means": "card", "card_token": "{card}"}),
            billing(201),
        ),
        (
            "POST",
            "/1/organizations/{org}/proformas",
            "/1/organizations/{org}/proformas",
            json!({"product_ids": ["{product}"]}),
            billing(201),
        ),
        (
            "GET",
            "/1/organizations/{org}/billing-addresses",
            "/1/organizations/{org}/billing-addresses",
            Value::Null,
            billing(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/billing-addresses",
            "/1/organizations/{org}/billing-addresses",
            json!({"name": "Filiale {n}", "street": "Rue du Marché", "building_number": "12", "postal_code": "1204", "city": "Genève", "country": "CH"}),
            billing(201),
        ),
        (
            "PATCH",
            "/1/organizations/{org}/billing-addresses/{id}",
            "/1/organizations/{org}/billing-addresses/{address}",
            json!({"name": "Muster AG {n}", "street": "Bahnhofstrasse", "postal_code": "8001", "city": "Zürich", "country": "CH", "is_default": true}),
            billing(200),
        ),
        (
            "DELETE",
            "/1/organizations/{org}/billing-addresses/{id}",
            "/1/organizations/{org}/billing-addresses/{address}",
            Value::Null,
            billing(204),
        ),
        (
            "GET",
            "/1/organizations/{org}/billing-settings",
            "/1/organizations/{org}/billing-settings",
            Value::Null,
            billing(200),
        ),
        (
            "PUT",
            "/1/organizations/{org}/billing-settings",
            "/1/organizations/{org}/billing-settings",
            json!({"expiry_notices": true, "invoices": false}),
            billing(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/partner-application",
            "/1/organizations/{org}/partner-application",
            Value::Null,
            members(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/partner-application",
            "/1/organizations/{org}/partner-application",
            json!({"website": "https://example.ch", "expected_volume": "2000.00", "accept_conditions": true}),
            // The legal representative may apply; a person is then refused by validation.
            [400, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "PUT",
            "/1/organizations/{org}/partner-directory",
            "/1/organizations/{org}/partner-directory",
            json!({"listed": true, "contact_email": "p@example.ch"}),
            // The legal representative may, but the organization is no partner (not_a_partner).
            [403, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "GET",
            "/1/organizations/{org}/affiliate",
            "/1/organizations/{org}/affiliate",
            Value::Null,
            members(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/affiliate",
            "/1/organizations/{org}/affiliate",
            json!({"accept_conditions": true}),
            // PAR-12: a person may be an affiliate; only the legal representative registers.
            [201, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "GET",
            "/1/partners",
            "/1/partners?q=muster",
            Value::Null,
            open(200),
        ),
        (
            "POST",
            "/1/tenders",
            "/1/tenders",
            json!({"need": "A shop", "category": "web_hosting", "budget_min": "100.00", "budget_max": "200.00", "currency": "CHF",
                   "language": "de", "region": "Bern", "contact_name": "A", "email": "a{n}@example.ch", "phone": "+41 31 123 45 67"}),
            open(201),
        ),
        (
            "POST",
            "/1/tenders/cancel",
            "/1/tenders/cancel",
            json!({"token": "tc_unknown"}),
            open(400),
        ),
        (
            "GET",
            "/1/organizations/{org}/tenders",
            "/1/organizations/{org}/tenders",
            Value::Null,
            // Members may look; the organization is no partner, so the list is empty.
            members(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/tenders/{id}",
            "/1/organizations/{org}/tenders/1",
            Value::Null,
            [404, 404, 404, 404, 404, 404, 403, 403, 401],
        ),
        // Partnerships (PAR-2..PAR-9): the client side needs a legal representative; there
        // is no partnership 1, so the legal representative gets 404 where others are refused.
        (
            "GET",
            "/1/organizations/{org}/partners",
            "/1/organizations/{org}/partners",
            Value::Null,
            managers(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/partners",
            "/1/organizations/{org}/partners",
            json!({"partner": "{org2}", "access": "full", "payment_mode": "client"}),
            // The second organization is no approved partner (unknown_partner).
            [400, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "PATCH",
            "/1/organizations/{org}/partners/{id}",
            "/1/organizations/{org}/partners/1",
            json!({"access": "full", "payment_mode": "client"}),
            [404, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/partners/{id}",
            "/1/organizations/{org}/partners/1",
            Value::Null,
            [404, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "POST",
            "/1/organizations/{org}/partners/{id}/resend",
            "/1/organizations/{org}/partners/1/resend",
            Value::Null,
            [404, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "POST",
            "/1/organizations/{org}/partners/{id}/end",
            "/1/organizations/{org}/partners/1/end",
            json!({"password": PASSWORD}),
            [404, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        // The partner side: any member lists (an organization that is no partner has none).
        (
            "GET",
            "/1/organizations/{org}/clients",
            "/1/organizations/{org}/clients",
            Value::Null,
            members(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/clients/statement",
            "/1/organizations/{org}/clients/statement?from=2026-01-01",
            Value::Null,
            members(200),
        ),
        (
            "GET",
            "/1/organizations/{org}/clients/export.csv",
            "/1/organizations/{org}/clients/export.csv",
            Value::Null,
            members(200),
        ),
        (
            "POST",
            "/1/organizations/{org}/clients",
            "/1/organizations/{org}/clients",
            json!({"email": "c{n}@example.ch", "access": "full", "payment_mode": "client"}),
            // The legal representative may, but the organization is no partner (not_a_partner).
            [403, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "PATCH",
            "/1/organizations/{org}/clients/{id}",
            "/1/organizations/{org}/clients/1",
            json!({"members": []}),
            [404, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/clients/{id}",
            "/1/organizations/{org}/clients/1",
            Value::Null,
            [404, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "GET",
            "/1/organizations/{org}/clients/{id}/members",
            "/1/organizations/{org}/clients/1/members",
            Value::Null,
            [404, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "POST",
            "/1/organizations/{org}/clients/{id}/resend",
            "/1/organizations/{org}/clients/1/resend",
            Value::Null,
            [404, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "POST",
            "/1/organizations/{org}/clients/{id}/end",
            "/1/organizations/{org}/clients/1/end",
            json!({"password": PASSWORD}),
            [404, 403, 403, 403, 403, 404, 403, 403, 401],
        ),
        (
            "POST",
            "/1/partnerships/accept",
            "/1/partnerships/accept",
            json!({"token": "unknown"}),
            // Signed in, an unknown link; accepting needs someone signed in.
            [400, 400, 400, 400, 400, 400, 400, 400, 401],
        ),
        (
            "POST",
            "/1/partnerships/refuse",
            "/1/partnerships/refuse",
            json!({"token": "unknown"}),
            open(400),
        ),
        (
            "POST",
            "/sandbox/cards",
            "/sandbox/cards",
            json!({"customer": 1, "number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}),
            open(201),
        ),
    ]
}

#[test]
fn authz_1_every_route_of_the_router_is_in_the_permission_matrix() {
    let rows: Vec<(String, String)> = table().iter().map(|r| (r.0.to_owned(), r.1.to_owned())).collect();
    for route in kontor_web::routes::api_routes() {
        let key = (route.method.to_string(), route.path.to_owned());
        assert!(
            rows.contains(&key),
            "{} {} is missing from the permission matrix",
            key.0,
            key.1
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authz_2_permission_matrix_every_route_and_actor_gets_its_status() {
    let mut failures = Vec::new();
    let (t, ids) = fixture().await;
    let frozen = std::sync::Arc::new(t.freeze().await);
    for (method, route, path, body, expected) in table() {
        // A fresh copy of the organization per route and actor, so one actor's change never
        // decides another's answer.
        let mut set = tokio::task::JoinSet::new();
        for (n, status) in expected.into_iter().enumerate() {
            let body = body.clone();
            let (frozen, ids) = (frozen.clone(), ids.clone());
            set.spawn(async move {
                let f = Fixture {
                    t: frozen.thaw().await,
                    ids,
                };
                let token = f.tokens[n].clone();
                let body = (!body.is_null()).then(|| f.body(&body, n));
                let r =
                    f.t.api(
                        Method::from_bytes(method.as_bytes()).unwrap(),
                        &f.path(path),
                        token.as_deref(),
                        body,
                    )
                    .await;
                (n, status, r.status, r.text)
            });
        }
        while let Some(done) = set.join_next().await {
            let (n, want, got, text) = done.unwrap();
            if got != StatusCode::from_u16(want).unwrap() {
                failures.push(format!(
                    "{method} {route} as {}: expected {want}, got {got}: {text}",
                    ACTORS[n]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The partner actors (AUTHZ-3, PAR-2, PAR-7, PAR-9), each reaching the fixture organization as
/// a client through a partnership set up on its own copy.
const PARTNER_ACTORS: [&str; 6] = [
    "limited partner (the product listed)",
    "full partner, the client pays",
    "full partner, the partner pays",
    "partner member assigned to the client",
    "partner member not assigned",
    "partner of an ended partnership",
];

/// (status, access, payment mode, listed product, assigned member, the member acts) per actor.
const PARTNER_SETUPS: [(&str, &str, &str, bool, bool, bool); 6] = [
    ("active", "limited", "", true, false, false),
    ("active", "full", "client", false, false, false),
    ("active", "full", "partner", false, false, false),
    ("active", "full", "client", false, true, true),
    ("active", "full", "client", false, false, true),
    ("ended", "full", "client", false, false, false),
];

/// What each partner actor gets on every route of one organization, by router path. The
/// request paths and bodies are the main table's.
///
/// Read as: a partner reads the organization and manages products — every one under full
/// access, the listed one under limited access (the suite, the mail service and their parts do
/// not exist for it); ordering needs full access; invoices, payments, the prepaid account,
/// billing addresses and settings do not exist for a partner in any mode (PAR-7); members,
/// workgroups, the audit log, legal data and the client's own partner programme are refused
/// with the reason; a member not assigned and an ended partnership reach nothing (404).
/// Under full access a partner makes renewal orders (pro-formas) for the client — the client's
/// to pay when it pays, the partner's own when the partner pays; only a partner that pays
/// renews and pays in one call (PAR-7).
fn partner_table() -> Vec<(&'static str, &'static str, [u16; 6])> {
    vec![
        ("GET", "/1/organizations/{org}", [200, 200, 200, 200, 404, 404]),
        ("PATCH", "/1/organizations/{org}", [403, 403, 403, 403, 404, 404]),
        (
            "GET",
            "/1/organizations/{org}/audit",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/members",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/members",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/members/remove",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/members/{user}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "PATCH",
            "/1/organizations/{org}/members/{user}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/members/{user}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/leave",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/invitations",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/invitations/{id}/resend",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/invitations/{id}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/workgroups",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/workgroups",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/workgroups/{id}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "PATCH",
            "/1/organizations/{org}/workgroups/{id}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/workgroups/{id}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "PUT",
            "/1/organizations/{org}/workgroups/{id}/members",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "PUT",
            "/1/organizations/{org}/workgroups/{id}/products",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/orders",
            [404, 200, 200, 200, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/orders",
            [403, 201, 201, 201, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/orders/{id}",
            [404, 200, 200, 200, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/orders/{id}/cancel",
            [403, 200, 200, 200, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/orders/{id}/pay",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/products",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/premium-support",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/products/bulk",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "PATCH",
            "/1/organizations/{org}/products/{id}",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/move",
            [403, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/cancel",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/upgrade",
            [404, 201, 201, 201, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}/seats",
            [404, 200, 200, 200, 404, 404],
        ),
        (
            "PUT",
            "/1/organizations/{org}/products/{id}/seats",
            [404, 200, 200, 200, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}/mailboxes",
            [404, 200, 200, 200, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/mailboxes",
            [404, 201, 201, 201, 404, 404],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/products/{id}/mailboxes/{mailbox}",
            [404, 204, 204, 204, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}/sites",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/sites",
            [201, 201, 201, 201, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/products/{id}/sites/{site}",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "PATCH",
            "/1/organizations/{org}/products/{id}/sites/{site}",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "PUT",
            "/1/organizations/{org}/products/{id}/sites/{site}/env",
            [200, 200, 200, 200, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/products/{id}/sites/{site}/databases",
            [201, 201, 201, 201, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/invoices",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/invoices/{id}",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/payments/{id}/confirm",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/invoices/{id}/pdf",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/invoices/export",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/orders/{id}/proforma",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/payment-methods",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/payment-methods",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/payment-methods/{id}",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/prepaid",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/prepaid/top-ups",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/invoices/{id}/pay",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/renewals",
            // The partner that pays renews from its own organization: the table's card token
            // is the client's, which the partner's payment does not accept.
            [404, 404, 400, 404, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/proformas",
            [404, 201, 201, 201, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/billing-addresses",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/billing-addresses",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "PATCH",
            "/1/organizations/{org}/billing-addresses/{id}",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/billing-addresses/{id}",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/billing-settings",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "PUT",
            "/1/organizations/{org}/billing-settings",
            [404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/partner-application",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/partner-application",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "PUT",
            "/1/organizations/{org}/partner-directory",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/affiliate",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/affiliate",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/tenders",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/tenders/{id}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/partners",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/partners",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "PATCH",
            "/1/organizations/{org}/partners/{id}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/partners/{id}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/partners/{id}/resend",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/partners/{id}/end",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/clients",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/clients/statement",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/clients/export.csv",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/clients",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "PATCH",
            "/1/organizations/{org}/clients/{id}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "DELETE",
            "/1/organizations/{org}/clients/{id}",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/1/organizations/{org}/clients/{id}/members",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/clients/{id}/resend",
            [403, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/1/organizations/{org}/clients/{id}/end",
            [403, 403, 403, 403, 404, 404],
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authz_3_partner_matrix_every_route_of_a_client_and_partner_actor_gets_its_status() {
    let (t, ids) = fixture().await;
    let (partner_lr, partner_org) = t.signed_up("partner-lr@example.ch").await;
    let (member, member_user) = t
        .member(
            &partner_lr,
            partner_org,
            "partner-member@example.ch",
            "user",
            json!({}),
        )
        .await;
    let frozen = std::sync::Arc::new(t.freeze().await);
    let expected: std::collections::HashMap<(String, String), [u16; 6]> = partner_table()
        .into_iter()
        .map(|(m, r, s)| ((m.to_owned(), r.to_owned()), s))
        .collect();
    let print = std::env::var("KONTOR_PRINT_PARTNER_MATRIX").is_ok();
    let mut failures = Vec::new();
    for (method, route, path, body, _) in table() {
        if !route.starts_with("/1/organizations/{org}") {
            continue;
        }
        let want = expected.get(&(method.to_owned(), route.to_owned()));
        if want.is_none() && !print {
            failures.push(format!("{method} {route} is missing from the partner matrix"));
            continue;
        }
        let mut set = tokio::task::JoinSet::new();
        for (n, setup) in PARTNER_SETUPS.into_iter().enumerate() {
            let body = body.clone();
            let (frozen, ids) = (frozen.clone(), ids.clone());
            let token = if setup.5 {
                member.clone()
            } else {
                partner_lr.clone()
            };
            set.spawn(async move {
                let f = Fixture {
                    t: frozen.thaw().await,
                    ids,
                };
                let (status, access, mode, listed, assigned, _) = setup;
                f.t.execute(format!(
                    "INSERT INTO partnerships (client_id, partner_id, status, initiator, access, payment_mode, \
                     token_hash, created_by, created_at, sent_at, started_at, updated_at) \
                     VALUES ({}, {partner_org}, '{status}', 'client', '{access}', '{mode}', 'h', {}, 0, 0, 0, 0)",
                    f.org, f.lr_user
                ))
                .await;
                if listed {
                    f.t.execute(format!(
                        "INSERT INTO partnership_products (partnership_id, product_id) SELECT id, {} FROM partnerships",
                        f.product
                    ))
                    .await;
                }
                if assigned {
                    f.t.execute(format!(
                        "INSERT INTO partnership_members (partnership_id, user_id) SELECT id, {member_user} FROM partnerships"
                    ))
                    .await;
                }
                let body = (!body.is_null()).then(|| f.body(&body, n));
                let r =
                    f.t.api(
                        Method::from_bytes(method.as_bytes()).unwrap(),
                        &f.path(path),
                        Some(&token),
                        body,
                    )
                    .await;
                (n, r.status.as_u16(), r.text)
            });
        }
        let mut got = [0u16; 6];
        let mut texts = vec![String::new(); 6];
        while let Some(done) = set.join_next().await {
            let (n, status, text) = done.unwrap();
            got[n] = status;
            texts[n] = text;
        }
        if print {
            println!("        (\"{method}\", \"{route}\", {got:?}),");
        }
        if let Some(want) = want
            && *want != got
        {
            for n in 0..6 {
                if want[n] != got[n] {
                    failures.push(format!(
                        "{method} {route} as {}: expected {}, got {}: {}",
                        PARTNER_ACTORS[n], want[n], got[n], texts[n]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
