"""The script API in plain Python: watchers, registered arrays, report(), suggest(), watch, last().

Sizes are checked against ``nbytes``. The NumPy counter and tracemalloc see the
bytes NumPy asked for, so a block that only allocates one array is exact to the
byte; RSS counts whole touched pages plus the interpreter's own small
allocations, so it gets 5%.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
import tracemalloc
import types
from pathlib import Path

import numpy as np
import pytest

import npguard
from npguard.static import CellPrediction
from npguard import api, numpy_counter
from npguard.arrays import Registry
from npguard.meter import Meter
from npguard.model import Finding
from npguard.units import format_bytes

ROOT = Path(__file__).resolve().parents[1]
N = 5_000_000  # float64: 38.1 MiB, above the default 20 MiB threshold
NBYTES = np.ones(N).nbytes
SCALAR = 64  # np.ones(n) = np.empty(n) filled from a 0-d array of 1: 16 bytes, with room to spare

needs_counter = pytest.mark.skipif(not numpy_counter.AVAILABLE, reason="the NumPy counter was not built")


@pytest.fixture(autouse=True)
def fresh():
    npguard.reset()
    yield
    npguard.reset()


def run_script(code: str, tmp_path: Path) -> str:
    """Run ``code`` as a file in a fresh interpreter, as a user's script would run."""
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent(code))
    return run_file(path, cwd=tmp_path)


def run_file(path: Path, cwd: Path) -> str:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def printed(fn, *args, **kwargs) -> str:
    buf = io.StringIO()
    fn(*args, file=buf, **kwargs)
    return buf.getvalue()


# -- the seed README's example -------------------------------------------------------------------


@needs_counter
def test_seed_example_runs_as_a_script_with_real_figures():
    out = run_file(ROOT / "examples" / "matrix_pipeline.py", cwd=ROOT)
    a_bytes = np.empty((10_000, 100)).nbytes
    assert out.startswith("[npguard] Memory Watch: matrix_pipeline\n")
    assert "block: examples/matrix_pipeline.py, lines 7-14" in out
    for section in ("Peak above start:", "Estimated temporaries:", "Kept after the block:",
                    "[npguard] Registered arrays: 3 live", "[npguard] Suggestions:"):
        assert section in out
    # a, b and c are what the block keeps; the counter sees them to the byte.
    numpy_row = next(line for line in out.splitlines() if line.strip().startswith("NumPy "))
    assert numpy_row.split()[1:4] == ["0", "B", format_bytes(3 * a_bytes).split()[0]]
    assert f"holding {format_bytes(3 * a_bytes)}" in out
    table = {line.split()[0]: line for line in out.splitlines() if re.match(r"  [abc] ", line)}
    for name in "abc":
        assert format_bytes(a_bytes) in table[name]
    assert table["a"].endswith("owns its data") and table["b"].endswith("owns its data")
    assert table["c"].endswith("copy (same values as b.T)")
    # The block keeps what it peaked at: no memory pressure (the original called a, b and c
    # "temporaries"). Only its bookkeeping and the 800 B mean were transient.
    assert "No memory pressure" in out and "Memory pressure detected" not in out
    assert not re.search(r"\d MB\b", out) and "Python peak diff" not in out


@needs_counter
def test_pressure_section_and_figures_in_a_script(tmp_path):
    out = run_script(f"""
        import numpy as np
        import npguard as ng

        a = np.ones(({N // 100}, 100))
        with ng.memory_watcher("pipeline"):
            b = a * 2 + a.mean(axis=0) - 1
        ng.report()
        ng.suggest()
        m = ng.last().measurement
        print("numpy", m.numpy.before, m.numpy.after, m.numpy.peak)
    """, tmp_path)
    assert "\u26a0\ufe0f  Memory pressure detected: temporaries " + format_bytes(NBYTES) in out
    before, after, peak = map(int, out.split("numpy ")[-1].split())
    # b stays, and one more array of its size existed only inside the expression: a * 2
    # and the broadcast "+ mean" each need a full-size result, while NumPy reuses the
    # second in place for "- 1" (temporary elision). Besides those, the counter sees only
    # small buffers (the 800-byte row of means, 16-byte scalars): 1 KiB of slack.
    assert after - before == pytest.approx(NBYTES, abs=1024)
    assert peak - after == pytest.approx(NBYTES, abs=1024)


# -- measuring -----------------------------------------------------------------------------------


@needs_counter
def test_a_spike_is_measured_exactly_by_the_counter_and_within_5_percent_by_rss():
    with npguard.memory_watcher("spike"):
        x = np.ones(N)
        del x
    r = npguard.last()
    m = r.measurement
    assert r.mode == "block" and r.label == "spike" and r.error is None
    assert m.numpy.rise == pytest.approx(NBYTES, abs=SCALAR) and m.numpy.net == 0
    assert m.temporaries_bytes == pytest.approx(NBYTES, abs=SCALAR)
    assert m.rss.rise == pytest.approx(NBYTES, rel=0.05)
    assert m.sources["numpy"] == "counter"


@needs_counter
def test_nested_watchers_keep_the_outer_peak():
    with npguard.memory_watcher("outer"):
        x = np.ones(N)
        del x  # the outer peak happens before the inner block resets the marks
        with npguard.memory_watcher("inner"):
            y = np.ones(N // 4)
            del y
    outer = npguard.last()
    inner = api._state.blocks[-2].report
    assert (outer.label, inner.label) == ("outer", "inner")
    assert inner.measurement.numpy.rise == pytest.approx(NBYTES // 4, abs=SCALAR)
    assert outer.measurement.numpy.rise == pytest.approx(NBYTES, abs=SCALAR)
    assert outer.measurement.rss.rise == pytest.approx(NBYTES, rel=0.05)
    text = printed(npguard.report)
    assert text.index("Memory Watch: outer") < text.index("Memory Watch: inner")


@needs_counter
def test_a_watcher_inside_another_meters_span_keeps_that_span_peak():
    # The IPython extension has its own meter: a watched block inside a watched cell.
    numpy_counter.install()
    try:
        cell_meter = Meter()
        span = cell_meter.begin()
        x = np.ones(N)
        del x
        with npguard.memory_watcher("in a cell"):
            y = np.ones(N // 4)
            del y
        m = cell_meter.end(span)
    finally:
        numpy_counter.uninstall()
    assert m.numpy.rise == pytest.approx(NBYTES, abs=SCALAR)
    assert m.rss.rise == pytest.approx(NBYTES, rel=0.05)


@needs_counter
def test_a_raising_block_is_recorded_and_leaves_no_state_behind():
    installed = numpy_counter.is_installed()
    with pytest.raises(ZeroDivisionError):
        with npguard.memory_watcher("boom"):
            x = np.ones(N)
            1 / 0
    r = npguard.last()
    assert r.error == "ZeroDivisionError: division by zero"
    assert r.measurement.numpy.net == NBYTES  # x is still alive
    assert api._state.meter._open == []
    assert numpy_counter.is_installed() == installed
    del x
    with npguard.memory_watcher("after"):
        pass
    assert npguard.last().label == "after"
    assert "raised ZeroDivisionError: division by zero" in printed(npguard.report, "boom")


def test_a_users_tracemalloc_stays_on_and_adds_its_figures():
    tracemalloc.start()
    try:
        with npguard.memory_watcher("traced"):
            x = np.ones(N)
            del x
        assert tracemalloc.is_tracing()
        traced = npguard.last().measurement.traced
    finally:
        tracemalloc.stop()
    # tracemalloc also sees the interpreter's own small allocations: 64 KiB of slack.
    assert traced.rise == pytest.approx(NBYTES, abs=64 * 1024)
    assert npguard.last().to_dict()["sources"]["traced"] == "tracemalloc"


def test_without_tracemalloc_the_report_says_why_traced_is_missing():
    assert not tracemalloc.is_tracing()
    with npguard.memory_watcher("untraced"):
        pass
    assert tracemalloc.is_tracing() is False
    assert "tracemalloc not measured: tracemalloc is off (call tracemalloc.start() before the block" \
        in " ".join(printed(npguard.report).split())  # as wrapped to the terminal's width


@needs_counter
def test_threshold_decides_memory_pressure():
    with npguard.memory_watcher("small", threshold="1 MiB"):
        x = np.ones(N // 10)  # 3.8 MiB
        del x
    assert "Memory pressure detected: temporaries 3.8 MiB reached the 1.0 MiB threshold" in printed(npguard.report)
    with npguard.memory_watcher("default"):
        x = np.ones(N // 10)
        del x
    assert "No memory pressure: temporaries 3.8 MiB, under the 20.0 MiB threshold" in printed(npguard.report, "default")
    with pytest.raises(ValueError, match="cannot read '20 MBs' as a size"):
        npguard.memory_watcher("bad", threshold="20 MBs")


def test_record_is_a_cell_record_with_the_blocks_source():
    a = np.ones(1000)
    with npguard.memory_watcher("json"):
        b = a * 2
        c = b + 1
    d = npguard.last().to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["mode"] == "block" and d["label"] == "json" and d["execution_count"] is None
    assert d["source"] == "b = a * 2\nc = b + 1\n"
    assert set(d) >= {"rss", "numpy", "traced", "temporaries_bytes", "findings", "notes", "sources"}


def test_repeated_runs_of_one_label_are_summarised():
    for n in (1000, 300_000, 2000):
        with npguard.memory_watcher("loop"):
            x = np.ones(n)
            del x
    text = printed(npguard.report)
    assert text.count("Memory Watch: loop") == 1
    assert "(3 runs; the one with the most temporaries)" in text


def test_report_and_suggest_before_anything_was_watched():
    assert " ".join(printed(npguard.report).split()).startswith("[npguard] Nothing watched yet: wrap code in "
                                              "`with npguard.memory_watcher(\"name\"):`")
    assert printed(npguard.suggest) == "[npguard] Suggestions: nothing watched yet, so nothing to suggest.\n"
    assert npguard.last() is None


def test_a_terminal_that_cannot_show_the_warning_sign():
    with npguard.memory_watcher("ascii", threshold=0):
        x = np.ones(1000)
        del x
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    npguard.report(file=stream)
    stream.flush()
    assert b"(!)  Memory pressure detected" in raw.getvalue()


# -- the block's source, and the explainer ---------------------------------------------------------


class FakeExplainer:
    """Stands in for npguard.static / npguard.explain: records what it was given."""

    def __init__(self, findings=()):
        self.findings = tuple(findings)
        self.calls = []
        self.static = types.ModuleType("npguard.static")
        self.static.analyze_cell = self.analyze_cell
        self.explain_module = types.ModuleType("npguard.explain")
        self.explain_module.explain = self.explain
        self.explain_module.discarded = lambda source, lines, findings, namespace=None, prediction=None: ()

    def analyze_cell(self, source, namespace, *, first_lineno=1):
        self.calls.append({"source": source, "names": set(namespace), "first_lineno": first_lineno,
                           "shape": getattr(namespace.get("a"), "shape", None)})
        return PREDICTION

    def explain(self, prediction, *, lines=(), measurement=None, threshold, source, namespace=None):
        assert prediction is PREDICTION and measurement is not None
        self.calls[-1]["threshold"] = threshold
        self.calls[-1]["namespace_passed"] = namespace is not None
        return self.findings


PREDICTION = CellPrediction()


@pytest.fixture
def explainer(monkeypatch):
    finding = Finding("chained-ops", 1, NBYTES, "a * 2 + 1 made a full-size temporary",
                      "write b = a * 2; b += 1", "b = a * 2\nb += 1")
    fake = FakeExplainer([finding])
    monkeypatch.setitem(sys.modules, "npguard.static", fake.static)
    monkeypatch.setitem(sys.modules, "npguard.explain", fake.explain_module)
    return fake


def with_line(fn) -> int:
    """The file line of the first ``with`` statement in ``fn``."""
    import inspect

    lines, start = inspect.getsourcelines(fn)
    return start + next(i for i, line in enumerate(lines) if line.strip().startswith("with "))


@needs_counter
def test_findings_reach_report_and_suggest_with_file_line_numbers(explainer):
    def pipeline():
        a = np.ones(N)
        with npguard.memory_watcher(
            "explained",
        ):
            b = a * 2 + 1
            del b
        return a

    pipeline()
    call, = explainer.calls
    first = with_line(pipeline) + 3
    assert call["source"] == "b = a * 2 + 1\ndel b\n"
    assert call["first_lineno"] == 1  # the record counts lines of its own source, as a cell does
    assert call["shape"] == (N,) and "np" in call["names"]  # locals at block end, then globals
    assert call["threshold"] == 20 * 1024**2 and call["namespace_passed"]
    report = printed(npguard.report)
    assert f"Likely cause: chained NumPy operations (line {first}, 38.1 MiB)" in report
    suggestions = printed(npguard.suggest)
    assert f"\u2022 explained, line {first} (chained-ops, 38.1 MiB): write b = a * 2; b += 1" in suggestions
    assert "        b += 1" in suggestions


def test_a_quiet_block_is_not_analysed(explainer):
    with npguard.memory_watcher("quiet"):
        x = np.ones(10)
    assert explainer.calls == []
    assert "nothing to suggest: its peak and temporaries stayed under the 20.0 MiB threshold" \
        in " ".join(printed(npguard.suggest).split())


@needs_counter
def test_source_that_cannot_be_read_is_measured_and_says_why():
    code = "import numpy as np, npguard\nwith npguard.memory_watcher('exec'):\n    x = np.ones(%d)\n    del x\n" % N
    exec(compile(code, "<generated>", "exec"), {})
    r = npguard.last()
    assert r.measurement.numpy.rise == pytest.approx(NBYTES, abs=SCALAR) and r.source == ""
    assert r.unexplained.startswith("no source for <generated>")
    assert any(n.startswith("not explained: no source for <generated>") for n in r.to_dict()["notes"])
    assert "exec: no suggestions: no source for <generated>" in printed(npguard.suggest)


def test_single_line_and_nested_with_bodies():
    with npguard.memory_watcher("one line"): x = 1  # noqa: E701
    assert npguard.last().source == "x = 1\n"
    with npguard.memory_watcher("outer"):
        y = 1
        with npguard.memory_watcher("inner"):
            z = y + 1
    assert api._state.blocks[-2].report.source == "z = y + 1\n"
    assert npguard.last().source.startswith("y = 1\nwith npguard.memory_watcher(\"inner\"):\n    z = y + 1")


# -- watch -------------------------------------------------------------------------------------------


def test_watch_keeps_name_and_doc_and_records_each_call():
    @npguard.watch
    def make(n):
        """Make an array."""
        return np.ones(n)

    @npguard.watch("labelled")
    def other():
        """Other."""

    assert make.__name__ == "make" and make.__doc__ == "Make an array."
    assert other.__name__ == "other" and other.__doc__ == "Other."
    assert make.__wrapped__.__name__ == "make"
    assert make(1000).shape == (1000,)
    assert npguard.last().label.endswith("make")
    assert npguard.last().source == "return np.ones(n)\n"
    other()
    assert npguard.last().label == "labelled"


@needs_counter
def test_watch_measures_the_call_and_passes_exceptions_through(explainer):
    @npguard.watch(threshold="1 MiB")
    def spike(n):
        x = np.ones(n)
        raise KeyError("k")

    with pytest.raises(KeyError):
        spike(N)
    r = npguard.last()
    assert r.error == "KeyError: 'k'"
    assert r.measurement.numpy.rise == pytest.approx(NBYTES, abs=SCALAR)
    call, = explainer.calls
    assert call["source"] == 'x = np.ones(n)\nraise KeyError("k")\n'
    assert "n" in call["names"] and call["threshold"] == 1024**2


def test_watch_refuses_generators_and_bad_labels():
    with pytest.raises(TypeError, match="generator or coroutine"):
        @npguard.watch
        def gen():
            yield 1
    with pytest.raises(TypeError, match="a function or a label"):
        npguard.watch(3)


# -- registered arrays -------------------------------------------------------------------------------


def rows(table):
    return {a.name: a for a in table.arrays}


def test_views_and_copies_in_the_registered_array_table():
    a = npguard.register_array(np.random.rand(400, 300), "a")
    v = npguard.register_array(a[::2], "v")  # registering keeps nothing alive: the test does
    c = npguard.register_array(np.ascontiguousarray(a.T), "c")
    d = npguard.register_array(a.copy(), "d")
    e = npguard.register_array(np.ones_like(a), "e")
    f = npguard.register_array(np.asfortranarray(a), "f")
    t = npguard.register_array(a.T, "t")
    g = npguard.register_array(np.ascontiguousarray(a.T), "g")  # the nearest earlier match names it
    table = api._state.registry.table()
    r = rows(table)
    assert r["a"].relation == "owns its data" and r["a"].owns_data and r["a"].layout == "C"
    assert r["v"].relation == "view of a" and r["v"].layout == "strided" and not r["v"].owns_data
    assert r["t"].relation == "view of a (a.T)" and r["t"].layout == "F"
    assert r["c"].relation == "copy (same values as a.T)"
    assert r["d"].relation == "copy (same values as a)"
    assert r["e"].relation == "owns its data"
    assert r["f"].relation == "copy (same values as d)" and r["f"].layout == "F"  # the nearest earlier match
    assert r["g"].relation == "copy (same values as t)"
    assert r["v"].nbytes == a.nbytes // 2 and r["v"].shape == (200, 300) and r["v"].dtype == "float64"
    # The views are a's memory: counted once.
    assert table.unique_bytes == a.nbytes + c.nbytes + d.nbytes + e.nbytes + f.nbytes + g.nbytes
    text = printed(npguard.report)
    assert f"Registered arrays: 8 live, holding {format_bytes(table.unique_bytes)}" in text
    assert re.search(r"  v +\(200, 300\) +float64 +468\.8 KiB +strided +view of a\n", text)


def test_views_of_an_unregistered_array_and_shared_memory():
    base = np.arange(1000.0)
    u = npguard.register_array(base[100:600], "u")
    w = npguard.register_array(base[300:900], "w")
    r = rows(api._state.registry.table())
    assert r["u"].relation == "view of an unregistered ndarray"
    assert r["w"].relation == "shares memory with u"
    # Bytes 100..900 of base, once.
    assert api._state.registry.table().unique_bytes == 800 * base.itemsize
    assert u.base is base and w.base is base


def test_registering_keeps_nothing_alive_and_freed_arrays_leave_the_total():
    a = npguard.register_array(np.ones(1000), "a")
    npguard.register_array(np.ones(500), "gone")
    table = api._state.registry.table()
    assert rows(table)["gone"].relation == "freed" and not rows(table)["gone"].alive
    assert table.unique_bytes == a.nbytes
    npguard.register_array(a, "again")
    assert rows(api._state.registry.table())["again"].relation == "same array as a"
    assert api._state.registry.table().unique_bytes == a.nbytes


def test_copy_check_is_bounded_by_size():
    registry = Registry(copy_check_limit=1000)
    b = np.random.rand(50, 40)
    registry.register(b, "b")
    c = np.ascontiguousarray(b.T)  # 16000 bytes: over the limit
    registry.register(c, "c")
    assert rows(registry.table())["c"].relation == "owns its data"
    with pytest.raises(TypeError, match="expects a NumPy array, got list"):
        registry.register([1, 2], "l")
    with pytest.raises(TypeError, match="needs a name"):
        registry.register(b, "")


def test_copy_check_treats_nan_as_equal_and_stays_cheap_inside_a_block():
    b = np.random.rand(500, 400)
    b[3, 7] = np.nan
    npguard.register_array(b, "b")
    with npguard.memory_watcher("register"):
        c = np.ascontiguousarray(b.T)
        npguard.register_array(c, "c")
    assert rows(api._state.registry.table())["c"].relation == "copy (same values as b.T)"
    m = npguard.last().measurement
    if m.numpy is not None:
        # Its temporaries are small chunks, not a bool array the size of c.
        assert m.numpy.transient < 256 * 1024


# -- import boundary ---------------------------------------------------------------------------------


def test_script_api_never_imports_ipython(tmp_path):
    out = run_script("""
        import sys
        import numpy as np
        import npguard as ng

        with ng.memory_watcher("x"):
            ng.register_array(np.ones(10), "a")
        ng.report(); ng.suggest(); ng.last().to_dict()

        @ng.watch
        def f():
            return 1
        f()
        print("loaded:", sorted(m for m in sys.modules if m.split(".")[0] in ("IPython", "ipywidgets", "traitlets")))
    """, tmp_path)
    assert out.strip().endswith("loaded: []")


# -- inside IPython ----------------------------------------------------------------------------------


@needs_counter
def test_a_watched_block_inside_a_watched_cell(run, shell):
    from npguard_ipython import extension

    run("import numpy as np, npguard")
    run(f"x = np.ones({N}); del x\n"
        "with npguard.memory_watcher('in a cell'):\n"
        f"    y = np.ones({N // 4})\n"
        "    del y\n")
    cell = extension.get(shell).history.last().measurement
    # The cell's own spike came before the block reset the marks: both figures keep it.
    assert cell.numpy.rise == pytest.approx(NBYTES, abs=2 * SCALAR)
    assert cell.rss.rise == pytest.approx(NBYTES, rel=0.05)
    block = npguard.last()
    assert block.source == f"y = np.ones({N // 4})\ndel y\n"  # IPython's cell text, via linecache
    assert block.measurement.numpy.rise == pytest.approx(NBYTES // 4, abs=SCALAR)


def test_without_the_numpy_counter_rss_carries_the_figures(monkeypatch):
    monkeypatch.setattr(api._state, "meter", Meter(use_counter=False, trace_hint=api.TRACE_HINT))
    with npguard.memory_watcher("rss only"):
        x = np.ones(N)
        del x
    m = npguard.last().measurement
    assert m.numpy is None and m.temporaries_bytes == pytest.approx(NBYTES, rel=0.05)
    text = printed(npguard.report)
    assert "NumPy        not measured: NumPy counter switched off" in text
    assert "(process RSS: peak - max(start, end))" in text


# -- with npguard's own explainer ----------------------------------------------------------------------


@needs_counter
def test_the_explainer_names_the_cause_with_file_lines_and_a_rewrite():
    out = run_file(ROOT / "examples" / "chained_temporaries.py", cwd=ROOT)
    a_bytes = np.empty((10_000, 100)).nbytes
    assert f"Memory pressure detected: temporaries {format_bytes(a_bytes)} reached the 5.0 MiB threshold" in out
    assert f"Likely cause: chained NumPy operations (line 8, {format_bytes(a_bytes)})" in out
    assert f"\u2022 chained, line 8 (chained-ops, {format_bytes(a_bytes)}): " in out
    rewrite = out.split("the block rewritten:\n", 1)[1]
    assert [line.strip() for line in rewrite.splitlines()] == [
        "a = np.random.rand(10_000, 100)", "b = a * 2", "b += a.mean(axis=0)", "b -= 1"]


@needs_counter
def test_the_explainer_reads_a_functions_locals_at_block_end():
    def pipeline():
        a = np.random.rand(N // 100, 100)
        with npguard.memory_watcher("in a function", threshold="10 MiB"):
            b = a * 2 + a.mean(axis=0) - 1
        return b

    pipeline()
    r = npguard.last()
    assert r.temporaries_bytes == pytest.approx(NBYTES, abs=1024)
    f, = r.findings
    assert (f.kind, f.lineno) == ("chained-ops", 1)  # line 1 of the block's source, as for a cell
    assert f"in a function, line {with_line(pipeline) + 1} (chained-ops" in printed(npguard.suggest)


@needs_counter
def test_a_failing_explainer_leaves_the_report_and_suggest_says_why(monkeypatch):
    monkeypatch.setitem(sys.modules, "npguard.explain", None)  # its import fails
    with npguard.memory_watcher("unexplained"):
        x = np.ones(N)
        del x
    assert "Memory pressure detected" in printed(npguard.report)
    assert "Likely cause" not in printed(npguard.report)
    assert "unexplained: no suggestions: the explainer failed" in printed(npguard.suggest)


@needs_counter
def test_a_watched_function_with_return_is_explained_and_rewritten_as_written():
    a = np.random.rand(100_000, 100)

    @npguard.watch
    def norm2(x):
        y = (x ** 2).sum()
        if y > 0:
            return y
        return

    norm2(a)
    report = npguard.last()
    assert [(f.kind, f.lineno) for f in report.findings] == [("chained-ops", 1)]
    assert report.findings[0].bytes == pytest.approx(a.nbytes, abs=128 * 1024)
    shown = printed(npguard.suggest)
    assert "y = np.einsum('ij,ij->', x, x)" in shown
    assert "        return y" in shown and "_ret =" not in shown and "pass  " not in shown
    assert report.source.splitlines()[2] == "    return y"


@needs_counter
def test_a_finding_on_a_return_line_quotes_the_return():
    a = np.random.rand(100_000, 100)

    @npguard.watch
    def scaled(m):
        return m * 2 + m.mean(axis=0) - 1

    scaled(a)
    (f,) = npguard.last().findings
    assert f.kind == "chained-ops" and "`return m * 2 + m.mean(axis=0) - 1`" in f.message
    assert "_ret" not in f.message + f.suggestion + (f.rewrite or "")


def test_a_block_in_a_cell_is_named_by_the_cell(ipshell):
    """In a notebook or IPython, a block's place is its cell (``In [5]``), not IPython's temporary file."""
    from IPython.utils.capture import capture_output

    source = "import npguard as _npg\nwith _npg.memory_watcher('in-cell'):\n    _x = [0] * 10\n_npg.report('in-cell')"
    with capture_output() as out:
        result = ipshell.run_cell(source, store_history=True)
    n = result.execution_count
    assert f"block: In [{n}], line 3" in out.stdout, out.stdout
    assert "ipykernel" not in out.stdout and ".py" not in out.stdout.split("block:")[1].splitlines()[0]
    ipshell.run_cell("_npg.reset(); del _npg, _x")
