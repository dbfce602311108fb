//! SEC-5, SUP-5 (identity verification), SUP-2 (VIP code), PRD-1 (staff catalogue), STF-1
//! (a staff member's own password), and what of SEC/SUP happens at the same moment: one TOTP
//! code twenty times, two job runners, twenty grants.

use std::sync::Arc;

use http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, TestApp, csrf_of, multipart, spawn_app, spawn_app_with};
use serde_json::json;

use crate::security::{between, independent_totp, now, set_up_totp, staff_browser};

/// A tiny PNG and a tiny JPEG: only their first bytes matter to the content check.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";

/// A staff member with TOTP set up, signed in to the staff console.
pub(crate) async fn staff_with_factor<'a>(
    t: &'a TestApp,
    email: &str,
    role: &str,
) -> kontor_testkit::Browser<'a> {
    let (mut staff, _) = staff_browser(t, email, role).await;
    let r = staff.submit("/staff/security", "/staff/security/totp", &[]).await;
    let secret = between(&r.text, "data-testid=\"totp-secret\">", "<").to_owned();
    let done = staff
        .post(
            "/staff/security/confirm",
            &[
                ("csrf", &csrf_of(&r.text)),
                ("code", &independent_totp(&secret, now(t))),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    staff
}

/// The API's multipart filing: e-mail, password and the two photos.
async fn file_by_api(
    t: &TestApp,
    email: &str,
    password: &str,
    document: &[u8],
    selfie: &[u8],
) -> kontor_testkit::TestResponse {
    let (content_type, body) = multipart(
        &[("email", email), ("password", password)],
        &[("document", document), ("selfie", selfie)],
    );
    t.send(
        Method::POST,
        "/1/auth/identity-verification",
        &[("content-type", &content_type)],
        axum::body::Body::from(body),
    )
    .await
}

#[tokio::test]
async fn sec_5_approval_signs_in_with_the_password_alone_and_every_old_session_is_gone() {
    let t = spawn_app().await;
    let data = t.signup("anna@example.ch").await;
    let user = data["user"]["id"].as_i64().unwrap();
    let mut old = t.browser();
    old.sign_in("anna@example.ch", PASSWORD).await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    set_up_totp(&t, &mut b).await;
    b.submit("/console/organization", "/console/signout", &[]).await;

    // The right password opens the code step, which links to the identity verification.
    let r = b.sign_in("anna@example.ch", PASSWORD).await;
    assert_eq!(r.header("location"), "/console/signin/code");
    let code_page = b.get("/console/signin/code").await;
    assert!(
        code_page.text.contains("href=\"/console/signin/recover\""),
        "{}",
        code_page.text
    );
    let form = b.get("/console/signin/recover").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text.contains("multipart/form-data"));
    let csrf = csrf_of(&form.text);
    let filed = b
        .post_multipart(
            "/console/signin/recover",
            &[("csrf", &csrf)],
            &[("document", PNG), ("selfie", JPEG)],
        )
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.text);
    assert!(filed.text.contains("data-testid=\"verification-filed\""));
    assert!(
        !b.cookies.contains_key("kontor_challenge"),
        "the sign-in ends here"
    );
    assert!(
        !b.cookies.contains_key("kontor_session"),
        "no session without the code"
    );
    // Sealed at rest: nonce + ciphertext + tag, never the photo itself.
    let sealed = t
        .number("SELECT CAST(length(document) + length(selfie) AS BIGINT) FROM identity_verifications")
        .await;
    assert_eq!(sealed, (PNG.len() + JPEG.len() + 2 * 28) as i64);
    let mails = t.mails_to("anna@example.ch").await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject.contains("received your identity verification"))
    );

    // One request waits at a time.
    let again = file_by_api(&t, "anna@example.ch", PASSWORD, PNG, JPEG).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert_eq!(again.code(), "verification_pending");

    // Billing staff may not see requests; a customer's session is nothing at /staff.
    let mut billing = staff_with_factor(&t, "bill@provider.ch", "billing").await;
    assert_eq!(
        billing.get("/staff/verifications").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        old.get("/staff/verifications").await.header("location"),
        "/staff/signin"
    );

    // Support staff see the request and its photos, exactly as sent, never cached.
    let mut staff = staff_with_factor(&t, "sam@provider.ch", "support").await;
    let list = staff.get("/staff/verifications").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert!(list.text.contains("anna@example.ch"));
    let id = t.number("SELECT id FROM identity_verifications").await;
    let photo = staff.get(&format!("/staff/verifications/{id}/document")).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.bytes, PNG);
    assert_eq!(photo.header("content-type"), "image/png");
    assert_eq!(photo.header("cache-control"), "no-store");
    let selfie = staff.get(&format!("/staff/verifications/{id}/selfie")).await;
    assert_eq!(selfie.header("content-type"), "image/jpeg");

    // SUP-5: approval is what switches the second factor off, and it ends every session.
    let page = format!("/staff/verifications/{id}");
    let decided = staff
        .submit(&page, &format!("{page}/decide"), &[("decision", "approve")])
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.text);
    assert_eq!(
        t.number("SELECT COUNT(*) FROM second_factors WHERE owner_kind = 'user'")
            .await,
        0
    );
    assert_eq!(
        t.number("SELECT COUNT(*) FROM backup_codes WHERE owner_kind = 'user'")
            .await,
        0
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(old.get("/console/profile").await.status, StatusCode::SEE_OTHER);
    let mails = t.mails_to("anna@example.ch").await;
    assert!(mails.iter().any(|m| m.subject == "Your identity was verified"));
    let twice = staff
        .submit(&page, &format!("{page}/decide"), &[("decision", "reject")])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);

    // The password alone signs in now.
    let r = b.sign_in("anna@example.ch", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_ne!(r.header("location"), "/console/signin/code");
    assert!(b.cookies.contains_key("kontor_session"));

    // Every step is audited, in the account's organization too, the staff steps as staff.
    let org = data["organization"]["id"].as_i64().unwrap();
    let tok = t.token("anna@example.ch").await;
    let audit = t
        .get(&format!("/1/organizations/{org}/audit?per_page=100"), &tok)
        .await;
    for action in [
        "identity_verification.file",
        "identity_verification.view",
        "identity_verification.approve",
    ] {
        assert!(audit.text.contains(action), "{action}: {}", audit.text);
    }
    let by_staff = t
        .number("SELECT COUNT(*) FROM audit_log WHERE action = 'identity_verification.approve' AND actor_kind = 'staff'")
        .await;
    assert!(by_staff >= 1);
    let disabled = t
        .texts("SELECT details FROM audit_log WHERE action = 'two_factor.disable'")
        .await;
    assert!(disabled[0].contains("identity_verification"), "{disabled:?}");
    let _ = user;
}

#[tokio::test]
async fn sec_5_photos_are_checked_by_content_and_size_rejection_keeps_the_factor_and_photos_go_after_retention()
 {
    let t = spawn_app_with(kontor_testkit::Options {
        configure: Some(|s| s.verification_max_bytes = 1024),
        ..Default::default()
    })
    .await;
    t.signup("anna@example.ch").await;
    // Without a second factor there is nothing to verify.
    let none = file_by_api(&t, "anna@example.ch", PASSWORD, PNG, JPEG).await;
    assert_eq!(none.code(), "two_factor_not_on", "{}", none.text);
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    set_up_totp(&t, &mut b).await;

    let wrong = file_by_api(&t, "anna@example.ch", "not the password", PNG, JPEG).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    let json = t
        .api(
            Method::POST,
            "/1/auth/identity-verification",
            None,
            Some(json!({"email": "anna@example.ch", "password": PASSWORD})),
        )
        .await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let gif = file_by_api(&t, "anna@example.ch", PASSWORD, b"GIF89a\x01\0\x01\0", JPEG).await;
    assert_eq!(gif.status, StatusCode::BAD_REQUEST, "{}", gif.text);
    assert_eq!(gif.json["error"]["errors"][0]["field"], "document");
    assert_eq!(gif.json["error"]["errors"][0]["code"], "not_an_image");
    let mut big = PNG.to_vec();
    big.resize(1025, 0);
    let large = file_by_api(&t, "anna@example.ch", PASSWORD, PNG, &big).await;
    assert_eq!(large.json["error"]["errors"][0]["field"], "selfie");
    assert_eq!(large.json["error"]["errors"][0]["code"], "image_too_large");
    let empty = file_by_api(&t, "anna@example.ch", PASSWORD, PNG, b"").await;
    assert_eq!(empty.json["error"]["errors"][0]["code"], "image_required");
    assert_eq!(t.number("SELECT COUNT(*) FROM identity_verifications").await, 0);

    let filed = file_by_api(&t, "anna@example.ch", PASSWORD, PNG, JPEG).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    assert_eq!(filed.json["data"]["status"], "pending");
    let id = filed.json["data"]["id"].as_i64().unwrap();

    let mut staff = staff_with_factor(&t, "sam@provider.ch", "admin").await;
    let page = format!("/staff/verifications/{id}");
    let long_note = "x".repeat(501);
    let refused = staff
        .submit(
            &page,
            &format!("{page}/decide"),
            &[("decision", "reject"), ("note", &long_note)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let rejected = staff
        .submit(
            &page,
            &format!("{page}/decide"),
            &[("decision", "reject"), ("note", "The document photo is blurred.")],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.text);
    assert_eq!(
        t.number("SELECT COUNT(*) FROM second_factors WHERE owner_kind = 'user'")
            .await,
        1,
        "the factor stays"
    );
    let mail = t
        .mails_to("anna@example.ch")
        .await
        .into_iter()
        .find(|m| m.subject.contains("rejected"))
        .expect("the rejection is e-mailed");
    assert!(mail.raw.contains("blurred"), "{}", mail.raw);

    // The photos are deleted once the decision is older than the retention period.
    t.clock.advance(time::Duration::days(29));
    let report = t.app.run_jobs(t.clock_now()).await.unwrap();
    assert_eq!(report.verification_photos_deleted, 0);
    // (A staff session ends after 12 idle hours: someone signs in afresh.)
    let mut staff = staff_with_factor(&t, "late@provider.ch", "support").await;
    assert_eq!(staff.get(&format!("{page}/selfie")).await.status, StatusCode::OK);
    t.clock.advance(time::Duration::days(2));
    let report = t.app.run_jobs(t.clock_now()).await.unwrap();
    assert_eq!(report.verification_photos_deleted, 1);
    let mut staff = staff_with_factor(&t, "later@provider.ch", "support").await;
    assert_eq!(
        t.number("SELECT COUNT(*) FROM identity_verifications WHERE document IS NULL AND selfie IS NULL")
            .await,
        1
    );
    assert_eq!(
        staff.get(&format!("{page}/selfie")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        staff
            .get(&page)
            .await
            .text
            .contains("deleted after the retention period")
    );
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'identity_verification.purge'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sup_2_premium_support_shows_one_vip_code_and_staff_find_the_organization_by_it() {
    let t = spawn_app_with(kontor_testkit::Options {
        rate_limit_per_minute: Some(0),
        ..Default::default()
    })
    .await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("anna@example.ch").await;
    let path = format!("/1/organizations/{org}/premium-support");
    let none = t.get(&path, &token).await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(none.json["data"]["held"], false);
    assert!(none.json["data"]["vip_code"].is_null());
    let product = t.active_product(&token, org, "support-premium", "Premium").await;

    // The first views at the same moment make one code.
    let t = Arc::new(t);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (t, token, path) = (t.clone(), token.clone(), path.clone());
        set.spawn(async move { t.get(&path, &token).await });
    }
    let mut codes = std::collections::HashSet::new();
    while let Some(r) = set.join_next().await {
        let r = r.unwrap();
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        codes.insert(r.json["data"]["vip_code"].as_str().unwrap().to_owned());
    }
    assert_eq!(codes.len(), 1, "{codes:?}");
    let code = codes.into_iter().next().unwrap();
    assert_eq!(code.len(), 9);
    assert_eq!(&code[4..5], "-");
    let held = t.get(&path, &token).await;
    assert_eq!(held.json["data"]["held"], true);
    assert_eq!(held.json["data"]["phone"], "+41 44 000 00 00");

    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    let page = b.get("/console/premium-support").await;
    assert!(page.text.contains(&code), "{}", page.text);

    // Staff find the organization by the code as a caller reads it out.
    let mut staff = staff_with_factor(&t, "sam@provider.ch", "support").await;
    let spoken = format!("vip {}", code.replace('-', " ").to_lowercase());
    let found = staff
        .get(&format!("/staff/organizations?vip={}", spoken.replace(' ', "+")))
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    assert!(found.text.contains("data-testid=\"vip-organization\""));
    let audit = t.get(&format!("/1/organizations/{org}/audit"), &token).await;
    assert!(audit.text.contains("by=vip_code"), "{}", audit.text);
    let malformed = staff.get("/staff/organizations?vip=12").await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);

    // The code counts only while premium support is active.
    t.execute(format!(
        "UPDATE products SET status = 'suspended' WHERE id = {product}"
    ))
    .await;
    let gone = staff.get(&format!("/staff/organizations?vip={code}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(t.get(&path, &token).await.json["data"]["held"], false);
}

#[tokio::test]
async fn prd_1_staff_admins_edit_a_plan_and_the_price_applies_to_orders_after_it() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("buyer@example.ch").await;
    let before = t
        .order(
            &token,
            org,
            json!([{"plan": "web-starter", "period_months": 12, "name": "a"}]),
        )
        .await;

    let mut support = staff_with_factor(&t, "sam@provider.ch", "support").await;
    assert_eq!(support.get("/staff/catalog").await.status, StatusCode::FORBIDDEN);
    let mut admin = staff_with_factor(&t, "ada@provider.ch", "admin").await;
    let page = admin.get("/staff/catalog").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("name=\"price_12_CHF\" value=\"119.00\""));

    let edit = |chf: &'static str| {
        vec![
            ("name", "Web Starter"),
            ("description", "For a first site"),
            ("offered", "on"),
            ("price_12_CHF", chf),
            ("price_12_EUR", "110.00"),
        ]
    };
    let bad = admin
        .submit(
            "/staff/catalog",
            "/staff/catalog/plans/web-starter",
            &edit("12,9"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    assert!(bad.text.contains("12 months, CHF"), "{}", bad.text);
    let saved = admin
        .submit(
            "/staff/catalog",
            "/staff/catalog/plans/web-starter",
            &edit("129.00"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert!(saved.text.contains("data-testid=\"catalog-notice\""));

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
    let catalog = t.api(Method::GET, "/1/catalog", None, None).await;
    assert!(catalog.text.contains("For a first site"));
    assert_eq!(
        t.number(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.plan_update' AND actor_kind = 'staff'"
        )
        .await,
        1
    );

    // The whole file, as `kontor catalog import` reads it; a broken one changes nothing.
    let file = between(
        &admin.get("/staff/catalog").await.text,
        "name=\"file\" rows=\"20\" spellcheck=\"false\">",
        "</textarea>",
    )
    .replace("&quot;", "\"")
    .replace("&#34;", "\"")
    .replace("&#39;", "'")
    .replace("&amp;", "&");
    let broken = admin
        .submit(
            "/staff/catalog",
            "/staff/catalog",
            &[("file", "[[plans]]\ncode = ")],
        )
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    let renamed = file.replace("name = \"Web Starter\"", "name = \"Web Starter Plus\"");
    assert_ne!(renamed, file);
    let imported = admin
        .submit("/staff/catalog", "/staff/catalog", &[("file", &renamed)])
        .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text);
    let catalog = t.api(Method::GET, "/1/catalog", None, None).await;
    assert!(catalog.text.contains("Web Starter Plus"));
}

#[tokio::test]
async fn stf_1_a_staff_member_replaces_the_first_password_and_other_sessions_end() {
    let t = spawn_app().await;
    let (mut staff, first) = staff_browser(&t, "sam@provider.ch", "support").await;
    let mut other = t.browser();
    other
        .submit(
            "/staff/signin",
            "/staff/signin",
            &[("email", "sam@provider.ch"), ("password", &first)],
        )
        .await;
    let wrong = staff
        .submit(
            "/staff/security",
            "/staff/security/password",
            &[
                ("current_password", "nope"),
                ("new_password", "a long new secret"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.text);
    let changed = staff
        .submit(
            "/staff/security",
            "/staff/security/password",
            &[
                ("current_password", &first),
                ("new_password", "a long new secret"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text);
    assert_eq!(staff.get("/staff/security").await.status, StatusCode::OK);
    assert_eq!(
        other.get("/staff/security").await.header("location"),
        "/staff/signin"
    );
    let mut fresh = t.browser();
    let old = fresh
        .submit(
            "/staff/signin",
            "/staff/signin",
            &[("email", "sam@provider.ch"), ("password", &first)],
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = fresh
        .submit(
            "/staff/signin",
            "/staff/signin",
            &[("email", "sam@provider.ch"), ("password", "a long new secret")],
        )
        .await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);
    assert!(
        t.mails_to("sam@provider.ch").await.len() >= 2,
        "welcome, then the change"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sec_1_one_totp_code_sent_twenty_times_at_once_signs_in_once() {
    let t = spawn_app_with(kontor_testkit::Options {
        rate_limit_per_minute: Some(0),
        ..Default::default()
    })
    .await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    let (secret, _) = set_up_totp(&t, &mut b).await;
    t.clock.advance(time::Duration::seconds(30));
    let code = independent_totp(&secret, now(&t));
    let body = json!({"email": "anna@example.ch", "password": PASSWORD, "name": "n", "scopes": ["profile"], "code": code});
    let t = Arc::new(t);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (t, body) = (t.clone(), body.clone());
        set.spawn(async move { t.api(Method::POST, "/1/auth/tokens", None, Some(body)).await });
    }
    let (mut created, mut refused) = (0, 0);
    while let Some(r) = set.join_next().await {
        let r = r.unwrap();
        if r.status == StatusCode::CREATED {
            created += 1;
        } else {
            // A replayed code counts as a failed sign-in (ACC-4), so the later ones meet the
            // lock-out.
            assert!(
                ["invalid_second_factor", "account_locked"].contains(&r.code()),
                "{}",
                r.text
            );
            refused += 1;
        }
    }
    assert_eq!((created, refused), (1, 19));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sup_3_twenty_grants_at_once_leave_one_in_force_and_two_runners_expire_it_once() {
    let t = spawn_app_with(kontor_testkit::Options {
        rate_limit_per_minute: Some(0),
        ..Default::default()
    })
    .await;
    t.signup("anna@example.ch").await;
    let tok = t.token("anna@example.ch").await;
    let t = Arc::new(t);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (t, tok) = (t.clone(), tok.clone());
        set.spawn(async move {
            t.api(
                Method::POST,
                "/1/support-access",
                Some(&tok),
                Some(json!({"kind": "drive"})),
            )
            .await
        });
    }
    while let Some(r) = set.join_next().await {
        let r = r.unwrap();
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    assert_eq!(
        t.number("SELECT COUNT(*) FROM support_grants WHERE ended_at IS NULL")
            .await,
        1
    );

    t.clock
        .advance(time::Duration::days(7) + time::Duration::minutes(1));
    let at = t.clock_now();
    let (a, b) = tokio::join!(
        t.app.expire_support_grants(at.unix_timestamp()),
        t.app.expire_support_grants(at.unix_timestamp())
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1, "each grant ends once");
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'support_access.expire'")
            .await,
        1
    );
    let ended = t
        .mails_to("anna@example.ch")
        .await
        .into_iter()
        .filter(|m| m.subject.contains("ended"))
        .count();
    assert_eq!(ended, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sec_5_two_staff_members_deciding_one_request_at_once_decide_it_once() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    set_up_totp(&t, &mut b).await;
    let filed = file_by_api(&t, "anna@example.ch", PASSWORD, PNG, JPEG).await;
    let id = filed.json["data"]["id"].as_i64().unwrap();
    let page = format!("/staff/verifications/{id}");
    let action = format!("{page}/decide");
    let mut one = staff_with_factor(&t, "one@provider.ch", "support").await;
    let mut two = staff_with_factor(&t, "two@provider.ch", "admin").await;
    let (csrf_one, csrf_two) = (
        csrf_of(&one.get(&page).await.text),
        csrf_of(&two.get(&page).await.text),
    );
    let approve = [("csrf", csrf_one.as_str()), ("decision", "approve")];
    let reject = [("csrf", csrf_two.as_str()), ("decision", "reject")];
    let (a, r) = tokio::join!(one.post(&action, &approve), two.post(&action, &reject));
    let mut statuses = [a.status.as_u16(), r.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 409], "{} / {}", a.text, r.text);
    let decided = t
        .number("SELECT COUNT(*) FROM audit_log WHERE action IN ('identity_verification.approve', 'identity_verification.reject') AND organization_id IS NULL")
        .await;
    assert_eq!(decided, 1);
    let mails = t
        .mails_to("anna@example.ch")
        .await
        .into_iter()
        .filter(|m| m.subject.contains("verified") || m.subject.contains("rejected"))
        .count();
    assert_eq!(mails, 1);
}

/// STF-1, AUTHZ-1: every staff-console page for every kind of visitor. Without a staff session
/// (nobody, or a customer whose console session counts for nothing here) the staff sign-in;
/// without the second factor its set-up; then `STAFF_TABLE` decides by role.
#[tokio::test]
async fn stf_1_staff_console_matrix_every_page_by_visitor_and_role() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let data = t.signup("anna@example.ch").await;
    let code = data["user"]["support_code"].as_str().unwrap().to_owned();
    let mut customer = t.browser();
    customer.sign_in("anna@example.ch", PASSWORD).await;
    set_up_totp(&t, &mut customer).await;
    let id = file_by_api(&t, "anna@example.ch", PASSWORD, PNG, JPEG).await.json["data"]["id"]
        .as_i64()
        .unwrap();
    let mut visitors = [
        ("anonymous", t.browser()),
        ("customer", customer),
        (
            "staff without 2FA",
            staff_browser(&t, "new@provider.ch", "admin").await.0,
        ),
        (
            "support",
            staff_with_factor(&t, "sup@provider.ch", "support").await,
        ),
        (
            "billing",
            staff_with_factor(&t, "bil@provider.ch", "billing").await,
        ),
        ("admin", staff_with_factor(&t, "adm@provider.ch", "admin").await),
    ];
    let (out, setup) = (Some("/staff/signin"), Some("/staff/security"));
    let pages: Vec<(String, [u16; 6])> = vec![
        ("/staff".to_owned(), [303, 303, 303, 200, 200, 200]),
        ("/staff/security".to_owned(), [303, 303, 200, 200, 200, 200]),
        (
            format!("/staff/customers?code={code}"),
            [303, 303, 303, 200, 200, 200],
        ),
        (
            "/staff/organizations?vip=ABCD-2345".to_owned(),
            [303, 303, 303, 404, 404, 404],
        ),
        ("/staff/verifications".to_owned(), [303, 303, 303, 200, 403, 200]),
        (
            format!("/staff/verifications/{id}"),
            [303, 303, 303, 200, 403, 200],
        ),
        (
            format!("/staff/verifications/{id}/selfie"),
            [303, 303, 303, 200, 403, 200],
        ),
        ("/staff/catalog".to_owned(), [303, 303, 303, 403, 403, 200]),
    ];
    let mut failures = Vec::new();
    for (page, expected) in &pages {
        for ((who, b), want) in visitors.iter_mut().zip(expected) {
            let r = b.get(page).await;
            let to = r.header("location");
            let redirect = if *who == "staff without 2FA" { setup } else { out };
            if r.status.as_u16() != *want || (*want == 303 && Some(to) != redirect) {
                failures.push(format!("{who} GET {page}: {} {to}, expected {want}", r.status));
            }
        }
    }
    // Making staff accounts: admins only.
    for (who, want) in [("support", 403), ("billing", 403), ("admin", 200)] {
        let b = &mut visitors.iter_mut().find(|(w, _)| *w == who).unwrap().1;
        let email = format!("made-by-{who}@provider.ch");
        let fields = [("email", email.as_str()), ("name", "Made"), ("role", "support")];
        let r = b.submit("/staff", "/staff/members", &fields).await;
        if r.status.as_u16() != want {
            failures.push(format!(
                "{who} POST /staff/members: {}, expected {want}",
                r.status
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
