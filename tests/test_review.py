"""The spaced-review scheduler, with the clock passed in."""
from datetime import datetime, timedelta, timezone

import pytest

from backsafe.models import InputError
from backsafe.models.review import (INTERVALS_DAYS, QuestionRecord, due_counts, due_now,
                                  next_review, schedule)

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


def rec(question="q1", attempts=1, streak=0, at=T0, lesson="anatomy"):
    return QuestionRecord(lesson, question, attempts, streak > 0, at, streak)


def test_intervals_are_the_published_ones():
    assert INTERVALS_DAYS == (1, 3, 7, 14, 30)


def test_never_missed_questions_are_not_reviewed():
    assert next_review(rec(attempts=3, streak=3)) is None


@pytest.mark.parametrize("streak, days", [(0, 1), (1, 3), (2, 7), (3, 14), (4, 30)])
def test_each_right_answer_moves_a_missed_question_up_one_step(streak, days):
    step, due = next_review(rec(attempts=streak + 2, streak=streak))
    assert step == streak
    assert due == T0 + timedelta(days=days)


def test_a_miss_sends_it_back_to_one_day():
    assert next_review(rec(attempts=6, streak=0)) == (0, T0 + timedelta(days=1))


def test_right_at_the_thirty_day_step_means_learnt():
    assert next_review(rec(attempts=6, streak=5)) is None


def test_due_now_uses_the_clock_given():
    records = [rec("a"), rec("b", attempts=3, streak=1)]      # due day 1 and day 3
    assert due_now(records, T0 + timedelta(hours=23)) == []
    assert [i.question for i in due_now(records, T0 + timedelta(days=1))] == ["a"]
    assert [i.question for i in due_now(records, T0 + timedelta(days=3))] == ["a", "b"]


def test_schedule_is_soonest_first_and_counts_by_lesson():
    records = [rec("late", attempts=4, streak=2), rec("soon"),
               rec("other", lesson="start-here", attempts=2, streak=1)]
    items = schedule(records, T0 + timedelta(days=2))
    assert [i.question for i in items] == ["soon", "other", "late"]
    assert [i.due for i in items] == [True, False, False]
    assert items[0].key == "anatomy/soon"
    assert due_counts(items) == {"anatomy": (1, 1), "start-here": (0, 1)}


@pytest.mark.parametrize("bad, words", [
    (rec(at=datetime(2026, 11, 1)), "time zone"),
    (rec(attempts=1, streak=2), "cannot both be true"),
    (QuestionRecord("a", "q", 2, False, T0, 1), "last answer was wrong"),
    (QuestionRecord("a", "q", 2, True, T0, 0, datetime(2026, 11, 1)), "time zone"),
])
def test_bad_records_raise_one_sentence(bad, words):
    with pytest.raises(InputError, match=words):
        next_review(bad)


def test_a_naive_clock_is_refused():
    with pytest.raises(InputError, match="time zone"):
        schedule([rec()], datetime(2026, 11, 2))
