//! Authorization as the API exposes it (AUTHZ-4, AUTHZ-5).

pub mod checks;
