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

/// A customer in Germany: the organization bills in EUR.
async fn eur_customer() -> (TestApp, String, i64) {
    let t = kontor_testkit::spawn_app().await;
    t.demo_catalog().await;
    let r = t
        .api(
            Method::POST,
            "/1/signup",
            None,
            Some(
                json!({"email": "eur@example.de", "password": kontor_testkit::PASSWORD,
                "first_name": "E", "last_name": "U", "kind": "person", "country": "DE", "language": "de"}),
            ),
        )
        .await;
    let org = r.json["data"]["organization"]["id"].as_i64().unwrap();
    let token = t.token("eur@example.de").await;
    (t, token, org)
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
    let (t, token, org) = eur_customer().await;
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

/// A PayPal page opened, the order then paid by card: the PayPal payment is cancelled.
async fn abandoned_paypal(t: &TestApp, token: &str, org: i64) -> (i64, String) {
    let o = order(t, token, org, "late.example").await;
    let id = o["id"].as_i64().unwrap();
    let p = pay(t, token, org, id, json!({"means": "paypal"})).await.json["data"].clone();
    let card = t.card(org, "4242424242424242").await;
    let by_card = pay(t, token, org, id, json!({"means": "card", "card_token": card})).await;
    assert_eq!(by_card.status, StatusCode::CREATED, "{}", by_card.text);
    (
        p["id"].as_i64().unwrap(),
        p["redirect_url"].as_str().unwrap().to_owned(),
    )
}

async fn live_charges(t: &TestApp) -> i64 {
    t.number("SELECT COUNT(*) FROM sandbox_charges WHERE status = 'succeeded'")
        .await
}

#[tokio::test]
async fn bil_8_an_abandoned_paypal_page_approved_late_is_refunded_when_the_payer_returns() {
    let (t, token, org) = shop().await;
    let (paypal, url) = abandoned_paypal(&t, &token, org).await;
    decide(&t, &url, true).await;
    assert_eq!(live_charges(&t).await, 2, "the processor charged twice");
    let back = confirm(&t, &token, org, paypal).await;
    assert_eq!(back["status"], "cancelled");
    assert_eq!(live_charges(&t).await, 1, "the PayPal charge went back");
    assert_eq!(
        t.number("SELECT COUNT(*) FROM payments WHERE status = 'succeeded'")
            .await,
        1
    );
    let mail = t.mails_to(super::renewals::EMAIL).await.pop().unwrap();
    assert!(mail.subject.contains("Refund of CHF"), "{}", mail.subject);
    assert!(mail.raw.contains("PayPal"), "{}", mail.raw);
    let audit = t
        .texts("SELECT action FROM audit_log WHERE action = 'payment.refund'")
        .await;
    assert_eq!(audit.len(), 1);
    // Returning again changes nothing.
    confirm(&t, &token, org, paypal).await;
    assert_eq!(
        t.texts("SELECT action FROM audit_log WHERE action = 'payment.refund'")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn bil_8_the_orphan_charge_job_refunds_a_late_approval_the_payer_never_returned_from() {
    let (t, token, org) = shop().await;
    let (_, url) = abandoned_paypal(&t, &token, org).await;
    decide(&t, &url, true).await;
    let now = t.clock_now();
    // Too fresh to judge: a request may still be settling it.
    assert_eq!(
        run_at(&t, now + Duration::minutes(1))
            .await
            .orphan_charges_refunded,
        0
    );
    assert_eq!(live_charges(&t).await, 2);
    let report = run_at(&t, now + Duration::minutes(11)).await;
    assert_eq!(report.orphan_charges_refunded, 1);
    assert_eq!(live_charges(&t).await, 1);
    assert!(
        t.mails_to(super::renewals::EMAIL)
            .await
            .iter()
            .any(|m| m.subject.contains("Refund of CHF")),
    );
    // Two runners, or the next run: nothing twice.
    assert_eq!(
        run_at(&t, now + Duration::minutes(30))
            .await
            .orphan_charges_refunded,
        0
    );
    assert_eq!(
        t.texts("SELECT action FROM audit_log WHERE action = 'payment.refund'")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn bil_8_an_approved_page_the_payer_never_returned_from_pays_the_order() {
    let (t, token, org) = shop().await;
    let o = order(&t, &token, org, "gone.example").await;
    let id = o["id"].as_i64().unwrap();
    let p = pay(&t, &token, org, id, json!({"means": "twint"})).await.json["data"].clone();
    decide(&t, p["redirect_url"].as_str().unwrap(), true).await;
    let report = run_at(&t, t.clock_now() + Duration::minutes(11)).await;
    assert_eq!(report.orphan_charges_refunded, 0);
    assert_eq!(
        order_status(&t, &token, org, id).await,
        "paid",
        "settled by the job"
    );
    assert_eq!(live_charges(&t).await, 1);
}

#[tokio::test]
async fn bil_8_a_charge_left_by_a_stopped_request_is_refunded() {
    let (t, token, org) = shop().await;
    let card = t.card(org, "4242424242424242").await;
    // The processor charged, and Kontor stopped before its settling transaction.
    let charged = t
        .app
        .gateway
        .charge(&org.to_string(), &card, 11_900, "CHF", t.clock_now())
        .await
        .unwrap();
    assert!(matches!(
        charged,
        kontor_app::billing::payments::gateway::Charge::Succeeded { .. }
    ));
    let report = run_at(&t, t.clock_now() + Duration::minutes(11)).await;
    assert_eq!(report.orphan_charges_refunded, 1);
    assert_eq!(live_charges(&t).await, 0);
    let _ = token;
}

async fn top_up(t: &TestApp, token: &str, org: i64, body: Value) -> kontor_testkit::TestResponse {
    t.api(
        Method::POST,
        &format!("/1/organizations/{org}/prepaid/top-ups"),
        Some(token),
        Some(body),
    )
    .await
}

async fn balance(t: &TestApp, token: &str, org: i64) -> Value {
    t.get(&format!("/1/organizations/{org}/prepaid"), token)
        .await
        .json["data"]
        .clone()
}

#[tokio::test]
async fn bil_6_top_up_by_postfinance_card_credits_once_approved() {
    let (t, token, org) = shop().await;
    let r = top_up(
        &t,
        &token,
        org,
        json!({"amount": "50.00", "means": "postfinance"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let top = r.json["data"].clone();
    assert_eq!(top["status"], "pending");
    assert_eq!(top["purpose"], "top_up");
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "0.00");
    let back = decide(&t, top["redirect_url"].as_str().unwrap(), true).await;
    assert!(back.contains("/console/payments/return"), "{back}");
    let done = confirm(&t, &token, org, top["id"].as_i64().unwrap()).await;
    assert_eq!(done["status"], "succeeded");
    // Confirming again changes nothing: credited once.
    confirm(&t, &token, org, top["id"].as_i64().unwrap()).await;
    let account = balance(&t, &token, org).await;
    assert_eq!(account["balance"]["amount"], "50.00", "{account}");
    assert_eq!(account["entries"].as_array().unwrap().len(), 1);
    assert_eq!(account["entries"][0]["kind"], "top_up");
    // A declined page credits nothing.
    let r = top_up(
        &t,
        &token,
        org,
        json!({"amount": "20.00", "means": "postfinance"}),
    )
    .await;
    let top = r.json["data"].clone();
    decide(&t, top["redirect_url"].as_str().unwrap(), false).await;
    assert_eq!(
        confirm(&t, &token, org, top["id"].as_i64().unwrap()).await["status"],
        "failed"
    );
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "50.00");
    // PayPal does not top up (BIL-6 names card, PostFinance card and transfer).
    let r = top_up(&t, &token, org, json!({"amount": "20.00", "means": "paypal"})).await;
    assert_eq!(r.code(), "payment_means_unavailable", "{}", r.text);
}

#[tokio::test]
async fn bil_6_postfinance_top_up_only_in_chf() {
    let (t, token, org) = eur_customer().await;
    let r = top_up(
        &t,
        &token,
        org,
        json!({"amount": "50.00", "means": "postfinance"}),
    )
    .await;
    assert_eq!(r.code(), "payment_means_unavailable", "{}", r.text);
    // EUR transfers get an ISO 11649 creditor reference of their own.
    let r = top_up(
        &t,
        &token,
        org,
        json!({"amount": "50.00", "means": "bank_transfer"}),
    )
    .await;
    let reference = r.json["data"]["reference"].as_str().unwrap().to_owned();
    assert!(
        kontor_domain::references::is_valid_creditor_reference(&reference),
        "{reference}"
    );
    assert_eq!(r.json["data"]["pay_to_iban"], "CH9300762011623852957");
}

#[tokio::test]
async fn bil_6_top_up_by_bank_transfer_has_its_own_reference_and_credits_what_arrives() {
    let (t, token, org) = shop().await;
    let r = top_up(
        &t,
        &token,
        org,
        json!({"amount": "200.00", "means": "bank_transfer"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let top = r.json["data"].clone();
    assert_eq!(top["status"], "pending");
    assert_eq!(top["pay_to_iban"], "CH4431999123000889012");
    let reference = top["reference"].as_str().unwrap().to_owned();
    assert!(
        kontor_domain::references::is_valid_qr_reference(&reference),
        "{reference}"
    );
    // Its own reference: no order's, no other top-up's.
    let o = order(&t, &token, org, "ref.example").await;
    assert_ne!(o["reference"].as_str().unwrap(), reference);
    let other = top_up(
        &t,
        &token,
        org,
        json!({"amount": "10.00", "means": "bank_transfer"}),
    )
    .await;
    assert_ne!(other.json["data"]["reference"].as_str().unwrap(), reference);
    // Nothing is credited before the money arrives; the account shows what is awaited.
    let account = balance(&t, &token, org).await;
    assert_eq!(account["balance"]["amount"], "0.00");
    assert_eq!(
        account["awaited_top_ups"].as_array().unwrap().len(),
        2,
        "{account}"
    );
    // A foreign currency changes nothing.
    let wrong = t
        .app
        .record_transfer(&reference, 20_000, Some("EUR"))
        .await
        .unwrap_err();
    assert_eq!(wrong.code().as_str(), "amount_mismatch");
    // What arrives is credited (a payer who sends 199.50 gets 199.50), on the announced top-up.
    let spaced: String = reference
        .chars()
        .enumerate()
        .flat_map(|(i, c)| (i % 5 == 0 && i > 0).then_some(' ').into_iter().chain([c]))
        .collect();
    let done = t.app.record_transfer(&spaced, 19_950, Some("CHF")).await.unwrap();
    assert_eq!(done.id, top["id"].as_i64().unwrap());
    assert_eq!(done.amount_minor, 19_950);
    let account = balance(&t, &token, org).await;
    assert_eq!(account["balance"]["amount"], "199.50", "{account}");
    assert_eq!(account["awaited_top_ups"].as_array().unwrap().len(), 1);
    // A second transfer with the same reference is not lost: a new top-up.
    let again = t.app.record_transfer(&reference, 500, None).await.unwrap();
    assert_ne!(again.id, done.id);
    let account = balance(&t, &token, org).await;
    assert_eq!(account["balance"]["amount"], "204.50");
    let audit = t
        .number("SELECT COUNT(*) FROM audit_log WHERE action = 'prepaid.top_up'")
        .await;
    assert_eq!(audit, 2);
}
