use http::{Method, StatusCode};
use kontor_testkit::spawn_app;
use serde_json::json;

#[tokio::test]
async fn authz_2_another_organization_answers_404() {
    let t = spawn_app().await;
    let (anna, _) = t.signed_up("anna@example.ch").await;
    let (_, bobs_org) = t.signed_up("bob@example.ch").await;
    for path in [
        format!("/1/organizations/{bobs_org}"),
        format!("/1/organizations/{bobs_org}/audit"),
    ] {
        let r = t.get(&path, &anna).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{path}"
        );
    }
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{bobs_org}"),
            Some(&anna),
            Some(json!({"name": "Mine now"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        t.get("/1/organizations/not-a-number", &anna).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn org_9_legal_representative_changes_data_and_vat_numbers_are_checked() {
    let t = spawn_app().await;
    let (token, org) = t.signed_up("anna@example.ch").await;
    let path = format!("/1/organizations/{org}");
    let r = t
        .api(Method::PATCH, &path, Some(&token), Some(json!({"name": "Muster Consulting", "kind": "company", "street": "Bahnhofstrasse 1",
            "postal_code": "8001", "city": "Zürich", "registry_id": "CHE-123.456.789", "vat_number": "CHE-123.456.789 MWST"})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["name"], "Muster Consulting");
    assert_eq!(r.json["data"]["city"], "Zürich");
    let bad = t
        .api(
            Method::PATCH,
            &path,
            Some(&token),
            Some(json!({"vat_number": "12"})),
        )
        .await;
    assert_eq!(bad.json["error"]["errors"][0]["code"], "invalid_vat_number");
    assert_eq!(
        t.get(&path, &token).await.json["data"]["vat_number"],
        "CHE-123.456.789 MWST"
    );
}

#[tokio::test]
async fn ops_5_every_change_is_in_the_organizations_audit_log_with_who_and_where() {
    let t = spawn_app().await;
    t.set_ip("192.0.2.10");
    let (token, org) = t.signed_up("anna@example.ch").await;
    t.api(
        Method::PATCH,
        &format!("/1/organizations/{org}"),
        Some(&token),
        Some(json!({"city": "Bern"})),
    )
    .await;
    let log = t.get(&format!("/1/organizations/{org}/audit"), &token).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text);
    let entries = log.json["data"].as_array().unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["organization.update", "organization.create"]);
    let update = &entries[0];
    assert_eq!(update["actor_kind"], "token");
    assert_eq!(update["ip"], "192.0.2.10");
    assert_eq!(update["request_id"].as_str().unwrap().len(), 16);
    assert!(update["details"].as_str().unwrap().contains("city=Bern"));
    let filtered = t
        .get(
            &format!("/1/organizations/{org}/audit?action=organization.create"),
            &token,
        )
        .await;
    assert_eq!(filtered.json["total"], 1);
    let dated = t
        .get(&format!("/1/organizations/{org}/audit?since=2030-01-01"), &token)
        .await;
    assert_eq!(dated.json["total"], 0);
    let bad = t
        .get(&format!("/1/organizations/{org}/audit?since=yesterday"), &token)
        .await;
    assert_eq!(bad.code(), "validation_failed");
}

#[tokio::test]
async fn ops_5_account_changes_write_audit_rows_in_the_same_transaction() {
    let t = spawn_app().await;
    let (token, _) = t.signed_up("anna@example.ch").await;
    t.api(Method::POST, "/1/profile/support-code", Some(&token), None)
        .await;
    t.api(
        Method::PATCH,
        "/1/profile",
        Some(&token),
        Some(json!({"first_name": "Anne"})),
    )
    .await;
    let mut c = t.db.acquire().await.unwrap();
    let user = kontor_store::identity::users::find_user_by_email(&mut c, "anna@example.ch")
        .await
        .unwrap()
        .unwrap();
    let rows = kontor_store::platform::audit::list_audit_of_actor(&mut c, user.id)
        .await
        .unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    for expected in [
        "user.signup",
        "organization.create",
        "token.create",
        "user.support_code_regenerate",
        "user.profile_update",
    ] {
        assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
    }
}

/// The field problems of a refused request.
fn problems(r: &kontor_testkit::TestResponse) -> Vec<(String, String)> {
    r.json["error"]["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or_default().to_owned(),
                        e["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn org_9_acc_3_hidden_characters_and_blank_passwords_are_refused_and_change_nothing() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let path = format!("/1/organizations/{org}");
    let before = t.get(&path, &anna).await.json["data"].clone();
    for (field, value) in [
        ("name", "Acme\r\nBcc: all"),
        ("name", "Invoice \u{202E}fdp.exe"),
        ("street", "Bahnhofstrasse\u{2028}1"),
        ("city", "Zürich\u{2066}"),
        ("postal_code", "80\t01"),
    ] {
        let r = t
            .api(Method::PATCH, &path, Some(&anna), Some(json!({ field: value })))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}={value:?}: {}", r.text);
        assert_eq!(
            problems(&r),
            vec![(field.to_owned(), "invalid_character".to_owned())],
            "{value:?}"
        );
    }
    assert_eq!(t.get(&path, &anna).await.json["data"], before, "nothing changed");
    // The same rule for people's names, workgroups and tokens.
    let r = t
        .api(
            Method::PATCH,
            "/1/profile",
            Some(&anna),
            Some(json!({"first_name": "An\u{202D}na"})),
        )
        .await;
    assert_eq!(
        problems(&r),
        vec![("first_name".to_owned(), "invalid_character".to_owned())]
    );
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/workgroups"),
            Some(&anna),
            Some(json!({"name": "Team\u{2029}B"})),
        )
        .await;
    assert_eq!(
        problems(&r),
        vec![("name".to_owned(), "invalid_character".to_owned())]
    );
    let r = t
        .api(
            Method::POST,
            "/1/profile/tokens",
            Some(&anna),
            Some(json!({"name": "ci\nbot", "scopes": ["profile"]})),
        )
        .await;
    assert_eq!(
        problems(&r),
        vec![("name".to_owned(), "invalid_character".to_owned())]
    );
    // ACC-3: a password of white space only is refused, however long.
    let r = t
        .api(
            Method::POST,
            "/1/signup",
            None,
            Some(
                json!({"email": "blank@example.ch", "password": "              ", "first_name": "B",
                        "last_name": "Lank", "kind": "person", "country": "CH", "language": "en"}),
            ),
        )
        .await;
    assert_eq!(
        problems(&r),
        vec![("password".to_owned(), "password_blank".to_owned())]
    );
}
