//! `kontor`: the one binary. `serve` runs the API, the console and the jobs; `migrate` runs
//! the migrations; `jobs run-once --at` runs every periodic job for one instant (OPS-1).

mod config;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use axum::ServiceExt;
use clap::{Parser, Subcommand};
use config::{Config, Overrides};
use kontor_app::{App, ManualClock, SystemClock};
use kontor_store::Db;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "kontor",
    version,
    about = "The customer manager of a cloud and web-hosting provider.",
    arg_required_else_help = true
)]
struct Cli {
    /// TOML configuration file.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Folder for the SQLite database, e-mails written to files and the server key [default: ./data].
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// `sqlite://FILE` or `postgres://...` [default: sqlite://<data-dir>/kontor.db].
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the console, and run the background jobs.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080].
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
    },
    /// Run the database migrations and exit.
    Migrate,
    /// Background jobs.
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Tokens for product back-ends (AUTHZ-5).
    ServiceToken {
        #[command(subcommand)]
        command: ServiceTokenCommand,
    },
}

#[derive(Subcommand)]
enum ServiceTokenCommand {
    /// Create a service token; it is printed once.
    Create {
        /// A name for the back-end, e.g. mail-backend.
        #[arg(long)]
        name: String,
        /// What it may do; `access:check` is the one scope there is.
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
    },
}

#[derive(Subcommand)]
enum JobsCommand {
    /// Run every periodic job once, as if the time were `--at`.
    RunOnce {
        /// The instant, RFC 3339 (e.g. 2027-01-01T09:00:00Z).
        #[arg(long, value_name = "RFC3339")]
        at: String,
    },
}

fn init_logs(format: &str) {
    let filter = EnvFilter::try_from_env("KONTOR_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    if format == "json" {
        builder.json().flatten_event(true).with_current_span(true).init();
    } else {
        builder.init();
    }
}

async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating {}", config.data_dir.display()))?;
    }
    let db = Db::connect(&url, config.database_max_connections)
        .await
        .with_context(|| format!("connecting to {}", redact(&url)))?;
    db.migrate().await.context("running migrations")?;
    Ok(db)
}

/// A database URL without its password, for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let started = Instant::now();
    let listen = match &cli.command {
        Command::Serve { listen } => listen.clone(),
        _ => None,
    };
    let config = Config::load(&Overrides {
        config_file: cli.config.clone(),
        data_dir: cli.data_dir.clone(),
        database_url: cli.database_url.clone(),
        listen,
    })?;
    init_logs(&config.log_format);
    match cli.command {
        Command::Migrate => {
            let db = open_database(&config).await?;
            tracing::info!(backend = db.backend(), "migrations are up to date");
        }
        Command::Jobs {
            command: JobsCommand::RunOnce { at },
        } => {
            let at = OffsetDateTime::parse(&at, &Rfc3339)
                .with_context(|| format!("--at {at}: expected RFC 3339"))?;
            let db = open_database(&config).await?;
            let app = App::new(db, Arc::new(ManualClock::new(at)), config.settings()?)?;
            let report = app.run_jobs(at).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "jobs at {}: {} e-mails sent, {} to retry, {} given up; removed {} sessions, {} links, {} sign-in failures; {} invitations expired",
                at.format(&Rfc3339).unwrap_or_default(),
                report.mails_sent,
                report.mails_retried,
                report.mails_given_up,
                report.sessions_removed,
                report.links_removed,
                report.failures_removed,
                report.invitations_expired
            );
        }
        Command::ServiceToken {
            command: ServiceTokenCommand::Create { name, scopes },
        } => {
            let db = open_database(&config).await?;
            let app = App::new(db, Arc::new(SystemClock), config.settings()?)?;
            let secret = app
                .create_service_token(&name, &scopes)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{secret}");
            eprintln!(
                "Service token \"{name}\" created. It is shown once: store it in the back-end's configuration."
            );
        }
        Command::Serve { .. } => serve(config, started).await?,
    }
    Ok(())
}

async fn serve(config: Config, started: Instant) -> anyhow::Result<()> {
    let db = open_database(&config).await?;
    let app = App::new(db.clone(), Arc::new(SystemClock), config.settings()?)?;
    let state = kontor_web::AppState::new(app.clone());
    let service = kontor_web::service(state);
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let jobs = tokio::spawn(run_jobs(
        app,
        Duration::from_secs(config.jobs_interval_seconds.max(1)),
    ));
    tracing::info!(
        address = %config.listen,
        url = %config.public_url(),
        backend = db.backend(),
        startup_ms = started.elapsed().as_millis() as u64,
        "Kontor is listening"
    );
    axum::serve(
        listener,
        ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<SocketAddr>(service),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    })
    .await?;
    jobs.abort();
    db.close().await;
    Ok(())
}

/// The job runner: every interval all periodic jobs; outbox delivery also as soon as a
/// transaction wrote e-mail.
async fn run_jobs(app: App, every: Duration) {
    let mut tick = tokio::time::interval(every);
    let notify = app.outbox_notify.clone();
    loop {
        let result = tokio::select! {
            _ = tick.tick() => app.run_jobs(app.now()).await.map(|_| ()),
            () = notify.notified() => app.deliver_outbox(app.now()).await.map(|_| ()),
        };
        if let Err(e) = result {
            tracing::error!(error = %e, "job run failed");
        }
    }
}
