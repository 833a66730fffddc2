"""Transforms: ``np.fft``'s one-axis transforms and ``np.convolve``/``np.correlate``.

Only their results are sized here, so the rest of a line is modelled (``abs(np.fft.fft(x, n))``); what
they copy inside differs between NumPy versions and stays the call's own (an ``inside-call`` site).
"""

from __future__ import annotations

import numpy as np

from npguard.static.values import NONE, _Arr, _Scal, _Str
from npguard.static.dtypes import _norm_axis


#: NumPy functions this family answers for, and the interpreter method that does.
FUNCTIONS = {"convolve": "np_convolve", "correlate": "np_convolve"}

#: ``numpy.fft`` transforms along one axis: complex in, complex out, save the real pair.
_FFT = frozenset({"fft", "ifft", "rfft", "irfft"})


class TransformRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    def fft_function(self, node, fn, args, kwargs, ctx):
        """``np.fft.fft(a, n, axis)``: ``a``'s shape with ``n`` along the axis (``n // 2 + 1`` for rfft, the
        real length ``n`` for irfft, by default ``2 * (m - 1)``), complex128 (float64 for irfft). Sized only
        for a C-ordered input transformed along its last axis in double precision, whose result NumPy lays
        out C-ordered in every version."""
        a = args[0] if args else kwargs.get("a")
        if (fn not in _FFT or not isinstance(a, _Arr) or not a.shape or not a.c_contiguous or len(args) > 4
                or set(kwargs) - {"a", "n", "axis", "norm"} or a.dtype not in (np.float64, np.complex128)
                or fn in ("rfft",) and a.dtype.kind == "c"):
            return None
        axis = _norm_axis(self.int_of(self.arg(args[1:], kwargs, 1, "axis", _Scal(int, -1))), len(a.shape))
        norm = self.arg(args[1:], kwargs, 2, "norm", NONE)
        if axis != len(a.shape) - 1 or not (norm is NONE or isinstance(norm, _Str)):
            return None
        n = self.arg(args[1:], kwargs, 0, "n", NONE)
        m = a.shape[axis]
        n = (2 * (m - 1) if fn == "irfft" else m) if n is NONE else self.int_of(n)
        if n < 1:
            return None   # NumPy raises
        length = n // 2 + 1 if fn == "rfft" else n
        dtype = np.dtype(np.float64 if fn == "irfft" else np.complex128)
        ctx.handed_to(node, "numpy.fft." + fn, [a], True)
        ctx.release(a)
        return ctx.alloc(node, a.shape[:-1] + (length,), dtype)

    def np_convolve(self, node, fn, args, kwargs, ctx):
        """``np.convolve(a, v, mode)`` of two 1-D arrays: ``n + m - 1`` values (``'same'``: the longer length;
        ``'valid'``: the difference plus one), in their common dtype. ``np.correlate`` defaults to ``'valid'``."""
        if len(args) < 2 or len(args) > 3 or set(kwargs) - {"mode"}:
            return None
        a, v = args[0], args[1]
        mode = self.arg(args[2:], kwargs, 0, "mode", _Str("full" if fn == "convolve" else "valid"))
        if not (isinstance(a, _Arr) and isinstance(v, _Arr) and len(a.shape) == len(v.shape) == 1
                and isinstance(mode, _Str) and mode.value in ("full", "same", "valid")
                and a.dtype.kind in "biufc" and v.dtype.kind in "biufc"):
            return None
        n, m = a.shape[0], v.shape[0]
        if not n or not m:
            return None   # NumPy raises
        length = {"full": n + m - 1, "same": max(n, m), "valid": max(n, m) - min(n, m) + 1}[mode.value]
        dtype = np.result_type(a.dtype, v.dtype)
        if dtype == np.bool_:
            return None
        ctx.handed_to(node, "numpy." + fn, [a, v], True)
        ctx.release(a, v)
        return ctx.alloc(node, (length,), dtype)
