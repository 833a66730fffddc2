"""Self-contained HTML for notebooks: no scripts, no external resources, all user text escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..model import CellReport
from ..units import format_bytes
from .text import DEEP_HINT, cell_name, summary_line

_STYLE = (
    "font-family:var(--jp-code-font-family,monospace);font-size:12px;"
    "border-left:3px solid {color};padding:2px 8px;margin:2px 0"
)
_TABLE = "border-collapse:collapse;font-size:12px;margin:4px 0"
_CELL = "padding:1px 8px;text-align:right;border-bottom:1px solid #8884"


def _td(value: str, *, left: bool = False) -> str:
    align = ";text-align:left" if left else ""
    return f'<td style="{_CELL}{align}">{escape(value)}</td>'


def _th(value: str) -> str:
    return f'<th style="{_CELL}">{escape(value)}</th>'


def render_cell(report: CellReport, *, expanded: bool = True) -> str:
    pressure = bool(report.findings) or expanded
    color = "#d9822b" if pressure else "#8a8a8a"
    head = escape(summary_line(report))
    if not expanded:
        return f'<div class="npguard-cell" style="{_STYLE.format(color=color)}">{head}</div>'
    body = [_sources(report)]
    if report.lines:
        body.append(_lines(report))
    if report.findings:
        body.append(_findings(report))
    if report.error:
        body.append(f"<div>error: {escape(report.error)}</div>")
    return (
        f'<details class="npguard-cell" open style="{_STYLE.format(color=color)}">'
        f"<summary>{head}</summary>{''.join(body)}</details>"
    )


def _sources(report: CellReport) -> str:
    rows = ["<tr>" + "".join(_th(h) for h in ("", "before", "after", "peak", "rise")) + "</tr>"]
    for name, label in (("rss", "RSS"), ("numpy", "NumPy"), ("traced", "traced")):
        s = getattr(report.measurement, name)
        if s is None:
            rows.append("<tr>" + _td(label, left=True) + _td("not measured") + "</tr>")
        else:
            rows.append("<tr>" + "".join([
                _td(label, left=True), _td(format_bytes(s.before)), _td(format_bytes(s.after)),
                _td(format_bytes(s.peak)), _td(format_bytes(s.rise, signed=True))]) + "</tr>")
    return f'<table style="{_TABLE}">{"".join(rows)}</table>'


def _lines(report: CellReport) -> str:
    rows = ["<tr>" + "".join(_th(h) for h in ("line", "hits", "net", "peak", "temporaries", "source")) + "</tr>"]
    for ln in report.lines:
        rows.append("<tr>" + "".join([
            _td(str(ln.lineno)), _td(str(ln.hits)), _td(format_bytes(ln.net_bytes, signed=True)),
            _td(format_bytes(ln.peak_bytes)), _td(format_bytes(ln.temporaries_bytes)),
            f'<td style="{_CELL};text-align:left"><code>{escape(ln.source)}</code></td>']) + "</tr>")
    return f'<table class="npguard-lines" style="{_TABLE}">{"".join(rows)}</table>'


def _findings(report: CellReport) -> str:
    title = "Likely causes" if report.mode == "light" else "Findings"
    items = []
    for f in report.findings:
        rewrite = ""
        if f.rewrite:
            rewrite = f"<pre style=\"margin:2px 0;padding:4px;background:#8881\">{escape(f.rewrite)}</pre>"
        items.append(
            f"<li><b>line {f.lineno}</b> <code>{escape(f.kind)}</code> {escape(format_bytes(f.bytes))}: "
            f"{escape(f.message)}<br><i>instead:</i> {escape(f.suggestion)}{rewrite}</li>"
        )
    hint = f"<div><i>{escape(DEEP_HINT)}</i></div>" if report.mode == "light" else ""
    return f"<div><b>{title}</b><ul style=\"margin:2px 0\">{''.join(items)}</ul>{hint}</div>"


def render_session(reports: Sequence[CellReport], *, total: int | None = None) -> str:
    if not reports:
        return "<div>npguard: no cells recorded yet</div>"
    total = len(reports) if total is None else total
    rows = ["<tr>" + "".join(_th(h) for h in ("cell", "peak rise", "net", "temporaries", "time", "source")) + "</tr>"]
    for r in reports:
        head = r.measurement.headline()
        rows.append("<tr>" + "".join([
            _td(cell_name(r)), _td(format_bytes(r.peak_rise, signed=True)),
            _td(format_bytes(head[1].net, signed=True) if head else "n/a"),
            _td(format_bytes(r.temporaries_bytes)), _td(f"{r.duration_s:.2f} s"),
            f'<td style="{_CELL};text-align:left"><code>{escape(r.source.strip()[:200])}</code></td>']) + "</tr>")
    caption = escape(f"npguard session: {total} cell(s) recorded, top {len(reports)} by peak")
    return f'<div class="npguard-session"><div>{caption}</div><table style="{_TABLE}">{"".join(rows)}</table></div>'
