"""`make slides`: one reveal.js deck per lesson under build/slides/.

Slide boundaries come from the lesson's headings, set on the static copy by
`assign_slides` (never kept by hand in the committed notebooks): a `#` or `##`
heading starts a new slide (left to right), a `###` heading a sub-slide (down),
so each section of a lesson is one column of the deck. Everything else
continues the slide it follows. Code is hidden; its outputs (figures,
explorers from their saved state, the quiz) are shown.
"""
from __future__ import annotations

import re
from pathlib import Path

from .site import TEMPLATES
from .snapshot import link_lessons, static_lessons
from .vendor import copy_reveal, fresh_output, node_modules

_HEADING = re.compile(r"^(#{1,3})\s")


def slide_type(cell) -> str:
    """'slide', 'subslide' or '-' (continue) for one cell, from its first heading."""
    if cell.cell_type != "markdown":
        return "-"
    match = _HEADING.match(cell.source.lstrip())
    if not match:
        return "-"
    return "subslide" if len(match.group(1)) == 3 else "slide"


_SECTION_TAG = re.compile(r"<(/?)section\b")


def assign_slides(nb):
    """Set every cell's slideshow metadata from the headings; returns `nb`.

    reveal.js takes every <section> for a slide, so a <section> in an output
    (the lesson's at-a-glance box) becomes a <div>.
    """
    for cell in nb.cells:
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell)}
        for out in cell.get("outputs", []):
            markup = out.get("data", {}).get("text/html")
            if isinstance(markup, str):
                out["data"]["text/html"] = _SECTION_TAG.sub(r"<\1div", markup)
    return nb


def deck_name(lesson) -> str:
    return f"{lesson.number:02d}-{lesson.slug}.slides.html"


def build_slides(root: Path, build: Path, *, out: Path | None = None, force: bool = False,
                 log=print) -> list[Path]:
    """Write build/slides/NN-slug.slides.html for every available lesson."""
    from nbconvert import SlidesExporter

    out = out or build / "slides"
    decks = list(static_lessons(root, build, mode="slides", force=force, log=log))
    modules = node_modules(root, build)
    static = fresh_output(out, modules)
    copy_reveal(modules, static)
    exporter = SlidesExporter(extra_template_basedirs=[str(TEMPLATES)],
                              template_name="bsld_slides",
                              reveal_url_prefix="static/reveal.js", reveal_theme="bsld",
                              require_js_url="static/require.js",
                              widget_renderer_url="static/embed-amd.js",
                              exclude_input=True, exclude_input_prompt=True,
                              exclude_output_prompt=True)
    written = []
    for lesson, nb in decks:
        body, _ = exporter.from_notebook_node(assign_slides(nb))
        path = out / deck_name(lesson)
        path.write_text(link_lessons(body, ".slides.html"), encoding="utf-8")
        written.append(path)
        log(f"wrote {path}")
    return written
