"""Terminal IPython: each cell's report prints right under it, before the next prompt."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
    assert printed[3].startswith("npguard [3] peak +152."), out
    assert "npguard" not in printed[2] and "npguard" not in printed[4], out
