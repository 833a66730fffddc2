"""Predict the NumPy buffers a cell allocates, from its source and the live shapes and dtypes.

Pure AST analysis: user code is never evaluated. From the namespace only the ``shape``,
``dtype``, ``strides``, ``flags``, ``base`` and ``nbytes`` of exact ``np.ndarray`` values are
read (plus Python scalars and literal tuples/lists), and ``np.shares_memory`` answers aliasing
questions. Anything else is unknown, and an unknown value gives no prediction: a missing
prediction costs less than a wrong one.

Every statement becomes a :class:`Statement` whose ``temporaries`` list what it allocates in
evaluation order. Two kinds are annotations rather than allocations of their own:
``"out-of-place-update"`` (``nbytes`` is the old array kept alive next to the new one) and
``"growing-array"`` (``nbytes`` is the final size after the loop). ``Statement.peak`` is the
predicted peak above the statement's start, following NumPy's order of allocation and release
and its temporary elision; ``Statement.result_index`` points at the temporary that allocated
the kept value (its kind is ``"result"`` unless the allocation has a nameable cause).

The package keeps three things apart: ``interpreter`` walks statements, names, operators and
indexing with no knowledge of NumPy's API; ``rules/`` holds that knowledge, one module per family
of calls (creation, ufuncs, reductions, shape, joins, linalg, random, ...), with the names each
family answers for in ``tables`` and what calls do with memory in ``npguard.facts``; ``dtypes``
holds NumPy's casting and broadcasting rules, ``values`` what the analysis knows about a value.

Like the rest of ``npguard/``, this package never imports IPython.
"""

from npguard.static.interpreter import analyze_cell, analyze_line, predict_line
from npguard.static.parsing import _parse  # noqa: F401 - its cache is part of what tests check
from npguard.static.prediction import ANNOTATION_KINDS, ArrayInfo, CallSite, CellPrediction, Statement

__all__ = ["ArrayInfo", "CallSite", "Statement", "CellPrediction", "analyze_cell", "analyze_line",
           "predict_line", "ANNOTATION_KINDS"]
