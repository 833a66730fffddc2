"""npguard: why did NumPy memory spike here?

Import boundary (an invariant, checked by a test): nothing in ``npguard`` imports
IPython or ipywidgets at module level. ``import npguard`` works in a plain
script, where the script API (``memory_watcher``, ``register_array``,
``report``, ``suggest``, ``watch``, ``last``, ``reset``; see ``npguard.api``)
measures and explains blocks, and ``with budget("4 GiB"):`` (``npguard.guard``)
makes an allocation past a memory budget fail with an explanation. The IPython edge lives in ``npguard_ipython`` and
is imported only by ``load_ipython_extension`` below, when IPython itself asks
for it.
"""

from __future__ import annotations

from ._version import __version__
from .api import last, memory_watcher, register_array, report, reset, suggest, watch
from .guard import budget
from .units import format_bytes, parse_bytes

__all__ = [
    "__version__",
    "budget",
    "format_bytes",
    "last",
    "load_ipython_extension",
    "memory_watcher",
    "parse_bytes",
    "register_array",
    "report",
    "reset",
    "suggest",
    "unload_ipython_extension",
    "watch",
]


def load_ipython_extension(ipython) -> None:
    """``%load_ext npguard``: start the per-cell report and register ``%npguard``."""
    from npguard_ipython.extension import load

    load(ipython)


def unload_ipython_extension(ipython) -> None:
    """``%unload_ext npguard``: remove every callback and restore what npguard changed."""
    from npguard_ipython.extension import unload

    unload(ipython)
