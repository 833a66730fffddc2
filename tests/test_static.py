"""npguard.static: predictions checked against NumPy's real allocations.

Each measured case runs the statement under tracemalloc and compares the peak above the start
with ``Statement.peak``, within 1% + 128 KiB (NumPy's ufunc scratch buffer of 8192 elements is
64 KiB, and tracemalloc sees it).
"""

from __future__ import annotations

import gc
import pathlib
import sysconfig
import time
import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from npguard.model import Temporary
from npguard.static import (ANNOTATION_KINDS, ArrayInfo, CellPrediction, Statement, _parse, analyze_cell,
                            analyze_line)
from npguard.units import format_bytes

from _fuzz import examples

MiB = 1024**2
N = 1_000_000

NUMPY1 = np.lib.NumpyVersion(np.__version__) < "2.0.0"


def namespace() -> dict:
    rng = np.random.default_rng(0)
    a2 = np.ones((1000, 1000))
    return {
        "np": np,
        "a": rng.random((2000, 500)),            # 8 MB float64
        "bT": a2.T,                              # a transposed (F-ordered) view
        "f32": np.ones(N, np.float32),
        "f64": np.ones(N),
        "i16": np.ones(N, np.int16),
        "x": rng.random((500, 3)),
        "y": rng.random((400, 3)),
        "n": 1000,
    }


def allocated(stmt: Statement) -> int:
    """Bytes the statement allocates: temporaries that NumPy does not elide, annotations aside."""
    return sum(t.nbytes for t in stmt.temporaries if not t.elided and t.kind not in ANNOTATION_KINDS)


def measure(source: str, ns: dict) -> int:
    code = compile(source, "<case>", "exec")
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        exec(code, ns)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak - start


def close(predicted: int, measured: int) -> bool:
    return abs(predicted - measured) <= 0.01 * max(predicted, measured) + 128 * 1024


def only(source: str, ns: dict) -> Statement:
    pred = analyze_cell(source, ns)
    assert pred.reason is None, pred.reason
    assert len(pred.statements) == 1
    return pred.statements[0]


def kinds(stmt: Statement) -> list[str]:
    return [t.kind for t in stmt.temporaries]


# (statement, predicted allocated bytes, kind that must appear or None)
A = 2000 * 500 * 8
CASES = [
    ("b = a * 2 + a.mean(axis=0) - 1", 2 * A + 500 * 8, "chained-ops"),
    ("c = np.ascontiguousarray(bT.T)", 0, None),
    ("c = np.ascontiguousarray(bT)", 8 * N, "forced-copy"),
    ("c = np.sqrt(a)", A, "result"),
    ("c = bT.copy()", 8 * N, "forced-copy"),
    ("z = np.array([1, 2, 3], dtype=np.uint8) + 250", 6, None),
    ("z = f32 + f64", 8 * N, "dtype-upcast"),
    ("z = i16 / 3", 8 * N, "dtype-upcast"),
    ("c = a * 2 + a - 1", A, "result"),
    ("c = (a * 2) ** 2", A, "result"),
    ("c = 3 - (a * 2)", 2 * A, "chained-ops"),
    # NumPy 2 does not elide it (2.0 counts as float64); NumPy 1.x casts 2.0 by value and does.
    ("c = np.ones((1000, 1000), dtype=np.float32) * 2.0", 4 * N if NUMPY1 else 8 * N, "result"),
    ("d = ((x[:, None, :] - y[None, :, :]) ** 2).sum(axis=-1)", 500 * 400 * 3 * 8 + 500 * 400 * 8,
     "broadcast-expansion"),
    ("v = a[::2, 10:].T", 0, None),
    ("v = a.reshape(-1)", 0, None),
    ("v = a[None, :, np.newaxis]", 0, None),
    ("v = np.broadcast_to(f64, (3, len(f64)))", 0, None),
    ("v = f64.astype(np.float64, copy=False)", 0, None),
    ("v = f64.astype(np.float64)", 8 * N, "forced-copy"),
    ("v = bT.reshape(-1)", 8 * N, "forced-copy"),
    ("v = bT.ravel()", 8 * N, "forced-copy"),
    ("s = a[2:6]", 0, None),
    ("s = a[[2, 3, 4, 5]]", 4 * 500 * 8, "fancy-index-copy"),
    ("s = a[np.arange(100, 1100)]", 1000 * 8 + 1000 * 500 * 8, "fancy-index-copy"),
    ("s = f64[f64 > 0]", N + 8 * N, "fancy-index-copy"),
    ("t = np.tile(f32, (3, 1))", 12 * N, "broadcast-expansion"),
    ("t = np.broadcast_to(f32, (3, n * n)).copy()", 12 * N, "broadcast-expansion"),
    ("w = np.ones(N).astype(np.float32)", 12 * N, "forced-copy"),
    ("m = a.std(axis=0)", A + 500 * 8, "chained-ops"),
    ("m = (a ** 2).sum()", A, "chained-ops"),
    ("m = a.T @ a", 500 * 500 * 8, "result"),
    ("c = np.sort(f64)", 8 * N, "forced-copy"),
    ("c = np.add(a, 1, out=a)", 0, None),
    ("c = -(a * 2)", A, "result"),
    ("c = -(f32 * np.float32(2))", 4 * N, "result"),   # a unary step reuses a temporary of any dtype
    ("c = (a - a.mean(axis=0)) / max(a.max(axis=0))", A + 2 * 500 * 8, "result"),   # Python's max: one number
    ("c = np.concatenate([f64, f64])", 16 * N, "result"),
    ("c = np.where(f64 > 0, f64, 0.0)", N + 8 * N, "result"),
]


@pytest.mark.parametrize("source,expected,kind", CASES, ids=[c[0] for c in CASES])
def test_prediction_matches_numpy(source, expected, kind):
    ns = namespace()
    ns["N"] = N
    stmt = only(source, ns)
    assert allocated(stmt) == expected, stmt.temporaries
    if kind is not None:
        assert kind in kinds(stmt), stmt.temporaries
    else:
        assert set(kinds(stmt)) <= {"result", "chained-ops"}
    measured = measure(source, ns)
    assert stmt.peak is not None
    assert close(stmt.peak, measured), f"predicted {format_bytes(stmt.peak)}, measured {format_bytes(measured)}"
    target = source.split("=")[0].strip()
    value = ns[target]
    if isinstance(value, np.ndarray):
        assert stmt.result == ArrayInfo(value.shape, value.dtype.name, value.nbytes, value.flags.c_contiguous)
    else:
        assert stmt.result is None


def test_seed_chained_ops_peaks_at_two_arrays_and_elides_the_last_step():
    ns = namespace()
    stmt = only("b = a * 2 + a.mean(axis=0) - 1", ns)
    first, mean, kept, last = stmt.temporaries
    assert (first.kind, first.nbytes, first.elided) == ("chained-ops", A, False)
    assert mean.shape == (500,)
    assert kept.kind == "result" and stmt.result_index == 2
    assert last.elided and last.nbytes == A
    assert stmt.peak == 2 * A + 500 * 8


def test_elision_needs_same_shape_or_scalar():
    ns = namespace()
    assert only("c = a * 2 + a - 1", ns).peak == A
    assert only("c = (a * 2) + a.mean(axis=0)", ns).peak == 2 * A + 500 * 8
    small = {"np": np, "q": np.ones(1000)}
    stmt = only("c = q * 2 + 1", small)   # 8 KB temporaries are below NumPy's 256 KiB elision size
    assert [t.elided for t in stmt.temporaries] == [False, False]


def test_uint8_plus_python_int_stays_uint8_on_numpy2():
    stmt = only("z = np.array([1, 2, 3], dtype=np.uint8) + 250", {"np": np})
    assert stmt.result.dtype == "uint8"
    assert "dtype-upcast" not in kinds(stmt)


# NumPy-scalar operands: NumPy 1.x casts them by value (like Python scalars), NumPy 2 by dtype
# (NEP 50). (statement, result dtype on 1.x, on 2.x); `None`: no prediction (the value is unknown).
SCALAR_CASTS = [
    ("r = i16 + i16.sum()", None, "int64"),          # the sum's value is not known before it runs
    ("r = i16 + np.int64(3)", "int16", "int64"),
    ("r = i16 + big", "int32", "int64"),              # 100_000 needs int32 on 1.x
    ("r = i16 + s16", "int16", "int16"),
    ("r = f32 * np.float64(2)", "float32", "float64"),
    ("r = f32 * s64", "float32", "float64"),
    ("r = f32 * np.float64(1e300)", "float64", "float64"),  # too large for float32 on 1.x
    ("r = i8 + 3", "int8", "int8"),
    ("r = i8 + np.int16(-3)", "int8", "int16"),
    ("r = i16 * 2.5", "float64", "float64"),          # a higher category is never cast by value
    ("r = i16 + (i16.sum() > 2)", "int16", "int16"),
    ("r = np.where(i16 > 1, i16, np.int64(3))", "int16", "int64"),
    ("r = np.float64(2) * f32", "float32", "float64"),
]


def _scalar_namespace() -> dict:
    return {"np": np, "i16": np.arange(300_000, dtype=np.int16) % 7, "f32": np.ones(300_000, np.float32),
            "f64": np.ones(300_000), "i8": np.ones(300_000, np.int8), "s64": np.float64(2.0), "s16": np.int16(4), "big": np.int64(100_000)}


@pytest.mark.parametrize("source,on_numpy1,on_numpy2", SCALAR_CASTS, ids=[c[0] for c in SCALAR_CASTS])
def test_numpy_scalar_operands_follow_the_installed_numpys_casting(source, on_numpy1, on_numpy2):
    expected = on_numpy1 if NUMPY1 else on_numpy2
    ns = _scalar_namespace()
    pred = analyze_cell(source, ns)
    assert pred.reason is None, pred.reason
    (stmt,) = pred.statements
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        exec(source, ns)
    assert ns["r"].dtype.name == (expected or ns["r"].dtype.name)   # the table itself is right
    assert (stmt.result.dtype if stmt.result else None) == expected, stmt.temporaries


@pytest.mark.parametrize("source", ["c = (f32 * 2) * np.float32(3)", "c = (f32 * 2) * s64", "c = (i16 * 2) + s16",
                                    "c = (i16 * 2) + np.int64(3)",
                                    # a NumPy scalar on the left: reused on NumPy 1.x, not on 2
                                    "c = s64 * (f64 * 2)", "c = np.float64(3) + (f64 * 2)", "c = 2.0 * (f64 * 2)"])
def test_elision_with_a_numpy_scalar_matches_the_measurement(source):
    """Whether NumPy reuses ``f32 * 2`` in place for the next step depends on how it casts the scalar."""
    ns = _scalar_namespace()
    stmt = only(source, ns)
    measured = measure(source, ns)
    assert stmt.peak is not None
    assert close(stmt.peak, measured), f"predicted {format_bytes(stmt.peak)}, measured {format_bytes(measured)}"
    assert stmt.result.dtype == ns["c"].dtype.name


def test_upcast_detail_names_the_dtypes():
    ns = namespace()
    (t,) = only("z = f32 + f64", ns).temporaries
    assert t.detail == "float32 + float64 -> float64"
    (t,) = only("z = i16 / 3", ns).temporaries
    assert "int16" in t.detail and "float64" in t.detail
    (t,) = only("z = f32 * 2.0", ns).temporaries   # weak Python float keeps float32
    assert t.kind == "result" and t.dtype == "float32"


def test_fancy_index_says_when_a_slice_would_serve():
    ns = namespace()
    (t,) = only("s = a[[2, 3, 4, 5]]", ns).temporaries
    assert "a[2:6]" in t.detail
    t = only("s = a[np.arange(100, 1100)]", ns).temporaries[-1]
    assert "a[100:1100]" in t.detail
    (t,) = only("s = a[[5, 1, 7]]", ns).temporaries
    assert "consecutive" not in t.detail
    t = only("s = f64[f64 > 0]", ns).temporaries[-1]
    assert "at most" in t.detail and t.nbytes == 8 * N


def test_growing_array_in_a_loop():
    cell = "x = np.zeros(0)\nfor i in range(100):\n    x = np.append(x, i)\ntotal = x.sum()"
    pred = analyze_cell(cell, {"np": np})
    stmt = pred.at(3)
    assert stmt.in_loop and stmt.loop_count == 100
    (grow,) = [t for t in stmt.temporaries if t.kind == "growing-array"]
    assert grow.nbytes == 100 * 8 and grow.shape == (100,)
    assert "100 iterations" in grow.detail
    assert format_bytes(8 * sum(range(1, 101))) in grow.detail
    assert pred.at(1).result.shape == (0,)


def test_growing_array_loop_counts():
    ns = {"np": np, "arr": np.ones(7), "k": 5}
    for header, count in [("range(k)", 5), ("range(len(arr))", 7), ("range(2, 12, 3)", 4), ("range(m)", None)]:
        cell = f"x = np.empty((0, 3))\nfor i in {header}:\n    x = np.vstack([x, np.ones(3)])"
        stmt = analyze_cell(cell, ns).at(3)
        assert stmt.loop_count == count
        (grow,) = [t for t in stmt.temporaries if t.kind == "growing-array"]
        if count is not None:
            assert grow.shape == (count, 3)


def test_an_attribute_given_a_new_array_holds_the_old_one_meanwhile():
    """``life.array = np.random.randint(...)``: the object's old array is freed only when the new
    one is set, so both exist at once; the annotation names the attribute."""
    class Life:
        pass
    life = Life()
    life.array = np.zeros((4000, 4000), np.uint8)
    stmt = only("life.array = np.random.randint(2, size=(4000, 4000), dtype=np.uint8)", {"np": np, "life": life})
    (upd,) = [t for t in stmt.temporaries if t.kind == "out-of-place-update"]
    assert upd.rebinds == "life.array" and upd.nbytes == life.array.nbytes


def test_out_of_place_update_safe_and_aliased():
    ns = namespace()
    ns["g"] = ns["a"].copy()
    stmt = only("g = g * 2", ns)
    (upd,) = [t for t in stmt.temporaries if t.kind == "out-of-place-update"]
    assert upd.nbytes == A and upd.detail.startswith("in-place form is safe")
    ns["alias"] = ns["g"][::2]
    (upd,) = [t for t in only("g = g * 2", ns).temporaries if t.kind == "out-of-place-update"]
    assert upd.detail.startswith("in-place form is not safe") and "alias" in upd.detail
    (upd,) = [t for t in only("i16 = i16 / 3", ns).temporaries if t.kind == "out-of-place-update"]
    assert "dtype" in upd.detail
    # aliasing made inside the cell counts too
    pred = analyze_cell("h = np.ones((1000, 1000))\nk = h\nh = h + 1", ns)
    (upd,) = [t for t in pred.at(3).temporaries if t.kind == "out-of-place-update"]
    assert "k" in upd.detail and "not safe" in upd.detail
    # measured: the old and the new array are alive together
    assert close(only("g = g * 2", ns).peak, measure("g = g * 2", ns))


def test_create_then_cast_flags_the_pair():
    stmt = only("w = np.ones(n).astype(np.float32)", {"np": np, "n": N})
    made, cast = stmt.temporaries
    assert made.kind == "forced-copy" and "create-then-cast" in made.detail and made.nbytes == 8 * N
    assert cast.kind == "result" and "create-then-cast" in cast.detail and cast.nbytes == 4 * N


def test_symbolic_propagation_across_lines():
    ns = namespace()
    pred = analyze_cell("b = a * 2\nc = b + 1\nd = c.sum(axis=1)\ne = d[:, None] * c", ns)
    assert pred.reason is None
    assert pred.at(2).result == ArrayInfo((2000, 500), "float64", A)
    assert pred.at(3).result.shape == (2000,)
    assert pred.at(4).result.shape == (2000, 500)
    # a name the cell rebinds: the symbolic value wins
    pred = analyze_cell("a = np.ones(10, dtype=np.int8)\nb = a + 1", ns)
    assert pred.at(2).result == ArrayInfo((10,), "int8", 10)


def test_functions_loops_and_branches():
    ns = namespace()
    cell = ("def f(q):\n"
            "    r = q * 2\n"
            "    s = a * 2\n"
            "    return r\n"
            "u = a + 1\n"
            "if n > 3:\n"
            "    v = a[:, 0] * 2\n"
            "with open('x') as fh:\n"
            "    w = a.T.copy()\n")
    pred = analyze_cell(cell, ns)
    assert pred.reason is None
    assert pred.at(2).in_function == "f" and pred.at(2).temporaries == ()
    assert pred.at(3).in_function == "f" and pred.at(3).result.shape == (2000, 500)
    assert pred.at(5).in_function is None and pred.at(5).result.nbytes == A
    assert pred.at(7).result.shape == (2000,)
    assert kinds(pred.at(9)) == ["forced-copy"]
    # names a function binds do not leak out of it
    pred = analyze_cell("def g():\n    a = 1\nb = a * 2", ns)
    assert pred.at(3).result.shape == (2000, 500)


def test_loop_body_in_loop_and_unstable_names_become_unknown():
    ns = namespace()
    pred = analyze_cell("for i in range(3):\n    t = a * i\n    y = y[::2]\nz = t + 1\nw = y + 1", ns)
    assert pred.at(2).in_loop and pred.at(2).loop_count == 3
    assert pred.at(4).result.shape == (2000, 500)   # the same every pass
    assert pred.at(5).result is None                # shrinks every pass: unknown


def test_magics_are_opaque_and_line_numbers_hold():
    ns = namespace()
    pred = analyze_cell("%timeit a * 2\n!ls\nfiles = !ls\nc = a * 2", ns)
    assert pred.reason is None
    assert [s.lineno for s in pred.statements] == [4]
    assert pred.at(4).text == "c = a * 2"
    assert analyze_cell("%%timeit\nc = a * 2", ns).reason
    # a line that merely starts with % inside brackets or a string is Python, not a magic
    pred = analyze_cell('c = (a\n     % 3)\ns = """\n!not a shell line\n"""', ns)
    assert pred.reason is None and pred.at(1).result.shape == (2000, 500)


def test_syntax_error_gives_a_reason():
    pred = analyze_cell("c = (a * 2", namespace())
    assert pred.statements == () and "not valid Python" in pred.reason
    assert analyze_cell("x = 1\0", {}).reason


def test_first_lineno_and_statement_fields():
    ns = namespace()
    pred = analyze_cell("import numpy as np\nif True:\n    c = a[\n        ::2] * 2\n", ns, first_lineno=10)
    s = pred.at(12)
    assert (s.lineno, s.end_lineno, s.indent) == (12, 13, "    ")
    assert s.text == "c = a[\n        ::2] * 2"
    assert s.targets == ("c",) and s.reads == ("a",)
    assert all(t.lineno == 12 for t in s.temporaries)
    assert pred.at(10).targets == ("np",)


def test_in_place_forms():
    ns = namespace()
    pred = analyze_cell("a += a * 2\na[a > 0.5] = 0\nnp.multiply(a, 2, out=a)\na.sort()\nnp.copyto(a, 1.0)", ns)
    s1, s2, s3, s4, s5 = pred.statements
    assert s5.in_place and s5.temporaries == ()
    assert s1.in_place and [t.kind for t in s1.temporaries] == ["chained-ops"]
    assert s2.in_place and s2.targets == ("a",) and s2.temporaries[0].dtype == "bool"
    assert s3.in_place and s3.temporaries == ()
    assert s4.in_place


def test_unknown_values_give_no_prediction():
    pred = analyze_cell("c = mystery(a) * 2\nd = unknown + 1\ne = a.frobnicate()", namespace())
    assert pred.reason is None
    assert all(s.result is None for s in pred.statements)
    assert pred.at(1).peak is None   # something array-valued went somewhere unknown


def test_analyze_line_uses_the_live_namespace_and_caches_the_parse():
    source = "for i in range(n):\n    x = np.append(x, i)\n    y = x * 2\n"
    ns = {"np": np, "n": 10, "x": np.ones(5)}
    before = _parse.cache_info().hits
    temps = analyze_line(source, 2, ns)
    assert [t.kind for t in temps] == ["result", "growing-array"]
    assert "10 iterations" in temps[1].detail
    assert analyze_line(source, 3, {"np": np, "n": 10, "x": np.ones(8)})[0].shape == (8,)
    assert analyze_line(source, 1, ns) == ()
    assert analyze_line(source, 99, ns) == ()
    assert _parse.cache_info().hits >= before + 3


def test_prediction_objects_are_the_interface():
    pred = analyze_cell("c = a + 1", namespace())
    assert isinstance(pred, CellPrediction)
    assert all(isinstance(t, Temporary) for t in pred.temporaries)
    assert pred.at(1) is pred.statements[0] and pred.at(2) is None


# ---------------------------------------------------------------- never raises

SMALL = {
    "np": np,
    "a": np.arange(12.0).reshape(3, 4),
    "b": np.arange(4, dtype=np.int16),
    "c": np.ones((3, 4), dtype=bool),
    "d": np.ones((3, 1), dtype=np.float32),
    "s": 2,
    "t": 1.5,
    "nothing": None,
    "lst": [0, 1],
}

_leaf = st.sampled_from(["a", "b", "c", "d", "s", "t", "nothing", "lst", "(0)", "(1)", "2.5", "(-1)", "None",
                         "np.newaxis", "[0, 2]", "(1, 2)", "np.float32", "'float32'", "True"])


def _compound(inner):
    op = st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<", "==", ">=", "<<"])
    return st.one_of(
        st.builds(lambda x, o, y: f"({x} {o} {y})", inner, op, inner),
        st.builds(lambda o, x: f"({o}{x})", st.sampled_from(["-", "~", "not ", "+"]), inner),
        st.builds(lambda f, x: f"np.{f}({x})", st.sampled_from(
            ["sqrt", "exp", "abs", "sum", "mean", "std", "ones", "zeros", "copy", "array", "asarray",
             "ascontiguousarray", "sort", "ravel", "transpose", "arange", "tile", "append", "concatenate",
             "vstack", "hstack", "broadcast_to", "outer", "where", "repeat", "einsum", "clip", "random.rand",
             "round", "diff", "nansum", "nanmean", "pad", "cumsum", "cumprod", "diag", "linalg.inv", "linalg.pinv",
             "linalg.det", "linalg.solve", "int64", "float32", "maximum.accumulate", "add.reduce", "subtract.outer",
             "logical_or.reduce"]),
            st.lists(inner, min_size=1, max_size=3).map(", ".join)),
        st.builds(lambda x, m, args: f"{x}.{m}({args})", inner, st.sampled_from(
            ["sum", "mean", "max", "std", "copy", "astype", "reshape", "ravel", "flatten", "transpose", "view",
             "argmax", "cumsum", "squeeze", "item"]),
            st.lists(st.one_of(inner, st.sampled_from(["axis=0", "axis=-1", "keepdims=True", "copy=False",
                                                       "axis=(0, 1)", "axis=None"])),
                     max_size=2).map(", ".join)),
        st.builds(lambda x, i: f"{x}[{i}]", inner, st.one_of(inner, st.sampled_from(
            [":", "::2", "0", "-1", "None", "...", "[0, 1]", "1:3, None", "a > 1", ":, 0", "c", "[True, False, True]"]))),
        st.builds(lambda x, at: f"{x}.{at}", inner, st.sampled_from(["T", "shape", "real", "imag", "dtype", "size", "ndim"])),
        st.builds(lambda x: f"len({x})", inner),
        st.builds(lambda x: f"[{x}, {x}]", inner),
    )


_expr = st.recursive(_leaf, _compound, max_leaves=6)
_stmt = st.one_of(
    _expr.map(lambda e: f"x = {e}"),
    _expr.map(lambda e: f"a = {e}"),
    _expr.map(lambda e: f"x += {e}"),
    _expr,
    st.builds(lambda e, f: f"for i in range({e}):\n    x = {f}", st.sampled_from(["3", "s", "len(a)", "t"]), _expr),
    _expr.map(lambda e: f"if s:\n    y = {e}\nelse:\n    y = a"),
    _expr.map(lambda e: f"while np.any({e}):\n    break"),
    _expr.map(lambda e: f"def f(p):\n    return p + {e}"),
)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_stmt, min_size=1, max_size=4))
def test_never_raises_on_valid_cells(stmts):
    cell = "\n".join(stmts)
    pred = analyze_cell(cell, dict(SMALL))
    assert pred.reason is None or not pred.reason.startswith("internal error"), (cell, pred.reason)


@settings(max_examples=examples(1500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_expr)
@example("(b + b.sum())")          # NumPy 1.x casts a NumPy scalar by value: int16 stays int16
@example("(b + np.int64(3))")
@example("(d * np.float64(2))")
@example("a.reshape(-1, 2)")          # a -1 among several dimensions
@example("np.clip(b, b, a)")        # the result promotes all three operands, not the first two
@example("a[(True & True)]")         # a bool from bools indexes as a new axis, not as 1 (found by make fuzz)
@example("np.nansum(a, (0), np.float32)")   # the NaN-aware sums take dtype second, as sum does
@example("np.concatenate([a.T, a.T])")       # joined F-ordered arrays stay F-ordered
@example("b.view(nothing)")                  # view(None) views as float64, np.dtype(None)
@example("np.concatenate([lst, lst], (-1), b)")   # a third positional argument is out= (found by make fuzz)
@example("np.array([a, a])")                  # arrays of one shape stack along a new first axis
@example("np.array([b, d[0]], np.float32)")  # ragged: NumPy refuses, nothing is predicted
@example("np.cumsum(a.T, 0)")                # along an axis, the input's memory order is kept
@example("np.cumsum(b)")                     # small integers accumulate in the platform integer
@example("np.pad(a, (1, 2))")                # one (before, after) pair for every axis
@example("np.pad(a.T, [(1, 2)], 'edge')")    # an F-ordered input gives an F-ordered result
@example("np.diag(a, 1)")                     # a 2-D array's diagonal is a strided view
@example("np.diag(b, (-1))")                  # a 1-D array becomes a new square array
@example("a.imag")                          # a real array's imaginary part is a new array of zeros
@example("(a.T * 1j).imag")                 # a complex array's is a strided view
@example("a.T.imag")                        # the zeros keep the input's memory order (found by make fuzz)
@example("a.T[::2].imag")
@example("np.linalg.pinv(a)")               # (3, 4) -> (4, 3); integers and booleans compute in float64
@example("np.linalg.inv((d @ d.T) + np.eye(3))")
@example("np.linalg.inv(c[:, :3][:3])")     # a singular matrix: NumPy raises, nothing to compare
@example("np.linalg.solve((d.T @ d), d[0])")   # float32 stays float32
@example("np.linalg.pinv(b)")               # a 1-D array: NumPy raises, nothing is predicted
@example("np.int64(c)")                     # a scalar type called on an array casts it (a new array)
@example("np.float32(a.T)")                 # in the input's memory order
@example("np.float64(a)")                   # the same dtype: the array itself
@example("np.diff(a.T)")                    # two views subtracted: in their memory order
@example("np.diff(a.T, axis=0)")
@example("np.random.poisson(1.5, (3, 4))")        # counts are int64
@example("np.random.binomial(s, 0.5, size=4)")
@example("np.random.normal(a, 1)")                # one draw per element of an array parameter
@example("np.random.default_rng(s).poisson(t, size=(2, 3))")
@example("np.random.default_rng(s).standard_gamma(t, 4, dtype=np.float32)")
@example("np.random.gamma(t, 2.0, 5)")
@example("np.maximum.accumulate(a.T)")            # the running values keep the input's memory order
@example("np.add.reduce(b)")                      # small integers sum in the platform integer, to a scalar
@example("np.add.reduce(a.T, 1)")
@example("np.add.accumulate(b, 0, np.float32)")
@example("np.subtract.outer(a, b)")               # every pair: (3, 4, 6)
@example("np.subtract.outer(a.T, b)")             # not C-ordered: not predicted
@example("np.subtract.outer(b, s)")                # a Python number becomes an int64 array: int16 - int64 is int64
@example("np.r_[a, a]")                            # arrays alone join along their first axis
@example("np.r_[b, a[0]]")                          # int16 and float64: the joined dtype promotes both
@example("np.r_[a.T, a.T]")                         # F-ordered inputs: not predicted
@example("np.flip(a, 1).cumsum(1)")                  # a flipped view: a running sum of it is a new array
@example("np.flip(a).copy()")                        # every axis flipped
@example("np.flipud(a.T) * 2")
@example("np.fliplr(b)")                             # a 1-D array has no second axis: NumPy raises
@example("np.fft.fft(a, 6)")                         # n values along the last axis, complex128
@example("np.fft.rfft(a)")                           # n // 2 + 1 of them
@example("np.fft.irfft(a * 1j)")                     # real, 2 * (m - 1) by default
@example("np.fft.fft(a.T)")                          # the layout differs between versions: not predicted
@example("np.imag(a * 1j)")                          # a complex array's part is a view
@example("np.real(a.T)")                             # a real array's is the array itself
@example("np.ptp(a, 0)")                             # the range along an axis, in the input's dtype
@example("np.ptp(b)")                                # of every element: a scalar
@example("np.einsum('...i,...j->...ij', a, a)")    # the ellipsis stands for the leading axes
@example("np.einsum('...i,...i', a, d.T)")           # broadcast from the right
@example("np.convolve(a[0], d[:, 0])")               # n + m - 1 values in the common dtype
@example("np.convolve(b, b, 'same')")
@example("np.correlate(a[0], a[1])")                 # 'valid' by default
def test_predicted_results_match_numpy(expr):
    """Where a result is predicted, NumPy agrees on its shape, dtype and layout."""
    cell = f"r = {expr}"
    pred = analyze_cell(cell, dict(SMALL))
    assert pred.reason is None or not pred.reason.startswith("internal error"), (cell, pred.reason)
    ns = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in SMALL.items()}
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            exec(cell, ns)
    except Exception:
        return
    if not pred.statements:
        return
    result = pred.statements[0].result
    if any("at most" in t.detail for t in pred.statements[0].temporaries):
        return   # a boolean mask: the predicted shape is an upper bound
    if result is not None:
        r = ns["r"]
        assert isinstance(r, np.ndarray), (cell, result)
        assert (result.shape, result.dtype) == (r.shape, r.dtype.name), cell
        assert result.c_contiguous == r.flags.c_contiguous, cell


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet="ab=+*()[]:,.% \n\t1'\"#", max_size=40))
def test_invalid_source_gives_a_reason(text):
    pred = analyze_cell(text, dict(SMALL))
    try:
        compile(text.replace("%", "#"), "<t>", "exec")
    except (SyntaxError, ValueError):
        if "%" not in text:
            assert pred.reason is not None
    assert pred.reason is None or not pred.reason.startswith("internal error"), (text, pred.reason)


def test_standard_library_corpus_never_raises():
    stdlib = pathlib.Path(sysconfig.get_paths()["stdlib"])
    started = time.monotonic()
    failures = []
    for path in sorted(stdlib.glob("*.py")):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        t0 = time.monotonic()
        pred = analyze_cell(text, {})
        spent = time.monotonic() - t0
        if pred.reason and pred.reason.startswith("internal error"):
            failures.append((path.name, pred.reason))
        assert spent < 5, f"{path.name} took {spent:.1f} s"
    assert not failures, failures[:5]
    assert time.monotonic() - started < 60
