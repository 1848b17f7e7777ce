# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Where `make run` serves the player: `make run PORT=8000` (HOST=0.0.0.0 to reach it from
# other machines of the network, e.g. phones on a workshop's hotspot).
HOST ?= 127.0.0.1
PORT ?= 5000
# Installs the Debian packages a mode needs when they are missing: as root, else through
# `sudo -n`, else it stops with the command to run (see the script).
SYSTEM_PACKAGES := PYTHON=$(PYTHON) .ci/system-packages

.PHONY: help run test lint typecheck check bench messages schemas vectors clean \
	system-packages-run system-packages-test

help:
	@echo "make run        install what the player needs (system packages, .venv), check"
	@echo "                courses/, start the player on http://127.0.0.1:5000/"
	@echo "                (PORT=8000 for another port, HOST=0.0.0.0 for the network)"
	@echo "make test       install what the tests need (system packages: Chromium,"
	@echo "                poppler-utils, Node.js; .venv; node_modules), then ruff, mypy,"
	@echo "                node --test and the whole pytest suite (PostgreSQL variants too"
	@echo "                when LIANE_TEST_POSTGRES_URL is set, as .ci/run does)"
	@echo "make lint       ruff, and import-linter's contracts (the layers)"
	@echo "make typecheck  mypy"
	@echo "make check      liane check courses/"
	@echo "make messages   regenerate the French catalogue from the code and templates"
	@echo "                (run it again after translating engine/locale/fr/.../liane.po)"
	@echo "make schemas    regenerate the editors' JSON Schemas in docs/schemas/"
	@echo "make vectors    regenerate tests/vectors/plans.json from the engine (then node --test)"
	@echo "make bench      the benchmarks' checks"
	@echo "make bench-live 60 phones in a live session against gunicorn (BENCH_ARGS as above)"
	@echo "make bench-load the load benchmark: locust learners against gunicorn (installs the"
	@echo "                bench extra; BENCH_ARGS=--database-url=postgresql+psycopg://...)"
	@echo "make clean      remove .venv and the tools' caches"

# Make runs prerequisites from left to right: the system packages come before the virtualenv
# (python3-venv) and everything else.
system-packages-run:
	@$(SYSTEM_PACKAGES) --for run

system-packages-test:
	@$(SYSTEM_PACKAGES) --for test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The player on the bundled courses, with an embedded SQLite database in instance/.
# A demo administrator is created the first time (change its password for real use).
run: system-packages-run $(STAMP)
	$(BIN)/liane check courses/
	$(BIN)/liane users create admin@example.org --name "Admin" --role admin \
		--password liane-admin-demo --if-missing
	@echo "Sign in as admin@example.org / liane-admin-demo, or create a learner account."
	$(BIN)/liane serve --reload-courses --host $(HOST) --port $(PORT)

# ruff, then the layers: import-linter's contracts in pyproject.toml ([tool.importlinter]).
lint: $(STAMP)
	$(BIN)/ruff check engine export tests bench
	$(BIN)/ruff format --check engine export tests bench
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy engine export

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch node_modules/.installed

# The player's tests also run on PostgreSQL when LIANE_TEST_POSTGRES_URL is set
# (.ci/run sets it when PostgreSQL answers on 127.0.0.1:5432).
test: system-packages-test lint typecheck node_modules/.installed
	node_modules/.bin/tsc -p tsconfig.json
	node --test tests/js/
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/liane check courses/

bench: $(STAMP)
	$(BIN)/python bench/check_bench.py

# The player under load (docs/performance.md): locust's learners against gunicorn as the README
# runs it, on SQLite, or on PostgreSQL with BENCH_ARGS=--database-url=... (created, emptied).
.PHONY: bench-load
bench-load: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/load_bench.py $(BENCH_ARGS)

# Live sessions under a room's load (docs/performance.md): 60 phones polling as the page
# does, against gunicorn, on SQLite then PostgreSQL (BENCH_ARGS=--databases sqlite to skip it).
.PHONY: bench-live
bench-live: $(STAMP)
	$(BIN)/python bench/live_bench.py $(BENCH_ARGS)

# The steps of tests/core/test_i18n.py's docstring: extract the texts, add those engine/schema.py
# declares as data, merge into liane.po, compile. Translate the empty and fuzzy entries of
# liane.po (deleting the fuzzy marks), then run it again and `pytest tests/core/test_i18n.py`.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k _l -k gettext -k lazy_gettext -k tr \
		--project=Liane -o engine/locale/liane.pot .
	$(BIN)/python tests/core/test_i18n.py
	$(BIN)/pybabel update -i engine/locale/liane.pot -d engine/locale -D liane -l fr \
		--ignore-obsolete
	$(BIN)/pybabel compile -d engine/locale -D liane --statistics

schemas: $(STAMP)
	$(BIN)/liane schema -o docs/schemas

# The reference values the browser's port is checked against (tests/vectors/plans.json:
# attempt plans, grades, course status, reveal rules, numbers), computed by the engine.
# tests/vectors/grading.json is the hand-written grading specification: edit it, never make it.
vectors: $(STAMP)
	$(BIN)/python tests/core/test_js_fixtures.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
