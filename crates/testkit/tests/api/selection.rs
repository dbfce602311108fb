//! "Pay my selection" (BIL-5) through the bulk actions `renew` and `pay` (PRD-5): each product
//! succeeds or fails on its own; those that pass are paid in one order and one payment.

use std::sync::Arc;

use http::{Method, StatusCode};
use kontor_testkit::TestApp;
use serde_json::{Value, json};

use super::renewals::{charges, product, shop};

async fn bulk(t: &TestApp, token: &str, org: i64, body: Value) -> kontor_testkit::TestResponse {
    t.api(
        Method::POST,
        &format!("/1/organizations/{org}/products/bulk"),
        Some(token),
        Some(body),
    )
    .await
}

/// A pending order of one domain; answers (order, product).
async fn pending(t: &TestApp, token: &str, org: i64, name: &str) -> (i64, i64) {
    let o = t
        .order(
            token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": name}]),
        )
        .await;
    (
        o["id"].as_i64().unwrap(),
        o["items"][0]["product_id"].as_i64().unwrap(),
    )
}

fn outcome(r: &kontor_testkit::TestResponse, product: i64) -> Value {
    r.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["product_id"] == product)
        .cloned()
        .unwrap_or_else(|| panic!("no outcome for {product}: {}", r.text))
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
async fn prd_5_bulk_renew_answers_each_product_and_renews_the_rest_in_one_payment() {
    let (t, token, org) = shop().await;
    let a = t.active_product(&token, org, "domain-ch", "a.ch").await;
    let b = t.active_product(&token, org, "web-starter", "b-site").await;
    let (_, waiting) = pending(&t, &token, org, "p.ch").await;
    let a_expiry = product(&t, &token, org, a).await["expires_at"].clone();
    let before = charges(&t).await;
    let card = t.card(org, "4242424242424242").await;
    let r = bulk(
        &t,
        &token,
        org,
        json!({"action": "renew", "product_ids": [a, 999_999, b, waiting, a],
               "payment": {"means": "card", "card_token": card}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json["data"].as_array().unwrap().len(),
        5,
        "one outcome per entry"
    );
    let ok_a = outcome(&r, a);
    let ok_b = outcome(&r, b);
    assert_eq!(ok_a["result"], "ok", "{}", r.text);
    assert_eq!(ok_b["result"], "ok");
    assert_eq!(ok_a["order_id"], ok_b["order_id"], "one order for the selection");
    assert_eq!(ok_a["payment_status"], "succeeded");
    assert_eq!(outcome(&r, 999_999)["code"], "not_found");
    assert_eq!(outcome(&r, waiting)["code"], "not_renewable");
    assert_eq!(
        r.json["data"][4]["code"], "validation_failed",
        "a repeated id: {}",
        r.text
    );
    assert_eq!(charges(&t).await, before + 1, "one payment for the selection");
    // Each renewed from its own expiry, by a year.
    let renewed = product(&t, &token, org, a).await["expires_at"].clone();
    assert_ne!(renewed, a_expiry);
    assert!(renewed.as_str().unwrap().starts_with("2028-"), "{renewed}");
    let order = t
        .get(
            &format!("/1/organizations/{org}/orders/{}", ok_a["order_id"]),
            &token,
        )
        .await;
    assert_eq!(order.json["data"]["status"], "paid");
    assert_eq!(order.json["data"]["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bil_5_several_pending_orders_are_paid_in_one_payment_and_cannot_be_paid_again() {
    let (t, token, org) = shop().await;
    let (o1, p1) = pending(&t, &token, org, "one.ch").await;
    let (o2, p2) = pending(&t, &token, org, "two.ch").await;
    let (o3, _) = pending(&t, &token, org, "three.ch").await;
    let active = t.active_product(&token, org, "domain-ch", "paid.ch").await;
    let old_reference = t
        .get(&format!("/1/organizations/{org}/orders/{o1}"), &token)
        .await
        .json["data"]["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let transfer = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders/{o1}/pay"),
            Some(&token),
            Some(json!({"means": "bank_transfer"})),
        )
        .await;
    assert_eq!(transfer.json["data"]["status"], "pending", "{}", transfer.text);
    let before = charges(&t).await;
    // Without a means: the one order to pay is named.
    let r = bulk(
        &t,
        &token,
        org,
        json!({"action": "pay", "product_ids": [p1, p2, active]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(outcome(&r, active)["code"], "nothing_to_pay");
    let combined = outcome(&r, p1)["order_id"].as_i64().unwrap();
    assert_eq!(outcome(&r, p2)["order_id"], combined);
    assert!(
        combined != o1 && combined != o2,
        "several orders are combined into a new one"
    );
    assert_eq!(order_status(&t, &token, org, o1).await, "cancelled");
    assert_eq!(order_status(&t, &token, org, o2).await, "cancelled");
    assert_eq!(order_status(&t, &token, org, o3).await, "pending", "not selected");
    let order = t
        .get(&format!("/1/organizations/{org}/orders/{combined}"), &token)
        .await;
    let items = order.json["data"]["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    assert_eq!(
        order.json["data"]["total"]["amount"], "32.43",
        "VAT on the combined subtotal: {}",
        order.text
    );
    // A transfer announced on a replaced order goes with it; one to its reference pays nothing.
    let announced = t
        .number("SELECT COUNT(*) FROM payments WHERE status = 'pending'")
        .await;
    assert_eq!(announced, 0, "no payment waits on a cancelled order");
    let late = t
        .app
        .record_transfer(&old_reference, 1_622, None)
        .await
        .unwrap_err();
    assert_eq!(late.code().as_str(), "order_not_pending");
    // Paid once, by card: both products active, one invoice, one charge.
    let pay = t.pay_by_card(&token, org, combined).await;
    assert_eq!(charges(&t).await, before + 1);
    for p in [p1, p2] {
        assert_eq!(product(&t, &token, org, p).await["status"], "active");
    }
    let invoice = t
        .get(
            &format!("/1/organizations/{org}/invoices/{}", pay["invoice_id"]),
            &token,
        )
        .await;
    assert_eq!(invoice.json["data"]["lines"].as_array().unwrap().len(), 2);
    // Nothing is left to pay for them.
    let again = bulk(&t, &token, org, json!({"action": "pay", "product_ids": [p1]})).await;
    assert_eq!(outcome(&again, p1)["code"], "nothing_to_pay");
    let audit = t
        .number("SELECT COUNT(*) FROM audit_log WHERE action = 'order.cancel' AND details LIKE 'combined into order %'")
        .await;
    assert_eq!(audit, 2);
}

#[tokio::test]
async fn bil_10_twenty_parallel_selection_payments_with_one_key_charge_once() {
    let (t, token, org) = shop().await;
    let (_, p1) = pending(&t, &token, org, "k1.ch").await;
    let (_, p2) = pending(&t, &token, org, "k2.ch").await;
    let card = t.card(org, "4242424242424242").await;
    let body = json!({"action": "pay", "product_ids": [p1, p2],
                      "payment": {"means": "card", "card_token": card}});
    let before = charges(&t).await;
    let t = Arc::new(t);
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (t, token, body) = (t.clone(), token.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            let auth = format!("Bearer {token}");
            t.send(
                Method::POST,
                &format!("/1/organizations/{org}/products/bulk"),
                &[
                    ("authorization", &auth),
                    ("content-type", "application/json"),
                    ("idempotency-key", "sel-1"),
                ],
                axum::body::Body::from(body.to_string()),
            )
            .await
        }));
    }
    let mut payments = std::collections::BTreeSet::new();
    for task in tasks {
        let r = task.await.unwrap();
        match r.status {
            StatusCode::OK => {
                payments.insert(outcome(&r, p1)["payment_id"].to_string());
            }
            StatusCode::CONFLICT => assert_eq!(r.code(), "idempotency_key_in_use", "{}", r.text),
            other => panic!("{other}: {}", r.text),
        }
    }
    assert_eq!(charges(&t).await, before + 1, "the gateway is reached once");
    assert_eq!(
        payments.len(),
        1,
        "every answer names the same payment: {payments:?}"
    );
    // The same key afterwards answers the same order and payment.
    let auth = format!("Bearer {token}");
    let again = t
        .send(
            Method::POST,
            &format!("/1/organizations/{org}/products/bulk"),
            &[
                ("authorization", &auth),
                ("content-type", "application/json"),
                ("idempotency-key", "sel-1"),
            ],
            axum::body::Body::from(body.to_string()),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(outcome(&again, p1)["result"], "ok");
    assert!(payments.contains(&outcome(&again, p2)["payment_id"].to_string()));
}

#[tokio::test]
async fn bil_5_two_selections_at_once_pay_each_order_once() {
    let (t, token, org) = shop().await;
    let (_, p1) = pending(&t, &token, org, "r1.ch").await;
    let (_, p2) = pending(&t, &token, org, "r2.ch").await;
    let live = "SELECT COUNT(*) FROM sandbox_charges WHERE status = 'succeeded'";
    let before = t.number(live).await;
    let t = Arc::new(t);
    let mut tasks = Vec::new();
    for _ in 0..2 {
        let (t, token) = (t.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let card = t.card(org, "4242424242424242").await;
            bulk(
                &t,
                &token,
                org,
                json!({"action": "pay", "product_ids": [p1, p2],
                       "payment": {"means": "card", "card_token": card}}),
            )
            .await
        }));
    }
    for task in tasks {
        let r = task.await.unwrap();
        assert!(
            r.status == StatusCode::OK || r.status == StatusCode::CONFLICT,
            "{}",
            r.text
        );
    }
    // A request that lost the race had its charge given back: one charge stands.
    assert_eq!(t.number(live).await, before + 1, "the products are paid once");
    assert_eq!(product(&t, &token, org, p1).await["status"], "active");
    let paid = t
        .number("SELECT COUNT(*) FROM payments WHERE status = 'succeeded' AND purpose = 'order'")
        .await;
    assert_eq!(paid, 1);
}

#[tokio::test]
async fn prd_5_renew_and_pay_need_the_billing_right() {
    let (t, token, org) = shop().await;
    let a = t.active_product(&token, org, "domain-ch", "right.ch").await;
    let (member, _) = t.member(&token, org, "plain@example.ch", "user", json!({})).await;
    for action in ["renew", "pay"] {
        let r = bulk(&t, &member, org, json!({"action": action, "product_ids": [a]})).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{action}: {}", r.text);
    }
}

#[tokio::test]
async fn prd_5_a_payment_goes_only_with_renew_or_pay() {
    let (t, token, org) = shop().await;
    let a = t.active_product(&token, org, "domain-ch", "only.ch").await;
    for (field, body) in [
        (
            "payment",
            json!({"action": "enable_renewal_warranty", "product_ids": [a], "payment": {"means": "prepaid"}}),
        ),
        (
            "billing_address_id",
            json!({"action": "enable_renewal_warranty", "product_ids": [a], "billing_address_id": 1}),
        ),
    ] {
        let r = bulk(&t, &token, org, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
        assert_eq!(r.json["error"]["errors"][0]["field"], field);
        assert_eq!(r.json["error"]["errors"][0]["code"], "only_with_renew_or_pay");
    }
    assert_eq!(
        product(&t, &token, org, a).await["renewal_warranty"],
        false,
        "nothing changed"
    );
}
