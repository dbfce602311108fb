//! Reminders, suspension and termination of unpaid invoices (DUN-1..DUN-4): each open invoice
//! past its due date moves to the step it has reached; only the products it bills are
//! suspended or terminated; every reminder says how to check it is genuine (DUN-2).

use crate::billing::invoices::iso_date;
use kontor_domain::locale::{format_day, format_money};
use kontor_domain::references::grouped;
use kontor_domain::renewals::DunningStep;
use kontor_domain::{AuditAction, Event, Language, OrgId, SuspendReason};
use kontor_store::Conn;
use kontor_store::billing::invoices::{self as invoice_repo, InvoiceRow};
use kontor_store::products::{self as product_repo, ProductRow};
use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::App;

use crate::billing::renewals::{PAGE, RenewalReport, product_lines};
use crate::platform::actor::Actor;
use crate::platform::audit::{Entry, record};
use crate::platform::error::AppResult;
use crate::platform::mail::Template;
use crate::products::lifecycle::{Change, Transition, transition};
use crate::webhooks::Events;

/// DUN-1: suspends or terminates the products `inv` bills (of its organization only) and
/// answers them as they are now.
async fn dunning_products(
    tx: &mut Conn,
    events: &mut Events,
    inv: &InvoiceRow,
    step: DunningStep,
    ts: i64,
) -> AppResult<Vec<ProductRow>> {
    let org = inv.organization_id;
    let mut touched = Vec::new();
    let change = match step {
        DunningStep::Suspension => Some(Change::Suspend(SuspendReason::Dunning)),
        DunningStep::Termination => Some(Change::Terminate),
        _ => None,
    };
    // PAR-7: an invoice a partner leaves unpaid stops its client's products.
    let client = kontor_store::billing::orders::client_of_invoice(tx, inv.id).await?;
    for pid in invoice_repo::product_ids(tx, inv.id).await? {
        let Some(change) = change else { break };
        let Some(p) = product_repo::find_product(tx, pid)
            .await?
            .filter(|p| p.organization_id == org || Some(p.organization_id) == client)
        else {
            continue;
        };
        let t = Transition {
            actor: &Actor::system(),
            now: ts,
            details: format!("invoice {} unpaid", inv.number),
            data: json!({"reason": SuspendReason::Dunning.as_str(), "invoice_id": inv.id}),
        };
        if transition(tx, events, &p, change, t).await?
            && let Some(p) = product_repo::find_product(tx, pid).await?
        {
            touched.push(p);
        }
    }
    Ok(touched)
}

impl App {
    /// DUN-1: each open invoice past its due date moves to the step it has reached. A step
    /// skipped because the jobs did not run is not sent late; suspension and termination
    /// always happen.
    pub(crate) async fn run_dunning(&self, now: OffsetDateTime, report: &mut RenewalReport) -> AppResult<()> {
        let schedule = self.settings.dunning;
        let first_due = &iso_date((now - Duration::days(schedule.reminder_1)).date());
        let read = |after: (String, i64)| async move {
            let mut c = self.read().await?;
            let level = DunningStep::Termination.level();
            Ok(invoice_repo::list_overdue(&mut c, first_due, level, (&after.0, after.1), PAGE).await?)
        };
        let work = |rows: Vec<InvoiceRow>| {
            let steps: Vec<_> = rows
                .into_iter()
                .filter_map(|inv| {
                    let due = time::Date::parse(
                        &inv.due_date,
                        &time::format_description::well_known::Iso8601::DATE,
                    )
                    .ok()?;
                    let step = schedule.reached(due, now)?;
                    (step.level() > inv.dunning_level).then_some((inv, step, due))
                })
                .collect();
            self.each_concurrently(steps, move |(inv, step, due)| async move {
                let mut r = RenewalReport::default();
                self.dunning_step(&inv, step, due, now, &mut r).await?;
                Ok(r)
            })
        };
        let key = |inv: &InvoiceRow| (inv.due_date.clone(), inv.id);
        report.add(&self.each_page((String::new(), 0), read, key, work).await?);
        Ok(())
    }

    /// DUN-2: the e-mail of a reminder step, with the invoice's own reference and amount.
    fn dunning_template(
        &self,
        inv: &InvoiceRow,
        step: DunningStep,
        due: time::Date,
        touched: &[ProductRow],
        credit_note: &str,
        lang: Language,
    ) -> Template {
        let total = format_money(inv.total_minor, &inv.currency, lang);
        let reference = grouped(&inv.reference);
        let link = format!("{}/console/invoices/{}", self.settings.public_url, inv.id);
        let list = product_lines(touched.iter(), lang);
        let until = format_day(
            self.settings
                .dunning
                .instant(due, DunningStep::Termination)
                .date(),
            lang,
        );
        match step {
            DunningStep::Reminder1 | DunningStep::Reminder2 => Template::InvoiceReminder {
                level: step.level(),
                number: inv.number.clone(),
                total,
                reference,
                due: format_day(due, lang),
                link,
            },
            DunningStep::Suspension => Template::DunningSuspended {
                number: inv.number.clone(),
                total,
                reference,
                products: list,
                until,
                link,
            },
            DunningStep::Termination => Template::DunningTerminated {
                number: inv.number.clone(),
                total,
                reference,
                products: list,
                credit_note: credit_note.to_owned(),
            },
        }
    }

    async fn dunning_step(
        &self,
        inv: &InvoiceRow,
        step: DunningStep,
        due: time::Date,
        now: OffsetDateTime,
        report: &mut RenewalReport,
    ) -> AppResult<()> {
        let ts = now.unix_timestamp();
        let org = inv.organization_id;
        let system = Actor::system();
        let mut tx = self.write().await?;
        if !invoice_repo::advance_dunning(&mut tx, inv.id, inv.dunning_level, step.level()).await? {
            return Ok(());
        }
        invoice_repo::insert_reminder(&mut tx, inv.id, step.level(), ts).await?;
        let mut events = Events::load(&mut tx).await?;
        let touched = dunning_products(&mut tx, &mut events, inv, step, ts).await?;
        record(
            &mut tx,
            &system,
            ts,
            Entry::new(AuditAction::InvoiceDunning, "invoice", Some(inv.id))
                .org(org)
                .details(format!("{} {}", step.as_str(), inv.number)),
        )
        .await?;
        events
            .emit(
                &mut tx,
                Event::InvoiceOverdue,
                Some(org),
                json!({"invoice_id": inv.id, "number": inv.number, "step": step.as_str()}),
                ts,
            )
            .await?;
        // DUN-5: termination cancels what is still due with a credit note.
        let credit_note = if step == DunningStep::Termination {
            self.issue_credit_note(&mut tx, inv, ts)
                .await?
                .map(|n| n.number)
                .unwrap_or_default()
        } else {
            String::new()
        };
        let wrote = self
            .mail_billing(&mut tx, org, ts, |lang| {
                self.dunning_template(inv, step, due, &touched, &credit_note, lang)
            })
            .await?;
        self.commit(tx, wrote).await?;
        match step {
            DunningStep::Reminder1 | DunningStep::Reminder2 => report.reminders += 1,
            DunningStep::Suspension => report.dunning_suspensions += 1,
            DunningStep::Termination => report.dunning_terminations += 1,
        }
        Ok(())
    }

    /// DUN-2: the steps an invoice went through (level, when), listed on its page.
    pub async fn invoice_reminders(
        &self,
        actor: &Actor,
        org: OrgId,
        invoice: i64,
    ) -> AppResult<Vec<(i64, i64)>> {
        self.get_invoice(actor, org, invoice).await?;
        let mut c = self.read().await?;
        Ok(invoice_repo::list_reminders(&mut c, invoice).await?)
    }
}
