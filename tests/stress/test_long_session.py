"""A long session: npguard's own memory stays bounded, and reset frees it."""

from __future__ import annotations

import tracemalloc

import pytest

pytestmark = pytest.mark.stress


def npguard_bytes(snapshot: tracemalloc.Snapshot) -> int:
    """Bytes alive that were allocated by npguard's own code (either package)."""
    keep = [tracemalloc.Filter(True, "*npguard/*"), tracemalloc.Filter(True, "*npguard_ipython/*")]
    return sum(stat.size for stat in snapshot.filter_traces(keep).statistics("filename"))


def test_five_thousand_cells(ipshell):
    from IPython.utils.capture import capture_output

    from npguard_ipython import extension

    ipshell.run_line_magic("load_ext", "npguard")
    ext = extension.get(ipshell)
    tracemalloc.start(1)
    try:
        with capture_output():
            for i in range(5000):
                ipshell.run_cell(f"x_{i % 7} = {i} * 2\n# padding so each source is a few dozen bytes long")
        assert len(ext.history) == ext.history.maxlen == 1000
        held = npguard_bytes(tracemalloc.take_snapshot())
        # 1000 kept reports of a few hundred bytes each; far below the 20 MiB budget.
        assert held < 20 * 1024**2, held
        ipshell.run_line_magic("npguard", "reset")
        freed = npguard_bytes(tracemalloc.take_snapshot())
        assert len(ext.history) == 0
        assert freed < held / 10
        print(f"npguard held {held / 1024**2:.2f} MiB after 5000 cells, {freed / 1024**2:.3f} MiB after reset")
    finally:
        tracemalloc.stop()
        ipshell.run_line_magic("unload_ext", "npguard")
