# Every target does the set-up it needs: `make test` is a valid first command on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup run test lint format bench demo clean

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

$(BIN)/junheng: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

setup: $(BIN)/junheng

demo: setup
	@mkdir -p out
	$(BIN)/junheng demo-data --counties 1 --seed 2025 --out out/demo-county.xlsx
	$(BIN)/junheng evaluate out/demo-county.xlsx --standard quality-2017 --format table
	$(BIN)/junheng evaluate out/demo-county.xlsx --standard quality-2017 --format html --out out/demo-county.html
	$(BIN)/junheng evaluate out/demo-county.xlsx --standard quality-2017 --format xlsx --out out/demo-county-evaluation.xlsx
	@echo "报告 / report: out/demo-county.html, out/demo-county-evaluation.xlsx"

run: demo

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(BIN)/python benchmarks/bench_evaluate.py

clean:
	rm -rf $(VENV) $(TOOLS) out
