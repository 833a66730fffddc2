"""The explainer on the real snippets of tests/corpus.py, each run with %%npguard in a real shell.

Invariants that hold for every line of code nobody here wrote, and the share of lines with
at least 1 MiB of temporaries that get a named cause (printed, and held at its floor so it
can only rise): a finding never claims more bytes than its line measured, a pandas object
never gets a NumPy kind, and every rewrite offered runs and gives the same values with a
lower peak.
"""

from __future__ import annotations

import numpy as np
import pytest
from _runcell import bound_names, peak, same
from corpus import CORPUS

from npguard_ipython import extension

MiB = 1024**2
#: Lines of the corpus with >= 1 MiB of temporaries that get a finding, at least (measured: 51 of 76).
EXPLAINED_FLOOR = 0.65

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def reports():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "npguard")
    out = {}
    try:
        for snippet in CORPUS:
            with capture_output():
                assert shell.run_cell(snippet.setup).success, snippet.id
                result = shell.run_cell("%%npguard\n" + snippet.cell, store_history=True)
            assert result.success, (snippet.id, result.error_in_exec)
            out[snippet.id] = extension.get(shell).history.last()
            for name in [n for n, v in shell.user_ns.items() if isinstance(v, (np.ndarray, pd.DataFrame, pd.Series))]:
                del shell.user_ns[name]
    finally:
        shell.run_line_magic("unload_ext", "npguard")
    return out


def test_findings_never_claim_more_than_their_line_measured(reports):
    for sid, report in reports.items():
        for f in report.findings:
            if f.hazard:  # about values or speed, on lines that may allocate nothing
                continue
            stat = next(s for s in report.lines if s.lineno == f.lineno)
            assert f.bytes <= max(stat.temporaries_bytes, stat.peak_bytes) * 1.05 + 128 * 1024, (sid, f.to_dict())


def test_lines_with_temporaries_get_a_cause(reports):
    big = explained = 0
    for report in reports.values():
        named = {f.lineno for f in report.findings}
        for stat in report.lines:
            if stat.temporaries_bytes >= MiB:
                big += 1
                explained += stat.lineno in named
    print(f"corpus: {explained} of {big} lines with >= 1 MiB of temporaries explained")
    assert big >= 60 and explained / big >= EXPLAINED_FLOOR


def test_pandas_lines_get_no_numpy_kind(reports):
    for snippet in CORPUS:
        if not snippet.id.startswith("pd-"):
            continue
        for f in reports[snippet.id].findings:
            if f.kind != "out-of-place-update" and not f.hazard:
                assert f.kind == "inside-call", (snippet.id, f.to_dict())


def test_every_rewrite_runs_gives_the_same_values_and_a_lower_peak(reports):
    offered = lower = 0
    for snippet in CORPUS:
        for f in reports[snippet.id].findings:
            if f.rewrite is None:
                continue
            offered += 1
            before, ns = peak(snippet.setup, snippet.cell)
            after, ns2 = peak(snippet.setup, f.rewrite)
            for name in bound_names(snippet.cell):
                assert _equal(ns[name], ns2[name]), (snippet.id, name)
            # never higher; strictly lower unless another line of the cell sets its peak
            assert after <= before + 64 * 1024, (snippet.id, f.kind, before, after)
            lower += after < before - MiB
    print(f"corpus: {offered} rewrites offered, all valid, {lower} lower the cell's own peak")
    assert offered >= 3 and lower >= offered // 2


def _equal(a, b) -> bool:
    if isinstance(a, (pd.DataFrame, pd.Series)):
        return a.equals(b)
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (np.ndarray, np.generic, int, float, complex)):
        return same(a, b, approx=True)
    return True   # functions, generators: nothing to compare
