"""Showing results: one bundle per report, with the widget view when a widget front end is there.

:class:`Presenter` is the one place a cell's report is displayed from (the
watcher for every cell, ``%%npguard`` when no cell is being watched). After a
flagged cell it also lists the arrays the user's names hold, comparing with
its previous scan; the scan happens only then, never on every cell.
"""

from __future__ import annotations

import sys
from typing import Any

from npguard.model import CellReport, Settings
from npguard.namespace import NamespaceView, Snapshot, scan
from npguard.renderers import html, text
from npguard.verdict import assess

from . import widget


def report_bundle(report: CellReport, *, expanded: bool, namespace: NamespaceView | None = None,
                  threshold: int = text.DEFAULT_THRESHOLD, color: bool = False) -> dict[str, str]:
    return {
        "text/plain": text.render_cell(report, expanded=expanded, namespace=namespace,
                                       threshold=threshold, color=color),
        "text/html": html.render_cell(report, expanded=expanded, namespace=namespace, threshold=threshold),
    }


details_title = html.details_title


class Presenter:
    """Displays reports in one shell and remembers what it needs between cells."""

    def __init__(self, shell: Any, *, live: int = widget.LIVE_CELLS) -> None:
        self.shell = shell
        self.pool = widget.WidgetPool(live)
        self.snapshot: Snapshot | None = None

    def show(self, report: CellReport, settings: Settings) -> None:
        """One slim line, or the full view under memory pressure and in deep mode.

        Held arrays are listed after a flagged cell. The widget is for the full
        view; a slim line is static. A terminal that has colour gets it, unless
        IPython's own colours are off (``--colors=NoColor``) or ``NO_COLOR`` is set.
        """
        from IPython.display import display

        t = settings.threshold
        # A cell a budget stopped shows everything: what was held is why it was stopped.
        expanded = report.mode != "light" or report.budget_stop is not None or assess(report, t).pressure
        if report.budget_stop is not None:
            namespace = self.scan_namespace(compare=False)  # what is held, the budget's context
        else:
            namespace = self.scan_namespace() if settings.flagged(report) else None
        live = settings.widget and widget.available(self.shell)
        color = (not live and getattr(self.shell, "kernel", None) is None and text.wants_color(sys.stdout)
                 and str(getattr(self.shell, "colors", "")).lower() != "nocolor")
        bundle = report_bundle(report, expanded=expanded, namespace=namespace, threshold=t, color=color)
        if live and expanded:
            self.pool.show(bundle, html.render_head(report, namespace, threshold=t),
                           html.render_details(report, namespace, threshold=t), details_title(report, namespace))
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
