use http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, spawn_app};
use serde_json::json;
use time::Duration;

#[tokio::test]
async fn org_5_invitation_link_accepts_once_with_exactly_the_invited_rights() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let site = t.product(org, "shop.example.ch").await;
    let secret = t
        .invite(
            &anna,
            org,
            json!({"email": "max@example.ch", "role": "user", "billing": true, "products": [site],
        "contact_preferences": ["technical"]}),
        )
        .await;
    let mail = t.mails_to("max@example.ch").await.pop().unwrap();
    assert!(mail.subject.contains("Anna Muster"), "{}", mail.subject);
    let accept = json!({"token": secret, "first_name": "Max", "last_name": "Member", "password": PASSWORD});
    let r = t
        .api(Method::POST, "/1/invitations/accept", None, Some(accept.clone()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let user = r.json["data"]["user_id"].as_i64().unwrap();
    let again = t
        .api(Method::POST, "/1/invitations/accept", None, Some(accept))
        .await;
    assert_eq!(again.code(), "invalid_link");
    let m = t
        .get(&format!("/1/organizations/{org}/members/{user}"), &anna)
        .await;
    assert_eq!(m.json["data"]["role"], "user");
    assert_eq!(m.json["data"]["billing"], true);
    assert_eq!(m.json["data"]["products"], json!([site]));
    assert_eq!(m.json["data"]["contact_preferences"], json!(["technical"]));
    assert_eq!(m.json["data"]["external"], false);
}

#[tokio::test]
async fn acc_2_accepting_without_an_account_creates_a_user_only() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let (max, _) = t
        .member(&anna, org, "max@example.ch", "administrator", json!({}))
        .await;
    let orgs = t.get("/1/organizations", &max).await;
    assert_eq!(orgs.json["total"], 1, "no organization of their own");
    assert_eq!(orgs.json["data"][0]["id"], org);
    assert_eq!(orgs.json["data"][0]["role"], "administrator");
}

#[tokio::test]
async fn org_4_an_existing_account_simply_gains_the_organization_and_is_marked_external() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let (web, _) = t.signed_up("webmaster@agency.ch").await;
    let secret = t
        .invite(
            &anna,
            org,
            json!({"email": "webmaster@agency.ch", "role": "user"}),
        )
        .await;
    let wrong = t
        .api(
            Method::POST,
            "/1/invitations/accept",
            Some(&anna),
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::FORBIDDEN,
        "only the invited address accepts"
    );
    let r = t
        .api(
            Method::POST,
            "/1/invitations/accept",
            Some(&web),
            Some(json!({"token": secret})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(t.get("/1/organizations", &web).await.json["total"], 2);
    let list = t.get(&format!("/1/organizations/{org}/members"), &anna).await;
    let webmaster = list.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "webmaster@agency.ch")
        .unwrap()
        .clone();
    assert_eq!(
        webmaster["external"], true,
        "ORG-8: their home is their own organization"
    );
}

#[tokio::test]
async fn org_5_declined_withdrawn_and_expired_invitations_leave_no_member() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let declined = t
        .invite(&anna, org, json!({"email": "a@x.ch", "role": "user"}))
        .await;
    assert_eq!(
        t.api(
            Method::POST,
            "/1/invitations/decline",
            None,
            Some(json!({"token": declined}))
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    let withdrawn = t
        .invite(&anna, org, json!({"email": "b@x.ch", "role": "user"}))
        .await;
    let id = t
        .get(&format!("/1/organizations/{org}/invitations"), &anna)
        .await
        .json["data"][0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        t.api(
            Method::DELETE,
            &format!("/1/organizations/{org}/invitations/{id}"),
            Some(&anna),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    let expired = t
        .invite(&anna, org, json!({"email": "c@x.ch", "role": "user"}))
        .await;
    t.clock.advance(Duration::days(7));
    let report = t.app.run_jobs(t.clock_now()).await.unwrap();
    assert_eq!(report.invitations_expired, 1);
    for secret in [declined, withdrawn, expired] {
        let r = t
            .api(
                Method::POST,
                "/1/invitations/accept",
                None,
                Some(json!({"token": secret, "first_name": "X", "last_name": "Y", "password": PASSWORD})),
            )
            .await;
        assert_eq!(r.code(), "invalid_link");
    }
    assert_eq!(
        t.get(&format!("/1/organizations/{org}/members"), &anna)
            .await
            .json["total"],
        1
    );
    let audit = t
        .get(
            &format!("/1/organizations/{org}/audit?action=member.invitation"),
            &anna,
        )
        .await;
    assert_eq!(audit.json["total"], 3, "decline, withdraw and expiry are audited");
}

#[tokio::test]
async fn org_5_resending_kills_the_old_link() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let old = t
        .invite(&anna, org, json!({"email": "max@example.ch", "role": "user"}))
        .await;
    let id = t
        .get(&format!("/1/organizations/{org}/invitations"), &anna)
        .await
        .json["data"][0]["id"]
        .as_i64()
        .unwrap();
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/invitations/{id}/resend"),
            Some(&anna),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let new = t
        .mails_to("max@example.ch")
        .await
        .pop()
        .unwrap()
        .secret("/console/invitations/")
        .unwrap();
    assert_ne!(old, new);
    let body = |s: &str| json!({"token": s, "first_name": "Max", "last_name": "M", "password": PASSWORD});
    assert_eq!(
        t.api(Method::POST, "/1/invitations/accept", None, Some(body(&old)))
            .await
            .code(),
        "invalid_link"
    );
    assert_eq!(
        t.api(Method::POST, "/1/invitations/accept", None, Some(body(&new)))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn org_3_the_only_legal_representative_cannot_leave_be_removed_or_demoted() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let me = t.get("/1/profile", &anna).await.json["data"]["id"]
        .as_i64()
        .unwrap();
    let leave = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/leave"),
            Some(&anna),
            None,
        )
        .await;
    assert_eq!(
        (leave.status, leave.code()),
        (StatusCode::CONFLICT, "last_legal_representative")
    );
    let remove = t
        .api(
            Method::DELETE,
            &format!("/1/organizations/{org}/members/{me}"),
            Some(&anna),
            None,
        )
        .await;
    assert_eq!(remove.code(), "last_legal_representative");
    let demote = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}/members/{me}"),
            Some(&anna),
            Some(json!({"role": "administrator"})),
        )
        .await;
    assert_eq!(demote.code(), "last_legal_representative");
    // Appoint a second one; then the first can leave.
    let (_, bob) = t
        .member(&anna, org, "bob@example.ch", "legal_representative", json!({}))
        .await;
    assert!(bob > 0);
    let leave = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/leave"),
            Some(&anna),
            None,
        )
        .await;
    assert_eq!(leave.status, StatusCode::NO_CONTENT, "{}", leave.text);
    assert_eq!(
        t.get(&format!("/1/organizations/{org}"), &anna).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn org_6_an_administrator_cannot_appoint_a_legal_representative() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let (admin, _) = t
        .member(&anna, org, "admin@example.ch", "administrator", json!({}))
        .await;
    let (_, user) = t.member(&anna, org, "user@example.ch", "user", json!({})).await;
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}/members/{user}"),
            Some(&admin),
            Some(json!({"role": "legal_representative"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.json["error"]["description"]
            .as_str()
            .unwrap()
            .contains("legal representative"),
        "{}",
        r.text
    );
    let invite = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/members"),
            Some(&admin),
            Some(json!({"email": "x@y.ch", "role": "legal_representative"})),
        )
        .await;
    assert_eq!(invite.status, StatusCode::FORBIDDEN);
    let ok = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}/members/{user}"),
            Some(&admin),
            Some(json!({"billing": true})),
        )
        .await;
    assert_eq!(ok.json["data"]["billing"], true);
}

#[tokio::test]
async fn org_6_several_members_are_removed_each_on_its_own() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let me = t.get("/1/profile", &anna).await.json["data"]["id"]
        .as_i64()
        .unwrap();
    let (_, a) = t.member(&anna, org, "a@example.ch", "user", json!({})).await;
    let (_, b) = t.member(&anna, org, "b@example.ch", "user", json!({})).await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/members/remove"),
            Some(&anna),
            Some(json!({"users": [a, me, b, 99_999]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let outcomes: Vec<(i64, String)> = r.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["user_id"].as_i64().unwrap(),
                o["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        vec![
            (a, "removed".into()),
            (me, "last_legal_representative".into()),
            (b, "removed".into()),
            (99_999, "not_found".into())
        ]
    );
    assert_eq!(
        t.get(&format!("/1/organizations/{org}/members"), &anna)
            .await
            .json["total"],
        1
    );
}

#[tokio::test]
async fn grp_2_a_workgroup_grant_gives_access_that_ends_the_moment_the_member_leaves_the_group() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let site = t.product(org, "shop.example.ch").await;
    let other = t.product(org, "blog.example.ch").await;
    let (max, max_id) = t.member(&anna, org, "max@example.ch", "user", json!({})).await;
    let explain = |p: i64| format!("/1/access/explain?organization={org}&action=products.manage&product={p}");
    let before = t.get(&explain(site), &max).await;
    assert_eq!(before.json["data"]["allowed"], false);
    assert!(
        before.json["data"]["reason"]
            .as_str()
            .unwrap()
            .contains("granted"),
        "{}",
        before.text
    );

    let g = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/workgroups"),
            Some(&anna),
            Some(json!({"name": "Web team"})),
        )
        .await;
    assert_eq!(g.status, StatusCode::CREATED, "{}", g.text);
    let gid = g.json["data"]["id"].as_i64().unwrap();
    t.api(
        Method::PUT,
        &format!("/1/organizations/{org}/workgroups/{gid}/products"),
        Some(&anna),
        Some(json!({"ids": [site]})),
    )
    .await;
    let add = t
        .api(
            Method::PUT,
            &format!("/1/organizations/{org}/workgroups/{gid}/members"),
            Some(&anna),
            Some(json!({"ids": [max_id]})),
        )
        .await;
    assert_eq!(add.json["data"]["members"], json!([max_id]));
    let lead = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}/workgroups/{gid}"),
            Some(&anna),
            Some(json!({"leader": max_id})),
        )
        .await;
    assert_eq!(lead.json["data"]["leader"], max_id);

    let during = t.get(&explain(site), &max).await;
    assert_eq!(during.json["data"]["allowed"], true);
    assert!(
        during.json["data"]["reason"]
            .as_str()
            .unwrap()
            .contains("Web team"),
        "{}",
        during.text
    );
    assert_eq!(t.get(&explain(other), &max).await.json["data"]["allowed"], false);

    t.api(
        Method::PUT,
        &format!("/1/organizations/{org}/workgroups/{gid}/members"),
        Some(&anna),
        Some(json!({"ids": []})),
    )
    .await;
    let after = t.get(&explain(site), &max).await;
    assert_eq!(after.json["data"]["allowed"], false);
    let group = t
        .get(&format!("/1/organizations/{org}/workgroups/{gid}"), &anna)
        .await;
    assert_eq!(
        group.json["data"]["leader"],
        serde_json::Value::Null,
        "a removed member stops leading"
    );
}

#[tokio::test]
async fn grp_4_only_administrators_and_legal_representatives_manage_workgroups() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let (user, _) = t.member(&anna, org, "u@example.ch", "user", json!({})).await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/workgroups"),
            Some(&user),
            Some(json!({"name": "Mine"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    t.api(
        Method::POST,
        &format!("/1/organizations/{org}/workgroups"),
        Some(&anna),
        Some(json!({"name": "Ops"})),
    )
    .await;
    let dup = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/workgroups"),
            Some(&anna),
            Some(json!({"name": "Ops"})),
        )
        .await;
    assert_eq!(dup.code(), "name_taken");
}

#[tokio::test]
async fn grp_3_an_invitation_can_carry_workgroups() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let site = t.product(org, "shop.example.ch").await;
    let g = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/workgroups"),
            Some(&anna),
            Some(json!({"name": "Agency"})),
        )
        .await;
    let gid = g.json["data"]["id"].as_i64().unwrap();
    t.api(
        Method::PUT,
        &format!("/1/organizations/{org}/workgroups/{gid}/products"),
        Some(&anna),
        Some(json!({"ids": [site]})),
    )
    .await;
    let (ext, _) = t
        .member(
            &anna,
            org,
            "freelancer@example.com",
            "user",
            json!({"workgroups": [gid]}),
        )
        .await;
    let d = t
        .get(
            &format!("/1/access/explain?organization={org}&action=products.read&product={site}"),
            &ext,
        )
        .await;
    assert_eq!(d.json["data"]["allowed"], true, "{}", d.text);
}

#[tokio::test]
async fn authz_4_explain_names_the_rule_and_other_organizations_are_404() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let (_, bobs) = t.signed_up("bob@example.ch").await;
    let (user, _) = t.member(&anna, org, "u@example.ch", "user", json!({})).await;
    let d = t
        .get(
            &format!("/1/access/explain?organization={org}&action=billing.pay"),
            &user,
        )
        .await;
    assert_eq!(d.json["data"]["allowed"], false);
    assert_eq!(d.json["data"]["code"], "billing_right_required");
    assert!(
        d.json["data"]["reason"]
            .as_str()
            .unwrap()
            .contains("no billing right")
    );
    let other = t
        .get(
            &format!("/1/access/explain?organization={bobs}&action=organization.read"),
            &anna,
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let bad = t
        .get(
            &format!("/1/access/explain?organization={org}&action=launch.rockets"),
            &anna,
        )
        .await;
    assert_eq!(bad.json["error"]["errors"][0]["code"], "unknown_action");
}

#[tokio::test]
async fn authz_5_a_service_token_checks_access_and_does_nothing_else() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let site = t.product(org, "shop.example.ch").await;
    let (_, max) = t
        .member(&anna, org, "max@example.ch", "user", json!({"products": [site]}))
        .await;
    let (_, stranger) = t.member(&anna, org, "s@example.ch", "user", json!({})).await;
    let service = t
        .app
        .create_service_token("mail-backend", &["access:check".to_owned()])
        .await
        .unwrap();
    let yes = t
        .get(
            &format!("/1/access/check?user={max}&product={site}&action=products.manage"),
            &service,
        )
        .await;
    assert_eq!(yes.json["data"]["allowed"], true, "{}", yes.text);
    let no = t
        .get(
            &format!("/1/access/check?user={stranger}&product={site}&action=products.manage"),
            &service,
        )
        .await;
    assert_eq!(no.json["data"]["allowed"], false);
    assert_eq!(t.get("/1/profile", &service).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        t.get(&format!("/1/organizations/{org}"), &service).await.status,
        StatusCode::FORBIDDEN
    );
    let user_token = t
        .get(
            &format!("/1/access/check?user={max}&product={site}&action=products.manage"),
            &anna,
        )
        .await;
    assert_eq!(user_token.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn org_2_a_member_without_rights_is_refused_with_a_code_and_nothing_changes() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let (user, _) = t.member(&anna, org, "u@example.ch", "user", json!({})).await;
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}"),
            Some(&user),
            Some(json!({"city": "Basel"})),
        )
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "forbidden"));
    assert_eq!(
        t.get(&format!("/1/organizations/{org}"), &anna).await.json["data"]["city"],
        ""
    );
}

#[tokio::test]
async fn org_7_leaving_is_refused_with_the_reason_named() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/leave"),
            Some(&anna),
            None,
        )
        .await;
    assert_eq!(r.code(), "last_legal_representative");
    assert!(
        r.json["error"]["description"]
            .as_str()
            .unwrap()
            .contains("last legal representative")
    );
    let (user, _) = t.member(&anna, org, "u@example.ch", "user", json!({})).await;
    assert_eq!(
        t.api(
            Method::POST,
            &format!("/1/organizations/{org}/leave"),
            Some(&user),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.get("/1/organizations", &user).await.json["total"],
        0,
        "ACC-9: a user may belong to no organization"
    );
}

#[tokio::test]
async fn org_8_members_whose_home_is_elsewhere_are_marked_external() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    t.member(&anna, org, "internal@example.ch", "user", json!({}))
        .await;
    t.signed_up("freelancer@example.com").await;
    let secret = t
        .invite(
            &anna,
            org,
            json!({"email": "freelancer@example.com", "role": "user"}),
        )
        .await;
    let free = t.token("freelancer@example.com").await;
    t.api(
        Method::POST,
        "/1/invitations/accept",
        Some(&free),
        Some(json!({"token": secret})),
    )
    .await;
    let list = t.get(&format!("/1/organizations/{org}/members"), &anna).await;
    let external: Vec<(&str, bool)> = list.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["email"].as_str().unwrap(), m["external"].as_bool().unwrap()))
        .collect();
    assert!(external.contains(&("freelancer@example.com", true)));
    assert!(external.contains(&("internal@example.ch", false)));
    assert!(external.contains(&("anna@example.ch", false)));
}

#[tokio::test]
async fn grp_1_the_leader_must_be_a_member_of_the_group() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let (_, u) = t.member(&anna, org, "u@example.ch", "user", json!({})).await;
    let g = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/workgroups"),
            Some(&anna),
            Some(json!({"name": "Ops"})),
        )
        .await;
    let gid = g.json["data"]["id"].as_i64().unwrap();
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}/workgroups/{gid}"),
            Some(&anna),
            Some(json!({"leader": u})),
        )
        .await;
    assert_eq!(r.json["error"]["errors"][0]["code"], "leader_not_in_group");
    t.api(
        Method::PUT,
        &format!("/1/organizations/{org}/workgroups/{gid}/members"),
        Some(&anna),
        Some(json!({"ids": [u]})),
    )
    .await;
    let ok = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}/workgroups/{gid}"),
            Some(&anna),
            Some(json!({"leader": u})),
        )
        .await;
    assert_eq!(ok.json["data"]["leader"], u);
    let none = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}/workgroups/{gid}"),
            Some(&anna),
            Some(json!({"leader": null})),
        )
        .await;
    assert_eq!(none.json["data"]["leader"], serde_json::Value::Null);
}

#[tokio::test]
async fn evt_1_member_removed_is_emitted_when_a_member_is_removed_and_when_one_leaves() {
    let t = spawn_app().await;
    t.app
        .add_webhook_endpoint("http://127.0.0.1:9/members", &["member.*".to_owned()])
        .await
        .unwrap();
    let (anna, org) = t.signed_up("anna@example.ch").await;
    let (_, bert) = t.member(&anna, org, "bert@example.ch", "user", json!({})).await;
    let (carla, _) = t.member(&anna, org, "carla@example.ch", "user", json!({})).await;
    let r = t
        .api(
            Method::DELETE,
            &format!("/1/organizations/{org}/members/{bert}"),
            Some(&anna),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/leave"),
            Some(&carla),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    let mut log = t.app.list_webhook_deliveries(None, 10).await.unwrap();
    log.sort_by_key(|d| d.id);
    let payloads: Vec<serde_json::Value> = log
        .iter()
        .map(|d| serde_json::from_str(&d.payload).unwrap())
        .collect();
    assert_eq!(payloads.len(), 2, "one event per member gone");
    assert!(
        payloads
            .iter()
            .all(|p| p["type"] == "member.removed" && p["organization_id"] == org)
    );
    assert_eq!(payloads[0]["data"]["user_id"], bert);
    assert_eq!(payloads[0]["data"]["reason"], "removed");
    assert_eq!(payloads[1]["data"]["email"], "carla@example.ch");
    assert_eq!(payloads[1]["data"]["reason"], "left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn org_3_two_legal_representatives_demoting_each_other_at_once_leave_one() {
    let t = std::sync::Arc::new(
        kontor_testkit::spawn_app_with(kontor_testkit::Options {
            rate_limit_per_minute: Some(0),
            ..Default::default()
        })
        .await,
    );
    for round in 0..8 {
        let (anna, org) = t.signed_up(&format!("anna{round}@example.ch")).await;
        let anna_id = t.get("/1/profile", &anna).await.json["data"]["id"]
            .as_i64()
            .unwrap();
        let (bob, bob_id) = t
            .member(
                &anna,
                org,
                &format!("bob{round}@example.ch"),
                "legal_representative",
                json!({}),
            )
            .await;
        let demote = |token: String, other: i64| {
            let t = t.clone();
            tokio::spawn(async move {
                t.api(
                    Method::PATCH,
                    &format!("/1/organizations/{org}/members/{other}"),
                    Some(&token),
                    Some(json!({"role": "administrator"})),
                )
                .await
            })
        };
        let (a, b) = tokio::join!(demote(anna.clone(), bob_id), demote(bob.clone(), anna_id));
        let (a, b) = (a.unwrap(), b.unwrap());
        let done = [&a, &b].iter().filter(|r| r.status == StatusCode::OK).count();
        assert_eq!(done, 1, "round {round}: {} / {}", a.text, b.text);
        let refused = if a.status == StatusCode::OK { &b } else { &a };
        assert!(
            matches!(refused.code(), "last_legal_representative" | "forbidden"),
            "{}",
            refused.text
        );
        let members = t.get(&format!("/1/organizations/{org}/members"), &anna).await;
        let legal = members.json["data"].as_array().map_or(0, |m| {
            m.iter().filter(|m| m["role"] == "legal_representative").count()
        });
        assert_eq!(legal, 1, "round {round}: {}", members.text);
    }
}
