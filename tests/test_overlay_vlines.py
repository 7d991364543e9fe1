"""Sketch.vlines: many vertical bars as one SVG path, at the right pixels."""
import numpy as np

from course.figures.overlay import Frame, Panel, Sketch

FRAME = Frame("", 200, 100, 72.0, {"p": Panel(10, 20, 100, 50, (0.0, 10.0), (0.0, 5.0))})


def test_vlines_are_one_path_from_ymin_to_ymax():
    k = Sketch(FRAME)
    k.vlines("p", [1, 2, 3], 0.0, [5.0, 2.5, np.nan], color="#123456", lw=2)
    svg = k.svg()
    assert svg.count("<path") == 1
    assert 'd="M20.0,70.0V20.0M30.0,70.0V45.0"' in svg      # the NaN bar left out
    assert 'stroke="#123456"' in svg and 'stroke-width="2.0"' in svg
    assert 'stroke-linecap="butt"' in svg and "<svg x=" in svg      # clipped to the panel


def test_vlines_with_nothing_to_draw_add_nothing():
    k = Sketch(FRAME)
    k.vlines("p", [], 0.0, 1.0, color="#000000")
    k.vlines("p", [1.0], np.nan, 1.0, color="#000000")
    assert k.svg() == ""
