"""The IPython/Jupyter edge of npguard: hooks, magics and display. Nothing here is needed in a script."""

from __future__ import annotations

from .extension import load as load_ipython_extension, unload as unload_ipython_extension

__all__ = ["load_ipython_extension", "unload_ipython_extension"]
