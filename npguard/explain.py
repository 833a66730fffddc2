"""Findings from predictions and measurements: why memory spiked, and what to write instead.

``explain(prediction, lines=..., threshold=..., source=...)`` turns the temporaries that
``npguard.static`` predicted for a cell (and, in deep mode, the per-line figures the tracer
measured) into :class:`~npguard.model.Finding` objects. It is a pure function: it runs no
NumPy code, and reads ``namespace`` only to check whether two names share memory.

Two rules shape everything here:

* Measured beats predicted. NumPy reuses some temporaries in place (temporary elision), and
  a predicted cause that the measurement contradicts is dropped: a wrong cause is worse than
  none.
* A ``rewrite`` is the whole cell body with one statement changed, offered only when it
  provably computes the same values with less memory; in doubt it is None and the suggestion
  says why.
"""

from __future__ import annotations

import ast
import functools
import logging
import re
import types
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from npguard import facts
from npguard.model import FINDING_KINDS, Finding, LineStat, Measurement, Temporary
from npguard.units import KiB, MiB, format_bytes

if TYPE_CHECKING:  # the predictor is only needed for type names
    from npguard.static import CellPrediction, Statement

__all__ = ["MIN_ARRAY_BYTES", "discarded", "explain"]

#: An explanation that failed on the cell's source and was made again without it is logged
#: here at DEBUG with its traceback: the report still comes, and the cause can be found.
_log = logging.getLogger(__name__)

#: Arrays smaller than this never get a finding. It is NumPy's own cut-off for temporary
#: elision (NPY_MIN_ELIDE_BYTES): below it, allocation cost is not worth a user's attention.
MIN_ARRAY_BYTES = 256 * KiB

#: The temporary one chunk of a chunked broadcast rewrite aims for, at most.
CHUNK_BYTES = 16 * MiB

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
        ast.Mod: "%", ast.Pow: "**"}
_COMMUTATIVE = (ast.Add, ast.Mult)
_REDUCTIONS = facts.REDUCTIONS - {"argmax", "argmin"}
_UNARY_UFUNCS = {
    "sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "abs", "absolute", "fabs",
    "negative", "positive", "square", "cbrt", "sin", "cos", "tan", "arcsin", "arccos",
    "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "floor", "ceil",
    "trunc", "rint", "sign", "reciprocal", "deg2rad", "rad2deg", "degrees", "radians",
}
_BINARY_UFUNCS = {"add", "subtract", "multiply", "divide", "true_divide", "power", "maximum",
                  "minimum", "fmax", "fmin", "hypot", "arctan2", "mod", "remainder",
                  "floor_divide", "copysign"}
_MUTATORS = facts.MUTATING_METHODS | {"__setitem__", "__iadd__", "__isub__", "__imul__", "__itruediv__"}
#: What may share memory with the array it is called on: its views, plus ``flat`` and
#: ``astype`` (which returns the array itself with ``copy=False``).
_VIEW_METHODS = facts.VIEW_METHODS | {"flat", "astype"}
_VIEW_FUNCS = facts.VIEW_FUNCTIONS
_PURE_BUILTINS = {"print", "len", "repr", "str", "float", "int", "bool", "complex", "abs",
                  "isinstance", "type", "id", "hash", "format", "round",
                  # (they read the elements; ``min(x)`` neither keeps nor changes ``x``; not ``list(x)``, whose
                  # items are views of a 2-D array's rows)
                  "min", "max", "sum", "any", "all", "sorted"}
_NP_MUTATORS = facts.MUTATING_FUNCTIONS
_FLOAT_DTYPES = {"float32", "float64", "complex64", "complex128"}


#: In deep mode the user asked about this very cell: every line whose temporaries reach this
#: much is explained, even below the threshold.
LINE_MIN_BYTES = MiB
#: On one line, a second cause is named only when it holds this share of what the line measured
#: (the largest cause always is): a 3 MiB mask beside a 40 MiB copy is not news.
CAUSE_SHARE = 0.25


def explain(prediction: CellPrediction, *, lines: Sequence[LineStat] = (),
            measurement: Measurement | None = None, threshold: int, source: str,
            namespace: Mapping[str, Any] | None = None) -> tuple[Finding, ...]:
    """One finding per (line, cause) whose bytes are worth attention, sorted by line then kind.

    ``lines`` (deep mode) are the measured per-line figures; when a statement's line was
    measured, its figures replace the predicted ones, and a line whose temporaries reach
    ``LINE_MIN_BYTES`` is explained even under ``threshold``. ``measurement`` (the whole cell)
    gives, in the always-on report, the temporaries of a cell whose only unmodelled call is the
    likely cause.
    """
    ctx = _Context(prediction, {s.lineno: s for s in lines}, threshold, source, namespace)
    bar = _line_bar(ctx)
    found: list[Finding] = []
    for stmt in prediction.statements:
        stat = ctx.stats.get(stmt.lineno)
        if ctx.stats and stat is None:
            continue  # measured per line, and this line did not run or touched no NumPy memory
        if stat is not None and max(stat.temporaries_bytes, stat.peak_bytes) < bar:
            continue  # measured: nothing on this line was worth attention
        eager = _eager_dict(ctx, stmt, stat)
        if eager is not None:   # ``{"a": f(x), "b": g(x)}[key]``: every value made, one kept
            found.append(eager)
            continue
        here: list[Finding] = []
        own: list[Finding] = []
        # a cause under the bar still counts on a line over it, when it is a good part of the line
        least = bar if stat is None or stat.temporaries_bytes < bar else min(
            bar, max(MIN_ARRAY_BYTES, stat.temporaries_bytes // 4))
        again = _rebound_each_pass(ctx, stmt, stat) if stat is not None else None
        if again is not None:   # the previous pass's array is in the line's temporaries: the rest is its own
            found.append(again)
            stat = replace(stat, temporaries_bytes=max(0, stat.temporaries_bytes - again.bytes))
            ctx.stats[stmt.lineno] = stat
        if stat is not None:
            stmt = _selected_fewer(ctx, stmt, stat)
        if stmt.in_place:   # its mask, gathered copy and new value are told apart; the rest as anywhere
            own, handled = _in_place(ctx, stmt)
            here.extend(f for f in own if f.bytes >= least)
            kept = [i for i, t in enumerate(stmt.temporaries) if id(t) not in handled]
            # the result, if kept, named anew among the temporaries left
            stmt = replace(stmt, temporaries=tuple(stmt.temporaries[i] for i in kept),
                           result_index=kept.index(stmt.result_index) if stmt.result_index in kept else None)
        groups = _groups(stmt)
        if not stmt.in_place:
            _selection_into_chain(ctx, groups, stmt)
            _mask_arithmetic_into_chain(ctx, groups, stmt)
            _upcasts_into_chain(ctx, groups, stmt)
        shared = len(groups) + len(own) > 1
        for kind, temps in groups.items():
            if again is not None and kind == "fancy-index-copy" and all(_kept(ctx, stmt, t) for t in temps):
                continue   # ``bs_x, bs_y = x[bs_inds], y[bs_inds]`` each pass: the gathers are the values kept
            try:
                finding = _EXPLAINERS[kind](ctx, stmt, temps, shared)
            except Exception:  # noqa: BLE001 - a report must never fail on odd source
                _log.debug("line %d: %s explained again without the source", stmt.lineno, kind,
                           exc_info=True)
                finding = _EXPLAINERS[kind](ctx.without_source(), stmt, temps, shared)
            if finding is not None and finding.rewrite is not None and ctx.header_of(stmt) is not None:
                finding = replace(finding, rewrite=None)   # a cell body is rewritten by whole statements
            if finding is not None and finding.bytes >= least:
                here.append(finding)
        if stat is not None:
            here = _within(here, stat)
            here = _main_causes(here, stat.temporaries_bytes)
            here = _apart(here, stat)
            held = _held_until_rebound(ctx, stmt, stat, here, bar) if again is None else None
            if held is not None:
                here.append(held)
            rest = _unexplained(ctx, stmt, stat, here, bar)
            if rest is not None:
                here.append(rest)
        found.extend(here)
    if not found and not lines:
        likely = _likely_inside_call(ctx, measurement)
        if likely is not None:
            found.append(likely)
    # a rewrite is offered only as code that runs: one that does not parse is a gap in how it was written
    found = [f if f.rewrite is None or _parses(f.rewrite) else replace(f, rewrite=None) for f in found]
    order = {k: i for i, k in enumerate(FINDING_KINDS)}
    spelled = _as_spelled(source)
    if spelled:
        found = [replace(f, message=spelled(f.message), suggestion=spelled(f.suggestion), rewrite=spelled(f.rewrite))
                 for f in found]
    return tuple(sorted(found, key=lambda f: (f.lineno, order[f.kind])))


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        _log.debug("a rewrite that does not parse was dropped:\n%s", code)
        return False
    return True


def _as_spelled(source: str):
    """Python reads ``ϕ1`` as ``φ1`` (identifiers are NFKC-normalised), so a name taken from the parsed cell
    may differ from what the user wrote: a function that puts the cell's spelling back in the text, or None
    when every name is written as Python reads it."""
    import io
    import tokenize
    import unicodedata

    if source.isascii():
        return None
    spellings: dict[str, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME and not tok.string.isascii():
                read = unicodedata.normalize("NFKC", tok.string)
                if read != tok.string:
                    spellings.setdefault(read, tok.string)
    except (tokenize.TokenError, SyntaxError):
        return None
    if not spellings:
        return None
    pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, sorted(spellings, key=len, reverse=True)))
                         + r")(?![\w])")
    return lambda text: pattern.sub(lambda m: spellings[m.group(1)], text) if text else text


def discarded(source: str, lines: Sequence[LineStat], findings: Sequence[Finding],
              namespace: Mapping[str, Any] | None = None,
              prediction: CellPrediction | None = None) -> tuple[str, ...]:
    """Notes for the lines whose temporaries are a value that nothing keeps: a bare expression that
    is not the cell's last (only that one is displayed). The note stands beside any finding about
    what the expression allocated: the user should know the value itself was wasted. The value's
    size is told only where it was predicted: the line's temporaries also hold what the call made
    inside."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return ()
    stats = {s.lineno: s for s in lines}
    notes = []
    for node in ast.walk(tree):
        if not _thrown_away(tree, node):
            continue
        stat = stats.get(node.lineno)
        if stat is None or stat.temporaries_bytes < LINE_MIN_BYTES:
            continue
        # an array the prediction made at the line (``C.sum(axis=0)``, though ``C`` is rebound later in the cell)
        size = _value_size(prediction, node.value)
        if not (size or _plain_value(node.value) or _pandas_value(node.value, namespace)
                or _array_method_value(node.value, namespace)):
            continue
        notes.append(f"line {node.lineno}: the value of `{ast.get_source_segment(source, node.value)}`"
                     f"{f' ({format_bytes(size)})' if size else ''} was computed and thrown away,"
                     " since only a cell's last expression is displayed; assign it or print it if it was meant"
                     " to be seen")
    for node in ast.walk(tree):
        inner = node.value if isinstance(node, ast.Attribute) and node.attr in _METADATA else None
        stat = stats.get(getattr(node, "lineno", 0))
        size = _value_size(prediction, inner) if isinstance(inner, (ast.BinOp, ast.UnaryOp)) else None
        if size is None or stat is None or stat.temporaries_bytes < LINE_MIN_BYTES:
            continue
        # ``(y / 2).dtype``: the whole array is computed to read what NumPy's rules tell without it
        text = ast.get_source_segment(source, inner)
        operands = ", ".join(ast.get_source_segment(source, n) for n in (
            [inner.left, inner.right] if isinstance(inner, ast.BinOp) else [inner.operand]))
        how = (f"`np.result_type({operands})` gives it" if node.attr == "dtype" and isinstance(inner, ast.BinOp)
               and not isinstance(inner.op, (ast.Div, ast.Pow)) else "NumPy's casting and broadcasting rules give it")
        notes.append(f"line {node.lineno}: `{text}` ({format_bytes(size)}) was computed only to read its"
                     f" `.{node.attr}`; {how} without computing the values")
    return tuple(notes)


def _read_for_metadata(ctx: _Context, t: Temporary) -> bool:
    """``(y / 2).dtype``: the temporary is an operator's array whose only use is an attribute that describes
    it (``discarded`` adds the note)."""
    node = ctx.node_at(t.span)
    parent = ctx.parents.get(id(node)) if node is not None else None
    return (isinstance(node, (ast.BinOp, ast.UnaryOp)) and isinstance(parent, ast.Attribute)
            and parent.value is node and parent.attr in _METADATA)


#: Array attributes that describe it without reading its values.
_METADATA = frozenset({"dtype", "shape", "ndim", "size", "nbytes", "itemsize"})


def _value_size(prediction: CellPrediction | None, node: ast.expr) -> int | None:
    """The predicted bytes of the array a bare expression evaluates to, if it was predicted."""
    stmt = prediction.at(node.lineno) if prediction is not None else None
    if stmt is None:
        return None
    span = _span_of(node)
    # a boolean-mask selection is predicted at its largest (every element selected): no size to tell; and
    # only the value itself (``np.var(matrix)`` is a number, whatever it builds inside)
    return next((t.nbytes for t in stmt.temporaries if t.span == span
                 and not t.detail.startswith(("boolean mask", "inside "))), None)


#: NumPy calls made for what they do, whose value is None: nothing of theirs is thrown away.
_NO_VALUE = frozenset({"save", "savez", "savez_compressed", "savetxt", "seed", "set_printoptions", "tofile"})


#: pandas methods that change their object and return None (``df.insert(1, "year", ...)``).
_PANDAS_RETURN_NONE = frozenset({"insert", "update"})


def _pandas_value(node: ast.expr, namespace: Mapping[str, Any] | None) -> bool:
    """A pandas method called for the new object it returns (``df.drop_duplicates()``,
    ``s.map(f)``, ``df.median().values``), not for what it does (``inplace=True``, ``to_csv``, ``plot``)."""
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Attribute) or any(k.arg == "inplace" for k in node.keywords) or \
                node.func.attr.startswith(("to_", "plot", "hist", "info")) or node.func.attr in _PANDAS_RETURN_NONE:
            return False
    elif not isinstance(node, (ast.Attribute, ast.Subscript)):
        return False
    root = _receiver_root(node)   # through the chain of calls: ``df.isnull().sum()`` is df's
    return root is not None and _pandas_object((namespace or {}).get(root))


def _array_method_value(node: ast.expr, namespace: Mapping[str, Any] | None) -> bool:
    """A method of an ndarray the cell holds, called for the new array it returns (``C.sum(axis=0)``,
    ``C[:2].round(2)``), not one that writes into it (``a.sort()``, ``a.fill(0)``, ``out=``)."""
    import numpy

    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)) or any(
            k.arg == "out" for k in node.keywords) or node.func.attr in facts.MUTATING_METHODS | _NO_VALUE:
        return False
    root = node.func.value
    while isinstance(root, (ast.Attribute, ast.Subscript, ast.Call)):
        root = root.func if isinstance(root, ast.Call) else root.value
    return isinstance(root, ast.Name) and isinstance((namespace or {}).get(root.id), numpy.ndarray)


def _plain_value(node: ast.expr) -> bool:
    """An expression evaluated for its value: operators, indexing, a NumPy ufunc; not a call that
    may be made for what it does (``np.add.at(...)``, ``plt.plot(...)``)."""
    if isinstance(node, ast.Call):
        f = node.func
        if not isinstance(f, ast.Attribute) or f.attr == "at" or f.attr in facts.MUTATING_FUNCTIONS | _NO_VALUE:
            return False
        if any(k.arg == "out" for k in node.keywords):
            return False   # ``np.dot(a, b, out=pts)`` returns ``pts``: the work is written there
        dotted = ast.unparse(f)
        return f.attr in _UNARY_UFUNCS | _BINARY_UFUNCS or (
            _root_name(f) in ("np", "numpy") and ".testing." not in dotted)
    return isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.Subscript, ast.BoolOp))


def _within(findings: list[Finding], stat: LineStat) -> list[Finding]:
    """Each cause keeps the bytes its message names, up to what the line measured: causes on one line
    need not all be alive at once (an intermediate freed before the next is built), so their sum may
    pass the line's peak; none claims more than the line held."""
    cap = max(stat.temporaries_bytes, stat.peak_bytes)
    return [replace(f, bytes=min(f.bytes, cap)) if f.bytes > cap else f for f in findings]


def _selection_into_chain(ctx: _Context, groups: dict[str, list[Temporary]], stmt: Statement) -> None:
    """``np.abs(walks[hits30]) >= 30``: a boolean selection that the line's chain goes on computing from is
    one of the chain's arrays (no slice could pick those rows), told with the rest of it -- unless the chain's
    steps are computed in its own array, which the line keeps (``(T[mask] - x0) / d``)."""
    chain = groups.get("chained-ops")
    picks = groups.get("fancy-index-copy")
    if not chain or not picks:
        return
    kept = stmt.temporaries[stmt.result_index] if stmt.result_index is not None else None
    nodes = [n for n in (ctx.node_at(t.span) for t in chain) if n is not None]
    moved = [t for t in picks if t.detail.startswith("boolean mask:") and (node := ctx.node_at(t.span)) is not None
             and t is not kept and any(n is not node and _inside(n, node) for n in nodes)]
    if moved:
        groups["chained-ops"] = sorted(chain + moved, key=lambda t: (t.span or (0, 0, 0, 0))[2:])   # as evaluated
        groups["fancy-index-copy"] = [t for t in picks if t not in moved]
        if not groups["fancy-index-copy"]:
            del groups["fancy-index-copy"]


def _mask_arithmetic_into_chain(ctx: _Context, groups: dict[str, list[Temporary]], stmt: Statement) -> None:
    """``ss*(x < center)/(ss+xc2) + rr*(x >= center)/(rr+xc2)``: a mask times a number is one of the chain's
    arrays (it promotes nothing: a mask's arithmetic gives numbers), told with the rest of it -- not an array a
    selection is taken from, which the selection's finding names."""
    chain, upcasts = groups.get("chained-ops"), groups.get("dtype-upcast")
    if not chain or not upcasts:
        return
    kept = stmt.temporaries[stmt.result_index] if stmt.result_index is not None else None
    moved = [t for t in upcasts if t is not kept and t.cast_from is None
             and not t.detail.startswith(("Python numbers", "np.r_ converts")) and "bool" in t.inputs
             and set(t.inputs) <= {"bool", "int", "float", "complex"}
             and (node := ctx.node_at(t.span)) is not None
             and not isinstance(ctx.parents.get(id(node)), ast.Subscript)]
    if moved:
        groups["chained-ops"] = sorted(chain + moved, key=lambda t: (t.span or (0, 0, 0, 0))[2:])
        groups["dtype-upcast"] = [t for t in upcasts if t not in moved]
        if not groups["dtype-upcast"]:
            del groups["dtype-upcast"]


def _eager_dict(ctx: _Context, stmt: Statement, stat: LineStat | None) -> Finding | None:
    """``return {"hanning": np.hanning(n) * frames, ..., "hamming": np.hamming(n) * frames}[win_type]``: a dict
    display computes every value before one is picked by its key; the others are made only to be dropped."""
    node = ctx.node_of(stmt)
    value = node.value if isinstance(node, ast.Return) else _value(node) if _single_target(node) else None
    if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Dict) and len(value.value.values) >= 2
            and stat is not None and stat.temporaries_bytes >= MIN_ARRAY_BYTES
            and sum(isinstance(v, (ast.BinOp, ast.Call, ast.UnaryOp)) for v in value.value.values) >= 2):
        return None
    n = len(value.value.values)
    key = ctx.segment(value.slice)
    first = next((k for k in value.value.keys if k is not None), None)
    sample = ctx.segment(first) if first is not None else "..."
    return Finding("chained-ops", stmt.lineno, stat.temporaries_bytes,
                   f"The dict display computes all {n} of its values before `[{key}]` picks one: the other {n - 1}"
                   f" are made only to be dropped ({format_bytes(stat.temporaries_bytes)} of temporaries measured on"
                   " this line).",
                   f"Compute only the chosen value: a dict of functions picked first and called after"
                   f" (`{{{sample}: lambda: ..., ...}}[{key}]()`), or an `if`/`elif` on `{key}`, makes one of them"
                   f" instead of {n}.", None)


def _upcasts_into_chain(ctx: _Context, groups: dict[str, list[Temporary]], stmt: Statement) -> None:
    """``np.sin(lat) * np.sin(dec) + np.cos(lat) * np.cos(dec) * np.cos(h__)`` with float32 ``lat`` and a float64
    ``dec``: both products are promoted; the first becomes the line's value (the upcast finding tells it), the
    second dies inside the chain, one of its temporaries like any other."""
    chain, upcasts = groups.get("chained-ops"), groups.get("dtype-upcast")
    if not chain or not upcasts or len(upcasts) < 2:
        return
    moved = [t for t in upcasts if t.cast_from is None and not t.detail.startswith(("Python numbers", "np.r_"))
             and _kept(ctx, stmt, t) is False]
    if moved and len(moved) < len(upcasts):
        groups["chained-ops"] = sorted(chain + moved, key=lambda t: (t.span or (0, 0, 0, 0))[2:])
        groups["dtype-upcast"] = [t for t in upcasts if t not in moved]


def _selected_fewer(ctx: _Context, stmt: Statement, stat: LineStat) -> Statement:
    """``np.abs(walks[hits30]) >= 30``: a boolean selection is predicted as if every element were selected,
    and so is every array computed from it. When the line measured less than that predicts, the mask
    selected fewer: those arrays are scaled by what was measured (they all have the selection's length)."""
    kept = stmt.temporaries[stmt.result_index] if stmt.result_index is not None else None
    # (a store's value is no kept result: ``ratio[mask] = target_otf[mask] / source_otf[mask]`` computes it in the
    # first selection's array, which has the selection's length as the other one does)
    stored = (stmt.in_place and isinstance(ctx.node_of(stmt), ast.Assign)
              and not isinstance(ctx.node_of(stmt).value, ast.Subscript))   # (``x[m] = y[m]`` is told by its mask)
    picks = [t for t in stmt.temporaries if t.kind == "fancy-index-copy" and t.detail.startswith("boolean mask:")
             and (stored or t is not kept and t.span != (kept.span if kept is not None else None))]
    exact = _mask_shares(ctx, stmt, picks) if picks and stat.hits == 1 else None
    if exact is not None:
        # ``np.corrcoef(tw[selected], nw[selected])``: the mask the namespace holds says how many it selects
        def scaled(t: Temporary) -> Temporary:
            node = ctx.node_at(t.span)
            share = next((exact[id(p)] for p in picks if node is not None and (n := ctx.node_at(p.span)) is not None
                          and _inside(node, n)), None)
            return t if share is None else replace(t, nbytes=int(t.nbytes * share))
        return replace(stmt, temporaries=tuple(scaled(t) for t in stmt.temporaries))
    node = ctx.node_of(stmt)
    # (a store through the same mask, ``output[j > 0] = f(j[j > 0])``: every array the line makes has the
    # selection's length, as in a line that binds its value)
    masked_store = (stmt.in_place and isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Subscript) and any(
                        isinstance(n := ctx.node_at(p.span), ast.Subscript)
                        and _norm(ctx.segment(n.slice)) == _norm(ctx.segment(node.targets[0].slice)) for p in picks))
    if (not picks or stmt.in_place and not masked_store or not stmt.peak or stat.hits != 1
            or stat.peak_bytes >= 0.9 * stmt.peak):
        return stmt
    nodes = [n for n in (ctx.node_at(t.span) for t in picks) if n is not None]
    if not nodes:
        return stmt
    share = stat.peak_bytes / stmt.peak

    def derived(t: Temporary) -> bool:
        node = ctx.node_at(t.span)
        return node is not None and any(_inside(node, n) for n in nodes)

    return replace(stmt, temporaries=tuple(replace(t, nbytes=int(t.nbytes * share), detail=t.detail + _SCALED)
                                           if derived(t) else t for t in stmt.temporaries))


#: Marks a selection's size scaled down to what its line measured (the mask selected fewer than every element).
_SCALED = " [sized by the line's measured peak]"


def _mask_shares(ctx: _Context, stmt: Statement, picks: list[Temporary]) -> dict[int, float] | None:
    """For selections by a boolean mask the namespace holds, bound once before the line and never again
    (so its value then is its value now): the share of elements each selects."""
    import numpy

    if ctx.tree is None or stmt.in_loop:
        return None
    shares = {}
    for t in picks:
        node = ctx.node_at(t.span)
        name = node.slice.id if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Name) else None
        mask = (ctx.namespace or {}).get(name) if name else None
        if not (isinstance(mask, numpy.ndarray) and mask.dtype == bool and mask.size):
            return None
        stores = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Name) and n.id == name
                  and not isinstance(n.ctx, ast.Load)]
        if len(stores) > 1 or any(n.lineno >= stmt.lineno or _enclosing(ctx, n, (ast.For, ast.While)) for n in stores):
            return None
        if name not in ctx.mask_shares:   # the line's finding asks again: count each mask once
            ctx.mask_shares[name] = numpy.count_nonzero(mask) / mask.size
        shares[id(t)] = ctx.mask_shares[name]
    return shares


def _main_causes(findings: list[Finding], temporaries: int) -> list[Finding]:
    """The line's largest cause, and any other that holds a real share of its temporaries."""
    if len(findings) < 2:
        return findings
    # a rebinding's figure is the old array, held from before the line: the rest are weighed against
    # what the line built beside it
    rebound = [f for f in findings if f.kind == "out-of-place-update"]
    others = [f for f in findings if f.kind != "out-of-place-update"] or findings
    largest = max(others, key=lambda f: f.bytes)
    built = temporaries - sum(f.bytes for f in rebound) if rebound and others is not findings else temporaries
    # a cause told about the array the line keeps (``np.where(d > 0, 1, -1)`` made int64) is no measure of
    # what died on the line: the mask that did is weighed against the line's temporaries alone
    share = CAUSE_SHARE * max(built, largest.bytes if largest.bytes <= 1.05 * temporaries + 128 * KiB else 0)
    return [f for f in findings if f is largest or f in rebound or f.hazard or f.bytes >= share]


def _apart(findings: list[Finding], stat: LineStat) -> list[Finding]:
    """Causes on one line may each be freed before the next is built, but their figures cannot add up
    past the most the line held at once unless one's array is among another's (the argument a chain
    built for a call is the chain's last value). Each cause is then taken from the largest down while
    there is room; a rebinding and a hazard always stay. An upcast that does not fit is told inside the
    largest finding, whose figure holds its array."""
    # the old value of a rebinding was held before the line began: it is no part of what the line added
    causes = [f for f in findings if not f.hazard and f.kind != "out-of-place-update"]
    room = 1.02 * max(stat.temporaries_bytes, stat.peak_bytes) + 64 * 1024   # a measurement's rounding
    if len(causes) < 2 or sum(f.bytes for f in causes) <= room:
        return findings
    kept: list[Finding] = []
    folded: list[Finding] = []
    for f in sorted(causes, key=lambda f: -f.bytes):
        if not kept or f.bytes <= room:
            kept.append(f)
            room -= f.bytes
        elif f.kind == "dtype-upcast" or f.kind == "inside-call" and f.message.startswith("inside `"):
            folded.append(f)
    out = [f for f in findings if all(f is not c for c in causes) or any(f is k for k in kept)]
    largest = max((f for f in out if not f.hazard and f.kind != "out-of-place-update"), key=lambda f: f.bytes,
                  default=None)
    if largest is not None and largest.kind in ("chained-ops", "broadcast-expansion"):
        for f in folded:
            if f.kind == "inside-call":
                # ``np.nansum(np.multiply(w, np.exp(1j * angles)))``: the call's own arrays come beside the chain's
                # last value, after the chain's other steps are freed
                merged = replace(largest, message=f"{largest.message} Beside its last value, {f.message}")
                out = [merged if g is largest else g for g in out]
                largest = merged
                continue
            advice = f.suggestion.split(" No rewrite:")[0]
            merged = replace(largest, message=f"{largest.message} Of the line's arrays, {f.message}",
                             suggestion=f"{largest.suggestion} {advice}")
            out = [merged if g is largest else g for g in out]
            largest = merged
    return out


def _line_bar(ctx: _Context) -> int:
    """The bytes a line's finding must reach: the threshold, or in deep mode (per-line figures) 1 MiB."""
    return min(ctx.threshold, LINE_MIN_BYTES) if ctx.stats else ctx.threshold


def _groups(stmt: Statement) -> dict[str, list[Temporary]]:
    """The statement's temporaries by the kind of finding they may make.

    An array handed to a call npguard does not model is that call's business (``inside-call``),
    and a lone operation whose value is the statement's own is never a chain.
    """
    groups: dict[str, list[Temporary]] = {}
    for t in stmt.temporaries:
        kind = t.kind
        if kind == "chained-ops" and t.consumer is not None:
            kind = "inside-call"
        if kind == "dtype-upcast" and t.cast_from is None and not t.detail.startswith("Python numbers") and (
                t.expr.split("(", 1)[0].endswith("where")) and "bool" in t.inputs and set(t.inputs) <= {
                "bool", "int", "float", "complex"}:
            # ``np.where(diff == 0, 0.5, diff > 0)``: numbers from a mask promote nothing; the array is one of the
            # line's steps
            kind = "chained-ops"
        if kind in _EXPLAINERS and (t.cast_from is not None or kind in ("chained-ops", "inside-call")
                                     or not _is_matmul(t.expr)):
            groups.setdefault(kind, []).append(t)
    return groups


# --------------------------------------------------------------------------- context


class _Context:
    """The cell as text and as a tree, plus what was measured, shared by every explainer."""

    def __init__(self, prediction: CellPrediction, stats: dict[int, LineStat], threshold: int,
                 source: str, namespace: Mapping[str, Any] | None) -> None:
        self.prediction = prediction
        self.stats = stats
        #: The share of elements each boolean mask the namespace holds selects, by name (``_mask_shares``).
        self.mask_shares: dict[str, float] = {}
        self.headers: dict[int, ast.Expr] = {}   # id(if/while/for) -> its test or iterable as a statement
        #: (id of a scope, name) -> whether the cell binds the name there only to numbers (``_counted``).
        self.counted: dict[tuple[int, str], bool] = {}
        self.threshold = threshold
        self.source = source
        self.namespace = namespace
        self.lines = source.splitlines(keepends=True)
        m = re.search(r"\r\n|\n|\r", source)
        self.newline = m.group(0) if m else "\n"
        try:
            self.tree: ast.Module | None = ast.parse(source)
        except (SyntaxError, ValueError):  # IPython syntax (magics, !cmd): no rewrites
            self.tree = None
        self.np = self._numpy_alias()

    def without_source(self) -> _Context:
        """The same context with no syntax tree: findings in words, no rewrites."""
        other = object.__new__(_Context)
        other.__dict__.update(self.__dict__)
        other.__dict__.pop("parents", None)
        other.tree = None
        return other

    def _numpy_alias(self) -> str | None:
        """The name this cell reaches NumPy by, for rewrites that call NumPy."""
        if self.namespace is not None:
            # the one the cell's source uses most (``numpy.diff`` where both ``np`` and ``numpy`` are bound),
            # ``np`` on a tie
            # (a module, asked as one: a user's object may answer any attribute, or raise other than AttributeError,
            # as ``__getattr__ = dict.__getitem__`` does)
            names = [name for name, value in self.namespace.items() if isinstance(value, types.ModuleType)
                     and value.__name__ == "numpy" and name.isidentifier() and not name.startswith("_")]
            if names:
                return max(names, key=lambda n: (len(re.findall(rf"\b{n}\.", self.source or "")), n == "np"))
        if self.tree is not None:
            for node in ast.walk(self.tree):
                if isinstance(node, ast.Import):
                    for a in node.names:
                        if a.name == "numpy":
                            return a.asname or "numpy"
        if re.search(r"\bnp\.", self.source) and (self.namespace is None or "np" in self.namespace):
            return "np"
        return None

    def node_of(self, stmt: Statement) -> ast.stmt | None:
        """The simple statement of the cell's tree that ``stmt`` describes."""
        if self.tree is None:
            return None
        for node in ast.walk(self.tree):
            if (isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr, ast.Return))
                    and node.lineno == stmt.lineno and node.end_lineno == stmt.end_lineno):
                if _norm(self.segment(node)) == _norm(stmt.text) or _norm(stmt.text) is None:
                    return node
        return self.header_of(stmt)

    def header_of(self, stmt: Statement) -> ast.Expr | None:
        """The test of an ``if`` or ``while``, or the iterable of a ``for``, that ``stmt`` describes: a
        statement of its own on the header's line, as an ``ast.Expr`` around the tree's own node (made
        once per header, so the same object comes back). No rewrite is made of it."""
        if self.tree is None:
            return None
        for node in ast.walk(self.tree):
            expr = node.test if isinstance(node, (ast.If, ast.While)) else (
                node.iter if isinstance(node, (ast.For, ast.AsyncFor)) else None)
            if (expr is not None and expr.lineno == stmt.lineno and expr.end_lineno == stmt.end_lineno
                    and _norm(self.segment(expr)) == _norm(stmt.text)):
                if id(node) not in self.headers:
                    self.headers[id(node)] = ast.copy_location(ast.Expr(value=expr), expr)
                return self.headers[id(node)]
        return None

    @functools.cached_property
    def parents(self) -> dict[int, ast.AST]:
        """Each node of the cell's tree (by id) to the node that holds it."""
        if self.tree is None:
            return {}
        return {id(child): node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)}

    @functools.cached_property
    def defined_functions(self) -> set[str]:
        """Names of the functions (and classes) the cell itself defines."""
        if self.tree is None:
            return set()
        return {n.name for n in ast.walk(self.tree)
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}

    @functools.cached_property
    def counters(self) -> frozenset:
        """Names counting a ``for`` loop over ``range(...)`` somewhere in the cell (integers), or over
        ``np.ndindex(...)`` (tuples of integers): an index with them is basic, never a copy."""
        if self.tree is None:
            return frozenset()
        return frozenset(n.target.id for n in ast.walk(self.tree)
                         if isinstance(n, ast.For) and isinstance(n.target, ast.Name) and isinstance(n.iter, ast.Call)
                         and (isinstance(n.iter.func, ast.Name) and n.iter.func.id == "range"
                              or isinstance(n.iter.func, ast.Attribute) and n.iter.func.attr == "ndindex"
                              and _root_name(n.iter.func) == self.np))

    def node_at(self, span: tuple[int, int, int, int] | None) -> ast.expr | None:
        """The expression the predictor named by its position in the source."""
        if self.tree is None or span is None:
            return None
        for node in ast.walk(self.tree):
            if (isinstance(node, ast.expr) and (node.lineno, node.col_offset, node.end_lineno,
                                                 node.end_col_offset) == span):
                return node
        return None

    def offset(self, lineno: int, col: int) -> int:
        """Absolute character offset of an AST (line, UTF-8 byte column) position."""
        before = sum(len(line) for line in self.lines[: lineno - 1])
        line = self.lines[lineno - 1] if lineno - 1 < len(self.lines) else ""
        return before + len(line.encode("utf-8")[:col].decode("utf-8", "replace"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self.offset(node.lineno, node.col_offset),
                self.offset(node.end_lineno, node.end_col_offset))

    def segment(self, node: ast.AST) -> str:
        a, b = self.span(node)
        return self.source[a:b]

    def code(self, node: ast.AST) -> str:
        """The node's source as an expression that stands anywhere: one spread over several lines (continued
        inside the brackets around it) is put in parentheses of its own."""
        text = self.segment(node)
        if "\n" not in text and "\r" not in text:
            return text
        if "#" not in text and not any(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node)):
            text = " ".join(text.split())   # (inside its brackets, the line breaks are only spaces)
        return f"({text})"

    def replace(self, edits: Sequence[tuple[int, int, str]]) -> str:
        """The cell body with each (start, end, text) edit applied; the rest byte for byte."""
        out = self.source
        for a, b, text in sorted(edits, reverse=True):
            out = out[:a] + text + out[b:]
        return out

    def replace_statement(self, node: ast.stmt, new_lines: Sequence[str]) -> str | None:
        """Replace a whole statement by one or more lines at the statement's indentation."""
        if len(new_lines) == 1:
            a, b = self.span(node)
            return self.replace([(a, b, new_lines[0])])
        if not self.owns_lines(node):
            return None
        indent = _indent(self.lines[node.lineno - 1])
        a, b = self.span(node)
        return self.replace([(a, b, (self.newline + indent).join(new_lines))])

    def owns_lines(self, node: ast.stmt) -> bool:
        """The statement starts its first line and nothing but a comment follows it."""
        first = self.lines[node.lineno - 1]
        last = self.lines[node.end_lineno - 1]
        head = first.encode("utf-8")[: node.col_offset].decode("utf-8", "replace")
        tail = last.encode("utf-8")[node.end_col_offset:].decode("utf-8", "replace").strip()
        return head.strip() == "" and (tail == "" or tail.startswith("#"))

    def fresh_name(self, base: str) -> str:
        taken = set(re.findall(r"[A-Za-z_]\w*", self.source)) | set(self.namespace or ())
        name, n = base, 0
        while name in taken:
            n += 1
            name = f"{base}{n}"
        return name

    # ---- measured figures

    def measured(self, stmt: Statement, figure: str) -> int | None:
        stat = self.stats.get(stmt.lineno)
        if stat is None:
            return None
        if figure == "growth":
            return max(stat.peak_bytes, stat.net_bytes)
        if figure == "kept":
            return max(stat.temporaries_bytes, stat.peak_bytes)
        return stat.temporaries_bytes

    def bytes_for(self, stmt: Statement, predicted: int, figure: str, shared: bool) -> int:
        """Measured when the line was measured (capped at the prediction when several causes
        share the line, so one cause does not claim another's bytes), else predicted."""
        m = self.measured(stmt, figure)
        if m is None:
            return predicted
        if shared and predicted > 0:
            return min(m, predicted)
        if figure != "growth" and predicted > 0 and m > predicted * 1.05 + MIN_ARRAY_BYTES:
            return predicted   # the rest is not what this finding's message explains
        return m

    # ---- aliasing and writes

    def writes(self, name: str, *, skip: ast.stmt | None, calls: bool, within: ast.AST | None = None,
               after: bool = False) -> bool:
        """Whether the cell (outside ``skip``) may write into ``name``'s memory or let it escape; with
        ``after``, only code that runs after ``skip`` (all of a loop around it).

        Writes: ``name[...] = ``, ``name += ``, ``out=name``, a mutating method or NumPy
        function, a new alias (``y = name.T``, ``d = [name]``), returning it, or passing it
        to code that might keep or change it (any call but NumPy's and a few pure builtins;
        with ``calls``, any call at all).
        """
        return self.first_write(name, skip=skip, calls=calls, within=within, after=after) is not None

    def write_words(self, names: Sequence[str], *, skip: ast.stmt | None, calls: bool, within=None,
                    after: bool = False) -> str | None:
        """How the first of ``names`` the cell may write into, or let escape, does so (``"`data` is handed
        to `median_func(...)` on line 85, code that may keep or change it"``); None when none is."""
        for name in names:
            site = self.first_write(name, skip=skip, calls=calls,
                                    within=within(name) if callable(within) else within, after=after)
            if site is None:
                continue
            if site is True:
                return f"the cell could not be read to see what writes into `{name}`"
            if (isinstance(site, ast.Call) and isinstance(site.func, ast.Attribute) and site.func.attr in _MUTATORS
                    and _root_name(site.func.value) == name):
                return f"{_code(self.segment(site))} changes `{name}` in place on line {site.lineno}"
            if isinstance(site, ast.Call):
                return (f"`{name}` is handed to {_code(self.segment(site))} on line {site.lineno}, code that may"
                        " keep or change it")
            if isinstance(site, (ast.Return, ast.Yield, ast.YieldFrom)):
                return f"`{name}` is returned on line {site.lineno}, so code after it may write into it"
            if isinstance(site, (ast.Assign, ast.AnnAssign)) and site.value is not None and _aliases(site.value, name):
                return f"line {site.lineno} binds another name to `{name}`'s memory"
            return f"`{name}` is written on line {site.lineno}"
        return None

    def _copied_into_array(self, node: ast.AST) -> bool:
        """``data_complete[indexer] = data``: a store into a NumPy array's elements copies the values in, so the
        array stored keeps no second name (a list's or dict's item would)."""
        import numpy

        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)
                and isinstance(node.targets[0].value, ast.Name)):
            return False
        root = node.targets[0].value.id
        bound = _last_binding(self, node, root)
        made = _value(bound) if bound is not None else None
        if made is None:
            return isinstance((self.namespace or {}).get(root), numpy.ndarray)
        return (isinstance(made, ast.Call) and isinstance(made.func, ast.Attribute) and self.np is not None
                and _root_name(made.func) == self.np and made.func.attr in _CREATORS | {"full", "zeros", "empty"})

    def first_write(self, name: str, *, skip: ast.stmt | None, calls: bool, within: ast.AST | None = None,
                    after: bool = False, seen: frozenset = frozenset()) -> ast.AST | bool | None:
        """The statement or call through which the cell may write into ``name``'s memory (see ``writes``),
        True when the cell could not be read, None when there is none."""
        if self.tree is None:
            return True
        skipped = set(map(id, ast.walk(skip))) if skip is not None else set()
        scope = within if within is not None else self.tree
        around = [n.lineno for n in ast.walk(self.tree) if isinstance(n, (ast.For, ast.While)) and _inside(n, skip)] \
            if skip is not None else []
        looped = bool(around)
        defs = [d for d in ast.walk(scope) if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                                              ast.ClassDef))] if after and looped else []
        for node in sorted(ast.walk(scope), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))):
            if id(node) in skipped:
                continue
            if after and skip is not None and not looped and getattr(node, "lineno", skip.end_lineno + 1) <= skip.end_lineno:
                continue   # it ran before the line: what it wrote, the line then read or copied
            if (after and looped and getattr(node, "lineno", min(around)) < min(around)
                    and not any(_inside(d, node) for d in defs)):
                continue   # before the outermost loop around the line (not in a function it may call): never after it
            if skip is not None and not looped and hasattr(node, "lineno") and _exclusive(self, node, skip):
                continue   # in the other arm of an ``if`` around the line: a run that took the line never runs it
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    for sub in ast.walk(t):
                        if (isinstance(sub, (ast.Subscript, ast.Attribute))
                                and _root_name(sub) == name):
                            return node
                    if isinstance(node, ast.AugAssign) and _root_name(t) == name:
                        return node
                if node.value is not None and _aliases(node.value, name) and not self._copied_into_array(node):
                    return node
            elif isinstance(node, ast.Call):
                if any(kw.arg == "out" and any(_root_name(s) == name for s in ast.walk(kw.value))
                       for kw in node.keywords):
                    return node
                f = node.func
                if isinstance(f, ast.Attribute) and f.attr in _MUTATORS and _root_name(f.value) == name:
                    return node
                passed = [a.value if isinstance(a, ast.Starred) else a
                          for a in list(node.args) + [k.value for k in node.keywords]]
                if any(_aliases(arg, name) for arg in passed) and (calls or not self._pure(f, seen)):
                    return node
            elif isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)):
                if node.value is not None and _aliases(node.value, name):
                    return node
        return None

    def _pure(self, func: ast.expr, seen: frozenset = frozenset()) -> bool:
        """A call that neither keeps nor changes the arrays it is given: a pure builtin, NumPy's own (not
        one that writes), an ``np.vectorize`` function, or a function of the cell that neither writes into,
        keeps nor returns any of its parameters (``pulse(x, ...)`` computing from ``x``)."""
        import numpy

        if isinstance(func, ast.Name):
            obj = (self.namespace or {}).get(func.id)
            if isinstance(obj, numpy.vectorize) or func.id in _PURE_BUILTINS and not any(
                    isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == func.id
                    or isinstance(n, ast.Name) and n.id == func.id and isinstance(n.ctx, ast.Store)
                    for n in ast.walk(self.tree or ast.Module(body=[], type_ignores=[]))):
                return True   # (not the cell's own ``min``)
            short = getattr(obj, "__name__", None)
            if (callable(obj) and (getattr(obj, "__module__", None) or "").split(".")[0] == "numpy"
                    and short not in _NP_MUTATORS and short not in _VIEW_FUNCS and func.id not in _VIEW_FUNCS):
                return True   # ``repeat(x, k)`` imported from NumPy: it reads ``x`` into a new array
            return self._pure_function(func.id, seen)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            return func.value.id == self.np and func.attr not in _NP_MUTATORS
        return False

    def _pure_function(self, name: str, seen: frozenset) -> bool:
        """Every function the cell binds to ``name`` (``def`` statements, and ``np.vectorize`` of them) leaves
        its arguments as they are and keeps none of them."""
        if self.tree is None or name in seen or len(seen) > 3:
            return False
        defs = [n for n in ast.walk(self.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                and n.name == name]
        others = [n for n in ast.walk(self.tree) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                  and any(isinstance(t, ast.Name) and t.id == name
                          for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))]
        lambdas = [n.value for n in others if isinstance(n, ast.Assign) and isinstance(n.value, ast.Lambda)]
        vectorized = all(isinstance(n, ast.Assign) and (isinstance(n.value, ast.Lambda) or isinstance(n.value, ast.Call)
                         and isinstance(n.value.func, ast.Attribute) and n.value.func.attr == "vectorize"
                         and _root_name(n.value.func) == self.np) for n in others)
        if not (defs or lambdas) or not vectorized:
            return False
        for lam in lambdas:   # ``repeat3 = lambda x, k: resize(repeat(x, k, axis=1), [n, n, k])``
            args = lam.args
            if args.vararg is not None or args.kwarg is not None:
                return False
            params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
            if any(_aliases(lam.body, p) or self.first_write(p, skip=None, calls=False, within=lam.body,
                                                             seen=seen | {name}) is not None for p in params):
                return False   # it returns a view of what it is given, or writes into it
        for func in defs:
            args = func.args
            if args.vararg is not None or args.kwarg is not None or func.decorator_list:
                return False
            params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
            if any(self.first_write(p, skip=None, calls=False, within=func, seen=seen | {name}) is not None
                   for p in params):
                return False
        return True

    def shares_memory(self, name: str) -> bool | None:
        """Whether another name in the namespace may share ``name``'s memory (None: unknown)."""
        if self.namespace is None or name not in self.namespace:
            return None
        arr = self.namespace[name]
        if getattr(arr, "base", None) is not None:
            return True  # x is itself a view: writing into it writes into its base
        try:
            import numpy  # read-only bounds check; nothing is computed
        except ImportError:  # pragma: no cover - npguard needs NumPy
            return None
        if not isinstance(arr, numpy.ndarray):
            return None
        for other, value in self.namespace.items():
            # IPython's output cache (_, __, _N) holds what was displayed; it is not user code.
            if other == name or other.startswith("_") or not isinstance(value, numpy.ndarray):
                continue
            if numpy.may_share_memory(arr, value):
                return True
        return False


def _attribute_used_otherwise(ctx: _Context, text: str, skip: ast.stmt) -> bool:
    """Whether the cell writes into the object's array ``text`` (``self.dataarray``) or hands it to code that may:
    a store through a subscript of it, an augmented update, a method that changes it, ``out=`` it, or an argument
    to anything but NumPy."""
    def it(e: ast.AST | None) -> bool:
        return e is not None and isinstance(e, ast.expr) and _norm(ctx.segment(e)) == _norm(text)
    # (``self`` is the class's own instance: another class of the cell has its own ``self.dataarray``)
    scope = (_enclosing(ctx, skip, (ast.ClassDef,)) if text.startswith("self.") else None) or ctx.tree
    for n in ast.walk(scope) if scope is not None else ():
        if n is skip:
            continue
        if isinstance(n, (ast.Assign, ast.AugAssign)) and any(
                isinstance(t, ast.Subscript) and it(t.value) or isinstance(n, ast.AugAssign) and it(t)
                for t in (n.targets if isinstance(n, ast.Assign) else [n.target])):
            return True
        if isinstance(n, ast.Call):
            if isinstance(n.func, ast.Attribute) and it(n.func.value) and n.func.attr in facts.MUTATING_METHODS:
                return True
            if any(it(k.value) for k in n.keywords if k.arg == "out"):
                return True
            if _root_name(n.func) != ctx.np and any(it(a) for a in n.args):
                return True
    return False


def _dict_lookup(ctx: _Context, node: ast.stmt, value: ast.expr | None) -> bool:
    """``mstd_cache_dict[h]`` where the name holds a dict: the session's, or a parameter every call of the cell's
    function gives the session's dict. The lookup is the stored object itself."""
    if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name)):
        return False
    name = value.value.id
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is None:
        return type((ctx.namespace or {}).get(name)) is dict
    return (name in _parameters(func) and _last_binding(ctx, node, name) is None and _passed_all(
        ctx, func, name, lambda e: isinstance(e, ast.Name) and _enclosing(ctx, e, (ast.FunctionDef,)) is None
        and type((ctx.namespace or {}).get(e.id)) is dict))


def _aliases(value: ast.expr, name: str) -> bool:
    """Whether ``value`` may evaluate to a view of (or the same object as) ``name``."""
    node = value
    if isinstance(node, ast.Name):
        return node.id == name
    if isinstance(node, ast.Subscript):   # ``x[:10]`` views ``x``; ``x.shape[0]`` is a number
        return _aliases(node.value, name) and not _is_fancy(node.slice)
    if isinstance(node, ast.Attribute):
        return node.attr in _VIEW_METHODS and _aliases(node.value, name)
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in _VIEW_METHODS:
            # (``np.reshape(sig[:n], shape)``: the function form, whose first argument is viewed)
            return _aliases(f.value, name) or (f.attr in _VIEW_FUNCS and bool(node.args)
                                               and _aliases(node.args[0], name))
        if isinstance(f, ast.Attribute) and (f.attr in _VIEW_FUNCS or f.attr in facts.SPLIT_FUNCTIONS) and node.args:
            return _aliases(node.args[0], name)
        if isinstance(f, ast.Name) and f.id in ("list", "tuple", "map", "zip", "iter", "reversed", "enumerate"):
            # ``list(map(lambda x: np.split(x, n), np.split(qkv, 3)))``: a list of views of ``qkv``
            return any(_aliases(a, name) for a in node.args)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        # ``[x[:2] for x in np.split(qkv, 3)]`` holds views of ``qkv``; ``[nw + dnw for nw, dnw in zip(a, b)]``
        # holds new arrays only
        bound = {n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        return any(_aliases(node.elt, b) for b in bound) and any(_aliases(g.iter, name) for g in node.generators)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_aliases(e, name) for e in node.elts)
    if isinstance(node, ast.Dict):
        return any(_aliases(v, name) for v in node.values)
    if isinstance(node, ast.Starred):
        return _aliases(node.value, name)
    if isinstance(node, ast.IfExp):
        return _aliases(node.body, name) or _aliases(node.orelse, name)
    return False


def _is_fancy(index: ast.expr, namespace: Mapping[str, Any] | None = None, counters: frozenset = frozenset()) -> bool:
    """Whether the index may be an array (a copy); a name holding an integer, or counting a
    ``for`` loop over a range (``counters``), is not."""
    import numbers

    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    return any(isinstance(p, (ast.List, ast.Name, ast.Call, ast.Compare, ast.BinOp))
               and not (isinstance(p, ast.Name) and (p.id in counters or (
                   isinstance((namespace or {}).get(p.id), numbers.Integral)
                   and not isinstance((namespace or {}).get(p.id), bool))))
               for p in parts)


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _receiver_root(node: ast.AST | None) -> str | None:
    """The name a chain of methods, attributes and subscripts starts from: ``col`` in
    ``col.transpose(0, 2, 1).reshape(n, -1)``."""
    while isinstance(node, (ast.Call, ast.Subscript, ast.Attribute, ast.Starred)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _norm(expr: str) -> str | None:
    """Source text in one canonical spelling, so predicted and parsed expressions compare."""
    for text, mode in ((expr.strip(), "eval"), (f"({expr.strip()})", "eval"), (expr.strip(), "exec")):
        try:   # in parentheses, a part of a statement written over several lines parses too
            return ast.unparse(ast.parse(text, mode=mode))
        except SyntaxError:
            continue
    return None


def _is_matmul(expr: str) -> bool:
    """``a @ b``, ``a.dot(b)``, ``np.matmul(a, b)``: their result is needed, not a temporary."""
    try:
        node = ast.parse(expr.strip(), mode="eval").body
    except SyntaxError:
        return False
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return True
    if isinstance(node, ast.Call):
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
        return name in {"dot", "matmul", "tensordot", "inner", "vdot"}
    return False


def _value(node: ast.stmt | None) -> ast.expr | None:
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.Expr)):
        return node.value
    return None


def _single_target(node: ast.stmt | None) -> str | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return node.target.id
    return None


def _find(value: ast.AST | None, expr: str) -> ast.expr | None:
    """The sub-expression of ``value`` whose canonical text is ``expr``."""
    want = _norm(expr)
    if value is None or want is None:
        return None
    for node in ast.walk(value):
        if isinstance(node, ast.expr) and ast.unparse(node) == want:
            return node
    return None


def _thrown_away(tree: ast.Module | None, node: ast.AST | None) -> bool:
    """A bare expression whose value nothing keeps: only a cell's last one is displayed (and kept)."""
    return isinstance(node, ast.Expr) and tree is not None and bool(tree.body) and node is not tree.body[-1]


def _kept(ctx: _Context, stmt: Statement, temp: Temporary) -> bool:
    """Whether the temporary is the value the statement binds (so it shows as growth, not
    as a transient)."""
    node = ctx.node_of(stmt)
    if _thrown_away(ctx.tree, node) or isinstance(node, ast.AugAssign):
        return False   # ``distances -= XX @ Y.T``: the value is applied to the target, then freed
    if isinstance(node, ast.Assign) and any(_written_into(t) for t in node.targets):
        return False   # ``x[m] = y[m]``: the value is copied into ``x`` and freed
    kept = stmt.result_index
    if (kept is not None and 0 <= kept < len(stmt.temporaries) and stmt.temporaries[kept] == temp
            and (_single_target(node) is not None or isinstance(node, ast.Return))):
        return True   # ``N * tau * np.sort(x)``: the steps after the copy reused it in place
    value = node.value if isinstance(node, ast.Return) else _value(node)   # a returned value lives on
    while (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
           and value.func.attr in ("reshape", "view", "transpose", "squeeze")
           and ast.unparse(value) != _norm(temp.expr)):
        # ``sig[~sig_nans].reshape(rows, cols)``: a view of the new array, which keeps it
        value = value.func.value
    if isinstance(value, (ast.Tuple, ast.List)) and not isinstance(node, ast.Expr):
        # ``return unit[valid], valid``: each item is kept
        return any(ast.unparse(e) == _norm(temp.expr) for e in value.elts)
    if value is not None:
        return ast.unparse(value) == _norm(temp.expr)
    rhs = stmt.text.split("=", 1)[-1]
    return _norm(rhs) == _norm(temp.expr)


def _big(temps: Sequence[Temporary]) -> list[Temporary]:
    return [t for t in temps if t.nbytes >= MIN_ARRAY_BYTES]


def _largest(temps: Sequence[Temporary]) -> Temporary | None:
    """The largest temporary worth a user's attention, if any."""
    return max(_big(temps), key=lambda x: x.nbytes, default=None)


def _sized(temps: Sequence[Temporary], most: int = 3, bounded: bool = False) -> str:
    """``a * 2``, 76.3 MiB; ... each temporary with its own size ("each" when all are alike); with ``bounded``,
    a boolean-mask selection is told "at most" its size (sized as if every element were selected)."""
    sizes = {t.nbytes for t in temps}

    def bound(t: Temporary) -> str:
        return "at most " if bounded and t.detail.startswith("boolean mask") else ""

    if len(sizes) == 1 and len(temps) > 1 and not any(bound(t) for t in temps):
        names = ", ".join(_code(t.expr) for t in temps[:most]) + (", ..." if len(temps) > most else "")
        return f"{names}, {format_bytes(temps[0].nbytes)} each"
    # the largest ones named (in the line's order), the rest counted: ``x ** 2`` and ``2 * np.pi * x`` before the
    # small reductions beside them
    named = sorted(sorted(temps, key=lambda t: -t.nbytes)[:most], key=temps.index) if len(temps) > most else temps
    shown = "; ".join(f"{_code(t.expr)}, {bound(t)}{format_bytes(t.nbytes)}" for t in named)
    more = [t for t in temps if t not in named]
    if more:
        shown += (f"; {len(more)} more, {format_bytes(sum(t.nbytes for t in more))} together"
                  f" ({format_bytes(sum(t.nbytes for t in temps))} in all)")
    return shown


def _scalar_left_words(ctx: _Context, big: Sequence[Temporary]) -> str:
    """Why ``inter + slope * xs`` is a new array where ``slope * xs + inter`` would not be: ``inter`` is a
    NumPy scalar, whose own operator (NumPy 2) never reuses the temporary on its right."""
    t = next((t for t in big if t.scalar_left), None)
    node = ctx.node_at(t.span) if t is not None else None
    if not isinstance(node, ast.BinOp) or type(node.op) not in _OPS:
        return ""
    op, right = _OPS[type(node.op)], ctx.segment(node.right)
    def binding(o: ast.AST) -> int:   # how tightly an operand binds: 9 for a name, a call, a subscript
        if isinstance(o, ast.BinOp):
            return {ast.Add: 1, ast.Sub: 1, ast.Pow: 4}.get(type(o.op), 2)
        return 3 if isinstance(o, ast.UnaryOp) else 0 if isinstance(o, (ast.BoolOp, ast.Compare, ast.IfExp,
                                                                         ast.Lambda, ast.NamedExpr)) else 9
    # the operands swapped keep their own values: ``r * (hi - lo)``, not ``r * hi - lo``
    mine = binding(node)
    first = ctx.segment(node.right) if binding(node.right) >= mine else f"({ctx.segment(node.right)})"
    second = ctx.segment(node.left) if binding(node.left) > mine else f"({ctx.segment(node.left)})"
    swapped = f"{first} {op} {second}"
    return (f" {_code(t.expr)} is not computed in the array of {_code(right)}: `{t.scalar_left}` is a NumPy"
            f" scalar, and on the left of `{op}` it runs its own operator, which never reuses a temporary"
            f" ({_code(swapped)} would).")


def _code(expr: str) -> str:
    expr = " ".join(expr.split())
    return f"`{expr if len(expr) <= 70 else expr[:67] + '...'}`"


def _dtype_name(ctx: _Context, dtype: str) -> str:
    simple = {"float16", "float32", "float64", "complex64", "complex128", "int8", "int16",
              "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool"}
    if dtype in simple:
        return f"{ctx.np}.{dtype}"
    return f"{ctx.np}.dtype({dtype!r})"


def _shape_dtype(ctx: _Context, name: str) -> tuple[tuple[int, ...], str] | None:
    if ctx.namespace is None or name not in ctx.namespace:
        return None
    v = ctx.namespace[name]
    shape, dtype = getattr(v, "shape", None), getattr(v, "dtype", None)
    if not isinstance(shape, tuple) or dtype is None or isinstance(v, type) or callable(shape):
        return None   # not an array: NumPy itself has ``shape`` and ``dtype`` attributes too
    return shape, str(getattr(dtype, "name", dtype))


# --------------------------------------------------------------------------- chained-ops


def _chained(ctx: _Context, stmt: Statement, temps: list[Temporary], shared: bool,
             store: bool = True) -> Finding | None:
    # a product that is the line's own value is its result, not a temporary; ``(y / 2).dtype`` computes an
    # array only to read what it is, which a note tells
    temps = [t for t in temps if not (_is_matmul(t.expr) and t.cast_from is None and _kept(ctx, stmt, t))
             and not _read_for_metadata(ctx, t)]
    live = [t for t in temps if not t.elided and not t.reusable]
    big = _big(live)
    if not big:
        return None
    stored = _stored_value(ctx, stmt, live) if store else None
    if stored is not None:   # ``alpha[..., i][imask] = (c - d[imask]) / c``: the value dies once copied in
        live, big = live + [stored], big + [stored]
    reused = _reused_unpredicted(ctx, stmt, big) if stored is None else None
    if reused is not None:
        # ``1 + self._get_weights(n) * np.sqrt(np.maximum(0, x))``: the line measured one array less than predicted,
        # which NumPy's reuse of the ufunc's result for ``*`` (an operand of unknown shape) accounts for
        big = [t for t in big if t is not reused]
        live = [t for t in live if t is not reused]
        temps = [t if t is not reused else replace(t, elided=True) for t in temps]
    predicted = sum(t.nbytes for t in live)
    got = ctx.bytes_for(stmt, predicted, "temporaries", shared)
    count = "1 full-size temporary" if len(big) == 1 else f"{len(big)} full-size temporaries"
    message = f"{_code(stmt.text)} built {count} ({_sized(big, bounded=True)}) that died when the line ended"
    message += (f" ({_code(stored.expr)} is the value copied into"
                f" {_code(ctx.segment(ctx.node_of(stmt).targets[0]))}, freed once it is copied)." if stored is not None
                else ".")
    selected = _selected_from(ctx, big[0]) if len(big) == 1 and stored is None else None
    positions = _positions_of(ctx, selected) if selected is not None else None
    if positions is not None:
        # ``(np.arange(len(mask)) + 1)[mask]``: every position, built to keep the ones the mask selects
        return Finding("chained-ops", stmt.lineno, got,
                       message[:-1] + f", built whole only to keep the positions {_code(ctx.segment(selected.slice))}"
                       " selects.",
                       f"`{positions}` gives the same values for a 1-D mask, making only the selected positions."
                       " No rewrite: the mask's shape is not known here.", None)
    measured = ctx.measured(stmt, "temporaries")
    swapped = _swapped_bytes(ctx, stmt)
    if measured is not None and swapped:
        # ``temp = <new value>`` over an old one: the new array took the old one's place, so the line's
        # measured temporaries include it; what the chain built beyond it is the rest
        measured = max(0, measured - swapped)
        got = min(got, measured)
    elided = [t for t in temps if t.elided]
    # what the line holds at once beyond what it keeps, as predicted (the temporaries are not all alive
    # together: each step's input is freed once the next is made), to set beside the measured figure
    kept = stmt.temporaries[stmt.result_index] if stmt.result_index is not None else None
    at_once = (stmt.peak - (kept.nbytes if kept is not None and not kept.elided else 0)
               if stmt.peak is not None else None)
    if at_once is not None and MIN_ARRAY_BYTES <= at_once < got and stmt.in_place:
        # ``u[1:-1, 1:-1] = D1*a - D2*b + Cx2*c``: one operand's array at a time beside the new value, which the
        # line's out-of-place-update names; the chain's own figure is what it holds at once besides that
        got = max(at_once, max(t.nbytes for t in big))
    node = ctx.node_of(stmt)
    if kept is None and isinstance(getattr(node, "value", None), (ast.Tuple, ast.List)):
        at_once = None   # ``return c[rint] - ..., factors``: what the tuple keeps is not one result to set aside
    if measured is not None and at_once is not None and measured < 0.9 * at_once:
        message += (f" Predicted {format_bytes(at_once)} at the line's peak, measured {format_bytes(measured)}"
                    + (f" (NumPy also reused {len(elided)} temporar{'y' if len(elided) == 1 else 'ies'} in place)."
                       if elided else "."))
    elif elided:
        more = "one more temporary" if len(elided) == 1 else f"{len(elided)} more temporaries"
        message += f" NumPy reuses {more} in place (temporary elision), at no cost."
    # (the kept result too: ``w = np.sqrt(v) * (a + 1j * b)`` is a new array beside the sum it leaves to die)
    message += _scalar_left_words(ctx, big + ([kept] if kept is not None and not kept.elided else []))
    larger = _larger_on_a_later_pass(ctx, stmt, node, predicted, measured)
    called = _larger_on_a_later_call(ctx, stmt, node, predicted, measured) if larger is None else None
    if larger is not None:
        got = larger
        message += (f" {'That size is' if len(big) == 1 else 'Those sizes are'} the first pass's: the loop hands"
                    f" this line arrays of other sizes, and on its"
                    f" largest pass it measured {format_bytes(larger)}.")
    elif called is not None:
        got, func = called
        message += (f" {'That is' if len(big) == 1 else 'Those are'} what the first call of `{func}` made: later"
                    " calls hand it other values (an array where the first gave a number, or larger arrays), and"
                    f" on its largest run the line measured {format_bytes(got)}.")

    big = [t for t in big if not (_ranges_index(ctx, ctx.node_at(t.span)) and _is_index(ctx, t))]
    if not big:
        return None   # the np.r_ index of a selection: that finding names it
    ranges = [t for t in big if _is_index(ctx, t) and _range_call(ctx, ctx.node_at(t.span)) is not None
              and _sole_array_index(ctx, ctx.node_at(t.span))]
    if ranges and len(ranges) == len(big):
        return _range_index(ctx, stmt, ranges[0], got)
    if all(_the_index(ctx, t) for t in big):
        if all(_selects_kept(ctx, stmt, t) for t in big):
            return None   # the mask of a selection the line keeps: that finding names it
        paired = next((t for t in big if _range_call(ctx, ctx.node_at(t.span)) is not None), None)
        if paired is not None:   # ``probs[range(n), y]``: one element per row
            sub = ctx.parents.get(id(ctx.parents.get(id(ctx.node_at(paired.span)))))
            message = (f"{_code(paired.expr)} is a range used as an index: NumPy first turns it into an integer"
                       f" index array of {format_bytes(paired.nbytes)}, freed when the line ends.")
            return Finding("fancy-index-copy", stmt.lineno, got, message,
                           f"Pairing each row with a column by position needs the row numbers as an array,"
                           f" whichever way it is written (`np.arange(n)`, `{ctx.np or 'np'}.take_along_axis`"
                           f" builds one too)." + _pairing_mask(ctx, sub), None)
        return Finding("chained-ops", stmt.lineno, got, message, _index_in_place(ctx, big) or _INDEX_WORDS, None)
    hypot = _hypot(ctx, stmt)
    if hypot is not None:
        return Finding("chained-ops", stmt.lineno, got, message, *hypot)
    cast = _cast_of_arithmetic(ctx, big)
    if cast is not None:
        return Finding("chained-ops", stmt.lineno, got, message, cast, None)
    made = _made_in_another_dtype(ctx, stmt, big)
    if made is not None:
        return Finding("chained-ops", stmt.lineno, got, message, *made)
    sort = _sorted_copy_of(ctx, stmt, big)
    if sort is not None:
        return Finding("chained-ops", stmt.lineno, got, message,
                       f"{_code(ctx.segment(sort.args[0]))} is built only to be sorted, and `{ctx.np}.sort`"
                       " returns a sorted copy, so both exist at once: bind it and sort it in place (`.sort()`),"
                       " and only one array of its size exists.", _sort_in_place(ctx, stmt, sort))
    node = ctx.node_of(stmt)
    value = _value(node)
    if (len(big) == 1 and stmt.result is not None and isinstance(value, ast.Call) and value.args
            and value.args[0] is ctx.node_at(big[0].span) and isinstance(value.func, ast.Attribute)
            and value.func.attr in _UNARY_UFUNCS and _root_name(value.func) == ctx.np
            and (tuple(stmt.result.shape), stmt.result.dtype) == (tuple(big[0].shape), big[0].dtype)):
        # ``M = np.exp(1j * PI2 * args)``: the argument is the result's size and dtype already
        words, rewrite = _finish_in_place(ctx, stmt, big[0])
        # (not the old value a rebinding holds: ``b = np.ceil(np.max(b, axis=0))`` holds it either way)
        others = [o for o in _big(stmt.temporaries) if o is not big[0] and not o.elided
                  and o.kind not in ("result", "out-of-place-update")]
        if others:   # the argument's own steps hold another array at the same time
            steps = _stepwise_argument(ctx, stmt, others)
            if steps is not None:
                first, rewrite = steps
                return Finding("chained-ops", stmt.lineno, got, message,
                               f"{_code(first.expr)} already has the result's shape and dtype, and the step after"
                               " it cannot reuse it in place (its other operand broadcasts): make it the result,"
                               f" apply that step with an augmented operator and `{ctx.np}.{value.func.attr}`"
                               " with `out=`, so no second array of its size exists.", rewrite)
            rewrite = None
        return Finding("chained-ops", stmt.lineno, got, message,
                       f"{_code(big[0].expr)} has the result's shape and dtype: make it the result and apply"
                       f" `{ctx.np}.{value.func.attr}` in place (`out=`), so no second array of its size exists."
                       + ("" if not others else " (No rewrite: building it already holds a second array of"
                          " its size.)"), rewrite)
    ones = next((t for t in big if _times_ones(ctx, t)), None)
    made = ctx.node_at(ones.span) if ones is not None else None
    product = ctx.parents.get(id(made)) if made is not None else None
    if (isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult) and product is value
            and isinstance(made, ast.Call) and made.args and ctx.np is not None
            and _number_expr(ctx, product.left if product.right is made else product.right)):
        # ``labels = -1 * np.ones((height, width), dtype=np.int32)``: every element is one number
        number = ctx.segment(product.left if product.right is made else product.right)
        dtype = next((f", dtype={ctx.segment(k.value)}" for k in made.keywords if k.arg == "dtype"), "")
        full = f"{ctx.np}.full({ctx.segment(made.args[0])}, {number}{dtype})"
        target = _single_target(node)
        try:
            literal = ast.literal_eval(product.left if product.right is made else product.right)
        except ValueError:
            literal = None
        # (the product's dtype is the ones' own only for a written-out int, or a float times float ones)
        same = type(literal) is int or type(literal) is float and "float" in dtype
        return Finding("chained-ops", stmt.lineno, got, message,
                       f"Every element is `{number}`: `{full}` makes the array once, with that value, instead of"
                       " an array of ones and then their product (the same values and dtype when the number fits"
                       " it).",
                       ctx.replace_statement(node, [f"{target} = {full}"]) if target is not None and dtype and same
                       and len(made.args) == 1 and ctx.owns_lines(node) else None)
    if ones is not None:
        return Finding("chained-ops", stmt.lineno, got, message,
                       f"Multiplying by {_code(ones.expr)} only repeats the other operand across its shape."
                       " Broadcasting repeats it for free where it is used (`X - m` with `m = X.mean(0)`), and"
                       f" `{ctx.np or 'np'}.broadcast_to(m, shape)` gives a read-only view of the repeated values"
                       " with no memory.", None)
    banded = _abs_compared(ctx, big)
    if banded is not None:
        return Finding("chained-ops", stmt.lineno, got, message, banded, None)
    squared = _conjugate_product(ctx, node, big)
    if squared is not None:
        return Finding("chained-ops", stmt.lineno, got, message, *squared)
    rewrite, suggestion = _einsum_rewrite(ctx, stmt, temps)
    if rewrite is None and suggestion is None and isinstance(node, ast.AugAssign) and len(big) == 1 and type(
            node.op) in _OPS and _inside(node.value, ctx.node_at(big[0].span)):
        # ``p[:, 0] += np.cos(p[:, 2]) * d``: the value must exist whole before it is added
        value = ctx.segment(node.value)
        # a 2-D product has a 2-D left operand whose rows are its rows
        product = _product_operands(ctx, node.value) if _is_matmul(big[0].expr) and len(big[0].shape) == 2 else None
        if product is not None and isinstance(node.target, ast.Name) and isinstance(product[1], ast.Name):
            # ``distances -= np.dot(XX, missing_Y.T)``: a product cannot be accumulated into an existing array,
            # but each block of rows of it needs only those rows of its left operand
            t, left, op = node.target.id, product[1].id, _OPS[type(node.op)]
            rows = (f"{t}[i:j] {op}= {left}[i:j] @ {ctx.segment(product[2])}" if product[0] == "@" else
                    f"{t}[i:j] {op}= {left}[i:j].dot({ctx.segment(product[2])})" if product[0] == "dot" else
                    f"{t}[i:j] {op}= {ctx.np}.dot({left}[i:j], {ctx.segment(product[2])})")
            return Finding("chained-ops", stmt.lineno, got, message,
                           f"The product {_code(value)} is built whole before `{op}=` applies it to {_code(t)}:"
                           " NumPy has no form that accumulates a matrix product into an existing array, so as"
                           " written one array of its size is what this update costs. Updating in blocks of rows"
                           f" (`for i in range(0, len({t}), k): j = i + k; {rows}`) needs only a block of it at once.",
                           None)
        spent = _spent_in_update(ctx, node, big[0])
        if spent is not None:   # ``pmf *= 1 - ps`` where nothing reads ``ps`` afterwards
            name, step = spent
            op = _OPS[type(node.op)]
            return Finding("chained-ops", stmt.lineno, got, message,
                           f"{_code(value)} is built whole before `{op}=` applies it to"
                           f" {_code(ctx.segment(node.target))}, and nothing reads `{name}` after this line: `{step}`"
                           f" then `{ctx.segment(node.target)} {op}= {name}` gives the same values with no array of its"
                           f" size. It changes `{name}`, so do it only where `{name}` is not needed again.", None)
        split = _chain_steps(node.value) if isinstance(node.value, ast.BinOp) else None
        first = next((t for t in stmt.temporaries if split is not None and not t.elided and t is not big[0]
                      and t.span == _span_of(split[0]) and t.nbytes == big[0].nbytes), None)
        target_text = ctx.segment(node.target)
        if first is not None and split[1] and not any(
                _norm(target_text) in {_norm(ctx.segment(n)) for n in ast.walk(o) if isinstance(n, ast.expr)}
                for _, o in split[1]):
            # ``d_k /= eigvals[:, None]*sdf[None, :] + bband[:, None]``: NumPy does not add the broadcast column in
            # the product's array, so the value takes two arrays; built in one, then applied
            scratch = ctx.fresh_name("t")
            forms = [f"{scratch} = {ctx.segment(split[0])}"] + [f"{scratch} {_OPS[type(op)]}= {ctx.segment(o)}"
                                                                  for op, o in split[1]]
            forms.append(f"{target_text} {_OPS[type(node.op)]}= {scratch}")
            return Finding("chained-ops", stmt.lineno, got, message,
                           f"{_code(value)} is built in two arrays of its size ({_code(first.expr)}, then a new one"
                           " for the next step, which NumPy does not compute in the first) before"
                           f" `{_OPS[type(node.op)]}=` applies it: {', '.join(f'`{x}`' for x in forms)} holds one"
                           " (the same operations in the same order).", None)
        # the value is computed in the array's own buffer only where NumPy elides into it (not a reduction of it)
        reused = any(t.elided and t.span == _span_of(node.value) for t in stmt.temporaries)
        where = f" (in {_code(big[0].expr)}'s array, which NumPy reuses)" if reused else ""
        whole = _norm(value) == _norm(big[0].expr) or reused
        return Finding("chained-ops", stmt.lineno, got, message,
                       (f"{_code(value)} is built whole{where} before `{_OPS[type(node.op)]}=` applies it to"
                        if whole else f"{_code(big[0].expr)} is built whole so that {_code(value)} can be made from"
                        f" it before `{_OPS[type(node.op)]}=` applies that to")
                       + f" {_code(ctx.segment(node.target))}: as written, one array of its size is what this update"
                       " costs. Only a formula that needs no such array, or updating in chunks, would lower it.", None)
    if rewrite is None and suggestion is None:
        suggestion = _reduced_whole(ctx, big) or _gathered_from(ctx, big)
        # (not a call that ran and returned before the temporary was made: ``np.nanmean(d)`` beside
        # ``np.nanmean(d**2)``)
        inside = max((t for t in stmt.temporaries if t not in temps and t.detail.startswith("inside ")
                      and t.nbytes >= 0.9 * max(b.nbytes for b in big)
                      and not (t.span and big[0].span and t.span[2:] <= big[0].span[:2])
                      # (nor the call the array is handed to, ``np.nanmean(a * b)``: a form that never builds the
                      # product never hands it to nanmean either)
                      and not (t.span and big[0].span and t.span[:2] <= big[0].span[:2]
                               and big[0].span[2:] <= t.span[2:])
                      # (nor a call inside the first array's own expression, ``np.median(p, axis=0) - p``: it
                      # returned, and freed what it built, before that array was made)
                      and not (t.span and big[0].span and big[0].span[:2] <= t.span[:2]
                               and t.span[2:] <= big[0].span[2:])),
                     key=lambda t: t.nbytes, default=None)
        if suggestion is not None and inside is not None:
            # ``(np.mean(x * y) - ...) / np.std(x)``: std builds its deviations, as large, on the same line
            suggestion += (f" But {_code(inside.expr)} builds {format_bytes(inside.nbytes)} inside on this line too"
                           f" ({inside.detail.split(': ', 1)[-1]}), so the line's peak stays until that is avoided as"
                           " well.")
    if rewrite is None and suggestion is None:
        suggestion, rewrite = _horner(ctx, value, stmt) or _squared_twice(ctx, stmt, big) or (None, None)
    if rewrite is None and suggestion is None:
        rewrite, suggestion = _chain_rewrite(ctx, stmt, temps)
    diagonal = [t for t in big if _diagonal_matrix(ctx, t)]
    if rewrite is None and diagonal and all(_is_matmul(t.expr) or t in diagonal or _is_product_call(ctx, t)
                                            for t in big):
        d = ctx.node_at(diagonal[0].span)
        v = ctx.segment(d.args[0])
        suggestion = (f"{_code(ctx.segment(d))} is a square matrix that is zero off its diagonal, and a product"
                      f" with it only scales: `X @ {ctx.segment(d)}` is `X * {v}` (each column scaled) and"
                      f" `{ctx.segment(d)} @ Y` is `{v}[:, None] * Y` (each row; `np.dot` alike), the same values"
                      " for finite entries with no square matrix and one product fewer.")
    elif rewrite is None and (reordered := _reassociated(ctx, stmt, big)) is not None:
        suggestion, rewrite = reordered
    elif rewrite is None and all(_is_matmul(t.expr) for t in big) and any(len(t.shape) > 2 for t in big):
        # pyRiemann's ``logm(Cm12 @ X @ Cm12)`` over a stack of matrices: multi_dot takes 2-D arrays only
        suggestion = ("A matrix product is built whole before the next step uses it. These are stacks of matrices"
                      f" (3-D or more), which `{ctx.np or 'np'}.linalg.multi_dot` does not take, and with square"
                      " matrices every order of the chain makes an intermediate as large: where the peak matters,"
                      " run the chain over chunks of the stack (`X[i:j]`) into a preallocated result.")
    elif rewrite is None and all(_is_matmul(t.expr) for t in big):
        suggestion = ("A matrix product is built whole before the next step uses it. In a chain of products,"
                      f" `{ctx.np or 'np'}.linalg.multi_dot([...])` multiplies in the order with the smallest"
                      " intermediates; a product that is then added to can become the result and be added"
                      " to in place (`b = a @ a; b += v`).")
    elif rewrite is None and all(_reduced(ctx, t) for t in big):
        suggestion = (f"{_code(big[0].expr)} is a reduction the next step needs whole, so no in-place step of"
                      " this line lowers its temporaries as written; a formula that never builds it, working in"
                      " chunks of rows, or a narrower dtype for it would.")
        into = _result_into_local(ctx, stmt, big[0])
        if into is not None:   # ``return e / np.sum(e, axis=1, keepdims=True)``
            suggestion += into
    elif rewrite is None and all(_mask_operand(ctx, t) for t in big):
        suggestion = ("These are masks combined into one (`&`, `|`), each needed whole while they are combined."
                      " A formula that builds fewer of them, working in chunks, or counting per group in one pass"
                      " where that is the goal (`np.bincount`), would lower the peak.")
    elif (rewrite is None and elided and len(big) == 1 and measured is not None
            and measured <= big[0].nbytes * 1.05 and _mask_operand(ctx, big[0])):
        suggestion = (f"NumPy already reuses the other temporaries in place; the one left, {_code(big[0].expr)},"
                      " is a mask combined with another and is needed whole while they are combined, so as written"
                      " in-place steps would not lower the peak; a formula that never builds it, or working in"
                      " chunks of rows, would.")
    dead = _dead_operand_step(ctx, stmt, big) if rewrite is None and suggestion is not None else None
    if dead is not None:   # ``c1 = 0.5 * (y1 + y2 - betaq * delta)`` with ``betaq`` read nowhere after
        suggestion += dead
    return Finding("chained-ops", stmt.lineno, got, message, suggestion, rewrite)


def _squared_twice(ctx: _Context, stmt: Statement, big: list[Temporary]) -> tuple[str, str | None] | None:
    """``((a - b) * (a - b)).sum()``: the same difference built twice to be multiplied; built once and squared in
    its own array (``t = a - b; np.multiply(t, t, out=t)``) it gives the same values with one array."""
    node = ctx.node_of(stmt)
    for t in big:
        inner = ctx.node_at(t.span)
        product = ctx.parents.get(id(inner)) if inner is not None else None
        if not (isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult)
                and isinstance(product.left, (ast.BinOp, ast.Call)) and ctx.np is not None
                and ast.unparse(product.left) == ast.unparse(product.right)):
            continue
        once = ctx.segment(product.left)
        words = (f"{_code(once)} is built twice only to be multiplied by itself: built once and squared in its own"
                 f" array (`t = {once}`, then `{ctx.np}.multiply(t, t, out=t)`) it gives the same values with one"
                 " array instead of two.")
        target, value = _single_target(node), _value(node)
        reduced = (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and not value.args
                   and not value.keywords and value.func.value is product and value.func.attr in facts.REDUCTIONS)
        if target is None or not reduced or not ctx.owns_lines(node):
            return words, None
        square = ctx.fresh_name(f"{target}_sq")
        return words, ctx.replace_statement(node, [f"{square} = {once}", f"{ctx.np}.multiply({square}, {square},"
                                                   f" out={square})", f"{target} = {square}.{value.func.attr}()"])
    return None


def _held_at(ctx: _Context, stmt: Statement, name: str) -> tuple[tuple[int, ...], str] | None:
    """The shape and dtype of the array ``name`` held when ``stmt`` ran: as deep mode read it at the line, else
    (for a name of the cell) as the namespace holds it; None for a function's variable not read there."""
    for n, shape, dtype in stmt.seen:
        if n == name:
            return tuple(shape), dtype
    return _shape_dtype(ctx, name) if stmt.in_function is None else None


def _dead_operand_step(ctx: _Context, stmt: Statement, big: list[Temporary]) -> str | None:
    """A step of the chain whose operand is a function's own array that nothing reads after this line
    (``betaq * delta``): that step can be computed in the operand's own array, and the rest in place after it."""
    node = ctx.node_of(stmt)

    def later_keep(step: ast.AST, dtype: str) -> bool:
        # ``positives * 2 * np.pi`` with int ``positives``: a later step makes floats, which its array cannot hold
        return all(u.dtype == dtype for u in stmt.temporaries for n in [ctx.node_at(u.span)]
                   if n is not None and n is not step and _inside(n, step))
    for t in big:
        step = ctx.node_at(t.span)
        if step is not None and not later_keep(step, t.dtype):
            continue
        if (isinstance(step, ast.Call) and isinstance(step.func, ast.Attribute) and ctx.np is not None
                and _root_name(step.func) == ctx.np and step.func.attr in _BINARY_UFUNCS and len(step.args) == 2
                and not step.keywords and isinstance(step.args[0], ast.Name)
                and (_scalar_expr(ctx, step.args[1]) or _held_at(ctx, stmt, step.args[0].id) is not None
                     and tuple(_held_at(ctx, stmt, step.args[0].id)[0]) == tuple(t.shape))
                and _free_to_reuse(ctx, node, step.args[0].id)
                and sum(isinstance(n, ast.Name) and n.id == step.args[0].id for n in ast.walk(node)) == 1):
            # ``np.power(xy, (eta + 1.0))`` with ``xy`` read nowhere after: the ufunc writes into it
            mine = step.args[0].id
            return (f" Here `{mine}` is not read after this line: `{ctx.segment(step)[:-1].rstrip()}, out={mine})`"
                    f" computes it in `{mine}`'s own array (when it holds the step's shape and dtype), and the steps"
                    " after it can follow in place.")
        if not (isinstance(step, ast.BinOp) and type(step.op) in _OPS):
            continue
        pairs = [(step.left, step.right)]
        if isinstance(step.op, _COMMUTATIVE):
            pairs.append((step.right, step.left))
        for mine, other in pairs:
            known = _held_at(ctx, stmt, mine.id) if isinstance(mine, ast.Name) else None
            # the step's array is ``mine``'s own shape and dtype: as the namespace holds it, or a float times a
            # written-out int (an int or bool array stays integer) -- not ``a2 * (1 / ss2).T``, which broadcasts
            fits = (known is not None and (tuple(known[0]), known[1]) == (tuple(t.shape), t.dtype)) or (
                known is None and isinstance(other, ast.Constant) and type(other.value) is int
                and t.dtype.startswith(("float", "complex")))
            if (fits and isinstance(mine, ast.Name) and isinstance(other, (ast.Name, ast.Constant, ast.Attribute))
                    and not (isinstance(other, ast.Name) and other.id == mine.id)
                    and _free_to_reuse(ctx, node, mine.id)
                    and sum(isinstance(n, ast.Name) and n.id == mine.id for n in ast.walk(node)) == 1):
                return (f" Here `{mine.id}` is not read after this line: `{mine.id} {_OPS[type(step.op)]}="
                        f" {ctx.segment(other)}` computes {_code(ctx.segment(step))} in its own array, and the steps"
                        " after it can follow in place.")
    return None


def _range_bound(ctx: _Context, node: ast.stmt | None, sub: ast.Subscript) -> str | None:
    """``x[sma_xs]`` where the scope binds ``sma_xs = range(a, b)`` once (step 1): ``x[a:b]``; also
    ``piano_roll[:, bend_range]`` with ``bend_range = np.r_[a:b]`` (the one array index among slices)."""
    items = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
    names = [e for e in items if isinstance(e, ast.Name)]
    if len(names) != 1 or node is None or not all(e is names[0] or isinstance(e, ast.Slice) for e in items):
        return None
    index = names[0]
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    bound = [n for n in ast.walk(scope) if isinstance(n, ast.Assign) and _single_target(n) == index.id]
    if len(bound) != 1 or bound[0].lineno >= node.lineno:
        return None
    value = bound[0].value
    if (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Attribute) and value.value.attr == "r_"
            and _root_name(value.value) == ctx.np and ctx.np is not None and isinstance(value.slice, ast.Slice)
            and value.slice.step is None and value.slice.upper is not None):
        # ``np.r_[start:stop]``: the integers from start to stop, as ``range`` gives them
        lo = ctx.segment(value.slice.lower) if value.slice.lower is not None else "0"
        hi = ctx.segment(value.slice.upper)
    elif (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "range"
            and 1 <= len(value.args) <= 2 and not value.keywords):
        lo, hi = (["0"] if len(value.args) == 1 else [ctx.segment(value.args[0])]) + [ctx.segment(value.args[-1])]
    else:
        return None
    run = f"{'' if lo == '0' else lo}:{hi}"
    return f"{ctx.segment(sub.value)}[{', '.join(run if e is index else ctx.segment(e) for e in items)}]"


def _gathered_into_join(ctx: _Context, node: ast.stmt | None, sub: ast.Subscript, t: Temporary) -> str | None:
    """``tmin = np.concatenate((tlmin, T[ind_min], trmin))``: the gathered values are copied once more into the
    joined array, so they exist twice while the line runs; gathered straight into the allocated result's part
    (``np.take(..., out=...)``) they exist once."""
    pieces = ctx.parents.get(id(sub))
    join = ctx.parents.get(id(pieces)) if isinstance(pieces, (ast.List, ast.Tuple)) else None
    target = _single_target(node)
    if not (isinstance(join, ast.Call) and join.args[:1] == [pieces] and isinstance(join.func, ast.Attribute)
            and _root_name(join.func) == ctx.np and join.func.attr in ("concatenate", "hstack")
            and len(t.shape) == 1 and not isinstance(sub.slice, (ast.Tuple, ast.Slice)) and target is not None):
        return None
    arr, idx = ctx.segment(sub.value), ctx.segment(sub.slice)
    return (f"The gathered values are copied again into the joined `{target}`, so they exist twice while the line"
            f" runs. Allocating `{target}` first and gathering straight into its part (`{ctx.np}.take({arr}, {idx},"
            f" out={target}[i:j], mode='wrap')`, where `i:j` is that part's place) holds them once: `mode='wrap'`"
            f" looks values up as `{arr}[{idx}]` does for indices in range, while the default mode copies into a"
            " buffer first when given `out=`.")


def _scalar_expr(ctx: _Context, node: ast.AST) -> bool:
    """Numbers, names holding numbers, ``np.pi``, ``np.nan``, and arithmetic on them: no array anywhere."""
    if isinstance(node, ast.BinOp):
        return _scalar_expr(ctx, node.left) and _scalar_expr(ctx, node.right)
    if isinstance(node, ast.UnaryOp):
        return _scalar_expr(ctx, node.operand)
    if isinstance(node, ast.Attribute):
        import math

        return (_root_name(node) == ctx.np and ctx.np is not None and node.attr in ("pi", "e", "nan", "inf")
                or isinstance(node.value, ast.Name) and (ctx.namespace or {}).get(node.value.id) is math
                and node.attr in ("pi", "e", "tau", "inf", "nan"))
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("len", "int", "float")
            and node.func.id not in (ctx.namespace or {}) and not _def_lines(ctx, node.func.id)):
        return True   # ``2 * len(ra)``: Python's own functions of one value give a number
    return _is_scalar(ctx, node)


def _monomial(ctx: _Context, node: ast.AST) -> tuple[str | None, int, str | None] | None:
    """``3 * t ** 2`` as (``t``, 2, ``3``); a number as (None, 0, its source); None for anything else."""
    if _scalar_expr(ctx, node):
        return None, 0, ctx.segment(node)
    if isinstance(node, ast.Name):
        return node.id, 1, None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and isinstance(node.left, ast.Name) and (
            isinstance(node.right, ast.Constant) and type(node.right.value) is int and 2 <= node.right.value <= 8):
        return node.left.id, node.right.value, None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        left, right = _monomial(ctx, node.left), _monomial(ctx, node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div):
            if right[0] is not None or left[0] is None:
                return None
            return left[0], left[1], f"{left[2] or 1} / {_paren(right[2])}"
        if left[0] is not None and right[0] is not None:
            if left[0] != right[0] or left[2] or right[2]:
                return None
            return left[0], left[1] + right[1], None
        var, deg = (left if left[0] is not None else right)[:2]
        coeffs = [_paren(c[2]) for c in (left, right) if c[2] is not None]
        return var, deg, " * ".join(coeffs) or None
    return None


def _paren(src: str) -> str:
    """``src`` as an operand of ``*`` or ``/``: in parentheses unless it is one name or number."""
    bare = src[1:] if src.startswith("-") else src
    return src if bare.replace(".", "").replace("_", "").isalnum() else f"({src})"


def _polynomial(ctx: _Context, node: ast.AST, sign: int = 1) -> list[tuple[str | None, int, str | None, int]] | None:
    """The terms of a sum of monomials in one name, each with its sign."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        left = _polynomial(ctx, node.left, sign)
        right = _polynomial(ctx, node.right, -sign if isinstance(node.op, ast.Sub) else sign)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and not _scalar_expr(ctx, node):
        return _polynomial(ctx, node.operand, -sign)
    term = _monomial(ctx, node)
    return None if term is None else [(*term, sign)]


def _horner(ctx: _Context, value: ast.AST | None, stmt: Statement | None = None) -> tuple[str, str | None] | None:
    """``t**3 + t**2``, ``a*x**2 + b*x + c``: each power is built as an array of its own before they are
    summed. Horner's form, ``(t + 1) * t * t``, builds one array, which NumPy reuses in place at each
    step (temporary elision), for the same values up to rounding."""
    for node in ast.walk(value) if value is not None else ():
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub))):
            continue
        terms = _polynomial(ctx, node)
        names = {t[0] for t in terms or () if t[0] is not None}
        if not terms or len(names) != 1 or max(t[1] for t in terms) < 2:
            continue
        arrays = [t for t in terms if t[0] is not None and (t[1], t[2]) != (1, None)]
        if len(arrays) < 2:
            continue   # one new array: NumPy already adds the rest into it
        up = ctx.parents.get(id(node))
        while isinstance(up, (ast.BinOp, ast.UnaryOp)):
            up = ctx.parents.get(id(up))
        if not isinstance(up, (ast.Assign, ast.AnnAssign, ast.Expr, ast.Return)):
            continue   # a call's argument: the call makes its own array beside it, whichever form it has
        (var,) = names
        coeff: dict[int, list[str]] = {}
        for _, deg, c, sign in terms:
            text = c if c is not None else "1"
            coeff.setdefault(deg, []).append(text if sign > 0 else text[1:] if text.startswith("-") and _paren(
                text[1:]) == text[1:] else f"-{_paren(text)}")

        def joined(deg: int) -> str | None:
            parts = coeff.get(deg)
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else "(" + " + ".join(parts) + ")"

        n = max(coeff)
        top = joined(n)
        form = var if top == "1" else f"-{var}" if top == "-1" else f"{_paren(top)} * {var}"
        for deg in range(n - 1, -1, -1):
            c = joined(deg)
            if c is not None:
                form = f"({form} - {c[1:]})" if c.startswith("-") and _paren(c[1:]) == c[1:] else f"({form} + {c})"
            if deg:
                form = f"{form} * {var}"
        form = form[1:-1] if form.startswith("(") and form.endswith(")") and _balanced(form[1:-1]) else form
        parent = ctx.parents.get(id(node))
        a, b = ctx.span(node)
        wrapped = ctx.source[a - 1:a] == "(" and ctx.source[b:b + 1] == ")"
        text = f"({form})" if isinstance(parent, (ast.BinOp, ast.UnaryOp)) and not wrapped else form
        words = (f"{_code(ctx.segment(node))} is a polynomial in `{var}`: each power is built as an array of its own"
                 f" before they are summed. Horner's form `{form}` multiplies and adds in one array, which NumPy"
                 " reuses in place at each step, for the same values up to rounding.")
        # pvlib's ``d = -0.337*aod700**2 + 0.63*aod700 + 0.116 + dp*np.log(p/p0)``: the other terms' arrays
        # (``p/p0``, ``np.log(p/p0)``) are alive beside the running sum whichever form the polynomial has
        outside = [t for t in (stmt.temporaries if stmt is not None else ()) if not t.elided and t.kind != "result"
                   and t.nbytes >= MIN_ARRAY_BYTES and not _inside(node, ctx.node_at(t.span))]
        if outside:
            return words + (f" (No rewrite: the line's other terms build {_join_code([t.expr for t in outside[:3]])}"
                            " beside it, which hold its peak whichever form the polynomial has.)"), None
        return words, ctx.replace([(a, b, text)])
    return None


def _balanced(src: str) -> bool:
    """Every parenthesis in ``src`` closes inside it."""
    depth = 0
    for ch in src:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _selected_elsewhere(ctx: _Context, node: ast.AST | None, sub: ast.Subscript) -> bool:
    """The same selection (``temp[temp > 45]``) is written in another statement of the cell, or runs
    again in a loop."""
    if ctx.tree is None or node is None:
        return True
    if any(isinstance(n, (ast.For, ast.While)) and _inside(n, node) for n in ast.walk(ctx.tree)):
        return True
    text = _norm(ctx.segment(sub))
    return any(isinstance(n, ast.Subscript) and n is not sub and not _inside(node, n) and _norm(ctx.segment(n)) == text
               for n in ast.walk(ctx.tree))


def _conjugate_of(ctx: _Context, node: ast.AST) -> str | None:
    """``np.conj(x)``, ``np.conjugate(x)``, ``x.conj()``: the source of ``x``."""
    if not isinstance(node, ast.Call) or node.keywords:
        return None
    f = node.func
    if (isinstance(f, ast.Attribute) and f.attr in ("conj", "conjugate") and _root_name(f) == ctx.np
            and isinstance(f.value, ast.Name) and len(node.args) == 1):
        return _norm(ctx.segment(node.args[0]))
    if isinstance(f, ast.Attribute) and f.attr in ("conj", "conjugate") and not node.args and _root_name(f) != ctx.np:
        return _norm(ctx.segment(f.value))
    return None


def _conjugate_product(ctx: _Context, node: ast.AST | None, big: list[Temporary]) -> tuple[str, str | None] | None:
    """``x *= np.conj(x)`` is ``|x|**2``: the real and imaginary parts can be squared in place and summed,
    with no conjugate copy. (``x * np.conj(x)`` needs no advice: NumPy multiplies into the copy.)"""
    if not (isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Mult)):
        return None
    x, c = node.target, node.value
    conjugated = _conjugate_of(ctx, c)
    if conjugated is None or conjugated != _norm(ctx.segment(x)):
        return None
    if not any(ctx.node_at(t.span) is c and str(t.dtype).startswith("complex") for t in big):
        return None   # a real array's conjugate is a plain copy, and its imaginary part is read-only
    np_, src = ctx.np or "np", ctx.segment(x)
    lines = [f"{np_}.square({src}.real, out={src}.real)", f"{np_}.square({src}.imag, out={src}.imag)",
             f"{np_}.add({src}.real, {src}.imag, out={src}.real)", f"{src}.imag[...] = 0"]
    rewrite = ctx.replace_statement(node, lines) if isinstance(x, ast.Name) else None
    return (f"{_code(ctx.segment(c))} is a full-size copy made only to be multiplied: `{src} * conj({src})` is"
            f" `|{src}|**2`, the squares of the real and imaginary parts, so both can be squared in place and"
            " summed into the real part, with no copy (equal up to rounding).", rewrite)


def _swapped_bytes(ctx: _Context, stmt: Statement) -> int:
    """The bytes a rebinding's new value replaced: the old array is freed at the end, so the line's net
    (new minus old) leaves out that much of the new one, and its measured temporaries hold it."""
    old = sum(t.held_bytes or t.nbytes for t in stmt.temporaries
              if t.kind == "out-of-place-update" and _old_freed(ctx, stmt, t))
    stat = ctx.stats.get(stmt.lineno)
    return max(0, old + min(0, stat.net_bytes)) if old and stat is not None else 0


def _is_product_call(ctx: _Context, t: Temporary) -> bool:
    """``np.dot(a, b)``, ``np.matmul(a, b)``: a matrix product written as a call."""
    node = ctx.node_at(t.span)
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("dot", "matmul")
            and _root_name(node.func) == ctx.np)


def _product_operands(ctx: _Context, node: ast.AST | None) -> tuple[str, ast.expr, ast.expr] | None:
    """A product of two matrices as (its form: ``@``, ``dot`` or ``np.dot``, left, right)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return "@", node.left, node.right
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.keywords:
        numpy = isinstance(node.func.value, ast.Name) and node.func.value.id == ctx.np
        if node.func.attr == "dot" and numpy and len(node.args) == 2:
            return "np.dot", node.args[0], node.args[1]
        if node.func.attr == "dot" and not numpy and len(node.args) == 1:
            return "dot", node.func.value, node.args[0]
    return None


def _shape_of(ctx: _Context, stmt: Statement, node: ast.expr) -> tuple[int, ...] | None:
    """The shape of an operand: a name the namespace holds, its ``.T``, or a temporary of the line."""
    if isinstance(node, ast.Name):
        known = _shape_dtype(ctx, node.id)
        return tuple(known[0]) if known is not None else None
    if isinstance(node, ast.Attribute) and node.attr == "T":
        inner = _shape_of(ctx, stmt, node.value)
        return inner[::-1] if inner is not None else None
    here = _span_of(node)
    return next((tuple(t.shape) for t in stmt.temporaries if t.span == here and t.shape), None)


def _reassociated(ctx: _Context, stmt: Statement, big: list[Temporary]) -> tuple[str, str | None] | None:
    """``inv(X.T @ X) @ X.T @ y``: the n-by-k product is built only to be multiplied by a vector (or a few
    columns). Multiplying the other way round, ``inv(X.T @ X) @ (X.T @ y)``, never builds it."""
    if len(big) != 1 or not big[0].shape or len(big[0].shape) != 2:
        return None
    t = big[0]
    node = ctx.node_at(t.span)
    parent = ctx.parents.get(id(node))
    if isinstance(parent, ast.Attribute):   # ``(...).dot(y)``: the call holds the method
        parent = ctx.parents.get(id(parent))
    inner, outer = _product_operands(ctx, node), _product_operands(ctx, parent)
    if inner is None or outer is None or outer[1] is not node:
        return None
    _, left, right = inner
    form, _, vector = outer
    right_shape, vector_shape = _shape_of(ctx, stmt, right), _shape_of(ctx, stmt, vector)
    if right_shape is None or vector_shape is None or len(right_shape) != 2 or len(vector_shape) not in (1, 2) \
            or right_shape[1] != vector_shape[0]:
        return None
    smaller = right_shape[0] * (vector_shape[1] if len(vector_shape) == 2 else 1) * _itemsize(t)
    if 4 * smaller > t.nbytes:
        return None
    l, r, v = (ctx.segment(n) for n in (left, right, vector))
    if form == "@":
        bare = isinstance(left, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)) or isinstance(left, ast.BinOp) \
            and isinstance(left.op, (ast.MatMult, ast.Mult, ast.Div))   # as tight as ``@``, read left to right
        text = f"{l if bare else f'({l})'} @ ({r} @ {v})"
    elif form == "dot":
        atom = (ast.Name, ast.Attribute, ast.Call, ast.Subscript)
        text = (f"{l if isinstance(left, atom) else f'({l})'}.dot("
                f"{r if isinstance(right, atom) else f'({r})'}.dot({v}))")
    else:
        text = f"{ctx.np}.dot({l}, {ctx.np}.dot({r}, {v}))"
    words = (f"{_code(ctx.segment(node))} ({format_bytes(t.nbytes)}) is built whole only to be multiplied by"
             f" {_code(v)}. Multiplied the other way round, {_code(r)} times {_code(v)} first, the intermediate is"
             f" {format_bytes(smaller)} and the result the same up to rounding (`np.allclose`): a product of"
             f" matrices is associative, only the order of the sums differs. (`{ctx.np or 'np'}.linalg.multi_dot([...])`"
             " picks that order itself.)")
    a, b = ctx.span(parent)
    return words, ctx.replace([(a, b, text)])


def _complex_parts(ctx: _Context, value: ast.expr | None) -> str | None:
    """``np.stack((np.real(k), np.imag(k)), axis=1)`` (or ``np.column_stack``, ``k.real``/``k.imag``): the name."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and ctx.np is not None
            and _root_name(value.func) == ctx.np and value.args and isinstance(value.args[0], (ast.Tuple, ast.List))
            and len(value.args[0].elts) == 2):
        return None
    axis = next((k.value for k in value.keywords if k.arg == "axis"), value.args[1] if len(value.args) > 1 else None)
    if not (value.func.attr == "column_stack" and axis is None and len(value.args) == 1 or value.func.attr == "stack"
            and isinstance(axis, (ast.Constant, ast.UnaryOp)) and ast.unparse(axis) in ("1", "-1")
            and len(value.keywords) + len(value.args) == 2):
        return None

    def part(e: ast.expr, which: str) -> str | None:
        if isinstance(e, ast.Attribute) and e.attr == which and isinstance(e.value, ast.Name):
            return e.value.id
        if (isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.attr == which
                and _root_name(e.func) == ctx.np and len(e.args) == 1 and isinstance(e.args[0], ast.Name)):
            return e.args[0].id
        return None
    re_, im = part(value.args[0].elts[0], "real"), part(value.args[0].elts[1], "imag")
    return re_ if re_ is not None and re_ == im else None


def _times_identity(ctx: _Context, node: ast.expr) -> tuple[str, str] | None:
    """``shift[..., None, None] * I`` where the cell binds ``I = np.eye(n)`` (or writes ``np.eye(n)`` there): the
    scale's source and the identity's."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult)):
        return None
    for scale, ident in ((node.left, node.right), (node.right, node.left)):
        made = ident
        if isinstance(ident, ast.Name) and ctx.tree is not None:
            bound = [n.value for n in ast.walk(ctx.tree) if _single_target(n) == ident.id]
            made = bound[0] if len(bound) == 1 else None
        if not (isinstance(made, ast.Call) and isinstance(made.func, ast.Attribute)
                and made.func.attr in ("eye", "identity") and _root_name(made.func) == ctx.np and ctx.np is not None
                and len(made.args) == 1 and not made.keywords):
            continue
        if _scalar_expr(ctx, scale):
            return ctx.segment(scale), ctx.segment(ident)
        # ``shift[..., np.newaxis, np.newaxis]`` against a matrix: one new axis fewer against its diagonal
        parts = scale.slice.elts if isinstance(scale, ast.Subscript) and isinstance(scale.slice, ast.Tuple) else []
        new_axis = [isinstance(e, ast.Constant) and e.value is None or isinstance(e, ast.Attribute)
                    and e.attr == "newaxis" for e in parts]
        if len(parts) >= 2 and new_axis[-1] and new_axis[-2]:
            kept = ", ".join(ctx.segment(e) for e in parts[:-1])
            return f"{ctx.segment(scale.value)}[{kept}]", ctx.segment(ident)
    return None


def _diagonal_matrix(ctx: _Context, t: Temporary) -> bool:
    """``np.diag(s)`` of a 1-D ``s``, used as an operand of ``@``."""
    node = ctx.node_at(t.span)
    parent = ctx.parents.get(id(node))
    product = (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.MatMult)) or (
        isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) and parent.func.attr in ("dot", "matmul")
        and _root_name(parent.func) == ctx.np and node in parent.args)
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "diag"
            and _root_name(node.func) == ctx.np and ctx.np is not None and len(node.args) == 1 and not node.keywords
            and len(t.shape) == 2 and product)


def _pairing_mask(ctx: _Context, sub: ast.AST | None) -> str:
    """``probs[range(n), y]`` on few columns: a mask of one byte per column and row picks the same
    elements in the same order, with no 8-byte row number per row."""
    base = sub.value if isinstance(sub, ast.Subscript) else None
    arr = (ctx.namespace or {}).get(base.id) if isinstance(base, ast.Name) else None
    parts = sub.slice.elts if base is not None and isinstance(sub.slice, ast.Tuple) else []
    shape = getattr(arr, "shape", ())
    if len(shape) != 2 or len(parts) != 2 or not 1 < shape[1] < 8:
        where = _code(ctx.segment(base)) if base is not None else "the array"
        if base is None or len(parts) != 2:
            return f" Only working on {where} in chunks of rows makes it smaller."
        b, labels, np_ = ctx.segment(base), ctx.segment(parts[1]), ctx.np or "np"
        return (f" Where {where} has few columns (k), a mask picks the same elements in the same order with no"
                f" 8-byte row number per row: `{b}[{labels}[:, None] == {np_}.arange(k)]` (for two,"
                f" `{np_}.where({labels} == 0, {b}[:, 0], {b}[:, 1])`); otherwise only working in chunks of rows"
                " makes it smaller.")
    k, labels, np_ = shape[1], ctx.segment(parts[1]), ctx.np or "np"
    return (f" With {k} columns, a mask is smaller: `{ctx.segment(base)}[{labels}[:, None] == {np_}.arange({k})]`"
            f" takes {k} bytes per row instead of 8 and picks the same elements in the same order, when every"
            f" label is one of 0..{k - 1}.")


def _spent_operand(ctx: _Context, node: ast.AST, t: Temporary) -> str | None:
    """``ind * freq`` where ``ind`` (a name of the same shape and dtype as the product) is not read after the
    line, nor in a loop around it: the name that can take the product in place."""
    # ``np.square(disp)``, ``np.multiply(sorted_idx, hashmult)``: a ufunc can write into its first array
    unary = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _root_name(node.func) == ctx.np
             and (node.func.attr in _UNARY_UFUNCS and len(node.args) == 1
                  or node.func.attr in _BINARY_UFUNCS and len(node.args) == 2
                  and not any(isinstance(n, ast.Name) and n.id == getattr(node.args[0], "id", None)
                              for n in ast.walk(node.args[1])))
             and isinstance(node.args[0], ast.Name) and not node.keywords)
    if ctx.tree is None or not unary and not isinstance(node, ast.BinOp):
        return None
    if unary:
        return _spent_name(ctx, node, t, node.args[0].id, None)
    if type(node.op) not in _OPS:
        return None
    # ``x * weight1``: either operand of ``*`` or ``+`` may take the product, the left one first
    sides = [(node.left, node.right)] + ([(node.right, node.left)] if isinstance(node.op, _COMMUTATIVE) else [])
    return next((found for mine, other in sides if isinstance(mine, ast.Name)
                 for found in [_spent_name(ctx, node, t, mine.id, other)] if found is not None), None)


def _spent_name(ctx: _Context, node: ast.AST, t: Temporary, name: str, other: ast.expr | None) -> str | None:
    """``_spent_operand`` for the operand ``name`` (``other``: the operator's other operand; None for a ufunc)."""
    unary = other is None
    here = next((s for s in ctx.prediction.statements if s.lineno <= node.lineno <= s.end_lineno), None)
    known = _held_at(ctx, here, name) if here is not None else _shape_dtype(ctx, name)
    if known is None and isinstance(other, ast.Constant) and type(other.value) is int and (
            t.dtype.startswith(("float", "complex"))) and _enclosing(
            ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) is not None:
        # a function's local, seen at the line (``diff**2``): a written-out int leaves its shape as it is, and a
        # float result of one was a float array of that dtype (an int or bool array stays integer)
        known = t.shape, t.dtype
    if known is None or (tuple(known[0]), known[1]) != (tuple(t.shape), t.dtype) or ctx.shares_memory(name):
        return None
    if not unary and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(other)):
        return None
    stmt = node
    while stmt is not None and not isinstance(stmt, ast.stmt):
        stmt = ctx.parents.get(id(stmt))
    if stmt is None or any(isinstance(n, ast.Name) and n.id == name and (n.lineno, n.col_offset) >= (
            node.end_lineno, node.end_col_offset) for n in ast.walk(stmt)):
        return None   # read again on the line after the product is made (``np.sum(x * y) + x.sum()``)
    func = _enclosing(ctx, stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
    if unary and func is None:
        return None   # a session's array: a formula on it (``np.maximum(Z.max(...), -Z.min(...))``) leaves it as it is
    loop = _enclosing(ctx, stmt, (ast.For, ast.While))
    if loop is not None and _enclosing(ctx, loop, (ast.FunctionDef, ast.AsyncFunctionDef)) is not func:
        return None   # a function defined in a loop
    if loop is None and func is None:
        later = any(isinstance(n, ast.Name) and n.id == name and n.lineno > stmt.end_lineno
                    for n in ast.walk(ctx.tree))
        return None if later else name
    return name if _fresh_local(ctx, stmt, name, func, loop) else None


def _counted_into_spent(ctx: _Context, node: ast.AST, name: str, call: ast.AST | None, inputs: set) -> str | None:
    """``np.sum(change >= t, axis=1, dtype=X.dtype)`` where nothing reads ``change`` after: the comparison can be
    stored in ``change`` itself as 1.0 and 0.0, which a sum in that float dtype counts the same. The advice."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.left, ast.Name)
            and node.left.id in inputs and len(inputs) == 1 and name == "sum" and isinstance(call, ast.Call)
            and any(k.arg == "dtype" for k in call.keywords) and ctx.np is not None):
        return None
    ufunc = {ast.Gt: "greater", ast.GtE: "greater_equal", ast.Lt: "less", ast.LtE: "less_equal",
             ast.Eq: "equal", ast.NotEq: "not_equal"}.get(type(node.ops[0]))
    if ufunc is None:
        return None
    spent = node.left.id
    return (f"{_code(ctx.segment(node))} is built whole only to be summed, and nothing reads `{spent}` after this line:"
            f" `{ctx.np}.{ufunc}({spent}, {ctx.segment(node.comparators[0])}, out={spent})` stores the comparison in"
            f" `{spent}` itself as 1.0 and 0.0, which the sum (in the float dtype it asks for) counts the same, with"
            " no boolean array beside it.")


def _earlier_read(ctx: _Context, node: ast.AST, name: str) -> ast.AST | None:
    """The part of ``node``'s statement that reads ``name`` before ``node`` runs (``np.nanmean(diff)`` in
    ``np.concatenate((np.nanmean(diff), np.nanmean(diff**2)))``), outermost short of what holds ``node``."""
    stmt = _enclosing(ctx, node, (ast.stmt,))
    inner = set(map(id, ast.walk(node)))
    for n in ast.walk(stmt) if stmt is not None else ():
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) and id(n) not in inner and (
                n.lineno, n.col_offset) < (node.lineno, node.col_offset):
            part, p = n, ctx.parents.get(id(n))
            while p is not None and p is not stmt and not any(c is node for c in ast.walk(p)):
                part, p = p, ctx.parents.get(id(p))
            return part
    return None


def _fresh_local(ctx: _Context, stmt: ast.stmt, name: str, func: ast.AST | None, loop: ast.AST | None) -> bool:
    """``diff = pos[lt:] - pos[:-lt]`` first in each pass of a loop in a function (or once, earlier in the
    function) binds a new array (not a view of another, not what a call hands back of its argument), and nothing
    reads ``name`` after ``stmt``, in that pass or after: changing it in place at ``stmt`` is seen by no one."""
    if func is None:
        return False   # a name of the cell stays bound after it
    scope = loop if loop is not None else func
    top = next((s for s in scope.body if any(n is stmt for n in ast.walk(s))), None)
    if top is None or _aliased_elsewhere(ctx, stmt, name) or loop is None and name in _parameters(func):
        return False
    before = [s for s in scope.body[:scope.body.index(top)]
              if isinstance(s, ast.Assign) and _single_target(s) == name]
    # (``distances = np.sum(np.square(distances), axis=2)``: the line rebinds the name itself, so what reads it after
    # reads the new array; its binding may sit in the same branch, a line above)
    rebound = _single_target(stmt) == name
    block = next((b for p in [ctx.parents.get(id(stmt))] if p is not None
                  for b in (getattr(p, f, None) for f in ("body", "orelse")) if isinstance(b, list) and stmt in b), None)
    if rebound and not before and block is not None and block is not scope.body:
        before = [s for s in block[:block.index(stmt)] if isinstance(s, ast.Assign) and _single_target(s) == name]
    bindings = [n for n in ast.walk(scope) if isinstance(n, ast.Name) and n.id == name
                and isinstance(n.ctx, (ast.Store, ast.Del)) and not (rebound and _inside(stmt, n))
                and not (rebound and _exclusive(ctx, _statement_of(ctx, n), stmt))   # (the other arm of an ``if``)
                # (``weight1 /= weight1.mean()``: an augmented update keeps the same array)
                and not isinstance(ctx.parents.get(id(n)), ast.AugAssign)]
    if len(before) != 1 or len(bindings) != 1 or _keeps_old(before[0].value) or (
            isinstance(before[0].value, ast.Call) and _returns_an_argument(ctx, ctx.segment(before[0].value.func))):
        return False
    if rebound and loop is None:
        return True
    end = loop.end_lineno if loop is not None else stmt.end_lineno
    return not any(isinstance(n, ast.Name) and n.id == name and n.lineno > stmt.end_lineno for n in ast.walk(scope)) \
        and not (isinstance(loop, ast.While) and any(isinstance(n, ast.Name) and n.id == name
                                                     for n in ast.walk(loop.test))) \
        and not any(isinstance(n, ast.Name) and n.id == name and n.lineno > end for n in ast.walk(func))


def _spent_in_update(ctx: _Context, node: ast.AugAssign, t: Temporary) -> tuple[str, str] | None:
    """``pmf *= 1 - ps`` in a function where ``ps`` is a local (not a parameter) that nothing reads after the
    line, nor in a loop around it: ``np.subtract(1, ps, out=ps)`` computes the value in ``ps`` itself. Only
    for ``+``, ``-``, ``*`` with a written-out int, which (NEP 50 and value-based casting alike) leaves the
    array's dtype as it is, so the temporary's shape and dtype are ``ps``'s own. (name, the step)"""
    value = node.value
    if not (isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Sub, ast.Mult)) and ctx.np
            and ctx.tree is not None):
        return None

    def number(e):
        return isinstance(e, ast.Constant) and type(e.value) is int

    if isinstance(value.right, ast.Name) and number(value.left):
        name, pair = value.right.id, f"{ctx.segment(value.left)}, {value.right.id}"
    elif isinstance(value.left, ast.Name) and number(value.right):
        name, pair = value.left.id, f"{value.left.id}, {ctx.segment(value.right)}"
    else:
        return None
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if (func is None or name in _parameters(func) or _innermost_loop(func, node) is not None
            or _root_name(node.target) == name or _aliased_elsewhere(ctx, node, name)):
        return None
    bound = [n for n in ast.walk(func) if isinstance(n, ast.Assign) and _single_target(n) == name]
    made = bound[0].value if len(bound) == 1 else None
    if made is None or bound[0].lineno >= node.lineno or _keeps_old(made) or (
            isinstance(made, ast.Call) and _returns_an_argument(ctx, ctx.segment(made.func))):
        return None   # its own array, made on one line before this one (not a view of another, nor an argument)
    later = any(isinstance(n, ast.Name) and n.id == name and n.lineno > node.end_lineno for n in ast.walk(func))
    if later or t.span != _span_of(value):
        return None
    return name, f"{ctx.np}.{_UFUNC_OF[type(value.op)]}({pair}, out={name})"


def _reduced_whole(ctx: _Context, big: list[Temporary]) -> str | None:
    """``abs(Z).max()``, ``np.mean(obs <= x)``: the temporary is built whole only to be reduced, and
    its input must stay as it is, so no in-place form helps."""
    made = {id(ctx.node_at(o.span)) for o in big}
    sizes = {id(ctx.node_at(o.span)): (tuple(o.shape), o.dtype) for o in big if ctx.node_at(o.span) is not None}
    # ``np.log1p(-b * a).mean()``: the product is the ufunc's argument, the ufunc's result is what is reduced
    big = [t for t in big if not any(isinstance(n, ast.Call) and n.args[:1] == [ctx.node_at(t.span)]
                                     and id(n) in made for n in [ctx.parents.get(id(ctx.node_at(t.span)))])] or big
    consumers = []
    for t in big:
        node = ctx.node_at(t.span)
        parent = ctx.parents.get(id(node))
        while isinstance(parent, ast.BinOp) and parent.left is node and _is_scalar(ctx, parent.right):
            # ``np.mean((x1 - x2) ** 2)``: NumPy squares the difference in its own array
            node, parent = parent, ctx.parents.get(id(parent))
        call = ctx.parents.get(id(parent)) if isinstance(parent, ast.Attribute) else parent
        name = (parent.attr if isinstance(parent, ast.Attribute) and isinstance(call, ast.Call) and call.func is parent
                else call.func.attr if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and _root_name(call.func) == ctx.np and call.args[:1] == [node] else None)
        if name not in facts.REDUCTIONS:
            return None
        consumers.append((node, name, call))
    node, name, call = consumers[0]
    spent = _spent_operand(ctx, node, big[0]) if len(consumers) == 1 else None
    first_call = node.left if (isinstance(node, ast.BinOp) and type(node.op) in _OPS
                               and isinstance(node.left, ast.Call) and _is_scalar(ctx, node.right)) else None
    spent_in = _spent_operand(ctx, first_call, big[0]) if spent is None and first_call is not None \
        and len(consumers) == 1 and isinstance(first_call.func, ast.Attribute) \
        and first_call.func.attr in _UNARY_UFUNCS else None
    part = None
    if spent is None and spent_in is None and len(consumers) == 1 and isinstance(node, ast.Call) \
            and isinstance(node.func, ast.Attribute) and node.func.attr in _UNARY_UFUNCS and len(node.args) == 1 \
            and not node.keywords:
        # elephant's ``np.mean(np.abs(np.imag(cs)), axis=0)``: a part of a complex array is a float view of it
        arg = node.args[0]
        which = (arg.attr if isinstance(arg, ast.Attribute) and arg.attr in ("real", "imag") else arg.func.attr
                 if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr in ("real", "imag")
                 and _root_name(arg.func) == ctx.np and len(arg.args) == 1 else None)
        inner = (arg.value if isinstance(arg, ast.Attribute) else arg.args[0]) if which else None
        complex_of = {"float64": "complex128", "float32": "complex64"}.get(big[0].dtype)
        if isinstance(inner, ast.Name) and complex_of is not None and _spent_name(
                ctx, node, replace(big[0], dtype=complex_of), inner.id, None) is not None:
            part = f"{inner.id}.{which}"
    if part is not None:
        return (f"{_code(ctx.segment(node))} is built whole only to be reduced (`{name}`), and nothing in the function"
                f" reads `{part.split('.')[0]}` after this line: `{part}` is a float view of the complex array, and"
                f" `{ctx.segment(node.func)}({part}, out={part})`, then reducing `{part}`, gives the same values with"
                " no second array of its size.")
    if spent_in is not None:
        # mne-tyler's ``np.sum(np.abs(Xw)**2, axis=-2)`` where nothing reads ``Xw`` after: the ufunc writes into
        # ``Xw``, the power follows in place
        return (f"{_code(ctx.segment(node))} is built whole only to be reduced (`{name}`), and nothing in the function"
                f" reads `{spent_in}` after this line: `{ctx.segment(first_call)[:-1].rstrip()}, out={spent_in})`, then"
                f" `{spent_in} {_OPS[type(node.op)]}= {ctx.segment(node.right)}`, then reducing `{spent_in}`, gives the"
                " same values with no second array of its size.")
    if spent is not None:
        # ``np.nanmin(ind * freq, axis=-2)`` where nothing reads ``ind`` afterwards: it can take the product
        local = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) is not None
        first = _earlier_read(ctx, node, spent)
        rebinds = _single_target(_statement_of(ctx, node)) == spent
        return (f"{_code(ctx.segment(node))} is built whole only to be reduced (`{name}`), and nothing in the"
                f" {'function' if local else 'cell'} reads {'the old ' if rebinds else ''}`{spent}` after this line"
                + (" (the line rebinds the name)" if rebinds else "")
                + (" (each pass binds a new array to it first)" if _enclosing(ctx, node, (ast.For, ast.While)) else "")
                + (f": `{spent} {_OPS[type(node.op)]}="
                   f" {ctx.segment(node.right if getattr(node.left, 'id', None) == spent else node.left)}`"
                   if isinstance(node, ast.BinOp)
                   else f": `{ctx.segment(node)[:-1].rstrip()}, out={spent})`")
                + f", then reducing `{spent}`"
                + (f" (after {_code(ctx.segment(first))}, which reads it first)" if first is not None else "")
                + ", gives the same values with no second array of its size."
                + ("" if local else f" It changes `{spent}`, which stays bound after the cell, so do it only where"
                   " it is not needed again."))
    statement = _statement_of(ctx, node)
    # (the arrays it reads: not the object an attribute is read from, ``self`` in ``self.threshold``)
    inputs = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not _is_scalar(ctx, n)
              and not isinstance(ctx.parents.get(id(n)), ast.Attribute)}
    # (``F >= fts`` where nothing reads ``F`` after: free, but a float array cannot hold the booleans as booleans)
    free = bool(inputs) and all(_free_to_reuse(ctx, statement, n) for n in inputs)
    counted = _counted_into_spent(ctx, node, name, call, inputs) if free and len(consumers) == 1 else None
    if counted is not None:
        return counted
    here = next((s for s in ctx.prediction.statements if s.lineno <= node.lineno <= s.end_lineno), None)
    unseen = sorted(n for n in inputs if (_held_at(ctx, here, n) if here is not None else _shape_dtype(ctx, n))
                    is None) if free else []
    if unseen and len(inputs) == 1 and len(consumers) == 1:
        # mne-tyler's ``np.sum(np.abs(Xw)**2, axis=-2)`` where nothing reads ``Xw`` after: npguard did not see its
        # shape and dtype, so it cannot say whether the value fits in it
        return (f"{_code(ctx.segment(node))} is built whole only to be reduced (`{name}`), and nothing reads"
                f" `{unseen[0]}` after this line: where `{unseen[0]}` is a {big[0].dtype} array of the value's shape,"
                f" computing the value in it (a ufunc's `out={unseen[0]}`, augmented operators) and then reducing"
                f" `{unseen[0]}` gives the same values with no second array (npguard could not see its shape and"
                " dtype here).")
    words = (f"{_code(ctx.segment(node))} is built whole only to be reduced (`{name}`), "
             + (f"and none of its inputs is an array of its shape and dtype ({big[0].dtype}) to compute it in,"
                if free else "from inputs the code still reads,")
             + " so no in-place step of this line lowers the peak as written.")
    chunks = (" A formula that never builds it (an identity, `np.einsum`, a reduction of the inputs), or working in"
              " chunks, would.")
    inner = node.args[0] if isinstance(node, ast.Call) and len(node.args) == 1 else None
    is_abs = inner is not None and (isinstance(node.func, ast.Name) and node.func.id == "abs" or isinstance(
        node.func, ast.Attribute) and node.func.attr in ("abs", "absolute") and _root_name(node.func) == ctx.np)
    if len(consumers) == 1 and is_abs and name in ("max", "amax") and isinstance(call, ast.Call) \
            and isinstance(inner, ast.Name) and not _complex_value(ctx, inner):
        x = inner.id
        rest = [ctx.segment(a) for a in (call.args[1:] if call.args[:1] == [node] else call.args)]
        rest += [f"{k.arg}={ctx.segment(k.value)}" for k in call.keywords if k.arg is not None]
        if len(rest) == len(call.keywords) + len(call.args) - (call.args[:1] == [node]):
            pair = (f"max({x}.max(), -{x}.min())" if not rest else
                    f"{ctx.np or 'np'}.maximum({x}.max({', '.join(rest)}), -{x}.min({', '.join(rest)}))")
            return words + f" But `{pair}` is the same largest magnitude with no temporary (for real values)."
    bound = _bound_test(ctx, node, name, call) if len(consumers) == 1 else None
    if bound is not None:
        return words + f" But `{bound}` gives the same answer with no temporary (for a non-empty array)."
    dots = [_summed_product(ctx, n, nm, c, t) for (n, nm, c), t in zip(consumers, big)]
    if all(dots):
        names = sorted({x for d in dots for x in d[1]})
        forms = ", ".join(f"`{d[0]}`" for d in dict.fromkeys(dots))
        what = f"{_code(ctx.segment(node))} is" if len(dots) == 1 else "These products are"
        return (f"{what} built whole only to be summed. When"
                f" {', '.join(f'`{x}`' for x in names)} have one shape, {forms} multipl"
                f"{'ies' if len(dots) == 1 else 'y'} and sum{'s' if len(dots) == 1 else ''} in one pass with no"
                " temporary (equal up to rounding).")
    nan = _nan_test(ctx, node, name, call) if len(consumers) == 1 else None
    if nan is not None:
        return words + f" But `{nan}` gives the same answer with no temporary (for a non-empty array)."
    linear = _linear_reduction(ctx, node, name, call) if len(consumers) == 1 else None
    if linear is not None:
        known = all(_shape_dtype(ctx, o.id) is not None for o in (node.left, node.right)) or _is_scalar(ctx, node.right)
        when = "" if known else f" when `{node.left.id}` and `{node.right.id}` have the same shape"
        return (f"{_code(big[0].expr)} is built whole only to be reduced (`{name}`), and {name} is linear:"
                f" `{linear}` gives the same value{when} (up to rounding; less precisely when the two are large"
                " and close) with no full-size temporary.")
    fns, inner, extra = [], node, []
    while (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and _root_name(inner.func) == ctx.np
           and not inner.keywords and (inner.func.attr in _UNARY_UFUNCS and len(inner.args) == 1 or (
               # ``np.power(x - y, 2)``: a ufunc of the intermediate and a number writes into it as well; so does
               # ``np.multiply(a - p, d)`` when the intermediate already has the result's shape and dtype
               inner.func.attr in ("power", "multiply", "add", "subtract", "divide", "true_divide")
               and len(inner.args) == 2 and (_scalar_expr(ctx, inner.args[1]) or isinstance(inner.args[1], ast.Name)
                                             and id(inner.args[0]) in sizes
                                             and sizes.get(id(inner)) == sizes[id(inner.args[0])]))
               )):
        fns.append(f"{ctx.np}.{inner.func.attr}")   # ``np.abs(np.sign(y - yp))``: outermost first
        extra.append("".join(f", {ctx.segment(a)}" for a in inner.args[1:]))
        inner = inner.args[0]
    # (not when building ``inner`` already holds two arrays: ``np.diff(np.sign(frame))`` needs the signs beside it)
    within = isinstance(inner, ast.Call) and any(isinstance(a, (ast.Call, ast.BinOp, ast.UnaryOp))
                                                 and not _scalar_expr(ctx, a) for a in inner.args[:1])
    if len(consumers) == 1 and fns and isinstance(inner, (ast.BinOp, ast.UnaryOp, ast.Call)) and _fresh(ctx, inner) \
            and not within:
        # ``np.log1p(-b[:, None] * ary).mean(axis=1)``: the product is this line's own array
        if (len(fns) == 1 and fns[0].endswith((".abs", ".absolute")) and name in ("max", "amax")
                and isinstance(call, ast.Call) and not call.keywords and call.args in ([], [node])):
            # ``np.abs(np.dot(a, ns)).max()``: the largest magnitude of the line's own product
            return (f"{_code(ctx.segment(node))} is built whole only to be reduced (`{name}`), and"
                    f" {_code(ctx.segment(inner))} is an intermediate of this line: `t = {ctx.segment(inner)}` and then"
                    " `max(t.max(), -t.min())` is the same largest magnitude with no second array (for real"
                    f" values; `{fns[0]}(t, out=t)` before reducing `t` does it for any).")
        steps = "; ".join(f"{fn}(t{more}, out=t)" for fn, more in reversed(list(zip(fns, extra))))
        return (f"{_code(ctx.segment(node))} is built whole only to be reduced (`{name}`), and {_code(ctx.segment(inner))}"
                f" is an intermediate of this line: `t = {ctx.segment(inner)}; {steps}` and then reducing `t`"
                " holds one array of that size instead of two.")
    reuse = _reusable_operand(ctx, node) if len(consumers) == 1 else None
    if reuse is not None:
        return (f"{_code(big[0].expr)} is built whole only to be reduced (`{name}`). `{reuse[0]}` is not read after"
                f" this line, so the step can be computed in its own array (`{reuse[1]}`) and reduced there, with no"
                " new array.")
    return words + chunks


def _summed_product(ctx: _Context, node: ast.AST | None, name: str, call: ast.AST | None,
                    t: Temporary) -> tuple[str, tuple[str, str]] | None:
    """``np.sum(a * b)`` of two arrays is ``np.dot(a, b)`` (1-D) or an ``einsum`` over every axis."""
    if not (name == "sum" and isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult)
            and all(isinstance(o, ast.Name) for o in (node.left, node.right)) and _sole_argument(call, node)
            and 0 < len(t.shape) <= 6):
        return None
    letters = "ijklmn"[:len(t.shape)]
    a, b = node.left.id, node.right.id
    form = (f"{ctx.np or 'np'}.dot({a}, {b})" if len(letters) == 1 else
            f"{ctx.np or 'np'}.einsum('{letters},{letters}->', {a}, {b})")
    return form, (a, b)


def _nan_test(ctx: _Context, node: ast.AST | None, name: str, call: ast.AST | None) -> str | None:
    """``np.isnan(a).any()`` is ``np.isnan(a.min())``: a NaN makes the minimum NaN. ``np.isfinite(a).all()``
    is ``np.isfinite(a.min()) and np.isfinite(a.max())``: a NaN or an infinity reaches one of them."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _root_name(node.func) == ctx.np
            and len(node.args) == 1 and not node.keywords and _sole_argument(call, node)
            and all(not isinstance(n, (ast.Call, ast.BinOp)) for n in ast.walk(node.args[0]))):
        return None
    x, fn = ctx.segment(node.args[0]), node.func.attr
    if fn == "isnan" and name == "any":
        return f"{ctx.np}.isnan({x}.min())"
    if fn == "isfinite" and name == "all":
        return f"{ctx.np}.isfinite({x}.min()) and {ctx.np}.isfinite({x}.max())"
    return None


def _linear_reduction(ctx: _Context, node: ast.AST | None, name: str, call: ast.AST | None) -> str | None:
    """``np.mean(x1 - x2, axis=0)`` is ``np.mean(x1, axis=0) - np.mean(x2, axis=0)``: a sum or a mean of a
    sum or difference of two arrays of the same shape is the sum or difference of theirs."""
    if (name not in ("sum", "mean") or not isinstance(node, ast.BinOp) or not isinstance(node.op, (ast.Add, ast.Sub))
            or not all(isinstance(o, ast.Name) for o in (node.left, node.right)) or not isinstance(call, ast.Call)):
        return None
    shapes = [_shape_dtype(ctx, o.id) for o in (node.left, node.right)]
    if None not in shapes and shapes[0][0] != shapes[1][0]:
        return None   # broadcasting would count the smaller one more than once
    rest = [ctx.segment(a) for a in call.args if a is not node] + [f"{k.arg}={ctx.segment(k.value)}"
                                                                   for k in call.keywords if k.arg is not None]
    if len(rest) != len(call.args) - (node in call.args) + len(call.keywords):
        return None
    args = ", ".join(rest)
    on_np = isinstance(call.func, ast.Attribute) and _root_name(call.func) == ctx.np and node in call.args
    one = (lambda o: f"{ctx.np}.{name}({o}{', ' + args if args else ''})") if on_np else (
        lambda o: f"{o}.{name}({args})")
    sign = "+" if isinstance(node.op, ast.Add) else "-"
    numbers = [_is_scalar(ctx, o) for o in (node.left, node.right)]
    if any(numbers):
        # ``np.sum(fft_magnitude + eps)``: a number is added once per element, so the sum takes it ``size`` times
        # (a mean once); over an axis, or a number minus the array, the form is not this simple
        if all(numbers) or args or numbers[0]:
            return None
        array, number = node.left.id, node.right.id
        return f"{one(array)} {sign} {number}" + (f" * {array}.size" if name == "sum" else "")
    return f"{one(node.left.id)} {sign} {one(node.right.id)}"


def _result_into_local(ctx: _Context, stmt: Statement, reduction: Temporary) -> str | None:
    """``return e / np.sum(e, axis=1, keepdims=True)`` where ``e`` is the function's own array, read by
    nothing afterwards: the line's new array can be ``e`` itself (``e /= ...``), so the two never exist
    together."""
    node = ctx.node_at(reduction.span)
    parent = ctx.parents.get(id(node)) if node is not None else None
    stmt_node = ctx.node_of(stmt)
    value = stmt_node.value if isinstance(stmt_node, ast.Return) else _value(stmt_node)
    if not (isinstance(parent, ast.BinOp) and parent.right is node and type(parent.op) in _OPS
            and isinstance(parent.left, ast.Name) and value is parent and isinstance(stmt_node, (ast.Return, ast.Assign))):
        return None
    name = parent.left.id
    result, held = stmt.result, _shape_dtype(ctx, name)
    if result is not None and held is not None and (tuple(result.shape), result.dtype) != held:
        return None
    if not _free_to_reuse(ctx, stmt_node, name):
        return None
    op = _OPS[type(parent.op)]
    then = f"`return {name}`" if isinstance(stmt_node, ast.Return) else f"`{ctx.segment(stmt_node.targets[0])} = {name}`"
    return (f" But `{name}` is this function's own array, read by nothing afterwards, so the result can be written"
            f" into it: `{name} {op}= {ctx.segment(node)}` then {then} (when the result keeps `{name}`'s shape and"
            " dtype), and no second array of its size is built.")


def _reusable_operand(ctx: _Context, node: ast.AST | None) -> tuple[str, str] | None:
    """``percentage_error ** 2`` where ``percentage_error`` is a local array nothing reads afterwards: the
    step can be written into it (``np.square(pe, out=pe)``-like, here as an augmented operator)."""
    stmt_node = _enclosing(ctx, node, ast.stmt)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS and isinstance(node.left, ast.Name) and _is_scalar(
            ctx, node.right):
        name, code = node.left.id, f"{node.left.id} {_OPS[type(node.op)]}= {ctx.segment(node.right)}"
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _root_name(node.func) == ctx.np
          and node.func.attr in _UNARY_UFUNCS and len(node.args) == 1 and not node.keywords
          and isinstance(node.args[0], ast.Name)):
        name = node.args[0].id
        code = f"{ctx.np}.{node.func.attr}({name}, out={name})"
    else:
        return None
    return (name, code) if _free_to_reuse(ctx, stmt_node, name) else None


#: ``X < c`` read from the other side: ``c > X``.
_FLIPPED = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}
_SIGN = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def _sole_argument(call: ast.AST | None, node: ast.AST | None) -> bool:
    """``np.any(node)`` or ``node.any()``: the reduction is given nothing but ``node``."""
    return (isinstance(call, ast.Call) and not call.keywords
            and len(call.args) == (1 if call.args[:1] == [node] else 0))


def _bound_test(ctx: _Context, node: ast.AST | None, name: str, call: ast.AST | None) -> str | None:
    """``np.any(X < 0)`` is ``np.nanmin(X) < 0`` and ``np.all(X <= 1)`` is ``X.max() <= 1``: a test of
    every element against one number is a test of the smallest or largest. ``all`` reads ``min``/``max``,
    which a NaN turns into NaN and the comparison into False, as NaN fails it in ``all``; ``any`` reads
    ``nanmin``/``nanmax``, which skip NaNs as ``any`` does."""
    if name not in ("any", "all") or not isinstance(node, ast.Compare) or len(node.ops) != 1 \
            or type(node.ops[0]) not in _FLIPPED or not _sole_argument(call, node):
        return None
    left, op, right = node.left, type(node.ops[0]), node.comparators[0]
    if _is_scalar(ctx, left):
        left, op, right = right, _FLIPPED[op], left
    plain = all(not isinstance(n, (ast.Call, ast.BinOp, ast.UnaryOp, ast.Compare)) for n in ast.walk(left))
    if not plain or not _is_scalar(ctx, right):
        return None
    x, c, sign = ctx.segment(left), ctx.segment(right), _SIGN[op]
    low = op in (ast.Lt, ast.LtE)
    if name == "all":   # every element below c: the largest is; above c: the smallest is
        return f"{x}.{'max' if low else 'min'}() {sign} {c}"
    return f"{ctx.np or 'np'}.{'nanmin' if low else 'nanmax'}({x}) {sign} {c}"


def _abs_compared(ctx: _Context, big: list[Temporary]) -> str | None:
    """``np.abs(z) <= t``: the magnitude is built whole only to be compared with one number; two
    comparisons of ``z`` itself give the same mask from one-byte masks."""
    nodes = [ctx.node_at(t.span) for t in big]
    calls = [n for n in nodes if isinstance(n, ast.Call)] or [ctx.parents.get(id(n)) for n in nodes]
    node = calls[0] if calls else None
    if not isinstance(node, ast.Call) or not node.args or any(n is not node and n is not node.args[0] for n in nodes):
        return None
    shifted = None
    inner = node.args[0]
    if (isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Sub) and isinstance(inner.left, ast.Name)
            and _is_scalar(ctx, inner.right)):   # ``abs(tp - guess) <= 250``: the difference is built too
        shifted = inner
    elif any(n is inner for n in nodes):
        return None
    parent = ctx.parents.get(id(node))
    if not (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords and (
            isinstance(node.func, ast.Name) and node.func.id == "abs" or isinstance(node.func, ast.Attribute)
            and node.func.attr in ("abs", "absolute") and _root_name(node.func) == ctx.np)
            and isinstance(parent, ast.Compare) and parent.left is node and len(parent.ops) == 1
            and type(parent.ops[0]) in _FLIPPED and _is_scalar(ctx, parent.comparators[0])):
        return None
    if any(i.startswith("complex") for t in big for i in t.inputs) or _complex_value(ctx, node.args[0]):
        return None   # ``np.abs(Bt) > thresh`` of a spectrum: its magnitude is no pair of comparisons
    x, c = ctx.segment(node.args[0]), ctx.segment(parent.comparators[0])
    op = type(parent.ops[0])
    sign, other = _SIGN[op], _SIGN[_FLIPPED[op]]
    join = "&" if sign in ("<", "<=") else "|"
    if shifted is not None:
        a, b = shifted.left.id, ctx.segment(shifted.right)
        return (f"{_code(ctx.segment(node))} is built whole only to be compared with one number. For real"
                f" values `{ctx.segment(parent)}` is `({a} {sign} {b} + {c}) {join} ({a} {other} {b} - {c})`"
                f" (up to rounding at the boundary): written `m = {a} {sign} {b} + {c}; m {join}= {a} {other}"
                f" {b} - {c}`, only one-byte masks are built, not a full-size difference.")
    x_ = x if isinstance(node.args[0], ast.Name) else f"({x})"
    return (f"{_code(ctx.segment(node))} is built whole only to be compared with one number. For real values"
            f" `{ctx.segment(parent)}` is `({x_} {sign} {c}) {join} ({x_} {other} -{c})`: written"
            f" `m = {x_} {sign} {c}; m {join}= {x_} {other} -{c}`, only one-byte masks are built, not the"
            f" full-size magnitude.")


def _complex_value(ctx: _Context, node: ast.expr) -> bool:
    """A name bound to a complex array: in the namespace, or by the cell to a Fourier transform or a
    value predicted complex (``Bt = np.fft.fft2(B)``)."""
    import numpy

    if not isinstance(node, ast.Name):
        return False
    value = (ctx.namespace or {}).get(node.id)
    if isinstance(value, numpy.ndarray) and value.dtype.kind == "c":
        return True
    for n in ast.walk(ctx.tree) if ctx.tree is not None else ():
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets):
            func = n.value.func if isinstance(n.value, ast.Call) else None
            if isinstance(func, ast.Attribute) and func.attr in _COMPLEX_TRANSFORMS:
                return True
            stmt = next((s for s in ctx.prediction.statements if s.lineno == n.lineno), None)
            kept = stmt.result if stmt is not None else None
            if kept is not None and kept.dtype.startswith("complex"):
                return True
    return False


_COMPLEX_TRANSFORMS = frozenset({"fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "rfft2", "rfftn"})


def _gathered_from(ctx: _Context, big: list[Temporary]) -> str | None:
    """``obs.cumsum()[inv]``: the temporary is what an index array gathers from, so it must exist
    whole while the gather runs, and the gathered copy is a new array whatever it is computed into."""
    for t in big:
        node = ctx.node_at(t.span)
        parent = ctx.parents.get(id(node))
        if not (isinstance(parent, ast.Subscript) and parent.value is node
                and _is_fancy(parent.slice, ctx.namespace, ctx.counters)):
            return None
    return (f"{_code(big[0].expr)} is built whole only for an index array to gather from it"
            f" ({_code(ctx.segment(ctx.parents[id(ctx.node_at(big[0].span))].slice))}), so it must exist whole"
            " while the gather runs, so no in-place step lowers the peak as written. Gathering in chunks of the"
            " index would, or computing only the gathered elements where the formula allows it.")


def _index_in_place(ctx: _Context, big: list[Temporary]) -> str | None:
    """``count[dense - 1]``: an index computed from a name and a number can be computed in the name's own
    array when nothing reads the old values afterwards."""
    node = ctx.node_at(big[0].span) if len(big) == 1 else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert) and isinstance(node.operand, ast.Name):
        m = node.operand.id
        if _free_to_reuse(ctx, _enclosing(ctx, node, ast.stmt), m):   # ``f2[~mask] = 0`` with ``mask`` read nowhere after
            first = _earlier_read(ctx, node, m)
            return (f"An index array must exist whole while the indexing runs. This one is computed from `{m}`,"
                    f" which nothing reads after this line: `{ctx.np or 'np'}.invert({m}, out={m})` computes it in"
                    f" `{m}`'s own array (index with `{m}` then), with no new one"
                    + (f"; do it after {_code(ctx.segment(first))}, which reads `{m}` first on this line (a statement"
                       " of its own)." if first is not None else "."))
        return None
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and isinstance(node.left, ast.Name)
            and isinstance(node.right, ast.Constant) and type(node.right.value) is int):
        return None
    name = node.left.id
    return (f"An index array must exist whole while the indexing runs. This one is computed from `{name}`: if"
            f" nothing reads `{name}` after it is built (on this line or later), `{name} {_OPS[type(node.op)]}="
            f" {node.right.value}` computes it in `{name}`'s own array (index with `{name}` then), with no new one.")


def _mask_operand(ctx: _Context, t: Temporary) -> bool:
    """The temporary is an operand of ``&``, ``|`` or ``^`` (``(x > 0.5) & (y < 0.5)``): a mask
    combined with another, which in-place steps cannot build without it."""
    node = ctx.node_at(t.span)
    parent = ctx.parents.get(id(node))
    return isinstance(parent, ast.BinOp) and isinstance(parent.op, (ast.BitAnd, ast.BitOr, ast.BitXor))


def _hypot(ctx: _Context, stmt: Statement) -> tuple[str, str | None] | None:
    """``np.sqrt(x**2 + y**2)`` is ``np.hypot(x, y)``: no squares, no sum, one result. Every such root on the line
    at once (``np.sqrt(f**2 + f2**2) * np.sqrt(f**2 + f3**2)``: one alone would leave the other's squares setting
    the line's peak)."""
    node = ctx.node_of(stmt)
    found = []
    for call in ast.walk(_value(node)) if node is not None and _value(node) is not None else ():
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "sqrt"
                and _root_name(call.func) == ctx.np and len(call.args) == 1 and not call.keywords):
            continue
        inner = call.args[0]
        if not (isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Add)):
            continue
        parts = [p.left for p in (inner.left, inner.right) if isinstance(p, ast.BinOp) and isinstance(p.op, ast.Pow)
                 and isinstance(p.right, ast.Constant) and p.right.value == 2]
        if len(parts) != 2 or not all(isinstance(p, ast.Name) for p in parts):
            continue   # computed operands (`X - X.T`) would be built whole for hypot, and both at once
        found.append((call, f"{ctx.np}.hypot({ctx.segment(parts[0])}, {ctx.segment(parts[1])})"))
    if not found:
        return None
    named = " and ".join(f"`{instead}`" for _, instead in found)
    words = (f"{named} {'computes' if len(found) == 1 else 'compute'} the same distances, to rounding (it may differ"
             " from the square root in the last bit), without the squares or their sum (and without overflow for"
             " large values); only the result is allocated.")
    target = _single_target(node)
    if target is not None and _compared_exactly(ctx, target):
        return words + (f" (No rewrite: `{target}` is compared exactly later in the cell, and hypot may"
                        " differ from the square root in the last bit.)"), None
    return words, ctx.replace([(*ctx.span(call), instead) for call, instead in found])


_INDEX_WORDS = ("An index array or mask must exist whole while the indexing runs, so in-place steps cannot"
                " help on this line; where several lines select with the same condition, build the mask"
                " once and reuse it.")


def _reorders_all(ctx: _Context, sub: ast.AST | None, t: Temporary) -> bool:
    """``X[keys]`` with ``keys`` holding 0..n-1 in some order (a shuffle, an argsort): every row, reordered."""
    import numpy

    if not (isinstance(sub, ast.Subscript) and isinstance(sub.slice, ast.Name)):
        return False
    index = (ctx.namespace or {}).get(sub.slice.id)
    if type(index) is not numpy.ndarray or index.ndim != 1 or index.dtype.kind not in "iu" or not len(index):
        return False
    n = len(index)   # range and sum of 0..n-1, read in one pass: taken for a reordering of the n rows
    return (t.shape[:1] == (n,) and int(index.min()) == 0 and int(index.max()) == n - 1
            and int(index.sum(dtype=numpy.int64)) == n * (n - 1) // 2)


def _cast_of_arithmetic(ctx: _Context, big: list[Temporary]) -> str | None:
    """``(ys * bound).astype(np.int16)``: the product is built in float64 only to be cast; a ufunc
    writes it into an array of the new dtype directly."""
    if len(big) != 1:
        return None
    node = ctx.node_at(big[0].span)
    parent = ctx.parents.get(id(node))
    call = ctx.parents.get(id(parent))
    ufunc = _UFUNC_OF.get(type(getattr(node, "op", None)))
    if not (isinstance(node, ast.BinOp) and ufunc and isinstance(parent, ast.Attribute) and parent.attr == "astype"
            and isinstance(call, ast.Call) and call.func is parent and len(call.args) == 1 and not call.keywords):
        return None
    np_ = ctx.np or "np"
    dtype = ctx.segment(call.args[0])
    left, right = ctx.segment(node.left), ctx.segment(node.right)
    return (f"The {ufunc} is built in full only to be cast: `{np_}.{ufunc}({left}, {right},"
            f" out={np_}.empty({np_}.broadcast_shapes({np_}.shape({left}), {np_}.shape({right})), {dtype}),"
            " casting='unsafe')` writes it straight into the new dtype, with the same cast astype makes and"
            " no temporary.")


def _made_in_another_dtype(ctx: _Context, stmt: Statement, big: list[Temporary]) -> tuple[str, str | None] | None:
    """``t = np.arange(n) * ts``: the integer range cannot hold the float product, so NumPy makes a
    second array for it. Made as floats in the first place, the range is reused in place by the
    product (temporary elision: same shape, refcount one) and only the result exists. The values
    are the same: integers below 2**53 are exact in float64."""
    if len(big) != 1 or ctx.np is None:
        return None
    node = ctx.node_at(big[0].span)
    parent = ctx.parents.get(id(node))
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "arange"
            and _root_name(node.func) == ctx.np and not node.keywords and big[0].dtype.startswith(("int", "uint"))
            and isinstance(parent, ast.BinOp) and (parent.left is node or isinstance(parent.op, (ast.Add, ast.Mult)))
            and not any(isinstance(a, ast.Constant) and not (type(a.value) is int and abs(a.value) < 2**53)
                        for a in node.args)):
        return None
    span = _span_of(parent)
    step = next((t for t in stmt.temporaries if t.span == span), None)
    if step is None or tuple(step.shape) != tuple(big[0].shape) or step.dtype != "float64":
        return None
    made = ctx.segment(node)[:-1].rstrip().rstrip(",") + f", dtype={ctx.np}.float64)"
    a, b = ctx.span(node)
    words = (f"{_code(big[0].expr)} is {big[0].dtype} and the next step makes float64, so NumPy cannot reuse it in"
             f" place and makes a second array. Made as float64 (`{made}`), the range is reused by that step"
             " (temporary elision) and only the result is allocated; the values are the same.")
    return words, ctx.replace([(a, b, made)])


def _sorted_copy_of(ctx: _Context, stmt: Statement, big: list[Temporary]) -> ast.Call | None:
    """``np.sort(rand.rand(N) * 2)``: the one full-size temporary is the array np.sort copies (the
    steps between reused it in place)."""
    if len(big) != 1 or ctx.np is None:
        return None
    node = ctx.node_at(big[0].span)
    elided = {t.span for t in stmt.temporaries if t.elided}
    call = ctx.parents.get(id(node))
    while isinstance(call, ast.BinOp) and _span_of(call) in elided:
        node, call = call, ctx.parents.get(id(call))
    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "sort"
            and _root_name(call.func) == ctx.np and call.args == [node] and not call.keywords):
        return call
    return None


def _sort_in_place(ctx: _Context, stmt: Statement, call: ast.Call) -> str | None:
    """``t = N * tau * np.sort(x)`` as ``t = x; t.sort(); t *= N * tau``: the array sorted is the
    result, and a scalar step after it is done in place (``*`` and ``+`` commute exactly)."""
    node = ctx.node_of(stmt)
    target, value = _single_target(node), _value(node)
    arg = call.args[0] if len(call.args) == 1 else None
    span = _span_of(arg) if arg is not None else None
    if (target is None or arg is None or call.keywords or not ctx.owns_lines(node)
            or not any(t.span == span for t in stmt.temporaries)):
        return None   # only a new array may be sorted in place: an existing one (``np.sort(y)``) is the caller's
    lines = [f"{target} = {_inline(ctx, arg)}", f"{target}.sort()"]
    if value is not call:
        if not isinstance(value, ast.BinOp) or type(value.op) not in (ast.Add, ast.Sub, ast.Mult, ast.Div):
            return None
        if value.right is call and isinstance(value.op, (ast.Add, ast.Mult)):
            other = value.left
        elif value.left is call:
            other = value.right
        else:
            return None
        names = [n.id for n in ast.walk(other) if isinstance(n, ast.Name)]
        if target in names or not all(_scalar_name(ctx, n) for n in names):
            return None
        lines.append(f"{target} {_OPS[type(value.op)]}= {_inline(ctx, other)}")
    return ctx.replace_statement(node, lines)


def _scalar_name(ctx: _Context, name: str) -> bool:
    """A name bound to a number (Python's or NumPy's), not an array."""
    value = (ctx.namespace or {}).get(name)
    return isinstance(value, (int, float, complex)) or (
        type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0)


def _times_ones(ctx: _Context, t: Temporary) -> bool:
    """``np.ones(shape) * v``: an array of ones built only to be multiplied by."""
    node = ctx.node_at(t.span)
    parent = ctx.parents.get(id(node))
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("ones", "ones_like") and _root_name(node.func) == ctx.np
            and isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Mult))


def _reduced(ctx: _Context, t: Temporary) -> bool:
    """The temporary is a reduction's result (``np.sum(e, axis=1, keepdims=True)``, ``x.mean(0)``)."""
    node = ctx.node_at(t.span)
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    return name in facts.REDUCTIONS


def _counted_only(ctx: _Context, sub: ast.AST | None, t: Temporary) -> ast.expr | None:
    """``n = X[y == k, :].shape[0]`` (or ``len(X[y == k])``): a boolean selection along the first axis
    made only for its length, which is the mask's count. The node that reads the length, or None."""
    if not (isinstance(sub, ast.Subscript) and _is_mask(ctx, sub, t)):
        return None
    parts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
    if not all(isinstance(p, ast.Slice) and p.lower is p.upper is p.step is None for p in parts[1:]):
        return None   # ``X[:, m]``, ``X[m, 0]``: the length is not the mask's count
    parent = ctx.parents.get(id(sub))
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id == "len" \
            and parent.args == [sub] and not parent.keywords and "len" not in (ctx.namespace or {}):
        return parent
    grand = ctx.parents.get(id(parent))
    if (isinstance(parent, ast.Attribute) and parent.attr == "shape" and isinstance(grand, ast.Subscript)
            and grand.value is parent and isinstance(grand.slice, ast.Constant) and grand.slice.value == 0):
        return grand
    return None


def _count_of(ctx: _Context, sub: ast.Subscript) -> str:
    mask = sub.slice.elts[0] if isinstance(sub.slice, ast.Tuple) else sub.slice
    return f"{ctx.np or 'np'}.count_nonzero({ctx.segment(mask)})"


def _copied_inside(ctx: _Context, stmt: Statement, sub: ast.Subscript, t: Temporary):
    """``np.cov(X[m].T)``: the call a selection (or its transpose) is handed to, when NumPy's code copies
    its input once more, the same size (facts.HIDDEN_INPUT_COPY); None otherwise."""
    node, parent = sub, ctx.parents.get(id(sub))
    while isinstance(parent, ast.Attribute) and parent.attr == "T":
        node, parent = parent, ctx.parents.get(id(parent))
    if not (isinstance(parent, ast.Call) and parent.args[:1] == [node]):
        return None
    call = next((c for c in stmt.calls if c.span == _span_of(parent) and c.numpy and c.hidden), None)
    short = _short(call) if call is not None else None
    if short not in facts.HIDDEN_INPUT_COPY or facts.HIDDEN_INPUT_COPY[short] not in (None, t.dtype):
        return None
    return call


def _short(call) -> str:
    """A NumPy call's name as the facts tables key it (``np.linalg.norm`` -> ``linalg.norm``)."""
    name = call.name.removeprefix("numpy.")
    return name.split(".", 1)[1] if "." in name and name.split(".", 1)[1] in facts.HIDDEN_TEMPORARIES else \
        name.rsplit(".", 1)[-1]


def _reduced_by(ctx: _Context, node: ast.AST | None) -> bool:
    """``node`` is handed straight to a reduction (``a[m].sum()``, ``np.mean(a[m])``)."""
    parent = ctx.parents.get(id(node))
    if isinstance(parent, ast.Attribute) and parent.attr in facts.REDUCTIONS:
        return isinstance(ctx.parents.get(id(parent)), ast.Call)
    return (isinstance(parent, ast.Call) and parent.args[:1] == [node] and isinstance(parent.func, ast.Attribute)
            and parent.func.attr in facts.REDUCTIONS and _root_name(parent.func) == ctx.np)


def _reduced_where(ctx: _Context, sub: ast.Subscript) -> str | None:
    """``np.sum(dL_dF[x < b])`` -> ``np.sum(dL_dF, where=x < b)``, ``a[m].mean(axis=0)`` -> ``a.mean(axis=0,
    where=m)``: the reduction of the whole array through the mask, for reductions that need no ``initial=``."""
    parent = ctx.parents.get(id(sub))
    call = ctx.parents.get(id(parent)) if isinstance(parent, ast.Attribute) else parent
    name = parent.attr if isinstance(parent, ast.Attribute) else getattr(getattr(parent, "func", None), "attr", None)
    if (not isinstance(call, ast.Call) or name not in ("sum", "mean", "prod", "std", "var", "nansum", "nanmean")
            or isinstance(sub.slice, (ast.Tuple, ast.Slice)) or any(k.arg == "where" for k in call.keywords)
            or _scalar_expr(ctx, sub.slice)):
        return None
    rest = [ctx.segment(a) for a in call.args if a is not sub] + [f"{k.arg}={ctx.segment(k.value)}"
                                                                  for k in call.keywords]
    mask = f"where={ctx.segment(sub.slice)}"
    if isinstance(parent, ast.Attribute):
        return f"{ctx.segment(sub.value)}.{name}({', '.join(rest + [mask])})"
    return f"{ctx.segment(call.func)}({', '.join([ctx.segment(sub.value)] + rest + [mask])})"


def _compared_exactly(ctx: _Context, name: str) -> bool:
    """``name`` is compared bit for bit later (``np.array_equal(name, ...)``, ``name == ...``)."""
    for n in ast.walk(ctx.tree) if ctx.tree is not None else ():
        called = (n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", None)
                  ) if isinstance(n, ast.Call) else None
        exact = called in ("array_equal", "array_equiv") or (
            isinstance(n, ast.Compare) and any(isinstance(o, (ast.Eq, ast.NotEq)) for o in n.ops))
        if exact and any(isinstance(m, ast.Name) and m.id == name for m in ast.walk(n)):
            return True
    return False


def _the_index(ctx: _Context, t: Temporary) -> bool:
    """The temporary is a subscript's index itself (the mask ``x <= d``), not a step computing it, or
    holds it: ``~np.isnan(x)`` is written into the buffer of ``np.isnan(x)``."""
    node = ctx.node_at(t.span)
    parent = ctx.parents.get(id(node))
    while isinstance(parent, ast.UnaryOp) and any(
            o.elided and o.span == _span_of(parent) for o in ctx.prediction.temporaries):
        parent = ctx.parents.get(id(parent))
    if isinstance(parent, ast.Tuple):
        parent = ctx.parents.get(id(parent))
    return isinstance(parent, ast.Subscript) and _is_index(ctx, t)


def _is_index(ctx: _Context, t: Temporary) -> bool:
    """The temporary is (part of) the index of a subscript: a mask or index array built to select with."""
    node = ctx.node_at(t.span)
    while node is not None:
        parent = ctx.parents.get(id(node))
        if isinstance(parent, ast.Subscript) and node is parent.slice:
            # np.c_[a, b] and np.r_[...] build arrays; their "index" is what they are made of
            return not (isinstance(parent.value, ast.Attribute) and _root_name(parent.value) == ctx.np
                        and ctx.np is not None)
        node = parent
    return False


def _reused_unpredicted(ctx: _Context, stmt: Statement, big: list[Temporary]) -> Temporary | None:
    """The chain's temporary that NumPy computed the next step in, though the prediction could not show it (the
    other operand's shape was not known): the operand of a ``+`` or ``*`` whose other side is no temporary of
    the line, when the line measured about the rest of the chain without it."""
    measured = ctx.measured(stmt, "temporaries")
    if measured is None or len(big) < 2 or stmt.peak:   # (a peak the prediction sized tells it already)
        return None
    total = sum(t.nbytes for t in big)
    made = {t.span for t in stmt.temporaries}
    for t in big:
        node = ctx.node_at(t.span)
        parent = ctx.parents.get(id(node)) if node is not None else None
        if not (isinstance(parent, ast.BinOp) and isinstance(parent.op, _COMMUTATIVE)):
            continue
        other = parent.left if parent.right is node else parent.right
        if (_span_of(other) not in made and not _scalar_expr(ctx, other)
                and abs(measured - (total - t.nbytes)) <= 0.1 * t.nbytes and measured < total - 0.5 * t.nbytes):
            return t
    return None


def _chain_steps(node: ast.expr) -> tuple[ast.BinOp, list[tuple[ast.operator, ast.expr]]] | None:
    """Split ``((base op1 x) op2 y)`` into the first intermediate and the later steps, with
    the accumulator on the left (or on the right of a commutative ``+``/``*``)."""
    if not (isinstance(node, ast.BinOp) and type(node.op) in _OPS):
        return None
    for acc, other, ok in ((node.left, node.right, True),
                           (node.right, node.left, isinstance(node.op, _COMMUTATIVE))):
        if ok and isinstance(acc, ast.BinOp) and type(acc.op) in _OPS:
            inner = _chain_steps(acc)
            if inner is not None:
                base, steps = inner
                return base, steps + [(node.op, other)]
        if ok and isinstance(acc, ast.BinOp) and isinstance(acc.op, ast.MatMult):
            return acc, [(node.op, other)]   # `a @ b + v`: the product is the first intermediate
    return node, []


#: What a chain without a rewrite is told: true whether or not an array is free to reuse.
_NO_REWRITE_WORDS = ("Each operator returns a new array. A step can reuse an array in place (an augmented operator,"
                     " a ufunc's `out=`) only when that array is not needed afterwards: an intermediate of this"
                     " line, or an input the code no longer reads. When every input must stay and the result is"
                     " smaller (a mask, a reduction, a product's sums), no in-place form lowers the peak: only a"
                     " form that never builds the array (`np.einsum` for products that are summed) or working in"
                     " chunks would.")


def _chain_rewrite(ctx: _Context, stmt: Statement, temps: list[Temporary]) -> tuple[str | None, str]:
    words = ("Compute into one array step by step with in-place operators (`+=`, `*=`, ...) or"
             " ufuncs with `out=`, so only the result is allocated.")
    node = ctx.node_of(stmt)
    if node is None:
        return None, _NO_REWRITE_WORDS
    target = _single_target(node)
    value = _value(node)
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
        added = _term_in_place(ctx, stmt, node)
        if added is not None:
            return added
    if isinstance(node, ast.AugAssign):
        return None, _NO_REWRITE_WORDS + (
            f" (No rewrite: npguard computes the right side of `{_OPS[type(node.op)]}=` in an array of its own only"
            " where its first step makes a new array of the updated array's shape and dtype, from arrays the line"
            " only reads, and every later step combines it with numbers or such arrays; here that is not known.)")
    if target is None or value is None:
        return None, _NO_REWRITE_WORDS + " (No rewrite: the line does not bind a single name.)"
    split = _chain_steps(value)
    if split is not None and not split[1]:
        into = _into_right_operand(ctx, stmt, node, value, target)
        if into is not None:
            rewrite, call, stepped = into
            return rewrite, ("NumPy reuses a temporary in place only when it is the left operand (or either one,"
                             f" for `+` and `*`), so {_code(ctx.segment(value.right))} and the result both exist:"
                             + (f" compute it in `{target}` step by step with in-place operators" if stepped
                                else f" bind it as `{target}`")
                             + f" and apply `{_OPS[type(value.op)]}` into it with the ufunc's"
                             f" `out=` (`{call}`), so no second array exists.")
    def from_the_first_step(seeded: list[str]) -> tuple[str | None, str]:
        return ctx.replace_statement(node, seeded), (
            f"Only the first step, {_code(seeded[0].split(' = ', 1)[1])}, needs a new array: every later step"
            " combines that array with numbers or with arrays the line only reads, so it can run in place in"
            f" `{target}` (augmented operators, ufuncs with `out=`), in the same order, giving the same values"
            " with one array instead of two.")

    seeded = (_seeded_steps(ctx, stmt, value, target)
              if split is None or not split[1] or _number_expr(ctx, split[0]) else None)
    if seeded is not None:   # ``ST = S0 * np.exp(mu + s * rand)``: from ``s * rand`` on, every step in place
        return from_the_first_step(seeded)
    if split is None or not split[1]:
        branch = _where_branch_in_place(ctx, stmt, node, value, target)
        if branch is not None:
            return branch
        single = next((a for a in value.args if isinstance(a, ast.BinOp) and type(a.op) in _OPS
                       and isinstance(a.left, ast.Name) and isinstance(a.right, ast.Name)), None) \
            if isinstance(value, ast.Call) else None
        blocked = _operands_kept(ctx, node, [single.left.id, single.right.id]) if single is not None else {}
        if single is not None and len(blocked) == 2:
            # ``nanmean(ind_residual * returns, axis=0)``: one operation, whose operands are both needed afterwards
            return None, _NO_REWRITE_WORDS + (f" (No rewrite: {_code(ctx.segment(single))} is one operation, and"
                                              " neither operand is free to take its result: "
                                              + "; ".join(blocked.values()) + ".)")
        if isinstance(value, ast.Call) and any(isinstance(a, ast.BinOp) and type(a.op) in _OPS for a in value.args):
            # ``np.sqrt(t[:, None] - 2*tt + tr)``: a chain handed to a call, not the line's value itself
            return None, _NO_REWRITE_WORDS + (f" (No rewrite: the chain is an argument of {_code(ctx.segment(value.func))},"
                                              " and npguard splits a chain handed to a call into in-place steps only"
                                              " where each step combines the new array with numbers and the call is"
                                              " a ufunc it can apply in place.)")
        return None, _NO_REWRITE_WORDS + (" (No rewrite: npguard splits a line into in-place steps only where its"
                                          " value is a chain of operators, or of ufuncs applied to numbers, whose"
                                          " first step makes the result's array; this line's value is not one it"
                                          " can split.)")
    base, steps = split
    result = stmt.result
    lead = next((t for t in stmt.temporaries if isinstance(base.left, ast.Call) and type(base.op) in _OPS
                 and _norm(t.expr) == ast.unparse(base.left)), None)
    if (lead is not None and result is not None
            and (tuple(lead.shape), lead.dtype) == (tuple(result.shape), result.dtype)):
        # ``X = (X.astype(np.float32) - 127.5) / 127.5``: the call's new array is the one to update
        base, steps = base.left, [(base.op, base.right)] + steps
    first = next((t for t in stmt.temporaries if _norm(t.expr) == ast.unparse(base)), None)
    if (first is not None and result is not None and steps and isinstance(steps[0][0], _COMMUTATIVE)
            and (tuple(first.shape), first.dtype) != (tuple(result.shape), result.dtype)):
        # ``np.round(2 ** k * x) * (2.0 ** (-k))``: the small factor came first; the full-size operand is the base
        other = next((t for t in stmt.temporaries if _norm(t.expr) == ast.unparse(steps[0][1])), None)
        if other is not None and (tuple(other.shape), other.dtype) == (tuple(result.shape), result.dtype):
            seeded = _seeded_steps(ctx, stmt, value, target)
            if seeded is not None:   # the full-size operand's own steps in place too
                return from_the_first_step(seeded)
    if first is None or result is None:
        return None, _NO_REWRITE_WORDS + (" (No rewrite: the shapes and dtypes of the chain's steps are not known"
                                          " here, so npguard cannot show that in-place steps give the same values.)")
    if (tuple(first.shape), first.dtype) != (tuple(result.shape), result.dtype):
        return None, _NO_REWRITE_WORDS + (f" (No rewrite: the first intermediate, {_code(ctx.segment(base))}, does"
                                          f" not have the result's shape and dtype: it is {first.dtype} of shape"
                                          f" {tuple(first.shape)}, the result {result.dtype} of shape"
                                          f" {tuple(result.shape)}, so in-place steps would not give the same"
                                          " values.)")
    measured = ctx.measured(stmt, "temporaries")
    # ``r = (Ia * wa).T + (Ib * wb).T + (Ic * wc).T``: a transposed product is a view, which NumPy never
    # reuses in place, so the line holds three arrays of its size; step by step from the first product, two
    held = (measured is not None and measured >= 1.9 * result.nbytes and isinstance(base, ast.BinOp)
            and _transposed_product(ctx, stmt, base.left, result))
    for _, operand in steps:
        if any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(operand)):
            return None, _NO_REWRITE_WORDS + (f" (No rewrite: a later step reads `{target}`, which the split"
                                  " would already have replaced.)")
        for t in stmt.temporaries:
            if held:
                break
            if (t.kind != "result" and t.nbytes >= max(MIN_ARRAY_BYTES, result.nbytes // 2)
                    and _find(operand, t.expr) is not None):
                held_now = (f" The line as written holds {format_bytes(measured)} beside its result."
                            if measured is not None and measured > 1.3 * result.nbytes else "")
                inner = _find(operand, t.expr)
                spent = _spent_operand(ctx, inner, t) if isinstance(inner, ast.BinOp) else None
                if spent is not None and inner is operand or spent is not None and isinstance(
                        operand, ast.BinOp) and inner in (operand.left, operand.right):
                    # photutils' ``... / (source_power + reg_term)`` where nothing reads ``source_power`` after
                    other = inner.right if getattr(inner.left, "id", None) == spent else inner.left
                    return None, (f"{_code(ctx.segment(inner))} is built beside the running result, and nothing"
                                  f" reads `{spent}` after this line: `{spent} {_OPS[type(inner.op)]}="
                                  f" {ctx.segment(other)}`, then using `{spent}` in its place, computes it in"
                                  f" `{spent}`'s own array, with no array of its size built for it." + held_now)
                return None, (f"The operand {_code(ctx.segment(operand))} is itself full size and is built beside"
                              " the running result, so in-place steps for the line as a whole still hold two"
                              " arrays of its size (the running result and that operand), and what each of the"
                              " operand's factors needs while it is made. Computing the operand's own steps in place"
                              " in one array of its own (`t = ...`, then augmented operators) and adding it in holds"
                              " no more than that; a formula that needs no such array, or working in chunks of rows,"
                              " would make it smaller." + held_now)
    dying = [t for t in temps if t.nbytes >= MIN_ARRAY_BYTES and not t.elided and t.kind != "result"
             and t.span != _span_of(base)]
    # (unless the first step's own array dies too: ``slope * np.arange(n) + intercept.reshape(-1, 1)``, whose
    # broadcast operand NumPy does not add in place, makes a second array; split off, the first one is the result)
    above = ctx.parents.get(id(base))
    renewed = any(t.span == _span_of(above) and not t.elided for t in stmt.temporaries) and not any(
        t.span == _span_of(base) and t.elided for t in stmt.temporaries)
    # (``centroid + sigma * np.random.randn(n, d)``: the first step is computed in the buffer of the array that
    # dies, so split off it is the result's own array, and the rest runs in place in it)
    into_dying = any(t.span == _span_of(base) and t.elided for t in stmt.temporaries) and all(
        t.span is not None and ctx.parents.get(id(ctx.node_at(t.span))) is base for t in dying)
    if dying and not held and not renewed and not into_dying and all(
            t.span is not None and _inside(base, ctx.node_at(t.span)) for t in dying):
        seeded = _seeded_steps(ctx, stmt, value, target)
        if seeded is not None:   # ``k = V * (1 - S * (h - i))``: from ``h - i`` on, every step in place
            return from_the_first_step(seeded)
        old = next((o for o in stmt.temporaries if o.kind == "out-of-place-update"), None)
        if old is not None and _update_rewrite(ctx, stmt, old, target)[0] is not None:
            # ``data = level + np.cumsum(data, axis=1) + e``: the update of the old array needs neither
            return None, (f"Written as an update of `{target}` (the out-of-place update on this line shows how), the"
                          " line needs neither this array nor a second one of the result's size.")
        return None, _NO_REWRITE_WORDS + (f" (No rewrite: what dies is built inside the first step, {_code(ctx.segment(base))},"
                              " so splitting the later steps off would not lower the peak.)")
    steps_made, n = set(), ctx.parents.get(id(base))
    while n is not None and n is not ctx.parents.get(id(value)):
        steps_made.add(id(n))   # the arrays the chain's own steps make: the split does them in place
        n = ctx.parents.get(id(n))
    placed = [t for t in dying if ctx.node_at(t.span) is not None]
    if placed and not held and not renewed and not into_dying and len(placed) == len(dying) and not any(
            id(ctx.node_at(t.span)) in steps_made for t in placed):
        return None, _NO_REWRITE_WORDS + (" (No rewrite: what dies is built inside the operands, which the split"
                                          " would still build whole, so it would not lower the peak.)")
    if held:
        base, steps = base.left, [(base.op, base.right)] + steps
        words = ("A transposed product (`(a * b).T`) is a view, which NumPy never reuses in place, so adding the"
                 " first two builds a new array beside both: three arrays of the result's size at once. Started"
                 " from the first product and added to in place, the line holds two.")
    elif renewed and steps:
        inner = [u for u in stmt.temporaries if not u.elided and u.span != _span_of(base)
                 and tuple(u.shape) == tuple(result.shape) and ctx.node_at(u.span) is not None
                 and _inside(base, ctx.node_at(u.span))]
        if inner:
            # ``amp * np.sin(t * c)`` as the first step holds two arrays of its size itself: split there, the
            # line would hold as many as now; from its innermost step on, every step in place holds one
            seeded = _seeded_steps(ctx, stmt, value, target)
            if seeded is not None:
                return from_the_first_step(seeded)
            return None, _NO_REWRITE_WORDS + (f" (No rewrite: the first step, {_code(ctx.segment(base))}, holds two"
                                              " arrays of its size while it is made, so splitting the later steps"
                                              " off would not lower the peak.)")
        big_inside = [u for u in dying if u.nbytes >= MIN_ARRAY_BYTES and ctx.node_at(u.span) is not None
                      and _inside(base, ctx.node_at(u.span))]
        if result.nbytes < MIN_ARRAY_BYTES and big_inside:
            # ``np.max(np.abs(z2[:, idx] - 1), axis=0) / 2 + 1``: splitting saves one small reduced array, while
            # the line's memory is built inside the first step
            return None, _NO_REWRITE_WORDS + (f" (No rewrite: splitting after {_code(ctx.segment(base))} would save"
                                              f" only one array of the result's size ({format_bytes(result.nbytes)}),"
                                              " not what that step builds inside.)")
        operand = ctx.segment(steps[0][1])
        if isinstance(steps[0][1], (ast.BinOp, ast.BoolOp, ast.Compare, ast.IfExp)):
            operand = f"({operand})"
        words = (f"{_code(ctx.segment(base))} makes an array of the result's size, and"
                 f" `{_OPS[type(steps[0][0])]} {operand}` then makes another beside it (NumPy does not compute that"
                 " step in the first array as written), so the first one dies. Split off, the first step's array is"
                 " the result and each later step writes into it, so one array of its size is made instead of"
                 " two.")
    new = [f"{target} = {_inline(ctx, base)}"]
    new += [f"{target} {_OPS[type(op)]}= {_inline(ctx, operand)}" for op, operand in steps]
    return ctx.replace_statement(node, new), words


def _term_in_place(ctx: _Context, stmt: Statement, node: ast.AugAssign) -> tuple[str | None, str] | None:
    """``x += 0.5 * np.sin(2*np.pi*freq*t)``: the right side is built whole before it is added, and its steps
    each make an array beside the one before (``2*np.pi*freq*t``, then ``np.sin`` of it). Started in an array
    of its own and carried on in place there (the same steps in the same order), it needs one array; then it
    is added and let go."""
    value, name = node.value, node.target.id
    made = next((t for t in stmt.temporaries if t.span == _span_of(value)), None)
    result = stmt.result
    if made is None or result is None or (tuple(made.shape), made.dtype) != (tuple(result.shape), result.dtype):
        return None   # the right side broadcasts, or has another dtype than the array it is added to
    term = ctx.fresh_name("term")
    steps = _seeded_steps(ctx, stmt, value, term)
    if steps is None or not ctx.owns_lines(node):
        return None
    rewrite = ctx.replace_statement(node, steps + [f"{name} {_OPS[type(node.op)]}= {term}", f"del {term}"])
    return rewrite, (f"The right side is built whole before `{_OPS[type(node.op)]}=` applies it, and each of its"
                     f" steps makes a new array beside the one before. Computed in one array of its own (`{term}`),"
                     " the first step new and every later one in place (augmented operators, ufuncs with `out=`),"
                     " in the same order, it gives the same values with one array instead of two; then it is"
                     f" applied to `{name}` and let go.")


def _operands_kept(ctx: _Context, node: ast.stmt, names: list[str]) -> dict[str, str]:
    """Why each of ``names`` must keep its values past ``node``: read on a later line, a parameter (the
    caller's array), or a name the session holds (the cell runs at the top level)."""
    later = _read_later(ctx, node, names)
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    out = {}
    for name in names:
        if name in later:
            out[name] = f"`{name}` is read again on line {later[name]}"
        elif scope is not None and name in _parameters(scope):
            out[name] = f"`{name}` is a parameter of `{scope.name}`, the caller's array"
        elif scope is None and name in (ctx.namespace or {}):
            out[name] = f"`{name}` keeps its values for the session after the cell"
    return out


def _where_branch_in_place(ctx: _Context, stmt: Statement, node: ast.stmt, value: ast.expr,
                           target: str) -> tuple[str | None, str] | None:
    """``w = np.where(rhos != 0, weighted_returns / rhos, 0)``: the branch the line computes is a new array of
    the result's shape and dtype, and the other branch is a number. Binding the branch and then writing the
    number where the condition does not hold (``np.copyto(w, 0, where=~(rhos != 0))``) gives the same values
    with one array instead of two."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "where"
            and _root_name(value.func) == ctx.np and ctx.np is not None and len(value.args) == 3
            and not value.keywords and isinstance(value.args[0], ast.Compare)):
        return None
    cond, yes, no = value.args
    result = stmt.result
    for made, number, negate in ((yes, no, True), (no, yes, False)):
        temp = next((t for t in stmt.temporaries if t.span == _span_of(made)), None)   # reused in place or not
        if (temp is None or result is None or not _number_expr(ctx, number)
                or (tuple(temp.shape), temp.dtype) != (tuple(result.shape), result.dtype)
                or any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(value))
                or not isinstance(made, (ast.BinOp, ast.Call)) or not ctx.owns_lines(node)):
            continue
        mask = f"~({ctx.segment(cond)})" if negate else ctx.segment(cond)
        steps = [f"{target} = {ctx.segment(made)}",
                 f"{ctx.np}.copyto({target}, {ctx.segment(number)}, where={mask})"]
        return ctx.replace_statement(node, steps), (
            f"`np.where` builds its result beside {_code(ctx.segment(made))}, which already has the result's shape"
            f" and dtype: bind that array as `{target}` and write {_code(ctx.segment(number))} where the condition"
            f" {'does not hold' if negate else 'holds'} (`np.copyto(..., where=...)`), the same values in one array.")
    return None


def _read_later(ctx: _Context, node: ast.stmt, names: list[str]) -> dict[str, int]:
    """The first line after ``node``, in its scope (its function, or the cell), that reads each of ``names``;
    a name read in a loop around ``node`` is read again on the next pass, on its own line."""
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    loop = _innermost_loop(scope, node) if scope is not None else None
    found: dict[str, int] = {}
    for name in names:
        lines = sorted(n.lineno for n in ast.walk(scope) if isinstance(n, ast.Name) and n.id == name
                       and isinstance(n.ctx, ast.Load) and (n.lineno > node.end_lineno or loop is not None
                                                            and _inside(loop, n) and n.lineno < node.lineno))
        if lines:
            found[name] = lines[0]
    return found


def _transposed_product(ctx: _Context, stmt: Statement, first: ast.expr, result) -> bool:
    """``(Ia * wa).T``: the transpose of an array the line makes, with the result's shape and dtype once
    transposed, so it can hold the result and be added to in place."""
    if not (isinstance(first, ast.Attribute) and first.attr == "T" and isinstance(first.value, ast.BinOp)):
        return False
    made = next((t for t in stmt.temporaries if t.span == _span_of(first.value)), None)
    return made is not None and (tuple(made.shape[::-1]), made.dtype) == (tuple(result.shape), result.dtype)


def _into_right_operand(ctx: _Context, stmt: Statement, node: ast.stmt, value: ast.BinOp,
                        target: str) -> tuple[str, str, bool] | None:
    """``u5 = 1.0 - 5.0 * u``: NumPy reuses only a left (or, for ``+``/``*``, either) temporary, so the
    right one and the result both exist. ``u5 = 5.0 * u; np.subtract(1.0, u5, out=u5)`` computes the
    same values in one array."""
    ufunc = _UFUNC_OF.get(type(value.op))
    result = stmt.result
    right = next((t for t in stmt.temporaries if t.span == _span_of(value.right) and not t.elided), None)
    others = [t for i, t in enumerate(stmt.temporaries) if t is not right and not t.elided and i != stmt.result_index
              and t.kind != "result" and t.nbytes >= MIN_ARRAY_BYTES]
    # ``res = ys - (inter + slope * xs)``: the operand is itself a chain whose first step has the result's
    # shape and dtype, so its steps go into the bound array too (``res = slope * xs; res += inter``)
    inner = _chain_steps(value.right)
    first = (next((t for t in stmt.temporaries if t.span == _span_of(inner[0]) and not t.elided), None)
             if inner is not None and inner[1] else None)
    if (first is not None and result is not None and (tuple(first.shape), first.dtype) == (tuple(result.shape), result.dtype)
            and all(t is first for t in others)
            and not any(isinstance(n, ast.Name) and n.id == target for _, operand in inner[1] for n in ast.walk(operand))
            and not any(_find(operand, t.expr) is not None for _, operand in inner[1] for t in stmt.temporaries
                        if t.nbytes >= MIN_ARRAY_BYTES)):
        steps = [f"{target} = {_inline(ctx, inner[0])}"]
        steps += [f"{target} {_OPS[type(op)]}= {_inline(ctx, operand)}" for op, operand in inner[1]]
        right, others = first, []
    else:
        steps = None
    if others:
        return None   # another array dies inside the operand: binding it would not lower the line
    if (ufunc is None or ctx.np is None or result is None or right is None or right.nbytes < MIN_ARRAY_BYTES
            or (tuple(right.shape), right.dtype) != (tuple(result.shape), result.dtype)
            or not (_is_scalar(ctx, value.left) or isinstance(value.left, ast.Name))
            or any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(value.left))
            or not ctx.owns_lines(node)):
        return None
    known = _shape_dtype(ctx, value.left.id) if isinstance(value.left, ast.Name) else None
    if known is not None and known != (tuple(result.shape), result.dtype):
        return None   # an array operand must be the result's own shape and dtype (no broadcasting into out=)
    # (a name not sized here, a function's parameter: the right operand already has the result's shape and
    # dtype, so the left one broadcasts into it and casts no wider)
    call = f"{ctx.np}.{ufunc}({ctx.segment(value.left)}, {target}, out={target})"
    rewrite = ctx.replace_statement(node, (steps or [f"{target} = {_inline(ctx, value.right)}"]) + [call])
    return (rewrite, call, steps is not None) if rewrite is not None else None


#: A ufunc call as written (``np.sqrt``, ``numpy.log``), which could take ``out=``.
_UFUNC_CALL = re.compile(r"^(np|numpy)\.(" + "|".join(sorted(_UNARY_UFUNCS | _BINARY_UFUNCS)) + r")$")


def _inline(ctx: _Context, node: ast.expr) -> str:
    """The expression as written, in parentheses when it spans lines (so it still parses alone)."""
    text = ctx.segment(node)
    return f"({text})" if "\n" in text else text


def _einsum_rewrite(ctx: _Context, stmt: Statement, temps: list[Temporary]) -> tuple[str | None, str | None]:
    """``(a*b).sum(axis=1)`` -> ``np.einsum('ij,ij->i', a, b)``: the product is never built (also in an
    update, ``dists += np.sum(x**2, axis=1)[:, np.newaxis]``)."""
    node = ctx.node_of(stmt)
    value = node.value if isinstance(node, ast.AugAssign) else _value(node)
    if value is None:
        return None, None
    for call in ast.walk(value):
        if not isinstance(call, ast.Call):
            continue
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr == "sum" and not (
                isinstance(f.value, ast.Name) and f.value.id == ctx.np):
            inner, args = f.value, list(call.args)
        elif (isinstance(f, ast.Attribute) and f.attr == "sum" and isinstance(f.value, ast.Name)
              and f.value.id == ctx.np and call.args):
            inner, args = call.args[0], list(call.args[1:])
        else:
            continue
        if not (isinstance(inner, ast.BinOp) and isinstance(inner.op, (ast.Mult, ast.Pow))):
            continue
        if isinstance(inner.op, ast.Pow) and not (isinstance(inner.right, ast.Constant)
                                                 and type(inner.right.value) is int and 2 <= inner.right.value <= 8):
            continue   # maad's ``pmf**(1/order)``: a root (or a power not written as a small count) is no product
        product = next((t for t in temps if _norm(t.expr) == ast.unparse(inner)), None)
        if product is None or product.elided or 2 * product.nbytes <= sum(t.nbytes for t in _big(temps)
                                                                            if not t.elided):
            # NumPy already reuses it, or it is not what holds most of the line's memory (another array
            # as large, ``p - p_ref`` beside ``p_ref**2``, would keep the line's peak where it is)
            continue
        words = ("Reduce without building the product: `np.einsum` multiplies and sums in one"
                 " pass. Values agree to rounding (`np.allclose`), not bit for bit, because"
                 " the summation order differs.")
        operands = _einsum_operands(ctx, inner, product, stmt)
        axis = _axis(args, call.keywords, len(product.shape), ctx)
        # (int64 products sum to the same int64 in any order; a narrower integer sums wider in ``.sum()``)
        if operands is None or axis is False or ctx.np is None or product.dtype not in _FLOAT_DTYPES | {"int64"}:
            return None, words + (" (No rewrite: the operands' shapes or dtype are not known to"
                                  " match, or the reduction has options einsum does not take.)")
        letters = "ijklmnopqrstuvwxyz"[: len(product.shape)]
        out = "" if axis is None else letters.replace(letters[axis], "")
        spec = ",".join([letters] * len(operands)) + "->" + out
        text = f"{ctx.np}.einsum('{spec}', {', '.join(operands)})"
        a, b = ctx.span(call)
        return ctx.replace([(a, b, text)]), words
    return None, None


def _einsum_operands(ctx: _Context, inner: ast.BinOp, product: Temporary,
                     stmt: Statement | None = None) -> list[str] | None:
    def known_of(name: str) -> tuple[tuple[int, ...], str] | None:
        # as the namespace holds it, else as deep mode read it at the line (``focal = s.loc[...].values``)
        return _shape_dtype(ctx, name) or (_held_at(ctx, stmt, name) if stmt is not None else None)

    if not product.shape:
        return None
    if isinstance(inner.op, ast.Pow):
        if (isinstance(inner.left, ast.Name) and isinstance(inner.right, ast.Constant)
                and inner.right.value in (2, 3, 4) and type(inner.right.value) is int):
            known = known_of(inner.left.id)
            if known is not None and known != (tuple(product.shape), product.dtype):
                return None
            return [inner.left.id] * inner.right.value
        return None
    if not (isinstance(inner.left, ast.Name) and isinstance(inner.right, ast.Name)):
        return None
    names = [inner.left.id, inner.right.id]
    for n in set(names):
        known = known_of(n)
        if known is None and names[0] != names[1]:
            return None  # cannot rule out broadcasting between two different arrays
        if known is not None and (known[0] != tuple(product.shape)
                                  or product.dtype == "int64" and known[1] not in ("int64", "bool")):
            return None
    return names


def _axis(args: list[ast.expr], keywords: list[ast.keyword], ndim: int,
          ctx: _Context | None = None) -> int | None | bool:
    """The single reduced axis (None: all), or False for anything einsum would not mirror. A name
    (``axis=TIME_AX``) is read from the session when the cell never binds it."""
    if len(args) > 1 or any(k.arg != "axis" for k in keywords):
        return False
    expr = args[0] if args else next((k.value for k in keywords), None)
    if expr is None or (isinstance(expr, ast.Constant) and expr.value is None):
        return None
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub) and isinstance(expr.operand, ast.Constant):
        v = -expr.operand.value
    elif isinstance(expr, ast.Constant):
        v = expr.value
    elif (isinstance(expr, ast.Name) and ctx is not None and ctx.tree is not None
          and not any(isinstance(n, ast.Name) and n.id == expr.id and isinstance(n.ctx, (ast.Store, ast.Del))
                      for n in ast.walk(ctx.tree))
          and not any(isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                      and expr.id in _parameters(f) for f in ast.walk(ctx.tree))):
        v = (ctx.namespace or {}).get(expr.id)
    else:
        return False
    if type(v) is not int or not -ndim <= v < ndim:
        return False
    return v % ndim


# --------------------------------------------------------------------------- broadcast-expansion


def _reused_in_place(ctx: _Context, stmt: Statement, t: Temporary) -> bool:
    """A later operator of the line computed its result in ``t``'s array (temporary elision)."""
    node = ctx.node_at(t.span)
    parent = ctx.parents.get(id(node)) if node is not None else None
    return isinstance(parent, ast.BinOp) and any(o.elided and o.span == _span_of(parent) for o in stmt.temporaries)


def _broadcast(ctx: _Context, stmt: Statement, temps: list[Temporary], shared: bool) -> Finding | None:
    # ``a * a[:, None] / np.sqrt(b * b2)``: the expansion that died on the line is the one that cost memory
    # beside the result (both are told when the kept one is as large)
    # (not one whose array a later step of the chain reused in place: ``(f - f0) ** 2`` is that step's temporary)
    t = _largest([x for x in temps if _kept(ctx, stmt, x) is False and not _reused_in_place(ctx, stmt, x)]) \
        or _largest(temps)
    if t is None:
        return None
    kept = _kept(ctx, stmt, t)
    got = ctx.bytes_for(stmt, t.nbytes, "kept" if kept else "temporaries", shared)
    node = ctx.node_at(t.span) or _find(_value(ctx.node_of(stmt)), t.expr)
    # ``np.tile(m, (n, 1))``, ``repmat(s1, 1, m)`` (numpy.matlib): a copy repeated on purpose
    tiled = isinstance(node, ast.Call) and (isinstance(node.func, ast.Attribute) and node.func.attr in (
        "tile", "repeat", "repmat") or isinstance(node.func, ast.Name) and node.func.id in ("repmat", "tile", "repeat"))
    grid = (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "mgrid"
            and _root_name(node.value) == ctx.np)
    mesh = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "meshgrid"
    shape = "x".join(map(str, t.shape)) or "scalar"
    how = (("repmat" if "repmat" in ctx.segment(node.func) else "np.tile/np.repeat") if tiled else "np.mgrid" if grid
           else "np.meshgrid" if mesh else "broadcasting")
    message = (f"{_code(t.expr)} materialised a {shape} {t.dtype} array of {format_bytes(t.nbytes)}"
               f" through {how}, much larger than its inputs"
               + (f" ({t.detail})." if t.detail else "."))
    if mesh:
        grids = [g for g in temps if ctx.node_at(g.span) is node]
        total = sum(g.nbytes for g in grids)
        message = (f"{_code(t.expr)} copied {len(grids)} full grids of {shape} ({format_bytes(total)} in all),"
                   " one per input, each much larger than the input it repeats.")
        got = ctx.bytes_for(stmt, total, "kept" if kept else "temporaries", shared)
        return Finding("broadcast-expansion", stmt.lineno, got, message,
                       f"`{ctx.segment(node)[:-1].rstrip()}, sparse=True)` gives open grids, one axis each, that"
                       " broadcast to the same values in arithmetic, so only the results are full size"
                       " (`copy=False` gives views instead, which must not be written to). No rewrite:"
                       " npguard does not follow the grids through the code, and code that reads their shapes,"
                       " indexes them or reduces them would see open grids instead.", None)
    if grid:
        open_grid = f"{ctx.segment(node.value)[:-len('mgrid')]}ogrid[{ctx.segment(node.slice)}]"
        return Finding("broadcast-expansion", stmt.lineno, got, message,
                       f"`{open_grid}` gives open grids, one axis each, that broadcast to the same values in"
                       " arithmetic (`X**2 + Y**2`), so only the results are full size. No rewrite: code that"
                       " uses the grids' own shapes would change.", None)
    if tiled:
        suggestion = ("Let broadcasting do the repetition: use the smaller array directly in the"
                      " arithmetic (e.g. `a - m` instead of `a - np.tile(m, (n, 1))`) so the"
                      " repeated copy is never built. No rewrite: whether broadcasting lines up"
                      " depends on the shapes.")
        copies = [c for c in temps if not c.elided and re.search(r"\b(tile|repeat)\s*\(", c.expr)]
        if len(copies) > 1 and not kept:
            # ``np.tile(a, (n, 1)) * np.tile(a[:, None], (1, n))``: both copies exist when the product is made
            total = sum(c.nbytes for c in copies)
            got = ctx.bytes_for(stmt, total, "temporaries", shared)
            message = (f"{len(copies)} repeated copies, "
                       + ", ".join(f"{_code(c.expr)} ({'x'.join(map(str, c.shape))} {c.dtype},"
                                   f" {format_bytes(c.nbytes)})" for c in copies)
                       + f", were materialised through {how} ({format_bytes(total)} in all), each much larger"
                       " than the input it repeats.")
        more = [c.expr for c in stmt.calls if c.numpy and _short(c) in ("tile", "repeat")
                and not any(_norm(c.expr) == _norm(t.expr) for t in copies)]
        if more:
            # ``(np.tile(expected, (n, 1)) + u) * s + np.tile(df["floor"].values, (n, 1))``: the line holds each copy
            # at its own step, so broadcasting one alone leaves the line's peak to the other
            head, _, tail = suggestion.partition(" No rewrite:")
            suggestion = (head + f" {_join_code(more)} on this line"
                          f" {'repeats its input' if len(more) == 1 else 'repeat theirs'} the same way, a copy held"
                          " at its own step: where it is as large, broadcasting"
                          f" {'both' if len(more) == 1 else 'all of them'} is what lowers the line's peak."
                          + (" No rewrite:" + tail if tail else ""))
        return Finding("broadcast-expansion", stmt.lineno, got, message, suggestion, None)
    algebra = ("an algebraic form that avoids the expanded array (for squared distances:"
               " `(x**2).sum(1)[:, None] + (y**2).sum(1) - 2 * x @ y.T`)")
    if kept:
        return Finding("broadcast-expansion", stmt.lineno, got, message,
                       "The expansion is the line's result. If the whole array is needed, nothing is wasted;"
                       " if it is only reduced later, reduce without building it (`np.einsum`, or chunks of"
                       " rows); if its size is a surprise, check the shapes: an (n, 1) array against an (n,)"
                       " one broadcasts to (n, n).", None)
    result = stmt.result
    hypot = _hypot(ctx, stmt)
    if hypot is not None:
        return Finding("broadcast-expansion", stmt.lineno, got, message, *hypot)
    both = [o for o in temps if o is not t and not o.elided and tuple(o.shape) == tuple(t.shape)]
    # only the expansions combined with this one by the operators around it are alive beside it (``c1 * s2 - s1 * c2``;
    # not ``s1 * s2`` in another argument, made after these were used)
    here, met = ctx.node_at(t.span), []
    parent = ctx.parents.get(id(here)) if here is not None else None
    while isinstance(parent, ast.BinOp) and not met:
        other = parent.right if parent.left is here else parent.left
        met = [o for o in both if ctx.node_at(o.span) is not None and _inside(other, ctx.node_at(o.span))]
        here, parent = parent, ctx.parents.get(id(parent))
    both = met if here is not None else both
    if result is not None and tuple(result.shape) == tuple(t.shape) and both:
        # ``np.sqrt((X-X.T)**2 + (Y-Y.T)**2)``: two expansions meet in the sum, so in place still needs both
        return Finding("broadcast-expansion", stmt.lineno, got, message,
                       f"{_code(t.expr)} and {_join_code([o.expr for o in both[:2]])} are expanded to the result's"
                       " size and are alive together where they are combined, so finishing this step in place"
                       " would still need two arrays of this size (in-place steps elsewhere on the line can still"
                       " save others). Working in chunks of rows into a preallocated result is what brings these"
                       " two down (an algebraic form of the distances builds arrays of the result's size too).", None)
    if result is not None and tuple(result.shape) == tuple(t.shape):
        words, rewrite = _finish_in_place(ctx, stmt, t)
        return Finding("broadcast-expansion", stmt.lineno, got, message, words, rewrite)
    line = ctx.stats.get(stmt.lineno)
    if (result is None and line is not None and line.hits == 1 and stmt.targets
            and abs(line.net_bytes - t.nbytes) <= 0.05 * t.nbytes):
        # ``r2 = -2.*tdot(X) + (Xsq[:,None] + Xsq[None,:])`` with ``tdot`` not modelled: the line keeps an array
        # of the expansion's size, so the result has this size anyway
        node, made = ctx.node_of(stmt), ctx.node_at(t.span)
        value, target = _value(node), _single_target(node)
        steps = ("`r += a[:, None]`, then `r += a[None, :]`")
        if (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add) and value.right is made
                and isinstance(made, ast.BinOp) and isinstance(made.op, ast.Add) and target is not None):
            steps = (f"`{target} = {ctx.segment(value.left)}`, then `{target} += {ctx.segment(made.left)}`, then"
                     f" `{target} += {ctx.segment(made.right)}`")
        return Finding("broadcast-expansion", stmt.lineno, got, message,
                       "The line keeps an array of this size anyway (measured): build the result once and add the"
                       f" broadcast operands into it in place (augmented operators broadcast too: {steps}), so no"
                       " second array of its size exists (the same values, to rounding).", None)
    if stmt.in_loop and stmt.in_place:   # one chunk per pass, written into a preallocated result
        return Finding("broadcast-expansion", stmt.lineno, got, message,
                       f"This already works in chunks: each pass builds one chunk's expansion, so a smaller"
                       f" chunk lowers the peak, or {algebra} removes it.", None)
    suggestion = f"Reduce in chunks of rows into a preallocated result, or use {algebra}."
    rewrite, why = _chunk_rewrite(ctx, stmt, t)
    if rewrite is None and why:
        suggestion += f" (No rewrite: {why}.)"
    elif rewrite is not None:
        suggestion += (" The chunked loop gives the same values (allclose; bit for bit in"
                       " practice, since each row is computed alike).")
    return Finding("broadcast-expansion", stmt.lineno, got, message, suggestion, rewrite)


def _finish_in_place(ctx: _Context, stmt: Statement, expanded: Temporary) -> tuple[str, str | None]:
    """``d = np.abs(m - m[:, None])``: the result has the expansion's size anyway, so build the
    expansion once as the result and finish it in place."""
    words = ("The result has this size anyway: build the expanded array once as the result and finish it"
             " in place (`out=`, augmented operators), so no second array of its size exists.")
    if stmt.result.dtype != expanded.dtype and stmt.result.dtype == "bool":
        # ``(x - l/2) ** 2 + (y - l/2) ** 2 < r2``: the test needs the values; no input can be a bool first
        return (f"The result has this size anyway, but it is a bool array (one byte an element) and the values"
                f" it tests are {expanded.dtype}: they cannot be computed in the result. Computing them in chunks of"
                " rows into a preallocated bool result holds only one chunk's values at a time."), None
    node = ctx.node_at(expanded.span)
    compare = {ast.Gt: "greater", ast.GtE: "greater_equal", ast.Lt: "less", ast.LtE: "less_equal", ast.Eq: "equal",
               ast.NotEq: "not_equal"}.get(type(node.ops[0])) if isinstance(node, ast.Compare) and len(node.ops) == 1 \
        else None
    if expanded.dtype == "bool" and compare and stmt.result.dtype in ("float64", "float32", "int64", "int32"):
        # ``(x[..., np.newaxis] > t).astype(float)``: the comparison can write its 0/1 straight into the result
        np_ = ctx.np or "np"
        return (f"The result has this size anyway, and the bool array is only cast to {stmt.result.dtype}: a"
                f" comparison ufunc writes True/False straight into a {stmt.result.dtype} array given as `out=`"
                f" (`r = {np_}.empty(shape)`, then `{np_}.{compare}({ctx.segment(node.left)},"
                f" {ctx.segment(node.comparators[0])}, out=r)`), the same 0/1 values with no bool array."), None
    above, tested = ctx.parents.get(id(node)) if node is not None else None, False
    while above is not None and not isinstance(above, ast.stmt):   # a test between the expansion and the value
        tested = tested or isinstance(above, ast.Compare)
        above = ctx.parents.get(id(above))
    if stmt.result.dtype != expanded.dtype and (tested or not stmt.result.dtype.startswith(("float", "complex"))):
        # ``1*(abs(a[None] - a[:, None]) <= r)``: the int64 comes from a test of the float values, which the
        # inputs cast to int64 would change
        return (f"The result has this size anyway, but its {stmt.result.dtype} comes from"
                + (" testing" if tested else " converting") + f" the {expanded.dtype} values, which cannot be"
                " computed in the result's dtype without changing them. Computing them in chunks of rows into a"
                " preallocated result holds only one chunk's values at a time."), None
    if stmt.result.dtype != expanded.dtype:
        return (f"The result has this size anyway, but not this dtype ({stmt.result.dtype}, the expansion"
                f" {expanded.dtype}), so it cannot be finished in place; make the small inputs"
                f" {stmt.result.dtype} first (`.astype` on them costs little), then finish in place with"
                f" `out=` (the steps then round in {stmt.result.dtype}: values close to these, not bit for"
                " bit)."), None
    node = ctx.node_of(stmt)
    target, value = _single_target(node), _value(node)
    inner = ctx.node_at(expanded.span)
    if stmt.result.dtype == expanded.dtype:
        steps = _stepwise_argument(ctx, stmt, [expanded])
        if steps is not None:   # ``np.cos(expanded + P)``: the sum cannot reuse the expansion in place
            return words, steps[1]
    if (target is None or not isinstance(value, ast.Call) or len(value.args) != 1 or value.keywords
            or value.args[0] is not inner or not isinstance(value.func, ast.Attribute)
            or _root_name(value.func) != ctx.np or value.func.attr not in _UNARY_UFUNCS
            or tuple(stmt.result.shape) != tuple(expanded.shape) or stmt.result.dtype != expanded.dtype
            or not ctx.owns_lines(node)):
        return words, None
    # (``... * np.arange(len(x))``: an operand NumPy always makes an array keeps the whole value one)
    arrayed = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
        _root_name(n.func) == ctx.np and n.func.attr in ("arange", "linspace", "ones", "zeros", "full", "empty",
                                                         "array", "asarray")
        or n.func.attr == "reshape") and _array_operand(ctx, inner, n) for n in ast.walk(inner))
    if _may_be_number(ctx, node, inner) and not arrayed:
        return words + (" (No rewrite: it reads the function's own parameters, which may be numbers, and"
                        " `out=` needs an array.)"), None
    first = f"{target} = {ctx.segment(inner)}"
    then = f"{ctx.np}.{value.func.attr}({target}, out={target})"
    return words, ctx.replace_statement(node, [first, then])


def _may_be_number(ctx: _Context, node: ast.AST | None, expr: ast.AST | None) -> bool:
    """Inside a function, ``expr`` reads a parameter: a caller may pass a number (``cosd(85)``), where
    the expression's value is a NumPy scalar, which ``out=`` cannot take."""
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) if node is not None else None
    if func is None or expr is None:
        return False
    params = _parameters(func)
    def parts(n: ast.Subscript) -> list[ast.expr]:
        return n.slice.elts if isinstance(n.slice, ast.Tuple) else [n.slice]
    if any(isinstance(n, ast.Subscript) and any(isinstance(i, ast.Slice) or isinstance(i, ast.Constant)
                                                and i.value is None for i in parts(n)) for n in ast.walk(expr)):
        return False   # ``X_test[:, 0, None] - X_train[None, :, 0]``: only an array takes a slice or a new axis
    return any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(expr))


def _stepwise_argument(ctx: _Context, stmt: Statement, others: Sequence[Temporary]
                       ) -> tuple[Temporary, str | None] | None:
    """``y = np.cos(big + P)`` with ``P`` broadcasting: NumPy cannot reuse ``big`` for the sum, so
    ``big`` and the sum exist at once. ``y = big; y += P; np.cos(y, out=y)`` holds one array.
    The first operand must be the only other full-size array and have the result's shape and dtype;
    the second must not read the name the first step binds."""
    node = ctx.node_of(stmt)
    target, value = _single_target(node), _value(node)
    if target is None or not isinstance(value, ast.Call) or len(value.args) != 1 or value.keywords:
        return None
    if _may_be_number(ctx, node, value):
        return None   # ``out=`` would be given a NumPy scalar where a caller passes numbers
    inner = value.args[0]
    if not (isinstance(inner, ast.BinOp) and type(inner.op) in (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        return None
    (first,) = others if len(others) == 1 else (None,)
    if (first is None or ctx.node_at(first.span) is not inner.left or stmt.result is None
            or (tuple(first.shape), first.dtype) != (tuple(stmt.result.shape), stmt.result.dtype)
            or any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(inner.right))
            or any(_inside(inner.right, ctx.node_at(t.span)) for t in _big(stmt.temporaries) if t.span)):
        return None   # a second operand built whole would still exist beside the result
    lines = [f"{target} = {ctx.segment(inner.left)}", f"{target} {_OPS[type(inner.op)]}= {ctx.segment(inner.right)}",
             f"{ctx.np}.{value.func.attr}({target}, out={target})"]
    return first, ctx.replace_statement(node, lines) if ctx.owns_lines(node) else None


#: Why no chunked loop is written: npguard's own limit, not the line's (``abs(d).argmin(0)`` chunks as well).
_CHUNKED_ONLY = ("npguard writes the chunked loop only where the line's value is a sum, mean, minimum or maximum"
                 " (a reduction NumPy combines across chunks) of the expanded array")


def _chunk_rewrite(ctx: _Context, stmt: Statement, expanded: Temporary) -> tuple[str | None, str]:
    node = ctx.node_of(stmt)
    target, value = _single_target(node), _value(node)
    if target is None or value is None or ctx.np is None:
        return None, "the line does not bind a single name to a reduction"
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
            and value.func.attr in _REDUCTIONS and value.func.value is not None):
        return None, _CHUNKED_ONLY
    # the method form `arr.sum(axis=...)`, or the function form `np.sum(arr, axis=...)`
    function_form = isinstance(value.func.value, ast.Name) and value.func.value.id == ctx.np
    if function_form and not value.args:
        return None, _CHUNKED_ONLY
    body = value.args[0] if function_form else value.func.value
    ndim = len(expanded.shape)
    axis = _axis(list(value.args[1:] if function_form else value.args), list(value.keywords), ndim, ctx)
    if axis is False:
        return None, "the reduction's axis is not one constant"
    if axis is None or axis == 0 or ndim < 2:
        return None, "the reduction runs along the first axis, or over everything"
    result = stmt.result
    if result is None or len(result.shape) != ndim - 1 or result.shape[0] != expanded.shape[0]:
        return None, "the result's shape is not known"
    if any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(value)):
        return None, f"the expression reads `{target}`, which the preallocation would replace"
    lead, subs = _chunkable(ctx, body)
    if lead is None:
        return None, "the expanded axis does not come from one array's first axis alone"
    rows = expanded.shape[0]
    row_bytes = max(1, expanded.nbytes // max(1, rows))
    target_bytes = min(max(ctx.threshold, MiB), CHUNK_BYTES)
    chunk = max(1, target_bytes // row_bytes)
    if chunk >= rows:
        return None, "one chunk would already hold every row"
    if not ctx.owns_lines(node):
        return None, "the statement shares its line with other code"
    i = ctx.fresh_name("_row")
    text = ctx.segment(value)
    base = ctx.span(value)[0]
    for sub in sorted(subs, key=lambda n: ctx.span(n)[0], reverse=True):
        lo, hi = ctx.span(sub)
        text = text[: lo - base] + f"{i}:{i} + {chunk}" + text[hi - base:]
    dims = [f"len({lead})"] + [str(d) for d in result.shape[1:]]
    shape = f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"
    indent = _indent(ctx.lines[node.lineno - 1])
    new = [f"{target} = {ctx.np}.empty({shape}, dtype={_dtype_name(ctx, result.dtype)})",
           f"for {i} in range(0, len({lead}), {chunk}):",
           f"    {target}[{i}:{i} + {chunk}] = {text}"]
    a, b = ctx.span(node)
    return ctx.replace([(a, b, (ctx.newline + indent).join(new))]), ""


def _chunkable(ctx: _Context, body: ast.expr) -> tuple[str | None, list[ast.expr]]:
    """The one array whose first axis alone spans the result's first axis, and the ``:``
    slices to turn into ``i:i+chunk``; None when anything else could vary along that axis."""
    lead: str | None = None
    subs: list[ast.expr] = []
    allowed = (ast.BinOp, ast.UnaryOp, ast.Constant, ast.operator, ast.unaryop, ast.Load,
               ast.Call, ast.Attribute, ast.Subscript, ast.Name, ast.Tuple, ast.Slice)
    for node in ast.walk(body):
        if not isinstance(node, allowed):
            return None, []
        if isinstance(node, ast.Call):
            f = node.func
            if not (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)
                    and f.value.id == ctx.np and f.attr in _UNARY_UFUNCS | _BINARY_UFUNCS
                    and not node.keywords):
                return None, []
    for node in ast.walk(body):
        if isinstance(node, ast.Name):
            if node.id == ctx.np:
                continue
            parent_sub = _subscript_of(body, node)
            if parent_sub is None:
                v = (ctx.namespace or {}).get(node.id)
                if v is None or getattr(v, "ndim", 0) != 0:
                    return None, []  # an unindexed array could vary along the first axis
                continue
            parts = parent_sub.slice.elts if isinstance(parent_sub.slice, ast.Tuple) else [parent_sub.slice]
            first = parts[0]
            if isinstance(first, ast.Slice) and first.lower is None and first.upper is None and first.step is None:
                if lead not in (None, node.id) or len(parts) < 2:
                    return None, []
                lead = node.id
                subs.append(first)
            elif not _is_newaxis(ctx, first):
                return None, []
    return lead, subs


def _subscript_of(body: ast.expr, name: ast.Name) -> ast.Subscript | None:
    for node in ast.walk(body):
        if isinstance(node, ast.Subscript) and node.value is name:
            return node
    return None


def _is_newaxis(ctx: _Context, node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and node.value is None:
        return True
    return (isinstance(node, ast.Attribute) and node.attr == "newaxis"
            and isinstance(node.value, ast.Name) and node.value.id == ctx.np)


# --------------------------------------------------------------------------- forced-copy


def _forced(ctx: _Context, stmt: Statement, temps: list[Temporary], shared: bool) -> Finding | None:
    # ``np.array(v) ** 2``: NumPy squares in the copy, which becomes the result: the copy costs nothing
    big = [x for x in _big(temps) if not _copy_taken_over(ctx, x)]
    if not big:
        return None
    t = max(big, key=lambda x: x.nbytes)
    kept = _kept(ctx, stmt, t)
    if kept and len(big) == 1 and _cast_of_a_name(ctx, t):
        return None   # `b = a.astype(np.float32)`: the new dtype is what the line asked for
    got = ctx.bytes_for(stmt, sum(x.nbytes for x in big), "kept" if kept else "temporaries", shared)
    message = (f"{_code(t.expr)} always copies: it allocated {format_bytes(t.nbytes)}"
               + (f" ({t.detail})" if t.detail else "")
               + (", kept as the line's result." if kept else ", freed when the line ended."))
    for other in sorted((x for x in big if x is not t), key=lambda x: -x.nbytes)[:2]:
        # the finding's bytes hold every forced copy on the line: name each
        message += (f" {_code(other.expr)} copies too: {format_bytes(other.nbytes)}"
                    + (f" ({other.detail})." if other.detail else "."))
    found = _create_then_cast(ctx, stmt, t)
    if found is not None:
        message = (f"{_code(ctx.segment(found[0]))} first creates a full-size {t.cast_from or t.dtype} array and"
                   f" then casts it to a new one: {format_bytes(t.nbytes)} allocated only to be copied.")
    fix = _create_in_dtype(ctx, stmt, t) if found is not None else None
    target = next((x.dtype for x in stmt.temporaries if x.span == _span_of(found[0])), None) if found else None
    if fix is None and found is not None and target is not None and target != t.dtype:
        # ``np.random.normal(...).astype(int)``: the creator has no ``dtype=``, and a cast that converts copies
        # with or without ``copy=False``
        fix = (f"`{ctx.segment(found[1].func)}` makes {t.dtype} only, and the cast to {target} needs that"
               " array whole (`copy=False` would not help: a conversion always copies). Where the peak matters,"
               " make and cast the values in chunks; otherwise this array is the price of the conversion.", None)
    if fix is None:
        fix = _copied_into_place(ctx, stmt, t)
    dropped = _cast_promoted_anyway(ctx, stmt, t) if fix is None else None
    if dropped is not None:
        fix = dropped, None
    if fix is None and t.cast_from is not None and t.cast_from != t.dtype and "dtype=" in t.expr:
        # ``np.array(box.high[both_finite], dtype=np.float128)``: the copy is the conversion the line asks for
        fix = (f"The copy converts {t.cast_from} to {t.dtype}, which `dtype=` asks for: no view can change the"
               " dtype, so this array is the price of the conversion (the narrower type would save it, with less"
               " precision).", None)
    suggestion, rewrite = fix if fix is not None else _forced_fix(ctx, stmt, t)
    for other in (x for x in big if x is not t and x.detail and x.detail.endswith("returns a view when it can")):
        if other.expr.endswith(".flatten()"):   # ``self.arg_max.flatten()`` beside the largest copy
            suggestion += (f" {_code(other.expr[:-len('.flatten()')] + '.ravel()')} would be a view where it is"
                           " contiguous, saving that copy.")
    stat = ctx.stats.get(stmt.lineno)
    node = ctx.node_of(stmt)
    name = _single_target(node)
    old = (_size_before(ctx, stmt, name) if kept and name is not None and stat is not None
           and stat.temporaries_bytes >= MIN_ARRAY_BYTES and not _aliased_elsewhere(ctx, node, name) else None)
    if old and abs(old - stat.temporaries_bytes) <= 0.1 * stat.temporaries_bytes:
        # ``X_aug = X_aug.swapaxes(1, 2).reshape(N * C, T)``: the copy is kept; what the line held beside it is
        # the old value, freed once the new one is bound
        message += (f" The line's {format_bytes(stat.temporaries_bytes)} of temporaries are the old `{name}`"
                    f" ({format_bytes(old)}), still bound while the copy was made and freed once the new value was"
                    " bound.")
    return Finding("forced-copy", stmt.lineno, got, message, suggestion, rewrite)


def _may_be_callers(ctx: _Context, node: ast.stmt | None, name: str, depth: int = 0) -> bool:
    """At ``node``, inside a function, ``name`` may hold the caller's array: it is a parameter, or was last
    bound to a view of itself (``forecasts = np.asarray(forecasts)``, ``forecasts[..., np.newaxis]``) that is."""
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) if node is not None else None
    if func is None or depth > 6:
        return False
    bound = _last_binding(ctx, node, name)
    if bound is None:
        return name in _parameters(func)
    value = _value(bound)
    # (``forecasts = move_axis_to_end(forecasts, axis)``: the cell's function hands back a view of what it is given)
    handed = (isinstance(value, ast.Call) and any(isinstance(a, ast.Name) and a.id == name for a in value.args)
              and _returns_a_view_of_argument(ctx, value, next(a for a in value.args if isinstance(a, ast.Name)
                                                               and a.id == name)))
    return value is not None and (_aliases(value, name) or handed) and _may_be_callers(ctx, bound, name, depth + 1)


def _handed_by_other_code(ctx: _Context, node: ast.stmt | None, name: str) -> str | None:
    """The call (as written) whose value last bound ``name`` before ``node``, alone or unpacked from a tuple,
    when it is neither NumPy's nor the cell's own function: code that may hand back an array someone else holds."""
    if node is None or ctx.tree is None:
        return None
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    bound = [n for n in ast.walk(scope) if isinstance(n, ast.Assign) and n.lineno < node.lineno and any(
        isinstance(e, ast.Name) and e.id == name for t in n.targets for e in ast.walk(t))]
    last = max(bound, key=lambda n: n.lineno) if bound else None
    value = last.value if last is not None else None
    if not isinstance(value, ast.Call):
        return None
    callee = ctx.segment(value.func)
    if _root_name(value.func) == ctx.np or _def_lines(ctx, callee):
        return None
    return callee + "(...)"


def _read_at_once(ctx: _Context, call: ast.AST) -> bool:
    """``np.array(signal[1:]) - k``, ``np.array(signal)[0]``: the value is read by an arithmetic operator (whose
    result is a new array) or for one element, and never bound or handed on."""
    parent = ctx.parents.get(id(call))
    if isinstance(parent, (ast.BinOp, ast.UnaryOp)) and type(getattr(parent, "op", None)) in (*_OPS, ast.USub):
        return True
    return (isinstance(parent, ast.Subscript) and parent.value is call and isinstance(parent.slice, ast.Constant)
            and type(parent.slice.value) is int)


def _copy_source(ctx: _Context, call: ast.AST | None) -> ast.expr | None:
    """What ``x.copy()``, ``np.copy(x)`` or ``np.array(x)`` copies."""
    if not isinstance(call, ast.Call) or call.keywords or not isinstance(call.func, ast.Attribute):
        return None
    f = call.func
    if f.attr == "copy" and not call.args and _root_name(f) != ctx.np:
        return f.value
    if f.attr in ("copy", "array", "matrix") and len(call.args) == 1 and isinstance(f.value, ast.Name) \
            and f.value.id == ctx.np:
        return call.args[0]
    return None


def _copy_taken_over(ctx: _Context, t: Temporary) -> bool:
    """The copy is the left operand of arithmetic with a number (``np.array(v) ** 2``): NumPy computes
    into the copy in place (from 256 KiB on), so the copy becomes the result and costs nothing more."""
    call = ctx.node_at(t.span)
    parent = ctx.parents.get(id(call))
    return (_copy_source(ctx, call) is not None and t.nbytes >= MIN_ARRAY_BYTES and isinstance(parent, ast.BinOp)
            and parent.left is call and _is_scalar(ctx, parent.right) and type(parent.op) in _OPS)


def _copied_into_place(ctx: _Context, stmt: Statement, t: Temporary) -> tuple[str, str | None] | None:
    """``out[1:-1] = data.copy()``: the assignment copies the values into ``out`` anyway."""
    node = ctx.node_of(stmt)
    call = ctx.node_at(t.span)
    src = _copy_source(ctx, call)
    if not (isinstance(node, ast.Assign) and node.value is call and src is not None and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Subscript)):
        return None
    target = node.targets[0]
    words = (f"The assignment copies the values into {_code(ctx.segment(target))} by itself, so the copy"
             f" {_code(ctx.segment(call))} is made only to be copied again and thrown away: assign"
             f" {_code(ctx.segment(src))} directly.")
    if _root_name(target) is None or _root_name(target) == _root_name(src):
        return words + (" (Where the two overlap in memory NumPy copies the source first anyway, so that saves"
                        " nothing here.)"), None
    a, b = ctx.span(call)
    return words, ctx.replace([(a, b, ctx.segment(src))])


def _cast_then_in_place(ctx: _Context, stmt: Statement, call: ast.Call, t: Temporary) -> tuple[str, str | None] | None:
    """``x = x.astype("float32") / 255``: NumPy cannot reuse the cast for the division (the integer 255 is
    no float32 array to cast safely), so a second array of its size is built; dividing the cast in place
    builds none."""
    node = ctx.node_of(stmt)
    parent = ctx.parents.get(id(call))
    target = _single_target(node)
    result = stmt.result
    if not (isinstance(parent, ast.BinOp) and parent.left is call and parent is _value(node) and target is not None
            and type(parent.op) in _OPS and _is_scalar(ctx, parent.right) and not t.elided
            and result is not None and result.dtype == t.dtype and tuple(result.shape) == tuple(t.shape)):
        return None
    op = _OPS[type(parent.op)]
    words = (f"The cast's copy is needed (the dtype changes), but `{op} {ctx.segment(parent.right)}` then builds a"
             f" second array of its size beside it. Casting first and applying it in place"
             f" (`{target} = {ctx.segment(call)}` then `{target} {op}= {ctx.segment(parent.right)}`) gives the same"
             " values with one array.")
    rewrite = ctx.replace_statement(node, [f"{target} = {ctx.segment(call)}",
                                           f"{target} {op}= {ctx.segment(parent.right)}"])
    return words, rewrite


def _cast_of_a_name(ctx: _Context, t: Temporary) -> bool:
    """``a.astype(dt)`` of an existing array, or ``(ys * k).astype(dt)`` of a computed one, to another
    dtype: a copy the cast cannot avoid (a create-then-cast is another matter)."""
    call = ctx.node_at(t.span)
    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr in ("array", "asarray", "asanyarray") and _root_name(call.func) == ctx.np
            and ctx.np is not None and t.cast_from not in (None, t.dtype)):
        # ``np.array(indices, dtype=np.int32)`` of an int64 array, ``np.asanyarray(signal * gain,
        # dtype=signal.dtype)``: a conversion, asked for
        return True
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "astype"
            and not t.creation and t.cast_from is not None and t.cast_from != t.dtype)


def _forced_fix(ctx: _Context, stmt: Statement, t: Temporary) -> tuple[str, str | None]:
    node = ctx.node_of(stmt)
    call = ctx.node_at(t.span) or _find(_value(node), t.expr)
    target = _single_target(node)
    if isinstance(call, ast.Call):
        # the predictor may name the full-size intermediate of a create-then-cast
        # (``np.ones(n)``) rather than the cast: explain the whole ``.astype`` call
        for parent in ast.walk(node) if node is not None else ():   # ``return f(np.sort(v))`` too
            if (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute)
                    and parent.func.attr == "astype" and parent.func.value is call):
                call = parent
    if not isinstance(call, ast.Call):
        return ("Avoid the copy where a view would do, or copy once and reuse the copy.", None)
    if target is None and isinstance(node, ast.Assign) and len(node.targets) == 1 \
            and isinstance(node.targets[0], (ast.Tuple, ast.List)) and isinstance(node.value, (ast.Tuple, ast.List)) \
            and len(node.targets[0].elts) == len(node.value.elts) and call in node.value.elts:
        # ``y_true, predictions = np.array(y_true), np.array(predictions)``: the name this element binds
        paired = node.targets[0].elts[node.value.elts.index(call)]
        target = paired.id if isinstance(paired, ast.Name) else None
    f = call.func
    method = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
    on_np = isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == ctx.np
    if isinstance(f, ast.Name) and ctx.np is not None and _numpy_function_name(ctx, f.id) == f"np.{f.id}":
        on_np = True   # qutip's ``copy(Wlist[m])`` with ``from numpy import copy``: NumPy's function by its own name

    if method == "astype" and not on_np:
        src = f.value
        words = ("`astype` copies even when the dtype already matches; pass `copy=False` to"
                 " get the array itself back when no conversion is needed.")
        same = _same_dtype_cast(ctx, src, t)
        if same is False and (then := _cast_then_in_place(ctx, stmt, call, t)) is not None:
            return then
        if not same:
            return (words if same is None else
                    "The cast changes the dtype, so a copy is unavoidable here; cast once, as"
                    " early as possible, or create the data in the target dtype."), None
        if any(k.arg == "copy" for k in call.keywords):
            return words, None
        if _reused_in_place(ctx, stmt, t):
            # ``np.round(x.astype(float) / q) * q``: NumPy computes ``/ q`` in the copy, so without it the division
            # makes that array instead: the copy is not what the line could spare
            above = ctx.parents.get(id(call))
            return (f"The copy is where NumPy computes the next step ({_code(ctx.segment(above))}) in place, so"
                    " `copy=False` would only move that array to the step, not save it. What the line can spare is"
                    " a later array made beside it: write the later steps into it (`out=`, augmented operators)"
                    " instead."), None
        # a source the line makes itself (``np.maximum(X, Y).astype(dt)``) is held by nothing else:
        # the result may share its memory whatever is later written into either
        fresh = any(t.span == _span_of(src) for t in stmt.temporaries)
        if (isinstance(src, ast.Call) and isinstance(src.func, ast.Attribute) and src.func.attr in ("asarray", "asanyarray")
                and _root_name(src.func) == ctx.np and len(src.args) == 1):
            src = src.args[0]   # ``np.asarray(w).astype(float)``: the array shared would be ``w``'s
        names = [n for n in (target, _root_name(src)) if n]
        parent = ctx.parents.get(id(call))
        if (isinstance(parent, ast.Call) and call in parent.args and _value(node) is not call
                and ctx._pure(parent.func) and ctx.owns_lines(node)):
            # ``mat = closure(mat.astype(np.float64))``: the cast is only handed to a call of the cell's that
            # neither writes into, keeps nor returns what it is given, so with ``copy=False`` nothing writes into it
            a, b = ctx.span(call)
            return words, ctx.replace([(a, b, ctx.segment(call)[:-1].rstrip() + ", copy=False)")])
        if target is None and fresh and ctx.owns_lines(node):
            # ``self._C = (Sigma / s**2).astype(np.float64)``: what is cast is the line's own new array, which nothing
            # else holds, so the array itself may be the result wherever it is stored
            a, b = ctx.span(call)
            return words, ctx.replace([(a, b, ctx.segment(call)[:-1].rstrip() + ", copy=False)")])
        if target is None:
            return words + (" (No rewrite: the result is not bound to one name, so the cell cannot show that"
                            f" nothing writes into it, which with `copy=False` could change {_code(ctx.segment(src))}"
                            " too.)"), None
        # each name matters while it holds the array (``x = x.astype(np.float64)`` then ``x = x / m``: the
        # writes after that rebinding reach another array)
        written = None if fresh else next((w for n in dict.fromkeys(names) for w in [ctx.write_words(
            [n], skip=node, calls=False, **_while_held(ctx, node, n))] if w is not None), None)
        if (written is not None and isinstance(src, ast.Name) and src.id == target and stmt.in_function is not None
                and not _may_be_callers(ctx, node, target) and not _aliased_elsewhere(ctx, node, target)):
            # ``sza = sza.astype(lon.dtype)`` on the function's own array: no other name holds the old value, so
            # ``copy=False`` binds the same object again, and later writes reach nothing else
            written = None
        if written is not None:
            return words + (f" (No rewrite: {written}, and with `copy=False` the result and its source would share"
                            " memory.)"), None
        a, b = ctx.span(call)
        text = ctx.segment(call)
        return words, ctx.replace([(a, b, text[:-1].rstrip() + ", copy=False)")])

    if on_np and _is_scalar_type(method) and len(call.args) == 1 and not call.keywords:
        arg = call.args[0]
        parent = ctx.parents.get(id(call))
        multiplied = (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Mult)
                      or isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute)
                      and parent.func.attr == "multiply" and _root_name(parent.func) == ctx.np and call in parent.args)
        if isinstance(arg, ast.Compare) and multiplied:
            # ``np.multiply(dA1, np.int64(A1 > 0))``: booleans multiply as 0 and 1
            a, b = ctx.span(call)
            whole = ctx.span(parent)
            text = ctx.segment(parent)
            plain = text[: a - whole[0]] + ctx.segment(arg) + text[b - whole[0]:]
            return (f"{_code(ctx.segment(call))} copies the mask into {t.dtype} ({_itemsize(t)} bytes an element)"
                    f" only to multiply by it; booleans multiply as 0 and 1, so `{plain}` gives the same values"
                    " with no copy when the other operand is a float array.", None)
        return (f"{_code(ctx.segment(call))} casts the whole array to {t.dtype}: a new array. Cast once, or create"
                " the data in that dtype, where the other type is needed.", None)

    if on_np and method in ("array", "matrix") and len(call.args) == 1 and not call.keywords:
        shares = "asarray" if method == "array" else "asmatrix"
        words = (f"`np.{method}(x)` copies an existing array; `np.{shares}(x)` returns it as is"
                 + (" when it is already an array." if method == "array" else
                    " (a matrix over the same memory) when it is already a 2-D array."))
        src = _root_name(call.args[0])
        if any(x.span == _span_of(call.args[0]) for x in stmt.temporaries):
            # ``np.array(np.floor(v / 10.))``: the array handed over is one the line has just built
            return (f"{_code(ctx.segment(call.args[0]))} is already a NumPy array this line has just built, held"
                    f" by nothing else: `np.array` copies it and the first dies. Without `np.array(...)` the line"
                    f" allocates {format_bytes(t.nbytes)} less.", None)
        arg = call.args[0]
        # ``np.array(df['Age'])``: a column of a NumPy dtype, which np.asarray hands over as a (read-only) view
        column = (isinstance(arg, ast.Subscript) and isinstance(arg.slice, ast.Constant)
                  and isinstance(arg.slice.value, str) or isinstance(arg, ast.Attribute)) \
            and isinstance(arg.value, ast.Name) and _is_pandas((ctx.namespace or {}).get(arg.value.id))
        if column:
            words = (f"`np.array` copies the column's values; `np.asarray({ctx.segment(arg)})` hands over the array"
                     " the column already holds (read-only where pandas copies on write), with no copy.")
        part = isinstance(arg, ast.Subscript) and isinstance(arg.value, ast.Name) and _basic_index(arg.slice)
        copies = [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                  and ctx.segment(n.func) == ctx.segment(f) and len(n.args) == 1 and not n.keywords]
        if (isinstance(node, (ast.Assign, ast.Expr, ast.Return)) and ctx.owns_lines(node)
                and all(_read_at_once(ctx, n) for n in copies)):
            # ``np.append(np.array(signal)[0], np.array(signal[1:]) - k * np.array(signal[:-1]))``: each copy is
            # read by an operator or for one element and never kept, so nothing can share memory with the result
            return (words + " Each copy here is read once, by an operator or for one element, so without it nothing"
                    " shares memory with what the line keeps."), ctx.replace(
                        [(a, b, f"{ctx.np}.{shares}") for a, b in (ctx.span(n.func) for n in copies)])
        if target is None:
            return words + (" (No rewrite: the copy is not bound to one name, so the cell cannot show that"
                            " nothing writes into it.)"), None
        if not (isinstance(arg, ast.Name) or column or part):
            return words, None
        # ``ebin = np.digitize(...)`` then ``ebin = np.array(ebin)``: the name's old array is one its own scope
        # made a line before, which the rebinding lets go, so nothing else can see a later write into it
        previous = _last_binding(ctx, node, target) if target is not None and target == src else None
        while previous is not None and _exclusive(ctx, previous, node):
            # (windpowerlib binds ``power_output`` to a Series in the other arm of the ``if``: the binding on the way
            # to this line is the one before it)
            previous = _last_binding(ctx, previous, target)
        # (the binding must run on the way to this line: not ``ys = Jitter(ys)`` in the other arm of an ``if``)
        block = ctx.parents.get(id(previous)) if previous is not None else None
        # (windpowerlib's ``power_output = (... * np.power(wind_speed, 3) * ...)`` a few lines up: arithmetic too)
        made = (isinstance(_value(previous), (ast.Call, ast.BinOp)) and not _keeps_old(_value(previous))
                and block is not None and _inside(block, node) and not _exclusive(ctx, previous, node)
                and not _aliased_elsewhere(ctx, node, target))
        # each name while it holds the array (``vol_denoised = np.array(vol)`` rebound to a selection a few lines
        # on: what a later line does with the name reaches another array)
        written = None if made else next((w for n in dict.fromkeys(x for x in (target, src) if x) for w in [
            ctx.write_words([n], skip=node, calls=False, **_while_held(ctx, node, n))] if w is not None), None)
        if written is not None:
            return words + f" (No rewrite: {written}, and without the copy the two would share memory.)", None
        edits = [ctx.span(f)]
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Tuple, ast.List)) and call in node.value.elts \
                and isinstance(node.targets[0], (ast.Tuple, ast.List)):
            # ``y_true, predictions = np.array(y_true), np.array(predictions)``: each copy of a name the cell
            # does not write goes the same way
            for other, paired in zip(node.value.elts, node.targets[0].elts):
                if (other is not call and isinstance(other, ast.Call) and ctx.segment(other.func) == ctx.segment(f)
                        and len(other.args) == 1 and not other.keywords and isinstance(other.args[0], ast.Name)
                        and isinstance(paired, ast.Name) and not any(
                            ctx.writes(n, skip=node, calls=False) for n in (paired.id, other.args[0].id))):
                    edits.append(ctx.span(other.func))
        return words, ctx.replace([(a, b, f"{ctx.np}.{shares}") for a, b in edits])

    src_node = (call.args[0] if on_np and call.args else f.value if isinstance(f, ast.Attribute) and not on_np
                else None)
    original = f" (`{ctx.segment(src_node)}`)" if src_node is not None and len(ctx.segment(src_node)) <= 40 else ""
    view_words = (f"A view shares memory instead of copying: use the original{original} where"
                  " the copy is only read, and copy only if you will write into it or need a"
                  " contiguous layout for a library call.")
    if (on_np and method in ("ascontiguousarray", "copy") and len(call.args) == 1 and not call.keywords) or (
            method == "copy" and not on_np and not call.args and not call.keywords):
        src = _root_name(src_node)
        snapshot = src is not None and method == "copy" and _written_in_place(ctx, src, node)
        if snapshot:
            # ``g.old_u = u.copy()`` before ``u[1:-1, 1:-1] = ...``: the copy keeps the values the writes replace
            again = ctx.stats.get(stmt.lineno)
            held = (ctx.segment(node.targets[0]) if isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], (ast.Name, ast.Attribute)) else "<the previous copy>")
            refresh = (f" This line ran {again.hits} times, allocating a new copy each time: where the shape and"
                       f" dtype stay the same, `{ctx.np or 'np'}.copyto({held}, {ctx.segment(src_node)})`"
                       " refreshes the existing array instead (made once before the loop, and when nothing else"
                       " holds it)."
                       # (a loop's pass, or an object's array that outlives each call; not a function's local,
                       # new on every call; and not ``R = R.copy()``, whose target is what it copies)
                       if again is not None and again.hits > 1 and (stmt.in_loop or not held.isidentifier())
                       and _norm(held) != _norm(ctx.segment(src_node)) else "")
            return (f"The copy is needed: `{src}` is written in place later in the code, and a view would see"
                    " those writes, while the copy keeps the old values." + refresh), None
        if src is not None and target is not None and method == "copy" and _written_in_place(ctx, target, node):
            # ``output = img.copy()`` then ``output[...] = ...``: written through a view, ``img`` would change
            return (f"The copy is needed: `{target}` is written in place later in the code, and through a view"
                    f" that write would change `{src}` too. Where `{src}` is not needed afterwards, write into it"
                    " directly instead."), None
        if (method == "copy" and not on_np and isinstance(src_node, ast.Subscript)
                and any(t.kind == "fancy-index-copy" and t.span == _span_of(src_node) for t in stmt.temporaries)):
            # pysteps' ``X_f = X_f[mask, :].copy()``: the selection is a new array already
            a, b = ctx.span(call)
            return (f"{_code(ctx.segment(src_node))} is a new array already (an array index always copies, and"
                    " nothing else holds the selection): `.copy()` copies it again. Without it the line gives the"
                    " same values, and the first copy is the one kept.",
                    ctx.replace([(a, b, ctx.segment(src_node))]) if ctx.owns_lines(node) else None)
        outer = ctx.parents.get(id(call))
        if (method == "copy" and not on_np and isinstance(outer, ast.Subscript) and outer.value is call
                and any(t.kind == "fancy-index-copy" and t.span == _span_of(outer) for t in stmt.temporaries)):
            # ``volume.copy()[..., channels_shuffled]``: the array index copies what it selects anyway
            plain = f"{ctx.segment(src_node)}[{ctx.segment(outer.slice)}]"
            a, b = ctx.span(call)
            return (f"The copy is only indexed with an array, which copies what it selects again: `{plain}` gives"
                    " the same new array without copying the whole first.",
                    ctx.replace([(a, b, ctx.segment(src_node))]) if ctx.owns_lines(node) else None)
        held = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        origin = next((n.id for n in ast.walk(src_node) if isinstance(n, ast.Name)), None) if src_node else None
        if target is None and isinstance(held, ast.Attribute) and origin is not None \
                and _aliases(src_node, origin) and not _attribute_used_otherwise(ctx, ctx.segment(held), node):
            # ``self.dataarray = dataarray.reshape(-1, N).T.copy()``: kept on the object, which other code may use
            return view_words + (f" (No rewrite: the copy is kept on the object ({_code(ctx.segment(held))}), which"
                                 " code outside this cell may write into or hand on; nothing in the cell writes"
                                 " into it, so where nothing else does, the view serves.)"), None
        if (target is not None and isinstance(src_node, ast.Attribute) and isinstance(src_node.value, ast.Name)
                and _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) is not None
                and _only_read_after(ctx, node, target)
                and not _attribute_written(ctx, node, ctx.segment(src_node)) and ctx.owns_lines(node)):
            # qutip's ``noise = self.noise.copy()``, then only sliced, reshaped and reduced: the copy is only read
            a, b = ctx.span(call)
            return (f"The copy is only read: nothing in the function writes into `{target}` or hands it on, and"
                    f" nothing writes into {_code(ctx.segment(src_node))} while it is used, so the object's array"
                    " itself serves (keep the copy if other code changes the object's array meanwhile).",
                    ctx.replace([(a, b, ctx.segment(src_node))]))
        # (``mstd = np.copy(mstd_cache_dict[h])``: a dict hands back the array it holds, as a name would)
        if target is None or src is None or not (_aliases(src_node, src) or _dict_lookup(ctx, node, src_node)):
            return view_words + (" (No rewrite: the copy is written to or handed to other code"
                                 " later in the cell, where a view could change what it sees.)"), None
        # NumPy's own functions that neither write nor keep what they are given (``np.mean(X, axis=0)``) see the
        # same values in a view as in the copy; any other call may keep it, or write into it
        blocked = (ctx.write_words([target], skip=node, calls=False, **_while_held(ctx, node, target))
                   or ctx.write_words([src], skip=node, calls=False, **_while_held(ctx, node, src)))
        if blocked is not None:   # ``magnet_new`` written only after the next pass rebinds it is no reason
            return view_words + f" (No rewrite: {blocked}, where a view could change what the copy holds.)", None
        a, b = ctx.span(call)
        return view_words + (f" The rewrite holds for this cell; keep the copy if a later cell writes into"
                             f" `{target}`, since with the view that write would change `{src}` too."), \
            ctx.replace([(a, b, ctx.segment(src_node))])
    if method in {"sort"} and on_np:
        sorted_name = call.args[0].id if call.args and isinstance(call.args[0], ast.Name) else None
        if sorted_name is not None and _may_be_callers(ctx, node, sorted_name):
            # ``forecasts = np.sort(forecasts, axis=-1)`` with ``forecasts`` the caller's array (or a view of it)
            return (f"`np.sort` returns a sorted copy. Here `{sorted_name}` may be the caller's array (a parameter"
                    " of the function, or a view of one), which sorting in place (`.sort()`) would reorder for the"
                    " caller too: the copy is what leaving it as it was costs.", None)
        given = _handed_by_other_code(ctx, node, sorted_name) if sorted_name is not None else None
        if given is not None:
            # ``y_true, y_pred = _get_values_or_raise(...)``: code npguard does not see may hand back its caller's array
            return (f"`np.sort` returns a sorted copy; `{sorted_name}.sort()` sorts in place, but `{sorted_name}`"
                    f" comes from {_code(given)}, which may hand back an array its caller still holds (sorting it"
                    " in place would reorder theirs): do it only where that array is yours and its order no longer"
                    " needed.", None)
        return ("`np.sort` returns a sorted copy; sort in place with `arr.sort()` when the"
                " original order is no longer needed.", _sort_in_place(ctx, stmt, call))
    if method in {"flatten"}:
        if t.detail and "not contiguous" in t.detail:
            return (f"{_code(ctx.segment(f.value))} is not contiguous (a view with other strides), so any flat"
                    " form of it is a copy (`ravel()` copies too): this copy is what flattening it costs. Where"
                    " only its elements are read, use it as it is (`.flat`, a reduction) instead.", None)
        return ("`flatten()` always copies; `ravel()` returns a view when the array is"
                " contiguous (write into it only if you mean to change the original).", None)
    if method == "reshape" and src_node is not None and t.detail and "non-contiguous" in t.detail:
        # ``col.transpose(0, 4, 5, 1, 2, 3).reshape(n, -1)``, ``np.reshape(y, (n, -1))``: no view has the new shape
        import numpy

        from npguard.arrays import _bounds

        held = (ctx.namespace or {}).get(src_node.id) if isinstance(src_node, ast.Name) else None
        low, high = _bounds(held) if type(held) is numpy.ndarray else (0, 0)
        if high - low < getattr(held, "nbytes", 0):
            # ``patch = as_strided(img, ...)`` of overlapping windows: more elements than memory behind them
            return (f"{_code(ctx.segment(src_node))} is a view of overlapping windows: its elements take"
                    f" {format_bytes(held.nbytes)} but lie in {format_bytes(high - low)} of memory, so no order of"
                    " its axes makes the reshape a view. The copy is the windows laid out one by one,"
                    " which the code uses as written; only a computation that never lays them out (a loop over"
                    " the window offsets, adding each product) would avoid it.", None)
        bound = _last_binding(ctx, node, src_node.id) if isinstance(src_node, ast.Name) else None
        made = _value(bound) if bound is not None else None
        if (isinstance(made, ast.Call) and isinstance(made.func, (ast.Attribute, ast.Name))
                and (made.func.attr if isinstance(made.func, ast.Attribute) else made.func.id)
                in ("as_strided", "sliding_window_view")):
            # sporco's ``blks = np.lib.stride_tricks.as_strided(img, ...)`` in a function, then reshaped
            return (f"{_code(ctx.segment(src_node))} is a strided view of windows of another array (line"
                    f" {bound.lineno}): where the windows overlap, their elements lie in less memory than they take,"
                    " so no order of its axes makes the reshape a view. The copy is the windows laid out one by"
                    " one; only a computation that never lays them out (a loop over the window offsets) would"
                    " avoid it.", None)
        return (f"No view of {_code(ctx.segment(src_node))} has this shape: its axes are not laid out one after"
                " another in memory, so NumPy must copy to merge them, and the original cannot stand in for the"
                " result. To avoid the copy, build the array in the final axis order from the start, so the"
                " reshape is a view.", None)
    return (view_words, None)


def _until_rebound(ctx: _Context, node: ast.stmt, name: str) -> ast.AST | None:
    """The code that runs after ``node`` while ``name`` still holds the array it held there: in a loop whose
    body rebinds ``name`` at its own level (``magnet_new = magnet.copy()`` at the top of each pass), the rest of
    the pass and, when the rebinding comes first in the body, the code after the loop, then the next pass up
    to the rebinding. None (the whole cell) outside such a loop."""
    if ctx.tree is None:
        return None
    loops = [n for n in ast.walk(ctx.tree) if isinstance(n, (ast.For, ast.While)) and _inside(n, node)]
    if not loops:
        return _until_rebound_below(ctx, node, name)
    loop = min(loops, key=lambda lp: lp.end_lineno - lp.lineno)
    rebinds = [s for s in loop.body if isinstance(s, ast.Assign)
               and any(isinstance(t, ast.Name) and t.id == name for t in s.targets)]
    if not rebinds:
        return None
    after = [s for s in rebinds if s.lineno > node.end_lineno]
    if after:   # rebound later in the same pass: only the code in between sees the array
        stop = after[0].lineno
        region = [s for s in loop.body if s.lineno < stop and s.end_lineno > node.end_lineno and s is not node]
    else:
        stop = rebinds[0].lineno
        scope = _enclosing(ctx, loop, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
        region = ([s for s in loop.body if s.end_lineno > node.end_lineno]
                  + [s for s in getattr(scope, "body", []) if s.lineno > loop.end_lineno]
                  + [s for s in loop.body if s.lineno < stop])
    # the cell's functions and classes the region may call, which can write through a global (for a function's
    # own variable, only the functions nested in it, which can reach it through their closure)
    local = _scope_of(ctx, node, name)
    region += [d for d in ast.walk(local or ctx.tree) if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                         ast.ClassDef))
               and d is not local and not _inside(d, node) and not any(d is r or _inside(r, d) for r in region)]
    return ast.Module(body=region, type_ignores=[])


def _while_held(ctx: _Context, node: ast.stmt, name: str) -> dict[str, Any]:
    """Where code that runs after ``node`` can reach the array ``name`` holds there, for ``first_write``: up to
    its rebinding (``_until_rebound``); else, for a function's own parameter or local, the rest of that function
    (once it returns, only what it returned or stored reaches the array, and those writes are in the function);
    else the rest of the cell."""
    region = _until_rebound(ctx, node, name)
    if region is not None:
        return {"within": region, "after": False}
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is not None and not any(isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names
                                    for n in ast.walk(func)) and (
            name in _parameters(func) or any(_single_target(n) == name for n in _own_nodes(func))):
        return {"within": func, "after": True}
    return {"within": None, "after": True}


def _until_rebound_below(ctx: _Context, node: ast.stmt, name: str) -> ast.AST | None:
    """Outside a loop: the statements after ``node`` in its own block up to the one that binds ``name`` anew
    (``X = X.copy()`` then ``X = (X - m) / s`` in a method), with the cell's functions and classes they may call
    (which can write through a global; not for a local of a function); None when nothing rebinds it there."""
    block = next((b for p in ast.walk(ctx.tree) for b in (getattr(p, f, None) for f in ("body", "orelse", "finalbody"))
                  if isinstance(b, list) and any(x is node for x in b)), None)
    if block is None:
        return None
    later = block[[i for i, x in enumerate(block) if x is node][0] + 1:]
    stop = next((i for i, x in enumerate(later) if isinstance(x, ast.Assign)   # (a tuple's name too)
                 and any(isinstance(t, ast.Name) and t.id == name and isinstance(t.ctx, ast.Store)
                         for target in x.targets for t in ast.walk(target))), None)
    if stop is None:
        return None
    region = later[:stop] + [later[stop].value]   # the rebinding's value still reads the old array
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    shared = scope is None or any(isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names
                                  for n in ast.walk(scope))
    if shared:
        region += [d for d in ast.walk(ctx.tree) if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                     ast.ClassDef)) and not _inside(d, node)]
    return ast.Module(body=region, type_ignores=[])


def _written_in_place(ctx: _Context, name: str, node: ast.stmt | None) -> bool:
    """``name[...] = ...`` or ``name += ...`` in the scope of ``node`` (its function, else the cell), other
    than ``node`` itself, that runs after it: on a later line, or anywhere in a loop around both. The array
    ``name`` holds is changed in place there (a write before the line is no reason for its copy)."""
    if ctx.tree is None or node is None:
        return False
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    loops = [n for n in ast.walk(scope) if isinstance(n, (ast.For, ast.While)) and any(s is node for s in ast.walk(n))]
    later = [n for n in ast.walk(scope) if n is not node and isinstance(n, (ast.Assign, ast.AugAssign))
             # ``x_miss[missing] = np.nan`` before ``xmiss0 = np.copy(x_miss)`` is no reason for the copy
             and (n.lineno > node.lineno or any(any(s is n for s in ast.walk(loop)) for loop in loops))]
    names = {name}
    for n in later:   # ``canvas = out[r:r + 24, c:c + 20]``: a view, whose writes land in ``out``
        if (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
                and isinstance(n.value, ast.Subscript) and _root_name(n.value) in names
                and _basic_index(n.value.slice)):
            names.add(n.targets[0].id)
    loop = min(loops, key=lambda lp: lp.end_lineno - lp.lineno) if loops else None
    if loop is not None:
        # in execution order from the line: the rest of the loop's pass, then the next pass up to the line; a
        # plain rebinding at the loop body's own level met first (``magnet_new = magnet.copy()`` at the top of
        # the pass) means the array is never written through that name again
        order = sorted(later, key=lambda n: (not (n.lineno > node.lineno and _inside(loop, n)),
                                             not _inside(loop, n), n.lineno))
    else:
        order = sorted(later, key=lambda n: n.lineno)
    # the block the line is in: a plain rebinding there, met first, means later writes reach another array
    # (``dist_to_last, dist_to_next = dist, np.copy(dist)`` then both names rebound on the next line)
    block = next((b for p in ast.walk(scope) for b in (getattr(p, f, None) for f in ("body", "orelse", "finalbody"))
                  if isinstance(b, list) and any(x is node for x in b)), [])
    for n in order:
        rebinds = isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name and isinstance(
            t.ctx, ast.Store) for target in n.targets for t in ast.walk(target))
        if rebinds and len(names) == 1 and (loop is not None and any(s is n for s in loop.body)
                                            or loop is None and any(s is n for s in block)):
            return False
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target]):
            if isinstance(t, ast.Subscript) and _root_name(t) in names:
                return True
            if isinstance(n, ast.AugAssign) and isinstance(t, ast.Name) and t.id in names:
                return True
    return False


def _basic_index(index: ast.expr) -> bool:
    """An index of slices and integer literals only (``[r:r + 24, 3]``): basic indexing, a view."""
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    return all(isinstance(p, ast.Slice) or isinstance(p, ast.Constant) and type(p.value) is int for p in parts)


def _number(node: ast.expr) -> Any:
    """A literal number as written (``1``, ``-1``, ``0.5``), else None."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if type(value) in (int, float) else None


def _small_int_type(values: list[int]) -> str:
    """The narrowest integer type holding every value: ``uint8`` for 0 and 1, ``int8`` for 1 and -1."""
    import numpy

    for name in ("uint8", "int8", "uint16", "int16", "uint32", "int32"):
        info = numpy.iinfo(name)
        if all(info.min <= v <= info.max for v in values):
            return name
    return "int64"


def _create_then_cast(ctx: _Context, stmt: Statement, t: Temporary) -> tuple[ast.Call, ast.Call] | None:
    """The ``.astype`` call and the creation call of a create-then-cast (``np.ones(n).astype(dt)``)."""
    if t.creation is None:
        return None
    value = _value(ctx.node_of(stmt))
    created = ctx.node_at(t.span) or _find(value, t.creation)
    if value is None or created is None:
        return None
    for call in ast.walk(value):
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "astype"
                and isinstance(call.func.value, ast.Call) and (call.func.value is created or call is created)):
            return call, call.func.value
    return None


def _creator_key(ctx: _Context, call: ast.Call) -> str | None:
    """The facts-table name of a creation call: ``ones``, ``random.randint``, ``Generator.integers``."""
    f = call.func
    chain = []
    while isinstance(f, ast.Attribute):
        chain.append(f.attr)
        f = f.value
    if isinstance(f, ast.Name) and not chain:
        # ``from numpy import arange``: NumPy's own function under its own name
        import numpy

        obj = (ctx.namespace or {}).get(f.id)
        return f.id if obj is not None and getattr(numpy, f.id, None) is obj else None
    if not isinstance(f, ast.Name):
        return None
    chain.reverse()
    if f.id == ctx.np:
        return ".".join(chain)
    obj = (ctx.namespace or {}).get(f.id)
    if len(chain) == 1 and type(obj).__name__ == "Generator" and type(obj).__module__.startswith("numpy"):
        return f"Generator.{chain[0]}"
    return None


def _create_in_dtype(ctx: _Context, stmt: Statement, t: Temporary) -> tuple[str, str | None] | None:
    """For a create-then-cast: the suggestion to pass ``dtype=`` at creation, with the rewrite when it is valid."""
    found = _create_then_cast(ctx, stmt, t)
    if found is None:
        return None
    cast, created = found
    key = _creator_key(ctx, created)
    if key is None or key not in facts.CREATORS_WITH_DTYPE or len(cast.args) != 1 or cast.keywords:
        return None
    name = ctx.segment(created.func)
    target = next((x.dtype for x in stmt.temporaries if x.span == _span_of(cast)), None)
    made = next((x.dtype for x in stmt.temporaries if x.span == _span_of(created)), None)
    words = (f"Create the array in the dtype you want: pass `dtype=` to `{name}` instead of casting"
             " a full-size intermediate afterwards "
             + (f"(or `copy=False`: the array is {made} already, so the cast then returns it as it is)."
                if made is not None and made == target else "(`copy=False` would not help: a cast always copies)."))
    allowed = facts.CREATORS_WITH_DTYPE[key]
    if allowed is not None and target not in allowed:
        return words + f" (No rewrite: `{name}` makes only {', '.join(sorted(allowed))}.)", None
    if any(k.arg == "dtype" for k in created.keywords):
        return words, None
    inner = ctx.segment(created)
    new = inner[:-1].rstrip() + f", dtype={ctx.segment(cast.args[0])})"
    a, b = ctx.span(cast)
    return words, ctx.replace([(a, b, new)])


def _right_of_a_new_array(ctx: _Context, sub: ast.expr) -> str | None:
    """``c - z[t3]``: the selection is the right operand of an operator NumPy cannot apply into it (not ``+``
    or ``*``), whose left operand is no temporary: the operator's result is a second new array of the
    selection's size, alive beside it. The operator's text, if so."""
    parent = ctx.parents.get(id(sub))
    if not (isinstance(parent, ast.BinOp) and parent.right is sub
            and isinstance(parent.op, (ast.Sub, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow))):
        return None
    statement = _statement_of(ctx, parent)
    if (isinstance(statement, ast.Return) and statement.value is parent
            or _single_target(statement) is not None and _value(statement) is parent):
        return None   # ``scaled = improve / std[mask]``: the operator's array is the line's value, kept
    left = parent.left
    plain = isinstance(left, (ast.Name, ast.Attribute, ast.Constant)) or (
        isinstance(left, (ast.BinOp, ast.UnaryOp)) and all(
            isinstance(n, (ast.Name, ast.Attribute, ast.Constant, ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop,
                           ast.Load)) for n in ast.walk(left)) and _number_expr(ctx, left))
    return ctx.segment(parent) if plain else None


def _span_of(node: ast.AST) -> tuple[int, int, int, int]:
    return (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


def _parameters(f: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """The names a function's callers bind (its parameters, ``*args`` and ``**kwargs`` aside)."""
    return frozenset(a.arg for a in f.args.posonlyargs + f.args.args + f.args.kwonlyargs)


def _same_dtype_cast(ctx: _Context, src: ast.expr, t: Temporary) -> bool | None:
    """Whether the cast keeps the dtype: as predicted at the line, else from the namespace (which
    is the one after the cell: ``a = a.astype(...)`` has rebound ``a`` there)."""
    if t.cast_from is not None:
        return t.cast_from == t.dtype
    if isinstance(src, ast.Name):
        known = _shape_dtype(ctx, src.id)
        if known is not None:
            return known[1] == t.dtype
    return None


# --------------------------------------------------------------------------- dtype-upcast


def _cast_promoted_anyway(ctx: _Context, stmt: Statement, t: Temporary) -> str | None:
    """``-k[..., None] * np.array(indicator, dtype=np.float32)`` with ``k`` float64: the cast's copy is promoted to
    float64 by the operator anyway, and the mask (or small integers) it converts become the same numbers whichever
    float they are cast to: the source itself in the operator gives the same values with no copy. The advice."""
    call = ctx.node_at(t.span)
    parent = ctx.parents.get(id(call)) if call is not None else None
    exact = {"bool", "int8", "uint8", "int16", "uint16"}
    if not (t.cast_from in exact and t.dtype in ("float16", "float32") and isinstance(call, ast.Call)
            and call.args and isinstance(parent, ast.BinOp) and isinstance(parent.op, (ast.Mult, ast.Add, ast.Sub))):
        return None
    made = next((u for u in stmt.temporaries if u.span == _span_of(parent)), None)
    if made is None or made.dtype not in ("float32", "float64") or made.dtype == t.dtype or not (
            made.dtype == "float64" and t.dtype in ("float16", "float32") or made.dtype == "float32"
            and t.dtype == "float16"):
        return None
    source = ctx.segment(call.args[0])
    return (f"{_code(ctx.segment(call))} is combined with {made.dtype} values, so the result is {made.dtype} anyway,"
            f" and {_code(source)} ({t.cast_from}) becomes the same numbers in either float: `{source}` itself in"
            " the operator gives the same values with no copy.")


def _upcast(ctx: _Context, stmt: Statement, temps: list[Temporary], shared: bool) -> Finding | None:
    t = _largest(temps)
    if t is None:
        return None
    narrow = [u for u in stmt.temporaries if u.kind == "forced-copy" and _cast_promoted_anyway(ctx, stmt, u)]
    if narrow and any(ctx.parents.get(id(ctx.node_at(u.span))) is ctx.node_at(t.span) for u in narrow):
        return None   # the operand promoted is a cast the line makes for nothing: the copy's finding tells it
    kept = _kept(ctx, stmt, t)
    got = ctx.bytes_for(stmt, t.nbytes, "kept" if kept else "temporaries", shared)
    inputs = _input_dtypes(ctx, t)
    if t.cast_from is not None:
        others = [d for d in t.inputs if d != t.cast_from] or [t.dtype]
        message = (f"{_code(t.expr)} first casts its {t.cast_from} operand to {t.dtype} to match the other"
                   f" ({' and '.join(others)}): a copy of {format_bytes(t.nbytes)} before any arithmetic.")
        suggestion = (f"Give both operands one dtype before the call: create the {others[0]} one as"
                      f" {t.cast_from} (for a list, `{ctx.np or 'np'}.array([...], dtype={ctx.np or 'np'}.{t.cast_from})`)"
                      " when its values fit, or cast the other once and keep it."
                      " No rewrite: a narrower type can change the values.")
        return Finding("dtype-upcast", stmt.lineno, got, message, suggestion, None)
    if t.detail.startswith("np.r_ converts"):
        return _joined_number_upcast(ctx, stmt, t, got)
    if t.detail.startswith("Python numbers in np.where"):
        node = ctx.node_at(t.span)
        cond = ctx.segment(node.args[0]) if isinstance(node, ast.Call) and node.args else "cond"
        message = (f"{_code(t.expr)} made {_a(t.dtype)} array of {format_bytes(t.nbytes)}: its two Python numbers"
                   f" give NumPy's default {t.dtype}, {_itemsize(t)} bytes an element, where each element is one"
                   " of two numbers.")
        np_ = ctx.np or "np"
        values = [_number(a) for a in node.args[1:3]] if isinstance(node, ast.Call) and len(node.args) == 3 else []
        if len(values) == 2 and all(type(v) is int for v in values):
            small = _small_int_type(values)
            typed = ", ".join(f"{np_}.{small}({v})" for v in values)
            mask = (f"`({cond}).astype({np_}.uint8)` gives the same 1 and 0, or use the boolean mask itself; "
                    if values == [1, 0] else "")
            size = int(small.removeprefix("u").removeprefix("int")) // 8
            suggestion = (f"Choose the dtype: {mask}`{np_}.where({cond}, {typed})` makes {small}, which holds"
                          f" both values in {size} byte{'s' * (size > 1)} an element. No rewrite: later code may"
                          " rely on the wider type (sums of int8 overflow sooner).")
        elif len(values) == 2 and all(v is not None for v in values):
            typed = ", ".join(f"{np_}.float32({v})" for v in values)
            suggestion = (f"Choose the dtype: `{np_}.where({cond}, {typed})` makes float32, which holds both values"
                          " exactly in 4 bytes an element. No rewrite: later code may rely on the wider type.")
        else:
            suggestion = (f"Choose the dtype: give `np.where` scalars of a small type that holds both values"
                          f" (`{np_}.int8(...)`, `{np_}.float32(...)`), or use the boolean mask itself. No rewrite:"
                          " later code may rely on the wider type.")
        return Finding("dtype-upcast", stmt.lineno, got, message, suggestion, None)
    if inputs and all(d == "bool" for d in inputs) or inputs == [t.dtype] or (
            not inputs and "bool" in t.inputs and set(t.inputs) <= {"bool", "int", "float", "complex"}):
        # ``test * 0.5``: arithmetic on a mask gives numbers, whatever their type; and ``(x > a) * (x < b) /
        # (b - a)`` keeps the dtype of its only array that is not a mask: nothing was promoted
        return None
    if not inputs and t.inputs and set(t.inputs) <= {"bool", "int", "float", "complex"}:
        # ``np.where(is_not_nan, 1.0, np.nan)``: Python numbers make NumPy's default type; no array was promoted
        return None
    promoted = (f"{' and '.join(inputs)} promoted to {t.dtype}" if inputs
                else f"the inputs promoted to {t.dtype}")
    message = (f"{_code(t.expr)} made {_a(t.dtype)} array of {format_bytes(t.nbytes)}: {promoted},"
               f" so every element takes {_itemsize(t)} bytes.")
    wide = _widest_name(ctx, t)
    np_ = ctx.np or "np"
    if wide and len(inputs) >= 2 and _shape_dtype(ctx, wide)[1] != inputs[0]:  # type: ignore[index]
        suggestion = (f"Keep both inputs in one dtype: cast the wider operand down once"
                      f" (`{wide}.astype({np_}.{inputs[0]})`), or create it in that dtype.")
    elif len(inputs) >= 2:
        suggestion = ("Keep both inputs in one dtype: cast the wider operand down once"
                      f" (e.g. `y.astype({np_}.{inputs[0]})`), or create it in that dtype.")
    else:
        suggestion = (f"Compute in a narrower type: use a scalar of that type"
                      f" (`/ {np_}.float32(3)` gives float32), or cast the input first.")
    summed, words = _einsum_rewrite(ctx, stmt, [t]) if not kept else (None, None)
    if words is not None:
        # mdtraj's ``(squared_dists * weights).sum(1)``: the promoted product is only summed, which einsum does in
        # the same wider type with no array of it
        return Finding("dtype-upcast", stmt.lineno, got, message,
                       f"The product is only summed: {words[0].lower()}{words[1:]} It computes in {t.dtype}, as"
                       " the line does, so nothing is narrowed.", summed)
    suggestion += " No rewrite: the values would change with the precision."
    return Finding("dtype-upcast", stmt.lineno, got, message, suggestion, None)


def _joined_number_upcast(ctx: _Context, stmt: Statement, t: Temporary, got: int) -> Finding:
    """``np.r_[0, mask]``: the Python int joined to a bool array makes the result int64, and np.r_ converts the
    array whole first; a number of the array's own type keeps it."""
    node = ctx.node_at(t.span)
    items = node.slice.elts if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple) else []
    numbers = [e for e in items if isinstance(e, ast.Constant) and type(e.value) in (bool, int, float)]
    source = t.detail.split(" converts a ", 1)[1].split(" ", 1)[0]
    np_ = ctx.np or "np"
    message = (f"{_code(t.expr)} made {_a(t.dtype)} array: "
               + (f"the Python number{'s' * (len(numbers) > 1)} {', '.join(_code(ctx.segment(e)) for e in numbers)}"
                  if numbers else "the numbers")
               + f" beside a {source} array give{'' if len(numbers) > 1 else 's'} {t.dtype}, so np.r_ first converts"
               f" that array to {t.dtype}, a copy"
               f" of {format_bytes(t.nbytes)} ({_itemsize(t)} bytes an element), and then joins the pieces into"
               " a result of the same size.")
    if source == "bool" and numbers and all(type(e.value) is int and e.value in (0, 1) for e in numbers):
        fixed = ", ".join(str(bool(e.value)) if e in numbers else ctx.segment(e) for e in items)
    elif numbers:
        fixed = ", ".join(f"{np_}.{source}({ctx.segment(e)})" if e in numbers else ctx.segment(e) for e in items)
    else:
        fixed = None
    trick = ctx.segment(node.value) if isinstance(node, ast.Subscript) else f"{np_}.r_"   # ``r_`` imported alone
    suggestion = ((f"Join a number of the array's own type: `{trick}[{fixed}]` stays {source}, converting nothing,"
                   " so the line makes only its result, in the array's own itemsize." if fixed else
                   f"Join numbers of the array's own type ({source}): nothing is converted, and the result keeps"
                   " the array's itemsize.")
                  + " No rewrite: later code may rely on the wider type (`~` of an integer is not a logical not).")
    return Finding("dtype-upcast", stmt.lineno, got, message, suggestion, None)


def _a(dtype: str) -> str:
    """``a float64``, ``an int64``."""
    return f"{'an' if dtype.startswith('int') else 'a'} {dtype}"


def _itemsize(t: Temporary) -> int:
    n = 1
    for d in t.shape:
        n *= d
    return t.nbytes // n if n else 0


def _input_dtypes(ctx: _Context, t: Temporary) -> list[str]:
    """The input dtypes, narrowest first: as predicted, else from the namespace."""
    found: list[str] = [d for d in dict.fromkeys(t.inputs) if d not in ("int", "float", "complex", "bool")]
    if found:
        found = [d for d in found if d != t.dtype] or found
        return sorted(found, key=lambda d: (int(re.sub(r"\D", "", d) or 0), d))
    for node in _names_read(ctx, t):
        known = _shape_dtype(ctx, node.id)
        if known is not None and known[1] not in found:
            found.append(known[1])
    return sorted(found, key=lambda d: (int(re.sub(r"\D", "", d) or 0), d))


def _names_read(ctx: _Context, t: Temporary) -> list[ast.Name]:
    """The names ``t``'s expression reads whose session value is the one it reads: not a function's own
    variables (``idx`` in a function says nothing of a session ``idx``)."""
    node = ctx.node_at(t.span) if t.span is not None else None
    if node is None:
        try:
            node = ast.parse(t.expr.strip(), mode="eval")
        except SyntaxError:
            return []
        return [n for n in ast.walk(node) if isinstance(n, ast.Name)]
    return [n for n in ast.walk(node) if isinstance(n, ast.Name) and not _local_to_a_function(ctx, n, n.id)]


def _widest_name(ctx: _Context, t: Temporary) -> str | None:
    best: tuple[int, str] | None = None
    for node in _names_read(ctx, t):
        known = _shape_dtype(ctx, node.id)
        if known is not None:
            size = int(re.sub(r"\D", "", known[1]) or 0)
            if best is None or size > best[0]:
                best = (size, node.id)
    return best[1] if best else None


# --------------------------------------------------------------------------- fancy-index-copy


def _fancy(ctx: _Context, stmt: Statement, temps: list[Temporary], shared: bool) -> Finding | None:
    indices = [t for t in temps if _from_mask(ctx, t)]
    copies = [t for t in temps if t not in indices]
    # ``.5 * (count[d] + count[d - 1])``: a gather whose buffer became the result is not the one to name
    t = _largest([t for t in copies if not _kept(ctx, stmt, t)] if len(copies) > 1 else copies) or _largest(copies)
    if t is None:
        return _mask_indices(ctx, stmt, indices, shared)
    kept = _kept(ctx, stmt, t)
    got = ctx.bytes_for(stmt, t.nbytes, "kept" if kept else "temporaries", shared)
    message = (f"{_code(t.expr)} copied {format_bytes(t.nbytes)}: integer and boolean indexing"
               " always return a new array" + (f" ({t.detail})." if t.detail else "."))
    node = ctx.node_of(stmt)
    sub = ctx.node_at(t.span) or _find(_value(node), t.expr)
    counted = _counted_only(ctx, sub, t)
    if counted is not None:
        return Finding("fancy-index-copy", stmt.lineno, got,
                       f"{_code(t.expr)} copied {format_bytes(min(got, t.nbytes))} only to count what it selects"
                       f" ({_code(ctx.segment(counted))}).",
                       f"The count needs no copy: `{_count_of(ctx, sub)}` counts the elements the mask selects.",
                       ctx.replace([(*ctx.span(counted), _count_of(ctx, sub))]) if ctx.tree is not None else None)
    if (isinstance(sub, ast.Subscript) and isinstance(ctx.parents.get(id(sub)), ast.Attribute)
            and ctx.parents[id(sub)].attr == "shape" and not isinstance(sub.slice, ast.Tuple)):
        idx, arr = ctx.segment(sub.slice), ctx.segment(sub.value)
        return Finding("fancy-index-copy", stmt.lineno, got,
                       f"{_code(t.expr)} copied {format_bytes(min(got, t.nbytes))} only for its `.shape`.",
                       f"The shape needs no copy: `{idx}.shape + {arr}.shape[1:]` for an integer index array"
                       f" (`({idx}.sum(),) + {arr}.shape[{idx}.ndim:]` for a boolean mask).", None)
    lost = _written_copy(ctx, node, sub)
    if lost is not None:
        return Finding("fancy-index-copy", stmt.lineno, ctx.bytes_for(stmt, t.nbytes, "temporaries", shared),
                       f"{_code(t.expr)} copied {format_bytes(t.nbytes)} (integer and boolean indexing always return"
                       f" a new array), and the assignment then wrote into that copy, which is thrown away:"
                       f" {_code(lost)} itself is not changed.",
                       f"Assign through one subscript of {_code(lost)} (`{lost}[rows, cols] = value`; `np.ix_(rows,"
                       " cols)` for two index arrays), so the values reach it and nothing is copied. No rewrite:"
                       " it changes what the line does.", None)
    records = _field_of_copy(ctx, sub)
    if records is not None:
        return _records(ctx, stmt, t, got, sub, records)
    target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
    if (isinstance(target, ast.Subscript) and isinstance(sub, ast.Subscript) and node.value is sub
            and _root_name(target) == _root_name(sub) is not None
            and not _is_fancy(target.slice, ctx.namespace, ctx.counters)):
        # ``particles[:] = particles[indexes]``: the gather reads the array it overwrites
        return Finding("out-of-place-update", stmt.lineno, ctx.bytes_for(stmt, t.nbytes, "temporaries", shared),
                       f"{_code(ctx.segment(node))} builds {_code(t.expr)} as a new array ({format_bytes(t.nbytes)})"
                       f" and only then copies it into {_code(ctx.segment(target))}, so both exist at the peak.",
                       f"The gather reads `{_root_name(sub)}`, which it overwrites, so it must be complete before the"
                       " copy: this array is what reordering in place costs (`np.take(..., out=...)` would buffer"
                       " the same copy), and no slice can replace an index that repeats or reorders.", None)
    if isinstance(sub, ast.Subscript) and _is_mask(ctx, sub, t):
        measured = ctx.measured(stmt, "kept" if kept else "temporaries")
        told = _masks_were_the_memory(ctx, stmt, sub, t, measured) if not kept else None
        if told is not None:
            return told
        again = _copied_inside(ctx, stmt, sub, t) if not kept and measured is not None else None
        if again is not None:   # ``np.cov(X[m].T)``: the call copies the selection once more, the same size
            got = measured = min(got, measured // 2)
        copies = [c for c in _big(temps) if not _kept(ctx, stmt, c) and c not in indices] if not kept else [t]
        if len(copies) > 1:   # ``Z[I] = Z[I]**2 + C[I]``: each operand gathered with the mask
            got = ctx.bytes_for(stmt, sum(c.nbytes for c in copies), "temporaries", shared)
        beside = (_right_of_a_new_array(ctx, sub) if not kept and measured is not None and again is None
                  and len(copies) < 2 else None)
        # ``2. * ((x[idx] - a) / (b - a)) ** 2.``: a later step NumPy cannot compute in place (a float power) is
        # a second array of the selection's size
        unreused = (next((o for o in stmt.temporaries if o is not t and not o.elided
                          and o.kind in ("chained-ops", "result") and o.nbytes == t.nbytes
                          and _kept(ctx, stmt, o) is False and ctx.node_at(o.span) is not None
                          and _inside(ctx.node_at(o.span), sub)), None)
                    if beside is None and not kept and measured is not None and again is None and len(copies) < 2
                    else None)
        if unreused is not None:
            beside = unreused.expr
        if beside is not None and measured > 2.3 * t.nbytes:
            beside = None   # the line held more than the selection and one array of its size: halves would be false
        # ``(idx * (1 - h))[idx]``: the selection is taken from an array the line computed whole
        whole = next((w for w in stmt.temporaries if isinstance(sub.value, (ast.BinOp, ast.UnaryOp, ast.Call))
                      and w.span == _span_of(sub.value) and w.nbytes >= MIN_ARRAY_BYTES and w is not t), None)
        if whole is not None and whole.elided:
            # ``(np.arange(len(mask)) + 1)[mask]``: the step was computed in the buffer of the array it was given,
            # which is the one the line built whole
            whole = next((w for w in stmt.temporaries if not w.elided and w.nbytes == whole.nbytes
                          and w is not t and _inside(sub.value, ctx.node_at(w.span))), None)
        positions = _positions_of(ctx, sub) if whole is not None else None
        if beside is not None:   # ``c - z[t3]`` in a function: a second array of the selection's size
            got = measured = min(got, measured // 2)
        stat = ctx.stats.get(stmt.lineno)
        # sized by the count of the mask the namespace holds, or at most every element
        counted = stat is not None and stat.hits == 1 and _mask_shares(ctx, stmt, copies or [t]) is not None
        scaled = not counted and all(c.detail.endswith(_SCALED) for c in copies or [t])
        bound = "" if counted else "at most "
        what = (f"{_code(t.expr)} copied the elements its boolean mask selects: {bound}{format_bytes(t.nbytes)}"
                if len(copies) < 2 else
                f"{len(copies)} boolean-mask selections copied the elements they select: {bound}{_sized(copies)}")
        rebinds = any(o.kind == "out-of-place-update" and _old_freed(ctx, stmt, o)   # net is old minus new
                      for o in stmt.temporaries)
        if (kept and rebinds and len(copies) < 2 and _value(node) is sub and not _big(indices)
                and _single_target(node) == _root_name(sub)):
            # ``c = c[(c >= lo) & (c <= hi)]``: the selection is the new ``c``, no slice could give it; the
            # rebinding finding tells what holding the old one costs, and the masks are named as a chain
            return None
        if (kept and len(copies) < 2 and not rebinds
                and (stat is None or 0 <= stat.net_bytes <= t.nbytes * 1.05 + MIN_ARRAY_BYTES)):
            # the copy is the line's result, which no slice could give: what it cost beyond that is the
            # mask (and any index arrays), built whole to select with
            masks = [m for m in _big(stmt.temporaries) if m.dtype == "bool" and not m.elided
                     and _selects_kept(ctx, stmt, m)]
            helpers = _big(indices) + masks
            if not helpers:
                return None
            # the index arrays hold one number per selected element: as many as the kept selection has
            share = min(1.0, max(0, stat.net_bytes) / t.nbytes) if stat is not None and t.nbytes else 1.0
            # ``X[left_mask], X[right_mask]``: each selection frees its index arrays before the next is made
            sources = list(dict.fromkeys(i.expr for i in _big(indices)))
            index_bytes = int(max((sum(i.nbytes for i in _big(indices) if i.expr == e) for e in sources),
                                  default=0) * share)
            spent = sum(m.nbytes for m in masks) + index_bytes
            measured_less = stat is not None and 0 < stat.temporaries_bytes < spent
            spent = min(stat.temporaries_bytes, spent) or spent if stat is not None else spent
            if measured_less and not masks:   # fewer selected than the "at most" the prediction allowed
                index_bytes, share = spent, 0.0
            held = (f"{format_bytes(stat.net_bytes)} kept" if stat is not None
                    else f"at most {format_bytes(t.nbytes)}, kept")
            size = (f"{format_bytes(index_bytes)} measured" if measured_less and not masks else
                    format_bytes(index_bytes) if share == 1.0 else f"about {format_bytes(index_bytes)}")
            # the mask that selects, sized as measured when NumPy reused one mask for the next (``~np.isnan(x)``)
            # (``~`` written into the buffer of ``np.isnan(x)``: the mask is the index, its buffer the other's)
            chosen = next((m for m in stmt.temporaries if m.dtype == "bool" and m.span == _span_of(sub.slice)
                           and (m.elided or m in masks)), masks[0]) if masks else None
            mask_bytes = min(sum(m.nbytes for m in masks), max(spent - index_bytes, chosen.nbytes)) if masks else 0
            parts = ([f"the mask {_code(chosen.expr)} ({format_bytes(mask_bytes)})"] if masks
                     else []) + ([f"the index arrays NumPy makes from"
                                  f" {'it' if masks or not isinstance(sub, ast.Subscript) else _code(ctx.segment(sub.slice))}"
                                  f" ({size}, one number per selected element)"]
                                 if _big(indices) and len(sources) < 2 else
                                 [f"the index arrays NumPy makes from {' and '.join(_code(e) for e in sources)}, one"
                                  f" selection at a time ({size} at the line's peak, one number per selected element)"]
                                 if _big(indices) else [])
            return Finding("chained-ops", stmt.lineno, spent,
                           f"{_code(stmt.text)} built {' and '.join(parts)} to select with, freed when the line"
                           f" ended; the selection itself ({held}) is the line's result, which no slice could"
                           " give.",
                           "A mask must exist whole while it selects. Where several lines select with the same"
                           " condition, build it once and reuse it; where only a count or a sum of the selected"
                           " elements is needed, reduce with `where=` instead of selecting.", None)
        else:
            # the mask the line builds to select with, alive beside the copy (``sorted_density[sm <= hdi_prob]``)
            mask_t = next((m for m in stmt.temporaries if m.dtype == "bool" and not m.elided
                           and m.span == _span_of(sub.slice) and m.nbytes >= MIN_ARRAY_BYTES), None)
            if mask_t is None and isinstance(sub.slice, ast.Compare) and t.dtype:
                # a comparison the line makes, of operands not known before it ran: a byte for each element the
                # selection could take
                import numpy

                size = t.nbytes // numpy.dtype(t.dtype).itemsize
                mask_t = replace(t, expr=ctx.segment(sub.slice), nbytes=size, dtype="bool") \
                    if size >= MIN_ARRAY_BYTES else None
            runs = ctx.stats.get(stmt.lineno)
            # (a function run more than once is sized from the one call the analysis saw; others may be larger)
            several = stmt.in_function is not None and runs is not None and runs.hits > 1
            message = (what + (f" (as many as {_code(ctx.segment(sub.slice))} selects)" if counted else
                               " (what the line's measured peak leaves room for: the mask selects fewer than every"
                               " element)"
                               if scaled else
                               " (every element of the first call's input selected)" if several else
                               " (every element selected)")
                       + (f", {format_bytes(measured)} measured on this line" if measured is not None
                          and again is None and beside is None else "")
                       + (f", the mask {_code(mask_t.expr)} ({format_bytes(mask_t.nbytes)}) among it"
                          if mask_t is not None and measured is not None and again is None and beside is None
                          and measured >= mask_t.nbytes + MIN_ARRAY_BYTES else "")
                       + (f", about {format_bytes(measured)} measured: half of the line's temporaries, the other"
                          f" half being {_code(beside)}, a new array of its size ("
                          + ("a step NumPy does not compute in the array it is given" if unreused is not None else
                             "NumPy reuses a temporary in place only as the left operand, or either one for `+` and"
                             " `*`")
                          + ")" if beside is not None else "")
                       + (f"; it selects from {_code(whole.expr)}, a new {whole.dtype} array of every element"
                          f" ({format_bytes(whole.nbytes)}) that the line built whole first and freed"
                          if whole is not None else "")
                       + (f", about {format_bytes(measured)} measured: half of the line's temporaries, the other"
                          f" half being what {_code(again.expr)} builds inside"
                          f" ({facts.HIDDEN_TEMPORARIES[_short(again)]})" if again is not None else "")
                       + "; boolean and integer indexing always return a new array.")
        if _big(indices):
            message += " " + _mask_index_words(ctx, indices)
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        if (isinstance(target, ast.Subscript) and node.value is sub and not isinstance(sub.slice, ast.Tuple)
                and _norm(ctx.segment(target.slice)) == _norm(ctx.segment(sub.slice))):
            # ``th[m] = data[m]``: copyto writes the selected elements across with no selection copied (not
            # ``P1[is_nan, ...] = P0[is_nan, ...]``: a mask of the first axis alone is no ``where=`` as written)
            dst, src, mask = ctx.segment(target.value), ctx.segment(sub.value), ctx.segment(sub.slice)
            call = f"{ctx.np or 'np'}.copyto({dst}, {src}, where={mask})"
            shapes = [_shape_dtype(ctx, n) for n in (dst, src)]
            sure = None not in shapes and shapes[0] == shapes[1] and ctx.owns_lines(node)
            import numpy

            # the mask has one byte for each element the selection could take (its bound: every element)
            mask_bytes = t.nbytes // numpy.dtype(t.dtype).itemsize if t.dtype else 0
            measured = ctx.measured(stmt, "temporaries")
            if mask_bytes >= MIN_ARRAY_BYTES and measured is not None and measured <= 1.1 * mask_bytes:
                # ``_X[_X < xl] = xl[_X < xl]`` selecting (almost) nothing: the line's memory is the mask itself
                return Finding("fancy-index-copy", stmt.lineno, measured,
                               f"{_code(ctx.segment(node))} measured {format_bytes(measured)}, the size of the mask"
                               f" {_code(mask)} ({format_bytes(mask_bytes)}): the condition selected few or no"
                               " elements, so the selection copied next to nothing and the mask is the line's"
                               " memory (the line builds it twice, one after the other).",
                               f"A mask of the array's size is what selecting by a condition costs; `{call}` builds it"
                               " once, but holds the same peak.", None)
            return Finding("fancy-index-copy", stmt.lineno, got, message,
                           f"`{call}` copies the selected elements straight across, with no selection copied"
                           + ("." if sure else f" (when `{dst}` and `{src}` have one shape and dtype)."),
                           ctx.replace_statement(node, [call]) if sure else None)
        def mask_of(index: ast.expr) -> str | None:
            return _norm(ctx.segment(index.elts[0] if isinstance(index, ast.Tuple) and index.elts else index))

        first = sub.slice.elts[0] if isinstance(sub.slice, ast.Tuple) and sub.slice.elts else sub.slice
        made = _value(node)
        # (the value computed by operators or NumPy's ufuncs: a random draw or another call takes no ``where=``)
        by_ufuncs = isinstance(made, (ast.BinOp, ast.UnaryOp)) or (
            isinstance(made, ast.Call) and _UFUNC_CALL.match(ctx.segment(made.func)) is not None)
        # (not where the value reads the target's array too, ``y[idx] = lb[idx] + (y[idx] - c)**2``: its first steps
        # written into ``y`` would change values a later step reads, and a scratch array of ``y``'s size costs more)
        def first_step(e: ast.AST) -> ast.AST | None:
            # the first operation that makes an array, in the order Python evaluates the value (an array of the
            # selection's size is made from a selection: a step with none, ``1 - lr``, is a number)
            def array(n: ast.AST) -> bool:
                return not _number_expr(ctx, n) and any(isinstance(m, ast.Subscript) for m in ast.walk(n))
            if isinstance(e, ast.BinOp):
                return first_step(e.left) or first_step(e.right) or (e if array(e) else None)
            if isinstance(e, ast.UnaryOp):
                return first_step(e.operand) or (e if array(e) else None)
            return None
        root = _root_name(target) if isinstance(target, ast.Subscript) else None
        begun = first_step(made) if isinstance(made, (ast.BinOp, ast.UnaryOp)) else None
        reads_target = root is not None and begun is not None and any(
            isinstance(n, ast.Name) and n.id == root and not _inside(begun, n) for n in ast.walk(made))
        if (isinstance(target, ast.Subscript) and mask_of(target.slice) == mask_of(sub.slice) and by_ufuncs
                and not _scalar_expr(ctx, first) and not isinstance(made, ast.Subscript) and not reads_target):
            # (``X_new[i, j] = X[i, arr[i]].sum(axis=0)``: ``i`` is a row; ``ts[mask] = ts[idx[mask], j]``: a gather)
            # ``out[idx, 0] = (arr[idx, 1] - arr[idx, 2]) / delta[idx]``: the same mask selects and stores
            base, mask = ctx.segment(target.value), ctx.segment(target.slice)
            parts = target.slice.elts if isinstance(target.slice, ast.Tuple) else []
            if parts and all(isinstance(e, ast.Constant) and type(e.value) is int for e in parts[1:]):
                # ``out[idx, 0] = ...``: the mask picks rows of one column, a view ``out[..., 0]`` takes ``where=``
                mask = ctx.segment(parts[0])
                base = f"{base}[..., {', '.join(ctx.segment(e) for e in parts[1:])}]"
            elif isinstance(target.slice, ast.Name):
                # ``X_L[mask_J] = ...`` with a row mask: ``where=`` broadcasts from the last axis, so the mask of
                # the rows is stood up as a column (``mask_J[:, None]``), or it would pick columns
                held = _held_at(ctx, stmt, target.slice.id)
                whole = _held_at(ctx, stmt, target.value.id) if isinstance(target.value, ast.Name) else None
                # (``self._weights[mask]``: the selection keeps the axes the mask does not cover)
                ndim = (len(whole[0]) if whole is not None else len(held[0]) + len(t.shape) - 1
                        if held is not None and isinstance(sub.slice, ast.Name) and sub.slice.id == target.slice.id
                        and t.shape else None)
                if held is not None and ndim is not None and 0 < len(held[0]) < ndim:
                    axes = [":"] * len(held[0]) + ["None"] * (ndim - len(held[0]))
                    mask = f"{mask}[{', '.join(axes)}]"
            example = ("" if parts and mask == ctx.segment(target.slice) else
                       f" (`{ctx.np or 'np'}.divide(a, b, out={base}, where={mask})`, then the next step the same"
                       " way)")
            if (isinstance(made, ast.Call) and len(made.args) == 1 and not made.keywords and not parts
                    and isinstance(made.args[0], ast.Subscript) and mask_of(made.args[0].slice) == mask_of(sub.slice)
                    and ctx.segment(made.func).split(".")[-1] in _UNARY_UFUNCS):
                # ``rval[p != 0] = np.log(p[p != 0])``: the one ufunc, straight into the target
                example = (f" (`{ctx.segment(made.func)}({ctx.segment(made.args[0].value)}, out={base},"
                           f" where={mask})`, when the two arrays have one shape)")
            return Finding("fancy-index-copy", stmt.lineno, got, message,
                           f"The result goes back into {_code(ctx.segment(target))}: compute it with ufuncs straight"
                           f" into `{base}` with `where={mask}`{example}, so no selection is copied. No rewrite: the"
                           " steps depend on the expression.", None)
        if _reduced_by(ctx, sub):
            where = _reduced_where(ctx, sub)
            return Finding("fancy-index-copy", stmt.lineno, got, message,
                           f"The selection is built only to be reduced: `{where}` reduces the same elements with no"
                           " copy of them, when the mask has the array's shape (sums may round differently in the"
                           " last bits). No rewrite: a mask cannot become a slice." if where else
                           "The selection is built only to be reduced: reduce the whole array with `where=` instead"
                           " (`a.sum(where=mask)`, `a.max(where=mask, initial=...)`), which copies nothing. No"
                           " rewrite: a mask cannot become a slice.", None)
        copied = ctx.parents.get(id(sub))
        if (isinstance(copied, ast.Attribute) and copied.attr == "copy"
                and isinstance(ctx.parents.get(id(copied)), ast.Call)):
            return None   # ``X_f[mask, :].copy()``: the selection is the copy's source, which the forced-copy tells
        if len(copies) < 2 and not _selected_elsewhere(ctx, node, sub):
            # ``temp[speed > 10]`` shown once: the copy is the value asked for, which no slice could give
            if kept:
                return None   # the line's new value: the rebinding and the masks' chain tell what it cost
            masks = sorted((m for m in _big(stmt.temporaries) if m.dtype == "bool" and m is not t),
                           key=lambda m: (m.span != _span_of(sub.slice), m.elided))
            shown = "is the line's value" if isinstance(node, ast.Expr) and _value(node) is sub else "is what the line uses"
            outer = ctx.parents.get(id(sub))
            target = _single_target(node)
            if (isinstance(outer, ast.Call) and isinstance(outer.func, ast.Attribute) and ctx.np is not None
                    and _root_name(outer.func) == ctx.np and outer.func.attr in _UNARY_UFUNCS
                    and outer.args == [sub] and not outer.keywords and _value(node) is outer and target is not None
                    and t.dtype in _FLOAT_DTYPES and _keeps_dtype(outer.func.attr, t.dtype) and ctx.owns_lines(node)):
                # photutils' gini: ``values = np.abs(values[np.isfinite(values)])``: the selection is a new array
                # nothing else holds, which the ufunc can write into
                steps = [f"{target} = {ctx.segment(sub)}", f"{ctx.segment(outer.func)}({target}, out={target})"]
                return Finding("fancy-index-copy", stmt.lineno, got,
                               f"{_code(t.expr)} copied the elements its boolean mask selects (at most"
                               f" {format_bytes(t.nbytes)}), and {_code(ctx.segment(outer.func))} makes a second array"
                               " of its size from it: the selection dies once the result exists.",
                               f"The selection is a new array nothing else holds: `{steps[0]}`, then `{steps[1]}`,"
                               " computes the result in it, with no second array.",
                               ctx.replace_statement(node, steps))
            return Finding("chained-ops", stmt.lineno, got,
                           f"{_code(t.expr)} copied the elements its boolean mask selects (at most"
                           f" {format_bytes(t.nbytes)}"
                           + (f"; the line measured {format_bytes(measured)} in all, with the mask"
                              + (" and the index arrays NumPy makes from it" if _big(indices) else "")
                              if measured is not None else "") + ")"
                           + (f", after building the mask {_code(masks[0].expr)} ({format_bytes(masks[0].nbytes)})" if masks else "")
                           + f". The selection {shown}, which no slice could give; it is made once in this cell.",
                           "Nothing here is spent twice. Where only a count or a sum of the selected elements is"
                           " needed, reduce with `where=` instead of selecting; where the same condition selects on"
                           " several lines, build the mask once.", None)
        if positions is not None:
            return Finding("fancy-index-copy", stmt.lineno, got, message,
                           f"{_code(whole.expr)} is built whole only to keep the positions the mask selects:"
                           f" `{positions}` gives the same values for a 1-D mask, making only the selected"
                           " positions. No rewrite: the mask's shape is not known here.", None)
        return Finding("fancy-index-copy", stmt.lineno, got, message,
                       "A boolean mask selects scattered elements, which no slice can name (unless the values it"
                       " tests are sorted: then the selection is one run, and `np.searchsorted` gives the slice's"
                       " bounds): these copies are what computing on the selected elements alone costs (computing"
                       " on the whole arrays with `where=` would need full-size arrays instead). Where the selected"
                       " elements are few, the copies are small; where the same selection is made on several"
                       " lines, make it once.", None)
    words = "Use a slice (`a[i:j]`), which is a view, when the indices are consecutive."
    if _reorders_all(ctx, sub, t):
        if any(o.kind == "out-of-place-update" for o in stmt.temporaries):
            return None   # ``X = X[keys]``: the rebinding finding tells what holding both costs
        if isinstance(node, ast.Expr) and node.value is sub and not _selected_elsewhere(ctx, node, sub):
            return None   # a permutation shown once: the copy is the value asked for, which no slice gives
        words = ("The index reorders every row (a permutation), so the copy is the result itself and no slice"
                 " can replace it; where the old order is no longer needed, drop the old array as soon as the"
                 " new one exists.")
        return Finding("fancy-index-copy", stmt.lineno, got, message, words, None)
    if not isinstance(sub, ast.Subscript):
        return Finding("fancy-index-copy", stmt.lineno, got, message, words, None)
    joined = _joined_ranges(ctx, stmt, sub, t, got, message, shared)
    if joined is not None:
        return joined
    parts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else []
    if len(parts) > 1 and any(_range_call(ctx, e) is not None for e in parts) and not _sole_array_index(
            ctx, next(e for e in parts if _range_call(ctx, e) is not None)):
        return None   # ``probs[range(n), y]`` gathers what it must; its range index has its own finding
    first = sub.slice
    if isinstance(first, ast.Tuple) and first.elts and all(
            isinstance(e, ast.Slice) and e.lower is e.upper is e.step is None for e in first.elts[1:]):
        first = first.elts[0]   # ``Z[list(range(1000)), :]``: the rows are the run
    bounds = _consecutive(ctx, first)
    stored = isinstance(node, ast.Assign) and any(_written_into(t) for t in node.targets)
    if bounds is None and (_viewed_as_value(node, sub) and not _thrown_away(ctx.tree, node)
                           or _appended(ctx, sub)) and not stored:
        return None   # ``sub = A[:, cols]`` of columns no slice names: the copy is the result asked for
    index = first.elts[0] if isinstance(first, ast.Tuple) and first.elts else first
    arrays = [e for e in sub.slice.elts if not isinstance(e, ast.Slice)] if isinstance(sub.slice, ast.Tuple) else []
    if isinstance(index, ast.Slice) and len(arrays) == 1:
        index = arrays[0]   # ``data[:, S_k]``: the one index array among slices
    condition = _index_condition(ctx, index) if bounds is None and _reduced_by(ctx, sub) else None
    if condition is not None:
        # ``np.mean(data[:, S_k], axis=1)`` with ``S_k = np.argwhere(assignments == k)``: the positions come from
        # a condition, and a reduction takes the condition itself with ``where=``, copying nothing
        parent = ctx.parents.get(id(sub))
        red = parent.attr if isinstance(parent, ast.Attribute) else parent.func.attr
        return Finding("fancy-index-copy", stmt.lineno, got, message,
                       f"The gather is built only to be reduced (`{red}`), and {_code(ctx.segment(index))} holds the"
                       f" positions where {_code(ctx.segment(condition))} holds: reducing the whole array with"
                       f" `where=` and that condition (broadcast along the indexed axis) copies nothing. Mind the"
                       " result's shape: the index's own axes are gone. No rewrite: the condition must broadcast"
                       " against the array.", None)
    if bounds is None and not _reduced_by(ctx, sub) and (_data_index(ctx, index) or not stored and _table_index(
            ctx, index)):
        # ``F1c[ebin, 1]`` with ``ebin`` computed from data (``np.digitize``): a lookup no slice could give
        measured = ctx.measured(stmt, "temporaries")
        if kept and measured is not None and measured < 0.5 * t.nbytes:
            return None   # ``return arrival_times[i] - passenger_times``: NumPy computed into the gather in place
        why = ("is computed from data" if _data_index(ctx, index) else
               f"has {ctx.namespace[index.id].ndim} dimensions (a block per entry)")
        advice = _gathered_into_join(ctx, node, sub, t) or (
            "The gather is what looking the values up costs: nothing on this line can avoid it. Where"
            " several lines gather with the same index from one array, gather once and reuse it.")
        # (``rng.normal(loc=mus[active], scale=sigmas[active])``: each array gathered with the same index, together)
        same = [c for c in temps if c is not t and not c.elided and not _kept(ctx, stmt, c)
                and isinstance(ctx.node_at(c.span), ast.Subscript)
                and _norm(ctx.segment(ctx.node_at(c.span).slice)) == _norm(ctx.segment(sub.slice))] if not kept else []
        if same:
            gathered = [t] + same
            total = sum(c.nbytes for c in gathered)
            return Finding("fancy-index-copy", stmt.lineno, ctx.bytes_for(stmt, total, "temporaries", shared),
                           f"{_join_code([c.expr for c in gathered])} gathered {format_bytes(total)}"
                           + (f" ({format_bytes(t.nbytes)} each)" if len({c.nbytes for c in gathered}) == 1 else
                              f" ({_sized(gathered)})")
                           + ": an integer-array index always copies, and"
                           f" {_code(ctx.segment(index))} {why}, so no slice could give these elements; the line"
                           " uses the gathered arrays whole.", advice, None)
        return Finding("fancy-index-copy", stmt.lineno, got,
                       f"{_code(t.expr)} gathered {format_bytes(t.nbytes)}: an integer-array index always copies,"
                       f" and {_code(ctx.segment(index))} {why}, so no slice could give these"
                       " elements; the line uses the gathered array whole.", advice, None)
    block = _ix_slices(ctx, sub) if bounds is None else None
    if block is not None:
        return Finding("fancy-index-copy", stmt.lineno, got, message,
                       f"Every index of {_code(ctx.segment(sub.slice))} is an `np.arange`, so the block it selects is"
                       f" the slices {_code(block)}: the same elements as a view, with no copy (a view shares"
                       " memory: copy it only where the code then writes into one and reads the other).", None)
    proven = "consecutive run" in t.detail
    ranged = _range_bound(ctx, node, sub) if bounds is None else None
    if ranged is not None:
        # ``x[sma_xs]`` with ``sma_xs = range(half_m, len(trend) + half_m)``: the run the range names, as a slice
        return Finding("fancy-index-copy", stmt.lineno, got, message,
                       f"`{ranged}` selects the same elements as a view, with no copy"
                       + ("" if proven else " (for bounds from 0 up to the axis' length)")
                       + " (a view shares memory: copy it only where the code then writes into one and reads the"
                       " other). No rewrite: the range is bound on another line, which npguard leaves as it is.", None)
    run = _range_call(ctx, index) if bounds is None and "consecutive run" in t.detail else None
    if run is not None and len(run.args) <= 2 and not run.keywords:
        # ``fbank[:, range(maxlen)]``: the range written as a slice in its place, for the bounds it runs with here
        text = ":".join([ctx.segment(run.args[0]) if len(run.args) == 2 else "", ctx.segment(run.args[-1])])
        (a, b), (start, _) = ctx.span(index), ctx.span(sub)
        plain = ctx.segment(sub)[:a - start] + text + ctx.segment(sub)[b - start:]
        if plain:
            return Finding("fancy-index-copy", stmt.lineno, got, message,
                           f"`{plain}` selects the same elements as a view, with no copy, for a range that counts up"
                           " from 0 or more as this one did here (a view shares memory: copy it only where the code"
                           " then writes into one and reads the other). No rewrite: the range's bounds are computed"
                           " when the line runs.", None)
    step = ctx.parents.get(id(sub))
    if bounds is None and isinstance(step, ast.BinOp) and any(o.elided and ctx.node_at(o.span) is step
                                                              for o in stmt.temporaries):
        # ``cos(2 * pi / r * (x[x1[0]] - r / 2))``: the copy is the array NumPy computes the next step in; a view
        # would leave that step to make one as large
        return Finding("fancy-index-copy", stmt.lineno, got, message,
                       f"A slice would not lower this line: NumPy computes {_code(ctx.segment(step))} in the copy's own"
                       " array (temporary elision), so with a view that step would make an array as large. Where"
                       " later steps of the value make arrays of their own (a ufunc call such as `np.cos(...)`),"
                       " computing them into this one (`out=`) is what spares memory.", None)
    if bounds is None:
        return Finding("fancy-index-copy", stmt.lineno, got, message,
                       " ".join(filter(None, [words + " (No rewrite: the indices are not a provably consecutive"
                                              " run.)", _gathered_into_join(ctx, node, sub, t)])),
                       None)
    target = _single_target(node)
    value = _value(node)
    src = _root_name(sub)
    safe = (target is not None and value is sub and src is not None
            and not ctx.writes(target, skip=node, calls=False)
            and not ctx.writes(src, skip=node, calls=False))
    if not safe:
        return Finding("fancy-index-copy", stmt.lineno, got, message,
                       words + " (No rewrite: a slice is a view, so one is offered only where the line binds"
                       " one name and neither it nor its source is written, aliased or handed to other code in"
                       " the cell.)",
                       None)
    a, b = ctx.span(first)
    return Finding("fancy-index-copy", stmt.lineno, got, message, words,
                   ctx.replace([(a, b, bounds)]))


def _appended(ctx: _Context, sub: ast.AST) -> bool:
    """``result.append(order.argsort()[inverse])``: the gathered copy is kept in a list, as the value."""
    parent = ctx.parents.get(id(sub))
    return (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute)
            and parent.func.attr == "append" and parent.args == [sub] and not parent.keywords)


def _table_index(ctx: _Context, index: ast.expr) -> bool:
    """``vertices[faces]`` with ``faces`` an (n, 3) integer array the cell holds: an index of two or more
    dimensions gathers a block per entry, a shape no slice can give."""
    import numpy

    value = (ctx.namespace or {}).get(index.id) if isinstance(index, ast.Name) else None
    return isinstance(value, numpy.ndarray) and value.ndim >= 2 and value.dtype.kind in "iu"


def _index_condition(ctx: _Context, index: ast.expr) -> ast.expr | None:
    """The condition behind an index name bound once to ``np.argwhere(cond)``, ``np.flatnonzero(cond)``,
    ``np.nonzero(cond)[0]`` or ``np.where(cond)[0]``."""
    if not isinstance(index, ast.Name) or ctx.tree is None:
        return None
    values = [n.value for n in ast.walk(ctx.tree) if _single_target(n) == index.id]
    if len(values) != 1:
        return None
    value = values[0]
    if isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant) and value.slice.value == 0:
        value = value.value   # ``np.nonzero(cond)[0]``
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and _root_name(value.func) == ctx.np
            and value.func.attr in ("argwhere", "flatnonzero", "nonzero", "where") and len(value.args) == 1
            and not value.keywords and isinstance(value.args[0], (ast.Compare, ast.BoolOp, ast.BinOp, ast.UnaryOp))):
        return value.args[0]
    return None


def _element_for(node: ast.stmt | None, name: str) -> ast.expr | None:
    """In ``x, y = x[jj, :], y[jj]``, the element of the value that ``name`` is bound to."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], (ast.Tuple, ast.List))
            and isinstance(node.value, (ast.Tuple, ast.List)) and len(node.targets[0].elts) == len(node.value.elts)):
        return None
    return next((v for t, v in zip(node.targets[0].elts, node.value.elts) if isinstance(t, ast.Name) and t.id == name),
                None)


def _viewed_as_value(node: ast.stmt | None, sub: ast.AST) -> bool:
    """The statement's value is ``sub`` itself, or a view of it (``X[rows, cols, :].T``,
    ``.reshape(...)``), or one element of a tuple the line unpacks: the copy the index makes is
    what the line keeps."""
    value = _value(node) if not isinstance(node, ast.Return) else node.value
    if isinstance(value, (ast.Tuple, ast.List)) and isinstance(node, ast.Assign) and isinstance(
            node.targets[0], (ast.Tuple, ast.List)) and any(e is sub for e in value.elts):
        return True
    while value is not sub:
        if isinstance(value, ast.Attribute) and value.attr == "T":
            value = value.value
        elif (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
              and value.func.attr in ("transpose", "reshape", "ravel", "swapaxes", "squeeze")):
            value = value.func.value
        else:
            return False
    return True


def _selects_kept(ctx: _Context, stmt: Statement, t: Temporary) -> bool:
    """``t`` is the mask of a boolean selection that is the line's kept value (``y = x[x < 5]``)."""
    node = ctx.node_at(t.span) if t.dtype == "bool" else None
    while node is not None:
        parent = ctx.parents.get(id(node))
        if isinstance(parent, ast.Subscript) and node is parent.slice:
            value = _value(ctx.node_of(stmt))
            return (parent is value and not _thrown_away(ctx.tree, ctx.node_of(stmt))
                    and any(c.kind == "fancy-index-copy" and ctx.node_at(c.span) is parent for c in stmt.temporaries))
        node = parent
    return False


def _ranges_index(ctx: _Context, node: ast.AST | None) -> list[ast.Slice] | None:
    """The slices of an ``np.r_[a:b, c:d]`` index, when it is made of slices only."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "r_"
            and _root_name(node.value) == ctx.np):
        return None
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if not parts or not all(isinstance(p, ast.Slice) and p.upper is not None for p in parts):
        return None
    return parts


def _joined_ranges(ctx: _Context, stmt: Statement, sub: ast.Subscript, t: Temporary, got: int, message: str,
                   shared: bool) -> Finding | None:
    """``x[np.r_[0:n, m:k]]``: np.r_ builds an integer index array, then indexing copies; the same
    rows are the slices ``x[0:n]`` and ``x[m:k]`` (views) joined by ``np.concatenate``."""
    slices = _ranges_index(ctx, sub.slice)
    if slices is None:
        return None
    index = next((i for i in stmt.temporaries if ctx.node_at(i.span) is sub.slice and not i.consumer), None)
    if index is not None:
        got = ctx.bytes_for(stmt, t.nbytes + index.nbytes, "kept" if _kept(ctx, stmt, t) else "temporaries", shared)
        message = (f"{_code(ctx.segment(sub.slice))} built an integer index array of {format_bytes(index.nbytes)},"
                   f" and {_code(t.expr)} copied {format_bytes(t.nbytes)} with it: indexing with an array always"
                   " returns a new array.")
    base = ctx.segment(sub.value)
    joined = f"{ctx.np}.concatenate(({', '.join(f'{base}[{ctx.segment(p)}]' for p in slices)},))"
    if len(slices) > 1:
        joined = joined.replace(",))", "))")
    suggestion = (f"Each range is a slice, which is a view: `{joined}` copies the same elements once, with no"
                  " index array.")
    value = _value(ctx.node_of(stmt))
    if value is not sub or _single_target(ctx.node_of(stmt)) is None or not isinstance(sub.value, ast.Name):
        return Finding("fancy-index-copy", stmt.lineno, got, message,
                       suggestion + " (No rewrite: the line does not bind the selection to one name.)", None)
    a, b = ctx.span(sub)
    return Finding("fancy-index-copy", stmt.lineno, got, message, suggestion, ctx.replace([(a, b, joined)]))


def _selected_from(ctx: _Context, t: Temporary) -> ast.Subscript | None:
    """The selection made from the temporary's array, directly or after one step computed in its buffer
    (``(np.arange(n) + 1)[mask]``)."""
    node = ctx.node_at(t.span)
    parent = ctx.parents.get(id(node)) if node is not None else None
    if isinstance(parent, ast.BinOp) and parent.left is node:
        node, parent = parent, ctx.parents.get(id(parent))
    return parent if isinstance(parent, ast.Subscript) and parent.value is node else None


def _positions_of(ctx: _Context, sub: ast.Subscript) -> str | None:
    """``np.arange(len(mask))[mask]``, ``(np.arange(mask.size) + 1)[mask]``: every position built to keep
    the ones a 1-D mask selects, which ``np.flatnonzero(mask)`` gives alone (the form, with the same shift)."""
    base, shift = sub.value, ""
    if isinstance(base, ast.BinOp) and isinstance(base.op, (ast.Add, ast.Sub)) and _scalar_expr(ctx, base.right):
        base, shift = base.left, f" {'+' if isinstance(base.op, ast.Add) else '-'} {ctx.segment(base.right)}"
    if not (isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and base.func.attr == "arange"
            and _root_name(base.func) == ctx.np and len(base.args) == 1 and not base.keywords):
        return None
    mask, n = ctx.segment(sub.slice), base.args[0]
    sized = (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "len" and len(n.args) == 1
             and ctx.segment(n.args[0]) == mask
             or isinstance(n, ast.Attribute) and n.attr == "size" and ctx.segment(n.value) == mask
             or isinstance(n, ast.Subscript) and isinstance(n.value, ast.Attribute) and n.value.attr == "shape"
             and ctx.segment(n.value.value) == mask and ctx.segment(n.slice) == "0")
    if not sized or not isinstance(sub.slice, ast.Name):
        return None
    return f"{ctx.np}.flatnonzero({mask}){shift}"


def _range_call(ctx: _Context, node: ast.AST | None) -> ast.Call | None:
    """The ``range(...)`` an index is: written in place, or bound to the name once in the cell."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" and node.args:
        return node
    if isinstance(node, ast.Name) and isinstance((ctx.namespace or {}).get(node.id), range) and ctx.tree is not None:
        bound = [n.value for n in ast.walk(ctx.tree) if isinstance(n, ast.Assign) and len(n.targets) == 1
                 and isinstance(n.targets[0], ast.Name) and n.targets[0].id == node.id]
        if len(bound) == 1 and _range_call(ctx, bound[0]) is not None and not isinstance(bound[0], ast.Name):
            return bound[0]
    return None


def _sole_array_index(ctx: _Context, node: ast.AST | None) -> bool:
    """No other item of the subscript is an array (``probs[range(n), y]`` pairs the range with ``y``,
    which a slice would not)."""
    parent = ctx.parents.get(id(node))
    if not isinstance(parent, ast.Tuple):
        return True
    return all(e is node or isinstance(e, ast.Slice) or (isinstance(e, ast.Constant) and type(e.value) is int)
               or (isinstance(e, ast.Name) and type((ctx.namespace or {}).get(e.id)) is int)
               for e in parent.elts)


def _range_index(ctx: _Context, stmt: Statement, t: Temporary, got: int) -> Finding:
    """``y[ix] = j`` with ``ix = range(a, b)``: NumPy makes the range an integer array; a slice is a view."""
    node = ctx.node_at(t.span)
    call = _range_call(ctx, node)
    args = [ctx.segment(a) for a in call.args]
    as_slice = f"slice({', '.join(args)})"
    message = (f"{_code(t.expr)} is a range used as an index: NumPy first turns it into an integer index array"
               f" of {format_bytes(t.nbytes)}, freed when the line ends.")
    suggestion = (f"A range used as an index selects what a slice does, and a slice needs no index array:"
                  f" `{as_slice}`" + (" (or `a[start:stop]`)." if len(args) <= 2 else "."))
    rewrite = None
    stmt_node = ctx.node_of(stmt)
    writes = isinstance(stmt_node, (ast.Assign, ast.AugAssign))
    if isinstance(node, ast.Name) and writes and _only_indexes(ctx, node.id):
        binding = ctx.parents.get(id(call))
        if isinstance(binding, ast.Assign) and ctx.owns_lines(binding):
            rewrite = ctx.replace_statement(binding, [f"{node.id} = {as_slice}"])
            suggestion += f" `{node.id}` only ever indexes, so binding it to the slice changes nothing else."
    elif node is call and writes and stmt_node.lineno == stmt_node.end_lineno and _inside(
            stmt_node.targets[0] if isinstance(stmt_node, ast.Assign) else stmt_node.target, node):
        a, b = ctx.span(call)
        rewrite = ctx.replace([(a, b, as_slice)])   # a write through the index: the same elements either way
    return Finding("fancy-index-copy", stmt.lineno, got, message, suggestion, rewrite)


def _only_indexes(ctx: _Context, name: str) -> bool:
    """Every read of ``name`` in the cell is a whole index (``y[ix]``, ``X[ix, 0]``), as the left side of
    an assignment: a slice there writes the same elements the range did."""
    for n in ast.walk(ctx.tree):
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load):
            parent = ctx.parents.get(id(n))
            if isinstance(parent, ast.Tuple):
                parent = ctx.parents.get(id(parent))
            if not (isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store)):
                return False
    return True


def _written_copy(ctx: _Context, node: ast.stmt | None, sub: ast.AST | None) -> str | None:
    """``a[idx, :][:, cols] = v``: the fancy copy ``a[idx, :]`` is what the assignment writes into;
    the name of the array the user meant to change."""
    targets = (node.targets if isinstance(node, ast.Assign)
               else [node.target] if isinstance(node, ast.AugAssign) else [])
    for target in targets:
        inner = target.value if isinstance(target, ast.Subscript) else None
        while isinstance(inner, ast.Subscript):
            if inner is sub:
                root = _root_name(inner)
                return root
            inner = inner.value
    return None


def _from_mask(ctx: _Context, t: Temporary) -> bool:
    """An index array NumPy made from a boolean mask (the predictor places it on the mask itself)."""
    return t.mask_indices and t.dtype in ("int64", "int32") and _is_index(ctx, t) and isinstance(
        ctx.parents.get(id(ctx.node_at(t.span))), (ast.Subscript, ast.Tuple))


def _mask_index_words(ctx: _Context, indices: list[Temporary]) -> str:
    t = _largest(indices)
    sub = ctx.node_at(t.span)
    while sub is not None and not isinstance(sub, ast.Subscript):
        sub = ctx.parents.get(id(sub))
    base = _code(ctx.segment(sub.value)) if sub is not None else "the array"
    return (f"The mask {_code(t.expr)} does not cover every dimension of {base} by itself, so NumPy first"
            f" turns it into index arrays (`np.nonzero`): at most {format_bytes(t.nbytes)} more, freed when"
            " the line ends.")


def _is_scalar(ctx: _Context, node: ast.expr) -> bool:
    """A number written as it is (``7``, ``-1.5``) or a name holding one."""
    import numbers

    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    if isinstance(node, ast.Constant):
        return isinstance(node.value, numbers.Number)
    if not isinstance(node, ast.Name):
        return False
    if ctx.tree is not None and _local_to_a_function(ctx, node, node.id):
        return _counted(ctx, node)   # a function's ``var``: the namespace's ``var`` is another variable
    above = _bound_above(ctx, node)
    if above is not None and _scalar_expr(ctx, above):
        return True   # ``freq = 4`` a few lines up, though the cell later binds an array to ``freq``
    held = (ctx.namespace or {}).get(node.id)
    return isinstance(held, numbers.Number) or held is None and _counted(ctx, node)


def _bound_above(ctx: _Context, name: ast.Name) -> ast.expr | None:
    """The value a plain assignment among the cell's top-level statements bound to ``name`` last before the
    statement that reads it, when nothing else bound it in between and that statement does not bind it
    itself in a loop or a branch: the value ``name`` holds where it is read, whatever the cell binds later."""
    if ctx.tree is None:
        return None
    top, p = name, ctx.parents.get(id(name))
    while p is not None and p is not ctx.tree:
        top, p = p, ctx.parents.get(id(p))
    body = ctx.tree.body if isinstance(ctx.tree, ast.Module) else []
    if p is None or not any(s is top for s in body):
        return None
    at = next(i for i, s in enumerate(body) if s is top)

    def binds(stmt: ast.stmt) -> bool:
        return any(isinstance(n, ast.Name) and n.id == name.id and isinstance(n.ctx, (ast.Store, ast.Del))
                   or isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == name.id
                   or isinstance(n, (ast.Import, ast.ImportFrom, ast.Global))
                   for n in ast.walk(stmt))

    if not isinstance(top, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return)) and binds(top):
        return None   # a loop or a branch that binds the name: which value a run reads is not told here
    for stmt in reversed(body[:at]):
        if binds(stmt):
            return (stmt.value if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id == name.id else None)
    return None


def _own_nodes(scope: ast.AST):
    """The nodes of a scope (a function, or the cell), not those of a function or class inside it."""
    for child in ast.iter_child_nodes(scope):
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            yield from _own_nodes(child)


def _branches(ctx: _Context, node: ast.AST) -> dict[int, bool]:
    """The ``if`` statements around ``node``, each with the side it is on (True: the body)."""
    out: dict[int, bool] = {}
    child, p = node, ctx.parents.get(id(node))
    while p is not None:
        if isinstance(p, ast.If) and child is not p.test:
            out[id(p)] = any(child is s for s in p.body)
        child, p = p, ctx.parents.get(id(p))
    return out


def _ix_slices(ctx: _Context, sub: ast.Subscript) -> str | None:
    """``MW[np.ix_(even, sel, sel)]`` where each index is a name bound once, in its scope, to ``np.arange``:
    the block is the slices ``MW[0:p:2, 0:p, 0:p]``, a view. The slices' text, or None."""
    index = sub.slice
    if not (isinstance(index, ast.Call) and isinstance(index.func, ast.Attribute) and index.func.attr == "ix_"
            and _root_name(index.func) == ctx.np and ctx.np is not None and index.args and not index.keywords
            and all(isinstance(a, ast.Name) for a in index.args)):
        return None
    scope = _enclosing(ctx, sub, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    where = _branches(ctx, sub)
    parts = []
    for a in index.args:
        bound = [n for n in _own_nodes(scope) if isinstance(n, (ast.Assign, ast.AugAssign, ast.For, ast.AnnAssign))
                 and any(isinstance(t, ast.Name) and t.id == a.id
                         for target in (n.targets if isinstance(n, ast.Assign) else [n.target])
                         for t in ast.walk(target))]
        # the bindings that can reach the line: before it, and in the branches it runs in (an ``else``'s
        # ``sel = np.arange(0, p)`` is not the ``if``'s)
        bound = [n for n in bound if n.lineno < sub.lineno and _branches(ctx, n).items() <= where.items()]
        value = bound[-1].value if len(bound) == 1 and isinstance(bound[-1], ast.Assign) else None
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "arange"
                and _root_name(value.func) == ctx.np and 1 <= len(value.args) <= 3 and not value.keywords):
            return None
        bounds = [ctx.segment(v) for v in value.args]
        parts.append(":" + bounds[0] if len(bounds) == 1 else ":".join(bounds))
    return f"{ctx.segment(sub.value)}[{', '.join(parts)}]"


def _passed_numbers(ctx: _Context, func: ast.FunctionDef | ast.AsyncFunctionDef, param: str) -> bool:
    """Every call of the cell's function ``func`` (a plain function, called by its name and used no other
    way) gives ``param`` a number written out: ``gaussian(xs, 4.5, 9.0)`` for ``var``."""

    def number(e: ast.expr | None) -> bool:
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
            e = e.operand
        return isinstance(e, ast.Constant) and type(e.value) in (int, float)

    return _passed_all(ctx, func, param, number)


def _pandas_parameter(ctx: _Context, call) -> tuple[str, str] | None:
    """``np.mean(xs)`` where ``xs`` is a parameter of the cell's function that every call of it gives a pandas
    object: the parameter and the function's name."""
    node = ctx.node_at(call.span)
    arg = node.args[0] if isinstance(node, ast.Call) and node.args else None
    if (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and _root_name(arg.func) == ctx.np
            and ctx.np is not None and _is_ufunc(f"numpy.{arg.func.attr}") and arg.args):
        arg = arg.args[0]   # ``np.any(np.isinf(returns))``: a ufunc of a frame is a frame
    if not isinstance(arg, ast.Name):
        return None
    name = arg.id
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is None or name not in _parameters(func) or _last_binding(ctx, _statement_of(ctx, node), name) is not None:
        return None   # (``xs = np.asarray(xs)`` before: an array by then)
    return (name, func.name) if _passed_pandas(ctx, func, name) else None


def _statement_of(ctx: _Context, node: ast.AST) -> ast.stmt | None:
    """The statement an expression of the cell belongs to."""
    while node is not None and not isinstance(node, ast.stmt):
        node = ctx.parents.get(id(node))
    return node


def _passed_pandas(ctx: _Context, func: ast.FunctionDef | ast.AsyncFunctionDef, param: str, depth: int = 0) -> bool:
    """Every call of the cell's function ``func`` gives ``param`` a pandas object the session holds, or a column
    of one (``Mean(live.agepreg)``, ``Mean(ages)``), or a parameter of the calling function that every call of
    that function gives one (``Mean(ys)`` in ``LeastSquares(xs, ys)``)."""
    def pandas(e: ast.expr | None) -> bool:
        if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name):
            frame = (ctx.namespace or {}).get(e.value.id)
            return _is_pandas(frame) and e.attr in getattr(frame, "columns", ())
        if not isinstance(e, ast.Name):
            return False
        caller = _enclosing(ctx, e, (ast.FunctionDef, ast.AsyncFunctionDef))
        if caller is None:
            return _is_pandas((ctx.namespace or {}).get(e.id))
        return (depth < 3 and e.id in _parameters(caller) and _last_binding(ctx, _statement_of(ctx, e), e.id) is None
                and _passed_pandas(ctx, caller, e.id, depth + 1))

    return _passed_all(ctx, func, param, pandas)


def _passed_all(ctx: _Context, func: ast.FunctionDef | ast.AsyncFunctionDef, param: str, given_as) -> bool:
    """Every call of the cell's function ``func`` (a plain function, called by its name and used no other
    way) gives ``param`` (or leaves it to its default) an expression ``given_as`` accepts."""
    if ctx.tree is None or any(isinstance(n, ast.ClassDef) and _inside(n, func) for n in ast.walk(ctx.tree)):
        return False
    args = func.args
    if param in {a.arg for a in (args.vararg, args.kwarg) if a is not None}:
        return False   # (``*args`` and ``**options`` beside it leave the named parameters where they are)
    positional = [a.arg for a in args.posonlyargs + args.args]
    defaults = dict(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    def elsewhere(n: ast.Name) -> bool:   # ``fbank = numpy.zeros(...)`` in another function: its own variable
        scope = _enclosing(ctx, n, (ast.FunctionDef, ast.AsyncFunctionDef))
        return scope is not None and scope is not func and any(
            isinstance(m, ast.Name) and m.id == n.id and isinstance(m.ctx, ast.Store) for m in ast.walk(scope))
    uses = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Name) and n.id == func.name and not elsewhere(n)]
    calls = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id == func.name and not elsewhere(n.func)]
    if not calls or len(calls) != len(uses):
        return False   # passed on, or stored: other callers may give it anything
    for call in calls:
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return False
        given = _argument_for(call, positional, param)
        if not given_as(given if given is not None else defaults.get(param)):
            return False
    return True


#: Calls that return one number (of numbers, or of anything: ``len``).
_NUMBER_CALLS = frozenset({"int", "float", "round", "len", "abs", "min", "max"})


def _counted(ctx: _Context, name: ast.Name, depth: int = 0) -> bool:
    """A name the cell binds, in the scope it is read in, only to numbers: a ``range`` or ``np.arange``
    loop's counter, or ``pc = int(round((p - 1) / 2))`` of such names and ``len()``."""
    scope = _enclosing(ctx, name, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) or ctx.tree
    if scope is None or depth > 3:
        return False
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and name.id in _parameters(scope):
        # a parameter: whatever the caller passes, unless annotated as a number (``sigma: float``)
        args = scope.args
        param = next((a for a in args.posonlyargs + args.args + args.kwonlyargs if a.arg == name.id), None)
        return (param is not None and isinstance(param.annotation, ast.Name)
                and param.annotation.id in ("float", "int", "complex")) or _passed_numbers(ctx, scope, name.id)
    key = (id(scope), name.id)
    if depth == 0 and key in ctx.counted:   # every explainer asks of the same names
        return ctx.counted[key]

    def number(e: ast.expr) -> bool:
        if isinstance(e, ast.Constant):
            return type(e.value) in (int, float)
        if isinstance(e, ast.BinOp):
            return number(e.left) and number(e.right)
        if isinstance(e, ast.UnaryOp):
            return number(e.operand)
        if isinstance(e, ast.Name):   # a session's number, or a name counted in turn (depth-limited: ``n = n + 1``)
            if (ctx.namespace or {}).get(e.id) is not None and not _local_to_a_function(ctx, e, e.id):
                return _is_scalar(ctx, e)
            return _counted(ctx, e, depth + 1)
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id in _NUMBER_CALLS:
            return e.func.id == "len" or all(number(a) for a in e.args)
        if _number_function(ctx, e):
            return all(number(a) for a in e.args)   # ``k = np.exp(mu_jump + 0.5 * sigma_jump**2) - 1``
        # ``m = X_f.shape[1]``: one length of an array's shape (a tuple of ints, whatever the array)
        return (isinstance(e, ast.Subscript) and isinstance(e.value, ast.Attribute) and e.value.attr == "shape"
                and isinstance(e.slice, (ast.Constant, ast.UnaryOp)) and not isinstance(e.slice, ast.Slice))

    bindings = []
    for n in _own_nodes(scope):
        if isinstance(n, (ast.For, ast.AsyncFor)) and isinstance(n.target, ast.Name) and n.target.id == name.id:
            it = n.iter
            counter = isinstance(it, ast.Call) and (isinstance(it.func, ast.Name) and it.func.id == "range" or (
                isinstance(it.func, ast.Attribute) and it.func.attr == "arange" and _root_name(it.func) == ctx.np))
            # ``for s in np.unique(kernel)``: the values of a 1-D array, one NumPy number a pass
            values = (isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr == "unique"
                      and _root_name(it.func) == ctx.np and len(it.args) == 1 and not it.keywords)
            bindings.append(values or counter and all(number(a) for a in it.args))
        elif isinstance(n, (ast.For, ast.AsyncFor)) and isinstance(n.target, ast.Tuple) and any(
                isinstance(e, ast.Name) and e.id == name.id for e in n.target.elts):
            # ``for s, t_s in enumerate(changepoint_ts)``: the first name counts the passes
            first, it = n.target.elts[0], n.iter
            bindings.append(isinstance(first, ast.Name) and first.id == name.id and isinstance(it, ast.Call)
                            and isinstance(it.func, ast.Name) and it.func.id == "enumerate"
                            and _builtin_or_numpy(ctx, "enumerate") and all(number(a) for a in it.args[1:]))
        elif isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name.id for t in n.targets):
            bindings.append(len(n.targets) == 1 and number(n.value))
        elif isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.NamedExpr)) and getattr(n, "target", None) is not None \
                and isinstance(n.target, ast.Name) and n.target.id == name.id:
            bindings.append(False)
    found = bool(bindings) and all(bindings)
    if depth == 0:
        ctx.counted[key] = found
    return found


def _column_copyto(ctx: _Context, node: ast.stmt | None, target: ast.expr | None) -> str | None:
    """``beta[mask, i] = 0.0``: the mask picks rows of one column, which basic indexing gives as a view
    (``beta[:, i]``), so ``np.copyto`` with ``where=mask`` writes the same elements with no index arrays."""
    if not (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Tuple) and len(target.slice.elts) >= 2
            and ctx.np is not None and _is_scalar(ctx, node.value)):
        return None
    mask, *rest = target.slice.elts
    if not (isinstance(mask, ast.Name) and _boolean(ctx, mask)
            and all(isinstance(e, (ast.Name, ast.Constant, ast.BinOp)) and (_scalar_expr(ctx, e) or isinstance(
                e, ast.Name) and _counted(ctx, e)) for e in rest)):
        return None
    view = f"{ctx.segment(target.value)}[:, {', '.join(ctx.segment(e) for e in rest)}]"
    held = _shape_dtype(ctx, target.value.id) if isinstance(target.value, ast.Name) else None
    if held is not None and len(held[0]) != 1 + len(rest):
        return None
    when = "" if held is not None else f" (when `{ctx.segment(target.value)}` has {1 + len(rest)} dimensions)"
    return (f"`{view}` is a view of the column the mask picks rows of{when}: `{ctx.np}.copyto({view},"
            f" {ctx.segment(node.value)}, where={mask.id})` writes the same elements with no index arrays.")


def _mask_indices(ctx: _Context, stmt: Statement, indices: list[Temporary], shared: bool) -> Finding | None:
    """``data[keep] = 7`` with ``keep`` 1-D and ``data`` 2-D: the index arrays NumPy makes from the mask."""
    big = _big(indices)
    if not big:
        return None
    predicted = sum(t.nbytes for t in big)
    got = ctx.bytes_for(stmt, predicted, "temporaries", shared)
    measured = ctx.measured(stmt, "temporaries")
    message = (_mask_index_words(ctx, big).replace(" more,", ",")
               + (f" Measured: {format_bytes(measured)} on this line." if measured is not None and not shared else ""))
    node = ctx.node_of(stmt)
    target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
    suggestion = ("A mask of the array's own shape is used as it is, with no index arrays: broadcast the"
                  " mask with `where=` (`np.copyto(a, value, where=mask[:, None])`) or build the full mask.")
    column = _column_copyto(ctx, node, target)
    if column is not None:
        suggestion = column
    if not (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and ctx.np is not None
            and not isinstance(target.slice, ast.Tuple) and _is_scalar(ctx, node.value)):
        return Finding("fancy-index-copy", stmt.lineno, got, message, suggestion, None)
    whole = _shape_dtype(ctx, target.value.id)
    t = big[0]
    covered = t.shape[0] if len(t.shape) == 2 else None
    if whole is None or covered is None or not 0 < covered < len(whole[0]) or not ctx.owns_lines(node):
        return Finding("fancy-index-copy", stmt.lineno, got, message, suggestion, None)
    mask = ctx.segment(target.slice)
    if not isinstance(target.slice, (ast.Name, ast.Attribute, ast.Subscript)):
        mask = f"({mask})"
    widened = f"{mask}[{', '.join([':'] * covered + ['None'] * (len(whole[0]) - covered))}]"
    line = f"{ctx.np}.copyto({target.value.id}, {ctx.segment(node.value)}, where={widened})"
    return Finding("fancy-index-copy", stmt.lineno, got, message,
                   f"`{line}` writes the same values through the mask broadcast over the other dimensions:"
                   " no index arrays.", ctx.replace_statement(node, [line]))


def _in_place(ctx: _Context, stmt: Statement) -> tuple[list[Finding], set[int]]:
    """What an in-place statement still allocates: the masks or index arrays it selects with,
    the copy an indexed ``x[idx] += v`` gathers, the new value a slice assignment copies in;
    and the ids of the temporaries these findings account for."""
    found = []
    node = ctx.node_of(stmt)
    target = node.target if isinstance(node, ast.AugAssign) else None
    index = [t for t in stmt.temporaries if t.kind == "chained-ops" and _is_index(ctx, t)]
    handled = {id(t) for t in index}
    handled |= {id(t) for t in stmt.temporaries
                if t.kind == "fancy-index-copy" and target is not None and ctx.node_at(t.span) in (target, None)}
    # ``result[y > 0] = y[y > 0] ** (1 / 3)``: the value is computed from a selection by one of those masks, whose
    # own finding tells it beside that value; the masks' finding tells the masks alone
    masked = {_norm(t.expr) for t in index}
    selected = any(t.kind == "fancy-index-copy" and not t.elided and isinstance(n := ctx.node_at(t.span), ast.Subscript)
                   and _norm(ctx.segment(n.slice)) in masked and isinstance(node, ast.Assign)
                   and not _inside(node.targets[0], n) for t in stmt.temporaries)
    masks = _chained(ctx, stmt, index, True, store=not selected) if index else None
    if masks is not None:
        clamp = _clamp(ctx, node, stmt)
        if clamp is not None:
            masks = replace(masks, suggestion=f"`{clamp}` gives the same values with no mask at all.",
                            rewrite=ctx.replace_statement(node, [clamp]))
        found.append(masks)
    claimed = masks.bytes if masks is not None else 0
    for explainer in (_fancy_update, _slice_update):
        finding = explainer(ctx, stmt, claimed)
        if finding is not None:
            found.append(finding)
    stored = _stored_new_value(ctx, stmt, claimed) if len(found) == (masks is not None) else None
    if stored is not None:
        found.append(stored)
    return found, handled


def _stored_new_value(ctx: _Context, stmt: Statement, claimed: int) -> Finding | None:
    """``values[mask] = exploit + explore``: the value is made as a new array, copied into the selected elements
    and freed; when one operand is the function's own array of the value's shape and dtype that nothing reads
    afterwards, the value can be computed in it."""
    node = ctx.node_of(stmt)
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)
            and not any(isinstance(n, ast.Slice) for n in ast.walk(node.targets[0].slice))
            and isinstance(node.value, ast.BinOp) and type(node.value.op) in _UFUNC_OF
            and stmt.result_index is not None and 0 <= stmt.result_index < len(stmt.temporaries)):
        return None   # (a slice's store: ``_slice_update`` tells it)
    value = stmt.temporaries[stmt.result_index]
    # ``freq_cent[idx] = 1200.0 * np.log2(nf)``: NumPy computes the product in ``np.log2``'s array, the value's one
    # buffer
    buffers = [t for t in stmt.temporaries if not t.elided]
    chain = len(stmt.temporaries) > 1 and len(buffers) == 1
    if chain:
        value = buffers[0]
    measured = ctx.measured(stmt, "temporaries")
    stat = ctx.stats.get(stmt.lineno)
    # (a function run on inputs of several sizes: the measured figure is its largest run's)
    varied = stmt.in_function is not None and stat is not None and stat.hits > 1
    if (value.elided or value.kind != "result" or value.nbytes < MIN_ARRAY_BYTES or measured is None
            or (abs(measured - claimed - value.nbytes) > 0.1 * value.nbytes
                and not (varied and 0.9 * value.nbytes <= measured - claimed <= 4 * value.nbytes))
            or len(stmt.temporaries) != 1 and not chain):
        return None
    size = (format_bytes(value.nbytes) if abs(measured - claimed - value.nbytes) <= 0.1 * value.nbytes
            else f"{format_bytes(measured - claimed)} at the largest of its runs")
    target, text = ctx.segment(node.targets[0]), ctx.segment(node.value)
    message = (f"{_code(text)} is made as a new array ({size}), copied into {_code(target)}"
               " and then freed: the line's temporaries are that value"
               + (f" (NumPy computes its later steps in {_code(ctx.segment(ctx.node_at(value.span)))}'s array)."
                  if chain and ctx.node_at(value.span) is not None else "."))
    if chain:
        return Finding("chained-ops", stmt.lineno, measured - claimed if varied else value.nbytes, message,
                       "The value must exist whole before NumPy copies it in. Where an operand of the value's shape"
                       " and dtype is not needed afterwards, compute the value into it (`out=`) and store that.", None)
    op = node.value
    into = next((o for o in (op.left, op.right) if isinstance(o, ast.Name) and (o is op.left or isinstance(
        op.op, _COMMUTATIVE)) and _free_to_reuse(ctx, node, o.id) and _held_at(ctx, stmt, o.id) is not None
        and (tuple(_held_at(ctx, stmt, o.id)[0]), _held_at(ctx, stmt, o.id)[1]) == (tuple(value.shape), value.dtype)
        and not any(isinstance(n, ast.Name) and n.id == o.id for n in ast.walk(node.targets[0]))), None)
    if into is not None and ctx.np is not None:
        call = f"{ctx.np}.{_UFUNC_OF[type(op.op)]}({ctx.segment(op.left)}, {ctx.segment(op.right)}, out={into.id})"
        return Finding("chained-ops", stmt.lineno, value.nbytes, message,
                       f"Nothing reads `{into.id}` after this line: `{call}`, then `{target} = {into.id}`, computes"
                       f" the value in `{into.id}`'s own array and copies it in, with no new array.",
                       ctx.replace_statement(node, [call, f"{target} = {into.id}"]) if ctx.owns_lines(node) else None)
    return Finding("chained-ops", stmt.lineno, value.nbytes, message,
                   "The value must exist whole before NumPy copies it in. Where an operand of the value's shape"
                   " and dtype is not needed afterwards, compute the value into it (`out=`) and store that.", None)


def _field_of_copy(ctx: _Context, sub: ast.AST | None) -> ast.Subscript | None:
    """``data[mask]['name']``: the field selection made from a fancy copy of a structured array."""
    outer = ctx.parents.get(id(sub)) if isinstance(sub, ast.Subscript) else None
    if (isinstance(outer, ast.Subscript) and outer.value is sub and isinstance(outer.slice, ast.Constant)
            and isinstance(outer.slice.value, str)):
        return outer
    return None


def _records(ctx: _Context, stmt: Statement, t: Temporary, got: int, sub: ast.Subscript,
             outer: ast.Subscript) -> Finding:
    """A fancy copy of whole records of which one field is kept: select the field first."""
    field = outer.slice.value
    base = ctx.segment(sub.value)
    index = ctx.segment(sub.slice)
    node = ctx.node_of(stmt)
    kept = _value(node) is outer and _single_target(node) is not None
    measured = ctx.measured(stmt, "kept" if kept else "temporaries")
    if measured is not None:
        got = min(measured, t.nbytes)
    then = (f"`{_single_target(node)}` keeps a view of one field, which holds the whole copy in memory" if kept
            else f"{_code(repr(field).join('[]'))} then used one field of that copy")
    message = (f"{_code(ctx.segment(sub))} copied every field of the records it selects (at most"
               f" {format_bytes(t.nbytes)}" + (f", {format_bytes(measured)} measured" if measured is not None else "")
               + f"), and {then}.")
    instead = f"{base}[{field!r}][{index}]"
    a, b = ctx.span(outer)
    return Finding("fancy-index-copy", stmt.lineno, got, message,
                   f"Select the field first: `{instead}` copies only the {field!r} field of the selected records.",
                   ctx.replace([(a, b, instead)]))


def _clamp(ctx: _Context, node: ast.stmt | None, stmt: Statement | None = None) -> str | None:
    """``x[x < 0] = 0`` is ``np.maximum(x, 0, out=x)`` (``>``: ``np.minimum``): a clamp needs no mask."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)
            and ctx.np is not None and ctx.owns_lines(node)):
        return None
    target, value = node.targets[0], node.value
    test = target.slice
    if not (isinstance(target.value, ast.Name) and isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.left, ast.Name) and test.left.id == target.value.id):
        return None
    bound = test.comparators[0]
    # ``absX[absX < tol] = tol``: one name holding a number, the bound and the value alike (for a float array)
    named = (isinstance(bound, ast.Name) and isinstance(value, ast.Name) and bound.id == value.id
             and _is_scalar(ctx, bound))
    if not named and not (isinstance(bound, ast.Constant) and isinstance(value, ast.Constant)
                          and type(bound.value) in (int, float) and bound.value == value.value
                          and type(bound.value) is type(value.value)):
        return None
    fn = {ast.Lt: "maximum", ast.LtE: "maximum", ast.Gt: "minimum", ast.GtE: "minimum"}.get(type(test.ops[0]))
    known = None if _local_to_a_function(ctx, node, target.value.id) else _shape_dtype(ctx, target.value.id)
    if known is None and stmt is not None:   # a function's local: its dtype is the mask's first input's
        span = _span_of(test)
        mask = next((t for t in stmt.temporaries if t.span == span and t.inputs), None)
        known = ((), mask.inputs[0]) if mask is not None else None
    if fn is None or known is None or known[1][0] not in ("f" if named and not _int_bound(ctx, node, bound)
                                                          else "iuf") or not named and (
            known[1][0] in "iu" and not isinstance(value.value, int) or known[1][0] == "u" and value.value < 0):
        return None
    name = target.value.id
    return f"{ctx.np}.{fn}({name}, {ctx.segment(value)}, out={name})"


def _int_bound(ctx: _Context, node: ast.stmt, bound: ast.expr) -> bool:
    """``x[x >= n_obs] = n_obs`` where ``n_obs`` holds a whole number of either sign: a parameter every call
    of the cell's function gives an int written out, or the session's int. Clamping an integer array to it with
    ``np.minimum(..., out=x)`` stores what the mask's assignment stores (a float bound would not cast into it)."""
    import numbers

    if not isinstance(bound, ast.Name):
        return False
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is not None and bound.id in _parameters(func):
        return _last_binding(ctx, node, bound.id) is None and _passed_all(
            ctx, func, bound.id, lambda e: isinstance(e, ast.Constant) and type(e.value) is int)
    held = (ctx.namespace or {}).get(bound.id)
    return func is None and isinstance(held, numbers.Integral) and not isinstance(held, bool) and not any(
        _single_target(n) == bound.id for n in ast.walk(ctx.tree or ast.Module(body=[], type_ignores=[])))


def _fancy_update(ctx: _Context, stmt: Statement, claimed: int) -> Finding | None:
    """``x[idx] += v`` with an index array: NumPy gathers ``x[idx]`` into a copy, updates the copy
    and scatters it back. ``claimed``: the line's bytes another cause (its mask) already explains."""
    node = ctx.node_of(stmt)
    if not isinstance(node, ast.AugAssign) or not isinstance(node.target, ast.Subscript):
        return None
    copy = next((t for t in stmt.temporaries if t.kind == "fancy-index-copy"
                 and ctx.node_at(t.span) in (node.target, None)), None)
    if copy is None or copy.nbytes < MIN_ARRAY_BYTES:
        return None
    target = ctx.segment(node.target)
    base = ctx.segment(node.target.value)
    index = ctx.segment(node.target.slice)
    value = ctx.segment(node.value)
    op = _OPS.get(type(node.op))
    ufunc = {"+": "add", "-": "subtract", "*": "multiply"}.get(op or "")
    np_ = ctx.np or "np"
    if _is_mask(ctx, node.target, copy):
        measured = ctx.measured(stmt, "temporaries")
        got = copy.nbytes if measured is None else min(copy.nbytes, measured - claimed)
        if got < MIN_ARRAY_BYTES:
            return None   # few elements selected: the line's memory is its mask
        message = (f"{_code(ctx.segment(node))} reads the elements its mask selects into a new array (at most"
                   f" {format_bytes(copy.nbytes)}, when every element is selected), updates them and writes"
                   " them back: a boolean index always copies, even on the left of an augmented assignment.")
        if ufunc is None or isinstance(node.target.slice, ast.Tuple):
            return Finding("fancy-index-copy", stmt.lineno, got, message,
                           "Update through `where=` instead: a ufunc with `out=` and `where=mask` writes"
                           " only the selected elements, with no copy.", None)
        selected = [n for n in ast.walk(node.value) if isinstance(n, ast.Subscript)
                    and _norm(ctx.segment(n.slice)) == _norm(index)]
        if selected:
            # ``out[active] += (idx[active] % base) / base``: the update has the selection's size, which ``where=``
            # cannot take (it needs the update at the array's own size)
            return Finding("fancy-index-copy", stmt.lineno, got, message,
                           f"The update is made from elements the same mask selects ({_code(ctx.segment(selected[0]))}),"
                           f" so it has the selection's size; `where={index}` would need it at the array's full size"
                           " instead (computed from the whole arrays), which is larger. These copies are what"
                           " updating only the selected elements costs here.", None)
        suggestion = (f"`{np_}.{ufunc}({base}, {value}, out={base}, where={index})` updates the selected"
                      f" elements of {_code(base)} in place, with no copy.")
        tested = node.target.slice
        if (isinstance(tested, ast.Call) and isinstance(tested.func, ast.Attribute) and tested.func.attr == "asarray"
                and _root_name(tested.func) == ctx.np and len(tested.args) == 1 and not tested.keywords):
            tested = tested.args[0]   # ``H[np.asarray(H < 0)]``: the comparison is the mask
        mask = next((t for t in stmt.temporaries if ctx.node_at(t.span) is tested), None)
        whole = _shape_dtype(ctx, base) if isinstance(node.target.value, ast.Name) else None
        # ``H[H < 0] += 1``: the array compared with one number gives a mask of its own shape
        own = (isinstance(tested, ast.Compare) and len(tested.ops) == 1 and isinstance(node.target.value, ast.Name)
               and any(isinstance(a, ast.Name) and a.id == base and _number_expr(ctx, b)
                       for a, b in ((tested.left, tested.comparators[0]), (tested.comparators[0], tested.left))))
        shaped = own or not (mask is None or whole is None or tuple(mask.shape) != whole[0])
        if not shaped and isinstance(tested, ast.Name) and isinstance(node.target.value, ast.Name):
            # ``k_t[indx] += ...`` in a function: both as deep mode read them at the line
            held = [_held_at(ctx, stmt, n) for n in (tested.id, base)]
            shaped = None not in held and held[0][0] == held[1][0] and held[0][1] == "bool"
        # ``*= scale_factor`` of a number: the same for every element (``+= deltas[s]``, one of a 1-D array's)
        scalar = _number_expr(ctx, node.value) or _indexed_element(ctx, stmt, node.value)
        if not shaped or not scalar or not ctx.owns_lines(node) or ctx.np is None:
            why = ("npguard could not show the update is one number for every element" if not scalar else
                   "the mask's shape is not known to be the array's own" if not shaped
                   else "the statement shares its line with others")
            return Finding("fancy-index-copy", stmt.lineno, got, message, suggestion + f" (No rewrite: {why}.)", None)
        return Finding("fancy-index-copy", stmt.lineno, got, message, suggestion,
                       ctx.replace_statement(node, [f"{np_}.{ufunc}({base}, {value}, out={base}, where={index})"]))
    got = ctx.bytes_for(stmt, copy.nbytes, "temporaries", False)
    message = (f"{_code(ctx.segment(node))} reads {_code(target)} into a new array"
               f" ({format_bytes(copy.nbytes)}), updates it and writes it back: indexing with an array"
               " always copies, even on the left of an augmented assignment.")
    suggestion = "Index with a slice where the positions are consecutive: a view is updated in place."
    if ufunc is not None:
        # an index of several parts is one argument: ``H[:, R2]`` is ``np.s_[:, R2]`` (``(i, j)`` without slices)
        parts = node.target.slice
        one = (index if not isinstance(parts, ast.Tuple) else f"{np_}.s_[{index}]"
               if any(isinstance(e, ast.Slice) for e in parts.elts) else f"({index})")
        suggestion = (f"`{np_}.{ufunc}.at({base}, {one}, {value})` updates"
                      f" {_code(base)} in place without the copy. No rewrite: the two differ when"
                      f" {_code(index)} repeats a position (`.at` applies every repeat, `{op}=` only one).")
    return Finding("fancy-index-copy", stmt.lineno, got, message, suggestion, None)


def _cumulative_into(ctx: _Context, node: ast.Assign, t: Temporary) -> tuple[str, str | None] | None:
    """``s[1:] = np.cumsum(y)``: cumsum and cumprod take ``out=``, so the running totals can be
    written into the slice directly (when its dtype is the result's, the same values)."""
    v, target = node.value, node.targets[0]
    if not (isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr in ("cumsum", "cumprod")
            and _root_name(v.func) == ctx.np and ctx.np is not None and len(v.args) == 1
            and not v.keywords and not _is_fancy(target.slice, ctx.namespace, ctx.counters)):
        return None
    call = f"{ctx.np}.{v.func.attr}({ctx.segment(v.args[0])}, out={ctx.segment(target)})"
    words = f"`{call}` writes the running totals straight into {_code(ctx.segment(target))}: no array in between."
    root = _root_name(target) or ""
    whole = None if _local_to_a_function(ctx, node, root) else _shape_dtype(ctx, root)
    if whole is None or whole[1] != t.dtype or not ctx.owns_lines(node):
        return words + " (No rewrite: the target's dtype is not known to be the result's.)", None
    return words, ctx.replace_statement(node, [call])


def _scope_of(ctx: _Context, node: ast.stmt | None, name: str) -> ast.AST | None:
    """The function whose own variable ``name`` is at ``node`` (its writes are the ones that matter; a
    name of the same spelling in another function is another variable), or None for the whole cell."""
    if ctx.tree is None or node is None:
        return None
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is None or not (name in _parameters(func) or any(
            isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(func))):
        return None
    if any(isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names for n in ast.walk(func)):
        return None
    return func


def _local_to_a_function(ctx: _Context, node: ast.stmt, name: str) -> bool:
    """``name`` at ``node`` is a function's own variable (a parameter or bound in its body), so the
    cell's namespace says nothing about it."""
    for f in ast.walk(ctx.tree) if ctx.tree is not None else ():
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and _inside(f, node) and (
                name in _parameters(f)
                or any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(f))):
            return True
    return False


def _array_index(ctx: _Context, stmt: Statement, index: ast.expr) -> bool:
    """``u[~idxs_even]``, ``x[order]``: the index holds an array (a mask or positions) -- as the namespace holds
    it, as the line saw it run, or made on the line itself -- so what it selects is a copy, not a view."""
    if _is_fancy(index, ctx.namespace, ctx.counters):
        return True
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    for part in parts:
        if isinstance(part, ast.Name) and (held := _held_at(ctx, stmt, part.id)) is not None and held[0]:
            return True   # a function's own mask or index array, as the line saw it
        if not isinstance(part, (ast.Slice, ast.Constant, ast.Name)) and any(
                t.span == _span_of(part) and t.shape for t in stmt.temporaries):
            return True   # ``~mask``, ``x > 0``: an array built on the line
    return False


def _constant_fill(ctx: _Context, value: ast.expr) -> str | None:
    """``np.zeros(len(idx))``, ``np.ones(n)``, ``np.full(n, 7.5)`` with no other argument: the number every
    element holds (``0``, ``1``, ``7.5``)."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and ctx.np is not None
            and _root_name(value.func) == ctx.np and not value.keywords):
        return None
    fn, args = value.func.attr, value.args
    if fn in ("zeros", "ones") and len(args) == 1:
        return "0" if fn == "zeros" else "1"
    if fn == "full" and len(args) == 2 and _scalar_expr(ctx, args[1]):
        return ctx.segment(args[1])
    return None


def _slice_update(ctx: _Context, stmt: Statement, claimed: int) -> Finding | None:
    """``x[a:b] = x[a:b] - y``: the new values are built as a whole array, then copied into the slice."""
    node = ctx.node_of(stmt)
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and _written_into(node.targets[0])):
        return None
    target_node = node.targets[0]
    made_by_call = isinstance(node.value, ast.Call) and not _UFUNC_CALL.match(ctx.segment(node.value.func))
    if isinstance(target_node, ast.Subscript) and _array_index(ctx, stmt, target_node.slice) and not made_by_call:
        return None   # scattered through an index: ``out=`` cannot take its place
    # the value's buffer: its own, or (temporary elision) the one its first step made and NumPy reused
    t = next((t for t in stmt.temporaries if t.kind == "result" and ctx.node_at(t.span) is not None
              and _inside(node.value, ctx.node_at(t.span))), None)
    if t is None or t.nbytes < MIN_ARRAY_BYTES:
        return None
    got = ctx.bytes_for(stmt, t.nbytes, "temporaries", claimed > 0)
    target, value = ctx.segment(target_node), ctx.segment(node.value)
    message = (f"{_code(ctx.segment(node))} builds {_code(value)} as a new array ({format_bytes(t.nbytes)})"
               f" and only then copies it into {_code(target)}, so both exist at the peak.")
    v = node.value
    reduced = _reduction_into(ctx, node, t)
    if reduced is not None:
        return Finding("out-of-place-update", stmt.lineno, got, message, *reduced)
    ufunc = _UFUNC_OF.get(type(getattr(v, "op", None)))
    into = _cumulative_into(ctx, node, t)
    if into is not None:
        return Finding("out-of-place-update", stmt.lineno, got, message, *into)
    constant = _constant_fill(ctx, v)
    if constant is not None:
        # ``y[idx] = np.zeros(len(idx))``: every element is one number, which an assignment broadcasts by itself
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"Every element of {_code(value)} is `{constant}`: `{target} = {constant}` stores the number"
                       " into each selected element (NumPy broadcasts it), with no array built.",
                       ctx.replace_statement(node, [f"{target} = {constant}"]) if ctx.owns_lines(node) else None)
    if (isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "where"
            and _root_name(v.func) == ctx.np and ctx.np is not None and len(v.args) == 3 and not v.keywords):
        # ``V[t] = np.where(C > h[t], V[t + 1] * df, h[t])``: the choice is made whole, then copied in
        cond, a, b = (ctx.segment(x) for x in v.args)
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"Fill {_code(target)} in place instead: `{target} = {b}`, then"
                       f" `{ctx.np}.copyto({target}, {a}, where={cond})` writes only the elements the condition"
                       f" picks, so np.where's whole result is never built (when neither the condition nor the"
                       f" values read {_code(target)} itself, which the first step changes). No rewrite: npguard"
                       " cannot show that here.", None)
    if (isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "diff"
            and _root_name(v.func) == ctx.np and ctx.np is not None and len(v.args) == 1 and not v.keywords
            and isinstance(v.args[0], ast.Name)):
        # ``diff[1:] = np.diff(arr)``: one difference of neighbours along the last axis, which a subtraction of two
        # views can write straight into the slice
        x = v.args[0].id
        call = f"{ctx.np}.subtract({x}[..., 1:], {x}[..., :-1], out={target})"
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"`np.diff` of numbers is `{x}[..., 1:] - {x}[..., :-1]`: `{call}` writes the differences"
                       f" straight into {_code(target)} with no array built (the same values; for a bool array"
                       " np.diff compares instead, with `np.not_equal`).", None)
    if isinstance(v, ast.Call) and not _UFUNC_CALL.match(ctx.segment(v.func)):
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"{_code(value)} makes its result whole before it is copied in; unless the call takes"
                       f" `out=` (ufuncs do, random draws and most functions do not), that copy is what filling"
                       f" {_code(target)} costs. Filling several slices from one call (one draw of all the"
                       " columns) copies once.", None)
    if not isinstance(v, ast.BinOp) or ufunc is None or ctx.np is None:
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"Write the new values straight into {_code(target)}: an augmented operator or a"
                       " ufunc's `out=`, when the dtype stays the same.", None)
    left, right = ctx.segment(v.left), ctx.segment(v.right)
    chain = _chain_steps(v)
    stepwise = (chain is not None and chain[1] and _norm(ctx.segment(chain[0].left)) == _norm(target)
                and type(chain[0].op) in _OPS)
    first_out = (not stepwise and chain is not None and chain[1] and ctx.node_at(t.span) is chain[0]
                 and type(chain[0].op) in _UFUNC_OF and not _power_shortcut(ctx, chain[0]))
    call_out = _ufunc_call_first(ctx, v, ctx.node_at(t.span)) if not stepwise and not first_out else None
    later_reads: list[ast.expr] = []   # what the steps after the first read, once the first has written
    if ctx.node_at(t.span) is not node.value and not stepwise and not first_out and call_out is None:
        # ``p[1:-1, 1:-1] = (dy2 * (a + b) + dx2 * (c + d)) / k``: NumPy reused an inner step's array for the steps
        # after it, and that array is what is copied in; out= on the last step alone would save nothing
        first = ctx.node_at(t.span)
        root = _root_name(target_node)
        after = [n for n in ast.walk(v) if isinstance(n, ast.Name) and n.id == root and first is not None
                 and not _inside(first, n)] if root is not None else []
        if after and not _other_positions(ctx, target_node, [v], root):
            # ``bent_roll[1:] = (1 - d)*bent_roll[1:] + d*bent_roll[:-1]``: a later step reads the array the first
            # step would write into (``bent_roll[:-1]`` overlaps ``bent_roll[1:]``): in place, values would change
            return Finding("out-of-place-update", stmt.lineno, got, message,
                           f"A later step reads `{root}` again ({_code(ctx.segment(ctx.parents.get(id(after[0])) or after[0]))}),"
                           f" where writing the first steps into {_code(target)} would already have changed values it"
                           " needs: the new values must exist apart before they are copied in. To stop allocating"
                           " that array on every run, keep a scratch array of the target's shape, compute into it"
                           " with `out=` and in-place steps, and copy it in.", None)
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"NumPy computes the steps after {_code(ctx.segment(first))} in that step's array, which is"
                       f" then copied in: computing that step into {_code(target)} (a ufunc's `out=`) and the later"
                       f" ones in {_code(target)} itself (augmented operators) writes the new values with no array"
                       f" of their own, when no later step reads {_code(target)} and the dtype stays the same. No"
                       " rewrite: npguard writes out only a chain whose first step makes that array.", None)
    if stepwise:
        # ``X[:, c] = (X[:, c] - m) / s``: each step in place on the slice itself
        first, later = chain
        steps = [(first.op, first.right)] + later
        update = "; ".join(f"{target} {_OPS[type(op)]}= {ctx.code(o)}" for op, o in steps)
        operands = [o for _, o in steps]
        later_reads = operands[1:]
    elif first_out:
        # ``z.real = x / m + k``: NumPy reuses the first step's array for the rest, and that array is
        # what is copied in; written with ``out=`` into the target, the later steps follow in place
        first, later = chain
        update = "; ".join([f"{ctx.np}.{_UFUNC_OF[type(first.op)]}({ctx.code(first.left)},"
                            f" {ctx.code(first.right)}, out={target})"]
                           + [f"{target} {_OPS[type(op)]}= {ctx.code(o)}" for op, o in later])
        operands = [first.left, first.right] + [o for _, o in later]
        later_reads = operands[2:]
    elif call_out is not None:
        # ``vertices[:, 2] = np.cos(theta1) * radius``: NumPy reuses the ufunc's array for the rest, and that
        # array is what is copied in; the ufunc writes into the target with ``out=``, the steps follow in place
        call, later = call_out
        args = ", ".join([ctx.code(a) for a in call.args] + [f"{k.arg}={ctx.code(k.value)}" for k in call.keywords])
        update = "; ".join([f"{ctx.segment(call.func)}({args}, out={target})"]
                           + [f"{target} {_OPS[type(op)]}= {ctx.code(o)}" for op, o in later])
        operands = list(call.args) + [o for _, o in later]
        later_reads = operands[len(call.args):]
    elif _norm(left) == _norm(target):
        update, operands = f"{target} {_OPS[type(v.op)]}= {ctx.code(v.right)}", [v.right]
    elif isinstance(v.op, _COMMUTATIVE) and _norm(right) == _norm(target):
        update, operands = f"{target} {_OPS[type(v.op)]}= {ctx.code(v.left)}", [v.left]
    else:
        update, operands = f"{ctx.np}.{ufunc}({ctx.code(v.left)}, {ctx.code(v.right)}, out={target})", [v.left, v.right]
    # ``np.subtract(a, b, out=colors[:, 0])`` alone: NumPy computes in the operands' dtype and casts into the
    # target, as the assignment does; an augmented step would compute in the target's own dtype instead
    alone = "; " not in update and update.startswith(f"{ctx.np}.")
    root = _root_name(target_node)
    # ``randoms[dim_] = (perm + randoms[dim_]) / order``: an operand that is the target itself is read and written
    # element by element at the same place, which NumPy does with no copy
    # (``denom[0]`` of a 1-D ``denom``: one number, read before anything is written)
    itself = all(_norm(ctx.segment(o)) == _norm(target) or _one_element_of(ctx, stmt, o, root) for o in operands
                 if any(isinstance(n, ast.Name) and n.id == root for n in ast.walk(o)))
    if root is not None and any(isinstance(n, ast.Name) and n.id == root for o in operands for n in ast.walk(o)) \
            and not itself and not _other_positions(ctx, target_node, operands, root):
        if any(isinstance(n, ast.Name) and n.id == root for o in later_reads for n in ast.walk(o)):
            # a Jacobi stencil, ``u[1:-1, 1:-1] = ((u[:-2, 1:-1] + u[2:, 1:-1])*dy2 + ...)``: step by step,
            # a later step would read values an earlier one already wrote
            return Finding("out-of-place-update", stmt.lineno, got, message,
                           f"Writing the steps into {_code(target)} one by one would change the values: later"
                           f" steps read `{root}`, where earlier steps would already have written. The new"
                           " values must exist apart before they are copied in. To stop allocating that array"
                           " on every run, keep a second array of the target's shape, compute into it with"
                           " `out=` and in-place steps, and copy it in (or swap the two arrays' roles each"
                           " pass).", None)
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"`{update}` may save nothing: it reads `{root}` too, and where an operand overlaps"
                       f" {_code(target)} in memory NumPy copies it first. To bound the temporary, update in"
                       " chunks, in an order where each chunk reads only values not yet changed.", None)
    whole = _held_at(ctx, stmt, root) if root is not None else None   # (a function's array, as read at the line)
    if whole is not None and isinstance(target_node, ast.Attribute):   # ``z.real`` of a complex z
        whole = (whole[0], {"complex64": "float32", "complex128": "float64"}.get(whole[1], whole[1]))
    widening = whole is not None and whole[1] != t.dtype and _same_kind(t.dtype, whole[1])
    if whole is not None and whole[1] != t.dtype and not (widening and alone):
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"Make the new values {_dtype_name(ctx, whole[1])} as they are computed (cast an operand),"
                       f" then `{update}` writes in place. (No rewrite: `{root}` holds {whole[1]} and the new"
                       f" values are {t.dtype}; " + (
                           f"written in place, the later steps would compute in {whole[1]} and could round"
                           " differently.)" if widening else
                           f"the assignment casts them, `out=` would refuse to (NumPy does not cast {t.dtype}"
                           f" into {whole[1]} there).)"), None)
    # ``Tp[1:N] -= 2*T[1:N]``: an operand that is itself computed is still built, one at a time
    built = [ctx.segment(o) for o in operands if isinstance(o, (ast.BinOp, ast.UnaryOp, ast.Call))
             and not _number_expr(ctx, o)]
    made = (f"writes in place; only {_join_code(built)} {'is' if len(built) == 1 else 'are'} still built, one"
            " array at a time" if built else "writes in place, with no new array")
    # (not when such an operand holds two arrays of its size itself: ``np.bitwise_and(d[1::3] >> 4, 0x0F)``
    # builds the shift and the result together, as many as the line held)
    def held_inside(o: ast.AST) -> int:
        return sum(1 for u in stmt.temporaries if not u.elided and u.nbytes >= 0.5 * t.nbytes and u.span is not None
                   and ctx.node_at(u.span) is not None and _inside(o, ctx.node_at(u.span)))

    line = ctx.stats.get(stmt.lineno)
    # (only where nothing before it made an array the in-place form writes into the target instead:
    # ``r[:, j, :] = dt**j - (...)`` holds ``dt**j`` while the operand is built, which ``np.power(..., out=)`` spares)
    nested = next((o for i, o in enumerate(operands) if isinstance(o, (ast.BinOp, ast.UnaryOp, ast.Call))
                   and held_inside(o) >= 2 and line is not None
                   and line.peak_bytes <= (held_inside(o) + 0.25) * t.nbytes
                   and not any(o is e for e in later_reads)
                   and all(isinstance(e, (ast.Name, ast.Attribute, ast.Constant, ast.Subscript)) or _number_expr(ctx, e)
                           for e in operands[:i])), None)
    if nested is not None:
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"`{update}` writes the result in place, but {_code(ctx.segment(nested))} still builds two"
                       " arrays of its size at once on the way (a step and the one it is made from), as many as"
                       " the line holds now, so as written it lowers nothing. Computing that operand's steps in one"
                       " array of its own (the first step new, each later one in place with `out=`) and then"
                       " writing it in would hold one.", None)
    if whole is None:
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"`{update}` {made}, when {_code(target)} holds"
                       f" {t.dtype} too. (No rewrite: its dtype is not known here.)", None)
    if not ctx.owns_lines(node):   # ``a[:, 0] = a[:, 0]*50.0+25.0; a[:, 1] = ...`` on one line
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"`{update}` {made}. (No rewrite: the line holds other statements too, and npguard rewrites"
                       " whole lines.)", None)
    return Finding("out-of-place-update", stmt.lineno, got, message,
                   f"`{update}` {made}.", ctx.replace_statement(node, update.split("; ")))


def _same_kind(source: str, target: str) -> bool:
    """``out=`` takes a result of ``source``'s dtype into an array of ``target``'s (a same-kind cast)."""
    import numpy

    try:
        return bool(numpy.can_cast(numpy.dtype(source), numpy.dtype(target), "same_kind"))
    except TypeError:
        return False


def _ufunc_call_first(ctx: _Context, value: ast.expr, buffer: ast.AST | None):
    """``np.cos(theta1) * radius``: the value is a chain of operators whose leftmost operand is a NumPy
    ufunc's call, and that call made the array NumPy reused for the rest (``buffer``). Returns the call
    and the later steps."""
    steps, node = [], value
    while isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        if isinstance(node.op, _COMMUTATIVE) and buffer is not None and _inside(node.right, buffer) \
                and isinstance(node.left, (ast.Name, ast.Constant, ast.Attribute)):
            # ``x0 + np.cumsum(steps)``: NumPy reused the call's array, so what is added broadcasts into it
            steps.insert(0, (node.op, node.left))
            node = node.right
            continue
        steps.insert(0, (node.op, node.right))
        node = node.left
    if not (steps and node is buffer and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and ctx.np is not None and _root_name(node.func) == ctx.np and node.args
            and (_is_ufunc(node.func.attr) and not node.keywords or node.func.attr in ("cumsum", "cumprod")
                 and all(k.arg == "axis" for k in node.keywords) and _writes_into_out(ctx, node))):
        return None
    return node, steps


def _other_positions(ctx: _Context, target: ast.expr, operands: list[ast.expr], root: str) -> bool:
    """``result[:, 2] = np.pi - result[:, 0] - result[:, 1]``: every read of ``root`` is another fixed
    column (or row) than the one written, so no operand shares an element with the target and NumPy
    copies nothing first. Also ``r[:, j, :] = ... r[:, :j, :] ...``: the read stops before the index written."""
    def position(sub: ast.AST) -> list | None:
        if not (isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == root):
            return None
        parts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
        out = []
        for p in parts:
            if isinstance(p, ast.Slice) and p.lower is p.upper is p.step is None:
                out.append(None)
            elif isinstance(p, ast.Constant) and type(p.value) is int and p.value >= 0:
                out.append(("at", repr(p.value)))
            elif isinstance(p, ast.Name):
                out.append(("at", p.id))
            elif (isinstance(p, ast.BinOp) and isinstance(p.op, (ast.Add, ast.Sub)) and isinstance(p.left, ast.Name)
                  and isinstance(p.right, ast.Constant) and type(p.right.value) is int and p.right.value):
                # qutip's ``Wlist[n - 1]`` beside ``Wlist[n]``: another row than the one written
                out.append(("shifted", p.left.id, p.right.value if isinstance(p.op, ast.Add) else -p.right.value))
            elif (isinstance(p, ast.Slice) and p.step is None and isinstance(p.upper, (ast.Name, ast.Constant))
                  and (p.lower is None or isinstance(p.lower, ast.Constant) and p.lower.value == 0)):
                out.append(("below", ast.unparse(p.upper)))
            else:
                return None
        return out

    def apart(a, b) -> bool:
        if a is None or b is None:
            return False
        if "shifted" in (a[0], b[0]):   # ``n`` and ``n - 1``, or ``n + 1`` and ``n - 1``: one name, two offsets
            offsets = [x[2] if x[0] == "shifted" else 0 if x[0] == "at" else None for x in (a, b)]
            names = [x[1] for x in (a, b)]
            return None not in offsets and names[0] == names[1] and offsets[0] != offsets[1]
        if a[0] == b[0] == "at":   # two written-out positions (a name may hold either)
            return a[1] != b[1] and a[1].isdigit() and b[1].isdigit()
        return a[0] != b[0] and a[1] == b[1]   # ``j`` beside ``:j``: the slice stops before it

    written = position(target)
    if written is None or all(p is None for p in written):
        return False
    for o in operands:
        for n in ast.walk(o):
            if isinstance(n, ast.Name) and n.id == root:
                read = position(ctx.parents.get(id(n)))
                if read is None or len(read) != len(written) or not any(apart(a, b) for a, b in zip(read, written)):
                    return False
    return True


def _masks_were_the_memory(ctx: _Context, stmt: Statement, sub: ast.Subscript, t: Temporary,
                           measured: int | None) -> Finding | None:
    """``d[(d >= lo) & (d < hi)]`` measured at the size of its two masks: the condition selected few elements, so
    the masks, alive together while ``&`` combines them, are the line's memory, not the selection."""
    import numpy

    test = sub.slice
    root = _root_name(sub.value)
    if not (isinstance(test, ast.BinOp) and isinstance(test.op, (ast.BitAnd, ast.BitOr)) and root is not None
            and all(isinstance(c, ast.Compare) and len(c.ops) == 1 and isinstance(c.left, ast.Name)
                    and c.left.id == root for c in (test.left, test.right)) and measured is not None and t.dtype):
        return None
    mask = t.nbytes // numpy.dtype(t.dtype).itemsize   # one byte for each element the selection could take
    if not (MIN_ARRAY_BYTES <= 2 * mask and measured <= 1.1 * 2 * mask):
        return None
    left, right = ctx.segment(test.left), ctx.segment(test.right)
    return Finding("chained-ops", stmt.lineno, measured,
                   f"{_code(stmt.text)} measured"
                   f" {format_bytes(measured)}, the size of the masks {_code(left)} and {_code(right)}"
                   f" ({format_bytes(mask)} each), alive together while"
                   f" `{'&' if isinstance(test.op, ast.BitAnd) else '|'}` combines them: the condition selected few"
                   " elements, so the selection copied little.",
                   "The masks are what selecting by two conditions costs; where the same condition selects on"
                   f" several lines, build it once (`m = {ctx.segment(test)}`) and select with `m`, which saves"
                   " computing it again (the line that builds it still holds both masks).", None)


def _written_into(target: ast.expr) -> bool:
    """An assignment target that copies the values into an existing array: ``x[a:b]``, ``z.real``."""
    return isinstance(target, ast.Subscript) or isinstance(target, ast.Attribute) and target.attr in ("real", "imag")


def _reduction_into(ctx: _Context, node: ast.Assign, t: Temporary) -> tuple[str, str | None] | None:
    """``x[s] = arr.sum(axis)``: the reduction can write into the slice with ``out=``."""
    v, target = node.value, node.targets[0]
    if not (isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr in _REDUCTIONS
            and not any(k.arg in ("out", "keepdims") for k in v.keywords)):
        return None
    text, where = ctx.segment(v), ctx.segment(target)
    instead = text[:-1].rstrip() + (", " if v.args or v.keywords else "") + f"out={where})"
    words = f"`{instead}` writes the reduction straight into {_code(where)}, with no new array"
    root = _root_name(target)
    whole = _shape_dtype(ctx, root) if root is not None else None
    if whole is None or whole[1] != t.dtype or not ctx.owns_lines(node):
        return words + f", when {_code(where)} holds {t.dtype} too. (No rewrite: its dtype is not known to match.)", None
    return words + ".", ctx.replace_statement(node, [instead])


_UFUNC_OF = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply", ast.Div: "divide",
             ast.FloorDiv: "floor_divide", ast.Mod: "remainder", ast.Pow: "power"}


def _is_mask(ctx: _Context, sub: ast.Subscript, copy: Temporary | None = None) -> bool:
    """The subscript selects with a boolean mask (``a[a > 0]``, ``x[keep, :]``), as written, as the
    namespace shows, or as the predictor found (``copy``: the selection it predicted)."""
    if copy is not None and copy.detail.startswith("boolean mask"):
        return True
    parts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
    for index in parts:
        if isinstance(index, (ast.Compare, ast.UnaryOp)) or (
                isinstance(index, ast.BinOp) and isinstance(index.op, (ast.BitAnd, ast.BitOr, ast.BitXor))):
            return True
        if isinstance(index, ast.Name):
            v = (ctx.namespace or {}).get(index.id)
            if str(getattr(getattr(v, "dtype", None), "name", "")) == "bool":
                return True
    return False


def _data_index(ctx: _Context, index: ast.expr) -> bool:
    """An integer index computed from data: a name every binding of which in the cell is a lookup
    (``np.digitize``, ``np.searchsorted``, ``argsort``, an ``astype(int)`` of such), never a range or a
    list written out. A parameter or a name the cell does not bind is not known."""
    if not isinstance(index, ast.Name) or ctx.tree is None:
        return False
    values = [n.value for n in ast.walk(ctx.tree) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
              and any(isinstance(t, ast.Name) and t.id == index.id
                      or isinstance(t, ast.Tuple) and any(isinstance(e, ast.Name) and e.id == index.id
                                                          for e in t.elts)   # ``u, inverse = np.unique(...)``
                      for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))]
    lookups = ("digitize", "searchsorted", "argsort", "argmin", "argmax", "bincount", "unique", "floor", "round",
               "rint", "trunc", "ceil", "astype", "array", "asarray", "clip", "minimum", "maximum")
    if not values:
        return False
    for v in values:
        calls = [n for n in ast.walk(v) if isinstance(n, ast.Call)]
        if any(isinstance(c.func, ast.Name) and c.func.id in ("range", "list") or isinstance(c.func, ast.Attribute)
               and c.func.attr in ("arange", "linspace", "r_", "ix_") for c in calls):
            return False
        if isinstance(v, (ast.List, ast.Tuple, ast.Constant)) or not (
                any(isinstance(c.func, ast.Attribute) and c.func.attr in lookups for c in calls)
                or isinstance(v, ast.Name) or isinstance(v, ast.BinOp)):
            return False
    return True


def _consecutive(ctx: _Context, index: ast.expr) -> str | None:
    """``[3, 4, 5]`` -> ``3:6``; ``np.arange(i, j)`` -> ``i:j``, when provably the same rows."""
    if isinstance(index, ast.List) and len(index.elts) >= 2:
        vals = [e.value if isinstance(e, ast.Constant) else None for e in index.elts]
        if all(type(v) is int and v >= 0 for v in vals) and all(
                b == a + 1 for a, b in zip(vals, vals[1:])):
            return f"{vals[0]}:{vals[-1] + 1}"
        return None
    if (isinstance(index, ast.Call) and isinstance(index.func, ast.Name) and index.func.id == "list"
            and len(index.args) == 1 and not index.keywords):
        index = index.args[0]   # ``list(range(i, j))`` indexes like the range
    is_range = isinstance(index, ast.Call) and isinstance(index.func, ast.Name) and index.func.id == "range"
    if ((is_range or isinstance(index, ast.Call) and isinstance(index.func, ast.Attribute)
            and isinstance(index.func.value, ast.Name) and index.func.value.id == ctx.np
            and index.func.attr == "arange") and not index.keywords and 1 <= len(index.args) <= 2):
        vals = []
        for arg in index.args:
            if isinstance(arg, ast.Constant) and type(arg.value) is int:
                vals.append(arg.value)
            elif isinstance(arg, ast.Name) and type((ctx.namespace or {}).get(arg.id)) is int:
                vals.append(ctx.namespace[arg.id])  # type: ignore[index]
            else:
                return None  # a negative start would wrap around; a slice would not
        if any(v < 0 for v in vals):
            return None
        parts = [ctx.segment(a) for a in index.args]
        return f":{parts[0]}" if len(parts) == 1 else f"{parts[0]}:{parts[1]}"
    return None


# --------------------------------------------------------------------------- growing-array


def _growing(ctx: _Context, stmt: Statement, temps: list[Temporary], shared: bool) -> Finding | None:
    t = _largest(temps)
    if t is None:
        return None
    count = stmt.loop_count if stmt.loop_count is not None else t.loop_count
    got = ctx.bytes_for(stmt, t.nbytes, "growth", shared)
    target = stmt.targets[0] if stmt.targets else "the array"
    final = t.nbytes
    stat = ctx.stats.get(stmt.lineno)
    if stat is not None and stat.hits > 1 and stat.net_bytes > 0 and _starts_empty(ctx, stmt, target):
        # measured: the line ran once per piece (nested loops too), and what it kept is the whole array
        count, final = stat.hits, stat.net_bytes
    if count:
        total = final * (count + 1) // 2
        copied = (f" Over {count} iterations that is about {format_bytes(total)} copied in total"
                  " (quadratic in the number of iterations).")
    else:
        copied = " The bytes copied grow with the square of the number of iterations."
    message = (f"{_code(t.expr)} copies all of `{target}` on every iteration to add one piece,"
               f" up to {format_bytes(final)} at the end." + copied)
    suggestion = ("Collect the pieces in a list and concatenate once after the loop, or"
                  " preallocate the full array and fill slices when the size and count are known."
                  " The list removes the repeated copying; the peak drops too when the pieces are"
                  " views, while freshly built pieces and the final array still meet at the end.")
    rewrite, why = _growing_rewrite(ctx, stmt, count)
    if rewrite is None and why:
        suggestion += f" (No rewrite: {why}.)"
    return Finding("growing-array", stmt.lineno, got, message, suggestion, rewrite)


def _starts_empty(ctx: _Context, stmt: Statement, target: str) -> bool:
    """The cell binds ``target`` to an empty array before the loop (``np.empty((n, 0))``)."""
    first = next((s for s in ctx.prediction.statements if s.lineno < stmt.lineno and target in s.targets), None)
    return first is not None and first.result is not None and first.result.nbytes == 0


def _growing_rewrite(ctx: _Context, stmt: Statement, count: int | None) -> tuple[str | None, str]:
    node = ctx.node_of(stmt)
    target, value = _single_target(node), _value(node)
    if target is None or not isinstance(value, ast.Call) or ctx.tree is None or ctx.np is None:
        return None, "the line is not `x = np.append(x, ...)` or a concatenation into `x`"
    f = value.func
    if not (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == ctx.np):
        return None, "the growth is not a NumPy concatenation"
    kws = {k.arg: k for k in value.keywords}
    axis_text = ctx.segment(kws["axis"].value) if "axis" in kws else None
    pieces: list[str]
    if f.attr == "append" and len(value.args) == 2 and set(kws) <= {"axis"}:
        first, pieces = value.args[0], [ctx.segment(value.args[1])]
        if axis_text is None:
            if not count:
                return None, "with zero iterations np.append's flattening would not happen"
            final = f"{ctx.np}.concatenate([{ctx.np}.ravel(p) for p in {{parts}}])"
        else:
            final = f"{ctx.np}.concatenate({{parts}}, axis={axis_text})"
    elif (f.attr in {"concatenate", "vstack", "hstack"} and len(value.args) == 1
          and isinstance(value.args[0], (ast.List, ast.Tuple)) and len(value.args[0].elts) >= 2
          and set(kws) <= ({"axis"} if f.attr == "concatenate" else set())):
        first = value.args[0].elts[0]
        pieces = [ctx.segment(e) for e in value.args[0].elts[1:]]
        if f.attr != "concatenate" and not count:
            return None, f"with zero iterations np.{f.attr} would not reshape the start value"
        extra = f", axis={axis_text}" if axis_text is not None else ""
        final = f"{ctx.np}.{f.attr}({{parts}}{extra})"
    else:
        return None, "the growth is not `x = np.append(x, piece)` or a concatenation into `x`"
    if not (isinstance(first, ast.Name) and first.id == target):
        return None, f"`{target}` is not the first piece, so the pieces cannot simply be appended"
    loop = _innermost_loop(ctx.tree, node)
    if loop is None and any(isinstance(n, (ast.For, ast.While)) and _inside(n, node) for n in ast.walk(ctx.tree)):
        # (``if i == 0: x = f`` ... ``else: x = np.vstack((x, f))``: each branch binds ``x``; a rewrite must
        # follow both)
        return None, "the line is in a branch inside the loop, and a rewrite would have to follow every branch"
    if loop is None or loop.orelse:
        return None, "the enclosing loop was not found (or has an `else`)"
    for other in ast.walk(loop):
        if other is node or isinstance(other, ast.Name) and _inside(node, other):
            continue
        if isinstance(other, ast.Name) and other.id == target:
            return None, f"`{target}` is used elsewhere in the loop, so it must stay up to date"
    pieces_nodes = value.args[1:2] if f.attr == "append" else value.args[0].elts[1:]
    if loop is not None and not all(_a_view_in(ctx, loop, p) for p in pieces_nodes):
        # the pieces and the final array meet at the end as old and new did: the peak would not drop
        return None, ("the pieces are new arrays, so the list and the final array would still meet at the end"
                      " as the old and the new one do: only preallocating the final array and filling slices"
                      " lowers the peak")
    if not (ctx.owns_lines(loop) or _line_start(ctx, loop)):
        return None, "the loop shares its line with other code"
    parts = ctx.fresh_name(f"{target}_parts")
    add = (f"{parts}.append({pieces[0]})" if len(pieces) == 1
           else f"{parts}.extend([{', '.join(pieces)}])")
    indent = _indent(ctx.lines[loop.lineno - 1])
    a, b = ctx.span(node)
    start = ctx.offset(loop.lineno, 0)
    end_line = ctx.lines[loop.end_lineno - 1]
    end = ctx.offset(loop.end_lineno, 0) + len(end_line)
    after = f"{indent}{target} = {final.format(parts=parts)}"
    after = (after + ctx.newline) if end_line.endswith(("\n", "\r")) else (ctx.newline + after)
    return ctx.replace([(start, start, f"{indent}{parts} = [{target}]{ctx.newline}"),
                        (a, b, add), (end, end, after)]), ""


def _a_view_in(ctx: _Context, loop: ast.AST, piece: ast.expr) -> bool:
    """``x[i:j]``, or a name the loop binds to one: a view of an existing array, which a list of pieces holds
    for free (a new array per pass would meet the final one at the end)."""
    def basic(node: ast.expr) -> bool:
        parts = node.slice.elts if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple) else (
            [node.slice] if isinstance(node, ast.Subscript) else [])
        counters = {n.target.id for n in ast.walk(loop) if isinstance(n, ast.For) and isinstance(n.target, ast.Name)
                    and isinstance(n.iter, ast.Call) and isinstance(n.iter.func, ast.Name) and n.iter.func.id == "range"}
        return bool(parts) and isinstance(node.value, ast.Name) and all(
            isinstance(e, ast.Slice) or isinstance(e, ast.Constant) and (e.value is None or type(e.value) is int)
            or isinstance(e, ast.Name) and e.id in counters for e in parts)   # ``rows[i, :n]`` with ``i`` a count

    if basic(piece):
        return True
    if not isinstance(piece, ast.Name):
        return False
    binds = [n for n in ast.walk(loop) if isinstance(n, ast.Name) and n.id == piece.id
             and isinstance(n.ctx, (ast.Store, ast.Del))]
    if not binds:
        return True   # ``temp``, bound before the loop: the same array every pass, which the list holds once
    binds = [n for n in ast.walk(loop) if isinstance(n, ast.Assign) and _single_target(n) == piece.id]
    return bool(binds) and all(basic(n.value) for n in binds)


def _line_start(ctx: _Context, node: ast.stmt) -> bool:
    head = ctx.lines[node.lineno - 1].encode("utf-8")[: node.col_offset].decode("utf-8", "replace")
    return head.strip() == ""


def _inside(outer: ast.AST, node: ast.AST) -> bool:
    return any(n is node for n in ast.walk(outer))


def _larger_on_a_later_pass(ctx: _Context, stmt: Statement, node: ast.AST | None, predicted: int,
                            measured: int | None) -> int | None:
    """``for param, dparam, mem in zip([Wxh, Whh, ...], ...)``: ``mem += dparam * dparam`` is predicted from the
    first pass's arrays, and a later pass's are larger. The line's measured figure, when it is well above the
    prediction and the line reads what the loop walks (not a range's numbers)."""
    stat = ctx.stats.get(stmt.lineno)
    if (measured is None or stat is None or stat.hits < 2 or predicted <= 0 or measured < 1.2 * predicted
            or ctx.tree is None or node is None):
        return None
    # (the line's other predicted arrays account for it: ``np.flatnonzero(np.logical_and(niches == niche, avail))``
    # holds the mask handed to the call beside the chain's own)
    if measured < 1.2 * sum(t.nbytes for t in stmt.temporaries if not t.elided
                            and t.kind not in ("out-of-place-update", "growing-array")):
        return None
    loop = _innermost_loop(ctx.tree, node)
    if not isinstance(loop, ast.For) or (isinstance(loop.iter, ast.Call) and isinstance(loop.iter.func, ast.Name)
                                         and loop.iter.func.id in ("range", "enumerate")):
        return None
    walked = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    return measured if walked & {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} else None


def _stored_value(ctx: _Context, stmt: Statement, live: list[Temporary]) -> Temporary | None:
    """``x[mask] = <chain>``: the array the chain's value is in, which the store copies into ``x`` and frees
    (not one of ``live`` already, nor one the line's own out-of-place finding tells)."""
    node = ctx.node_of(stmt)
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and _written_into(node.targets[0])
            and stmt.result_index is not None and 0 <= stmt.result_index < len(stmt.temporaries)):
        return None
    value = stmt.temporaries[stmt.result_index]
    if (value in live or value.elided or value.nbytes < MIN_ARRAY_BYTES or value.kind not in ("result", "chained-ops")
            or any(t.kind == "out-of-place-update" for t in stmt.temporaries)):
        return None
    index = _norm(ctx.segment(node.targets[0].slice))
    single = node.value.args[0] if isinstance(node.value, ast.Call) and len(node.value.args) == 1 else None
    if isinstance(single, ast.Subscript) and _norm(ctx.segment(single.slice)) == index:
        return None   # ``rval[p != 0] = np.log(p[p != 0])``: the selection's finding tells it (``where=``)
    # into an array (not a dict's or a frame's item): one the session holds, or a function's own made by NumPy
    root = _root_name(node.targets[0])
    bound = _last_binding(ctx, node, root) if root is not None and _local_to_a_function(ctx, node, root) else None
    made = (isinstance(_value(bound), ast.Call) and ctx.np is not None and _root_name(_value(bound).func) == ctx.np)
    return value if made or _array_slot(ctx, node.targets[0]) or isinstance(
        node.targets[0].value, ast.Subscript) and _array_slot(ctx, node.targets[0].value) else None


def _larger_on_a_later_call(ctx: _Context, stmt: Statement, node: ast.AST | None, predicted: int,
                            measured: int | None) -> tuple[int, str] | None:
    """``t2 = (r + 1) ** (n - 1)`` in ``_g_div_gp(r, ...)``, called first with the number ``guess`` and then with
    the array of rates: predicted from the first call's values, measured well above that on a later one. The
    measured figure and the function's name, when the line reads one of its parameters."""
    stat = ctx.stats.get(stmt.lineno)
    if (measured is None or stat is None or stat.hits < 2 or predicted <= 0 or measured < 1.4 * predicted
            or ctx.tree is None or node is None or stmt.calls):
        return None   # (a call npguard does not model may have made the rest)
    if measured < 1.4 * sum(t.nbytes for t in stmt.temporaries if not t.elided and t.kind != "result"):
        return None   # what the line predicted beside the chain (``np.var(y, axis=0)``'s deviations) is the rest
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is None or _innermost_loop(func, node) is not None:
        return None
    read = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return (measured, func.name) if read & _parameters(func) else None


def _sliced_by_loop_variable(ctx: _Context, node: ast.stmt | None) -> bool:
    """``level_indices = (indices[0, :nidx] + ...) // 2`` in ``for nidx in nindices``: a slice bound is the loop's
    variable, so the value's size changes from pass to pass."""
    loop = _innermost_loop(ctx.tree, node) if ctx.tree is not None and node is not None else None
    if not isinstance(loop, (ast.For, ast.AsyncFor)) or _value(node) is None:
        return False
    names = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    return any(isinstance(s, ast.Slice) and any(isinstance(n, ast.Name) and n.id in names
                                                for b in (s.lower, s.upper) if b is not None for n in ast.walk(b))
               for s in ast.walk(_value(node)))


def _innermost_loop(tree: ast.AST, stmt: ast.stmt) -> ast.For | ast.While | None:
    best = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.While)) and any(s is stmt for b in node.body for s in ast.walk(b)):
            if best is None or _inside(best, node):
                best = node
    if best is not None and not any(s is stmt for s in best.body):
        return None  # nested in an if/with inside the loop: the append may be conditional, fine,
        # but keep the rewrite to the plain case where the statement is the loop's own
    return best


# --------------------------------------------------------------------------- out-of-place-update


def _rebound_together(ctx: _Context, stmt: Statement, node: ast.stmt | None,
                      temps: list[Temporary]) -> Finding | None:
    """``phase, epoch = phase[indi], epoch[indi]``: Python builds every value on the right before it binds any
    name, so all the old arrays are alive beside all the new ones; one statement per name frees each old array
    as soon as its new one is bound."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple)
            and isinstance(node.value, ast.Tuple) and len(node.targets[0].elts) == len(node.value.elts)
            and all(isinstance(e, ast.Name) for e in node.targets[0].elts)):
        return None
    names = [e.id for e in node.targets[0].elts]
    old = [o for o in temps if o.kind == "out-of-place-update" and not o.elided]
    if len(old) < 2 or len(set(names)) != len(names):
        return None
    total = sum(o.nbytes for o in old)
    # (split, each value is built after the names before it are rebound: none may read them)
    safe = all(not any(isinstance(n, ast.Name) and n.id in names[:i] for n in ast.walk(v))
               for i, v in enumerate(node.value.elts))
    message = (f"{_code(stmt.text)} builds every new value before it binds any name, so the old"
               f" {_join_code(names)} ({format_bytes(total)} together) are all alive beside the new ones.")
    if not safe:
        return Finding("out-of-place-update", stmt.lineno, total, message,
                       "A value on the right reads a name bound before it on the left, so the names cannot be"
                       " rebound one at a time: as written, every old value and every new one exist together.",
                       None)
    lines = [f"{n} = {ctx.segment(v)}" for n, v in zip(names, node.value.elts)]
    rewrite = ctx.replace_statement(node, lines) if ctx.owns_lines(node) else None
    return Finding("out-of-place-update", stmt.lineno, total, message,
                   f"One statement per name (`{'`, then `'.join(lines)}`) frees each old array as soon as its new"
                   " one is bound, instead of holding every old one until all the new ones exist (the same values:"
                   " no value reads a name bound before it).", rewrite)


def _out_of_place(ctx: _Context, stmt: Statement, temps: list[Temporary], shared: bool) -> Finding | None:
    t = _largest(temps)
    if t is None:
        return None
    value = _value(ctx.node_of(stmt))
    stat = ctx.stats.get(stmt.lineno)
    if isinstance(value, ast.Call) and _def_lines(ctx, ctx.segment(value.func)) and _returns_an_argument(
            ctx, ctx.segment(value.func), stat.hits if stat is not None and not stmt.in_function else None):
        return None   # ``X = standardize(X)`` returns X itself: no second array
    copied = _copy_source(ctx, value) or (value.func.value if isinstance(value, ast.Call) and isinstance(
        value.func, ast.Attribute) and value.func.attr == "astype" else None)
    if isinstance(copied, ast.Name) and stmt.targets and copied.id == stmt.targets[0] and any(
            o.kind == "forced-copy" and o.cast_from in (None, o.dtype) for o in stmt.temporaries):
        return None   # ``ebin = np.array(ebin)``: the copy is the new value, which the forced-copy tells
    if stmt.targets and any(o.kind == "forced-copy" and o.cast_from in (None, o.dtype) and _kept(ctx, stmt, o)
                            and _receiver_root(ctx.node_at(o.span)) == stmt.targets[0] for o in stmt.temporaries):
        return None   # ``col = col.transpose(...).reshape(n, -1)``: the same, through a view of the old value
    stat = ctx.stats.get(stmt.lineno)
    if not _old_freed(ctx, stmt, t):
        return None
    if stat is not None and stat.hits and t.nbytes + stat.net_bytes / stat.hits < min(MIN_ARRAY_BYTES, 0.2 * t.nbytes):
        # ``second_term = -c * np.sum(logq(second_term, q))``: each run let the old array go and kept next to
        # nothing, so the new value is small and holding both cost little; the temporaries are something else
        return None
    if _input_of_a_larger_call(ctx, stmt, t, stat):
        return None
    if stmt.targets and _callers_keep(ctx, ctx.node_of(stmt), stmt.targets[0]):
        return None
    got = ctx.bytes_for(stmt, t.nbytes, "temporaries", shared)
    node = ctx.node_of(stmt)
    pair = _rebound_together(ctx, stmt, node, temps)
    if pair is not None:
        return pair
    held = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
    name = (ctx.segment(held) if isinstance(held, ast.Attribute)   # ``self.d = self.d / n``
            # ``upper, _ = np.meshgrid(...)``: the name whose old value it is, not the first target
            else t.rebinds if t.rebinds in stmt.targets[1:]
            else stmt.targets[0] if stmt.targets else "x")
    swapped = _swapped_bytes(ctx, stmt)
    new = ""
    if swapped and got > swapped and stat is not None and stat.net_bytes < 0:
        # the line's measured temporaries hold the new array and what was built beside it: this cause is the new one
        got, new = swapped, f" ({format_bytes(swapped)})"
    others = [o for o in stmt.temporaries if o is not t and not o.elided and o.kind != "result"
              and o.nbytes >= MIN_ARRAY_BYTES // 16]
    if (stat is not None and stmt.in_loop and stat.hits >= 2 and stat.net_bytes > 0.5 * t.nbytes and not others
            and not new and stat.temporaries_bytes > 1.5 * t.nbytes
            # (not a call of the cell's own function, whose lines' temporaries are in the line's figure too)
            and not any(_def_lines(ctx, c.name) for c in stmt.calls)):
        # ``y = np.cos(x)`` with ``x`` longer on every pass: the size above is the first pass's old value,
        # and what the line measured at its largest pass is the previous pass's array
        got = stat.temporaries_bytes
        message = (f"{_code(stmt.text)} builds the new `{name}` while the old one is still alive, so both exist"
                   f" at once (its arrays grow from pass to pass: {format_bytes(t.nbytes)} before the first,"
                   f" the previous pass's {format_bytes(got)} measured at the largest).")
    else:
        base = (f", a view into {format_bytes(t.held_bytes)}" if t.held_bytes
                and t.held_bytes > 1.05 * t.nbytes else "")
        message = (f"{_code(stmt.text)} builds the new `{name}`{new} while the old one"
                   f" ({format_bytes(t.nbytes)}{base}) is still alive, so both exist at once.")
    if t.rebinds is not None:
        return _rebinding(ctx, stmt, t, got, message)
    rewrite, why = _update_rewrite(ctx, stmt, t, name)
    where = _where_update(ctx, value, name)
    wrapped = _wrapped_by_pandas(ctx, value, name)
    if wrapped is not None:
        suggestion = (f"pandas copies a NumPy array it is given (copy-on-write), so the old `{name}` and its copy"
                      f" exist together: `{wrapped}(..., copy=False)` wraps the array itself instead, when nothing"
                      " else writes into it.")
        rewrite = None
    elif where is not None and rewrite is not None:
        suggestion = (f"`{where}` writes only the elements the condition picks into `{name}`, with no second"
                      " array (the same values: the dtype stays).")
    elif where is not None:
        suggestion = (f"`{where}` writes only the elements the condition picks into `{name}`, with no second"
                      f" array: the same values when `{name}` already has the result's shape and a dtype that"
                      f" holds the new values (npguard could not check: {why}).")
    elif rewrite is not None and why == "sorted":
        suggestion = (f"The gather puts `{name}` in the order its `argsort` gave, that is sorted: `{name}.sort()` sorts"
                      " the same array in place, with the same values and no second array.")
    elif rewrite is not None:
        suggestion = (f"Update `{name}` in place (augmented operators like `{name} *= 2`, or"
                      f" `out={name}` for ufuncs) so no second array is built."
                      + (f" The numbers the line reads from the old `{name}` (its reductions) are computed first,"
                         " from the old values, as the line does." if why == "hoisted" else
                         f" The operation is applied to the old `{name}` in place first, then the line's view of it is"
                         " taken: the same values, as a view in the new axis order (code that needs the array"
                         " contiguous copies it then)." if why == "view" else
                         f" The part of `{name}` the line reads is copied first (a far smaller array): written in"
                         " place, the operand would otherwise change under the update, or NumPy would copy it at"
                         " full size." if why == "part" else
                         f" The term that reads the old `{name}` is computed first, from the old values; then `{name}`"
                         " is scaled in place and the term added in: the same operations, the same values." if why ==
                         "term" else ""))
    elif (call := _np_call_on(ctx, stmt, name)) is not None:
        func = call.split("(")[0]
        if func.endswith(".sort") and isinstance(value, ast.Call) and value.args and _norm(ctx.segment(value.args[0])) == name:
            # ``array = np.sort(array, axis=0)``: the method sorts the same array in place
            options = ", ".join([ctx.segment(a) for a in value.args[1:]]
                                + [f"{k.arg}={ctx.segment(k.value)}" for k in value.keywords])
            suggestion = (f"`{name}.sort({options})` sorts `{name}` in place, with no second array and the same"
                          f" values, when nothing else needs the old order. (No rewrite: {why}.)")
        elif _writes_into_out(ctx, value):
            suggestion = (f"`{call[:-1].rstrip()}, out={name})` writes the result into `{name}` with no second"
                          f" array, when the shape and dtype stay the same. (No rewrite: {why}.)")
        else:
            suggestion = (f"{_code(func)} cannot write into an existing array (it takes no `out=`), so the old and"
                          f" the new `{name}` exist together while it runs: that is this call's cost. Where the old"
                          " value is not needed, an in-place variant of the operation, if there is one, avoids it.")
    elif isinstance(held, ast.Attribute) and why.startswith("`"):
        suggestion = f"In place, with no second array: {why}."
    elif (first := _aliased_on_first_pass_only(ctx, stmt, t, name, value)) is not None:
        suggestion = first
    elif _selects_from(value, name):
        # ``filtered_data = filtered_data[(filtered_data >= lo) & (filtered_data <= hi)]``: a selection has a size
        # of its own, so nothing can write it into the old array
        suggestion = _selection_words(name)
    elif (func := _enclosing(ctx, ctx.node_of(stmt), (ast.FunctionDef, ast.AsyncFunctionDef))) is not None \
            and name in _parameters(func) and _last_binding(ctx, ctx.node_of(stmt), name) is None:
        # ``def ecdf_values(x): x = np.sort(x)``: the old value is the caller's array
        sort = (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "sort"
                and value.args[:1] and isinstance(value.args[0], ast.Name) and value.args[0].id == name)
        inner = value
        while (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
               and inner.func.attr in ("ravel", "reshape", "flatten")):
            inner = inner.func.value
        copied = (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and ctx.np is not None
                  and _root_name(inner.func) == ctx.np and inner.func.attr in ("array", "copy")
                  and inner.args[:1] and isinstance(inner.args[0], ast.Name) and inner.args[0].id == name
                  and not any(k.arg in ("dtype", "copy") for k in inner.keywords) and len(inner.args) == 1)
        suggestion = (f"`{name}` is a parameter of `{func.name}`: the old value is the caller's array, which stays"
                      f" alive for the caller whatever this line does; what the line adds is the copy"
                      f" {_code(ctx.segment(inner))} makes, which `{ctx.np}.asarray({name})` does not make where"
                      f" nothing writes into `{name}` afterwards." if copied else
                      f"`{name}` is a parameter of `{func.name}`: the old value is the caller's array, which an"
                      f" in-place update (`{name}.sort()` here) would change for the caller too. Where callers pass"
                      f" an array they no longer need, updating `{name}` in place avoids the second array; otherwise"
                      " this copy is what leaving the caller's array as it was costs." if sort else
                      f"`{name}` is a parameter of `{func.name}`: the old value is the caller's array, which an"
                      " in-place update would change for the caller too. Where callers pass an array they no longer"
                      " need, updating it in place (augmented operators, `out=`) avoids the second array;"
                      " otherwise this copy is what leaving the caller's array as it was costs.")
    elif (isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Mult))
          and any(isinstance(side, ast.Name) and side.id == name for side in (value.left, value.right))
          and any(isinstance(side, (ast.BinOp, ast.Call)) and not _number_expr(ctx, side)
                  for side in (value.left, value.right))
          and (ctx.measured(stmt, "temporaries") or 0) <= 1.2 * t.nbytes):   # (the line held two arrays, not three)
        # ``interior = interior + x[tuple(s)] * coeffs[i]``: NumPy already adds into the product's own array, so
        # ``interior += ...`` would hold the same two arrays (the old value and the product)
        other = next(side for side in (value.left, value.right) if not isinstance(side, ast.Name) or side.id != name)
        suggestion = (f"`{name} {_OPS[type(value.op)]}= {ctx.segment(other)}` would still build"
                      f" {_code(ctx.segment(other))} whole beside `{name}` (NumPy already computes the sum in that"
                      " array as written), so it would hold the same two arrays. Only building the operand in pieces"
                      " (chunks along an axis, each added in place) would lower this.")
        eye = _times_identity(ctx, other) if isinstance(value.op, ast.Add) else None
        if eye is not None:   # pyRiemann's ``P = P + shift[..., np.newaxis, np.newaxis] * I`` with ``I = np.eye(n)``
            scale, ident = eye
            suggestion = (f"`{ident}` is zero off its diagonal, so adding {_code(ctx.segment(other))} adds to the"
                          f" diagonal alone: `d = {ctx.np or 'np'}.arange({name}.shape[-1])`, then"
                          f" `{name}[..., d, d] += {scale}` gives the same values for finite numbers, with no second"
                          f" matrix (where other names hold the old `{name}`, copy it first).")
    elif (zeroed := _zeros_where_nonzero(ctx, stmt, value, name)) is not None:
        suggestion, rewrite = zeroed
    elif (parts := _complex_parts(ctx, value)) is not None and parts == name and t.dtype.startswith("complex"):
        # sigpy's ``k = np.stack((np.real(k), np.imag(k)), axis=1)``: how a complex array lies in memory
        real = {"complex64": "float32", "complex128": "float64"}.get(t.dtype)
        suggestion = (f"The new value is the old `{name}`'s real and imaginary parts side by side, which is how a"
                      f" {t.dtype} array lies in memory: `{name}.view({ctx.np or 'np'}.{real}).reshape(-1, 2)` gives the"
                      f" same values as a view, with no second array (for a contiguous 1-D `{name}`, as a new array"
                      " is; the view shares its memory).") if real else suggestion
    elif why == _NOT_ARITHMETIC:
        # ``lta = np.concatenate((np.zeros(1), lta))[:m]``: a shift can be written over the old value by hand
        suggestion = (f"Where the new value can be written over the old one in place (augmented operators, a ufunc's"
                      f" `out={name}`, a slice assignment such as `{name}[1:] = {name}[:-1]` for a shift), no second"
                      f" array is built. No rewrite: npguard writes that form out only for arithmetic or a ufunc"
                      " call on the old value, which this line is not.")
    else:
        suggestion = (f"Updating `{name}` in place (`{name} *= 2`, `np.sqrt({name}, out={name})`)"
                      f" would avoid the second array, but not here: {why}.")
    return Finding("out-of-place-update", stmt.lineno, got, message, suggestion, rewrite)


def _zeros_where_nonzero(ctx: _Context, stmt: Statement, value: ast.expr | None, name: str):
    """``denom = np.log2(denom, out=np.zeros_like(denom), where=denom != 0)``: where the condition is false the
    old value is 0 already, so ``out=denom`` gives the same array with no zeros made beside it."""
    node = ctx.node_of(stmt)
    if not (isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Name)
            and value.args[0].id == name and _single_target(node) == name):
        return None
    kw = {k.arg: k.value for k in value.keywords}
    out, where = kw.get("out"), kw.get("where")
    zeros = (isinstance(out, ast.Call) and isinstance(out.func, ast.Attribute) and out.func.attr == "zeros_like"
             and _root_name(out.func) == ctx.np and len(out.args) == 1 and not out.keywords
             and isinstance(out.args[0], ast.Name) and out.args[0].id == name)
    nonzero = (isinstance(where, ast.Compare) and len(where.ops) == 1 and isinstance(where.ops[0], ast.NotEq)
               and isinstance(where.left, ast.Name) and where.left.id == name
               and isinstance(where.comparators[0], ast.Constant) and where.comparators[0].value == 0)
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if not (zeros and nonzero and func is not None and name not in _parameters(func)
            and not _aliased_elsewhere(ctx, node, name) and ctx.owns_lines(node)):
        return None
    a, b = ctx.span(out)
    return (f"Where `{ctx.segment(where)}` is false, `{name}` holds 0 already, so `out={name}` writes the same values"
            f" into the old array, with no zeros made beside it.", ctx.replace([(a, b, name)]))


def _callers_keep(ctx: _Context, node: ast.stmt | None, name: str) -> bool:
    """``def mha(x, ...): x = linear(x, ...)`` called only as ``mha(x, ...)``: the old ``x`` is an array every
    caller in the cell still holds by a name, so rebinding it frees nothing and holding it is no cost of
    the line."""
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) if node is not None else None
    if func is None or name not in _parameters(func) or _last_binding(ctx, node, name) is not None:
        return False
    positional = [a.arg for a in func.args.posonlyargs + func.args.args]
    method = any(isinstance(c, ast.ClassDef) and func in c.body for c in ast.walk(ctx.tree)) and not any(
        isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list)
    if method:   # ``net.feedforward(x)`` for ``def feedforward(self, a)``: ``self`` is the object called on
        positional = positional[1:]
        calls = [c for c in ast.walk(ctx.tree) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                 and c.func.attr == func.name]
    else:
        calls = [c for c in ast.walk(ctx.tree) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
                 and c.func.id == func.name]
    if not calls:
        return False   # called from elsewhere: what it is given is not in view
    return all(isinstance(_argument_for(call, positional, name), ast.Name) for call in calls)


def _argument_for(call: ast.Call, positional: list[str], param: str) -> ast.expr | None:
    """What ``call`` passes for ``param`` (by keyword, or by position where no ``*args`` comes before it);
    None when it passes nothing for it (its default applies) or it cannot be told."""
    given = next((k.value for k in call.keywords if k.arg == param), None)
    if given is None and param in positional and positional.index(param) < len(call.args) and not any(
            isinstance(a, ast.Starred) for a in call.args[:positional.index(param) + 1]):
        given = call.args[positional.index(param)]
    return given


def _aliased_on_first_pass_only(ctx: _Context, stmt: Statement, t: Temporary, name: str,
                                value: ast.expr | None) -> str | None:
    """``ret = args[-1]`` before a loop of ``ret = multiply(a, ret)``: on the first pass ``ret`` is the
    caller's array and must not change, but every pass binds a new array, so from the second on (where
    the line's measured temporaries come from) ``ret`` is the loop's own and ``out=ret`` can take it."""
    stat = ctx.stats.get(stmt.lineno)
    node = ctx.node_of(stmt)
    loop = _innermost_loop(ctx.tree, node) if ctx.tree is not None and node is not None else None
    if (stat is None or stat.hits < 2 or loop is None or _single_target(node) != name or value is None
            or not t.unsafe_because or not _writes_into_out(ctx, value)):
        return None
    aliases = []
    for problem in t.unsafe_because:
        m = re.fullmatch(r"(.+?) shares? its memory and would change too", problem)
        if m is None:
            return None   # another reason (a shape or dtype change) holds on every pass
        aliases += m.group(1).split(", ")
    bound_in_loop = {n.id for n in ast.walk(loop) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    if set(aliases) & bound_in_loop or _kept_each_pass(loop, name, ctx):
        return None   # a name the loop binds may hold the value of any pass
    call = ctx.segment(value)
    return (f"On the first pass `{name}` is {', '.join(f'`{a}`' for a in aliases)}'s memory, which must not change,"
            f" so that pass needs a new array; from the second pass on (where this line's temporaries come"
            f" from) `{name}` is an array the loop made itself, and `{call[:-1].rstrip()}, out={name})` writes"
            " into it with no second array. (No rewrite: the first pass differs from the rest.)")


def _old_freed(ctx: _Context, stmt: Statement, old: Temporary) -> bool:
    """Whether the measurement agrees that rebinding freed the old value on this line: freed while the
    new value was made, it is in the line's temporaries (the smaller of the two is). A line run once
    whose temporaries are smaller did not free it: another name holds it (the caller's array behind
    ``returns = np.asanyarray(returns)``), so nothing was held twice. A line run in a loop that kept
    its whole new value every run did not free the old one either."""
    stat = ctx.stats.get(stmt.lineno)
    node = ctx.node_of(stmt)
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) if node is not None else None
    if old.aliased_by and func is not None and any(
            a in _parameters(func) and _last_binding(ctx, node, a) is None for a in old.aliased_by):
        # ``X = image.reshape(-1, b).T`` then ``X = np.take(X, ii, axis=1)``: the old value is a view of the
        # caller's array, which the rebinding cannot free
        return False
    if old.aliased_by and not stmt.in_loop and stmt.in_function is None and (stat is None or stat.hits == 1):
        # ``fTV = y`` before ``fTV = fTV - tau * g``, run once: ``y`` still holds the old value (in a loop or a
        # function the names seen belong to one pass or one call: a later one may hold an array of its own)
        return False
    if stat is None:
        return True
    if stat.hits > 1:
        # in a loop, each run that freed the old value kept the new one less the old; one whose old value
        # another name still held (views of it, rebound on later lines) kept the whole new one
        new = stmt.result.nbytes if stmt.result is not None else None
        if not new or abs(new - old.nbytes) > 0.05 * new:
            return True
        per_run = stat.net_bytes / stat.hits
        return not abs(per_run - new) < 0.1 * new
    new = stmt.result.nbytes if stmt.result is not None else None
    if new and abs(new - old.nbytes) <= 0.05 * new:
        # as large as the old value: freeing it leaves the line's net near zero, while a line whose old
        # value the caller still holds (``x = x*2 - y*55`` on a parameter) kept the whole new one
        return stat.net_bytes < 0.5 * new
    made = old.nbytes + stat.net_bytes   # what the line kept, had it freed the old value
    return stat.temporaries_bytes >= 0.9 * min(old.nbytes, made)


def _transposed_view(node: ast.expr) -> ast.expr | None:
    """``grid.transpose(1, 2, 0)``, ``x.swapaxes(0, 1)``, ``x.T``: the array the view is taken of."""
    if isinstance(node, ast.Attribute) and node.attr in ("T", "mT"):
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("transpose", "swapaxes"):
        return node.func.value
    return None


def _op_on_a_view(ctx: _Context, stmt: Statement, name: str, t: Temporary) -> str | None:
    """perlin-numpy's ``grid = grid.transpose(1, 2, 3, 0) % 1``: an element-wise step with a number on a view of the
    old array gives the same values as the step in place on the old array, then the view."""
    node = ctx.node_of(stmt)
    value = _value(node)
    if not (isinstance(value, ast.BinOp) and type(value.op) in _OPS and _single_target(node) == name
            and _is_scalar(ctx, value.right) and ctx.owns_lines(node)):
        return None
    if stmt.result is None or stmt.result.dtype != t.dtype:
        return None   # (the old array must hold the new values: an int grid ``% 1.5`` makes floats)
    view = value.left
    of = _transposed_view(view)
    if not (isinstance(of, ast.Name) and of.id == name):
        return None
    if _aliased_elsewhere(ctx, node, name) or (stmt.in_function is None and ctx.shares_memory(name)):
        return None
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is not None and name in _parameters(func) and _last_binding(ctx, node, name) is None:
        return None   # the caller's array: changing it in place would change it for the caller
    return ctx.replace_statement(node, [f"{name} {_OPS[type(value.op)]}= {ctx.segment(value.right)}",
                                        f"{name} = {ctx.segment(view)}"])


def _np_call_on(ctx: _Context, stmt: Statement, name: str) -> str | None:
    """``np.cumsum(x)`` when the statement is ``x = np.cumsum(x)``: a NumPy call on the old value."""
    value = _value(ctx.node_of(stmt))
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and ctx.np is not None
            and _root_name(value.func) == ctx.np and value.args and isinstance(value.args[0], (ast.Name, ast.Attribute))
            and _norm(ctx.segment(value.args[0])) == name and not any(k.arg == "out" for k in value.keywords)
            # (not ``np.maximum(self.inv, self.inv.T)``: another argument reads the object's array too)
            and not (isinstance(value.args[0], ast.Attribute) and any(
                _norm(ctx.segment(n)) == name for a in [*value.args[1:], *(k.value for k in value.keywords)]
                for n in ast.walk(a) if isinstance(n, ast.Attribute)))):
        return ctx.segment(value)   # ``self.tfr = np.fft.fft(self.tfr, axis=0)`` too
    return None


def _rebinding(ctx: _Context, stmt: Statement, t: Temporary, got: int, message: str) -> Finding:
    """``b = a * 2`` while ``b`` still holds an array: the old one is freed only after the new one is bound."""
    name = t.rebinds
    node = ctx.node_of(stmt)
    # in a loop the name may be unbound on the first pass (the old value is the previous pass's): ``del``
    # would raise there, and binding None frees the old array all the same
    looped = stmt.in_loop or (ctx.tree is not None and node is not None
                              and _innermost_loop(ctx.tree, node) is not None)
    value = _value(node)
    outs = value is None or _writes_into_out(ctx, value)
    numpy_call = isinstance(value, ast.Call) and ctx.np is not None and _root_name(value.func) == ctx.np
    import numpy

    # ``net = Network(...)`` run again: the old value is an object holding arrays, bound by an earlier run of
    # the cell; ``net = None`` frees it as well, and still runs where the cell is run for the first time
    held = (ctx.namespace or {}).get(name, numpy.empty(0))
    what = "array" if isinstance(held, numpy.ndarray) else "value"
    rerun = what == "value" and not _is_pandas(held) and not any(
        isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) and n.lineno < node.lineno
        for n in ast.walk(ctx.tree)) if ctx.tree is not None and node is not None else False
    free = f"{name} = None" if looped or rerun else f"del {name}"
    suggestion = (f"Free the old {what} first: `{free}` before the line (when no other name holds it)"
                  + (f", or write the result into it with `out={name}` when the shape and dtype match." if outs else
                     f"; {_code(ctx.segment(value.func))} takes no `out=` to write into it." if numpy_call else "."))
    if ", " in name:   # ``a0, a1 = rand(2, n)``: the names hold one earlier array between them
        if _returns_own_attribute(ctx, value):
            return None   # ``observation, infos = stacked_obs.update(...)``: the object holds the array it returns
        # (in a loop the names are unbound on the first pass: binding None frees the old arrays all the same)
        free = (" = ".join(name.split(", ")) + " = None") if looped else f"del {name}"
        return Finding("out-of-place-update", stmt.lineno, got,
                       f"{_code(stmt.text)} builds the new array while `{name}` still hold the previous one"
                       f" ({format_bytes(t.nbytes)}), which is freed only once the new one is unpacked, so both"
                       " exist at once.",
                       f"Free the old array first: `{free}` before the line (when no other name holds it).", None)
    owner = name.split(".")[0] if "." in name else None
    # (not ``np.zeros(self.num_envs)``: another attribute read off the object is not the old value)
    attr = name.split(".")[1] if owner is not None else None
    if owner is not None and value is not None and any(
            isinstance(n, ast.Name) and n.id == owner and not (
                isinstance(p := ctx.parents.get(id(n)), ast.Attribute) and p.value is n and p.attr != attr
                and not (isinstance(c := ctx.parents.get(id(p)), ast.Call) and c.func is p))
            for n in ast.walk(value)):
        # ``swarm.position = compute_position(swarm, bounds, bh)``: the call is handed the object that holds the
        # old value, so freeing it first would take from the call what it reads
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       f"The line hands `{owner}` on, which holds the old `{name}`, so the old value is read while"
                       " the new one is built and both must exist while it runs: that part is the price of"
                       " replacing it.", None)
    if not t.in_place_safe and (t.aliased_by or not t.unsafe_because):
        # (freeing first is about who else holds the old array: a change of shape or dtype is no reason)
        why = (f"{_join_code(list(t.aliased_by))} {'holds' if len(t.aliased_by) == 1 else 'hold'} the same array,"
               f" so freeing `{name}` first frees nothing while {'it is' if len(t.aliased_by) == 1 else 'they are'}"
               " bound" if t.aliased_by else "the old array may be shared")
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       suggestion + f" (No rewrite: {why}.)", None)
    # (the namespace after the cell holds the new value, or a later line's: what shares the old one is told by
    # the live reading, ``in_place_safe``, and by the cell's own lines)
    unpacked = (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple)
                and all(isinstance(e, ast.Name) for e in node.targets[0].elts)
                and [e.id for e in node.targets[0].elts].count(name) == 1)   # ``upper, _ = np.meshgrid(...)``
    if node is None or (_single_target(node) != name and not unpacked) or not ctx.owns_lines(node) \
            or _aliased_elsewhere(ctx, node, name) or _escapes(ctx, node, name):
        return Finding("out-of-place-update", stmt.lineno, got, message,
                       suggestion + f" (No rewrite: another name may hold the old `{name}`.)", None)
    rewrite = ctx.replace_statement(node, [free, ctx.segment(node)])
    return Finding("out-of-place-update", stmt.lineno, got, message, suggestion, rewrite)


def _input_of_a_larger_call(ctx: _Context, stmt: Statement, t: Temporary, stat: LineStat | None) -> bool:
    """``mask = np.convolve([1, 1, 1], mask, mode='same').astype(bool)``: the old value is handed whole to a
    call npguard does not model, which needs it while it runs, and the line measured far more than the old
    and the new value together: its peak is the call's, reached before the new value exists, so holding the
    old one costs the line nothing."""
    node = ctx.node_of(stmt)
    held = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
    name = (ctx.segment(held) if isinstance(held, ast.Attribute)   # ``swarm.position = ...``
            else stmt.targets[0] if len(stmt.targets) == 1 else None)
    if name is None or stat is None or stat.temporaries_bytes < 4 * t.nbytes:
        return False
    owner = name.split(".")[0]   # ``swarm.position = compute_position(swarm, ...)``: the object is handed on
    for call in stmt.calls:
        node = ctx.node_at(call.span)
        if (isinstance(node, ast.Call) and not _is_ufunc(call.name)
                and any(isinstance(a, ast.Name) and a.id in (name, owner) for a in node.args)):
            return True
    return False


#: ndarray methods whose result has the array's shape and dtype and that take ``out=`` (``x.clip(0, 1, out=x)``).
_METHODS_WITH_OUT = frozenset({"clip", "round"})


def _transposed_update(ctx: _Context, stmt: Statement, t: Temporary, name: str) -> str | None:
    """``Am = Am.conj().T / np.sqrt(2 * nx)``: the new value is the old one transposed (a view) and then
    changed by numbers: conjugated in place, rebound to its transpose and divided in place, it is the same values
    in the old array's memory. Only where the shape change is the transpose's, and nothing else was unsafe."""
    node = ctx.node_of(stmt)
    value = _value(node)
    if not (len(t.unsafe_because) == 1 and t.unsafe_because[0].startswith("the shape changes")
            and len(t.shape) == 2 and ctx.np is not None and _single_target(node) == name
            and ctx.owns_lines(node) and not _aliased_elsewhere(ctx, node, name) and not _escapes(ctx, node, name)):
        return None
    split = _chain_steps(value) if isinstance(value, ast.BinOp) else None
    if split is None:
        return None
    base, steps = split
    steps = [(base.op, base.right)] + steps
    start = base.left
    conj = False
    if isinstance(start, ast.Attribute) and start.attr == "T":
        inner = start.value
        if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and not inner.args
                and not inner.keywords and inner.func.attr in ("conj", "conjugate")):
            conj, inner = True, inner.func.value
    else:
        return None
    if not (isinstance(inner, ast.Name) and inner.id == name) or not all(
            type(op) in _OPS and _number_expr(ctx, o) for op, o in steps):
        return None
    lines = ([f"{ctx.np}.conjugate({name}, out={name})"] if conj and t.dtype.startswith("complex") else []) + [
        f"{name} = {name}.T"] + [f"{name} {_OPS[type(op)]}= {ctx.segment(o)}" for op, o in steps]
    return ctx.replace_statement(node, lines)


def _update_rewrite(ctx: _Context, stmt: Statement, t: Temporary, name: str) -> tuple[str | None, str]:
    if not t.in_place_safe:
        turned = _transposed_update(ctx, stmt, t, name)
        if turned is not None:
            return turned, ""
        viewed = _op_on_a_view(ctx, stmt, name, t)
        if viewed is not None:
            return viewed, "view"
        gather = _value(ctx.node_of(stmt))
        while (isinstance(gather, ast.Call) and isinstance(gather.func, ast.Attribute)
               and gather.func.attr in ("reshape", "ravel", "transpose", "squeeze")) or (
                isinstance(gather, ast.Attribute) and gather.attr == "T"):
            gather = gather.func.value if isinstance(gather, ast.Call) else gather.value
        if (gather is not _value(ctx.node_of(stmt)) and isinstance(gather, ast.Subscript)
                and _norm(ctx.segment(gather.value)) == _norm(name)
                and _is_fancy(gather.slice, ctx.namespace, ctx.counters)):
            # mne's ``pvals_corrected = pvals_corrected[sortrevind].reshape(shape_init)``: the gather, not the
            # reshape (a view of its copy), is why the two exist together
            return None, (f"{_code(ctx.segment(gather))} gathers from the old `{name}`, which must stay whole until"
                          " every value is copied, so the two exist together in any form of the line (what follows"
                          " the gather is a view of its copy)")
        # (a boolean selection's length was predicted as if every element were selected: the new shape is the
        # most it could be, not what it was)
        masked = any(o.detail.startswith("boolean mask:") for o in stmt.temporaries)
        reasons = [re.sub(r"the shape changes (\(.*?\)) -> \(.*?\)$",
                          r"the shape changes from \1 (the new length depends on what the mask selects)", r)
                   if masked else r for r in t.unsafe_because]
        return None, ("; ".join(reasons) if reasons else "the predictor could not show the in-place form is safe")
    node = ctx.node_of(stmt)
    target, value = _single_target(node), _value(node)
    held = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
    if (isinstance(held, ast.Attribute) and isinstance(value, ast.BinOp) and type(value.op) in _OPS
            and _norm(ctx.segment(value.left)) == _norm(name)):
        return None, (f"`{name} {_OPS[type(value.op)]}= {ctx.segment(value.right)}` does it when no other code"
                      " holds the same array; an object's array may be shared elsewhere, which the cell does"
                      " not show")
    steps = _steps_onto(ctx, value, name) if isinstance(held, ast.Attribute) else None
    reread = [n for n in ast.walk(value) if isinstance(n, ast.Attribute) and n.attr in ("T", "mT")
              and _norm(ctx.segment(n.value)) == _norm(name)] if isinstance(held, ast.Attribute) and value else []
    if not steps and reread:
        # ``self._C = (self._C + self._C.T) / 2``: the value reads the old array transposed
        return None, (f"the value reads the old `{name}` transposed too ({_code(ctx.segment(reread[0]))}), so updating"
                      " it in place would read elements it had already changed: NumPy copies such an operand first,"
                      " an array as large, so this second array is what symmetrizing it costs")
    if steps:
        # ``self.C = (1 - self.ccov) * self.C + self.ccov * np.outer(pc, pc)``: scaled in place, then the rest added
        return None, (f"{', then '.join(f'`{x}`' for x in steps)} does it when no other code holds the same"
                      " array; an object's array may be shared elsewhere, which the cell does not show")
    if (isinstance(held, ast.Attribute) and isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
            and _root_name(value.func) == ctx.np and value.func.attr in _UNARY_UFUNCS | _BINARY_UFUNCS
            and not value.keywords and any(_norm(ctx.segment(a)) == _norm(name) for a in value.args)
            # (not ``np.maximum(self.invsqrt, self.invsqrt.T)``: the transposed read overlaps the output, which NumPy
            # copies first)
            and not reread):
        # ``self.O = np.maximum(self.U_skew, self.O)``: the ufunc writes into the object's array with ``out=``
        call = ctx.segment(value)[:-1].rstrip() + f", out={name})"
        return None, (f"`{call}` does it when no other code holds the same array; an object's array may be shared"
                      " elsewhere, which the cell does not show")
    if target != name or value is None:
        element = _element_for(node, name)
        if isinstance(element, ast.Subscript) and _root_name(element) == name and _is_fancy(
                element.slice, ctx.namespace, ctx.counters):
            # ``x, y = x[jj, :], y[jj]``: a gather reads the old values to the last one it copies
            return None, (f"{_code(ctx.segment(element))} gathers from the old `{name}`, which must stay whole"
                          " until every value is copied, so the two exist together in any form of the line")
        return None, "the line does not rebind a single name"
    if (isinstance(value, ast.Subscript) and _root_name(value) == name
            and _is_fancy(value.slice, ctx.namespace, ctx.counters)
            and _gathered_in_sorted_order(ctx, node, value, name, t) is None):
        # ``vol_denoised = vol_denoised[idx]``: the same gather, bound to the one name (not a gather in the order
        # of the name's own argsort, which sorting in place gives)
        return None, (f"{_code(ctx.segment(value))} gathers from the old `{name}`, which must stay whole until every"
                      " value is copied, so the two exist together in any form of the line")
    result = stmt.result
    if result is not None and (tuple(result.shape), result.dtype) != (tuple(t.shape), t.dtype):
        return None, "the new value's shape or dtype differs from the old one's"
    if not _local_to_a_function(ctx, node, name) and ctx.shares_memory(name):
        # (a function's own variable is not the session's name of the same spelling)
        return None, f"another array shares `{name}`'s memory and would change too"
    if _aliased_elsewhere(ctx, node, name):
        return None, f"another name in the cell is a view of `{name}`"
    if _escapes(ctx, node, name):
        return None, (f"`{name}` is handed to other code in the cell, which could keep the old"
                      " array and would then see it change")
    if isinstance(value, ast.BinOp) and type(value.op) in _OPS:
        direct = _direct_update(ctx, stmt, node, value, name)
        if direct is not None:
            return direct
    split = _chain_steps(value) if isinstance(value, ast.BinOp) else None
    if split is not None:
        base, steps = split
        acc, other = _accumulator(base, name)
        if acc is not None:
            hoisted, text = _hoisted_reductions(ctx, [other] + [o for _, o in steps], name)
            parts: dict[int, str] = {}
            for i, (_, o) in enumerate([(base.op, other)] + steps):
                # the first step's operand, when a call makes it a new array, is computed before anything is
                # written (``GMST0 -= np.floor(GMST0)``); a view of the name (``raw / raw[0]``) still overlaps it
                made = i == 0 and isinstance(o, ast.Call) and not (
                    isinstance(o.func, ast.Attribute) and (o.func.attr in facts.VIEW_METHODS
                                                           or o.func.attr in facts.VIEW_FUNCTIONS))
                if not made and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(o)) and not hoisted:
                    if not _reads_a_part(ctx, o, name):
                        return None, f"a later step reads `{name}` again after it would have changed"
                    # ``raw = raw / raw[0] * 100``: the row is taken before the first step writes into ``raw``
                    part = ctx.fresh_name(f"{name}_part")
                    view = isinstance(o, (ast.Subscript, ast.Attribute)) or (
                        isinstance(o, ast.Call) and isinstance(o.func, ast.Attribute)
                        and o.func.attr in facts.VIEW_METHODS)
                    hoisted.append(f"{part} = {ctx.segment(o)}{'.copy()' if view else ''}")
                    parts[id(o)] = part
            new = hoisted + [f"{name} {_OPS[type(base.op)]}= {parts.get(id(other)) or text(other)}"]
            new += [f"{name} {_OPS[type(op)]}= {parts.get(id(o)) or text(o)}" for op, o in steps]
            return ctx.replace_statement(node, new), "part" if parts else "hoisted" if hoisted else ""
        steps = _steps_in_place(ctx, value, name)
        if steps:   # ``u = (1 - u**2) ** 2``: each step written into ``u`` with an operator or a ufunc's out=
            return ctx.replace_statement(node, steps), ""
        left = value.left
        scaled = None
        if isinstance(value.op, (ast.Add, ast.Sub)) and isinstance(left, ast.BinOp) and isinstance(left.op, ast.Mult):
            scaled = (left.left if isinstance(left.right, ast.Name) and left.right.id == name else
                      left.right if isinstance(left.left, ast.Name) and left.left.id == name else None)
        if scaled is not None and not any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(scaled)):
            # ``seriesp = (1 - step) * seriesp + step * (cc + np.log1p(step * (seriesp - cc)))``: the other term is
            # computed first, from the old values, then ``seriesp`` is scaled in place and the term added in
            rest = ctx.fresh_name(f"{name}_rest")
            return ctx.replace_statement(node, [f"{rest} = {ctx.segment(value.right)}",
                                                f"{name} *= {ctx.segment(scaled)}",
                                                f"{name} {_OPS[type(value.op)]}= {rest}"]), "term"
        made = stmt.result or next((r for r in stmt.temporaries if r.kind == "result"), None)
        if (isinstance(value.right, ast.Name) and value.right.id == name and type(value.op) in _UFUNC_OF
                and ctx.np is not None and made is not None
                and (tuple(made.shape), made.dtype) == (tuple(t.shape), t.dtype)
                and not any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(value.left))):
            # ``tmp = sig - tmp``: the ufunc writes its result over the right operand, element by element
            return ctx.replace_statement(node, [f"{ctx.np}.{_UFUNC_OF[type(value.op)]}({ctx.segment(value.left)},"
                                                f" {name}, out={name})"]), ""
        lifted = _computed_into(ctx, node, value, name, t, result)
        if lifted is not None:
            return (ctx.replace_statement(node, lifted), "") if isinstance(lifted, list) else (None, lifted)
        return None, f"`{name}` is not the first operand of the arithmetic"
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
            and isinstance(value.func.value, ast.Name) and value.func.value.id == ctx.np
            and not value.keywords and value.args and isinstance(value.args[0], ast.Name)
            and value.args[0].id == name):
        fn = value.func.attr
        others = value.args[1:]
        if not any(isinstance(n, ast.Name) and n.id == name for o in others for n in ast.walk(o)) and (
                (fn in _UNARY_UFUNCS and not others) or (fn in _BINARY_UFUNCS and len(others) == 1)
                or (fn == "clip" and len(others) == 2) or (fn in ("round", "around") and len(others) <= 1)):
            text = ctx.segment(value)
            return ctx.replace_statement(node, [text[:-1].rstrip() + f", out={name})"]), ""
        return None, f"`{ctx.np}.{fn}` is not a function npguard knows to write into `out=` this way"
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Name)
            and value.func.value.id == ctx.np and value.func.attr in _BINARY_UFUNCS and not value.keywords
            and len(value.args) == 2 and isinstance(value.args[1], ast.Name) and value.args[1].id == name
            and not any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(value.args[0]))):
        # ``iam = np.maximum(0, iam)``: the old value is the second operand, and the ufunc writes into it
        text = ctx.segment(value)
        return ctx.replace_statement(node, [text[:-1].rstrip() + f", out={name})"]), ""
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Name)
            and value.func.value.id == name and value.func.attr in _METHODS_WITH_OUT
            and not any(k.arg in ("out", None) for k in value.keywords)
            and not any(isinstance(n, ast.Name) and n.id == name for a in [*value.args, *value.keywords]
                        for n in ast.walk(a))):
        # ``Q = Q.clip(min=1e-100)``, ``data = data.round(decimals=1)``: the array's own method writes into it
        text = ctx.segment(value)
        return ctx.replace_statement(node, [text[:-1].rstrip() + (", " if value.args or value.keywords else "")
                                            + f"out={name})"]), ""
    where = _where_update(ctx, value, name)
    if where is not None:
        return ctx.replace_statement(node, [where]), ""
    steps = _steps_in_place(ctx, value, name) if isinstance(value, ast.Call) else None
    if steps:   # ``K = np.exp(-K)``: ``np.negative(K, out=K)``, then ``np.exp(K, out=K)``
        return ctx.replace_statement(node, steps), ""
    sort = _sorted_in_place(ctx, value, name, result)
    if sort is not None:
        return ctx.replace_statement(node, [sort]), ""
    sort = _gathered_in_sorted_order(ctx, node, value, name, t)
    if sort is not None:
        return ctx.replace_statement(node, [sort]), "sorted"
    if isinstance(value, ast.Call) and any(k.arg == "where" for k in value.keywords) and not any(
            k.arg == "out" for k in value.keywords):
        # ``UA = np.divide(UA, D, where=C)``: the elements the mask leaves out are whatever the new array held;
        # written into ``UA`` they would keep its old values, which no rewrite can claim are the same
        return None, (f"with `where=` and no `out=`, the elements it leaves out are unset in the new array, and"
                      f" written into `{name}` they would keep its old values instead")
    return None, _NOT_ARITHMETIC


def _computed_into(ctx: _Context, node: ast.stmt, value: ast.BinOp, name: str, t: Temporary,
                   result) -> list[str] | str | None:
    """``data = level + np.cumsum(data, axis=1) + e``: one of the first two operands of a sum (or a product)
    is a running sum or a ufunc of the old value, of its shape and dtype; computed into the old array
    (``np.cumsum(data, axis=1, out=data)``), the others are added to it in place, in the line's order (the
    first two operands of a sum swap exactly). A string: why not (the caller's array)."""
    ops, operands = set(), []

    def flatten(e: ast.expr) -> None:
        if isinstance(e, ast.BinOp) and isinstance(e.op, _COMMUTATIVE):
            ops.add(type(e.op))
            flatten(e.left)
            operands.append(e.right)
        else:
            operands.append(e)
    flatten(value)
    reading = [i for i, o in enumerate(operands) if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(o))]
    if len(ops) != 1 or reading not in ([0], [1]) or result is None or t.dtype[:1] not in ("f", "c") \
            or ctx.np is None:
        return None
    call = operands[reading[0]]
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.args
            and not any(k.arg in ("out", "dtype", None) for k in call.keywords)):
        return None
    fn = call.func.attr
    module = isinstance(call.func.value, ast.Name) and call.func.value.id == ctx.np
    on_name = (isinstance(call.args[0], ast.Name) and call.args[0].id == name) if module else (
        isinstance(call.func.value, ast.Name) and call.func.value.id == name)
    rest = call.args[1:] if module else call.args
    axis = [*rest, *(k.value for k in call.keywords if k.arg == "axis")]
    running = fn in ("cumsum", "cumprod") and len(rest) <= 1 and {k.arg for k in call.keywords} <= {"axis"} and (
        len(axis) == 1 or len(t.shape) == 1)
    ufunc = module and fn in _UNARY_UFUNCS and not rest and not call.keywords
    if not on_name or not (running or ufunc) or any(
            isinstance(n, ast.Name) and n.id == name for a in rest for n in ast.walk(a)):
        return None
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is not None and name in _parameters(func) and _last_binding(ctx, node, name) is None:
        return f"`{name}` is the caller's array here, which writing into it would change"
    text = ctx.segment(call)
    # (``np.cumsum(data, axis=1, out=data)``, ``data.cumsum(1, out=data)``, ``np.exp(data, out=data)``)
    first = text[:-1].rstrip() + (", " if call.args or call.keywords else "") + f"out={name})"
    op = _OPS[ops.pop()]
    return [first] + [f"{name} {op}= {ctx.segment(o)}" for i, o in enumerate(operands) if i != reading[0]]


#: Why an update is not rewritten in place when it is neither arithmetic nor a ufunc of the old value.
_NOT_ARITHMETIC = "the update is not arithmetic or a ufunc call on the old value"


def _steps_onto(ctx: _Context, value: ast.expr, name: str) -> list[str] | None:
    """``(1 - c) * self.C + c * np.outer(pc, pc)`` as augmented steps on ``self.C``: the old value is one operand
    of the innermost operator (either side of ``*``/``+``), and every operator above takes the running value as
    its left operand (or either side of ``*``/``+``), with operands that do not read it. None otherwise."""
    def reads(e: ast.expr) -> bool:
        return any(isinstance(n, ast.expr) and _norm(ctx.segment(n)) == _norm(name) for n in ast.walk(e))
    chain, node = [], value
    while isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        if reads(node.left) and not reads(node.right):
            chain.append((node.op, node.right))
            if _norm(ctx.segment(node.left)) == _norm(name):
                return [f"{name} {_OPS[type(op)]}= {ctx.segment(o)}" for op, o in reversed(chain)]
            node = node.left
        elif reads(node.right) and not reads(node.left) and isinstance(node.op, _COMMUTATIVE):
            chain.append((node.op, node.left))
            if _norm(ctx.segment(node.right)) == _norm(name):
                return [f"{name} {_OPS[type(op)]}= {ctx.segment(o)}" for op, o in reversed(chain)]
            node = node.right
        else:
            return None
    return None


def _gathered_in_sorted_order(ctx: _Context, node: ast.stmt, value: ast.expr | None, name: str,
                              t: Temporary) -> str | None:
    """``order = hashable.argsort()`` then ``hashable = hashable[order]`` on a 1-D array: the gather puts the
    values in sorted order, which ``hashable.sort()`` does in place (the same values; ``order`` stays as it
    is for whatever else reads it)."""
    if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name) and value.value.id == name
            and isinstance(value.slice, ast.Name) and len(t.shape) == 1):
        return None
    made = _last_binding(ctx, node, value.slice.id)
    source = _value(made)
    by_method = (isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute)
                 and source.func.attr == "argsort" and isinstance(source.func.value, ast.Name)
                 and source.func.value.id == name and not source.args and not source.keywords)
    by_function = (isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute)
                   and source.func.attr == "argsort" and _root_name(source.func) == ctx.np and ctx.np is not None
                   and len(source.args) == 1 and isinstance(source.args[0], ast.Name)
                   and source.args[0].id == name and not source.keywords)
    rebound = _last_binding(ctx, node, name)
    if not (by_method or by_function) or rebound is not None and rebound.lineno > made.lineno:
        return None   # ``name`` was rebound after its order was taken
    return f"{name}.sort()"


def _sorted_in_place(ctx: _Context, value: ast.expr, name: str, result) -> str | None:
    """``X = np.sort(X)`` (or ``np.sort(X).ravel()`` of a 1-D ``X``): ``X.sort()`` sorts the same array in
    place, with the same arguments (``axis=None``, which flattens, is np.sort's alone)."""
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "ravel"
            and not value.args and not value.keywords and result is not None and len(result.shape) == 1):
        value = value.func.value
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "sort"
            and _root_name(value.func) == ctx.np and value.args and isinstance(value.args[0], ast.Name)
            and value.args[0].id == name and len(value.args) <= 2
            and all(k.arg in ("axis", "kind") for k in value.keywords)):
        return None
    rest = value.args[1:] + [k.value for k in value.keywords]
    if any(isinstance(a, ast.Constant) and a.value is None for a in rest) or any(
            isinstance(n, ast.Name) and n.id == name for a in rest for n in ast.walk(a)):
        return None
    text = ", ".join([ctx.segment(a) for a in value.args[1:]] + [f"{k.arg}={ctx.segment(k.value)}" for k in value.keywords])
    return f"{name}.sort({text})"


def _hoisted_reductions(ctx: _Context, operands: list[ast.expr], name: str):
    """``sn = (sn - sn.mean()) / sn.std()``: where every later read of ``name`` is a reduction (to one
    number, or along an axis: ``V.max(axis=0)``), computing those first (from the old values, as the line
    does) lets the steps run in place. Returns the lines that compute them and how to write an operand with them; no lines
    when some read of ``name`` is not such a reduction."""
    found: dict[str, str] = {}
    for o in operands:
        reads = [n for n in ast.walk(o) if isinstance(n, ast.Name) and n.id == name]
        for n in reads:
            parent = ctx.parents.get(id(n))
            call = ctx.parents.get(id(parent)) if isinstance(parent, ast.Attribute) else parent
            method = (isinstance(parent, ast.Attribute) and parent.attr in facts.REDUCTIONS
                      and isinstance(call, ast.Call) and call.func is parent)
            function = (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.args[:1] == [n]
                        and call.func.attr in facts.REDUCTIONS and ctx.np is not None
                        and _root_name(call.func) == ctx.np)
            options = (call.args[1:] if function else call.args if method else []) + [
                k.value for k in call.keywords] if isinstance(call, ast.Call) else []
            if any(isinstance(m, ast.Name) and m.id == name for opt in options for m in ast.walk(opt)):
                return [], ctx.segment   # ``x.sum(axis=x.ndim - 1)``
            if not (method or function) or call.func.attr.startswith("arg"):
                return [], ctx.segment
            text = ctx.segment(call)
            if text not in found:
                fresh = ctx.fresh_name(f"{name}_{call.func.attr}")
                while fresh in found.values():   # ``x.sum()`` and ``np.sum(x)`` on one line
                    fresh += "_"
                found[text] = fresh
    if not found:
        return [], ctx.segment

    def text(o: ast.expr) -> str:
        out = ctx.segment(o)
        for expr, fresh in found.items():
            out = out.replace(expr, fresh)
        return out

    return [f"{fresh} = {expr}" for expr, fresh in found.items()], text


def _wrapped_by_pandas(ctx: _Context, value: ast.expr | None, name: str) -> str | None:
    """``x = pd.Series(x, index=...)``: a pandas constructor given the old array, which it copies."""
    if not (isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Name)
            and value.args[0].id == name and _pandas_copies()
            and not any(k.arg == "copy" for k in value.keywords)):
        return None
    func = ctx.segment(value.func)
    return func if func.rsplit(".", 1)[-1] in facts.PANDAS_COPYING_CONSTRUCTORS else None


def _where_update(ctx: _Context, value: ast.expr | None, name: str) -> str | None:
    """``x = np.where(bad, 0, x)`` keeps ``x`` where the condition is false: ``np.copyto(x, 0, where=bad)``
    writes only the other elements, with no new array (the same values, when the dtype stays)."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "where"
            and _root_name(value.func) == ctx.np and ctx.np is not None and len(value.args) == 3
            and not value.keywords):
        return None
    cond, a, b = value.args
    if not _boolean(ctx, cond) or not _masks_only(ctx, cond):
        return None
    # the chosen values are computed whole before ``copyto`` writes any (``np.ones_like(result) * 2``)
    if isinstance(b, ast.Name) and b.id == name:
        return f"{ctx.np}.copyto({name}, {ctx.segment(a)}, where={ctx.segment(cond)})"
    if isinstance(a, ast.Name) and a.id == name:
        return f"{ctx.np}.copyto({name}, {ctx.segment(b)}, where={_negated(ctx, cond)})"
    return None


def _masks_only(ctx: _Context, cond: ast.expr) -> bool:
    """The condition builds booleans only: comparisons of names, their elements and numbers, and their
    combinations. Not ``np.abs(denom) < 1e-10``, whose ``np.abs`` makes an array as large as ``denom``: with it, the
    ``copyto`` form peaks as high as the line does."""
    if isinstance(cond, ast.Compare):
        return all(isinstance(o, (ast.Name, ast.Attribute, ast.Subscript, ast.Constant)) or _scalar_expr(ctx, o)
                   for o in (cond.left, *cond.comparators))
    if isinstance(cond, ast.BinOp) and isinstance(cond.op, (ast.BitAnd, ast.BitOr, ast.BitXor)):
        return _masks_only(ctx, cond.left) and _masks_only(ctx, cond.right)
    if isinstance(cond, ast.UnaryOp) and isinstance(cond.op, ast.Invert):
        return _masks_only(ctx, cond.operand)
    if isinstance(cond, ast.Call):
        return all(isinstance(a, (ast.Name, ast.Attribute, ast.Subscript)) or _masks_only(ctx, a) for a in cond.args)
    return isinstance(cond, (ast.Name, ast.Attribute, ast.Subscript))


def _negated(ctx: _Context, cond: ast.expr) -> str:
    """The source of a boolean condition's negation: ``x > 0`` -> ``x <= 0`` where that is exact for
    every value (not for NaN), else ``~(cond)``."""
    if isinstance(cond, ast.UnaryOp) and isinstance(cond.op, ast.Invert):
        return ctx.segment(cond.operand)
    text = ctx.segment(cond)
    return f"~{text}" if isinstance(cond, (ast.Name, ast.Call, ast.Subscript, ast.Attribute)) else f"~({text})"


def _boolean(ctx: _Context, node: ast.expr, depth: int = 0) -> bool:
    """An array of booleans, as far as the cell shows: a comparison, ``&``/``|``/``^``/``~`` of them,
    ``np.isnan(...)`` and the like, or a name bound to one."""
    if isinstance(node, ast.Compare):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr, ast.BitXor)):
        return _boolean(ctx, node.left, depth) and _boolean(ctx, node.right, depth)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        return _boolean(ctx, node.operand, depth)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _root_name(node.func) == ctx.np and (
            node.func.attr in ("isnan", "isfinite", "isinf", "isneginf", "isposinf", "logical_and", "logical_or",
                               "logical_not", "logical_xor", "signbit")):
        return True
    if isinstance(node, ast.Name):
        live = (ctx.namespace or {}).get(node.id)
        if live is not None:
            return getattr(getattr(live, "dtype", None), "kind", None) == "b"
        if depth < 3 and ctx.tree is not None:
            binds = [n.value for n in ast.walk(ctx.tree) if isinstance(n, ast.Assign)
                     and [getattr(t, "id", None) for t in n.targets] == [node.id]]
            return bool(binds) and all(_boolean(ctx, v, depth + 1) for v in binds)
    return False


def _number_expr(ctx: _Context, node: ast.AST) -> bool:
    """A number, or arithmetic and math functions on numbers (``np.sqrt(T) * vola``, ``math.exp(-r * dt)``),
    or one element of a 1-D array the namespace holds (``params[0]``)."""
    if _scalar_expr(ctx, node):
        return True
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Constant)
            and type(node.slice.value) is int and not _local_to_a_function(ctx, node, node.value.id)):
        held = (ctx.namespace or {}).get(node.value.id)
        return getattr(held, "ndim", None) == 1 and hasattr(held, "dtype")
    if isinstance(node, ast.BinOp):
        return _number_expr(ctx, node.left) and _number_expr(ctx, node.right)
    if isinstance(node, ast.UnaryOp):
        return _number_expr(ctx, node.operand)
    return _number_function(ctx, node) and all(_number_expr(ctx, a) for a in node.args)


def _indexed_element(ctx: _Context, stmt: Statement, node: ast.AST) -> bool:
    """``deltas[s]``, ``denom[0]``, ``y[int(t0)]``: one element of an array, indexed by as many whole numbers as it had
    axes when the line ran (a number written out, ``int(...)``, or a name the cell binds only to whole numbers)."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
        return False
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    whole = all(isinstance(i, ast.Constant) and type(i.value) is int
                or isinstance(i, ast.Call) and isinstance(i.func, ast.Name) and i.func.id == "int"
                or isinstance(i, ast.Name) and _counted(ctx, i) and _int_counter(ctx, i) for i in items)
    held = _held_at(ctx, stmt, node.value.id) if whole else None
    return held is not None and len(held[0]) == len(items)


def _int_counter(ctx: _Context, name: ast.Name) -> bool:
    """A counted name that holds whole numbers: every loop that binds it runs over ``range`` or ``enumerate``
    (a loop over ``np.arange`` of floats, or over an array's values, would not)."""
    scope = _enclosing(ctx, name, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) or ctx.tree
    loops = [n for n in _own_nodes(scope) if isinstance(n, (ast.For, ast.AsyncFor))
             and any(isinstance(e, ast.Name) and e.id == name.id for e in ast.walk(n.target))]
    others = [n for n in _own_nodes(scope) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
              and any(isinstance(e, ast.Name) and e.id == name.id for t in getattr(n, "targets", [getattr(n, "target", None)])
                      if t is not None for e in ast.walk(t))]
    return bool(loops) and not others and all(isinstance(n.iter, ast.Call) and isinstance(n.iter.func, ast.Name)
                                              and n.iter.func.id in ("range", "enumerate") for n in loops)


def _number_function(ctx: _Context, node: ast.AST) -> bool:
    """``np.sqrt(T)``, ``math.exp(-r * dt)``: a NumPy or math function called with positional arguments only,
    which gives a number when they are numbers (each caller judges the arguments its own way)."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords and node.args
            and _numpy_function_name(ctx, node.func.id) is not None):
        return True   # qutip's ``sqrt(n)`` with ``from numpy import sqrt``
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
            and node.func.value.id in {ctx.np, "math"} - {None} and not node.keywords and bool(node.args))


def _seeded_steps(ctx: _Context, stmt: Statement, value: ast.expr, target: str) -> list[str] | None:
    """``ST = S0 * np.exp((r - 0.5 * vola**2) * T + np.sqrt(T) * vola * rand)``: the innermost step
    (``np.sqrt(T) * vola * rand``) makes a new array of the result's shape and dtype, and every step after it
    combines that array with numbers only (operators, unary ufuncs, a binary ufunc with a number), so all of
    them can run in place in ``target``: ``ST = np.sqrt(T) * vola * rand``, ``np.add(..., ST, out=ST)``,
    ``np.exp(ST, out=ST)``, ``np.multiply(S0, ST, out=ST)``. The same operations in the same order: the same
    values, bit for bit. None unless the line is exactly this."""
    result = stmt.result
    if ctx.np is None or result is None or any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(value)):
        return None
    np_ = ctx.np

    def held(e: ast.expr) -> bool:
        """An array the line does not own: a name, an attribute, ``np.asarray(x)`` (x itself, or its array)."""
        return isinstance(e, ast.Name) or (isinstance(e, ast.Attribute) and e.attr != "T") or (
            isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and isinstance(e.func.value, ast.Name)
            and e.func.value.id == np_ and e.func.attr in ("asarray", "asanyarray") and len(e.args) == 1
            and not e.keywords and isinstance(e.args[0], ast.Name))

    def seed(expr: ast.expr, here) -> list[str] | None:
        """The first step, which makes the first new array from one the line does not own: it must already
        have the result's shape and dtype."""
        fits = here is not None and (tuple(here.shape), here.dtype) == (tuple(result.shape), result.dtype)
        return [f"{target} = {ctx.segment(expr)}"] if fits else None

    def fits(here) -> bool:
        return here is not None and (tuple(here.shape), here.dtype) == (tuple(result.shape), result.dtype)

    def small(e: ast.expr) -> bool:
        """Operators on names and numbers only, whose arrays are a small fraction of the result."""
        return all(isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.operator, ast.unaryop,
                                  ast.Load)) for n in ast.walk(e)) and all(
            t.nbytes * 8 <= result.nbytes for t in stmt.temporaries
            if t.span is not None and ctx.node_at(t.span) is not None and _inside(e, ctx.node_at(t.span)))

    def walk(expr: ast.expr) -> list[str] | None:
        here = next((t for t in stmt.temporaries if t.span == _span_of(expr)), None)
        if isinstance(expr, ast.BinOp) and type(expr.op) in _UFUNC_OF:
            left, right = _number_expr(ctx, expr.left), _number_expr(ctx, expr.right)
            if left and right:
                return None
            if not left and not right:
                # ``term1 + term2``: two arrays the line does not own make the first new one; ``GMST0 + <chain>``:
                # the chain's array takes the held one in, in the same operand order
                if held(expr.left) and held(expr.right):
                    return seed(expr, here)
                if fits(here) and all(held(e) or small(e) for e in (expr.left, expr.right)):
                    return seed(expr, here)   # ``2 ** k * x``: a small array broadcast against one the line reads
                if not held(expr.left) and not held(expr.right) and small(expr.right) and fits(here):
                    # ``np.round(2 ** k * x) * (2.0 ** (-k))``: a small factor from names and numbers, broadcast
                    # into the running array, which keeps the result's shape and dtype
                    steps = walk(expr.left)
                    return None if steps is None else steps + [
                        f"{np_}.{_UFUNC_OF[type(expr.op)]}({target}, {ctx.segment(expr.right)}, out={target})"]
                if held(expr.left) == held(expr.right):
                    return None
                inner, other = (expr.right, expr.left) if held(expr.left) else (expr.left, expr.right)
                steps = walk(inner)
                if steps is None:
                    return None
                pair = f"{target}, {ctx.segment(other)}" if inner is expr.left else f"{ctx.segment(other)}, {target}"
                return steps + [f"{np_}.{_UFUNC_OF[type(expr.op)]}({pair}, out={target})"]
            inner, other = (expr.right, expr.left) if left else (expr.left, expr.right)
            if held(inner):   # ``np.asarray(x) - mean``
                return seed(expr, here)
            steps = walk(inner)
            if steps is None:
                return None
            if inner is expr.left:
                return steps + [f"{target} {_OPS[type(expr.op)]}= {ctx.segment(other)}"]
            return steps + [f"{np_}.{_UFUNC_OF[type(expr.op)]}({ctx.segment(other)}, {target}, out={target})"]
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
            if held(expr.operand):   # ``-x`` in ``c + (1-c) / (1 + np.exp(-x))``
                return seed(expr, here)
            steps = walk(expr.operand)
            return None if steps is None else steps + [f"{np_}.negative({target}, out={target})"]
        if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and isinstance(expr.func.value, ast.Name)
                and expr.func.value.id == np_ and expr.func.attr in facts.REDUCTIONS and here is not None
                and (tuple(here.shape), here.dtype) == (tuple(result.shape), result.dtype) and here.kind != "result"
                and len(result.shape) > 0   # a reduction to one number is a NumPy scalar, not an array
                # and the arrays it saves are the line's: not ``-np.sum(<a large chain>, axis=1)``
                and 2 * here.nbytes >= max((t.nbytes for t in stmt.temporaries if not t.elided), default=0)):
            # ``np.sum(d, axis=-1)`` in ``np.exp(-0.5 * np.sum(d, axis=-1))``: the reduction is a new array
            return [f"{target} = {ctx.segment(expr)}"]
        if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
                and expr.func.attr in ("accumulate", "outer")
                and isinstance(expr.func.value, ast.Attribute) and isinstance(expr.func.value.value, ast.Name)
                and expr.func.value.value.id == np_ and here is not None and not here.elided):
            # ``np.maximum.accumulate(equity)`` in ``1 - equity / np.maximum.accumulate(equity)``: the running
            # values (or ``np.subtract.outer``'s pairs) are a new array, which the steps after it can be written into
            return seed(expr, here)
        if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and isinstance(expr.func.value, ast.Name)
                and expr.func.value.id == np_ and not expr.keywords):
            fn, args = expr.func.attr, expr.args
            # (``np.round(x)``, no ufunc, rounds into ``out=`` the same way)
            if (fn in _UNARY_UFUNCS or fn in ("round", "around")) and len(args) == 1:
                if held(args[0]):   # ``np.exp(x)``: a new array of x's shape
                    return seed(expr, here)
                steps = walk(args[0])
                return None if steps is None else steps + [f"{np_}.{fn}({target}, out={target})"]
            if fn in _BINARY_UFUNCS and len(args) == 2 and _number_expr(ctx, args[0]) != _number_expr(ctx, args[1]):
                first = not _number_expr(ctx, args[0])
                steps = walk(args[0] if first else args[1])
                if steps is None:
                    return None
                pair = (f"{target}, {ctx.segment(args[1])}" if first else f"{ctx.segment(args[0])}, {target}")
                return steps + [f"{np_}.{fn}({pair}, out={target})"]
        return None

    steps = walk(value)
    return steps if steps is not None and len(steps) > 1 else None


def _whole_reduction(ctx: _Context, node: ast.expr, name: str) -> bool:
    """``y.max()``, ``np.sum(y)``: the array ``name`` reduced over every axis to one number."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in facts.REDUCTIONS
            and not node.keywords):
        return False
    if isinstance(node.func.value, ast.Name) and node.func.value.id == name and not node.args:
        return True
    return (ctx.np is not None and isinstance(node.func.value, ast.Name) and node.func.value.id == ctx.np
            and len(node.args) == 1 and isinstance(node.args[0], ast.Name) and node.args[0].id == name)


def _steps_in_place(ctx: _Context, expr: ast.expr, name: str) -> list[str] | None:
    """The statements that turn ``name``'s array into ``expr``'s value in place, when ``expr`` reads
    ``name`` once and every other operand is a number: ``(1 - u**2) ** 2`` is ``u **= 2``,
    ``np.subtract(1, u, out=u)``, ``u **= 2`` (the same steps in the same order, so the same values)."""
    def reads(node: ast.expr) -> bool:
        return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))

    if ctx.np is None:
        return None
    if isinstance(expr, ast.Name):
        return [] if expr.id == name else None
    if isinstance(expr, ast.BinOp) and type(expr.op) in _UFUNC_OF:
        # ``y = y.max() - y``: a reduction of the name to one number, computed before the one step writes into it
        for inner, other in ((expr.left, expr.right), (expr.right, expr.left)):
            if isinstance(inner, ast.Name) and inner.id == name and _whole_reduction(ctx, other, name):
                if inner is expr.left:
                    return [f"{name} {_OPS[type(expr.op)]}= {ctx.segment(other)}"]
                return [f"{ctx.np}.{_UFUNC_OF[type(expr.op)]}({ctx.segment(other)}, {name}, out={name})"]
    if isinstance(expr, ast.BinOp) and type(expr.op) in _UFUNC_OF and reads(expr.left) != reads(expr.right):
        inner, other = (expr.left, expr.right) if reads(expr.left) else (expr.right, expr.left)
        steps = _steps_in_place(ctx, inner, name) if _is_scalar(ctx, other) else None
        if steps is None:
            return None
        if inner is expr.left:
            return steps + [f"{name} {_OPS[type(expr.op)]}= {ctx.segment(other)}"]
        return steps + [f"{ctx.np}.{_UFUNC_OF[type(expr.op)]}({ctx.segment(other)}, {name}, out={name})"]
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        steps = _steps_in_place(ctx, expr.operand, name)
        return None if steps is None else steps + [f"{ctx.np}.negative({name}, out={name})"]
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and _root_name(expr.func) == ctx.np
            and expr.func.attr in _UNARY_UFUNCS and len(expr.args) == 1 and not expr.keywords):
        steps = _steps_in_place(ctx, expr.args[0], name)
        return None if steps is None else steps + [f"{ctx.np}.{expr.func.attr}({name}, out={name})"]
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and _root_name(expr.func) == ctx.np
            and expr.func.attr in _BINARY_UFUNCS and len(expr.args) == 2 and not expr.keywords
            and reads(expr.args[0]) != reads(expr.args[1])):
        # ``D = np.sqrt(np.maximum(D, 0))``: ``np.maximum(D, 0, out=D)``, then ``np.sqrt(D, out=D)``
        first = reads(expr.args[0])
        inner, other = (expr.args[0], expr.args[1]) if first else (expr.args[1], expr.args[0])
        steps = _steps_in_place(ctx, inner, name) if _is_scalar(ctx, other) else None
        if steps is None:
            return None
        pair = f"{name}, {ctx.segment(other)}" if first else f"{ctx.segment(other)}, {name}"
        return steps + [f"{ctx.np}.{expr.func.attr}({pair}, out={name})"]
    return None


def _inner_product_of(ctx: _Context, stmt: Statement, node: ast.expr) -> bool:
    """``sqrt(deltay @ deltay)`` with ``deltay`` 1-D (as the line's result is): an inner product, a number
    computed whole before anything is written, through ufuncs of it too."""
    while (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords
           and _is_ufunc(_numpy_function_name(ctx, ctx.segment(node.func)) or ctx.segment(node.func))):
        node = node.args[0]
    if stmt.result is None or len(stmt.result.shape) != 1:
        return False
    pair = ((node.left, node.right) if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult) else
            tuple(node.args) if isinstance(node, ast.Call) and len(node.args) == 2 and not node.keywords
            and ctx.np is not None and ctx.segment(node.func) == f"{ctx.np}.dot" else ())
    return len(pair) == 2 and all(isinstance(a, ast.Name) for a in pair) and pair[0].id == pair[1].id


def _direct_update(ctx: _Context, stmt: Statement, node: ast.stmt, value: ast.BinOp,
                   name: str) -> tuple[str | None, str] | None:
    """``x = x + <operand>`` (or ``<operand> + x``): the update is ``x += <operand>``, which saves
    nothing when the operand is itself a full-size temporary. None: not this shape."""
    if isinstance(value.left, ast.Name) and value.left.id == name:
        other = value.right
    elif (isinstance(value.op, _COMMUTATIVE) and isinstance(value.right, ast.Name)
          and value.right.id == name):
        other = value.left
    else:
        return None
    update = f"{name} {_OPS[type(value.op)]}= {ctx.segment(other)}"
    # ``x - x.mean(axis=0)``, ``pdf / sum(pdf)``: computed whole before ``-=`` writes anything
    reduced = isinstance(other, ast.Call) and (
        isinstance(other.func, ast.Attribute) and other.func.attr in facts.REDUCTIONS
        and (not isinstance(other.func.value, ast.Name) or other.func.value.id != "math")
        or isinstance(other.func, ast.Name) and other.func.id in ("sum", "min", "max", "len")
        and _builtin_or_numpy(ctx, other.func.id))
    reduced = reduced or _inner_product_of(ctx, stmt, other)
    first: list[str] = []
    # ``dist = dist * dist``: the operand is the array itself, read and written element by element at the same
    # place, which NumPy does exactly (no overlap copy); ``y / np.real(y[int(t0)])``: one element, read first
    itself = isinstance(other, ast.Name) and other.id == name or _one_element_of(ctx, stmt, other, name)
    if not reduced and not itself and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(other)):
        if not _reads_a_part(ctx, other, name):
            return None, f"the operand reads `{name}` again"
        # ``V = V / V[:, 3].reshape(-1, 1)``: the column is taken first, so writing into ``V`` cannot change
        # what the operand holds (NumPy would otherwise copy the overlapping operand at full size)
        part = ctx.fresh_name(f"{name}_part")
        view = isinstance(other, (ast.Subscript, ast.Attribute)) or (
            isinstance(other, ast.Call) and isinstance(other.func, ast.Attribute) and other.func.attr in facts.VIEW_METHODS)
        first = [f"{part} = {ctx.segment(other)}{'.copy()' if view else ''}"]
        update = f"{name} {_OPS[type(value.op)]}= {part}"
    size = stmt.result.nbytes if stmt.result is not None else 0
    for t in stmt.temporaries:
        if (t.kind != "out-of-place-update" and t.nbytes >= max(MIN_ARRAY_BYTES, size // 2)
                and _find(other, t.expr) is not None):
            return None, (f"`{update}` would still build {_code(ctx.segment(other))} whole and peak as high;"
                          f" only applying that operand's own steps to `{name}` one at a time would not")
    return ctx.replace_statement(node, first + [update]), "part" if first else ""


def _array_operand(ctx: _Context, expr: ast.AST, n: ast.AST) -> bool:
    """``n`` reaches ``expr``'s value only through arithmetic operators (an operand of an operand), so where ``n``
    is an array, so is the value."""
    p = ctx.parents.get(id(n))
    while p is not None and p is not expr:
        if not isinstance(p, (ast.BinOp, ast.UnaryOp)):
            return False
        p = ctx.parents.get(id(p))
    return p is expr or n is expr


def _power_shortcut(ctx: _Context, node: ast.AST) -> bool:
    """``dt**j`` on NumPy 1.x, whose ``**`` computes exponents 1 and 2 (and -1, 0.5) by shortcuts that
    ``np.power`` does not take: written as ``np.power(..., out=)`` the values may differ in the last bit, unless
    the exponent is a number written out that takes no shortcut."""
    import numpy

    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow)) or numpy.lib.NumpyVersion(
            numpy.__version__) >= "2.0.0":
        return False
    value = node.right.value if isinstance(node.right, ast.Constant) else None
    return not (isinstance(value, (int, float)) and value not in (1, 2, -1, 0.5))


def _one_element_of(ctx: _Context, stmt: Statement, e: ast.expr, name: str) -> bool:
    """``np.real(y[int(t0)])``, ``y[0]``: one element of the array ``name`` (through a function of one number),
    a number computed before anything is written."""
    while (isinstance(e, ast.Call) and len(e.args) == 1 and not e.keywords
           and (isinstance(e.func, ast.Name) and e.func.id in ("abs", "float", "complex")
                or isinstance(e.func, ast.Attribute) and _root_name(e.func) == ctx.np
                and e.func.attr in ("real", "imag", "abs", "absolute", "conj", "conjugate"))):
        e = e.args[0]
    return isinstance(e, ast.Subscript) and _root_name(e) == name and _indexed_element(ctx, stmt, e)


def _builtin_or_numpy(ctx: _Context, name: str) -> bool:
    """``sum`` is Python's own, or NumPy's after ``from numpy import *``: either reduces its argument whole."""
    import builtins

    held = (ctx.namespace or {}).get(name)
    return held is None or held is getattr(builtins, name, None) or getattr(held, "__module__", "") == "numpy"


def _reads_a_part(ctx: _Context, operand: ast.expr, name: str) -> bool:
    """Whether every read of ``name`` in ``operand`` takes a part of it with an integer index
    (``V[:, 3]``, ``x[0]``): a dimension fewer, so the part is far smaller than the whole."""
    for n in ast.walk(operand):
        if isinstance(n, ast.Name) and n.id == name:
            sub = ctx.parents.get(id(n))
            if not (isinstance(sub, ast.Subscript) and sub.value is n):
                return False
            index = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
            if not any(isinstance(i, ast.Constant) and type(i.value) is int
                       or isinstance(i, ast.UnaryOp) and isinstance(i.operand, ast.Constant) for i in index):
                return False
    return True


def _accumulator(base: ast.BinOp, name: str) -> tuple[ast.expr | None, ast.expr | None]:
    if isinstance(base.left, ast.Name) and base.left.id == name:
        return base.left, base.right
    if isinstance(base.op, _COMMUTATIVE) and isinstance(base.right, ast.Name) and base.right.id == name:
        return base.right, base.left
    return None, None


def _may_have_seen(ctx: _Context, node: ast.stmt | None, name: str) -> list[ast.AST]:
    """The code that may hold the array ``name`` has when ``node`` runs: what runs in the same scope
    after ``name`` was last bound before ``node`` (code after the line sees the new array, and code
    before that binding saw another), and everything in a loop around ``node``. The whole cell
    when the place cannot be told."""
    if ctx.tree is None or node is None:
        return list(ast.walk(ctx.tree)) if ctx.tree is not None else []
    scope = ctx.tree
    for f in ast.walk(ctx.tree):
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.lineno < node.lineno <= f.end_lineno:
            scope = f if scope is ctx.tree or f.lineno > scope.lineno else scope
    body = [n for n in ast.walk(scope) if isinstance(n, ast.stmt) and n is not scope]
    bindings = [n for n in body if isinstance(n, ast.Assign) and n.end_lineno < node.lineno
                and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
    start = max((n.lineno for n in bindings), default=0)
    seen = [n for n in body if start <= n.lineno < node.lineno and not isinstance(n, (ast.For, ast.While, ast.If,
                                                                                      ast.With, ast.Try))]
    ifs = [n for n in ast.walk(scope) if isinstance(n, ast.If) and _inside(n, node)]
    seen = [n for n in seen if not _other_branch(ifs, node, n)]   # ``if a: f = f[512:]`` / ``else: f -= b``
    loops = [n for n in ast.walk(scope) if isinstance(n, (ast.For, ast.While)) and _inside(n, node)]
    if loops:   # the passes before this one ran the whole loop body
        seen += [n for n in ast.walk(loops[0]) if isinstance(n, ast.stmt) and n is not node]
    skipped = set(map(id, ast.walk(node)))
    if not loops:
        # ``result = detrend_mean(result, axis=0)``: the binding's own value ran on the array before it
        skipped |= {id(n) for b in bindings if b.lineno == start for n in ast.walk(b.value)}
    found = [n for s in seen for n in ast.walk(s) if id(n) not in skipped]
    if start == 0 and isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and name in _parameters(scope):
        found.append(ast.Return(value=ast.Name(id=name, ctx=ast.Load())))   # the caller's array: it holds it
    return found


#: NumPy functions whose result is always a new array (never a view of an argument).
_NEW_ARRAY_FUNCS = frozenset({"zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like", "full_like",
                              "array", "copy", "arange", "linspace", "sort", "cumsum", "cumprod", "where", "dot",
                              "matmul", "concatenate", "stack", "vstack", "hstack", "outer", "tile", "repeat",
                              "diff"})


def _fresh(ctx: _Context, value: ast.expr, depth: int = 0) -> bool:
    """``value`` always makes a new array of its own (an operator, a ufunc, a copy, a function of the cell that
    returns one), never a view."""
    if isinstance(value, (ast.BinOp, ast.Compare)) or isinstance(value, ast.UnaryOp) and not isinstance(
            value.op, ast.Not):
        return True
    if not isinstance(value, ast.Call) or any(k.arg in ("out", "copy") for k in value.keywords):
        return False
    f = value.func
    if isinstance(f, ast.Attribute) and _root_name(f) == ctx.np and ctx.np is not None and isinstance(f.value, ast.Name):
        return f.attr in _NEW_ARRAY_FUNCS | _UNARY_UFUNCS | _BINARY_UFUNCS
    if isinstance(f, ast.Attribute) and f.attr in ("copy", "astype"):
        return True
    return _returns_fresh(ctx, value, depth)


def _returns_fresh(ctx: _Context, call: ast.Call, depth: int = 0) -> bool:
    """``calc_betaq(beta)``, a function of the cell each of whose ``return``s hands back a new array: an operator's
    result, or a local bound once before it to one (``betaq = np.zeros(mask.shape)``, filled, then returned)."""
    func = _defined_function(ctx, ctx.segment(call.func)) if depth < 3 else None
    returns = [n for n in _own_nodes(func) if isinstance(n, ast.Return)] if func is not None else []
    if not returns:
        return False
    own = list(_own_nodes(func))
    for r in returns:
        value = r.value
        if isinstance(value, ast.Name):
            bound = [n for n in own if isinstance(n, ast.stmt) and _single_target(n) == value.id]
            stored = [n for n in own if isinstance(n, ast.Name) and n.id == value.id and isinstance(n.ctx, ast.Store)]
            if len(bound) != 1 or len(stored) != 1:
                return False
            value = bound[0].value
        if value is None or not _fresh(ctx, value, depth + 1):
            return False
    return True


def _free_to_reuse(ctx: _Context, node: ast.stmt | None, name: str) -> bool:
    """``name`` is a function's own variable, bound before ``node`` to a new array (not the caller's, not a
    view), not handed on or aliased since, and nothing reads it after ``node``: its memory can take one of
    the line's steps with no one to see the change."""
    if ctx.tree is None or node is None:
        return False
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is None:
        return False   # a name of the session lives on after the cell
    if name in _parameters(func) or any(isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names
                                        for n in ast.walk(func)):
        return False
    if any(isinstance(n, (ast.For, ast.While)) and _inside(n, node) and n is not node for n in ast.walk(func)):
        return False   # a later pass reads it again
    if any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and n is not func
           and any(isinstance(m, ast.Name) and m.id == name for m in ast.walk(n))
           and not (name in _parameters(n) or any(isinstance(m, ast.Name) and m.id == name
                                                   and isinstance(m.ctx, ast.Store) for m in ast.walk(n)))
           for n in ast.walk(func)):
        return False   # a closure may read it (not a nested function's own variable spelled alike)
    stores = [n for n in ast.walk(func) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
              and n.lineno < node.lineno]
    binds = [n for n in ast.walk(func) if isinstance(n, ast.Assign) and n.end_lineno < node.lineno
             and [getattr(t, "id", None) for t in n.targets] == [name]]
    if not binds:
        return False
    last = max(binds, key=lambda n: n.lineno)
    if not _fresh(ctx, last.value) or any(n.lineno > last.lineno for n in stores):
        return False
    # reads after a later binding of the name in the same block see another array (``betaq = calc_betaq(beta)``)
    block = next((b for p in ast.walk(func) for b in (getattr(p, f, None) for f in ("body", "orelse", "finalbody"))
                  if isinstance(b, list) and any(x is node for x in b)), [])
    rebound = min((x.lineno for x in block if x.lineno > node.end_lineno and _single_target(x) == name
                   and not any(isinstance(m, ast.Name) and m.id == name for m in ast.walk(x.value))),
                  default=None)
    if any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) and n.lineno > node.end_lineno
           and (rebound is None or n.lineno < rebound) for n in ast.walk(func)):
        return False
    return not _aliased_elsewhere(ctx, node, name) and not _escapes(ctx, node, name)


def _other_branch(ifs: list[ast.If], a: ast.AST, b: ast.AST) -> bool:
    """``a`` and ``b`` sit in the two branches of one ``if``: in one pass only one of them runs."""
    for i in ifs:
        a_body, b_body = any(_inside(s, a) for s in i.body), any(_inside(s, b) for s in i.body)
        a_else, b_else = any(_inside(s, a) for s in i.orelse), any(_inside(s, b) for s in i.orelse)
        if (a_body and b_else) or (a_else and b_body):
            return True
    return False


def _escapes(ctx: _Context, node: ast.stmt | None, name: str) -> bool:
    """``name`` is passed to code that might keep it (``hist.append(x)``), or returned, while it
    holds the array the line would update."""
    if ctx.tree is None:
        return True
    loops = [n for n in ast.walk(ctx.tree) if isinstance(n, (ast.For, ast.While)) and node is not None
             and _inside(n, node)]
    for other in _may_have_seen(ctx, node, name):
        if isinstance(other, ast.Call) and not ctx._pure(other.func):
            f = other.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == name:
                continue   # ``t.clip(0, None, out=t)``: the array's own method keeps no reference to it
            if isinstance(f, ast.Attribute) and ctx.np is not None and _root_name(f) == ctx.np:
                continue   # ``np.fill_diagonal(Q, 0.0)``: NumPy's own function writes into it, and keeps nothing
            args = list(other.args) + [k.value for k in other.keywords]
            if any(_aliases(a.value if isinstance(a, ast.Starred) else a, name) for a in args) and not _result_only(
                    ctx, other, node) and not _callee_lets_go(ctx, other, name):
                return True
        if isinstance(other, (ast.Return, ast.Yield, ast.YieldFrom)) and other.value is not None:
            # (a parameter's caller, standing as a ``return`` with no line, holds the array whatever runs)
            if (isinstance(other, ast.Return) and node is not None and hasattr(other, "lineno")
                    and other.lineno < node.lineno and not loops
                    and _same_function(ctx, other, node)):
                continue   # an earlier ``return signals``: when it runs, this line does not
            if _aliases(other.value, name):
                return True
    return False


def _defined_function(ctx: _Context, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The one ``def`` of the cell that calling ``name`` runs (a function, or a method of the cell's class);
    None where it is not the cell's, or may be one of several."""
    lines = _def_lines(ctx, name)
    spans = re.fullmatch(r"lines (\d+)-(\d+)", lines or "")
    return next((n for n in ast.walk(ctx.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and (n.lineno, n.end_lineno) == (int(spans.group(1)), int(spans.group(2)))), None) \
        if spans is not None and ctx.tree is not None else None


def _bound_through_views(ctx: _Context, stmt: Statement, node: ast.AST) -> bool:
    """The line binds (or returns) ``node``'s value itself or a view of it (``split_signal(...).T``)."""
    line = ctx.node_of(stmt)
    value = line.value if isinstance(line, ast.Return) else _value(line) if _single_target(line) else None
    while value is not node and (isinstance(value, ast.Attribute) and value.attr in facts.VIEW_METHODS or isinstance(
            value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in facts.VIEW_METHODS):
        value = value.value if isinstance(value, ast.Attribute) else value.func.value
    return value is node


def _returns_a_view_of_argument(ctx: _Context, call: ast.Call, arg: ast.AST | None) -> bool:
    """``split_signal(np.cumsum(sig), n)`` with the cell's ``split_signal`` returning ``np.reshape(sig[:m], ...)``:
    every ``return`` of the function hands back a view of the parameter ``arg`` is given to."""
    func = _defined_function(ctx, ctx.segment(call.func)) if arg is not None else None
    if func is None or arg not in call.args:
        return False
    params = [a.arg for a in func.args.posonlyargs + func.args.args]
    if isinstance(call.func, ast.Attribute) and params and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list):
        params = params[1:]   # ``obj.method(x)``: the object is ``self``
    position = call.args.index(arg)
    if position >= len(params):
        return False
    param = params[position]
    own = list(_own_nodes(func))
    # (rebound only to views of itself, ``array = np.asarray(array)``, it still holds the caller's memory)
    if any(isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.With, ast.NamedExpr))
           and any(isinstance(t, ast.Name) and t.id == param and isinstance(t.ctx, ast.Store) for t in ast.walk(n))
           and not (isinstance(n, ast.Assign) and _aliases(n.value, param)) for n in own):
        return False
    returns = [n for n in own if isinstance(n, ast.Return)]

    def view(value: ast.AST | None, depth: int = 0) -> bool:
        if isinstance(value, ast.Name) and value.id != param and depth < 3:
            bound = [n for n in own if _single_target(n) == value.id]
            return len(bound) == 1 and view(bound[0].value, depth + 1)
        return value is not None and _aliases(value, param)
    return bool(returns) and all(view(r.value) for r in returns)


def _stored_by_constructor(ctx: _Context, call: ast.Call, arg: ast.AST | None) -> bool:
    """``Quaternion(np.cos(angle / 2), p__)`` with the cell's ``Quaternion.__init__`` storing ``self.__w =
    scalar.ravel()``: the new object holds the argument (or a view of it), which outlives the call."""
    classes = _cell_classes(ctx)
    if not (isinstance(call.func, ast.Name) and call.func.id in classes and arg is not None and arg in call.args):
        return False
    init = _method_of(classes, call.func.id, "__init__")
    params = [a.arg for a in init.args.posonlyargs + init.args.args][1:] if init is not None else []
    position = call.args.index(arg)
    if position >= len(params):
        return False
    param = params[position]
    own = list(_own_nodes(init))
    if any(isinstance(t, ast.Name) and t.id == param and isinstance(t.ctx, ast.Store) for n in own
           for t in ast.walk(n)):
        return False   # rebound in ``__init__``: what it stores may be another array
    return any(isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                                                 and t.value.id == "self" for t in n.targets)
               and _aliases(n.value, param) for n in own)


def _callee_lets_go(ctx: _Context, call: ast.Call, name: str) -> bool:
    """``eigval, eigvec = est._get_pca(corr)`` with ``_get_pca`` the cell's own: the parameter ``corr`` is given to
    is only read there (NumPy's functions, operators, items and attributes read), never stored, returned,
    rebound to another name or handed to other code, so nothing keeps the array once the call returns."""
    if ctx.tree is None or any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None
                                                                                   for k in call.keywords):
        return False
    func = _defined_function(ctx, ctx.segment(call.func))
    if func is None:
        return False
    params = [a.arg for a in func.args.posonlyargs + func.args.args]
    if isinstance(call.func, ast.Attribute) and params and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list):
        params = params[1:]   # ``obj.method(corr)``: the object is ``self``
    given = [p for p, a in zip(params, call.args) if _aliases(a, name)]
    given += [k.arg for k in call.keywords if _aliases(k.value, name) and k.arg in params]
    if len(given) != 1:
        return False
    param = given[0]
    parents = {id(c): n for n in ast.walk(func) for c in ast.iter_child_nodes(n)}
    for use in (n for n in ast.walk(func) if isinstance(n, ast.Name) and n.id == param):
        up = parents.get(id(use))
        if isinstance(use.ctx, ast.Store):
            continue   # rebound: the name lets the caller's array go
        if isinstance(up, (ast.BinOp, ast.UnaryOp, ast.Compare)) or (
                isinstance(up, (ast.Subscript, ast.Attribute)) and up.value is use
                and isinstance(getattr(up, "ctx", None), ast.Load)
                and not (isinstance(up, ast.Attribute) and isinstance(parents.get(id(up)), ast.Call))):
            continue   # read: ``hermit_matrix.shape``, ``corr[0]``, ``corr * 2``
        if (isinstance(up, ast.Call) and use in up.args and isinstance(up.func, ast.Attribute)
                and ctx.np is not None and _root_name(up.func) == ctx.np):
            continue   # ``np.linalg.eigh(hermit_matrix)``: NumPy reads it and keeps nothing
        if isinstance(up, ast.Call) and isinstance(up.func, ast.Name) and up.func.id in ("len", "isinstance"):
            continue
        return False
    return True


def _result_only(ctx: _Context, call: ast.Call, node: ast.stmt | None) -> bool:
    """``mean = st.circmean(ary)``: a module's function whose value is only bound to names nothing reads
    after ``node``. Were that value ``ary`` itself, no later code would see it change."""
    f = call.func
    root = _root_name(f) if isinstance(f, ast.Attribute) else None
    if node is None or not (isinstance(f, ast.Name) and f.id not in _MUTATORS or root is not None and isinstance(
            (ctx.namespace or {}).get(root), types.ModuleType)):
        return False
    stmt, child = ctx.parents.get(id(call)), call
    while isinstance(stmt, (ast.BinOp, ast.UnaryOp, ast.Compare)):
        stmt, child = ctx.parents.get(id(stmt)), stmt
    if not (isinstance(stmt, ast.Assign) and stmt.value is child
            and all(isinstance(t, (ast.Name, ast.Tuple)) for t in stmt.targets)):
        return False
    bound = {n.id for t in stmt.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    if any(isinstance(n, (ast.For, ast.While)) and _inside(n, node) for n in ast.walk(scope)):
        return False   # a later pass may read the value before it is bound again
    return not any(isinstance(n, ast.Name) and n.id in bound and isinstance(n.ctx, ast.Load)
                   and n.lineno > node.end_lineno for n in ast.walk(scope))


def _same_function(ctx: _Context, a: ast.AST, b: ast.AST) -> bool:
    """``a`` and ``b`` belong to the same function body (not a function defined inside it)."""
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    return _enclosing(ctx, a, kinds) is _enclosing(ctx, b, kinds)


def _enclosing(ctx: _Context, node: ast.AST | None, kinds) -> ast.AST | None:
    """The nearest node around ``node`` (itself excluded) of one of ``kinds``: its statement, its function."""
    p = ctx.parents.get(id(node)) if node is not None else None
    while p is not None and not isinstance(p, kinds):
        p = ctx.parents.get(id(p))
    return p


def _aliased_elsewhere(ctx: _Context, node: ast.stmt | None, name: str) -> bool:
    """Another statement binds a view of ``name`` (``y = x``, ``y = x[:10]``, ``y = x.T``)."""
    if ctx.tree is None:
        return True
    for other in _may_have_seen(ctx, node, name):
        if other is node or not isinstance(other, (ast.Assign, ast.AnnAssign)):
            continue
        if _scope_of(ctx, other, name) not in (None, _scope_of(ctx, node, name)):
            continue   # another function's own variable spelled alike (``filtered_state_means`` inside ``_filter``)
        targets = other.targets if isinstance(other, ast.Assign) else [other.target]
        if all(_array_slot(ctx, t) for t in targets):
            continue   # ``out[:len(x)] = x``: the store copies the values
        if other.value is not None and _aliases(other.value, name) and not all(
                isinstance(t, ast.Name) and t.id == name for t in targets) and not _rebound_between(
                ctx, other, node, targets):
            return True
    return False


def _rebound_between(ctx: _Context, alias: ast.stmt, node: ast.stmt | None, targets: list[ast.expr]) -> bool:
    """``tmp2 = tmp[1:]``, then ``tmp2 = np.append(tmp2, [0])``, then ``node``, one after another in one block:
    the view's name holds a new array by the time ``node`` runs."""
    block = next((b for b in _blocks(ctx.parents.get(id(alias))) if any(s is alias for s in b)), None)
    if node is None or block is None or len(targets) != 1 or not isinstance(targets[0], ast.Name):
        return False
    at = next((i for i, s in enumerate(block) if s is alias), None)
    here = next((i for i, s in enumerate(block) if any(n is node for n in ast.walk(s))), None)
    if at is None or here is None or here <= at:
        return False
    view = targets[0].id
    return any(isinstance(s, ast.Assign) and _single_target(s) == view and not _keeps_old(s.value)
               for s in block[at + 1:here])


def _blocks(parent: ast.AST | None) -> list[list[ast.stmt]]:
    """The statement lists of ``parent`` (a function's body, a loop's body and else, an if's two sides)."""
    if parent is None:
        return []
    return [getattr(parent, f) for f in ("body", "orelse", "finalbody") if isinstance(getattr(parent, f, None), list)]


# --------------------------------------------------------------------------- inside-call


def _svd_dropped(ctx: _Context, stmt: Statement, call: CallSite | None, nbytes: int) -> Finding | None:
    """``_, s, _ = np.linalg.svd(X)``, ``np.linalg.svd(A)[-1]``: svd makes U, s and Vh together, and the line
    lets go of the factors it does not keep; where only ``s`` is kept, ``compute_uv=False`` makes none of them."""
    node = ctx.node_at(call.span) if call is not None and call.numpy and _short(call) == "linalg.svd" else None
    if not isinstance(node, ast.Call) or not node.args or any(k.arg == "compute_uv" for k in node.keywords):
        return None
    parent, line = ctx.parents.get(id(node)), ctx.node_of(stmt)
    try:
        at = ast.literal_eval(parent.slice) if isinstance(parent, ast.Subscript) and parent.value is node else None
    except ValueError:
        at = None
    if type(at) is int and -3 <= at <= 2:
        kept = {at % 3}
    elif (isinstance(line, ast.Assign) and line.value is node and len(line.targets) == 1
          and isinstance(line.targets[0], ast.Tuple) and len(line.targets[0].elts) == 3
          and all(isinstance(e, ast.Name) for e in line.targets[0].elts)):
        kept = {i for i, e in enumerate(line.targets[0].elts) if e.id != "_"}
    else:
        return None
    if kept == {0, 1, 2}:
        return None
    made = next((t for t in stmt.temporaries if t.span == _span_of(node.args[0])), None)
    known = (tuple(made.shape), made.dtype) if made is not None else (
        _held_at(ctx, stmt, node.args[0].id) if isinstance(node.args[0], ast.Name) else None)
    full = not any(k.arg == "full_matrices" and isinstance(k.value, ast.Constant) and k.value.value is False
                   for k in node.keywords)
    sizes = ""
    if known is not None and len(known[0]) == 2:
        import numpy

        dtype = numpy.dtype(known[1])
        (m, n), item = known[0], dtype.itemsize if dtype.kind in "fc" else 8
        k = min(m, n)
        u, vh = (m * (m if full else k)) * item, ((n if full else k) * n) * item
        sizes = f" (U {format_bytes(u)}, Vh {format_bytes(vh)})"
    names = ["U", "s", "Vh"]
    dropped = [names[i] for i in range(3) if i not in kept]
    arg = ctx.segment(node.args[0])
    nbytes = max(nbytes, ctx.measured(stmt, "temporaries") or 0)
    built = [t for t in _big([t for t in stmt.temporaries if not t.elided and t.span is not None])
             if ctx.node_at(t.span) is node.args[0]]
    message = (f"inside {_code(ctx.segment(node))}: svd makes U, s and Vh together{sizes}, and the line keeps only"
               f" {' and '.join(names[i] for i in sorted(kept))}: {' and '.join(dropped)}"
               f" {'is' if len(dropped) == 1 else 'are'} made and let go"
               + (f"; with {_code(built[0].expr)} ({format_bytes(built[0].nbytes)}), built only to be handed to it,"
                  f" {'it is' if len(dropped) == 1 else 'they are'} the line's {format_bytes(nbytes)} of temporaries."
                  if built else f", most of its {format_bytes(nbytes)} of temporaries."))
    if kept == {1}:
        np_ = ctx.np or "np"
        return Finding("inside-call", stmt.lineno, nbytes, message,
                       f"`{np_}.linalg.svd({arg}, compute_uv=False)` returns the singular values alone (the same"
                       " values) and never makes U or Vh.", None)
    return Finding("inside-call", stmt.lineno, nbytes, message,
                   "NumPy has no form of svd that makes Vh without U (or U without Vh), so as written this is what"
                   " the call costs" + (" (`full_matrices=False` makes them no larger than the matrix)." if full
                                        else "."), None)


def _index_view_step(ctx: _Context, stmt: Statement, call: CallSite | None) -> Finding | None:
    """``indmin = np.nonzero(mask)[0] + 1``: ``np.nonzero`` hands back views of one array of positions, none of
    which owns its memory, so NumPy cannot add into it in place: ``+ 1`` makes a second index array, and the first
    dies with the line. Split, the step writes into the index array itself."""
    node = ctx.node_at(call.span) if call is not None else None
    sub = ctx.parents.get(id(node)) if node is not None else None
    step = ctx.parents.get(id(sub)) if isinstance(sub, ast.Subscript) else None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and ctx.np is not None
            and (_root_name(node.func) == ctx.np and (node.func.attr == "nonzero" or node.func.attr == "where"
                                                      and len(node.args) == 1) and not node.keywords)
            and isinstance(sub, ast.Subscript) and sub.value is node and isinstance(sub.slice, ast.Constant)
            and type(sub.slice.value) is int and isinstance(step, ast.BinOp) and step.left is sub
            and isinstance(step.op, (ast.Add, ast.Sub, ast.Mult)) and isinstance(step.right, ast.Constant)
            and type(step.right.value) is int):
        return None
    # (of a 1-D mask only: of an n-D one, the view holds every dimension's positions, n times its own size)
    arg = node.args[0] if node.args else node.func.value
    made = next((t for t in stmt.temporaries if t.span == _span_of(arg)), None)
    known = (tuple(made.shape),) if made is not None else (
        _shape_dtype(ctx, arg.id) if isinstance(arg, ast.Name) else None)
    if known is None or len(known[0]) != 1:
        return None
    stat = ctx.stats.get(stmt.lineno)
    node_stmt = ctx.node_of(stmt)
    target = _single_target(node_stmt)
    size = (stat.net_bytes if target is not None and _value(node_stmt) is step and stat is not None
            else ctx.measured(stmt, "temporaries")) if stat is not None else None
    if not size or size < MIN_ARRAY_BYTES:
        return None
    op, right = _OPS[type(step.op)], ctx.segment(step.right)
    message = (f"{_code(ctx.segment(sub))} is a view of the index array {_code(ctx.segment(node))} builds (NumPy"
               " hands back views of one array of positions, which own no memory), and NumPy reuses a temporary"
               f" in place only when it owns its memory: `{op} {right}` makes a second array of its size, and the"
               f" index array ({format_bytes(size)}) dies when the line ends.")
    if target is None or _value(node_stmt) is not step:
        return Finding("inside-call", stmt.lineno, size, message,
                       f"Bound to a name first, the index array can take `{op}= {right}` in place (nothing else holds"
                       " it), so one array of its size is made instead of two.", None)
    rewrite = ctx.replace_statement(node_stmt, [f"{target} = {ctx.segment(sub)}", f"{target} {op}= {right}"]) \
        if ctx.owns_lines(node_stmt) else None
    return Finding("inside-call", stmt.lineno, size, message,
                   f"`{target} = {ctx.segment(sub)}`, then `{target} {op}= {right}`, writes into the index array"
                   " itself (nothing else holds it), so one array of its size is made instead of two.", rewrite)


def _inside_call(ctx: _Context, stmt: Statement, temps: list[Temporary], shared: bool) -> Finding | None:
    """Arrays built only to be handed to a call npguard does not model."""
    big = _big(temps)
    if not big:
        return None
    consumer = max({t.consumer for t in big}, key=lambda c: sum(t.nbytes for t in big if t.consumer == c))
    mine = [t for t in big if t.consumer == consumer]
    consumer = consumer or stmt.text
    predicted = sum(t.nbytes for t in mine)
    got = ctx.bytes_for(stmt, predicted, "temporaries", shared)
    call = next((c for c in stmt.calls if c.expr == consumer), None)
    offset = _index_view_step(ctx, stmt, call) or _svd_dropped(ctx, stmt, call, got)
    if offset is not None:
        return offset
    shown = sorted(mine, key=lambda t: -t.nbytes)[:3]   # the largest, when there are more than three
    rest = [t for t in mine if t not in shown]
    parts = ", ".join(f"{_code(t.expr)}, {format_bytes(t.nbytes)}" for t in shown) + (
        f" and {len(rest)} more ({format_bytes(sum(t.nbytes for t in rest))} together)" if rest else "")
    own = [t for t in mine if t.expr == consumer]
    if own:   # buffers NumPy's own code builds and frees inside the call
        kinds = list(dict.fromkeys((t.nbytes, t.detail) for t in own))
        if len(kinds) == 1 and len(own) > 1:
            # ``filtered_data.mean() - 3 * filtered_data.std(), ... + 3 * filtered_data.std()``: the same call twice,
            # each freeing its buffer before the next runs
            nbytes, detail = kinds[0]
            what = detail or "an intermediate result"
            message = (f"inside {_code(consumer)}, which this line calls {len(own)} times: each call's NumPy code"
                       f" builds a full-size temporary of {format_bytes(nbytes)} ({what}), freed when it returns.")
        else:
            what = "; ".join(f"{format_bytes(t.nbytes)} ({t.detail or 'an intermediate result'})" for t in own[:3])
            message = (f"inside {_code(consumer)}: NumPy's own code builds"
                       f" {'a full-size temporary' if len(own) == 1 else 'full-size temporaries'} of {what},"
                       " freed when the call returns.")
        if all(t.detail.startswith("inside median") for t in own):
            # a median cannot be combined from the medians of parts; it can partition its input in place -- not a
            # view of another array (``core.rolling_window(ts, w)``: reordering its windows scrambles ``ts``)
            viewed = _median_input_may_be_a_view(ctx, stmt, ctx.node_at(own[0].span))
            return Finding("inside-call", stmt.lineno, got, message,
                           "A median needs its input whole (medians of parts do not combine into it)"
                           + (f", and here {_code(viewed[0])} may be a view of another array (it comes from"
                              f" {_code(viewed[1])}): `overwrite_input=True` would reorder that array's elements in"
                              " place (overlapping windows would give wrong medians), so the copy is what the median"
                              " costs." if viewed else
                              ", but `overwrite_input=True` lets NumPy partition the array itself instead of a copy,"
                              " where nothing reads that array afterwards (it is left reordered) and it is no view of"
                              " another."), None)
        ranged = _range_in_place(ctx, own[0]) if all(t.detail.startswith("inside ptp") for t in own) else None
        return Finding("inside-call", stmt.lineno, got, message,
                       ranged or "Nothing to change in the call itself; if its peak matters, run it on parts of the"
                       " array (chunks of rows) and combine the results.", None)
    node = ctx.node_at(call.span) if call is not None else None
    if isinstance(node, ast.Call) and _bound_through_views(ctx, stmt, node) \
            and all(_returns_a_view_of_argument(ctx, node, ctx.node_at(t.span)) for t in mine):
        return None   # ``segments = split_signal(np.cumsum(x), n).T``: the argument lives on in the view returned
    if isinstance(node, ast.Call) and _bound_through_views(ctx, stmt, node) \
            and all(_stored_by_constructor(ctx, node, ctx.node_at(t.span)) for t in mine):
        return None   # ``q__ = Quaternion(np.cos(angle / 2), p__)`` storing ``scalar.ravel()``: the object keeps it
    parts = _as_arguments(ctx, call, mine) or parts
    message = (f"inside {_code(consumer)}: {parts} {'was' if len(mine) == 1 else 'were'} built only to be"
               f" handed to {_code(call.name) if call else 'the call'}, and lived while it ran.")
    measured = ctx.measured(stmt, "temporaries")
    node = ctx.node_at(call.span) if call is not None else None
    handed = [a for a in (node.args if isinstance(node, ast.Call) else [])]

    def before_the_call(t: Temporary) -> bool:
        # ``np.allclose(g, U @ S @ Vt)``, ``np.argwhere((Z_==1) & (N_ < 2))``: ``U @ S`` and ``N_ < 2`` are used
        # up building the argument, freed before the call runs (not a base an argument views: ``(a*b).T``)
        inner = ctx.node_at(t.span)
        parent = ctx.parents.get(id(inner)) if inner is not None else None
        return (inner is not None and isinstance(parent, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp))
                and any(inner is not a and _inside(a, inner) for a in handed) and not any(
                    ctx.node_at(m.span) is not None and _inside(inner, ctx.node_at(m.span))
                    for m in mine if m.span != t.span))

    others = [t for t in stmt.temporaries if t not in mine and not t.elided and t.kind != "result"
              and _kept(ctx, stmt, t) is False]
    # what died before the call ran may be what the line measured at its peak (``np.nonzero(abs(x) > 2)``:
    # ``abs(x)`` beside the mask): only a measurement beyond it was made inside the call
    before = sum(t.nbytes for t in _big([t for t in others if before_the_call(t)]))
    alone = not shared or not _big([t for t in others if not before_the_call(t)]) and (
        measured is None or measured - predicted > before + MIN_ARRAY_BYTES)
    walker = _python_walker(ctx, call)
    if walker is not None:
        # Python's ``max`` makes no array: the arrays are the line's own, built for the call, so they are the
        # line's chain, not the call's; all the line measured is its argument's (larger on a later pass)
        stat = ctx.stats.get(stmt.lineno)
        message = (f"{parts} {'was' if len(mine) == 1 else 'were'} built by this line only to be handed to"
                   f" {_code(call.name)}, and lived while it ran (Python's `{walker}` itself makes no array).")
        if measured is not None and measured > predicted + MIN_ARRAY_BYTES and alone:
            got = measured
            message += (f" The line measured {format_bytes(measured)} at its largest: the predicted size is the"
                        " first run's, and the argument is larger on a later one." if stat is not None
                        and stat.hits > 1 else f" The line measured {format_bytes(measured)}, more than"
                        " predicted for the argument.")
        np_ = ctx.np or "np"
        return Finding("chained-ops", stmt.lineno, got, message,
                       f"Python's `{walker}` walks the array one element at a time, making a Python number for"
                       f" each; `{np_}.{walker}(...)` reduces it in NumPy's own loop ("
                       + ("the same value to rounding: NumPy adds pairwise, Python one element after another"
                          if walker == "sum" else "the same value, unless the array holds NaN")
                       + "). That saves time, not memory: any reduction needs its argument whole,"
                       " so only computing it in fewer arrays or in chunks would lower the peak.", None)
    held = _held_before(ctx, stmt, ctx.stats.get(stmt.lineno))
    node = ctx.node_at(call.span) if call is not None else None
    above = ctx.parents.get(id(node)) if node is not None else None
    above = ctx.parents.get(id(above)) if isinstance(above, ast.Subscript) and above.value is node else above
    if (measured is not None and measured > predicted + MIN_ARRAY_BYTES and alone and held is None
            and call.numpy and _short(call) in ("where", "nonzero") and len(node.args) == 1 and not node.keywords
            and isinstance(above, ast.Subscript) and _inside(above.slice, node) and len(mine) == 1):
        # ``rr_diff[np.where(rr_diff > 20.0)]``: the mask goes once the index arrays are made; those arrays live
        # while the selection copies the elements, and they are what the line held beyond what it keeps
        mask = mine[0]
        return Finding("inside-call", stmt.lineno, measured,
                       f"inside {_code(call.expr)}: it turns the mask {_code(mask.expr)}"
                       f" ({format_bytes(mask.nbytes)}) into int64 index arrays, one number per selected position"
                       f" and axis; the line's {format_bytes(measured)} of temporaries are those index arrays, alive"
                       " while the selection copies the elements (the mask is freed before that).",
                       *_handed_fix(ctx, stmt, call, mine))
    if (measured is not None and measured > predicted + MIN_ARRAY_BYTES and alone
            and (held is None or held[0] < 0.5 * (measured - predicted))):
        # the message names both parts; an old value held till the rebinding is told apart, by its own finding
        got = measured - (held[0] if held is not None else 0)
        where = _def_lines(ctx, call.name) if call is not None else None
        previous = _previous_pass_indices(ctx, stmt, call)
        message += (f" The other {format_bytes(got - predicted)} are the previous pass's `{previous}`, still"
                    " bound while the new one was made (the index array is the call's result, which the line"
                    " keeps)." if previous else
                    (f" The other {format_bytes(got - predicted)} were the line's other arguments to it, built"
                     f" for the call ({_code(call.name)} makes only its result)."
                     if call is not None and call.numpy and not call.hidden
                     and (_is_ufunc(call.name) or _short(call) in ("where", *facts.RESULT_ONLY_FUNCTIONS)) else
                     f" The other {format_bytes(got - predicted)} were made inside it"
                     + (f" (this cell defines it: {where} show where)." if where else
                        f", by the call itself: {call.hidden}." if call is not None and call.hidden else
                        ", by the call itself.")))
    if got <= predicted * 1.05 + MIN_ARRAY_BYTES and _makes_only_its_result(ctx, call, mine) and all(
            isinstance(ctx.node_at(t.span), (ast.BinOp, ast.UnaryOp)) for t in mine):
        # ``np.fft.ifft(fft_signal * fft_window)``: the product is the line's own intermediate; the call only reads it
        return Finding("chained-ops", stmt.lineno, got,
                       f"{parts} {'was' if len(mine) == 1 else 'were'} built by this line only to be handed to"
                       f" {_code(call.name)}, and lived while it ran (the call itself makes only its result).",
                       _operand_in_place(ctx, call, [ctx.node_at(t.span) for t in mine]), None)
    suggestion, rewrite = _handed_fix(ctx, stmt, call, mine)
    return Finding("inside-call", stmt.lineno, got, message, suggestion, rewrite)


def _makes_only_its_result(ctx: _Context, call, handed: Sequence[Temporary] = ()) -> bool:
    """A NumPy call that allocates nothing but what it returns: a ufunc, a reduction, a join, ``np.outer``;
    an FFT of a complex input (a real one is first copied as complex); ``np.linalg.norm`` over the whole
    array (with an axis it squares its input)."""
    if call is None or not call.numpy:
        return False
    short = _short(call)
    node = ctx.node_at(call.span)
    if short.startswith("fft."):
        return bool(handed) and all(t.dtype.startswith("complex") for t in handed)
    if short == "linalg.norm":
        return isinstance(node, ast.Call) and len(node.args) < 3 and not any(k.arg == "axis" for k in node.keywords)
    return not call.hidden and (_is_ufunc(call.name) or short in facts.RESULT_ONLY_FUNCTIONS
                                or short in facts.REDUCTIONS)


def _operand_in_place(ctx: _Context, call, built: Sequence[ast.AST | None]) -> str:
    """Advice for an operator's array handed to a call: compute it into an operand that is not read
    afterwards (``fft_signal *= fft_window``), and for a ufunc write its result there too."""
    first = next((b for b in built if isinstance(b, ast.BinOp) and type(b.op) in _OPS), None)
    ufunc = _is_ufunc(call.name)
    scope = _enclosing(ctx, first, (ast.FunctionDef, ast.AsyncFunctionDef)) if first is not None else None
    if first is not None and isinstance(first.left, ast.Name) and scope is not None \
            and first.left.id in _parameters(scope):
        # ``np.linalg.norm(M - W@H)`` with ``M`` a parameter: writing into it would change the caller's array
        return (f"`{first.left.id}` is the caller's array (a parameter), so `{ctx.segment(first)}` cannot be"
                " written into it: the call needs this array whole, unless it can be computed on parts of the"
                " input and combined.")
    if first is not None and isinstance(first.left, ast.Name):
        name, op = first.left.id, _OPS[type(first.op)]
        # (``diffuse * color`` with ``diffuse`` (n, 1) and ``color`` three numbers broadcasts to (n, 3): only an
        # operand of the result's shape can take it)
        return (f"Each operator returns a new array. Where `{name}` is not read afterwards and already has the"
                f" result's shape (no broadcasting to a larger one), `{name} {op}="
                f" {ctx.segment(first.right)}` computes it in place and `{name}` can be handed over instead"
                + (f" (and `{call.name}(..., out={name})` writes the result there too)" if ufunc else "")
                + "; otherwise the call needs the array whole.")
    return ("Each operator returns a new array. Where an operand is not read afterwards, compute the argument into"
            " it in place (an augmented operator, or a ufunc's `out=`) and hand that over"
            + (", and have the call write its result there too (`out=`)" if ufunc else "")
            + "; otherwise the call needs the array whole.")


def _function_runs(ctx: _Context, node: ast.AST | None) -> int | None:
    """How many times the function around ``node`` ran: the hits of its first measured line outside any loop."""
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) if node is not None else None
    if func is None:
        return None
    for n in func.body:
        if isinstance(n, (ast.For, ast.AsyncFor, ast.While)):
            break
        if n.lineno in ctx.stats and not isinstance(n, (ast.If, ast.With, ast.Try)):
            return ctx.stats[n.lineno].hits
    return None


def _previous_pass_indices(ctx: _Context, stmt: Statement, call) -> str | None:
    """``I = np.where(c == i)[0]`` run on every pass of a loop: the index array is the call's result, kept
    by ``I``; what the line measured beyond the mask is the previous pass's ``I``. The name, or None."""
    node = ctx.node_of(stmt)
    target, value = _single_target(node), _value(node)
    stat = ctx.stats.get(stmt.lineno)
    found = ctx.node_at(call.span) if call is not None else None
    if (target is None or stat is None or stat.hits < 2 or not call.numpy
            or _short(call) not in ("where", "nonzero", "flatnonzero", "argwhere")
            or ctx.tree is None or _innermost_loop(ctx.tree, node) is None):
        return None
    return target if value is found or isinstance(value, ast.Subscript) and value.value is found else None


def _python_walker(ctx: _Context, call) -> str | None:
    """The call is Python's own ``max``, ``min`` or ``sum`` (not rebound in the cell), given one array."""
    node = ctx.node_at(call.span) if call is not None else None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("max", "min", "sum")
            and len(node.args) == 1 and not node.keywords):
        return None
    name = node.func.id
    if name in (ctx.namespace or {}) or name in ctx.defined_functions or ctx.tree is not None and any(
            isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(ctx.tree)):
        return None
    return name


def _as_arguments(ctx: _Context, call, temps: list[Temporary]) -> str | None:
    """The arguments as written that hold these temporaries: ``(Z_==1) & (N_ < 2)`` rather than
    ``Z_==1``, whose buffer NumPy reused for the combined mask."""
    node = ctx.node_at(call.span) if call is not None else None
    if not isinstance(node, ast.Call):
        return None
    args = list(node.args) + [k.value for k in node.keywords]
    named = []
    for t in temps:
        inner = ctx.node_at(t.span)
        arg = next((a for a in args if inner is not None and _inside(a, inner)), None)
        if arg is None:
            return None
        named.append((ctx.segment(arg), t.nbytes))
    if len({a for a, _ in named}) != len(named):
        return None   # two temporaries in one argument: name them one by one
    return ", ".join(f"{_code(a)}, {format_bytes(n)}" for a, n in named[:3])


def _handed_fix(ctx: _Context, stmt: Statement, call, temps: list[Temporary]) -> tuple[str, str | None]:
    node = ctx.node_at(call.span) if call is not None else None
    if len(temps) == 1 and isinstance(node, ast.Call) and node.args and ctx.node_at(temps[0].span) is node.args[0]:
        wrapped = _wrap_instead(ctx, call)
        if wrapped is not None:
            return wrapped
    name = call.name.rsplit(".", 1)[-1] if call is not None else ""
    if (isinstance(node, ast.Call) and call.numpy and len(node.args) == 1 and not node.keywords
            and name in ("argwhere", "nonzero", "flatnonzero", "where")
            and (_mask_expr(node.args[0]) or temps and all(t.dtype == "bool" for t in temps))):
        # ``R1 = np.argwhere((Z_==1) & (N_ < 2))`` then ``Z_[R1] = 0`` (not ``np.where(np.diff(y_score))``, whose
        # argument is numbers: it cannot index)
        told = _where_as_index(ctx, call)
        if told:
            return told, None
        if not _indexes_alongside(ctx, node):
            return (f"`{call.name}` turns the mask into index arrays (8 bytes per selected element and dimension,"
                    " against 1 byte per element for the mask, the smaller one where more than one element in eight"
                    " is selected): where the indices only select elements (`a[idx] = 0`), indexing with the mask"
                    f" itself (`a[{ctx.segment(node.args[0]).strip()}] = 0`) selects the same ones with no index"
                    " arrays.", None)
    short = call.name.rsplit(".", 1)[-1] if call is not None else ""
    if (isinstance(node, ast.Call) and call.numpy and ".fft." in f".{call.name}." and short in (
            "fft", "ifft", "rfft", "irfft", "hfft", "ihfft") and len(node.args) == 2 and not node.keywords
            and isinstance(node.args[1], (ast.Constant, ast.Name))):
        # ``np.fft.fft(-1 * rx_data, n_corr)``: the transform reads only the first ``n`` elements of what it is
        # handed, built whole (and, in NumPy's own code, converted whole) all the same
        n = ctx.segment(node.args[1])
        return (f"`{call.name}` with `n` ({_code(n)}) uses only the first {_code(n)} elements along the last axis of"
                f" its input, which this line builds whole: build it from `[..., :{n}]` of its inputs instead (the"
                f" same result, when {_code(n)} is at most their length), and only those elements are made.", None)
    if (isinstance(node, ast.Call) and call.numpy and name == "nan_to_num" and len(node.args) == 1
            and not node.keywords and temps and ctx.node_at(temps[0].span) is not None
            and _inside(node.args[0], ctx.node_at(temps[0].span)) and not isinstance(node.args[0], ast.Name)):
        # ``nan_to_num(abs(alt - alt_previous))``: its argument is this line's own new array, which nothing else holds
        a, b = ctx.span(node)
        text = ctx.segment(node)
        return (f"`{text[:-1].rstrip()}, copy=False)` replaces the NaNs and infinities in the array it is handed,"
                " which this line built and nothing else holds, so its copy of that array is never made (the same"
                " values).", ctx.replace([(a, b, text[:-1].rstrip() + ", copy=False)")]))
    return ("The call needs its argument whole. Where it works element by element, building the argument in"
            " pieces and calling once per piece needs only a piece at a time; where it sums, accumulates or fits"
            " over all of it (a cumulative sum, a mean, a fit), the pieces' results must be combined (carrying a"
            " running total over), or look for a variant of the call that takes its input in parts.", None)


def _wrap_instead(ctx: _Context, call) -> tuple[str, str | None] | None:
    """``pd.Series(np.random.randint(25, 50, size=n), index=idx)``: a pandas constructor given an array made
    on the line copies it (copy-on-write); ``copy=False`` wraps it instead, and nothing else holds it."""
    node = ctx.node_at(call.span) if call is not None else None
    if not (isinstance(node, ast.Call) and call.name.rsplit(".", 1)[-1] in facts.PANDAS_COPYING_CONSTRUCTORS
            and _pandas_copies() and node.args) or _operand_of_an_operator(ctx, node):
        return None
    words = (f"pandas copies a NumPy array it is given (copy-on-write); `{call.name}(..., copy=False)`"
             " wraps the array instead, which is safe here because nothing else holds it.")
    if call.name.endswith("DataFrame"):
        # its copy is laid out column by column, the array it wraps row by row: sums read them in another order
        words += (" The frame holds the same values; sums along its columns may differ in the last bits, as"
                  " pandas then reads them in the array's own memory order.")
    if any(k.arg == "copy" for k in node.keywords):
        return words, None
    a, b = ctx.span(node)
    text = ctx.segment(node)
    return words, ctx.replace([(a, b, text[:-1].rstrip() + ", copy=False)")])


def _indexes_alongside(ctx: _Context, call: ast.Call) -> bool:
    """``indices = np.where(idx == i)`` then ``X[indices, :]``: the indices select beside another index, where NumPy
    turns a boolean mask into index arrays itself, so indexing with the mask would make them all the same."""
    stmt = _statement_of(ctx, call)
    name = _single_target(stmt)
    scope = _enclosing(ctx, stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    if name is None or scope is None:
        return False
    return any(isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Tuple)
               and any(isinstance(e, ast.Name) and e.id == name for e in n.slice.elts) for n in ast.walk(scope))


def _operand_of_an_operator(ctx: _Context, node: ast.AST) -> bool:
    """``pd.Series(np.cumsum(r), name='Y') + Y0``: the object is itself used up by an operator, whose result is
    built while it is alive, so wrapping the array instead of copying it does not lower the line's peak."""
    parent = ctx.parents.get(id(node))
    return isinstance(parent, (ast.BinOp, ast.UnaryOp, ast.Compare))


def _wrap_made_here(ctx: _Context | None, call) -> str | None:
    """The ``copy=False`` advice for a constructor whose array the line draws (``np.random.randint(...)``,
    ``rng.normal(...)``) or makes with a NumPy function that returns a new array (``np.where(close > hband,
    1.0, 0.0)`` of pandas operands), where npguard could not size it."""
    from npguard.static.rules.functions import FUNCTIONS

    node = ctx.node_at(call.span) if ctx is not None else None
    arg = node.args[0] if isinstance(node, ast.Call) and node.args else None
    name = ctx.segment(arg.func) if isinstance(arg, ast.Call) else ""
    short = name.rsplit(".", 1)[-1]
    made = (_numpy_callee(ctx, name) and name.count(".") == 1 and short not in facts.VIEW_FUNCTIONS
            and short not in ("asarray", "asanyarray", "asfarray", "ascontiguousarray", "asfortranarray")
            and (short in FUNCTIONS or short in facts.REDUCTIONS or short in facts.HIDDEN_TEMPORARIES
                 or _is_ufunc(f"numpy.{short}")))
    drawn = name.startswith(f"{ctx.np}.random.") or (_numpy_callee(ctx, name) and name.split(".")[0] != ctx.np)
    wrapped = _wrap_instead(ctx, call) if name and (drawn or made) else None
    return wrapped[0] if wrapped is not None else None


def _pandas_copies() -> bool:
    """pandas 3 (copy-on-write) copies an ndarray handed to DataFrame/Series unless told copy=False."""
    import sys

    pandas = sys.modules.get("pandas")
    version = getattr(pandas, "__version__", "0")
    try:
        return int(version.split(".")[0]) >= 3
    except ValueError:
        return False


def _call_words(call, ctx: _Context | None = None) -> str:
    node = ctx.node_at(call.span) if ctx is not None else None
    runs = next((a for a in (node.args if isinstance(node, ast.Call) else []) if isinstance(a, ast.Lambda)), None)
    if runs is not None and not runs.args.args and not call.name.startswith("pandas operations") and not call.numpy:
        # ``repeat(lambda: func(*args), number=5)``: what the lambda's body made, run by run
        return (f"{_code(call.name)} runs the function it is given, `{ctx.segment(runs)}`: these are the arrays it"
                " made and freed, run by run")
    walked = _walked_functions(ctx, call.name) if ctx is not None and call.name.isidentifier() else []
    if walked:   # ``for i, f in enumerate(fs): f(x)`` over the cell's lambdas: one of them ran
        spans = sorted({(f.lineno, f.end_lineno) for f in walked})
        where = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
        return (f"{_code(call.name)} is each of the functions the loop goes through, which this cell defines"
                f" (line{'s' if len(spans) > 1 or spans[0][0] != spans[0][1] else ''} {where}): they made them, one"
                " run at a time")
    callable_class = _looped_instance(ctx, call.name) if ctx is not None and call.name.isidentifier() else None
    if callable_class is not None:   # ``for i, wf in enumerate(wfs): wf(r_1d)`` over the cell's GaussFunc objects
        cls, fn = callable_class
        return (f"{_code(call.name)} is each object the loop goes through; the one class of this cell whose objects"
                f" can be called is `{cls.name}`, and its `__call__` (lines {fn.lineno}-{fn.end_lineno}) ran: the"
                " figures on those lines show where each array was made")
    local = _local_binding(ctx, call)
    if local is not None:   # ``kde = self._fit(...)``, then ``kde(points)``: whatever that call gave
        func, line = local
        root = re.match(r"[A-Za-z_]\w*", call.name).group(0)
        return (f"`{root}` is a variable of {_code(func.name)}, bound on line {line}: what calling it runs depends"
                " on the object bound to it there")
    passed = _parameter_of(ctx, call)
    if passed is not None:
        return (f"{_code(call.name.split('.')[0])} is a parameter of {_code(passed)}, which this cell defines:"
                " what it made depends on what each caller passes")
    if _session_code(ctx, call.name):
        return (f"{_code(call.name)} is code defined in this session, outside this cell; run its body under"
                " %%npguard for figures line by line")
    if call.name.startswith("pandas operations"):
        return f"{call.name} run pandas' own code, which makes copies and masks of its own"
    if call.numpy and _short(call) in _CONVERTS_PANDAS and ctx is not None and _given_pandas(ctx, call, joins=True):
        # ``np.sort(flights[['ORG_AIR', 'DEST_AIR']])``: NumPy makes an array of the frame before it works
        return (f"{_code(call.name)} converts the pandas object it is given into a NumPy array first, then works"
                " on that; string columns become an object array, 8 bytes an element")
    given = (_pandas_parameter(ctx, call) if call.numpy and _short(call) in facts.REDUCTIONS and ctx is not None
             else None)
    if given is not None:   # ``np.mean(xs)`` in ``Mean(xs)``, which the cell calls with Series only
        return (f"`{given[0]}` is a parameter of {_code(given[1])}, which the cell calls with pandas objects only:"
                f" {_code(call.name)} hands one to that object's own `.{_short(call)}()`, so pandas' code made them,"
                " its mask of missing values among them")
    if call.numpy and _short(call) in facts.NAN_COPYING and ctx is not None and _given_pandas(ctx, call):
        return (f"{_code(call.name)} makes the pandas object it is given a NumPy array, then copies it with the NaNs"
                " replaced and builds masks of them: full-size arrays of NumPy's own")
    if call.numpy and _short(call) in facts.REDUCTIONS and ctx is not None and _given_pandas(ctx, call):
        # ``mean(abs_error)`` (``from numpy import mean``) of a Series: NumPy calls ``abs_error.mean()``
        return (f"{_code(call.name)} hands the pandas object it is given to that object's own"
                f" `.{_short(call)}()`, so pandas' code made them, its mask of missing values among them")
    listed = (_list_argument(ctx, call) if call.numpy and _short(call) not in ("array", "asarray", "asanyarray")
              else None)   # (making an array of the list is what ``np.array`` is for)
    if listed is not None:   # hrv-analysis' ``np.histogram(nn_intervals, bins=...)`` of a list of numbers
        return (f"{_code(call.name)} is handed a Python list ({_code(listed)}), which NumPy first converts into a new"
                " array, 8 bytes an element, as large as the list is long"
                + (f"; then its own code builds {call.hidden}" if call.hidden else ""))
    if call.numpy and call.hidden:
        return f"NumPy's own code in {_code(call.name)} builds {call.hidden}"
    if call.numpy and ".ma." in f".{call.name}":
        # ``np.ma.log(face_image)``: a masked array's operation makes its data and its mask
        return (f"{_code(call.name)} is a masked-array operation: it makes new data and a full-size boolean mask"
                " of the entries it leaves out")
    if call.numpy and _is_ufunc(call.name):
        return (f"{_code(call.name)} is a ufunc whose result is one full-size array; npguard could not"
                " see its input, so its size was not predicted")
    if call.numpy:
        return f"NumPy's own code in {_code(call.name)} allocates them"
    node = ctx.node_at(call.span) if ctx is not None else None
    receiver = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None
    while (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute) and ctx.np is not None
           and _root_name(receiver.func) != ctx.np and receiver.func.attr in facts.ARRAY_METHODS
           and isinstance(receiver.func.value, ast.Call)):
        receiver = receiver.func.value   # ``np.linalg.inv(A).dot(B).dot(y)``: a method of a method of its array
    if (isinstance(receiver, ast.Call) and ctx.np is not None and _root_name(receiver.func) == ctx.np
            and isinstance(receiver.func, ast.Attribute) and receiver.func.attr in ("array", "asarray", "stack", "vstack")
            and len(receiver.args) == 1 and isinstance(receiver.args[0], ast.ListComp)
            and node.func.attr in ("reshape", "ravel", "transpose", "squeeze")):
        # spectrum's ``np.array([Window(r, window).data for this in range(c)]).reshape(r, c)``: the pieces
        return (f"the list comprehension makes its arrays one by one and keeps them all, and"
                f" `{ctx.segment(receiver.func)}` copies them into one new array (`.{node.func.attr}()` is a view of"
                " it): the pieces, as large together as that array, are alive until it is made")
    if (isinstance(receiver, ast.Call) and ctx.np is not None and _root_name(receiver.func) == ctx.np
            and isinstance(receiver.func, ast.Attribute) and node.func.attr in facts.ARRAY_METHODS):
        # ``np.diff(np.sort(df.Date)).astype(float)``: a method of the array a NumPy call returned
        return (f"`.{node.func.attr}()` is a method of the array {_code(ctx.segment(receiver))} returns, and"
                " NumPy's own code allocates them")
    if (isinstance(receiver, ast.Subscript) and isinstance(receiver.value, ast.Attribute) and ctx.np is not None
            and receiver.value.attr in ("c_", "r_") and _root_name(receiver.value) == ctx.np
            and node.func.attr in facts.ARRAY_METHODS):
        # ``np.c_[np.ones(n), data[:, :-1]].astype(float)``: the join is a new array in its pieces' common dtype
        # (a string column makes every element a string), and the method makes another
        return (f"{_code(ctx.segment(receiver))} joins its pieces into a new array in their common dtype (a string"
                f" piece makes every element a string), and `.{node.func.attr}()` makes another from it: NumPy's"
                " own code allocates both")
    numpy_name = _numpy_function_name(ctx, call.name)
    if numpy_name is not None:   # ``poi = np.random.poisson`` bound before the cell
        return f"{_code(call.name)} is NumPy's `{numpy_name}`, whose own code allocates them"
    if _vectorized(ctx, call.name):
        return (f"{_code(call.name)} is a `np.vectorize` function: NumPy calls the Python function once per element,"
                " through object arrays of its inputs and of its results (8 bytes an element each), and then"
                " converts the results into the array it returns")
    grouped = next((n for n in ast.walk(receiver) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and n.func.attr in _GROUPING), None) if receiver is not None else None
    if grouped is not None:   # ``df.groupby(cols).max()``: the group-by itself is lazy
        return (f"`.{node.func.attr}()` aggregates what {_code(ctx.segment(grouped))} groups: pandas' own code, which"
                " makes the groups' keys and results when it runs")
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in facts.ARRAY_METHODS
            and isinstance(receiver, ast.BinOp) and ctx is not None and not _pandas_arithmetic(call)):
        # radial's ``(coord * img_shape[-ndim:]).astype(dtype)``: the method of the array the operator made
        return (f"`.{node.func.attr}()` is a method of the array {_code(ctx.segment(receiver))} makes, which is"
                " NumPy's: the operator's array and what the method makes from it"
                + (" (a copy, even in the same dtype, unless told `copy=False`)" if node.func.attr == "astype" else ""))
    import numpy

    def ndarray_method(attr: str) -> bool:
        return not attr.startswith("_") and callable(getattr(numpy.ndarray, attr, None))
    base = receiver
    while isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and ndarray_method(base.func.attr):
        base = base.func.value
    while isinstance(base, ast.Subscript):
        base = base.value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and ndarray_method(node.func.attr)
            and isinstance(base, ast.Name) and ctx is not None and ctx.prediction is not None):
        # perlin-numpy's ``gradients[0:-1, 0:-1].repeat(d[0], 0).repeat(d[1], 1)``: methods of an array the line sees
        here = next((s for s in ctx.prediction.statements if s.lineno <= node.lineno <= s.end_lineno), None)
        if here is not None and _held_at(ctx, here, base.id) is not None:
            return (f"`.{node.func.attr}()` is NumPy's method of the array `{base.id}` holds (or of a piece of it),"
                    " and NumPy's own code allocates what it makes")
    reached = _reached_cell_function(ctx, call.name)
    if reached is not None:   # ``acoustics.decibel.dbsum(...)`` where the cell defines ``dbsum``
        return (f"{_code(call.name)} reaches `{reached.name}`, which this cell defines (lines {reached.lineno}-"
                f"{reached.end_lineno}) and calls by no other name, and whose lines ran: the figures on those lines"
                " show where each array was made")
    method = _cell_method(ctx, call.name)
    if method is not None:   # ``bandit.reset()`` on an object the analysis does not know
        cls, fn = method
        return (f"`{call.name.rsplit('.', 1)[1]}` is a method of `{cls.name}`, which this cell defines (lines"
                f" {fn.lineno}-{fn.end_lineno}), when {_code(call.name.rsplit('.', 1)[0])} is one: the figures on"
                " those lines show where each array was made")
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(receiver, ast.Call)
            and node.func.attr in facts.ARRAY_METHODS):
        # ``convo(x_, conv).flatten()``: an array method on what another call returned (NumPy's, when that is an
        # array)
        return (f"`.{node.func.attr}()` on what {_code(ctx.segment(receiver))} returns: where that is an array, it is"
                " NumPy's method, which " + ("always makes a new array" if node.func.attr in ("flatten", "copy", "astype")
                                             else "makes a new array or a view"))
    return f"{_code(call.name)} is not NumPy's: its own documentation says how it uses memory"


def _list_argument(ctx: _Context | None, call) -> str | None:
    """The call's first argument when it is a Python list: a name the session binds to one, or a parameter every
    call of its function is given one for."""
    node = ctx.node_at(call.span) if ctx is not None else None
    first = node.args[0] if isinstance(node, ast.Call) and node.args else None
    if not isinstance(first, ast.Name):
        return None
    namespace = ctx.namespace or {}

    def a_list(e: ast.expr | None) -> bool:
        return isinstance(e, (ast.List, ast.ListComp)) or isinstance(e, ast.Name) and type(namespace.get(e.id)) is list
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is None:
        return first.id if type(namespace.get(first.id)) is list and not _def_lines(ctx, first.id) else None
    if first.id not in _parameters(func) or _last_binding(ctx, _statement_of(ctx, node), first.id) is not None:
        return None
    return first.id if _passed_all(ctx, func, first.id, a_list) else None


def _given_an_array(ctx: _Context | None, stmt: Statement, call) -> bool:
    """The call's first argument is an array as the line saw it (not a Python list, which NumPy converts into a
    new array first, as large as the list is long): a name deep mode read at the line, or the session holds."""
    node = ctx.node_at(call.span) if ctx is not None else None
    first = node.args[0] if isinstance(node, ast.Call) and node.args else None
    if not isinstance(first, ast.Name):
        return first is not None and not isinstance(first, (ast.List, ast.ListComp, ast.Tuple))
    return _held_at(ctx, stmt, first.id) is not None


def _pieces_joined(ctx: _Context | None, call) -> str | None:
    """``np.array([Window(r, window).data for this in range(c)]).reshape(r, c)``: the advice for pieces a list
    comprehension keeps until NumPy joins them."""
    node = ctx.node_at(call.span) if ctx is not None else None
    receiver = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else node
    if not (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute) and ctx.np is not None
            and _root_name(receiver.func) == ctx.np
            and receiver.func.attr in ("array", "asarray", "stack", "vstack") and len(receiver.args) == 1
            and isinstance(receiver.args[0], ast.ListComp)):
        return None
    return ("Write each piece into a preallocated array (`out = np.empty(...)`, then `out[i] = ...` in a loop), so"
            " only one piece is alive beside it at a time; where every piece is the same, make it once and repeat"
            " it (`np.tile`, or broadcasting where it is only computed with).")


def _body_ran(ctx: _Context, func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Deep mode measured a line of the function's body as run."""
    return any(ctx.stats.get(n) is not None and ctx.stats[n].hits
               for n in range(func.body[0].lineno, func.end_lineno + 1))


def _reached_cell_function(ctx: _Context | None, name: str) -> ast.FunctionDef | None:
    """``acoustics.decibel.dbsum``: the function of that name the cell defines at its top level, when nothing in
    the cell calls it by its bare name and its lines ran, so the dotted call is what reached it."""
    if ctx is None or ctx.tree is None or "." not in name:
        return None
    attr = name.rsplit(".", 1)[1]
    found = [f for f in ctx.tree.body if isinstance(f, ast.FunctionDef) and f.name == attr]
    if len(found) != 1 or any(isinstance(n, ast.Name) and n.id == attr and isinstance(n.ctx, ast.Load)
                              for n in ast.walk(ctx.tree)):
        return None
    return found[0] if _body_ran(ctx, found[0]) else None


def _cell_method(ctx: _Context | None, name: str) -> tuple[ast.ClassDef, ast.FunctionDef] | None:
    """``bandit.reset``: the one class of the cell that defines a method of that name, with the method."""
    if ctx is None or ctx.tree is None or "." not in name:
        return None
    attr = name.rsplit(".", 1)[1]
    found = [(c, f) for c in _cell_classes(ctx).values() for f in c.body
             if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == attr]
    return found[0] if len(found) == 1 else None


def _numpy_function_name(ctx: _Context | None, name: str) -> str | None:
    """The NumPy name of a function the namespace holds under another name (``poi``: ``np.random.poisson``)."""
    from npguard.static.values import _Func, _from_namespace

    if ctx is None or not name.isidentifier() or name not in (ctx.namespace or {}):
        return None
    value = _from_namespace(ctx.namespace[name])
    return ("np." + value.name.removeprefix("numpy.") if isinstance(value, _Func) and value.name.startswith("numpy.")
            else None)


def _vectorized(ctx: _Context | None, name: str) -> bool:
    """``name`` is a ``np.vectorize`` object the namespace holds."""
    import numpy

    return ctx is not None and isinstance((ctx.namespace or {}).get(name), numpy.vectorize)


def _functions_around(ctx: _Context, line: int, lambdas: bool = False) -> list[ast.AST]:
    """The cell's functions (and, with ``lambdas``, lambdas) whose lines hold ``line``, innermost first."""
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef) + ((ast.Lambda,) if lambdas else ())
    return sorted((f for f in ast.walk(ctx.tree) if isinstance(f, kinds) and f.lineno <= line <= f.end_lineno),
                  key=lambda f: f.lineno, reverse=True)


def _local_binding(ctx: _Context | None, call) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, int] | None:
    """``kde(points)`` inside a method that bound ``kde = self._fit(...)``: the callee's root name is a local
    variable of the function around the call (not a parameter, not a function or class the cell defines), so
    the session's object of that name says nothing of it. The function and the line of its last binding
    before the call."""
    head = re.match(r"[A-Za-z_]\w*", call.name) if call is not None else None   # ``kde([...]).reshape``: ``kde``
    root = head.group(0) if head is not None else ""
    if ctx is None or ctx.tree is None or not root or root in _cell_classes(ctx) or not (
            call.name == root or call.name.startswith(root + "(")):
        return None   # only the variable itself called: ``x.sum()`` of a local array is NumPy's method
    around = _functions_around(ctx, call.span[0])
    if not around:
        return None
    func = around[0]
    if root in _parameters(func) or any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == root
                                        for n in ast.walk(func)):
        return None
    lines = [n.lineno for n in ast.walk(func) if isinstance(n, ast.Name) and n.id == root
             and isinstance(n.ctx, ast.Store) and n.lineno <= call.span[0]]
    classes = _cell_classes(ctx)
    made = [n.value for n in ast.walk(func) if isinstance(n, ast.Assign) and _single_target(n) == root]
    if not lines or len(made) != len(lines) or not all(
            isinstance(v, ast.Call) and not (isinstance(v.func, ast.Name) and v.func.id in classes) for v in made):
        # a loop's target, ``pick = plain if fast else double``, ``model = Model(k)``: the cell's own code,
        # which the names it is bound from tell
        return None
    return func, max(lines)


def _parameter_of(ctx: _Context | None, call) -> str | None:
    """``op(x, *args)`` inside ``def _safe_accumulator_op(op, x, ...)``: the callee is whatever the
    caller passed; the name of the function the cell defines that takes it, if so."""
    root = call.name.split(".")[0]
    if ctx is None or ctx.tree is None or not root.isidentifier():
        return None
    for f in _functions_around(ctx, call.span[0], lambdas=True):   # ``func`` of a decorator's ``wrapper``
        if root in _parameters(f):
            return f.name if not isinstance(f, ast.Lambda) else None
        if any(isinstance(n, ast.Name) and n.id == root and isinstance(n.ctx, ast.Store) for n in ast.walk(f)):
            return None   # the function binds the name itself
    return None


def _session_code(ctx: _Context | None, name: str) -> bool:
    """``name`` calls a function, or a method of an object, that the user defined in this session
    (in ``__main__``), not a library."""
    root = name.split(".")[0]
    obj = (ctx.namespace or {}).get(root) if ctx is not None and root.isidentifier() else None
    if obj is None:
        return False
    owner = obj if callable(obj) and not isinstance(obj, type) and hasattr(obj, "__code__") else type(obj)
    return getattr(owner, "__module__", None) == "__main__"


#: Builtins that only look at what they are given: the memory is never theirs.
_BYSTANDERS = {"print", "len", "repr", "str", "list", "tuple", "display", "sum", "min", "max"}
#: Calls that make no array: Python's iteration helpers, and array methods that return a view. Never
#: the call a line's memory is charged to (``zip(self.weights, nabla_w)`` feeds a comprehension whose
#: arrays are the memory; ``activations[-2].transpose()`` hands ``np.dot`` a view).
_NO_ARRAYS = {"zip", "enumerate", "range", "reversed", "iter", "next", "isinstance", "type", "id", "len",
              "getattr", "hasattr", "callable", "transpose", "swapaxes", "squeeze", "view", "str", "repr", "format",
              "print"}


def _makes_no_array(ctx: _Context, name: str) -> bool:
    try:   # ``'{:>5.0f} ms'.format(...)``: a method of a string makes a string
        func = ast.parse(name, mode="eval").body
    except SyntaxError:
        func = None
    if isinstance(func, ast.Attribute) and isinstance(func.value, (ast.Constant, ast.JoinedStr)) and isinstance(
            getattr(func.value, "value", ""), str):
        return True
    last = name.split(".")[-1]
    if last not in _NO_ARRAYS or "." in name and last in ("range", "zip", "iter", "next", "type", "id", "len", "str",
                                                          "repr", "format", "print"):
        return False
    try:
        root = _root_name(ast.parse(name, mode="eval").body) if "." in name else None
    except SyntaxError:
        return False
    return not (root is not None and _is_pandas((ctx.namespace or {}).get(root)))   # pandas' transpose copies


def _number_module(ctx: _Context, name: str) -> bool:
    """A function of Python's ``math`` or ``cmath`` module: it takes and returns numbers, never arrays."""
    root = name.split(".")[0]
    module = (ctx.namespace or {}).get(root)
    return "." in name and isinstance(module, types.ModuleType) and module.__name__ in ("math", "cmath")


def _wraps_pandas(ctx: _Context, node: ast.AST | None) -> bool:
    """``pd.Series(...)``, ``pd.DataFrame(...)``: a pandas constructor, through the name the session binds pandas to."""
    f = node.func if isinstance(node, ast.Call) else None
    module = (ctx.namespace or {}).get(_root_name(f)) if isinstance(f, ast.Attribute) else None
    return (isinstance(f, ast.Attribute) and f.attr in ("Series", "DataFrame")
            and getattr(module, "__name__", "").split(".")[0] == "pandas" and _pandas_copies())


def _constructor_copy(ctx: _Context, stmt: Statement, call: ast.AST | None) -> tuple[str, str, int] | None:
    """``self.smma(pd.Series(up), window)`` with ``up`` bound to a NumPy call's array: pandas 3 copies it into the
    Series handed on, freed after the call. The constructor's text, the name, and the array's bytes (what its
    binding line kept per run)."""
    node = ctx.node_of(stmt)
    for arg in (call.args if isinstance(call, ast.Call) else []):
        if not (_wraps_pandas(ctx, arg) and len(arg.args) == 1 and isinstance(arg.args[0], ast.Name)
                and not any(k.arg == "copy" for k in arg.keywords)):
            continue
        name = arg.args[0].id
        bound = _last_binding(ctx, node, name)
        value = _value(bound)
        stat = ctx.stats.get(bound.lineno) if bound is not None else None
        if (stat is None or not isinstance(value, ast.Call) or ctx.np is None or _root_name(value.func) != ctx.np
                or _aliased_elsewhere(ctx, node, name)):
            continue
        return ctx.segment(arg), name, max(0, stat.net_bytes) // max(1, stat.hits)
    return None


def _returns_pandas(ctx: _Context, func: ast.AST | None) -> bool:
    """Every ``return`` of the cell's function hands back a pandas object it built: a constructor, ``pd.concat``,
    or a window's aggregation (``ohlc[column].rolling(window=period).mean()``)."""
    returns = [n for n in _own_nodes(func) if isinstance(n, ast.Return)] if func is not None else []
    def pandas(v: ast.AST | None) -> bool:
        if _wraps_pandas(ctx, v):
            return True
        f = v.func if isinstance(v, ast.Call) else None
        module = (ctx.namespace or {}).get(_root_name(f)) if isinstance(f, ast.Attribute) else None
        return isinstance(f, ast.Attribute) and (
            f.attr == "concat" and getattr(module, "__name__", "").split(".")[0] == "pandas"
            or any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _GROUPING
                   for n in ast.walk(f.value)))
    return bool(returns) and all(pandas(r.value) for r in returns)


def _pandas_function(ctx: _Context, call) -> bool:
    """``pd.concat``, ``pd.merge``: a function of the pandas module, called through the name bound to it."""
    root = call.name.split(".")[0]
    module = (ctx.namespace or {}).get(root)
    return not call.numpy and getattr(module, "__name__", "").split(".")[0] == "pandas"


#: NumPy functions that give a view of what they are handed, in another shape.
_SHAPE_VIEWS = frozenset({"reshape", "transpose", "swapaxes", "squeeze", "expand_dims", "moveaxis"})


def _outermost(ctx: _Context, stmt: Statement) -> list:
    """The calls npguard does not model that no other such call encloses (NumPy's first;
    ``print(np.median(x))`` is about ``np.median``)."""
    calls = [c for c in stmt.calls if not _number_module(ctx, c.name)   # ``math.sqrt(dt)`` makes a float
             and not _makes_no_array(ctx, c.name)]
    calls = [c for c in calls if c.name not in _BYSTANDERS] or calls
    calls = [_past_container(ctx, stmt, c) or c for c in calls]
    # (a dict built by a comprehension over what a call returned: the call made the memory)
    calls = [c for c in calls if not (isinstance(ctx.node_at(c.span), ast.DictComp)
                                      and any(o is not c and _encloses(c, o) for o in calls))]
    # ``df['Depth'][:-1]`` handed to ``np.concatenate``: a column and a slice of it are views, made of no memory
    calls = [c for c in calls if not _pandas_view(ctx, c)]
    # a function the cell defines has its own lines, with their own figures and findings
    calls = [c for c in calls if (_local_binding(ctx, c) is not None or c.name not in ctx.defined_functions
                                  and not _def_lines(ctx, c.name)) and not _makes_a_scalar(ctx, c)]
    # a NumPy function the predictor models (``np.mean``) is listed only because its argument came
    # from a call it does not model: that inner call is where the memory went
    # (not when the inner call only gave it a number: ``np.random.randint(0, 3, bad.sum())``)
    # (not when its value replaces a column: ``data['position'] = np.where(data['distance'] < -t, 1,
    # data['position'])`` makes a full column of its own, while the mask it was handed is a byte an element)
    node = ctx.node_of(stmt)
    column = isinstance(node, ast.Assign) and any(isinstance(t, ast.Subscript) and _is_pandas(
        (ctx.namespace or {}).get(_root_name(t))) for t in node.targets)
    stored = {id(c) for c in calls if column and c.replaces is not None and _masked_by_pandas(ctx, c)}
    calls = [c for c in calls if not ((_modelled(c) or c.numpy and c.name.split(".")[-1] in facts.VIEW_FUNCTIONS)
                                      and id(c) not in stored
                                      # (``np.nanmean(df[mask])`` copies what pandas made: both made memory)
                                      and not (c.pandas and c.name.split(".")[-1] in facts.NAN_COPYING)
                                      # (``np.var(df.isnull(), axis="rows")``: pandas' own ``var`` runs, on floats;
                                      # ``np.count_nonzero(df.isnull())`` converts the frame to an array first)
                                      and not (c.pandas and c.name.split(".")[-1] in facts.REDUCTIONS)
                                      and not (c.pandas and c.name.split(".")[-1] == "count_nonzero")
                                      and any(o is not c and _encloses(c, o) and not _full_reduction(ctx, o)
                                              for o in calls))]
    # ``(np.matmul(R, coords) - np.reshape(offset, (3, 1))) / np.reshape(scale, (3, 1))``: a reshape beside another
    # call is a view (of a small array, here): the other call made the memory
    calls = [c for c in calls if not (c.numpy and c.name.split(".")[-1] in _SHAPE_VIEWS)] or calls
    # ``Lf(xs, m).sum(axis=2)``: a reduction of what another call returned only reads it; that call made it
    calls = [c for c in calls if not (_reduction_method(ctx, c) and any(o is not c and _encloses(c, o) for o in calls))]
    # ``np.arange(1, np.max(population) + 1)``: a whole reduction handed to another call gives it a number
    calls = [c for c in calls if not (_gives_a_number(ctx, c) and (any(o is not c and _encloses(o, c) for o in calls)
                                                                   or _sizes_an_array(ctx, c)))]
    # ``np.deg2rad(90 - lat1)`` with a pandas Series: the ufunc was handed what pandas made
    calls = [(_pandas_argument(ctx, c) if id(c) not in stored else None) or c for c in calls]
    if calls and all(_full_reduction(ctx, c) for c in calls):
        # ``result[bad] = np.random.randint(0, 3, bad.sum())``: the count came from the reduction, the
        # array from the call it was handed to
        calls = [w for w in _written_call(ctx, stmt) if all(_encloses(w, c) for c in calls)] or calls
    calls.sort(key=lambda c: not c.numpy)
    out = []
    for c in calls:
        # NumPy calls nested in NumPy calls (``np.cumsum(np.insert(x, 0, 0))``) are named together,
        # the inner first: the outer one is handed what the inner one made
        # ``(df == 0).values.nonzero()``: pandas made the mask, NumPy's method its index array
        if not any(_encloses(o, c) and not (o.numpy and c.numpy) and not (
                (_pandas_function(ctx, o) or _on_pandas_values(ctx, o) or o.numpy and _given_pandas(ctx, o))
                and c.name.startswith("pandas operations"))
                   for o in out):
            # ``pd.concat([a.reindex(idx), b.reindex(idx)])``: the pieces pandas made for its arguments are
            # named beside the function (either may hold the line's memory)
            out.append(c)
    # ``np.mean(df.rating)`` beside ``df.rating.median()``: a NumPy function given a pandas object hands it
    # to pandas (or reads its values), so pandas' own code comes first
    # (not one whose own code is known to copy what it is handed: ``np.corrcoef(s1[m], s2[m])`` builds a centred copy
    # of the selections, which it encloses)
    return sorted(out, key=lambda c: (2 if c.numpy and _given_pandas(ctx, c) and not (
        c.hidden and not any(o is not c and _encloses(o, c) for o in out))
        and not (c.pandas and c.name.split(".")[-1] in facts.REDUCTIONS) else not c.numpy,
        -c.span[0], -c.span[1])) if len(out) > 1 else out


_CONTAINER_METHODS = frozenset({"update", "append", "extend", "insert", "setdefault", "add"})


def _past_container(ctx: _Context, stmt: Statement, call):
    """``stats.update({... for p, v in series.quantile(qs).to_dict().items()})`` with ``stats`` a dict the code built:
    filling a dict or list makes no array, so the call charged is the first one inside its arguments
    (``series.quantile(qs)``)."""
    from npguard.static import CallSite

    node = ctx.node_at(call.span)
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in _CONTAINER_METHODS and isinstance(node.func.value, ast.Name)):
        return None
    bound = _last_binding(ctx, ctx.node_of(stmt), node.func.value.id)
    value = _value(bound) if bound is not None else None
    if not (isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)) or isinstance(
            value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("dict", "list", "set")):
        return None
    for arg in [*node.args, *(k.value for k in node.keywords)]:
        for inner in ast.walk(arg):
            if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
                    and isinstance(inner.func.value, ast.Name) and inner.func.attr not in _NO_ARRAYS):
                name = ctx.segment(inner.func)
                return CallSite(ctx.segment(inner), name, _span_of(inner), numpy=_numpy_callee(ctx, name))
    return None


def _on_pandas_values(ctx: _Context, call) -> bool:
    """``(df == 0).values.nonzero()``: a NumPy method of the array a pandas object hands out."""
    node = ctx.node_at(call.span)
    func = node.func if isinstance(node, ast.Call) else None
    inner = func.value if isinstance(func, ast.Attribute) else None
    return call.numpy and (isinstance(inner, ast.Attribute) and inner.attr == "values" or isinstance(inner, ast.Call)
                           and isinstance(inner.func, ast.Attribute) and inner.func.attr == "to_numpy")


#: NumPy functions that turn a pandas object they are given into an array of their own first (they do
#: not hand it to a pandas method, as ``np.mean`` does).
_CONVERTS_PANDAS = frozenset({"sort", "array", "asarray", "concatenate", "stack", "vstack", "hstack", "column_stack",
                              "unique"})


def _given_pandas(ctx: _Context, call, joins: bool = False) -> bool:
    """A call handed a pandas object (``np.average(df.where(m).dropna()['POP'])``), which it may hand on
    to pandas' own method; not a join, which reads the object's values into the array it builds
    (``np.concatenate(([0], s[:-1]))``)."""
    from npguard.static.tables import _JOINS

    node = ctx.node_at(call.span)
    if call.numpy and call.name.rsplit(".", 1)[-1] in _JOINS and not joins:
        return False
    if call.pandas:   # seen at the line (``np.any(np.isinf(returns))`` with ``returns`` a frame there)
        return True

    def numpy_of(n: ast.AST) -> bool:   # ``allSignals.values``, ``df.to_numpy()``: the frame's NumPy array
        p = ctx.parents.get(id(n))
        q = ctx.parents.get(id(p)) if p is not None else None
        return isinstance(p, ast.Attribute) and (p.attr == "values" or p.attr == "to_numpy" and isinstance(q, ast.Call))
    return isinstance(node, ast.Call) and any(
        isinstance(n, ast.Name) and _is_pandas((ctx.namespace or {}).get(n.id)) and not numpy_of(n)
        for a in [*node.args, *(k.value for k in node.keywords)] for n in ast.walk(a))


#: pandas methods that return a lazy grouping or window: the aggregation called on it makes the memory.
_GROUPING = frozenset({"groupby", "rolling", "expanding", "ewm", "resample"})


def _reduction_method(ctx: _Context, call) -> bool:
    """``f(x).sum(axis=0)``, ``o[np.where(m)].mean()``: a reduction method, which only reads its receiver."""
    node = ctx.node_at(call.span)
    func = node.func if isinstance(node, ast.Call) else None
    return (isinstance(func, ast.Attribute) and func.attr in facts.REDUCTIONS
            and not call.name.startswith("pandas operations")
            and not (isinstance(func.value, ast.Name) and ctx.np is not None and func.value.id == ctx.np)
            # ``df.groupby(cols).max()``, ``df.groupby("A").rolling(3).mean()``: pandas' aggregation does the work;
            # what the lazy group-by or window before it returned made nothing
            and not any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _GROUPING
                        for n in ast.walk(func.value)))


def _gives_a_number(ctx: _Context, call) -> bool:
    """A reduction over a whole array, as a method (``bad.sum()``) or a NumPy function (``np.max(population)``)."""
    node = ctx.node_at(call.span)
    return _full_reduction(ctx, call) or (call.numpy and isinstance(node, ast.Call) and len(node.args) == 1
                                          and not node.keywords and _short(call) in facts.REDUCTIONS)


def _sizes_an_array(ctx: _Context, call) -> bool:
    """The call's value is part of the size of a NumPy creation call (``np.arange(1, np.max(p) + 1)``)."""
    node = ctx.node_at(call.span)
    while node is not None and not isinstance(node, ast.stmt):
        parent = ctx.parents.get(id(node))
        if (isinstance(parent, ast.Call) and node is not parent.func and isinstance(parent.func, ast.Attribute)
                and isinstance(parent.func.value, ast.Name) and parent.func.value.id == ctx.np
                and parent.func.attr in _SIZED_BY_ARGUMENTS):
            return True
        node = parent
    return False


def _only_read_after(ctx: _Context, node: ast.stmt, name: str) -> bool:
    """In the function around ``node``, every later use of ``name`` only reads it: sliced, its shape read, a method
    that reads (``reshape``, ``sum``), handed to NumPy, or the name rebound to a slice of itself (qutip's ``noise =
    noise[: -k]``); never written into, returned, or handed to other code."""
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if func is None:
        return False
    for n in ast.walk(func):
        if not (isinstance(n, ast.Name) and n.id == name and n.lineno > node.end_lineno):
            continue
        p = ctx.parents.get(id(n))
        if isinstance(n.ctx, ast.Store):
            value = _value(p) if isinstance(p, ast.Assign) and p.targets == [n] else None
            if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name) and value.value.id == name
                    and _basic_index(value.slice)):
                return False
            continue
        if isinstance(p, ast.Subscript) and p.value is n and isinstance(p.ctx, ast.Load):
            continue
        if isinstance(p, ast.Attribute) and p.value is n and p.attr not in _MUTATORS and (
                p.attr in ("shape", "ndim", "size", "dtype", "T") or p.attr in facts.ARRAY_METHODS
                and p.attr not in ("fill", "sort")):
            continue
        if (isinstance(p, ast.Call) and n in p.args and isinstance(p.func, ast.Attribute) and ctx.np is not None
                and _root_name(p.func) == ctx.np and not any(k.arg == "out" for k in p.keywords)):
            continue
        return False
    return True


def _attribute_written(ctx: _Context, node: ast.stmt, attribute: str) -> bool:
    """The function around ``node`` writes into the object's array ``attribute`` (``self.noise[...] = ...``,
    ``self.noise += ...``, a mutating method of it, ``out=self.noise``) or binds it anew."""
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    for n in ast.walk(func) if func is not None else ():
        targets = (n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, (ast.AugAssign, ast.AnnAssign))
                   else [])
        for t in targets:
            while isinstance(t, ast.Subscript):
                t = t.value
            if isinstance(t, ast.Attribute) and ctx.segment(t) == attribute:
                return True
        if isinstance(n, ast.Call) and (any(k.arg == "out" and ctx.segment(k.value) == attribute for k in n.keywords)
                                        or isinstance(n.func, ast.Attribute) and n.func.attr in _MUTATORS
                                        and ctx.segment(n.func.value) == attribute):
            return True
    return False


def _keeps_dtype(ufunc: str, dtype: str) -> bool:
    """NumPy's one-input ufunc ``ufunc`` gives an array of ``dtype`` from one (``np.abs`` of floats; not
    ``np.isnan``), so it can write into its input."""
    import numpy

    fn = getattr(numpy, ufunc, None)
    if not isinstance(fn, numpy.ufunc) or fn.nin != 1 or fn.nout != 1:
        return False
    with numpy.errstate(all="ignore"):
        return fn(numpy.ones(1, dtype)).dtype == numpy.dtype(dtype)


def _numberish(ctx: _Context, e: ast.expr, stmt: Statement, depth: int = 0) -> bool:
    """A number: written as one, a reduction over every element, arithmetic on such, or a name bound once before
    the line to one (``total = np.sum(data)``)."""
    if _scalar_expr(ctx, e) or isinstance(e, ast.Call) and _full_reduction_call(ctx, e):
        return True
    if isinstance(e, ast.BinOp):
        return _numberish(ctx, e.left, stmt, depth) and _numberish(ctx, e.right, stmt, depth)
    if isinstance(e, ast.UnaryOp):
        return _numberish(ctx, e.operand, stmt, depth)
    if isinstance(e, ast.Name) and depth < 3:
        bound = _last_binding(ctx, ctx.node_of(stmt), e.id)
        value = _value(bound) if bound is not None else None
        return value is not None and _numberish(ctx, value, stmt, depth + 1)
    return False


def _full_reduction_call(ctx: _Context, node: ast.Call) -> bool:
    """``np.sum(x * y)`` or ``(x * y).sum()``: a reduction over every element, whose value is one number."""
    if not isinstance(node.func, ast.Attribute) or node.func.attr not in facts.REDUCTIONS:
        return False
    if ctx.np is not None and _root_name(node.func) == ctx.np and isinstance(node.func.value, ast.Name):
        return len(node.args) == 1 and all(k.arg in ("dtype",) for k in node.keywords)
    return not node.args and all(k.arg in ("dtype",) for k in node.keywords)


def _full_reduction(ctx: _Context, call) -> bool:
    """``bad.sum()``, ``m.any()``: a reduction method over the whole receiver, whose value is one number
    (its receiver was made before the call, and NumPy reduces it in small buffers)."""
    node = ctx.node_at(call.span)
    return (_reduction_method(ctx, call) and isinstance(node, ast.Call) and not node.args
            and all(k.arg == "dtype" for k in node.keywords))


def _array_of_values(ctx: _Context, stmt: Statement, calls: list, rest: int) -> Finding | None:
    """``X2 = np.array(X2.values)``: ``.values`` of a frame whose columns are not one block builds a new
    array, which ``np.array`` copies again; the first dies on the line."""
    node = ctx.node_at(calls[0].span) if len(calls) == 1 and calls[0].numpy else None
    if not (isinstance(node, ast.Call) and _short(calls[0]) == "array" and len(node.args) == 1
            and not any(k.arg == "copy" for k in node.keywords)):
        return None
    arg = node.args[0]
    source = (arg.value if isinstance(arg, ast.Attribute) and arg.attr == "values" else
              arg.func.value if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute)
              and arg.func.attr == "to_numpy" and not arg.args and not arg.keywords else None)
    frame = (ctx.namespace or {}).get(source.id) if isinstance(source, ast.Name) else None
    if isinstance(source, ast.Name) and not _is_pandas(frame):
        # ``X2 = data2.iloc[:, 1:cols]`` before, and this line rebinds ``X2``: the frame it was built from
        root = _receiver_root(_value(_last_binding(ctx, ctx.node_of(stmt), source.id)))
        frame = (ctx.namespace or {}).get(root) if root else None
    if not _is_pandas(frame) or getattr(frame, "ndim", 1) != 2:
        return None
    stat = ctx.stats.get(stmt.lineno)
    if stat is None or abs(stat.net_bytes) > 0.1 * rest and stat.net_bytes < 0.9 * rest:
        return None
    text = ctx.segment(arg)
    return Finding("forced-copy", stmt.lineno, rest,
                   f"{_code(text)} built a new array ({format_bytes(rest)}: the columns of `{source.id}` are not"
                   f" one block of one dtype, so pandas puts them together), and {_code(calls[0].expr)} then copied"
                   " it: the first array died on the line.",
                   f"`{source.id}.to_numpy(copy=True)` builds the array once, its own and writable.", None)


#: NumPy functions that return a view of their one array argument (a flip, a transpose), making no array.
_VIEWING = facts.VIEW_FUNCTIONS - {"asarray", "asanyarray"} | {"fliplr", "flipud", "flip", "rot90"}


def _view_of_values(ctx: _Context, stmt: Statement, calls: list, rest: int) -> Finding | None:
    """``np.fliplr(ci.values)``: the NumPy function returns a view and makes nothing, so what the line made
    is ``.values`` itself: pandas builds one new array of a frame whose columns are not one block of one
    dtype (of one that is, it returns a view, which makes nothing to measure)."""
    node = ctx.node_at(calls[0].span) if len(calls) == 1 and calls[0].numpy else None
    if not (isinstance(node, ast.Call) and _short(calls[0]) in _VIEWING and len(node.args) == 1
            and not node.keywords):
        return None
    arg = node.args[0]
    values = (isinstance(arg, ast.Attribute) and arg.attr == "values" or isinstance(arg, ast.Call)
              and isinstance(arg.func, ast.Attribute) and arg.func.attr == "to_numpy" and not arg.args)
    if not values:
        return None
    text = ctx.segment(arg)
    return Finding("inside-call", stmt.lineno, rest,
                   f"inside {_code(text)}: {format_bytes(rest)} of temporaries came from pandas putting the columns"
                   f" into one new array (they are not one block of one dtype, or it would have been a view, making"
                   f" nothing); {_code(calls[0].name)} only returns a view of that array, freed when the line ends.",
                   "Keep the frame's columns in one block of one dtype (build it from one 2-D array) and `.values` is"
                   " a view; otherwise the array is the price of asking for the columns together.", None)


def _pandas_view(ctx: _Context, call) -> bool:
    """A pandas site that only reads a column by its label and slices it (``df['Depth'][:-1]``): basic
    access, a view that allocates no array."""
    node = ctx.node_at(call.span) if call.name.startswith("pandas operations") else None
    if not isinstance(node, ast.Subscript):
        return False
    while isinstance(node, ast.Subscript):
        index = node.slice
        label = isinstance(index, ast.Constant) and isinstance(index.value, str) or (
            # ``flights[['ORG_AIR', 'DEST_AIR']]``: pandas 3 selects columns as a lazy copy
            isinstance(index, ast.List) and _pandas_copies()
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in index.elts))
        sliced = isinstance(index, ast.Slice) and all(
            b is None or isinstance(b, ast.Constant) and isinstance(b.value, int)
            or isinstance(b, ast.UnaryOp) and isinstance(b.operand, ast.Constant)
            for b in (index.lower, index.upper, index.step))
        if not (label or sliced):
            return False
        node = node.value
    return isinstance(node, ast.Name) and _is_pandas((ctx.namespace or {}).get(node.id))


def _masked_by_pandas(ctx: _Context, call) -> bool:
    """The pandas expression ``call`` was handed is a comparison (``np.where(data['distance'] < -t, 1, ...)``):
    a mask of a byte an element, far smaller than the call's own result."""
    site = _pandas_argument(ctx, call)
    node = ctx.node_at(site.span) if site is not None else None
    return isinstance(node, ast.Compare) or isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)) \
        and all(isinstance(n, ast.Compare) for n in (node.left, node.right))


def _pandas_argument(ctx: _Context, call):
    """The pandas expression a modelled NumPy call was handed (``90 - lat1`` in
    ``np.deg2rad(90 - lat1)``): pandas' own code made that value, and the NumPy call would have been
    predicted had its input been an array."""
    from npguard.static import CallSite

    node = ctx.node_at(call.span)
    if not (_modelled(call) and isinstance(node, ast.Call)):
        return None
    if call.name.split(".")[-1] in facts.REDUCTIONS or call.name.split(".")[-1] == "count_nonzero":
        # ``np.var(df.isnull(), axis="rows")``: NumPy hands the frame to pandas' own ``var``, which works on it;
        # ``np.count_nonzero(df.isnull())`` converts the frame to an array first
        return None
    for arg in [*node.args, *(k.value for k in node.keywords)]:
        frames = sorted({n.id for n in ast.walk(arg) if isinstance(n, ast.Name)
                         and _is_pandas((ctx.namespace or {}).get(n.id))})
        if frames and isinstance(arg, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.Call)):
            names = ", ".join(f"`{n}`" for n in frames[:3])
            return CallSite(ctx.segment(arg), f"pandas operations on {names}", _span_of(arg), numpy=False)
    return None


def _modelled(call) -> bool:
    """A NumPy function or ufunc the predictor models when it knows its inputs."""
    from npguard.static.rules.functions import FUNCTIONS

    return call.numpy and (call.name.split(".")[-1] in FUNCTIONS or _is_ufunc(call.name))


def _built_from_new_arrays(ctx: _Context, value: ast.expr) -> bool:
    """``np.zeros(n) * np.nan``: every array the operator reads is one the line makes, so writing its result
    into an existing array (``out=``) would still build that operand first, and save nothing."""
    if not isinstance(value, (ast.BinOp, ast.UnaryOp)):
        return False
    operands = [value.operand] if isinstance(value, ast.UnaryOp) else [value.left, value.right]
    arrays = [o for o in operands if not _scalar_expr(ctx, o)]
    return bool(arrays) and all(_fresh(ctx, o) for o in arrays)


def _writes_into_out(ctx: _Context, value: ast.expr) -> bool:
    """The value's last step can write into an existing array: an operator (its ufunc takes ``out=``),
    a NumPy ufunc, or a NumPy function with an ``out`` parameter; not ``np.linalg.solve(...)``, a
    transpose of a result, or code npguard does not know."""
    if isinstance(value, (ast.BinOp, ast.UnaryOp)):
        return True
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        import numpy   # ``from numpy import multiply``: the name the namespace holds

        fn = (ctx.namespace or {}).get(value.func.id)
        return isinstance(fn, numpy.ufunc) and fn.nout == 1
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and ctx.np is not None):
        return False
    path, node = [], value.func
    while isinstance(node, ast.Attribute):
        path.insert(0, node.attr)
        node = node.value
    if not (isinstance(node, ast.Name) and node.id == ctx.np) or len(path) > 2:
        return False
    import inspect
    import warnings

    import numpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fn = functools.reduce(lambda obj, attr: getattr(obj, attr, None), path, numpy)
    if isinstance(fn, numpy.ufunc):
        return True
    try:
        return "out" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _is_scalar_type(name: str) -> bool:
    """``int64``, ``float32``: a NumPy scalar type, which called on an array casts it."""
    import numpy

    live = getattr(numpy, name, None)
    return isinstance(live, type) and issubclass(live, numpy.generic)


def _is_ufunc(name: str) -> bool:
    import warnings

    import numpy

    parts = name.split(".")
    # ``np.log``, or ``log`` imported from NumPy; in a submodule, what that submodule holds (``np.ma.log`` is
    # the masked-array operation, which returns data and a mask, not a ufunc)
    path = parts[1:] if len(parts) > 2 else parts[-1:]
    found: Any = numpy
    with warnings.catch_warnings():   # ``np.str`` and other retired names warn when looked up
        warnings.simplefilter("ignore")
        for part in path:
            found = getattr(found, part, None)
    return isinstance(found, numpy.ufunc)


def _makes_a_scalar(ctx: _Context, call) -> bool:
    """``np.datetime64('1970-01-01')``, ``np.float32(3)``: a NumPy scalar type called on constants
    makes a scalar, never the memory of a line."""
    import numpy

    if not call.numpy:
        return False
    kind = getattr(numpy, call.name.split(".")[-1], None)
    node = ctx.node_at(call.span)
    if (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords
            and call.name.split(".")[-1] in facts.REDUCTIONS and isinstance(node.args[0], ast.Attribute)
            and node.args[0].attr in ("shape", "strides")):
        return True   # ``np.min(M.shape)``: a reduction of a few integers
    return (call.numpy and isinstance(kind, type) and issubclass(kind, numpy.generic) and isinstance(node, ast.Call)
            and all(isinstance(a, ast.Constant) or (isinstance(a, ast.UnaryOp) and isinstance(a.operand, ast.Constant))
                    for a in [*node.args, *(k.value for k in node.keywords)]))


def _encloses(outer, inner) -> bool:
    return outer.span[:2] <= inner.span[:2] and inner.span[2:] <= outer.span[2:]


def _grids_one_at_a_time(ctx: _Context, stmt: Statement, stat: LineStat, rest: int) -> Finding | None:
    """``z, y, x = np.mgrid[...]`` whose ranges the analysis could not size: NumPy fills its result with indices,
    then computes each grid times its step plus its start as a new array, one at a time, and copies it back; the
    line's temporaries are one grid."""
    value = _value(ctx.node_of(stmt))
    if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Attribute) and value.value.attr == "mgrid"
            and _root_name(value.value) == ctx.np and ctx.np is not None):
        return None
    axes = len(value.slice.elts) if isinstance(value.slice, ast.Tuple) else 1
    kept = stat.net_bytes / max(1, stat.hits)
    if axes < 2 or not 0.8 * kept / axes <= rest <= 1.2 * kept / axes:
        return None   # (the result, kept, holds every grid: one of them is its size over the number of axes)
    return Finding("chained-ops", stmt.lineno, rest,
                   f"{_code(ctx.segment(value))} fills its result with indices, then computes each of its {axes}"
                   " grids times its step plus its start as a new array, one at a time, and copies it back: the"
                   f" line's {format_bytes(rest)} of temporaries are one grid, beside the result the line keeps.",
                   f"Where the grids are only computed with, `{ctx.np}.ogrid[...]` (or `{ctx.np}.meshgrid(...,"
                   " sparse=True)`) gives one axis each, which broadcast to the same values with no full grid;"
                   " otherwise this grid is what building the result costs.", None)


def _step_on_a_view_of_new_grids(ctx: _Context, stmt: Statement, stat: LineStat, rest: int) -> Finding | None:
    """perlin-numpy's ``grid = np.mgrid[...].transpose(1, 2, 0) % 1``: the grids are a new array, the transpose a
    view of it, and ``% 1`` makes another array from the view (NumPy reuses only an operand that owns its memory),
    so the grids die when the line ends; the step in place on the grids, then the view, keeps one array."""
    node = ctx.node_of(stmt)
    value = _value(node)
    target = _single_target(node)
    if not (isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Mod, ast.Add, ast.Sub, ast.Mult))
            and isinstance(value.right, ast.Constant) and type(value.right.value) is int and target is not None):
        return None   # (an int keeps the grids' dtype, int or float: the step can be written into them)
    view = value.left
    grids = _transposed_view(view)
    if not (isinstance(grids, ast.Subscript) and isinstance(grids.value, ast.Attribute) and grids.value.attr == "mgrid"
            and _root_name(grids.value) == ctx.np and ctx.np is not None):
        return None
    kept = stat.net_bytes / max(1, stat.hits)
    if not 0.8 * kept <= rest <= 1.2 * kept:
        return None   # (the grids are as large as the value the line keeps)
    op = _OPS[type(value.op)]
    taken = (f".{view.func.attr}({', '.join(ctx.segment(a) for a in view.args)})" if isinstance(view, ast.Call)
             else f".{view.attr}")
    if isinstance(view, ast.Call) and view.keywords:
        return None
    lines = [f"{target} = {ctx.segment(grids)}", f"{target} {op}= {ctx.segment(value.right)}",
             f"{target} = {target}{taken}"]
    return Finding("chained-ops", stmt.lineno, rest,
                   f"{_code(ctx.segment(grids))} builds its grids as a new array ({format_bytes(rest)}),"
                   f" `{taken}` is a view of it, and `{op}"
                   f" {ctx.segment(value.right)}` makes another array from the view (NumPy computes in place only in"
                   " an array the line made, not a view of it): the grids die when the line ends.",
                   f"`{lines[0]}`, then `{lines[1]}`, then `{lines[2]}` computes the step in the grids' own array and"
                   " keeps the view: the same values, with no second array (a view in the new axis order).",
                   ctx.replace_statement(node, lines) if ctx.owns_lines(node) else None)


def _unexplained(ctx: _Context, stmt: Statement, stat: LineStat, here: list[Finding], bar: int) -> Finding | None:
    """Measured temporaries that no finding on the line accounts for, attributed to its unmodelled call."""
    # the old values a tuple still held (``x, y1, y2 = d._downsample(...)``) were alive before the line: where it
    # ended lower than it began (they were freed), they are no part of what it measured above its start
    node = ctx.node_of(stmt)
    unpacked = (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], (ast.Tuple, ast.List)))
    # (``x = log_e(x) - self.c`` on a parameter not yet rebound: the caller still holds the old array, which the
    # line's figures never freed, so its finding takes none of them)
    target = _single_target(node)
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) if target is not None else None
    callers = (func is not None and target in _parameters(func) and _last_binding(ctx, node, target) is None
               and stat.net_bytes >= 0)
    rest = stat.temporaries_bytes - sum(0 if callers and f.kind == "out-of-place-update"
                                        else max(0, f.bytes + min(stat.net_bytes, 0))
                                        if unpacked and f.kind == "out-of-place-update" else f.bytes for f in here)
    if rest < bar or any(f.kind == "inside-call" for f in here):
        return None   # an inside-call's message already counts what the call made inside
    overlap = _overlapping_operand(ctx, stmt, rest) or _shifted_self_update(ctx, stmt, rest)
    if overlap is not None:
        return overlap
    # the old value's own finding (``beta = beta.rolling(w).mean()``) already took its bytes from what is left
    told = any(f.kind == "out-of-place-update" for f in here)
    own = (_own_function(ctx, stmt, rest, told) or _own_property(ctx, stmt, rest)   # the cell's own code ran here
           or _lambda_body(ctx, stmt, stat, rest) or _run_by_pandas(ctx, stmt, rest))
    if own is not None:
        return own
    item = (_list_item_replaced(ctx, stmt, stat, rest) or _list_joined_over(ctx, stmt, stat, rest)
            or _list_attribute_replaced(ctx, stmt, stat, rest))
    if item is not None:
        return item
    if rest < 0.5 * stat.temporaries_bytes and not any(c.hidden for c in stmt.calls):
        return None   # a small remainder is no call's to claim, unless NumPy's own code is known to make it
    node = ctx.node_of(stmt)
    ops = (ast.BinOp, ast.UnaryOp, ast.Compare)
    if (_thrown_away(ctx.tree, node) and ctx.header_of(stmt) is None and isinstance(node.value, ops)
            and sum(isinstance(n, ops) for n in ast.walk(node.value)) == 1
            and stat.temporaries_bytes <= 1.5 * _thrown_value_bound(ctx, node.value)):
        # `s - 1.0` thrown away: its value is the memory, which the discarded-value note tells (unless the
        # line made far more: `df["name"] == "Maria"` compares strings in pandas' own code first)
        return None
    pieces = (_joined_pieces(ctx, stmt, rest) or _grids_one_at_a_time(ctx, stmt, stat, rest)
              or _step_on_a_view_of_new_grids(ctx, stmt, stat, rest))
    if pieces is not None:
        return pieces
    calls = _outermost(ctx, stmt)
    stored = _stored_operation(ctx, stmt, rest) if len(calls) == 1 and calls[0].numpy and (
        ctx.node_at(calls[0].span) is _value(node)) else None
    if stored is not None:
        return stored
    reduced = _operator_reduced(ctx, stmt, calls, rest) if len(calls) == 1 else None
    if reduced is not None:
        return reduced
    unsized = _unsized_operators(ctx, stmt, rest) if all(
        c.numpy and (_is_ufunc(c.name) or _short(c) in _SIZED_BY_ARGUMENTS) for c in calls) else None
    if unsized is not None:
        return unsized
    selected = (_unsized_selection(ctx, stmt, rest) if not calls and not stmt.calls else
                _reduced_selection(ctx, stmt, calls, rest))
    if selected is not None:
        return selected
    copied = _array_of_values(ctx, stmt, calls, rest) or _view_of_values(ctx, stmt, calls, rest)
    if copied is not None:
        return copied
    if calls:
        return _call_finding(stmt, calls, rest, likely=False, ctx=ctx, old_told=told)
    calls = _pandas_site(ctx, stmt) or _written_call(ctx, stmt)
    return _call_finding(stmt, calls, rest, likely=False, ctx=ctx, old_told=told) if calls else None


def _new_key(ctx: _Context, node: ast.Assign, built: list[ast.Assign]) -> bool:
    """The store adds a key the dict did not have: the dict was built in the cell with keys written out
    (``{'a': ...}``, ``{k: ... for k in [1, 2]}``), the key is a literal none of them equals, and no earlier
    line of the cell stores it."""
    key = node.targets[0].slice
    if not (isinstance(key, ast.Constant) and built) or len(built) != 1:
        return False
    made = built[0].value
    if isinstance(made, ast.Dict) and all(isinstance(k, ast.Constant) for k in made.keys):
        keys = [k.value for k in made.keys]
    elif (isinstance(made, ast.DictComp) and len(made.generators) == 1 and isinstance(made.key, ast.Name)
          and isinstance(made.generators[0].target, ast.Name) and made.generators[0].target.id == made.key.id
          and not made.generators[0].ifs and isinstance(made.generators[0].iter, (ast.List, ast.Tuple))
          and all(isinstance(e, ast.Constant) for e in made.generators[0].iter.elts)):
        keys = [e.value for e in made.generators[0].iter.elts]
    else:
        return False
    name = node.targets[0].value.id
    stored = any(isinstance(n, ast.Assign) and n is not node and n.lineno < node.lineno and any(
        isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == name
        and isinstance(t.slice, ast.Constant) and t.slice.value == key.value for t in n.targets)
        for n in ast.walk(ctx.tree))
    return key.value not in keys and not stored


def _item_container(ctx: _Context, node: ast.stmt | None) -> tuple[str, str, Any, list[ast.Assign]] | None:
    """``name[key] = value`` where ``name`` is a Python list or dict, not an array: one its scope built as a
    literal (or a comprehension), a shallow copy of a dict (``df = params.copy()``, of the session's dict or
    of one every caller passes), or, at the top level, a list or dict the session holds. The kind, the
    name, the container the session holds (if any) and the scope's earlier bindings of the name."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)
            and isinstance(node.targets[0].value, ast.Name)) or ctx.tree is None:
        return None
    name = node.targets[0].value.id
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    containers = (ast.List, ast.ListComp, ast.Dict, ast.DictComp)
    built = [n for n in ast.walk(scope) if isinstance(n, ast.Assign) and _single_target(n) == name
             and n.lineno < node.lineno]
    held = (ctx.namespace or {}).get(name)
    copied = _dict_copied(ctx, scope, built)
    if copied is not None:
        return "dict", name, copied, []
    if built and not all(isinstance(n.value, containers) for n in built) or not built and (
            scope is not ctx.tree or type(held) not in (list, dict)):
        return None   # ``rmsprop_cache[k]`` of a dict the session built is held the same way
    kind = "list" if isinstance(held, list) or built and isinstance(built[0].value, (ast.List, ast.ListComp)) else "dict"
    return kind, name, held, built


def _dict_copied(ctx: _Context, scope: ast.AST, built: list[ast.Assign]) -> dict | None:
    """The session's dict that the only earlier binding copies (``df = params.copy()``, ``dict(params)``):
    ``params`` names it at the top level, or is a parameter every call of the cell's function gives it."""
    if len(built) != 1 or not isinstance(built[0].value, ast.Call):
        return None
    call = built[0].value
    if (isinstance(call.func, ast.Attribute) and call.func.attr == "copy" and not call.args and not call.keywords
            and isinstance(call.func.value, ast.Name)):
        source = call.func.value.id
    elif (isinstance(call.func, ast.Name) and call.func.id == "dict" and len(call.args) == 1 and not call.keywords
          and isinstance(call.args[0], ast.Name)):
        source = call.args[0].id
    else:
        return None
    names = [source]
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if source not in _parameters(scope):
            return None
        positional = [a.arg for a in scope.args.posonlyargs + scope.args.args]
        uses = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Name) and n.id == scope.name]
        calls = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                 and n.func.id == scope.name]
        given = [_argument_for(c, positional, source) for c in calls]
        if not calls or len(calls) != len(uses) or not all(isinstance(g, ast.Name) for g in given):
            return None   # passed on or stored: other callers may give it anything
        names = [g.id for g in given]
    held = [(ctx.namespace or {}).get(n) for n in names]
    return held[0] if all(type(h) is dict for h in held) else None


def _list_item_replaced(ctx: _Context, stmt: Statement, stat: LineStat, rest: int) -> Finding | None:
    """``nabla_w[-l] = np.dot(delta, a.T)`` where ``nabla_w`` is a list the same scope built: the new
    array is made while the list still holds the item it replaces, which is freed only when the new
    one is stored. A line that kept nothing over its runs (net 0) replaced an item of its own size
    each time: the measured temporaries are that old item."""
    node = ctx.node_of(stmt)
    container = _item_container(ctx, node)
    if container is None:
        return None
    kind, name, held, built = container
    # a line that kept nothing over its runs replaced an item of its size each time; one that kept one
    # item over several runs added the key on its first run and replaced it on the others
    first_added = stat.hits >= 2 and abs(stat.net_bytes - rest) <= 0.05 * rest
    if abs(stat.net_bytes) > 0.05 * rest and not first_added:
        return None
    if kind == "dict" and _new_key(ctx, node, built):
        return None   # ``huber_est[0] = ...`` over ``{k: ... for k in [1, 1.5, 2, 3]}``: nothing is replaced
    item = ctx.segment(node.targets[0])
    if (kind == "dict" and len(built) == 1 and isinstance(built[0].value, ast.Dict) and not built[0].value.keys
            and not isinstance(node.targets[0].slice, ast.Constant) and not any(
                isinstance(n, ast.Subscript) and n is not node.targets[0] and _norm(ctx.segment(n)) == _norm(item)
                for n in ast.walk(ctx.tree))):
        return None   # ``parts = {}``, then ``parts[key] = ...`` per group: each key may be new, nothing replaced
    value = _value(node)
    calls = [ctx.segment(value.func)] if isinstance(value, ast.Call) else []
    reads = any(_norm(ctx.segment(n)) == _norm(item) for n in ast.walk(value) if isinstance(n, ast.Subscript))
    old = _held_item_size(held, rest) if _operators_on_arrays(ctx, value) > 1 else None
    if old is not None and rest > 1.2 * old:
        # ``v[k] = beta1*v[k] + (1 - beta1)*grads[k]``: the new value is the old item's size, and one of the
        # operators' intermediates is alive beside it
        part = (f"{format_bytes(old)} of the line's temporaries is the new value, built beside an old item of"
                f" its size, and the other {format_bytes(rest - old)} are intermediates of its operators, alive"
                " with it")
        term = ("; but the terms it adds or multiplies by are still built whole first (`x -= a * b / c` builds"
                " `a * b / c`), so the line's peak falls only when those terms need less memory at once than the line did")
    else:
        part = (f"{format_bytes(rest)} of the line's temporaries is the old item, the same size as the new"
                + (f" one, since the line kept one item over its {stat.hits} runs: the first added the key, the"
                   " others replaced it" if first_added else " one, since the line kept nothing over its runs"))
        term = ""
    return Finding("out-of-place-update", stmt.lineno, rest,
                   f"{_code(stmt.text)} makes the new `{item}` while the {kind} `{name}` still holds the item it"
                   f" replaces, which is freed only when the new one is stored: both exist at once ({part}).",
                   (f"The new value reads the old `{item}`, so it cannot be let go first; updating the item in"
                    f" place (augmented operators, `{item} *= a` then `{item} += b`, or a ufunc's `out={item}`)"
                    f" builds no second array of its size{term}." if reads else
                    f"Let go of the old item first (`{item} = None` on the line before) when nothing else holds it,"
                    + (f" or have {_code(calls[0])} write into it (`out={item}`) when it takes `out=` and the shape"
                       " and dtype stay the same." if calls else
                       f" or write the new values into it (`{item}[...] = ...` still builds them first).")), None)


_JOINS_A_LIST = frozenset({"asarray", "array", "stack", "vstack", "hstack", "concatenate", "row_stack",
                           "column_stack"})


def _list_joined_over(ctx: _Context, stmt: Statement, stat: LineStat, rest: int) -> Finding | None:
    """``reconstructions = np.asarray(reconstructions)`` where ``reconstructions`` is a list the scope filled
    with ``append``: NumPy copies the pieces into one array, and the list (with every piece no other name
    holds) is freed only once the name is rebound, so the line's temporaries are those pieces."""
    node = ctx.node_of(stmt)
    name, value = _single_target(node), _value(node)
    if not (name and isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
            and value.func.attr in _JOINS_A_LIST and _root_name(value.func) == ctx.np and ctx.np is not None
            and value.args and isinstance(value.args[0], ast.Name) and value.args[0].id == name):
        return None
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    # bound to a list on its own or in a tuple (``mb_obs, mb_rewards = [], []``)
    listed = any(isinstance(n, ast.Assign) and n.lineno < node.lineno and any(
        isinstance(target, ast.Name) and target.id == name and isinstance(bound, ast.List)
        for t in n.targets for target, bound in (zip(t.elts, n.value.elts) if isinstance(t, ast.Tuple)
                                                 and isinstance(n.value, ast.Tuple) else [(t, n.value)]))
        for n in ast.walk(scope))
    appended = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("append", "extend")
                   and isinstance(n.func.value, ast.Name) and n.func.value.id == name for n in ast.walk(scope))
    if not (listed and appended) or rest < MIN_ARRAY_BYTES:
        return None
    call = ctx.segment(value.func)
    return Finding("out-of-place-update", stmt.lineno, rest,
                   f"{_code(stmt.text)} copies the arrays appended to the list `{name}` into one new array, and the"
                   f" list, with every piece no other name still holds, is freed only once `{name}` is rebound: the"
                   f" line's {format_bytes(rest)} of temporaries are those pieces, alive beside the joined copy.",
                   f"Allocate the array once before the loop (`{ctx.np}.empty((n, ...))`) and write each piece into"
                   + (f" its column as it is made (`{name}[:, i] = ...`)" if value.func.attr == "column_stack" else
                      f" its row as it is made (`{name}[i] = ...`)")
                   + f", so the pieces never exist beside a joined copy; {_code(call)} then has nothing left to do.",
                   None)


def _held_item_size(held: Any, most: int) -> int | None:
    """The largest NumPy array a list or dict holds that is no larger than ``most`` bytes."""
    import numpy

    items = held.values() if isinstance(held, dict) else held if isinstance(held, list) else ()
    sizes = [v.nbytes for v in items if isinstance(v, numpy.ndarray) and v.nbytes <= 1.02 * most]
    return max(sizes) if sizes else None


def _operators_on_arrays(ctx: _Context, value: ast.expr | None) -> int:
    """How many operators of ``value`` work on an array (not numbers only: ``(1 - beta1)`` is not one)."""
    return sum(isinstance(n, (ast.BinOp, ast.UnaryOp)) and not _scalar_expr(ctx, n) for n in ast.walk(value)) \
        if value is not None else 0


def _thrown_value_bound(ctx: _Context, expr: ast.expr) -> float:
    """The most a pandas operator's value can hold: the cells of its largest frame or series times 8
    bytes (1 for a comparison's booleans). Infinite where no pandas object takes part (NumPy's values are
    predicted and told by the note)."""
    def one_column(frame) -> bool:   # ``df['date'].diff() - 1``: a column's values, not the frame's cells
        columns = set(map(str, getattr(frame, "columns", ())))
        return any(isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str)
                   or isinstance(n, ast.Attribute) and n.attr in columns for n in ast.walk(expr))

    boolean = isinstance(expr, ast.Compare) or isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Invert)
    shape = _pandas_shape(ctx, expr)
    if shape is not None:   # ``data.shape[0] - data.isnull().sum()`` is one number per column
        return shape[0] * shape[1] * (1 if boolean else 8)
    rows = [len(v) * (v.shape[1] if len(v.shape) > 1 and not one_column(v) else 1) for n in ast.walk(expr)
            if isinstance(n, ast.Name) for v in [(ctx.namespace or {}).get(n.id)] if _is_pandas(v)]
    if not rows:
        return float("inf")
    return max(rows) * (1 if boolean else 8)


#: pandas methods whose value has their receiver's rows and columns.
_PANDAS_SAME_SHAPE = frozenset({"isnull", "isna", "notnull", "notna", "abs", "round", "fillna", "astype", "copy",
                                "clip", "diff", "shift", "cumsum", "cumprod", "cummax", "cummin", "pct_change"})
#: pandas reductions: one value per column (per row with ``axis=1``), one number for a Series.
_PANDAS_REDUCTIONS = facts.REDUCTIONS | {"count", "median", "nunique", "idxmax", "idxmin", "sem", "skew", "kurt"}


def _pandas_shape(ctx: _Context, node: ast.expr) -> tuple[int, int] | None:
    """(rows, columns) of the value a pandas expression gives, (1, 1) for a number; None where any part
    is not known (a frame or series the namespace holds, its columns, elementwise methods, reductions,
    operators and literals)."""
    import numbers

    if isinstance(node, ast.Constant):
        return (1, 1) if isinstance(node.value, numbers.Number) else None
    if isinstance(node, ast.Name):
        value = (ctx.namespace or {}).get(node.id)
        if _is_pandas(value):
            return len(value), (value.shape[1] if value.ndim > 1 else 1)
        return (1, 1) if isinstance(value, numbers.Number) else None
    if isinstance(node, ast.Subscript):
        if isinstance(node.value, ast.Attribute) and node.value.attr == "shape":
            return 1, 1
        base = _pandas_shape(ctx, node.value)
        if base is None:
            return None
        if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            return base[0], 1
        # ``raw[cols]`` with a list of labels (written out, or a list the namespace holds)
        labels = ((ctx.namespace or {}).get(node.slice.id) if isinstance(node.slice, ast.Name) else
                  [e.value for e in node.slice.elts if isinstance(e, ast.Constant)] if isinstance(node.slice, ast.List)
                  and all(isinstance(e, ast.Constant) for e in node.slice.elts) else None)
        return (base[0], len(labels)) if isinstance(labels, list) and all(isinstance(v, str) for v in labels) else None
    if isinstance(node, ast.UnaryOp):
        return _pandas_shape(ctx, node.operand)
    if isinstance(node, (ast.BinOp, ast.Compare)):
        parts = [node.left, node.right] if isinstance(node, ast.BinOp) else [node.left, *node.comparators]
        shapes = [_pandas_shape(ctx, p) for p in parts]
        if None in shapes:
            return None
        return max(s[0] for s in shapes), max(s[1] for s in shapes)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args:
        base = _pandas_shape(ctx, node.func.value)
        attr = node.func.attr
        if base is None or base == (1, 1):
            return None
        if attr in _PANDAS_SAME_SHAPE:
            return base
        if attr in _PANDAS_REDUCTIONS:
            axis = next((k.value for k in node.keywords if k.arg == "axis"), None)
            if axis is None or isinstance(axis, ast.Constant) and axis.value in (0, "index"):
                return (base[1], 1) if base[1] > 1 else (1, 1)
            if isinstance(axis, ast.Constant) and axis.value in (1, "columns"):
                return base[0], 1
    return None


def _operator_reduced(ctx: _Context, stmt: Statement, calls: list, rest: int) -> Finding | None:
    """``(_first(a, axis) == a).all(axis=0)``: a reduction method of an operator's result. The operator's
    operands were not known before the line ran (a value the cell's own function returns), so its array
    was not sized beforehand, but the operator made it and the reduction only reads it."""
    node = ctx.node_at(calls[0].span)
    func = node.func if isinstance(node, ast.Call) else None
    if not (isinstance(func, ast.Attribute) and func.attr in facts.REDUCTIONS and calls[0].name == ctx.segment(func)
            and isinstance(func.value, (ast.Compare, ast.BinOp))):
        return None
    made = ctx.segment(func.value)
    return Finding("chained-ops", stmt.lineno, rest,
                   f"{_code(stmt.text)} built {format_bytes(rest)} of temporaries that died when the line ended:"
                   f" {_code(made)} is a new array (measured; its operands were not known before the line ran),"
                   f" built whole only to be reduced (`{func.attr}`).",
                   f"{_code(made)} is needed whole only while `{func.attr}` reads it. Where what it is computed"
                   " from is not read afterwards, computing it in that array (a ufunc's `out=`) saves one; otherwise"
                   " a formula that never builds it, or working in chunks, would lower the peak.", None)


#: NumPy functions that make a new array whose size their arguments give (``np.arange(1, n + 1)``).
_SIZED_BY_ARGUMENTS = frozenset({"arange", "linspace", "logspace", "geomspace", "zeros", "ones", "empty", "full"})


def _stored_operation(ctx: _Context, stmt: Statement, rest: int) -> Finding | None:
    """``Y[:, :, :] = np.matmul(W, X)``: one operation (an operator, or a NumPy call), whose result is copied into
    the slice and let go; where it takes ``out=``, it can write there instead."""
    node = ctx.node_of(stmt)
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and _written_into(node.targets[0])
            and _item_container(ctx, node) is None and not _is_pandas_line(ctx, node, node.value)):
        return None   # (a dict's or a list's item keeps the value; a frame's column is pandas' to store)
    target_node = node.targets[0]
    if isinstance(target_node, ast.Subscript) and _is_fancy(target_node.slice, ctx.namespace, ctx.counters):
        return None   # ``x[ir] = np.amin(...)``: ``x[ir]`` indexed by an array is a copy, which ``out=`` cannot reach
    value = node.value
    np_ = ctx.np or "np"
    if isinstance(value, ast.BinOp) and type(value.op) in _UFUNC_OF:
        if any(isinstance(o, (ast.BinOp, ast.Call)) for o in (value.left, value.right)):
            return None   # a chain: its own steps are told as such
        call = f"{np_}.{_UFUNC_OF[type(value.op)]}({ctx.segment(value.left)}, {ctx.segment(value.right)}, out=%s)"
    elif (isinstance(value, ast.Call) and ctx.np is not None and _root_name(value.func) == ctx.np
          and not any(isinstance(a, (ast.BinOp, ast.Call, ast.UnaryOp)) for a in value.args)):
        call = (f"{ctx.segment(value)[:-1].rstrip()}, out=%s)" if _takes_out(ctx, value)
                and not any(k.arg == "out" for k in value.keywords) else None)
    else:
        return None
    target = ctx.segment(node.targets[0])
    # (a NumPy function other than a ufunc builds arrays of its own inside too: galpy's ``numpy.cross`` measured
    # more than its result)
    ufunc = isinstance(value, ast.BinOp) or _UFUNC_CALL.match(ctx.segment(value.func)) is not None
    return Finding("out-of-place-update", stmt.lineno, rest,
                   f"{_code(ctx.segment(value))} makes its result whole"
                   + (f" ({format_bytes(rest)} measured)" if ufunc else
                      f" (with what it builds inside to make it: {format_bytes(rest)} measured in all)")
                   + f" and only then copies it into {_code(target)}, so both exist at the peak.",
                   (f"`{call % target}` writes it straight into {_code(target)}, with no array built (when the target"
                    " has the result's dtype; its shape the store needs anyway)." if call else
                    "That copy is what filling the target from a new array costs."), None)


def _unsized_operators(ctx: _Context, stmt: Statement, rest: int) -> Finding | None:
    """``self.m[key] += (1 - b1) * (grads[key] - self.m[key])`` in a method: operators (and ufuncs) on
    arrays npguard did not know before the line ran (an object's attributes, a dict's values), and no
    other call. What the line made and freed can only be their results: each is a new array. Only the
    steps that surely see an array are named (an element of a container, an array the cell holds, the
    result of another such step); ``1 - self.beta1`` may be a number."""
    node = ctx.node_of(stmt)
    value = node.value if isinstance(node, (ast.Assign, ast.AugAssign, ast.Return)) else None
    if any(not t.reusable for t in stmt.temporaries):
        return None   # npguard knew the operands: what it predicted (and NumPy's reuse of it) is told as such
    if value is None or _is_pandas_line(ctx, node, value) or any(
            isinstance(n, (ast.Lambda, ast.comprehension, ast.Await)) for n in ast.walk(value)):
        return None
    import numpy

    made: list[ast.expr] = []

    def array(n: ast.expr) -> bool:
        if isinstance(n, ast.Subscript) and not isinstance(n.slice, ast.Slice):
            return True
        if isinstance(n, ast.Name):
            return isinstance((ctx.namespace or {}).get(n.id), numpy.ndarray)
        if isinstance(n, ast.BinOp):
            both = [array(n.left), array(n.right)]
            found = any(both)
        elif isinstance(n, ast.UnaryOp):
            found = array(n.operand)
        elif (isinstance(n, ast.Call) and n.args and isinstance(n.func, ast.Attribute) and ctx.np is not None
              and _root_name(n.func) == ctx.np and _is_ufunc(n.func.attr)):
            found = any([array(a) for a in n.args])
        elif (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and ctx.np is not None
              and isinstance(n.func.value, ast.Name) and n.func.value.id == ctx.np
              and n.func.attr in _SIZED_BY_ARGUMENTS):
            found = True   # ``np.arange(1, np.max(population) + 1)``: a new array whose size the line computed
        elif (isinstance(n, ast.Call) and len(n.args) == 1 and isinstance(n.func, ast.Attribute) and ctx.np is not None
              and isinstance(n.func.value, ast.Name) and n.func.value.id == ctx.np
              and n.func.attr in ("cumsum", "cumprod") and not n.keywords):
            found = array(n.args[0])   # a running total of such an array: a new array of its size
        else:
            return False
        if found:
            made.append(n)
        return found

    array(value)
    if made and made[-1] is value and not (isinstance(node, ast.Assign) and any(map(_written_into, node.targets))
                                           and _item_container(ctx, node) is None):   # a dict keeps the value
        made.pop()   # the line's value is kept, not a temporary (``S[t] = ...`` copies it in and frees it)
    if not made:
        return None
    if made == [value]:
        stored = _stored_operation(ctx, stmt, rest)
        if stored is not None:
            return stored
    shown = ", ".join(_code(ctx.segment(n)) for n in made[:3]) + (", ..." if len(made) > 3 else "")
    return Finding("chained-ops", stmt.lineno, rest,
                   f"{_code(stmt.text)} built {format_bytes(rest)} of temporaries that died when the line ended:"
                   f" the results of {shown} are new arrays (measured; their operands were not known before the"
                   f" line ran, and NumPy may have reused some of them in place).{_item_replaced_words(ctx, stmt)}",
                   _NO_REWRITE_WORDS, None)


def _item_replaced_words(ctx: _Context, stmt: Statement) -> str:
    """For a line run several times that stores its value into a dict's or list's item (``df['f1'] = ...``),
    a sentence saying the old item is among the measured temporaries; otherwise nothing."""
    node = ctx.node_of(stmt)
    axis = _axis_replaced(ctx, node)
    if axis is not None:
        return (f" Part of them is the old {_code(ctx.segment(node.targets[0]))} ({format_bytes(axis)}), which the"
                " frame holds until the new one is stored: assigning frees it only afterwards.")
    container = _item_container(ctx, node)
    stat = ctx.stats.get(stmt.lineno)
    column = _column_replaced(ctx, node)
    if column is not None and stat is not None and stat.hits >= 2:
        return (f" Not all of them were made on the line: the frame still holds the old"
                f" {_code(ctx.segment(node.targets[0]))} ({format_bytes(column)}) until the new column is stored (once"
                " the call has returned), so on each pass that replaces it that column is among them.")
    if container is None or stat is None or stat.hits < 2 or _new_key_each_pass(ctx, node, container[1]):
        return ""
    kind, name = container[:2]
    return (f" Not all of them were made: the {kind} `{name}` still holds the old `{ctx.segment(node.targets[0])}`"
            " until the new value is stored, so on each run that replaces it that item is among them.")


def _new_key_each_pass(ctx: _Context, node: ast.AST | None, name: str) -> bool:
    """``data[component + '_lower'] = ...`` in ``for component in ...`` with ``data = {}`` bound first in the same
    function (or cell): the key follows the loop's variable and the dict starts empty, so no old item is
    replaced."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)):
        return False
    loop = _enclosing(ctx, node, (ast.For, ast.AsyncFor))
    walked = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)} if loop is not None else set()
    if not walked & {n.id for n in ast.walk(node.targets[0].slice) if isinstance(n, ast.Name)}:
        return False
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    bound = [n for n in _own_nodes(scope) if _single_target(n) == name]
    value = _value(bound[0]) if len(bound) == 1 else None
    empty = isinstance(value, ast.Dict) and not value.keys or (
        isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict"
        and not value.args and not value.keywords)
    return empty and bound[0].lineno < loop.lineno and not _inside(loop, bound[0])


def _column_replaced(ctx: _Context, node: ast.AST | None) -> int | None:
    """``baby["Shuffled"] = shuffle(...)``: a column of a session frame that the store replaces. Its bytes."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)
            and isinstance(node.targets[0].value, ast.Name) and isinstance(node.targets[0].slice, ast.Constant)):
        return None
    frame = (ctx.namespace or {}).get(node.targets[0].value.id)
    key = node.targets[0].slice.value
    if not (_is_pandas(frame) and hasattr(frame, "columns") and key in frame.columns):
        return None
    held = int(getattr(frame[key], "nbytes", 0))
    return held if held >= MIN_ARRAY_BYTES else None


def _axis_replaced(ctx: _Context, node: ast.AST | None) -> int | None:
    """``df.index = df.index + pd.DateOffset(months=4)``: the frame holds its old index until the new one is
    stored, so the line's temporaries hold the old one (as large as the new). Its bytes."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Attribute)
            and node.targets[0].attr in ("index", "columns") and isinstance(node.targets[0].value, ast.Name)):
        return None
    target = node.targets[0]
    frame = (ctx.namespace or {}).get(target.value.id)
    if not _is_pandas(frame) or not any(isinstance(n, ast.Attribute) and n.attr == target.attr
                                        and isinstance(n.value, ast.Name) and n.value.id == target.value.id
                                        for n in ast.walk(node.value)):
        return None
    held = getattr(getattr(frame, target.attr, None), "nbytes", 0)
    return held if held >= MIN_ARRAY_BYTES else None


def _unsized_selection(ctx: _Context, stmt: Statement, rest: int) -> Finding | None:
    """``old_state.coords[m1] = new_state.coords[m2]``, ``x[m] = xnew[m]`` in a method: a store that copies a
    selection made with an index that is a name or an expression (a mask, an index array, a tuple of them),
    from arrays npguard did not know before the line ran, with no call and no operator. What the line made
    and freed can only be that selection (NumPy copies what an array index selects) and the index arrays
    NumPy makes to store through a mask or a ``range``."""
    node = ctx.node_of(stmt)
    if stmt.temporaries or not (isinstance(node, ast.Assign) and len(node.targets) == 1
                                and isinstance(node.targets[0], ast.Subscript)
                                and isinstance(node.value, ast.Subscript)):
        return None
    value, target = node.value, node.targets[0]
    plain = (ast.Name, ast.Attribute, ast.Load, ast.Constant)
    if any(not isinstance(n, plain + (ast.Subscript, ast.Tuple)) for n in ast.walk(node.value)):
        return None   # operators, calls, slices: not a bare selection

    def indexed(sub: ast.Subscript) -> bool:   # a name or an attribute as the index, alone or in a tuple
        parts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
        return any(isinstance(p, (ast.Name, ast.Attribute)) for p in parts) and not any(
            isinstance(p, ast.Slice) for p in parts)

    if not indexed(value) or any(isinstance(n, ast.Name) and _is_scalar(ctx, n) for n in ast.walk(value.slice)):
        return None
    return Finding("fancy-index-copy", stmt.lineno, rest,
                   f"{_code(stmt.text)} selects with an array index ({_code(ctx.segment(value.slice))}): NumPy copies"
                   f" the selected elements of {_code(ctx.segment(value.value))} into a new array, which the store"
                   f" then copies into {_code(ctx.segment(target))} and frees; storing through a mask or a `range`"
                   f" may also make integer index arrays first. The line's {format_bytes(rest)} of temporaries are"
                   " these (measured; the arrays were not known before the line ran).",
                   "An array index always copies what it selects; a slice (`a[i:j]`) would not, where the selected"
                   " elements are one consecutive run. Where the source and the target have one shape and are indexed"
                   " by the same boolean mask, `np.copyto(target, source, where=mask)` writes across with no"
                   " selection copied.", None)


def _reduced_selection(ctx: _Context, stmt: Statement, calls: list, rest: int) -> Finding | None:
    """``np.sum(X[indices, :], axis=1)`` in a function whose ``X`` npguard did not know: the reduction reads what
    it is given in small buffers; what the line made and freed is the selection an array index copies (and the
    index arrays NumPy makes from a tuple or a mask)."""
    # (beside it, only views of a small result: ``(np.sum(X[i, :], axis=1) / n).ravel()``)
    reduced = [c for c in calls if c.numpy and _short(c) in facts.REDUCTIONS]
    if len(reduced) != 1 or any(c is not reduced[0] and _short(c) not in facts.VIEW_METHODS for c in calls):
        return None
    node = ctx.node_at(reduced[0].span)
    if stmt.temporaries or not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Subscript)):
        return None
    sub = node.args[0]
    parts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
    if not (isinstance(sub.value, (ast.Name, ast.Attribute)) and any(
            isinstance(p, ast.Name) and not _is_scalar(ctx, p) and not _counted(ctx, p) for p in parts)
            and all(isinstance(p, (ast.Name, ast.Slice, ast.Constant)) for p in parts)):
        return None
    return Finding("fancy-index-copy", stmt.lineno, rest,
                   f"{_code(ctx.segment(sub))} selects with an array index: NumPy copies the selected elements into a"
                   f" new array, which {_code(reduced[0].name)} then reduces and the line frees. The line's"
                   f" {format_bytes(rest)} of temporaries are that copy and any index arrays NumPy makes for it"
                   " (measured; the arrays were not known before the line ran).",
                   "An array index always copies what it selects, here only to be reduced: a reduction that takes"
                   " `where=` with a boolean mask, or `np.bincount` with weights, reduces the selected elements"
                   " without the copy (sums may round differently in the last bits).", None)


def _is_pandas_line(ctx: _Context, node: ast.stmt, value: ast.expr) -> bool:
    """``value`` (of the statement ``node``) reads a name that holds a pandas object: one the namespace
    holds, unless the name is a function's own variable there."""
    return any(isinstance(n, ast.Name) and _is_pandas((ctx.namespace or {}).get(n.id))
               and not _local_to_a_function(ctx, node, n.id) for n in ast.walk(value))


#: NumPy functions that join a sequence of arrays into one new array.
_JOINERS = frozenset({"concatenate", "stack", "vstack", "hstack", "column_stack", "row_stack", "dstack", "array"})


def _summed_pieces(ctx: _Context, stmt: Statement, value: ast.Call, comp: ast.ListComp | ast.GeneratorExp,
                   rest: int) -> Finding | None:
    """``np.sum([np.sin(2 * np.pi * tt * f) for f in freqs.T], axis=0)``: the list holds every piece, and
    ``np.sum`` makes it into one array (a copy of every piece) before it adds them; a running total holds one
    piece at a time."""
    axis = value.args[1] if len(value.args) > 1 else next((k.value for k in value.keywords if k.arg == "axis"), None)
    if not (isinstance(comp, ast.ListComp) and isinstance(axis, ast.Constant) and axis.value == 0
            and len(value.args) + len(value.keywords) == 2 and len(comp.generators) == 1
            and not comp.generators[0].ifs and not comp.generators[0].is_async):
        return None
    gen = comp.generators[0]
    total = ctx.fresh_name("total")
    loop = (f"`{total} = None`, then `for {ctx.segment(gen.target)} in {ctx.segment(gen.iter)}:` `piece ="
            f" {ctx.segment(comp.elt)}`; `{total} = piece if {total} is None else {ctx.np}.add({total}, piece,"
            f" out={total})`")
    return Finding("inside-call", stmt.lineno, rest,
                   f"inside {_code(ctx.segment(value))}: the comprehension builds every piece first and its list holds"
                   f" them all, and `{ctx.np}.sum` makes the list into one array (a copy of every piece) before it"
                   f" adds them along axis 0, so the pieces and their copy exist together ({format_bytes(rest)} of"
                   " temporaries here).",
                   f"Adding each piece into a running total as it is made ({loop}) holds one piece beside the total"
                   " instead of every piece and their copy (equal to rounding).", None)


def _joined_pieces(ctx: _Context, stmt: Statement, rest: int) -> Finding | None:
    """``np.concatenate([np.interp(xf, x, row) for row in Y])``: the comprehension's list holds every
    piece until the join has copied them all, so the pieces and the joined result exist together."""
    node = ctx.node_of(stmt)
    value = node.value if isinstance(node, (ast.Assign, ast.Return)) else _value(node)
    while isinstance(value, (ast.Subscript, ast.Attribute)) and not (   # ``np.array([...])[:, :, 0]``
            isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)):
        value = value.value
    inner = value.args[0] if isinstance(value, ast.Call) and value.args else None
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "sum"
            and isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and ctx.np is not None
            and _root_name(inner.func) == ctx.np and inner.func.attr in ("array", "asarray") and len(inner.args) == 1
            and not inner.keywords and isinstance(inner.args[0], ast.ListComp)):
        # ``np.sum(np.array([w * y**2 for w, y in zip(ws, ys)]), axis=0)``: the same as the list summed
        return _summed_pieces(ctx, stmt, value, inner.args[0], rest)
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
            and (value.func.attr in _JOINERS or value.func.attr == "sum")
            and _root_name(value.func) == ctx.np and ctx.np is not None and value.args
            and isinstance(value.args[0], (ast.ListComp, ast.GeneratorExp))):
        return None
    comp = value.args[0]
    join = f"{ctx.np}.{value.func.attr}"
    if value.func.attr == "sum":
        return _summed_pieces(ctx, stmt, value, comp, rest)
    if _numberish(ctx, comp.elt, stmt):
        return None   # photutils' ``np.array([np.sum(indices[axis] * data) / total for axis in ...])``: numbers
    def makes(e: ast.expr) -> bool:   # (an ``if``'s test picks a value, it makes none)
        if isinstance(e, ast.IfExp):
            return makes(e.body) or makes(e.orelse)
        return any(isinstance(n, (ast.Call, ast.BinOp, ast.UnaryOp, ast.Subscript)) for n in ast.walk(e))

    if not makes(comp.elt):
        # ``np.concatenate([a if is_iterable(a) else [a] for a in args])``: the pieces are the values given; what
        # the join made beside its result is the arrays it converts lists and ranges into first
        return Finding("inside-call", stmt.lineno, rest,
                       f"inside {_code(ctx.segment(value))}: the comprehension makes no array (its pieces are the"
                       f" values it is given); the line's {format_bytes(rest)} of temporaries are what `{join}` made"
                       " of the pieces that are not arrays yet (a list or a range becomes an array first), freed"
                       " once they are copied into the result.",
                       "Pieces that are arrays are copied straight into the result; the others are converted"
                       " first, which is the join's own cost. Handing it arrays made once and kept (`np.arange` for"
                       " a range) saves the conversion only where the same pieces are joined again.", None)
    stat = ctx.stats.get(stmt.lineno)
    elt = comp.elt
    method = elt.func.attr if isinstance(elt, ast.Call) and isinstance(elt.func, ast.Attribute) else None
    if (stat is not None and method in ("std", "var") and MIN_ARRAY_BYTES <= rest
            and 0 < stat.net_bytes * (stat.hits or 1) < 0.5 * rest):
        # ``np.array([imfs.std(axis=0) for imfs in ...])``: each piece is a reduction, small beside the deviations
        # it builds inside; the list of pieces is the size of the result
        pieces = stat.net_bytes
        return Finding("inside-call", stmt.lineno, rest,
                       f"inside {_code(ctx.segment(elt))}, run once per piece of {_code(ctx.segment(value))}:"
                       f" `{method}` builds the deviations from the mean, an array of its input's size, inside each"
                       " call (freed"
                       f" as it returns); with the list of pieces ({format_bytes(pieces)}, held until `{join}` has"
                       f" copied them) they are the line's {format_bytes(rest)} of temporaries.",
                       f"The deviations are the largest part, and each `{method}` call needs them whole: only computing"
                       f" it on parts of each input (chunks along the other axis, `{method}` of each chunk written"
                       " into its place) makes them smaller. Preallocating the result does not help: the pieces"
                       " are small beside them.", None)
    message = (f"inside {_code(ctx.segment(value))}: the comprehension builds every piece first and its list holds them"
               f" all until `{join}` has copied them into the result, so the pieces ({format_bytes(rest)} here)"
               " and the joined array exist together.")
    return Finding("inside-call", stmt.lineno, rest, message,
                   f"Allocate the result once (`{ctx.np}.empty(...)`) and write each piece into its place as it"
                   f" is made (`out[i] = {ctx.segment(comp.elt)}` for stacked rows, `out[a:b] = ...` for joined"
                   " runs), so only one piece exists at a time.", None)


def _rebound_each_pass(ctx: _Context, stmt: Statement, stat: LineStat) -> Finding | None:
    """``r = np.linspace(0, 1, N)`` in a loop: from the second pass on, the new ``r`` is built while the
    previous pass's is still bound, so the line's temporaries hold the old array too. Its size is the
    predicted result's, or the line's net growth (what the first pass bound) when the value is a
    call npguard does not model."""
    node = ctx.node_of(stmt)
    name = _single_target(node)
    if name is None:
        return _pair_rebound_each_pass(ctx, stmt, stat, node) or _attribute_replaced(ctx, stmt, stat)
    if (not stmt.in_loop or stat.hits < 2 or name in stmt.reads
            or any(t.kind == "out-of-place-update" for t in stmt.temporaries)):
        return None
    result = stmt.temporaries[stmt.result_index] if stmt.result_index is not None else None
    if result is None and stmt.result is None and stmt.in_function is not None and (
            _function_runs(ctx, node) != 1 or any(c.pandas or c.name.startswith("pandas") for c in stmt.calls)):
        # the line's net growth spans every call of the function, not one array (in a function run once, it is one
        # pass's value; a pandas line's own finding tells its previous pass's frame)
        return None
    size = result.nbytes if result is not None else stat.net_bytes if stmt.result is None else stmt.result.nbytes
    first = size
    others = [t for t in stmt.temporaries if t is not result and not t.elided and t.nbytes >= MIN_ARRAY_BYTES // 16]
    if ((result is not None or stmt.result is not None) and not others and stat.net_bytes > 1.5 * size
            and stat.temporaries_bytes > 1.5 * size):
        # ``y = np.cos(x)`` with ``x`` longer on every pass: the line's one array grew (it kept more than the
        # first pass made), and what it measured at its largest pass is the previous pass's array
        size = stat.temporaries_bytes
    if size < MIN_ARRAY_BYTES or stat.temporaries_bytes < 0.9 * size:
        return None
    calls = _outermost(ctx, stmt) if size < 0.5 * stat.temporaries_bytes else []
    if calls and all(_used_up_by_an_operator(ctx, c) for c in calls):
        # ``points_idx = np.where(np.array(new_assigns) == id_)``: the line peaks while the call's array is
        # alive, used up by an operator before the new value exists
        return None
    loop = _innermost_loop(ctx.tree, node) if ctx.tree is not None else None
    if loop is None or not any(n is node for n in ast.walk(loop)) or _kept_each_pass(loop, name, ctx):
        return None
    # (``cfn = np.sum(cfn, axis=0)`` later in the pass: the previous pass's value is that one, not this line's)
    later = [n for n in ast.walk(loop) if _single_target(n) == name and n.lineno > node.lineno]
    if later:
        last = ctx.prediction.at(max(n.lineno for n in later)) if ctx.prediction is not None else None
        made = last.result if last is not None else None
        if made is None or made.nbytes < MIN_ARRAY_BYTES or made.nbytes < 0.9 * size:
            return None
    value = _value(node)
    copied = (value.func.value if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
              and value.func.attr == "copy" and not value.args and not value.keywords else None)
    drawn = isinstance(value, ast.Call) and ".random." in f".{ctx.segment(value.func)}."
    # ``Y = VV`` in the same loop: a second name for the array, which must go too before it is freed
    aliases = sorted({n.targets[0].id for n in ast.walk(loop) if isinstance(n, ast.Assign) and len(n.targets) == 1
                     and isinstance(n.targets[0], ast.Name) and isinstance(n.value, ast.Name) and n.value.id == name
                     and n.targets[0].id != name})
    for alias in aliases:
        # sigpy's abrm_nd: ``at = av * a - ...`` then ``a = at``: the previous pass's ``at`` is ``a``, which this line
        # (or a later one, before ``a`` is bound again) still reads: nothing can free it first
        bound = min((n.lineno for n in ast.walk(loop) if _single_target(n) == alias and n.lineno > node.lineno),
                    default=loop.end_lineno + 1)
        if any(isinstance(n, ast.Name) and n.id == alias and isinstance(n.ctx, ast.Load)
               and node.lineno <= n.lineno < bound for n in ast.walk(loop)):
            return None
    refresh = (f"`{ctx.np or 'np'}.copyto({name}, {ctx.segment(copied)})` refreshes the existing array in place"
               " when the shape and dtype stay the same (bind it once before the loop)" if copied is not None
               else "draw into the existing array where the generator takes `out=` (`rng.random(size, out=...)`,"
                    " `rng.standard_normal(size, out=...)`)" if drawn
               else f"write the new values into the existing array (`out={name}`) when the shape and dtype stay"
                    " the same" if _writes_into_out(ctx, value) and not _built_from_new_arrays(ctx, value) else None)
    free = (f"Free it at the end of each pass (`del {', '.join([name, *aliases])}` after its last use"
            + (f": `{'`, `'.join(aliases)}` {'holds' if len(aliases) == 1 else 'hold'} the same array"
               if aliases else "")
            + ")")
    if _read_after(ctx, loop, name):
        # ``C`` read after the loop: a ``del`` at the end of each pass would leave nothing for that code
        before = any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
                     for s in loop.body if s.lineno < node.lineno for n in ast.walk(s))
        free = ("The code after the loop reads the last pass's value, so it cannot be deleted at the end of each"
                " pass; the previous pass's value is read earlier in the pass, so it must stay until then"
                if before else
                f"The code after the loop reads the last pass's value, so do not delete it at the end of each pass:"
                f" `{name} = None` just before this line frees the previous pass's value before the new one is built"
                " (nothing in the pass reads it before)")
    return Finding("out-of-place-update", stmt.lineno, size,
                   f"{_code(stmt.text)} runs {stat.hits} times in the loop: each pass builds the new `{name}`"
                   + (f" ({format_bytes(size)})" if size == first else
                      f" (its arrays grow from pass to pass: {format_bytes(first)} on the first, the previous"
                      f" pass's {format_bytes(size)} measured at the largest)")
                   + " while the previous pass's is still bound, so both exist at the peak.",
                   free + (f", or {refresh}." if refresh else "."), None)


def _read_after(ctx: _Context, loop: ast.AST, name: str) -> bool:
    """Code after ``loop`` in its scope reads ``name`` (``elevation_m = ... * C`` after the loop that binds ``C``)."""
    scope = _enclosing(ctx, loop, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
               and n.lineno > loop.end_lineno for n in _own_nodes(scope))


def _pair_rebound_each_pass(ctx: _Context, stmt: Statement, stat: LineStat, node: ast.stmt | None) -> Finding | None:
    """``bs_x, bs_y = x[bs_inds], y[bs_inds]`` in a loop: each name is rebound on every pass, so the new
    arrays are built while the previous pass's are still bound; the line's temporaries hold those."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple)
            and isinstance(node.value, ast.Tuple) and len(node.targets[0].elts) == len(node.value.elts)
            and all(isinstance(t, ast.Name) for t in node.targets[0].elts)):
        return None
    names = [t.id for t in node.targets[0].elts]
    if not stmt.in_loop or stat.hits < 2 or any(n in stmt.reads for n in names) or ctx.tree is None:
        return None
    loop = _innermost_loop(ctx.tree, node)
    if loop is None or any(_kept_each_pass(loop, n, ctx) for n in names):
        return None
    sizes = [next((t.nbytes for t in stmt.temporaries if t.span == _span_of(v) and not t.elided), None)
             for v in node.value.elts]
    if None in sizes:
        return None
    size = sum(sizes)
    if size < MIN_ARRAY_BYTES or stat.temporaries_bytes < 0.9 * size:
        return None
    listed = ", ".join(f"`{n}`" for n in names)
    return Finding("out-of-place-update", stmt.lineno, size,
                   f"{_code(stmt.text)} runs {stat.hits} times in the loop: each pass builds the new {listed}"
                   f" ({format_bytes(size)} together) while the previous pass's are still bound, so both exist at"
                   " the peak.",
                   f"Free them at the end of each pass (`del {', '.join(names)}` after their last use).", None)


def _held_until_rebound(ctx: _Context, stmt: Statement, stat: LineStat, here: list[Finding],
                        bar: int) -> Finding | None:
    """``ci = np.where(~np.isfinite(ci), 0, ci)`` in a function whose inputs npguard did not see: the old
    ``ci`` is still held while the new value is made, so the line's measured temporaries hold the smaller
    of the two (see ``_held_before``)."""
    if any(f.kind == "out-of-place-update" for f in here):
        return None
    held = _held_before(ctx, stmt, stat)
    rest = stat.temporaries_bytes - sum(f.bytes for f in here)
    if held is not None and any(f.kind == "inside-call" for f in here):
        # ``v = sigmoid(np.dot(h, W) + b)`` each pass: the call's finding left the old value out of what it
        # measured inside; an intermediate that died before the call ran shares the peak, not the old value's bytes
        rest = max(rest, held[0])
    if held is None or min(rest, held[0]) < bar:
        return None
    share, previous, name, old = min(rest, held[0]), held[1], held[2], held[3]
    if not stmt.in_loop and stat.hits == 1 and abs(stat.net_bytes) < 0.05 * old and share < 0.9 * old:
        # ``series = series.dropna()`` with nothing to drop: a new value of the old one's size would have been
        # alive beside it (the line measuring that much); keeping nothing new and measuring less, the new value
        # shares the old one's memory, and the line's temporaries are something else
        return None
    only = _makes_only_its_value(ctx, stmt)
    # (a loop line measuring less than the value it kept on its last pass: the values grew from pass to pass, and
    # the measured figure is the previous, smaller one, alive beside the new)
    varies = (stmt.in_loop and _last_binding(ctx, ctx.node_of(stmt), name) is None
              and (rest > 1.2 * held[0] and only or stat.hits > 1 and (
                  rest < 0.95 * held[0] or _sliced_by_loop_variable(ctx, ctx.node_of(stmt)))))
    if varies:
        # ``X = np.arange(1, N + 1)`` with ``N`` changing from pass to pass: the line makes nothing but its value,
        # so all it measured is the old value beside the new one (the smaller of the two, at its largest pass)
        share = rest
    if ", " in name:   # names bound by unpacking (``_held_in_unpacking``)
        return Finding("out-of-place-update", stmt.lineno, share,
                       f"{_code(stmt.text)} makes the new values while {previous} are still held, freed only once"
                       f" the new tuple is unpacked: {format_bytes(share)} of the line's temporaries are those old"
                       " values, alive beside what the call made.",
                       (f"Free the old values at the end of each pass (`del {name}` after their last use)" if stmt.in_loop
                        else f"Free the old values first (`del {name}` before the line)")
                       + ", when nothing else holds them: then only what the call makes is alive.", None)
    reads = any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(_value(ctx.node_of(stmt))))
    # in a loop the name may be unbound on the first pass: ``del`` would raise there, binding None frees all the same
    free = f"{name} = None" if stmt.in_loop else f"del {name}"
    frame = _pandas_binding(ctx, ctx.node_of(stmt), name)
    if frame is not None:   # ``df = df.ffill(axis=0)`` after ``df = pd.DataFrame(array)``
        method = _pandas_in_place_method(ctx.node_of(stmt), name, frame)
        suggestion = (f"`{name}.{method}(..., inplace=True)` updates `{name}` itself, with no second copy of it."
                      if method else
                      "Replacing a value holds the old and the new one at once; that part is the price of the"
                      " assignment. Where the peak matters, select or convert only the columns you need, or"
                      " process the rows in chunks.")
        return Finding("out-of-place-update", stmt.lineno, share,
                       f"{_code(stmt.text)} builds the new `{name}` while {previous} is still held, so both exist"
                       f" at once ({format_bytes(share)} of the line's temporaries).", suggestion, None)
    suggestion = (_selection_words(name) if _selects_from(_value(ctx.node_of(stmt)), name) else
                  f"The line reads the old `{name}` to build the new one, so both must exist while it runs. To"
                  " hold only one, make the final form where the old value is made (preallocate and fill it),"
                  f" or write into `{name}` itself (`out={name}`, `np.copyto`) when it is a NumPy array whose shape"
                  " and dtype stay (not a pandas Series: `np.copyto` refuses one, and a ufunc's `out=` on one still"
                  " builds a full-size array first)."
                  if reads else
                  f"Free the old value first: `{free}` before the line (when no other name holds it)"
                  + _out_words(ctx, _value(ctx.node_of(stmt)), name))
    if varies:
        suggestion = (f"Free the old value first: `del {name}` after its last use in each pass (when no other name"
                      " holds it). Its size changes from pass to pass, so writing into it (`out=`) would not fit.")
        return Finding("out-of-place-update", stmt.lineno, share,
                       f"{_code(stmt.text)} builds the new `{name}` while the previous pass's `{name}` is still held,"
                       " so both exist at once. Its size changes from pass to pass"
                       + (": the line makes nothing but its value, and" if only else ", and")
                       + f" at its largest pass measured {format_bytes(share)}, the smaller of the old and the new"
                       " array, alive together.", suggestion, None)
    return Finding("out-of-place-update", stmt.lineno, share,
                   f"{_code(stmt.text)} builds the new `{name}` while {previous} is still held, so both exist"
                   + (f" at once: {format_bytes(share)} of the line's temporaries is the old value, freed only when"
                      " the new one is bound." if share >= 0.95 * old else
                      f" at once ({format_bytes(share)} of the line's temporaries: the new value, made while the"
                      " larger old one was still held)."), suggestion, None)


def _makes_only_its_value(ctx: _Context, stmt: Statement) -> bool:
    """The line's value is one NumPy call that allocates nothing but what it returns (``np.arange(1, N + 1)``),
    and npguard sees no other array the line makes."""
    value = _value(ctx.node_of(stmt))
    others = [t for t in stmt.temporaries if t.kind != "result" and not t.elided and t.nbytes >= MIN_ARRAY_BYTES // 16]
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and ctx.np is not None
            and isinstance(value.func.value, ast.Name) and value.func.value.id == ctx.np
            and value.func.attr in facts.RESULT_ONLY_FUNCTIONS and not others and not stmt.calls
            and not any(isinstance(n, ast.Call) for a in [*value.args, *(k.value for k in value.keywords)]
                        for n in ast.walk(a)))


def _held_in_unpacking(ctx: _Context, stmt: Statement, stat: LineStat, node: ast.stmt,
                       value: ast.expr) -> tuple[int, str, str, int] | None:
    """``delta_nabla_b, delta_nabla_w = self.backprop(x, y)`` in a function's loop: each name's previous value is
    held until the new tuple is unpacked, so the line's temporaries hold them beside what the call made. Sized by
    what the line kept per run of the function (the first pass's values), as ``_held_before`` does for one name."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple)
            and all(isinstance(e, ast.Name) for e in node.targets[0].elts) and isinstance(value, ast.Call)):
        return None
    names = [e.id for e in node.targets[0].elts]
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(value)):
        return None
    loop = _innermost_loop(scope or ctx.tree, node)
    if loop is None:
        return _tuple_bound_above(ctx, stmt, stat, node, value, names, scope)
    if stat.hits < 2 or stat.net_bytes <= 0 or scope is None and _def_lines(ctx, ctx.segment(value.func)) is None:
        return None   # (at the top level, a call of the cell's own code, whose values npguard did not predict)
    stored = {m.id for m in _own_nodes(scope or ctx.tree) if isinstance(m, ast.Name) and isinstance(m.ctx, ast.Store)
              and not any(m is t for t in ast.walk(node.targets[0]))}
    if stored & set(names) or any(_kept_each_pass(loop, n, ctx) or _aliased_elsewhere(ctx, node, n) for n in names):
        return None   # bound elsewhere too (``z_h, a_h = self._forward(X[batch])`` in an inner loop): not this line's
    runs = _runs_of(ctx, scope) if scope is not None else 1   # the cell runs its top level once
    if not 1 <= runs < stat.hits:
        return None
    old = stat.net_bytes // runs
    if scope is None and ctx.namespace is not None:
        # (names of the cell: what they hold now is the last pass's values, the previous pass's size; the line's net
        # growth may also hold what the call stored elsewhere, ``env.state``)
        import numpy

        held = [ctx.namespace.get(n) for n in names]
        arrays = {id(a): a for a in held if isinstance(a, numpy.ndarray) and a.base is None}
        if arrays and all(isinstance(a, numpy.ndarray) or type(a) in (bool, int, float, dict, type(None))
                          or isinstance(a, numpy.generic) for a in held):
            old = min(old, sum(a.nbytes for a in arrays.values()))
    label = ", ".join(f"`{n}`" for n in names)
    return old, f"the previous pass's {label} ({format_bytes(old)} together)", ", ".join(names), old


def _tuple_bound_above(ctx: _Context, stmt: Statement, stat: LineStat, node: ast.Assign, value: ast.Call,
                       names: list[str], scope: ast.AST | None) -> tuple[int, str, str, int] | None:
    """``xs, ys = NormalProbability(sample)`` where the same names were unpacked a few lines up in the same
    function (or, from a call of the cell's own code, at the top level): the old values are held until the new
    tuple is unpacked. Sized by what that earlier line kept per run."""
    if ctx.tree is None or any(c.replaces for c in stmt.calls) or (
            scope is None and _def_lines(ctx, ctx.segment(value.func)) is None):
        return None
    body = getattr(scope if scope is not None else ctx.tree, "body", [])
    before = [s for s in body if s.lineno < node.lineno]
    binds = [s for s in before if any(isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, (ast.Store, ast.Del))
                                      for n in ast.walk(s))]
    prev = binds[-1] if binds else None
    if not (isinstance(prev, ast.Assign) and len(prev.targets) == 1 and isinstance(prev.targets[0], ast.Tuple)
            and [getattr(e, "id", None) for e in prev.targets[0].elts] == names and isinstance(prev.value, ast.Call)
            and prev.lineno in ctx.stats) or any(_aliased_elsewhere(ctx, node, n) for n in names):
        return None
    was = ctx.stats[prev.lineno]
    old = was.net_bytes // max(1, was.hits)
    if old < MIN_ARRAY_BYTES:
        return None
    label = ", ".join(f"`{n}`" for n in names)
    return (min(old, old + stat.net_bytes), f"the old {label} (unpacked on line {prev.lineno}, {format_bytes(old)}"
            " together)", ", ".join(names), old)


def _pandas_binding(ctx: _Context, node: ast.stmt | None, name: str) -> type | None:
    """The pandas class (DataFrame or Series) ``name`` holds before ``node``: from the namespace, or from
    the binding before it in the same scope made by a pandas constructor (``df = pd.DataFrame(array)``)."""
    import sys

    pandas = sys.modules.get("pandas")
    if pandas is None or node is None:
        return None
    held = (ctx.namespace or {}).get(name)
    if _is_pandas(held):
        return type(held)
    value = _value(_last_binding(ctx, node, name))
    func = value.func if isinstance(value, ast.Call) else None
    if (isinstance(func, ast.Attribute) and func.attr in ("DataFrame", "Series") and isinstance(func.value, ast.Name)
            and (ctx.namespace or {}).get(func.value.id) is pandas):
        return getattr(pandas, func.attr)
    return None


def _last_binding(ctx: _Context, node: ast.stmt | None, name: str) -> ast.stmt | None:
    """The last plain ``name = ...`` before ``node``, in its function (else the cell)."""
    if node is None or ctx.tree is None:
        return None
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) or ctx.tree
    earlier = [n for n in _own_nodes(scope) if n is not node and isinstance(n, ast.stmt)
               and _single_target(n) == name and n.lineno < node.lineno]
    return max(earlier, key=lambda n: n.lineno) if earlier else None


def _pandas_in_place_method(node: ast.stmt | None, name: str, frame: type) -> str | None:
    """``df = df.ffill(axis=0)``: the method of ``name`` the line calls, when it is one whose ``inplace=True``
    writes into the frame itself (``facts.PANDAS_IN_PLACE``) and pandas' own signature for it takes
    ``inplace`` (and the line does not pass it already)."""
    import inspect

    value = _value(node) if node is not None else None
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
            and isinstance(value.func.value, ast.Name) and value.func.value.id == name
            and value.func.attr in facts.PANDAS_IN_PLACE and not any(k.arg == "inplace" for k in value.keywords)):
        return None
    method = getattr(frame, value.func.attr, None)
    try:
        takes = "inplace" in inspect.signature(method).parameters
    except (TypeError, ValueError):
        return None
    return value.func.attr if takes else None


def _held_before(ctx: _Context, stmt: Statement, stat: LineStat | None) -> tuple[int, str, str, int] | None:
    """The part of a rebinding line's measured temporaries that is the name's old value, where npguard
    did not predict it (in a function, whose inputs it did not see): the old value was bound on an earlier line
    of the same function (sized by what the bindings before kept per run, each replacing the one
    before) or by this line on the loop's previous pass (sized by what the line kept per run of the
    function). The measured figure holds the smaller of the old and the new value. Returns (those
    bytes, how the old value is named, the name, its size)."""
    if ctx.tree is None or not ctx.stats or stat is None or stat.hits < 1:
        return None
    node = ctx.node_of(stmt)
    name = _single_target(node)
    value = _value(node)
    own_call = (isinstance(value, ast.Call) and _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef)) is None
                and _def_lines(ctx, ctx.segment(value.func)) is not None)
    if any(t.kind == "out-of-place-update" for t in stmt.temporaries) and not own_call:
        return None   # predicted, and told as such (not the object the cell's own code returned before)
    if (isinstance(value, ast.Call) and _def_lines(ctx, ctx.segment(value.func))
            and _returns_an_argument(ctx, ctx.segment(value.func), stat.hits if not stmt.in_function else None,
                                     strict=True)):
        return None   # ``X = self._encode(X)`` changes ``X`` in place and returns it: no second value
    if name is None and isinstance(node, ast.Assign) and len(node.targets) == 1 and stmt.in_loop \
            and isinstance(node.targets[0], ast.Attribute) and isinstance(node.targets[0].value, ast.Name):
        return _held_on_the_object(ctx, stmt, stat, node)
    if name is None and value is not None:
        return _held_in_unpacking(ctx, stmt, stat, node, value)
    if name is None or value is None:
        return None
    # ``T = durations[ix]``: a selection may be a view of what it selects from, which the previous pass's value
    # is not; whether it made a new value each pass, the line's net figure tells (a view keeps next to nothing)
    selected = isinstance(value, ast.Subscript) and not any(isinstance(n, ast.Name) and n.id == name
                                                            for n in ast.walk(value))
    if _keeps_old(value) and not selected:
        return None
    selected = selected and _keeps_old(value)
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if scope is None:
        # at the top level npguard saw an old array itself, and predicted or told it; not what a call of the
        # cell's own code returned before (``ht = DiffMeansPermute(data)`` bound a few lines up)
        if not own_call or any(c.replaces for c in stmt.calls):
            return None
        scope = ctx.tree
    functions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    earlier = [n for n in ast.walk(scope) if n is not node and _single_target(n) == name
               and n.lineno < node.lineno and _enclosing(ctx, n, functions) in (scope, None)]
    if _aliased_elsewhere(ctx, node, name):
        return None   # another name may hold the old value: rebinding frees nothing
    # not a binding in a branch that did not run, nor one in the other arm of an ``if`` around this line
    ran = [n for n in earlier if n.lineno in ctx.stats and not _exclusive(ctx, n, node)]
    loop = _innermost_loop(scope, node)
    if ran and selected:
        return None
    if ran:
        bound = max(ran, key=lambda n: n.lineno)
        between = [n for n in ast.walk(scope) if isinstance(n, ast.stmt) and bound.lineno <= n.lineno < node.lineno]
        if any(_kept_each_pass(n, name, ctx) for n in between):
            return None   # a container or an attribute may hold the old value
        if any(isinstance(n, ast.Assign) and n.lineno > bound.lineno and any(
                isinstance(t, (ast.Tuple, ast.List)) and any(isinstance(e, ast.Name) and e.id == name for e in t.elts)
                for t in n.targets) for n in between):
            return None   # ``data_cleaned, dupl_rows = _drop_duplicates(data_cleaned)`` rebound it since, with another
        old = 0
        # per run of the scope: a binding in a loop (``outcome = outcome.fillna(...)`` each pass) kept one value a
        # run, its later passes replacing it
        runs = _runs_of(ctx, scope) if scope is not ctx.tree else 1
        for n in sorted(ran, key=lambda n: n.lineno):   # each binding replaced the one before it
            was = ctx.stats[n.lineno]
            old = max(0, old + was.net_bytes // max(1, runs if 1 <= runs <= was.hits else was.hits))
        # ``data[col] = data[col].astype("category")`` after the binding: stores into the value changed its size
        for n in between:
            if (isinstance(n, ast.Assign) and n.lineno in ctx.stats and n.lineno > bound.lineno
                    and any(isinstance(t, ast.Subscript) and _root_name(t) == name for t in n.targets)):
                old = max(0, old + ctx.stats[n.lineno].net_bytes // max(1, runs))
        if old <= 0:
            return None
        # each run freed the old value and kept the new one
        new = old + stat.net_bytes // max(1, runs if 1 <= runs <= stat.hits else stat.hits)
        return min(old, new), f"the old `{name}` (bound on line {bound.lineno}, {format_bytes(old)})", name, old
    if loop is None or stat.hits < 2 or stat.net_bytes <= 0 or _kept_each_pass(loop, name, ctx):
        return None
    if _callee_keeps_elsewhere(ctx, value):
        return None   # ``action = bandit.act()``: what the line kept may be the object's (``self.action_prob``)
    runs = _runs_of(ctx, scope) if scope is not ctx.tree else 1   # the cell itself runs once
    if not 1 <= runs < stat.hits:
        return None   # the function's own lines, run once per call, tell how many times it ran
    if _viewed_in_loop(loop, name, node):
        # ``C = line_intersect(...)`` then ``p = C[index]``: the view holds the previous pass's C until it is
        # rebound itself, after C is: rebinding C frees nothing here
        return None
    old = stat.net_bytes // runs   # each run's first pass kept one value; later passes replaced it
    return old, f"the previous pass's `{name}` ({format_bytes(old)})", name, old


def _held_on_the_object(ctx: _Context, stmt: Statement, stat: LineStat, node: ast.Assign
                        ) -> tuple[int, str, str, int] | None:
    """``self._ecosE = self._axn * self._cosEPW + ...`` each pass of a loop: the object holds the previous pass's
    value until the new one is stored, sized by what the line kept per run of its function."""
    name = ctx.segment(node.targets[0])
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    loop = _innermost_loop(scope or ctx.tree, node)
    if loop is None or stat.hits < 2 or stat.net_bytes <= 0 or _kept_each_pass(loop, name, ctx) or any(
            isinstance(n, ast.Name) and n.id == name for n in ast.walk(loop)):
        return None
    if any(ctx.segment(n) == name for n in ast.walk(node.value) if isinstance(n, ast.Attribute)):
        return None   # the new value reads the old one: an update, told as such
    runs = _runs_of(ctx, scope) if scope is not None else 1
    if not 1 <= runs < stat.hits:
        return None
    old = stat.net_bytes // runs
    return old, f"the previous pass's `{name}` ({format_bytes(old)})", name, old


def _returns_own_attribute(ctx: _Context, value: ast.expr | None) -> bool:
    """``stacked_obs.update(...)`` whose method (the cell's) returns ``self.stacked_obs``: the object holds what
    the call returns, so the names bound to it are not what keeps the array alive."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
        return False
    func = _defined_function(ctx, ctx.segment(value.func))
    def own(e: ast.AST | None) -> bool:
        return isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "self"
    # (any of its returns: another may be in a branch that did not run, and a wrong silence costs less than a
    # wrong finding)
    returns = [n for n in _own_nodes(func) if isinstance(n, ast.Return)] if func is not None else []
    return any(own(r.value) or isinstance(r.value, ast.Tuple) and any(own(e) for e in r.value.elts) for r in returns)


def _viewed_in_loop(loop: ast.AST, name: str, node: ast.AST) -> bool:
    """Another statement of the loop binds a name to a view of ``name``'s array, taken with plain indices
    (``p = C[index]``, ``row = C[i, :]``): that name holds the array until it is rebound in turn."""
    def plain(index: ast.expr) -> bool:
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        return all(isinstance(p, (ast.Name, ast.Constant, ast.Slice)) for p in parts)
    return any(isinstance(n, ast.Assign) and n is not node and len(n.targets) == 1
               and isinstance(n.targets[0], ast.Name) and n.targets[0].id != name
               and isinstance(n.value, ast.Subscript) and isinstance(n.value.value, ast.Name)
               and n.value.value.id == name and plain(n.value.slice) for n in ast.walk(loop))


def _out_words(ctx: _Context, value: ast.expr | None, name: str) -> str:
    """How the sentence advising to free the old value ends: with writing into it (``out=``) where the value's
    operator or NumPy function takes ``out=``, with saying it does not for a NumPy function that does not."""
    if _takes_out(ctx, value):
        return (f", or write the new values into it (`out={name}`) when it is a NumPy array whose shape and dtype"
                " stay the same.")
    if isinstance(value, ast.Call) and ctx.np is not None and _root_name(value.func) == ctx.np:
        return f"; {_code(ctx.segment(value.func))} takes no `out=` to write into it."
    return "."


def _takes_out(ctx: _Context, value: ast.expr | None) -> bool:
    """The value can be computed into an existing array with ``out=``: an operator (its ufunc takes one), or a
    call of a NumPy function whose signature has ``out`` (a ufunc, ``np.dot``, ``np.cumsum``); not
    ``np.argsort`` or a generator's ``integers``."""
    import inspect

    import numpy

    if isinstance(value, (ast.BinOp, ast.UnaryOp, ast.Compare)):
        return True
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and ctx.np is not None
            and _root_name(value.func) == ctx.np):
        return False
    obj: Any = numpy
    for part in ctx.segment(value.func).split(".")[1:]:
        obj = getattr(obj, part, None)
    if isinstance(obj, numpy.ufunc):
        return True
    try:
        return obj is not None and "out" in inspect.signature(obj).parameters
    except (TypeError, ValueError):
        return False


def _callee_keeps_elsewhere(ctx: _Context, value: ast.expr) -> bool:
    """``bandit.act()``, ``step(x)``: a call of the cell's own function or method that stores into an
    attribute, an item or a global, so what a line calling it kept may be held there, not by the name the
    line binds."""
    if not isinstance(value, ast.Call) or ctx.tree is None:
        return False
    func = value.func
    if isinstance(func, ast.Name):
        defs = [f for f in ast.walk(ctx.tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                and f.name == func.id]
    elif isinstance(func, ast.Attribute):
        method = _cell_method(ctx, ctx.segment(func))
        defs = [method[1]] if method is not None else []
    else:
        defs = []

    def local(f, n) -> bool:   # ``one_hot[rows, y] = 1`` into an array the function made itself
        root = _root_name(n)
        return isinstance(n, ast.Subscript) and root is not None and root not in _parameters(f) and any(
            _single_target(b) == root and isinstance(_value(b), ast.Call) for b in _own_nodes(f))
    return any(isinstance(n, (ast.Attribute, ast.Subscript)) and isinstance(n.ctx, ast.Store) and not local(f, n)
               or isinstance(n, (ast.Global, ast.Nonlocal)) for f in defs for n in ast.walk(f))


def _runs_of(ctx: _Context, scope: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """How many times the cell's function ran: the hits of its own body's simple lines (run once per call),
    or, where none of them allocated, of the lines that call it."""
    runs = max((ctx.stats[s.lineno].hits for s in scope.body if s.lineno in ctx.stats
                and not isinstance(s, (ast.For, ast.While, ast.If, ast.With, ast.Try))), default=0)
    return runs or _calls_of_function(ctx, scope)


def _calls_of_function(ctx: _Context, scope: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """How many times the cell called the function it defines, from the hits of the lines outside it that
    call it by name (0 when a call sits where npguard kept no figures, or the name is passed on elsewhere)."""
    outside = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.stmt) and not _inside(scope, n)]
    # a method is called through its object (``nn.train(X, y)``), when no other class of the cell has one so named
    method = isinstance(ctx.parents.get(id(scope)), ast.ClassDef) and sum(
        isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == scope.name
        for c in ast.walk(ctx.tree) if isinstance(c, ast.ClassDef) for f in c.body) == 1
    callers = [n for n in outside if not isinstance(n, (ast.For, ast.While, ast.If, ast.With, ast.Try,
                                                        ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
               and any(isinstance(m, ast.Name) and m.id == scope.name
                       or method and isinstance(m, ast.Attribute) and m.attr == scope.name for m in ast.walk(n))]
    if not callers or any(n.lineno not in ctx.stats for n in callers):
        return 0
    return sum(ctx.stats[n.lineno].hits for n in callers)


def _exclusive(ctx: _Context, a: ast.AST, b: ast.AST) -> bool:
    """``a`` and ``b`` sit in different arms of one ``if`` (or ``try``'s handlers): one run takes only one."""
    def arms(n: ast.AST) -> dict[int, int]:
        out, child, p = {}, n, ctx.parents.get(id(n))
        while p is not None:
            if isinstance(p, (ast.If, ast.Try)):
                groups = [p.body, p.orelse] + ([h.body for h in p.handlers] if isinstance(p, ast.Try) else [])
                out[id(p)] = next((i for i, g in enumerate(groups) if any(c is child for c in g)), -1)
            child, p = p, ctx.parents.get(id(p))
        return out
    left, right = arms(a), arms(b)
    return any(k in right and right[k] != v and v >= 0 and right[k] >= 0 for k, v in left.items())


def _selects_from(value: ast.expr | None, name: str) -> bool:
    """``x[(x >= lo) & (x <= hi)]``: a boolean selection of ``name`` itself."""
    return (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name) and value.value.id == name
            and _mask_expr(value.slice))


def _selection_words(name: str) -> str:
    return (f"A boolean selection has a size of its own, so no in-place form exists: the old `{name}` and the"
            " selection exist together until the name is rebound, which is the price of keeping the selected"
            " values. Where they only feed reductions, keeping the mask instead and reducing with it"
            f" (`{name}.mean(where=mask)`, `{name}.sum(where=mask)`) copies nothing.")


def _mask_expr(node: ast.expr) -> bool:
    """A comparison, or comparisons combined with ``&``, ``|``, ``^``, ``~``: a boolean mask."""
    if isinstance(node, ast.Compare):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr, ast.BitXor)):
        return _mask_expr(node.left) and _mask_expr(node.right)
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert) and _mask_expr(node.operand)


def _keeps_old(value: ast.expr) -> bool:
    """The new value may be an existing array or a view of one (``x = x.T``, ``x = np.asarray(y)``,
    ``x = y[2:]``), which may be the old value itself: rebinding then frees nothing. A view of what the
    line computes (``np.linalg.solve(a, b).T``) is new."""
    while True:
        if isinstance(value, (ast.Name, ast.Constant)):
            return True
        if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Attribute) and value.value.attr in (
                "c_", "r_"):
            return False   # ``np.c_[a[:, 0], a[:, 2:]]`` joins into a new array
        if isinstance(value, ast.Subscript) and any(
                _mask_expr(i) or isinstance(i, ast.Call) and not (
                    isinstance(i.func, ast.Name) and i.func.id in ("slice", "int", "len"))
                for i in (value.slice.elts if isinstance(value.slice, ast.Tuple) else [value.slice])):
            return False   # ``group1[np.random.permutation(n)]``, ``x[x > 0]``: an index array or mask copies
        if isinstance(value, (ast.Attribute, ast.Subscript)):
            value = value.value
            continue
        if isinstance(value, ast.Call):
            func = value.func
            attr = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            module = isinstance(func, ast.Name) or (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                                                    and func.value.id in ("np", "numpy"))
            if attr in ("reshape", "ravel"):
                return False   # it may copy (``x.reshape(m, n, order='F')``): the measurement tells
            if attr in facts.VIEW_FUNCTIONS and module and value.args:
                value = value.args[0]
                continue
            if attr in facts.VIEW_METHODS and isinstance(func, ast.Attribute):
                value = func.value
                continue
        return False


def _list_attribute_replaced(ctx: _Context, stmt: Statement, stat: LineStat, rest: int) -> Finding | None:
    """``self.weights = [w - (eta/len(mini_batch))*nw for w, nw in zip(self.weights, nabla_w)]``: a new list of
    arrays is built while the object still holds the old list, freed only when the new one is set. A line that
    kept nothing (net 0) replaced a list as large as the one it built: its temporaries hold the old arrays, and
    whatever each element's expression made on the way (one element at a time)."""
    node = ctx.node_of(stmt)
    target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
    value = node.value if target is not None else None
    if not (isinstance(target, ast.Attribute) and isinstance(value, ast.ListComp) and len(value.generators) == 1
            and abs(stat.net_bytes) <= 0.05 * rest):
        return None
    held = ctx.segment(target)
    element, gen = value.elt, value.generators[0]
    fresh = isinstance(element, ast.Call) or isinstance(element, ast.BinOp) and isinstance(element.left, ast.Call)
    pairs = (isinstance(gen.iter, ast.Call) and isinstance(gen.iter.func, ast.Name) and gen.iter.func.id == "zip"
             and gen.iter.args and ctx.segment(gen.iter.args[0]) == held and isinstance(gen.target, ast.Tuple)
             and isinstance(gen.target.elts[0], ast.Name))
    own = gen.target.elts[0].id if pairs else None
    if (own is not None and isinstance(element, ast.BinOp) and type(element.op) in _OPS
            and isinstance(element.left, ast.Name) and element.left.id == own
            and not any(isinstance(n, ast.Name) and n.id == own for n in ast.walk(element.right))):
        step = f"{own} {_OPS[type(element.op)]}= {ctx.segment(element.right)}"
        made = f", and what {_code(ctx.segment(element.right))} makes for each element, one at a time"
        suggestion = (f"Update each array in place instead (`for {ctx.segment(gen.target)} in {ctx.segment(gen.iter)}:"
                      f" {step}`): no second set of arrays is built. It changes the arrays themselves, so do it only"
                      f" where nothing else holds them.")
    elif fresh and not any(ctx.segment(n) == held for n in ast.walk(value) if isinstance(n, ast.Attribute)):
        made = ""
        suggestion = (f"Free the old list first (`{held} = None` before the line, when nothing else holds its"
                      " arrays): then only the new arrays exist.")
    else:
        return None
    return Finding("out-of-place-update", stmt.lineno, rest,
                   f"{_code(stmt.text)} builds a new list of arrays while the object still holds the old list in"
                   f" `{held}`, freed only once the new one is set: the line kept nothing, so the old list was as"
                   f" large as the new one, and its {format_bytes(rest)} of temporaries are the old arrays, alive"
                   f" beside the new ones{made}.", suggestion, None)


def _attribute_replaced(ctx: _Context, stmt: Statement, stat: LineStat) -> Finding | None:
    """``self.array = self.table[c]`` in a method run again and again: the object holds the previous
    array until the new one is set. Told from the measurement when the line's value makes one array
    (a gather, operations NumPy does in one array) and the line kept at most one array over all its runs:
    each later run then freed the one it replaced, and its temporaries are that old array."""
    node = ctx.node_of(stmt)
    target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
    dying = [t for i, t in enumerate(stmt.temporaries) if i != stmt.result_index and not t.elided]
    if (not isinstance(target, ast.Attribute) or _written_into(target) or stat.hits < 2
            or any(t.kind == "out-of-place-update" for t in stmt.temporaries) or _big(dying)
            or stat.net_bytes < -MIN_ARRAY_BYTES):
        return None
    value = node.value
    # over all its runs it kept at most one array: each later run freed the one it replaced; or, for a value
    # that makes nothing but itself (``self.q = np.zeros(self.k)``), less than an array per run: a method run
    # on several objects replaced an array on the runs whose object already held one
    once = stat.net_bytes <= 1.05 * stat.temporaries_bytes + MIN_ARRAY_BYTES
    made = _only_a_new_array(ctx, value)
    if not once and not (made and stat.net_bytes < 0.95 * stat.hits * stat.temporaries_bytes):
        return None
    simple = (ast.Name, ast.Attribute, ast.Constant, ast.Load)
    ops = sum(isinstance(n, ast.BinOp) for n in ast.walk(value))
    one_array = (isinstance(value, ast.Subscript) and all(isinstance(n, simple) or n is value or isinstance(
        n, (ast.Tuple, ast.Slice)) for n in ast.walk(value))) or (isinstance(value, ast.BinOp) and all(
        isinstance(n, simple + (ast.operator, ast.BinOp)) for n in ast.walk(value))
        and (ops == 1 or stmt.result_index is not None)) or (   # several steps: only where NumPy reuses them all
        isinstance(value, ast.Compare) and len(value.ops) == 1   # ``self.mask = (x <= 0)``: one boolean array
        and all(isinstance(n, simple + (ast.cmpop, ast.Compare)) for n in ast.walk(value)))
    if not (one_array or made):
        return None
    held = ctx.segment(target)
    size = stat.temporaries_bytes
    kept = (f"ran {stat.hits} times and kept one array in all: each run after the first builds" if once else
            f"ran {stat.hits} times and kept {format_bytes(stat.net_bytes)}, less than an array per run: each run"
            " whose object already held an array here builds")
    return Finding("out-of-place-update", stmt.lineno, size,
                   f"{_code(stmt.text)} {kept} the new `{held}` while the object still holds the previous one"
                   f" (freed only once the new one is set), so both exist at once; the line's {format_bytes(size)}"
                   " of temporaries is that old array.",
                   f"Free the old array first (`{held} = None` before the line, when nothing else holds it), or"
                   f" write the new values into it (`out={held}`, `{held}[...] = ...`) when the shape and dtype"
                   " stay the same.", None)


def _only_a_new_array(ctx: _Context, value: ast.expr) -> bool:
    """``np.zeros(self.k)``, ``np.random.randn(self.k) + self.true_reward``: a NumPy call that allocates nothing but
    what it returns, with arguments that are names or attributes, alone or with one operator whose other operand
    is a name, an attribute or a number (NumPy reuses the call's new array for the result)."""
    def call(e: ast.expr) -> bool:
        return (isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and ctx.np is not None
                and _root_name(e.func) == ctx.np and (e.func.attr in facts.RESULT_ONLY_FUNCTIONS
                                                      or ctx.segment(e.func).startswith(f"{ctx.np}.random."))
                and all(all(isinstance(n, (ast.Name, ast.Attribute, ast.Constant, ast.Tuple, ast.BinOp, ast.operator,
                                           ast.Load, ast.UnaryOp, ast.unaryop)) for n in ast.walk(a))
                        for a in [*e.args, *(k.value for k in e.keywords)]))

    simple = (ast.Name, ast.Attribute, ast.Constant)
    return call(value) or (isinstance(value, ast.BinOp) and type(value.op) in _OPS and call(value.left)
                           and isinstance(value.right, simple))


def _kept_each_pass(loop: ast.AST, name: str, ctx: _Context | None = None) -> bool:
    """The loop keeps each pass's value of ``name`` somewhere (``out.append(r)``, ``rows[i] = r``,
    ``[r, ...]``), so rebinding it frees nothing. The pieces a NumPy join is given (``np.concatenate((out,
    r))``) are copied, not kept, and an index tuple (``X[:, r]``) keeps nothing."""
    joined = {id(a) for n in ast.walk(loop) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
              and n.func.attr in _JOINERS for a in n.args[:1]}
    joined |= {id(n.slice) for n in ast.walk(loop) if isinstance(n, ast.Subscript)}   # ``X[:, ndx]`` keeps no ndx
    for n in ast.walk(loop):
        held = []
        # (``out.append(r)``; ``np.put``-like ``put`` keeps it too)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
                n.func.attr in _CONTAINER_METHODS or n.func.attr == "put") and not (
                ctx is not None and _is_pandas((ctx.namespace or {}).get(_receiver_root(n.func.value)))
                and _pandas_copies()):
            # ``X.insert(k, "lag", newcol)`` of a frame: pandas 3 copies the array in, the name alone holds it
            held = list(n.args) + [k.value for k in n.keywords]
        elif (isinstance(n, (ast.List, ast.Tuple)) and isinstance(n.ctx, ast.Load) and id(n) not in joined
              or isinstance(n, ast.Set)):
            held = list(n.elts)
        elif isinstance(n, ast.Dict):
            held = list(n.values)
        elif isinstance(n, ast.Assign) and any(isinstance(t, (ast.Subscript, ast.Attribute)) and not _array_slot(ctx, t)
                                               for t in n.targets):
            held = [n.value]   # ``rows[i] = r`` of a list keeps ``r``; ``returns[i] = R_i`` of an array copies it
        elif isinstance(n, (ast.Yield, ast.YieldFrom)) and n.value is not None:
            held = [n.value]
        elif (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and ctx is not None
              and n.func.id in _cell_classes(ctx)):
            held = list(n.args) + [k.value for k in n.keywords]   # ``State(q, log_prob=...)`` may keep ``q``
        if any(isinstance(h, ast.Name) and h.id == name for h in held):
            return True
    return False


def _array_slot(ctx: _Context | None, target: ast.expr) -> bool:
    """``returns[i]`` where ``returns`` holds a NumPy array: storing there copies the values in; and any store
    into a slice (``out[:len(x)] = x``), which copies the values (a list's takes the elements, not the array)."""
    import numpy

    if isinstance(target, ast.Subscript) and any(isinstance(p, ast.Slice) for p in ast.walk(target.slice)):
        return True
    return (ctx is not None and isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
            and isinstance((ctx.namespace or {}).get(target.value.id), numpy.ndarray))


def _written_call(ctx: _Context, stmt: Statement) -> list:
    """The call the statement's value is, read from the source when the predictor stopped short
    of it (``df = pd.DataFrame({...})`` with values it does not model)."""
    from npguard.static import CallSite

    node = ctx.node_of(stmt)
    value = _value(node)
    if not isinstance(value, ast.Call) or isinstance(node, ast.Expr):   # a bare call: its value may be thrown away
        return []
    name = ctx.segment(value.func)
    if name.split(".")[-1] in _BYSTANDERS or name in ctx.defined_functions or _makes_no_array(ctx, name):
        return []
    return [CallSite(ctx.segment(value), name, _span_of(value), numpy=_numpy_callee(ctx, name))]


def _numpy_callee(ctx: _Context, name: str) -> bool:
    """``np.unique``, ``rng.integers``: a function of the NumPy module, or a method of a random
    generator the namespace holds."""
    import numpy

    root = name.split(".")[0]
    if ctx.np is not None and root == ctx.np:
        return True
    return isinstance((ctx.namespace or {}).get(root), (numpy.random.Generator, numpy.random.RandomState))


def _returns_an_argument(ctx: _Context, name: str, calls: int | None = None, *, strict: bool = False) -> bool:
    """The cell's function ``name`` may return one of its own arguments (``X_std = X ... return X_std``),
    so rebinding a name to its result need not make a second array. ``strict``: it surely does, every name it
    returns never being rebound to anything else (not ``frame = frame.copy()`` before ``return frame``)."""
    name = getattr((ctx.namespace or {}).get(name), "__name__", name) if name.isidentifier() else name
    for f in ast.walk(ctx.tree) if ctx.tree is not None else ():
        if not (isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == name.split(".")[-1]):
            continue
        same = set(_parameters(f))
        for n in ast.walk(f):   # names bound straight to an argument
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and n.value.id in same:
                same |= {t.id for t in n.targets if isinstance(t, ast.Name)}
        if strict:
            same -= {t.id for n in ast.walk(f) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                     for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)
                     and not (isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and n.value.id in same)}
        if any(isinstance(r, ast.Return) and isinstance(r.value, ast.Name) and r.value.id in same
               and not _passed_by_every_call(ctx, f, r, calls) for r in ast.walk(f)):
            return True
    return False


def _passed_by_every_call(ctx: _Context, func: ast.AST, ret: ast.Return, calls: int | None) -> bool:
    """Measured: every one of ``calls`` runs of ``func`` went on past the statement of its body that holds
    ``ret`` (``if window < 3: return signal``), so that ``return`` ended none of them."""
    if not ctx.stats or not calls:
        return False
    top = next((s for s in func.body if any(n is ret for n in ast.walk(s))), None)
    if top is None or top is ret:
        return False
    later = func.body[func.body.index(top) + 1:]
    return any(ctx.stats[n.lineno].hits >= calls for s in later for n in ast.walk(s)
               if isinstance(n, ast.stmt) and n.lineno in ctx.stats)


def _loops_over(ctx: _Context, name: str) -> list[ast.For | ast.comprehension]:
    """The loops and comprehensions of the cell whose target is the name ``name`` (one value per pass)."""
    if ctx.tree is None or not name.isidentifier():
        return []
    return [n for n in ast.walk(ctx.tree) if isinstance(n, (ast.For, ast.comprehension))
            and isinstance(n.target, ast.Name) and n.target.id == name]


def _merged_lines(found: list[str]) -> str:
    """``"lines 1-9, 12-16"`` from several ``"lines a-b"``, in the cell's order."""
    return "lines " + ", ".join(sorted({f.removeprefix("lines ") for f in found}, key=lambda f: int(f.split("-")[0])))


def _inner_function(ctx: _Context, obj: Any) -> ast.AST | None:
    """The ``lambda`` or ``def`` inside a function the cell defines that ``obj`` (a function that one
    returned) was made from: ``make.<locals>.<lambda>``."""
    code = getattr(obj, "__code__", None)
    parts = getattr(obj, "__qualname__", "").split(".")
    if code is None or ctx.tree is None or len(parts) < 3 or parts[1] != "<locals>":
        return None
    outer = next((n for n in ast.walk(ctx.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.name == parts[0]), None)
    if outer is None:
        return None
    found = [n for n in ast.walk(outer) if n is not outer and (
        isinstance(n, ast.Lambda) if parts[-1] == "<lambda>" else
        isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == parts[-1])]
    at = [n for n in found if n.lineno == code.co_firstlineno]
    return (at or found)[0] if len(at or found) == 1 else None


def _bound_in_a_loop(ctx: _Context, name: str) -> bool:
    """``value_function = value_function_generator(0.8, 0.4)`` in a loop, or ``for i, bandit in enumerate(bandits)``:
    the name holds a new object each pass (the namespace keeps only the last), so which class it is an instance
    of is not told by the namespace."""
    if ctx.tree is None or not name.isidentifier():
        return False
    return any(isinstance(n, (ast.For, ast.While)) and any(
        isinstance(a, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in a.targets)
        for a in ast.walk(n)) or isinstance(n, (ast.For, ast.comprehension)) and any(   # ``for i, bandit in ...``
        isinstance(t, ast.Name) and t.id == name for t in ast.walk(n.target)) for n in ast.walk(ctx.tree))


def _def_lines(ctx: _Context, name: str, aliased: bool = False) -> str | None:
    """``"lines 3-7"``: where the cell defines the function ``name``, or the method ``obj.name`` of
    an object whose class the cell defines (``self.fit`` inside its methods, ``Model(k=3).fit``,
    ``scaler(X)`` for an instance with ``__call__``), if it does."""
    depth, cut = 0, -1
    for i, ch in enumerate(name):   # the last dot outside any call's arguments (``Cls(lookback=pd.X(1))``)
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if ch == "." and depth == 0:
            cut = i
    owner, method = (name[:cut], name[cut + 1:]) if cut >= 0 else ("", name)
    classes = _cell_classes(ctx)
    if owner and ctx.tree is not None:
        # ``bt.ffn.to_returns = to_returns`` in the cell: calling the attribute runs the cell's function
        bound = next((n.value.id for n in ast.walk(ctx.tree) if isinstance(n, ast.Assign) and len(n.targets) == 1
                      and isinstance(n.targets[0], ast.Attribute) and ast.unparse(n.targets[0]) == name
                      and isinstance(n.value, ast.Name)), None)
        if bound is not None and bound != name:
            found = _def_lines(ctx, bound)
            if found is not None:
                return found
    if owner and owner.isidentifier() and ctx.namespace is not None:
        # ``astronomy = SimpleNamespace(gmst=gmst)``, then ``astronomy.gmst(t)``: the object holds the cell's function
        held = getattr(ctx.namespace.get(owner), "__dict__", None)
        own = held.get(method) if isinstance(held, dict) else None
        label = getattr(own, "__name__", None)
        if isinstance(own, types.FunctionType) and isinstance(label, str) and label.isidentifier() \
                and ctx.namespace.get(label) is own:
            found = _def_lines(ctx, label)
            if found is not None:
                return found
    if owner:
        if owner in ("self", "cls") or _bound_in_a_loop(ctx, owner):
            # inside a method, or ``for act in [Sigmoid(), TanH()]: act.gradient(x)``: whichever classes of the
            # cell define it (the namespace holds only the last pass's object)
            found = [f for c in classes for f in [_method_of(classes, c, method)] if f is not None]
            if found or owner in ("self", "cls"):
                return _lines_of(found)
        made = re.fullmatch(r"([A-Za-z_]\w*)\(.*\)", owner, re.S)   # ``Model(k=3).fit``
        obj = (ctx.namespace or {}).get(owner) if owner.isidentifier() else None
        cls = (made.group(1) if made is not None else owner if owner in classes   # ``QuadraticCost.fn``
               else type(obj).__name__ if obj is not None else None)
        if cls is None and "(" in owner:   # ``mcb.fit(X).transform``: a chain on the cell's object, which
            head = (ctx.namespace or {}).get(owner.split(".")[0].split("(")[0])   # its methods return
            cls = type(head).__name__ if head is not None and type(head).__name__ in classes else None
        if cls is None and owner.isidentifier() and ctx.tree is not None:
            # ``recurrence_plot = RecurrencePlot(...)`` in a function, then ``recurrence_plot.transform(X)``: every
            # binding of the name makes an instance of one class of the cell
            made_by = {n.value.func.id for n in ast.walk(ctx.tree) if isinstance(n, ast.Assign)
                       and [getattr(t, "id", None) for t in n.targets] == [owner] and isinstance(n.value, ast.Call)
                       and isinstance(n.value.func, ast.Name)} or {None}
            bound = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Name) and n.id == owner
                     and isinstance(n.ctx, ast.Store)]
            if len(made_by) == 1 and next(iter(made_by)) in classes and len(bound) == sum(
                    1 for n in ast.walk(ctx.tree) if isinstance(n, ast.Assign)
                    and [getattr(t, "id", None) for t in n.targets] == [owner]):
                cls = next(iter(made_by))
        if cls is None:
            return None
        # a method the class inherits from elsewhere (``fit_transform`` of a mixin) runs the class's own
        # methods: their lines are the cell's
        return _lines_of([_method_of(classes, cls, method)]) or _lines_of([classes.get(cls)])
    made = re.fullmatch(r"([A-Za-z_]\w*)\(.*\)", name, re.S)   # ``PolynomialKernel(d=3)(X, Y)``
    if made is not None and made.group(1) in classes:
        return _lines_of([_method_of(classes, made.group(1), "__call__")])
    if made is not None:
        returned = _functions_returned(ctx, made.group(1))
        if returned:   # ``get_prox("l0")(x, w)``: the call runs one of the cell's functions the first returns
            return _lines_of(returned)
    if name in classes:   # ``Setup(x, "standard")``: the class's ``__init__`` runs
        return _lines_of([_method_of(classes, name, "__init__")])
    picked = re.fullmatch(r"([A-Za-z_]\w*)\[.*\]", name, re.S)
    if picked is not None and ctx.tree is not None and not aliased:
        # ``PERFORMANCE_METRICS[metric](df_m, w)`` with ``PERFORMANCE_METRICS = {'mse': mse, ...}`` in the cell: each
        # value is one of the cell's functions
        displays = [n.value for n in ast.walk(ctx.tree) if isinstance(n, ast.Assign)
                    and [getattr(t, "id", None) for t in n.targets] == [picked.group(1)]]
        if len(displays) == 1 and isinstance(displays[0], ast.Dict) and displays[0].values and all(
                isinstance(v, ast.Name) for v in displays[0].values):
            found = [_def_lines(ctx, v.id, aliased=True) for v in displays[0].values]
            if all(found):
                return _merged_lines(found)
        # (``transforms[0](x)`` with ``transforms`` a parameter every call gives a list of the cell's callable objects,
        # ``apply_transforms(x, [Asymmetry(0.2), Illconditionning(10.0)])``)
        owners = [f for f in ast.walk(ctx.tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                  and picked.group(1) in _parameters(f)]
        found: list = []

        def instances(e: ast.expr | None) -> bool:
            if not (isinstance(e, (ast.List, ast.Tuple)) and e.elts):
                return False
            made = [x.func.id for x in e.elts if isinstance(x, ast.Call) and isinstance(x.func, ast.Name)]
            lines = [_method_of(classes, c, "__call__") for c in made if c in classes]
            if len(lines) != len(e.elts) or None in lines:
                return False
            found.extend(lines)
            return True
        if len(owners) == 1 and _passed_all(ctx, owners[0], picked.group(1), instances) and found:
            return _lines_of(found)
        # (a registry the cell's decorator fills, ``PERFORMANCE_METRICS[func.__name__] = func``: as the session holds it)
        held = (ctx.namespace or {}).get(picked.group(1))
        funcs = list(held.values()) if isinstance(held, dict) and held else []
        labels = [getattr(f, "__name__", None) for f in funcs]
        if funcs and all(isinstance(f, types.FunctionType) and isinstance(label, str) and label.isidentifier()
                         and ctx.namespace.get(label) is f for f, label in zip(funcs, labels)):
            found = [_def_lines(ctx, label, aliased=True) for label in labels]
            if all(found):
                return _merged_lines(found)
    defs = [n for n in ast.walk(ctx.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and n.name == name] if ctx.tree is not None else []
    ran = [n for n in defs if _body_ran(ctx, n)]
    if len(defs) > 1 and ran:
        # mne's rescale defines ``fun`` once per mode, in the branches of an ``if``: the one whose lines ran
        return _lines_of(ran)
    for n in ast.walk(ctx.tree) if ctx.tree is not None else ():
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name:
            return f"lines {n.lineno}-{n.end_lineno}"
        if (isinstance(n, ast.Assign) and isinstance(n.value, ast.Lambda)   # ``f = lambda x: ...``
                and [getattr(t, "id", None) for t in n.targets] == [name]):
            return f"lines {n.lineno}-{n.end_lineno}"
    for n in _loops_over(ctx, name) if not aliased else ():
        # ``for func in [loop_cumsum, pandas_cumsum]: func(products)``: each function the loop goes through
        if isinstance(n.iter, (ast.List, ast.Tuple)) and n.iter.elts and all(isinstance(e, ast.Name) for e in n.iter.elts):
            found = [_def_lines(ctx, e.id, aliased=True) for e in n.iter.elts]
            if all(found):
                return _merged_lines(found)
    obj = (ctx.namespace or {}).get(name) if name.isidentifier() else None
    if obj is not None and not isinstance(obj, type) and type(obj).__name__ in classes:   # an instance called
        if _loops_over(ctx, name):   # ``for act in [Sigmoid(), TanH()]: act(x)``: any class of the cell that can be called
            found = [f for c in classes for f in [_method_of(classes, c, "__call__")] if f is not None]
            if found:
                return _lines_of(found)
        return _lines_of([_method_of(classes, type(obj).__name__, "__call__")])
    inner = _inner_function(ctx, obj)
    if inner is not None:   # ``f = make(2.0)``, which returns a lambda (or a def) of the cell's ``make``
        return f"lines {inner.lineno}-{inner.end_lineno}"
    alias = getattr(obj, "__name__", None)
    if isinstance(alias, str) and alias != name and alias.isidentifier() and not aliased:   # ``step = life_step_1``
        return _def_lines(ctx, alias, aliased=True)
    if not aliased and name.isidentifier():   # ``f = nn_interpolate if mode == "nn" else bilinear`` in the cell
        chosen = [v for n in ast.walk(ctx.tree) if ctx.tree is not None and isinstance(n, ast.Assign)
                  and [getattr(t, "id", None) for t in n.targets] == [name]
                  for v in ((n.value.body, n.value.orelse) if isinstance(n.value, ast.IfExp) else (n.value,))]
        found = [_def_lines(ctx, v.id, aliased=True) if isinstance(v, ast.Name)
                 # ``sigclip = SigmaClip(...)`` then ``sigclip(data)``: the class's ``__call__`` runs
                 else _lines_of([_method_of(classes, v.func.id, "__call__")])
                 if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in classes else None
                 for v in chosen]
        if found and all(found):
            return _merged_lines(found)
    try:
        picked = ast.parse(name.strip(), mode="eval").body if not name.isidentifier() else None
    except SyntaxError:
        picked = None
    if (isinstance(picked, ast.Subscript) and isinstance(picked.value, ast.Dict) and picked.value.values
            and all(isinstance(v, ast.Name) for v in picked.value.values) and not aliased):
        # ``{"full": _full, "tied": _tied}[covariance_type](resp, X)``: one of the functions the dict holds
        found = [_def_lines(ctx, v.id, aliased=True) for v in picked.value.values]
        if all(found):
            return _merged_lines(found)
    if (name.isidentifier() and not aliased and obj is None and classes and _bound_in_a_loop(ctx, name)
            and any(isinstance(n, ast.For) and isinstance(n.iter, ast.Attribute) and any(
                isinstance(t, ast.Name) and t.id == name for t in ast.walk(n.target)) for n in ast.walk(ctx.tree))):
        # ``for algo in self.algos: algo(target)`` in a method: an object the cell's classes hold, called; any of
        # its classes that can be called runs
        found = [f for c in classes for f in [_method_of(classes, c, "__call__")] if f is not None]
        if found:
            return _lines_of(found)
    if name.isidentifier() and not aliased and ctx.tree is not None:
        walked = _walked_functions(ctx, name)
        if walked:
            return _lines_of(walked)
    return None


def _walked_functions(ctx: _Context, name: str) -> list:
    """``for bin_idx, erf_approx_in_bin in enumerate(erf_approx_in_each_bin)`` over a list of the cell's lambdas
    (or functions): calling the loop's name runs one of them."""
    for loop in ast.walk(ctx.tree):
        if not (isinstance(loop, ast.For) and any(isinstance(t, ast.Name) and t.id == name
                                                  for t in ast.walk(loop.target))):
            continue
        source = loop.iter
        if isinstance(source, ast.Call) and isinstance(source.func, ast.Name) and source.func.id == "enumerate" \
                and source.args:
            source = source.args[0]
        if isinstance(source, ast.Name):
            bound = [_value(n) for n in ast.walk(ctx.tree) if isinstance(n, (ast.Assign, ast.AnnAssign))
                     and _single_target(n) == source.id]
            source = bound[0] if len(bound) == 1 else None
        if not isinstance(source, (ast.List, ast.Tuple)) or not source.elts:
            return []
        found = []
        for e in source.elts:
            own = _defined_function(ctx, e.id) if isinstance(e, ast.Name) else e if isinstance(e, ast.Lambda) else None
            if own is None:
                return []
            found.append(own)
        return found
    return []


def _looped_instance(ctx: _Context, name: str) -> tuple[ast.ClassDef, ast.FunctionDef] | None:
    """``wf`` of ``for i, wf in enumerate(wfs)``, called: the one class the cell defines with ``__call__``, when
    that method's lines ran."""
    if ctx.tree is None or not any(isinstance(loop, ast.For) and any(isinstance(t, ast.Name) and t.id == name
                                                                     for t in ast.walk(loop.target))
                                   for loop in ast.walk(ctx.tree)):
        return None
    found = [(c, f) for c in _cell_classes(ctx).values() for f in c.body
             if isinstance(f, ast.FunctionDef) and f.name == "__call__"]
    if len(found) != 1:
        return None
    return found[0] if _body_ran(ctx, found[0][1]) else None


def _cell_classes(ctx: _Context) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in ast.walk(ctx.tree) if isinstance(n, ast.ClassDef)} if ctx.tree is not None else {}


def _method_of(classes: dict[str, ast.ClassDef], cls: str, method: str, seen: frozenset = frozenset()):
    """The ``def`` of ``cls.method`` in the cell, looking through the cell's base classes too."""
    node = classes.get(cls)
    if node is None or cls in seen:
        return None
    for f in node.body:
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == method:
            return f
    for f in node.body:   # ``__call__ = evaluate`` in the class body (``a = b`` and ``b = a`` end the search)
        if (isinstance(f, ast.Assign) and [getattr(t, "id", None) for t in f.targets] == [method]
                and isinstance(f.value, ast.Name) and f"{cls}.{f.value.id}" not in seen):
            return _method_of(classes, cls, f.value.id, seen | {f"{cls}.{method}"})
    for base in node.bases:
        if isinstance(base, ast.Name):
            found = _method_of(classes, base.id, method, seen | {cls})
            if found is not None:
                return found
    return None


def _lambda_body(ctx: _Context, stmt: Statement, stat: LineStat, nbytes: int) -> Finding | None:
    """``f = lambda x: exp(-x**2) / 12``: the line's figures are its body's, which runs at each call of
    ``f`` elsewhere; what it made is freed within each call."""
    node = ctx.node_of(stmt)
    if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda) and len(node.targets) == 1):
        return None
    name = ctx.segment(node.targets[0])
    ran = (f"inside the body of `{name}`, a lambda this line defines: it ran {stat.hits} time"
           f"{'s' if stat.hits != 1 else ''} (each call of `{name}`, on the lines that call it), and")
    body = node.value.body
    # the cell's own functions it calls (``lambda X1, X2: rbf(X1, X2, gamma=1.)``) have lines, and figures, of their own
    own = [d for n in ast.walk(body) if isinstance(n, ast.Call)
           and (d := _def_lines(ctx, ctx.segment(n.func))) and d != f"lines {node.lineno}-{node.end_lineno}"]
    spans = sorted({d.removeprefix("lines ") for d in own})
    if spans and _made_on(ctx, spans) >= 0.5 * nbytes:
        where = "lines " + ", ".join(spans)
        called = _join_code(sorted({ctx.segment(n.func) for n in ast.walk(body) if isinstance(n, ast.Call)
                                    and _def_lines(ctx, ctx.segment(n.func)) in own}))
        return Finding("inside-call", stmt.lineno, nbytes,
                       f"{ran} {format_bytes(nbytes)} of arrays were freed within a call: made by {called}, which"
                       f" this cell defines ({where}), whose lines have figures of their own.",
                       f"The figures on {where} show where each array was made; free or reuse arrays there.", None)
    if not any(isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Compare)) for n in ast.walk(body)):
        calls = _join_code(sorted({ctx.segment(n.func) for n in ast.walk(body) if isinstance(n, ast.Call)}))
        return Finding("inside-call", stmt.lineno, nbytes,
                       f"{ran} {format_bytes(nbytes)} of arrays made by the calls in its body ({calls}) were freed"
                       " within a call: each returns a new array, alive until the next step has used it.",
                       f"Where `{name}` is called on large arrays, each call holds its intermediate results while it"
                       " runs; a form with fewer intermediate steps holds less.", None)
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"{ran} {format_bytes(nbytes)} of arrays its operators made were freed within a call.",
                   f"Each operator in the body returns a new array; where `{name}` is called on large arrays, write"
                   " it as a function whose steps reuse one array (augmented operators, ufuncs with `out=`).", None)


def _own_property(ctx: _Context, stmt: Statement, nbytes: int) -> Finding | None:
    """``var = d1.var`` where ``var`` is a property of a class the cell defines: reading it runs the
    cell's own code, whose lines have their own figures."""
    node = ctx.node_of(stmt)
    value = _value(node) if node is not None else None
    classes = _cell_classes(ctx)
    if value is None or not classes:
        return None
    for n in ast.walk(value):
        if not (isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)):
            continue
        owner = n.value.id
        found = ([f for c in classes for f in [_method_of(classes, c, n.attr)] if f is not None] if owner == "self"
                 else [_method_of(classes, type((ctx.namespace or {}).get(owner)).__name__, n.attr)])
        found = [f for f in found if f is not None and any(
            "property" in ast.unparse(d) or "cache" in ast.unparse(d) for d in f.decorator_list)]
        where = _lines_of(found)
        if where is not None and (not ctx.stats or _made_on(ctx, [where.removeprefix("lines ")]) >= 0.5 * nbytes):
            return Finding("inside-call", stmt.lineno, nbytes,
                           f"inside {_code(ctx.segment(n))}, a property this cell defines ({where}): reading it ran"
                           f" that code, and {format_bytes(nbytes)} of arrays it made were freed before it returned.",
                           f"The figures on {where} show where each array was made; free an array there as soon as"
                           " it is no longer needed (`del`) or reuse it (`out=`, in-place operators), and keep a value"
                           " that is read often (a cached property) only if its memory is worth it.", None)
    return None


def _functions_returned(ctx: _Context, name: str) -> list:
    """The cell's functions that the cell's function ``name`` hands back (``return prox[regularization]`` with
    ``prox = {"l0": _prox_l0, ...}``, or ``return _prox_l1``); empty when it returns anything else."""
    func = next((n for n in ast.walk(ctx.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and n.name == name), None) if ctx.tree is not None else None
    returns = [n for n in _own_nodes(func) if isinstance(n, ast.Return)] if func is not None else []
    found = []
    for r in returns:
        value = r.value.value if isinstance(r.value, ast.Subscript) else r.value
        if isinstance(value, ast.Name):
            bound = [_value(n) for n in _own_nodes(func) if _single_target(n) == value.id]
            names = ([v.id for b in bound if isinstance(b, ast.Dict) for v in b.values if isinstance(v, ast.Name)]
                     if bound else [value.id])
        else:
            return []
        defs = [n for n in ast.walk(ctx.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                and n.name in names and n is not func]
        if not defs:
            return []
        found += defs
    return found


def _lines_of(defs) -> str | None:
    spans = sorted({(f.lineno, f.end_lineno) for f in defs if f is not None})
    return "lines " + ", ".join(f"{a}-{b}" for a, b in spans) if spans else None


def _own_function(ctx: _Context, stmt: Statement, nbytes: int, old_told: bool = False) -> Finding | None:
    """A call to a function the cell defines: what its own lines made and freed is theirs, and the
    calling line's temporaries are what the call as a whole made and did not keep (``old_told``: the old
    value the line rebinds has its own finding, which took its bytes)."""
    if ctx.tree is None:
        return None
    called = [c for c in stmt.calls if _def_lines(ctx, c.name) and _local_binding(ctx, c) is None]
    if not called:
        return None

    def within(inner: str, outer: str) -> bool:   # ``lines 13-19`` inside ``lines 11-118``
        a, b = (int(x) for x in inner.removeprefix("lines ").split(", ")[0].split("-"))
        return any(c <= a and b <= d for span in outer.removeprefix("lines ").split(", ")
                   for c, d in [map(int, span.split("-"))])
    # ``Model(k=3).fit(X)``: the constructor's lines lie within the class whose method runs
    spans_of = {id(c): _def_lines(ctx, c.name) for c in called}
    called = [c for c in called if not any(o is not c and spans_of[id(o)] != spans_of[id(c)]
                                           and within(spans_of[id(c)], spans_of[id(o)]) for o in called)]
    # the cell's own calls nested in one another (``self.activation(self.net_input(X))``) or side by side
    spans = sorted({_def_lines(ctx, c.name).removeprefix("lines ") for c in called})
    where = "lines " + ", ".join(spans)
    if len(spans) == 1 and re.fullmatch(r"(\d+)-\1", spans[0]):
        where = "line " + spans[0].split("-")[0]   # a one-line function or lambda
    # (each call on the line may make what its lines measured: ``np.choose(i, [tstack(...), tstack(...)])``)
    if ctx.stats and _made_on(ctx, spans) * len(called) < 0.5 * nbytes:
        method = _method_on_result(ctx, called[0]) if len(called) == 1 else None
        if method is not None:
            # ``cls._rolling(series, size).mean()``: the function hands back pandas' lazy window, whose method
            # makes the memory
            return Finding("inside-call", stmt.lineno, nbytes,
                           f"inside {_code(ctx.segment(method))}: {format_bytes(nbytes)} of temporaries came from"
                           f" `.{method.func.attr}()` on what {_code(called[0].expr)} returned, which npguard does not"
                           f" model in detail; the cell's function itself ({where}) made "
                           + ("no large array." if _made_on(ctx, spans) < MIN_ARRAY_BYTES else
                              f"little (its lines measured {format_bytes(_made_on(ctx, spans))})."),
                           "Run the call on smaller pieces (chunks of rows) if its result allows it, or look for a"
                           " variant that works in place or in parts.", None)
        return None   # its own lines measured little: the memory was made on the calling line itself
    if len(called) == 1:
        message = (f"inside {_code(called[0].expr)}, which this cell defines ({where}): {format_bytes(nbytes)} of"
                   " arrays were freed before the call ended (arrays it made, or old ones it replaced, freed inside"
                   " it or as it returned).")
        node = ctx.node_of(stmt)
        inner = ctx.node_at(called[0].span)
        func = _function_at(ctx, spans[0])
        if func is not None and any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in _own_nodes(func)):
            # ``pd.DataFrame(_msd_iter(pos, lags))``: a generator returns nothing large; its locals live from one
            # ``yield`` to the next while the caller consumes it, and the last of them go when it finishes
            return Finding("inside-call", stmt.lineno, nbytes,
                           f"inside {_code(called[0].expr)}, a generator this cell defines ({where}), run by this"
                           f" line: {format_bytes(nbytes)} of arrays were freed before the line ended: arrays it"
                           " made and freed between the values it yields, and its local arrays, held from one"
                           " `yield` to the next and freed when it finishes.",
                           f"The figures on {where} show where each array was made; inside the generator, free an"
                           " array once it is no longer needed (`name = None` in a loop, `del`) or reuse it (`out=`,"
                           " in-place operators) so fewer are alive at once.", None)
        printed = (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
                   and node.value.func.id in ("print", "str", "repr") and inner in node.value.args)
        # (what it hands back is what its return lines kept, or the local they name: ``return data`` after
        # ``data = ...``)
        returned = 0
        applied = isinstance(node, ast.AugAssign) and node.value is inner and type(node.op) in _OPS
        if _thrown_away(ctx.tree, node) and node.value is inner or printed or applied:
            returned = _returned_by_name(ctx, spans[0])
            returned = returned if returned is not None else _returned_bytes(ctx, spans[0])
        if applied and MIN_ARRAY_BYTES <= returned <= 1.05 * nbytes:
            # ``anomaly *= Data.cos_window(anomaly, gamma)``: the returned array is what the update applies, freed
            # once it is applied
            rest = nbytes - min(returned, nbytes)
            target = ctx.segment(node.target)
            return Finding("inside-call", stmt.lineno, nbytes,
                           _part_of_freed(called[0].expr, where, nbytes, min(returned, nbytes),
                                          f"the value it returned, which `{_OPS[type(node.op)]}=` applies to"
                                          f" {_code(target)} and then lets go"),
                           f"The returned array is what the update needs, so it exists while it is applied"
                           + (f"; the figures on {where} show where the other {format_bytes(rest)} were made, and"
                              " freeing or reusing arrays there lowers it." if rest >= MIN_ARRAY_BYTES else
                              ": to make none, have the function apply its values to the array it is given."),
                           None)
        if printed and MIN_ARRAY_BYTES <= returned <= 1.05 * nbytes:
            # ``print(go_fast(x))``: the returned array is the value printed, freed once print is done
            message = (f"inside {_code(called[0].expr)}, which this cell defines ({where}): {format_bytes(nbytes)} of"
                       f" arrays were freed before the line ended. {format_bytes(min(returned, nbytes))} of them is"
                       f" the value it returned, which `{node.value.func.id}` formats and then lets go (nothing keeps"
                       " it)")
            rest = nbytes - min(returned, nbytes)
            message += "; the rest was made and freed inside it." if rest >= MIN_ARRAY_BYTES else "."
            return Finding("inside-call", stmt.lineno, nbytes, message,
                           "The returned array is what is printed, so no change inside the function lowers that part"
                           + (f"; the figures on {where} show where the other {format_bytes(rest)} were made." if
                              rest >= MIN_ARRAY_BYTES else ".")
                           + " Bind it to a name if it is needed again, or return only what is printed.", None)
        if MIN_ARRAY_BYTES <= returned <= 1.05 * nbytes:
            # ``pulse(x, ...)`` as a bare line: what the function returned is thrown away at once
            rest = nbytes - min(returned, nbytes)
            message = (f"inside {_code(called[0].expr)}, which this cell defines ({where}): {format_bytes(nbytes)} of"
                       f" arrays were freed before the line ended. {format_bytes(min(returned, nbytes))} of them is"
                       " the value it returned, which this line throws away ("
                       + ("only a cell's last expression is displayed" if node in ctx.tree.body else "nothing keeps it")
                       + ("); the rest was made and freed inside it." if rest >= MIN_ARRAY_BYTES else ")."))
            if rest < MIN_ARRAY_BYTES:
                # ``scale_data(hrdata)`` whose result nobody binds: the function's own lines are not the cause
                return Finding("inside-call", stmt.lineno, nbytes, message,
                               f"Bind the value to a name if it was meant to be used ({_code('x = ' + ctx.segment(inner))});"
                               " if the call is not made for anything else it does, the line can go, and with it"
                               " this memory.", None)
        parent, arg = ctx.parents.get(id(inner)), inner
        steps = []   # operators between the call and the one it is handed to (``np.dot(kernel(t, T) ** 2, v)``)
        while isinstance(parent, (ast.List, ast.Tuple, ast.Starred, ast.BinOp, ast.UnaryOp)):
            if isinstance(parent, (ast.BinOp, ast.UnaryOp)):   # ``np.column_stack([c, make(stim)])`` above
                steps.append(f"`{_OPS[type(parent.op)]}`" if type(parent.op) in _OPS else "an operator")
            parent, arg = ctx.parents.get(id(parent)), parent
        # what its return lines kept is the value handed back; its lines' net growth together also counts locals
        # that live until it returns (``dev = x - mean`` in ``logpdf``)
        named = _returned_by_name(ctx, spans[0])
        # (not a view of it, ``np.transpose(cconv(x, h, 1))``: the view keeps the value alive as long as it is held)
        viewed = (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute)
                  and _root_name(parent.func) == ctx.np and parent.func.attr in _VIEWING
                  # (``pd.Series(SMA(ohlc, period), name=...)``: pandas 3 wraps a returned Series without a copy)
                  or _wraps_pandas(ctx, parent) and _returns_pandas(ctx, _function_at(ctx, spans[0])))
        # ``tstack([i, i, i]).astype(np.uint8)``: a method (not a view's) uses the returned array up as well
        method = (_method_on_result(ctx, called[0]) if not steps and isinstance(parent, ast.Attribute)
                  and parent.attr not in facts.VIEW_METHODS else None)
        kept = ((named if named is not None else _returned_bytes(ctx, spans[0])
                 or _kept_by_function(ctx, spans[0], stmt))
                if ((isinstance(parent, ast.Call) and arg in parent.args and not viewed
                     # (``per_channel.append(f(x))``: the list keeps what the function returned)
                     and not (isinstance(parent.func, ast.Attribute) and parent.func.attr in _CONTAINER_METHODS))
                    or method is not None)
                and not _returns_a_dict(ctx, spans[0]) else 0)
        line = ctx.stats.get(stmt.lineno)
        # (``argsort(self._distance_from_weights(data), axis=1)[:, :2]``: the line keeps an array as large as the
        # returned one, and what the function made inside accounts for all of the line's temporaries: the line
        # peaked inside the call, before the value was returned)
        if line is not None and line.net_bytes // max(1, line.hits) >= 0.9 * kept \
                and _freed_on(ctx, spans[0]) - kept >= 0.9 * nbytes:
            kept = 0
        if MIN_ARRAY_BYTES <= kept <= 1.05 * nbytes:
            # ``np.flatnonzero(prime_sieve(2_000_000))``: what the function returned is used up by the call it is
            # handed to, and freed on this line
            outer = f".{parent.attr}" if method is not None else ctx.segment(parent.func)
            rest = nbytes - min(kept, nbytes)
            # the rest: made and freed inside the function (its lines measured it), or by ``outer`` from the value
            inside = rest >= MIN_ARRAY_BYTES and _made_on(ctx, [spans[0]]) >= 0.9 * rest
            return Finding("inside-call", stmt.lineno, nbytes,
                           f"inside {_code(called[0].expr)}, which this cell defines ({where}): {format_bytes(nbytes)}"
                           f" of arrays were freed before the line ended. {format_bytes(min(kept, nbytes))} of them is"
                           f" the value it returned, which "
                           + (f"{' and '.join(steps)} and then `{outer}` work on" if steps else f"`{outer}` works on")
                           + " and the line then lets go"
                           + (f"; the other {format_bytes(rest)} were made and freed inside it." if inside else
                              f"; the other {format_bytes(rest)} were made on this line from it."
                              if rest >= MIN_ARRAY_BYTES else "."),
                           f"The returned array is what `{outer}` needs, so no change inside the function lowers that"
                           " part" + (f"; the figures on {where} show where the other {format_bytes(rest)} were made,"
                                      " and freeing or reusing arrays there lowers it." if inside else "."), None)
        # (not when the function hands its argument back, changed in place: ``X = self._encode(X)``)
        line = ctx.stats.get(stmt.lineno)
        runs = line.hits if line is not None and not stmt.in_function else None
        same = isinstance(inner, ast.Call) and _returns_an_argument(ctx, ctx.segment(inner.func), runs, strict=True)
        held = (not old_told and not same and (_replaced_by_own_call(ctx, stmt, _old_from_figures(
                    ctx, stmt, called[0], spans[0]), nbytes, where)
                                               or _handed_back(ctx, stmt, inner, nbytes, where))
                or _right_of_an_operator(ctx, stmt, inner, nbytes, where, spans[0])
                or _returned_into_a_store(ctx, stmt, inner, nbytes, where, spans[0]))
        if held is not None:
            return held
        copied = _constructor_copy(ctx, stmt, inner)
        if copied is not None and MIN_ARRAY_BYTES <= copied[2] <= nbytes:
            wrap, name, size = copied
            rest = nbytes - size
            return Finding("inside-call", stmt.lineno, nbytes,
                           _part_of_freed(called[0].expr, where, nbytes, size,
                                          f"{_code(wrap)}, a copy of the NumPy array `{name}` (pandas 3 copies an"
                                          " array handed to its constructor), built by this line to hand to the call"),
                           f"`{wrap[:-1]}, copy=False)` wraps `{name}` without copying it (the two then share memory:"
                           " a write to one shows in the other)"
                           + (f"; the figures on {where} show where the other {format_bytes(rest)} were made." if rest
                              >= MIN_ARRAY_BYTES else "."), None)
        gathered = [t for a in (inner.args if isinstance(inner, ast.Call) else []) if isinstance(a, ast.Subscript)
                    for t in stmt.temporaries
                    if t.span == _span_of(a) and not t.elided and t.kind == "fancy-index-copy"]
        # (a gather another finding of the line already told, ``A[r]`` as a fancy-index copy, took its bytes from
        # what is left: the first ones, as that finding names them)
        line_stat = ctx.stats.get(stmt.lineno)
        claimed = line_stat.temporaries_bytes - nbytes if line_stat is not None else 0
        while gathered and gathered[0].nbytes <= 1.05 * claimed:
            claimed -= gathered.pop(0).nbytes
        size = sum(t.nbytes for t in gathered)
        if gathered and MIN_ARRAY_BYTES <= size < nbytes:
            # ``first_order(A[r], AB[r, j], B[r])``: the gathers are made on the line and handed to the call
            rest = nbytes - size
            return Finding("inside-call", stmt.lineno, nbytes,
                           f"inside {_code(called[0].expr)}, which this cell defines ({where}): {format_bytes(nbytes)}"
                           f" of arrays were freed before the line ended. {format_bytes(size)} of them"
                           f" {'is' if len(gathered) == 1 else 'are'} {_join_code([t.expr for t in gathered])},"
                           " gathered"
                           f" by this line to hand to the call; the other {format_bytes(rest)} were made and freed"
                           " inside it.",
                           f"The gathers are what the call is given, so they exist while it runs; the figures on"
                           f" {where} show where the other {format_bytes(rest)} were made, and freeing or reusing"
                           " arrays there lowers it.", None)
        built = _built_arguments(ctx, called[0])
        if built:   # ``normalize(np.angle(Z))``: the argument was made on the calling line, not inside
            message = (f"inside {_code(called[0].expr)}, which this cell defines ({where}): {format_bytes(nbytes)}"
                       f" of arrays freed before the line ended: {_join_code(built)}, a new array this line built to"
                       " hand to the call, and what the call made and freed inside.")
    else:
        # ``Model(k).fit(X).transform(X)``, ``self.kernel(self.shift(X))``: named by the outermost call
        shown = sorted((c for c in called if not any(o is not c and _encloses(o, c) for o in called)),
                       key=lambda c: c.span, reverse=True)
        names = " and ".join(_code(c.expr) for c in shown[:3]) + (
            f" and {len(shown) - 3} more calls" if len(shown) > 3 else "")
        chain = " (with the calls inside it)" if len(shown) == 1 else ""
        message = (f"inside {names}{chain}, which this cell defines ({where}): {format_bytes(nbytes)} of arrays"
                   " they made were freed before the calls ended (inside them, or as they returned).")
        handed = (_values_handed_on(ctx, stmt, shown, nbytes, where) or len(shown) == 1 and not old_told
                  and _handed_back(ctx, stmt, ctx.node_at(shown[0].span), nbytes, where))
        if handed:
            return handed
    returned = _only_returned(ctx, stmt, called, spans, nbytes, where)
    if returned is not None:
        return returned
    # ``baby["Shuffled"] = shuffle(...)`` each pass: the frame holds the old column until the new one is stored
    message += _item_replaced_words(ctx, stmt)
    return Finding("inside-call", stmt.lineno, nbytes, message,
                   f"The figures on {where} show where each array was made; inside the function, free an array"
                   " as soon as it is no longer needed (`del`) or reuse it (`out=`, in-place operators) so fewer"
                   " are alive at once.", None)


def _only_returned(ctx: _Context, stmt: Statement, called: list, spans: list[str], nbytes: int,
                   where: str) -> Finding | None:
    """simdkalman's ``v = measurement - ddot(observation_model, prior_mean)``: the cell's functions measured no
    temporaries on their own lines (each makes only the array it returns), so nothing was freed inside them: what
    the line freed is what they returned, used up on this line, and (a name rebound in a loop) the previous pass's
    value."""
    lines = _measured_lines(ctx, spans)
    if not lines or sum(ctx.stats[n].temporaries_bytes for n in lines) >= MIN_ARRAY_BYTES // 16:
        return None
    # (and no local: what a line other than a ``return`` keeps is freed as the function returns)
    returns = {n.lineno for n in ast.walk(ctx.tree) if isinstance(n, ast.Return)} if ctx.tree is not None else set()
    if any(n not in returns and ctx.stats[n].net_bytes // max(1, ctx.stats[n].hits) >= MIN_ARRAY_BYTES // 16
           for n in lines):
        return None
    node = ctx.node_of(stmt)
    target = _single_target(node)
    again = stmt.in_loop and target is not None and ctx.stats.get(stmt.lineno) is not None \
        and ctx.stats[stmt.lineno].hits > 1
    loop = _enclosing(ctx, node, (ast.For, ast.While)) if again else None
    names = " and ".join(_code(c.expr) for c in called[:2]) + (" and the others" if len(called) > 2 else "")
    one = len(called) == 1
    if one and _value(node) is ctx.node_at(called[0].span):
        # ``Vt1tA = ddot_t_right(V1, A)`` each pass: the value is kept; what the line freed is the previous one
        if not again:
            return None
        return Finding("out-of-place-update", stmt.lineno, nbytes,
                       f"{names} ({where}) frees nothing inside: its lines measured no temporaries, making only the"
                       f" array it returns, which the line keeps. The line's {format_bytes(nbytes)} are the previous"
                       f" pass's `{target}`, still bound while the call made the new one and freed when the line binds"
                       " it.",
                       f"`{target} = None` at the end of each pass (after its last use) frees the previous value before"
                       " the call makes the next one, when nothing else holds it." if loop is not None
                       and not _read_after(ctx, loop, target) else
                       f"The code after the loop reads the last `{target}`, so it stays bound; binding `{target} = None`"
                       " just before this line frees the previous one first, where nothing in the pass reads it"
                       " before.", None)
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"{names} ({where}) {'frees' if one else 'free'} nothing inside: {'its' if one else 'their'} lines"
                   f" measured no temporaries, {'making' if one else 'each making'} only the array it returns. The"
                   f" line's {format_bytes(nbytes)} are what {'it' if one else 'they'} returned, used up on this line"
                   " (handed on, or combined by its operators into a new array) and let go"
                   + (f", with the previous pass's `{target}`, freed when the line binds the new one." if again
                      else "."),
                   "The returned arrays are what the line computes with. Where the peak matters, combine the steps"
                   " so fewer results exist at once, or have the function write into an array the caller passes"
                   " (`out=`).", None)


def _part_of_freed(expr: str, where: str, nbytes: int, part: int, what: str) -> str:
    """``inside f(x), which this cell defines (lines 3-9): N of arrays were freed before the line ended. P of them is
    <what>; the other R were made and freed inside it.``"""
    rest = nbytes - part
    return (f"inside {_code(expr)}, which this cell defines ({where}): {format_bytes(nbytes)} of arrays were freed"
            f" before the line ended. {format_bytes(part)} of them is {what}"
            + (f"; the other {format_bytes(rest)} were made and freed inside it." if rest >= MIN_ARRAY_BYTES else "."))


def _right_of_an_operator(ctx: _Context, stmt: Statement, inner: ast.AST | None, nbytes: int, where: str,
                          span: str) -> Finding | None:
    """``return 1 - piecemf(x, abc)``: the value the cell's function returned is the right operand of an operator
    NumPy cannot compute into it (only the left operand of ``-``, ``/``, ``**`` is reused), so the operator's
    result is a second array of its size, and the returned one is let go once it is made."""
    parent = ctx.parents.get(id(inner)) if inner is not None else None
    if not (isinstance(parent, ast.BinOp) and parent.right is inner and type(parent.op) in _OPS
            and isinstance(parent.op, (ast.Sub, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow))
            and (_scalar_expr(ctx, parent.left) or isinstance(parent.left, ast.Name))):
        return None
    returned = _returned_by_name(ctx, span)
    returned = returned if returned is not None else _returned_bytes(ctx, span)
    if returned < MIN_ARRAY_BYTES or abs(returned - nbytes) > 0.1 * nbytes:
        return None
    if not _scalar_expr(ctx, parent.left):
        # ``sig - smooth(sig, n)``: an array on the left, of the result's size (no broadcast makes it larger)
        made = next((t.nbytes for t in stmt.temporaries if t.span == _span_of(parent)), None)
        line, stat = ctx.node_of(stmt), ctx.stats.get(stmt.lineno)
        if made is None and isinstance(line, ast.Assign) and line.value is parent and stat is not None:
            made = stat.net_bytes // max(1, stat.hits)   # what the line binds (the old value was another's)
        if made is None or abs(made - returned) > 0.01 * returned:
            return None
    ufunc = _UFUNC_OF.get(type(parent.op))
    op = _OPS[type(parent.op)]
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"{_code(ctx.segment(inner))}, which this cell defines ({where}), returned"
                   f" {format_bytes(returned)}, the right operand of `{ctx.segment(parent.left)} {op}`: NumPy reuses"
                   f" only a left operand for `{op}`, so the result is a second array of that size, and the returned"
                   " one is let go once it is made.",
                   f"Compute into the returned array: `v = {ctx.segment(inner)}`, then"
                   + (f" `{ctx.np or 'np'}.{ufunc}({ctx.segment(parent.left)}, v, out=v)`" if ufunc
                      else " an in-place step")
                   + ", and use `v` (when the function returns a new array, not one it was given, of the result's"
                   " shape and dtype).", None)


def _returned_into_a_store(ctx: _Context, stmt: Statement, inner: ast.AST | None, nbytes: int, where: str,
                           span: str) -> Finding | None:
    """``Ad[1:-1, 1:-1] = A(d)``, ``r[1:-1, 1:-1] = b[1:-1, 1:-1] - A(p)``: what the cell's function returned is
    copied into the slice (after one operator makes a second array from it) and then let go: the line's
    temporaries are those values, not memory the function freed inside."""
    node = ctx.node_of(stmt)
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)
            and inner is not None) or _item_container(ctx, node) is not None:
        return None   # (``dfs[metric] = f(...)`` into a dict: the item keeps the value itself, nothing is copied)
    value, target = node.value, ctx.segment(node.targets[0])
    returned = _returned_by_name(ctx, span)
    returned = returned if returned is not None else _returned_bytes(ctx, span)
    if value is inner and MIN_ARRAY_BYTES <= returned and abs(returned - nbytes) <= 0.1 * nbytes:
        return Finding("inside-call", stmt.lineno, nbytes,
                       f"{_code(ctx.segment(inner))}, which this cell defines ({where}), returned"
                       f" {format_bytes(returned)}, which this line copies into {_code(target)} and then lets go:"
                       " the line's temporaries are that value, not memory freed inside the function.",
                       f"To make no second array, let the function write its result into {_code(target)} itself"
                       " (pass it as an `out=` argument its last step writes into).", None)
    if (isinstance(value, ast.BinOp) and value.right is inner and type(value.op) in _UFUNC_OF
            and MIN_ARRAY_BYTES <= returned and abs(2 * returned - nbytes) <= 0.1 * nbytes):
        # the operator's result is a second array of the returned one's size (NumPy reuses only a left operand
        # of ``-``, and never a value a function hands back while a name may hold it)
        call = (f"{ctx.np or 'np'}.{_UFUNC_OF[type(value.op)]}({ctx.segment(value.left)}, {ctx.segment(inner)},"
                f" out={target})")
        return Finding("inside-call", stmt.lineno, nbytes,
                       f"{_code(ctx.segment(inner))}, which this cell defines ({where}), returned"
                       f" {format_bytes(returned)}, and `{_OPS[type(value.op)]}` made a second array of that size"
                       f" from it before the result was copied into {_code(target)}: the line's"
                       f" {format_bytes(nbytes)} of temporaries are those two, not memory freed inside the function.",
                       f"`{call}` writes the result straight into the slice, so only the returned array is made.",
                       None)
    return None


def _values_handed_on(ctx: _Context, stmt: Statement, calls: list, nbytes: int, where: str) -> Finding | None:
    """``r = np.fmax(cartprod(a, b), cartprod(1 - a, c))``: the cell's functions' values are the arguments of one
    NumPy call, alive together while it runs and let go once it returns: the line's temporaries are those values
    (what each call returned, as its ``return`` lines kept), not memory freed inside the functions."""
    calls = sorted(calls, key=lambda c: c.span)   # in the order they are written
    nodes = [ctx.node_at(c.span) for c in calls]
    parent = ctx.parents.get(id(nodes[0])) if nodes[0] is not None else None
    listed = isinstance(parent, (ast.List, ast.Tuple)) and all(n in parent.elts for n in nodes)
    if listed:   # ``np.choose(i, [tstack([V, l, j]), tstack([k, V, j]), ...])``: the values in one list argument
        items, parent = parent, ctx.parents.get(id(parent))
        if not (isinstance(parent, ast.Call) and items in parent.args):
            return None
    if not (isinstance(parent, ast.Call) and len(nodes) > 1
            and (listed or all(n is not None and n in parent.args for n in nodes))
            and isinstance(parent.func, ast.Attribute) and ctx.np is not None and _root_name(parent.func) == ctx.np):
        return None
    returned = sum(_returned_bytes(ctx, _def_lines(ctx, c.name).removeprefix("lines ")) for c in calls)
    rest = nbytes - returned
    if returned < MIN_ARRAY_BYTES or rest < -0.1 * nbytes or rest > 0.1 * nbytes and not listed:
        return None
    fn = ctx.segment(parent.func)
    node = ctx.node_of(stmt)
    target = _single_target(node)
    suggestion = (f"`{fn}` needs its arguments whole, so they exist together while it runs."
                  + (f" It takes `out=`: bind the first value and write the result into it (`{target} ="
                     f" {ctx.segment(parent.args[0])}`, then `{fn}({target}, {ctx.segment(parent.args[1])},"
                     f" out={target})`), so that array becomes the result instead of a third one, when it is a new"
                     " array the function made (not one it was given)."
                     if target is not None and _value(node) is parent and len(parent.args) == 2
                     and _is_ufunc(fn) else ""))
    inside = rest >= max(MIN_ARRAY_BYTES, 0.1 * nbytes)
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"{_join_code([ctx.segment(n) for n in nodes])}, which this cell defines ({where}), returned"
                   f" {format_bytes(returned)} together, handed to {_code(fn)}"
                   + (" in one list" if listed else "") + ": "
                   + (f"{format_bytes(returned)} of the line's {format_bytes(nbytes)} of temporaries are those values,"
                      f" alive while it ran and let go once it returned; the other {format_bytes(rest)} were made"
                      " inside"
                      f" {_code(fn)} (NumPy's own code)." if inside else
                      f"the line's {format_bytes(nbytes)} of temporaries are those values, alive while it ran and let"
                      " go once it returned."), suggestion, None)


def _handed_back(ctx: _Context, stmt: Statement, inner: ast.AST | None, nbytes: int, where: str) -> Finding | None:
    """``X, y_encode = self._shuffle(X, y_encode, n)`` with ``y_encode`` bound a few lines up: the old values the
    line hands to the cell's function stay bound while it runs and are freed only once its values are bound, so
    the line's temporaries hold them beside what the function made and freed inside (not a parameter's, which
    the caller holds)."""
    node = ctx.node_of(stmt)
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and node.value is inner) or stmt.in_loop:
        return None
    target = node.targets[0]
    names = [e.id for e in (target.elts if isinstance(target, ast.Tuple) else [target]) if isinstance(e, ast.Name)]
    handed = {n.id for n in ast.walk(inner) if isinstance(n, ast.Name)}
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    params = _parameters(scope) if scope is not None else set()
    old, shown = 0, []
    for name in names:
        if name not in handed or name in params:
            continue
        bound = _last_binding(ctx, node, name)
        stat = ctx.stats.get(bound.lineno) if bound is not None else None
        if stat is None or _aliased_elsewhere(ctx, node, name) or _exclusive(ctx, bound, node):
            return None
        old += max(0, stat.net_bytes) // max(1, stat.hits)
        shown.append(f"`{name}` (bound on line {bound.lineno})")
    if not shown or old < MIN_ARRAY_BYTES or nbytes < 0.9 * old:
        return None
    old = min(old, nbytes)
    rest = nbytes - old
    what = " and ".join(shown)
    held = (f"{'is' if len(shown) == 1 else 'are'} the old {what}, handed to the call and freed only once its"
            " values are bound")
    if rest < MIN_ARRAY_BYTES:
        return Finding("out-of-place-update", stmt.lineno, nbytes,
                       f"{_code(stmt.text)} builds the new values while the old ones are still bound:"
                       f" {format_bytes(old)} of the line's {format_bytes(nbytes)} of temporaries {held}.",
                       "The old values are what the call works on, so they exist while it runs: that part is the price"
                       " of replacing them.", None)
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"inside {_code(ctx.segment(inner))}, which this cell defines ({where}): {format_bytes(nbytes)} of"
                   f" arrays were freed before the line ended. {format_bytes(old)} of them {held}; the other"
                   f" {format_bytes(rest)} were made and freed inside the call.",
                   "The old values are what the call works on, so they exist while it runs. The figures on"
                   f" {where} show where the other {format_bytes(rest)} were made; free an array there as soon as"
                   " it is no longer needed (`del`) or reuse it (`out=`, in-place operators).", None)


def _replaced_by_own_call(ctx: _Context, stmt: Statement, call, nbytes: int, where: str) -> Finding | None:
    """``factor_data = demean_forward_returns(factor_data)`` over the session's frame, ``train, labels =
    randomize(train, labels)`` over its arrays: the old values stay bound while the cell's function runs and are
    freed only once its values are bound, so the line's temporaries hold them (the smaller of the old and the
    new) beside what the function made and freed inside."""
    size, node = call.replaced, ctx.node_of(stmt)
    names = call.replaces.split(", ") if call.replaces else []
    # ``x, y, dist = prep(x, y, 2)``: the names among the targets that held arrays (``dist`` held none)
    unpacked = (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple)
                and [n for n in (getattr(e, "id", None) for e in node.targets[0].elts) if n in names] == names)
    if not (names and size >= MIN_ARRAY_BYTES and (unpacked or len(names) == 1 and names[0].isidentifier()
                                                  and _single_target(node) == names[0]
                                                  and _frees_on_rebinding(ctx, stmt, names[0], size))):
        return None
    try:
        index = int((ctx.namespace or {}).get(names[0]).index.nbytes) if call.replaced_index else 0
    except Exception:
        index = 0
    if index == call.replaced_index:
        # an index of the same size in the new value is the old one's, shared (``frame.copy()``, an update of
        # its columns, arithmetic keep it): rebinding frees only the old data
        size -= index
    stat = ctx.stats.get(stmt.lineno)
    kept = stat.net_bytes // max(1, stat.hits) if stat is not None else 0
    if unpacked and not stmt.in_loop and stmt.in_function is None:
        import numpy

        # ``ref_freq, ref_voicing = freq_to_voicing(ref_freq, None)``: what the line kept holds the other targets'
        # new arrays too (the namespace's, where no other line of the cell binds them)
        for e in node.targets[0].elts:
            other = (ctx.namespace or {}).get(e.id) if e.id not in names else None
            if isinstance(other, numpy.ndarray) and sum(
                    isinstance(n, ast.Name) and n.id == e.id and isinstance(n.ctx, ast.Store)
                    for n in ast.walk(ctx.tree)) == 1:
                kept -= (other.base if isinstance(other.base, numpy.ndarray) else other).nbytes
    old = min(size, size + kept)
    if old < MIN_ARRAY_BYTES or nbytes < 0.9 * old or kept >= 0.9 * size:
        return None   # the line's figures do not hold the old value: the new one shares it, or it is far larger
    old = min(old, nbytes)
    rest = nbytes - old
    handed = {n.id for n in ast.walk(_value(node)) if isinstance(n, ast.Name)} >= set(names)
    listed, several = ", ".join(f"`{n}`" for n in names), len(names) > 1
    about = (f" the old {listed} ({format_bytes(size)}{' together' if several else ''}), which"
             f" {'stay' if several else 'stays'} bound while the call runs"
             + (f" ({'they are' if several else 'it is'} handed to it)" if handed else "")
             + " and " + ("are" if several else "is") + " freed only once the new "
             + ("values are" if several else "value is") + " bound")
    whole = old >= 0.95 * size   # else the new value is the smaller, and the line held that much beside it
    one = ("are" if several else "is") + about if whole else "comes from holding" + about
    many = "are" + about if whole else "come from holding" + about
    first = (f"The old {listed} {'are' if several else 'is'} what the call works on, so {'they' if several else 'it'}"
             " must exist while the call runs" if handed else
             f"`del {', '.join(names)}` before the line frees the old {'values' if several else 'value'} first (when"
             " no other name holds them)")
    if rest < MIN_ARRAY_BYTES:
        return Finding("out-of-place-update", stmt.lineno, nbytes,
                       f"{_code(stmt.text)} builds the new {listed} while the old {'ones are' if several else 'one is'}"
                       f" still held: the line's {format_bytes(nbytes)} of temporaries {many}.",
                       first + (": that part is the price of the assignment. Where the peak matters, have the"
                                " function work in place on what it is given (and return it) when the old values"
                                " are not needed again." if handed else "."), None)
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"inside {_code(call.expr)}, which this cell defines ({where}): {format_bytes(nbytes)} of arrays"
                   f" were freed before the line ended. {format_bytes(old)} of them {one}; the other"
                   f" {format_bytes(rest)} were made and freed inside the call.",
                   f"{first}. The figures on {where} show where the other {format_bytes(rest)} were made; free an"
                   " array there as soon as it is no longer needed (`del`) or reuse it (`out=`, in-place operators).",
                   None)


def _old_from_figures(ctx: _Context, stmt: Statement, call, span: str):
    """``hrdata = scale_data(hrdata)`` where npguard could not size the old ``hrdata`` before the line (a
    function's local): the call hands back a new array (what the local it returns kept), and the line's net growth
    per run is that array less the old value it let go, so the old value is their difference."""
    node, stat = ctx.node_of(stmt), ctx.stats.get(stmt.lineno)
    target = _single_target(node)
    if call.replaces or target is None or stat is None or not any(
            isinstance(n, ast.Name) and n.id == target for n in ast.walk(_value(node))):
        return call
    returned = _returned_by_name(ctx, span)
    old = (returned or 0) - stat.net_bytes // max(1, stat.hits)
    if old < MIN_ARRAY_BYTES or old > 1.05 * (returned or 0):
        return call
    return replace(call, replaces=target, replaced=old, replaced_index=0)


def _kept_by_function(ctx: _Context, span: str, stmt: Statement) -> int:
    """What one call of the function on ``span`` (``1-8``) kept when it returned: its lines' net growth
    (what a line keeps, a later line or the return frees), per call from the calling line."""
    first, last = (int(x) for x in span.split(", ")[0].split("-"))
    total = sum(s.net_bytes for n, s in ctx.stats.items() if first <= n <= last)
    calling = ctx.stats.get(stmt.lineno)
    return max(0, total // max(1, calling.hits if calling is not None else 1))


def _returned_bytes(ctx: _Context, span: str) -> int:
    """What one call of the function on ``span`` (``5-6``) returned: the net growth of its ``return``
    lines per run (the value they hand back is what they keep)."""
    func = _function_at(ctx, span)
    if func is None:
        return 0   # a class's lines (``ada.fit`` inherited from elsewhere): its methods' returns are not this call's
    lines = {n.lineno for n in _own_nodes(func) if isinstance(n, ast.Return)}
    runs = [ctx.stats[n] for n in lines if n in ctx.stats]
    return sum(max(0, r.net_bytes) // max(1, r.hits) for r in runs)


def _function_at(ctx: _Context, span: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The cell's function whose lines ``span`` (``5-6``, the first of a list) are; None for a class's lines."""
    first = int(span.split(", ")[0].split("-")[0])
    return next((n for n in ast.walk(ctx.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and n.lineno == first), None)


def _returns_a_dict(ctx: _Context, span: str) -> bool:
    """Every ``return`` of the function on ``span`` hands back a dict (``return {name: []}``, ``return stats`` with
    ``stats = {}``): what it returned is no array, whatever its lines kept before it returned."""
    func = _function_at(ctx, span)
    returns = [n for n in _own_nodes(func) if isinstance(n, ast.Return)] if func is not None else []

    def a_dict(value: ast.AST | None) -> bool:
        return isinstance(value, (ast.Dict, ast.DictComp)) or (
            isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict")
    for r in returns:
        bound = [n for n in _own_nodes(func) if isinstance(n, ast.stmt) and isinstance(r.value, ast.Name)
                 and _single_target(n) == r.value.id]
        if not (a_dict(r.value) or bound and all(a_dict(_value(n)) for n in bound)):
            return False
    return bool(returns)


def _returned_by_name(ctx: _Context, span: str) -> int | None:
    """What one call of the function on ``span`` returned when each of its ``return`` lines hands back a local
    bound on an earlier line (``corr = Corr(xs, ys)``, ``return corr``): what that binding kept per run (nothing
    for a number), not the other locals that live until it returns. None for any other function."""
    func = _function_at(ctx, span)
    returns = [n for n in _own_nodes(func) if isinstance(n, ast.Return)] if func is not None else []

    def name_of(value: ast.AST | None) -> str | None:
        # ``return np.asarray(cd)``: the array itself, as it is
        if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and ctx.np is not None
                and value.func.attr in ("asarray", "asanyarray") and _root_name(value.func) == ctx.np
                and len(value.args) == 1 and not value.keywords):
            value = value.args[0]
        return value.id if isinstance(value, ast.Name) else None
    if not returns or not all(name_of(r.value) for r in returns):
        return None
    sizes = []
    for r in returns:
        bound = [n for n in _own_nodes(func) if isinstance(n, ast.stmt) and _single_target(n) == name_of(r.value)
                 and n.lineno < r.lineno]
        if not bound:
            return None   # a parameter, or a name bound another way
        stat = ctx.stats.get(max(bound, key=lambda n: n.lineno).lineno)
        sizes.append(max(0, stat.net_bytes) // max(1, stat.hits) if stat is not None else 0)
    return max(sizes)


#: pandas methods that call the function they are given.
_CALLS_WHAT_IT_IS_GIVEN = frozenset({"pipe", "apply", "agg", "aggregate", "transform", "map", "applymap"})


def _run_by_pandas(ctx: _Context, stmt: Statement, nbytes: int) -> Finding | None:
    """``bus_raw.dropna().pipe(clean_stops).pipe(compute_mins_late)``: pandas runs functions the cell defines, whose
    own lines were measured: most of what the line made was made there."""
    node = ctx.node_of(stmt)
    if ctx.tree is None or node is None:
        return None
    given = sorted((a.lineno, a.col_offset, a.id) for n in ast.walk(node) if isinstance(n, ast.Call)
                   and isinstance(n.func, ast.Attribute) and n.func.attr in _CALLS_WHAT_IT_IS_GIVEN for a in n.args[:1]
                   if isinstance(a, ast.Name) and _def_lines(ctx, a.id))
    run = list(dict.fromkeys(name for _, _, name in given))   # in the order they run
    if not run:
        return None
    spans = [_def_lines(ctx, name).removeprefix("lines ") for name in run]
    if ctx.stats and _made_on(ctx, spans) < 0.5 * nbytes:
        return None
    methods = sorted({n.func.attr for n in ast.walk(node) if isinstance(n, ast.Call)
                      and isinstance(n.func, ast.Attribute) and n.func.attr in _CALLS_WHAT_IT_IS_GIVEN
                      and n.args and isinstance(n.args[0], ast.Name) and n.args[0].id in run})
    where = "lines " + ", ".join(spans)
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"{_code(stmt.text)} has pandas run {_join_code(run)} ({' and '.join(f'`.{m}`' for m in methods)}),"
                   f" which this cell defines ({where}): {format_bytes(nbytes)} of arrays were freed before the line"
                   " ended, made by those functions (their lines' figures show where) or by the pandas calls around"
                   " them.",
                   f"The figures on {where} show where each array was made; inside those functions, free an array as"
                   " soon as it is no longer needed (`del`) so fewer are alive at once.", None)


def _method_on_result(ctx: _Context, call) -> ast.Call | None:
    """``cls._rolling(series, size).mean()``: the method called on what ``call`` returns, when the line does."""
    node = ctx.node_at(call.span)
    parent = ctx.parents.get(id(node)) if node is not None else None
    outer = ctx.parents.get(id(parent)) if isinstance(parent, ast.Attribute) and parent.value is node else None
    return outer if isinstance(outer, ast.Call) and outer.func is parent else None


def _freed_on(ctx: _Context, span: str) -> int:
    """What the measured lines of the function on ``span`` (``"3-7"``) made in one run: what each freed (its
    temporaries) and what each kept (its locals, freed when it returns, but for the value it returns)."""
    first, _, last = span.split(", ")[0].partition("-")
    stats = [ctx.stats[n] for n in range(int(first), int(last or first) + 1) if n in ctx.stats]
    return sum(s.temporaries_bytes + max(0, s.net_bytes) // max(1, s.hits) for s in stats)


def _made_on(ctx: _Context, spans: list[str]) -> int:
    """What the measured lines in the spans (``"3-7"``) held above their starts, added up: at least what
    the function they define can have made (what one line keeps, the next line's start includes)."""
    return sum(max(ctx.stats[n].peak_bytes, ctx.stats[n].temporaries_bytes) for n in _measured_lines(ctx, spans))


def _measured_lines(ctx: _Context, spans: list[str]) -> list[int]:
    """The lines in the spans (``"3-7"``, ``"14-16, 7-12"``) that deep mode measured."""
    return [n for joined in spans for part in joined.split(", ") for a, _, b in [part.partition("-")]
            for n in range(int(a), int(b or a) + 1) if n in ctx.stats]


def _pandas_site(ctx: _Context, stmt: Statement) -> list:
    """A statement that works on pandas objects without a call (``df[df["A"] > 0]``, ``df1 + df2``):
    its memory is made inside pandas' code, so the statement itself is the site."""
    from npguard.static import CallSite

    node = ctx.node_of(stmt)
    frames = sorted((n for n in stmt.reads if _is_pandas((ctx.namespace or {}).get(n))
                     and not _only_sized(ctx, node, n)
                     and not (node is not None and _local_to_a_function(ctx, node, n))), key=stmt.text.find)
    value = _value(node) if node is not None else None
    root = _receiver_root(value) if value is not None else None
    if not frames and root is not None and _pandas_object((ctx.namespace or {}).get(root)):
        frames = [root]   # ``grouped.ngroups``: a group-by (an index, a window) works in pandas' code too
    if not frames:
        return []
    # a store into the frame (``df['c'] = v``, ``d.X10 = np.random.randint(0, 2, N)``) is pandas' doing: the
    # whole statement is the site
    stored = any(isinstance(t, ast.Subscript) or isinstance(t, ast.Attribute) and _root_name(t) in frames
                 for t in getattr(node, "targets", ()))
    site = value if value is not None and not isinstance(node, (ast.AugAssign,)) and not stored else node
    expr = ctx.segment(site) if site is not None else stmt.text
    span = (site.lineno, site.col_offset, site.end_lineno, site.end_col_offset) if site is not None else (0, 0, 0, 0)
    names = ", ".join(f"`{n}`" for n in frames[:3])
    return [CallSite(expr, f"pandas operations on {names}", span, numpy=False)]


#: What a frame or series tells about itself without running pandas' code over its data.
_SIZE_ATTRIBUTES = frozenset({"shape", "ndim", "size", "columns", "index", "name", "dtypes", "dtype", "empty"})


def _only_sized(ctx: _Context, node: ast.AST | None, name: str) -> bool:
    """``np.zeros(X.shape[0]) * np.nan``: every use of the frame ``name`` on the line reads its size or
    labels (``X.shape``, ``len(X)``, ``len(X.columns)``), so no pandas operation makes its memory."""
    if node is None:
        return False
    parents = ctx.parents
    uses = [n for n in ast.walk(node) if isinstance(n, ast.Name) and n.id == name]
    if not uses:
        return False
    for use in uses:
        up = parents.get(id(use))
        if isinstance(up, ast.Attribute) and up.attr in _SIZE_ATTRIBUTES:
            continue
        if isinstance(up, ast.Call) and isinstance(up.func, ast.Name) and up.func.id == "len" and up.args == [use]:
            continue
        return False
    return True


def _pandas_object(value: Any) -> bool:
    """Any of pandas' own objects: a frame or series, and also a group-by, an index, a window
    (``grouped.ngroups`` computes the group codes in pandas' code)."""
    from npguard.static.interpreter import _pandas_scalar

    module = type(value).__module__
    return (module == "pandas" or module.startswith("pandas.")) and not _pandas_scalar(value)


def _is_pandas(value: Any) -> bool:
    return type(value).__module__.startswith("pandas") and type(value).__name__ in ("DataFrame", "Series")


def _likely_inside_call(ctx: _Context, measurement: Measurement | None) -> Finding | None:
    """Always-on report: a cell under pressure whose one unmodelled call is the likely cause."""
    temporaries = measurement.temporaries_bytes if measurement is not None else None
    if temporaries is None or temporaries < ctx.threshold:
        return None
    with_calls = [(s, calls) for s in ctx.prediction.statements if (calls := _outermost(ctx, s))]
    if len(with_calls) != 1 or len(with_calls[0][1]) != 1:
        return None
    stmt, calls = with_calls[0]
    return _call_finding(stmt, calls, temporaries, likely=True, ctx=ctx)


def _selection_reduced(ctx: _Context, stmt: Statement, call, nbytes: int) -> Finding | None:
    """``np.sum(dL_dF[x < self.sorted_breaks[0]])``: a reduction makes only its result; the line's memory is
    the selection it was handed, and the mask or index array that selection was made with (measured: the
    operands were not known before the line ran)."""
    node = ctx.node_at(call.span) if call is not None else None
    if not (isinstance(node, ast.Call) and call.numpy and _short(call) in facts.REDUCTIONS and not call.hidden
            and node.args and isinstance(node.args[0], ast.Subscript)
            and isinstance(node.args[0].slice, (ast.Compare, ast.UnaryOp, ast.BoolOp, ast.BinOp))):
        return None
    sub = node.args[0]
    mask = ctx.segment(sub.slice)
    rest = [ctx.segment(a) for a in node.args[1:]] + [f"{k.arg}={ctx.segment(k.value)}" for k in node.keywords]
    where = f"{ctx.segment(node.func)}({', '.join([ctx.segment(sub.value)] + rest + [f'where={mask}'])})"
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"inside {_code(ctx.segment(node))}: {_code(ctx.segment(node.func))} makes only its result; the"
                   f" line's {format_bytes(nbytes)} of temporaries are what it was handed: the mask {_code(mask)} and"
                   f" the selection {_code(ctx.segment(sub))} copies from it (measured; they were not known before"
                   " the line ran).",
                   f"`{where}` reduces the same elements with no copy of them, when the mask has the array's shape"
                   " (the mask is still built; sums may round differently in the last bits).", None)


_CREATORS = frozenset({"zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like", "full_like"})


#: Reductions of two arrays stacked along a new first axis, and the ufunc that gives the same values directly.
_PAIRWISE = {"amin": "minimum", "min": "minimum", "amax": "maximum", "max": "maximum", "sum": "add"}


def _reduced_pair(ctx: _Context, stmt: Statement, call, nbytes: int) -> Finding | None:
    """``np.amin([upper[ir], 2 * lower[ir] - x[ir]], axis=0)``: NumPy first stacks the list into one new array,
    then reduces it; ``np.minimum`` of the two gives the same values with no stacked array."""
    node = ctx.node_at(call.span)
    short = call.name.split(".")[-1]
    if not (call.numpy and short in _PAIRWISE and isinstance(node, ast.Call) and len(node.args) == 1
            and isinstance(node.args[0], (ast.List, ast.Tuple)) and len(node.args[0].elts) == 2
            and [(k.arg, ctx.segment(k.value)) for k in node.keywords] == [("axis", "0")]):
        return None
    a, b = (ctx.segment(e) for e in node.args[0].elts)
    fixed = f"{ctx.np or 'np'}.{_PAIRWISE[short]}({a}, {b})"
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"inside {_code(ctx.segment(node))}: NumPy first stacks the list into one new array holding both"
                   f" pieces, then reduces it along the new axis; the pieces, built for the list, are alive beside"
                   f" it: {format_bytes(nbytes)} of temporaries in all.",
                   f"`{fixed}` gives the same values from the two pieces directly, with no stacked array.", None)


def _runs_cell_function(ctx: _Context, stmt: Statement, call, nbytes: int) -> Finding | None:
    """``np.apply_along_axis(lambda a_row, w: rolling_nanstd_1d(a_row, w), axis=axis, arr=a, w=w)``: NumPy calls
    the cell's own function once per row; that function's lines measured what each run made."""
    node = ctx.node_at(call.span)
    if not (call.numpy and isinstance(node, ast.Call)):
        return None
    given = [a for a in [*node.args, *(k.value for k in node.keywords)] if isinstance(a, (ast.Lambda, ast.Name))]
    names = [n.func.id for a in given for n in ast.walk(a.body if isinstance(a, ast.Lambda) else a)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    names += [a.id for a in given if isinstance(a, ast.Name)]
    own = next((n for n in names if _defined_function(ctx, n) is not None), None)
    if own is None:
        return None
    where = _def_lines(ctx, own)
    return Finding("inside-call", stmt.lineno, nbytes,
                   f"inside {_code(ctx.segment(node))}: {_code(ctx.segment(node.func))} calls `{own}`, which this cell"
                   f" defines ({where}), once per piece it hands it; {format_bytes(nbytes)} of arrays were made and"
                   f" freed by those runs (and what {_code(ctx.segment(node.func))} keeps of each result until it"
                   " returns).",
                   f"The work already runs one piece at a time, so chunking would not lower this: the figures on"
                   f" {where} show what one run makes; freeing or reusing arrays there (`del`, `out=`, in-place"
                   " operators) lowers it.", None)


def _created_again(ctx: _Context, stmt: Statement, call, nbytes: int) -> Finding | None:
    """``train_mask = np.zeros(n, dtype=bool)`` in a loop: the creation makes only its result, which the line
    keeps; what it measured beside it is the previous pass's array, bound to the name until the new one is."""
    node, line = ctx.node_of(stmt), ctx.stats.get(stmt.lineno)
    target = _single_target(node)
    if target is None and isinstance(node, ast.Assign) and len(node.targets) == 1 \
            and isinstance(node.targets[0], ast.Attribute) and isinstance(node.targets[0].value, ast.Name):
        target = ctx.segment(node.targets[0])   # ``self._sinEPW = np.sin(epw)``: the object's old array
    # (a ufunc of the line's names makes only its result, as a creation does)
    args = getattr(ctx.node_at(call.span), "args", [None])
    made = _short(call) in _CREATORS or _is_ufunc(call.name) and _makes_only_its_result(ctx, call) and all(
        isinstance(a, (ast.Name, ast.Attribute, ast.Constant)) for a in args)
    # ``pad_s = np.hstack((edge, time_series[i]))``: a join of other values, made whole as its result
    made = made or _short(call) in ("hstack", "vstack", "concatenate", "stack", "column_stack") and not any(
        isinstance(n, ast.Name) and n.id == target for a in args if a is not None for n in ast.walk(a))
    reads = any(a is not None and ctx.segment(a) == target for a in args)   # ``hrdata = np.power(hrdata, 2)``
    if not (call.numpy and made and target is not None and stmt.in_loop and line is not None
            and line.hits > 1 and _value(node) is ctx.node_at(call.span)):
        return None
    # (each pass's array is the old one's size: the line keeps the last one, every old one freed as it was
    # replaced)
    if abs(line.net_bytes - nbytes) > 0.1 * nbytes:
        return None
    func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    caller = func is not None and target in _parameters(func)
    into = f"{ctx.segment(_value(node))[:-1].rstrip()}, out={target})"
    return Finding("out-of-place-update", stmt.lineno, nbytes,
                   f"{_code(ctx.segment(_value(node)))} makes only its result, which the line keeps; its"
                   f" {format_bytes(nbytes)} of temporaries are the previous pass's `{target}`, still bound while"
                   " the new array is made and freed once it is.",
                   (f"The line reads the old `{target}` to make the new one, so both exist while it runs; `{into}`"
                    " writes the new values into the old array instead, where nothing else holds it"
                    + (f" (on the first pass `{target}` is the caller's array, which it would change too)."
                       if caller else ".")) if reads else
                   f"`{target} = None` before the line frees the old array first, when nothing else holds it (a"
                   " caller it was returned or yielded to may).", None)


def _call_finding(stmt: Statement, calls: list, nbytes: int, *, likely: bool, ctx: _Context | None = None,
                  old_told: bool = False) -> Finding:
    """``inside-call`` for temporaries no other finding accounts for: measured on the call's line
    (deep mode), or the likely cause of a cell's temporaries (the always-on report)."""
    named = " and ".join(_code(c.expr) for c in calls[:2])
    what = ("this pandas code" if calls[0].name.startswith("pandas operations")
            else "this call" if len(calls) == 1 else "these calls")
    if likely:
        message = (f"inside {named}: the cell's {format_bytes(nbytes)} of temporaries most likely came from"
                   f" {what}, the only one on its lines that npguard does not model ({_call_words(calls[0], ctx)}).")
        suggestion = ("Run it with %%npguard for per-line figures; if the call is the cause, run it on smaller"
                      " pieces or look for a variant that works in place or in parts.")
    else:
        axis = _axis_replaced(ctx, ctx.node_of(stmt)) if ctx is not None and not old_told else None
        if axis is not None and axis >= 0.9 * nbytes:
            # all the line held beyond what it keeps is the old index, alive until the new one is stored
            target = _code(ctx.segment(ctx.node_of(stmt).targets[0]))
            return Finding("out-of-place-update", stmt.lineno, nbytes,
                           f"{_code(stmt.text)} builds the new {target} while the frame still holds the old one"
                           f" ({format_bytes(axis)}), so both exist at once: the line's {format_bytes(nbytes)} of"
                           " temporaries are the old one, freed only when the new one is stored.",
                           "Replacing a value holds the old and the new one at once; that part is the price of the"
                           " assignment.", None)
        # one call whose memory a closer reading tells: the factors it drops, the selection it reduces, the array
        # it makes again each pass, the cell's function it runs per piece, the pair it stacks
        for closer in (_svd_dropped, _selection_reduced, _created_again, _runs_cell_function, _reduced_pair):
            told = closer(ctx, stmt, calls[0], nbytes) if ctx is not None and len(calls) == 1 else None
            if told is not None:
                return told
        built = _built_arguments(ctx, calls[0]) if len(calls) == 1 else []
        message = (f"inside {named}: {format_bytes(nbytes)} of temporaries came from {what} (made inside, or"
                   f" returned and used up by the line), which npguard does not model in detail"
                   f" ({_call_words(calls[0], ctx)}).")
        if built and ctx is not None and _makes_only_its_result(ctx, calls[0]) and not (
                calls[0].numpy and _short(calls[0]) in facts.REDUCTIONS and (calls[0].pandas
                                                                             or _pandas_parameter(ctx, calls[0]))):
            # ``np.maximum(diffuse * color, specular)``, ``np.outer(aM + bAM, A_seq)``, ``np.sum(first - second)``:
            # the call makes only its result, and the array it was handed is an intermediate of the line's own
            node = ctx.node_at(calls[0].span)
            args = [a for a in (node.args if isinstance(node, ast.Call) else []) if ctx.segment(a) in built]
            return Finding("chained-ops", stmt.lineno, nbytes,
                           f"{_join_code(built)} {'was' if len(built) == 1 else 'were'} built by this line only to"
                           f" be handed to {_code(calls[0].name)}, and lived while it ran: {format_bytes(nbytes)} of"
                           " temporaries (their operands were not known before the line ran; the"
                           f" {'ufunc' if _is_ufunc(calls[0].name) else 'function'} itself makes only its result).",
                           _operand_in_place(ctx, calls[0], args), None)
        elif built:
            message += (f" Part of them is {_join_code(built)}, a new"
                        f" {'pandas object' if calls[0].pandas else 'array'} this line built to hand to the call,"
                        " alive while it ran.")
        suggestion = (_aligned_by_label(ctx, calls[0]) or _PANDAS_ARITHMETIC if _pandas_arithmetic(calls[0])
                      else _key_from_larger_frame(ctx, calls[0]) or
                      _where_as_index(ctx, calls[0]) or _range_in_place(ctx, calls[0]) or
                      _take_as_index(ctx, calls[0]) or
                      _rows_then_columns(ctx, calls[0]) or _vectorised_map(ctx, calls[0]) or
                      _same_every_pass(ctx, stmt, calls[0]) or next(
                          (w for w in (_wrap_made_here(ctx, c) for c in calls) if w is not None), None) or
                      (f"Nothing to change: {_code(calls[0].name)} already works through its input in blocks,"
                       " so this memory stays the same however large the input is." if calls[0].numpy
                       and _short(calls[0]) in facts.BLOCKWISE and _given_an_array(ctx, stmt, calls[0]) else
                       "Run the call on smaller pieces (chunks of rows) if its result allows it, or look for"
                       " a variant that works in place or in parts."))
        listed = (_list_argument(ctx, calls[0]) if calls[0].numpy
                  and _short(calls[0]) not in ("array", "asarray", "asanyarray") else None)
        generic = suggestion.startswith(("Run the call on smaller pieces", "Nothing to change:"))
        suggestion = _pieces_joined(ctx, calls[0]) or (
            f"Convert the list once (`{listed} = {ctx.np or 'np'}.asarray({listed})`, ahead of its first use) and hand"
            " the array on: each NumPy call given the list converts it anew." if listed and generic else suggestion)
        replaced = next((c for c in calls if c.replaces), None) if not old_told else None
        before = _size_before(ctx, stmt, replaced.replaces) if replaced is not None and ctx is not None else None
        if before is not None:
            # ``numeric_cars = numeric_cars.astype('float')`` after earlier lines bound it: the session holds the
            # cell's last value of the name, so the old one here is what those lines kept, each replacing the last
            replaced = replace(replaced, replaced=before, replaced_index=0)
        if replaced is not None and replaced.replaced_index and ctx is not None \
                and _keeps_rows_of(ctx, stmt, replaced.replaces):
            # ``df1 = df1.apply(f)``: the new frame shares the old one's index, so only the old data is let go
            replaced = replace(replaced, replaced=replaced.replaced - replaced.replaced_index,
                                           replaced_index=0)
        old = 0
        if replaced is not None and MIN_ARRAY_BYTES <= replaced.replaced \
                and _frees_on_rebinding(ctx, stmt, replaced.replaces, replaced.replaced):
            # held beside the new value, the old one adds to the line's temporaries only as much as the
            # smaller of the two: the new value is the old one plus what each run kept
            stat = ctx.stats.get(stmt.lineno) if ctx is not None else None
            new = replaced.replaced + stat.net_bytes // max(1, stat.hits) if stat is not None else replaced.replaced
            old = min(replaced.replaced, new)
            if nbytes < 0.9 * old:
                # the line's temporaries do not hold the smaller of the two: the new value shares the old one's
                # buffers (copy-on-write: ``c = c.reset_index()``, a merge), or another name still holds the old
                old = 0
            if stat is not None and stat.net_bytes // max(1, stat.hits) >= 0.9 * replaced.replaced and before is None \
                    and not _new_value_holds(ctx, stmt, replaced.replaces, replaced.replaced + stat.net_bytes):
                # the line kept as much as the old value holds: the old buffer was not freed (copy-on-write:
                # ``temp2 = weather.reset_index()[[...]]`` shares ``weather``'s column), or the new value is
                # far larger; either way the old value is no part of what died on the line
                old = 0
        if replaced is None and ctx is not None and not old_told:
            message += _item_replaced_words(ctx, stmt)
        if replaced is not None and old >= MIN_ARRAY_BYTES:
            message += (f" Of these, {format_bytes(old)} are the old {_code(replaced.replaces)}, still held while"
                        " the new value was built: assigning frees it only afterwards."
                        if old >= 0.95 * replaced.replaced else
                        f" Holding the old {_code(replaced.replaces)} ({format_bytes(replaced.replaced)}) while the"
                        f" new value was built accounts for {format_bytes(old)} of them (the size of the new value,"
                        " which is smaller): assigning frees the old one only afterwards.")
            node = ctx.node_of(stmt) if ctx is not None else None
            value = _value(node) if node is not None else None
            name = replaced.replaces
            reads_old = value is None or any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(value))
            if name.isidentifier() and not reads_old and _single_target(node) == name:
                # ``result1 = df['A'] + column_mean`` over an older ``result1`` the new value does not read
                looped = stmt.in_loop or (ctx.tree is not None and _innermost_loop(ctx.tree, node) is not None)
                free = f"{name} = None" if looped else f"del {name}"
                suggestion = (f"The new value does not read the old `{name}`: `{free}` before the line frees it"
                              " first (when no other name holds it), so the two never exist together.")
            else:
                frame = _pandas_binding(ctx, node, name) if name.isidentifier() else None
                method = _pandas_in_place_method(node, name, frame) if frame is not None else None
                suggestion = (f"`{name}.{method}(..., inplace=True)` updates `{name}` itself, with no second copy of"
                              " it." if method else
                              "Replacing a value holds the old and the new one at once; that part is the price of"
                              " the assignment. Where the peak matters, select or convert only the columns you"
                              " need, or process the rows in chunks.")
                suggestion = _copy_of_a_selection(ctx, stmt) or suggestion
            if name.isidentifier() and old >= 0.95 * nbytes:
                # ``res = df.values.sum(axis=1)`` over an older ``res``: all the line's temporaries are the old value
                return Finding("out-of-place-update", stmt.lineno, nbytes,
                               f"{_code(stmt.text)} builds the new `{name}` while the old one"
                               f" ({format_bytes(replaced.replaced)}) is still held, so both exist at once: the line's"
                               f" {format_bytes(nbytes)} of temporaries are the old value, freed only when the new one"
                               " is bound.", suggestion, None)
    return Finding("inside-call", stmt.lineno, nbytes, message, suggestion, None)


def _size_before(ctx: _Context, stmt: Statement, name: str) -> int | None:
    """What ``name`` held as the line began, where earlier lines of its scope in the cell bound it: what they kept,
    each replacing the one before (None where none did, or one ran where npguard kept no figures)."""
    node = ctx.node_of(stmt)
    if ctx.tree is None or node is None or not name.isidentifier():
        return None
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    functions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    earlier = [n for n in ast.walk(scope or ctx.tree) if isinstance(n, ast.stmt) and n is not node
               and _single_target(n) == name and n.lineno < node.lineno and _enclosing(ctx, n, functions) is scope
               and not _exclusive(ctx, n, node)]
    if not earlier or stmt.in_loop or any(n.lineno not in ctx.stats for n in earlier):
        return None
    first = min(earlier, key=lambda n: n.lineno)
    if any(isinstance(m, ast.Name) and m.id == name for m in ast.walk(_value(first) or first)):
        return None   # the first binding builds on a value from before the cell, whose size is not known here
    old = 0
    for n in sorted(earlier, key=lambda n: n.lineno):
        was = ctx.stats[n.lineno]
        old = max(0, old + was.net_bytes // max(1, was.hits))
    return old


def _new_value_holds(ctx: _Context, stmt: Statement, name: str, nbytes: int) -> bool:
    """The frame the line binds to ``name`` (the session's, when no later line binds it again) holds at least
    ``nbytes`` (its data and index): the old value plus what the line kept, so the old value was freed
    (``ndaily_shift = ndaily_shift.dropna()``, whose new index is a second array of the old one's size)."""
    node = ctx.node_of(stmt)
    later = [n for n in ast.walk(ctx.tree) if _single_target(n) == name and n.lineno > stmt.lineno] \
        if ctx.tree is not None else [node]
    obj = (ctx.namespace or {}).get(name)
    if later or stmt.in_function is not None or stmt.in_loop or not _is_pandas(obj):
        return False
    try:
        held = int(obj.memory_usage(index=True, deep=False).sum()) if hasattr(obj, "columns") else \
            int(obj.memory_usage(index=True, deep=False))
    except Exception:
        return False
    return held >= 0.9 * nbytes


def _copy_of_a_selection(ctx: _Context, stmt: Statement) -> str | None:
    """``df = df[['route', 'scheduled']].copy()`` under pandas 3: the selection is already a frame of its own
    whose columns are copied only if written (copy-on-write), so ``.copy()`` only builds their data now, while
    the old frame still holds the same columns."""
    value = _value(ctx.node_of(stmt))
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "copy"
            and not value.args and not value.keywords and isinstance(value.func.value, ast.Subscript)
            and _is_pandas((ctx.namespace or {}).get(_root_name(value.func.value))) and _pandas_copies()):
        return None
    selection = ctx.segment(value.func.value)
    return (f"`.copy()` builds the selected data now, while `{_root_name(value.func.value)}` still holds the same"
            f" columns. With pandas' copy-on-write, {_code(selection)} is already a frame of its own: it shares the"
            " columns and copies one only if it is written, so it gives the same frame without `.copy()`.")


_MASK_METHODS = frozenset({"isin", "isna", "isnull", "notna", "notnull", "between", "duplicated", "contains",
                           "startswith", "endswith"})


def _rows_then_columns(ctx: _Context | None, call) -> str | None:
    """``df[df['species_id'].isin(['PB', 'PL'])]['plot_id']``: the row selection copies every column before
    one is kept; ``.loc[mask, 'plot_id']`` copies only that one, with the same values."""
    node = ctx.node_at(call.span) if ctx is not None else None
    if node is None or not call.name.startswith("pandas operations"):
        return None
    for n in ast.walk(node):
        inner = n.value if isinstance(n, ast.Subscript) else None
        frame = (ctx.namespace or {}).get(inner.value.id) if isinstance(inner, ast.Subscript) and isinstance(
            inner.value, ast.Name) else None
        if not (_is_pandas(frame) and type(frame).__name__ == "DataFrame"):
            continue
        mask, cols = inner.slice, n.slice
        masky = (isinstance(mask, ast.Compare) or isinstance(mask, ast.UnaryOp) and isinstance(mask.op, ast.Invert)
                 or isinstance(mask, ast.BinOp) and isinstance(mask.op, (ast.BitAnd, ast.BitOr))
                 or isinstance(mask, ast.Call) and isinstance(mask.func, ast.Attribute) and mask.func.attr in _MASK_METHODS)
        named = (isinstance(cols, ast.Constant) and isinstance(cols.value, str) or isinstance(cols, ast.List)
                 and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in cols.elts))
        if masky and named:
            frame, m, c = inner.value.id, " ".join(ctx.segment(mask).split()), " ".join(ctx.segment(cols).split())
            return (f"`{frame}[{m}]` copies every column of the rows it selects, and then only {_code(c)} is kept:"
                    f" `{frame}.loc[{m}, {c}]` selects the same values and copies only "
                    + ("that column." if isinstance(cols, ast.Constant) else "those columns."))
    return None


def _vectorised_map(ctx: _Context | None, call) -> str | None:
    """``reviews.points.map(lambda p: p - mean)``: a Python function called once per element, making a
    Python number each time; the same arithmetic on the whole column gives the same values in one step."""
    node = ctx.node_at(call.span) if ctx is not None else None
    if node is None or not call.name.startswith("pandas operations"):
        return None
    for n in ast.walk(node):
        if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "map"
                and len(n.args) == 1 and not n.keywords and isinstance(n.args[0], ast.Lambda)):
            continue
        fn = n.args[0]
        params = [a.arg for a in fn.args.args]
        if len(params) != 1 or fn.args.vararg or fn.args.kwarg or fn.args.kwonlyargs or fn.args.defaults:
            continue
        if not _plain_arithmetic(ctx, fn.body, params[0]):
            continue
        recv = ctx.segment(n.func.value)
        body = _Renamed(params[0], ast.parse(f"({recv})", mode="eval").body).visit(
            ast.parse(ast.unparse(fn.body), mode="eval").body)
        return (f"`{ctx.segment(n)}` calls the lambda once per element, in Python; the same arithmetic on the"
                f" whole column, `{ast.unparse(body)}`, gives the same values in NumPy's loops, with no Python"
                " number per element.")
    return None


def _plain_arithmetic(ctx: _Context, node: ast.expr, param: str) -> bool:
    """Arithmetic operators on the parameter, numbers and names holding numbers, reading the parameter."""
    reads = False
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            if n.id == param:
                reads = True
            elif not _is_scalar(ctx, n):
                return False
        elif not isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Constant, ast.operator, ast.unaryop, ast.Load)):
            return False
        elif isinstance(n, ast.BinOp) and not isinstance(n.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            return False
        elif isinstance(n, ast.Constant) and type(n.value) not in (int, float):
            return False
    return reads


class _Renamed(ast.NodeTransformer):
    def __init__(self, name: str, value: ast.expr) -> None:
        self.name, self.value = name, value

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.value if node.id == self.name else node


def _shifted_self_update(ctx: _Context, stmt: Statement, rest: int) -> Finding | None:
    """``unwrapped_phase[:, :-1] -= unwrapped_phase[:, 1:]``: the operand is another part of the array the
    update writes into, overlapping it, so NumPy copies the operand before writing (an update must not read
    what it has already written)."""
    node = ctx.node_of(stmt)
    if not (isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Subscript)
            and isinstance(node.target.value, ast.Name) and type(node.op) in _OPS):
        return None
    name = node.target.value.id

    def basic(sub: ast.Subscript) -> bool:
        parts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
        return all(isinstance(p, ast.Slice) or isinstance(p, ast.Constant) and p.value is Ellipsis for p in parts)
    reads = [n for n in ast.walk(node.value) if isinstance(n, ast.Name) and n.id == name]
    views = [n for n in ast.walk(node.value) if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)
             and n.value.id == name]
    if (len(reads) != 1 or len(views) != 1 or not basic(node.target) or not basic(views[0])
            or ctx.segment(views[0].slice) == ctx.segment(node.target.slice)):
        return None
    view, target = ctx.segment(views[0]), ctx.segment(node.target)
    return Finding("forced-copy", stmt.lineno, rest,
                   f"{_code(view)} overlaps {_code(target)}, the part of `{name}` this update writes, so NumPy copies"
                   f" the operand first ({format_bytes(rest)} measured): an update must not read what it has"
                   " already written.",
                   "The copy is the price of updating an array from a shifted part of itself in one step. Working"
                   " through it in blocks along that axis, in the order that reads each block before it is written,"
                   " holds one block's copy at a time.", None)


def _transpose_of(ctx: _Context, value: ast.expr, name: str) -> ast.expr | None:
    """``Dout_len.T``, ``np.transpose(Dout, axes=(1, 0, 2))``, ``x.swapaxes(0, 1)``: the whole of ``name``
    reordered, when it is the update's value."""
    if isinstance(value, ast.Attribute) and value.attr == "T" and isinstance(value.value, ast.Name) \
            and value.value.id == name:
        return value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in (
            "transpose", "swapaxes"):
        own = value.func.value
        if isinstance(own, ast.Name) and own.id == name:
            return value
        if _root_name(value.func) == ctx.np and value.args and isinstance(value.args[0], ast.Name) \
                and value.args[0].id == name:
            return value
    return None


def _overlapping_operand(ctx: _Context, stmt: Statement, rest: int) -> Finding | None:
    """``pos -= pos[:, 0, np.newaxis]``: the operand is a view of the array the update writes, so NumPy
    works through a copy to keep the operand's values; copying the operand first copies only its part."""
    import numpy

    node = ctx.node_of(stmt)
    if not (isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and type(node.op) in _OPS):
        return None
    name = node.target.id
    reordered = _transpose_of(ctx, node.value, name)
    if reordered is not None:
        # ``Dout_len += Dout_len.T``: the operand is the array itself, reordered; NumPy copies all of it first
        return Finding("forced-copy", stmt.lineno, rest,
                       f"{_code(ctx.segment(reordered))} is a view of `{name}` itself, reordered, which this update"
                       f" writes, so NumPy works through a copy of it ({format_bytes(rest)} measured): an update"
                       " from the array's own transpose must keep the values it has not written yet.",
                       f"That copy is what updating `{name}` from its own transpose in place costs; `{name} ="
                       f" {name} {_OPS[type(node.op)]} {ctx.segment(reordered)}` would hold as much (the old and the"
                       " new array at once).", None)
    arr = (ctx.namespace or {}).get(name)
    views = [n for n in ast.walk(node.value) if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)
             and n.value.id == name]
    if not isinstance(arr, numpy.ndarray) or len(views) != 1 or any(
            isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.value) if n is not views[0].value):
        return None
    view = views[0]
    parts = view.slice.elts if isinstance(view.slice, ast.Tuple) else [view.slice]
    allowed = {name, ctx.np}
    if not all(isinstance(p, (ast.Slice, ast.Constant)) or isinstance(p, ast.Attribute) and p.attr == "newaxis"
               or isinstance(p, ast.UnaryOp) and isinstance(p.operand, ast.Constant) for p in parts) or any(
            isinstance(n, ast.Name) and n.id not in allowed for n in ast.walk(view)):
        return None   # basic indexing with literals only: a view, evaluated without running user code
    try:
        part = eval(compile(ast.Expression(view), "<view>", "eval"), {"__builtins__": {}},
                    {name: arr, ctx.np or "np": numpy})
    except Exception:
        return None
    if not isinstance(part, numpy.ndarray) or not numpy.shares_memory(part, arr) or part.nbytes >= 0.5 * rest:
        return None
    fresh = ctx.fresh_name(f"{name}_part")
    text = ctx.segment(view)
    value = ctx.segment(node.value)
    a, b = ctx.span(view)
    start = ctx.span(node.value)[0]
    new_value = value[: a - start] + fresh + value[b - start:]
    op = _OPS[type(node.op)]
    lines = [f"{fresh} = {text}.copy()", f"{name} {op}= {new_value}"]
    return Finding("forced-copy", stmt.lineno, rest,
                   f"{_code(text)} is a view of `{name}`, which this update writes, so NumPy worked through a copy"
                   f" to keep the operand's values: {format_bytes(rest)} measured, the size of `{name}`, not of"
                   f" the {format_bytes(part.nbytes)} operand.",
                   f"Copy the operand first (`{lines[0]}`, {format_bytes(part.nbytes)}) and update with the copy:"
                   " the same values, with only the operand's size copied.",
                   ctx.replace_statement(node, lines) if ctx.owns_lines(node) else None)


def _used_up_by_an_operator(ctx: _Context, call) -> bool:
    """The call's value is an operand of an operator or comparison on its line (``np.array(x) == i``)."""
    node = ctx.node_at(call.span)
    parent = ctx.parents.get(id(node)) if node is not None else None
    return isinstance(parent, (ast.BinOp, ast.Compare, ast.UnaryOp, ast.BoolOp))


def _same_every_pass(ctx: _Context | None, stmt: Statement, call) -> str | None:
    """``np.where(np.array(new_assigns) == id_)`` in a loop: ``np.array(new_assigns)`` reads nothing the loop
    changes, so it builds the same array on every pass; built once before the loop, it is paid for once."""
    node = ctx.node_at(call.span) if ctx is not None and call.numpy else None
    stmt_node = ctx.node_of(stmt) if node is not None else None
    loop = _innermost_loop(ctx.tree, stmt_node) if stmt_node is not None and ctx.tree is not None else None
    if loop is None or not isinstance(node, ast.Call) or ".random." in f".{call.name}." or "rng" in call.name:
        return None
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    changed = {t.id for t in ast.walk(loop.target) if isinstance(t, ast.Name)} if isinstance(loop, ast.For) else set()
    for n in ast.walk(loop):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            changed.add(n.id)
        elif isinstance(n, (ast.Subscript, ast.Attribute)) and not isinstance(n.ctx, ast.Load):
            changed.add(_root_name(n) or "")
        elif (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
              and not isinstance((ctx.namespace or {}).get(n.func.value.id), types.ModuleType)):
            changed.add(n.func.value.id)   # ``parts.append(x)``: a method may change its object
    if not names or names & changed or names - set(ctx.namespace or {}) - {ctx.np}:
        return None
    return (f"{_code(ctx.segment(node))} reads nothing the loop changes, so it builds the same array on every"
            " pass: computed once before the loop and reused, it is paid for once.")


def _key_from_larger_frame(ctx: _Context | None, call) -> str | None:
    """``leading.groupby([cast['year'] // 10 * 10, 'type'])`` where ``leading`` is a few rows of ``cast``: the
    key is computed on every row of ``cast`` (pandas then aligns it by index); on ``leading``'s own column
    it gives the same groups from far fewer rows."""
    node = ctx.node_at(call.span) if ctx is not None else None
    grouped = next((n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and n.func.attr == "groupby" and isinstance(n.func.value, ast.Name)), None) if node is not None else None
    if grouped is None:
        return None
    frame = grouped.func.value.id
    mine = (ctx.namespace or {}).get(frame)
    keys = [k for a in grouped.args for k in (a.elts if isinstance(a, (ast.List, ast.Tuple)) else [a])]
    for key in keys:
        cols = [n for n in ast.walk(key) if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)
                and n.value.id != frame and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str)]
        other = (ctx.namespace or {}).get(cols[0].value.id) if cols else None
        if (cols and _is_pandas(mine) and _is_pandas(other) and getattr(mine, "ndim", 0) == getattr(other, "ndim", 0) == 2
                and cols[0].slice.value in mine.columns and len(other) > 2 * len(mine)):
            big, col = cols[0].value.id, cols[0].slice.value
            return (f"The key {_code(ctx.segment(key))} is computed on all {len(other):,} rows of `{big}`, though"
                    f" `{frame}` has {len(mine):,} (pandas then lines it up by index): computed from `{frame}`'s own"
                    f" `{col!r}` column (`{frame}[{col!r}]`), it gives the same groups from far fewer rows.")
    return None


#: pandas calls that keep what they are given as part of their result (a column, the data), under
#: copy-on-write without a copy: an argument the line built for them is kept, not used up.
_STORES_ITS_ARGUMENTS = frozenset({"assign", "DataFrame", "Series", "insert"})


def _numbers_by_parameters(ctx: _Context, node: ast.expr) -> bool:
    """``winlen*samplerate`` in ``fbank``: arithmetic on parameters every call of the function leaves to their
    numeric defaults or gives numbers, and that the function has not rebound by then: a number, not an array."""
    if not all(isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.Name, ast.Constant, ast.operator, ast.unaryop,
                              ast.cmpop, ast.Load)) for n in ast.walk(node)) or not isinstance(
            node, (ast.BinOp, ast.UnaryOp, ast.Compare)):
        return False
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    stmt = _statement_of(ctx, node)
    if not names:
        return False
    for name in names:
        # the function whose parameter it is: the one the line is in, or one around it (``frac > 1`` in a
        # nested ``shuffle``), which then never rebinds it
        func = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
        inner = func
        while func is not None and name not in _parameters(func):
            if any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(func)):
                return False
            func = _enclosing(ctx, func, (ast.FunctionDef, ast.AsyncFunctionDef))
        if func is None or (_last_binding(ctx, stmt, name) is not None if func is inner else any(
                isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(func))):
            return False
        if not _passed_all(ctx, func, name, lambda e: _number_argument(ctx, e)):
            return False
    return True


def _number_argument(ctx: _Context, given: ast.AST | None, depth: int = 0) -> bool:
    """An argument that is a number: written as one, or a parameter of the calling function that every call of
    it gives a number (``calc_fft(signal, fs)`` inside ``spectral_centroid(signal, fs)``, called with ``100.0``)."""
    if given is None:
        return False
    if _scalar_expr(ctx, given):
        return True
    func = _enclosing(ctx, given, (ast.FunctionDef, ast.AsyncFunctionDef)) if isinstance(given, ast.Name) else None
    if func is None or depth >= 3 or given.id not in _parameters(func) or any(
            isinstance(n, ast.Name) and n.id == given.id and isinstance(n.ctx, ast.Store) for n in ast.walk(func)):
        return False
    return _passed_all(ctx, func, given.id, lambda e: _number_argument(ctx, e, depth + 1))


_COUNT_KEYWORDS = frozenset({"axis", "ddof", "decimals", "ndmin", "axis1", "axis2"})


def _built_arguments(ctx: _Context | None, call) -> list[str]:
    """The arguments of ``call`` that the line computes as new arrays: operators on arrays, a NumPy call
    that does not return a view, a pandas method (``normalize(np.angle(Z))``, ``glm.normalize(C -
    direction)``, ``np.count_nonzero(ebola.isnull())``)."""
    node = ctx.node_at(call.span) if ctx is not None else None
    if not isinstance(node, ast.Call):
        return []
    called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    if not call.numpy and called in _STORES_ITS_ARGUMENTS or (
            called == "groupby" and isinstance(ctx.parents.get(id(node)), ast.Assign)):
        # ``baby.assign(Firsts=names.apply(first_letter))``: the new column is kept, not used up; so is the key
        # of a group-by the line binds (``grp = d.groupby(d.eval('X10+X20'))``)
        return []
    out = []
    for a in [*node.args, *(k.value for k in node.keywords)]:
        operands = ([a.left, a.right] if isinstance(a, ast.BinOp) else [a.operand] if isinstance(a, ast.UnaryOp)
                    else [a.left, *a.comparators] if isinstance(a, ast.Compare)
                    else a.args if isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute)
                    and _root_name(a.func) == ctx.np and ctx.np is not None and a.func.attr not in facts.VIEW_FUNCTIONS
                    else [])
        if _broadcast_buffer(ctx, a) or _scalar_expr(ctx, a) or _numbers_by_parameters(ctx, a) or (
                isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute)
                and (a.func.attr in facts.REDUCTIONS or a.func.attr in ("median", "count", "nunique"))
                and not a.args and all(k.arg in ("skipna", "dtype") for k in a.keywords)):
            # ``kernel((x - y[:, None]) / h)``: the broadcast array itself, which its own finding tells;
            # ``design(n, 2 ** order)``, ``s.fillna(s.mean())``: a number
            continue
        if any(k.value is a and k.arg in _COUNT_KEYWORDS for k in node.keywords) and all(
                isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.operator, ast.unaryop, ast.Load))
                for n in ast.walk(a)):
            continue   # ``dbsum(levels, axis=axis + 1)``: an axis or a count is a number, whatever names it
        if isinstance(a, ast.BinOp) and any(isinstance(o, (ast.List, ast.Tuple, ast.ListComp, ast.JoinedStr))
                                            or isinstance(o, ast.Constant) and isinstance(o.value, str)
                                            for o in (a.left, a.right)):
            continue   # ``['foo', 'bar'] * (N // 4)``: a Python list (or string) repeated, no NumPy array
        if any(isinstance(o, (ast.Name, ast.Subscript, ast.Attribute, ast.Call, ast.BinOp)) for o in operands) or (
                isinstance(a, ast.Call) and _pandas_value(a, ctx.namespace)):   # ``ebola.isnull()``
            out.append(ctx.segment(a))
    return out


def _broadcast_buffer(ctx: _Context, node: ast.expr) -> bool:
    """Whether the value of ``node`` is held in the array a broadcast made (the broadcast itself, or a
    step NumPy wrote into it in place)."""
    span = _span_of(node)
    for t in ctx.prediction.temporaries:
        if t.span == span:
            if t.kind == "broadcast-expansion":
                return True
            if t.elided and isinstance(node, ast.BinOp):
                return any(_broadcast_buffer(ctx, o) for o in (node.left, node.right))
    return False


def _join_code(parts: list[str]) -> str:
    return " and ".join(_code(p) for p in parts[:2]) + (f" and {len(parts) - 2} more" if len(parts) > 2 else "")


def _frees_on_rebinding(ctx: _Context | None, stmt: Statement, name: str, nbytes: int) -> bool:
    """Whether rebinding ``name`` frees memory of its own: not a parameter the caller still holds
    (``X = X.combine_first(...)`` in a function), nor a value whose binding line in the cell kept next
    to nothing (pandas' lazy copy-on-write ``df[[...]]`` shares its buffers with the frame it came from)."""
    if ctx is None or ctx.tree is None or not name.isidentifier():
        return True
    node = ctx.node_of(stmt)
    scope = _enclosing(ctx, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    body = scope if scope is not None else ctx.tree
    bound = [n for n in ast.walk(body) if _single_target(n) == name and n.lineno < stmt.lineno
             and not _exclusive(ctx, n, node)]
    earlier = [n for n in bound if n.lineno in ctx.stats]
    if scope is not None and name in _parameters(scope) and not earlier:
        return False
    last = max(bound, key=lambda n: n.lineno) if bound else None
    if isinstance(last, ast.Assign) and isinstance(last.value, ast.Name) and last.value.id in (ctx.namespace or {}) \
            and not any(_single_target(n) == last.value.id and last.lineno < n.lineno < stmt.lineno
                        for n in ast.walk(body)):
        return False   # ``c = cast`` earlier: the old value is ``cast``'s too, and rebinding ``c`` frees nothing
    if earlier and ctx.stats:
        # what the binding line made: its net, or its peak when it replaced a value of the same size itself
        # (``result1 = df['A'] + m`` over an older ``result1`` keeps +0 net yet built its whole value); through
        # bindings that only wrap the value before (``s = pd.DataFrame(data=s)`` after ``s = a - a.shift(1)``),
        # back to the one that made it
        made = 0
        chained = True   # every binding so far made the new value from the old one
        for n in sorted(earlier, key=lambda n: -n.lineno):
            was = ctx.stats[n.lineno]
            made += max(was.net_bytes, was.peak_bytes) // max(1, was.hits)
            if not any(isinstance(m, ast.Name) and m.id == name for m in ast.walk(_value(n) or n)):
                chained = False
                break
        # ``df = df.rename(...)`` (sharing the session's frame, which it replaced) ... ``df = df.sort_values(...)``:
        # at the top level the chain goes back to the session's own value, which nothing else in the cell holds
        chained = (chained and scope is None and len(earlier) == len(bound)
                   and not _aliased_elsewhere(ctx, node, name))
        return made >= 0.1 * nbytes or chained
    return True


def _take_as_index(ctx: _Context | None, call) -> str | None:
    """``np.take(X, ii, axis=1)``: NumPy first copies an input that is not contiguous whole; indexing selects the
    same elements through the strided view, copying only what it selects."""
    node = ctx.node_at(call.span) if ctx is not None else None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "take"
            and _root_name(node.func) == ctx.np and len(node.args) == 2 and isinstance(node.args[0], ast.Name)
            and [k.arg for k in node.keywords] == ["axis"] and isinstance(node.keywords[0].value, ast.Constant)
            and type(node.keywords[0].value.value) is int and 0 <= node.keywords[0].value.value <= 3):
        return None
    axis = node.keywords[0].value.value
    index = ", ".join([":"] * axis + [ctx.segment(node.args[1])])
    return (f"Where {_code(ctx.segment(node.args[0]))} is a strided view (a transpose, a slice with a step),"
            f" `{ctx.segment(node.args[0])}[{index}]` selects the same elements through it, copying only what it"
            " selects (the same values, for indices in range).")


def _median_input_may_be_a_view(ctx: _Context, stmt: Statement, call: ast.AST | None) -> tuple[str, str] | None:
    """The median's input, when it is a name last bound to something other than a new array NumPy made (a call npguard
    does not see, a view method): the name and what bound it."""
    arg = call.args[0] if isinstance(call, ast.Call) and call.args else None
    if not isinstance(arg, ast.Name):
        return None
    held = (ctx.namespace or {}).get(arg.id) if not _local_to_a_function(ctx, arg, arg.id) else None
    if held is not None:
        base = getattr(held, "base", None)
        return (arg.id, arg.id) if base is not None else None
    bound = _last_binding(ctx, ctx.node_of(stmt), arg.id)
    value = _value(bound) if bound is not None else None
    if value is None or isinstance(value, (ast.BinOp, ast.UnaryOp)):
        return None
    made = (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and _root_name(value.func) == ctx.np
            and value.func.attr not in facts.VIEW_FUNCTIONS | {"lib"})
    return None if made else (arg.id, ctx.segment(value) if len(ctx.segment(value)) <= 50 else ctx.segment(value.func))


def _range_in_place(ctx: _Context | None, call) -> str | None:
    """``np.ptp(RGB, -1)``: NumPy subtracts the minimum from the maximum into a third array; subtracting it from
    the maximum in place needs those two only. ``call``: the call site, or a temporary made inside it (either has
    the call's span)."""
    node = ctx.node_at(call.span) if ctx is not None else None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "ptp"
            and _root_name(node.func) == ctx.np and 1 <= len(node.args) <= 2 and isinstance(node.args[0], ast.Name)
            and all(k.arg == "axis" for k in node.keywords) and len(node.args) + len(node.keywords) <= 2):
        return None
    axis = next((ctx.segment(a) for a in [*node.args[1:], *(k.value for k in node.keywords)]), "")
    x = node.args[0].id
    return (f"`r = {x}.max({axis})`, then `r -= {x}.min({axis})`, gives the same values holding the maximum and"
            " the minimum only, with no third array for their difference.")


def _where_as_index(ctx: _Context | None, call) -> str | None:
    """``o[np.where(cond)]``: the mask itself selects the same elements with no index arrays."""
    node = ctx.node_at(call.span) if ctx is not None else None
    parent = ctx.parents.get(id(node)) if node is not None else None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "where"
            and _root_name(node.func) == ctx.np and len(node.args) == 1 and not node.keywords
            and isinstance(parent, ast.Subscript) and parent.slice is node):
        return None
    here = next((s for s in ctx.prediction.statements if s.lineno <= node.lineno <= s.end_lineno), None)
    base = _root_name(parent.value)
    cond = [n.id for n in ast.walk(node.args[0]) if isinstance(n, ast.Name)]
    held = _held_at(ctx, here, base) if here is not None and base else None
    masks = [_held_at(ctx, here, c) for c in cond] if here is not None else []
    if held is not None and masks and all(m is not None for m in masks) \
            and len(held[0]) > max(len(m[0]) for m in masks):
        # ``X[np.where(y == 0)]`` with 2-D ``X`` and 1-D ``y``: ``X[y == 0]`` makes the same row indices inside
        return (f"Indexing with the mask itself saves nothing here: `{base}` has more dimensions than the mask, so"
                f" NumPy turns `{ctx.segment(node.args[0])}` into the same int64 row indices inside; that index array"
                " is what selecting rows costs.")
    return (f"Index with the mask itself: `{ctx.segment(parent.value)}[{ctx.segment(node.args[0])}]` selects the same"
            f" elements in the same order, with none of the int64 index arrays `{ctx.np}.where` builds from it"
            " (where the mask covers every dimension of the array; a 1-D mask over the rows of a 2-D array is"
            " turned into the same row indices inside NumPy).")


_PANDAS_ARITHMETIC = ("Each pandas arithmetic step returns a new full-size Series or DataFrame. Where only the"
                      " result is needed, compute on the NumPy arrays (`.to_numpy()`) with ufuncs writing into"
                      " one array (`out=`, in-place operators).")


def _keeps_rows_of(ctx: _Context, stmt: Statement, name: str) -> bool:
    """``df1 = df1.apply(...)``, ``df = df.fillna(0)``, ``df = df * 2``: the new value is computed from
    ``name`` by a method (or operator) that keeps its rows, and so shares its index."""
    value = _value(ctx.node_of(stmt))
    if isinstance(value, ast.BinOp):
        return any(isinstance(o, ast.Name) and o.id == name for o in (value.left, value.right))
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Name)
            and value.func.value.id == name and value.func.attr in facts.PANDAS_KEEPS_INDEX)


def _aligned_by_label(ctx: _Context, call) -> str | None:
    """``ts1 + ts2`` of two Series (or frames) the namespace holds whose indexes differ: pandas first
    aligns them on their labels, so the NumPy arrays alone would combine other values."""
    node = ctx.node_at(call.span)
    # the names that are themselves operands (not ``df[cols]``, a selection with labels of its own), of one kind:
    # a frame and a series align the series' labels with the frame's columns, not its rows
    operands = [n for b in ast.walk(node) if isinstance(b, ast.BinOp) for n in (b.left, b.right)
                if isinstance(n, ast.Name)] if node is not None else []
    held = [(n.id, v) for n in operands if _is_pandas(v := (ctx.namespace or {}).get(n.id))]
    try:
        differ = [(a, b) for (a, x), (b, y) in zip(held, held[1:]) if a != b and type(x) is type(y) and not (
            x.index.equals(y.index) and (not hasattr(x, "columns") or x.columns.equals(y.columns)))]
    except Exception:
        return None
    if not differ:
        return None
    a, b = differ[0]
    return (f"`{a}` and `{b}` have different indexes, so pandas first aligns them by label: it builds the union of"
            " their labels and brings both to it before it computes, each as long as that union. That is the"
            " price of matching by label; the NumPy arrays alone (`.to_numpy()`) would combine values by position"
            " and give a different result.")


def _pandas_arithmetic(call) -> bool:
    """pandas arithmetic (``df['a']**2 + df['b']**2``), as opposed to a pandas method call."""
    if not call.name.startswith("pandas operations"):
        return False
    try:
        node = ast.parse(call.expr.strip(), mode="eval").body
    except SyntaxError:
        return False
    if not isinstance(node, (ast.BinOp, ast.UnaryOp)):
        return False
    # an operand that is a method's result (``s.value_counts() / n``) is a small summary: the memory
    # went inside that method, and dividing it costs nothing
    from npguard.static.parsing import _operands

    return not any(isinstance(o, ast.Call) and isinstance(o.func, ast.Attribute) for o in _operands(node))


_EXPLAINERS = {
    "chained-ops": _chained,
    "broadcast-expansion": _broadcast,
    "forced-copy": _forced,
    "dtype-upcast": _upcast,
    "fancy-index-copy": _fancy,
    "growing-array": _growing,
    "out-of-place-update": _out_of_place,
    "inside-call": _inside_call,
}
