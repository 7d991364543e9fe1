"""make site / make slides: the catalogue index, the static copy of a lesson
(quiz form, snapshot notes, no saving claims), slide boundaries from headings,
the build's error messages, and the built pages themselves (offline links)."""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from backsafe.content.catalogue import lessons
from backsafe.content.quizzes import load_bank
from backsafe.delivery import execute, vendor
from backsafe.delivery.__main__ import main as delivery_main
from backsafe.delivery.execute import BuildError
from backsafe.delivery.modes import mode_sentences
from backsafe.delivery.site import index_html, nav_html, page_name
from backsafe.delivery.slides import (BUDGET, assign_slides, cell_height, deck_name, fit_slides,
                                      output_height, slide_type, slides_index_html,
                                      split_list_output)
from backsafe.delivery.snapshot import (WIDGET_STATE, WIDGET_VIEW,
                                      explorer_count, link_lessons, static_copy)
from tests.delivery_build import built
from tests.helpers import ROOT

AVAILABLE = [lesson for lesson in lessons() if lesson.available]


def _model(classes=(), children=(), **state):
    return {"model_name": "VBoxModel", "model_module": "@jupyter-widgets/controls",
            "model_module_version": "2.0.0",
            "state": {"_dom_classes": list(classes),
                      "children": [f"IPY_MODEL_{c}" for c in children], **state}}


def _view(mid):
    return new_output("display_data", data={WIDGET_VIEW: {"model_id": mid, "version_major": 2,
                                                          "version_minor": 0},
                                            "text/plain": "VBox()"})


def _executed_like():
    """A tiny executed notebook: an explorer, a quiz and a sentence promising to save."""
    nb = new_notebook(cells=[
        new_markdown_cell("# Title\nIntro. Your score is saved to your progress on this "
                          "computer. Read on."),
        new_markdown_cell("## Try it\n- Your answers and progress stay on your computer.\n"
                          "- Keep the bar close."),
        new_code_cell("explorer()", outputs=[_view("e1")]),
        new_markdown_cell("### Detail"),
        new_code_cell("quiz_widget('start-here')", outputs=[_view("q1")]),
    ])
    nb.metadata["widgets"] = {WIDGET_STATE: {"version_major": 2, "version_minor": 0, "state": {
        "e1": _model(["bsld-explorer", "bsld-x"], ["h1"]),
        "h1": _model(value="<p>Nothing is saved unless you ask for it below. Nothing you "
                           "tick is saved. <b>Move</b> the slider.</p>"),
        "q1": _model(["bsld-quiz"], ["s1"]),
        "s1": _model(value="Your answers are saved on this computer when you press Check."),
    }}}
    return nb


def test_index_lists_every_lesson_from_the_catalogue_with_links():
    page = index_html()
    assert '<html lang="en">' in page and "<title>" in page
    for lesson in lessons():
        assert lesson.title.replace("'", "&#x27;") in page
        assert f"{lesson.teaching_minutes + lesson.practice_minutes} minutes" in page
        assert (f'href="{page_name(lesson)}"' in page) == lesson.available
        for objective in lesson.objectives:
            assert objective.replace("'", "&#x27;") in page
    assert "make lab" in page and save_claims(page) == []


def test_index_escapes_catalogue_text():
    evil = AVAILABLE[0].__class__(**{**AVAILABLE[0].__dict__, "title": "<script>x</script>",
                                     "objectives": ("a & b", "c", "d")})
    page = index_html([evil])
    assert "<script>x" not in page and "&lt;script&gt;x" in page and "a &amp; b" in page


def test_nav_links_neighbours_only():
    first, middle, last = (nav_html(AVAILABLE, n) for n in (0, 1, len(AVAILABLE) - 1))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert page_name(AVAILABLE[0]) in middle and page_name(AVAILABLE[2]) in middle
    assert 'rel="next"' not in last and 'href="index.html"' in last


# A sentence that promises to save or keep something, unless it says nothing is.
# ("... stay on your computer" is a privacy promise, true in every mode.)
SAVE_CLAIM = re.compile(
    r"\b(is|are|were|be|gets?) saved\b|\bsaved (to|on|in) (your|this|the)\b"
    r"|\bprogress (is kept|stays)\b|\bkeeps? (it|them|your \w+) on this computer\b",
    re.I)
NEGATED = re.compile(r"\b(nothing|not|cannot|never|no)\b", re.I)


def save_claims(page: str) -> list[str]:
    """The sentences of a page that claim something is saved (a detector for tests;
    the pages are made by exact sentences from mode_text.yaml)."""
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    return [s.strip() for s in re.findall(r"[^.!?]*[.!?]", text)
            if SAVE_CLAIM.search(s) and not NEGATED.search(s)]


def test_widget_sentences_are_swapped_exactly_and_true_ones_kept():
    from backsafe.delivery.modes import for_mode_widget_text

    text = ("<p>Nothing you tick is saved. Your answers are saved on this computer when "
            "you press Check.</p>")
    assert for_mode_widget_text(text, "site") == "<p>Nothing you tick is saved. </p>"
    assert for_mode_widget_text(text, "lab") == text
    assert save_claims("<p>Nothing you tick is saved. It is <b>saved</b> in a file.</p>") \
        == ["It is saved in a file."]


def test_static_copy_replaces_quiz_notes_explorers_and_prunes_state():
    nb = _executed_like()
    out = static_copy(nb, "start-here")
    assert nb.cells[0].source.count("saved") == 1          # the original is untouched
    assert out.cells[0].source == ("# Title\nIntro. On this page your answers are marked in "
                                   "your browser and not kept. Read on.")
    assert out.cells[1].source == ("## Try it\n- Nothing is saved on a web page: run the "
                                   "course in JupyterLab (make lab) to keep your progress.\n"
                                   "- Keep the bar close.")
    deck = static_copy(nb, "start-here", "slides")
    assert deck.cells[0].source == "# Title\nIntro. Read on."
    assert deck.cells[1].source == "## Try it\n- Keep the bar close."
    explorer = out.cells[2].outputs
    assert "bsld-snapshot-note" in explorer[0]["data"]["text/html"]
    assert "make lab" in explorer[0]["data"]["text/html"]
    assert explorer[1]["data"][WIDGET_VIEW]["model_id"] == "e1"
    quiz = out.cells[4].outputs
    assert len(quiz) == 1 and 'class="bsld-static-quiz"' in quiz[0]["data"]["text/html"]
    state = out.metadata["widgets"][WIDGET_STATE]["state"]
    assert set(state) == {"e1", "h1"}                        # the quiz's models are gone
    # The lab-only sentence is swapped exactly; the true one stays.
    assert state["h1"]["state"]["value"] == ("<p>Nothing is saved on a web page. Nothing you "
                                             "tick is saved. <b>Move</b> the slider.</p>")
    assert explorer_count(out) == 1


def test_slide_boundaries_come_from_headings():
    nb = assign_slides(static_copy(_executed_like(), "start-here"))
    kinds = [c.metadata["slideshow"]["slide_type"] for c in nb.cells]
    assert kinds == ["slide", "slide", "-", "subslide", "-"]
    assert slide_type(new_markdown_cell("#### Small")) == "-"
    assert slide_type(new_markdown_cell("Text with # inside")) == "-"


def test_links_between_lessons_point_at_built_pages():
    page = '<a href="02-causes-and-form.ipynb#Form">x</a> <a href="other.ipynb">y</a>'
    assert link_lessons(page, ".html") == \
        '<a href="02-causes-and-form.html#Form">x</a> <a href="other.ipynb">y</a>'


def test_theme_loses_its_web_fonts():
    css = ("@import url(./fonts/source-sans-pro/source-sans-pro.css);\n"
           "@font-face { font-family: X; src: url(x.woff); }\n"
           ":root { --r-main-font: Source Sans Pro, Helvetica, sans-serif; }")
    out = vendor.no_web_fonts(css)
    assert "@import" not in out and "@font-face" not in out and "Source Sans" not in out
    assert "--r-main-font: system-ui" in out


def test_missing_npm_is_one_sentence(tmp_path, monkeypatch):
    (tmp_path / "delivery").mkdir()
    for name in ("package.json", "package-lock.json"):
        (tmp_path / "delivery" / name).write_text("{}")
    monkeypatch.setattr(vendor.shutil, "which", lambda _: None)
    with pytest.raises(BuildError, match="^npm was not found: install Node.js"):
        vendor.node_modules(tmp_path, tmp_path / "build")


def test_cli_outside_the_repository_says_what_to_do(tmp_path, capsys):
    assert delivery_main(["site", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "There is no notebooks/ folder" in err and "Traceback" not in err
    done = subprocess.run([sys.executable, "-m", "backsafe.delivery", "pages"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_a_missing_notebook_is_one_sentence(tmp_path):
    (tmp_path / "notebooks").mkdir()
    with pytest.raises(BuildError, match="does not exist"):
        execute.execute_lessons(tmp_path / "notebooks", tmp_path / "executed")


def test_executed_copy_is_stale_when_the_notebook_changes(tmp_path):
    notebook, executed = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    notebook.write_text("{}")
    assert not execute.is_fresh(executed, notebook)
    executed.write_text("{}")
    newest = execute.newest_source_time(notebook)
    os.utime(executed, (newest + 10, newest + 10))
    assert execute.is_fresh(executed, notebook)
    os.utime(notebook, (newest + 20, newest + 20))
    assert not execute.is_fresh(executed, notebook)


def test_private_data_dir_is_restored(monkeypatch):
    monkeypatch.setenv("BACKSAFE_DATA_DIR", "/learner/own")
    with execute.private_data_dir() as tmp:
        assert os.environ["BACKSAFE_DATA_DIR"] == str(tmp) != "/learner/own"
    assert os.environ["BACKSAFE_DATA_DIR"] == "/learner/own"


# ---- the built pages (one build per session, shared with the browser test) ----

@pytest.fixture(scope="module")
def pages():
    result = built()
    files = sorted(result["site"].glob("*.html")) + list(result["decks"])
    return {path: path.read_text(encoding="utf-8") for path in files}


def test_every_lesson_has_a_page_and_a_deck(pages):
    names = {path.name for path in pages}
    for lesson in AVAILABLE:
        assert page_name(lesson) in names
        assert f"{lesson.number:02d}-{lesson.slug}.slides.html" in names


def test_glossary_links_reach_their_anchors_in_a_static_page():
    """A term's link in a Markdown cell and the anchor in the glossary_list output end
    up in the same page: the link jumps there and keeps the definition as hover text."""
    from nbconvert import HTMLExporter

    from backsafe.content.glossary import glossary_html, glossary_link
    from backsafe.delivery.site import TEMPLATES

    nb = new_notebook(cells=[
        new_markdown_cell(f"The {glossary_link('annulus')} is a ring."),
        new_code_cell('glossary_list("anatomy")', outputs=[new_output(
            "display_data", data={"text/html": glossary_html("anatomy"),
                                  "text/plain": "<IPython.core.display.HTML object>"})])])
    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="bsld_site")
    body, _ = exporter.from_notebook_node(static_copy(nb, "anatomy"),
                                          resources={"bsld_nav": ""})
    link = re.search(r'<a href="#term-annulus-fibrosus" title="([^"]*)"', body)
    assert link and link.group(1).startswith("The tough outer ring")
    assert body.count('id="term-annulus-fibrosus"') == 1


def test_every_glossary_and_reference_link_has_its_anchor_on_the_page(pages):
    by_name = {path.name: page for path, page in pages.items()}
    for lesson in AVAILABLE:
        page = by_name[page_name(lesson)]
        ids = set(re.findall(r'\bid="([^"]+)"', page))
        targets = set(re.findall(r'href="#((?:term|ref)-[^"]+)"', page))
        assert any(t.startswith("term-") for t in targets), lesson.slug
        assert targets <= ids, (lesson.slug, sorted(targets - ids))


def test_every_src_and_href_is_relative_and_exists(pages):
    for path, page in pages.items():
        for _, url in re.findall(r'\b(src|href)="([^"]*)"', page):
            assert not re.match(r"^(https?:)?//|^[a-z]+:(?!image)", url), (path.name, url)
            if url.startswith(("#", "data:")):
                continue
            assert (path.parent / url.split("#")[0]).is_file(), (path.name, url)


def test_no_page_loads_mathjax_fonts_or_a_cdn(pages):
    for path, page in pages.items():
        for bad in ("mathjax", "MathJax.js", "unpkg.com", "cdn.jsdelivr", "cdnjs",
                    "fonts.googleapis"):
            assert bad not in page, (path.name, bad)


def _plain(text: str) -> str:
    """Page or Markdown text without tags, markup and entities, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("*", "")
    return " ".join(text.split())


def test_no_page_shows_a_sentence_true_only_in_jupyterlab(pages):
    lab_only = [_plain(entry["lab"]) for part in ("sentences", "widgets")
                for entry in mode_sentences(part)]
    for path, page in pages.items():
        shown = _plain(page)
        assert not [s for s in lab_only if s in shown], path.name
        assert save_claims(page) == [], path.name
    assert "Nothing you tick is saved." in _plain("".join(pages.values()))   # true: kept
    site = next(p for path, p in pages.items() if path.name == "00-start-here.html")
    assert "Nothing is saved on these web pages." in _plain(site)


def test_every_explorer_carries_a_snapshot_note(pages):
    for lesson in AVAILABLE:
        page = next(p for path, p in pages.items() if path.name == page_name(lesson))
        executed = nbformat.read(ROOT / "build" / "executed" / lesson.notebook, as_version=4)
        expected = explorer_count(static_copy(executed, lesson.slug))
        assert page.count('class="bsld-snapshot-note"') == expected, lesson.slug
        checks = sum(cell.cell_type == "code" and "quiz_widget(" in cell.source
                     and "check=" in cell.source for cell in executed.cells)
        assert checks >= 2, lesson.slug                 # the short checks between sections
        assert page.count('class="bsld-static-quiz"') == 1 + checks, lesson.slug


def test_sections_in_outputs_do_not_become_slides():
    nb = _executed_like()
    nb.cells[2].outputs.append(new_output("display_data", data={
        "text/html": '<section class="x"><p>At a glance</p></section>'}))
    out = assign_slides(nb).cells[2].outputs[-1]["data"]["text/html"]
    assert out == '<div class="x"><p>At a glance</p></div>'


def test_failed_npm_install_is_one_sentence_and_retried(tmp_path, monkeypatch):
    (tmp_path / "delivery").mkdir()
    for name in ("package.json", "package-lock.json"):
        (tmp_path / "delivery" / name).write_text("{}")
    fake = tmp_path / "npm"
    fake.write_text("#!/bin/sh\necho 'npm error code E404' >&2\n"
                    "echo 'npm error 404 Not Found - GET https://registry/x' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(vendor.shutil, "which", lambda _: str(fake))
    with pytest.raises(BuildError, match=r"^npm could not install .*\(404 Not Found"):
        vendor.node_modules(tmp_path, tmp_path / "build")
    assert not (tmp_path / "build" / "npm" / "installed-lock.json").exists()


# ---- slides that fit a 1280x720 screen (measured in tests/browser/test_slides_browser.py)

def _kinds(nb):
    return [c.metadata["slideshow"]["slide_type"] for c in nb.cells]


def test_a_long_section_continues_on_sub_slides_split_between_paragraphs():
    paragraph = " ".join(["word"] * 120)                  # about 7 lines each
    nb = new_notebook(cells=[new_markdown_cell("## Long\n\n" + "\n\n".join([paragraph] * 6)),
                             new_markdown_cell("More text.")])
    out = fit_slides(assign_slides(nb))
    assert _kinds(out)[0] == "slide" and "subslide" in _kinds(out)
    assert all(cell_height(c) <= BUDGET for c in out.cells)
    text = "\n\n".join(c.source for c in out.cells)
    assert text.count(paragraph) == 6 and "More text." in text     # nothing lost


def test_an_explorer_gets_a_sub_slide_of_its_own_and_a_short_section_stays_whole():
    nb = static_copy(_executed_like(), "start-here", "slides")
    out = fit_slides(assign_slides(nb))
    explorer = next(i for i, c in enumerate(out.cells) if "bsld-snapshot-note" in str(c))
    assert _kinds(out)[explorer] in ("slide", "subslide")
    short = fit_slides(assign_slides(new_notebook(cells=[
        new_markdown_cell("## Short"), new_markdown_cell("One line.")])))
    assert _kinds(short) == ["slide", "-"]


def test_the_quiz_on_slides_is_one_form_per_question():
    nb = static_copy(_executed_like(), "start-here", "slides")
    forms = [o for c in nb.cells for o in c.get("outputs", [])
             if "bsld-static-quiz" in str(o.get("data", {}).get("text/html", ""))]
    assert len(forms) == len(load_bank("start-here").questions) > 1
    out = fit_slides(assign_slides(nb))
    quiz_cells = [c for c in out.cells if "bsld-static-quiz" in str(c.get("outputs", ""))]
    assert len(quiz_cells) == len(forms) and all(len(c.outputs) == 1 for c in quiz_cells)


def test_a_long_reference_list_is_cut_into_numbered_parts():
    items = "".join(f'<li id="ref-{n}">{"Author A " * 30}({n})</li>' for n in range(30))
    out = {"output_type": "display_data", "metadata": {},
           "data": {"text/html": f'<div class="bsld-references"><ol>{items}</ol></div>'}}
    parts = split_list_output(out)
    assert len(parts) > 1
    html_parts = [p["data"]["text/html"] for p in parts]
    assert html_parts[0].startswith('<div class="bsld-references"><ol>')
    assert re.search(r'<ol start="\d+">', html_parts[1])
    assert sum(h.count("<li ") for h in html_parts) == 30
    assert all(output_height(p) <= BUDGET for p in parts)
    short = {"data": {"text/html": "<ol><li>one</li></ol>"}}
    assert split_list_output(short) == [short]


def test_slides_index_lists_every_deck():
    page = slides_index_html(AVAILABLE)
    for lesson in AVAILABLE:
        assert f'href="{deck_name(lesson)}"' in page
    assert "emergency department now" in page and '<html lang="en">' in page
