//! Identity: users, sign-in failures, sessions, personal and service tokens, one-time links.

pub mod links;
pub mod service_tokens;
pub mod sessions;
pub mod signin;
pub mod tokens;
pub mod users;
