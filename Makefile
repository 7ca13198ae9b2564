# relmgmt: the two commands that set everything up on a fresh machine are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test test-fast bench lint typecheck format migrate seed clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("relmgmt needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

## make run: migrate, load the demo data, and start web, worker and beat (Ctrl-C stops all).
run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo
	PORT=$(PORT) $(BIN)/python manage.py run_embedded

## make test: the whole suite (with DATABASE_URL set, on that PostgreSQL), browser journeys included.
## Both test targets end with the 25 slowest tests and set-ups (--durations).
PYTEST := $(BIN)/python -m pytest -n 2 --durations=25

test: venv
	$(PYTEST) $(PYTEST_ARGS)

test-fast: venv
	$(PYTEST) -m "not browser and not failure" $(PYTEST_ARGS)

bench: venv
	$(BIN)/python -m bench $(BENCH)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## make typecheck: mypy over every app's services and selectors (configured in pyproject.toml).
typecheck: venv
	$(BIN)/mypy

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var
