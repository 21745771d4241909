# Tinget: `make demo` runs the site with the seed's series; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv comes from pip when it is missing (the machine's python3 follows .python-version).
UV := python3 -m uv
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
DEMO_HOST ?= 127.0.0.1
DEMO_PORT ?= 8000
EMAIL_PORT ?= 1025

.PHONY: help setup browser demo demo-passwords test test-fast test-sqlite test-postgres lint bench clean

help:
	@echo "make demo   - install everything, load the demo series and serve http://$(DEMO_HOST):$(DEMO_PORT)/"
	@echo "make demo-passwords - new passwords for the demo's organiser and administrator, printed once"
	@echo "make test   - run the whole test suite (SQLite; PostgreSQL too when CI=true or it is reachable)"
	@echo "make test-fast - the suite without the slow tests (browser, subprocesses, real servers), SQLite only"
	@echo "make bench  - run the benchmarks under bench/ and print their figures"
	@echo "make lint   - ruff, formatting and missing-migration checks"

.uv-ok:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	@touch .uv-ok

setup: .uv-ok
	$(UV) sync --frozen --quiet
	@if [ ! -d node_modules/dkfds ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --loglevel=error; fi
	$(UV) run tinget compilemessages --ignore=.venv --ignore=node_modules -v 0

# The browser tests need Debian's chromium: installed here when missing (or one line saying why not).
browser:
	@bash scripts/ensure_browser.sh

demo: setup
	@DEMO_HOST=$(DEMO_HOST) DEMO_PORT=$(DEMO_PORT) EMAIL_PORT=$(EMAIL_PORT) bash scripts/demo.sh

demo-passwords: setup
	@TINGET_BASE_URL=$${TINGET_BASE_URL:-http://$(DEMO_HOST):$(DEMO_PORT)} \
		$(UV) run --frozen tinget load_demo --language en --reset-passwords

test: setup browser
	@status=0; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	if [ "$${CI:-}" = "true" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres || status=1; \
	else echo "PostgreSQL is not reachable: skipped the PostgreSQL pass (CI runs it)."; fi; \
	exit $$status

test-fast: setup
	env -u DATABASE_URL TINGET_TEST_DB=$${TINGET_TEST_DB:-fast} $(UV) run pytest -n 2 --dist loadfile -m "not slow" $(PYTEST_ARGS)

test-sqlite:
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL TINGET_TEST_DB=$${TINGET_TEST_DB:-ci} $(UV) run pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-postgres:
	@echo "== test suite on PostgreSQL =="
	DATABASE_URL=$(PG_URL) TINGET_TEST_DB=$${TINGET_TEST_DB:-ci} $(UV) run pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run tinget makemigrations --check --dry-run

bench: setup
	@bash scripts/ensure_debian.sh wrk wrk "make bench (the HTTP load generator)"
	@for script in bench/bench_*.py; do \
		echo "== $$script =="; \
		$(UV) run python $$script || exit 1; \
	done

clean:
	rm -rf data .uv-ok
