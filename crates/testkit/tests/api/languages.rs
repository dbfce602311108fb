//! MSG-2 and issue 18 item 7: every console page, rendered in German, French, Italian and
//! Spanish, keeps no text of its English rendering — names, numbers, codes and the words the
//! languages share aside.

use http::{Method, StatusCode};
use kontor_testkit::PASSWORD;
use serde_json::json;

use crate::renewals::{EMAIL, shop};

/// The texts a reader sees: text between tags and the `title`, `placeholder` and
/// `aria-label` of elements, whitespace folded; scripts and styles left out.
fn texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let text = rest[..open].split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.push(text);
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close];
        for attr in ["title=\"", "placeholder=\"", "aria-label=\""] {
            if let Some(at) = tag.find(attr) {
                let value = &tag[at + attr.len()..];
                out.push(value[..value.find('"').unwrap_or(value.len())].to_owned());
            }
        }
        rest = &rest[open + close + 1..];
        for raw in ["<script", "<style"] {
            if tag.starts_with(raw) {
                let end = raw.replace('<', "</");
                rest = rest.find(&end).map_or("", |i| &rest[i..]);
            }
        }
    }
    out
}

/// Whether a text is words to translate: two letters in a row at least, and not a name, an
/// address, a code or a word every language here writes the same.
fn to_translate(text: &str, names: &[String]) -> bool {
    const SAME: [&str; 40] = [
        "Kontor",
        "Kontor ·",
        "API",
        "IBAN",
        "QR-IBAN",
        "PDF",
        "CSV",
        "VAT",
        "UTC",
        "Visa",
        "TWINT",
        "Mastercard",
        "PayPal",
        "Français",
        "Deutsch",
        "English",
        "Italiano",
        "Español",
        "Total",
        "Type",
        "Description",
        "Support",
        "Partner",
        "Code",
        "Options",
        "Chat",
        "Drive",
        "NAS",
        "Backup",
        "Web Starter",
        "Web Business",
        "Mail Basic",
        "Mail Pro",
        "Cloud-Server",
        "Status",
        "Organisation",
        "Workspace",
        "Premium",
        "Domain",
        "Information",
    ];
    const BRANDS: [&str; 2] = ["PostFinance Card", "PostFinance"];
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && !text.contains('@')
        && !text.starts_with("http")
        && !SAME.contains(&text)
        && !BRANDS.contains(&text)
        && (!text.contains('.') || text.contains(' '))
        && !names.iter().any(|n| text.contains(n.as_str()))
        && !text.chars().all(|c| !c.is_lowercase())
}

/// A word `lang` writes as English does (German `Name`, French `Total`).
fn cognate(lang: &str, text: &str) -> bool {
    let words: &[&str] = match lang {
        "de" => &[
            "Name",
            "Details",
            "Partner",
            "Status",
            "Support",
            "Plan",
            "Premium-Support",
            "Website",
        ],
        "fr" => &[
            "Total",
            "Type",
            "Description",
            "Support",
            "Options",
            "Code",
            "Message",
            "Organisation",
            "Date",
            "Menu",
            "Clients",
            "E-mail",
            "Sites",
            "Actions",
        ],
        "it" => &[
            "Partner",
            "Hosting",
            "Email",
            "Status",
            "Backup",
            "Team",
            "Web hosting",
            "Menu",
            "Account",
            "E-mail",
            "Password",
        ],
        "es" => &[
            "Total", "Partner", "Partners", "Hosting", "Email", "Status", "Backup", "Plan",
        ],
        _ => &[],
    };
    words.contains(&text)
}

#[tokio::test]
async fn msg_2_every_console_page_in_de_fr_it_es_keeps_no_english_text() {
    let (t, token, org) = shop().await;
    let product = t
        .active_product(&token, org, "web-starter", "sprachen.example")
        .await;
    let order = t.number("SELECT MAX(id) FROM orders").await;
    let invoice = t.number("SELECT MAX(id) FROM invoices").await;
    let pages = [
        "/console".to_owned(),
        "/console/products".to_owned(),
        "/console/products?window=all".to_owned(),
        format!("/console/products/{product}"),
        "/console/catalog".to_owned(),
        "/console/orders".to_owned(),
        format!("/console/orders/{order}"),
        "/console/invoices".to_owned(),
        format!("/console/invoices/{invoice}"),
        "/console/billing".to_owned(),
        "/console/prepaid".to_owned(),
        "/console/organization".to_owned(),
        "/console/members".to_owned(),
        "/console/workgroups".to_owned(),
        "/console/tokens".to_owned(),
        "/console/audit".to_owned(),
        "/console/profile".to_owned(),
        "/console/security".to_owned(),
        "/console/support-access".to_owned(),
        "/console/partners".to_owned(),
        "/console/partner".to_owned(),
        "/console/tenders".to_owned(),
        "/console/affiliate".to_owned(),
        "/console/premium-support".to_owned(),
    ];
    let mut names: Vec<String> = t
        .texts(
            "SELECT name FROM organizations UNION SELECT first_name FROM users UNION SELECT last_name FROM users \
             UNION SELECT name FROM products UNION SELECT number FROM invoices UNION SELECT name FROM api_tokens \
             UNION SELECT server_prefix FROM products WHERE server_prefix IS NOT NULL",
        )
        .await;
    let provider = &t.app.settings.creditor;
    names.extend([
        provider.name.clone(),
        provider.street.clone(),
        provider.city.clone(),
    ]);
    let set_language = |lang: &'static str| {
        let t = &t;
        let token = token.clone();
        async move {
            let r = t
                .api(
                    Method::PATCH,
                    "/1/profile",
                    Some(&token),
                    Some(json!({"language": lang})),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        }
    };
    let mut b = t.browser();
    b.sign_in(EMAIL, PASSWORD).await;
    let mut english = Vec::new();
    for page in &pages {
        let r = b.get(page).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        let mut words: Vec<String> = texts(&r.text)
            .into_iter()
            .filter(|w| to_translate(w, &names))
            .collect();
        words.sort();
        words.dedup();
        english.push(words);
    }
    let mut left = Vec::new();
    for lang in ["de", "fr", "it", "es"] {
        set_language(lang).await;
        let language = kontor_domain::Language::parse(lang).unwrap();
        // Names the language writes like English: countries, the catalogue's own names.
        let mut same: Vec<String> = kontor_domain::geo::countries(language)
            .into_iter()
            .map(|(_, name)| name.to_owned())
            .chain(kontor_domain::geo::time_zones().map(str::to_owned))
            .collect();
        for ty in &t.app.catalog().await.unwrap().types {
            for plan in ty.plans.iter().chain(&ty.storage) {
                let (name, description) = plan.texts(language);
                same.push(format!(": {name}"));
                same.extend([name, description]);
            }
        }
        for (page, en) in pages.iter().zip(&english) {
            let r = b.get(page).await;
            assert_eq!(r.status, StatusCode::OK, "{page} in {lang}");
            assert!(
                r.text.contains(&format!("<html lang=\"{lang}\"")),
                "{page} in {lang}"
            );
            for text in texts(&r.text) {
                if en.contains(&text) && !same.contains(&text) && !cognate(lang, &text) {
                    left.push(format!("{lang} {page}: {text}"));
                }
            }
        }
    }
    left.sort();
    left.dedup();
    assert!(
        left.is_empty(),
        "{} English texts left:\n{}",
        left.len(),
        left.join("\n")
    );
}
