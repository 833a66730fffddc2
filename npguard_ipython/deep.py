"""Deep mode: run one cell body with per-line attribution and explain what it allocated.

Per-line figures come from the NumPy counter, which charges each allocation and
free to the running line (no trace function: loops run at full speed, and a
debugger or coverage keeps tracing); where the counter is unavailable, from
tracing every line with tracemalloc on.

The body runs once, as IPython would run it: ``%``-lines transformed, IPython's
AST transformers applied, the user namespace, the last expression shown through
the display hook (so ``Out`` works), and errors and ``KeyboardInterrupt``
propagating as usual. It does not go through ``run_cell``, so other extensions'
hooks see one cell, not two.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from collections import ChainMap
from collections.abc import Mapping
from typing import Any

from npguard.hazards import line_hazards
from npguard.model import CellReport, Finding, Temporary, describe_exception
from npguard.record import explained
from npguard.tracer import AllocationLines, CounterMarks, LineTracer, TracemallocMarks, block_codes



def _leading_blank(text: str) -> int:
    """How many lines at the start of ``text`` are empty or only whitespace."""
    n = 0
    for line in text.splitlines():
        if line.strip():
            break
        n += 1
    return n


class DeepCell:
    """One ``%%npguard`` cell: compile, trace, measure, explain."""

    def __init__(self, shell: Any, extension: Any, body: str) -> None:
        self.shell = shell
        self.ext = extension
        self.body = body
        self.notes: list[str] = []
        self.predicted: dict[int, tuple[Temporary, ...]] = {}
        self.hazards: list[Finding] = []
        self.codes: tuple[Any, ...] = ()

    def run(self) -> CellReport:
        """Run the body; the report is built even when the body raises (then the error is re-raised)."""
        __tracebackhide__ = True
        shell = self.shell
        transformed = shell.transform_cell(self.body)
        # IPython drops a cell's leading blank lines: put them back, so line numbers are the cell's own
        transformed = "\n" * (_leading_blank(self.body) - _leading_blank(transformed)) + transformed
        number = max(shell.execution_count - 1, 0)
        filename = shell.compile.cache(transformed, number, raw_code=self.body)
        tree = shell.transform_ast(shell.compile.ast_parse(transformed, filename=filename))
        if _has_top_level_await(tree):
            from IPython.core.error import UsageError

            raise UsageError("%%npguard cannot run a cell with top-level 'await'; "
                             "run it without %%npguard (the per-cell report still measures it)")
        self.source = transformed
        run_body = self._compile(tree, filename)
        # load the analyser (and the NumPy modules it reads, which NumPy imports lazily) before the cell runs:
        # loaded from inside the cell's first allocation, it could meet a module NumPy is still importing
        _analyzer()

        self.ext.watcher.install_counter()
        tracer = self._tracer(filename)
        meter = self.ext.meter
        span = meter.begin()
        error: BaseException | None = None
        try:
            if tracer is None:
                run_body()
            else:
                tracer.run(run_body)
        except BaseException as exc:
            error = exc
        measurement = meter.end(span)
        lines = tracer.stats(self.body.splitlines()) if tracer else ()
        if tracer is not None:
            note = tracer.slow_note()
            if note:
                self.notes.append(note)
        report = CellReport(
            execution_count=number or None,
            source=self.body,
            mode="deep",
            measurement=measurement,
            error=None if error is None else describe_exception(error),
            lines=lines,
            notes=tuple(self.notes),
        )
        report = self._explain(report)
        self.report = report
        if error is not None:
            raise error
        return report

    # -- pieces ---------------------------------------------------------------------------------

    def _compile(self, tree: ast.Module, filename: str):
        shell = self.shell
        _one_line_per_statement(tree, self.body)
        nodes = list(tree.body)
        # As in any cell, a last expression is shown (and kept in Out) unless a ';' ends the cell.
        last = None
        if nodes and isinstance(nodes[-1], ast.Expr) and not _ends_with_semicolon(self.body):
            last = nodes.pop()
        # An empty module would still report a line event (line 0) of its own.
        code = shell.compile(ast.Module(body=nodes, type_ignores=[]), filename, "exec") if nodes else None
        shown = shell.compile(ast.Interactive(body=[last]), filename, "single") if last else None
        self.codes = tuple(c for c in (code, shown) if c is not None)

        def run_body() -> None:
            __tracebackhide__ = True
            if code is not None:
                exec(code, shell.user_global_ns, shell.user_ns)
            if shown is not None:
                exec(shown, shell.user_global_ns, shell.user_ns)

        return run_body

    def _tracer(self, filename: str) -> AllocationLines | LineTracer | None:
        meter = self.ext.meter
        counter = meter.counter
        if meter.counter_live() and getattr(counter, "ATTRIBUTES", False):
            if not self.codes:
                return None
            if counter.attributing():
                self.notes.append("per-line figures unavailable: this cell runs inside another "
                                  "%%npguard cell, whose lines it is charged to")
                return None
            return AllocationLines(counter, block_codes(*self.codes), len(self.codes),
                                   len(self.source.splitlines()), on_first_hit=self._predict)
        if meter.counter_live():
            marks = CounterMarks(counter)
        else:
            # Without the counter, per-line figures come from tracemalloc, kept
            # on for the rest of the session: starting and stopping it per cell
            # would miscount blocks allocated while it was off.
            self.ext.start_tracing()
            marks = TracemallocMarks()
            self.notes.append("per-line figures from tracemalloc (NumPy counter unavailable)")
        active = sys.gettrace()
        if active is not None:
            self.notes.append(
                f"per-line figures unavailable: another tracer is active "
                f"({getattr(active, '__qualname__', type(active).__name__)}: a debugger or coverage) "
                "and npguard does not displace it without the NumPy counter; the cell ran untraced")
            return None
        return LineTracer(filename, marks, fold=meter.fold, on_first_hit=self._predict)

    def _predict(self, frame: Any, lineno: int, names: Any = None) -> None:
        """Read live shapes at a line's first allocation (first hit when tracing) and predict; again
        when the line allocates far more than it did then (a function called on a larger array), so
        its prediction is the largest pass's."""
        local = frame.f_locals if names is None else names
        # a function's own variable not bound yet at the line is not the session's name spelled alike
        unbound = {n for n in (*frame.f_code.co_varnames, *frame.f_code.co_cellvars) if n not in local}
        live = ChainMap(local, _GlobalsBut(frame.f_globals, unbound) if unbound else frame.f_globals)
        try:
            if lineno not in self.predicted:
                self.hazards += line_hazards(self.source, lineno, live)
        except Exception as exc:  # a hazard check must never break a cell
            self.notes.append(f"hazard check failed on line {lineno}: {type(exc).__name__}")
        predict_line = _analyzer()
        if predict_line is None:
            return
        try:
            self.predicted[lineno] = predict_line(self.source, lineno, live)
        except Exception as exc:  # the analyser must never break a cell
            self.notes.append(f"static analysis failed on line {lineno}: {type(exc).__name__}")

    def _explain(self, report: CellReport) -> CellReport:
        return explained(report, source=self.source, namespace=self.shell.user_ns,
                         threshold=self.ext.magics.settings().threshold, live=self.predicted,
                         hazards=True, live_hazards=self.hazards)


class _GlobalsBut(Mapping):
    """A frame's globals without the names its function binds itself (read there, they would be the session's
    arrays spelled alike: ``df = pd.DataFrame(data).copy()`` in a function replaces no global ``df``)."""

    def __init__(self, names: Mapping[str, Any], hidden: set[str]) -> None:
        self._names, self._hidden = names, hidden

    def __getitem__(self, key: str) -> Any:
        if key in self._hidden:
            raise KeyError(key)
        return self._names[key]

    def __contains__(self, key: object) -> bool:
        return key not in self._hidden and key in self._names

    def __iter__(self):
        return (k for k in self._names if k not in self._hidden)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _one_line_per_statement(tree: ast.Module, source: str) -> None:
    """Give every part of a statement written over several lines its first line, so what it
    allocates is charged to one line (the statement's) rather than spread over its pieces.
    A part that reaches past the first line spans the rest of it, so a traceback points at the
    statement without underlining the wrong columns."""
    lines = source.splitlines()
    for stmt in ast.walk(tree):
        if not isinstance(stmt, ast.stmt) or stmt.end_lineno in (None, stmt.lineno):
            continue
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor,
                             ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try, ast.Match)):
            continue   # compound: its body's statements are folded one by one
        first = stmt.lineno
        width = len(lines[first - 1].encode("utf-8")) if first <= len(lines) else 0
        for node in ast.walk(stmt):
            if getattr(node, "lineno", None) is None or getattr(node, "end_lineno", None) == first:
                continue
            if node.lineno != first:
                node.col_offset = 0
            node.lineno = node.end_lineno = first
            node.end_col_offset = max(width, node.col_offset)


def _analyzer():
    try:
        from npguard.static import predict_line
    except ImportError:
        return None
    return predict_line


def _ends_with_semicolon(source: str) -> bool:
    """Whether the cell's last token is ';' (comments and blank lines aside), as IPython checks."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    for tok in reversed(tokens):
        if tok.type in (tokenize.ENDMARKER, tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT,
                        tokenize.INDENT, tokenize.DEDENT):
            continue
        return tok.type == tokenize.OP and tok.string == ";"
    return False


def _has_top_level_await(tree: ast.Module) -> bool:
    """``await`` outside any function: IPython runs such a cell as a coroutine, deep mode cannot."""
    stack = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, (ast.Await, ast.AsyncFor, ast.AsyncWith)):
            return True
        stack.extend(ast.iter_child_nodes(node))
    return False
