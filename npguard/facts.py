"""What NumPy (and pandas) calls do with memory: one table, read by the predictor and the explainer.

Teaching npguard a function starts here: a row saying whether it returns a view, always
copies, writes into an argument, reduces, or builds full-size temporaries inside that
npguard does not model one by one (then its memory is attributed to the call itself,
the ``inside-call`` finding). Names are NumPy's own, without the ``numpy.`` prefix;
methods of ``ndarray`` are listed apart because ``a.sum()`` and ``np.sum(a)`` share a
name but not a signature.
"""

from __future__ import annotations

#: Reductions: the result drops (or keeps, with keepdims) the reduced axes.
REDUCTIONS = frozenset({
    "sum", "mean", "max", "min", "std", "var", "prod", "any", "all", "argmax", "argmin",
    "amax", "amin", "nansum", "nanmean", "nanmax", "nanmin",
})

#: Reductions whose second positional argument is ``dtype``.
REDUCE_DTYPE_POSITIONAL = frozenset({"sum", "mean", "std", "var", "prod", "nansum", "nanmean", "nanprod",
                                     "nanstd", "nanvar"})

#: ``ndarray`` methods the predictor models.
ARRAY_METHODS = frozenset({
    "sum", "mean", "max", "min", "std", "var", "prod", "any", "all", "argmax", "argmin",
    "copy", "astype", "reshape", "ravel", "flatten", "view", "transpose", "swapaxes", "squeeze",
    "cumsum", "cumprod", "round", "clip", "argsort", "sort", "fill", "dot", "item", "tolist",
    "conj", "conjugate", "take",
})

#: Methods and functions that return a view of their input (no data copied).
VIEW_METHODS = frozenset({"reshape", "view", "ravel", "transpose", "swapaxes", "squeeze", "T", "real",
                          "imag", "diagonal"})
VIEW_FUNCTIONS = frozenset({"asarray", "asanyarray", "ravel", "reshape", "transpose", "swapaxes", "squeeze",
                            "broadcast_to", "expand_dims", "moveaxis", "rollaxis", "atleast_1d", "atleast_2d",
                            "atleast_3d", "real", "imag"})

#: Functions that return a list of views of their first argument, one per part.
SPLIT_FUNCTIONS = frozenset({"split", "array_split", "hsplit", "vsplit", "dsplit"})

#: Methods that write into the array they are called on.
MUTATING_METHODS = frozenset({"sort", "fill", "put", "resize", "itemset", "setfield", "partition",
                              "byteswap", "setflags"})
#: NumPy functions that write into an argument (or never copy what they are given).
MUTATING_FUNCTIONS = frozenset({"copyto", "put", "place", "putmask", "fill_diagonal", "put_along_axis",
                                "random", "asarray", "asanyarray", "frombuffer", "broadcast_to", "lib",
                                "ndarray", "shares_memory"})

#: Creators that take the shape (or a template) and a ``dtype=`` keyword: creating in the wanted
#: dtype avoids a create-then-cast. The value is the dtypes the keyword accepts (None: any).
CREATORS_WITH_DTYPE: dict[str, frozenset[str] | None] = {
    "ones": None, "zeros": None, "empty": None, "full": None, "ones_like": None, "zeros_like": None,
    "empty_like": None, "full_like": None, "arange": None, "eye": None, "identity": None,
    "array": None, "asarray": None,   # ``np.asarray([lo, hi], dtype='int64')`` casts while it converts
    "random.randint": frozenset({"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                                 "uint64"}),
    "Generator.integers": frozenset({"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                                     "uint64"}),
    "Generator.random": frozenset({"float32", "float64"}),
    "Generator.standard_normal": frozenset({"float32", "float64"}),
    "Generator.standard_exponential": frozenset({"float32", "float64"}),
}

#: NumPy functions that work through their input in fixed-size blocks: what they allocate inside does not grow
#: with the input, so running them on smaller pieces saves nothing.
BLOCKWISE = frozenset({"histogram"})

#: NaN-ignoring reductions whose NumPy code copies its input with the NaNs replaced (and masks them), whatever the
#: input is: a pandas object is first made an array, not handed to its own method.
NAN_COPYING = frozenset({"nansum", "nanmean", "nanprod", "nanstd", "nanvar"})

#: Calls that build full-size temporaries inside NumPy's own code, which npguard does not model one
#: by one: their memory is attributed to the call. The value says what they allocate, for people.
HIDDEN_TEMPORARIES: dict[str, str] = {
    "unique": ("a flat copy of its input, which it sorts (NumPy 2.3 and later find the values with a hash table"
               " instead when no indices or counts are asked for), and index arrays when asked for them"),
    **{fn: "a copy of its input with the NaNs replaced, and masks of the NaNs" for fn in NAN_COPYING},
    "histogram": ("arrays for one block of 65536 elements at a time: bin indices for equal-width bins,"
                  " a sorted copy of the block for given edges (and the block's weights when given)"),
    "histogram2d": "index arrays the size of its input",
    "histogramdd": "index arrays the size of its input",
    "ptp": "the maximum and the minimum along the axis, before it subtracts them",
    "nan_to_num": "a copy of its input (unless `copy=False`) and masks of the NaNs and infinities it replaces",
    "take": "a contiguous copy of its input when the input is not contiguous (a transposed or strided view)",
    "percentile": "a partitioned copy of its input",
    "quantile": "a partitioned copy of its input",
    "median": "a partitioned copy of its input",
    "average": "the product of its input and the weights, when it is given weights",
    "nanmedian": "a partitioned copy of its input",
    "nanpercentile": "a partitioned copy of its input",
    "cov": "a centred copy of its input",
    "corrcoef": "a centred copy of its input",
    "linalg.norm": ("the squared values when it reduces (ord=None or 2 over an axis), or the absolute values"
                    " (ord=inf, -inf or 1)"),
    "linalg.solve": "copies of its operands in Fortran order",
    "linalg.inv": "a copy of its operand",
    "linalg.svd": "copies of its operand and workspaces",
    "linalg.eig": "copies of its operand and workspaces",
    "linalg.lstsq": "copies of its operands and workspaces",
    "allclose": "full-size arrays of its own (the difference, its absolute value, the tolerance and the mask)",
    "isclose": "full-size arrays of its own (the difference, its absolute value and the tolerance)",
    "isin": "sorted copies of both inputs",
    "in1d": "sorted copies of both inputs",
    "setdiff1d": "sorted copies of both inputs",
    "intersect1d": "sorted copies of both inputs",
    "union1d": "sorted copies of both inputs",
    "einsum": "intermediate products when it cannot contract in one pass",
    "polyfit": ("the Vandermonde matrix of its input (a column per coefficient), that matrix squared to scale"
                " its columns, and float copies of both inputs"),
    "gradient": ("a full-size difference of its input; given coordinate arrays, also their spacings and the"
                 " weights they give (about six arrays of the input's size, measured)"),
    "diff": ("the differences before the last when `n` > 1, besides the difference it returns (it subtracts two"
             " views of its input)"),
    "lexsort": ("its keys as one array when they are Python lists (numbers become int64),"
                " besides the order it returns"),
    "argsort": ("its input as an array when it is not one (a tuple of lists becomes a 2-D int64 array) and,"
                " along an axis whose elements are strided (`axis=0` of a C-ordered array), a contiguous copy of"
                " one lane at a time with its order, besides the order it returns"),
    "where": "an int64 index array per dimension for every position its one-argument form selects"
             " (`a[cond]` needs only the mask, when it covers every dimension of `a`)",
    "nonzero": "an int64 index array per dimension for every nonzero position (`a[cond]` needs only the mask, when"
               " it covers every dimension of `a`)",
    "argwhere": ("`np.nonzero`'s int64 index arrays (one per dimension, an element per nonzero position),"
                 " then copied into the one array it returns"),
    "fft.fft": "a complex copy of a real input, besides the complex array it returns",
    "fft.rfft": "a copy of its input when it is not contiguous float64, besides the complex array it returns",
    "fft.ifft": "a complex copy of a real input, besides the complex array it returns",
    "fft.fft2": ("a new complex array for each axis it transforms (and a complex copy of a real input),"
                 " the last of which it returns"),
    "fft.ifft2": ("a new complex array for each axis it transforms (and a complex copy of a real input),"
                  " the last of which it returns"),
    "fft.fftn": ("a new complex array for each axis it transforms (and a complex copy of a real input),"
                 " the last of which it returns"),
    "fft.ifftn": ("a new complex array for each axis it transforms (and a complex copy of a real input),"
                  " the last of which it returns"),
    "loadtxt": "parsed rows before the final array",
    "genfromtxt": "parsed rows before the final array",
}

#: What a call makes inside when its first argument is complex already (no complex copy is needed).
HIDDEN_FOR_COMPLEX_INPUT = {
    "fft.fft": "only the complex array it returns, its input being complex already",
    "fft.ifft": "only the complex array it returns, its input being complex already",
}

#: NumPy's membership tests choose their method by the inputs (``kind=None``): integers whose values span a range
#: no wider than about six times the two inputs' sizes are looked up in a table instead of being sorted.
_TABLE = ("for these integer inputs, when the second one's values span a narrow range (its `kind='table'` method),"
          " a boolean table over that range, masks of the first input's elements within it, and a copy of those"
          " elements shifted to index the table; otherwise sorted copies of both inputs")
HIDDEN_FOR_INTEGER_INPUTS = {"isin": _TABLE, "in1d": _TABLE}

#: NumPy functions whose hidden temporaries hold one copy of their input, its size and dtype
#: (``np.cov`` converts to float64 first: its copy is the input's size only when that is float64).
HIDDEN_INPUT_COPY: dict[str, str | None] = {
    "cov": "float64", "corrcoef": "float64", "median": None, "percentile": None, "quantile": None,
    "nanmedian": None, "nanpercentile": None,
}

#: NumPy functions that allocate nothing but the array they return (their arguments aside).
RESULT_ONLY_FUNCTIONS = frozenset({"outer", "concatenate", "stack", "vstack", "hstack", "column_stack", "cumsum",
                                   "cumprod", "clip", "diff", "sort", "arange", "zeros", "ones", "empty", "full",
                                   "zeros_like", "ones_like", "empty_like", "full_like", "eye", "identity"})

#: Calls whose hidden temporaries exist only when an optional argument is given: the parameter's name
#: and position (``np.average`` makes the product only when it is given weights).
HIDDEN_ONLY_WITH: dict[str, tuple[str, int]] = {
    "average": ("weights", 1),
}

#: Calls whose hidden temporaries come only with their first argument alone: ``np.where(cond)`` builds index
#: arrays, ``np.where(cond, x, y)`` only its result.
HIDDEN_ONLY_ALONE = frozenset({"where"})

#: pandas methods whose ``inplace=True`` writes into the frame's own arrays (measured on pandas 3: its peak
#: is a fraction of the rebinding form's). Others take ``inplace`` but build the new frame all the same
#: (``drop``, ``dropna``, ``sort_values``, ``where``, ``drop_duplicates``, ...).
PANDAS_IN_PLACE = frozenset({"fillna", "ffill", "bfill", "replace", "clip", "interpolate"})

#: pandas methods whose result has the same rows as the frame or series they are called on and shares its
#: index's buffer (measured on pandas 3): ``df = df.apply(f)`` frees the old data, not the old index.
PANDAS_KEEPS_INDEX = frozenset({"apply", "fillna", "ffill", "bfill", "round", "astype", "clip", "abs", "where",
                                "mask", "transform", "shift", "diff", "pct_change", "cumsum", "cumprod", "cummax",
                                "cummin", "interpolate", "rename", "copy", "replace", "assign", "drop", "rank",
                                "map", "add", "sub", "mul", "div", "truediv", "pow"})

#: pandas constructors that copy a NumPy array they are given unless told ``copy=False``
#: (pandas 3 copies by default: copy-on-write).
PANDAS_COPYING_CONSTRUCTORS = frozenset({"DataFrame", "Series"})
