//! What the operator can change (the *(default)* numbers of SPEC.md), as the services see it.
//! The binary fills this from built-in defaults, the TOML file and the environment.

use std::path::PathBuf;

/// How e-mail leaves Kontor.
#[derive(Debug, Clone)]
pub enum MailTransport {
    /// One `.eml` file per message under this folder (no SMTP server configured).
    Files(PathBuf),
    /// An SMTP server.
    Smtp(SmtpSettings),
}

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `starttls` (default), `tls` (implicit TLS) or `none` (plain, for a local relay).
    pub tls: String,
}

/// Argon2id cost. Production uses the OWASP recommendation; tests lower it.
#[derive(Debug, Clone, Copy)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for HashCost {
    fn default() -> Self {
        HashCost {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// The address users reach Kontor at, used in e-mailed links (`http://127.0.0.1:8080`).
    pub public_url: String,
    /// Sender of every e-mail.
    pub mail_from: String,
    pub mail: MailTransport,
    /// SEC-1: the development SMS sender writes one `.txt` file per message here (beside the
    /// `.eml` files of the mail folder).
    pub sms_dir: PathBuf,
    /// SEC-1: an SMS code works this many minutes; at most `sms_per_window` are sent to one
    /// person in `sms_window_minutes`.
    pub sms_code_minutes: i64,
    pub sms_per_window: i64,
    pub sms_window_minutes: i64,
    /// SEC-3: a sign-in waits this long for its second factor.
    pub challenge_minutes: i64,
    /// SEC-1: the issuer authenticator apps show next to the account.
    pub totp_issuer: String,
    /// SEC-5: the largest photo an identity verification request takes, in bytes.
    pub verification_max_bytes: usize,
    /// SEC-5: days a decided request keeps its photos before they are deleted.
    pub verification_retention_days: i64,
    /// SUP-2: the direct contact details the premium-support page shows.
    pub premium_support: PremiumContact,
    /// 32 bytes or more: signs CSRF tokens and seals secrets at rest (SEC-6).
    pub server_key: Vec<u8>,
    pub password_min_length: usize,
    pub hash_cost: HashCost,
    /// API-3: requests per user (all tokens and sessions) or service token per 60 s; 0
    /// switches the limit off.
    pub rate_limit_per_minute: u32,
    /// ACC-4: failed password checks that lock an account out (its defaults: 5 in 15 min,
    /// locked 15 min) and a client IP (20).
    pub lockout_account: kontor_domain::lockout::LockoutPolicy,
    pub lockout_ip: kontor_domain::lockout::LockoutPolicy,
    /// OPS-4: `/metrics` asks for this bearer token when set.
    pub metrics_token: Option<String>,
    /// OPS-4: `/metrics` is served on its own address, not beside the API.
    pub metrics_elsewhere: bool,
    /// ACC-8: validity of a password-reset link.
    pub reset_link_minutes: i64,
    /// ACC-7: validity of a recovery-address confirmation link.
    pub recovery_link_hours: i64,
    /// API-5: the longest lifetime of a personal token, in calendar months from its creation.
    pub token_max_months: u32,
    /// ACC-5: a console session ends after this many days without use.
    pub session_idle_days: i64,
    /// Outbox: attempts before a message is given up (then kept as failed).
    pub mail_max_attempts: i64,
    /// ORG-5: validity of an invitation link.
    pub invitation_days: i64,
    /// PRC-2: degressive tiers of web and mail hosting.
    pub degressive_tiers: kontor_domain::pricing::Tiers,
    /// PRC-4: VAT rate per country (other countries 0 %, reverse charge for companies).
    pub vat_rates: kontor_domain::pricing::VatRates,
    /// BIL-3: days from issue to due date.
    pub invoice_due_days: i64,
    /// BIL-6: smallest and largest top-up, in minor units.
    pub top_up_min: i64,
    pub top_up_max: i64,
    /// EVT-1: how long a webhook delivery is retried.
    pub webhook_retry_hours: i64,
    /// EVT-1: timeout of one webhook attempt.
    pub webhook_timeout_seconds: u64,
    /// The provider as creditor on invoices (name, street, postal code, city, country, IBAN).
    pub creditor: Creditor,
    /// REN-2: automatic renewal attempts, in days before expiry (first 14).
    pub renewal_attempt_days: kontor_domain::renewals::DaysBefore,
    /// REN-7: expiry notices, in days before expiry.
    pub expiry_notice_days: kontor_domain::renewals::DaysBefore,
    /// REN-6: days a product expired unpaid stays suspended before it is terminated.
    pub grace_days: i64,
    /// DUN-1: reminder 1, reminder 2, suspension, termination, in days after the due date.
    pub dunning: kontor_domain::renewals::DunningSchedule,
    /// PAR-1, PAR-8: a new partner's discount rate and the most staff may set, in basis points.
    pub partner_discount_default_bp: i64,
    pub partner_discount_max_bp: i64,
    /// PAR-12: an affiliate's commission on a referred organization's first paid invoice, in
    /// basis points, and the days a followed referral link attributes a sign-up.
    pub affiliate_commission_bp: i64,
    pub affiliate_window_days: i64,
    /// TEN-3: days a call for tender stays open.
    pub tender_days: i64,
    /// TEN-4: calls for tender one client IP may post in an hour.
    pub tender_posts_per_hour: i64,
}

/// SUP-2: the priority line of premium support.
#[derive(Debug, Clone)]
pub struct PremiumContact {
    pub phone: String,
    pub email: String,
    /// When the line answers, as the operator writes it ("Mo–Fr 07:00–20:00").
    pub hours: String,
}

impl Default for PremiumContact {
    fn default() -> Self {
        PremiumContact {
            phone: "+41 44 000 00 00".to_owned(),
            email: "vip@kontor.localhost".to_owned(),
            hours: "Mo–Su 00:00–24:00".to_owned(),
        }
    }
}

/// The provider's own data printed on invoices and payment slips.
#[derive(Debug, Clone)]
pub struct Creditor {
    pub name: String,
    pub street: String,
    pub building_number: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    /// QR-IBAN for CHF invoices with QR references.
    pub qr_iban: String,
    /// Ordinary IBAN for EUR invoices with RF references.
    pub iban: String,
    /// The provider's VAT number printed on invoices (e.g. `CHE-123.456.789 MWST`).
    pub vat_number: String,
    /// The provider's logo (PNG) printed at the head of invoices.
    pub logo_png: Option<std::sync::Arc<Vec<u8>>>,
}

impl Default for Creditor {
    fn default() -> Creditor {
        Creditor {
            name: "Kontor Hosting AG".to_owned(),
            street: "Bahnhofstrasse".to_owned(),
            building_number: "1".to_owned(),
            postal_code: "8001".to_owned(),
            city: "Zürich".to_owned(),
            country: "CH".to_owned(),
            qr_iban: "CH4431999123000889012".to_owned(),
            iban: "CH9300762011623852957".to_owned(),
            vat_number: String::new(),
            logo_png: None,
        }
    }
}

impl Settings {
    /// Defaults for a server reachable at `public_url` with the given transport and key.
    pub fn new(public_url: &str, mail: MailTransport, server_key: Vec<u8>) -> Settings {
        Settings {
            public_url: public_url.trim_end_matches('/').to_owned(),
            sms_dir: match &mail {
                MailTransport::Files(dir) => dir.clone(),
                MailTransport::Smtp(_) => PathBuf::from("kontor-sms"),
            },
            sms_code_minutes: 10,
            sms_per_window: 5,
            sms_window_minutes: 15,
            challenge_minutes: 10,
            totp_issuer: "Kontor".to_owned(),
            verification_max_bytes: 10 * 1024 * 1024,
            verification_retention_days: 30,
            premium_support: PremiumContact::default(),
            mail_from: "Kontor <no-reply@kontor.localhost>".to_owned(),
            mail,
            server_key,
            password_min_length: 10,
            hash_cost: HashCost::default(),
            rate_limit_per_minute: 60,
            lockout_account: kontor_domain::lockout::LockoutPolicy::per_account(),
            lockout_ip: kontor_domain::lockout::LockoutPolicy::per_ip(),
            metrics_token: None,
            metrics_elsewhere: false,
            reset_link_minutes: 60,
            recovery_link_hours: 48,
            token_max_months: 12,
            session_idle_days: 14,
            mail_max_attempts: 12,
            invitation_days: 7,
            degressive_tiers: kontor_domain::pricing::Tiers::default(),
            vat_rates: kontor_domain::pricing::VatRates::default(),
            invoice_due_days: 14,
            top_up_min: 10,
            top_up_max: 999_900,
            webhook_retry_hours: 72,
            webhook_timeout_seconds: 10,
            creditor: Creditor::default(),
            renewal_attempt_days: kontor_domain::renewals::DaysBefore::attempts(),
            expiry_notice_days: kontor_domain::renewals::DaysBefore::notices(),
            grace_days: 30,
            dunning: kontor_domain::renewals::DunningSchedule::default(),
            partner_discount_default_bp: 2000,
            partner_discount_max_bp: 3500,
            affiliate_commission_bp: 1000,
            affiliate_window_days: 30,
            tender_days: 60,
            tender_posts_per_hour: 5,
        }
    }

    /// Whether the session cookie may go without `Secure` (plain HTTP on localhost, ACC-5).
    pub fn cookie_secure(&self) -> bool {
        let Some(rest) = self.public_url.strip_prefix("http://") else {
            return true;
        };
        let host = rest.split('/').next().unwrap_or_default();
        let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
        !matches!(host, "localhost" | "127.0.0.1" | "[::1]")
    }
}
