"""NumPy's own rules for result dtypes and shapes: casting (NEP 50 on NumPy 2, by value on 1.x),
broadcasting, reshaping without a copy, and the sizes at which NumPy reuses temporaries.
"""

from __future__ import annotations

import functools
import itertools
import math
import warnings
from typing import Any

import numpy as np

from npguard.static.values import _Arr, _Scal, _Stop
from npguard.static.tables import _REDUCE_DTYPE_POS

#: NumPy reuses a refcount-1 temporary in place only from this size on (NPY_MIN_ELIDE_BYTES).
#: NumPy before 2.0 casts Python scalars (and 0-d arrays) by their value (NEP 50 ended that).
_VALUE_BASED_CASTING = np.lib.NumpyVersion(np.__version__) < "2.0.0"


ELIDE_BYTES = 256 * 1024


@functools.lru_cache(maxsize=512)
def _reduce_dtype(fn: str, dtype: np.dtype, dtype_kw: np.dtype | None) -> np.dtype:
    """What a reduction returns, asked of NumPy on a one-element dummy of our own."""
    dummy = np.ones(1, dtype)
    fn = {"amax": "max", "amin": "min"}.get(fn, fn)
    with np.errstate(all="ignore"):
        if fn.startswith("nan"):
            res = getattr(np, fn)(dummy, dtype=dtype_kw) if fn in ("nansum", "nanmean") else getattr(np, fn)(dummy)
        elif dtype_kw is not None and fn in _REDUCE_DTYPE_POS:
            res = getattr(dummy, fn)(dtype=dtype_kw)
        else:
            res = getattr(dummy, fn)()
    return np.asarray(res).dtype


@functools.lru_cache(maxsize=256)
def _var_internal_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype of the full-size ``arr - mean`` that ``std``/``var`` allocate inside."""
    if dtype.kind in "biu":
        return np.dtype(np.float64)
    if dtype == np.float16:
        return np.dtype(np.float32)
    return dtype


def _weak_scalars_supported() -> bool:
    try:
        return np.add.resolve_dtypes((np.dtype(np.uint8), int, None))[2] == np.uint8
    except Exception:
        return False


#: NumPy 2 (NEP 50) resolves Python scalars as "weak"; NumPy 1.x casts by value instead.
_WEAK = _weak_scalars_supported()


def _ufunc_out_dtype(uf: np.ufunc, operands: list[Any]) -> np.dtype:
    """The output dtype NumPy picks for this ufunc and these operands (raises _Stop when it would fail)."""
    if not all(isinstance(v, (_Arr, _Scal)) for v in operands):
        raise _Stop
    if _VALUE_BASED_CASTING:
        return _legacy_out_dtype(uf, operands)
    args = [v.dtype if isinstance(v, _Arr) else v.dtype_arg() for v in operands]
    try:
        return np.dtype(uf.resolve_dtypes(tuple(args) + (None,) * uf.nout)[uf.nin])
    except Exception:   # no loop for these dtypes: NumPy would raise
        raise _Stop from None


def _clip_ufunc() -> np.ufunc | None:
    for module in ("numpy._core.umath", "numpy.core.umath"):
        try:
            found = getattr(__import__(module, fromlist=["clip"]), "clip", None)
        except ImportError:
            continue
        if isinstance(found, np.ufunc):
            return found
    return None


#: What ``np.clip(a, lo, hi)`` runs; its output dtype promotes all three operands.
_CLIP_UFUNC = _clip_ufunc()


#: Up to this many combinations of possible scalar values are tried on NumPy 1.x.
_LEGACY_COMBINATIONS = 64


def _legacy_out_dtype(uf: np.ufunc, operands: list[Any]) -> np.dtype:
    """NumPy 1.x's choice, found by running the ufunc on one-element stand-ins.

    NumPy before 2.0 casts every scalar operand by its value (Python scalars, NumPy scalars such
    as ``b.sum()`` or ``np.int64(3)``, and 0-d arrays) when arrays of at least one dimension
    are in the same call: ``int16_array + b.sum()`` stays int16. Its rules (categories, small
    unsigned values that also fit the signed type) are NumPy's own business, so the stand-ins
    let NumPy decide: an array becomes one zero of its dtype, a scalar its value. A scalar
    whose value is not known is tried at the edges of every size its dtype spans; the dtype is
    predicted only when they all agree.
    """
    choices = [_legacy_stand_ins(v) for v in operands]
    if math.prod(len(c) for c in choices) > _LEGACY_COMBINATIONS:
        raise _Stop
    found = set()
    for combo in itertools.product(*choices):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                out = uf(*combo)
        except Exception:   # no loop for these operands: NumPy would raise
            raise _Stop from None
        found.add(np.asarray(out[0] if uf.nout > 1 else out).dtype)
    if len(found) != 1:
        raise _Stop   # the result depends on a value the analysis does not know
    return found.pop()


def _legacy_stand_ins(v: Any) -> list[Any]:
    """Objects that NumPy 1.x casts the way it would cast ``v`` (every case when unknown)."""
    if isinstance(v, _Arr):
        if v.shape:
            return [np.zeros(1, v.dtype)]
        return [np.array(x, v.dtype) for x in _edge_values(v.dtype)]
    if isinstance(v.kind, np.dtype):
        values = [v.value] if v.value is not None else _edge_values(v.kind)
        return [v.kind.type(x) for x in values]
    if v.value is not None:
        return [v.value]
    return [v.kind(x) for x in _edge_values(v.as_array_dtype())]


@functools.lru_cache(maxsize=64)
def _edge_values(dtype: np.dtype) -> tuple[Any, ...]:
    """Values of ``dtype`` whose smallest types span every type a value of it can need."""
    if dtype.kind == "b":
        return (False, True)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        edges = {0, info.max, info.min}
        for bits in (8, 16, 32):
            for edge in (2 ** (bits - 1) - 1, 2 ** (bits - 1), 2 ** bits - 1, 2 ** bits,
                         -(2 ** (bits - 1)), -(2 ** (bits - 1)) - 1):
                if info.min <= edge <= info.max:
                    edges.add(edge)
        return tuple(sorted(edges))
    if dtype.kind in "fc":
        top = float(np.finfo(dtype).max)
        return tuple(x for x in (0.0, 1e5, 1e39, top) if x <= top)
    return (0,)


def _shape_of(vals) -> tuple[int, ...]:
    return () if not isinstance(vals, _Arr) else vals.shape


def _broadcast(*values) -> tuple[int, ...]:
    try:
        return tuple(np.broadcast_shapes(*[_shape_of(v) for v in values]))
    except ValueError:
        raise _Stop from None


def _norm_axis(axis, ndim) -> int:
    if not -ndim <= axis < ndim:
        raise _Stop
    return axis % ndim


def _nocopy_reshape(shape, strides, newshape) -> tuple[int, ...] | None:
    """NumPy's ``_attempt_nocopy_reshape`` (C order): the view's strides, or None when a copy is needed."""
    olddims = [n for n in shape if n != 1]
    oldstrides = [s for n, s in zip(shape, strides) if n != 1]
    newstrides = [0] * len(newshape)
    oi, oj, ni, nj = 0, 1, 0, 1
    newnd, oldnd = len(newshape), len(olddims)
    while ni < newnd and oi < oldnd:
        np_, op = newshape[ni], olddims[oi]
        while np_ != op:
            if np_ < op:
                np_ *= newshape[nj]
                nj += 1
            else:
                op *= olddims[oj]
                oj += 1
        for ok in range(oi, oj - 1):
            if oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1]:
                return None
        newstrides[nj - 1] = oldstrides[oj - 1]
        for nk in range(nj - 1, ni, -1):
            newstrides[nk - 1] = newstrides[nk] * newshape[nk]
        ni, nj = nj, nj + 1
        oi, oj = oj, oj + 1
    last = newstrides[ni - 1] if ni >= 1 else 0
    for nk in range(ni, newnd):
        newstrides[nk] = last
    return tuple(newstrides)


def _fmt_dtype(v) -> str:
    if isinstance(v, _Arr):
        return v.dtype.name
    if isinstance(v, _Scal):
        return v.kind.name if isinstance(v.kind, np.dtype) else v.kind.__name__
    return "?"


def _fast_power(base: _Arr, exponent: _Scal) -> str | None:
    """The ufunc NumPy runs for ``base ** exponent`` instead of power, if any (it can work in place)."""
    v, k = exponent.value, exponent.kind
    if base.dtype.kind not in "biufc":
        return None
    if k is int and v == 2:
        return "square"
    if base.dtype.kind not in "fc":
        return None
    if k is float and v == 0.5:
        return "sqrt"
    if k is int and v == -1:
        return "reciprocal"
    return None
