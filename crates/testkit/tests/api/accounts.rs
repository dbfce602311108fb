use http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, spawn_app};
use serde_json::json;
use time::Duration;

#[tokio::test]
async fn acc_1_signup_makes_the_only_legal_representative_of_an_organization_named_after_them() {
    let t = spawn_app().await;
    let data = t.signup("anna@example.ch").await;
    assert_eq!(data["organization"]["name"], "Anna Muster");
    assert_eq!(data["organization"]["kind"], "person");
    assert_eq!(data["organization"]["currency"], "CHF");
    assert_eq!(data["organization"]["role"], "legal_representative");
    let token = t.token("anna@example.ch").await;
    let orgs = t.get("/1/organizations", &token).await;
    assert_eq!(orgs.json["total"], 1);
    assert_eq!(orgs.json["data"][0]["role"], "legal_representative");
    assert_eq!(orgs.json["data"][0]["billing"], true);
}

#[tokio::test]
async fn acc_1_company_signup_names_the_organization_after_the_company_and_eur_outside_ch() {
    let t = spawn_app().await;
    let r = t
        .api(Method::POST, "/1/signup", None, Some(json!({"email": "ceo@acme.fr", "password": PASSWORD, "first_name": "Luc",
            "last_name": "Martin", "kind": "company", "company_name": "ACME SAS", "country": "FR", "language": "fr"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json["data"]["organization"]["name"], "ACME SAS");
    assert_eq!(r.json["data"]["organization"]["currency"], "EUR");
    let without_name = t
        .api(
            Method::POST,
            "/1/signup",
            None,
            Some(
                json!({"email": "x@acme.fr", "password": PASSWORD, "first_name": "Luc",
            "last_name": "Martin", "kind": "company", "country": "FR", "language": "fr"}),
            ),
        )
        .await;
    assert_eq!(without_name.code(), "validation_failed");
    assert_eq!(without_name.json["error"]["errors"][0]["field"], "company_name");
}

#[tokio::test]
async fn acc_1_signup_may_choose_the_currency_and_a_taken_email_is_refused_without_change() {
    let t = spawn_app().await;
    let r = t
        .api(
            Method::POST,
            "/1/signup",
            None,
            Some(json!({"email": "a@b.de", "password": PASSWORD, "first_name": "A",
            "last_name": "B", "kind": "person", "country": "DE", "language": "de", "currency": "CHF"})),
        )
        .await;
    assert_eq!(r.json["data"]["organization"]["currency"], "CHF");
    let again = t
        .api(
            Method::POST,
            "/1/signup",
            None,
            Some(json!({"email": "A@B.de", "password": PASSWORD, "first_name": "A",
            "last_name": "B", "kind": "person", "country": "DE", "language": "de"})),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "email_taken");
    let token = t.token("a@b.de").await;
    assert_eq!(t.get("/1/organizations", &token).await.json["total"], 1);
}

#[tokio::test]
async fn acc_3_weak_passwords_are_refused_with_a_clear_code() {
    let t = spawn_app().await;
    for (password, code) in [
        ("short", "password_too_short"),
        ("Password123", "password_too_common"),
        ("anna@example.ch", "password_equals_email"),
    ] {
        let r = t
            .api(
                Method::POST,
                "/1/signup",
                None,
                Some(
                    json!({"email": "anna@example.ch", "password": password, "first_name": "A",
                "last_name": "B", "kind": "person", "country": "CH", "language": "en"}),
                ),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.json["error"]["errors"][0]["code"], code, "{password}");
    }
}

#[tokio::test]
async fn acc_3_passwords_are_stored_as_argon2id_hashes() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut c = t.db.acquire().await.unwrap();
    let user = kontor_store::identity::users::find_user_by_email(&mut c, "anna@example.ch")
        .await
        .unwrap()
        .unwrap();
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(!user.password_hash.contains(PASSWORD));
}

#[tokio::test]
async fn acc_4_five_failures_lock_the_account_even_for_the_right_password() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    for _ in 0..5 {
        let r = t.api(Method::POST, "/1/auth/tokens", None, Some(json!({"email": "anna@example.ch", "password": "wrong password!", "name": "t", "scopes": ["profile"]}))).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.code(), "invalid_credentials");
    }
    let r = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(
                json!({"email": "anna@example.ch", "password": PASSWORD, "name": "t", "scopes": ["profile"]}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::LOCKED);
    assert_eq!(r.code(), "account_locked");
    assert!(r.header("retry-after").parse::<u64>().unwrap() > 0);
    t.clock.advance(Duration::minutes(16));
    t.token("anna@example.ch").await;
}

#[tokio::test]
async fn acc_4_every_endpoint_that_checks_the_current_password_counts_failures_like_sign_in() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let change =
        |current: &'static str| json!({"current_password": current, "new_password": "a completely new one"});
    // Wrong current passwords on the password and recovery-address endpoints ...
    for i in 0..5 {
        let r = if i % 2 == 0 {
            t.api(
                Method::PUT,
                "/1/profile/password",
                Some(&token),
                Some(change("not my password")),
            )
            .await
        } else {
            t.api(
                Method::PUT,
                "/1/profile/recovery-email",
                Some(&token),
                Some(json!({"email": "anna@private.ch", "current_password": "not my password"})),
            )
            .await
        };
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
        assert_eq!(r.json["error"]["errors"][0]["code"], "wrong_password");
    }
    // ... lock the account: the right password is refused there and at sign-in.
    let r = t
        .api(
            Method::PUT,
            "/1/profile/password",
            Some(&token),
            Some(change(PASSWORD)),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::LOCKED, "account_locked"),
        "{}",
        r.text
    );
    let r = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(
                json!({"email": "anna@example.ch", "password": PASSWORD, "name": "t", "scopes": ["profile"]}),
            ),
        )
        .await;
    assert_eq!(r.code(), "account_locked");
    t.clock.advance(Duration::minutes(16));
    let r = t
        .api(
            Method::PUT,
            "/1/profile/password",
            Some(&token),
            Some(change(PASSWORD)),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
}

#[tokio::test]
async fn acc_4_failures_never_say_whether_the_email_exists() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let known = t.api(Method::POST, "/1/auth/tokens", None, Some(json!({"email": "anna@example.ch", "password": "wrong password!", "name": "t", "scopes": ["profile"]}))).await;
    let unknown = t.api(Method::POST, "/1/auth/tokens", None, Some(json!({"email": "nobody@example.ch", "password": "wrong password!", "name": "t", "scopes": ["profile"]}))).await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(known.json, unknown.json);
    // Unknown addresses lock the same way, so locking reveals nothing either.
    for _ in 0..4 {
        t.api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(json!({"email": "nobody@example.ch", "password": "x", "name": "t", "scopes": ["profile"]})),
        )
        .await;
    }
    let r = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(json!({"email": "nobody@example.ch", "password": "x", "name": "t", "scopes": ["profile"]})),
        )
        .await;
    assert_eq!(r.code(), "account_locked");
}

#[tokio::test]
async fn acc_4_twenty_failures_from_one_ip_lock_that_ip() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    t.set_ip("203.0.113.7");
    for i in 0..20 {
        let r = t.api(Method::POST, "/1/auth/tokens", None, Some(json!({"email": format!("guess{i}@example.ch"), "password": "x", "name": "t", "scopes": ["profile"]}))).await;
        assert_eq!(r.code(), "invalid_credentials");
    }
    let r = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(
                json!({"email": "anna@example.ch", "password": PASSWORD, "name": "t", "scopes": ["profile"]}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::LOCKED);
    assert_eq!(r.code(), "ip_locked");
    t.set_ip("198.51.100.1");
    t.token("anna@example.ch").await;
}

#[tokio::test]
async fn acc_6_support_code_has_eight_digits_and_regenerating_kills_the_old_one() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let old = t.get("/1/profile", &token).await.json["data"]["support_code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(old.len(), 8);
    assert!(old.chars().all(|c| c.is_ascii_digit()));
    let r = t
        .api(Method::POST, "/1/profile/support-code", Some(&token), None)
        .await;
    let new = r.json["data"]["support_code"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert_eq!(
        t.get("/1/profile", &token).await.json["data"]["support_code"],
        new.as_str()
    );
    let mut c = t.db.acquire().await.unwrap();
    assert!(
        kontor_store::identity::users::find_user_by_support_code(&mut c, &old)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        kontor_store::identity::users::find_user_by_support_code(&mut c, &new)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn acc_7_recovery_email_needs_the_password_and_takes_over_only_once_confirmed() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let wrong = t
        .api(
            Method::PUT,
            "/1/profile/recovery-email",
            Some(&token),
            Some(json!({"email": "anna@private.ch", "current_password": "nope nope nope"})),
        )
        .await;
    assert_eq!(wrong.json["error"]["errors"][0]["code"], "wrong_password");
    let r = t
        .api(
            Method::PUT,
            "/1/profile/recovery-email",
            Some(&token),
            Some(json!({"email": "anna@private.ch", "current_password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    let profile = t.get("/1/profile", &token).await;
    assert_eq!(profile.json["data"]["recovery_email"], serde_json::Value::Null);
    assert_eq!(profile.json["data"]["pending_recovery_email"], "anna@private.ch");
    let mail = t.mails_to("anna@private.ch").await.pop().unwrap();
    let secret = mail.secret("/console/recovery-email/").unwrap();
    let confirmed = t
        .api(
            Method::POST,
            "/1/profile/recovery-email/confirm",
            None,
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    assert_eq!(
        t.get("/1/profile", &token).await.json["data"]["recovery_email"],
        "anna@private.ch"
    );
    let again = t
        .api(
            Method::POST,
            "/1/profile/recovery-email/confirm",
            None,
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(again.code(), "invalid_link");
}

#[tokio::test]
async fn acc_8_reset_link_goes_to_the_recovery_address_works_once_and_ends_every_session() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    t.api(
        Method::PUT,
        "/1/profile/recovery-email",
        Some(&token),
        Some(json!({"email": "anna@private.ch", "current_password": PASSWORD})),
    )
    .await;
    let confirm = t
        .mails_to("anna@private.ch")
        .await
        .pop()
        .unwrap()
        .secret("/console/recovery-email/")
        .unwrap();
    t.api(
        Method::POST,
        "/1/profile/recovery-email/confirm",
        None,
        Some(json!({"token": confirm})),
    )
    .await;
    let mut browser = t.browser();
    assert_eq!(
        browser.sign_in("anna@example.ch", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(browser.get("/console/profile").await.status, StatusCode::OK);

    let r = t
        .api(
            Method::POST,
            "/1/auth/password-reset",
            None,
            Some(json!({"email": "anna@example.ch"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let mail = t.mails_to("anna@private.ch").await.pop().unwrap();
    assert!(mail.subject.contains("Reset"), "{}", mail.subject);
    let secret = mail.secret("/console/password-reset/").unwrap();
    let done = t
        .api(
            Method::POST,
            "/1/auth/password-reset/confirm",
            None,
            Some(json!({"token": secret, "password": "a brand new secret"})),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);
    let twice = t
        .api(
            Method::POST,
            "/1/auth/password-reset/confirm",
            None,
            Some(json!({"token": secret, "password": "another new secret"})),
        )
        .await;
    assert_eq!(twice.code(), "invalid_link");
    // The console session is gone; the API token is not (ACC-5 revokes nothing else).
    assert_eq!(
        browser.get("/console/profile").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(t.get("/1/profile", &token).await.status, StatusCode::OK);
    let old = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(
                json!({"email": "anna@example.ch", "password": PASSWORD, "name": "t", "scopes": ["profile"]}),
            ),
        )
        .await;
    assert_eq!(old.code(), "invalid_credentials");
    assert!(
        t.mails_to("anna@example.ch")
            .await
            .iter()
            .any(|m| m.subject.contains("password was changed"))
    );
}

#[tokio::test]
async fn acc_8_reset_answer_is_the_same_for_unknown_accounts_and_links_expire_after_an_hour() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let known = t
        .api(
            Method::POST,
            "/1/auth/password-reset",
            None,
            Some(json!({"email": "anna@example.ch"})),
        )
        .await;
    let unknown = t
        .api(
            Method::POST,
            "/1/auth/password-reset",
            None,
            Some(json!({"email": "ghost@example.ch"})),
        )
        .await;
    assert_eq!((known.status, &known.json), (unknown.status, &unknown.json));
    assert!(t.mails_to("ghost@example.ch").await.is_empty());
    let secret = t
        .mails_to("anna@example.ch")
        .await
        .pop()
        .unwrap()
        .secret("/console/password-reset/")
        .unwrap();
    t.clock.advance(Duration::minutes(61));
    let late = t
        .api(
            Method::POST,
            "/1/auth/password-reset/confirm",
            None,
            Some(json!({"token": secret, "password": "a brand new secret"})),
        )
        .await;
    assert_eq!(late.code(), "invalid_link");
}

#[tokio::test]
async fn acc_5_password_change_ends_other_sessions_and_revokes_nothing_else() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let mut laptop = t.browser();
    let mut phone = t.browser();
    laptop.sign_in("anna@example.ch", PASSWORD).await;
    phone.sign_in("anna@example.ch", PASSWORD).await;
    let old_session = laptop.cookies["kontor_session"].clone();
    let r = laptop
        .submit(
            "/console/profile",
            "/console/profile/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    // A new session id on privilege change; the laptop stays signed in, the phone does not.
    assert_ne!(laptop.cookies["kontor_session"], old_session);
    assert_eq!(laptop.get("/console/profile").await.status, StatusCode::OK);
    assert_eq!(phone.get("/console/profile").await.status, StatusCode::SEE_OTHER);
    assert_eq!(t.get("/1/profile", &token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn acc_10_profile_names_language_and_time_zone_can_be_changed() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let r = t
        .api(
            Method::PATCH,
            "/1/profile",
            Some(&token),
            Some(json!({"first_name": "Anne", "language": "it", "time_zone": "Europe/Rome"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["first_name"], "Anne");
    assert_eq!(r.json["data"]["last_name"], "Muster");
    assert_eq!(r.json["data"]["language"], "it");
    let bad = t
        .api(
            Method::PATCH,
            "/1/profile",
            Some(&token),
            Some(json!({"language": "pt"})),
        )
        .await;
    assert_eq!(bad.json["error"]["errors"][0]["code"], "invalid_language");
    assert_eq!(t.get("/1/profile", &token).await.json["data"]["language"], "it");
}

#[tokio::test]
async fn msg_2_welcome_mail_speaks_the_language_chosen_at_signup() {
    let t = spawn_app().await;
    t.api(
        Method::POST,
        "/1/signup",
        None,
        Some(
            json!({"email": "hans@example.ch", "password": PASSWORD, "first_name": "Hans",
        "last_name": "Meier", "kind": "person", "country": "CH", "language": "de"}),
        ),
    )
    .await;
    let mail = t.mails_to("hans@example.ch").await.pop().unwrap();
    assert!(mail.subject.contains("Willkommen"), "{}", mail.subject);
}

#[tokio::test]
async fn sec_6_outbox_bodies_are_sealed_while_waiting_and_keep_no_live_link_once_delivered() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    t.mails().await;
    let invited = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/members"),
            Some(&anna),
            Some(json!({"email": "max@example.ch", "role": "administrator"})),
        )
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.text);
    let reset = t
        .api(
            Method::POST,
            "/1/auth/password-reset",
            None,
            Some(json!({"email": "anna@example.ch"})),
        )
        .await;
    assert_eq!(reset.status, StatusCode::ACCEPTED);
    // Waiting: nothing readable in the database, not even the subject's link text.
    let waiting = t
        .texts("SELECT body FROM outbox WHERE delivered_at IS NULL ORDER BY id")
        .await;
    assert_eq!(waiting.len(), 2);
    for body in &waiting {
        assert!(body.starts_with("s1:"), "sealed: {body}");
        assert!(!body.contains("/console/"), "{body}");
    }
    let kept = t
        .texts("SELECT kept FROM outbox WHERE delivered_at IS NULL")
        .await;
    assert!(kept.iter().all(|k| k.starts_with("s1:")), "{kept:?}");

    // Delivered: the mails carry working links; the outbox keeps the message without them.
    let invitation = t.mails_to("max@example.ch").await.pop().unwrap();
    let invitation = invitation.secret("/console/invitations/").unwrap();
    let reset = t.mails_to("anna@example.ch").await.pop().unwrap();
    let reset = reset.secret("/console/password-reset/").unwrap();
    let bodies = t.texts("SELECT body FROM outbox ORDER BY id").await;
    assert_eq!(bodies.len(), 3, "welcome, invitation, reset");
    for body in &bodies {
        assert!(!body.contains(&invitation) && !body.contains(&reset), "{body}");
        assert!(!body.starts_with("s1:"), "kept in clear once delivered: {body}");
    }
    assert!(
        bodies[1].contains("/console/invitations/(link removed after delivery)"),
        "{}",
        bodies[1]
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM outbox WHERE kept <> ''").await, 0);
    let done = t
        .api(
            Method::POST,
            "/1/auth/password-reset/confirm",
            None,
            Some(json!({"token": reset, "password": "a brand new secret"})),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);
    let accepted = t
        .api(
            Method::POST,
            "/1/invitations/accept",
            None,
            Some(json!({"token": invitation, "first_name": "Max", "last_name": "M", "password": PASSWORD})),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);

    // The written messages are the recipient's mailbox: private to Kontor's user.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&t.mail_dir), 0o700);
        for entry in std::fs::read_dir(&t.mail_dir).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
}
