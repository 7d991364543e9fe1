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
