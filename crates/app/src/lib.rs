//! Kontor's services: every rule that touches state lives here, behind one [`App`] that the
//! console, the API and the jobs share. A service method authorizes first (through
//! [`access::decide`]), validates, then changes state in one transaction that also writes the
//! audit row and the outbox rows.

pub mod access;
pub mod billing;
pub mod catalog;
pub mod change;
pub mod demo;
pub mod identity;
pub mod jobs;
pub mod orgs;
pub mod partners;
pub mod platform;
pub mod products;
pub mod reconciliation;
pub mod security;
pub mod staff;
pub mod support;
pub mod webhooks;

use std::sync::Arc;

use kontor_store::{Conn, Db};
use time::OffsetDateTime;
use tokio::sync::Notify;

pub use platform::actor::{Actor, ActorKind, Credential, Origin};
pub use platform::clock::{Clock, ManualClock, SystemClock};
pub use platform::error::{AppError, AppResult, ErrorCode, FieldError};
pub use platform::settings::Settings;

/// The services of Kontor, cheap to clone.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    mailer: Arc<dyn platform::mailer::Mailer>,
    /// SEC-1: where SMS codes go (the log sender unless an operator plugs in a gateway).
    pub sms: Arc<dyn platform::sms::SmsSender>,
    /// Woken after a commit that wrote to the outbox, so delivery does not wait for the timer.
    pub outbox_notify: Arc<Notify>,
    /// Verified against when an e-mail is unknown, so sign-in time does not reveal accounts.
    dummy_hash: Arc<String>,
    pub metrics: Arc<jobs::JobMetrics>,
    token_cache: Arc<identity::token_cache::TokenCache>,
    /// The offered catalogue, read again only when it changed (`App::catalog`).
    catalog_cache: Arc<catalog::CatalogCache>,
    /// The card processor (BIL-8).
    pub gateway: Arc<dyn billing::payments::gateway::PaymentGateway>,
    /// The sandbox processor's own side (its card form tokenizes numbers).
    pub sandbox: Arc<billing::payments::gateway::SandboxGateway>,
    /// API-3: requests per user or service token.
    pub limiter: Arc<platform::ratelimit::RateLimiter>,
}

impl App {
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: Settings) -> anyhow::Result<App> {
        let mailer = platform::mailer::from_settings(&settings)?;
        Ok(App::with_mailer(db, clock, settings, mailer))
    }

    /// Builds the services with a given mail transport (tests use a failing one).
    pub fn with_mailer(
        db: Db,
        clock: Arc<dyn Clock>,
        settings: Settings,
        mailer: Arc<dyn platform::mailer::Mailer>,
    ) -> App {
        let dummy_hash = platform::crypto::dummy_hash(settings.hash_cost);
        let sandbox = Arc::new(billing::payments::gateway::SandboxGateway::new(
            db.clone(),
            &settings.public_url,
        ));
        let limiter = platform::ratelimit::RateLimiter::new(settings.rate_limit_per_minute, &db);
        let settings_sms_dir = settings.sms_dir.clone();
        App {
            limiter: Arc::new(limiter),
            gateway: sandbox.clone(),
            sandbox,
            db,
            clock,
            settings: Arc::new(settings),
            mailer,
            sms: Arc::new(platform::sms::LogSmsSender {
                dir: settings_sms_dir,
            }),
            outbox_notify: Arc::new(Notify::new()),
            dummy_hash: Arc::new(dummy_hash),
            metrics: Arc::new(jobs::JobMetrics::default()),
            token_cache: Arc::new(identity::token_cache::TokenCache::default()),
            catalog_cache: Arc::new(catalog::CatalogCache::default()),
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    fn now_ts(&self) -> i64 {
        self.clock.now().unix_timestamp()
    }

    async fn read(&self) -> AppResult<Conn> {
        Ok(self.db.acquire().await?)
    }

    async fn write(&self) -> AppResult<Conn> {
        Ok(self.db.begin().await?)
    }

    /// Commits and, when the transaction wrote e-mails, wakes the deliverer.
    async fn commit(&self, tx: Conn, wrote_mail: bool) -> AppResult<()> {
        tx.commit().await?;
        if wrote_mail {
            self.outbox_notify.notify_one();
        }
        Ok(())
    }
}

/// The records services answer with (rows of the store, read-only to callers).
pub mod model {
    pub use kontor_store::billing::addresses::AddressRow;
    pub use kontor_store::billing::invoices::{InvoiceRow, LineRow};
    pub use kontor_store::billing::orders::{ItemRow, OrderRow};
    pub use kontor_store::billing::payments::{MethodRow, PaymentRow};
    pub use kontor_store::billing::prepaid::{EntryRow, RefundRow as PrepaidRefundRow};
    pub use kontor_store::billing::renewals::{AttemptRow as RenewalAttemptRow, BillingSettingsRow};
    pub use kontor_store::catalog::{PlanRow, TypeRow};
    pub use kontor_store::identity::tokens::TokenRow;
    pub use kontor_store::identity::users::{ProfileRow, UserRow};
    pub use kontor_store::orgs::invitations::InvitationRow;
    pub use kontor_store::orgs::members::MemberRow;
    pub use kontor_store::orgs::workgroups::WorkgroupRow;
    pub use kontor_store::orgs::{MembershipRow, MyOrgRow, OrgRow};
    pub use kontor_store::partners::PartnerRow;
    pub use kontor_store::partners::partnerships::{ManagedRow, PartnershipRow};
    pub use kontor_store::partners::tenders::{TenderRow, ViewRow as TenderViewRow};
    pub use kontor_store::platform::audit::{AuditFilter, AuditRow};
    pub use kontor_store::products::ProductRow;
    pub use kontor_store::products::sites::{DatabaseRow, MailboxRow, SiteRow};
    pub use kontor_store::products::{ProductFilter, ProductOrder, ProductPage};
    pub use kontor_store::reconciliation::{BankTxRow, ImportRow as BankImportRow, RefundExportRow};
    pub use kontor_store::security::verification::VerificationRow;
    pub use kontor_store::staff::StaffRow;
    pub use kontor_store::support::{AccessRow as SupportAccessRow, GrantRow};
    pub use kontor_store::webhooks::{AttemptRow, DeliveryRow, EndpointRow};
    pub use kontor_store::{at, ts};
}
