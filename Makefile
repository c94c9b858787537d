# PressLens developer commands. `make serve` and `make test` are the README's two.
# Each builds the virtualenv from the pinned requirements first, when needed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: serve test lint typecheck unit bench chromium clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

## Run the dashboard (builds data/presslens.db from the sample corpus on first run).
serve: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT)

## Lint, type-check, then every test (browser tests included): most of them on two
## workers (pytest-xdist), then those that must run alone (browsers, SIGKILL, memory).
test: $(STAMP) chromium lint typecheck
	$(BIN)/python -m pytest -n 2 -m "not browser and not serial"
	$(BIN)/python -m pytest -m "browser or serial"

lint: $(STAMP)
	$(BIN)/ruff check presslens tests benchmarks components pages app.py
	$(BIN)/ruff format --check presslens tests benchmarks components pages app.py

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

## Benchmarks: record figures in benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_translate.py
	$(BIN)/python benchmarks/bench_entities.py
	$(BIN)/python benchmarks/bench_events.py
	$(BIN)/python benchmarks/bench_slides.py
	$(BIN)/python -m presslens.evaluation --record

## Debian's Chromium for browser tests (Playwright cannot download browsers here), and the
## Noto fonts so that Korean, Chinese, Japanese and Arabic text renders in pages and slide exports.
CHROME_PKGS := chromium fonts-noto-cjk fonts-noto-core
chromium:
	@missing=$$(for p in $(CHROME_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ "$$missing" = "chromium" ] && command -v chromium >/dev/null; then missing=""; fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing: $$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v chromium >/dev/null; then echo "note: for CJK/Arabic glyphs: sudo apt-get install $$missing" >&2; \
	  else echo "browser tests need Chromium: sudo apt-get install $(CHROME_PKGS)" >&2; exit 1; fi; \
	fi

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache artifacts
