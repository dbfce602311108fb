//! Renewals, automatic renewal, warranty, suspension, termination (REN) and reminders (DUN),
//! driven by moving the clock and running the jobs (OPS-2, OPS-3).

use http::{Method, StatusCode};
use kontor_app::billing::renewals::RenewalReport;
use kontor_app::jobs::JobReport;
use kontor_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

pub(crate) const EMAIL: &str = "owner@example.ch";

pub(crate) async fn shop() -> (TestApp, String, i64) {
    let t = spawn_app().await;
    t.demo_catalog().await;
    let (token, org) = t.signed_up(EMAIL).await;
    (t, token, org)
}

/// Moves the clock to `when` and runs every job.
pub(crate) async fn run_at(t: &TestApp, when: OffsetDateTime) -> JobReport {
    t.clock.set(when);
    t.app.run_jobs(when).await.unwrap()
}

pub(crate) async fn product(t: &TestApp, token: &str, org: i64, id: i64) -> Value {
    let r = t
        .api(
            Method::GET,
            &format!("/1/organizations/{org}/products/{id}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["data"].clone()
}

pub(crate) fn expiry(p: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(
        p["expires_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap()
}

pub(crate) async fn patch(
    t: &TestApp,
    token: &str,
    org: i64,
    id: i64,
    body: Value,
) -> kontor_testkit::TestResponse {
    t.api(
        Method::PATCH,
        &format!("/1/organizations/{org}/products/{id}"),
        Some(token),
        Some(body),
    )
    .await
}

/// A product paid from the prepaid account (no card saved, automatic renewal off).
pub(crate) async fn prepaid_product(t: &TestApp, token: &str, org: i64, name: &str) -> i64 {
    top_up(t, token, org, "400.00").await;
    let o = t
        .order(
            token,
            org,
            json!([{"plan": "web-business", "period_months": 12, "name": name}]),
        )
        .await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders/{}/pay", o["id"]),
            Some(token),
            Some(json!({"means": "prepaid"})),
        )
        .await;
    assert_eq!(r.json["data"]["status"], "succeeded", "{}", r.text);
    o["items"][0]["product_id"].as_i64().unwrap()
}

pub(crate) async fn top_up(t: &TestApp, token: &str, org: i64, amount: &str) {
    let card = t.card(org, "4242424242424242").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/prepaid/top-ups"),
            Some(token),
            Some(json!({"amount": amount, "means": "card", "card_token": card})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

async fn save_card(t: &TestApp, token: &str, org: i64, number: &str) -> i64 {
    let card = t.card(org, number).await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/payment-methods"),
            Some(token),
            Some(json!({"card_token": card})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json["data"]["id"].as_i64().unwrap()
}

pub(crate) async fn invoices(t: &TestApp, token: &str, org: i64) -> Vec<Value> {
    let r = t
        .api(
            Method::GET,
            &format!("/1/organizations/{org}/invoices"),
            Some(token),
            None,
        )
        .await;
    r.json["data"].as_array().unwrap().clone()
}

async fn subjects(t: &TestApp) -> Vec<String> {
    t.mails_to(EMAIL).await.into_iter().map(|m| m.subject).collect()
}

fn count(subjects: &[String], needle: &str) -> usize {
    subjects.iter().filter(|s| s.contains(needle)).count()
}

pub(crate) async fn charges(t: &TestApp) -> i64 {
    let mut c = t.db.acquire().await.unwrap();
    kontor_store::billing::payments::sandbox::count_charges(&mut c)
        .await
        .unwrap()
}

#[tokio::test]
async fn ren_3_auto_renew_refused_13_days_before_and_charged_at_expiry_minus_14() {
    let (t, token, org) = shop().await;
    let id = prepaid_product(&t, &token, org, "shop.example").await;
    save_card(&t, &token, org, "4242424242424242").await;
    let exp = expiry(&product(&t, &token, org, id).await);

    t.clock.set(exp - Duration::days(13));
    let r = patch(&t, &token, org, id, json!({"auto_renew": true})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "auto_renew_too_late");
    assert!(r.text.contains("renew it manually first"), "{}", r.text);
    assert!(
        !product(&t, &token, org, id).await["auto_renew"]
            .as_bool()
            .unwrap()
    );

    t.clock.set(exp - Duration::days(20));
    let r = patch(&t, &token, org, id, json!({"auto_renew": true})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    let before = charges(&t).await;
    let r = run_at(&t, exp - Duration::days(14) - Duration::seconds(1)).await;
    assert_eq!(r.renewals.renewed_automatically, 0);
    assert_eq!(charges(&t).await, before);

    let r = run_at(&t, exp - Duration::days(14)).await;
    assert_eq!(r.renewals.renewed_automatically, 1);
    assert_eq!(
        charges(&t).await,
        before + 1,
        "one charge exactly at expiry − 14 days"
    );
    let p = product(&t, &token, org, id).await;
    assert_eq!(
        expiry(&p),
        kontor_domain::pricing::add_months(exp, 12),
        "REN-1: from the old expiry"
    );
    assert_eq!(p["status"], "active");
    let inv = &invoices(&t, &token, org).await[0];
    assert_eq!(inv["status"], "paid");
    assert_eq!(inv["total"]["amount"], "375.32");

    // OPS-2: the same instant again charges nothing and writes nothing.
    let mails = t.mails().await.len();
    let again = run_at(&t, exp - Duration::days(14)).await;
    assert_eq!(again.renewals, RenewalReport::default());
    assert_eq!(charges(&t).await, before + 1);
    assert_eq!(t.mails().await.len(), mails);
}

#[tokio::test]
async fn ren_2_failing_card_retries_on_the_schedule_and_mails_each_time() {
    let (t, token, org) = shop().await;
    let id = prepaid_product(&t, &token, org, "retry.example").await;
    save_card(&t, &token, org, "4000000000000002").await;
    let exp = expiry(&product(&t, &token, org, id).await);
    t.clock.set(exp - Duration::days(30));
    assert_eq!(
        patch(&t, &token, org, id, json!({"auto_renew": true}))
            .await
            .status,
        StatusCode::OK
    );

    let mut failures = 0;
    for day in [14, 13, 10, 9, 7, 3, 1] {
        let r = run_at(&t, exp - Duration::days(day)).await;
        let expected = u64::from([14, 10, 7, 3, 1].contains(&day));
        assert_eq!(r.renewals.renewal_failures, expected, "day −{day}");
        failures += expected;
        // Running the same day twice retries nothing.
        assert_eq!(
            run_at(&t, exp - Duration::days(day))
                .await
                .renewals
                .renewal_failures,
            0
        );
    }
    assert_eq!(failures, 5);
    let s = subjects(&t).await;
    assert_eq!(count(&s, "Automatic renewal failed"), 5, "{s:?}");
    let body = &t
        .mails_to(EMAIL)
        .await
        .into_iter()
        .rfind(|m| m.subject.contains("Automatic renewal failed"))
        .unwrap()
        .raw;
    assert!(body.contains("declined"), "{body}");
    assert!(body.contains("retry.example"), "{body}");
    // Still unpaid at expiry, no warranty: suspended (REN-6).
    run_at(&t, exp).await;
    let p = product(&t, &token, org, id).await;
    assert_eq!(p["status"], "suspended");
    assert_eq!(p["suspended_reason"], "expiry");
}

#[tokio::test]
async fn ren_2_a_saved_card_the_processor_refuses_fails_that_attempt_and_the_run_goes_on() {
    let (t, token, org) = shop().await;
    let id = prepaid_product(&t, &token, org, "gone.example").await;
    save_card(&t, &token, org, "4242424242424242").await;
    // The processor no longer knows the saved token for this customer.
    t.execute(format!(
        "UPDATE payment_methods SET gateway_token = 'tok_forgotten' WHERE organization_id = {org}"
    ))
    .await;
    let exp = expiry(&product(&t, &token, org, id).await);
    t.clock.set(exp - Duration::days(30));
    let r = patch(&t, &token, org, id, json!({"auto_renew": true})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = run_at(&t, exp - Duration::days(14)).await;
    assert_eq!(r.renewals.renewal_failures, 1);
    assert_eq!(r.renewals.renewed_automatically, 0);
    let s = subjects(&t).await;
    assert_eq!(count(&s, "Automatic renewal failed"), 1, "{s:?}");
    let pending = "SELECT COUNT(*) FROM orders WHERE status = 'pending'";
    assert_eq!(t.number(pending).await, 0, "the attempt's order is cancelled");
}

#[tokio::test]
async fn ren_5_warranty_renews_at_expiry_and_issues_an_open_invoice() {
    let (t, token, org) = shop().await;
    let id = prepaid_product(&t, &token, org, "kept.example").await;
    assert_eq!(
        patch(&t, &token, org, id, json!({"renewal_warranty": true}))
            .await
            .status,
        StatusCode::OK
    );
    let exp = expiry(&product(&t, &token, org, id).await);
    let r = run_at(&t, exp).await;
    assert_eq!(r.renewals.warranty_renewals, 1);
    let p = product(&t, &token, org, id).await;
    assert_eq!(p["status"], "active", "service does not stop");
    assert_eq!(expiry(&p), kontor_domain::pricing::add_months(exp, 12));
    let inv = invoices(&t, &token, org).await;
    assert_eq!(inv[0]["status"], "open");
    assert_eq!(inv[0]["due_date"], (exp + Duration::days(14)).date().to_string());
    let s = subjects(&t).await;
    assert_eq!(count(&s, "due on"), 1, "{s:?}");
    assert_eq!(run_at(&t, exp).await.renewals, RenewalReport::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ops_2_two_job_runners_bill_a_warranty_renewal_once() {
    let (t, token, org) = shop().await;
    let mut ids = Vec::new();
    for name in ["one.example", "two.example", "three.example"] {
        let id = prepaid_product(&t, &token, org, name).await;
        patch(&t, &token, org, id, json!({"renewal_warranty": true})).await;
        ids.push(id);
    }
    let exp = expiry(&product(&t, &token, org, ids[0]).await);
    t.clock.set(exp);
    let t = std::sync::Arc::new(t);
    let runner = || {
        let t = t.clone();
        tokio::spawn(async move { t.app.run_jobs(exp).await.unwrap() })
    };
    let (a, b) = tokio::join!(runner(), runner());
    let billed = a.unwrap().renewals.warranty_renewals + b.unwrap().renewals.warranty_renewals;
    assert_eq!(billed, 3, "each product billed once");
    let open: Vec<_> = invoices(&t, &token, org)
        .await
        .into_iter()
        .filter(|i| i["status"] == "open")
        .collect();
    assert_eq!(open.len(), 1, "one invoice for the three: {open:?}");
    for id in ids {
        let p = product(&t, &token, org, id).await;
        assert_eq!(
            expiry(&p),
            kontor_domain::pricing::add_months(exp, 12),
            "renewed one period, not two"
        );
    }
    assert_eq!(
        t.number("SELECT COUNT(*) FROM orders WHERE origin = 'warranty'")
            .await,
        open.len() as i64
    );
}

#[tokio::test]
async fn ren_6_suspended_at_expiry_terminated_after_grace_and_paying_in_grace_reactivates_from_old_expiry() {
    let (t, token, org) = shop().await;
    let lapsing = prepaid_product(&t, &token, org, "lapse.example").await;
    let saved = prepaid_product(&t, &token, org, "saved.example").await;
    let exp = expiry(&product(&t, &token, org, lapsing).await);
    let r = run_at(&t, exp + Duration::minutes(1)).await;
    assert_eq!(r.renewals.suspended, 2);
    assert_eq!(product(&t, &token, org, lapsing).await["status"], "suspended");
    assert_eq!(count(&subjects(&t).await, "Products suspended"), 1);

    // Paying during the grace period renews from the old expiry.
    t.clock.set(exp + Duration::days(10));
    top_up(&t, &token, org, "400.00").await;
    let r = renew_from_prepaid(&t, &token, org, saved).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "succeeded");
    let p = product(&t, &token, org, saved).await;
    assert_eq!(p["status"], "active");
    let old_exp = expiry(&p);
    assert_eq!(
        old_exp,
        kontor_domain::pricing::add_months(exp, 12),
        "from the old expiry, not the payment date"
    );

    let r = run_at(&t, exp + Duration::days(30)).await;
    assert_eq!(r.renewals.terminated, 1);
    assert_eq!(product(&t, &token, org, lapsing).await["status"], "terminated");
    assert_eq!(product(&t, &token, org, saved).await["status"], "active");
    assert_eq!(count(&subjects(&t).await, "Products terminated"), 1);
    // A terminated product cannot be renewed.
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/renewals"),
            Some(&token),
            Some(json!({"product_ids": [lapsing], "means": "prepaid"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.json["error"]["errors"][0]["code"], "not_renewable");
}

#[tokio::test]
async fn dun_1_unpaid_invoice_walks_reminders_suspension_termination_and_bills_only_its_products() {
    let (t, token, org) = shop().await;
    let billed = prepaid_product(&t, &token, org, "billed.example").await;
    let other = prepaid_product(&t, &token, org, "other.example").await;
    patch(&t, &token, org, billed, json!({"renewal_warranty": true})).await;
    patch(&t, &token, org, other, json!({"renewal_warranty": true})).await;
    let exp = expiry(&product(&t, &token, org, billed).await);
    run_at(&t, exp).await;
    let inv = invoices(&t, &token, org).await;
    let open: Vec<&Value> = inv.iter().filter(|i| i["status"] == "open").collect();
    assert_eq!(open.len(), 1, "one warranty invoice for both");
    // A product bought later is on no open invoice: reminders never touch it.
    let third = prepaid_product(&t, &token, org, "third.example").await;
    let due = exp + Duration::days(14);
    let day = |n: i64| (due + Duration::days(n)).replace_time(time::Time::MIDNIGHT) + Duration::hours(6);

    assert_eq!(run_at(&t, day(2)).await.renewals.reminders, 0);
    assert_eq!(run_at(&t, day(3)).await.renewals.reminders, 1);
    assert_eq!(
        run_at(&t, day(3)).await.renewals.reminders,
        0,
        "no second e-mail the same day"
    );
    assert_eq!(run_at(&t, day(10)).await.renewals.reminders, 1);
    let s = subjects(&t).await;
    assert_eq!(count(&s, "Reminder 1"), 1, "{s:?}");
    assert_eq!(count(&s, "Reminder 2"), 1, "{s:?}");
    let reminder = t
        .mails_to(EMAIL)
        .await
        .into_iter()
        .rfind(|m| m.subject.contains("Reminder 2"))
        .unwrap();
    let number = open[0]["number"].as_str().unwrap();
    let reference = kontor_domain::references::grouped(open[0]["reference"].as_str().unwrap());
    assert!(reminder.raw.contains(number));
    assert!(reminder.raw.contains(&reference), "DUN-2: its own reference");
    assert!(
        reminder
            .raw
            .contains(&format!("CHF {}", open[0]["total"]["amount"].as_str().unwrap()))
    );
    assert!(
        reminder.raw.contains("genuine"),
        "DUN-2: how to check it is genuine"
    );
    assert!(reminder.raw.contains("crossed"), "DUN-4");

    assert_eq!(run_at(&t, day(20)).await.renewals.dunning_suspensions, 1);
    assert_eq!(product(&t, &token, org, billed).await["status"], "suspended");
    assert_eq!(
        product(&t, &token, org, billed).await["suspended_reason"],
        "dunning"
    );
    assert_eq!(
        product(&t, &token, org, third).await["status"],
        "active",
        "not on the invoice"
    );

    assert_eq!(run_at(&t, day(45)).await.renewals.dunning_terminations, 1);
    assert_eq!(product(&t, &token, org, billed).await["status"], "terminated");
    assert_eq!(product(&t, &token, org, other).await["status"], "terminated");
    assert_eq!(product(&t, &token, org, third).await["status"], "active");
    assert_eq!(run_at(&t, day(46)).await.renewals, RenewalReport::default());
    dun_5_termination_cancels_the_rest_with_a_credit_note(&t, &token, org, open[0]).await;
}

/// DUN-5: the terminated invoice is cancelled by a credit note — numbered next, negative,
/// listed, exported, in a PDF — and can no longer be paid; money sent for it afterwards goes to
/// the prepaid account.
async fn dun_5_termination_cancels_the_rest_with_a_credit_note(
    t: &TestApp,
    token: &str,
    org: i64,
    invoice: &Value,
) {
    let all = invoices(t, token, org).await;
    let credited = all.iter().find(|i| i["id"] == invoice["id"]).unwrap();
    assert_eq!(credited["status"], "credited");
    let note = all
        .iter()
        .find(|i| i["kind"] == "credit_note")
        .expect("a credit note");
    assert_eq!(note["credits_invoice_id"], invoice["id"]);
    assert_eq!(note["status"], "credited");
    let total = invoice["total"]["amount"].as_str().unwrap();
    assert_eq!(note["total"]["amount"].as_str().unwrap(), format!("-{total}"));
    let next = all
        .iter()
        .map(|i| i["number"].as_str().unwrap().to_owned())
        .max()
        .unwrap();
    assert_eq!(
        note["number"].as_str().unwrap(),
        next,
        "numbered like invoices, the latest"
    );
    assert!(next.as_str() > invoice["number"].as_str().unwrap());
    let one = t
        .get(&format!("/1/organizations/{org}/invoices/{}", note["id"]), token)
        .await;
    let lines = one.json["data"]["lines"].as_array().unwrap().clone();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(l["amount"]["amount"].as_str().unwrap().starts_with('-'), "{l}");
        assert!(
            l["description"]
                .as_str()
                .unwrap()
                .starts_with("Credit for invoice"),
            "{l}"
        );
    }
    let pdf = t
        .api(
            Method::GET,
            &format!("/1/organizations/{org}/invoices/{}/pdf", note["id"]),
            Some(token),
            None,
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/documents");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("credit-note.pdf"), &pdf.bytes).unwrap();
    let export = t
        .get(
            &format!("/1/organizations/{org}/invoices/export?from=2000-01-01&to=2100-01-01"),
            token,
        )
        .await;
    assert!(
        export
            .text
            .contains(&format!("credit_note,{}", invoice["number"].as_str().unwrap())),
        "{}",
        export.text
    );
    // It can no longer be paid ...
    let pay = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/invoices/{}/pay", invoice["id"]),
            Some(token),
            Some(json!({"means": "prepaid"})),
        )
        .await;
    assert_eq!(pay.code(), "invoice_not_open", "{}", pay.text);
    // ... and a transfer that still arrives for it is credited to the prepaid account.
    let before = t
        .get(&format!("/1/organizations/{org}/prepaid"), token)
        .await
        .json["data"]["balance"]["amount"]
        .as_str()
        .unwrap()
        .to_owned();
    let minor = kontor_domain::money::parse_minor(total).unwrap();
    let paid = t
        .app
        .record_transfer(invoice["reference"].as_str().unwrap(), minor, Some("CHF"))
        .await
        .unwrap();
    assert_eq!(paid.purpose, "top_up");
    let after = t
        .get(&format!("/1/organizations/{org}/prepaid"), token)
        .await
        .json["data"]["balance"]["amount"]
        .as_str()
        .unwrap()
        .to_owned();
    let (b, a) = (
        kontor_domain::money::parse_minor(&before).unwrap(),
        kontor_domain::money::parse_minor(&after).unwrap(),
    );
    assert_eq!(a - b, minor);
    let mail = t
        .mails_to(EMAIL)
        .await
        .into_iter()
        .rfind(|m| m.subject.contains("terminated"))
        .unwrap();
    assert!(
        mail.raw.contains(note["number"].as_str().unwrap()),
        "the e-mail names the credit note"
    );
}

#[tokio::test]
async fn dun_3_paying_after_suspension_reactivates_at_once() {
    let (t, token, org) = shop().await;
    let id = prepaid_product(&t, &token, org, "late.example").await;
    patch(&t, &token, org, id, json!({"renewal_warranty": true})).await;
    let exp = expiry(&product(&t, &token, org, id).await);
    run_at(&t, exp).await;
    let inv = invoices(&t, &token, org)
        .await
        .into_iter()
        .find(|i| i["status"] == "open")
        .unwrap();
    run_at(&t, exp + Duration::days(14 + 21)).await;
    assert_eq!(product(&t, &token, org, id).await["status"], "suspended");

    let card = t.card(org, "4242424242424242").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/invoices/{}/pay", inv["id"]),
            Some(&token),
            Some(json!({"means": "card", "card_token": card})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json["data"]["status"], "succeeded");
    assert_eq!(product(&t, &token, org, id).await["status"], "active");
    let paid = invoices(&t, &token, org)
        .await
        .into_iter()
        .find(|i| i["id"] == inv["id"])
        .unwrap();
    assert_eq!(paid["status"], "paid");
    // The schedule stopped: termination day passes without effect.
    assert_eq!(
        run_at(&t, exp + Duration::days(14 + 46))
            .await
            .renewals
            .dunning_terminations,
        0
    );
    assert_eq!(product(&t, &token, org, id).await["status"], "active");
    // Paying again answers 409.
    let card = t.card(org, "4242424242424242").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/invoices/{}/pay", inv["id"]),
            Some(&token),
            Some(json!({"means": "card", "card_token": card})),
        )
        .await;
    assert_eq!(r.code(), "invoice_not_open");
}

#[tokio::test]
async fn bil_5_a_selection_renews_in_one_payment_each_from_its_own_expiry() {
    let (t, token, org) = shop().await;
    let a = prepaid_product(&t, &token, org, "a.example").await;
    t.clock.set(t.clock_now() + Duration::days(40));
    let b = prepaid_product(&t, &token, org, "b.example").await;
    let (ea, eb) = (
        expiry(&product(&t, &token, org, a).await),
        expiry(&product(&t, &token, org, b).await),
    );
    top_up(&t, &token, org, "800.00").await;
    let body = json!({"product_ids": [a, b], "means": "prepaid"});
    let path = format!("/1/organizations/{org}/renewals");
    let auth = format!("Bearer {token}");
    let headers = [
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
        ("idempotency-key", "renew-1"),
    ];
    let first = t
        .send(
            Method::POST,
            &path,
            &headers,
            axum::body::Body::from(body.to_string()),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let second = t
        .send(
            Method::POST,
            &path,
            &headers,
            axum::body::Body::from(body.to_string()),
        )
        .await;
    assert_eq!(
        second.json["data"]["id"], first.json["data"]["id"],
        "BIL-10: one payment"
    );
    assert_eq!(
        expiry(&product(&t, &token, org, a).await),
        kontor_domain::pricing::add_months(ea, 12)
    );
    assert_eq!(
        expiry(&product(&t, &token, org, b).await),
        kontor_domain::pricing::add_months(eb, 12)
    );
    let id = invoices(&t, &token, org).await[0]["id"].clone();
    let inv = &t
        .api(
            Method::GET,
            &format!("/1/organizations/{org}/invoices/{id}"),
            Some(&token),
            None,
        )
        .await
        .json["data"];
    assert_eq!(inv["lines"].as_array().map_or(0, Vec::len), 2, "{inv}");
    assert!(
        inv["lines"][0]["description"]
            .as_str()
            .unwrap()
            .contains("renewal for 12 months until")
    );
}

#[tokio::test]
async fn ren_7_expiry_notices_follow_the_billing_settings() {
    let (t, token, org) = shop().await;
    let id = prepaid_product(&t, &token, org, "notice.example").await;
    let exp = expiry(&product(&t, &token, org, id).await);
    assert_eq!(run_at(&t, exp - Duration::days(60)).await.renewals.notices, 1);
    assert_eq!(run_at(&t, exp - Duration::days(59)).await.renewals.notices, 0);
    let r = t
        .api(
            Method::PUT,
            &format!("/1/organizations/{org}/billing-settings"),
            Some(&token),
            Some(json!({"expiry_notices": false, "invoices": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["data"]["recipients"], json!([EMAIL]));
    assert_eq!(run_at(&t, exp - Duration::days(30)).await.renewals.notices, 0);
    let s = subjects(&t).await;
    assert_eq!(
        count(
            &s,
            &format!(
                "Products expire on {}",
                kontor_domain::locale::format_day(exp.date(), kontor_domain::Language::En)
            )
        ),
        1,
        "{s:?}"
    );
}

#[tokio::test]
async fn bil_2_a_proforma_is_paid_by_a_recorded_transfer_with_its_reference() {
    let (t, token, org) = shop().await;
    let id = prepaid_product(&t, &token, org, "transfer.example").await;
    let exp = expiry(&product(&t, &token, org, id).await);
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/proformas"),
            Some(&token),
            Some(json!({"product_ids": [id]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let reference = r.json["data"]["reference"].as_str().unwrap().to_owned();
    let total = r.json["data"]["total"]["amount"].as_str().unwrap().to_owned();
    let wrong = t.app.record_transfer(&reference, 100, None).await.unwrap_err();
    assert_eq!(wrong.code().as_str(), "amount_mismatch");
    let minor = kontor_domain::money::parse_minor(&total).unwrap();
    let p = t
        .app
        .record_transfer(&reference, minor, Some("CHF"))
        .await
        .unwrap();
    assert_eq!(p.means, "bank_transfer");
    assert_eq!(
        expiry(&product(&t, &token, org, id).await),
        kontor_domain::pricing::add_months(exp, 12)
    );
    let inv = &invoices(&t, &token, org).await[0];
    assert_eq!(
        inv["reference"].as_str().unwrap(),
        reference,
        "BIL-2: the pro-forma's reference"
    );
    assert_eq!(
        t.app
            .record_transfer(&reference, minor, None)
            .await
            .unwrap_err()
            .code()
            .as_str(),
        "invoice_not_open"
    );
}

/// OPS-3: one organization through a whole year and two months, day by day, with the jobs run
/// every day at the hour the products were bought (twice on each day, to show the second run
/// changes nothing). Four products:
/// - `auto.example`: automatic renewal, paid by the newest saved card (good) → renewed at −14;
/// - `failing.example`: automatic renewal on a declining card → five failures, suspended at
///   expiry, renewed by hand during the grace period from its old expiry;
/// - `kept.ch`: renewal warranty → renewed at expiry with an open invoice → reminder 1,
///   reminder 2, suspension, paid → reactivated at once, never terminated;
/// - `lapsed.example`: nothing → suspended at expiry, terminated after 30 days.
#[tokio::test]
async fn ops_3_a_year_of_renewals_day_by_day() {
    let (t, token, org) = shop().await;
    let start = t.clock_now();
    let o = t
        .order(
            &token,
            org,
            json!([
                {"plan": "web-business", "period_months": 12, "name": "auto.example"},
                {"plan": "web-business", "period_months": 12, "name": "failing.example"},
                {"plan": "domain-ch", "period_months": 12, "name": "kept.ch"},
                {"plan": "web-business", "period_months": 12, "name": "lapsed.example"},
            ]),
        )
        .await;
    let total = o["total"]["amount"].as_str().unwrap().to_owned();
    top_up(&t, &token, org, &total).await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/orders/{}/pay", o["id"]),
            Some(&token),
            Some(json!({"means": "prepaid"})),
        )
        .await;
    assert_eq!(r.json["data"]["status"], "succeeded", "{}", r.text);
    let ids: Vec<i64> = (0..4)
        .map(|i| o["items"][i]["product_id"].as_i64().unwrap())
        .collect();
    let (auto, failing, kept, lapsed) = (ids[0], ids[1], ids[2], ids[3]);
    let declining = save_card(&t, &token, org, "4000000000000002").await;
    save_card(&t, &token, org, "4242424242424242").await;
    assert_eq!(
        patch(&t, &token, org, auto, json!({"auto_renew": true}))
            .await
            .status,
        StatusCode::OK
    );
    let r = patch(
        &t,
        &token,
        org,
        failing,
        json!({"auto_renew": true, "payment_method_id": declining}),
    )
    .await;
    assert_eq!(r.json["data"]["payment_method_id"], declining, "{}", r.text);
    assert_eq!(
        patch(&t, &token, org, kept, json!({"renewal_warranty": true}))
            .await
            .status,
        StatusCode::OK
    );
    let exp = expiry(&product(&t, &token, org, auto).await);
    assert_eq!(exp, kontor_domain::pricing::add_months(start, 12));
    let day_of_expiry = (exp - start).whole_days();
    let mut seen = t.mails().await.len();
    let mut log: Vec<(i64, String)> = Vec::new();
    let mut open_invoice = Value::Null;
    for day in 1..=day_of_expiry + 65 {
        let now = start + Duration::days(day);
        let first = run_at(&t, now).await;
        let second = run_at(&t, now).await;
        assert_eq!(
            second.renewals,
            RenewalReport::default(),
            "day {day}: the second run acts again"
        );
        if day == day_of_expiry + 10 {
            // The customer renews the suspended product during the grace period.
            top_up(&t, &token, org, "400.00").await;
            let r = t
                .api(
                    Method::POST,
                    &format!("/1/organizations/{org}/renewals"),
                    Some(&token),
                    Some(json!({"product_ids": [failing], "means": "prepaid"})),
                )
                .await;
            assert_eq!(r.json["data"]["status"], "succeeded", "{}", r.text);
            log.push((day, "customer renews failing.example".to_owned()));
        }
        if day == day_of_expiry + 37 {
            let card = t.card(org, "4242424242424242").await;
            let r = t
                .api(
                    Method::POST,
                    &format!("/1/organizations/{org}/invoices/{}/pay", open_invoice["id"]),
                    Some(&token),
                    Some(json!({"means": "card", "card_token": card})),
                )
                .await;
            assert_eq!(r.json["data"]["status"], "succeeded", "{}", r.text);
            log.push((day, "customer pays the warranty invoice".to_owned()));
        }
        if first.renewals.warranty_renewals > 0 {
            open_invoice = invoices(&t, &token, org)
                .await
                .into_iter()
                .find(|i| i["status"] == "open")
                .unwrap();
        }
        let mails = t.mails().await;
        for m in &mails[seen..] {
            assert!(m.to.contains(EMAIL));
            log.push((day, m.subject.clone()));
        }
        seen = mails.len();
    }
    let e = day_of_expiry;
    let day = |d| kontor_domain::locale::format_day(d, kontor_domain::Language::En);
    let (d_exp, d_due) = (day(exp.date()), day(exp.date() + Duration::days(14)));
    let inv = open_invoice["number"].as_str().unwrap().to_owned();
    let inv_total = format!("CHF {}", open_invoice["total"]["amount"].as_str().unwrap());
    let expected: Vec<(i64, String)> = vec![
        (e - 60, format!("Products expire on {d_exp}")),
        (e - 30, format!("Products expire on {d_exp}")),
        (e - 14, "Automatic renewal failed".to_owned()),
        (e - 14, "Invoice 2027-000001 issued".to_owned()),
        (e - 14, format!("Products expire on {d_exp}")),
        (e - 10, "Automatic renewal failed".to_owned()),
        (e - 7, "Automatic renewal failed".to_owned()),
        (e - 7, format!("Products expire on {d_exp}")),
        (e - 3, "Automatic renewal failed".to_owned()),
        (e - 1, "Automatic renewal failed".to_owned()),
        (e - 1, format!("Products expire on {d_exp}")),
        (e, format!("Invoice {inv}: {inv_total} due on {d_due}")),
        (e, "Products suspended: expired unpaid".to_owned()),
        (e + 10, "customer renews failing.example".to_owned()),
        (e + 10, "Invoice 2027-000003 issued".to_owned()),
        (e + 14 + 3, format!("Reminder 1: invoice {inv} is overdue")),
        (e + 14 + 10, format!("Reminder 2: invoice {inv} is overdue")),
        (e + 14 + 20, format!("Invoice {inv} unpaid: products suspended")),
        (e + 30, "Products terminated".to_owned()),
        (e + 37, "customer pays the warranty invoice".to_owned()),
    ];
    let mut expected = expected;
    expected.sort();
    log.sort();
    assert_eq!(log, expected);

    // Every state at the end.
    let state = |p: Value| (p["status"].as_str().unwrap().to_owned(), expiry(&p));
    let next = kontor_domain::pricing::add_months(exp, 12);
    assert_eq!(
        state(product(&t, &token, org, auto).await),
        ("active".to_owned(), next)
    );
    assert_eq!(
        state(product(&t, &token, org, failing).await),
        ("active".to_owned(), next)
    );
    assert_eq!(
        state(product(&t, &token, org, kept).await),
        ("active".to_owned(), next)
    );
    assert_eq!(product(&t, &token, org, lapsed).await["status"], "terminated");

    // Every ledger entry: the top-ups and the two payments from the prepaid account.
    let r = t
        .api(
            Method::GET,
            &format!("/1/organizations/{org}/prepaid"),
            Some(&token),
            None,
        )
        .await;
    let entries: Vec<(String, String)> = r.json["data"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["amount"]["amount"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let renewal = invoices(&t, &token, org)
        .await
        .into_iter()
        .find(|i| i["number"] == "2027-000003")
        .unwrap()["total"]["amount"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        entries,
        vec![
            ("top_up".to_owned(), total.clone()),
            ("payment".to_owned(), format!("-{total}")),
            ("top_up".to_owned(), "400.00".to_owned()),
            ("payment".to_owned(), format!("-{renewal}")),
        ]
    );
    let states: Vec<String> = invoices(&t, &token, org)
        .await
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i["number"].as_str().unwrap(),
                i["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            "2027-000003 paid",
            "2027-000002 paid",
            "2027-000001 paid",
            "2026-000001 paid"
        ]
    );
}

/// Renews one product, paid from the prepaid account.
async fn renew_from_prepaid(t: &TestApp, token: &str, org: i64, id: i64) -> kontor_testkit::TestResponse {
    t.api(
        Method::POST,
        &format!("/1/organizations/{org}/renewals"),
        Some(token),
        Some(json!({"product_ids": [id], "means": "prepaid"})),
    )
    .await
}

/// The events a run's deliveries carried, in order.
async fn delivered_events(t: &TestApp) -> Vec<String> {
    let mut log = t.app.list_webhook_deliveries(None, 1000).await.unwrap();
    log.sort_by_key(|d| d.id);
    log.into_iter().map(|d| d.event_type).collect()
}

#[tokio::test]
async fn evt_1_every_emitted_event_can_be_subscribed_and_the_renewal_events_reach_their_endpoint() {
    let (t, token, org) = shop().await;
    // Every event the enum names is accepted by name and by area; nothing else is.
    for e in kontor_domain::Event::ALL {
        t.app
            .add_webhook_endpoint("http://127.0.0.1:9/all", &[e.as_str().to_owned()])
            .await
            .unwrap_or_else(|err| panic!("{e}: {err:?}"));
    }
    let refused = t
        .app
        .add_webhook_endpoint("http://127.0.0.1:9/x", &["product.exploded".to_owned()])
        .await;
    assert!(refused.is_err(), "an unknown event is refused");

    let lapsing = prepaid_product(&t, &token, org, "lapse.example").await;
    let saved = prepaid_product(&t, &token, org, "saved.example").await;
    let exp = expiry(&product(&t, &token, org, lapsing).await);
    run_at(&t, exp + Duration::minutes(1)).await;
    t.clock.set(exp + Duration::days(10));
    top_up(&t, &token, org, "400.00").await;
    let r = renew_from_prepaid(&t, &token, org, saved).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    run_at(&t, exp + Duration::days(30)).await;

    let seen = delivered_events(&t).await;
    for wanted in [
        "product.suspended",
        "product.renewed",
        "product.terminated",
        "invoice.issued",
    ] {
        assert!(seen.iter().any(|e| e == wanted), "{wanted} delivered: {seen:?}");
    }
    // Each delivery goes to exactly the endpoint that asked for that event.
    assert_eq!(
        seen.iter().filter(|e| *e == "product.suspended").count(),
        2,
        "two suspended products, one endpoint listening"
    );
}

#[tokio::test]
async fn ren_4_paying_a_renewal_by_card_switches_automatic_renewal_on_unless_unticked() {
    let (t, token, org) = shop().await;
    let by_card = prepaid_product(&t, &token, org, "card.example").await;
    let unticked = prepaid_product(&t, &token, org, "untick.example").await;
    let by_prepaid = prepaid_product(&t, &token, org, "prepaid.example").await;
    for id in [by_card, unticked, by_prepaid] {
        assert_eq!(product(&t, &token, org, id).await["auto_renew"], false);
    }
    let renew = |id: i64, body: Value| {
        let t = &t;
        let token = token.clone();
        async move {
            let mut body = body;
            body["product_ids"] = json!([id]);
            let r = t
                .api(
                    Method::POST,
                    &format!("/1/organizations/{org}/renewals"),
                    Some(&token),
                    Some(body),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        }
    };
    let card = t.card(org, "4242424242424242").await;
    renew(by_card, json!({"means": "card", "card_token": card})).await;
    let card = t.card(org, "4242424242424242").await;
    renew(
        unticked,
        json!({"means": "card", "card_token": card, "auto_renew": false}),
    )
    .await;
    top_up(&t, &token, org, "400.00").await;
    renew(by_prepaid, json!({"means": "prepaid"})).await;
    assert_eq!(
        product(&t, &token, org, by_card).await["auto_renew"],
        true,
        "REN-4"
    );
    assert_eq!(
        product(&t, &token, org, unticked).await["auto_renew"],
        false,
        "the customer unticked it"
    );
    assert_eq!(
        product(&t, &token, org, by_prepaid).await["auto_renew"],
        false,
        "prepaid pays nothing unattended"
    );
}

#[tokio::test]
async fn bil_2_a_proforma_leaves_no_second_payable_order_beside_the_one_paid() {
    let (t, token, org) = shop().await;
    let a = prepaid_product(&t, &token, org, "a.example").await;
    let b = prepaid_product(&t, &token, org, "b.example").await;
    let proforma = |ids: Value| {
        let (t, token) = (&t, token.clone());
        async move {
            let r = t
                .api(
                    Method::POST,
                    &format!("/1/organizations/{org}/proformas"),
                    Some(&token),
                    Some(json!({"product_ids": ids})),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            r.json["data"].clone()
        }
    };
    let first = proforma(json!([a, b])).await;
    // The same selection again is the same order, with the reference already given out.
    let again = proforma(json!([b, a])).await;
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["reference"], first["reference"]);
    // Renewing and paying the selection pays that order.
    top_up(&t, &token, org, "800.00").await;
    let paid = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/renewals"),
            Some(&token),
            Some(json!({"product_ids": [a, b], "means": "prepaid"})),
        )
        .await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text);
    assert_eq!(paid.json["data"]["order_id"], first["id"]);
    let pending = t
        .get(&format!("/1/organizations/{org}/orders?status=pending"), &token)
        .await;
    assert_eq!(
        pending.json["total"], 0,
        "nothing left to pay twice: {}",
        pending.text
    );
    // A pro-forma for part of an earlier pending selection replaces that selection.
    let both = proforma(json!([a, b])).await;
    let only_a = proforma(json!([a])).await;
    assert_ne!(only_a["id"], both["id"]);
    let old = t
        .get(&format!("/1/organizations/{org}/orders/{}", both["id"]), &token)
        .await;
    assert_eq!(old.json["data"]["status"], "cancelled", "{}", old.text);
    let minor = kontor_domain::money::parse_minor(both["total"]["amount"].as_str().unwrap()).unwrap();
    let late = t
        .app
        .record_transfer(both["reference"].as_str().unwrap(), minor, None)
        .await;
    assert!(late.is_err(), "the replaced order renews nothing");
}
