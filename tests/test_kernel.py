"""npguard in a real Jupyter kernel, driven by nbclient.

Every notebook in ``notebooks/`` is executed once per module and must run top
to bottom; the quickstart's tests then check one promise each about where and
what npguard displayed: reports land in the cell that produced them, with the
widget view and both fallbacks, and with figures that match the arrays'
``nbytes``. The kernel imports npguard from this checkout through PYTHONPATH
(an editable install in the project venv works as well).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import summary_of

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

REPO = Path(__file__).resolve().parent.parent
QUICKSTART = REPO / "notebooks" / "quickstart.ipynb"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
MiB = 1024**2

ONES = "a = np.ones(20_000_000); del a"
DEEP = "%%npguard\nd = a * 2 + a.mean(axis=0) - 1\ndt = d.T\ne = np.ascontiguousarray(dt)"
CHAINED = "b = a * 2 + a.mean(axis=0) - 1"
IN_PLACE = "b = a * 2\nb += a.mean(axis=0)\nb -= 1"
REPORT = "%npguard report"

_SIZE = r"([+-]?\d+(?:\.\d+)?) (B|KiB|MiB|GiB)"
_UNIT = {"B": 1, "KiB": 1024, "MiB": MiB, "GiB": 1024**3}


def figure(text: str, name: str) -> float:
    """Bytes of the size after ``name`` in a summary line: ``figure(line, "peak")`` -> 160012288.0.

    The line reads ``npguard [3] peak +152.6 MiB over start, net +0 B, temporaries 152.6 MiB, 0.16 s``.
    """
    m = re.search(rf"\b{re.escape(name)} {_SIZE}", text)
    assert m, f"no {name!r} figure in {text!r}"
    return float(m.group(1)) * _UNIT[m.group(2)]


def first_size(text: str) -> float:
    """Bytes of the first size in ``text``."""
    m = re.search(_SIZE, text)
    assert m, f"no size in {text!r}"
    return float(m.group(1)) * _UNIT[m.group(2)]


def execute(nb, cwd: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``nb`` in a fresh ``python3`` kernel that can import npguard from this checkout."""
    paths = [str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    # allow_errors: the tests inspect error outputs themselves, with clearer messages.
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=True,
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def cell(nb, source: str):
    matches = [c for c in nb.cells if c.cell_type == "code" and c.source.strip() == source]
    assert len(matches) == 1, f"expected one cell {source!r} in the notebook, found {len(matches)}"
    return matches[0]


def npguard_outputs(c) -> list:
    """Rich outputs (display_data / execute_result) whose text/plain is npguard's."""
    return [o for o in c.outputs
            if "data" in o and o.data.get("text/plain", "").startswith("npguard")]


def npguard_printed(c) -> list:
    """Stream outputs printed by the script API (``npguard.report()``: lines start with ``[npguard]``)."""
    return [o for o in c.outputs if o.output_type == "stream" and o.text.startswith("[npguard]")]


def only_report(c, *, lines: bool = False) -> str:
    """The text/plain of the single per-cell report in ``c``, checked for shape and cell number.

    Returns its first line (the summary), or with ``lines`` the whole text.
    """
    outs = npguard_outputs(c)
    assert len(outs) == 1, f"expected one npguard report in {c.source!r}, got {[o.data for o in outs]}"
    out = outs[0]
    assert out.output_type == "display_data"
    assert {"text/plain", "text/html"} <= set(out.data), f"missing a MIME type: {sorted(out.data)}"
    text = out.data["text/plain"]
    assert text.startswith("npguard ["), text
    # The report names the cell it measured: it must be this one, not the next or the previous.
    assert text.startswith(f"npguard [{c.execution_count}] "), (c.execution_count, text)
    return text if lines else summary_of(text)


@pytest.fixture(scope="module")
def executed():
    """``executed(path)``: the notebook at ``path`` after one run in a fresh kernel, run once per module."""
    done = {}

    def get(path: Path):
        if path not in done:
            with pytest.MonkeyPatch.context() as mp:
                done[path] = execute(nbformat.read(path, as_version=4), path.parent, mp)
        return done[path]

    return get


@pytest.fixture(scope="module")
def quickstart(executed):
    return executed(QUICKSTART)


@pytest.mark.kernel
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(executed, path):
    nb = executed(path)
    errors = [(c.source, o.ename, o.evalue) for c in nb.cells if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert any(npguard_outputs(c) or npguard_printed(c) for c in nb.cells if c.cell_type == "code"), \
        "npguard showed nothing"


@pytest.mark.kernel
def test_reports_carry_the_widget_view_and_both_fallbacks(quickstart):
    outs = npguard_outputs(cell(quickstart, CHAINED))
    assert set(outs[0].data) == {WIDGET, "text/html", "text/plain"}
    # nbclient keeps the widgets' state, as a notebook saved with its widgets would.
    state = quickstart.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    root = state[outs[0].data[WIDGET]["model_id"]]
    assert "npguard-widget" in root["state"]["_dom_classes"]


@pytest.mark.kernel
def test_deep_cell_reports_per_line_and_the_arrays_held(quickstart):
    text = only_report(cell(quickstart, DEEP), lines=True)
    table = text.splitlines()
    line1 = next(row for row in table if row.rstrip().endswith("d = a * 2 + a.mean(axis=0) - 1"))
    assert first_size(line1) == pytest.approx(100_000 * 100 * 8, rel=0.01)  # net: d itself
    held = next(row for row in table if row.lstrip().startswith("d, dt "))  # a view, counted once
    assert "76.3 MiB  new" in held, held


@pytest.mark.kernel
def test_spike_that_leaves_nothing_reports_its_peak(quickstart):
    line = only_report(cell(quickstart, ONES))
    expected = 20_000_000 * 8  # 152.6 MiB
    assert figure(line, "peak") == pytest.approx(expected, rel=0.05), line
    assert abs(figure(line, "net")) < 5 * MiB, line


@pytest.mark.kernel
def test_chained_expression_reports_one_full_size_temporary(quickstart):
    line = only_report(cell(quickstart, CHAINED))
    # One temporary the size of `a` (100_000 x 100 float64, 76.3 MiB): NumPy elides the `- 1`
    # temporary in place. 15% because the figure can come from RSS, which moves in whole pages
    # and also counts the allocator's bookkeeping and anything else the process touched meanwhile.
    assert figure(line, "temporaries") == pytest.approx(100_000 * 100 * 8, rel=0.15), line


@pytest.mark.kernel
def test_in_place_version_has_no_temporaries(quickstart):
    outs = npguard_outputs(cell(quickstart, IN_PLACE))
    if outs:  # quiet is fine too: then nothing reached the threshold
        line = only_report(cell(quickstart, IN_PLACE))
        # a kept cell leaves out temporaries too small to be worth a word
        assert "temporaries" not in line or figure(line, "temporaries") < 5 * MiB, line


@pytest.mark.kernel
@pytest.mark.parametrize("source", ["import numpy as np", "del b", "a *= 2"])
def test_cells_that_allocate_nothing_stay_quiet(quickstart, source):
    assert npguard_outputs(cell(quickstart, source)) == []


@pytest.mark.kernel
def test_session_report_is_ranked_by_peak(quickstart):
    outs = npguard_outputs(cell(quickstart, REPORT))
    assert len(outs) == 1, [o.data for o in outs]
    assert {"text/plain", "text/html"} <= set(outs[0].data)
    lines = outs[0].data["text/plain"].splitlines()
    assert lines[0].startswith("npguard session:"), lines[0]
    assert "peak rise" in lines[1], lines[1]
    rows, sparkline = lines[2:-2], lines[-2]
    assert sparkline.startswith("  peak rise per cell, in run order: "), sparkline
    assert any(row.rstrip().endswith(CHAINED) for row in rows), rows
    assert any(row.rstrip().endswith(ONES) for row in rows), rows
    peaks = [first_size(row) for row in rows]  # the "peak rise" column
    assert max(len(line) for line in lines) <= 80, lines
    assert peaks == sorted(peaks, reverse=True), rows
    assert peaks[0] >= 140 * MiB, rows


@pytest.mark.kernel
def test_report_lands_in_a_cell_that_raised(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("%load_ext npguard"),
        nbformat.v4.new_code_cell("import numpy as np"),
        nbformat.v4.new_code_cell("x = np.ones(13_107_200); 1/0"),  # 100 MiB, kept, then raises
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    execute(nb, tmp_path, monkeypatch)

    raising = nb.cells[2]
    errors = [o for o in raising.outputs if o.output_type == "error"]
    assert len(errors) == 1, raising.outputs
    assert errors[0].ename == "ZeroDivisionError"
    assert errors[0].evalue == "division by zero"
    traceback = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(errors[0].traceback))  # drop the colours
    assert "1/0" in traceback and "npguard" not in traceback, traceback

    line = only_report(raising)
    assert line.endswith("; raised ZeroDivisionError"), line
    assert figure(line, "peak") == pytest.approx(100 * MiB, rel=0.05), line
    for quiet in nb.cells[:2]:
        assert [o for o in quiet.outputs if o.output_type == "error"] == []
        assert npguard_outputs(quiet) == []


@pytest.mark.kernel
def test_widget_models_stay_bounded_over_50_cells(tmp_path, monkeypatch):
    count = "from ipywidgets.widgets import widget as w; print(len(w._instances))"
    cells = ["%load_ext npguard", "import numpy as np", count]
    cells += ["x = np.ones(3_000_000)"] * 50  # 22.9 MiB each: every cell is shown
    cells += [count]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    execute(nb, tmp_path, monkeypatch)

    before, after = (int(nb.cells[i].outputs[0].text) for i in (2, -1))
    print(f"widget models: {before} before, {after} after 50 cells")
    assert after - before <= 5 * 10, (before, after)  # 5 live cells (the default) of 10 models each
    shown = [npguard_outputs(c) for c in nb.cells[3:-1]]
    assert all(len(o) == 1 for o in shown)
    # The oldest 45 were retired: their output is now npguard's static view, in place.
    assert [WIDGET in o[0].data for o in shown] == [False] * 45 + [True] * 5
    assert all("npguard-cell" in o[0].data["text/html"] for o in shown)


@pytest.mark.kernel
def test_hazards_notebook_shows_each_hazard_once(executed):
    """Each hazard is reported on its example and nowhere else (the counterparts stay quiet)."""
    nb = executed(REPO / "notebooks" / "hazards.ipynb")
    kinds = ("dtype-overflow", "precision-loss", "view-write", "strided-loop", "base-retained")
    shown = [k for c in nb.cells if c.cell_type == "code" for o in npguard_outputs(c)
             for k in kinds if f"[{k}]" in o.data["text/plain"]]
    assert sorted(shown) == sorted(kinds + ("dtype-overflow",))  # a wrapping sum and a wrapping cast
