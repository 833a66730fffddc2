"""What npguard costs per cell, measured side by side in one run.

Runs the same cells in a real IPython shell in several modes, alternating the
modes round by round (so machine noise hits them all alike), and prints the
median time of each mode as a ratio to the shell without npguard:

    off      npguard not loaded
    light    %load_ext npguard (the always-on report, NumPy counter)
    traced   light, plus tracemalloc on for the session (%npguard on --trace)
    deep     each cell run under %%npguard (per-line figures: the NumPy counter
             charges each allocation and free to its line)
    budget   light, plus a memory budget that never fires (%npguard budget 100 GiB:
             the counter checks each allocation, the RSS watchdog runs)

It then times the per-line attribution alone (the NumPy counter charging each
allocation and free to its line, with no report, no explanation and no
IPython), against the same code with the counter only: what per-line figures
would cost if the always-on report collected them for every cell.

Usage: python benchmarks/overhead.py [--rounds N] [--quick]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import tracemalloc

CELLS = {
    "numpy-heavy": (
        "a = np.random.rand(100_000, 100)",
        "for _ in range(3):\n    b = a * 2 + a.mean(axis=0) - 1\n    del b",
    ),
    "pure-python alloc": ("", "rows = [{'i': i, 'x': i * 2} for i in range(400_000)]\ndel rows"),
    "tiny arrays loop": ("v = np.arange(8.0)", "for _ in range(60_000):\n    w = v * 2 + 1"),
    "pure-python loop": ("", "t = 0\nfor i in range(200_000):\n    t += i"),
    "trivial cell": ("", "x = 1"),
}
MODES = ("off", "light", "traced", "deep", "budget")


def make_shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_cell("import numpy as np")
    return shell


def set_mode(shell, mode: str) -> None:
    from npguard_ipython import extension

    loaded = extension.get(shell) is not None
    if mode == "off":
        if loaded:
            shell.run_line_magic("unload_ext", "npguard")
        if tracemalloc.is_tracing():
            tracemalloc.stop()
        return
    if not loaded:
        shell.run_line_magic("load_ext", "npguard")
    ext = extension.get(shell)
    ext.magics.threshold = "100 GiB"  # measure, don't print
    budget = "100 GiB" if mode == "budget" else "off"
    if ext.magics.budget != budget:
        ext.magics.budget = budget
    if mode == "traced":
        ext.start_tracing()
    elif tracemalloc.is_tracing():
        tracemalloc.stop()
        ext.started_tracing = False


def time_cell(shell, mode: str, body: str) -> float:
    from IPython.utils.capture import capture_output

    source = "%%npguard\n" + body if mode == "deep" else body
    with capture_output():
        t0 = time.perf_counter()
        shell.run_cell(source)
        return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds per cell (the trivial cell runs 30x more)")
    parser.add_argument("--quick", action="store_true", help="3 rounds, for a smoke run")
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds

    shell = make_shell()
    results: dict[str, dict[str, float]] = {}
    for name, (setup, body) in CELLS.items():
        shell.run_cell(setup)
        n = rounds * 30 if name == "trivial cell" else rounds
        times: dict[str, list[float]] = {m: [] for m in MODES}
        for i in range(n):
            order = MODES if i % 2 == 0 else MODES[::-1]
            for mode in order:
                if mode == "deep" and name == "trivial cell":
                    continue
                set_mode(shell, mode)
                times[mode].append(time_cell(shell, mode, body))
        results[name] = {m: statistics.median(t) for m, t in times.items() if t}
        set_mode(shell, "off")

    print(f"npguard overhead, median of alternating rounds ({rounds} rounds; "
          f"{platform.python_version()}, {platform.machine()}, {_cpu()})")
    print(f"{'cell':20} {'off':>10} {'light':>8} {'traced':>8} {'deep':>8} {'budget':>8}")
    for name, med in results.items():
        base = med["off"]
        row = [f"{name:20}", f"{base * 1000:8.2f}ms"]
        for mode in MODES[1:]:
            row.append(f"{med[mode] / base:7.2f}x" if mode in med else f"{'-':>8}")
        print(" ".join(row))
    triv = results["trivial cell"]
    print(f"fixed cost per trivial cell: light +{(triv['light'] - triv['off']) * 1000:.3f} ms, "
          f"traced +{(triv['traced'] - triv['off']) * 1000:.3f} ms, "
          f"budget +{(triv['budget'] - triv['off']) * 1000:.3f} ms")
    print("targets: light <= 1.05x (NumPy-heavy, pure-Python alloc), <= 1.15x (tiny arrays loop), "
          "<= 1 ms per trivial cell; deep <= 1.05x (NumPy-heavy), <= 1.2x (tiny arrays loop), "
          "<= 1.3x (pure-Python loop)")
    alone = attribution_alone(rounds)
    if alone:
        print("per-line attribution alone, ratio to the counter alone: "
              + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in alone.items()))


def attribution_alone(rounds: int) -> dict[str, float]:
    """Median time of each cell body with per-line attribution, as a ratio to the counter alone."""
    import numpy as np

    from npguard import numpy_counter
    from npguard.tracer import AllocationLines, block_codes

    if not (numpy_counter.ATTRIBUTES and numpy_counter.install()):
        return {}
    ratios = {}
    for name, (setup, body) in CELLS.items():
        if name == "trivial cell":
            continue
        ns: dict = {"np": np}
        exec(setup, ns)
        code = compile(body, "<benchmark-cell>", "exec")
        times: dict[bool, list[float]] = {False: [], True: []}
        for i in range(rounds):
            for attributed in ((False, True) if i % 2 == 0 else (True, False)):
                lines = AllocationLines(numpy_counter, block_codes(code), 1, len(body.splitlines()))
                t0 = time.perf_counter()
                if attributed:
                    lines.run(lambda: exec(code, ns))
                else:
                    exec(code, ns)
                times[attributed].append(time.perf_counter() - t0)
        ratios[name] = statistics.median(times[True]) / statistics.median(times[False])
    numpy_counter.uninstall()
    return ratios


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
