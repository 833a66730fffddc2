"""The per-cell widget in a real InteractiveShell, as if a widget front end were listening.

A plain InteractiveShell has no kernel, so npguard would never build a widget
there; these tests tell it a front end is present and check what reaches the
display publisher (one bundle, three MIME types), what the widget holds, and
that the number of live widget models stays bounded however many cells run.
"""

from __future__ import annotations

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from npguard_ipython import extension, widget  # noqa: E402

WIDGET = widget.WIDGET_MIME
FLAGGED = "x = np.ones(3_000_000); del x"  # 22.9 MiB of temporaries: memory pressure at the 20 MiB threshold
KEPT = "k = np.ones(3_000_000)"  # 22.9 MiB kept, no temporaries: one slim line


def model_count() -> int:
    from ipywidgets.widgets import widget as module

    instances = getattr(module, "_instances", None)  # ipywidgets 8
    return len(instances if instances is not None else ipywidgets.Widget.widgets)


def model(model_id: str):
    from ipywidgets.widgets import widget as module

    instances = getattr(module, "_instances", None) or ipywidgets.Widget.widgets
    return instances.get(model_id)


@pytest.fixture
def front_end(monkeypatch):
    monkeypatch.setattr(widget, "available", lambda shell: True)


@pytest.fixture
def npg(run):
    run("import numpy as np")
    return run


def reports(r):
    return [o for o in r.outputs if o.data.get("text/plain", "").startswith("npguard")]


def test_bundle_holds_widget_html_and_text(npg, front_end):
    outs = reports(npg(FLAGGED))
    assert len(outs) == 1
    data = outs[0].data
    assert set(data) == {WIDGET, "text/html", "text/plain"}
    assert data[WIDGET]["version_major"] == 2 and data[WIDGET]["version_minor"] == 0
    assert data["text/plain"].startswith("npguard [") and "npguard-cell" in data["text/html"]
    root = model(data[WIDGET]["model_id"])
    assert root is not None and "npguard-widget" in root._dom_classes
    summary, details = root.children
    assert "npguard-summary" in summary._dom_classes and "MiB" in summary.value
    assert "npguard-status-temporaries" in summary.value and "memory pressure" in summary.value
    assert "npguard-details" in details._dom_classes and details.selected_index is None  # closed
    assert details.get_title(0).startswith("Details: ")


def test_kept_only_cell_is_one_static_line(npg, front_end):
    before = model_count()
    outs = reports(npg(KEPT))
    assert set(outs[0].data) == {"text/plain", "text/html"} and model_count() == before
    assert outs[0].data["text/plain"].startswith("npguard [") and "\n" not in outs[0].data["text/plain"]
    page = outs[0].data["text/html"]
    assert "npguard-slim" in page and "npguard-status-kept" in page and "<details" not in page


def test_quiet_cells_make_no_widget(npg, front_end):
    before = model_count()
    assert reports(npg("y = np.ones(10)")) == []
    assert model_count() == before


def test_deep_cell_widget_has_the_per_line_table(npg, front_end):
    outs = reports(npg("%%npguard\nd = np.ones(3_000_000)\ndt = d.T\ne = d * 2"))
    root = model(outs[0].data[WIDGET]["model_id"])
    summary, details = root.children
    assert "npguard-chart-lines" in summary.value
    body = details.children[0]
    assert 'class="npguard-lines"' in body.value and "e = d * 2" in body.value
    # dt = d.T is a view: a line that never touches NumPy memory is not listed
    assert details.get_title(0).startswith("Details: per-line table (2 lines)")
    assert "npguard-namespace" in body.value  # held arrays after a flagged cell


def test_script_in_source_and_names_is_escaped_in_the_widget(npg, front_end):
    source = "globals()['<script>alert(1)</script>'] = np.ones(3_000_000)  # <script>x</script>"
    outs = reports(npg("%%npguard\n" + source))
    root = model(outs[0].data[WIDGET]["model_id"])
    values = [root.children[0].value, root.children[1].children[0].value, outs[0].data["text/html"]]
    for value in values:
        assert "<script" not in value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in values[1]
    npg("del globals()['<script>alert(1)</script>']")


def test_model_count_stays_bounded_over_50_cells(npg, shell, front_end):
    pool = extension.get(shell).presenter.pool
    start = model_count()
    counts = []
    retired = []
    for i in range(50):
        r = npg(FLAGGED)
        counts.append(model_count() - start)
        # A retired cell's output is replaced by its static view: same display id, no widget.
        retired += [o for o in r.outputs if o.update]
    bound = widget.LIVE_CELLS * widget.MODELS_PER_CELL
    assert max(counts) <= bound, counts
    assert counts[-1] == counts[widget.LIVE_CELLS - 1] == bound  # full pool, then flat
    assert len(pool) == widget.LIVE_CELLS
    assert len(retired) == 50 - widget.LIVE_CELLS
    for o in retired:
        assert set(o.data) == {"text/plain", "text/html"} and o.transient["display_id"]


def test_unload_leaves_static_views_and_no_models(ipshell, front_end):
    from IPython.utils.capture import capture_output

    start = model_count()
    ipshell.run_line_magic("load_ext", "npguard")
    try:
        ipshell.run_cell("import numpy as np")
        with capture_output() as shown:
            for _ in range(3):
                ipshell.run_cell(FLAGGED)
        assert model_count() == start + 3 * widget.MODELS_PER_CELL
        ids = [o.transient["display_id"] for o in shown.outputs if WIDGET in o.data]
    finally:
        with capture_output() as unloaded:
            ipshell.run_line_magic("unload_ext", "npguard")
    assert model_count() == start
    assert sorted(o.transient["display_id"] for o in unloaded.outputs if o.update) == sorted(ids)


def test_setting_off_means_no_widget(npg, front_end):
    npg("%config NpguardMagics.widget = False")
    before = model_count()
    outs = reports(npg(FLAGGED))
    assert set(outs[0].data) == {"text/plain", "text/html"} and model_count() == before


def test_no_kernel_means_no_widget(npg, shell):
    assert not widget.available(shell)  # terminal IPython and a plain InteractiveShell
    before = model_count()
    outs = reports(npg(FLAGGED))
    assert set(outs[0].data) == {"text/plain", "text/html"} and model_count() == before


def test_live_widgets_setting_and_freeze(shell):
    """``live_widgets`` resizes the pool at once; ``%npguard freeze`` retires every live widget."""
    from npguard_ipython import extension

    ext = extension.get(shell)
    pool = ext.presenter.pool
    retired = []
    pool._retire = lambda *shown: retired.append(shown)
    pool._shown.extend((f"id{i}", None, {}) for i in range(5))
    shell.run_line_magic("config", "NpguardMagics.live_widgets = 2")
    assert len(pool) == 2 and len(retired) == 3 and pool.live == 2
    shell.run_line_magic("npguard", "freeze")
    assert len(pool) == 0 and len(retired) == 5
