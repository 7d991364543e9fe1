"""`make site`: the course as a static website under build/site/.

An index page from the lesson catalogue, then one page per lesson converted
from its executed copy, with widgets drawn from their saved state by the
vendored widget renderer. Nothing on a page is loaded from the network.
"""
from __future__ import annotations

import html
from pathlib import Path

from ..content.safety import emergency_notice
from ..content.catalogue import Lesson, lessons
from ..html_page import html_page
from .snapshot import link_lessons, static_lessons
from .vendor import fresh_output, node_modules

TEMPLATES = Path(__file__).resolve().parent / "templates"
SITE_TITLE = "Back-Safe Leg Day"
SANS = ("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',"
        "Arial,sans-serif}")
INDEX_CSS = (SANS + ".lesson{border-top:1px solid #767676;padding-top:.4em}"
             ".note{border-left:4px solid #0072B2;background:#eef6fb;padding:6px 10px}")


def page_name(lesson: Lesson) -> str:
    return f"{lesson.number:02d}-{lesson.slug}.html"


def nav_html(available: list[Lesson], index: int) -> str:
    """Links to the index and to the previous and next lessons."""
    links = ['<a href="index.html">All lessons</a>']
    if index > 0:
        prev = available[index - 1]
        links.append(f'<a href="{page_name(prev)}" rel="prev">Previous: '
                     f"{html.escape(prev.title)}</a>")
    if index + 1 < len(available):
        nxt = available[index + 1]
        links.append(f'<a href="{page_name(nxt)}" rel="next">Next: '
                     f"{html.escape(nxt.title)}</a>")
    return f'<nav class="bsld-nav" aria-label="Lessons">{" ".join(links)}</nav>'


def index_html(catalogue=None) -> str:
    """The site's front page: every lesson with its subtitle, minutes and objectives."""
    items = []
    for lesson in catalogue if catalogue is not None else lessons():
        title = html.escape(f"{lesson.number:02d}. {lesson.title}")
        heading = (f'<a href="{page_name(lesson)}">{title}</a>' if lesson.available
                   else f"{title} (coming soon)")
        minutes = lesson.teaching_minutes + lesson.practice_minutes
        objectives = "".join(f"<li>{html.escape(o)}</li>" for o in lesson.objectives)
        items.append(
            f'<section class="lesson"><h2>{heading}</h2>'
            f"<p>{html.escape(lesson.subtitle)}</p>"
            f"<p class=\"small\">{minutes} minutes ({lesson.teaching_minutes} teaching, "
            f"{lesson.practice_minutes} practice)</p>"
            f"<p>After this lesson you can:</p><ul>{objectives}</ul></section>")
    body = (
        f"<h1>{SITE_TITLE}</h1>"
        "<p><em>Why does my lower back hurt when I train legs, and what can I do about "
        "it?</em> An evidence-based course for people who lift.</p>"
        '<p class="note">This is the static web copy of the course. Quizzes are marked in '
        "your browser and keep nothing; explorers are snapshots. To use every explorer "
        "live and keep your progress on your own computer, run the lessons in JupyterLab "
        "with <code>make lab</code>.</p>"
        "<p><strong>Safety:</strong> this course is education, not medical advice. "
        f"{html.escape(emergency_notice())} Lesson 00 has a short safety screen.</p>"
        + "".join(items))
    return html_page(f"{SITE_TITLE}: lessons", body, css=INDEX_CSS)


def build_site(root: Path, build: Path, *, out: Path | None = None, force: bool = False,
               log=print) -> Path:
    """Write build/site/ (index, one page per lesson, static/); returns the index path."""
    from nbconvert import HTMLExporter

    site = out or build / "site"
    pages = list(static_lessons(root, build, force=force, log=log))
    modules = node_modules(root, build)
    fresh_output(site, modules)
    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES)],
                            template_name="bsld_site",
                            require_js_url="static/require.js",
                            widget_renderer_url="static/embed-amd.js")
    available = [lesson for lesson, _ in pages]
    for n, (lesson, nb) in enumerate(pages):
        body, _ = exporter.from_notebook_node(nb, resources={"bsld_nav": nav_html(available, n)})
        (site / page_name(lesson)).write_text(link_lessons(body, ".html"), encoding="utf-8")
        log(f"wrote {site / page_name(lesson)}")
    index = site / "index.html"
    index.write_text(index_html(), encoding="utf-8")
    return index
