#!/usr/bin/env bash
# Sets up everything geo_accmr needs on a Debian/Ubuntu machine, reusing whatever already exists.
#   scripts/setup.sh [--demo] [--browser]
#     --demo     load demo services when the database has none (make run)
#     --browser  make sure Chromium is installed for the browser tests (make test)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DEMO=0
BROWSER=0
for arg in "$@"; do
  case "$arg" in
    --demo) DEMO=1 ;;
    --browser) BROWSER=1 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
is_root() { [ "$(id -u)" = 0 ]; }

# ---------------------------------------------------------------- system packages
pg_version() { ls -1 /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1; }

APT_UPDATED=0
apt_install() {
  if ! is_root; then
    echo "setup: missing system packages; run: sudo apt-get install -y $*" >&2
    exit 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    apt-get update -qq
    APT_UPDATED=1
  fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

need=()
if [ -z "${DATABASE_URL:-}" ] && [ -z "$(pg_version)" ]; then
  apt_install postgresql
fi
PGV="$(pg_version)"
if [ -z "${DATABASE_URL:-}" ] && [ ! -f "/usr/share/postgresql/$PGV/extension/postgis.control" ]; then
  need+=("postgresql-$PGV-postgis-3")
fi
ldconfig -p 2>/dev/null | grep -q 'libgdal\.so' || need+=(gdal-bin)
command -v msgfmt >/dev/null || need+=(gettext)
if [ "$BROWSER" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  need+=(chromium fonts-dejavu-core)
fi
if [ "$BROWSER" = 1 ] && ! command -v npm >/dev/null; then
  need+=(npm)
fi
if [ "${#need[@]}" -gt 0 ]; then
  apt_install "${need[@]}"
fi

# ---------------------------------------------------------------- Python virtualenv
PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    PY="$(command -v "$candidate")"
    break
  fi
done
if [ -z "$PY" ]; then
  echo "setup: Python 3.11 or newer is required (apt-get install -y python3 python3-venv)" >&2
  exit 1
fi
REQ_HASH="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$REQ_HASH" ]; then
  if [ ! -x .venv/bin/python ]; then
    say "creating .venv with $PY"
    "$PY" -m venv .venv || { is_root && apt_install python3-venv && "$PY" -m venv .venv; }
  fi
  say "installing Python dependencies (requirements.txt)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
  echo "$REQ_HASH" > .venv/.requirements.sha256
fi

# ---------------------------------------------------------------- test-only npm packages (axe-core)
# package-lock.json pins them; node_modules/ is git-ignored and never served (not a static files folder).
if [ "$BROWSER" = 1 ]; then
  LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ "$(cat node_modules/.package-lock.sha256 2>/dev/null)" != "$LOCK_HASH" ]; then
    say "installing test-only npm packages (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$LOCK_HASH" > node_modules/.package-lock.sha256
  fi
fi

# ---------------------------------------------------------------- PostgreSQL + PostGIS
if [ -z "${DATABASE_URL:-}" ]; then
  scripts/localdb.sh start
fi

# ---------------------------------------------------------------- Django
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-geo_accmr.settings.base}"
MANAGE=(.venv/bin/python manage.py)
"${MANAGE[@]}" migrate --noinput -v 0
"${MANAGE[@]}" compilemessages -v 0 --ignore=.venv >/dev/null

# The reference data is committed (boundaries/data); GEO_ACCMR_DATA_DIR may name another folder. Never downloaded here.
"${MANAGE[@]}" load_reference_data
"${MANAGE[@]}" coverage_grids  # the coverage dashboard's sample grids: built once, again only for changed areas

if [ "$DEMO" = 1 ]; then
  "${MANAGE[@]}" seed_demo --if-empty --services "${DEMO_SERVICES:-3000}"
  "${MANAGE[@]}" refresh_map_cells
  "${MANAGE[@]}" collectstatic --noinput -v 0
fi
say "set-up complete"
