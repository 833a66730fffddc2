"""What the NumPy allocation counter costs NumPy-heavy code, side by side.

    PYTHONPATH=. python benchmarks/counter_cost.py [--rounds 5]

Each workload runs under every variant in turn, round after round (in a
rotating order), so drift on a shared machine hits all variants alike; the table shows each variant's
median time and its ratios to plain NumPy, of the medians and of the best
rounds (the best round is the one least disturbed by other processes). Variants:

- ``numpy``: NumPy's default handler, nothing installed.
- ``counter``: npguard's counting handler, chained to NumPy's default one.
- ``no madvise``: NumPy's default handler with its huge-page hint switched
  off, which is what a handler that called ``malloc`` itself, instead of
  chaining, would give every buffer of 4 MiB and more.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import numpy as np

from npguard import numpy_counter


set_madvise = numpy_counter.multiarray_function("_set_madvise_hugepage")


@contextmanager
def plain() -> Iterator[None]:
    yield


@contextmanager
def counted() -> Iterator[None]:
    numpy_counter.install()
    try:
        yield
    finally:
        numpy_counter.uninstall()


@contextmanager
def no_madvise() -> Iterator[None]:
    assert set_madvise is not None
    was = set_madvise(False)
    try:
        yield
    finally:
        set_madvise(was)


def chained_ops(a: np.ndarray, rounds: int = 20) -> None:
    for _ in range(rounds):
        b = a * 2 + a.mean(axis=0) - 1
        del b


def tiny_arrays(v: np.ndarray, rounds: int = 60_000) -> None:
    for _ in range(rounds):
        w = v * 2 + 1
        del w


def thp_mode() -> str:
    try:
        text = Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()
    except OSError:
        return "unknown"
    return text.split("[")[1].split("]")[0] if "[" in text else text.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per variant (default 5)")
    args = parser.parse_args(argv)

    if not numpy_counter.AVAILABLE:
        print(f"counter unavailable: {numpy_counter.UNAVAILABLE_REASON}", file=sys.stderr)
        return 1

    variants: dict[str, Callable[[], AbstractContextManager[None]]] = {"numpy": plain, "counter": counted}
    if set_madvise is not None:
        variants["no madvise"] = no_madvise

    a = np.ones((100_000, 100))  # 76.3 MiB
    v = np.arange(8.0)
    workloads = {
        "20x a*2+a.mean(0)-1, a 76 MiB": lambda: chained_ops(a),
        "60k v*2+1, v 8 elements": lambda: tiny_arrays(v),
    }

    print(
        f"numpy {np.__version__}, python {sys.version.split()[0]}, "
        f"transparent huge pages: {thp_mode()}, {args.rounds} rounds"
    )
    print("each cell: median time, then the ratios to numpy of the medians / of the best rounds")
    header = f"{'workload':<32}" + "".join(f"{name:>26}" for name in variants)
    print(header)
    print("-" * len(header))
    for label, work in workloads.items():
        with counted():
            work()  # warm up caches, page tables and the counter's handler
        times: dict[str, list[float]] = {name: [] for name in variants}
        names = list(variants)
        for r in range(args.rounds):
            # Rotate the order so no variant always follows the same neighbour.
            for name in names[r % len(names):] + names[: r % len(names)]:
                with variants[name]():
                    t0 = time.perf_counter()
                    work()
                    times[name].append(time.perf_counter() - t0)
        base, best = statistics.median(times["numpy"]), min(times["numpy"])
        cells = []
        for name in variants:
            med, low = statistics.median(times[name]), min(times[name])
            ratios = "" if name == "numpy" else f" {med / base:4.2f}x / {low / best:4.2f}x"
            cells.append(f"{med:6.3f} s{ratios}")
        print(f"{label:<32}" + "".join(f"{c:>26}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
