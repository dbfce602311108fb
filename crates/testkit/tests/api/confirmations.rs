//! The confirmation step of what cannot be undone (issue 18): each action's form, sent as it
//! is, answers a page that names what will happen and changes nothing; sent again from that
//! page (`confirmed=yes`) it acts. A member held in the organization (ORG-7) is told so before
//! any confirmation.

use http::{Method, StatusCode};
use kontor_testkit::{PASSWORD, csrf_of};
use serde_json::json;

use crate::renewals::{EMAIL, shop};

/// Posts `fields` to `action` twice from `page`: unconfirmed (the confirmation page, whose
/// text is answered) and then confirmed (its response is answered too).
async fn ask_then_confirm(
    b: &mut kontor_testkit::Browser<'_>,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (String, kontor_testkit::TestResponse) {
    let csrf = csrf_of(&b.get(page).await.text);
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    let asked = b.post(action, &all).await;
    assert_eq!(asked.status, StatusCode::OK, "{action}: {}", asked.text);
    assert!(
        asked.text.contains("data-testid=\"confirm\""),
        "{action}: {}",
        asked.text
    );
    assert!(asked.text.contains("name=\"confirmed\" value=\"yes\""));
    for (k, v) in fields {
        assert!(
            asked.text.contains(&format!("name=\"{k}\" value=\"{v}\"")),
            "{action}: the confirmation carries {k}"
        );
    }
    let csrf = csrf_of(&asked.text);
    let mut all = vec![("csrf", csrf.as_str()), ("confirmed", "yes")];
    all.extend_from_slice(fields);
    let done = b.post(action, &all).await;
    (asked.text, done)
}

#[tokio::test]
async fn issue_18_ending_a_product_and_revoking_a_token_ask_first_and_name_what_happens() {
    let (t, token, org) = shop().await;
    let id = t.active_product(&token, org, "web-starter", "ends.example").await;
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    let product = format!("/console/products/{id}");
    let csrf = csrf_of(&b.get(&product).await.text);
    let asked = b.post(&format!("{product}/cancel"), &[("csrf", &csrf)]).await;
    assert!(
        asked
            .text
            .contains("ends.example (Web hosting) will be ended now."),
        "{}",
        asked.text
    );
    assert_eq!(
        t.number_of(format!(
            "SELECT COUNT(*) FROM products WHERE id = {id} AND status = 'active'"
        ))
        .await,
        1,
        "asking ends nothing"
    );
    let (_, done) = ask_then_confirm(&mut b, &product, &format!("{product}/cancel"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert_eq!(
        done.header("location"),
        format!("{product}?done=product-cancelled")
    );
    assert_eq!(
        t.number_of(format!(
            "SELECT COUNT(*) FROM products WHERE id = {id} AND status = 'terminated'"
        ))
        .await,
        1
    );

    let r = t
        .api(
            Method::POST,
            "/1/auth/tokens",
            None,
            Some(json!({"email": EMAIL, "password": PASSWORD, "name": "deploy bot", "scopes": ["profile"]})),
        )
        .await;
    let secret = r.json["data"]["token"].as_str().unwrap().to_owned();
    let token_id = r.json["data"]["id"].as_i64().unwrap();
    let action = format!("/console/tokens/{token_id}/revoke");
    let (asked, done) = ask_then_confirm(&mut b, "/console/tokens", &action, &[]).await;
    assert!(
        asked.contains("The API token “deploy bot” will stop working now."),
        "{asked}"
    );
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        t.get("/1/profile", &secret).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn issue_18_removing_members_and_leaving_ask_first_and_a_held_member_is_told_at_once() {
    let (t, token, org) = shop().await;
    let (_, max) = t
        .member(&token, org, "max@example.ch", "administrator", json!({}))
        .await;
    let mut owner = t.browser();
    owner.sign_in(EMAIL, PASSWORD).await;
    // ORG-3/ORG-7: the only legal representative is refused at once, with no confirmation.
    let csrf = csrf_of(&owner.get("/console/members").await.text);
    let refused = owner.post("/console/members/leave", &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert!(!refused.text.contains("data-testid=\"confirm\""));

    let user = max.to_string();
    let (asked, done) = ask_then_confirm(
        &mut owner,
        "/console/members",
        "/console/members/remove",
        &[("user", &user)],
    )
    .await;
    assert!(
        asked.contains("This member will be removed from the organization: Max Member (max@example.ch)."),
        "{asked}"
    );
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(
        t.number_of(format!("SELECT COUNT(*) FROM memberships WHERE user_id = {max}"))
            .await,
        0
    );

    t.member(&token, org, "lea@example.ch", "user", json!({})).await;
    let mut lea = t.browser();
    lea.sign_in("lea@example.ch", PASSWORD).await;
    let (asked, done) = ask_then_confirm(&mut lea, "/console/members", "/console/members/leave", &[]).await;
    assert!(asked.contains("You will leave Anna Muster."), "{asked}");
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'member.leave'")
            .await,
        1
    );
}

#[tokio::test]
async fn issue_18_forgetting_a_card_and_deleting_an_address_ask_first() {
    let (t, token, org) = shop().await;
    let card = t.card(org, "4242424242424242").await;
    let saved = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/payment-methods"),
            Some(&token),
            Some(json!({"card_token": card})),
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    let method = saved.json["data"]["id"].as_i64().unwrap();
    let address = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/billing-addresses"),
            Some(&token),
            Some(
                json!({"name": "Muster AG", "street": "Bahnhofstrasse", "building_number": "7",
                "postal_code": "8001", "city": "Zürich", "country": "CH"}),
            ),
        )
        .await;
    assert_eq!(address.status, StatusCode::CREATED, "{}", address.text);
    let address = address.json["data"]["id"].as_i64().unwrap();
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;

    let action = format!("/console/payment-methods/{method}/delete");
    let (asked, done) = ask_then_confirm(&mut b, "/console/prepaid", &action, &[]).await;
    assert!(
        asked.contains("The saved card Visa •••• 4242 will be forgotten."),
        "{asked}"
    );
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert_eq!(
        t.number_of(format!(
            "SELECT COUNT(*) FROM payment_methods WHERE id = {method} AND deleted_at IS NULL"
        ))
        .await,
        0
    );

    let action = format!("/console/billing/addresses/{address}/delete");
    let (asked, _) = ask_then_confirm(&mut b, "/console/billing", &action, &[]).await;
    assert!(
        asked.contains("The billing address Muster AG, Bahnhofstrasse 7, 8001 Zürich will be deleted."),
        "{asked}"
    );
    assert_eq!(
        t.number_of(format!(
            "SELECT COUNT(*) FROM billing_addresses WHERE id = {address} AND deleted_at IS NULL"
        ))
        .await,
        0
    );
}
