//! Idempotency keys (BIL-10): a request that creates an order, a payment or a top-up may carry
//! an `Idempotency-Key`. The key is remembered (per user and organization) with a fingerprint
//! of the request and the id of what it created, in the transaction that created it. The same
//! key with the same request answers the first result; with another request, 409.

use kontor_domain::OrgId;
use kontor_store::{Conn, billing::payments};

use crate::App;
use crate::platform::actor::Actor;
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// A key and the fingerprint (SHA-256 of method, path and body) of the request carrying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idem {
    pub key: String,
    pub fingerprint: String,
}

impl Idem {
    /// A key of 1 to 255 visible ASCII characters.
    pub fn new(key: &str, method: &str, path: &str, body: &[u8]) -> AppResult<Idem> {
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(AppError::field("Idempotency-Key", "invalid"));
        }
        let mut material = format!("{method} {path}\n").into_bytes();
        material.extend_from_slice(body);
        Ok(Idem {
            key: key.to_owned(),
            fingerprint: crate::platform::crypto::sha256_hex(&String::from_utf8_lossy(&material)),
        })
    }

    /// The key of one step of a request that creates two things (a renewal order, then its
    /// payment): same fingerprint, its own key.
    pub fn derived(&self, step: &str) -> Idem {
        Idem {
            key: format!("{}#{step}", self.key),
            fingerprint: self.fingerprint.clone(),
        }
    }
}

fn scope(actor: &Actor, org: OrgId) -> String {
    let who = actor.user_id().map_or(0, |u| u.0);
    format!("u{who}:o{}", org.0)
}

impl App {
    /// The id a key already produced, or `None` for a new key; 409 when the key came with
    /// another request.
    pub(crate) async fn replay(
        &self,
        actor: &Actor,
        org: OrgId,
        idem: Option<&Idem>,
        kind: &str,
    ) -> AppResult<Option<i64>> {
        let Some(idem) = idem else {
            return Ok(None);
        };
        let mut c = self.read().await?;
        match payments::find_idempotency(&mut c, &scope(actor, org), &idem.key).await? {
            None => Ok(None),
            Some(row) if row.request_hash == idem.fingerprint && row.result_kind == kind => {
                Ok(Some(row.result_id))
            }
            Some(_) => Err(AppError::new(ErrorCode::IdempotencyKeyReused)),
        }
    }

    /// Remembers what a key produced, in the creating transaction. When another request with
    /// the same key committed first, this fails with `idempotency_race` so the caller rolls
    /// back and answers the first result.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn remember(
        &self,
        tx: &mut Conn,
        actor: &Actor,
        org: OrgId,
        idem: &Idem,
        kind: &str,
        id: i64,
        now: i64,
    ) -> AppResult<()> {
        payments::insert_idempotency(
            tx,
            &scope(actor, org),
            &idem.key,
            &idem.fingerprint,
            kind,
            id,
            now,
        )
        .await
        .map_err(|e| {
            if e.is_unique("idem") || e.is_unique("idempotency") {
                AppError::new(ErrorCode::IdempotencyKeyReused)
            } else {
                e.into()
            }
        })
    }
}
