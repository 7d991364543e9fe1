"""Figures for the lumbar-load model: alt text, updating, no pyplot."""
import io
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

from course.content.lift_presets import lift_presets
from course.figures.base import AccessibleFigure, png_bytes
from course.figures.spine_load import (LiveFigure, LoadFigure, lift_comparison_figure,
                                       load_figure)
from course.models.spine_load import compare_lifts, lumbar_load


def pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_alt_text_states_the_numbers_shown():
    r = lumbar_load(80, 140, 45)
    fig = load_figure(r)
    assert isinstance(fig, AccessibleFigure)
    for text in ("45°", "140 kg", "30 cm", f"{r.moment:,.0f} N·m", f"{r.compression:,.0f} N",
                 f"{r.extensor_force:,.0f} N", f"{r.shear:,.0f} N", "3,400 N", "6,400 N",
                 "1,000 N", "not limits for trained lifters"):
        assert text in fig.alt, text
    html = fig.to_html()
    assert 'src="data:image/png;base64,' in html and "not limits for trained lifters" in html


def test_update_changes_the_image_and_the_alt_text():
    figure = LoadFigure()
    first = figure.update(lumbar_load(80, 100, 20))
    second = figure.update(lumbar_load(80, 100, 60))
    assert isinstance(second, LiveFigure)
    assert first.alt != second.alt and "60°" in second.alt
    assert first.png != second.png
    assert first.to_html() != second.to_html()
    # The full Figure (savefig) shows the current state too, not only the blit.
    assert np.abs(pixels(png_bytes(second.figure)) - pixels(second.png)).mean() < 3


def test_update_reuses_the_figure_and_rescales_when_needed():
    figure = LoadFigure()
    small = figure.update(lumbar_load(60, 0, 10))
    scale = figure._scale
    heavy = lumbar_load(140, 300, 80)
    big = figure.update(heavy)
    assert big.figure is small.figure and len(big.figure.axes) == 3
    assert figure._scale != scale           # the axes grew for the heavy lift
    assert figure.ax_bar.get_ylim()[1] >= heavy.compression / 1000
    assert figure.ax_m.get_ylim()[1] >= heavy.moment


def test_blit_matches_a_full_redraw():
    figure = LoadFigure()
    figure.update(lumbar_load(80, 100, 30))
    live = figure.update(lumbar_load(80, 120, 50, bar_distance=0.36))
    full = pixels(png_bytes(live.figure))
    assert full.shape == pixels(live.png).shape
    assert np.abs(full - pixels(live.png)).mean() < 3  # only drawing order may differ


def test_no_load_hides_the_bar():
    figure = LoadFigure()
    live = figure.update(lumbar_load(80, 0, 30))
    assert not figure._bar.get_visible() and "0 kg" in live.alt


def test_comparison_figure_alt_text_lists_every_lift():
    results = compare_lifts(lift_presets(), 80, 100)
    fig = lift_comparison_figure(results)
    assert "illustrative" in fig.alt and "80 kg" in fig.alt and "100 kg" in fig.alt
    for name, r in results:
        assert name in fig.alt and f"{r.moment:,.0f} N·m" in fig.alt
    assert png_bytes(fig.figure).startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        lift_comparison_figure([])


def test_figures_leave_rcparams_alone():
    before = dict(matplotlib.rcParams)
    load_figure(lumbar_load(80, 100, 30))
    assert dict(matplotlib.rcParams) == before


def test_pyplot_is_never_imported():
    code = (
        "import sys\n"
        "from course.models.spine_load import lumbar_load\n"
        "from course.figures.spine_load import load_figure, LoadFigure\n"
        "from course.widgets.load_explorer import load_explorer\n"
        "load_figure(lumbar_load(80, 100, 30)).to_html()\n"
        "LoadFigure().update(lumbar_load(80, 100, 40)).to_html()\n"
        "load_explorer()\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_axes_rescale_with_hysteresis():
    """Small slider moves keep the axis limits (no slow full redraw); big ones grow them,
    and the limits shrink again once the data use little of the range."""
    from course.figures.spine_load import LoadFigure

    fig = LoadFigure()
    fig.update(lumbar_load(80, 100, 30))
    first = fig._scale
    for bar in range(100, 69, -3):
        fig.update(lumbar_load(80, bar, 30))
        assert fig._scale == first
    fig.update(lumbar_load(80, 300, 30))
    assert fig._scale[1] > first[1] and fig._scale[2] > first[2]
    fig.update(lumbar_load(80, 0, 30))
    assert fig._scale[1] < first[1]
