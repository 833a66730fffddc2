"""Text for the script API's ``npguard.report()`` and ``npguard.suggest()``.

Each figure names the source it came from (process RSS, the NumPy allocation
counter, tracemalloc), and every size goes through ``format_bytes``: MiB and
GiB, binary and labelled.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..arrays import ArrayTable
from ..model import Finding, Measurement
from ..units import format_bytes

if TYPE_CHECKING:
    from ..api import WatchedBlock

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
    return "\n".join(out)


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
    return "\n".join(out)


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
        why = [n.split("not explained: ", 1)[1] for n in r.notes if n.startswith("not explained: ")]
        where = "source unknown" + (f": {why[0]}" if why else "")
    out.append(f"  block: {where} ({m.duration_s:.2f} s)")

    headline = m.headline()
    best = m.best()
    rows: list[tuple[str, str, str]] = []
    if headline is None:
        rows.append(("Peak above start:", "n/a", "no source could be read"))
    else:
        src, s = headline
        rows.append(("Peak above start:", format_bytes(s.rise, signed=True), describe_source(src, m)))
    if best is not None:
        src, s = best
        rows.append(("Estimated temporaries:", format_bytes(s.transient),
                     f"{_SOURCE_LONG[src]}: peak - max(start, end)"))
        rows.append(("Kept after the block:", format_bytes(s.net, signed=True), _SOURCE_LONG[src]))
    w0 = max(len(a) for a, _, _ in rows)
    w1 = max(len(b) for _, b, _ in rows)
    out += [f"  {a:<{w0}} {b:>{w1}}  ({c})" for a, b, c in rows]

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
    """A long explanation as lines of about 100 characters; code in backticks is never split."""
    glued = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\0"), text)
    filled = textwrap.fill(glued, width=100, initial_indent=indent,
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
    reasons = [n.split("not explained: ", 1)[1] for b in runs for n in b.report.notes
               if n.startswith("not explained: ")]
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

