//! The test kit: [`spawn_app`] builds the real router over a fresh database (a copy of a
//! migrated SQLite template file, or a PostgreSQL database cloned from a migrated template
//! when `KONTOR_TEST_DATABASE_URL` is set), a
//! clock the test moves, and a mail transport that writes `.eml` files to a temporary folder.
//! Requests go through the whole middleware stack in-process (tower `oneshot`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{HeaderMap, Method, Request, StatusCode, header};
use kontor_app::platform::mailer::{FileMailer, Mailer, OutgoingMail, SendFuture};
use kontor_app::platform::settings::{HashCost, MailTransport, Settings};
use kontor_app::{App, ManualClock};
use kontor_domain::ProductStatus;
use kontor_store::Db;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::datetime;
use tower::ServiceExt as _;

/// Where every test's clock starts.
pub const T0: OffsetDateTime = datetime!(2026-11-23 09:00 UTC);
pub const PASSWORD: &str = "correct horse battery";

/// A running Kontor for one test.
pub struct TestApp {
    pub app: App,
    pub state: kontor_web::AppState,
    pub clock: ManualClock,
    pub mail_dir: PathBuf,
    pub db: Db,
    dir: PathBuf,
    /// The test's own PostgreSQL database, dropped with the app.
    pg_database: Option<String>,
    /// The client IP the next requests come from.
    pub ip: std::sync::Mutex<String>,
}

/// A mail transport that fails its first `failures` sends, then writes files.
pub struct FlakyMailer {
    pub failures: usize,
    pub seen: AtomicUsize,
    pub inner: FileMailer,
}

impl Mailer for FlakyMailer {
    fn send<'a>(&'a self, mail: &'a OutgoingMail) -> SendFuture<'a> {
        let n = self.seen.fetch_add(1, Ordering::SeqCst);
        if n < self.failures {
            return Box::pin(async move { Err(format!("smtp server unreachable (attempt {})", n + 1)) });
        }
        self.inner.send(mail)
    }
}

/// Options for [`spawn_app_with`].
#[derive(Default)]
pub struct Options {
    /// Changes the settings before the app is built (an https address, a metrics token …).
    pub configure: Option<fn(&mut Settings)>,
    pub rate_limit_per_minute: Option<u32>,
    /// Fail this many e-mail sends before succeeding.
    pub mail_failures: usize,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

fn unique_name() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// A database to copy: a SQLite file, or a PostgreSQL database used as a template.
#[derive(Debug, Clone)]
enum Source {
    Sqlite(PathBuf),
    Postgres(String),
}

/// The migrated, empty database every test starts from, made once per test process: a test
/// then copies a file (SQLite) or clones a template database (PostgreSQL) instead of running
/// the migrations again.
static TEMPLATE: tokio::sync::OnceCell<Source> = tokio::sync::OnceCell::const_new();

fn postgres_url() -> Option<String> {
    std::env::var("KONTOR_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// Test databases on PostgreSQL are named `kt_<pid>_<random>`, so that leftovers of a test
/// process that died can be told apart and dropped.
fn pg_name() -> String {
    format!("kt_{}_{}", std::process::id(), unique_name())
}

async fn pg_admin(url: &str) -> sqlx::PgConnection {
    use sqlx::Connection as _;
    sqlx::PgConnection::connect(url)
        .await
        .expect("KONTOR_TEST_DATABASE_URL reachable")
}

async fn pg_exec(url: &str, sql: String) {
    let mut admin = pg_admin(url).await;
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut admin)
        .await
        .unwrap();
}

fn pg_options(url: &str, database: &str) -> sqlx::postgres::PgConnectOptions {
    use std::str::FromStr;
    sqlx::postgres::PgConnectOptions::from_str(url)
        .unwrap()
        .database(database)
}

/// Drops the test databases of processes that are gone (a test binary killed mid-run).
async fn pg_drop_orphans(url: &str) {
    let mut admin = pg_admin(url).await;
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'kt\\_%'")
            .fetch_all(&mut admin)
            .await
            .unwrap();
    for name in names {
        let pid = name.split('_').nth(1).unwrap_or_default();
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut admin).await;
        }
    }
}

async fn make_template() -> Source {
    if let Some(url) = postgres_url() {
        pg_drop_orphans(&url).await;
        let name = pg_name();
        pg_exec(&url, format!("CREATE DATABASE {name}")).await;
        let db = Db::connect_postgres(pg_options(&url, &name), 2).await.unwrap();
        db.migrate().await.unwrap();
        db.close().await;
        return Source::Postgres(name);
    }
    let dir = std::env::temp_dir().join(format!("kontor-template-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("kontor.db");
    let _ = std::fs::remove_file(&file);
    let db = Db::connect(&format!("sqlite://{}", file.display()), 1)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let template = dir.join("template.db");
    let _ = std::fs::remove_file(&template);
    freeze_sqlite(&db, &template).await;
    db.close().await;
    Source::Sqlite(template)
}

/// A consistent single-file copy of a SQLite database (WAL included).
async fn freeze_sqlite(db: &Db, to: &std::path::Path) {
    let Db::Sqlite(pool) = db else {
        unreachable!("a SQLite database")
    };
    let sql = format!("VACUUM INTO '{}'", to.display());
    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.unwrap();
}

/// A new database with the content of `source`, and the PostgreSQL name when it is one.
async fn copy_of(source: &Source, dir: &std::path::Path) -> (Db, Option<String>) {
    match source {
        Source::Postgres(template) => {
            let url = postgres_url().expect("KONTOR_TEST_DATABASE_URL");
            let name = pg_name();
            pg_exec(&url, format!("CREATE DATABASE {name} TEMPLATE {template}")).await;
            let db = Db::connect_postgres(pg_options(&url, &name), 5).await.unwrap();
            (db, Some(name))
        }
        Source::Sqlite(file) => {
            let to = dir.join("kontor.db");
            std::fs::copy(file, &to).unwrap();
            let db = Db::connect(&format!("sqlite://{}", to.display()), 5)
                .await
                .unwrap();
            (db, None)
        }
    }
}

/// A fresh, migrated database for one test, and its folder.
pub async fn fresh_db() -> (Db, PathBuf) {
    let (db, dir, _) = fresh_db_named().await;
    (db, dir)
}

async fn fresh_db_named() -> (Db, PathBuf, Option<String>) {
    let dir = std::env::temp_dir().join(format!("kontor-test-{}", unique_name()));
    std::fs::create_dir_all(&dir).unwrap();
    let (db, name) = copy_of(TEMPLATE.get_or_init(make_template).await, &dir).await;
    (db, dir, name)
}

/// A migrated PostgreSQL database of its own and its URL, when the tests run on PostgreSQL
/// (`KONTOR_TEST_DATABASE_URL`): for tests that start `kontor serve` processes on one database.
/// It is dropped with the other leftovers of this test process at the next run.
pub async fn postgres_database() -> Option<String> {
    let base = postgres_url()?;
    let (db, dir, name) = fresh_db_named().await;
    db.close().await;
    let _ = std::fs::remove_dir_all(dir);
    let name = name?;
    let (server, _) = base.split('?').next().unwrap_or(&base).rsplit_once('/')?;
    Some(format!("{server}/{name}"))
}

/// A test app's database and clock, set aside so that many tests can start from the same
/// state without building it again (the permission matrix builds its organization once).
pub struct Frozen {
    source: Source,
    now: OffsetDateTime,
    dir: PathBuf,
}

impl Frozen {
    /// A new app over a copy of the frozen database, its clock where the frozen one stood.
    pub async fn thaw(&self) -> TestApp {
        let dir = std::env::temp_dir().join(format!("kontor-test-{}", unique_name()));
        std::fs::create_dir_all(&dir).unwrap();
        let (db, name) = copy_of(&self.source, &dir).await;
        let t = build_app(db, dir, name, Options::default());
        t.clock.set(self.now);
        t
    }
}

impl Drop for Frozen {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Source::Postgres(name) = &self.source {
            drop_pg_database(name.clone());
        }
    }
}

/// Drops a test database in the background (a `Drop` cannot wait): `WITH (FORCE)` ends the
/// connections a dropped pool may still hold.
fn drop_pg_database(name: String) {
    let Some(url) = postgres_url() else { return };
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return;
        };
        rt.block_on(async {
            use sqlx::Connection as _;
            if let Ok(mut admin) = sqlx::PgConnection::connect(&url).await {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut admin).await;
            }
        });
    });
}

pub async fn spawn_app_with(o: Options) -> TestApp {
    let (db, dir, name) = fresh_db_named().await;
    build_app(db, dir, name, o)
}

fn build_app(db: Db, dir: PathBuf, pg_database: Option<String>, o: Options) -> TestApp {
    let mail_dir = dir.join("mail");
    let mut settings = Settings::new(
        "http://127.0.0.1:8080",
        MailTransport::Files(mail_dir.clone()),
        b"test-server-key-0123456789abcdefghijkl".to_vec(),
    );
    settings.hash_cost = HashCost {
        memory_kib: 256,
        iterations: 1,
        parallelism: 1,
    };
    if let Some(limit) = o.rate_limit_per_minute {
        settings.rate_limit_per_minute = limit;
    }
    if let Some(configure) = o.configure {
        configure(&mut settings);
    }
    let clock = ManualClock::new(T0);
    let mailer: Arc<dyn Mailer> = Arc::new(FlakyMailer {
        failures: o.mail_failures,
        seen: AtomicUsize::new(0),
        inner: FileMailer {
            dir: mail_dir.clone(),
        },
    });
    let app = App::with_mailer(db.clone(), Arc::new(clock.clone()), settings, mailer);
    let state = kontor_web::AppState::new(app.clone());
    TestApp {
        app,
        state,
        clock,
        mail_dir,
        db,
        dir,
        pg_database,
        ip: std::sync::Mutex::new("127.0.0.1".to_owned()),
    }
}

impl TestApp {
    /// Sets this app's database and clock aside as the starting point of other apps
    /// ([`Frozen::thaw`]).
    pub async fn freeze(mut self) -> Frozen {
        let now = kontor_app::Clock::now(&self.clock);
        let dir = std::env::temp_dir().join(format!("kontor-frozen-{}", unique_name()));
        std::fs::create_dir_all(&dir).unwrap();
        let source = if let Some(name) = self.pg_database.take() {
            // A template database must have no connections.
            self.db.close().await;
            Source::Postgres(name)
        } else {
            let file = dir.join("frozen.db");
            freeze_sqlite(&self.db, &file).await;
            Source::Sqlite(file)
        };
        Frozen { source, now, dir }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some(name) = self.pg_database.take() {
            drop_pg_database(name);
        }
    }
}

/// An answer, with its body parsed as JSON when it is JSON.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
    /// The body as received (PDFs, CSV).
    pub bytes: Vec<u8>,
}

impl TestResponse {
    /// `error.code` of an error envelope.
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// Every `Set-Cookie` value.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(ToOwned::to_owned))
            .collect()
    }
}

/// One e-mail as written to a file.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub raw: String,
}

impl Mail {
    /// The message with its quoted-printable soft breaks and `=3D` undone.
    pub fn text(&self) -> String {
        self.raw
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=")
    }

    /// The first link in the message that contains `needle`.
    pub fn link(&self, needle: &str) -> Option<String> {
        self.text()
            .split_whitespace()
            .find(|w| w.contains(needle))
            .map(ToOwned::to_owned)
    }

    /// The last path segment of the first link containing `needle` (the link's secret).
    pub fn secret(&self, needle: &str) -> Option<String> {
        self.link(needle)
            .and_then(|l| l.rsplit('/').next().map(ToOwned::to_owned))
    }
}

/// API-7: the status an operation answered is one its description declares. Every request a
/// test sends to `/1/` goes through this, so the whole suite checks the description.
fn described(method: &str, uri: &str, status: u16) {
    let path = uri.split('?').next().unwrap_or_default();
    if !path.starts_with("/1/") {
        return;
    }
    let doc = kontor_web::openapi::description();
    let Some(paths) = doc["paths"].as_object() else {
        return;
    };
    let segments: Vec<&str> = path.split('/').collect();
    let matching = paths.iter().find(|(template, item)| {
        let t: Vec<&str> = template.split('/').collect();
        item.get(method).is_some()
            && t.len() == segments.len()
            && t.iter()
                .zip(&segments)
                .all(|(a, b)| a == b || (a.starts_with('{') && !b.is_empty()))
    });
    // A path or method the API does not have answers 404/405, which no operation declares.
    let Some((template, item)) = matching else {
        return;
    };
    let declared = item[method]["responses"].get(status.to_string()).is_some();
    assert!(
        declared,
        "{} {template} answered {status}, which its description (docs/openapi.json) does not declare",
        method.to_uppercase()
    );
}

impl TestApp {
    pub fn set_ip(&self, ip: &str) {
        ip.clone_into(&mut self.ip.lock().unwrap());
    }

    /// Sends one request through the whole stack.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> TestResponse {
        let method_name = method.as_str().to_ascii_lowercase();
        let mut req = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut req = req.body(body).unwrap();
        let ip: SocketAddr = format!("{}:40000", self.ip.lock().unwrap()).parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(ip));
        let response = kontor_web::service(self.state.clone())
            .oneshot(req)
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        described(&method_name, path, status.as_u16());
        TestResponse {
            status,
            headers,
            text,
            json,
            bytes: bytes.to_vec(),
        }
    }

    /// A JSON API call, with a bearer token when given.
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> TestResponse {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![];
        if let Some(a) = &auth {
            headers.push(("authorization", a.as_str()));
        }
        let body = match body {
            Some(v) => {
                headers.push(("content-type", "application/json"));
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(method, path, &headers, body).await
    }

    pub async fn get(&self, path: &str, token: &str) -> TestResponse {
        self.api(Method::GET, path, Some(token), None).await
    }

    /// Signs up a person in Switzerland; answers the sign-up response's `data`.
    pub async fn signup(&self, email: &str) -> Value {
        let r = self
            .api(
                Method::POST,
                "/1/signup",
                None,
                Some(
                    json!({"email": email, "password": PASSWORD, "first_name": "Anna", "last_name": "Muster",
                            "kind": "person", "country": "CH", "language": "en"}),
                ),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        r.json["data"].clone()
    }

    /// A token with every scope for an existing user.
    pub async fn token(&self, email: &str) -> String {
        self.token_with(
            email,
            &["profile", "organizations", "products", "billing", "partners"],
        )
        .await
    }

    pub async fn token_with(&self, email: &str, scopes: &[&str]) -> String {
        let r = self
            .api(
                Method::POST,
                "/1/auth/tokens",
                None,
                Some(json!({"email": email, "password": PASSWORD, "name": "test", "scopes": scopes})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        r.json["data"]["token"].as_str().unwrap().to_owned()
    }

    /// Signs up and returns (token, organization id).
    pub async fn signed_up(&self, email: &str) -> (String, i64) {
        let data = self.signup(email).await;
        let org = data["organization"]["id"].as_i64().unwrap();
        (self.token(email).await, org)
    }

    /// Delivers the outbox now and reads every e-mail written so far, oldest first.
    pub async fn mails(&self) -> Vec<Mail> {
        self.app.deliver_outbox(self.clock_now()).await.unwrap();
        let Ok(entries) = std::fs::read_dir(&self.mail_dir) else {
            return vec![];
        };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let raw = std::fs::read_to_string(&p).unwrap();
                let header = |name: &str| {
                    raw.lines()
                        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
                        .unwrap_or_default()
                        .trim()
                        .to_owned()
                };
                Mail {
                    to: header("To"),
                    subject: header("Subject"),
                    raw: raw.clone(),
                }
            })
            .collect()
    }

    /// Runs a query that answers one text column, on either backend (tests look at what is
    /// stored, as someone who can read the database would).
    pub async fn texts(&self, sql: &'static str) -> Vec<String> {
        let mut c = self.db.acquire().await.unwrap();
        match c.inner() {
            kontor_store::db_inner::Sqlite(e) => sqlx::query_scalar(sql).fetch_all(e).await.unwrap(),
            kontor_store::db_inner::Postgres(e) => sqlx::query_scalar(sql).fetch_all(e).await.unwrap(),
        }
    }

    /// Runs a statement on either backend (tests that tamper with stored rows, as an attacker
    /// who can write the database would); answers the rows it changed.
    pub async fn execute(&self, sql: impl Into<String>) -> u64 {
        // The store's connection hands out statements for 'static text; a test leaks its few.
        let sql: &'static str = Box::leak(sql.into().into_boxed_str());
        let mut c = self.db.acquire().await.unwrap();
        match c.inner() {
            kontor_store::db_inner::Sqlite(e) => sqlx::query(sql).execute(e).await.unwrap().rows_affected(),
            kontor_store::db_inner::Postgres(e) => sqlx::query(sql).execute(e).await.unwrap().rows_affected(),
        }
    }

    /// Runs a query that answers one whole number, on either backend.
    /// One number from `sql`, which may be built at run time (leaked like [`Self::execute`]'s).
    pub async fn number_of(&self, sql: impl Into<String>) -> i64 {
        self.number(Box::leak(sql.into().into_boxed_str())).await
    }

    pub async fn number(&self, sql: &'static str) -> i64 {
        let mut c = self.db.acquire().await.unwrap();
        match c.inner() {
            kontor_store::db_inner::Sqlite(e) => sqlx::query_scalar(sql).fetch_one(e).await.unwrap(),
            kontor_store::db_inner::Postgres(e) => sqlx::query_scalar(sql).fetch_one(e).await.unwrap(),
        }
    }

    /// The e-mails to one address.
    pub async fn mails_to(&self, to: &str) -> Vec<Mail> {
        self.mails()
            .await
            .into_iter()
            .filter(|m| m.to.contains(to))
            .collect()
    }

    pub fn clock_now(&self) -> OffsetDateTime {
        kontor_app::Clock::now(&self.clock)
    }

    /// A browser-like client with its own cookie jar.
    pub fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            cookies: HashMap::new(),
        }
    }
}

/// Drives the console like a browser: keeps cookies, reads CSRF tokens from forms.
pub struct Browser<'a> {
    app: &'a TestApp,
    pub cookies: HashMap<String, String>,
}

impl Browser<'_> {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, r: &TestResponse) {
        for c in r.set_cookies() {
            let first = c.split(';').next().unwrap_or_default();
            if let Some((k, v)) = first.split_once('=') {
                if v.is_empty() || c.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), v.to_owned());
                }
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        let cookie = self.cookie_header();
        let r = self
            .app
            .send(
                Method::GET,
                path,
                &[("cookie", &cookie), ("accept-language", "en")],
                Body::empty(),
            )
            .await;
        self.keep_cookies(&r);
        r
    }

    /// Posts a form; the CSRF token is taken from the page at `form_page` unless given.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let cookie = self.cookie_header();
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let r = self
            .app
            .send(
                Method::POST,
                path,
                &[
                    ("cookie", &cookie),
                    ("content-type", "application/x-www-form-urlencoded"),
                ],
                Body::from(body),
            )
            .await;
        self.keep_cookies(&r);
        r
    }

    /// Posts `multipart/form-data` (text fields and files) with this browser's cookies.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> TestResponse {
        let cookie = self.cookie_header();
        let (content_type, body) = multipart(fields, files);
        let r = self
            .app
            .send(
                Method::POST,
                path,
                &[("cookie", &cookie), ("content-type", &content_type)],
                Body::from(body),
            )
            .await;
        self.keep_cookies(&r);
        r
    }

    /// Loads `page`, then posts `fields` plus its CSRF token to `action`.
    pub async fn submit(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> TestResponse {
        let html = self.get(page).await.text;
        let csrf = csrf_of(&html);
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    /// An API call authenticated by this browser's session cookie.
    pub async fn api(
        &mut self,
        method: Method,
        path: &str,
        csrf: Option<&str>,
        body: Option<Value>,
    ) -> TestResponse {
        let cookie = self.cookie_header();
        let mut headers = vec![("cookie", cookie.as_str())];
        if let Some(c) = csrf {
            headers.push(("x-csrf-token", c));
        }
        let body = match body {
            Some(v) => {
                headers.push(("content-type", "application/json"));
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.app.send(method, path, &headers, body).await
    }

    /// Signs in through the console form.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> TestResponse {
        self.submit(
            "/console/signin",
            "/console/signin",
            &[("email", email), ("password", password)],
        )
        .await
    }
}

/// A `multipart/form-data` body: its content type (with the boundary) and bytes.
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "kontor-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.bin\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The value of the first `name="csrf"` hidden field of a page.
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

impl TestApp {
    /// A product record in `org` (the catalogue issue creates them through orders).
    pub async fn product(&self, org: i64, name: &str) -> i64 {
        let mut c = self.db.begin().await.unwrap();
        let id = kontor_store::products::insert_product(
            &mut c,
            org,
            "web_hosting",
            name,
            ProductStatus::Active,
            0,
        )
        .await
        .unwrap();
        c.commit().await.unwrap();
        id
    }

    /// Invites `email` into `org` and returns the secret of the e-mailed link.
    pub async fn invite(&self, token: &str, org: i64, body: Value) -> String {
        let r = self
            .api(
                Method::POST,
                &format!("/1/organizations/{org}/members"),
                Some(token),
                Some(body.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let email = body["email"].as_str().unwrap();
        self.mails_to(email)
            .await
            .pop()
            .unwrap()
            .secret("/console/invitations/")
            .unwrap()
    }

    /// Invites and accepts as a new account; returns (token, user id).
    pub async fn member(
        &self,
        token: &str,
        org: i64,
        email: &str,
        role: &str,
        extra: Value,
    ) -> (String, i64) {
        let mut body = json!({"email": email, "role": role});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        let secret = self.invite(token, org, body).await;
        let r = self
            .api(Method::POST, "/1/invitations/accept", None, Some(json!({"token": secret, "first_name": "Max", "last_name": "Member", "password": PASSWORD})))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let user = r.json["data"]["user_id"].as_i64().unwrap();
        (self.token(email).await, user)
    }
}

/// The demo catalogue shipped with Kontor.
pub const DEMO_CATALOG: &str = include_str!("../../../catalog/demo.toml");

impl TestApp {
    /// Loads the demo catalogue.
    pub async fn demo_catalog(&self) {
        self.app
            .import_catalog(&kontor_app::Actor::system(), DEMO_CATALOG)
            .await
            .unwrap();
    }

    /// A card token from the sandbox processor's card form.
    pub async fn card(&self, org: i64, number: &str) -> String {
        let r = self
            .api(
                Method::POST,
                "/sandbox/cards",
                None,
                Some(json!({"customer": org, "number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        r.json["data"]["token"].as_str().unwrap().to_owned()
    }

    /// Orders `items` and answers the order.
    pub async fn order(&self, token: &str, org: i64, items: Value) -> Value {
        let r = self
            .api(
                Method::POST,
                &format!("/1/organizations/{org}/orders"),
                Some(token),
                Some(json!({"items": items})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        r.json["data"].clone()
    }

    /// Pays an order by card (a succeeding test card) and answers the payment.
    pub async fn pay_by_card(&self, token: &str, org: i64, order: i64) -> Value {
        let card = self.card(org, "4242424242424242").await;
        let r = self
            .api(
                Method::POST,
                &format!("/1/organizations/{org}/orders/{order}/pay"),
                Some(token),
                Some(json!({"means": "card", "card_token": card})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.json["data"]["status"], "succeeded", "{}", r.text);
        r.json["data"].clone()
    }

    /// Orders and pays one product; answers its id.
    pub async fn active_product(&self, token: &str, org: i64, plan: &str, name: &str) -> i64 {
        let o = self
            .order(
                token,
                org,
                json!([{"plan": plan, "period_months": 12, "name": name}]),
            )
            .await;
        self.pay_by_card(token, org, o["id"].as_i64().unwrap()).await;
        o["items"][0]["product_id"].as_i64().unwrap()
    }
}
