"""One statement's allocations, in NumPy's order of allocation and release."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import numpy as np

from npguard import facts
from npguard.static.prediction import CallSite
from npguard.static.values import _Arr, _Dict, _Seq, _c_strides, _holds_pandas


if TYPE_CHECKING:
    from npguard.static.interpreter import _Analyzer


class _Ctx:
    """Allocations of one statement, with NumPy's order of allocation and release."""

    def __init__(self, analyzer: _Analyzer, lineno: int) -> None:
        self.an = analyzer
        self.lineno = lineno
        self.temps: list[dict] = []
        self.live = 0
        self.peak = 0
        self.freed: set[int] = set()
        self.kept: set[int] = set()
        self.partial = False   # something array-valued went through an unknown operation
        self.calls: list[CallSite] = []
        self.listed: int | None = None   # the buffer a list took to hold (``out.append(v)``)

    def alloc(self, node, shape, dtype, kind="chained-ops", detail="", **extra) -> _Arr:
        dtype = np.dtype(dtype)
        shape = tuple(int(n) for n in shape)
        nbytes = math.prod(shape) * dtype.itemsize
        idx = len(self.temps)
        self.temps.append(dict(lineno=self.lineno, expr=self.an.segment(node), nbytes=nbytes, shape=shape,
                               dtype=dtype.name, kind=kind, detail=detail, elided=False,
                               span=self.an.span(node)))
        self.live += nbytes
        self.peak = max(self.peak, self.live)
        return _Arr(shape, dtype, _c_strides(shape, dtype.itemsize), buf=idx, fresh=True, origin=object(), **extra)

    def note(self, node, nbytes, shape, dtype, kind, detail="", elided=False) -> int:
        """Record a temporary that is not a new allocation (elision, annotations)."""
        self.temps.append(dict(lineno=self.lineno, expr=self.an.segment(node), nbytes=int(nbytes),
                               shape=tuple(shape), dtype=np.dtype(dtype).name, kind=kind, detail=detail,
                               elided=elided, span=self.an.span(node)))
        return len(self.temps) - 1

    def internal(self, node, shape, dtype, detail) -> None:
        """A buffer a NumPy function allocates and frees inside itself: that call's own business."""
        arr = self.alloc(node, shape, dtype, "chained-ops", detail)
        self.temps[arr.buf]["consumer"] = self.an.segment(node)
        self.release(arr)

    def release(self, *values) -> None:
        for v in values:
            if isinstance(v, _Arr):
                if v.buf is not None and v.buf not in self.freed and v.buf not in self.kept:
                    self.freed.add(v.buf)
                    self.live -= self.temps[v.buf]["nbytes"]
            elif isinstance(v, _Seq):
                self.release(*v.items)
            elif isinstance(v, _Dict):
                self.release(*v.values)

    def keep(self, value) -> int | None:
        """Mark the buffer(s) of a value that outlives the statement; the index of the (last) one."""
        last = None
        if isinstance(value, _Arr) and value.buf is not None:
            self.kept.add(value.buf)
            t = self.temps[value.buf]
            if t["kind"] == "chained-ops":
                t["kind"] = "result"
            last = value.buf
        elif isinstance(value, (_Seq, _Dict)):
            for item in (value.items if isinstance(value, _Seq) else value.values):
                last = self.keep(item) if isinstance(item, (_Arr, _Seq, _Dict)) else last
        return last

    def discarded(self, value) -> None:
        """The statement's own value, thrown away: the result of the statement, not a step of a chain."""
        if isinstance(value, _Arr) and value.buf is not None and self.temps[value.buf]["kind"] == "chained-ops":
            self.temps[value.buf]["kind"] = "result"

    def handed_to_items(self, expr: str, values) -> None:
        for v in values:
            if isinstance(v, _Arr) and v.buf is not None and v.buf not in self.freed:
                t = self.temps[v.buf]
                if t["kind"] == "chained-ops" and t.get("consumer") is None:
                    t["consumer"] = expr

    def kind(self, idx: int, kind: str, detail: str, **fields) -> None:
        """Name the cause of a temporary; ``fields`` are Temporary's typed fields for the explainer."""
        t = self.temps[idx]
        t["kind"] = kind
        t["detail"] = detail
        t.update(fields)

    def pandas_site(self, node, names: tuple[str, ...]) -> None:
        """An operation on pandas objects: one site per outermost such expression."""
        span = self.an.span(node)
        if span is None:
            return
        inner = [c for c in self.calls if c.name.startswith("pandas operations")
                 and span[:2] <= c.span[:2] and c.span[2:] <= span[2:]]
        self.calls[:] = [c for c in self.calls if c not in inner]
        # ``day_stats['min'] = data.min(axis=1)``: the site is the whole store, and it works on both frames
        names = tuple(dict.fromkeys([*names, *(n for c in inner for n in re.findall(r"`([^`]+)`", c.name))]))
        listed = ", ".join(f"`{n}`" for n in names[:3])
        self.calls.append(CallSite(self.an.segment(node), f"pandas operations on {listed}", span, False))

    def handed_to(self, node, name: str, values, numpy: bool) -> None:
        """``values`` went into a call the analysis does not model (``node``, calling ``name``)."""
        expr = self.an.segment(node)
        short = name.removeprefix("numpy.").removeprefix("ndarray.")
        hidden = facts.HIDDEN_TEMPORARIES.get(short, "") if numpy else ""
        first = values[0] if values else None
        if numpy and short in facts.HIDDEN_FOR_COMPLEX_INPUT and isinstance(first, _Arr) and first.dtype.kind == "c":
            hidden = facts.HIDDEN_FOR_COMPLEX_INPUT[short]   # ``np.fft.ifft(F * np.conj(F))``: no complex copy
        if numpy and short in facts.HIDDEN_FOR_INTEGER_INPUTS and len(values) >= 2 and all(
                isinstance(v, _Arr) and v.dtype.kind in "iu" for v in values[:2]) \
                and not any(k.arg == "kind" for k in node.keywords):
            hidden = facts.HIDDEN_FOR_INTEGER_INPUTS[short]   # ``np.isin(cats[:, i], ucats[counts == 1])``
        if short in facts.HIDDEN_ONLY_WITH:   # ``np.average(x)``: no weights, no product
            param, position = facts.HIDDEN_ONLY_WITH[short]
            if len(node.args) <= position and not any(k.arg == param for k in node.keywords):
                hidden = ""
        if short in facts.HIDDEN_ONLY_ALONE and (len(node.args) > 1 or node.keywords):
            hidden = ""
        pandas = any(_holds_pandas(v) for v in values)
        self.calls.append(CallSite(expr, self.an.segment(node.func), self.an.span(node), numpy, hidden, pandas=pandas))
        for v in values:
            if isinstance(v, (_Seq, _Dict)):
                self.handed_to_items(expr, v.items if isinstance(v, _Seq) else v.values)
            if isinstance(v, _Arr) and v.buf is not None and v.buf not in self.freed:
                t = self.temps[v.buf]
                if t["kind"] == "chained-ops" and t.get("consumer") is None:
                    t["consumer"] = expr
