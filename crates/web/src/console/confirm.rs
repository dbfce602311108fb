//! The confirmation step of what cannot be undone (issue 18): ending a product, leaving an
//! organization, removing members, forgetting a saved card, deleting a billing address,
//! revoking a token. The action's own form posts to the action; without `confirmed=yes` the
//! action answers this page instead — a sentence naming what will happen, the same fields
//! again with `confirmed=yes`, and a way back — so the step holds without JavaScript and no
//! form can skip it by accident.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use crate::AppState;
use crate::console::{Ctx, FormData, Frame};

/// Whether the form comes from the confirmation page.
pub fn confirmed(form: &FormData) -> bool {
    form.get("confirmed") == "yes"
}

/// What a confirmation page asks.
pub struct Ask<'a> {
    /// Where the confirmed form posts (the action itself).
    pub action: &'a str,
    /// The sentences naming what will happen.
    pub what: Vec<String>,
    /// The label of the confirming button (`confirm-end`, …), a message key.
    pub button: &'a str,
    /// Where "keep it" leads back to.
    pub back: &'a str,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage<'a> {
    f: Frame,
    action: &'a str,
    what: Vec<String>,
    button: String,
    back: &'a str,
    fields: Vec<(String, String)>,
}

/// The confirmation page for `ask`, carrying the form's fields (its CSRF token aside: the
/// page has its own).
pub async fn ask(s: &AppState, ctx: &Ctx, form: &FormData, ask: Ask<'_>) -> Response {
    let page = ConfirmPage {
        f: ctx.frame(s, "undo-title").await,
        action: ask.action,
        what: ask.what,
        button: ctx.tr().t(ask.button),
        back: ask.back,
        fields: form
            .pairs()
            .iter()
            .filter(|(k, _)| k != "csrf" && k != "confirmed")
            .cloned()
            .collect(),
    };
    ctx.render(StatusCode::OK, &page)
}
