# The two commands: `make book` builds the book, `make test` runs every check.
# Both create .venv on first use: `make book` installs the runtime pins (requirements.lock), the
# checks also the development tools (requirements-dev.lock).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cksum requirements.lock requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: book pdf test env dev lint unit nbval build-check browser chromium strace lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(PIP) --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(PIP) -r requirements-dev.lock
	touch $(DEV_STAMP)

env: $(STAMP)

dev: $(DEV_STAMP)

## book: execute the stale pages with Papermill and build _build/html
book: $(STAMP)
	$(BIN)/unionstate build

## test: lint, unit tests, nbval (strict) over book/, a book build with warnings as errors, and
## the built book in Debian's Chromium (offline, charts, links, search, accessibility, injection)
test: lint unit nbval build-check browser

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks
	$(BIN)/mypy

# Unit tests run on every core (pytest-xdist; the timed fault tests wait for what they need, not a
# fixed time). The browser tests run in one process: Chromium already keeps the cores busy.
unit: $(DEV_STAMP) strace
	$(BIN)/pytest -q -n auto --dist loadgroup tests --ignore=tests/browser

# Strict nbval: re-executing each published notebook must reproduce every stored output.
nbval: $(DEV_STAMP)
	$(BIN)/pytest -q -p no:cacheprovider --nbval book

# The checked book holds its PDF edition too (printed by Debian's chromium), as the published one does.
build-check: $(DEV_STAMP) chromium
	$(BIN)/unionstate build --pdf

## pdf: the book and the whole of it as one PDF, _build/html/unionstate.pdf (installs Debian's chromium)
pdf: $(DEV_STAMP) chromium
	$(BIN)/unionstate build --pdf

# Browser tests drive Debian's chromium (a tool's download of its own browser fails offline).
browser: $(DEV_STAMP) chromium build-check
	$(BIN)/pytest -q -p no:cacheprovider tests/browser

chromium:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The fault tests kill a build at the swap with strace's fault injection.
strace:
	@command -v strace >/dev/null || { \
	  echo "installing Debian's strace for the fault-injection tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace >/dev/null; }

# Both locks from fresh environments (needs the package index): the runtime pins are a freeze of
# the package alone; the development pins, what '.[dev]' adds with the runtime pins held fixed.
lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet --disable-pip-version-check setuptools wheel .
	{ echo "# Exact versions of every runtime dependency (what 'make book' and Binder install), from a pip freeze"; \
	  echo "# of an environment holding only the package. Development tools are in requirements-dev.lock."; \
	  echo "# Regenerate both with 'make lock' after changing the dependencies in pyproject.toml."; \
	  $(VENV)-lock/bin/python -m pip freeze --all | grep -v -e '^pip==' -e '^unionstate'; } > requirements.lock.new
	$(VENV)-lock/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock.new '.[dev]'
	{ echo "# Exact versions of the development tools ('make test': pytest, nbval, ruff, mypy, Playwright, the"; \
	  echo "# benchmarks' baselines) and what they need beyond requirements.lock, installed together with it."; \
	  echo "# Regenerate both with 'make lock' after changing the dependencies in pyproject.toml."; \
	  $(VENV)-lock/bin/python -m pip freeze --all | grep -v -e '^pip==' -e '^unionstate' | grep -v -x -F -f requirements.lock.new; } \
	  > requirements-dev.lock.new
	mv requirements.lock.new requirements.lock && mv requirements-dev.lock.new requirements-dev.lock
	rm -rf $(VENV)-lock

clean:
	rm -rf _build .pytest_cache
