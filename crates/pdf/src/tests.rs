use kontor_domain::qrbill::Reference;

use super::sample::invoice as sample;
use super::*;

#[test]
fn bil_3_short_invoice_fits_one_page_with_its_slip() {
    let pages = layout(&sample(3));
    assert_eq!(pages.len(), 1);
    let pdf = render(&sample(3)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn bil_3_long_invoice_flows_onto_more_pages_and_ends_with_the_slip() {
    let doc = sample(80);
    let pages = layout(&doc);
    assert!(pages.len() >= 3, "{}", pages.len());
    // Every line is drawn exactly once, and nothing but the slip goes below the slip's top.
    let drawn: usize = pages
        .iter()
        .flatten()
        .filter(|op| matches!(op, Op::Text { text, .. } if text.starts_with("Web hosting")))
        .count();
    assert_eq!(drawn, 80);
    let last = pages.last().unwrap();
    assert!(
        last.iter()
            .all(|op| !matches!(op, Op::Text { y, .. } if *y > PAGE_H - SLIP_H - 2.0)),
        "content reaches into the slip"
    );
    assert!(render(&doc).is_ok());
}

#[test]
fn bil_3_invalid_payment_data_is_refused_not_drawn() {
    let mut doc = sample(1);
    if let Some(p) = &mut doc.payment {
        p.bill.reference = Reference::Qrr("123".into());
    }
    assert!(matches!(render(&doc), Err(PdfError::QrBill(_))));
}
