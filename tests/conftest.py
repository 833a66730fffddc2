"""Shared fixtures: a real IPython shell with npguard loaded, and size helpers."""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import re

import pytest
from hypothesis import HealthCheck, is_hypothesis_test, settings

# Property tests: the same examples on every CI run (a submission must not pass or fail by
# chance), fresh ones on a developer's machine, and many fresh ones under `make fuzz`
# (`--hypothesis-profile=fuzz`). A failure prints the blob that replays it; every failing
# example found by exploring is kept as an @example row of its test.
_SLOW = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None,
                          suppress_health_check=_SLOW)
settings.register_profile("dev", deadline=None, print_blob=True, suppress_health_check=_SLOW)
settings.register_profile("fuzz", max_examples=20_000, deadline=None, print_blob=True,
                          suppress_health_check=_SLOW)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_collection_modifyitems(items):
    """Mark every property test ``property``, so `make fuzz` can select them."""
    for item in items:
        if is_hypothesis_test(getattr(item, "obj", None)):
            item.add_marker(pytest.mark.property)

MiB = 1024**2


def _pin_malloc_mmap_threshold() -> None:
    """Keep glibc from raising its mmap threshold as the suite runs.

    After a large block is freed, glibc raises the size above which it maps fresh
    memory (up to 32 MiB), so a later array below that size is served from heap
    memory that is already resident and RSS does not rise at all: tests comparing
    RSS with ``nbytes`` then pass or fail by the order they run in. Setting the
    threshold pins it at glibc's default (128 KiB) and turns the adjustment off.
    """
    try:
        ctypes.CDLL("libc.so.6").mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):  # not glibc: nothing to pin
        pass


_pin_malloc_mmap_threshold()
_SIZE = re.compile(r"([+-]?\d+(?:\.\d+)?) (B|KiB|MiB|GiB)")
_FACTOR = {"B": 1, "KiB": 1024, "MiB": MiB, "GiB": 1024**3}


def parse_size(text: str) -> float:
    m = _SIZE.search(text)
    assert m, f"no size in {text!r}"
    return float(m.group(1)) * _FACTOR[m.group(2)]


def figure(line: str, name: str) -> float:
    """The size after ``name`` in a summary line, e.g. ``figure(line, "temporaries")``."""
    m = re.search(re.escape(name) + r" ([+-]?\d+(?:\.\d+)? (?:B|KiB|MiB|GiB))", line)
    assert m, f"no {name!r} figure in {line!r}"
    return parse_size(m.group(1))


@pytest.fixture(scope="session")
def ipshell():
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


@pytest.fixture
def shell(ipshell):
    """The shell with npguard freshly loaded, unloaded again after the test."""
    from npguard_ipython import extension

    before = set(ipshell.user_ns)
    ipshell.run_line_magic("load_ext", "npguard")
    ext = extension.get(ipshell)
    assert ext is not None
    ext.magics.threshold = "20 MiB"
    yield ipshell
    ipshell.run_line_magic("unload_ext", "npguard")
    ipshell.config.pop("NpguardMagics", None)
    # Each test starts from the same namespace: names a test bound (and the arrays
    # they hold) must not change the next test's measurements.
    for name in set(ipshell.user_ns) - before:
        del ipshell.user_ns[name]
    gc.collect()


class Run:
    """What one cell printed and displayed."""

    def __init__(self, result, captured):
        self.result = result
        self.stdout = captured.stdout
        self.stderr = captured.stderr
        self.outputs = captured.outputs

    def npguard_texts(self) -> list[str]:
        return [o.data["text/plain"] for o in self.outputs
                if "text/plain" in o.data and o.data["text/plain"].startswith("npguard")]

    def summary(self) -> str:
        texts = self.npguard_texts()
        assert len(texts) == 1, f"expected one npguard report, got {texts!r}"
        return summary_of(texts[0])


def summary_of(text: str) -> str:
    """A report's summary line, joined again where the terminal's width wrapped it (4-column hang)."""
    lines = text.splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        if not (line.startswith("    ") and line[4:5].strip()):
            break
        out.append(line.strip())
    return " ".join(out)


@pytest.fixture
def run(shell):
    from IPython.utils.capture import capture_output

    def run_cell(source: str) -> Run:
        with capture_output() as captured:
            result = shell.run_cell(source, store_history=True)
        return Run(result, captured)

    return run_cell


class _Retries(logging.Handler):
    """Collects the explainer's logged retries (an explanation that raised on the cell's source)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(self.format(record))


@pytest.fixture(autouse=True)
def no_hidden_explainer_errors():
    """The explainer retries without the source rather than fail a report; in the suite a retry
    is a bug in the explainer, so any test that caused one fails with the traceback."""
    log = logging.getLogger("npguard.explain")
    handler, level = _Retries(), log.level
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    assert not handler.seen, "the explainer raised and retried:\n" + "\n".join(handler.seen)
