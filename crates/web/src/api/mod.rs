//! The JSON API, version 1 (API.md). One folder per area, one file per noun; each handler extracts, calls one
//! service method and maps the answer to a response shape defined next to it.

pub mod access;
pub mod billing;
pub mod catalog;
pub mod identity;
pub mod money;
pub mod orgs;
pub mod partners;
pub mod partnerships;
pub mod products;
pub mod security;
pub mod support;

use kontor_app::AppError;
use kontor_app::model::at;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::ApiError;

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

/// The language of a document for the caller: `?lang=`, else `Accept-Language`, else the
/// caller's profile, else English.
pub async fn document_language(
    app: &kontor_app::App,
    actor: &kontor_app::platform::actor::Actor,
    headers: &http::HeaderMap,
    lang: Option<&str>,
) -> Result<kontor_domain::account::Language, ApiError> {
    use kontor_domain::account::Language;
    if let Some(l) = lang {
        return Language::parse(l).ok_or_else(|| ApiError(AppError::field("lang", "unknown_language")));
    }
    if let Some(l) = headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Language::from_accept_language)
    {
        return Ok(l);
    }
    Ok(match app.get_profile(actor).await {
        Ok(u) => Language::parse(&u.language).unwrap_or_default(),
        Err(_) => Language::default(),
    })
}

/// A file answer (PDF, CSV) that a browser downloads under `filename`.
pub fn file_response(content_type: &'static str, filename: &str, body: Vec<u8>) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (http::header::CONTENT_TYPE, content_type.to_owned()),
            (
                http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
            (http::header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}
