"""Self-contained HTML for notebooks: no scripts, no external resources, all user text escaped.

Every view is built from the model and its verdict (``npguard.verdict``), never
from the text renderer's output. A cell under memory pressure, or in deep mode,
has two parts, which the widget shows separately (head always, details on
demand) and ``render_cell`` puts together for front ends without widgets, in
the same font and layout: ``render_head`` (the status chip and summary, what
only RSS saw, a chart, the first finding and the arrays that appeared) and
``render_details`` (sources, per-line table, findings with their rewrites,
held arrays, notes) in a ``<details>`` element. A cell that only kept or freed
memory is one slim line. Everything a user wrote (cell source, variable names)
and everything derived from it (messages, rewrites) passes through ``escape``;
code spans in messages become ``<code>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..model import CellReport
from ..namespace import NamespaceView
from ..units import format_bytes
from ..verdict import Verdict, assess
from . import svg
from ..guard import explain_stop
from .text import (DEEP_HINT, DEFAULT_THRESHOLD, SHORT_STATUS, SHOWN_DURATION_S, STATUS_TEXT, cell_name, change_label, display_name,
                   namespace_title, one_line, plural)

#: Each status's colour, a mark that carries it without colour, and its chip's words.
ACCENT = {"temporaries": "#d9822b", "kept": "#3b7dd8", "freed": "#2e9e5b", "quiet": "#8a8a8a",
          "error": "#c23b3b", "hazard": "#b0306f"}
MARK = {"temporaries": "\u26a0", "kept": "\u25cf", "freed": "\u25bc", "quiet": "\u25cb", "error": "\u2716",
        "hazard": "\u25c6"}
_FONT = "font-family:var(--jp-ui-font-family,system-ui,sans-serif);font-size:13px"
_CODE = "font-family:var(--jp-code-font-family,monospace);font-size:12px"
_BOX = _FONT + ";border-left:4px solid {color};padding:4px 10px;margin:2px 0;max-width:100%;box-sizing:border-box"
_TABLE = "border-collapse:collapse;font-size:12px;margin:4px 0"
_CELL = "padding:1px 8px;text-align:right;border-bottom:1px solid #8884;white-space:nowrap"
_MUTED = "opacity:0.8"
# ipywidgets' HTML widget sets a 28px line height meant for one-line controls; text and tables need their own.
_FLOW = "line-height:1.45"
_REWRITE = ("margin:2px 0 6px;padding:4px 6px;background:#8881;border:1px solid #8883;"
            "user-select:all;-webkit-user-select:all;cursor:text;white-space:pre;overflow-x:auto;" + _CODE)
_CHIP = ("display:inline-block;padding:0 7px;border-radius:9px;font-weight:600;"
         "border:1px solid {color};background:{color}2e;white-space:nowrap")


def render_cell(report: CellReport, *, expanded: bool = True, namespace: NamespaceView | None = None,
                threshold: int = DEFAULT_THRESHOLD) -> str:
    """The static view, needing no JavaScript: the head, and a ``Details`` disclosure when ``expanded``.

    A cell that is not expanded (kept or freed memory, no pressure) is one slim line.
    """
    v = assess(report, threshold)
    color = ACCENT["error" if report.error else v.status]
    if not expanded:
        held = _held_teaser(namespace)
        tail = f' <span class="npguard-teaser" style="{_MUTED}">\u00b7 {held}</span>' if held else ""
        return (f'<div class="npguard-cell npguard-slim npguard-{v.status}" style="{_BOX.format(color=color)};{_FLOW}">'
                f'<div class="npguard-summary-line">{_summary(report, v)}{tail}</div></div>')
    return (
        f'<div class="npguard-cell npguard-{v.status}" style="{_BOX.format(color=color)}">'
        f"{render_head(report, namespace, threshold=threshold, boxed=False)}"
        f'<details class="npguard-details-static"><summary style="cursor:pointer;{_MUTED}">'
        f"{escape(details_title(report, namespace))}</summary>"
        f"{render_details(report, namespace, threshold=threshold)}</details></div>"
    )


def details_title(report: CellReport, namespace: NamespaceView | None) -> str:
    """The disclosure's label: what opening it will show."""
    parts = []
    if report.lines:
        parts.append(f"per-line table ({plural(len(report.lines), 'line')})")
    if report.findings:
        with_rewrites = " with rewrites" if any(f.rewrite for f in report.findings) else ""
        parts.append(f"{plural(len(report.findings), 'finding')}{with_rewrites}")
    if namespace is not None:
        parts.append("arrays held")
    parts.append("memory sources")
    return "Details: " + ", ".join(parts)


def render_head(report: CellReport, namespace: NamespaceView | None = None, *,
                threshold: int = DEFAULT_THRESHOLD, boxed: bool = True) -> str:
    """The status and summary, what only RSS saw, the first finding, new arrays, and the chart.

    ``boxed`` adds the status-coloured rule on the left (the widget's head); the
    static view draws it around head and details together.
    """
    v = assess(report, threshold)
    lines = [f'<div class="npguard-summary-line">{_summary(report, v)}</div>']
    if report.budget_stop is not None:
        lines.append(f'<div class="npguard-budget"><b>{escape(explain_stop(report.budget_stop))}</b></div>')
    for e in v.effects:
        lines.append(f'<div class="npguard-effect" style="{_MUTED}">RSS only: '
                     f"<b>{escape(format_bytes(e.bytes, signed=e.kind != 'returned'))}</b> {escape(e.label)}</div>")
    if report.findings:
        f = report.findings[0]
        more = f" (and {len(report.findings) - 1} more)" if len(report.findings) > 1 else ""
        title = "Likely cause" if report.mode == "light" else "Finding"
        lines.append(
            f'<div class="npguard-teaser">{title}, line {f.lineno}: <code style="{_CODE}">{escape(f.kind)}</code> '
            f"{'<b>' + escape(f.size_text) + '</b>. ' if f.size_text else ''}{prose(f.message)}{escape(more)}</div>"
        )
    held = _held_teaser(namespace)
    if held:
        lines.append(f'<div class="npguard-teaser" style="{_MUTED}">{held}</div>')
    box = (f";border-left:4px solid {ACCENT['error' if report.error else v.status]};padding:4px 10px"
           if boxed else "")
    return (
        f'<div class="npguard-head" style="display:flex;align-items:flex-start;gap:8px 20px;'
        f'flex-wrap:wrap;{_FONT};{_FLOW}{box}"><div style="flex:1 1 320px;min-width:0">{"".join(lines)}</div>'
        f"{svg.cell_chart(report, v)}</div>"
    )


def render_details(report: CellReport, namespace: NamespaceView | None = None, *,
                   threshold: int = DEFAULT_THRESHOLD) -> str:
    """Sources, per-line table, findings with suggestion and rewrite, held arrays, notes, error."""
    body = [_sources(report)]
    if report.lines:
        body.append(_lines(report))
    if report.findings:
        body.append(_findings(report))
    if namespace is not None:
        body.append(render_namespace(namespace))
    notes = list(report.measurement.notes) + list(report.notes)
    if report.unexplained:
        notes.append(f"not explained: {report.unexplained}")
    if notes:
        body.append(f'<div class="npguard-notes" style="{_MUTED}">'
                    + "".join(f"<div>note: {prose(n)}</div>" for n in notes) + "</div>")
    if report.error:
        body.append(f'<div class="npguard-error">error: {escape(report.error)}</div>')
    return f'<div class="npguard-details-body" style="{_FONT};{_FLOW};overflow-x:auto">{"".join(body)}</div>'


def prose(text: str) -> str:
    """A message for people, escaped, with its `code` spans shown as code (no backticks left)."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show the text as it is
        return escape(text)
    return "".join(escape(p) if i % 2 == 0 else f'<code style="{_CODE}">{escape(p)}</code>'
                   for i, p in enumerate(parts))


def chip(v: Verdict, error: str | None = None, *, short: bool = False, hazards: tuple[str, ...] = ()) -> str:
    """The status as a coloured chip with a mark and words, readable in light and dark themes and without colour.

    A correctness or speed hazard gets a chip of its own beside the memory status: a cell can be
    quiet in bytes and still wrap its integers around.
    """
    status = v.status if v.source else "quiet"
    words = (SHORT_STATUS if short else STATUS_TEXT)[status] if v.source else "not measured"
    out = (f'<span class="npguard-status npguard-status-{status}" style="{_CHIP.format(color=ACCENT[status])}">'
           f"{MARK[status]} {escape(words)}</span>")
    if hazards:
        more = f" +{len(hazards) - 1}" if len(hazards) > 1 else ""
        out += (f' <span class="npguard-status npguard-status-hazard" style="{_CHIP.format(color=ACCENT["hazard"])}">'
                f'{MARK["hazard"]} {escape(hazards[0])}{more}</span>')
    if error:
        out += (f' <span class="npguard-status npguard-status-error" style="{_CHIP.format(color=ACCENT["error"])}">'
                f'{MARK["error"]} raised {escape(error.split(":", 1)[0])}</span>')
    return out


def _summary(report: CellReport, v: Verdict) -> str:
    """The summary line from the verdict, as the text report words it: the status as a chip, sizes in bold."""
    def b(n: int | None, signed: bool = False) -> str:
        return f"<b>{escape(format_bytes(n, signed=signed))}</b>"

    parts = []
    if v.source is not None:
        if v.status == "temporaries":
            if v.largest is not None:
                lead = f"largest temporary {b(v.largest.temporaries_bytes)}, line {v.largest.lineno}"
            else:
                lead = f"temporaries {b(v.temporaries)}"
        elif v.status in ("kept", "freed"):
            lead = b(v.net, True)
        else:
            lead = ""
        rest = [f"peak {b(v.peak, True)}"]
        if v.status not in ("kept", "freed"):
            rest.append(f"net {b(v.net, True)}")
        if v.tells_temporaries:
            rest.append(f"temporaries {b(v.temporaries)}")
        if lead:
            parts.append(lead)
        parts.append(", ".join(rest) + f' <span style="{_MUTED}">({escape(v.source_label)})</span>')
    if report.duration_s >= SHOWN_DURATION_S:
        parts.append(f'<span style="{_MUTED}">{report.duration_s:.2f} s</span>')
    return (f'<b>npguard [{escape(cell_name(report))}]</b> {chip(v, report.error, hazards=report.hazard_kinds)} '
            + "; ".join(parts))


def _held_teaser(view: NamespaceView | None, top: int = 3) -> str:
    if view is None or not view.holdings:
        return ""
    items = view.changed if view.compared else view.holdings
    if not items:
        return ""
    parts = []
    for h in items[:top]:
        label = change_label(h)
        parts.append(f'<code style="{_CODE}">' f"{escape(', '.join(display_name(n) for n in h.names))}</code> "
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
    return f'<td style="{_CELL};text-align:left;white-space:normal"><code style="{_CODE}">{escape(value)}</code></td>'


def _source_td(source: str) -> str:
    """A cell's first line on one line, cut with an ellipsis beyond 40 characters (all of it on hover)."""
    first = one_line(source, 40)
    return (f'<td style="{_CELL};text-align:left" '
            f'title="{escape(source.strip())}"><code style="{_CODE};white-space:nowrap">{escape(first)}</code></td>')


def _sources(report: CellReport) -> str:
    rows = ["<tr>" + "".join(_th(h) for h in ("", "before", "after", "peak", "rise")) + "</tr>"]
    for name, label in (("rss", "RSS"), ("numpy", "NumPy"), ("traced", "traced")):
        s = getattr(report.measurement, name)
        if s is None:
            why = report.measurement.missing.get(name, "unavailable")
            rows.append("<tr>" + _td(label, left=True)
                        + f'<td colspan="4" style="{_CELL};text-align:left">not measured: {escape(why)}</td></tr>')
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
            f'<li class="npguard-finding"><b>line {f.lineno}</b> <code style="{_CODE}">{escape(f.kind)}</code>'
            f"{' <b>' + escape(f.size_text) + '</b>' if f.size_text else ''}: {prose(f.message)}"
            f"<br><i>instead:</i> {prose(f.suggestion)}{rewrite}</li>"
        )
    hint = f"<div><i>{escape(DEEP_HINT)}</i></div>" if report.mode == "light" else ""
    whole = ""
    if report.rewrite:
        whole = (f'<div style="{_MUTED}">the whole cell with every fix above (shown, never run):</div>'
                 f'<pre class="npguard-rewrite" style="{_REWRITE}">{escape(report.rewrite)}</pre>')
    return (f'<div class="npguard-findings"><b>{title}</b>'
            f'<ul style="margin:2px 0;padding-left:18px">{"".join(items)}</ul>{whole}{hint}</div>')


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
                   timeline: Sequence[CellReport] = (), threshold: int = DEFAULT_THRESHOLD) -> str:
    """Cells ranked by peak, each with its status and a bar to scale; above them, the session's chart."""
    if not reports:
        return '<div class="npguard-session">npguard: no cells recorded yet</div>'
    total = len(reports) if total is None else total
    verdicts = [assess(r, threshold) for r in reports]
    top = max(1, max(v.peak for v in verdicts))
    rows = ["<tr>" + _th("cell") + _th("status", left=True)
            + "".join(_th(h) for h in ("peak rise", "", "net", "temporaries", "time"))
            + _th("source", left=True) + "</tr>"]
    for r, v in zip(reports, verdicts):
        width = round(60 * max(0, v.peak) / top)
        bar = (f'<td style="{_CELL};text-align:left;width:64px"><div style="height:8px;width:{width}px;'
               f'background:{svg.BAR}"></div></td>')
        rows.append("<tr>" + "".join([
            _td(cell_name(r)), f'<td style="{_CELL};text-align:left">{chip(v, short=True)}</td>',
            _td(format_bytes(v.peak, signed=True)), bar, _td(format_bytes(v.net, signed=True)),
            _td(format_bytes(v.temporaries)), _td(f"{r.duration_s:.2f} s"),
            _source_td(r.source)]) + "</tr>")
    caption = escape(f"npguard session: {plural(total, 'cell')} recorded, top {len(reports)} by peak")
    spark = ""
    if timeline:
        line = svg.sparkline([r.peak_rise for r in timeline], [f"cell {cell_name(r)}" for r in timeline])
        spark = f'<div class="npguard-session-sparkline">{line}</div>'
    return (f'<div class="npguard-session" style="{_BOX.format(color=ACCENT["quiet"])};overflow-x:auto">'
            f"<div><b>{caption}</b></div>{spark}"
            f'<table class="npguard-session-table" style="{_TABLE}">{"".join(rows)}</table></div>')
