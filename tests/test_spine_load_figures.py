"""Figures for the lumbar-load model: alt text, updating, no pyplot."""
import base64
import io
import re
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

from backsafe.content.lift_presets import lift_presets
from backsafe.figures.base import png_bytes
from backsafe.figures.overlay import LiveFigure
from backsafe.figures.spine_load import LoadFigure, lift_comparison_figure, load_figure
from backsafe.models.spine_load import compare_lifts, lumbar_load


def pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_alt_text_states_the_numbers_shown():
    r = lumbar_load(80, 140, 45)
    fig = load_figure(r)
    assert isinstance(fig, LiveFigure)
    for text in ("45°", "140 kg", "30 cm", f"{r.moment:,.0f} N·m", f"{r.compression:,.0f} N",
                 f"{r.extensor_force:,.0f} N", f"{r.shear:,.0f} N", "3,400 N", "6,400 N",
                 "1,000 N", "not limits for trained lifters"):
        assert text in fig.alt, text
    html = fig.to_html()
    assert 'src="data:image/png;base64,' in html and "not limits for trained lifters" in html
    assert '<svg class="bsld-overlay"' in html and 'aria-hidden="true"' in html


def test_update_changes_the_overlay_not_the_frame():
    figure = LoadFigure()
    first = figure.update(lumbar_load(80, 100, 20))
    second = figure.update(lumbar_load(80, 100, 60))
    assert first.alt != second.alt and "60°" in second.alt
    assert second.frame is first.frame          # same axis ranges: the same picture
    assert first.overlay != second.overlay and first.to_html() != second.to_html()
    assert pixels(base64.b64decode(second.frame.png)).shape == (figure.frame.height,
                                                                figure.frame.width, 3)


def _numbers(svg: str, pattern: str) -> list[float]:
    return [float(v) for v in re.findall(pattern, svg)]


def test_moving_parts_land_where_the_model_puts_them():
    figure = LoadFigure()
    r = lumbar_load(80, 100, 30)
    live = figure.update(r)
    curve = live.frame.panels["curve"]
    # the marker on the moment curve sits at (angle, moment) of the curve panel
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', live.overlay)
    expected = (float(curve.x([30.0])[0]), float(curve.y([r.moment])[0]))
    assert any(abs(float(x) - expected[0]) < 0.1 and abs(float(y) - expected[1]) < 0.1
               for x, y in circles), (circles, expected)
    # the compression bar's top is at its value in kN on the bars panel
    bars = live.frame.panels["bars"]
    tops = [min(_numbers(points, r",([\d.]+)")) for points in
            re.findall(r'<polygon points="([^"]+)" fill="#0072B2"', live.overlay)]
    assert tops and abs(tops[0] - float(bars.y([r.compression / 1000])[0])) < 0.1
    # the bar is drawn, with its label, only when there is a load
    bar_marker = '<g fill="#D55E00" stroke="#000000"'
    assert bar_marker in live.overlay
    assert bar_marker not in figure.update(lumbar_load(80, 0, 30)).overlay


def test_frame_panels_match_matplotlib():
    """The frame's pixel mapping is matplotlib's own transform, y flipped."""
    from matplotlib.figure import Figure

    from backsafe.figures.base import new_figure
    from backsafe.figures.frames import render_frame

    fig: Figure = new_figure(6, 3, 80)
    lin, log = fig.subplots(1, 2)
    lin.set_xlim(-5, 40)
    lin.set_ylim(2, -1)              # inverted on purpose
    log.set_xscale("log")
    log.set_xlim(5, 1200)
    log.set_ylim(0, 1)
    frame = render_frame(fig, {"lin": lin, "log": log})
    height = frame.height
    for name, ax, xs in (("lin", lin, [-5, 0, 12.5, 40]), ("log", log, [5, 60, 1200])):
        ys = np.linspace(*ax.get_ylim(), len(xs))
        want = ax.transData.transform(np.column_stack([xs, ys]))
        panel = frame.panels[name]
        assert np.allclose(panel.x(xs), want[:, 0], atol=0.01)
        assert np.allclose(panel.y(ys), height - want[:, 1], atol=0.01)


def test_update_reuses_the_frame_and_rescales_when_needed():
    figure = LoadFigure()
    small = figure.update(lumbar_load(60, 0, 10))
    scale = figure._scale
    heavy = lumbar_load(140, 300, 80)
    big = figure.update(heavy)
    assert figure._scale != scale           # the axes grew for the heavy lift
    assert big.frame is not small.frame
    assert big.frame.panels["bars"].ylim[1] >= heavy.compression / 1000
    assert big.frame.panels["curve"].ylim[1] >= heavy.moment
    # going back to the first range reuses the first frame (kept in memory)
    figure.update(lumbar_load(60, 0, 10))
    assert figure.update(lumbar_load(60, 0, 10)).frame is small.frame


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
        "from backsafe.models.spine_load import lumbar_load\n"
        "from backsafe.figures.spine_load import load_figure, LoadFigure\n"
        "from backsafe.widgets.load_explorer import load_explorer\n"
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
    from backsafe.figures.spine_load import LoadFigure

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
