"""The always-on report in a real InteractiveShell: measured figures, magics, odd cells."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from IPython.core.error import UsageError

from conftest import MiB, figure, summary_of
from npguard_ipython import extension
from npguard_ipython.watcher import CellWatcher

ONES_20M = np.ones(20_000_000).nbytes  # 152.6 MiB
A_SHAPE = (100_000, 100)  # float64: 76.3 MiB
A_BYTES = np.empty(A_SHAPE).nbytes


def watcher_callbacks(shell, event):
    return [cb for cb in shell.events.callbacks[event] if isinstance(getattr(cb, "__self__", None), CellWatcher)]


# -- measured numbers ------------------------------------------------------------------------------


def test_spike_that_leaves_nothing_behind(run):
    run("import numpy as np")
    line = run("a = np.ones(20_000_000); del a").summary()
    # The OS peak is exact (VmHWM) but counts whole pages and the interpreter's
    # own small allocations during the cell: 5% of 152.6 MiB is ample for both.
    assert figure(line, "peak") == pytest.approx(ONES_20M, rel=0.05)
    # The freed buffer goes back to the OS (munmap), so almost nothing stays.
    assert abs(figure(line, "net")) < 2 * MiB


def test_chained_expression_makes_one_temporary(run):
    run("import numpy as np\na = np.random.rand(100_000, 100)")
    line = run("b = a * 2 + a.mean(axis=0) - 1").summary()
    # a*2 and (a*2 + mean) are full-size; NumPy reuses the second for "- 1"
    # (temporary elision), so exactly one array's worth is transient.
    assert figure(line, "temporaries") == pytest.approx(A_BYTES, rel=0.10)
    assert figure(line, "net") == pytest.approx(A_BYTES, rel=0.10)


def test_in_place_version_makes_none(run):
    run("import numpy as np\na = np.random.rand(100_000, 100)")
    texts = run("b = a * 2\nb += a.mean(axis=0)\nb -= 1").npguard_texts()
    assert len(texts) == 1
    line = summary_of(texts[0])
    assert line.startswith("npguard [") and " kept +" in line
    assert "temporaries" not in line or figure(line, "temporaries") < 0.05 * A_BYTES


def test_short_spikes_are_caught_every_time(run):
    run("import numpy as np, time")
    size = np.ones(25_000_000).nbytes  # 190.7 MiB
    caught = 0
    for _ in range(20):
        line = run("x = np.ones(25_000_000); time.sleep(0.003); del x").summary()
        caught += figure(line, "peak") == pytest.approx(size, rel=0.05)
    assert caught == 20


def test_quiet_below_threshold(run):
    run("import numpy as np")
    assert run("small = np.ones(1000)").npguard_texts() == []
    run("%config NpguardMagics.threshold = '500 MiB'")
    assert run("a = np.ones(20_000_000); del a").npguard_texts() == []
    run("%config NpguardMagics.threshold = 1048576")
    assert len(run("a = np.ones(20_000_000); del a").npguard_texts()) == 1


def test_bundle_has_text_and_html(run):
    run("import numpy as np")
    outs = [o for o in run("a = np.ones(20_000_000); del a").outputs if "text/plain" in o.data]
    assert len(outs) == 1
    assert set(outs[0].data) >= {"text/plain", "text/html"}
    assert "npguard-cell" in outs[0].data["text/html"]


# -- odd cells ------------------------------------------------------------------------------------


def test_cell_that_raises_is_reported_and_error_untouched(run, shell):
    run("import numpy as np")
    r = run("x = np.ones(13_107_200)\n1/0")
    assert isinstance(r.result.error_in_exec, ZeroDivisionError)
    assert "raised ZeroDivisionError" in r.summary()
    assert extension.get(shell).history.last().error == "ZeroDivisionError: division by zero"


def test_syntax_error_cell(run, shell):
    r = run("x = (")
    assert r.result.error_before_exec is not None
    assert extension.get(shell).history.last().error.startswith("SyntaxError")


def test_empty_cells_record_nothing(run, shell):
    ext = extension.get(shell)
    before = len(ext.history)
    for src in ("", "   ", "\n\n"):
        assert run(src).npguard_texts() == []
    assert len(ext.history) == before


def test_capture_reports_the_outer_cell_once(run, shell):
    run("import numpy as np")
    ext = extension.get(shell)
    before = len(ext.history)
    r = run("%%capture cap\nx = np.ones(20_000_000)\ndel x\nprint('inside')")
    assert len(ext.history) == before + 1
    assert len(r.npguard_texts()) == 1
    assert figure(r.summary(), "peak") == pytest.approx(ONES_20M, rel=0.05)
    assert shell.user_ns["cap"].stdout == "inside\n"


def test_nested_run_cell_is_covered_by_the_outer_cell(run, shell):
    run("import numpy as np")
    ext = extension.get(shell)
    before = len(ext.history)
    r = run("get_ipython().run_cell('y = np.ones(20_000_000); del y')")
    assert len(ext.history) == before + 1
    assert figure(r.summary(), "peak") == pytest.approx(ONES_20M, rel=0.05)


def test_a_failing_probe_never_breaks_the_cell(run, shell):
    ext = extension.get(shell)

    def broken():
        raise OSError("simulated: /proc unreadable")

    ext.meter.rss.read = broken
    r = run("z = 6 * 7\nz")
    r2 = run("z2 = 1")
    assert r.result.result == 42 and r2.result.success
    assert r.stderr.count("npguard: could not") == 1 and "npguard" not in r2.stderr
    assert any("rss not measured" in n for n in ext.history.last().to_dict()["notes"])


# -- load / unload --------------------------------------------------------------------------------


def test_load_unload_load_round_trip(ipshell):
    from npguard import numpy_counter

    default = numpy_counter.handler_name()
    for _ in range(50):
        ipshell.run_line_magic("load_ext", "npguard")
        ipshell.run_line_magic("load_ext", "npguard")  # twice: no second registration
        import npguard

        npguard.load_ipython_extension(ipshell)
        assert len(watcher_callbacks(ipshell, "pre_run_cell")) == 1
        assert len(watcher_callbacks(ipshell, "post_run_cell")) == 1
        assert "npguard" in ipshell.magics_manager.magics["line"]
        ipshell.run_line_magic("unload_ext", "npguard")
        assert watcher_callbacks(ipshell, "pre_run_cell") == []
        assert watcher_callbacks(ipshell, "post_run_cell") == []
        assert "npguard" not in ipshell.magics_manager.magics["line"]
        assert "NpguardMagics" not in ipshell.magics_manager.registry
        assert numpy_counter.handler_name() == default


def test_reload_ext(ipshell):
    ipshell.run_line_magic("load_ext", "npguard")
    ipshell.run_line_magic("reload_ext", "npguard")
    assert len(watcher_callbacks(ipshell, "post_run_cell")) == 1
    ipshell.run_line_magic("unload_ext", "npguard")
    assert watcher_callbacks(ipshell, "post_run_cell") == []


def test_unload_stops_only_the_tracing_npguard_started(ipshell):
    import tracemalloc

    assert not tracemalloc.is_tracing()
    ipshell.run_line_magic("load_ext", "npguard")
    ipshell.run_line_magic("npguard", "on --trace")
    assert tracemalloc.is_tracing()
    ipshell.run_line_magic("unload_ext", "npguard")
    assert not tracemalloc.is_tracing()

    tracemalloc.start()
    try:
        ipshell.run_line_magic("load_ext", "npguard")
        ipshell.run_line_magic("npguard", "on --trace")
        ipshell.run_line_magic("unload_ext", "npguard")
        assert tracemalloc.is_tracing()
    finally:
        tracemalloc.stop()


# -- magics ---------------------------------------------------------------------------------------


def test_off_on_pause_and_resume(run, shell):
    run("import numpy as np")
    assert "paused" in run("%npguard off").stdout
    assert run("a = np.ones(20_000_000); del a").npguard_texts() == []
    assert "on" in run("%npguard on").stdout
    assert len(run("a = np.ones(20_000_000); del a").npguard_texts()) == 1


def test_status_says_what_is_measured(run):
    out = run("%npguard status").stdout
    assert "per-cell report on" in out and "VmHWM" in out and "quiet below: 20.0 MiB" in out
    assert run("%npguard").stdout.startswith("npguard: per-cell report")


def test_tracing_fills_the_traced_figures(run, shell):
    run("import numpy as np\n%npguard on --trace")
    run("a = np.ones(20_000_000); del a")
    traced = extension.get(shell).history.last().measurement.traced
    assert traced is not None
    # tracemalloc sees NumPy's buffer exactly; the rest is the cell's own small objects.
    assert traced.rise == pytest.approx(ONES_20M, rel=0.01)


def test_report_ranks_by_peak_and_exports(run, shell, tmp_path):
    run("import numpy as np")
    run("a = np.ones(5_000_000); del a")
    run("a = np.ones(20_000_000); del a")
    run("a = np.ones(10_000_000); del a")
    r = run(f"%npguard report --top 2 --json {tmp_path}/s.json --csv {tmp_path}/s.csv")
    table = r.outputs[0].data["text/plain"].splitlines()
    assert "top 2 by peak" in table[0]
    assert "20_000_000" in table[2] and "10_000_000" in table[3] and len(table) == 6
    assert table[2].split()[1] == "pressure"  # each cell's status
    # All four cells in run order, the 20-million one highest: ▁▃█▅
    assert table[4].startswith("  peak rise per cell, in run order: ") and "█" in table[4]
    assert "one mark per cell" in table[5] and "highest: cell" in table[5]
    assert max(len(line) for line in table) <= 80
    assert "text/html" in r.outputs[0].data
    doc = json.loads((tmp_path / "s.json").read_text())
    assert set(doc) == {"npguard", "cells"}
    cell = doc["cells"][-1]
    for key in ("execution_count", "source", "mode", "duration_s", "error", "rss", "numpy", "traced",
                "temporaries_bytes", "lines", "findings", "notes"):
        assert key in cell
    assert cell["mode"] == "light" and cell["lines"] == [] and cell["source"] == "a = np.ones(10_000_000); del a"
    assert cell["rss"]["peak"] - cell["rss"]["before"] == pytest.approx(80_000_000, rel=0.05)
    # What the report leads with, from one named source.
    assert cell["status"] == "temporaries" and cell["headline"]["source"] == "numpy"
    assert cell["headline"]["temporaries"] == pytest.approx(80_000_000, rel=0.01)
    assert cell["not_measured"] == {"traced": cell["not_measured"]["traced"]} and cell["traced"] is None
    rows = list(csv.DictReader((tmp_path / "s.csv").open()))
    assert len(rows) == len(doc["cells"]) and rows[-1]["source"] == cell["source"]
    assert f"wrote {len(rows)} cells to {tmp_path}/s.json" in r.stdout


def test_reset_forgets(run, shell):
    run("x = 1")
    assert "forgot" in run("%npguard reset").stdout
    assert len(extension.get(shell).history) == 0


def test_history_is_bounded(run, shell):
    run("%config NpguardMagics.history = 3")
    for i in range(6):
        run(f"v{i} = {i}")
    assert len(extension.get(shell).history) == 3


BAD = [
    ("frobnicate", "invalid choice"),
    ("report --top 0", ">= 1"),
    ("report --top many", "invalid int"),
    ("report --top", "expected one argument"),
    ("status --top 3", "takes no --top"),
    ("off --trace", "takes no --trace"),
    ("on --json x.json", "takes no --json"),
    ("report --json", "expected one argument"),
    ("report --bogus", "unrecognized"),
    ("report --json /no/such/folder/x.json", "does not exist"),
    ("report --csv /", "is a folder"),
    ("report extra words", "unrecognized"),
]


@pytest.mark.parametrize(("line", "message"), BAD)
def test_bad_arguments_raise_usage_error(shell, line, message):
    with pytest.raises(UsageError, match=message):
        shell.run_line_magic("npguard", line)


@pytest.mark.parametrize(("line", "message"), BAD[:3])
def test_bad_arguments_show_no_traceback(run, line, message):
    r = run(f"%npguard {line}")
    assert "UsageError" in r.stderr + r.stdout
    assert "Traceback" not in r.stderr + r.stdout


@pytest.mark.parametrize("value", ["'lots'", "-1", "'20 parsecs'"])
def test_bad_threshold_is_refused_and_keeps_the_old_value(run, shell, value, caplog):
    # IPython's %config reports a refused value through logging (stderr in a terminal).
    r = run(f"%config NpguardMagics.threshold = {value}")
    assert r.result.success
    assert any("NpguardMagics.threshold" in rec.getMessage() for rec in caplog.records)
    assert extension.get(shell).magics.settings().threshold == 20 * MiB


def test_help_lists_every_command(shell):
    doc = shell.find_line_magic("npguard").__doc__
    for word in ("report", "--top", "--json", "--csv", "on", "--trace", "off", "status", "reset", "freeze"):
        assert word in doc
