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
pub use db::{Conn, Db, StoreError, StoreResult, at, ts};

pub mod addresses;
pub mod audit;
pub mod catalog;
pub mod invitations;
pub mod invoices;
pub mod links;
pub mod members;
pub mod orders;
pub mod orgs;
pub mod outbox;
pub mod payments;
pub mod prepaid;
pub mod products;
pub mod renewals;
pub mod sandbox;
pub mod service_tokens;
pub mod sessions;
pub mod signin;
pub mod sites;
pub mod tokens;
pub mod users;
pub mod webhooks;
pub mod workgroups;
