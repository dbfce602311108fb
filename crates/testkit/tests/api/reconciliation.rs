//! REC-1, REC-2, REC-3, DUN-3, DUN-4: bank statements imported and matched by reference.

use std::fmt::Write as _;

use http::{Method, StatusCode};
use kontor_app::Actor;
use kontor_testkit::TestApp;
use serde_json::{Value, json};
use time::Duration;

use crate::renewals::{EMAIL, expiry, invoices, patch, prepaid_product, product, run_at, shop};

/// One payment of a statement: reference (QRR or SCOR by its form), amount, currency.
struct Pay<'a> {
    reference: &'a str,
    amount: &'a str,
    currency: &'a str,
    bank_ref: &'a str,
}

fn tx(p: &Pay<'_>) -> String {
    let kind = if p.reference.starts_with("RF") {
        "<Cd>SCOR</Cd>"
    } else {
        "<Prtry>QRR</Prtry>"
    };
    format!(
        "<TxDtls><Refs><AcctSvcrRef>{}</AcctSvcrRef></Refs><Amt Ccy=\"{}\">{}</Amt>\
         <RltdPties><Dbtr><Nm>Olga Owner</Nm></Dbtr><DbtrAcct><Id><IBAN>CH9300762011623852957</IBAN></Id></DbtrAcct></RltdPties>\
         <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry>{kind}</CdOrPrtry></Tp><Ref>{}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>",
        p.bank_ref, p.currency, p.amount, p.reference
    )
}

/// A camt.054.001.08 with one entry per payment, and one batch entry of the last three.
fn notification(single: &[Pay<'_>], batch: &[Pay<'_>]) -> String {
    let mut entries = String::new();
    for (i, p) in single.iter().enumerate() {
        let _ = writeln!(
            entries,
            "<Ntry><Amt Ccy=\"{}\">{}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
             <BookgDt><Dt>2027-01-05</Dt></BookgDt><AcctSvcrRef>E-{i}</AcctSvcrRef><NtryDtls>{}</NtryDtls></Ntry>",
            p.currency,
            p.amount,
            tx(p)
        );
    }
    let sum: i64 = batch
        .iter()
        .map(|p| kontor_domain::money::parse_minor(p.amount).unwrap())
        .sum();
    if !batch.is_empty() {
        let _ = writeln!(
            entries,
            "<Ntry><Amt Ccy=\"CHF\">{}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
         <BookgDt><Dt>2027-01-05</Dt></BookgDt><AcctSvcrRef>E-BATCH</AcctSvcrRef><NtryDtls><Btch><NbOfTxs>{}</NbOfTxs></Btch>{}</NtryDtls></Ntry>",
            kontor_domain::money::format_minor(sum),
            batch.len(),
            batch.iter().map(tx).collect::<String>()
        );
    }
    entries.push_str(
        "<Ntry><Amt Ccy=\"CHF\">50.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><AcctSvcrRef>E-FEE</AcctSvcrRef></Ntry>\n",
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\">\
         <BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId></GrpHdr><Ntfctn><Id>N1</Id>\
         <Acct><Id><IBAN>CH4431999123000889012</IBAN></Id></Acct>\n{entries}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    )
}

async fn balance(t: &TestApp, token: &str, org: i64) -> Value {
    t.get(&format!("/1/organizations/{org}/prepaid"), token)
        .await
        .json["data"]
        .clone()
}

#[tokio::test]
async fn rec_1_a_statement_gives_each_transfer_its_outcome_and_importing_it_again_changes_nothing() {
    let (t, token, org) = shop().await;
    // A product under renewal warranty: at expiry it gets an open invoice.
    let a = prepaid_product(&t, &token, org, "exact.example").await;
    patch(&t, &token, org, a, json!({"renewal_warranty": true})).await;
    let exp = expiry(&product(&t, &token, org, a).await);
    run_at(&t, exp).await;
    // Suspended for the unpaid invoice (DUN-1), with a reminder sent before (DUN-4).
    run_at(&t, exp + Duration::days(14 + 21)).await;
    assert_eq!(product(&t, &token, org, a).await["status"], "suspended");
    let all = invoices(&t, &token, org).await;
    let open: Vec<&Value> = all.iter().filter(|i| i["status"] == "open").collect();
    assert_eq!(open.len(), 1, "{all:?}");
    let inv_a = open[0];
    let paid = all
        .iter()
        .find(|i| i["status"] == "paid")
        .expect("the first invoice");
    let top = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/prepaid/top-ups"),
            Some(&token),
            Some(json!({"amount": "100.00", "means": "bank_transfer"})),
        )
        .await;
    assert_eq!(top.status, StatusCode::CREATED, "{}", top.text);
    let top_ref = top.json["data"]["reference"].as_str().unwrap().to_owned();
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    let (ref_a, ref_paid) = (s(&inv_a["reference"]), s(&paid["reference"]));
    let total_a = s(&inv_a["total"]["amount"]);
    let unknown = kontor_domain::references::qr_reference(4_242_424_242);
    let before = balance(&t, &token, org).await["balance"]["amount"]
        .as_str()
        .unwrap()
        .to_owned();

    let xml = notification(
        &[
            // The open invoice with a wrong amount, before its exact payment below.
            Pay {
                reference: &ref_a,
                amount: "1.00",
                currency: "CHF",
                bank_ref: "T-WRONG",
            },
            Pay {
                reference: &ref_paid,
                amount: "25.00",
                currency: "CHF",
                bank_ref: "T-STANDING",
            },
            Pay {
                reference: &ref_a,
                amount: &total_a,
                currency: "EUR",
                bank_ref: "T-EUR",
            },
            Pay {
                reference: &unknown,
                amount: "7.00",
                currency: "CHF",
                bank_ref: "T-UNKNOWN",
            },
        ],
        &[
            Pay {
                reference: &ref_a,
                amount: &total_a,
                currency: "CHF",
                bank_ref: "T-EXACT",
            },
            Pay {
                reference: &top_ref,
                amount: "100.00",
                currency: "CHF",
                bank_ref: "T-TOPUP",
            },
            Pay {
                reference: &unknown,
                amount: "3.00",
                currency: "CHF",
                bank_ref: "T-UNKNOWN-2",
            },
        ],
    );
    let staff = Actor::system();
    let report = t.app.import_camt(&staff, "dec.xml", &xml).await.unwrap();
    assert_eq!(report.transactions, 8);
    assert_eq!(
        (
            report.paid,
            report.top_ups,
            report.to_prepaid,
            report.unmatched,
            report.not_credit
        ),
        (1, 1, 2, 3, 1),
        "{report:?}"
    );
    let outcomes = t
        .texts("SELECT tx_reference || '=' || outcome FROM bank_transactions ORDER BY id")
        .await;
    assert_eq!(
        outcomes,
        [
            "T-WRONG=prepaid",
            "T-STANDING=prepaid",
            "T-EUR=unmatched",
            "T-UNKNOWN=unmatched",
            "T-EXACT=paid_invoice",
            "T-TOPUP=top_up",
            "T-UNKNOWN-2=unmatched",
            "E-FEE=not_credit",
        ]
    );
    // The exact payment paid invoice A, and its suspended product came back (DUN-3).
    let after = invoices(&t, &token, org).await;
    let a_now = after.iter().find(|i| i["id"] == inv_a["id"]).unwrap();
    assert_eq!(a_now["status"], "paid");
    assert_eq!(product(&t, &token, org, a).await["status"], "active");
    // 1.00 + 25.00 as unmatched transfers, 100.00 as the top-up.
    let account = balance(&t, &token, org).await;
    let gained = kontor_domain::money::parse_minor(account["balance"]["amount"].as_str().unwrap()).unwrap()
        - kontor_domain::money::parse_minor(&before).unwrap();
    assert_eq!(gained, 100 + 2_500 + 10_000, "{account}");
    let kinds = t
        .texts("SELECT kind FROM prepaid_entries WHERE bank_transaction_id IS NOT NULL ORDER BY id")
        .await;
    assert_eq!(kinds, ["unmatched_transfer", "unmatched_transfer", "top_up"]);
    // The billing contact is told why, for each of the two.
    let mails: Vec<_> = t
        .mails_to(EMAIL)
        .await
        .into_iter()
        .filter(|m| m.subject == "Your transfer is on your prepaid account")
        .collect();
    assert_eq!(mails.len(), 2);
    assert!(mails.iter().any(|m| m.raw.contains("a different amount")));
    assert!(mails.iter().any(|m| m.raw.contains("standing order")));

    // The customer's ledger says where each transfer came from, by API and in the console.
    let from_bank = account["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["bank_transaction_id"].is_i64())
        .count();
    assert_eq!(from_bank, 3, "{account}");
    let mut b = t.browser();
    b.sign_in(EMAIL, kontor_testkit::PASSWORD).await;
    let page = b.get("/console/prepaid").await;
    assert!(
        page.text.contains("could not pay an invoice as it stood"),
        "{}",
        page.text
    );
    assert!(page.text.contains("data-testid=\"standing-order\""));
    // DUN-4: the reminders sent before change nothing; the invoice page shows the payment day.
    let inv_page = b.get(&format!("/console/invoices/{}", inv_a["id"])).await;
    assert!(
        inv_page.text.contains(&format!(
            "paid on {}",
            kontor_domain::locale::format_day(t.clock_now().date(), kontor_domain::Language::En)
        )),
        "{}",
        inv_page.text
    );

    // REC-2: the same file again changes nothing.
    let ledger = t.number("SELECT COUNT(*) FROM prepaid_entries").await;
    let payments = t.number("SELECT COUNT(*) FROM payments").await;
    let again = t.app.import_camt(&staff, "dec.xml", &xml).await.unwrap();
    assert_eq!(
        (again.known, again.paid, again.to_prepaid, again.unmatched),
        (8, 0, 0, 0),
        "{again:?}"
    );
    assert_eq!(t.number("SELECT COUNT(*) FROM prepaid_entries").await, ledger);
    assert_eq!(t.number("SELECT COUNT(*) FROM payments").await, payments);
    assert_eq!(t.number("SELECT COUNT(*) FROM bank_transactions").await, 8);
}

/// REC-1 at scale: exact payments each carried by one credit are paid together, inside the
/// database; what they write is what a payment by transfer writes one at a time.
#[tokio::test]
async fn rec_1_exact_payments_paid_together_write_the_payment_audit_events_and_dun_3_of_each() {
    let (t, token, org) = shop().await;
    let second = t.signed_up("second@example.ch").await;
    let shops = [(token, org), second];
    let mut ids = Vec::new();
    for ((token, org), name) in shops.iter().zip(["one.example", "two.example"]) {
        let p = prepaid_product(&t, token, *org, name).await;
        patch(&t, token, *org, p, json!({"renewal_warranty": true})).await;
        ids.push(p);
    }
    let exp = expiry(&product(&t, &shops[0].0, org, ids[0]).await);
    run_at(&t, exp + Duration::hours(1)).await;
    run_at(&t, exp + Duration::days(14 + 21)).await;
    let mut open = Vec::new();
    for ((token, org), p) in shops.iter().zip(&ids) {
        assert_eq!(product(&t, token, *org, *p).await["status"], "suspended");
        let all = invoices(&t, token, *org).await;
        open.extend(all.into_iter().filter(|i| i["status"] == "open"));
    }
    assert_eq!(open.len(), 2, "{open:?}");
    t.app
        .add_webhook_endpoint(
            "http://127.0.0.1:9/paid",
            &["payment.succeeded".to_owned(), "invoice.paid".to_owned()],
        )
        .await
        .unwrap();
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    let (refs, totals): (Vec<String>, Vec<String>) = open
        .iter()
        .map(|i| (s(&i["reference"]), s(&i["total"]["amount"])))
        .unzip();
    let pays: Vec<Pay<'_>> = (0..2)
        .map(|k| Pay {
            reference: &refs[k],
            amount: &totals[k],
            currency: "CHF",
            bank_ref: ["T-ONE", "T-TWO"][k],
        })
        .collect();
    let report = t
        .app
        .import_camt(&Actor::system(), "batch.xml", &notification(&[], &pays))
        .await
        .unwrap();
    assert_eq!(
        (report.paid, report.unmatched, report.to_prepaid),
        (2, 0, 0),
        "{report:?}"
    );

    for (((token, org), p), inv) in shops.iter().zip(&ids).zip(&open) {
        let now = invoices(&t, token, *org).await;
        let paid = now.iter().find(|i| i["id"] == inv["id"]).unwrap();
        assert_eq!(paid["status"], "paid");
        // DUN-3: the suspended product came back.
        assert_eq!(product(&t, token, *org, *p).await["status"], "active");
    }
    let payments = t
        .texts(
            "SELECT p.purpose || ' ' || p.status || ' ' || p.means || ' ' || p.amount_minor || ' ' || p.means_minor \
             || ' ' || p.prepaid_minor || ' ' || p.gateway_charge || CASE WHEN p.invoice_id = b.invoice_id AND p.organization_id = b.organization_id THEN ' same' ELSE ' other' END \
             FROM bank_transactions b JOIN payments p ON p.id = b.payment_id WHERE b.outcome = 'paid_invoice' ORDER BY b.id",
        )
        .await;
    let cents = |a: &str| kontor_domain::money::parse_minor(a).unwrap();
    let (a, b) = (cents(&totals[0]), cents(&totals[1]));
    assert_eq!(
        payments,
        [
            format!("invoice succeeded bank_transfer {a} {a} 0 bank:tx:T-ONE same"),
            format!("invoice succeeded bank_transfer {b} {b} 0 bank:tx:T-TWO same"),
        ]
    );
    let audit = t
        .texts("SELECT action || ' ' || target_kind || ' ' || details FROM audit_log \
             WHERE (action = 'payment.create' AND details LIKE '%bank_transfer=%') OR action = 'bank.match' ORDER BY id")
        .await;
    let number = |k: usize| s(&open[k]["number"]);
    let money = kontor_domain::money::format_minor;
    assert_eq!(
        audit,
        [
            format!(
                "payment.create payment invoice={} total={} prepaid=0.00 bank_transfer={}",
                number(0),
                money(a),
                money(a)
            ),
            format!(
                "payment.create payment invoice={} total={} prepaid=0.00 bank_transfer={}",
                number(1),
                money(b),
                money(b)
            ),
            format!(
                "bank.match bank_transaction outcome=paid_invoice CHF {} reference={}",
                money(a),
                refs[0]
            ),
            format!(
                "bank.match bank_transaction outcome=paid_invoice CHF {} reference={}",
                money(b),
                refs[1]
            ),
        ]
    );
    let orgs = t
        .number("SELECT COUNT(*) FROM audit_log \
             WHERE ((action = 'payment.create' AND details LIKE '%bank_transfer=%') OR action = 'bank.match') \
             AND organization_id IS NOT NULL")
        .await;
    assert_eq!(orgs, 4);
    // The events the endpoint listens to, one of each per payment.
    let mut events = t.texts("SELECT event_type FROM webhook_events ORDER BY id").await;
    events.retain(|e| e == "payment.succeeded" || e == "invoice.paid");
    assert_eq!(
        events,
        [
            "payment.succeeded",
            "invoice.paid",
            "payment.succeeded",
            "invoice.paid"
        ]
    );
    let payload = t
        .texts("SELECT payload FROM webhook_events WHERE event_type = 'invoice.paid' ORDER BY id")
        .await;
    let first: Value = serde_json::from_str(&payload[0]).unwrap();
    assert_eq!(first["data"]["number"], open[0]["number"]);
}

#[tokio::test]
async fn rec_2_a_camt_053_booking_what_a_camt_054_brought_adds_nothing() {
    let (t, token, org) = shop().await;
    let top = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/prepaid/top-ups"),
            Some(&token),
            Some(json!({"amount": "40.00", "means": "bank_transfer"})),
        )
        .await;
    let reference = top.json["data"]["reference"].as_str().unwrap().to_owned();
    let ntf = notification(
        &[],
        &[Pay {
            reference: &reference,
            amount: "40.00",
            currency: "CHF",
            bank_ref: "T-1",
        }],
    );
    let first = t.app.import_camt(&Actor::system(), "n.xml", &ntf).await.unwrap();
    assert_eq!(first.top_ups, 1);
    // The statement books the same entry (same bank reference), without transaction details.
    let stmt = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.04\"><BkToCstmrStmt><Stmt><Id>S</Id>\
        <Ntry><Amt Ccy=\"CHF\">40.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><AcctSvcrRef>E-BATCH</AcctSvcrRef></Ntry>\
        </Stmt></BkToCstmrStmt></Document>";
    let second = t.app.import_camt(&Actor::system(), "s.xml", stmt).await.unwrap();
    assert_eq!(
        (second.known, second.top_ups, second.unmatched),
        (1, 0, 0),
        "{second:?}"
    );
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "40.00");
}

#[tokio::test]
async fn rec_1_a_malformed_file_is_refused_whole_and_staff_without_the_role_cannot_import() {
    let (t, _, _) = shop().await;
    let broken = notification(
        &[],
        &[Pay {
            reference: "RF18539007547034",
            amount: "1.00",
            currency: "CHF",
            bank_ref: "T",
        }],
    )
    .replace("<CdtDbtInd>CRDT", "<CdtDbtInd>CREDIT");
    let e = t
        .app
        .import_camt(&Actor::system(), "bad.xml", &broken)
        .await
        .unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_statement");
    assert!(e.to_string().contains("bad.xml, line"), "{e}");
    assert_eq!(t.number("SELECT COUNT(*) FROM bank_imports").await, 0);
    assert_eq!(t.number("SELECT COUNT(*) FROM bank_transactions").await, 0);
    let customer = t
        .app
        .resolve_token(&t.token(EMAIL).await, kontor_app::Origin::default())
        .await
        .unwrap();
    let refused = t.app.import_camt(&customer, "x.xml", &broken).await.unwrap_err();
    assert_eq!(refused.code().as_str(), "not_found");
}

#[tokio::test]
async fn rec_1_staff_assign_one_unmatched_transfer_and_refund_another_as_a_valid_pain_001() {
    let (t, token, org) = shop().await;
    let unknown = kontor_domain::references::qr_reference(777_777);
    let xml = notification(
        &[
            Pay {
                reference: &unknown,
                amount: "12.00",
                currency: "CHF",
                bank_ref: "T-A",
            },
            Pay {
                reference: &unknown,
                amount: "8.50",
                currency: "CHF",
                bank_ref: "T-B",
            },
        ],
        &[],
    );
    t.app.import_camt(&Actor::system(), "q.xml", &xml).await.unwrap();
    let staff = Actor::system();
    let queue = t.app.unmatched_transactions(&staff).await.unwrap();
    assert_eq!(queue.len(), 2);
    let (a, b) = (queue[0].row.id, queue[1].row.id);

    let assigned = t.app.assign_transaction(&staff, a, org).await.unwrap();
    assert_eq!(assigned.outcome, "assigned");
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "12.00");
    let twice = t.app.assign_transaction(&staff, a, org).await.unwrap_err();
    assert_eq!(twice.code().as_str(), "transaction_decided");
    assert!(
        t.mails_to(EMAIL)
            .await
            .iter()
            .any(|m| m.raw.contains("Our staff matched it")),
        "the customer is told"
    );
    // The payer's IBAN is seen before now: the next transfer from it suggests that organization.
    let again = t.app.unmatched_transactions(&staff).await.unwrap();
    assert_eq!(
        again[0].suggestions.first().map(|s| (s.organization, s.why)),
        Some((org, "iban"))
    );

    let bad = t.app.mark_refund(&staff, b, "", "CH00 0000").await.unwrap_err();
    assert_eq!(bad.code().as_str(), "validation_failed");
    let marked = t.app.mark_refund(&staff, b, "", "").await.unwrap();
    assert_eq!(
        (marked.outcome.as_str(), marked.refund_iban.as_str()),
        ("refund", "CH9300762011623852957")
    );
    let file = t
        .app
        .export_refunds(&staff)
        .await
        .unwrap()
        .expect("one refund waits");
    assert_eq!(file.transactions, 1);
    assert!(file.xml.contains("<InstdAmt Ccy=\"CHF\">8.50</InstdAmt>"));
    assert!(
        t.app.export_refunds(&staff).await.unwrap().is_none(),
        "closed by the file"
    );
    let closed = t.texts("SELECT outcome FROM bank_transactions ORDER BY id").await;
    assert_eq!(closed, ["assigned", "refunded", "not_credit"]);

    // The file validates against the pain.001.001.09 schema.
    let path = t.mail_dir.with_file_name(format!("refunds-{}.xml", file.id));
    std::fs::write(&path, &file.xml).unwrap();
    let xsd = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pain.001.001.09.xsd");
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", xsd])
        .arg(&path)
        .output()
        .expect("xmllint (libxml2-utils) runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let audit = t
        .texts("SELECT action FROM audit_log WHERE action LIKE 'bank.%' ORDER BY id")
        .await;
    for action in ["bank.import", "bank.assign", "bank.refund", "bank.refunded"] {
        assert!(audit.contains(&action.to_owned()), "{action}: {audit:?}");
    }
}

#[tokio::test]
async fn rec_1_billing_staff_upload_a_statement_in_the_staff_console_and_work_the_queues() {
    let (t, token, org) = shop().await;
    let unknown = kontor_domain::references::qr_reference(555);
    let xml = notification(
        &[
            Pay {
                reference: &unknown,
                amount: "5.00",
                currency: "CHF",
                bank_ref: "T-C1",
            },
            Pay {
                reference: &unknown,
                amount: "6.00",
                currency: "CHF",
                bank_ref: "T-C2",
            },
        ],
        &[],
    );
    let mut support = crate::verification::staff_with_factor(&t, "sup@provider.ch", "support").await;
    assert_eq!(
        support.get("/staff/statements").await.status,
        StatusCode::FORBIDDEN
    );
    let mut billing = crate::verification::staff_with_factor(&t, "bill@provider.ch", "billing").await;
    let page = billing.get("/staff/statements").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let csrf = kontor_testkit::csrf_of(&page.text);
    let broken = billing
        .post_multipart("/staff/statements", &[("csrf", &csrf)], &[("file", b"<nope/>")])
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(broken.text.contains("not a camt Document"), "{}", broken.text);
    let done = billing
        .post_multipart(
            "/staff/statements",
            &[("csrf", &csrf)],
            &[("file", xml.as_bytes())],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let shown = billing.get(done.header("location")).await;
    assert_eq!(
        shown.text.matches("data-outcome=\"unmatched\"").count(),
        2,
        "{}",
        shown.text
    );

    let queue = billing.get("/staff/unmatched").await;
    assert_eq!(queue.text.matches("data-transaction=").count(), 2);
    let first = t.number("SELECT MIN(id) FROM bank_transactions").await;
    let assigned = billing
        .submit(
            "/staff/unmatched",
            &format!("/staff/unmatched/{first}"),
            &[("organization", &org.to_string())],
        )
        .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.text);
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "5.00");
    let second = first + 1;
    let marked = billing
        .submit(
            "/staff/unmatched",
            &format!("/staff/unmatched/{second}"),
            &[("decision", "refund")],
        )
        .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.text);
    let file = billing
        .submit("/staff/refunds", "/staff/refunds/export", &[])
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(
        file.header("content-disposition")
            .starts_with("attachment; filename=\"KONTOR-R-")
    );
    assert!(file.text.contains("pain.001.001.09"));
    let list = billing.get("/staff/refunds").await;
    assert!(list.text.contains(".xml</a>"), "{}", list.text);
    let by = t
        .texts("SELECT actor_kind FROM audit_log WHERE action = 'bank.assign'")
        .await;
    assert_eq!(by, ["staff"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rec_2_one_file_imported_twice_at_the_same_moment_credits_once() {
    let (t, token, org) = shop().await;
    let top = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/prepaid/top-ups"),
            Some(&token),
            Some(json!({"amount": "30.00", "means": "bank_transfer"})),
        )
        .await;
    let reference = top.json["data"]["reference"].as_str().unwrap().to_owned();
    let unknown = kontor_domain::references::qr_reference(31);
    let xml = notification(
        &[Pay {
            reference: &unknown,
            amount: "2.00",
            currency: "CHF",
            bank_ref: "T-U",
        }],
        &[Pay {
            reference: &reference,
            amount: "30.00",
            currency: "CHF",
            bank_ref: "T-P",
        }],
    );
    let staff = Actor::system();
    let (a, b) = tokio::join!(
        t.app.import_camt(&staff, "a.xml", &xml),
        t.app.import_camt(&staff, "b.xml", &xml)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.top_ups + b.top_ups, 1, "{a:?} {b:?}");
    assert_eq!(a.unmatched + b.unmatched, 1);
    assert_eq!(a.known + b.known, 3);
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "30.00");
    assert_eq!(t.number("SELECT COUNT(*) FROM bank_transactions").await, 3);
}

/// REC-2 at scale: two imports of one file of exact payments at the same moment pay each
/// invoice once — the chunk of the one that comes second finds its credits routed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rec_2_a_file_of_exact_payments_imported_twice_at_once_pays_each_invoice_once() {
    let (t, token, org) = shop().await;
    let mut open = Vec::new();
    for k in 0..3 {
        let (token, org) = if k == 0 {
            (token.clone(), org)
        } else {
            t.signed_up(&format!("client{k}@example.ch")).await
        };
        let p = prepaid_product(&t, &token, org, &format!("c{k}.example")).await;
        patch(&t, &token, org, p, json!({"renewal_warranty": true})).await;
        open.push((token, org, p));
    }
    let exp = expiry(&product(&t, &open[0].0, open[0].1, open[0].2).await);
    run_at(&t, exp + Duration::hours(1)).await;
    let mut refs = Vec::new();
    for (token, org, _) in &open {
        let inv = invoices(&t, token, *org).await;
        let inv = inv
            .iter()
            .find(|i| i["status"] == "open")
            .expect("an open invoice");
        refs.push((
            inv["reference"].as_str().unwrap().to_owned(),
            inv["total"]["amount"].as_str().unwrap().to_owned(),
        ));
    }
    let pays: Vec<Pay<'_>> = refs
        .iter()
        .zip(["T-A", "T-B", "T-C"])
        .map(|((reference, amount), bank_ref)| Pay {
            reference,
            amount,
            currency: "CHF",
            bank_ref,
        })
        .collect();
    let xml = notification(&[], &pays);
    let staff = Actor::system();
    let (a, b) = tokio::join!(
        t.app.import_camt(&staff, "a.xml", &xml),
        t.app.import_camt(&staff, "b.xml", &xml)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.paid + b.paid, 3, "{a:?} {b:?}");
    assert_eq!(a.known + b.known, 4, "{a:?} {b:?}");
    assert_eq!(
        t.number("SELECT COUNT(*) FROM payments WHERE means = 'bank_transfer'")
            .await,
        3
    );
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'bank.match'")
            .await,
        3
    );
    let outcomes = t
        .texts("SELECT outcome FROM bank_transactions WHERE credit ORDER BY id")
        .await;
    assert_eq!(outcomes, ["paid_invoice", "paid_invoice", "paid_invoice"]);
}

/// The hidden request key of the form posting to `action` on a staff ledger page.
fn request_key(html: &str, field: &str) -> String {
    html.split(&format!("name=\"{field}\" value=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn bil_6_billing_staff_adjust_and_refund_a_prepaid_balance_the_customer_told_and_the_refund_in_a_valid_pain_001()
 {
    let (t, token, org) = shop().await;
    let sql = format!("SELECT name FROM organizations WHERE id = {org}");
    let sql: &'static str = Box::leak(sql.into_boxed_str());
    let name = t.texts(sql).await[0].clone();
    let mut support = crate::verification::staff_with_factor(&t, "sup@provider.ch", "support").await;
    assert_eq!(support.get("/staff/ledger").await.status, StatusCode::FORBIDDEN);
    let mut billing = crate::verification::staff_with_factor(&t, "bill@provider.ch", "billing").await;
    let part: String = name.chars().skip(1).take(4).collect::<String>().to_uppercase();
    let found = billing
        .get(&format!("/staff/ledger?q={}", urlencode(&part)))
        .await;
    assert!(
        found.text.contains(&format!("/staff/ledger/{org}\"")),
        "{}",
        found.text
    );

    let path = format!("/staff/ledger/{org}");
    let page = billing.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let csrf = kontor_testkit::csrf_of(&page.text);
    let key = request_key(&page.text, "adjust_key");
    let fields = [
        ("csrf", csrf.as_str()),
        ("adjust_key", key.as_str()),
        ("amount", "50,00"),
        ("reason", "Goodwill for the outage of 3 January"),
    ];
    let done = billing.post(&format!("{path}/adjust"), &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert_eq!(done.header("location"), format!("{path}?done=adjustment"));
    // Sent again (a reload, a double click): posted once.
    let again = billing.post(&format!("{path}/adjust"), &fields).await;
    assert_eq!(again.header("location"), format!("{path}?done=repeated"));
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "50.00");

    // More than the balance holds: refused, nothing changes.
    let page = billing.get(&path).await;
    let over = billing
        .post(
            &format!("{path}/adjust"),
            &[
                ("csrf", csrf.as_str()),
                ("adjust_key", request_key(&page.text, "adjust_key").as_str()),
                ("amount", "-60.00"),
                ("reason", "Too much"),
            ],
        )
        .await;
    assert_eq!(over.status, StatusCode::CONFLICT, "{}", over.text);
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "50.00");

    let page = billing.get(&path).await;
    let refunded = billing
        .post(
            &format!("{path}/refund"),
            &[
                ("csrf", csrf.as_str()),
                ("refund_key", request_key(&page.text, "refund_key").as_str()),
                ("amount", "20.00"),
                ("name", "Anna Muster"),
                ("iban", "ch93 0076 2011 6238 5295 7"),
                ("reason", "Closing the account"),
            ],
        )
        .await;
    assert_eq!(refunded.status, StatusCode::SEE_OTHER, "{}", refunded.text);
    let shown = balance(&t, &token, org).await;
    assert_eq!(shown["balance"]["amount"], "30.00");
    let kinds: Vec<(&str, &str)> = shown["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap(),
                e["amount"]["amount"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(kinds, [("refund", "-20.00"), ("adjustment", "50.00")]);
    // The staff member's name, without the audit label's role.
    let staff = t
        .texts("SELECT name FROM staff WHERE email = 'bill@provider.ch'")
        .await;
    assert_eq!(shown["entries"][1]["staff"].as_str(), Some(staff[0].as_str()));
    assert_eq!(
        shown["entries"][1]["description"],
        "Goodwill for the outage of 3 January"
    );

    let mails = t.mails_to(EMAIL).await;
    let adjusted: Vec<_> = mails
        .iter()
        .filter(|m| m.raw.contains("adjusted your organization"))
        .collect();
    assert_eq!(adjusted.len(), 1, "told once");
    assert!(adjusted[0].raw.contains("CHF 50.00") && adjusted[0].raw.contains("Goodwill"));
    let told = mails
        .iter()
        .find(|m| m.raw.contains("refund CHF 20.00"))
        .expect("refund e-mail");
    assert!(
        told.raw.contains("CH93 ... 2957") && !told.raw.contains("CH9300762011623852957"),
        "IBAN masked"
    );

    // The customer's ledger says who made each entry.
    let mut customer = t.browser();
    customer.sign_in(EMAIL, kontor_testkit::PASSWORD).await;
    let ledger = customer.get("/console/prepaid").await;
    assert!(
        ledger.text.contains("A correction by our staff"),
        "{}",
        ledger.text
    );
    assert!(
        ledger
            .text
            .contains("Paid back to your bank account by our staff")
    );

    // The refund leaves in the refund file, with the transfers marked for refund.
    let list = billing.get("/staff/refunds").await;
    assert!(list.text.contains("data-prepaid-refund="), "{}", list.text);
    let file = t
        .app
        .export_refunds(&Actor::system())
        .await
        .unwrap()
        .expect("one refund waits");
    assert_eq!(file.transactions, 1);
    assert!(file.xml.contains("<InstdAmt Ccy=\"CHF\">20.00</InstdAmt>"));
    assert!(file.xml.contains("CH9300762011623852957"));
    assert!(
        t.app.export_refunds(&Actor::system()).await.unwrap().is_none(),
        "closed by the file"
    );
    let out_path = t
        .mail_dir
        .with_file_name(format!("prepaid-refunds-{}.xml", file.id));
    std::fs::write(&out_path, &file.xml).unwrap();
    let xsd = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pain.001.001.09.xsd");
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", xsd])
        .arg(&out_path)
        .output()
        .expect("xmllint (libxml2-utils) runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let audit = t
        .texts("SELECT action FROM audit_log WHERE action IN ('prepaid.adjustment', 'prepaid.refund', 'bank.refunded') ORDER BY id")
        .await;
    assert_eq!(audit, ["prepaid.adjustment", "prepaid.refund", "bank.refunded"]);
    let page = billing.get(&path).await;
    assert!(page.text.contains("in a refund file"), "{}", page.text);
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bil_6_a_staff_adjustment_sent_twenty_times_at_once_posts_once() {
    let (t, token, org) = shop().await;
    let input = kontor_app::reconciliation::ledger::StaffEntryInput {
        amount_minor: 1_234,
        reason: "Credit for the migration".into(),
        request_key: "a".repeat(32),
        ..Default::default()
    };
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (app, input) = (t.app.clone(), input.clone());
        tasks.push(tokio::spawn(async move {
            app.adjust_prepaid(&Actor::system(), org, &input).await
        }));
    }
    let mut ids = Vec::new();
    let mut fresh = 0;
    for task in tasks {
        let posted = task.await.unwrap().expect("every sender gets the entry");
        fresh += usize::from(!posted.repeated);
        ids.push(posted.entry.id);
    }
    assert_eq!(fresh, 1, "one of the twenty posted");
    ids.dedup();
    assert_eq!(ids.len(), 1, "all answer the same entry");
    assert_eq!(balance(&t, &token, org).await["balance"]["amount"], "12.34");
    assert_eq!(t.number("SELECT COUNT(*) FROM prepaid_entries").await, 1);
    assert_eq!(
        t.number("SELECT COUNT(*) FROM audit_log WHERE action = 'prepaid.adjustment'")
            .await,
        1
    );
    let told = t.mails_to(EMAIL).await;
    assert_eq!(
        told.iter()
            .filter(|m| m.raw.contains("adjusted your organization"))
            .count(),
        1
    );
    // An adjustment says why; a refund names the account holder. Refused, nothing posted.
    let mut why_not = input.clone();
    why_not.request_key = "b".repeat(32);
    why_not.reason = " ".into();
    let refused = t
        .app
        .adjust_prepaid(&Actor::system(), org, &why_not)
        .await
        .unwrap_err();
    assert_eq!(refused.code().as_str(), "validation_failed");
    why_not.iban = "CH9300762011623852957".into();
    let refused = t
        .app
        .refund_prepaid(&Actor::system(), org, &why_not)
        .await
        .unwrap_err();
    assert_eq!(refused.code().as_str(), "validation_failed");
    // A reason with a direction override, an amount past any balance's bound: refused too.
    let mut hidden = input.clone();
    hidden.request_key = "c".repeat(32);
    hidden.reason = "Credit \u{202E}tnuocca".into();
    let refused = t
        .app
        .adjust_prepaid(&Actor::system(), org, &hidden)
        .await
        .unwrap_err();
    assert_eq!(refused.code().as_str(), "validation_failed");
    hidden.reason = "Overflow".into();
    for amount in [i64::MAX, i64::MIN] {
        hidden.amount_minor = amount;
        let refused = t
            .app
            .adjust_prepaid(&Actor::system(), org, &hidden)
            .await
            .unwrap_err();
        assert_eq!(refused.code().as_str(), "validation_failed");
    }
    assert_eq!(t.number("SELECT COUNT(*) FROM prepaid_entries").await, 1);
    // The same key for another organization is refused, not answered with this one's entry.
    let (_, other) = t.signed_up("other@example.ch").await;
    let refused = t
        .app
        .adjust_prepaid(&Actor::system(), other, &input)
        .await
        .unwrap_err();
    assert_eq!(refused.code().as_str(), "validation_failed");
}
