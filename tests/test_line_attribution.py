"""Per-line figures charged by the NumPy counter, without IPython, against the line tracer.

The counter charges each allocation and free to the running line of the block's
frames; the line tracer closes a line at every line event. Both read the same
counter, so net, peak and temporaries must agree to the byte on every line the
counter lists (the lines it leaves out never touch NumPy memory).
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator

import numpy as np
import pytest

from npguard import numpy_counter as counter
from npguard.tracer import AllocationLines, CounterMarks, LineTracer, block_codes

pytestmark = pytest.mark.skipif(not counter.ATTRIBUTES, reason="NumPy counter unavailable")

N = 1_000_000  # elements: 7.6 MiB of float64
NB = N * 8

PROGRAMS = {
    "chained": "b = a * 2 + a.mean() - 1\nc = b[:10]\ndel b",
    "function": "def f(x):\n    y = x * 3\n    return float(y.sum())\n\ns = f(a)\nt = f(a)",
    "loop": "total = 0\nfor i in range(3):\n    d = a + i\n    total += 1",
    "one-line function in a loop": "def g(x):\n    return x * 2\nfor k in range(3):\n    out = g(a)",
    "nested calls": (
        "def inner(x):\n    return x + 1\n"
        "def outer(x):\n    t = inner(x) * 2\n    return inner(t)\n"
        "r = outer(a)\nr = outer(r)"
    ),
    "growing": "acc = np.empty(0)\nfor i in range(4):\n    acc = np.append(acc, a[:1000])",
    "comprehension": "parts = [a * i for i in range(3)]\ndel parts",
    "generator": (
        "def gen(x):\n    for i in range(3):\n        yield x * i\n"
        "total = 0.0\nfor v in gen(a):\n    total += float(v[0])"
    ),
    "recursion": "def rec(x, n):\n    if n == 0:\n        return x.copy()\n    y = x + n\n    return rec(y, n - 1)\nz = rec(a, 4)",
    "rebind": "x = a.copy()\nfor _ in range(3):\n    x = x * 2",
    "lambda called from its own line": "m = np.fromfunction(lambda i: i * 2.0, (N,))\ndel m",
    "library python code": "u = np.unique(np.concatenate([a[:1000], a[:1000]]))\nv = np.linspace(0, 1, N)",
    # the warning adds ``__warningregistry__`` to the block's globals while the calling line waits
    "warning in a call": (
        "import warnings\ndef warned(x):\n    y = x * 2\n    with warnings.catch_warnings():\n"
        "        warnings.simplefilter('ignore')\n        warnings.warn('careful', UserWarning)\n"
        "    z = y + 1\n    del y\n    return float(z.sum())\ns = warned(a)"
    ),
}


@pytest.fixture(autouse=True)
def installed() -> Iterator[None]:
    was = counter.is_installed()
    counter.install()
    yield
    if not was:
        counter.uninstall()


def run_both(source: str) -> tuple[dict, dict]:
    """Per-line figures of ``source`` from the counter's attribution and from the line tracer."""
    lines = source.splitlines()
    exec(compile(source, "<warm-up>", "exec"), {"np": np, "a": np.random.rand(N), "N": N})  # NumPy's one-off caches
    out = []
    for kind in ("alloc", "trace"):
        filename = f"<block-{kind}-{abs(hash(source))}>"
        code = compile(source, filename, "exec")
        ns = {"np": np, "a": np.random.rand(N), "N": N}
        gc.collect()  # earlier tests' garbage must not be freed inside the block
        if kind == "alloc":
            tracer = AllocationLines(counter, block_codes(code), 1, len(lines))
        else:
            tracer = LineTracer(filename, CounterMarks(counter))
        tracer.run(lambda: exec(code, ns))
        del ns
        out.append({s.lineno: s for s in tracer.stats(lines)})
    return out[0], out[1]


# Python 3.12 runs a comprehension in the frame itself, and the line tracer then counts
# each of its passes as a run of the line; attribution keeps it one run, as on 3.11.
INLINED_COMPREHENSIONS = sys.version_info >= (3, 12)


@pytest.mark.parametrize("name", [
    name for name in PROGRAMS if not (INLINED_COMPREHENSIONS and name == "comprehension")])
def test_same_figures_as_the_line_tracer(name: str) -> None:
    alloc, traced = run_both(PROGRAMS[name])
    assert alloc, "no line charged"
    for lineno, got in alloc.items():
        want = traced[lineno]
        assert (got.net_bytes, got.peak_bytes, got.temporaries_bytes) == (
            want.net_bytes, want.peak_bytes, want.temporaries_bytes), (lineno, got, want)
        assert 1 <= got.hits <= want.hits
    for lineno, want in traced.items():  # lines left out never touched NumPy memory
        if lineno not in alloc:
            assert (want.net_bytes, want.peak_bytes, want.temporaries_bytes) == (0, 0, 0), want


def test_a_line_run_again_inside_its_own_run_counts_its_net_once() -> None:
    """``m = np.fromfunction(lambda i: i * 2.0, (N,))``: the lambda's run of line 1 is inside the line's
    own run, whose net already holds what the lambda made; and a recursive call's line likewise."""
    for alloc_or_traced in run_both("m = np.fromfunction(lambda i: i * 2.0, (N,))"):
        assert alloc_or_traced[1].net_bytes == NB, alloc_or_traced[1]
    recursive = "def rec(x, n):\n    return x.copy() if n == 0 else rec(x, n - 1)\nz = rec(a, 3)"
    for alloc_or_traced in run_both(recursive):
        assert alloc_or_traced[2].net_bytes == alloc_or_traced[3].net_bytes == NB, alloc_or_traced


def test_a_warning_inside_a_call_is_no_new_run_of_the_calling_line() -> None:
    """A warning writes the registry into the module's namespace; the calling line still runs once,
    and its temporaries are both arrays the call made and freed."""
    alloc, traced = run_both(PROGRAMS["warning in a call"])
    assert alloc[10].hits == traced[10].hits == 1
    assert alloc[10].temporaries_bytes == pytest.approx(2 * NB, abs=256)


def test_a_comprehension_is_one_run_of_its_line() -> None:
    alloc, _ = run_both("parts = [a * i for i in range(3)]\nfor i in range(2):\n    p = [a + j for j in range(2)]")
    assert alloc[1].hits == 1
    assert alloc[1].net_bytes == 3 * NB and alloc[1].peak_bytes == pytest.approx(3 * NB, abs=64)
    assert alloc[3].hits == 2  # the enclosing loop's passes are runs
    assert alloc[3].net_bytes == 2 * NB and alloc[3].peak_bytes == pytest.approx(2 * NB, abs=64)
    assert alloc[3].temporaries_bytes == pytest.approx(2 * NB, abs=64)  # old p and new p together


def test_hits_of_lines_that_allocate_on_every_run() -> None:
    alloc, traced = run_both(PROGRAMS["loop"])
    assert alloc[3].hits == traced[3].hits == 3
    alloc, traced = run_both(PROGRAMS["one-line function in a loop"])
    assert alloc[2].hits == traced[2].hits == 3
    assert alloc[4].hits == traced[4].hits == 3


def test_first_allocation_callback_sees_the_line_before_it_stores() -> None:
    seen = {}

    def on_first(frame, lineno, names):
        x = names.get("x")
        seen[lineno] = None if x is None else x.shape
        np.ones(N)  # the callback's own allocations belong to no line

    source = "x = np.ones(10)\nx = np.ones((2, N))\nx = x * 2"
    code = compile(source, "<block-first>", "exec")
    lines = AllocationLines(counter, block_codes(code), 1, 3, on_first_hit=on_first)
    lines.run(lambda: exec(code, {"np": np, "N": N}))
    stats = {s.lineno: s for s in lines.stats(source.splitlines())}
    assert seen == {1: None, 2: (10,), 3: (2, N)}
    # np.ones fills from a 0-d array of its own: a few bytes on top
    assert stats[2].net_bytes == 2 * NB - 80 and stats[2].peak_bytes == pytest.approx(2 * NB, abs=64)
    assert stats[3].net_bytes == 0 and stats[3].temporaries_bytes == pytest.approx(2 * NB, abs=64)


def test_a_failing_callback_does_not_break_the_block() -> None:
    def on_first(frame, lineno, names):
        raise RuntimeError("boom")

    code = compile("x = np.ones(N)\ny = x + 1", "<block-fail>", "exec")
    ns = {"np": np, "N": N}
    lines = AllocationLines(counter, block_codes(code), 1, 2, on_first_hit=on_first)
    unraisable = []
    old, sys.unraisablehook = sys.unraisablehook, unraisable.append
    try:
        lines.run(lambda: exec(code, ns))
    finally:
        sys.unraisablehook = old
    assert float(ns["y"][0]) == 2.0
    assert [s.net_bytes for s in lines.stats(["", ""])] == [NB, NB]
    assert unraisable and isinstance(unraisable[0].exc_value, RuntimeError)


def test_other_threads_allocate_safely_while_lines_are_charged() -> None:
    import contextvars

    stop = threading.Event()

    def churn():
        while not stop.is_set():
            np.ones(10_000).sum()

    ctx = contextvars.copy_context()  # the counter is current in the thread too
    worker = threading.Thread(target=ctx.run, args=(churn,))
    worker.start()
    try:
        code = compile("for _ in range(200):\n    b = a * 2\n    del b", "<block-threads>", "exec")
        lines = AllocationLines(counter, block_codes(code), 1, 3)
        lines.run(lambda: exec(code, {"a": np.random.rand(N)}))
    finally:
        stop.set()
        worker.join()
    stats = {s.lineno: s for s in lines.stats(["", "", ""])}
    assert stats[2].hits == 200 and stats[2].peak_bytes >= NB


def test_stop_without_start_and_a_trace_function_left_alone() -> None:
    assert counter.attribute_stop() == ([], 0)

    def tracer(frame, event, arg):
        return None

    sys.settrace(tracer)
    try:
        code = compile("b = a * 2", "<block-settrace>", "exec")
        lines = AllocationLines(counter, block_codes(code), 1, 1)
        lines.run(lambda: exec(code, {"a": np.random.rand(N)}))
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)
    assert lines.stats(["b = a * 2"])[0].net_bytes == NB


def test_one_block_at_a_time() -> None:
    code = compile("x = 1", "<block-once>", "exec")
    counter.attribute_start(block_codes(code), 1, 1)
    try:
        assert counter.attributing()
        with pytest.raises(RuntimeError, match="already attributing"):
            counter.attribute_start(block_codes(code), 1, 1)
    finally:
        counter.attribute_stop()
    assert not counter.attributing()


def test_reading_a_functions_variables_keeps_no_array_alive() -> None:
    # frame.f_locals would keep the old y in a snapshot: line 3 would keep it (net +1 array).
    seen = []
    source = "def f(x):\n    y = x * 3\n    y = y + 1\n    return float(y.sum())\ns = f(a)"
    code = compile(source, "<block-rebind>", "exec")
    lines = AllocationLines(counter, block_codes(code), 1, 5,
                            on_first_hit=lambda frame, lineno, names: seen.append((lineno, sorted(names))))
    lines.run(lambda: exec(code, {"a": np.random.rand(N)}))
    stats = {s.lineno: s for s in lines.stats(source.splitlines())}
    # line 5 waits in the call: it is read at line 2's first allocation, before line 2 itself
    assert seen[0][0] == 5 and seen[1:3] == [(2, ["x"]), (3, ["x", "y"])], seen
    assert stats[3].net_bytes == 0 and stats[3].temporaries_bytes == pytest.approx(NB, abs=64)
    assert stats[5].net_bytes == 0


def test_an_interrupt_in_the_callback_reaches_the_block() -> None:
    def on_first(frame, lineno, names):
        raise KeyboardInterrupt

    code = compile("x = np.ones(N)\ny = x + 1", "<block-interrupt>", "exec")
    ns = {"np": np, "N": N}
    lines = AllocationLines(counter, block_codes(code), 1, 2, on_first_hit=on_first)
    with pytest.raises(KeyboardInterrupt):
        lines.run(lambda: exec(code, ns))
    assert not counter.attributing()


def test_a_line_that_frees_before_it_allocates_is_still_predicted() -> None:
    seen = []
    source = "x = np.ones(N)\ndel x; y = np.ones(N)"
    code = compile(source, "<block-free-first>", "exec")
    lines = AllocationLines(counter, block_codes(code), 1, 2,
                            on_first_hit=lambda frame, lineno, names: seen.append(lineno))
    lines.run(lambda: exec(code, {"np": np, "N": N}))
    assert seen == [1, 2]
    assert [s.net_bytes for s in lines.stats(source.splitlines())] == [NB, 0]


def test_a_second_root_code_in_the_same_frame_slot_is_charged_to_its_own_lines() -> None:
    """IPython runs a cell's last expression as a second code object, right after the first:
    its frame takes the first one's place in the frame stack, and must not be taken for it."""
    source = "m = a.mean()\ns = a.std()\nprint(np.median(a) > 0)"
    lines = source.splitlines()
    tree = compile(source, "<roots>", "exec", flags=0x400, dont_inherit=True)   # ast.PyCF_ONLY_AST
    body = compile(type(tree)(body=tree.body[:-1], type_ignores=[]), "<roots>", "exec")
    last = compile(__import__("ast").Interactive(body=tree.body[-1:]), "<roots>", "single")
    ns = {"np": np, "a": np.random.rand(N)}
    gc.collect()
    tracer = AllocationLines(counter, block_codes(body, last), 2, len(lines))

    def run() -> None:
        exec(body, ns)
        exec(last, ns)

    tracer.run(run)
    got = {s.lineno: s for s in tracer.stats(lines)}
    assert got[2].temporaries_bytes >= NB          # std's deviations from the mean
    assert got[3].temporaries_bytes >= NB          # median's partitioned copy, on its own line
    assert 1 not in got or got[1].temporaries_bytes < NB // 2
