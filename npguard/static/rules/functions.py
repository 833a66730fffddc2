"""NumPy functions by name: one table built from every family's rows, and the dispatch through it.

Teaching the analysis a NumPy function is a row in its family's ``FUNCTIONS`` (name -> method)
and that method; the order of the families does not matter, and a name may belong to one only.
"""

from __future__ import annotations

import numpy as np

from npguard.static.rules import creation, joins, linalg, reductions, shape, transforms, ufuncs
from npguard.static.values import _Arr, _Limits, _Scal


def _merged(*families) -> dict[str, str]:
    table: dict[str, str] = {}
    for family in families:
        clash = set(table) & set(family.FUNCTIONS)
        if clash:
            raise RuntimeError(f"{family.__name__} claims {sorted(clash)}, already claimed")
        table.update(family.FUNCTIONS)
    return table


#: Every NumPy function the analysis models (``numpy.<name>``), and the method that does.
FUNCTIONS = _merged(creation, reductions, linalg, ufuncs, joins, shape, transforms)


class FunctionRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    def function(self, node, name, args, kwargs, ctx):
        if name.startswith("builtins."):
            return self.builtin(node, name[9:], args, kwargs, ctx)
        if name == "typing.cast" and len(args) == 2 and not kwargs:
            return args[1]   # ``cast("DataFrame", w * frame)``: a note for type checkers, the value itself
        if name in ("numpy.finfo", "numpy.iinfo") and len(args) == 1 and not kwargs:
            # ``np.finfo(np.float64).eps``: the limits of a dtype, whose values are NumPy scalars of it
            v = args[0]
            dtype = v.dtype if isinstance(v, _Arr) else v.kind if isinstance(v, _Scal) and isinstance(
                v.kind, np.dtype) else self.dtype_of(v)
            return _Limits((np.finfo if name == "numpy.finfo" else np.iinfo)(dtype))
        if name.startswith("rng."):
            return self.generator(node, name[4:], args, kwargs, ctx)
        if name.startswith("numpy.random."):
            return self.legacy_random(node, name[13:], args, kwargs, ctx)
        if name.startswith("numpy.linalg.") and name.count(".") == 2:
            return self.linalg_function(node, name[13:], args, kwargs, ctx)
        if name.startswith("numpy.fft.") and name.count(".") == 2:
            return self.fft_function(node, name[10:], args, kwargs, ctx)
        if name == "numpy.matlib.repmat":
            return self.repmat(node, args, kwargs, ctx)
        if name.startswith("numpy.") and name.count(".") == 2 and name.endswith((".accumulate", ".reduce", ".outer")):
            ufunc, method = name[6:].split(".")
            live = getattr(np, ufunc, None)
            return self.ufunc_method(node, live, method, args, kwargs, ctx) if isinstance(live, np.ufunc) else None
        if not name.startswith("numpy.") or name.count(".") != 1:
            return None
        fn = name[6:]
        live = getattr(np, fn, None)
        if isinstance(live, np.ufunc):
            return self.ufunc_call(node, live, args, kwargs, ctx)
        if isinstance(live, type) and issubclass(live, np.generic):
            if len(args) == 1 and isinstance(args[0], _Scal):
                return _Scal(np.dtype(live))
            return self.scalar_type_cast(node, np.dtype(live), args, kwargs, ctx)
        handler = FUNCTIONS.get(fn)
        return getattr(self, handler)(node, fn, args, kwargs, ctx) if handler else None

    def repmat(self, node, args, kwargs, ctx):
        """``numpy.matlib.repmat(a, m, n)``: ``a``'s rows repeated ``m`` times (a new array), then each of
        those rows ``n`` times (the result); the first is freed as it returns. An array repeated only to be
        combined with another is what broadcasting does without copying."""
        a = args[0] if args else None
        if not (isinstance(a, _Arr) and len(args) == 3 and not kwargs and len(a.shape) <= 2):
            return None
        m, n = self.int_of(args[1]), self.int_of(args[2])
        rows, cols = ((1, 1) if not a.shape else (1, a.shape[0]) if len(a.shape) == 1 else a.shape)
        first = ctx.alloc(node, (m, a.size), a.dtype)   # ``a.reshape(1, a.size).repeat(m, 0)``
        result = ctx.alloc(node, (rows * m, cols * n), a.dtype)
        ctx.release(first)
        if result.nbytes >= 2 * a.nbytes:
            for made in (first, result):
                if made.nbytes >= 2 * a.nbytes:
                    ctx.kind(made.buf, "broadcast-expansion",
                             f"repmat materialises {made.shape}: {made.nbytes / max(1, a.nbytes):.0f}x its input;"
                             " broadcasting the input itself (an axis of length 1) would not copy")
        ctx.release(a)
        return result

    def scalar_type_cast(self, node, dtype: np.dtype, args, kwargs, ctx):
        """``np.int64(A1 > 0)``: a NumPy scalar type called on an array casts it, a new array in the input's
        memory order (the same dtype gives the array itself back)."""
        a = args[0] if len(args) == 1 and not kwargs else None
        if not (isinstance(a, _Arr) and a.shape and dtype.kind in "biufc" and a.dtype.kind in "biufc"):
            return None
        if dtype == a.dtype:
            return a
        result = self.copy_of(node, a, ctx, f"np.{dtype.name}(...) casts: {a.dtype.name} -> {dtype.name}", dtype, "K")
        self.ctx_fields(ctx, result, cast_from=a.dtype.name)
        return result
        handler = FUNCTIONS.get(fn)
        return getattr(self, handler)(node, fn, args, kwargs, ctx) if handler else None
