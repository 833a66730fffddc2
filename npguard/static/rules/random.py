"""Random arrays: the legacy ``np.random`` functions and ``Generator`` methods."""

from __future__ import annotations

import numpy as np

from npguard.static.values import NONE, RNG, _Arr, _Mod, _Scal, _Seq, _Stop
from npguard.static.tables import _GEN_RANDOM, _LEGACY_RANDOM_DIMS, _LEGACY_RANDOM_EXTRA, _LEGACY_RANDOM_SIZE, _RANDOM_COUNTS


class RandomRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    def legacy_random(self, node, fn, args, kwargs, ctx):
        if fn == "default_rng":
            ctx.release(*args)
            return RNG
        if fn == "RandomState":   # its methods are the legacy np.random functions
            ctx.release(*args, *kwargs.values())
            return _Mod("numpy.random")
        if fn in _LEGACY_RANDOM_DIMS:
            if kwargs:
                return None
            shape = tuple(self.int_of(v) for v in args)
            if any(n < 0 for n in shape):
                raise _Stop
            if not shape:
                return _Scal(float)
            return ctx.alloc(node, shape, _LEGACY_RANDOM_DIMS[fn], creation=self.segment(node))
        if fn in _LEGACY_RANDOM_SIZE:
            size = self.arg(args, kwargs, _LEGACY_RANDOM_SIZE[fn], "size", NONE)
            dtype = np.dtype(np.int64 if fn in _RANDOM_COUNTS else np.float64)
            if size is NONE:   # one draw, or one per element of array parameters (not modelled)
                return None if _array_parameter(args, kwargs) else _Scal(dtype)
            shape = self.shape_of(size)
            if fn in _LEGACY_RANDOM_EXTRA:
                ctx.internal(node, shape, np.float64, _LEGACY_RANDOM_EXTRA[fn])
            return ctx.alloc(node, shape, dtype, creation=self.segment(node))
        if fn == "randint":
            size = self.arg(args, kwargs, 2, "size", NONE)
            dtype = self.dtype_of(self.arg(args, kwargs, 3, "dtype", NONE), np.dtype(int))
            if size is NONE:
                return _Scal(dtype)
            return ctx.alloc(node, self.shape_of(size), dtype, creation=self.segment(node))
        return None

    def generator(self, node, fn, args, kwargs, ctx):
        if fn not in _GEN_RANDOM:
            return None
        size = self.arg(args, kwargs, _GEN_RANDOM[fn], "size", NONE)
        default = np.dtype(np.int64) if fn == "integers" or fn in _RANDOM_COUNTS else np.dtype(np.float64)
        dtype_pos = {"random": 1, "standard_normal": 1, "integers": 3, "standard_exponential": 1,
                     "standard_gamma": 2}.get(fn)
        dtype = self.dtype_of(self.arg(args, kwargs, dtype_pos, "dtype", NONE), default)
        if size is NONE:   # one draw, or one per element of array parameters (not modelled)
            return None if _array_parameter(args, kwargs) else _Scal(dtype)
        return ctx.alloc(node, self.shape_of(size), dtype, creation=self.segment(node))


def _array_parameter(args, kwargs) -> bool:
    """A distribution's parameter is an array (or a list): NumPy draws one value per element."""
    return any(isinstance(v, (_Arr, _Seq)) for v in (*args, *kwargs.values()))
