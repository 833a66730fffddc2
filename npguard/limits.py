"""How much memory this process may really use: the cgroup's limit, else what the machine has free.

Used by ``%npguard budget auto`` and ``ng.budget("auto")``::

    limit = memory_limit()          # Limit(bytes=..., source="cgroup v2 memory.max (/user.slice)")

Containers, JupyterHub, Kubernetes and Binder put the kernel in a cgroup whose
limit is what the OOM killer enforces: cgroup v2's ``memory.max``, or v1's
``memory.limit_in_bytes``. The group's path comes from ``/proc/self/cgroup``;
every ancestor's limit applies too, so the smallest one along the path wins.
Without a cgroup limit, the memory available now (``MemAvailable``) plus what
the process already holds is as far as it can go.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: A v1 "no limit" reads as a huge page-rounded number; anything this large is no limit.
_UNLIMITED = 1 << 60


@dataclass(frozen=True, slots=True)
class Limit:
    """A limit on the process's memory in bytes, and where it was read."""

    bytes: int
    source: str


def _read_int(path: str) -> int | None:
    try:
        with open(path) as f:
            text = f.read().strip()
    except OSError:
        return None
    if text in ("", "max"):
        return None
    try:
        value = int(text)
    except ValueError:
        return None
    return None if value >= _UNLIMITED else value


def _ancestors(path: str) -> list[str]:
    """``/a/b`` -> ``["/a/b", "/a", "/"]``."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) for i in range(len(parts), -1, -1)]


def cgroup_limit(proc_cgroup: str = "/proc/self/cgroup", root: str = "/sys/fs/cgroup") -> Limit | None:
    """The smallest memory limit on this process's cgroup path (v2 ``memory.max``, v1 ``memory.limit_in_bytes``).

    None when no cgroup limits the process or the files cannot be read.
    """
    try:
        with open(proc_cgroup) as f:
            entries = [line.rstrip("\n").split(":", 2) for line in f if line.strip()]
    except OSError:
        return None
    candidates: list[tuple[str, str, str]] = []  # (file, label, group)
    for entry in entries:
        if len(entry) != 3:
            continue
        _, controllers, group = entry
        if controllers == "":
            for base in (root, os.path.join(root, "unified")):
                candidates += [(os.path.join(base, g.lstrip("/"), "memory.max"), "cgroup v2 memory.max", g)
                               for g in _ancestors(group)]
        elif "memory" in controllers.split(","):
            base = os.path.join(root, "memory")
            candidates += [(os.path.join(base, g.lstrip("/"), "memory.limit_in_bytes"),
                            "cgroup v1 memory.limit_in_bytes", g) for g in _ancestors(group)]
    best: Limit | None = None
    for path, label, group in candidates:
        value = _read_int(path)
        if value is not None and (best is None or value < best.bytes):
            best = Limit(value, f"{label} of {group}")
    return best


def available_memory(meminfo: str = "/proc/meminfo") -> int | None:
    """``MemAvailable`` in bytes (psutil where ``/proc`` is missing); None if neither works."""
    try:
        with open(meminfo) as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except Exception:
        return None


def memory_limit(rss: int) -> Limit | None:
    """The real limit on this process, given what it holds now (``rss``); None if nothing says."""
    limit = cgroup_limit()
    available = available_memory()
    if available is not None:
        machine = Limit(available + rss, "memory available now plus what the process holds")
        if limit is None or machine.bytes < limit.bytes:
            return machine
    return limit
