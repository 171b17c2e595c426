# Utblick. Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.base

# The first interpreter of at least Python 3.12 found (pyenv's .python-version selects 3.12 here).
FIND_PYTHON = for c in python3.12 python3.13 python3.14 python3 python; do \
	  p=$$(command -v $$c 2>/dev/null) || continue; \
	  $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; exit 0; }; \
	done; exit 1

.PHONY: help install install-dev run serve worker test lint messages bench load demo
BENCH_DATABASE_URL ?= postgres://utblick:utblick@127.0.0.1:5432/utblick_bench
BENCH_ORGANISATIONS ?= 290
BENCH_ENGAGEMENTS ?= 100000

help:
	@echo "make run     install, migrate, load the demo data and serve http://$(HOST):$(PORT)"
	@echo "make test    lint, checks and the whole test suite (DATABASE_URL selects the database)"
	@echo "make install create .venv and install Utblick"
	@echo "make serve   gunicorn with production settings"
	@echo "make bench   benchmarks on PostgreSQL (see README)"
	@echo "make load    load test: gunicorn + locust, LOAD_USERS users for LOAD_TIME (see README)"

# pip and setuptools narrate and warn at length even with -q; what they say goes to var/install.log
# and is shown only when installing fails, so the first `make run` ends with what a newcomer needs.
INSTALL_LOG := var/install.log
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 $(PY) -m pip
QUIETLY = >>$(INSTALL_LOG) 2>&1 || { cat $(INSTALL_LOG); echo "Installing failed; what pip said is above and in $(INSTALL_LOG)." >&2; exit 1; }

$(VENV)/.created:
	@PYTHON=$$($(FIND_PYTHON)) || { echo "Utblick needs Python 3.12 or newer; none was found on PATH. Install it (e.g. with pyenv) and try again." >&2; exit 1; }; \
	mkdir -p var; : >$(INSTALL_LOG); \
	echo "Installing Utblick into $(VENV) with $$PYTHON (a few minutes the first time; details in $(INSTALL_LOG))"; \
	$$PYTHON -m venv $(VENV) $(QUIETLY); $(PIP) install -q --upgrade pip $(QUIETLY)
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.created
	@mkdir -p var; $(PIP) install -q -e . $(QUIETLY)
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	@mkdir -p var; $(PIP) install -q -e ".[dev]" $(QUIETLY)
	@touch $@

install: $(VENV)/.installed
	@mkdir -p var
	@$(PY) manage.py compilemessages -v0 --ignore=.venv

install-dev: $(VENV)/.installed-dev install

# The server starts first and the sign-ins and the address come last, once it answers; its banner
# goes to var/server.log, its request log stays on the terminal.
run: install
	@echo "Preparing the database and the demo data"
	@$(PY) manage.py migrate --no-input -v0
	@$(PY) manage.py load_demo --if-empty -v0
	@trap 'kill $$worker $$server 2>/dev/null' EXIT; \
	$(PY) manage.py db_worker --queue-name '*' >var/worker.log 2>&1 & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT) >var/server.log & server=$$!; \
	until $(PY) -c "import socket; socket.create_connection(('$(HOST)'.strip('[]'), $(PORT)), timeout=1).close()" 2>/dev/null; do \
	  kill -0 $$server 2>/dev/null || { cat var/server.log; echo "The server did not start; see above." >&2; exit 1; }; sleep 0.5; \
	done; \
	$(PY) manage.py demo_sign_ins; \
	echo "Utblick: http://$(HOST):$(PORT)/  (Ctrl-C stops the server and the task worker)"; \
	wait $$server

serve: install
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --no-input -v0
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py createcachetable
	DJANGO_SETTINGS_MODULE=config.settings.production GUNICORN_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn -c config/gunicorn.py config.wsgi

worker: install
	$(PY) manage.py db_worker --queue-name '*'

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/mypy

APPS := organisations strategies engagements watch network followup privacy api
messages: install-dev
	@# Shared templates and core into utblick/locale, each app into its own locale folder.
	cd utblick && mkdir -p locale && ../$(PY) ../manage.py makemessages -l sv --no-obsolete --no-location -v0 \
	  $(foreach app,$(APPS),--ignore='$(app)/*') --ignore='*/tests/*'
	@for app in $(APPS); do (cd utblick/$$app && mkdir -p locale && ../../$(PY) ../../manage.py makemessages -l sv --no-obsolete --no-location -v0 --ignore='tests/*'); done
	@# Headers that say what the catalogue is; no creation date, so parallel branches merge cleanly.
	@$(PY) tools/po_headers.py utblick/locale/sv/LC_MESSAGES/django.po $(foreach app,$(APPS),utblick/$(app)/locale/sv/LC_MESSAGES/django.po)

test: install-dev lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run -v1
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

# Benchmarks on PostgreSQL with synthetic national-scale data (generated once, reused).
bench: install-dev
	@DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.base'); django.setup(); from django.db import connection; connection.ensure_connection()" \
	  || { echo "make bench needs PostgreSQL at BENCH_DATABASE_URL ($(BENCH_DATABASE_URL)); create the database first."; exit 1; }
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --no-input -v0
	@DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py shell -c "from utblick.engagements.models import Engagement; import sys; sys.exit(0 if Engagement.objects.exists() else 1)" 2>/dev/null \
	  || { DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py generate_synthetic --organisations $(BENCH_ORGANISATIONS) --engagements $(BENCH_ENGAGEMENTS) \
	       && DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py generate_synthetic --organisations 1 --engagements 3000 --units 40 --seed 40; }
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=testserver $(PY) manage.py bench
	$(PY) -m utblick.strategies.importer.bench
	$(PY) -m utblick.watch.bench

# Load test on the bench database (make bench fills it): gunicorn with production settings, LOAD_USERS
# users from their own loopback addresses for LOAD_TIME; figures per page in var/load.json (README).
LOAD_USERS ?= 50
LOAD_TIME ?= 2m
load: install-dev
	@DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py shell -c "from utblick.engagements.models import Engagement; import sys; sys.exit(0 if Engagement.objects.exists() else 1)" 2>/dev/null \
	  || { echo "make load needs the bench data in BENCH_DATABASE_URL ($(BENCH_DATABASE_URL)): run make bench first."; exit 1; }
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) tools/load/run.py --users $(LOAD_USERS) --time $(LOAD_TIME)
