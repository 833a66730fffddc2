"""Per-line attribution for one block of code: hits, net, inclusive peak, temporaries.

Two ways to get the figures, with the same net, peak and temporaries on every
line (tests compare them byte for byte):

:class:`AllocationLines` (used whenever the NumPy counter is live) charges each
NumPy allocation and free, from inside the counter, to the running line of the
block's innermost frame and of the lines that called it. Pure-Python lines cost
nothing, and no trace function is set, so a debugger or coverage keeps tracing.
Its ``hits`` count the runs of a line seen allocating or freeing NumPy memory;
lines that never do are not listed (their figures are zero).

:class:`LineTracer` traces every line of the block with a trace function, behind
:class:`TraceBackend` (:class:`SettraceBackend`, ``sys.settrace``). It counts
every hit exactly, measures with tracemalloc when the counter is unavailable,
and costs a Python call per line. Only the block's own code objects are traced
(the cell, and functions it defines, recognised by their file name).

Both count comprehensions and generator expressions inline on their line (where
Python 3.12 runs a comprehension in the frame itself, the tracer sees each pass
as a run of the line; attribution keeps it one run, as on 3.11).

The tracer's peaks come from a resettable mark (the NumPy counter, else
tracemalloc). Each line resets the mark, which would erase the peak of the line
that called into it (inclusive peaks) and of the whole cell: before every reset
the running maximum is folded into every open line and into the meter's open spans.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType, FrameType
from typing import Any, Protocol

from .model import LineStat

#: Code objects traced "inline": their allocations belong to the line that runs them.
_INLINE = frozenset({"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"})


class Marks(Protocol):
    """A resettable byte counter: current bytes, peak since the last reset."""

    name: str

    def read(self) -> tuple[int, int]: ...
    def reset(self) -> None: ...


class CounterMarks:
    """The NumPy allocation counter: exact NumPy bytes, ~0.1 µs a read."""

    name = "numpy"

    def __init__(self, counter: Any) -> None:
        self._current = counter.current
        self._peak = counter.peak
        self.reset = counter.reset_peak

    def read(self) -> tuple[int, int]:
        return self._current(), self._peak()


class TracemallocMarks:
    """tracemalloc: every Python-level allocation, NumPy's buffers included."""

    name = "traced"

    def read(self) -> tuple[int, int]:
        return tracemalloc.get_traced_memory()

    def reset(self) -> None:
        tracemalloc.reset_peak()


@dataclass(slots=True)
class _Frame:
    """A traced frame's running line. ``peak`` is carried over the resets its callees make."""

    lineno: int
    start: int
    peak: int
    frame_peak: int  # highest point over all of this frame's lines, handed to the caller on return


@dataclass(slots=True)
class _Acc:
    hits: int = 0
    net: int = 0
    peak: int = 0
    temporaries: int = 0


class TraceBackend(Protocol):
    """Calls ``on_line(frame, lineno)`` and ``on_return(frame)`` for frames whose code ``wants``."""

    def start(self, wants: Callable[[CodeType], bool], on_line: Callable[[FrameType, int], None],
              on_return: Callable[[FrameType], None]) -> None: ...
    def stop(self) -> None: ...


class TracerBusy(RuntimeError):
    """Another tracer (a debugger, coverage) owns ``sys.settrace``; npguard will not displace it."""


class SettraceBackend:
    """``sys.settrace``: a global function that answers only the block's own frames."""

    def __init__(self) -> None:
        self._previous: Any = None

    def start(self, wants, on_line, on_return) -> None:
        previous = sys.gettrace()
        if previous is not None:
            raise TracerBusy(
                f"another tracer is active ({getattr(previous, '__qualname__', type(previous).__name__)}, "
                "e.g. a debugger or coverage); per-line tracing would displace it"
            )

        def local(frame: FrameType, event: str, arg: Any):
            if event == "line":
                on_line(frame, frame.f_lineno)
            elif event == "return":
                on_return(frame)
            return local

        def global_(frame: FrameType, event: str, arg: Any):
            if event == "call" and wants(frame.f_code):
                return local
            return None

        self._previous = previous
        sys.settrace(global_)

    def stop(self) -> None:
        sys.settrace(self._previous)
        self._previous = None


class LineTracer:
    """Collects per-line statistics for code compiled with ``filename``.

    ``on_first_hit(frame, lineno)`` is called once per distinct line, before it
    runs (deep mode uses it to read live shapes for the static analyser).
    ``fold(source, value)`` hands the highest mark seen to the enclosing
    measurement (the meter's open spans) when tracing ends, since the per-line
    resets would otherwise hide it from them.

    The line event is the hot path (a pure-Python loop makes one per
    iteration): one read of the mark, O(1) bookkeeping, one reset.
    """

    def __init__(
        self,
        filename: str,
        marks: Marks,
        *,
        fold: Callable[[str, int], None] | None = None,
        on_first_hit: Callable[[FrameType, int], None] | None = None,
        backend: TraceBackend | None = None,
    ) -> None:
        self.filename = filename
        self.marks = marks
        self._fold = fold
        self._on_first_hit = on_first_hit
        self.backend = backend or SettraceBackend()
        self._frames: dict[int, _Frame] = {}  # id(frame) -> its running line
        self._stack: list[_Frame] = []         # traced frames, caller first
        self._acc: dict[int, _Acc] = {}
        self._max = 0
        self.events = 0
        self.elapsed = 0.0

    def wants(self, code: CodeType) -> bool:
        return code.co_filename == self.filename and code.co_name not in _INLINE

    def run(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` (which executes the block) under tracing; always restores the tracer."""
        __tracebackhide__ = True  # IPython leaves this frame out of a user's traceback
        self._max = self.marks.read()[1]
        self._hand_over()
        self.marks.reset()
        self.backend.start(self.wants, self._on_line, self._on_return)
        t0 = time.perf_counter()
        try:
            return fn()
        finally:
            self.backend.stop()
            self.elapsed = time.perf_counter() - t0
            current, peak = self.marks.read()
            for rec in reversed(self._stack):
                self._finish(rec, current, peak)
            self._stack.clear()
            self._frames.clear()
            self._max = max(self._max, peak)
            self._hand_over()

    def _hand_over(self) -> None:
        if self._fold is not None:
            self._fold(self.marks.name, self._max)

    # -- events ---------------------------------------------------------------------------------

    def _on_line(self, frame: FrameType, lineno: int) -> None:
        if lineno is None or lineno < 1:  # synthetic code with no line of the user's (e.g. an implicit return)
            return
        self.events += 1
        current, peak = self.marks.read()
        if peak > self._max:
            self._max = peak
        rec = self._frames.get(id(frame))
        if rec is None:
            rec = self._frames[id(frame)] = _Frame(lineno, current, current, current)
            if self._stack and peak > self._stack[-1].peak:
                self._stack[-1].peak = peak  # what the caller's line reached before this call
            self._stack.append(rec)
        else:
            self._finish(rec, current, peak)
        acc = self._acc.get(lineno)
        if acc is None:
            acc = self._acc[lineno] = _Acc()
            if self._on_first_hit is not None:
                self._on_first_hit(frame, lineno)
                current = self.marks.read()[0]
        acc.hits += 1
        self.marks.reset()
        rec.lineno, rec.start, rec.peak = lineno, current, current

    def _on_return(self, frame: FrameType) -> None:
        rec = self._frames.pop(id(frame), None)
        if rec is None:
            return
        current, peak = self.marks.read()
        self._finish(rec, current, peak)
        if self._stack and self._stack[-1] is rec:
            self._stack.pop()
        else:
            self._stack.remove(rec)
        if self._stack and rec.frame_peak > self._stack[-1].peak:
            self._stack[-1].peak = rec.frame_peak

    def _finish(self, rec: _Frame, current: int, peak: int) -> None:
        """Close ``rec``'s running line at ``current`` bytes with the mark at ``peak``."""
        if rec.peak > peak:
            peak = rec.peak
        if peak > rec.frame_peak:
            rec.frame_peak = peak
        acc = self._acc[rec.lineno]
        if not self._nested(rec):
            acc.net += current - rec.start
        if peak - rec.start > acc.peak:
            acc.peak = peak - rec.start
        transient = peak - (current if current > rec.start else rec.start)
        if transient > acc.temporaries:
            acc.temporaries = transient

    def _nested(self, rec: _Frame) -> bool:
        """An outer frame runs the same line (a lambda called from its own line, recursion): that
        outer run's net already holds this one's."""
        for outer in self._stack:
            if outer is rec:
                return False
            if outer.lineno == rec.lineno:
                return True
        return False

    # -- results --------------------------------------------------------------------------------

    def stats(self, source_lines: list[str]) -> tuple[LineStat, ...]:
        """One :class:`LineStat` per line that ran, in line order."""
        out = []
        for lineno in sorted(self._acc):
            acc = self._acc[lineno]
            text = source_lines[lineno - 1].strip() if 0 < lineno <= len(source_lines) else ""
            out.append(LineStat(lineno, text, acc.hits, acc.net, max(0, acc.peak), max(0, acc.temporaries)))
        return tuple(out)

    def slow_note(self) -> str | None:
        """A note when per-line tracing itself cost a noticeable share of the cell's time."""
        if self.events < 20_000 or self.elapsed <= 0:
            return None
        cost = min(self.events * event_cost(self.marks, self._fold), self.elapsed)
        if cost < 0.2 * self.elapsed:
            return None
        untraced = max(self.elapsed - cost, 1e-3)
        return (
            f"loop-heavy cell: {self.events:,} traced line events cost about {cost:.2f} s of its "
            f"{self.elapsed:.2f} s; without %%npguard it runs roughly {self.elapsed / untraced:.0f}x faster"
        )


def block_codes(*roots: CodeType) -> tuple[CodeType, ...]:
    """``roots`` first, then every function, lambda and class body defined inside them.

    Comprehensions and generator expressions are left out: their work belongs
    to the line that runs them.
    """
    out: list[CodeType] = list(roots)
    stack = list(roots)
    while stack:
        for const in stack.pop().co_consts:
            if isinstance(const, CodeType) and const.co_name not in _INLINE:
                out.append(const)
                stack.append(const)
    return tuple(out)


class AllocationLines:
    """Per-line figures charged by the NumPy counter at each allocation and free.

    ``codes`` are the block's code objects, its ``roots`` top-level ones first
    (see :func:`block_codes`). ``on_first_hit(frame, lineno, names)`` runs at a
    line's first NumPy allocation, while the names it reads still hold their
    values; ``names`` are the frame's variables (read them there, not from
    ``frame.f_locals``, which would keep rebound arrays alive).
    The counter's peak is never reset, so the enclosing measurement needs no folding.
    """

    def __init__(
        self,
        counter: Any,
        codes: tuple[CodeType, ...],
        roots: int,
        nlines: int,
        *,
        on_first_hit: Callable[[FrameType, int, dict[str, Any]], None] | None = None,
    ) -> None:
        self._counter = counter
        self._codes = codes
        self._roots = roots
        self._nlines = nlines
        self._on_first_hit = on_first_hit
        self._rows: list[tuple[int, int, int, int, int]] = []
        self.events = 0
        self.elapsed = 0.0

    def run(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` (which executes the block) with attribution on; always turns it off."""
        __tracebackhide__ = True
        self._counter.attribute_start(self._codes, self._roots, self._nlines, self._on_first_hit)
        t0 = time.perf_counter()
        try:
            return fn()
        finally:
            self.elapsed = time.perf_counter() - t0
            self._rows, self.events = self._counter.attribute_stop()

    def stats(self, source_lines: list[str]) -> tuple[LineStat, ...]:
        """One :class:`LineStat` per line seen allocating or freeing, in line order."""
        out = []
        for lineno, hits, net, peak, temporaries in self._rows:
            text = source_lines[lineno - 1].strip() if 0 < lineno <= len(source_lines) else ""
            out.append(LineStat(lineno, text, hits, net, max(0, peak), max(0, temporaries)))
        return tuple(out)

    def slow_note(self) -> str | None:
        """Nothing to say: attribution costs per NumPy allocation, never per line."""
        return None


_EVENT_COST: dict[str, float] = {}
_CALIBRATION = compile("for _ in range(20000):\n    pass\n", "<npguard-calibration>", "exec")


def event_cost(marks: Marks, fold: Callable[[str, int], None] | None = None) -> float:
    """Seconds one traced line event costs on this machine with these marks (measured once)."""
    if marks.name not in _EVENT_COST:
        t0 = time.perf_counter()
        exec(_CALIBRATION, {})
        plain = time.perf_counter() - t0
        tracer = LineTracer("<npguard-calibration>", marks, fold=fold)
        tracer.run(lambda: exec(_CALIBRATION, {}))
        _EVENT_COST[marks.name] = max(tracer.elapsed - plain, 0.0) / max(tracer.events, 1)
    return _EVENT_COST[marks.name]
