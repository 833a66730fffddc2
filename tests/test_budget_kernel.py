"""The memory budget in a real kernel inside a memory-limited cgroup.

The kernel is started in a child cgroup of its own (cgroup v2 ``memory.max``
where the v2 hierarchy is writable, else v1 ``memory.limit_in_bytes``), so the
kernel's OOM killer is real: without npguard, a cell that allocates twice the
limit kills the kernel; with ``%npguard budget auto`` the same cell raises
``MemoryError`` with npguard's explanation, and the kernel and its variables
survive, cell after cell. Creating a cgroup needs root and a writable cgroup
file system; elsewhere the tests skip and say why.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path

import pytest

jupyter_client = pytest.importorskip("jupyter_client")
pytest.importorskip("ipykernel")

REPO = Path(__file__).resolve().parent.parent
MiB = 1024**2
LIMIT = 512 * MiB
TWICE = f"big = np.ones({2 * LIMIT // 8})"  # touches every page: twice the limit, resident

pytestmark = pytest.mark.kernel


def _v2_root() -> Path | None:
    for root in (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified")):
        if (root / "cgroup.controllers").exists() and "memory" in (root / "cgroup.subtree_control").read_text():
            return root
    return None


def make_cgroup(limit: int) -> tuple[Path, str]:
    """A fresh child cgroup limited to ``limit`` bytes: (its directory, the file that holds the limit)."""
    if os.geteuid() != 0:
        pytest.skip("creating a memory-limited cgroup needs root")
    name = f"npguard-test-{uuid.uuid4().hex[:8]}"
    errors = []
    v2 = _v2_root()
    candidates = []
    if v2 is not None:
        candidates.append((v2 / name, "memory.max"))
    if Path("/sys/fs/cgroup/memory/memory.limit_in_bytes").exists():
        candidates.append((Path("/sys/fs/cgroup/memory") / name, "memory.limit_in_bytes"))
    for path, knob in candidates:
        try:
            path.mkdir()
            (path / knob).write_text(str(limit))
            swap = path / ("memory.swap.max" if knob == "memory.max" else "memory.memsw.limit_in_bytes")
            if swap.exists():  # without swap, the limit is a hard one
                swap.write_text("0" if knob == "memory.max" else str(limit))
            return path, knob
        except OSError as exc:
            errors.append(f"{path}: {exc}")
            try:
                path.rmdir()
            except OSError:
                pass
    pytest.skip("cannot create a memory-limited cgroup here (no writable cgroup v2 memory controller "
                "nor v1 memory hierarchy): " + ("; ".join(errors) or "none mounted"))


def remove_cgroup(path: Path) -> None:
    for _ in range(50):
        try:
            path.rmdir()
            return
        except OSError:
            time.sleep(0.1)


@pytest.fixture
def cgroup():
    path, knob = make_cgroup(LIMIT)
    yield path, knob
    remove_cgroup(path)


class Kernel:
    """An IPython kernel started inside ``cgroup``; ``run(code)`` -> ("ok" | "error" | "died", outputs)."""

    def __init__(self, cgroup: Path, tmp: Path) -> None:
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import KernelManager

        spec = tmp / "kernels" / "npguard-cgroup"
        spec.mkdir(parents=True)
        enter = ("import os, sys; open(sys.argv[1] + '/cgroup.procs', 'w').write(str(os.getpid())); "
                 "os.execv(sys.executable, [sys.executable, '-m', 'ipykernel_launcher', '-f', sys.argv[2]])")
        (spec / "kernel.json").write_text(__import__("json").dumps({
            "argv": [sys.executable, "-c", enter, str(cgroup), "{connection_file}"],
            "display_name": "npguard in a cgroup", "language": "python",
            "env": {"PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])},
        }))
        self.km = KernelManager(kernel_name="npguard-cgroup",
                                kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp / "kernels")]))
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def run(self, code: str, timeout: float = 120) -> tuple[str, list[dict]]:
        msg_id = self.kc.execute(code)
        outputs: list[dict] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.5)
            except Exception:
                if not self.km.is_alive():
                    return "died", outputs
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append({"type": kind, **content})
            if kind == "status" and content["execution_state"] == "idle":
                while True:
                    reply = self.kc.get_shell_msg(timeout=10)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        return reply["content"]["status"], outputs
        raise AssertionError(f"no answer to {code!r} in {timeout} s")

    def close(self) -> None:
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)
        else:
            self.km.cleanup_resources()


@pytest.fixture
def kernel(cgroup, tmp_path):
    k = Kernel(cgroup[0], tmp_path)
    yield k
    k.close()


def text_of(outputs: list[dict]) -> str:
    parts = []
    for o in outputs:
        if o["type"] == "stream":
            parts.append(o["text"])
        elif o["type"] == "error":
            parts.append(f"{o['ename']}: {o['evalue']}")
        else:
            parts.append(o["data"].get("text/plain", ""))
    return "\n".join(parts)


def test_without_npguard_the_kernel_is_killed(kernel):
    assert kernel.run("import numpy as np\na = np.arange(10)")[0] == "ok"
    status, outputs = kernel.run(TWICE)
    assert status == "died", text_of(outputs)


def test_budget_auto_catches_every_oversized_cell_and_the_kernel_survives(kernel, cgroup):
    _, knob = cgroup
    ok, out = kernel.run("import numpy as np\n%load_ext npguard\na = np.arange(10)\nkeep = np.ones(4 * 2**20)")
    assert ok == "ok", text_of(out)
    ok, out = kernel.run("%npguard budget auto")
    assert ok == "ok", text_of(out)
    assert f"{knob} of /npguard-test-" in text_of(out) and "512.0 MiB" in text_of(out), text_of(out)
    caught = 0
    for _ in range(20):
        status, out = kernel.run(TWICE)
        assert status == "error", (status, text_of(out))
        text = text_of(out)
        assert "MemoryError: Unable to allocate 1.00 GiB" in text, text
        assert "npguard's budget refused it: line 1 (big = np.ones(" in text, text
        assert "arrays your names hold" in text and "keep " in text, text
        caught += 1
    assert caught == 20
    status, out = kernel.run("print(a.sum(), keep.nbytes, 'big' in dir())")
    assert status == "ok" and "45 33554432 False" in text_of(out), text_of(out)
    # Just under the budget: never refused.
    status, out = kernel.run("from npguard import numpy_counter as nc\n"
                             "room = nc.budget() - nc.current() - 8 * 2**20\n"
                             "under = np.ones(room // 8); del under\nprint('fine')")
    assert status == "ok" and "fine" in text_of(out), text_of(out)


def test_the_watchdog_stops_memory_that_is_not_numpys(kernel):
    ok, out = kernel.run("import numpy as np\n%load_ext npguard\nkeep = np.arange(10)\n%npguard budget auto")
    assert ok == "ok", text_of(out)
    for i in range(3):
        status, out = kernel.run("chunks = [bytearray(2**16) for _ in range(2**15)]")  # 2 GiB of Python objects
        text = text_of(out)
        assert status == "error", (i, status, text)
        assert "BudgetExceeded" in text and "npguard's watchdog stopped line 1" in text, text
    status, out = kernel.run("print(keep.sum(), 'chunks' in dir())")
    assert status == "ok" and "45 False" in text_of(out), text_of(out)


def test_budget_off_restores_plain_behaviour(kernel):
    ok, out = kernel.run("import numpy as np\n%load_ext npguard\n%npguard budget auto\n%npguard budget off")
    assert ok == "ok" and "no memory budget" in text_of(out), text_of(out)
    status, out = kernel.run(TWICE)
    assert status == "died", text_of(out)
