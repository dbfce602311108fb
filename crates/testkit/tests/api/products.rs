//! Products, workspace suites, hosting sites, webhooks (PRD-3..PRD-10, ORG-7, EVT-1).

use std::sync::{Arc, Mutex};

use http::{Method, StatusCode};
use kontor_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};
use time::Duration;

async fn shop() -> (TestApp, String, i64) {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("owner@example.ch").await;
    (t, token, org)
}

async fn suite(t: &TestApp, token: &str, org: i64, seats: i64) -> i64 {
    let o = t
        .order(token, org, json!([{"plan": "workspace-standard", "period_months": 12, "name": "team", "options": {"seats": seats, "storage": "workspace-storage-100"}}]))
        .await;
    assert_eq!(
        o["items"][0]["unit_price"]["amount"],
        format!("{}.00", 48 * seats)
    );
    t.pay_by_card(token, org, o["id"].as_i64().unwrap()).await;
    o["items"][0]["product_id"].as_i64().unwrap()
}

#[tokio::test]
async fn prd_9_suite_upgrade_charges_the_prorated_difference_and_downgrade_and_move_are_refused() {
    let (t, token, org) = shop().await;
    let id = suite(&t, &token, org, 5).await;
    let children = t
        .get(&format!("/1/organizations/{org}/products?per_page=10"), &token)
        .await;
    let kinds: Vec<&str> = children.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["workspace_suite", "mail_service", "drive", "chat"]);
    // Half a year later (2027-05-23 of a period 2026-11-23 → 2027-11-23: 184 of 365 days left).
    t.clock.advance(Duration::days(181));
    let up = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/products/{id}/upgrade"),
            Some(&token),
            Some(json!({"seats": 10, "storage": "workspace-storage-500"})),
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.text);
    let item = &up.json["data"]["items"][0];
    assert_eq!(item["kind"], "upgrade");
    assert_eq!(item["prorated_days"], "184/365");
    // (10 × 48 + 120) − (5 × 48 + 0) = 360.00 for the year; × 184 / 365 = 181.479… → 181.48
    assert_eq!(item["list_price"]["amount"], "360.00");
    assert_eq!(item["unit_price"]["amount"], "181.48");
    t.pay_by_card(&token, org, up.json["data"]["id"].as_i64().unwrap())
        .await;
    let p = t
        .get(&format!("/1/organizations/{org}/products/{id}"), &token)
        .await;
    assert_eq!(p.json["data"]["seats"], 10);
    assert_eq!(p.json["data"]["storage"], "workspace-storage-500");
    assert_eq!(
        p.json["data"]["expires_at"], "2027-11-23T09:00:00Z",
        "an upgrade keeps the period"
    );
    for body in [json!({"seats": 9}), json!({"storage": "workspace-storage-100"})] {
        let down = t
            .api(
                Method::POST,
                &format!("/1/organizations/{org}/products/{id}/upgrade"),
                Some(&token),
                Some(body),
            )
            .await;
        assert_eq!(down.status, StatusCode::CONFLICT);
        assert_eq!(down.code(), "downgrade_not_allowed");
    }
    let (_, other) = t.signed_up("elsewhere@example.ch").await;
    let mv = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/products/{id}/move"),
            Some(&token),
            Some(json!({"organization": other})),
        )
        .await;
    assert_eq!(
        mv.code(),
        "not_found",
        "not a member of the target: it does not exist for this user"
    );
    let mail = children.json["data"][1]["id"].as_i64().unwrap();
    let cancel = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/products/{mail}/cancel"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(cancel.code(), "part_of_suite");
}

#[tokio::test]
async fn prd_9_a_suite_never_moves_even_between_own_organizations() {
    let (t, token, org) = shop().await;
    let id = suite(&t, &token, org, 1).await;
    let second = t
        .api(Method::POST, "/1/signup", None, Some(json!({"email": "owner2@example.ch", "password": kontor_testkit::PASSWORD, "first_name": "O", "last_name": "T", "kind": "person", "country": "CH", "language": "en"})))
        .await;
    let org2 = second.json["data"]["organization"]["id"].as_i64().unwrap();
    let token2 = t.token("owner2@example.ch").await;
    let secret = t
        .invite(
            &token2,
            org2,
            json!({"email": "owner@example.ch", "role": "administrator"}),
        )
        .await;
    let accepted = t
        .api(
            Method::POST,
            "/1/invitations/accept",
            Some(&token),
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    let mv = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/products/{id}/move"),
            Some(&token),
            Some(json!({"organization": org2})),
        )
        .await;
    assert_eq!(mv.code(), "not_movable");
    // PRD-4: a standalone product does move.
    let host = t.active_product(&token, org, "web-starter", "moving").await;
    let mv = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/products/{host}/move"),
            Some(&token),
            Some(json!({"organization": org2})),
        )
        .await;
    assert_eq!(mv.status, StatusCode::OK, "{}", mv.text);
    assert_eq!(
        t.get(&format!("/1/organizations/{org}/products/{host}"), &token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        t.get(&format!("/1/organizations/{org2}/products/{host}"), &token)
            .await
            .status,
        StatusCode::OK
    );
    // The unfiltered total (kept by triggers) follows the move on both sides.
    for o in [org, org2] {
        let (kept, counted) = totals(&t, &token, o).await;
        assert_eq!(kept, counted, "organization {o}");
    }
}

/// The unfiltered list's total, and the sum of the totals per status (which count rows).
async fn totals(t: &TestApp, token: &str, org: i64) -> (i64, i64) {
    let all = t.get(&format!("/1/organizations/{org}/products"), token).await;
    let mut counted = 0;
    for status in ["pending", "active", "suspended", "terminated"] {
        let r = t
            .get(&format!("/1/organizations/{org}/products?status={status}"), token)
            .await;
        counted += r.json["total"].as_i64().unwrap();
    }
    (all.json["total"].as_i64().unwrap(), counted)
}

#[tokio::test]
async fn prd_6_the_unfiltered_total_follows_orders_and_cancellations() {
    let (t, token, org) = shop().await;
    let o = t
        .order(
            &token,
            org,
            json!([
                {"plan": "web-starter", "period_months": 12, "name": "a.ch"},
                {"plan": "web-starter", "period_months": 12, "name": "b.ch"},
                {"plan": "domain-ch", "period_months": 12, "name": "c.ch"}
            ]),
        )
        .await;
    assert_eq!(totals(&t, &token, org).await, (3, 3));
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders/{}/cancel", o["id"]),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(totals(&t, &token, org).await, (0, 0));
    t.active_product(&token, org, "web-starter", "d.ch").await;
    assert_eq!(totals(&t, &token, org).await, (1, 1));
}

#[tokio::test]
async fn org_7_a_seat_holder_or_mailbox_owner_cannot_leave() {
    let (t, token, org) = shop().await;
    let id = suite(&t, &token, org, 2).await;
    let (member, user) = t.member(&token, org, "seat@example.ch", "user", json!({})).await;
    let r = t
        .api(
            Method::PUT,
            &format!("/1/organizations/{org}/products/{id}/seats"),
            Some(&token),
            Some(json!({"users": [user]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let leave = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/leave"),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(leave.code(), "seat_holder");
    assert!(
        leave.json["error"]["description"]
            .as_str()
            .unwrap()
            .contains("team")
    );
    t.api(
        Method::PUT,
        &format!("/1/organizations/{org}/products/{id}/seats"),
        Some(&token),
        Some(json!({"users": []})),
    )
    .await;
    let mail = t
        .active_product(&token, org, "mail-basic", "example.ch mail")
        .await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/products/{mail}/mailboxes"),
            Some(&token),
            Some(json!({"address": "seat@example.ch"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let leave = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/leave"),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(leave.code(), "mailbox_address");
    let mb = r.json["data"]["id"].as_i64().unwrap();
    t.api(
        Method::DELETE,
        &format!("/1/organizations/{org}/products/{mail}/mailboxes/{mb}"),
        Some(&token),
        None,
    )
    .await;
    let leave = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/leave"),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(leave.status, StatusCode::NO_CONTENT);
    let too_many = t
        .api(
            Method::PUT,
            &format!("/1/organizations/{org}/products/{id}/seats"),
            Some(&token),
            Some(json!({"users": [1, 2, 3]})),
        )
        .await;
    assert_eq!(too_many.code(), "seats_exceeded");
}

#[tokio::test]
async fn prd_10_sites_mysql_prefix_environment_and_full_database_names() {
    let (t, token, org) = shop().await;
    let host = t.active_product(&token, org, "web-starter", "hosting").await;
    let base = format!("/1/organizations/{org}/products/{host}/sites");
    let s = t
        .api(
            Method::POST,
            &base,
            Some(&token),
            Some(json!({"name": "legacy.example.ch", "imported": true})),
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.text);
    assert_eq!(s.json["data"]["mysql_prefix"], true);
    let prefix = s.json["data"]["server_prefix"].as_str().unwrap().to_owned();
    let site = s.json["data"]["id"].as_i64().unwrap();
    for (kind, name) in [("database", "mydb"), ("user", "myuser")] {
        let r = t
            .api(
                Method::POST,
                &format!("{base}/{site}/databases"),
                Some(&token),
                Some(json!({"kind": kind, "name": name})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    let got = t.get(&format!("{base}/{site}"), &token).await;
    let names: Vec<&str> = got.json["data"]["databases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec![format!("{prefix}_mydb"), format!("{prefix}_myuser")]);
    let off = t
        .api(
            Method::PATCH,
            &format!("{base}/{site}"),
            Some(&token),
            Some(json!({"mysql_prefix": false})),
        )
        .await;
    assert_eq!(
        off.json["data"]["renamed"],
        json!([{"kind": "database", "before": "mydb", "after": format!("{prefix}_mydb")}, {"kind": "user", "before": "myuser", "after": format!("{prefix}_myuser")}])
    );
    let ok = t
        .api(
            Method::PUT,
            &format!("{base}/{site}/env"),
            Some(&token),
            Some(json!({"variables": {"APP_ENV": "prod", "_X": "1"}})),
        )
        .await;
    assert_eq!(ok.json["data"]["env"], json!({"APP_ENV": "prod", "_X": "1"}));
    let bad = t
        .api(
            Method::PUT,
            &format!("{base}/{site}/env"),
            Some(&token),
            Some(json!({"variables": {"PATH": "/x", "lower": "1", "BIG": "x".repeat(4097)}})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let codes: Vec<&str> = bad.json["error"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        vec!["env_value_too_long", "env_name_reserved", "env_name_invalid"]
    );
    let many: serde_json::Map<String, Value> = (0..101).map(|i| (format!("V{i}"), json!("x"))).collect();
    let r = t
        .api(
            Method::PUT,
            &format!("{base}/{site}/env"),
            Some(&token),
            Some(json!({"variables": many})),
        )
        .await;
    assert_eq!(r.json["error"]["errors"][0]["field"], "variables");
    let still = t.get(&format!("{base}/{site}"), &token).await;
    assert_eq!(
        still.json["data"]["env"],
        json!({"APP_ENV": "prod", "_X": "1"}),
        "a refused change changes nothing"
    );
}

#[tokio::test]
async fn prd_5_bulk_actions_answer_each_product() {
    let (t, token, org) = shop().await;
    let a = t.active_product(&token, org, "web-starter", "a").await;
    let nas = t.active_product(&token, org, "nas-8tb", "box").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/products/bulk"),
            Some(&token),
            Some(json!({"action": "enable_renewal_warranty", "product_ids": [a, nas, 999_999]})),
        )
        .await;
    let results: Vec<(&str, Option<&str>)> = r.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["result"].as_str().unwrap(), o["code"].as_str()))
        .collect();
    assert_eq!(
        results,
        vec![
            ("ok", None),
            ("error", Some("validation_failed")),
            ("error", Some("not_found"))
        ]
    );
}

#[tokio::test]
async fn ren_3_auto_renew_refused_inside_14_days() {
    let (t, token, org) = shop().await;
    let o = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "late.ch"}]),
        )
        .await;
    let card = t.card(org, "4242424242424242").await;
    t.api(
        Method::POST,
        &format!("/1/organizations/{org}/orders/{}/pay", o["id"]),
        Some(&token),
        Some(json!({"means": "card", "card_token": card, "auto_renew": false})),
    )
    .await;
    let id = o["items"][0]["product_id"].as_i64().unwrap();
    t.clock.advance(Duration::days(360));
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}/products/{id}"),
            Some(&token),
            Some(json!({"auto_renew": true})),
        )
        .await;
    assert_eq!(r.code(), "auto_renew_too_late");
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}/products/{id}"),
            Some(&token),
            Some(json!({"name": "renamed.ch"})),
        )
        .await;
    assert_eq!(r.json["data"]["name"], "renamed.ch");
}

#[tokio::test]
async fn prd_6_filters_and_keyset_pages() {
    let (t, token, org) = shop().await;
    for i in 0..5 {
        t.active_product(&token, org, "web-starter", &format!("web{i}"))
            .await;
    }
    t.order(
        &token,
        org,
        json!([{"plan": "domain-ch", "period_months": 12, "name": "pending.ch"}]),
    )
    .await;
    let base = format!("/1/organizations/{org}/products");
    let r = t.get(&format!("{base}?type=domain"), &token).await;
    assert_eq!(r.json["total"], 1);
    let r = t.get(&format!("{base}?status=active&name=WEB"), &token).await;
    assert_eq!(r.json["total"], 5);
    let r = t
        .get(
            &format!("{base}?expires_from=2027-11-01&expires_until=2027-11-30"),
            &token,
        )
        .await;
    assert_eq!(r.json["total"], 5);
    let r = t
        .get(&format!("{base}?expires_until=2027-01-01&status=active"), &token)
        .await;
    assert_eq!(r.json["total"], 0);
    let mut seen = Vec::new();
    let mut after: Option<i64> = None;
    loop {
        let q = after.map_or(String::new(), |a| format!("&after={a}"));
        let r = t
            .get(&format!("{base}?per_page=2&order_by=name&order=desc{q}"), &token)
            .await;
        seen.extend(
            r.json["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap().to_owned()),
        );
        match r.json["next_after"].as_i64() {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen, vec!["web4", "web3", "web2", "web1", "web0", "pending.ch"]);
    // A user sees the products granted to them only.
    let (member, _) = t.member(&token, org, "u@example.ch", "user", json!({})).await;
    assert_eq!(t.get(&base, &member).await.json["total"], 0);
}

/// A loopback endpoint that records what it receives; answers 200.
async fn endpoint(port: u16, seen: Arc<Mutex<Vec<(String, String)>>>) -> tokio::task::JoinHandle<()> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: http::HeaderMap, body: String| {
            let seen = seen.clone();
            async move {
                let sig = headers
                    .get("kontor-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                seen.lock().unwrap().push((sig, body));
                "ok"
            }
        }),
    );
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    })
}

#[tokio::test]
async fn evt_1_a_webhook_is_signed_retried_while_down_and_delivered_when_back() {
    let (t, token, org) = shop().await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let e = t
        .app
        .add_webhook_endpoint(
            &format!("http://127.0.0.1:{port}/hook"),
            &["product.activated".to_owned()],
        )
        .await
        .unwrap();
    let id = t.active_product(&token, org, "web-starter", "hooked").await;
    // Down: the attempt fails and is retried later.
    let r = t.app.deliver_webhooks(t.clock_now()).await.unwrap();
    assert_eq!((r.delivered, r.retried), (0, 1));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let server = endpoint(port, seen.clone()).await;
    // Not due yet: nothing sent.
    assert_eq!(t.app.deliver_webhooks(t.clock_now()).await.unwrap().delivered, 0);
    t.clock.advance(Duration::minutes(2));
    let r = t.app.deliver_webhooks(t.clock_now()).await.unwrap();
    assert_eq!(r.delivered, 1);
    let got = seen.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let (sig, body) = &got[0];
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["type"], "product.activated");
    assert_eq!(payload["data"]["product_id"], id);
    let ts: i64 = sig
        .split(',')
        .next()
        .unwrap()
        .trim_start_matches("t=")
        .parse()
        .unwrap();
    assert_eq!(sig, &kontor_app::webhooks::signature(&e.secret, ts, body));
    let log = t.app.list_webhook_deliveries(None, 10).await.unwrap();
    assert_eq!(log[0].attempts, 2);
    assert!(log[0].delivered_at.is_some());
    // Manual redelivery sends it again.
    t.app.redeliver_webhook(log[0].id).await.unwrap();
    t.app.deliver_webhooks(t.clock_now()).await.unwrap();
    assert_eq!(seen.lock().unwrap().len(), 2);
    server.abort();
}

#[tokio::test]
async fn evt_1_deliveries_give_up_after_the_retry_window() {
    let (t, token, org) = shop().await;
    t.app
        .add_webhook_endpoint("http://127.0.0.1:9/hook", &["*".to_owned()])
        .await
        .unwrap();
    t.active_product(&token, org, "domain-ch", "gone.ch").await;
    let mut given_up = 0;
    for _ in 0..40 {
        given_up += t.app.deliver_webhooks(t.clock_now()).await.unwrap().given_up;
        t.clock.advance(Duration::hours(6));
    }
    let log = t.app.list_webhook_deliveries(None, 100).await.unwrap();
    assert!(!log.is_empty());
    assert!(
        log.iter()
            .all(|d| d.failed_at.is_some() && d.delivered_at.is_none()),
        "every delivery ends given up, kept in the log"
    );
    assert_eq!(given_up as usize, log.len());
    assert!(
        log.iter()
            .all(|d| d.failed_at.unwrap() - d.created_at <= 72 * 3600)
    );
}

#[tokio::test]
async fn prd_4_a_grant_on_the_product_does_not_let_a_user_move_it_away() {
    let (t, owner, org) = shop().await;
    let host = t
        .active_product(&owner, org, "web-starter", "granted.example")
        .await;
    // Bert may manage the product in Anna's organization.
    let (bert, _) = t
        .member(
            &owner,
            org,
            "bert@example.ch",
            "user",
            json!({"products": [host]}),
        )
        .await;
    // Bert joined by invitation, so he has no organization of his own (ACC-2): Carla makes
    // him an administrator of hers.
    let r = t
        .api(Method::POST, "/1/signup", None, Some(json!({"email": "carla@example.ch", "password": kontor_testkit::PASSWORD, "first_name": "C", "last_name": "R", "kind": "person", "country": "CH", "language": "en"})))
        .await;
    let target = r.json["data"]["organization"]["id"].as_i64().unwrap();
    let carla = t.token("carla@example.ch").await;
    let secret = t
        .invite(
            &carla,
            target,
            json!({"email": "bert@example.ch", "role": "administrator"}),
        )
        .await;
    let r = t
        .api(
            Method::POST,
            "/1/invitations/accept",
            Some(&bert),
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mv = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/products/{host}/move"),
            Some(&bert),
            Some(json!({"organization": target})),
        )
        .await;
    assert_eq!(mv.status, StatusCode::FORBIDDEN, "{}", mv.text);
    let p = t
        .get(&format!("/1/organizations/{org}/products/{host}"), &owner)
        .await;
    assert_eq!(p.status, StatusCode::OK, "the product stays where it was");
}

#[tokio::test]
async fn org_1_payment_means_and_automatic_renewal_of_a_product_need_the_billing_right() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (lr, org) = t.signed_up("anna@example.ch").await;
    let site = t.active_product(&lr, org, "web-starter", "shop").await;
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
    let path = format!("/1/organizations/{org}/products/{site}");
    t.api(
        Method::PATCH,
        &path,
        Some(&lr),
        Some(json!({"auto_renew": false})),
    )
    .await;
    // A user who manages the product but has no billing right.
    let (max, _) = t
        .member(
            &lr,
            org,
            "max@example.ch",
            "user",
            json!({"products": [site], "billing": false}),
        )
        .await;
    for body in [json!({"auto_renew": true}), json!({"payment_method_id": method})] {
        let r = t.api(Method::PATCH, &path, Some(&max), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{body}: {}", r.text);
    }
    let renamed = t
        .api(Method::PATCH, &path, Some(&max), Some(json!({"name": "shop2"})))
        .await;
    assert_eq!(
        renamed.status,
        StatusCode::OK,
        "managing the product itself stays his: {}",
        renamed.text
    );
    let bulk = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/products/bulk"),
            Some(&max),
            Some(json!({"action": "enable_auto_renew", "product_ids": [site]})),
        )
        .await;
    assert_eq!(bulk.json["data"][0]["result"], "error", "{}", bulk.text);
    assert_eq!(
        bulk.json["data"][0]["code"], "billing_right_required",
        "{}",
        bulk.text
    );
    // With the billing right he may.
    let (billing, _) = t
        .member(
            &lr,
            org,
            "bea@example.ch",
            "user",
            json!({"products": [site], "billing": true}),
        )
        .await;
    let r = t
        .api(
            Method::PATCH,
            &path,
            Some(&billing),
            Some(json!({"auto_renew": true, "payment_method_id": method})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["auto_renew"], true);
}
