# Two commands for a newcomer: `make report` builds the demo year, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2015-16
STAMP := $(VENV)/.installed

.PHONY: install test report lab clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(BIN)/ruff check src tests notebooks
	$(BIN)/ruff format --check src tests
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks/

report: $(STAMP)
	$(BIN)/iru-report build --year $(YEAR)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) outputs/*/
