//! Prometheus metrics (OPS-4): requests by route, method and status, a latency histogram per
//! route, job runs, e-mails and the outbox backlog. Plain text format 0.0.4, no crate needed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

/// Values read at scrape time from elsewhere.
pub struct Gauges {
    pub job_runs: u64,
    pub mails_sent: u64,
    pub mail_failures: u64,
    pub outbox_backlog: i64,
}

impl Metrics {
    pub fn observe(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *inner
            .requests
            .entry((route.to_owned(), method.to_owned(), status))
            .or_default() += 1;
        let h = inner.latency.entry(route.to_owned()).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                h.counts[i] += 1;
            }
        }
        h.count += 1;
        h.sum += secs;
    }

    /// The exposition text.
    #[allow(
        clippy::too_many_lines,
        reason = "the Prometheus exposition: one block per metric family"
    )]
    pub fn render(&self, g: &Gauges) -> String {
        let inner = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out = String::new();
        out.push_str("# HELP kontor_http_requests_total HTTP requests by route, method and status.\n");
        out.push_str("# TYPE kontor_http_requests_total counter\n");
        for ((route, method, status), n) in &inner.requests {
            let _ = writeln!(
                out,
                "kontor_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str("# HELP kontor_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE kontor_http_request_duration_seconds histogram\n");
        for (route, h) in &inner.latency {
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "kontor_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "kontor_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "kontor_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "kontor_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        for (name, kind, help, value) in [
            (
                "kontor_job_runs_total",
                "counter",
                "Runs of the periodic jobs.",
                g.job_runs.to_string(),
            ),
            (
                "kontor_mails_sent_total",
                "counter",
                "E-mails handed to the transport.",
                g.mails_sent.to_string(),
            ),
            (
                "kontor_mail_failures_total",
                "counter",
                "Failed e-mail delivery attempts.",
                g.mail_failures.to_string(),
            ),
            (
                "kontor_outbox_backlog",
                "gauge",
                "Messages waiting for delivery.",
                g.outbox_backlog.to_string(),
            ),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
        }
        out
    }
}
