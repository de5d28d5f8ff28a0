# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
# The two commands: `make run` and `make test`. Everything else is for developers.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STADTNETZ := $(BIN)/stadtnetz
# Project-wide strings live in stadtnetz/locale; an app may keep its own in stadtnetz/<app>/locale.
PO_FILES := $(wildcard stadtnetz/locale/*/LC_MESSAGES/django.po stadtnetz/*/locale/*/LC_MESSAGES/django.po)
APPS_WITH_LOCALE := $(patsubst stadtnetz/%/locale,%,$(wildcard stadtnetz/*/locale))
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: openapi run dev test install install-test lock audit messages makemessages chromium assets lint format ci worker clean

# What `make run` and `make dev` prepare before serving, in this order. `stadtnetz prepare` runs a
# step only when its inputs (its app's code and data, the steps before it) changed since it last
# ran, so the second start skips the imports and the search index.
RUN_STEPS := import-municipalities import-postcodes "seed-demo --force" seed-programmes import-model-projects \
	import-project-knowledge seed-solutions "seed-review-demo --force" "seed-grants-demo --force" search-reindex
# The demo accounts print their names on every start.
RUN_ALWAYS := --always "seed-demo --force"
DATA_DIR := $(or $(STADTNETZ_DATA_DIR),var)
SECRET_KEY_FILE := $(DATA_DIR)/secret-key

## run: set everything up (venv, database, registry, demo accounts) and serve http://$(HOST):$(PORT)
##      as users see it: debug off, gunicorn, a background-task worker, static files, error pages
run: export DJANGO_DEBUG := 0
run: export DJANGO_SECRET_KEY_FILE := $(abspath $(SECRET_KEY_FILE))
run: export STADTNETZ_INSECURE_COOKIES ?= 1
run: export HOST := $(HOST)
run: export PORT := $(PORT)
run: $(VENV)/.installed $(MO_FILES) $(SECRET_KEY_FILE)
	$(STADTNETZ) prepare $(RUN_STEPS) $(RUN_ALWAYS)
	@echo "Stadtnetz runs at http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	$(BIN)/python -m stadtnetz.core.serve --bind $(HOST):$(PORT)

## dev: the same data with Django's debug pages and autoreload (tasks run at once, no worker)
dev: export DJANGO_DEBUG := 1
dev: export STADTNETZ_TASKS_BACKEND ?= django_tasks.backends.immediate.ImmediateBackend
dev: export HOST := $(HOST)
dev: export PORT := $(PORT)
dev: $(VENV)/.installed $(MO_FILES)
	$(STADTNETZ) prepare $(RUN_STEPS) $(RUN_ALWAYS)
	$(STADTNETZ) runserver $(HOST):$(PORT)

# A secret key of this installation for running with debug off; never committed (var/ is ignored).
$(SECRET_KEY_FILE):
	@mkdir -p $(@D)
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@echo "Generated a secret key in $@ (keep it private; delete it to make a new one)"

## test: install what the tests need and run the whole suite (PostgreSQL when DATABASE_URL is set)
test: $(VENV)/.installed-test $(MO_FILES) chromium
	$(BIN)/python -m pytest -n $${PYTEST_WORKERS:-2} -p no:cacheprovider $(PYTEST_ARGS)

# Installs come from the lock files only: exact versions, every file checked against its SHA-256
# (--require-hashes), nothing resolved at install time (--no-deps; `pip check` proves the lock is
# complete). pip and setuptools are locked too; Stadtnetz itself is built without isolation, so
# no unhashed download happens. `make lock` re-resolves them from pyproject.toml.
LOCK := requirements/lock.txt
LOCK_TEST := requirements/lock-test.txt
PIP_LOCKED := $(BIN)/python -m pip install -q --require-hashes --no-deps

$(VENV)/.created:
	$(PYTHON) -c 'import sys; sys.exit("Stadtnetz needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.installed: $(VENV)/.created $(LOCK) pyproject.toml
	$(PIP_LOCKED) -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed $(LOCK_TEST)
	$(PIP_LOCKED) -r $(LOCK_TEST)
	$(BIN)/python -m pip check
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## lock: re-resolve requirements/lock*.txt from pyproject.toml and requirements/tools.in with uv
##       (needs the registry; commit the result); `make audit` checks them for known vulnerabilities
UV_COMPILE = .venv-lock/bin/uv pip compile pyproject.toml requirements/tools.in --universal \
	--python-version 3.11 --generate-hashes --custom-compile-command 'make lock' -q
lock:
	test -x .venv-lock/bin/uv || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/python -m pip install -q uv==0.13.9; }
	$(UV_COMPILE) -o $(LOCK)
	$(UV_COMPILE) --extra test --constraint $(LOCK) -o $(LOCK_TEST)

audit: $(VENV)/.installed-test
	scripts/audit-dependencies.sh

## messages: compile the translations (.po → .mo); needs GNU gettext's msgfmt
messages: $(MO_FILES)

%.mo: %.po
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "msgfmt is missing: install GNU gettext (Debian/Ubuntu: sudo apt-get install gettext)"; exit 1; fi; }
	msgfmt --check-format -o $@ $<

## makemessages: collect translatable strings into the .po files (developers)
makemessages: $(VENV)/.installed
	cd stadtnetz && ../$(STADTNETZ) makemessages -l de -l en --no-obsolete --no-location --ignore 'tests/*' \
	  $(foreach app,$(filter-out locale,$(APPS_WITH_LOCALE)),--ignore '$(app)/*')
	for app in $(filter-out locale,$(APPS_WITH_LOCALE)); do \
	  (cd stadtnetz/$$app && ../../$(STADTNETZ) makemessages -l de -l en --no-obsolete --no-location --ignore 'tests/*'); done

## chromium: Debian's Chromium for the browser tests (installed with apt when root)
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "Browser tests need Debian's Chromium: sudo apt-get install chromium chromium-driver"; exit 1; fi; }

## assets: refresh the vendored KERN-UX, htmx and axe-core from npm (developers only)
assets:
	scripts/vendor-assets.sh

## openapi: regenerate the committed API snapshot docs/openapi.json after an intended change
openapi: $(VENV)/.installed-test
	UPDATE_OPENAPI=1 $(BIN)/python -m pytest -q -p no:cacheprovider stadtnetz/core/tests/test_openapi.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ci:
	.ci/run

## worker: run background tasks (production runs this beside the web server)
worker: $(VENV)/.installed
	$(STADTNETZ) db_worker

clean:
	rm -rf $(VENV) var
