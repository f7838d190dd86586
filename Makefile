# geo_accmr — the two commands: `make run` and `make test`. See README.md.
PORT ?= 8000
PYTEST_ARGS ?=
VENV := .venv/bin
export DJANGO_SETTINGS_MODULE ?= geo_accmr.settings.base

.PHONY: run test setup lint format bench bench-quick db-stop messages loadtest

run:
	scripts/setup.sh --demo
	PORT=$(PORT) $(VENV)/gunicorn -c gunicorn.conf.py geo_accmr.wsgi:application

test:
	scripts/setup.sh --browser
	$(VENV)/ruff check .
	DJANGO_SETTINGS_MODULE=geo_accmr.settings.test $(VENV)/python -m pytest $(PYTEST_ARGS)

setup:
	scripts/setup.sh

lint:
	$(VENV)/ruff check . && $(VENV)/ruff format --check .

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

loadtest:  ## 50 simulated caseworkers for 60 s on loopback, demo data at 100,000 services (LOAD_USERS, LOAD_SECONDS)
	scripts/loadtest.sh
