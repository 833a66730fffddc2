"""Self-contained HTML for notebooks: no scripts, no external resources, all user text escaped.

A cell's view has two parts, which the widget shows separately (summary always,
details on demand) and ``render_cell`` puts together in one ``<details>``
element for front ends without widgets: ``render_head`` (the summary line, a
small chart, the first finding and the arrays that appeared) and
``render_details`` (sources, per-line table, findings with their rewrites,
held arrays, notes). Everything a user wrote (cell source, variable names) and
everything derived from it (messages, rewrites) passes through ``escape``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from ..model import CellReport
from ..namespace import NamespaceView
from ..units import format_bytes
from . import svg
from ..guard import explain_stop
from .text import DEEP_HINT, cell_name, change_label, display_name, namespace_title, one_line, summary_line

ACCENT = {"quiet": "#8a8a8a", "pressure": "#d9822b", "error": "#c23b3b"}
_BOX = (
    "font-family:var(--jp-code-font-family,monospace);font-size:12px;"
    "border-left:3px solid {color};padding:2px 8px;margin:2px 0"
)
_TABLE = "border-collapse:collapse;font-size:12px;margin:4px 0"
_CELL = "padding:1px 8px;text-align:right;border-bottom:1px solid #8884"
_MUTED = "opacity:0.75"
# ipywidgets' HTML widget sets a 28px line height meant for one-line controls; text and tables need their own.
_FLOW = "line-height:1.4"
_REWRITE = ("margin:2px 0 6px;padding:4px 6px;background:#8881;border:1px solid #8883;"
            "user-select:all;-webkit-user-select:all;cursor:text;white-space:pre")
_SIZE = re.compile(r"[+-]?\d+(?:\.\d+)? (?:B|KiB|MiB|GiB)")


def level(report: CellReport, *, expanded: bool) -> str:
    """``error``, ``pressure`` (findings or memory pressure) or ``quiet``: picks the accent colour."""
    if report.error:
        return "error"
    return "pressure" if report.findings or expanded else "quiet"


def render_cell(report: CellReport, *, expanded: bool = True, namespace: NamespaceView | None = None) -> str:
    """The static view: a ``<details>`` element, open when ``expanded``, that needs no JavaScript."""
    lvl = level(report, expanded=expanded)
    return (
        f'<details class="npguard-cell npguard-{lvl}"{" open" if expanded else ""} '
        f'style="{_BOX.format(color=ACCENT[lvl])}">'
        f'<summary style="cursor:pointer">{render_head(report, namespace, inline=True)}</summary>'
        f"{render_details(report, namespace)}</details>"
    )


def render_head(report: CellReport, namespace: NamespaceView | None = None, *, inline: bool = False) -> str:
    """The summary line with its figures in bold, the first finding, new arrays, and the chart."""
    lines = [f'<div class="npguard-summary-line">{_summary(report)}</div>']
    if report.budget_stop is not None:
        lines.append(f'<div class="npguard-budget"><b>{escape(explain_stop(report.budget_stop))}</b></div>')
    if report.findings:
        f = report.findings[0]
        more = f" (and {len(report.findings) - 1} more)" if len(report.findings) > 1 else ""
        title = "Likely cause" if report.mode == "light" else "Finding"
        lines.append(
            f'<div class="npguard-teaser">{title}, line {f.lineno}: <code>{escape(f.kind)}</code> '
            f"{escape(format_bytes(f.bytes))}. {escape(f.message)}{escape(more)}</div>"
        )
    held = _held_teaser(namespace)
    if held:
        lines.append(f'<div class="npguard-teaser" style="{_MUTED}">{held}</div>')
    display = "inline-flex" if inline else "flex"
    return (
        f'<div class="npguard-head" style="display:{display};align-items:center;gap:16px;'
        f'vertical-align:top;flex-wrap:wrap;{_FLOW}"><div>{"".join(lines)}</div>{svg.cell_chart(report)}</div>'
    )


def render_details(report: CellReport, namespace: NamespaceView | None = None) -> str:
    """Sources, per-line table, findings with suggestion and rewrite, held arrays, notes, error."""
    body = [_sources(report)]
    if report.lines:
        body.append(_lines(report))
    if report.findings:
        body.append(_findings(report))
    if namespace is not None:
        body.append(render_namespace(namespace))
    notes = list(report.measurement.notes) + list(report.notes)
    if notes:
        body.append(f'<div class="npguard-notes" style="{_MUTED}">'
                    + "".join(f"<div>note: {escape(n)}</div>" for n in notes) + "</div>")
    if report.error:
        body.append(f'<div class="npguard-error">error: {escape(report.error)}</div>')
    return f'<div class="npguard-details-body" style="{_FLOW}">{"".join(body)}</div>'


def _summary(report: CellReport) -> str:
    text = escape(summary_line(report))
    prefix = escape(f"npguard [{cell_name(report)}]")
    text = _SIZE.sub(lambda m: f"<b>{m.group(0)}</b>", text[len(prefix):])
    return f"<b>{prefix}</b>{text}"


def _held_teaser(view: NamespaceView | None, top: int = 3) -> str:
    if view is None or not view.holdings:
        return ""
    items = view.changed if view.compared else view.holdings
    if not items:
        return ""
    parts = []
    for h in items[:top]:
        label = change_label(h)
        parts.append(f"<code>{escape(', '.join(display_name(n) for n in h.names))}</code> "
                     f"{escape(format_bytes(h.nbytes))}{escape(f' ({label})' if label else '')}")
    more = f", and {len(items) - top} more" if len(items) > top else ""
    title = "Now held" if view.compared else "Largest held"
    return f"{title}: {', '.join(parts)}{escape(more)}"


def _td(value: str, *, left: bool = False) -> str:
    align = ";text-align:left" if left else ""
    return f'<td style="{_CELL}{align}">{escape(value)}</td>'


def _th(value: str, *, left: bool = False) -> str:
    align = ";text-align:left" if left else ""
    return f'<th style="{_CELL}{align}">{escape(value)}</th>'


def _code_td(value: str) -> str:
    return f'<td style="{_CELL};text-align:left"><code>{escape(value)}</code></td>'


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
    return f'<table class="npguard-sources" style="{_TABLE}">{"".join(rows)}</table>'


def _lines(report: CellReport) -> str:
    heads = ("line", "hits", "net", "peak", "temporaries")
    rows = ["<tr>" + "".join(_th(h) for h in heads) + _th("source", left=True) + "</tr>"]
    worst = max(report.lines, key=lambda ln: ln.peak_bytes)
    for ln in report.lines:
        mark = ' style="background:#e8a33d22"' if ln is worst and ln.peak_bytes > 0 else ""
        rows.append(f"<tr{mark}>" + "".join([
            _td(str(ln.lineno)), _td(str(ln.hits)), _td(format_bytes(ln.net_bytes, signed=True)),
            _td(format_bytes(ln.peak_bytes)), _td(format_bytes(ln.temporaries_bytes)),
            _code_td(ln.source)]) + "</tr>")
    return f'<table class="npguard-lines" style="{_TABLE}">{"".join(rows)}</table>'


def _findings(report: CellReport) -> str:
    title = "Likely causes" if report.mode == "light" else "Findings"
    items = []
    for f in report.findings:
        rewrite = ""
        if f.rewrite:
            rewrite = (f'<div style="{_MUTED}">rewrite (shown, never run; click it to select it all, then copy):</div>'
                       f'<pre class="npguard-rewrite" style="{_REWRITE}">{escape(f.rewrite)}</pre>')
        items.append(
            f'<li class="npguard-finding"><b>line {f.lineno}</b> <code>{escape(f.kind)}</code> '
            f"<b>{escape(format_bytes(f.bytes))}</b>: {escape(f.message)}"
            f"<br><i>instead:</i> {escape(f.suggestion)}{rewrite}</li>"
        )
    hint = f"<div><i>{escape(DEEP_HINT)}</i></div>" if report.mode == "light" else ""
    return (f'<div class="npguard-findings"><b>{title}</b>'
            f'<ul style="margin:2px 0;padding-left:18px">{"".join(items)}</ul>{hint}</div>')


def render_namespace(view: NamespaceView, *, top: int = 5) -> str:
    """The arrays that names hold, one row per buffer (views counted once)."""
    if not view.holdings:
        return (f'<div class="npguard-namespace">No array of {escape(format_bytes(view.min_bytes))} '
                "or more is bound to a name now.</div>")
    shown = list(view.changed) if view.compared else list(view.holdings[:top])
    rest = [h for h in view.holdings if h not in shown]
    rows = ["<tr>" + _th("names", left=True) + "".join(_th(h) for h in ("holds", "change")) +
            _th("shape and dtype", left=True) + "</tr>"]
    for h in shown:
        rows.append("<tr>" + _code_td(", ".join(display_name(n) for n in h.names)) + _td(format_bytes(h.nbytes))
                    + _td(change_label(h)) + _td(f"{h.shape} {h.dtype}", left=True) + "</tr>")
    foot = []
    if not shown:
        foot.append("nothing new or grown")
    if rest:
        what = "unchanged" if view.compared else "smaller"
        foot.append(f"{len(rest)} more {what}: {format_bytes(sum(h.nbytes for h in rest))}")
    if view.skipped:
        foot.append(f"{view.skipped} more arrays not examined")
    table = f'<table style="{_TABLE}">{"".join(rows)}</table>' if shown else ""
    tail = f'<div style="{_MUTED}">{escape("; ".join(foot))}</div>' if foot else ""
    return (f'<div class="npguard-namespace"><b>{escape(namespace_title(view))}</b>'
            f"{table}{tail}</div>")


def render_session(reports: Sequence[CellReport], *, total: int | None = None,
                   timeline: Sequence[CellReport] = ()) -> str:
    """Cells ranked by peak, each with a bar to scale; above them, the session's sparkline."""
    if not reports:
        return '<div class="npguard-session">npguard: no cells recorded yet</div>'
    total = len(reports) if total is None else total
    top = max(1, max(r.peak_rise for r in reports))
    heads = ("cell", "peak rise", "", "net", "temporaries", "time")
    rows = ["<tr>" + "".join(_th(h) for h in heads) + _th("source", left=True) + "</tr>"]
    for r in reports:
        head = r.measurement.headline()
        width = round(60 * r.peak_rise / top)
        bar = (f'<td style="{_CELL};text-align:left;width:64px"><div style="height:8px;width:{width}px;'
               f'background:{svg.BAR}"></div></td>')
        rows.append("<tr>" + "".join([
            _td(cell_name(r)), _td(format_bytes(r.peak_rise, signed=True)), bar,
            _td(format_bytes(head[1].net, signed=True) if head else "n/a"),
            _td(format_bytes(r.temporaries_bytes)), _td(f"{r.duration_s:.2f} s"),
            _code_td(one_line(r.source, 200))]) + "</tr>")
    caption = escape(f"npguard session: {total} cell(s) recorded, top {len(reports)} by peak")
    spark = ""
    if timeline:
        line = svg.sparkline([r.peak_rise for r in timeline], [f"cell {cell_name(r)}" for r in timeline])
        spark = (f'<div class="npguard-session-sparkline" style="{_MUTED}">peak rise per cell, in run order '
                 f"{line}</div>")
    return (f'<div class="npguard-session" style="{_BOX.format(color=ACCENT["quiet"])}">'
            f"<div><b>{caption}</b></div>{spark}"
            f'<table class="npguard-session-table" style="{_TABLE}">{"".join(rows)}</table></div>')
