"""The text and HTML views from hand-built reports: escaping, findings, charts, held arrays, session."""

from __future__ import annotations

import re

import numpy as np
import pytest

from npguard.model import CellReport, Finding, LineStat, Measurement, Sample
from npguard.namespace import scan
from npguard.renderers import html, svg, text

MiB = 1024**2
EVIL = "<script>alert(1)</script>"


def report(source="b = a * 2 + a.mean(axis=0) - 1", *, mode="deep", lines=(), findings=(), error=None, n=3):
    m = Measurement(duration_s=0.25, rss=Sample(100 * MiB, 176 * MiB, 253 * MiB),
                    numpy=Sample(76 * MiB, 152 * MiB, 229 * MiB), notes=("traced not measured: off",))
    return CellReport(execution_count=n, source=source, mode=mode, measurement=m, error=error,
                      lines=tuple(lines), findings=tuple(findings))


LINES = (
    LineStat(1, "b = a * 2 + a.mean(axis=0) - 1", 1, 80_000_000, 160_000_000, 80_000_000),
    LineStat(2, "bt = b.T", 1, 0, 0, 0),
    LineStat(3, "c = np.ascontiguousarray(bt)", 1, 80_000_000, 80_000_000, 0),
)
FINDINGS = (
    Finding("chained-ops", 1, 80_000_000, "a * 2 made a full-size temporary", "update in place",
            "b = a * 2\nb += a.mean(axis=0)\nb -= 1"),
    Finding("forced-copy", 3, 80_000_000, "ascontiguousarray copies all of b.T", "keep the view", None),
)


def assert_safe(page: str) -> None:
    """No script, no event handler, no external resource: the view is inert, self-contained HTML."""
    assert "<script" not in page.lower()
    assert not re.search(r"\son\w+\s*=", page), "an event-handler attribute"
    assert not re.search(r"(?:src|href)\s*=|url\(|https?:|@import", page, re.I), "an external resource"


def test_script_in_cell_source_is_escaped():
    lines = (LineStat(1, f"x = 1  # {EVIL}", 1, 0, 0, 0),)
    findings = (Finding("forced-copy", 1, 50 * MiB, f"message {EVIL}", f"suggestion {EVIL}", f"y = 2  # {EVIL}"),)
    r = report(f"x = 1  # {EVIL}", lines=lines, findings=findings, error=f"ValueError: {EVIL}")
    for page in (html.render_cell(r), html.render_head(r), html.render_details(r),
                 html.render_session([r], timeline=[r])):
        assert_safe(page)
        assert "&lt;script&gt;" in page
    assert EVIL in text.render_cell(r)  # plain text is shown as text: nothing to escape


def test_script_in_a_variable_name_is_escaped():
    view, _ = scan({EVIL: np.zeros(MiB // 8 * 3), "ok": np.zeros(MiB // 8 * 2)})
    r = report(lines=LINES)
    page = html.render_cell(r, namespace=view) + html.render_head(r, view)
    assert_safe(page)
    assert html.render_namespace(view).count("&lt;script&gt;alert(1)&lt;/script&gt;") == 1
    assert repr(EVIL) in text.render_cell(r, namespace=view)  # a name no one could type is shown quoted


def test_findings_show_suggestion_and_a_copyable_rewrite():
    r = report(lines=LINES, findings=FINDINGS)
    details = html.render_details(r)
    assert details.count('class="npguard-finding"') == 2
    rewrite = re.search(r'<pre class="npguard-rewrite" style="([^"]*)">(.*?)</pre>', details, re.S)
    assert rewrite and "user-select:all" in rewrite.group(1)
    assert rewrite.group(2) == "b = a * 2\nb += a.mean(axis=0)\nb -= 1"
    assert "instead:</i> update in place" in details
    head = html.render_head(r)
    assert "Finding, line 1" in head and "(and 1 more)" in head
    plain = text.render_cell(r)
    assert "  Findings:" in plain and "      b += a.mean(axis=0)" in plain


def test_light_mode_names_likely_causes_and_the_deep_hint():
    r = report(mode="light", findings=FINDINGS[:1])
    assert "Likely cause, line 1" in html.render_head(r)
    assert text.DEEP_HINT in html.render_details(r) and text.DEEP_HINT in text.render_cell(r)


def test_per_line_table_and_chart():
    r = report(lines=LINES)
    details = html.render_details(r)
    table = re.search(r'<table class="npguard-lines".*?</table>', details, re.S).group(0)
    assert table.count("<tr") == 4 and "bt = b.T" in table
    chart = svg.cell_chart(r)
    assert chart.startswith('<svg class="npguard-chart npguard-chart-lines"')
    assert chart.count("<rect") == 3  # one bar per line
    assert "line 1 (1 hit): peak 152.6 MiB over its start" in chart
    assert "peak 152.6 MiB" in chart  # the scale: the highest point, cumulated over lines 1-3
    assert chart in html.render_head(r)


def test_light_chart_is_start_peak_end():
    chart = svg.cell_chart(report(mode="light"))
    assert "npguard-chart-span" in chart
    assert "peak +153.0 MiB" in chart and "end +76.0 MiB" in chart


def test_chart_without_measurements_is_empty():
    r = CellReport(1, "x = 1", "light", Measurement(duration_s=0.1))
    assert svg.cell_chart(r) == ""
    assert_safe(html.render_cell(r))


def test_static_view_opens_only_when_expanded():
    r = report(mode="light")
    assert " open " in html.render_cell(r, expanded=True)
    assert " open " not in html.render_cell(r, expanded=False)
    assert text.render_cell(r, expanded=False).count("\n") == 0  # one line in a terminal


def test_held_arrays_in_text_and_html():
    a = np.zeros(MiB // 8 * 4)
    _, snap = scan({"a": a})
    view, _ = scan({"a": a, "b": np.zeros(MiB // 8 * 2), "bv": None}, snap)
    plain = text.render_cell(report(), namespace=view)
    assert "changes since the last flagged cell" in plain
    assert re.search(r"\n    b +2\.0 MiB  new", plain)
    assert "1 more unchanged: 4.0 MiB" in plain
    head = html.render_head(report(), view)
    assert "Now held: <code>b</code> 2.0 MiB (new)" in head


def test_nothing_held():
    view, _ = scan({})
    assert "No array of 1.0 MiB or more" in text.render_cell(report(), namespace=view)
    assert "No array of 1.0 MiB or more" in html.render_details(report(), view)


def test_session_sparkline_in_text_and_html():
    cells = [report(n=i, mode="light") for i in range(1, 4)]
    quiet = CellReport(4, "x = 1", "light", Measurement(0.01, rss=Sample(10, 10, 10)))
    timeline = cells + [quiet]
    plain = text.render_session(cells, total=4, timeline=timeline)
    last = plain.splitlines()[-1]
    assert last.startswith("  peak rise per cell, in run order: ███▁")
    assert "(highest: cell 1, +153.0 MiB)" in last
    page = html.render_session(cells, total=4, timeline=timeline)
    assert_safe(page)
    assert 'class="npguard-sparkline"' in page and "highest: cell 1" in page


@pytest.mark.parametrize("values", [[0], [5], list(range(200))])
def test_text_sparkline_width(values):
    assert 1 <= len(text.sparkline(values)) <= 60
