# The few verbs people type. Each creates .venv from pyproject.toml when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-pyproject

.PHONY: demo test lint bench clean

demo: $(STAMP)
	$(BIN)/partnerships demo

test: $(STAMP)
	$(BIN)/ruff check domain projections adapters tests
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.run
	$(BIN)/python -m tests.benchmarks.snapshots
	$(BIN)/python -m tests.benchmarks.evidence

lint: $(STAMP)
	$(BIN)/ruff check domain projections adapters tests
	$(BIN)/mypy

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
