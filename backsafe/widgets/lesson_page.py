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
        "</section>")


def reference_list(slug: str) -> HTML:
    """The lesson's references (catalogue list plus quiz), as a numbered list."""
    items = "".join(f'<li id="ref-{ref.key}" title="{html.escape(ref.summary)}">'
                    f"{ref.to_html()}</li>"
                    for ref in lesson_references(slug))
    return HTML(f'<section class="bsld-references" aria-label="References">'
                f"<ol>{items}</ol></section>")
