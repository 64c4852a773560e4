# Two commands for a new machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: run test test-future serve install migrate demo clean screenshots bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask demo

## Development server with demo data on http://127.0.0.1:5000
run: demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## The whole test suite (SQLite, or PostgreSQL when TRACKER_TEST_DATABASE_URL is set)
test: install
	$(BIN)/bandit --quiet --recursive tracker --severity-level medium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## The suite but the browser tests, with the machine's clock moved ahead by libfaketime (Debian's
## faketime), so that a date bomb shows before it lands: make test-future FUTURE="+5 years".
## Monotonic clocks stay real: faked ones stall Python's thread waits.
FUTURE ?= +400 days
test-future: install
	@command -v faketime >/dev/null || { echo "faketime not installed: apt-get install faketime"; exit 1; }
	FAKETIME_DONT_FAKE_MONOTONIC=1 faketime '$(FUTURE)' $(BIN)/python -m pytest -q -m "not browser" -p no:cacheprovider $(PYTEST_ARGS)

## The README's screenshots (docs/screenshots/), retaken by the browser tests from the demo data
screenshots: install
	@test -x /usr/bin/chromium || { echo "Chromium not installed: apt-get install chromium"; exit 1; }
	TRACKER_SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest tests/browser -q -p no:cacheprovider

## Production server (gunicorn); needs SECRET_KEY and DATABASE_URL in the environment
serve: migrate
	TRACKER_CONFIG=production $(BIN)/gunicorn --workers 3 --threads 4 --bind 127.0.0.1:8000 wsgi:app

## HTTP benchmark on a synthetic council (ACTIONS=100000; DATABASE=postgresql+psycopg://... for PostgreSQL)
ACTIONS ?= 100000
bench: install
	$(BIN)/python benchmarks/http.py --actions $(ACTIONS) $(if $(DATABASE),--database-url $(DATABASE))

clean:
	rm -rf $(VENV) .pytest_cache test-output
