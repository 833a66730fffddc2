"""Arrays made from nothing or from literals: ``ones``, ``full``, ``arange``, ``linspace``, ``eye``, ``array``."""

from __future__ import annotations

import math
import warnings

import numpy as np

from npguard.static.tables import _CREATE_LIKE, _CREATE_SHAPE
from npguard.static.values import NONE, UNKNOWN, _Arr, _Pandas, _PY_SCALARS, _Scal, _Seq, _Stop, _count


#: NumPy functions this family answers for, and the interpreter method that does.
FUNCTIONS = {
    **dict.fromkeys(_CREATE_SHAPE, "np_create"),
    **dict.fromkeys(_CREATE_LIKE, "np_create_like"),
    "arange": "np_arange",
    "linspace": "np_linspace",
    "eye": "np_eye", "identity": "np_eye",
    **dict.fromkeys(("copy", "array", "asarray", "asanyarray", "ascontiguousarray", "asfortranarray", "matrix"),
                    "array_like"),
}


class CreationRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    @staticmethod
    def numpy_scalar(dtype: np.dtype, v: _Scal) -> _Scal:
        """``np.float64(x)`` and friends of a scalar: a NumPy scalar, its value kept when known."""
        if v.value is None or dtype.kind not in "biufc":
            return _Scal(dtype)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return _Scal(dtype, dtype.type(v.value))
        except (TypeError, ValueError, OverflowError):   # NumPy would raise too
            raise _Stop from None

    def arange(self, node, args, kwargs, ctx):
        start = self.arg(args, kwargs, 0, "start", NONE)
        stop = self.arg(args, kwargs, 1, "stop", NONE)
        step = self.arg(args, kwargs, 2, "step", NONE)
        dtype_v = self.arg(args, kwargs, 3, "dtype", NONE)
        if stop is NONE:
            start, stop = NONE, start
        vals = [v for v in (start, stop, step) if v is not NONE]
        if stop is NONE or not all(isinstance(v, _Scal) and type(v.value) in (int, float) for v in vals):
            raise _Stop
        s = start.value if start is not NONE else 0
        e = stop.value
        st = step.value if step is not NONE else 1
        if st == 0:
            raise _Stop
        n = max(0, math.ceil((e - s) / st))
        default = np.dtype(np.int64) if all(isinstance(v.value, int) for v in vals) else np.dtype(np.float64)
        if default == np.int64:
            default = np.asarray(0).dtype
        dtype = self.dtype_of(dtype_v, default)
        run = (s, e) if all(isinstance(x, int) for x in (s, e, st)) and st == 1 else None
        return ctx.alloc(node, (n,), dtype, creation=self.segment(node), run=run)

    def array_like(self, node, fn, args, kwargs, ctx):
        if "ndmin" in kwargs or len(args) > 2:
            return None   # leading axes added, or arguments read by position past dtype
        a0 = args[0] if args else kwargs.get("a", kwargs.get("object"))
        dtype = self.dtype_of(self.arg(args, kwargs, 1, "dtype", NONE))
        if isinstance(a0, _Seq) and fn in ("array", "asarray", "asanyarray", "ascontiguousarray"):
            return self.from_literal(node, a0, dtype, ctx)
        if isinstance(a0, _Pandas) and None in a0.dtypes and a0.rows is not None:
            # ``np.array(df['Age'])``: a column of a NumPy dtype hands NumPy its array, which np.array copies
            item = a0.dtypes[None].itemsize
            a0 = _Arr((a0.rows,), a0.dtypes[None], (item,), origin=a0)
        if not isinstance(a0, _Arr):
            return None
        label = "np." + fn
        if fn == "matrix":
            # ``X = np.matrix(X)``: a copy (copy=True is the default) whose ``*`` is a matrix product, which the
            # analysis does not follow: the copy is told, the value is left unknown
            if len(a0.shape) != 2 or (dtype is not None and dtype != a0.dtype) or not (
                    "copy" not in kwargs or isinstance(kwargs["copy"], _Scal) and kwargs["copy"].value is True):
                return None
            ctx.keep(self.copy_of(node, a0, ctx, "np.matrix(arr) copies (copy=True is the default);"
                                                 " np.asmatrix(arr) does not"))
            return UNKNOWN
        if fn == "copy":
            return self.copy_of(node, a0, ctx, "np.copy always copies",
                                order=self.order_of(self.arg(args, kwargs, 1, "order"), "K"))
        copy = kwargs.get("copy", _Scal(bool, True) if fn == "array" else NONE)
        if isinstance(copy, _Scal) and copy.value is None:
            raise _Stop
        needs_cast = dtype is not None and dtype != a0.dtype
        layout_ok = {"ascontiguousarray": a0.c_contiguous and len(a0.shape) >= 1,
                     "asfortranarray": a0.f_contiguous}.get(fn, True)
        if fn == "ascontiguousarray" and not a0.shape:
            layout_ok = False
        if isinstance(copy, _Scal) and copy.value and not needs_cast:
            # (with another dtype it is a conversion, which copies whatever ``copy`` says: told below)
            how = f"{label}(arr) copies (copy=True is the default); np.asarray(arr) does not"
            return self.copy_of(node, a0, ctx, how, dtype, self.order_of(kwargs.get("order"), "K"))
        if not needs_cast and layout_ok:
            return a0
        if isinstance(copy, _Scal) and copy.value is False:
            raise _Stop   # NumPy 2 raises: a copy would be needed
        if needs_cast:
            order = {"ascontiguousarray": "C", "asfortranarray": "F"}.get(fn, self.order_of(kwargs.get("order"), "K"))
            cast = self.copy_of(node, a0, ctx, f"{label} with dtype={dtype.name} casts, which copies: "
                                               f"{a0.dtype.name} -> {dtype.name}", dtype, order)
            self.ctx_fields(ctx, cast, cast_from=a0.dtype.name)
            return cast
        if fn == "ascontiguousarray":
            return self.copy_of(node, a0, ctx, "np.ascontiguousarray of a non-contiguous array copies it")
        return self.copy_of(node, a0, ctx, "np.asfortranarray of a non-Fortran-ordered array copies it", order="F")

    def from_literal(self, node, seq: _Seq, dtype, ctx):
        nested = _nested_arrays(seq)
        if nested is not None:
            # ``np.array([xx1.ravel(), xx2.ravel()])``: equal shapes stack along a new first axis; pvlib's
            # ``np.array([td0, td1, tdp])`` of pairs of arrays, along two
            outer, leaves = nested
            shapes = {v.shape for v in leaves}
            if len(shapes) != 1:
                raise _Stop   # NumPy 2 refuses a ragged list
            dtype = dtype if dtype is not None else np.result_type(*[v.dtype for v in leaves])
            result = ctx.alloc(node, outer + shapes.pop(), dtype, creation=self.segment(node))
            ctx.release(*leaves)
            return result

        def plain(v):
            if isinstance(v, _Seq):
                return [plain(x) for x in v.items]
            if isinstance(v, _Scal) and v.kind in _PY_SCALARS and v.value is not None:
                return v.value
            raise _Stop

        try:
            value = plain(seq)
            probe = np.asarray(value, dtype=dtype) if _count(value) <= 100_000 else None
        except _Stop:
            raise
        except Exception:
            raise _Stop from None
        if probe is None or probe.dtype.kind == "O":
            raise _Stop
        return ctx.alloc(node, probe.shape, probe.dtype, creation=self.segment(node))

    def np_create(self, node, fn, args, kwargs, ctx):
        """``ones``/``zeros``/``empty``/``full``: a new array of the given shape."""
        shape = self.shape_of(self.arg(args, kwargs, 0, "shape"))
        pos = 2 if fn == "full" else 1
        if fn == "full":
            fill = self.arg(args, kwargs, 1, "fill_value")
            default = fill.as_array_dtype() if isinstance(fill, _Scal) else None
            if default is None:
                raise _Stop
        else:
            default = np.dtype(np.float64)
        dtype = self.dtype_of(self.arg(args, kwargs, pos, "dtype", NONE), default)
        return ctx.alloc(node, shape, dtype, creation=self.segment(node))

    def np_create_like(self, node, fn, args, kwargs, ctx):
        """``ones_like`` and friends: a new array shaped like the template."""
        a0 = args[0] if args else kwargs.get("a", kwargs.get("arr"))
        if not isinstance(a0, _Arr):
            return None
        pos = 2 if fn == "full_like" else 1
        dtype = self.dtype_of(self.arg(args, kwargs, pos, "dtype", NONE), a0.dtype)
        shape_v = kwargs.get("shape", NONE)
        shape = a0.shape if shape_v is NONE else self.shape_of(shape_v)
        ctx.release(a0)
        return ctx.alloc(node, shape, dtype, creation=self.segment(node))

    def np_arange(self, node, fn, args, kwargs, ctx):
        return self.arange(node, args, kwargs, ctx)

    def np_linspace(self, node, fn, args, kwargs, ctx):
        num = self.int_of(self.arg(args, kwargs, 2, "num", _Scal(int, 50)))
        for v in args[:2]:
            if not isinstance(v, _Scal):
                return None
        dtype = self.dtype_of(self.arg(args, kwargs, 5, "dtype", NONE), np.dtype(np.float64))
        if num < 0:
            raise _Stop
        result = ctx.alloc(node, (num,), dtype, creation=self.segment(node))
        result.fresh = False   # linspace returns a reshaped view of its own buffer
        return result

    def np_eye(self, node, fn, args, kwargs, ctx):
        n = self.int_of(self.arg(args, kwargs, 0, "N" if fn == "eye" else "n"))
        m = self.arg(args, kwargs, 1, "M", NONE) if fn == "eye" else NONE
        m = n if m is NONE else self.int_of(m)
        dtype = self.dtype_of(self.arg(args, kwargs, 3 if fn == "eye" else 1, "dtype", NONE), np.dtype(np.float64))
        if n < 0 or m < 0:
            raise _Stop
        return ctx.alloc(node, (n, m), dtype, creation=self.segment(node))


def _nested_arrays(value) -> tuple[tuple[int, ...], list[_Arr]] | None:
    """A list (or tuple) of arrays, or of equally long lists of arrays, and so on: the lengths of its levels
    and its arrays, in order; None for anything else (numbers among the arrays, uneven levels)."""
    if isinstance(value, _Arr):
        return (), [value]
    if not (isinstance(value, _Seq) and value.items):
        return None
    parts = [_nested_arrays(v) for v in value.items]
    if any(p is None for p in parts) or len({p[0] for p in parts}) != 1:
        return None
    return (len(value.items),) + parts[0][0], [a for p in parts for a in p[1]]
