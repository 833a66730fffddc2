"""The statement interpreter: names, assignments, loops, operators and indexing, with no
knowledge of NumPy's API (the rules in ``npguard.static.rules`` hold that).
"""

from __future__ import annotations

import ast
import functools
import inspect
import math
import sys
import time
import types
import warnings
from dataclasses import dataclass, replace
from typing import Any, Mapping

import numpy as np

from npguard.model import Temporary
from npguard.units import format_bytes
from npguard.static.prediction import CellPrediction, Statement
from npguard.static.values import ELLIPSIS, NONE, PANDAS_ARRAY, RNG, UNKNOWN, _Arr, _Pandas, _BUILTIN_FUNCS, _BUILTIN_TYPES, _DType, _Dict, _Func, _Limits, _Method, _Mod, _PY_SCALARS, _Range, _Scal, _Seq, _SliceV, _Stop, _Str, _c_strides, _from_namespace, _holds_pandas, _k_strides, _listed, _plain_subclass, _same
from npguard.static.parsing import _COMPOUND, _Parsed, _operands, _parse, _segment
from npguard.static.dtypes import ELIDE_BYTES, _VALUE_BASED_CASTING, _broadcast, _fast_power, _fmt_dtype, _legacy_stand_ins, _ufunc_out_dtype
from npguard.static.context import _Ctx
from npguard.static.tables import _ARRAY_METHODS, _JOINS, _REDUCTIONS

from npguard.static.rules.creation import CreationRules
from npguard.static.rules.random import RandomRules
from npguard.static.rules.ufuncs import UfuncRules
from npguard.static.rules.linalg import LinalgRules
from npguard.static.rules.reductions import ReductionRules
from npguard.static.rules.shape import ShapeRules
from npguard.static.rules.transforms import TransformRules
from npguard.static.rules.methods import MethodRules
from npguard.static.rules.joins import JoinRules
from npguard.static.rules.builtins import BuiltinRules
from npguard.static.rules.functions import FunctionRules
#: Arrays below this size are never checked for aliasing, and never reported as rebound.
_ALIAS_BYTES = 256 * 1024


_ALIAS_LIMIT = 50


#: A cell that takes longer than this is cut short (with a reason) rather than stall the shell.
_TIME_BUDGET_S = 2.0


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


@dataclass(frozen=True)
class _Frame:
    in_loop: bool = False
    loop_count: int | None = None
    in_function: str | None = None
    silent: bool = False
    depth: int = 0
    loop_done: int = 0            # passes of the innermost loop already run when the line was read (deep mode)


class _Analyzer(CreationRules, RandomRules, UfuncRules, LinalgRules, ReductionRules, ShapeRules, TransformRules, MethodRules,
                JoinRules, BuiltinRules, FunctionRules):
    """Evaluates a cell's statements; NumPy's API comes from the rule mixins."""

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
        self.storing: ast.stmt | None = None   # the assignment whose targets are being bound
        self._pandas: dict[str, tuple | None] = {}   # name -> what pandas_named read of it
        self.last_top: ast.stmt | None = parsed.tree.body[-1] if parsed.tree and parsed.tree.body else None
        self.live = False   # the namespace is the one a running line sees (deep mode), not the session's before

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
            self.simple(self.test_of(node), frame)
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

    def test_of(self, node: ast.If | ast.While | ast.For | ast.AsyncFor) -> ast.Expr:
        """The test of an ``if`` or ``while``, or the iterable of a ``for``, as a statement of its own:
        ``if np.any(X < 0):`` builds its mask on the ``if`` line (the parse keeps one node per test, so
        what is cached by node holds)."""
        return self.parsed.tests[id(node)]

    def loop_header(self, node) -> tuple[int | None, Any]:
        """Iterations of a ``for`` loop when known, and the value its target takes."""
        if not isinstance(node, (ast.For, ast.AsyncFor)):
            return None, UNKNOWN
        ctx = _Ctx(self, node.lineno)
        if isinstance(node.iter, ast.Call) and self.func_name(node.iter.func) == "numpy.ndindex":
            return None, self.ndindex_item(node.iter, ctx)
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

    def ndindex_item(self, call: ast.Call, ctx: _Ctx) -> Any:
        """``for idx in np.ndindex(shape)``: each pass gives a tuple of integers, one per dimension (an
        index with it is basic: a view or one element, never a copy)."""
        if call.keywords or any(isinstance(a, ast.Starred) for a in call.args):
            return UNKNOWN
        try:
            dims = [self.eval(a, ctx) for a in call.args]
        except (_Stop, ArithmeticError, ValueError, TypeError, OverflowError):
            return UNKNOWN
        ndim = len(dims[0].items) if len(dims) == 1 and isinstance(dims[0], _Seq) else len(dims)
        return _Seq(tuple(_Scal(int) for _ in range(ndim)))

    def loop(self, node, frame: _Frame) -> None:
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self.simple(self.test_of(node), frame)   # the iterable is built once, before the first pass
        count, item = self.loop_header(node)
        before = dict(self.env)
        if isinstance(node, (ast.For, ast.AsyncFor)):
            if isinstance(node.target, ast.Name):
                self.env[node.target.id] = item
            else:
                self.bind_unknown(node.target)
        inner = replace(frame, in_loop=True, loop_count=count, depth=frame.depth + 1)
        if isinstance(node, ast.While):   # its test runs before every pass
            self.simple(self.test_of(node), inner)
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
        rebound = self.object_rebound(node, frame)
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
        if rebound is not None:
            name, arrays = rebound
            self.out_of_place(node, ctx, name, _Arr((arrays,), np.dtype(np.uint8), (1,)), UNKNOWN, rebinds=True)
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
                elif node.module in _NUMPY_MODULES and alias.name != "*":
                    module = _NUMPY_MODULES[node.module]
                    value = _from_namespace(getattr(module, alias.name, None)) if hasattr(module, alias.name) else UNKNOWN
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
            if (node is self.last_top and frame.depth == 0 and frame.in_function is None
                    or id(node) in self.parsed.iterables):
                idx = ctx.keep(value)   # shown, and kept in Out; or a for's iterable, held by its loop
                return in_place, value.info() if isinstance(value, _Arr) else None, idx
            if isinstance(node.value, ast.Call) and self.list_keeps(node.value):
                return in_place, None, ctx.listed   # ``out.append(X1 ** i)``: what the list now holds
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
            if current is UNKNOWN and tnode.id not in self.env:
                current = self.pandas_named(tnode.id) or current
        elif isinstance(tnode, ast.Subscript):
            current = self.eval(tnode, ctx)
        else:
            current = UNKNOWN
        value = self.eval(node.value, ctx)
        if isinstance(current, _Pandas):   # ``w /= sum(w)`` on a Series: pandas' own code
            self.pandas_op(node, ctx, current, value)
            return False, None, None
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
        olds = {n: self.lookup(n) if n in self.env else (self.pandas_named(n) or self.lookup(n)) for n in names}
        held = self.instance_array(tnodes[0]) if len(tnodes) == 1 and isinstance(tnodes[0], ast.Attribute) else None
        unpacked = ({e.id: self.lookup(e.id) for e in tnodes[0].elts if isinstance(e, ast.Name)}
                    if len(tnodes) == 1 and isinstance(tnodes[0], (ast.Tuple, ast.List)) else {})
        value = self.eval(node.value, ctx)
        result_index = ctx.keep(value)
        in_place = False
        self.storing = node   # a store into a pandas object is the statement's doing
        for t in tnodes:
            self.bind(t, value, ctx, targets)
            if isinstance(t, ast.Subscript) or isinstance(t, ast.Attribute) and t.attr in ("real", "imag"):
                # ``x[...] = v``, ``z.real = v``: the values are copied into the array x already holds
                in_place = in_place or isinstance(self.peek(t.value), _Arr)
        self.storing = None
        if len(tnodes) == 1:
            self.pandas_replaced(node, tnodes[0], olds, ctx)
        result = value.info() if isinstance(value, _Arr) and len(tnodes) == 1 and isinstance(tnodes[0], ast.Name) else None
        # a new array, or the unknown result of a call the analysis does not model (``x = np.cumsum(x)``)
        made = (isinstance(value, _Arr) and value.buf is not None) or (
            value in (UNKNOWN, PANDAS_ARRAY) and isinstance(node.value, ast.Call)) or (
            # ``X = fft.fft(x, Nf) / sqrt(Nf)``: arithmetic on what an unmodelled call returned is new too
            value is UNKNOWN and isinstance(node.value, (ast.BinOp, ast.UnaryOp))
            and any(isinstance(n, ast.Call) for n in ast.walk(node.value))
            and not _whole_reduction_of_numbers(node.value))
        rereads = held is not None and any(isinstance(n, ast.Attribute) and ast.unparse(n) == ast.unparse(tnodes[0])
                                           for n in ast.walk(node.value))
        if rereads and made and held.nbytes >= _ALIAS_BYTES:
            # ``self.dinputs = self.dinputs / samples``: the object's old array and the new one together
            self.out_of_place(node, ctx, ast.unparse(tnodes[0]), held, value)
        elif held is not None and made and held.nbytes >= _ALIAS_BYTES and held.live is not None:
            # ``life.array = np.random.randint(...)``: the old array is freed only once the new one is set
            self.out_of_place(node, ctx, ast.unparse(tnodes[0]), held, value, rebinds=True)
        if unpacked and made and frame.in_function is None and not set(unpacked) & set(self.parsed.reads(node.value)):
            # (``px, pw = re_sampling(px, pw)`` hands the old arrays to the call: they cannot be let go first)
            self.unpacked_over(node, ctx, unpacked, value)
        elif (unpacked and frame.in_function is None and (arrays := {
                n: old for n, old in unpacked.items() if isinstance(old, _Arr) and old.live is not None})
              and set(arrays) <= set(self.parsed.reads(node.value))):
            # ``x, y, dist = prep(x, y, 2)``: the names that held arrays are handed over; ``dist`` held none
            self.handed_over(node, ctx, arrays)
        if unpacked and isinstance(value, _Seq) and len(value.items) == len(tnodes[0].elts):
            # ``x, y = x[jj, :], y[jj]``: each name's old array is freed only once the tuple is unpacked
            for e, item in zip(tnodes[0].elts, value.items):
                old = unpacked.get(e.id) if isinstance(e, ast.Name) else None
                if (isinstance(item, _Arr) and item.buf is not None and isinstance(old, _Arr) and old.live is not None
                        and old.nbytes >= _ALIAS_BYTES and (frame.in_function is None or self.own_local(node, e.id, old))):
                    self.out_of_place(node, ctx, e.id, old, item, rebinds=e.id not in self.parsed.reads(node.value))
        if len(names) == 1 and len(tnodes) == 1 and made:
            name = names[0]
            old = olds[name]
            reads_self = name in self.parsed.reads(node.value)
            if reads_self and isinstance(old, _Arr):
                grew = frame.in_loop and value is not UNKNOWN and self.growing(node, ctx, frame, name, old, value)
                if not grew and old.nbytes >= _ALIAS_BYTES:
                    self.out_of_place(node, ctx, name, old, value)
            elif isinstance(old, _Arr) and old.live is not None and old.nbytes >= _ALIAS_BYTES \
                    and (frame.in_function is None or self.own_local(node, name, old)):
                # `b = a * 2` while b holds an array: the old one is freed only once the new one is bound
                self.out_of_place(node, ctx, name, old, value, rebinds=True)
        return in_place, result, result_index

    def object_rebound(self, node, frame: _Frame) -> tuple[str, int] | None:
        """``net = Network([784, 30, 10])`` run again at the top level: the object the name holds (an instance
        of a class of the session) keeps its arrays until the new object is bound. The name and those arrays'
        bytes, read before the statement runs."""
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and frame.in_function is None and self.namespace is not None):
            return None
        name = node.targets[0].id
        if name in self.env or name in self.parsed.reads(node.value):
            return None
        arrays = _object_arrays(self.namespace.get(name))
        return (name, arrays) if arrays >= _ALIAS_BYTES else None

    def own_local(self, node, name: str, old: "_Arr") -> bool:
        """In a function, ``name`` is a local that is not a parameter (the caller's array would stay
        alive whatever the function does) and holds an array that owns its memory: rebinding it frees
        that memory, but only once the new value is bound."""
        funcs = [p for stmt, parents in self.parsed.by_line.get(node.lineno, []) if stmt is node
                 for p in parents if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef))]
        if not funcs:
            return False
        func = funcs[-1]
        args = func.args
        params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
        params |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
        shared = any(isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names for n in ast.walk(func))
        bound = any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
                    and n.lineno < node.lineno for n in ast.walk(func))
        if not bound:
            return False   # the value seen is a global of the same name: the local is not bound yet
        live = old.live
        return (name not in params and not shared and isinstance(live, np.ndarray) and type(live) is np.ndarray
                and live.base is None)

    def unpacked_over(self, node, ctx: _Ctx, olds: dict[str, Any], value: Any) -> None:
        """``a0, a1 = rand(2, n)`` while ``a0``, ``a1`` hold the rows of the previous draw: the array
        they keep alive is freed only once the new one is unpacked."""
        owners = {}
        for old in olds.values():
            live = old.live if isinstance(old, _Arr) else None
            while isinstance(live, np.ndarray) and isinstance(live.base, np.ndarray):
                live = live.base
            if isinstance(live, np.ndarray) and type(live) is np.ndarray:
                owners[id(live)] = live
        if not owners:
            return
        largest = max(owners.values(), key=lambda a: a.nbytes)
        if largest.nbytes >= _ALIAS_BYTES:
            self.out_of_place(node, ctx, ", ".join(olds), _from_namespace(largest), value, rebinds=True)

    def handed_over(self, node, ctx: _Ctx, olds: dict[str, Any]) -> None:
        """``train, labels = randomize(train, labels)`` at the top level: the cell's function is handed the arrays
        the names hold, which stay bound until its values are unpacked. The call's site says what it replaces."""
        call = node.value
        own = isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and any(
            isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == call.func.id
            for n in (self.parsed.tree.body if self.parsed.tree is not None else []))
        owners = {}
        for name, old in olds.items():
            live = old.live if isinstance(old, _Arr) else None
            if not (isinstance(live, np.ndarray) and type(live) is np.ndarray) or self.aliases(name, old):
                return   # not an array the analysis read, or another name shares it: unpacking frees nothing
            while isinstance(live.base, np.ndarray):
                live = live.base
            owners[id(live)] = live.nbytes
        span = self.span(call)
        if own and owners and sum(owners.values()) >= _ALIAS_BYTES and span is not None:
            ctx.calls[:] = [replace(c, replaces=", ".join(olds), replaced=sum(owners.values())) if c.span == span else c
                            for c in ctx.calls]

    def pandas_replaced(self, node, target, olds, ctx: _Ctx) -> None:
        """``df = df[mask]``, ``df['c'] = df['c'].astype(int)``: the old frame or column stays held
        until the new value is bound, so the line's site says what it replaces."""
        if isinstance(target, ast.Name):
            old = olds.get(target.id)
            what, nbytes = target.id, old.nbytes if isinstance(old, _Pandas) else 0
            index = old.index_bytes if isinstance(old, _Pandas) else 0
        elif (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
              and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str)):
            frame = self.pandas_named(target.value.id) if target.value.id not in self.env else None
            what, nbytes = self.segment(target), (frame.columns.get(target.slice.value, 0) if frame else 0)
            index = 0
        else:
            return
        span = self.span(node.value)
        if nbytes and span is not None:
            ctx.calls[:] = [replace(c, replaces=what, replaced=nbytes, replaced_index=index) if c.span == span else c
                            for c in ctx.calls]

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
            if target.attr in ("real", "imag") and isinstance(target.value, ast.Name):
                targets.append(target.value.id)
            owner = self.eval(target.value, ctx)
            made_here = self.storing is not None and not isinstance(self.storing.value, ast.Call)
            if isinstance(owner, _Pandas) and (isinstance(value, (_Seq, _Range)) or value is UNKNOWN and made_here):
                # ``frame.index = [''] * len(frame)``: pandas' setter builds an Index (or a column) from the
                # Python values, so the store is pandas' site
                self.pandas_op(self.storing or target, ctx, owner)

    def eval_index_for_store(self, target: ast.Subscript, ctx: _Ctx) -> None:
        """``b[idx] = v`` computes ``idx`` (a mask, say) but does not copy ``b[idx]``."""
        base = self.eval(target.value, ctx)
        idx = self.eval(target.slice, ctx)
        if isinstance(base, _Pandas):
            column = idx.value if isinstance(idx, _Str) else None
            if column not in base.columns:   # a new column, a masked or positional write: the whole statement
                self.pandas_op(self.storing or target, ctx, base, idx)
            return
        if isinstance(base, _Arr):
            tuple_index = isinstance(target.slice, ast.Tuple) and isinstance(idx, _Seq)
            items = list(idx.items) if tuple_index else [idx]
            nodes = list(target.slice.elts) if tuple_index else [target.slice]
            if (not tuple_index and isinstance(idx, _Seq) and not idx.is_list and idx.items
                    and all(isinstance(v, _Arr) for v in idx.items)):   # ``b[np.nonzero(mask)] = v``
                items, nodes = list(idx.items), [target.slice] * len(idx.items)
            items = [self.range_index(ctx, v, n) for v, n in zip(items, nodes)]
            ctx.release(*self.mask_indices(ctx, base, items, nodes), *items)
        ctx.release(idx, base)

    @staticmethod
    def range_index(ctx: _Ctx, v, node):
        """A ``range`` (or a list made of one) used as an index: NumPy turns it into an integer array first."""
        if not (isinstance(v, _Range) and v.value is not None and len(v.value)):
            return v
        r = v.value
        index = ctx.alloc(node, (len(r),), np.intp, "chained-ops",
                          f"a range used as an index is first made into an integer array; slice({r.start}, {r.stop},"
                          f" {r.step}) selects the same elements as a view")
        if r.step == 1 and r.start >= 0:
            index.run = (r.start, r.stop)
        return index

    def mask_indices(self, ctx: _Ctx, a: _Arr, items, nodes) -> list[_Arr]:
        """The index arrays NumPy makes from a boolean mask (``np.nonzero``) before selecting with
        it, unless the mask is the only index and covers every dimension (``x[x > 0]``): at most one
        intp per selected element and mask dimension (``X[y == 1]`` with ``X`` 2-D, ``d[keep, 0]``)."""
        masks = [(v, n) for v, n in zip(items, nodes) if isinstance(v, _Arr) and v.dtype.kind == "b" and v.shape]
        if not masks or (len(items) == 1 and len(masks[0][0].shape) == len(a.shape)):
            return []
        made = [ctx.alloc(n, (len(v.shape), v.size), np.intp, "fancy-index-copy",
                          f"at most one index per element of the mask, {len(v.shape)} of the array's"
                          f" {len(a.shape)} dimensions: NumPy turns it into index arrays (np.nonzero) first")
                for v, n in masks]
        for index in made:
            self.ctx_fields(ctx, index, mask_indices=True)
        return made

    def growing(self, node, ctx: _Ctx, frame: _Frame, name, old: _Arr, new: _Arr) -> bool:
        call = node.value
        if not isinstance(call, ast.Call):
            return False
        fn = self.func_name(call.func)
        if fn is None or fn.split(".")[-1] not in _JOINS or not fn.startswith("numpy."):
            return False
        # the old value is joined whole (``x = np.append(x, row)``), not a piece of another array
        # (``s = np.append(state[:, :, 1:], np.expand_dims(s, 2), axis=2)`` slides a window)
        joined = [a for a in call.args[:2] for a in (a.elts if isinstance(a, (ast.Tuple, ast.List)) else [a])]
        if not any(isinstance(a, ast.Name) and a.id == name for a in joined) or self.bound_anew(node, name):
            return False
        count = frame.loop_count
        short = fn.replace("numpy.", "np.")
        grow = new.size - old.size          # elements added per pass
        done = frame.loop_done if count is not None and 0 < frame.loop_done < count else 0
        if count is not None and grow > 0:
            item = new.dtype.itemsize
            # (read at a later pass, the array has grown for ``done`` passes already)
            first = old.size - done * grow if old.size >= done * grow else old.size
            final_size = first + count * grow
            axis = [i for i, (a, b) in enumerate(zip(old.shape, new.shape)) if a != b]
            if len(new.shape) == 1:
                final_shape = (final_size,)
            elif len(old.shape) == len(new.shape) and len(axis) == 1:
                ax = axis[0]
                step = new.shape[ax] - old.shape[ax]
                final_shape = new.shape[:ax] + (old.shape[ax] - (done * step if old.size >= done * grow else 0)
                                                + count * step,) \
                    + new.shape[ax + 1:]
            else:
                final_shape = new.shape
            final = final_size * item
            total = (count * first + grow * count * (count + 1) // 2) * item
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

    def bound_anew(self, node, name: str) -> bool:
        """``pad_s = np.hstack((edge, row))`` earlier in the same pass, on the way from the loop's start to
        ``node``: the name starts each pass from other values, so joining onto it does not grow across passes."""
        for stmt, parents in self.parsed.by_line.get(node.lineno, []):
            loops = [i for i, p in enumerate(parents) if isinstance(p, (ast.For, ast.AsyncFor, ast.While))]
            if stmt is not node or not loops:
                continue
            chain = [*parents[loops[-1]:], node]
            for outer, inner in zip(chain, chain[1:]):
                body = next((b for b in (getattr(outer, f, None) for f in ("body", "orelse", "finalbody"))
                             if isinstance(b, list) and any(x is inner for x in b)), [])
                for prior in body[:next((i for i, x in enumerate(body) if x is inner), 0)]:
                    if (isinstance(prior, ast.Assign) and len(prior.targets) == 1
                            and isinstance(prior.targets[0], ast.Name) and prior.targets[0].id == name
                            and not any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(prior.value))):
                        return True
        return False

    def loop_parents(self, node) -> list:
        for stmt, parents in self.parsed.by_line.get(node.lineno, []):
            if stmt is node:
                return [p for p in parents if isinstance(p, (ast.For, ast.AsyncFor, ast.While))]
        return []

    def out_of_place(self, node, ctx: _Ctx, name: str, old: _Arr, new: Any, rebinds: bool = False) -> None:
        problems = []
        if rebinds:   # `del name` first frees the old array whatever the new one is
            pass
        elif not isinstance(new, _Arr):
            problems.append("the call's result is not modelled, so its shape and dtype are not known here")
        elif new.shape != old.shape:
            problems.append(f"the shape changes {old.shape} -> {new.shape}")
        if isinstance(new, _Arr) and new.dtype != old.dtype and not rebinds:
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
        base = old.live
        while isinstance(base, np.ndarray) and isinstance(base.base, np.ndarray):
            base = base.base
        ctx.temps[idx].update(in_place_safe=not problems, unsafe_because=tuple(problems),
                              rebinds=name if rebinds else None, aliased_by=tuple(aliases),
                              held_bytes=base.nbytes if isinstance(base, np.ndarray) else old.nbytes)

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

    def field(self, ctx: _Ctx, a: _Arr, name: _Str) -> Any:
        """``data['age']`` on a structured array: a view of one field, with the record's strides."""
        fields = a.dtype.fields or {}
        if name.value not in fields or fields[name.value][0].shape:
            return self.opaque(ctx, a)
        return a.view(a.shape, a.strides, fields[name.value][0])

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
        value = self.lookup(node.id)
        if value is UNKNOWN and node.id not in self.env:
            return self.pandas_named(node.id) or value
        return value

    def pandas_named(self, name: str) -> _Pandas | None:
        """The pandas object the namespace holds under ``name``, with its columns' bytes."""
        if name not in self._pandas:   # read once per analysis: a frame's columns do not change under it
            try:
                self._pandas[name] = _pandas_object(self.namespace.get(name), self.namespace)
            except Exception:
                self._pandas[name] = None
        read = self._pandas[name]
        return _Pandas((name,), *read) if read is not None else None

    def pandas_op(self, node, ctx, *values) -> _Pandas:
        """An operator or subscript on a pandas object: pandas' code makes its memory."""
        names = tuple(sorted({n for v in values if isinstance(v, _Pandas) for n in v.names}))
        ctx.pandas_site(node, names)
        ctx.release(*values)
        return _Pandas(names)

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
        held = self.instance_array(node, own_only=False)
        if held is not None:
            return held
        return self.attribute_of(node, self.eval(node.value, ctx), ctx)

    def attribute_of(self, node, base, ctx):
        """``node.attr`` of the value ``base`` its object evaluated to."""
        attr = node.attr
        if isinstance(base, _Mod):
            full = f"{base.name}.{attr}"
            if full in _NUMPY_MODULES:
                return _Mod(full)
            if full == "numpy.newaxis":
                return NONE
            if full in _INDEX_TRICKS:
                return _Func(full)
            if base.name == "numpy" and attr in ("pi", "e", "inf", "nan", "euler_gamma"):
                return _Scal(float, getattr(np, attr))
            if base.name not in _NUMPY_MODULES:   # another NumPy module
                return _Func(full) if callable(getattr(sys.modules.get(base.name), attr, None)) else UNKNOWN
            live = getattr(_NUMPY_MODULES[base.name], attr, None)
            if isinstance(live, type) and issubclass(live, np.generic):
                return _DType(np.dtype(live))
            if live is not None and callable(live):
                return _Func(full)
            return UNKNOWN
        if isinstance(base, _Arr):
            return self.array_attr(node, base, attr, ctx)
        if isinstance(base, _Limits):
            value = getattr(base.info, attr, None)
            if isinstance(value, np.generic):
                return _from_namespace(value)   # ``eps``, ``max``: a NumPy scalar of the dtype
            return _Scal(int, value) if type(value) is int else UNKNOWN   # ``bits``, ``iinfo(...).max``
        if (isinstance(base, _Func) and base.name.count(".") == 1 and base.name.startswith("numpy.")
                and attr in ("accumulate", "reduce", "outer")
                and isinstance(getattr(np, base.name[6:], None), np.ufunc)):
            return _Func(f"{base.name}.{attr}")   # ``np.maximum.accumulate``: a ufunc's own method
        if isinstance(base, _Pandas) and attr == "shape" and base.shape is not None:
            return _Seq(tuple(_Scal(int, n) for n in base.shape))   # ``np.zeros(X.shape[0])``: sized by the frame
        if isinstance(base, _Pandas) and attr == "T":
            return self.pandas_op(node, ctx, base)   # ``df.tail(3).T``: a transpose of mixed columns copies
        if isinstance(base, _Pandas) and attr in base.columns and attr not in _PANDAS_NOT_PANDAS:
            return base.column(attr)   # ``df.age``: the column, no copy
        if isinstance(base, _Pandas) and attr not in _PANDAS_NOT_PANDAS:
            return _Pandas(base.names)   # ``s.str``, ``df.groupby``: still pandas
        if isinstance(base, _Pandas) and attr in ("values", "to_numpy"):
            self.opaque(ctx, base)
            return PANDAS_ARRAY if attr == "values" else _Func("pandas.to_numpy")
        if base is PANDAS_ARRAY and callable(getattr(np.ndarray, attr, None)):
            return _Func("ndarray." + attr)   # ``(df == 0).values.nonzero()``: NumPy's method
        if base is RNG:
            return _Func("rng." + attr)
        if isinstance(base, _DType) and attr in ("itemsize", "name", "type"):
            if attr == "itemsize":
                return _Scal(int, base.dtype.itemsize)
            return _DType(base.dtype) if attr == "type" else _Str(base.dtype.name)
        return self.opaque(ctx, base)

    def instance_array(self, node, own_only: bool = True) -> Any:
        """``m.X_train``, ``self.W``: an ndarray an object holds in its own ``__dict__`` (read there,
        so no property or ``__getattr__`` of the user's runs), when the name is not rebound here.
        Unless ``own_only``, also a Python number or a list of arrays it holds, or an array or number its class
        holds (``table`` in ``class Life: table = np.zeros(20)``), read from the classes' ``__dict__``."""
        chain, root = [], node.value
        while isinstance(root, ast.Attribute) and not own_only and len(chain) < 3:
            chain.append(root.attr)   # ``self._params.xmo``: an object another object holds
            root = root.value
        if not isinstance(root, ast.Name) or root.id in self.env:
            return None
        try:
            obj = self.namespace[root.id]
            for attr in reversed(chain):
                if isinstance(obj, (np.ndarray, np.generic, type, types.ModuleType)) \
                        or type(obj).__module__.startswith(("numpy", "pandas")):
                    return None
                obj = object.__getattribute__(obj, "__dict__")[attr]   # (no property of the user's runs)
            if isinstance(obj, (np.ndarray, np.generic, type)) or type(obj).__module__.startswith(("numpy", "pandas")):
                return None
            dicts = [object.__getattribute__(obj, "__dict__")]
            if not own_only:
                dicts += [vars(c) for c in type.__getattribute__(type(obj), "__mro__")]
        except Exception:
            return None
        for own in dicts:
            if node.attr in own:
                value = own[node.attr]
                if type(value) is np.ndarray or _plain_subclass(value) or (
                        not own_only and type(value) in (int, float, complex)):
                    return _from_namespace(value)
                if not own_only and isinstance(value, np.generic) and type(value).__module__ == "numpy" \
                        and value.dtype.kind in "biufc":
                    return _from_namespace(value)   # ``self._params.eta``: a NumPy scalar, whose dtype counts

                if not own_only and type(value) in (list, tuple) and value and all(type(v) is np.ndarray
                                                                                  for v in value):
                    return _from_namespace(value)   # ``self.means[k]``: a list of arrays, one per cluster
                return None
        return None

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
        if attr == "imag":
            if a.dtype.kind == "c":
                return a.view(a.shape, a.strides, np.dtype(f"f{a.dtype.itemsize // 2}"))
            zeros = ctx.alloc(node, a.shape, a.dtype)   # a real array's imaginary part: new zeros
            if a.f_contiguous and not a.c_contiguous:   # Fortran-ordered only when the input is
                zeros.strides = _c_strides(a.shape[::-1], a.dtype.itemsize)[::-1]
            ctx.release(a)
            return zeros
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
            if left.kind is bool and right.kind is bool and type(op) in (ast.BitAnd, ast.BitOr, ast.BitXor):
                return _Scal(bool, None)   # True & True is a bool, which indexes as a new axis, not as 1
            k = max(rank.index(left.kind), rank.index(right.kind), 1)
            if k >= 2 and type(op) in (ast.BitAnd, ast.BitOr, ast.BitXor, ast.LShift, ast.RShift, ast.MatMult):
                raise _Stop   # TypeError for Python floats
            if isinstance(op, ast.Div):
                k = max(k, 2)
            return _Scal(rank[k], None)
        uf = getattr(np, _BINOPS[type(op)][0])
        dtype = _ufunc_out_dtype(uf, [left, right])
        if (dtype.kind in "iu" and left.value is not None and right.value is not None
                and type(op) in (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)):
            # ``d - 1`` with ``d`` from ``np.arange``: a NumPy integer whose value sizes or places an array
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    return _Scal(dtype, dtype.type(uf(left.value, right.value)))
                except (ArithmeticError, OverflowError, TypeError, ValueError):
                    pass
        return _Scal(dtype)

    def e_BinOp(self, node, ctx):
        left = self.eval(node.left, ctx)
        right = self.eval(node.right, ctx)
        if isinstance(left, _Pandas) or isinstance(right, _Pandas):
            return self.pandas_op(node, ctx, left, right)
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
            # ``np.dot(a, b) * (1 - np.power(unknown, 2))``: NumPy may compute the result in the known temporary on
            # the left (its elision asks only of the other operand's shape and dtype), so it is no sure casualty of
            # the line. (Not one on the right: NumPy tries the left first, which may be a temporary too.)
            if (op in _ELIDE_LEFT and isinstance(left, _Arr) and left.fresh and left.buf is not None
                    and left.nbytes >= ELIDE_BYTES and not isinstance(right, (_Arr, _Scal))):
                ctx.temps[left.buf]["reusable"] = True
            return self.opaque(ctx, left, right)
        ufname, sym = _BINOPS[op]
        uf = getattr(np, ufname)
        try:
            shape = _broadcast(left, right)
        except _Stop:
            shape = self.bounded(left, right)
            # the held array, as long as the bound (NumPy saw the two alike, or the line would have failed)
            left, right = ((_Arr(shape, v.dtype, _c_strides(shape, v.dtype.itemsize), origin=v.origin)
                            if v.live is not None else v) for v in (left, right))
        fast = op is ast.Pow and isinstance(right, _Scal) and isinstance(left, _Arr) and _fast_power(left, right)
        if fast:   # x**2, x**0.5, x**-1 run as square / sqrt / reciprocal (bool**2 is int8)
            dtype = _ufunc_out_dtype(getattr(np, fast), [left])
        else:
            dtype = _ufunc_out_dtype(uf, [left, right])
        # temporary elision: NumPy reuses a refcount-1 operand's buffer for the result
        candidates = []
        if op in _ELIDE_LEFT and not (op is ast.Div and isinstance(left, _Arr) and left.dtype.kind not in "fc"):
            candidates.append((left, right))
        # on NumPy 2 a NumPy scalar on the left runs its own operator, which never reuses the array
        # (measured on 2.4; 1.26 does reuse it)
        numpy_scalar_left = isinstance(left, _Scal) and isinstance(left.kind, np.dtype) and not _VALUE_BASED_CASTING
        if op in _ELIDE_COMMUTATIVE and not numpy_scalar_left:
            candidates.append((right, left))
        if fast:
            candidates.append((left, _Scal(bool)))   # x**2, x**0.5, x**-1 run as square/sqrt/reciprocal
        for tmp, other in candidates:
            if self.elidable(tmp, other, shape, dtype):
                ctx.note(node, tmp.nbytes, shape, dtype, "chained-ops",
                         f"NumPy reuses the temporary's buffer in place ({sym})", elided=True)
                ctx.release(other)
                return _Arr(tmp.shape, tmp.dtype, tmp.strides, buf=tmp.buf, fresh=True, origin=tmp.origin)
        result = self.ufunc_result(node, [left, right], shape, dtype, ctx, sym)
        if (numpy_scalar_left and op in _ELIDE_COMMUTATIVE and isinstance(result, _Arr) and result.buf is not None
                and self.elidable(right, left, shape, dtype)):
            ctx.temps[result.buf]["scalar_left"] = self.segment(node.left)
        return result

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
        if isinstance(other, _Arr) and other.live is not None and type(other.live) is not np.ndarray:
            return False   # ``np.dot(X, W) + b`` with ``b`` an ndarray subclass: NumPy elides beside exact arrays only
        scalar = isinstance(other, _Scal) or not other.shape
        if scalar and _VALUE_BASED_CASTING:
            # NumPy 1.x checks a scalar or 0-d operand by its value (every case when unknown)
            return all(np.can_cast(x, tmp.dtype, "safe") for x in _legacy_stand_ins(other))
        if isinstance(other, _Scal):
            return bool(np.can_cast(other.as_array_dtype(), tmp.dtype, "safe"))
        return (scalar or other.shape == tmp.shape) and bool(np.can_cast(other.dtype, tmp.dtype, "safe"))

    def ufunc_result(self, node, inputs, shape, dtype, ctx, sym="", typed=None) -> _Arr:
        """``typed``: the inputs the result's dtype comes from, where not all do (``np.where``'s condition
        sets no dtype)."""
        arrays = [v for v in inputs if isinstance(v, _Arr)]
        if not shape:   # ufuncs on 0-d operands return NumPy scalars
            ctx.release(*arrays)
            return _Scal(np.dtype(dtype))
        result = ctx.alloc(node, shape, dtype)
        result.strides = _k_strides(result.shape, result.dtype.itemsize, arrays)
        kind, detail, fields = self.cause(inputs, result, sym, typed)
        if kind:
            ctx.kind(result.buf, kind, detail, **fields)
        ctx.release(*arrays)
        return result

    @staticmethod
    def cause(inputs, result: _Arr, sym="", typed=None) -> tuple[str | None, str, dict]:
        arrays = [v for v in inputs if isinstance(v, _Arr)]
        if not arrays:
            return None, "", {}
        biggest = max(arrays, key=lambda a: a.nbytes)
        if result.size > max(a.size for a in arrays) and result.nbytes >= 2 * biggest.nbytes:
            shapes = " and ".join(str(a.shape) for a in arrays)
            return "broadcast-expansion", (f"broadcasting {shapes} materialises {result.shape}: "
                                           f"{result.nbytes / max(biggest.nbytes, 1):.0f}x the largest input"), {}
        if typed is not None:
            inputs = typed
            arrays = [v for v in inputs if isinstance(v, _Arr)]
        widths = [a.dtype.itemsize for a in arrays if a.dtype.kind != "b"]
        if result.dtype.kind in "fc" and all(a.dtype.kind in "iub" for a in arrays):
            # integers made float (``k / np.float32(3)``): only a float wider than the least one
            # that holds them exactly is an upcast
            least = np.result_type(*(a.dtype for a in arrays), np.float16)
            widths = [least.itemsize] if result.dtype.kind == "f" else widths
        else:
            # ``np.dot(h, W) + bias32``: the wide operand is the big one, so the result is its size and type
            # anyway; only a narrow operand at least as large as every wide one makes the result wider
            wide = [a.size for a in arrays if a.dtype.kind != "b" and a.dtype.itemsize >= result.dtype.itemsize]
            if wide:
                widths = [a.dtype.itemsize for a in arrays
                          if a.dtype.kind != "b" and a.dtype.itemsize < result.dtype.itemsize
                          and a.size >= max(wide)]
        asked = result.dtype.kind == "c" and any(   # ``1j * x``, ``re + im``: complex on purpose
            (isinstance(v, _Arr) and v.dtype.kind == "c") or (isinstance(v, _Scal) and (
                v.kind is complex or (isinstance(v.kind, np.dtype) and v.kind.kind == "c"))) for v in inputs)
        if widths and result.dtype.itemsize > min(widths) and result.dtype.kind != "b" and not asked:
            names = f" {sym} ".join(_fmt_dtype(v) for v in inputs) if sym else ", ".join(_fmt_dtype(v) for v in inputs)
            return "dtype-upcast", f"{names} -> {result.dtype.name}", {"inputs": tuple(_fmt_dtype(v) for v in inputs)}
        return None, "", {}

    def e_UnaryOp(self, node, ctx):
        v = self.eval(node.operand, ctx)
        if isinstance(v, _Pandas):
            return self.pandas_op(node, ctx, v)
        if isinstance(node.op, ast.Not):
            if isinstance(v, _Arr) and v.size != 1:
                raise _Stop   # truth value of an array is ambiguous
            ctx.release(v)
            return _Scal(bool)
        if isinstance(v, _Scal):
            # (a NumPy dtype compares equal to its Python type: ``np.dtype(float) == float``)
            if not isinstance(v.kind, np.dtype) and v.kind in _PY_SCALARS and v.value is not None:
                try:
                    r = {ast.USub: lambda x: -x, ast.UAdd: lambda x: +x, ast.Invert: lambda x: ~x}[type(node.op)](v.value)
                    return _Scal(type(r), r)
                except TypeError:
                    raise _Stop from None
            if isinstance(v.kind, np.dtype) and isinstance(v.value, np.generic) and v.kind.kind in "biufc" \
                    and not isinstance(node.op, ast.UAdd):
                with np.errstate(all="ignore"):   # ``-eps`` of ``np.finfo(...).eps``: a NumPy scalar, its value kept
                    r = getattr(np, _UNARY[type(node.op)])(v.value)
                return _Scal(r.dtype, r)
            return _Scal(_ufunc_out_dtype(getattr(np, _UNARY[type(node.op)]), [v]) if isinstance(v.kind, np.dtype)
                         else v.kind)
        if isinstance(v, _Arr):
            return self.unary_array(node, _UNARY[type(node.op)], v, ctx, elide=True)
        return self.opaque(ctx, v)

    def unary_array(self, node, ufname, v: _Arr, ctx, elide=False):
        uf = getattr(np, ufname)
        dtype = _ufunc_out_dtype(uf, [v])
        # NumPy's ``can_elide_temp_unary`` asks nothing of the dtype: ``-(float32 temporary)`` reuses it too
        if (elide and ufname != "positive" and v.fresh and v.nbytes >= ELIDE_BYTES and v.dtype == dtype
                and v.shape):
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
        if isinstance(left, _Pandas) or isinstance(right, _Pandas):
            return self.pandas_op(node, ctx, left, right)
        if isinstance(left, _Arr) or isinstance(right, _Arr):   # ``x >= [[2**-28], [0.84375]]``
            left, right = _listed(left), _listed(right)
        op = type(node.ops[0])
        if op not in _CMPOPS or not (isinstance(left, _Arr) or isinstance(right, _Arr)):
            if op in (ast.Is, ast.IsNot, ast.In, ast.NotIn) or isinstance(left, _Scal) and isinstance(right, _Scal):
                ctx.release(left, right)
                return _Scal(bool)
            return self.opaque(ctx, left, right)
        text = _text_against(left, node.comparators[0]) or _text_against(right, node.left)
        if text is not None and op in (ast.Eq, ast.NotEq):   # ``codes == b'ALFA'``: one bool per element
            return self.ufunc_result(node, [left, right], text.shape, np.dtype(bool), ctx)
        if not (isinstance(left, (_Arr, _Scal)) and isinstance(right, (_Arr, _Scal))):
            return self.opaque(ctx, left, right)
        shape = _broadcast(left, right)
        dtype = _ufunc_out_dtype(getattr(np, _CMPOPS[op]), [left, right])
        result = self.ufunc_result(node, [left, right], shape, dtype, ctx)
        if isinstance(result, _Arr) and result.buf is not None:   # what was compared (a clamp's array, say)
            ctx.temps[result.buf].setdefault("inputs", tuple(
                v.dtype.name if isinstance(v, _Arr) else v.as_array_dtype().name for v in (left, right)))
        return result

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
            it = self.eval(gen.iter, ctx)
            if isinstance(it, _Pandas):
                # ``[g.x.mean() for _, g in groups]``: iterating a frame or a group-by builds each piece in
                # pandas' own code, which the comprehension's line pays for
                ctx.pandas_site(node, it.names)
            item = _item_of(it)
            self.opaque(ctx, it)
            if item is not None and isinstance(gen.target, ast.Name):
                self.env[gen.target.id] = item   # ``for month in months``: one number per pass
            else:
                self.bind_unknown(gen.target)
        inner = [getattr(node, a) for a in ("elt", "key", "value") if hasattr(node, a)]
        vals = [self.eval(e, ctx) for e in inner]
        self.env = saved
        return self.opaque(ctx, *vals)

    e_ListComp = e_SetComp = e_GeneratorExp = e_DictComp = comprehension

    # ---- subscripts

    def e_Subscript(self, node, ctx):
        held = self.dict_item(node)
        if held is not None:
            return held
        base = self.eval(node.value, ctx)
        idx_node = node.slice
        items_nodes = idx_node.elts if isinstance(idx_node, ast.Tuple) else [idx_node]
        items = []
        for n in items_nodes:
            items.append(self.eval(n, ctx))
        if (len(items) == 1 and isinstance(items[0], _Seq) and not items[0].is_list and items[0].items
                and all(isinstance(v, _Scal) and v.kind is int for v in items[0].items)):
            # ``a[idx]`` with ``idx`` a tuple of integers (``np.ndindex``): one integer per dimension, basic indexing
            items, items_nodes = list(items[0].items), [idx_node] * len(items[0].items)
        elif (len(items) == 1 and isinstance(items[0], _Seq) and not items[0].is_list and items[0].items
                and all(isinstance(v, _Arr) for v in items[0].items)):
            # ``a[idx]`` with ``idx = np.nonzero(mask)``: a tuple of index arrays, one per dimension
            items, items_nodes = list(items[0].items), [idx_node] * len(items[0].items)
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
        if isinstance(base, _Pandas):
            if len(items) == 1 and isinstance(items[0], _Str) and items[0].value in base.columns:
                return base.column(items[0].value)   # ``df['col']``: the column, no copy
            return self.pandas_op(node, ctx, base, *items)
        if isinstance(base, _Func) and base.name in _INDEX_TRICKS:
            return self.index_trick(node, base.name, items, ctx)
        if not isinstance(base, _Arr):
            return self.opaque(ctx, base, *items)
        return self.index_array(node, base, items, items_nodes, ctx)

    def index_trick(self, node, name: str, items, ctx):
        """``np.r_[0:n, m:k]`` (an integer array joined from ranges) and ``np.mgrid[0:h, 0:w]``
        (dense grids, one per slice), when every slice has integer bounds; ``np.r_[A, B]`` of arrays alone joins
        them along their first axis, as ``np.concatenate`` does."""
        arrays = [v for v in items if isinstance(v, _Arr)]
        if (name == "numpy.r_" and arrays and len(arrays) < len(items) and all(
                isinstance(v, _Arr) and len(v.shape) == 1 and v.c_contiguous
                or isinstance(v, _Scal) and v.kind in (bool, int, float) for v in items)):
            # ``np.r_[0, mask]``: the numbers and arrays take one dtype (the Python int beside a bool array makes
            # int64), and np.r_ converts each array of another dtype whole before it joins them
            final = np.result_type(*(v.dtype if isinstance(v, _Arr) else v.kind(0) if v.value is None else v.value
                                     for v in items))
            casts = []
            for v in arrays:
                if v.dtype != final:
                    cast = ctx.alloc(node, v.shape, final, "dtype-upcast",
                                     f"np.r_ converts a {v.dtype.name} array to {final.name} to join it")
                    ctx.temps[cast.buf]["inputs"] = tuple(
                        v.dtype.name if isinstance(v, _Arr) else v.kind.__name__ for v in items)
                    casts.append(cast)
            result = ctx.alloc(node, (sum(a.shape[0] for a in arrays) + len(items) - len(arrays),), final)
            ctx.release(*casts)
            return result
        if (name == "numpy.r_" and items and len(arrays) == len(items) and all(a.shape for a in arrays)
                and len({len(a.shape) for a in arrays}) == 1 and len({a.shape[1:] for a in arrays}) == 1
                and all(a.c_contiguous for a in arrays)):   # (NumPy keeps other inputs' memory order)
            shape = (sum(a.shape[0] for a in arrays),) + arrays[0].shape[1:]
            return ctx.alloc(node, shape, np.result_type(*(a.dtype for a in arrays)))
        lengths = []
        floating = False
        for v in items:
            step = v.step if isinstance(v, _SliceV) else None
            if (name == "numpy.mgrid" and isinstance(step, _Scal) and step.kind is complex and step.value is not None
                    and all(isinstance(p, _Scal) and p.kind in (int, float) for p in (v.start, v.stop))):
                # ``np.mgrid[-w:w:1000j]``: an imaginary step is a number of points, from start to stop, as floats
                lengths.append(int(abs(step.value.imag)))
                floating = True
            elif isinstance(v, _SliceV) and v.known():
                bounds = v.as_slice()
                lengths.append(len(range(bounds.start or 0, bounds.stop, bounds.step or 1))
                               if bounds.stop is not None and (bounds.start or 0) >= 0 and bounds.stop >= 0 else None)
            elif name == "numpy.r_" and isinstance(v, _Scal) and v.kind is int:
                lengths.append(1)
            elif name == "numpy.r_" and isinstance(v, _Arr) and v.dtype.kind in "iu" and len(v.shape) == 1:
                lengths.append(("array", v))
            else:
                lengths.append(None)
        if None in lengths or not lengths:
            return self.opaque(ctx, *items)
        intp = np.dtype(np.intp)
        if name == "numpy.r_":
            total = sum(n[1].size if isinstance(n, tuple) else n for n in lengths)
            ranges = [n for n in lengths if not isinstance(n, tuple)]
            pieces = None
            if len(lengths) > 1 and ranges:   # each range is built whole, then they are joined
                pieces = ctx.alloc(node, (sum(ranges),), intp, "chained-ops", "the ranges it joins, each built whole")
                ctx.temps[pieces.buf]["consumer"] = self.segment(node)
            result = ctx.alloc(node, (total,), intp, "chained-ops",
                               "np.r_ joins its ranges into one new integer array")
            ctx.release(pieces)
            return result
        if name == "numpy.ogrid":
            return UNKNOWN if len(lengths) > 1 else self.opaque(ctx, *items)
        shape = tuple(lengths)
        kind = np.dtype(np.float64) if floating else intp
        if len(shape) == 1:   # ``np.mgrid[0:5]``: one range, as np.arange (or np.linspace) would make it
            return ctx.alloc(node, shape, kind, creation=self.segment(node))
        # every grid is built whole, one at a time, then stacked
        ctx.internal(node, shape, kind, "one grid at a time, before they are stacked")
        return ctx.alloc(node, (len(shape),) + shape, kind, "broadcast-expansion",
                         f"{len(shape)} full grids of {shape}, one per slice")

    def index_array(self, node, a: _Arr, items, items_nodes, ctx):
        if len(items) == 1 and isinstance(items[0], _Str):
            return self.field(ctx, a, items[0])
        # classify
        parts = []   # (kind, payload, node)
        items = [self.range_index(ctx, v, n) for v, n in zip(items, items_nodes)]
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
        indices = self.mask_indices(ctx, a, items, items_nodes)
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
        ctx.release(a, *indices, *[v for v in items if isinstance(v, _Arr)])
        return result

    def bounded(self, left, right) -> tuple[int, ...]:
        """``ref_voicing[nonzero] * correct`` on a line that ran (deep mode), where ``correct`` was selected with the
        same mask on an earlier line: the selection here is sized as if every element were selected, the array a
        local holds by what was: the larger shape, the selection's bound, where they differ along one axis only."""
        if not (self.live and isinstance(left, _Arr) and isinstance(right, _Arr) and len(left.shape) == len(right.shape)
                and (left.live is None) != (right.live is None)):
            raise _Stop
        computed, held = (left, right) if left.live is None else (right, left)
        apart = [i for i, (c, h) in enumerate(zip(computed.shape, held.shape)) if c != h]
        if len(apart) != 1 or held.shape[apart[0]] > computed.shape[apart[0]]:
            raise _Stop
        return computed.shape

    def fancy_detail(self, node, a: _Arr, expanded, items_nodes, shape) -> str:
        base = self.segment(node.value) or "the array"
        nbytes = math.prod(shape) * a.dtype.itemsize
        sole = sum(k in ("adv", "list", "mask") for k, _, _ in expanded) == 1   # a run alone is a slice
        elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]

        def sliced(n, run: str) -> str:
            # the run's own place in the subscript (``fbank[:, range(maxlen)]`` is ``fbank[:, 0:8193]``)
            parts = [run if e is n else (self.segment(e) or ast.unparse(e)) for e in elts]
            return f"{base}[{', '.join(parts)}]" if any(e is n for e in elts) else f"{base}[{run}]"
        for k, v, n in expanded:
            if k == "mask":
                return (f"boolean mask: copies at most {format_bytes(nbytes)} (if every element is selected); "
                        f"np.where or an in-place masked operation avoids the copy when a full-size result is wanted")
            if k == "list":
                vals = [x.value for x in v.items]
                if all(isinstance(x, int) for x in vals) and len(vals) > 1 and sole and \
                        all(b - a_ == 1 for a_, b in zip(vals, vals[1:])) and vals[0] >= 0:
                    return (f"the integer index {vals} is a consecutive run: a slice {sliced(n, f'{vals[0]}:{vals[-1] + 1}')} "
                            f"would serve as a view, without the copy")
                return "integer-list index copies the selected rows; a slice cannot express this selection"
            if k == "adv" and v.run is not None and sole:
                s, e = v.run
                return (f"{self.segment(n) or f'np.arange({s}, {e})'} is a consecutive run: a slice {sliced(n, f'{s}:{e}')} "
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
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in _PANDAS_NOT_PANDAS and self.instance_array(f, own_only=False) is None:
            # ``grouped.size()``: called, the name is a pandas method (a frame's ``size`` is a number)
            owner = self.eval(f.value, ctx)
            if isinstance(owner, _Pandas) and f.attr not in ("to_numpy",):
                args = [self.eval(a.value if isinstance(a, ast.Starred) else a, ctx) for a in node.args]
                return self.pandas_op(node, ctx, owner, *args, *(self.eval(k.value, ctx) for k in node.keywords))
            callee = self.attribute_of(f, owner, ctx)
        elif isinstance(f, ast.Attribute) and f.attr == "astype" and len(node.args) == 1 and not node.keywords:
            owner = self.eval(f.value, ctx)
            if isinstance(owner, _Scal):
                # ``np.log(2 * np.pi).astype(X.dtype)``: a NumPy scalar cast is a number, no array anywhere
                to = self.eval(node.args[0], ctx)
                return _Scal(to.dtype if isinstance(to, _DType) else owner.kind)
            callee = self.attribute_of(f, owner, ctx)
        else:
            callee = self.eval(f, ctx)
        args, kwargs = [], {}
        for a in node.args:
            if isinstance(a, ast.Starred):
                spread = self.eval(a.value, ctx)
                if isinstance(spread, _Seq) and not any(isinstance(v, (_Arr, _Seq)) for v in spread.items):
                    args.extend(spread.items)   # ``np.random.rand(*H1.shape)``
                    continue
                return self.spread_call(node, ctx, callee, *args, spread)
            args.append(self.eval(a, ctx))
        for k in node.keywords:
            v = self.eval(k.value, ctx)
            if k.arg is None:
                return self.spread_call(node, ctx, callee, *args, *kwargs.values(), v)
            kwargs[k.arg] = v
        if isinstance(callee, _Pandas):   # ``s.sum()``, ``zips.str.slice(0, 5)``: pandas' own code
            return self.pandas_op(node, ctx, callee, *args, *kwargs.values())
        if self.list_keeps(node):   # ``out.append(X1 ** i)``: the list holds the array on, no call uses it up
            for v in [*args, *kwargs.values()]:
                ctx.listed = ctx.keep(v)
            return NONE
        if isinstance(callee, (_Method, _Func)) and not _binds(callee, len(args), tuple(kwargs)):
            raise _Stop   # NumPy would raise TypeError: wrong arguments
        if isinstance(callee, _DType) and len(args) == 1 and not kwargs and isinstance(args[0], _Scal):
            return self.numpy_scalar(callee.dtype, args[0])
        if isinstance(callee, _DType) and (cast := self.scalar_type_cast(node, callee.dtype, args, kwargs, ctx)) is not None:
            return cast
        if isinstance(callee, _Func) and callee.name == "pandas.to_numpy":
            self.opaque(ctx, *args, *kwargs.values())
            return PANDAS_ARRAY
        try:
            if isinstance(callee, _Method):
                out = self.method(node, callee.obj, callee.name, args, kwargs, ctx)
            elif isinstance(callee, _Func):
                out = self.function(node, callee.name, args, kwargs, ctx)
            else:
                out = None
        except _Stop:
            if not any(_holds_pandas(v) for v in [*args, *kwargs.values()]):
                raise
            out = None   # ``np.concatenate(([0], df['Depth'][:-1]))``: NumPy's call on what pandas holds
        if out is None:
            extra = [callee.obj] if isinstance(callee, _Method) else []
            name = self.func_name(node.func) or (callee.name if isinstance(callee, _Func) else "")
            ctx.handed_to(node, name, [*extra, *args, *kwargs.values()],
                          numpy=name.startswith(("numpy.", "rng.", "ndarray.")) or isinstance(callee, _Method)
                          or self.numpy_receiver(node.func))
            return self.opaque(ctx, *extra, *args, *kwargs.values())
        return out

    def numpy_receiver(self, func: ast.expr) -> bool:
        """``x.compressed()`` with ``x`` a masked array the line sees: a method of NumPy's own classes
        (``numpy.ma``), which the analysis does not model but which is NumPy's code all the same."""
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)) or func.value.id in self.env:
            return False
        try:
            held = self.namespace.get(func.value.id)
        except Exception:
            return False
        return type(held).__module__.split(".")[0] == "numpy" and not isinstance(held, type)

    def spread_call(self, node, ctx, callee, *values) -> Any:
        """``linear(x, **c_attn)``: arguments spread from a sequence or a dict are not modelled, but the call
        is still the site of whatever it makes inside."""
        name = self.func_name(node.func) or (callee.name if isinstance(callee, _Func) else "")
        ctx.handed_to(node, name, list(values), numpy=name.startswith(("numpy.", "rng.", "ndarray.")))
        return self.opaque(ctx, callee, *values)

    def dict_item(self, node: ast.Subscript) -> Any:
        """``model['X']`` of a dict the namespace holds, which the cell never changes: the value itself. At a
        line that runs (``live``: the namespace is the one the line sees), also ``hs[t]`` and ``hs[t-1]``, read
        from the dict as it is then, however the cell fills it."""
        name, key = node.value, node.slice
        if not (isinstance(name, ast.Name) and name.id not in self.env
                and (self.live or name.id not in self.parsed.changed)):
            return None
        if isinstance(key, ast.Constant) and isinstance(key.value, (str, int)):
            value = key.value
        elif self.live and (isinstance(key, ast.Name) or isinstance(key, ast.BinOp) and isinstance(key.left, ast.Name)
                            and isinstance(key.op, (ast.Add, ast.Sub)) and isinstance(key.right, ast.Constant)):
            known = self.lookup(key.id if isinstance(key, ast.Name) else key.left.id)
            if not (isinstance(known, _Scal) and type(known.value) is int):
                return None
            value = known.value if isinstance(key, ast.Name) else (
                known.value + key.right.value if isinstance(key.op, ast.Add) else known.value - key.right.value)
        else:
            return None
        held = self.namespace.get(name.id)
        if type(held) is not dict or value not in held:
            return None
        return _from_namespace(held[value])

    def list_keeps(self, node: ast.Call) -> bool:
        """``out.append(v)`` (or ``insert``, ``extend``) on a name bound to a Python list."""
        f = node.func
        if not (isinstance(f, ast.Attribute) and f.attr in ("append", "insert", "extend")
                and isinstance(f.value, ast.Name)):
            return False
        bound = self.env.get(f.value.id)
        if bound is not None:
            return isinstance(bound, _Seq) and bound.is_list
        return type(self.namespace.get(f.value.id)) is list

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
        # ``for d in np.arange(1, 3)``: NumPy's integers serve as sizes and axes too
        if isinstance(v, _Scal) and isinstance(v.value, (int, np.integer)) and not isinstance(v.value, (bool, np.bool_)):
            return int(v.value)
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


_PY_OPS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
    ast.Pow: lambda a, b: a ** b,
}


#: Attributes of pandas objects that are not pandas objects themselves.
_PANDAS_NOT_PANDAS = frozenset({"values", "to_numpy", "array", "shape", "size", "ndim", "dtype", "dtypes",
                                "nbytes", "columns", "index", "name", "empty"})


def _item_of(iterable) -> _Scal | None:
    """What iterating a range, a 1-D array or a list of numbers gives, one pass at a time."""
    if isinstance(iterable, _Range):
        return _Scal(int)
    if isinstance(iterable, _Arr) and len(iterable.shape) == 1 and iterable.dtype.kind in "biuf":
        return _Scal(iterable.dtype)
    if isinstance(iterable, _Seq) and iterable.items and all(
            isinstance(v, _Scal) and v.kind is iterable.items[0].kind for v in iterable.items):
        return _Scal(iterable.items[0].kind)
    return None


def _object_arrays(obj: Any) -> int:
    """The bytes of the NumPy arrays an instance of a user's class holds in its own attributes (directly, or
    in a list, tuple or dict there), each buffer counted once; 0 for anything else, or when something other
    than the namespace may hold the object (its old arrays would then outlive a rebinding)."""
    from npguard.namespace import _buffer_bytes, _owner

    if obj is None or isinstance(obj, (type, np.ndarray, np.generic, types.ModuleType, types.FunctionType,
                                       types.BuiltinFunctionType, types.MethodType)):
        return 0
    own = getattr(obj, "__dict__", None)
    if not isinstance(own, dict) or type(obj).__module__ not in ("__main__", "builtins") and \
            not type(obj).__module__.startswith("__main__"):
        return 0   # a library's object (a pandas frame, a fitted model): its memory is its own business
    if sys.getrefcount(obj) > 3:   # the namespace, this function's parameter, getrefcount's argument
        return 0
    found: dict[int, int] = {}
    for value in own.values():
        items = list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, (list, tuple)) \
            else [value]
        for item in items:
            if isinstance(item, np.ndarray):
                owner = _owner(item)
                found[id(owner)] = _buffer_bytes(owner, item)
    return sum(found.values())


def _pandas_scalar(value) -> bool:
    """One of pandas' single values (a Timestamp, a Timedelta, a Period, an offset, NaT): no array behind it."""
    import sys

    pandas = sys.modules.get("pandas")
    if pandas is None:
        return False
    found = [getattr(pandas, n, None) for n in ("Timestamp", "Timedelta", "Period", "Interval")]
    found.append(getattr(getattr(pandas, "offsets", None), "BaseOffset", None))
    kinds = tuple(k for k in found if isinstance(k, type))
    return isinstance(value, kinds) or value is getattr(pandas, "NaT", object())


def _pandas_object(value, namespace: Mapping[str, Any] | None = None) \
        -> tuple[dict[str, int], int, int | None, dict[str | None, np.dtype], tuple[int, ...] | None, int] | None:
    """A pandas DataFrame's columns with their bytes (none for a Series or Index), its data's bytes
    (shallow: what its arrays hold, its index included), its length, its NumPy dtypes (a frame's by
    column, a Series' under None), its shape and its index's bytes (0 when another object shares it);
    None for anything that is not one of these."""
    kind = type(value)
    if not (kind.__module__ == "pandas" or kind.__module__.startswith("pandas.")) or _pandas_scalar(value):
        return None   # (``t0 = target.now - lag``, a Timestamp: one value, no arrays)
    try:
        if kind.__name__ not in ("DataFrame", "Series", "Index"):
            return {}, 0, None, {}, None, 0   # a GroupBy, a Rolling window, an accessor: pandas all the same
        if kind.__name__ == "Index":
            return {}, int(value.nbytes), len(value), {}, None, 0
        # the index counts: a frame that replaces another frees the old one's index too (a selection's
        # int64 labels are its own; a RangeIndex holds next to nothing), unless another object the
        # namespace holds shares it (``new_df = df.fillna(...)`` keeps ``df``'s index)
        index = 0 if _index_shared(value, namespace) else int(value.index.nbytes)
        # the buffers it alone keeps alive: ``wine.iloc[:, :7]`` all 14 columns' (a view of the wider block),
        # ``df.fillna({'temperature': 0})`` only the new column (the other is still ``df``'s)
        held = _held_buffers(value, namespace)
        if kind.__name__ == "Series":
            dtypes = {None: value.dtype} if isinstance(value.dtype, np.dtype) else {}
            data = int(value.memory_usage(index=False, deep=False)) if held is None else held
            return {}, data + index, len(value), dtypes, (len(value),), index
        usage = value.memory_usage(index=False, deep=False)
        columns = {c: int(n) for c, n in usage.items() if isinstance(c, str)}
        dtypes = {c: d for c, d in value.dtypes.items()
                  if isinstance(c, str) and isinstance(d, np.dtype) and value.columns.is_unique}
        data = int(usage.sum()) if held is None else held
        return columns, data + index, len(value), dtypes, tuple(value.shape), index
    except Exception:
        return {}, 0, None, {}, None, 0


def _held_buffers(value, namespace: Mapping[str, Any] | None) -> int | None:
    """The bytes of the NumPy buffers a frame's or series' data keeps alive that nothing else the namespace
    holds keeps too, each counted once: more than its columns' own bytes where they are views of a wider
    array, less where another frame shares them. None where its arrays cannot be read (an extension dtype)."""
    from npguard.namespace import _buffer_bytes, _owner, _pandas_blocks

    table = _pandas_blocks(value)
    if table is None or len(table[0]) != len(getattr(getattr(value, "_mgr", None), "arrays", ())):
        return None   # some column is not a NumPy array (strings, extension dtypes): its bytes are pandas' to tell
    owners = {id(_owner(b)): _buffer_bytes(_owner(b), b) for b in table[0]}
    for other in (namespace or {}).values():
        if other is value:
            continue
        arrays = [other] if isinstance(other, np.ndarray) else (_pandas_blocks(other) or ([], ""))[0]
        for a in arrays:
            owners.pop(id(_owner(a)), None)
    return sum(owners.values())


def _index_shared(value, namespace: Mapping[str, Any] | None) -> bool:
    """Another DataFrame or Series the namespace holds has the same index, or one over the same memory."""
    index = value.index
    mine = _index_buffer(index)
    for other in (namespace or {}).values():
        if other is value or not type(other).__module__.startswith("pandas"):
            continue
        # another frame's or series' index, or an index bound to a name of its own (``dates``)
        theirs = other if type(other).__name__.endswith("Index") else getattr(other, "index", None)
        if theirs is index or (mine is not None and (b := _index_buffer(theirs)) is not None
                               and np.shares_memory(mine, b)):
            return True
    return False


def _index_buffer(index) -> np.ndarray | None:
    """The NumPy array an index's labels already live in, read without making one: a RangeIndex or a
    MultiIndex would build (and cache) its labels, so neither is read."""
    if type(index).__name__ in ("RangeIndex", "MultiIndex"):
        return None
    try:
        values = getattr(index, "asi8", None)   # datetime-like: a view of its int64 labels
        values = values if values is not None else getattr(index, "_data", None)
    except Exception:
        return None
    return values if isinstance(values, np.ndarray) and values.size else None


#: NumPy and the submodules whose functions the analysis names (``np.fft.fft`` is ``numpy.fft.fft``).
_NUMPY_MODULES = {"numpy": np, "numpy.random": np.random, "numpy.linalg": np.linalg, "numpy.fft": np.fft}
#: NumPy's index tricks the analysis models when they are subscripted.
_INDEX_TRICKS = ("numpy.r_", "numpy.mgrid", "numpy.ogrid")


def _text_against(value, other: ast.expr) -> _Arr | None:
    """A string or bytes array compared with a string or bytes literal."""
    if (isinstance(value, _Arr) and value.dtype.kind in "SU" and isinstance(other, ast.Constant)
            and isinstance(other.value, (str, bytes))):
        return value
    return None


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
    if callee.name.startswith("ndarray."):   # a method of an array pandas handed out
        return _binds_cached(callee.name, nargs + 1, kwnames)
    return _binds_cached(callee.name, nargs, kwnames)


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


def _whole_reduction_of_numbers(node: ast.AST) -> bool:
    """``np.sum(np.power(v[m], 2)) / (T - 1)``: arithmetic whose only calls are whole reductions (a NumPy
    reduction of one argument, or a reduction method with none) and whose other operands are names and numbers:
    a number, whatever the reduced array was."""
    def reduction(c: ast.AST) -> bool:
        return (isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr in _REDUCTIONS
                and not c.keywords and (len(c.args) == 1 and isinstance(c.func.value, ast.Name) or not c.args))
    leaves = _operands(node)
    return any(reduction(n) for n in leaves) and all(
        reduction(n) or isinstance(n, ast.Constant) for n in leaves if not isinstance(n, ast.Name))


def analyze_line(source: str, lineno: int, namespace: Mapping[str, Any]) -> tuple[Temporary, ...]:
    """Temporaries of the statement(s) starting at ``lineno``, with the live namespace at that line."""
    return tuple(t for s in predict_line(source, lineno, namespace) for t in s.temporaries)


def predict_line(source: str, lineno: int, namespace: Mapping[str, Any]) -> tuple[Statement, ...]:
    """The statement(s) starting at ``lineno``, predicted from the live namespace at that line."""
    try:
        parsed = _parse(source)
        if parsed.tree is None:
            return ()
        found = parsed.by_line.get(lineno)
        if not found:
            return ()
        an = _Analyzer(parsed, namespace if namespace is not None else {}, 1)
        an.live = True
        for node, parents in found:
            frame = _Frame()
            for p in parents:
                if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    frame = replace(frame, in_function=p.name, in_loop=False, loop_count=None)
                elif isinstance(p, (ast.For, ast.AsyncFor, ast.While)):
                    count, item = an.loop_header(p) if isinstance(p, (ast.For, ast.AsyncFor)) else (None, None)
                    done = _passes_done(an, p, namespace, count)
                    if item is not None and isinstance(p.target, ast.Name) and p.target.id not in namespace:
                        an.env[p.target.id] = item   # the loop variable, before its first assignment
                    frame = replace(frame, in_loop=True, loop_count=count, depth=frame.depth + 1, loop_done=done)
            an.simple(node, frame)
        return tuple(replace(s, seen=_arrays_read(s, namespace)) for s in an.statements)
    except Exception:
        return ()


def _passes_done(an: _Analyzer, loop: ast.AST, namespace: Mapping[str, Any], count: int | None) -> int:
    """``for i in range(n)`` read at a later pass (deep mode reads a line when it first allocates much): the
    passes run before this one, so what a loop grows is counted from where it started."""
    if count is None or not isinstance(loop, (ast.For, ast.AsyncFor)) or not isinstance(loop.target, ast.Name):
        return 0
    at = namespace.get(loop.target.id)
    if type(at) is not int:
        return 0
    try:
        it = an.eval(loop.iter, _Ctx(an, loop.lineno))
    except Exception:
        return 0
    if isinstance(it, _Range) and it.value is not None and at in it.value:
        return it.value.index(at)
    return 0


def _arrays_read(stmt: Statement, namespace: Mapping[str, Any]) -> tuple[tuple[str, tuple[int, ...], str], ...]:
    """The arrays ``stmt``'s names hold at the line (``diff`` in ``np.nanmean(diff**2)``), as (name, shape, dtype)."""
    out = []
    for name in stmt.reads:
        value = namespace.get(name)
        if type(value) is np.ndarray:
            out.append((name, tuple(value.shape), value.dtype.name))
    return tuple(out)
