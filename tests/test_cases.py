"""Every case of tests/cases.py through the real predictor and explain(), with real NumPy.

Findings must name exactly the expected kinds on the expected lines, with bytes close to the
arrays involved; every rewrite must give the same values for every name and need less memory
(tracemalloc peak) than the cell it replaces.
"""

from __future__ import annotations

import numpy as np
import pytest
from _runcell import bound_names, namespace, peak, same
from cases import CASES, Case

from npguard import static
from npguard.explain import explain
from npguard.units import MiB

THRESHOLD = 1 * MiB


def _findings(case: Case):
    ns = namespace(case.setup)
    prediction = static.analyze_cell(case.cell, ns)
    return ns, explain(prediction, threshold=THRESHOLD, source=case.cell, namespace=ns)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_kinds_lines_and_bytes(case: Case):
    ns, findings = _findings(case)
    got: dict[int, set[str]] = {}
    for f in findings:
        got.setdefault(f.lineno, set()).add(f.kind)
        assert f.message and f.suggestion
    assert got == case.expected, [f.to_dict() for f in findings]
    if case.bytes_of is not None:
        lineno, kind, expr, mult = case.bytes_of
        want = eval(expr, ns).nbytes * mult
        f = next(f for f in findings if (f.lineno, f.kind) == (lineno, kind))
        assert 0.5 * want <= f.bytes <= 2.5 * want, (f.bytes, want)
    rewrites = [f.rewrite for f in findings if f.rewrite is not None]
    assert bool(rewrites) == case.rewrite, [f.to_dict() for f in findings]


REWRITING = [c for c in CASES if c.rewrite]


@pytest.mark.parametrize("case", REWRITING, ids=[c.name for c in REWRITING])
def test_rewrites_keep_values_and_lower_thepeak(case: Case):
    _, findings = _findings(case)
    rewrites = [f.rewrite for f in findings if f.rewrite is not None]
    assert rewrites
    before, ns_cell = peak(case.setup, case.cell)
    # the cell's own names, and every array the setup made (a view must not change them)
    names = bound_names(case.cell) | {k for k, v in ns_cell.items() if isinstance(v, np.ndarray)}
    for rewrite in rewrites:
        compile(rewrite, "<rewrite>", "exec")
        after, ns_new = peak(case.setup, rewrite)
        approx = "einsum" in rewrite or "range(0, len(" in rewrite
        for name in sorted(names):
            assert name in ns_new, (name, rewrite)
            assert same(ns_cell[name], ns_new[name], approx), (name, rewrite)
        assert after < before, (after, before, rewrite)
