"""explain() on hand-built predictions and line figures: no NumPy code runs here."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from npguard.explain import MIN_ARRAY_BYTES, explain
from npguard.model import FINDING_KINDS, LineStat
from npguard.units import MiB, format_bytes

from _prediction import cell, info, nbytes, stmt, temp

BIG = (1000, 1250)  # 9.5 MiB as float64
N = nbytes(BIG, "float64")


@dataclass
class Arr:
    """A stand-in for an array in the namespace: explain reads only shape and dtype."""

    shape: tuple[int, ...]
    dtype: str = "float64"

    @property
    def ndim(self) -> int:
        return len(self.shape)


class NumpyModule:
    __name__ = "numpy"


def run(source, *statements, lines=(), threshold=MiB, namespace=None):
    return explain(cell(*statements), lines=lines, threshold=threshold, source=source,
                   namespace=namespace)


def only(findings, kind=None):
    assert len(findings) == 1, findings
    if kind:
        assert findings[0].kind == kind
    return findings[0]


SEED = "b = a * 2 + a.mean(axis=0) - 1\n"


def seed_stmt(**kw):
    return stmt(SEED, 1,
                temp(1, "a * 2", BIG, "chained-ops"),
                temp(1, "a.mean(axis=0)", (1250,), "chained-ops"),
                temp(1, "a * 2 + a.mean(axis=0)", BIG, "chained-ops", elided=True),
                temp(1, "a * 2 + a.mean(axis=0) - 1", BIG, "result"),
                result=info(BIG), **kw)


# ---------------------------------------------------------------- chained-ops


def test_seed_chain_is_split_into_in_place_steps():
    f = only(run(SEED, seed_stmt()), "chained-ops")
    assert f.lineno == 1
    assert f.bytes == N + nbytes((1250,), "float64")
    assert "`a * 2`" in f.message and format_bytes(N) in f.message
    assert "temporary elision" in f.message
    assert f.rewrite == "b = a * 2\nb += a.mean(axis=0)\nb -= 1\n"
    assert "in-place" in f.suggestion


def test_measured_figure_replaces_the_predicted_one_and_names_elision():
    lines = [LineStat(1, SEED.strip(), 1, N, 2 * N, N)]
    f = only(run(SEED, seed_stmt(), lines=lines))
    assert f.bytes == N
    assert "reuses" in f.message and "temporary elision" in f.message
    # no figure "without elision": the chain's temporaries are never all alive at once, so their sum is no peak
    assert "would need" not in f.message


def test_measurement_that_contradicts_the_prediction_drops_the_finding():
    lines = [LineStat(1, SEED.strip(), 1, N, N // 4, 1000)]
    assert run(SEED, seed_stmt(), lines=lines, threshold=N // 2) == ()


def test_measured_temporaries_below_threshold_with_big_peak_drop_the_cause():
    lines = [LineStat(1, SEED.strip(), 1, N, N, 1000)]
    assert run(SEED, seed_stmt(), lines=lines) == ()


def test_below_threshold_nothing():
    assert run(SEED, seed_stmt(), threshold=2 * N) == ()


def test_small_arrays_never_reported_even_at_zero_threshold():
    small = (100, 100)
    s = stmt(SEED, 1, temp(1, "a * 2", small, "chained-ops"), result=info(small))
    assert nbytes(small, "float64") < MIN_ARRAY_BYTES
    assert run(SEED, s, threshold=0) == ()


def test_only_elided_temporaries_cost_nothing():
    src = "b = a * 2 + 1\n"
    s = stmt(src, 1, temp(1, "a * 2", BIG, "chained-ops", elided=True), result=info(BIG))
    assert run(src, s) == ()


def test_in_place_updates_views_matmul_and_pure_python_are_quiet():
    src = "b += a\nv = a[::2]\nc = a @ a.T\nn = sum(range(10))\n"
    statements = [
        stmt(src, 1, in_place=True),
        stmt(src, 2),
        stmt(src, 3, temp(3, "a @ a.T", BIG, "chained-ops")),
        stmt(src, 4),
    ]
    assert run(src, *statements, threshold=0) == ()


def test_an_in_place_update_still_names_the_temporary_it_adds():
    """``b += a * 2`` writes into ``b``, but ``a * 2`` is built whole first."""
    src = "b += a * 2\n"
    f = only(run(src, stmt(src, 1, temp(1, "a * 2", BIG, "chained-ops"), in_place=True), threshold=0))
    assert f.kind == "chained-ops" and "`a * 2`" in f.message and f.rewrite is None


def test_chain_without_rewrite_when_first_step_has_another_dtype():
    src = "b = k * 2 / 3\n"
    s = stmt(src, 1, temp(1, "k * 2", BIG, "chained-ops", dtype="int64"),
             temp(1, "k * 2 / 3", BIG, "result"), result=info(BIG))
    f = only(run(src, s))
    assert f.rewrite is None
    assert "shape and dtype" in f.suggestion


def test_chain_without_rewrite_when_an_operand_is_full_size_too():
    src = "b = a * 2 + a * 3\n"
    s = stmt(src, 1, temp(1, "a * 2", BIG, "chained-ops"), temp(1, "a * 3", BIG, "chained-ops"),
             result=info(BIG))
    f = only(run(src, s))
    assert f.rewrite is None and "itself full size" in f.suggestion


def test_commutative_step_with_accumulator_on_the_right():
    src = "b = 1 + a * 2\n"
    s = stmt(src, 1, temp(1, "a * 2", BIG, "chained-ops"), result=info(BIG))
    assert only(run(src, s)).rewrite == "b = a * 2\nb += 1\n"


def test_non_commutative_step_with_accumulator_on_the_right_is_not_split():
    src = "b = 1 - a * 2\n"
    s = stmt(src, 1, temp(1, "a * 2", BIG, "chained-ops"), result=info(BIG))
    assert only(run(src, s)).rewrite is None


def test_reduction_of_a_power_becomes_einsum():
    src = "import numpy as np\ns = (a**2).sum()\n"
    s = stmt(src, 2, temp(2, "a**2", BIG, "chained-ops"))
    f = only(run(src, s))
    assert f.rewrite == "import numpy as np\ns = np.einsum('ij,ij->', a, a)\n"
    assert "allclose" in f.suggestion


def test_reduction_of_a_product_along_an_axis_becomes_einsum():
    src = "r = np.sqrt((a * b).sum(axis=1))\n"
    ns = {"np": NumpyModule(), "a": Arr(BIG), "b": Arr(BIG)}
    s = stmt(src, 1, temp(1, "a * b", BIG, "chained-ops"))
    f = only(run(src, s, namespace=ns))
    assert f.rewrite == "r = np.sqrt(np.einsum('ij,ij->i', a, b))\n"


def test_product_of_two_arrays_of_unknown_shape_gets_no_einsum():
    src = "r = (a * b).sum()\nx = np.ones(3)\n"
    s = stmt(src, 1, temp(1, "a * b", BIG, "chained-ops"))
    f = only(run(src, s))
    assert f.rewrite is None and "einsum" in f.suggestion


def test_integer_reduction_gets_no_einsum():
    src = "import numpy as np\ns = (k**2).sum()\n"
    s = stmt(src, 2, temp(2, "k**2", BIG, "chained-ops", dtype="int32"))
    assert only(run(src, s)).rewrite is None


# ---------------------------------------------------------------- broadcast-expansion

DIST = "import numpy as np\nd = ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)\n"


def test_broadcast_reduction_is_chunked_into_a_preallocated_result():
    big3 = (2000, 1500, 4)
    s = stmt(DIST, 2, temp(2, "x[:, None, :] - y[None, :, :]", big3, "broadcast-expansion"),
             temp(2, "(x[:, None, :] - y[None, :, :]) ** 2", big3, "chained-ops", elided=True),
             result=info((2000, 1500)))
    f = only(run(DIST, s, threshold=4 * MiB))
    assert format_bytes(nbytes(big3, "float64")) in f.message
    chunk = 4 * MiB // (1500 * 4 * 8)
    assert f.rewrite == (
        "import numpy as np\n"
        "d = np.empty((len(x), 1500), dtype=np.float64)\n"
        f"for _row in range(0, len(x), {chunk}):\n"
        f"    d[_row:_row + {chunk}] = ((x[_row:_row + {chunk}, None, :] - y[None, :, :]) ** 2).sum(-1)\n")


def test_broadcast_without_reduction_has_no_rewrite():
    src = "import numpy as np\nd = x[:, None] - y[None, :]\n"
    s = stmt(src, 2, temp(2, "x[:, None] - y[None, :]", (2000, 1500), "broadcast-expansion"),
             result=info((2000, 1500)))
    f = only(run(src, s))
    # the expansion is the line's result: nothing to chunk, only the shapes to check
    assert f.rewrite is None and "line's result" in f.suggestion and "(n, n)" in f.suggestion


def test_tile_suggests_broadcasting_without_rewrite():
    src = "import numpy as np\nc = a - np.tile(m, (1000, 1))\n"
    s = stmt(src, 2, temp(2, "np.tile(m, (1000, 1))", BIG, "broadcast-expansion"), result=info(BIG))
    f = only(run(src, s))
    assert "broadcasting" in f.suggestion and f.rewrite is None
    assert "np.tile" in f.message


# ---------------------------------------------------------------- forced-copy


def test_ascontiguousarray_of_a_transpose_becomes_the_view_when_unused_later():
    src = "import numpy as np\nc = np.ascontiguousarray(b.T)\nprint(c.shape)\n"
    s = stmt(src, 2, temp(2, "np.ascontiguousarray(b.T)", BIG, "forced-copy",
                          detail="b.T is not C-contiguous"), result=info(BIG))
    f = only(run(src, s), "forced-copy")
    assert f.rewrite == "import numpy as np\nc = b.T\nprint(c.shape)\n"
    assert "view" in f.suggestion


def test_copy_passed_to_a_call_later_keeps_no_rewrite():
    src = "c = b.copy()\nnp.random.shuffle(c)\n"
    s = stmt(src, 1, temp(1, "b.copy()", BIG, "forced-copy"), result=info(BIG))
    f = only(run(src, s))
    assert f.rewrite is None and "No rewrite" in f.suggestion


def test_same_dtype_astype_gets_copy_false():
    src = "import numpy as np\nc = a.astype(np.float64)\n"
    ns = {"np": NumpyModule(), "a": Arr(BIG)}
    s = stmt(src, 2, temp(2, "a.astype(np.float64)", BIG, "forced-copy"), result=info(BIG))
    f = only(run(src, s, namespace=ns))
    assert f.rewrite == "import numpy as np\nc = a.astype(np.float64, copy=False)\n"


def test_dtype_changing_astype_has_no_rewrite():
    src = "import numpy as np\nc = a.astype(np.float32)\n"
    ns = {"np": NumpyModule(), "a": Arr(BIG)}
    s = stmt(src, 2, temp(2, "a.astype(np.float32)", BIG, "forced-copy", dtype="float32"),
             result=info(BIG, "float32"))
    assert only(run(src, s, namespace=ns)).rewrite is None


def test_create_then_cast_passes_dtype():
    src = "import numpy as np\nw = np.ones(3_000_000).astype(np.float32)\n"
    s = stmt(src, 2, temp(2, "np.ones(3_000_000).astype(np.float32)", (3_000_000,), "forced-copy",
                          dtype="float32", creation="np.ones(3_000_000)", cast_from="float64"),
             result=info((3_000_000,), "float32"))
    f = only(run(src, s))
    assert f.rewrite == "import numpy as np\nw = np.ones(3_000_000, dtype=np.float32)\n"
    assert "`np.ones(3_000_000).astype(np.float32)` first creates" in f.message


def test_np_array_of_an_array_becomes_asarray_unless_written_later():
    src = "import numpy as np\nc = np.array(a)\nt = c.sum()\n"
    s = stmt(src, 2, temp(2, "np.array(a)", BIG, "forced-copy"), result=info(BIG))
    assert only(run(src, s)).rewrite == "import numpy as np\nc = np.asarray(a)\nt = c.sum()\n"
    src2 = "import numpy as np\nc = np.array(a)\nc[0] = 1\n"
    s2 = stmt(src2, 2, temp(2, "np.array(a)", BIG, "forced-copy"), result=info(BIG))
    assert only(run(src2, s2)).rewrite is None


def test_kept_copy_is_measured_by_the_line_peak():
    src = "c = b.copy()\n"
    s = stmt(src, 1, temp(1, "b.copy()", BIG, "forced-copy"), result=info(BIG))
    lines = [LineStat(1, "c = b.copy()", 1, N, N + 4096, 0)]
    assert only(run(src, s, lines=lines)).bytes == N + 4096


# ---------------------------------------------------------------- dtype-upcast


def test_upcast_names_the_dtypes_and_never_rewrites():
    src = "z = x32 + y64\n"
    ns = {"x32": Arr(BIG, "float32"), "y64": Arr(BIG, "float64")}
    s = stmt(src, 1, temp(1, "x32 + y64", BIG, "dtype-upcast", detail="float32 + float64 -> float64"),
             result=info(BIG))
    f = only(run(src, s, namespace=ns), "dtype-upcast")
    assert "float32 and float64 promoted to float64" in f.message
    assert "`y64.astype(np.float32)`" in f.suggestion
    assert f.rewrite is None


def test_upcast_dtypes_from_the_prediction_without_namespace():
    src = "z = k / 3\n"
    s = stmt(src, 1, temp(1, "k / 3", BIG, "dtype-upcast", detail="int16 / int -> float64", inputs=("int16", "int")),
             result=info(BIG))
    f = only(run(src, s))
    assert "int16 promoted to float64" in f.message
    assert "np.float32(3)" in f.suggestion and f.rewrite is None


# ---------------------------------------------------------------- fancy-index-copy

ROWS = (2000, 1000)


def test_consecutive_index_list_becomes_a_slice():
    src = "import numpy as np\nc = a[[3, 4, 5, 6]]\nm = c.mean()\n"
    s = stmt(src, 2, temp(2, "a[[3, 4, 5, 6]]", (4, 100_000), "fancy-index-copy"), result=info((4, 100_000)))
    f = only(run(src, s))
    assert f.rewrite == "import numpy as np\nc = a[3:7]\nm = c.mean()\n"


def test_arange_index_becomes_a_slice_but_not_when_written_later():
    src = "import numpy as np\nc = a[np.arange(10, 1010)]\n"
    s = stmt(src, 2, temp(2, "a[np.arange(10, 1010)]", ROWS, "fancy-index-copy"), result=info(ROWS))
    assert only(run(src, s)).rewrite == "import numpy as np\nc = a[10:1010]\n"
    src2 = src + "c *= 2\n"
    s2 = stmt(src2, 2, temp(2, "a[np.arange(10, 1010)]", ROWS, "fancy-index-copy"), result=info(ROWS))
    assert only(run(src2, s2)).rewrite is None


def test_boolean_mask_is_explained_in_words_only():
    src = "c = a[a > 0.5] * 2\n"   # computed with (kept whole, the selection would be the result)
    s = stmt(src, 1, temp(1, "a[a > 0.5]", (1_000_000,), "fancy-index-copy"))
    f = only(run(src, s))
    # made once and computed with: nothing is spent twice, and no slice could give the selection
    assert f.kind == "chained-ops" and f.rewrite is None and "which no slice could give" in f.message
    assert "made once in this cell" in f.message and "`where=`" in f.suggestion
    # made twice: making it once saves one
    twice = src + "d = a[a > 0.5] + 1\n"
    f = only(run(twice, s))
    assert f.kind == "fancy-index-copy" and "which no slice can name" in f.suggestion


# ---------------------------------------------------------------- growing-array

GROW = ("import numpy as np\n"
        "out = np.empty(0)\n"
        "for i in range(40):\n"
        "    out = np.append(out, np.full(50_000, i))  # grows\n"
        "print(out.size)\n")


def test_growing_array_collects_pieces_and_concatenates_once():
    s = stmt(GROW, 4, temp(4, "np.append(out, np.full(50_000, i))", (2_000_000,), "growing-array"),
             loop_count=40)
    f = only(run(GROW, s), "growing-array")
    assert "40 iterations" in f.message and format_bytes(16_000_000 * 41 // 2) in f.message
    # new pieces: a list of them meets the final array at the end as old and new did, so no rewrite
    assert f.rewrite is None and "only preallocating the final array" in f.suggestion, f
    views = GROW.replace("np.full(50_000, i)", "rows[i, :50_000]")
    s = stmt(views, 4, temp(4, "np.append(out, rows[i, :50_000])", (2_000_000,), "growing-array"), loop_count=40)
    assert only(run(views, s), "growing-array").rewrite == (
        "import numpy as np\n"
        "out = np.empty(0)\n"
        "out_parts = [out]\n"
        "for i in range(40):\n"
        "    out_parts.append(rows[i, :50_000])  # grows\n"
        "out = np.concatenate([np.ravel(p) for p in out_parts])\n"
        "print(out.size)\n")


def test_growing_vstack_with_unknown_count_has_no_rewrite_but_concatenate_does():
    src = ("import numpy as np\nwhile len(rows) < 9:\n"
           "    rows = np.concatenate([rows, piece], axis=0)\n")
    s = stmt(src, 3, temp(3, "np.concatenate([rows, piece], axis=0)", (4_000_000,), "growing-array"),
             in_loop=True)
    f = only(run(src, s))
    assert f.rewrite is None and "used elsewhere in the loop" in f.suggestion
    src = "import numpy as np\nfor p in pieces:\n    rows = np.vstack([rows, p])\n"
    s = stmt(src, 3, temp(3, "np.vstack([rows, p])", (4_000_000,), "growing-array"), in_loop=True)
    assert only(run(src, s)).rewrite is None


def test_growing_measured_by_peak_or_net():
    s = stmt(GROW, 4, temp(4, "np.append(out, np.full(50_000, i))", (2_000_000,), "growing-array"),
             loop_count=40)
    lines = [LineStat(4, "", 40, 16_000_000, 32_000_000, 0)]
    assert only(run(GROW, s, lines=lines)).bytes == 32_000_000


# ---------------------------------------------------------------- out-of-place-update



def test_out_of_place_arithmetic_becomes_augmented():
    src = "b = a * 2\nb = b * 2\n"
    s = stmt(src, 2, temp(2, "b", BIG, "out-of-place-update", in_place_safe=True), result=info(BIG))
    f = only(run(src, s), "out-of-place-update")
    assert f.rewrite == "b = a * 2\nb *= 2\n"


def test_seed_sqrt_rebinding_writes_into_out():
    src = "import numpy as np\nfor _ in range(3):\n    b = np.sqrt(b)\n"
    s = stmt(src, 3, temp(3, "b", BIG, "out-of-place-update", in_place_safe=True), result=info(BIG))
    assert only(run(src, s)).rewrite == "import numpy as np\nfor _ in range(3):\n    np.sqrt(b, out=b)\n"


def test_out_of_place_unsafe_detail_or_alias_keeps_no_rewrite():
    src = "x = x * 2\n"
    s = stmt(src, 1, temp(1, "x", BIG, "out-of-place-update", in_place_safe=False, unsafe_because=("y shares x's memory",)),
             result=info(BIG))
    f = only(run(src, s))
    assert f.rewrite is None and "y shares x's memory" in f.suggestion
    src = "v = x[:10]\nx = x * 2\n"
    s = stmt(src, 2, temp(2, "x", BIG, "out-of-place-update", in_place_safe=True), result=info(BIG))
    f = only(run(src, s))
    assert f.rewrite is None and "view of `x`" in f.suggestion


def test_out_of_place_with_dtype_change_keeps_no_rewrite():
    src = "x = x * 2.5\n"
    s = stmt(src, 1, temp(1, "x", BIG, "out-of-place-update", dtype="int64", in_place_safe=True),
             result=info(BIG))
    assert only(run(src, s)).rewrite is None


# ---------------------------------------------------------------- whole-cell rewrites


def test_untouched_lines_and_indentation_survive_byte_for_byte():
    src = ("def f(a):  # helper\n"
           "\tif True:\n"
           "\t\tb = a * 2 + 1.0  # keep me\r\n"
           "\treturn b\n"
           "x = 1   ")
    s = stmt(src, 3, temp(3, "a * 2", BIG, "chained-ops"), result=info(BIG))
    f = only(run(src, s))
    assert f.rewrite == ("def f(a):  # helper\n\tif True:\n\t\tb = a * 2\n\t\tb += 1.0  # keep me\r\n"
                         "\treturn b\nx = 1   ")


def test_two_findings_on_one_line_each_rewrite_stands_alone():
    src = "import numpy as np\nx = x * 2 + 1\n"
    s = stmt(src, 2, temp(2, "x * 2", BIG, "chained-ops"),
             temp(2, "x", BIG, "out-of-place-update", in_place_safe=True), result=info(BIG))
    fs = run(src, s)
    assert [f.kind for f in fs] == ["chained-ops", "out-of-place-update"]
    assert fs[0].rewrite == "import numpy as np\nx = x * 2\nx += 1\n"
    assert fs[1].rewrite == "import numpy as np\nx *= 2\nx += 1\n"
    lines = [LineStat(2, "", 1, 0, 3 * N, 2 * N)]
    fs = run(src, s, lines=lines)
    assert [f.bytes for f in fs] == [N, N]  # neither claims the other's bytes


def test_unparseable_cell_still_explains_without_rewrites():
    src = "%time b = a * 2 + 1\n"
    s = stmt(src, 1, temp(1, "a * 2", BIG, "chained-ops"), result=info(BIG))
    f = only(run(src, s))
    assert f.rewrite is None


@pytest.mark.parametrize("kind", FINDING_KINDS)
def test_every_kind_has_message_and_suggestion(kind):
    src = "import numpy as np\nfor i in range(5):\n    x = f(x)\n"
    s = stmt(src, 3, temp(3, "f(x)", BIG, kind), loop_count=5)
    f = only(run(src, s), kind)
    assert f.lineno == 3 and f.bytes == N
    assert f.message and f.suggestion and "MiB" in f.message


def test_create_then_cast_named_by_its_intermediate():
    src = "import numpy as np\nw = np.ones(3_000_000).astype(np.float32)\n"
    s = stmt(src, 2, temp(2, "np.ones(3_000_000)", (3_000_000,), "forced-copy", creation="np.ones(3_000_000)",
                          cast_from="float64"),
             result=info((3_000_000,), "float32"))
    assert only(run(src, s)).rewrite == "import numpy as np\nw = np.ones(3_000_000, dtype=np.float32)\n"


def test_out_of_place_update_kept_by_other_code_is_not_made_in_place():
    src = "for i in range(3):\n    hist.append(x)\n    x = x * 2\n"
    s = stmt(src, 3, temp(3, "x", BIG, "out-of-place-update", in_place_safe=True), result=info(BIG),
             loop_count=3)
    f = only(run(src, s))
    assert f.rewrite is None and "handed to other code" in f.suggestion


@pytest.mark.parametrize("later", ["np.copyto(c, 0)", "shuffle(c)", "lst = [c]", "np.copyto(a, 0)",
                                   "c.fill(0)", "a[:] = 0"])
def test_asarray_rewrite_refused_when_either_side_may_change_later(later):
    src = f"import numpy as np\nc = np.array(a)\n{later}\n"
    s = stmt(src, 2, temp(2, "np.array(a)", BIG, "forced-copy"), result=info(BIG))
    assert only(run(src, s)).rewrite is None


def test_asarray_rewrite_allowed_next_to_pure_numpy_reads():
    src = "import numpy as np\nc = np.array(a)\nprint(np.sum(c), len(c))\n"
    s = stmt(src, 2, temp(2, "np.array(a)", BIG, "forced-copy"), result=info(BIG))
    assert only(run(src, s)).rewrite is not None


def test_chain_that_reads_its_own_target_later_is_not_split():
    src = "b = a * 2 + b\n"
    s = stmt(src, 1, temp(1, "a * 2", BIG, "chained-ops"), result=info(BIG))
    assert only(run(src, s)).rewrite is None
    src = "b = b * 2 + 1\n"
    s = stmt(src, 1, temp(1, "b * 2", BIG, "chained-ops"), result=info(BIG))
    assert only(run(src, s)).rewrite == "b = b * 2\nb += 1\n"


def test_multi_line_statement_is_rewritten_at_its_indentation():
    src = "if True:\n    b = (a * 2\n         + 1)\nc = 0\n"
    s = stmt(src, 2, temp(2, "a * 2", BIG, "chained-ops"), result=info(BIG))
    s = type(s)(**{**{f: getattr(s, f) for f in s.__dataclass_fields__}, "end_lineno": 3,
                   "text": "b = (a * 2\n         + 1)"})
    assert only(run(src, s)).rewrite == "if True:\n    b = a * 2\n    b += 1\nc = 0\n"


@pytest.mark.parametrize("src,expr", [
    ("b = a * 2 + 1  # é\n", "a *"),          # unparseable expression text
    ("x = 1; b = a * 2 + 1\n", "a * 2"),      # statement sharing a line
    ("b = a * 2 + 1\n", "c * 9"),             # text the predictor saw differently
    ("", "a * 2"),                            # empty source
])
def test_odd_inputs_never_raise(src, expr):
    s = stmt(src or "b = a\n", 1, temp(1, expr, BIG, "chained-ops"), result=info(BIG))
    for kind in FINDING_KINDS:
        s2 = stmt(src or "b = a\n", 1, temp(1, expr, BIG, kind, in_place_safe=True), result=info(BIG),
                  loop_count=2)
        run(src, s2)
    run(src, s)


def test_chained_temporaries_each_get_their_own_size():
    src = "z = np.sin(x) ** 10 + np.cos(y * x)\n"
    s = stmt(src, 1, temp(1, "np.sin(x)", (400_000,), "chained-ops"), temp(1, "y * x", (2000, 2000), "chained-ops"),
             result=info((2000, 2000)))
    (f,) = run(src, s)
    assert "each" not in f.message
    assert "`np.sin(x)`, 3.1 MiB" in f.message and "`y * x`, 30.5 MiB" in f.message
