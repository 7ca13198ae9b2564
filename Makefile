# relmgmt: the two commands that set everything up on a fresh machine are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements-dev.lock | cksum | cut -d' ' -f1)

.PHONY: run test test-fast bench lint typecheck format migrate seed clean venv lock

## make venv: the whole dependency tree as requirements-dev.lock pins it, every file checked
## against its hash; then the project itself (no dependencies of its own to resolve).
venv: $(STAMP)

$(STAMP): pyproject.toml requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit("relmgmt needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

## make lock: after changing a pin in pyproject.toml, pin the whole tree again with hashes:
## requirements.lock (what the image installs) and requirements-dev.lock (the same, plus the
## development tools). Pins that still fit are kept; CI fails when the files are stale.
LOCK_OPTIONS := --quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links

lock: venv
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile $(LOCK_OPTIONS) \
		--output-file requirements.lock pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile $(LOCK_OPTIONS) --extra dev \
		--constraint requirements.lock --output-file requirements-dev.lock pyproject.toml

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
