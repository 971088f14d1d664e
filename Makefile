# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site test check suggest serve offline bench bench-lighthouse clean browser golden mutation shots lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

ZENSICAL_STAMP := $(VENV)/.installed-zensical
$(ZENSICAL_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[zensical]'
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

check: $(STAMP)
	$(BIN)/site-builder check

# Proposals for an essay's paragraphs without a passage (docs/annotating.md, Proposals), with
# the optional extra it needs (scikit-learn).
SUGGEST_STAMP := $(VENV)/.installed-suggest
$(SUGGEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[suggest]'
	touch $@
suggest: $(SUGGEST_STAMP)
	$(BIN)/site-builder suggest $(ESSAY)

ENGINE ?= mkdocs
ENGINE_STAMP := $(if $(filter zensical,$(ENGINE)),$(ZENSICAL_STAMP),$(STAMP))
site: $(ENGINE_STAMP)
	$(BIN)/site-builder build --engine $(ENGINE)   # validates first, then builds; the corpus is loaded once
	@echo "Open site/index.html through a web server (make serve), or build the offline copy with make offline."

serve: $(ENGINE_STAMP)
	$(BIN)/site-builder serve --engine $(ENGINE)

offline: $(ENGINE_STAMP)
	$(BIN)/site-builder build --offline --engine $(ENGINE)

# Chromium from Debian (Playwright cannot download browsers here); axe-core from npm.
browser:
	@command -v /usr/bin/chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from Debian's apt..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

# axe-core for the accessibility tests, from npm, into a git-ignored folder.
AXE := .test-tools/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null 2>&1 || { echo "Installing npm from Debian's apt..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq npm; fi; }
	mkdir -p .test-tools
	npm install --prefix .test-tools --no-audit --no-fund --silent axe-core@4.14.1

# Lighthouse for make bench-lighthouse, into the same folder: 12.2.3, as later ones want Node 22
# (Debian's is 20); it drives Debian's Chromium.
LIGHTHOUSE := .test-tools/node_modules/.bin/lighthouse
$(LIGHTHOUSE): | $(AXE)
	npm install --prefix .test-tools --no-audit --no-fund --silent --save-exact lighthouse@12.2.3

# On every core; the built sites are shared (tests/conftest.py, built_once). worksteal gives each
# worker a contiguous half of the tests (a module's fixtures are made once, not in every worker)
# and moves the rest of one half to a worker that ran out.
# A run writes some 11,000 files (copies of the project, built sites), in memory where the system
# has a /dev/shm: as a run ends, pytest deletes an older run's folder, which took 2.6 s on this
# machine's disk and 0.2 s there. Python keeps its compiled modules (a build's subprocess
# compiled site_builder anew, pytest rewrote the tests and hypothesis anew) where the
# environment says not to (PYTHONDONTWRITEBYTECODE).
TEST_TMP := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm/site-builder-tests-$$(id -u))
# The clients the downloads are made for, from npm into the same folder: TimelineJS 3 (rendered
# in Chromium) and the W3C Nu HTML checker (vnu-jar, run with Java from Debian's apt).
TIMELINEJS := .test-tools/node_modules/@knight-lab/timelinejs/dist/js/timeline.js
$(TIMELINEJS): | $(AXE)
	npm install --prefix .test-tools --no-audit --no-fund --silent --save-exact @knight-lab/timelinejs@3.9.11
VNU := .test-tools/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): | $(AXE)
	@command -v java >/dev/null 2>&1 || { echo "Installing Java from Debian's apt..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq default-jre-headless; fi; }
	npm install --prefix .test-tools --no-audit --no-fund --silent --save-exact vnu-jar@26.9.27

test: $(TEST_STAMP) browser $(AXE) $(TIMELINEJS) $(VNU) lint
	$(if $(TEST_TMP),mkdir -p $(TEST_TMP))
	$(if $(TEST_TMP),TMPDIR=$(TEST_TMP)) PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto --dist worksteal

# The style, checked before the tests (settings in pyproject.toml): ruff's lint and format, mypy.
lint: $(TEST_STAMP)
	$(BIN)/ruff check site_builder tests benchmarks
	$(BIN)/ruff format --check site_builder tests benchmarks
	$(BIN)/mypy

# Screenshots of every kind of page at 1366x900 and 390x844, and of a search from disk, in
# test-results/ (git-ignored), to be looked at; the suite takes none.
shots: $(TEST_STAMP) browser
	$(BIN)/python -m pytest -q --shots tests/test_reading.py tests/test_offline.py -k "fits_the_screen or search_works_from_disk"

# Rewrite tests/golden/ after a deliberate change of the output; read `git diff tests/golden`
# before committing it.
golden: $(TEST_STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

# Mutation testing of the core modules with mutmut (not in CI; settings in pyproject.toml,
# [tool.mutmut]); prints the count of killed, survived and untested mutants per module.
mutation: $(TEST_STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,mutation]'
	rm -rf mutants
	# a mutant of the quote resolver can loop while it allocates: 3.5 GB each, then it fails
	ulimit -v 3500000; $(BIN)/mutmut run --max-children 2 > /dev/null || true
	$(BIN)/mutmut results --all true | sed -E 's/^ *site_builder\.([a-z_.]+)\.x[^.]*: (.*)$$/\1 \2/' | sort | uniq -c

# make bench BENCH_ARGS=--quick  (N = 5, 50 only); BENCH_ARGS="--sizes 500" for one size.
# Then Lighthouse on four pages beside bare Material (bench-lighthouse, below).
BENCH_ARGS ?=
bench: $(STAMP) browser $(LIGHTHOUSE)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)
	$(BIN)/site-builder build
	$(BIN)/python benchmarks/lighthouse.py $(LIGHTHOUSE_ARGS)
	$(BIN)/python benchmarks/layout_shift.py

# Lighthouse (mobile) on the home page, an essay, a theme page and the timeline of a fresh build,
# beside the same essay built by bare MkDocs + Material: prints the figures, asserts none.
# make bench-lighthouse LIGHTHOUSE_ARGS="--runs 1 --details"
LIGHTHOUSE_ARGS ?=
bench-lighthouse: $(STAMP) browser $(LIGHTHOUSE)
	$(BIN)/site-builder build
	$(BIN)/python benchmarks/lighthouse.py $(LIGHTHOUSE_ARGS)

# Generated files only: build/docs/.keep is tracked (a plain `mkdocs build` needs the folder).
clean:
	rm -rf site site-offline site-preview .pytest_cache mutants test-results $(filter-out build/docs,$(wildcard build/*))
	find build/docs -mindepth 1 ! -name .keep -exec rm -rf {} +
