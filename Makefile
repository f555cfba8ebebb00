# Two commands for a newcomer: `make report` builds the demo year, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2015-16
MONTH ?= 2016-03
STAMP := $(VENV)/.installed
# the browser checks' npm packages (package.json: axe-core, playwright-core), where npm is installed
NODE_STAMP := $(if $(shell command -v npm),node_modules/.installed)

.PHONY: install test report monthly screenshots lab clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check src tests notebooks
	$(BIN)/ruff format --check src tests
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks/

report: $(STAMP)
	$(BIN)/iru-report build --year $(YEAR)

# the monthly practice report of MONTH (a month of YEAR), in outputs/<year>/monthly/<month>/
monthly: $(STAMP)
	$(BIN)/iru-report build --year $(YEAR) --month $(MONTH)

# the built report's HTML (1280 and 320 px wide) and PDF pages as PNG, in outputs/screenshots/<year>/
screenshots: report $(NODE_STAMP)
	$(BIN)/python -m iru_analysis.report.screenshots --year $(YEAR)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) node_modules outputs/*/
