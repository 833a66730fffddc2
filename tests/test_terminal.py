"""Terminal IPython: each cell's report prints right under it, before the next prompt."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_ipython(cells: list[str]) -> str:
    """What terminal IPython printed for ``cells``, in an 80-column terminal."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), COLUMNS="80")
    return subprocess.run(
        [sys.executable, "-m", "IPython", "--simple-prompt", "--no-banner", "--colors=NoColor",
         "--HistoryManager.hist_file=:memory:"],
        input="\n".join(cells) + "\n", capture_output=True, text=True, env=env, timeout=120,
    ).stdout


def test_report_prints_before_the_next_prompt():
    cells = ["%load_ext npguard", "import numpy as np", "a = np.ones(20_000_000); del a", "x = 1", "exit"]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run(
        [sys.executable, "-m", "IPython", "--simple-prompt", "--no-banner", "--colors=NoColor",
         "--HistoryManager.hist_file=:memory:"],
        input="\n".join(cells) + "\n", capture_output=True, text=True, env=env, timeout=120,
    ).stdout
    # Prompt numbers and what each printed, in order.
    blocks = re.split(r"In \[(\d+)\]: ", out)
    printed = {int(n): text for n, text in zip(blocks[1::2], blocks[2::2])}
    assert printed[3].startswith("npguard [3] memory pressure: temporaries 152."), out
    assert "npguard" not in printed[2] and "npguard" not in printed[4], out


def test_reports_fit_80_columns_and_read_at_a_glance():
    cells = ["%load_ext npguard", "import numpy as np", "a = np.random.rand(100_000, 100)",
             "b = a * 2 + a.mean(axis=0) - 1", "%npguard report", "exit"]
    out = run_ipython(cells)
    lines = [re.sub(r"^In \[\d+\]: ", "", line) for line in out.splitlines()]
    assert max(len(line) for line in lines) <= 80, out
    assert re.search(r"npguard \[3\] kept \+76\.3 MiB; peak \+76\.3 MiB \(NumPy arrays\)(; [\d.]+ s)?\n", out), out
    assert "npguard [4] memory pressure: temporaries 76.3 MiB" in out, out
    assert out.count("traced   not measured") == 1, out
    assert "3 cells recorded" in out and "cell(s)" not in out, out
    assert not any(line and not line.strip() for line in lines), out
