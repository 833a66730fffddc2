"""A memory budget: the allocation that would kill the process fails instead, with an explanation.

Two guards share one budget. NumPy's allocations go through npguard's counter,
which refuses a request that would take NumPy's live bytes past the budget's
share for NumPy; NumPy then raises its own ``MemoryError`` before the OS is
asked. Everything else is watched by a :class:`~npguard.watchdog.Watchdog` on
the process's resident memory. Both are armed only while a cell (or a
``with ng.budget(...)`` block) runs, with figures from ``Budget.split`` at
that moment::

    b = make_budget("4 GiB")        # or "auto"
    guard = Guard(b)
    guard.arm()
    try:
        ...
    except MemoryError as exc:
        stop = guard.explain(exc, source_filename)   # a BudgetStop, or None
    finally:
        guard.disarm()
"""

from __future__ import annotations

import linecache
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from . import numpy_counter
from .limits import memory_limit
from .model import BudgetStop
from .probes import RssProbe
from .units import MiB, format_bytes, parse_bytes
from .watchdog import BudgetExceeded, Watchdog

#: What ``auto`` keeps back from the real limit, for the interpreter's own growth and
#: allocations between two watchdog reads: this share of the limit, at least MIN_MARGIN.
MARGIN_SHARE = 0.05
MIN_MARGIN = 64 * MiB


@dataclass(frozen=True, slots=True)
class Budget:
    """What the process may hold, and where the figure came from.

    With a size (``"4 GiB"``), NumPy's live bytes may reach ``size``; a cell
    may also make other memory, as long as NumPy's bytes plus what it adds
    outside NumPy stay within it. With ``auto``, the process's resident memory
    may reach ``limit - margin`` (the real limit, less room for the interpreter
    and for what can be allocated between two watchdog reads), and NumPy's
    bytes may take whatever of that is not held outside NumPy when a cell
    starts. ``split`` turns either into the two figures the guards enforce.
    """

    source: str
    size: int | None = None
    limit: int | None = None
    margin: int = 0

    def split(self, rss: int, numpy_held: int) -> tuple[int, int]:
        """``(numpy_bytes, rss_bytes)`` for a span that starts holding ``rss``, ``numpy_held`` of it NumPy's."""
        other = max(0, rss - numpy_held)
        if self.size is not None:
            return self.size, self.size + other
        rss_bytes = (self.limit or 0) - self.margin
        return max(1, rss_bytes - other), rss_bytes

    def describe(self, rss: int | None = None, numpy_held: int | None = None) -> str:
        """``"379.5 MiB for NumPy arrays now, 448.0 MiB for all memory (auto: ...)"``."""
        rss = RssProbe().read() if rss is None else rss
        numpy_held = (numpy_counter.current() or 0) if numpy_held is None else numpy_held
        numpy_bytes, rss_bytes = self.split(rss, numpy_held)
        if self.size is not None:
            return f"{format_bytes(numpy_bytes)} for NumPy arrays ({self.source})"
        return (f"{format_bytes(rss_bytes)} for all memory, of which NumPy arrays may take "
                f"{format_bytes(numpy_bytes)} now ({self.source})")


def make_budget(spec: int | str, *, rss: int | None = None, numpy_held: int | None = None) -> Budget:
    """A budget from a size (``"4 GiB"``, bytes) or ``"auto"``; ValueError with a readable message.

    ``rss`` and ``numpy_held`` are what the process holds now (read here when None).
    """
    if isinstance(spec, str) and spec.strip().lower() == "auto":
        if rss is None:
            rss = RssProbe().read()
        if numpy_held is None:
            numpy_held = numpy_counter.current() or 0
        limit = memory_limit(rss)
        if limit is None:
            raise ValueError("no memory limit found (no cgroup limit, no /proc/meminfo, no psutil); "
                             "give a size instead, such as '4 GiB'")
        margin = max(MIN_MARGIN, int(limit.bytes * MARGIN_SHARE))
        other = max(0, rss - numpy_held)
        if limit.bytes - margin - other <= 0:
            raise ValueError(f"the limit ({format_bytes(limit.bytes)}, {limit.source}) leaves no room: the process "
                             f"already holds {format_bytes(other)} outside NumPy")
        return Budget(f"auto: {limit.source}, {format_bytes(limit.bytes)}, less a {format_bytes(margin)} margin",
                      limit=limit.bytes, margin=margin)
    size = parse_bytes(spec)
    if size <= 0:
        raise ValueError("a budget must be more than 0 bytes; use 'off' for none")
    return Budget(f"set to {format_bytes(size)}", size=size)


class Guard:
    """Arms and disarms both guards of one budget around a span of code, and explains a stop."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.watchdog = Watchdog(0)
        self.probe = RssProbe()
        #: What the guards enforce while armed: NumPy's bytes and all resident memory.
        self.numpy_bytes = 0
        self.rss_bytes = 0
        self._refused = (0, 0, 0)
        self._armed = False

    @property
    def enforced(self) -> bool:
        """Whether NumPy's allocations are checked (the counter is available)."""
        return numpy_counter.AVAILABLE

    def arm(self, thread_id: int | None = None) -> None:
        if self._armed:
            return
        numpy_counter.install()
        self._refused = numpy_counter.refused()
        self.numpy_bytes, self.rss_bytes = self.budget.split(self.probe.read(), numpy_counter.current() or 0)
        numpy_counter.set_budget(self.numpy_bytes)
        self.watchdog.limit = self.rss_bytes
        self.watchdog.arm(thread_id if thread_id is not None else threading.get_ident())
        self._armed = True

    def disarm(self) -> None:
        if not self._armed:
            return
        self._armed = False
        self.watchdog.disarm()
        numpy_counter.set_budget(None)

    def close(self) -> None:
        """Disarm for good: end the watchdog's thread."""
        self.disarm()
        self.watchdog.close()

    def explain(self, exc: BaseException | None, filename: str | None = None, source: str = "") -> BudgetStop | None:
        """Why the budget stopped the span that raised ``exc``, or None if it did not.

        ``filename`` is the code's file name as its frames carry it (a cell's
        compiled name), so the stop points at the line that asked; its text
        comes from ``source`` when given, else from ``linecache``.
        """
        if exc is None:
            return None
        lineno = _line_in(exc.__traceback__, filename)
        line = ""
        if lineno is not None:
            lines = source.splitlines()
            if 0 < lineno <= len(lines):
                line = lines[lineno - 1].strip()
            elif filename:
                line = linecache.getline(filename, lineno).strip()
        if isinstance(exc, BudgetExceeded):
            held = self.watchdog.fired_at or 0
            return BudgetStop("rss", None, held, self.rss_bytes, self.budget.source, lineno, line)
        if not isinstance(exc, MemoryError):
            return None
        count, size, held = numpy_counter.refused()
        if count == self._refused[0]:
            return None  # a MemoryError the budget did not cause
        return BudgetStop("numpy", size, held, self.numpy_bytes, self.budget.source, lineno, line)


def _line_in(tb: TracebackType | None, filename: str | None) -> int | None:
    """The innermost line of ``filename`` in the traceback (a function the cell defines counts too)."""
    found = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if filename is None or code.co_filename == filename:
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


class budget:
    """``with ng.budget("4 GiB"):`` (or ``"auto"``): inside the block, an allocation past it raises MemoryError.

    NumPy's allocation that would pass the budget fails before the OS is asked,
    and other memory past it stops the block through the watchdog; either way
    the ``MemoryError`` carries npguard's explanation as a note (shown under
    it in the traceback), and ``stop`` (a
    :class:`~npguard.model.BudgetStop`) says what happened.
    """

    def __init__(self, size: int | str) -> None:
        self.budget = make_budget(size)
        self.guard = Guard(self.budget)
        self.stop: BudgetStop | None = None

    def __enter__(self) -> budget:
        self._installed = numpy_counter.AVAILABLE and not numpy_counter.is_installed()
        self.guard.arm()
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        self.guard.close()
        if self._installed:  # leave NumPy's allocator as the block found it
            numpy_counter.uninstall()
        if exc is not None:
            filename = None
            frame = tb.tb_frame if tb is not None else None
            if frame is not None:
                filename = frame.f_code.co_filename
            self.stop = self.guard.explain(exc, filename)
            if self.stop is not None:
                # NumPy's MemoryError builds its message from the shape; a note is
                # printed under it in the traceback.
                exc.add_note(explain_stop(self.stop))
        return False


def explain_stop(stop: BudgetStop) -> str:
    """One or two sentences for people: what was asked, what was held, the budget, where it came from."""
    where = f"line {stop.lineno}" if stop.lineno is not None else "this code"
    if stop.line:
        where += f" ({stop.line})"
    if stop.kind == "numpy":
        return (f"npguard's budget refused it: {where} asked NumPy for {format_bytes(stop.requested)} while "
                f"NumPy arrays already held {format_bytes(stop.held)}, and the budget for NumPy arrays is "
                f"{format_bytes(stop.limit)} ({stop.source}); the kernel and your variables are intact")
    return (f"npguard's watchdog stopped {where}: the process's memory reached {format_bytes(stop.held)}, past "
            f"the budget of {format_bytes(stop.limit)} for all memory ({stop.source}); memory outside NumPy "
            "(Python objects, other libraries) grew; the kernel and your variables are intact")
