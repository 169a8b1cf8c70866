# densebook: every task goes through this file; CI (.ci/run) only calls its targets.
# `make html` and `make test` set everything up themselves from conf/requirements.lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := conf/requirements.lock
PORT   ?= 8000

# -W --keep-going: every warning is an error, and all of them are listed before failing.
# -n: nitpicky (every cross-reference must resolve). -T: full tracebacks on the console.
# -d: doctrees outside the published tree (they are pickles and differ between builds).
SPHINXOPTS ?=
SPHINX_STRICT := $(BIN)/sphinx-build -b html -c conf -W --keep-going -n -T $(SPHINXOPTS)
SPHINX := $(SPHINX_STRICT) -d _build/doctrees

.PHONY: help venv html translations repro bench test test-all test-fast doctest lint format serve clean distclean lock

help:
	@echo "make html      build the site, both editions, into _build/html (sets up .venv on first use)"
	@echo "make translations  refresh the zh_TW catalogs in docs/locales after editing English pages"
	@echo "make test      run every test: unit, property, doctests, site build, browser"
	@echo "make test-all  make test, every download run and every Chinese page audited (make test: core path's)"
	@echo "make test-fast unit, property (25 examples), doctest and extension tests: no site build"
	@echo "make repro     build the site twice from scratch and compare every file"
	@echo "make bench     time clean, no-op and edited builds against the floor (README table)"
	@echo "make doctest   run the docstring examples only"
	@echo "make lint      ruff, and mypy --strict on src/ and conf/"
	@echo "make format    rewrite src, tests, conf and bench with ruff's formatter and fixes"
	@echo "make serve     serve _build/html on http://127.0.0.1:$(PORT)/"
	@echo "make clean     remove _build; make distclean also removes .venv"
	@echo "make lock      re-pin conf/requirements.lock from conf/requirements.in"

# The venv is recreated from scratch whenever the lock changes, so it never drifts from it.
$(VENV)/.locked: $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "densebook needs Python 3.11 or newer, found " + sys.version.split()[0])'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r $(LOCK)
	touch $@

# The package itself, editable, built by the pinned flit_core already in the venv.
$(VENV)/.installed: $(VENV)/.locked pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check --disable-pip-version-check
	touch $@

venv: $(VENV)/.installed

# Both editions: English into _build/html, then Traditional Chinese (the same pages, every
# execution from the cache) published inside it as _build/html/zh-tw/.
html: venv
	$(SPHINX) docs _build/html
	$(SPHINX_STRICT) -D language=zh_TW -d _build/zh_TW/doctrees docs _build/zh_TW/html
	rm -rf _build/html/zh-tw
	cp -R _build/zh_TW/html _build/html/zh-tw

# Refresh docs/locales/*/LC_MESSAGES/*.po after the English pages change
# (conf/densebook_sphinx/editions/catalogs.py);
# then translate what is new or marked fuzzy.
translations: venv
	rm -rf _build/gettext
	SOURCE_DATE_EPOCH=0 $(BIN)/sphinx-build -b gettext -c conf -W --keep-going -n -d _build/gettext/doctrees docs _build/gettext
	PYTHONPATH=conf $(BIN)/python -m densebook_sphinx.editions.catalogs _build/gettext docs/locales zh_TW

# Two clean builds (every page executed, no cache, fresh doctrees) must be byte-identical.
repro: venv
	rm -rf _build/repro
	$(SPHINX_STRICT) -E -D nb_execution_mode=force -d _build/repro/first.doctrees docs _build/repro/first
	$(SPHINX_STRICT) -E -D nb_execution_mode=force -d _build/repro/second.doctrees docs _build/repro/second
	@compared=$$(cd _build/repro/first && find . -type f | wc -l); \
	differing=$$(diff -rq _build/repro/first _build/repro/second); \
	count=$$(printf '%s' "$$differing" | grep -c . || true); \
	echo "make repro: $$compared files compared, $$count differ"; \
	if [ -n "$$differing" ]; then printf '%s\n' "$$differing"; exit 1; fi

# Timings live here, not in tests: see bench/build_speed.py for what is measured.
bench: venv
	$(BIN)/python bench/build_speed.py

# Every test, in three pytest processes at once, one per folder of tests/ (run_groups.py):
# the site's own build and checks, fault injection into project copies and small projects,
# and unit tests. Each group's log follows, with its 25 slowest tests; fails if any fails.
test: venv
	$(BIN)/python tests/run_groups.py

# The same, with the check that `make test` runs on part of the site (to stay within its
# time) run on all of it: every notebook download in a plain kernel, not only the core path's.
test-all: venv
	DENSEBOOK_TEST_ALL=1 $(BIN)/python tests/run_groups.py

# No site build, no fresh TensorFlow process, Hypothesis's quick profile: under a minute.
test-fast: venv
	HYPOTHESIS_PROFILE=quick $(BIN)/python -m pytest -m "not process" tests/unit src/densebook \
		--ignore=src/densebook/_fresh_process.py --ignore=src/densebook/_backends.py

doctest: venv
	$(BIN)/python -m pytest src/densebook tests/unit/test_extension_doctests.py

lint: venv
	$(BIN)/ruff check src tests conf bench
	$(BIN)/ruff format --check src tests conf bench
	$(BIN)/mypy

format: venv
	$(BIN)/ruff check --fix src tests conf bench
	$(BIN)/ruff format src tests conf bench

serve: html
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

clean:
	rm -rf _build

distclean: clean
	rm -rf $(VENV)

# Resolve requirements.in in a throw-away venv and pin the result, transitive packages included.
lock:
	rm -rf _build/lockenv
	$(PYTHON) -m venv _build/lockenv
	_build/lockenv/bin/python -m pip install --quiet --disable-pip-version-check -r conf/requirements.in
	{ echo "# Generated by \`make lock\` from conf/requirements.in on Python 3.11 (Linux x86_64): every package,"; \
	  echo "# transitive ones included, at an exact version. Edit requirements.in, not this file."; \
	  _build/lockenv/bin/python -m pip freeze --all --exclude-editable | grep -v '^pip=='; } > $(LOCK)
	rm -rf _build/lockenv
