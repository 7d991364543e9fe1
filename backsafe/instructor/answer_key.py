"""The answer key: every question of every available lesson, its correct answer,
the feedback on each option, the explanation and the sources, as one offline page.

Only instructors run this (`python -m backsafe instructor answer-key`); no learner
notebook imports it, and a test keeps it that way.
"""
from __future__ import annotations

import html

from ..content.catalogue import Lesson, lessons
from ..content.markup import cited_keys, to_html
from ..content.quizzes import Question, QuizBank, bank_for
from ..content.references import cite, reference
from ..html_page import html_page

TITLE = "Back-Safe Leg Day: answer key"
CORRECT_ROW = ' class="correct"'
MARKER = "bsld-answer-key"          # the page's class; learner notebooks must never contain it
TYPE_NAMES = {"single": "one answer", "multiple": "several answers",
              "true_false": "true or false", "numeric": "a number"}
CSS = (".correct{font-weight:bold}.verdict{white-space:nowrap}"
       ".question{border-top:1px solid #767676;margin-top:1.2em}"
       ".warning{border:2px solid #111;padding:.5em}")


def lesson_banks() -> list[tuple[Lesson, QuizBank]]:
    """Every available lesson that has a question bank, in course order."""
    pairs = [(item, bank_for(item.slug)) for item in lessons() if item.available]
    return [(item, bank) for item, bank in pairs if bank is not None]


def text(value: str) -> str:
    """Content text as HTML: escaped, with bold, italic and [@key] citations."""
    return to_html(value, cite)


def number(value: float) -> str:
    return format(value, ",g")


def correct_answer_html(q: Question) -> str:
    if q.type == "numeric":
        unit = f" {html.escape(q.unit)}" if q.unit else ""
        low, high = q.answer - q.tolerance, q.answer + q.tolerance
        accepted = (f"exactly {number(q.answer)}" if q.tolerance == 0 else
                    f"{number(low)} to {number(high)} (± {number(q.tolerance)})")
        units = (f"; units accepted: {html.escape(', '.join(q.units_accepted))}"
                 if q.units_accepted else "")
        return (f"<strong>{number(q.answer)}{unit}</strong>. Accepted: {accepted}{unit}"
                f"{units}.")
    right = [o for o in q.options if o.correct]
    return "; ".join(f"<strong>{text(o.text)}</strong>" for o in right)


def feedback_rows(q: Question) -> str:
    if q.type == "numeric":
        low, high = q.answer - q.tolerance, q.answer + q.tolerance
        cases = {"correct": (f"{number(low)} to {number(high)}", "correct"),
                 "too_low": (f"below {number(low)}", "wrong"),
                 "too_high": (f"above {number(high)}", "wrong")}
        return "".join(
            f"<tr><td>{cases[key][0]}</td><td class=\"verdict\">"
            f"{'&#10003; correct' if cases[key][1] == 'correct' else 'wrong'}</td>"
            f"<td>{text(feedback)}</td></tr>" for key, feedback in q.feedback)
    return "".join(
        f"<tr{CORRECT_ROW if o.correct else ''}><td>{text(o.text)}</td>"
        f"<td class=\"verdict\">{'&#10003; correct' if o.correct else 'wrong'}</td>"
        f"<td>{text(o.feedback)}</td></tr>" for o in q.options)


def source_keys(q: Question) -> list[str]:
    """The question's references, then any other key cited in its texts."""
    keys = list(q.references)
    texts = [q.prompt, q.explanation, *(o.text for o in q.options),
             *(o.feedback for o in q.options), *(t for _, t in q.feedback)]
    for key in (k for t in texts for k in cited_keys(t)):
        if key not in keys:
            keys.append(key)
    return keys


def question_html(n: int, q: Question, slug: str) -> str:
    sources = "".join(f"<li>{reference(key).to_html()}</li>" for key in source_keys(q))
    return (
        f'<section class="question" id="{slug}-{q.id}" aria-labelledby="{slug}-{q.id}-h">'
        f'<h3 id="{slug}-{q.id}-h">Question {n} <small>({TYPE_NAMES[q.type]}; id '
        f"{html.escape(q.id)})</small></h3><p>{text(q.prompt)}</p>"
        f"<p>Correct answer: {correct_answer_html(q)}</p>"
        "<table><caption>Feedback the learner sees</caption><thead><tr><th scope=\"col\">"
        "Answer</th><th scope=\"col\">Verdict</th><th scope=\"col\">Feedback</th></tr>"
        f"</thead><tbody>{feedback_rows(q)}</tbody></table>"
        f"<p><strong>Explanation:</strong> {text(q.explanation)}</p>"
        f"<p><strong>Sources:</strong></p><ul>{sources}</ul></section>")


def assessment_sections() -> list[tuple[str, str, list[Question]]]:
    """(anchor slug, heading, questions) for the pre/post-test forms and the final."""
    from ..content.final_assessment import NAMESPACE as FINAL, final_items
    from ..content.pre_post import NAMESPACE as TESTS, pre_post_groups

    groups = pre_post_groups()
    return [(f"{TESTS}-a", "Pre-test (lesson 00): form A", [g.a for g in groups]),
            (f"{TESTS}-b", "Post-test (lesson 07): form B", [g.b for g in groups]),
            (FINAL, "Final assessment (lesson 07)", [i.question for i in final_items()])]


def answer_key_html(banks: list[tuple[Lesson, QuizBank]] | None = None) -> str:
    """The whole key as one standalone HTML page (default: every available lesson,
    then the pre/post-test forms and the final assessment)."""
    extra = assessment_sections() if banks is None else []
    banks = lesson_banks() if banks is None else banks
    toc, parts = [], []
    for item, bank in banks:
        heading = f"Lesson {item.number:02d}: {item.title}"
        toc.append(f'<li><a href="#lesson-{item.slug}">{html.escape(heading)}</a> '
                   f"({len(bank.questions)} questions)</li>")
        questions = "".join(question_html(n, q, item.slug)
                            for n, q in enumerate(bank.questions, 1))
        parts.append(f'<section id="lesson-{item.slug}"><h2>{html.escape(heading)}</h2>'
                     f"{questions}</section>")
    for slug, heading, qs in extra:
        toc.append(f'<li><a href="#{slug}">{html.escape(heading)}</a> ({len(qs)} questions)'
                   "</li>")
        parts.append(f'<section id="{slug}"><h2>{html.escape(heading)}</h2>'
                     + "".join(question_html(n, q, slug) for n, q in enumerate(qs, 1))
                     + "</section>")
    total = sum(len(bank.questions) for _, bank in banks)
    body = (
        f'<main class="{MARKER}"><h1>{html.escape(TITLE)}</h1>'
        '<p class="warning"><strong>For instructors only.</strong> Keep this file out of '
        "the learners' folders: it shows the answer to every quiz question.</p>"
        f"<p>{total} questions from {len(banks)} lessons, in the order the quizzes ask "
        "them (the quizzes shuffle the options)"
        + (", then the pre- and post-test and the final assessment" if extra else "")
        + ".</p>"
        f'<nav aria-label="Contents"><h2>Contents</h2><ol>{"".join(toc)}</ol></nav>'
        f"{''.join(parts)}</main>")
    return html_page(TITLE, body, css=CSS)
