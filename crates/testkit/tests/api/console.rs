use http::StatusCode;
use kontor_testkit::{PASSWORD, csrf_of, spawn_app};

#[tokio::test]
async fn acc_1_console_signup_signs_in_and_shows_the_support_code() {
    let t = spawn_app().await;
    let mut b = t.browser();
    let r = b
        .submit(
            "/console/signup",
            "/console/signup",
            &[
                ("kind", "company"),
                ("company_name", "Alpenhost AG"),
                ("first_name", "Hans"),
                ("last_name", "Meier"),
                ("email", "hans@alpenhost.ch"),
                ("password", PASSWORD),
                ("country", "CH"),
                ("currency", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let profile = b.get("/console/profile").await;
    assert_eq!(profile.status, StatusCode::OK);
    let code = profile
        .text
        .split("data-testid=\"support-code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    assert_eq!(code.len(), 8);
    let org = b.get("/console/organization").await;
    assert!(org.text.contains("Alpenhost AG"));
}

#[tokio::test]
async fn acc_4_console_signin_shows_the_lockout_message() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    for _ in 0..5 {
        let r = b.sign_in("anna@example.ch", "wrong password!").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.text.contains("The e-mail or the password is wrong."));
    }
    let locked = b.sign_in("anna@example.ch", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::LOCKED);
    assert!(
        locked
            .text
            .contains("Too many failed sign-ins for this account. Try again in 15 minutes"),
        "{}",
        locked.text
    );
}

#[tokio::test]
async fn acc_5_forms_without_the_csrf_token_are_refused_and_cookies_are_httponly_lax() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    b.get("/console/signin").await;
    let forged = b
        .post(
            "/console/signin",
            &[
                ("csrf", "forged"),
                ("email", "anna@example.ch"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!b.cookies.contains_key("kontor_session"));
    let ok = b.sign_in("anna@example.ch", PASSWORD).await;
    let cookie = ok
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("kontor_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // Plain HTTP on localhost: no Secure flag, or the browser would drop the cookie.
    assert!(!cookie.contains("Secure"), "{cookie}");
    let before = b.cookies["kontor_session"].clone();
    b.submit(
        "/console/profile",
        "/console/signin",
        &[("email", "anna@example.ch"), ("password", PASSWORD)],
    )
    .await;
    assert_ne!(
        b.cookies["kontor_session"], before,
        "every sign-in issues a new session id"
    );
}

#[tokio::test]
async fn acc_9_the_console_switches_organizations_without_signing_in_again() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    // A second organization for Anna, written through the store as the members issue will do.
    let mut c = t.db.begin().await.unwrap();
    let user = kontor_store::identity::users::find_user_by_email(&mut c, "anna@example.ch")
        .await
        .unwrap()
        .unwrap();
    let other = kontor_store::orgs::insert_org(
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
    kontor_store::orgs::insert_membership(
        &mut c,
        &kontor_store::orgs::MembershipRow {
            organization_id: other,
            user_id: user.id,
            role: "administrator".into(),
            billing: false,
            contact_preferences: String::new(),
        },
        0,
    )
    .await
    .unwrap();
    c.commit().await.unwrap();
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    let page = b.get("/console/organization").await;
    assert!(
        page.text.contains("Zeta GmbH"),
        "the switcher lists every organization"
    );
    assert!(page.text.contains("value=\"Anna Muster\""));
    let other_id = other.to_string();
    let r = b
        .submit(
            "/console/organization",
            "/console/switch",
            &[("org", other_id.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = b.get("/console/organization").await;
    assert!(
        page.text.contains("value=\"Zeta GmbH\""),
        "the current organization is remembered per session"
    );
    // As administrator the legal data is disabled and the reason is shown (AUTHZ-4).
    assert!(
        page.text
            .contains("Only a legal representative changes the organization’s legal data.")
    );
}

#[tokio::test]
async fn acc_8_console_password_reset_flow() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    let r = b
        .submit(
            "/console/password-reset",
            "/console/password-reset",
            &[("email", "anna@example.ch")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let link = t
        .mails_to("anna@example.ch")
        .await
        .pop()
        .unwrap()
        .link("/console/password-reset/")
        .unwrap();
    let path = link.trim_start_matches("http://127.0.0.1:8080");
    let set = b.submit(path, path, &[("password", "a brand new secret")]).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text);
    assert_eq!(
        b.sign_in("anna@example.ch", "a brand new secret").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn api_5_console_creates_a_token_shown_once_and_revokes_it() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    let page = b.get("/console/tokens").await;
    let csrf = csrf_of(&page.text);
    let created = b
        .post(
            "/console/tokens",
            &[
                ("csrf", csrf.as_str()),
                ("name", "ci"),
                ("scope", "profile"),
                ("scope", "organizations:read"),
                ("expires_on", "2027-01-31"),
            ],
        )
        .await;
    // Issue 18: creating answers a redirect to the page that shows the secret once.
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let shown_at = created.header("location").to_owned();
    assert!(shown_at.starts_with("/console/tokens?created="), "{shown_at}");
    let shown = b.get(&shown_at).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.text.contains("Token “ci” created."), "{}", shown.text);
    let secret = shown
        .text
        .split("data-testid=\"new-token\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    assert!(secret.starts_with("kt_"));
    assert_eq!(t.get("/1/profile", &secret).await.status, StatusCode::OK);
    // Reloading shows no secret and makes no second token.
    let reloaded = b.get(&shown_at).await;
    assert!(!reloaded.text.contains(&secret), "a token is shown once");
    assert!(
        reloaded.text.contains("cannot be shown again"),
        "{}",
        reloaded.text
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM api_tokens").await, 1);
    let list = b.get("/console/tokens").await;
    assert!(!list.text.contains(&secret), "a token is shown once");
    assert!(list.text.contains("profile, organizations (read only)"));
    let id = list
        .text
        .split("/console/tokens/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let revoked = b
        .post(
            &format!("/console/tokens/{id}/revoke"),
            &[("csrf", csrf.as_str()), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(
        t.get("/1/profile", &secret).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn msg_2_console_speaks_the_visitors_language_then_the_users() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    b.get("/console/language/fr?next=/console/signin").await;
    let page = b.get("/console/signin").await;
    assert!(page.text.contains("Mot de passe oublié"), "{}", page.text);
    b.sign_in("anna@example.ch", PASSWORD).await;
    let profile = b.get("/console/profile").await;
    assert!(
        profile.text.contains("Support code"),
        "a signed-in user gets their profile language (en)"
    );
}

#[tokio::test]
async fn org_5_console_invitation_pages_accept_with_a_new_account() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut anna = t.browser();
    anna.sign_in("anna@example.ch", PASSWORD).await;
    let r = anna
        .submit(
            "/console/members",
            "/console/members",
            &[
                ("email", "max@example.ch"),
                ("role", "administrator"),
                ("pref", "technical"),
            ],
        )
        .await;
    // Issue 18: a redirect to the members page saying so; a reload invites nobody again.
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.header("location"), "/console/members?invited=max%40example.ch");
    let r = anna.get("/console/members?invited=max%40example.ch").await;
    assert!(r.text.contains("Invitation sent to max@example.ch"), "{}", r.text);
    assert!(
        r.text.contains("max@example.ch"),
        "the pending invitation is listed"
    );
    let link = t
        .mails_to("max@example.ch")
        .await
        .pop()
        .unwrap()
        .link("/console/invitations/")
        .unwrap();
    let path = link.trim_start_matches("http://127.0.0.1:8080").to_owned();
    let mut max = t.browser();
    let page = max.get(&path).await;
    assert!(page.text.contains("Anna Muster"), "{}", page.text);
    let r = max
        .submit(
            &path,
            &path,
            &[
                ("answer", "accept"),
                ("first_name", "Max"),
                ("last_name", "Muster"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let org = max.get("/console/organization").await;
    assert!(org.text.contains("value=\"Anna Muster\""));
    let members = anna.get("/console/members").await;
    assert!(members.text.contains("max@example.ch"));
}

#[tokio::test]
async fn authz_4_console_shows_the_reason_instead_of_controls_a_user_may_not_use() {
    let t = spawn_app().await;
    let (anna, org) = t.signed_up("anna@example.ch").await;
    t.member(&anna, org, "u@example.ch", "user", serde_json::json!({}))
        .await;
    let mut u = t.browser();
    u.sign_in("u@example.ch", PASSWORD).await;
    for page in ["/console/members", "/console/workgroups", "/console/audit"] {
        let r = u.get(page).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        assert!(
            r.text
                .contains("Role user cannot change this; an administrator or a legal representative can."),
            "{page}: {}",
            r.text
        );
    }
    let leave = u
        .submit(
            "/console/members",
            "/console/members/leave",
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(leave.status, StatusCode::SEE_OTHER, "a plain user may leave");
}

#[tokio::test]
async fn ops_5_console_audit_log_filters_by_action() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    b.submit("/console/workgroups", "/console/workgroups", &[("name", "Ops")])
        .await;
    let all = b.get("/console/audit").await;
    assert!(all.text.contains("workgroup.create") && all.text.contains("organization.create"));
    let filtered = b.get("/console/audit?action=workgroup.").await;
    assert!(filtered.text.contains("workgroup.create"));
    assert!(!filtered.text.contains("organization.create"));
}

#[tokio::test]
async fn issue_18_saving_answers_a_redirect_to_a_page_that_says_what_happened() {
    let t = spawn_app().await;
    let (_, org) = t.signed_up("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    let org = org.to_string();
    let saved = b
        .submit(
            "/console/organization",
            "/console/organization",
            &[("org", org.as_str()), ("name", "Muster Hosting AG")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(saved.header("location"), "/console/organization?done=saved");
    let page = b.get("/console/organization?done=saved").await;
    assert!(page.text.contains("The organization is saved."), "{}", page.text);
    assert!(page.text.contains("Muster Hosting AG"));
    // Without the marker the page reads as usual: the notice belongs to the redirect only.
    let plain = b.get("/console/organization").await;
    assert!(!plain.text.contains("The organization is saved."));
    let audits = t
        .number("SELECT COUNT(*) FROM audit_log WHERE action = 'organization.update'")
        .await;
    assert_eq!(audits, 1, "reading the result page again changes nothing");
}

#[tokio::test]
async fn issue_18_a_refused_field_carries_its_message_where_it_stands() {
    let t = spawn_app().await;
    let mut b = t.browser();
    let r = b
        .submit(
            "/console/signup",
            "/console/signup",
            &[
                ("kind", "person"),
                ("first_name", "Hans"),
                ("last_name", "Meier"),
                ("email", "not-an-address"),
                ("password", PASSWORD),
                ("country", "CH"),
            ],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(r.text.contains("role=\"alert\""), "the summary stays");
    let input = r
        .text
        .split("<input")
        .find(|tag| tag.contains("name=\"email\""))
        .expect("the e-mail field");
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    assert!(input.contains("aria-describedby=\"error-email\""), "{input}");
    assert!(
        r.text.contains("<span class=\"field-error\" id=\"error-email\">"),
        "{}",
        r.text
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM users").await, 0, "nothing made");
}
