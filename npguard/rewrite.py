"""One rewrite of a cell with every finding's fix applied.

Each finding's ``rewrite`` is the whole cell with one change. Where the changes touch
different parts of the cell they combine: each becomes the one span of the source it
replaces, and the spans are applied together. Changes that overlap do not combine
(the result could be neither), and then there is no combined rewrite.
"""

from __future__ import annotations

import ast

from collections.abc import Sequence

__all__ = ["combined"]


def combined(source: str, rewrites: Sequence[str]) -> str | None:
    """``source`` with every rewrite's change applied, or None when fewer than two combine."""
    edits = sorted({e for e in (_edit(source, r) for r in rewrites) if e is not None})
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
