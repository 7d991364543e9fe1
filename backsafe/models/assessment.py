"""The progress dashboard: a pure summary per lesson."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from collections.abc import Iterable

from .prevention_plan import PlanInputs, answered_per_lesson
from .review import ReviewItem


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
