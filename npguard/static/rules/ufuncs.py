"""Ufunc calls, ``np.where`` and ``np.clip``: broadcast shapes and result dtypes."""

from __future__ import annotations

import numpy as np

from npguard.static.values import NONE, _Arr, _Pandas, _Scal, _Seq, _Stop, _k_strides
from npguard.static.dtypes import _CLIP_UFUNC, _broadcast, _norm_axis, _ufunc_out_dtype


#: NumPy functions this family answers for, and the interpreter method that does (ufuncs
#: themselves are recognised by type, not by name).
FUNCTIONS = {"where": "np_where", "clip": "np_clip", "round": "np_round", "around": "np_round"}


class UfuncRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    def ufunc_call(self, node, uf: np.ufunc, args, kwargs, ctx):
        if len(args) != uf.nin or uf.nout != 1:
            return None
        if (any(isinstance(v, _Pandas) for v in args) and all(isinstance(v, (_Arr, _Scal, _Pandas)) for v in args)
                and not kwargs):
            # ``np.sin(phi1) * np.sin(phi2)`` of Series: pandas wraps the ufunc, and its result is pandas' again,
            # so arithmetic on it is pandas code on those names (the call alone is no site of its own: what
            # it is handed, ``np.deg2rad(90 - lat1)``, keeps its own)
            ctx.release(*args)
            return _Pandas(tuple(sorted({n for v in args if isinstance(v, _Pandas) for n in v.names})))
        if not all(isinstance(v, (_Arr, _Scal)) for v in args):
            return None
        unknown_kw = set(kwargs) - {"out", "dtype", "casting", "where", "order"}
        if unknown_kw:
            return None
        shape = _broadcast(*args)
        dtype = self.dtype_of(kwargs.get("dtype", NONE))
        if dtype is None:
            dtype = _ufunc_out_dtype(uf, list(args))
        out = kwargs.get("out", NONE)
        if isinstance(out, _Seq) and len(out.items) == 1:
            out = out.items[0]
        if isinstance(out, _Arr):
            if _broadcast(out, *args) != out.shape:
                raise _Stop
            ctx.release(*args)
            return out
        if out is not NONE:
            return None
        if all(isinstance(v, _Scal) for v in args):
            return _Scal(dtype)
        sym = {"add": "+", "subtract": "-", "multiply": "*", "true_divide": "/", "divide": "/"}.get(uf.__name__, "")
        return self.ufunc_result(node, list(args), shape, dtype, ctx, sym)

    def ufunc_method(self, node, uf: np.ufunc, method: str, args, kwargs, ctx):
        """``np.maximum.accumulate(equity)``, ``np.add.reduce(a, axis)``, ``np.subtract.outer(x, y)``: a
        binary ufunc's methods make one new array each (the running values in the input's shape, the
        reduction, or every pair), in the dtype NumPy's own loop gives for the input."""
        if uf.nin != 2 or uf.nout != 1 or set(kwargs) - {"axis", "dtype"}:
            return None
        if method == "outer":
            if len(args) != 2 or kwargs or not all(isinstance(v, (_Arr, _Scal)) for v in args):
                return None
            if not all(v.c_contiguous for v in args if isinstance(v, _Arr)):
                return None   # NumPy lays the pairs out in the inputs' own orders
            shape = tuple(n for v in args if isinstance(v, _Arr) for n in v.shape)
            # (``outer`` makes arrays of its inputs first: a Python number is one of NumPy's default dtype, which
            # promotes as an array does, not as a weak scalar)
            strong = [_Scal(np.asarray(v.kind() if v.value is None else v.value).dtype)
                      if isinstance(v, _Scal) and v.kind in (bool, int, float, complex) else v for v in args]
            dtype = _ufunc_out_dtype(uf, strong)
            arrays = [v for v in args if isinstance(v, _Arr)]
            ctx.release(*arrays)
            if not shape:
                return _Scal(dtype)
            # every pair, asked for by name: no broadcast the code did not mean
            return ctx.alloc(node, shape, dtype)
        a = args[0] if args else None
        if not isinstance(a, _Arr) or not a.shape or len(args) > 3:
            return None
        axis = self.arg(args[1:], kwargs, 0, "axis", _Scal(int, 0))
        dtype = self.dtype_of(self.arg(args[1:], kwargs, 1, "dtype", NONE))
        if dtype is None:
            try:   # what the loop makes of one element of the input's dtype
                dtype = getattr(uf, method)(np.zeros(1, a.dtype)).dtype
            except Exception:
                raise _Stop from None
        if axis is NONE and method == "reduce":
            axes = set(range(len(a.shape)))
        elif isinstance(axis, _Scal):
            axes = {_norm_axis(self.int_of(axis), len(a.shape))}
        else:
            return None
        shape = a.shape if method == "accumulate" else tuple(n for i, n in enumerate(a.shape) if i not in axes)
        ctx.release(a)
        if not shape:   # every axis reduced: a NumPy scalar
            return _Scal(dtype)
        result = ctx.alloc(node, shape, dtype)
        if method == "accumulate":   # the running values keep the input's memory order
            result.strides = _k_strides(shape, result.dtype.itemsize, [a])
        return result

    def clip(self, node, a, lo, hi, kwargs, ctx):
        if lo is NONE and hi is NONE:
            raise _Stop
        if isinstance(kwargs.get("out"), _Arr):
            ctx.release(a)
            return kwargs["out"]
        operands = [a] + [v for v in (lo, hi) if v is not NONE]
        if not all(isinstance(v, (_Arr, _Scal)) for v in operands):
            raise _Stop
        shape = _broadcast(*operands)
        if lo is not NONE and hi is not NONE:   # NumPy's three-operand clip ufunc decides
            dtype = _ufunc_out_dtype(_CLIP_UFUNC, operands) if _CLIP_UFUNC is not None else None
            if dtype is None:
                raise _Stop
        else:
            dtype = _ufunc_out_dtype(np.maximum if hi is NONE else np.minimum, operands)
        return self.ufunc_result(node, operands, shape, dtype, ctx)

    def np_where(self, node, fn, args, kwargs, ctx):
        if len(args) != 3:
            return None
        cond, x, y = args
        if not all(isinstance(v, (_Arr, _Scal)) for v in args):
            return None
        shape = _broadcast(cond, x, y)
        dtype = _ufunc_out_dtype(np.add, [x, y]) if not (isinstance(x, _Scal) and isinstance(y, _Scal)) \
            else np.result_type(x.as_array_dtype(), y.as_array_dtype())
        # the condition takes part in the shape, not in the dtype (an int8 condition upcasts nothing)
        result = self.ufunc_result(node, [x, y, cond], shape, dtype, ctx, typed=[x, y])
        weak = [v for v in (x, y) if isinstance(v, _Scal) and not isinstance(v.kind, np.dtype)]
        # a narrower type must hold both numbers exactly (``np.where(x >= 0, 1, 0.2)``: 0.2 is no float32)
        exact = all(v.value is not None and (isinstance(v.value, (bool, int)) or float(np.float32(v.value)) == v.value)
                    for v in weak)
        if (len(weak) == 2 and exact and isinstance(result, _Arr) and result.buf is not None
                and np.dtype(dtype).itemsize > 1 and np.dtype(dtype).kind in "iuf"):
            # ``np.where(mask, 1, 0)``: Python numbers make the default int64 / float64
            ctx.kind(result.buf, "dtype-upcast", f"Python numbers in np.where make {np.dtype(dtype).name}",
                     inputs=("bool",))
        return result

    def np_round(self, node, fn, args, kwargs, ctx):
        """``np.round(a, decimals)``: element by element, in the input's shape and dtype."""
        a = args[0] if args else kwargs.get("a")
        if not isinstance(a, _Arr) or a.dtype.kind not in "iufc" or set(kwargs) - {"a", "decimals", "out"}:
            return None
        out = kwargs.get("out", NONE)
        if isinstance(out, _Arr) and out.shape == a.shape:
            ctx.release(a)
            return out
        if out is not NONE:
            return None
        return self.ufunc_result(node, [a], a.shape, a.dtype, ctx)

    def np_clip(self, node, fn, args, kwargs, ctx):
        a0 = args[0] if args else kwargs.get("a", kwargs.get("arr"))
        if not isinstance(a0, _Arr):
            return None
        lo = self.arg(args, kwargs, 1, "a_min", NONE)
        hi = self.arg(args, kwargs, 2, "a_max", NONE)
        return self.clip(node, a0, lo, hi, kwargs, ctx)
