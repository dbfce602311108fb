//! Who pays under a partnership and what the partner earns (PAR-7, PAR-8, PRC-3): the partner
//! that pays orders at its price into its own organization, the client that pays earns its
//! partner the difference as cashback on the prepaid account once the invoice is paid.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use kontor_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

use crate::partners::partner_in;

const PARTNER: &str = "petra@muster-hosting.ch";

/// A person client signed up in `country` and an approved partner of the same country, the
/// client having given it `access` (accepted): (client token, client org, partner token,
/// partner org, partnership id).
async fn partnered(t: &TestApp, country: &str, access: Value) -> (String, i64, String, i64, i64) {
    partnered_in(t, country, country, access).await
}

/// [`partnered`] with the client and the partner in different countries.
async fn partnered_in(
    t: &TestApp,
    country: &str,
    partner_country: &str,
    access: Value,
) -> (String, i64, String, i64, i64) {
    t.demo_catalog().await;
    let email = format!("clara@client-{}.example", country.to_lowercase());
    let r = t
        .api(
            Method::POST,
            "/1/signup",
            None,
            Some(
                json!({"email": email, "password": kontor_testkit::PASSWORD, "first_name": "Clara",
                        "last_name": "Client", "kind": "person", "country": country, "language": "en"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let client_org = r.json["data"]["organization"]["id"].as_i64().unwrap();
    let client = t.token(&email).await;
    let partner_email = format!("{}-{PARTNER}", partner_country.to_lowercase());
    let (partner_token, partner_org) = partner_in(
        t,
        &partner_email,
        "Muster Hosting",
        &["web_hosting"],
        true,
        partner_country,
    )
    .await;
    let mut body = access;
    body["partner"] = json!(partner_org);
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{client_org}/partners"),
            Some(&client),
            Some(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.json["data"]["id"].as_i64().unwrap();
    let mail = t.mails_to(&partner_email).await.pop().expect("the offer");
    let secret = mail.secret("/console/partnerships/").expect("a link");
    let secret = secret.split('?').next().unwrap_or_default().to_owned();
    let r = t
        .api(
            Method::POST,
            "/1/partnerships/accept",
            Some(&partner_token),
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (client, client_org, partner_token, partner_org, id)
}

fn hostings(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| json!({"plan": "web-business", "period_months": 12, "name": format!("site{i}")}))
            .collect(),
    )
}

async fn prepaid(t: &TestApp, token: &str, org: i64) -> Value {
    let r = t.get(&format!("/1/organizations/{org}/prepaid"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["data"].clone()
}

async fn count(t: &TestApp, token: &str, path: &str) -> usize {
    let r = t.get(path, token).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text);
    r.json["data"].as_array().unwrap().len()
}

/// PRC-3 through a real order: the paying partner's 35 hostings for its client.
async fn partner_pays_thirty_five(country: &str, list: &str, unit: &str) {
    let t = spawn_app().await;
    let full = json!({"access": "full", "payment_mode": "partner"});
    let (client, client_org, partner, partner_org, _) = partnered(&t, country, full).await;
    let o = t.order(&partner, client_org, hostings(35)).await;
    assert_eq!(o["organization_id"], partner_org, "PAR-7: the partner's order");
    assert_eq!(o["client_organization_id"], client_org);
    for i in o["items"].as_array().unwrap() {
        assert_eq!(i["list_price"]["amount"], list);
        assert_eq!(i["partner_discount_percent"], "20");
        assert_eq!(i["discount_percent"], "25");
        assert_eq!(i["unit_price"]["amount"], unit);
    }
    // The client sees no order or invoice of it; the partner pays it in its organization.
    let orders = format!("/1/organizations/{client_org}/orders");
    assert_eq!(count(&t, &client, &orders).await, 0);
    t.pay_by_card(&partner, partner_org, o["id"].as_i64().unwrap())
        .await;
    let invoices = format!("/1/organizations/{client_org}/invoices");
    assert_eq!(
        count(&t, &client, &invoices).await,
        0,
        "PAR-7: the client sees none"
    );
    let r = t
        .get(&format!("/1/organizations/{partner_org}/invoices"), &partner)
        .await;
    let inv = &r.json["data"][0];
    let unit_minor: i64 = unit.replace('.', "").parse().unwrap();
    let subtotal = kontor_domain::money::format_minor(35 * unit_minor);
    assert_eq!(inv["subtotal"]["amount"], subtotal, "{}", r.text);
    // The products are the client's, active, and reached by both.
    let products = format!("/1/organizations/{client_org}/products?window=all");
    let r = t.get(&products, &client).await;
    let rows = r.json["data"].as_array().unwrap();
    assert_eq!(rows.len(), 35, "{}", r.text);
    assert!(rows.iter().all(|p| p["status"] == "active"), "{}", r.text);
    // A discount, not a cashback.
    assert_eq!(
        prepaid(&t, &partner, partner_org).await["balance"]["amount"],
        "0.00"
    );
}

#[tokio::test]
async fn prc_3_par_7_paying_partner_orders_thirty_five_hostings_at_208_32_into_its_own_organization() {
    partner_pays_thirty_five("CH", "347.20", "208.32").await;
}

#[tokio::test]
async fn prc_3_par_7_in_eur_201_25_becomes_120_75() {
    partner_pays_thirty_five("DE", "201.25", "120.75").await;
}

#[tokio::test]
async fn par_8_client_pays_and_the_partner_earns_the_public_minus_partner_difference() {
    let t = spawn_app().await;
    let full = json!({"access": "full", "payment_mode": "client"});
    let (client, client_org, partner, partner_org, _) = partnered(&t, "CH", full).await;
    // The client's own order, at the public price (PRC-2's 25 % tier only).
    let o = t.order(&client, client_org, hostings(35)).await;
    assert_eq!(o["organization_id"], client_org);
    assert_eq!(o["items"][0]["unit_price"]["amount"], "260.40");
    assert_eq!(o["items"][0]["partner_discount_percent"], "0");
    // Nothing before the invoice is paid.
    assert_eq!(
        prepaid(&t, &partner, partner_org).await["balance"]["amount"],
        "0.00"
    );
    t.pay_by_card(&client, client_org, o["id"].as_i64().unwrap())
        .await;
    // 35 × (260.40 − 208.32) = 35 × 52.08 = 1822.80, as ledger kind `cashback`.
    let account = prepaid(&t, &partner, partner_org).await;
    assert_eq!(account["balance"]["amount"], "1822.80", "{account}");
    let entry = &account["entries"][0];
    assert_eq!(entry["kind"], "cashback");
    assert_eq!(entry["amount"]["amount"], "1822.80");
    // The partner orders for the client: the client's order, the client pays.
    let extra = json!([{"plan": "web-business", "period_months": 12, "name": "extra"}]);
    let mine = t.order(&partner, client_org, extra).await;
    assert_eq!(mine["organization_id"], client_org, "PAR-7: the client's order");
    let pay = format!("/1/organizations/{client_org}/orders/{}/pay", mine["id"]);
    let r = t
        .api(
            Method::POST,
            &pay,
            Some(&partner),
            Some(json!({"means": "prepaid"})),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "the partner sees no client invoice: {}",
        r.text
    );
    t.pay_by_card(&client, client_org, mine["id"].as_i64().unwrap())
        .await;
    let account = prepaid(&t, &partner, partner_org).await;
    assert_eq!(account["balance"]["amount"], "1874.88", "{account}");
    // Audited on the partner's side.
    let audit = t
        .get(
            &format!("/1/organizations/{partner_org}/audit?action=partner.cashback"),
            &partner,
        )
        .await;
    assert_eq!(
        audit.json["data"].as_array().map(Vec::len),
        Some(2),
        "{}",
        audit.text
    );
}

#[tokio::test]
async fn par_8_limited_access_earns_on_renewals_of_the_listed_products_only() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    // Products first, then the partnership listing one of them.
    let (client, client_org) = t.signed_up("lena@limited.ch").await;
    let shop = t
        .active_product(&client, client_org, "web-starter", "shop.limited.ch")
        .await;
    let blog = t
        .active_product(&client, client_org, "web-starter", "blog.limited.ch")
        .await;
    let (partner, partner_org) =
        partner_in(&t, PARTNER, "Muster Hosting", &["web_hosting"], true, "CH").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{client_org}/partners"),
            Some(&client),
            Some(json!({"partner": partner_org, "access": "limited", "products": [shop]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let mail = t.mails_to(PARTNER).await.pop().unwrap();
    let secret = mail.secret("/console/partnerships/").unwrap();
    let r = t
        .api(
            Method::POST,
            "/1/partnerships/accept",
            Some(&partner),
            Some(json!({"token": secret.split('?').next().unwrap()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // A new order earns nothing: the partner manages listed products only.
    let o = t
        .order(
            &client,
            client_org,
            json!([{"plan": "web-starter", "period_months": 12, "name": "new.limited.ch"}]),
        )
        .await;
    t.pay_by_card(&client, client_org, o["id"].as_i64().unwrap())
        .await;
    assert_eq!(
        prepaid(&t, &partner, partner_org).await["balance"]["amount"],
        "0.00"
    );
    // Renewing both: only the listed one earns, 119.00 − 95.20 = 23.80 (3 held: no tier).
    let card = t.card(client_org, "4242424242424242").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{client_org}/renewals"),
            Some(&client),
            Some(json!({"product_ids": [shop, blog], "means": "card", "card_token": card})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(
        prepaid(&t, &partner, partner_org).await["balance"]["amount"],
        "23.80"
    );
    // A limited partner cannot renew (billing) for the client.
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{client_org}/renewals"),
            Some(&partner),
            Some(json!({"product_ids": [shop], "means": "prepaid"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
}

#[tokio::test]
async fn par_7_paying_partner_renews_its_clients_products_and_the_warranty_invoice_is_its_own() {
    let t = spawn_app().await;
    let full = json!({"access": "full", "payment_mode": "partner"});
    let (client, client_org, partner, partner_org, _) = partnered(&t, "CH", full).await;
    let o = t
        .order(
            &partner,
            client_org,
            json!([{"plan": "web-starter", "period_months": 12, "name": "shop.ch", "renewal_warranty": true},
                   {"plan": "web-starter", "period_months": 12, "name": "blog.ch"}]),
        )
        .await;
    t.pay_by_card(&partner, partner_org, o["id"].as_i64().unwrap())
        .await;
    let (shop, blog) = (
        o["items"][0]["product_id"].clone(),
        o["items"][1]["product_id"].clone(),
    );
    // A manual renewal by the partner: paid with the partner's card, at its price.
    let card = t.card(partner_org, "4242424242424242").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{client_org}/renewals"),
            Some(&partner),
            Some(json!({"product_ids": [blog], "means": "card", "card_token": card})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(
        r.json["data"]["amount"]["amount"], "102.91",
        "95.20 + 8.1 % VAT: {}",
        r.text
    );
    let product = t
        .get(&format!("/1/organizations/{client_org}/products/{blog}"), &client)
        .await;
    let renewed = product.json["data"]["expires_at"].as_str().unwrap().to_owned();
    assert!(
        renewed.starts_with(&(t.clock_now().year() + 2).to_string()),
        "{renewed}"
    );
    // At expiry the warranty renews the other and bills the partner, never the client.
    t.clock.advance(time::Duration::days(366));
    t.app.run_renewals(t.clock_now()).await.unwrap();
    let invoices = format!("/1/organizations/{client_org}/invoices");
    assert_eq!(
        count(&t, &client, &invoices).await,
        0,
        "PAR-7: the client sees none"
    );
    let r = t
        .get(
            &format!("/1/organizations/{partner_org}/invoices?status=open"),
            &partner,
        )
        .await;
    let open = r.json["data"].as_array().unwrap();
    assert_eq!(open.len(), 1, "{}", r.text);
    assert_eq!(open[0]["subtotal"]["amount"], "95.20", "{}", r.text);
    let product = t
        .get(&format!("/1/organizations/{client_org}/products/{shop}"), &client)
        .await;
    assert_eq!(product.json["data"]["status"], "active", "{}", product.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn par_8_one_invoice_paid_by_ten_requests_at_once_credits_the_cashback_once() {
    let t = Arc::new(spawn_app().await);
    let full = json!({"access": "full", "payment_mode": "client"});
    let (client, client_org, partner, partner_org, _) = partnered(&t, "CH", full).await;
    let o = t.order(&client, client_org, hostings(35)).await;
    let id = o["id"].as_i64().unwrap();
    let mut cards = Vec::new();
    for _ in 0..10 {
        cards.push(t.card(client_org, "4242424242424242").await);
    }
    let mut set = tokio::task::JoinSet::new();
    for card in cards {
        let (t, client) = (t.clone(), client.clone());
        set.spawn(async move {
            t.api(
                Method::POST,
                &format!("/1/organizations/{client_org}/orders/{id}/pay"),
                Some(&client),
                Some(json!({"means": "card", "card_token": card})),
            )
            .await
            .json["data"]["status"]
                .as_str()
                .map(str::to_owned)
        });
    }
    let mut succeeded = 0;
    while let Some(r) = set.join_next().await {
        if r.unwrap().as_deref() == Some("succeeded") {
            succeeded += 1;
        }
    }
    assert_eq!(succeeded, 1);
    let account = prepaid(&t, &partner, partner_org).await;
    assert_eq!(account["balance"]["amount"], "1822.80", "{account}");
    assert_eq!(account["entries"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn par_10_partner_exports_per_client_products_renewals_amounts_and_cashback_for_a_period() {
    let t = spawn_app().await;
    let full = json!({"access": "full", "payment_mode": "client"});
    let (client, client_org, partner, partner_org, _) = partnered(&t, "CH", full).await;
    let o = t.order(&client, client_org, hostings(35)).await;
    t.pay_by_card(&client, client_org, o["id"].as_i64().unwrap())
        .await;
    let today = kontor_app::billing::invoices::iso_date(t.clock_now().date());
    let statement = format!("/1/organizations/{partner_org}/clients/statement?from={today}&until={today}");
    let r = t.get(&statement, &partner).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let c = &r.json["data"]["clients"][0];
    assert_eq!(c["client_id"], client_org);
    assert_eq!(c["products"], 35);
    assert_eq!(c["amounts"][0]["amount"], "9114.00", "{}", r.text);
    assert_eq!(c["cashback"]["amount"], "1822.80");
    assert_eq!(r.json["data"]["cashback"]["amount"], "1822.80");
    // The CSV: one paid item per row.
    let csv = t
        .get(
            &format!("/1/organizations/{partner_org}/clients/export.csv?from={today}"),
            &partner,
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines.len(), 36, "{}", csv.text);
    assert!(lines[0].starts_with("client_id,client,paid,kind"), "{}", lines[0]);
    assert!(
        lines[1].ends_with(",new,web_hosting,site0,12,260.40,CHF,client,52.08,CHF"),
        "{}",
        lines[1]
    );
    // Another period holds nothing; a bad date is refused.
    let r = t
        .get(
            &format!("/1/organizations/{partner_org}/clients/statement?until=2020-01-01"),
            &partner,
        )
        .await;
    assert_eq!(
        r.json["data"]["clients"].as_array().map(Vec::len),
        Some(0),
        "{}",
        r.text
    );
    let r = t
        .get(
            &format!("/1/organizations/{partner_org}/clients/statement?from=yesterday"),
            &partner,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    // PAR-9: a member assigned to no client sees none of it.
    let (member, _) = t
        .member(
            &partner,
            partner_org,
            "max@muster-hosting.ch",
            "administrator",
            json!({}),
        )
        .await;
    let r = t.get(&statement, &member).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json["data"]["clients"].as_array().map(Vec::len),
        Some(0),
        "{}",
        r.text
    );
    // The client cannot read its partner's statement.
    let r = t.get(&statement, &client).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
    // The partner space shows the period (this year by default) in the partner's language,
    // with the CSV to download.
    let mut petra = t.browser();
    petra
        .sign_in("ch-petra@muster-hosting.ch", kontor_testkit::PASSWORD)
        .await;
    let page = petra.get("/console/clients").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("Im Zeitraum verdientes Cashback"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("1’822.80") || page.text.contains("1822.80"),
        "{}",
        page.text
    );
    let csv = petra
        .get(&format!("/console/clients/export.csv?from={today}&until={today}"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.text.lines().count(), 36);
    let bad = petra.get("/console/clients?from=31.12.2026").await;
    assert!(bad.text.contains("kein gültiges Datum"), "{}", bad.text);
}

#[tokio::test]
async fn par_7_console_paying_partner_orders_in_the_client_and_lands_on_its_own_order_to_pay() {
    let t = spawn_app().await;
    let full = json!({"access": "full", "payment_mode": "partner"});
    let (client, client_org, partner, partner_org, _) = partnered(&t, "CH", full).await;
    let mut petra = t.browser();
    petra
        .sign_in("ch-petra@muster-hosting.ch", kontor_testkit::PASSWORD)
        .await;
    let to = client_org.to_string();
    let r = petra
        .submit("/console/organization", "/console/switch", &[("org", &to)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let names = (0..35)
        .map(|i| format!("site{i}.ch"))
        .collect::<Vec<_>>()
        .join("\n");
    let fields = [
        ("plan", "web-business"),
        ("period", "12"),
        ("names", names.as_str()),
    ];
    // The preview already shows the partner's price.
    let mut preview = fields.to_vec();
    preview.push(("go", "preview"));
    let page = petra
        .submit("/console/catalog", "/console/catalog", &preview)
        .await;
    assert!(page.text.contains("208.32"), "{}", page.text);
    let mut order = fields.to_vec();
    order.push(("go", "order"));
    let r = petra.submit("/console/catalog", "/console/catalog", &order).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let at = r.header("location").to_owned();
    assert!(at.starts_with("/console/orders/"), "{at}");
    // The order page is the partner's, with its pay buttons; the client has no order.
    let page = petra.get(&at).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("208.32"), "{}", page.text);
    let orders = t
        .get(&format!("/1/organizations/{partner_org}/orders"), &partner)
        .await;
    assert_eq!(orders.json["total"], 1, "{}", orders.text);
    let theirs = t
        .get(&format!("/1/organizations/{client_org}/orders"), &client)
        .await;
    assert_eq!(theirs.json["total"], 0, "{}", theirs.text);
}

#[tokio::test]
async fn par_8_a_client_paying_in_eur_earns_a_chf_partner_its_cashback_from_the_chf_catalogue() {
    let t = spawn_app().await;
    let full = json!({"access": "full", "payment_mode": "client"});
    let (client, client_org, partner, partner_org, _) = partnered_in(&t, "DE", "CH", full).await;
    let o = t.order(&client, client_org, hostings(35)).await;
    // The client pays EUR 201.25 − 25 % = 150.94 (rounded half-up).
    assert_eq!(o["items"][0]["unit_price"]["amount"], "150.94");
    assert_eq!(o["items"][0]["unit_price"]["currency"], "EUR");
    t.pay_by_card(&client, client_org, o["id"].as_i64().unwrap())
        .await;
    // No exchange rate: the cashback is the CHF catalogue's 260.40 − 208.32 = 52.08 each.
    let account = prepaid(&t, &partner, partner_org).await;
    assert_eq!(account["balance"]["amount"], "1822.80", "{account}");
    assert_eq!(account["balance"]["currency"], "CHF");
}
