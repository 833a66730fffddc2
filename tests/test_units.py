from __future__ import annotations

import pytest

from npguard.units import GiB, KiB, MiB, format_bytes, parse_bytes


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (int(152.6 * MiB), "152.6 MiB"),
     (3 * GiB, "3.00 GiB"), (-5 * MiB, "-5.0 MiB"), (None, "n/a")],
)
def test_format_bytes(n, text):
    assert format_bytes(n) == text


def test_format_signed():
    assert format_bytes(76 * MiB, signed=True) == "+76.0 MiB"
    assert format_bytes(-76 * MiB, signed=True) == "-76.0 MiB"
    assert format_bytes(0, signed=True) == "+0 B"


@pytest.mark.parametrize(
    ("text", "n"),
    [("20 MiB", 20 * MiB), ("20MiB", 20 * MiB), ("20 mb", 20 * MiB), ("1.5 GiB", int(1.5 * GiB)),
     ("512k", 512 * KiB), ("1024", 1024), (4096, 4096), (" 7 B ", 7), ("0", 0)],
)
def test_parse_bytes(text, n):
    assert parse_bytes(text) == n


@pytest.mark.parametrize("bad", ["", "MiB", "20 parsecs", "-5 MiB", "1e3", "twenty", -1, float("nan"),
                                 float("inf"), True, None, [1]])
def test_parse_bytes_rejects_with_a_message(bad):
    with pytest.raises(ValueError, match="size"):
        parse_bytes(bad)
