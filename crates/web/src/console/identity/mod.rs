//! Identity pages: sign-up, sign-in, password reset, recovery address, language; the profile
//! and personal API tokens.

pub mod auth;
pub mod profile;
pub mod recover;
pub mod security;
pub mod support;
pub mod tokens;
