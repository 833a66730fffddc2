"""One rewrite of a cell with every finding's fix applied.

Each finding's ``rewrite`` is the whole cell with one change. Where the changes touch
different parts of the cell they combine: each becomes the one span of the source it
replaces, and the spans are applied together. Changes that overlap do not combine
(the result could be neither), and then there is no combined rewrite.
"""

from __future__ import annotations

import ast
import textwrap

from collections.abc import Sequence

__all__ = ["combined"]


def combined(source: str, rewrites: Sequence[str], sharing: Sequence[bool] = ()) -> str | None:
    """``source`` with every rewrite's change applied, or None when fewer than two combine.

    ``sharing`` marks the rewrites that drop a copy (``Xt = x.copy()`` becomes ``Xt = x``): each is safe alone,
    but not beside another that writes into the name in place (``Xt /= m`` would then change ``x``), so such a
    rewrite is left out of the combination."""
    found = [(e, bool(sharing[i]) if i < len(sharing) else False)
             for i, e in enumerate(_edit(source, r) for r in rewrites) if e is not None]
    written = {n for e, shares in found if not shares for n in _written_in_place(e[2])}
    edits = sorted({e for e, shares in found if not (shares and _bound(e[2]) & written)})
    if len(edits) < 2:
        return None
    for (_, end, _), (start, _, _) in zip(edits, edits[1:]):
        if start < end:
            return None   # two changes touch the same text
    out = source
    for start, end, text in reversed(edits):
        out = out[:start] + text + out[end:]
    try:
        ast.parse(out)
    except (SyntaxError, ValueError):
        return None   # changes that each parse may not together (one edits what another's indentation needs)
    return out


def _edit(source: str, rewrite: str) -> tuple[int, int, str] | None:
    """The one span of ``source`` that ``rewrite`` replaces, and its replacement."""
    if rewrite == source:
        return None
    head = 0
    limit = min(len(source), len(rewrite))
    while head < limit and source[head] == rewrite[head]:
        head += 1
    tail = 0
    while tail < limit - head and source[-1 - tail] == rewrite[-1 - tail]:
        tail += 1
    # whole lines, so that two changes on neighbouring lines never share a character
    start = source.rfind("\n", 0, head) + 1
    end_in_source = max(len(source) - tail, head)
    stop = source.find("\n", end_in_source)
    stop = len(source) if stop < 0 else stop
    new_stop = len(rewrite) - (len(source) - stop)
    return start, stop, rewrite[start:new_stop]


def _statements(text: str) -> list[ast.AST]:
    """The nodes of an edited span (its lines dedented), or none when they do not parse alone."""
    try:
        return list(ast.walk(ast.parse(textwrap.dedent(text))))
    except (SyntaxError, ValueError):
        return []


def _bound(text: str) -> set[str]:
    """Names the span binds with ``=``."""
    return {t.id for n in _statements(text) if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}


def _written_in_place(text: str) -> set[str]:
    """Names whose array the span writes into: augmented assignments, stores into items, ``out=``."""
    out = set()
    for n in _statements(text):
        target = n.target if isinstance(n, ast.AugAssign) else None
        if isinstance(n, ast.Assign):
            target = next((t for t in n.targets if isinstance(t, ast.Subscript)), None)
        while isinstance(target, (ast.Subscript, ast.Attribute)):
            target = target.value
        if isinstance(target, ast.Name):
            out.add(target.id)
        if isinstance(n, ast.Call):
            out |= {k.value.id for k in n.keywords if k.arg == "out" and isinstance(k.value, ast.Name)}
    return out
