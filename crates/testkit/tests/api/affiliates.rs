//! Affiliates (PAR-12): a referral link attributes the organizations that sign up through it
//! (the first link followed wins, for the window), and the first paid invoice of each earns
//! the affiliate its commission on the prepaid account; partner and affiliate exclude each
//! other (PAR-1).

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, TestApp, spawn_app};
use serde_json::{Value, json};
use time::Duration;

use crate::partners::{company, partner_in};

const AFFILIATE: &str = "alex@affiliate.example";

async fn register(t: &TestApp, token: &str, org: i64) -> Value {
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/affiliate"),
            Some(token),
            Some(json!({"accept_conditions": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json["data"].clone()
}

/// A person registered as an affiliate: (token, organization, referral code).
async fn affiliate(t: &TestApp, email: &str) -> (String, i64, String) {
    let (token, org) = t.signed_up(email).await;
    let a = register(t, &token, org).await;
    (token, org, a["code"].as_str().unwrap().to_owned())
}

async fn view(t: &TestApp, token: &str, org: i64) -> Value {
    let r = t.get(&format!("/1/organizations/{org}/affiliate"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["data"].clone()
}

async fn balance(t: &TestApp, token: &str, org: i64) -> Value {
    let r = t.get(&format!("/1/organizations/{org}/prepaid"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["data"].clone()
}

/// Signs up in the console with `b`'s cookies: (token, organization).
async fn console_signup(
    t: &TestApp,
    b: &mut kontor_testkit::Browser<'_>,
    email: &str,
    country: &str,
) -> (String, i64) {
    let r = b
        .submit(
            "/console/signup",
            "/console/signup",
            &[
                ("kind", "person"),
                ("first_name", "Rita"),
                ("last_name", "Referred"),
                ("email", email),
                ("password", PASSWORD),
                ("country", country),
                ("currency", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let token = t.token(email).await;
    let r = t.get("/1/organizations", &token).await;
    (token, r.json["data"][0]["id"].as_i64().unwrap())
}

fn hosting(name: &str) -> Value {
    json!([{"plan": "web-business", "period_months": 12, "name": name}])
}

#[tokio::test]
async fn par_12_a_sign_up_through_the_link_earns_ten_percent_of_its_first_paid_invoice_once() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org, code) = affiliate(&t, AFFILIATE).await;
    let record = view(&t, &token, org).await;
    assert_eq!(record["commission_percent"], "10");
    assert_eq!(record["window_days"], 30);
    assert!(record["link"].as_str().unwrap().ends_with(&format!("/r/{code}")));
    // The link is e-mailed.
    let mail = t.mails_to(AFFILIATE).await.pop().expect("the registration mail");
    assert!(mail.link(&format!("/r/{code}")).is_some(), "{}", mail.text());
    // A visitor follows it and signs up in the console.
    let mut b = t.browser();
    let r = b.get(&format!("/r/{code}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(b.cookies.contains_key("kontor_ref"));
    let (rita, rita_org) = console_signup(&t, &mut b, "rita@referred.example", "CH").await;
    let record = view(&t, &token, org).await;
    assert_eq!(
        (record["referred"].as_i64(), record["paying"].as_i64()),
        (Some(1), Some(0))
    );
    assert!(record["referrals"][0]["commission"].is_null());
    // Its first invoice: one hosting at CHF 347.20 excluding VAT → 34.72 commission.
    let o = t.order(&rita, rita_org, hosting("first")).await;
    assert_eq!(o["subtotal"]["amount"], "347.20", "{o}");
    t.pay_by_card(&rita, rita_org, o["id"].as_i64().unwrap()).await;
    let account = balance(&t, &token, org).await;
    assert_eq!(account["balance"]["amount"], "34.72", "{account}");
    assert_eq!(account["entries"][0]["kind"], "commission");
    let record = view(&t, &token, org).await;
    assert_eq!(record["paying"], 1);
    assert_eq!(record["earned"]["amount"], "34.72");
    assert_eq!(record["referrals"][0]["commission"]["amount"], "34.72");
    // The second invoice earns nothing more.
    let o = t.order(&rita, rita_org, hosting("second")).await;
    t.pay_by_card(&rita, rita_org, o["id"].as_i64().unwrap()).await;
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "34.72");
    // Told by e-mail; audited on both sides.
    let mails = t.mails_to(AFFILIATE).await;
    assert!(
        mails.iter().any(|m| m.text().contains("CHF 34.72")),
        "the commission mail"
    );
    let sql = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'partner.commission' AND organization_id = {org}"
    );
    assert_eq!(t.number_of(sql).await, 1);
    let sql = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'partner.referral' AND organization_id IN ({org}, {rita_org})"
    );
    assert_eq!(t.number_of(sql).await, 2);
}

#[tokio::test]
async fn par_12_the_first_link_followed_wins_and_the_window_closes() {
    let t = spawn_app().await;
    let (first, first_org, first_code) = affiliate(&t, AFFILIATE).await;
    let (second, second_org, second_code) = affiliate(&t, "bea@affiliate.example").await;
    let mut b = t.browser();
    b.get(&format!("/r/{first_code}")).await;
    let held = b.cookies["kontor_ref"].clone();
    b.get(&format!("/r/{second_code}")).await;
    assert_eq!(b.cookies["kontor_ref"], held, "the first link stays");
    console_signup(&t, &mut b, "one@referred.example", "CH").await;
    assert_eq!(view(&t, &first, first_org).await["referred"], 1);
    assert_eq!(view(&t, &second, second_org).await["referred"], 0);
    // A forged cookie attributes nothing and blocks no sign-up.
    let mut forged = t.browser();
    forged
        .cookies
        .insert("kontor_ref".into(), format!("{second_code}.1.deadbeef"));
    console_signup(&t, &mut forged, "two@referred.example", "CH").await;
    assert_eq!(view(&t, &second, second_org).await["referred"], 0);
    // 31 days after the link was followed, it no longer counts; a new link does.
    let mut late = t.browser();
    late.get(&format!("/r/{second_code}")).await;
    t.clock.advance(Duration::days(31));
    late.get(&format!("/r/{first_code}")).await;
    console_signup(&t, &mut late, "three@referred.example", "CH").await;
    assert_eq!(view(&t, &second, second_org).await["referred"], 0);
    assert_eq!(view(&t, &first, first_org).await["referred"], 2);
    let mut stale = t.browser();
    stale.get(&format!("/r/{second_code}")).await;
    t.clock.advance(Duration::days(31));
    console_signup(&t, &mut stale, "four@referred.example", "CH").await;
    assert_eq!(view(&t, &second, second_org).await["referred"], 0);
}

#[tokio::test]
async fn par_12_api_sign_up_names_the_code_and_an_unknown_code_creates_nothing() {
    let t = spawn_app().await;
    let (token, org, code) = affiliate(&t, AFFILIATE).await;
    let body = |code: &str| {
        json!({"email": "api@referred.example", "password": PASSWORD, "first_name": "Api", "last_name": "Client",
                "kind": "person", "country": "CH", "language": "en", "referral_code": code})
    };
    let r = t
        .api(Method::POST, "/1/signup", None, Some(body("zzzzzzzzzz")))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(
        r.json["error"]["errors"][0]["field"], "referral_code",
        "{}",
        r.text
    );
    let users = "SELECT COUNT(*) FROM users WHERE email = 'api@referred.example'";
    assert_eq!(t.number(users).await, 0, "nothing was created");
    let r = t.api(Method::POST, "/1/signup", None, Some(body(&code))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(view(&t, &token, org).await["referred"], 1);
}

#[tokio::test]
async fn par_1_par_12_partner_and_affiliate_exclude_each_other() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    // An approved partner cannot register.
    let (partner, partner_org) = partner_in(
        &t,
        "petra@muster-hosting.ch",
        "Muster Hosting",
        &["web_hosting"],
        false,
        "CH",
    )
    .await;
    let path = format!("/1/organizations/{partner_org}/affiliate");
    let r = t
        .api(
            Method::POST,
            &path,
            Some(&partner),
            Some(json!({"accept_conditions": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert_eq!(r.json["error"]["code"], "already_partner");
    // A company affiliate cannot apply to become a partner.
    let (token, org) = company(&t, "anna@agentur.ch", "Agentur AG").await;
    register(&t, &token, org).await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/partner-application"),
            Some(&token),
            Some(json!({"website": "https://agentur.ch", "expected_volume": "2000.00", "accept_conditions": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert_eq!(r.json["error"]["code"], "already_affiliate");
    // Registering twice, or without accepting the conditions, changes nothing.
    let path = format!("/1/organizations/{org}/affiliate");
    let r = t
        .api(
            Method::POST,
            &path,
            Some(&token),
            Some(json!({"accept_conditions": true})),
        )
        .await;
    assert_eq!(r.json["error"]["code"], "affiliate_exists", "{}", r.text);
    let (other, other_org) = t.signed_up("olga@example.ch").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{other_org}/affiliate"),
            Some(&other),
            Some(json!({"accept_conditions": false})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let r = t
        .get(&format!("/1/organizations/{other_org}/affiliate"), &other)
        .await;
    assert!(r.json["data"].is_null(), "{}", r.text);
    // Another organization's affiliate record is not there for it.
    assert_eq!(t.get(&path, &other).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn par_12_ten_invoices_paid_at_once_credit_one_commission() {
    let t = Arc::new(spawn_app().await);
    t.demo_catalog().await;
    let (token, org, code) = affiliate(&t, AFFILIATE).await;
    let mut b = t.browser();
    b.get(&format!("/r/{code}")).await;
    let (rita, rita_org) = console_signup(&t, &mut b, "rita@referred.example", "CH").await;
    let mut orders = Vec::new();
    for i in 0..10 {
        let o = t.order(&rita, rita_org, hosting(&format!("site{i}"))).await;
        let card = t.card(rita_org, "4242424242424242").await;
        orders.push((o["id"].as_i64().unwrap(), card));
    }
    let mut set = tokio::task::JoinSet::new();
    for (id, card) in orders {
        let (t, rita) = (t.clone(), rita.clone());
        set.spawn(async move {
            t.api(
                Method::POST,
                &format!("/1/organizations/{rita_org}/orders/{id}/pay"),
                Some(&rita),
                Some(json!({"means": "card", "card_token": card})),
            )
            .await
            .status
        });
    }
    while let Some(r) = set.join_next().await {
        assert_eq!(r.unwrap(), StatusCode::CREATED);
    }
    let account = balance(&t, &token, org).await;
    assert_eq!(account["balance"]["amount"], "34.72", "{account}");
    assert_eq!(account["entries"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn par_12_a_referral_paying_in_eur_earns_a_chf_affiliate_from_the_chf_catalogue() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org, code) = affiliate(&t, AFFILIATE).await;
    let mut b = t.browser();
    b.get(&format!("/r/{code}")).await;
    let (hans, hans_org) = console_signup(&t, &mut b, "hans@referred.example", "DE").await;
    let o = t.order(&hans, hans_org, hosting("eur")).await;
    assert_eq!(o["subtotal"]["currency"], "EUR");
    assert_eq!(o["subtotal"]["amount"], "201.25", "{o}");
    t.pay_by_card(&hans, hans_org, o["id"].as_i64().unwrap()).await;
    // 10 % of the same hosting's CHF price, 347.20.
    let account = balance(&t, &token, org).await;
    assert_eq!(account["balance"]["amount"], "34.72", "{account}");
    assert_eq!(account["balance"]["currency"], "CHF");
}

#[tokio::test]
async fn par_12_console_affiliate_page_registers_and_shows_link_and_referrals() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    t.signup(AFFILIATE).await;
    let mut b = t.browser();
    b.sign_in(AFFILIATE, PASSWORD).await;
    let page = b.get("/console/affiliate").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("action=\"/console/affiliate/register\""),
        "{}",
        page.text
    );
    let r = b
        .submit(
            "/console/affiliate",
            "/console/affiliate/register",
            &[("accept_conditions", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = b.get("/console/affiliate/registered").await;
    assert!(
        page.text.contains("data-testid=\"referral-link\""),
        "{}",
        page.text
    );
    let link = page
        .text
        .split("data-testid=\"referral-link\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let path = &link[link.find("/r/").unwrap()..];
    let mut visitor = t.browser();
    visitor.get(path).await;
    console_signup(&t, &mut visitor, "rita@referred.example", "CH").await;
    let page = b.get("/console/affiliate").await;
    assert!(page.text.contains("data-testid=\"referred\">1<"), "{}", page.text);
    assert!(page.text.contains("data-testid=\"referrals\""));
    // A partner sees why it cannot register.
    let (_, _) = partner_in(
        &t,
        "petra@muster-hosting.ch",
        "Muster Hosting",
        &["web_hosting"],
        false,
        "CH",
    )
    .await;
    let mut p = t.browser();
    p.sign_in("petra@muster-hosting.ch", PASSWORD).await;
    let page = p.get("/console/affiliate").await;
    assert!(
        page.text.contains("data-testid=\"affiliate-partner\""),
        "{}",
        page.text
    );
    assert!(!page.text.contains("action=\"/console/affiliate/register\""));
}
