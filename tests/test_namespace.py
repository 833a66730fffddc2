"""Which names hold memory: npguard.namespace on plain dicts of real arrays."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

from npguard.namespace import LIMIT, scan

MiB = 1024**2


def big(mib: int = 2) -> np.ndarray:
    return np.zeros(mib * MiB // 8)


def by_names(view):
    return {h.names: h for h in view.holdings}


def test_a_view_is_counted_once():
    a = big(4)
    ns = {"a": a, "at": a.T, "every_other": a[::2], "head": a[:10]}
    view, _ = scan(ns)
    assert [h.names for h in view.holdings] == [("a", "at", "every_other", "head")]
    assert view.total_bytes == a.nbytes
    assert view.holdings[0].shape == a.shape  # the largest of the names describes the buffer


def test_a_small_view_holds_its_whole_base():
    base = big(8)
    view, _ = scan({"head": base[:10]})  # 80 bytes seen, 8 MiB kept alive
    assert view.holdings[0].nbytes == base.nbytes


def test_arrays_over_one_foreign_buffer_are_counted_once():
    raw = bytearray(2 * MiB)
    x = np.frombuffer(raw, dtype=np.uint8)
    y = np.frombuffer(memoryview(raw), dtype=np.float64)  # another memoryview: another owner
    assert x.base is not y.base
    view, _ = scan({"x": x, "y": y})
    assert len(view.holdings) == 1 and view.holdings[0].names == ("x", "y")
    assert view.total_bytes == 2 * MiB


def test_small_private_and_ipython_names_are_skipped():
    ns = {"small": np.zeros(10), "_hidden": big(), "Out": {1: big()}, "In": [], "kept": big(),
          "not_an_array": [big()], 3: big()}
    view, _ = scan(ns)
    assert [h.names for h in view.holdings] == [("kept",)]


def test_memmaps_are_not_held_memory(tmp_path):
    m = np.memmap(tmp_path / "m.bin", dtype=np.float64, mode="w+", shape=(MiB,))
    view, _ = scan({"m": m, "mv": m[::2]})
    assert view.holdings == ()
    del m


def test_first_scan_lists_the_largest_without_changes():
    view, _ = scan({"a": big(2), "b": big(6)})
    assert not view.compared
    assert [h.names for h in view.holdings] == [("b",), ("a",)]
    assert all(h.change == "" for h in view.holdings)


def test_changes_since_the_previous_scan():
    a, b, c = big(2), big(2), big(2)
    _, snap = scan({"a": a, "b": b, "c": c})
    b2 = big(2)  # b rebound to a new buffer of the same size
    c2 = big(5)  # c rebound to a larger one
    view, _ = scan({"a": a, "b": b2, "c": c2, "d": big(3), "a_view": a[1:]}, snap)
    assert view.compared
    h = by_names(view)
    assert h[("d",)].change == "new" and h[("d",)].delta == 3 * MiB
    assert h[("c",)].change == "grew" and h[("c",)].delta == 3 * MiB
    assert h[("b",)].change == "rebound"
    assert h[("a", "a_view")].change == "same"  # a new name for an old buffer holds nothing new
    assert [x.names for x in view.changed] == [("c",), ("d",), ("b",)]  # changed first, largest first
    assert [x.names for x in view.unchanged] == [("a", "a_view")]


def test_snapshot_keeps_nothing_alive_and_sees_reused_addresses():
    a = big(2)
    _, snap = scan({"a": a})
    alive = weakref.ref(a)
    del a
    gc.collect()
    assert alive() is None
    again = big(2)  # may reuse the freed object's address: an id() comparison would call it "same"
    view, _ = scan({"a": again}, snap)
    assert view.holdings[0].change == "rebound"


def test_scan_is_bounded():
    ns = {f"x{i}": big(1) for i in range(LIMIT + 7)}
    view, _ = scan(ns)
    assert len(view.holdings) == LIMIT and view.skipped == 7


def test_min_bytes():
    view, _ = scan({"a": np.zeros(1000)}, min_bytes=1000)
    assert view.holdings[0].nbytes == 8000


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "a b"])
def test_odd_names_pass_through(name):
    view, _ = scan({name: big()})
    assert view.holdings[0].names == (name,)


def test_pandas_frames_are_listed_with_the_bytes_of_their_numpy_blocks():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(0)
    a = rng.random((200_000, 12))
    df = pd.DataFrame(rng.random((200_000, 12)))
    wrapped = pd.DataFrame(a, copy=False)      # shares a's buffer: counted once, with a
    column = df[0]                             # a view of df's block
    mixed = pd.DataFrame({"i": np.arange(500_000), "f": np.ones(500_000)})
    view, _ = scan({"df": df, "a": a, "wrapped": wrapped, "column": column, "mixed": mixed})
    by_names = {h.names: h for h in view.holdings}
    assert by_names[("a", "wrapped")].nbytes == a.nbytes
    assert by_names[("column", "df")].nbytes == df.to_numpy().nbytes
    assert by_names[("column", "df")].dtype == "DataFrame float64"
    assert by_names[("column", "df")].shape == (200_000, 12)
    # one int64 block and one float64 block
    assert by_names[("mixed",)].nbytes == 500_000 * 8 * 2 and by_names[("mixed",)].dtype == "DataFrame mixed"
