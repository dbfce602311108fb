//! Issue 18, item 9: changing the sign-in e-mail, confirmed by a link to the new address.

use http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, TestApp, spawn_app};
use serde_json::json;

async fn ask(t: &TestApp, token: &str, email: &str, password: &str) -> kontor_testkit::TestResponse {
    t.api(
        Method::PUT,
        "/1/profile/email",
        Some(token),
        Some(json!({"email": email, "current_password": password})),
    )
    .await
}

async fn confirm(t: &TestApp, secret: &str) -> kontor_testkit::TestResponse {
    t.api(
        Method::POST,
        "/1/profile/email/confirm",
        None,
        Some(json!({"token": secret})),
    )
    .await
}

async fn can_sign_in(t: &TestApp, email: &str) -> bool {
    let r = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(json!({"email": email, "password": PASSWORD, "name": "t", "scopes": ["profile"]})),
        )
        .await;
    r.status == StatusCode::CREATED
}

#[tokio::test]
async fn issue_18_login_email_changes_only_once_the_new_address_confirms() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    t.signed_up("bruno@example.ch").await;
    // Refusals change nothing and send nothing.
    let sent_before = t.mails().await.len();
    assert_eq!(
        ask(&t, &token, "anna@new.ch", "not my password").await.json["error"]["errors"][0]["code"],
        "wrong_password"
    );
    let same = ask(&t, &token, "anna@example.ch", PASSWORD).await;
    assert_eq!(same.json["error"]["errors"][0]["code"], "same_as_login_email");
    assert_eq!(
        ask(&t, &token, "not an address", PASSWORD).await.json["error"]["errors"][0]["code"],
        "invalid_email"
    );
    let taken = ask(&t, &token, "bruno@example.ch", PASSWORD).await;
    assert_eq!(
        (taken.status, taken.code()),
        (StatusCode::CONFLICT, "email_taken")
    );
    assert_eq!(t.mails().await.len(), sent_before);

    // An earlier request's link stops working when another is asked for.
    assert_eq!(
        ask(&t, &token, "anna@old-idea.ch", PASSWORD).await.status,
        StatusCode::ACCEPTED
    );
    let stale = t
        .mails_to("anna@old-idea.ch")
        .await
        .pop()
        .unwrap()
        .secret("/console/login-email/")
        .unwrap();
    let r = ask(&t, &token, "anna@new.ch", PASSWORD).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    assert_eq!(confirm(&t, &stale).await.code(), "invalid_link");
    let profile = t.get("/1/profile", &token).await;
    assert_eq!(profile.json["data"]["email"], "anna@example.ch");
    assert_eq!(profile.json["data"]["pending_email"], "anna@new.ch");
    // Until confirmed, the old address signs in and the new one does not.
    assert!(can_sign_in(&t, "anna@example.ch").await);
    assert!(!can_sign_in(&t, "anna@new.ch").await);

    let mail = t.mails_to("anna@new.ch").await.pop().unwrap();
    let secret = mail.secret("/console/login-email/").unwrap();
    let done = confirm(&t, &secret).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.json["data"]["email"], "anna@new.ch");
    assert!(can_sign_in(&t, "anna@new.ch").await);
    assert!(!can_sign_in(&t, "anna@example.ch").await);
    // The token held before keeps working, and the profile shows the new address.
    let profile = t.get("/1/profile", &token).await;
    assert_eq!(profile.json["data"]["email"], "anna@new.ch");
    assert_eq!(profile.json["data"]["pending_email"], serde_json::Value::Null);
    // The old address is told.
    let told = t.mails_to("anna@example.ch").await.pop().unwrap();
    assert!(told.text().contains("anna@new.ch"), "{}", told.text());
    assert_eq!(confirm(&t, &secret).await.code(), "invalid_link");
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'user.login_email_request'")
            .await,
        2
    );
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'user.login_email_change'")
            .await,
        1
    );
}

#[tokio::test]
async fn issue_18_login_email_two_accounts_confirming_one_address_at_once_one_wins() {
    let t = spawn_app().await;
    let (anna, _) = t.signed_up("anna@example.ch").await;
    let (bruno, _) = t.signed_up("bruno@example.ch").await;
    assert_eq!(
        ask(&t, &anna, "shared@example.ch", PASSWORD).await.status,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        ask(&t, &bruno, "shared@example.ch", PASSWORD).await.status,
        StatusCode::ACCEPTED
    );
    let secrets: Vec<String> = t
        .mails_to("shared@example.ch")
        .await
        .iter()
        .map(|m| m.secret("/console/login-email/").unwrap())
        .collect();
    assert_eq!(secrets.len(), 2);
    let (a, b) = tokio::join!(confirm(&t, &secrets[0]), confirm(&t, &secrets[1]));
    let mut outcomes = [a.status, b.status];
    outcomes.sort();
    assert_eq!(
        outcomes,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        a.text,
        b.text
    );
    assert_eq!(
        t.number("SELECT COUNT(*) FROM users WHERE email = 'shared@example.ch'")
            .await,
        1
    );
    assert_eq!(
        t.number("SELECT COUNT(*) FROM users WHERE email IN ('anna@example.ch', 'bruno@example.ch')")
            .await,
        1
    );
}

#[tokio::test]
async fn issue_18_login_email_console_asks_then_the_link_page_confirms_on_its_button() {
    let t = spawn_app().await;
    t.signed_up("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    let r = b
        .submit(
            "/console/profile",
            "/console/profile/email",
            &[("email", "anna@new.ch"), ("current_password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let page = b.get("/console/profile?notice=login-email-sent").await;
    assert!(page.text.contains("We sent a confirmation link"), "{}", page.text);
    assert!(page.text.contains("anna@new.ch"));
    let secret = t
        .mails_to("anna@new.ch")
        .await
        .pop()
        .unwrap()
        .secret("/console/login-email/")
        .unwrap();
    // Opening the link (a mail scanner does) changes nothing; its button does.
    let mut other = t.browser();
    let link = format!("/console/login-email/{secret}");
    let shown = other.get(&link).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.text.contains("Sign in with this address"), "{}", shown.text);
    assert!(can_sign_in(&t, "anna@example.ch").await);
    let done = other.submit(&link, &link, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(done.text.contains("From now on you sign in with"));
    assert!(can_sign_in(&t, "anna@new.ch").await);
    // Delivered, the outbox keeps the message without the link's secret.
    let bodies = t.texts("SELECT body FROM outbox ORDER BY id").await;
    assert!(bodies.iter().all(|b| !b.contains(&secret)));
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("/console/login-email/(link removed after delivery)")),
        "{bodies:?}"
    );
}
