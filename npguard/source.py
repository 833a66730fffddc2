"""The source text of a watched block: a ``with`` statement's body, or a function's body.

The explainer reads the code that ran, so the script API finds it where the
code lives: the caller's file (through ``linecache``, which also knows IPython
cells) parsed with ``ast``, the ``with`` statement picked by the caller's line.
The text is dedented; ``first_lineno`` maps its line 1 back to the file, so a
finding can say "line 12" of the user's script. When the text cannot be had
(code from ``exec`` of a string, ``python -c``, a file edited since it was
loaded) :class:`SourceUnavailable` says why, and the block is measured without
an explanation.
"""

from __future__ import annotations

import ast
import functools
import inspect
import linecache
import re
import sys
import textwrap
from dataclasses import dataclass, replace
from types import FrameType
from typing import Any, Callable


class SourceUnavailable(Exception):
    """The block's source could not be read; the message says why, for the report's notes."""


@dataclass(frozen=True, slots=True)
class BlockSource:
    """A block's body, dedented, and where it sits in its file."""

    filename: str
    first_lineno: int  # the file's line number of the text's first line
    last_lineno: int
    text: str
    #: (line as analysed, line as written): a function's ``return`` lines, made
    #: analysable as assignments, to be put back in rewrites shown to the user.
    restore: tuple[tuple[str, str], ...] = ()

    @property
    def analysable(self) -> str:
        """``text`` as the static analysis reads it (valid on its own)."""
        back = {w: a for a, w in self.restore}
        if not back:
            return self.text
        return "".join(back.get(line, line) + "\n" for line in self.text.splitlines())

    def words_as_written(self, text: str) -> str:
        """A message or suggestion that quotes an analysed line, quoting the line as written."""
        for analysed, written in self.restore:
            text = text.replace(analysed.strip(), written.strip())
        return text

    def as_written(self, rewrite: str) -> str | None:
        """``rewrite`` (built from ``analysable``) with the lines npguard changed put back.

        None when the rewrite changed such a line itself (e.g. split a ``return``
        expression into steps): that rewrite would not return, so there is none.
        """
        if not self.restore:
            return rewrite
        back = dict(self.restore)
        restored = "".join(back.get(line.rstrip("\n"), line.rstrip("\n")) + "\n" * line.endswith("\n")
                           for line in rewrite.splitlines(keepends=True))
        if re.search(r"\b_ret\b", restored) and not re.search(r"\b_ret\b", self.text):
            return None
        return restored

    @property
    def where(self) -> str:
        """``examples/x.py, lines 7-14``, or ``In [5], lines 2-9`` for a block in a notebook or IPython cell."""
        place = cell_label(self.filename) or self.filename
        if self.first_lineno == self.last_lineno:
            return f"{place}, line {self.first_lineno}"
        return f"{place}, lines {self.first_lineno}-{self.last_lineno}"


def cell_label(filename: str) -> str | None:
    """``In [5]`` when ``filename`` is the one IPython compiled a cell under, else None.

    IPython names each cell's code after a temporary file (``/tmp/ipykernel_7611/608820449.py``)
    that means nothing to a reader; its compiler knows which cell that was. IPython is only
    asked when it is already loaded: npguard never imports it.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    name_of = getattr(getattr(shell, "compile", None), "format_code_name", None)
    if name_of is None:
        return None
    try:
        named = name_of(filename)
    except Exception:
        return None
    number = re.search(r"\d+", named[1]) if named else None
    return f"In [{number.group(0)}]" if number else None


def with_block(frame: FrameType) -> BlockSource:
    """The body of the ``with`` statement that ``frame`` is entering (its current line)."""
    filename = frame.f_code.co_filename
    lines = linecache.getlines(filename, frame.f_globals)
    if not lines:
        raise SourceUnavailable(f"no source for {filename} (code run from a string?)")
    return _with_body(filename, frame.f_lineno, "".join(lines))


def function_body(fn: Callable[..., Any]) -> BlockSource:
    """The body of a function defined with ``def`` (decorators and signature left out)."""
    fn = inspect.unwrap(fn)
    try:
        lines, start = inspect.getsourcelines(fn)
        filename = inspect.getsourcefile(fn) or fn.__code__.co_filename
    except (OSError, TypeError) as exc:
        raise SourceUnavailable(f"no source for {getattr(fn, '__qualname__', fn)!r}: {exc}") from None
    text = textwrap.dedent("".join(lines))
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise SourceUnavailable(f"the source of {fn.__qualname__} does not parse: {exc.msg}") from None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise SourceUnavailable(f"{fn.__qualname__} is not defined by a def statement (a lambda?)")
    body = node.body
    if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]  # the docstring allocates nothing worth explaining
    analysable = _without_returns(text, node)
    block = _body(filename, analysable, body, offset=start - 1)
    original = _body(filename, text, body, offset=start - 1)
    restore = tuple((a, w) for a, w in zip(block.text.splitlines(), original.text.splitlines()) if a != w)
    return replace(original, restore=restore)


def _without_returns(text: str, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """``text`` with the function's own ``return`` statements made assignments.

    A body on its own is not valid Python while it says ``return``; ``_ret =``
    (and ``pass  `` for a bare return) has the same length, so every line and
    column the analysis reports still points at the user's text.
    """
    lines = text.splitlines(keepends=True)
    stack = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Return):
            line = lines[node.lineno - 1]
            col = node.col_offset
            if line[col:col + 6] == "return":
                lines[node.lineno - 1] = line[:col] + ("_ret =" if node.value else "pass  ") + line[col + 6:]
        stack.extend(ast.iter_child_nodes(node))
    return "".join(lines)


@functools.lru_cache(maxsize=64)
def _with_body(filename: str, lineno: int, text: str) -> BlockSource:
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise SourceUnavailable(f"{filename} does not parse: {exc.msg}") from None
    best: ast.With | ast.AsyncWith | None = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            # The header runs from the ``with`` keyword to the line before the body.
            header_end = max(node.lineno, node.body[0].lineno - 1)
            if node.lineno <= lineno <= header_end and (best is None or node.lineno > best.lineno):
                best = node
    if best is None:
        raise SourceUnavailable(
            f"no with statement at {filename}, line {lineno} "
            "(the watcher was entered some other way, or the file changed since it was loaded)"
        )
    return _body(filename, text, best.body, offset=0)


def _body(filename: str, text: str, body: list[ast.stmt], *, offset: int) -> BlockSource:
    """The statements ``body`` of ``text`` as dedented text; ``offset`` shifts to file lines."""
    first, last = body[0].lineno, body[-1].end_lineno or body[-1].lineno
    lines = text.splitlines()
    chunk = lines[first - 1:last]
    if body[0].col_offset and chunk and chunk[0][: body[0].col_offset].strip():
        # ``with x: a = 1`` or ``def f(): return 1``: the body shares the header's line.
        segments = [ast.get_source_segment(text, stmt) or "" for stmt in body]
        return BlockSource(filename, first + offset, last + offset, "\n".join(segments) + "\n")
    return BlockSource(filename, first + offset, last + offset, textwrap.dedent("\n".join(chunk)) + "\n")
