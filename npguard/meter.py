"""Measuring a span of code with every source at once, nestably.

``Meter.begin()`` / ``Meter.end(span)`` bracket a cell, a line or a ``with``
block and return a :class:`~npguard.model.Measurement`. Peaks come from
resettable high-water marks (the kernel's ``VmHWM``, the NumPy counter,
tracemalloc), and resetting a mark would erase the peak of any span still open
around the new one. So before every reset the meter folds the mark's current
value into every open span: an inner span never zeroes an outer one's peak.

The marks belong to the process, not to a meter, so the folding reaches the
open spans of every meter alive: a ``with npguard.memory_watcher(...)`` block
(the script API's meter) inside a cell watched by the IPython extension (the
extension's meter) leaves the cell's peak intact.
"""

from __future__ import annotations

import time
import tracemalloc
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .model import Measurement, Sample
from .probes import KernelPeak, RssProbe, SamplerPeak, traced_now

#: Called as ``on_failure(kind, exc)`` when a source fails; the span goes on without it.
FailureHook = Callable[[str, BaseException], None]

#: What the IPython extension tells a user who wants tracemalloc's figures.
TRACE_HINT = "%npguard on --trace turns it on"


@dataclass(slots=True)
class Span:
    """An open measurement. Peaks carried from before a nested reset live in ``carried``."""

    t0: float
    rss: int | None
    numpy: int | None
    traced: int | None
    carried: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def carry(self, source: str, value: int | None) -> None:
        if value is not None and value > self.carried.get(source, -1):
            self.carried[source] = value


def load_counter() -> tuple[Any | None, str | None]:
    """NumPy's allocation counter module when its C extension is usable, else (None, why)."""
    try:
        from . import numpy_counter
    except Exception as exc:  # pragma: no cover - only when the module itself is broken
        return None, f"NumPy counter unavailable: {exc}"
    if not numpy_counter.AVAILABLE:
        return None, f"NumPy counter unavailable: {numpy_counter.UNAVAILABLE_REASON}"
    return numpy_counter, None


class Meter:
    """All of npguard's memory sources behind one begin/end pair."""

    def __init__(
        self,
        *,
        proc: str = "/proc/self",
        counter: Any | None = None,
        use_counter: bool = True,
        on_failure: FailureHook | None = None,
        sampler_interval: float = 0.005,
        trace_hint: str = TRACE_HINT,
    ) -> None:
        self.rss = RssProbe(proc)
        # Trying the kernel's mark resets it: keep the peaks of spans already open elsewhere.
        _fold_everywhere()
        self.kernel = KernelPeak.try_create(proc)
        self.sampler = None if self.kernel else SamplerPeak(self.rss, sampler_interval)
        self.on_failure = on_failure
        self.counter_note: str | None = None
        if counter is None and use_counter:
            counter, self.counter_note = load_counter()
        elif not use_counter:
            self.counter_note = "NumPy counter switched off"
        self.counter = counter
        self.trace_hint = trace_hint
        self._open: list[Span] = []
        _METERS.add(self)

    # -- what is live ---------------------------------------------------------------------------

    @property
    def peak_source(self) -> str:
        return "vmhwm" if self.kernel else "sampler"

    def counter_live(self) -> bool:
        return self.counter is not None and self.counter.is_installed()

    def describe(self) -> dict[str, str]:
        """How each figure is obtained right now, for ``%npguard status`` and the record."""
        if self.kernel:
            peak = "exact, kernel high-water mark (VmHWM, reset per span)"
        else:
            peak = f"sampled every {self.sampler.interval * 1000:.0f} ms (can miss shorter spikes)"
        return {
            "rss": f"{self.rss.source}; peak {peak}",
            "numpy": "NumPy allocation counter (exact)" if self.counter_live()
            else (self.counter_note or "NumPy counter not installed"),
            "traced": "tracemalloc (tracing)" if tracemalloc.is_tracing() else "tracemalloc off",
        }

    # -- the span -------------------------------------------------------------------------------

    def begin(self) -> Span:
        self._fold_and_reset()
        span = Span(
            t0=time.perf_counter(),
            rss=self._guard("rss", self.rss.read),
            numpy=self._guard("numpy", self.counter.current) if self.counter_live() else None,
            traced=None,
        )
        traced = traced_now()
        if traced is not None:
            span.traced = traced[0]
        self._open.append(span)
        return span

    def end(self, span: Span) -> Measurement:
        """Close ``span``; spans opened inside it and never closed are closed with it."""
        elapsed = time.perf_counter() - span.t0
        peaks = self._read_peaks()
        if span in self._open:
            del self._open[self._open.index(span):]
        if not self._open and self.sampler is not None:
            self.sampler.stop()
        for outer in self._open:
            for source, value in peaks.items():
                outer.carry(source, value)

        notes = list(span.notes)
        sources: dict[str, str] = {}
        missing: dict[str, str] = {}

        rss = None
        rss_after = self._guard("rss", self.rss.read)
        if span.rss is not None and rss_after is not None and "rss" in peaks:
            peak = max(peaks["rss"], span.carried.get("rss", 0), span.rss, rss_after)
            rss = Sample(span.rss, rss_after, peak)
            sources["rss_peak"] = self.peak_source
            if self.sampler is not None:
                notes.append("rss.peak sampled every "
                             f"{self.sampler.interval * 1000:.0f} ms: a shorter spike can be missed")
        else:
            missing["rss"] = "the process's memory could not be read"

        numpy = None
        if span.numpy is not None and "numpy" in peaks and self.counter_live():
            after = self._guard("numpy", self.counter.current)
            if after is not None:
                peak = max(peaks["numpy"], span.carried.get("numpy", 0), span.numpy, after)
                numpy = Sample(span.numpy, after, peak)
                sources["numpy"] = "counter"
        if numpy is None:
            missing["numpy"] = self.counter_note or "the NumPy counter was not installed"

        traced = None
        now = traced_now()
        if span.traced is not None and now is not None:
            peak = max(now[1], span.carried.get("traced", 0), span.traced, now[0])
            traced = Sample(span.traced, now[0], peak)
            sources["traced"] = "tracemalloc"
        elif now is None:
            missing["traced"] = f"tracemalloc is off ({self.trace_hint})"
        else:
            missing["traced"] = "tracemalloc started during the cell"

        return Measurement(elapsed, rss=rss, numpy=numpy, traced=traced,
                           sources=sources, notes=tuple(notes), missing=missing)

    def fold(self, source: str, value: int) -> None:
        """Carry a peak into every open span before someone else resets that source's mark."""
        for span in _open_spans():
            span.carry(source, value)

    # -- peaks ----------------------------------------------------------------------------------

    def _read_peaks(self) -> dict[str, int]:
        peaks: dict[str, int] = {}
        if self.kernel is not None:
            v = self._guard("rss", self.kernel.peek)
        else:
            v = self._guard("rss", self.sampler.peek) if self._open else None
        if v is not None:
            peaks["rss"] = v
        if self.counter_live():
            v = self._guard("numpy", self.counter.peak)
            if v is not None:
                peaks["numpy"] = v
        traced = traced_now()
        if traced is not None:
            peaks["traced"] = traced[1]
        return peaks

    def _fold_and_reset(self) -> None:
        spans = list(_open_spans())
        if spans:
            peaks = self._read_peaks()
            for span in spans:
                for source, value in peaks.items():
                    span.carry(source, value)
        if self.kernel is not None:
            if self._guard("rss", self.kernel.reset, default=False) is False:
                self.kernel = None
                self.sampler = SamplerPeak(self.rss)
        if self.sampler is not None:
            if self._open:
                self.sampler.reset()
            else:
                self.sampler.start()
        if self.counter_live():
            self._guard("numpy", self.counter.reset_peak)
        if tracemalloc.is_tracing():
            tracemalloc.reset_peak()

    def _guard(self, kind: str, fn: Callable[[], Any], default: Any = None) -> Any:
        try:
            return fn()
        except Exception as exc:
            if self.on_failure is not None:
                self.on_failure(kind, exc)
            return default


#: Every meter in the process; see the module docstring for why resets reach all of them.
_METERS: weakref.WeakSet[Meter] = weakref.WeakSet()


def _open_spans():
    for meter in list(_METERS):
        yield from meter._open


def _fold_everywhere() -> None:
    """Carry every meter's current peaks into all open spans, before a mark is reset."""
    spans = list(_open_spans())
    if not spans:
        return
    for meter in list(_METERS):
        for source, value in meter._read_peaks().items():
            for span in spans:
                span.carry(source, value)
