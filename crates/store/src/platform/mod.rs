//! The audit log (OPS-5) and the outbox of e-mails (MSG-1).

pub mod audit;
pub mod outbox;
pub mod ratelimit;
