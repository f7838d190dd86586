#!/usr/bin/env bash
# make loadtest — 50 simulated caseworkers for 60 s against gunicorn on loopback, demo data at 100,000 services, run
# twice: reading from the primary only, then with a streaming read replica (scripts/localdb.sh replica) serving the
# read-only views (geo_accmr/db_router.py). Prints p50/p95/p99 and throughput per endpoint for each run, then both
# side by side.
#   LOAD_USERS, LOAD_SECONDS, LOAD_SERVICES, LOAD_PORT, WEB_CONCURRENCY override the defaults; LOAD_WARMUP seconds
#   (default 10) of the same load run first, unmeasured, so that each run starts with warm caches;
#   LOAD_REPLICA=both (default), off (primary only) or on (replica only).
# locust lives in its own virtualenv, .venv-loadtest (requirements-loadtest.txt), beside the app's .venv.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
USERS="${LOAD_USERS:-50}"
SECONDS_="${LOAD_SECONDS:-60}"
SERVICES="${LOAD_SERVICES:-100000}"
PORT="${LOAD_PORT:-8766}"
WARMUP="${LOAD_WARMUP:-10}"
RUNS="${LOAD_REPLICA:-both}"
export GEO_ACCMR_DBNAME="${GEO_ACCMR_LOAD_DB:-geo_accmr_load}"
export DJANGO_SETTINGS_MODULE=geo_accmr.settings.base
export GEOCODER_PROVIDER=none        # loopback only: place search is our gazetteer
export API_RATE_LIMIT=100000/s       # one address sends everything; the limiter still runs (per second: a
                                     # per-minute limit that never trips makes its cached history huge)
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-4}"
case "$RUNS" in
  both) RUNS="primary replica" ;;
  off) RUNS="primary" ;;
  on) RUNS="replica" ;;
  *) echo "loadtest: LOAD_REPLICA is both, off or on" >&2; exit 2 ;;
esac

scripts/setup.sh
if [ ! -x .venv-loadtest/bin/locust ] || ! cmp -s requirements-loadtest.txt .venv-loadtest/requirements-loadtest.txt; then
  echo "==> installing locust into .venv-loadtest"
  "$(readlink -f .venv/bin/python)" -m venv .venv-loadtest
  .venv-loadtest/bin/pip install -q --disable-pip-version-check -r requirements-loadtest.txt
  cp requirements-loadtest.txt .venv-loadtest/
fi
scripts/localdb.sh start >/dev/null   # creates $GEO_ACCMR_DBNAME when missing
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_reference_data -v 0
have="$(.venv/bin/python manage.py shell -c 'from services.models import Service; print(Service.objects.count())' 2>/dev/null | tail -n 1)"
if [ "$have" != "$SERVICES" ]; then
  echo "==> seeding $SERVICES demo services (once; kept in $GEO_ACCMR_DBNAME)"
  .venv/bin/python manage.py seed_demo --services "$SERVICES" -v 0   # counts the map cells itself
fi
.venv/bin/python manage.py collectstatic --noinput -v 0

out="$(mktemp -d)"
server=""
replica_started=0
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ "$replica_started" = 1 ]; then scripts/localdb.sh replica stop || true; fi
}
trap cleanup EXIT
status=0

for run in $RUNS; do
  replica_url=""
  if [ "$run" = replica ]; then
    replica_started=1
    replica_url="$(scripts/localdb.sh replica start | sed -n 's/^DATABASE_REPLICA_URL=//p')"
  fi
  DATABASE_REPLICA_URL="$replica_url" PORT="$PORT" .venv/bin/gunicorn -c gunicorn.conf.py geo_accmr.wsgi:application \
    --access-logfile /dev/null &
  server=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/api/health/" >/dev/null && break; sleep 0.2; done
  if [ "$WARMUP" -gt 0 ]; then
    .venv-loadtest/bin/locust -f loadtest/locustfile.py --headless -u "$USERS" -r "$USERS" -t "${WARMUP}s" \
      --host "http://127.0.0.1:$PORT" --only-summary --loglevel ERROR >/dev/null 2>&1 || true
  fi
  echo "==> $run: $USERS caseworkers for ${SECONDS_}s against http://127.0.0.1:$PORT ($WEB_CONCURRENCY gunicorn workers," \
    "$SERVICES services${replica_url:+, read-only views on the replica})"
  .venv-loadtest/bin/locust -f loadtest/locustfile.py --headless -u "$USERS" -r "$USERS" -t "${SECONDS_}s" \
    --host "http://127.0.0.1:$PORT" --csv "$out/$run" --only-summary --loglevel WARNING >/dev/null \
    2>"$out/$run.log" || { status=$?; echo "==> locust reported failures (exit $status):"; cat "$out/${run}_failures.csv" || true; }
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  .venv/bin/python - "$out/${run}_stats.csv" <<'PY'
import csv, sys
print(f"{'request':<22} {'count':>7} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}")
for r in csv.DictReader(open(sys.argv[1])):
    print(f"{r['Name']:<22} {r['Request Count']:>7} {r['Failure Count']:>5} {r['50%']:>7} {r['95%']:>7} "
          f"{r['99%']:>7} {float(r['Requests/s']):>7.1f}")
PY
done

if [ "$RUNS" = "primary replica" ]; then
  echo "==> primary only → with the read replica (p50 / p95 / p99 ms, req/s)"
  .venv/bin/python - "$out/primary_stats.csv" "$out/replica_stats.csv" <<'PY'
import csv, sys
runs = [{r["Name"]: r for r in csv.DictReader(open(path))} for path in sys.argv[1:]]
def cell(r): return f"{r['50%']:>5} /{r['95%']:>5} /{r['99%']:>5} {float(r['Requests/s']):>6.1f}" if r else "-"
print(f"{'request':<22} {'primary only':>27}   {'with replica':>27}")
for name in runs[0]:
    print(f"{name:<22} {cell(runs[0][name]):>27}   {cell(runs[1].get(name)):>27}")
PY
fi
exit "$status"
