"""Hazards in deep mode: each example of the contract, positive and negative, in a real shell."""

from __future__ import annotations

import json

import numpy as np
import pytest

from npguard.hazards import find_hazards
from npguard.model import HAZARD_KINDS, Finding
from npguard.renderers.text import render_cell
from npguard_ipython import extension


@pytest.fixture
def setup_np(run):
    run("import numpy as np")


def hazards(shell, kind=None):
    found = [f for f in extension.get(shell).history.last().findings if f.kind in HAZARD_KINDS]
    return [f for f in found if kind is None or f.kind == kind]


def deep(run, shell, body, kind=None):
    r = run("%%npguard\n" + body)
    assert r.result.error_in_exec is None, r.result.error_in_exec
    return hazards(shell, kind)


# -- dtype-overflow ----------------------------------------------------------------------------


def test_uint8_arithmetic_that_wraps(run, shell, setup_np):
    (f,) = deep(run, shell, "c = np.array([1, 2, 250], dtype=np.uint8) + 10", "dtype-overflow")
    assert f.lineno == 1 and f.bytes == 0
    assert "uint8" in f.message and "250 + 10 = 260 became 4" in f.message
    assert "uint16" in f.suggestion


def test_uint8_arithmetic_on_small_values_is_quiet(run, shell, setup_np):
    assert deep(run, shell, "c = np.array([1, 2, 3], dtype=np.uint8) + 1") == []


def test_judged_by_values_not_dtypes(run, shell, setup_np):
    # 3 + 250 = 253 still fits uint8: nothing wrapped, whatever the dtypes suggest.
    assert deep(run, shell, "b = np.array([1, 2, 3], dtype=np.uint8) + 250") == []
    (f,) = deep(run, shell, "b = np.array([1, 2, 6], dtype=np.uint8) + 250", "dtype-overflow")
    assert "6 + 250 = 256 became 0" in f.message


def test_cast_out_of_range(run, shell, setup_np):
    (f,) = deep(run, shell, "d = np.arange(100_000).astype(np.int16)", "dtype-overflow")
    assert "0..99999" in f.message and "int16" in f.message and "99999 became -31073" in f.message
    assert "np.int32" in f.suggestion


def test_cast_in_range_is_quiet(run, shell, setup_np):
    assert deep(run, shell, "d = np.arange(1000).astype(np.int16)") == []


def test_cast_of_a_name_bound_before(run, shell, setup_np):
    run("src = np.arange(70_000)")
    (f,) = deep(run, shell, "d = src.astype('uint16')", "dtype-overflow")
    assert "69999 became 4463" in f.message


def test_rebound_input_is_judged_by_its_value_as_the_line_ran(run, shell, setup_np):
    # After the cell `x` holds x * 100, not line 2's input: line 2 is judged by the values live
    # as it ran ([1, 2, 3] + 1 fits), line 3 by its own (3 * 100 does not).
    found = deep(run, shell, "x = np.array([1, 2, 3], dtype=np.uint8)\ny = x + 1\nx = x * 100")
    assert [(f.kind, f.lineno) for f in found] == [("dtype-overflow", 3)]
    assert "3 * 100 = 300 became 44" in found[0].message


def test_rebinding_line_that_wraps(run, shell, setup_np):
    (f,) = deep(run, shell, "x = np.array([1, 2, 250], dtype=np.uint8)\nx = x + 10", "dtype-overflow")
    assert f.lineno == 2 and "250 + 10 = 260 became 4" in f.message


def test_overflow_inside_a_function_the_cell_defines(run, shell, setup_np):
    body = "def scale(v):\n    return v * 200\n\ns = scale(np.array([1, 2], dtype=np.uint8))"
    (f,) = deep(run, shell, body, "dtype-overflow")
    assert f.lineno == 2 and "2 * 200 = 400 became 144" in f.message


def test_a_number_written_out_is_widened_with_the_scalar_type_of_the_cells_numpy_name(run, shell):
    # chaospy's clenshaw_curtis: `2**order` with int64 `order` wraps; a number has no `.astype`, and the cell
    # calls NumPy `numpy` (the session holds `np` too)
    run("import numpy\nimport numpy as np")
    (f,) = deep(run, shell, "order_w = numpy.array([100, 90])\nr_w = numpy.where(order_w > 0, 2**order_w, 0)",
                "dtype-overflow")
    assert "`numpy.float64(2) ** order_w`" in f.suggestion and ".astype" not in f.suggestion, f.suggestion
    assert eval("numpy.float64(2) ** order_w", {"numpy": np, "order_w": np.array([100, 90])})[0] == 2.0 ** 100


# -- precision-loss ----------------------------------------------------------------------------


def test_float32_changes_a_large_whole_number(run, shell, setup_np):
    (f,) = deep(run, shell, "f = np.array([1e10, 1e11], dtype=np.float32)", "precision-loss")
    assert "100000000000 became 99999997952" in f.message and "float64" in f.suggestion


def test_float32_exact_values_are_quiet(run, shell, setup_np):
    assert deep(run, shell, "f = np.array([1.5, 2.25], dtype=np.float32)") == []


def test_float32_of_random_floats_is_quiet(run, shell, setup_np):
    assert deep(run, shell, "r = np.random.rand(1000)\ns = r.astype(np.float32)") == []


def test_large_integers_cast_to_float32(run, shell, setup_np):
    (f,) = deep(run, shell, "n = np.arange(2**24, 2**24 + 10)\ng = n.astype(np.float32)", "precision-loss")
    assert f.lineno == 2 and "16777217 became 16777216" in f.message


# -- view-write --------------------------------------------------------------------------------


def test_write_through_a_view_changes_the_parent(run, shell, setup_np):
    (f,) = deep(run, shell, "a = np.arange(10)\nb = a[3:7]\nb[:] = 99", "view-write")
    assert f.lineno == 3 and "`a`" in f.message and "`b = a[3:7]`" in f.message
    assert "`a` is now [ 0,  1,  2, 99, 99, 99, 99,  7,  8,  9]" in f.message
    assert "b = a[3:7].copy()" in f.suggestion
    assert shell.user_ns["a"][3] == 99  # the cell ran as written


def test_in_place_operator_through_a_view(run, shell, setup_np):
    (f,) = deep(run, shell, "a = np.zeros((4, 4))\nrow = a[1]\nrow += 1", "view-write")
    assert f.lineno == 3 and "`a`" in f.message


def test_several_writes_through_one_view_are_one_finding(run, shell, setup_np):
    # From Python to NumPy's Game of Life writes through a ravel view on several lines
    cell = "Z = np.zeros(16)\nZ_ = Z.ravel()\nZ_[1] = 1\nZ_[[2, 3]] = Z_[[2, 3]]\nZ_[4] = 1\nZ_[5] += 1"
    (f,) = deep(run, shell, cell, "view-write")
    assert f.lineno == 3 and "Lines 5, 6 write through it too." in f.message
    # writing back the values already there changes nothing
    assert deep(run, shell, "Z = np.zeros(16)\nZ_ = Z.ravel()\nZ_[[2, 3]] = Z_[[2, 3]]", "view-write") == []


def test_a_view_bound_only_after_the_write_was_not_changed_by_it(run, shell, setup_np):
    # numpy-ml, a mixture model's M step: mu[ix, :] = ... in one loop, mu_c = mu[c, :] bound in a later loop
    cell = ("mu = np.arange(12.0).reshape(3, 4)\nfor ix in range(3):\n    mu[ix, :] = ix\n"
            "for c in range(3):\n    mu_c = mu[c, :]\n")
    assert deep(run, shell, cell, "view-write") == []
    # bound before the write, the view does change
    (f,) = deep(run, shell, "mu = np.arange(12.0).reshape(3, 4)\nmu_c = mu[0, :]\nmu[0, :] = 7", "view-write")
    assert f.lineno == 3 and "`mu_c`" in f.message


def test_write_through_a_second_name_for_the_same_array(run, shell, setup_np):
    # CS231n notes, backpropagation: `dscores = probs` is not a copy
    cell = "probs = np.ones((5, 3))\ndscores = probs\ndscores[range(5), [0, 1, 2, 0, 1]] -= 1\ndscores /= 5"
    (f,) = deep(run, shell, cell, "view-write")
    assert f.lineno == 3 and "which is `probs` itself" in f.message and "Line 4 writes through it too." in f.message
    assert "dscores = probs.copy()" in f.suggestion
    assert shell.user_ns["probs"][0, 0] == 0   # the cell ran as written
    # rebound to a new array before the write: nothing shared
    assert deep(run, shell, "probs = np.ones(5)\nd = probs\nd = d * 2\nd[0] = 1", "view-write") == []


def test_write_into_a_copy_is_quiet(run, shell, setup_np):
    assert deep(run, shell, "a = np.arange(10)\nb = a[3:7].copy()\nb[:] = 99") == []


def test_writing_rows_in_a_loop_is_quiet(run, shell, setup_np):
    # Walking the rows to fill them is the point of such a loop, not a surprise.
    assert deep(run, shell, "a = np.zeros((3, 4))\nfor row in a:\n    row[:] = 1") == []


def test_write_into_an_owner_is_quiet(run, shell, setup_np):
    assert deep(run, shell, "a = np.arange(10)\na[3:7] = 99") == []


# -- strided-loop ------------------------------------------------------------------------------


def test_loop_over_a_transpose(run, shell, setup_np):
    run("A = np.random.rand(500, 400)")
    (f,) = deep(run, shell, "t = 0.0\nfor col in A.T:\n    t += col.sum()", "strided-loop")
    assert f.lineno == 2 and "A.T" in f.message and "Measured" in f.message and "x)" in f.message
    assert "`for col in np.ascontiguousarray(A.T):`" in f.suggestion
    assert f.rewrite is None  # the copy costs memory: not a rewrite in the contract's sense


def test_column_slices_in_a_loop(run, shell, setup_np):
    run("A = np.random.rand(500, 400)")
    (f,) = deep(run, shell, "t = 0.0\nfor j in range(A.shape[1]):\n    t += A[:, j].sum()", "strided-loop")
    assert "A[:, j]" in f.message and "np.ascontiguousarray(A.T)" in f.suggestion


def test_column_slices_of_an_array_the_loop_writes_are_not_told_to_copy_it_first(run, shell, setup_np):
    """fast.ai's classical Gram-Schmidt: ``Q[:, i]`` read in a loop whose outer loop writes ``Q[:, j]``;
    a copy made before the loop would go stale, so the advice is to create ``Q`` in column order."""
    run("A = np.random.rand(600, 60)")
    body = ("Q = np.zeros(A.shape)\nfor j in range(A.shape[1]):\n    v = A[:, j].copy()\n"
            "    for i in range(j):\n        v -= np.dot(Q[:, i], v) * Q[:, i]\n    Q[:, j] = v / np.linalg.norm(v)")
    found = {f.lineno: f for f in deep(run, shell, body, "strided-loop")}
    assert "A.T" in found[2].suggestion, found
    assert "`Q` is written in the loop" in found[4].suggestion and "ascontiguousarray" not in found[4].suggestion


def test_column_slices_of_an_array_rebound_in_the_loop_are_told_to_keep_it_transposed(run, shell, setup_np):
    """linearmodels' singleton filter: ``cats[:, i]`` read in a loop whose outer loop rebinds ``cats =
    cats[~singleton]``, a new row-ordered array each pass: column order set once would help the first pass only."""
    run("cats = np.random.default_rng(0).integers(0, 1000, (200_000, 3))")
    body = ("num = 1\nwhile num > 0:\n    singleton = np.zeros(cats.shape[0], dtype=bool)\n"
            "    for i in range(3):\n        singleton |= cats[:, i] > 995\n"
            "    num = int(singleton.sum())\n    if num:\n        cats = cats[~singleton]")
    (f,) = deep(run, shell, body, "strided-loop")
    assert "rebound in the loop" in f.suggestion, f.suggestion
    assert "`cats_t = np.compress(~singleton, cats_t, axis=1)`" in f.suggestion, f.suggestion
    # what it says, checked: a selection of an F-ordered array is row-ordered again; compressing the transposed
    # copy keeps its rows contiguous (indexing it with the mask would not) and selects the same elements
    mask = np.random.default_rng(1).random(1000) < 0.5
    grid = np.random.default_rng(2).random((1000, 3))
    assert not np.asfortranarray(grid)[mask][:, 0].flags.c_contiguous
    kept = np.compress(mask, np.ascontiguousarray(grid.T), axis=1)
    assert kept[0].flags.c_contiguous and np.array_equal(kept.T, grid[mask])
    assert not np.ascontiguousarray(grid.T)[:, mask][0].flags.c_contiguous


def test_loop_over_rows_is_quiet(run, shell, setup_np):
    run("A = np.random.rand(500, 400)")
    assert deep(run, shell, "t = 0.0\nfor row in A:\n    t += row.sum()") == []


def test_loop_that_writes_into_its_rows_is_warned_about_the_copy(run, shell, setup_np):
    run("A = np.random.rand(500, 400)")
    (f,) = deep(run, shell, "for col in A.T:\n    col[:] = 0", "strided-loop")
    assert "writes into `col`" in f.suggestion


def test_a_loop_in_a_branch_that_did_not_run_is_quiet(run, shell, setup_np):
    """The other branch of the ``if`` was measured and the loop's was not: the loop never ran (a
    tutorial's slow path kept beside the fast one). Reversed, the loop runs and is told."""
    run("A = np.random.rand(500, 400)")
    body = "t = 0.0\nif {}:\n    for col in A.T:\n        t += col.sum()\nelse:\n    t = A.sum(axis=0).sum()"
    assert deep(run, shell, body.format("False"), "strided-loop") == []
    (f,) = deep(run, shell, body.format("True"), "strided-loop")
    assert f.lineno == 3


# -- base-retained -----------------------------------------------------------------------------


def test_small_view_keeps_a_deleted_base(run, shell, setup_np):
    (f,) = deep(run, shell, "big = np.ones(1_000_000)\nsmall = big[:10]\ndel big", "base-retained")
    assert f.lineno == 2 and f.bytes == 8_000_000 and "del big" in f.message
    assert f.rewrite == "big = np.ones(1_000_000)\nsmall = big[:10].copy()\ndel big"


def test_a_strided_window_view_counts_the_memory_it_reaches_not_its_windows(run, shell, setup_np):
    """``as_strided`` frames overlap: the wrapper array's nbytes counts each sample many times. Its
    base is still the signal, bound to its own name, so nothing is retained; deleted, the signal's
    own 8 MB is what stays (not the windows' 2 GB)."""
    cell = ("sig = np.ones(1_000_000)\n"
            "win = np.lib.stride_tricks.as_strided(sig, shape=(999_000, 1000), strides=(8, 8))[::100_000]")
    assert deep(run, shell, cell) == []
    (f,) = deep(run, shell, cell + "\ndel sig", "base-retained")
    assert abs(f.bytes - 8_000_000) <= 8_000 and "7.6 MiB array" in f.message


def test_small_copy_is_quiet(run, shell, setup_np):
    assert deep(run, shell, "big = np.ones(1_000_000)\nsmall = big[:10].copy()\ndel big") == []


def test_view_of_a_base_still_bound_is_quiet(run, shell, setup_np):
    assert deep(run, shell, "big = np.ones(1_000_000)\nsmall = big[:10]") == []


def test_views_sharing_a_base_are_told_once_at_the_one_the_others_come_from(run, shell, setup_np):
    """astroML's galaxy colours: ``data = data[::10]`` keeps the catalogue alive, and ``cls = data['c']``,
    made from it later, is a view of the same array: copying ``cls`` alone would free nothing, copying
    ``data`` first frees it all."""
    run("cat = np.zeros(1_000_000, dtype=[('a', 'f8'), ('c', 'U6')])")
    found = deep(run, shell, "cat = cat[::10]\ncls = cat['c']", "base-retained")
    assert [f.lineno for f in found] == [1] and "but `cls`, made from `cat` later in the cell" in found[0].message
    assert found[0].rewrite == "cat = cat[::10].copy()\ncls = cat['c']", found[0].rewrite


def test_a_view_of_what_a_frame_still_holds_is_quiet(run, shell, setup_np):
    """Cornell CS5785's iris subsample: ``X = frame.to_numpy()[:, :2]`` views the frame's own array, which
    the frame keeps alive whatever happens to ``X``."""
    pytest.importorskip("pandas")
    run("import pandas as pd\nframe_bh = pd.DataFrame(np.ones((1_000_000, 4)))")
    assert deep(run, shell, "X_bh = frame_bh.to_numpy()[::4, :2]") == []


# -- shown, exported, and never in the way -----------------------------------------------------


def test_rendered_without_bytes_and_exported(run, shell, setup_np, tmp_path):
    r = run("%%npguard\nc = np.array([1, 2, 250], dtype=np.uint8) + 10")
    (text,) = r.npguard_texts()
    assert "- line 1 [dtype-overflow]: `np.array" in text
    path = tmp_path / "r.json"
    run(f"%npguard report --json {path}")
    kinds = [f["kind"] for c in json.loads(path.read_text())["cells"] for f in c["findings"]]
    assert "dtype-overflow" in kinds


def test_light_mode_reports_no_hazards(run, shell, setup_np):
    run("c = np.array([1, 2, 250], dtype=np.uint8) + 10")
    assert hazards(shell) == []


def test_checks_skip_arrays_too_large_to_read(run, shell, setup_np):
    run("huge = np.zeros(20_000_001, dtype=np.int64)")
    assert deep(run, shell, "h = huge.astype(np.int8)") == []


def test_pure_function_never_raises_on_odd_source():
    assert find_hazards("x = (", {}) == ()
    assert find_hazards("for i in range(3):\n    y = undefined + 1", {"np": np}) == ()


def test_hazard_finding_renders_in_text():
    f = Finding("view-write", 3, 0, "wrote through `b`", "copy it")
    assert f.hazard and f.size_text == ""
    assert Finding("base-retained", 2, 8_000_000, "m", "s").size_text == "7.6 MiB"


def test_live_values_on_the_line_tracing_fallback(run, shell, setup_np, monkeypatch):
    from npguard import numpy_counter

    monkeypatch.setattr(numpy_counter, "ATTRIBUTES", False)
    (f,) = deep(run, shell, "x = np.array([1, 2, 250], dtype=np.uint8)\nx = x + 10", "dtype-overflow")
    assert f.lineno == 2


def test_large_input_plus_a_scalar_is_judged_by_its_range(run, shell, setup_np):
    # Redoing 2M elements of arithmetic would cost as much as the line: the input's min and max
    # bound the result of `x + c` exactly.
    run("big8 = np.full(2_000_000, 250, dtype=np.uint8)\nbig8[0] = 3")
    (f,) = deep(run, shell, "w = big8 + 10", "dtype-overflow")
    assert "spans 3..250" in f.message and "13..260" in f.message and "np.uint16" in f.suggestion
    assert deep(run, shell, "w = big8 - 3") == []


def test_strided_loop_over_a_large_array(run, shell, setup_np):
    run("L = np.zeros((1500, 1000))")
    (f,) = deep(run, shell, "for c in L[:, ::2].T:\n    pass", "strided-loop")
    assert "L[:, ::2].T" in f.message


def test_hazard_renders_without_bytes_in_html():
    from npguard.model import CellReport, Measurement
    from npguard.renderers import html

    report = CellReport(1, "b[:] = 99", "deep", Measurement(0.0),
                        findings=(Finding("view-write", 1, 0, "wrote through `b`", "copy it"),))
    head, details = html.render_head(report), html.render_details(report)
    assert "view-write</code>" in head and "wrote through" in head and "0 B" not in head
    assert "view-write</code>: wrote" in details and "<b>0 B</b>" not in details


def test_a_hazard_is_never_hidden_behind_a_quiet_status():
    from npguard.model import CellReport, Measurement, Sample
    from npguard.renderers import html

    m = Measurement(0.0, numpy=Sample(0, 24, 24))   # a few bytes: quiet as memory goes
    report = CellReport(3, "x = small + 10", "deep", m,
                        findings=(Finding("dtype-overflow", 1, 0, "250 + 10 became 4", "use uint16"),))
    head = html.render_head(report)
    assert "npguard-status-quiet" in head and "npguard-status-hazard" in head and "dtype-overflow" in head
    summary = " ".join(render_cell(report, width=80, expanded=False).split())   # the wrapped summary, one line
    assert "quiet" in summary and "hazard: dtype-overflow" in summary
    assert "Details: per-line" not in html.details_title(report, None) and "with rewrites" not in \
        html.details_title(report, None)


def test_creation_with_values_out_of_range(run, shell, setup_np):
    # NumPy 2 refuses the value (the cell raises, and the report still comes); NumPy 1.x wraps it.
    run("%%npguard\nu = np.array([1, 2, 300], dtype=np.uint8)")
    (f,) = hazards(shell, "dtype-overflow")
    assert "1..300" in f.message and "300 became 44" in f.message and "np.uint16" in f.suggestion


def test_del_of_a_base_whose_view_an_earlier_cell_made(run, shell, setup_np):
    run("big = np.ones(1_000_000)\nhead = big[:10]")
    (f,) = deep(run, shell, "del big", "base-retained")
    assert f.lineno == 1 and "`head`" in f.message and "head = head.copy()" in f.suggestion
    assert f.rewrite is None


def test_views_made_earlier_are_not_reported_again(run, shell, setup_np):
    run("big = np.ones(1_000_000)\nhead = big[:10]\ndel big")
    assert deep(run, shell, "x = 1") == []


# -- the checks as pure functions of source and values ----------------------------------------


def test_pure_view_write_from_a_namespace():
    a = np.arange(10)
    b = a[3:7]
    b[:] = 99
    (f,) = find_hazards("b[:] = 99", {"np": np, "a": a, "b": b})
    assert f.kind == "view-write" and "`a`" in f.message


def test_pure_line_check_uses_the_values_given():
    from npguard.hazards import line_hazards

    source = "x = x + 10"
    assert line_hazards(source, 1, {"np": np, "x": np.array([1, 250], dtype=np.uint8)})[0].kind == "dtype-overflow"
    assert line_hazards(source, 1, {"np": np, "x": np.array([1, 2], dtype=np.uint8)}) == ()
    # After the line, x holds the result: the end-of-cell check does not judge a rebound input.
    assert find_hazards(source, {"np": np, "x": np.array([11, 4], dtype=np.uint8)}) == ()


def test_a_strided_walk_measured_as_fast_as_a_contiguous_one_is_not_told_to_copy():
    """ml-coursera-python-assignments, numerical gradient: a 300 x 300 array's columns read as fast as rows
    (the CPU's caches hold it), so the copy is told to pay off only once the array grows; a measured
    slowdown keeps the advice as it is."""
    from npguard.hazards import _unless_cached

    advice = "Copy the columns into rows once before the loop, `P_cols = np.ascontiguousarray(P.T)`."
    assert _unless_cached(3.2, advice) == advice and _unless_cached(None, advice) == advice
    cached = _unless_cached(1.0, advice)
    assert cached.startswith("At this size the strided reads measured about as fast as contiguous ones (1.0x)")
    assert cached.endswith("If the array grows: copy the columns into rows once before the loop,"
                           " `P_cols = np.ascontiguousarray(P.T)`.")


def test_a_view_of_what_an_object_still_holds_is_quiet(run, shell, setup_np):
    """pyroomacoustics' ModeVector: ``sub = mv[100:200, :, 5]`` views ``mv.mode_vec``, which the object keeps
    alive whatever happens to ``sub``; copying ``sub`` would free nothing. A list holding the array is the same."""
    run("class Table_oh:\n    def __init__(self):\n        self.mode_vec = np.ones((500, 8, 250))\n"
        "    def __getitem__(self, ref):\n        return self.mode_vec[ref]")
    assert deep(run, shell, "mv_oh = Table_oh()\nsub_oh = mv_oh[100:200, :, 5]") == []
    assert deep(run, shell, "kept_oh = [np.ones(1_000_000)]\nsmall_oh = kept_oh[0][:10]") == []
    (f,) = deep(run, shell, "big_oh = np.ones(1_000_000)\nsmall_oh = big_oh[:10]\ndel big_oh", "base-retained")
    assert f.bytes == 8_000_000
