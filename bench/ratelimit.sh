#!/usr/bin/env bash
# API-3 cost of the rate limit (docs/PERFORMANCE.md): GET /1/profile with a token under wrk,
# with the limit off and on (a limit so high nothing is refused, so every request is counted),
# on SQLite (counted in memory) and on PostgreSQL (shared through `rate_hits` with an advisory
# lock per user, as several instances need).
# Usage: bench/ratelimit.sh postgres://user@host:port/db [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/.."
pg=${1:?a PostgreSQL URL whose role may create databases}
secs=${2:-10}
conns=${3:-32}
port=18283
bin=./target/release/kontor
cargo build --release --quiet --bin kontor
export KONTOR_LOG=warn

run() { # backend-label database-url limit
  local data; data=$(mktemp -d /tmp/kontor-rl.XXXXXX)
  env ${2:+KONTOR_DATABASE_URL=$2} KONTOR_RATE_LIMIT_PER_MINUTE="$3" "$bin" serve --listen 127.0.0.1:$port --data-dir "$data" >>"$data/serve.log" 2>&1 &
  local pid=$!
  until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do kill -0 $pid || { cat "$data/serve.log"; exit 1; }; sleep 0.05; done
  local email="rl-$RANDOM$RANDOM@example.ch"
  curl -sf -XPOST http://127.0.0.1:$port/1/signup -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"correct horse battery\",\"first_name\":\"R\",\"last_name\":\"L\",\"kind\":\"person\",\"country\":\"CH\",\"language\":\"en\"}" >/dev/null
  local token; token=$(curl -sf -XPOST http://127.0.0.1:$port/1/auth/tokens -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"correct horse battery\",\"name\":\"bench\",\"scopes\":[\"profile\"]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')
  echo "--- $1, limit $3/min: GET /1/profile, one user, ${secs}s, ${conns} connections"
  wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $token" http://127.0.0.1:$port/1/profile | grep -E 'Requests/sec|50%|99%|Non-2xx'
  # Many users at once, each request with the next user's token: the usual load.
  local lua="$data/tokens.lua"
  echo "tokens = {" >"$lua"
  for i in $(seq 1 64); do
    local e="rl-$i-$RANDOM$RANDOM@example.ch"
    curl -sf -XPOST http://127.0.0.1:$port/1/signup -H 'content-type: application/json' \
      -d "{\"email\":\"$e\",\"password\":\"correct horse battery\",\"first_name\":\"R\",\"last_name\":\"L\",\"kind\":\"person\",\"country\":\"CH\",\"language\":\"en\"}" >/dev/null
    curl -sf -XPOST http://127.0.0.1:$port/1/auth/tokens -H 'content-type: application/json' \
      -d "{\"email\":\"$e\",\"password\":\"correct horse battery\",\"name\":\"bench\",\"scopes\":[\"profile\"]}" \
      | python3 -c 'import json,sys; print("\"" + json.load(sys.stdin)["data"]["token"] + "\",")' >>"$lua"
  done
  cat >>"$lua" <<'LUA'
}
n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/1/profile", {["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1]})
end
LUA
  echo "--- $1, limit $3/min: GET /1/profile, 64 users in turn, ${secs}s, ${conns} connections"
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$lua" http://127.0.0.1:$port/1/profile | grep -E 'Requests/sec|50%|99%|Non-2xx'
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
}

db="kontor_rl_$$"
psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
pgdb="${pg%/*}/$db"
run sqlite "" 0
run sqlite "" 100000000
run postgresql "$pgdb" 0
run postgresql "$pgdb" 100000000
psql "$pg" -qc "DROP DATABASE $db" >/dev/null
