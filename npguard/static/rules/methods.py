"""``ndarray`` methods: copies, casts (``astype``) and the rest, dispatched by name."""

from __future__ import annotations

import numpy as np

from npguard.static.values import NONE, UNKNOWN, _Arr, _Scal, _Seq, _Stop, _Str, _c_strides, _k_strides
from npguard.static.dtypes import _norm_axis, _reduce_dtype
from npguard.static.context import _Ctx
from npguard.static.tables import _REDUCTIONS


class MethodRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    @staticmethod
    def ctx_fields(ctx: _Ctx, value, **fields) -> None:
        if isinstance(value, _Arr) and value.buf is not None:
            ctx.temps[value.buf].update(fields)

    def copy_of(self, node, a: _Arr, ctx, detail, dtype=None, order="C") -> _Arr:
        dtype = a.dtype if dtype is None else dtype
        result = ctx.alloc(node, a.shape, dtype, "forced-copy", detail)
        if order == "A":
            order = "F" if a.f_contiguous and not a.c_contiguous else "C"
        if order == "F":
            result.strides = _c_strides(a.shape[::-1], dtype.itemsize)[::-1]
        elif order == "K":
            result.strides = _k_strides(a.shape, dtype.itemsize, [a])
        if a.bcast_from is not None and result.nbytes >= 2 * a.bcast_from:
            ctx.kind(result.buf, "broadcast-expansion",
                     f"copying a broadcast view materialises {a.shape}: "
                     f"{result.nbytes / max(a.bcast_from, 1):.0f}x its source")
        ctx.release(a)
        return result

    def method(self, node, a: _Arr, name, args, kwargs, ctx):
        fn = name
        if fn in _REDUCTIONS:
            return self.reduction(node, a, fn, args, kwargs, ctx, True)
        if fn in ("conj", "conjugate") and not args and not kwargs:
            if a.dtype.kind in "biuf":
                return a   # ``J.dot(X).conj()`` of reals: the method hands back the array itself (np.conj copies)
            return self.ufunc_result(node, [a], a.shape, a.dtype, ctx)
        if fn == "copy":
            return self.copy_of(node, a, ctx, f"{self.segment(node.func.value)}.copy() always copies",
                                order=self.order_of(self.arg(args, kwargs, 0, "order"), "C"))
        if fn == "astype":
            dtype = self.dtype_of(self.arg(args, kwargs, 0, "dtype"), np.dtype(np.float64))   # astype(None): float64
            copy = self.arg(args, kwargs, 4, "copy", _Scal(bool, True))
            if not isinstance(copy, _Scal) or copy.value is None:
                raise _Stop
            if not copy.value and dtype == a.dtype:
                return a
            if a.fresh and a.creation:
                detail = (f"create-then-cast: {a.creation} then .astype({dtype.name}); "
                          f"create it as {dtype.name} directly (dtype=)")
                ctx.kind(a.buf, "forced-copy", detail, creation=a.creation, cast_from=a.dtype.name)
                result = ctx.alloc(node, a.shape, dtype, "chained-ops", detail)
                ctx.kind(result.buf, "chained-ops", detail, creation=a.creation, cast_from=a.dtype.name)
                ctx.release(a)
                return result
            how = "to the same dtype " if dtype == a.dtype else ""
            result = self.copy_of(node, a, ctx, f"astype {how}copies: {a.dtype.name} -> {dtype.name}", dtype,
                                  self.order_of(self.arg(args, kwargs, 1, "order"), "K"))
            self.ctx_fields(ctx, result, cast_from=a.dtype.name)
            return result
        if fn in ("reshape", "ravel", "flatten"):
            return self.reshape(node, a, fn, args, kwargs, ctx)
        if fn == "view":
            if not args and not kwargs:
                return a.view(a.shape, a.strides)
            # an explicit None is np.dtype(None), float64, not "no dtype"
            explicit_none = (args[:1] == [NONE]) or kwargs.get("dtype", UNKNOWN) is NONE
            dtype = np.dtype(np.float64) if explicit_none else self.dtype_of(self.arg(args, kwargs, 0, "dtype"), a.dtype)
            if dtype.itemsize != a.dtype.itemsize:
                raise _Stop
            return a.view(a.shape, a.strides, dtype)
        if fn == "take" and set(kwargs) <= {"indices", "axis"} and len(args) <= 2:
            # ``x.take([0], axis=axis)``: a new array, the indices' shape put in place of the axis it takes along
            idx = self.arg(args, kwargs, 0, "indices")
            axis = self.arg(args, kwargs, 1, "axis", NONE)
            if isinstance(idx, _Seq) and idx.items and all(isinstance(v, _Scal) and v.kind is int for v in idx.items):
                taken: tuple[int, ...] = (len(idx.items),)
            elif isinstance(idx, _Arr) and idx.dtype.kind in "iu":
                taken = idx.shape
            elif isinstance(idx, _Scal) and idx.kind is int:
                taken = ()
            else:
                return None
            if axis is NONE:
                shape = taken
            else:
                k = _norm_axis(self.int_of(axis), len(a.shape))
                shape = a.shape[:k] + taken + a.shape[k + 1:]
            if not a.c_contiguous and a.size:
                ctx.internal(node, a.shape, a.dtype, "inside take: a contiguous copy of its strided input")
            ctx.release(idx)
            return ctx.alloc(node, shape, a.dtype) if shape else _Scal(a.dtype)
        if fn == "transpose":
            return self.transpose(a, args)
        if fn == "swapaxes":
            i, j = (_norm_axis(self.int_of(x), len(a.shape)) for x in args[:2])
            perm = list(range(len(a.shape)))
            perm[i], perm[j] = perm[j], perm[i]
            return a.view(tuple(a.shape[p] for p in perm), tuple(a.strides[p] for p in perm))
        if fn == "squeeze" and not args and not kwargs:
            keep = [i for i, n in enumerate(a.shape) if n != 1]
            return a.view(tuple(a.shape[i] for i in keep), tuple(a.strides[i] for i in keep))
        if fn in ("cumsum", "cumprod"):
            axis = self.arg(args, kwargs, 0, "axis", NONE)
            dtype = _reduce_dtype(fn[3:], a.dtype, self.dtype_of(self.arg(args, kwargs, 1, "dtype", NONE)))
            shape = (a.size,) if axis is NONE else a.shape
            if axis is not NONE:
                _norm_axis(self.int_of(axis), len(a.shape))
            self.cumulative_cast(node, fn, a, dtype, ctx)
            result = ctx.alloc(node, shape, dtype)
            if axis is not NONE:   # along an axis, NumPy keeps the input's memory order
                result.strides = _k_strides(shape, result.dtype.itemsize, [a])
            ctx.release(a)
            return result
        if fn in ("round", "clip", "argsort"):
            if fn == "argsort":
                shape = (a.size,) if self.arg(args, kwargs, 0, "axis", _Scal(int, -1)) is NONE else a.shape
                result = ctx.alloc(node, shape, np.intp)
                ctx.release(a)
                return result
            if fn == "clip":
                lo, hi = self.arg(args, kwargs, 0, "min", NONE), self.arg(args, kwargs, 1, "max", NONE)
                return self.clip(node, a, lo, hi, kwargs, ctx)
            return self.ufunc_result(node, [a], a.shape, a.dtype, ctx)
        if fn in ("sort", "fill"):
            return NONE
        if fn == "dot" and len(args) == 1:
            return self.matmul(node, a, args[0], ctx, "dot")
        if fn == "item":
            ctx.release(a)
            return _Scal({"b": bool, "i": int, "u": int, "f": float, "c": complex}.get(a.dtype.kind, float))
        if fn == "tolist":
            ctx.release(a)
            return UNKNOWN
        return None

    @staticmethod
    def order_of(order, default: str) -> str:
        if order is None or order is NONE:
            return default
        if isinstance(order, _Str) and order.value in ("C", "F", "K", "A"):
            return order.value
        raise _Stop
