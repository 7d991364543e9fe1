"""The answer key: every question of every available lesson, its correct answer,
the feedback on each option, the explanation and the sources, as one offline page.

Only instructors run this (`python -m backsafe instructor answer-key`); no learner
notebook imports it, and a test keeps it that way.
"""
from __future__ import annotations

from html import escape

from ..content.catalogue import Lesson, lessons
from ..content.markup import cited_keys, to_html
from ..content.quizzes import Question, QuizBank, bank_for
from ..content.references import cite, reference
from ..html_page import BASE_CSS
from ..render import html, render

TITLE = "Back-Safe Leg Day: answer key"
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


def correct_answer_html(q: Question):
    if q.type == "numeric":
        unit = f" {q.unit}" if q.unit else ""
        low, high = q.answer - q.tolerance, q.answer + q.tolerance
        accepted = (f"exactly {number(q.answer)}" if q.tolerance == 0 else
                    f"{number(low)} to {number(high)} (± {number(q.tolerance)})")
        units = f"; units accepted: {', '.join(q.units_accepted)}" if q.units_accepted else ""
        return html(f"<strong>{escape(number(q.answer) + unit)}</strong>. Accepted: "
                    f"{escape(accepted + unit + units)}.")
    return html("; ".join(f"<strong>{text(o.text)}</strong>" for o in q.options if o.correct))


def feedback_rows(q: Question) -> list[dict]:
    """One row per answer the quiz tells apart: what was answered, whether it is
    right, and the feedback (HTML)."""
    if q.type == "numeric":
        low, high = q.answer - q.tolerance, q.answer + q.tolerance
        cases = {"correct": f"{number(low)} to {number(high)}", "too_low": f"below {number(low)}",
                 "too_high": f"above {number(high)}"}
        return [{"answer": cases[key], "correct": key == "correct",
                 "feedback": html(text(feedback))} for key, feedback in q.feedback]
    return [{"answer": html(text(o.text)), "correct": o.correct,
             "feedback": html(text(o.feedback))} for o in q.options]


def source_keys(q: Question) -> list[str]:
    """The question's references, then any other key cited in its texts."""
    keys = list(q.references)
    texts = [q.prompt, q.explanation, *(o.text for o in q.options),
             *(o.feedback for o in q.options), *(t for _, t in q.feedback)]
    for key in (k for t in texts for k in cited_keys(t)):
        if key not in keys:
            keys.append(key)
    return keys


def question_view(q: Question) -> dict:
    """What the template shows of one question."""
    return {"id": q.id, "kind": TYPE_NAMES[q.type], "prompt": html(text(q.prompt)),
            "answer": correct_answer_html(q), "rows": feedback_rows(q),
            "explanation": html(text(q.explanation)),
            "sources": [html(reference(key).to_html()) for key in source_keys(q)]}


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
    views = [{"slug": item.slug, "heading": f"Lesson {item.number:02d}: {item.title}",
              "questions": [question_view(q) for q in bank.questions]}
             for item, bank in banks]
    views += [{"slug": slug, "heading": heading,
               "questions": [question_view(q) for q in qs]} for slug, heading, qs in extra]
    return render("answer_key.html.j2", title=TITLE, css=html(BASE_CSS + CSS),
                  marker=MARKER, lessons=views, lesson_count=len(banks),
                  tests_and_final=bool(extra),
                  total=sum(len(bank.questions) for _, bank in banks))
