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
use kontor_app::platform::files;
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
    /// Folder for the SQLite database and the server key [default: ./data].
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
        /// Load the demo catalogue and a demo organization and user (printed at start).
        #[arg(long)]
        demo: bool,
        /// Start the clock at this instant (RFC 3339) and let it run from there, to try
        /// renewals and reminders at any date. Refused unless --demo is given or
        /// KONTOR_TEST_CLOCK=1 is set.
        #[arg(long, value_name = "RFC3339")]
        clock_start: Option<String>,
    },
    /// Run the database migrations and exit.
    Migrate,
    /// Background jobs.
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// The catalogue of product types, plans and prices (PRD-1).
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Webhook endpoints of product back-ends and their delivery log (EVT-1).
    Webhook {
        #[command(subcommand)]
        command: WebhookCommand,
    },
    /// Payments staff record by hand.
    Payment {
        #[command(subcommand)]
        command: PaymentCommand,
    },
    /// The provider's staff accounts (STF-1).
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Tokens for product back-ends (AUTHZ-5).
    ServiceToken {
        #[command(subcommand)]
        command: ServiceTokenCommand,
    },
    /// Import bank statements (camt.053) and notifications (camt.054) and match their credits
    /// to invoices, orders, top-ups and prepaid accounts (REC-1). A file read before adds
    /// nothing (REC-2); a malformed file is refused whole.
    ImportCamt {
        /// One or more XML files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Create a staff account; its first password is printed once. The member sets up the
    /// mandatory second factor at the first sign-in to /staff.
    Create {
        #[arg(long)]
        email: String,
        /// support, billing or admin.
        #[arg(long)]
        role: String,
        /// The name shown in the audit log and to customers (SUP-4); default: the e-mail.
        #[arg(long)]
        name: Option<String>,
        /// fr, de, en, it or es.
        #[arg(long, default_value = "en")]
        language: String,
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
enum CatalogCommand {
    /// Replace the catalogue with a TOML file; changed prices apply from now on.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print the catalogue in force as TOML.
    Export,
}

#[derive(Subcommand)]
enum WebhookCommand {
    /// Register an endpoint; its signing secret is printed once.
    Add {
        /// http:// or https:// URL.
        url: String,
        /// Events to send, comma-separated: `product.activated`, `product.*`, `*`.
        #[arg(long, value_delimiter = ',', required = true)]
        events: Vec<String>,
    },
    /// The registered endpoints.
    List,
    /// Stop sending to an endpoint.
    Disable { id: i64 },
    /// Send to an endpoint again.
    Enable { id: i64 },
    /// The delivery log, newest first.
    Deliveries {
        #[arg(long)]
        endpoint: Option<i64>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// One delivery with its attempts.
    Show { id: i64 },
    /// Deliver again now.
    Redeliver { id: i64 },
}

#[derive(Subcommand)]
enum PaymentCommand {
    /// Record a bank transfer received for a payment reference: the open invoice or the
    /// pending order (pro-forma) carrying it is paid when the amount is exact.
    Record {
        /// The QR reference or RF creditor reference (spaces allowed).
        #[arg(long)]
        reference: String,
        /// The amount received, e.g. 108.10.
        #[arg(long)]
        amount: String,
        /// The currency received [default: the invoice's].
        #[arg(long)]
        currency: Option<String>,
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
    // SEC-6: the data folder and the database file are private to Kontor's user; SQLite gives
    // its journal and WAL the database file's mode.
    if let Some(file) = config.sqlite_file() {
        files::private_dir(&config.data_dir)
            .with_context(|| format!("creating {}", config.data_dir.display()))?;
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            files::private_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        files::private_file(&file).with_context(|| format!("creating {}", file.display()))?;
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = file.clone().into_os_string();
            name.push(suffix);
            let side = PathBuf::from(name);
            if side.exists() {
                files::private_file(&side).with_context(|| format!("{}", side.display()))?;
            }
        }
    }
    let db = Db::connect(&url, config.database_max_connections)
        .await
        .with_context(|| format!("connecting to {}", redact(&url)))?;
    db.migrate().await.context("running migrations")?;
    db.optimize()
        .await
        .context("updating the query planner's statistics")?;
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
#[allow(
    clippy::too_many_lines,
    reason = "the command dispatch: one arm per command of the CLI"
)]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let started = Instant::now();
    let listen = match &cli.command {
        Command::Serve { listen, .. } => listen.clone(),
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
            app.db.optimize().await?;
            let r = &report.renewals;
            println!(
                "renewals at {}: {} renewed automatically, {} attempts failed, {} renewed under warranty, {} suspended, {} terminated, {} expiry notices; reminders: {} sent, {} suspensions, {} terminations",
                at.format(&Rfc3339).unwrap_or_default(),
                r.renewed_automatically,
                r.renewal_failures,
                r.warranty_renewals,
                r.suspended,
                r.terminated,
                r.notices,
                r.reminders,
                r.dunning_suspensions,
                r.dunning_terminations
            );
            println!(
                "jobs at {}: {} e-mails sent, {} to retry, {} given up; removed {} sessions, {} links, {} sign-in failures; {} invitations expired; webhooks {} delivered, {} to retry, {} given up",
                at.format(&Rfc3339).unwrap_or_default(),
                report.mails_sent,
                report.mails_retried,
                report.mails_given_up,
                report.sessions_removed,
                report.links_removed,
                report.failures_removed,
                report.invitations_expired,
                report.webhooks.delivered,
                report.webhooks.retried,
                report.webhooks.given_up
            );
        }
        Command::Staff {
            command:
                StaffCommand::Create {
                    email,
                    role,
                    name,
                    language,
                },
        } => {
            let db = open_database(&config).await?;
            let app = App::new(db, Arc::new(SystemClock), config.settings()?)?;
            let name = name.unwrap_or_else(|| email.clone());
            let made = app
                .create_staff(&kontor_app::Actor::system(), &email, &name, &role, &language)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{}", made.password);
            eprintln!(
                "Staff account {} ({}) created. The password above is shown once; sign in at /staff and set up the second factor.",
                made.staff.email, made.staff.role
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
        Command::Catalog { command } => {
            let db = open_database(&config).await?;
            let app = App::new(db, Arc::new(SystemClock), config.settings()?)?;
            match command {
                CatalogCommand::Import { file } => {
                    let text = std::fs::read_to_string(&file)
                        .with_context(|| format!("reading {}", file.display()))?;
                    let r = app
                        .import_catalog(&kontor_app::Actor::system(), &text)
                        .await
                        .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
                    println!(
                        "catalogue imported: {} types, {} plans, {} prices changed, {} plans retired",
                        r.types, r.plans, r.prices_changed, r.plans_retired
                    );
                }
                CatalogCommand::Export => {
                    print!(
                        "{}",
                        app.export_catalog().await.map_err(|e| anyhow::anyhow!("{e}"))?
                    );
                }
            }
        }
        Command::Webhook { command } => {
            let db = open_database(&config).await?;
            let app = App::new(db, Arc::new(SystemClock), config.settings()?)?;
            webhook_command(&app, command)
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
        }
        Command::ImportCamt { files } => {
            let db = open_database(&config).await?;
            let app = App::new(db, Arc::new(SystemClock), config.settings()?)?;
            import_camt(&app, &files).await?;
        }
        Command::Payment {
            command:
                PaymentCommand::Record {
                    reference,
                    amount,
                    currency,
                },
        } => {
            let db = open_database(&config).await?;
            let app = App::new(db, Arc::new(SystemClock), config.settings()?)?;
            let amount = kontor_domain::money::parse_minor(&amount)
                .ok()
                .with_context(|| format!("--amount {amount}: expected an amount such as 108.10"))?;
            let p = app
                .record_transfer(&reference, amount, currency.as_deref())
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            println!(
                "payment {} recorded: {} {} by bank transfer for {}",
                p.id,
                p.currency,
                kontor_domain::money::format_minor(p.amount_minor),
                p.invoice_id.map_or_else(
                    || format!("order {}", p.order_id.unwrap_or_default()),
                    |i| format!("invoice id {i}")
                )
            );
        }
        Command::Serve {
            demo, clock_start, ..
        } => serve(config, started, demo, clock_start).await?,
    }
    Ok(())
}

/// `kontor import-camt`: each file on its own, so one refused file leaves the others imported;
/// the exit status says whether any was refused.
async fn import_camt(app: &App, files: &[PathBuf]) -> anyhow::Result<()> {
    let mut refused = 0;
    for path in files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {name}"))?;
        match app.import_camt(&kontor_app::Actor::system(), &name, &text).await {
            Ok(r) => println!(
                "{name}: {} — {} transactions, {} known before; {} paid, {} top-ups, {} to prepaid accounts, {} unmatched, {} not credits",
                r.message,
                r.transactions,
                r.known,
                r.paid,
                r.top_ups,
                r.to_prepaid,
                r.unmatched,
                r.not_credit
            ),
            Err(e) => {
                refused += 1;
                eprintln!("{}", describe(&e));
            }
        }
    }
    anyhow::ensure!(
        refused == 0,
        "{refused} of {} files not imported: a refused file changes nothing; credits a failed routing left waiting are routed by the next import",
        files.len()
    );
    Ok(())
}

/// An application error with its field problems, for the terminal.
fn describe(e: &kontor_app::AppError) -> String {
    match e {
        kontor_app::AppError::Refused { message, errors, .. } if !errors.is_empty() => {
            let fields: Vec<String> = errors
                .iter()
                .map(|f| format!("{}: {}", f.field, f.code))
                .collect();
            format!("{message} ({})", fields.join("; "))
        }
        other => other.to_string(),
    }
}

fn time_text(ts: Option<i64>) -> String {
    ts.and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "-".to_owned())
}

#[allow(
    clippy::too_many_lines,
    reason = "the command dispatch: one arm per webhook subcommand and what it prints"
)]
async fn webhook_command(app: &App, command: WebhookCommand) -> kontor_app::AppResult<()> {
    match command {
        WebhookCommand::Add { url, events } => {
            let e = app.add_webhook_endpoint(&url, &events).await.inspect_err(|_| {
                let known: Vec<&str> = kontor_domain::Event::ALL.iter().map(|e| e.as_str()).collect();
                eprintln!("Events: {}, an area with .* (product.*), or *.", known.join(", "));
            })?;
            println!("{}", e.secret);
            eprintln!(
                "Endpoint {} registered for {}. The secret above signs every delivery (Kontor-Signature: t=..,v1=HMAC-SHA256(secret, \"t.body\")); it is shown once.",
                e.id,
                events.join(", ")
            );
        }
        WebhookCommand::List => {
            for e in app.list_webhook_endpoints().await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    e.id,
                    if e.active { "active" } else { "disabled" },
                    e.url,
                    e.events
                );
            }
        }
        WebhookCommand::Disable { id } => app.set_webhook_endpoint_active(id, false).await?,
        WebhookCommand::Enable { id } => app.set_webhook_endpoint_active(id, true).await?,
        WebhookCommand::Deliveries { endpoint, limit } => {
            println!("id\tendpoint\tevent\tattempts\tstate\tlast status\tlast error");
            for d in app.list_webhook_deliveries(endpoint, limit).await? {
                let state = if d.delivered_at.is_some() {
                    format!("delivered {}", time_text(d.delivered_at))
                } else if d.failed_at.is_some() {
                    format!("given up {}", time_text(d.failed_at))
                } else {
                    format!("next {}", time_text(Some(d.next_attempt_at)))
                };
                println!(
                    "{}\t{}\t{}\t{}\t{state}\t{}\t{}",
                    d.id,
                    d.endpoint_id,
                    d.event_type,
                    d.attempts,
                    d.last_status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
                    d.last_error
                );
            }
        }
        WebhookCommand::Show { id } => {
            let (d, attempts) = app.webhook_delivery(id).await?;
            println!(
                "delivery {} of event {} ({}) to {}",
                d.id, d.event_id, d.event_type, d.url
            );
            println!("{}", d.payload);
            for a in attempts {
                println!(
                    "{}\t{}\t{} ms\t{}",
                    time_text(Some(a.at)),
                    a.status_code.map_or_else(|| "-".to_owned(), |s| s.to_string()),
                    a.duration_ms,
                    a.error
                );
            }
        }
        WebhookCommand::Redeliver { id } => {
            app.redeliver_webhook(id).await?;
            println!("delivery {id} is due again; the running server (or `kontor jobs run-once`) sends it");
        }
    }
    Ok(())
}

/// The demo catalogue shipped with the binary (`catalog/demo.toml`).
const DEMO_CATALOG: &str = include_str!("../../../catalog/demo.toml");

/// `--clock-start`: only for demonstrations and tests, never by accident in production.
fn server_clock(demo: bool, clock_start: Option<&str>) -> anyhow::Result<Arc<dyn kontor_app::Clock>> {
    let Some(start) = clock_start else {
        return Ok(Arc::new(SystemClock));
    };
    let allowed = demo || std::env::var("KONTOR_TEST_CLOCK").is_ok_and(|v| v == "1");
    anyhow::ensure!(
        allowed,
        "--clock-start moves the server's time: it is accepted only with --demo or KONTOR_TEST_CLOCK=1"
    );
    let at = OffsetDateTime::parse(start, &Rfc3339)
        .with_context(|| format!("--clock-start {start}: expected RFC 3339"))?;
    tracing::warn!(start = %start, "the server's clock starts at --clock-start and runs from there");
    Ok(Arc::new(kontor_app::platform::clock::StartedClock::new(at)))
}

async fn serve(
    config: Config,
    started: Instant,
    demo: bool,
    clock_start: Option<String>,
) -> anyhow::Result<()> {
    let db = open_database(&config).await?;
    let app = App::new(
        db.clone(),
        server_clock(demo, clock_start.as_deref())?,
        config.settings()?,
    )?;
    if demo {
        let d = app
            .seed_demo(DEMO_CATALOG)
            .await
            .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
        match &d.password {
            Some(p) => println!(
                "Demo: sign in at {}/console as {} with the password {p} ({})",
                config.public_url(),
                d.email,
                d.organization
            ),
            None => println!(
                "Demo: sign in at {}/console as {} with the password printed at the first --demo start ({})",
                config.public_url(),
                d.email,
                d.organization
            ),
        }
    }
    let state = kontor_web::AppState::new(app.clone());
    let metrics = serve_metrics(&config, &state).await?;
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
    if let Some(m) = metrics {
        m.abort();
    }
    db.close().await;
    Ok(())
}

/// OPS-4: `/metrics` on its own address (`metrics_listen`), when configured.
async fn serve_metrics(
    config: &Config,
    state: &kontor_web::AppState,
) -> anyhow::Result<Option<tokio::task::JoinHandle<std::io::Result<()>>>> {
    let Some(address) = &config.metrics_listen else {
        return Ok(None);
    };
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("listening on {address} for metrics"))?;
    tracing::info!(address = %address, "metrics are served here");
    Ok(Some(tokio::spawn(
        axum::serve(listener, kontor_web::metrics_service(state.clone())).into_future(),
    )))
}

/// The job runner: every interval all periodic jobs; outbox delivery also as soon as a
/// transaction wrote e-mail; the planner's statistics refreshed every hour.
async fn run_jobs(app: App, every: Duration) {
    let mut tick = tokio::time::interval(every);
    let mut optimize = tokio::time::interval(Duration::from_hours(1));
    optimize.tick().await;
    let notify = app.outbox_notify.clone();
    loop {
        let result = tokio::select! {
            _ = tick.tick() => app.run_jobs(app.now()).await.map(|_| ()),
            () = notify.notified() => app.deliver_outbox(app.now()).await.map(|_| ()),
            _ = optimize.tick() => app.db.optimize().await.map_err(Into::into),
        };
        if let Err(e) = result {
            tracing::error!(error = %e, "job run failed");
        }
    }
}
