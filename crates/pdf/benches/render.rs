//! PDF rendering throughput on one thread (docs/PERFORMANCE.md): `cargo bench -p kontor-pdf`,
//! pinned to one core with `taskset -c 1`. Renders the example invoice (CHF, QR-bill slip,
//! embedded fonts) with 5 lines (one page) and with 40 lines (two pages) and prints invoices
//! per second with the median and 99th percentile time of one rendering.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::Instant;

use kontor_pdf::{render, sample};

fn measure(label: &str, lines: usize, rounds: usize) {
    let doc = sample::invoice(lines);
    for _ in 0..10 {
        render(&doc).unwrap();
    }
    let mut times = Vec::with_capacity(rounds);
    let mut bytes = 0;
    let started = Instant::now();
    for _ in 0..rounds {
        let t = Instant::now();
        bytes = render(&doc).unwrap().len();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let total = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{label}: {:.0} invoices/s on one thread; p50 {:.2} ms, p99 {:.2} ms; {bytes} bytes ({rounds} renderings)",
        rounds as f64 / total,
        pct(0.5),
        pct(0.99)
    );
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: keep that quick.
    let full = std::env::args().any(|a| a == "--bench");
    let rounds = if full { 500 } else { 5 };
    measure("invoice, 5 lines, 1 page with the QR-bill slip", 5, rounds);
    measure("invoice, 40 lines, 2 pages with the QR-bill slip", 40, rounds);
}
