"""Running a cell (or its rewrite) for real: namespace, tracemalloc peak, value comparison."""

from __future__ import annotations

import ast
import gc
import tracemalloc

import numpy as np


def namespace(setup: str) -> dict:
    ns: dict = {}
    exec(setup, ns)
    return ns


def bound_names(code: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(code))
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def peak(setup: str, code: str) -> tuple[int, dict]:
    ns = namespace(setup)
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        exec(code, ns)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    return peak, ns


def same(a, b, approx: bool) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) or isinstance(a, np.generic):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        close = approx and a.dtype.kind in "fc"   # records and strings compare exactly
        return bool(np.allclose(a, b) if close else np.array_equal(a, b))
    return a == b


def peak_apart(setup: str, code: str, names: list[str]) -> tuple[int, dict]:
    """``peak`` in a fresh interpreter, returning only ``names``: for code that makes millions of
    Python objects, whose traces would leave this process's heap full of free pages (a later
    array can land on them, and RSS figures of the tests after it would depend on the order)."""
    import pickle
    import subprocess
    import sys

    script = ("import pickle, sys\nsys.path.insert(0, %r)\nfrom _runcell import peak\n"
              "p, ns = peak(%r, %r)\nsys.stdout.buffer.write(pickle.dumps((p, {k: ns[k] for k in %r})))\n"
              % (str(__import__("pathlib").Path(__file__).parent), setup, code, list(names)))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    return pickle.loads(out.stdout)

