use http::{Method, StatusCode};
use kontor_testkit::{Options, spawn_app, spawn_app_with};
use serde_json::json;
use time::Duration;

#[tokio::test]
async fn msg_1_email_is_written_with_the_change_and_delivered_as_an_eml_file() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut c = t.db.acquire().await.unwrap();
    let queued = kontor_store::platform::outbox::list_to(&mut c, "anna@example.ch")
        .await
        .unwrap();
    assert_eq!(queued.len(), 1);
    assert!(queued[0].delivered_at.is_none());
    let mails = t.mails().await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Welcome to Kontor");
    let delivered = kontor_store::platform::outbox::list_to(&mut c, "anna@example.ch")
        .await
        .unwrap();
    assert!(delivered[0].delivered_at.is_some());
}

#[tokio::test]
async fn msg_1_failed_delivery_is_retried_with_backoff_and_never_lost() {
    let t = spawn_app_with(Options {
        mail_failures: 2,
        ..Options::default()
    })
    .await;
    t.signup("anna@example.ch").await;
    let now = t.clock_now();
    let first = t.app.run_jobs(now).await.unwrap();
    assert_eq!((first.mails_sent, first.mails_retried), (0, 1));
    // Not due again before the back-off (1 minute).
    let early = t.app.run_jobs(now + Duration::seconds(30)).await.unwrap();
    assert_eq!((early.mails_sent, early.mails_retried), (0, 0));
    let second = t.app.run_jobs(now + Duration::minutes(1)).await.unwrap();
    assert_eq!(second.mails_retried, 1);
    let third = t.app.run_jobs(now + Duration::minutes(4)).await.unwrap();
    assert_eq!(third.mails_sent, 1);
    let mut c = t.db.acquire().await.unwrap();
    let row = kontor_store::platform::outbox::list_to(&mut c, "anna@example.ch")
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(row.attempts, 3);
    assert!(row.delivered_at.is_some());
}

#[tokio::test]
async fn ops_2_running_the_jobs_twice_at_the_same_instant_changes_nothing_the_second_time() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let now = t.clock_now();
    let once = t.app.run_jobs(now).await.unwrap();
    assert_eq!(once.mails_sent, 1);
    let twice = t.app.run_jobs(now).await.unwrap();
    assert_eq!(twice, kontor_app::jobs::JobReport::default());
    assert_eq!(std::fs::read_dir(&t.mail_dir).unwrap().count(), 1);
}

#[tokio::test]
async fn ops_3_jobs_clean_up_expired_sessions_and_links_as_time_moves() {
    let t = spawn_app().await;
    t.signup("anna@example.ch").await;
    let mut b = t.browser();
    b.sign_in("anna@example.ch", kontor_testkit::PASSWORD).await;
    t.api(
        Method::POST,
        "/1/auth/password-reset",
        None,
        Some(json!({"email": "anna@example.ch"})),
    )
    .await;
    let later = t.clock_now() + Duration::days(15);
    t.clock.set(later);
    let report = t.app.run_jobs(later).await.unwrap();
    assert_eq!(report.sessions_removed, 1);
    assert_eq!(report.links_removed, 1);
    assert_eq!(b.get("/console/profile").await.status, StatusCode::SEE_OTHER);
}
