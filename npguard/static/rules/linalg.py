"""Products: ``@``, ``dot``, ``matmul``, ``einsum``, and the casts they make first."""

from __future__ import annotations

import numpy as np

from npguard.static.values import _Arr, _Scal, _Seq, _Stop, _Str
from npguard.static.dtypes import _shape_of, _ufunc_out_dtype


#: NumPy functions this family answers for, and the interpreter method that does.
FUNCTIONS = {"dot": "np_product", "matmul": "np_product", "einsum": "np_einsum"}
#: ``numpy.linalg`` functions whose result the analysis sizes (their insides stay the call's own).
_LINALG_RESULTS = frozenset({"inv", "pinv", "det", "solve"})


class LinalgRules:
    """Mixed into the interpreter: ``self`` is the interpreter, with its ``arg``, ``dtype_of`` and ``eval``."""

    def matmul(self, node, left, right, ctx, fn="matmul"):
        left, right = self.listed_array(left), self.listed_array(right)
        if not (isinstance(left, _Arr) and isinstance(right, _Arr)) or not left.shape or not right.shape:
            return self.opaque(ctx, left, right)
        a, b = left.shape, right.shape
        a2 = a if len(a) > 1 else (1,) + a
        b2 = b if len(b) > 1 else b + (1,)
        if a2[-1] != b2[-2]:
            raise _Stop
        batch = tuple(np.broadcast_shapes(a2[:-2], b2[:-2]))
        shape = batch + (a2[-2], b2[-1])
        if len(a) == 1:
            shape = shape[:-2] + shape[-1:]
        if len(b) == 1:
            shape = shape[:-1]
        dtype = _ufunc_out_dtype(np.matmul, [left, right])
        # NumPy casts an operand of another dtype to the computation's dtype first: a full copy
        # (measured: float32 @ float64 allocates a float64 copy of the float32 operand).
        casts = []
        for operand in (left, right):
            if operand.dtype != dtype and dtype.kind in "biufc" and operand.size:
                cast = ctx.alloc(node, operand.shape, dtype, "dtype-upcast",
                                 f"{fn} casts its {operand.dtype.name} operand to {dtype.name}")
                ctx.temps[cast.buf].update(cast_from=operand.dtype.name,
                                           inputs=(left.dtype.name, right.dtype.name))
                casts.append(cast)
        if not shape:
            ctx.release(left, right, *casts)
            return _Scal(dtype)
        result = ctx.alloc(node, shape, dtype)
        ctx.release(left, right, *casts)
        return result

    @staticmethod
    def listed_array(v):
        """A list or tuple of known scalars, as the small array NumPy makes of it."""
        if not isinstance(v, _Seq) or not v.items or not all(isinstance(x, _Scal) and x.value is not None
                                                             for x in v.items):
            return v
        try:
            probe = np.asarray([x.value for x in v.items])
        except Exception:
            return v
        if probe.dtype.kind not in "biufc":
            return v
        return _Arr(probe.shape, probe.dtype, probe.strides, origin=object())

    def einsum(self, node, args, kwargs, ctx):
        if not args or not isinstance(args[0], _Str) or set(kwargs) - {"optimize"}:
            return None
        ops = args[1:]
        if not ops or not all(isinstance(v, _Arr) for v in ops):
            return None
        spec = args[0].value.replace(" ", "")
        ins, arrow, out = spec.partition("->")
        terms = ins.split(",")
        if len(terms) != len(ops):
            raise _Stop
        if "." in spec:
            # ``"...i,...j->...ij"``: the ellipsis names the leading axes, broadcast from the right across operands;
            # each stands for letters of its own
            if any(t.count("...") > 1 or t.replace("...", "").count(".") for t in terms + [out]):
                return None
            spans = [len(a.shape) - (len(t) - 3) if "..." in t else 0 for t, a in zip(terms, ops)]
            if any(n < 0 for n in spans) or any(c.isupper() for c in spec):
                return None
            wide = max(spans, default=0)
            letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:wide]
            terms = [t.replace("...", letters[wide - n:]) for t, n in zip(terms, spans)]
            if arrow:
                out = out.replace("...", letters)
            else:
                singles = [ch for ch in "".join(terms) if ch.islower() and "".join(terms).count(ch) == 1]
                out, arrow = letters + "".join(sorted(singles)), "->"
            spec = ",".join(terms) + arrow + out
        sizes: dict[str, int] = {}
        counts: dict[str, int] = {}
        for term, a in zip(terms, ops):
            if len(term) != len(a.shape):
                raise _Stop
            for ch, n in zip(term, a.shape):
                if sizes.get(ch, n) != n and n != 1 and sizes.get(ch) != 1:
                    raise _Stop
                sizes[ch] = max(sizes.get(ch, n), n)
                counts[ch] = counts.get(ch, 0) + 1
        if "->" not in spec:
            out = "".join(sorted(ch for ch, c in counts.items() if c == 1))
        if any(ch not in sizes for ch in out):
            raise _Stop
        shape = tuple(sizes[ch] for ch in out)
        dtype = np.result_type(*[a.dtype for a in ops])
        if len(ops) == 1 and len(set(out)) == len(out) and set(out) == set(terms[0]):
            # a pure permutation (``ij->ji``) or a diagonal (``ijj->ij``): einsum returns a view, each axis
            # stepping over every input axis its letter names
            a = ops[0]
            return a.view(shape, tuple(sum(a.strides[i] for i, c in enumerate(terms[0]) if c == ch) for ch in out))
        if not shape:
            ctx.release(*ops)
            return _Scal(dtype)
        result = ctx.alloc(node, shape, dtype)
        ctx.release(*ops)
        return result

    def np_product(self, node, fn, args, kwargs, ctx):
        """``np.dot``/``np.matmul`` of two operands."""
        if len(args) != 2 or kwargs:
            return None
        second = self.listed_array(args[1])
        # np.dot of an N-d array and a 1-d one is a @ b; other N-d dots differ from matmul
        if fn == "dot" and (len(_shape_of(args[0])) > 2 and len(_shape_of(second)) != 1
                            or len(_shape_of(second)) > 2):
            return None
        return self.matmul(node, args[0], args[1], ctx, fn)

    def linalg_function(self, node, fn, args, kwargs, ctx):
        """``np.linalg.inv``/``pinv``/``det``/``solve``: the result's shape and dtype, so the rest of the
        line is modelled; what LAPACK copies inside stays the call's own (an ``inside-call`` site)."""
        if fn not in _LINALG_RESULTS or kwargs or not args or not all(isinstance(a, _Arr) for a in args):
            return None
        a = args[0]
        if len(a.shape) < 2 or a.dtype.kind not in "biufc" or not a.size:
            return None
        *batch, m, n = a.shape
        # integers and booleans compute in float64; LAPACK has no half precision (NumPy raises)
        dtype = np.result_type(*[np.float64 if x.dtype.kind in "biu" else x.dtype for x in args])
        if dtype.itemsize < 4:
            return None
        if fn == "solve":
            if len(args) != 2 or m != n or not args[1].shape or args[1].shape[0 if len(args[1].shape) == 1 else -2] != n:
                return None
            shape = args[1].shape
        elif len(args) != 1:
            return None
        elif fn in ("inv", "det") and m != n:
            raise _Stop   # NumPy raises LinAlgError: not square
        else:
            shape = {"inv": a.shape, "pinv": (*batch, n, m), "det": tuple(batch)}[fn]
        ctx.handed_to(node, "numpy.linalg." + fn, args, True)
        ctx.release(*args)
        if not shape:
            return _Scal(dtype)
        return ctx.alloc(node, shape, dtype)

    def np_einsum(self, node, fn, args, kwargs, ctx):
        return self.einsum(node, args, kwargs, ctx)
