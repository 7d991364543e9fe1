"""The figure pane sends a live figure's still picture once: a change sends only
the overlay and the caption (bytes counted as the widget values that change)."""
from __future__ import annotations

import ipywidgets as widgets

from backsafe.widgets.anatomy_explorer import anatomy_explorer
from backsafe.widgets.base import FigurePane
from backsafe.widgets.load_explorer import LoadExplorer

from .helpers import find


def _html_widgets(widget):
    """Every HTML widget below `widget`."""
    out = [widget] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        out += _html_widgets(child)
    return out


class ByteCounter:
    """Counts the bytes of HTML values sent to the page (each change is a message)."""

    def __init__(self, root):
        self.sent = 0
        for w in _html_widgets(root):
            w.observe(self._count, names="value")

    def _count(self, change):
        self.sent += len(change["new"].encode("utf-8"))


def test_a_load_explorer_change_sends_the_overlay_not_the_frame():
    ex = LoadExplorer()
    whole = len(ex.pane.value.encode())
    counter = ByteCounter(ex.pane)
    ex.trunk_angle.value = 20
    assert 0 < counter.sent < 8_000 and counter.sent < whole / 3
    picture = ex.pane._picture.value
    ex.bar_mass.value = 60
    assert ex.pane._picture.value is picture            # the frame was not sent again
    assert "20°" in ex.pane._caption.value              # the description follows


def test_an_anatomy_change_sends_a_small_stylesheet():
    box = anatomy_explorer()
    (pane,) = find(box, "bsld-figure")
    picker = next(w for w in box.children if isinstance(w, widgets.Dropdown))
    whole = len(pane.value.encode())
    counter = ByteCounter(pane)
    picker.value = "hamstrings"
    assert 0 < counter.sent < 5_000 and whole > 10 * counter.sent
    assert "#a-hamstrings-p0" in pane._overlay.value and "Hamstrings" in pane._caption.value


def test_a_figure_without_layers_is_sent_whole_and_resets_the_stack():
    pane = FigurePane()
    pane.show(LoadExplorer().figure.update(LoadExplorer().result))
    assert pane._stack.layout.width and pane._overlay.value

    class Whole:
        def to_html(self):
            return "<figure>x</figure>"
    pane.show(Whole())
    assert pane.value == "<figure>x</figure>" and pane._stack.layout.width is None
    pane.value = ""
    assert pane.value == ""


def test_the_description_is_read_once():
    ex = LoadExplorer()
    assert 'alt=""' in ex.pane._picture.value                  # the picture is decorative
    assert 'aria-hidden="true"' in ex.pane._overlay.value
    assert "var(--jp-content-font-color1" in ex.pane._caption.value   # themed colour
