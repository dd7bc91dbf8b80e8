# thesis-site — two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DIR    ?= .

export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check bench lint golden clean chromium assets quality

## make site: install what the build needs (first run), validate and build the thesis into site/
site: $(VENV)/.deps assets
	$(BIN)/thesis-site build $(DIR)

## make test: install test needs (Python packages, Debian's chromium, npm assets) and run every test
test: $(VENV)/.test-deps assets chromium
	$(BIN)/ruff check generator tests bench
	$(BIN)/python -m pytest -q -p no:cacheprovider

## make serve: live preview on http://127.0.0.1:8000 that rebuilds on every change
serve: $(VENV)/.deps assets
	$(BIN)/thesis-site serve $(DIR) --host 127.0.0.1 --port 8000

## make check: validate the content and print the citation audit
check: $(VENV)/.deps
	$(BIN)/thesis-site check $(DIR)

## make golden: regenerate the golden Markdown of the minimal fixture (review the diff!)
golden: $(VENV)/.test-deps
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/build/test_golden.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.deps
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

## npm assets (pinned in package-lock.json): mermaid and axe-core, served from the site itself
assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

## Debian's Chromium for browser tests (never `playwright install`)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf site .thesis-site

## make quality: page weights of a first visit and Lighthouse scores (figures for docs/quality.md)
quality: site $(VENV)/.test-deps chromium
	$(BIN)/python bench/weights.py site "" citas/dmpp5-01/ hallazgos/motivacion-1/ referencias/ figuras/fig-02/
	bash bench/lighthouse.sh site

## make bench: build the thesis and synthetic ×10 and ×100 theses; print the table, write bench/results.json
bench: site $(VENV)/.test-deps chromium
	$(BIN)/python bench/run.py
