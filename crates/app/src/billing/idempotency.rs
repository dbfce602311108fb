//! Idempotency keys (BIL-10): a request that creates an order, a payment or a top-up may carry
//! an `Idempotency-Key` (per user and organization). The key is **claimed** in its own
//! committed transaction before anything else happens — before the gateway is touched — with a
//! fingerprint of the request; the transaction that creates the result records its id on the
//! claim. The same key with the same request answers the first result; while the first is still
//! running, `409 idempotency_key_in_use` (it never reaches the gateway); with another request,
//! `409 idempotency_key_reused`. A request that ends without a result (refused input) gives the
//! key back; a claim whose request stopped (a crash) can be taken over after [`CLAIM_LEASE_SECS`].

use kontor_domain::OrgId;
use kontor_store::{Conn, billing::payments};

use crate::App;
use crate::platform::actor::Actor;
use crate::platform::error::{AppError, AppResult, ErrorCode};

/// A claim older than this whose request never recorded a result is taken over by the next
/// request with the key (its charge, if any, is found by the orphan-charge job).
pub const CLAIM_LEASE_SECS: i64 = 300;

/// A key and the fingerprint (SHA-256 of method, path and body) of the request carrying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idem {
    pub key: String,
    pub fingerprint: String,
    /// When this request claimed the key (0 until it has).
    claimed_at: i64,
}

/// What claiming a key found.
enum Claim {
    /// This request holds the key now (claimed at this instant).
    Held(i64),
    /// An earlier request with the key produced this id.
    Replay(i64),
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
            claimed_at: 0,
        })
    }

    /// The key of one step of a request that creates two things (a renewal order, then its
    /// payment): same fingerprint, its own key.
    pub fn derived(&self, step: &str) -> Idem {
        Idem {
            key: format!("{}#{step}", self.key),
            fingerprint: self.fingerprint.clone(),
            claimed_at: 0,
        }
    }
}

fn scope(actor: &Actor, org: OrgId) -> String {
    let who = actor.user_id().map_or(0, |u| u.0);
    format!("u{who}:o{}", org.0)
}

impl App {
    /// Runs `run` once per key: claims the key first (see the module), answers `replay` of the
    /// first result when the key already produced one, and gives the key back when `run` ends
    /// without a result. `run` gets the held key, to record its result with [`App::remember`].
    pub(crate) async fn once<T>(
        &self,
        actor: &Actor,
        org: OrgId,
        idem: Option<&Idem>,
        kind: &str,
        replay: impl AsyncFnOnce(i64) -> AppResult<T>,
        run: impl AsyncFnOnce(Option<&Idem>) -> AppResult<T>,
    ) -> AppResult<T> {
        let Some(idem) = idem else {
            return run(None).await;
        };
        let claimed_at = match self.claim(actor, org, idem, kind).await? {
            Claim::Replay(id) => return replay(id).await,
            Claim::Held(at) => at,
        };
        let held = Idem {
            claimed_at,
            ..idem.clone()
        };
        let result = run(Some(&held)).await;
        if result.is_err() {
            let mut c = self.read().await?;
            payments::release_idempotency(&mut c, &scope(actor, org), &idem.key, claimed_at).await?;
        }
        result
    }

    async fn claim(&self, actor: &Actor, org: OrgId, idem: &Idem, kind: &str) -> AppResult<Claim> {
        let scope = scope(actor, org);
        let now = self.now_ts();
        let mut tx = self.write().await?;
        let claim = match payments::find_idempotency(&mut tx, &scope, &idem.key).await? {
            None => {
                if payments::claim_idempotency(&mut tx, &scope, &idem.key, &idem.fingerprint, kind, now)
                    .await?
                {
                    Claim::Held(now)
                } else {
                    // Another instance claimed it between the read and the insert.
                    return Err(AppError::new(ErrorCode::IdempotencyKeyInUse));
                }
            }
            Some(row) if row.request_hash != idem.fingerprint || row.result_kind != kind => {
                return Err(AppError::new(ErrorCode::IdempotencyKeyReused));
            }
            Some(row) if row.result_id != 0 => Claim::Replay(row.result_id),
            Some(row) if row.created_at <= now - CLAIM_LEASE_SECS => {
                if payments::take_over_idempotency(&mut tx, &scope, &idem.key, row.created_at, now).await? {
                    Claim::Held(now)
                } else {
                    return Err(AppError::new(ErrorCode::IdempotencyKeyInUse));
                }
            }
            Some(_) => return Err(AppError::new(ErrorCode::IdempotencyKeyInUse)),
        };
        tx.commit().await?;
        Ok(claim)
    }

    /// Records what the held key produced, in the creating transaction. When the claim is no
    /// longer this request's (taken over after the lease), this fails with
    /// `idempotency_key_reused` so the caller rolls back (and gives back a charge).
    pub(crate) async fn remember(
        &self,
        tx: &mut Conn,
        actor: &Actor,
        org: OrgId,
        idem: &Idem,
        kind: &str,
        id: i64,
    ) -> AppResult<()> {
        if payments::complete_idempotency(tx, &scope(actor, org), &idem.key, kind, id, idem.claimed_at)
            .await?
        {
            Ok(())
        } else {
            Err(AppError::new(ErrorCode::IdempotencyKeyReused))
        }
    }

    /// The result a key produced, if it did (an answer after a lost claim).
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
        Ok(payments::find_idempotency(&mut c, &scope(actor, org), &idem.key)
            .await?
            .filter(|row| {
                row.request_hash == idem.fingerprint && row.result_kind == kind && row.result_id != 0
            })
            .map(|row| row.result_id))
    }
}
