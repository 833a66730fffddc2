"""Showing results: one bundle per report, with the widget view when a widget front end is there.

:class:`Presenter` is the one place a cell's report is displayed from (the
watcher for every cell, ``%%npguard`` when no cell is being watched). After a
flagged cell it also lists the arrays the user's names hold, comparing with
its previous scan; the scan happens only then, never on every cell.
"""

from __future__ import annotations

from typing import Any

from npguard.model import CellReport, Settings
from npguard.namespace import NamespaceView, Snapshot, scan
from npguard.renderers import html, text

from . import widget


def report_bundle(report: CellReport, *, expanded: bool,
                  namespace: NamespaceView | None = None) -> dict[str, str]:
    return {
        "text/plain": text.render_cell(report, expanded=expanded, namespace=namespace),
        "text/html": html.render_cell(report, expanded=expanded, namespace=namespace),
    }


def details_title(report: CellReport, namespace: NamespaceView | None) -> str:
    """The accordion's label: what opening it will show."""
    parts = []
    if report.lines:
        parts.append(f"per-line table ({len(report.lines)} line{'s' if len(report.lines) != 1 else ''})")
    if report.findings:
        parts.append(f"{len(report.findings)} finding{'s' if len(report.findings) != 1 else ''} with rewrites")
    if namespace is not None:
        parts.append("arrays held")
    parts.append("memory sources")
    return "Details: " + ", ".join(parts)


class Presenter:
    """Displays reports in one shell and remembers what it needs between cells."""

    def __init__(self, shell: Any, *, live: int = widget.LIVE_CELLS) -> None:
        self.shell = shell
        self.pool = widget.WidgetPool(live)
        self.snapshot: Snapshot | None = None

    def show(self, report: CellReport, settings: Settings) -> None:
        """One line, or the expanded view under memory pressure; held arrays after a flagged cell."""
        from IPython.display import display

        expanded = report.mode != "light" or settings.pressure(report)
        if report.budget_stop is not None:
            namespace = self.scan_namespace(compare=False)  # what is held, the budget's context
        else:
            namespace = self.scan_namespace() if settings.flagged(report) else None
        bundle = report_bundle(report, expanded=expanded, namespace=namespace)
        if settings.widget and widget.available(self.shell):
            self.pool.show(bundle, html.render_head(report, namespace),
                           html.render_details(report, namespace), details_title(report, namespace))
        else:
            display(bundle, raw=True)

    def scan_namespace(self, *, compare: bool = True) -> NamespaceView | None:
        """The arrays the user's names hold; with ``compare``, changes since the last scan."""
        ns = getattr(self.shell, "user_ns", None)
        if ns is None:
            return None
        if not compare:
            return scan(ns, None)[0]
        view, self.snapshot = scan(ns, self.snapshot)
        return view

    def forget(self) -> None:
        """``%npguard reset``: the next scan lists the largest arrays again."""
        self.snapshot = None

    def close(self) -> None:
        """Leave every cell's output static and close the widgets (on unload)."""
        self.pool.retire_all()


def show_report(report: CellReport, settings: Settings, presenter: Presenter | None = None) -> None:
    """Display one report through ``presenter`` (a fresh one, without memory of earlier cells, if None)."""
    if presenter is None:
        from IPython import get_ipython

        presenter = Presenter(get_ipython())
    presenter.show(report, settings)
