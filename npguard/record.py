"""The one rule for when a measured cell or block is explained, and the one way it is.

The watcher (every cell), deep mode (``%%npguard``) and the script API (``memory_watcher``)
each measure a span and make a :class:`~npguard.model.CellReport` of it; they all hand it
here to be explained, so a cell and a block with the same figures get the same findings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .diagnose import diagnose
from .model import CellReport, Finding
from .rewrite import combined

__all__ = ["explained", "worth_explaining"]


def worth_explaining(report: CellReport, threshold: int) -> bool:
    """Deep mode always (the user asked about this cell); a budget stop always (the line that
    asked is the story); otherwise when the peak or the temporaries reach the threshold."""
    if report.mode == "deep" or report.budget_stop is not None:
        return True
    return report.peak_rise >= threshold or (report.temporaries_bytes or 0) >= threshold


def explained(
    report: CellReport,
    *,
    source: str,
    namespace: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    threshold: int,
    live: Mapping[int, Any] | None = None,
    hazards: bool = False,
    live_hazards: Sequence[Finding] = (),
) -> CellReport:
    """``report`` with its findings, notes and combined rewrite, when it is worth explaining.

    ``namespace`` may be a callable, read only when the explainer runs. Never raises: the
    explainer's failures come back as notes (``analysis failed: ...``).
    """
    if not worth_explaining(report, threshold):
        return report
    names = namespace() if callable(namespace) else namespace
    findings, notes = diagnose(source, names, threshold=threshold, lines=report.lines,
                               measurement=report.measurement, live=live, hazards=hazards,
                               live_hazards=live_hazards)
    fixed = [f for f in findings if f.rewrite is not None]
    rewrite = combined(source, [f.rewrite for f in fixed], [f.kind == "forced-copy" for f in fixed])
    return report.with_findings(findings, notes, rewrite)
