"""The memory budget without a cgroup: limits read from fake files, the counter's refusal, the
watchdog, the script API and ``%npguard budget`` in a real InteractiveShell."""

from __future__ import annotations

import time

import numpy as np
import pytest

import npguard as ng
from npguard import numpy_counter
from npguard.guard import Budget, Guard, make_budget
from npguard.limits import cgroup_limit
from npguard.watchdog import BudgetExceeded, Watchdog

MiB = 1024**2
needs_counter = pytest.mark.skipif(not numpy_counter.AVAILABLE, reason="the NumPy counter is not built")


@pytest.fixture(autouse=True)
def no_budget_left():
    yield
    numpy_counter.set_budget(None)


# -- limits ---------------------------------------------------------------------------------------

def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_cgroup_v2_takes_the_smallest_limit_along_the_path(tmp_path):
    _write(tmp_path / "cgroup", "0::/user.slice/kernel\n")
    _write(tmp_path / "fs/user.slice/kernel/memory.max", "max\n")
    _write(tmp_path / "fs/user.slice/memory.max", f"{512 * MiB}\n")
    limit = cgroup_limit(str(tmp_path / "cgroup"), str(tmp_path / "fs"))
    assert limit.bytes == 512 * MiB
    assert limit.source == "cgroup v2 memory.max of /user.slice"


def test_cgroup_v1_reads_limit_in_bytes_and_ignores_no_limit(tmp_path):
    _write(tmp_path / "cgroup", "4:memory:/jupyter\n1:cpu:/\n")
    _write(tmp_path / "fs/memory/jupyter/memory.limit_in_bytes", f"{MiB * 300}\n")
    _write(tmp_path / "fs/memory/memory.limit_in_bytes", "9223372036854771712\n")
    limit = cgroup_limit(str(tmp_path / "cgroup"), str(tmp_path / "fs"))
    assert (limit.bytes, limit.source) == (300 * MiB, "cgroup v1 memory.limit_in_bytes of /jupyter")


def test_no_cgroup_limit(tmp_path):
    _write(tmp_path / "cgroup", "0::/\n")
    _write(tmp_path / "fs/memory.max", "max\n")
    assert cgroup_limit(str(tmp_path / "cgroup"), str(tmp_path / "fs")) is None
    assert cgroup_limit(str(tmp_path / "missing"), str(tmp_path / "fs")) is None


def test_budget_split():
    fixed = Budget("set to 1 GiB", size=1024 * MiB)
    assert fixed.split(rss=300 * MiB, numpy_held=100 * MiB) == (1024 * MiB, 1224 * MiB)
    auto = Budget("auto", limit=1024 * MiB, margin=64 * MiB)
    assert auto.split(rss=300 * MiB, numpy_held=100 * MiB) == (760 * MiB, 960 * MiB)


def test_make_budget_reads_sizes_and_refuses_nonsense():
    assert make_budget("4 GiB").size == 4 * 1024 * MiB
    auto = make_budget("auto")
    assert auto.limit and auto.margin >= 64 * MiB and auto.source.startswith("auto: ")
    for bad in ("lots", "0", "-1 GiB"):
        with pytest.raises(ValueError):
            make_budget(bad)


# -- the counter's refusal ------------------------------------------------------------------------

@needs_counter
def test_counter_refuses_past_the_budget_and_never_below():
    numpy_counter.install()
    held = numpy_counter.current()
    numpy_counter.set_budget(held + 40 * MiB)
    under = np.ones(39 * MiB // 8)  # just under: allowed
    count = numpy_counter.refused()[0]
    with pytest.raises(MemoryError, match="Unable to allocate"):
        np.ones(2 * MiB // 8)
    refusals, size, was_held = numpy_counter.refused()
    assert refusals == count + 1 and size == 2 * MiB and was_held == held + under.nbytes
    del under
    numpy_counter.set_budget(None)
    assert numpy_counter.budget() is None
    assert np.ones(80 * MiB // 8).nbytes == 80 * MiB  # off: plain behaviour


@needs_counter
def test_script_budget_explains_the_memory_error():
    was_installed = numpy_counter.is_installed()
    with pytest.raises(MemoryError) as info:
        with ng.budget("64 MiB") as b:
            a = np.ones(8 * MiB // 8)
            big = np.ones(200 * MiB // 8)  # noqa: F841
    assert "Unable to allocate 200. MiB" in str(info.value)
    message = "\n".join(info.value.__notes__)
    assert "npguard's budget refused it" in message and "big = np.ones(200 * MiB // 8)" in message, message
    assert b.stop.kind == "numpy" and b.stop.requested == 200 * MiB and b.stop.limit == 64 * MiB
    assert a.nbytes == 8 * MiB
    assert numpy_counter.budget() is None  # disarmed on the way out
    assert numpy_counter.handler_name() != numpy_counter.HANDLER_NAME or was_installed


@needs_counter
def test_script_budget_lets_other_errors_through():
    with pytest.raises(ZeroDivisionError):
        with ng.budget("64 MiB") as b:
            1 / 0
    assert b.stop is None


# -- the watchdog ---------------------------------------------------------------------------------

class FakeProbe:
    def __init__(self, value):
        self.value = value

    def read(self):
        return self.value


def test_watchdog_stops_the_guarded_thread_past_its_limit():
    dog = Watchdog(100 * MiB, FakeProbe(150 * MiB))
    dog.arm()
    try:
        with pytest.raises(BudgetExceeded, match="reached 150.0 MiB, past the budget's 100.0 MiB"):
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                pass
    finally:
        dog.close()
    assert dog.fired_at == 150 * MiB


def test_watchdog_stays_quiet_under_its_limit():
    dog = Watchdog(100 * MiB, FakeProbe(99 * MiB))
    dog.arm()
    try:
        deadline = time.monotonic() + 0.1
        while time.monotonic() < deadline:
            pass
    finally:
        dog.close()
    assert dog.fired_at is None


@pytest.mark.parametrize("rounds", [3])
def test_real_watchdog_stops_python_objects_again_and_again(rounds):
    from npguard.probes import RssProbe

    dog = Watchdog(RssProbe().read() + 32 * MiB)  # the native one where built, reading real RSS
    try:
        for _ in range(rounds):
            dog.arm()
            try:
                with pytest.raises(BudgetExceeded, match="past the budget's"):
                    chunks = [bytearray(2**16) for _ in range(4 * 2**10)]  # 256 MiB  # noqa: F841
            finally:
                dog.disarm()
            assert dog.fired_at is not None and dog.fired_at > dog.limit
    finally:
        dog.close()


def test_guard_explains_a_watchdog_stop():
    guard = Guard(Budget("set to 1 GiB", size=1024 * MiB))
    guard.watchdog = Watchdog(0, FakeProbe(5000 * MiB))
    with pytest.raises(BudgetExceeded) as info:
        guard.arm()
        try:
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                pass
        finally:
            guard.close()
    stop = guard.explain(info.value, __file__)
    assert stop.kind == "rss" and stop.held == 5000 * MiB and stop.lineno is not None


# -- %npguard budget ------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "message"), [
    ("budget", "takes a size"),
    ("budget lots", "cannot read 'lots' as a size"),
    ("budget 0", "more than 0 bytes"),
    ("status 4 GiB", "unrecognized arguments: 4 GiB"),
])
def test_bad_budget_arguments(shell, line, message):
    from IPython.core.error import UsageError

    with pytest.raises(UsageError, match=message):
        shell.run_line_magic("npguard", line)


@needs_counter
def test_budget_magic_fails_the_cell_and_keeps_the_session(shell):
    from IPython.utils.capture import capture_output

    shell.run_cell("import numpy as np\nkeep = np.ones(4 * 2**20 // 8)")
    with capture_output() as out:
        shell.run_line_magic("npguard", "budget 64 MiB")
    assert "64.0 MiB for NumPy arrays (set to 64.0 MiB)" in out.stdout
    with capture_output() as out:
        result = shell.run_cell("x = 1\ny = np.ones(100 * 2**20 // 8)")
    assert isinstance(result.error_in_exec, MemoryError)
    report = shell.user_ns  # the session lives on
    assert report["keep"].nbytes == 4 * 2**20 and report["x"] == 1
    from npguard_ipython.extension import get

    stop = get(shell).history.last().budget_stop
    assert stop.kind == "numpy" and stop.lineno == 2 and stop.requested == 100 * 2**20
    assert get(shell).history.last().to_dict()["budget_stop"]["limit"] == 64 * MiB
    with capture_output() as out:
        assert shell.run_cell("z = np.ones(50 * 2**20 // 8)").error_in_exec is None  # under: fine
    shell.run_line_magic("npguard", "budget off")
    assert shell.run_cell("y = np.ones(100 * 2**20 // 8)").error_in_exec is None
    assert numpy_counter.budget() is None


def test_budget_setting_by_config(shell):
    from IPython.utils.capture import capture_output

    shell.run_line_magic("config", 'NpguardMagics.budget = "auto"')
    with capture_output() as out:
        shell.run_line_magic("npguard", "status")
    assert "budget  " in out.stdout and "(auto: " in out.stdout


@needs_counter
@pytest.mark.parametrize(("cell", "lineno", "line"), [
    ("%%npguard\nb = np.ones(10)\nc = np.ones(100 * 2**20 // 8)", 2, "c = np.ones(100 * 2**20 // 8)"),
    ("def grow(n):\n    return np.ones(n)\n\nd = grow(100 * 2**20 // 8)", 2, "return np.ones(n)"),
])
def test_budget_stop_names_the_line_that_asked(shell, cell, lineno, line):
    from IPython.utils.capture import capture_output

    from npguard_ipython.extension import get

    shell.run_cell("import numpy as np")
    with capture_output():
        shell.run_line_magic("npguard", "budget 64 MiB")
        result = shell.run_cell(cell)
    assert isinstance(result.error_in_exec, MemoryError)
    stop = get(shell).history.last().budget_stop
    assert (stop.lineno, stop.line) == (lineno, line)


@needs_counter
def test_unload_and_reload_leave_no_budget(shell):
    from IPython.utils.capture import capture_output

    from npguard_ipython.extension import get

    with capture_output():
        shell.run_line_magic("npguard", "budget 64 MiB")
        shell.run_cell("x = 1")
    shell.run_line_magic("unload_ext", "npguard")
    assert numpy_counter.budget() is None
    assert shell.run_cell("import numpy as np\nbig = np.ones(100 * 2**20 // 8)").error_in_exec is None
    del shell.user_ns["big"]
    shell.run_line_magic("load_ext", "npguard")
    assert get(shell).guard is None and get(shell).magics.budget == "off"
