//! Billing: orders, invoices, billing addresses, payments and saved means, the prepaid ledger,
//! renewal attempts, expiry notices and reminders.

pub mod addresses;
pub mod invoices;
pub mod orders;
pub mod payments;
pub mod prepaid;
pub mod renewals;
