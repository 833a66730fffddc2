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

from ..model import CellReport
from ..units import format_bytes

BAR = "#e8a33d"      # a line's peak
LINE = "#3b7dd8"     # memory held after each line / over time
_FONT = "font-family:var(--jp-ui-font-family,sans-serif);font-size:9px"


def cell_chart(report: CellReport, *, width: int = 200, height: int = 44) -> str:
    """The cell's memory over its lines (deep mode) or over its run (always-on); "" when not measured."""
    if report.lines:
        return _lines_chart(report, width, height)
    head = report.measurement.headline()
    if head is None:
        return ""
    return _span_chart(head[1].rise, head[1].net, width, height)


def _lines_chart(report: CellReport, width: int, height: int) -> str:
    held = 0
    bars = []  # (peak above the cell's start, held after the line, the line)
    for ln in report.lines:
        bars.append((held + ln.peak_bytes, held + ln.net_bytes, ln))
        held += ln.net_bytes
    top = max([1] + [max(peak, after) for peak, after, _ in bars])
    bottom = min([0] + [after for _, after, _ in bars])
    pad_top, pad_bottom = 11, 2
    plot_h = height - pad_top - pad_bottom
    step = width / len(bars)

    def y(v: int) -> float:
        return pad_top + plot_h * (top - v) / (top - bottom)

    marks = [_axis(y(0), width), _label(2, pad_top - 2, f"peak {format_bytes(top)}")]
    points = [f"0,{y(0):.1f}"]
    for i, (peak, after, ln) in enumerate(bars):
        x0 = i * step
        bar_w = max(1.0, step * 0.7)
        base = y(peak - ln.peak_bytes)
        tip = (f"line {ln.lineno} ({ln.hits} hit{'s' if ln.hits != 1 else ''}): peak "
               f"{format_bytes(ln.peak_bytes)} over its start, net {format_bytes(ln.net_bytes, signed=True)}, "
               f"temporaries {format_bytes(ln.temporaries_bytes)} | {ln.source}")
        marks.append(
            f'<rect x="{x0 + step * 0.15:.1f}" y="{y(peak):.1f}" width="{bar_w:.1f}" '
            f'height="{max(0.5, base - y(peak)):.1f}" fill="{BAR}" fill-opacity="0.75">'
            f"<title>{escape(tip)}</title></rect>"
        )
        points.append(f"{x0 + step:.1f},{y(after):.1f}")
    marks.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="1.5"/>')
    title = "memory per line: bars are each line's peak, the line is what stayed after it"
    return _svg(width, height, title, marks, "npguard-chart npguard-chart-lines")


def _span_chart(rise: int, net: int, width: int, height: int) -> str:
    """Start, peak and end of an always-on cell: the span between them is the temporaries."""
    top = max(1, rise, net)
    bottom = min(0, net)
    pad_top, pad_bottom = 11, 2
    plot_h = height - pad_top - pad_bottom

    def y(v: int) -> float:
        return pad_top + plot_h * (top - v) / (top - bottom)

    x_peak, x_end = width * 0.5, width - 1
    shape = f"0,{y(0):.1f} {x_peak:.1f},{y(rise):.1f} {x_end:.1f},{y(net):.1f}"
    area = f"{shape} {x_end:.1f},{y(bottom):.1f} 0,{y(bottom):.1f}"
    tip = f"start 0 B, peak {format_bytes(rise, signed=True)}, end {format_bytes(net, signed=True)}"
    marks = [
        _axis(y(0), width),
        f'<polygon points="{area}" fill="{BAR}" fill-opacity="0.25"/>',
        f'<polyline points="{shape}" fill="none" stroke="{LINE}" stroke-width="1.5">'
        f"<title>{escape(tip)}</title></polyline>",
        f'<circle cx="{x_peak:.1f}" cy="{y(rise):.1f}" r="2.5" fill="{BAR}"><title>{escape(tip)}</title></circle>',
        _label(2, pad_top - 2, f"peak {format_bytes(rise, signed=True)}"),
        _label(width - 2, pad_top - 2, f"end {format_bytes(net, signed=True)}", anchor="end"),
    ]
    return _svg(width, height, "memory over the cell's run: start, peak, end", marks, "npguard-chart npguard-chart-span")


def sparkline(values: Sequence[int], labels: Sequence[str] = (), *, width: int = 240, height: int = 28) -> str:
    """One point per value in order, the highest marked; "" for no values."""
    if not values:
        return ""
    top = max(1, max(values))
    pad = 3
    n = len(values)
    step = (width - 2 * pad) / max(1, n - 1)

    def xy(i: int, v: int) -> tuple[float, float]:
        return pad + i * step, pad + (height - 2 * pad) * (1 - max(0, v) / top)

    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(values)))
    hi = max(range(n), key=lambda i: values[i])
    x, y = xy(hi, values[hi])
    label = labels[hi] if hi < len(labels) else str(hi + 1)
    tip = f"highest: {label}, peak {format_bytes(values[hi], signed=True)}"
    marks = [
        f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="1.5"/>',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{BAR}"><title>{escape(tip)}</title></circle>',
    ]
    return _svg(width, height, "session memory: peak rise of each cell, in run order", marks, "npguard-sparkline")


def _svg(width: int, height: int, title: str, marks: list[str], cls: str) -> str:
    return (
        f'<svg class="{cls}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" style="vertical-align:middle;overflow:visible">'
        f"<title>{escape(title)}</title>{''.join(marks)}</svg>"
    )


def _axis(y: float, width: int) -> str:
    return (f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="currentColor" '
            f'stroke-opacity="0.35" stroke-dasharray="2,2"/>')


def _label(x: float, y: float, text: str, *, anchor: str = "start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="currentColor" '
            f'fill-opacity="0.7" style="{_FONT}">{escape(text)}</text>')
