"""Spaced review of missed questions: a pure scheduler with the clock passed in.

A question joins the review once it has been answered wrongly in a lesson quiz,
a short check, a review or the final assessment (never the pre- or post-test).
After a miss it comes back 1 day later; each *spaced* right answer moves it up
one step (3, 7, 14, then 30 days); a miss sends it back to the first step. A
right answer earlier than 8 hours before the step is due (a retry straight after
the answer was shown, say) is practice: it leaves the schedule as it was. A
question answered right at the last step (30 days) has been learnt and leaves
the review. The progress store keeps these counts (store.py, migration 4).

For a one-day workshop, `missed_since` lists today's misses for a round of
practice that same day; that round, too, leaves the schedule alone.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from collections.abc import Iterable, Mapping

from . import INTERVALS_DAYS, InputError
EARLY_GRACE = timedelta(hours=8)    # a right answer this close to the due time counts


@dataclass(frozen=True)
class QuestionRecord:
    """What the progress store knows about one question (plain data)."""
    lesson: str
    question: str
    attempts: int
    last_correct: bool
    last_at: datetime          # time of the last attempt, timezone-aware
    streak: int                # spaced right answers since the last miss
    step_at: datetime | None = None   # when the current step began (default: last_at)

    @property
    def step_start(self) -> datetime:
        return self.last_at if self.step_at is None else self.step_at


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
    if not record.last_correct and record.streak > 0:
        raise InputError(f"Question {record.lesson}/{record.question}: the last answer was "
                         "wrong, so no right answers can follow it.")
    if record.step_at is not None and (not isinstance(record.step_at, datetime)
                                       or record.step_at.tzinfo is None):
        raise InputError(f"The start of the review step of {record.lesson}/"
                         f"{record.question} must be a date and time with a time zone.")


def next_review(record: QuestionRecord) -> tuple[int, datetime] | None:
    """(step, due time) for a question, or None if it is not (or no longer) in review."""
    _check(record)
    if record.attempts == record.streak:           # never missed
        return None
    step = record.streak                             # 0 right since the last miss -> 1 day
    if step >= len(INTERVALS_DAYS):                  # right at the 30-day step: learnt
        return None
    return step, record.step_start + timedelta(days=INTERVALS_DAYS[step])


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


def missed_since(records: Iterable[QuestionRecord], since: datetime) -> list[QuestionRecord]:
    """Questions whose last answer was wrong and given at or after `since` (e.g. the
    start of today): a same-day practice round for a one-day workshop."""
    if not isinstance(since, datetime) or since.tzinfo is None:
        raise InputError("The start of the day needs a date and time with a time zone.")
    found = [r for r in records if not r.last_correct and r.last_at >= since]
    return sorted(found, key=lambda r: (r.last_at, r.lesson, r.question))


def replay(lesson: str, question: str,
           answers: Iterable[tuple[bool, datetime]]) -> QuestionRecord | None:
    """The record the progress store keeps for a question after these answers
    (right or not, time), oldest first; None for no answers. The store's trigger
    (migration 4) does the same in SQL; a test keeps the two equal."""
    record = None
    for correct, at in answers:
        if record is None:
            record = QuestionRecord(lesson, question, 1, bool(correct), at, int(bool(correct)),
                                    at)
            continue
        never_missed = record.attempts == record.streak
        due = record.step_start + timedelta(days=INTERVALS_DAYS[min(record.streak,
                                                                    len(INTERVALS_DAYS) - 1)])
        advance = not correct or never_missed or at >= due - EARLY_GRACE
        streak = 0 if not correct else record.streak + 1 if advance else record.streak
        record = replace(record, attempts=record.attempts + 1, last_correct=bool(correct),
                         last_at=at, streak=streak,
                         step_at=at if advance else record.step_start)
    return record


def follow_id_changes(records: Iterable[QuestionRecord],
                      changes: Mapping[tuple[str, str], str | None]) -> list[QuestionRecord]:
    """Records under each question's current id: `changes` maps (lesson, old id) to
    the new id, or to None for a retired question (left out: never asked again).

    When a question has history under its old and its new id, the two are joined:
    the later record gives the last answer, the review step and its start; the
    attempts add up, and right answers given only under the new id continue the
    run of the old one.
    """
    merged: dict[tuple[str, str], QuestionRecord] = {}
    for record in records:
        key = (record.lesson, record.question)
        if key in changes:
            if changes[key] is None:
                continue
            record = replace(record, question=changes[key])
            key = (record.lesson, record.question)
        other = merged.get(key)
        merged[key] = record if other is None else _join(other, record)
    return list(merged.values())


def _join(a: QuestionRecord, b: QuestionRecord) -> QuestionRecord:
    early, late = sorted((a, b), key=lambda r: r.last_at)
    streak = late.streak
    if late.attempts == late.streak:              # never missed under this id
        streak += early.streak
    return replace(late, attempts=early.attempts + late.attempts, streak=streak)


def start_of_day(now: datetime) -> datetime:
    """Midnight of `now`'s own day, in `now`'s time zone."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


review_schedule = schedule          # the public name in `backsafe`
