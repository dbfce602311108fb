//! Invoices and pro-formas as PDF (BIL-2, BIL-3) checked the way a payer's bank app reads them:
//! the page rendered with `pdftoppm`, the QR code decoded with `zbarimg`, the text read with
//! `pdftotext` (Debian `poppler-utils` and `zbar-tools`, installed by `.ci/run`); and the CSV
//! export (BIL-11).

use std::path::Path;
use std::process::Command;

use http::{Method, StatusCode};
use kontor_domain::references::mod10_recursive;
use serde_json::{Value, json};

use super::renewals::{expiry, invoices, patch, prepaid_product, product, run_at, shop};

fn tool(name: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (Debian poppler-utils / zbar-tools): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Writes the PDF next to the build (for looking at it) and returns its path.
fn save(pdf: &[u8], name: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("documents");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    path.to_string_lossy().into_owned()
}

/// The QR code of the last page's payment part, decoded: its lines.
fn qr_lines(pdf_path: &str) -> Vec<String> {
    let png = pdf_path.replace(".pdf", "");
    tool(
        "pdftoppm",
        &["-r", "150", "-png", "-singlefile", "-l", "99", pdf_path, &png],
    );
    let raw = tool("zbarimg", &["-q", "--raw", "-Sbinary", &format!("{png}.png")]);
    String::from_utf8(raw)
        .unwrap()
        .trim_end()
        .split('\n')
        .map(|l| l.trim_end_matches('\r').to_owned())
        .collect()
}

fn text_of(pdf_path: &str) -> String {
    String::from_utf8(tool("pdftotext", &["-layout", pdf_path, "-"])).unwrap()
}

async fn pdf(t: &kontor_testkit::TestApp, token: &str, path: &str) -> Vec<u8> {
    let r = t.api(Method::GET, path, Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.headers["content-type"], "application/pdf");
    assert!(r.bytes.starts_with(b"%PDF-"));
    r.bytes
}

#[tokio::test]
async fn bil_3_open_chf_invoice_qr_decodes_to_its_amount_currency_qr_iban_and_reference() {
    let (t, token, org) = shop().await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/billing-addresses"),
            Some(&token),
            Some(
                json!({"name": "Chloé Rüegg", "street": "Rue du Lac", "building_number": "12",
                "postal_code": "1207", "city": "Genève", "country": "CH", "is_default": true}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = prepaid_product(&t, &token, org, "qr.example").await;
    patch(&t, &token, org, id, json!({"renewal_warranty": true})).await;
    run_at(&t, expiry(&product(&t, &token, org, id).await)).await;
    let inv: Value = invoices(&t, &token, org)
        .await
        .into_iter()
        .find(|i| i["status"] == "open")
        .expect("REN-5: the warranty invoice");
    let path = save(
        &pdf(
            &t,
            &token,
            &format!("/1/organizations/{org}/invoices/{}/pdf", inv["id"]),
        )
        .await,
        "open-invoice",
    );
    let q = qr_lines(&path);
    assert_eq!(q.len(), 31, "{q:?}");
    assert_eq!(&q[..3], ["SPC", "0200", "1"]);
    assert_eq!(q[3], t.app.settings.creditor.qr_iban, "QR-IBAN");
    assert!(kontor_domain::qrbill::is_qr_iban(&q[3]));
    assert_eq!(q[18], inv["total"]["amount"].as_str().unwrap(), "amount");
    assert_eq!(q[19], "CHF");
    assert_eq!(
        &q[20..27],
        ["S", "Chloé Rüegg", "Rue du Lac", "12", "1207", "Genève", "CH"],
        "debtor"
    );
    assert_eq!(q[27], "QRR");
    assert_eq!(q[28], inv["reference"].as_str().unwrap());
    let (body, check) = q[28].split_at(26);
    assert_eq!(
        mod10_recursive(body).map(|d| d.to_string()).as_deref(),
        Some(check),
        "BIL-9: check digit"
    );
    assert_eq!(q[30], "EPD");
    let text = text_of(&path);
    for needle in [
        "Invoice",
        inv["number"].as_str().unwrap(),
        "Receipt",
        "Payment part",
        "Account / Payable to",
        "excluding VAT",
        "VAT 8.1 %",
        inv["due_date"].as_str().unwrap(),
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

#[tokio::test]
async fn msg_2_an_invoice_is_written_in_its_customers_language_at_issue_and_stays_so() {
    let t = kontor_testkit::spawn_app().await;
    t.demo_catalog().await;
    let r = t
        .api(Method::POST, "/1/signup", None, Some(json!({"email": "hans@example.ch", "password": kontor_testkit::PASSWORD,
            "first_name": "Hans", "last_name": "Muster", "kind": "company", "company_name": "Muster AG", "country": "CH", "language": "de"})))
        .await;
    let org = r.json["data"]["organization"]["id"].as_i64().unwrap();
    let token = t.token("hans@example.ch").await;
    let items = json!([
        {"plan": "web-business", "period_months": 12, "name": "shop"},
        {"plan": "domain-ch", "period_months": 12, "name": "muster.ch"}
    ]);
    let order = t.order(&token, org, items).await;
    t.pay_by_card(&token, org, order["id"].as_i64().unwrap()).await;
    let inv = t
        .get(&format!("/1/organizations/{org}/invoices"), &token)
        .await
        .json["data"][0]
        .clone();
    assert_eq!(inv["language"], "de");
    let one = t
        .get(&format!("/1/organizations/{org}/invoices/{}", inv["id"]), &token)
        .await;
    let lines: Vec<String> = one.json["data"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["description"].as_str().unwrap().to_owned())
        .collect();
    assert!(lines.iter().all(|l| l.contains("12 Monate")), "{lines:?}");
    assert!(lines.iter().all(|l| !l.contains("months")), "{lines:?}");
    // Hans switches his profile to English: the issued invoice does not change.
    let patched = t
        .api(
            Method::PATCH,
            "/1/profile",
            Some(&token),
            Some(json!({"language": "en"})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    let de = save(
        &pdf(
            &t,
            &token,
            &format!("/1/organizations/{org}/invoices/{}/pdf", inv["id"]),
        )
        .await,
        "invoice-de",
    );
    let text = text_of(&de);
    assert!(
        text.contains("Rechnungsnummer") && text.contains("Bezahlt"),
        "{text}"
    );
    assert!(text.contains("12 Monate") && !text.contains("months"), "{text}");
}

/// MSG-2: a period of one month reads "1 month" (singular) in every language.
#[test]
fn msg_2_one_month_is_singular_in_every_language() {
    use kontor_app::platform::i18n::t_with;
    use kontor_domain::Language;
    let args = [("plan", "Web".to_owned()), ("name", "x".to_owned())];
    for (lang, one, twelve) in [
        (Language::En, "1 month", "12 months"),
        (Language::De, "1 Monat", "12 Monate"),
        (Language::Fr, "1 mois", "12 mois"),
        (Language::It, "1 mese", "12 mesi"),
        (Language::Es, "1 mes", "12 meses"),
    ] {
        let a = t_with(lang, "line-new", &args, &[("months", 1)]);
        assert!(a.ends_with(one), "{lang:?}: {a}");
        let b = t_with(lang, "line-new", &args, &[("months", 12)]);
        assert!(b.ends_with(twelve), "{lang:?}: {b}");
    }
}

#[tokio::test]
async fn bil_2_proforma_of_a_pending_selection_carries_the_reference_its_invoice_will_carry() {
    let (t, token, org) = shop().await;
    let id = prepaid_product(&t, &token, org, "proforma.example").await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/proformas"),
            Some(&token),
            Some(json!({"product_ids": [id]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let order = r.json["data"].clone();
    let path = save(
        &pdf(
            &t,
            &token,
            &format!("/1/organizations/{org}/orders/{}/proforma", order["id"]),
        )
        .await,
        "proforma",
    );
    let q = qr_lines(&path);
    assert_eq!(q[28], order["reference"].as_str().unwrap());
    assert_eq!(q[18], order["total"]["amount"].as_str().unwrap());
    assert!(text_of(&path).contains("Pro-forma invoice"));
    // MSG-2: a pro-forma is made when asked for, in the reader's language, lines included.
    let de = save(
        &pdf(
            &t,
            &token,
            &format!("/1/organizations/{org}/orders/{}/proforma?lang=de", order["id"]),
        )
        .await,
        "proforma-de",
    );
    let text = text_of(&de);
    assert!(text.contains("Verlängerung um 12 Monate"), "{text}");
    assert!(!text.contains("months"), "{text}");
    // Paid, it is no longer a pro-forma: its invoice is.
    let minor = kontor_domain::money::parse_minor(order["total"]["amount"].as_str().unwrap()).unwrap();
    t.app
        .record_transfer(order["reference"].as_str().unwrap(), minor, None)
        .await
        .unwrap();
    let r = t
        .api(
            Method::GET,
            &format!("/1/organizations/{org}/orders/{}/proforma", order["id"]),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "order_not_pending");
    let paid = &invoices(&t, &token, org).await[0];
    let path = save(
        &pdf(
            &t,
            &token,
            &format!("/1/organizations/{org}/invoices/{}/pdf", paid["id"]),
        )
        .await,
        "paid-invoice",
    );
    let text = text_of(&path);
    assert!(text.contains("Paid on"), "{text}");
    assert!(
        !text.contains("Payment part"),
        "a paid invoice has no payment slip"
    );
}

#[tokio::test]
async fn bil_3_eur_invoice_names_iban_and_rf_reference_with_the_reverse_charge_mention() {
    let t = kontor_testkit::spawn_app().await;
    t.demo_catalog().await;
    let r = t
        .api(Method::POST, "/1/signup", None, Some(json!({"email": "eu@example.de", "password": kontor_testkit::PASSWORD,
            "first_name": "E", "last_name": "U", "kind": "company", "company_name": "Łódź Müller GmbH", "country": "DE",
            "language": "de"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let org = r.json["data"]["organization"]["id"].as_i64().unwrap();
    let token = t.token("eu@example.de").await;
    let r = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}"),
            Some(&token),
            Some(json!({"vat_number": "DE123456789"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let o = t
        .order(
            &token,
            org,
            json!([{"plan": "web-business", "period_months": 12, "name": "eu"}]),
        )
        .await;
    let path = save(
        &pdf(
            &t,
            &token,
            &format!("/1/organizations/{org}/orders/{}/proforma?lang=en", o["id"]),
        )
        .await,
        "proforma-eur",
    );
    let text = text_of(&path);
    let reference = kontor_domain::references::grouped(o["reference"].as_str().unwrap());
    assert!(reference.starts_with("RF"));
    for needle in [
        "IBAN CH93 0076 2011 6238 5295 7",
        reference.as_str(),
        "reverse charge",
        "Łódź Müller GmbH",
        "VAT 0 %",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    assert!(!text.contains("Payment part"), "no QR-bill for EUR");
}

#[tokio::test]
async fn bil_11_invoices_export_as_csv_for_a_period_with_formulas_neutralised() {
    let (t, token, org) = shop().await;
    let r = t
        .api(
            Method::POST,
            &format!("/1/organizations/{org}/billing-addresses"),
            Some(&token),
            Some(
                json!({"name": "=HYPERLINK(\"http://x\")", "street": "Weg", "building_number": "1",
                "postal_code": "8000", "city": "Zürich", "country": "CH", "is_default": true}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    prepaid_product(&t, &token, org, "csv.example").await;
    let all = invoices(&t, &token, org).await;
    let today = all[0]["issued_at"].as_str().unwrap()[..10].to_owned();
    let r = t
        .api(
            Method::GET,
            &format!("/1/organizations/{org}/invoices/export?from={today}&until={today}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = r.text.lines().collect();
    assert!(lines[0].starts_with("number,issued,due_date,status"));
    assert_eq!(lines.len(), 1 + all.len());
    assert!(
        r.text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "the formula is neutralised: {}",
        r.text
    );
    assert!(r.text.contains(all[0]["number"].as_str().unwrap()));
    // Another period holds none of them.
    let r = t
        .api(
            Method::GET,
            &format!("/1/organizations/{org}/invoices/export?from=2001-01-01&until=2001-12-31"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.text.lines().count(), 1, "only the header");
    let bad = t
        .api(
            Method::GET,
            &format!("/1/organizations/{org}/invoices/export?status=lost"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// Every word `pdftotext -bbox` finds on the last page: (x min, y min, x max, y max) in points.
fn words_of(pdf_path: &str) -> Vec<(f32, f32, f32, f32, String)> {
    let html = String::from_utf8(tool("pdftotext", &["-bbox", pdf_path, "-"])).unwrap();
    let last = html.rsplit("<page ").next().unwrap_or_default();
    let attr = |w: &str, name: &str| -> f32 {
        let at = w.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        w[at..].split('"').next().unwrap().parse().unwrap()
    };
    last.split("<word ")
        .skip(1)
        .map(|w| {
            let text = w
                .split('>')
                .nth(1)
                .unwrap_or_default()
                .split('<')
                .next()
                .unwrap_or_default();
            (
                attr(w, "xMin"),
                attr(w, "yMin"),
                attr(w, "xMax"),
                attr(w, "yMax"),
                text.to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn bil_3_a_long_company_name_and_street_stay_inside_their_sections_and_the_qr_still_decodes() {
    let t = kontor_testkit::spawn_app().await;
    t.demo_catalog().await;
    let name =
        "Gebrüder Müller-Hinterberger Sanitär- und Heizungstechnik Aktiengesellschaft Zweigniederlassung Ost";
    let street = "Obere Bahnhofstrasse beim alten Güterschuppen hinter dem Stellwerk";
    let r = t
        .api(Method::POST, "/1/signup", None, Some(json!({"email": "gm@example.ch", "password": kontor_testkit::PASSWORD,
            "first_name": "Gerd", "last_name": "Müller", "kind": "company", "company_name": name, "country": "CH", "language": "de"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let org = r.json["data"]["organization"]["id"].as_i64().unwrap();
    let token = t.token("gm@example.ch").await;
    let patched = t
        .api(
            Method::PATCH,
            &format!("/1/organizations/{org}"),
            Some(&token),
            Some(
                json!({"street": street, "building_number": "117b", "postal_code": "8001", "city": "Zürich"}),
            ),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    let order = t
        .order(
            &token,
            org,
            json!([{"plan": "domain-ch", "period_months": 12, "name": "gm.ch"}]),
        )
        .await;
    let path = save(
        &pdf(
            &t,
            &token,
            &format!("/1/organizations/{org}/orders/{}/proforma", order["id"]),
        )
        .await,
        "long-names",
    );
    // The QR code decodes, with the debtor cut to the standard's 70 characters, not dropped.
    let q = qr_lines(&path);
    assert_eq!(q[20], "S");
    assert_eq!(q[21], name.chars().take(70).collect::<String>().trim_end());
    assert_eq!(q[22], street);
    assert_eq!(q[23], "117b", "the structured address has its building number");
    // Every word stays inside its section: the receipt left of the 62 mm perforation, the
    // payment part and the address window inside the page.
    let mm = 72.0 / 25.4;
    let slip_top = (297.0 - 105.0) * mm;
    let words = words_of(&path);
    assert!(words.iter().any(|w| w.4 == "Gebrüder"), "{words:?}");
    for (x0, y0, x1, _, text) in &words {
        assert!(
            *x1 <= 205.0 * mm + 0.5,
            "{text:?} runs past the page's margin ({x1} pt)"
        );
        if *y0 > slip_top && *x0 < 62.0 * mm {
            assert!(
                *x1 <= 62.0 * mm,
                "{text:?} crosses the receipt's perforation ({x1} pt)"
            );
        }
    }
}
