//! Catalogue, orders, payments, invoices, the prepaid ledger (PRD, PRC, BIL).

use axum::body::Body;
use http::{Method, StatusCode};
use kontor_domain::references::{is_valid_creditor_reference, is_valid_qr_reference};
use kontor_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

async fn shop() -> (TestApp, String, i64) {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("buyer@example.ch").await;
    (t, token, org)
}

async fn post_with_key(
    t: &TestApp,
    token: &str,
    path: &str,
    key: &str,
    body: Value,
) -> kontor_testkit::TestResponse {
    let auth = format!("Bearer {token}");
    t.send(
        Method::POST,
        path,
        &[
            ("authorization", &auth),
            ("content-type", "application/json"),
            ("idempotency-key", key),
        ],
        Body::from(body.to_string()),
    )
    .await
}

fn hostings(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| json!({"plan": "web-business", "period_months": 12, "name": format!("site{i}")}))
            .collect(),
    )
}

#[tokio::test]
async fn prd_1_catalogue_lists_types_plans_and_prices_in_both_currencies() {
    let (t, _, _) = shop().await;
    let r = t.api(Method::GET, "/1/catalog", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let web = r.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == "web_hosting")
        .unwrap();
    let business = web["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "web-business")
        .unwrap();
    let year = business["prices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period_months"] == 12)
        .unwrap();
    assert_eq!(
        year["amounts"],
        json!([{"amount": "347.20", "currency": "CHF"}, {"amount": "201.25", "currency": "EUR"}])
    );
    let types: Vec<&str> = r.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type"].as_str().unwrap())
        .collect();
    assert_eq!(types.len(), 10, "{types:?}");
}

#[tokio::test]
async fn prd_1_a_price_change_applies_to_orders_created_after_it() {
    let (t, token, org) = shop().await;
    let before = t
        .order(
            &token,
            org,
            json!([{"plan": "web-starter", "period_months": 12, "name": "a"}]),
        )
        .await;
    let changed = kontor_testkit::DEMO_CATALOG.replace("CHF = \"119.00\"", "CHF = \"129.00\"");
    t.app
        .import_catalog(&kontor_app::Actor::system(), &changed)
        .await
        .unwrap();
    let after = t
        .order(
            &token,
            org,
            json!([{"plan": "web-starter", "period_months": 12, "name": "b"}]),
        )
        .await;
    assert_eq!(before["items"][0]["unit_price"]["amount"], "119.00");
    assert_eq!(after["items"][0]["unit_price"]["amount"], "129.00");
    let again = t
        .get(&format!("/1/organizations/{org}/orders/{}", before["id"]), &token)
        .await;
    assert_eq!(again.json["data"]["items"][0]["unit_price"]["amount"], "119.00");
}

#[tokio::test]
async fn prc_2_thirty_five_web_hostings_are_priced_at_the_thirty_and_more_tier() {
    let (t, token, org) = shop().await;
    let o = t.order(&token, org, hostings(35)).await;
    let items = o["items"].as_array().unwrap();
    assert_eq!(items.len(), 35);
    for i in items {
        assert_eq!(i["list_price"]["amount"], "347.20");
        assert_eq!(i["discount_percent"], "25");
        assert_eq!(i["unit_price"]["amount"], "260.40");
    }
    // 35 × 260.40 = 9114.00; VAT 8.1 % = 738.23
    assert_eq!(o["subtotal"]["amount"], "9114.00");
    assert_eq!(o["vat"]["amount"], "738.23");
    assert_eq!(o["total"]["amount"], "9852.23");
    // Four more, once the 35 are held: 39 → still 25 %. A fresh organization ordering 4: 0 %.
    let (other, other_org) = t.signed_up("small@example.ch").await;
    let small = t.order(&other, other_org, hostings(4)).await;
    assert_eq!(small["items"][0]["discount_percent"], "0");
}

#[tokio::test]
async fn prc_2_held_products_count_towards_the_tier() {
    let (t, token, org) = shop().await;
    let o = t.order(&token, org, hostings(4)).await;
    t.pay_by_card(&token, org, o["id"].as_i64().unwrap()).await;
    // 4 held + 1 ordered = 5 → 5 %.
    let next = t
        .order(
            &token,
            org,
            json!([{"plan": "web-business", "period_months": 12, "name": "fifth"}]),
        )
        .await;
    assert_eq!(next["items"][0]["discount_percent"], "5");
    assert_eq!(next["items"][0]["unit_price"]["amount"], "329.84");
}

#[tokio::test]
async fn prd_2_order_validation_names_each_item() {
    let (t, token, org) = shop().await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders"),
            Some(&token),
            Some(json!({"items": [
                {"plan": "nope", "period_months": 12, "name": "a"},
                {"plan": "web-starter", "period_months": 7, "name": "b"},
                {"plan": "domain-ch", "period_months": 12, "name": "not a domain"},
                {"plan": "web-starter", "period_months": 12, "name": "x"},
                {"plan": "web-starter", "period_months": 12, "name": "x"}
            ]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = r.json["error"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec![
            "items[0].plan",
            "items[1].period_months",
            "items[2].name",
            "items[4].name"
        ]
    );
    let orders = t.get(&format!("/1/organizations/{org}/orders"), &token).await;
    assert_eq!(orders.json["total"], 0);
}

#[tokio::test]
async fn prd_2_cancelling_a_pending_order_frees_the_names() {
    let (t, token, org) = shop().await;
    let o = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "example.ch"}]),
        )
        .await;
    let dup = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders"),
            Some(&token),
            Some(json!({"items": [{"plan": "domain-ch", "period_months": 12, "name": "EXAMPLE.ch"}]})),
        )
        .await;
    assert_eq!(dup.status, StatusCode::BAD_REQUEST, "{}", dup.text);
    assert_eq!(dup.json["error"]["errors"][0]["code"], "product_name_taken");
    let c = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders/{}/cancel", o["id"]),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(c.json["data"]["status"], "cancelled");
    let again = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders/{}/cancel", o["id"]),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(again.code(), "order_not_pending");
    t.order(
        &token,
        org,
        json!([{"plan": "domain-ch", "period_months": 12, "name": "example.ch"}]),
    )
    .await;
}

#[tokio::test]
async fn bil_6_prepaid_plus_card_activates_invoices_and_the_ledger_sums_to_the_balance() {
    let (t, token, org) = shop().await;
    let card = t.card(org, "4242424242424242").await;
    let top = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/prepaid/top-ups"),
            Some(&token),
            Some(json!({"amount": "100.00", "means": "card", "card_token": card})),
        )
        .await;
    assert_eq!(top.status, StatusCode::CREATED, "{}", top.text);
    let o = t
        .order(
            &token,
            org,
            json!([{"plan": "web-starter", "period_months": 12, "name": "shop"}]),
        )
        .await;
    assert_eq!(o["total"]["amount"], "128.64");
    let card = t.card(org, "4242424242424242").await;
    let p = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders/{}/pay", o["id"]),
            Some(&token),
            Some(json!({"means": "card", "card_token": card, "prepaid_amount": "100.00", "save": true})),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{}", p.text);
    let pay = &p.json["data"];
    assert_eq!(pay["status"], "succeeded");
    assert_eq!(pay["prepaid_amount"]["amount"], "100.00");
    assert_eq!(pay["means_amount"]["amount"], "28.64");
    assert_eq!(pay["card"]["last4"], "4242");
    // PRD-3: active for 12 months from now, on a hosting server prefix.
    let product = t
        .get(
            &format!("/1/organizations/{org}/products/{}", o["items"][0]["product_id"]),
            &token,
        )
        .await;
    assert_eq!(product.json["data"]["status"], "active");
    assert_eq!(product.json["data"]["expires_at"], "2027-11-23T09:00:00Z");
    assert_eq!(
        product.json["data"]["auto_renew"], true,
        "REN-4: card payments switch automatic renewal on"
    );
    assert_eq!(product.json["data"]["server_prefix"].as_str().unwrap().len(), 4);
    // BIL-1 / BIL-9: the first invoice of the year, with a valid QR reference.
    let inv = t
        .get(
            &format!("/1/organizations/{org}/invoices/{}", pay["invoice_id"]),
            &token,
        )
        .await;
    let inv = &inv.json["data"];
    assert_eq!(inv["number"], "2026-000001");
    assert_eq!(inv["status"], "paid");
    assert_eq!(inv["total"]["amount"], "128.64");
    assert_eq!(inv["vat"]["amount"], "9.64");
    assert!(is_valid_qr_reference(inv["reference"].as_str().unwrap()), "{inv}");
    assert_eq!(inv["reference"], o["reference"]);
    assert_eq!(inv["lines"].as_array().unwrap().len(), 1);
    assert_eq!(inv["billing_address"]["country"], "CH");
    // BIL-6: +100 top-up, −100 payment; balance 0 = sum of entries.
    let pre = t.get(&format!("/1/organizations/{org}/prepaid"), &token).await;
    assert_eq!(pre.json["data"]["balance"]["amount"], "0.00");
    let amounts: Vec<&str> = pre.json["data"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["amount"]["amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, vec!["-100.00", "100.00"]);
    // BIL-4: the saved card keeps brand, last 4 and expiry only.
    let methods = t
        .get(&format!("/1/organizations/{org}/payment-methods"), &token)
        .await;
    assert_eq!(methods.json["data"][0]["brand"], "visa");
    assert!(!methods.text.contains("4242424242424242"));
    // MSG: the billing contact is told.
    let mails = t.mails_to("buyer@example.ch").await;
    assert!(
        mails.iter().any(|m| m.subject.contains("2026-000001")),
        "{:?}",
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn bil_6_the_balance_never_goes_negative_and_top_ups_are_bounded() {
    let (t, token, org) = shop().await;
    let o = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "x.ch"}]),
        )
        .await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders/{}/pay", o["id"]),
            Some(&token),
            Some(json!({"means": "prepaid"})),
        )
        .await;
    assert_eq!(r.code(), "insufficient_prepaid_balance");
    for (amount, ok) in [
        ("0.09", false),
        ("0.10", true),
        ("9999.00", true),
        ("9999.01", false),
    ] {
        let card = t.card(org, "4242424242424242").await;
        let r = t
            .api(
                Method::POST,
                &format!("/1/organizations/{org}/prepaid/top-ups"),
                Some(&token),
                Some(json!({"amount": amount, "means": "card", "card_token": card})),
            )
            .await;
        assert_eq!(r.status == StatusCode::CREATED, ok, "{amount}: {}", r.text);
    }
    let pre = t.get(&format!("/1/organizations/{org}/prepaid"), &token).await;
    assert_eq!(pre.json["data"]["balance"]["amount"], "9999.10");
}

#[tokio::test]
async fn bil_8_a_declined_card_changes_nothing() {
    let (t, token, org) = shop().await;
    let o = t
        .order(
            &token,
            org,
            json!([{"plan": "web-starter", "period_months": 12, "name": "shop"}]),
        )
        .await;
    for (number, code) in [
        ("4000000000000002", "card_declined"),
        ("4000000000009995", "insufficient_funds"),
    ] {
        let card = t.card(org, number).await;
        let r = t
            .api(
                Method::POST,
                &format!("/1/organizations/{org}/orders/{}/pay", o["id"]),
                Some(&token),
                Some(json!({"means": "card", "card_token": card})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.json["data"]["status"], "failed");
        assert_eq!(r.json["data"]["failure_code"], code);
        assert_eq!(r.json["data"]["invoice_id"], Value::Null);
    }
    let order = t
        .get(&format!("/1/organizations/{org}/orders/{}", o["id"]), &token)
        .await;
    assert_eq!(order.json["data"]["status"], "pending");
    let product = t
        .get(
            &format!("/1/organizations/{org}/products/{}", o["items"][0]["product_id"]),
            &token,
        )
        .await;
    assert_eq!(product.json["data"]["status"], "pending");
    let invoices = t.get(&format!("/1/organizations/{org}/invoices"), &token).await;
    assert_eq!(invoices.json["total"], 0);
    // Then a good card pays it.
    t.pay_by_card(&token, org, o["id"].as_i64().unwrap()).await;
}

#[tokio::test]
async fn bil_8_the_sandbox_refuses_bad_cards_at_its_form() {
    let t = spawn_app().await;
    for (body, field) in [
        (
            json!({"customer": 1, "number": "4242424242424241", "exp_month": 12, "exp_year": 2030, "cvc": "123"}),
            "number",
        ),
        (
            json!({"customer": 1, "number": "4242424242424242", "exp_month": 1, "exp_year": 2020, "cvc": "123"}),
            "exp_month",
        ),
        (
            json!({"customer": 1, "number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "12"}),
            "cvc",
        ),
        (
            json!({"customer": 1, "number": "378282246310005", "exp_month": 12, "exp_year": 2030, "cvc": "123"}),
            "number",
        ),
    ] {
        let r = t.api(Method::POST, "/sandbox/cards", None, Some(body)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.json["error"]["errors"][0]["field"], field);
    }
}

#[tokio::test]
async fn bil_10_the_same_idempotency_key_pays_once() {
    let (t, token, org) = shop().await;
    let body = json!({"items": [{"plan": "web-starter", "period_months": 12, "name": "shop"}]});
    let path = format!("/1/organizations/{org}/orders");
    let once = post_with_key(&t, &token, &path, "order-1", body.clone()).await;
    let twice = post_with_key(&t, &token, &path, "order-1", body.clone()).await;
    assert_eq!(once.json["data"]["id"], twice.json["data"]["id"]);
    let card = t.card(org, "4242424242424242").await;
    let pay = format!("/1/organizations/{org}/orders/{}/pay", once.json["data"]["id"]);
    let body = json!({"means": "card", "card_token": card});
    let first = post_with_key(&t, &token, &pay, "pay-1", body.clone()).await;
    let second = post_with_key(&t, &token, &pay, "pay-1", body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.json["data"], second.json["data"]);
    let invoices = t.get(&format!("/1/organizations/{org}/invoices"), &token).await;
    assert_eq!(invoices.json["total"], 1);
    let other = post_with_key(&t, &token, &pay, "pay-1", json!({"means": "prepaid"})).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.code(), "idempotency_key_reused");
    // The card was charged once.
    assert_eq!(t.number("SELECT COUNT(*) FROM sandbox_charges").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bil_1_fifty_concurrent_payments_get_fifty_consecutive_numbers() {
    let t = kontor_testkit::spawn_app_with(kontor_testkit::Options {
        rate_limit_per_minute: Some(0),
        ..Default::default()
    })
    .await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("buyer@example.ch").await;
    let mut orders = Vec::new();
    for i in 0..50 {
        let o = t
            .order(
                &token,
                org,
                json!([{"plan": "domain-ch", "period_months": 12, "name": format!("d{i}.ch")}]),
            )
            .await;
        orders.push(o["id"].as_i64().unwrap());
    }
    let t = std::sync::Arc::new(t);
    let mut set = tokio::task::JoinSet::new();
    for id in orders {
        let (t, token) = (t.clone(), token.clone());
        set.spawn(async move { t.pay_by_card(&token, org, id).await });
    }
    while let Some(r) = set.join_next().await {
        r.unwrap();
    }
    let mut c = t.db.acquire().await.unwrap();
    let numbers = kontor_store::billing::invoices::numbers_of_year(&mut c, 2026)
        .await
        .unwrap();
    assert_eq!(numbers, (1..=50).collect::<Vec<i64>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bil_10_twenty_parallel_payments_with_one_key_reach_the_gateway_once() {
    let t = kontor_testkit::spawn_app_with(kontor_testkit::Options {
        rate_limit_per_minute: Some(0),
        ..Default::default()
    })
    .await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("buyer@example.ch").await;
    let order = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "once.ch"}]),
        )
        .await;
    let pay = format!("/1/organizations/{org}/orders/{}/pay", order["id"]);
    let card = t.card(org, "4242424242424242").await;
    let body = json!({"means": "card", "card_token": card});
    let t = std::sync::Arc::new(t);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (t, token, pay, body) = (t.clone(), token.clone(), pay.clone(), body.clone());
        set.spawn(async move { post_with_key(&t, &token, &pay, "one-key", body).await });
    }
    let mut paid = std::collections::HashSet::new();
    let mut in_use = 0;
    while let Some(r) = set.join_next().await {
        let r = r.unwrap();
        if r.status == StatusCode::CONFLICT {
            assert_eq!(r.code(), "idempotency_key_in_use", "{}", r.text);
            in_use += 1;
        } else {
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            assert_eq!(r.json["data"]["status"], "succeeded");
            paid.insert(r.json["data"]["id"].as_i64().unwrap());
        }
    }
    assert_eq!(
        paid.len(),
        1,
        "one payment, answered to every request that got one"
    );
    assert!(in_use < 20);
    assert_eq!(
        t.number("SELECT COUNT(*) FROM sandbox_charges").await,
        1,
        "the gateway saw one charge"
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM payments").await, 1);
    // Afterwards the key answers the first result.
    let again = post_with_key(&t, &token, &pay, "one-key", body).await;
    assert_eq!(again.json["data"]["id"].as_i64(), paid.iter().next().copied());
}

#[tokio::test]
async fn bil_4_a_card_token_pays_only_for_its_organization_and_is_kept_sealed() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (anna, a) = t.signed_up("anna@example.ch").await;
    let (mallory, m) = t.signed_up("mallory@example.ch").await;
    let card = t.card(a, "4242424242424242").await;
    let saved = t
        .api(
            Method::POST,
            &format!("/1/organizations/{a}/payment-methods"),
            Some(&anna),
            Some(json!({"card_token": card})),
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    assert!(!saved.text.contains(&card), "the token is never answered");
    // Another organization cannot use the token: not to pay, not to save it.
    let order = t
        .order(
            &mallory,
            m,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "steal.ch"}]),
        )
        .await;
    let pay = format!("/1/organizations/{m}/orders/{}/pay", order["id"]);
    let stolen = t
        .api(
            Method::POST,
            &pay,
            Some(&mallory),
            Some(json!({"means": "card", "card_token": card})),
        )
        .await;
    assert_eq!(stolen.status, StatusCode::BAD_REQUEST, "{}", stolen.text);
    assert_eq!(stolen.json["error"]["errors"][0]["code"], "unknown");
    let kept = t
        .api(
            Method::POST,
            &format!("/1/organizations/{m}/payment-methods"),
            Some(&mallory),
            Some(json!({"card_token": card})),
        )
        .await;
    assert_eq!(kept.status, StatusCode::BAD_REQUEST, "{}", kept.text);
    // At rest the token is sealed for its organization.
    let stored = t.texts("SELECT gateway_token FROM payment_methods").await;
    assert_eq!(stored.len(), 1);
    assert!(
        stored[0].starts_with("s1:") && !stored[0].contains(&card),
        "{}",
        stored[0]
    );
    // A sealed token copied onto another organization's row does not open there.
    let copied = t
        .execute(
            "INSERT INTO payment_methods (organization_id, kind, gateway_token, brand, last4, exp_month, exp_year, created_at) \
             SELECT o.id, p.kind, p.gateway_token, p.brand, p.last4, p.exp_month, p.exp_year, p.created_at \
             FROM payment_methods p, organizations o WHERE o.id <> p.organization_id",
        )
        .await;
    assert_eq!(copied, 1);
    let methods = t
        .get(&format!("/1/organizations/{m}/payment-methods"), &mallory)
        .await;
    let copy = methods.json["data"][0]["id"].as_i64().unwrap();
    let with_copy = t
        .api(
            Method::POST,
            &pay,
            Some(&mallory),
            Some(json!({"means": "card", "payment_method_id": copy})),
        )
        .await;
    assert_eq!(with_copy.status, StatusCode::BAD_REQUEST, "{}", with_copy.text);
    assert_eq!(
        t.number("SELECT COUNT(*) FROM sandbox_charges").await,
        0,
        "nothing was charged"
    );
    // The organization it belongs to pays with it.
    let method = saved.json["data"]["id"].as_i64().unwrap();
    let paid = pay_new_domain_with(&t, &anna, a, method).await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text);
}

/// Orders a domain and pays it with the saved method `method`.
async fn pay_new_domain_with(
    t: &TestApp,
    token: &str,
    org: i64,
    method: i64,
) -> kontor_testkit::TestResponse {
    let order = t
        .order(
            token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "own.ch"}]),
        )
        .await;
    t.api(
        Method::POST,
        &format!("/1/organizations/{org}/orders/{}/pay", order["id"]),
        Some(token),
        Some(json!({"means": "card", "payment_method_id": method})),
    )
    .await
}

#[tokio::test]
async fn sec_6_card_tokens_saved_before_sealing_are_sealed_by_the_housekeeping_job() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (anna, a) = t.signed_up("anna@example.ch").await;
    let card = t.card(a, "4242424242424242").await;
    t.execute(format!(
        "INSERT INTO payment_methods (organization_id, kind, gateway_token, brand, last4, exp_month, exp_year, created_at) \
         VALUES ({a}, 'card', '{card}', 'visa', '4242', 12, 2030, 0)"
    ))
    .await;
    t.app.run_jobs(t.clock_now()).await.unwrap();
    let stored = t.texts("SELECT gateway_token FROM payment_methods").await;
    assert!(stored[0].starts_with("s1:"), "{}", stored[0]);
    let method = t
        .get(&format!("/1/organizations/{a}/payment-methods"), &anna)
        .await
        .json["data"][0]["id"]
        .as_i64()
        .unwrap();
    let paid = pay_new_domain_with(&t, &anna, a, method).await;
    assert_eq!(paid.status, StatusCode::CREATED, "still pays: {}", paid.text);
}

#[tokio::test]
async fn bil_10_a_refused_request_gives_its_key_back() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("buyer@example.ch").await;
    let order = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "back.ch"}]),
        )
        .await;
    let pay = format!("/1/organizations/{org}/orders/{}/pay", order["id"]);
    let bad = post_with_key(&t, &token, &pay, "k-1", json!({"means": "card"})).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        t.number("SELECT COUNT(*) FROM idempotency_keys").await,
        0,
        "given back"
    );
    let same = post_with_key(&t, &token, &pay, "k-1", json!({"means": "card"})).await;
    assert_eq!(
        same.status,
        StatusCode::BAD_REQUEST,
        "the same refused request is refused again"
    );
    let card = t.card(org, "4242424242424242").await;
    let ok = post_with_key(
        &t,
        &token,
        &pay,
        "k-2",
        json!({"means": "card", "card_token": card}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
}

#[tokio::test]
async fn bil_9_eur_invoices_carry_a_valid_creditor_reference() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let r = t
        .api(Method::POST, "/1/signup", None, Some(json!({"email": "eu@example.de", "password": kontor_testkit::PASSWORD, "first_name": "E", "last_name": "U", "kind": "company", "company_name": "EU GmbH", "country": "DE", "language": "de"})))
        .await;
    let org = r.json["data"]["organization"]["id"].as_i64().unwrap();
    let token = t.token("eu@example.de").await;
    let o = t
        .order(
            &token,
            org,
            json!([{"plan": "web-business", "period_months": 12, "name": "eu"}]),
        )
        .await;
    assert_eq!(o["total"]["amount"], "201.25", "PRC-4: no VAT outside CH/LI");
    let p = t.pay_by_card(&token, org, o["id"].as_i64().unwrap()).await;
    let inv = t
        .get(
            &format!("/1/organizations/{org}/invoices/{}", p["invoice_id"]),
            &token,
        )
        .await;
    let reference = inv.json["data"]["reference"].as_str().unwrap();
    assert!(
        reference.starts_with("RF") && is_valid_creditor_reference(reference),
        "{reference}"
    );
    assert_eq!(inv.json["data"]["currency"], "EUR");
}

#[tokio::test]
async fn bil_1_issued_invoices_cannot_be_changed() {
    let (t, token, org) = shop().await;
    let o = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "x.ch"}]),
        )
        .await;
    t.pay_by_card(&token, org, o["id"].as_i64().unwrap()).await;
    let mut c = t.db.acquire().await.unwrap();
    let changed = match c.inner() {
        kontor_store::db_inner::Sqlite(e) => sqlx::query("UPDATE invoices SET total_minor = 1")
            .execute(e)
            .await
            .is_ok(),
        kontor_store::db_inner::Postgres(e) => sqlx::query("UPDATE invoices SET total_minor = 1")
            .execute(e)
            .await
            .is_ok(),
    };
    assert!(!changed, "the database refuses to change an issued invoice");
}

#[tokio::test]
async fn bil_7_a_new_order_picks_its_billing_address_in_the_api_and_the_console() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("buyer@example.ch").await;
    let add = |name: &'static str, default: bool| {
        let (t, token) = (&t, token.clone());
        async move {
            let r = t
                .api(
                    Method::POST,
                    &format!("/1/organizations/{org}/billing-addresses"),
                    Some(&token),
                    Some(
                        json!({"name": name, "street": "Seestrasse", "building_number": "4",
                        "postal_code": "8002", "city": "Zürich", "country": "CH", "is_default": default}),
                    ),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            r.json["data"]["id"].as_i64().unwrap()
        }
    };
    add("Default AG", true).await;
    let other = add("Accounting GmbH", false).await;
    let order = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders"),
            Some(&token),
            Some(json!({"items": [{"plan": "domain-ch", "period_months": 12, "name": "picked.ch"}], "billing_address_id": other})),
        )
        .await;
    assert_eq!(order.status, StatusCode::CREATED, "{}", order.text);
    t.pay_by_card(&token, org, order.json["data"]["id"].as_i64().unwrap())
        .await;
    let inv = t.get(&format!("/1/organizations/{org}/invoices"), &token).await;
    assert_eq!(
        inv.json["data"][0]["billing_address"]["name"], "Accounting GmbH",
        "{}",
        inv.text
    );
    // Another organization's address is unknown here.
    let (stranger, their) = t.signed_up("other@example.ch").await;
    let theirs = t
        .api(
            Method::POST,
            &format!("/1/organizations/{their}/billing-addresses"),
            Some(&stranger),
            Some(json!({"name": "Theirs", "street": "X", "building_number": "1", "postal_code": "8000", "city": "Zürich", "country": "CH"})),
        )
        .await
        .json["data"]["id"]
        .as_i64()
        .unwrap();
    let refused = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders"),
            Some(&token),
            Some(json!({"items": [{"plan": "domain-ch", "period_months": 12, "name": "x.ch"}], "billing_address_id": theirs})),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert_eq!(refused.json["error"]["errors"][0]["field"], "billing_address_id");
    // The console's order form offers the addresses and keeps the choice.
    let mut b = t.browser();
    b.sign_in("buyer@example.ch", kontor_testkit::PASSWORD).await;
    let page = b.get("/console/catalog").await;
    assert!(page.text.contains("Accounting GmbH"), "{}", page.text);
    let other_id = other.to_string();
    let page = b.get("/console/catalog").await;
    let bad = b
        .post(
            "/console/catalog",
            &[
                ("csrf", &kontor_testkit::csrf_of(&page.text)),
                ("idem", "form-bad"),
                ("plan", "domain-ch"),
                ("period", "12"),
                ("names", "bad.ch"),
                ("billing_address", "12abc"),
                ("go", "order"),
            ],
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::BAD_REQUEST,
        "a value that is no address is refused, not ignored"
    );
    let id = order_in_console(&mut b, "console.ch", ("billing_address", &other_id)).await;
    t.pay_by_card(&token, org, id).await;
    let inv = t.get(&format!("/1/organizations/{org}/invoices"), &token).await;
    let names: Vec<_> = inv.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["billing_address"]["name"].clone())
        .collect();
    assert!(names.iter().all(|n| n == "Accounting GmbH"), "{names:?}");
}

#[tokio::test]
async fn ren_5_the_renewal_warranty_can_be_chosen_at_order_time_except_for_nas() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("buyer@example.ch").await;
    let order = t
        .order(
            &token,
            org,
            json!([
                {"plan": "domain-ch", "period_months": 12, "name": "kept.ch", "renewal_warranty": true},
                {"plan": "domain-ch", "period_months": 12, "name": "plain.ch"}
            ]),
        )
        .await;
    t.pay_by_card(&token, org, order["id"].as_i64().unwrap()).await;
    for (item, warranty) in [(0, true), (1, false)] {
        let id = order["items"][item]["product_id"].as_i64().unwrap();
        let p = t
            .get(&format!("/1/organizations/{org}/products/{id}"), &token)
            .await;
        assert_eq!(p.json["data"]["renewal_warranty"], warranty, "{}", p.text);
    }
    let nas = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders"),
            Some(&token),
            Some(json!({"items": [{"plan": "nas-8tb", "period_months": 12, "name": "box", "renewal_warranty": true}]})),
        )
        .await;
    assert_eq!(nas.status, StatusCode::BAD_REQUEST, "{}", nas.text);
    assert_eq!(
        nas.json["error"]["errors"][0]["field"],
        "items[0].renewal_warranty"
    );
    assert_eq!(nas.json["error"]["errors"][0]["code"], "not_available_for_nas");
    // The console's order form has the same choice.
    let mut b = t.browser();
    b.sign_in("buyer@example.ch", kontor_testkit::PASSWORD).await;
    let id = order_in_console(&mut b, "console-kept.ch", ("warranty", "on")).await;
    let o = t
        .get(&format!("/1/organizations/{org}/orders/{id}"), &token)
        .await;
    let pid = o.json["data"]["items"][0]["product_id"].as_i64().unwrap();
    let p = t
        .get(&format!("/1/organizations/{org}/products/{pid}"), &token)
        .await;
    assert_eq!(p.json["data"]["renewal_warranty"], true, "{}", p.text);
}

/// Orders one .ch domain through the console's order form with one more field; answers the
/// order's id.
async fn order_in_console(b: &mut kontor_testkit::Browser<'_>, name: &str, field: (&str, &str)) -> i64 {
    let page = b.get("/console/catalog").await;
    let csrf = kontor_testkit::csrf_of(&page.text);
    let placed = b
        .post(
            "/console/catalog",
            &[
                ("csrf", &csrf),
                ("idem", &format!("form-{name}")),
                ("plan", "domain-ch"),
                ("period", "12"),
                ("names", name),
                field,
                ("go", "order"),
            ],
        )
        .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.text);
    placed
        .header("location")
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The catalogue is kept in memory by each server (issue 18's console lists read it on every
/// page): a change made through any server is seen by every other at once.
#[tokio::test]
async fn prd_1_every_server_sees_a_catalogue_change_at_once() {
    let (t, _, _) = shop().await;
    // A second server on the same database, with its own memory.
    let other = kontor_app::App::new(
        t.app.db.clone(),
        std::sync::Arc::new(t.clock.clone()),
        (*t.app.settings).clone(),
    )
    .unwrap();
    let price = |cat: &kontor_app::catalog::Catalog| cat.list_price("web-starter", 12, 0, "", "CHF");
    assert_eq!(price(&t.app.catalog().await.unwrap()), Some(11_900));
    assert_eq!(price(&other.catalog().await.unwrap()), Some(11_900));
    let changed = kontor_testkit::DEMO_CATALOG.replace("CHF = \"119.00\"", "CHF = \"129.00\"");
    other
        .import_catalog(&kontor_app::Actor::system(), &changed)
        .await
        .unwrap();
    assert_eq!(price(&other.catalog().await.unwrap()), Some(12_900));
    assert_eq!(
        price(&t.app.catalog().await.unwrap()),
        Some(12_900),
        "the first server reads it again"
    );
    let listed = t.api(Method::GET, "/1/catalog", None, None).await;
    assert!(
        listed.text.contains("129.00") && !listed.text.contains("\"119.00\""),
        "{}",
        listed.text
    );
}
