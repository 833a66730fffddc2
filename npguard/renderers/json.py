"""The JSON record of ``%npguard report --json``, as fixed by the user-facing contract."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .._version import __version__
from ..model import CellReport, Settings
from ..verdict import assess

DEFAULT_THRESHOLD = Settings().threshold


def cell_dict(report: CellReport, threshold: int = DEFAULT_THRESHOLD) -> dict[str, Any]:
    """The contract's record, plus what the report leads with: its status and one-source headline.

    ``headline`` names the source of its figures; ``rss_only`` lists what only
    process RSS saw; ``not_measured`` says, per source, why it is null.
    """
    v = assess(report, threshold)
    d = report.to_dict()
    d["status"] = v.status if v.source else None
    d["headline"] = None if v.source is None else {
        "source": v.source, "peak": v.peak, "net": v.net, "temporaries": v.temporaries,
        "largest_temporary_line": v.largest.lineno if v.largest else None,
        "outside": v.missed_by,
    }
    d["rss_only"] = [{"kind": e.kind, "bytes": e.bytes, "label": e.label} for e in v.effects]
    d["not_measured"] = dict(report.measurement.missing)
    return d


def session_dict(reports: Sequence[CellReport], threshold: int = DEFAULT_THRESHOLD) -> dict[str, Any]:
    return {"npguard": __version__, "cells": [cell_dict(r, threshold) for r in reports]}


def render_session(reports: Sequence[CellReport], threshold: int = DEFAULT_THRESHOLD) -> str:
    return json.dumps(session_dict(reports, threshold), indent=2)
