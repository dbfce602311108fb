//! Invoices (BIL-1, BIL-9, BIL-11): issued in the paying transaction with the next number of
//! the year, the organization's address as it is at that moment, the order's payment reference,
//! and never changed afterwards.

use std::collections::HashMap;
use std::fmt::Write as _;

use kontor_domain::OrgId;
use kontor_domain::money::format_minor;
use kontor_store::invoices::{self as repo, InvoiceRow, LineRow};
use kontor_store::orgs::OrgRow;
use kontor_store::{Conn, at, catalog, members};
use time::Duration;

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::actor::Actor;
use crate::audit::{Entry, record};
use crate::error::{AppError, AppResult};
use crate::mail::{Template, queue};
use crate::orders::Order;

/// An invoice with its lines.
#[derive(Debug, Clone)]
pub struct Invoice {
    pub row: InvoiceRow,
    pub lines: Vec<LineRow>,
}

impl App {
    /// BIL-1: issues the invoice of a paid order inside `tx`.
    pub(crate) async fn issue_invoice(
        &self,
        tx: &mut Conn,
        org: &OrgRow,
        order: &Order,
        now: i64,
    ) -> AppResult<InvoiceRow> {
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
            status: "paid".to_owned(),
            currency: order.row.currency.clone(),
            subtotal_minor: order.row.subtotal_minor,
            vat_rate_bp: order.row.vat_rate_bp,
            vat_minor: order.row.vat_minor,
            total_minor: order.row.total_minor,
            reverse_charge: order.row.reverse_charge,
            reference: order.row.reference.clone().unwrap_or_default(),
            bill_name: org.name.clone(),
            bill_street: org.street.clone(),
            bill_postal_code: org.postal_code.clone(),
            bill_city: org.city.clone(),
            bill_country: org.country.clone(),
            bill_vat_number: org.vat_number.clone().unwrap_or_default(),
            issued_at: now,
            due_date: format!("{:04}-{:02}-{:02}", due.year(), u8::from(due.month()), due.day()),
            paid_at: Some(now),
        };
        inv.id = repo::insert_invoice(tx, &inv).await?;
        let mut plan_names: HashMap<String, String> = HashMap::new();
        for item in &order.items {
            if !plan_names.contains_key(&item.plan_code) {
                let name = catalog::find_plan(tx, &item.plan_code)
                    .await?
                    .map_or_else(|| item.plan_code.clone(), |p| p.name);
                plan_names.insert(item.plan_code.clone(), name);
            }
            let plan = &plan_names[&item.plan_code];
            let mut description = if item.kind == "upgrade" {
                format!(
                    "Upgrade {} to {plan}, {} seats, storage {}: {} of {} days",
                    item.name, item.seats, item.storage_code, item.days_left, item.period_days
                )
            } else if item.product_type == "workspace_suite" {
                format!(
                    "{plan} — {} ({} seats, storage {}), {} months",
                    item.name, item.seats, item.storage_code, item.period_months
                )
            } else {
                format!("{plan} — {}, {} months", item.name, item.period_months)
            };
            if item.degressive_bp > 0 || item.partner_bp > 0 {
                let _ = write!(
                    description,
                    " (list {}, −{} % volume)",
                    format_minor(item.list_minor),
                    kontor_domain::Percent(item.degressive_bp).to_decimal()
                );
            }
            let line = LineRow {
                id: 0,
                invoice_id: inv.id,
                position: item.position,
                description,
                product_id: item.product_id,
                quantity: 1,
                unit_minor: item.unit_minor,
                amount_minor: item.amount_minor,
            };
            repo::insert_line(tx, &line).await?;
        }
        record(
            tx,
            &Actor::system(),
            now,
            Entry::new("invoice.issue", "invoice", Some(inv.id))
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

    /// E-mails the billing contacts that an invoice was issued; answers whether it wrote mail.
    pub(crate) async fn mail_invoice(
        &self,
        tx: &mut Conn,
        org: OrgId,
        inv: &InvoiceRow,
        now: i64,
    ) -> AppResult<bool> {
        let contacts = members::billing_contacts(tx, org.0).await?;
        let link = format!(
            "{}/console/orgs/{}/invoices/{}",
            self.settings.public_url, org.0, inv.id
        );
        for c in &contacts {
            let lang = kontor_domain::Language::parse(&c.language).unwrap_or(kontor_domain::Language::En);
            let template = Template::InvoiceIssued {
                number: inv.number.clone(),
                total: format!("{} {}", inv.currency, format_minor(inv.total_minor)),
                link: link.clone(),
            };
            queue(tx, now, &c.email, lang, &c.first_name, &template).await?;
        }
        Ok(!contacts.is_empty())
    }

    async fn authorize_invoices(&self, actor: &Actor, org: OrgId) -> AppResult<()> {
        let facts = self.load_facts(actor, org.0).await?;
        authorize(actor, Action::BillingRead, Resource::Organization(&facts))
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
        if let Some(s) = status
            && !matches!(s, "open" | "paid" | "void")
        {
            return Err(AppError::field("status", "unknown_status"));
        }
        let mut c = self.read().await?;
        Ok(repo::list_invoices(&mut c, org.0, status, from, until, offset, limit).await?)
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
