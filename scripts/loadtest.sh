#!/usr/bin/env bash
# make loadtest — 50 simulated caseworkers for 60 s against gunicorn on loopback, demo data at 100,000 services.
#   LOAD_USERS, LOAD_SECONDS, LOAD_SERVICES, LOAD_PORT, WEB_CONCURRENCY override the defaults.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
USERS="${LOAD_USERS:-50}"
SECONDS_="${LOAD_SECONDS:-60}"
SERVICES="${LOAD_SERVICES:-100000}"
PORT="${LOAD_PORT:-8766}"
export GEO_ACCMR_DBNAME="${GEO_ACCMR_LOAD_DB:-geo_accmr_load}"
export DJANGO_SETTINGS_MODULE=geo_accmr.settings.base
export GEOCODER_PROVIDER=none        # loopback only: place search is our gazetteer
export API_RATE_LIMIT=100000/s       # one address sends everything; the limiter still runs (per second: a
                                     # per-minute limit that never trips makes its cached history huge)
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-4}"

scripts/setup.sh
.venv/bin/pip install -q -r requirements-loadtest.txt
scripts/localdb.sh start >/dev/null   # creates $GEO_ACCMR_DBNAME when missing
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_reference_data -v 0
have="$(.venv/bin/python manage.py shell -c 'from services.models import Service; print(Service.objects.count())' 2>/dev/null | tail -n 1)"
if [ "$have" != "$SERVICES" ]; then
  echo "==> seeding $SERVICES demo services (once; kept in $GEO_ACCMR_DBNAME)"
  .venv/bin/python manage.py seed_demo --services "$SERVICES" -v 0   # counts the map cells itself
fi
.venv/bin/python manage.py collectstatic --noinput -v 0

PORT="$PORT" .venv/bin/gunicorn -c gunicorn.conf.py geo_accmr.wsgi:application --access-logfile /dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/api/health/" >/dev/null && break; sleep 0.2; done

out="$(mktemp -d)"
echo "==> $USERS caseworkers for ${SECONDS_}s against http://127.0.0.1:$PORT ($WEB_CONCURRENCY gunicorn workers)"
status=0
.venv/bin/locust -f loadtest/locustfile.py --headless -u "$USERS" -r "$USERS" -t "${SECONDS_}s" \
  --host "http://127.0.0.1:$PORT" --csv "$out/load" --only-summary --loglevel WARNING >/dev/null 2>"$out/locust.log" || status=$?
.venv/bin/python - "$out/load_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'request':<22} {'count':>7} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}")
for r in rows:
    print(f"{r['Name']:<22} {r['Request Count']:>7} {r['Failure Count']:>5} {r['50%']:>7} {r['95%']:>7} "
          f"{r['99%']:>7} {float(r['Requests/s']):>7.1f}")
PY
if [ "$status" != 0 ]; then echo "==> locust reported failures (exit $status):"; cat "$out/load_failures.csv" || true; fi
exit "$status"
