# Every target sets itself up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Until the desktop application lands: import the seeds into a demo library and search it.
DEMO := demo-library
run: $(STAMP)
	$(BIN)/clipper --library $(DEMO) import seeds/ || true
	$(BIN)/clipper --library $(DEMO) search "Zhao Yiping"

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check clipper tests

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
