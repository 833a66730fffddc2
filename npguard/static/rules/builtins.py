"""Python's builtins the analysis follows: ``len``, ``range``, ``abs``, ``max``/``min``/``sum`` of a 1-D array, number types."""

from __future__ import annotations

import ast

import numpy as np

from npguard.static.values import NONE, _Arr, _BUILTIN_TYPES, _Pandas, _Range, _Scal, _Seq, _SliceV, _Stop


class BuiltinRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    def builtin(self, node, fn, args, kwargs, ctx):
        if fn == "len" and len(args) == 1:
            v = args[0]
            if isinstance(v, _Arr):
                if not v.shape:
                    raise _Stop
                ctx.release(v)
                return _Scal(int, v.shape[0])
            if isinstance(v, _Seq):
                return _Scal(int, len(v.items))
            if isinstance(v, _Pandas) and v.rows is not None:
                return _Scal(int, v.rows)   # ``len(brfss)`` of a frame the namespace holds: its rows
            if isinstance(v, _Pandas) and node.args and isinstance(node.args[0], ast.Name) \
                    and node.args[0].id not in self.env \
                    and type(self.namespace.get(node.args[0].id)).__name__.endswith("GroupBy"):
                # ``len(sectors)`` of a group-by: pandas works out the groups (codes of every row) to count them
                ctx.pandas_site(node, v.names)
            ctx.release(v)
            return _Scal(int)   # ``len(filenames)``: a Python int, whatever it measures
        if fn == "pow" and len(args) in (2, 3) and not kwargs and all(
                isinstance(v, _Scal) and v.kind in (int, float) for v in args):
            # ``pow(m, n - i - 1)`` of Python numbers: a number
            values = [v.value for v in args]
            if None in values or len(args) == 3:
                return _Scal(float if float in (args[0].kind, args[1].kind) else int)
            try:
                return _Scal(type(pow(*values)), pow(*values)) if abs(values[1]) <= 64 else _Scal(args[0].kind)
            except (ArithmeticError, ValueError, TypeError):
                raise _Stop from None
        if fn == "range" and 1 <= len(args) <= 3 and not kwargs:
            vals = []
            for v in args:
                if not (isinstance(v, _Scal) and (v.kind is int or isinstance(v.kind, np.dtype) and v.kind.kind in "iu")):
                    return None
                vals.append(v.value)
            r = range(*vals) if all(isinstance(x, int) for x in vals) else None
            return _Range(r)
        if fn == "list" and len(args) == 1 and isinstance(args[0], _Range) and not kwargs:
            return args[0]   # ``list(range(0, n, 2))``: indexes like the range itself
        if fn == "slice" and 1 <= len(args) <= 3 and not kwargs:
            parts = [NONE] + list(args) if len(args) == 1 else list(args)
            return _SliceV(*(parts + [NONE] * (3 - len(parts))))
        if fn == "abs" and len(args) == 1:
            v = args[0]
            if isinstance(v, _Arr):
                return self.unary_array(node, "absolute", v, ctx, elide=v.dtype.kind != "c")
            if isinstance(v, _Scal):
                return _Scal(v.kind if v.kind is not complex else float)
            return None
        if fn in ("max", "min") and len(args) >= 2 and not kwargs and all(
                isinstance(v, _Scal) and (v.kind in (int, float) or isinstance(v.kind, np.dtype)
                                          and v.kind.kind in "iuf") for v in args):
            # ``max(tiny, sigma)`` of numbers: one of them, and no array
            values = [v.value for v in args]
            if None not in values:
                best = max(values) if fn == "max" else min(values)
                return next(v for v in args if v.value == best)
            kinds = {v.kind for v in args}
            return _Scal(kinds.pop()) if len(kinds) == 1 else _Scal(float if float in kinds else int)
        if fn in ("max", "min", "sum") and len(args) == 1 and not kwargs:
            v = args[0]
            if isinstance(v, _Arr) and len(v.shape) == 1 and v.size and v.dtype.kind in "iuf":
                # ``max(V.max(axis=0) - V.min(axis=0))``: Python walks the elements, one NumPy number each,
                # which is the call's own business (and slow: NumPy's own reduction is the fix)
                ctx.handed_to(node, fn, [v], False)
                ctx.release(v)
                return _Scal(v.dtype)
            return None
        if fn in ("dict", "list", "tuple", "set", "frozenset", "sorted") and len(args) == 1 and isinstance(args[0], _Pandas):
            # ``dict(data.groupby(k)[v].mean())``: Python walks what pandas made, making Python objects
            # only; the arrays were pandas' (its site), not this call's
            return self.opaque(ctx, *args, *kwargs.values())
        if fn in _BUILTIN_TYPES and len(args) <= 1:
            v = args[0] if args else NONE
            if isinstance(v, _Arr) and v.size != 1:
                raise _Stop
            ctx.release(v)
            kind = _BUILTIN_TYPES[fn]
            if isinstance(v, _Scal) and type(v.value) in (bool, int, float) and kind is not complex:
                try:   # int(4e6), float(n): the value is known
                    return _Scal(kind, kind(v.value))
                except (OverflowError, ValueError):
                    raise _Stop from None
            return _Scal(kind)
        return None
