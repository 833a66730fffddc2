"""Plain-text rendering: the terminal, ``text/plain`` fallbacks and logs."""

from __future__ import annotations

from collections.abc import Sequence

from ..guard import explain_stop
from ..model import CellReport, Measurement
from ..namespace import Holding, NamespaceView
from ..units import format_bytes

DEEP_HINT = "run it with %%npguard for exact per-line figures"


def cell_name(report: CellReport) -> str:
    if report.label:
        return report.label
    return "-" if report.execution_count is None else str(report.execution_count)


def summary_line(report: CellReport) -> str:
    """``npguard [3] peak +152.6 MiB over start, net +76.3 MiB, temporaries 76.4 MiB, 0.16 s``."""
    m = report.measurement
    parts = []
    head = m.headline()
    if head is None:
        parts.append("memory not measured")
    else:
        source, s = head
        label = "" if source == "rss" else f" ({'NumPy' if source == 'numpy' else 'tracemalloc'})"
        parts.append(f"peak {format_bytes(s.rise, signed=True)} over start{label}")
        parts.append(f"net {format_bytes(s.net, signed=True)}")
    temps = m.temporaries_bytes
    if temps is not None:
        parts.append(f"temporaries {format_bytes(temps)}")
    parts.append(f"{m.duration_s:.2f} s")
    line = f"npguard [{cell_name(report)}] " + ", ".join(parts)
    if report.error:
        line += f"; raised {report.error.split(':', 1)[0]}"
    return line


def sources_table(m: Measurement) -> list[str]:
    rows = [f"  {'':8} {'before':>12} {'after':>12} {'peak':>12} {'rise':>12}"]
    for name, label in (("rss", "RSS"), ("numpy", "NumPy"), ("traced", "traced")):
        s = getattr(m, name)
        if s is None:
            rows.append(f"  {label:8} {'not measured':>12}")
        else:
            rows.append(
                f"  {label:8} {format_bytes(s.before):>12} {format_bytes(s.after):>12} "
                f"{format_bytes(s.peak):>12} {format_bytes(s.rise, signed=True):>12}"
            )
    return rows


def render_cell(report: CellReport, *, expanded: bool = True, namespace: NamespaceView | None = None) -> str:
    """The summary line, and when ``expanded`` the sources, per-line table, findings and held arrays."""
    out = [summary_line(report)]
    if report.budget_stop is not None:
        out.append("  " + explain_stop(report.budget_stop))
    if not expanded:
        return "\n".join(out)
    out += sources_table(report.measurement)
    if report.lines:
        out.append("  line  hits        net       peak  temporaries  source")
        for ln in report.lines:
            out.append(
                f"  {ln.lineno:>4} {ln.hits:>5} {format_bytes(ln.net_bytes, signed=True):>10} "
                f"{format_bytes(ln.peak_bytes):>10} {format_bytes(ln.temporaries_bytes):>12}  "
                f"{one_line(ln.source)}"
            )
    if report.findings:
        out.append("  Likely causes:" if report.mode == "light" else "  Findings:")
        for f in report.findings:
            out.append(f"  - line {f.lineno} [{f.kind}] {format_bytes(f.bytes)}: {f.message}")
            out.append(f"    instead: {f.suggestion}")
            if f.rewrite:
                out.append("    rewrite:")
                out += ["      " + r for r in f.rewrite.splitlines()]
    if report.mode == "light" and report.findings:
        out.append(f"  ({DEEP_HINT})")
    if namespace is not None:
        out += namespace_lines(namespace)
    if report.error:
        out.append(f"  error: {report.error}")
    return "\n".join(out)


def namespace_title(view: NamespaceView) -> str:
    if view.compared:
        return "Arrays your names hold (views counted once), changes since the last flagged cell:"
    return "Largest arrays your names hold now (views counted once):"


def change_label(h: Holding) -> str:
    """``new``, ``grew +76.3 MiB``, ``rebound`` or "" (unchanged, or nothing to compare with)."""
    if h.change == "grew":
        return f"grew {format_bytes(h.delta, signed=True)}"
    return h.change if h.changed else ""


def display_name(name: str) -> str:
    """A name as the user would type it: ``b``, or ``'odd name'`` for one set through ``globals()``."""
    return name if name.isidentifier() else repr(name)


def namespace_lines(view: NamespaceView, *, top: int = 5) -> list[str]:
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
        out.append(f"    {_clip(names, 60):<24} {format_bytes(h.nbytes):>10}  {change_label(h):<16} "
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


def session_line(timeline: Sequence[CellReport]) -> str:
    """The session's memory at a glance: each cell's peak rise, in run order."""
    peaks = [r.peak_rise for r in timeline]
    hi = max(range(len(peaks)), key=lambda i: peaks[i])
    return (f"  peak rise per cell, in run order: {sparkline(peaks)}  "
            f"(highest: cell {cell_name(timeline[hi])}, {format_bytes(peaks[hi], signed=True)})")


def render_session(reports: Sequence[CellReport], *, total: int | None = None,
                   timeline: Sequence[CellReport] = ()) -> str:
    """Cells ranked by peak, the highest first; then ``timeline`` (all cells in run order) as a sparkline."""
    if not reports:
        return "npguard: no cells recorded yet"
    total = len(reports) if total is None else total
    out = [f"npguard session: {total} cell(s) recorded, top {len(reports)} by peak",
           f"  {'cell':>6} {'peak rise':>11} {'net':>11} {'temporaries':>12} {'time':>8}  source"]
    for r in reports:
        head = r.measurement.headline()
        net = format_bytes(head[1].net, signed=True) if head else "n/a"
        out.append(
            f"  {cell_name(r):>6} {format_bytes(r.peak_rise, signed=True):>11} {net:>11} "
            f"{format_bytes(r.temporaries_bytes):>12} {r.duration_s:>7.2f}s  {one_line(r.source)}"
        )
    if timeline:
        out.append(session_line(timeline))
    return "\n".join(out)


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
