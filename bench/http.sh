#!/usr/bin/env bash
# Foundation HTTP benchmark (issue "Foundation", docs/PERFORMANCE.md): wrk on loopback against a
# release build on SQLite with the rate limit lifted. Prints throughput and latency of
# GET /healthz and GET /1/profile (with a token), resident memory idle and under load, and the
# cold start of `kontor serve` on an existing database.
# Usage: bench/http.sh [seconds=20] [connections=32]   (needs wrk, curl, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
conns=${2:-32}
port=18282
bin=./target/release/kontor
cargo build --release --quiet --bin kontor
data=$(mktemp -d /tmp/kontor-bench.XXXXXX)
export KONTOR_RATE_LIMIT_PER_MINUTE=0 KONTOR_LOG=warn

start_server() {
  "$bin" serve --listen 127.0.0.1:$port --data-dir "$data" >>"$data/serve.log" 2>&1 &
  pid=$!
}
rss() { awk '/VmRSS/ {print $2 " kB"}' /proc/$pid/status; }
hwm() { awk '/VmHWM/ {print $2 " kB"}' /proc/$pid/status; }

start_server
until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do kill -0 $pid || { cat "$data/serve.log"; exit 1; }; sleep 0.05; done
curl -sf -XPOST http://127.0.0.1:$port/1/signup -H 'content-type: application/json' \
  -d '{"email":"bench@example.ch","password":"correct horse battery","first_name":"Bench","last_name":"Mark","kind":"person","country":"CH","language":"en"}' >/dev/null
token=$(curl -sf -XPOST http://127.0.0.1:$port/1/auth/tokens -H 'content-type: application/json' \
  -d '{"email":"bench@example.ch","password":"correct horse battery","name":"bench","scopes":["profile"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')
sleep 1
echo "idle RSS: $(rss)"
echo "--- GET /healthz, ${secs}s, ${conns} connections"
wrk -t2 -c"$conns" -d"${secs}s" --latency http://127.0.0.1:$port/healthz | grep -E 'Requests/sec|Latency|50%|99%'
echo "--- GET /1/profile with a token, ${secs}s, ${conns} connections"
wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $token" http://127.0.0.1:$port/1/profile | grep -E 'Requests/sec|Latency|50%|99%'
echo "RSS after load: $(rss), peak: $(hwm)"
kill $pid; wait $pid 2>/dev/null || true

echo "--- cold start on the existing database (5 runs, process start to first /healthz answer)"
for _ in 1 2 3 4 5; do
  python3 - "$bin" "$data" "$port" <<'PY'
import subprocess, sys, time, urllib.request
binary, data, port = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
p = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while True:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=0.2).read()
        break
    except Exception:
        time.sleep(0.002)
print(f"cold start: {(time.perf_counter() - t0) * 1000:.0f} ms")
p.terminate(); p.wait()
PY
done
rm -rf "$data"
