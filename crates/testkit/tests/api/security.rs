//! SEC-1 … SEC-4 (second factor), STF-1 (staff), SUP-1, SUP-3, SUP-4, AUTHZ-5: end to end through
//! the console, the staff console and the API, with the codes an authenticator app computes.

use http::{Method, StatusCode};
use kontor_app::Actor;
use kontor_testkit::{PASSWORD, TestApp, csrf_of, spawn_app};
use serde_json::json;

/// An RFC 6238 code computed outside Kontor: Python's standard library (hmac, hashlib,
/// base64), as an authenticator app does it — not Kontor's implementation.
pub(crate) fn independent_totp(secret_b32: &str, unix: i64) -> String {
    let script = "import base64,hashlib,hmac,struct,sys\n\
s=sys.argv[1]; t=int(sys.argv[2])\n\
k=base64.b32decode(s+'='*((8-len(s)%8)%8))\n\
h=hmac.new(k,struct.pack('>Q',t//30),hashlib.sha1).digest()\n\
o=h[-1]&15\n\
print('%06d'%((struct.unpack('>I',h[o:o+4])[0]&0x7fffffff)%1000000))";
    let out = std::process::Command::new("python3")
        .args(["-c", script, secret_b32, &unix.to_string()])
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

pub(crate) fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    text.split(start)
        .nth(1)
        .unwrap_or_else(|| panic!("{start} not in {text}"))
        .split(end)
        .next()
        .unwrap()
}

pub(crate) fn now(t: &TestApp) -> i64 {
    t.clock_now().unix_timestamp()
}

/// Sets up TOTP through the security page; answers the secret and the backup codes.
pub(crate) async fn set_up_totp(t: &TestApp, b: &mut kontor_testkit::Browser<'_>) -> (String, Vec<String>) {
    let r = b.submit("/console/security", "/console/security/totp", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.text.contains("<svg"), "the QR code is drawn by Kontor");
    let secret = between(&r.text, "data-testid=\"totp-secret\">", "<").to_owned();
    let code = independent_totp(&secret, now(t));
    let csrf = csrf_of(&r.text);
    let done = b
        .post("/console/security/confirm", &[("csrf", &csrf), ("code", &code)])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let codes: Vec<String> = between(&done.text, "<ul class=\"codes\">", "</ul>")
        .split("<code>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "SEC-2: ten backup codes");
    (secret, codes)
}

/// Password, then the code step; answers the code step's response.
async fn sign_in_with_code(
    b: &mut kontor_testkit::Browser<'_>,
    email: &str,
    code: &str,
) -> kontor_testkit::TestResponse {
    let r = b.sign_in(email, PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.header("location"), "/console/signin/code");
    assert!(
        !b.cookies.contains_key("kontor_session"),
        "SEC-3: no session before the code"
    );
    b.submit("/console/signin/code", "/console/signin/code", &[("code", code)])
        .await
}

#[tokio::test]
async fn sec_1_totp_from_an_independent_implementation_signs_in_once_per_step_and_backup_codes_once() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", PASSWORD).await;
    let (secret, backup) = set_up_totp(&t, &mut b).await;
    let stored = t.texts("SELECT secret FROM second_factors").await;
    assert!(
        stored[0].starts_with("s1:") && !stored[0].contains(&secret),
        "SEC-6: sealed at rest"
    );
    let hashes = t.texts("SELECT code_hash FROM backup_codes").await;
    assert!(
        hashes
            .iter()
            .all(|h| !backup.iter().any(|c| h.contains(&c.replace('-', "")))),
        "only hashes"
    );
    b.submit("/console/organization", "/console/signout", &[]).await;

    // A fresh step: the code of the independent implementation signs in, with a new session.
    t.clock.advance(time::Duration::seconds(30));
    let code = independent_totp(&secret, now(&t));
    let ok = sign_in_with_code(&mut b, "anna@example.ch", &code).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    assert!(b.cookies.contains_key("kontor_session"));
    assert!(!b.cookies.contains_key("kontor_challenge"));
    assert_eq!(b.get("/console/profile").await.status, StatusCode::OK);
    b.submit("/console/organization", "/console/signout", &[]).await;

    // The same code again in the same step is refused, and no session opens.
    let replay = sign_in_with_code(&mut b, "anna@example.ch", &code).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "{}", replay.text);
    assert!(replay.text.contains("already used"), "{}", replay.text);
    assert!(!b.cookies.contains_key("kontor_session"));

    // A backup code works once.
    let ok = b
        .submit(
            "/console/signin/code",
            "/console/signin/code",
            &[("code", &backup[0])],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    b.submit("/console/organization", "/console/signout", &[]).await;
    let again = sign_in_with_code(&mut b, "anna@example.ch", &backup[0]).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    let page = b.get("/console/signin/code").await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the challenge waits for a right code"
    );

    // The API's token endpoint asks for the code the same way (SEC-3).
    let ask = |code: Option<String>| json!({"email": "anna@example.ch", "password": PASSWORD, "name": "cli", "scopes": ["profile"], "code": code});
    let r = t.api(Method::POST, "/1/auth/tokens", None, Some(ask(None))).await;
    assert_eq!(r.code(), "second_factor_required");
    t.clock.advance(time::Duration::seconds(30));
    let fresh = independent_totp(&secret, now(&t));
    let r = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(ask(Some(fresh.clone()))),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = t
        .api(Method::POST, "/1/auth/tokens", None, Some(ask(Some(fresh))))
        .await;
    assert_eq!(r.code(), "invalid_second_factor", "replayed in the same step");
    let subjects = t.texts("SELECT subject FROM signin_failures").await;
    assert!(
        subjects.len() >= 2,
        "ACC-4: failed codes count like wrong passwords: {subjects:?}"
    );

    // Every change told by e-mail.
    let subjects: Vec<String> = t
        .mails_to("anna@example.ch")
        .await
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert!(
        subjects.iter().any(|s| s == "Two-factor sign-in is on"),
        "{subjects:?}"
    );
}

#[tokio::test]
async fn sec_4_switching_off_needs_the_password_and_is_told_by_mail() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let tok = t.token("anna@example.ch").await;
    let r = t
        .api(Method::POST, "/1/profile/two-factor/totp", Some(&tok), None)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let secret = r.json["data"]["secret"].as_str().unwrap().to_owned();
    assert!(
        r.json["data"]["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Kontor:anna@example.ch?secret=")
    );
    let wrong = t
        .api(
            Method::POST,
            "/1/profile/two-factor/confirm",
            Some(&tok),
            Some(json!({"code": "000000"})),
        )
        .await;
    assert_eq!(wrong.code(), "validation_failed");
    let code = independent_totp(&secret, now(&t));
    let r = t
        .api(
            Method::POST,
            "/1/profile/two-factor/confirm",
            Some(&tok),
            Some(json!({"code": code})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["backup_codes"].as_array().unwrap().len(), 10);
    let st = t.get("/1/profile/two-factor", &tok).await;
    assert_eq!(st.json["data"]["method"], "totp");
    assert_eq!(st.json["data"]["backup_codes_left"], 10);
    let again = t
        .api(Method::POST, "/1/profile/two-factor/totp", Some(&tok), None)
        .await;
    assert_eq!(again.code(), "two_factor_already_on");

    let off = t
        .api(
            Method::POST,
            "/1/profile/two-factor/disable",
            Some(&tok),
            Some(json!({"password": "not the password"})),
        )
        .await;
    assert_eq!(off.code(), "validation_failed");
    assert_eq!(
        t.get("/1/profile/two-factor", &tok).await.json["data"]["method"],
        "totp"
    );
    let off = t
        .api(
            Method::POST,
            "/1/profile/two-factor/disable",
            Some(&tok),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT, "{}", off.text);
    assert!(t.get("/1/profile/two-factor", &tok).await.json["data"]["method"].is_null());
    let subjects: Vec<String> = t
        .mails_to("anna@example.ch")
        .await
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert!(
        subjects.iter().any(|s| s == "Two-factor sign-in is off"),
        "{subjects:?}"
    );
    let audit = t
        .texts("SELECT action FROM audit_log WHERE action LIKE 'two_factor.%' ORDER BY id")
        .await;
    assert_eq!(
        audit,
        [
            "two_factor.setup_start",
            "two_factor.enable",
            "two_factor.disable"
        ]
    );
}

#[tokio::test]
async fn sec_1_sms_codes_go_through_the_outbox_expire_and_are_limited() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let tok = t.token("anna@example.ch").await;
    let bad = t
        .api(
            Method::POST,
            "/1/profile/two-factor/sms",
            Some(&tok),
            Some(json!({"phone": "079 123"})),
        )
        .await;
    assert_eq!(bad.code(), "validation_failed");
    let r = t
        .api(
            Method::POST,
            "/1/profile/two-factor/sms",
            Some(&tok),
            Some(json!({"phone": "+41 79 123 45 67"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    t.mails().await;
    let files: Vec<_> = std::fs::read_dir(&t.mail_dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    assert_eq!(
        files.len(),
        1,
        "the log sender writes a .txt beside the .eml files"
    );
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let code: String = between(&text, "code is ", ".").to_owned();
    let kept = t.texts("SELECT body FROM outbox WHERE kind = 'sms'").await;
    assert!(!kept[0].contains(&code), "SEC-6: the delivered SMS keeps no code");
    let r = t
        .api(
            Method::POST,
            "/1/profile/two-factor/confirm",
            Some(&tok),
            Some(json!({"code": code})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        t.get("/1/profile/two-factor", &tok).await.json["data"]["phone"],
        "+41••••••567"
    );
    // Sign-in sends a code; it expires after 10 minutes.
    let ask = |code: Option<&str>| json!({"email": "anna@example.ch", "password": PASSWORD, "name": "x", "scopes": ["profile"], "code": code});
    assert_eq!(
        t.api(Method::POST, "/1/auth/tokens", None, Some(ask(None)))
            .await
            .code(),
        "second_factor_required"
    );
    t.mails().await;
    let mut texts: Vec<_> = std::fs::read_dir(&t.mail_dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    let sent = std::fs::read_to_string(texts.last().unwrap()).unwrap();
    let code = between(&sent, "code is ", ".").to_owned();
    t.clock.advance(time::Duration::minutes(11));
    assert_eq!(
        t.api(Method::POST, "/1/auth/tokens", None, Some(ask(Some(&code))))
            .await
            .code(),
        "invalid_second_factor"
    );
    // At most five per 15 minutes.
    for _ in 0..4 {
        t.api(Method::POST, "/1/auth/tokens", None, Some(ask(None))).await;
    }
    let limited = t.api(Method::POST, "/1/auth/tokens", None, Some(ask(None))).await;
    assert_eq!(limited.code(), "too_many_codes", "{}", limited.text);
}

/// A staff member made by the command line's service call, signed in to the staff console.
pub(crate) async fn staff_browser<'a>(
    t: &'a TestApp,
    email: &str,
    role: &str,
) -> (kontor_testkit::Browser<'a>, String) {
    let made = t
        .app
        .create_staff(&Actor::system(), email, "Sam Support", role, "en")
        .await
        .unwrap();
    let mut b = t.browser();
    let r = b
        .submit(
            "/staff/signin",
            "/staff/signin",
            &[("email", email), ("password", &made.password)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    (b, made.password)
}

#[tokio::test]
async fn stf_1_staff_without_a_second_factor_reach_nothing_and_support_finds_a_customer_by_code() {
    let t = spawn_app().await;
    let data = t.signup("anna@example.ch").await;
    let support_code = data["user"]["support_code"].as_str().unwrap().to_owned();
    let (mut staff, _) = staff_browser(&t, "sam@provider.ch", "support").await;
    for page in ["/staff", "/staff/customers?code=12345678"] {
        let r = staff.get(page).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{page}");
        assert_eq!(r.header("location"), "/staff/security", "{page}");
    }
    // A customer's session is nothing in the staff console.
    let mut customer = t.browser();
    customer.sign_in("anna@example.ch", PASSWORD).await;
    assert_eq!(customer.get("/staff").await.header("location"), "/staff/signin");

    // Set up TOTP: the session is replaced, then the console opens.
    let r = staff.submit("/staff/security", "/staff/security/totp", &[]).await;
    let secret = between(&r.text, "data-testid=\"totp-secret\">", "<").to_owned();
    let old = staff.cookies["kontor_staff"].clone();
    let code = independent_totp(&secret, now(&t));
    let done = staff
        .post(
            "/staff/security/confirm",
            &[("csrf", &csrf_of(&r.text)), ("code", &code)],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_ne!(
        staff.cookies["kontor_staff"], old,
        "ACC-5: a new session after the privilege change"
    );
    assert_eq!(staff.get("/staff").await.status, StatusCode::OK);

    let found = staff.get(&format!("/staff/customers?code={support_code}")).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    assert!(found.text.contains("anna@example.ch") && found.text.contains("Anna Muster"));
    let unknown = staff.get("/staff/customers?code=00000000").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // The customer sees that access in the log, by API and on the page.
    let tok = t.token("anna@example.ch").await;
    let log = t.get("/1/support-access/log", &tok).await;
    assert_eq!(log.json["total"], 1, "{}", log.text);
    assert_eq!(log.json["data"][0]["staff"], "Sam Support");
    assert_eq!(log.json["data"][0]["kind"], "account");
    let page = customer.get("/console/support-access").await;
    assert!(page.text.contains("Sam Support"), "{}", page.text);
    let org = data["organization"]["id"].as_i64().unwrap();
    let audit = t.get(&format!("/1/organizations/{org}/audit"), &tok).await;
    assert!(
        audit.text.contains("staff.account_view") && audit.text.contains("\"staff\""),
        "{}",
        audit.text
    );

    // Staff sign-in now needs the code; the support role may not create staff.
    staff.submit("/staff", "/staff/signout", &[]).await;
    let again = staff
        .submit(
            "/staff/signin",
            "/staff/signin",
            &[("email", "sam@provider.ch"), ("password", "wrong")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sup_3_a_drive_grant_answers_yes_for_drive_no_for_mail_and_ends_after_7_days_by_itself() {
    let t = spawn_app().await;
    let data = t.signup("anna@example.ch").await;
    let user = data["user"]["id"].as_i64().unwrap();
    let tok = t.token("anna@example.ch").await;
    let service = t
        .app
        .create_service_token("drive-backend", &["access:check".to_owned()])
        .await
        .unwrap();
    let check = |kind: &str| format!("/1/support-access/check?user={user}&kind={kind}");
    assert_eq!(
        t.get(&check("drive"), &service).await.json["data"]["allowed"],
        false
    );
    let r = t
        .api(
            Method::POST,
            "/1/support-access",
            Some(&tok),
            Some(json!({"kind": "drive"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(
        t.get(&check("drive"), &service).await.json["data"]["allowed"],
        true
    );
    assert_eq!(
        t.get(&check("mail"), &service).await.json["data"]["allowed"],
        false,
        "one kind grants nothing else"
    );
    assert_eq!(
        t.get(&check("chat"), &service).await.json["data"]["allowed"],
        false
    );
    // A back-end reporting an access: logged for the customer; hidden characters are refused.
    let report = format!(
        "{}&staff=sam%40provider.ch&what=folder%20Invoices",
        check("drive")
    );
    t.app
        .create_staff(
            &Actor::system(),
            "sam@provider.ch",
            "Sam Support",
            "support",
            "en",
        )
        .await
        .unwrap();
    assert_eq!(t.get(&report, &service).await.json["data"]["allowed"], true);
    let bidi = format!("{}&staff=sam%40provider.ch&what=x%E2%80%AEy", check("drive"));
    let refused = t.get(&bidi, &service).await;
    assert_eq!(refused.code(), "validation_failed", "{}", refused.text);
    assert_eq!(
        t.texts("SELECT what FROM support_access_log").await,
        ["folder Invoices"]
    );
    // A customer token may not ask; an unknown user is 404.
    assert_eq!(t.get(&check("drive"), &tok).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        t.get("/1/support-access/check?user=999999&kind=drive", &service)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    t.clock
        .advance(time::Duration::days(7) + time::Duration::minutes(1));
    assert_eq!(
        t.get(&check("drive"), &service).await.json["data"]["allowed"],
        false,
        "no one revoked it"
    );
    let report = t.app.run_jobs(t.clock_now()).await.unwrap();
    assert_eq!(report.support_grants_expired, 1);
    assert_eq!(
        t.app
            .run_jobs(t.clock_now())
            .await
            .unwrap()
            .support_grants_expired,
        0
    );
    let subjects: Vec<String> = t
        .mails_to("anna@example.ch")
        .await
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert!(
        subjects
            .iter()
            .any(|s| s == "Support access to your drive folders ended"),
        "{subjects:?}"
    );
    assert_eq!(t.get("/1/support-access", &tok).await.json["total"], 0);
}

#[tokio::test]
async fn sup_4_staff_open_content_only_through_a_current_grant_and_the_customer_sees_it() {
    let t = spawn_app().await;
    let data = t.signup("anna@example.ch").await;
    let user = data["user"]["id"].as_i64().unwrap();
    let code = data["user"]["support_code"].as_str().unwrap().to_owned();
    let tok = t.token("anna@example.ch").await;
    let (mut staff, _) = staff_browser(&t, "sam@provider.ch", "support").await;
    let r = staff.submit("/staff/security", "/staff/security/totp", &[]).await;
    let secret = between(&r.text, "data-testid=\"totp-secret\">", "<").to_owned();
    staff
        .post(
            "/staff/security/confirm",
            &[
                ("csrf", &csrf_of(&r.text)),
                ("code", &independent_totp(&secret, now(&t))),
            ],
        )
        .await;
    let page = format!("/staff/customers?code={code}");
    let action = format!("/staff/customers/{user}/content");
    let refused = staff
        .submit(&page, &action, &[("kind", "mail"), ("code", &code)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    t.api(
        Method::POST,
        "/1/support-access",
        Some(&tok),
        Some(json!({"kind": "mail"})),
    )
    .await;
    let opened = staff
        .submit(&page, &action, &[("kind", "mail"), ("code", &code)])
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.text);
    assert!(opened.text.contains("data-testid=\"content\""));
    let still_no = staff
        .submit(&page, &action, &[("kind", "chat"), ("code", &code)])
        .await;
    assert_eq!(still_no.status, StatusCode::FORBIDDEN);
    let revoke = t
        .api(Method::DELETE, "/1/support-access/mail", Some(&tok), None)
        .await;
    assert_eq!(revoke.status, StatusCode::NO_CONTENT);
    let after = staff
        .submit(&page, &action, &[("kind", "mail"), ("code", &code)])
        .await;
    assert_eq!(after.status, StatusCode::FORBIDDEN);
    let kinds = t.texts("SELECT kind FROM support_access_log ORDER BY id").await;
    assert!(kinds.contains(&"mail".to_owned()), "{kinds:?}");
    let log = t.get("/1/support-access/log", &tok).await;
    assert!(
        log.json["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "mail"),
        "{}",
        log.text
    );
}
