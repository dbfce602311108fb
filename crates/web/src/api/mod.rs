//! The JSON API, version 1 (API.md). One module per area; each handler extracts, calls one
//! service method and maps the answer to a response shape defined next to it.

pub mod billing;
pub mod identity;
pub mod members;
pub mod orders;
pub mod orgs;
pub mod products;
pub mod profile;
pub mod renewals;
pub mod tokens;
pub mod workgroups;

use kontor_app::model::at;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::ApiError;
use kontor_app::AppError;

/// RFC 3339 UTC text for a stored timestamp.
pub fn rfc3339(ts: i64) -> String {
    at(ts).format(&Rfc3339).unwrap_or_default()
}

/// Parses an RFC 3339 instant from a request field.
pub fn parse_instant(field: &str, s: &str) -> Result<OffsetDateTime, ApiError> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|_| ApiError(AppError::field(field, "invalid_datetime")))
}

/// A `YYYY-MM-DD` query parameter as the first (`end` false) or last second of that UTC day.
pub fn day_bound(field: &str, s: Option<&str>, end: bool) -> Result<Option<i64>, ApiError> {
    let Some(s) = s else { return Ok(None) };
    let d = time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|_| ApiError(AppError::field(field, "invalid_date")))?;
    let start = d.midnight().assume_utc().unix_timestamp();
    Ok(Some(if end { start + 86_399 } else { start }))
}
