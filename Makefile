# mynews — the two commands: `make demo` and `make test`. Everything is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit test-pg bench install system-deps clean serve

# Exactly the versions in requirements.lock, each checked against its hash (scripts/lock updates
# the lock); then mynews itself, editable, with nothing else pulled in.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

install: $(STAMP)

## demo: set up, load the bundled corpus into embedded SQLite and serve http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/mynews demo

serve: $(STAMP)
	$(BIN)/mynews serve

system-deps:
	scripts/system-deps

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile --durations=25

## test: set up and run everything: lint, types, layer contracts, the whole test suite
test: $(STAMP) system-deps lint typecheck unit

## test-pg: storage, ingestion and service tests on the real PostgreSQL (MYNEWS_TEST_DATABASE_URL)
test-pg: $(STAMP)
	MYNEWS_TEST_DATABASE_URL=$${MYNEWS_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1/test} \
	  $(BIN)/pytest -n 2 --dist loadfile -m "not browser" tests/store tests/services tests/api tests/workers tests/readers tests/delivery

## bench: throughput and latency figures (printed, not asserted)
bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/feeds.py
	$(BIN)/python bench/enrich.py
	$(BIN)/python bench/understanding.py
	$(BIN)/python bench/stories.py --quick
	$(BIN)/python bench/rank.py
	$(BIN)/python bench/feed.py
	$(BIN)/python bench/reader_sim.py --preset tune --out var/reader_sim_tune.json
	$(BIN)/python bench/reader_sim.py --preset held-out --out var/reader_sim_held_out.json
	$(BIN)/python bench/http_load.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/http_load.py --mixed --seconds 60
	$(BIN)/python bench/search_floor.py
	cd bench/lighthouse && npm ci --no-audit --no-fund --silent
	$(BIN)/python bench/lighthouse.py

clean:
	rm -rf $(VENV) var
