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
