"""A lesson's question bank as JSON and an HTML form, for quizzes in static pages.

In a static page no Python runs, so `static/quiz.js` marks the answers in the
browser from this JSON, mirroring `backsafe.models.grading.grade`. Every text is
converted here with `to_html` (escaped, citations resolved), so the script only
inserts HTML that was escaped in Python.
"""
from __future__ import annotations

import html
import json
from dataclasses import replace

from ..content.markup import to_html
from ..content.quizzes import Question, QuizBank, load_bank
from ..content.references import cite
from ..models.grading import shuffled_options

STATIC_NOTE = ("This page marks your answers in your browser and keeps nothing; to keep "
               "your progress, run the lesson with <code>make lab</code>.")


def _text(text: str) -> str:
    return to_html(text, cite)


def question_json(q: Question) -> dict:
    """One question with everything the browser needs to mark it and explain it."""
    out = {
        "id": q.id, "type": q.type, "prompt": _text(q.prompt),
        "explanation": _text(q.explanation),
        "sources": html.escape("; ".join(cite(key) for key in q.references)),
    }
    if q.type == "numeric":
        out.update(answer=q.answer, tolerance=q.tolerance, unit=q.unit,
                   units_accepted=list(q.units_accepted),
                   feedback={k: _text(v) for k, v in q.feedback})
    else:
        out["options"] = [{"id": o.id, "text": _text(o.text), "correct": o.correct,
                           "feedback": _text(o.feedback)} for o in q.options]
    return out


def bank_json(bank: QuizBank) -> dict:
    return {"lesson": bank.lesson, "questions": [question_json(q) for q in bank.questions]}


def _script_json(data) -> str:
    """JSON that cannot end the <script> element it sits in."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


def _controls(form_id: str, q: Question) -> str:
    name = html.escape(f"{form_id}-{q.id}")
    if q.type == "numeric":
        unit = f" ({html.escape(q.unit)})" if q.unit else ""
        return (f'<label>Answer{unit}: <input type="text" name="{name}" '
                f'placeholder="type a number" autocomplete="off"></label>')
    kind = "checkbox" if q.type == "multiple" else "radio"
    hint = "<p><em>Tick every answer that applies.</em></p>" if kind == "checkbox" else ""
    items = "".join(
        f'<label class="bsld-option"><input type="{kind}" name="{name}" '
        f'value="{html.escape(o.id)}"> {_text(o.text)}</label>'
        for o in shuffled_options(q, None))
    return hint + items


def quiz_html(bank: QuizBank, form_id: str | None = None, first: int = 1) -> str:
    """The quiz as a form plus its bank as JSON; `static/quiz.js` makes it work.
    Questions are numbered from `first`."""
    form_id = form_id or f"bsld-quiz-{bank.lesson}"
    questions = []
    for n, q in enumerate(bank.questions, first):
        questions.append(
            f'<fieldset class="bsld-question" data-question="{html.escape(q.id)}">'
            f"<legend><strong>{n}.</strong> {_text(q.prompt)}</legend>"
            f'<div class="bsld-answer">{_controls(form_id, q)}</div>'
            f'<div class="bsld-feedback" data-feedback-for="{html.escape(q.id)}" '
            f'aria-live="polite"></div></fieldset>')
    fid = html.escape(form_id)
    return (
        f'<form class="bsld-static-quiz" id="{fid}" data-quiz-id="{fid}">'
        + (f"<p>{len(bank.questions)} questions. Choose your answers, then press "
           "<strong>Check my answers</strong>. Every answer gets feedback.</p>"
           if len(bank.questions) > 1 else "")
        + (f'<p class="bsld-static-note">{STATIC_NOTE}</p>' if first == 1 else "")
        + "".join(questions) +
        '<p><button type="submit" class="bsld-check">Check my answers</button> '
        '<button type="button" class="bsld-retry">Try again</button></p>'
        '<div class="bsld-score" aria-live="polite"></div></form>'
        f'<script type="application/json" class="bsld-quiz-data" data-form="{fid}">'
        f"{_script_json(bank_json(bank))}</script>")


def lesson_quiz_html(slug: str, check: int | None = None) -> str:
    """A lesson's quiz, or with `check` only that short check's questions."""
    bank = load_bank(slug)
    if check is None:
        return quiz_html(bank)
    return quiz_html(replace(bank, questions=tuple(q for q in bank.questions
                                                   if q.check == check)),
                     f"bsld-quiz-{slug}-check-{check}")


def question_forms_html(slug: str, check: int | None = None) -> list[str]:
    """The lesson quiz (or one short check) as one small form per question, for
    slides: one question per slide."""
    bank = load_bank(slug)
    questions = [q for q in bank.questions if check is None or q.check == check]
    prefix = f"bsld-quiz-{slug}" + (f"-check-{check}" if check is not None else "")
    return [quiz_html(replace(bank, questions=(q,)), f"{prefix}-{n}", n)
            for n, q in enumerate(questions, 1)]
