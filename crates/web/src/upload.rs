//! `multipart/form-data` bodies with files (the photos of an identity verification, SEC-5),
//! read whole into memory within the route's body limit. The API and the console share it:
//! text fields and files by name; a malformed body is `validation_failed`, one over the
//! route's limit `payload_too_large`.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use kontor_app::{AppError, ErrorCode};

/// The longest text field kept (a password, a CSRF token, an e-mail address).
const TEXT_MAX: usize = 4096;

/// A read multipart body.
#[derive(Debug, Default)]
pub struct Upload {
    fields: Vec<(String, String)>,
    /// Field name, the file's name as the browser sent it, and its bytes.
    files: Vec<(String, String, Vec<u8>)>,
}

impl Upload {
    /// Reads the whole body. A file beyond `file_max` bytes is kept cut at `file_max + 1`, so
    /// that the check of its size still refuses it by name without holding more.
    pub async fn read<S: Send + Sync>(req: Request, state: &S, file_max: usize) -> Result<Upload, AppError> {
        let mut multipart = Multipart::from_request(req, state).await.map_err(|_| {
            AppError::with_message(ErrorCode::UnsupportedMediaType, "Send multipart/form-data.")
        })?;
        let mut upload = Upload::default();
        while let Some(mut field) = multipart.next_field().await.map_err(refusal)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(ToOwned::to_owned);
            let is_file = file_name.is_some();
            let max = if is_file { file_max } else { TEXT_MAX };
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(refusal)? {
                if bytes.len() <= max {
                    let room = max + 1 - bytes.len();
                    bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
            }
            if let Some(file_name) = file_name {
                upload.files.push((name, file_name, bytes));
            } else {
                upload
                    .fields
                    .push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
        Ok(upload)
    }

    /// A text field, empty when absent.
    pub fn field(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// A file's bytes, empty when absent.
    pub fn file(&self, name: &str) -> &[u8] {
        self.files
            .iter()
            .find(|(k, _, _)| k == name)
            .map_or(&[][..], |(_, _, v)| v.as_slice())
    }

    /// The name a file was sent under, empty when absent.
    pub fn file_name(&self, name: &str) -> String {
        self.files
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, n, _)| n.clone())
            .unwrap_or_default()
    }
}

fn refusal(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::new(ErrorCode::PayloadTooLarge)
    } else {
        AppError::with_message(
            ErrorCode::ValidationFailed,
            "The multipart/form-data body is malformed.",
        )
    }
}

/// The body limit of a route that takes two photos: both at their largest, and room for the
/// text fields and the multipart framing.
pub fn photos_body_limit(file_max: usize) -> usize {
    2 * file_max + 256 * 1024
}
