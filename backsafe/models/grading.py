"""Grading quiz responses. Pure: no widgets, no storage."""
from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from typing import Any
from collections.abc import Iterable, Mapping

from ..content.quizzes import Option, Question, QuizBank

# Matched against stripped text, so no pattern here can backtrack over spaces.
_NUMBER = re.compile(r"([-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)", re.S)
# An option such as "4 to 6", "3,400 N" or "About 1.4 times": a number first, perhaps
# after "about" or "by about".
LEADING_NUMBER = re.compile(r"^\s*(?:(?:by\s+)?about\s+)?([-+]?\d+(?:[.,]\d+)*)", re.I)
_INFINITE = re.compile(r"[-+]?(inf|infinity)", re.I)
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-"})
MAX_ANSWER_CHARS = 200
"""A typed answer longer than this is refused (a number and a unit are short)."""
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$")


@dataclass(frozen=True)
class Grade:
    question_id: str
    answered: bool
    correct: bool
    score: float                 # 0..1; partial credit for multiple select
    feedback: tuple[str, ...]    # one line per chosen option (or outcome)
    explanation: str
    message: str | None = None   # a problem with the response itself


@dataclass(frozen=True)
class QuizResult:
    grades: tuple[Grade, ...]

    @property
    def score(self) -> float:
        return sum(g.score for g in self.grades)

    @property
    def max_score(self) -> int:
        return len(self.grades)

    @property
    def answered(self) -> int:
        return sum(g.answered for g in self.grades)


def _unanswered(q: Question, message: str) -> Grade:
    return Grade(q.id, False, False, 0.0, (), q.explanation, message)


def _option(q: Question, option_id: str) -> Option:
    for opt in q.options:
        if opt.id == option_id:
            return opt
    raise ValueError(f"Question '{q.id}' has no option '{option_id}'.")


def _norm_unit(text: str) -> str:
    return re.sub(r"[\s·⋅*.\-]", "", text).lower()


class _TooLarge(ValueError):
    """A number too large to be an answer (inf, 1e309)."""


def parse_number(text: str) -> tuple[float, str] | None:
    """Split '1,373.5 N' into (1373.5, 'N'); a lone comma is a decimal comma.

    Returns None for text that does not start with a number. Linear in the
    length of the text. Raises _TooLarge for infinite values.
    """
    text = text.strip().translate(_MINUS_SIGNS)
    if _INFINITE.fullmatch(text):
        raise _TooLarge(text)
    match = _NUMBER.match(text)
    if not match:
        return None
    number, unit = match.groups()
    if _THOUSANDS.match(number):
        number = number.replace(",", "")
    elif number.count(",") == 1 and "." not in number:
        number = number.replace(",", ".")
    try:
        value = float(number)
    except ValueError:
        return None
    if not math.isfinite(value):
        raise _TooLarge(text)
    return value, unit


def preview(text: str, limit: int = 40) -> str:
    """The start of what a learner typed, short enough to echo back."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _grade_numeric(q: Question, response: Any) -> Grade:
    if response is None or (isinstance(response, str) and not response.strip()):
        return _unanswered(q, "No answer given yet.")
    unit = q.unit or "the unit asked for"
    if isinstance(response, str) and len(response) > MAX_ANSWER_CHARS:
        return _unanswered(q, f"That answer is {len(response):,} characters long; type just "
                              f"a number and its unit, such as 12.5 (in {unit}).")
    try:
        if isinstance(response, (int, float)) and not isinstance(response, bool):
            if not math.isfinite(response):
                raise _TooLarge(str(response))
            parsed = (float(response), "")
        else:
            parsed = parse_number(str(response))
    except _TooLarge:
        return _unanswered(q, f"'{preview(response)}' is too large to be an answer: type a "
                              f"number such as 12.5 (in {unit}).")
    if parsed is None:
        return _unanswered(q, f"'{preview(response)}' is not a number: type a number such "
                              f"as 12.5 (in {unit}).")
    value, written_unit = parsed
    if written_unit:
        allowed = {_norm_unit(u) for u in (q.unit or "",) + q.units_accepted if u}
        if _norm_unit(written_unit) not in allowed:
            return Grade(q.id, True, False, 0.0, (), q.explanation,
                         f"The answer should be in {unit}, not '{preview(written_unit)}'.")
    # A hair of slack so that a value exactly on the boundary counts as inside.
    slack = q.tolerance + 1e-9 * max(1.0, abs(q.answer))
    if abs(value - q.answer) <= slack:
        outcome = "correct"
    else:
        outcome = "too_low" if value < q.answer else "too_high"
    ok = outcome == "correct"
    return Grade(q.id, True, ok, float(ok), (q.feedback_for(outcome),), q.explanation)


def _grade_choice(q: Question, chosen: Iterable[str]) -> Grade:
    chosen = list(dict.fromkeys(chosen))
    if not chosen:
        return _unanswered(q, "No answer given yet.")
    picked = [_option(q, oid) for oid in chosen]
    if q.type != "multiple":
        opt = picked[0]
        return Grade(q.id, True, opt.correct, float(opt.correct), (opt.feedback,),
                     q.explanation)
    n_correct = sum(o.correct for o in q.options)
    hits = sum(o.correct for o in picked)
    false_alarms = len(picked) - hits
    score = max(0.0, (hits - false_alarms) / n_correct)
    lines = [("✓ " if o.correct else "✗ ") + f"{o.text}: {o.feedback}" for o in picked]
    lines += [f"Missed: {o.text}: {o.feedback}"
              for o in q.options if o.correct and o.id not in chosen]
    return Grade(q.id, True, score == 1.0, score, tuple(lines), q.explanation)


def grade(question: Question, response: Any) -> Grade:
    """Grade one response.

    single: an option id; multiple: an iterable of option ids; true_false:
    True/False (or 'true'/'false'); numeric: a number or text like '35 N·m'.
    None (or an empty selection) means not answered.
    """
    if question.type == "numeric":
        return _grade_numeric(question, response)
    if response is None:
        return _grade_choice(question, [])
    if question.type == "true_false" and isinstance(response, bool):
        response = "true" if response else "false"
    if question.type == "multiple":
        if isinstance(response, str):
            response = [response]
        return _grade_choice(question, response)
    return _grade_choice(question, [response])


def score_quiz(bank: QuizBank, responses: Mapping[str, Any]) -> QuizResult:
    """Grade every question of a bank; a missing response is unanswered."""
    return QuizResult(tuple(grade(q, responses.get(q.id)) for q in bank.questions))


def leading_number(text: str) -> float | None:
    """The number an option starts with ("About 1.4 times" -> 1.4, "3,400 N" -> 3400;
    a comma that does not group thousands is a decimal comma: "1,5" -> 1.5), or None."""
    found = LEADING_NUMBER.match(text)
    if found is None:
        return None
    digits = found.group(1)
    digits = (digits.replace(",", "") if _THOUSANDS.match(digits)
              else digits.replace(",", "."))
    try:
        return float(digits)
    except ValueError:                   # "1.2.3": not one number
        return None


def starts_with_numbers(options) -> bool:
    """True when every option begins with a number (a numeric choice)."""
    return all(leading_number(o.text) is not None for o in options)


def shuffled_options(question: Question, seed: int | str | None) -> tuple[Option, ...]:
    """Options in a reproducible shuffled order: the same for a question and a
    seed every time (seed None is a seed too), so an author's habit of writing
    the right answer first never shows. True/false keeps True before False, and
    options that all start with a number keep their (ascending) order.
    """
    if question.type == "true_false" or starts_with_numbers(question.options):
        return question.options
    options = list(question.options)
    random.Random(f"{seed}:{question.id}").shuffle(options)
    return tuple(options)
