# Every target sets itself up: a fresh clone needs only `make run` or `make test`.
# Python 3.12 or newer: PySide6 6.12 on 3.11 loses a reference to None on every Python override
# of a void virtual (paintEvent, a delegate's paint, QRunnable.run ...), and a long session
# then aborts with "none_dealloc"; from 3.12 on None is immortal and this is harmless.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 \
	  /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; \
	done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-small bench-team clean package capture-quality postgresql

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Clipper needs Python 3.12 or newer (python3.12 or python3.13)."; exit 1; }
	$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || rm -rf $(VENV)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The desktop application on your library (ARGS="--library DIR" for another one).
run: $(STAMP)
	$(BIN)/clipper $(ARGS)

# The team library's tests start a PostgreSQL cluster of their own (tests/pgserver.py): Debian's
# postgresql package is installed when it is missing and make runs as root; otherwise those
# tests are skipped, and pytest's summary says so.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
	{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing PostgreSQL for the team library's tests (apt-get install postgresql)"; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends postgresql >/dev/null; \
	  else echo "PostgreSQL is not installed: the team library's tests will be skipped" \
	    "(Debian: apt-get install postgresql)."; fi; }

test: $(STAMP) postgresql
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check clipper tests
	$(BIN)/mypy

# How well capture reads the real pages, feeds and mails in ../shared/corpora (or in
# $CLIPPER_CORPORA); prints a table of the figures. ARGS="--failures" lists the misses.
capture-quality: $(STAMP)
	CLIPPER_CORPORA="$${CLIPPER_CORPORA:-$(CURDIR)/../shared/corpora}" \
		$(BIN)/python -m tests.benchmarks.capture_quality $(ARGS)

# Clipper at 10,000 and 50,000 clippings against SQLite FTS5 on the same texts (the real pages of
# ../shared/corpora or $CLIPPER_CORPORA, and synthetic news): a table of ratios, and JSON in
# bench-results/latest.json. About half an hour on 2 cores. ARGS="--repeat 5" etc.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen CLIPPER_CORPORA="$${CLIPPER_CORPORA:-$(CURDIR)/../shared/corpora}" \
		$(BIN)/python -m tests.benchmarks.bench $(ARGS)

# A team library on PostgreSQL under five clients for a minute, and a new desktop indexing a
# 10,000-clipping team library (tests/benchmarks/team_bench.py; about three minutes).
bench-team: $(STAMP) postgresql
	$(BIN)/python -m tests.benchmarks.team_bench $(ARGS)

# The same at 1,000 clippings (a minute or two; CI runs it as tests/benchmarks/test_bench_small.py).
bench-small: $(STAMP)
	QT_QPA_PLATFORM=offscreen CLIPPER_CORPORA="$${CLIPPER_CORPORA:-$(CURDIR)/../shared/corpora}" \
		$(BIN)/python -m tests.benchmarks.bench --size 1000 --repeat 1 \
		--out bench-results/small.json $(ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

# The wheel and sdist (dist/), the frozen one-folder application (dist/app/clipper), then their
# smoke tests and the desktop metadata validators (packaging/smoke-test.sh).
package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	rm -rf dist build/pyinstaller
	$(BIN)/python -m build --outdir dist .
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist/app \
		--workpath build/pyinstaller packaging/clipper.spec
	PYTHON=$(BIN)/python bash packaging/smoke-test.sh
