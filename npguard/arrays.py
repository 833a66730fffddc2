"""Named arrays for the script API: what each one is, and which of them share memory.

``npguard.register_array(arr, "name")`` lands here. The registry holds only a
weak reference, so registering an array never keeps it alive: a freed array
stays in the table, marked freed, and leaves the total. Memory relations (a
view of another registered array, memory shared with it) are worked out when
the table is drawn, from the arrays as they are then; "copy (same values as
b.T)" is a judgment about how an array was made, so it is checked once, at
registration, while both arrays still hold the values they were made with.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from .units import MiB

#: Above this size, a copy is not compared value by value (it would take too long).
COPY_CHECK_LIMIT = 64 * MiB

#: Elements compared per step of the copy check. Each step's temporaries (a 16 KiB bool
#: array, and NumPy's 64 KiB ufunc buffer when it reads a transposed array) stay far
#: below any threshold, so a check inside a watched block barely shows in its figures.
_COPY_CHECK_CHUNK = 16 * 1024

#: Effort bound for ``np.shares_memory``: beyond it, two strided views "may share memory".
_SHARES_MEMORY_WORK = 100_000


@dataclass(frozen=True, slots=True)
class ArrayInfo:
    """One registered array as the report shows it."""

    name: str
    shape: tuple[int, ...]
    dtype: str
    nbytes: int
    layout: str  # "C", "F", "C/F" (both, e.g. 1-D) or "strided"
    owns_data: bool
    relation: str  # "owns its data", "view of a", "copy (same values as b.T)", ...
    alive: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "shape": list(self.shape),
            "dtype": self.dtype,
            "nbytes": self.nbytes,
            "layout": self.layout,
            "owns_data": self.owns_data,
            "relation": self.relation,
            "alive": self.alive,
        }


@dataclass(frozen=True, slots=True)
class ArrayTable:
    """The registered arrays, and the bytes the live ones hold with shared memory counted once."""

    arrays: tuple[ArrayInfo, ...]
    unique_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {"arrays": [a.to_dict() for a in self.arrays], "unique_bytes": self.unique_bytes}


@dataclass(slots=True)
class _Entry:
    name: str
    ref: weakref.ref
    info: ArrayInfo  # as registered; the relation is refreshed while the array lives
    copy_of: str | None


class Registry:
    """The arrays a script registered, in the order it registered them; a name registered again replaces the old entry."""

    def __init__(self, *, copy_check_limit: int = COPY_CHECK_LIMIT) -> None:
        self.copy_check_limit = copy_check_limit
        self._entries: list[_Entry] = []

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()

    def register(self, arr: Any, name: str) -> None:
        import numpy as np

        if not isinstance(arr, np.ndarray):
            raise TypeError(f"register_array expects a NumPy array, got {type(arr).__name__}")
        if not isinstance(name, str) or not name:
            raise TypeError(f"register_array needs a name (a non-empty str), got {name!r}")
        self._entries = [e for e in self._entries if e.name != name]
        copy_of = None
        if arr.flags.owndata:
            earlier = [(e.name, e.ref()) for e in self._entries]
            copy_of = self._same_values(arr, [(n, y) for n, y in earlier if y is not None])
        info = ArrayInfo(name, tuple(arr.shape), str(arr.dtype), int(arr.nbytes), _layout(arr),
                         bool(arr.flags.owndata), "")
        self._entries.append(_Entry(name, weakref.ref(arr), info, copy_of))

    def table(self) -> ArrayTable:
        live = [(e, e.ref()) for e in self._entries]
        arrays: list[Any] = []  # each live array once, even when registered under two names
        index: dict[int, int] = {}
        for _, x in live:
            if x is not None and id(x) not in index:
                index[id(x)] = len(arrays)
                arrays.append(x)
        groups = _Groups(len(arrays))
        rows = []
        for pos, (entry, x) in enumerate(live):
            if x is None:
                rows.append(_replace(entry.info, relation="freed", alive=False))
                continue
            same = views = shares = None
            for other_pos, (other, y) in enumerate(live):
                if y is None or other_pos == pos:
                    continue
                if y is x:
                    if other_pos < pos and same is None:
                        same = f"same array as {other.name}"
                    continue
                overlap = _overlap(x, y)
                if overlap is None:
                    continue
                groups.join(index[id(x)], index[id(y)])
                if overlap == "view" and views is None:
                    views = f"view of {other.name}" + (f" ({other.name}.T)" if _is_transpose(x, y) else "")
                elif overlap not in ("view", "owner") and shares is None and other_pos < pos:
                    shares = f"{overlap} {other.name}"
            relation = same or views or shares or self._own_relation(entry, x)
            rows.append(ArrayInfo(entry.name, tuple(x.shape), str(x.dtype), int(x.nbytes), _layout(x),
                                  bool(x.flags.owndata), relation))
        return ArrayTable(tuple(rows), groups.unique_bytes(arrays))

    @staticmethod
    def _own_relation(entry: _Entry, x: Any) -> str:
        if x.flags.owndata:
            return f"copy (same values as {entry.copy_of})" if entry.copy_of else "owns its data"
        base = x.base
        while getattr(base, "base", None) is not None:
            base = base.base
        return f"view of an unregistered {type(base).__name__}"

    def _same_values(self, x: Any, earlier: list[tuple[str, Any]]) -> str | None:
        """``"b"`` or ``"b.T"`` when ``x`` holds exactly the values of an earlier array (or its transpose)."""
        if x.nbytes > self.copy_check_limit or x.dtype.kind not in "biufc" or x.size == 0:
            return None
        candidates = [(n, y) for n, y in reversed(earlier)
                      if y.dtype == x.dtype and y.size == x.size and _overlap(x, y) is None]
        for name, y in candidates:
            if y.shape == x.shape and _equal(x, y):
                return name
        for name, y in candidates:
            if y.ndim >= 2 and y.shape[::-1] == x.shape and _equal(x, y.T):
                return f"{name}.T"
        return None


def _replace(info: ArrayInfo, **changes: Any) -> ArrayInfo:
    from dataclasses import replace

    return replace(info, **changes)


def _layout(x: Any) -> str:
    c, f = x.flags.c_contiguous, x.flags.f_contiguous
    return "C/F" if c and f else "C" if c else "F" if f else "strided"


def _bounds(x: Any) -> tuple[int, int]:
    """The first and one-past-last byte addresses ``x`` can touch (as ``np.byte_bounds``)."""
    start = end = x.__array_interface__["data"][0]
    if x.size == 0:
        return start, start
    for n, stride in zip(x.shape, x.strides):
        if stride < 0:
            start += (n - 1) * stride
        else:
            end += (n - 1) * stride
    return start, end + x.itemsize


def _overlap(x: Any, y: Any) -> str | None:
    """How ``x``'s memory relates to ``y``'s: "view" (inside y's), "owner" (y is inside x's),
    "shares memory with", "may share memory with", or None."""
    import numpy as np

    (x0, x1), (y0, y1) = _bounds(x), _bounds(y)
    if x1 <= y0 or y1 <= x0:
        return None
    # An array that owns its data owns a whole allocation: anything overlapping it lies inside it.
    if y.flags.owndata or _in_base_chain(x, y):
        return "view"
    if x.flags.owndata or _in_base_chain(y, x):
        return "owner"
    too_hard = getattr(getattr(np, "exceptions", np), "TooHardError", RuntimeError)
    try:
        return "shares memory with" if np.shares_memory(x, y, max_work=_SHARES_MEMORY_WORK) else None
    except too_hard:
        return "may share memory with"


def _in_base_chain(x: Any, y: Any) -> bool:
    base = x.base
    while base is not None:
        if base is y:
            return True
        base = getattr(base, "base", None)
    return False


def _is_transpose(x: Any, y: Any) -> bool:
    return (x.ndim >= 2 and x.shape == y.shape[::-1] and x.strides == y.strides[::-1]
            and x.__array_interface__["data"][0] == y.__array_interface__["data"][0])


def _equal(x: Any, y: Any) -> bool:
    """Whether ``x`` and ``y`` (same shape) hold the same values, NaN equal to NaN.

    Compared in small steps, and without ``np.array_equal(equal_nan=True)``,
    which copies the non-NaN values out: its temporaries would be the block's.
    """
    import numpy as np

    nan = x.dtype.kind in "fc"
    if x.ndim == 0:
        x, y = x.reshape(1), y.reshape(1)
    per_row = max(1, x.size // max(1, x.shape[0]))
    step = max(1, _COPY_CHECK_CHUNK // per_row)
    for i in range(0, x.shape[0], step):
        xs, ys = x[i:i + step], y[i:i + step]
        same = np.equal(xs, ys)
        if not same.all():
            if not nan:
                return False
            same |= np.isnan(xs) & np.isnan(ys)
            if not same.all():
                return False
    return True


class _Groups:
    """Arrays joined by shared memory; each group's bytes are counted once."""

    def __init__(self, n: int) -> None:
        self._parent = list(range(n))

    def _find(self, i: int) -> int:
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self._parent[self._find(i)] = self._find(j)

    def unique_bytes(self, arrays: list[Any]) -> int:
        groups: dict[int, list[int]] = {}
        for i in range(len(arrays)):
            groups.setdefault(self._find(i), []).append(i)
        total = 0
        for members in groups.values():
            xs = [arrays[i] for i in members]
            owners = [x for x in xs if x.flags.owndata]
            if owners:
                # Everything sharing memory with an owner lies inside its buffer.
                total += max(int(x.nbytes) for x in owners)
                continue
            # Views of an unregistered buffer: their byte ranges, merged, bound what they hold.
            spans = sorted(_bounds(x) for x in xs)
            union, (lo, hi) = 0, spans[0]
            for s, e in spans[1:]:
                if s > hi:
                    union += hi - lo
                    lo, hi = s, e
                else:
                    hi = max(hi, e)
            union += hi - lo
            total += min(union, sum(int(x.nbytes) for x in xs))
        return total
