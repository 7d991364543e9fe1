"""Schema 3: predictions are kept but never scored or reviewed; the lesson header query."""
import shutil
import time
from datetime import datetime, timedelta, timezone

import pytest

from backsafe.models.review import INTERVALS_DAYS, QuestionRecord, schedule
from backsafe.store import FILENAME, SCHEMA_VERSION, ProgressStore

from .helpers import ROOT
from .test_store_schema import g, rows

V2_FILE = ROOT / "tests" / "data" / "progress-v2.sqlite3"   # made by the schema-2 code
TABLES = ("submissions", "attempts", "completions", "answers", "trunk_tests",
          "training_sessions", "question_status", "lesson_status", "meta")


def test_the_fixture_is_a_version_2_file_with_rows_in_every_table():
    assert ("schema_version", "2") in rows(V2_FILE, "meta")
    assert all(rows(V2_FILE, t) for t in TABLES)


def test_a_version_2_file_migrates_to_3_keeping_every_row(tmp_path):
    path = tmp_path / FILENAME
    shutil.copy(V2_FILE, path)
    before = {t: rows(path, t) for t in TABLES if t != "meta"}
    store = ProgressStore(path)
    assert SCHEMA_VERSION >= 3 and ("schema_version", str(SCHEMA_VERSION)) in rows(path,
                                                                                    "meta")
    summary = "question_status"          # rebuilt by migration 4 (tests/test_review_store.py)
    assert {t: rows(path, t) for t in before if t != summary} == \
        {t: v for t, v in before.items() if t != summary}
    before[summary] = rows(path, summary)
    # old rows still mean what they meant, and a new prediction is not reviewed
    assert store.best_scores() == {"anatomy": (2.0, 2)}
    store.record_quiz("anatomy", [g("predict-lumbar", False)], {"predict-lumbar": "x"},
                      kind="predict")
    assert rows(path, "question_status") == before["question_status"]


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / FILENAME)


def test_a_prediction_is_kept_but_counts_nowhere(store):
    store.record_quiz("causes-and-form", [g("lean-doubles", False)], {"lean-doubles": "a"},
                      kind="predict")
    assert store.attempt_count() == 1                       # kept for the learner
    assert store.question_status() == [] and store.missed_questions() == []
    assert store.best_scores() == {} and store.completed_lessons() == []
    assert store.quiz_responses() == []                     # never in a result file
    now = datetime.now(timezone.utc) + timedelta(days=2)
    assert store.lesson_header("causes-and-form", now, INTERVALS_DAYS) == (None, 0, 0)


def test_a_short_check_feeds_the_review_but_not_the_best_score(store):
    store.record_quiz("core", [g("weak-core", False), g("plank", True)],
                      {"weak-core": True, "plank": "x"}, kind="check")
    assert store.best_scores() == {}
    assert store.missed_questions("core") == [("core", "weak-core")]
    assert [r["kind"] for r in store.quiz_responses()] == ["check", "check"]


def test_the_header_matches_the_review_schedule(store, tmp_path):
    store.record_quiz("core", [g("a", False), g("b", True), g("c", False)],
                      {"a": 1, "b": 1, "c": 1}, complete=True)
    store.record_quiz("core", [g("c", True)], {"c": 1}, kind="review")
    store.record_quiz("anatomy", [g("z", False)], {"z": 1})
    records = [QuestionRecord(r["lesson"], r["question"], r["attempts"],
                              bool(r["last_correct"]), datetime.fromisoformat(r["last_at"]),
                              r["streak"], datetime.fromisoformat(r["step_at"]))
               for r in store.question_status()]
    for days in (0, 1.01, 3.01, 40):
        now = datetime.now(timezone.utc) + timedelta(days=days)
        due = sum(1 for i in schedule(records, now) if i.due and i.lesson == "core")
        best, best_max, header_due = store.lesson_header("core", now, INTERVALS_DAYS)
        assert (best, best_max) == (1.0, 3)
        assert header_due == due, days
    # a day later 'a' and 'c' are due: 'c' was answered right straight after its
    # miss, which is practice and does not move it up a step (schema 4)
    later = datetime.now(timezone.utc)
    assert store.lesson_header("core", later + timedelta(days=1.01), INTERVALS_DAYS)[2] == 2
    assert store.lesson_header("core", later + timedelta(days=3.01), INTERVALS_DAYS)[2] == 2


def test_the_header_query_is_under_5_ms_at_100000_answers(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench import fill_store
    finally:
        sys.path.pop(0)
    path = tmp_path / FILENAME
    fill_store(path, 100_000)
    store = ProgressStore(path)
    assert store.attempt_count() == 100_000
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    best, _, due = store.lesson_header("core", now, INTERVALS_DAYS)
    assert best is not None and due > 0                     # it really counted something
    times = []
    for _ in range(7):
        start = time.perf_counter()
        store.lesson_header("core", now, INTERVALS_DAYS)
        times.append(time.perf_counter() - start)
    assert min(times) < 0.005, f"lesson header: {min(times) * 1000:.2f} ms"
