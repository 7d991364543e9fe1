"""The live-figure helpers: round axis tops and the axis-limit hysteresis."""
from __future__ import annotations

from backsafe.figures.live import nice_top, settle


def test_nice_top_and_settle():
    assert [nice_top(v, 1) for v in (0.2, 7, 1234)] == [1, 8, 1500]
    assert settle((0, 100), (0, 90)) == (0, 100)         # small drop: keep the range
    assert settle((0, 100), (0, 30)) == (0, 30)          # below 40 %: shrink
    assert settle((0, 100), (0, 120)) == (0, 120)        # grow at once
