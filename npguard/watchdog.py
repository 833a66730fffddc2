"""A thread that stops the main thread when the process's resident memory passes a limit.

NumPy's own allocations are refused by the counter before they happen; memory
that is not NumPy's (Python objects, Arrow buffers, other libraries) is seen
only once it is resident. While armed, the watchdog reads RSS every few
milliseconds and, past the limit, raises :class:`BudgetExceeded` in the thread
it guards, the way Ctrl-C raises ``KeyboardInterrupt``::

    dog = Watchdog(limit=3 * GiB)
    dog.arm()
    try:
        ...           # code that may build a huge list
    finally:
        dog.disarm()
    dog.close()       # when no span will be watched any more

On Linux with npguard's C extension the watchdog is a native thread that
takes the GIL only when it fires; elsewhere a Python thread reads RSS (and
takes the GIL for each read). Either raises with ``PyThreadState_SetAsyncExc``.

What it cannot do: the exception is delivered when the guarded thread next runs
Python bytecode, so one C call that allocates past the cgroup's limit within a
few milliseconds can still be killed before the watchdog looks (leave a margin).
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from typing import Any

from . import numpy_counter
from .probes import RssProbe
from .units import format_bytes

#: How often the watchdog reads RSS while armed.
INTERVAL_S = 0.005


class BudgetExceeded(MemoryError):
    """Raised in the guarded thread when its process's resident memory passed npguard's budget."""

    reason = "npguard stopped this code: the process's memory passed the budget"
    #: How many were made; the watchdog tells from it whether the one it sent has arrived.
    made = 0

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        type(self).made += 1

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else type(self).reason


class Watchdog:
    """Reads RSS every :data:`INTERVAL_S` seconds while armed; past ``limit``, stops the guarded thread once.

    One thread serves every arming: it waits, idle, between spans, so arming
    and disarming around each cell costs a lock and an event, not a thread
    start. ``close()`` ends the thread.
    """

    def __init__(self, limit: int, probe: RssProbe | None = None) -> None:
        self.limit = limit
        self.probe = probe if probe is not None else RssProbe()
        # The native watchdog reads /proc/self/statm itself: only for the real probe.
        self._native_ext = _native() if probe is None and self.probe.source == "statm" else None
        self._native_armed = False
        #: RSS when it fired (None: it did not fire since the last arm()).
        self.fired_at: int | None = None
        self._lock = threading.Lock()
        self._armed = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._target = 0
        self._made_before = 0

    def arm(self, thread_id: int | None = None) -> None:
        """Start watching, on behalf of ``thread_id`` (default: the calling thread)."""
        target = thread_id if thread_id is not None else threading.get_ident()
        self._made_before = BudgetExceeded.made
        if self._native_ext is not None:
            self.fired_at = None
            self._native_ext.watch_arm(int(self.limit), int(INTERVAL_S * 1e6), target, BudgetExceeded,
                                       self._fired)
            self._native_armed = True
            return
        with self._lock:
            self.fired_at = None
            self._target = thread_id if thread_id is not None else threading.get_ident()
            self._closed = False
            self._armed.set()
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="npguard-watchdog", daemon=True)
            self._thread.start()

    def disarm(self) -> None:
        """Stop watching; an exception already on its way is cancelled if not yet raised."""
        if self._native_armed:
            self._native_armed = False
            self._native_ext.watch_disarm()
        else:
            with self._lock:
                self._armed.clear()
        if self.fired_at is not None and BudgetExceeded.made == self._made_before and \
                self._target == threading.get_ident():
            _take_in()

    def close(self) -> None:
        """Disarm and end the thread."""
        self.disarm()
        if self._native_ext is not None:
            self._native_ext.watch_close()
        with self._lock:
            self._closed = True
        self._armed.set()  # wake it, so that it sees it is closed
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        self._armed.clear()

    def _fired(self, rss: int) -> None:
        """Called by the native watchdog, just before it raises BudgetExceeded in the guarded thread."""
        self.fired_at = rss
        BudgetExceeded.reason = _reason(rss, self.limit)

    def _run(self) -> None:
        read, close = (self.probe.reader() if hasattr(self.probe, "reader")
                       else (self.probe.read, lambda: None))
        try:
            self._watch(read)
        finally:
            close()

    def _watch(self, read: Callable[[], int]) -> None:
        while True:
            self._armed.wait()
            if self._closed:
                return
            time.sleep(INTERVAL_S)
            try:
                rss = read()
            except Exception:
                continue
            with self._lock:
                if self._closed:
                    return
                if not self._armed.is_set() or rss <= self.limit:
                    continue
                self._armed.clear()
                self.fired_at = rss
                BudgetExceeded.reason = _reason(rss, self.limit)
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._target),
                                                           ctypes.py_object(BudgetExceeded))


def _take_in() -> None:
    """Let an exception that was sent but has not arrived arrive here, and drop it.

    ``PyThreadState_SetAsyncExc(id, NULL)`` would cancel it, but on CPython
    3.11 it also leaves the eval breaker set for good, and every later loop and
    call of the thread pays for it.
    """
    try:
        for _ in range(1000):  # a jump back checks for the pending exception
            pass
    except BudgetExceeded:
        pass


def _reason(rss: int, limit: int) -> str:
    return (f"npguard stopped this code: the process's memory reached {format_bytes(rss)}, "
            f"past the budget's {format_bytes(limit)} for all memory, NumPy's and other")


def _native() -> Any:
    """The C extension when it has the native watchdog (Linux), else None."""
    ext = getattr(numpy_counter, "_ext", None)
    return ext if ext is not None and hasattr(ext, "watch_arm") else None
