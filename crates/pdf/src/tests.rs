use kontor_domain::qrbill::{Address, QrBill, Reference};
use kontor_domain::references::qr_reference;

use super::*;

pub(crate) fn sample(lines: usize) -> Invoice {
    let labels = SlipLabels {
        receipt: "Receipt".into(),
        payment_part: "Payment part".into(),
        account: "Account / Payable to".into(),
        reference: "Reference".into(),
        additional_information: "Additional information".into(),
        payable_by: "Payable by".into(),
        payable_by_blank: "Payable by (name/address)".into(),
        currency: "Currency".into(),
        amount: "Amount".into(),
        acceptance_point: "Acceptance point".into(),
        separate: "Separate before paying in".into(),
    };
    Invoice {
        title: "Invoice 2026-000042".into(),
        provider: Provider {
            name: "Kontor Hosting AG".into(),
            lines: vec!["Bahnhofstrasse 1".into(), "8001 Zürich".into()],
            vat_line: "VAT CHE-123.456.789".into(),
            logo_png: None,
        },
        recipient: vec![
            "Łukasz Müller GmbH".into(),
            "Rue du Lac 12".into(),
            "1207 Genève".into(),
        ],
        facts: vec![("Due date".into(), "2026-12-06".into())],
        headers: Headers {
            description: "Description".into(),
            quantity: "Qty".into(),
            unit_price: "Unit price".into(),
            amount: "Amount".into(),
        },
        lines: (0..lines)
            .map(|i| Line {
                description: format!(
                    "Web hosting Business for shop{i}.example.ch, 12 months until 2027-12-06"
                ),
                quantity: "1".into(),
                unit_price: "120.00".into(),
                amount: "120.00".into(),
            })
            .collect(),
        totals: vec![Total {
            label: "Total CHF".into(),
            amount: "129.70".into(),
            strong: true,
        }],
        notes: vec!["Prices excl. VAT.".into()],
        page_label: "Page".into(),
        payment: Some(PaymentPart {
            bill: QrBill {
                account: "CH44 3199 9123 0008 8901 2".into(),
                creditor: Address {
                    name: "Kontor Hosting AG".into(),
                    street: "Bahnhofstrasse".into(),
                    building_number: "1".into(),
                    postal_code: "8001".into(),
                    town: "Zürich".into(),
                    country: "CH".into(),
                },
                amount_minor: Some(12_970),
                currency: "CHF".into(),
                debtor: None,
                reference: Reference::Qrr(qr_reference(42)),
                message: "Invoice 2026-000042".into(),
            },
            labels,
        }),
    }
}

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

/// Writes the sample to `target/sample-invoice.pdf` for looking at it (`pdftoppm`).
#[test]
fn sample_invoice_written_for_inspection() {
    let pdf = render(&sample(3)).unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/sample-invoice.pdf");
    std::fs::write(path, pdf).unwrap();
}
