"""Plain-text rendering: the terminal, ``text/plain`` fallbacks and logs."""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Sequence

from ..model import CellReport, Measurement, Settings
from ..namespace import Holding, NamespaceView
from ..units import format_bytes
from ..verdict import Verdict, assess

DEEP_HINT = "run it with %%npguard for exact per-line figures"

#: What each status is called wherever it is shown (the words carry it without colour).
STATUS_TEXT = {"temporaries": "memory pressure", "kept": "kept", "freed": "freed", "quiet": "quiet"}
#: The same in a table column.
SHORT_STATUS = {"temporaries": "pressure", "kept": "kept", "freed": "freed", "quiet": "quiet"}
#: ANSI colours for a terminal that has them: status words and headings only.
_ANSI = {"temporaries": "1;33", "kept": "36", "freed": "32", "quiet": "2", "error": "1;31", "heading": "1"}
DEFAULT_THRESHOLD = Settings().threshold
#: A cell's run time is shown from this long on: shorter ones would only lengthen the line.
SHOWN_DURATION_S = 0.1


def terminal_width() -> int:
    """The terminal's width in columns; 80 when it cannot be told (a pipe, a kernel)."""
    return shutil.get_terminal_size((80, 24)).columns or 80


def wants_color(stream) -> bool:
    """Colour for ``stream`` when it is a terminal and the user has not asked for none (``NO_COLOR``)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
    except ValueError:  # a closed stream
        return False


def cell_name(report: CellReport) -> str:
    if report.label:
        return report.label
    return "-" if report.execution_count is None else str(report.execution_count)


def status_phrase(v: Verdict) -> str:
    """``memory pressure: temporaries 76.3 MiB``, ``kept: net +76.3 MiB``, ``freed: net -1.0 MiB``, ``quiet``."""
    if v.source is None:
        return "not measured"
    if v.status == "temporaries":
        if v.largest is not None:
            return (f"memory pressure: largest temporary {format_bytes(v.largest.temporaries_bytes)}, "
                    f"line {v.largest.lineno}")
        return f"memory pressure: temporaries {format_bytes(v.temporaries)}"
    if v.status in ("kept", "freed"):
        return f"{v.status} {format_bytes(v.net, signed=True)}"
    return "quiet"


def figures(v: Verdict) -> str:
    """The headline figures that the status phrase did not already give, and their one source."""
    if v.source is None:
        return ""
    parts = [f"peak {format_bytes(v.peak, signed=True)}"]
    if v.status not in ("kept", "freed"):
        parts.append(f"net {format_bytes(v.net, signed=True)}")
    if v.status != "temporaries":
        parts.append(f"temporaries {format_bytes(v.temporaries)}")
    return ", ".join(parts) + f" ({v.source_label})"


def summary_line(report: CellReport, verdict: Verdict | None = None) -> str:
    """``npguard [3] memory pressure: temporaries 76.3 MiB; peak +152.6 MiB, net +76.3 MiB (NumPy arrays); 0.16 s``."""
    v = assess(report, DEFAULT_THRESHOLD) if verdict is None else verdict
    parts = [f"npguard [{cell_name(report)}] {status_phrase(v)}"]
    if figures(v):
        parts.append(figures(v))
    if report.duration_s >= SHOWN_DURATION_S:
        parts.append(f"{report.duration_s:.2f} s")
    line = "; ".join(parts)
    if report.error:
        line += f"; raised {report.error.split(':', 1)[0]}"
    return line


def sources_table(m: Measurement) -> list[str]:
    rows = [f"  {'':8} {'before':>11} {'after':>11} {'peak':>11} {'rise':>11}"]
    for name, label in (("rss", "RSS"), ("numpy", "NumPy"), ("traced", "traced")):
        s = getattr(m, name)
        if s is None:
            rows.append(f"  {label:8} not measured: {m.missing.get(name, 'unavailable')}")
        else:
            rows.append(
                f"  {label:8} {format_bytes(s.before):>11} {format_bytes(s.after):>11} "
                f"{format_bytes(s.peak):>11} {format_bytes(s.rise, signed=True):>11}"
            )
    return rows


def render_cell(report: CellReport, *, expanded: bool = True, namespace: NamespaceView | None = None,
                threshold: int = DEFAULT_THRESHOLD, width: int | None = None, color: bool = False) -> str:
    """The summary line, and when ``expanded`` the sources, per-line table, findings, held arrays and notes.

    Every line fits in ``width`` columns (the terminal's width by default);
    ``color`` paints the status and the headings with ANSI codes.
    """
    width = terminal_width() if width is None else width
    v = assess(report, threshold)
    # The summary's continuation lines hang 4 columns deep, deeper than anything that follows it.
    head = fit([summary_line(report, v)], width, hang=4)
    if not expanded:
        return paint(head, v, color=color)
    out = [head]
    for e in v.effects:
        out.append(f"  RSS only: {format_bytes(e.bytes, signed=e.kind != 'returned')} {e.label}")
    out += sources_table(report.measurement)
    if report.lines:
        src_w = max(12, width - 50)
        out.append(f"  {'line':>4} {'hits':>5} {'net':>10} {'peak':>10} {'temporaries':>12}  source")
        for ln in report.lines:
            out.append(
                f"  {ln.lineno:>4} {ln.hits:>5} {format_bytes(ln.net_bytes, signed=True):>10} "
                f"{format_bytes(ln.peak_bytes):>10} {format_bytes(ln.temporaries_bytes):>12}  "
                f"{one_line(ln.source, src_w)}"
            )
    if report.findings:
        out.append("  Likely causes:" if report.mode == "light" else "  Findings:")
        for f in report.findings:
            out.append(f"  - line {f.lineno} [{f.kind}] {format_bytes(f.bytes)}: {f.message}")
            out.append(f"    instead: {f.suggestion}")
            if f.rewrite:
                out.append("    rewrite:")
                out += ["      " + r for r in f.rewrite.splitlines() if r.strip()]
    if report.mode == "light" and report.findings:
        out.append(f"  ({DEEP_HINT})")
    if namespace is not None:
        out += namespace_lines(namespace, width=width)
    for note in report.measurement.notes + report.notes:
        out.append(f"  note: {note}")
    if report.error:
        out.append(f"  error: {report.error}")
    return paint(head + "\n" + fit(out[1:], width), v, color=color)


def fit(lines: Sequence[str], width: int, *, hang: int = 2) -> str:
    """``lines`` joined, each one longer than ``width`` wrapped under its own indent; blank lines dropped.

    Code in backticks stays on one line where it fits; ``hang`` is how much
    further than the line itself its continuation lines are indented.
    """
    out: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if len(line) <= width:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        glued = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\0"), line.strip())
        wrapped = textwrap.wrap(glued, width=width, initial_indent=indent, subsequent_indent=indent + " " * hang,
                                break_on_hyphens=False)
        out += [w.replace("\0", " ") for w in wrapped]
    return "\n".join(out)


def paint(text: str, v: Verdict, *, color: bool) -> str:
    """``text`` with its status phrase, headings and error line in colour (unchanged without ``color``)."""
    if not color:
        return text
    lines = text.split("\n")
    phrase = status_phrase(v).split(":", 1)[0]
    what = v.status if v.source else "quiet"
    lines[0] = lines[0].replace(phrase, f"\x1b[{_ANSI[what]}m{phrase}\x1b[0m", 1)
    for i, line in enumerate(lines[1:], 1):
        stripped = line.strip()
        if stripped.endswith(":") and not stripped.startswith("-") or stripped.startswith("line  hits"):
            lines[i] = f"\x1b[{_ANSI['heading']}m{line}\x1b[0m"
        elif stripped.startswith("error: "):
            lines[i] = f"\x1b[{_ANSI['error']}m{line}\x1b[0m"
    return "\n".join(lines)


def namespace_title(view: NamespaceView) -> str:
    if view.compared:
        return "Held arrays, changes since the last flagged cell (views counted once):"
    return "Largest arrays your names hold now (views counted once):"


def change_label(h: Holding) -> str:
    """``new``, ``grew +76.3 MiB``, ``rebound`` or "" (unchanged, or nothing to compare with)."""
    if h.change == "grew":
        return f"grew {format_bytes(h.delta, signed=True)}"
    return h.change if h.changed else ""


def display_name(name: str) -> str:
    """A name as the user would type it: ``b``, or ``'odd name'`` for one set through ``globals()``."""
    return name if name.isidentifier() else repr(name)


def namespace_lines(view: NamespaceView, *, top: int = 5, width: int = 100) -> list[str]:
    """The held-arrays section: what appeared or grew (or the largest now), the rest in one line."""
    if not view.holdings:
        return [f"  No array of {format_bytes(view.min_bytes)} or more is bound to a name now."]
    shown = list(view.changed) if view.compared else list(view.holdings[:top])
    rest = [h for h in view.holdings if h not in shown]
    out = ["  " + namespace_title(view)]
    if not shown:
        out.append("    nothing new or grown")
    for h in shown:
        names = ", ".join(display_name(n) for n in h.names)
        out.append(f"    {_clip(names, max(12, min(60, width - 60))):<20} {format_bytes(h.nbytes):>10}  {change_label(h):<16} "
                   f"{_shape(h.shape)} {h.dtype}".rstrip())
    if rest:
        what = "unchanged" if view.compared else "smaller"
        out.append(f"    {len(rest)} more {what}: {format_bytes(sum(h.nbytes for h in rest))}")
    if view.skipped:
        out.append(f"    ({view.skipped} more arrays not examined: a scan looks at the largest {len(view.holdings)})")
    return out


def sparkline(values: Sequence[int], *, width: int = 60) -> str:
    """``▁▂█▃``: one character per value (the maximum of each bucket beyond ``width`` values)."""
    if not values:
        return ""
    if len(values) > width:
        size = -(-len(values) // width)
        values = [max(values[i:i + size]) for i in range(0, len(values), size)]
    top = max(1, max(values))
    return "".join(_BLOCKS[round(max(0, v) / top * (len(_BLOCKS) - 1))] for v in values)


_BLOCKS = "▁▂▃▄▅▆▇█"


def plural(n: int, word: str) -> str:
    """``1 cell``, ``9 cells``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def session_line(timeline: Sequence[CellReport], *, width: int = 100) -> list[str]:
    """The session's memory at a glance: each cell's peak rise in run order, and what the marks mean."""
    peaks = [r.peak_rise for r in timeline]
    hi = max(range(len(peaks)), key=lambda i: peaks[i])
    head = "  peak rise per cell, in run order: "
    first, last = cell_name(timeline[0]), cell_name(timeline[-1])
    return [head + sparkline(peaks, width=max(10, min(60, width - len(head)))),
            f"    one mark per cell, cells {first} to {last}; "
            f"highest: cell {cell_name(timeline[hi])}, {format_bytes(peaks[hi], signed=True)}"]


def render_session(reports: Sequence[CellReport], *, total: int | None = None,
                   timeline: Sequence[CellReport] = (), threshold: int = DEFAULT_THRESHOLD,
                   width: int | None = None) -> str:
    """Cells ranked by peak, the highest first, each with its status; then ``timeline`` as a sparkline.

    Each row's figures come from one source, the same one its cell report leads with.
    """
    if not reports:
        return "npguard: no cells recorded yet"
    width = terminal_width() if width is None else width
    total = len(reports) if total is None else total
    timed = width >= 100  # the time column only where there is room for the source as well
    out = [f"npguard session: {plural(total, 'cell')} recorded, top {len(reports)} by peak",
           f"  {'cell':>4} {'status':<8} {'peak rise':>10} {'net':>10} {'temps':>10}"
           + (f" {'time':>6}" if timed else "") + "  source"]
    src_w = max(12, width - 50 - (7 if timed else 0))
    rows = sorted(((r, assess(r, threshold)) for r in reports), key=lambda rv: rv[1].peak, reverse=True)
    for r, v in rows:
        status = SHORT_STATUS[v.status] if v.source else "n/a"
        out.append(
            f"  {cell_name(r):>4} {status:<8} {format_bytes(v.peak, signed=True):>10} "
            f"{format_bytes(v.net, signed=True):>10} {format_bytes(v.temporaries):>10}"
            + (f" {r.duration_s:>5.2f}s" if timed else "") + f"  {one_line(r.source, src_w)}"
        )
    if timeline:
        out += session_line(timeline, width=width)
    return fit(out, width)


def one_line(source: str, width: int = 60) -> str:
    """A cell's first line, with `` …`` when more follow, cut to ``width`` characters.

    Joining a cell's lines would misread (``for i in x:; y = ...``); the first
    line and a mark that more follow name the cell unambiguously.
    """
    lines = [" ".join(line.split()) for line in source.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    text = lines[0] + (" …" if len(lines) > 1 else "")
    return _clip(text, width)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
