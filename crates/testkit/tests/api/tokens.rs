use http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, spawn_app};
use serde_json::json;
use time::Duration;
use time::format_description::well_known::Rfc3339;

#[tokio::test]
async fn api_2_a_token_authenticates_and_a_revoked_one_answers_401() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let list = t.get("/1/profile/tokens", &token).await;
    let id = list.json["data"][0]["id"].as_i64().unwrap();
    let r = t
        .api(
            Method::DELETE,
            &format!("/1/profile/tokens/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let after = t.get("/1/profile", &token).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.code(), "invalid_token");
}

#[tokio::test]
async fn api_2_missing_or_malformed_credentials_answer_401() {
    let t = spawn_app().await;
    let none = t.api(Method::GET, "/1/profile", None, None).await;
    assert_eq!(
        (none.status, none.code()),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    let bogus = t.get("/1/profile", "kt_not_a_real_token").await;
    assert_eq!(
        (bogus.status, bogus.code()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
    let basic = t
        .send(
            Method::GET,
            "/1/profile",
            &[("authorization", "Basic abc")],
            axum::body::Body::empty(),
        )
        .await;
    assert_eq!(basic.code(), "unauthenticated");
}

#[tokio::test]
async fn api_5_token_expires_at_any_future_instant_then_answers_token_expired() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let soon = (t.clock_now() + Duration::seconds(90)).format(&Rfc3339).unwrap();
    let r = t.api(Method::POST, "/1/auth/tokens", None, Some(json!({"email": "anna@example.ch", "password": PASSWORD, "name": "short", "scopes": ["profile"], "expires_at": soon}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let token = r.json["data"]["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("kt_"));
    assert_eq!(t.get("/1/profile", &token).await.status, StatusCode::OK);
    t.clock.advance(Duration::seconds(91));
    let expired = t.get("/1/profile", &token).await;
    assert_eq!(
        (expired.status, expired.code()),
        (StatusCode::UNAUTHORIZED, "token_expired")
    );
}

#[tokio::test]
async fn api_5_expiry_must_be_future_and_at_most_a_year() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let past = (t.clock_now() - Duration::seconds(1)).format(&Rfc3339).unwrap();
    let far = (t.clock_now() + Duration::days(400)).format(&Rfc3339).unwrap();
    for (when, code) in [
        (past, "must_be_future"),
        (far, "too_far"),
        ("tomorrow".to_owned(), "invalid_datetime"),
    ] {
        let r = t
            .api(
                Method::POST,
                "/1/profile/tokens",
                Some(&token),
                Some(json!({"name": "x", "scopes": ["profile"], "expires_at": when})),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.json["error"]["errors"][0]["code"], code);
    }
}

#[tokio::test]
async fn api_5_token_is_shown_once_listed_with_last_use_and_stored_hashed() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let created = t
        .api(
            Method::POST,
            "/1/profile/tokens",
            Some(&token),
            Some(json!({"name": "deploy", "scopes": ["organizations:read"]})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let secret = created.json["data"]["token"].as_str().unwrap().to_owned();
    t.clock.advance(Duration::minutes(5));
    t.get("/1/organizations", &secret).await;
    let list = t.get("/1/profile/tokens", &token).await;
    let deploy = list.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "deploy")
        .unwrap()
        .clone();
    assert!(deploy.get("token").is_none(), "the secret must never be listed");
    assert_eq!(deploy["scopes"], json!(["organizations:read"]));
    assert!(
        deploy["last_used_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-23T09:05")
    );
    assert!(!list.text.contains(&secret));
    let mut c = t.db.acquire().await.unwrap();
    let hash = kontor_app::platform::crypto::sha256_hex(&secret);
    assert!(
        kontor_store::identity::tokens::find_token_by_hash(&mut c, &hash)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        kontor_store::identity::tokens::find_token_by_hash(&mut c, &secret)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn api_5_missing_scope_answers_403_and_read_scope_reads_only() {
    let t = spawn_app().await;
    let (_, org) = t.signed_up("anna@example.ch").await;
    let profile_only = t.token_with("anna@example.ch", &["profile"]).await;
    let r = t.get("/1/organizations", &profile_only).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "missing_scope"));
    let read = t.token_with("anna@example.ch", &["organizations:read"]).await;
    assert_eq!(
        t.get(&format!("/1/organizations/{org}"), &read).await.status,
        StatusCode::OK
    );
    let patch = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}"),
            Some(&read),
            Some(json!({"city": "Bern"})),
        )
        .await;
    assert_eq!(
        (patch.status, patch.code()),
        (StatusCode::FORBIDDEN, "missing_scope")
    );
    let me = t.get("/1/profile", &read).await;
    assert_eq!(me.code(), "missing_scope");
}

#[tokio::test]
async fn api_5_a_token_cannot_create_a_token_with_more_scopes_than_it_has() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let narrow = t.token_with("anna@example.ch", &["profile"]).await;
    let r = t
        .api(
            Method::POST,
            "/1/profile/tokens",
            Some(&narrow),
            Some(json!({"name": "wide", "scopes": ["billing"]})),
        )
        .await;
    assert_eq!(r.code(), "missing_scope");
    let ok = t
        .api(
            Method::POST,
            "/1/profile/tokens",
            Some(&narrow),
            Some(json!({"name": "same", "scopes": ["profile:read"]})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    let unknown = t
        .api(
            Method::POST,
            "/1/profile/tokens",
            Some(&narrow),
            Some(json!({"name": "x", "scopes": ["root"]})),
        )
        .await;
    assert_eq!(unknown.json["error"]["errors"][0]["code"], "unknown_scope");
}

#[tokio::test]
async fn api_5_another_users_token_cannot_be_revoked() {
    let t = spawn_app().await;
    let (anna, _) = t.signed_up("anna@example.ch").await;
    let (bob, _) = t.signed_up("bob@example.ch").await;
    let bobs = t.get("/1/profile/tokens", &bob).await.json["data"][0]["id"]
        .as_i64()
        .unwrap();
    let r = t
        .api(
            Method::DELETE,
            &format!("/1/profile/tokens/{bobs}"),
            Some(&anna),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(t.get("/1/profile", &bob).await.status, StatusCode::OK);
}

#[tokio::test]
async fn api_2_a_token_revoked_elsewhere_stops_working_within_the_cache_lifetime() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    assert_eq!(t.get("/1/profile", &token).await.status, StatusCode::OK);
    // Another instance revokes it: only the database knows.
    let mut c = t.db.acquire().await.unwrap();
    let user = kontor_store::identity::users::find_user_by_email(&mut c, "anna@example.ch")
        .await
        .unwrap()
        .unwrap();
    let id = kontor_store::identity::tokens::list_tokens_of_user(&mut c, user.id)
        .await
        .unwrap()[0]
        .id;
    kontor_store::identity::tokens::revoke_token(&mut c, user.id, id, 0)
        .await
        .unwrap();
    t.clock
        .advance(Duration::seconds(kontor_app::identity::token_cache::TTL_SECS));
    assert_eq!(t.get("/1/profile", &token).await.status, StatusCode::UNAUTHORIZED);
}

/// The answer to a token asked to expire at `when`.
async fn token_expiring(
    t: &kontor_testkit::TestApp,
    bearer: &str,
    when: time::OffsetDateTime,
) -> kontor_testkit::TestResponse {
    let at = when.format(&Rfc3339).unwrap();
    t.api(
        Method::POST,
        "/1/profile/tokens",
        Some(bearer),
        Some(json!({"name": "year", "scopes": ["profile"], "expires_at": at})),
    )
    .await
}

#[tokio::test]
async fn api_5_at_most_one_calendar_year_from_creation() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    // 2026-11-23 → 2027-11-23 is 365 days: the 366th day is past the year.
    let now = t.clock_now();
    let year = kontor_domain::pricing::add_months(now, 12);
    assert_eq!(year - now, Duration::days(365));
    assert_eq!(token_expiring(&t, &token, year).await.status, StatusCode::CREATED);
    let r = token_expiring(&t, &token, now + Duration::days(366)).await;
    assert_eq!(r.json["error"]["errors"][0]["code"], "too_far", "{}", r.text);
    // Across a leap day the year has 366 days, and all of them are allowed.
    t.clock.set(time::macros::datetime!(2027-03-01 12:00 UTC));
    let leap = time::macros::datetime!(2028-03-01 12:00 UTC);
    assert_eq!(token_expiring(&t, &token, leap).await.status, StatusCode::CREATED);
    let r = token_expiring(&t, &token, leap + Duration::seconds(1)).await;
    assert_eq!(r.json["error"]["errors"][0]["code"], "too_far");
}
