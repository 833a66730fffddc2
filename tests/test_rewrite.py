"""npguard.rewrite: combining the fixes of several findings into one rewrite of the cell."""

from __future__ import annotations

from npguard.rewrite import combined

SOURCE = "a = np.ones(n).astype(np.float32)\nb = a * 2 + 1\nc = np.ascontiguousarray(b.T)\n"


def test_changes_on_different_lines_combine():
    first = SOURCE.replace("np.ones(n).astype(np.float32)", "np.ones(n, dtype=np.float32)")
    second = SOURCE.replace("b = a * 2 + 1\n", "b = a * 2\nb += 1\n")
    assert combined(SOURCE, [first, second]) == (
        "a = np.ones(n, dtype=np.float32)\nb = a * 2\nb += 1\nc = np.ascontiguousarray(b.T)\n")


def test_one_change_or_the_same_change_twice_is_not_a_combination():
    first = SOURCE.replace("b = a * 2 + 1", "b = a * 2\nb += 1")
    assert combined(SOURCE, [first]) is None
    assert combined(SOURCE, [first, first]) is None
    assert combined(SOURCE, []) is None


def test_overlapping_changes_do_not_combine():
    first = SOURCE.replace("b = a * 2 + 1", "b = a * 2\nb += 1")
    second = SOURCE.replace("b = a * 2 + 1", "del b\nb = a * 2 + 1")
    assert combined(SOURCE, [first, second]) is None


def test_a_change_at_the_very_start_or_end_combines():
    src = "x = a * 2 + 1\ny = b * 3 + 1"
    first = "x = a * 2\nx += 1\ny = b * 3 + 1"
    second = "x = a * 2 + 1\ny = b * 3\ny += 1"
    assert combined(src, [first, second]) == "x = a * 2\nx += 1\ny = b * 3\ny += 1"


def test_a_dropped_copy_is_left_out_beside_an_in_place_write_into_it():
    src = "def f(x, n):\n    y = x.copy()\n    y = y / y.max()\n    z = np.arange(n) * 2.0\n    return y, z\n"
    share = src.replace("y = x.copy()", "y = x")
    in_place = src.replace("y = y / y.max()", "y /= y.max()")
    typed = src.replace("np.arange(n) * 2.0", "np.arange(n, dtype=np.float64) * 2.0")
    # together, `y /= y.max()` would divide the caller's x: the copy stays, the other two combine
    assert combined(src, [share, in_place, typed], [True, False, False]) == (
        "def f(x, n):\n    y = x.copy()\n    y /= y.max()\n    z = np.arange(n, dtype=np.float64) * 2.0\n    return y, z\n")
    # a dropped copy of a name nothing writes into combines as before
    assert combined(src, [share, typed], [True, False]) == (
        "def f(x, n):\n    y = x\n    y = y / y.max()\n    z = np.arange(n, dtype=np.float64) * 2.0\n    return y, z\n")
