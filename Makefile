# Three commands matter: `make serve`, `make test` and `make demo`. Each builds .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve demo test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## Set up, create the SQLite database under var/, load the sample rounds and a demo user, and serve.
serve: $(STAMP)
	$(BIN)/kvkdocs serve --demo

## Set up, then validate every sample application (exit 1: some samples are meant to fail).
demo: $(STAMP)
	$(BIN)/kvkdocs validate samples/ ; test $$? -le 1

## Set up, then run the test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Speed figures (ratios measured in one run); never part of the tests.
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/letters.py
	$(BIN)/python bench/documents.py

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check kvkdocs tests bench tools

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
