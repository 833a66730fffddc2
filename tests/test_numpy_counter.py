"""The NEP 49 counter against tracemalloc's NumPy domain and against known ``nbytes``.

tracemalloc is the reference for bytes alive: NumPy reports every data buffer
it allocates to tracemalloc's NumPy domain, with the size it asked for. The
1% tolerance covers what that domain sees and the counter does not: NumPy's
internal scratch buffers (``PyDataMem_NEW``, e.g. ufunc buffering, a few
KiB), against the tens of MiB each case allocates. Peaks are checked against
the ``nbytes`` of arrays known to be alive together, with the same tolerance
for NumPy's small by-products (a mean's 800-byte result, 0-d scalars).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import gc
import os
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from npguard import numpy_counter as counter

MiB = 2**20

needs_counter = pytest.mark.skipif(
    not counter.AVAILABLE,
    reason=f"NumPy allocation counter unavailable: {counter.UNAVAILABLE_REASON}",
)

# A thread starts with an empty context unless CPython >= 3.14 is told to
# hand it the parent's (default only in free-threaded builds).
THREADS_INHERIT_CONTEXT = bool(getattr(sys.flags, "thread_inherit_context", False))


def in_fresh_context(test: Callable[..., Any]) -> Callable[..., Any]:
    """Run a test in an empty context: NumPy's default handler, whatever the suite left installed."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(test, *args, **kwargs)

    return run


def numpy_traced() -> int:
    """Bytes tracemalloc sees alive in NumPy's domain."""
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.DomainFilter(True, np.lib.tracemalloc_domain)]
    )
    return sum(trace.size for trace in snapshot.traces)


def rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        pass
    try:
        import psutil
    except ImportError:
        return None
    return int(psutil.Process().memory_info().rss)


@pytest.fixture
def installed() -> Iterator[None]:
    """The counter current in the test's context, and put back afterwards."""
    was = counter.is_installed()
    assert counter.install()
    yield
    if not was:
        counter.uninstall()


@pytest.fixture
def traced(installed: None) -> Iterator[None]:
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    yield
    if started:
        tracemalloc.stop()


class Window:
    """Counter and tracemalloc figures from one starting point, peak reset there."""

    def __init__(self) -> None:
        gc.collect()
        self.counted0 = counter.current()
        self.traced0 = numpy_traced()
        counter.reset_peak()

    @property
    def counted(self) -> int:
        return counter.current() - self.counted0

    @property
    def traced(self) -> int:
        return numpy_traced() - self.traced0

    @property
    def peak_rise(self) -> int:
        return counter.peak() - self.counted0


def test_counter_required_when_asked() -> None:
    if os.environ.get("NPGUARD_REQUIRE_COUNTER") != "1":
        pytest.skip("set NPGUARD_REQUIRE_COUNTER=1 to fail when the counter is missing")
    assert counter.AVAILABLE, counter.UNAVAILABLE_REASON
    assert counter.UNAVAILABLE_REASON is None


def test_import_pulls_in_no_ipython() -> None:
    code = (
        "import sys, npguard.numpy_counter as c; "
        "assert 'IPython' not in sys.modules, 'IPython imported'; "
        "print(c.AVAILABLE == (c.UNAVAILABLE_REASON is None))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "True"


def test_unavailable_api_answers_without_raising(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counter, "_ext", None)
    assert counter.install() is False
    assert counter.is_installed() is False
    assert counter.current() is None and counter.peak() is None
    counter.uninstall()
    counter.reset_peak()
    assert counter.handler_name() is not None


@needs_counter
def test_one_large_allocation(traced: None) -> None:
    w = Window()
    a = np.ones(10_000_000)  # 76.3 MiB
    assert w.counted == a.nbytes
    assert w.traced == pytest.approx(a.nbytes, rel=0.01)
    # np.ones fills from a 0-d array: a few bytes alive next to the buffer.
    assert w.peak_rise == pytest.approx(a.nbytes, rel=0.01)
    del a
    assert w.counted == 0


@needs_counter
def test_chained_ops_peak_is_two_arrays_above_a(traced: None) -> None:
    a = np.ones((100_000, 100))  # 76.3 MiB
    w = Window()
    b = a * 2 + a.mean(axis=0) - 1
    # a*2 and (a*2 + mean) are alive together: NumPy cannot elide the
    # broadcast addition into a*2, only the final "- 1" happens in place.
    assert w.peak_rise == pytest.approx(2 * a.nbytes, rel=0.01)
    assert w.counted == b.nbytes
    assert w.traced == pytest.approx(w.counted, rel=0.01)


@needs_counter
def test_broadcast_then_reduce(traced: None) -> None:
    rng = np.random.default_rng(0)
    x, y = rng.random((1000, 8)), rng.random((900, 8))
    broadcast = 1000 * 900 * 8 * x.itemsize  # 54.9 MiB
    w = Window()
    d = ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)
    # "** 2" squares the broadcast temporary in place (temporary elision), so
    # at the peak only it and the reduction's result are alive.
    assert w.peak_rise == pytest.approx(broadcast + d.nbytes, rel=0.01)
    assert w.counted == d.nbytes
    assert w.traced == pytest.approx(w.counted, rel=0.01)


@needs_counter
def test_append_in_a_loop(traced: None) -> None:
    chunk, rounds = 200_000, 30
    w = Window()
    arr = np.empty(0)
    for _ in range(rounds):
        arr = np.append(arr, np.ones(chunk))
    # Last round: the old array (rounds-1 chunks), the new chunk and the
    # concatenated result (rounds chunks) are alive together.
    assert w.peak_rise == pytest.approx(2 * rounds * chunk * 8, rel=0.01)
    assert w.counted == arr.nbytes
    assert w.traced == pytest.approx(arr.nbytes, rel=0.01)


@needs_counter
def test_realloc_in_place_resize_is_exact(traced: None) -> None:
    w = Window()
    arr = np.zeros(1000)
    arr.resize(5_000_000, refcheck=False)
    assert w.counted == arr.nbytes == 40_000_000
    assert w.traced == pytest.approx(arr.nbytes, rel=0.01)
    arr.resize(10, refcheck=False)
    assert w.counted == arr.nbytes == 80
    del arr
    assert w.counted == 0


@needs_counter
def test_realloc_fromiter_growing_buffer_is_exact(traced: None) -> None:
    w = Window()
    # A generator has no length: fromiter grows its buffer with realloc and
    # shrinks it to fit at the end.
    arr = np.fromiter((float(i) for i in range(1_000_000)), dtype=np.float64)
    assert w.counted == arr.nbytes
    assert w.traced == pytest.approx(arr.nbytes, rel=0.01)
    assert w.peak_rise >= arr.nbytes


@needs_counter
@in_fresh_context
def test_uninstall_restores_previous_handler() -> None:
    before = counter.handler_name()
    assert before != counter.HANDLER_NAME
    assert counter.install()
    assert counter.handler_name() == counter.HANDLER_NAME
    assert counter.is_installed()
    assert counter.install()  # idempotent: still one layer
    counter.uninstall()
    assert counter.handler_name() == before
    assert not counter.is_installed()
    counter.uninstall()  # nothing to undo: no error, no change
    assert counter.handler_name() == before


@needs_counter
@in_fresh_context
def test_install_uninstall_cycles_leak_nothing() -> None:
    default = counter.handler_name()
    gc.collect()
    counted0 = counter.current()
    kept = []
    for _ in range(5):  # warm up allocator caches before reading RSS
        counter.install()
        kept.append(np.ones(1000))
        counter.uninstall()
    kept.clear()
    rss0 = rss_bytes()
    for i in range(50):
        assert counter.install()
        a = np.ones(1_000_000)
        kept.append(np.ones(1000))  # outlives this install, freed after all of them
        counter.uninstall()
        assert counter.handler_name() == default
        assert counter.current() - counted0 == a.nbytes + 8000 * (i + 1)
        del a
    kept.clear()
    assert counter.current() == counted0
    assert counter.handler_name() == default
    rss1 = rss_bytes()
    if rss0 is not None and rss1 is not None:
        assert rss1 - rss0 < 4 * MiB


@needs_counter
@in_fresh_context
def test_arrays_from_before_install_do_not_count() -> None:
    old = np.ones(2_000_000)
    gc.collect()
    with_old = counter.current()
    counter.install()
    try:
        assert counter.current() == with_old
        del old  # freed by NumPy's default handler, which allocated it
        assert counter.current() == with_old
        new = np.ones(1000)
        assert counter.current() == with_old + new.nbytes
    finally:
        counter.uninstall()
    del new
    assert counter.current() == with_old >= 0


@needs_counter
@in_fresh_context
def test_counted_array_freed_after_uninstall_is_uncounted() -> None:
    gc.collect()
    counted0 = counter.current()
    counter.install()
    a = np.ones(1_000_000)
    counter.uninstall()
    assert counter.current() == counted0 + a.nbytes
    del a  # NumPy frees through the handler that allocated it: ours
    assert counter.current() == counted0


def _allocate_in_thread(ctx: contextvars.Context | None) -> tuple[str | None, int, np.ndarray]:
    """Allocate 8 MB in a new thread (in ``ctx`` if given); its handler name and counter rise."""
    result: list = []

    def work() -> None:
        before = counter.current()
        arr = np.ones(1_000_000)
        result.append((counter.handler_name(), counter.current() - before, arr))

    target = work if ctx is None else (lambda: ctx.run(work))
    t = threading.Thread(target=target)
    t.start()
    t.join()
    return result[0]


@needs_counter
def test_thread_started_after_install_has_its_own_context(installed: None) -> None:
    default_name, counted, arr = _allocate_in_thread(None)
    if THREADS_INHERIT_CONTEXT:
        assert default_name == counter.HANDLER_NAME
        assert counted == arr.nbytes
    else:
        # NumPy's handler is a context variable and a new thread starts with
        # an empty context: it allocates with NumPy's default handler.
        assert default_name != counter.HANDLER_NAME
        assert counted == 0


@needs_counter
def test_thread_in_a_context_copied_after_install_is_counted(installed: None) -> None:
    name, counted, arr = _allocate_in_thread(contextvars.copy_context())
    assert name == counter.HANDLER_NAME
    assert counted == arr.nbytes
    before = counter.current()
    del arr
    assert counter.current() == before - 8_000_000


@needs_counter
def test_asyncio_task_created_after_install_is_counted(installed: None) -> None:
    async def work() -> tuple[str | None, int]:
        before = counter.current()
        arr = np.ones(1_000_000)
        return counter.handler_name(), counter.current() - before - arr.nbytes

    name, extra = asyncio.run(work())
    assert name == counter.HANDLER_NAME
    assert extra == 0


@needs_counter
@in_fresh_context
def test_install_in_another_context_leaves_this_one_alone() -> None:
    before = counter.handler_name()
    ctx = contextvars.copy_context()
    ctx.run(counter.install)
    assert counter.handler_name() == before
    assert ctx.run(counter.handler_name) == counter.HANDLER_NAME
    ctx.run(counter.uninstall)


@needs_counter
def test_concurrent_threads_keep_exact_counts(installed: None) -> None:
    gc.collect()
    counted0 = counter.current()
    kept: list[np.ndarray] = []

    def churn() -> None:
        for i in range(300):
            a = np.ones(10_000 + i)
            b = a * 2
            del a, b
        kept.append(np.ones(12_345))

    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(churn,))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counter.current() - counted0 == 4 * 12_345 * 8
    kept.clear()
    assert counter.current() == counted0
