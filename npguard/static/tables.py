"""Which NumPy names the rules answer for, by family."""

from __future__ import annotations

from npguard import facts

_REDUCTIONS = facts.REDUCTIONS
_REDUCE_DTYPE_POS = facts.REDUCE_DTYPE_POSITIONAL   # second positional argument is dtype
_CREATE_SHAPE = {"ones", "zeros", "empty", "full"}
_CREATE_LIKE = {"ones_like", "zeros_like", "empty_like", "full_like"}
_LEGACY_RANDOM_DIMS = {"rand": "float64", "randn": "float64"}
_LEGACY_RANDOM_SIZE = {"random": 0, "random_sample": 0, "sample": 0, "ranf": 0, "standard_normal": 0,
                       "uniform": 2, "normal": 2}
_GEN_RANDOM = {"random": 0, "standard_normal": 0, "uniform": 2, "normal": 2, "integers": 2,
               "exponential": 1, "standard_exponential": 0}
_JOINS = {"append", "concatenate", "vstack", "hstack", "stack", "row_stack", "column_stack"}
_ARRAY_METHODS = facts.ARRAY_METHODS
