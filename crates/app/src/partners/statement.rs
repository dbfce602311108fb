//! PAR-10: the partner's statement of its clients — per client, what was ordered and renewed,
//! what it cost and the cashback it earned over a period — on the partner space and as CSV.

use std::collections::BTreeMap;

use kontor_domain::OrgId;
use kontor_domain::money::format_minor;
use kontor_store::at;
use kontor_store::partners::partnerships::{self as repo, StatementRow};

use crate::App;
use crate::access::{Action, Resource, authorize};
use crate::billing::invoices::{iso_date, neutralise};
use crate::partners::partnerships::assigned_only;
use crate::platform::actor::Actor;
use crate::platform::error::{AppError, AppResult};

/// The statement of a period: its items and, per client, the sums.
#[derive(Debug, Clone, Default)]
pub struct Statement {
    pub rows: Vec<StatementRow>,
    pub clients: Vec<ClientTotal>,
    /// The partner's currency, in which cashback is paid.
    pub cashback_currency: String,
    pub cashback_minor: i64,
}

/// One client's sums over the period.
#[derive(Debug, Clone, Default)]
pub struct ClientTotal {
    pub client_id: i64,
    pub client_name: String,
    pub products: i64,
    pub renewals: i64,
    /// Amounts excluding VAT per currency (a partner paying in its own currency and a client
    /// paying in another make two).
    pub amounts: BTreeMap<String, i64>,
    pub cashback_minor: i64,
}

impl App {
    /// PAR-10: the items of invoices paid in `[from, until]` that concern the partner — those
    /// it paid for clients, those that earned it cashback — with the sums per client.
    /// Legal representatives see every client; another member the clients assigned to them.
    pub async fn partner_statement(
        &self,
        actor: &Actor,
        partner: OrgId,
        from: i64,
        until: i64,
    ) -> AppResult<Statement> {
        let facts = self.load_facts(actor, partner.0).await?;
        authorize(actor, Action::OrganizationRead, Resource::Organization(&facts))?;
        super::members_only(&facts)?;
        let only = assigned_only(actor, &facts);
        let mut c = self.read().await?;
        let currency = self.org_row(&mut c, partner).await?.currency;
        let rows = repo::statement(&mut c, partner.0, only, from, until).await?;
        drop(c);
        let mut clients: BTreeMap<(String, i64), ClientTotal> = BTreeMap::new();
        for r in &rows {
            let total = clients
                .entry((r.client_name.to_lowercase(), r.client_id))
                .or_insert_with(|| ClientTotal {
                    client_id: r.client_id,
                    client_name: r.client_name.clone(),
                    ..ClientTotal::default()
                });
            match r.kind.as_str() {
                "renewal" => total.renewals += 1,
                "new" => total.products += 1,
                _ => {}
            }
            *total.amounts.entry(r.currency.clone()).or_default() += r.amount_minor;
            total.cashback_minor += r.cashback_minor;
        }
        Ok(Statement {
            cashback_minor: rows.iter().map(|r| r.cashback_minor).sum(),
            rows,
            clients: clients.into_values().collect(),
            cashback_currency: currency,
        })
    }

    /// PAR-10 as CSV: one paid item per row, oldest first; formula-like cells neutralised.
    pub async fn partner_statement_csv(
        &self,
        actor: &Actor,
        partner: OrgId,
        from: i64,
        until: i64,
    ) -> AppResult<String> {
        let s = self.partner_statement(actor, partner, from, until).await?;
        statement_csv(&s).map_err(|e| AppError::Internal(anyhow::anyhow!("statement export: {e}")))
    }
}

/// The export's columns.
pub fn statement_csv(s: &Statement) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "client_id",
        "client",
        "paid",
        "kind",
        "product_type",
        "product",
        "period_months",
        "amount_excl_vat",
        "currency",
        "paid_by",
        "cashback",
        "cashback_currency",
    ])?;
    for r in &s.rows {
        w.write_record([
            r.client_id.to_string(),
            neutralise(&r.client_name),
            iso_date(at(r.paid_at).date()),
            r.kind.clone(),
            r.product_type.clone(),
            neutralise(&r.product_name),
            r.period_months.to_string(),
            format_minor(r.amount_minor),
            r.currency.clone(),
            if r.partner_paid { "partner" } else { "client" }.to_owned(),
            format_minor(r.cashback_minor),
            s.cashback_currency.clone(),
        ])?;
    }
    let bytes = w.into_inner().map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
