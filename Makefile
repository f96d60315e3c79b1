# OpenECF — the two commands of the README's Quick start, and a few more.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
VENV := .venv
OPENECF := $(VENV)/bin/openecf
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install chromium run test lint typecheck check-migrations bench clean

$(UV):
	$(PYTHON) -m pip install --user --quiet uv || $(PYTHON) -m pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen
	cd openecf/web/frontend && npm ci --no-audit --no-fund --silent
	$(OPENECF) collectstatic --noinput --verbosity 0

# The demo loads beside the server (its progress bar shares the terminal): the home page serves at once,
# the courts appear within seconds and the cases, then the 10,000-entry docket, over the next minutes.
run: install
	$(OPENECF) migrate --noinput
	$(OPENECF) seed-demo --if-empty & $(OPENECF) runserver $(HOST):$(PORT)

# The browser tests drive Debian's Chromium (never a downloaded browser build).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Install Debian's chromium (apt-get install chromium) to run the browser tests."; \
		fi; \
	fi

# Every check runs even when an earlier one fails, so one run shows every problem.
test: install chromium
	@status=0; \
	$(VENV)/bin/pytest -n auto || status=1; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	$(VENV)/bin/mypy . || status=1; \
	$(VENV)/bin/lint-imports || status=1; \
	$(OPENECF) makemigrations --check --dry-run || status=1; \
	exit $$status

bench: install chromium
	$(VENV)/bin/python bench/docket_report.py
	$(VENV)/bin/python bench/docket_report_browser.py
	$(VENV)/bin/python bench/filing.py
	$(VENV)/bin/python bench/notices.py

clean:
	rm -rf $(VENV) var openecf/web/frontend/node_modules
