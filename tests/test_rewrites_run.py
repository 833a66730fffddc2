"""The rewrite cases of tests/cases.py with hand-built predictions, run for real.

This checks explain()'s rewrites against NumPy without depending on the predictor: each
rewrite must give the same values for every name and a lower tracemalloc peak.
"""

from __future__ import annotations

import pytest
from _prediction import cell, info, stmt, temp
from cases import CASES, Case
from _runcell import bound_names, namespace, peak, same

import numpy as np

from npguard.explain import explain
from npguard.units import MiB

THRESHOLD = 1 * MiB

A = (1000, 1250)


def _predict(case: Case):
    src = case.cell
    t, s = temp, lambda line, *ts, **kw: stmt(src, line, *ts, **kw)
    return {
        "seed_chain": lambda: cell(s(1, t(1, "a * 2", A, "chained-ops"),
                                     t(1, "a.mean(axis=0)", (1250,), "chained-ops"),
                                     result=info(A))),
        "ufunc_of_a_temporary": lambda: cell(s(1, t(1, "a * 2", A, "chained-ops", span=(1, 11, 1, 16)),
                                               result=info(A))),
        "power_sum_einsum": lambda: cell(s(1, t(1, "a**2", A, "chained-ops"))),
        "product_sum_axis_einsum": lambda: cell(s(1, t(1, "a * b", A, "chained-ops"))),
        "pairwise_distances": lambda: cell(s(1, t(1, "x[:, None, :] - y[None, :, :]", (1000, 1000, 4),
                                                  "broadcast-expansion"), result=info((1000, 1000)))),
        "seed_ascontiguous_transpose": lambda: cell(s(1, t(1, "np.ascontiguousarray(a.T)", A[::-1],
                                                           "forced-copy"), result=info(A[::-1]))),
        "seed_copy_of_transposed": lambda: cell(s(1, t(1, "bt.copy()", A[::-1], "forced-copy"),
                                                  result=info(A[::-1]))),
        "astype_same_dtype": lambda: cell(s(1, t(1, "a.astype(np.float64)", A, "forced-copy"),
                                            result=info(A))),
        "create_then_cast": lambda: cell(s(1, t(1, "np.ones(4_000_000)", (4_000_000,), "forced-copy",
                                                creation="np.ones(4_000_000)", cast_from="float64"),
                                           result=info((4_000_000,), "float32"))),
        "np_array_of_array": lambda: cell(s(1, t(1, "np.array(a)", A, "forced-copy"), result=info(A))),
        "arange_index_is_a_slice": lambda: cell(s(1, t(1, "a[np.arange(100, 900)]", (800, 1250),
                                                       "fancy-index-copy"), result=info((800, 1250)))),
        "append_in_loop": lambda: cell(s(3, t(3, "np.append(out, a[i])", (500_000,), "growing-array"),
                                         loop_count=400)),
        "vstack_in_loop": lambda: cell(s(3, t(3, "np.vstack([rows, a[i]])", (400, 1250), "growing-array"),
                                         loop_count=399)),
        "rebind_times_two": lambda: cell(s(2, t(2, "b", A, "out-of-place-update", in_place_safe=True),
                                           result=info(A))),
        "sqrt_rebinding": lambda: cell(s(1, t(1, "x", A, "out-of-place-update", in_place_safe=True),
                                         result=info(A))),
    }[case.name]()


REWRITING = [c for c in CASES if c.rewrite]


@pytest.mark.parametrize("case", REWRITING, ids=[c.name for c in REWRITING])
def test_hand_predicted_rewrite_runs(case: Case):
    ns = namespace(case.setup)
    findings = explain(_predict(case), threshold=THRESHOLD, source=case.cell, namespace=ns)
    rewrites = [f.rewrite for f in findings if f.rewrite is not None]
    assert rewrites, [f.to_dict() for f in findings]
    before, ns_cell = peak(case.setup, case.cell)
    names = bound_names(case.cell) | {k for k, v in ns_cell.items() if isinstance(v, np.ndarray)}
    for rewrite in rewrites:
        after, ns_new = peak(case.setup, rewrite)
        approx = "einsum" in rewrite or "range(0, len(" in rewrite
        for name in sorted(names):
            assert same(ns_cell[name], ns_new[name], approx), (name, rewrite)
        assert after < before, (after, before, rewrite)
