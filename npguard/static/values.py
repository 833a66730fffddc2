"""What the analysis knows about a value: an array's shape, dtype and strides, a scalar, a sequence.

Values come from the live namespace (``from_namespace`` reads only shapes, dtypes, strides and
bases of exact ``np.ndarray`` values, and Python scalars) or from the analysis itself.
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
# NumPy 2 imports these lazily, on first use: were the user's first ``np.random`` inside a measured cell, the
# import (which allocates) would run the analysis from inside itself and find the module half made
import numpy.fft  # noqa: F401
import numpy.linalg  # noqa: F401
import numpy.random  # noqa: F401

from npguard.static.prediction import ArrayInfo

class _Opaque:
    """A value the analysis knows nothing about."""

    __slots__ = ("label",)

    def __init__(self, label: str) -> None:
        self.label = label

    def __repr__(self) -> str:
        return self.label


UNKNOWN = _Opaque("UNKNOWN")


class _Pandas(_Opaque):
    """A pandas DataFrame, Series or Index: what pandas does with it is pandas' own business, so
    an operation on it is recorded as a site, never modelled."""

    __slots__ = ("names", "columns", "nbytes", "rows", "dtypes", "shape", "index_bytes")

    def __init__(self, names: tuple[str, ...], columns: Mapping[str, int] | None = None, nbytes: int = 0,
                 rows: int | None = None, dtypes: Mapping[str | None, np.dtype] | None = None,
                 shape: tuple[int, ...] | None = None, index_bytes: int = 0) -> None:
        super().__init__("pandas")
        self.names = names
        self.columns = columns or {}   # a DataFrame's columns (by name) and their bytes
        self.nbytes = nbytes           # its data's bytes, when read from the live object
        self.rows = rows               # its length, when read from the live object (``len(brfss)``)
        # the NumPy dtypes of a frame's columns (by name), or of a Series (under None): what NumPy
        # gets from it (columns of pandas' own dtypes, strings or categories, are left out)
        self.dtypes = dtypes or {}
        self.shape = shape             # a frame's or series' shape, when read from the live object
        self.index_bytes = index_bytes  # of ``nbytes``, what its index holds (0 when another object shares it)

    def column(self, label: str) -> _Pandas:
        """``df['col']`` of a frame read from the namespace: one column, a Series of the same length."""
        dtype = self.dtypes.get(label)
        return _Pandas(self.names, rows=self.rows, dtypes=None if dtype is None else {None: dtype},
                       shape=None if self.rows is None else (self.rows,))


NONE = _Opaque("None")


ELLIPSIS = _Opaque("...")


RNG = _Opaque("Generator")


#: An ndarray of unknown shape that pandas handed out (``df.values``, ``s.to_numpy()``): its methods are NumPy's.
PANDAS_ARRAY = _Opaque("ndarray")


@dataclass(eq=False)
class _Arr:
    """An array during the analysis: geometry, plus where its buffer came from."""

    shape: tuple[int, ...]
    dtype: np.dtype
    strides: tuple[int, ...]
    buf: int | None = None        # temporary index of the buffer this value keeps alive (this statement)
    fresh: bool = False           # owns ``buf`` and nothing else refers to it (refcount 1): elidable
    live: np.ndarray | None = None  # the namespace array it is, or is a view of
    origin: object = None         # identity of the underlying memory, for aliasing
    bcast_from: int | None = None  # nbytes before np.broadcast_to
    creation: str | None = None   # "np.ones(...)" when fresh from a creation call
    run: tuple[int, int] | None = None  # (start, stop) of np.arange(start, stop) with step 1

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def nbytes(self) -> int:
        return self.size * self.dtype.itemsize

    @property
    def c_contiguous(self) -> bool:
        return _contiguous(self.shape, self.strides, self.dtype.itemsize, c=True)

    @property
    def f_contiguous(self) -> bool:
        return _contiguous(self.shape, self.strides, self.dtype.itemsize, c=False)

    def info(self) -> ArrayInfo:
        return ArrayInfo(self.shape, self.dtype.name, self.nbytes, self.c_contiguous)

    def view(self, shape: tuple[int, ...], strides: tuple[int, ...], dtype: np.dtype | None = None) -> _Arr:
        return _Arr(tuple(shape), self.dtype if dtype is None else dtype, tuple(strides), buf=self.buf,
                    live=self.live, origin=self.origin, bcast_from=self.bcast_from)

    def settled(self) -> _Arr:
        """The value as a name holds it after its statement."""
        return _Arr(self.shape, self.dtype, self.strides, live=self.live, origin=self.origin,
                    bcast_from=self.bcast_from)

    def same(self, other: object) -> bool:
        return (isinstance(other, _Arr) and self.shape == other.shape and self.dtype == other.dtype
                and self.strides == other.strides and self.live is other.live)


@dataclass(frozen=True)
class _Scal:
    """A scalar: ``kind`` is a Python type (weak, NEP 50) or a NumPy dtype (strong)."""

    kind: Any
    value: Any = None

    def dtype_arg(self) -> Any:
        if isinstance(self.kind, np.dtype):
            return self.kind
        if self.kind is bool:
            return np.dtype(bool)
        return self.kind

    def as_array_dtype(self) -> np.dtype:
        """The dtype ``np.asarray(value)`` would give (strong)."""
        if isinstance(self.kind, np.dtype):
            return self.kind
        return np.asarray(self.kind(0) if self.value is None else self.value).dtype


@dataclass(frozen=True)
class _Seq:
    items: tuple[Any, ...]
    is_list: bool = False


def _listed(v: Any) -> Any:
    """A list of numbers (nested, rectangular) beside an array, ``x >= [[2**-28], [0.84375]]``: the small array
    NumPy makes of it, whose shape broadcasts and whose dtype counts (a list is no weak scalar); else ``v``."""
    found: list[Any] = []

    def shape(item: Any) -> tuple[int, ...]:   # (worked out, not built: no array is made while a line is read)
        if isinstance(item, _Seq) and item.items:
            inner = {shape(i) for i in item.items}
            if len(inner) != 1:
                raise ValueError   # ragged
            return (len(item.items),) + inner.pop()
        if isinstance(item, _Scal) and type(item.value) in (bool, int, float):
            found.append(item.value)
            return ()
        raise ValueError
    if not isinstance(v, _Seq) or not v.items or len(v.items) > 64:
        return v
    try:
        dims = shape(v)
    except ValueError:
        return v
    if any(type(x) is float for x in found):
        dtype = np.dtype(np.float64)
    elif any(type(x) is int for x in found):
        if not all(-2**63 <= x < 2**63 for x in found):
            return v
        dtype = np.dtype(np.int64)
    else:
        dtype = np.dtype(bool)
    return _Arr(dims, dtype, _c_strides(dims, dtype.itemsize)) if math.prod(dims) <= 4096 else v


@dataclass(frozen=True)
class _Dict:
    """A dict display: only its values matter (arrays in it are handed on whole)."""

    values: tuple[Any, ...]


@dataclass(frozen=True)
class _Range:
    value: range | None


@dataclass(frozen=True)
class _DType:
    dtype: np.dtype


@dataclass(frozen=True)
class _Limits:
    """``np.finfo(np.float64)``, ``np.iinfo(np.int32)``: a dtype's limits, read as they are."""
    info: Any


@dataclass(frozen=True)
class _Str:
    value: str


@dataclass(frozen=True)
class _Mod:
    name: str


@dataclass(frozen=True)
class _Func:
    name: str        # "numpy.sqrt", "builtins.len", "rng.random"


@dataclass(eq=False)
class _Method:
    obj: _Arr
    name: str


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, _Arr):
        return a.same(b)
    if isinstance(a, _Seq) and isinstance(b, _Seq):
        return len(a.items) == len(b.items) and all(_same(x, y) for x, y in zip(a.items, b.items))
    return a is b or (type(a) is type(b) and not isinstance(a, _Opaque) and a == b)


def _contiguous(shape, strides, itemsize, *, c: bool) -> bool:
    if 0 in shape:
        return True
    expected = itemsize
    pairs = zip(reversed(shape), reversed(strides)) if c else zip(shape, strides)
    for n, s in pairs:
        if n != 1:
            if s != expected:
                return False
            expected *= n
    return True


def _c_strides(shape, itemsize) -> tuple[int, ...]:
    out, acc = [], itemsize
    for n in reversed(shape):
        out.append(acc)
        acc *= max(n, 1)
    return tuple(reversed(out))


_ANY_NP_SCALAR = (np.generic,)


_PY_SCALARS = (bool, int, float, complex)


#: Lists and tuples of numbers up to this length are read item by item (an index list, say).
_SEQ_ITEMS = 100_000


#: What an ndarray subclass may not redefine for the analysis to treat it as an array (``np.matrix`` redefines
#: ``*`` and indexing, a masked array its operators and ufuncs, a memory map its indexing).
_ARRAY_BEHAVIOUR = ("__getitem__", "__setitem__", "__add__", "__sub__", "__mul__", "__truediv__", "__pow__",
                    "__matmul__", "__array_ufunc__", "__array_function__", "__array_wrap__", "__array_finalize__",
                    "__array_priority__", "__array_prepare__")


def _plain_subclass(value: Any) -> bool:
    """``class Param(np.ndarray): pass``: a subclass that changes nothing of how an array computes."""
    kind = type(value)
    return (isinstance(value, np.ndarray) and kind is not np.ndarray and kind.__module__.split(".")[0] != "numpy"
            and all(getattr(kind, name, None) is getattr(np.ndarray, name, None) for name in _ARRAY_BEHAVIOUR))


def _from_namespace(value: Any) -> Any:
    """Translate a live value into an analysis value, reading only what the contract allows."""
    if type(value) is np.ndarray or _plain_subclass(value):
        return _Arr(tuple(value.shape), value.dtype, tuple(value.strides), live=value, origin=value)
    if type(value) in _PY_SCALARS:
        return _Scal(type(value), value)
    if isinstance(value, _ANY_NP_SCALAR) and type(value).__module__ == "numpy":
        # The value matters on NumPy 1.x, which casts NumPy scalars by value too.
        return _Scal(value.dtype, value if value.dtype.kind in "biufc" else None)
    if value is None:
        return NONE
    if type(value) is range:
        return _Range(value)
    if type(value) is slice and all(p is None or type(p) is int for p in (value.start, value.stop, value.step)):
        return _SliceV(*(NONE if p is None else _Scal(int, p) for p in (value.start, value.stop, value.step)))
    if isinstance(value, tuple | list) and len(value) <= _SEQ_ITEMS and all(type(v) in _PY_SCALARS for v in value):
        return _Seq(tuple(_Scal(type(v), v) for v in value), isinstance(value, list))
    if (isinstance(value, tuple | list) and len(value) <= _SEQ_ITEMS and all(
            type(v) in _PY_SCALARS or (isinstance(v, _ANY_NP_SCALAR) and type(v).__module__ == "numpy")
            for v in value)):
        # ``(min(ra), max(ra))``: NumPy scalars, which keep their dtype (and run their own operators)
        return _Seq(tuple(_from_namespace(v) for v in value), isinstance(value, list))
    if type(value) in (tuple, list) and 0 < len(value) <= 32 and all(type(v) is np.ndarray for v in value):
        # ``idx = np.nonzero(mask)``: a tuple of index arrays, one per dimension; ``self.means``: a list of arrays
        return _Seq(tuple(_from_namespace(v) for v in value), type(value) is list)
    if value is np:
        return _Mod("numpy")
    if value is np.random:
        return _Mod("numpy.random")
    if type(value) is type(np) and getattr(value, "__name__", "").startswith("numpy."):
        return _Mod(value.__name__)   # ``import numpy.lib.recfunctions as rfn``: NumPy's own code
    if isinstance(value, np.dtype):
        return _DType(value)
    if isinstance(value, type) and issubclass(value, np.generic):
        return _DType(np.dtype(value))
    if isinstance(value, np.random.Generator):
        return RNG
    if type(value) is np.random.RandomState:
        return _Mod("numpy.random")   # its methods are the legacy np.random functions
    if isinstance(value, np.ufunc):
        if getattr(np, value.__name__, None) is value:
            return _Func("numpy." + value.__name__)
        return UNKNOWN
    for trick in ("r_", "mgrid", "ogrid"):
        if value is getattr(np, trick):
            return _Func("numpy." + trick)   # ``from numpy import r_``: the index trick under its NumPy name
    if value is typing.cast:
        return _Func("typing.cast")   # hands back its second argument, as it is
    name = getattr(value, "__name__", None)
    if callable(value) and isinstance(name, str):
        # ``from numpy.random import uniform``: the function, under its NumPy name
        for module in (np, np.random, np.linalg, np.fft):
            found = getattr(module, name, None)
            # ``from numpy.random import poisson``: a method of NumPy's global RandomState, made anew on
            # every lookup, so the same method compares equal rather than identical
            if found is value or getattr(value, "__self__", None) is not None and found == value:
                return _Func(f"{module.__name__}.{name}")
        if getattr(value, "__module__", None) == "numpy.matlib" and name == "repmat":
            return _Func("numpy.matlib.repmat")   # ``from numpy.matlib import repmat``
    return UNKNOWN


_BUILTIN_FUNCS = {"len", "range", "abs", "int", "float", "bool", "complex", "list", "slice", "max", "min", "sum", "pow",
                  "dict", "tuple", "set", "frozenset", "sorted"}


_BUILTIN_TYPES = {"int": int, "float": float, "bool": bool, "complex": complex}


class _SliceV:
    __slots__ = ("start", "stop", "step")

    def __init__(self, start, stop, step) -> None:
        self.start, self.stop, self.step = start, stop, step

    def _part(self, v):
        if v is NONE:
            return None
        if isinstance(v, _Scal) and isinstance(v.value, int) and not isinstance(v.value, bool):
            return v.value
        if isinstance(v, _Scal) and isinstance(v.value, np.integer):
            return int(v.value)   # ``indices[0, :nidx]`` with ``nidx`` from an integer array
        raise _Stop

    def known(self) -> bool:
        try:
            self.as_slice()
            return True
        except _Stop:
            return False

    def as_slice(self) -> slice:
        s = slice(self._part(self.start), self._part(self.stop), self._part(self.step))
        if s.step == 0:
            raise _Stop
        return s

    def indices(self, size) -> tuple[int, int, int]:
        return self.as_slice().indices(size)


def _k_strides(shape, itemsize, inputs) -> tuple[int, ...]:
    """Strides NumPy gives a new array in order 'K': the inputs' common memory order, else C."""
    perms = set()
    for v in inputs:
        if isinstance(v, _Arr) and v.shape == tuple(shape) and len(shape) > 1:
            if any(s == 0 for n, s in zip(v.shape, v.strides) if n > 1):
                continue
            perms.add(tuple(sorted(range(len(shape)), key=lambda i: -abs(v.strides[i]))))
    if len(perms) != 1:
        return _c_strides(shape, itemsize)
    perm = perms.pop()
    strides = [0] * len(shape)
    acc = itemsize
    for i in reversed(perm):
        strides[i] = acc
        acc *= max(shape[i], 1)
    return tuple(strides)

class _Stop(Exception):
    """Raised to abandon an expression whose value cannot be known."""

def _count(value) -> int:
    if isinstance(value, list):
        return sum(_count(v) for v in value) + 1
    return 1


def _holds_pandas(value) -> bool:
    """A pandas object, or a list or tuple holding one."""
    return isinstance(value, _Pandas) or isinstance(value, _Seq) and any(_holds_pandas(v) for v in value.items)
