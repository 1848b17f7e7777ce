# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The learning player is not there yet: until it lands, `make run` checks the bundled courses.
run: $(STAMP)
	@echo "The learning player is not built yet: checking the bundled courses instead."
	$(BIN)/liane check courses/

lint: $(STAMP)
	$(BIN)/ruff check engine export tests bench

typecheck: $(STAMP)
	$(BIN)/mypy engine export

test: lint typecheck
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/liane check courses/

bench: $(STAMP)
	$(BIN)/python bench/check_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
