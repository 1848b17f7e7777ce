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

# The player on the bundled courses, with an embedded SQLite database in instance/.
# A demo administrator is created the first time (change its password for real use).
run: $(STAMP)
	$(BIN)/liane check courses/
	$(BIN)/liane users create admin@example.org --name "Admin" --role admin \
		--password liane-admin-demo --if-missing
	@echo "Sign in as admin@example.org / liane-admin-demo, or create a learner account."
	$(BIN)/liane serve --reload-courses

lint: $(STAMP)
	$(BIN)/ruff check engine export tests bench

typecheck: $(STAMP)
	$(BIN)/mypy engine export

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch node_modules/.installed

test: lint typecheck node_modules/.installed
	node --test tests/js/
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/liane check courses/

bench: $(STAMP)
	$(BIN)/python bench/check_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
