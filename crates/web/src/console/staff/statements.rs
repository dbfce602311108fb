//! REC: the staff pages of bank statements (billing, admin) — upload a camt.053/camt.054 file,
//! the imports and what each transaction became, the unmatched queue (assign or refund), and
//! the refunds with their pain.001 files.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use kontor_app::model::{BankImportRow, BankTxRow, PrepaidRefundRow, RefundExportRow};
use kontor_app::reconciliation::queue::Unmatched;

use super::{gate, refused};
use crate::AppState;
use crate::console::extract::VisitorForm;
use crate::console::{Ctx, FormData, Frame, see_other};
use crate::upload::Upload;

/// The largest statement file the console takes (the command line takes any size).
pub const STATEMENT_MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Template)]
#[template(path = "staff/statements.html")]
struct ImportsPage {
    f: Frame,
    errors: Vec<String>,
    imports: Vec<BankImportRow>,
}

async fn imports_page(s: &AppState, ctx: &Ctx, errors: Vec<String>, status: StatusCode) -> Response {
    match s.app.bank_imports(&ctx.actor).await {
        Ok(imports) => {
            let page = ImportsPage {
                f: ctx.frame(s, "staff-statements-title").await,
                errors,
                imports,
            };
            ctx.render(status, &page)
        }
        Err(e) => refused(s, ctx, &e),
    }
}

pub async fn list(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    imports_page(&s, &ctx, vec![], StatusCode::OK).await
}

/// Imports an uploaded file (multipart, the CSRF token among its fields).
pub async fn upload(State(s): State<AppState>, ctx: Ctx, req: Request) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let upload = match Upload::read(req, &s, STATEMENT_MAX_BYTES).await {
        Ok(u) => u,
        Err(e) => return imports_page(&s, &ctx, ctx.error_lines(&e), crate::console::status_of(&e)).await,
    };
    if !ctx.csrf_matches(&s, &upload.field("csrf")) {
        return ctx.message(&s, StatusCode::FORBIDDEN, "error-csrf_failed");
    }
    let bytes = upload.file("file");
    if bytes.len() > STATEMENT_MAX_BYTES {
        let e = kontor_app::AppError::new(kontor_app::ErrorCode::PayloadTooLarge);
        return imports_page(&s, &ctx, ctx.error_lines(&e), StatusCode::PAYLOAD_TOO_LARGE).await;
    }
    let text = String::from_utf8_lossy(bytes);
    let name = upload.file_name("file");
    let name = if name.trim().is_empty() {
        "upload.xml".to_owned()
    } else {
        name
    };
    match s.app.import_camt(&ctx.actor, &name, &text).await {
        Ok(r) => see_other(&format!("/staff/statements/{}", r.import_id), None),
        Err(e) if e.code() == kontor_app::ErrorCode::InvalidStatement => {
            let mut lines = ctx.error_lines(&e);
            lines.push(e.public().1);
            imports_page(&s, &ctx, lines, StatusCode::BAD_REQUEST).await
        }
        Err(e) => refused(&s, &ctx, &e),
    }
}

#[derive(Template)]
#[template(path = "staff/statement.html")]
struct ImportPage {
    f: Frame,
    import: BankImportRow,
    rows: Vec<BankTxRow>,
}

pub async fn show(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.bank_import(&ctx.actor, id).await {
        Ok((import, rows)) => {
            let page = ImportPage {
                f: ctx.frame(&s, "staff-statement-title").await,
                import,
                rows,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => refused(&s, &ctx, &e),
    }
}

#[derive(Template)]
#[template(path = "staff/unmatched.html")]
struct QueuePage {
    f: Frame,
    errors: Vec<String>,
    queue: Vec<Unmatched>,
}

async fn queue_page(s: &AppState, ctx: &Ctx, errors: Vec<String>, status: StatusCode) -> Response {
    match s.app.unmatched_transactions(&ctx.actor).await {
        Ok(queue) => {
            let page = QueuePage {
                f: ctx.frame(s, "staff-unmatched-title").await,
                errors,
                queue,
            };
            ctx.render(status, &page)
        }
        Err(e) => refused(s, ctx, &e),
    }
}

pub async fn queue(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    queue_page(&s, &ctx, vec![], StatusCode::OK).await
}

/// Assign to an organization, or mark for refund.
pub async fn decide(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let done = if form.get("decision") == "refund" {
        s.app
            .mark_refund(&ctx.actor, id, &form.get("name"), &form.get("iban"))
            .await
    } else {
        match form.get("organization").trim().parse::<i64>() {
            Ok(org) => s.app.assign_transaction(&ctx.actor, id, org).await,
            Err(_) => Err(kontor_app::AppError::field("organization", "unknown")),
        }
    };
    match done {
        Ok(_) => see_other("/staff/unmatched", None),
        Err(e)
            if e.code() == kontor_app::ErrorCode::Forbidden
                || e.code() == kontor_app::ErrorCode::TwoFactorSetupRequired =>
        {
            refused(&s, &ctx, &e)
        }
        Err(e) => queue_page(&s, &ctx, ctx.error_lines(&e), crate::console::status_of(&e)).await,
    }
}

#[derive(Template)]
#[template(path = "staff/refunds.html")]
struct RefundsPage {
    f: Frame,
    waiting: Vec<BankTxRow>,
    balances: Vec<PrepaidRefundRow>,
    files: Vec<RefundExportRow>,
}

pub async fn refunds(State(s): State<AppState>, ctx: Ctx) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.refunds(&ctx.actor).await {
        Ok(r) => {
            let page = RefundsPage {
                f: ctx.frame(&s, "staff-refunds-title").await,
                waiting: r.transfers,
                balances: r.prepaid,
                files: r.files,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => refused(&s, &ctx, &e),
    }
}

fn xml_file(export: &RefundExportRow) -> Response {
    let mut r = Response::new(Body::from(export.xml.clone()));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}.xml\"", export.message_id)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// Every waiting refund as one pain.001 file, downloaded at once.
pub async fn export(State(s): State<AppState>, VisitorForm { ctx, .. }: VisitorForm<FormData>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.export_refunds(&ctx.actor).await {
        Ok(Some(export)) => xml_file(&export),
        Ok(None) => see_other("/staff/refunds", None),
        Err(e) => refused(&s, &ctx, &e),
    }
}

/// A file made before.
pub async fn download(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.refund_export(&ctx.actor, id).await {
        Ok(export) => xml_file(&export),
        Err(e) => refused(&s, &ctx, &e),
    }
}
