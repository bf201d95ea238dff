# The few verbs people type. Each creates .venv from pyproject.toml when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-pyproject

.PHONY: demo test lint docs bench clean browser

demo: $(STAMP)
	$(BIN)/partnerships demo

test: $(STAMP) browser
	$(BIN)/ruff check domain projections adapters manual tests
	$(BIN)/mypy
	$(BIN)/pytest

# The manual: runs the features and writes build/docs/index.html and build/docs/summary.json.
docs: $(STAMP)
	$(BIN)/python -m manual

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.run
	$(BIN)/python -m tests.benchmarks.snapshots
	$(BIN)/python -m tests.benchmarks.report
	$(BIN)/python -m tests.benchmarks.evidence
	$(BIN)/python -m tests.benchmarks.writers

lint: $(STAMP)
	$(BIN)/ruff check domain projections adapters manual tests
	$(BIN)/mypy

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# Tests that read pages as a person does drive Debian's headless Chromium; install it when missing (as root).
browser:
	test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || \
		(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
