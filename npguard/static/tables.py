"""Which NumPy names the rules answer for, by family."""

from __future__ import annotations

from npguard import facts

_REDUCTIONS = facts.REDUCTIONS
_REDUCE_DTYPE_POS = facts.REDUCE_DTYPE_POSITIONAL   # second positional argument is dtype
_CREATE_SHAPE = {"ones", "zeros", "empty", "full"}
_CREATE_LIKE = {"ones_like", "zeros_like", "empty_like", "full_like"}
_LEGACY_RANDOM_DIMS = {"rand": "float64", "randn": "float64"}
#: Distributions both APIs share: the position of ``size`` among the arguments. They draw float64,
#: except the counting ones (``_RANDOM_COUNTS``), which draw int64.
_DISTRIBUTIONS = {"standard_normal": 0, "uniform": 2, "normal": 2, "exponential": 1, "standard_exponential": 0,
                  "gamma": 2, "standard_gamma": 1, "beta": 2, "lognormal": 2, "laplace": 2, "logistic": 2,
                  "gumbel": 2, "chisquare": 1, "standard_t": 1, "standard_cauchy": 0, "rayleigh": 1,
                  "weibull": 1, "pareto": 1, "power": 1, "triangular": 3, "vonmises": 2, "wald": 2, "f": 2,
                  "binomial": 2, "poisson": 1, "geometric": 1, "negative_binomial": 2, "hypergeometric": 3,
                  "zipf": 1, "logseries": 1}
_RANDOM_COUNTS = frozenset({"binomial", "poisson", "geometric", "negative_binomial", "hypergeometric", "zipf",
                            "logseries"})
#: Legacy functions that hold a second buffer of their output's size while they draw (measured).
_LEGACY_RANDOM_EXTRA = {"poisson": ("inside the legacy np.random.poisson: a second buffer of its output's size,"
                                    " held while it draws (the Generator's poisson draws without one)")}
_LEGACY_RANDOM_SIZE = {"random": 0, "random_sample": 0, "sample": 0, "ranf": 0, **_DISTRIBUTIONS}
_GEN_RANDOM = {"random": 0, "integers": 2, **_DISTRIBUTIONS}
_JOINS = {"append", "concatenate", "vstack", "hstack", "dstack", "stack", "row_stack", "column_stack"}
_ARRAY_METHODS = facts.ARRAY_METHODS
