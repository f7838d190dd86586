#!/usr/bin/env bash
# A project-local PostgreSQL cluster under .pgdata/, reachable only on a Unix socket in that folder.
#   scripts/localdb.sh start|stop|status|psql
#   scripts/localdb.sh replica start|stop|status   a streaming hot standby of it (pg_basebackup, primary_conninfo)
#     in .pgdata/replica, on port GEO_ACCMR_REPLICA_PGPORT (default: the primary's + 1) in the same socket folder;
#     `replica start` prints the DATABASE_REPLICA_URL that sends the app's read-only queries to it.
# GEO_ACCMR_PGDIR puts the cluster(s) in another folder (the replica tests use a throwaway one).
# As root the server runs as the `postgres` system user (initdb refuses root). When that user cannot reach the
# project folder (e.g. a clone under /root), .pgdata is a link to a folder under /var/tmp.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PGV="$(ls -1 /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)"
PGBIN="/usr/lib/postgresql/$PGV/bin"
PORT="${GEO_ACCMR_PGPORT:-5432}"
DBNAME="${GEO_ACCMR_DBNAME:-geo_accmr}"
PGD="${GEO_ACCMR_PGDIR:-.pgdata}"
REPLICA_PORT="${GEO_ACCMR_REPLICA_PGPORT:-$((PORT + 1))}"

as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

prepare() {
  if [ ! -e "$PGD" ]; then
    mkdir "$PGD"
    if [ "$(id -u)" = 0 ]; then
      chown postgres: "$PGD"
      sock="$(cd "$PGD" && pwd)/.s.PGSQL.$PORT"
      if ! runuser -u postgres -- test -w "$(cd "$PGD" && pwd)" || [ "${#sock}" -gt 100 ]; then
        rmdir "$PGD"
        key="$ROOT"; [ "$PGD" = .pgdata ] || key="$PGD"
        alt="/var/tmp/geo_accmr-pg-$(printf '%s' "$key" | sha256sum | cut -c1-12)"
        mkdir -p "$alt" && chown postgres: "$alt"
        ln -s "$alt" "$PGD"
        echo "==> postgres cannot use $PGD directly; it links to $alt"
      fi
    fi
  fi
  SOCKDIR="$(cd "$PGD" && pwd -P)"
  PGDATA="$SOCKDIR/data"
  REPLICA_DATA="$SOCKDIR/replica"
}

running() { as_owner "$PGBIN/pg_ctl" -D "${1:-$PGDATA}" status >/dev/null 2>&1; }
psql_() { PGOPTIONS="-c client_min_messages=warning" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PORT" -U postgres "$@"; }
SERVER_OPTIONS="-c listen_addresses='' -c jit=off -c max_connections=200"

start() {
  prepare
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    echo "==> initdb $PGDATA (PostgreSQL $PGV)"
    as_owner "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! running; then
    echo "==> starting PostgreSQL on socket $SOCKDIR (port $PORT)"
    as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -l "$SOCKDIR/server.log" -w -t 60 \
      -o "-p $PORT -k $SOCKDIR $SERVER_OPTIONS" start >/dev/null
  fi
  # Extensions in template1 so that Django's test database inherits them.
  psql_ -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;"
  if [ -z "$(psql_ -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'")" ]; then
    psql_ -d postgres -c "CREATE DATABASE \"$DBNAME\""
  fi
}

# ---------------------------------------------------------------- the read replica
# A hot standby: a copy of the whole cluster (pg_basebackup -R writes standby.signal and primary_conninfo, the
# primary's socket and port), then streaming replication over that socket. It accepts read-only queries;
# hot_standby_feedback keeps the primary's vacuum from cancelling long reads (exports) on it.
replica_caught_up() {  # the standby streams and has replayed everything the primary had written when asked
  local lsn
  lsn="$(psql_ -d postgres -tAc "SELECT pg_current_wal_lsn()")"
  for _ in $(seq "${1:-300}"); do
    [ "$(psql_ -d postgres -tAc "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'
      AND replay_lsn >= '$lsn'::pg_lsn")" -ge 1 ] && return 0
    sleep 0.2
  done
  return 1
}

replica_build() {
  echo "==> pg_basebackup of the cluster on port $PORT into $REPLICA_DATA"
  rm -rf "$REPLICA_DATA"
  as_owner "$PGBIN/pg_basebackup" -h "$SOCKDIR" -p "$PORT" -U postgres -D "$REPLICA_DATA" -R -X stream -c fast
}

replica_server() {
  as_owner "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -l "$SOCKDIR/replica.log" -w -t 60 \
    -o "-p $REPLICA_PORT -k $SOCKDIR $SERVER_OPTIONS -c hot_standby=on -c hot_standby_feedback=on" start >/dev/null
}

replica_start() {
  start
  if ! running "$REPLICA_DATA"; then
    [ -f "$REPLICA_DATA/standby.signal" ] || replica_build
    echo "==> starting the read replica on socket $SOCKDIR (port $REPLICA_PORT)"
    replica_server
  fi
  if ! replica_caught_up 150; then  # e.g. stopped for so long that the primary recycled the WAL it needs
    echo "==> the replica does not catch up; copying the cluster again"
    as_owner "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -m fast -w stop >/dev/null || true
    replica_build
    replica_server
    replica_caught_up 300 || { echo "localdb: the replica does not stream (see $SOCKDIR/replica.log)" >&2; exit 1; }
  fi
  echo "DATABASE_REPLICA_URL=postgis://postgres@$(printf '%s' "$SOCKDIR" | sed 's|/|%2F|g'):$REPLICA_PORT/$DBNAME"
}

replica() {
  prepare
  case "${1:-start}" in
    start) replica_start ;;
    stop) if running "$REPLICA_DATA"; then as_owner "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -m fast -w stop >/dev/null; fi ;;
    status) as_owner "$PGBIN/pg_ctl" -D "$REPLICA_DATA" status ;;
    *) echo "usage: $0 replica start|stop|status" >&2; exit 2 ;;
  esac
}

case "${1:-start}" in
  start) start ;;
  replica) shift; replica "$@" ;;
  stop) prepare; replica stop; if running; then as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop; fi ;;
  status) prepare; as_owner "$PGBIN/pg_ctl" -D "$PGDATA" status ;;
  psql) prepare; shift; psql_ -d "$DBNAME" "$@" ;;
  *) echo "usage: $0 start|stop|status|psql|replica" >&2; exit 2 ;;
esac
