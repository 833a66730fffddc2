"""How many examples a property test draws: its own count, or the fuzz profile's when larger."""

from __future__ import annotations

from hypothesis import settings


def examples(n: int) -> int:
    """``n`` under CI and on a developer's machine; `make fuzz` raises every test to its profile's count.

    An explicit ``max_examples`` overrides the loaded profile, so a test that sets its own count
    would never be explored harder; asking through here keeps both.
    """
    return max(n, settings.default.max_examples)
