//! Invoices (BIL-1, BIL-3, BIL-11, DUN-2): the list, one invoice with its reminders and pay
//! form, PDFs, and the CSV export.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::access::{Action, Resource, decide};
use kontor_app::billing::invoices::Invoice;
use kontor_app::billing::payments::PayRequest;
use kontor_app::model::{InvoiceRow, MethodRow};
use kontor_app::platform::settings::Creditor;
use kontor_domain::{InvoiceStatus, PaymentStatus};
use serde::Deserialize;

use crate::AppState;
use crate::console::extract::{OrgForm, SignedIn};
use crate::console::{Ctx, Frame, form_idem, form_key, money, percent, saved_means, see_other, status_of};

#[derive(Template)]
#[template(path = "billing/invoices.html")]
struct InvoicesPage {
    f: Frame,
    invoices: Vec<InvoiceRow>,
    allowed: bool,
    reason: String,
}

pub async fn invoices_page(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Response {
    let f = ctx.frame(&s, "invoices-title").await;
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let (allowed, reason, invoices) = match s
        .app
        .list_invoices(&ctx.actor, org, None, None, None, 0, 500)
        .await
    {
        Ok((rows, _)) => (true, String::new(), rows),
        Err(e) => (false, ctx.error_lines(&e).join(" "), vec![]),
    };
    let page = InvoicesPage {
        f,
        invoices,
        allowed,
        reason,
    };
    ctx.render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "billing/invoice.html")]
struct InvoicePage {
    f: Frame,
    inv: Invoice,
    creditor: Creditor,
    /// DUN-2: (level, when) of each reminder step reached.
    reminders: Vec<(i64, i64)>,
    /// Saved cards and TWINT profiles, when the reader may pay.
    methods: Vec<MethodRow>,
    can_pay: bool,
    pay_reason: String,
    notice: String,
    errors: Vec<String>,
    idem: String,
}

#[allow(clippy::unused_self, clippy::trivially_copy_pass_by_ref)] // askama calls helpers as methods, by reference
impl InvoicePage {
    fn money(&self, minor: &i64) -> String {
        money(*minor, &self.inv.row.currency, self.f.tr.0)
    }

    fn vat(&self) -> String {
        percent(self.inv.row.vat_rate_bp)
    }

    fn reference(&self) -> String {
        kontor_domain::references::grouped(&self.inv.row.reference)
    }

    fn step(&self, level: &i64) -> String {
        self.f.tr.t(&format!("dunning-step-{level}"))
    }

    fn open(&self) -> bool {
        self.inv.row.status == InvoiceStatus::Open
    }

    fn chf(&self) -> bool {
        self.inv.row.currency == "CHF"
    }

    fn transfer_help(&self) -> String {
        self.f.tr.t("pay-bank-transfer-invoice-help")
    }

    fn account(&self) -> &str {
        if self.inv.row.currency == "CHF" {
            &self.creditor.qr_iban
        } else {
            &self.creditor.iban
        }
    }
}

pub async fn invoice_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<i64>,
    Query(n): Query<crate::console::billing::orders::Notice>,
) -> Response {
    let notice = match n.done.as_str() {
        "paid" => ctx.tr().t("notice-order-paid"),
        "transfer" => ctx.tr().t("notice-payment-transfer"),
        "pending" => ctx.tr().t("notice-payment-pending"),
        "declined" => ctx.tr().t("notice-payment-declined"),
        _ => String::new(),
    };
    render_invoice(&s, &ctx, id, notice, vec![], StatusCode::OK).await
}

async fn render_invoice(
    s: &AppState,
    ctx: &Ctx,
    id: i64,
    notice: String,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let Some(org) = ctx.current_org(s).await else {
        return see_other("/console/organization", None);
    };
    let inv = match s.app.get_invoice(&ctx.actor, org, id).await {
        Ok(inv) => inv,
        Err(e) => return ctx.error_page(s, &e),
    };
    let facts = s.app.load_facts(&ctx.actor, org.0).await.unwrap_or_default();
    let pay = decide(&ctx.actor, Action::BillingPay, Resource::Organization(&facts));
    let page = InvoicePage {
        f: ctx.frame(s, "invoice-title").await,
        reminders: s
            .app
            .invoice_reminders(&ctx.actor, org, id)
            .await
            .unwrap_or_default(),
        methods: if pay.allowed {
            s.app
                .list_payment_methods(&ctx.actor, org)
                .await
                .unwrap_or_default()
        } else {
            vec![]
        },
        can_pay: pay.allowed,
        pay_reason: ctx.tr().t(pay.reason_key),
        notice,
        errors,
        idem: form_key(),
        inv,
        creditor: s.app.settings.creditor.clone(),
    };
    ctx.render(status, &page)
}

/// DUN-3: pays an open invoice with a saved card or TWINT profile, the prepaid account, a
/// redirect means, or announces a bank transfer.
pub async fn pay_invoice(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    OrgForm { ctx, form, org }: OrgForm,
) -> Response {
    let means = form.get("means");
    let mut req = PayRequest::default();
    match saved_means(&means) {
        Some(Ok((kind, mid))) => {
            kind.clone_into(&mut req.means);
            req.payment_method_id = Some(mid);
        }
        Some(Err(e)) => {
            let lines = ctx.error_lines(&e);
            return render_invoice(&s, &ctx, id, String::new(), lines, status_of(&e)).await;
        }
        None => means.clone_into(&mut req.means),
    }
    let idem = form_idem(&form, &format!("/console/invoices/{id}/pay"), &req.means);
    match s.app.pay_invoice(&ctx.actor, org, id, &req, idem.as_ref()).await {
        Ok(p) if p.status == PaymentStatus::Succeeded => {
            see_other(&format!("/console/invoices/{id}?done=paid"), None)
        }
        Ok(p) if p.status == PaymentStatus::Pending => match s.app.redirect_url(&p) {
            Some(url) => see_other(&url, None),
            None => see_other(&format!("/console/invoices/{id}?done=transfer"), None),
        },
        Ok(p) => {
            let reason = kontor_app::platform::i18n::t(ctx.lang, &format!("card-{}", p.failure_code));
            let line = format!("{} {reason}", ctx.tr().t("error-card_refused"));
            render_invoice(
                &s,
                &ctx,
                id,
                String::new(),
                vec![line],
                StatusCode::PAYMENT_REQUIRED,
            )
            .await
        }
        Err(e) => {
            let lines = ctx.error_lines(&e);
            render_invoice(&s, &ctx, id, String::new(), lines, status_of(&e)).await
        }
    }
}

/// The invoice's PDF in the reader's language (BIL-3).
pub async fn invoice_pdf(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<i64>,
) -> Response {
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    match s.app.invoice_pdf(&ctx.actor, org, id).await {
        Ok(pdf) => crate::api::file_response("application/pdf", &format!("invoice-{id}.pdf"), pdf),
        Err(e) => ctx.error_page(&s, &e),
    }
}

/// The pro-forma PDF of a pending order (BIL-2).
pub async fn proforma_pdf(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(id): Path<i64>,
) -> Response {
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    match s.app.proforma_pdf(&ctx.actor, org, id, ctx.lang).await {
        Ok(pdf) => crate::api::file_response("application/pdf", &format!("proforma-{id}.pdf"), pdf),
        Err(e) => ctx.error_page(&s, &e),
    }
}

#[derive(Deserialize, Default)]
pub struct ExportForm {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub status: String,
}

/// The invoices of a period as CSV (BIL-11).
pub async fn export_csv(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Query(q): Query<ExportForm>,
) -> Response {
    let Some(org) = ctx.current_org(&s).await else {
        return see_other("/console/organization", None);
    };
    let bound = |field: &str, v: &str, end: bool| {
        let v = v.trim();
        crate::api::day_bound(field, (!v.is_empty()).then_some(v), end).map_err(|e| e.0)
    };
    let result = async {
        let from = bound("from", &q.from, false)?;
        let until = bound("until", &q.until, true)?;
        let status = (!q.status.is_empty()).then_some(q.status.as_str());
        s.app
            .export_invoices_csv(&ctx.actor, org, status, from, until)
            .await
    }
    .await;
    match result {
        Ok(csv) => crate::api::file_response("text/csv; charset=utf-8", "invoices.csv", csv.into_bytes()),
        Err(e) => ctx.error_page(&s, &e),
    }
}
