//! Every payment means (BIL-4): PayPal, TWINT and PostFinance through the sandbox's
//! redirect-and-confirm page, TWINT's profile reused for automatic renewal, bank transfer
//! completed when the money is recorded.

use http::{Method, StatusCode};
use kontor_testkit::TestApp;
use serde_json::{Value, json};
use time::Duration;

use super::renewals::{charges, expiry, product, run_at, shop};

async fn order(t: &TestApp, token: &str, org: i64, name: &str) -> Value {
    t.order(
        token,
        org,
        json!([{"plan": "web-business", "period_months": 12, "name": name}]),
    )
    .await
}

async fn pay(t: &TestApp, token: &str, org: i64, order: i64, body: Value) -> kontor_testkit::TestResponse {
    t.api(
        Method::POST,
        &format!("/1/organizations/{org}/orders/{order}/pay"),
        Some(token),
        Some(body),
    )
    .await
}

async fn confirm(t: &TestApp, token: &str, org: i64, payment: i64) -> Value {
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/payments/{payment}/confirm"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["data"].clone()
}

/// The payer's decision on the sandbox page; answers where the browser is sent back.
async fn decide(t: &TestApp, redirect_url: &str, approve: bool) -> String {
    let session = redirect_url.rsplit('/').next().unwrap();
    t.app
        .sandbox
        .decide(session, approve, t.app.now())
        .await
        .unwrap()
        .unwrap()
}

async fn order_status(t: &TestApp, token: &str, org: i64, id: i64) -> String {
    t.get(&format!("/1/organizations/{org}/orders/{id}"), token)
        .await
        .json["data"]["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn bil_4_paypal_pays_after_approval_on_the_providers_page() {
    let (t, token, org) = shop().await;
    let o = order(&t, &token, org, "paypal.example").await;
    let id = o["id"].as_i64().unwrap();
    let r = pay(&t, &token, org, id, json!({"means": "paypal"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let p = r.json["data"].clone();
    assert_eq!(p["status"], "pending");
    let url = p["redirect_url"].as_str().unwrap().to_owned();
    assert!(url.contains("/sandbox/pay/"));
    assert_eq!(
        order_status(&t, &token, org, id).await,
        "pending",
        "nothing paid yet"
    );
    let pid = p["id"].as_i64().unwrap();
    assert_eq!(
        confirm(&t, &token, org, pid).await["status"],
        "pending",
        "undecided"
    );
    let back = decide(&t, &url, true).await;
    assert!(back.contains("/console/payments/return?session="), "{back}");
    let done = confirm(&t, &token, org, pid).await;
    assert_eq!(done["status"], "succeeded");
    assert!(done["invoice_id"].as_i64().is_some(), "BIL-1: invoiced");
    assert_eq!(order_status(&t, &token, org, id).await, "paid");
    let again = confirm(&t, &token, org, pid).await;
    assert_eq!(
        again["invoice_id"], done["invoice_id"],
        "confirming twice changes nothing"
    );
    assert_eq!(charges(&t).await, 1);
    let methods = t
        .get(&format!("/1/organizations/{org}/payment-methods"), &token)
        .await;
    assert_eq!(
        methods.json["data"].as_array().unwrap().len(),
        0,
        "PayPal keeps nothing"
    );
}

#[tokio::test]
async fn bil_4_declined_on_the_providers_page_changes_nothing() {
    let (t, token, org) = shop().await;
    let o = order(&t, &token, org, "declined.example").await;
    let id = o["id"].as_i64().unwrap();
    let p = pay(&t, &token, org, id, json!({"means": "twint"})).await.json["data"].clone();
    decide(&t, p["redirect_url"].as_str().unwrap(), false).await;
    let done = confirm(&t, &token, org, p["id"].as_i64().unwrap()).await;
    assert_eq!(done["status"], "failed");
    assert_eq!(done["failure_code"], "declined_by_payer");
    assert_eq!(order_status(&t, &token, org, id).await, "pending");
    assert_eq!(charges(&t).await, 0);
}

#[tokio::test]
async fn bil_4_twint_profile_is_saved_and_charged_for_automatic_renewal() {
    let (t, token, org) = shop().await;
    let o = order(&t, &token, org, "twint.example").await;
    let id = o["id"].as_i64().unwrap();
    let product_id = o["items"][0]["product_id"].as_i64().unwrap();
    let p = pay(&t, &token, org, id, json!({"means": "twint"})).await.json["data"].clone();
    decide(&t, p["redirect_url"].as_str().unwrap(), true).await;
    let done = confirm(&t, &token, org, p["id"].as_i64().unwrap()).await;
    assert_eq!(done["status"], "succeeded");
    let methods = t
        .get(&format!("/1/organizations/{org}/payment-methods"), &token)
        .await
        .json["data"]
        .clone();
    assert_eq!(methods[0]["kind"], "twint", "{methods}");
    let prod = product(&t, &token, org, product_id).await;
    assert_eq!(
        prod["auto_renew"], true,
        "REN-4: a reusable means switches automatic renewal on"
    );
    // REN-2: 14 days before expiry the profile is charged without scanning again.
    let exp = expiry(&prod);
    run_at(&t, exp - Duration::days(14)).await;
    assert_eq!(charges(&t).await, 2);
    assert_eq!(
        expiry(&product(&t, &token, org, product_id).await),
        kontor_domain::pricing::add_months(exp, 12)
    );
    // A saved profile also pays an order at once.
    let o2 = order(&t, &token, org, "twint2.example").await;
    let r = pay(
        &t,
        &token,
        org,
        o2["id"].as_i64().unwrap(),
        json!({"means": "twint", "payment_method_id": methods[0]["id"]}),
    )
    .await;
    assert_eq!(r.json["data"]["status"], "succeeded", "{}", r.text);
}

#[tokio::test]
async fn bil_4_postfinance_only_for_chf() {
    let t = kontor_testkit::spawn_app().await;
    t.demo_catalog().await;
    let r = t
        .api(
            Method::POST,
            "/1/signup",
            None,
            Some(
                json!({"email": "pf@example.de", "password": kontor_testkit::PASSWORD,
            "first_name": "P", "last_name": "F", "kind": "person", "country": "DE", "language": "de"}),
            ),
        )
        .await;
    let org = r.json["data"]["organization"]["id"].as_i64().unwrap();
    let token = t.token("pf@example.de").await;
    let o = order(&t, &token, org, "eur.example").await;
    let r = pay(
        &t,
        &token,
        org,
        o["id"].as_i64().unwrap(),
        json!({"means": "postfinance"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert_eq!(r.code(), "payment_means_unavailable");
    let (t2, token2, org2) = shop().await;
    let o = order(&t2, &token2, org2, "chf.example").await;
    let r = pay(
        &t2,
        &token2,
        org2,
        o["id"].as_i64().unwrap(),
        json!({"means": "postfinance"}),
    )
    .await;
    assert_eq!(r.json["data"]["status"], "pending", "{}", r.text);
}

#[tokio::test]
async fn bil_4_bank_transfer_waits_for_the_money_with_the_proforma() {
    let (t, token, org) = shop().await;
    let o = order(&t, &token, org, "transfer.example").await;
    let id = o["id"].as_i64().unwrap();
    let r = pay(&t, &token, org, id, json!({"means": "bank_transfer"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let p = r.json["data"].clone();
    assert_eq!(p["status"], "pending");
    assert_eq!(
        p["document_url"],
        format!("/1/organizations/{org}/orders/{id}/proforma")
    );
    let bad = pay(
        &t,
        &token,
        org,
        id,
        json!({"means": "bank_transfer", "prepaid_amount": "1.00"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    assert_eq!(order_status(&t, &token, org, id).await, "pending");
    let minor = kontor_domain::money::parse_minor(o["total"]["amount"].as_str().unwrap()).unwrap();
    let done = t
        .app
        .record_transfer(o["reference"].as_str().unwrap(), minor, Some("CHF"))
        .await
        .unwrap();
    assert_eq!(
        done.id,
        p["id"].as_i64().unwrap(),
        "the announced transfer is the one received"
    );
    assert_eq!(done.status, kontor_domain::PaymentStatus::Succeeded);
    assert_eq!(order_status(&t, &token, org, id).await, "paid");
}
