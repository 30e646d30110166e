# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint format demo bench bench-load chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.app-installed

## run: set up and start the app on http://localhost:$(PORT) (SQLite in data/ unless DATABASE_URL says otherwise)
run: $(VENV)/.app-installed
	$(BIN)/python -m streamlit run dashboard.py --server.port $(PORT) --browser.gatherUsageStats false

## test: set up and run every test (PostgreSQL too when TEST_DATABASE_URL is set)
test: $(VENV)/.dev-installed chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

## chromium: Debian's Chromium for the browser tests, installed when missing
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## demo: a workshop DEMO filled with 24 synthetic executives
demo: $(VENV)/.app-installed
	$(BIN)/python -m survey demo --workshop DEMO --respondents 24 --seed 1

## bench: store, aggregation, first render and load figures, appended to benchmarks/results.md (BENCH_DATABASE_URL adds PostgreSQL)
bench: $(VENV)/.dev-installed chromium
	PYTHONPATH=. $(BIN)/python benchmarks/bench_store.py
	PYTHONPATH=. $(BIN)/python benchmarks/bench_render.py
	PYTHONPATH=. $(BIN)/python benchmarks/bench_load.py

## bench-load: websocket respondents against the real server, one presenter in Chromium (BENCH_LOAD_STEPS=10,30,100,200)
bench-load: $(VENV)/.dev-installed chromium
	PYTHONPATH=. $(BIN)/python benchmarks/bench_load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/screenshots
