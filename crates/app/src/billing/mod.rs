//! Billing: orders and their prices (PRD-2, PRC), invoices and documents (BIL-1..3, BIL-11),
//! billing addresses (BIL-7), renewals and reminders (REN, DUN), idempotency (BIL-10) and
//! `payments/` (means, gateways, redirects, BIL-4, BIL-6, BIL-8), and the terms a partnership
//! sets on an order (`terms`: who pays, discount and cashback, PAR-7, PAR-8).

pub mod addresses;
pub mod auto_renewal;
pub(crate) mod commission;
pub mod contacts;
pub mod documents;
pub mod dunning;
pub mod idempotency;
pub mod invoices;
pub mod orders;
pub mod payments;
pub mod renewals;
pub mod selection;
pub(crate) mod terms;
pub mod upgrades;
