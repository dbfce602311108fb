//! Configuration: built-in defaults → optional TOML file (`--config`) → environment
//! (`KONTOR_*`) → command-line flags. Secrets may come from `*_file` settings.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use kontor_app::settings::{HashCost, MailTransport, Settings, SmtpSettings};
use serde::{Deserialize, Serialize};

/// Every setting an operator can change; see `docs/CONFIG.md`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: String,
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub database_max_connections: u32,
    pub public_url: Option<String>,
    pub server_key: Option<String>,
    pub server_key_file: Option<PathBuf>,
    pub rate_limit_per_minute: u32,
    pub password_min_length: usize,
    pub password_hash_memory_kib: u32,
    pub password_hash_iterations: u32,
    pub reset_link_minutes: i64,
    pub recovery_link_hours: i64,
    pub token_max_days: i64,
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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".to_owned(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 10,
            public_url: None,
            server_key: None,
            server_key_file: None,
            rate_limit_per_minute: 60,
            password_min_length: 10,
            password_hash_memory_kib: HashCost::default().memory_kib,
            password_hash_iterations: HashCost::default().iterations,
            reset_link_minutes: 60,
            recovery_link_hours: 48,
            token_max_days: 366,
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
        let key = kontor_app::crypto::new_secret("");
        write_private(&path, &key)?;
        tracing::info!(path = %path.display(), "created a new server key");
        Ok(key.into_bytes())
    }

    /// The settings the services see.
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
            None => MailTransport::Files(self.data_dir.join("mail")),
        };
        let mut s = Settings::new(&self.public_url(), mail, self.server_key()?);
        s.mail_from.clone_from(&self.mail_from);
        s.password_min_length = self.password_min_length;
        s.hash_cost = HashCost {
            memory_kib: self.password_hash_memory_kib,
            iterations: self.password_hash_iterations,
            parallelism: 1,
        };
        s.rate_limit_per_minute = self.rate_limit_per_minute;
        s.reset_link_minutes = self.reset_link_minutes;
        s.recovery_link_hours = self.recovery_link_hours;
        s.token_max_days = self.token_max_days;
        s.session_idle_days = self.session_idle_days;
        s.invitation_days = self.invitation_days;
        s.mail_max_attempts = self.mail_max_attempts;
        Ok(s)
    }
}

fn write_private(path: &Path, content: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    #[cfg(unix)]
    {
        use std::io::Write as _;
        use std::os::unix::fs::OpenOptionsExt as _;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)?;
        f.write_all(content.as_bytes())?;
    }
    #[cfg(not(unix))]
    std::fs::write(path, content)?;
    Ok(())
}
