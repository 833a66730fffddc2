"""Byte sizes for people: one formatter and one parser, binary units, always labelled."""

from __future__ import annotations

import re

KiB = 1024
MiB = 1024**2
GiB = 1024**3

_UNITS = {
    "": 1, "b": 1,
    "k": KiB, "kb": KiB, "kib": KiB,
    "m": MiB, "mb": MiB, "mib": MiB,
    "g": GiB, "gb": GiB, "gib": GiB,
    "t": 1024**4, "tb": 1024**4, "tib": 1024**4,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]*)\s*$")


def format_bytes(n: int | float | None, *, signed: bool = False) -> str:
    """``152.6 MiB``; ``+76.3 MiB`` with ``signed``; ``n/a`` for None.

    Sizes are binary (1 MiB = 2**20 bytes) and always carry their unit, so a
    reader never has to guess between MB and MiB.
    """
    if n is None:
        return "n/a"
    sign = ""
    if signed:
        sign = "+" if n >= 0 else "-"
    elif n < 0:
        sign = "-"
    v = abs(n)
    if v < KiB:
        return f"{sign}{int(v)} B"
    if v < MiB:
        return f"{sign}{v / KiB:.1f} KiB"
    if v < GiB:
        return f"{sign}{v / MiB:.1f} MiB"
    return f"{sign}{v / GiB:.2f} GiB"


def parse_bytes(value: int | float | str) -> int:
    """Read ``"20 MiB"``, ``"1.5GB"``, ``"512k"`` or a plain number of bytes.

    Decimal-looking suffixes (MB, GB) are read as binary, as everywhere in npguard.
    Raises ValueError with a message a user can act on.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a size such as '20 MiB' or a number of bytes, got {value!r}")
    if isinstance(value, (int, float)):
        if value != value or value < 0 or value == float("inf"):
            raise ValueError(f"a size must be a finite number >= 0, got {value!r}")
        return int(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a size such as '20 MiB' or a number of bytes, got {value!r}")
    m = _SIZE.match(value)
    unit = m and m.group(2).lower()
    if not m or unit not in _UNITS:
        raise ValueError(
            f"cannot read {value!r} as a size: write a number of bytes or a number "
            "with a unit, such as '20 MiB', '512 KiB' or '1.5 GiB'"
        )
    return int(float(m.group(1)) * _UNITS[unit])
