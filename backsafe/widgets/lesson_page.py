"""Parts of every lesson page rendered from the catalogue: at a glance, references."""
from __future__ import annotations

import html

from IPython.display import HTML

from ..content.catalogue import lesson
from ..content.references import lesson_references


def at_a_glance(slug: str) -> HTML:
    """Minutes, objectives and questions for a lesson, from the catalogue."""
    item = lesson(slug)
    objectives = "".join(f"<li>{html.escape(o)}</li>" for o in item.objectives)
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in item.questions)
    return HTML(
        '<section class="bsld-at-a-glance" aria-label="Lesson at a glance">'
        f"<h2>At a glance</h2><p><strong>Lesson {item.number}</strong> &middot; "
        f"teaching about {item.teaching_minutes} min &middot; practice about "
        f"{item.practice_minutes} min</p>"
        f"<p><strong>By the end you can:</strong></p><ul>{objectives}</ul>"
        f"<p><strong>Questions this lesson answers:</strong></p><ul>{questions}</ul>"
        f"{progress_line(slug)}</section>")


def progress_line(slug: str, store="default", now=None) -> str:
    """The learner's best quiz score in this lesson and its questions due for review
    (one store query), as one paragraph; a plain note when nothing is recorded."""
    from datetime import datetime, timezone

    from ..models import INTERVALS_DAYS
    from ..store import StoreUnavailable, try_open_store

    if store == "default":
        store, _ = try_open_store()
    if store is None:
        return '<p class="bsld-progress-line">Your progress is not being recorded here.</p>'
    try:
        best, best_max, due = store.lesson_header(
            slug, now or datetime.now(timezone.utc), INTERVALS_DAYS)
    except StoreUnavailable:
        return '<p class="bsld-progress-line">Your progress could not be read.</p>'
    score = ("no quiz checked yet" if best is None else
             f"{best:g} out of {best_max} ({best / best_max:.0%})")
    review = f"{due} question{'' if due == 1 else 's'} due for review"
    where = " (review them in lesson 07)" if due else ""
    return (f'<p class="bsld-progress-line"><strong>Your progress:</strong> best quiz '
            f"score {score} &middot; {review}{where}.</p>")


def reference_list(slug: str) -> HTML:
    """The lesson's references (catalogue list plus quiz), as a numbered list."""
    items = "".join(f'<li id="ref-{ref.key}" title="{html.escape(ref.summary)}">'
                    f"{ref.to_html()}</li>"
                    for ref in lesson_references(slug))
    return HTML(f'<section class="bsld-references" aria-label="References">'
                f"<ol>{items}</ol></section>")


def glossary_list(slug: str) -> HTML:
    """The lesson's glossary, one anchored entry per term it uses (glossary.yaml);
    `glossary_link` in the lesson's text points here."""
    from ..content.glossary import glossary_html

    return HTML(glossary_html(slug))


def physical_test_safety(*test_ids: str) -> HTML:
    """How to do the named physical tests safely (all of them if none is named): the
    same text as the instructor guide, from physical_tests.yaml."""
    from ..content.physical_tests import safety_html

    return HTML(safety_html(test_ids or None))


def setup_help() -> HTML:
    """The learners' setup and troubleshooting page (SETUP.md's source), for lesson 00:
    it works in a learner's own copy of the notebooks, where a link to ../SETUP.md
    would not."""
    from ..content.markup import code_spans, to_html
    from ..content.setup_page import setup_page

    def line(value: str) -> str:
        return code_spans(to_html(value))

    page = setup_page()
    steps = "".join(f"<h3>{html.escape(h)}</h3><ul>"
                    + "".join(f"<li>{line(x)}</li>" for x in lines) + "</ul>"
                    for h, lines in page.steps)
    trouble = "".join(f"<dt>{line(p)}</dt><dd>{line(f)}</dd>"
                      for p, f in page.troubleshooting)
    return HTML(f'<section class="bsld-setup-help" aria-label="{html.escape(page.title)}">'
                f"<p>{html.escape(page.intro)}</p>{steps}<h3>Troubleshooting</h3>"
                f"<dl>{trouble}</dl></section>")

