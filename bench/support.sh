#!/usr/bin/env bash
# AUTHZ-5 / SUP-3 (docs/PERFORMANCE.md): GET /1/support-access/check, the product back-ends'
# question "may support see this user's drive now?", under wrk next to GET /healthz in the same
# run, on a release build on SQLite with the rate limit lifted.
# Usage: bench/support.sh [seconds=20] [connections=32]   (needs wrk, curl, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
conns=${2:-32}
port=18284
bin=./target/release/kontor
cargo build --release --quiet --bin kontor
data=$(mktemp -d /tmp/kontor-support.XXXXXX)
export KONTOR_RATE_LIMIT_PER_MINUTE=0 KONTOR_LOG=warn
"$bin" serve --listen 127.0.0.1:$port --data-dir "$data" >>"$data/serve.log" 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do kill -0 $pid || { cat "$data/serve.log"; exit 1; }; sleep 0.05; done
user=$(curl -sf -XPOST http://127.0.0.1:$port/1/signup -H 'content-type: application/json' \
  -d '{"email":"bench@example.ch","password":"correct horse battery","first_name":"Bench","last_name":"Mark","kind":"person","country":"CH","language":"en"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["user"]["id"])')
token=$(curl -sf -XPOST http://127.0.0.1:$port/1/auth/tokens -H 'content-type: application/json' \
  -d '{"email":"bench@example.ch","password":"correct horse battery","name":"bench","scopes":["profile"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')
curl -sf -XPOST http://127.0.0.1:$port/1/support-access -H "Authorization: Bearer $token" -H 'content-type: application/json' -d '{"kind":"drive"}' >/dev/null
service=$("$bin" service-token create --data-dir "$data" --name bench-backend --scope access:check 2>/dev/null)
check="http://127.0.0.1:$port/1/support-access/check?user=$user&kind=drive"
curl -sf -H "Authorization: Bearer $service" "$check" | grep -q '"allowed":true'
echo "--- GET /healthz, ${secs}s, ${conns} connections"
wrk -t2 -c"$conns" -d"${secs}s" --latency http://127.0.0.1:$port/healthz | grep -E 'Requests/sec|50%|99%|Non-2xx'
echo "--- GET /1/support-access/check (granted), ${secs}s, ${conns} connections"
wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $service" "$check" | grep -E 'Requests/sec|50%|99%|Non-2xx'
echo "--- GET /1/support-access/check (not granted: mail), ${secs}s, ${conns} connections"
wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $service" "${check%drive}mail" | grep -E 'Requests/sec|50%|99%|Non-2xx'
kill $pid; wait $pid 2>/dev/null || true
rm -rf "$data"
