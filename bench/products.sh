#!/usr/bin/env bash
# Products-list benchmark (issue 4, docs/PERFORMANCE.md): one organization with 100,000
# products; wrk GET /1/organizations/{org}/products?per_page=50 at 32 connections, the first
# page and a deep page (keyset: `after` = a product half-way down), on SQLite and, when PG_URL
# is given (an empty database), on PostgreSQL; in the same run the console's products page
# (first page of 50, signed in with a session cookie: the default view and "all", issue 18).
# Then the time to price an order of 1,000 items.
# Usage: [PG_URL=postgres://...] bench/products.sh [seconds=20] [products=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
count=${2:-100000}
port=18484
cargo build --release --quiet --bin kontor -p kontor
cargo build --release --quiet --bin kontor-bench -p kontor-testkit
export KONTOR_RATE_LIMIT_PER_MINUTE=0 KONTOR_LOG=warn

load() {
  local label=$1 url=$2
  curl -sf -H "Authorization: Bearer $seed_token" "$url" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("'"$label"': total", d["total"], "rows", len(d["data"]), "first id", d["data"][0]["id"], "next_after", d.get("next_after"))'
  echo "--- $label, ${secs}s, 32 connections"
  wrk -t2 -c32 -d"${secs}s" --latency -H "Authorization: Bearer $seed_token" "$url" | grep -E 'Requests/sec|50%|99%'
}

# Console page, signed in: the session cookie comes from a real sign-in through the form.
console() {
  local label=$1 url=$2 jar=$3 session
  session=$(awk '$6 == "kontor_session" { print $7 }' "$jar")
  curl -sf -b "kontor_session=$session" "$url" | python3 -c 'import re,sys; h=sys.stdin.read(); print("'"$label"': rows", len(re.findall(r"name=\"product\"", h)), "bytes", len(h))'
  echo "--- $label, ${secs}s, 32 connections"
  wrk -t2 -c32 -d"${secs}s" --latency -H "Cookie: kontor_session=$session" "$url" | grep -E 'Requests/sec|50%|99%'
}

signin() {
  local base=$1 jar=$2 csrf
  csrf=$(curl -sf -c "$jar" "$base/console/signin" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=products@bench.example" --data-urlencode "password=correct horse battery" \
    "$base/console/signin"
  grep -q kontor_session "$jar" || { echo "console sign-in failed"; exit 1; }
}

run() {
  local url=$1 label=$2 data
  data=$(mktemp -d /tmp/kontor-bench-products.XXXXXX)
  eval "$(./target/release/kontor-bench seed-products "$url" "$count" | tr ' ' '\n' | sed 's/^/seed_/')"
  ./target/release/kontor serve --listen 127.0.0.1:$port --data-dir "$data" --database-url "$url" >"$data/serve.log" 2>&1 &
  local pid=$!
  until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do kill -0 $pid || { cat "$data/serve.log"; exit 1; }; sleep 0.05; done
  local list="http://127.0.0.1:$port/1/organizations/$seed_org/products?per_page=50"
  load "$label first page" "$list"
  load "$label deep page (after=$seed_after)" "$list&after=$seed_after"
  load "$label deep page by expiry (order_by=expires_at, after=$seed_after)" "$list&order_by=expires_at&after=$seed_after"
  load "$label deep page by offset (page=1000, for comparison)" "$list&page=1000"
  signin "http://127.0.0.1:$port" "$data/jar"
  console "$label console products page (default view)" "http://127.0.0.1:$port/console/products" "$data/jar"
  console "$label console products page (all)" "http://127.0.0.1:$port/console/products?window=all" "$data/jar"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
}

sqlite_dir=$(mktemp -d /tmp/kontor-bench-sqlite.XXXXXX)
run "sqlite://$sqlite_dir/kontor.db" SQLite
rm -rf "$sqlite_dir"
if [ -n "${PG_URL:-}" ]; then
  run "$PG_URL" PostgreSQL
fi

echo "--- pricing an order of 1,000 items (SQLite)"
price_dir=$(mktemp -d /tmp/kontor-bench-price.XXXXXX)
./target/release/kontor-bench price-order "sqlite://$price_dir/kontor.db"
rm -rf "$price_dir"
