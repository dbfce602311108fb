#!/usr/bin/env bash
# Renewal jobs benchmark (issue 5, docs/PERFORMANCE.md): `kontor jobs run-once --at` over
# 100,000 organizations and 1,000,000 products of which 3 % are due (automatic-renewal attempts
# that pay and that fail, renewals under warranty, suspensions, terminations, expiry notices,
# reminders), on SQLite and, when PG_URL is given (an empty database), on PostgreSQL: wall time
# and peak resident memory (GNU time), then a second run at the same instant (nothing to do).
# With PARTNERS=1000, a third of the organizations are clients of that many partners under
# mixed modes (limited, full with the client paying, full with the partner paying; PAR-7, PAR-8).
# Usage: [PG_URL=postgres://...] [PARTNERS=1000] bench/jobs.sh [organizations=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
orgs=${1:-100000}
at=2027-03-01T03:00:00Z
cargo build --release --quiet --bin kontor -p kontor
cargo build --release --quiet --bin kontor-bench -p kontor-testkit
export KONTOR_LOG=warn

run() {
  local label=$1 url=$2 data
  data=$(mktemp -d /tmp/kontor-bench-jobs.XXXXXX)
  echo "--- $label: seeding $orgs organizations, ${PARTNERS:-0} partners"
  ./target/release/kontor-bench seed-jobs "$url" "$at" "$orgs" "${PARTNERS:-0}"
  for round in first second; do
    echo "--- $label: kontor jobs run-once --at $at ($round run)"
    /usr/bin/time -v ./target/release/kontor jobs run-once --at "$at" --data-dir "$data" --database-url "$url" \
      2>"$data/time.txt"
    grep -E 'Elapsed \(wall clock\)|Maximum resident set size|User time|System time' "$data/time.txt"
  done
  echo "e-mails written: $(find "$data/mail" -type f 2>/dev/null | wc -l)"
  rm -rf "$data"
}

sqlite_dir=$(mktemp -d /tmp/kontor-bench-jobs-db.XXXXXX)
run SQLite "sqlite://$sqlite_dir/kontor.db"
du -sh "$sqlite_dir"
rm -rf "$sqlite_dir"
if [ -n "${PG_URL:-}" ]; then
  run PostgreSQL "$PG_URL"
fi
