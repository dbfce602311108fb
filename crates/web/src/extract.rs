//! Extractors and response shapes shared by the API handlers: the acting [`Caller`], JSON
//! bodies that answer `invalid_json` / `unknown_field` / `validation_failed` in the envelope,
//! paging, and the success envelope (API-4).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kontor_app::platform::actor::ActorKind;
use kontor_app::{Actor, AppError, ErrorCode, FieldError, Origin};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The authenticated actor of an endpoint that needs one (a bearer token or a console session):
/// without one the answer is `401 unauthenticated`, before the query or the body is looked at
/// (the handler's later extractors never run).
#[derive(Debug, Clone)]
pub struct Caller(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Actor>() {
            Some(a) if !matches!(a.kind, ActorKind::Anonymous) => Ok(Caller(a.clone())),
            _ => Err(ApiError::code(ErrorCode::Unauthenticated)),
        }
    }
}

/// The actor of a public endpoint (sign-up, sign-in, resets, invitations): anonymous or not.
#[derive(Debug, Clone)]
pub struct Visitor(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Visitor(
            parts
                .extensions
                .get::<Actor>()
                .cloned()
                .unwrap_or_else(|| Actor::anonymous(Origin::default())),
        ))
    }
}

/// A JSON request body. Unknown fields are refused (API.md); each failure has its own code.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json") || ct.contains("+json"));
        if !json {
            return Err(ApiError::code(ErrorCode::UnsupportedMediaType));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::code(ErrorCode::PayloadTooLarge)
            } else {
                ApiError::code(ErrorCode::InvalidJson)
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses a body, telling syntax errors, unknown fields and wrong values apart, each in
/// Kontor's own words (never the parser's). A whole number written with a fraction of zero
/// (`2.0`) is a whole number.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError(AppError::with_message(
            ErrorCode::InvalidJson,
            if e.is_eof() {
                "The request body is not valid JSON: it ends too early.".to_owned()
            } else {
                format!(
                    "The request body is not valid JSON (line {}, column {}).",
                    e.line(),
                    e.column()
                )
            },
        ))
    })?;
    whole_numbers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        refusal(&path, &e.into_inner().to_string())
    })
}

/// `2.0` → `2`, anywhere in a body.
fn whole_numbers(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64())
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                *n = serde_json::Number::from(f as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// What a field's value must be, from what the parser expected.
fn kind_of(expected: &str) -> (&'static str, &'static str) {
    let e = expected.trim();
    if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "isize", "integer",
    ]
    .iter()
    .any(|k| e.starts_with(k))
    {
        ("must_be_integer", "a whole number")
    } else if e.starts_with("f32") || e.starts_with("f64") {
        ("must_be_number", "a number")
    } else if e.starts_with("a string") || e.starts_with("a borrowed string") || e.starts_with("a char") {
        ("must_be_string", "a string")
    } else if e.starts_with("a boolean") {
        ("must_be_boolean", "true or false")
    } else if e.starts_with("a sequence") {
        ("must_be_list", "a list")
    } else if e.starts_with("struct") || e.starts_with("a map") {
        ("must_be_object", "an object")
    } else {
        ("invalid", "one of the allowed values")
    }
}

/// What a query value failed to parse as (the standard parsers' errors), as an "expected".
fn parse_error(message: &str) -> Option<&'static str> {
    match message {
        "invalid digit found in string"
        | "cannot parse integer from empty string"
        | "number too large to fit in target type"
        | "number too small to fit in target type" => Some("integer"),
        "invalid float literal" | "cannot parse float from empty string" => Some("f64"),
        "provided string was not `true` or `false`" => Some("a boolean"),
        _ => None,
    }
}

/// A body or query that does not fit, as the field error of `path` (serde's `.`-joined path;
/// `.` alone for the whole) in Kontor's words.
fn refusal(path: &str, message: &str) -> ApiError {
    let whole = matches!(path, "." | "");
    let quoted = message.split('`').nth(1).unwrap_or_default();
    if message.starts_with("unknown field `") {
        // The path already ends with the unknown field's name.
        let field = if whole { quoted.to_owned() } else { path.to_owned() };
        return field_refusal(
            ErrorCode::UnknownField,
            format!("Unknown field `{field}`."),
            field,
            "unknown_field",
        );
    }
    if message.starts_with("missing field `") {
        let field = if whole {
            quoted.to_owned()
        } else {
            format!("{path}.{quoted}")
        };
        let text = format!("The field `{field}` is required.");
        return field_refusal(ErrorCode::ValidationFailed, text, field, "required");
    }
    let field = if whole { "body".to_owned() } else { path.to_owned() };
    let expected = message
        .split(", expected ")
        .nth(1)
        .or_else(|| parse_error(message));
    let (code, text) = match expected.map(kind_of) {
        Some((code, kind)) if whole => (code, format!("The request must be {kind}.")),
        Some((code, kind)) => (code, format!("The field `{field}` must be {kind}.")),
        None => (
            "invalid",
            format!("The field `{field}` has a value that is not allowed."),
        ),
    };
    field_refusal(ErrorCode::ValidationFailed, text, field, code)
}

fn field_refusal(code: ErrorCode, message: String, field: String, field_code: &str) -> ApiError {
    ApiError(AppError::Refused {
        code,
        message,
        errors: vec![FieldError {
            field,
            code: field_code.to_owned(),
        }],
        retry_after: None,
    })
}

/// `{"result":"success","data":...}`
#[derive(Serialize, utoipa::ToSchema)]
pub struct Envelope<T> {
    /// Always `success`.
    pub result: &'static str,
    pub data: T,
}

impl<T: Serialize> Envelope<T> {
    pub fn ok(data: T) -> Json<Envelope<T>> {
        Json(Envelope {
            result: "success",
            data,
        })
    }
}

/// A page of a list: `data` plus `total`, `page`, `pages`, `per_page`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ListEnvelope<T> {
    pub result: &'static str,
    pub data: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub per_page: i64,
    /// Keyset paging: pass as `after` to get the next page (lists that offer it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_after: Option<i64>,
}

impl<T: Serialize> ListEnvelope<T> {
    pub fn page(data: Vec<T>, total: i64, paging: Paging) -> Json<ListEnvelope<T>> {
        let per_page = paging.per_page();
        Json(ListEnvelope {
            result: "success",
            data,
            total,
            page: paging.page(),
            pages: (total + per_page - 1) / per_page,
            per_page,
            next_after: None,
        })
    }

    /// A whole list as one page.
    pub fn all(data: Vec<T>) -> Json<ListEnvelope<T>> {
        let total = data.len() as i64;
        Json(ListEnvelope {
            result: "success",
            data,
            total,
            page: 1,
            pages: i64::from(total > 0),
            per_page: total.max(1),
            next_after: None,
        })
    }
}

/// `?page=1&per_page=50` (per_page at most 500).
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// From 1 [default: 1].
    #[param(minimum = 1)]
    pub page: Option<i64>,
    /// From 1 to 500 [default: 50].
    #[param(minimum = 1, maximum = 500)]
    pub per_page: Option<i64>,
}

impl Paging {
    pub fn page(self) -> i64 {
        self.page.unwrap_or(1).max(1)
    }

    pub fn per_page(self) -> i64 {
        self.per_page.unwrap_or(50).clamp(1, 500)
    }

    /// The rows before this page; a page so far out that they cannot be counted is refused
    /// (`page`: `out_of_range`) rather than wrapped around.
    pub fn offset(self) -> Result<i64, ApiError> {
        kontor_app::platform::error::page_offset(self.page(), self.per_page()).map_err(ApiError)
    }
}

/// 201 Created with the envelope.
pub fn created<T: Serialize>(data: T) -> Response {
    (StatusCode::CREATED, Envelope::ok(data)).into_response()
}

/// 204 No Content.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// A path parameter; one that does not parse names nothing that exists (404).
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|_| ApiError::code(ErrorCode::NotFound))
    }
}

/// A query string; one that does not fit is `validation_failed`, named by its parameter.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de).map(ApiQuery).map_err(|e| {
            let path = e.path().to_string();
            refusal(&path, &e.into_inner().to_string())
        })
    }
}

/// The `Idempotency-Key` header (BIL-10), when present.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.headers.get("idempotency-key") {
            None => Ok(IdempotencyKey(None)),
            Some(v) => v
                .to_str()
                .map(|s| IdempotencyKey(Some(s.to_owned())))
                .map_err(|_| ApiError(AppError::field("Idempotency-Key", "invalid"))),
        }
    }
}

impl IdempotencyKey {
    /// The key with the fingerprint of this request: what it asks (`what`) and its body.
    pub fn with<T: Serialize>(
        &self,
        what: &str,
        body: &T,
    ) -> Result<Option<kontor_app::billing::idempotency::Idem>, ApiError> {
        let Some(key) = &self.0 else {
            return Ok(None);
        };
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        kontor_app::billing::idempotency::Idem::new(key, "POST", what, &bytes)
            .map(Some)
            .map_err(ApiError)
    }
}
