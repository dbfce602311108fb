//! The console's catalogue, pay, products, site, invoice and prepaid pages (issue 4), driven
//! like a browser: forms with CSRF tokens, redirects followed by hand.

use http::StatusCode;
use kontor_testkit::{Browser, PASSWORD, TestApp, csrf_of, spawn_app};
use serde_json::json;

/// The value of the hidden field `name` on a page, unescaped as a browser reads it.
fn hidden(html: &str, name: &str) -> String {
    let raw = html
        .split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    raw.replace("&#38;", "&").replace("&amp;", "&")
}

/// The path and query of a redirect.
fn location(r: &kontor_testkit::TestResponse) -> String {
    r.header("location").to_owned()
}

async fn customer(t: &TestApp) -> (Browser<'_>, String, i64) {
    t.demo_catalog().await;
    let (token, org) = t.signed_up("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    (b, token, org)
}

/// Posts the products list's bulk form (the list showing every product).
async fn bulk_in_console(b: &mut Browser<'_>, fields: &[(&str, &str)]) -> kontor_testkit::TestResponse {
    let mut all = vec![("window", "all")];
    all.extend_from_slice(fields);
    b.submit("/console/products?window=all", "/console/products/bulk", &all)
        .await
}

/// Orders through the console's form and answers the order page's path.
async fn order_in_console(b: &mut Browser<'_>, plan: &str, names: &str) -> String {
    let page = b.get("/console/catalog").await.text;
    let r = b
        .post(
            "/console/catalog",
            &[
                ("csrf", &hidden(&page, "csrf")),
                ("idem", &hidden(&page, "idem")),
                ("plan", plan),
                ("period", "12"),
                ("names", names),
                ("go", "order"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    location(&r)
}

#[tokio::test]
async fn prc_2_console_price_preview_shows_the_degressive_tier_and_orders_nothing() {
    let t = spawn_app().await;
    let (mut b, token, org) = customer(&t).await;
    let names = (1..=10)
        .map(|i| format!("s{i}.ch"))
        .collect::<Vec<_>>()
        .join("\n");
    let r = b
        .submit(
            "/console/catalog",
            "/console/catalog",
            &[
                ("plan", "web-business"),
                ("period", "12"),
                ("names", &names),
                ("go", "preview"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Ten held-and-ordered web hostings: the 10 % tier; 347.20 − 10 % = 312.48.
    assert!(
        r.text.contains("−10 %") && r.text.contains("CHF 312.48"),
        "{}",
        r.text
    );
    let orders = t.get(&format!("/1/organizations/{org}/orders"), &token).await;
    assert_eq!(orders.json["total"], 0, "a preview creates no order");
    let bad = b
        .submit(
            "/console/catalog",
            "/console/catalog",
            &[
                ("plan", "web-business"),
                ("period", "7"),
                ("names", "x.ch"),
                ("go", "preview"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.text.contains("line 1, Period: choose 1, 12, 24 or 36 months"),
        "{}",
        bad.text
    );
}

/// Types `number` on the sandbox's card page at `checkout`; answers the console address the
/// page returns to.
async fn through_gateway(b: &mut Browser<'_>, checkout: &str, number: &str) -> String {
    // The gateway's page takes the card number; Kontor's pages never see it.
    let gateway = b.get(checkout).await;
    assert_eq!(gateway.status, StatusCode::OK, "{}", gateway.text);
    let typed = b
        .post(
            "/sandbox/checkout",
            &[
                ("csrf", &hidden(&gateway.text, "csrf")),
                ("customer", &hidden(&gateway.text, "customer")),
                ("amount", &hidden(&gateway.text, "amount")),
                ("currency", &hidden(&gateway.text, "currency")),
                ("description", "Order"),
                ("return", &hidden(&gateway.text, "return")),
                ("number", number),
                ("exp_month", "12"),
                ("exp_year", "2031"),
                ("cvc", "123"),
            ],
        )
        .await;
    assert_eq!(typed.status, StatusCode::SEE_OTHER, "{}", typed.text);
    location(&typed)
}

#[tokio::test]
async fn bil_8_console_card_payment_goes_through_the_gateways_own_page() {
    let t = spawn_app().await;
    let (mut b, token, org) = customer(&t).await;
    let order = order_in_console(&mut b, "web-starter", "shop.ch").await;
    let page = b.get(&order).await.text;
    assert!(page.contains("CHF 128.64"), "119.00 + 8.1 % VAT: {page}");
    let pay = b
        .post(
            &format!("{order}/pay"),
            &[
                ("csrf", &hidden(&page, "csrf")),
                ("idem", &hidden(&page, "idem")),
                ("means", "new_card"),
                ("save", "on"),
            ],
        )
        .await;
    assert_eq!(pay.status, StatusCode::SEE_OTHER, "{}", pay.text);
    let checkout = location(&pay);
    assert!(
        checkout.starts_with(&format!(
            "/sandbox/checkout?customer={org}&amount=12864&currency=CHF"
        )),
        "{checkout}"
    );
    let confirm_url = through_gateway(&mut b, &checkout, "4242 4242 4242 4242").await;
    // SEC-6: the card page hands back a one-time handle, never the token.
    assert!(confirm_url.contains("card=co_"), "{confirm_url}");
    assert!(!confirm_url.contains("tok_"), "{confirm_url}");
    let confirm = b.get(&confirm_url).await;
    assert!(!confirm.text.contains("tok_"), "no token in the page either");
    assert!(
        confirm.text.contains("visa •••• 4242"),
        "{} {} {}",
        confirm.status,
        location(&confirm),
        confirm.text
    );
    let fields: Vec<(String, String)> = [
        "csrf",
        "card",
        "idem",
        "prepaid_part",
        "save",
        "auto_renew",
        "means",
    ]
    .iter()
    .map(|k| ((*k).to_owned(), hidden(&confirm.text, k)))
    .collect();
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let paid = b.post(&format!("{order}/confirm"), &refs).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text);
    assert!(location(&paid).ends_with("?done=paid"));
    // Sending the confirmation again (a reload) pays once.
    let again = b.post(&format!("{order}/confirm"), &refs).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.text);
    let payments = t.get(&format!("/1/organizations/{org}/invoices"), &token).await;
    assert_eq!(payments.json["total"], 1, "{}", payments.text);
    let done = b.get(&order).await.text;
    assert!(done.contains("Invoice 2026-000001"), "{done}");
    let cards = t
        .get(&format!("/1/organizations/{org}/payment-methods"), &token)
        .await;
    assert_eq!(cards.json["data"][0]["last4"], "4242", "the card was kept");
}

#[tokio::test]
async fn bil_8_console_declined_card_changes_nothing_and_says_why() {
    let t = spawn_app().await;
    let (mut b, token, org) = customer(&t).await;
    let order = order_in_console(&mut b, "web-starter", "shop.ch").await;
    let page = b.get(&order).await.text;
    let pay = b
        .post(
            &format!("{order}/pay"),
            &[
                ("csrf", &hidden(&page, "csrf")),
                ("idem", &hidden(&page, "idem")),
                ("means", "new_card"),
            ],
        )
        .await;
    let confirm_url = through_gateway(&mut b, &location(&pay), "4000 0000 0000 0002").await;
    let card = confirm_url
        .split("card=")
        .nth(1)
        .unwrap_or_default()
        .split('&')
        .next()
        .unwrap_or_default()
        .to_owned();
    let r = b
        .post(
            &format!("{order}/confirm"),
            &[
                ("csrf", &hidden(&page, "csrf")),
                ("idem", &hidden(&page, "idem")),
                ("card", &card),
                ("means", "new_card"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYMENT_REQUIRED, "{}", r.text);
    assert!(r.text.contains("The card was declined."), "{}", r.text);
    let o = t
        .get(
            &format!("/1/organizations/{org}/{}", &order["/console/".len()..]),
            &token,
        )
        .await;
    assert_eq!(o.json["data"]["status"], "pending", "{}", o.text);
}

#[tokio::test]
async fn bil_8_gateway_page_returns_only_to_console_pages() {
    let t = spawn_app().await;
    let mut b = t.browser();
    // A CR or LF would split the redirect's headers; it is refused, never a 500.
    for back in [
        "https://evil.example/x",
        "//evil.example/x",
        "/console/../x\\y",
        "/console/orders/1\r\nSet-Cookie: a=b",
        "/console/orders/1\u{2028}",
        "/console/orders/1 2",
    ] {
        let q = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("amount", "100")
            .append_pair("currency", "CHF")
            .append_pair("return", back)
            .finish();
        let r = b.get(&format!("/sandbox/checkout?{q}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{back}");
    }
}

#[tokio::test]
async fn bil_6_console_top_up_with_a_saved_card_and_ledger() {
    let t = spawn_app().await;
    let (mut b, token, org) = customer(&t).await;
    let card = t.card(org, "4242424242424242").await;
    let saved = t
        .api(
            http::Method::POST,
            &format!("/1/organizations/{org}/payment-methods"),
            Some(&token),
            Some(json!({"card_token": card})),
        )
        .await;
    let id = saved.json["data"]["id"].as_i64().unwrap().to_string();
    let page = b.get("/console/prepaid").await.text;
    let means = format!("card:{id}");
    let fields = [
        ("csrf", hidden(&page, "csrf")),
        ("idem", hidden(&page, "idem")),
        ("amount", "250.50".to_owned()),
        ("means", means),
    ];
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = b.post("/console/prepaid", &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    // The same form twice (double click) tops up once.
    b.post("/console/prepaid", &refs).await;
    let after = b.get("/console/prepaid").await.text;
    assert!(
        after.contains("data-testid=\"prepaid-balance\">CHF 250.50<"),
        "{after}"
    );
    assert!(after.contains("top-up"), "the ledger lists the entry");
    let too_small = b
        .submit(
            "/console/prepaid",
            "/console/prepaid",
            &[("amount", "0.05"), ("means", "new_card")],
        )
        .await;
    assert_eq!(too_small.status, StatusCode::BAD_REQUEST);
    assert!(
        too_small.text.contains("Amount: out of the allowed range"),
        "{}",
        too_small.text
    );
}

#[tokio::test]
async fn bil_6_console_top_up_by_transfer_shows_its_reference_and_postfinance_goes_to_the_provider() {
    let t = spawn_app().await;
    let (mut b, _token, _org) = customer(&t).await;
    let r = b
        .submit(
            "/console/prepaid",
            "/console/prepaid",
            &[("amount", "120.00"), ("means", "bank_transfer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = b.get(&location(&r)).await.text;
    let reference = t
        .texts("SELECT reference FROM payments WHERE purpose = 'top_up' AND means = 'bank_transfer'")
        .await
        .remove(0);
    let grouped = kontor_domain::references::grouped(&reference);
    assert!(page.contains("data-testid=\"awaited-top-ups\""), "{page}");
    assert!(page.contains(&grouped), "the reference, grouped: {page}");
    assert!(
        page.contains("CH44 3199 9123 0008 8901 2"),
        "the QR-IBAN to pay to"
    );
    assert!(page.contains("CHF 120.00"));
    let r = b
        .submit(
            "/console/prepaid",
            "/console/prepaid",
            &[("amount", "30.00"), ("means", "postfinance")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert!(location(&r).contains("/sandbox/pay/"), "{}", location(&r));
}

#[tokio::test]
async fn prd_6_console_products_default_to_the_next_two_months() {
    let t = spawn_app().await;
    let (mut b, token, org) = customer(&t).await;
    let soon = t
        .order(
            &token,
            org,
            json!([{"plan": "web-starter", "period_months": 1, "name": "soon.ch"}]),
        )
        .await;
    t.pay_by_card(&token, org, soon["id"].as_i64().unwrap()).await;
    t.active_product(&token, org, "web-starter", "later.ch").await;
    // Bought 40 days ago: no longer new (a product ordered in the last 30 days is on the
    // default view whatever its expiry, issue 18).
    t.execute("UPDATE products SET created_at = created_at - 3456000 WHERE name = 'later.ch'")
        .await;
    let default = b.get("/console/products").await.text;
    assert!(
        default.contains("soon.ch") && !default.contains("later.ch"),
        "{default}"
    );
    // The product bought for a year is said to lie outside the window, with the way to it.
    assert!(
        default.contains("One more product expires outside the next two months.")
            && default.contains("window=all\">Show all products</a>"),
        "{default}"
    );
    let all = b.get("/console/products?window=all").await.text;
    assert!(all.contains("soon.ch") && all.contains("later.ch"));
    assert!(!all.contains("data-testid=\"products-outside\""), "{all}");
    // The same filters carry over; in German too.
    let named = b.get("/console/products?name=later").await.text;
    assert!(named.contains("One more product"), "{named}");
    let none = b.get("/console/products?name=nothing-like-it").await.text;
    assert!(!none.contains("data-testid=\"products-outside\""), "{none}");
    let outside = kontor_app::platform::i18n::t_with(
        kontor_domain::Language::De,
        "products-outside-window",
        &[],
        &[("count", 3)],
    );
    assert_eq!(
        outside,
        "3 weitere Produkte laufen nicht in den nächsten zwei Monaten ab."
    );
    let bulk = bulk_in_console(
        &mut b,
        &[
            ("action", "disable_auto_renew"),
            ("product", &soon["items"][0]["product_id"].to_string()),
        ],
    )
    .await;
    // Every product passed: a redirect to the list, which says what was done.
    assert_eq!(bulk.status, StatusCode::SEE_OTHER, "{}", bulk.text);
    let to = bulk.header("location").to_owned();
    assert!(to.contains("done=bulk%3Adisable_auto_renew%3A1"), "{to}");
    let after = b.get(&to).await;
    assert!(
        after
            .text
            .contains("Done for one product: switch automatic renewal off."),
        "{}",
        after.text
    );
}

#[tokio::test]
async fn bil_5_console_pays_the_selected_pending_orders_in_one_order_and_lists_what_failed() {
    let t = spawn_app().await;
    let (mut b, token, org) = customer(&t).await;
    let one = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "one.ch"}]),
        )
        .await;
    let two = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "two.ch"}]),
        )
        .await;
    let paid = t.active_product(&token, org, "domain-ch", "paid.ch").await;
    let p1 = one["items"][0]["product_id"].to_string();
    let p2 = two["items"][0]["product_id"].to_string();
    let list = b.get("/console/products?window=all").await.text;
    assert!(list.contains("data-testid=\"pay-selected\""), "{list}");
    // One product has nothing to pay: the others still go into one order, and the page says so.
    let r = bulk_in_console(
        &mut b,
        &[
            ("renew", "pending"),
            ("product", &p1),
            ("product", &p2),
            ("product", &paid.to_string()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(
        r.text
            .contains("<strong>paid.ch</strong>: No pending order waits"),
        "{}",
        r.text
    );
    assert!(
        r.text.contains("<strong>one.ch</strong>: in the order"),
        "{}",
        r.text
    );
    let next = r
        .text
        .split("data-testid=\"selection-next\"")
        .next()
        .and_then(|h| h.rsplit("href=\"").next())
        .map(|h| h.split('"').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    assert!(
        next.starts_with("/console/orders/") && next.ends_with("#pay"),
        "{next}"
    );
    let page = b.get(next.trim_end_matches("#pay")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("one.ch") && page.text.contains("two.ch"),
        "{}",
        page.text
    );
    // Every product passing goes straight to the order's pay form.
    let three = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "three.ch"}]),
        )
        .await;
    let r = bulk_in_console(
        &mut b,
        &[
            ("renew", "pending"),
            ("product", &three["items"][0]["product_id"].to_string()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(location(&r), format!("/console/orders/{}#pay", three["id"]));
}

#[tokio::test]
async fn prd_10_console_turning_the_mysql_prefix_off_lists_before_and_after() {
    let t = spawn_app().await;
    let (mut b, token, org) = customer(&t).await;
    let hosting = t.active_product(&token, org, "web-starter", "blog.ch").await;
    let created = b
        .submit(
            &format!("/console/products/{hosting}"),
            &format!("/console/products/{hosting}/site"),
            &[("site_name", "www.blog.ch"), ("imported", "on")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let site = location(&created);
    b.submit(
        &site,
        &site,
        &[("do", "database"), ("kind", "database"), ("db_name", "wp")],
    )
    .await;
    let off = b
        .submit(&site, &site, &[("do", "prefix"), ("mysql_prefix", "off")])
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);
    let renames = off
        .text
        .split("data-testid=\"renames\"")
        .nth(1)
        .unwrap_or_default();
    assert!(renames.contains(">wp<"), "before: the short name: {renames}");
    let product = t
        .get(&format!("/1/organizations/{org}/products/{hosting}"), &token)
        .await;
    let prefix = product.json["data"]["server_prefix"].as_str().unwrap().to_owned();
    assert!(
        renames.contains(&format!(">{prefix}_wp<")),
        "after: the full name: {renames}"
    );
    let env = b
        .submit(
            &site,
            &site,
            &[("do", "env"), ("env", "APP_ENV=prod\nHOME=/root")],
        )
        .await;
    assert_eq!(env.status, StatusCode::BAD_REQUEST);
    assert!(
        env.text.contains("HOME: reserved by the platform"),
        "{}",
        env.text
    );
}

#[tokio::test]
async fn authz_4_console_pay_form_says_why_a_member_without_billing_may_not_pay() {
    let t = spawn_app().await;
    let (mut anna, token, org) = customer(&t).await;
    t.member(
        &token,
        org,
        "admin@example.ch",
        "administrator",
        json!({"billing": false}),
    )
    .await;
    let order = order_in_console(&mut anna, "web-starter", "a.ch").await;
    let mut admin = t.browser();
    admin.sign_in("admin@example.ch", PASSWORD).await;
    admin
        .submit(
            "/console/organization",
            "/console/switch",
            &[("org", &org.to_string())],
        )
        .await;
    let page = admin.get(&order).await.text;
    assert!(
        page.contains("<fieldset disabled>"),
        "{}",
        page.split("<main>").nth(1).unwrap_or_default()
    );
    assert!(page.contains("This needs the billing right"), "{page}");
}

#[tokio::test]
async fn acc_5_every_console_action_checks_session_and_token_before_it_acts() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (mut b, token, org) = customer(&t).await;
    let id = t.active_product(&token, org, "web-starter", "kept.example").await;
    let product = format!("/console/products/{id}");
    let actions = [
        "cancel",
        "move",
        "upgrade",
        "seats",
        "mailbox",
        "mailbox-delete",
        "site",
    ];
    let html = b.get(&product).await.text;
    let csrf = csrf_of(&html);
    for action in actions {
        let path = format!("{product}/{action}");
        // A forged token: the one 403 page, nothing done.
        let r = b.post(&path, &[("csrf", "forged"), ("organization", "1")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        // No session at all: to the sign-in page.
        let mut anonymous = t.browser();
        let r = anonymous.post(&path, &[("csrf", csrf.as_str())]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.header("location"), "/console/signin", "{path}");
    }
    let p = t
        .get(&format!("/1/organizations/{org}/products/{id}"), &token)
        .await;
    assert_eq!(p.json["data"]["status"], "active", "nothing was ended");
    // Actions are routes, not names a handler looks up: an unknown one is not found.
    let r = b
        .post(&format!("{product}/explode"), &[("csrf", csrf.as_str())])
        .await;
    assert!(
        r.status == StatusCode::NOT_FOUND || r.status == StatusCode::METHOD_NOT_ALLOWED,
        "{}",
        r.status
    );
    // With the right token the action asks first (issue 18), then happens once confirmed.
    let r = b
        .post(&format!("{product}/cancel"), &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.text.contains("data-testid=\"confirm\""), "{}", r.text);
    let p = t
        .get(&format!("/1/organizations/{org}/products/{id}"), &token)
        .await;
    assert_eq!(p.json["data"]["status"], "active", "asking ends nothing");
    let r = b
        .post(
            &format!("{product}/cancel"),
            &[("csrf", csrf.as_str()), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let p = t
        .get(&format!("/1/organizations/{org}/products/{id}"), &token)
        .await;
    assert_eq!(p.json["data"]["status"], "terminated");
}
