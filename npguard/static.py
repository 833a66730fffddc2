"""Predict the NumPy buffers a cell allocates, from its source and the live shapes and dtypes.

Pure AST analysis: user code is never evaluated. From the namespace only the ``shape``,
``dtype``, ``strides``, ``flags``, ``base`` and ``nbytes`` of exact ``np.ndarray`` values are
read (plus Python scalars and literal tuples/lists), and ``np.shares_memory`` answers aliasing
questions. Anything else is unknown, and an unknown value gives no prediction: a missing
prediction costs less than a wrong one.

Every statement becomes a :class:`Statement` whose ``temporaries`` list what it allocates in
evaluation order. Two kinds are annotations rather than allocations of their own:
``"out-of-place-update"`` (``nbytes`` is the old array kept alive next to the new one) and
``"growing-array"`` (``nbytes`` is the final size after the loop). ``Statement.peak`` is the
predicted peak above the statement's start, following NumPy's order of allocation and release
and its temporary elision; ``Statement.result_index`` points at the temporary that allocated
the kept value (its kind is ``"result"`` unless the allocation has a nameable cause).

Like the rest of ``npguard/``, this module never imports IPython.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import math
import re
import time
import warnings
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np

from npguard import facts
from npguard.model import Temporary
from npguard.units import format_bytes

__all__ = ["ArrayInfo", "CallSite", "Statement", "CellPrediction", "analyze_cell", "analyze_line",
           "ANNOTATION_KINDS"]

#: NumPy reuses a refcount-1 temporary in place only from this size on (NPY_MIN_ELIDE_BYTES).
#: NumPy before 2.0 casts Python scalars (and 0-d arrays) by their value (NEP 50 ended that).
_VALUE_BASED_CASTING = np.lib.NumpyVersion(np.__version__) < "2.0.0"
ELIDE_BYTES = 256 * 1024
#: Arrays below this size are never checked for aliasing, and never reported as rebound.
_ALIAS_BYTES = 256 * 1024
_ALIAS_LIMIT = 50
#: Kinds whose ``nbytes`` is not a new allocation on the statement.
ANNOTATION_KINDS = ("out-of-place-update", "growing-array")
#: A cell that takes longer than this is cut short (with a reason) rather than stall the shell.
_TIME_BUDGET_S = 2.0


@dataclass(frozen=True, slots=True)
class ArrayInfo:
    """Shape and dtype of an array value (live, or predicted symbolically)."""

    shape: tuple[int, ...]
    dtype: str          # np.dtype(...).name, e.g. "float64"
    nbytes: int
    c_contiguous: bool = True


@dataclass(frozen=True, slots=True)
class Statement:
    """One simple statement of the cell (compound statements contribute their inner statements)."""

    lineno: int                      # 1-based line in the cell body where the statement starts
    end_lineno: int
    text: str                        # its exact source text (may span lines), without leading indent
    indent: str                      # leading whitespace of its first line
    targets: tuple[str, ...]         # names it binds: `b = ...`, `b += ...`, `b[...] = ...` -> ("b",)
    reads: tuple[str, ...]           # names it reads
    in_loop: bool = False
    loop_count: int | None = None    # iterations of the innermost enclosing loop, when known
    in_function: str | None = None   # enclosing def's name when inside a function the cell defines
    in_place: bool = False           # augmented assignment / out= / slice-assignment: writes into an existing array
    temporaries: tuple[Temporary, ...] = ()   # what it allocates, in evaluation order
    result: ArrayInfo | None = None  # the array bound to a single target, if predicted
    peak: int | None = None          # predicted peak bytes above the statement's start (None: not fully known)
    result_index: int | None = None  # index in ``temporaries`` of the allocation the statement keeps
    calls: tuple[CallSite, ...] = ()  # calls the analysis does not model, outermost first


@dataclass(frozen=True, slots=True)
class CallSite:
    """A call npguard does not model in detail: whatever it allocates inside is attributed to it."""

    expr: str                        # its source text
    name: str                        # what it calls, as written (``np.unique``, ``orders.merge``)
    span: tuple[int, int, int, int]  # like Temporary.span
    numpy: bool = False              # a NumPy function (its own Python code allocates inside)
    hidden: str = ""                 # what NumPy's code allocates inside, when the facts table knows


@dataclass(frozen=True, slots=True)
class CellPrediction:
    statements: tuple[Statement, ...] = ()
    reason: str | None = None        # why nothing (or not everything) could be predicted

    @property
    def temporaries(self) -> tuple[Temporary, ...]:
        return tuple(t for s in self.statements for t in s.temporaries)

    def at(self, lineno: int) -> Statement | None:
        """The statement starting on ``lineno``."""
        for s in self.statements:
            if s.lineno == lineno:
                return s
        return None


# --------------------------------------------------------------------------- values

class _Opaque:
    """A value the analysis knows nothing about."""

    __slots__ = ("label",)

    def __init__(self, label: str) -> None:
        self.label = label

    def __repr__(self) -> str:
        return self.label


UNKNOWN = _Opaque("UNKNOWN")
NONE = _Opaque("None")
ELLIPSIS = _Opaque("...")
RNG = _Opaque("Generator")


@dataclass(eq=False)
class _Arr:
    """An array during the analysis: geometry, plus where its buffer came from."""

    shape: tuple[int, ...]
    dtype: np.dtype
    strides: tuple[int, ...]
    buf: int | None = None        # temporary index of the buffer this value keeps alive (this statement)
    fresh: bool = False           # owns ``buf`` and nothing else refers to it (refcount 1): elidable
    live: np.ndarray | None = None  # the namespace array it is, or is a view of
    origin: object = None         # identity of the underlying memory, for aliasing
    bcast_from: int | None = None  # nbytes before np.broadcast_to
    creation: str | None = None   # "np.ones(...)" when fresh from a creation call
    run: tuple[int, int] | None = None  # (start, stop) of np.arange(start, stop) with step 1

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def nbytes(self) -> int:
        return self.size * self.dtype.itemsize

    @property
    def c_contiguous(self) -> bool:
        return _contiguous(self.shape, self.strides, self.dtype.itemsize, c=True)

    @property
    def f_contiguous(self) -> bool:
        return _contiguous(self.shape, self.strides, self.dtype.itemsize, c=False)

    def info(self) -> ArrayInfo:
        return ArrayInfo(self.shape, self.dtype.name, self.nbytes, self.c_contiguous)

    def view(self, shape: tuple[int, ...], strides: tuple[int, ...], dtype: np.dtype | None = None) -> _Arr:
        return _Arr(tuple(shape), self.dtype if dtype is None else dtype, tuple(strides), buf=self.buf,
                    live=self.live, origin=self.origin, bcast_from=self.bcast_from)

    def settled(self) -> _Arr:
        """The value as a name holds it after its statement."""
        return _Arr(self.shape, self.dtype, self.strides, live=self.live, origin=self.origin,
                    bcast_from=self.bcast_from)

    def same(self, other: object) -> bool:
        return (isinstance(other, _Arr) and self.shape == other.shape and self.dtype == other.dtype
                and self.strides == other.strides and self.live is other.live)


@dataclass(frozen=True)
class _Scal:
    """A scalar: ``kind`` is a Python type (weak, NEP 50) or a NumPy dtype (strong)."""

    kind: Any
    value: Any = None

    def dtype_arg(self) -> Any:
        if isinstance(self.kind, np.dtype):
            return self.kind
        if self.kind is bool:
            return np.dtype(bool)
        return self.kind

    def as_array_dtype(self) -> np.dtype:
        """The dtype ``np.asarray(value)`` would give (strong)."""
        if isinstance(self.kind, np.dtype):
            return self.kind
        return np.asarray(self.kind(0) if self.value is None else self.value).dtype


@dataclass(frozen=True)
class _Seq:
    items: tuple[Any, ...]
    is_list: bool = False


@dataclass(frozen=True)
class _Dict:
    """A dict display: only its values matter (arrays in it are handed on whole)."""

    values: tuple[Any, ...]


@dataclass(frozen=True)
class _Range:
    value: range | None


@dataclass(frozen=True)
class _DType:
    dtype: np.dtype


@dataclass(frozen=True)
class _Str:
    value: str


@dataclass(frozen=True)
class _Mod:
    name: str


@dataclass(frozen=True)
class _Func:
    name: str        # "numpy.sqrt", "builtins.len", "rng.random"


@dataclass(eq=False)
class _Method:
    obj: _Arr
    name: str


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, _Arr):
        return a.same(b)
    if isinstance(a, _Seq) and isinstance(b, _Seq):
        return len(a.items) == len(b.items) and all(_same(x, y) for x, y in zip(a.items, b.items))
    return a is b or (type(a) is type(b) and not isinstance(a, _Opaque) and a == b)


def _contiguous(shape, strides, itemsize, *, c: bool) -> bool:
    if 0 in shape:
        return True
    expected = itemsize
    pairs = zip(reversed(shape), reversed(strides)) if c else zip(shape, strides)
    for n, s in pairs:
        if n != 1:
            if s != expected:
                return False
            expected *= n
    return True


def _c_strides(shape, itemsize) -> tuple[int, ...]:
    out, acc = [], itemsize
    for n in reversed(shape):
        out.append(acc)
        acc *= max(n, 1)
    return tuple(reversed(out))


_ANY_NP_SCALAR = (np.generic,)
_PY_SCALARS = (bool, int, float, complex)


def _from_namespace(value: Any) -> Any:
    """Translate a live value into an analysis value, reading only what the contract allows."""
    if type(value) is np.ndarray:
        return _Arr(tuple(value.shape), value.dtype, tuple(value.strides), live=value, origin=value)
    if type(value) in _PY_SCALARS:
        return _Scal(type(value), value)
    if isinstance(value, _ANY_NP_SCALAR) and type(value).__module__ == "numpy":
        # The value matters on NumPy 1.x, which casts NumPy scalars by value too.
        return _Scal(value.dtype, value if value.dtype.kind in "biufc" else None)
    if value is None:
        return NONE
    if isinstance(value, tuple | list) and len(value) <= 64 and all(type(v) in _PY_SCALARS for v in value):
        return _Seq(tuple(_Scal(type(v), v) for v in value), isinstance(value, list))
    if value is np:
        return _Mod("numpy")
    if value is np.random:
        return _Mod("numpy.random")
    if isinstance(value, np.dtype):
        return _DType(value)
    if isinstance(value, type) and issubclass(value, np.generic):
        return _DType(np.dtype(value))
    if isinstance(value, np.random.Generator):
        return RNG
    if isinstance(value, np.ufunc):
        if getattr(np, value.__name__, None) is value:
            return _Func("numpy." + value.__name__)
        return UNKNOWN
    name = getattr(value, "__name__", None)
    if callable(value) and isinstance(name, str) and getattr(np, name, None) is value:
        return _Func("numpy." + name)
    return UNKNOWN


_BUILTIN_FUNCS = {"len", "range", "abs", "int", "float", "bool", "complex"}
_BUILTIN_TYPES = {"int": int, "float": float, "bool": bool, "complex": complex}


# --------------------------------------------------------------------------- parsing

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
    _index(tree.body, (), parsed.by_line)
    return parsed


def _index(body, parents, out) -> None:
    for node in body:
        if isinstance(node, _COMPOUND):
            for child in _child_blocks(node):
                _index(child, parents + (node,), out)
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


# --------------------------------------------------------------------------- per-statement bookkeeping

class _Stop(Exception):
    """Raised to abandon an expression whose value cannot be known."""


class _Ctx:
    """Allocations of one statement, with NumPy's order of allocation and release."""

    def __init__(self, analyzer: _Analyzer, lineno: int) -> None:
        self.an = analyzer
        self.lineno = lineno
        self.temps: list[dict] = []
        self.live = 0
        self.peak = 0
        self.freed: set[int] = set()
        self.kept: set[int] = set()
        self.partial = False   # something array-valued went through an unknown operation
        self.calls: list[CallSite] = []

    def alloc(self, node, shape, dtype, kind="chained-ops", detail="", **extra) -> _Arr:
        dtype = np.dtype(dtype)
        shape = tuple(int(n) for n in shape)
        nbytes = math.prod(shape) * dtype.itemsize
        idx = len(self.temps)
        self.temps.append(dict(lineno=self.lineno, expr=self.an.segment(node), nbytes=nbytes, shape=shape,
                               dtype=dtype.name, kind=kind, detail=detail, elided=False,
                               span=self.an.span(node)))
        self.live += nbytes
        self.peak = max(self.peak, self.live)
        return _Arr(shape, dtype, _c_strides(shape, dtype.itemsize), buf=idx, fresh=True, origin=object(), **extra)

    def note(self, node, nbytes, shape, dtype, kind, detail="", elided=False) -> int:
        """Record a temporary that is not a new allocation (elision, annotations)."""
        self.temps.append(dict(lineno=self.lineno, expr=self.an.segment(node), nbytes=int(nbytes),
                               shape=tuple(shape), dtype=np.dtype(dtype).name, kind=kind, detail=detail,
                               elided=elided, span=self.an.span(node)))
        return len(self.temps) - 1

    def internal(self, node, shape, dtype, detail) -> None:
        """A buffer a NumPy function allocates and frees inside itself: that call's own business."""
        arr = self.alloc(node, shape, dtype, "chained-ops", detail)
        self.temps[arr.buf]["consumer"] = self.an.segment(node)
        self.release(arr)

    def release(self, *values) -> None:
        for v in values:
            if isinstance(v, _Arr):
                if v.buf is not None and v.buf not in self.freed and v.buf not in self.kept:
                    self.freed.add(v.buf)
                    self.live -= self.temps[v.buf]["nbytes"]
            elif isinstance(v, _Seq):
                self.release(*v.items)
            elif isinstance(v, _Dict):
                self.release(*v.values)

    def keep(self, value) -> int | None:
        """Mark the buffer(s) of a value that outlives the statement; the index of the (last) one."""
        last = None
        if isinstance(value, _Arr) and value.buf is not None:
            self.kept.add(value.buf)
            t = self.temps[value.buf]
            if t["kind"] == "chained-ops":
                t["kind"] = "result"
            last = value.buf
        elif isinstance(value, (_Seq, _Dict)):
            for item in (value.items if isinstance(value, _Seq) else value.values):
                last = self.keep(item) if isinstance(item, (_Arr, _Seq, _Dict)) else last
        return last

    def discarded(self, value) -> None:
        """The statement's own value, thrown away: the result of the statement, not a step of a chain."""
        if isinstance(value, _Arr) and value.buf is not None and self.temps[value.buf]["kind"] == "chained-ops":
            self.temps[value.buf]["kind"] = "result"

    def handed_to_items(self, expr: str, values) -> None:
        for v in values:
            if isinstance(v, _Arr) and v.buf is not None and v.buf not in self.freed:
                t = self.temps[v.buf]
                if t["kind"] == "chained-ops" and t.get("consumer") is None:
                    t["consumer"] = expr

    def kind(self, idx: int, kind: str, detail: str, **fields) -> None:
        """Name the cause of a temporary; ``fields`` are Temporary's typed fields for the explainer."""
        t = self.temps[idx]
        t["kind"] = kind
        t["detail"] = detail
        t.update(fields)

    def handed_to(self, node, name: str, values, numpy: bool) -> None:
        """``values`` went into a call the analysis does not model (``node``, calling ``name``)."""
        expr = self.an.segment(node)
        short = name.removeprefix("numpy.")
        self.calls.append(CallSite(expr, self.an.segment(node.func), self.an.span(node), numpy,
                                   facts.HIDDEN_TEMPORARIES.get(short, "") if numpy else ""))
        for v in values:
            if isinstance(v, (_Seq, _Dict)):
                self.handed_to_items(expr, v.items if isinstance(v, _Seq) else v.values)
            if isinstance(v, _Arr) and v.buf is not None and v.buf not in self.freed:
                t = self.temps[v.buf]
                if t["kind"] == "chained-ops" and t.get("consumer") is None:
                    t["consumer"] = expr


# --------------------------------------------------------------------------- numpy knowledge

_BINOPS = {
    ast.Add: ("add", "+"), ast.Sub: ("subtract", "-"), ast.Mult: ("multiply", "*"),
    ast.Div: ("true_divide", "/"), ast.FloorDiv: ("floor_divide", "//"), ast.Mod: ("remainder", "%"),
    ast.Pow: ("power", "**"), ast.BitAnd: ("bitwise_and", "&"), ast.BitOr: ("bitwise_or", "|"),
    ast.BitXor: ("bitwise_xor", "^"), ast.LShift: ("left_shift", "<<"), ast.RShift: ("right_shift", ">>"),
}
_CMPOPS = {ast.Lt: "less", ast.LtE: "less_equal", ast.Gt: "greater", ast.GtE: "greater_equal",
           ast.Eq: "equal", ast.NotEq: "not_equal"}
# Binary operators whose array methods try temporary elision (numpy/_core/src/multiarray/number.c).
_ELIDE_LEFT = {ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.BitAnd, ast.BitOr, ast.BitXor,
               ast.LShift, ast.RShift}
_ELIDE_COMMUTATIVE = {ast.Add, ast.Mult, ast.BitAnd, ast.BitOr, ast.BitXor}
_UNARY = {ast.USub: "negative", ast.UAdd: "positive", ast.Invert: "invert"}

_REDUCTIONS = facts.REDUCTIONS
_REDUCE_DTYPE_POS = facts.REDUCE_DTYPE_POSITIONAL   # second positional argument is dtype
_CREATE_SHAPE = {"ones", "zeros", "empty", "full"}
_CREATE_LIKE = {"ones_like", "zeros_like", "empty_like", "full_like"}
_LEGACY_RANDOM_DIMS = {"rand": "float64", "randn": "float64"}
_LEGACY_RANDOM_SIZE = {"random": 0, "random_sample": 0, "sample": 0, "ranf": 0, "standard_normal": 0,
                       "uniform": 2, "normal": 2}
_GEN_RANDOM = {"random": 0, "standard_normal": 0, "uniform": 2, "normal": 2, "integers": 2,
               "exponential": 1, "standard_exponential": 0}
_JOINS = {"append", "concatenate", "vstack", "hstack", "stack", "row_stack", "column_stack"}


@functools.lru_cache(maxsize=512)
def _reduce_dtype(fn: str, dtype: np.dtype, dtype_kw: np.dtype | None) -> np.dtype:
    """What a reduction returns, asked of NumPy on a one-element dummy of our own."""
    dummy = np.ones(1, dtype)
    fn = {"amax": "max", "amin": "min"}.get(fn, fn)
    with np.errstate(all="ignore"):
        if fn.startswith("nan"):
            res = getattr(np, fn)(dummy, dtype=dtype_kw) if fn in ("nansum", "nanmean") else getattr(np, fn)(dummy)
        elif dtype_kw is not None and fn in _REDUCE_DTYPE_POS:
            res = getattr(dummy, fn)(dtype=dtype_kw)
        else:
            res = getattr(dummy, fn)()
    return np.asarray(res).dtype


@functools.lru_cache(maxsize=256)
def _var_internal_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype of the full-size ``arr - mean`` that ``std``/``var`` allocate inside."""
    if dtype.kind in "biu":
        return np.dtype(np.float64)
    if dtype == np.float16:
        return np.dtype(np.float32)
    return dtype


def _weak_scalars_supported() -> bool:
    try:
        return np.add.resolve_dtypes((np.dtype(np.uint8), int, None))[2] == np.uint8
    except Exception:
        return False


#: NumPy 2 (NEP 50) resolves Python scalars as "weak"; NumPy 1.x casts by value instead.
_WEAK = _weak_scalars_supported()


def _ufunc_out_dtype(uf: np.ufunc, operands: list[Any]) -> np.dtype:
    """The output dtype NumPy picks for this ufunc and these operands (raises _Stop when it would fail)."""
    if not all(isinstance(v, (_Arr, _Scal)) for v in operands):
        raise _Stop
    if _VALUE_BASED_CASTING:
        return _legacy_out_dtype(uf, operands)
    args = [v.dtype if isinstance(v, _Arr) else v.dtype_arg() for v in operands]
    try:
        return np.dtype(uf.resolve_dtypes(tuple(args) + (None,) * uf.nout)[uf.nin])
    except Exception:   # no loop for these dtypes: NumPy would raise
        raise _Stop from None


def _clip_ufunc() -> np.ufunc | None:
    for module in ("numpy._core.umath", "numpy.core.umath"):
        try:
            found = getattr(__import__(module, fromlist=["clip"]), "clip", None)
        except ImportError:
            continue
        if isinstance(found, np.ufunc):
            return found
    return None


#: What ``np.clip(a, lo, hi)`` runs; its output dtype promotes all three operands.
_CLIP_UFUNC = _clip_ufunc()

#: Up to this many combinations of possible scalar values are tried on NumPy 1.x.
_LEGACY_COMBINATIONS = 64


def _legacy_out_dtype(uf: np.ufunc, operands: list[Any]) -> np.dtype:
    """NumPy 1.x's choice, found by running the ufunc on one-element stand-ins.

    NumPy before 2.0 casts every scalar operand by its value (Python scalars, NumPy scalars such
    as ``b.sum()`` or ``np.int64(3)``, and 0-d arrays) when arrays of at least one dimension
    are in the same call: ``int16_array + b.sum()`` stays int16. Its rules (categories, small
    unsigned values that also fit the signed type) are NumPy's own business, so the stand-ins
    let NumPy decide: an array becomes one zero of its dtype, a scalar its value. A scalar
    whose value is not known is tried at the edges of every size its dtype spans; the dtype is
    predicted only when they all agree.
    """
    choices = [_legacy_stand_ins(v) for v in operands]
    if math.prod(len(c) for c in choices) > _LEGACY_COMBINATIONS:
        raise _Stop
    found = set()
    for combo in itertools.product(*choices):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                out = uf(*combo)
        except Exception:   # no loop for these operands: NumPy would raise
            raise _Stop from None
        found.add(np.asarray(out[0] if uf.nout > 1 else out).dtype)
    if len(found) != 1:
        raise _Stop   # the result depends on a value the analysis does not know
    return found.pop()


def _legacy_stand_ins(v: Any) -> list[Any]:
    """Objects that NumPy 1.x casts the way it would cast ``v`` (every case when unknown)."""
    if isinstance(v, _Arr):
        if v.shape:
            return [np.zeros(1, v.dtype)]
        return [np.array(x, v.dtype) for x in _edge_values(v.dtype)]
    if isinstance(v.kind, np.dtype):
        values = [v.value] if v.value is not None else _edge_values(v.kind)
        return [v.kind.type(x) for x in values]
    if v.value is not None:
        return [v.value]
    return [v.kind(x) for x in _edge_values(v.as_array_dtype())]


@functools.lru_cache(maxsize=64)
def _edge_values(dtype: np.dtype) -> tuple[Any, ...]:
    """Values of ``dtype`` whose smallest types span every type a value of it can need."""
    if dtype.kind == "b":
        return (False, True)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        edges = {0, info.max, info.min}
        for bits in (8, 16, 32):
            for edge in (2 ** (bits - 1) - 1, 2 ** (bits - 1), 2 ** bits - 1, 2 ** bits,
                         -(2 ** (bits - 1)), -(2 ** (bits - 1)) - 1):
                if info.min <= edge <= info.max:
                    edges.add(edge)
        return tuple(sorted(edges))
    if dtype.kind in "fc":
        top = float(np.finfo(dtype).max)
        return tuple(x for x in (0.0, 1e5, 1e39, top) if x <= top)
    return (0,)


def _shape_of(vals) -> tuple[int, ...]:
    return () if not isinstance(vals, _Arr) else vals.shape


def _broadcast(*values) -> tuple[int, ...]:
    try:
        return tuple(np.broadcast_shapes(*[_shape_of(v) for v in values]))
    except ValueError:
        raise _Stop from None


def _norm_axis(axis, ndim) -> int:
    if not -ndim <= axis < ndim:
        raise _Stop
    return axis % ndim


def _nocopy_reshape(shape, strides, newshape) -> tuple[int, ...] | None:
    """NumPy's ``_attempt_nocopy_reshape`` (C order): the view's strides, or None when a copy is needed."""
    olddims = [n for n in shape if n != 1]
    oldstrides = [s for n, s in zip(shape, strides) if n != 1]
    newstrides = [0] * len(newshape)
    oi, oj, ni, nj = 0, 1, 0, 1
    newnd, oldnd = len(newshape), len(olddims)
    while ni < newnd and oi < oldnd:
        np_, op = newshape[ni], olddims[oi]
        while np_ != op:
            if np_ < op:
                np_ *= newshape[nj]
                nj += 1
            else:
                op *= olddims[oj]
                oj += 1
        for ok in range(oi, oj - 1):
            if oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1]:
                return None
        newstrides[nj - 1] = oldstrides[oj - 1]
        for nk in range(nj - 1, ni, -1):
            newstrides[nk - 1] = newstrides[nk] * newshape[nk]
        ni, nj = nj, nj + 1
        oi, oj = oj, oj + 1
    last = newstrides[ni - 1] if ni >= 1 else 0
    for nk in range(ni, newnd):
        newstrides[nk] = last
    return tuple(newstrides)


def _fmt_dtype(v) -> str:
    if isinstance(v, _Arr):
        return v.dtype.name
    if isinstance(v, _Scal):
        return v.kind.name if isinstance(v.kind, np.dtype) else v.kind.__name__
    return "?"


# --------------------------------------------------------------------------- the analysis

@dataclass(frozen=True)
class _Frame:
    in_loop: bool = False
    loop_count: int | None = None
    in_function: str | None = None
    silent: bool = False
    depth: int = 0


class _Analyzer:
    def __init__(self, parsed: _Parsed, namespace: Mapping[str, Any], first_lineno: int) -> None:
        self.parsed = parsed
        self.namespace = namespace
        self.offset = first_lineno - 1
        self.env: dict[str, Any] = {}
        self.statements: list[Statement] = []
        self.deadline = time.monotonic() + _TIME_BUDGET_S
        self.timed_out = False
        self.errors: list[str] = []
        self.grown: dict[int, dict[str, _Arr]] = {}   # loop -> names whose final size a growing loop fixes
        self._ns_arrays: list[tuple[str, np.ndarray]] | None = None
        self.last_top: ast.stmt | None = parsed.tree.body[-1] if parsed.tree and parsed.tree.body else None

    # ---- names

    def segment(self, node) -> str:
        return _segment(self.parsed.lines, node)

    def span(self, node) -> tuple[int, int, int, int] | None:
        if not hasattr(node, "lineno"):
            return None
        return (node.lineno + self.offset, node.col_offset, (node.end_lineno or node.lineno) + self.offset,
                node.end_col_offset if node.end_col_offset is not None else node.col_offset)

    def lookup(self, name: str) -> Any:
        if name in self.env:
            return self.env[name]
        try:
            if name in self.namespace:
                return _from_namespace(self.namespace[name])
        except Exception:
            return UNKNOWN
        if name in _BUILTIN_FUNCS:
            return _Func("builtins." + name)
        return UNKNOWN

    def namespace_arrays(self) -> list[tuple[str, np.ndarray]]:
        if self._ns_arrays is None:
            found = []
            try:
                for k, v in list(self.namespace.items()):
                    if type(v) is np.ndarray and v.nbytes >= _ALIAS_BYTES:
                        found.append((k, v))
                        if len(found) >= _ALIAS_LIMIT:
                            break
            except Exception:
                pass
            self._ns_arrays = found
        return self._ns_arrays

    # ---- blocks

    def run_block(self, body, frame: _Frame) -> None:
        for node in body:
            if time.monotonic() > self.deadline:
                self.timed_out = True
                return
            if isinstance(node, _COMPOUND):
                self.compound(node, frame)
            else:
                self.simple(node, frame)

    def bind_unknown(self, target) -> None:
        for n in ast.walk(target):
            if isinstance(n, ast.Name):
                self.env[n.id] = UNKNOWN

    def merge(self, *envs) -> None:
        names = set().union(*envs)
        merged = {}
        for name in names:
            vals = [e.get(name, UNKNOWN) for e in envs]
            merged[name] = vals[0] if all(_same(vals[0], v) for v in vals[1:]) else UNKNOWN
        self.env = merged

    def compound(self, node, frame: _Frame) -> None:
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            self.loop(node, frame)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            saved = dict(self.env)
            args = node.args
            for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
                if a is not None:
                    self.env[a.arg] = UNKNOWN
            self.run_block(node.body, replace(frame, in_loop=False, loop_count=None, in_function=node.name))
            self.env = saved
            self.env[node.name] = UNKNOWN
        elif isinstance(node, ast.ClassDef):
            saved = dict(self.env)
            self.run_block(node.body, frame)
            self.env = saved
            self.env[node.name] = UNKNOWN
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self.bind_unknown(item.optional_vars)
            self.run_block(node.body, frame)
        elif isinstance(node, ast.If):
            before = dict(self.env)
            self.run_block(node.body, frame)
            after_body = self.env
            self.env = dict(before)
            self.run_block(node.orelse, frame)
            self.merge(after_body, self.env)
        elif isinstance(node, ast.Match):
            before = dict(self.env)
            outs = [before]
            for case in node.cases:
                self.env = dict(before)
                for n in ast.walk(case.pattern):
                    for attr in ("name", "rest"):
                        if isinstance(getattr(n, attr, None), str):
                            self.env[getattr(n, attr)] = UNKNOWN
                self.run_block(case.body, frame)
                outs.append(self.env)
            self.merge(*outs)
        else:   # try / try*
            before = dict(self.env)
            self.run_block(node.body, frame)
            self.run_block(node.orelse, frame)
            outs = [self.env]
            for h in node.handlers:
                self.env = dict(before)
                if h.name:
                    self.env[h.name] = UNKNOWN
                self.run_block(h.body, frame)
                outs.append(self.env)
            self.merge(*outs)
            self.run_block(node.finalbody, frame)

    def loop_header(self, node) -> tuple[int | None, Any]:
        """Iterations of a ``for`` loop when known, and the value its target takes."""
        if not isinstance(node, (ast.For, ast.AsyncFor)):
            return None, UNKNOWN
        ctx = _Ctx(self, node.lineno)
        try:
            it = self.eval(node.iter, ctx)
        except (_Stop, ArithmeticError, ValueError, TypeError, OverflowError):
            return None, UNKNOWN
        if isinstance(it, _Range):
            return (len(it.value) if it.value is not None else None), _Scal(int)
        if isinstance(it, _Arr) and it.shape:
            row = it.view(it.shape[1:], it.strides[1:])
            return it.shape[0], row.settled() if row.shape else _Scal(it.dtype)
        if isinstance(it, _Seq):
            return len(it.items), UNKNOWN
        return None, UNKNOWN

    def loop(self, node, frame: _Frame) -> None:
        count, item = self.loop_header(node)
        before = dict(self.env)
        if isinstance(node, (ast.For, ast.AsyncFor)):
            if isinstance(node.target, ast.Name):
                self.env[node.target.id] = item
            else:
                self.bind_unknown(node.target)
        inner = replace(frame, in_loop=True, loop_count=count, depth=frame.depth + 1)
        self.run_block(node.body, inner)
        first = dict(self.env)
        if frame.depth < 2 and not frame.silent:
            # a second, silent pass from the state after one iteration: what still changes is unknown
            self.run_block(node.body, replace(inner, silent=True))
            second = self.env
            self.env = {k: (v if _same(v, second.get(k, UNKNOWN)) else UNKNOWN) for k, v in first.items()}
            for k in second:
                self.env.setdefault(k, UNKNOWN)
        else:
            self.env = {k: (v if _same(v, before.get(k, v)) else UNKNOWN) for k, v in first.items()}
        for k, v in self.grown.pop(id(node), {}).items():
            self.env[k] = v
        if not (count and count > 0):
            self.merge(before, self.env)
        self.run_block(node.orelse, frame)

    # ---- simple statements

    def simple(self, node: ast.stmt, frame: _Frame) -> None:
        ctx = _Ctx(self, node.lineno + self.offset)
        targets: list[str] = []
        in_place = False
        result = None
        result_index = None
        try:
            in_place, result, result_index = self.execute(node, ctx, frame, targets)
        except (_Stop, ArithmeticError, ValueError, TypeError, OverflowError, IndexError, KeyError):
            ctx.partial = True
            self.assign_unknown(node, targets)
        except RecursionError:
            raise
        except Exception as exc:   # a gap in the analysis: lose this statement, keep the others
            ctx.partial = True
            self.assign_unknown(node, targets)
            self.errors.append(f"line {node.lineno + self.offset}: {type(exc).__name__}: {exc}")
        if frame.silent or node.lineno in self.parsed.magic_lines:
            return
        text = self.segment(node)
        line = self.parsed.lines[node.lineno - 1] if node.lineno - 1 < len(self.parsed.lines) else ""
        reads = self.parsed.reads(node)
        temps = tuple(Temporary(**t) for t in ctx.temps)
        self.statements.append(Statement(
            lineno=node.lineno + self.offset, end_lineno=(node.end_lineno or node.lineno) + self.offset,
            text=text, indent=line[: len(line) - len(line.lstrip())], targets=tuple(dict.fromkeys(targets)),
            reads=tuple(reads), in_loop=frame.in_loop, loop_count=frame.loop_count,
            in_function=frame.in_function, in_place=in_place, temporaries=temps, result=result,
            peak=None if ctx.partial else ctx.peak, result_index=result_index,
            calls=tuple(sorted(ctx.calls, key=lambda c: (c.span[0], c.span[1], -c.span[2], -c.span[3])))))

    def assign_unknown(self, node, targets: list[str]) -> None:
        tnodes = []
        if isinstance(node, ast.Assign):
            tnodes = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            tnodes = [node.target]
        for t in tnodes:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    self.env[n.id] = UNKNOWN
                    targets.append(n.id)
        for n in ast.walk(node):
            if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name):
                self.env[n.target.id] = UNKNOWN

    def execute(self, node, ctx: _Ctx, frame: _Frame, targets: list[str]):
        """Evaluate one simple statement; returns (in_place, result ArrayInfo, result index)."""
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                targets.append(name)
                value = UNKNOWN
                if isinstance(node, ast.Import):
                    full = alias.name if alias.asname else alias.name.split(".")[0]
                    if full in ("numpy", "numpy.random"):
                        value = _Mod(full)
                elif node.module == "numpy" and alias.name != "*":
                    value = _from_namespace(getattr(np, alias.name, None)) if hasattr(np, alias.name) else UNKNOWN
                    if value is NONE:
                        value = UNKNOWN
                self.env[name] = value
            return False, None, None
        if isinstance(node, (ast.Global, ast.Nonlocal, ast.Pass, ast.Break, ast.Continue)):
            return False, None, None
        if isinstance(node, ast.Delete):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    self.env[t.id] = UNKNOWN
            return False, None, None
        if isinstance(node, ast.Expr):
            value = self.eval(node.value, ctx)
            in_place = self.in_place_call(node.value, value)
            if node is self.last_top and frame.depth == 0 and frame.in_function is None:
                idx = ctx.keep(value)   # shown, and kept in Out
                return in_place, value.info() if isinstance(value, _Arr) else None, idx
            ctx.discarded(value)
            return in_place, None, None
        if isinstance(node, ast.Return):
            value = self.eval(node.value, ctx) if node.value is not None else NONE
            idx = ctx.keep(value)
            return False, value.info() if isinstance(value, _Arr) else None, idx
        if isinstance(node, ast.AugAssign):
            return self.aug_assign(node, ctx, targets)
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            return self.assign(node, ctx, frame, targets)
        # raise, assert, type aliases...: evaluate what can be, bind nothing
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.eval(child, ctx)
        return False, None, None

    def in_place_call(self, call, value) -> bool:
        if not isinstance(call, ast.Call):
            return False
        if any(k.arg == "out" for k in call.keywords):
            return True
        if self.func_name(call.func) in ("numpy.copyto", "numpy.put", "numpy.place", "numpy.putmask"):
            return isinstance(self.peek(call.args[0]) if call.args else UNKNOWN, _Arr)
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in ("sort", "fill", "partition", "put", "clip"):
            return isinstance(self.peek(func.value), _Arr) and (func.attr != "clip" or value is NONE)
        return False

    def peek(self, node) -> Any:
        """The value of a plain name or attribute chain, without recording anything."""
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        return UNKNOWN

    def aug_assign(self, node: ast.AugAssign, ctx: _Ctx, targets: list[str]):
        tnode = node.target
        base = tnode
        while isinstance(base, (ast.Subscript, ast.Attribute)):
            base = base.value
        if isinstance(base, ast.Name):
            targets.append(base.id)
        if isinstance(tnode, ast.Name):
            current = self.lookup(tnode.id)
        elif isinstance(tnode, ast.Subscript):
            current = self.eval(tnode, ctx)
        else:
            current = UNKNOWN
        value = self.eval(node.value, ctx)
        if isinstance(current, _Arr):
            uf = getattr(np, _BINOPS[type(node.op)][0])
            out_dtype = _ufunc_out_dtype(uf, [current, value])
            if not np.can_cast(out_dtype, current.dtype, "same_kind"):
                raise _Stop
            _broadcast(current, value)
            ctx.release(value, current)
            return True, current.info() if isinstance(tnode, ast.Name) else None, None
        if isinstance(tnode, ast.Name):
            if isinstance(current, _Scal) and isinstance(value, _Scal):
                self.env[tnode.id] = self.scalar_binop(node.op, current, value)
            else:
                self.env[tnode.id] = UNKNOWN
        ctx.release(value)
        return False, None, None

    def assign(self, node, ctx: _Ctx, frame: _Frame, targets: list[str]):
        if node.value is None:   # bare annotation
            return False, None, None
        tnodes = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in tnodes if isinstance(t, ast.Name)]
        olds = {n: self.lookup(n) for n in names}
        value = self.eval(node.value, ctx)
        result_index = ctx.keep(value)
        in_place = False
        for t in tnodes:
            self.bind(t, value, ctx, targets)
            if isinstance(t, ast.Subscript):
                in_place = in_place or isinstance(self.peek(t.value), _Arr)
        result = value.info() if isinstance(value, _Arr) and len(tnodes) == 1 and isinstance(tnodes[0], ast.Name) else None
        if len(names) == 1 and len(tnodes) == 1 and isinstance(value, _Arr) and value.buf is not None:
            name = names[0]
            old = olds[name]
            reads_self = name in self.parsed.reads(node.value)
            if reads_self and isinstance(old, _Arr):
                grew = frame.in_loop and self.growing(node, ctx, frame, name, old, value)
                if not grew and old.nbytes >= _ALIAS_BYTES:
                    self.out_of_place(node, ctx, name, old, value)
            elif isinstance(old, _Arr) and old.live is not None and old.nbytes >= _ALIAS_BYTES \
                    and frame.in_function is None:
                # `b = a * 2` while b holds an array: the old one is freed only once the new one is bound
                self.out_of_place(node, ctx, name, old, value, rebinds=True)
        return in_place, result, result_index

    def bind(self, target, value, ctx: _Ctx, targets: list[str]) -> None:
        if isinstance(target, ast.Name):
            targets.append(target.id)
            self.env[target.id] = value.settled() if isinstance(value, _Arr) else value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = value.items if isinstance(value, _Seq) else None
            if isinstance(value, _Arr) and value.shape and value.shape[0] == len(target.elts):
                row = (value.view(value.shape[1:], value.strides[1:]).settled() if len(value.shape) > 1
                       else _Scal(value.dtype))
                items = [row] * len(target.elts)
            if items is None or len(items) != len(target.elts) or any(isinstance(e, ast.Starred) for e in target.elts):
                for e in target.elts:
                    self.bind(e, UNKNOWN, ctx, targets)
            else:
                for e, v in zip(target.elts, items):
                    self.bind(e, v, ctx, targets)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, UNKNOWN, ctx, targets)
        elif isinstance(target, ast.Subscript):
            base = target.value
            while isinstance(base, (ast.Subscript, ast.Attribute)):
                base = base.value
            if isinstance(base, ast.Name):
                targets.append(base.id)
            self.eval_index_for_store(target, ctx)
        elif isinstance(target, ast.Attribute):
            self.eval(target.value, ctx)

    def eval_index_for_store(self, target: ast.Subscript, ctx: _Ctx) -> None:
        """``b[idx] = v`` computes ``idx`` (a mask, say) but does not copy ``b[idx]``."""
        base = self.eval(target.value, ctx)
        idx = self.eval(target.slice, ctx)
        ctx.release(idx, base)

    def growing(self, node, ctx: _Ctx, frame: _Frame, name, old: _Arr, new: _Arr) -> bool:
        call = node.value
        if not isinstance(call, ast.Call):
            return False
        fn = self.func_name(call.func)
        if fn is None or fn.split(".")[-1] not in _JOINS or not fn.startswith("numpy."):
            return False
        count = frame.loop_count
        short = fn.replace("numpy.", "np.")
        grow = new.size - old.size          # elements added per pass
        if count is not None and grow > 0:
            item = new.dtype.itemsize
            final_size = old.size + count * grow
            axis = [i for i, (a, b) in enumerate(zip(old.shape, new.shape)) if a != b]
            if len(new.shape) == 1:
                final_shape = (final_size,)
            elif len(old.shape) == len(new.shape) and len(axis) == 1:
                ax = axis[0]
                final_shape = new.shape[:ax] + (old.shape[ax] + count * (new.shape[ax] - old.shape[ax]),) \
                    + new.shape[ax + 1:]
            else:
                final_shape = new.shape
            final = final_size * item
            total = (count * old.size + grow * count * (count + 1) // 2) * item
            detail = (f"{short} inside a loop of {count} iterations copies {name} again on every pass: "
                      f"{format_bytes(total)} copied in all, for a final {format_bytes(final)}")
            idx = ctx.note(node.value, final, final_shape, new.dtype, "growing-array", detail)
            ctx.temps[idx]["loop_count"] = count
            loops = self.loop_parents(node)
            if loops and math.prod(final_shape) == final_size and not frame.silent:
                self.grown.setdefault(id(loops[-1]), {})[name] = _Arr(
                    tuple(final_shape), new.dtype, _c_strides(final_shape, item), origin=object())
        else:
            per = "the loop count is unknown" if count is None else f"{count} iterations"
            detail = (f"{short} inside a loop ({per}) copies {name} again on every pass "
                      f"({format_bytes(new.nbytes)} now, more each time)")
            ctx.note(node.value, new.nbytes, new.shape, new.dtype, "growing-array", detail)
        return True

    def loop_parents(self, node) -> list:
        for stmt, parents in self.parsed.by_line.get(node.lineno, []):
            if stmt is node:
                return [p for p in parents if isinstance(p, (ast.For, ast.AsyncFor, ast.While))]
        return []

    def out_of_place(self, node, ctx: _Ctx, name: str, old: _Arr, new: _Arr, rebinds: bool = False) -> None:
        problems = []
        if rebinds:   # `del name` first frees the old array whatever the new one is
            pass
        elif new.shape != old.shape:
            problems.append(f"the shape changes {old.shape} -> {new.shape}")
        if new.dtype != old.dtype and not rebinds:
            problems.append(f"the dtype changes {old.dtype.name} -> {new.dtype.name}")
        aliases = self.aliases(name, old)
        if aliases:
            problems.append(f"{', '.join(aliases)} share{'s' if len(aliases) == 1 else ''} its memory and would change too")
        if problems:
            detail = f"in-place form is not safe: {'; '.join(problems)}"
        else:
            detail = (f"in-place form is safe: same shape and dtype, and no other name shares {name}'s memory; "
                      f"old and new {name} are alive together here")
        idx = ctx.note(node, old.nbytes, old.shape, old.dtype, "out-of-place-update", detail)
        ctx.temps[idx].update(in_place_safe=not problems, unsafe_because=tuple(problems),
                              rebinds=name if rebinds else None)

    def aliases(self, name: str, old: _Arr) -> list[str]:
        found = []
        seen = set()
        for other, val in self.env.items():
            seen.add(other)
            if other == name or not isinstance(val, _Arr):
                continue
            if val.origin is old.origin or self.shares(val.live, old.live):
                found.append(other)
        for other, arr in self.namespace_arrays():
            if other == name or other in seen:
                continue
            if old.live is not None and self.shares(arr, old.live):
                found.append(other)
        return found

    @staticmethod
    def shares(a, b) -> bool:
        if a is None or b is None:
            return False
        if a is b:
            return True
        try:
            if not np.may_share_memory(a, b):
                return False
            return bool(np.shares_memory(a, b, max_work=10_000))
        except Exception:   # TooHardError: assume the worst
            return True

    # ---- expressions

    def eval(self, node, ctx: _Ctx) -> Any:
        meth = getattr(self, "e_" + type(node).__name__, None)
        if meth is None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    ctx.release(self.eval(child, ctx))
            return UNKNOWN
        return meth(node, ctx)

    def opaque(self, ctx: _Ctx, *values) -> Any:
        """An operation the analysis cannot model consumed these values."""
        if any(isinstance(v, (_Arr, _Seq, _Dict)) for v in values):
            ctx.partial = True
        ctx.release(*values)
        return UNKNOWN

    def e_Constant(self, node, ctx):
        v = node.value
        if type(v) in _PY_SCALARS:
            return _Scal(type(v), v)
        if v is None:
            return NONE
        if v is Ellipsis:
            return ELLIPSIS
        if isinstance(v, str):
            return _Str(v)
        return UNKNOWN

    def e_Name(self, node, ctx):
        return self.lookup(node.id)

    def e_NamedExpr(self, node, ctx):
        value = self.eval(node.value, ctx)
        ctx.keep(value)
        if isinstance(value, _Arr):
            value.fresh = False
        self.env[node.target.id] = value.settled() if isinstance(value, _Arr) else value
        return value

    def e_Dict(self, node, ctx):
        for k in node.keys:
            if k is not None:
                ctx.release(self.eval(k, ctx))
        return _Dict(tuple(self.eval(v, ctx) for v in node.values))

    def e_Tuple(self, node, ctx):
        return self.seq(node, ctx, False)

    def e_List(self, node, ctx):
        return self.seq(node, ctx, True)

    def seq(self, node, ctx, is_list):
        items = []
        for e in node.elts:
            if isinstance(e, ast.Starred):
                ctx.release(self.eval(e.value, ctx), *items)
                return UNKNOWN
            items.append(self.eval(e, ctx))
        return _Seq(tuple(items), is_list)

    def e_Attribute(self, node, ctx):
        base = self.eval(node.value, ctx)
        attr = node.attr
        if isinstance(base, _Mod):
            full = f"{base.name}.{attr}"
            if full in ("numpy.random", "numpy.linalg"):
                return _Mod(full)
            if full == "numpy.newaxis":
                return NONE
            if base.name == "numpy" and attr in ("pi", "e", "inf", "nan", "euler_gamma"):
                return _Scal(float, getattr(np, attr))
            live = getattr(np, attr, None) if base.name == "numpy" else getattr(np.random, attr, None)
            if isinstance(live, type) and issubclass(live, np.generic):
                return _DType(np.dtype(live))
            if live is not None and callable(live):
                return _Func(full)
            return UNKNOWN
        if isinstance(base, _Arr):
            return self.array_attr(node, base, attr, ctx)
        if base is RNG:
            return _Func("rng." + attr)
        if isinstance(base, _DType) and attr in ("itemsize", "name", "type"):
            if attr == "itemsize":
                return _Scal(int, base.dtype.itemsize)
            return _DType(base.dtype) if attr == "type" else _Str(base.dtype.name)
        return self.opaque(ctx, base)

    def array_attr(self, node, a: _Arr, attr, ctx):
        if attr == "T":
            return a.view(a.shape[::-1], a.strides[::-1])
        if attr == "mT" and len(a.shape) > 1:
            perm = list(range(len(a.shape)))
            perm[-2:] = perm[-1], perm[-2]
            return a.view(tuple(a.shape[i] for i in perm), tuple(a.strides[i] for i in perm))
        if attr == "shape":
            return _Seq(tuple(_Scal(int, n) for n in a.shape))
        if attr in ("size", "ndim", "nbytes", "itemsize"):
            val = {"size": a.size, "ndim": len(a.shape), "nbytes": a.nbytes, "itemsize": a.dtype.itemsize}[attr]
            ctx.release(a)
            return _Scal(int, val)
        if attr == "dtype":
            ctx.release(a)
            return _DType(a.dtype)
        if attr == "real":
            if a.dtype.kind != "c":
                return a
            return a.view(a.shape, a.strides, np.dtype(f"f{a.dtype.itemsize // 2}"))
        if attr == "strides":
            return _Seq(tuple(_Scal(int, s) for s in a.strides))
        if attr in _ARRAY_METHODS:
            return _Method(a, attr)
        return self.opaque(ctx, a)

    def scalar_binop(self, op, left: _Scal, right: _Scal) -> _Scal:
        if isinstance(left.kind, type) and isinstance(right.kind, type) and left.kind in _PY_SCALARS \
                and right.kind in _PY_SCALARS:
            if left.value is not None and right.value is not None and type(op) in _PY_OPS:
                a, b = left.value, right.value
                if isinstance(op, ast.Pow) and isinstance(b, int) and abs(b) > 64:
                    return _Scal(type(a ** 1 if not isinstance(b, bool) else a), None)
                if isinstance(op, (ast.LShift,)) and isinstance(b, int) and b > 256:
                    return _Scal(int, None)
                if isinstance(a, int) and isinstance(b, int) and isinstance(op, ast.Mult) and max(abs(a), abs(b)) > 1 << 64:
                    return _Scal(int, None)
                v = _PY_OPS[type(op)](a, b)
                return _Scal(type(v), v) if type(v) in _PY_SCALARS else _Scal(float, None)
            rank = [bool, int, float, complex]
            k = max(rank.index(left.kind), rank.index(right.kind), 1)
            if k >= 2 and type(op) in (ast.BitAnd, ast.BitOr, ast.BitXor, ast.LShift, ast.RShift, ast.MatMult):
                raise _Stop   # TypeError for Python floats
            if isinstance(op, ast.Div):
                k = max(k, 2)
            return _Scal(rank[k], None)
        uf = getattr(np, _BINOPS[type(op)][0])
        return _Scal(_ufunc_out_dtype(uf, [left, right]))

    def e_BinOp(self, node, ctx):
        left = self.eval(node.left, ctx)
        right = self.eval(node.right, ctx)
        op = type(node.op)
        if isinstance(left, _Scal) and isinstance(right, _Scal):
            return self.scalar_binop(node.op, left, right)
        if op is ast.MatMult:
            return self.matmul(node, left, right, ctx, "@")
        if not (isinstance(left, (_Arr, _Scal)) and isinstance(right, (_Arr, _Scal))):
            if isinstance(left, _Seq) and isinstance(right, _Seq) and op is ast.Add:
                return _Seq(left.items + right.items, left.is_list)
            if isinstance(left, _Seq) and isinstance(right, _Scal) and op is ast.Mult and isinstance(right.value, int) \
                    and 0 <= right.value * len(left.items) <= 64:
                return _Seq(left.items * right.value, left.is_list)
            return self.opaque(ctx, left, right)
        ufname, sym = _BINOPS[op]
        uf = getattr(np, ufname)
        shape = _broadcast(left, right)
        fast = op is ast.Pow and isinstance(right, _Scal) and isinstance(left, _Arr) and _fast_power(left, right)
        if fast:   # x**2, x**0.5, x**-1 run as square / sqrt / reciprocal (bool**2 is int8)
            dtype = _ufunc_out_dtype(getattr(np, fast), [left])
        else:
            dtype = _ufunc_out_dtype(uf, [left, right])
        # temporary elision: NumPy reuses a refcount-1 operand's buffer for the result
        candidates = []
        if op in _ELIDE_LEFT and not (op is ast.Div and isinstance(left, _Arr) and left.dtype.kind not in "fc"):
            candidates.append((left, right))
        if op in _ELIDE_COMMUTATIVE:
            candidates.append((right, left))
        if fast:
            candidates.append((left, _Scal(bool)))   # x**2, x**0.5, x**-1 run as square/sqrt/reciprocal
        for tmp, other in candidates:
            if self.elidable(tmp, other, shape, dtype):
                ctx.note(node, tmp.nbytes, shape, dtype, "chained-ops",
                         f"NumPy reuses the temporary's buffer in place ({sym})", elided=True)
                ctx.release(other)
                return _Arr(tmp.shape, tmp.dtype, tmp.strides, buf=tmp.buf, fresh=True, origin=tmp.origin)
        return self.ufunc_result(node, [left, right], shape, dtype, ctx, sym)

    @staticmethod
    def elidable(tmp, other, shape, dtype) -> bool:
        """NumPy's ``can_elide_temp``: the other operand must cast safely to the temporary's dtype.

        A Python scalar counts as its default array (int64, float64, complex128): NumPy 2 does not
        elide ``float32_temporary * 2.0`` (measured), though the result stays float32. NumPy 1.x
        casts a scalar or 0-d operand (Python or NumPy) by its value, so there the same step is
        elided (measured on 1.26).
        """
        if not (isinstance(tmp, _Arr) and tmp.fresh and tmp.nbytes >= ELIDE_BYTES and tmp.dtype == dtype
                and tmp.shape == shape):
            return False
        scalar = isinstance(other, _Scal) or not other.shape
        if scalar and _VALUE_BASED_CASTING:
            # NumPy 1.x checks a scalar or 0-d operand by its value (every case when unknown)
            return all(np.can_cast(x, tmp.dtype, "safe") for x in _legacy_stand_ins(other))
        if isinstance(other, _Scal):
            return bool(np.can_cast(other.as_array_dtype(), tmp.dtype, "safe"))
        return (scalar or other.shape == tmp.shape) and bool(np.can_cast(other.dtype, tmp.dtype, "safe"))

    def ufunc_result(self, node, inputs, shape, dtype, ctx, sym="") -> _Arr:
        arrays = [v for v in inputs if isinstance(v, _Arr)]
        if not shape:   # ufuncs on 0-d operands return NumPy scalars
            ctx.release(*arrays)
            return _Scal(np.dtype(dtype))
        result = ctx.alloc(node, shape, dtype)
        result.strides = _k_strides(result.shape, result.dtype.itemsize, arrays)
        kind, detail, fields = self.cause(inputs, result, sym)
        if kind:
            ctx.kind(result.buf, kind, detail, **fields)
        ctx.release(*arrays)
        return result

    @staticmethod
    def cause(inputs, result: _Arr, sym="") -> tuple[str | None, str, dict]:
        arrays = [v for v in inputs if isinstance(v, _Arr)]
        if not arrays:
            return None, ""
        biggest = max(arrays, key=lambda a: a.nbytes)
        if result.size > max(a.size for a in arrays) and result.nbytes >= 2 * biggest.nbytes:
            shapes = " and ".join(str(a.shape) for a in arrays)
            return "broadcast-expansion", (f"broadcasting {shapes} materialises {result.shape}: "
                                           f"{result.nbytes / max(biggest.nbytes, 1):.0f}x the largest input"), {}
        widths = [a.dtype.itemsize for a in arrays if a.dtype.kind != "b"]
        if widths and result.dtype.itemsize > min(widths) and result.dtype.kind != "b":
            names = f" {sym} ".join(_fmt_dtype(v) for v in inputs) if sym else ", ".join(_fmt_dtype(v) for v in inputs)
            return "dtype-upcast", f"{names} -> {result.dtype.name}", {"inputs": tuple(_fmt_dtype(v) for v in inputs)}
        return None, "", {}

    def matmul(self, node, left, right, ctx, fn="matmul"):
        left, right = self.listed_array(left), self.listed_array(right)
        if not (isinstance(left, _Arr) and isinstance(right, _Arr)) or not left.shape or not right.shape:
            return self.opaque(ctx, left, right)
        a, b = left.shape, right.shape
        a2 = a if len(a) > 1 else (1,) + a
        b2 = b if len(b) > 1 else b + (1,)
        if a2[-1] != b2[-2]:
            raise _Stop
        batch = tuple(np.broadcast_shapes(a2[:-2], b2[:-2]))
        shape = batch + (a2[-2], b2[-1])
        if len(a) == 1:
            shape = shape[:-2] + shape[-1:]
        if len(b) == 1:
            shape = shape[:-1]
        dtype = _ufunc_out_dtype(np.matmul, [left, right])
        # NumPy casts an operand of another dtype to the computation's dtype first: a full copy
        # (measured: float32 @ float64 allocates a float64 copy of the float32 operand).
        casts = []
        for operand in (left, right):
            if operand.dtype != dtype and dtype.kind in "biufc" and operand.size:
                cast = ctx.alloc(node, operand.shape, dtype, "dtype-upcast",
                                 f"{fn} casts its {operand.dtype.name} operand to {dtype.name}")
                ctx.temps[cast.buf].update(cast_from=operand.dtype.name,
                                           inputs=(left.dtype.name, right.dtype.name))
                casts.append(cast)
        if not shape:
            ctx.release(left, right, *casts)
            return _Scal(dtype)
        result = ctx.alloc(node, shape, dtype)
        ctx.release(left, right, *casts)
        return result

    @staticmethod
    def listed_array(v):
        """A list or tuple of known scalars, as the small array NumPy makes of it."""
        if not isinstance(v, _Seq) or not v.items or not all(isinstance(x, _Scal) and x.value is not None
                                                             for x in v.items):
            return v
        try:
            probe = np.asarray([x.value for x in v.items])
        except Exception:
            return v
        if probe.dtype.kind not in "biufc":
            return v
        return _Arr(probe.shape, probe.dtype, probe.strides, origin=object())

    def e_UnaryOp(self, node, ctx):
        v = self.eval(node.operand, ctx)
        if isinstance(node.op, ast.Not):
            if isinstance(v, _Arr) and v.size != 1:
                raise _Stop   # truth value of an array is ambiguous
            ctx.release(v)
            return _Scal(bool)
        if isinstance(v, _Scal):
            if v.kind in _PY_SCALARS and v.value is not None:
                try:
                    r = {ast.USub: lambda x: -x, ast.UAdd: lambda x: +x, ast.Invert: lambda x: ~x}[type(node.op)](v.value)
                    return _Scal(type(r), r)
                except TypeError:
                    raise _Stop from None
            return _Scal(_ufunc_out_dtype(getattr(np, _UNARY[type(node.op)]), [v]) if isinstance(v.kind, np.dtype)
                         else v.kind)
        if isinstance(v, _Arr):
            return self.unary_array(node, _UNARY[type(node.op)], v, ctx, elide=True)
        return self.opaque(ctx, v)

    def unary_array(self, node, ufname, v: _Arr, ctx, elide=False):
        uf = getattr(np, ufname)
        dtype = _ufunc_out_dtype(uf, [v])
        if elide and self.elidable(v, _Scal(int), v.shape, dtype) and ufname != "positive":
            ctx.note(node, v.nbytes, v.shape, dtype, "chained-ops", "NumPy reuses the temporary's buffer in place",
                     elided=True)
            return v
        return self.ufunc_result(node, [v], v.shape, dtype, ctx)

    def e_Compare(self, node, ctx):
        left = self.eval(node.left, ctx)
        if len(node.ops) != 1:
            rest = [self.eval(c, ctx) for c in node.comparators]
            if isinstance(left, _Arr) or any(isinstance(r, _Arr) for r in rest):
                raise _Stop
            return self.opaque(ctx, left, *rest)
        right = self.eval(node.comparators[0], ctx)
        op = type(node.ops[0])
        if op not in _CMPOPS or not (isinstance(left, _Arr) or isinstance(right, _Arr)):
            if op in (ast.Is, ast.IsNot, ast.In, ast.NotIn) or isinstance(left, _Scal) and isinstance(right, _Scal):
                ctx.release(left, right)
                return _Scal(bool)
            return self.opaque(ctx, left, right)
        if not (isinstance(left, (_Arr, _Scal)) and isinstance(right, (_Arr, _Scal))):
            return self.opaque(ctx, left, right)
        shape = _broadcast(left, right)
        dtype = _ufunc_out_dtype(getattr(np, _CMPOPS[op]), [left, right])
        return self.ufunc_result(node, [left, right], shape, dtype, ctx)

    def e_BoolOp(self, node, ctx):
        vals = [self.eval(v, ctx) for v in node.values]
        if any(isinstance(v, _Arr) and v.size != 1 for v in vals):
            raise _Stop
        return self.opaque(ctx, *vals)

    def e_IfExp(self, node, ctx):
        test = self.eval(node.test, ctx)
        ctx.release(test)
        body = self.eval(node.body, ctx)
        orelse = self.eval(node.orelse, ctx)
        ctx.partial = ctx.partial or isinstance(body, _Arr) or isinstance(orelse, _Arr)
        return body if _same(body, orelse) and not isinstance(body, _Arr) else UNKNOWN

    def e_Slice(self, node, ctx):
        parts = [self.eval(p, ctx) if p is not None else NONE for p in (node.lower, node.upper, node.step)]
        return _SliceV(*parts)

    def e_Starred(self, node, ctx):
        return self.opaque(ctx, self.eval(node.value, ctx))

    def e_Lambda(self, node, ctx):
        return UNKNOWN

    def comprehension(self, node, ctx):
        saved = dict(self.env)
        for gen in node.generators:
            self.opaque(ctx, self.eval(gen.iter, ctx))
            self.bind_unknown(gen.target)
        inner = [getattr(node, a) for a in ("elt", "key", "value") if hasattr(node, a)]
        vals = [self.eval(e, ctx) for e in inner]
        self.env = saved
        return self.opaque(ctx, *vals)

    e_ListComp = e_SetComp = e_GeneratorExp = e_DictComp = comprehension

    # ---- subscripts

    def e_Subscript(self, node, ctx):
        base = self.eval(node.value, ctx)
        idx_node = node.slice
        items_nodes = idx_node.elts if isinstance(idx_node, ast.Tuple) else [idx_node]
        items = []
        for n in items_nodes:
            items.append(self.eval(n, ctx))
        if isinstance(base, _Seq):
            ctx.release(*items)
            if len(items) == 1 and isinstance(items[0], _Scal) and isinstance(items[0].value, int):
                try:
                    return base.items[items[0].value]
                except IndexError:
                    raise _Stop from None
            if len(items) == 1 and isinstance(items[0], _SliceV) and items[0].known():
                return _Seq(base.items[items[0].as_slice()], base.is_list)
            return UNKNOWN
        if not isinstance(base, _Arr):
            return self.opaque(ctx, base, *items)
        return self.index_array(node, base, items, items_nodes, ctx)

    def index_array(self, node, a: _Arr, items, items_nodes, ctx):
        # classify
        parts = []   # (kind, payload, node)
        for v, n in zip(items, items_nodes):
            if isinstance(v, _SliceV):
                parts.append(("slice", v, n))
            elif v is NONE:
                parts.append(("new", None, n))
            elif v is ELLIPSIS:
                parts.append(("ell", None, n))
            elif isinstance(v, _Scal) and (v.kind in (int,) or isinstance(v.kind, np.dtype) and v.kind.kind in "iu"):
                parts.append(("int", v, n))
            elif isinstance(v, _Arr) and v.dtype.kind == "b":
                parts.append(("mask", v, n))
            elif isinstance(v, _Arr) and v.dtype.kind in "iu":
                parts.append(("adv", v, n))
            elif isinstance(v, _Seq) and v.items and all(isinstance(x, _Scal) and x.kind is int for x in v.items):
                parts.append(("list", v, n))
            elif isinstance(v, _Seq) and v.items and all(isinstance(x, _Scal) and x.kind is bool for x in v.items):
                if any(x.value is None for x in v.items):
                    return self.opaque(ctx, a, *items)
                # a literal boolean list: the selection is known exactly
                parts.append(("list", _Seq(tuple(_Scal(int, i) for i, x in enumerate(v.items) if x.value)), n))
                if len(v.items) != a.shape[len([p for p in parts if p[0] in ("slice", "int", "adv", "list")]) - 1]:
                    raise _Stop
            else:
                return self.opaque(ctx, a, *items)
        consumed = sum(1 if k in ("slice", "int", "adv", "list") else (v.shape.__len__() if k == "mask" else 0)
                       for k, v, _ in parts)
        if consumed > len(a.shape) or sum(k == "ell" for k, _, _ in parts) > 1:
            raise _Stop
        # expand the ellipsis (implicit at the end)
        if not any(k == "ell" for k, _, _ in parts):
            parts.append(("ell", None, None))
        fill = len(a.shape) - consumed
        expanded = []
        for k, v, n in parts:
            if k == "ell":
                expanded.extend([("slice", _SliceV(NONE, NONE, NONE), None)] * fill)
            else:
                expanded.append((k, v, n))
        fancy = any(k in ("adv", "list", "mask") for k, _, _ in expanded)
        dim = 0
        out_shape, out_strides = [], []
        adv_shapes, adv_pos = [], []
        for k, v, n in expanded:
            if k == "new":
                out_shape.append(1)
                out_strides.append(0)
            elif k == "slice":
                size = a.shape[dim]
                start, stop, step = v.indices(size)
                length = len(range(start, stop, step))
                out_shape.append(length)
                out_strides.append(a.strides[dim] * step)
                dim += 1
            elif k == "int":
                if v.value is not None and not -a.shape[dim] <= v.value < a.shape[dim]:
                    raise _Stop
                if fancy:
                    adv_shapes.append(())
                    adv_pos.append(len(out_shape))
                dim += 1
            elif k == "adv" or k == "list":
                if k == "list" and any(x.value is not None and not -a.shape[dim] <= x.value < a.shape[dim]
                                       for x in v.items):
                    raise _Stop   # IndexError
                adv_shapes.append(v.shape if k == "adv" else (len(v.items),))
                adv_pos.append(len(out_shape))
                dim += 1
            else:   # boolean mask over len(v.shape) dimensions
                if tuple(a.shape[dim:dim + len(v.shape)]) != v.shape:
                    raise _Stop
                adv_shapes.append((v.size,))
                adv_pos.append(len(out_shape))
                dim += len(v.shape)
        if not fancy:
            ctx.release(*[v for v in items if isinstance(v, _Arr)])
            if not out_shape and a.dtype.kind != "V":
                ctx.release(a)
                return _Scal(a.dtype)
            return a.view(tuple(out_shape), tuple(out_strides))
        try:
            index_shape = tuple(np.broadcast_shapes(*adv_shapes))
        except ValueError:
            raise _Stop from None
        insert = adv_pos[0] if all(p == adv_pos[0] for p in adv_pos) else 0
        shape = tuple(out_shape[:insert]) + index_shape + tuple(out_shape[insert:])
        result = ctx.alloc(node, shape, a.dtype, "fancy-index-copy",
                           self.fancy_detail(node, a, expanded, items_nodes, shape))
        if insert:   # NumPy builds it index-first and hands back a transposed view
            result.fresh = False
            perm = list(range(len(index_shape), len(index_shape) + insert)) + list(range(len(index_shape))) \
                + list(range(len(index_shape) + insert, len(shape)))
            base = _c_strides(tuple(shape[p] for p in perm), a.dtype.itemsize)
            strides = [0] * len(shape)
            for pos, p in enumerate(perm):
                strides[p] = base[pos]
            result.strides = tuple(strides)
        ctx.release(a, *[v for v in items if isinstance(v, _Arr)])
        return result

    def fancy_detail(self, node, a: _Arr, expanded, items_nodes, shape) -> str:
        base = self.segment(node.value) or "the array"
        nbytes = math.prod(shape) * a.dtype.itemsize
        for k, v, n in expanded:
            if k == "mask":
                return (f"boolean mask: copies at most {format_bytes(nbytes)} (if every element is selected); "
                        f"np.where or an in-place masked operation avoids the copy when a full-size result is wanted")
            if k == "list":
                vals = [x.value for x in v.items]
                if all(isinstance(x, int) for x in vals) and len(vals) > 1 and \
                        all(b - a_ == 1 for a_, b in zip(vals, vals[1:])) and vals[0] >= 0:
                    return (f"the integer index {vals} is a consecutive run: a slice {base}[{vals[0]}:{vals[-1] + 1}] "
                            f"would serve as a view, without the copy")
                return "integer-list index copies the selected rows; a slice cannot express this selection"
            if k == "adv" and v.run is not None:
                s, e = v.run
                return (f"np.arange({s}, {e}) is a consecutive run: a slice {base}[{s}:{e}] "
                        f"would serve as a view, without the copy")
        return "integer-array index copies the selected elements"

    # ---- calls

    def func_name(self, func) -> str | None:
        if isinstance(func, ast.Name):
            v = self.lookup(func.id)
        elif isinstance(func, ast.Attribute):
            base = func.value
            chain = [func.attr]
            while isinstance(base, ast.Attribute):
                chain.append(base.attr)
                base = base.value
            if not isinstance(base, ast.Name):
                return None
            root = self.lookup(base.id)
            if not isinstance(root, _Mod):
                return None
            return ".".join([root.name] + chain[::-1])
        else:
            return None
        return v.name if isinstance(v, _Func) else None

    def e_Call(self, node, ctx):
        callee = self.eval(node.func, ctx)
        args, kwargs = [], {}
        for a in node.args:
            if isinstance(a, ast.Starred):
                return self.opaque(ctx, callee, *args, self.eval(a.value, ctx))
            args.append(self.eval(a, ctx))
        for k in node.keywords:
            v = self.eval(k.value, ctx)
            if k.arg is None:
                return self.opaque(ctx, callee, *args, *kwargs.values(), v)
            kwargs[k.arg] = v
        if isinstance(callee, (_Method, _Func)) and not _binds(callee, len(args), tuple(kwargs)):
            raise _Stop   # NumPy would raise TypeError: wrong arguments
        if isinstance(callee, _DType) and len(args) == 1 and not kwargs and isinstance(args[0], _Scal):
            return self.numpy_scalar(callee.dtype, args[0])
        if isinstance(callee, _Method):
            out = self.method(node, callee.obj, callee.name, args, kwargs, ctx)
        elif isinstance(callee, _Func):
            out = self.function(node, callee.name, args, kwargs, ctx)
        else:
            out = None
        if out is None:
            extra = [callee.obj] if isinstance(callee, _Method) else []
            name = self.func_name(node.func) or ""
            ctx.handed_to(node, name, [*extra, *args, *kwargs.values()],
                          numpy=name.startswith("numpy.") or isinstance(callee, _Method))
            return self.opaque(ctx, *extra, *args, *kwargs.values())
        return out

    @staticmethod
    def numpy_scalar(dtype: np.dtype, v: _Scal) -> _Scal:
        """``np.float64(x)`` and friends of a scalar: a NumPy scalar, its value kept when known."""
        if v.value is None or dtype.kind not in "biufc":
            return _Scal(dtype)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return _Scal(dtype, dtype.type(v.value))
        except (TypeError, ValueError, OverflowError):   # NumPy would raise too
            raise _Stop from None

    def dtype_of(self, v, default=None) -> np.dtype | None:
        if v is None:    # a required argument is missing
            raise _Stop
        if v is NONE:
            return default
        if isinstance(v, _DType):
            return v.dtype
        if isinstance(v, _Str):
            try:
                return np.dtype(v.value)
            except TypeError:
                raise _Stop from None
        if isinstance(v, _Func) and v.name.startswith("builtins.") and v.name[9:] in _BUILTIN_TYPES:
            return np.dtype(_BUILTIN_TYPES[v.name[9:]])
        raise _Stop

    @staticmethod
    def int_of(v) -> int:
        if isinstance(v, _Scal) and isinstance(v.value, int) and not isinstance(v.value, bool):
            return v.value
        raise _Stop

    def shape_of(self, v) -> tuple[int, ...]:
        if isinstance(v, _Scal):
            n = self.int_of(v)
            if n < 0:
                raise _Stop
            return (n,)
        if isinstance(v, _Seq):
            shape = tuple(self.int_of(x) for x in v.items)
            if any(n < 0 for n in shape):
                raise _Stop
            return shape
        raise _Stop

    @staticmethod
    def arg(args, kwargs, pos, name, default=None):
        if name in kwargs:
            return kwargs[name]
        if pos is not None and pos < len(args):
            return args[pos]
        return default

    def reduction(self, node, a: _Arr, fn, args, kwargs, ctx, method: bool):
        axis = self.arg(args, kwargs, 0, "axis", NONE)
        dtype_pos = 1 if fn in _REDUCE_DTYPE_POS else None
        dtype_kw = self.dtype_of(self.arg(args, kwargs, dtype_pos, "dtype", NONE))
        keep = self.arg(args, kwargs, None, "keepdims", _Scal(bool, False))
        out = self.arg(args, kwargs, None, "out", NONE)
        if not isinstance(keep, _Scal) or keep.value is None:
            raise _Stop
        nd = len(a.shape)
        if axis is NONE:
            axes = set(range(nd))
        elif isinstance(axis, _Scal):
            axes = {_norm_axis(self.int_of(axis), nd)}
        elif isinstance(axis, _Seq):
            axes = {_norm_axis(self.int_of(x), nd) for x in axis.items}
            if fn in ("argmax", "argmin") or axis.is_list or len(axes) != len(axis.items):
                raise _Stop
        else:
            raise _Stop
        if fn in ("argmax", "argmin") and axis is NONE:
            axes = set(range(nd))
        shape = tuple((1 if i in axes else n) for i, n in enumerate(a.shape) if keep.value or i not in axes)
        rdtype = _reduce_dtype(fn, a.dtype, dtype_kw)
        if fn in ("std", "var", "nanstd", "nanvar") and a.size:
            ctx.internal(node, a.shape, _var_internal_dtype(a.dtype), f"inside std/var ({fn}): the full-size deviations from the mean")
        if isinstance(out, _Arr):
            ctx.release(a)
            return out
        if not shape:   # every axis reduced: NumPy hands back a scalar
            ctx.release(a)
            return _Scal(rdtype)
        result = ctx.alloc(node, shape, rdtype)
        ctx.release(a)
        return result

    @staticmethod
    def ctx_fields(ctx: _Ctx, value, **fields) -> None:
        if isinstance(value, _Arr) and value.buf is not None:
            ctx.temps[value.buf].update(fields)

    def copy_of(self, node, a: _Arr, ctx, detail, dtype=None, order="C") -> _Arr:
        dtype = a.dtype if dtype is None else dtype
        result = ctx.alloc(node, a.shape, dtype, "forced-copy", detail)
        if order == "A":
            order = "F" if a.f_contiguous and not a.c_contiguous else "C"
        if order == "F":
            result.strides = _c_strides(a.shape[::-1], dtype.itemsize)[::-1]
        elif order == "K":
            result.strides = _k_strides(a.shape, dtype.itemsize, [a])
        if a.bcast_from is not None and result.nbytes >= 2 * a.bcast_from:
            ctx.kind(result.buf, "broadcast-expansion",
                     f"copying a broadcast view materialises {a.shape}: "
                     f"{result.nbytes / max(a.bcast_from, 1):.0f}x its source")
        ctx.release(a)
        return result

    def method(self, node, a: _Arr, name, args, kwargs, ctx):
        fn = name
        if fn in _REDUCTIONS:
            return self.reduction(node, a, fn, args, kwargs, ctx, True)
        if fn == "copy":
            return self.copy_of(node, a, ctx, f"{self.segment(node.func.value)}.copy() always copies",
                                order=self.order_of(self.arg(args, kwargs, 0, "order"), "C"))
        if fn == "astype":
            dtype = self.dtype_of(self.arg(args, kwargs, 0, "dtype"), np.dtype(np.float64))   # astype(None): float64
            copy = self.arg(args, kwargs, 4, "copy", _Scal(bool, True))
            if not isinstance(copy, _Scal) or copy.value is None:
                raise _Stop
            if not copy.value and dtype == a.dtype:
                return a
            if a.fresh and a.creation:
                detail = (f"create-then-cast: {a.creation} then .astype({dtype.name}); "
                          f"create it as {dtype.name} directly (dtype=)")
                ctx.kind(a.buf, "forced-copy", detail, creation=a.creation, cast_from=a.dtype.name)
                result = ctx.alloc(node, a.shape, dtype, "chained-ops", detail)
                ctx.kind(result.buf, "chained-ops", detail, creation=a.creation, cast_from=a.dtype.name)
                ctx.release(a)
                return result
            how = "to the same dtype " if dtype == a.dtype else ""
            result = self.copy_of(node, a, ctx, f"astype {how}copies: {a.dtype.name} -> {dtype.name}", dtype,
                                  self.order_of(self.arg(args, kwargs, 1, "order"), "K"))
            self.ctx_fields(ctx, result, cast_from=a.dtype.name)
            return result
        if fn in ("reshape", "ravel", "flatten"):
            return self.reshape(node, a, fn, args, kwargs, ctx)
        if fn == "view":
            if not args and not kwargs:
                return a.view(a.shape, a.strides)
            dtype = self.dtype_of(self.arg(args, kwargs, 0, "dtype"), a.dtype)
            if dtype.itemsize != a.dtype.itemsize:
                raise _Stop
            return a.view(a.shape, a.strides, dtype)
        if fn == "transpose":
            return self.transpose(a, args)
        if fn == "swapaxes":
            i, j = (_norm_axis(self.int_of(x), len(a.shape)) for x in args[:2])
            perm = list(range(len(a.shape)))
            perm[i], perm[j] = perm[j], perm[i]
            return a.view(tuple(a.shape[p] for p in perm), tuple(a.strides[p] for p in perm))
        if fn == "squeeze" and not args and not kwargs:
            keep = [i for i, n in enumerate(a.shape) if n != 1]
            return a.view(tuple(a.shape[i] for i in keep), tuple(a.strides[i] for i in keep))
        if fn in ("cumsum", "cumprod"):
            axis = self.arg(args, kwargs, 0, "axis", NONE)
            dtype = _reduce_dtype(fn[3:], a.dtype, self.dtype_of(self.arg(args, kwargs, 1, "dtype", NONE)))
            shape = (a.size,) if axis is NONE else a.shape
            if axis is not NONE:
                _norm_axis(self.int_of(axis), len(a.shape))
            result = ctx.alloc(node, shape, dtype)
            ctx.release(a)
            return result
        if fn in ("round", "clip", "argsort"):
            if fn == "argsort":
                shape = (a.size,) if self.arg(args, kwargs, 0, "axis", _Scal(int, -1)) is NONE else a.shape
                result = ctx.alloc(node, shape, np.intp)
                ctx.release(a)
                return result
            if fn == "clip":
                lo, hi = self.arg(args, kwargs, 0, "min", NONE), self.arg(args, kwargs, 1, "max", NONE)
                return self.clip(node, a, lo, hi, kwargs, ctx)
            return self.ufunc_result(node, [a], a.shape, a.dtype, ctx)
        if fn in ("sort", "fill"):
            return NONE
        if fn == "dot" and len(args) == 1:
            return self.matmul(node, a, args[0], ctx, "dot")
        if fn == "item":
            ctx.release(a)
            return _Scal({"b": bool, "i": int, "u": int, "f": float, "c": complex}.get(a.dtype.kind, float))
        if fn == "tolist":
            ctx.release(a)
            return UNKNOWN
        return None

    @staticmethod
    def order_of(order, default: str) -> str:
        if order is None or order is NONE:
            return default
        if isinstance(order, _Str) and order.value in ("C", "F", "K", "A"):
            return order.value
        raise _Stop

    def transpose(self, a: _Arr, args):
        if not args or args == [NONE]:
            return a.view(a.shape[::-1], a.strides[::-1])
        perm = args[0].items if len(args) == 1 and isinstance(args[0], _Seq) else args
        perm = [_norm_axis(self.int_of(p), len(a.shape)) for p in perm]
        if sorted(perm) != list(range(len(a.shape))):
            raise _Stop
        return a.view(tuple(a.shape[p] for p in perm), tuple(a.strides[p] for p in perm))

    def reshape(self, node, a: _Arr, fn, args, kwargs, ctx):
        order = self.arg(args, kwargs, None, "order", NONE)
        if order is not NONE and (not isinstance(order, _Str) or order.value != "C"):
            raise _Stop
        if fn == "flatten":
            if args or kwargs:
                raise _Stop
            result = ctx.alloc(node, (a.size,), a.dtype, "forced-copy",
                               "flatten() always copies; ravel() returns a view when it can")
            ctx.release(a)
            return result
        if fn == "ravel":
            if len(args) > 1 or (args and self.order_of(args[0], "C") != "C"):
                raise _Stop
            newshape = (a.size,)
        else:
            spec = kwargs.get("shape", None)
            if spec is None:
                spec = args[0] if len(args) == 1 else _Seq(tuple(args))
            dims = list(self.shape_of(spec)) if not (isinstance(spec, _Scal) and spec.value == -1) else [-1]
            if isinstance(spec, _Seq):
                dims = [self.int_of(x) for x in spec.items]
            if dims.count(-1) > 1 or any(n < -1 for n in dims):
                raise _Stop
            if -1 in dims:
                known = math.prod(n for n in dims if n != -1)
                if known == 0 or a.size % known:
                    raise _Stop
                dims[dims.index(-1)] = a.size // known
            if math.prod(dims) != a.size:
                raise _Stop
            newshape = tuple(dims)
        if a.c_contiguous:
            return a.view(newshape, _c_strides(newshape, a.dtype.itemsize))
        if a.size == 0:
            return a.view(newshape, _c_strides(newshape, a.dtype.itemsize))
        strides = None if fn == "ravel" else _nocopy_reshape(a.shape, a.strides, newshape)
        if strides is not None:
            return a.view(newshape, strides)
        src = self.segment(node.func.value) if isinstance(node.func, ast.Attribute) else "the array"
        result = ctx.alloc(node, newshape, a.dtype, "forced-copy",
                           f"{fn} of a non-contiguous array ({src}) copies")
        ctx.release(a)
        return result

    def clip(self, node, a, lo, hi, kwargs, ctx):
        if lo is NONE and hi is NONE:
            raise _Stop
        if isinstance(kwargs.get("out"), _Arr):
            ctx.release(a)
            return kwargs["out"]
        operands = [a] + [v for v in (lo, hi) if v is not NONE]
        if not all(isinstance(v, (_Arr, _Scal)) for v in operands):
            raise _Stop
        shape = _broadcast(*operands)
        if lo is not NONE and hi is not NONE:   # NumPy's three-operand clip ufunc decides
            dtype = _ufunc_out_dtype(_CLIP_UFUNC, operands) if _CLIP_UFUNC is not None else None
            if dtype is None:
                raise _Stop
        else:
            dtype = _ufunc_out_dtype(np.maximum if hi is NONE else np.minimum, operands)
        return self.ufunc_result(node, operands, shape, dtype, ctx)

    def function(self, node, name, args, kwargs, ctx):
        if name.startswith("builtins."):
            return self.builtin(node, name[9:], args, kwargs, ctx)
        if name.startswith("rng."):
            return self.generator(node, name[4:], args, kwargs, ctx)
        if name.startswith("numpy.random."):
            return self.legacy_random(node, name[13:], args, kwargs, ctx)
        if not name.startswith("numpy.") or name.count(".") != 1:
            return None
        fn = name[6:]
        live = getattr(np, fn, None)
        if isinstance(live, np.ufunc):
            return self.ufunc_call(node, live, args, kwargs, ctx)
        if isinstance(live, type) and issubclass(live, np.generic):
            if len(args) == 1 and isinstance(args[0], _Scal):
                return _Scal(np.dtype(live))
            return None
        a0 = args[0] if args else kwargs.get("a", kwargs.get("arr"))
        if fn in _REDUCTIONS and isinstance(a0, _Arr):
            return self.reduction(node, a0, fn, args[1:], kwargs, ctx, False)
        if fn in ("dot", "matmul") and len(args) == 2 and not kwargs:
            second = self.listed_array(args[1])
            # np.dot of an N-d array and a 1-d one is a @ b; other N-d dots differ from matmul
            if fn == "dot" and (len(_shape_of(args[0])) > 2 and len(_shape_of(second)) != 1
                                or len(_shape_of(second)) > 2):
                return None
            return self.matmul(node, args[0], args[1], ctx, fn)
        if fn == "searchsorted" and len(args) == 2 and isinstance(args[0], _Arr) and isinstance(args[1], _Arr) \
                and len(args[0].shape) == 1 and not (set(kwargs) - {"side"}):
            # one index per element of the values searched for
            ctx.release(args[0])
            result = ctx.alloc(node, args[1].shape, np.intp)
            ctx.release(args[1])
            return result
        if fn == "einsum":
            return self.einsum(node, args, kwargs, ctx)
        if fn in _CREATE_SHAPE:
            shape = self.shape_of(self.arg(args, kwargs, 0, "shape"))
            pos = 2 if fn == "full" else 1
            if fn == "full":
                fill = self.arg(args, kwargs, 1, "fill_value")
                default = fill.as_array_dtype() if isinstance(fill, _Scal) else None
                if default is None:
                    raise _Stop
            else:
                default = np.dtype(np.float64)
            dtype = self.dtype_of(self.arg(args, kwargs, pos, "dtype", NONE), default)
            return ctx.alloc(node, shape, dtype, creation=self.segment(node))
        if fn in _CREATE_LIKE:
            if not isinstance(a0, _Arr):
                return None
            pos = 2 if fn == "full_like" else 1
            dtype = self.dtype_of(self.arg(args, kwargs, pos, "dtype", NONE), a0.dtype)
            shape_v = kwargs.get("shape", NONE)
            shape = a0.shape if shape_v is NONE else self.shape_of(shape_v)
            ctx.release(a0)
            return ctx.alloc(node, shape, dtype, creation=self.segment(node))
        if fn == "arange":
            return self.arange(node, args, kwargs, ctx)
        if fn == "linspace":
            num = self.int_of(self.arg(args, kwargs, 2, "num", _Scal(int, 50)))
            for v in args[:2]:
                if not isinstance(v, _Scal):
                    return None
            dtype = self.dtype_of(self.arg(args, kwargs, 5, "dtype", NONE), np.dtype(np.float64))
            if num < 0:
                raise _Stop
            result = ctx.alloc(node, (num,), dtype, creation=self.segment(node))
            result.fresh = False   # linspace returns a reshaped view of its own buffer
            return result
        if fn in ("eye", "identity"):
            n = self.int_of(self.arg(args, kwargs, 0, "N" if fn == "eye" else "n"))
            m = self.arg(args, kwargs, 1, "M", NONE) if fn == "eye" else NONE
            m = n if m is NONE else self.int_of(m)
            dtype = self.dtype_of(self.arg(args, kwargs, 3 if fn == "eye" else 1, "dtype", NONE), np.dtype(np.float64))
            if n < 0 or m < 0:
                raise _Stop
            return ctx.alloc(node, (n, m), dtype, creation=self.segment(node))
        if fn in ("copy", "array", "asarray", "asanyarray", "ascontiguousarray", "asfortranarray"):
            return self.array_like(node, fn, args, kwargs, ctx)
        if fn == "broadcast_to" and isinstance(a0, _Arr):
            shape = self.shape_of(self.arg(args, kwargs, 1, "shape"))
            try:
                if tuple(np.broadcast_shapes(a0.shape, shape)) != shape:
                    raise _Stop
            except ValueError:
                raise _Stop from None
            pad = len(shape) - len(a0.shape)
            strides = (0,) * pad + tuple(0 if n == 1 and m != 1 else s
                                          for n, m, s in zip(a0.shape, shape[pad:], a0.strides))
            view = a0.view(shape, strides)
            view.bcast_from = a0.nbytes
            return view
        if fn in ("transpose", "squeeze", "ravel", "reshape", "sort", "expand_dims", "swapaxes") and isinstance(a0, _Arr):
            rest = args[1:]
            if fn == "transpose":
                return self.transpose(a0, rest if "axes" not in kwargs else [kwargs["axes"]])
            if fn == "swapaxes":
                return self.method(node, a0, "swapaxes", rest, kwargs, ctx)
            if fn == "squeeze":
                return self.method(node, a0, "squeeze", rest, kwargs, ctx)
            if fn in ("ravel", "reshape"):
                kw = {k: v for k, v in kwargs.items() if k != "a"}
                if "newshape" in kw:
                    kw["shape"] = kw.pop("newshape")
                return self.reshape(node, a0, fn, rest, kw, ctx)
            if fn == "expand_dims":
                ax = self.int_of(self.arg(rest, kwargs, 0, "axis"))
                nd = len(a0.shape) + 1
                ax = _norm_axis(ax, nd)
                return a0.view(a0.shape[:ax] + (1,) + a0.shape[ax:], a0.strides[:ax] + (0,) + a0.strides[ax:])
            # np.sort: a copy, then an in-place sort
            axis = self.arg(rest, kwargs, 0, "axis", _Scal(int, -1))
            shape = (a0.size,) if axis is NONE else a0.shape
            if axis is not NONE:
                _norm_axis(self.int_of(axis), len(a0.shape))
            result = ctx.alloc(node, shape, a0.dtype, "forced-copy",
                               "np.sort returns a sorted copy; arr.sort() sorts in place")
            if axis is not NONE:
                result.strides = _k_strides(shape, a0.dtype.itemsize, [a0])   # copy(order="K")
            ctx.release(a0)
            return result
        if fn in ("tile", "repeat", "outer"):
            return self.expand(node, fn, args, kwargs, ctx)
        if fn in _JOINS:
            return self.join(node, fn, args, kwargs, ctx)
        if fn == "where" and len(args) == 3:
            cond, x, y = args
            if not all(isinstance(v, (_Arr, _Scal)) for v in args):
                return None
            shape = _broadcast(cond, x, y)
            dtype = _ufunc_out_dtype(np.add, [x, y]) if not (isinstance(x, _Scal) and isinstance(y, _Scal)) \
                else np.result_type(x.as_array_dtype(), y.as_array_dtype())
            return self.ufunc_result(node, [x, y, cond], shape, dtype, ctx)
        if fn == "clip" and isinstance(a0, _Arr):
            lo = self.arg(args, kwargs, 1, "a_min", NONE)
            hi = self.arg(args, kwargs, 2, "a_max", NONE)
            return self.clip(node, a0, lo, hi, kwargs, ctx)
        if fn in ("shape", "ndim", "size") and isinstance(a0, _Arr) and len(args) == 1:
            return self.array_attr(node, a0, fn, ctx)
        if fn in ("copyto", "put", "place", "putmask") and isinstance(a0, _Arr):
            ctx.release(*args, *kwargs.values())
            return NONE   # writes into a0: no new array
        if fn == "shares_memory" or fn == "may_share_memory":
            ctx.release(*args)
            return _Scal(bool)
        return None

    def ufunc_call(self, node, uf: np.ufunc, args, kwargs, ctx):
        if len(args) != uf.nin or uf.nout != 1:
            return None
        if not all(isinstance(v, (_Arr, _Scal)) for v in args):
            return None
        unknown_kw = set(kwargs) - {"out", "dtype", "casting", "where", "order"}
        if unknown_kw:
            return None
        shape = _broadcast(*args)
        dtype = self.dtype_of(kwargs.get("dtype", NONE))
        if dtype is None:
            dtype = _ufunc_out_dtype(uf, list(args))
        out = kwargs.get("out", NONE)
        if isinstance(out, _Seq) and len(out.items) == 1:
            out = out.items[0]
        if isinstance(out, _Arr):
            if _broadcast(out, *args) != out.shape:
                raise _Stop
            ctx.release(*args)
            return out
        if out is not NONE:
            return None
        if all(isinstance(v, _Scal) for v in args):
            return _Scal(dtype)
        sym = {"add": "+", "subtract": "-", "multiply": "*", "true_divide": "/", "divide": "/"}.get(uf.__name__, "")
        return self.ufunc_result(node, list(args), shape, dtype, ctx, sym)

    def arange(self, node, args, kwargs, ctx):
        start = self.arg(args, kwargs, 0, "start", NONE)
        stop = self.arg(args, kwargs, 1, "stop", NONE)
        step = self.arg(args, kwargs, 2, "step", NONE)
        dtype_v = self.arg(args, kwargs, 3, "dtype", NONE)
        if stop is NONE:
            start, stop = NONE, start
        vals = [v for v in (start, stop, step) if v is not NONE]
        if stop is NONE or not all(isinstance(v, _Scal) and type(v.value) in (int, float) for v in vals):
            raise _Stop
        s = start.value if start is not NONE else 0
        e = stop.value
        st = step.value if step is not NONE else 1
        if st == 0:
            raise _Stop
        n = max(0, math.ceil((e - s) / st))
        default = np.dtype(np.int64) if all(isinstance(v.value, int) for v in vals) else np.dtype(np.float64)
        if default == np.int64:
            default = np.asarray(0).dtype
        dtype = self.dtype_of(dtype_v, default)
        run = (s, e) if all(isinstance(x, int) for x in (s, e, st)) and st == 1 else None
        return ctx.alloc(node, (n,), dtype, creation=self.segment(node), run=run)

    def array_like(self, node, fn, args, kwargs, ctx):
        a0 = args[0] if args else kwargs.get("a", kwargs.get("object"))
        dtype = self.dtype_of(self.arg(args, kwargs, 1, "dtype", NONE))
        if isinstance(a0, _Seq) and fn in ("array", "asarray", "asanyarray", "ascontiguousarray"):
            return self.from_literal(node, a0, dtype, ctx)
        if not isinstance(a0, _Arr):
            return None
        label = "np." + fn
        if fn == "copy":
            return self.copy_of(node, a0, ctx, "np.copy always copies",
                                order=self.order_of(self.arg(args, kwargs, 1, "order"), "K"))
        copy = kwargs.get("copy", _Scal(bool, True) if fn == "array" else NONE)
        if isinstance(copy, _Scal) and copy.value is None:
            raise _Stop
        needs_cast = dtype is not None and dtype != a0.dtype
        layout_ok = {"ascontiguousarray": a0.c_contiguous and len(a0.shape) >= 1,
                     "asfortranarray": a0.f_contiguous}.get(fn, True)
        if fn == "ascontiguousarray" and not a0.shape:
            layout_ok = False
        if isinstance(copy, _Scal) and copy.value:
            how = f"{label}(arr) copies (copy=True is the default); np.asarray(arr) does not"
            return self.copy_of(node, a0, ctx, how, dtype, self.order_of(kwargs.get("order"), "K"))
        if not needs_cast and layout_ok:
            return a0
        if isinstance(copy, _Scal) and copy.value is False:
            raise _Stop   # NumPy 2 raises: a copy would be needed
        if needs_cast:
            order = {"ascontiguousarray": "C", "asfortranarray": "F"}.get(fn, self.order_of(kwargs.get("order"), "K"))
            return self.copy_of(node, a0, ctx, f"{label} with dtype={dtype.name} casts, which copies: "
                                               f"{a0.dtype.name} -> {dtype.name}", dtype, order)
        if fn == "ascontiguousarray":
            return self.copy_of(node, a0, ctx, "np.ascontiguousarray of a non-contiguous array copies it")
        return self.copy_of(node, a0, ctx, "np.asfortranarray of a non-Fortran-ordered array copies it", order="F")

    def from_literal(self, node, seq: _Seq, dtype, ctx):
        def plain(v):
            if isinstance(v, _Seq):
                return [plain(x) for x in v.items]
            if isinstance(v, _Scal) and v.kind in _PY_SCALARS and v.value is not None:
                return v.value
            raise _Stop

        try:
            value = plain(seq)
            probe = np.asarray(value, dtype=dtype) if _count(value) <= 100_000 else None
        except _Stop:
            raise
        except Exception:
            raise _Stop from None
        if probe is None or probe.dtype.kind == "O":
            raise _Stop
        return ctx.alloc(node, probe.shape, probe.dtype, creation=self.segment(node))

    def expand(self, node, fn, args, kwargs, ctx):
        if fn == "outer":
            if len(args) != 2 or not all(isinstance(v, _Arr) for v in args):
                return None
            a, b = args
            shape = (a.size, b.size)
            dtype = _ufunc_out_dtype(np.multiply, [a, b])
            result = ctx.alloc(node, shape, dtype)
        else:
            a = args[0] if args else None
            if not isinstance(a, _Arr):
                return None
            if fn == "tile":
                reps = self.arg(args, kwargs, 1, "reps")
                reps = (self.int_of(reps),) if isinstance(reps, _Scal) else self.shape_of(reps)
                nd = max(len(reps), len(a.shape))
                base = (1,) * (nd - len(a.shape)) + a.shape
                reps = (1,) * (nd - len(reps)) + tuple(reps)
                shape = tuple(n * r for n, r in zip(base, reps))
            else:
                rep = self.int_of(self.arg(args, kwargs, 1, "repeats"))
                axis = self.arg(args, kwargs, 2, "axis", NONE)
                if axis is NONE:
                    shape = (a.size * rep,)
                else:
                    ax = _norm_axis(self.int_of(axis), len(a.shape))
                    shape = a.shape[:ax] + (a.shape[ax] * rep,) + a.shape[ax + 1:]
            result = ctx.alloc(node, shape, a.dtype)
            result.fresh = fn != "tile"   # tile returns a reshaped view of repeat's output
        inputs = [v for v in args if isinstance(v, _Arr)]
        if result.nbytes >= 2 * max(v.nbytes for v in inputs):
            ctx.kind(result.buf, "broadcast-expansion",
                     f"np.{fn} materialises {result.shape}: {result.nbytes / max(1, max(v.nbytes for v in inputs)):.0f}x "
                     f"its input; broadcasting a view (None axes / np.broadcast_to) would not copy")
        ctx.release(*inputs)
        return result

    def join(self, node, fn, args, kwargs, ctx):
        if fn == "append":
            if len(args) < 2:
                return None
            x, v = args[0], args[1]
            axis = self.arg(args, kwargs, 2, "axis", NONE)
            pieces = [x, v]
        else:
            seq = args[0] if args else kwargs.get("arrays", kwargs.get("tup"))
            if not isinstance(seq, _Seq) or not seq.items:
                return None
            pieces = list(seq.items)
            axis = self.arg(args, kwargs, 1, "axis", _Scal(int, 0))
        arrays = []
        for p in pieces:
            if isinstance(p, _Arr):
                arrays.append(p)
            elif isinstance(p, _Scal):
                arrays.append(_Arr((), p.as_array_dtype(), ()))
            elif isinstance(p, _Seq):
                try:
                    probe = np.asarray([x.value for x in p.items])
                except Exception:
                    raise _Stop from None
                if any(not isinstance(x, _Scal) or x.value is None for x in p.items) or probe.dtype.kind == "O":
                    # element values unknown: the dtype still follows from the kinds
                    if all(isinstance(x, _Scal) for x in p.items):
                        probe = np.asarray([x.kind(0) if x.kind in _PY_SCALARS else 0 for x in p.items])
                    else:
                        raise _Stop
                arrays.append(_Arr(probe.shape, probe.dtype, probe.strides))
            else:
                raise _Stop
        dtype = self.dtype_of(kwargs.get("dtype", NONE), None)
        if dtype is None:
            dtype = np.result_type(*[a.dtype for a in arrays])
        shapes = [a.shape for a in arrays]
        if fn == "append":
            if axis is NONE:
                shape = (sum(a.size for a in arrays),)
            else:
                shape = self.concat_shapes(shapes, self.int_of(axis))
        elif fn == "concatenate":
            shape = (sum(a.size for a in arrays),) if axis is NONE else self.concat_shapes(shapes, self.int_of(axis))
        elif fn in ("vstack", "row_stack"):
            shape = self.concat_shapes([s if len(s) >= 2 else (1, s[0]) if s else (1, 1) for s in shapes], 0)
        elif fn == "hstack":
            s1 = [s if s else (1,) for s in shapes]
            shape = self.concat_shapes(s1, 0 if all(len(s) == 1 for s in s1) else 1)
        elif fn == "stack":
            if len(set(shapes)) != 1:
                raise _Stop
            ax = _norm_axis(self.int_of(axis), len(shapes[0]) + 1)
            shape = shapes[0][:ax] + (len(shapes),) + shapes[0][ax:]
        else:   # column_stack
            s1 = [(s[0], 1) if len(s) == 1 else s for s in shapes]
            shape = self.concat_shapes(s1, 1)
        result = ctx.alloc(node, shape, dtype)
        kind, detail, fields = self.cause([a for a in arrays if a.size], result)
        if kind == "dtype-upcast":
            ctx.kind(result.buf, kind, f"np.{fn} of {', '.join(a.dtype.name for a in arrays)} -> {dtype.name}",
                     **fields)
        ctx.release(*[p for p in pieces if isinstance(p, _Arr)])
        return result

    @staticmethod
    def concat_shapes(shapes, axis) -> tuple[int, ...]:
        nd = len(shapes[0])
        if nd == 0 or any(len(s) != nd for s in shapes):
            raise _Stop
        ax = _norm_axis(axis, nd)
        for s in shapes:
            if s[:ax] + s[ax + 1:] != shapes[0][:ax] + shapes[0][ax + 1:]:
                raise _Stop
        return shapes[0][:ax] + (sum(s[ax] for s in shapes),) + shapes[0][ax + 1:]

    def einsum(self, node, args, kwargs, ctx):
        if not args or not isinstance(args[0], _Str) or set(kwargs) - {"optimize"}:
            return None
        ops = args[1:]
        if not ops or not all(isinstance(v, _Arr) for v in ops):
            return None
        spec = args[0].value.replace(" ", "")
        if "." in spec:
            return None
        ins, _, out = spec.partition("->")
        terms = ins.split(",")
        if len(terms) != len(ops):
            raise _Stop
        sizes: dict[str, int] = {}
        counts: dict[str, int] = {}
        for term, a in zip(terms, ops):
            if len(term) != len(a.shape):
                raise _Stop
            for ch, n in zip(term, a.shape):
                if sizes.get(ch, n) != n and n != 1 and sizes.get(ch) != 1:
                    raise _Stop
                sizes[ch] = max(sizes.get(ch, n), n)
                counts[ch] = counts.get(ch, 0) + 1
        if "->" not in spec:
            out = "".join(sorted(ch for ch, c in counts.items() if c == 1))
        if any(ch not in sizes for ch in out):
            raise _Stop
        shape = tuple(sizes[ch] for ch in out)
        dtype = np.result_type(*[a.dtype for a in ops])
        if len(ops) == 1 and len(set(terms[0])) == len(terms[0]) and sorted(out) == sorted(terms[0]):
            a = ops[0]   # a pure permutation: einsum returns a view
            return a.view(shape, tuple(a.strides[terms[0].index(ch)] for ch in out))
        if not shape:
            ctx.release(*ops)
            return _Scal(dtype)
        result = ctx.alloc(node, shape, dtype)
        ctx.release(*ops)
        return result

    def builtin(self, node, fn, args, kwargs, ctx):
        if fn == "len" and len(args) == 1:
            v = args[0]
            if isinstance(v, _Arr):
                if not v.shape:
                    raise _Stop
                ctx.release(v)
                return _Scal(int, v.shape[0])
            if isinstance(v, _Seq):
                return _Scal(int, len(v.items))
            return None
        if fn == "range" and 1 <= len(args) <= 3 and not kwargs:
            vals = []
            for v in args:
                if not (isinstance(v, _Scal) and (v.kind is int or isinstance(v.kind, np.dtype) and v.kind.kind in "iu")):
                    return None
                vals.append(v.value)
            r = range(*vals) if all(isinstance(x, int) for x in vals) else None
            return _Range(r)
        if fn == "abs" and len(args) == 1:
            v = args[0]
            if isinstance(v, _Arr):
                return self.unary_array(node, "absolute", v, ctx, elide=v.dtype.kind != "c")
            if isinstance(v, _Scal):
                return _Scal(v.kind if v.kind is not complex else float)
            return None
        if fn in _BUILTIN_TYPES and len(args) <= 1:
            v = args[0] if args else NONE
            if isinstance(v, _Arr) and v.size != 1:
                raise _Stop
            ctx.release(v)
            return _Scal(_BUILTIN_TYPES[fn])
        return None

    def legacy_random(self, node, fn, args, kwargs, ctx):
        if fn == "default_rng":
            ctx.release(*args)
            return RNG
        if fn in _LEGACY_RANDOM_DIMS:
            if kwargs:
                return None
            shape = tuple(self.int_of(v) for v in args)
            if any(n < 0 for n in shape):
                raise _Stop
            if not shape:
                return _Scal(float)
            return ctx.alloc(node, shape, _LEGACY_RANDOM_DIMS[fn], creation=self.segment(node))
        if fn in _LEGACY_RANDOM_SIZE:
            size = self.arg(args, kwargs, _LEGACY_RANDOM_SIZE[fn], "size", NONE)
            if size is NONE:
                return _Scal(float)
            return ctx.alloc(node, self.shape_of(size), np.float64, creation=self.segment(node))
        if fn == "randint":
            size = self.arg(args, kwargs, 2, "size", NONE)
            dtype = self.dtype_of(self.arg(args, kwargs, 3, "dtype", NONE), np.dtype(int))
            if size is NONE:
                return _Scal(dtype)
            return ctx.alloc(node, self.shape_of(size), dtype, creation=self.segment(node))
        return None

    def generator(self, node, fn, args, kwargs, ctx):
        if fn not in _GEN_RANDOM:
            return None
        size = self.arg(args, kwargs, _GEN_RANDOM[fn], "size", NONE)
        default = np.dtype(np.int64) if fn == "integers" else np.dtype(np.float64)
        dtype_pos = {"random": 1, "standard_normal": 1, "integers": 3}.get(fn)
        dtype = self.dtype_of(self.arg(args, kwargs, dtype_pos, "dtype", NONE), default)
        if size is NONE:
            return _Scal(dtype)
        return ctx.alloc(node, self.shape_of(size), dtype, creation=self.segment(node))


_PY_OPS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
    ast.Pow: lambda a, b: a ** b,
}
_ARRAY_METHODS = facts.ARRAY_METHODS


def _count(value) -> int:
    if isinstance(value, list):
        return sum(_count(v) for v in value) + 1
    return 1


@functools.lru_cache(maxsize=1024)
def _signature(qualname: str):
    """The signature of the real NumPy callable, with ``self`` for methods; None when unknown."""
    if qualname.startswith("ndarray."):
        obj = getattr(np.ndarray, qualname[8:], None)
    elif qualname.startswith("rng."):
        obj = getattr(np.random.Generator, qualname[4:], None)
    elif qualname.startswith("numpy.random."):
        obj = getattr(np.random, qualname[13:], None)
    elif qualname.startswith("numpy.") and qualname.count(".") == 1:
        obj = getattr(np, qualname[6:], None)
    else:
        return None
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    if qualname.startswith("rng."):   # an unbound method: bind without self
        params = list(sig.parameters.values())[1:]
        sig = sig.replace(parameters=params)
    return sig


@functools.lru_cache(maxsize=4096)
def _binds_cached(qualname: str, nargs: int, kwnames: tuple[str, ...]) -> bool:
    sig = _signature(qualname)
    if sig is None:
        return True
    try:
        sig.bind(*range(nargs), **dict.fromkeys(kwnames, 0))
    except TypeError:
        return False
    return True


def _binds(callee, nargs: int, kwnames: tuple[str, ...]) -> bool:
    """Would these arguments bind to the callable's signature?"""
    if isinstance(callee, _Method):
        return _binds_cached("ndarray." + callee.name, nargs + 1, kwnames)
    return _binds_cached(callee.name, nargs, kwnames)


def _fast_power(base: _Arr, exponent: _Scal) -> str | None:
    """The ufunc NumPy runs for ``base ** exponent`` instead of power, if any (it can work in place)."""
    v, k = exponent.value, exponent.kind
    if base.dtype.kind not in "biufc":
        return None
    if k is int and v == 2:
        return "square"
    if base.dtype.kind not in "fc":
        return None
    if k is float and v == 0.5:
        return "sqrt"
    if k is int and v == -1:
        return "reciprocal"
    return None


def _k_strides(shape, itemsize, inputs) -> tuple[int, ...]:
    """Strides NumPy gives a new array in order 'K': the inputs' common memory order, else C."""
    perms = set()
    for v in inputs:
        if isinstance(v, _Arr) and v.shape == tuple(shape) and len(shape) > 1:
            if any(s == 0 for n, s in zip(v.shape, v.strides) if n > 1):
                continue
            perms.add(tuple(sorted(range(len(shape)), key=lambda i: -abs(v.strides[i]))))
    if len(perms) != 1:
        return _c_strides(shape, itemsize)
    perm = perms.pop()
    strides = [0] * len(shape)
    acc = itemsize
    for i in reversed(perm):
        strides[i] = acc
        acc *= max(shape[i], 1)
    return tuple(strides)


class _SliceV:
    __slots__ = ("start", "stop", "step")

    def __init__(self, start, stop, step) -> None:
        self.start, self.stop, self.step = start, stop, step

    def _part(self, v):
        if v is NONE:
            return None
        if isinstance(v, _Scal) and isinstance(v.value, int) and not isinstance(v.value, bool):
            return v.value
        raise _Stop

    def known(self) -> bool:
        try:
            self.as_slice()
            return True
        except _Stop:
            return False

    def as_slice(self) -> slice:
        s = slice(self._part(self.start), self._part(self.stop), self._part(self.step))
        if s.step == 0:
            raise _Stop
        return s

    def indices(self, size) -> tuple[int, int, int]:
        return self.as_slice().indices(size)



# --------------------------------------------------------------------------- public API

def analyze_cell(source: str, namespace: Mapping[str, Any], *, first_lineno: int = 1) -> CellPrediction:
    """Predict every statement of a cell. Never raises: failures come back as ``reason``."""
    try:
        parsed = _parse(source)
        if parsed.tree is None:
            return CellPrediction(reason=parsed.reason)
        an = _Analyzer(parsed, namespace if namespace is not None else {}, first_lineno)
        an.run_block(parsed.tree.body, _Frame())
        reason = "analysis stopped: the cell took too long to analyse" if an.timed_out else None
        if an.errors:
            reason = "internal error in the analysis, " + "; ".join(an.errors[:3])
        return CellPrediction(tuple(an.statements), reason)
    except RecursionError:
        return CellPrediction(reason="the cell is nested too deeply to analyse")
    except Exception as exc:   # an analysis bug must never break the user's cell
        return CellPrediction(reason=f"internal error in the analysis: {type(exc).__name__}: {exc}")


def analyze_line(source: str, lineno: int, namespace: Mapping[str, Any]) -> tuple[Temporary, ...]:
    """Temporaries of the statement(s) starting at ``lineno``, with the live namespace at that line."""
    try:
        parsed = _parse(source)
        if parsed.tree is None:
            return ()
        found = parsed.by_line.get(lineno)
        if not found:
            return ()
        an = _Analyzer(parsed, namespace if namespace is not None else {}, 1)
        out: list[Temporary] = []
        for node, parents in found:
            frame = _Frame()
            for p in parents:
                if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    frame = replace(frame, in_function=p.name, in_loop=False, loop_count=None)
                elif isinstance(p, (ast.For, ast.AsyncFor, ast.While)):
                    count, item = an.loop_header(p) if isinstance(p, (ast.For, ast.AsyncFor)) else (None, None)
                    if item is not None and isinstance(p.target, ast.Name) and p.target.id not in namespace:
                        an.env[p.target.id] = item   # the loop variable, before its first assignment
                    frame = replace(frame, in_loop=True, loop_count=count, depth=frame.depth + 1)
            an.simple(node, frame)
        for s in an.statements:
            out.extend(s.temporaries)
        return tuple(out)
    except Exception:
        return ()
