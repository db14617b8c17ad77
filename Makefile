# Luoshi: two commands on a fresh machine.
#   make demo   venv, install, migrate, load the Hongshan 2023 demo, serve http://127.0.0.1:8000
#   make test   lint, migration check, deploy check, the test suite on SQLite and on PostgreSQL

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs a second time on PostgreSQL when this server answers.
PG_URL ?= postgres://postgres@127.0.0.1:5432/luoshi
DEV := DEBUG=1
# The suite runs on one worker per core (pytest-xdist), each with its own test database;
# a test module stays on one worker, so a module's shared data is built once.
PYTEST := $(BIN)/python -m pytest -n auto --dist loadfile
# Compiled modules are cached (__pycache__/, ignored by git) even where the environment says
# not to (PYTHONDONTWRITEBYTECODE): otherwise every process — each pytest worker, each command
# a test runs in its own process, the second run on PostgreSQL — compiles Luoshi and rewrites
# the tests' asserts again, about 6 s of CPU per process (docs/architecture.md, "The test suite").
export PYTHONDONTWRITEBYTECODE :=

.PHONY: demo test lint check-migrations check-deploy test-sqlite test-postgres messages clean \
	backup restore drill bench-load

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

demo: $(VENV)/.runtime
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_demo --accounts-json demo-accounts.json
	@echo "== What the departments' group robots would post (the demo's robots print to this console)"
	@# The demo's e-mails are kept in memory, not printed: two dozen of them would push the accounts above off the screen.
	$(DEV) SITE_URL=http://$(HOST):$(PORT) EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend \
		$(BIN)/python manage.py send_notifications --once
	@echo "Luoshi is starting on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev lint check-migrations check-deploy test-sqlite test-postgres

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: $(VENV)/.dev
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

# Production settings must pass Django's deployment checklist, and collectstatic must
# resolve every file the vendored CSS refers to (the manifest storage fails otherwise).
check-deploy: $(VENV)/.dev
	@static=$$(mktemp -d) && \
	export DEBUG=0 ALLOWED_HOSTS=luoshi.intranet STATIC_ROOT=$$static \
		SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') && \
	$(BIN)/python manage.py check --deploy --fail-level WARNING && \
	$(BIN)/python manage.py collectstatic --noinput -v0; \
	status=$$?; rm -rf $$static; exit $$status

test-sqlite: $(VENV)/.dev
	$(PYTEST)

test-postgres: $(VENV)/.dev
	@if $(BIN)/python scripts/pg_reachable.py "$(PG_URL)"; then \
		echo "== the suite again on PostgreSQL ($(PG_URL))"; \
		DATABASE_URL="$(PG_URL)" $(PYTEST); \
	else \
		echo "== PostgreSQL at $(PG_URL) is not reachable: skipped the PostgreSQL run"; \
	fi

# After changing user-facing strings: this collects them into the catalogue,
# locale/zh_Hans/LC_MESSAGES/django.po (new entries appear with an empty msgstr, changed ones
# marked fuzzy), and compiles it. Edit the .po (by hand, or in Poedit or Weblate), then run
# `make messages` again (or just `manage.py compilemessages --locale zh_Hans`).
# tests/test_translations.py ignores the same directories when it extracts the messages in use.
I18N_IGNORE := --ignore .venv --ignore staticfiles --ignore test-artifacts --ignore bench \
	--ignore tests
messages: $(VENV)/.dev
	$(DEV) $(BIN)/python manage.py makemessages --locale zh_Hans $(I18N_IGNORE) --no-obsolete --add-location file
	$(DEV) $(BIN)/python manage.py compilemessages --locale zh_Hans $(I18N_IGNORE)

# Operations (docs/operations.md). They use the app's environment: DATABASE_URL, SECRET_KEY…
backup: $(VENV)/.runtime
	$(BIN)/python manage.py backup_database $(if $(FILE),-o "$(FILE)")

restore: $(VENV)/.runtime
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/luoshi-<date>.dump"; exit 2; }
	$(BIN)/python manage.py restore_database "$(FILE)" --yes

drill: $(VENV)/.runtime
	PYTHON=$(BIN)/python scripts/restore_drill.sh $(FILE)

# Measured load (docs/performance.md): gunicorn with 4 workers on a scratch PostgreSQL database
# (LOAD_PG_URL, dropped after), driven by locust for RUN_TIME seconds; then the same on SQLite,
# then the two-app-server checks. Takes about 7 minutes; nothing is asserted.
RUN_TIME ?= 60
LOAD_PG_URL ?= postgres://postgres@127.0.0.1:5432/luoshi_load

$(VENV)/.bench: $(VENV)/.runtime requirements-bench.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

bench-load: $(VENV)/.bench
	$(BIN)/python bench/load.py --run-time $(RUN_TIME) --pg-url "$(LOAD_PG_URL)"
	$(BIN)/python bench/load.py --run-time $(RUN_TIME) --sqlite
	$(BIN)/python bench/multi_server.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache test-artifacts
