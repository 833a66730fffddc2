"""Showing results: one bundle with ``text/plain`` and ``text/html`` per output."""

from __future__ import annotations

from npguard.model import CellReport, Settings
from npguard.renderers import html, text


def report_bundle(report: CellReport, *, expanded: bool) -> dict[str, str]:
    return {
        "text/plain": text.render_cell(report, expanded=expanded),
        "text/html": html.render_cell(report, expanded=expanded),
    }


def show_report(report: CellReport, settings: Settings) -> None:
    """Display a cell's report: one line, or the expanded view under memory pressure."""
    from IPython.display import display

    expanded = report.mode != "light" or settings.pressure(report)
    display(report_bundle(report, expanded=expanded), raw=True)
