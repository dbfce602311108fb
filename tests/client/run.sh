#!/usr/bin/env bash
# API-7: docs/openapi.json passes a standard OpenAPI 3.1 validator, and a client generated from
# it (openapi-python-client) calls every list endpoint of a running Kontor with its paging and
# filters (lists.py). Needs python3 with venv and a built ./target/debug/kontor.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/kontor-client.XXXXXX)
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check -r tests/client/requirements.txt
"$work/venv/bin/openapi-spec-validator" docs/openapi.json
(cd "$work" && PATH="$work/venv/bin:$PATH" openapi-python-client generate \
  --path "$OLDPWD/docs/openapi.json" --meta none --output-path kontor_client >"$work/generate.log" 2>&1) \
  || { cat "$work/generate.log"; exit 1; }
data="$work/data"
./target/debug/kontor catalog import catalog/demo.toml --data-dir "$data" >/dev/null
# Its own server, with a limit a client calling every list with every filter stays within.
KONTOR_RATE_LIMIT_PER_MINUTE=100000 ./target/debug/kontor serve --listen 127.0.0.1:18182 \
  --data-dir "$data" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18182/healthz >/dev/null && break; sleep 0.1; done
KONTOR_URL=http://127.0.0.1:18182 PYTHONPATH="$work" "$work/venv/bin/python" tests/client/lists.py
