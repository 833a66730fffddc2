"""Reading memory now: process RSS, the kernel's exact peak, a sampler fallback, tracemalloc.

Each probe is cheap enough to run around every cell. On Linux the kernel keeps a
high-water mark of resident memory (``VmHWM``) that writing ``5`` to
``/proc/self/clear_refs`` resets: an exact per-span peak for ~50 µs, where a
sampling thread would miss spikes shorter than its interval. Elsewhere (or when
``/proc`` is unreadable) a psutil sampler thread polls RSS every few milliseconds.
"""

from __future__ import annotations

import os
import threading
import tracemalloc
from collections.abc import Callable

_PROC = "/proc/self"


def _page_size() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 4096


_PAGE = _page_size()


class RssProbe:
    """Current resident set size, from ``/proc/self/statm`` when readable, else psutil."""

    def __init__(self, proc: str = _PROC) -> None:
        self._statm = os.path.join(proc, "statm")
        self.source = "statm" if _readable(self._statm) else "psutil"
        self._process = None

    def read(self) -> int:
        if self.source == "statm":
            try:
                with open(self._statm, "rb") as f:
                    return int(f.read().split()[1]) * _PAGE
            except (OSError, ValueError, IndexError):
                self.source = "psutil"
        return self._psutil_rss()

    def reader(self) -> tuple[Callable[[], int], Callable[[], None]]:
        """``(read, close)`` for reading many times in a row: ``statm`` stays open between reads.

        A watchdog thread reads every few milliseconds; keeping the file open
        saves the open and close each time, and with them most of the time the
        thread holds the GIL.
        """
        if self.source != "statm":
            return self.read, lambda: None
        try:
            fd = os.open(self._statm, os.O_RDONLY)
        except OSError:
            return self.read, lambda: None

        def read() -> int:
            return int(os.pread(fd, 128, 0).split()[1]) * _PAGE

        return read, lambda: os.close(fd)

    def _psutil_rss(self) -> int:
        if self._process is None:
            import psutil

            self._process = psutil.Process()
        return self._process.memory_info().rss


class KernelPeak:
    """The exact peak RSS of a span, from the kernel's resettable high-water mark."""

    name = "vmhwm"

    def __init__(self, proc: str = _PROC) -> None:
        self._status = os.path.join(proc, "status")
        self._clear_refs = os.path.join(proc, "clear_refs")

    @classmethod
    def try_create(cls, proc: str = _PROC) -> KernelPeak | None:
        """A working probe, or None when this system cannot reset and read the mark."""
        probe = cls(proc)
        try:
            probe.reset()
            if probe.read() <= 0:
                return None
        except (OSError, ValueError):
            return None
        return probe

    def reset(self) -> None:
        with open(self._clear_refs, "w") as f:
            f.write("5")

    def read(self) -> int:
        with open(self._status, "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
        raise ValueError("VmHWM not found in " + self._status)

    # A span's peak is read once at its end; starting costs one reset.
    def start(self) -> None:
        self.reset()

    def stop(self) -> int:
        return self.read()

    def peek(self) -> int:
        return self.read()


class SamplerPeak:
    """Peak RSS by polling in a background thread: the fallback where ``VmHWM`` is missing.

    It can miss a spike shorter than ``interval``; the report says the peak came
    from a sampler so nobody mistakes it for exact.
    """

    name = "sampler"

    def __init__(self, rss: RssProbe, interval: float = 0.005) -> None:
        self._rss = rss
        self.interval = interval
        self._peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.stop()
        self._peak = self._rss.read()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="npguard-rss-sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        stop = self._stop
        while not stop.wait(self.interval):
            try:
                v = self._rss.read()
            except Exception:
                return
            if v > self._peak:
                self._peak = v

    def peek(self) -> int:
        v = self._rss.read()
        if v > self._peak:
            self._peak = v
        return self._peak

    def stop(self) -> int:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
        return self.peek()

    def reset(self) -> None:
        self._peak = self._rss.read()


def _readable(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            f.read(1)
        return True
    except OSError:
        return False


def traced_now() -> tuple[int, int] | None:
    """tracemalloc's (current, peak) when it is tracing, else None. About 1 µs."""
    if not tracemalloc.is_tracing():
        return None
    return tracemalloc.get_traced_memory()
