//! Partnerships (PAR-2 to PAR-6, PAR-9, ORG-8, AUTHZ-3): a client gives a partner limited or
//! full access, a partner asks for access, the other side answers through the e-mailed link,
//! the client changes the rights, either side ends it with a password.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, TestApp, TestResponse, spawn_app};
use serde_json::{Value, json};

use crate::partners::partner;

const PARTNER: &str = "petra@muster-hosting.ch";
const CLIENT: &str = "clara@client.ch";

/// A client with two active web hostings and an approved partner: (client token, client org,
/// [products], partner token, partner org).
async fn pair(t: &TestApp) -> (String, i64, [i64; 2], String, i64) {
    t.demo_catalog().await;
    let (client, client_org) = t.signed_up(CLIENT).await;
    let shop = t
        .active_product(&client, client_org, "web-starter", "shop.client.ch")
        .await;
    let blog = t
        .active_product(&client, client_org, "web-starter", "blog.client.ch")
        .await;
    let (partner_token, partner_org) = partner(t, PARTNER, "Muster Hosting AG", &["web_hosting"], true).await;
    (client, client_org, [shop, blog], partner_token, partner_org)
}

async fn offer(t: &TestApp, token: &str, client: i64, body: Value) -> TestResponse {
    t.api(
        Method::POST,
        &format!("/1/organizations/{client}/partners"),
        Some(token),
        Some(body),
    )
    .await
}

/// The secret of the last partnership link e-mailed to `to`.
async fn link_secret(t: &TestApp, to: &str) -> String {
    let mail = t.mails_to(to).await.pop().expect("a mail");
    let secret = mail.secret("/console/partnerships/").expect("a partnership link");
    secret.split('?').next().unwrap_or_default().to_owned()
}

async fn accept(t: &TestApp, token: Option<&str>, body: Value) -> TestResponse {
    t.api(Method::POST, "/1/partnerships/accept", token, Some(body))
        .await
}

/// A client gives the partner limited access to its first product and the partner accepts:
/// (client token, client org, products, partner token, partner org, partnership id).
async fn active_limited(t: &TestApp) -> (String, i64, [i64; 2], String, i64, i64) {
    let (client, client_org, products, partner_token, partner_org) = pair(t).await;
    let r = offer(
        t,
        &client,
        client_org,
        json!({"partner": partner_org, "access": "limited", "products": [products[0]]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.json["data"]["id"].as_i64().unwrap();
    let secret = link_secret(t, PARTNER).await;
    let r = accept(t, Some(&partner_token), json!({"token": secret})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (client, client_org, products, partner_token, partner_org, id)
}

#[tokio::test]
async fn par_2_par_3_limited_partner_accepts_by_link_and_reaches_only_the_listed_products() {
    let t = spawn_app().await;
    let (client, client_org, [shop, blog], partner_token, partner_org) = pair(&t).await;
    // Refusals first: an unknown partner, limited without products, full without a mode.
    for (body, field) in [
        (
            json!({"partner": client_org, "access": "limited", "products": [shop]}),
            "partner",
        ),
        (
            json!({"partner": partner_org, "access": "limited", "products": []}),
            "products",
        ),
        (json!({"partner": partner_org, "access": "full"}), "payment_mode"),
        (json!({"partner": partner_org, "access": "everything"}), "access"),
    ] {
        let r = offer(&t, &client, client_org, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
        assert!(
            r.json["error"]["errors"].to_string().contains(field),
            "{}",
            r.text
        );
    }
    assert_eq!(t.number("SELECT COUNT(*) FROM partnerships").await, 0);

    let r = offer(
        &t,
        &client,
        client_org,
        json!({"partner": partner_org, "access": "limited", "products": [shop]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "offered");
    // PAR-3: the partner's legal representative gets accept and refuse links, in German.
    let mail = t.mails_to(PARTNER).await.pop().unwrap();
    assert!(mail.subject.contains("Zugang"), "{}", mail.subject);
    let accept_link = mail.link("/console/partnerships/").unwrap();
    assert!(accept_link.ends_with("?answer=accept"), "{accept_link}");
    assert!(mail.text().contains("?answer=refuse"), "{}", mail.raw);
    // The outbox keeps the message without the secret once delivered (SEC-6).
    let secret = link_secret(&t, PARTNER).await;
    let bodies = t.texts("SELECT body FROM outbox").await;
    assert!(bodies.iter().all(|body| !body.contains(&secret)));

    // Before accepting, the partner reaches nothing of the client.
    let products = format!("/1/organizations/{client_org}/products");
    assert_eq!(
        t.get(&products, &partner_token).await.status,
        StatusCode::NOT_FOUND
    );
    // The client cannot accept its own offer; the partner can.
    let r = accept(&t, Some(&client), json!({"token": secret})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = accept(&t, Some(&partner_token), json!({"token": secret})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "active");
    let again = accept(&t, Some(&partner_token), json!({"token": secret})).await;
    assert_eq!(
        again.status,
        StatusCode::BAD_REQUEST,
        "the link works once: {}",
        again.text
    );
    assert!(
        t.mails_to(CLIENT)
            .await
            .iter()
            .any(|m| m.subject.contains("is active")),
        "the client is told"
    );

    // AUTHZ-3: the partner switches to the client like to any organization …
    let orgs = t.get("/1/organizations", &partner_token).await;
    let reached: Vec<&Value> = orgs.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["id"] == client_org)
        .collect();
    assert_eq!(reached.len(), 1, "{}", orgs.text);
    assert_eq!(reached[0]["role"], "partner");
    // … and sees only the listed product; the other and the invoices do not exist for it.
    let list = t.get(&products, &partner_token).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let ids: Vec<i64> = list.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![shop]);
    assert_eq!(
        t.get(&format!("{products}/{shop}"), &partner_token).await.status,
        StatusCode::OK
    );
    assert_eq!(
        t.get(&format!("{products}/{blog}"), &partner_token).await.status,
        StatusCode::NOT_FOUND
    );
    let invoices = format!("/1/organizations/{client_org}/invoices");
    assert_eq!(
        t.get(&invoices, &partner_token).await.status,
        StatusCode::NOT_FOUND
    );
    let members = format!("/1/organizations/{client_org}/members");
    assert_eq!(
        t.get(&members, &partner_token).await.status,
        StatusCode::FORBIDDEN
    );
    // AUTHZ-4: the denial explains itself.
    let why = t
        .get(
            &format!("/1/access/explain?organization={client_org}&action=products.manage"),
            &partner_token,
        )
        .await;
    assert_eq!(why.status, StatusCode::OK, "{}", why.text);
    assert_eq!(why.json["data"]["allowed"], false);
    assert!(
        why.json["data"]["reason"]
            .as_str()
            .unwrap()
            .contains("limited access"),
        "{}",
        why.text
    );

    // Audited on both sides; an event for each side's webhooks.
    for org in [client_org, partner_org] {
        let n = t
            .number_of(format!(
                "SELECT COUNT(*) FROM audit_log WHERE organization_id = {org} AND action = 'partnership.accept'"
            ))
            .await;
        assert_eq!(n, 1, "org {org}");
    }
}

#[tokio::test]
async fn par_6_ending_needs_the_password_and_removes_every_access_at_once() {
    let t = spawn_app().await;
    let (_client, client_org, [shop, _], partner_token, partner_org, id) = active_limited(&t).await;
    let end = format!("/1/organizations/{partner_org}/clients/{id}/end");
    let failures = "SELECT COUNT(*) FROM signin_failures WHERE scope = 'account'";
    let before = t.number(failures).await;
    let r = t
        .api(
            Method::POST,
            &end,
            Some(&partner_token),
            Some(json!({"password": "not my password"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert!(r.text.contains("wrong_password"), "{}", r.text);
    assert_eq!(
        t.number(failures).await,
        before + 1,
        "a wrong password counts towards lock-out"
    );
    let product = format!("/1/organizations/{client_org}/products/{shop}");
    assert_eq!(
        t.get(&product, &partner_token).await.status,
        StatusCode::OK,
        "nothing changed"
    );

    let r = t
        .api(
            Method::POST,
            &end,
            Some(&partner_token),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "ended");
    // Every access ends at once: 404 for everything of the client.
    for path in [
        format!("/1/organizations/{client_org}"),
        format!("/1/organizations/{client_org}/products"),
        product.clone(),
        format!("/1/organizations/{client_org}/invoices"),
    ] {
        assert_eq!(
            t.get(&path, &partner_token).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // The product stays with the client; the client is told.
    assert_eq!(
        t.number_of(format!("SELECT organization_id FROM products WHERE id = {shop}"))
            .await,
        client_org
    );
    assert!(
        t.mails_to(CLIENT)
            .await
            .iter()
            .any(|m| m.subject.contains("ended"))
    );
    let r = t
        .api(
            Method::POST,
            &end,
            Some(&partner_token),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "ended once: {}", r.text);
}

#[tokio::test]
async fn par_4_partner_asks_and_the_client_grants_other_rights_or_refuses() {
    let t = spawn_app().await;
    let (client, client_org, [shop, blog], partner_token, partner_org) = pair(&t).await;
    let ask = |email: &'static str| json!({"email": email, "access": "full", "payment_mode": "partner"});
    let clients = format!("/1/organizations/{partner_org}/clients");
    let r = t
        .api(Method::POST, &clients, Some(&partner_token), Some(ask(CLIENT)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "requested");
    assert_eq!(r.json["data"]["client_id"], Value::Null);
    let twice = t
        .api(Method::POST, &clients, Some(&partner_token), Some(ask(CLIENT)))
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    assert_eq!(twice.json["error"]["code"], "request_pending");
    // A member who is not a legal representative of a partner may not ask.
    let (_plain, _) = t
        .member(
            &partner_token,
            partner_org,
            "max@muster-hosting.ch",
            "user",
            json!({}),
        )
        .await;
    let plain = t.token("max@muster-hosting.ch").await;
    let r = t
        .api(Method::POST, &clients, Some(&plain), Some(ask("x@y.ch")))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

    // The client receives the request and grants less: limited access to the second product.
    let secret = link_secret(&t, CLIENT).await;
    let r = accept(&t, Some(&client), json!({"token": secret})).await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "names its organization: {}",
        r.text
    );
    let grant = json!({"token": secret, "organization": client_org, "access": "limited", "products": [blog]});
    let r = accept(&t, Some(&partner_token), grant.clone()).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "only the client's legal representative: {}",
        r.text
    );
    let r = accept(&t, Some(&client), grant).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["access"], "limited");
    assert_eq!(r.json["data"]["payment_mode"], Value::Null);
    assert_eq!(r.json["data"]["client_id"], client_org);
    let products = format!("/1/organizations/{client_org}/products");
    assert_eq!(
        t.get(&format!("{products}/{shop}"), &partner_token).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        t.get(&format!("{products}/{blog}"), &partner_token).await.status,
        StatusCode::OK
    );
    assert!(
        t.mails_to(PARTNER)
            .await
            .iter()
            .any(|m| m.subject.contains("aktiv")),
        "the partner is told, in German"
    );

    // Another request is refused by whoever holds the link; the partner is told.
    let r = t
        .api(
            Method::POST,
            &clients,
            Some(&partner_token),
            Some(ask("other@client.ch")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let secret = link_secret(&t, "other@client.ch").await;
    let r = t
        .api(
            Method::POST,
            "/1/partnerships/refuse",
            None,
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "refused");
    let subjects: Vec<String> = t.mails_to(PARTNER).await.into_iter().map(|m| m.subject).collect();
    assert!(
        subjects.iter().any(|s| s.contains("other@client.ch")),
        "{subjects:?}"
    );
    let listed = t.get(&clients, &partner_token).await;
    let states: Vec<&str> = listed.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["active", "refused"], "{}", listed.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn par_2_one_partner_at_a_time_twenty_parallel_offers_make_one() {
    let t = Arc::new(spawn_app().await);
    let (client, client_org, [shop, _], _partner_token, partner_org) = pair(&t).await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (t, client) = (t.clone(), client.clone());
        set.spawn(async move {
            let body = json!({"partner": partner_org, "access": "limited", "products": [shop]});
            let r = offer(&t, &client, client_org, body).await;
            (r.status, r.text)
        });
    }
    let mut created = 0;
    while let Some(answer) = set.join_next().await {
        match answer.unwrap() {
            (StatusCode::CREATED, _) => created += 1,
            (s, text) => assert_eq!(s, StatusCode::CONFLICT, "{text}"),
        }
    }
    assert_eq!(created, 1);
    assert_eq!(t.number("SELECT COUNT(*) FROM partnerships").await, 1);
    let r = offer(
        &t,
        &client,
        client_org,
        json!({"partner": partner_org, "access": "limited", "products": [shop]}),
    )
    .await;
    assert_eq!(r.json["error"]["code"], "partnership_exists", "{}", r.text);
}

#[tokio::test]
async fn par_3_resend_replaces_the_link_and_withdraw_kills_it() {
    let t = spawn_app().await;
    let (client, client_org, [shop, _], partner_token, partner_org) = pair(&t).await;
    let r = offer(
        &t,
        &client,
        client_org,
        json!({"partner": partner_org, "access": "limited", "products": [shop]}),
    )
    .await;
    let id = r.json["data"]["id"].as_i64().unwrap();
    let first = link_secret(&t, PARTNER).await;
    let base = format!("/1/organizations/{client_org}/partners/{id}");
    let r = t
        .api(Method::POST, &format!("{base}/resend"), Some(&client), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let second = link_secret(&t, PARTNER).await;
    assert_ne!(first, second);
    let old = accept(&t, Some(&partner_token), json!({"token": first})).await;
    assert_eq!(old.status, StatusCode::BAD_REQUEST, "{}", old.text);
    assert_eq!(old.json["error"]["code"], "invalid_link");
    let r = t.api(Method::DELETE, &base, Some(&client), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    let gone = accept(&t, Some(&partner_token), json!({"token": second})).await;
    assert_eq!(gone.json["error"]["code"], "invalid_link", "{}", gone.text);
    // Withdrawn, the client may offer again (to the same or another partner).
    let r = offer(
        &t,
        &client,
        client_org,
        json!({"partner": partner_org, "access": "full", "payment_mode": "client"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

#[tokio::test]
async fn par_6_par_7_client_changes_rights_and_payment_mode_and_the_partner_is_told() {
    let t = spawn_app().await;
    let (client, client_org, [shop, blog], partner_token, partner_org, id) = active_limited(&t).await;
    let products = format!("/1/organizations/{client_org}/products");
    assert_eq!(
        t.get(&format!("{products}/{blog}"), &partner_token).await.status,
        StatusCode::NOT_FOUND
    );
    let change = format!("/1/organizations/{client_org}/partners/{id}");
    let r = t
        .api(
            Method::PATCH,
            &change,
            Some(&client),
            Some(json!({"access": "full", "payment_mode": "partner"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["payment_mode"], "partner");
    // Full access reaches every product at once, and ordering (products.manage).
    for p in [shop, blog] {
        assert_eq!(
            t.get(&format!("{products}/{p}"), &partner_token).await.status,
            StatusCode::OK
        );
    }
    let why = t
        .get(
            &format!("/1/access/explain?organization={client_org}&action=products.manage"),
            &partner_token,
        )
        .await;
    assert_eq!(why.json["data"]["allowed"], true, "{}", why.text);
    // Still no invoice of the client (PAR-7: they live with the client or the partner).
    let invoices = format!("/1/organizations/{client_org}/invoices");
    assert_eq!(
        t.get(&invoices, &partner_token).await.status,
        StatusCode::NOT_FOUND
    );
    let told = t.mails_to(PARTNER).await;
    let last = told.last().unwrap();
    assert!(last.subject.contains("Zugang"), "{}", last.subject);
    assert!(last.text().contains("der Partner bezahlt"), "{}", last.raw);
    // The partner cannot change its own rights.
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{partner_org}/partners/{id}"),
            Some(&partner_token),
            Some(json!({"access": "full", "payment_mode": "client"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
}

#[tokio::test]
async fn par_9_a_partner_member_reaches_only_the_clients_assigned_to_them() {
    let t = spawn_app().await;
    let (_client, client_org, [shop, _], partner_token, partner_org, id) = active_limited(&t).await;
    t.member(
        &partner_token,
        partner_org,
        "max@muster-hosting.ch",
        "administrator",
        json!({}),
    )
    .await;
    let max = t.token("max@muster-hosting.ch").await;
    let product = format!("/1/organizations/{client_org}/products/{shop}");
    assert_eq!(t.get(&product, &max).await.status, StatusCode::NOT_FOUND);
    let clients = format!("/1/organizations/{partner_org}/clients");
    let listed = t.get(&clients, &max).await;
    assert_eq!(
        listed.json["data"].as_array().unwrap().len(),
        0,
        "{}",
        listed.text
    );
    // An administrator of the partner may not assign; a legal representative may.
    let assign = format!("{clients}/{id}");
    let user = t
        .number("SELECT id FROM users WHERE email = 'max@muster-hosting.ch'")
        .await;
    let r = t
        .api(
            Method::PATCH,
            &assign,
            Some(&max),
            Some(json!({"members": [user]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = t
        .api(
            Method::PATCH,
            &assign,
            Some(&partner_token),
            Some(json!({"members": [user]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(t.get(&product, &max).await.status, StatusCode::OK);
    assert_eq!(
        t.get(&clients, &max).await.json["data"].as_array().unwrap().len(),
        1
    );
    let r = t
        .api(
            Method::PATCH,
            &assign,
            Some(&partner_token),
            Some(json!({"members": [999_999]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    // Unassigned again, the access is gone at once.
    let r = t
        .api(
            Method::PATCH,
            &assign,
            Some(&partner_token),
            Some(json!({"members": []})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(t.get(&product, &max).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn org_8_par_5_external_members_from_the_partner_become_the_partnership() {
    let t = spawn_app().await;
    let (client, client_org, [shop, blog], partner_token, partner_org) = pair(&t).await;
    // A partner's webmaster was an external administrator of the client.
    t.member(
        &partner_token,
        partner_org,
        "max@muster-hosting.ch",
        "user",
        json!({}),
    )
    .await;
    let max = t.token("max@muster-hosting.ch").await;
    let secret = t
        .invite(
            &client,
            client_org,
            json!({"email": "max@muster-hosting.ch", "role": "administrator"}),
        )
        .await;
    let r = t
        .api(
            Method::POST,
            "/1/invitations/accept",
            Some(&max),
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let members = format!("/1/organizations/{client_org}/members");
    let before = t.get(&members, &client).await;
    assert!(before.text.contains("max@muster-hosting.ch"), "{}", before.text);

    let r = offer(
        &t,
        &client,
        client_org,
        json!({"partner": partner_org, "access": "limited", "products": [shop]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let secret = link_secret(&t, PARTNER).await;
    let r = accept(&t, Some(&partner_token), json!({"token": secret})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Max is no longer a member of the client: the partnership carries the access, assigned
    // to him, and the client sees the partner instead.
    let after = t.get(&members, &client).await;
    assert!(!after.text.contains("max@muster-hosting.ch"), "{}", after.text);
    let partners = t
        .get(&format!("/1/organizations/{client_org}/partners"), &client)
        .await;
    assert_eq!(partners.json["data"][0]["partner_name"], "Muster Hosting AG");
    let product = format!("/1/organizations/{client_org}/products");
    assert_eq!(
        t.get(&format!("{product}/{shop}"), &max).await.status,
        StatusCode::OK
    );
    assert_eq!(
        t.get(&format!("{product}/{blog}"), &max).await.status,
        StatusCode::NOT_FOUND,
        "the partnership's access, not his old administrator role"
    );
    let orgs = t.get("/1/organizations", &max).await;
    assert!(orgs.text.contains("\"role\":\"partner\""), "{}", orgs.text);
}

#[tokio::test]
async fn par_2_par_3_par_6_console_offer_accept_switch_and_end_with_the_password() {
    let t = spawn_app().await;
    let (_client, client_org, [shop, blog], _partner_token, partner_org) = pair(&t).await;
    let mut clara = t.browser();
    clara.sign_in(CLIENT, PASSWORD).await;
    let page = clara.get("/console/partners?q=Muster").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("Muster Hosting AG"),
        "the directory search finds it"
    );
    assert!(page.text.contains("shop.client.ch"), "the products to pick from");
    let shop_id = shop.to_string();
    let partner_id = partner_org.to_string();
    let r = clara
        .submit(
            "/console/partners?q=Muster",
            "/console/partners",
            &[
                ("partner", &partner_id),
                ("access", "limited"),
                ("products", &shop_id),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert!(r.header("location").ends_with("done=offered"));
    let listed = clara.get("/console/partners").await;
    assert!(listed.text.contains("data-status=\"offered\""), "{}", listed.text);

    // The partner opens the link (a mail scanner would too): it asks and decides nothing.
    let secret = link_secret(&t, PARTNER).await;
    let mut petra = t.browser();
    petra.sign_in(PARTNER, PASSWORD).await;
    let link = format!("/console/partnerships/{secret}");
    let page = petra.get(&format!("{link}?answer=accept")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("data-status=\"offered\""), "{}", page.text);
    assert!(
        page.text.contains("beschränkter Zugang zu einem Produkt"),
        "German: {}",
        page.text
    );
    let r = petra.submit(&link, &link, &[("answer", "accept")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert!(r.header("location").ends_with("/console/clients?done=accepted"));
    let clients = petra.get("/console/clients?done=accepted").await;
    assert!(
        clients.text.contains("data-status=\"active\""),
        "{}",
        clients.text
    );
    assert!(
        clients.text.contains("Die Partnerschaft ist aktiv."),
        "{}",
        clients.text
    );

    // The partner switches to the client like to any organization and sees the listed product.
    let org = client_org.to_string();
    let r = petra
        .submit("/console/clients", "/console/switch", &[("org", &org)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let products = petra.get("/console/products?window=all").await;
    assert!(products.text.contains("shop.client.ch"), "{}", products.text);
    assert!(
        !products.text.contains("blog.client.ch"),
        "not listed: {}",
        products.text
    );
    let blog_page = petra.get(&format!("/console/products/{blog}")).await;
    assert_eq!(blog_page.status, StatusCode::NOT_FOUND);

    // The client ends it: a confirmation step, then the password (a wrong one is refused).
    let id = t.number("SELECT id FROM partnerships").await;
    let confirm = clara.get(&format!("/console/partners/{id}/end")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.text.contains("Muster Hosting AG"), "{}", confirm.text);
    let end = format!("/console/partners/{id}/end");
    let wrong = clara.submit(&end, &end, &[("password", "nope nope nope")]).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.text);
    let r = clara.submit(&end, &end, &[("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let products = petra.get(&format!("/console/products/{shop}")).await;
    assert_eq!(
        products.status,
        StatusCode::NOT_FOUND,
        "ended: nothing of the client is reachable"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn par_3_one_link_accepted_ten_times_at_once_starts_one_partnership() {
    let t = Arc::new(spawn_app().await);
    let (client, client_org, [shop, _], partner_token, partner_org) = pair(&t).await;
    let r = offer(
        &t,
        &client,
        client_org,
        json!({"partner": partner_org, "access": "limited", "products": [shop]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let secret = link_secret(&t, PARTNER).await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (t, token, secret) = (t.clone(), partner_token.clone(), secret.clone());
        set.spawn(async move {
            let r = accept(&t, Some(&token), json!({"token": secret})).await;
            (r.status, r.text)
        });
    }
    let mut started = 0;
    while let Some(answer) = set.join_next().await {
        match answer.unwrap() {
            (StatusCode::OK, _) => started += 1,
            (s, text) => assert!(
                s == StatusCode::BAD_REQUEST || s == StatusCode::CONFLICT,
                "{s}: {text}"
            ),
        }
    }
    assert_eq!(started, 1);
    let audited = t
        .number("SELECT COUNT(*) FROM audit_log WHERE action = 'partnership.accept'")
        .await;
    assert_eq!(audited, 2, "one row per side, once");
    let told = t.mails_to(CLIENT).await;
    assert_eq!(told.iter().filter(|m| m.subject.contains("is active")).count(), 1);
}

#[tokio::test]
async fn par_9_partner_space_lists_the_renewals_coming_up_across_the_clients_it_reaches() {
    let t = spawn_app().await;
    let (_client, _client_org, [_shop, _blog], partner_token, partner_org, id) = active_limited(&t).await;
    t.member(
        &partner_token,
        partner_org,
        "max@muster-hosting.ch",
        "user",
        json!({}),
    )
    .await;
    let mut petra = t.browser();
    petra.sign_in(PARTNER, PASSWORD).await;
    let page = petra.get("/console/clients").await;
    assert!(
        page.text.contains("Nichts läuft bald ab."),
        "a year ahead: {}",
        page.text
    );
    // Eleven months later the listed product is due; the other one is not the partner's.
    t.clock.advance(time::Duration::days(330));
    petra.sign_in(PARTNER, PASSWORD).await;
    let page = petra.get("/console/clients").await;
    assert!(
        page.text.contains("data-testid=\"client-renewals\""),
        "{}",
        page.text
    );
    assert!(page.text.contains("shop.client.ch"), "{}", page.text);
    assert!(!page.text.contains("blog.client.ch"), "not listed: {}", page.text);
    assert!(page.text.contains("in den nächsten 60 Tagen"), "{}", page.text);
    // A member not assigned sees none; once assigned, the same.
    let mut max = t.browser();
    max.sign_in("max@muster-hosting.ch", PASSWORD).await;
    let page = max.get("/console/clients").await;
    assert!(!page.text.contains("shop.client.ch"), "{}", page.text);
    let user = t
        .number("SELECT id FROM users WHERE email = 'max@muster-hosting.ch'")
        .await;
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{partner_org}/clients/{id}"),
            Some(&partner_token),
            Some(json!({"members": [user]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let page = max.get("/console/clients").await;
    assert!(page.text.contains("shop.client.ch"), "{}", page.text);
}
