# Three commands matter: `make serve`, `make test` and `make demo`. Each builds .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve demo test test-fast bench lint mutation clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## Set up, create the SQLite database under var/, load the sample rounds and a demo user, and serve.
serve: $(STAMP)
	$(BIN)/kvkdocs serve --demo

## Set up, then validate every sample folder (exit 1: some samples are meant to fail).
## The folders, not samples/ itself: samples/README.md is documentation, and an
## inbox file kvkdocs cannot read is rightly reported (samples/inndata/notat.txt shows it).
demo: $(STAMP)
	$(BIN)/kvkdocs validate samples/*/ ; test $$? -le 1
	@echo "Skriv «. $(VENV)/bin/activate» for å bruke kommandoen kvkdocs slik README.md viser den."

## Set up, then run the test suite (every test; skip reasons printed; in CI a skip fails).
test: $(STAMP)
	$(BIN)/python -m pytest -q -rs

## Development loop: the tests not marked slow (CI always runs them all).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -rs -m "not slow"

## Speed figures (ratios measured in one run); never part of the tests.
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/letters.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/fair.py
	$(BIN)/python bench/web_load.py
	$(BIN)/python bench/kommune_load.py

## Mutation testing of the core (slow, not part of CI): score per module and the surviving mutants.
## mutmut writes the mutants; tools/mutation_run.py runs each module's against the test files its PLAN
## names (mutmut's own test mapping takes longer than the run on two shared cores). One module:
## `.venv/bin/python tools/mutation_run.py plan kvkdocs.letters`, then the report.
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet "mutmut>=3.3"
	rm -rf mutants
	$(BIN)/python tools/mutation_run.py generate
	$(BIN)/python tools/mutation_run.py plan
	$(BIN)/python tools/mutation_report.py

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check kvkdocs tests bench tools

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
