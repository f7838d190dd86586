#!/usr/bin/env bash
# make fuzz — schemathesis against /api/schema/ (every documented operation, /ogc/ and /export/ included) on a
# live gunicorn over the demo database; fails on any server error (5xx). Bounded: FUZZ_SECONDS (default 240).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${FUZZ_PORT:-8767}"
SECONDS_BUDGET="${FUZZ_SECONDS:-240}"
API_RATE_LIMIT="${API_RATE_LIMIT:-100000000/min}" .venv/bin/gunicorn geo_accmr.wsgi:application --bind "127.0.0.1:${PORT}" \
  --workers 2 --timeout 60 --access-logfile /dev/null \
  --log-level warning &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
.venv/bin/schemathesis run "http://127.0.0.1:${PORT}/api/schema/?format=json" --wait-for-schema 30 \
  --checks not_a_server_error --phases examples,coverage,fuzzing --max-examples "${FUZZ_EXAMPLES:-50}" \
  --max-time "$SECONDS_BUDGET" --workers 1 --request-timeout 60 --seed "${FUZZ_SEED:-1}" ${FUZZ_ARGS:-}
