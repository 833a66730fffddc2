"""Predict, then explain, for one cell or block: the explainer's entry point that never raises.

The light per-cell report calls it for cells under memory pressure (no tracing,
so no per-line figures); deep mode calls it with per-line measurements and the
predictions made from live shapes at each line's first hit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .model import Finding, LineStat, Measurement

if TYPE_CHECKING:
    from .static import Statement


def diagnose(
    source: str,
    namespace: Mapping[str, Any],
    *,
    threshold: int,
    lines: Sequence[LineStat] = (),
    measurement: Measurement | None = None,
    live: Mapping[int, tuple[Statement, ...]] | None = None,
    hazards: bool = False,
    live_hazards: Sequence[Finding] = (),
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """Findings for ``source``, and notes saying why analysis fell short (never raises).

    ``live`` maps a line number to the statements predicted from the shapes that
    were live when that line first ran; their temporaries and unmodelled calls
    replace the ones derived from ``namespace`` (the namespace after the cell,
    which may have moved on).
    ``hazards`` adds the correctness and speed hazards (deep mode), whatever their bytes;
    ``live_hazards`` are those already found from the values live as a line ran.
    """
    found, notes = _memory(source, namespace, threshold=threshold, lines=lines,
                           measurement=measurement, live=live)
    if hazards:
        try:
            from .hazards import find_hazards

            found += _ran(find_hazards(source, namespace, live_hazards), source, lines)
        except Exception as exc:  # a hazard check must never cost the user their cell
            notes += (f"hazard checks failed: {type(exc).__name__}: {exc}",)
    return found, notes


def _ran(hazards: tuple[Finding, ...], source: str, lines: Sequence[LineStat]) -> tuple[Finding, ...]:
    """Drops a loop hazard whose loop sits in a branch that did not run: a line of another branch of
    its ``if`` was measured and none of its own lines was (deep mode lists the lines that touched
    NumPy memory, so a branch that measured nothing may still have run: then the hazard stays)."""
    measured = {s.lineno for s in lines}
    if not measured or not any(f.kind == "strided-loop" for f in hazards):
        return hazards
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return hazards

    def lines_of(body: list[ast.stmt]) -> set[int]:
        return {n.lineno for stmt in body for n in ast.walk(stmt) if isinstance(n, ast.stmt)}

    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and node.orelse:
            taken, other = lines_of(node.body), lines_of(node.orelse)
            if taken & measured and not other & measured:
                skipped |= other
            elif other & measured and not taken & measured:
                skipped |= taken
    return tuple(f for f in hazards if not (f.kind == "strided-loop" and f.lineno in skipped))


def _memory(source, namespace, *, threshold, lines, measurement, live):
    """Memory findings from predictions and measurements."""
    try:
        from .explain import discarded, explain
        from .static import analyze_cell

        prediction = analyze_cell(source, namespace)
        reason = prediction.reason
        prediction = _without_rebinding(prediction, live or {})
        if live:
            per_line = Counter(s.lineno for s in prediction.statements)
            statements = tuple(_at_line(s, _own_reading(s, live[s.lineno], per_line[s.lineno] > 1))
                               if s.lineno in live else s for s in prediction.statements)
            prediction = replace(prediction, statements=statements)
        findings = explain(prediction, lines=lines, measurement=measurement, threshold=threshold,
                           source=source, namespace=namespace)
        wasted = discarded(source, lines, findings, namespace, prediction)
    except Exception as exc:  # analysis must never cost the user their cell
        return (), (f"analysis failed: {type(exc).__name__}: {exc}",)
    notes = (f"static analysis incomplete: {reason}",) if reason else ()
    return tuple(findings), wasted + notes


def _without_rebinding(prediction, live):
    """``namespace`` is the one after the cell: a name the cell binds already holds its new array
    there, so "the old array was still bound" is told only from the shapes live at the line (a
    line whose live reading told nothing, ``logits = gpt2(...)`` whose arrays are all made in the
    function, keeps no rebinding from the namespace after the cell either)."""
    def told(s) -> bool:
        seen = live.get(s.lineno, ())
        return any(r.temporaries or r.calls or r.peak is not None for r in seen)

    if not any(t.rebinds is not None and not told(s) for s in prediction.statements for t in s.temporaries):
        return prediction
    statements = tuple(s if told(s) else _dropping_rebinds(s) for s in prediction.statements)
    return replace(prediction, statements=statements)


def _dropping_rebinds(s):
    """``s`` without its rebinding temporaries, its result still pointing at the same temporary."""
    kept = [i for i, t in enumerate(s.temporaries) if t.rebinds is None]
    index = kept.index(s.result_index) if s.result_index in kept else None
    return replace(s, temporaries=tuple(s.temporaries[i] for i in kept), result_index=index)


def _own_reading(stmt: Statement, seen: tuple[Statement, ...], shared: bool) -> tuple[Statement, ...]:
    """What the live reading of ``stmt``'s line says of ``stmt`` itself: when the line holds several
    statements (``Y += mu*Z; mu *= rho``), only the readings of its own text."""
    if not shared:
        return seen
    return tuple(s for s in seen if s.text.strip() == stmt.text.strip())


def _at_line(stmt: Statement, seen: tuple[Statement, ...]) -> Statement:
    """``stmt`` with what was predicted from the live shapes at its line."""
    # (an array grown in a loop is told from its first reading: a later one, made when the line allocated more,
    # would count the whole loop again from the size it has reached)
    temporaries = tuple(t for i, s in enumerate(seen) for t in s.temporaries if i == 0 or t.kind != "growing-array")
    calls = tuple(c for s in seen for c in s.calls)
    # the arrays its names held as it ran tell their shapes whatever else the reading told
    arrays = tuple(dict.fromkeys(a for s in seen for a in s.seen))
    stmt = replace(stmt, seen=arrays) if arrays else stmt
    if not seen or not temporaries and not calls and any(s.peak is None for s in seen):
        # no reading (the analysis failed at the line), or one that told nothing (a long list, say): the
        # cell's own reading stands
        return stmt
    if len(seen) != 1:   # several passes: the kept value is named by the first, whose temporaries come first
        return replace(stmt, temporaries=temporaries, calls=calls,
                       result_index=seen[0].result_index if seen else None)
    # what only the live shapes could tell: that the line writes into an array, and its result
    return replace(stmt, temporaries=temporaries, calls=calls, in_place=seen[0].in_place,
                   result=seen[0].result or stmt.result, result_index=seen[0].result_index,
                   peak=seen[0].peak if seen[0].peak is not None else stmt.peak)
