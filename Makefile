# npguard: `make demo` runs every notebook in notebooks/ in a real kernel; `make test` runs the
# suite, including a browser test (JupyterLab driven by Debian's Chromium through Playwright).
# Both create .venv on first use and install everything a fresh machine needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-oldest fuzz venv clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel

# Reinstall whenever the project's metadata or build changes, or the counter's C source (the
# editable install builds it in the tree).
COUNTER_SRC := $(wildcard npguard/*.c npguard/*.h)
$(VENV)/.installed-notebook: pyproject.toml $(wildcard setup.py) $(COUNTER_SRC) | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[notebook]' nbclient nbconvert nbformat
	touch $@

$(VENV)/.installed-test: pyproject.toml $(wildcard setup.py) $(COUNTER_SRC) | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed-notebook

venv: $(VENV)/.installed-test

# The browser test drives Debian's Chromium: Playwright's own browser download
# needs more of the internet than a build machine may have. Does nothing when present.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "installing Debian's chromium for the browser test"; \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

demo: $(VENV)/.installed-notebook
	$(BIN)/python scripts/demo.py

# NPGUARD_REQUIRE_COUNTER makes a silently failed build of the NumPy counter a
# test failure rather than a skip. The later steps install the package into a NumPy 1.26
# venv and run the counter's tests there, then run the shell-facing and analysis tests on
# the oldest supported pair, IPython 8 with NumPy 1.26 (npguard supports IPython 8 and 9,
# NumPy 1.24+ and 2.x).
test: $(VENV)/.installed-test chromium
	NPGUARD_REQUIRE_COUNTER=1 NPGUARD_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)
	scripts/test_numpy1.sh .venv-np1
	$(MAKE) --no-print-directory test-oldest

.venv-oldest/.installed:
	$(PYTHON) -m venv .venv-oldest
	.venv-oldest/bin/python -m pip install -q "ipython>=8,<9" "numpy==1.26.*" "psutil>=5.9" pytest hypothesis
	touch $@

# The in-tree build of the counter (made by the editable install above, against NumPy 2
# headers with the 1.22 C API as its target) serves this venv too.
test-oldest: $(VENV)/.installed-test .venv-oldest/.installed
	PYTHONPATH=$(CURDIR) NPGUARD_REQUIRE_COUNTER=1 .venv-oldest/bin/python -m pytest -q -p no:cacheprovider \
		tests/test_shell.py tests/test_deep.py tests/test_hardening.py tests/test_cases_shell.py \
		tests/test_script_api.py tests/test_numpy_counter.py tests/test_terminal.py \
		tests/test_static.py tests/test_cases.py tests/test_explain.py tests/test_explainer_examples.py \
		tests/test_hazards.py

# Property tests with many fresh examples, on NumPy 2 and on the oldest supported pair: for
# hunting, never part of `make test` (CI runs the same tests derandomized). FUZZ_ARGS passes
# more, e.g. FUZZ_ARGS=--hypothesis-seed=1 to replay a run.
FUZZ_ARGS ?=
fuzz: $(VENV)/.installed-test .venv-oldest/.installed
	$(BIN)/python -m pytest -m property --hypothesis-profile=fuzz --hypothesis-show-statistics -q $(FUZZ_ARGS)
	PYTHONPATH=$(CURDIR) .venv-oldest/bin/python -m pytest -p no:cacheprovider -m property \
		--hypothesis-profile=fuzz -q tests/test_static.py $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) .venv-np1 .venv-oldest build out tests/artifacts *.egg-info
