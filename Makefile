# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address to open in a browser: a server listening on every interface is reached locally.
URL_HOST = $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST))
export DJANGO_SETTINGS_MODULE := hdnd.settings

CHROMIUM ?= /usr/bin/chromium

.PHONY: run test e2e install migrate demo lint format bench bench-voters bench-oversight loadtest messages ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

# The PDFs' font (Tinos, @fontsource/tinos) from the npm registry, pinned by package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

install: $(VENV)/.installed node_modules/.package-lock.json

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@$(BIN)/python manage.py demo_logins --url http://$(URL_HOST):$(PORT)/
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Ends with the browser suite unless SKIP_E2E=1 (.ci/run runs it last, on its own).
test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)
	@if [ "$(SKIP_E2E)" = "1" ]; then echo "SKIP_E2E=1: the browser suite is not run here (make e2e)."; \
	else $(MAKE) --no-print-directory e2e; fi

# The browser suite (e2e/): the real app under gunicorn, driven in Debian's chromium and checked
# with axe-core. Never downloads a browser; without chromium it says so and passes.
e2e: install
	@if [ -x "$(CHROMIUM)" ]; then \
		E2E_CHROMIUM="$(CHROMIUM)" $(BIN)/pytest -c e2e/pytest.ini e2e $(E2E_ARGS); \
	else \
		echo "Bỏ qua bộ kiểm thử trình duyệt: không có chromium (apt-get install chromium)"; \
	fi

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Issue 13's voters' work over five million rows, in its own database (bench/voters.py).
bench-voters: install
	$(BIN)/python bench/voters.py $(BENCH_ARGS)

# Issue 12's oversight tracker, programme board and activity page at national size (bench/oversight.py).
bench-oversight: install
	$(BIN)/python bench/oversight.py $(BENCH_ARGS)

# Simulated clerks (locust, headless) against gunicorn on the bench's national data (make bench
# fills it), loopback only; bounded by LOAD_USERS and LOAD_TIME. Fails when a request failed.
LOAD_USERS ?= 100
LOAD_TIME ?= 10m
LOAD_SPAWN_RATE ?= 2
loadtest: install
	$(BIN)/python bench/loadtest.py --users $(LOAD_USERS) --run-time $(LOAD_TIME) \
		--spawn-rate $(LOAD_SPAWN_RATE)

messages: install
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=bench --ignore=e2e --ignore=node_modules
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles private-media
