//! Invoices (BIL-1, BIL-9, BIL-11): issued in the paying transaction with the next number of
//! the year, the organization's address as it is at that moment, the order's payment reference,
//! and never changed afterwards.

use std::collections::HashMap;

use kontor_domain::locale::{format_day, format_money};
use kontor_domain::money::format_minor;
use kontor_domain::pricing::add_months;
use kontor_domain::{AuditAction, InvoiceStatus, Language, OrgId};
use kontor_store::billing::invoices::{self as repo, InvoiceRow, LineRow};
use kontor_store::orgs::OrgRow;
use kontor_store::{Conn, at, catalog, products};
use time::Duration;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::billing::orders::Order;
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::t_with;
use crate::platform::mail::Template;

/// `YYYY-MM-DD`.
pub fn iso_date(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// An invoice with its lines.
#[derive(Debug, Clone)]
pub struct Invoice {
    pub row: InvoiceRow,
    pub lines: Vec<LineRow>,
}

/// The `status` filter of invoice lists: absent, or one of the invoice states.
fn invoice_status_filter(status: Option<&str>) -> AppResult<Option<InvoiceStatus>> {
    status
        .map(|s| InvoiceStatus::parse(s).ok_or_else(|| AppError::field("status", "unknown_status")))
        .transpose()
}

/// DUN-5: the credit note `note`'s lines: each line of `inv`, named as credited, sign turned.
async fn credit_lines(tx: &mut Conn, inv: &InvoiceRow, note: i64) -> AppResult<()> {
    let lang = Language::parse(&inv.language).unwrap_or_default();
    for line in repo::list_lines(tx, inv.id).await? {
        let description = t_with(
            lang,
            "line-credit",
            &[("number", inv.number.clone()), ("line", line.description.clone())],
            &[],
        );
        let credit = LineRow {
            id: 0,
            invoice_id: note,
            description,
            unit_minor: -line.unit_minor,
            amount_minor: -line.amount_minor,
            ..line
        };
        repo::insert_line(tx, &credit).await?;
    }
    Ok(())
}

/// MSG-2: the language an invoice is issued in, fixed on it: the language of whoever placed the
/// order, else (a renewal the jobs billed) that of the organization's first billing contact,
/// else English.
async fn invoice_language(tx: &mut Conn, org: i64, order: &Order) -> AppResult<Language> {
    if let Some(user) = order.row.created_by
        && let Some(u) = kontor_store::identity::users::find_user(tx, user).await?
    {
        return Ok(Language::parse(&u.language).unwrap_or_default());
    }
    let contacts = kontor_store::orgs::members::billing_contacts(tx, org).await?;
    Ok(contacts
        .first()
        .and_then(|c| Language::parse(&c.language))
        .unwrap_or_default())
}

/// BIL-1: one invoice line per order item, described as the item reads at issue.
async fn insert_lines(tx: &mut Conn, invoice: &InvoiceRow, order: &Order, now: i64) -> AppResult<()> {
    let lang = Language::parse(&invoice.language).unwrap_or_default();
    let descriptions = describe_items(tx, &order.items, now, lang).await?;
    for (item, description) in order.items.iter().zip(descriptions) {
        let line = LineRow {
            id: 0,
            invoice_id: invoice.id,
            position: item.position,
            description,
            product_id: item.product_id,
            quantity: 1,
            unit_minor: item.unit_minor,
            amount_minor: item.amount_minor,
        };
        repo::insert_line(tx, &line).await?;
    }
    Ok(())
}

impl App {
    /// BIL-1: issues the invoice of an order inside `tx`: `paid` when the order was just paid,
    /// `open` when it is billed to be paid by the due date (REN-5).
    pub(crate) async fn issue_invoice(
        &self,
        tx: &mut Conn,
        org: &OrgRow,
        order: &Order,
        paid: bool,
        now: i64,
    ) -> AppResult<InvoiceRow> {
        let bill = self.bill_to(tx, org, order.row.billing_address_id).await?;
        let issued = at(now);
        let year = i64::from(issued.year());
        let seq = repo::next_number(tx, year).await?;
        let due = (issued + Duration::days(self.settings.invoice_due_days)).date();
        let mut inv = InvoiceRow {
            id: 0,
            organization_id: org.id,
            order_id: Some(order.row.id),
            number: format!("{year}-{seq:06}"),
            year,
            seq,
            status: if paid {
                InvoiceStatus::Paid
            } else {
                InvoiceStatus::Open
            },
            currency: order.row.currency.clone(),
            subtotal_minor: order.row.subtotal_minor,
            vat_rate_bp: order.row.vat_rate_bp,
            vat_minor: order.row.vat_minor,
            total_minor: order.row.total_minor,
            reverse_charge: order.row.reverse_charge,
            reference: order.row.reference.clone().unwrap_or_default(),
            bill_name: bill.name,
            bill_street: bill.street,
            bill_postal_code: bill.postal_code,
            bill_city: bill.city,
            bill_country: bill.country,
            bill_vat_number: bill.vat_number,
            issued_at: now,
            due_date: iso_date(due),
            paid_at: paid.then_some(now),
            dunning_level: 0,
            bill_building_number: bill.building_number,
            language: invoice_language(tx, org.id, order).await?.as_str().to_owned(),
            kind: "invoice".to_owned(),
            credits_invoice_id: None,
        };
        inv.id = repo::insert_invoice(tx, &inv).await?;
        insert_lines(tx, &inv, order, now).await?;
        record(
            tx,
            &Actor::system(),
            now,
            Entry::new(AuditAction::InvoiceIssue, "invoice", Some(inv.id))
                .org(org.id)
                .details(format!(
                    "number={} total={} {}",
                    inv.number,
                    format_minor(inv.total_minor),
                    inv.currency
                )),
        )
        .await?;
        Ok(inv)
    }

    /// DUN-5, BIL-1: cancels what is still due on the open invoice `inv` with a credit note in
    /// `tx`: numbered from the invoices' counter, in the invoice's language, its lines and
    /// amounts those of the invoice with the sign turned; the invoice becomes `credited` and can
    /// no longer be paid. Answers `None` when the invoice was no longer open.
    pub(crate) async fn issue_credit_note(
        &self,
        tx: &mut Conn,
        inv: &InvoiceRow,
        now: i64,
    ) -> AppResult<Option<InvoiceRow>> {
        if !repo::mark_credited(tx, inv.id).await? {
            return Ok(None);
        }
        let issued = at(now);
        let year = i64::from(issued.year());
        let seq = repo::next_number(tx, year).await?;
        let number = format!("{year}-{seq:06}");
        let mut note = InvoiceRow {
            id: 0,
            kind: "credit_note".to_owned(),
            credits_invoice_id: Some(inv.id),
            reference: format!("CN{year}{seq:06}"),
            year,
            seq,
            status: InvoiceStatus::Credited,
            subtotal_minor: -inv.subtotal_minor,
            vat_minor: -inv.vat_minor,
            total_minor: -inv.total_minor,
            issued_at: now,
            due_date: iso_date(issued.date()),
            paid_at: None,
            dunning_level: 0,
            number: number.clone(),
            ..inv.clone()
        };
        note.id = repo::insert_invoice(tx, &note).await?;
        credit_lines(tx, inv, note.id).await?;
        record(
            tx,
            &Actor::system(),
            now,
            Entry::new(AuditAction::InvoiceCredit, "invoice", Some(note.id))
                .org(inv.organization_id)
                .details(format!(
                    "credit_note={number} credits={} total={} {}",
                    inv.number,
                    format_minor(note.total_minor),
                    note.currency
                )),
        )
        .await?;
        Ok(Some(note))
    }

    /// E-mails the billing contacts that an invoice was issued (paid, or open with its due
    /// date and reference), unless the organization switched invoice messages off (REN-7);
    /// answers whether it wrote mail.
    pub(crate) async fn mail_invoice(
        &self,
        tx: &mut Conn,
        org: OrgId,
        inv: &InvoiceRow,
        now: i64,
    ) -> AppResult<bool> {
        if !kontor_store::billing::renewals::billing_settings(tx, org.0)
            .await?
            .invoices
        {
            return Ok(false);
        }
        let link = format!("{}/console/invoices/{}", self.settings.public_url, inv.id);
        let due = time::Date::parse(
            &inv.due_date,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .ok();
        self.mail_billing(tx, org.0, now, |lang| {
            let total = format_money(inv.total_minor, &inv.currency, lang);
            if inv.status == InvoiceStatus::Open {
                Template::InvoiceDue {
                    number: inv.number.clone(),
                    total,
                    due: due.map_or_else(|| inv.due_date.clone(), |d| format_day(d, lang)),
                    reference: kontor_domain::references::grouped(&inv.reference),
                    link: link.clone(),
                }
            } else {
                Template::InvoiceIssued {
                    number: inv.number.clone(),
                    total,
                    link: link.clone(),
                }
            }
        })
        .await
    }

    async fn authorize_invoices(&self, actor: &Actor, org: OrgId) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::BillingRead, Resource::Organization(&facts))
    }

    /// The open invoice whose reminders suspended product `product` and whose payment brings
    /// it back (DUN-1, DUN-3), for a viewer who may read the organization's invoices; `None`
    /// for anyone else, and when no open invoice bills the product.
    pub async fn suspending_invoice(
        &self,
        actor: &Actor,
        org: OrgId,
        product: i64,
    ) -> AppResult<Option<(i64, String)>> {
        if self.authorize_invoices(actor, org).await.is_err() {
            return Ok(None);
        }
        let mut c = self.read().await?;
        Ok(repo::open_invoice_of_product(&mut c, org.0, product).await?)
    }

    /// BIL-11: a page of invoices, newest first, by status and issue period.
    #[allow(clippy::too_many_arguments)]
    pub async fn list_invoices(
        &self,
        actor: &Actor,
        org: OrgId,
        status: Option<&str>,
        from: Option<i64>,
        until: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> AppResult<(Vec<InvoiceRow>, i64)> {
        self.authorize_invoices(actor, org).await?;
        let status = invoice_status_filter(status)?;
        let mut c = self.read().await?;
        Ok(repo::list_invoices(&mut c, org.0, status, from, until, offset, limit).await?)
    }

    /// BIL-11: the invoices issued in a period (and of a status) as CSV, oldest first. Cells
    /// that a spreadsheet would read as a formula are neutralised.
    pub async fn export_invoices_csv(
        &self,
        actor: &Actor,
        org: OrgId,
        status: Option<&str>,
        from: Option<i64>,
        until: Option<i64>,
    ) -> AppResult<String> {
        self.authorize_invoices(actor, org).await?;
        let status = invoice_status_filter(status)?;
        let mut c = self.read().await?;
        let rows = repo::list_period(
            &mut c,
            org.0,
            status,
            from.unwrap_or(i64::MIN),
            until.unwrap_or(i64::MAX),
        )
        .await?;
        drop(c);
        invoices_csv(&rows).map_err(|e| AppError::Internal(anyhow::anyhow!("invoice export: {e}")))
    }

    pub async fn get_invoice(&self, actor: &Actor, org: OrgId, id: i64) -> AppResult<Invoice> {
        self.authorize_invoices(actor, org).await?;
        let mut c = self.read().await?;
        let row = repo::find_invoice(&mut c, org.0, id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let lines = repo::list_lines(&mut c, id).await?;
        Ok(Invoice { row, lines })
    }
}

/// The line texts of order items as invoices and pro-formas print them, in `lang` (MSG-2;
/// renewals name the new expiry: computed before the renewal moves it).
pub(crate) async fn describe_items(
    tx: &mut Conn,
    items: &[kontor_store::billing::orders::ItemRow],
    now: i64,
    lang: Language,
) -> AppResult<Vec<String>> {
    let mut plan_names: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if !plan_names.contains_key(&item.plan_code) {
            let name = catalog::find_plan(tx, &item.plan_code).await?.map_or_else(
                || item.plan_code.clone(),
                |p| {
                    let translations = serde_json::from_str(&p.translations).unwrap_or_default();
                    crate::catalog::localized(&p.name, "", &translations, lang).0
                },
            );
            plan_names.insert(item.plan_code.clone(), name);
        }
        let plan = &plan_names[&item.plan_code];
        // Issued before the renewal moves the expiry: the new one is a period later.
        let from = match (item.kind.as_str(), item.product_id) {
            ("renewal", Some(pid)) => products::find_product(tx, pid)
                .await?
                .map_or(now, |p| p.expires_at),
            _ => now,
        };
        let description = describe(item, plan, from, lang);
        out.push(description);
    }
    Ok(out)
}

/// One order item's line text in `lang`; a renewal runs from `from` (the current expiry).
fn describe(item: &kontor_store::billing::orders::ItemRow, plan: &str, from: i64, lang: Language) -> String {
    let texts = |extra: &[(&'static str, String)]| {
        let mut v = vec![("plan", plan.to_owned()), ("name", item.name.clone())];
        v.extend_from_slice(extra);
        v
    };
    let months = [("months", item.period_months)];
    let mut description = match (item.kind.as_str(), item.product_type.as_str()) {
        ("renewal", _) => {
            let until = add_months(at(from), item.period_months as u32);
            t_with(
                lang,
                "line-renewal",
                &texts(&[("until", format_day(until.date(), lang))]),
                &months,
            )
        }
        ("upgrade", _) => {
            let suite = [
                ("seats", item.seats),
                ("days", item.days_left),
                ("period", item.period_days),
            ];
            t_with(
                lang,
                "line-upgrade",
                &texts(&[("storage", item.storage_code.clone())]),
                &suite,
            )
        }
        (_, "workspace_suite") => {
            let suite = [("months", item.period_months), ("seats", item.seats)];
            t_with(
                lang,
                "line-suite",
                &texts(&[("storage", item.storage_code.clone())]),
                &suite,
            )
        }
        _ => t_with(lang, "line-new", &texts(&[]), &months),
    };
    if item.degressive_bp > 0 || item.partner_bp > 0 {
        let volume = [
            ("list", format_minor(item.list_minor)),
            ("percent", kontor_domain::Percent(item.degressive_bp).to_decimal()),
        ];
        description.push(' ');
        description.push_str(&t_with(lang, "line-volume", &volume, &[]));
    }
    description
}

/// A cell a spreadsheet could run as a formula (`=`, `+`, `-`, `@`, tab, carriage return at the
/// start) gets a leading apostrophe, so it stays text (BIL-11).
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The export's columns, one invoice per row.
pub fn invoices_csv(rows: &[InvoiceRow]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "number",
        "issued",
        "due_date",
        "status",
        "paid",
        "currency",
        "subtotal",
        "vat_rate_percent",
        "vat",
        "total",
        "reverse_charge",
        "reference",
        "bill_name",
        "bill_country",
        "bill_vat_number",
        "kind",
        "credits",
    ])?;
    for r in rows {
        let credits = r
            .credits_invoice_id
            .and_then(|id| rows.iter().find(|o| o.id == id))
            .map(|o| o.number.clone())
            .unwrap_or_default();
        let record = [
            r.number.clone(),
            iso_date(at(r.issued_at).date()),
            r.due_date.clone(),
            r.status.to_string(),
            r.paid_at.map(|p| iso_date(at(p).date())).unwrap_or_default(),
            r.currency.clone(),
            format_minor(r.subtotal_minor),
            kontor_domain::Percent(r.vat_rate_bp).to_decimal(),
            format_minor(r.vat_minor),
            format_minor(r.total_minor),
            if r.reverse_charge { "yes" } else { "no" }.to_owned(),
            r.reference.clone(),
            r.bill_name.clone(),
            r.bill_country.clone(),
            r.bill_vat_number.clone(),
            r.kind.clone(),
            credits,
        ];
        w.write_record(record.iter().map(|c| neutralise(c)))?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bil_11_formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+41 44"), "'+41 44");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Acme AG"), "Acme AG");
    }
}
