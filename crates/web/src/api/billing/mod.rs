//! Billing: orders, payments, invoices and pro-formas, renewals, the prepaid account, billing
//! addresses and settings, and the sandbox processor's card endpoint.

pub mod addresses;
pub mod invoices;
pub mod orders;
pub mod payments;
pub mod prepaid;
pub mod proformas;
pub mod renewals;
pub mod sandbox;
pub mod settings;
