"""The meter: exact peaks, nesting that never loses an outer peak, and the /proc-less fallback.

RSS only rises for pages the process newly touches: after other tests, the C
allocator may serve a new array from memory it kept, and RSS would not move.
So each RSS-only check runs in a fresh interpreter, where a 38-153 MiB array
always comes from new pages.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from npguard.meter import Meter
from npguard.probes import KernelPeak

N = 20_000_000  # 152.6 MiB of float64
NBYTES = np.ones(N).nbytes


def fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON object as its last line."""
    prelude = "import json, time, tracemalloc\nimport numpy as np\nfrom npguard.meter import Meter\n"
    out = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_peak_of_a_spike():
    r = fresh(f"""
        meter = Meter(use_counter=False)
        span = meter.begin()
        a = np.ones({N}); del a
        m = meter.end(span)
        print(json.dumps({{"source": m.sources["rss_peak"], "rise": m.rss.rise, "transient": m.rss.transient}}))
    """)
    assert r["source"] == "vmhwm"
    # Whole pages plus the interpreter's own bookkeeping: 5% covers both.
    assert r["rise"] == pytest.approx(NBYTES, rel=0.05)
    assert r["transient"] == pytest.approx(NBYTES, rel=0.05)


def test_inner_span_does_not_erase_outer_peak():
    r = fresh(f"""
        meter = Meter(use_counter=False)
        tracemalloc.start()
        outer = meter.begin()
        a = np.ones({N}); del a   # the outer peak happens before the inner block resets the marks
        inner = meter.begin()
        a = np.ones({N // 4}); del a
        mi = meter.end(inner)
        mo = meter.end(outer)
        print(json.dumps({{"inner": [mi.rss.rise, mi.traced.rise], "outer": [mo.rss.rise, mo.traced.rise]}}))
    """)
    assert r["inner"][0] == pytest.approx(NBYTES / 4, rel=0.05)
    assert r["inner"][1] == pytest.approx(NBYTES / 4, rel=0.01)
    assert r["outer"][0] == pytest.approx(NBYTES, rel=0.05)
    assert r["outer"][1] == pytest.approx(NBYTES, rel=0.01)


def test_without_proc_falls_back_to_a_sampler(tmp_path):
    assert KernelPeak.try_create(str(tmp_path)) is None
    r = fresh(f"""
        meter = Meter(proc={str(tmp_path)!r}, use_counter=False)
        span = meter.begin()
        a = np.ones({N})
        time.sleep(0.05)  # alive for ten sampling intervals
        del a
        m = meter.end(span)
        print(json.dumps({{"peak": meter.peak_source, "rss": meter.rss.source, "src": m.sources["rss_peak"],
                          "notes": m.notes, "rise": m.rss.rise, "describe": meter.describe()["rss"]}}))
    """)
    assert r["peak"] == r["src"] == "sampler" and r["rss"] == "psutil"
    assert any("sampled every" in n for n in r["notes"])
    assert r["rise"] == pytest.approx(NBYTES, rel=0.05)
    assert "sampled" in r["describe"]


def test_nested_numpy_counter_spans_are_exact():
    meter = Meter()
    if meter.counter is None:
        pytest.skip("NumPy counter unavailable")
    meter.counter.install()
    outer = meter.begin()
    a = np.ones(N)
    del a
    inner = meter.begin()
    b = np.ones(N // 4)
    del b
    mi, mo = meter.end(inner), meter.end(outer)
    # Exact to the byte but for np.ones' 16-byte 0-d fill value, alive during the fill.
    assert mi.numpy.rise == pytest.approx(NBYTES // 4, abs=64)
    assert mo.numpy.rise == pytest.approx(NBYTES, abs=64)


def test_missing_sources_are_null_with_a_reason():
    meter = Meter(use_counter=False)
    m = meter.end(meter.begin())
    assert m.numpy is None and m.traced is None
    assert "numpy" in m.missing
    assert m.missing["traced"].startswith("tracemalloc is off")


def test_a_span_of_another_meter_does_not_erase_this_meters_peak():
    # The marks are process-wide: the script API's meter inside a cell watched by the extension's.
    r = fresh(f"""
        cell, block = Meter(use_counter=False), Meter(use_counter=False)
        tracemalloc.start()
        outer = cell.begin()
        a = np.ones({N}); del a
        inner = block.begin()
        a = np.ones({N // 4}); del a
        mi = block.end(inner)
        mo = cell.end(outer)
        print(json.dumps({{"inner": mi.traced.rise, "outer": [mo.traced.rise, mo.rss.rise]}}))
    """)
    assert r["inner"] == pytest.approx(NBYTES / 4, rel=0.01)
    assert r["outer"][0] == pytest.approx(NBYTES, rel=0.01)
    assert r["outer"][1] == pytest.approx(NBYTES, rel=0.05)


def test_creating_a_meter_keeps_the_peak_of_a_span_already_open():
    # A new meter tries the kernel's mark by resetting it (the script API makes its meter lazily).
    r = fresh(f"""
        cell = Meter(use_counter=False)
        outer = cell.begin()
        a = np.ones({N}); del a
        Meter(use_counter=False)
        print(json.dumps({{"rise": cell.end(outer).rss.rise}}))
    """)
    assert r["rise"] == pytest.approx(NBYTES, rel=0.05)
