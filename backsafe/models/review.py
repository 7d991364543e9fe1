"""Spaced review of missed questions: a pure scheduler with the clock passed in.

A question joins the review once it has been answered wrongly. After a miss it
comes back 1 day later; each right answer in a row moves it up one step (3, 7,
14, then 30 days); a miss sends it back to the first step. A question answered
right at the last step (30 days) has been learnt and leaves the review.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from . import InputError

INTERVALS_DAYS: tuple[int, ...] = (1, 3, 7, 14, 30)


@dataclass(frozen=True)
class QuestionRecord:
    """What the progress store knows about one question (plain data)."""
    lesson: str
    question: str
    attempts: int
    last_correct: bool
    last_at: datetime          # time of the last attempt, timezone-aware
    streak: int                # right answers in a row, ending with the last attempt


@dataclass(frozen=True)
class ReviewItem:
    lesson: str
    question: str
    step: int                  # 0-based index into INTERVALS_DAYS
    due_at: datetime
    due: bool                  # due at `now`

    @property
    def key(self) -> str:
        """The id a mixed quiz uses: 'lesson/question'."""
        return f"{self.lesson}/{self.question}"


def _check(record: QuestionRecord) -> None:
    if not isinstance(record.last_at, datetime) or record.last_at.tzinfo is None:
        raise InputError(f"The time of the last attempt at {record.lesson}/"
                         f"{record.question} must be a date and time with a time zone.")
    if record.attempts < 1 or record.streak < 0 or record.streak > record.attempts:
        raise InputError(f"Question {record.lesson}/{record.question} has {record.attempts} "
                         f"attempts and a run of {record.streak} right answers, which "
                         "cannot both be true.")
    if bool(record.last_correct) != (record.streak > 0):
        raise InputError(f"Question {record.lesson}/{record.question}: the last answer and "
                         "the run of right answers disagree.")


def next_review(record: QuestionRecord) -> tuple[int, datetime] | None:
    """(step, due time) for a question, or None if it is not (or no longer) in review."""
    _check(record)
    if record.attempts == record.streak:           # never missed
        return None
    step = record.streak                             # 0 right since the last miss -> 1 day
    if step >= len(INTERVALS_DAYS):                  # right at the 30-day step: learnt
        return None
    return step, record.last_at + timedelta(days=INTERVALS_DAYS[step])


def schedule(records: Iterable[QuestionRecord], now: datetime) -> list[ReviewItem]:
    """Every question in review, soonest first (ties by lesson and question)."""
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise InputError("The review clock needs a date and time with a time zone.")
    items = []
    for record in records:
        found = next_review(record)
        if found is not None:
            step, due_at = found
            items.append(ReviewItem(record.lesson, record.question, step, due_at,
                                    due_at <= now))
    return sorted(items, key=lambda i: (i.due_at, i.lesson, i.question))


def due_now(records: Iterable[QuestionRecord], now: datetime) -> list[ReviewItem]:
    """The questions to review now, the longest overdue first."""
    return [item for item in schedule(records, now) if item.due]


def due_counts(items: Iterable[ReviewItem]) -> dict[str, tuple[int, int]]:
    """Per lesson: (due now, scheduled later)."""
    counts: dict[str, list[int]] = {}
    for item in items:
        c = counts.setdefault(item.lesson, [0, 0])
        c[0 if item.due else 1] += 1
    return {lesson: (c[0], c[1]) for lesson, c in counts.items()}


review_schedule = schedule          # the public name in `backsafe`
