//! Connection handling: the pool of either backend, connections and transactions, migrations.

use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use time::OffsetDateTime;

/// Errors of the persistence layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write; `detail` names the constraint or column.
    #[error("unique constraint violated: {detail}")]
    UniqueViolation { detail: String },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database url: {0}")]
    UnsupportedUrl(String),
}

impl StoreError {
    /// Turns sqlx's unique-violation errors into [`StoreError::UniqueViolation`].
    pub fn classify(e: sqlx::Error) -> StoreError {
        if let sqlx::Error::Database(db) = &e
            && db.is_unique_violation()
        {
            let detail = db
                .constraint()
                .map_or_else(|| db.message().to_owned(), ToOwned::to_owned);
            return StoreError::UniqueViolation { detail };
        }
        StoreError::Database(e)
    }

    /// Whether this is a unique violation whose constraint or message mentions `needle`.
    pub fn is_unique(&self, needle: &str) -> bool {
        matches!(self, StoreError::UniqueViolation { detail } if detail.contains(needle))
    }
}

impl From<StoreError> for std::io::Error {
    fn from(e: StoreError) -> Self {
        std::io::Error::other(e.to_string())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Converts stored Unix seconds to a UTC instant.
pub fn at(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Converts an instant to stored Unix seconds.
pub fn ts(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

/// A pool of connections to one database, SQLite or PostgreSQL.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://...`), creating a SQLite file if
    /// needed. Does not run migrations.
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Db> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Statement journals of the large multi-row statements (a bank statement's chunk of
                // 1,000 credits) stay in memory instead of spilling to a temporary file, and the
                // WAL is written back to the database every 10,000 pages (40 MB) rather than every
                // 1,000, so a hot page rewritten by consecutive commits is checkpointed once
                // (docs/PERFORMANCE.md, bank statements).
                .pragma("temp_store", "memory")
                .pragma("wal_autocheckpoint", "10000");
            // No ping before each acquire: a broken SQLite connection does not heal by pinging,
            // and the ping is a round trip to the connection's worker thread per request.
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections.max(1))
                .test_before_acquire(false)
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            Db::connect_postgres(options, max_connections).await
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }

    /// Connects to PostgreSQL with ready-made options (tests use a schema per test).
    ///
    /// JIT compilation is off: Kontor's statements are short, and a large one whose estimate
    /// passes `jit_above_cost` (a bank statement's chunk of 1,000 credits) spent 0.8 s compiling
    /// for 30 ms of work (docs/PERFORMANCE.md, bank statements).
    pub async fn connect_postgres(options: PgConnectOptions, max_connections: u32) -> StoreResult<Db> {
        let options = options.options([("jit", "off")]);
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        Ok(Db::Postgres(pool))
    }

    /// Runs the embedded migrations of this backend.
    pub async fn migrate(&self) -> StoreResult<()> {
        match self {
            Db::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Db::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        Ok(())
    }

    /// The migration versions of both backends, for the parity test.
    pub fn migration_versions() -> (Vec<i64>, Vec<i64>) {
        let versions = |m: &sqlx::migrate::Migrator| m.iter().map(|x| x.version).collect();
        (versions(&SQLITE_MIGRATIONS), versions(&POSTGRES_MIGRATIONS))
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// A pooled connection for reads outside a transaction.
    pub async fn acquire(&self) -> StoreResult<Conn> {
        Ok(match self {
            Db::Sqlite(p) => Conn::SqlitePool(p.acquire().await?),
            Db::Postgres(p) => Conn::PgPool(p.acquire().await?),
        })
    }

    /// A write transaction. On SQLite it starts with `BEGIN IMMEDIATE` so a transaction that
    /// reads before it writes never fails to upgrade its lock.
    pub async fn begin(&self) -> StoreResult<Conn> {
        Ok(match self {
            Db::Sqlite(p) => Conn::SqliteTx(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => Conn::PgTx(p.begin().await?),
        })
    }

    /// Keeps the query planner's statistics current. SQLite has none until `ANALYZE` runs:
    /// without them it takes an equality on any index's first column for a selective lookup
    /// (why the job indexes are partial, migration 0006). `PRAGMA optimize=0x10002` analyzes
    /// the tables never analyzed or whose size changed a lot since, with a bounded sample, and
    /// is a no-op otherwise. PostgreSQL's autovacuum keeps its own statistics.
    pub async fn optimize(&self) -> StoreResult<()> {
        if let Db::Sqlite(p) = self {
            sqlx::query("PRAGMA optimize=0x10002").execute(p).await?;
        }
        Ok(())
    }

    /// Whether the database answers (`/readyz`).
    pub async fn ping(&self) -> StoreResult<()> {
        let mut c = self.acquire().await?;
        crate::q!(&mut c, |e| sqlx::query("SELECT 1")
            .execute(e)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The tables and their columns, sorted (migration-parity test).
    pub async fn schema(&self) -> StoreResult<Vec<(String, String)>> {
        let rows: Vec<(String, String)> = match self {
            Db::Sqlite(p) => {
                sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                     AND m.name <> '_sqlx_migrations' ORDER BY 1, 2",
                )
                .fetch_all(p)
                .await?
            }
            Db::Postgres(p) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' \
                     ORDER BY 1, 2",
                )
                .fetch_all(p)
                .await?
            }
        };
        Ok(rows)
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}

/// A connection: pooled (reads) or inside a transaction (writes).
pub enum Conn {
    SqlitePool(PoolConnection<Sqlite>),
    PgPool(PoolConnection<Postgres>),
    SqliteTx(Transaction<'static, Sqlite>),
    PgTx(Transaction<'static, Postgres>),
}

/// The raw connection of either backend, for the [`q!`] macro.
pub enum Inner<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl Conn {
    pub fn inner(&mut self) -> Inner<'_> {
        match self {
            Conn::SqlitePool(c) => Inner::Sqlite(c),
            Conn::SqliteTx(t) => Inner::Sqlite(t),
            Conn::PgPool(c) => Inner::Postgres(c),
            Conn::PgTx(t) => Inner::Postgres(t),
        }
    }

    /// Commits a transaction; a pooled connection has nothing to commit.
    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Conn::SqliteTx(t) => t.commit().await?,
            Conn::PgTx(t) => t.commit().await?,
            Conn::SqlitePool(_) | Conn::PgPool(_) => {}
        }
        Ok(())
    }
}

/// `n` parameters numbered from `from`, for a statement over a list: `$from, $from + 1, …` on
/// PostgreSQL; plain `?` on SQLite, whose parser looks each `$N` up among the names seen
/// before (a 10,000-row insert spent most of its time there).
pub fn placeholders(c: &Conn, from: usize, n: usize) -> String {
    match c {
        Conn::SqlitePool(_) | Conn::SqliteTx(_) => vec!["?"; n].join(", "),
        Conn::PgPool(_) | Conn::PgTx(_) => (from..from + n)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Runs the same sqlx expression on whichever backend `conn` holds; `$e` is the executor.
#[macro_export]
macro_rules! q {
    ($conn:expr, |$e:ident| $body:expr) => {
        match $crate::Conn::inner($conn) {
            $crate::db_inner::Sqlite($e) => $body,
            $crate::db_inner::Postgres($e) => $body,
        }
    };
}
