"""CellWatcher: measures every cell between IPython's ``pre_run_cell`` and ``post_run_cell``.

The hooks are on every cell's path, so they do little (a few probe reads) and
never raise: a failure inside npguard becomes one warning per kind of failure
and a report that says what was not measured, while the user's cell, its
output and its error stay exactly as they were. With a memory budget set, the
same two hooks arm it around the cell and, when it stopped the cell, put the
explanation in the cell's report.
"""

from __future__ import annotations

import linecache
import sys
from dataclasses import replace
from collections.abc import Callable
from typing import Any

from npguard.guard import Guard, explain_stop
from npguard.meter import Meter, Span
from npguard.model import BudgetStop, CellReport, Settings, describe_exception
from npguard.record import explained
from npguard.session import History

from .display import Presenter, show_report


def describe_error(result: Any) -> str | None:
    """``"ZeroDivisionError: division by zero"`` for a cell that raised, else None."""
    exc = getattr(result, "error_in_exec", None) or getattr(result, "error_before_exec", None)
    return None if exc is None else describe_exception(exc)


def cell_filename(exc: BaseException | None) -> str | None:
    """The file name of the innermost cell code that ``exc`` was raised through.

    IPython compiles each cell (and a ``%%npguard`` body) under a name of its
    own and keeps its lines in ``linecache`` with no modification time, which
    is how a cell's frames are told from those of modules on disk.
    """
    found = None
    tb = getattr(exc, "__traceback__", None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        entry = linecache.cache.get(name)
        if entry is not None and len(entry) == 4 and entry[1] is None:
            found = name
        tb = tb.tb_next
    return found


def _is_own_command(source: str | None) -> bool:
    """``%npguard report`` and friends are not the user's computation: don't record them."""
    first = (source or "").lstrip()
    return first.startswith("%npguard") and "\n" not in first.rstrip()


class CellWatcher:
    """Brackets each top-level cell with a meter span and records a light-mode report.

    Cells are paired by their ``ExecutionInfo``: ``post_run_cell`` fires without
    ``pre_run_cell`` for empty cells and for the ``%load_ext`` cell, and a cell
    that runs another one (``%%capture``, ``get_ipython().run_cell``) fires a
    nested pair; the outer cell's report covers the nested one.
    """

    def __init__(
        self,
        shell: Any,
        meter: Meter,
        history: History,
        settings: Callable[[], Settings],
        presenter: Presenter | None = None,
        guard: Callable[[], Guard | None] = lambda: None,
    ) -> None:
        self.shell = shell
        self.presenter = presenter if presenter is not None else Presenter(shell)
        self.meter = meter
        self.history = history
        self.settings = settings
        self.enabled = True
        self._info: Any = None
        self._span: Span | None = None
        self._claimed: CellReport | None = None
        self._warned: set[str] = set()
        self.guard = guard
        self._guarded: tuple[Any, Guard] | None = None  # (the cell's info, its armed guard)

    # -- the two hooks --------------------------------------------------------------------------

    def pre_run_cell(self, info: Any) -> None:
        self._arm(info)
        if not self.enabled or self._span is not None:
            return
        if _is_own_command(getattr(info, "raw_cell", "")):
            return
        try:
            self.install_counter()
            self._claimed = None
            self._span = self.meter.begin()
            self._info = info
        except Exception as exc:
            self._span = None
            self.warn("measure", exc)

    def post_run_cell(self, result: Any) -> None:
        stop = self._disarm(result)
        if self._span is None or getattr(result, "info", None) is not self._info:
            if stop is not None:
                self._show_stop(stop)
            return
        span, self._span, self._info = self._span, None, None
        try:
            measurement = self.meter.end(span)
        except Exception as exc:
            self.warn("measure", exc)
            return
        report = self._claimed
        self._claimed = None
        try:
            if report is None:
                report = CellReport(
                    execution_count=getattr(result, "execution_count", None),
                    source=getattr(result.info, "raw_cell", "") or "",
                    mode="light",
                    measurement=measurement,
                    error=describe_error(result),
                    budget_stop=stop,
                )
            else:
                report = replace(report, execution_count=getattr(result, "execution_count", None),
                                 budget_stop=stop or report.budget_stop)
            settings = self.settings()
            if report.mode == "light":
                report = explained(report, source=report.source, namespace=self.shell.user_ns,
                                   threshold=settings.threshold)
            self.history.add(report)
            if settings.shows(report):
                show_report(report, settings, self.presenter)
        except Exception as exc:
            self.warn("render", exc)

    # -- the budget -----------------------------------------------------------------------------

    def _arm(self, info: Any) -> None:
        """Arm the session's budget around a top-level cell (a nested cell runs under its outer one)."""
        guard = self.guard()
        if guard is None or self._guarded is not None:
            return
        try:
            guard.arm()
            self._guarded = (info, guard)
        except Exception as exc:
            self.warn("arm the memory budget for", exc)

    def _disarm(self, result: Any) -> BudgetStop | None:
        """Disarm after the cell that armed it; why the budget stopped it, or None."""
        if self._guarded is None or self._guarded[0] is not getattr(result, "info", None):
            return None
        guard = self._guarded[1]
        self._guarded = None
        try:
            guard.disarm()
            exc = getattr(result, "error_in_exec", None)
            return guard.explain(exc, cell_filename(exc))
        except Exception as exc:
            self.warn("explain the memory budget for", exc)
            return None

    def _show_stop(self, stop: BudgetStop) -> None:
        """A stop in a cell that is not measured (report paused): the explanation alone."""
        print(explain_stop(stop), file=sys.stderr)

    # -- helpers --------------------------------------------------------------------------------

    def claim(self, report: CellReport) -> bool:
        """Let deep mode hand in its report for the running cell instead of the light one.

        Returns False when no cell is being watched (the caller shows the report itself).
        """
        if self._span is None:
            return False
        self._claimed = report
        return True

    def install_counter(self) -> None:
        """Put the NumPy counter in the running cell's context.

        NumPy's allocator handler is a context variable and ipykernel runs each
        cell in a task with its own copy of the context, so installing it once at
        load time would not reach later cells: install (idempotently) per cell.
        """
        counter = self.meter.counter
        if counter is not None:
            counter.install()

    def warn(self, kind: str, exc: BaseException) -> None:
        """Say once per kind of failure that npguard could not do its job; then carry on."""
        if kind in self._warned:
            return
        self._warned.add(kind)
        print(
            f"npguard: could not {kind} this cell ({type(exc).__name__}: {exc}); "
            "your cell ran normally. Further failures of this kind stay silent; "
            "%npguard status shows what is measured.",
            file=sys.stderr,
        )
