"""What a cell's report says first: its status and headline figures, each from one named source.

Every renderer (text, HTML, the widget, the script API's text) starts from
:func:`assess`, so a terminal and a notebook lead with the same status and the
same numbers. The status is one of:

- ``temporaries``: memory pressure, transient bytes at or above the threshold
  (in deep mode, also a single line whose temporaries reach it);
- ``kept``: the cell left memory behind (net growth) without pressure;
- ``freed``: the cell gave memory back;
- ``quiet``: nothing reached the threshold (deep mode shows such cells anyway).

Peak, net and temporaries come from one source, the most precise one measured
(the NumPy counter, else tracemalloc, else process RSS). What only process RSS
sees (memory outside NumPy arrays such as a memory-mapped file read, memory the
allocator kept after NumPy freed it, pages returned to the operating system) is
listed apart as :class:`Effect` objects, each labelled, never folded into the
headline.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import CellReport, LineStat, Sample

STATUSES = ("temporaries", "kept", "freed", "quiet")

#: How each source is named next to the figures it gave.
SOURCE_LABELS = {"numpy": "NumPy arrays", "traced": "tracemalloc", "rss": "process RSS"}

MiB = 1024**2
#: Temporaries below this (a NumPy scalar, a few small index arrays) are not worth a word in the summary
#: of a cell that kept or freed memory.
TOLD_TEMPORARIES = 64 * 1024
#: RSS moves by a few MiB on its own (interpreter, allocator arenas): differences below this are noise.
RSS_NOISE = 8 * MiB


@dataclass(frozen=True, slots=True)
class Effect:
    """Something only process RSS saw, beside the headline source's figures.

    ``kind`` is ``outside-peak`` (RSS climbed higher than the headline source),
    ``allocator-kept`` (RSS stayed higher than the headline source's net) or
    ``returned`` (RSS fell further: pages went back to the operating system).
    """

    kind: str
    bytes: int
    label: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """A cell's status and headline figures, each figure from ``source``."""

    status: str
    source: str | None
    peak: int
    net: int
    temporaries: int | None
    #: Deep mode: the line with the most temporaries, when it has any; ``temporaries`` is then
    #: the larger of its temporaries and the cell's own.
    largest: LineStat | None = None
    effects: tuple[Effect, ...] = ()
    #: The more precise source that was measured but saw less than the threshold, when RSS
    #: leads instead (the memory was outside it: a memory-mapped file, Python objects).
    missed_by: str | None = None

    @property
    def source_label(self) -> str:
        label = SOURCE_LABELS.get(self.source or "", "not measured")
        if self.missed_by:
            label += f", outside {SOURCE_LABELS[self.missed_by]}"
        return label

    @property
    def pressure(self) -> bool:
        return self.status == "temporaries"

    @property
    def tells_temporaries(self) -> bool:
        """The summary names the temporaries beside the status: always for a quiet cell, for a cell that
        kept or freed memory only when they are worth a word (its line stays short)."""
        return self.status == "quiet" or (self.status != "temporaries" and (self.temporaries or 0) >= TOLD_TEMPORARIES)


def assess(report: CellReport, threshold: int) -> Verdict:
    """The status and headline of ``report`` against ``threshold`` (bytes)."""
    chosen = _headline_source(report, threshold)
    if chosen is None:
        return Verdict("quiet", None, 0, 0, None)
    name, s = chosen
    temps = s.transient
    largest = max(report.lines, key=lambda ln: ln.temporaries_bytes, default=None)
    if largest is not None and largest.temporaries_bytes <= 0:
        largest = None
    if largest is not None:
        # Deep mode: a line's temporaries can die before the cell ends above them, so the
        # cell's own peak - max(start, end) misses them; the line table is the source here.
        temps = max(temps, largest.temporaries_bytes)
    if temps >= threshold:
        status = "temporaries"
    elif s.net >= threshold or (s.rise >= threshold and s.net >= 0):
        status = "kept"
    elif s.net <= -threshold or s.rise >= threshold:
        status = "freed"
    else:
        status = "quiet"
    best = report.measurement.best()
    missed_by = best[0] if best is not None and best[0] != name else None
    return Verdict(status, name, s.rise, s.net, temps, largest, _effects(report.measurement.rss, name, s), missed_by)


def _headline_source(report: CellReport, threshold: int) -> tuple[str, Sample] | None:
    """The most precise source, unless it missed what another one saw above the threshold.

    A cell that builds a large Python list or reads a memory-mapped file moves
    no NumPy bytes; then process RSS is the only honest headline, and is named as such.
    """
    m = report.measurement
    best = m.best()
    if best is None:
        return None
    widest = m.headline()
    if widest is not None and widest[0] != best[0]:
        extra = widest[1].rise - best[1].rise
        if widest[1].rise >= threshold and best[1].rise < threshold and extra >= RSS_NOISE:
            return widest
    return best


def _effects(rss: Sample | None, name: str, s: Sample) -> tuple[Effect, ...]:
    if rss is None or name == "rss":
        return ()
    out = []
    what = SOURCE_LABELS[name]
    noise = max(RSS_NOISE, s.rise // 10)
    kept = rss.net - s.net
    # Memory the process kept also lifts its peak: count only the peak beyond it.
    if rss.rise - s.rise - max(0, kept) >= noise:
        out.append(Effect("outside-peak", rss.rise - s.rise - max(0, kept),
                          f"higher peak than {what} account for (memory outside them: "
                          "a memory-mapped file read, Python objects, the allocator)"))
    if kept >= noise:
        out.append(Effect("allocator-kept", kept,
                          f"more kept than {what} hold (memory the allocator kept after "
                          "NumPy freed it, or objects outside NumPy)"))
    elif s.net - rss.net >= noise:
        out.append(Effect("returned", s.net - rss.net,
                          f"more given back than {what} freed (pages returned to the operating system)"))
    return tuple(out)
