//! PAR-1 (applications, staff's decision, the discount rate), PAR-11 (the directory) and
//! TEN-1 to TEN-4 (calls for tender), through the API and the consoles.

use axum::http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, TestApp, csrf_of, spawn_app};
use serde_json::{Value, json};
use time::Duration;

use crate::verification::staff_with_factor;

/// A company in Switzerland with a registry id: (token, organization).
pub(crate) async fn company(t: &TestApp, email: &str, name: &str) -> (String, i64) {
    company_in(t, email, name, "CH").await
}

/// A company signed up in `country` (its currency follows, ACC-1), with a registry id.
pub(crate) async fn company_in(t: &TestApp, email: &str, name: &str, country: &str) -> (String, i64) {
    let r = t
        .api(
            Method::POST,
            "/1/signup",
            None,
            Some(
                json!({"email": email, "password": PASSWORD, "first_name": "Petra", "last_name": "Partner",
                        "kind": "company", "company_name": name, "country": country, "language": "de"}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let org = r.json["data"]["organization"]["id"].as_i64().unwrap();
    let token = t.token(email).await;
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}"),
            Some(&token),
            Some(json!({"registry_id": "CHE-123.456.789"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (token, org)
}

fn application() -> Value {
    json!({"website": "https://muster-hosting.ch", "expected_volume": "2000.00", "accept_conditions": true})
}

async fn apply(t: &TestApp, token: &str, org: i64, body: Value) -> kontor_testkit::TestResponse {
    t.api(
        Method::POST,
        &format!("/1/organizations/{org}/partner-application"),
        Some(token),
        Some(body),
    )
    .await
}

async fn application_of(t: &TestApp, token: &str, org: i64) -> Value {
    let r = t
        .get(&format!("/1/organizations/{org}/partner-application"), token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["data"].clone()
}

/// An approved partner offering `services`, listed or not: (token, organization).
pub(crate) async fn partner(
    t: &TestApp,
    email: &str,
    name: &str,
    services: &[&str],
    listed: bool,
) -> (String, i64) {
    partner_in(t, email, name, services, listed, "CH").await
}

/// [`partner`] for a company signed up in `country`.
pub(crate) async fn partner_in(
    t: &TestApp,
    email: &str,
    name: &str,
    services: &[&str],
    listed: bool,
    country: &str,
) -> (String, i64) {
    let (token, org) = company_in(t, email, name, country).await;
    assert_eq!(
        apply(t, &token, org, application()).await.status,
        StatusCode::CREATED
    );
    approve_directly(t, org).await;
    let r = t
        .api(
            Method::PUT,
            &format!("/1/organizations/{org}/partner-directory"),
            Some(&token),
            Some(
                json!({"listed": listed, "contact_email": email, "languages": ["de", "fr"],
                        "regions": "Zürich, Bern", "services": services}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (token, org)
}

/// Staff approval without the console (the console path has its own test).
async fn approve_directly(t: &TestApp, org: i64) {
    let n = t
        .execute(format!(
            "UPDATE partners SET status = 'approved', decided_at = 1 WHERE organization_id = {org}"
        ))
        .await;
    assert_eq!(n, 1);
}

#[tokio::test]
async fn par_1_only_a_company_with_registry_id_website_volume_and_accepted_conditions_applies() {
    let t = spawn_app().await;
    let (person, person_org) = t.signed_up("solo@example.ch").await;
    let r = apply(&t, &person, person_org, application()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let fields: Vec<&str> = r.json["error"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"kind") && fields.contains(&"registry_id"),
        "{fields:?}"
    );

    let (token, org) = company(&t, "petra@muster-hosting.ch", "Muster Hosting AG").await;
    let bad =
        json!({"website": "muster-hosting.ch", "expected_volume": "1999.99", "accept_conditions": false});
    let r = apply(&t, &token, org, bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let errors = r.json["error"]["errors"].to_string();
    for (field, code) in [
        ("website", "invalid_url"),
        ("expected_volume", "below_minimum"),
        ("accept_conditions", "must_accept"),
    ] {
        assert!(
            errors.contains(&format!("{{\"code\":\"{code}\",\"field\":\"{field}\"}}"))
                || errors.contains(&format!("{{\"field\":\"{field}\",\"code\":\"{code}\"}}")),
            "{field} {code}: {errors}"
        );
    }
    assert!(
        application_of(&t, &token, org).await.is_null(),
        "a refused application leaves nothing"
    );

    // An administrator is not a legal representative: refused with the reason.
    let (admin, _) = t
        .member(&token, org, "admin@muster-hosting.ch", "administrator", json!({}))
        .await;
    let r = apply(&t, &admin, org, application()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

    let r = apply(&t, &token, org, application()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "pending");
    assert_eq!(r.json["data"]["discount_percent"], "20");
    assert_eq!(
        r.json["data"]["expected_volume"],
        json!({"amount": "2000.00", "currency": "CHF"})
    );
    let r = apply(&t, &token, org, application()).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "partner_application_exists");
    let mails = t.mails_to("petra@muster-hosting.ch").await;
    assert!(
        mails.iter().any(|m| m.subject.contains("Muster Hosting AG")),
        "{mails:?}"
    );
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'partner.apply'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn par_1_twenty_applications_at_once_file_one() {
    let t = spawn_app().await;
    let (token, org) = company(&t, "petra@muster-hosting.ch", "Muster Hosting AG").await;
    let t = std::sync::Arc::new(t);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (t, token) = (t.clone(), token.clone());
        set.spawn(async move { apply(&t, &token, org, application()).await });
    }
    let answers: Vec<_> = set.join_all().await;
    let created = answers.iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert_eq!(
        created,
        1,
        "{:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(
        answers
            .iter()
            .filter(|r| r.status != StatusCode::CREATED)
            .all(|r| r.code() == "partner_application_exists")
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM partners").await, 1);
}

#[tokio::test]
async fn par_1_staff_approve_with_a_rate_of_at_most_35_percent_and_change_it_later() {
    let t = spawn_app().await;
    let (token, org) = company(&t, "petra@muster-hosting.ch", "Muster Hosting AG").await;
    assert_eq!(
        apply(&t, &token, org, application()).await.status,
        StatusCode::CREATED
    );

    // Support staff do not decide partners.
    let mut support = staff_with_factor(&t, "sam@kontor.example", "support").await;
    let r = support.get("/staff/partners").await;
    assert!(!r.text.contains("Muster Hosting AG"), "{}", r.text);
    assert!(!r.status.is_success());

    let mut staff = staff_with_factor(&t, "bea@kontor.example", "billing").await;
    let r = staff.get("/staff/partners").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text.contains("Muster Hosting AG") && r.text.contains("data-status=\"pending\""));
    let page = staff.get(&format!("/staff/partners/{org}")).await;
    assert!(page.text.contains("https://muster-hosting.ch"));
    let csrf = csrf_of(&page.text);
    let path = format!("/staff/partners/{org}/decide");
    let r = staff
        .post(
            &path,
            &[("csrf", &csrf), ("decision", "approve"), ("discount", "36")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(application_of(&t, &token, org).await["status"], "pending");
    let r = staff
        .post(
            &path,
            &[("csrf", &csrf), ("decision", "approve"), ("discount", "25")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let a = application_of(&t, &token, org).await;
    assert_eq!(
        (a["status"].as_str(), a["discount_percent"].as_str()),
        (Some("approved"), Some("25"))
    );
    let r = staff
        .post(
            &path,
            &[("csrf", &csrf), ("decision", "reject"), ("reason", "late")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "decided once: {}", r.text);
    let mails = t.mails_to("petra@muster-hosting.ch").await;
    let approved = mails.last().unwrap();
    assert!(approved.raw.contains("25 %"), "{}", approved.raw);

    let r = staff
        .post(
            &format!("/staff/partners/{org}/discount"),
            &[("csrf", &csrf), ("discount", "35")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(application_of(&t, &token, org).await["discount_percent"], "35");
    let audited = t
        .texts("SELECT action || ' ' || details FROM audit_log WHERE action LIKE 'partner.%' ORDER BY id")
        .await;
    assert_eq!(audited.len(), 3, "{audited:?}");
    assert!(
        audited[1].starts_with("partner.approve discount_bp=2500"),
        "{audited:?}"
    );
    assert!(audited[2].contains("2500→3500"), "{audited:?}");
}

#[tokio::test]
async fn par_1_a_rejection_names_its_reason_and_the_organization_may_apply_again() {
    let t = spawn_app().await;
    let (token, org) = company(&t, "petra@muster-hosting.ch", "Muster Hosting AG").await;
    assert_eq!(
        apply(&t, &token, org, application()).await.status,
        StatusCode::CREATED
    );
    let mut staff = staff_with_factor(&t, "bea@kontor.example", "admin").await;
    let page = staff.get(&format!("/staff/partners/{org}")).await;
    let csrf = csrf_of(&page.text);
    let path = format!("/staff/partners/{org}/decide");
    let r = staff
        .post(&path, &[("csrf", &csrf), ("decision", "reject"), ("reason", " ")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "a rejection needs its reason");
    let r = staff
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("decision", "reject"),
                ("reason", "The website is not reachable."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let a = application_of(&t, &token, org).await;
    assert_eq!(a["status"], "rejected");
    assert_eq!(a["reason"], "The website is not reachable.");
    let mail = t.mails_to("petra@muster-hosting.ch").await.pop().unwrap();
    assert!(mail.raw.contains("The website is not reachable."), "{}", mail.raw);
    // The discount of a rejected organization cannot be set.
    let r = staff
        .post(
            &format!("/staff/partners/{org}/discount"),
            &[("csrf", &csrf), ("discount", "20")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

    let r = apply(&t, &token, org, application()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "pending");
    assert_eq!(r.json["data"]["reason"], "");
}

#[tokio::test]
async fn par_11_directory_lists_opted_in_partners_by_name_and_finds_any_by_email() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = company(&t, "petra@muster-hosting.ch", "Muster Hosting AG").await;
    assert_eq!(
        apply(&t, &token, org, application()).await.status,
        StatusCode::CREATED
    );
    let body = json!({"listed": true, "contact_email": "partners@muster-hosting.ch", "languages": ["de"],
                      "regions": "Zürich", "services": ["web_hosting"]});
    let path = format!("/1/organizations/{org}/partner-directory");
    let r = t.api(Method::PUT, &path, Some(&token), Some(body.clone())).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "not_a_partner"));
    approve_directly(&t, org).await;

    let bad =
        json!({"listed": true, "contact_email": "nope", "languages": ["xx"], "services": ["spaceships"]});
    let r = t.api(Method::PUT, &path, Some(&token), Some(bad)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json["error"]["errors"].as_array().unwrap().len(),
        3,
        "{}",
        r.text
    );

    let unlisted = json!({"listed": false, "contact_email": "partners@muster-hosting.ch", "languages": ["de"],
                          "regions": "Zürich", "services": ["web_hosting"]});
    assert_eq!(
        t.api(Method::PUT, &path, Some(&token), Some(unlisted))
            .await
            .status,
        StatusCode::OK
    );
    let search = |q: &str| format!("/1/partners?q={}", q.replace('@', "%40").replace(' ', "+"));
    let r = t.api(Method::GET, &search("muster"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.json["data"].as_array().unwrap().len(),
        0,
        "not listed: not by name"
    );
    let r = t
        .api(Method::GET, &search("Partners@Muster-Hosting.ch"), None, None)
        .await;
    assert_eq!(r.json["data"][0]["name"], "Muster Hosting AG", "{}", r.text);

    assert_eq!(
        t.api(Method::PUT, &path, Some(&token), Some(body)).await.status,
        StatusCode::OK
    );
    let r = t.api(Method::GET, &search("MUSTER host"), None, None).await;
    let entry = &r.json["data"][0];
    assert_eq!(entry["name"], "Muster Hosting AG", "{}", r.text);
    assert_eq!(entry["website"], "https://muster-hosting.ch");
    assert_eq!(entry["services"], json!(["web_hosting"]));
    assert!(
        entry.get("contact_email").is_none(),
        "the directory does not publish addresses"
    );
    // LIKE wildcards typed by a visitor match themselves only.
    let r = t.api(Method::GET, &search("%"), None, None).await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 0);
    let r = t.api(Method::GET, "/1/partners?q=a%00b", None, None).await;
    assert_eq!(
        (r.status, r.json["data"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );
    let r = t.api(Method::GET, "/1/partners", None, None).await;
    assert_eq!(
        r.json["data"].as_array().unwrap().len(),
        1,
        "without a query: every listed partner"
    );

    // The public page lists it, in the visitor's language.
    let mut visitor = t.browser();
    let page = visitor.get("/console/directory?q=muster").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("Muster Hosting AG") && page.text.contains("Web hosting"),
        "{}",
        page.text
    );
}

fn tender_body(email: &str) -> Value {
    json!({"need": "A web shop for 200 products. Call Anna at +41 44 123 45 67 or write to anna.private@example.ch.",
           "category": "web_hosting", "budget_min": "500.00", "budget_max": "2000.00", "currency": "CHF",
           "language": "de", "region": "Zürich", "contact_name": "Anna Auftrag", "email": email,
           "phone": "+41 44 123 45 67"})
}

async fn post_tender(t: &TestApp, email: &str) -> kontor_testkit::TestResponse {
    t.api(Method::POST, "/1/tenders", None, Some(tender_body(email)))
        .await
}

#[tokio::test]
async fn ten_1_ten_2_partners_of_the_category_get_an_extract_without_contacts_and_the_full_view_is_recorded()
{
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (hosting, hosting_org) = partner(
        &t,
        "hosting@partner.ch",
        "Hosting Partner AG",
        &["web_hosting"],
        true,
    )
    .await;
    let (domains, domains_org) =
        partner(&t, "domains@partner.ch", "Domain Partner AG", &["domain"], false).await;
    let (customer, customer_org) = t.signed_up("kunde@example.ch").await;

    let r = post_tender(&t, "anna@auftrag.ch").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.json["data"]["id"].as_i64().unwrap();
    assert!(r.json["data"]["email"].is_null() && r.json["data"]["need"].is_null());

    let extract = t.mails_to("hosting@partner.ch").await;
    let extract = extract
        .iter()
        .find(|m| m.raw.contains("/console/tenders/"))
        .expect("extract mailed");
    let body = extract.raw.replace("=\r\n", "").replace("=\n", "");
    for contact in [
        "anna@auftrag.ch",
        "Anna Auftrag",
        "123 45 67",
        "44 123",
        "anna.private",
        "+41",
    ] {
        assert!(!body.contains(contact), "{contact} in the extract: {body}");
    }
    assert!(body.contains("A web shop for 200 products."), "{body}");
    assert!(
        !t.mails_to("domains@partner.ch")
            .await
            .iter()
            .any(|m| m.raw.contains("/console/tenders/")),
        "a partner of another category is not mailed"
    );
    let author = t.mails_to("anna@auftrag.ch").await;
    assert_eq!(author.len(), 1);
    assert!(author[0].link("/console/tenders/cancel/").is_some());

    let r = t
        .get(&format!("/1/organizations/{hosting_org}/tenders"), &hosting)
        .await;
    assert_eq!(r.json["data"][0]["id"], id, "{}", r.text);
    assert_eq!(r.json["data"][0]["email"], "anna@auftrag.ch");
    for _ in 0..2 {
        let r = t
            .get(&format!("/1/organizations/{hosting_org}/tenders/{id}"), &hosting)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.json["data"]["phone"], "+41441234567");
    }
    let r = t
        .get(&format!("/1/organizations/{hosting_org}/tenders/{id}"), &hosting)
        .await;
    assert_eq!(r.json["data"]["views"][0]["views"], 3);
    assert_eq!(r.json["data"]["views"][0]["email"], "hosting@partner.ch");
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'tender.view'")
            .await,
        3
    );

    // Another category's partner, a customer, another organization: nothing.
    let r = t
        .get(&format!("/1/organizations/{domains_org}/tenders/{id}"), &domains)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = t
        .get(&format!("/1/organizations/{customer_org}/tenders"), &customer)
        .await;
    assert_eq!(
        (r.status, r.json["data"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );
    let r = t
        .get(
            &format!("/1/organizations/{customer_org}/tenders/{id}"),
            &customer,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a non-partner sees no tender");
    let r = t
        .get(&format!("/1/organizations/{hosting_org}/tenders/{id}"), &customer)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The partner's console shows it in full.
    let mut b = t.browser();
    b.sign_in("hosting@partner.ch", PASSWORD).await;
    let page = b.get(&format!("/console/tenders/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("anna@auftrag.ch") && page.text.contains("Anna Auftrag"));
}

#[tokio::test]
async fn ten_1_bad_tenders_are_refused_and_change_nothing() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let mut body = tender_body("not-an-address");
    body["budget_min"] = json!("900.00");
    body["budget_max"] = json!("100.00");
    body["category"] = json!("spaceships");
    body["phone"] = json!("call me");
    body["need"] = json!(" ");
    let r = t.api(Method::POST, "/1/tenders", None, Some(body)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = r.json["error"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["need", "category", "budget_max", "email", "phone"],
        "{}",
        r.text
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM tenders").await, 0);
    let long = json!({"contact_name": "N".repeat(201)});
    let mut body = tender_body("a@example.ch");
    body["contact_name"] = long["contact_name"].clone();
    let r = t.api(Method::POST, "/1/tenders", None, Some(body)).await;
    assert_eq!(r.json["error"]["errors"][0]["code"], "too_long", "{}", r.text);
    let mut body = tender_body("a@example.ch");
    body["need"] = json!("A shop\nfor \u{202E}gpj.exe\u{202C} files");
    let r = t.api(Method::POST, "/1/tenders", None, Some(body)).await;
    assert_eq!(
        r.json["error"]["errors"][0]["code"], "invalid_character",
        "{}",
        r.text
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM tenders").await, 0);
}

#[tokio::test]
async fn ten_3_the_cancellation_link_closes_the_tender_for_every_partner_at_once() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (a, a_org) = partner(&t, "a@partner.ch", "Partner A AG", &["web_hosting"], true).await;
    let (b, b_org) = partner(
        &t,
        "b@partner.ch",
        "Partner B AG",
        &["web_hosting", "domain"],
        true,
    )
    .await;
    let id = post_tender(&t, "anna@auftrag.ch").await.json["data"]["id"]
        .as_i64()
        .unwrap();
    for (token, org) in [(&a, a_org), (&b, b_org)] {
        let r = t.get(&format!("/1/organizations/{org}/tenders"), token).await;
        assert_eq!(r.json["data"].as_array().unwrap().len(), 1);
    }
    let mail = t.mails_to("anna@auftrag.ch").await.pop().unwrap();
    let secret = mail.secret("/console/tenders/cancel/").unwrap();

    // Opening the link (a mail scanner does) asks, and closes nothing.
    let mut author = t.browser();
    let page = author.get(&format!("/console/tenders/cancel/{secret}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("data-status=\"open\""), "{}", page.text);
    let r = t.get(&format!("/1/organizations/{a_org}/tenders/{id}"), &a).await;
    assert_eq!(r.status, StatusCode::OK);

    let r = author
        .submit(
            &format!("/console/tenders/cancel/{secret}"),
            &format!("/console/tenders/cancel/{secret}"),
            &[],
        )
        .await;
    assert!(r.text.contains("data-status=\"cancelled\""), "{}", r.text);
    for (token, org) in [(&a, a_org), (&b, b_org)] {
        let r = t.get(&format!("/1/organizations/{org}/tenders"), token).await;
        assert_eq!(
            r.json["data"].as_array().unwrap().len(),
            0,
            "gone for every partner"
        );
        let r = t
            .get(&format!("/1/organizations/{org}/tenders/{id}"), token)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    // The link again answers the closed tender; a wrong one is refused.
    let r = t
        .api(
            Method::POST,
            "/1/tenders/cancel",
            None,
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(
        (r.status, r.json["data"]["status"].as_str()),
        (StatusCode::OK, Some("cancelled"))
    );
    let r = t
        .api(
            Method::POST,
            "/1/tenders/cancel",
            None,
            Some(json!({"token": "tc_wrong"})),
        )
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "invalid_link"));
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'tender.cancel'")
            .await,
        1
    );
    // The secret is kept as its hash only.
    assert!(t.texts("SELECT cancel_hash FROM tenders").await[0] != secret);
}

#[tokio::test]
async fn ten_3_tenders_close_by_themselves_after_60_days() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (a, a_org) = partner(&t, "a@partner.ch", "Partner A AG", &["web_hosting"], true).await;
    post_tender(&t, "anna@auftrag.ch").await;
    t.clock.advance(Duration::days(59));
    t.app.run_jobs(t.clock_now()).await.unwrap();
    let r = t.get(&format!("/1/organizations/{a_org}/tenders"), &a).await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 1);
    t.clock.advance(Duration::days(1));
    let report = t.app.run_jobs(t.clock_now()).await.unwrap();
    assert_eq!(report.tenders_closed, 1);
    let r = t.get(&format!("/1/organizations/{a_org}/tenders"), &a).await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 0);
    assert_eq!(t.texts("SELECT status FROM tenders").await, ["closed"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_4_posts_are_limited_per_ip_even_twenty_at_once() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    t.set_ip("203.0.113.7");
    let t = std::sync::Arc::new(t);
    let mut set = tokio::task::JoinSet::new();
    for i in 0..20 {
        let t = t.clone();
        set.spawn(async move { post_tender(&t, &format!("author{i}@example.ch")).await });
    }
    let answers: Vec<_> = set.join_all().await;
    let accepted = answers.iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert_eq!(
        accepted,
        5,
        "{:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let refused = answers
        .iter()
        .find(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .unwrap();
    assert_eq!(refused.code(), "too_many_tenders");
    assert!(refused.header("retry-after").parse::<u64>().unwrap() > 0);
    assert_eq!(t.number("SELECT COUNT(*) FROM tenders").await, 5);

    t.set_ip("198.51.100.2");
    assert_eq!(
        post_tender(&t, "other@example.ch").await.status,
        StatusCode::CREATED
    );
    t.set_ip("203.0.113.7");
    t.clock.advance(Duration::minutes(30));
    t.app.run_jobs(t.clock_now()).await.unwrap();
    assert_eq!(
        post_tender(&t, "again@example.ch").await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the job keeps the hour's posts"
    );
    t.clock.advance(Duration::minutes(31));
    assert_eq!(
        post_tender(&t, "again@example.ch").await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn ten_4_the_public_form_posts_and_a_filled_honeypot_is_dropped() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let mut visitor = t.browser();
    let form = [
        ("need", "Mail for 5 people"),
        ("category", "web_hosting"),
        ("budget_min", "100,50"),
        ("budget_max", "400"),
        ("currency", "EUR"),
        ("language", "fr"),
        ("region", "Genève"),
        ("contact_name", "Chloé Client"),
        ("email", "chloe@example.ch"),
        ("phone", "+41 22 123 45 67"),
    ];
    let mut bot = form.to_vec();
    bot.push(("homepage", "http://spam.example"));
    let r = visitor
        .submit("/console/tenders/new", "/console/tenders/new", &bot)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.text.contains("data-testid=\"tender-posted\""),
        "answered like a post"
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM tenders").await, 0, "and dropped");
    assert!(t.mails_to("chloe@example.ch").await.is_empty());

    let r = visitor
        .submit("/console/tenders/new", "/console/tenders/new", &form)
        .await;
    assert!(r.text.contains("data-testid=\"tender-posted\""), "{}", r.text);
    assert_eq!(
        t.texts("SELECT currency || ' ' || budget_min || ' ' || language FROM tenders")
            .await,
        ["EUR 10050 fr"]
    );
    assert_eq!(t.mails_to("chloe@example.ch").await.len(), 1);
}

#[tokio::test]
async fn par_1_par_11_the_console_files_the_application_and_saves_the_directory_entry() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = company(&t, "petra@muster-hosting.ch", "Muster Hosting AG").await;
    let mut b = t.browser();
    b.sign_in("petra@muster-hosting.ch", PASSWORD).await;
    let page = b.get("/console/partner").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("CHF 2"), "the minimum is shown: {}", page.text);
    let r = b
        .submit(
            "/console/partner",
            "/console/partner/apply",
            &[
                ("website", "https://muster-hosting.ch"),
                ("expected_volume", "1500"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let r = b
        .submit(
            "/console/partner",
            "/console/partner/apply",
            &[
                ("website", "https://muster-hosting.ch"),
                ("expected_volume", "2500,00"),
                ("accept_conditions", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = b.get("/console/partner?done=applied").await;
    assert!(page.text.contains("data-status=\"pending\""));
    assert_eq!(
        application_of(&t, &token, org).await["expected_volume"]["amount"],
        "2500.00"
    );

    approve_directly(&t, org).await;
    let r = b
        .submit(
            "/console/partner",
            "/console/partner/directory",
            &[
                ("listed", "on"),
                ("contact_email", "partners@muster-hosting.ch"),
                ("languages", "de"),
                ("languages", "it"),
                ("regions", "Ticino"),
                ("services", "web_hosting"),
                ("services", "domain"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let a = application_of(&t, &token, org).await;
    assert_eq!(a["languages"], json!(["de", "it"]));
    let mut services: Vec<&str> = a["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    services.sort_unstable();
    assert_eq!(services, ["domain", "web_hosting"]);
    assert_eq!(a["listed"], true);
    let page = b.get("/console/tenders").await;
    assert_eq!(page.status, StatusCode::OK);
}
