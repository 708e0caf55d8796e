# Two commands set everything up on a fresh clone: `make run` and `make test`.
# Python 3.12 or newer is found by itself (PATH, then pyenv); set PYTHON=/path/to/python3.12
# to choose one.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCKED := $(VENV)/.locked
HOST ?= 127.0.0.1
PORT ?= 8000

PYTHON ?= $(shell for candidate in python3.14 python3.13 python3.12 python3 python \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV); do \
	  command -v $$candidate >/dev/null 2>&1 && \
	  $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && \
	  { command -v $$candidate; break; }; \
	done)

AXE_CORE := var/browser-tools/node_modules/axe-core/axe.min.js

.PHONY: install lock run test lint check messages browser-tools bench bench-import load clean

# Benchmarks run on PostgreSQL in a database of their own, filled with synthetic people.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/memorial_bench
BENCH_SIZES ?= 100000 1000000
# API pages timed at each size, in walks of 50 from random places (0: every page, which at
# 5,000,000 people is 50,000 pages and most of an hour).
BENCH_API_PAGES ?= 2000
# The imports are measured into an empty database of their own, made afresh on every run:
# BENCH_IMPORT_ROWS people from a CSV list, then the same people as text entries, then as
# many synthetic people (the filler must keep up), each beside PostgreSQL's own COPY of the
# rows it wrote (`make bench-import` runs only these).
BENCH_IMPORT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/memorial_bench_import
BENCH_IMPORT_ROWS ?= 1000000
# Gunicorn's workers share their page cache through Redis, as in production.
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/9
# The name search's evaluation set, alone in a database of its own: among a million
# namesakes it would measure them, not the matcher.
BENCH_EVALUATION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/memorial_bench_evaluation

# Every package comes from the lock, each checked against its hash (pip and setuptools
# too); then the project itself, without its dependencies, built by the setuptools the
# lock installed. pip check fails the install when the lock is behind pyproject.toml
# (`make lock` still runs then: it needs only the locked packages). A changed lock or
# pyproject.toml installs again.
$(LOCKED): requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Python 3.12 or newer is needed and none was found on PATH or in pyenv."; \
	  echo "Install it, then run: make PYTHON=/path/to/python3.12 $(MAKECMDGOALS)"; \
	  exit 1; \
	fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $(LOCKED)

$(STAMP): $(LOCKED) pyproject.toml
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
	  echo "The lock lacks what pyproject.toml asks for: run make lock, then make again."; \
	  exit 1; }
	@touch $(STAMP)

install: $(STAMP) messages

# The locks: requirements.txt for production (pyproject's dependencies and the build's
# setuptools), requirements-dev.txt with the dev extra on top, held to the same versions.
# `make lock` adds what pyproject.toml gained and keeps every other pin;
# `make lock LOCK_ARGS=--upgrade` moves every pin to the newest release pyproject allows.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --build-deps-for editable \
	--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

lock: $(LOCKED)
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile $(LOCK_FLAGS) \
	  -o requirements.txt pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile $(LOCK_FLAGS) \
	  --extra dev -c requirements.txt -o requirements-dev.txt pyproject.toml

# Translations are compiled with Babel, so no system gettext is needed.
messages: $(STAMP)
	@set -e; for po in locale/*/LC_MESSAGES/*.po; do \
	  $(BIN)/pybabel compile --statistics -i $$po -o $${po%.po}.mo; \
	done

# The development server with one background worker beside it (imports, rollbacks); the
# worker stops with the server, however the server stops (Ctrl+C, an error). Not under the
# autoreloader (its default under DEBUG): that restarts the worker on every code edit and,
# on SIGTERM, kills it in the middle of an import instead of letting it finish.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py export_open_data
	@echo "The portal: http://$(HOST):$(PORT)/   The admin: http://$(HOST):$(PORT)/admin/"
	@echo "Imports and rollbacks run in a worker beside the server (docs/background-work.md)."
	@# Ctrl+C in the terminal reaches the worker itself, which then finishes its task and
	@# exits (a second Ctrl+C stops the task): so only a stop that did not come from the
	@# terminal is passed on, once.
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'interrupted=1' INT; \
	trap '[ -n "$$interrupted" ] || kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# axe-core checks accessibility in the browser tests; it comes from the npm registry and is
# never committed. Without npm the browser tests are skipped (in CI they must run).
browser-tools: $(AXE_CORE)

$(AXE_CORE):
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p var/browser-tools && \
	  npm install --prefix var/browser-tools axe-core@4.14.1 --no-audit --no-fund --silent; \
	else \
	  echo "npm not found: the browser tests will be skipped (they need axe-core and Chromium)."; \
	fi

test: install browser-tools
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/long_functions.py

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install
	@command -v wrk >/dev/null 2>&1 || { apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  { apt-get update -qq && apt-get install -y -qq wrk; }; } || \
	  { echo "wrk is needed for the throughput figures: install it (Debian: apt-get install wrk)."; exit 1; }
	$(BIN)/python scripts/create_database.py $(BENCH_DATABASE_URL)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v0
	@for size in $(BENCH_SIZES); do \
	  DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py generate_synthetic_people --total $$size --batch-size 10000 && \
	  DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python manage.py benchmark --queries 300 --api-pages $(BENCH_API_PAGES) --throughput --write || exit 1; \
	done
	@$(MAKE) --no-print-directory bench-import
	$(BIN)/python scripts/create_database.py --fresh $(BENCH_EVALUATION_DATABASE_URL)
	DATABASE_URL=$(BENCH_EVALUATION_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_EVALUATION_DATABASE_URL) $(BIN)/python manage.py evaluate_name_search
	$(BIN)/python manage.py benchmark_summary --write

bench-import: install
	$(BIN)/python scripts/create_database.py --fresh $(BENCH_IMPORT_DATABASE_URL)
	DATABASE_URL=$(BENCH_IMPORT_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_IMPORT_DATABASE_URL) $(BIN)/python manage.py benchmark_import --rows $(BENCH_IMPORT_ROWS) --imports all --write

# Load and faults (README): 60 s of mixed traffic, a PostgreSQL restart, 100 testimonies at once.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/memorial_load
LOAD_PEOPLE ?= 100000

load: install
	@command -v wrk >/dev/null 2>&1 || { apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  { apt-get update -qq && apt-get install -y -qq wrk; }; }
	$(BIN)/python scripts/create_database.py $(LOAD_DATABASE_URL)
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python manage.py load_demo -v0
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python manage.py generate_synthetic_people --total $(LOAD_PEOPLE) --batch-size 10000
	DATABASE_URL=$(LOAD_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python scripts/load_and_faults.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var
