# thesis-site — two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ZENSICAL := .venv-zensical/bin/zensical
DIR    ?= .

export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check bench bench-readers lint golden clean chromium assets quality

## make site: install what the build needs (first run), validate and build the thesis into site/
site: $(VENV)/.deps
	$(BIN)/thesis-site build $(DIR)

## make test: install test needs (Python packages, Debian's chromium, npm assets) and run every test
test: $(VENV)/.test-deps assets chromium
	$(BIN)/ruff check generator tests bench
	$(BIN)/python -m pytest -q -p no:cacheprovider

## make serve: live preview on http://127.0.0.1:8000 that rebuilds on every change
serve: $(VENV)/.deps
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
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[pdf]'
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.deps
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

## npm assets for tests (pinned in package-lock.json): axe-core; the site itself ships no npm code
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

## make quality: budgets of first visits (every page kind) and of a search, at ×1 and ×100, then Lighthouse scores
## (a failed budget fails the target). The ×100 synthetic thesis is made and built once into bench/out/x100.
quality: site $(VENV)/.test-deps chromium
	@test -f bench/out/x100/site/index.html || { $(BIN)/thesis-site synth --scale 100 bench/out/x100 >/dev/null && $(BIN)/thesis-site build bench/out/x100; }
	$(BIN)/python bench/weights.py site bench/out/x100/site
	bash bench/lighthouse.sh site

## make bench: our build next to stock Material and Zensical on the same pages at ×1, ×4, ×20 (tables, bench/results.json)
## BENCH_ARGS="--scales 1,4,20,100 --runs 4,3,2,2 --stock-runs 2,2,1,0 --weights 1,100" adds ×100 (no stock build there).
bench: site $(VENV)/.test-deps chromium $(ZENSICAL)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## make bench-readers: pandoc's docx reader next to mammoth and python-docx on the real Word fixtures
## (what each keeps of equations, notes and citations, and how long it takes); the two live in .venv-readers.
bench-readers: $(VENV)/.deps .venv-readers/.installed
	.venv-readers/bin/python bench/docx_readers.py tests/fixtures/docx/*.docx 2>/dev/null

.venv-readers/.installed:
	$(PYTHON) -m venv .venv-readers
	.venv-readers/bin/pip install -q --disable-pip-version-check mammoth==1.13.0 python-docx==1.2.0 pypandoc-binary==1.17 lxml==6.1.3
	touch $@

## Zensical (Material's successor) for the bench column, in its own virtualenv so it cannot disturb the build's pins.
## 0.0.73 is the newest release installable here: later ones need zensical-ui, which the package index lacks.
$(ZENSICAL):
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/pip install -q --disable-pip-version-check zensical==0.0.73 || echo "Zensical could not be installed: the bench reports why"
