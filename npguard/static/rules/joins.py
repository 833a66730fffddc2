"""Joins and expansions: ``concatenate``, ``append``, ``stack``, ``tile``, ``repeat``, ``outer``, ``pad``."""

from __future__ import annotations

import numpy as np

from npguard.static.tables import _JOINS
from npguard.static.values import NONE, _Arr, _PY_SCALARS, _Scal, _Seq, _Stop, _Str, _c_strides
from npguard.static.dtypes import _norm_axis, _ufunc_out_dtype


#: NumPy functions this family answers for, and the interpreter method that does.
FUNCTIONS = {**dict.fromkeys(("tile", "repeat", "outer"), "np_expand"), **dict.fromkeys(_JOINS, "np_join"),
             "pad": "np_pad"}

#: np.pad's keywords that only say what goes into the margin.
_PAD_KEYWORDS = frozenset({"mode", "constant_values", "end_values", "reflect_type", "stat_length"})


class JoinRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    def expand(self, node, fn, args, kwargs, ctx):
        if fn == "outer":
            if len(args) != 2 or not all(isinstance(v, _Arr) for v in args):
                return None
            a, b = args
            shape = (a.size, b.size)
            dtype = _ufunc_out_dtype(np.multiply, [a, b])
            result = ctx.alloc(node, shape, dtype)
        else:
            a = args[0] if args else None
            if not isinstance(a, _Arr):
                return None
            if fn == "tile":
                reps = self.arg(args, kwargs, 1, "reps")
                reps = (self.int_of(reps),) if isinstance(reps, _Scal) else self.shape_of(reps)
                nd = max(len(reps), len(a.shape))
                base = (1,) * (nd - len(a.shape)) + a.shape
                reps = (1,) * (nd - len(reps)) + tuple(reps)
                shape = tuple(n * r for n, r in zip(base, reps))
            else:
                rep = self.int_of(self.arg(args, kwargs, 1, "repeats"))
                axis = self.arg(args, kwargs, 2, "axis", NONE)
                if axis is NONE:
                    shape = (a.size * rep,)
                else:
                    ax = _norm_axis(self.int_of(axis), len(a.shape))
                    shape = a.shape[:ax] + (a.shape[ax] * rep,) + a.shape[ax + 1:]
            result = ctx.alloc(node, shape, a.dtype)
            result.fresh = fn != "tile"   # tile returns a reshaped view of repeat's output
        inputs = [v for v in args if isinstance(v, _Arr)]
        if result.nbytes >= 2 * max(v.nbytes for v in inputs):
            ctx.kind(result.buf, "broadcast-expansion",
                     f"np.{fn} materialises {result.shape}: {result.nbytes / max(1, max(v.nbytes for v in inputs)):.0f}x "
                     f"its input; broadcasting a view (None axes / np.broadcast_to) would not copy")
        ctx.release(*inputs)
        return result

    def join(self, node, fn, args, kwargs, ctx):
        if fn == "append":
            if len(args) < 2:
                return None
            x, v = args[0], args[1]
            axis = self.arg(args, kwargs, 2, "axis", NONE)
            pieces = [x, v]
        else:
            seq = args[0] if args else kwargs.get("arrays", kwargs.get("tup"))
            if not isinstance(seq, _Seq) or not seq.items:
                return None
            pieces = list(seq.items)
            axis = self.arg(args, kwargs, 1, "axis", _Scal(int, 0))
            if fn == "concatenate" and (len(args) > 2 or "out" in kwargs):
                return None   # written into ``out``: its dtype and memory, not a new array's
        arrays = []
        for p in pieces:
            if isinstance(p, _Arr):
                arrays.append(p)
            elif isinstance(p, _Scal):
                arrays.append(_Arr((), p.as_array_dtype(), ()))
            elif isinstance(p, _Seq):
                try:
                    probe = np.asarray([x.value for x in p.items])
                except Exception:
                    raise _Stop from None
                if any(not isinstance(x, _Scal) or x.value is None for x in p.items) or probe.dtype.kind == "O":
                    # element values unknown: the dtype still follows from the kinds
                    if all(isinstance(x, _Scal) for x in p.items):
                        probe = np.asarray([x.kind(0) if x.kind in _PY_SCALARS else 0 for x in p.items])
                    else:
                        raise _Stop
                arrays.append(_Arr(probe.shape, probe.dtype, probe.strides))
            else:
                raise _Stop
        dtype = self.dtype_of(kwargs.get("dtype", NONE), None)
        if dtype is None:
            dtype = np.result_type(*[a.dtype for a in arrays])
        shapes = [a.shape for a in arrays]
        if fn == "append":
            if axis is NONE:
                shape = (sum(a.size for a in arrays),)
            else:
                shape = self.concat_shapes(shapes, self.int_of(axis))
        elif fn == "concatenate":
            shape = (sum(a.size for a in arrays),) if axis is NONE else self.concat_shapes(shapes, self.int_of(axis))
        elif fn in ("vstack", "row_stack"):
            shape = self.concat_shapes([s if len(s) >= 2 else (1, s[0]) if s else (1, 1) for s in shapes], 0)
        elif fn == "hstack":
            s1 = [s if s else (1,) for s in shapes]
            shape = self.concat_shapes(s1, 0 if all(len(s) == 1 for s in s1) else 1)
        elif fn == "dstack":   # each made 3-D (``(M, N)`` as ``(M, N, 1)``, ``(N,)`` as ``(1, N, 1)``), then joined
            s3 = [s if len(s) >= 3 else (s + (1,) if len(s) == 2 else (1,) + s + (1,) if s else (1, 1, 1))
                  for s in shapes]
            shape = self.concat_shapes(s3, 2)
        elif fn == "stack":
            if len(set(shapes)) != 1:
                raise _Stop
            ax = _norm_axis(self.int_of(axis), len(shapes[0]) + 1)
            shape = shapes[0][:ax] + (len(shapes),) + shapes[0][ax:]
        else:   # column_stack
            s1 = [(s[0], 1) if len(s) == 1 else s for s in shapes]
            shape = self.concat_shapes(s1, 1)
        result = ctx.alloc(node, shape, dtype)
        if fn in ("concatenate", "append", "vstack", "row_stack", "hstack") and len(shape) > 1:
            result.strides = _join_strides(shape, dtype.itemsize, arrays)
        kind, detail, fields = self.cause([a for a in arrays if a.size], result)
        if kind == "dtype-upcast":
            ctx.kind(result.buf, kind, f"np.{fn} of {', '.join(a.dtype.name for a in arrays)} -> {dtype.name}",
                     **fields)
        ctx.release(*[p for p in pieces if isinstance(p, _Arr)])
        return result

    @staticmethod
    def concat_shapes(shapes, axis) -> tuple[int, ...]:
        nd = len(shapes[0])
        if nd == 0 or any(len(s) != nd for s in shapes):
            raise _Stop
        ax = _norm_axis(axis, nd)
        for s in shapes:
            if s[:ax] + s[ax + 1:] != shapes[0][:ax] + shapes[0][ax + 1:]:
                raise _Stop
        return shapes[0][:ax] + (sum(s[ax] for s in shapes),) + shapes[0][ax + 1:]

    def np_expand(self, node, fn, args, kwargs, ctx):
        return self.expand(node, fn, args, kwargs, ctx)

    def np_join(self, node, fn, args, kwargs, ctx):
        return self.join(node, fn, args, kwargs, ctx)

    def np_pad(self, node, fn, args, kwargs, ctx):
        """One new array with the margins, in the input's dtype; the margins are filled in place. A
        callable ``mode`` also takes keywords of its own."""
        a = args[0] if args else kwargs.get("array")
        width = self.arg(args, kwargs, 1, "pad_width")
        mode = self.arg(args, kwargs, 2, "mode", NONE)
        if not isinstance(a, _Arr) or len(args) > 3 or (
                (mode is NONE or isinstance(mode, _Str)) and set(kwargs) - _PAD_KEYWORDS - {"array", "pad_width"}):
            return None
        if isinstance(width, _Scal):
            widths = np.full((len(a.shape), 2), self.int_of(width))
        else:
            rows = width.items if isinstance(width, _Seq) else None
            if rows is None:
                raise _Stop
            try:   # as NumPy reads it: (n,), (before, after) or one pair per axis, broadcast to (ndim, 2)
                widths = np.broadcast_to(np.array([[self.int_of(x) for x in r.items] if isinstance(r, _Seq)
                                                   else self.int_of(r) for r in rows]), (len(a.shape), 2))
            except ValueError:
                raise _Stop from None
        if (widths < 0).any():
            raise _Stop
        shape = tuple(int(n + lo + hi) for n, (lo, hi) in zip(a.shape, widths))
        result = ctx.alloc(node, shape, a.dtype)
        if a.f_contiguous and not a.c_contiguous:
            result.strides = _f_strides(shape, a.dtype.itemsize)
        ctx.release(a)
        return result


def _f_strides(shape, itemsize) -> tuple[int, ...]:
    return _c_strides(shape[::-1], itemsize)[::-1]


def _join_strides(shape, itemsize, arrays) -> tuple[int, ...]:
    """The layout NumPy gives a joined array: the inputs' memory order when they all share one
    (``np.concatenate([a.T, a.T])`` is F-ordered), else C. Inputs that are both C- and
    F-contiguous (one row) have no say."""
    perms = set()
    for a in arrays:
        if len(a.shape) != len(shape) or a.size <= 1 or (a.c_contiguous and a.f_contiguous):
            continue
        if any(st == 0 for n, st in zip(a.shape, a.strides) if n > 1):
            return _c_strides(shape, itemsize)
        perms.add(tuple(sorted((i for i in range(len(shape)) if a.shape[i] > 1), key=lambda i: -abs(a.strides[i]))))
    if len(perms) != 1:
        return _c_strides(shape, itemsize)
    order = list(perms.pop())
    order += [i for i in range(len(shape)) if i not in order]   # axes of length 1 last, as if innermost
    strides, acc = [0] * len(shape), itemsize
    for i in reversed(order):
        strides[i] = acc
        acc *= max(shape[i], 1)
    return tuple(strides)
