"""Views and copies that change an array's shape or layout: ``reshape``, ``ravel``, ``transpose``."""

from __future__ import annotations

import ast
import math

import numpy as np

from npguard.static.values import NONE, _Arr, _Scal, _Seq, _Stop, _Str, _c_strides, _k_strides
from npguard.static.dtypes import _nocopy_reshape, _norm_axis


#: NumPy functions this family answers for, and the interpreter method that does.
FUNCTIONS = {
    "broadcast_to": "np_broadcast_to",
    **dict.fromkeys(("transpose", "squeeze", "ravel", "reshape", "expand_dims", "swapaxes"), "np_shape"),
    **dict.fromkeys(("atleast_1d", "atleast_2d", "atleast_3d"), "np_atleast"),
    "meshgrid": "np_meshgrid",
    "ix_": "np_ix",
    "sort": "np_sort",
    "diff": "np_diff",
    "roll": "np_roll",
    **dict.fromkeys(("flip", "flipud", "fliplr"), "np_flip"),
    **dict.fromkeys(("real", "imag"), "np_part"),
    "searchsorted": "np_searchsorted",
    "take_along_axis": "np_take_along_axis",
    "diag": "np_diag",
    **dict.fromkeys(("shape", "ndim", "size"), "np_attribute"),
    **dict.fromkeys(("copyto", "put", "place", "putmask"), "np_writes"),
    "shares_memory": "np_shares_memory", "may_share_memory": "np_shares_memory",
}


class ShapeRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    def transpose(self, a: _Arr, args):
        if not args or args == [NONE]:
            return a.view(a.shape[::-1], a.strides[::-1])
        perm = args[0].items if len(args) == 1 and isinstance(args[0], _Seq) else args
        perm = [_norm_axis(self.int_of(p), len(a.shape)) for p in perm]
        if sorted(perm) != list(range(len(a.shape))):
            raise _Stop
        return a.view(tuple(a.shape[p] for p in perm), tuple(a.strides[p] for p in perm))

    def reshape(self, node, a: _Arr, fn, args, kwargs, ctx):
        if fn == "flatten":   # any order: always a new 1-D copy of every element
            order = self.arg(args, kwargs, 0, "order", NONE)
            if len(args) > 1 or set(kwargs) - {"order"} or (
                    order is not NONE and (not isinstance(order, _Str) or order.value not in ("C", "F", "A", "K"))):
                raise _Stop
            result = ctx.alloc(node, (a.size,), a.dtype, "forced-copy",
                               "flatten() always copies; ravel() returns a view when it can" if a.c_contiguous else
                               "flatten() always copies; ravel() would copy too, since the array is not contiguous")
            ctx.release(a)
            return result
        order = self.arg(args, kwargs, None, "order", NONE)
        if order is not NONE and (not isinstance(order, _Str) or order.value != "C"):
            raise _Stop
        if fn == "ravel":
            if len(args) > 1 or (args and self.order_of(args[0], "C") != "C"):
                raise _Stop
            newshape = (a.size,)
        else:
            spec = kwargs.get("shape", None)
            if spec is None:
                spec = args[0] if len(args) == 1 else _Seq(tuple(args))
            if isinstance(spec, _Seq):   # may hold one -1, which shape_of refuses
                dims = [self.int_of(x) for x in spec.items]
            else:
                dims = list(self.shape_of(spec)) if not (isinstance(spec, _Scal) and spec.value == -1) else [-1]
            if dims.count(-1) > 1 or any(n < -1 for n in dims):
                raise _Stop
            if -1 in dims:
                known = math.prod(n for n in dims if n != -1)
                if known == 0 or a.size % known:
                    raise _Stop
                dims[dims.index(-1)] = a.size // known
            if math.prod(dims) != a.size:
                raise _Stop
            newshape = tuple(dims)
        if a.c_contiguous:
            return a.view(newshape, _c_strides(newshape, a.dtype.itemsize))
        if a.size == 0:
            return a.view(newshape, _c_strides(newshape, a.dtype.itemsize))
        strides = None if fn == "ravel" else _nocopy_reshape(a.shape, a.strides, newshape)
        if strides is not None:
            return a.view(newshape, strides)
        # ``y.reshape(...)``, or ``np.reshape(y, ...)``: the array reshaped, not the module
        method = isinstance(node.func, ast.Attribute) and self.func_name(node.func) != f"numpy.{fn}"
        src = (self.segment(node.func.value) if method else self.segment(node.args[0]) if node.args
               else "the array")
        result = ctx.alloc(node, newshape, a.dtype, "forced-copy",
                           f"{fn} of a non-contiguous array ({src}) copies")
        ctx.release(a)
        return result

    def np_take_along_axis(self, node, fn, args, kwargs, ctx):
        """``np.take_along_axis(arr, indices, axis=-1)``: a gather whose shape broadcasts the two but takes the
        indices' length along ``axis``; its small index ranges aside, it makes only its result."""
        arr = args[0] if args else kwargs.get("arr")
        idx = args[1] if len(args) > 1 else kwargs.get("indices")
        axis = self.arg(args, kwargs, 2, "axis", None)
        if not (isinstance(arr, _Arr) and isinstance(idx, _Arr) and isinstance(axis, _Scal)) \
                or len(arr.shape) != len(idx.shape) or idx.dtype.kind not in "iu" or not arr.shape:
            return None
        k = _norm_axis(self.int_of(axis), len(arr.shape))
        try:
            shape = list(np.broadcast_shapes(tuple(1 if i == k else n for i, n in enumerate(arr.shape)),
                                             tuple(1 if i == k else n for i, n in enumerate(idx.shape))))
        except ValueError:
            raise _Stop from None
        shape[k] = idx.shape[k]
        ctx.release(arr, idx)
        return ctx.alloc(node, tuple(shape), arr.dtype)

    def np_broadcast_to(self, node, fn, args, kwargs, ctx):
        a0 = args[0] if args else kwargs.get("array")
        if not isinstance(a0, _Arr):
            return None
        shape = self.shape_of(self.arg(args, kwargs, 1, "shape"))
        try:
            if tuple(np.broadcast_shapes(a0.shape, shape)) != shape:
                raise _Stop
        except ValueError:
            raise _Stop from None
        pad = len(shape) - len(a0.shape)
        strides = (0,) * pad + tuple(0 if n == 1 and m != 1 else s
                                      for n, m, s in zip(a0.shape, shape[pad:], a0.strides))
        view = a0.view(shape, strides)
        view.bcast_from = a0.nbytes
        return view

    def np_shape(self, node, fn, args, kwargs, ctx):
        """``np.transpose``, ``np.squeeze``, ``np.ravel``, ``np.reshape``, ``np.expand_dims``, ``np.swapaxes``."""
        a0 = args[0] if args else kwargs.get("a", kwargs.get("arr"))
        if not isinstance(a0, _Arr):
            return None
        rest = args[1:]
        if fn == "transpose":
            return self.transpose(a0, rest if "axes" not in kwargs else [kwargs["axes"]])
        if fn in ("swapaxes", "squeeze"):
            return self.method(node, a0, fn, rest, kwargs, ctx)
        if fn in ("ravel", "reshape"):
            kw = {k: v for k, v in kwargs.items() if k != "a"}
            if "newshape" in kw:
                kw["shape"] = kw.pop("newshape")
            return self.reshape(node, a0, fn, rest, kw, ctx)
        ax = self.int_of(self.arg(rest, kwargs, 0, "axis"))   # expand_dims
        ax = _norm_axis(ax, len(a0.shape) + 1)
        return a0.view(a0.shape[:ax] + (1,) + a0.shape[ax:], a0.strides[:ax] + (0,) + a0.strides[ax:])

    def np_meshgrid(self, node, fn, args, kwargs, ctx):
        """``np.meshgrid(x, y)`` of 1-D arrays: one grid per input, copied whole unless ``sparse=True``
        or ``copy=False`` (then views)."""
        if not args or not all(isinstance(a, _Arr) for a in args) or set(kwargs) - {"indexing", "sparse", "copy"}:
            return None
        flags = {}
        for key, default in (("sparse", False), ("copy", True)):
            v = kwargs.get(key, _Scal(bool, default))
            if not (isinstance(v, _Scal) and isinstance(v.value, bool)):
                return None
            flags[key] = v.value
        indexing = kwargs.get("indexing", _Str("xy"))
        if not isinstance(indexing, _Str) or indexing.value not in ("xy", "ij"):
            return None
        lengths = [a.size for a in args]
        if indexing.value == "xy" and len(args) > 1:
            lengths[0], lengths[1] = lengths[1], lengths[0]
        grids = []
        for i, a in enumerate(args):
            axis = (1 if i == 0 else 0 if i == 1 else i) if indexing.value == "xy" and len(args) > 1 else i
            shape = tuple(n if k == axis else 1 for k, n in enumerate(lengths)) if flags["sparse"] else tuple(lengths)
            if flags["copy"]:
                kind = "chained-ops" if flags["sparse"] else "broadcast-expansion"
                grids.append(ctx.alloc(node, shape, a.dtype, kind,
                                       f"np.meshgrid copies each of its {len(args)} grids whole, {shape}"))
            else:
                strides = tuple(a.strides[0] if k == axis else 0 for k in range(len(shape)))
                grids.append(a.view(shape, strides))
        return _Seq(tuple(grids), False)

    def np_ix(self, node, fn, args, kwargs, ctx):
        """``np.ix_(rows, cols)`` of 1-D integer arrays: each reshaped to its own axis (a view), an open mesh
        that indexes the block they select."""
        if kwargs or not args or not all(isinstance(a, _Arr) and len(a.shape) == 1 and a.dtype.kind in "iu"
                                         for a in args):
            return None
        n = len(args)
        return _Seq(tuple(a.view(tuple(a.size if k == i else 1 for k in range(n)),
                                 tuple(a.strides[0] if k == i else 0 for k in range(n)))
                          for i, a in enumerate(args)), False)

    def np_atleast(self, node, fn, args, kwargs, ctx):
        """``np.atleast_1d(a)`` and friends of one array: the array itself, or a view with axes of 1."""
        if len(args) != 1 or kwargs or not isinstance(args[0], _Arr):
            return None
        a0 = args[0]
        want = int(fn[-2])
        if len(a0.shape) >= want:
            return a0
        shape, strides = a0.shape, a0.strides
        if not shape:
            shape, strides = (1,) * want, (0,) * want
        elif want == 2:                      # (n,) -> (1, n)
            shape, strides = (1,) + shape, (0,) + strides
        elif len(shape) == 1:                # (n,) -> (1, n, 1)
            shape, strides = (1,) + shape + (1,), (0,) + strides + (0,)
        else:                                # (m, n) -> (m, n, 1)
            shape, strides = shape + (1,), strides + (0,)
        return a0.view(shape, strides)

    def np_sort(self, node, fn, args, kwargs, ctx):
        """``np.sort``: a copy, then an in-place sort."""
        a0 = args[0] if args else kwargs.get("a", kwargs.get("arr"))
        if not isinstance(a0, _Arr):
            return None
        axis = self.arg(args[1:], kwargs, 0, "axis", _Scal(int, -1))
        shape = (a0.size,) if axis is NONE else a0.shape
        if axis is not NONE:
            _norm_axis(self.int_of(axis), len(a0.shape))
        result = ctx.alloc(node, shape, a0.dtype, "forced-copy",
                           "np.sort returns a sorted copy; arr.sort() sorts in place")
        if axis is not NONE:
            result.strides = _k_strides(shape, a0.dtype.itemsize, [a0])   # copy(order="K")
        ctx.release(a0)
        return result

    def np_diff(self, node, fn, args, kwargs, ctx):
        """``np.diff(a, axis=...)`` (n=1): one result, one shorter along the axis, in the input's dtype."""
        a0 = args[0] if args else kwargs.get("a")
        if (not isinstance(a0, _Arr) or a0.dtype.kind not in "biufc" or not a0.shape
                or set(kwargs) - {"a", "n", "axis"} or len(args) > 3):
            return None
        n = self.arg(args[1:], kwargs, 0, "n", _Scal(int, 1))
        if not isinstance(n, _Scal) or n.value != 1:
            return None   # several passes: NumPy's own loop, left to the call
        axis = _norm_axis(self.int_of(self.arg(args[1:], kwargs, 1, "axis", _Scal(int, -1))), len(a0.shape))
        shape = tuple(max(0, d - 1) if i == axis else d for i, d in enumerate(a0.shape))
        result = ctx.alloc(node, shape, a0.dtype)
        # ``a[1:] - a[:-1]``: the subtraction of two views lays its result out in their memory order
        result.strides = _k_strides(shape, a0.dtype.itemsize, [a0.view(shape, a0.strides)])
        ctx.release(a0)
        return result

    def np_roll(self, node, fn, args, kwargs, ctx):
        """``np.roll(a, shift, axis)``: one new array of ``a``'s shape and dtype, laid out like ``a``
        (without an axis, a flattened roll: modelled only where flattening is a view)."""
        a0 = args[0] if args else kwargs.get("a")
        if not isinstance(a0, _Arr) or len(args) > 3 or set(kwargs) - {"a", "shift", "axis"}:
            return None
        axis = self.arg(args[1:], kwargs, 1, "axis", NONE)
        if axis is NONE and not a0.c_contiguous:
            return None   # ``ravel()`` of a strided array copies first
        result = ctx.alloc(node, a0.shape, a0.dtype)
        result.strides = _k_strides(a0.shape, a0.dtype.itemsize, [a0])
        ctx.release(a0)
        return result

    def np_flip(self, node, fn, args, kwargs, ctx):
        """``np.flip(m, axis)``, ``np.flipud``, ``np.fliplr``: a view that walks the flipped axes backwards
        (their strides negated); nothing is copied."""
        a0 = args[0] if args else kwargs.get("m")
        if not isinstance(a0, _Arr) or len(args) > (2 if fn == "flip" else 1) or set(kwargs) - (
                {"m", "axis"} if fn == "flip" else {"m"}):
            return None
        if fn != "flip":
            axes = [0 if fn == "flipud" else 1]
            if len(a0.shape) <= axes[0]:
                return None   # NumPy refuses an array with too few axes
        else:
            axis = self.arg(args[1:], kwargs, 0, "axis", NONE)
            items = (range(len(a0.shape)) if axis is NONE else
                     [self.int_of(x) for x in axis.items] if isinstance(axis, _Seq) else [self.int_of(axis)])
            axes = [_norm_axis(x, len(a0.shape)) for x in items]
        return a0.view(a0.shape, tuple(-s if i in axes else s for i, s in enumerate(a0.strides)))

    def np_part(self, node, fn, args, kwargs, ctx):
        """``np.real(a)``, ``np.imag(a)``: what the array's ``.real``/``.imag`` is (a view of a complex array's
        parts; a real array itself, or new zeros for its imaginary part)."""
        a = args[0] if len(args) == 1 and not kwargs else kwargs.get("val") if not args and len(kwargs) == 1 else None
        if isinstance(a, _Scal) and isinstance(a.kind, np.dtype) and a.kind.kind in "biufc":
            # ``np.real(y[i])``: one element's part, a NumPy scalar of the matching real type
            return _Scal(np.dtype(f"f{a.kind.itemsize // 2}") if a.kind.kind == "c" else a.kind)
        return self.array_attr(node, a, fn, ctx) if isinstance(a, _Arr) else None

    def np_searchsorted(self, node, fn, args, kwargs, ctx):
        """One index per element of the values searched for."""
        if not (len(args) == 2 and isinstance(args[0], _Arr) and isinstance(args[1], _Arr)
                and len(args[0].shape) == 1 and not (set(kwargs) - {"side"})):
            return None
        ctx.release(args[0])
        result = ctx.alloc(node, args[1].shape, np.intp)
        ctx.release(args[1])
        return result

    def np_diag(self, node, fn, args, kwargs, ctx):
        """``np.diag(v)``: of a 1-D array, a new square array with ``v`` on a diagonal (zeros elsewhere);
        of a 2-D array, a (read-only) view of one diagonal."""
        a = args[0] if args else kwargs.get("v")
        k = self.arg(args, kwargs, 1, "k", _Scal(int, 0))
        if not isinstance(a, _Arr) or len(args) > 2 or set(kwargs) - {"v", "k"}:
            return None
        k = self.int_of(k)
        if len(a.shape) == 1:
            n = a.shape[0] + abs(k)
            result = ctx.alloc(node, (n, n), a.dtype)
            ctx.release(a)
            return result
        if len(a.shape) != 2:
            raise _Stop
        rows, cols = a.shape
        length = max(0, min(rows, cols - k) if k >= 0 else min(rows + k, cols))
        return a.view((length,), (a.strides[0] + a.strides[1],))

    def np_attribute(self, node, fn, args, kwargs, ctx):
        """``np.shape(a)``, ``np.ndim(a)``, ``np.size(a)``: the attribute."""
        if len(args) != 1 or not isinstance(args[0], _Arr):
            return None
        return self.array_attr(node, args[0], fn, ctx)

    def np_writes(self, node, fn, args, kwargs, ctx):
        """``np.copyto`` and friends write into their first argument: no new array."""
        if not (args and isinstance(args[0], _Arr)):
            return None
        ctx.release(*args, *kwargs.values())
        return NONE

    def np_shares_memory(self, node, fn, args, kwargs, ctx):
        ctx.release(*args)
        return _Scal(bool)
