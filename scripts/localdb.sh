#!/usr/bin/env bash
# A project-local PostgreSQL cluster under .pgdata/, reachable only on a Unix socket in that folder.
#   scripts/localdb.sh start|stop|status|psql
# As root the server runs as the `postgres` system user (initdb refuses root). When that user cannot reach the
# project folder (e.g. a clone under /root), .pgdata is a link to a folder under /var/tmp.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PGV="$(ls -1 /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)"
PGBIN="/usr/lib/postgresql/$PGV/bin"
PORT="${GEO_ACCMR_PGPORT:-5432}"
DBNAME="${GEO_ACCMR_DBNAME:-geo_accmr}"

as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

prepare() {
  if [ ! -e .pgdata ]; then
    mkdir .pgdata
    if [ "$(id -u)" = 0 ]; then
      chown postgres: .pgdata
      sock="$ROOT/.pgdata/.s.PGSQL.$PORT"
      if ! runuser -u postgres -- test -w "$ROOT/.pgdata" || [ "${#sock}" -gt 100 ]; then
        rmdir .pgdata
        alt="/var/tmp/geo_accmr-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
        mkdir -p "$alt" && chown postgres: "$alt"
        ln -s "$alt" .pgdata
        echo "==> postgres cannot use $ROOT/.pgdata directly; .pgdata links to $alt"
      fi
    fi
  fi
  SOCKDIR="$(cd .pgdata && pwd -P)"
  PGDATA="$SOCKDIR/data"
}

running() { as_owner "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }
psql_() { PGOPTIONS="-c client_min_messages=warning" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PORT" -U postgres "$@"; }

start() {
  prepare
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    echo "==> initdb $PGDATA (PostgreSQL $PGV)"
    as_owner "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! running; then
    echo "==> starting PostgreSQL on socket $SOCKDIR (port $PORT)"
    as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -l "$SOCKDIR/server.log" -w -t 60 \
      -o "-p $PORT -k $SOCKDIR -c listen_addresses='' -c jit=off -c max_connections=200" start >/dev/null
  fi
  # Extensions in template1 so that Django's test database inherits them.
  psql_ -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;"
  if [ -z "$(psql_ -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'")" ]; then
    psql_ -d postgres -c "CREATE DATABASE \"$DBNAME\""
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) prepare; if running; then as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop; fi ;;
  status) prepare; as_owner "$PGBIN/pg_ctl" -D "$PGDATA" status ;;
  psql) prepare; shift; psql_ -d "$DBNAME" "$@" ;;
  *) echo "usage: $0 start|stop|status|psql" >&2; exit 2 ;;
esac
