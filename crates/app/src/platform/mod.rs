//! What every area stands on: the actor, the audit log (OPS-5), the clock port (OPS-3),
//! secrets and hashes (SEC-6), the error catalogue, languages (MSG-2), e-mail composition and
//! transport (MSG-1), the outbound HTTP client and settings.

pub mod actor;
pub mod audit;
pub mod clock;
pub mod crypto;
pub mod error;
pub mod files;
pub mod http_client;
pub mod i18n;
pub mod mail;
pub mod mailer;
pub mod ratelimit;
pub mod settings;
pub mod sms;
