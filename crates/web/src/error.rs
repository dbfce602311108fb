//! Turning a service's [`AppError`] into the API envelope (API-4): a stable code, a
//! description, field errors, and never an internal detail.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kontor_app::{AppError, ErrorCode};
use serde::Serialize;

/// An error on its way to an API client.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl ApiError {
    pub fn code(code: ErrorCode) -> ApiError {
        ApiError(AppError::new(code))
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorEnvelope {
    /// Always `error`.
    pub result: &'static str,
    pub error: ErrorBody,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code from the published catalogue.
    pub code: String,
    pub description: String,
    pub errors: Vec<FieldErrorBody>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldErrorBody {
    pub field: String,
    pub code: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, description, errors, retry_after) = match self.0 {
            AppError::Refused {
                code,
                message,
                errors,
                retry_after,
            } => (code, message, errors, retry_after),
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                let c = ErrorCode::InternalError;
                (c, c.description().to_owned(), Vec::new(), None)
            }
        };
        let status = StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorEnvelope {
            result: "error",
            error: ErrorBody {
                code: code.as_str().to_owned(),
                description,
                errors: errors
                    .into_iter()
                    .map(|f| FieldErrorBody {
                        field: f.field,
                        code: f.code,
                    })
                    .collect(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(secs) = retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
