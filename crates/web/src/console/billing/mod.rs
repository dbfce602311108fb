//! Billing pages: ordering and paying (the catalogue is the order form), invoices, renewals,
//! the prepaid account, the billing page, and the sandbox gateway's own pages.

pub mod invoices;
pub mod orders;
pub mod prepaid;
pub mod renewals;
pub mod sandbox;
pub mod settings;
