"""Plain-text rendering: the terminal, ``text/plain`` fallbacks and logs.

Cells (``render_cell``, ``render_session``) and the script API's blocks
(``render_report`` and ``render_suggestions``, printed by ``npguard.report()``
and ``npguard.suggest()``) are all rendered here, from the model, to the
terminal's width. Each figure names the source it came from (process RSS, the
NumPy allocation counter, tracemalloc), and every size goes through
``format_bytes``: MiB and GiB, binary and labelled.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..arrays import ArrayTable
from ..guard import explain_stop
from ..model import CellReport, Finding, Measurement, Settings
from ..namespace import Holding, NamespaceView
from ..units import format_bytes
from ..verdict import Verdict, assess

if TYPE_CHECKING:
    from ..api import WatchedBlock

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
    """``memory pressure: temporaries 76.3 MiB``, ``kept +76.3 MiB``, ``freed -1.0 MiB`` or ``quiet``."""
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
    if v.tells_temporaries:   # a kept or freed cell without temporaries worth a word leaves them out
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
    if report.hazard_kinds:   # about correctness or speed, whatever the bytes: never hidden behind "quiet"
        line += "; hazard: " + ", ".join(report.hazard_kinds)
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
    if report.budget_stop is not None:
        head = head + "\n" + fit(["  " + explain_stop(report.budget_stop)], width, hang=4)
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
            out.append(f"  - line {f.lineno} [{f.kind}]{(' ' + f.size_text) if f.size_text else ''}: {f.message}")
            out.append(f"    instead: {f.suggestion}")
            if f.rewrite:
                out.append("    rewrite:")
                out += _code_lines(f.rewrite)
        if report.rewrite:
            out.append("  The whole cell with every fix above:")
            out += _code_lines(report.rewrite)
    if report.mode == "light" and report.findings:
        out.append(f"  ({DEEP_HINT})")
    if namespace is not None:
        out += namespace_lines(namespace, width=width)
    for note in report.measurement.notes + report.notes:
        out.append(f"  note: {note}")
    if report.unexplained:
        out.append(f"  not explained: {report.unexplained}")
    if report.error:
        out.append(f"  error: {report.error}")
    return paint(head + "\n" + fit(out[1:], width), v, color=color)


#: What a wrapped line never splits: code in backticks, and a size with its unit (and its figure's name).
_GLUE = re.compile(r"`[^`]*`|(?:\b(?:peak|net|temporaries|temporary|kept|freed) )?"
                   r"[+-]?\d+(?:\.\d+)? (?:B|KiB|MiB|GiB|TiB|s)\b")


def fit(lines: Sequence[str], width: int, *, hang: int = 2, blank: bool = False) -> str:
    """``lines`` joined, each one longer than ``width`` wrapped under its own indent; blank lines dropped.

    Code in backticks and a size with its unit stay on one line where they fit; ``hang`` is how much
    further than the line itself its continuation lines are indented.
    """
    out: list[str] = []
    for line in (part for item in lines for part in ([item] if isinstance(item, _Code) else item.split("\n"))):
        if isinstance(line, _Code):
            out.append(line)   # code runs as written: never wrapped, its blank lines kept
            continue
        if not line.strip():
            if blank and not line:
                out.append("")  # a deliberate gap between blocks
            continue
        if len(line) <= width:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        room = width - len(indent) - hang
        # (code longer than a line breaks at its own spaces, not inside a name: ``del a_long_name, another_one``)
        glued = _GLUE.sub(lambda m: m.group(0).replace(" ", "\0") if len(m.group(0)) <= room else m.group(0),
                          line.strip())
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


# -- the script API: watched blocks ------------------------------------------------------------

WARNING = "\u26a0\ufe0f"
BULLET = "\u2022"

#: The cause of each finding kind, as the "Likely cause" line says it.
CAUSES = {
    "chained-ops": "chained NumPy operations",
    "broadcast-expansion": "broadcasting materialised a large array",
    "forced-copy": "a forced copy",
    "dtype-upcast": "a dtype upcast",
    "fancy-index-copy": "fancy indexing copied",
    "growing-array": "an array grown in a loop",
    "out-of-place-update": "an out-of-place update",
}

_SOURCE_NAMES = {"rss": "RSS", "numpy": "NumPy", "traced": "tracemalloc"}
_SOURCE_LONG = {"rss": "process RSS", "numpy": "NumPy allocation counter", "traced": "tracemalloc"}

NOTHING_WATCHED = ("[npguard] Nothing watched yet: wrap code in "
                   "`with npguard.memory_watcher(\"name\"):` or decorate a function with "
                   "`@npguard.watch`, then call npguard.report().")


def describe_source(name: str, m: Measurement) -> str:
    """How a figure was obtained, in words."""
    if name == "rss":
        how = m.sources.get("rss_peak")
        if how == "vmhwm":
            return "process RSS; exact peak from the kernel's high-water mark"
        if how == "sampler":
            return "process RSS; peak sampled every few ms, a shorter spike can be missed"
        return "process RSS"
    if name == "numpy":
        return "NumPy allocation counter; exact bytes of array data"
    return "tracemalloc; every Python allocation, NumPy's buffers included"


def render_report(blocks: Sequence[WatchedBlock], table: ArrayTable | None, *, name: str | None = None) -> str:
    out: list[str] = []
    if not blocks:
        out.append(NOTHING_WATCHED if name is None else f"[npguard] Nothing watched under the name {name!r}.")
    for label, runs in _by_label(blocks):
        if out:
            out.append("")
        out += _render_block(label, runs)
    if table is not None:
        out.append("")
        out += _render_arrays(table)
    out.append("")
    out.append("(sizes in binary units: 1 MiB = 1024**2 bytes)")
    return fit(out, terminal_width(), blank=True)


def render_suggestions(blocks: Sequence[WatchedBlock], *, name: str | None = None) -> str:
    if not blocks:
        return ("[npguard] Suggestions: nothing watched yet, so nothing to suggest."
                if name is None else f"[npguard] Suggestions: nothing watched under the name {name!r}.")
    out = ["[npguard] Suggestions:"]
    for label, runs in _by_label(blocks):
        found = _findings(runs)
        if found:
            for block, f in found:
                out.append(_wrap(f"{BULLET} {label}, line {block.file_line(f.lineno)} ({f.kind}, "
                                 f"{format_bytes(f.bytes)}): {f.suggestion}", "  ", "    "))
                if f.rewrite:
                    out.append("      the block rewritten:")
                    out += ["        " + r for r in f.rewrite.splitlines()]
            continue
        out.append(f"  {BULLET} {label}: {_why_none(runs)}")
    return fit(out, terminal_width())


# -- pieces -------------------------------------------------------------------------------------


def _by_label(blocks: Sequence[WatchedBlock]) -> list[tuple[str, list[WatchedBlock]]]:
    """Blocks grouped by label, in the order each label first started (outer before inner)."""
    groups: dict[str, list[WatchedBlock]] = {}
    for b in sorted(blocks, key=lambda b: b.seq):
        groups.setdefault(b.report.label or "block", []).append(b)
    return list(groups.items())


def _relative(where: str) -> str:
    """``examples/x.py, lines 7-14`` for a file under the current directory, else as it is."""
    cwd = os.getcwd() + os.sep
    return where[len(cwd):] if where.startswith(cwd) else where


def _worst(runs: list[WatchedBlock]) -> WatchedBlock:
    return max(runs, key=lambda b: (b.report.temporaries_bytes or 0, b.report.peak_rise))


def _render_block(label: str, runs: list[WatchedBlock]) -> list[str]:
    block = _worst(runs)
    r, m = block.report, block.report.measurement
    head = f"[npguard] Memory Watch: {label}"
    if len(runs) > 1:
        head += f" ({len(runs)} runs; the one with the most temporaries)"
    out = [head]
    if block.where:
        where = _relative(block.where)
    else:
        where = "source unknown" + (f": {r.unexplained}" if r.unexplained else "")
    out.append(f"  block: {where} ({m.duration_s:.2f} s)")

    v = assess(r, block.threshold)
    rows: list[tuple[str, str, str]] = []
    if v.source is None:
        rows.append(("Peak above start:", "n/a", "no source could be read"))
    else:
        rows.append(("Peak above start:", format_bytes(v.peak, signed=True), describe_source(v.source, m)))
        rows.append(("Estimated temporaries:", format_bytes(v.temporaries),
                     f"{_SOURCE_LONG[v.source]}: peak - max(start, end)"))
        rows.append(("Kept after the block:", format_bytes(v.net, signed=True), _SOURCE_LONG[v.source]))
    w0 = max(len(a) for a, _, _ in rows)
    w1 = max(len(b) for _, b, _ in rows)
    out += [f"  {a:<{w0}} {b:>{w1}}  ({c})" for a, b, c in rows]
    out += [f"  RSS only: {format_bytes(e.bytes, signed=e.kind != 'returned')} {e.label}" for e in v.effects]

    out.append(f"  {'source':<12} {'before':>10} {'after':>10} {'peak':>10} {'rise':>11}")
    reasons = m.missing
    for src in ("rss", "numpy", "traced"):
        s = getattr(m, src)
        label_ = _SOURCE_NAMES[src]
        if s is None:
            out.append(f"  {label_:<12} not measured: {reasons.get(src, 'unavailable')}")
        else:
            out.append(f"  {label_:<12} {format_bytes(s.before):>10} {format_bytes(s.after):>10} "
                       f"{format_bytes(s.peak):>10} {format_bytes(s.rise, signed=True):>11}")
    if r.error:
        out.append(f"  raised {r.error} (figures up to the raise)")

    out.append("")
    temps = r.temporaries_bytes
    if temps is None:
        out.append("  Memory pressure unknown: no source measured the temporaries")
    elif temps >= block.threshold:
        out.append(f"{WARNING}  Memory pressure detected: temporaries {format_bytes(temps)} "
                   f"reached the {format_bytes(block.threshold)} threshold")
        out += _causes(block)
    else:
        out.append(f"  No memory pressure: temporaries {format_bytes(temps)}, "
                   f"under the {format_bytes(block.threshold)} threshold")
    return out


def _causes(block: WatchedBlock) -> list[str]:
    findings = block.report.findings
    if block.explanation != "explained":
        return []  # suggest() says why there is no explanation
    if not findings:
        return ["  Likely cause: none found in the block's source"]
    if len(findings) == 1:
        f = findings[0]
        return [f"  Likely cause: {CAUSES.get(f.kind, f.kind)} "
                f"(line {block.file_line(f.lineno)}, {format_bytes(f.bytes)})",
                _wrap(f.message, "    ")]
    out = ["  Likely causes:"]
    for f in findings:
        out.append(_wrap(f"{BULLET} {CAUSES.get(f.kind, f.kind)} (line {block.file_line(f.lineno)}, "
                         f"{format_bytes(f.bytes)}): {f.message}", "    ", "      "))
    return out


def _wrap(text: str, indent: str, rest: str | None = None) -> str:
    """A long explanation as lines that fit the terminal; code in backticks is never split."""
    glued = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\0"), text)
    filled = textwrap.fill(glued, width=terminal_width(), initial_indent=indent,
                           subsequent_indent=indent if rest is None else rest,
                           break_long_words=False, break_on_hyphens=False)
    return filled.replace("\0", " ")


def _findings(runs: list[WatchedBlock]) -> list[tuple[WatchedBlock, Finding]]:
    """Each distinct finding over the runs of one label, once, with the run it came from."""
    seen: dict[tuple[str, int], tuple[WatchedBlock, Finding]] = {}
    for b in runs:
        for f in b.report.findings:
            seen.setdefault((f.kind, b.file_line(f.lineno)), (b, f))
    return list(seen.values())


def _why_none(runs: list[WatchedBlock]) -> str:
    block = _worst(runs)
    kinds = {b.explanation for b in runs}
    if kinds == {"quiet"}:
        return (f"nothing to suggest: its peak and temporaries stayed under the "
                f"{format_bytes(block.threshold)} threshold")
    reasons = [b.report.unexplained for b in runs if b.report.unexplained]
    if reasons:
        return f"no suggestions: {reasons[0]}"
    return "nothing to suggest: the explainer found no cause worth the threshold in its source"


def _render_arrays(table: ArrayTable) -> list[str]:
    live = [a for a in table.arrays if a.alive]
    out = [f"[npguard] Registered arrays: {len(live)} live, holding {format_bytes(table.unique_bytes)} "
           "(memory shared by views counted once)"]
    rows = [("name", "shape", "dtype", "size", "layout", "memory")]
    for a in table.arrays:
        rows.append((a.name, str(a.shape), a.dtype, format_bytes(a.nbytes), a.layout, a.relation))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        cells = [row[i].rjust(widths[i]) if i == 3 else row[i].ljust(widths[i]) for i in range(5)]
        out.append("  " + "  ".join(cells) + "  " + row[5])
    return out


class _Code(str):
    """A line of code in a view: ``fit`` neither wraps it (a wrapped line would not run) nor drops it when
    blank (a blank line may sit inside a string)."""


def _code_lines(code: str) -> list[str]:
    """A rewrite's lines, indented under its heading and kept as written (an empty one carries no indent)."""
    return [_Code("      " + line if line.strip() else "") for line in code.splitlines()]
