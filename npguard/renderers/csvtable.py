"""One CSV row per cell: the figures a spreadsheet needs, findings folded into one column."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..model import CellReport

COLUMNS = (
    "execution_count", "label", "mode", "duration_s", "error",
    "rss_before", "rss_after", "rss_peak",
    "numpy_before", "numpy_after", "numpy_peak",
    "traced_before", "traced_after", "traced_peak",
    "temporaries_bytes", "findings", "source",
)


def render_session(reports: Sequence[CellReport]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in reports:
        d = r.to_dict()
        row = [d["execution_count"], d["label"], d["mode"], d["duration_s"], d["error"]]
        for source in ("rss", "numpy", "traced"):
            s = d[source]
            row += [None, None, None] if s is None else [s["before"], s["after"], s["peak"]]
        row += [d["temporaries_bytes"], ";".join(f"{f['kind']}@{f['lineno']}" for f in d["findings"]), d["source"]]
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()
