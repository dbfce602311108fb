//! Extractors and response shapes shared by the API handlers: the acting [`Caller`], JSON
//! bodies that answer `invalid_json` / `unknown_field` / `validation_failed` in the envelope,
//! paging, and the success envelope (API-4).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kontor_app::{Actor, AppError, ErrorCode, FieldError, Origin};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The actor resolved by the authentication middleware for this request.
#[derive(Debug, Clone)]
pub struct Caller(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Caller(
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

/// Parses a body, telling syntax errors, unknown fields and wrong values apart.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        use serde_json::error::Category;
        let message = e.to_string();
        match e.classify() {
            Category::Syntax | Category::Eof | Category::Io => ApiError(AppError::with_message(
                ErrorCode::InvalidJson,
                format!("The request body is not valid JSON: {message}"),
            )),
            Category::Data => {
                if let Some(rest) = message.strip_prefix("unknown field `") {
                    let field = rest.split('`').next().unwrap_or_default().to_owned();
                    return ApiError(AppError::Refused {
                        code: ErrorCode::UnknownField,
                        message: format!("Unknown field `{field}`."),
                        errors: vec![FieldError {
                            field,
                            code: "unknown_field".to_owned(),
                        }],
                        retry_after: None,
                    });
                }
                let field = message
                    .strip_prefix("missing field `")
                    .and_then(|r| r.split('`').next())
                    .unwrap_or("body")
                    .to_owned();
                let code = if message.starts_with("missing field") {
                    "required"
                } else {
                    "invalid"
                };
                ApiError(AppError::Refused {
                    code: ErrorCode::ValidationFailed,
                    message: format!("The request body does not fit: {message}"),
                    errors: vec![FieldError {
                        field,
                        code: code.to_owned(),
                    }],
                    retry_after: None,
                })
            }
        }
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
pub struct Paging {
    pub page: Option<i64>,
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

/// A query string; one that does not fit is `validation_failed`.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e| ApiError(AppError::with_message(ErrorCode::ValidationFailed, e.body_text())))
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
