//! Invoices and pro-formas as PDF (BIL-2, BIL-3): the stored invoice (or the pending order)
//! turned into a [`kontor_pdf::Invoice`] in the reader's language, with the provider from the
//! configuration, and the payment part: a Swiss QR-bill for CHF, the IBAN and RF reference in
//! the notes for EUR. Paid invoices carry no payment part.

use kontor_domain::account::Language;
use kontor_domain::qrbill::{self, QrBill, Reference};
use kontor_domain::references::grouped;
use kontor_domain::{InvoiceStatus, OrderStatus, OrgId, Percent};
use kontor_pdf::{Headers, Line, PaymentPart, Provider, SlipLabels, Total};
use kontor_store::at;
use kontor_store::billing::addresses::AddressRow;
use kontor_store::billing::invoices as invoice_repo;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::billing::invoices::describe_items;
use crate::platform::actor::Actor;
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::{t, t_args};
use kontor_domain::locale::{format_amount, format_day, format_money};

/// What a document is made of, whether it is an invoice or a pro-forma.
struct Draft {
    title: String,
    facts: Vec<(String, String)>,
    currency: String,
    lines: Vec<Line>,
    subtotal: i64,
    vat_rate_bp: i64,
    vat: i64,
    total: i64,
    reverse_charge: bool,
    reference: String,
    bill: AddressRow,
    /// `Some(note)` when nothing is to be paid (paid, credited, a credit note): no payment
    /// part, this note instead.
    settled: Option<String>,
    /// Text in the payment part's "additional information".
    message: String,
}

fn money(currency: &str, minor: i64, lang: Language) -> String {
    format_money(minor, currency, lang)
}

/// Subtotal, VAT and total, as the document prints them.
fn totals(d: &Draft, lang: Language) -> Vec<Total> {
    let cur = &d.currency;
    let line = |label: String, amount: i64, strong: bool| Total {
        label,
        amount: money(cur, amount, lang),
        strong,
    };
    let rate = Percent(d.vat_rate_bp).to_decimal();
    vec![
        line(t(lang, "pdf-subtotal"), d.subtotal, false),
        line(t_args(lang, "pdf-vat", &[("rate", rate)]), d.vat, false),
        line(t(lang, "pdf-total"), d.total, true),
    ]
}

impl App {
    /// BIL-3: the invoice `id` as an A4 PDF, in the language it was issued in (MSG-2: an issued
    /// invoice reads the same for everyone, always).
    pub async fn invoice_pdf(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<Vec<u8>> {
        let inv = self.get_invoice(actor, org, id).await?;
        let r = inv.row;
        let lang = Language::parse(&r.language).unwrap_or_default();
        let issued = format_day(at(r.issued_at).date(), lang);
        let number_label = if r.kind == "credit_note" {
            "pdf-credit-note-number"
        } else {
            "pdf-number"
        };
        let mut facts = vec![
            (t(lang, number_label), r.number.clone()),
            (t(lang, "pdf-issued"), issued),
        ];
        let (title, settled) = self.heading(org, &r, lang, &mut facts).await?;
        let lines = inv
            .lines
            .iter()
            .map(|l| Line {
                description: l.description.clone(),
                quantity: l.quantity.to_string(),
                unit_price: format_amount(l.unit_minor, &r.currency, lang),
                amount: format_amount(l.amount_minor, &r.currency, lang),
            })
            .collect();
        let draft = Draft {
            title: format!("{title} {}", r.number),
            facts,
            currency: r.currency.clone(),
            lines,
            subtotal: r.subtotal_minor,
            vat_rate_bp: r.vat_rate_bp,
            vat: r.vat_minor,
            total: r.total_minor,
            reverse_charge: r.reverse_charge,
            reference: r.reference.clone(),
            bill: AddressRow {
                id: 0,
                organization_id: r.organization_id,
                name: r.bill_name,
                street: r.bill_street,
                building_number: r.bill_building_number,
                postal_code: r.bill_postal_code,
                city: r.bill_city,
                country: r.bill_country,
                vat_number: r.bill_vat_number,
                email: String::new(),
                is_default: false,
            },
            settled,
            message: format!("{} {}", t(lang, "pdf-invoice"), r.number),
        };
        self.render_pdf(draft, lang)
    }

    /// An issued document's title and, when nothing is to be paid, the note that replaces the
    /// payment part: a credit note names the invoice it credits; a credited invoice its credit
    /// note; a paid one its date. Adds the facts that go with it.
    async fn heading(
        &self,
        org: OrgId,
        r: &kontor_store::billing::invoices::InvoiceRow,
        lang: Language,
        facts: &mut Vec<(String, String)>,
    ) -> AppResult<(String, Option<String>)> {
        let mut c = self.read().await?;
        let heading = if r.kind == "credit_note" {
            let credited = match r.credits_invoice_id {
                Some(of) => invoice_repo::find_invoice(&mut c, org.0, of)
                    .await?
                    .map(|o| o.number)
                    .unwrap_or_default(),
                None => String::new(),
            };
            facts.push((t(lang, "pdf-credits"), credited.clone()));
            let note = t_args(lang, "pdf-credit-note-note", &[("number", credited)]);
            (t(lang, "pdf-credit-note"), Some(note))
        } else {
            if r.status == InvoiceStatus::Open {
                facts.push((t(lang, "pdf-due"), r.due_date.clone()));
            }
            facts.push((t(lang, "pdf-reference"), grouped(&r.reference)));
            let settled = match (r.status, r.paid_at) {
                (InvoiceStatus::Credited, _) => {
                    let by = invoice_repo::find_credit_note_of(&mut c, r.id)
                        .await?
                        .map(|n| n.number)
                        .unwrap_or_default();
                    Some(t_args(lang, "pdf-credited-by", &[("number", by)]))
                }
                (_, Some(p)) => Some(t_args(
                    lang,
                    "pdf-paid-on",
                    &[("date", format_day(at(p).date(), lang))],
                )),
                _ => None,
            };
            (t(lang, "pdf-invoice"), settled)
        };
        Ok(heading)
    }

    /// BIL-2: the pro-forma of the pending order `id` (a renewal selection or a new order),
    /// carrying the payment reference its invoice will carry.
    pub async fn proforma_pdf(
        &self,
        actor: &Actor,
        org: OrgId,
        id: i64,
        lang: Language,
    ) -> AppResult<Vec<u8>> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::BillingRead, Resource::Organization(&facts))?;
        let order = self.load_order(org, id).await?;
        if order.row.status != OrderStatus::Pending {
            return Err(AppError::new(crate::platform::error::ErrorCode::OrderNotPending));
        }
        let now = self.now_ts();
        let mut c = self.read().await?;
        let org_row = self.org_row(&mut c, org).await?;
        let bill = self
            .bill_to(&mut c, &org_row, order.row.billing_address_id)
            .await?;
        let texts = describe_items(&mut c, &order.items, now, lang).await?;
        drop(c);
        let r = &order.row;
        let reference = r.reference.clone().unwrap_or_default();
        let lines = order
            .items
            .iter()
            .zip(texts)
            .map(|(i, description)| Line {
                description,
                quantity: "1".to_owned(),
                unit_price: format_amount(i.unit_minor, &r.currency, lang),
                amount: format_amount(i.amount_minor, &r.currency, lang),
            })
            .collect();
        let draft = Draft {
            title: t(lang, "pdf-proforma"),
            facts: vec![
                (t(lang, "pdf-order"), id.to_string()),
                (t(lang, "pdf-issued"), format_day(at(now).date(), lang)),
                (t(lang, "pdf-reference"), grouped(&reference)),
            ],
            currency: r.currency.clone(),
            lines,
            subtotal: r.subtotal_minor,
            vat_rate_bp: r.vat_rate_bp,
            vat: r.vat_minor,
            total: r.total_minor,
            reverse_charge: r.reverse_charge,
            reference,
            bill,
            settled: None,
            message: format!("{} {id}", t(lang, "pdf-order")),
        };
        self.render_pdf(draft, lang)
    }

    fn provider(&self, lang: Language) -> Provider {
        let c = &self.settings.creditor;
        Provider {
            name: c.name.clone(),
            lines: vec![
                format!("{} {}", c.street, c.building_number).trim().to_owned(),
                format!("{} {}", c.postal_code, c.city).trim().to_owned(),
            ],
            vat_line: if c.vat_number.is_empty() {
                String::new()
            } else {
                format!("{} {}", t(lang, "pdf-provider-vat"), c.vat_number)
            },
            logo_png: c.logo_png.clone(),
        }
    }

    /// The bill-to block: name, street and number, postal code and town, and the country when
    /// it is not the provider's.
    fn recipient(&self, d: &Draft) -> Vec<String> {
        let b = &d.bill;
        let mut lines = vec![
            b.name.clone(),
            format!("{} {}", b.street, b.building_number).trim().to_owned(),
            format!("{} {}", b.postal_code, b.city).trim().to_owned(),
        ];
        if b.country != self.settings.creditor.country {
            lines.push(b.country.clone());
        }
        lines
    }

    fn render_pdf(&self, d: Draft, lang: Language) -> AppResult<Vec<u8>> {
        let cur = &d.currency;
        let recipient = self.recipient(&d);
        let mut facts = d.facts.clone();
        if !d.bill.vat_number.is_empty() {
            facts.push((t(lang, "pdf-customer-vat"), d.bill.vat_number.clone()));
        }
        let totals = totals(&d, lang);
        let mut notes = vec![t(lang, "pdf-prices-excl-vat")];
        if d.reverse_charge {
            notes.push(t(lang, "pdf-reverse-charge"));
        }
        let mut payment = None;
        match &d.settled {
            Some(note) => notes.push(note.clone()),
            None if cur == "CHF" => {
                notes.push(t(lang, "pdf-pay-chf"));
                payment = Some(PaymentPart {
                    bill: self.qr_bill(&d),
                    labels: slip_labels(lang),
                });
            }
            None => notes.push(t_args(
                lang,
                "pdf-pay-eur",
                &[
                    ("amount", money(cur, d.total, lang)),
                    ("iban", qrbill::grouped_iban(&self.settings.creditor.iban)),
                    ("name", self.settings.creditor.name.clone()),
                    ("reference", grouped(&d.reference)),
                ],
            )),
        }
        let doc = kontor_pdf::Invoice {
            title: d.title.clone(),
            provider: self.provider(lang),
            recipient,
            facts,
            headers: Headers {
                description: t(lang, "pdf-description"),
                quantity: t(lang, "pdf-quantity"),
                unit_price: t(lang, "pdf-unit-price"),
                amount: t_args(lang, "pdf-amount", &[("currency", cur.clone())]),
            },
            lines: d.lines.clone(),
            totals,
            notes,
            page_label: t(lang, "pdf-page"),
            payment,
        };
        kontor_pdf::render(&doc).map_err(|e| AppError::Internal(anyhow::anyhow!("invoice PDF: {e}")))
    }

    /// The QR-bill of a CHF document: QR reference to the QR-IBAN, or creditor reference to the
    /// ordinary IBAN; addresses shortened to the standard's field lengths; the debtor printed when
    /// the address then meets the standard (its characters), else left blank.
    fn qr_bill(&self, d: &Draft) -> QrBill {
        let c = &self.settings.creditor;
        let (account, reference) = if d.reference.starts_with("RF") {
            (c.iban.clone(), Reference::Scor(d.reference.clone()))
        } else {
            (c.qr_iban.clone(), Reference::Qrr(d.reference.clone()))
        };
        let debtor = qrbill::Address {
            name: d.bill.name.clone(),
            street: d.bill.street.clone(),
            building_number: d.bill.building_number.clone(),
            postal_code: d.bill.postal_code.clone(),
            town: d.bill.city.clone(),
            country: d.bill.country.clone(),
        }
        .fitted();
        let mut bill = QrBill {
            account,
            creditor: qrbill::Address {
                name: c.name.clone(),
                street: c.street.clone(),
                building_number: c.building_number.clone(),
                postal_code: c.postal_code.clone(),
                town: c.city.clone(),
                country: c.country.clone(),
            }
            .fitted(),
            amount_minor: Some(d.total),
            currency: d.currency.clone(),
            debtor: Some(debtor),
            reference,
            message: d.message.chars().take(140).collect(),
        };
        if bill.payload().is_err() {
            bill.debtor = None;
        }
        bill
    }
}

/// The slip's headings: the standard allows German, French, Italian and English; Spanish
/// readers get the English slip.
fn slip_labels(lang: Language) -> SlipLabels {
    let lang = if lang == Language::Es { Language::En } else { lang };
    SlipLabels {
        receipt: t(lang, "slip-receipt"),
        payment_part: t(lang, "slip-payment-part"),
        account: t(lang, "slip-account"),
        reference: t(lang, "slip-reference"),
        additional_information: t(lang, "slip-additional-information"),
        payable_by: t(lang, "slip-payable-by"),
        payable_by_blank: t(lang, "slip-payable-by-blank"),
        currency: t(lang, "slip-currency"),
        amount: t(lang, "slip-amount"),
        acceptance_point: t(lang, "slip-acceptance-point"),
        separate: t(lang, "slip-separate"),
    }
}
