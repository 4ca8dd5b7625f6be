# quizsite: `make run` sets everything up and serves the site; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DATA := questions/data

.PHONY: run setup test test-sqlite test-postgres lint clean

# The web server and the task worker (questions/services/closing.py) run side by side, both in
# the background so that the trap runs at once on Ctrl-C or on a TERM to make and
# stops both. When the server exits (say, its port is taken), the worker stops too.
run: setup
	@echo "Serving on http://127.0.0.1:8000 with the task worker (Ctrl-C stops both)"
	@trap 'kill $$server $$worker 2>/dev/null; wait; exit 130' INT TERM; \
	$(MANAGE) db_worker --queue-name '*' & worker=$$!; \
	$(MANAGE) runserver 127.0.0.1:8000 & server=$$!; \
	wait $$server; status=$$?; kill $$worker 2>/dev/null; wait; exit $$status

# The virtualenv is rebuilt only when requirements.txt changes.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

setup: $(BIN)/.installed
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) ingest_document $(DATA)/apec-ai-initiative.ko.txt
	$(MANAGE) import_questions $(DATA)/bank.json --format json
	$(MANAGE) load_quizzes $(DATA)/quizzes.json
	@echo "Demo accounts (log in at http://127.0.0.1:8000/accounts/login/):"
	@$(MANAGE) create_demo_accounts

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=quizsite.settings.test $(MANAGE) makemigrations --check --dry-run

# SQLite always; PostgreSQL too when its server is installed. Under CI=true a
# missing PostgreSQL or Chromium fails the run instead of being skipped.
test: lint test-sqlite test-postgres

test-sqlite: $(BIN)/.installed
	$(BIN)/pytest

test-postgres: $(BIN)/.installed
	@status=0; .ci/with-postgres $(BIN)/pytest || status=$$?; \
	if [ $$status -eq 3 ] && [ "$$CI" != "true" ]; then \
		echo "SKIPPED the PostgreSQL run: no PostgreSQL server here (apt-get install postgresql)"; \
	else exit $$status; fi

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
