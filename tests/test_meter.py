"""The meter: exact peaks, nesting that never loses an outer peak, and the /proc-less fallback."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from npguard.meter import Meter
from npguard.probes import KernelPeak

N = 20_000_000  # 152.6 MiB of float64
NBYTES = np.ones(N).nbytes


def spike(n: int = N) -> None:
    a = np.ones(n)
    del a


def test_peak_of_a_spike():
    meter = Meter(use_counter=False)
    span = meter.begin()
    spike()
    m = meter.end(span)
    assert m.sources["rss_peak"] == "vmhwm"
    # Whole pages plus the interpreter's own bookkeeping: 5% covers both.
    assert m.rss.rise == pytest.approx(NBYTES, rel=0.05)
    assert m.rss.transient == pytest.approx(NBYTES, rel=0.05)


def test_inner_span_does_not_erase_outer_peak():
    meter = Meter(use_counter=False)
    tracemalloc.start()
    try:
        outer = meter.begin()
        spike()  # the outer block's peak happens before the inner block resets the marks
        inner = meter.begin()
        spike(N // 4)
        m_inner = meter.end(inner)
        m_outer = meter.end(outer)
    finally:
        tracemalloc.stop()
    assert m_inner.rss.rise == pytest.approx(NBYTES / 4, rel=0.05)
    assert m_inner.traced.rise == pytest.approx(NBYTES / 4, rel=0.01)
    assert m_outer.rss.rise == pytest.approx(NBYTES, rel=0.05)
    assert m_outer.traced.rise == pytest.approx(NBYTES, rel=0.01)


def test_without_proc_falls_back_to_a_sampler(tmp_path):
    assert KernelPeak.try_create(str(tmp_path)) is None
    meter = Meter(proc=str(tmp_path), use_counter=False)
    assert meter.peak_source == "sampler" and meter.rss.source == "psutil"
    span = meter.begin()
    a = np.ones(N)
    import time

    time.sleep(0.05)  # alive for ten sampling intervals
    del a
    m = meter.end(span)
    assert m.sources["rss_peak"] == "sampler"
    assert any("sampled every" in n for n in m.notes)
    assert m.rss.rise == pytest.approx(NBYTES, rel=0.05)
    assert "sampled" in meter.describe()["rss"]


def test_missing_sources_are_null_with_a_reason():
    meter = Meter(use_counter=False)
    m = meter.end(meter.begin())
    assert m.numpy is None and m.traced is None
    assert any(n.startswith("numpy not measured") for n in m.notes)
    assert any(n.startswith("traced not measured: tracemalloc is off") for n in m.notes)


def test_a_span_of_another_meter_does_not_erase_this_meters_peak():
    # The marks are process-wide: the script API's meter inside a cell watched by the extension's.
    cell, block = Meter(use_counter=False), Meter(use_counter=False)
    tracemalloc.start()
    try:
        outer = cell.begin()
        spike()
        inner = block.begin()
        spike(N // 4)
        m_inner = block.end(inner)
        m_outer = cell.end(outer)
    finally:
        tracemalloc.stop()
    assert m_inner.traced.rise == pytest.approx(NBYTES / 4, rel=0.01)
    assert m_outer.traced.rise == pytest.approx(NBYTES, rel=0.01)
    assert m_outer.rss.rise == pytest.approx(NBYTES, rel=0.05)


def test_creating_a_meter_keeps_the_peak_of_a_span_already_open():
    # A new meter tries the kernel's mark by resetting it (the script API makes its meter lazily).
    cell = Meter(use_counter=False)
    outer = cell.begin()
    spike()
    Meter(use_counter=False)
    m = cell.end(outer)
    assert m.rss.rise == pytest.approx(NBYTES, rel=0.05)
