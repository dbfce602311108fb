use http::{Method, StatusCode};
use kontor_testkit::{Options, PASSWORD, csrf_of, spawn_app, spawn_app_with};
use serde_json::json;
use time::Duration;

#[tokio::test]
async fn api_1_a_path_without_version_is_served_by_the_latest_version() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let versioned = t.get("/1/profile", &token).await;
    let bare = t.get("/profile", &token).await;
    assert_eq!(bare.status, StatusCode::OK);
    assert_eq!(bare.json, versioned.json);
    let orgs = t.get("/organizations?page=1", &token).await;
    assert_eq!(orgs.json["total"], 1);
}

#[tokio::test]
async fn api_4_success_and_error_envelopes() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let ok = t.get("/1/profile", &token).await;
    assert_eq!(ok.json["result"], "success");
    assert!(ok.json["data"].is_object());
    let list = t.get("/1/organizations", &token).await;
    for key in ["total", "page", "pages", "per_page"] {
        assert!(list.json[key].is_number(), "{key}");
    }
    let err = t.get("/1/organizations/999", &token).await;
    assert_eq!(err.status, StatusCode::NOT_FOUND);
    assert_eq!(err.json["result"], "error");
    assert_eq!(err.code(), "not_found");
    assert!(err.json["error"]["description"].is_string());
    assert!(err.json["error"]["errors"].is_array());
}

#[tokio::test]
async fn api_4_malformed_json_and_unknown_fields_are_refused_in_the_envelope() {
    let t = spawn_app().await;
    let bad = t
        .send(
            Method::POST,
            "/1/signup",
            &[("content-type", "application/json")],
            axum::body::Body::from("{\"email\": "),
        )
        .await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::BAD_REQUEST, "invalid_json")
    );
    let unknown = t
        .api(
            Method::POST,
            "/1/signup",
            None,
            Some(
                json!({"email": "a@b.ch", "password": PASSWORD, "first_name": "A", "last_name": "B",
            "kind": "person", "country": "CH", "language": "en", "is_admin": true}),
            ),
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::BAD_REQUEST, "unknown_field")
    );
    assert_eq!(unknown.json["error"]["errors"][0]["field"], "is_admin");
    let missing = t
        .api(Method::POST, "/1/signup", None, Some(json!({"email": "a@b.ch"})))
        .await;
    assert_eq!(missing.code(), "validation_failed");
    let text = t
        .send(
            Method::POST,
            "/1/signup",
            &[("content-type", "text/plain")],
            axum::body::Body::from("hi"),
        )
        .await;
    assert_eq!(text.code(), "unsupported_media_type");
    // Nothing was created by any of them.
    let r = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(json!({"email": "a@b.ch", "password": PASSWORD, "name": "t", "scopes": ["profile"]})),
        )
        .await;
    assert_eq!(r.code(), "invalid_credentials");
}

#[tokio::test]
async fn api_8_unknown_paths_and_wrong_methods_answer_in_the_envelope() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    let r = t.get("/1/nothing-here", &token).await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "not_found"));
    let r = t.api(Method::DELETE, "/1/profile", Some(&token), None).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
}

#[tokio::test]
async fn api_3_the_sixty_first_request_in_a_minute_is_refused_with_retry_after() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    // Making the token counted as a request; count from a minute later.
    t.clock.advance(Duration::seconds(61));
    for i in 0..60 {
        let r = t.get("/1/profile", &token).await;
        assert_eq!(r.status, StatusCode::OK, "request {}", i + 1);
        assert_eq!(r.header("x-ratelimit-limit"), "60");
        assert_eq!(r.header("x-ratelimit-remaining"), (59 - i).to_string());
        t.clock.advance(Duration::milliseconds(100));
    }
    let refused = t.get("/1/profile", &token).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(refused.header("x-ratelimit-remaining"), "0");
    let retry: u64 = refused.header("retry-after").parse().unwrap();
    assert_eq!(
        retry, 54,
        "the first request leaves the window 54 s from now, rounded up"
    );
    assert_eq!(refused.header("x-ratelimit-reset"), "54");
    t.clock.advance(Duration::seconds(54));
    assert_eq!(t.get("/1/profile", &token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn api_3_the_limit_is_per_user_over_all_tokens_and_sessions_and_can_be_switched_off() {
    let t = spawn_app_with(Options {
        rate_limit_per_minute: Some(4),
        ..Options::default()
    })
    .await;
    let (a, _) = t.signed_up("anna@example.ch").await;
    // Making the second token counts as a request of Anna's.
    let b = t.token("anna@example.ch").await;
    t.get("/1/profile", &a).await;
    let mut browser = t.browser();
    browser.sign_in("anna@example.ch", PASSWORD).await;
    // A console session calling the API counts with her tokens.
    let by_cookie = browser.api(Method::GET, "/1/profile", None, None).await;
    assert_eq!(by_cookie.status, StatusCode::OK, "{}", by_cookie.text);
    assert_eq!(by_cookie.header("x-ratelimit-remaining"), "0");
    for refused in [
        t.get("/1/profile", &a).await,
        t.get("/1/profile", &b).await,
        browser.api(Method::GET, "/1/profile", None, None).await,
    ] {
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
        assert_eq!(refused.code(), "rate_limited");
    }
    let minted = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(json!({"email": "anna@example.ch", "password": PASSWORD, "name": "more", "scopes": ["profile"]})),
        )
        .await;
    assert_eq!(
        minted.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a new token brings no new allowance"
    );
    // Another user, and a service token, have limits of their own.
    let (other, _) = t.signed_up("max@example.ch").await;
    assert_eq!(t.get("/1/profile", &other).await.status, StatusCode::OK);
    let service = t
        .app
        .create_service_token("backend", &["access:check".to_owned()])
        .await
        .unwrap();
    let check = t
        .get("/1/access/check?user=1&product=1&action=products.read", &service)
        .await;
    assert_eq!(check.header("x-ratelimit-remaining"), "3", "{}", check.text);
    // A minute later Anna may again.
    t.clock.advance(Duration::seconds(61));
    assert_eq!(t.get("/1/profile", &b).await.status, StatusCode::OK);

    let off = spawn_app_with(Options {
        rate_limit_per_minute: Some(0),
        ..Options::default()
    })
    .await;
    let (token, _) = off.signed_up("anna@example.ch").await;
    for _ in 0..100 {
        let r = off.get("/1/profile", &token).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("x-ratelimit-limit"), "");
    }
}

#[tokio::test]
async fn ops_4_health_readiness_metrics_and_request_ids() {
    let t = spawn_app().await;
    let h = t.api(Method::GET, "/healthz", None, None).await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.header("x-request-id").len(), 16);
    assert_eq!(
        t.api(Method::GET, "/readyz", None, None).await.json["data"]["status"],
        "ready"
    );
    t.signup("anna@example.ch").await;
    // Invented methods count as one label value, not a series each.
    for name in ["FROB", "ZAP", "X-ANYTHING"] {
        let method = Method::from_bytes(name.as_bytes()).unwrap();
        t.api(method, "/healthz", None, None).await;
    }
    let m = t.api(Method::GET, "/metrics", None, None).await;
    assert!(!m.text.contains("FROB") && !m.text.contains("ZAP"), "{}", m.text);
    assert!(m.text.contains("method=\"other\""), "{}", m.text);
    assert!(
        m.text
            .contains("kontor_http_requests_total{route=\"/1/signup\",method=\"POST\",status=\"201\"} 1"),
        "{}",
        m.text
    );
    assert!(
        m.text
            .contains("kontor_http_request_duration_seconds_bucket{route=\"/healthz\"")
    );
    assert!(
        m.text.contains("kontor_outbox_backlog 1"),
        "the welcome mail waits for delivery"
    );
    assert!(m.text.contains("kontor_job_runs_total"));
    let given = t
        .send(
            Method::GET,
            "/healthz",
            &[("x-request-id", "abc123")],
            axum::body::Body::empty(),
        )
        .await;
    assert_eq!(given.header("x-request-id"), "abc123");
}

#[tokio::test]
async fn api_7_openapi_is_served_and_docs_render_without_outside_network() {
    let t = spawn_app().await;
    let doc = t.api(Method::GET, "/1/openapi.json", None, None).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.json["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc.json["paths"]["/1/signup"]["post"].is_object());
    let bare = t.api(Method::GET, "/openapi.json", None, None).await;
    assert_eq!(bare.json, doc.json);
    // The committed description is the one served (CI validates the file and generates a
    // client from it: tests/client/run.sh).
    let committed: serde_json::Value =
        serde_json::from_str(include_str!("../../../../docs/openapi.json")).unwrap();
    assert!(
        committed == doc.json,
        "docs/openapi.json is not what the server serves"
    );
    let page = t.api(Method::GET, "/docs", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("/docs/docs.js"));
    let script = t.api(Method::GET, "/docs/docs.js", None, None).await;
    assert!(script.text.contains("/1/openapi.json"));
    for body in [&page.text, &script.text] {
        assert!(
            !body.contains("https://") && !body.contains("http://"),
            "docs must not load anything from outside"
        );
    }
}

#[tokio::test]
async fn acc_5_cookie_authenticated_api_writes_need_the_csrf_header() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    let read = b.api(Method::GET, "/1/profile", None, None).await;
    assert_eq!(read.status, StatusCode::OK);
    let refused = b
        .api(
            Method::PATCH,
            "/1/profile",
            None,
            Some(json!({"first_name": "Eve"})),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "csrf_failed")
    );
    let csrf = csrf_of(&b.get("/console/profile").await.text);
    let ok = b
        .api(
            Method::PATCH,
            "/1/profile",
            Some(&csrf),
            Some(json!({"first_name": "Eve"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
}

#[tokio::test]
async fn api_4_a_page_too_far_out_to_count_is_refused_not_wrapped() {
    let t = spawn_app().await;
    let (token, org) = t.signed_up("anna@example.ch").await;
    let huge = i64::MAX;
    for list in ["members", "audit", "orders", "products", "invoices", "prepaid"] {
        let path = format!("/1/organizations/{org}/{list}?page={huge}&per_page=500");
        let r = t.get(&path, &token).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{list}: {}", r.text);
        assert_eq!(r.json["error"]["errors"][0]["field"], "page", "{list}");
        assert_eq!(r.json["error"]["errors"][0]["code"], "out_of_range", "{list}");
    }
    // A far page that can be counted is simply empty.
    let r = t
        .get(&format!("/1/organizations/{org}/members?page=1000000"), &token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"], serde_json::json!([]));
}

#[tokio::test]
async fn acc_5_every_answer_forbids_framing_sniffing_inline_script_and_caching() {
    let t = spawn_app().await;
    for path in [
        "/console/signin",
        "/sandbox/checkout?customer=1&amount=100&currency=CHF&return=/console/orders/1",
        "/1/profile",
        "/healthz",
        "/nowhere",
        "/docs",
    ] {
        let r = t.api(Method::GET, path, None, None).await;
        let csp = r.header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(r.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(r.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(r.header("cache-control"), "no-store", "{path}");
        assert_eq!(
            r.header("strict-transport-security"),
            "",
            "plain HTTP on localhost: no HSTS"
        );
    }
    assert_eq!(
        t.api(Method::GET, "/static/console.js", None, None)
            .await
            .header("cache-control"),
        "public, max-age=3600",
        "the console's own files may be cached"
    );
}

/// No page carries inline script (an event attribute or a `<script>` without `src`), so the
/// policy above loses nothing.
#[tokio::test]
async fn acc_5_console_pages_have_no_inline_script() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (_, org) = t.signed_up("anna@example.ch").await;
    t.product(org, "shop.example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    for page in [
        "/console/signin",
        "/console",
        "/console/products",
        "/console/profile",
        "/console/tokens",
        "/console/organization",
        "/console/catalog",
        "/console/billing",
        "/docs",
    ] {
        let html = b.get(page).await.text;
        let lower = html.to_ascii_lowercase();
        for (at, _) in lower.match_indices("<script") {
            let tag = &lower[at..at + lower[at..].find('>').unwrap_or(0)];
            assert!(tag.contains(" src="), "{page}: inline script {tag}");
        }
        for attr in [
            " onclick=",
            " onchange=",
            " onsubmit=",
            " onload=",
            " oninput=",
            "javascript:",
            " style=",
        ] {
            assert!(!lower.contains(attr), "{page}: {attr}");
        }
    }
}

#[tokio::test]
async fn acc_5_under_https_every_cookie_is_secure_and_hsts_is_sent() {
    let t = spawn_app_with(Options {
        configure: Some(|s| s.public_url = "https://kontor.example".to_owned()),
        ..Options::default()
    })
    .await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    let r = b.sign_in("anna@example.ch", PASSWORD).await;
    let cookies = r.set_cookies();
    assert!(!cookies.is_empty());
    for c in &cookies {
        assert!(c.contains("; Secure"), "{c}");
    }
    let lang = b.get("/console/language/de").await;
    for c in lang.set_cookies() {
        assert!(c.contains("; Secure"), "{c}");
    }
    assert_eq!(
        t.api(Method::GET, "/healthz", None, None)
            .await
            .header("strict-transport-security"),
        "max-age=31536000"
    );
}

#[tokio::test]
async fn ops_4_metrics_can_ask_for_a_bearer_token_or_live_elsewhere() {
    let t = spawn_app_with(Options {
        configure: Some(|s| s.metrics_token = Some("metrics-secret-0123456789".to_owned())),
        ..Options::default()
    })
    .await;
    let none = t.api(Method::GET, "/metrics", None, None).await;
    assert_eq!(
        (none.status, none.code()),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    assert_eq!(
        t.get("/metrics", "wrong-token").await.status,
        StatusCode::UNAUTHORIZED
    );
    let ok = t.get("/metrics", "metrics-secret-0123456789").await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.text.contains("kontor_outbox_backlog"), "{}", ok.text);

    let elsewhere = spawn_app_with(Options {
        configure: Some(|s| s.metrics_elsewhere = true),
        ..Options::default()
    })
    .await;
    let r = elsewhere.api(Method::GET, "/metrics", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "served on metrics_listen only");
}

#[tokio::test]
async fn api_4_validation_errors_are_in_kontors_words_and_whole_numbers_count_as_integers() {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up("words@example.ch").await;
    let path = format!("/1/organizations/{org}/orders");
    let fraction = t
        .api(
            Method::POST,
            &path,
            Some(&token),
            Some(json!({"items": [{"plan": "domain-ch", "period_months": 12.5, "name": "a.ch"}]})),
        )
        .await;
    assert_eq!(fraction.status, StatusCode::BAD_REQUEST, "{}", fraction.text);
    assert_eq!(fraction.code(), "validation_failed");
    assert_eq!(
        fraction.json["error"]["errors"][0]["field"],
        "items[0].period_months"
    );
    assert_eq!(fraction.json["error"]["errors"][0]["code"], "must_be_integer");
    assert_eq!(
        fraction.json["error"]["description"],
        "The field `items[0].period_months` must be a whole number."
    );
    let wrong_type = t
        .api(Method::POST, &path, Some(&token), Some(json!({"items": "a.ch"})))
        .await;
    assert_eq!(
        wrong_type.json["error"]["errors"][0]["code"], "must_be_list",
        "{}",
        wrong_type.text
    );
    let missing = t
        .api(
            Method::POST,
            &path,
            Some(&token),
            Some(json!({"items": [{"plan": "domain-ch"}]})),
        )
        .await;
    assert_eq!(
        missing.json["error"]["errors"][0]["code"], "required",
        "{}",
        missing.text
    );
    assert!(
        missing.json["error"]["errors"][0]["field"]
            .as_str()
            .unwrap()
            .starts_with("items[0].")
    );
    let broken = t
        .send(
            Method::POST,
            &path,
            &[
                ("authorization", &format!("Bearer {token}")),
                ("content-type", "application/json"),
            ],
            axum::body::Body::from("{\"items\": [1,"),
        )
        .await;
    assert_eq!(broken.code(), "invalid_json");
    for r in [&fraction, &wrong_type, &missing, &broken] {
        for parser_words in [
            "invalid type",
            "expected",
            "Failed to deserialize",
            "EOF",
            "floating point",
        ] {
            assert!(!r.text.contains(parser_words), "{parser_words}: {}", r.text);
        }
    }
    // `12.0` is the whole number 12.
    let whole = t
        .api(
            Method::POST,
            &path,
            Some(&token),
            Some(json!({"items": [{"plan": "domain-ch", "period_months": 12.0, "name": "b.ch"}]})),
        )
        .await;
    assert_eq!(whole.status, StatusCode::CREATED, "{}", whole.text);
    // Query strings too: named by the parameter, in Kontor's words.
    let page = t.get(&format!("{path}?page=two"), &token).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.text);
    assert_eq!(page.json["error"]["errors"][0]["field"], "page");
    assert_eq!(page.json["error"]["errors"][0]["code"], "must_be_integer");
    assert!(!page.text.contains("Failed to deserialize"), "{}", page.text);
}

#[tokio::test]
async fn api_4_authentication_is_checked_before_the_body_or_the_query() {
    let t = spawn_app().await;
    let (_, org) = t.signed_up("first@example.ch").await;
    let body = t
        .send(
            Method::POST,
            &format!("/1/organizations/{org}/orders"),
            &[("content-type", "application/json")],
            axum::body::Body::from("{not json"),
        )
        .await;
    assert_eq!(
        (body.status, body.code()),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    let query = t
        .send(
            Method::GET,
            &format!("/1/organizations/{org}/orders?page=two"),
            &[],
            axum::body::Body::empty(),
        )
        .await;
    assert_eq!(
        (query.status, query.code()),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    let media = t
        .send(
            Method::POST,
            &format!("/1/organizations/{org}/orders"),
            &[("content-type", "text/plain")],
            axum::body::Body::from("x"),
        )
        .await;
    assert_eq!(media.status, StatusCode::UNAUTHORIZED, "{}", media.text);
}
