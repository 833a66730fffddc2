"""The explainer on lines it once got wrong or missed, each run with %%npguard in a real shell.

Every row is a line from public code (a data-science handbook's NumPy chapters, a NumPy
exercise collection, everyday pandas) on which an earlier explainer was silent, named the
wrong cause or gave a false reason. The threshold is the default 20 MiB: lines whose
temporaries are a large share of the cell's peak are explained below it, since the user
asked about that very cell.
"""

from __future__ import annotations

import numpy as np
import pytest
from _runcell import peak, same

from npguard_ipython import extension

MiB = 1024**2


def deep(shell, setup: str, cell: str):
    from IPython.utils.capture import capture_output

    with capture_output():
        assert shell.run_cell(setup).success
        result = shell.run_cell("%%npguard\n" + cell, store_history=True)
    assert result.success, result.error_in_exec
    report = extension.get(shell).history.last()
    assert report.mode == "deep"
    return report


def kinds(report) -> dict[int, set[str]]:
    got: dict[int, set[str]] = {}
    for f in report.findings:
        got.setdefault(f.lineno, set()).add(f.kind)
    return got


# (id, setup, cell, {line: kinds}): what each line must be called, and nothing else
ROWS = [
    ("lone-call-discarded", "import numpy as np\nx = np.random.rand(5_000_000)",
     "np.power(x, 3)\ny = 1", {}),
    ("print-of-a-broadcast", "import numpy as np\nA = np.random.rand(120, 120)\nB = np.random.rand(120, 120)",
     "print((A * B[:, :, None]).shape)", {1: {"broadcast-expansion"}}),
    ("create-then-cast-randint", "import numpy as np\nh, w = 1000, 1000",
     "I = np.random.randint(0, 4, (h, w, 3)).astype(np.ubyte)", {1: {"forced-copy"}}),
    ("dot-casts-to-match-a-list", "import numpy as np\nh, w = 1000, 1000\n"
     "I = np.random.randint(0, 4, (h, w, 3), dtype=np.ubyte)",
     "I24 = np.dot(I.astype(np.uint32), [1, 256, 65536])", {1: {"forced-copy", "dtype-upcast"}}),
    ("rebinding-a-live-name", "import numpy as np\na = np.random.rand(4_000_000)\nb = a * 2",
     "b = a * 2", {1: {"out-of-place-update"}}),
    ("add-at-with-searchsorted", "import numpy as np\nx = np.random.rand(4_000_000)\n"
     "bins = np.linspace(0, 1, 100)\ncounts = np.zeros(101, int)",
     "np.add.at(counts, np.searchsorted(bins, x), 1)", {1: {"inside-call"}}),
    ("unique", "import numpy as np\nx = np.random.randint(0, 1000, 4_000_000)", "u = np.unique(x)",
     {1: {"inside-call"}}),
    ("histogram-under-the-threshold", "import numpy as np\nx = np.random.rand(4_000_000)",
     "h, e = np.histogram(x, bins=50)\ns = x.sum()", {1: {"inside-call"}}),
    ("discarded-einsum", "import numpy as np\na = np.random.rand(1000, 1000)",
     "np.einsum('ij,ij->ij', a, a)\ny = 1", {}),
    ("fancy-augmented-assignment", "import numpy as np\nx = np.zeros(1_000_000)\n"
     "i = np.random.default_rng(0).integers(0, 1_000_000, 2_000_000)",
     "x[i] += 1\nx[:10] += 1", {1: {"fancy-index-copy"}}),
    ("pairwise-distances-function-form", "import numpy as np\nrand = np.random.RandomState(42)\nX = rand.rand(1500, 2)",
     "dist_sq = np.sum((X[:, np.newaxis] - X[np.newaxis, :]) ** 2, axis=-1)", {1: {"broadcast-expansion"}}),
]


@pytest.mark.parametrize("name,setup,cell,expected", ROWS, ids=[r[0] for r in ROWS])
def test_each_line_gets_the_right_cause(shell, name, setup, cell, expected):
    report = deep(shell, setup, cell)
    assert kinds(report) == expected, [f.to_dict() for f in report.findings]
    for f in report.findings:
        stat = next(s for s in report.lines if s.lineno == f.lineno)
        # a finding's bytes are what its message explains, and never more than the line measured
        assert f.bytes <= max(stat.temporaries_bytes, stat.peak_bytes) * 1.05 + 128 * 1024, f.to_dict()
        assert "`" in f.message and f.suggestion


def test_a_lone_operation_is_never_a_chain(shell):
    report = deep(shell, "import numpy as np\nx = np.random.rand(5_000_000)", "np.power(x, 3)\ny = 1")
    line = report.lines[0]
    assert line.lineno == 1 and line.temporaries_bytes >= 0.95 * 5_000_000 * 8   # it did spike, and the spike is not a chain
    assert not report.findings


def test_causes_sharing_a_line_share_its_bytes(shell):
    setup = "import numpy as np\nx = np.linspace(0, 5, 2000)\ny = np.linspace(0, 5, 2000)[:, np.newaxis]"
    report = deep(shell, setup, "z = np.sin(x) ** 10 + np.cos(10 + y * x) * np.cos(x)")
    (line,) = report.lines
    assert {f.kind for f in report.findings} == {"chained-ops", "broadcast-expansion"}
    assert sum(f.bytes for f in report.findings) <= 1.05 * line.temporaries_bytes


def test_create_then_cast_says_dtype_at_creation_not_copy_false(shell):
    report = deep(shell, "import numpy as np\nh, w = 1000, 1000",
                  "I = np.random.randint(0, 4, (h, w, 3)).astype(np.ubyte)")
    (f,) = report.findings
    assert "dtype=" in f.suggestion and "pass `copy=False`" not in f.suggestion
    assert f.rewrite == "I = np.random.randint(0, 4, (h, w, 3), dtype=np.ubyte)\n"
    assert abs(f.bytes - 3_000_000 * 8) <= 0.05 * 3_000_000 * 8


def test_dot_explains_the_whole_spike(shell):
    setup = "import numpy as np\nh, w = 1000, 1000\nI = np.random.randint(0, 4, (h, w, 3), dtype=np.ubyte)"
    report = deep(shell, setup, "I24 = np.dot(I.astype(np.uint32), [1, 256, 65536])")
    (line,) = report.lines
    cast = next(f for f in report.findings if f.kind == "dtype-upcast")
    copy = next(f for f in report.findings if f.kind == "forced-copy")
    assert abs(cast.bytes - 3_000_000 * 8) <= 0.05 * 3_000_000 * 8        # uint32 -> int64 inside np.dot
    assert abs(copy.bytes - 3_000_000 * 4) <= 0.05 * 3_000_000 * 4        # the astype
    assert abs(cast.bytes + copy.bytes - line.temporaries_bytes) <= 0.05 * line.temporaries_bytes
    assert "uint32" in cast.message and "int64" in cast.message


def test_rebinding_a_live_name_rewrite_frees_it_first(shell):
    setup = "import numpy as np\na = np.random.default_rng(0).random(4_000_000)\nb = a * 2"
    report = deep(shell, setup, "b = a * 2")
    (f,) = report.findings
    assert f.rewrite == "del b\nb = a * 2\n"
    assert abs(f.bytes - 32_000_000) <= 0.05 * 32_000_000
    before, ns = _traced_peak(setup, "b = a * 2")
    after, ns2 = _traced_peak(setup, f.rewrite)
    assert same(ns["b"], ns2["b"], approx=False)
    assert before >= 0.95 * 32_000_000 and after < 0.05 * before


def _traced_peak(setup: str, code: str) -> tuple[int, dict]:
    """Peak above the start of ``code``, with the setup's arrays traced too (so freeing them counts)."""
    import gc
    import tracemalloc

    ns: dict = {}
    tracemalloc.start()
    try:
        exec(setup, ns)
        gc.collect()
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        exec(code, ns)
        return tracemalloc.get_traced_memory()[1] - base, ns
    finally:
        tracemalloc.stop()


def test_pairwise_distances_function_form_gets_a_chunked_rewrite(shell):
    setup = "import numpy as np\nrand = np.random.RandomState(42)\nX = rand.rand(1500, 2)"
    cell = "dist_sq = np.sum((X[:, np.newaxis] - X[np.newaxis, :]) ** 2, axis=-1)"
    report = deep(shell, setup, cell)
    (f,) = report.findings
    assert f.rewrite is not None and "first axis" not in f.suggestion
    before, ns = peak(setup, cell)
    after, ns2 = peak(setup, f.rewrite)
    assert same(ns["dist_sq"], ns2["dist_sq"], approx=True) and after < 0.85 * before


def test_pandas_constructor_copy_is_inside_call_with_copy_false():
    pd = pytest.importorskip("pandas")
    if int(pd.__version__.split(".")[0]) < 3:
        pytest.skip("pandas before 3 does not copy an ndarray handed to DataFrame")
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "npguard")
    try:
        setup = "import numpy as np, pandas as pd\nrng = np.random.default_rng(0)\nn = 400_000"
        report = deep(shell, setup, "df = pd.DataFrame(rng.random((n, 12)))")
    finally:
        shell.run_line_magic("unload_ext", "npguard")
    (f,) = report.findings
    assert f.kind == "inside-call" and "pd.DataFrame" in f.message
    assert f.rewrite == "df = pd.DataFrame(rng.random((n, 12)), copy=False)\n"
    before, ns = peak(setup, "df = pd.DataFrame(rng.random((n, 12)))")
    after, ns2 = peak(setup, f.rewrite)
    assert ns["df"].equals(ns2["df"]) and after < 0.6 * before


def test_several_fixes_combine_into_one_rewrite_with_a_lower_peak(shell):
    setup = "import numpy as np\nn = 3_000_000\na = np.random.default_rng(0).random(n)"
    cell = "w = np.ones(n).astype(np.float32)\nb = a * 2 + 1\nc = (a ** 2).sum()"
    report = deep(shell, setup, cell)
    fixes = [f for f in report.findings if f.rewrite is not None]
    assert len(fixes) >= 2, [f.to_dict() for f in report.findings]
    assert report.rewrite is not None and report.to_dict()["rewrite"] == report.rewrite
    before, ns = _traced_peak(setup, cell)
    after, ns2 = _traced_peak(setup, report.rewrite)
    for name in ("w", "b", "c"):
        assert same(ns[name], ns2[name], approx=True), name
    assert after < before - 8 * MiB, (before, after)
    best_single = min(_traced_peak(setup, f.rewrite)[0] for f in fixes)
    assert after <= best_single + 128 * 1024
