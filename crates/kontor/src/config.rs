//! Configuration: built-in defaults → optional TOML file (`--config`) → environment
//! (`KONTOR_*`) → command-line flags. Secrets may come from `*_file` settings.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use kontor_app::platform::files;
use kontor_app::platform::settings::{HashCost, MailTransport, Settings, SmtpSettings};
use kontor_domain::renewals::{DaysBefore, DunningSchedule};
use serde::{Deserialize, Serialize};

/// Every setting an operator can change; the README lists them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: String,
    pub data_dir: PathBuf,
    /// Where e-mails are written as files when no SMTP server is configured: delivered mail,
    /// so outside the data folder (SEC-6). Default `<data_dir>-mail`.
    pub mail_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub database_max_connections: u32,
    pub public_url: Option<String>,
    pub server_key: Option<String>,
    pub server_key_file: Option<PathBuf>,
    pub rate_limit_per_minute: u32,
    /// ACC-4: failed password checks within `lockout_window_minutes` that lock an account, and
    /// a client IP, out for `lockout_minutes`.
    pub lockout_account_failures: usize,
    pub lockout_ip_failures: usize,
    pub lockout_window_minutes: i64,
    pub lockout_minutes: i64,
    /// OPS-4: `/metrics` asks for `Authorization: Bearer <metrics_token>` when set.
    pub metrics_token: Option<String>,
    /// OPS-4: serve `/metrics` on this address only (e.g. `127.0.0.1:9090`).
    pub metrics_listen: Option<String>,
    pub password_min_length: usize,
    pub password_hash_memory_kib: u32,
    pub password_hash_iterations: u32,
    pub reset_link_minutes: i64,
    pub recovery_link_hours: i64,
    pub token_max_months: u32,
    pub session_idle_days: i64,
    pub invitation_days: i64,
    pub mail_from: String,
    pub mail_max_attempts: i64,
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<String>,
    pub smtp_password_file: Option<PathBuf>,
    pub smtp_tls: String,
    pub jobs_interval_seconds: u64,
    pub log_format: String,
    /// PRC-4: VAT per country in percent, e.g. `CH:8.1,LI:8.1`.
    pub vat_rates: String,
    /// PRC-2: `from:percent` pairs, e.g. `1:0,5:5,10:10,20:20,30:25`.
    pub degressive_tiers: String,
    pub invoice_due_days: i64,
    /// REN-2: automatic renewal attempts, days before expiry, e.g. `14,10,7,3,1`.
    pub renewal_attempt_days: String,
    /// REN-7: expiry notices, days before expiry, e.g. `60,30,14,7,1`.
    pub expiry_notice_days: String,
    /// REN-6: days a product that expired unpaid stays suspended before termination.
    pub grace_days: i64,
    /// DUN-1: reminder 1, reminder 2, suspension, termination, days after the due date.
    pub dunning_days: String,
    /// PAR-1, PAR-8: a new partner's discount and the most staff may set, in percent.
    pub partner_discount_percent: i64,
    pub partner_discount_max_percent: i64,
    /// PAR-12: an affiliate's commission in percent; days a referral link attributes a sign-up.
    pub affiliate_commission_percent: i64,
    pub affiliate_window_days: i64,
    /// TEN-3: days a call for tender stays open; TEN-4: posts one IP may make in an hour.
    pub tender_days: i64,
    pub tender_posts_per_hour: i64,
    /// BIL-6: the bounds of a top-up, in the account's currency, e.g. `0.10` and `9999.00`.
    pub top_up_min: String,
    pub top_up_max: String,
    pub webhook_retry_hours: i64,
    pub webhook_timeout_seconds: u64,
    /// The provider as creditor on invoices and payment slips.
    pub creditor_name: String,
    pub creditor_street: String,
    pub creditor_building_number: String,
    pub creditor_postal_code: String,
    pub creditor_city: String,
    pub creditor_country: String,
    pub creditor_qr_iban: String,
    pub creditor_iban: String,
    /// The provider's VAT number on invoices.
    pub creditor_vat_number: String,
    /// Path to the provider's logo (PNG) on invoices; empty for none.
    pub creditor_logo: String,
    /// SEC-5: the largest photo of an identity verification request, in MB.
    pub verification_max_mb: usize,
    /// SEC-5: days a decided request keeps its photos.
    pub verification_retention_days: i64,
    /// SUP-2: the priority line on the premium-support page.
    pub premium_support_phone: String,
    pub premium_support_email: String,
    pub premium_support_hours: String,
}

impl Default for Config {
    #[allow(
        clippy::too_many_lines,
        reason = "one default per configuration key, in the order of the README table"
    )]
    fn default() -> Self {
        let creditor = kontor_app::platform::settings::Creditor::default();
        let premium = kontor_app::platform::settings::PremiumContact::default();
        Config {
            listen: "127.0.0.1:8080".to_owned(),
            data_dir: PathBuf::from("./data"),
            mail_dir: None,
            database_url: None,
            database_max_connections: 10,
            public_url: None,
            server_key: None,
            server_key_file: None,
            rate_limit_per_minute: 60,
            lockout_account_failures: 5,
            lockout_ip_failures: 20,
            lockout_window_minutes: 15,
            lockout_minutes: 15,
            metrics_token: None,
            metrics_listen: None,
            password_min_length: 10,
            password_hash_memory_kib: HashCost::default().memory_kib,
            password_hash_iterations: HashCost::default().iterations,
            reset_link_minutes: 60,
            recovery_link_hours: 48,
            token_max_months: 12,
            session_idle_days: 14,
            invitation_days: 7,
            mail_from: "Kontor <no-reply@kontor.localhost>".to_owned(),
            mail_max_attempts: 12,
            smtp_host: None,
            smtp_port: 587,
            smtp_username: None,
            smtp_password: None,
            smtp_password_file: None,
            smtp_tls: "starttls".to_owned(),
            jobs_interval_seconds: 60,
            log_format: "text".to_owned(),
            vat_rates: "CH:8.1,LI:8.1".to_owned(),
            degressive_tiers: "1:0,5:5,10:10,20:20,30:25".to_owned(),
            invoice_due_days: 14,
            renewal_attempt_days: "14,10,7,3,1".to_owned(),
            expiry_notice_days: "60,30,14,7,1".to_owned(),
            grace_days: 30,
            dunning_days: "3,10,20,45".to_owned(),
            partner_discount_percent: 20,
            partner_discount_max_percent: 35,
            affiliate_commission_percent: 10,
            affiliate_window_days: 30,
            tender_days: 60,
            tender_posts_per_hour: 5,
            top_up_min: "0.10".to_owned(),
            top_up_max: "9999.00".to_owned(),
            webhook_retry_hours: 72,
            webhook_timeout_seconds: 10,
            creditor_name: creditor.name,
            creditor_street: creditor.street,
            creditor_building_number: creditor.building_number,
            creditor_postal_code: creditor.postal_code,
            creditor_city: creditor.city,
            creditor_country: creditor.country,
            creditor_qr_iban: creditor.qr_iban,
            creditor_iban: creditor.iban,
            creditor_vat_number: creditor.vat_number,
            creditor_logo: String::new(),
            verification_max_mb: 10,
            verification_retention_days: 30,
            premium_support_phone: premium.phone,
            premium_support_email: premium.email,
            premium_support_hours: premium.hours,
        }
    }
}

/// Flags that override the file and the environment.
#[derive(Debug, Default)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub listen: Option<String>,
}

impl Config {
    pub fn load(o: &Overrides) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = &o.config_file {
            anyhow::ensure!(
                file.exists(),
                "configuration file {} does not exist",
                file.display()
            );
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(Env::prefixed("KONTOR_").ignore(&["test_database_url", "test_clock", "log"]));
        let mut config: Config = figment.extract().context("reading the configuration")?;
        if let Some(d) = &o.data_dir {
            config.data_dir.clone_from(d);
        }
        if let Some(u) = &o.database_url {
            config.database_url = Some(u.clone());
        }
        if let Some(l) = &o.listen {
            config.listen.clone_from(l);
        }
        Ok(config)
    }

    /// The folder of e-mails written to files: configured, or `<data_dir>-mail` beside the
    /// data folder.
    pub fn mail_dir(&self) -> PathBuf {
        if let Some(dir) = &self.mail_dir {
            return dir.clone();
        }
        match self.data_dir.file_name() {
            Some(name) => self
                .data_dir
                .with_file_name(format!("{}-mail", name.to_string_lossy())),
            None => self.data_dir.join("..").join("mail"),
        }
    }

    /// The SQLite database file, when the database is SQLite.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        let url = self.database_url();
        let rest = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))?;
        let path = rest.split('?').next().unwrap_or_default();
        (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
    }

    /// The database URL: the configured one, or SQLite in the data folder.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("kontor.db").display()))
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
    }

    /// The server key: configured, read from a file, or created once in the data folder.
    fn server_key(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(k) = &self.server_key {
            anyhow::ensure!(k.len() >= 32, "server_key must be at least 32 characters");
            return Ok(k.as_bytes().to_vec());
        }
        let path = self
            .server_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("server.key"));
        if path.exists() {
            let key =
                std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let key = key.trim();
            anyhow::ensure!(
                key.len() >= 32,
                "{} holds fewer than 32 characters",
                path.display()
            );
            return Ok(key.as_bytes().to_vec());
        }
        let key = kontor_app::platform::crypto::new_secret("");
        write_private(&path, &key)?;
        tracing::info!(path = %path.display(), "created a new server key");
        Ok(key.into_bytes())
    }

    /// The settings the services see.
    #[allow(
        clippy::too_many_lines,
        reason = "one assignment per configuration key, in the order of the README table"
    )]
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let mail = match &self.smtp_host {
            Some(host) => {
                let password = match (&self.smtp_password, &self.smtp_password_file) {
                    (Some(p), _) => Some(p.clone()),
                    (None, Some(f)) => Some(
                        std::fs::read_to_string(f)
                            .with_context(|| format!("reading {}", f.display()))?
                            .trim()
                            .to_owned(),
                    ),
                    (None, None) => None,
                };
                MailTransport::Smtp(SmtpSettings {
                    host: host.clone(),
                    port: self.smtp_port,
                    username: self.smtp_username.clone(),
                    password,
                    tls: self.smtp_tls.clone(),
                })
            }
            None => MailTransport::Files(self.mail_dir()),
        };
        let mut s = Settings::new(&self.public_url(), mail, self.server_key()?);
        s.mail_from.clone_from(&self.mail_from);
        s.sms_dir = self.mail_dir();
        s.password_min_length = self.password_min_length;
        s.hash_cost = HashCost {
            memory_kib: self.password_hash_memory_kib,
            iterations: self.password_hash_iterations,
            parallelism: 1,
        };
        s.rate_limit_per_minute = self.rate_limit_per_minute;
        anyhow::ensure!(
            self.lockout_window_minutes > 0 && self.lockout_minutes > 0,
            "lockout_window_minutes and lockout_minutes must be at least 1"
        );
        let lockout = |threshold| kontor_domain::lockout::LockoutPolicy {
            threshold,
            window: time::Duration::minutes(self.lockout_window_minutes),
            lock: time::Duration::minutes(self.lockout_minutes),
        };
        s.lockout_account = lockout(self.lockout_account_failures);
        s.lockout_ip = lockout(self.lockout_ip_failures);
        if let Some(t) = &self.metrics_token {
            anyhow::ensure!(t.len() >= 16, "metrics_token must be at least 16 characters");
        }
        s.metrics_token.clone_from(&self.metrics_token);
        s.metrics_elsewhere = self.metrics_listen.is_some();
        s.reset_link_minutes = self.reset_link_minutes;
        s.recovery_link_hours = self.recovery_link_hours;
        s.token_max_months = self.token_max_months;
        s.session_idle_days = self.session_idle_days;
        s.invitation_days = self.invitation_days;
        s.mail_max_attempts = self.mail_max_attempts;
        s.vat_rates = kontor_domain::pricing::VatRates::parse(&self.vat_rates).ok_or_else(|| {
            anyhow::anyhow!("vat_rates: country:percent pairs such as CH:8.1,LI:8.1 (each country once)")
        })?;
        s.degressive_tiers = tiers(&self.degressive_tiers)?;
        s.invoice_due_days = self.invoice_due_days;
        s.renewal_attempt_days = DaysBefore::parse(&self.renewal_attempt_days)
            .ok_or_else(|| anyhow::anyhow!("renewal_attempt_days: expected days such as 14,10,7,3,1"))?;
        anyhow::ensure!(
            s.renewal_attempt_days.days().first() == Some(&kontor_domain::renewals::FIRST_ATTEMPT_DAYS),
            "renewal_attempt_days: the first attempt is 14 days before expiry (REN-2); list retries after it"
        );
        s.expiry_notice_days = DaysBefore::parse(&self.expiry_notice_days)
            .ok_or_else(|| anyhow::anyhow!("expiry_notice_days: expected days such as 60,30,14,7,1"))?;
        anyhow::ensure!((0..=365).contains(&self.grace_days), "grace_days: 0 to 365");
        s.grace_days = self.grace_days;
        anyhow::ensure!(
            (0..=self.partner_discount_max_percent).contains(&self.partner_discount_percent)
                && self.partner_discount_max_percent < 100,
            "partner_discount_percent: 0 to partner_discount_max_percent, which is below 100"
        );
        s.partner_discount_default_bp = self.partner_discount_percent * 100;
        s.partner_discount_max_bp = self.partner_discount_max_percent * 100;
        anyhow::ensure!(
            (0..=50).contains(&self.affiliate_commission_percent),
            "affiliate_commission_percent: 0 to 50"
        );
        anyhow::ensure!(
            (1..=365).contains(&self.affiliate_window_days),
            "affiliate_window_days: 1 to 365"
        );
        s.affiliate_commission_bp = self.affiliate_commission_percent * 100;
        s.affiliate_window_days = self.affiliate_window_days;
        anyhow::ensure!((1..=3650).contains(&self.tender_days), "tender_days: 1 to 3650");
        anyhow::ensure!(
            self.tender_posts_per_hour >= 1,
            "tender_posts_per_hour: at least 1"
        );
        s.tender_days = self.tender_days;
        s.tender_posts_per_hour = self.tender_posts_per_hour;
        s.dunning = DunningSchedule::parse(&self.dunning_days).ok_or_else(|| {
            anyhow::anyhow!("dunning_days: four growing day counts: reminder 1, reminder 2, suspension, termination (e.g. 3,10,20,45)")
        })?;
        s.top_up_min = decimal("top_up_min", &self.top_up_min)?;
        s.top_up_max = decimal("top_up_max", &self.top_up_max)?;
        anyhow::ensure!(
            0 < s.top_up_min && s.top_up_min <= s.top_up_max,
            "top_up_min must be above 0 and at most top_up_max"
        );
        s.webhook_retry_hours = self.webhook_retry_hours;
        s.webhook_timeout_seconds = self.webhook_timeout_seconds;
        s.creditor = kontor_app::platform::settings::Creditor {
            name: self.creditor_name.clone(),
            street: self.creditor_street.clone(),
            building_number: self.creditor_building_number.clone(),
            postal_code: self.creditor_postal_code.clone(),
            city: self.creditor_city.clone(),
            country: self.creditor_country.clone(),
            qr_iban: self.creditor_qr_iban.clone(),
            iban: self.creditor_iban.clone(),
            vat_number: self.creditor_vat_number.clone(),
            logo_png: self.logo()?,
        };
        anyhow::ensure!(
            (1..=50).contains(&self.verification_max_mb),
            "verification_max_mb: 1 to 50"
        );
        s.verification_max_bytes = self.verification_max_mb * 1024 * 1024;
        anyhow::ensure!(
            (0..=3650).contains(&self.verification_retention_days),
            "verification_retention_days: 0 to 3650"
        );
        s.verification_retention_days = self.verification_retention_days;
        s.premium_support = kontor_app::platform::settings::PremiumContact {
            phone: self.premium_support_phone.clone(),
            email: self.premium_support_email.clone(),
            hours: self.premium_support_hours.clone(),
        };
        Ok(s)
    }
}

impl Config {
    /// The logo file, read and checked once at start so a bad file fails the start, not an
    /// invoice.
    fn logo(&self) -> anyhow::Result<Option<std::sync::Arc<Vec<u8>>>> {
        if self.creditor_logo.trim().is_empty() {
            return Ok(None);
        }
        let bytes = std::fs::read(self.creditor_logo.trim())
            .map_err(|e| anyhow::anyhow!("creditor_logo: cannot read {}: {e}", self.creditor_logo))?;
        kontor_pdf::check_logo(&bytes).map_err(|e| anyhow::anyhow!("creditor_logo: {e}"))?;
        Ok(Some(std::sync::Arc::new(bytes)))
    }
}

/// A decimal with at most two places (`8.1`, `9999.00`) in hundredths.
fn decimal(key: &str, value: &str) -> anyhow::Result<i64> {
    kontor_domain::money::parse_minor(value.trim())
        .map_err(|_| anyhow::anyhow!("{key} must be a decimal number with at most 2 places, not {value:?}"))
}

/// `from:percent` pairs, e.g. `1:0,5:5,10:10,20:20,30:25`.
fn tiers(value: &str) -> anyhow::Result<kontor_domain::pricing::Tiers> {
    let mut steps = Vec::new();
    for pair in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (from, pct) = pair
            .split_once(':')
            .ok_or_else(|| anyhow::anyhow!("degressive_tiers: {pair:?} is not from:percent"))?;
        let from: u32 = from
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("degressive_tiers: {from:?} is not a count"))?;
        let bp = decimal("degressive_tiers", pct)?;
        anyhow::ensure!(
            (0..=10_000).contains(&bp),
            "degressive_tiers: {pct} is not a percentage"
        );
        steps.push((from, kontor_domain::Percent(bp)));
    }
    Ok(kontor_domain::pricing::Tiers::new(steps))
}

fn write_private(path: &Path, content: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        files::private_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    files::write_new_private(path, content.as_bytes()).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_key() -> Config {
        Config {
            server_key: Some("k".repeat(32)),
            ..Config::default()
        }
    }

    #[test]
    fn acc_4_lockout_thresholds_are_configuration_with_the_spec_defaults() {
        let s = with_key().settings().unwrap();
        assert_eq!(
            s.lockout_account,
            kontor_domain::lockout::LockoutPolicy::per_account()
        );
        assert_eq!(s.lockout_ip, kontor_domain::lockout::LockoutPolicy::per_ip());
        let c = Config {
            lockout_account_failures: 3,
            lockout_minutes: 60,
            ..with_key()
        };
        let s = c.settings().unwrap();
        assert_eq!(s.lockout_account.threshold, 3);
        assert_eq!(s.lockout_account.lock, time::Duration::hours(1));
        assert_eq!(s.lockout_ip.threshold, 20);
        let bad = Config {
            lockout_window_minutes: 0,
            ..with_key()
        };
        assert!(bad.settings().is_err());
    }

    #[test]
    fn sec_6_mail_files_are_written_outside_the_data_folder() {
        let c = with_key();
        assert_eq!(c.mail_dir(), PathBuf::from("./data-mail"));
        let c = Config {
            data_dir: PathBuf::from("/var/lib/kontor/"),
            ..with_key()
        };
        assert_eq!(c.mail_dir(), PathBuf::from("/var/lib/kontor-mail"));
        assert!(!c.mail_dir().starts_with(&c.data_dir));
        assert_eq!(c.sqlite_file(), Some(PathBuf::from("/var/lib/kontor/kontor.db")));
        let c = Config {
            mail_dir: Some(PathBuf::from("/srv/mail")),
            database_url: Some("postgres://k@h/k".to_owned()),
            ..with_key()
        };
        assert_eq!(c.mail_dir(), PathBuf::from("/srv/mail"));
        assert_eq!(c.sqlite_file(), None);
    }

    #[test]
    fn prc_defaults_in_the_file_keys_equal_the_services_defaults() {
        let s = with_key().settings().unwrap();
        let built_in = Settings::new("http://x", MailTransport::Files(PathBuf::new()), vec![]);
        assert_eq!(s.vat_rates, built_in.vat_rates);
        assert_eq!(s.degressive_tiers, built_in.degressive_tiers);
        assert_eq!(
            (s.top_up_min, s.top_up_max),
            (built_in.top_up_min, built_in.top_up_max)
        );
        assert_eq!(s.creditor.qr_iban, built_in.creditor.qr_iban);
        assert_eq!(s.renewal_attempt_days, built_in.renewal_attempt_days);
        assert_eq!(s.expiry_notice_days, built_in.expiry_notice_days);
        assert_eq!(s.grace_days, built_in.grace_days);
        assert_eq!(s.dunning, built_in.dunning);
    }

    #[test]
    fn ren_2_dun_1_schedules_are_read_and_bad_ones_refused() {
        let c = Config {
            renewal_attempt_days: "14,5,2".to_owned(),
            dunning_days: "5,15,25,60".to_owned(),
            ..with_key()
        };
        let s = c.settings().unwrap();
        assert_eq!(s.renewal_attempt_days.days(), &[14, 5, 2]);
        assert_eq!(s.dunning.termination, 60);
        for (attempts, dunning) in [
            ("10,7", "3,10,20,45"),
            ("14,x", "3,10,20,45"),
            ("14", "3,10,20"),
            ("14", "10,3,20,45"),
        ] {
            let c = Config {
                renewal_attempt_days: attempts.to_owned(),
                dunning_days: dunning.to_owned(),
                ..with_key()
            };
            assert!(c.settings().is_err(), "{attempts} {dunning}");
        }
    }

    #[test]
    fn prc_2_tiers_and_rates_are_read_and_bad_ones_refused() {
        let c = Config {
            vat_rates: "CH:7.7,DE:19".to_owned(),
            degressive_tiers: "10:15, 1:0".to_owned(),
            ..with_key()
        };
        let s = c.settings().unwrap();
        assert_eq!(s.vat_rates.rate("CH"), Some(kontor_domain::Percent(770)));
        assert_eq!(s.vat_rates.rate("DE"), Some(kontor_domain::Percent(1900)));
        assert_eq!(s.vat_rates.rate("LI"), None);
        assert_eq!(s.degressive_tiers.for_count(12), kontor_domain::Percent(1500));
        for bad in ["x", "5", "5:101"] {
            let c = Config {
                degressive_tiers: bad.to_owned(),
                ..with_key()
            };
            assert!(c.settings().is_err(), "{bad}");
        }
        let c = Config {
            top_up_min: "0".to_owned(),
            ..with_key()
        };
        assert!(c.settings().is_err());
    }
}
