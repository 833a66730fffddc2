"""The core package never pulls IPython in: it must work in a plain script."""

from __future__ import annotations

import subprocess
import sys


def test_import_npguard_does_not_import_ipython():
    code = (
        "import sys, npguard, npguard.meter, npguard.session, npguard.renderers.html\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('IPython', 'ipywidgets', 'traitlets'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
