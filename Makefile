# Every target does the set-up it needs: `make test` is a valid first command on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup run test test-postgres lint format bench bench-web demo browser clean

DEMO_ENV := JUNHENG_DEMO=1 JUNHENG_DEBUG=1 JUNHENG_HTTPS=0
PORT ?= 8000

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

$(BIN)/junheng: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

setup: $(BIN)/junheng

# The web app with the demo county on embedded SQLite (var/junheng.sqlite3), and beside it the
# worker of background jobs (django-tasks-db's db_worker; its output goes to var/worker.log). The
# worker stops with the server (Ctrl-C); jobs an earlier, killed worker left running are marked
# failed first (no worker is running yet, so none of them can still be running).
run: setup
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	$(DEMO_ENV) $(BIN)/python manage.py fail_stale_jobs --minutes 0 -v0
	@mkdir -p var
	@echo "均衡 Junheng: http://127.0.0.1:$(PORT)/  (后台任务 / background worker: var/worker.log)"
	@$(DEMO_ENV) $(BIN)/python manage.py db_worker --no-reload >>var/worker.log 2>&1 & worker=$$!; \
	trap 'status=$$?; kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; exit $$status' EXIT; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The CLI on a generated demo county: template workbook, terminal table, html and xlsx reports.
demo: setup
	@mkdir -p out
	$(BIN)/junheng demo-data --counties 1 --seed 2025 --out out/demo-county.xlsx
	$(BIN)/junheng evaluate out/demo-county.xlsx --standard quality-2017 --format table
	$(BIN)/junheng evaluate out/demo-county.xlsx --standard quality-2017 --format html --out out/demo-county.html
	$(BIN)/junheng evaluate out/demo-county.xlsx --standard quality-2017 --format xlsx --out out/demo-county-evaluation.xlsx
	@echo "报告 / report: out/demo-county.html, out/demo-county-evaluation.xlsx"

# Debian's Chromium for the Playwright tests (Playwright cannot download browsers here) and the
# Noto CJK fonts the PDF documents embed.
SYSTEM_PACKAGES := chromium fonts-noto-cjk
browser:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing: sudo apt-get install $$missing (browser and PDF tests need them)"; fi; \
	fi

test: setup browser
	$(BIN)/pytest -n 2

# The same suite on PostgreSQL (a server on 127.0.0.1:5432 with trust auth, database test).
test-postgres: setup browser
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n 2

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	JUNHENG_DEBUG=1 $(BIN)/python manage.py check
	JUNHENG_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(BIN)/python benchmarks/bench_evaluate.py

bench-web: setup
	$(BIN)/python benchmarks/bench_web.py

clean:
	rm -rf $(VENV) $(TOOLS) out var
