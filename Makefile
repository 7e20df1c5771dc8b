# docfiler — two commands set up a fresh machine:
#   make run    open docfiler on a demo SQLite database loaded with sample_docs/
#   make test   run the whole test suite (SQLite; PostgreSQL too when DOCFILER_TEST_PG_URL is set)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := $(CURDIR)/.demo/docfiler-demo.db
STAMP := $(VENV)/.installed

.PHONY: run test lint coverage bench clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/docfiler --db sqlite:///$(DEMO_DB) demo --force --quiet
	$(BIN)/docfiler --db sqlite:///$(DEMO_DB)

test: $(STAMP)
	$(BIN)/ruff check docfiler tui tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check docfiler tui tests benchmarks
	$(BIN)/ruff format --check docfiler tui tests benchmarks
	$(BIN)/lint-imports

coverage: $(STAMP)
	$(BIN)/python -m pytest -q --cov=docfiler --cov=tui --cov-branch --cov-report=term

# issue 15's figures, long (quick: make bench BENCH_ARGS="--sizes 3000 --rounds 1 --queries 2")
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .demo .pytest_cache .ruff_cache
