//! Persistence for Kontor on SQLite and PostgreSQL.
//!
//! Each repository function is written once: the [`q!`] macro expands the same sqlx call for
//! both backends. SQL text sticks to the common subset (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`, `LIMIT`). Timestamps are UTC Unix seconds (`i64`), passed in by the caller;
//! no SQL ever reads the database's own clock. Repositories store and fetch; they never decide
//! a business rule.

mod db;
#[doc(hidden)]
pub use db::Inner as db_inner;
pub use db::{Conn, Db, StoreError, StoreResult, at, placeholders, ts};

pub mod billing;
pub mod catalog;
pub mod identity;
pub mod orgs;
pub mod partners;
pub mod platform;
pub mod products;
pub mod reconciliation;
pub mod security;
pub mod staff;
pub mod support;
pub mod webhooks;

/// `text` with the LIKE wildcards (`%`, `_`) and the escape character escaped by `\`, for a
/// pattern matched with `ESCAPE '\'`: a search for `50%` finds "50%" only.
pub fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
