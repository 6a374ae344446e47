# The two commands: `make book` builds the book, `make test` runs every check.
# Both create .venv and install the pinned dependencies (requirements.lock) on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: book pdf test env lint unit nbval build-check browser chromium strace lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

env: $(STAMP)

## book: execute the stale pages with Papermill and build _build/html
book: $(STAMP)
	$(BIN)/unionstate build

## test: lint, unit tests, nbval (strict) over book/, a book build with warnings as errors, and
## the built book in Debian's Chromium (offline, charts, links, search, accessibility, injection)
test: lint unit nbval build-check browser

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks
	$(BIN)/mypy

unit: $(STAMP) strace
	$(BIN)/pytest -q tests --ignore=tests/browser

# Strict nbval: re-executing each published notebook must reproduce every stored output.
nbval: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider --nbval book

# The checked book holds its PDF edition too (printed by Debian's chromium), as the published one does.
build-check: $(STAMP) chromium
	$(BIN)/unionstate build --pdf

## pdf: the book and the whole of it as one PDF, _build/html/unionstate.pdf (installs Debian's chromium)
pdf: $(STAMP) chromium
	$(BIN)/unionstate build --pdf

# Browser tests drive Debian's chromium (a tool's download of its own browser fails offline).
browser: $(STAMP) chromium build-check
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

lock: $(STAMP)
	{ echo "# Exact versions of every dependency (pip freeze of a working .venv). Installed by 'make'."; \
	  echo "# Regenerate with 'make lock' after changing pyproject.toml dependencies."; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v '^pip=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf _build .pytest_cache
