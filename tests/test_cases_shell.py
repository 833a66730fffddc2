"""The cases table end to end: each cell run with %%npguard in a real InteractiveShell.

Deep mode measures every line (NumPy counter), predicts from the live shapes at each
line's first allocation, and explains. Findings must name exactly the expected kinds on the
expected lines; a finding's bytes come from the measured per-line figures, so they
must match the arrays' nbytes closely (elided temporaries are not counted).
"""

from __future__ import annotations

import numpy as np
import pytest
from cases import CASES, Case

from npguard_ipython import extension


#: Where measuring changes the verdict. ``x = x * 2`` with a view ``y = x[:10]`` alive:
#: the view keeps the old x, so nothing is transient (net +1 array, temporaries 0) and the
#: measured figures overrule the predicted out-of-place update.
MEASURED_OVERRIDES: dict[str, dict[int, set[str]]] = {"rebind_with_a_view_alive": {}}


@pytest.fixture
def deep_shell(shell):
    shell.run_line_magic("config", "NpguardMagics.threshold = '1 MiB'")
    yield shell
    for name in list(shell.user_ns):
        if isinstance(shell.user_ns[name], np.ndarray):
            del shell.user_ns[name]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_through_deep_mode(deep_shell, case: Case):
    from IPython.utils.capture import capture_output

    shell = deep_shell
    with capture_output():
        assert shell.run_cell(case.setup).success
        result = shell.run_cell("%%npguard\n" + case.cell, store_history=True)
    assert result.success, result.error_in_exec
    report = extension.get(shell).history.last()
    assert report.mode == "deep"
    got: dict[int, set[str]] = {}
    for f in report.findings:
        got.setdefault(f.lineno, set()).add(f.kind)
    expected = MEASURED_OVERRIDES.get(case.name, case.expected)
    assert got == expected, [f.to_dict() for f in report.findings]
    if case.bytes_of is not None and expected:
        lineno, kind, expr, mult = case.bytes_of
        want = eval(expr, shell.user_ns).nbytes * mult
        f = next(f for f in report.findings if (f.lineno, f.kind) == (lineno, kind))
        # Measured by the NumPy counter, exact for NumPy buffers; 5% + 128 KiB allows for
        # small arrays made on the same line (a mean's row, a 0-d fill value, a ufunc's buffer).
        assert f.bytes == pytest.approx(want, rel=0.05, abs=128 * 1024), (f.to_dict(), want)
    assert bool([f for f in report.findings if f.rewrite]) == (case.rewrite and bool(expected))
