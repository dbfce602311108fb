//! Renewals (REN-1, BIL-5): the renewals page is the products list by expiry.

use axum::extract::Query;
use axum::response::Response;
use serde::Deserialize;

use crate::console::see_other;

/// The renewals page the expiry mails link to: the product list by expiry (the next 2 months,
/// or `?window=all`), with renewal, pro-forma and bulk automatic-renewal/warranty actions.
pub async fn renewals_page(Query(q): Query<WindowQuery>) -> Response {
    let window = if q.window == "all" { "?window=all" } else { "" };
    see_other(&format!("/console/products{window}"), None)
}

#[derive(Deserialize, Default)]
pub struct WindowQuery {
    #[serde(default)]
    pub window: String,
}
