//! End-to-end tests of the foundation, through the whole HTTP stack, on SQLite by default and
//! on PostgreSQL when `KONTOR_TEST_DATABASE_URL` is set. Each test names the rule it proves.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(
    clippy::too_many_lines,
    reason = "a scenario test reads top to bottom as one story, and the permission matrix is one table"
)]

mod accounts;
mod affiliates;
mod commerce;
mod confirmations;
mod console;
mod conventions;
mod documents;
mod home;
mod jobs;
mod languages;
mod login_email;
mod matrix;
mod means;
mod members;
mod orgs;
mod partner_billing;
mod partners;
mod partnerships;
mod products;
mod reconciliation;
mod renewals;
mod security;
mod selection;
mod shop_console;
mod storage;
mod tokens;
mod verification;
