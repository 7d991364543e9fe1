"""Spaced review as learners expect (issue 21): the store's summary (migration 4)
leaves out pre/post-test answers, a same-day retry does not advance a question,
today's misses can be practised again, and renamed question ids keep their history."""
import random
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

import backsafe.store as store_module
from backsafe.models.review import (QuestionRecord, follow_id_changes, missed_since, replay,
                                    schedule, start_of_day)
from backsafe.progress import question_records
from backsafe.store import FILENAME, SCHEMA_VERSION, ProgressStore

from .helpers import ROOT
from .helpers import graded as g
from .helpers import table_rows as rows

V3_FILE = ROOT / "tests" / "data" / "progress-v3.sqlite3"     # made by the schema-3 code
KEPT = ("submissions", "attempts", "completions", "answers", "trunk_tests",
        "training_sessions", "lesson_status")
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    """Set the store's clock: clock.now = datetime."""
    state = SimpleNamespace(now=T0)
    monkeypatch.setattr(store_module, "_now", lambda: state.now.isoformat(timespec="seconds"))
    return state


@pytest.fixture
def store(tmp_path, clock):
    return ProgressStore(tmp_path / FILENAME)


def status(store):
    return {(r["lesson"], r["question"]): r for r in store.question_status()}


def test_the_fixture_is_a_version_3_file_with_old_pre_and_post_answers():
    assert ("schema_version", "3") in rows(V3_FILE, "meta")
    kinds = {r[0] for r in sqlite3.connect(V3_FILE).execute("SELECT kind FROM submissions")}
    assert {"pre", "post", "quiz", "review", "final"} <= kinds


def test_a_version_3_file_migrates_keeping_every_row_and_dropping_pre_post_from_review(
        tmp_path):
    path = tmp_path / FILENAME
    shutil.copy(V3_FILE, path)
    before = {t: rows(path, t) for t in KEPT}
    store = ProgressStore(path)
    assert SCHEMA_VERSION == 4 and ("schema_version", "4") in rows(path, "meta")
    assert {t: rows(path, t) for t in KEPT} == before           # every row kept, same ids
    summary = status(store)
    # start-here/emergency-sign was only ever answered in the pre- and post-test
    assert ("start-here", "emergency-sign") not in summary
    # strongest-predictor: pre (wrong), quiz, post: only the quiz answer counts now
    assert summary[("causes-and-form", "strongest-predictor")]["attempts"] == 1
    # a miss and a right retry two minutes later: still at the first step
    ramp = summary[("warm-up", "ramp")]
    assert (ramp["attempts"], ramp["last_correct"], ramp["streak"]) == (2, 1, 0)
    assert ramp["step_at"] == "2026-12-01T10:00:00+00:00"
    item = next(i for i in schedule(question_records(store.question_status()), T0)
                if i.key == "warm-up/ramp")
    assert item.due_at == datetime(2026, 12, 2, 10, tzinfo=timezone.utc)
    # the attempts themselves, pre and post included, are all still there
    assert len(store.quiz_responses()) == len(before["attempts"])


def test_pre_and_post_test_answers_never_enter_review(store):
    store.record_quiz("start-here", [g("pre-post/a1", False), g("anatomy/disc-nerves", False)],
                      {}, kind="pre")
    store.record_quiz("your-plan", [g("pre-post/b1", False)], {}, kind="post")
    assert store.question_status() == [] and store.missed_questions() == []
    assert store.attempt_count() == 3


def test_a_retry_straight_after_the_answer_was_shown_does_not_advance(store, clock):
    store.record_quiz("core", [g("q", False)], {"q": "a"})
    clock.now = T0 + timedelta(minutes=3)
    store.record_quiz("core", [g("q", True)], {"q": "b"})         # "Try again"
    row = status(store)[("core", "q")]
    assert (row["streak"], row["last_correct"], row["step_at"]) == (0, 1, T0.isoformat())
    [item] = schedule(question_records(store.question_status()), T0 + timedelta(days=1))
    assert item.due and item.step == 0
    clock.now = T0 + timedelta(days=1)                            # the spaced review
    store.record_quiz("your-plan", [g("core/q", True)], {"core/q": "b"}, kind="review")
    row = status(store)[("core", "q")]
    assert (row["streak"], row["step_at"]) == (1, clock.now.isoformat())
    clock.now = T0 + timedelta(days=2)                            # a day early for step 1
    store.record_quiz("core", [g("q", True)], {"q": "b"})
    assert status(store)[("core", "q")]["streak"] == 1
    clock.now = T0 + timedelta(days=4) - timedelta(hours=7)       # within 8 h of due
    store.record_quiz("core", [g("q", True)], {"q": "b"})
    assert status(store)[("core", "q")]["streak"] == 2


def test_the_store_and_the_model_agree_on_random_histories(store, clock):
    rng = random.Random(21)
    answers = {}
    at = T0
    for _ in range(300):
        at += timedelta(hours=rng.choice([0.05, 2, 20, 30, 80, 200, 400, 800]))
        clock.now = at
        qid, correct = rng.choice("abcd"), rng.random() < 0.7
        answers.setdefault(qid, []).append((correct, at))
        store.record_quiz("core", [g(qid, correct)], {qid: "x"},
                          kind=rng.choice(["quiz", "review", "final", "check"]))
    stored = {r.question: r for r in question_records(store.question_status())}
    for qid, history in answers.items():
        assert stored[qid] == replay("core", qid, history), qid


def test_todays_misses_for_a_one_day_workshop(store, clock):
    clock.now = T0 - timedelta(days=1)
    store.record_quiz("core", [g("yesterday", False)], {})
    clock.now = T0 + timedelta(hours=1)
    store.record_quiz("core", [g("a", False), g("b", False), g("c", True)], {})
    clock.now = T0 + timedelta(hours=2)
    store.record_quiz("core", [g("b", True)], {})                 # fixed it already
    records = question_records(store.question_status())
    today = missed_since(records, start_of_day(T0 + timedelta(hours=3)))
    assert [r.question for r in today] == ["a"]
    assert start_of_day(T0 + timedelta(hours=3)) == T0.replace(hour=0)
    # today's misses are not due before tomorrow, which is why the round exists
    due = [i.question for i in schedule(records, T0 + timedelta(hours=3)) if i.due]
    assert due == ["yesterday"]


def test_a_renamed_question_keeps_its_history_and_a_retired_one_leaves_review():
    old = QuestionRecord("causes-and-form", "strongest-predictor", 2, False, T0, 0, T0)
    new = QuestionRecord("causes-and-form", "predictor-of-injury", 1, True,
                         T0 + timedelta(days=1), 1, T0 + timedelta(days=1))
    gone = QuestionRecord("start-here", "recurrence", 1, False, T0, 0, T0)
    changes = {("causes-and-form", "strongest-predictor"): "predictor-of-injury",
               ("start-here", "recurrence"): None}
    [joined] = follow_id_changes([old, new, gone], changes)
    assert (joined.question, joined.attempts, joined.streak, joined.last_at) == \
        ("predictor-of-injury", 3, 1, new.last_at)
    [item] = schedule([joined], T0 + timedelta(days=10))
    assert item.step == 1 and item.due                           # missed once: still in review
    [only_old] = follow_id_changes([old], changes)
    assert only_old.question == "predictor-of-injury" and only_old.attempts == 2


def test_an_old_progress_file_reviews_under_the_current_ids(tmp_path):
    """The schema-2 file made before issue 21 answered causes-and-form/strongest-
    predictor (now renamed) and anatomy/mri-bulge (now retired)."""
    path = tmp_path / FILENAME
    shutil.copy(ROOT / "tests" / "data" / "progress-v2-old-pre-test.sqlite3", path)
    stored = {(r["lesson"], r["question"]) for r in ProgressStore(path).question_status()}
    assert ("causes-and-form", "strongest-predictor") in stored       # kept as written
    keys = {f"{r.lesson}/{r.question}" for r in
            question_records(ProgressStore(path).question_status())}
    assert "causes-and-form/predictor-of-injury" in keys
    assert "causes-and-form/strongest-predictor" not in keys and "anatomy/mri-bulge" not in keys
