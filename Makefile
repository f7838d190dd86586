# geo_accmr — the two commands: `make run` and `make test`. See README.md.
PORT ?= 8000
PYTEST_ARGS ?=
VENV := .venv/bin
export DJANGO_SETTINGS_MODULE ?= geo_accmr.settings.base

.PHONY: run test setup lint format bench bench-quick bench-coverage bench-export fuzz db-stop messages loadtest

run:
	scripts/setup.sh --demo
	GEO_ACCMR_PURGE_DAILY=1 PORT=$(PORT) $(VENV)/gunicorn -c gunicorn.conf.py geo_accmr.wsgi:application

test:
	scripts/setup.sh --browser
	$(VENV)/ruff check .
	DJANGO_SETTINGS_MODULE=geo_accmr.settings.test $(VENV)/python -m pytest $(PYTEST_ARGS)

setup:
	scripts/setup.sh

lint:
	$(VENV)/ruff check . && $(VENV)/ruff format --check . && $(VENV)/mypy

format:
	$(VENV)/ruff format . && $(VENV)/ruff check --fix .

messages:
	$(VENV)/python manage.py makemessages -l el -l en --ignore=.venv --ignore=tests && \
	$(VENV)/python manage.py makemessages -d djangojs -l el -l en --ignore=.venv --ignore=staticfiles

db-stop:
	scripts/localdb.sh stop

bench:
	scripts/setup.sh
	DJANGO_SETTINGS_MODULE=geo_accmr.settings.base $(VENV)/python -m bench

bench-quick:  ## the 100,000-location half of the benchmark only
	BENCH_SIZES=100000 $(MAKE) bench

bench-coverage:  ## /api/coverage/ cold and cached at 100,000 services (targets: 1 s neighbourhoods, 3 s municipalities)
	scripts/setup.sh
	DJANGO_SETTINGS_MODULE=geo_accmr.settings.base $(VENV)/python -m bench.coverage

bench-export:  ## stream the 1,000,000-location exports: peak worker memory (< 200 MB) and throughput
	scripts/setup.sh
	DJANGO_SETTINGS_MODULE=geo_accmr.settings.base $(VENV)/python -m bench.export_memory

fuzz:  ## schemathesis against /api/schema/ on a live server with the demo data: no server errors (bounded in time)
	scripts/setup.sh --demo
	DJANGO_SETTINGS_MODULE=geo_accmr.settings.base scripts/fuzz.sh

loadtest:  ## 50 simulated caseworkers for 60 s on loopback, 100,000 demo services, without and with a read replica (LOAD_USERS, LOAD_SECONDS, LOAD_SERVICES, LOAD_REPLICA)
	scripts/loadtest.sh
