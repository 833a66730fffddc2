"""Which names hold memory: the NumPy arrays bound in a namespace, each buffer counted once.

Used after a flagged cell only, never on every cell::

    view, snapshot = scan(shell.user_ns, previous=snapshot)

``scan`` lists the arrays whose buffer is at least ``min_bytes``, groups the
names that view one buffer (``a``, ``a.T`` and ``a[::2]`` hold one array's
bytes, not three), and marks what is new or grew since ``previous``, the
snapshot of the last scan. The snapshot refers to buffers weakly, so it never
keeps an array alive. The work is bounded: only arrays of at least
``min_bytes`` take part, and at most ``limit`` of them (the largest).
"""

from __future__ import annotations

import mmap
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .units import MiB

#: Arrays whose buffer is smaller than this are not listed.
MIN_BYTES = MiB
#: At most this many arrays (the largest) are grouped, so a scan stays cheap.
LIMIT = 50
#: IPython's own names in a user namespace.
SKIP_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython"})

#: ``Holding.change`` values, in the order they are listed.
CHANGES = ("new", "grew", "rebound", "same", "")


@dataclass(frozen=True, slots=True)
class Holding:
    """One buffer kept alive by one or more names; views of it are counted once.

    ``change`` compares with the previous scan: ``"new"`` (none of the names
    held an array then), ``"grew"`` (the names now hold more bytes),
    ``"rebound"`` (a name now holds a different buffer, no larger than before),
    ``"same"``, or ``""`` when there was no previous scan. ``delta`` is the
    bytes gained since then (the whole buffer for a new one).
    """

    names: tuple[str, ...]
    nbytes: int
    shape: tuple[int, ...]
    dtype: str
    change: str = ""
    delta: int = 0

    @property
    def changed(self) -> bool:
        return self.change in ("new", "grew", "rebound")

    def to_dict(self) -> dict[str, Any]:
        return {"names": list(self.names), "nbytes": self.nbytes, "shape": list(self.shape),
                "dtype": self.dtype, "change": self.change or None, "delta": self.delta}


@dataclass(frozen=True, slots=True)
class NamespaceView:
    """The arrays a namespace holds: changed ones first, then by size.

    ``compared`` is False when there was no earlier scan to compare with; then
    the view is simply the largest arrays now. ``skipped`` counts arrays beyond
    the scan's bound that were not grouped.
    """

    holdings: tuple[Holding, ...]
    compared: bool
    skipped: int = 0
    min_bytes: int = MIN_BYTES

    @property
    def total_bytes(self) -> int:
        return sum(h.nbytes for h in self.holdings)

    @property
    def changed(self) -> tuple[Holding, ...]:
        return tuple(h for h in self.holdings if h.changed)

    @property
    def unchanged(self) -> tuple[Holding, ...]:
        return tuple(h for h in self.holdings if not h.changed)

    def to_dict(self) -> dict[str, Any]:
        return {"holdings": [h.to_dict() for h in self.holdings], "compared": self.compared,
                "skipped": self.skipped, "total_bytes": self.total_bytes}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What each name held at a scan: its buffer (by weak reference where possible) and bytes."""

    entries: Mapping[str, tuple[Callable[[], Any], int]]

    def held(self, name: str) -> tuple[Callable[[], Any], int] | None:
        return self.entries.get(name)


def scan(
    namespace: Mapping[str, Any],
    previous: Snapshot | None = None,
    *,
    min_bytes: int = MIN_BYTES,
    limit: int = LIMIT,
) -> tuple[NamespaceView, Snapshot]:
    """The arrays ``namespace`` holds, grouped by buffer, and a snapshot to compare the next scan with."""
    found: list[tuple[str, np.ndarray, Any, int]] = []
    labels: dict[str, tuple[tuple[int, ...], str]] = {}
    for name, value in list(namespace.items()):
        if not _listed(name):
            continue
        if not isinstance(value, np.ndarray):
            table = _pandas_blocks(value)
            if table is not None:
                blocks, label = table
                held = sum(_buffer_bytes(_owner(b), b) for b in blocks)
                if held >= min_bytes:
                    largest = max(blocks, key=lambda b: b.nbytes)
                    found.append((name, largest, _owner(largest), held))
                    labels[name] = (tuple(value.shape), label)
            continue
        owner = _owner(value)
        if isinstance(owner, mmap.mmap):
            continue  # file-backed (np.memmap): the OS pages it in and out; it is not held memory
        held = _buffer_bytes(owner, value)
        if held >= min_bytes:
            found.append((name, value, owner, held))
    found.sort(key=lambda f: (-f[3], f[0]))
    skipped = max(0, len(found) - limit)
    found = found[:limit]

    groups = _group(found)
    holdings = []
    entries: dict[str, tuple[Callable[[], Any], int]] = {}
    for group in groups:
        names = tuple(sorted(name for name, *_ in group))
        first = min(group, key=lambda f: (f[0] not in labels, -f[1].nbytes, f[0]))
        shape, dtype = labels.get(first[0], (tuple(first[1].shape), str(first[1].dtype)))
        nbytes = max(held for *_, held in group)
        change, delta = _change(group, nbytes, previous)
        holdings.append(Holding(names, nbytes, shape, dtype, change, delta))
        for name, _, owner, held in group:
            entries[name] = (_ref(owner), held)
    holdings.sort(key=lambda h: (not h.changed, -h.nbytes, h.names))
    view = NamespaceView(tuple(holdings), compared=previous is not None, skipped=skipped, min_bytes=min_bytes)
    return view, Snapshot(entries)


def _pandas_blocks(value: Any) -> tuple[list[np.ndarray], str] | None:
    """The NumPy arrays holding a pandas DataFrame's or Series' data, and a label such as
    ``DataFrame float64``; None for anything else (pandas is never imported here).

    Columns backed by other memory (Arrow strings, extension arrays) are not NumPy's and are
    left out; the index is left out too.
    """
    kind = type(value)
    if not kind.__module__.startswith("pandas") or kind.__name__ not in ("DataFrame", "Series"):
        return None
    try:
        arrays = list(value._mgr.arrays)
    except Exception:  # noqa: BLE001 - a pandas without this internal: list nothing rather than fail
        return None
    blocks = [a for a in arrays if type(a) is np.ndarray]
    if not blocks:
        return None
    dtypes = sorted({str(b.dtype) for b in blocks})
    return blocks, f"{kind.__name__} {dtypes[0] if len(dtypes) == 1 else 'mixed'}"


def _listed(name: Any) -> bool:
    return isinstance(name, str) and not name.startswith("_") and name not in SKIP_NAMES


def _owner(array: np.ndarray) -> Any:
    """The object that owns ``array``'s memory: the end of its ``.base`` chain."""
    owner: Any = array
    while isinstance(owner, np.ndarray) and owner.base is not None:
        owner = owner.base
    return owner


def _buffer_bytes(owner: Any, array: np.ndarray) -> int:
    """Bytes of the whole buffer a name keeps alive: a small view of a big array holds all of it."""
    if isinstance(owner, np.ndarray):
        return owner.nbytes
    try:
        with memoryview(owner) as view:
            return view.nbytes
    except TypeError:
        return array.nbytes


def _group(found: list[tuple[str, np.ndarray, Any, int]]) -> list[list[tuple[str, np.ndarray, Any, int]]]:
    """Names that share memory, together: first by owner, then by overlapping memory.

    Arrays with different owners can still share memory: each ``np.frombuffer``
    over one ``bytearray`` gets a memoryview of its own as owner. For those, an
    overlap of address ranges (``np.may_share_memory``) is enough to count the
    bytes once: distinct allocations never overlap, whereas ``np.shares_memory``
    would solve for exact element overlap, which can cost exponential time,
    to answer a question about whole buffers.
    """
    by_owner: dict[int, list[tuple[str, np.ndarray, Any, int]]] = {}
    for entry in found:
        by_owner.setdefault(id(entry[2]), []).append(entry)
    groups = list(by_owner.values())
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            if root(i) == root(j):
                continue
            if any(np.may_share_memory(a[1], b[1]) for a in groups[i] for b in groups[j]):
                parent[root(j)] = root(i)
    merged: dict[int, list[tuple[str, np.ndarray, Any, int]]] = {}
    for i, group in enumerate(groups):
        merged.setdefault(root(i), []).extend(group)
    return list(merged.values())


def _change(group: list[tuple[str, np.ndarray, Any, int]], nbytes: int,
            previous: Snapshot | None) -> tuple[str, int]:
    if previous is None:
        return "", 0
    before = [previous.held(name) for name, *_ in group]
    before = [b for b in before if b is not None]
    if not before:
        return "new", nbytes
    owners = [owner for *_, owner, _ in group]
    was = max(held for _, held in before)
    same_buffer = any(ref() is owner for ref, _ in before for owner in owners)
    if nbytes > was:
        return "grew", nbytes - was
    if same_buffer:
        return "same", 0
    return "rebound", nbytes - was


def _ref(owner: Any) -> Callable[[], Any]:
    """A weak reference where the owner allows one (ndarray does); else a stand-in that never matches.

    Comparing bare ``id()``s would mistake a new array for an old one whose
    address it reused; without a weak reference, "rebound" is the safe answer.
    """
    try:
        return weakref.ref(owner)
    except TypeError:
        return _gone


def _gone() -> None:
    return None
