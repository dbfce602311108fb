//! Pure types and rules of Kontor: identifiers, e-mail addresses, passwords, languages,
//! currencies, roles, token scopes, sign-in lock-out, the per-token rate limit, and the names
//! stored as text (states, webhook events, audit actions; see `text_enum`).
//!
//! Nothing here performs IO: no database, no clock, no network. Callers pass in the time and
//! the random numbers they need, so every rule can be tested with plain values.

pub mod account;
pub mod audit;
pub mod camt;
pub mod events;
pub mod geo;
pub mod ids;
pub mod locale;
pub mod lockout;
pub mod money;
pub mod pain001;
pub mod pricing;
pub mod products;
pub mod qrbill;
pub mod ratelimit;
pub mod references;
pub mod renewals;
pub mod retry;
pub mod roles;
pub mod scopes;
pub mod staff;
pub mod states;
pub mod text;
pub mod text_enum;
pub mod vat;

pub use account::{Country, Currency, Email, Language, OrgKind, PasswordPolicy, PasswordProblem};
pub use audit::AuditAction;
pub use events::Event;
pub use ids::{OrgId, SessionId, TokenId, UserId};
pub use money::{Money, Percent};
pub use products::{ProductStatus, SuspendReason};
pub use roles::Role;
pub use scopes::{Scope, ScopeArea, ScopeSet};
pub use staff::{StaffRole, SupportKind};
pub use states::{
    AttemptStatus, GatewaySessionStatus, InvitationStatus, InvoiceStatus, OrderStatus, PartnerAccess,
    PartnerStatus, PartnershipStatus, PaymentMode, PaymentStatus, TenderStatus,
};
