"""The final assessment and the progress dashboard: pure selection and summary."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

from . import InputError
from .prevention_plan import PlanInputs, answered_per_lesson
from .review import ReviewItem

_WORD = re.compile(r"[a-z]{4,}")
_COMMON = {"what", "which", "when", "with", "your", "that", "this", "from", "their", "they",
           "does", "have", "more", "most", "than", "about", "into", "each", "them"}


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in _WORD.findall(text.lower())} - _COMMON


@dataclass(frozen=True)
class Pick:
    lesson: str
    question: str
    objective: str

    @property
    def key(self) -> str:
        return f"{self.lesson}/{self.question}"


def pick_final(objectives: Mapping[str, Iterable[str]],
               questions: Mapping[str, Iterable[tuple[str, str]]],
               per_lesson: int = 3) -> list[Pick]:
    """One question per objective (at most `per_lesson` per lesson), lessons in order.

    `objectives` maps a lesson to its objectives; `questions` maps a lesson to
    (question id, text) pairs, the text being what the question asks and teaches.
    Each objective takes the unused question whose words overlap it most (ties:
    the earlier question in the bank). Lessons without questions are skipped.
    """
    if per_lesson < 1:
        raise InputError("The final assessment needs at least one question per lesson.")
    picks = []
    for lesson, goals in objectives.items():
        pool = list(questions.get(lesson, ()))
        used: set[str] = set()
        for goal in list(goals)[:per_lesson]:
            free = [(qid, text) for qid, text in pool if qid not in used]
            if not free:
                break
            target = _words(goal)
            best = max(free, key=lambda p: (len(target & _words(p[1])),
                                            -pool.index(p)))
            used.add(best[0])
            picks.append(Pick(lesson, best[0], goal))
    return picks


@dataclass(frozen=True)
class LessonRow:
    slug: str
    number: int
    title: str
    status: str                       # not written yet | not started | started | completed
    best: tuple[float, int] | None
    last_activity: datetime | None
    due: int
    later: int
    unfinished: tuple[int, int] | None = None   # (answered, in the quiz) before a full try

    @property
    def best_share(self) -> float | None:
        return None if not self.best or not self.best[1] else self.best[0] / self.best[1]


def dashboard_rows(inputs: PlanInputs, review: Iterable[ReviewItem]) -> list[LessonRow]:
    """One row per catalogue lesson: status, best score, last activity, reviews due."""
    last: dict[str, datetime] = {}
    for q in inputs.questions:
        if q.lesson not in last or q.last_at > last[q.lesson]:
            last[q.lesson] = q.last_at
    answered = answered_per_lesson(inputs.questions)
    due: dict[str, list[int]] = {}
    for item in review:
        c = due.setdefault(item.lesson, [0, 0])
        c[0 if item.due else 1] += 1
    rows = []
    for lesson in inputs.lessons:
        best = inputs.best_scores.get(lesson.slug)
        if not lesson.available:
            status = "not written yet"
        elif lesson.slug in inputs.completed:
            status = "completed"
        elif best is not None or lesson.slug in last:
            status = "started"
        else:
            status = "not started"
        d, later = due.get(lesson.slug, (0, 0))
        unfinished = None
        if best and answered.get(lesson.slug, 0) < best[1]:
            # A partly answered check is not a score of the whole quiz.
            unfinished, best = (answered.get(lesson.slug, 0), best[1]), None
        rows.append(LessonRow(lesson.slug, lesson.number, lesson.title, status,
                              tuple(best) if best else None, last.get(lesson.slug), d, later,
                              unfinished))
    return rows
