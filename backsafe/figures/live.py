"""Axis ranges for live figures (see ``overlay`` and ``frames``) that change
rarely, so a new frame is seldom needed.
"""
from __future__ import annotations

import math


def nice_top(value: float, minimum: float) -> float:
    """The smallest 'round' number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) >= value."""
    value = max(value, minimum)
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * exp >= value:
            return step * exp
    return 10 * exp  # pragma: no cover


def settle(old: tuple | None, new: tuple, shrink_below: float = 0.4) -> tuple:
    """Axis limits with hysteresis: grow as soon as needed, shrink only when the
    data use less than `shrink_below` of the range, so small changes never need
    a new frame."""
    if old is None:
        return new
    bottom = old[0] if old[0] <= new[0] <= old[0] * shrink_below else new[0]
    tops = tuple(o if shrink_below * o <= n <= o else n for o, n in zip(old[1:], new[1:]))
    return (bottom, *tops)
