"""Colour contrast of the course's text (WCAG 2: 4.5:1 for normal text)."""
import re

import pytest

from backsafe.figures import anatomy
from backsafe.figures.palette import PALETTE
from backsafe.widgets import base as widget_base
from backsafe.widgets import start_here


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def blend_black_on_white(alpha: float) -> str:
    v = round(255 * (1 - alpha))
    return f"#{v:02x}{v:02x}{v:02x}"


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("name", ["black", "grey", "blue"])
def test_palette_colours_used_for_text_are_readable_on_white(name):
    assert contrast(PALETTE[name], "#ffffff") >= 4.5


def test_faded_anatomy_labels_stay_readable():
    assert contrast(blend_black_on_white(anatomy._FADED_TEXT), "#ffffff") >= 4.5


def test_message_and_alert_boxes_have_readable_text():
    backgrounds = [re.search(r"background:(#[0-9a-fA-F]{6})", style).group(1)
                   for style in list(widget_base._KIND_STYLE.values())
                   + list(start_here._ALERT.values())]
    assert len(backgrounds) == 6
    for bg in backgrounds:
        assert contrast("#111111", bg) >= 7.0, bg


def _theme_colours(theme: str) -> dict[str, str]:
    """The CSS variables of one of JupyterLab's installed themes."""
    import sys
    from pathlib import Path

    css = Path(sys.prefix, "share", "jupyter", "lab", "themes", "@jupyterlab",
               f"theme-{theme}-extension", "index.css").read_text()
    return dict(re.findall(r"(--jp-[a-z0-9-]+):\s*([^;}]+)", css))


def _resolve(colours: dict[str, str], value: str) -> str:
    """Follow var(--name) references to a colour."""
    while value.strip().startswith("var("):
        value = colours[re.match(r"var\((--[a-z0-9-]+)", value.strip()).group(1)]
    return value.strip()


def _hex6(colour: str) -> str:
    colour = {"white": "#ffffff", "black": "#000000"}.get(colour, colour)
    return colour if len(colour) == 7 else "#" + "".join(c * 2 for c in colour[1:])


def _over(colour: str, background: str) -> str:
    """An rgba() or hex colour as the hex it shows on `background`."""
    found = re.match(r"rgba\((\d+),(\d+),(\d+),([\d.]+)\)", colour.replace(" ", ""))
    if not found:
        return _hex6(colour)
    *rgb, alpha = found.groups()
    bg = [int(background.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(float(alpha) * int(c) + (1 - float(alpha)) * b) for c, b in zip(rgb, bg)]
    return "#" + "".join(f"{v:02x}" for v in mixed)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figure_captions_and_readouts_are_readable_on_both_themes(theme):
    from backsafe.figures.markup import CAPTION_STYLE, caption_html
    from backsafe.widgets.anatomy_explorer import readout_html
    from backsafe.content.anatomy import atlas

    colours = _theme_colours(theme)
    background = _over(_resolve(colours, colours["--jp-layout-color0"]), "#ffffff")
    styles = [CAPTION_STYLE, caption_html("x"), readout_html(atlas().structures[0])]
    used = {m for s in styles for m in re.findall(r"color:\s*var\((--jp-[a-z0-9-]+), (#\w+)\)", s)}
    assert used, "captions and readouts take their text colour from the theme"
    for var, fallback in used:
        shown = _over(_resolve(colours, colours[var]), background)
        assert contrast(shown, background) >= 4.5, (theme, var, shown, background)
        assert contrast(_hex6(fallback), "#ffffff") >= 4.5, fallback   # outside JupyterLab
