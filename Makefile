# Gương Sáng — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench setup db demo system-deps messages lock clean vendor

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip sync -q --python $(PY) requirements.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .
	touch $@

setup: $(VENV)/.installed

## Refresh the lock file after changing pyproject.toml.
lock: setup
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

system-deps:
	bash scripts/system-deps.sh

db: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_divisions
	$(PY) manage.py demo
	$(PY) manage.py resize_photos

## Sets everything up and serves the site with demo data on SQLite, the task worker beside it.
run: db
	$(PY) manage.py collectstatic --no-input -v 0
	@$(PY) manage.py demo --logins-only
	@echo "Gương Sáng: http://$(HOST):$(PORT)/"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py db_worker & worker=$$!; \
	  $(VENV)/bin/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 1 --blocking-threads 4 guongsang.wsgi:application

## The test tools from npm (the Nu Html Checker), pinned by package-lock.json. No install scripts:
## vnu-jar's would fetch a Java runtime from the internet; system-deps installs Debian's.
node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then echo "npm is missing: the HTML validity tests will be skipped" >&2; \
	  elif npm ci --no-audit --no-fund --ignore-scripts --silent; then touch $@; \
	  else echo "npm ci failed: the HTML validity tests will be skipped" >&2; fi

## Copy the browser libraries pinned in package-lock.json into static/vendor/ (committed, so the
## site itself never needs npm): Apache ECharts' "simple" build (bar, line, pie charts).
vendor: node_modules/.installed
	cp node_modules/echarts/dist/echarts.simple.min.js guongsang/static/vendor/echarts.simple.min.js
	cp node_modules/echarts/LICENSE guongsang/static/vendor/echarts.LICENSE.txt

## The whole suite (SQLite by default; PostgreSQL when DATABASE_URL is set).
test: setup system-deps node_modules/.installed
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check guongsang tests bench

bench: setup
	$(PY) bench/run.py

messages: setup
	cd guongsang && ../$(PY) ../manage.py makemessages -l en --no-obsolete && ../$(PY) ../manage.py compilemessages -l en

clean:
	rm -rf $(VENV) var/static
