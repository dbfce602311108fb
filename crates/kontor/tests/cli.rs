//! OPS-1 through the binary itself: `kontor migrate`, `kontor catalog import`, `kontor jobs
//! run-once --at` and `kontor webhook add` on a fresh data directory (SQLite), the way an
//! operator types them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn kontor(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kontor"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("KONTOR_DATABASE_URL")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the kontor binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
#[cfg(not(unix))]
fn sec_6_everything_in_the_data_directory_is_private(_: &Path) {}

#[test]
fn ops_1_one_binary_migrates_imports_runs_the_jobs_and_registers_webhooks() {
    let data = std::env::temp_dir().join(format!("kontor-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let migrated = kontor(&data, &["migrate"]);
    assert!(migrated.status.success(), "{}", text(&migrated));
    assert!(
        data.join("kontor.db").exists(),
        "SQLite by default, in the data directory"
    );

    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog/demo.toml");
    let imported = kontor(&data, &["catalog", "import", catalog.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", text(&imported));

    let jobs = kontor(&data, &["jobs", "run-once", "--at", "2027-01-01T09:00:00Z"]);
    assert!(jobs.status.success(), "{}", text(&jobs));
    assert!(
        text(&jobs).contains("renewals at 2027-01-01T09:00:00Z"),
        "{}",
        text(&jobs)
    );

    // EVT-1: every emitted event can be subscribed to by name.
    let added = kontor(
        &data,
        &[
            "webhook",
            "add",
            "http://127.0.0.1:9/hook",
            "--events",
            "product.suspended,member.removed",
        ],
    );
    assert!(added.status.success(), "{}", text(&added));
    assert!(
        String::from_utf8_lossy(&added.stdout).starts_with("whsec_"),
        "the secret, once"
    );
    let refused = kontor(
        &data,
        &[
            "webhook",
            "add",
            "http://127.0.0.1:9/x",
            "--events",
            "product.exploded",
        ],
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("product.suspended"),
        "names the events there are: {}",
        text(&refused)
    );
    let listed = kontor(&data, &["webhook", "list"]);
    assert!(
        text(&listed).contains("product.suspended member.removed"),
        "{}",
        text(&listed)
    );
    sec_6_everything_in_the_data_directory_is_private(&data);
    let _ = std::fs::remove_dir_all(&data);
}

/// SEC-6: the data folder and every file Kontor made in it are readable by its user only.
#[cfg(unix)]
fn sec_6_everything_in_the_data_directory_is_private(data: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(data), 0o700, "{}", data.display());
    let mut files = 0;
    for entry in std::fs::read_dir(data).unwrap() {
        let path = entry.unwrap().path();
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), want, "{}", path.display());
        files += 1;
    }
    assert!(files >= 2, "the database and the server key at least");
    assert!(data.join("server.key").exists());
}

/// One HTTP/1.1 request over a fresh connection; answers (status, headers and body).
fn http(port: u16, method: &str, path: &str, bearer: Option<&str>, body: Option<&str>) -> (u16, String) {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    let body = body.unwrap_or("");
    let auth = bearer
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, answer)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `kontor serve` on `url`, killed when dropped.
struct Served(std::process::Child, u16);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(url: &str, data: &Path) -> Served {
    serve_with(url, data, &[])
}

fn serve_with(url: &str, data: &Path, env: &[(&str, String)]) -> Served {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kontor"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(data)
        .args(["--database-url", url])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("KONTOR_PASSWORD_HASH_MEMORY_KIB", "64")
        .env("KONTOR_PASSWORD_HASH_ITERATIONS", "1")
        .env("KONTOR_SERVER_KEY", "k".repeat(32))
        .env("KONTOR_LOG", "error")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the kontor binary runs");
    for _ in 0..300 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Served(child, port);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("kontor serve did not start on {port}");
}

#[tokio::test]
async fn api_3_two_instances_on_one_postgresql_share_the_limit_of_a_user() {
    let Some(url) = kontor_testkit::postgres_database().await else {
        return; // The limit is shared through PostgreSQL; SQLite runs one instance.
    };
    let base = std::env::temp_dir().join(format!("kontor-two-{}", std::process::id()));
    let a = serve(&url, &base.join("a"));
    let b = serve(&url, &base.join("b"));
    let signup = r#"{"email": "anna@example.ch", "password": "a long enough password", "first_name": "Anna", "last_name": "Muster", "kind": "person", "country": "CH", "language": "en"}"#;
    let (status, answer) = http(a.1, "POST", "/1/signup", None, Some(signup));
    assert_eq!(status, 201, "{answer}");
    let login = r#"{"email": "anna@example.ch", "password": "a long enough password", "name": "two", "scopes": ["profile"]}"#;
    let token_of = |answer: &str| {
        let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        v["data"]["token"].as_str().unwrap().to_owned()
    };
    let (status, answer) = http(b.1, "POST", "/1/auth/tokens", None, Some(login));
    assert_eq!(status, 201, "{answer}");
    let first = token_of(&answer);
    // A second token of the same user brings no new allowance; making it counts too.
    let (status, answer) = http(a.1, "POST", "/1/auth/tokens", None, Some(login));
    assert_eq!(status, 201, "{answer}");
    let second = token_of(&answer);
    // 2 token creations + 58 requests, alternately on both instances and with both tokens.
    for i in 0..58 {
        let (port, token) = if i % 2 == 0 { (a.1, &first) } else { (b.1, &second) };
        let (status, answer) = http(port, "GET", "/1/profile", Some(token), None);
        assert_eq!(status, 200, "request {i}: {answer}");
    }
    for (port, token) in [(a.1, &first), (b.1, &second)] {
        let (status, answer) = http(port, "GET", "/1/profile", Some(token), None);
        assert_eq!(status, 429, "{answer}");
        assert!(answer.to_lowercase().contains("retry-after:"), "{answer}");
    }
    let (status, _) = http(b.1, "POST", "/1/auth/tokens", None, Some(login));
    assert_eq!(status, 429, "a new token does not escape the limit");
    drop((a, b));
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn ops_4_metrics_on_their_own_address_with_a_token() {
    let data = std::env::temp_dir().join(format!("kontor-metrics-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let metrics = free_port();
    let url = format!("sqlite://{}", data.join("kontor.db").display());
    let served = serve_with(
        &url,
        &data,
        &[
            ("KONTOR_METRICS_LISTEN", format!("127.0.0.1:{metrics}")),
            ("KONTOR_METRICS_TOKEN", "scrape-0123456789abcdef".to_owned()),
        ],
    );
    let (status, _) = http(served.1, "GET", "/metrics", Some("scrape-0123456789abcdef"), None);
    assert_eq!(status, 404, "not beside the API");
    let (status, _) = http(metrics, "GET", "/metrics", None, None);
    assert_eq!(status, 401, "the token is asked for");
    let (status, answer) = http(metrics, "GET", "/metrics", Some("scrape-0123456789abcdef"), None);
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("kontor_outbox_backlog"), "{answer}");
    drop(served);
    let _ = std::fs::remove_dir_all(&data);
}
