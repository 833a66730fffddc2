# npguard: `make demo` runs the quickstart notebook in a real kernel; `make test` runs the suite.
# Both create .venv on first use and install everything a fresh machine needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel

# Reinstall whenever the project's metadata or build changes.
$(VENV)/.installed-notebook: pyproject.toml $(wildcard setup.py) | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[notebook]' nbclient nbconvert nbformat
	touch $@

$(VENV)/.installed-test: pyproject.toml $(wildcard setup.py) | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed-notebook

venv: $(VENV)/.installed-test

demo: $(VENV)/.installed-notebook
	$(BIN)/python scripts/demo.py notebooks/quickstart.ipynb

# NPGUARD_REQUIRE_COUNTER makes a silently failed build of the NumPy counter a
# test failure rather than a skip; the second step runs the counter's tests on NumPy 1.26.
test: $(VENV)/.installed-test
	NPGUARD_REQUIRE_COUNTER=1 $(BIN)/python -m pytest $(PYTEST_ARGS)
	scripts/test_numpy1.sh .venv-np1

clean:
	rm -rf $(VENV) .venv-np1 build out tests/artifacts *.egg-info
