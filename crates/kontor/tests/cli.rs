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
