//! Identity: accounts and sign-in (ACC), console sessions, personal API tokens (API-5).

pub mod accounts;
pub mod login_email;
pub mod sessions;
pub mod token_cache;
pub mod tokens;
