# Resolution Archive. A fresh clone needs two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is a local, single-user run: debug on, the SQLite file in the project root.
DEV_ENV := DJANGO_DEBUG=1

.PHONY: help install install-dev run migrate load-seeds test lint format check serve clean

help:
	@echo "make run      set up and serve the archive on http://$(HOST):$(PORT) with the seed texts"
	@echo "make test     install the dev dependencies and run the whole test suite"
	@echo "make serve    serve as in production: gunicorn, debug off, compressed static files"
	@echo "make load     a 60 s load test against gunicorn on loopback (docs/operations.md)"
	@echo "make bench    generate a synthetic corpus and benchmark it (docs/performance.md)"
	@echo "make check-deploy  manage.py check --deploy with a production environment"
	@echo "make lint     ruff check and ruff format --check"
	@echo "make format   ruff format and ruff check --fix"
	@echo "make clean    remove the virtual environment, database and collected static files"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
	  { echo "Python >= 3.12 is needed (found $$($(PYTHON) --version)); set PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

load-seeds: migrate
	$(DEV_ENV) $(PY) manage.py load_resolutions

run: load-seeds
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles

# Production-like serving, deployment checks and the load test (docs/operations.md).
.PHONY: check-deploy load load-test

serve: install
	HOST=$(HOST) PORT=$(PORT) scripts/serve.sh

check-deploy: install
	scripts/check_deploy.sh

load: install
	benchmarks/load/run.sh

load-test: load

# Generate a synthetic corpus (BENCH_N, default 50,000 resolutions) and benchmark it; see
# docs/performance.md. BENCH_DATABASE_URL picks the database (default: an SQLite file in /tmp).
.PHONY: bench
bench: install
	benchmarks/run.sh $(BENCH_ARGS)
