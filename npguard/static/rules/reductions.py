"""Reductions (``sum``, ``mean``, ``std``, ...), including what ``std``/``var`` build inside."""

from __future__ import annotations

import numpy as np

from npguard.static.values import NONE, _Arr, _Scal, _Seq, _Stop, _k_strides
from npguard.static.dtypes import _norm_axis, _reduce_dtype, _var_internal_dtype
from npguard.static.tables import _REDUCE_DTYPE_POS, _REDUCTIONS


#: NumPy functions this family answers for, and the interpreter method that does.
FUNCTIONS = {**dict.fromkeys(_REDUCTIONS, "np_reduction"), **dict.fromkeys(("cumsum", "cumprod"), "np_cumulative"),
             "median": "np_median", "count_nonzero": "np_count_nonzero", "ptp": "np_ptp"}


class ReductionRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    def reduction(self, node, a: _Arr, fn, args, kwargs, ctx, method: bool):
        axis = self.arg(args, kwargs, 0, "axis", NONE)
        dtype_pos = 1 if fn in _REDUCE_DTYPE_POS else None
        dtype_kw = self.dtype_of(self.arg(args, kwargs, dtype_pos, "dtype", NONE))
        keep = self.arg(args, kwargs, None, "keepdims", _Scal(bool, False))
        out = self.arg(args, kwargs, None, "out", NONE)
        shape = self.reduced_shape(a, fn, axis, keep)
        rdtype = _reduce_dtype(fn, a.dtype, dtype_kw)
        if fn in ("nansum", "nanmean", "nanprod", "nanstd", "nanvar") and a.dtype.kind in "fc" and a.size:
            # NumPy's own Python code: the NaN mask, and a copy of the input with the NaNs replaced
            mask = ctx.alloc(node, a.shape, np.dtype(bool), "chained-ops", f"inside {fn}: the NaN mask")
            copy = ctx.alloc(node, a.shape, a.dtype, "chained-ops",
                             f"inside {fn}: a copy of its input with the NaNs replaced;"
                             f" `a.{fn[3:]}(where=~np.isnan(a))` needs only the mask")
            made = [mask, copy]
            if fn in ("nanmean", "nanstd", "nanvar"):   # the count of the values: ``np.sum(~mask, ...)``
                made.append(ctx.alloc(node, a.shape, np.dtype(bool), "chained-ops",
                                      f"inside {fn}: the inverted mask it counts the values with"))
            for buf in made:
                ctx.temps[buf.buf]["consumer"] = self.segment(node)
            ctx.release(*made)
        if fn in ("std", "var", "nanstd", "nanvar") and a.size:
            ctx.internal(node, a.shape, _var_internal_dtype(a.dtype), f"inside std/var ({fn}): the full-size deviations from the mean")
        if isinstance(out, _Arr):
            ctx.release(a)
            return out
        if not shape:   # every axis reduced: NumPy hands back a scalar
            ctx.release(a)
            return _Scal(rdtype)
        result = ctx.alloc(node, shape, rdtype)
        ctx.release(a)
        return result

    def reduced_shape(self, a: _Arr, fn, axis, keep) -> tuple[int, ...]:
        """The shape ``fn`` reduces ``a`` to along ``axis`` (every axis for None), keeping them with ``keepdims``."""
        if not isinstance(keep, _Scal) or keep.value is None:
            raise _Stop
        nd = len(a.shape)
        if axis is NONE:
            axes = set(range(nd))
        elif isinstance(axis, _Scal):
            axes = {_norm_axis(self.int_of(axis), nd)}
        elif isinstance(axis, _Seq):
            axes = {_norm_axis(self.int_of(x), nd) for x in axis.items}
            if fn in ("argmax", "argmin") or axis.is_list or len(axes) != len(axis.items):
                raise _Stop
        else:
            raise _Stop
        return tuple((1 if i in axes else n) for i, n in enumerate(a.shape) if keep.value or i not in axes)

    def np_reduction(self, node, fn, args, kwargs, ctx):
        a0 = args[0] if args else kwargs.get("a", kwargs.get("arr"))
        if not isinstance(a0, _Arr):
            return None
        return self.reduction(node, a0, fn, args[1:], kwargs, ctx, False)

    def np_median(self, node, fn, args, kwargs, ctx):
        """``np.median(a, axis=None)``: NumPy partitions a copy of the whole input (unless ``overwrite_input``),
        then averages the middle elements: a scalar, or the reduced shape along ``axis``."""
        a = args[0] if args else kwargs.get("a")
        if not isinstance(a, _Arr) or not a.size or len(args) > 2 or set(kwargs) - {"a", "axis", "keepdims"} \
                or a.dtype.kind not in "biuf":
            return None
        shape = self.reduced_shape(a, fn, self.arg(args, kwargs, 1, "axis", NONE),
                                   self.arg(args, kwargs, None, "keepdims", _Scal(bool, False)))
        ctx.internal(node, a.shape, a.dtype, "inside median: a partitioned copy of its input")
        rdtype = _reduce_dtype("mean", a.dtype, None)
        ctx.release(a)
        return ctx.alloc(node, shape, rdtype) if shape else _Scal(rdtype)

    def np_ptp(self, node, fn, args, kwargs, ctx):
        """``np.ptp(a, axis)``: the maximum and the minimum along the axis (each of the reduced shape), then their
        difference in ``a``'s dtype: a scalar, or the reduced shape."""
        a = args[0] if args else kwargs.get("a")
        if not isinstance(a, _Arr) or not a.size or len(args) > 2 or set(kwargs) - {"a", "axis", "keepdims"} \
                or a.dtype.kind not in "iuf":
            return None
        shape = self.reduced_shape(a, fn, self.arg(args, kwargs, 1, "axis", NONE),
                                   self.arg(args, kwargs, None, "keepdims", _Scal(bool, False)))
        if shape:
            for part in ("maximum", "minimum"):
                ctx.internal(node, shape, a.dtype, f"inside ptp: the {part} along the axis")
        ctx.release(a)
        return ctx.alloc(node, shape, a.dtype) if shape else _Scal(a.dtype)

    def np_count_nonzero(self, node, fn, args, kwargs, ctx):
        """``np.count_nonzero(mask, axis=0)``: a bool view of its input (a bool copy of any other dtype), summed
        into integers of the reduced shape; with no axis, a Python int."""
        a = args[0] if args else kwargs.get("a")
        if not isinstance(a, _Arr) or len(args) > 2 or set(kwargs) - {"a", "axis", "keepdims"}:
            return None
        axis = self.arg(args, kwargs, 1, "axis", NONE)
        shape = self.reduced_shape(a, fn, axis, self.arg(args, kwargs, None, "keepdims", _Scal(bool, False)))
        if axis is not NONE and a.dtype != np.bool_ and a.size:
            ctx.internal(node, a.shape, np.dtype(bool), "inside count_nonzero: its input as booleans")
        ctx.release(a)
        if axis is NONE:
            return _Scal(int)
        return ctx.alloc(node, shape, np.dtype(np.intp)) if shape else _Scal(np.dtype(np.intp))

    def cumulative_cast(self, node, fn, a: _Arr, dtype: np.dtype, ctx) -> None:
        """``np.cumsum(mask)``: NumPy first casts the whole input to the result's dtype (int64 for a bool mask), a
        full-size copy beside the result."""
        if a.dtype != dtype and a.size:
            ctx.internal(node, a.shape, dtype, f"inside {fn}: its {a.dtype.name} input cast to {dtype.name} first")

    def np_cumulative(self, node, fn, args, kwargs, ctx):
        """``np.cumsum(a, axis, dtype, out)``: one new array (flattened without an axis), or ``out``."""
        a = args[0] if args else kwargs.get("a")
        if not isinstance(a, _Arr) or len(args) > 4 or set(kwargs) - {"a", "axis", "dtype", "out"}:
            return None
        axis = self.arg(args, kwargs, 1, "axis", NONE)
        dtype = _reduce_dtype(fn[3:], a.dtype, self.dtype_of(self.arg(args, kwargs, 2, "dtype", NONE)))
        out = self.arg(args, kwargs, 3, "out", NONE)
        shape = (a.size,) if axis is NONE else a.shape
        if axis is not NONE:
            _norm_axis(self.int_of(axis), len(a.shape))
        self.cumulative_cast(node, fn, a, dtype, ctx)
        if out is not NONE:
            if not isinstance(out, _Arr) or out.shape != shape:
                raise _Stop
            ctx.release(a)
            return out
        result = ctx.alloc(node, shape, dtype)
        if axis is not NONE:   # along an axis, NumPy keeps the input's memory order
            result.strides = _k_strides(shape, result.dtype.itemsize, [a])
        ctx.release(a)
        return result

