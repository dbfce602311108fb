//! The console's home page and menu (issue 18): the first page after sign-in, what it shows
//! of the current organization, the menu's groups and disabled items (ORG-2, AUTHZ-4), the
//! switcher keeping the page (ACC-9), and sign-in returning to the page asked for.

use http::StatusCode;
use kontor_testkit::{PASSWORD, csrf_of};
use serde_json::json;
use time::Duration;

use crate::renewals::{EMAIL, expiry, patch, prepaid_product, product, run_at, shop};

fn location(r: &kontor_testkit::TestResponse) -> String {
    r.header("location").to_owned()
}

#[tokio::test]
async fn issue_18_home_shows_what_expires_what_to_pay_the_balance_and_the_products_by_family() {
    let (t, token, org) = shop().await;
    let soon = t.active_product(&token, org, "web-starter", "soon.example").await;
    let kept = prepaid_product(&t, &token, org, "kept.example").await;
    patch(&t, &token, org, kept, json!({"renewal_warranty": true})).await;
    let mut b = t.browser();
    let r = b.sign_in(EMAIL, PASSWORD).await;
    assert_eq!(location(&r), "/console", "sign-in leads home");
    let home = b.get("/console").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.text.contains("Nothing expires in the next two months."),
        "{}",
        home.text
    );
    assert!(
        home.text
            .contains("Web hosting</a> <span class=\"badge\">2</span>"),
        "{}",
        home.text
    );
    assert!(home.text.contains("data-testid=\"home-balance\""));

    // REN-5: at its expiry the warranty product is renewed on an open invoice.
    let at = expiry(&product(&t, &token, org, kept).await);
    run_at(&t, at - Duration::days(40)).await;
    // Months later the session has lapsed: sign in again (and land home again).
    b.sign_in(EMAIL, PASSWORD).await;
    let home = b.get("/console").await;
    assert!(
        home.text.contains(">soon.example</a>"),
        "inside the two months: {}",
        home.text
    );
    assert!(home.text.contains("data-testid=\"home-renew\""));
    let csrf = csrf_of(&home.text);
    let id = soon.to_string();
    let r = b
        .post("/console/home/auto-renew", &[("csrf", &csrf), ("product", &id)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let after = b.get(&location(&r)).await;
    assert!(
        after
            .text
            .contains("Automatic renewal is now on for soon.example."),
        "{}",
        after.text
    );
    assert_eq!(
        t.number_of(format!(
            "SELECT COUNT(*) FROM products WHERE id = {soon} AND auto_renew"
        ))
        .await,
        1
    );

    run_at(&t, at + Duration::hours(1)).await;
    b.sign_in(EMAIL, PASSWORD).await;
    let number = t
        .texts("SELECT number FROM invoices WHERE status = 'open'")
        .await
        .pop()
        .expect("the warranty invoice");
    let home = b.get("/console").await;
    assert!(home.text.contains(&number), "{}", home.text);
    assert!(home.text.contains("Due on"), "{}", home.text);
    assert!(home.text.contains("data-testid=\"home-pay\""));
    run_at(&t, at + Duration::days(40)).await;
    b.sign_in(EMAIL, PASSWORD).await;
    let home = b.get("/console").await;
    assert!(
        home.text.contains("Overdue since"),
        "DUN: past its due date: {}",
        home.text
    );
}

#[tokio::test]
async fn org_2_the_menu_disables_what_a_member_may_not_use_and_leaves_out_closed_groups() {
    let (t, token, org) = shop().await;
    t.member(&token, org, "u@example.ch", "user", json!({})).await;
    let mut owner = t.browser();
    owner.sign_in(EMAIL, PASSWORD).await;
    let page = owner.get("/console/invoices").await;
    assert!(page.text.contains("Products and orders"));
    assert!(
        page.text
            .contains("<a href=\"/console/invoices\" aria-current=\"page\">"),
        "{}",
        page.text
    );
    assert!(
        !page.text.contains("data-testid=\"menu-disabled\""),
        "the legal representative may use it all"
    );

    let mut u = t.browser();
    u.sign_in("u@example.ch", PASSWORD).await;
    let home = u.get("/console").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        !home.text.contains("href=\"/console/invoices\""),
        "no billing right: the group is left out"
    );
    assert!(!home.text.contains(">Billing</p>"));
    assert!(
        home.text.contains("title=\"Role user cannot change this; an administrator or a legal representative can.\" data-testid=\"menu-disabled\">Members"),
        "{}",
        home.text
    );
    assert!(
        !home.text.contains("data-testid=\"home-invoices\""),
        "nor the invoices on the home page"
    );
    assert!(
        home.text.contains("href=\"/console/profile\""),
        "the account's pages are always open"
    );
}

/// A second organization for `email`, administrator there (no API creates one yet).
async fn second_organization(t: &kontor_testkit::TestApp, email: &str) -> i64 {
    let mut c = t.db.begin().await.unwrap();
    let user = kontor_store::identity::users::find_user_by_email(&mut c, email)
        .await
        .unwrap()
        .unwrap();
    let org = kontor_store::orgs::insert_org(
        &mut c,
        &kontor_store::orgs::NewOrg {
            name: "Zeta GmbH",
            kind: "company",
            country: "CH",
            registry_id: None,
            currency: "CHF",
            now: 0,
        },
    )
    .await
    .unwrap();
    let row = kontor_store::orgs::MembershipRow {
        organization_id: org,
        user_id: user.id,
        role: "administrator".into(),
        billing: true,
        contact_preferences: String::new(),
    };
    kontor_store::orgs::insert_membership(&mut c, &row, 0)
        .await
        .unwrap();
    c.commit().await.unwrap();
    org
}

#[tokio::test]
async fn acc_9_switching_organization_keeps_the_page_the_menu_has() {
    let (t, token, org) = shop().await;
    let other = second_organization(&t, EMAIL).await.to_string();
    let id = t
        .active_product(&token, org, "web-starter", "first.example")
        .await;
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    for (from, to) in [
        ("/console/invoices", "/console/invoices"),
        (&format!("/console/products/{id}") as &str, "/console/products"),
        ("/console/signin/code", "/console"),
        ("https://evil.example/console/products", "/console"),
    ] {
        let r = b
            .submit("/console", "/console/switch", &[("org", &other), ("back", from)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{from}");
        assert_eq!(location(&r), to, "{from}");
    }
    let _ = org;
}

#[tokio::test]
async fn issue_18_sign_in_returns_to_the_page_that_asked_for_it() {
    let (t, _token, _org) = shop().await;
    let mut b = t.browser();
    let r = b.get("/console/invoices?status=open").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r),
        "/console/signin?next=%2Fconsole%2Finvoices%3Fstatus%3Dopen"
    );
    let page = b.get(&location(&r)).await;
    assert!(
        page.text.contains("value=\"/console/invoices?status=open\""),
        "{}",
        page.text
    );
    let r = b
        .submit(
            "/console/signin?next=%2Fconsole%2Finvoices%3Fstatus%3Dopen",
            "/console/signin",
            &[
                ("email", EMAIL),
                ("password", PASSWORD),
                ("next", "/console/invoices?status=open"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/console/invoices?status=open");
    // Another site is never a place to return to.
    let mut c = t.browser();
    let r = c
        .submit(
            "/console/signin",
            "/console/signin",
            &[
                ("email", EMAIL),
                ("password", PASSWORD),
                ("next", "//evil.example/console/x"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/console");
}

#[tokio::test]
async fn prd_6_after_a_purchase_the_products_list_shows_the_new_products_on_first_view() {
    let (t, token, org) = shop().await;
    t.active_product(&token, org, "web-starter", "bought-today.example")
        .await;
    let pending = t
        .order(
            &token,
            org,
            json!([{"plan": "web-business", "period_months": 24, "name": "awaiting.example"}]),
        )
        .await;
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    let list = b.get("/console/products").await;
    assert!(list.text.contains(">bought-today.example</a>"), "{}", list.text);
    // The plan by its catalogue name and the next period's list price, excluding VAT.
    assert!(
        list.text.contains("Web Starter<br><span class=\"small\">CHF "),
        "{}",
        list.text
    );
    assert!(list.text.contains(" per 12 months</span>"), "{}", list.text);
    // A product of an unpaid order says so, with the way to its order.
    assert!(list.text.contains(">awaiting.example</a>"));
    assert!(
        list.text.contains(&format!(
            "href=\"/console/orders/{}\" data-testid=\"pending-order\"",
            pending["id"]
        )),
        "{}",
        list.text
    );
    // Sorted by name: awaiting before bought-today; the list keeps its order when paged.
    let by_name = b.get("/console/products?window=all&sort=name").await;
    let a = by_name.text.find(">awaiting.example</a>").unwrap();
    let z = by_name.text.find(">bought-today.example</a>").unwrap();
    assert!(a < z, "by name");
    let by_expiry = b.get("/console/products?window=all").await;
    let a = by_expiry.text.find(">awaiting.example</a>").unwrap();
    let z = by_expiry.text.find(">bought-today.example</a>").unwrap();
    assert!(
        z > 0 && a < z,
        "a pending product has no expiry yet and comes first"
    );
    let by_type = b.get("/console/products?window=all&sort=type").await;
    assert_eq!(by_type.status, StatusCode::OK);
    assert!(
        by_type.text.contains("aria-current=\"true\">Type ↓"),
        "{}",
        by_type.text
    );

    // Thirty days on, the new product leaves the default view again (it expires in a year),
    // and the notice counts it with the link to all.
    t.clock.advance(Duration::days(31));
    b.sign_in(EMAIL, PASSWORD).await;
    let later = b.get("/console/products").await;
    assert!(
        !later.text.contains(">bought-today.example</a>"),
        "{}",
        later.text
    );
    assert!(
        later.text.contains("data-testid=\"products-outside\""),
        "{}",
        later.text
    );
}

#[tokio::test]
async fn issue_18_the_profile_lists_the_sessions_and_signs_out_one_or_all_others() {
    let (t, _token, _org) = shop().await;
    t.signup("other@example.ch").await;
    let mut laptop = t.browser();
    laptop.sign_in(EMAIL, PASSWORD).await;
    let mut phone = t.browser();
    phone.sign_in(EMAIL, PASSWORD).await;
    let mut tablet = t.browser();
    tablet.sign_in(EMAIL, PASSWORD).await;
    let mut stranger = t.browser();
    stranger.sign_in("other@example.ch", PASSWORD).await;

    let profile = laptop.get("/console/profile").await;
    assert_eq!(
        profile.text.matches("data-testid=\"end-session\"").count(),
        2,
        "{}",
        profile.text
    );
    assert_eq!(profile.text.matches("data-testid=\"this-session\"").count(), 1);
    let phone_session = t
        .number("SELECT MAX(s.id) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'owner@example.ch'")
        .await
        - 1;
    let stranger_session = t
        .number("SELECT MAX(s.id) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'other@example.ch'")
        .await;
    let csrf = csrf_of(&profile.text);
    // Another user's session is not this user's to end (AUTHZ-2).
    let r = laptop
        .post(
            &format!("/console/profile/sessions/{stranger_session}/end"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.get("/console/profile").await.status, StatusCode::OK);

    let r = laptop
        .post(
            &format!("/console/profile/sessions/{phone_session}/end"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(location(&r), "/console/profile?notice=session-ended");
    assert!(
        laptop
            .get(&location(&r))
            .await
            .text
            .contains("That session is signed out.")
    );
    assert_eq!(
        phone.get("/console/profile").await.status,
        StatusCode::SEE_OTHER,
        "the phone is signed out"
    );
    assert_eq!(tablet.get("/console/profile").await.status, StatusCode::OK);

    let r = laptop
        .post("/console/profile/sessions/end-others", &[("csrf", &csrf)])
        .await;
    assert_eq!(location(&r), "/console/profile?notice=sessions-ended");
    assert_eq!(tablet.get("/console/profile").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        laptop.get("/console/profile").await.status,
        StatusCode::OK,
        "this browser stays"
    );
    assert_eq!(
        stranger.get("/console/profile").await.status,
        StatusCode::OK,
        "nobody else's"
    );
    assert!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'session.end'")
            .await
            >= 2
    );
}

/// PRD-6 / issue 18: the default view is "expires within two months OR ordered in the last 30
/// days"; its total (two index ranges added up) counts each product once, whichever half
/// matches, and the notice counts the rest.
#[tokio::test]
async fn prd_6_the_default_view_counts_each_product_once() {
    let (t, token, org) = shop().await;
    let now = t.app.now().unix_timestamp();
    let day = 86_400;
    // (name, created days ago, expires in days; None = no expiry yet, stored as 0)
    let cases: [(&str, i64, Option<i64>); 6] = [
        ("both.example", 1, Some(20)),
        ("window-only.example", 400, Some(30)),
        ("recent-far.example", 2, Some(365)),
        ("recent-pending.example", 3, None),
        ("old-far.example", 400, Some(300)),
        ("old-past.example", 400, Some(-5)),
    ];
    for (name, ago, expires) in cases {
        let id = prepaid_product(&t, &token, org, name).await;
        let expires = expires.map_or(0, |d| now + d * day);
        t.execute(format!(
            "UPDATE products SET created_at = {}, expires_at = {expires} WHERE id = {id}",
            now - ago * day
        ))
        .await;
    }
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    let list = b.get("/console/products").await;
    for (name, shown) in [
        ("both.example", true),
        ("window-only.example", true),
        ("recent-far.example", true),
        ("recent-pending.example", true),
        ("old-far.example", false),
        ("old-past.example", false),
    ] {
        assert_eq!(
            list.text.contains(&format!(">{name}</a>")),
            shown,
            "{name}: {}",
            list.text
        );
    }
    assert!(
        list.text.contains("data-testid=\"products-total\">4 "),
        "{}",
        list.text
    );
    let outside = list
        .text
        .split("data-testid=\"products-outside\">")
        .nth(1)
        .unwrap();
    assert!(outside.starts_with('2'), "{outside}");
    // With filters bound in both halves of the count: a type and a part of the name.
    let typed = b.get("/console/products?type=web_hosting&name=far").await;
    assert!(
        typed.text.contains("data-testid=\"products-total\">1 "),
        "{}",
        typed.text
    );
    let outside = typed
        .text
        .split("data-testid=\"products-outside\">")
        .nth(1)
        .unwrap();
    assert!(
        outside.starts_with("One more product"),
        "old-far lies outside: {outside}"
    );
}

#[tokio::test]
async fn issue_18_the_product_page_renews_in_place_and_says_why_a_product_is_suspended() {
    let (t, token, org) = shop().await;
    let lapsing = prepaid_product(&t, &token, org, "lapsing.example").await;
    let late = prepaid_product(&t, &token, org, "late.example").await;
    patch(&t, &token, org, late, json!({"renewal_warranty": true})).await;
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    let page = b.get(&format!("/console/products/{lapsing}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("<dd>Web Business</dd>"),
        "the plan by its name: {}",
        page.text
    );
    assert!(!page.text.contains("web-business"), "no plan code");
    assert!(page.text.contains("data-testid=\"product-price\""));
    assert!(page.text.contains("Renewing adds 12 months"), "{}", page.text);
    assert!(
        page.text
            .contains("it is renewed anyway and an invoice for the renewal follows")
    );

    // Renew and pay from the product page: a renewal order, opened at its pay form.
    let csrf = csrf_of(&page.text);
    let r = b
        .post(
            &format!("/console/products/{lapsing}/renew"),
            &[("csrf", &csrf), ("how", "pay")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let to = location(&r);
    assert!(to.starts_with("/console/orders/") && to.ends_with("#pay"), "{to}");
    let order: i64 = to["/console/orders/".len()..to.len() - 4].parse().unwrap();
    assert_eq!(
        t.number_of(format!(
            "SELECT COUNT(*) FROM order_items WHERE order_id = {order} AND product_id = {lapsing}"
        ))
        .await,
        1,
        "the order renews that product"
    );

    // At expiry unpaid: suspended for its expiry, renewing brings it back.
    let exp = expiry(&product(&t, &token, org, lapsing).await);
    run_at(&t, exp + Duration::minutes(1)).await;
    b.sign_in(EMAIL, PASSWORD).await;
    let page = b.get(&format!("/console/products/{lapsing}")).await;
    assert!(
        page.text
            .contains("without being renewed. Renewing it brings it back at once."),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("data-testid=\"product-renew\""),
        "still renewable"
    );

    // The warranty product renewed on an invoice nobody pays: suspended by the reminders,
    // and the page names the invoice with its pay button (DUN-1, DUN-3).
    run_at(&t, exp + Duration::days(14 + 21)).await;
    b.sign_in(EMAIL, PASSWORD).await;
    let number = t
        .texts(Box::leak(
            format!(
                "SELECT i.number FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id \
                 WHERE l.product_id = {late} AND i.status = 'open'"
            )
            .into_boxed_str(),
        ))
        .await
        .pop()
        .expect("the warranty invoice");
    let page = b.get(&format!("/console/products/{late}")).await;
    assert!(
        page.text.contains(&format!(
            "invoice {number} is unpaid. Paying it brings the product back"
        )),
        "{}",
        page.text
    );
    assert!(
        page.text.contains(&format!(">Pay invoice {number}</a>")),
        "{}",
        page.text
    );

    // A change on the page answers a redirect that says what happened.
    let csrf = csrf_of(&page.text);
    let r = b
        .post(
            &format!("/console/products/{late}"),
            &[
                ("csrf", &csrf),
                ("name", "late.example"),
                ("renewal_warranty", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r),
        format!("/console/products/{late}?done=product-saved")
    );
    assert!(b.get(&location(&r)).await.text.contains("role=\"status\""));
}

#[tokio::test]
async fn msg_2_catalogue_names_in_the_reader_s_language_with_english_where_none_is_given() {
    let (t, token, org) = shop().await;
    let id = prepaid_product(&t, &token, org, "sprache.example").await;
    let r = t
        .api(
            http::Method::PATCH,
            "/1/profile",
            Some(&token),
            Some(json!({"language": "de"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    let cat = b.get("/console/catalog").await;
    assert!(
        cat.text.contains("Webhosting"),
        "the type in German: {}",
        cat.text
    );
    assert!(cat.text.contains("Unbegrenzt viele Websites, 250 GB"));
    assert!(cat.text.contains("Domain .ch"));
    assert!(!cat.text.contains("Unlimited sites"), "no English left");
    let page = b.get(&format!("/console/products/{id}")).await;
    assert!(page.text.contains("<dt>Verlängerungspreis</dt>"), "{}", page.text);
    assert!(page.text.contains("Verlängern und bezahlen"));

    // A catalogue without a translation reads the English; a language Kontor does not
    // speak is refused with its field.
    let plain = kontor_testkit::DEMO_CATALOG
        .lines()
        .filter(|l| !l.starts_with("translations.de"))
        .collect::<Vec<_>>()
        .join("\n");
    t.app
        .import_catalog(&kontor_app::Actor::system(), &plain)
        .await
        .expect("imported");
    let cat = b.get("/console/catalog").await;
    assert!(
        cat.text.contains("Unlimited sites, 250 GB"),
        "English as the fallback"
    );
    let bad = plain.replacen("translations.fr", "translations.xx", 1);
    let e = t
        .app
        .import_catalog(&kontor_app::Actor::system(), &bad)
        .await
        .expect_err("refused");
    assert!(format!("{e:?}").contains("types[0].translations.xx"), "{e:?}");
}

/// The `line` fields of the cart a catalogue page carries.
fn cart_lines(page: &str) -> Vec<String> {
    page.split("name=\"line\" value=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|v| v.replace("&#x7c;", "|").replace("&#124;", "|"))
        .collect()
}

async fn post(
    b: &mut kontor_testkit::Browser<'_>,
    all: Vec<(String, String)>,
) -> kontor_testkit::TestResponse {
    let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post("/console/catalog", &refs).await
}

#[tokio::test]
async fn issue_18_a_cart_mixes_types_and_periods_each_row_orders_its_plan_and_one_order_holds_it_all() {
    let (t, _token, _org) = shop().await;
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    let page = b.get("/console/catalog").await;
    assert!(page.text.contains("data-testid=\"cart-empty\""));
    assert!(
        page.text.contains("data-testid=\"pick-domain-ch\""),
        "an order button per row"
    );
    let csrf = csrf_of(&page.text);

    // A row's button puts its plan and period in the form: only the periods it offers.
    let picked = b
        .post(
            "/console/catalog",
            &[
                ("csrf", &csrf),
                ("idem", "cart-1"),
                ("pick", "domain-ch"),
                ("period-domain-ch", "24"),
            ],
        )
        .await;
    assert_eq!(picked.status, StatusCode::OK, "{}", picked.text);
    assert!(
        picked.text.contains("<option value=\"domain-ch\" selected>"),
        "{}",
        picked.text
    );
    let periods = picked.text.split("<select name=\"period\">").nth(1).unwrap();
    let periods = periods.split("</select>").next().unwrap();
    assert!(
        periods.contains("<option value=\"24\" selected>24 months</option>"),
        "{periods}"
    );
    assert!(
        !periods.contains("1 month<"),
        "a .ch domain has no monthly period: {periods}"
    );

    // Add a domain for 24 months, then a hosting for 1 month: the cart holds both.
    let added = b
        .post(
            "/console/catalog",
            &[
                ("csrf", &csrf),
                ("idem", "cart-1"),
                ("plan", "domain-ch"),
                ("period", "24"),
                ("names", "korb.ch"),
                ("go", "add"),
            ],
        )
        .await;
    let mut fields: Vec<(String, String)> = cart_lines(&added.text)
        .into_iter()
        .map(|l| ("line".to_owned(), l))
        .collect();
    assert_eq!(fields.len(), 1, "{}", added.text);
    assert!(added.text.contains("data-testid=\"cart\""));
    let base = [("csrf", csrf.as_str()), ("idem", "cart-1")];
    let with = |extra: &[(&str, &str)], lines: &[(String, String)]| {
        let mut all: Vec<(String, String)> = base
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        all.extend(lines.iter().cloned());
        all.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        all
    };
    let added = post(
        &mut b,
        with(
            &[
                ("plan", "web-starter"),
                ("period", "1"),
                ("names", "korb.example"),
                ("go", "add"),
            ],
            &fields,
        ),
    )
    .await;
    fields = cart_lines(&added.text)
        .into_iter()
        .map(|l| ("line".to_owned(), l))
        .collect();
    assert_eq!(fields.len(), 2, "{}", added.text);
    assert!(
        added.text.contains("data-testid=\"quote-total\""),
        "the cart is priced"
    );
    assert!(added.text.contains("Web Starter · 1 month"), "{}", added.text);

    // Remove and add back, then order: one order with both lines, each its own period.
    let removed = post(&mut b, with(&[("remove", "1")], &fields)).await;
    assert_eq!(cart_lines(&removed.text).len(), 1);
    let r = post(&mut b, with(&[("go", "order")], &fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let order = t.number("SELECT MAX(id) FROM orders").await;
    assert_eq!(
        t.texts(Box::leak(
            format!(
                "SELECT plan_code || ':' || period_months FROM order_items WHERE order_id = {order} ORDER BY id"
            )
            .into_boxed_str()
        ))
        .await,
        vec!["domain-ch:24".to_owned(), "web-starter:1".to_owned()]
    );
    let again = post(&mut b, with(&[("go", "order")], &fields)).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        t.number("SELECT COUNT(*) FROM orders").await,
        1,
        "the same form orders once"
    );
}

#[tokio::test]
async fn issue_18_countries_by_name_time_zones_from_the_list_and_vat_numbers_of_the_own_country() {
    let (t, token, org) = shop().await;
    let r = t
        .api(
            http::Method::PATCH,
            "/1/profile",
            Some(&token),
            Some(json!({"language": "de"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    let page = b.get("/console/organization").await;
    assert!(
        page.text
            .contains("<option value=\"CH\" selected>Schweiz</option>"),
        "{}",
        page.text
    );
    assert!(page.text.contains("<option value=\"AT\">Österreich</option>"));
    let profile = b.get("/console/profile").await;
    assert!(profile.text.contains("<select name=\"time_zone\" required>"));
    assert!(profile.text.contains(">Europe/Zurich</option>"));

    let r = t
        .api(
            http::Method::PATCH,
            "/1/profile",
            Some(&token),
            Some(json!({"time_zone": "Europe/Nowhere"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let r = t
        .api(
            http::Method::PATCH,
            &format!("/1/organizations/{org}"),
            Some(&token),
            Some(json!({"vat_number": "FR12345678901"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.json["error"]["errors"][0]["code"], "vat_other_country");
    let r = t
        .api(
            http::Method::PATCH,
            &format!("/1/organizations/{org}"),
            Some(&token),
            Some(json!({"vat_number": "CHE-123.456.789 MWST"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn issue_18_the_audit_log_reads_as_sentences_in_the_reader_s_language() {
    let (t, token, org) = shop().await;
    let (_, member) = t.member(&token, org, "max@example.ch", "user", json!({})).await;
    let r = t
        .api(
            http::Method::PATCH,
            &format!("/1/organizations/{org}/members/{member}"),
            Some(&token),
            Some(json!({"role": "administrator"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    let log = b.get("/console/audit").await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(
        log.text
            .contains("Anna Muster (API token) made Max Member an administrator."),
        "{}",
        log.text
    );
    assert!(log.text.contains("Max Member joined the organization."));
    assert!(!log.text.contains("role=admin"), "no raw details");
    assert!(
        !log.text.contains("<code>member.update</code>"),
        "no action codes"
    );
    let r = t
        .api(
            http::Method::PATCH,
            "/1/profile",
            Some(&token),
            Some(json!({"language": "de"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let log = b.get("/console/audit").await;
    assert!(
        log.text
            .contains("Anna Muster (API-Token) hat Max Member zum Administrator gemacht."),
        "{}",
        log.text
    );
}
