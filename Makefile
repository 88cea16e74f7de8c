# One virtual environment for everything; the stamp re-installs only when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test explore lint bench clean postgres spelling docs notebook

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/placement demo --out-dir build/demo --force

# The documentation site, warnings as errors (mkdocs.yml: strict); the notebooks run as it builds.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# The example notebooks in JupyterLab (stored without outputs; run them there).
notebook: $(STAMP)
	$(BIN)/pip install -q -e ".[notebook]"
	$(BIN)/jupyter lab examples/

test: $(STAMP) postgres spelling docs
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest -q

# Property tests with fresh random examples, five rounds (the suite itself draws fixed ones).
PROPERTY_TESTS := $(shell grep -l "@given" tests/test_*.py)
explore: $(STAMP)
	for round in 1 2 3 4 5; do $(BIN)/python -m pytest -q -p no:cacheprovider $(PROPERTY_TESTS) || exit 1; done

# The tracker's PostgreSQL tests start a private server from Debian's package; install it if
# missing (as root, or through sudo).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

# The spelling tests check the Finnish texts with Voikko and the Swedish ones with hunspell,
# from Debian's packages; install them if missing (as root, or through sudo).
spelling:
	@{ [ -e /usr/share/hunspell/sv_FI.dic ] && ls /usr/lib/*/libvoikko.so.1 >/dev/null 2>&1 \
	  && command -v hunspell >/dev/null; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libvoikko1 voikko-fi hunspell hunspell-sv >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/pip install -q -e ".[bench]"
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_policies.py
	$(BIN)/python benchmarks/bench_side.py
	$(BIN)/python benchmarks/bench_presolve.py
	$(BIN)/python benchmarks/bench_kipina.py
	$(BIN)/python benchmarks/bench_simulate.py
	$(BIN)/python benchmarks/bench_queue_peers.py
	$(BIN)/python benchmarks/bench_limits.py
	$(BIN)/python benchmarks/bench_io.py
	$(BIN)/python benchmarks/bench_result_workbook.py
	$(BIN)/python benchmarks/bench_waits.py
	$(BIN)/python benchmarks/bench_explain.py
	$(BIN)/python benchmarks/bench_import.py

clean:
	rm -rf $(VENV) build site .pytest_cache .mypy_cache .ruff_cache
