//! BIL-6: the staff page of an organization's prepaid account (billing, admin) — find the
//! organization by number or name, read its ledger with each entry's origin, post an
//! adjustment or refund balance to a bank account. Each form carries a fresh request key, so a
//! form sent twice posts once; every post answers with a redirect to the page showing it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kontor_app::ErrorCode;
use kontor_app::model::OrgRow;
use kontor_app::platform::crypto::new_secret;
use kontor_app::reconciliation::ledger::{StaffEntryInput, StaffLedger};
use kontor_domain::money::parse_minor;
use serde::Deserialize;

use super::{gate, refused};
use crate::AppState;
use crate::console::extract::VisitorForm;
use crate::console::{Ctx, FormData, Frame, see_other};

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "staff/ledger_search.html")]
struct SearchPage {
    f: Frame,
    q: String,
    found: Vec<OrgRow>,
}

/// Organizations by number or name.
pub async fn search(State(s): State<AppState>, ctx: Ctx, Query(q): Query<SearchQuery>) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    match s.app.staff_find_organizations(&ctx.actor, &q.q).await {
        Ok(found) => {
            let page = SearchPage {
                f: ctx.frame(&s, "staff-ledger-title").await,
                q: q.q,
                found,
            };
            ctx.render(StatusCode::OK, &page)
        }
        Err(e) => refused(&s, &ctx, &e),
    }
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

#[derive(Template)]
#[template(path = "staff/ledger.html")]
struct LedgerPage {
    f: Frame,
    errors: Vec<String>,
    /// `adjustment`, `refund` or `repeated` after a post.
    done: String,
    l: StaffLedger,
    /// The forms' request keys (kept when a form comes back with errors).
    adjust_key: String,
    refund_key: String,
    /// What a refused form held.
    form: FormData,
}

impl LedgerPage {
    fn value(&self, name: &str) -> String {
        self.form.get(name)
    }
}

struct Shown {
    errors: Vec<String>,
    done: String,
    form: FormData,
    status: StatusCode,
}

async fn ledger_page(s: &AppState, ctx: &Ctx, org: i64, shown: Shown) -> Response {
    let keep = |name: &str| Some(shown.form.get(name)).filter(|k| !k.is_empty());
    let adjust_key = keep("adjust_key").unwrap_or_else(|| new_secret(""));
    let refund_key = keep("refund_key").unwrap_or_else(|| new_secret(""));
    match s.app.staff_ledger(&ctx.actor, org).await {
        Ok(l) => {
            let page = LedgerPage {
                f: ctx.frame(s, "staff-ledger-title").await,
                errors: shown.errors,
                done: shown.done,
                l,
                adjust_key,
                refund_key,
                form: shown.form,
            };
            ctx.render(shown.status, &page)
        }
        Err(e) => refused(s, ctx, &e),
    }
}

pub async fn show(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(org): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let done = match q.done.as_str() {
        d @ ("adjustment" | "refund" | "repeated") => d.to_owned(),
        _ => String::new(),
    };
    let shown = Shown {
        errors: vec![],
        done,
        form: FormData::default(),
        status: StatusCode::OK,
    };
    ledger_page(&s, &ctx, org, shown).await
}

/// A signed amount as staff type it: `-12.50`, `−12,50`, `+5`.
fn signed_minor(text: &str) -> Result<i64, kontor_app::AppError> {
    let text = text
        .trim()
        .replace(['\u{2212}', '\u{2013}'], "-")
        .replace(',', ".");
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest.trim()),
        None => (1, text.trim_start_matches('+').trim()),
    };
    parse_minor(digits)
        .map(|m| sign * m)
        .map_err(|_| kontor_app::AppError::field("amount", "invalid_amount"))
}

/// Posts an adjustment (`kind` = adjustment) or a refund.
pub async fn post(
    State(s): State<AppState>,
    Path((org, kind)): Path<(i64, String)>,
    VisitorForm { ctx, form }: VisitorForm<FormData>,
) -> Response {
    if let Err(r) = gate(&ctx, true) {
        return r;
    }
    let refund = match kind.as_str() {
        "refund" => true,
        "adjust" => false,
        _ => return crate::console::not_found_page(),
    };
    let key = if refund { "refund_key" } else { "adjust_key" };
    let done = match signed_minor(&form.get("amount")) {
        Ok(amount_minor) => {
            let input = StaffEntryInput {
                amount_minor,
                reason: form.get("reason"),
                request_key: form.get(key),
                name: form.get("name"),
                iban: form.get("iban"),
            };
            if refund {
                s.app.refund_prepaid(&ctx.actor, org, &input).await
            } else {
                s.app.adjust_prepaid(&ctx.actor, org, &input).await
            }
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(p) => {
            let done = if p.repeated {
                "repeated"
            } else {
                p.entry.kind.as_str()
            };
            see_other(&format!("/staff/ledger/{org}?done={done}"), None)
        }
        Err(e)
            if matches!(
                e.code(),
                ErrorCode::Forbidden | ErrorCode::NotFound | ErrorCode::TwoFactorSetupRequired
            ) =>
        {
            refused(&s, &ctx, &e)
        }
        Err(e) => {
            let shown = Shown {
                errors: ctx.error_lines(&e),
                done: String::new(),
                status: crate::console::status_of(&e),
                form,
            };
            ledger_page(&s, &ctx, org, shown).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::signed_minor;

    #[test]
    fn bil_6_staff_amounts_take_a_sign_and_a_decimal_comma() {
        assert_eq!(signed_minor("-12.50").ok(), Some(-1250));
        assert_eq!(signed_minor("\u{2212}12,5").ok(), Some(-1250));
        assert_eq!(signed_minor("+5").ok(), Some(500));
        assert_eq!(signed_minor(" 7.05 ").ok(), Some(705));
        assert!(signed_minor("--1").is_err());
        assert!(signed_minor("1e3").is_err());
        assert!(signed_minor("").is_err());
    }
}
