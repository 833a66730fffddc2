"""Small inline SVG charts for the HTML views: no scripts, no external resources, text escaped.

``cell_chart(report)`` draws a cell's memory: per line in deep mode (each
line's peak as a bar, memory after each line as a line), or start, peak and
end for an always-on cell. ``sparkline(values)`` draws the session: one point
per cell, in run order. Sizes are bytes above the cell's (or session's) start.
Each mark carries a ``<title>``, which browsers show as a tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..model import CellReport, Settings
from ..verdict import Verdict, assess
from ..units import format_bytes

BAR = "#e8a33d"      # a line's peak
LINE = "#3b7dd8"     # memory held after each line / over time
_FONT = "font-family:var(--jp-ui-font-family,system-ui,sans-serif);font-size:11px"
# Room for the size labels on the left, the title above and the x labels below the plot.
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 10, 18, 18


def cell_chart(report: CellReport, verdict: Verdict | None = None, *, width: int = 380, height: int = 130) -> str:
    """The cell's memory over its lines (deep mode) or over its run (always-on); "" when not measured.

    The always-on chart draws the verdict's source, the one the summary line names.
    """
    if report.lines:
        return _lines_chart(report, width, height)
    v = assess(report, Settings().threshold) if verdict is None else verdict
    if v.source is None:
        return ""
    return _span_chart(v.peak, v.net, v.source_label, width, height)


class _Frame:
    """Maps bytes above the start to the plot's y, and draws the size axis (0, the top, the bottom)."""

    def __init__(self, top: int, bottom: int, width: int, height: int) -> None:
        self.top, self.bottom = max(1, top), min(0, bottom)
        self.width, self.height = width, height
        self.plot_h = height - _TOP - _BOTTOM

    def y(self, v: int) -> float:
        return _TOP + self.plot_h * (self.top - v) / (self.top - self.bottom)

    def axis(self, title: str) -> list[str]:
        marks = [_label(2, 11, title),
                 f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{self.y(self.bottom):.1f}" '
                 'stroke="currentColor" stroke-opacity="0.35"/>',
                 _axis(self.y(0), _LEFT, self.width - _RIGHT)]
        ticks = {0, self.top} | ({self.bottom} if self.bottom < 0 else set())
        for v in sorted(ticks):
            marks.append(_label(_LEFT - 4, self.y(v) + 4, format_bytes(v, signed=v < 0), anchor="end"))
        return marks


def _lines_chart(report: CellReport, width: int, height: int) -> str:
    held = 0
    bars = []  # (peak above the cell's start, held after the line, the line)
    for ln in report.lines:
        bars.append((held + ln.peak_bytes, held + ln.net_bytes, ln))
        held += ln.net_bytes
    f = _Frame(max([1] + [max(peak, after) for peak, after, _ in bars]),
               min([0] + [after for _, after, _ in bars]), width, height)
    plot_w = width - _LEFT - _RIGHT
    step = plot_w / len(bars)
    every = max(1, -(-len(bars) * 22 // plot_w))  # leave room for each shown line number
    marks = f.axis("memory above the cell's start, per line")
    points = [f"{_LEFT},{f.y(0):.1f}"]
    for i, (peak, after, ln) in enumerate(bars):
        x0 = _LEFT + i * step
        bar_w = max(1.0, step * 0.7)
        base = f.y(peak - ln.peak_bytes)
        tip = (f"line {ln.lineno} ({ln.hits} hit{'s' if ln.hits != 1 else ''}): peak "
               f"{format_bytes(ln.peak_bytes)} over its start, net {format_bytes(ln.net_bytes, signed=True)}, "
               f"temporaries {format_bytes(ln.temporaries_bytes)} | {ln.source}")
        marks.append(
            f'<rect x="{x0 + step * 0.15:.1f}" y="{f.y(peak):.1f}" width="{bar_w:.1f}" '
            f'height="{max(0.5, base - f.y(peak)):.1f}" fill="{BAR}" fill-opacity="0.8">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if i % every == 0:
            label = f"line {ln.lineno}" if step >= 44 else str(ln.lineno)
            marks.append(_label(x0 + step * 0.5, height - 4, label, anchor="middle"))
        points.append(f"{x0 + step:.1f},{f.y(after):.1f}")
    marks.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    title = "memory per line: bars are each line's peak, the line is what stayed after it"
    return _svg(width, height, title, marks, "npguard-chart npguard-chart-lines")


def _span_chart(rise: int, net: int, source: str, width: int, height: int) -> str:
    """Start, peak and end of an always-on cell: the span between them is the temporaries."""
    f = _Frame(max(rise, net), net, width, height)
    x_start, x_peak, x_end = _LEFT + 18, (_LEFT + width - _RIGHT) / 2, width - _RIGHT - 18
    shape = f"{x_start:.1f},{f.y(0):.1f} {x_peak:.1f},{f.y(rise):.1f} {x_end:.1f},{f.y(net):.1f}"
    area = f"{shape} {x_end:.1f},{f.y(f.bottom):.1f} {x_start:.1f},{f.y(f.bottom):.1f}"
    tip = f"start 0 B, peak {format_bytes(rise, signed=True)}, end {format_bytes(net, signed=True)}"
    marks = f.axis(f"memory above the cell's start ({source})")
    marks += [
        f'<polygon points="{area}" fill="{BAR}" fill-opacity="0.25"/>',
        f'<polyline points="{shape}" fill="none" stroke="{LINE}" stroke-width="2">'
        f"<title>{escape(tip)}</title></polyline>",
    ]
    for x, v, name in ((x_start, 0, "start"), (x_peak, rise, "peak"), (x_end, net, "end")):
        marks.append(f'<circle cx="{x:.1f}" cy="{f.y(v):.1f}" r="3" fill="{BAR}"><title>{escape(tip)}</title></circle>')
        value = "" if name == "start" else " " + format_bytes(v, signed=True)
        anchor = {"start": "start", "peak": "middle", "end": "end"}[name]
        marks.append(_label(x + {"start": -4, "peak": 0, "end": 4}[name], height - 4, name + value, anchor=anchor))
    return _svg(width, height, "memory over the cell's run: start, peak, end", marks, "npguard-chart npguard-chart-span")


def sparkline(values: Sequence[int], labels: Sequence[str] = (), *, width: int = 380, height: int = 78) -> str:
    """One point per value in order, the highest marked and labelled, with a size axis; "" for no values."""
    if not values:
        return ""
    f = _Frame(max(values), 0, width, height)
    n = len(values)
    plot_w = width - _LEFT - _RIGHT
    step = plot_w / max(1, n - 1)

    def xy(i: int, v: int) -> tuple[float, float]:
        return _LEFT + (i * step if n > 1 else plot_w / 2), f.y(max(0, v))

    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(values)))
    hi = max(range(n), key=lambda i: values[i])
    x, y = xy(hi, values[hi])
    label = labels[hi] if hi < len(labels) else f"cell {hi + 1}"
    tip = f"highest: {label}, peak {format_bytes(values[hi], signed=True)}"
    first = labels[0] if labels else "cell 1"
    last = labels[-1] if labels else f"cell {n}"
    marks = f.axis("peak rise of each cell, in run order")
    marks += [
        f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{BAR}"><title>{escape(tip)}</title></circle>',
        _label(_LEFT, height - 4, first),
        _label(width - _RIGHT, height - 4, last, anchor="end") if n > 1 else "",
        _label(min(max(x, _LEFT + 40), width - _RIGHT - 40), height - 4, f"highest: {label}", anchor="middle")
        if 0 < hi < n - 1 else "",
    ]
    return _svg(width, height, "session memory: peak rise of each cell, in run order", marks, "npguard-sparkline")


def _svg(width: int, height: int, title: str, marks: list[str], cls: str) -> str:
    return (
        f'<svg class="{cls}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" style="vertical-align:middle;max-width:100%;flex:none">'
        f"<title>{escape(title)}</title>{''.join(marks)}</svg>"
    )


def _axis(y: float, x0: float, x1: float) -> str:
    return (f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="currentColor" '
            f'stroke-opacity="0.35" stroke-dasharray="2,2"/>')


def _label(x: float, y: float, text: str, *, anchor: str = "start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="currentColor" '
            f'fill-opacity="0.8" style="{_FONT}">{escape(text)}</text>')
