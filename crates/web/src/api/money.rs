//! Money as the API writes it (API.md: a decimal string with 2 places and a currency).

use kontor_app::AppError;
use kontor_domain::money::{format_minor, parse_minor};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;

/// An amount: `{"amount":"208.32","currency":"CHF"}`.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Money {
    pub amount: String,
    pub currency: String,
}

impl Money {
    pub fn new(minor: i64, currency: &str) -> Money {
        Money {
            amount: format_minor(minor),
            currency: currency.to_owned(),
        }
    }
}

/// Parses a decimal amount field.
pub fn amount_field(field: &str, s: &str) -> Result<i64, ApiError> {
    parse_minor(s).map_err(|_| ApiError(AppError::field(field, "invalid_amount")))
}
