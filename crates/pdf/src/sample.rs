//! An example invoice: the tests' fixture, the benchmark's input (`cargo bench -p kontor-pdf`)
//! and a document to look at.

use kontor_domain::qrbill::{Address, QrBill, Reference};
use kontor_domain::references::qr_reference;

use crate::{Headers, Invoice, Line, PaymentPart, Provider, SlipLabels, Total};

/// A CHF invoice of `lines` lines with its QR-bill slip, in English.
#[allow(
    clippy::too_many_lines,
    reason = "the sample invoice is data: every field of a full invoice"
)]
pub fn invoice(lines: usize) -> Invoice {
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
