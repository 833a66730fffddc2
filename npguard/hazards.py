"""Hazards: correctness and speed problems in a cell, reported in deep mode whatever their bytes.

Deep mode calls :func:`find_hazards` after the cell ran, with the cell's source and
the namespace it left behind. Detection is static (the cell's AST says where to look)
and checked against values (the arrays the names hold now), never by running the
user's code again:

- ``dtype-overflow``: integer arithmetic or an integer cast whose actual values leave
  the result dtype's range. Operands are rebuilt only from what is cheap and safe:
  literals, ``np.array``/``np.arange``/... of literals, and names that the cell does not
  rebind or write to at or after the line.
- ``precision-loss``: values that a narrower float dtype stores as different numbers
  (whole numbers that change, finite values that become inf or 0, relative changes
  above one in a million).
- ``view-write``: a write into a name (``b[...] = ``, ``b += ``, ``out=b``, ``b.fill``)
  whose array is a view sharing memory with an array another name holds.
- ``strided-loop``: ``for row in X`` over an array whose rows are not contiguous, or
  ``A[:, j]`` column by column inside a ``for j`` loop over a C-ordered array.
- ``base-retained``: a name the cell bound holds a small view of a large array that no
  other name holds, so the large array stays alive for the small one.

Every values check is bounded: arithmetic is redone only for at most
:data:`MAX_COMPUTE` elements, a range is read only for at most :data:`MAX_READ`.
"""

from __future__ import annotations

import ast
import operator
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from .model import Finding
from .units import format_bytes

#: Most elements for which a line's arithmetic is redone to check its values.
MAX_COMPUTE = 1_000_000
#: Most elements whose range (min and max, one read each) is checked.
MAX_READ = 10_000_000
#: Fewest elements for which a strided walk is worth a word: below it, Python's own loop costs more.
MIN_STRIDED = 10_000
#: A view is "small" next to its base below this share of the base's bytes.
RETAIN_SHARE = 1 / 8
#: Bases smaller than this are not worth reporting as kept alive.
MIN_RETAINED = 1024**2
#: A cast changes a float "noticeably" above this relative change.
RELATIVE_CHANGE = 1e-6

_CONSTRUCTORS = {"array", "asarray", "arange", "ones", "zeros", "full", "asanyarray"}
_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Pow: "**", ast.LShift: "<<"}


@dataclass(frozen=True, slots=True)
class _Cell:
    """The parsed cell and what each name's bindings and writes are."""

    source: str
    tree: ast.Module
    #: name -> line numbers where the cell binds it or writes into it
    changed_at: Mapping[str, tuple[int, ...]]
    #: (first line, last line) of each loop in the cell
    loops: tuple[tuple[int, int], ...]
    #: The line being checked with the values live as it ran, if any: every name it reads is current.
    live: int | None = None

    def text(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ast.unparse(node)


def find_hazards(source: str, namespace: Mapping[str, Any], live: Iterable[Finding] = ()) -> tuple[Finding, ...]:
    """Every hazard found in ``source`` against ``namespace`` (the names after the cell ran).

    ``live`` are findings already made by :func:`line_hazards` while the cell ran; they win
    over the end-of-cell check of the same kind on the same line.
    """
    cell = _parse(source)
    if cell is None:
        return tuple(live)
    found: list[Finding] = list(live)
    for check in CHECKS:
        for finding in check(cell, namespace):
            if not any(f.kind == finding.kind and f.lineno == finding.lineno for f in found):
                found.append(finding)
    return tuple(sorted(found, key=lambda f: f.lineno))


def line_hazards(source: str, lineno: int, names: Mapping[str, Any]) -> tuple[Finding, ...]:
    """Overflow and precision hazards of one line, judged by ``names`` as they were when it ran.

    Deep mode calls this at a line's first NumPy allocation, when the names the line reads
    still hold its inputs (``x = x + 10`` has not rebound ``x`` yet), which the namespace
    after the cell may no longer show.
    """
    cell = _parse(source)
    if cell is None:
        return ()
    cell = replace(cell, live=lineno)
    found: list[Finding] = []
    for check in LIVE_CHECKS:
        for finding in check(cell, names):
            if not any(f.kind == finding.kind and f.lineno == finding.lineno for f in found):
                found.append(finding)
    return tuple(found)


@lru_cache(maxsize=8)
def _parse(source: str) -> _Cell | None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    return _Cell(source, tree, _changes(tree), _loops(tree))


# -- reading the cell --------------------------------------------------------------------------


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _targets(node: ast.AST) -> Iterator[ast.AST]:
    if isinstance(node, (ast.Tuple, ast.List)):
        for elt in node.elts:
            yield from _targets(elt)
    elif isinstance(node, ast.Starred):
        yield from _targets(node.value)
    else:
        yield node


def _written(node: ast.AST) -> Iterator[ast.AST]:
    """The targets a statement binds or writes into."""
    if isinstance(node, ast.Assign):
        for t in node.targets:
            yield from _targets(t)
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        yield node.target
    elif isinstance(node, (ast.For, ast.comprehension)):
        yield from _targets(node.target)
    elif isinstance(node, ast.Delete):
        yield from node.targets
    elif isinstance(node, ast.NamedExpr):
        yield node.target
    elif isinstance(node, ast.Call):
        for kw in node.keywords:
            if kw.arg == "out":
                yield from _targets(kw.value)
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("fill", "sort", "resize", "put"):
            yield node.func.value


def _changes(tree: ast.Module) -> dict[str, tuple[int, ...]]:
    changed: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        for target in _written(node):
            name = _root_name(target)
            if name is not None:
                changed.setdefault(name, []).append(getattr(node, "lineno", 0) or target.lineno)
    return {k: tuple(v) for k, v in changed.items()}


def _loops(tree: ast.Module) -> tuple[tuple[int, int], ...]:
    return tuple((n.lineno, n.end_lineno or n.lineno) for n in ast.walk(tree)
                 if isinstance(n, (ast.For, ast.While)))


def _stable(cell: _Cell, name: str, lineno: int) -> bool:
    """Whether ``name`` still holds, after the cell, what it held when ``lineno`` ran."""
    if cell.live is not None:
        return cell.live == lineno
    spans = [(lo, hi) for lo, hi in cell.loops if lo <= lineno <= hi]
    for at in cell.changed_at.get(name, ()):
        if at >= lineno or any(lo <= at <= hi for lo, hi in spans):
            return False
    return True


# -- values, rebuilt only from what is safe and cheap -------------------------------------------


def _numpy_name(node: ast.AST, env: Mapping[str, Any]) -> str | None:
    """``attr`` for ``np.attr`` where ``np`` is NumPy in the namespace."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if env.get(node.value.id) is np:
            return node.attr
    return None


def _dtype(node: ast.AST, env: Mapping[str, Any]) -> np.dtype | None:
    try:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return np.dtype(node.value)
        if isinstance(node, ast.Name) and node.id in ("int", "float", "bool", "complex"):
            return np.dtype(node.id)
        attr = _numpy_name(node, env)
        if attr is not None:
            return np.dtype(getattr(np, attr))
        if isinstance(node, ast.Call) and _numpy_name(node.func, env) == "dtype" and node.args:
            return _dtype(node.args[0], env)
    except (TypeError, AttributeError):
        return None
    return None


def _literal(node: ast.AST) -> Any:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, (int, float, bool, list, tuple)):
        return value
    return None


class _Values:
    """Rebuild a sub-expression's value for one line, or say None."""

    def __init__(self, cell: _Cell, env: Mapping[str, Any], lineno: int) -> None:
        self.cell, self.env, self.lineno = cell, env, lineno

    def __call__(self, node: ast.AST) -> Any:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return self._value(node)
        except Exception:  # any value npguard cannot rebuild is simply not checked
            return None

    def _value(self, node: ast.AST) -> Any:
        lit = _literal(node)
        if lit is not None:
            return lit
        if isinstance(node, ast.Name):
            value = self.env.get(node.id)
            if (isinstance(value, (np.ndarray, np.generic, int, float)) and not isinstance(value, bool)
                    and _stable(self.cell, node.id, self.lineno)):
                return value
            return None
        if isinstance(node, ast.Attribute) and node.attr == "T":
            value = self._value(node.value)
            return value.T if isinstance(value, np.ndarray) else None
        if isinstance(node, ast.Subscript):
            value = self._value(node.value)
            index = self._index(node.slice)
            if isinstance(value, np.ndarray) and index is not None:
                return value[index]  # a view: free whatever its size
            return None
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            left, right = self._value(node.left), self._value(node.right)
            if left is None or right is None or _size(left, right) > MAX_COMPUTE:
                return None
            return _apply(node.op, left, right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            value = self._value(node.operand)
            return None if value is None or _size(value) > MAX_COMPUTE else -value
        if isinstance(node, ast.Call):
            return self._call(node)
        return None

    def _index(self, node: ast.AST) -> Any:
        parts = node.elts if isinstance(node, ast.Tuple) else [node]
        out = []
        for part in parts:
            if isinstance(part, ast.Slice):
                bounds = [None if p is None else _literal(p) for p in (part.lower, part.upper, part.step)]
                if any(p is not None and not isinstance(b, int) for p, b in
                       zip((part.lower, part.upper, part.step), bounds)):
                    return None
                out.append(slice(*bounds))
            else:
                value = _literal(part)
                if not isinstance(value, int):
                    return None
                out.append(value)
        return tuple(out)

    def _call(self, node: ast.Call) -> Any:
        func = node.func
        kwargs = {kw.arg: kw.value for kw in node.keywords if kw.arg}
        if isinstance(func, ast.Attribute) and func.attr == "astype" and node.args:
            value, dtype = self._value(func.value), _dtype(node.args[0], self.env)
            if isinstance(value, np.ndarray) and dtype is not None and value.size <= MAX_COMPUTE:
                return value.astype(dtype)
            return None
        name = _numpy_name(func, self.env)
        if name is None:
            return None
        dtype = _dtype(kwargs["dtype"], self.env) if "dtype" in kwargs else None
        if "dtype" in kwargs and dtype is None:
            return None
        if name in _CONSTRUCTORS:
            args = [_literal(a) for a in node.args]
            if any(a is None for a in args) or set(kwargs) - {"dtype"}:
                return None
            if name == "arange" and _arange_size(args) > MAX_COMPUTE:
                return None
            if name in ("ones", "zeros", "full") and int(np.prod(args[0] if args else 0)) > MAX_COMPUTE:
                return None
            if name in ("array", "asarray", "asanyarray") and len(args) != 1:
                return None
            return getattr(np, name)(*args, **({"dtype": dtype} if dtype is not None else {}))
        return None


def _size(*values: Any) -> int:
    """Elements of the broadcast result of ``values`` (unbounded when they do not broadcast)."""
    try:
        return int(np.prod(np.broadcast_shapes(*(np.shape(v) for v in values))))
    except ValueError:
        return MAX_COMPUTE + 1


def _arange_size(args: list[Any]) -> float:
    if not args or not all(isinstance(a, (int, float)) for a in args):
        return float("inf")
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (args[0], args[1], args[2] if len(args) > 2 else 1)
    return abs((stop - start) / step) if step else float("inf")


def _apply(op: ast.operator, left: Any, right: Any) -> Any:
    if all(type(v) in (int, float) for v in (left, right)):
        # ``num_obs * (num_obs**2 - 1)`` with ``num_obs = x.shape[0]``: Python's numbers do not wrap
        return _PY_OPS[type(op)](left, right)
    if isinstance(op, ast.Add):
        return np.add(left, right)
    if isinstance(op, ast.Sub):
        return np.subtract(left, right)
    if isinstance(op, ast.Mult):
        return np.multiply(left, right)
    if isinstance(op, ast.Pow):
        return np.power(left, right)
    return np.left_shift(left, right)


_PY_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Pow: operator.pow,
           ast.LShift: operator.lshift}


def _wide(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float64)


def _range_text(lo: Any, hi: Any) -> str:
    return f"{lo}..{hi}"


def _fits(lo: float, hi: float, signed: bool) -> str | None:
    """The smallest integer dtype of the same signedness that holds ``lo..hi``, by name."""
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return None
    for name in ("int8", "int16", "int32", "int64") if signed else ("uint8", "uint16", "uint32", "uint64"):
        info = np.iinfo(name)
        if info.min <= lo and hi <= info.max:
            return name
    return None


def _nodes(cell: _Cell) -> Iterator[ast.AST]:
    """The cell's nodes, or when checking one line live, the nodes on that line."""
    for node in ast.walk(cell.tree):
        if hasattr(node, "lineno") and (cell.live is None or node.lineno == cell.live):
            yield node


# -- dtype-overflow ------------------------------------------------------------------------------


def _overflow(cell: _Cell, env: Mapping[str, Any]) -> Iterator[Finding]:
    for node in _nodes(cell):
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            finding = _arith_overflow(cell, env, node)
        elif isinstance(node, ast.Call):
            finding = _cast_overflow(cell, env, node)
        else:
            finding = None
        if finding is not None:
            yield finding


def _arith_overflow(cell: _Cell, env: Mapping[str, Any], node: ast.BinOp) -> Finding | None:
    values = _Values(cell, env, node.lineno)
    left, right = values(node.left), values(node.right)
    if left is None or right is None or not any(isinstance(v, (np.ndarray, np.generic)) for v in (left, right)):
        return None
    if _size(left, right) > MAX_COMPUTE:
        return _range_overflow(cell, node, left, right)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            result = np.asarray(_apply(node.op, left, right))
            wide = _wide(_apply(node.op, _wide(left), _wide(right)))
        except Exception:  # NumPy refused the operation: the cell raised, nothing wrapped
            return None
    if result.dtype.kind not in "iu" or result.size == 0:
        return None
    info = np.iinfo(result.dtype)
    bad = (wide < info.min) | (wide > info.max)
    if not bad.any():
        return None
    at = np.unravel_index(int(np.argmax(bad)), bad.shape) if bad.ndim else ()
    l_at, r_at = (np.broadcast_to(np.asarray(v), bad.shape)[at] for v in (left, right))
    op = _OPS[type(node.op)]
    lo, hi = float(wide.min()), float(wide.max())
    fits = _fits(lo, hi, result.dtype.kind == "i" or lo < 0)
    text = cell.text(node)
    left_text, right_text = cell.text(node.left), cell.text(node.right)
    # the name the cell itself calls NumPy by (``numpy``), else the session's
    used = [n.id for n in ast.walk(cell.tree) if isinstance(n, ast.Name) and env.get(n.id) is np]
    alias = used[0] if used else "np" if env.get("np") is np else next(
        (k for k, v in env.items() if v is np and k.isidentifier()), "np")
    widen = f"{alias}.{fits}" if fits else f"{alias}.float64"
    if not isinstance(node.left, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
        left_text = f"({left_text})"
    # ``2**order``: a number written out has no ``.astype``; the scalar type makes it one of that dtype
    widened = (f"{widen}({cell.text(node.left)})" if isinstance(node.left, ast.Constant)
               or not isinstance(left, np.ndarray) else f"{left_text}.astype({widen})")
    suggestion = (f"Widen an operand before the arithmetic so the true results "
                  f"({_range_text(_scalar(lo), _scalar(hi))}) fit: `{widened} {op} {right_text}`"
                  + (f" ({fits} holds them)." if fits else ".")
                  + " If wrapping is intended, say so with an explicit cast.")
    return Finding(
        kind="dtype-overflow", lineno=node.lineno, bytes=0,
        message=(f"`{text}` wrapped around in {result.dtype} ({_range_text(info.min, info.max)}): "
                 f"{_scalar(l_at)} {op} {_scalar(r_at)} = {_scalar(wide[at])} became {_scalar(result[at])} "
                 f"({int(bad.sum())} of {bad.size} values out of range)."),
        suggestion=suggestion)


def _range_overflow(cell: _Cell, node: ast.BinOp, left: Any, right: Any) -> Finding | None:
    """``x + c``, ``x - c`` or ``x * c`` on an array too large to redo: judged from ``x``'s range.

    With a scalar ``c`` the result is monotonic in ``x``, so ``x``'s min and max (one read each)
    bound it exactly.
    """
    if type(node.op) not in (ast.Add, ast.Sub, ast.Mult):
        return None
    arr, c = (left, right) if isinstance(left, np.ndarray) else (right, left)
    if not isinstance(arr, np.ndarray) or np.ndim(c) != 0 or arr.size > MAX_READ or arr.dtype.kind not in "iu":
        return None
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            dtype = np.asarray(_apply(node.op, left[:1] if arr is left else left,
                                      right[:1] if arr is right else right)).dtype
        except Exception:  # NumPy refused the operation: the cell raised, nothing wrapped
            return None
        if dtype.kind not in "iu":
            return None
        lo, hi = float(arr.min()), float(arr.max())
        pair = [(x, float(c)) if arr is left else (float(c), x) for x in (lo, hi)]
        ends = [float(_apply(node.op, np.float64(a), np.float64(b))) for a, b in pair]
    info = np.iinfo(dtype)
    low, high = min(ends), max(ends)
    if info.min <= low and high <= info.max:
        return None
    fits = _fits(low, high, dtype.kind == "i" or low < 0)
    widen = f"np.{fits}" if fits else "np.float64"
    side = cell.text(node.left if arr is left else node.right)
    return Finding(
        kind="dtype-overflow", lineno=node.lineno, bytes=0,
        message=(f"`{cell.text(node)}` wrapped around in {dtype} ({_range_text(info.min, info.max)}): "
                 f"`{side}` spans {_scalar(lo)}..{_scalar(hi)}, so the true results span "
                 f"{_scalar(low)}..{_scalar(high)}."),
        suggestion=(f"Widen before the arithmetic so the true results fit: `{side}.astype({widen})` "
                    f"in place of `{side}`" + (f" ({fits} holds them)." if fits else ".")
                    + " If wrapping is intended, say so with an explicit cast."))


def _scalar(value: Any) -> str:
    value = np.asarray(value).item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return str(int(value))
    return repr(value)


def _cast_target(node: ast.Call, env: Mapping[str, Any]) -> tuple[ast.AST, np.dtype] | None:
    """``(source, dtype)`` of ``x.astype(T)`` or ``np.array(x, dtype=T)``."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "astype" and node.args:
        dtype = _dtype(node.args[0], env)
        return None if dtype is None else (func.value, dtype)
    if _numpy_name(func, env) in ("array", "asarray", "asanyarray") and node.args:
        kw = {k.arg: k.value for k in node.keywords}
        dtype = _dtype(kw["dtype"], env) if "dtype" in kw else None
        return None if dtype is None else (node.args[0], dtype)
    return None


def _source_values(cell: _Cell, env: Mapping[str, Any], node: ast.AST, lineno: int) -> np.ndarray | None:
    """The values a cast reads: a literal list, or an array within :data:`MAX_READ` elements."""
    lit = _literal(node)
    if isinstance(lit, (list, tuple, int, float)):
        try:
            arr = np.asarray(lit, dtype=np.float64)
        except (ValueError, TypeError, OverflowError):
            return None
        return arr if arr.size <= MAX_COMPUTE else None
    if isinstance(node, ast.Name):
        value = env.get(node.id)
        if (isinstance(value, np.ndarray) and value.size <= MAX_READ and value.dtype.kind in "iuf"
                and _stable(cell, node.id, lineno)):
            return value
        return None
    value = _Values(cell, env, lineno)(node)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf" and value.size <= MAX_READ:
        return value
    return None


def _cast_overflow(cell: _Cell, env: Mapping[str, Any], node: ast.Call) -> Finding | None:
    target = _cast_target(node, env)
    if target is None or target[1].kind not in "iu":
        return None
    source, dtype = target
    values = _source_values(cell, env, source, node.lineno)
    if values is None or values.size == 0:
        return None
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        lo, hi = values.min(), values.max()
        info = np.iinfo(dtype)
        if not (float(lo) < info.min or float(hi) > info.max):
            return None
        worst = hi if float(hi) > info.max else lo
        became = np.asarray(worst).astype(dtype)
    fits = _fits(float(lo), float(hi), dtype.kind == "i" or float(lo) < 0)
    text = cell.text(node)
    suggestion = ((f"Cast to a dtype that holds {_scalar(lo)}..{_scalar(hi)}, e.g. `np.{fits}`, " if fits else
                   "Keep a wider dtype, ")
                  + f"or clip first if saturating is what you want: "
                  f"`np.clip({cell.text(source)}, {info.min}, {info.max}).astype(np.{dtype.name})`.")
    return Finding(
        kind="dtype-overflow", lineno=node.lineno, bytes=0,
        message=(f"`{text}` casts values {_scalar(lo)}..{_scalar(hi)} to {dtype.name} "
                 f"({_range_text(info.min, info.max)}): {_scalar(worst)} became {_scalar(became)}."),
        suggestion=suggestion)


# -- precision-loss ------------------------------------------------------------------------------


def _precision(cell: _Cell, env: Mapping[str, Any]) -> Iterator[Finding]:
    for node in _nodes(cell):
        if not isinstance(node, ast.Call):
            continue
        target = _cast_target(node, env)
        if target is None or target[1].kind != "f" or target[1].itemsize >= 8:
            continue
        source, dtype = target
        values = _source_values(cell, env, source, node.lineno)
        if values is None or values.size == 0 or (values.dtype.kind == "f" and values.dtype.itemsize <= dtype.itemsize):
            continue
        finding = _changed_floats(cell, node, values, dtype)
        if finding is not None:
            yield finding


def _changed_floats(cell: _Cell, node: ast.Call, values: np.ndarray, dtype: np.dtype) -> Finding | None:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        exact = values.astype(np.float64).ravel()
        stored = exact.astype(dtype).astype(np.float64)
        finite = np.isfinite(exact)
        whole = finite & (exact == np.round(exact))
        changed = finite & (stored != exact) & (
            whole | ~np.isfinite(stored) | ((stored == 0) & (exact != 0))
            | (np.abs(stored - exact) > RELATIVE_CHANGE * np.abs(exact)))
    if not changed.any():
        return None
    i = int(np.argmax(changed))
    text = cell.text(node)
    return Finding(
        kind="precision-loss", lineno=node.lineno, bytes=0,
        message=(f"`{text}` stores values in {dtype.name}, which changes {int(changed.sum())} of "
                 f"{changed.size}: {_scalar(exact[i])} became {_scalar(stored[i])}."),
        suggestion=(f"Keep float64 where these values must survive exactly (`dtype=np.float64`); "
                    f"{dtype.name} holds about {np.finfo(dtype).precision} significant digits "
                    f"and values up to {np.finfo(dtype).max:.4g}."))


# -- view-write ----------------------------------------------------------------------------------


def _arrays(env: Mapping[str, Any]) -> Iterator[tuple[str, np.ndarray]]:
    for name, value in list(env.items()):
        if isinstance(value, np.ndarray) and not name.startswith("_"):
            yield name, value


def _shares(a: np.ndarray, b: np.ndarray) -> bool:
    if not np.may_share_memory(a, b):
        return False
    try:
        return bool(np.shares_memory(a, b, max_work=100_000))
    except Exception:  # too hard to be exact: bounds overlap, which is what "may" means
        return True


def _view_writes(cell: _Cell, env: Mapping[str, Any]) -> Iterator[Finding]:
    """One finding per view written through: at its first write, naming the lines of the others."""
    first: dict[str, Finding] = {}
    more: dict[str, list[int]] = {}
    for node in _nodes(cell):
        if not isinstance(node, (ast.Assign, ast.AugAssign, ast.Call)):
            continue
        for target in _written(node):
            if isinstance(node, ast.Assign) and not isinstance(target, ast.Subscript):
                continue  # binding a name writes into no array
            if not isinstance(target, (ast.Name, ast.Subscript)):
                continue
            if isinstance(node, ast.Assign) and cell.text(target) == cell.text(node.value):
                continue  # ``x[i] = x[i]`` writes back the values already there
            name = _root_name(target)
            if name is None:
                continue
            if name in first:
                if node.lineno != first[name].lineno and node.lineno not in more[name]:
                    more[name].append(node.lineno)
                continue
            finding = _view_write(cell, env, node, name)
            if finding is not None:
                first[name], more[name] = finding, []
    for name, finding in first.items():
        also = more[name]
        if also:
            lines = ", ".join(map(str, also))
            finding = replace(finding, message=finding.message
                              + f" Line{'s' if len(also) > 1 else ''} {lines} write{'' if len(also) > 1 else 's'} through it too.")
        yield finding


def _view_write(cell: _Cell, env: Mapping[str, Any], node: ast.AST, name: str) -> Finding | None:
    view = env.get(name)
    if not isinstance(view, np.ndarray) or name in _loop_targets(cell):
        return None  # ``for row in A: row[:] = ...`` writes into A on purpose
    if view.base is None:   # not a view: perhaps a second name for the same array
        return _alias_write(cell, env, node, name)
    others = [other for other, arr in _arrays(env)
              if other != name and arr is not view and _shares(arr, view) and not _bound_after(cell, other, node)]
    if not others:
        return None
    owners = [o for o in others if env[o].base is None]
    others = owners + [o for o in others if o not in owners]
    made = _binding(cell, name)
    names = ", ".join(f"`{o}`" for o in others)
    origin = f" (`{cell.text(made)}`)" if made is not None else ""
    copy = (f"`{name} = {_copied(cell, made.value)}`" if made is not None
            else f"`{name} = {name}.copy()` before writing")
    now = env[others[0]]
    shown = ""
    if now.size <= 20:
        shown = f" `{others[0]}` is now {np.array2string(now, separator=', ', threshold=20)}."
    return Finding(
        kind="view-write", lineno=node.lineno, bytes=0,
        message=(f"`{cell.text(node)}` wrote through `{name}`, a view{origin}: it changed {names} too, "
                 f"which share{'s' if len(others) == 1 else ''} its memory.{shown}"),
        suggestion=(f"If {names} must keep {'its' if len(others) == 1 else 'their'} values, make `{name}` "
                    f"a copy: {copy}. If changing {names} is the point, write to it by name so a reader sees it."))


def _bound_after(cell: _Cell, other: str, node: ast.AST) -> bool:
    """``mu_c = mu[c, :]`` bound only on a later line, in no loop around the write: when the write ran,
    ``other`` was not yet this view (the namespace read after the cell shows its last value)."""
    bindings = [n for n in ast.walk(cell.tree) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                and any(other in set(_names(t)) for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))]
    if not bindings or any(b.lineno <= node.lineno for b in bindings):
        return False
    loops = [n for n in ast.walk(cell.tree) if isinstance(n, (ast.For, ast.While))]
    return not any(any(m is node for m in ast.walk(loop)) and any(m is b for b in bindings for m in ast.walk(loop))
                   for loop in loops)


def _alias_write(cell: _Cell, env: Mapping[str, Any], node: ast.AST, name: str) -> Finding | None:
    """``dscores = probs`` then ``dscores[...] -= 1``: the cell bound a second name to the same
    array, and writing through it changes the first."""
    made = _binding(cell, name)
    if made is None or not isinstance(made.value, ast.Name) or made.lineno >= node.lineno:
        return None
    other = made.value.id
    if env.get(other) is not env.get(name):
        return None
    return Finding(
        kind="view-write", lineno=node.lineno, bytes=0,
        message=(f"`{cell.text(node)}` wrote through `{name}`, which is `{other}` itself (`{cell.text(made)}`"
                 f" binds a second name, not a copy): it changed `{other}` too."),
        suggestion=(f"If `{other}` must keep its values, make `{name}` a copy: `{name} = {other}.copy()`. If"
                    f" changing `{other}` is the point, write to it by name so a reader sees it."))


def _loop_targets(cell: _Cell) -> set[str]:
    return {n for node in ast.walk(cell.tree) if isinstance(node, (ast.For, ast.comprehension))
            for n in _names(node.target)}


def _binding(cell: _Cell, name: str) -> ast.Assign | None:
    """The cell's last plain ``name = ...`` binding."""
    found = None
    for node in ast.walk(cell.tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            found = node
    return found


def _copied(cell: _Cell, value: ast.AST) -> str:
    text = cell.text(value)
    if not isinstance(value, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
        text = f"({text})"
    return f"{text}.copy()"


# -- strided-loop --------------------------------------------------------------------------------


def _strided_loops(cell: _Cell, env: Mapping[str, Any]) -> Iterator[Finding]:
    for node in _nodes(cell):
        if not isinstance(node, ast.For):
            continue
        walked = _Values(cell, env, node.lineno)(node.iter)
        if (type(walked) is np.ndarray and walked.ndim >= 2 and walked.shape[0] > 1
                and walked.size >= MIN_STRIDED and not walked[0].flags.c_contiguous):
            yield _strided_rows(cell, env, node, walked)
            continue
        column = _column_walk(cell, env, node)
        if column is not None:
            yield column


def _column_walk(cell: _Cell, env: Mapping[str, Any], loop: ast.For) -> Finding | None:
    """``A[:, j]`` inside ``for j in ...`` over a C-ordered 2-D ``A``."""
    if not isinstance(loop.target, ast.Name):
        return None
    var = loop.target.id
    for stmt in loop.body:
        for node in ast.walk(stmt):
            if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and isinstance(node.ctx, ast.Load)
                    and isinstance(node.slice, ast.Tuple) and len(node.slice.elts) == 2):
                continue   # ``b[:, j] = dct(a[:, j])``: the column read is ``a``'s
            first, second = node.slice.elts
            if not (isinstance(first, ast.Slice) and first.lower is None and first.upper is None
                    and first.step is None and isinstance(second, ast.Name) and second.id == var):
                continue
            arr = env.get(node.value.id)
            if _only_copied_whole(loop, stmt, node):
                continue   # ``np.unique(data[:, j])`` reads the column once, into the copy it sorts
            # (not an ``np.matrix``: its ``X[:, j]`` stays a column, where a row of a copy would be 1-D)
            if (type(arr) is np.ndarray and arr.ndim == 2 and arr.flags.c_contiguous
                    and arr.shape[0] > 1 and arr.shape[1] > 1 and arr.size >= MIN_STRIDED):
                name = node.value.id
                timing, ratio, pays = _measure(arr.T, "columns", f"{node.value.id}.sum(axis=0)")
                outer = next((top for top in ast.walk(cell.tree) if isinstance(top, (ast.For, ast.While))
                              and any(n is loop for n in ast.walk(top))), loop)
                once = not pays and outer is loop   # each column read once: cheaper than copying them all
                rebound = next((n for n in ast.walk(outer) if isinstance(n, ast.Assign) and n is not stmt
                                and [getattr(t, "id", None) for t in n.targets] == [name]), None)
                if rebound is not None:
                    # ``cats = cats[~singleton]`` in the loop around ``cats[:, i]``: each pass's array is a new
                    # C-ordered one, so column order set once would hold for the first pass only
                    value = rebound.value
                    kept = (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name)
                            and value.value.id == name and not isinstance(value.slice, ast.Tuple))
                    advice = (f"`{name}` is rebound in the loop (`{cell.text(rebound)}`) to a new array in row order,"
                              " so an array made in column order (`order='F'`) or a copy made before the loop would"
                              " help the first pass only. "
                              + (f"Keep it transposed instead: `{name}_t = np.ascontiguousarray({name}.T)` once"
                                 f" before the loop, `{name}_t = np.compress({cell.text(value.slice)}, {name}_t,"
                                 f" axis=1)` in place of the rebinding (its rows come out contiguous, where"
                                 f" `{name}_t[:, mask]` would leave them strided), and read `{name}_t[{var}]`."
                                 if kept else
                                 "Make each new value in column order where it is made (`np.asfortranarray`), or"
                                 " replace the loop by vectorised calls along an axis."))
                elif name in {_root_name(t) for n in ast.walk(outer) for t in _written(n)}:
                    # ``Q[:, j] = v / R[j, j]`` in the loop around ``Q[:, i]``: a copy made before it would go stale
                    advice = (f"`{name}` is written in the loop, so a copy made before it would go stale: create"
                              f" `{name}` in column order (`order='F'`, as in `np.zeros(shape, order='F')`) so each"
                              " column is contiguous, or replace the loop by vectorised calls.")
                else:
                    advice = (f"Copy the columns into rows once before the loop, "
                              f"`{name}_cols = np.ascontiguousarray({name}.T)` ({format_bytes(arr.nbytes)}), "
                              f"and read `{name}_cols[{var}]`; or replace the loop by one vectorised call "
                              f"along an axis (e.g. `{name}.sum(axis=0)`).")
                advice = _unless_cached(ratio, advice)
                if once and ratio is not None and ratio >= _WORTH_A_COPY:
                    # ``for h in range(horizon): ... shocks[:, h]``: the loop reads each column once, and the copy
                    # took longer than the strided reads cost beyond contiguous ones
                    advice = ("The loop reads each column once, and copying them all took longer than the strided"
                              " reads lose (see the times): a copy would cost memory and save no time. Only"
                              " replacing the loop by vectorised calls along an axis, where its steps allow it,"
                              " would be faster.")
                return Finding(
                    kind="strided-loop", lineno=loop.lineno, bytes=0,
                    message=(f"`{cell.text(node)}` reads a column of a C-ordered {_shape(arr)} array on "
                             f"every pass: each column is strided ({arr.strides[0]} bytes between "
                             f"elements).{timing}"),
                    suggestion=advice)
    return None


#: Calls that first copy their whole argument into a new array (and sort it): a strided argument is read once.
_COPY_FIRST = frozenset({"unique", "sort", "median", "nanmedian", "percentile", "nanpercentile", "quantile",
                         "nanquantile", "partition", "argsort", "sorted"})


def _only_copied_whole(loop: ast.For, stmt: ast.stmt, column: ast.Subscript) -> bool:
    """Every use of the column is the first argument of a call that copies it whole first: the column itself
    (``np.unique(data[:, j])``) or a name it is bound to in the loop (``values = data[:, j]``, then
    ``np.unique(values)``). The copy reads the strided memory once, as a contiguous copy made before would."""
    def copied(arg: ast.AST, where: ast.AST) -> bool:
        return any(isinstance(n, ast.Call) and n.args and n.args[0] is arg
                   and (n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")) in _COPY_FIRST
                   for n in ast.walk(where))
    if isinstance(stmt, ast.Assign) and stmt.value is column and len(stmt.targets) == 1 \
            and isinstance(stmt.targets[0], ast.Name):
        name = stmt.targets[0].id
        uses = [n for s in loop.body for n in ast.walk(s) if isinstance(n, ast.Name) and n.id == name
                and isinstance(n.ctx, ast.Load)]
        return bool(uses) and all(any(copied(u, s) for s in loop.body) for u in uses)
    return copied(column, stmt)


def _strided_rows(cell: _Cell, env: Mapping[str, Any], loop: ast.For, walked: np.ndarray) -> Finding:
    # No rewrite: the contiguous copy costs memory, and a rewrite must need less.
    iter_text, target = cell.text(loop.iter), cell.text(loop.target)
    timing, ratio, _ = _measure(walked)
    written = {_root_name(t) for n in loop.body for s in ast.walk(n) for t in _written(s)}
    caveat = ""
    if set(_names(loop.target)) & written:
        caveat = (f" The loop writes into `{target}`: with a copy those writes no longer reach "
                  f"the original, so write the copy back or vectorise instead.")
    return Finding(
        kind="strided-loop", lineno=loop.lineno, bytes=0,
        message=(f"`for {target} in {iter_text}` walks a {_shape(walked)} array whose rows are not contiguous "
                 f"(strides {walked.strides}): every pass reads memory scattered across the whole array."
                 f"{timing}"),
        suggestion=_unless_cached(ratio, f"Make the rows contiguous once before the loop, `for {target} in "
                                         f"np.ascontiguousarray({iter_text}):` (one copy, {format_bytes(walked.nbytes)}),"
                                         f" or replace the loop by a vectorised call along an axis.{caveat}"))


#: Below this ratio of strided to contiguous reading time, the strided walk costs nothing worth a copy.
_WORTH_A_COPY = 1.5


def _unless_cached(ratio: float | None, advice: str) -> str:
    """The advice, or, when the strided reads measured about as fast as contiguous ones (a small array the
    CPU's caches hold), that nothing needs changing at this size."""
    if ratio is None or ratio >= _WORTH_A_COPY:
        return advice
    return (f"At this size the strided reads measured about as fast as contiguous ones ({ratio:.1f}x): the"
            " array fits in the CPU's caches, so a copy would cost memory and save no time. If the array"
            f" grows: {advice[0].lower()}{advice[1:]}")


def _names(target: ast.AST) -> Iterator[str]:
    for t in _targets(target):
        if isinstance(t, ast.Name):
            yield t.id


def _shape(arr: np.ndarray) -> str:
    return f"{' x '.join(map(str, arr.shape))} {arr.dtype}"


def _measure(walked: np.ndarray, unit: str = "rows", vector: str | None = None, rows: int = 256,
             budget_s: float = 0.05) -> tuple[str, float | None, bool]:
    """Time a read of each row, strided and contiguous, and the copy: the words, the ratio of the
    two reading times, and whether the copy took less time than reading the copy saved (a loop that reads
    each row once gains nothing otherwise); ("", None, True) when too costly to try.

    Reading is timed with ``row.sum()``, a stand-in for the loop's body: the loop itself is
    never run again.
    """
    part = walked[:rows]
    if part.nbytes > 64 * 1024**2:
        return "", None, True

    def walk(arr: np.ndarray) -> float:
        start = time.perf_counter()
        for row in arr:
            row.sum()
        return time.perf_counter() - start

    strided = contiguous = copying = vectorised = float("inf")
    axis = tuple(range(1, part.ndim))
    spent = time.perf_counter()
    for _ in range(3):
        strided = min(strided, walk(part))
        start = time.perf_counter()
        copy = np.ascontiguousarray(part)
        copying = min(copying, time.perf_counter() - start)
        contiguous = min(contiguous, walk(copy))
        del copy
        start = time.perf_counter()
        part.sum(axis=axis)
        vectorised = min(vectorised, time.perf_counter() - start)
        if time.perf_counter() - spent > budget_s:
            break
    if not (contiguous > 0 and np.isfinite(strided)):
        return "", None, True
    ratio = strided / contiguous
    return (f" Measured on its first {len(part)} {unit} (summing each): {strided * 1e3:.2f} ms strided, "
            f"{contiguous * 1e3:.2f} ms contiguous ({ratio:.1f}x), plus {copying * 1e3:.2f} ms for the "
            f"copy, made once; one vectorised "
            f"`{vector or f'.sum(axis={axis[0] if len(axis) == 1 else axis})'}` over them took "
            f"{vectorised * 1e3:.2f} ms."), ratio, copying < strided - contiguous


# -- base-retained -------------------------------------------------------------------------------


def _root(arr: np.ndarray) -> np.ndarray:
    """The array that owns the memory ``arr`` views, through ``as_strided``'s wrapper object too."""
    while True:
        base = arr.base
        if isinstance(base, np.ndarray):
            arr = base
        elif isinstance(getattr(base, "base", None), np.ndarray):   # as_strided: an interface object
            arr = base.base
        else:
            return arr


def _held_by_an_object(root: np.ndarray, env: Mapping[str, Any]) -> bool:
    """An object the session holds keeps ``root`` itself (``mv.mode_vec``, an item of a list or a dict), so
    copying a view of it frees nothing. Read from the objects' own ``__dict__`` (no property runs)."""
    import types

    for name, value in list(env.items()):
        if name.startswith("_") or isinstance(value, (np.ndarray, types.ModuleType, type, types.FunctionType)):
            continue
        try:
            if isinstance(value, dict):
                items = list(value.values())[:10_000]
            elif isinstance(value, (list, tuple)):
                items = list(value[:10_000])
            else:
                items = list(object.__getattribute__(value, "__dict__").values())
        except Exception:
            continue
        if any(item is root for item in items):
            return True
    return False


def _held(root: np.ndarray) -> int:
    """The bytes ``root`` keeps alive: its own buffer, or, when it does not own its memory (overlapping
    strides count elements more than once), only the span its strides reach."""
    if root.flags.owndata or root.size == 0:
        return root.nbytes
    return min(root.nbytes, sum((n - 1) * abs(st) for n, st in zip(root.shape, root.strides)) + root.itemsize)


def _retained(cell: _Cell, env: Mapping[str, Any]) -> Iterator[Finding]:
    bound = {t.id: node for node in ast.walk(cell.tree) if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name)}
    held: dict[int, list[tuple[str, np.ndarray]]] = {}
    for name, arr in _arrays(env):
        held.setdefault(id(_root(arr)), []).append((name, arr))
    deleted = _deleted(cell)
    for name, view in _arrays(env):
        root = _retaining(name, view, held)
        if root is None or _pandas_holds(env, root) or _held_by_an_object(root, env):
            # ``X = iris_X.to_numpy()[:, :2]``: the frame holds the whole array too; ``sub = mv[100:200]`` with
            # ``mv.mode_vec`` the whole table: the object keeps it whatever happens to the view
            continue
        # other names' views of the same array: a copy of this one frees it only where they come from the copy
        # (bound after this name, in this cell); otherwise they keep it alive whatever happens to this one
        others = [o for o, _ in held.get(id(root), ()) if o != name]
        if others and not (name in bound and all(o in bound and bound[o].lineno > bound[name].lineno
                                                 and _root_name(bound[o].value) == name for o in others)):
            continue
        gone = [d for d in deleted if d.targets[0].id != name]
        after = f" after `del {gone[0].targets[0].id}`" if gone else ""
        holders = ("no other name holds" if not others else
                   f"no other name holds but `{'`, `'.join(others)}`, made from `{name}` later in the cell")
        message = (f"`{name}` ({format_bytes(view.nbytes)}) is a view of a {format_bytes(_held(root))} "
                   f"array ({_shape(root)}) that {holders}{after}: the whole array stays in "
                   f"memory as long as `{name}` does.")
        if name in bound:
            node = bound[name]
            copied = f"{name} = {_copied(cell, node.value)}"
            yield Finding(kind="base-retained", lineno=node.lineno, bytes=_held(root), message=message,
                          suggestion=f"Copy the part you keep, `{copied}`, so the large array is freed "
                                     "once no name holds it.",
                          rewrite=_splice(cell.source, node, copied))
        elif gone:
            # The view was made in an earlier cell; this cell's ``del`` is where memory was expected back.
            yield Finding(kind="base-retained", lineno=gone[0].lineno, bytes=_held(root), message=message,
                          suggestion=f"Copy the part you keep before the `del`, `{name} = {name}.copy()`, "
                                     "so the large array is freed.")


def _pandas_holds(env: Mapping[str, Any], root: np.ndarray) -> bool:
    """A DataFrame or Series the namespace holds keeps (part of) ``root`` in one of its columns."""
    for value in list(env.values()):
        kind = type(value)
        if not kind.__module__.startswith("pandas") or kind.__name__ not in ("DataFrame", "Series"):
            continue
        columns = [value] if kind.__name__ == "Series" else [value.iloc[:, i] for i in range(min(value.shape[1], 64))]
        for column in columns:
            data = column.values
            if isinstance(data, np.ndarray) and np.may_share_memory(data, root):
                return True
    return False


def _retaining(name: str, view: np.ndarray, held: Mapping[int, list[tuple[str, np.ndarray]]]) -> np.ndarray | None:
    """The large base that ``view`` alone keeps alive, if any."""
    if view.base is None:
        return None
    root = _root(view)
    size = _held(root)
    if size < MIN_RETAINED or view.nbytes > RETAIN_SHARE * size:
        return None
    if any(other != name and arr.nbytes > RETAIN_SHARE * size for other, arr in held.get(id(root), ())):
        return None
    return root


def _deleted(cell: _Cell) -> list[ast.Delete]:
    """The cell's ``del name`` statements, in line order."""
    return sorted((node for node in ast.walk(cell.tree) if isinstance(node, ast.Delete)
                   and node.targets and isinstance(node.targets[0], ast.Name)), key=lambda n: n.lineno)


def _splice(source: str, node: ast.AST, text: str) -> str | None:
    """``source`` with ``node``'s span replaced by ``text``."""
    lines = source.splitlines(keepends=True)
    if node.end_lineno is None or node.end_col_offset is None:
        return None
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode()))
    raw = source.encode()
    start = offsets[node.lineno - 1] + node.col_offset
    end = offsets[node.end_lineno - 1] + node.end_col_offset
    return (raw[:start] + text.encode() + raw[end:]).decode().rstrip("\n")


#: The checks, in the order the contract lists the kinds.
CHECKS = (_overflow, _precision, _view_writes, _strided_loops, _retained)
#: The checks that judge one line by the values live as it ran.
LIVE_CHECKS = (_overflow, _precision)
