# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make demo   the app with demo data on SQLite at http://127.0.0.1:8000 (PORT overrides)
#   make test   the whole test suite (DATABASE_URL picks PostgreSQL)
# and a few more prove it holds up:
#   make bench  the benchmarks (README "Performance"); make drill  the fault drills (needs root)
#   make audit  bandit and pip-audit; make lock  re-pin requirements.lock from pyproject.toml
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test lint install install-dev install-bench bench drill audit lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What to install is declared in pyproject.toml: the app's dependencies, and the extras `dev` (tests
# and checks) and `bench`. The app's come pinned from requirements.lock, so every install is the same;
# the tools of the tests and benchmarks float within their ranges around those pins.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock .
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock ".[dev]"
	touch $(VENV)/.installed $@

$(VENV)/.installed-bench: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock ".[dev,bench]"
	touch $(VENV)/.installed $(VENV)/.installed-dev $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench

# The demo serves with DEBUG off, as production does: a mistyped link shows the app's own "Page not
# found", never Django's debug page. So whitenoise serves the collected static files.
# With DEBUG off the site refuses the key published in the repository (qiequity/wsgi.py), so the
# demo makes a key of its own once, kept beside the checkout (SECRET_KEY overrides it).
DEMO_KEY := .demo-secret-key
$(DEMO_KEY): | $(BIN)/python
	$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

demo: install $(DEMO_KEY)
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	DEBUG=false SECRET_KEY="$${SECRET_KEY:-$$(cat $(DEMO_KEY))}" $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Benchmarks 1-7 against gunicorn with the production settings; each prints its figures and command.
# PostgreSQL must be running on 127.0.0.1:5432 (BENCH_POSTGRES overrides); the scale-out benchmark
# starts Debian's redis-server if it is not running. Exits 1 if a target is missed.
bench: install-bench
	@status=0; \
	$(BIN)/python -m bench.burst || status=1; \
	$(BIN)/python -m bench.ceiling || status=1; \
	$(BIN)/python -m bench.reports || status=1; \
	$(BIN)/python -m bench.page_weight || status=1; \
	$(BIN)/python -m bench.scale_out || status=1; \
	$(BIN)/python -m bench.imports || status=1; \
	exit $$status

# The fault drills: a worker killed, PostgreSQL restarted, SQLite's disk full and read-only.
drill: install-bench
	$(BIN)/python -m bench.drill

audit: install-dev
	BIN=$(BIN) .ci/audit

lock: install-dev
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles build qiequity.egg-info db.sqlite3 db.sqlite3-wal db.sqlite3-shm $(DEMO_KEY)
