# Two commands for a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# pytest-xdist workers for make test: one per core; TEST_WORKERS=0 runs the tests in one process.
TEST_WORKERS ?= auto

.PHONY: run test test-fast lint bench bench-load validate screens clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

# axe-core for the accessibility checks in the browser tests and gift-pegjs for the GIFT read-back test, where npm is available.
node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: browser accessibility checks and the GIFT read-back test will be skipped"; fi

run: $(VENV)/.installed
	$(BIN)/quizapp db upgrade
	$(BIN)/quizapp banks load
	$(BIN)/quizapp demo
	@echo "Students join at http://$(HOST):$(PORT)/join ; teachers log in at http://$(HOST):$(PORT)/teacher/login"
	$(BIN)/quizapp serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test node_modules/axe-core/axe.min.js
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

# The domain core (articles, banks, question kinds, exports, scoring, analysis): no app, server or browser. One
# process: for its ~20 s of work, starting xdist workers (each imports and collects everything) costs about what they save.
test-fast: $(VENV)/.installed-test
	$(BIN)/pytest tests/corpus tests/banks tests/questions tests/exports tests/test_*.py -m "not browser and not slow"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# LOAD passes options to the load benchmark, e.g. make bench-load LOAD="--backend sqlite --scenario exam"
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python -m bench.load $(LOAD)

bench-load: $(VENV)/.installed-bench
	$(BIN)/python -m bench.load $(LOAD)

# The README's screenshots (docs/screens/): the walk-through's pages at 360 and 1280 px, in Chromium.
screens: $(VENV)/.installed-test
	$(BIN)/python -m tests.browser.screens

validate: $(VENV)/.installed
	$(BIN)/quizapp validate questions/

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .mypy_cache .import_linter_cache .grimp_cache build *.egg-info test-artifacts
