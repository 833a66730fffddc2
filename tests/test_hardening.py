"""npguard never breaks a notebook: odd cells, failures inside npguard, the user's state."""

from __future__ import annotations

import sys
import tracemalloc

import numpy as np
import pytest

from conftest import figure
from npguard_ipython import extension

ONES_20M = np.ones(20_000_000).nbytes


def test_keyboard_interrupt_in_light_mode(run, shell):
    run("import numpy as np")
    r = run("x = np.ones(20_000_000)\nraise KeyboardInterrupt")
    assert isinstance(r.result.error_in_exec, KeyboardInterrupt)
    assert "raised KeyboardInterrupt" in r.summary()
    assert extension.get(shell).history.last().error == "KeyboardInterrupt"


def test_system_exit_is_reported_once(run, shell):
    n = len(extension.get(shell).history)
    r = run("import numpy as np\nx = np.ones(20_000_000)\nraise SystemExit(3)")
    assert len(r.npguard_texts()) == 1 and "raised SystemExit" in r.summary()
    assert len(extension.get(shell).history) == n + 1


def test_a_thread_that_allocates(run, shell):
    # The NumPy counter cannot see a thread started in the cell (it starts with
    # an empty context); the kernel's peak RSS is process-wide and does.
    run("import numpy as np, threading")
    r = run("def work():\n    y = np.ones(20_000_000)\n    del y\n"
            "t = threading.Thread(target=work)\nt.start()\nt.join()")
    assert figure(r.summary(), "peak") == pytest.approx(ONES_20M, rel=0.05)


def test_async_cell(run, shell):
    run("import numpy as np, asyncio")
    r = run("x = np.ones(20_000_000)\nawait asyncio.sleep(0.01)\ndel x")
    assert r.result.success
    assert figure(r.summary(), "peak") == pytest.approx(ONES_20M, rel=0.05)
    assert extension.get(shell).history.last().measurement.numpy is not None


def test_time_magic_cell(run, shell):
    run("import numpy as np")
    r = run("%%time\nx = np.ones(20_000_000)\ndel x")
    assert "Wall time" in r.stdout
    assert figure(r.summary(), "peak") == pytest.approx(ONES_20M, rel=0.05)


def test_run_magic(run, shell, tmp_path):
    script = tmp_path / "alloc.py"
    script.write_text("import numpy as np\nz = np.ones(20_000_000)\nprint(z.nbytes)\n")
    r = run(f"%run {script}")
    assert str(ONES_20M) in r.stdout
    assert figure(r.summary(), "peak") == pytest.approx(ONES_20M, rel=0.05)


def test_renderer_failure_warns_once_and_keeps_output(run, shell, monkeypatch):
    from npguard_ipython import watcher

    def broken(*args, **kwargs):
        raise RuntimeError("simulated renderer bug")

    monkeypatch.setattr(watcher, "show_report", broken)
    run("import numpy as np")
    r1 = run("x = np.ones(20_000_000); del x\nprint('user output')\n6 * 7")
    r2 = run("x = np.ones(20_000_000); del x\n7 * 6")
    assert r1.stdout.startswith("user output") and r1.result.result == 42 and r2.result.result == 42
    assert r1.stderr.count("npguard: could not render") == 1
    assert "npguard" not in r2.stderr
    assert extension.get(shell).history.last().source.startswith("x = np.ones")


def test_counter_missing_still_reports(run, shell, monkeypatch):
    ext = extension.get(shell)
    monkeypatch.setattr(ext.meter, "counter", None)
    ext.meter.counter_note = "NumPy counter unavailable: simulated"
    run("import numpy as np")
    r = run("x = np.ones(20_000_000); del x")
    assert figure(r.summary(), "peak") == pytest.approx(ONES_20M, rel=0.05)
    d = ext.history.last().to_dict()
    assert d["numpy"] is None and "numpy not measured: NumPy counter unavailable: simulated" in d["notes"]
    assert "simulated" in run("%npguard status").stdout


def test_user_state_is_left_alone(run, shell):
    names = set(shell.user_ns)
    trace = sys.gettrace()
    was_tracing = tracemalloc.is_tracing()
    run("import numpy as np")
    run("y = np.ones(20_000_000); del y")
    run("%%npguard\ny = np.ones(1000)\ndel y")
    assert sys.gettrace() is trace
    assert tracemalloc.is_tracing() == was_tracing or extension.get(shell).started_tracing
    added = set(shell.user_ns) - names
    # Only the user's own name and IPython's input-history names (_i, _i7, ...) appear.
    assert {n for n in added if not n.startswith("_i")} <= {"np"}


def test_user_tracemalloc_survives_a_deep_cell(run, shell):
    tracemalloc.start()
    try:
        run("%%npguard\nimport numpy as np\ny = np.ones(1000)")
        shell.run_line_magic("unload_ext", "npguard")
        assert tracemalloc.is_tracing()
        shell.run_line_magic("load_ext", "npguard")
    finally:
        tracemalloc.stop()


def test_without_proc_the_report_falls_back_to_the_sampler(run, shell, tmp_path):
    # No /proc: RSS comes from psutil and the peak from a 5 ms sampler, and the record says so.
    from npguard.meter import Meter

    ext = extension.get(shell)
    ext.meter = ext.watcher.meter = Meter(proc=str(tmp_path))
    run("import numpy as np, time")
    r = run("x = np.ones(20_000_000)\ntime.sleep(0.05)\ndel x")
    assert figure(r.summary(), "peak") == pytest.approx(ONES_20M, rel=0.05)
    record = ext.history.last().to_dict()
    assert record["sources"]["rss_peak"] == "sampler"
    # The RSS figure itself, not only the NumPy counter's, caught the 50 ms spike.
    assert record["rss"]["peak"] - record["rss"]["before"] == pytest.approx(ONES_20M, rel=0.05)
    assert any("sampled every 5 ms" in n for n in record["notes"])
    assert "sampled every 5 ms" in run("%npguard status").stdout
