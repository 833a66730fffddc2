"""The text and HTML views from hand-built reports: escaping, findings, charts, held arrays, session."""

from __future__ import annotations

import re

import numpy as np
import pytest

from npguard.model import CellReport, Finding, LineStat, Measurement, Sample
from npguard.namespace import scan
from npguard.renderers import html, svg, text
from npguard.verdict import assess

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
    assert repr(EVIL) in text.render_cell(r, namespace=view, width=200)  # a name no one could type is shown quoted


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


def test_a_rewrite_in_text_keeps_its_blank_lines_and_trailing_spaces():
    """A blank line (or a trailing space) may sit inside a string the rewrite keeps, such as a docstring:
    the terminal shows the code as written, so a copy runs the same."""
    code = 'def f(x):\n    """Sum. \n\n    Returns a number."""\n    return x.sum()'
    r = report(findings=(Finding("chained-ops", 1, 80_000_000, "m", "s", code),))
    plain = text.render_cell(r, width=200).splitlines()
    at = plain.index("    rewrite:")
    assert plain[at + 1:at + 5] == ["      def f(x):", '          """Sum. ', "", '          Returns a number."""']


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


def test_static_view_has_details_only_when_expanded():
    r = report(mode="light")
    assert "<details" in html.render_cell(r, expanded=True)
    slim = html.render_cell(r, expanded=False)
    assert "<details" not in slim and "npguard-slim" in slim and "<svg" not in slim


def test_held_arrays_in_text_and_html():
    a = np.zeros(MiB // 8 * 4)
    _, snap = scan({"a": a})
    view, _ = scan({"a": a, "b": np.zeros(MiB // 8 * 2), "bv": None}, snap)
    plain = text.render_cell(report(), namespace=view)
    assert "changes since the last flagged cell" in plain
    assert re.search(r"\n    b +2\.0 MiB  new", plain)
    assert "1 more unchanged: 4.0 MiB" in plain
    head = html.render_head(report(), view)
    assert re.search(r"Now held: <code[^>]*>b</code> 2.0 MiB \(new\)", head)


def test_nothing_held():
    view, _ = scan({})
    assert "No array of 1.0 MiB or more" in text.render_cell(report(), namespace=view)
    assert "No array of 1.0 MiB or more" in html.render_details(report(), view)


def test_session_sparkline_in_text_and_html():
    cells = [report(n=i, mode="light") for i in range(1, 4)]
    quiet = CellReport(4, "x = 1", "light", Measurement(0.01, rss=Sample(10, 10, 10)))
    timeline = cells + [quiet]
    plain = text.render_session(cells, total=4, timeline=timeline)
    spark, legend = plain.splitlines()[-2:]
    assert spark.startswith("  peak rise per cell, in run order: ███▁")
    assert "cells 1 to 4; highest: cell 1, +153.0 MiB" in legend
    page = html.render_session(cells, total=4, timeline=timeline)
    assert_safe(page)
    assert 'class="npguard-sparkline"' in page and "highest: cell 1" in page


@pytest.mark.parametrize("values", [[0], [5], list(range(200))])
def test_text_sparkline_width(values):
    assert 1 <= len(text.sparkline(values)) <= 60


# -- status, headline, terminal width --------------------------------------------------------------


def light(rss, numpy, *, notes=(), n=5, source="x = f()"):
    m = Measurement(duration_s=0.02, rss=Sample(*rss), numpy=Sample(*numpy), notes=notes,
                    missing={"traced": "tracemalloc is off"})
    return CellReport(execution_count=n, source=source, mode="light", measurement=m)


@pytest.mark.parametrize("numpy, status, words", [
    ((0, 0, 80 * MiB), "temporaries", "memory pressure: temporaries 80.0 MiB"),
    ((0, 80 * MiB, 80 * MiB), "kept", "kept +80.0 MiB"),
    ((80 * MiB, 0, 80 * MiB), "freed", "freed -80.0 MiB"),
    ((0, MiB, MiB), "quiet", "quiet"),
])
def test_status_leads_every_view(numpy, status, words):
    r = light(tuple(100 * MiB + n for n in numpy), numpy)
    assert assess(r, 20 * MiB).status == status
    assert text.summary_line(r).startswith(f"npguard [5] {words}")
    page = html.render_cell(r, expanded=status == "temporaries")
    assert f"npguard-status-{status}" in page and text.STATUS_TEXT[status] in page


@pytest.mark.parametrize("temporaries, told", [(16, False), (5 * MiB, True)])
def test_a_kept_cell_names_its_temporaries_only_when_they_are_worth_a_word(temporaries, told):
    # a NumPy scalar's 16 bytes beside 22.9 MiB kept would only lengthen the line (past 80 columns at [727])
    r = light((100 * MiB, 123 * MiB, 123 * MiB + temporaries), (0, 23 * MiB, 23 * MiB + temporaries), n=727)
    line = text.summary_line(r)
    assert line.startswith("npguard [727] kept +23.0 MiB") and ("temporaries" in line) == told, line
    assert ("temporaries" in html.render_cell(r, expanded=False)) == told
    assert told or len(line) <= 80


def test_headline_figures_come_from_one_source_and_rss_only_effects_are_labelled():
    # NumPy kept nothing; process RSS stayed 10.4 MiB higher (the allocator kept it).
    lines = (LineStat(1, "s = (a ** 2).sum()", 1, 0, 76 * MiB, 76 * MiB),)
    m = Measurement(0.1, rss=Sample(200 * MiB, 210 * MiB + 410 * 1024, 280 * MiB),
                    numpy=Sample(76 * MiB, 76 * MiB, 152 * MiB + 800))
    r = CellReport(7, "s = (a ** 2).sum()", "deep", m, lines=lines)
    v = assess(r, 20 * MiB)
    assert (v.source, v.net, v.status) == ("numpy", 0, "temporaries")
    assert v.largest is lines[0] and v.temporaries == 76 * MiB + 800
    assert [e.kind for e in v.effects] == ["allocator-kept"]  # its peak is that same kept memory, once
    summary = text.summary_line(r)
    assert "largest temporary 76.0 MiB, line 1" in summary and "net +0 B" in summary
    assert "10.4 MiB" not in summary
    plain = text.render_cell(r, width=80)
    assert "RSS only: +10.4 MiB more kept than NumPy arrays hold" in " ".join(plain.split())
    assert "RSS only:" in html.render_head(r)


def test_terminal_text_fits_80_columns_and_prints_notes():
    note = ("loop-heavy cell: 1,000,000 traced line events cost about 0.50 s of its 0.60 s; "
            "without %%npguard it runs roughly 6x faster")
    long_source = "result = " + " + ".join(f"array_number_{i}" for i in range(30))
    lines = LINES + (LineStat(4, long_source, 1, 0, 0, 0),)
    r = CellReport(3, long_source, "deep", report().measurement, lines=lines, findings=FINDINGS, notes=(note,))
    view, _ = scan({"a_rather_long_variable_name_for_an_array": np.zeros(MiB // 8 * 3)})
    plain = text.render_cell(r, namespace=view, width=80)
    assert max(len(line) for line in plain.splitlines()) <= 80, plain
    assert not re.search(r"\d\n\s+(?:B|KiB|MiB|GiB)\b", plain), plain  # a size is never split from its unit
    assert "roughly 6x faster" in " ".join(plain.split())
    assert plain.count("traced not measured") == 1
    assert all(line.strip() for line in plain.splitlines())  # no blank or whitespace-only line
    session = text.render_session([r] * 9, timeline=[r] * 9, width=80)
    assert "9 cells recorded" in session and "cell(s)" not in session
    assert max(len(line) for line in session.splitlines()) <= 80, session


def test_terminal_colour_only_when_asked():
    r = report(findings=FINDINGS)
    assert "\x1b[" not in text.render_cell(r)
    painted = text.render_cell(r, color=True)
    assert "\x1b[1;33mmemory pressure\x1b[0m" in painted.splitlines()[0]
    assert "\x1b[1m  Findings:\x1b[0m" in painted


def test_code_spans_render_as_code_in_html():
    f = Finding("chained-ops", 1, 80 * MiB, "`b = a * 2` built a temporary (`a * 2`)",
                "use `+=` or `out=`", "b = a\nb *= 2")
    r = report(findings=(f,))
    for page in (html.render_cell(r), html.render_head(r), html.render_details(r)):
        outside = re.sub(r"<(code|pre)\b.*?</\1>", "", page, flags=re.S)
        assert "`" not in outside, outside
    assert re.search(r"<code[^>]*>b = a \* 2</code> built a temporary", html.render_details(r))


def test_charts_are_labelled_and_readable():
    chart = svg.cell_chart(report(lines=LINES))
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', chart).groups())
    assert width >= 300 and height >= 100
    assert ">line 1<" in chart and ">line 3<" in chart and "152.6 MiB<" in chart and ">0 B<" in chart
    span = svg.cell_chart(report(mode="light"))
    assert ">start<" in span and ">peak +153.0 MiB<" in span and ">end +76.0 MiB<" in span
    spark = svg.sparkline([1, 5 * MiB, 2], ["cell 1", "cell 2", "cell 3"])
    assert ">cell 1<" in spark and ">cell 3<" in spark and "highest: cell 2" in spark


def test_a_report_shows_itself():
    r = report(lines=LINES, findings=FINDINGS)
    bundle = r._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"} and "npguard-status-temporaries" in bundle["text/html"]
    from IPython.lib.pretty import pretty

    assert pretty(r).startswith("npguard [3] memory pressure")


def test_memory_outside_numpy_leads_with_rss_and_says_so():
    # A memory-mapped file read or a large list: process RSS grew, NumPy's arrays did not.
    r = light((100 * MiB, 290 * MiB, 290 * MiB), (0, 0, 0))
    v = assess(r, 20 * MiB)
    assert (v.status, v.source, v.missed_by) == ("kept", "rss", "numpy")
    assert text.summary_line(r).endswith("(process RSS, outside NumPy arrays)")


def test_code_longer_than_a_line_breaks_at_its_own_spaces_not_inside_a_name():
    # `del predicted_state_means, predicted_state_covariances, ...` cannot fit on one line of 80 columns: it
    # breaks between names, never inside one (which would print `predicted_state_m` / `eans`)
    names = ["predicted_state_means", "predicted_state_covariances", "kalman_gains", "filtered_state_means",
             "filtered_state_covariances"]
    line = "    instead: Free the old values at the end of each pass (`del " + ", ".join(names) + "` after their last use)."
    wrapped = text.fit([line], 80)
    rows = wrapped.split("\n")
    assert all(len(r) <= 80 for r in rows), rows
    words = {w.strip("`(),.") for r in rows for w in r.split()}
    assert set(names) <= words, rows
    # a short code span still stays whole on one line
    short = text.fit(["    " + "x " * 30 + "`np.copyto(a, b, where=m)` and more words to wrap the line past 80"], 80)
    assert any("`np.copyto(a, b, where=m)`" in r for r in short.split("\n")), short
