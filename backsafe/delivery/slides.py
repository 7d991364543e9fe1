"""`make slides`: one reveal.js deck per lesson under build/slides/, and an
index page of the decks.

Slide boundaries come from the lesson's headings, set on the static copy by
`assign_slides` (never kept by hand in the committed notebooks): a `#` or `##`
heading starts a new slide (left to right), a `###` heading a sub-slide (down),
so each section of a lesson is one column of the deck. A section longer than
a 1280x720 slide continues on sub-slides: `fit_slides` estimates each block's
height from its words, list items, table rows and figures, splits long text
between paragraphs, and gives every explorer and every quiz question a
sub-slide of its own. Code is hidden; its outputs are shown.
"""
from __future__ import annotations

import copy
import html
import re
from pathlib import Path

from ..content.safety import emergency_notice
from ..html_page import html_page
from .site import SANS, TEMPLATES
from .snapshot import WIDGET_VIEW, link_lessons, static_lessons
from .vendor import copy_reveal, fresh_output, node_modules

SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
# Estimated heights in pixels on a 1280x720 slide (20px text, 30px lines,
# about 100 characters a line); the browser test measures the real ones.
BUDGET = 600                # what a slide holds below reveal's margins
LINE, CHARS_PER_LINE = 30, 95
HEADING = {1: 170, 2: 80, 3: 64, 4: 50}
FIGURE = 420                # an image or a figure in an output

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


def _text_lines(text: str, chars: int = CHARS_PER_LINE) -> int:
    return max(1, -(-len(text.strip()) // chars))


def block_height(block: str) -> int:
    """Estimated height of one Markdown block (a paragraph, a list, a table)."""
    lines = [line for line in block.split("\n") if line.strip()]
    if not lines:
        return 0
    heading = _HEADING.match(lines[0].lstrip())
    if heading:
        return HEADING.get(len(heading.group(1)), 50) + block_height("\n".join(lines[1:]))
    if lines[0].lstrip().startswith("|"):
        return 40 * len([line for line in lines if not set(line) <= set("|-: ")]) + 16
    if lines[0].lstrip()[:2] in ("- ", "* ") or re.match(r"\s*\d+\.\s", lines[0]):
        return sum(_text_lines(line, CHARS_PER_LINE - 5) * LINE + 6 for line in lines) + 16
    return _text_lines(" ".join(lines)) * LINE + 20


def _blocks(source: str) -> list[str]:
    return [b for b in re.split(r"\n\s*\n", source) if b.strip()]


def output_height(out: dict) -> int:
    data = out.get("data", {})
    if WIDGET_VIEW in data:
        return 260
    if "image/png" in data or "image/svg+xml" in data:
        return FIGURE
    markup = data.get("text/html") or data.get("text/markdown") or data.get("text/plain") \
        or out.get("text") or ""
    markup = "".join(markup) if isinstance(markup, list) else markup
    figures = markup.count("<img") + markup.count("<svg")
    items = len(re.findall(r"<(li|tr|label|h\d)\b", markup))
    text = html.unescape(re.sub(r"<[^>]+>|<(script|style)\b.*?</\1>", " ", markup, flags=re.S))
    return (figures * FIGURE + items * 12 + _text_lines(" ".join(text.split()), 110) * 26
            + 10)


def cell_height(cell) -> int:
    if cell.cell_type == "markdown":
        return sum(block_height(b) for b in _blocks(cell.source))
    return sum(output_height(o) for o in cell.get("outputs", []))


def _is_note(out: dict) -> bool:
    return "bsld-snapshot-note" in str(out.get("data", {}).get("text/html", ""))


def _is_explorer(cell) -> bool:
    return any(_is_note(o) for o in cell.get("outputs", []))


def _split_markdown(cell) -> list:
    """A Markdown cell as several, each about a slide's worth of blocks."""
    parts, current, height = [], [], 0
    for block in _blocks(cell.source):
        h = block_height(block)
        if current and height + h > BUDGET:
            parts.append(current)
            current, height = [], 0
        current.append(block)
        height += h
    parts.append(current)
    out = []
    for n, blocks in enumerate(parts):
        piece = copy.deepcopy(cell)
        piece.source = "\n\n".join(blocks)
        if n:
            piece["id"] = f"{cell.get('id', 'cell')}-{n}"
        out.append(piece)
    return out


_LIST = re.compile(r"^(.*?<(ol|ul)\b[^>]*>)(.*)(</\2>.*)$", re.S)
_ITEM = re.compile(r"<li\b.*?</li>", re.S)


def split_list_output(out: dict) -> list[dict]:
    """An HTML output that is one long list (the references) as several outputs,
    each a slide's worth of its items; any other output unchanged."""
    markup = out.get("data", {}).get("text/html")
    found = _LIST.match(markup) if isinstance(markup, str) else None
    if not found or output_height(out) <= BUDGET:
        return [out]
    head, tag, body, tail = found.groups()
    chunks, current, height = [], [], 0
    for item in _ITEM.findall(body):
        h = output_height({"data": {"text/html": item}})
        if current and height + h > BUDGET - 80:     # lists run longer than estimated
            chunks.append(current)
            current, height = [], 0
        current.append(item)
        height += h
    chunks.append(current)
    pieces, start = [], 1
    for items in chunks:
        opening = head if start == 1 else re.sub(
            rf"<{tag}\b", f'<{tag} start="{start}"', head, count=1)
        piece = copy.deepcopy(out)
        piece["data"]["text/html"] = opening + "".join(items) + tail
        pieces.append(piece)
        start += len(items)
    return pieces


def _split_outputs(cell) -> list:
    """A cell with several tall outputs (the quiz, one form per question; a long
    list cut into parts) as one cell per output."""
    outs = [part for out in cell.get("outputs", []) for part in split_list_output(out)]
    cell.outputs = outs
    if len(outs) < 2 or sum(output_height(o) for o in outs) <= BUDGET:
        return [cell]
    groups = []
    for out in outs:
        # an explorer's snapshot note stays with the explorer it describes
        if groups and _is_note(groups[-1][-1]):
            groups[-1].append(out)
        else:
            groups.append([out])
    pieces = []
    for n, group in enumerate(groups):
        piece = copy.deepcopy(cell)
        piece.outputs = group
        if n:
            piece["id"] = f"{cell.get('id', 'cell')}-{n}"
        pieces.append(piece)
    return pieces


def fit_slides(nb):
    """Split the slides `assign_slides` made so each fits a 1280x720 slide:
    a cell that would overflow starts a sub-slide; a long Markdown cell is split
    between blocks; an explorer gets a sub-slide of its own. Returns `nb`."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell_height(cell) > BUDGET:
            pieces = _split_markdown(cell)
        elif cell.cell_type == "code":
            pieces = _split_outputs(cell)
        else:
            pieces = [cell]
        for n, piece in enumerate(pieces):
            if n:
                piece.metadata["slideshow"] = {"slide_type": "-"}
            cells.append(piece)
    used = 0
    after_explorer = False
    for cell in cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        height = cell_height(cell)
        if kind in ("slide", "subslide"):
            used = height
        elif height and (after_explorer or _is_explorer(cell) or used + height > BUDGET) \
                and used > 0:
            cell.metadata["slideshow"] = {"slide_type": "subslide"}
            used = height
        else:
            used += height
        if height:
            after_explorer = _is_explorer(cell)
    nb.cells = cells
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
                              reveal_width=str(SLIDE_WIDTH), reveal_height=str(SLIDE_HEIGHT),
                              require_js_url="static/require.js",
                              widget_renderer_url="static/embed-amd.js",
                              exclude_input=True, exclude_input_prompt=True,
                              exclude_output_prompt=True)
    written = []
    for lesson, nb in decks:
        body, _ = exporter.from_notebook_node(fit_slides(assign_slides(nb)))
        path = out / deck_name(lesson)
        path.write_text(link_lessons(body, ".slides.html"), encoding="utf-8")
        written.append(path)
        log(f"wrote {path}")
    index = out / "index.html"
    index.write_text(slides_index_html([lesson for lesson, _ in decks]), encoding="utf-8")
    log(f"wrote {index}")
    return written


def slides_index_html(decks) -> str:
    """The decks' index page: each lesson's deck with its minutes."""
    items = "".join(
        f'<li><a href="{deck_name(lesson)}">{html.escape(f"{lesson.number:02d}. {lesson.title}")}'
        f"</a> ({lesson.teaching_minutes + lesson.practice_minutes} minutes)</li>"
        for lesson in decks)
    body = ("<h1>Back-Safe Leg Day: slides</h1>"
            "<p>One deck per lesson. Use the arrow keys: right for the next section, down "
            "for the rest of a section; press S for speaker notes and Esc for an overview."
            "</p>"
            f"<ol class=\"bsld-decks\">{items}</ol>"
            "<p><strong>Safety:</strong> this course is education, not medical advice. "
            f"{html.escape(emergency_notice())}</p>")
    return html_page("Back-Safe Leg Day: slides", body, css=SANS)
