# Every target sets itself up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean capture-quality

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The desktop application on your library (ARGS="--library DIR" for another one).
run: $(STAMP)
	$(BIN)/clipper $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check clipper tests

# How well capture reads the real pages, feeds and mails in ../shared/corpora (or in
# $CLIPPER_CORPORA); prints a table of the figures. ARGS="--failures" lists the misses.
capture-quality: $(STAMP)
	CLIPPER_CORPORA="$${CLIPPER_CORPORA:-$(CURDIR)/../shared/corpora}" \
		$(BIN)/python -m tests.benchmarks.capture_quality $(ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
