"""Lesson 01 explorer: pick a structure to highlight it in the side-view diagram
and read what it is, what it does and why it matters for back pain."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..content.anatomy import GROUPS, Atlas, Structure, atlas
from ..content.markup import to_html
from ..content.references import cite
from ..figures.anatomy_svg import AnatomySvg
from .base import CONTROL, figure_pane, label_style, lean, Panel

ALL = "all"
SECTIONS = (("what", "What it is"), ("does", "What it does"),
            ("lifting", "In squats, deadlifts and lunges"),
            ("back_pain", "Why it matters for back pain"))


def structure_options(atl: Atlas, group: str = ALL) -> list[tuple[str, str]]:
    """(name, id) pairs for the picker, for one group or all of them."""
    return [(s.name, s.id) for s in atl.in_group(group)]


def readout_html(s: Structure) -> str:
    """The plain-language description of one structure."""
    rows = "".join(
        f'<p style="margin:0.5em 0 0 0"><strong>{title}.</strong> '
        f"{to_html(getattr(s, name), cite)}</p>"
        for name, title in SECTIONS)
    return (f'<div role="status" aria-live="polite" style="line-height:1.45">'
            f'<h4 style="margin:0.2em 0">{html.escape(s.name)}</h4>'
            f'<p style="margin:0;color:var(--jp-content-font-color2, #444)">'
            f"Group: {html.escape(s.group)}</p>"
            f"{rows}</div>")


def anatomy_explorer(start: str = "lumbar-discs") -> widgets.VBox:
    """Group filter + structure picker + highlighted diagram + description."""
    atl = atlas()
    atl.structure(start)                      # UnknownName lists the known ids
    diagram = AnatomySvg(atl)
    group = lean(
        widgets.ToggleButtons,
        options=[("All", ALL)] + [(g.capitalize(), g) for g in GROUPS], value=ALL,
        description="Show:", style={**label_style(), "button_width": "auto"},
        tooltips=["Every structure"] + [f"Only the {g}" for g in GROUPS], classes=CONTROL)
    picker = lean(
        widgets.Dropdown, options=structure_options(atl), value=start, description="Structure:",
        style=label_style(), layout={"width": "min(100%, 30em)"}, classes=CONTROL)
    pane = figure_pane()
    pane.layout = widgets.Layout(width="min(100%, 660px)")
    readout = lean(widgets.HTML, layout=widgets.Layout(
        flex="1 1 20em", min_width="16em", max_width="44em", padding="0 0 0 1em"),
        classes=("bsld-readout",))
    busy = False

    def refresh() -> None:
        diagram.update(picker.value, group.value)
        pane.show(diagram)
        readout.value = readout_html(atl.structure(picker.value))

    def on_group(_change) -> None:
        nonlocal busy
        options = structure_options(atl, group.value)
        ids = [sid for _, sid in options]
        keep = picker.value if picker.value in ids else ids[0]
        busy = True
        try:
            picker.options = options
            picker.value = keep
        finally:
            busy = False
        refresh()

    def on_pick(_change) -> None:
        if not busy and picker.value is not None:
            refresh()

    group.observe(on_group, names="value")
    picker.observe(on_pick, names="value")
    refresh()
    body = lean(widgets.HBox, [pane, readout], layout=widgets.Layout(
        flex_flow="row wrap", align_items="flex-start"))
    return lean(Panel, [group, picker, body],
                classes=("bsld-explorer", "bsld-anatomy-explorer"))
