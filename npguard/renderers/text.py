"""Plain-text rendering: the terminal, ``text/plain`` fallbacks and logs."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import CellReport, Measurement
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


def render_cell(report: CellReport, *, expanded: bool = True) -> str:
    """The summary line, and when ``expanded`` the sources, per-line table and findings."""
    out = [summary_line(report)]
    if not expanded:
        return out[0]
    out += sources_table(report.measurement)
    if report.lines:
        out.append("  line  hits        net       peak  temporaries  source")
        for ln in report.lines:
            out.append(
                f"  {ln.lineno:>4} {ln.hits:>5} {format_bytes(ln.net_bytes, signed=True):>10} "
                f"{format_bytes(ln.peak_bytes):>10} {format_bytes(ln.temporaries_bytes):>12}  "
                f"{_one_line(ln.source)}"
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
    if report.error:
        out.append(f"  error: {report.error}")
    return "\n".join(out)


def render_session(reports: Sequence[CellReport], *, total: int | None = None) -> str:
    """Cells ranked by peak, the highest first."""
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
            f"{format_bytes(r.temporaries_bytes):>12} {r.duration_s:>7.2f}s  {_one_line(r.source)}"
        )
    return "\n".join(out)


def _one_line(source: str, width: int = 60) -> str:
    text = "; ".join(" ".join(line.split()) for line in source.strip().splitlines() if line.strip())
    return text if len(text) <= width else text[: width - 1] + "…"
