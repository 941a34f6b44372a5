# MotCua: `make run` serves the demo on SQLite, `make test` runs the tests.
# Everything is installed into .venv from the lock files; nothing global is touched.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SIM_PORT ?= 8790

.PHONY: run test worker lock migrations messages schema clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "MotCua needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py make_signing_certificate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py assistant_index
	@echo "Background jobs (notifications, national portal sync) and the scheduler run alongside;"
	@echo "the national portal is the local simulator on 127.0.0.1:$(SIM_PORT) (GET /_records shows"
	@echo "what it holds; POST /_citizen/dossiers files a dossier there, see README)."
	trap 'kill 0' EXIT; export MOTCUA_DVCQG_URL=http://127.0.0.1:$(SIM_PORT) \
	  MOTCUA_PUBLIC_URL=http://127.0.0.1:$(PORT); \
	$(BIN)/python manage.py national_portal_simulator --port $(SIM_PORT) & \
	$(BIN)/python manage.py db_worker & \
	$(BIN)/python manage.py scheduler & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	MOTCUA_ENV=test $(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

worker: $(VENV)/.installed
	$(BIN)/python manage.py db_worker

# Maintainer targets.
lock: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in

migrations: $(VENV)/.installed
	$(BIN)/python manage.py makemigrations units catalog

messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages --locale vi --no-obsolete --no-location --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python locale/apply.py

schema: $(VENV)/.installed
	$(BIN)/python manage.py spectacular --file openapi.yaml --validate

clean:
	rm -rf $(VENV) var
