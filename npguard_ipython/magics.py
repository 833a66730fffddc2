"""``%npguard``: the session report, exports, pause/resume, status and reset.

Settings are traitlets on :class:`NpguardMagics`, so both
``%config NpguardMagics.threshold = "50 MiB"`` and ``c.NpguardMagics.threshold``
in ``ipython_config.py`` work; :meth:`NpguardMagics.settings` turns them into
the core's plain :class:`~npguard.model.Settings`.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from traitlets import Bool, Int, TraitError, Union, Unicode, observe, validate

from npguard.guard import make_budget
from npguard.model import Settings
from npguard.renderers import html, text
from npguard.session import ExportError, export
from npguard.units import format_bytes, parse_bytes

MAX_HISTORY = 1_000_000
COMMANDS = ("report", "on", "off", "status", "reset", "freeze", "budget")
MAX_LIVE_WIDGETS = 1000


@magics_class
class NpguardMagics(Magics):
    """npguard's magics and settings."""

    threshold = Union(
        [Int(), Unicode()],
        default_value="20 MiB",
        help="Peak rise (or temporaries) above a cell's start below which the cell stays quiet: "
        "bytes, or a size such as '20 MiB'.",
    ).tag(config=True)
    history = Int(1000, help="How many cells the session keeps (oldest dropped first).").tag(config=True)
    widget = Bool(True, help="Show the per-cell view as an ipywidgets widget when a widget front end is there.").tag(
        config=True
    )
    live_widgets = Int(
        5,
        help="How many cells keep a live widget; older cells turn into the same report as static HTML. "
        "A notebook reopened without its kernel (and saved without widget state) cannot draw live "
        "widgets, so fewer live widgets means fewer 'model not found' boxes there.",
    ).tag(config=True)

    budget = Unicode(
        "off",
        help="A memory budget for the session: a size such as '4 GiB', 'auto' (the cgroup's limit, "
        "else the memory available, minus what is not NumPy's and a margin), or 'off'. An allocation "
        "that would pass it makes the cell fail with MemoryError and an explanation; the kernel survives.",
    ).tag(config=True)

    def __init__(self, shell: Any, extension: Any) -> None:
        # Set first: config from %config or ipython_config.py is applied inside
        # super().__init__, and the observers below need the extension.
        self.extension = extension
        super().__init__(shell)

    @validate("threshold")
    def _valid_threshold(self, proposal: Any) -> Any:
        try:
            parse_bytes(proposal["value"])
        except ValueError as exc:
            raise TraitError(f"NpguardMagics.threshold: {exc}") from None
        return proposal["value"]

    @validate("budget")
    def _valid_budget(self, proposal: Any) -> str:
        # The budget is made here, so that a value that cannot be one (no limit
        # found for 'auto') is refused and the setting keeps its old value.
        value = str(proposal["value"]).strip()
        if value.lower() in ("off", "auto"):
            value = value.lower()
        try:
            self._made_budget = None if value == "off" else make_budget(value)
        except ValueError as exc:
            raise TraitError(f"NpguardMagics.budget: {exc}") from None
        return value

    @observe("budget")
    def _budget_changed(self, change: Any) -> None:
        self.extension.set_budget(self._made_budget)

    @validate("history")
    def _valid_history(self, proposal: Any) -> int:
        if not 1 <= proposal["value"] <= MAX_HISTORY:
            raise TraitError(f"NpguardMagics.history must be from 1 to {MAX_HISTORY:,} cells, "
                             f"got {proposal['value']}")
        return proposal["value"]

    @observe("history")
    def _history_changed(self, change: Any) -> None:
        self.extension.history.resize(change["new"])

    @validate("live_widgets")
    def _valid_live_widgets(self, proposal: Any) -> int:
        if not 1 <= proposal["value"] <= MAX_LIVE_WIDGETS:
            raise TraitError(f"NpguardMagics.live_widgets must be from 1 to {MAX_LIVE_WIDGETS}, "
                             f"got {proposal['value']}")
        return proposal["value"]

    @observe("live_widgets")
    def _live_widgets_changed(self, change: Any) -> None:
        presenter = getattr(self.extension, "presenter", None)
        if presenter is not None:
            presenter.pool.resize(change["new"])

    def settings(self) -> Settings:
        return Settings(threshold=parse_bytes(self.threshold), history=self.history, widget=self.widget)

    @magic_arguments()
    @argument("command", nargs="?", default="status", choices=COMMANDS, metavar="COMMAND",
              help="report | on | off | status | reset | freeze | budget (default: status)")
    @argument("value", nargs="*", metavar="SIZE",
              help="budget: a size such as '4 GiB', 'auto' or 'off'")
    @argument("--top", type=int, metavar="N", help="report: show only the N cells with the highest peak")
    @argument("--json", metavar="PATH", help="report: also write the session as JSON to PATH")
    @argument("--csv", metavar="PATH", help="report: also write the session as CSV to PATH")
    @argument("--trace", action="store_true",
              help="on: also keep tracemalloc tracing for the session (exact Python-level peaks, slower)")
    @line_cell_magic
    def npguard(self, line: str = "", cell: str | None = None) -> None:
        """Per-cell NumPy memory reports, and deep mode for one cell.

        %%npguard (as the first line of a cell)
            deep mode: run the cell once with per-line attribution (hits, net,
            peak, temporaries), name the cause of each spike and suggest what
            to write instead (a rewrite is shown, never applied)

        %npguard report [--top N] [--json PATH] [--csv PATH]
            the session so far, cells ranked by peak; optional exports
        %npguard on [--trace]   resume the per-cell report (--trace: keep tracemalloc on)
        %npguard off            pause it
        %npguard status         what is measured and how
        %npguard reset          forget the recorded cells
        %npguard freeze         turn every live widget into its static view
                                (before saving a notebook to share)
        %npguard budget SIZE|auto|off
                                a memory budget: an allocation that would pass it
                                fails with MemoryError and an explanation, and the
                                kernel and its variables survive; auto reads the
                                cgroup's limit (else the memory available)
        """
        __tracebackhide__ = True  # a user's error in a deep cell shows the user's frames only
        if cell is not None:
            if line.strip():
                raise UsageError(f"%%npguard takes no arguments, got {line.strip()!r}")
            return self._deep(cell)
        try:
            args = parse_argstring(self.npguard, line)
        except ValueError as exc:  # shlex: an unbalanced quote
            raise UsageError(f"cannot read the arguments {line!r}: {exc}; see %npguard?") from None
        self._check_options(args)
        getattr(self, "_cmd_" + args.command)(args)

    def _check_options(self, args: Any) -> None:
        misplaced = []
        if args.command != "report":
            misplaced += [f"--{o}" for o in ("top", "json", "csv") if getattr(args, o) is not None]
        if args.command != "on" and args.trace:
            misplaced.append("--trace")
        if args.command != "budget" and args.value:
            raise UsageError(f"unrecognized arguments: {' '.join(args.value)} (%npguard {args.command} "
                             "takes none; only 'budget' takes a value, see %npguard?)")
        if args.command == "budget" and not args.value:
            raise UsageError("%npguard budget takes a size such as '4 GiB', 'auto' or 'off'")
        if misplaced:
            raise UsageError(
                f"%npguard {args.command} takes no {', '.join(misplaced)}; "
                "--top/--json/--csv go with 'report' and --trace with 'on' (see %npguard?)"
            )
        if args.top is not None and args.top < 1:
            raise UsageError(f"--top takes a whole number of cells >= 1, got {args.top}")

    # -- commands -------------------------------------------------------------------------------

    def _deep(self, cell: str) -> None:
        from .deep import DeepCell
        from .display import show_report

        __tracebackhide__ = True
        deep = DeepCell(self.shell, self.extension, cell)
        try:
            deep.run()
        finally:
            report = getattr(deep, "report", None)
            if report is not None and not self.extension.watcher.claim(report):
                self.extension.history.add(report)
                show_report(report, self.settings(), self.extension.presenter)

    def _cmd_report(self, args: Any) -> None:
        from IPython.display import display

        history = self.extension.history
        written = []
        for fmt in ("json", "csv"):
            path = getattr(args, fmt)
            if path is not None:
                try:
                    written.append(export(path, list(history), fmt, self.settings().threshold))
                except ExportError as exc:
                    raise UsageError(str(exc)) from None
        ranked = history.ranked(args.top)
        timeline = list(history)
        threshold = self.settings().threshold
        display({"text/plain": text.render_session(ranked, total=len(history), timeline=timeline,
                                                   threshold=threshold),
                 "text/html": html.render_session(ranked, total=len(history), timeline=timeline,
                                                  threshold=threshold)}, raw=True)
        for path in written:
            print(f"npguard: wrote {text.plural(len(history), 'cell')} to {path}")

    def _cmd_on(self, args: Any) -> None:
        self.extension.watcher.enabled = True
        if args.trace:
            self.extension.start_tracing()
        print("npguard: per-cell report on" + (" (tracemalloc tracing)" if tracemalloc.is_tracing() else ""))

    def _cmd_off(self, args: Any) -> None:
        self.extension.watcher.enabled = False
        print("npguard: per-cell report paused (%npguard on resumes it)")

    def _cmd_reset(self, args: Any) -> None:
        n = len(self.extension.history)
        self.extension.history.clear()
        self.extension.presenter.forget()
        print(f"npguard: forgot {text.plural(n, 'recorded cell')}")

    def _cmd_freeze(self, args: Any) -> None:
        n = len(self.extension.presenter.pool)
        self.extension.presenter.close()
        print(f"npguard: {text.plural(n, 'live widget')} turned into static reports; "
              "a saved notebook now shows every report without its kernel")

    def _cmd_budget(self, args: Any) -> None:
        value = " ".join(args.value)
        try:
            self.budget = value
        except TraitError as exc:
            raise UsageError(str(exc).replace("NpguardMagics.budget: ", "%npguard budget: ")) from None
        print(self._budget_line())

    def _budget_line(self) -> str:
        guard = self.extension.guard
        if guard is None:
            return "npguard: no memory budget (%npguard budget SIZE|auto sets one)"
        line = f"npguard: memory budget {guard.budget.describe()}"
        if not guard.enforced:
            line += "; NumPy's allocations are not checked (the NumPy counter is unavailable), only the watchdog"
        return line

    def _cmd_status(self, args: Any) -> None:
        ext = self.extension
        s = self.settings()
        lines = [
            f"npguard: per-cell report {'on' if ext.watcher.enabled else 'paused'}; "
            f"{len(ext.history)} of at most {s.history} cells recorded",
            f"  quiet below: {format_bytes(s.threshold)} (NpguardMagics.threshold)",
        ]
        for source, how in ext.meter.describe().items():
            lines.append(f"  {source:7} {how}")
        lines.append("  budget  " + self._budget_line().removeprefix("npguard: "))
        print("\n".join(lines))
