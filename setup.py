"""Builds npguard's optional C extension; all metadata lives in pyproject.toml.

The extension is ``optional``: without a C compiler (or NumPy headers) the
build of ``npguard._npcount`` fails with a warning, npguard installs as pure
Python, and ``npguard.numpy_counter`` reports the counter as unavailable.
"""

from __future__ import annotations

from setuptools import Extension, setup

try:
    import numpy
except ImportError:  # a build without NumPy present: pure Python only
    numpy = None

ext_modules = []
if numpy is not None:
    ext_modules.append(
        Extension(
            "npguard._npcount",
            sources=["npguard/_npcount.c"],
            depends=["npguard/_npattr.h", "npguard/_npwatch.h"],
            include_dirs=[numpy.get_include()],
            optional=True,
        )
    )

setup(ext_modules=ext_modules)
