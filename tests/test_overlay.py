"""Live figures as a still frame plus an SVG overlay: the overlay's geometry and
the frame cache."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from backsafe.figures import frames
from backsafe.figures.overlay import Frame, LiveFigure, Panel, Sketch, steps_mid


def _frame(dpi: float = 72.0) -> Frame:
    # a 200 x 100 panel at (10, 20); x from 0 to 10, y from 0 to 5; and a log panel
    return Frame("AAAA", 300, 150, dpi, {
        "p": Panel(10, 20, 200, 100, (0.0, 10.0), (0.0, 5.0)),
        "log": Panel(10, 20, 200, 100, (10.0, 1000.0), (0.0, 1.0), xlog=True)})


def test_panel_maps_data_and_axes_fractions_to_pixels():
    p = _frame().panels["p"]
    assert p.x([0, 5, 10]).tolist() == [10, 110, 210]
    assert p.y([0, 5]).tolist() == [120, 20]                     # y grows downwards
    assert p.x([0.5], "axes").tolist() == [110] and p.y([1.0], "axes").tolist() == [20]
    log = _frame().panels["log"]
    assert np.allclose(log.x([10, 100, 1000]), [10, 110, 210])
    assert Panel.from_dict(p.as_dict()) == p


def test_line_breaks_at_nan_and_is_clipped_to_its_panel():
    k = Sketch(_frame())
    k.line("p", [0, 5, np.nan, 6, 10], [0, 5, 0, 1, 1], color="#000000", lw=2, ls="--")
    svg = k.svg()
    assert svg.count("M") == 2                                   # two pieces
    assert '<svg x="10.0" y="20.0" width="200.0" height="100.0"' in svg
    assert 'stroke-dasharray="7.4,3.2"' in svg                   # matplotlib's, x lw


def test_sizes_are_in_points():
    k = Sketch(_frame(dpi=144))                                   # 2 px per point
    k.markers("p", [5], [2.5], ms=10, color="#0072B2", clip=False)
    k.text("p", 5, 2.5, "hi", fontsize=8)
    assert '<circle cx="110.0" cy="70.0" r="10.0"/>' in k.svg()
    assert 'font-size="16.0"' in k.svg()


@pytest.mark.parametrize("marker", ["s", "D", "^", "v", ">", "<"])
def test_polygon_markers_are_centred(marker):
    k = Sketch(_frame())
    k.markers("p", [5], [2.5], marker=marker, ms=10, color="#000000", clip=False)
    pts = [float(v) for v in re.findall(r"-?[\d.]+", re.search(r'points="([^"]+)"',
                                                                k.svg()).group(1))]
    xs, ys = pts[0::2], pts[1::2]
    assert 102 < min(xs) and max(xs) < 118 and 62 < min(ys) and max(ys) < 78


def test_unknown_marker_is_refused():
    with pytest.raises(ValueError, match="Unknown marker"):
        Sketch(_frame()).markers("p", [1], [1], marker="*", color="#000000")


def test_text_is_escaped_split_and_aligned():
    k = Sketch(_frame())
    k.text("p", 0.5, 1.0, "<b>a</b>\nsecond", coords="axes", ha="right", va="top",
           halo=True)
    svg = k.svg()
    assert "&lt;b&gt;a&lt;/b&gt;" in svg and "<b>" not in svg
    assert svg.count("<tspan") == 2 and 'text-anchor="end"' in svg
    assert 'paint-order="stroke"' in svg
    first, second = [float(v) for v in re.findall(r'<tspan x="[\d.]+" y="([\d.]+)"', svg)]
    assert first > 20 and second > first                         # below the top edge


def test_hatched_shape_defines_its_pattern_once():
    k = Sketch(_frame())
    for x in (1, 4):
        k.rect("p", x, 0, 2, 3, facecolor="#E69F00", edgecolor="#000000", hatch="xx")
    svg = k.svg()
    assert svg.count("<pattern") == 1 and svg.startswith("<defs>")
    assert svg.count('fill="url(#bsld-hatch-x-000000-120)"') == 2


def test_steps_mid_matches_matplotlib():
    from matplotlib.cbook import STEP_LOOKUP_MAP

    x, y = [1, 2, 4], [3, 1, 2]
    want = STEP_LOOKUP_MAP["steps-mid"](np.array(x, float), np.array(y, float))
    got = steps_mid(x, y)
    assert np.allclose(got[0], want[0]) and np.allclose(got[1], want[1])


def test_live_html_keeps_the_description_on_the_picture():
    html = LiveFigure(_frame(), "<path/>", 'Alt "text" & more').to_html()
    assert 'alt="Alt &quot;text&quot; &amp; more"' in html
    assert 'viewBox="0 0 300 150"' in html and "<path/>" in html
    assert "<figcaption" in html and 'class="bsld-fig"' in html


_VFRAME = Frame("", 200, 100, 72.0, {"p": Panel(10, 20, 100, 50, (0.0, 10.0), (0.0, 5.0))})


def test_vlines_are_one_path_from_ymin_to_ymax():
    k = Sketch(_VFRAME)
    k.vlines("p", [1, 2, 3], 0.0, [5.0, 2.5, np.nan], color="#123456", lw=2)
    svg = k.svg()
    assert svg.count("<path") == 1
    assert 'd="M20.0,70.0V20.0M30.0,70.0V45.0"' in svg      # the NaN bar left out
    assert 'stroke="#123456"' in svg and 'stroke-width="2.0"' in svg
    assert 'stroke-linecap="butt"' in svg and "<svg x=" in svg      # clipped to the panel


def test_vlines_with_nothing_to_draw_add_nothing():
    k = Sketch(_VFRAME)
    k.vlines("p", [], 0.0, 1.0, color="#000000")
    k.vlines("p", [1.0], np.nan, 1.0, color="#000000")
    assert k.svg() == ""


# -- the frame cache ------------------------------------------------------------------

def _cached(name="t", params=(1,), draws=None):
    def draw():
        draws.append(1)
        return _frame()
    return frames.cached_frame(name, params, (__name__,), draw)


def test_a_frame_is_drawn_once_and_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path / "figure-cache"))
    monkeypatch.setattr(frames, "_MEMORY", {})
    draws: list = []
    first = _cached(draws=draws)
    assert draws == [1] and len(list((tmp_path / "figure-cache").glob("t-*.json"))) == 1
    monkeypatch.setattr(frames, "_MEMORY", {})                    # a new kernel
    assert _cached(draws=draws) == first and draws == [1]
    _cached(params=(2,), draws=draws)                             # other params: drawn
    assert draws == [1, 1]


def test_a_damaged_cache_file_is_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path / "figure-cache"))
    monkeypatch.setattr(frames, "_MEMORY", {})
    draws: list = []
    _cached(draws=draws)
    (path,) = (tmp_path / "figure-cache").glob("t-*.json")
    for damage in ("{not json", json.dumps({"png": "x"}), "[]"):
        path.write_text(damage)
        monkeypatch.setattr(frames, "_MEMORY", {})
        assert _cached(draws=draws).width == 300
    assert len(draws) == 4


def test_an_unwritable_folder_only_means_drawing_each_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(blocker))          # not a folder
    monkeypatch.setattr(frames, "_MEMORY", {})
    draws: list = []
    assert _cached(draws=draws).width == 300 and draws == [1]


def test_frames_drawn_by_older_code_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path / "figure-cache"))
    monkeypatch.setattr(frames, "_MEMORY", {})
    folder = tmp_path / "figure-cache"
    folder.mkdir()
    (folder / "t-oldcode-0123.json").write_text("{}")
    (folder / "tother-oldcode-0123.json").write_text("{}")         # another figure
    _cached(draws=[])
    names = sorted(p.name for p in folder.iterdir())
    assert "t-oldcode-0123.json" not in names and "tother-oldcode-0123.json" in names


def test_every_explorer_reads_its_frames_back_without_matplotlib(tmp_path):
    """A second Run All (a new kernel) draws nothing: every live figure's frame
    comes from the cache folder, and matplotlib is never imported."""
    code = ("import sys, backsafe\n"
            "for name in backsafe.__all__:\n"
            "    if name.endswith('_explorer') or name == 'thomas_test_check':\n"
            "        getattr(backsafe, name)()\n"
            "print('matplotlib' in sys.modules)\n")
    env = {"BACKSAFE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin",
           "BACKSAFE_CACHE_DIR": str(tmp_path / "figure-cache")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=300, env=env) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert [r.stdout.strip() for r in runs] == ["True", "False"]  # drawn, then read
    kinds = {p.name.rsplit("-", 2)[0] for p in (tmp_path / "figure-cache").glob("*.json")}
    assert {"load", "pelvis", "thomas", "trunk", "plan", "warm-up", "training_load",
            "dashboard"} <= kinds, kinds

def test_only_the_latest_frames_of_a_figure_are_kept(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path / "figure-cache"))
    monkeypatch.setattr(frames, "_MEMORY", {})
    for n in range(frames.KEEP + 3):
        _cached(params=(n,), draws=[])
        newest = max((tmp_path / "figure-cache").glob("t-*.json"), key=os.path.getmtime)
        os.utime(newest, (1_000_000 + n, 1_000_000 + n))       # distinct ages
    _cached(name="other", draws=[])
    kept = list((tmp_path / "figure-cache").glob("t-*.json"))
    assert len(kept) == frames.KEEP
    monkeypatch.setattr(frames, "_MEMORY", {})
    draws: list = []
    _cached(params=(frames.KEEP + 2,), draws=draws)               # the newest: still there
    _cached(params=(0,), draws=draws)                             # the oldest: drawn again
    assert draws == [1]


def test_a_shared_app_reads_frames_but_writes_none(tmp_path, monkeypatch):
    from backsafe.store import APP_MODE_VAR

    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path / "figure-cache"))
    monkeypatch.setenv(APP_MODE_VAR, "1")
    monkeypatch.setattr(frames, "_MEMORY", {})
    draws: list = []
    _cached(draws=draws)
    assert draws == [1] and not (tmp_path / "figure-cache").exists()


def test_the_frame_picture_is_the_drawing_in_fewer_bytes():
    import base64
    import io

    from PIL import Image

    from backsafe.figures.base import new_figure, png_bytes
    from backsafe.figures.frames import render_frame
    from backsafe.figures.palette import PALETTE

    fig = new_figure(5, 3, 80)
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], color=PALETTE["blue"], lw=2)
    ax.set_title("a title with text to antialias")
    frame = render_frame(fig, {"p": ax})
    png = base64.b64decode(frame.png)
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P" and image.size == (frame.width, frame.height)   # a palette
    drawn = np.asarray(Image.frombuffer("RGBA", image.size, fig.canvas.buffer_rgba(), "raw",
                                        "RGBA", 0, 1).convert("RGB"), float)
    kept = np.asarray(image.convert("RGB"), float)
    assert np.abs(drawn - kept).mean() < 0.5             # the same picture, to the eye
    assert len(png) < 0.8 * len(png_bytes(fig))          # and smaller than a plain PNG


def test_markers_skip_points_that_are_not_numbers():
    k = Sketch(_frame())
    for marker in ("o", "|", "s"):
        k.markers("p", [1, np.nan, 3], [1, 2, np.nan], marker=marker, color="#000000")
    assert "nan" not in k.svg() and k.svg().count("<circle") == 1


def test_memory_keeps_a_bounded_number_of_frames(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path / "figure-cache"))
    monkeypatch.setattr(frames, "_MEMORY", {})
    for n in range(frames.MEMORY_LIMIT + 5):
        _cached(params=(n,), draws=[])
    assert len(frames._MEMORY) == frames.MEMORY_LIMIT
