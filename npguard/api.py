"""The script API: measure blocks and functions in any Python program, then explain them.

Usage::

    import npguard as ng

    with ng.memory_watcher("matrix_pipeline"):     # or @ng.watch on a function
        a = np.random.rand(10_000, 100)
        ng.register_array(a, "a")
        ...
    ng.report()     # what each block peaked at, its temporaries, from which source
    ng.suggest()    # what to write instead, when the explainer found a cause
    ng.last()       # the last block's CellReport (``to_dict()`` as for a cell)

Import boundary (an invariant, checked by a test): this module, like all of
``npguard``, imports neither IPython nor ipywidgets nor traitlets. Every watcher
shares one process-wide :class:`~npguard.meter.Meter`, so nested blocks keep
their outer block's peak; the NumPy counter is installed in the caller's
context for the duration of the outermost block that needed it, and a user's
own tracemalloc session is read, never started or stopped.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import sys
import warnings
from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import FrameType
from typing import IO, Any, TypeVar, overload

from .arrays import Registry
from .meter import Meter, Span
from .model import CellReport, Settings, describe_exception
from .record import explained, worth_explaining
from .session import DEFAULT_HISTORY, History
from .source import BlockSource, SourceUnavailable, function_body, with_block
from .units import parse_bytes

__all__ = ["MemoryWatcher", "WatchedBlock", "last", "memory_watcher", "register_array",
           "report", "reset", "suggest", "watch"]

F = TypeVar("F", bound=Callable[..., Any])

#: What a script user does to get tracemalloc's figures too.
TRACE_HINT = "call tracemalloc.start() before the block to add it"


@dataclass(frozen=True, slots=True)
class WatchedBlock:
    """One finished block: its record, and what ``report()`` / ``suggest()`` need besides.

    ``explanation`` is ``"explained"``, ``"quiet"`` (peak and temporaries under the
    threshold: nothing worth explaining), ``"no-source"`` or ``"failed"``; the
    record's notes say why for the last two.
    """

    report: CellReport
    threshold: int
    where: str | None
    seq: int
    explanation: str
    first_lineno: int = 1  # the file's line number of the record's source line 1

    def file_line(self, lineno: int) -> int:
        """A finding's line (counted in the block's source, as for a cell) in the block's file."""
        return lineno + self.first_lineno - 1


class _State:
    def __init__(self) -> None:
        self.meter: Meter | None = None
        # the same bounded history as a session's cells: the oldest go first (a watched function in a loop)
        self.blocks: History[WatchedBlock] = History(DEFAULT_HISTORY, peak=lambda b: b.report.peak_rise)
        self.registry = Registry()
        self.seq = itertools.count(1)
        self.warned: set[str] = set()

    def get_meter(self) -> Meter:
        if self.meter is None:
            self.meter = Meter(on_failure=lambda kind, exc: self.warn(f"read {kind} memory", exc),
                               trace_hint=TRACE_HINT)
        return self.meter

    def warn(self, what: str, exc: BaseException) -> None:
        """Say once per kind of failure that npguard could not do its job; the program goes on."""
        if what not in self.warned:
            self.warned.add(what)
            warnings.warn(f"npguard could not {what} ({describe_exception(exc)}); your code ran normally",
                          RuntimeWarning, stacklevel=2)


_state = _State()


@dataclass(slots=True)
class _Open:
    label: str
    source: BlockSource | str  # the text, or why it is missing
    threshold: int
    span: Span
    seq: int
    installed_counter: bool


# -- measuring ----------------------------------------------------------------------------------


def _begin(label: str, source: BlockSource | str, threshold: int) -> _Open:
    meter = _state.get_meter()
    counter = meter.counter
    installed = False
    # NumPy's allocator is a context variable: install the counter where the block runs.
    if counter is not None and not counter.is_installed():
        installed = bool(counter.install())
    return _Open(label, source, threshold, meter.begin(), next(_state.seq), installed)


def _end(block: _Open, exc: BaseException | None, namespace: Callable[[], Mapping[str, Any]]) -> CellReport:
    meter = _state.get_meter()
    try:
        measurement = meter.end(block.span)
    finally:
        if block.installed_counter:
            meter.counter.uninstall()
    source = block.source
    report = CellReport(
        execution_count=None,
        source=source.text if isinstance(source, BlockSource) else "",
        mode="block",
        measurement=measurement,
        error=None if exc is None else describe_exception(exc),
        label=block.label,
    )
    report, explanation = _explain(report, source, namespace, block.threshold)
    where = source.where if isinstance(source, BlockSource) else None
    first = source.first_lineno if isinstance(source, BlockSource) else 1
    _state.blocks.add(WatchedBlock(report, block.threshold, where, block.seq, explanation, first))
    return report


def _finish(block: _Open, exc: BaseException | None, namespace: Callable[[], Mapping[str, Any]]) -> None:
    """``_end`` for the paths where the user's code has finished: npguard's failures stay warnings."""
    try:
        _end(block, exc, namespace)
    except Exception as err:
        _state.warn("record this block", err)


def _explain(report: CellReport, source: BlockSource | str,
             namespace: Callable[[], Mapping[str, Any]], threshold: int) -> tuple[CellReport, str]:
    """Ask the explainer for findings, when the block is worth it and the pieces are there."""
    if not isinstance(source, BlockSource):
        return replace(report, findings=(), unexplained=source), "no-source"
    if not worth_explaining(report, threshold):
        # Findings are reported only above the threshold; a block whose measured
        # peak stayed under it has none worth the analysis (it may run in a loop).
        return report, "quiet"
    # Line numbers stay those of the block's own text, as a cell's do (the
    # explainer reads its source by them); report() maps them to the file.
    before = report.notes
    report = explained(report, source=source.analysable, namespace=namespace, threshold=threshold)
    notes = report.notes[len(before):]
    if notes and notes[0].startswith("analysis failed: "):
        why = f"the explainer failed ({notes[0].removeprefix('analysis failed: ')})"
        return replace(report, findings=(), notes=before, rewrite=None, unexplained=why), "failed"
    if source.restore:
        findings = tuple(
            replace(f, message=source.words_as_written(f.message), suggestion=source.words_as_written(f.suggestion),
                    rewrite=source.as_written(f.rewrite) if f.rewrite else None)
            for f in report.findings)
        report = replace(report, findings=findings,
                         rewrite=source.as_written(report.rewrite) if report.rewrite else None)
    return report, "explained"


def _frame_namespace(frame: FrameType) -> Callable[[], Mapping[str, Any]]:
    """The caller's names at block end, read only if the explainer runs (the frame is not kept)."""

    def read() -> Mapping[str, Any]:
        local, global_ = frame.f_locals, frame.f_globals
        return global_ if local is global_ else ChainMap(dict(local), global_)

    return read


def _threshold(value: int | str | None) -> int:
    return Settings().threshold if value is None else parse_bytes(value)


class MemoryWatcher:
    """A ``with`` block measured by every source npguard has; nestable and reusable.

    Made by :func:`memory_watcher`. The block's figures become a record (see
    :func:`last`) when it ends, also when it raises; the exception propagates.
    """

    def __init__(self, name: str = "block", *, threshold: int | str | None = None) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"memory_watcher needs a name (a non-empty str), got {name!r}")
        self.name = name
        self.threshold = _threshold(threshold)
        self._open: list[_Open] = []

    def __repr__(self) -> str:
        return f"memory_watcher({self.name!r}, threshold={self.threshold})"

    def __enter__(self) -> MemoryWatcher:
        frame = sys._getframe(1)
        try:
            source: BlockSource | str = with_block(frame)
        except SourceUnavailable as exc:
            source = str(exc)
        finally:
            del frame
        self._open.append(_begin(self.name, source, self.threshold))
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        block = self._open.pop()
        frame = sys._getframe(1)
        try:
            _finish(block, exc, _frame_namespace(frame))
        finally:
            del frame
        return False


def memory_watcher(name: str = "block", *, threshold: int | str | None = None) -> MemoryWatcher:
    """``with npguard.memory_watcher("name"):`` measures the block: peak, temporaries, sources.

    ``threshold`` (bytes or a size such as ``"20 MiB"``, default 20 MiB) is where
    the block's temporaries count as memory pressure in :func:`report`.
    """
    return MemoryWatcher(name, threshold=threshold)


@overload
def watch(fn: F, /) -> F: ...
@overload
def watch(label: str | None = None, /, *, threshold: int | str | None = None) -> Callable[[F], F]: ...


def watch(fn_or_label: Any = None, /, *, threshold: int | str | None = None) -> Any:
    """Measure every call of a function: ``@npguard.watch`` or ``@npguard.watch("label")``.

    The label defaults to the function's qualified name; each call is one block.
    """
    if callable(fn_or_label):
        return _watched(fn_or_label, None, _threshold(threshold))
    if fn_or_label is not None and not isinstance(fn_or_label, str):
        raise TypeError(f"watch takes a function or a label (str), got {type(fn_or_label).__name__}")
    limit = _threshold(threshold)
    return lambda fn: _watched(fn, fn_or_label, limit)


def _watched(fn: F, label: str | None, threshold: int) -> F:
    if inspect.isgeneratorfunction(fn) or inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn):
        raise TypeError(
            f"watch measures a call from start to return, but {fn.__qualname__} is a generator or "
            "coroutine function whose work happens later; wrap the code that consumes it in "
            "`with npguard.memory_watcher(...)` instead"
        )
    name = label or getattr(fn, "__qualname__", None) or repr(fn)

    @functools.cache
    def source() -> BlockSource | str:
        try:
            return function_body(fn)
        except SourceUnavailable as exc:
            return str(exc)

    def namespace(args: tuple, kwargs: dict) -> Callable[[], Mapping[str, Any]]:
        def build() -> Mapping[str, Any]:
            local: dict[str, Any] = {}
            try:
                bound = inspect.signature(fn).bind(*args, **kwargs)
                bound.apply_defaults()
                local.update(bound.arguments)
                local.update(inspect.getclosurevars(fn).nonlocals)
            except (TypeError, ValueError):
                pass
            return ChainMap(local, getattr(fn, "__globals__", {}))
        return build

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        block = _begin(name, source(), threshold)
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            _finish(block, exc, namespace(args, kwargs))
            raise
        _finish(block, None, namespace(args, kwargs))
        return result

    return wrapper  # type: ignore[return-value]


# -- registering and reporting ------------------------------------------------------------------


def register_array(arr: Any, name: str) -> Any:
    """Name an array for :func:`report`: its shape, dtype, size, layout, and what memory it shares.

    Only a weak reference is kept, so registering never keeps an array alive.
    Returns ``arr``, so ``a = register_array(np.ones(n), "a")`` works.
    """
    _state.registry.register(arr, name)
    return arr


def last() -> CellReport | None:
    """The record of the most recently finished block (``to_dict()`` as for a cell), or None."""
    block = _state.blocks.last()
    return block.report if block is not None else None


def report(name: str | None = None, *, file: IO[str] | None = None) -> None:
    """Print every watched block (or those labelled ``name``) and the registered arrays."""
    from .renderers.text import render_report

    blocks = [b for b in _state.blocks if name is None or b.report.label == name]
    table = _state.registry.table() if len(_state.registry) else None
    _emit(render_report(blocks, table, name=name) + "\n", file)


def suggest(name: str | None = None, *, file: IO[str] | None = None) -> None:
    """Print what to write instead, for each watched block where the explainer found a cause."""
    from .renderers.text import render_suggestions

    blocks = [b for b in _state.blocks if name is None or b.report.label == name]
    _emit(render_suggestions(blocks, name=name), file)


def reset() -> None:
    """Forget the watched blocks and the registered arrays."""
    _state.blocks.clear()
    _state.registry.clear()


def _emit(text: str, file: IO[str] | None) -> None:
    stream = sys.stdout if file is None else file
    try:
        print(text, file=stream)
    except UnicodeEncodeError:  # a terminal that cannot show the warning sign or the bullet
        print(text.replace("\u26a0\ufe0f", "(!)").replace("\u2022", "-"), file=stream)
