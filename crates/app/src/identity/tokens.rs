//! Personal API tokens (API-2, API-5): created with a name, scopes and an optional expiry,
//! shown once, listed with their last use, revocable. Only their SHA-256 is stored.

use kontor_domain::{AuditAction, ScopeSet, TokenId, UserId};
use kontor_store::identity::tokens::{self, NewToken, TokenRow};
use time::OffsetDateTime;

use crate::App;
use crate::access::{Action, Resource, decide};
use crate::identity::token_cache::CachedToken;
use crate::platform::actor::{Actor, ActorKind, Credential, Origin};
use crate::platform::audit::Entry;
use crate::platform::crypto;
use crate::platform::error::{AppError, AppResult, ErrorCode, Validator};

/// `last_used_at` is written at most once a minute per token.
const LAST_USE_PRECISION_SECS: i64 = 60;

/// A request for a token.
#[derive(Debug, Clone)]
pub struct NewTokenInput {
    pub name: String,
    pub scopes: Vec<String>,
    pub expires_at: Option<OffsetDateTime>,
}

/// A created token: the secret is shown this once.
#[derive(Debug, Clone)]
pub struct CreatedToken {
    pub row: TokenRow,
    pub secret: String,
}

impl App {
    fn validate_token_input(&self, input: &NewTokenInput) -> AppResult<ScopeSet> {
        let mut v = Validator::default();
        let name = input.name.trim();
        v.name("name", name, 100);
        let scopes = ScopeSet::parse(&input.scopes);
        v.check(scopes.is_ok(), "scopes", "unknown_scope");
        v.check(!input.scopes.is_empty(), "scopes", "required");
        if let Some(exp) = input.expires_at {
            let now = self.now();
            v.check(exp > now, "expires_at", "must_be_future");
            v.check(
                exp <= kontor_domain::pricing::add_months(now, self.settings.token_max_months),
                "expires_at",
                "too_far",
            );
        }
        v.finish()?;
        scopes.map_err(|_| AppError::field("scopes", "unknown_scope"))
    }

    async fn insert_token(
        &self,
        actor: &Actor,
        user: i64,
        input: &NewTokenInput,
        scopes: &ScopeSet,
    ) -> AppResult<CreatedToken> {
        let secret = crypto::new_secret("kt_");
        let ts = self.now_ts();
        let mut change = self.change(actor, ts).await?;
        let id = tokens::insert_token(
            &mut change.tx,
            &NewToken {
                user_id: user,
                name: input.name.trim(),
                token_hash: &crypto::sha256_hex(&secret),
                scopes: &scopes.to_stored(),
                now: ts,
                expires_at: input.expires_at.map(OffsetDateTime::unix_timestamp),
            },
        )
        .await?;
        let details = format!("name={} scopes={}", input.name.trim(), scopes.to_stored());
        change
            .record(Entry::new(AuditAction::TokenCreate, "token", Some(id)).details(details))
            .await?;
        let row = tokens::list_tokens_of_user(&mut change.tx, user)
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(AppError::not_found)?;
        change.commit().await?;
        Ok(CreatedToken { row, secret })
    }

    /// `POST /1/auth/tokens`: e-mail and password (and the second factor) for a token.
    pub async fn create_token_with_credentials(
        &self,
        actor: &Actor,
        email: &str,
        password: &str,
        second_factor: Option<&str>,
        input: NewTokenInput,
    ) -> AppResult<CreatedToken> {
        let scopes = self.validate_token_input(&input)?;
        let user = self.authenticate(actor, email, password, second_factor).await?;
        let who = Actor::user(UserId(user.id), &user.email, actor.origin.clone());
        // API-3: minting a token is a request of its user, so a new token brings no new
        // allowance.
        self.count_request(&who).await?;
        self.insert_token(&who, user.id, &input, &scopes).await
    }

    /// A signed-in user creates a token. A token may create tokens only within its own scopes.
    pub async fn create_token(&self, actor: &Actor, input: NewTokenInput) -> AppResult<CreatedToken> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let user = actor
            .user_id()
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        let scopes = self.validate_token_input(&input)?;
        if let Some(own) = actor.token_scopes()
            && !own.covers_all(&scopes)
        {
            return Err(AppError::with_message(
                ErrorCode::MissingScope,
                "a token can only create tokens with scopes it holds itself",
            ));
        }
        self.insert_token(actor, user.0, &input, &scopes).await
    }

    pub async fn list_tokens(&self, actor: &Actor) -> AppResult<Vec<TokenRow>> {
        decide(actor, Action::ProfileRead, Resource::OwnAccount).into_result()?;
        let user = actor
            .user_id()
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        let mut c = self.read().await?;
        Ok(tokens::list_tokens_of_user(&mut c, user.0).await?)
    }

    /// Revokes one of the user's tokens; another user's token is `not_found`.
    pub async fn revoke_token(&self, actor: &Actor, id: TokenId) -> AppResult<()> {
        decide(actor, Action::ProfileUpdate, Resource::OwnAccount).into_result()?;
        let user = actor
            .user_id()
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        let ts = self.now_ts();
        let mut change = self.change(actor, ts).await?;
        if !tokens::revoke_token(&mut change.tx, user.0, id.0, ts).await? {
            return Err(AppError::not_found());
        }
        change
            .record(Entry::new(AuditAction::TokenRevoke, "token", Some(id.0)))
            .await?;
        change.commit().await?;
        self.token_cache.forget(id.0);
        Ok(())
    }

    /// API-2: the user behind a bearer token.
    pub async fn resolve_token(&self, secret: &str, origin: Origin) -> AppResult<Actor> {
        let now = self.now_ts();
        let hash = crypto::sha256_hex(secret);
        let token = if let Some(t) = self.token_cache.get(&hash, now) {
            t
        } else {
            {
                let mut c = self.read().await?;
                let row = tokens::find_token_with_user(&mut c, &hash)
                    .await?
                    .filter(|t| t.revoked_at.is_none())
                    .ok_or_else(|| AppError::new(ErrorCode::InvalidToken))?;
                let t = CachedToken {
                    token_id: row.id,
                    user_id: row.user_id,
                    email: row.email,
                    scopes: ScopeSet::from_stored(&row.scopes),
                    expires_at: row.expires_at,
                    loaded_at: now,
                    last_used_at: row.last_used_at,
                };
                self.token_cache.put(hash.clone(), t.clone());
                t
            }
        };
        if token.expires_at.is_some_and(|e| e <= now) {
            return Err(AppError::new(ErrorCode::TokenExpired));
        }
        if token
            .last_used_at
            .is_none_or(|t| now - t >= LAST_USE_PRECISION_SECS)
        {
            let mut c = self.read().await?;
            tokens::update_last_used(&mut c, token.token_id, now).await?;
            self.token_cache.note_use(&hash, now);
        }
        Ok(Actor {
            kind: ActorKind::User {
                id: UserId(token.user_id),
                email: token.email,
                credential: Credential::Token {
                    id: TokenId(token.token_id),
                    scopes: token.scopes,
                },
            },
            origin,
        })
    }
}
