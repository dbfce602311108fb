#!/usr/bin/env bash
# Members-list benchmark (organizations issue, docs/PERFORMANCE.md): one organization with
# 1,000 members, 10,000 products and 100 workgroups; wrk GET /1/organizations/{org}/members at
# 32 connections, on SQLite and, when PG_URL is given (an empty database), on PostgreSQL.
# Also prints decide() and facts-loading latencies. Usage: [PG_URL=postgres://...] bench/members.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
port=18383
cargo build --release --quiet --bin kontor -p kontor
cargo build --release --quiet --bin kontor-bench -p kontor-testkit
export KONTOR_RATE_LIMIT_PER_MINUTE=0 KONTOR_LOG=warn

run() {
  local url=$1 label=$2 data
  data=$(mktemp -d /tmp/kontor-bench-members.XXXXXX)
  eval "$(./target/release/kontor-bench seed "$url" | tr ' ' '\n' | sed 's/^/seed_/')"
  ./target/release/kontor-bench decide "$url"
  ./target/release/kontor serve --listen 127.0.0.1:$port --data-dir "$data" --database-url "$url" >"$data/serve.log" 2>&1 &
  local pid=$!
  until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do kill -0 $pid || { cat "$data/serve.log"; exit 1; }; sleep 0.05; done
  curl -sf -H "Authorization: Bearer $seed_token" "http://127.0.0.1:$port/1/organizations/$seed_org/members" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("members:", d["total"], "page size:", len(d["data"]))'
  echo "--- $label: GET /1/organizations/$seed_org/members (50 per page), ${secs}s, 32 connections"
  wrk -t2 -c32 -d"${secs}s" --latency -H "Authorization: Bearer $seed_token" "http://127.0.0.1:$port/1/organizations/$seed_org/members" | grep -E 'Requests/sec|50%|99%'
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
}

sqlite_dir=$(mktemp -d /tmp/kontor-bench-sqlite.XXXXXX)
run "sqlite://$sqlite_dir/kontor.db" SQLite
rm -rf "$sqlite_dir"
if [ -n "${PG_URL:-}" ]; then
  run "$PG_URL" PostgreSQL
fi
