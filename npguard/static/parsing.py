"""A cell's source as the analysis reads it: IPython syntax masked, statements indexed by line."""

from __future__ import annotations

import ast
import functools
import re
import warnings
from dataclasses import dataclass, field


_MAGIC = re.compile(r"^(\s*)(?:[%!](?!=)|[\w.\s,()\[\]*]+=\s*[%!](?!=))")


@dataclass
class _Parsed:
    source: str
    lines: list[str]
    tree: ast.Module | None
    reason: str | None
    magic_lines: frozenset[int]
    by_line: dict[int, list[tuple[ast.stmt, tuple[ast.AST, ...]]]] = field(default_factory=dict)
    names_read: dict[int, tuple[str, ...]] = field(default_factory=dict)   # id(node) -> names it reads
    tests: dict[int, ast.Expr] = field(default_factory=dict)   # id(if/while/for) -> its test or iterable
    iterables: set[int] = field(default_factory=set)   # id() of the statements that are a for's iterable

    @functools.cached_property
    def changed(self) -> frozenset[str]:
        """Names the cell binds or stores into (``x = ...``, ``x[k] = ...``, ``x.a = ...``, ``x.update(...)``),
        anywhere."""
        if self.tree is None:
            return frozenset()
        out = set()
        for n in ast.walk(self.tree):
            if (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
                    and n.func.attr in ("update", "pop", "popitem", "setdefault", "clear")):
                out.add(n.func.value.id)   # a dict changed by its own methods
            if isinstance(n, (ast.Name, ast.Subscript, ast.Attribute)) and isinstance(n.ctx, (ast.Store, ast.Del)):
                while isinstance(n, (ast.Subscript, ast.Attribute)):
                    n = n.value
                if isinstance(n, ast.Name):
                    out.add(n.id)
        return frozenset(out)

    def reads(self, node: ast.AST) -> tuple[str, ...]:
        got = self.names_read.get(id(node))
        if got is None:
            got = tuple(dict.fromkeys(n.id for n in ast.walk(node)
                                      if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)))
            self.names_read[id(node)] = got
        return got


def _statement_starts(lines: list[str]) -> list[bool]:
    """Which lines begin a new logical line (not inside brackets, a string or a continuation)."""
    starts = []
    depth, quote, cont = 0, None, False
    for line in lines:
        starts.append(depth == 0 and quote is None and not cont)
        i, n = 0, len(line)
        while i < n:
            ch = line[i]
            if quote is not None:
                if ch == "\\":
                    i += 2
                    continue
                if line.startswith(quote, i):
                    i += len(quote)
                    quote = None
                    continue
                i += 1
                continue
            if ch == "#":
                break
            if ch in "\"'":
                triple = line[i:i + 3]
                quote = triple if triple in ('"""', "'''") else ch
                i += len(quote)
                continue
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth = max(0, depth - 1)
            i += 1
        if quote in ('"', "'"):   # an unterminated one-line string: let the parser report it
            quote = None
        cont = line.rstrip().endswith("\\") and quote is None
    return starts


def _mask_magics(source: str) -> tuple[str, frozenset[int], str | None]:
    """Replace IPython's ``%magic`` / ``!shell`` lines with ``pass``, keeping line numbers."""
    lines = source.split("\n")
    if lines and lines[0].lstrip().startswith("%%"):
        return source, frozenset(), "a cell magic runs this cell; its body is not Python"
    masked = set()
    for i, (line, start) in enumerate(zip(lines, _statement_starts(lines))):
        m = _MAGIC.match(line) if start else None
        if m:
            lines[i] = m.group(1) + "pass"
            masked.add(i + 1)
    return "\n".join(lines), frozenset(masked), None


def _operands(node: ast.AST) -> list[ast.AST]:
    """The operands an arithmetic expression combines, through its operators (``a * (b - 1)``: ``a``, ``b``,
    ``1``); the node itself when it is no operator."""
    todo, leaves = [node], []
    while todo:
        n = todo.pop()
        if isinstance(n, ast.BinOp):
            todo += [n.left, n.right]
        elif isinstance(n, ast.UnaryOp):
            todo.append(n.operand)
        else:
            leaves.append(n)
    return leaves


@functools.lru_cache(maxsize=128)
def _parse(source: str) -> _Parsed:
    text, masked, reason = _mask_magics(source)
    lines = text.split("\n")
    if reason is not None:
        return _Parsed(text, lines, None, reason, masked)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = compile(text, "<cell>", "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            compile(tree, "<cell>", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)   # what the parser lets through
    except SyntaxError as exc:
        return _Parsed(text, lines, None, f"not valid Python: {exc.msg} (line {exc.lineno})", masked)
    except (ValueError, TypeError, MemoryError, RecursionError) as exc:
        return _Parsed(text, lines, None, f"could not parse: {type(exc).__name__}: {exc}", masked)
    parsed = _Parsed(text, lines, tree, None, masked)
    _index(tree.body, (), parsed)
    return parsed


def _index(body, parents, parsed: _Parsed) -> None:
    out, tests = parsed.by_line, parsed.tests
    for node in body:
        if isinstance(node, (ast.If, ast.While)):
            # ``if np.any(X < 0):`` builds its mask on the ``if`` line: the test is a statement of its own
            test = tests[id(node)] = ast.copy_location(ast.Expr(value=node.test), node.test)
            out.setdefault(test.lineno, []).append((test, parents + ((node,) if isinstance(node, ast.While) else ())))
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            # ``for key in df[col].unique():`` builds what it walks once, before the first pass, and holds it
            # until the loop ends: a statement of its own, outside the loop
            test = tests[id(node)] = ast.copy_location(ast.Expr(value=node.iter), node.iter)
            parsed.iterables.add(id(test))
            out.setdefault(test.lineno, []).append((test, parents))
        if isinstance(node, _COMPOUND):
            for child in _child_blocks(node):
                _index(child, parents + (node,), parsed)
        else:
            out.setdefault(node.lineno, []).append((node, parents))


_COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try,
             ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match)


if hasattr(ast, "TryStar"):
    _COMPOUND += (ast.TryStar,)


def _child_blocks(node):
    if isinstance(node, ast.Match):
        return [c.body for c in node.cases]
    blocks = [getattr(node, "body", [])]
    for name in ("orelse", "finalbody"):
        blocks.append(getattr(node, name, []) or [])
    for h in getattr(node, "handlers", []) or []:
        blocks.append(h.body)
    return blocks


def _segment(lines: list[str], node: ast.AST) -> str:
    try:
        l0, l1 = node.lineno - 1, node.end_lineno - 1
        c0, c1 = node.col_offset, node.end_col_offset
        if l0 == l1:
            return lines[l0].encode()[c0:c1].decode(errors="replace")
        first = lines[l0].encode()[c0:].decode(errors="replace")
        last = lines[l1].encode()[:c1].decode(errors="replace")
        return "\n".join([first, *lines[l0 + 1:l1], last])
    except (AttributeError, IndexError, TypeError):
        return ""
